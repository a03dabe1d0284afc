/* SPDX-License-Identifier: MIT */
#pragma once

/* Reading a DiskInfo from sysfs alone: the one reader behind both the event path (udev's
 * environment, udev's database files) and the admin commands (libudev's properties), so that
 * the two cannot disagree about a disk.  Attribute reads relative to the device's directory,
 * the SCSI device and iSCSI session found in the path string; no libudev, no disk I/O,
 * every read bounded. */

#include <stdbool.h>
#include <stddef.h>

#include "disk.h"

typedef enum DiskPropertyOf {
        PROPERTY_OF_DEVICE, /* the device asked about (a disk or a partition) */
        PROPERTY_OF_DISK,   /* the whole disk (the same device unless a partition was asked about) */
} DiskPropertyOf;

/* A udev property of the device (its event or its database); NULL when unset.  The pointer
 * stays valid until the reader returns. */
typedef const char *(*DiskPropertyFn)(void *userdata, DiskPropertyOf of, const char *key);

/* Device ids as udev names them in /run/udev/tags and /run/udev/data ("b8:16"). */
typedef struct DiskIds {
        char device[32];
        char disk[32];
        char device_sysname[256]; /* the device asked about: sdb or sdb1 */
} DiskIds;

/* syspath: the canonical /sys/devices/... directory of a block disk or partition.
 * ids may be NULL. */
int disk_read_sysfs(const char *syspath, DiskPropertyFn get, void *userdata, DiskInfo *ret, DiskIds *ids);

/* Resolves "sdb", "/dev/sdb", "/dev/disk/by-id/...", "/devices/..." or "/sys/devices/..."
 * to the block device's canonical sysfs directory, without libudev. */
int sysfs_block_syspath(const char *arg, char *buf, size_t size);

/* Joins a symlink's target to the directory holding the link and removes "." and ".."
 * components lexically (sysfs directories are canonical); 0 or -ENAMETOOLONG/-EINVAL. */
int sysfs_join(const char *dir, const char *target, char *buf, size_t size);

/* A udev database file (/run/udev/data/ID) read once: its E:KEY=VALUE lines. */
typedef struct UdevDb {
        char *text; /* lines NUL-separated after parsing */
        size_t size;
} UdevDb;

#define UDEV_DB_MAX (64U * 1024U)

/* Parses text (modified in place, owned by db afterwards). Never fails: a line that is not
 * "X:..." with a known one-letter key is skipped. */
void udev_db_parse(UdevDb *db, char *text, size_t size);
/* Reads /run/udev/data/ID (bounded); a missing, unreadable or too large file reads as empty. */
void udev_db_load(UdevDb *db, const char *id);
/* The value of the last E:KEY= line, or NULL. */
const char *udev_db_get(const UdevDb *db, const char *key);
void udev_db_done(UdevDb *db);

/* The event path's properties: udev's environment when running in an event, else the
 * database and uevent files of the device and its disk. */
typedef struct EventProperties {
        bool in_event;      /* udev's properties from the environment */
        bool env_is_device; /* $DEVPATH is the device asked about */
        const char *syspath; /* of the device asked about */
        UdevDb db[2];        /* device, disk: database then uevent lines */
        bool loaded[2];
        char disk_syspath[4096];
} EventProperties;

bool in_udev_event(void);
const char *event_properties_get(void *userdata, DiskPropertyOf of, const char *key);
void event_properties_done(EventProperties *p);

/* The event path: resolves arg (preferring udev's $DEVPATH when it names the same device)
 * and reads the disk. */
int disk_read_event(const char *arg, DiskInfo *ret, DiskIds *ids);
