/* SPDX-License-Identifier: MIT */
/* DiskInfo from sysfs and udev: the kernel's cached VPD pages, the SCSI address, the iSCSI
 * session, and the filesystem udev's blkid builtin saw.  No I/O to the disk. */
#include "disk-udev.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "fileio.h"
#include "macro.h"
#include "udev-util.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(DIR *, closedir)

/* The kernel's VPD pages are small; a bigger attribute is not one we understand. */
#define VPD_READ_MAX 4096

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
                        dev = udev_device_new_from_subsystem_sysname(udev, "block", strrchr(resolved, '/') + 1);
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

static void read_vpd(const char *dir, const char *attr, uint8_t *buf, size_t *size, bool *present) {
        char path[PATH_MAX];
        *present = false;
        *size = 0;
        if ((size_t) snprintf(path, sizeof(path), "%s/%s", dir, attr) >= sizeof(path))
                return;
        if (read_file_prefix(path, buf, VPD_READ_MAX, size) == 0)
                *present = true;
}

static bool in_udev_event(void) {
        /* udev runs IMPORT{program} with the event's properties in the environment. */
        return getenv("DEVPATH") && getenv("ACTION");
}

/* Event first (this event's view), then the udev database (the last event's view). */
static const char *event_property(struct udev_device *dev, const char *key) {
        if (in_udev_event())
                return getenv(key);
        return udev_device_get_property_value(dev, key);
}

static int read_iscsi_target(struct udev_device *scsi_dev, DiskInfo *d) {
        struct udev *udev = udev_device_get_udev(scsi_dev);
        for (struct udev_device *p = scsi_dev; p; p = udev_device_get_parent(p)) {
                const char *name = udev_device_get_sysname(p);
                unsigned s;
                char tail;
                if (!name || sscanf(name, "session%u%c", &s, &tail) != 1)
                        continue;
                _cleanup_(udev_device_unrefp) struct udev_device *cls =
                        udev_device_new_from_subsystem_sysname(udev, "iscsi_session", name);
                if (!cls) {
                        char path[PATH_MAX];
                        if ((size_t) snprintf(path, sizeof(path), "%s/iscsi_session/%s", udev_device_get_syspath(p),
                                              name) >= sizeof(path))
                                return -ENAMETOOLONG;
                        cls = udev_device_new_from_syspath(udev, path);
                }
                const char *iqn = cls ? udev_device_get_sysattr_value(cls, "targetname") : NULL;
                if (iqn && *iqn)
                        return disk_strdup(&d->iscsi_target, iqn);
                return 0;
        }
        return 0;
}

/* The map's DM_UUID: sysfs first (what the kernel says now), then the event or database. */
static const char *dm_uuid(struct udev_device *dm, struct udev_device *event_dev) {
        const char *u = udev_device_get_sysattr_value(dm, "dm/uuid");
        if (!u && event_dev)
                u = event_property(event_dev, "DM_UUID");
        if (!u)
                u = udev_device_get_property_value(dm, "DM_UUID");
        return u;
}

static bool is_mpath_uuid(const char *uuid) {
        return uuid && strncmp(uuid, "mpath-", 6) == 0 && uuid[6];
}

/* The sorted first entry of a small sysfs directory (slaves/ or holders/) starting with
 * prefix; 0 and an empty name when there is none. */
static int first_entry(const char *syspath, const char *sub, const char *prefix, char *name, size_t size) {
        char path[PATH_MAX];
        name[0] = '\0';
        if ((size_t) snprintf(path, sizeof(path), "%s/%s", syspath, sub) >= sizeof(path))
                return -ENAMETOOLONG;
        _cleanup_(closedirp) DIR *dir = opendir(path);
        if (!dir)
                return 0;
        unsigned seen = 0;
        for (struct dirent *e; (e = readdir(dir)) && seen < 1024; seen++) {
                if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, strlen(prefix)) != 0)
                        continue;
                if (!name[0] || strcmp(e->d_name, name) < 0)
                        snprintf(name, size, "%s", e->d_name);
        }
        return 0;
}

/* dm-multipath: a path device is marked by 62-multipath.rules (DM_MULTIPATH_DEVICE_PATH,
 * ID_FS_TYPE=mpath_member) and, once the map exists, held by it; the map is dm-N with
 * DM_UUID=mpath-<WWID>.  All of it is sysfs and udev properties: no disk I/O. */
static int read_multipath(struct udev_device *dev, struct udev_device *disk, DiskInfo *d,
                          struct udev_device **ret_first_path) {
        struct udev *udev = udev_device_get_udev(disk);
        char name[256];
        int r;

        *ret_first_path = NULL;
        if (strncmp(d->sysname, "dm-", 3) == 0) {
                const char *uuid = dm_uuid(disk, dev);
                if (!is_mpath_uuid(uuid))
                        return 0;
                d->is_multipath_map = true;
                d->has_serial = scsi_serial_from_id_serial(uuid + 6, &d->serial) == 0;
                r = first_entry(d->syspath, "slaves", "", name, sizeof(name));
                if (r < 0 || !name[0])
                        return r;
                *ret_first_path = udev_device_new_from_subsystem_sysname(udev, "block", name);
                return 0;
        }

        const char *p = event_property(dev, "DM_MULTIPATH_DEVICE_PATH");
        const char *t = event_property(dev, "ID_FS_TYPE");
        if ((p && strcmp(p, "1") == 0) || (t && strcmp(t, "mpath_member") == 0))
                d->multipath_member = true;
        r = first_entry(d->syspath, "holders", "dm-", name, sizeof(name));
        if (r < 0 || !name[0])
                return r;
        _cleanup_(udev_device_unrefp) struct udev_device *dm = udev_device_new_from_subsystem_sysname(udev, "block", name);
        if (dm && is_mpath_uuid(dm_uuid(dm, NULL))) {
                d->multipath_member = true;
                return disk_strdup(&d->multipath_map, name);
        }
        return 0;
}

int disk_read(struct udev_device *dev, DiskReadFlags flags, DiskInfo *ret) {
        _cleanup_(udev_device_unrefp) struct udev_device *first_path = NULL;
        DiskInfo d = {};
        struct udev_device *disk = dev;
        int r;

        const char *devtype = udev_device_get_devtype(dev);
        if (devtype && strcmp(devtype, "partition") == 0) {
                disk = udev_device_get_parent_with_subsystem_devtype(dev, "block", "disk");
                if (!disk)
                        return -ENODEV;
                const char *num = udev_device_get_sysattr_value(dev, "partition");
                if (!num)
                        num = udev_device_get_property_value(dev, "PARTN");
                d.partition = num ? (unsigned) strtoul(num, NULL, 10) : 0;
                if (!d.partition)
                        return -ENODEV;
                if (disk_strdup(&d.partition_devnode, udev_device_get_devnode(dev)) < 0)
                        goto oom;
        }
        if (disk_strdup(&d.sysname, udev_device_get_sysname(disk)) < 0 ||
            disk_strdup(&d.devnode, udev_device_get_devnode(disk)) < 0 ||
            disk_strdup(&d.syspath, udev_device_get_syspath(disk)) < 0)
                goto oom;
        if (!d.devnode) {
                char buf[PATH_MAX];
                snprintf(buf, sizeof(buf), "/dev/%s", d.sysname);
                if (disk_strdup(&d.devnode, buf) < 0)
                        goto oom;
        }

        const char *size = udev_device_get_sysattr_value(disk, "size");
        if (size)
                d.size_bytes = strtoull(size, NULL, 10) * 512ULL;

        r = read_multipath(dev, disk, &d, &first_path);
        if (r < 0)
                goto fail;
        /* A map's vendor, model, address and session are those of its first path. */
        struct udev_device *scsi = udev_device_get_parent_with_subsystem_devtype(first_path ? first_path : disk, "scsi",
                                                                                  "scsi_device");
        if (scsi) {
                const char *hctl = udev_device_get_sysname(scsi);
                unsigned long long lun;
                d.is_scsi = true;
                snprintf(d.hctl, sizeof(d.hctl), "%s", hctl);
                if (sscanf(hctl, "%u:%u:%u:%llu", &d.host, &d.channel, &d.target, &lun) == 4)
                        d.lun = lun;
                const char *v = udev_device_get_sysattr_value(scsi, "vendor");
                const char *m = udev_device_get_sysattr_value(scsi, "model");
                snprintf(d.vendor_raw, sizeof(d.vendor_raw), "%s", v ? v : "");
                snprintf(d.model_raw, sizeof(d.model_raw), "%s", m ? m : "");

                uint8_t pg83[VPD_READ_MAX], pg80[VPD_READ_MAX];
                size_t n83, n80;
                bool has83, has80;
                const char *dir = udev_device_get_syspath(scsi);
                read_vpd(dir, "vpd_pg83", pg83, &n83, &has83);
                read_vpd(dir, "vpd_pg80", pg80, &n80, &has80);
                if (d.is_multipath_map)
                        ; /* keyed by its WWID, read above */
                else if (has83 || has80)
                        d.has_serial = scsi_serial_from_vpd(has83 ? pg83 : NULL, n83, has80 ? pg80 : NULL, n80,
                                                            d.vendor_raw, d.model_raw, &d.serial) == 0;
                else {
                        /* No VPD in sysfs (old kernel, odd HBA): scsi_id's answer in udev is
                         * the next best, and costs no I/O. */
                        const char *id = (flags & DISK_READ_EVENT) && in_udev_event()
                                                 ? getenv("ID_SERIAL")
                                                 : udev_device_get_property_value(disk, "ID_SERIAL");
                        if (id)
                                d.has_serial = scsi_serial_from_id_serial(id, &d.serial) == 0;
                        else
                                d.needs_inquiry = true;
                }
                r = read_iscsi_target(scsi, &d);
                if (r < 0)
                        goto fail;
        }
        disk_trim_copy(d.vendor, d.vendor_raw, sizeof(d.vendor));
        disk_trim_copy(d.model, d.model_raw, sizeof(d.model));

        const char *t = event_property(dev, "ID_FS_TYPE"), *l = event_property(dev, "ID_FS_LABEL"),
                   *u = event_property(dev, "ID_FS_USAGE");
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

