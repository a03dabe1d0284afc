/* SPDX-License-Identifier: MIT */
#include "facts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "plan.h"
#include "programs.h"
#include "unit-name.h"

static bool step_is(const Step *st, const char *const *names) {
        return st->argc > 0 && st->resolved[0] && str_in(base_name(st->argv[0]), names);
}

static const Program *step_program(const Step *st) {
        return st->argc > 0 && st->resolved[0] ? program_find(base_name(st->argv[0])) : NULL;
}

static bool step_role(const Step *st, ProgramRole role) {
        const Program *p = step_program(st);
        return p && p->role == role;
}

static bool has_arg(const Step *st, const char *const *names) {
        for (size_t i = 1; i < st->argc; i++)
                if (str_in(st->argv[i], names))
                        return true;
        return false;
}

typedef struct Found {
        char *path;
        char why[WHY_MAX];
} Found;

/* Launches a daemon: returns a description of how, or NULL. */
static const char *step_launches(const Step *st, const char *processname) {
        if (st->argc == 0)
                return NULL;
        const Program *p = step_program(st);
        if (p && p->role == ROLE_LAUNCHER)
                return p->name;
        if (p && p->role == ROLE_SSD && has_arg(st, (const char *const[]) { "--start", "-S", NULL }))
                return "start-stop-daemon --start";
        if (p && p->role == ROLE_DAEMON)
                return "a program that always becomes a daemon";
        if (p && p->role == ROLE_CONTROL && has_arg(st, p->start_words))
                return "the daemon's own control program";
        if (st->background && !step_is(st, (const char *const[]) { "wait", "sleep", NULL }) &&
            !(p && p->role == ROLE_INERT))
                return "a command run in the background (&)";
        if (processname && st->resolved[0] && !strcmp(base_name(st->argv[0]), processname))
                return "the program named by '# processname:'";
        return NULL;
}

/* Stops a process: killproc, kill (not kill -0), start-stop-daemon --stop. */
static bool step_kills(const Step *st) {
        if (step_role(st, ROLE_KILLER))
                return !(step_is(st, (const char *const[]) { "kill", NULL }) &&
                         has_arg(st, (const char *const[]) { "-0", NULL }));
        return step_role(st, ROLE_SSD) && has_arg(st, (const char *const[]) { "--stop", "-K", NULL });
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
static const char *step_pidfile(const Step *st, bool *resolved, const char **how) {
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

/* kill $(cat FILE) / kill `cat FILE`: the file is in the raw word. */
static char *kill_cat_pidfile(const Script *s, const Step *st, Env *env, bool *resolved) {
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

/* NULL when p can be the daemon's pid file, else why not. */
static const char *pidfile_problem(const char *p) {
        if (p[0] != '/' || strlen(p) > 4096)
                return "not an absolute path";
        for (const char *c = p; *c; c++)
                if ((unsigned char) *c < 0x20 || *c == 0x7f)
                        return "a control character in the name";
        /* Red Hat's /var/lock/subsys/NAME only says the service was started; scripts
         * sometimes keep it in a variable called pidfile.  It never holds a PID. */
        if (!strncmp(p, "/var/lock/", 10) || !strncmp(p, "/run/lock/", 10))
                return "a lock file, not a pid file";
        /* nginx renames its pid file to .oldbin for the old master during a binary
         * upgrade: the file of a process on its way out. */
        size_t n = strlen(p);
        if (n > 7 && !strcmp(p + n - 7, ".oldbin"))
                return "the old master's file of an upgrade, not the daemon's pid file";
        return NULL;
}

static int search_pidfile(const Script *s, Env *env, const Trace *t, const char *verb, bool launchers_only, Found *f,
                          char *unresolved_note, size_t note_size) {
        char at[300];
        for (size_t i = 0; i < t->n && !f->path; i++) {
                const Step *st = &t->steps[i];
                bool resolved = false;
                const char *how = NULL;
                const char *p = step_pidfile(st, &resolved, &how);
                _cleanup_free_ char *from_cat = NULL;
                if (!p && !launchers_only) {
                        from_cat = kill_cat_pidfile(s, st, env, &resolved);
                        p = from_cat;
                        how = "kill $(cat FILE)";
                }
                if (!p)
                        continue;
                /* In a start verb a single-dash option (-p, -pidfile) only counts on the
                 * launcher itself: "status -p X" there checks for a running copy. */
                if (launchers_only && how[0] == '-' && how[1] != '-' && !step_launches(st, NULL))
                        continue;
                if (!resolved) {
                        if (!unresolved_note[0])
                                why_printf(unresolved_note, note_size,
                                         "%s (%s) names a pid file only known at run time (%s), not used", verb,
                                         script_line(at, sizeof(at), st->file, st->line), how);
                        continue;
                }
                const char *problem = pidfile_problem(p);
                if (problem) {
                        if (!unresolved_note[0])
                                why_printf(unresolved_note, note_size, "%s (%s) gives %s %s: %s, not used",
                                                 verb, script_line(at, sizeof(at), st->file, st->line), how, p,
                                                 problem);
                        continue;
                }
                f->path = strdup(p);
                if (!f->path)
                        return -ENOMEM;
                why_printf(f->why, sizeof(f->why), "PIDFile: '%s' runs %s %s (%s)", verb,
                         st->argc ? base_name(st->argv[0]) : "", how, script_line(at, sizeof(at), st->file, st->line));
        }
        return 0;
}

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

/* Whether some traced step names path as a word or writes it. */
static bool used_by_verbs(const Trace *const *traces, size_t n, const char *path) {
        for (size_t k = 0; k < n; k++)
                for (size_t i = 0; i < traces[k]->n; i++) {
                        const Step *st = &traces[k]->steps[i];
                        for (size_t a = 1; a < st->argc; a++)
                                if (st->resolved[a] && !strcmp(st->argv[a], path))
                                        return true;
                        if (st->redirect && st->redirect_resolved && !strcmp(st->redirect, path))
                                return true;
                }
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
                        if (st->resolved[a] && st->argv[a][0] != '-' && !strcmp(base_name(st->argv[a]), x))
                                return true;
                return false;
        }
        if (!self_stop || st->argc < 2 || !st->resolved[0] || strcmp(base_name(st->argv[0]), x))
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
                const char *x = base_name(st->argv[0]);
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
        const char *processname = h->processname.value && *h->processname.value ? base_name(h->processname.value) : NULL;
        for (size_t i = 0; i < start.n && !f->is_daemon; i++) {
                const char *how = step_launches(&start.steps[i], processname);
                if (how) {
                        why_printf(f->daemon_why, sizeof(f->daemon_why), "'%s' starts a daemon: %s (%s)", f->start->name,
                                 how, script_line(at, sizeof(at), start.steps[i].file, start.steps[i].line));
                        f->is_daemon = true;
                }
        }
        for (size_t i = 0; i < stop.n && !f->is_daemon; i++) {
                const Step *st = &stop.steps[i];
                if (step_kills(st)) {
                        why_printf(f->daemon_why, sizeof(f->daemon_why),
                                 "'%s' leaves a process behind: '%s' kills it with %s (%s)", f->start->name,
                                 f->stop->name, base_name(st->argv[0]), script_line(at, sizeof(at), st->file, st->line));
                        f->is_daemon = true;
                }
        }

        if (!f->is_daemon) {
                const Trace *others[] = { &stop, &status };
                const Step *by = NULL;
                const Step *st = self_forking(s, &start, others, ELEMENTSOF(others), &by);
                if (st) {
                        why_printf(f->daemon_why, sizeof(f->daemon_why),
                                 "'%s' runs %s (%s), which %s (%s) acts on by name: a program that forks itself",
                                 f->start->name, base_name(st->argv[0]), script_line(at, sizeof(at), st->file, st->line),
                                 base_name(by->argv[0]), script_line(at2, sizeof(at2), by->file, by->line));
                        f->is_daemon = true;
                }
        }
        f->starts_something = f->is_daemon || does_work(s, &start);

        /* Which pid file tells systemd its PID? */
        if (f->is_daemon) {
                Found pid = {};
                r = search_pidfile(s, &env, &start, f->start->name, true, &pid, f->pidfile_note,
                                   sizeof(f->pidfile_note));
                if (r >= 0 && !pid.path && f->stop)
                        r = search_pidfile(s, &env, &stop, f->stop->name, false, &pid, f->pidfile_note,
                                           sizeof(f->pidfile_note));
                if (r >= 0 && !pid.path && f->status)
                        r = search_pidfile(s, &env, &status, f->status->name, false, &pid, f->pidfile_note,
                                           sizeof(f->pidfile_note));
                if (r < 0)
                        goto done;
                /* What the body does not show is a claim: the '# pidfile:' header and a
                 * variable named like a pid file.  A claim counts only where some verb uses
                 * that very file (removes it, tests it, reads it).  Measured: in Debian 12's
                 * scripts that carry the header (squid) the body uses the same file; EL6's
                 * tgtd names /var/run/tgtd.pid, which nothing in its script touches and
                 * tgtd never writes, and a unit waiting for it fails every start.  Without a
                 * pid file systemd guesses the main PID, which costs little. */
                const Trace *traces[] = { &start, &stop, &status };
                if (!pid.path && !f->instance && h->pidfile.value) {
                        const char *problem = pidfile_problem(h->pidfile.value);
                        if (!problem && !used_by_verbs(traces, ELEMENTSOF(traces), h->pidfile.value))
                                problem = "no verb uses that file, so nothing says the daemon writes it";
                        if (!problem) {
                                pid.path = strdup(h->pidfile.value);
                                why_printf(pid.why, sizeof(pid.why),
                                         "PIDFile: '# pidfile:' header (line %u), a file the verbs use", h->pidfile.line);
                        } else if (!f->pidfile_note[0])
                                why_printf(f->pidfile_note, sizeof(f->pidfile_note),
                                                 "the '# pidfile:' header (line %u) names %s: %s, not trusted",
                                                 h->pidfile.line, h->pidfile.value, problem);
                }
                if (!pid.path && !f->instance) {
                        static const char *const names[] = { "PIDFILE", "pidfile", "PID_FILE", "pid_file",
                                                             "PIDF", NULL };
                        for (const char *const *n = names; *n && !pid.path; n++) {
                                const Var *v = env_get(&s->env, *n);
                                if (!v || !v->value)
                                        continue;
                                const char *problem = pidfile_problem(v->value);
                                if (!problem && !used_by_verbs(traces, ELEMENTSOF(traces), v->value))
                                        problem = "no verb uses that file";
                                if (!problem) {
                                        pid.path = strdup(v->value);
                                        why_printf(pid.why, sizeof(pid.why), "PIDFile: %s=%s (%s line %u), a file the verbs use",
                                                 *n, v->value, v->file ? v->file : "script", v->line);
                                } else if (!f->pidfile_note[0])
                                        why_printf(f->pidfile_note, sizeof(f->pidfile_note),
                                                         "%s=%s (%s line %u) is %s, not used", *n, v->value,
                                                         v->file ? v->file : "script", v->line, problem);
                        }
                }
                f->pidfile = pid.path;
                memcpy(f->pidfile_why, pid.why, sizeof(f->pidfile_why));
        }

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
