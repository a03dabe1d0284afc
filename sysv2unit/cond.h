/* SPDX-License-Identifier: MIT */
#pragma once

#include "script.h"

/* What a static reading can tell of a condition's outcome. */
typedef enum Truth {
        TRUTH_FALSE,
        TRUTH_TRUE,
        TRUTH_UNKNOWN,
} Truth;

static inline Truth truth_not(Truth t) {
        return t == TRUTH_UNKNOWN ? t : t == TRUTH_TRUE ? TRUTH_FALSE : TRUTH_TRUE;
}

/* The outcome of one command used as a condition, where the reading can know it:
 * test/[ with -z, -n, =, !=, -eq, -ne, !; true, false, ':'; -r/-f/-e of a sourceable
 * configuration file (it is read from the target); init-d-script's is_call_implemented
 * (whether the function exists).  A variable the script never assigned is empty here:
 * systemd runs the script with a clean environment.  Everything else is unknown. */
Truth cond_eval(Script *s, const Command *c, Env *env, const char *arg1);

/* Whether the command is one whose outcome cond_eval knows without running it, and that
 * does nothing else (is_call_implemented). */
bool cond_is_pure_query(const Command *c);

/* The configuration files a script may source (and test for): /etc/sysconfig,
 * /etc/default, /etc/conf.d. */
bool sourceable_config(const char *path);
