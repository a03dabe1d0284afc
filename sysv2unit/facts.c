/* SPDX-License-Identifier: MIT */
#include "facts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "plan.h"

static bool step_is(const Step *st, const char *const *names) {
        return st->argc > 0 && st->resolved[0] && str_in(base_name(st->argv[0]), names);
}

static bool has_arg(const Step *st, const char *const *names) {
        for (size_t i = 1; i < st->argc; i++)
                if (str_in(st->argv[i], names))
                        return true;
        return false;
}

static const char *const LAUNCHERS[] = { "daemon", "startproc", "start_daemon", "nohup", "setsid", "daemonize",
                                         NULL };
static const char *const SSD[] = { "start-stop-daemon", NULL };
static const char *const KILLERS[] = { "killproc", "kill", "pkill", "killall", NULL };
/* Commands that only talk to the terminal or decide the exit status. */
static const char *const INERT[] = { "echo", "printf", "exit", "return", ":", "true", "false", "log_success_msg",
                                     "log_failure_msg", "log_warning_msg", "log_daemon_msg", "log_end_msg",
                                     "log_action_msg", "log_begin_msg", "success", "failure", "passed", "warning",
                                     "action", "usage", "sleep", NULL };

typedef struct Found {
        char *path;
        char why[WHY_MAX];
} Found;

/* Launches a daemon: returns a description of how, or NULL. */
static const char *step_launches(const Step *st, const char *processname) {
        if (st->argc == 0)
                return NULL;
        if (step_is(st, LAUNCHERS))
                return base_name(st->argv[0]);
        if (step_is(st, SSD) && has_arg(st, (const char *const[]) { "--start", "-S", NULL }))
                return "start-stop-daemon --start";
        if (st->command->background && !step_is(st, (const char *const[]) { "wait", "sleep", NULL }))
                return "a command run in the background (&)";
        if (processname && st->resolved[0] && !strcmp(base_name(st->argv[0]), processname))
                return "the program named by '# processname:'";
        return NULL;
}

static const char *const PIDFILE_LONG[] = { "--pidfile", "--pid-file", "-pidfile", "--pid", NULL };
/* Tools whose -p is a pid file (for other commands -p means anything: mkdir -p). */
static const char *const P_MEANS_PIDFILE[] = { "killproc", "status", "pidofproc", "start-stop-daemon",
                                               "startproc", "start_daemon", "checkproc", "status_of_proc", NULL };

/* Returns the argument naming a pid file in st, and whether it was resolved. */
static const char *step_pidfile(const Step *st, bool *resolved, const char **how) {
        for (size_t i = 1; i < st->argc; i++) {
                const char *a = st->argv[i];
                for (const char *const *o = PIDFILE_LONG; *o; o++) {
                        size_t n = strlen(*o);
                        if (!strncmp(a, *o, n) && a[n] == '=') {
                                *resolved = st->resolved[i];
                                *how = *o;
                                return a + n + 1;
                        }
                        if (!strcmp(a, *o) && i + 1 < st->argc) {
                                *resolved = st->resolved[i + 1];
                                *how = *o;
                                return st->argv[i + 1];
                        }
                }
                if (!strncmp(a, "pidfile=", 8) || !strncmp(a, "PIDFILE=", 8)) {
                        *resolved = st->resolved[i];
                        *how = "pidfile=";
                        return a + 8;
                }
                if (!strcmp(a, "-p") && i + 1 < st->argc && step_is(st, P_MEANS_PIDFILE)) {
                        *resolved = st->resolved[i + 1];
                        *how = "-p";
                        return st->argv[i + 1];
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

/* kill $(cat FILE) / kill `cat FILE`: the file is in the raw word. */
static char *kill_cat_pidfile(Script *s, const Step *st, Env *env, bool *resolved) {
        /* only the global environment is known here; a pid file passed as $1 stays unresolved */
        if (!step_is(st, (const char *const[]) { "kill", NULL }))
                return NULL;
        for (size_t i = 1; i < st->command->n_words; i++) {
                const char *raw = st->command->words[i].raw;
                const char *c = strstr(raw, "cat ");
                if (!c || !(strstr(raw, "$(") || strchr(raw, '`')))
                        continue;
                c += 4;
                char buf[512];
                size_t n = 0;
                while (c[n] && c[n] != ')' && c[n] != '`' && c[n] != ' ' && n < sizeof(buf) - 1) {
                        buf[n] = c[n];
                        n++;
                }
                buf[n] = '\0';
                ExpandContext ctx = script_context(s, env);
                char *out = NULL;
                if (expand_word(buf, &ctx, &out, resolved) < 0)
                        return NULL;
                return out;
        }
        return NULL;
}

static bool usable_pidfile(const char *p) {
        if (p[0] != '/' || strlen(p) > 4096)
                return false;
        for (; *p; p++)
                if ((unsigned char) *p < 0x20 || *p == 0x7f)
                        return false;
        return true;
}

static void search_pidfile(Script *s, const Trace *t, const char *verb, bool launchers_only, Found *f,
                           char *unresolved_note, size_t note_size) {
        for (size_t i = 0; i < t->n && !f->path; i++) {
                const Step *st = &t->steps[i];
                bool resolved = false;
                const char *how = NULL;
                const char *p = step_pidfile(st, &resolved, &how);
                _cleanup_free_ char *from_cat = NULL;
                if (!p && !launchers_only) {
                        from_cat = kill_cat_pidfile(s, st, &s->env, &resolved);
                        p = from_cat;
                        how = "kill $(cat FILE)";
                }
                if (!p)
                        continue;
                /* In a start verb a single-dash option (-p, -pidfile) only counts on the
                 * launcher itself: "status -p X" there checks for a running copy. */
                if (launchers_only && how[0] == '-' && how[1] != '-' && !step_launches(st, NULL))
                        continue;
                if (!resolved || !usable_pidfile(p)) {
                        if (!unresolved_note[0])
                                snprintf(unresolved_note, note_size,
                                         "%s (line %u) names a pid file only known at run time (%s), not used", verb,
                                         st->line, how);
                        continue;
                }
                f->path = strdup(p);
                if (!f->path) {
                        script_set_error(s, -ENOMEM);
                        return;
                }
                snprintf(f->why, sizeof(f->why), "PIDFile: '%s' runs %s %s (line %u)", verb,
                         st->argc ? base_name(st->argv[0]) : "", how, st->line);
        }
}

bool name_ok_for_unit(const char *n) {
        if (!*n || strlen(n) > 200)
                return false;
        for (; *n; n++)
                if (!unit_name_char_ok(*n) || *n == '\\')
                        return false;
        return true;
}

/* A verb that only prints, or that stops and starts again, is not a reload. */
static bool reload_is_real(const Trace *t, const char *stop_verb, const char **why_not) {
        char verb_key[80] = "";
        if (stop_verb)
                snprintf(verb_key, sizeof(verb_key), "verb:%s", stop_verb);
        if (trace_visited(t, "restart") || trace_visited(t, "stop") || trace_visited(t, "verb:restart") ||
            trace_visited(t, "verb:stop") || (stop_verb && trace_visited(t, verb_key))) {
                *why_not = "it stops and starts the service (a restart, which systemctl restart does)";
                return false;
        }
        for (size_t i = 0; i < t->n; i++) {
                const Step *st = &t->steps[i];
                if (st->argc == 0 || step_is(st, INERT))
                        continue;
                return true;
        }
        *why_not = "it only prints a message or exits";
        return false;
}

/* Traces the verbs of one unit and reads the facts off them. */
static int service_facts(Script *s, ServiceFacts *f) {
        const ScriptHeaders *h = &s->headers;
        Trace start = {}, stop = {}, status = {}, reload = {};
        int r = trace_verb(s, f->start, &start);
        if (r >= 0 && f->stop)
                r = trace_verb(s, f->stop, &stop);
        if (r >= 0 && f->status)
                r = trace_verb(s, f->status, &status);
        if (r >= 0 && f->reload)
                r = trace_verb(s, f->reload, &reload);
        if (r < 0)
                goto done;

        /* Is there a daemon? */
        const char *processname = h->processname.value && *h->processname.value ? base_name(h->processname.value) : NULL;
        for (size_t i = 0; i < start.n && !f->is_daemon; i++) {
                const char *how = step_launches(&start.steps[i], processname);
                if (how) {
                        snprintf(f->daemon_why, sizeof(f->daemon_why), "'%s' starts a daemon: %s (line %u)",
                                 f->start->name, how, start.steps[i].line);
                        f->is_daemon = true;
                }
        }
        for (size_t i = 0; i < stop.n && !f->is_daemon; i++) {
                const Step *st = &stop.steps[i];
                bool kills = step_is(st, KILLERS) ||
                             (step_is(st, SSD) && has_arg(st, (const char *const[]) { "--stop", "-K", NULL }));
                if (kills && !(step_is(st, (const char *const[]) { "kill", NULL }) &&
                               has_arg(st, (const char *const[]) { "-0", NULL }))) {
                        snprintf(f->daemon_why, sizeof(f->daemon_why),
                                 "'%s' leaves a process behind: '%s' kills it with %s (line %u)", f->start->name,
                                 f->stop->name, base_name(st->argv[0]), st->line);
                        f->is_daemon = true;
                }
        }

        /* Which pid file tells systemd its PID? */
        if (f->is_daemon) {
                Found pid = {};
                search_pidfile(s, &start, f->start->name, true, &pid, f->pidfile_note, sizeof(f->pidfile_note));
                if (!pid.path && f->stop)
                        search_pidfile(s, &stop, f->stop->name, false, &pid, f->pidfile_note, sizeof(f->pidfile_note));
                if (!pid.path && f->status)
                        search_pidfile(s, &status, f->status->name, false, &pid, f->pidfile_note,
                                       sizeof(f->pidfile_note));
                if (!pid.path && !f->instance && h->pidfile.value && usable_pidfile(h->pidfile.value)) {
                        pid.path = strdup(h->pidfile.value);
                        snprintf(pid.why, sizeof(pid.why), "PIDFile: '# pidfile:' header (line %u)", h->pidfile.line);
                }
                if (!pid.path && !f->instance) {
                        static const char *const names[] = { "PIDFILE", "pidfile", "PID_FILE", "pid_file",
                                                             "PIDF", NULL };
                        for (const char *const *n = names; *n && !pid.path; n++) {
                                const Var *v = env_get(&s->env, *n);
                                if (v && v->value && usable_pidfile(v->value)) {
                                        pid.path = strdup(v->value);
                                        snprintf(pid.why, sizeof(pid.why), "PIDFile: %s=%s (%s line %u)", *n, v->value,
                                                 v->file ? v->file : "script", v->line);
                                }
                        }
                }
                f->pidfile = pid.path;
                memcpy(f->pidfile_why, pid.why, sizeof(f->pidfile_why));
        }

        /* Does reload reload? */
        if (f->reload)
                f->reload_real = reload_is_real(&reload, f->stop ? f->stop->name : NULL, &f->reload_why_not);
        r = s->error;
done:
        trace_free(&start);
        trace_free(&stop);
        trace_free(&status);
        trace_free(&reload);
        return r;
}

void service_facts_done(ServiceFacts *f) {
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

int facts_derive(Script *s, ServiceFacts **ret, size_t *ret_n) {
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
                if (!name_ok_for_unit(inst)) {
                        diag_warn(s->diags, s->verbs[i].line, "instance '%s' cannot be part of a unit name", inst);
                        continue;
                }
                ServiceFacts f = { .instance = inst, .start = &s->verbs[i], .stop = stop };
                snprintf(name, sizeof(name), "status-%s", inst);
                f.status = script_find_verb(s, name);
                snprintf(name, sizeof(name), "reload-%s", inst);
                f.reload = script_find_verb(s, name);
                if ((r = service_facts(s, &f)) < 0 || (r = push_facts(&all, &n, &f)) < 0) {
                        service_facts_done(&f);
                        goto fail;
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
