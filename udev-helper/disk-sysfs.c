/* SPDX-License-Identifier: MIT */
/* The one reader of a DiskInfo from sysfs, behind both the event path (disk-event.h: udev's
 * environment and database files) and the admin commands (disk-udev.h: libudev's
 * properties), so that the two cannot disagree about a disk.  It finds the disk (a
 * partition's parent), asks each transport (disk-transport.h) and takes the filesystem udev's
 * blkid builtin saw.  No I/O to the disk, no libudev: at boot udev runs this once per disk and
 * partition, and libudev's device objects cost more than the work. */
#include "disk-sysfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "disk-transport.h"
#include "fileio.h"
#include "macro.h"
#include "sysfs-read.h"
#include "udev-db.h"

static int devnode_from(const char *devname, const char *sysname, char **ret) {
        char buf[PATH_MAX];
        if (devname && strncmp(devname, "/dev/", 5) == 0)
                return disk_strdup(ret, devname);
        if ((size_t) snprintf(buf, sizeof(buf), "/dev/%s", devname && *devname ? devname : sysname) >= sizeof(buf))
                return -ENAMETOOLONG;
        return disk_strdup(ret, buf);
}

int disk_read_sysfs(const char *syspath, DiskPropertyFn get, void *userdata, DiskInfo *ret, DiskIds *ids) {
        _cleanup_close_ int fd = open(syspath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -ENODEV;
        return disk_read_sysfs_at(fd, syspath, get, userdata, ret, ids);
}

int disk_read_sysfs_at(int fd, const char *syspath, DiskPropertyFn get, void *userdata, DiskInfo *ret, DiskIds *ids) {
        DiskInfo d = {};
        char disk_syspath[PATH_MAX], buf[SYSFS_ATTR_MAX];
        int r;

        _cleanup_close_ int diskfd = -EBADF;
        const char *devtype = get(userdata, PROPERTY_OF_DEVICE, "DEVTYPE");
        bool partition = devtype && strcmp(devtype, "partition") == 0;
        if (ids)
                *ids = (DiskIds) {};
        if (ids) {
                const char *maj = get(userdata, PROPERTY_OF_DEVICE, "MAJOR"),
                           *min = get(userdata, PROPERTY_OF_DEVICE, "MINOR");
                if (maj && min)
                        snprintf(ids->device, sizeof(ids->device), "b%s:%s", maj, min);
                snprintf(ids->device_sysname, sizeof(ids->device_sysname), "%s", path_basename(syspath));
        }
        if (partition) {
                /* The disk is the partition's parent directory. */
                if (sysfs_join(syspath, "..", disk_syspath, sizeof(disk_syspath)) < 0)
                        return -ENODEV;
                diskfd = open(disk_syspath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (diskfd < 0)
                        return -ENODEV;
                const char *num = sysfs_read_attr(fd, "partition", buf, sizeof(buf));
                if (!num)
                        num = get(userdata, PROPERTY_OF_DEVICE, "PARTN");
                d.partition = num ? (unsigned) strtoul(num, NULL, 10) : 0;
                if (!d.partition)
                        return -ENODEV;
                if (devnode_from(get(userdata, PROPERTY_OF_DEVICE, "DEVNAME"), path_basename(syspath),
                                 &d.partition_devnode) < 0 ||
                    disk_strdup(&d.partition_syspath, syspath) < 0)
                        goto oom;
                /* The disk's own node and id: its uevent file. */
                UdevDb uevent;
                udev_db_load_uevent(&uevent, diskfd);
                r = devnode_from(udev_db_get(&uevent, "DEVNAME"), path_basename(disk_syspath), &d.devnode);
                if (ids) {
                        const char *maj = udev_db_get(&uevent, "MAJOR"), *min = udev_db_get(&uevent, "MINOR");
                        if (maj && min)
                                snprintf(ids->disk, sizeof(ids->disk), "b%s:%s", maj, min);
                }
                udev_db_done(&uevent);
                if (r < 0)
                        goto oom;
        } else {
                if ((size_t) snprintf(disk_syspath, sizeof(disk_syspath), "%s", syspath) >= sizeof(disk_syspath))
                        return -ENAMETOOLONG;
                if (devnode_from(get(userdata, PROPERTY_OF_DEVICE, "DEVNAME"), path_basename(syspath), &d.devnode) < 0)
                        goto oom;
                if (ids)
                        memcpy(ids->disk, ids->device, sizeof(ids->disk));
        }
        int dfd = partition ? diskfd : fd;
        if (disk_strdup(&d.sysname, path_basename(disk_syspath)) < 0 || disk_strdup(&d.syspath, disk_syspath) < 0)
                goto oom;

        const char *size = sysfs_read_attr(dfd, "size", buf, sizeof(buf));
        if (size)
                d.size_bytes = strtoull(size, NULL, 10) * 512ULL;

        char first_path[PATH_MAX], scsi[PATH_MAX];
        r = multipath_read(dfd, get, userdata, !partition, &d, first_path, sizeof(first_path));
        if (r < 0)
                goto fail;
        /* A map's vendor, model, address and session are those of its first path. */
        if (scsi_parent(first_path[0] ? first_path : disk_syspath, scsi, sizeof(scsi))) {
                scsi_read(scsi, get, userdata, &d);
                r = iscsi_read_target(scsi, &d);
                if (r < 0)
                        goto fail;
                hyperv_read(scsi, &d);
        } else if (nvme_disk(disk_syspath)) {
                r = nvme_read(dfd, disk_syspath, &d);
                if (r < 0)
                        goto fail;
        } else if (virtio_blk_disk(disk_syspath))
                virtio_read(dfd, get, userdata, &d);
        disk_trim_copy(d.vendor, d.vendor_raw, sizeof(d.vendor));
        disk_trim_copy(d.model, d.model_raw, sizeof(d.model));

        const char *t = get(userdata, PROPERTY_OF_DEVICE, "ID_FS_TYPE"),
                   *l = get(userdata, PROPERTY_OF_DEVICE, "ID_FS_LABEL"),
                   *u = get(userdata, PROPERTY_OF_DEVICE, "ID_FS_USAGE");
        if (disk_strdup(&d.fs_type, t && *t ? t : NULL) < 0 || disk_strdup(&d.fs_label, l && *l ? l : NULL) < 0 ||
            disk_strdup(&d.fs_usage, u && *u ? u : NULL) < 0)
                goto oom;
        d.fs_known = true;

        *ret = d;
        return 0;
oom:
        r = -ENOMEM;
fail:
        disk_info_done(&d);
        return r;
}
