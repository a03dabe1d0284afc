/* SPDX-License-Identifier: MIT */
#include "disk.h"

#include <blkid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fileio.h"
#include "macro.h"
#include "udev-util.h"
#include "sgio.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(blkid_probe, blkid_free_probe)

/* The kernel's VPD pages are small; a bigger attribute is not one we understand. */
#define VPD_READ_MAX 4096

static int dup_or_null(char **field, const char *value) {
        if (!value) {
                *field = NULL;
                return 0;
        }
        *field = strdup(value);
        return *field ? 0 : -ENOMEM;
}

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

static void trim_copy(char *dst, const char *src, size_t size) {
        while (*src == ' ')
                src++;
        size_t n = strnlen(src, size - 1);
        while (n > 0 && (src[n - 1] == ' ' || src[n - 1] == '\t'))
                n--;
        memcpy(dst, src, n);
        dst[n] = '\0';
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

static int serial_by_sgio(const char *devnode, DiskInfo *d) {
        _cleanup_close_ int fd = open(devnode, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        uint8_t std[96], pg83[255], pg80[255];
        int n = sgio_inquiry(fd, 0, 0, std, sizeof(std), SGIO_TIMEOUT_MS);
        if (n < 36)
                return n < 0 ? n : -EIO;
        memcpy(d->vendor_raw, std + 8, SCSI_VENDOR_LEN);
        memcpy(d->model_raw, std + 16, SCSI_MODEL_LEN);
        int n83 = sgio_inquiry(fd, 1, 0x83, pg83, sizeof(pg83), SGIO_TIMEOUT_MS);
        int n80 = sgio_inquiry(fd, 1, 0x80, pg80, sizeof(pg80), SGIO_TIMEOUT_MS);
        return scsi_serial_from_vpd(n83 > 0 ? pg83 : NULL, n83 > 0 ? (size_t) n83 : 0, n80 > 0 ? pg80 : NULL,
                                    n80 > 0 ? (size_t) n80 : 0, d->vendor_raw, d->model_raw, &d->serial);
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
                        return dup_or_null(&d->iscsi_target, iqn);
                return 0;
        }
        return 0;
}

static int add_partition_signature(DiskInfo *d, const char *sysname, const char *type, const char *usage) {
        struct PartitionSignature *n =
                realloc(d->partition_signatures, (d->n_partition_signatures + 1) * sizeof(*n));
        if (!n)
                return -ENOMEM;
        d->partition_signatures = n;
        struct PartitionSignature *p = &n[d->n_partition_signatures];
        *p = (struct PartitionSignature) {};
        if (dup_or_null(&p->sysname, sysname) < 0 || dup_or_null(&p->fs_type, type) < 0 ||
            dup_or_null(&p->fs_usage, usage) < 0) {
                free(p->sysname);
                free(p->fs_type);
                free(p->fs_usage);
                return -ENOMEM;
        }
        d->n_partition_signatures++;
        return 0;
}

static bool directory_has_entries(const char *syspath, const char *sub) {
        char path[PATH_MAX];
        if ((size_t) snprintf(path, sizeof(path), "%s/%s", syspath, sub) >= sizeof(path))
                return false;
        DIR *dir = opendir(path);
        if (!dir)
                return false;
        bool found = false;
        for (struct dirent *e; !found && (e = readdir(dir));)
                found = e->d_name[0] != '.';
        closedir(dir);
        return found;
}

/* "major:minor" of a mounted device appears in field 3 of mountinfo. */
static bool is_mounted(struct udev_device *dev) {
        dev_t devnum = udev_device_get_devnum(dev);
        if (major(devnum) == 0)
                return false;
        char want[32];
        snprintf(want, sizeof(want), " %u:%u ", major(devnum), minor(devnum));
        _cleanup_fclose_ FILE *f = fopen("/proc/self/mountinfo", "re");
        if (!f)
                return false;
        char line[4096];
        while (fgets(line, sizeof(line), f))
                if (strstr(line, want))
                        return true;
        return false;
}

static int note_in_use(DiskInfo *d, const char *sysname, const char *what) {
        if (d->in_use_reason)
                return 0;
        char buf[256];
        snprintf(buf, sizeof(buf), "%s is %s", sysname, what);
        return dup_or_null(&d->in_use_reason, buf);
}

/* Partitions, holders and mounts: the admin commands' view of whether anyone uses the disk. */
static int probe_usage(struct udev_device *disk, DiskInfo *d) {
        int r;
        if (is_mounted(disk) && (r = note_in_use(d, d->sysname, "mounted")) < 0)
                return r;
        if (directory_has_entries(d->syspath, "holders") &&
            (r = note_in_use(d, d->sysname, "held by another device (LVM, MD, multipath, dm-crypt)")) < 0)
                return r;

        _cleanup_(udev_enumerate_unrefp) struct udev_enumerate *e = udev_enumerate_new(udev_device_get_udev(disk));
        if (!e)
                return -ENOMEM;
        udev_enumerate_add_match_parent(e, disk);
        udev_enumerate_add_match_subsystem(e, "block");
        if (udev_enumerate_scan_devices(e) < 0)
                return 0;
        struct udev_list_entry *item;
        udev_list_entry_foreach(item, udev_enumerate_get_list_entry(e)) {
                _cleanup_(udev_device_unrefp) struct udev_device *part =
                        udev_device_new_from_syspath(udev_device_get_udev(disk), udev_list_entry_get_name(item));
                const char *devtype = part ? udev_device_get_devtype(part) : NULL;
                if (!devtype || strcmp(devtype, "partition") != 0)
                        continue;
                const char *name = udev_device_get_sysname(part);
                d->has_partitions = true;
                if (is_mounted(part) && (r = note_in_use(d, name, "mounted")) < 0)
                        return r;
                if (directory_has_entries(udev_device_get_syspath(part), "holders") &&
                    (r = note_in_use(d, name, "held by another device (LVM, MD, multipath, dm-crypt)")) < 0)
                        return r;
                const char *node = udev_device_get_devnode(part);
                if (!node)
                        continue;
                _cleanup_(blkid_free_probep) blkid_probe pr = blkid_new_probe_from_filename(node);
                if (!pr)
                        continue;
                blkid_probe_enable_superblocks(pr, 1);
                blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_USAGE);
                if (blkid_do_safeprobe(pr) != 0)
                        continue;
                const char *type = NULL, *usage = NULL;
                (void) blkid_probe_lookup_value(pr, "TYPE", &type, NULL);
                (void) blkid_probe_lookup_value(pr, "USAGE", &usage, NULL);
                if (type && (r = add_partition_signature(d, name, type, usage)) < 0)
                        return r;
        }
        return 0;
}

/* libblkid on the device: what the admin commands need to see to name by label and to
 * refuse disks that hold data. */
static int probe_device(const char *devnode, DiskInfo *d) {
        _cleanup_(blkid_free_probep) blkid_probe pr = blkid_new_probe_from_filename(devnode);
        if (!pr)
                return -errno ? -errno : -EIO;
        blkid_probe_enable_superblocks(pr, 1);
        blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_LABEL | BLKID_SUBLKS_USAGE);
        blkid_probe_enable_partitions(pr, 1);
        blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
        int r = blkid_do_safeprobe(pr);
        d->fs_known = true;
        if (r < 0)
                return 0; /* ambivalent or unreadable: leave empty, callers treat as unknown */
        const char *v;
        if (blkid_probe_lookup_value(pr, "TYPE", &v, NULL) == 0 && dup_or_null(&d->fs_type, v) < 0)
                return -ENOMEM;
        if (blkid_probe_lookup_value(pr, "LABEL", &v, NULL) == 0 && dup_or_null(&d->fs_label, v) < 0)
                return -ENOMEM;
        if (blkid_probe_lookup_value(pr, "USAGE", &v, NULL) == 0 && dup_or_null(&d->fs_usage, v) < 0)
                return -ENOMEM;
        if (blkid_probe_lookup_value(pr, "PTTYPE", &v, NULL) == 0)
                d->has_partitions = true;
        return 0;
}

int disk_read(struct udev_device *dev, DiskReadFlags flags, DiskInfo *ret) {
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
                if (dup_or_null(&d.partition_devnode, udev_device_get_devnode(dev)) < 0)
                        goto oom;
        }
        if (dup_or_null(&d.sysname, udev_device_get_sysname(disk)) < 0 ||
            dup_or_null(&d.devnode, udev_device_get_devnode(disk)) < 0 ||
            dup_or_null(&d.syspath, udev_device_get_syspath(disk)) < 0)
                goto oom;
        if (!d.devnode) {
                char buf[PATH_MAX];
                snprintf(buf, sizeof(buf), "/dev/%s", d.sysname);
                if (dup_or_null(&d.devnode, buf) < 0)
                        goto oom;
        }

        const char *size = udev_device_get_sysattr_value(disk, "size");
        if (size)
                d.size_bytes = strtoull(size, NULL, 10) * 512ULL;

        struct udev_device *scsi = udev_device_get_parent_with_subsystem_devtype(disk, "scsi", "scsi_device");
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
                if (has83 || has80)
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
                        else if (flags & DISK_READ_PROBE)
                                d.has_serial = serial_by_sgio(d.devnode, &d) == 0;
                }
                r = read_iscsi_target(scsi, &d);
                if (r < 0)
                        goto fail;
        }
        trim_copy(d.vendor, d.vendor_raw, sizeof(d.vendor));
        trim_copy(d.model, d.model_raw, sizeof(d.model));

        if (flags & DISK_READ_PROBE) {
                r = probe_device(d.partition_devnode ? d.partition_devnode : d.devnode, &d);
                if (r < 0)
                        goto fail;
                r = probe_usage(disk, &d);
                if (r < 0)
                        goto fail;
        } else {
                const char *t = event_property(dev, "ID_FS_TYPE"), *l = event_property(dev, "ID_FS_LABEL"),
                           *u = event_property(dev, "ID_FS_USAGE");
                if (dup_or_null(&d.fs_type, t && *t ? t : NULL) < 0 || dup_or_null(&d.fs_label, l && *l ? l : NULL) < 0 ||
                    dup_or_null(&d.fs_usage, u && *u ? u : NULL) < 0)
                        goto oom;
                d.fs_known = true;
        }

        *ret = d;
        return 0;
oom:
        r = -ENOMEM;
fail:
        disk_info_free(&d);
        return r;
}

static int hctl_compare_qsort(const void *a, const void *b) {
        return hctl_compare(a, b);
}

int disk_enumerate(struct udev *udev, DiskReadFlags flags, DiskInfo **ret, size_t *ret_n) {
        _cleanup_(udev_enumerate_unrefp) struct udev_enumerate *e = udev_enumerate_new(udev);
        if (!e)
                return -ENOMEM;
        udev_enumerate_add_match_subsystem(e, "block");
        int r = udev_enumerate_scan_devices(e);
        if (r < 0)
                return r;

        DiskInfo *list = NULL;
        size_t n = 0;
        struct udev_list_entry *item;
        udev_list_entry_foreach(item, udev_enumerate_get_list_entry(e)) {
                _cleanup_(udev_device_unrefp) struct udev_device *dev =
                        udev_device_new_from_syspath(udev, udev_list_entry_get_name(item));
                if (!dev)
                        continue;
                const char *devtype = udev_device_get_devtype(dev), *name = udev_device_get_sysname(dev);
                if (!devtype || strcmp(devtype, "disk") != 0 || !name || strncmp(name, "sd", 2) != 0)
                        continue;
                if (!udev_device_get_parent_with_subsystem_devtype(dev, "scsi", "scsi_device"))
                        continue;
                DiskInfo *grown = realloc(list, (n + 1) * sizeof(DiskInfo));
                if (!grown) {
                        disk_list_free(list, n);
                        return -ENOMEM;
                }
                list = grown;
                r = disk_read(dev, flags, &list[n]);
                if (r < 0) {
                        disk_list_free(list, n);
                        return r;
                }
                n++;
        }
        if (n > 1)
                qsort(list, n, sizeof(DiskInfo), hctl_compare_qsort);
        *ret = list;
        *ret_n = n;
        return 0;
}

