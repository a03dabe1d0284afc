/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>

#include "expand.h"
#include "shell.h"

/* Guards: top-level tests that make a script exit 0 doing nothing when a file is
 * missing ("[ -x $DAEMON ] || exit 0", Debian's postfix "test -x $DAEMON && test -f
 * /etc/postfix/main.cf || exit 0", "if [ ! -x ... ]; then echo ...; exit 0; fi").
 * Under systemd each is a condition, so the unit is skipped rather than "started"
 * with nothing running.  Pure over a parsed tree. */

typedef struct Guard {
        const char *condition; /* "ConditionFileIsExecutable", "ConditionPathExists", ... */
        char *path;
        char *test;            /* "-x" */
        unsigned line;
} Guard;

typedef struct Guards {
        Guard *items;
        size_t n, allocated;
} Guards;

/* The guards among the items of top (the script's own top level; not functions, not
 * conditional code, only "exit 0", only chains of tests that must all hold), paths
 * expanded with expand (a run-time path is none).  Returns 0 or -ENOMEM. */
int guards_find(const Node *top, const ExpandContext *expand, Guards *ret);
void guards_free(Guards *g);
