/* SPDX-License-Identifier: MIT */
/* SCSI disks: the address in the sysfs path, vendor and model, and the serial from the
 * kernel's cached VPD pages, as scsi_id would pick it (disk-transport.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "disk-transport.h"
#include "fileio.h"
#include "macro.h"
#include "sysfs-read.h"

/* The kernel's VPD pages are small; a bigger attribute is not one we understand. */
#define VPD_READ_MAX 4096

/* A decimal number up to max, then the separator end (or the string's end when end is NUL);
 * the rest of the string after it, or NULL. */
static const char *parse_decimal(const char *s, unsigned long long max, char end, unsigned long long *ret) {
        unsigned long long v = 0;
        if (*s < '0' || *s > '9')
                return NULL;
        for (; *s >= '0' && *s <= '9'; s++) {
                unsigned d = (unsigned) (*s - '0');
                if (v > (max - d) / 10)
                        return NULL;
                v = v * 10 + d;
        }
        if (*s != end)
                return NULL;
        *ret = v;
        return end ? s + 1 : s;
}

/* "H:C:T:L" as the kernel names a SCSI device (dev_set_name(..., "%d:%d:%d:%llu")): four
 * decimal numbers, nothing else.  By hand rather than sscanf(): on the event path that is
 * the only scanf, and under emulation its code costs more than the parse. */
bool scsi_parse_hctl(const char *name, unsigned *host, unsigned *channel, unsigned *target, unsigned long long *lun) {
        unsigned long long h, c, t, l;
        if (!(name = parse_decimal(name, UINT_MAX, ':', &h)) || !(name = parse_decimal(name, UINT_MAX, ':', &c)) ||
            !(name = parse_decimal(name, UINT_MAX, ':', &t)) || !parse_decimal(name, ULLONG_MAX, '\0', &l))
                return false;
        *host = (unsigned) h;
        *channel = (unsigned) c;
        *target = (unsigned) t;
        *lun = l;
        return true;
}

/* The SCSI device above a disk: /sys/devices/.../H:C:T:L/block/sdX.  The address is in the
 * path string; so is an iSCSI session (.../sessionN/target.../H:C:T:L). */
bool scsi_parent(const char *disk_syspath, char *buf, size_t size) {
        if (sysfs_join(disk_syspath, "../..", buf, size) < 0)
                return false;
        unsigned h, c, t;
        unsigned long long l;
        if (!scsi_parse_hctl(path_basename(buf), &h, &c, &t, &l))
                return false;
        /* The disk's directory is <scsi device>/block/<name>. */
        char parent[PATH_MAX];
        return sysfs_join(disk_syspath, "..", parent, sizeof(parent)) == 0 && strcmp(path_basename(parent), "block") == 0;
}

void scsi_read(const char *scsi_syspath, DiskPropertyFn get, void *userdata, DiskInfo *d) {
        char buf[SYSFS_ATTR_MAX];
        _cleanup_close_ int sfd = open(scsi_syspath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        const char *hctl = path_basename(scsi_syspath);
        unsigned long long lun;
        d->is_scsi = true;
        d->transport = DISK_TRANSPORT_SCSI;
        snprintf(d->hctl, sizeof(d->hctl), "%.*s", (int) sizeof(d->hctl) - 1, hctl);
        if (scsi_parse_hctl(hctl, &d->host, &d->channel, &d->target, &lun))
                d->lun = lun;
        const char *v = sfd >= 0 ? sysfs_read_attr(sfd, "vendor", buf, sizeof(buf)) : NULL;
        snprintf(d->vendor_raw, sizeof(d->vendor_raw), "%s", v ? v : "");
        const char *m = sfd >= 0 ? sysfs_read_attr(sfd, "model", buf, sizeof(buf)) : NULL;
        snprintf(d->model_raw, sizeof(d->model_raw), "%s", m ? m : "");

        /* As read_file_prefix() read them: up to VPD_READ_MAX bytes (sysfs_read_at() keeps one for a NUL). */
        uint8_t pg83[VPD_READ_MAX + 1], pg80[VPD_READ_MAX + 1];
        ssize_t n83 = sfd >= 0 ? sysfs_read_at(sfd, "vpd_pg83", pg83, sizeof(pg83)) : -ENOENT;
        ssize_t n80 = sfd >= 0 ? sysfs_read_at(sfd, "vpd_pg80", pg80, sizeof(pg80)) : -ENOENT;
        if (d->is_multipath_map)
                ; /* keyed by its WWID, read by multipath_read() */
        else if (n83 >= 0 || n80 >= 0)
                d->has_serial = scsi_serial_from_vpd(n83 >= 0 ? pg83 : NULL, n83 >= 0 ? (size_t) n83 : 0,
                                                     n80 >= 0 ? pg80 : NULL, n80 >= 0 ? (size_t) n80 : 0,
                                                     d->vendor_raw, d->model_raw, &d->serial) == 0;
        else {
                /* No VPD in sysfs (old kernel, odd HBA): scsi_id's answer in udev is the next
                 * best, and costs no I/O. */
                const char *id = get(userdata, PROPERTY_OF_DISK, "ID_SERIAL");
                if (id)
                        d->has_serial = scsi_serial_from_id_serial(id, &d->serial) == 0;
                else
                        d->needs_inquiry = true;
        }
}
