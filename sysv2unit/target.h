/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "names.h"
#include "plan.h"

/* What the system the units are for (--root) already has: its unit files, which scripts
 * its rcN.d links start, the scripts of its init.d.  target_load() does the I/O;
 * everything else here is pure over this struct, so tests fill it by hand.  This file
 * only describes the target: what a unit makes of it is decided by the stages
 * (relations.c, adjust.c). */

typedef struct TargetUnit {
        char *name;        /* "dbus.service" */
        char *path;        /* where it was found, relative to the root: "/lib/systemd/system/dbus.service" */
        bool masked;       /* a link to /dev/null */
        bool early;        /* DefaultDependencies=no: safe to order an early-boot unit after */
        bool by_sysv2unit; /* a unit this tool generated earlier: not native */
        char *early_after; /* early units: their After= names, space-separated (" a.service b.service ") */
} TargetUnit;

typedef struct TargetScript {
        char *name;       /* script file name in init.d */
        char levels[16];  /* runlevels with an S link: "2345", "S" */
        char first[128];  /* one link, for --explain: "/etc/rc2.d/S20cron" */
        bool any_link;    /* any S or K link: the admin's choice is recorded */
        bool in_init_d;   /* an executable file of <root>/etc/init.d */
        /* Its start priority: the highest of its S links in rc1-rc5 (as
         * systemd-sysv-generator took it), else its chkconfig header's. */
        bool has_priority;
        unsigned priority;
        bool link_priority; /* priority from an S link, not from the header */
        bool has_lsb;       /* an LSB header: ordered by its dependencies, not priorities */
} TargetScript;

typedef struct Target {
        TargetUnit *units;
        size_t n_units;
        TargetScript *scripts;
        size_t n_scripts;
        /* Built by target_load(), so that a run over n scripts does not cost n^2 string
         * compares (a Target filled by hand has neither: lookups scan, in order). */
        NameIndex script_index;           /* script name -> position in scripts */
        NameIndex unit_index;             /* unit name -> position of its first entry in units */
        bool units_indexed;               /* unit_index holds every unit */
        const TargetScript **by_name;     /* every script, in name order */
        /* Positions in by_name of the scripts of init.d with a start priority, and of those
         * of them without an LSB header: what ordering by priority compares a script with
         * (two LSB headers say their own order). */
        size_t *prio_any, *prio_plain;
        size_t n_prio_any, n_prio_plain;
} Target;

/* Reads <root>'s unit directories and rc links (root "" or NULL is /). */
int target_load(const char *root, Target *ret);

/* The bytes of a file the caller has read already (path: as found under the root), or
 * false: then target_load_known() reads it.  sysv2unit-generator has every script of
 * init.d in memory when it loads the target. */
typedef bool (*target_known_file)(void *userdata, const char *path, const char **ret_text, size_t *ret_size);
int target_load_known(const char *root, target_known_file known, void *userdata, Target *ret);
void target_done(Target *t);

const TargetUnit *target_find_unit(const Target *t, const char *name);
const TargetScript *target_find_script(const Target *t, const char *name);
/* The script (by file name, "kernfs.sh" or "kernfs") that becomes unit stem "kernfs";
 * one of init.d first. */
const TargetScript *target_script_of_stem(const Target *t, const char *stem);

/* Why no unit of this name ("foo.service") may be written for the target, in buf, or
 * NULL when one may: a mask is never replaced; a unit converted earlier in the same run
 * keeps its name; a native unit of the target (one sysv2unit did not write, in any unit
 * directory) is not overridden unless shadow_native.  A unit sysv2unit wrote is no
 * obstacle: it is refreshed. */
const char *target_unit_blocked(const Target *t, const char *unit, bool shadow_native, char *buf, size_t size);

/* Records the units (and aliases) of a plan converted in this run, so that a later
 * script of the same run neither takes its name nor its aliases. */
int target_add_converted(Target *t, const UnitPlan *p, const char *script);

/* The script of the target's init.d that becomes unit ("kernfs.sh" for kernfs.service),
 * or NULL. */
const TargetScript *target_script_making(const Target *t, const char *unit);

/* Whether an early-boot unit (no default dependencies, before sysinit.target) may be
 * ordered after unit without an ordering cycle: the target's early units and targets,
 * scripts of rcS, and units the target does not have at all. */
bool target_early_safe(const Target *t, const char *unit);
