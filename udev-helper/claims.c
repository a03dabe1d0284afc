/* SPDX-License-Identifier: MIT */
#include "claims.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fileio.h"
#include "macro.h"
#include "sysfs-read.h"
#include "udev-string.h"

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

/* udev's tag directories: one empty file per tagged device, named by its id ("b8:16"). */
#define TAG_ENTRIES_MAX 4096

/* The sysname of a present block device by id ("b8:32" -> "sdc"); 0 or -ENODEV when it is
 * gone (or not a block device). */
static int sysname_of_id(const char *id, char *buf, size_t size) {
        char path[64], target[PATH_MAX];
        unsigned maj, min;
        int n = 0;
        if (sscanf(id, "b%u:%u%n", &maj, &min, &n) != 2 || id[n])
                return -ENODEV;
        snprintf(path, sizeof(path), "/sys/dev/block/%u:%u", maj, min);
        ssize_t l = readlink(path, target, sizeof(target) - 1);
        if (l < 0)
                return -ENODEV;
        target[l] = '\0';
        snprintf(buf, size, "%s", path_basename(target));
        return 0;
}

/* Calls match(db) for every device tagged tag except self, until it returns true; then
 * fills other with that device's sysname and returns 1. */
static int find_tagged(const char *tag, const char *self, bool (*match)(const UdevDb *db, const void *userdata),
                       const void *userdata, char *other, size_t size) {
        char path[PATH_MAX];
        if ((size_t) snprintf(path, sizeof(path), "/run/udev/tags/%s", tag) >= sizeof(path))
                return 0;
        _cleanup_(dir_names_close) DirNames dir;
        if (dir_names_open(&dir, AT_FDCWD, path) < 0)
                return 0;
        unsigned seen = 0;
        for (const char *e; (e = dir_names_next(&dir)) && seen < TAG_ENTRIES_MAX; seen++) {
                if (e[0] == '.' || strcmp(e, self) == 0)
                        continue;
                _cleanup_(udev_db_done) UdevDb db = {};
                udev_db_load(&db, e);
                if (!match(&db, userdata))
                        continue;
                if (sysname_of_id(e, other, size) < 0)
                        continue; /* gone since it was tagged */
                return 1;
        }
        return 0;
}

/* Whatever serial the other device presents: a clone has this disk's, and a second path to
 * one LUN without dm-multipath is no safer to name twice. */
static bool claims_name(const UdevDb *db, const void *userdata) {
        const char *claim = udev_db_get(db, "UH_CLAIM");
        return claim && strcmp(claim, (const char *) userdata) == 0;
}

/* What udev's link says about the device self, by its last component: udev writes its
 * links relative to the node ("../../sdb"), so one readlink says so where realpath() would
 * read every component of both paths.  1: it names self; 0: there is no such link (nothing
 * for realpath() to find either); -1: anything else (another device, a link that may be
 * dangling, not a link), for realpath() to say. */
static int link_names_self(const char *link, const char *self) {
        char target[PATH_MAX];
        ssize_t n = readlink(link, target, sizeof(target) - 1);
        if (n < 0)
                return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
        if (n == 0)
                return -1;
        target[n] = '\0';
        return strcmp(path_basename(target), self) == 0 ? 1 : -1;
}

/* Another present device claiming name in udev's stack directory of its link, under either
 * of the directory's names (udev-string.h): every device udev gave the link, also those the
 * link's priority hides.  Only claimants count, as with the tags: a device another rule gave
 * the link at a lower priority does not have it while this one does, and refusing here would
 * hand it the name. */
static int find_name_in_link_stack(const char *self_id, const char *name, char *other, size_t size) {
        for (int legacy = 0; legacy <= 1; legacy++) {
                char enc[256], path[PATH_MAX];
                if (udev_link_stack_name(name, legacy, enc, sizeof(enc)) < 0 ||
                    (size_t) snprintf(path, sizeof(path), "/run/udev/links/%s", enc) >= sizeof(path))
                        return 0;
                _cleanup_(dir_names_close) DirNames dir;
                if (dir_names_open(&dir, AT_FDCWD, path) < 0)
                        continue;
                unsigned seen = 0;
                for (const char *e; (e = dir_names_next(&dir)) && seen < TAG_ENTRIES_MAX; seen++) {
                        if (e[0] == '.' || strcmp(e, self_id) == 0)
                                continue;
                        _cleanup_(udev_db_done) UdevDb db = {};
                        udev_db_load(&db, e);
                        if (claims_name(&db, name) && sysname_of_id(e, other, size) == 0)
                                return 1;
                }
                return 0;
        }
        return 0;
}

/* A named device carries no tag for its name (66-udev-helper.rules): udev's link is its
 * claim.  No link: nobody holds the name (udev makes the link in the same step as the stack
 * entry).  A link to another device: that one holds it.  A link to this device: the stack
 * says whether another claimant holds it too (their events ran at once, neither saw the
 * other). */
static int find_name_by_link(const char *self_id, const char *self_sysname, const char *name, char *other,
                             size_t size) {
        char link[PATH_MAX], target[PATH_MAX];
        if ((size_t) snprintf(link, sizeof(link), "/dev/%s", name) >= sizeof(link))
                return 0;
        int r = link_names_self(link, self_sysname);
        if (r == 0)
                return 0;
        if (r > 0)
                return find_name_in_link_stack(self_id, name, other, size);
        if (!realpath(link, target))
                return find_name_in_link_stack(self_id, name, other, size); /* dangling: udev's record says */
        const char *base = path_basename(target);
        if (strcmp(base, self_sysname) == 0)
                return find_name_in_link_stack(self_id, name, other, size);
        snprintf(other, size, "%s", base);
        return 1;
}

int claims_find_name(const DiskIds *self, const char *self_sysname, const char *name, char *other, size_t size) {
        char tag[64];
        claims_tag_for_name(name, tag, sizeof(tag));
        if (find_tagged(tag, self->device, claims_name, name, other, size))
                return 1;
        return find_name_by_link(self->device, self_sysname, name, other, size);
}

static bool has_serial(const UdevDb *db, const void *userdata) {
        const DiskInfo *d = userdata;
        const char *s = udev_db_get(db, "UH_SERIAL");
        return s && strcmp(s, d->serial.serial) == 0;
}

/* udev's by-id link for d's identity: a SCSI disk's is "scsi-" and its ID_SERIAL; the
 * identities of the other transports are already by-id names (nvme-<wwid>,
 * nvme-<model>_<serial>_<nsid>, virtio-<serial>; an EBS volume id or an Azure LUN has no
 * by-id link of that name, and finds none). */
static int by_id_link(const DiskInfo *d, char *link, size_t size) {
        int n = snprintf(link, size, "/dev/disk/by-id/%s%s", d->keyed_by_transport ? "" : "scsi-",
                         d->serial.serial);
        return n < 0 || (size_t) n >= size ? -ENAMETOOLONG : 0;
}

static int find_by_id_link(const DiskInfo *d, char *other, size_t size) {
        char link[PATH_MAX], target[PATH_MAX];
        if (by_id_link(d, link, sizeof(link)) < 0)
                return 0;
        if (link_names_self(link, d->sysname) >= 0 || !realpath(link, target))
                return 0; /* no link, or it points at a device that is gone */
        const char *base = path_basename(target);
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

int claims_find_other(const DiskIds *self, const DiskInfo *d, char *other, size_t size) {
        if (!d->has_serial)
                return 0;
        char tag[64];
        claims_tag_for_serial(d->serial.serial, tag, sizeof(tag));
        if (find_tagged(tag, self->disk, has_serial, d, other, size))
                return 1;
        return find_by_id_link(d, other, size);
}
