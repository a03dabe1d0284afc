/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>

#include "disk-sysfs.h"
#include "udev-db.h"
#include "disk.h"

/* The udev tag every evaluated disk carries for its serial, so that finding other disks
 * with the same serial reads one small tag directory instead of every disk. */
void claims_tag_for_serial(const char *serial, char *buf, size_t size);

/* The tag a device claiming a name but refused it carries (UH_CLAIM_TAG), so that the
 * device holding the name finds it the same way on its next event.  A named device carries
 * none: udev's link for the name is its claim. */
void claims_tag_for_name(const char *name, char *buf, size_t size);

/* Finds another present device claiming name, looking only at (a) the refused claimants,
 * tagged with the name's tag (/run/udev/tags/TAG, each entry's UH_CLAIM read from
 * /run/udev/data/ID), (b) the /dev/NAME link udev made and, when it names self, (c) the
 * claimants in udev's stack directory of that link (/run/udev/links/NAME: every device given
 * the link, whatever its priority).  self is the device asked about; any other device
 * is another claimant, whatever serial it presents (a clone presents this disk's).  Returns
 * 1 and fills other (its sysname), or 0. */
int claims_find_name(const DiskIds *self, const char *self_sysname, const char *name, char *other, size_t size);

/* Finds another present disk claiming d's serial, looking only at (a) the devices tagged
 * with the serial's tag and (b) udev's by-id link for it (/dev/disk/by-id/scsi-SERIAL for a
 * SCSI disk, /dev/disk/by-id/IDENTITY for the transports whose identity is a by-id name).  Cost does not
 * depend on the number of disks.  Returns 1 and fills other (its sysname), or 0. */
int claims_find_other(const DiskIds *self, const DiskInfo *d, char *other, size_t size);
