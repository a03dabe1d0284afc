/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>

#include "diag.h"
#include "plan.h"
#include "script.h"

/* Converts one script into one unit, or one unit per instance: reads the script
 * (script.h), traces its verbs and derives the facts about each service (trace.h,
 * facts.h), and builds each unit from those facts (generate.h).  Returns 0 with plans,
 * or a negative errno with the reasons in diags (file positions are lines of the
 * script). */
int analyze_script(const AnalyzeInput *in, UnitPlan **ret_plans, size_t *ret_n, Diags *diags);
