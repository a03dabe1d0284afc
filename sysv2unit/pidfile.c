/* SPDX-License-Identifier: MIT */
/* Which pid file tells systemd the daemon's PID (pidfile.h). */
#include "pidfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "steps.h"

typedef struct Found {
        char *path;
        char why[WHY_MAX];
} Found;

static void found_done(Found *f) {
        free(f->path);
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
                reason_printf(f->why, sizeof(f->why), "PIDFile: '%s' runs %s %s (%s)", verb,
                         st->argc ? path_basename(st->argv[0]) : "", how, script_line(at, sizeof(at), st->file, st->line));
        }
        return 0;
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

/* EL6's slapd: "daemon --pidfile=$pidfile ... slapd", then "ln $slapd_pidfile
 * $pidfile": the file the launcher was told of is a hard link the script makes to the
 * file the daemon writes (slapd.conf's).  The daemon's own file is the one to follow. */
static int follow_hard_link(const Trace *start, Found *pid) {
        char at[300];
        for (size_t i = 0; i < start->n; i++) {
                const Step *st = &start->steps[i];
                if (!step_is(st, (const char *const[]) { "ln", NULL }) || st->argc < 3 || !st->resolved[st->argc - 1] ||
                    !st->resolved[st->argc - 2] || strcmp(st->argv[st->argc - 1], pid->path))
                        continue;
                bool symbolic = false, options_only = true;
                for (size_t k = 1; k + 2 < st->argc; k++) {
                        symbolic |= st->argv[k][0] == '-' && (strchr(st->argv[k], 's') || !strcmp(st->argv[k], "--symbolic"));
                        options_only &= st->argv[k][0] == '-';
                }
                const char *src = st->argv[st->argc - 2];
                if (symbolic || !options_only || pidfile_problem(src))
                        continue; /* a symbolic link follows the file anyway */
                char *copy = strdup(src);
                if (!copy)
                        return -ENOMEM;
                char why[WHY_MAX];
                reason_printf(why, sizeof(why), "%s; but that is a hard link the script makes to %s (%s), the daemon's own",
                           pid->why, src, script_line(at, sizeof(at), st->file, st->line));
                memcpy(pid->why, why, sizeof(pid->why));
                free(pid->path);
                pid->path = copy;
                return 0;
        }
        return 0;
}

/* The daemon's program: '# processname:' when it is a path, else what the launching
 * step runs ("daemon --user=root mdadm ...", "start-stop-daemon --exec X", a program
 * started in the background).  NULL when the reading cannot tell. */
static const char *daemon_program(const Script *s, const Trace *start, const char *processname) {
        const ScriptHeaders *h = &s->headers;
        if (h->processname.value && h->processname.value[0] == '/')
                return h->processname.value;
        for (size_t i = 0; i < start->n; i++) {
                const Step *st = &start->steps[i];
                if (!step_launches(st, processname) || !st->resolved[0])
                        continue;
                const Program *p = step_program(st);
                if (p && p->role == ROLE_SSD) {
                        for (size_t k = 1; k + 1 < st->argc; k++)
                                if ((!strcmp(st->argv[k], "--exec") || !strcmp(st->argv[k], "-x")) && st->resolved[k + 1])
                                        return st->argv[k + 1];
                        return NULL;
                }
                if (p && p->role == ROLE_LAUNCHER) {
                        /* daemon [--user U] [--pidfile F] [--check N] [+/-nice] PROGRAM ... */
                        for (size_t k = 1; k < st->argc; k++) {
                                const char *a = st->argv[k];
                                if (!st->resolved[k])
                                        return NULL;
                                if (str_in(a, (const char *const[]) { "--user", "--pidfile", "--check", "--nicelevel", NULL })) {
                                        k++;
                                        continue;
                                }
                                if (a[0] == '-' || a[0] == '+')
                                        continue;
                                return a;
                        }
                        return NULL;
                }
                return st->argv[0];
        }
        return NULL;
}

int pidfile_find(const Script *s, Env *env, const Verb *start_verb, const Trace *start, const Verb *stop_verb,
                 const Trace *stop, const Verb *status_verb, const Trace *status, const char *processname,
                 bool instance, PidFile *ret) {
        const ScriptHeaders *h = &s->headers;
        int r;
        _cleanup_(found_done) Found pid = {};
        r = search_pidfile(s, env, start, start_verb->name, true, &pid, ret->note,
                           sizeof(ret->note));
        if (r >= 0 && !pid.path && stop_verb)
                r = search_pidfile(s, env, stop, stop_verb->name, false, &pid, ret->note,
                                   sizeof(ret->note));
        if (r >= 0 && !pid.path && status_verb)
                r = search_pidfile(s, env, status, status_verb->name, false, &pid, ret->note,
                                   sizeof(ret->note));
        if (r < 0)
                return r;
        if (pid.path)
                r = follow_hard_link(start, &pid);
        if (r < 0)
                return r;
        /* What the body does not show is a claim: the '# pidfile:' header and a
         * variable named like a pid file.  A claim counts only where some verb uses
         * that very file (removes it, tests it, reads it).  Measured: in Debian 12's
         * scripts that carry the header (squid) the body uses the same file; EL6's
         * tgtd names /var/run/tgtd.pid, which nothing in its script touches and
         * tgtd never writes, and a unit waiting for it fails every start.  Without a
         * pid file systemd guesses the main PID, which costs little. */
        const Trace *traces[] = { start, stop, status };
        if (!pid.path && !instance && h->pidfile.value) {
                const char *problem = pidfile_problem(h->pidfile.value);
                const char *daemon = NULL;
                bool used = !problem && used_by_verbs(traces, ELEMENTSOF(traces), h->pidfile.value);
                /* The script is silent: the daemon itself may say it (its binary on
                 * the target holds the path, as EL6's auditd does). */
                int mentions = -ENOENT;
                if (!problem && !used && (daemon = daemon_program(s, start, processname)) &&
                    s->in->program_mentions)
                        mentions = s->in->program_mentions(s->in->read_source_data, daemon, h->pidfile.value);
                bool confirmed = mentions > 0;
                if (!problem && !used && !confirmed)
                        problem = mentions == 0 ? "no verb uses that file, and the daemon's program does not name it"
                                                : "no verb uses that file, so nothing says the daemon writes it";
                if (!problem) {
                        pid.path = strdup(h->pidfile.value);
                        if (!pid.path)
                                return -ENOMEM;
                        if (confirmed)
                                reason_printf(pid.why, sizeof(pid.why),
                                           "PIDFile: '# pidfile:' header (line %u), confirmed by the daemon: "
                                           "its program %s names that file",
                                           h->pidfile.line, daemon);
                        else
                                reason_printf(pid.why, sizeof(pid.why),
                                           "PIDFile: '# pidfile:' header (line %u), a file the verbs use",
                                           h->pidfile.line);
                } else if (!ret->note[0])
                        why_printf(ret->note, sizeof(ret->note),
                                         "the '# pidfile:' header (line %u) names %s: %s, not trusted",
                                         h->pidfile.line, h->pidfile.value, problem);
        }
        if (!pid.path && !instance) {
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
                                if (!pid.path)
                                        return -ENOMEM;
                                reason_printf(pid.why, sizeof(pid.why), "PIDFile: %s=%s (%s line %u), a file the verbs use",
                                         *n, v->value, v->file ? v->file : "script", v->line);
                        } else if (!ret->note[0])
                                why_printf(ret->note, sizeof(ret->note),
                                                 "%s=%s (%s line %u) is %s, not used", *n, v->value,
                                                 v->file ? v->file : "script", v->line, problem);
                }
        }
        ret->path = TAKE_PTR(pid.path);
        memcpy(ret->why, pid.why, sizeof(ret->why));
        return 0;
}
