/* SPDX-License-Identifier: MIT */
#pragma once

#include "facts.h"
#include "plan.h"
#include "script.h"
#include "target.h"

/* Stage 4: building one unit from the facts about a service, the script's headers and
 * what the target has (the shape of systemd-sysv-generator's SysvStub -> unit file).
 * Every line carries its reason for --explain, and is written final.  t NULL: nothing is
 * known of the target.  Returns 0, -ENOMEM or -ENAMETOOLONG. */
int generate_unit(const Script *s, const Target *t, const ServiceFacts *f, UnitPlan *ret);

/* The unit NAME.service of a script split into instances (NAME-X.service): it wants
 * every instance, which get PartOf= it, and it holds the script's [Install] and
 * aliases.  Having the script's own name, it also keeps systemd-sysv-generator from
 * making a unit of the script that would start every daemon a second time.  Returns 0,
 * -ENOMEM or -ENAMETOOLONG. */
int generate_group_unit(const Script *s, const Target *t, UnitPlan *instances, size_t n, UnitPlan *ret);
