/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "headers.h"
#include "plan.h"

/* What the system the units are for (--root) already has: its unit files and which
 * scripts its rcN.d links start.  target_load() does the I/O; everything else here is
 * pure over this struct, so tests fill it by hand. */

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
} TargetScript;

typedef struct Target {
        TargetUnit *units;
        size_t n_units;
        TargetScript *scripts;
        size_t n_scripts;
} Target;

/* Reads <root>'s unit directories and rc links (root "" or NULL is /). */
int target_load(const char *root, Target *ret);
/* The same from explicit absolute directories (sysv2unit-generator's search paths):
 * units of each unit_dirs entry, rc links of BASE/rcN.d for each rcnd_dirs entry, the
 * scripts of each init_dirs entry.  Each list ends with NULL. */
int target_load_dirs(const char *const *unit_dirs, const char *const *rcnd_dirs, const char *const *init_dirs,
                     Target *ret);
void target_done(Target *t);

const TargetUnit *target_find_unit(const Target *t, const char *name);
const TargetScript *target_find_script(const Target *t, const char *name);

/* The native unit that makes converting script NAME wrong: NAME.service on the target,
 * unless sysv2unit wrote it. NULL when there is none. */
const TargetUnit *target_native_unit(const Target *t, const char *script_name);

/* Records the units (and aliases) of a plan converted in this run, so that a later
 * script of the same run neither takes its name nor its aliases. */
int target_add_converted(Target *t, const UnitPlan *p, const char *script);

/* Unit names from LSB names: "mysql" -> "mysql.service", "network-online.target" stays.
 * Returns false (and leaves buf unspecified) for names that cannot be units; plain_only
 * refuses templates and instances (an Alias= of a plain unit must be plain). */
bool unit_name_from_lsb(const char *name, bool plain_only, char *buf, size_t size);
bool unit_name_valid(const char *name, bool plain_only);

/* Makes a plan right for the target: unit names as given, Requires= only on what exists,
 * Alias= only where the name is free, WantedBy= from the rc links, early-boot ordering.
 * headers are the script's own; notes go to diags. */
int target_adjust_plan(const Target *t, const char *script_name, const ScriptHeaders *h, UnitPlan *p,
                       Diags *diags);

/* Whether a file of init.d is worth converting.  Returns NULL for a script, else the
 * reason it is skipped ("a backup file", "not an init script: ...").  text NULL: judge
 * by the name alone. */
const char *init_d_skip_reason(const char *file_name, const char *text, size_t size, bool executable);

/* A byte that must never reach a unit file through a path or a name. */
bool has_control_char(const char *s);
