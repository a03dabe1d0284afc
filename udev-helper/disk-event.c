/* SPDX-License-Identifier: MIT */
/* The event path's way in (disk-event.h): the device udev's event names, its properties from
 * udev's environment or, for another device, from udev's files; then the one reader. */
#include "disk-event.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "macro.h"
#include "sysfs-read.h"

bool in_udev_event(void) {
        /* udev runs IMPORT{program} with the event's properties in the environment. */
        return getenv("DEVPATH") && getenv("ACTION");
}

const char *event_properties_get(void *userdata, DiskPropertyOf of, const char *key) {
        EventProperties *p = userdata;
        /* The kernel's own keys describe $DEVPATH's device: from the environment only when
         * that is the device asked about.  udev's properties come from the event as before. */
        static const char *const kernel_keys[] = { "DEVTYPE", "DEVNAME", "MAJOR", "MINOR", "PARTN" };
        bool kernel = false;
        for (size_t i = 0; i < ELEMENTSOF(kernel_keys); i++)
                kernel = kernel || strcmp(key, kernel_keys[i]) == 0;
        if (p->in_event && (p->env_is_device || !kernel))
                return getenv(key);
        unsigned slot = of == PROPERTY_OF_DISK ? 1 : 0;
        if (!p->loaded[0]) {
                udev_db_load_device_at(&p->db[0], p->fd);
                p->loaded[0] = true;
        }
        if (slot == 1) {
                const char *t = udev_db_get(&p->db[0], "DEVTYPE");
                if (!t || strcmp(t, "partition") != 0)
                        slot = 0;
                else if (!p->loaded[1]) {
                        if (sysfs_join(p->syspath, "..", p->disk_syspath, sizeof(p->disk_syspath)) < 0)
                                return NULL;
                        udev_db_load_device(&p->db[1], p->disk_syspath);
                        p->loaded[1] = true;
                }
        }
        return udev_db_get(&p->db[slot], key);
}

void event_properties_done(EventProperties *p) {
        udev_db_done(&p->db[0]);
        udev_db_done(&p->db[1]);
}

/* udev's $DEVPATH names the event's device; an admin's argument may name another (or udev
 * may run the program on a device other than the event's, in a hand-written rule). */
static bool event_names(const char *arg) {
        const char *devpath = getenv("DEVPATH"), *devname = getenv("DEVNAME");
        if (!devpath || devpath[0] != '/' || !getenv("ACTION"))
                return false;
        if (devname && strcmp(arg, devname) == 0)
                return true;
        char sys[PATH_MAX];
        snprintf(sys, sizeof(sys), "/sys%s", devpath);
        return strcmp(arg, devpath) == 0 || strcmp(arg, sys) == 0 ||
               (!strchr(arg, '/') && strcmp(arg, path_basename(devpath)) == 0);
}

int disk_read_event(const char *arg, DiskInfo *ret, DiskIds *ids) {
        char syspath[PATH_MAX];
        int r;
        if (event_names(arg)) {
                char sys[PATH_MAX];
                snprintf(sys, sizeof(sys), "/sys%s", getenv("DEVPATH"));
                r = sysfs_join("/", sys, syspath, sizeof(syspath));
        } else
                r = sysfs_block_syspath(arg, syspath, sizeof(syspath));
        if (r < 0)
                return r;
        /* One open of the device's directory, for udev's records and the reader.  Without
         * one, a device the event does not name has no DEVTYPE: not a block device. */
        bool env_is_device = event_names(arg);
        _cleanup_close_ int fd = open(syspath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return env_is_device ? -ENODEV : -ENOTBLK;
        EventProperties p = {
                .in_event = in_udev_event(), .env_is_device = env_is_device, .syspath = syspath, .fd = fd
        };
        const char *subsystem_ok = NULL;
        if (!p.env_is_device) {
                /* Only block devices: the uevent of a non-block device has no DEVTYPE disk or
                 * partition. */
                subsystem_ok = event_properties_get(&p, PROPERTY_OF_DEVICE, "DEVTYPE");
                if (!subsystem_ok || (strcmp(subsystem_ok, "disk") != 0 && strcmp(subsystem_ok, "partition") != 0)) {
                        event_properties_done(&p);
                        return -ENOTBLK;
                }
        }
        r = disk_read_sysfs_at(fd, syspath, event_properties_get, &p, ret, ids);
        event_properties_done(&p);
        return r;
}
