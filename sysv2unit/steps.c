/* SPDX-License-Identifier: MIT */
/* What one traced step does, by the program table (steps.h). */
#include "steps.h"

#include <string.h>

#include "script.h"

bool step_is(const Step *st, const char *const *names) {
        return st->argc > 0 && st->resolved[0] && str_in(path_basename(st->argv[0]), names);
}

const Program *step_program(const Step *st) {
        return st->argc > 0 && st->resolved[0] ? program_find(path_basename(st->argv[0])) : NULL;
}

bool step_role(const Step *st, ProgramRole role) {
        const Program *p = step_program(st);
        return p && p->role == role;
}

bool step_has_arg(const Step *st, const char *const *names) {
        for (size_t i = 1; i < st->argc; i++)
                if (str_in(st->argv[i], names))
                        return true;
        return false;
}

/* Launches a daemon: returns a description of how, or NULL. */
const char *step_launches(const Step *st, const char *processname) {
        if (st->argc == 0)
                return NULL;
        const Program *p = step_program(st);
        if (p && p->role == ROLE_LAUNCHER)
                return p->name;
        if (p && p->role == ROLE_SSD && step_has_arg(st, (const char *const[]) { "--start", "-S", NULL }))
                return "start-stop-daemon --start";
        if (p && p->role == ROLE_DAEMON)
                return "a program that always becomes a daemon";
        if (p && p->role == ROLE_CONTROL && step_has_arg(st, p->start_words))
                return "the daemon's own control program";
        if (st->background && !step_is(st, (const char *const[]) { "wait", "sleep", NULL }) &&
            !(p && p->role == ROLE_INERT))
                return "a command run in the background (&)";
        if (processname && st->resolved[0] && !strcmp(path_basename(st->argv[0]), processname))
                return "the program named by '# processname:'";
        return NULL;
}

/* Stops a process: killproc, kill (not kill -0), start-stop-daemon --stop. */
bool step_kills(const Step *st) {
        if (step_role(st, ROLE_KILLER))
                return !(step_is(st, (const char *const[]) { "kill", NULL }) &&
                         step_has_arg(st, (const char *const[]) { "-0", NULL }));
        return step_role(st, ROLE_SSD) && step_has_arg(st, (const char *const[]) { "--stop", "-K", NULL });
}

/* Long options a daemon itself takes for its pid file, whatever the program. */
static const char *const PIDFILE_LONG[] = { "--pidfile", "--pid-file", "-pidfile", "--pid", NULL };

static bool pidfile_option(const Program *p, const char *a, bool after_dashdash) {
        if (str_in(a, PIDFILE_LONG))
                return true;
        /* A short option means a pid file only for the tool that documents it so, and
         * not after "--", where the daemon's own options start (mkdir -p, snmpd -p). */
        return p && p->pidfile_options && !after_dashdash && str_in(a, p->pidfile_options);
}

/* Returns the argument naming a pid file in st, and whether it was resolved. */
const char *step_pidfile(const Step *st, bool *resolved, const char **how) {
        const Program *p = step_program(st);
        bool after_dashdash = false;
        for (size_t i = 1; i < st->argc; i++) {
                const char *a = st->argv[i];
                if (!strcmp(a, "--")) {
                        after_dashdash = true;
                        continue;
                }
                const char *eq = strchr(a, '=');
                if (eq && a[0] == '-') {
                        _cleanup_free_ char *opt = strndup(a, (size_t) (eq - a));
                        if (opt && pidfile_option(p, opt, after_dashdash)) {
                                *resolved = st->resolved[i];
                                *how = PIDFILE_LONG[0];
                                for (const char *const *o = PIDFILE_LONG; *o; o++)
                                        if (!strcmp(*o, opt))
                                                *how = *o;
                                if (p && p->pidfile_options)
                                        for (const char *const *o = p->pidfile_options; *o; o++)
                                                if (!strcmp(*o, opt))
                                                        *how = *o;
                                return eq + 1;
                        }
                }
                if (pidfile_option(p, a, after_dashdash) && i + 1 < st->argc) {
                        *resolved = st->resolved[i + 1];
                        *how = str_in(a, PIDFILE_LONG) ? PIDFILE_LONG[0] : "-p";
                        for (const char *const *o = PIDFILE_LONG; *o; o++)
                                if (!strcmp(*o, a))
                                        *how = *o;
                        return st->argv[i + 1];
                }
                if (!strncmp(a, "pidfile=", 8) || !strncmp(a, "PIDFILE=", 8)) {
                        *resolved = st->resolved[i];
                        *how = "pidfile=";
                        return a + 8;
                }
        }
        /* echo $! > FILE */
        if (st->redirect && step_is(st, (const char *const[]) { "echo", "printf", NULL }))
                for (size_t i = 1; i < st->command->n_words; i++)
                        if (strstr(st->command->words[i].raw, "$!")) {
                                *resolved = st->redirect_resolved;
                                *how = "echo $! >";
                                return st->redirect;
                        }
        return NULL;
}

/* Whether a kill step sends a signal other than one that ends the process (killproc
 * prog -HUP, kill -USR1, start-stop-daemon --stop --signal HUP): that asks the daemon
 * to reload, it does not stop it. */
bool step_sends_other_signal(const Step *st) {
        bool ssd = step_role(st, ROLE_SSD);
        for (size_t i = 1; i < st->argc; i++) {
                const char *a = st->argv[i], *sig = NULL;
                if ((!strcmp(a, "--signal") || !strcmp(a, "-s")) && i + 1 < st->argc)
                        sig = st->argv[i + 1];
                else if (!strncmp(a, "--signal=", 9))
                        sig = a + 9;
                else if (!ssd && a[0] == '-' && ((a[1] >= 'A' && a[1] <= 'Z') || (a[1] >= '0' && a[1] <= '9')))
                        sig = a + 1;
                if (!sig)
                        continue;
                if (!strncmp(sig, "SIG", 3))
                        sig += 3;
                if (!str_in(sig, (const char *const[]) { "TERM", "KILL", "15", "9", "0", "INT", "QUIT", "2", "3", NULL }))
                        return true;
        }
        return false;
}

