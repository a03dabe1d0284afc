/* SPDX-License-Identifier: MIT */
#pragma once

#include "diag.h"
#include "headers.h"
#include "plan.h"
#include "target.h"

/* Stage 5, the last: what the target's boot asks of a unit once it is built.  A unit of
 * rcS (WantedBy=sysinit.target), or one that an early unit of the target waits for
 * (systemd-update-utmp.service after auditd.service), runs before sysinit.target: it
 * gets no default dependencies, early ordering instead, and loses the orderings that
 * would be a cycle (each with a warning in diags).  Everything else is already final.
 * h: the script's headers.  Returns 0 or -ENOMEM. */
int adjust_for_target(const Target *t, const ScriptHeaders *h, UnitPlan *p, Diags *diags);
