/* SPDX-License-Identifier: MIT */
#pragma once

/* Reading a DiskInfo through libudev: sysfs attributes (the kernel's cached VPD pages) and
 * the udev event or database.  No I/O to the disk: this is all the event path may use. */

#include <libudev.h>

#include "disk.h"

typedef enum DiskReadFlags {
        /* Take ID_SERIAL, ID_FS_TYPE, ID_FS_LABEL from the environment (udev's event). */
        DISK_READ_EVENT = 1 << 0,
} DiskReadFlags;

/* Resolves "sdb", "/dev/sdb", "/dev/disk/by-id/...", or a sysfs path to a block device. */
int disk_device_from_arg(struct udev *udev, const char *arg, struct udev_device **ret);

int disk_read(struct udev_device *dev, DiskReadFlags flags, DiskInfo *ret);
