/* SPDX-License-Identifier: MIT */
#include "trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cond.h"
#include "grow.h"


void trace_free(Trace *t) {
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

bool trace_visited(const Trace *t, const char *name) {
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

static Truth walk_node(Walk *w, const Node *n, Env *env);

static bool in_stack(const Walk *w, const char *name) {
        for (unsigned i = 0; i < w->depth; i++)
                if (!strcmp(w->stack[i], name))
                        return true;
        return false;
}

static void walk_call(Walk *w, bool is_verb, const char *name, const char *arg1, const Node *body, Env *env) {
        char key[80], frame[80];
        snprintf(key, sizeof(key), "%s%s", is_verb ? "verb:" : "", name);
        /* A function entered again with another argument is no recursion:
         * init-d-script's "call do_start" runs "call do_start_cmd". */
        if (snprintf(frame, sizeof(frame), "%s %s", key, arg1 ? arg1 : "") >= (int) sizeof(frame))
                return; /* a call this long is nothing an init script does */
        if (w->depth >= CALL_DEPTH_MAX || in_stack(w, frame))
                return;
        script_set_error(w->s, trace_visit(w->trace, key));
        snprintf(w->stack[w->depth++], sizeof(w->stack[0]), "%s", frame);
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
        if (script_apply_assignments(s, c, env, NULL, w->arg1))
                return;
        if ((!strcmp(c->words[0].raw, ".") || !strcmp(c->words[0].raw, "source")))
                return;
        if (cond_is_pure_query(c))
                return; /* evaluated by walk_node, runs nothing */
        if (w->trace->n >= TRACE_MAX)
                return;

        Step st = { .command = c, .line = line };
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
                char **fields = NULL;
                size_t n = 0;
                bool resolved = false;
                if (expand_fields(c->words[k].raw, &ctx, &fields, &n, &resolved) < 0) {
                        fields = NULL;
                        n = 0;
                }
                if (n == 0 && k == 0) { /* keep a command name, even an unknown one */
                        fields = calloc(1, sizeof(char *));
                        if (fields && (fields[0] = strdup("")))
                                n = 1;
                        resolved = false;
                }
                if (GROW(st.argv, allocated, st.argc + n) < 0 ||
                    GROW(st.resolved, allocated_resolved, st.argc + n) < 0) {
                        for (size_t i = 0; i < n; i++)
                                free(fields[i]);
                        free(fields);
                        break;
                }
                for (size_t i = 0; i < n; i++) {
                        st.argv[st.argc] = fields[i];
                        st.resolved[st.argc++] = resolved;
                }
                free(fields);
        }
        if (st.argc == 0) {
                free(st.argv);
                free(st.resolved);
                script_set_error(s, -ENOMEM);
                return;
        }
        if (c->redirect_out)
                (void) expand_word(c->redirect_out->raw, &ctx, &st.redirect, &st.redirect_resolved);
        const char *call_arg1 = st.argc > 1 && st.resolved[1] ? st.argv[1] : NULL;

        const Function *f = st.resolved[0] ? script_find_function(s, st.argv[0]) : NULL;
        const char *verb = f ? NULL : self_call_verb(w, st.argv, st.argc);
        const Verb *v = verb ? script_find_verb(s, verb) : NULL;
        if (GROW(w->trace->steps, w->trace->allocated, w->trace->n + 1) < 0) {
                for (size_t i = 0; i < st.argc; i++)
                        free(st.argv[i]);
                free(st.argv);
                free(st.resolved);
                free(st.redirect);
                script_set_error(s, -ENOMEM);
                return;
        }
        w->trace->steps[w->trace->n++] = st;
        if (f)
                walk_call(w, false, f->name, call_arg1, f->body, env);
        else if (v)
                walk_call(w, true, v->name, v->name, v->body, env);
}

/* Every branch is followed, but for those a condition the reading can decide rules
 * out: init-d-script's "if is_call_implemented do_reload", "[ -n \"$RELOAD_SIGNAL\" ]". */
static Truth walk_list(Walk *w, const Node *n, Env *env) {
        if (n->list.is_if) {
                size_t k = 0;
                for (; k + 1 < n->list.n; k += 2) {
                        Truth t = walk_node(w, n->list.items[k], env);
                        if (t == TRUTH_FALSE)
                                continue;
                        walk_node(w, n->list.items[k + 1], env);
                        if (t == TRUTH_TRUE)
                                return TRUTH_UNKNOWN;
                }
                if (k < n->list.n)
                        walk_node(w, n->list.items[k], env);
                return TRUTH_UNKNOWN;
        }
        Truth status = TRUTH_TRUE;
        for (size_t i = 0; i < n->list.n; i++) {
                unsigned char link = n->list.links ? n->list.links[i] : 0;
                bool undecided = false;
                if (link & (LINK_AND | LINK_OR)) {
                        Truth runs = link & LINK_AND ? status : truth_not(status);
                        if (runs == TRUTH_FALSE)
                                continue;
                        undecided = runs == TRUTH_UNKNOWN;
                }
                Truth t = walk_node(w, n->list.items[i], env);
                if (link & LINK_NOT)
                        t = truth_not(t);
                status = undecided ? TRUTH_UNKNOWN : t;
        }
        return status;
}

static Truth walk_node(Walk *w, const Node *n, Env *env) {
        switch (n->kind) {
        case NODE_LIST:
                return walk_list(w, n, env);
        case NODE_COMMAND: {
                Truth t = cond_eval(w->s, &n->command, env, w->arg1);
                walk_command(w, &n->command, n->line, env);
                return t;
        }
        case NODE_CASE:
                for (size_t i = 0; i < n->kase.n; i++)
                        walk_node(w, n->kase.branches[i].body, env);
                return TRUTH_UNKNOWN;
        case NODE_FUNCTION:
                return TRUTH_TRUE;
        }
        return TRUTH_UNKNOWN;
}

int trace_verb(Script *s, const Verb *v, Trace *ret) {
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
