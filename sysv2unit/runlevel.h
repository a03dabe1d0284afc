/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* SysV runlevels and the systemd targets that stand for them, in one table (as
 * systemd-sysv-generator's rcnd_table): rcS -> sysinit.target, rc2-rc4 ->
 * multi-user.target, rc5 -> graphical.target.  rc0, rc1 and rc6 start nothing a unit
 * is wanted by (halt, single user, reboot).  Every use of runlevels goes through here:
 * Default-Start and chkconfig runlevels, and the rcN.d links of the target. */

#define RUNLEVEL_TARGETS_MAX 3

/* The target an S link of runlevel c makes a unit wanted by, or NULL. */
const char *runlevel_target(char c);

/* The row of rcS in runlevel_mask()'s sets: started before sysinit.target. */
#define RUNLEVEL_MASK_SYSINIT (1u << 0)

/* The runlevels of levels ("2345", "S") as a set of the table's rows. */
unsigned runlevel_mask(const char *levels);

/* The targets of a set, each once, in the table's order (sysinit, multi-user,
 * graphical).  Returns how many. */
size_t runlevel_targets(unsigned mask, const char *ret[RUNLEVEL_TARGETS_MAX]);
