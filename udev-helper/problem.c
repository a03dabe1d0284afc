/* SPDX-License-Identifier: MIT */
#include "problem.h"

#include <stddef.h>

#include "macro.h"

static const struct {
        const char *word;
        const char *advice;
} problem_table[_PROBLEM_MAX] = {
        [PROBLEM_CONFIG_ERROR] = { "config-error",
                                   "the configuration file has an error or is missing; disks keep the names of "
                                   "the last validated configuration, if there is one, until it is fixed "
                                   "(run 'udev-helper check')" },
        [PROBLEM_BINDINGS_ERROR] = { "bindings-error",
                                     "a line of the bindings file about this disk is damaged or conflicts with "
                                     "another line; it is ignored until fixed (run 'udev-helper check')" },
        [PROBLEM_NOT_SCSI] = { "not-scsi",
                               "the device is none of the disks udev-helper names (SCSI, NVMe namespaces, "
                               "virtio-blk, dm-multipath maps)" },
        [PROBLEM_MULTIPATH_MEMBER] = { "multipath-member",
                                       "the disk is one path of a dm-multipath map; the map is named, never "
                                       "a path (naming a path bypasses multipath)" },
        [PROBLEM_UNREADABLE] = { "unreadable",
                                 "the disk cannot be opened or read (an offline or failed path?); it is "
                                 "left as udev named it and cannot be bound until it can be read" },
        [PROBLEM_NO_UNIQUE_ID] = { "no-unique-id",
                                   "the disk reports no unique identifier (no NAA, EUI-64 or unit serial "
                                   "number), so it cannot be told apart from other disks" },
        [PROBLEM_DEFAULT_SERIAL] = { "default-serial",
                                     "the disk reports a default identifier that repeats on other systems "
                                     "(tgtd's IET 000T000L: set scsi_id/scsi_sn on the target or use a class "
                                     "with identify-by = iscsi; VMware's virtual NVMe serial: set "
                                     "disk.EnableUUID)" },
        [PROBLEM_DUPLICATE_SERIAL] = { "duplicate-serial",
                                       "another disk presents the same identifier (a cloned VMDK, or two "
                                       "paths to one LUN without multipath); neither may be named until one "
                                       "is removed or given a new identity" },
        [PROBLEM_NAME_COLLISION] = { "name-collision",
                                     "another device would get the same name (the same label on two disks, "
                                     "or a binding named like a label-derived name); neither gets it until "
                                     "one is relabelled or rebound" },
        [PROBLEM_RESERVED_NAME] = { "reserved-name",
                                    "the name lies in a namespace udev or the kernel own (disk/, mapper/, "
                                    "by-*, sda1, dm-0, null, ...); choose another" },
        [PROBLEM_UNKNOWN_CLASS] = { "unknown-class",
                                    "the disk is bound to a class the configuration does not define" },
        [PROBLEM_CLASS_MISMATCH] = { "class-mismatch",
                                     "the disk is bound to a class whose match-* keys it no longer satisfies; "
                                     "check that the binding names the right disk" },
        [PROBLEM_NO_ISCSI_SESSION] = { "no-iscsi-session",
                                       "the class identifies disks by iSCSI target and LUN, but the disk is "
                                       "not below an iSCSI session" },
        [PROBLEM_UNSAFE_LABEL] = { "unsafe-label",
                                   "the on-disk label cannot be used as a name (it is empty after "
                                   "sanitizing, or would leave the class's prefix)" },
        [PROBLEM_NO_LABEL] = { "no-label", "the class names disks from their label, and the disk has none" },
        [PROBLEM_IN_USE] = { "in-use",
                             "the disk holds data (a filesystem, swap, LVM, RAID or partitions with any of "
                             "these), or is mounted or held; use --force only if you are sure" },
};

const char *problem_word(Problem p) {
        return (size_t) p < ELEMENTSOF(problem_table) ? problem_table[p].word : "unknown";
}

const char *problem_advice(Problem p) {
        return (size_t) p < ELEMENTSOF(problem_table) ? problem_table[p].advice : "";
}

Problem problem_first(ProblemSet s) {
        for (int p = 0; p < _PROBLEM_MAX; p++)
                if (s & PROBLEM_BIT(p))
                        return (Problem) p;
        return _PROBLEM_MAX;
}
