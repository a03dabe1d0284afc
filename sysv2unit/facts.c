/* SPDX-License-Identifier: MIT */
/* Stage 3: daemon or oneshot, reload, exit codes, timeouts, instances (facts.h); the pid
 * file is pidfile.c's. */
#include "facts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "plan.h"
#include "pidfile.h"
#include "programs.h"
#include "steps.h"
#include "unit-name.h"

/* A verb that only prints, or that stops and starts again, is not a reload. */
static bool reload_is_real(const Script *s, const Trace *t, const char *stop_verb, const char **why_not) {
        char verb_key[80] = "";
        if (stop_verb)
                why_printf(verb_key, sizeof(verb_key), "verb:%s", stop_verb);
        if (trace_visited(t, "restart") || trace_visited(t, "stop") || trace_visited(t, "verb:restart") ||
            trace_visited(t, "verb:stop") || (stop_verb && trace_visited(t, verb_key))) {
                *why_not = "it stops and starts the service (a restart, which systemctl restart does)";
                return false;
        }
        /* Stops the daemon and starts it again under other names (do_stop; do_start). */
        const Step *stops = NULL, *starts = NULL;
        for (size_t i = 0; i < t->n; i++) {
                const Step *st = &t->steps[i];
                if (!stops && step_kills(st) && !step_sends_other_signal(st))
                        stops = st;
                if (!starts && step_launches(st, NULL))
                        starts = st;
        }
        if (stops && starts) {
                *why_not = "it stops the daemon and starts it again (a restart, which systemctl restart does)";
                return false;
        }
        for (size_t i = 0; i < t->n; i++) {
                const Step *st = &t->steps[i];
                if (st->argc == 0 || step_role(st, ROLE_INERT))
                        continue;
                if (st->resolved[0] && script_find_function(s, st->argv[0]))
                        continue; /* a call: its body's steps tell */
                return true;
        }
        *why_not = "it only prints a message or exits";
        return false;
}

/* A program that forks itself: start runs X, and stop or status acts on X by name
 * (squid: "$SQUID $OPTS -f $CONF", then "$SQUID -k shutdown", "status $SQUID").
 * self_stop: whether X run again with a stop word counts; not when start itself ran
 * "X start", since a program dispatching its own verbs (netfilter-persistent start/stop)
 * shows nothing that keeps running, and a unit that wrongly waits for a daemon runs the
 * stop verb the moment start returns. */
static bool acts_on(const Step *st, const char *x, bool self_stop) {
        if (step_role(st, ROLE_KILLER) || step_role(st, ROLE_STATUS) || step_role(st, ROLE_SSD)) {
                for (size_t a = 1; a < st->argc; a++)
                        if (st->resolved[a] && st->argv[a][0] != '-' && !strcmp(path_basename(st->argv[a]), x))
                                return true;
                return false;
        }
        if (!self_stop || st->argc < 2 || !st->resolved[0] || strcmp(path_basename(st->argv[0]), x))
                return false;
        static const char *const stop_words[] = { "stop", "shutdown", "kill", "graceful-stop", NULL };
        for (size_t a = 1; a < st->argc; a++)
                if (str_in(st->argv[a], stop_words) && (a == 1 || !strcmp(st->argv[a - 1], "-k")))
                        return true;
        return false;
}

static const Step *self_forking(const Script *s, const Trace *start, const Trace *const *others, size_t n_others,
                                const Step **ret_by) {
        for (size_t i = 0; i < start->n; i++) {
                const Step *st = &start->steps[i];
                if (st->argc == 0 || !st->resolved[0] || step_program(st) || script_find_function(s, st->argv[0]))
                        continue;
                const char *x = path_basename(st->argv[0]);
                static const char *const start_words[] = { "start", "restart", "reload", "force-reload", NULL };
                bool own_verb = st->argc >= 2 && st->resolved[1] && str_in(st->argv[1], start_words);
                for (size_t k = 0; k < n_others; k++)
                        for (size_t j = 0; j < others[k]->n; j++)
                                if (acts_on(&others[k]->steps[j], x, !own_verb)) {
                                        *ret_by = &others[k]->steps[j];
                                        return st;
                                }
        }
        return NULL;
}

/* Whether a trace runs anything but messages and exit codes. */
static bool does_work(const Script *s, const Trace *t) {
        for (size_t i = 0; i < t->n; i++) {
                const Step *st = &t->steps[i];
                if (st->argc == 0 || step_role(st, ROLE_INERT))
                        continue;
                if (st->resolved[0] && script_find_function(s, st->argv[0]))
                        continue;
                return true;
        }
        return false;
}

/* A variable named like a time limit (STOPTIMEOUT=600 in EL6's mysqld, SHUTDOWN_TIMEOUT
 * in libvirt-guests): the script waits that many seconds, so the unit must wait longer
 * than systemd-sysv-generator's 5 minutes when it is more.  The largest wins. */
static void script_timeout(const Script *s, ServiceFacts *f) {
        for (size_t i = 0; i < s->env.n; i++) {
                const Var *v = &s->env.vars[i];
                if (!v->value || !strcasestr(v->name, "timeout"))
                        continue;
                char *end;
                unsigned long sec = strtoul(v->value, &end, 10);
                if (end == v->value || *end || sec > 24 * 3600 || sec + 60 <= 300 || sec + 60 <= f->timeout_sec)
                        continue;
                f->timeout_sec = (unsigned) sec + 60;
                reason_printf(f->timeout_why, sizeof(f->timeout_why),
                           "TimeoutSec: %s=%s (%s line %u): the script waits up to that long; a minute more", v->name,
                           v->value, v->file ? v->file : "script", v->line);
        }
}

/* An "exit 5" or "exit 6" where start runs: LSB's "not installed", "not configured". */
static const Step *exits_lsb_code(const Trace *t) {
        for (size_t i = 0; i < t->n; i++) {
                const Step *st = &t->steps[i];
                if (step_is(st, (const char *const[]) { "exit", "return", NULL }) && st->argc == 2 && st->resolved[1] &&
                    (!strcmp(st->argv[1], "5") || !strcmp(st->argv[1], "6")))
                        return st;
        }
        return NULL;
}

/* Traces the verbs of one unit and reads the facts off them. */
static int service_facts(const Script *s, ServiceFacts *f) {
        const ScriptHeaders *h = &s->headers;
        Trace start = {}, stop = {}, status = {}, reload = {};
        /* The top level's variables, for words read outside any trace (kill $(cat $PIDFILE));
         * a copy, since expanding ${X:=y} assigns. */
        Env env = {};
        int r = env_copy(&s->env, &env);
        if (r < 0)
                return r;
        r = trace_verb(s, f->start, &start);
        if (r >= 0 && f->stop)
                r = trace_verb(s, f->stop, &stop);
        if (r >= 0 && f->status)
                r = trace_verb(s, f->status, &status);
        if (r >= 0 && f->reload)
                r = trace_verb(s, f->reload, &reload);
        if (r < 0)
                goto done;

        char at[300], at2[300];

        /* Is there a daemon? */
        const char *processname = h->processname.value && *h->processname.value ? path_basename(h->processname.value) : NULL;
        for (size_t i = 0; i < start.n && !f->is_daemon; i++) {
                const char *how = step_launches(&start.steps[i], processname);
                if (how) {
                        reason_printf(f->daemon_why, sizeof(f->daemon_why), "'%s' starts a daemon: %s (%s)", f->start->name,
                                 how, script_line(at, sizeof(at), start.steps[i].file, start.steps[i].line));
                        f->is_daemon = true;
                }
        }
        for (size_t i = 0; i < stop.n && !f->is_daemon; i++) {
                const Step *st = &stop.steps[i];
                if (step_kills(st)) {
                        reason_printf(f->daemon_why, sizeof(f->daemon_why),
                                 "'%s' leaves a process behind: '%s' kills it with %s (%s)", f->start->name,
                                 f->stop->name, path_basename(st->argv[0]), script_line(at, sizeof(at), st->file, st->line));
                        f->is_daemon = true;
                }
        }

        if (!f->is_daemon) {
                const Trace *others[] = { &stop, &status };
                const Step *by = NULL;
                const Step *st = self_forking(s, &start, others, ELEMENTSOF(others), &by);
                if (st) {
                        reason_printf(f->daemon_why, sizeof(f->daemon_why),
                                 "'%s' runs %s (%s), which %s (%s) acts on by name: a program that forks itself",
                                 f->start->name, path_basename(st->argv[0]), script_line(at, sizeof(at), st->file, st->line),
                                 path_basename(by->argv[0]), script_line(at2, sizeof(at2), by->file, by->line));
                        f->is_daemon = true;
                }
        }
        f->starts_something = f->is_daemon || does_work(s, &start);

        /* Which pid file tells systemd its PID? */
        if (f->is_daemon) {
                PidFile pid = {};
                r = pidfile_find(s, &env, f->start, &start, f->stop, &stop, f->status, &status, processname,
                                 f->instance != NULL, &pid);
                f->pidfile = pid.path;
                memcpy(f->pidfile_why, pid.why, sizeof(f->pidfile_why));
                memcpy(f->pidfile_note, pid.note, sizeof(f->pidfile_note));
                if (r < 0)
                        goto done;
        }

        /* Exit codes 5 and 6: as systemd-sysv-generator for LSB scripts, and for any
         * script whose start says so. */
        const Step *lsb_exit = exits_lsb_code(&start);
        if (h->has_lsb) {
                f->lsb_exit_codes = true;
                reason_printf(f->lsb_exit_why, sizeof(f->lsb_exit_why),
                           "SuccessExitStatus: an LSB script: 5 is \"not installed\", 6 \"not configured\", no "
                           "failures (as systemd-sysv-generator)");
        } else if (lsb_exit) {
                f->lsb_exit_codes = true;
                reason_printf(f->lsb_exit_why, sizeof(f->lsb_exit_why),
                           "SuccessExitStatus: '%s' exits %s (%s): LSB's \"not installed\" / \"not configured\", "
                           "no failure",
                           f->start->name, lsb_exit->argv[1], script_line(at, sizeof(at), lsb_exit->file, lsb_exit->line));
        }
        script_timeout(s, f);

        /* Does reload reload? */
        if (f->reload)
                f->reload_real = reload_is_real(s, &reload, f->stop ? f->stop->name : NULL, &f->reload_why_not);
        r = 0;
done:
        env_free(&env);
        trace_free(&start);
        trace_free(&stop);
        trace_free(&status);
        trace_free(&reload);
        return r;
}

static void service_facts_done(ServiceFacts *f) {
        free(f->pidfile);
        *f = (ServiceFacts) {};
}

void service_facts_free_many(ServiceFacts *f, size_t n) {
        for (size_t i = 0; i < n; i++)
                service_facts_done(&f[i]);
        free(f);
}

static int push_facts(ServiceFacts **all, size_t *n, ServiceFacts *f) {
        ServiceFacts *g = realloc(*all, (*n + 1) * sizeof(ServiceFacts));
        if (!g)
                return -ENOMEM;
        *all = g;
        g[(*n)++] = *f;
        return 0;
}

static bool trace_has_command(const Trace *t, const Command *c) {
        for (size_t i = 0; i < t->n; i++)
                if (t->steps[i].command == c)
                        return true;
        return false;
}

/* Work the start verb does itself besides what the instances' start verbs do ("start)
 * mkdir -p /run/x; $0 start-in; $0 start-out"): units for the instances alone would
 * skip it.  Returns 1 with where the first such step is, 0 when there is none, or a
 * negative errno. */
static int start_own_work(const Script *s, const Verb *start, const ServiceFacts *inst, size_t n_inst,
                          const char **ret_file, unsigned *ret_line) {
        Trace t = {};
        Trace *it = calloc(n_inst ? n_inst : 1, sizeof(Trace));
        int r = it ? trace_verb(s, start, &t) : -ENOMEM;
        for (size_t k = 0; r >= 0 && k < n_inst; k++)
                r = trace_verb(s, inst[k].start, &it[k]);
        for (size_t i = 0; r >= 0 && i < t.n; i++) {
                const Step *st = &t.steps[i];
                if (!st->verb || strcmp(st->verb, start->name) || st->argc == 0 || step_role(st, ROLE_INERT) ||
                    !st->resolved[0] || script_find_function(s, st->argv[0]) ||
                    str_in(path_basename(st->argv[0]), (const char *const[]) { "sleep", "true", ":", "wait", NULL }))
                        continue;
                /* the calls of the other verbs themselves */
                if (st->argc >= 2 && script_find_verb(s, st->argv[1]) &&
                    (!strcmp(st->argv[0], s->in->script_path) || !strcmp(path_basename(st->argv[0]), s->in->name)))
                        continue;
                bool shared = false; /* start_in() called by start and by start-in */
                for (size_t k = 0; k < n_inst && !shared; k++)
                        shared = trace_has_command(&it[k], st->command);
                if (shared)
                        continue;
                *ret_file = st->file;
                *ret_line = st->line;
                r = 1;
                break;
        }
        trace_free(&t);
        for (size_t k = 0; it && k < n_inst; k++)
                trace_free(&it[k]);
        free(it);
        return r < 0 ? r : r == 1;
}

int facts_derive(const Script *s, ServiceFacts **ret, size_t *ret_n) {
        ServiceFacts *all = NULL;
        size_t n = 0;
        int r;

        /* start-X/stop-X pairs: one unit per instance X. */
        for (size_t i = 0; i < s->n_verbs; i++) {
                const char *v = s->verbs[i].name;
                if (strncmp(v, "start-", 6) != 0 || !v[6])
                        continue;
                char name[80];
                snprintf(name, sizeof(name), "stop-%s", v + 6);
                const Verb *stop = script_find_verb(s, name);
                if (!stop)
                        continue;
                const char *inst = v + 6;
                if (!unit_name_part_ok(inst)) {
                        diag_warn(s->diags, s->verbs[i].line, "instance '%s' cannot be part of a unit name", inst);
                        continue;
                }
                ServiceFacts f = { .instance = inst, .start = &s->verbs[i], .stop = stop };
                snprintf(name, sizeof(name), "status-%s", inst);
                f.status = script_find_verb(s, name);
                snprintf(name, sizeof(name), "reload-%s", inst);
                f.reload = script_find_verb(s, name);
                if ((r = service_facts(s, &f)) < 0) {
                        service_facts_done(&f);
                        goto fail;
                }
                /* Debian's apache2 has "start-htcacheclean|stop-htcacheclean) echo use the
                 * other service": verbs that start nothing make no instance. */
                if (!f.starts_something) {
                        diag_warn(s->diags, s->verbs[i].line, "'%s' starts nothing: no unit for instance '%s'",
                                  s->verbs[i].name, inst);
                        service_facts_done(&f);
                        continue;
                }
                if ((r = push_facts(&all, &n, &f)) < 0) {
                        service_facts_done(&f);
                        goto fail;
                }
        }
        /* Instances only where start does nothing but start them: setup it does first
         * must run, so the whole script is one unit. */
        const Verb *whole = script_find_verb(s, "start");
        if (n > 0 && whole) {
                const char *file = NULL;
                unsigned line = 0;
                r = start_own_work(s, whole, all, n, &file, &line);
                if (r < 0)
                        goto fail;
                if (r > 0) {
                        char at[300];
                        diag_warn(s->diags, whole->line,
                                  "'%s' does work of its own (%s) before it starts the instances: one unit for the "
                                  "whole script, not one per instance",
                                  whole->name, script_line(at, sizeof(at), file, line));
                        service_facts_free_many(all, n);
                        all = NULL;
                        n = 0;
                }
        }
        if (n == 0) {
                ServiceFacts f = { .start = script_find_verb(s, "start"), .stop = script_find_verb(s, "stop"),
                                   .status = script_find_verb(s, "status") };
                f.reload = script_find_verb(s, "reload");
                if (!f.reload)
                        f.reload = script_find_verb(s, "force-reload");
                if (!f.start) {
                        diag_error(s->diags, s->dispatch->line, "the case statement has no 'start)' branch");
                        r = -EINVAL;
                        goto fail;
                }
                if (!f.stop)
                        diag_warn(s->diags, s->dispatch->line, "no 'stop)' branch: systemd will just kill the processes");
                if ((r = service_facts(s, &f)) < 0 || (r = push_facts(&all, &n, &f)) < 0) {
                        service_facts_done(&f);
                        goto fail;
                }
        }
        *ret = all;
        *ret_n = n;
        return 0;
fail:
        service_facts_free_many(all, n);
        return r;
}
