/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* The programs init scripts use to start, stop and find daemons, in one table: what
 * each does, which argument makes it start a daemon, and which option names a pid file.
 * Everything the facts stage knows about particular programs is here. */

typedef enum ProgramRole {
        ROLE_LAUNCHER,  /* starts the program it is given as a daemon: daemon, startproc */
        ROLE_SSD,       /* start-stop-daemon: --start launches, --stop kills */
        ROLE_KILLER,    /* stops a process: killproc, kill, pkill, killall */
        ROLE_STATUS,    /* finds a running process: status, pidofproc, pidof */
        ROLE_CONTROL,   /* a daemon's own control program: "postfix start", "pg_ctl start" */
        ROLE_DAEMON,    /* a program that always becomes a daemon: mysqld_safe */
        ROLE_RUN_AS,    /* runs a command given with -c as another user or shell: su, runuser */
        ROLE_INERT,     /* only talks to the terminal or decides the exit status */
} ProgramRole;

typedef struct Program {
        const char *name;
        ProgramRole role;
        /* ROLE_CONTROL: arguments that make it start the daemon */
        const char *const *start_words;
        /* options that name a pid file ("--pidfile F", "--pidfile=F", "-p F") */
        const char *const *pidfile_options;
        /* options that take a value (so the program launched is the first other word) */
        const char *const *value_options;
} Program;

/* The entry for a command by its base name, or NULL. */
const Program *program_find(const char *name);
bool program_has_role(const char *name, ProgramRole role);
