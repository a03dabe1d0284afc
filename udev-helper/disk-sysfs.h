/* SPDX-License-Identifier: MIT */
#pragma once

/* Reading a DiskInfo from sysfs alone: the one reader behind both the event path
 * (disk-event.h) and the admin commands (disk-udev.h), so that the two cannot disagree about
 * a disk.  Where udev's properties are needed, the caller's DiskPropertyFn gives them. */

#include <stdbool.h>
#include <stddef.h>

#include "disk-transport.h"
#include "disk.h"

/* Device ids as udev names them in /run/udev/tags and /run/udev/data ("b8:16"). */
typedef struct DiskIds {
        char device[32];
        char disk[32];
        char device_sysname[256]; /* the device asked about: sdb or sdb1 */
} DiskIds;

/* syspath: the canonical /sys/devices/... directory of a block disk or partition.
 * ids may be NULL. */
int disk_read_sysfs(const char *syspath, DiskPropertyFn get, void *userdata, DiskInfo *ret, DiskIds *ids);
/* The same with syspath's directory already open as fd (the caller keeps it): the event
 * path opens it once for udev's records and the reader. */
int disk_read_sysfs_at(int fd, const char *syspath, DiskPropertyFn get, void *userdata, DiskInfo *ret, DiskIds *ids);
