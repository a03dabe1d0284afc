/* SPDX-License-Identifier: MIT */
/* udev's database and uevent files (udev-db.h). */
#include "udev-db.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "macro.h"
#include "sysfs-read.h"

/* udev's database (src/libsystemd/sd-device/device-private.c writes it): one "X:VALUE" line
 * per entry, X a letter; properties are "E:KEY=VALUE".  A uevent file holds "KEY=VALUE"
 * lines.  Both are kept as "KEY=VALUE" strings; anything else is skipped. */
static void entries_parse(UdevDb *db, char *text, size_t size, bool uevent) {
        size_t out = 0;
        for (size_t i = 0; i < size;) {
                char *line = text + i;
                char *nl = memchr(line, '\n', size - i);
                size_t len = nl ? (size_t) (nl - line) : size - i;
                i += len + 1;
                if (memchr(line, '\0', len))
                        continue;
                const char *kv = line;
                size_t kvlen = len;
                if (!uevent) {
                        if (len < 2 || line[1] != ':' || line[0] != 'E')
                                continue; /* not a property: links, tags, timestamps, unknown */
                        kv += 2;
                        kvlen -= 2;
                }
                const char *eq = memchr(kv, '=', kvlen);
                if (!eq || eq == kv)
                        continue;
                memmove(text + out, kv, kvlen);
                out += kvlen;
                text[out++] = '\0';
        }
        db->text = text;
        db->size = out;
}

void udev_db_parse(UdevDb *db, char *text, size_t size) {
        entries_parse(db, text, size, false);
}

static void entries_load(UdevDb *db, int dirfd, const char *name, size_t max, bool uevent) {
        *db = (UdevDb) {};
        char *text = malloc(max + 1);
        if (!text)
                return;
        ssize_t n = sysfs_read_at(dirfd, name, text, max + 1);
        if (n < 0 || (size_t) n >= max) {
                /* Missing, unreadable, or larger than any real entry: nothing known. */
                free(text);
                return;
        }
        entries_parse(db, text, (size_t) n, uevent);
}

void udev_db_load(UdevDb *db, const char *id) {
        char path[PATH_MAX];
        if ((size_t) snprintf(path, sizeof(path), "/run/udev/data/%s", id) >= sizeof(path) || strchr(id, '/')) {
                *db = (UdevDb) {};
                return;
        }
        entries_load(db, AT_FDCWD, path, UDEV_DB_MAX, false);
}

void udev_db_load_uevent(UdevDb *db, int dirfd) {
        entries_load(db, dirfd, "uevent", SYSFS_ATTR_MAX, true);
}

void udev_db_load_device(UdevDb *db, const char *syspath) {
        *db = (UdevDb) {};
        _cleanup_close_ int fd = open(syspath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0)
                udev_db_load_device_at(db, fd);
}

void udev_db_load_device_at(UdevDb *db, int fd) {
        *db = (UdevDb) {};
        UdevDb uevent;
        udev_db_load_uevent(&uevent, fd);
        const char *maj = udev_db_get(&uevent, "MAJOR"), *min = udev_db_get(&uevent, "MINOR");
        UdevDb data = {};
        if (maj && min) {
                char id[64];
                snprintf(id, sizeof(id), "b%s:%s", maj, min);
                udev_db_load(&data, id);
        }
        /* One list: uevent entries, then database entries (the last match wins). */
        size_t n = uevent.size + data.size;
        char *all = malloc(n + 1);
        if (all) {
                if (uevent.size)
                        memcpy(all, uevent.text, uevent.size);
                if (data.size)
                        memcpy(all + uevent.size, data.text, data.size);
                db->text = all;
                db->size = n;
        }
        udev_db_done(&uevent);
        udev_db_done(&data);
}

const char *udev_db_get(const UdevDb *db, const char *key) {
        const char *found = NULL;
        size_t klen = strlen(key);
        for (size_t i = 0; db->text && i < db->size;) {
                const char *e = db->text + i;
                size_t l = strlen(e);
                if (l > klen && strncmp(e, key, klen) == 0 && e[klen] == '=')
                        found = e + klen + 1;
                i += l + 1;
        }
        return found;
}

void udev_db_done(UdevDb *db) {
        free(db->text);
        *db = (UdevDb) {};
}
