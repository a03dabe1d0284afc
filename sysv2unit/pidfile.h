/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>

#include "script.h"
#include "trace.h"

/* Which pid file tells systemd the daemon's PID: what the start verb gives its launcher,
 * else what stop or status use, else a claim (the '# pidfile:' header, a PIDFILE=
 * variable) that some verb uses or, for the header, that the daemon's program on the
 * target confirms; a hard link the script makes to the daemon's own file is followed.
 * Lock files, run-time paths and an upgrade's .oldbin are never taken. */

typedef struct PidFile {
        char *path;          /* NULL when none can be trusted */
        char why[WHY_MAX];   /* where path came from */
        char note[WHY_MAX];  /* when there is none: a candidate that was not used, and why */
} PidFile;

/* The traces of the unit's verbs (stop and status may be empty), with their verbs (NULL
 * where there is none).  instance: a start-X unit, for which the script-wide claims do
 * not count.  env: the top level's variables (a copy: expanding may assign).  Returns 0
 * or -ENOMEM; ret->path is the caller's to free. */
int pidfile_find(const Script *s, Env *env, const Verb *start_verb, const Trace *start, const Verb *stop_verb,
                 const Trace *stop, const Verb *status_verb, const Trace *status, const char *processname,
                 bool instance, PidFile *ret);
