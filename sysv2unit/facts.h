/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "script.h"
#include "trace.h"

/* Stage 3: the facts about a service, derived from the traces of its verbs, each with
 * the reason a reader of --explain needs.  One ServiceFacts per unit to write: the
 * whole script, or one per start-X/stop-X instance.  What single steps do is asked of
 * steps.h, the pid file of pidfile.h.  The next stage (generate.h) turns facts into
 * unit lines and knows nothing of shell. */

typedef struct ServiceFacts {
        const char *instance; /* NULL: the whole script; else X of start-X/stop-X */
        /* The verbs the unit runs (pointers into the Script); stop, status, reload may be NULL. */
        const Verb *start, *stop, *status, *reload;

        bool starts_something;      /* start runs more than messages and exit codes */
        bool is_daemon;             /* start leaves a process that keeps running */
        char daemon_why[WHY_MAX];   /* how it does, when is_daemon */
        char *pidfile;              /* the daemon's pid file, NULL when none can be trusted */
        char pidfile_why[WHY_MAX];  /* where pidfile came from */
        char pidfile_note[WHY_MAX]; /* when there is none: a candidate that was not used, and why */
        bool reload_real;           /* reload does work of its own */
        const char *reload_why_not; /* when reload exists but is not one */
        /* LSB exit codes 5 (not installed) and 6 (not configured) mean "nothing to do":
         * the script has an LSB header, or its start exits so. */
        bool lsb_exit_codes;
        char lsb_exit_why[WHY_MAX];
        unsigned timeout_sec;       /* 0: systemd-sysv-generator's 5 min; else the script's wait plus a margin */
        char timeout_why[WHY_MAX];
} ServiceFacts;

/* The units a script gives: one per instance when it has start-X/stop-X pairs, else one
 * for start/stop.  Returns 0, or a negative errno with the reason in diags. */
int facts_derive(const Script *s, ServiceFacts **ret, size_t *ret_n);
void service_facts_free_many(ServiceFacts *f, size_t n);
