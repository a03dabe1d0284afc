/* SPDX-License-Identifier: MIT */
#include "script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "macro.h"

/* ---- top level: assignments, sourced files, functions, the dispatching case ---- */

const Function *script_find_function(const Script *s, const char *name) {
        size_t i = name_index_get(&s->function_index, name);
        return i == (size_t) -1 ? NULL : &s->functions[i];
}

static int add_function(Script *s, const Node *n) {
        size_t i = name_index_get(&s->function_index, n->function.name);
        if (i != (size_t) -1) {
                s->functions[i].body = n->function.body; /* redefinition wins, as in sh */
                return 0;
        }
        if (GROW(s->functions, s->allocated_functions, s->n_functions + 1) < 0 ||
            name_index_put(&s->function_index, n->function.name, s->n_functions) < 0)
                return -ENOMEM;
        s->functions[s->n_functions++] = (Function) { .name = n->function.name, .body = n->function.body };
        return 0;
}

/* Whether a word is the script's first argument: $1, "$1", ${1}, ${1:-default} and
 * ${1-default} (Debian's mariadb: case "${1:-''}" in), "$@", $*, or a variable assigned
 * from one of those. */
static bool is_arg1_word(const Script *s, const char *raw) {
        if (!strcmp(raw, "\"$@\"") || !strcmp(raw, "$*") || !strcmp(raw, "\"$*\""))
                return true;
        char name[128];
        const char *p = raw;
        bool quoted = *p == '"';
        if (quoted)
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
        if (n == 0)
                return false;
        p += n;
        if (brace) {
                /* only a default may follow the name: ${1:-x}, ${1-x} */
                if (*p == ':')
                        p++;
                if (*p == '-') {
                        int depth = 0;
                        for (p++; *p && !(*p == '}' && depth == 0); p++)
                                depth += *p == '{' ? 1 : *p == '}' ? -1 : 0;
                }
                if (*p != '}')
                        return false;
                p++;
        }
        if (quoted && *p++ != '"')
                return false;
        if (*p)
                return false;
        return !strcmp(name, "1") || name_index_get(&s->arg1_index, name) != (size_t) -1;
}

static int note_arg1_var(Script *s, const char *name) {
        if (name_index_get(&s->arg1_index, name) != (size_t) -1)
                return 0;
        if (GROW(s->arg1_vars, s->allocated_arg1_vars, s->n_arg1_vars + 1) < 0)
                return -ENOMEM;
        char *copy = strdup(name);
        if (!copy)
                return -ENOMEM;
        s->arg1_vars[s->n_arg1_vars++] = copy;
        return name_index_put(&s->arg1_index, copy, s->n_arg1_vars - 1);
}

ExpandContext script_context(const Script *s, Env *env) {
        return (ExpandContext) { .env = env, .script_path = s->in->script_path, .script_name = s->in->name };
}

/* NAME=value words; returns true when the command was only assignments. */
bool script_apply_assignments(Script *s, const Command *c, Env *env, const char *file) {
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
                ExpandContext ctx = script_context(s, env);
                _cleanup_free_ char *value = NULL;
                bool resolved;
                int r = expand_word(raw + n + 1, &ctx, &value, &resolved);
                if (r < 0) {
                        script_set_error(s, r == -E2BIG ? 0 : r);
                        continue;
                }
                if (is_arg1_word(s, raw + n + 1))
                        script_set_error(s, note_arg1_var(s, name));
                script_set_error(s, env_set(env, name, resolved ? value : NULL, c->words[k].line, file));
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
        ExpandContext ctx = script_context(s, env);
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
                script_set_error(s, -ENOMEM);
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
                if (script_apply_assignments(s, c, &s->env, file))
                        break;
                if (!strcmp(c->words[0].raw, ".") || !strcmp(c->words[0].raw, "source")) {
                        source_file(s, c, &s->env, depth);
                        break;
                }
                /* ": ${PIDFILE:=/run/x.pid}" assigns through expansion. */
                ExpandContext ctx = script_context(s, &s->env);
                for (size_t i = 0; i < c->n_words; i++)
                        if (strstr(c->words[i].raw, ":=")) {
                                _cleanup_free_ char *v = NULL;
                                bool resolved;
                                (void) expand_word(c->words[i].raw, &ctx, &v, &resolved);
                        }
                break;
        }
        case NODE_FUNCTION:
                script_set_error(s, add_function(s, n));
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
                        ExpandContext ctx = script_context(s, &none);
                        _cleanup_free_ char *v = NULL;
                        bool resolved;
                        if (expand_word(br->patterns[p], &ctx, &v, &resolved) < 0)
                                return -ENOMEM;
                        if (!resolved || !verb_name_ok(v))
                                continue; /* "*)", globs, computed patterns */
                        if (name_index_get(&s->verb_index, v) != (size_t) -1)
                                continue; /* the first branch matching a verb is the one sh runs */
                        if (GROW(s->verbs, s->allocated_verbs, s->n_verbs + 1) < 0 ||
                            name_index_put(&s->verb_index, v, s->n_verbs) < 0)
                                return -ENOMEM;
                        s->verbs[s->n_verbs++] = (Verb) { .name = TAKE_PTR(v), .body = br->body, .line = br->line };
                }
        }
        return 0;
}

const Verb *script_find_verb(const Script *s, const char *name) {
        size_t i = name_index_get(&s->verb_index, name);
        return i == (size_t) -1 ? NULL : &s->verbs[i];
}

void script_done(Script *s) {
        headers_free(&s->headers);
        node_free(s->tree);
        for (size_t i = 0; i < s->n_sourced; i++)
                node_free(s->sourced_trees[i]);
        free(s->sourced_trees);
        env_free(&s->env);
        free(s->functions);
        name_index_done(&s->function_index);
        name_index_done(&s->verb_index);
        name_index_done(&s->arg1_index);
        for (size_t i = 0; i < s->n_verbs; i++)
                free(s->verbs[i].name);
        free(s->verbs);
        for (size_t i = 0; i < s->n_arg1_vars; i++)
                free(s->arg1_vars[i]);
        free(s->arg1_vars);
        *s = (Script) {};
}

int script_read(const AnalyzeInput *in, Script *s, Diags *diags) {
        int r;
        *s = (Script) { .in = in, .diags = diags };
        if ((r = headers_parse(in->text, &s->headers, diags)) < 0)
                return r;
        if ((r = shell_read(in->text, &s->tree, diags)) < 0)
                return r;
        walk_top(s, s->tree, NULL, 0);
        if (!s->dispatch)
                s->dispatch = find_dispatch_anywhere(s, s->tree);
        if (s->error)
                return s->error;
        if (!s->dispatch) {
                diag_error(diags, 0, "no 'case \"$1\" in' dispatching start/stop: is this an init script?");
                return -EINVAL;
        }
        return collect_verbs(s);
}
