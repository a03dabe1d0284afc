/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>

#include "plan.h"
#include "script.h"

/* The unit's place among other units, from the script's headers: Requires/Wants/After/
 * Before from the LSB dependencies, WantedBy from the runlevels, Alias from Provides. */

/* Returns 0 or -ENOMEM; names that cannot be units become warnings in s->diags. */
int relations_add_dependencies(UnitPlan *p, const Script *s);
/* instance: the unit is one of several from the script (no Alias: the names would clash). */
int relations_add_install(UnitPlan *p, const Script *s, bool instance);
