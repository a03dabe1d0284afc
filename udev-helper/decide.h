/* SPDX-License-Identifier: MIT */
#pragma once

/* The one decision about a device (its class, identity, claimed name, problems and name),
 * from facts already read, for every command.  Pure: no I/O. */

#include <stdbool.h>

#include "bindings.h"
#include "config.h"
#include "disk.h"
#include "problem.h"

typedef struct Verdict {
        const DiskClass *class;     /* bound class, else the first class that matches */
        const BindingLine *binding; /* NULL when unbound */
        char identity[BINDING_ID_MAX + 1];
        bool has_identity;
        char *claim; /* the name the device asks for, whether or not it gets it */
        char *name;  /* the name it gets: the claim when there is no problem, else NULL */
        ProblemSet problems;
        char detail[256]; /* what exactly was found, for people */
        Problem detail_of;  /* the problem detail is about */
        bool final;         /* checked (decide_check), or nothing left to check */
} Verdict;

void verdict_done(Verdict *v);

bool class_matches(const DiskClass *k, const DiskInfo *d);
const DiskClass *class_for_disk(const Config *c, const DiskInfo *d);

/* Label (oracleasm: the disk name; gfs2: "cluster:fs") to a name below prefix; -EINVAL when
 * the label is empty, holds characters udev would mangle, or would leave the prefix. */
int label_to_name(const char *prefix, const char *fs_type, const char *label, char **ret);

/* Whether an unbound disk counts as holding data, for `bind`; fills reason.  A signature
 * (a filesystem, several of them, a stale header) is what bind --force may override, as
 * mkfs -f does; active use (mounted, held by dm/md/LVM, swap, opened exclusively, an md or
 * LVM member) it never overrides. */
typedef enum InUse {
        IN_USE_NO = 0,
        IN_USE_SIGNATURE,
        IN_USE_ACTIVE,
} InUse;
InUse disk_in_use(const DiskInfo *d, const DiskClass *k, char *reason, size_t size);

/* What the caller found out about other devices: at event time from udev's tags and links
 * (claims.h), in admin commands by comparing every disk (survey.h). */
typedef struct Others {
        const char *same_identity; /* another present disk with this disk's identity */
        const char *same_name;     /* another device claiming this device's name */
} Others;

/* Everything udev-helper decides about one device, from facts already read: no I/O; the
 * one decision for export, scan, check, list, query, bind and rules, in two steps.
 *
 * decide_claim(): the device alone and its own binding line: its class (class: the class
 * asked for, bind --class; NULL for the bound class, else the first class that matches), its
 * identity, and the name it claims, with every problem these show.
 *
 * decide_check(): that claim against the others: bindings lines that bind the same name (b
 * must hold every line that binds the claimed name or its stem, see export), and what the
 * caller found out about other devices (others may be NULL).  Sets name when nothing is
 * wrong.  A verdict decide_claim() already settled (not SCSI, a multipath path, no class)
 * passes unchanged. */
int decide_claim(const DiskInfo *d, const Config *c, const Bindings *b, const DiskClass *class, Verdict *ret);
int decide_check(const DiskInfo *d, const Bindings *b, const Others *others, Verdict *v);
/* Both at once, for one device on its own. */
int decide(const DiskInfo *d, const Config *c, const Bindings *b, const DiskClass *class, const Others *others,
           Verdict *ret);

/* The name the admin commands show for a verdict: what export gives the disk or, for a
 * class that names partition N, that partition; NULL when it gets none. */
const char *verdict_shown_name(const Verdict *v);
