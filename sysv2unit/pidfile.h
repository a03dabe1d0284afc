/* SPDX-License-Identifier: MIT */
#pragma once

#include "facts.h"
#include "script.h"
#include "trace.h"

/* Which pid file tells systemd the daemon's PID: what the start verb gives its launcher,
 * else what stop or status use, else a claim (the '# pidfile:' header, a PIDFILE=
 * variable) that some verb uses or, for the header, that the daemon's program on the
 * target confirms; a hard link the script makes to the daemon's own file is followed.
 * Lock files, run-time paths and an upgrade's .oldbin are never taken.  Sets
 * f->pidfile and f->pidfile_why, or f->pidfile_note with the candidate not used and why.
 * env: the top level's variables (a copy: expanding may assign).  Returns 0 or
 * -ENOMEM. */
int pidfile_find(const Script *s, Env *env, const Trace *start, const Trace *stop, const Trace *status,
                 const char *processname, ServiceFacts *f);
