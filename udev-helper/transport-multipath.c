/* SPDX-License-Identifier: MIT */
/* dm-multipath maps and their paths, from sysfs and udev's records (disk-transport.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "disk-transport.h"
#include "macro.h"
#include "sysfs-read.h"
#include "udev-db.h"

/* Entries looked at in slaves/ and holders/: far more than any real device has. */
#define DIR_ENTRIES_MAX 1024

/* The map's DM_UUID: sysfs first (what the kernel says now), then udev's. */
static const char *dm_uuid(int dirfd, char *buf, size_t size, DiskPropertyFn get, void *userdata,
                           DiskPropertyOf of) {
        const char *u = sysfs_read_attr(dirfd, "dm/uuid", buf, size);
        if (!u && get)
                u = get(userdata, of, "DM_UUID");
        return u;
}

static bool is_mpath_uuid(const char *uuid) {
        return uuid && strncmp(uuid, "mpath-", 6) == 0 && uuid[6];
}

/* The sorted first entry of a small sysfs directory (slaves/ or holders/) starting with
 * prefix; an empty name when there is none. */
static void first_entry(int dirfd, const char *sub, const char *prefix, char *name, size_t size) {
        name[0] = '\0';
        _cleanup_(dir_names_close) DirNames dir;
        if (dir_names_open(&dir, dirfd, sub) < 0)
                return;
        unsigned seen = 0;
        for (const char *e; (e = dir_names_next(&dir)) && seen < DIR_ENTRIES_MAX; seen++) {
                if (e[0] == '.' || strncmp(e, prefix, strlen(prefix)) != 0)
                        continue;
                if (!name[0] || strcmp(e, name) < 0)
                        snprintf(name, size, "%s", e);
        }
}

/* A holder's DM_UUID when sysfs has none: its own udev database entry. */
static bool holder_is_mpath(const char *holder_syspath) {
        _cleanup_close_ int fd = open(holder_syspath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return false;
        char buf[SYSFS_ATTR_MAX];
        const char *u = sysfs_read_attr(fd, "dm/uuid", buf, sizeof(buf));
        if (u)
                return is_mpath_uuid(u);
        _cleanup_(udev_db_done) UdevDb db = {};
        udev_db_load_device_at(&db, fd);
        return is_mpath_uuid(udev_db_get(&db, "DM_UUID"));
}

/* dm-multipath: a path device is marked by 62-multipath.rules (DM_MULTIPATH_DEVICE_PATH,
 * ID_FS_TYPE=mpath_member) and, once the map exists, held by it; the map is dm-N with
 * DM_UUID=mpath-<WWID>.  All of it is sysfs and udev properties: no disk I/O. */
int multipath_read(int diskfd, DiskPropertyFn get, void *userdata, bool asked_disk, DiskInfo *d,
                   char *first_path, size_t size) {
        char name[256], buf[SYSFS_ATTR_MAX];
        first_path[0] = '\0';
        if (strncmp(d->sysname, "dm-", 3) == 0) {
                /* udev's DM_UUID of the map itself: the event's when the map was asked about. */
                const char *uuid = dm_uuid(diskfd, buf, sizeof(buf), get, userdata,
                                           asked_disk ? PROPERTY_OF_DEVICE : PROPERTY_OF_DISK);
                if (!is_mpath_uuid(uuid))
                        return 0;
                d->is_multipath_map = true;
                d->has_serial = scsi_serial_from_id_serial(uuid + 6, &d->serial) == 0;
                first_entry(diskfd, "slaves", "", name, sizeof(name));
                if (!name[0])
                        return 0;
                char link[300];
                snprintf(link, sizeof(link), "slaves/%s", name);
                int r = sysfs_readlink_join(d->syspath, link, first_path, size);
                if (r < 0)
                        first_path[0] = '\0';
                return 0;
        }

        const char *p = get(userdata, PROPERTY_OF_DEVICE, "DM_MULTIPATH_DEVICE_PATH");
        const char *t = get(userdata, PROPERTY_OF_DEVICE, "ID_FS_TYPE");
        if ((p && strcmp(p, "1") == 0) || (t && strcmp(t, "mpath_member") == 0))
                d->multipath_member = true;
        first_entry(diskfd, "holders", "dm-", name, sizeof(name));
        if (!name[0])
                return 0;
        char link[300], holder[PATH_MAX];
        snprintf(link, sizeof(link), "holders/%s", name);
        if (sysfs_readlink_join(d->syspath, link, holder, sizeof(holder)) == 0 && holder_is_mpath(holder)) {
                d->multipath_member = true;
                return disk_strdup(&d->multipath_map, name);
        }
        return 0;
}
