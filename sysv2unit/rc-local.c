/* SPDX-License-Identifier: MIT */
#include "rc-local.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

bool rc_local_is(const char *path) {
        const char *b = strrchr(path, '/');
        return !strcmp(b ? b + 1 : path, "rc.local");
}

int rc_local_plan(const char *path, bool install, UnitPlan *ret) {
        UnitPlan p = {};
        char desc[4200];
        snprintf(desc, sizeof(desc), "%s Compatibility", path);
        int r = (p.unit_name = strdup("rc-local.service")) ? 0 : -ENOMEM;
        if (r >= 0)
                r = plan_add(&p, SECTION_UNIT, "Description", desc, "Description: what systemd's rc-local.service said");
        if (r >= 0)
                r = plan_add(&p, SECTION_UNIT, "Documentation", "man:sysv2unit-generator(8)", "Documentation: rc.local");
        if (r >= 0)
                r = plan_add(&p, SECTION_UNIT, "ConditionFileIsExecutable", path,
                             "ConditionFileIsExecutable: rc.local runs only while it is executable");
        if (r >= 0)
                r = plan_add(&p, SECTION_UNIT, "Wants", "network-online.target",
                             "Wants: rc.local ran after the network was up (SysV init, Debian's rc-local.service)");
        if (r >= 0)
                r = plan_add(&p, SECTION_UNIT, "After", "network-online.target",
                             "After: rc.local ran after the network was up (SysV init, Debian's rc-local.service)");
        /* Type=forking with no time limit: rc.local may start daemons with '&' and wait for
         * anything; RemainAfterExit: it ran, once, until shutdown. */
        static const char *const fixed[][2] = { { "Type", "forking" },       { "TimeoutSec", "0" },
                                                { "RemainAfterExit", "yes" }, { "GuessMainPID", "no" },
                                                { "StandardOutput", "journal+console" },
                                                { "StandardError", "journal+console" } };
        for (size_t i = 0; i < ELEMENTSOF(fixed) && r >= 0; i++)
                r = plan_add(&p, SECTION_SERVICE, fixed[i][0], fixed[i][1],
                             "as systemd's rc-local.service: once per boot, no time limit, output on the console");
        if (r >= 0)
                r = plan_add_exec(&p, "ExecStart", path, "start", "ExecStart: rc.local, as SysV init ran it");
        if (r >= 0 && install)
                r = plan_add(&p, SECTION_INSTALL, "WantedBy", "multi-user.target",
                             "WantedBy: rc.local ran at the end of the multi-user runlevels");
        if (r < 0) {
                plan_free(&p);
                return r;
        }
        *ret = p;
        return 0;
}

int rc_local_plans(const char *path, UnitPlan **ret_plans, size_t *ret_n) {
        UnitPlan *p = calloc(1, sizeof(UnitPlan));
        if (!p)
                return -ENOMEM;
        int r = rc_local_plan(path, true, p);
        if (r < 0) {
                free(p);
                return r;
        }
        *ret_plans = p;
        *ret_n = 1;
        return 0;
}
