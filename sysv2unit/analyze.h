/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>

#include "diag.h"
#include "plan.h"
#include "script.h"
#include "target.h"

/* The library's entry point: the whole conversion of one script, every stage in one
 * direction, no I/O but through in->read_source:
 *
 *   1. read      script.h    headers, top-level assignments, sourced configuration,
 *                            functions, the dispatching case            -> Script
 *   2. trace     trace.h     the commands each verb runs                 -> Trace
 *   3. facts     facts.h     daemon or oneshot, pid file, reload...      -> ServiceFacts
 *   4. generate  generate.h  the unit's lines, dependencies and [Install]
 *                            decided against the target (relations.h)    -> UnitPlan
 *   5. adjust    adjust.h    early boot: what the target's boot order asks
 *
 * Later stages read what earlier ones produced and never change it.  One plan per unit:
 * one for the script, or one per start-X/stop-X instance.  target: the system the units
 * are for (target_load(), or a Target filled by hand); NULL when nothing is known of it
 * (the headers alone decide, no early-boot adjustment).  The caller renders each plan
 * with plan_render() and writes it.
 *
 * Returns 0 with plans (free each with plan_free(), then the array), or a negative errno
 * with the reasons in diags (file positions are lines of the script).  Warnings go to
 * diags either way. */
int analyze_script(const AnalyzeInput *in, const Target *target, UnitPlan **ret_plans, size_t *ret_n,
                   Diags *diags);
