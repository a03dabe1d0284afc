/* SPDX-License-Identifier: MIT */
/* The admin commands' look at the disk itself: libblkid, one bounded INQUIRY, mounts and
 * holders.  The event path never links this file. */
#include "disk-probe.h"

#include <blkid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "disk-udev.h"
#include "macro.h"
#include "sgio.h"
#include "udev-util.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(blkid_probe, blkid_free_probe)

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

static int add_partition_signature(DiskInfo *d, const char *sysname, const char *type, const char *usage) {
        struct PartitionSignature *n =
                realloc(d->partition_signatures, (d->n_partition_signatures + 1) * sizeof(*n));
        if (!n)
                return -ENOMEM;
        d->partition_signatures = n;
        struct PartitionSignature *p = &n[d->n_partition_signatures];
        *p = (struct PartitionSignature) {};
        if (disk_strdup(&p->sysname, sysname) < 0 || disk_strdup(&p->fs_type, type) < 0 ||
            disk_strdup(&p->fs_usage, usage) < 0) {
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
        return disk_strdup(&d->in_use_reason, buf);
}

/* Whether devnode is an active swap area (/proc/swaps' first field). */
static bool is_swap(const char *devnode) {
        _cleanup_fclose_ FILE *f = fopen("/proc/swaps", "re");
        if (!f || !devnode)
                return false;
        char line[4096];
        size_t n = strlen(devnode);
        while (fgets(line, sizeof(line), f))
                if (strncmp(line, devnode, n) == 0 && (line[n] == ' ' || line[n] == '\t'))
                        return true;
        return false;
}

/* Whether another program holds devnode open exclusively (the kernel refuses O_EXCL then:
 * a mounted filesystem, a dm or md device on it, a database opening it so). */
static bool is_opened_exclusively(const char *devnode) {
        if (!devnode)
                return false;
        int fd = open(devnode, O_RDONLY | O_EXCL | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0) {
                close(fd);
                return false;
        }
        return errno == EBUSY;
}

/* Active use of one device: mounted, held, swap, opened exclusively. */
static int note_active_use(DiskInfo *d, struct udev_device *dev, const char *name) {
        int r = 0;
        const char *node = udev_device_get_devnode(dev);
        if (is_mounted(dev))
                r = note_in_use(d, name, "mounted");
        else if (directory_has_entries(udev_device_get_syspath(dev), "holders"))
                r = note_in_use(d, name, "held by another device (LVM, MD, multipath, dm-crypt)");
        else if (is_swap(node))
                r = note_in_use(d, name, "an active swap area");
        else if (is_opened_exclusively(node))
                r = note_in_use(d, name, "opened exclusively by another program");
        return r;
}

/* Partitions, holders and mounts: the admin commands' view of whether anyone uses the disk. */
static int probe_usage(struct udev_device *disk, DiskInfo *d) {
        int r;
        if (is_mounted(disk) && (r = note_in_use(d, d->sysname, "mounted")) < 0)
                return r;
        if (directory_has_entries(d->syspath, "holders") &&
            (r = note_in_use(d, d->sysname, "held by another device (LVM, MD, multipath, dm-crypt)")) < 0)
                return r;
        if ((r = note_active_use(d, disk, d->sysname)) < 0)
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
                const char *partn = udev_device_get_sysattr_value(part, "partition");
                unsigned long pn = partn ? strtoul(partn, NULL, 10) : 0;
                if (pn >= 1 && pn <= 64)
                        d->partitions_present |= UINT64_C(1) << (pn - 1);
                if ((r = note_active_use(d, part, name)) < 0)
                        return r;
                const char *node = udev_device_get_devnode(part);
                if (!node)
                        continue;
                _cleanup_(blkid_free_probep) blkid_probe pr = blkid_new_probe_from_filename(node);
                if (!pr)
                        continue;
                blkid_probe_enable_superblocks(pr, 1);
                blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_USAGE);
                r = blkid_do_safeprobe(pr);
                if (r == -2 && (r = add_partition_signature(d, name, "more than one signature", NULL)) < 0)
                        return r;
                if (r != 0)
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
        if (r == -1)
                return -EIO; /* opened but not readable: a failing path */
        d->fs_known = true;
        if (r == -2) {
                /* Two signatures (ext4 and a stale ASMLib header): which is real is unknown,
                 * so the disk is in use until someone wipes one. */
                d->fs_ambivalent = true;
                return 0;
        }
        if (r < 0)
                return 0;
        const char *v;
        if (blkid_probe_lookup_value(pr, "TYPE", &v, NULL) == 0 && disk_strdup(&d->fs_type, v) < 0)
                return -ENOMEM;
        if (blkid_probe_lookup_value(pr, "LABEL", &v, NULL) == 0) {
                /* udev's blkid builtin stores ID_FS_LABEL through blkid_safe_string()
                 * (whitespace becomes '_', unsafe bytes are replaced): the same function
                 * here gives scan the label export sees. */
                char safe[256];
                if (blkid_safe_string(v, safe, sizeof(safe)) == 0 && safe[0] &&
                    disk_strdup(&d->fs_label, safe) < 0)
                        return -ENOMEM;
        }
        if (blkid_probe_lookup_value(pr, "USAGE", &v, NULL) == 0 && disk_strdup(&d->fs_usage, v) < 0)
                return -ENOMEM;
        if (blkid_probe_lookup_value(pr, "PTTYPE", &v, NULL) == 0)
                d->has_partitions = true;
        return 0;
}

int disk_probe(struct udev_device *dev, DiskInfo *d) {
        struct udev_device *disk = dev;
        const char *devtype = udev_device_get_devtype(dev);
        if (devtype && strcmp(devtype, "partition") == 0) {
                disk = udev_device_get_parent_with_subsystem_devtype(dev, "block", "disk");
                if (!disk)
                        return -ENODEV;
        }
        /* A path of a multipath map is never named: nothing to look at, and opening every
         * path of every map costs I/O on paths that may be failed. */
        if (d->multipath_member)
                return 0;
        if (d->is_scsi && d->needs_inquiry) {
                d->has_serial = serial_by_sgio(d->devnode, d) == 0;
                disk_trim_copy(d->vendor, d->vendor_raw, sizeof(d->vendor));
                disk_trim_copy(d->model, d->model_raw, sizeof(d->model));
        }
        /* libblkid's view replaces what the udev database recorded, unless the disk cannot
         * be opened: then the disk reports that, and only that. */
        DiskInfo udev_view = { .fs_type = d->fs_type, .fs_label = d->fs_label, .fs_usage = d->fs_usage };
        d->fs_type = d->fs_label = d->fs_usage = NULL;
        int r = probe_device(d->partition_devnode ? d->partition_devnode : d->devnode, d);
        if (r == -ENOMEM) {
                disk_info_done(&udev_view);
                return r;
        }
        if (r < 0) {
                free(d->fs_type);
                free(d->fs_label);
                free(d->fs_usage);
                d->fs_type = TAKE_PTR(udev_view.fs_type);
                d->fs_label = TAKE_PTR(udev_view.fs_label);
                d->fs_usage = TAKE_PTR(udev_view.fs_usage);
                d->read_error = r;
        }
        disk_info_done(&udev_view);
        return probe_usage(disk, d);
}

static int hctl_compare_qsort(const void *a, const void *b) {
        return hctl_compare(a, b);
}

int disk_enumerate(struct udev *udev, DiskInfo **ret, size_t *ret_n) {
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
                if (!devtype || !name)
                        continue;
                /* Partitions too: a label (ASMLib on partition 1) names a partition. */
                bool partition = strcmp(devtype, "partition") == 0;
                if (!partition && strcmp(devtype, "disk") != 0)
                        continue;
                struct udev_device *disk =
                        partition ? udev_device_get_parent_with_subsystem_devtype(dev, "block", "disk") : dev;
                const char *disk_name = disk ? udev_device_get_sysname(disk) : NULL;
                if (!disk_name)
                        continue;
                bool dm = strncmp(disk_name, "dm-", 3) == 0;
                if (!dm && (strncmp(disk_name, "sd", 2) != 0 ||
                            !udev_device_get_parent_with_subsystem_devtype(disk, "scsi", "scsi_device")))
                        continue;
                DiskInfo *grown = realloc(list, (n + 1) * sizeof(DiskInfo));
                if (!grown) {
                        disk_list_free(list, n);
                        return -ENOMEM;
                }
                list = grown;
                r = disk_read(dev, &list[n]);
                if (r >= 0 && dm && !list[n].is_multipath_map) {
                        /* LVM, dm-crypt, a map's partitions: not ours to name. */
                        disk_info_done(&list[n]);
                        continue;
                }
                if (r >= 0) {
                        r = disk_probe(dev, &list[n]);
                        if (r < 0)
                                disk_info_done(&list[n]);
                }
                if (r == -ENOMEM) {
                        disk_list_free(list, n);
                        return r;
                }
                if (r < 0) {
                        /* One disk that cannot even be described costs only itself. */
                        fprintf(stderr, "udev-helper: %s: cannot read: %s\n", name, strerror(-r));
                        continue;
                }
                n++;
        }
        if (n > 1)
                qsort(list, n, sizeof(DiskInfo), hctl_compare_qsort);
        *ret = list;
        *ret_n = n;
        return 0;
}

