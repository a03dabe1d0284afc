/* SPDX-License-Identifier: MIT */
/* The stage runner: read, trace, facts, generate, adjust, in that order (analyze.h). */
#include "analyze.h"

#include <errno.h>
#include <stdlib.h>

#include "adjust.h"
#include "facts.h"
#include "generate.h"

int analyze_script(const AnalyzeInput *in, const Target *target, UnitPlan **ret_plans, size_t *ret_n,
                   Diags *diags) {
        Script s;
        ServiceFacts *facts = NULL;
        size_t n_facts = 0;
        UnitPlan *plans = NULL;
        size_t n_plans = 0;

        int r = script_read(in, &s, diags);
        if (r >= 0)
                r = facts_derive(&s, &facts, &n_facts);
        /* one more for the group of a script split into instances */
        if (r >= 0 && !(plans = calloc(n_facts + 1, sizeof(UnitPlan))))
                r = -ENOMEM;
        for (size_t i = 0; r >= 0 && i < n_facts; i++) {
                r = generate_unit(&s, target, &facts[i], &plans[i]);
                if (r >= 0)
                        n_plans++;
                if (r >= 0 && target)
                        r = adjust_for_target(target, &s.headers, &plans[i], diags);
        }
        if (r >= 0 && n_plans > 0 && facts[0].instance) {
                r = generate_group_unit(&s, target, plans, n_plans, &plans[n_plans]);
                if (r >= 0)
                        n_plans++;
                if (r >= 0 && target)
                        r = adjust_for_target(target, &s.headers, &plans[n_plans - 1], diags);
        }
        service_facts_free_many(facts, n_facts);
        script_done(&s);
        if (r < 0) {
                for (size_t i = 0; i < n_plans; i++)
                        plan_free(&plans[i]);
                free(plans);
                return r;
        }
        *ret_plans = plans;
        *ret_n = n_plans;
        return 0;
}
