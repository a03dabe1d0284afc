/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>

#include "programs.h"
#include "trace.h"

/* What one traced step does, read off the program table (programs.h): launches a
 * daemon, kills or signals one, names a pid file.  Pure over a Step; the facts stage
 * (facts.c) and the pid-file search (pidfile.c) ask the same questions here. */

/* Whether the step runs one of names (by base name; only when the command is known). */
bool step_is(const Step *st, const char *const *names);
const Program *step_program(const Step *st);
bool step_role(const Step *st, ProgramRole role);
bool step_has_arg(const Step *st, const char *const *names);

/* Launches a daemon: a description of how ("daemon", "start-stop-daemon --start", "a
 * command run in the background (&)"...), or NULL.  processname: '# processname:', a
 * program that is the daemon when it is run. */
const char *step_launches(const Step *st, const char *processname);

/* Stops a process: killproc, kill (not kill -0), start-stop-daemon --stop. */
bool step_kills(const Step *st);

/* A kill step that sends a signal other than one that ends the process (killproc prog
 * -HUP, kill -USR1, start-stop-daemon --stop --signal HUP): a reload, not a stop. */
bool step_sends_other_signal(const Step *st);

/* The argument of st naming a pid file, or NULL; *resolved whether it is known, *how the
 * option that named it ("--pidfile", "-p", "echo $! >"). */
const char *step_pidfile(const Step *st, bool *resolved, const char **how);
