/* SPDX-License-Identifier: MIT */
#pragma once

/* Azure's names for a Hyper-V (hv_storvsc) SCSI disk, as WALinuxAgent's 66-azure-storage.rules
 * and azure-vm-utils' 80-azure-disk.rules give them: from the VMBus channel's device_id
 * attribute (the SCSI controller) and the disk's LUN, never from the disk.  Data disks on the
 * controllers Azure attaches them to are /dev/disk/azure/scsi1/lun<N> (and
 * /dev/disk/azure/data/by-lun/<N>); the OS and resource disks have fixed names.  Pure. */

#include <stddef.h>
#include <stdint.h>

typedef enum HyperVDiskRole {
        HYPERV_DISK_OTHER,    /* a controller Azure's rules do not name */
        HYPERV_DISK_ROOT,     /* the OS disk: disk/azure/root */
        HYPERV_DISK_RESOURCE, /* the temporary disk: disk/azure/resource */
        HYPERV_DISK_CDROM,    /* scsi0 LUN 2: no name */
        HYPERV_DISK_DATA,     /* disk/azure/scsiN/lunL */
} HyperVDiskRole;

/* device_id: the attribute as read, e.g. "{f8b3781b-1e82-4818-a1c3-63d806ec15bb}".  Writes
 * "scsi1/lun0" (DATA), "root" or "resource" into buf; returns the role, or a negative errno
 * (-ENOBUFS). */
int hyperv_azure_name(const char *device_id, uint64_t lun, char *buf, size_t size);
