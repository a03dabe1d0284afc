/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>

#include "plan.h"
#include "script.h"
#include "target.h"

/* The unit's place among other units, from the script's headers and what the target
 * has: Wants/After (never Requires) and Before from the LSB dependencies, WantedBy from
 * the rc links
 * (or the runlevels of the headers where the target has none), Alias from Provides.
 * Every name is written final, once.  t NULL: nothing is known of the target, the
 * headers alone decide.  Names that cannot be units become warnings in s->diags.
 * Both return 0 or -ENOMEM. */

int relations_add_dependencies(UnitPlan *p, const Script *s, const Target *t);
/* instance: the unit is one of several from the script (no Alias: the names would clash). */
int relations_add_install(UnitPlan *p, const Script *s, const Target *t, bool instance);
