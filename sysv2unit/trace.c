/* SPDX-License-Identifier: MIT */
/* Stage 2: the commands a verb runs, through functions and re-entered verbs (trace.h). */
#include "trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "cond.h"
#include "walk.h"
#include "programs.h"
#include "grow.h"
#include "macro.h"


void trace_free(Trace *t) {
        for (size_t i = 0; i < t->n; i++)
                free(t->steps[i].redirect);
        free(t->steps);
        arena_free(t->arena);
        for (size_t i = 0; i < t->n_trees; i++)
                node_free(t->trees[i]);
        free(t->trees);
        for (size_t i = 0; i < t->n_visited; i++)
                free(t->visited[i]);
        free(t->visited);
        *t = (Trace) {};
}

bool trace_visited(const Trace *t, const char *name) {
        for (size_t i = 0; i < t->n_visited; i++)
                if (!strcmp(t->visited[i], name))
                        return true;
        return false;
}

static void trace_set_error(Trace *t, int r) {
        if (r < 0 && !t->error)
                t->error = r;
}

/* Keeps a command string's tree as long as the trace: its steps point into it.  Frees
 * it on failure. */
static int trace_keep_tree(Trace *t, Node *tree) {
        if (GROW(t->trees, t->allocated_trees, t->n_trees + 1) < 0) {
                node_free(tree);
                return -ENOMEM;
        }
        t->trees[t->n_trees++] = tree;
        return 0;
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
        const Script *s;
        Trace *trace;
        /* "verb:NAME" for case branches, NAME for functions: "start) start ;;" is a
         * verb calling a function, not recursion. */
        char stack[CALL_DEPTH_MAX + 1][80];
        unsigned depth;
        const char *arg1; /* what $1 is in the code being walked */
        unsigned background; /* inside a group run with '&' */
        const char *file;    /* where the code being walked is */
        const char *verb;    /* the innermost verb entered */
        Env *env;            /* the verb's variables, as its commands set them */
} Walk;

static Truth walk_node(Walk *w, const Node *n);
static void walk_string_tree(Walk *w, Node *n, unsigned line, Env *env);
static void walk_command_string(Walk *w, const Step *st, Env *env);

static bool in_stack(const Walk *w, const char *name) {
        for (unsigned i = 0; i < w->depth; i++)
                if (!strcmp(w->stack[i], name))
                        return true;
        return false;
}

static void walk_call(Walk *w, bool is_verb, const char *name, const char *arg1, const Node *body, const char *file,
                      Env *env) {
        char key[80], frame[80];
        /* A function entered again with another argument is no recursion:
         * init-d-script's "call do_start" runs "call do_start_cmd".  frame: "KEY ARG1". */
        size_t prefix = is_verb ? 5 : 0, n_name = strlen(name), n_arg = arg1 ? strlen(arg1) : 0;
        if (prefix + n_name + 1 + n_arg >= sizeof(frame))
                return; /* a call this long is nothing an init script does */
        memcpy(key, "verb:", prefix);
        memcpy(key + prefix, name, n_name + 1);
        memcpy(frame, key, prefix + n_name);
        frame[prefix + n_name] = ' ';
        memcpy(frame + prefix + n_name + 1, arg1 ? arg1 : "", n_arg + 1);
        if (w->depth >= CALL_DEPTH_MAX || in_stack(w, frame))
                return;
        trace_set_error(w->trace, trace_visit(w->trace, key));
        memcpy(w->stack[w->depth++], frame, prefix + n_name + 1 + n_arg + 1);
        const char *saved = w->arg1, *saved_file = w->file, *saved_verb = w->verb;
        w->arg1 = arg1;
        w->file = file;
        if (is_verb)
                w->verb = name;
        walk_node(w, body);
        w->arg1 = saved;
        w->file = saved_file;
        w->verb = saved_verb;
        w->depth--;
}

/* "$0 stop", "/etc/init.d/NAME stop", "service NAME stop": the script calling itself. */
static const char *self_call_verb(Walk *w, char **argv, size_t argc) {
        const Script *s = w->s;
        if (argc >= 3 && !strcmp(path_basename(argv[0]), "service") && !strcmp(argv[1], s->in->name))
                return argv[2];
        if (argc >= 2 && (!strcmp(argv[0], s->in->script_path) || !strcmp(path_basename(argv[0]), s->in->name)))
                return argv[1];
        return NULL;
}

/* Drops the first n words of a step. */
static void drop_words(Step *st, size_t n) {
        if (n >= st->argc)
                return; /* keep the command itself */
        memmove(st->argv, st->argv + n, (st->argc - n) * sizeof(char *));
        memmove(st->resolved, st->resolved + n, (st->argc - n) * sizeof(bool));
        st->argc -= n;
}

/* Commands that run another command unchanged but for its environment, priority or
 * time limit: "env -i LANG=C apache2ctl start", "timeout 10 mysqld_safe", "nice -n 5 x".
 * What matters is the command they run.  Each: its name, options that take a value,
 * and how many plain words come before the command (timeout's duration). */
static void strip_prefix(Step *st) {
        static const char *const env_values[] = { "-u", "--unset", "-C", "--chdir", "-S", NULL };
        static const char *const nice_values[] = { "-n", "--adjustment", NULL };
        static const char *const ionice_values[] = { "-c", "-n", "-p", "-P", "-u", NULL };
        static const char *const timeout_values[] = { "-k", "--kill-after", "-s", "--signal", NULL };
        static const char *const stdbuf_values[] = { "-i", "-o", "-e", NULL };
        static const char *const none[] = { NULL };
        static const struct {
                const char *name;
                const char *const *value_options;
                size_t operands;
        } prefixes[] = {
                { "env", env_values, 0 },         { "nice", nice_values, 0 },   { "ionice", ionice_values, 0 },
                { "timeout", timeout_values, 1 }, { "taskset", none, 1 },       { "chrt", none, 1 },
                { "stdbuf", stdbuf_values, 0 },
        };
        for (unsigned round = 0; round < 8 && st->argc > 1 && st->resolved[0]; round++) {
                size_t k = SIZE_MAX;
                for (size_t i = 0; i < ELEMENTSOF(prefixes); i++)
                        if (!strcmp(path_basename(st->argv[0]), prefixes[i].name))
                                k = i;
                if (k == SIZE_MAX)
                        return;
                size_t i = 1, operands = prefixes[k].operands;
                while (i < st->argc) {
                        const char *a = st->argv[i];
                        if (!strcmp(a, "--")) {
                                i++;
                                break;
                        }
                        if (a[0] == '-' && a[1]) {
                                i += str_in(a, prefixes[k].value_options) ? 2 : 1;
                                continue;
                        }
                        if (k == 0 && assignment_name_length(a)) { /* env NAME=value */
                                i++;
                                continue;
                        }
                        if (operands > 0) {
                                operands--;
                                i++;
                                continue;
                        }
                        break;
                }
                if (i >= st->argc)
                        return;
                drop_words(st, i);
        }
}

static void walk_command(Walk *w, const Command *c, unsigned line, Env *env) {
        const Script *s = w->s;
        if (c->n_words == 0)
                return;
        if (script_apply_assignments(s, c, env, NULL, w->arg1, &w->trace->error))
                return;
        if ((!strcmp(c->words[0].raw, ".") || !strcmp(c->words[0].raw, "source")))
                return;
        if (cond_is_pure_query(c))
                return; /* evaluated by walk_node, runs nothing */
        if (w->trace->n >= TRACE_MAX)
                return;

        Step st = { .command = c, .line = line, .background = c->background || w->background > 0, .file = w->file,
                    .verb = w->verb };
        Arena *a = w->trace->arena;
        size_t allocated = 0, allocated_resolved = 0;
        ExpandContext ctx = script_context(s, env);
        ctx.arg1 = w->arg1;
        /* Leading NAME=value words set the command's environment only. */
        size_t k = 0;
        while (k + 1 < c->n_words && assignment_name_length(c->words[k].raw))
                k++;
        /* The words the command receives: an unquoted $DAEMON_ARGS of "-p /run/x.pid"
         * is two, as the shell splits it. */
        for (; k < c->n_words; k++) {
                const char *raw = c->words[k].raw;
                char *one[1], **fields = NULL;
                size_t n = 0, plain;
                bool resolved = false, owned = false;
                if (expand_plain_word(raw, &plain)) {
                        /* Its own value: the word's text, which the tree keeps as long. */
                        resolved = true;
                        if (plain > 0) {
                                one[0] = (char *) raw;
                                fields = one;
                                n = 1;
                        }
                } else if (expand_fields(raw, &ctx, &fields, &n, &resolved) >= 0)
                        owned = true;
                if (n == 0 && k == 0) { /* keep a command name, even an unknown one */
                        if (owned)
                                free(fields);
                        owned = false;
                        one[0] = (char *) "";
                        fields = one;
                        n = 1;
                        resolved = false;
                }
                bool ok = ARENA_GROW(a, st.argv, allocated, st.argc + n) >= 0 &&
                          ARENA_GROW(a, st.resolved, allocated_resolved, st.argc + n) >= 0;
                for (size_t i = 0; ok && i < n; i++) {
                        st.argv[st.argc] = owned ? arena_strndup(a, fields[i], strlen(fields[i])) : fields[i];
                        ok = st.argv[st.argc] != NULL;
                        if (ok)
                                st.resolved[st.argc++] = resolved;
                }
                for (size_t i = 0; owned && i < n; i++)
                        free(fields[i]);
                if (owned)
                        free(fields);
                if (!ok)
                        break;
        }
        if (st.argc == 0) {
                trace_set_error(w->trace, -ENOMEM);
                return;
        }
        strip_prefix(&st);
        if (c->redirect_out)
                (void) expand_word(c->redirect_out->raw, &ctx, &st.redirect, &st.redirect_resolved);
        const char *call_arg1 = st.argc > 1 && st.resolved[1] ? st.argv[1] : NULL;

        const Function *f = st.resolved[0] ? script_find_function(s, st.argv[0]) : NULL;
        const char *verb = f ? NULL : self_call_verb(w, st.argv, st.argc);
        const Verb *v = verb ? script_find_verb(s, verb) : NULL;
        if (GROW(w->trace->steps, w->trace->allocated, w->trace->n + 1) < 0) {
                free(st.redirect);
                trace_set_error(w->trace, -ENOMEM);
                return;
        }
        w->trace->steps[w->trace->n++] = st;
        const Step *added = &w->trace->steps[w->trace->n - 1];
        if (!f && !v && program_has_role(path_basename(added->argv[0]), ROLE_RUN_AS))
                walk_command_string(w, added, env);
        if (f)
                walk_call(w, false, f->name, call_arg1, f->body, f->file, env);
        else if (v)
                walk_call(w, true, v->name, v->name, v->body, v->file, env);
}

/* su -l user -c "pg_ctl start ...", sh -c "...": the command string is shell too, and
 * what it starts is what the verb starts.  Its tree is kept with the script's. */
static void walk_command_string(Walk *w, const Step *st, Env *env) {
        const char *string = NULL;
        for (size_t i = 1; i + 1 < st->argc && !string; i++)
                if (!strcmp(st->argv[i], "-c") || !strcmp(st->argv[i], "--command"))
                        string = st->argv[i + 1];
        for (size_t i = 1; i < st->argc && !string; i++)
                if (!strncmp(st->argv[i], "--command=", 10))
                        string = st->argv[i] + 10;
        if (!string || w->depth >= CALL_DEPTH_MAX)
                return;
        Diags ignored = {};
        Node *tree = NULL;
        int r = shell_read(string, &tree, &ignored);
        diags_free(&ignored);
        if (r < 0 || trace_keep_tree(w->trace, tree) < 0)
                return;
        unsigned line = st->line;
        bool background = st->background;
        w->background += background;
        w->depth++;
        walk_string_tree(w, tree, line, env);
        w->depth--;
        w->background -= background;
}

/* A command string's lines are its own; the steps take the line of the su/sh that ran it. */
static void renumber(Node *n, unsigned line) {
        n->line = line;
        switch (n->kind) {
        case NODE_LIST:
                for (size_t i = 0; i < n->list.n; i++)
                        renumber(n->list.items[i], line);
                break;
        case NODE_CASE:
                for (size_t i = 0; i < n->kase.n; i++)
                        renumber(n->kase.branches[i].body, line);
                break;
        case NODE_FUNCTION:
                renumber(n->function.body, line);
                break;
        case NODE_COMMAND:
                for (size_t i = 0; i < n->command.n_words; i++)
                        n->command.words[i].line = line;
                break;
        }
}

static void walk_string_tree(Walk *w, Node *n, unsigned line, Env *env) {
        renumber(n, line);
        walk_node(w, n);
}

/* Every branch is followed, but for those a condition the reading can decide rules
 * out: init-d-script's "if is_call_implemented do_reload", "[ -n \"$RELOAD_SIGNAL\" ]". */
static Truth verb_leaf(void *userdata, const Node *n, bool maybe) {
        Walk *w = userdata;
        (void) maybe; /* a verb's steps are what it may run: all of them count */
        switch (n->kind) {
        case NODE_COMMAND: {
                CondContext cc = script_cond_context(w->s, w->env, w->arg1);
                Truth t = cond_eval(&cc, &n->command);
                walk_command(w, &n->command, n->line, w->env);
                return t;
        }
        case NODE_CASE:
                for (size_t i = 0; i < n->kase.n; i++)
                        walk_node(w, n->kase.branches[i].body);
                return TRUTH_UNKNOWN;
        case NODE_FUNCTION:
                return TRUTH_TRUE;
        case NODE_LIST:
                break; /* the walker's */
        }
        return TRUTH_UNKNOWN;
}

static void verb_background(void *userdata, bool enter) {
        Walk *w = userdata;
        if (enter)
                w->background++;
        else
                w->background--;
}

static Truth walk_node(Walk *w, const Node *n) {
        ShellWalker walker = { .leaf = verb_leaf, .background = verb_background, .userdata = w };
        return shell_walk(&walker, n, false);
}

int trace_verb(const Script *s, const Verb *v, Trace *ret) {
        *ret = (Trace) { .arena = arena_new() };
        if (!ret->arena)
                return -ENOMEM;
        Env env;
        int r = env_copy(&s->env, &env);
        if (r < 0)
                return r;
        Walk w = { .s = s, .trace = ret, .env = &env };
        walk_call(&w, true, v->name, v->name, v->body, v->file, &env);
        env_free(&env);
        return ret->error;
}
