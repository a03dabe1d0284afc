/* SPDX-License-Identifier: MIT */
#pragma once

#include <libudev.h>
#include <stdbool.h>
#include <stdint.h>

#include "vpd.h"

/* What udev-helper knows about one SCSI disk (and, when asked about a partition, which
 * partition).  Everything comes from sysfs and the udev database through libudev, except
 * where DISK_READ_PROBE allows the admin commands to look at the disk itself. */
typedef struct DiskInfo {
        char *sysname; /* of the whole disk: sdb */
        char *devnode; /* /dev/sdb */
        char *syspath;
        unsigned partition;      /* the partition number asked about, 0 for the disk */
        char *partition_devnode; /* /dev/sdb1 */

        bool is_scsi;
        char hctl[64];
        unsigned host, channel, target;
        uint64_t lun;
        char vendor_raw[SCSI_VENDOR_LEN + 1]; /* as INQUIRY returned them, padding kept */
        char model_raw[SCSI_MODEL_LEN + 1];
        char vendor[SCSI_VENDOR_LEN + 1]; /* trimmed, for matching and display */
        char model[SCSI_MODEL_LEN + 1];
        uint64_t size_bytes;

        ScsiSerial serial;
        bool has_serial;

        char *iscsi_target; /* target IQN when the disk is below an iSCSI session */

        char *fs_type; /* what blkid found on the device asked about */
        char *fs_label;
        char *fs_usage;
        bool fs_known; /* fs_* were looked up (event properties or a probe) */
        bool has_partitions;
        char *in_use_reason; /* admin commands: mounted or held, whatever the class */
        /* Admin commands: what libblkid found on each partition of the disk. */
        struct PartitionSignature {
                char *sysname;
                char *fs_type;
                char *fs_usage;
        } *partition_signatures;
        size_t n_partition_signatures;
} DiskInfo;

typedef enum DiskReadFlags {
        /* Take ID_SERIAL, ID_FS_TYPE, ID_FS_LABEL from the environment (udev's event),
         * never touch the disk. */
        DISK_READ_EVENT = 1 << 0,
        /* Admin commands: may probe the disk with libblkid and, where the kernel exposes no
         * VPD attributes, send one bounded INQUIRY. */
        DISK_READ_PROBE = 1 << 1,
} DiskReadFlags;

/* Resolves "sdb", "/dev/sdb", "/dev/disk/by-id/...", or a sysfs path to a block device. */
int disk_device_from_arg(struct udev *udev, const char *arg, struct udev_device **ret);

int disk_read(struct udev_device *dev, DiskReadFlags flags, DiskInfo *ret);
void disk_info_free(DiskInfo *d);

/* Every SCSI disk (not partitions), sorted by SCSI address. */
int disk_enumerate(struct udev *udev, DiskReadFlags flags, DiskInfo **ret, size_t *ret_n);
void disk_list_free(DiskInfo *list, size_t n);

/* The identity bindings use for the disk: its serial, or "iscsi:<iqn>:<lun>". */
int disk_identity(const DiskInfo *d, bool by_iscsi, char *buf, size_t size);

int hctl_compare(const DiskInfo *a, const DiskInfo *b);
