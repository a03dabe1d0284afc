/* SPDX-License-Identifier: MIT */
#include "claims.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "macro.h"
#include "udev-util.h"

/* Serials and names can be long and hold anything udev allows; a tag is a file name. A
 * hash keeps it short; equality is re-checked on UH_SERIAL or UH_CLAIM, so a collision
 * costs one extra comparison, never a wrong answer. */
static uint64_t fnv1a(const char *s) {
        uint64_t h = 1469598103934665603ULL;
        for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
                h ^= *p;
                h *= 1099511628211ULL;
        }
        return h;
}

void claims_tag_for_serial(const char *serial, char *buf, size_t size) {
        snprintf(buf, size, "uh_serial_%016llx", (unsigned long long) fnv1a(serial));
}

void claims_tag_for_name(const char *name, char *buf, size_t size) {
        snprintf(buf, size, "uh_name_%016llx", (unsigned long long) fnv1a(name));
}

static bool same_lun(struct udev_device *other, const DiskInfo *d) {
        const char *s = udev_device_get_property_value(other, "UH_SERIAL");
        return d->has_serial && s && strcmp(s, d->serial.serial) == 0;
}

static int find_name_by_tag(struct udev *udev, struct udev_device *self, const DiskInfo *d, const char *name,
                            char *other, size_t size) {
        char tag[64];
        claims_tag_for_name(name, tag, sizeof(tag));
        _cleanup_(udev_enumerate_unrefp) struct udev_enumerate *e = udev_enumerate_new(udev);
        if (!e)
                return 0;
        udev_enumerate_add_match_tag(e, tag);
        if (udev_enumerate_scan_devices(e) < 0)
                return 0;
        struct udev_list_entry *item;
        udev_list_entry_foreach(item, udev_enumerate_get_list_entry(e)) {
                const char *syspath = udev_list_entry_get_name(item);
                if (strcmp(syspath, udev_device_get_syspath(self)) == 0)
                        continue;
                _cleanup_(udev_device_unrefp) struct udev_device *dev = udev_device_new_from_syspath(udev, syspath);
                if (!dev)
                        continue;
                const char *claim = udev_device_get_property_value(dev, "UH_CLAIM");
                if (claim && strcmp(claim, name) == 0 && !same_lun(dev, d)) {
                        snprintf(other, size, "%s", udev_device_get_sysname(dev));
                        return 1;
                }
        }
        return 0;
}

static int find_name_by_link(struct udev *udev, struct udev_device *self, const DiskInfo *d, const char *name,
                             char *other, size_t size) {
        char link[PATH_MAX], target[PATH_MAX];
        if ((size_t) snprintf(link, sizeof(link), "/dev/%s", name) >= sizeof(link))
                return 0;
        if (!realpath(link, target))
                return 0;
        const char *base = strrchr(target, '/');
        base = base ? base + 1 : target;
        if (strcmp(base, udev_device_get_sysname(self)) == 0)
                return 0;
        _cleanup_(udev_device_unrefp) struct udev_device *dev =
                udev_device_new_from_subsystem_sysname(udev, "block", base);
        if (dev && same_lun(dev, d))
                return 0;
        snprintf(other, size, "%s", base);
        return 1;
}

int claims_find_name(struct udev *udev, struct udev_device *self, const DiskInfo *d, const char *name, char *other,
                     size_t size) {
        if (find_name_by_tag(udev, self, d, name, other, size))
                return 1;
        return find_name_by_link(udev, self, d, name, other, size);
}

static int find_by_tag(struct udev *udev, const DiskInfo *d, char *other, size_t size) {
        char tag[64];
        claims_tag_for_serial(d->serial.serial, tag, sizeof(tag));

        _cleanup_(udev_enumerate_unrefp) struct udev_enumerate *e = udev_enumerate_new(udev);
        if (!e)
                return 0;
        udev_enumerate_add_match_tag(e, tag);
        if (udev_enumerate_scan_devices(e) < 0)
                return 0;
        struct udev_list_entry *item;
        udev_list_entry_foreach(item, udev_enumerate_get_list_entry(e)) {
                const char *syspath = udev_list_entry_get_name(item);
                if (strcmp(syspath, d->syspath) == 0)
                        continue;
                _cleanup_(udev_device_unrefp) struct udev_device *dev = udev_device_new_from_syspath(udev, syspath);
                if (!dev)
                        continue; /* gone since it was tagged */
                const char *s = udev_device_get_property_value(dev, "UH_SERIAL");
                if (s && strcmp(s, d->serial.serial) == 0) {
                        snprintf(other, size, "%s", udev_device_get_sysname(dev));
                        return 1;
                }
        }
        return 0;
}

static int find_by_id_link(const DiskInfo *d, char *other, size_t size) {
        char link[PATH_MAX], target[PATH_MAX];
        if ((size_t) snprintf(link, sizeof(link), "/dev/disk/by-id/scsi-%s", d->serial.serial) >= sizeof(link))
                return 0;
        if (!realpath(link, target))
                return 0; /* no link, or it points at a device that is gone */
        const char *base = strrchr(target, '/');
        base = base ? base + 1 : target;
        if (strcmp(base, d->sysname) == 0)
                return 0;
        if (d->is_multipath_map) {
                /* The map's own paths present its WWID: they are not other disks. */
                char slave[PATH_MAX];
                if ((size_t) snprintf(slave, sizeof(slave), "%s/slaves/%s", d->syspath, base) < sizeof(slave) &&
                    access(slave, F_OK) == 0)
                        return 0;
        }
        snprintf(other, size, "%s", base);
        return 1;
}

int claims_find_other(struct udev *udev, const DiskInfo *d, char *other, size_t size) {
        if (!d->has_serial)
                return 0;
        if (find_by_tag(udev, d, other, size))
                return 1;
        return find_by_id_link(d, other, size);
}
