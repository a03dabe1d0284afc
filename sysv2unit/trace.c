/* SPDX-License-Identifier: MIT */
#include "trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        script_set_error(w->s, trace_visit(w->trace, key));
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
        if (script_apply_assignments(s, c, env, NULL))
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
                script_set_error(s, -ENOMEM);
                return;
        }
        ExpandContext ctx = script_context(s, env);
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
