/* SPDX-License-Identifier: MIT */
#pragma once

/* The admin commands' closer look at a disk: libblkid signatures, partitions, mounts and
 * holders, and one bounded INQUIRY where sysfs and udev know no serial.  Never used by
 * the event path. */

#include <libudev.h>

#include "disk.h"

/* Completes d (read by disk_read() from dev) with what only opening the disk can tell. */
int disk_probe(struct udev_device *dev, DiskInfo *d);

/* Every SCSI disk and dm-multipath map and their partitions, read and probed, sorted by
 * SCSI address (a disk before its partitions). */
int disk_enumerate(struct udev *udev, DiskInfo **ret, size_t *ret_n);
