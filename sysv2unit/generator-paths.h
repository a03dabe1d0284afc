/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "names.h"

/* Where sysv2unit-generator reads, the way systemd-sysv-generator did: init scripts from
 * SYSTEMD_SYSVINIT_PATH, rcN.d links below SYSTEMD_SYSVRCND_PATH (colon-separated
 * lists; empty or unset: the build's defaults), and the unit search path of systemd's
 * system manager without the generator directories (SYSTEMD_UNIT_PATH replaces it; a
 * trailing ':' appends the defaults, as systemd reads the variable).  Only the paths:
 * nothing here reads a script. */

#ifndef SYSV_INIT_PATH
#define SYSV_INIT_PATH "/etc/init.d"
#endif
#ifndef SYSV_RCND_PATH
#define SYSV_RCND_PATH "/etc/rc.d"
#endif
#define RC_LOCAL_PATH "/etc/rc.local"

typedef struct GenPaths {
        char **init_dirs; /* NULL-terminated, each absolute, no duplicates */
        char **rcnd_dirs;
        char **unit_dirs;
        char *rc_local;   /* /etc/rc.local; SYSV2UNIT_RC_LOCAL for tests */
        /* gen_paths_list_units(): every name in the unit directories, so that asking for
         * a unit no directory has costs no system call (most scripts have no unit: each
         * was a stat() per directory, ten at boot, twice a script). */
        bool units_listed;
        char **unit_names;
        size_t n_unit_names, allocated_unit_names;
        NameIndex unit_name_index;
} GenPaths;

int gen_paths_from_env(GenPaths *ret);
void gen_paths_done(GenPaths *p);

/* A colon-separated list: relative entries made absolute against the working directory,
 * duplicates and empty entries dropped.  *ret_trailing_colon: the value ended in ':'.
 * Returns 0 or -ENOMEM. */
int gen_split_path_list(const char *value, char ***ret, bool *ret_trailing_colon);

/* Where UNIT (a full name: "foo.service") is on the unit search path: its path (into
 * buf) and whether it is masked (a link to /dev/null, or an empty file in /etc as
 * systemctl mask would not make but admins do).  Returns true when found. */
bool gen_find_unit(const GenPaths *p, const char *unit, char *buf, size_t size, bool *ret_masked);
/* Reads the unit directories' names once, for gen_find_unit(); the directories must not
 * change while the paths are used (a generator runs before any unit starts).  Where a
 * directory cannot be read, gen_find_unit() keeps asking the file system.  Returns 0 or
 * -ENOMEM. */
int gen_paths_list_units(GenPaths *p);

/* systemd's rule for files every directory scan ignores: hidden files, editor backups
 * ("~") and package managers' leftovers (.rpmsave, .dpkg-old, .ucf-new, .bak...). */
bool gen_hidden_or_backup(const char *name);

void gen_strv_free(char **l);
