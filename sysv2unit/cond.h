/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>

#include "expand.h"
#include "shell.h"
#include "walk.h"

/* Conditions a static reading can decide: the outcome of one command used as a
 * condition, from a small context (the variables, what $1 is, the target's
 * configuration files, which functions exist), never the whole Script. */

/* Reads a file of the target (a sourced /etc/sysconfig/NAME, /etc/default/NAME, the
 * init-d-script framework); returns -ENOENT when it is not there.  Kept outside so the
 * analysis itself does no I/O. */
typedef int (*source_reader)(void *userdata, const char *path, char **ret_text);

typedef struct CondContext {
        ExpandContext expand; /* the variables, the script's path and name, $1 */
        source_reader read_source; /* NULL: no file of the target can be read */
        void *read_source_data;
        /* Whether a function of that name is defined (init-d-script's is_call_implemented). */
        bool (*has_function)(const void *userdata, const char *name);
        const void *functions;
} CondContext;

/* The outcome of one command used as a condition, where the reading can know it:
 * test/[ with -z, -n, =, !=, -eq, -ne, !; true, false, ':'; -r/-f/-e of a sourceable
 * configuration file (it is read from the target); init-d-script's is_call_implemented
 * (whether the function exists).  A variable the script never assigned is empty here:
 * systemd runs the script with a clean environment.  Everything else is unknown. */
Truth cond_eval(const CondContext *ctx, const Command *c);

/* Whether the command is one whose outcome cond_eval knows without running it, and that
 * does nothing else (is_call_implemented). */
bool cond_is_pure_query(const Command *c);

/* The configuration files a script may source (and test for): /etc/sysconfig,
 * /etc/default, /etc/conf.d. */
bool sourceable_config(const char *path);
