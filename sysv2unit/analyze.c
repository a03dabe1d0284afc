/* SPDX-License-Identifier: MIT */
#include "analyze.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expand.h"
#include "headers.h"
#include "macro.h"
#include "shell.h"

#define CALL_DEPTH_MAX 10
#define TRACE_MAX 4096
#define WHY_MAX 512

/* A command as the static reading reached it, words expanded where possible. */
typedef struct Step {
        char **argv;
        bool *resolved;
        size_t argc;
        const Command *command;
        char *redirect; /* expanded target of '>' */
        bool redirect_resolved;
        unsigned line;
} Step;

typedef struct Trace {
        Step *steps;
        size_t n;
        char **visited; /* functions and verbs entered */
        size_t n_visited;
} Trace;

typedef struct Function {
        const char *name;
        const Node *body;
} Function;

typedef struct Verb {
        char *name;
        const Node *body;
        unsigned line;
} Verb;

typedef struct Script {
        const AnalyzeInput *in;
        ScriptHeaders headers;
        Node *tree;
        Node **sourced_trees; /* kept alive: functions may point into them */
        size_t n_sourced;
        Env env;
        Function *functions;
        size_t n_functions;
        Verb *verbs;
        size_t n_verbs;
        const Node *dispatch;
        char **arg1_vars; /* variables assigned from $1 */
        size_t n_arg1_vars;
        Diags *diags;
        int error;
} Script;

static void set_error(Script *s, int r) {
        if (r < 0 && !s->error)
                s->error = r;
}

static const char *base_name(const char *p) {
        const char *s = strrchr(p, '/');
        return s ? s + 1 : p;
}

static bool str_in(const char *s, const char *const *list) {
        for (; *list; list++)
                if (strcmp(s, *list) == 0)
                        return true;
        return false;
}

/* ---- top level: assignments, sourced files, functions, the dispatching case ---- */

static const Function *find_function(const Script *s, const char *name) {
        for (size_t i = 0; i < s->n_functions; i++)
                if (strcmp(s->functions[i].name, name) == 0)
                        return &s->functions[i];
        return NULL;
}

static int add_function(Script *s, const Node *n) {
        for (size_t i = 0; i < s->n_functions; i++)
                if (strcmp(s->functions[i].name, n->function.name) == 0) {
                        s->functions[i].body = n->function.body; /* redefinition wins, as in sh */
                        return 0;
                }
        Function *f = realloc(s->functions, (s->n_functions + 1) * sizeof(Function));
        if (!f)
                return -ENOMEM;
        s->functions = f;
        f[s->n_functions++] = (Function) { .name = n->function.name, .body = n->function.body };
        return 0;
}

static bool is_arg1_word(const Script *s, const char *raw) {
        if (!strcmp(raw, "$1") || !strcmp(raw, "\"$1\"") || !strcmp(raw, "${1}") || !strcmp(raw, "\"${1}\"") ||
            !strcmp(raw, "\"$@\"") || !strcmp(raw, "$*"))
                return true;
        char name[128];
        const char *p = raw;
        if (*p == '"')
                p++;
        if (*p != '$')
                return false;
        p++;
        bool brace = *p == '{';
        if (brace)
                p++;
        size_t n = 0;
        while (p[n] && (p[n] == '_' || (p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= 'a' && p[n] <= 'z') ||
                        (p[n] >= '0' && p[n] <= '9')) && n < sizeof(name) - 1) {
                name[n] = p[n];
                n++;
        }
        name[n] = '\0';
        for (size_t i = 0; i < s->n_arg1_vars; i++)
                if (!strcmp(s->arg1_vars[i], name))
                        return true;
        return false;
}

static int note_arg1_var(Script *s, const char *name) {
        char **n = realloc(s->arg1_vars, (s->n_arg1_vars + 1) * sizeof(char *));
        if (!n)
                return -ENOMEM;
        s->arg1_vars = n;
        n[s->n_arg1_vars] = strdup(name);
        if (!n[s->n_arg1_vars])
                return -ENOMEM;
        s->n_arg1_vars++;
        return 0;
}

static ExpandContext context_for(Script *s, Env *env) {
        return (ExpandContext) { .env = env, .script_path = s->in->script_path, .script_name = s->in->name };
}

/* NAME=value words; returns true when the command was only assignments. */
static bool apply_assignments(Script *s, const Command *c, Env *env, const char *file) {
        size_t i = 0;
        bool keyword = false;
        if (c->n_words > 0 && str_in(c->words[0].raw, (const char *const[]) { "export", "local", "readonly",
                                                                                  "declare", "typeset", NULL })) {
                keyword = true;
                i = 1;
                while (i < c->n_words && c->words[i].raw[0] == '-')
                        i++;
        }
        size_t first = i;
        for (; i < c->n_words; i++) {
                size_t n = assignment_name_length(c->words[i].raw);
                if (!n)
                        break;
        }
        bool only = i == c->n_words && (i > first || keyword);
        if (!only)
                return false;
        for (size_t k = first; k < c->n_words; k++) {
                const char *raw = c->words[k].raw;
                size_t n = assignment_name_length(raw);
                if (!n)
                        continue;
                char name[128];
                if (n >= sizeof(name))
                        continue;
                memcpy(name, raw, n);
                name[n] = '\0';
                ExpandContext ctx = context_for(s, env);
                _cleanup_free_ char *value = NULL;
                bool resolved;
                int r = expand_word(raw + n + 1, &ctx, &value, &resolved);
                if (r < 0) {
                        set_error(s, r == -E2BIG ? 0 : r);
                        continue;
                }
                if (is_arg1_word(s, raw + n + 1))
                        set_error(s, note_arg1_var(s, name));
                set_error(s, env_set(env, name, resolved ? value : NULL, c->words[k].line, file));
        }
        return true;
}

static void walk_top(Script *s, const Node *n, const char *file, unsigned depth);

static bool sourceable_config(const char *path) {
        return strncmp(path, "/etc/sysconfig/", 15) == 0 || strncmp(path, "/etc/default/", 13) == 0 ||
               strncmp(path, "/etc/conf.d/", 12) == 0;
}

static void source_file(Script *s, const Command *c, Env *env, unsigned depth) {
        if (c->n_words < 2 || depth > 4)
                return;
        ExpandContext ctx = context_for(s, env);
        _cleanup_free_ char *path = NULL;
        bool resolved;
        if (expand_word(c->words[1].raw, &ctx, &path, &resolved) < 0 || !resolved)
                return;
        if (!sourceable_config(path))
                return; /* function libraries: /etc/init.d/functions, /lib/lsb/init-functions */
        if (!s->in->read_source)
                return;
        _cleanup_free_ char *text = NULL;
        int r = s->in->read_source(s->in->read_source_data, path, &text);
        if (r < 0) {
                if (r != -ENOENT)
                        diag_warn(s->diags, c->words[1].line, "cannot read sourced %s: %s", path, strerror(-r));
                return;
        }
        Diags sub = {};
        Node *tree = NULL;
        r = shell_read(text, &tree, &sub);
        for (size_t i = 0; i < sub.n; i++)
                diag_warn(s->diags, c->words[1].line, "in sourced %s, line %u: %s", path, sub.items[i].line,
                          sub.items[i].message);
        diags_free(&sub);
        if (r < 0)
                return;
        Node **kept = realloc(s->sourced_trees, (s->n_sourced + 1) * sizeof(Node *));
        if (!kept) {
                node_free(tree);
                set_error(s, -ENOMEM);
                return;
        }
        s->sourced_trees = kept;
        kept[s->n_sourced++] = tree;
        /* The configuration is read in the script's own scope. */
        walk_top(s, tree, path, depth + 1);
}

static void walk_top(Script *s, const Node *n, const char *file, unsigned depth) {
        switch (n->kind) {
        case NODE_LIST:
                for (size_t i = 0; i < n->list.n; i++)
                        walk_top(s, n->list.items[i], file, depth);
                break;
        case NODE_COMMAND: {
                const Command *c = &n->command;
                if (c->n_words == 0)
                        break;
                if (apply_assignments(s, c, &s->env, file))
                        break;
                if (!strcmp(c->words[0].raw, ".") || !strcmp(c->words[0].raw, "source")) {
                        source_file(s, c, &s->env, depth);
                        break;
                }
                /* ": ${PIDFILE:=/run/x.pid}" assigns through expansion. */
                ExpandContext ctx = context_for(s, &s->env);
                for (size_t i = 0; i < c->n_words; i++)
                        if (strstr(c->words[i].raw, ":=")) {
                                _cleanup_free_ char *v = NULL;
                                bool resolved;
                                (void) expand_word(c->words[i].raw, &ctx, &v, &resolved);
                        }
                break;
        }
        case NODE_FUNCTION:
                set_error(s, add_function(s, n));
                break;
        case NODE_CASE:
                if (!s->dispatch && !file && is_arg1_word(s, n->kase.subject.raw))
                        s->dispatch = n;
                break;
        }
}

/* A script without a top-level dispatch may keep it in a function (main "$@"). */
static const Node *find_dispatch_anywhere(Script *s, const Node *n) {
        switch (n->kind) {
        case NODE_LIST:
                for (size_t i = 0; i < n->list.n; i++) {
                        const Node *d = find_dispatch_anywhere(s, n->list.items[i]);
                        if (d)
                                return d;
                }
                return NULL;
        case NODE_CASE:
                return is_arg1_word(s, n->kase.subject.raw) ? n : NULL;
        case NODE_FUNCTION:
                return find_dispatch_anywhere(s, n->function.body);
        default:
                return NULL;
        }
}

static bool verb_name_ok(const char *v) {
        if (!*v || strlen(v) > 64)
                return false;
        for (; *v; v++)
                if (!((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') || (*v >= '0' && *v <= '9') ||
                      *v == '-' || *v == '_' || *v == '.'))
                        return false;
        return true;
}

static int collect_verbs(Script *s) {
        for (size_t b = 0; b < s->dispatch->kase.n; b++) {
                const CaseBranch *br = &s->dispatch->kase.branches[b];
                for (size_t p = 0; p < br->n_patterns; p++) {
                        Env none = {};
                        ExpandContext ctx = context_for(s, &none);
                        _cleanup_free_ char *v = NULL;
                        bool resolved;
                        if (expand_word(br->patterns[p], &ctx, &v, &resolved) < 0)
                                return -ENOMEM;
                        if (!resolved || !verb_name_ok(v))
                                continue; /* "*)", globs, computed patterns */
                        bool seen = false;
                        for (size_t i = 0; i < s->n_verbs; i++)
                                seen |= !strcmp(s->verbs[i].name, v);
                        if (seen)
                                continue;
                        Verb *n = realloc(s->verbs, (s->n_verbs + 1) * sizeof(Verb));
                        if (!n)
                                return -ENOMEM;
                        s->verbs = n;
                        n[s->n_verbs++] = (Verb) { .name = TAKE_PTR(v), .body = br->body, .line = br->line };
                }
        }
        return 0;
}

static const Verb *find_verb(const Script *s, const char *name) {
        for (size_t i = 0; i < s->n_verbs; i++)
                if (!strcmp(s->verbs[i].name, name))
                        return &s->verbs[i];
        return NULL;
}

/* ---- following one verb: what commands it runs ---- */

static void trace_free(Trace *t) {
        for (size_t i = 0; i < t->n; i++) {
                for (size_t k = 0; k < t->steps[i].argc; k++)
                        free(t->steps[i].argv[k]);
                free(t->steps[i].argv);
                free(t->steps[i].resolved);
                free(t->steps[i].redirect);
        }
        free(t->steps);
        for (size_t i = 0; i < t->n_visited; i++)
                free(t->visited[i]);
        free(t->visited);
        *t = (Trace) {};
}

static bool trace_visited(const Trace *t, const char *name) {
        for (size_t i = 0; i < t->n_visited; i++)
                if (!strcmp(t->visited[i], name))
                        return true;
        return false;
}

static int trace_visit(Trace *t, const char *name) {
        char **n = realloc(t->visited, (t->n_visited + 1) * sizeof(char *));
        if (!n)
                return -ENOMEM;
        t->visited = n;
        n[t->n_visited] = strdup(name);
        if (!n[t->n_visited])
                return -ENOMEM;
        t->n_visited++;
        return 0;
}

typedef struct Walk {
        Script *s;
        Trace *trace;
        /* "verb:NAME" for case branches, NAME for functions: "start) start ;;" is a
         * verb calling a function, not recursion. */
        char stack[CALL_DEPTH_MAX + 1][80];
        unsigned depth;
        const char *arg1; /* what $1 is in the code being walked */
} Walk;

static void walk_node(Walk *w, const Node *n, Env *env);

static bool in_stack(const Walk *w, const char *name) {
        for (unsigned i = 0; i < w->depth; i++)
                if (!strcmp(w->stack[i], name))
                        return true;
        return false;
}

static void walk_call(Walk *w, bool is_verb, const char *name, const char *arg1, const Node *body, Env *env) {
        char key[80];
        snprintf(key, sizeof(key), "%s%s", is_verb ? "verb:" : "", name);
        if (w->depth >= CALL_DEPTH_MAX || in_stack(w, key))
                return;
        set_error(w->s, trace_visit(w->trace, key));
        snprintf(w->stack[w->depth++], sizeof(w->stack[0]), "%s", key);
        const char *saved = w->arg1;
        w->arg1 = arg1;
        walk_node(w, body, env);
        w->arg1 = saved;
        w->depth--;
}

/* "$0 stop", "/etc/init.d/NAME stop", "service NAME stop": the script calling itself. */
static const char *self_call_verb(Walk *w, char **argv, size_t argc) {
        const Script *s = w->s;
        if (argc >= 3 && !strcmp(base_name(argv[0]), "service") && !strcmp(argv[1], s->in->name))
                return argv[2];
        if (argc >= 2 && (!strcmp(argv[0], s->in->script_path) || !strcmp(base_name(argv[0]), s->in->name)))
                return argv[1];
        return NULL;
}

static void walk_command(Walk *w, const Command *c, unsigned line, Env *env) {
        Script *s = w->s;
        if (c->n_words == 0)
                return;
        if (apply_assignments(s, c, env, NULL))
                return;
        if ((!strcmp(c->words[0].raw, ".") || !strcmp(c->words[0].raw, "source")))
                return;
        if (w->trace->n >= TRACE_MAX)
                return;

        Step st = { .command = c, .line = line };
        st.argv = calloc(c->n_words, sizeof(char *));
        st.resolved = calloc(c->n_words, sizeof(bool));
        if (!st.argv || !st.resolved) {
                free(st.argv);
                free(st.resolved);
                set_error(s, -ENOMEM);
                return;
        }
        ExpandContext ctx = context_for(s, env);
        ctx.arg1 = w->arg1;
        /* Leading NAME=value words set the command's environment only. */
        size_t k = 0;
        while (k + 1 < c->n_words && assignment_name_length(c->words[k].raw))
                k++;
        for (; k < c->n_words; k++) {
                int r = expand_word(c->words[k].raw, &ctx, &st.argv[st.argc], &st.resolved[st.argc]);
                if (r < 0) {
                        st.argv[st.argc] = strdup("");
                        st.resolved[st.argc] = false;
                }
                st.argc++;
        }
        if (c->redirect_out)
                (void) expand_word(c->redirect_out->raw, &ctx, &st.redirect, &st.redirect_resolved);
        const char *call_arg1 = st.argc > 1 && st.resolved[1] ? st.argv[1] : NULL;

        const Function *f = st.resolved[0] ? find_function(s, st.argv[0]) : NULL;
        const char *verb = f ? NULL : self_call_verb(w, st.argv, st.argc);
        const Verb *v = verb ? find_verb(s, verb) : NULL;
        Step *grown = realloc(w->trace->steps, (w->trace->n + 1) * sizeof(Step));
        if (!grown) {
                for (size_t i = 0; i < st.argc; i++)
                        free(st.argv[i]);
                free(st.argv);
                free(st.resolved);
                free(st.redirect);
                set_error(s, -ENOMEM);
                return;
        }
        w->trace->steps = grown;
        grown[w->trace->n++] = st;
        if (f)
                walk_call(w, false, f->name, call_arg1, f->body, env);
        else if (v)
                walk_call(w, true, v->name, v->name, v->body, env);
}

static void walk_node(Walk *w, const Node *n, Env *env) {
        switch (n->kind) {
        case NODE_LIST:
                for (size_t i = 0; i < n->list.n; i++)
                        walk_node(w, n->list.items[i], env);
                break;
        case NODE_COMMAND:
                walk_command(w, &n->command, n->line, env);
                break;
        case NODE_CASE:
                for (size_t i = 0; i < n->kase.n; i++)
                        walk_node(w, n->kase.branches[i].body, env);
                break;
        case NODE_FUNCTION:
                break;
        }
}

static int trace_verb(Script *s, const Verb *v, Trace *ret) {
        *ret = (Trace) {};
        Env env;
        int r = env_copy(&s->env, &env);
        if (r < 0)
                return r;
        Walk w = { .s = s, .trace = ret };
        walk_call(&w, true, v->name, v->name, v->body, &env);
        env_free(&env);
        return s->error;
}

/* ---- reading the trace ---- */

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
                ExpandContext ctx = context_for(s, env);
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
                        set_error(s, -ENOMEM);
                        return;
                }
                snprintf(f->why, sizeof(f->why), "PIDFile: '%s' runs %s %s (line %u)", verb,
                         st->argc ? base_name(st->argv[0]) : "", how, st->line);
        }
}

/* ---- building the unit ---- */

typedef struct Facility {
        const char *name;
        const char *target; /* NULL: systemd provides it by default */
} Facility;

static const Facility facilities[] = {
        { "$network", "network-online.target" }, { "$remote_fs", "remote-fs.target" },
        { "$named", "nss-lookup.target" },       { "$time", "time-sync.target" },
        { "$portmap", "rpcbind.target" },        { "$syslog", NULL },
        { "$local_fs", NULL },                   { "$all", NULL },
};

static bool name_ok_for_unit(const char *n) {
        if (!*n || strlen(n) > 200)
                return false;
        for (; *n; n++)
                if (!unit_name_char_ok(*n) || *n == '\\')
                        return false;
        return true;
}

typedef struct Deps {
        UnitPlan *plan;
        Script *s;
        int r;
} Deps;

static void dep_line(Deps *d, const char *key, const char *unit, const char *why) {
        /* no duplicates: $network in both Required- and Should-Start gives one line */
        for (size_t i = 0; i < d->plan->n_lines; i++)
                if (!strcmp(d->plan->lines[i].key, key) && !strcmp(d->plan->lines[i].value, unit))
                        return;
        if (d->r >= 0)
                d->r = plan_add(d->plan, SECTION_UNIT, key, unit, why);
}

static bool is_self_name(const Script *s, const char *name) {
        if (!strcmp(name, s->in->name))
                return true;
        for (size_t i = 0; i < s->headers.provides.n; i++)
                if (!strcmp(name, s->headers.provides.items[i]))
                        return true;
        return false;
}

/* relation: "Requires", "Wants" or "Before". Facilities are targets: wanted, never required. */
static void add_relation(Deps *d, const char *relation, const char *unit, bool facility, const char *why) {
        if (!strcmp(relation, "Before")) {
                dep_line(d, "Before", unit, why);
                return;
        }
        dep_line(d, facility ? "Wants" : relation, unit, why);
        dep_line(d, "After", unit, why);
}

static void deps_from(Deps *d, const HeaderList *l, const char *header, const char *relation) {
        char why[WHY_MAX];
        for (size_t i = 0; i < l->n; i++) {
                const char *name = l->items[i];
                if (name[0] == '+')
                        name++;
                snprintf(why, sizeof(why), "%s: %s (line %u)", header, l->items[i], l->line);
                if (name[0] == '$') {
                        const Facility *f = NULL;
                        for (size_t k = 0; k < ELEMENTSOF(facilities); k++)
                                if (!strcmp(facilities[k].name, name))
                                        f = &facilities[k];
                        if (!f)
                                diag_warn(d->s->diags, l->line, "unknown LSB facility %s ignored", name);
                        else if (f->target) /* NULL: systemd orders services after these anyway */
                                add_relation(d, relation, f->target, true, why);
                        continue;
                }
                if (is_self_name(d->s, name))
                        continue;
                if (!name_ok_for_unit(name)) {
                        diag_warn(d->s->diags, l->line, "'%s' cannot be a unit name, ignored", name);
                        continue;
                }
                char unit[256];
                snprintf(unit, sizeof(unit), "%s.service", name);
                add_relation(d, relation, unit, false, why);
        }
}

typedef struct Runlevels {
        bool multi, graphical, sysinit;
} Runlevels;

static void runlevels_add(Runlevels *r, const char *levels) {
        for (const char *c = levels; *c; c++) {
                r->multi |= *c == '2' || *c == '3' || *c == '4';
                r->graphical |= *c == '5';
                r->sysinit |= *c == 'S' || *c == 's';
        }
}

static int add_install(UnitPlan *p, Script *s, bool instance) {
        const ScriptHeaders *h = &s->headers;
        char why[WHY_MAX];
        Runlevels rl = {};
        const char *source = NULL;
        unsigned line = 0;
        if (h->default_start.present) {
                for (size_t i = 0; i < h->default_start.n; i++)
                        runlevels_add(&rl, h->default_start.items[i]);
                source = "Default-Start";
                line = h->default_start.line;
        } else if (h->chkconfig_runlevels.value) {
                runlevels_add(&rl, h->chkconfig_runlevels.value);
                source = "chkconfig runlevels";
                line = h->chkconfig_runlevels.line;
        }
        int r = 0;
        if (source)
                snprintf(why, sizeof(why), "WantedBy: %s (line %u)", source, line);
        if (!rl.multi && !rl.graphical && !rl.sysinit) {
                snprintf(why, sizeof(why),
                         "WantedBy: %s names no runlevel to start in; 'systemctl enable' puts it where runlevels "
                         "2-4 would",
                         source ? source : "no header");
                rl.multi = true;
        }
        if (rl.sysinit)
                r = plan_add(p, SECTION_INSTALL, "WantedBy", "sysinit.target", why);
        if (r >= 0 && rl.multi)
                r = plan_add(p, SECTION_INSTALL, "WantedBy", "multi-user.target", why);
        if (r >= 0 && rl.graphical)
                r = plan_add(p, SECTION_INSTALL, "WantedBy", "graphical.target", why);
        if (r < 0 || instance)
                return r;
        for (size_t i = 0; i < h->provides.n && r >= 0; i++) {
                const char *name = h->provides.items[i];
                if (!strcmp(name, s->in->name) || name[0] == '$')
                        continue;
                if (!name_ok_for_unit(name)) {
                        diag_warn(s->diags, h->provides.line, "Provides: '%s' cannot be a unit name, no alias", name);
                        continue;
                }
                char unit[256];
                snprintf(unit, sizeof(unit), "%s.service", name);
                snprintf(why, sizeof(why), "Alias: Provides: %s (line %u)", name, h->provides.line);
                r = plan_add(p, SECTION_INSTALL, "Alias", unit, why);
        }
        return r;
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

typedef struct VerbSet {
        const char *instance; /* NULL for the whole script */
        const Verb *start, *stop, *status, *reload;
} VerbSet;

static int plan_service(Script *s, const VerbSet *vs, UnitPlan *p) {
        const ScriptHeaders *h = &s->headers;
        char why[2 * WHY_MAX]; /* room for daemon_why or note (each up to WHY_MAX) and the text around */
        int r;

        char unit[300];
        if (vs->instance)
                snprintf(unit, sizeof(unit), "%s-%s.service", s->in->name, vs->instance);
        else
                snprintf(unit, sizeof(unit), "%s.service", s->in->name);
        p->unit_name = strdup(unit);
        if (!p->unit_name)
                return -ENOMEM;

        /* [Unit] */
        const char *desc = s->in->name;
        if (h->short_description.value && *h->short_description.value) {
                desc = h->short_description.value;
                snprintf(why, sizeof(why), "Description: Short-Description (line %u)", h->short_description.line);
        } else if (h->description.value && *h->description.value) {
                desc = h->description.value;
                snprintf(why, sizeof(why), "Description: '# description:' (line %u)", h->description.line);
        } else if (h->lsb_description.value && *h->lsb_description.value) {
                desc = h->lsb_description.value;
                snprintf(why, sizeof(why), "Description: LSB Description (line %u)", h->lsb_description.line);
        } else
                snprintf(why, sizeof(why), "Description: the script has none; its name");
        char full_desc[1200];
        if (vs->instance)
                snprintf(full_desc, sizeof(full_desc), "%s (%s)", desc, vs->instance);
        else
                snprintf(full_desc, sizeof(full_desc), "%s", desc);
        if ((r = plan_add(p, SECTION_UNIT, "Description", full_desc, why)) < 0)
                return r;
        if ((r = plan_add(p, SECTION_UNIT, "Documentation", "man:sysv2unit(8)", "Documentation: how this unit was made")) < 0)
                return r;
        if ((r = plan_add(p, SECTION_UNIT, "SourcePath", s->in->script_path, "SourcePath: the script this unit runs")) <
            0)
                return r;
        Deps d = { .plan = p, .s = s, .r = 0 };
        deps_from(&d, &h->required_start, "Required-Start", "Requires");
        deps_from(&d, &h->should_start, "Should-Start", "Wants");
        deps_from(&d, &h->x_start_before, "X-Start-Before", "Before");
        if (d.r < 0)
                return d.r;

        /* [Service]: is there a daemon, and which pid file tells systemd its PID? */
        Trace start = {}, stop = {}, status = {}, reload = {};
        r = trace_verb(s, vs->start, &start);
        if (r >= 0 && vs->stop)
                r = trace_verb(s, vs->stop, &stop);
        if (r >= 0 && vs->status)
                r = trace_verb(s, vs->status, &status);
        if (r >= 0 && vs->reload)
                r = trace_verb(s, vs->reload, &reload);
        if (r < 0)
                goto done;

        const char *processname = h->processname.value && *h->processname.value ? base_name(h->processname.value) : NULL;
        char daemon_why[WHY_MAX] = "";
        for (size_t i = 0; i < start.n && !daemon_why[0]; i++) {
                const char *how = step_launches(&start.steps[i], processname);
                if (how)
                        snprintf(daemon_why, sizeof(daemon_why), "'%s' starts a daemon: %s (line %u)", vs->start->name,
                                 how, start.steps[i].line);
        }
        for (size_t i = 0; i < stop.n && !daemon_why[0]; i++) {
                const Step *st = &stop.steps[i];
                bool kills = step_is(st, KILLERS) ||
                             (step_is(st, SSD) && has_arg(st, (const char *const[]) { "--stop", "-K", NULL }));
                if (kills && !(step_is(st, (const char *const[]) { "kill", NULL }) &&
                               has_arg(st, (const char *const[]) { "-0", NULL })))
                        snprintf(daemon_why, sizeof(daemon_why),
                                 "'%s' leaves a process behind: '%s' kills it with %s (line %u)", vs->start->name,
                                 vs->stop->name, base_name(st->argv[0]), st->line);
        }
        bool is_daemon = daemon_why[0] != '\0';

        Found pid = {};
        char note[WHY_MAX] = "";
        if (is_daemon) {
                search_pidfile(s, &start, vs->start->name, true, &pid, note, sizeof(note));
                if (!pid.path && vs->stop)
                        search_pidfile(s, &stop, vs->stop->name, false, &pid, note, sizeof(note));
                if (!pid.path && vs->status)
                        search_pidfile(s, &status, vs->status->name, false, &pid, note, sizeof(note));
                if (!pid.path && !vs->instance && h->pidfile.value && usable_pidfile(h->pidfile.value)) {
                        pid.path = strdup(h->pidfile.value);
                        snprintf(pid.why, sizeof(pid.why), "PIDFile: '# pidfile:' header (line %u)", h->pidfile.line);
                }
                if (!pid.path && !vs->instance) {
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
        }

        if (!is_daemon) {
                snprintf(why, sizeof(why),
                         "Type: '%s' starts no process that stays (no daemon launcher, no background job, '%s' "
                         "kills nothing): a oneshot",
                         vs->start->name, vs->stop ? vs->stop->name : "stop");
                if ((r = plan_add(p, SECTION_SERVICE, "Type", "oneshot", why)) < 0 ||
                    (r = plan_add(p, SECTION_SERVICE, "RemainAfterExit", "yes",
                                  "RemainAfterExit: a oneshot that set something up stays active until stopped")) < 0)
                        goto done;
        } else {
                snprintf(why, sizeof(why), "Type: %s; the script returns once it has forked", daemon_why);
                if ((r = plan_add(p, SECTION_SERVICE, "Type", "forking", why)) < 0)
                        goto done;
                if (pid.path) {
                        if ((r = plan_add(p, SECTION_SERVICE, "PIDFile", pid.path, pid.why)) < 0)
                                goto done;
                } else {
                        snprintf(why, sizeof(why),
                                 "no pid file found%s%s: systemd guesses the main PID and the unit leaves "
                                 "'active' when the daemon's processes are gone (no RemainAfterExit)",
                                 note[0] ? "; " : "", note);
                        if ((r = plan_add(p, SECTION_SERVICE, "GuessMainPID", "yes", why)) < 0)
                                goto done;
                }
        }
        if ((r = plan_add(p, SECTION_SERVICE, "Environment", "SYSTEMCTL_SKIP_REDIRECT=1 _SYSTEMCTL_SKIP_REDIRECT=1",
                          "Environment: keeps /etc/init.d/functions and /lib/lsb/init-functions from handing the "
                          "script back to systemctl")) < 0)
                goto done;
        snprintf(why, sizeof(why), "ExecStart: case branch '%s)' (line %u)", vs->start->name, vs->start->line);
        if ((r = plan_add_exec(p, "ExecStart", s->in->script_path, vs->start->name, why)) < 0)
                goto done;
        if (vs->stop) {
                snprintf(why, sizeof(why), "ExecStop: case branch '%s)' (line %u)", vs->stop->name, vs->stop->line);
                if ((r = plan_add_exec(p, "ExecStop", s->in->script_path, vs->stop->name, why)) < 0)
                        goto done;
        }
        if (vs->reload) {
                const char *why_not = NULL;
                if (reload_is_real(&reload, vs->stop ? vs->stop->name : NULL, &why_not)) {
                        snprintf(why, sizeof(why), "ExecReload: case branch '%s)' (line %u) does work of its own",
                                 vs->reload->name, vs->reload->line);
                        if ((r = plan_add_exec(p, "ExecReload", s->in->script_path, vs->reload->name, why)) < 0)
                                goto done;
                } else
                        diag_warn(s->diags, vs->reload->line, "'%s' is not a reload: %s; no ExecReload",
                                  vs->reload->name, why_not);
        }
        r = add_install(p, s, vs->instance != NULL);
done:
        free(pid.path);
        trace_free(&start);
        trace_free(&stop);
        trace_free(&status);
        trace_free(&reload);
        return r;
}

static void script_free(Script *s) {
        headers_free(&s->headers);
        node_free(s->tree);
        for (size_t i = 0; i < s->n_sourced; i++)
                node_free(s->sourced_trees[i]);
        free(s->sourced_trees);
        env_free(&s->env);
        free(s->functions);
        for (size_t i = 0; i < s->n_verbs; i++)
                free(s->verbs[i].name);
        free(s->verbs);
        for (size_t i = 0; i < s->n_arg1_vars; i++)
                free(s->arg1_vars[i]);
        free(s->arg1_vars);
}

static int push_plan(UnitPlan **plans, size_t *n, UnitPlan *p) {
        UnitPlan *g = realloc(*plans, (*n + 1) * sizeof(UnitPlan));
        if (!g)
                return -ENOMEM;
        *plans = g;
        g[(*n)++] = *p;
        return 0;
}

int analyze_script(const AnalyzeInput *in, UnitPlan **ret_plans, size_t *ret_n, Diags *diags) {
        Script s = { .in = in, .diags = diags };
        UnitPlan *plans = NULL;
        size_t n_plans = 0;
        int r;

        if ((r = headers_parse(in->text, &s.headers, diags)) < 0)
                goto fail;
        if ((r = shell_read(in->text, &s.tree, diags)) < 0)
                goto fail;
        walk_top(&s, s.tree, NULL, 0);
        if (!s.dispatch)
                s.dispatch = find_dispatch_anywhere(&s, s.tree);
        if (s.error) {
                r = s.error;
                goto fail;
        }
        if (!s.dispatch) {
                diag_error(diags, 0, "no 'case \"$1\" in' dispatching start/stop: is this an init script?");
                r = -EINVAL;
                goto fail;
        }
        if ((r = collect_verbs(&s)) < 0)
                goto fail;

        /* start-X/stop-X pairs: one unit per instance X. */
        for (size_t i = 0; i < s.n_verbs; i++) {
                const char *v = s.verbs[i].name;
                if (strncmp(v, "start-", 6) != 0 || !v[6])
                        continue;
                char name[80];
                snprintf(name, sizeof(name), "stop-%s", v + 6);
                const Verb *stop = find_verb(&s, name);
                if (!stop)
                        continue;
                const char *inst = v + 6;
                if (!name_ok_for_unit(inst)) {
                        diag_warn(diags, s.verbs[i].line, "instance '%s' cannot be part of a unit name", inst);
                        continue;
                }
                VerbSet vs = { .instance = inst, .start = &s.verbs[i], .stop = stop };
                snprintf(name, sizeof(name), "status-%s", inst);
                vs.status = find_verb(&s, name);
                snprintf(name, sizeof(name), "reload-%s", inst);
                vs.reload = find_verb(&s, name);
                UnitPlan p = {};
                if ((r = plan_service(&s, &vs, &p)) < 0 || (r = push_plan(&plans, &n_plans, &p)) < 0) {
                        plan_free(&p);
                        goto fail;
                }
        }
        if (n_plans == 0) {
                VerbSet vs = { .start = find_verb(&s, "start"), .stop = find_verb(&s, "stop"),
                               .status = find_verb(&s, "status") };
                vs.reload = find_verb(&s, "reload");
                if (!vs.reload)
                        vs.reload = find_verb(&s, "force-reload");
                if (!vs.start) {
                        diag_error(diags, s.dispatch->line, "the case statement has no 'start)' branch");
                        r = -EINVAL;
                        goto fail;
                }
                if (!vs.stop)
                        diag_warn(diags, s.dispatch->line, "no 'stop)' branch: systemd will just kill the processes");
                UnitPlan p = {};
                if ((r = plan_service(&s, &vs, &p)) < 0 || (r = push_plan(&plans, &n_plans, &p)) < 0) {
                        plan_free(&p);
                        goto fail;
                }
        }
        script_free(&s);
        *ret_plans = plans;
        *ret_n = n_plans;
        return 0;
fail:
        for (size_t i = 0; i < n_plans; i++)
                plan_free(&plans[i]);
        free(plans);
        script_free(&s);
        return r < 0 ? r : -EINVAL;
}
