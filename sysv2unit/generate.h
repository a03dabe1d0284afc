/* SPDX-License-Identifier: MIT */
#pragma once

#include "facts.h"
#include "plan.h"
#include "script.h"

/* Stage 4: building one unit from the facts about a service and the script's headers
 * (the shape of systemd-sysv-generator's SysvStub -> unit file).  Every line carries
 * its reason for --explain.  Returns 0 or -ENOMEM. */
int generate_unit(const Script *s, const ServiceFacts *f, UnitPlan *ret);
