/* SPDX-License-Identifier: MIT */
#pragma once

/* The identity readers, one per transport, as udev's path_id has one handler per bus: each
 * knows only its own sysfs layout, none does I/O to the disk.  disk_read_sysfs() asks them
 * in this order: a dm-multipath map (which then takes its first path's SCSI identity), the
 * SCSI device above the disk (address, vendor, model, VPD pages), the iSCSI session or
 * Hyper-V controller above that; else an NVMe namespace, else a virtio-blk disk. */

#include <stdbool.h>
#include <stddef.h>

#include "disk.h"

typedef enum DiskPropertyOf {
        PROPERTY_OF_DEVICE, /* the device asked about (a disk or a partition) */
        PROPERTY_OF_DISK,   /* the whole disk (the same device unless a partition was asked about) */
} DiskPropertyOf;

/* A udev property of the device (its event or its database); NULL when unset.  The pointer
 * stays valid until the reader returns.  The caller of disk_read_sysfs() gives it (the event
 * path's from disk-event.h, the admin commands' from disk-udev.h), the transports use it. */
typedef const char *(*DiskPropertyFn)(void *userdata, DiskPropertyOf of, const char *key);

/* dm-multipath (transport-multipath.c): marks d as a map (keyed by its WWID, first_path set
 * to its first path's syspath) or as a path of one; asked_disk: the map itself was asked
 * about, so the event's DM_UUID is its own. */
int multipath_read(int diskfd, DiskPropertyFn get, void *userdata, bool asked_disk, DiskInfo *d,
                   char *first_path, size_t size);

/* SCSI (transport-scsi.c): the SCSI device above a disk (.../H:C:T:L/block/sdX) into buf;
 * false when the disk is no SCSI disk. */
bool scsi_parent(const char *disk_syspath, char *buf, size_t size);
/* "H:C:T:L" (a SCSI device's sysfs name) into its four numbers; false unless it is exactly
 * that, in decimal digits. */
bool scsi_parse_hctl(const char *name, unsigned *host, unsigned *channel, unsigned *target, unsigned long long *lun);
/* Its address, vendor, model and serial (the kernel's cached VPD pages, else udev's
 * ID_SERIAL, else needs_inquiry). */
void scsi_read(const char *scsi_syspath, DiskPropertyFn get, void *userdata, DiskInfo *d);

/* Hyper-V (transport-hyperv.c): Azure's name for a disk below an hv_storvsc controller, and
 * for a data disk without a unique serial the key "azure-scsiN-lunL". */
void hyperv_read(const char *scsi_syspath, DiskInfo *d);

/* NVMe (transport-nvme.c): whether the disk is a namespace (nvmeXnY) or one hidden path of a
 * multipath head (nvmeXcYnZ); nvme_read() fills model, wwid and identity, and marks a path
 * as a member of its head. */
bool nvme_disk(const char *disk_syspath);
int nvme_read(int diskfd, const char *disk_syspath, DiskInfo *d);

/* virtio-blk (transport-virtio.c): .../virtioN/block/vdX; its identity from udev's
 * ID_SERIAL, sysfs only when udev has not seen the disk. */
bool virtio_blk_disk(const char *disk_syspath);
void virtio_read(int diskfd, DiskPropertyFn get, void *userdata, DiskInfo *d);

/* iSCSI (transport-iscsi.c): the target IQN of the session the SCSI device sits below, if
 * any. */
int iscsi_read_target(const char *scsi_syspath, DiskInfo *d);
