/* SPDX-License-Identifier: MIT */
/* The admin commands' way in through libudev (disk-udev.h): an argument resolved to a block
 * device, libudev's properties for disk_read_sysfs(), and "change" uevents.  No I/O to
 * the disk. */
#include "disk-udev.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "disk-event.h"
#include "fileio.h"
#include "macro.h"
#include "udev-util.h"


int disk_device_from_arg(struct udev *udev, const char *arg, struct udev_device **ret) {
        struct udev_device *dev = NULL;

        if (strncmp(arg, "/sys/", 5) == 0)
                dev = udev_device_new_from_syspath(udev, arg);
        else if (strncmp(arg, "/devices/", 9) == 0) {
                char path[PATH_MAX];
                if ((size_t) snprintf(path, sizeof(path), "/sys%s", arg) >= sizeof(path))
                        return -ENAMETOOLONG;
                dev = udev_device_new_from_syspath(udev, path);
        } else if (strchr(arg, '/')) {
                char resolved[PATH_MAX];
                struct stat st;
                if (!realpath(arg, resolved))
                        return negative_errno();
                if (stat(resolved, &st) == 0 && S_ISBLK(st.st_mode))
                        dev = udev_device_new_from_devnum(udev, 'b', st.st_rdev);
                if (!dev && strncmp(resolved, "/dev/", 5) == 0)
                        dev = udev_device_new_from_subsystem_sysname(udev, "block", path_basename(resolved));
        } else
                dev = udev_device_new_from_subsystem_sysname(udev, "block", arg);

        if (!dev)
                return -ENODEV;
        const char *subsystem = udev_device_get_subsystem(dev);
        if (!subsystem || strcmp(subsystem, "block") != 0) {
                udev_device_unref(dev);
                return -ENOTBLK;
        }
        *ret = dev;
        return 0;
}

/* The admin commands' view of a device: the event's properties when run from udev (as
 * export always did), else udev's database through libudev. */
typedef struct LibudevProperties {
        struct udev_device *dev;
        struct udev_device *disk; /* looked up on first use */
} LibudevProperties;

static const char *libudev_property(void *userdata, DiskPropertyOf of, const char *key) {
        LibudevProperties *p = userdata;
        bool kernel = strcmp(key, "DEVTYPE") == 0 || strcmp(key, "DEVNAME") == 0 || strcmp(key, "MAJOR") == 0 ||
                      strcmp(key, "MINOR") == 0 || strcmp(key, "PARTN") == 0;
        if (kernel)
                return udev_device_get_property_value(p->dev, key);
        if (of == PROPERTY_OF_DISK) {
                /* scsi_id's ID_SERIAL and the disk's signature: udev's record of the disk. */
                if (!p->disk) {
                        const char *devtype = udev_device_get_devtype(p->dev);
                        if (devtype && strcmp(devtype, "partition") == 0)
                                p->disk = udev_device_get_parent_with_subsystem_devtype(p->dev, "block", "disk");
                        if (!p->disk)
                                p->disk = p->dev;
                }
                return udev_device_get_property_value(p->disk, key);
        }
        if (in_udev_event())
                return getenv(key);
        return udev_device_get_property_value(p->dev, key);
}

int disk_read(struct udev_device *dev, DiskInfo *ret) {
        LibudevProperties p = { .dev = dev };
        const char *syspath = udev_device_get_syspath(dev);
        if (!syspath)
                return -ENODEV;
        return disk_read_sysfs(syspath, libudev_property, &p, ret, NULL);
}

int disk_trigger_change(const char *syspath) {
        char path[4096];
        if ((size_t) snprintf(path, sizeof(path), "%s/uevent", syspath) >= sizeof(path))
                return -ENAMETOOLONG;
        FILE *f = fopen(path, "we");
        if (!f)
                return -errno;
        int r = fputs("change\n", f) < 0 ? -EIO : 0;
        if (fclose(f) != 0 && r == 0)
                r = -errno;
        return r;
}
