/* SPDX-License-Identifier: MIT */
#pragma once

/* The event path's way in: which device, and udev's properties for disk_read_sysfs() from
 * the event's environment when it names the device, else from udev's files (udev-db.h).
 * No libudev. */

#include <stdbool.h>

#include "disk-sysfs.h"
#include "udev-db.h"

typedef struct EventProperties {
        bool in_event;       /* udev's properties from the environment */
        bool env_is_device;  /* $DEVPATH is the device asked about */
        const char *syspath; /* of the device asked about */
        int fd;              /* its open directory */
        UdevDb db[2];        /* device, disk: uevent then database entries */
        bool loaded[2];
        char disk_syspath[4096];
} EventProperties;

/* Whether this process runs in a udev event (IMPORT{program} gives it the event's
 * properties). */
bool in_udev_event(void);
const char *event_properties_get(void *userdata, DiskPropertyOf of, const char *key);
void event_properties_done(EventProperties *p);

/* Resolves arg (preferring udev's $DEVPATH when it names the same device) and reads the
 * disk. */
int disk_read_event(const char *arg, DiskInfo *ret, DiskIds *ids);
