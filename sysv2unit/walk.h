/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>

#include "shell.h"

/* The one walker of shell lists for every static reading (the top level in script.c,
 * verbs in trace.c): if/elif/else, &&, || and ! read three-valued, so that a branch a
 * condition rules out is not walked, and code that runs only maybe is walked as such.
 * What a command, a case or a function definition means is the caller's, through
 * callbacks; the walker knows only how lists combine their statuses. */

/* What a static reading can tell of a condition's outcome. */
typedef enum Truth {
        TRUTH_FALSE,
        TRUTH_TRUE,
        TRUTH_UNKNOWN,
} Truth;

static inline Truth truth_not(Truth t) {
        return t == TRUTH_UNKNOWN ? t : t == TRUTH_TRUE ? TRUTH_FALSE : TRUTH_TRUE;
}

typedef struct ShellWalker {
        /* A node that is no list (command, case, function definition): its status as far
         * as the reading knows it.  maybe: it runs only under a condition the reading
         * cannot decide. */
        Truth (*leaf)(void *userdata, const Node *n, bool maybe);
        /* Around a list run with '&' (enter true, then false); its status is unknown.
         * NULL: such a list is walked like any other. */
        void (*background)(void *userdata, bool enter);
        void *userdata;
} ShellWalker;

/* Walks n; returns its status (an if statement's is unknown). */
Truth shell_walk(const ShellWalker *w, const Node *n, bool maybe);
