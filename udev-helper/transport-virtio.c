/* SPDX-License-Identifier: MIT */
/* virtio-blk disks (disk-transport.h): /sys/devices/.../virtioN/block/vdX.  Their serial
 * attribute is no cached value: every read sends the device a VIRTIO_BLK_T_GET_ID request
 * through its queue (drivers/block/virtio_blk.c), which a stalled host holds up.  udev's
 * 60-persistent-storage.rules reads it earlier in the same event and stores it as ID_SERIAL
 * ("$attr{serial}"), so that is what the event path takes; sysfs is read only when udev has
 * no record of the disk yet (ID_PATH, set for every disk by the same rules file, absent). */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "disk-transport.h"
#include "fileio.h"
#include "ident-virtio.h"
#include "sysfs-read.h"

bool virtio_blk_disk(const char *disk_syspath) {
        char up[PATH_MAX];
        unsigned n;
        int k = 0;
        const char *name = path_basename(disk_syspath);
        if (strncmp(name, "vd", 2) != 0 || sysfs_join(disk_syspath, "..", up, sizeof(up)) < 0 ||
            strcmp(path_basename(up), "block") != 0 || sysfs_join(disk_syspath, "../..", up, sizeof(up)) < 0)
                return false;
        const char *v = path_basename(up);
        return sscanf(v, "virtio%u%n", &n, &k) == 1 && !v[k];
}

void virtio_read(int diskfd, DiskPropertyFn get, void *userdata, DiskInfo *d) {
        char buf[SYSFS_ATTR_MAX];
        d->transport = DISK_TRANSPORT_VIRTIO;
        const char *serial = get(userdata, PROPERTY_OF_DISK, "ID_SERIAL");
        if (!serial && !get(userdata, PROPERTY_OF_DISK, "ID_PATH"))
                serial = sysfs_read_attr(diskfd, "serial", buf, sizeof(buf));
        VirtioIdent id;
        virtio_ident_from_serial(serial, &id);
        snprintf(d->udev_serial, sizeof(d->udev_serial), "%s", id.serial);
        d->trust = id.trust;
        d->trust_why = id.why;
        d->keyed_by_transport = true;
        if (id.trust == IDENT_UNIQUE) {
                snprintf(d->serial.serial, sizeof(d->serial.serial), "%s", id.key);
                snprintf(d->serial.serial_short, sizeof(d->serial.serial_short), "%s", id.serial);
                d->has_serial = true;
        }
}
