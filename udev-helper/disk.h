/* SPDX-License-Identifier: MIT */
#pragma once

/* What udev-helper knows about one disk, and the pure helpers over it.  No libudev, no
 * libblkid: disk-sysfs.h reads a DiskInfo from sysfs and udev's properties (disk-event.h
 * for the event path, disk-udev.h for the admin commands), disk-probe.h lets the admin
 * commands look at the disk itself. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpd.h"

typedef struct PartitionSignature {
        char *sysname;
        char *fs_type;
        char *fs_usage;
} PartitionSignature;

/* One SCSI disk (and, when asked about a partition, which partition). */
typedef struct DiskInfo {
        char *sysname; /* of the whole disk: sdb */
        char *devnode; /* /dev/sdb */
        char *syspath;
        unsigned partition;      /* the partition number asked about, 0 for the disk */
        char *partition_devnode; /* /dev/sdb1 */
        char *partition_syspath; /* its sysfs directory */

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
        /* Neither sysfs VPD nor udev's ID_SERIAL: only an INQUIRY can tell (admin commands). */
        bool needs_inquiry;

        char *iscsi_target; /* target IQN when the disk is below an iSCSI session */

        /* dm-multipath: the map (dm-N, DM_UUID=mpath-<WWID>) stands for its paths; its serial
         * is the WWID, its vendor, model and host those of its first path. */
        bool is_multipath_map;
        bool multipath_member; /* a path of a map: never named */
        char *multipath_map;   /* for a member, the map's sysname when known */

        /* Admin commands: the negative errno when the disk could not be opened or probed;
         * everything else is still what sysfs and udev know. */
        int read_error;

        char *fs_type; /* what blkid found on the device asked about */
        char *fs_label;
        char *fs_usage;
        bool fs_known; /* fs_* were looked up (event properties or a probe) */
        bool has_partitions;
        uint64_t partitions_present; /* admin commands: bit N-1 for partition N (1..64) */
        char *in_use_reason; /* admin commands: active use (mounted, held, swap, opened
                              * exclusively), whatever the class; --force never overrides it */
        bool fs_ambivalent;  /* admin commands: libblkid found more than one signature */
        /* Admin commands: what libblkid found on each partition of the disk. */
        PartitionSignature *partition_signatures;
        size_t n_partition_signatures;
} DiskInfo;

void disk_info_done(DiskInfo *d);
/* The node of the device d describes: the partition asked about, else the disk. */
static inline const char *disk_node(const DiskInfo *d) {
        return d->partition_devnode ? d->partition_devnode : d->devnode;
}
/* Its sysfs directory, the same way. */
static inline const char *disk_device_syspath(const DiskInfo *d) {
        return d->partition_syspath ? d->partition_syspath : d->syspath;
}
void disk_list_free(DiskInfo *list, size_t n);

/* The identity bindings use for the disk: its serial, or "iscsi:<iqn>:<lun>". */
int disk_identity(const DiskInfo *d, bool by_iscsi, char *buf, size_t size);

int hctl_compare(const DiskInfo *a, const DiskInfo *b);

/* strdup() that keeps NULL as NULL; 0 or -ENOMEM. */
int disk_strdup(char **field, const char *value);
/* Copies src into dst (size bytes) without leading spaces and trailing blanks. */
void disk_trim_copy(char *dst, const char *src, size_t size);
