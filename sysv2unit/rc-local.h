/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"

/* /etc/rc.local is no init script (it has no verbs): it becomes the unit systemd's
 * rc-local.service was, run once at boot after the network is online.  Used by the
 * conversion (sysv2unit /etc/rc.local) and by sysv2unit-generator. */

/* Whether path names an rc.local (/etc/rc.local, Red Hat's /etc/rc.d/rc.local). */
bool rc_local_is(const char *path);

/* The plan of rc-local.service running path; install: [Install] WantedBy=multi-user.target
 * (a conversion), else none (the generator links it).  Returns 0 or -ENOMEM. */
int rc_local_plan(const char *path, bool install, UnitPlan *ret);

/* The same as the one plan of an array, as analyze_script() returns plans. */
int rc_local_plans(const char *path, UnitPlan **ret_plans, size_t *ret_n);
