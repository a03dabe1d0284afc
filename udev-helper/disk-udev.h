/* SPDX-License-Identifier: MIT */
#pragma once

/* The admin commands' way in: a device found through libudev, read by disk-sysfs.h's one
 * reader with libudev's properties (the event path reads the same way without libudev). */

#include <libudev.h>

#include "disk.h"

/* Resolves "sdb", "/dev/sdb", "/dev/disk/by-id/...", or a sysfs path to a block device. */
int disk_device_from_arg(struct udev *udev, const char *arg, struct udev_device **ret);

/* disk_read_sysfs() on the device's syspath, properties through libudev. */
int disk_read(struct udev_device *dev, DiskInfo *ret);

/* Has the kernel send a "change" uevent for the device (what udevadm trigger does): the
 * admin commands' way of making udev look at a disk again.  0 or a negative errno. */
int disk_trigger_change(const char *syspath);
