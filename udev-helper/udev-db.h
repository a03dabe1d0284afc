/* SPDX-License-Identifier: MIT */
#pragma once

/* udev's record of a device as files: its database entry (/run/udev/data/ID, E:KEY=VALUE
 * lines) and the kernel's uevent file (KEY=VALUE), read bounded into one list.  What the
 * event path and the claims in udev's tags read instead of libudev. */

#include <stddef.h>

typedef struct UdevDb {
        char *text; /* KEY=VALUE entries, NUL-separated after parsing */
        size_t size;
} UdevDb;

#define UDEV_DB_MAX (64U * 1024U)

/* Parses a database file's text (modified in place, owned by db afterwards). Never fails: a
 * line that is not "E:KEY=VALUE" is skipped. */
void udev_db_parse(UdevDb *db, char *text, size_t size);
/* Reads /run/udev/data/ID (bounded); a missing, unreadable or too large file reads as empty. */
void udev_db_load(UdevDb *db, const char *id);
/* Reads the "uevent" file below dirfd (a device's sysfs directory) the same way. */
void udev_db_load_uevent(UdevDb *db, int dirfd);
/* A device's uevent then its database entry in one list, so that the database wins (as in
 * libudev); syspath is the device's sysfs directory. */
void udev_db_load_device(UdevDb *db, const char *syspath);
/* The same for a device whose sysfs directory is open as fd (the caller keeps it). */
void udev_db_load_device_at(UdevDb *db, int fd);
/* The value of the last KEY= entry, or NULL. */
const char *udev_db_get(const UdevDb *db, const char *key);
void udev_db_done(UdevDb *db);
