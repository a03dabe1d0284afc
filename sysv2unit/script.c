/* SPDX-License-Identifier: MIT */
/* Stage 1: reading a script: top-level assignments, sourced files, functions, the
 * dispatching case, guards (script.h). */
#include "script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "framework.h"
#include "grow.h"
#include "cond.h"
#include "walk.h"
#include "macro.h"
#include "programs.h"
#include "tree-cache.h"

/* ---- top level: assignments, sourced files, functions, the dispatching case ---- */

const Function *script_find_function(const Script *s, const char *name) {
        size_t i = name_index_get(&s->function_index, name);
        return i == (size_t) -1 ? NULL : &s->functions[i];
}

static int add_function(Script *s, const Node *n, const char *file) {
        size_t i = name_index_get(&s->function_index, n->function.name);
        if (i != (size_t) -1) {
                s->functions[i].body = n->function.body; /* redefinition wins, as in sh */
                s->functions[i].file = file;
                return 0;
        }
        if (GROW(s->functions, s->allocated_functions, s->n_functions + 1) < 0 ||
            name_index_put(&s->function_index, n->function.name, s->n_functions) < 0)
                return -ENOMEM;
        s->functions[s->n_functions++] = (Function) { .name = n->function.name, .body = n->function.body, .file = file };
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
        return (ExpandContext) { .env = env, .script_path = s->in->script_path, .script_name = s->in->name,
                                 .arg1 = s->top_arg1 };
}

static bool has_function(const void *userdata, const char *name) {
        return script_find_function(userdata, name) != NULL;
}

CondContext script_cond_context(const Script *s, Env *env, const char *arg1) {
        CondContext c = { .expand = script_context(s, env), .read_source = s->in->read_source,
                          .read_source_data = s->in->read_source_data, .has_function = has_function,
                          .functions = s };
        c.expand.arg1 = arg1;
        return c;
}

/* NAME=value words; returns true when the command was only assignments.  maybe: the
 * assignment happens only under a condition the reading cannot decide, so a variable
 * keeps a value only where both ways agree on it. */
static void set_error(int *error, int r) {
        if (r < 0 && !*error)
                *error = r;
}

/* Two programs that do the same for this reading (su and runuser: run -c as a user). */
static bool same_program_role(const char *a, const char *b) {
        const Program *pa = program_find(path_basename(a)), *pb = program_find(path_basename(b));
        return pa && pb && pa->role == pb->role && pa->role != ROLE_INERT && !pa->start_words && !pb->start_words;
}

/* NAME=value words; returns true when the command was only assignments.  reading: the
 * script being read, which notes the variables assigned from $1 (NULL for a verb being
 * traced: the script is read by then).  maybe: the
 * assignment happens only under a condition the reading cannot decide, so a variable
 * keeps a value only where both ways agree on it. */
static bool apply_assignments(const Script *s, Script *reading, const Command *c, Env *env, const char *file,
                              const char *arg1, bool maybe, int *error) {
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
                if (arg1)
                        ctx.arg1 = arg1;
                _cleanup_free_ char *value = NULL;
                bool resolved;
                int r = expand_word(raw + n + 1, &ctx, &value, &resolved);
                if (r < 0) {
                        set_error(error, r == -E2BIG ? 0 : r);
                        continue;
                }
                if (reading && is_arg1_word(s, raw + n + 1))
                        set_error(error, note_arg1_var(reading, name));
                if (maybe) {
                        /* Two values the script names itself, one or the other: unknown.  A
                         * value the script names against one only known at run time (read
                         * from a configuration file, a command's output): the script's own,
                         * as for ${X:-default}.  nginx: PID=$(grep pid nginx.conf), then
                         * PID=/run/nginx.pid if that is empty; squid: PIDFILE=/run/squid.pid,
                         * replaced by squid.conf's pid_filename where that sets one. */
                        const Var *old = env_get(env, name);
                        bool old_known = old && !old->unset && old->value;
                        if (old_known && resolved && strcmp(old->value, value) && same_program_role(old->value, value))
                                continue; /* EL6 postgresql: SU=runuser or SU=su, the same to this reading */
                        if (old_known && resolved && strcmp(old->value, value))
                                resolved = false;
                        else if (old_known && !resolved)
                                continue; /* keep the script's own value */
                }
                set_error(error, env_set(env, name, resolved ? value : NULL, c->words[k].line, file));
        }
        return true;
}

bool script_apply_assignments(const Script *s, const Command *c, Env *env, const char *file, const char *arg1,
                              int *error) {
        return apply_assignments(s, NULL, c, env, file, arg1, false, error);
}

static Truth walk_top(Script *s, const Node *n, const char *file, unsigned depth, bool maybe);

/* Keeps a parsed tree alive as long as the script (functions point into it); frees it
 * on failure.  Returns 0 or -ENOMEM. */
static int script_keep_tree(Script *s, Node *tree) {
        if (GROW(s->sourced_trees, s->allocated_sourced, s->n_sourced + 1) < 0) {
                node_free(tree);
                return -ENOMEM;
        }
        s->sourced_trees[s->n_sourced++] = tree;
        return 0;
}

/* Reads and parses a file below the target root; NULL when it is not there (or not
 * shell), with a warning where that is not just absence. */
static Node *read_tree(Script *s, const char *path, unsigned line) {
        if (!s->in->read_source)
                return NULL;
        _cleanup_free_ char *text = NULL;
        int r = s->in->read_source(s->in->read_source_data, path, &text);
        if (r < 0) {
                if (r != -ENOENT)
                        diag_warn(s->diags, line, "cannot read sourced %s: %s", path, strerror(-r));
                return NULL;
        }
        const Diags *cached_diags = NULL;
        const Node *cached = s->in->trees ? tree_cache_get(s->in->trees, path, text, &cached_diags) : NULL;
        if (cached) {
                for (size_t i = 0; i < cached_diags->n; i++)
                        diag_warn(s->diags, line, "in sourced %s, line %u: %s", path, cached_diags->items[i].line,
                                  cached_diags->items[i].message);
                return (Node *) cached; /* nothing changes a tree once parsed */
        }
        Diags sub = {};
        Node *tree = NULL;
        r = shell_read(text, &tree, &sub);
        for (size_t i = 0; i < sub.n; i++)
                diag_warn(s->diags, line, "in sourced %s, line %u: %s", path, sub.items[i].line, sub.items[i].message);
        bool taken = r >= 0 && s->in->trees && tree_cache_put(s->in->trees, path, text, tree, &sub);
        diags_free(&sub);
        if (r < 0)
                return NULL;
        if (taken)
                return tree;
        if (script_keep_tree(s, tree) < 0) {
                script_set_error(s, -ENOMEM);
                return NULL;
        }
        return tree;
}

static void source_file(Script *s, const Command *c, Env *env, unsigned depth) {
        if (c->n_words < 2 || depth > SCRIPT_SOURCE_DEPTH_MAX)
                return;
        ExpandContext ctx = script_context(s, env);
        _cleanup_free_ char *path = NULL;
        bool resolved;
        if (expand_word(c->words[1].raw, &ctx, &path, &resolved) < 0 || !resolved)
                return;
        if (s->framework_tree && !s->script_walked && !strcmp(path, s->in->script_path)) {
                /* init-d-script sourcing the script itself: its assignments and functions
                 * come here, between the framework's own definitions and its defaults. */
                s->script_walked = true;
                const char *saved = s->top_arg1;
                s->top_arg1 = NULL;
                walk_top(s, s->tree, NULL, depth + 1, false);
                s->top_arg1 = saved;
                return;
        }
        if (!sourceable_config(path))
                return; /* function libraries: /etc/init.d/functions, /lib/lsb/init-functions */
        for (unsigned i = 0; i < s->n_sourcing; i++)
                if (!strcmp(s->sourcing[i], path)) {
                        /* sh would loop until it runs out of something; what the file sets
                         * is already known from the outer read. */
                        diag_warn(s->diags, c->words[1].line, "%s sources itself; read once", path);
                        return;
                }
        if (s->n_source_reads >= SCRIPT_SOURCE_READS_MAX || s->n_sourcing >= ELEMENTSOF(s->sourcing)) {
                diag_warn(s->diags, c->words[1].line, "more than %u sourced files: %s not read", SCRIPT_SOURCE_READS_MAX,
                          path);
                return;
        }
        s->n_source_reads++;
        Node *tree = read_tree(s, path, c->words[1].line);
        if (!tree)
                return;
        /* What the file defines points at its name: keep the name as long as the script
         * (a function from a sourced file outlives the read of that file). */
        if (GROW(s->sourced_paths, s->allocated_sourced_paths, s->n_sourced_paths + 1) < 0) {
                script_set_error(s, -ENOMEM);
                return;
        }
        const char *kept = s->sourced_paths[s->n_sourced_paths++] = TAKE_PTR(path);
        /* The configuration is read in the script's own scope, and when it is there it
         * holds whatever the condition around the '.' was: its assignments are certain. */
        s->sourcing[s->n_sourcing++] = kept;
        walk_top(s, tree, kept, depth + 1, false);
        s->n_sourcing--;
}

/* alias NAME=FUNCTION: init-d-script's "alias do_reload=do_reload_wrapper". */
static void define_alias(Script *s, const Command *c) {
        for (size_t i = 1; i < c->n_words; i++) {
                const char *raw = c->words[i].raw;
                size_t n = assignment_name_length(raw);
                if (!n)
                        continue;
                const Function *f = script_find_function(s, raw + n + 1);
                if (!f)
                        continue;
                char *name = strndup(raw, n);
                if (!name || GROW(s->alias_names, s->allocated_alias_names, s->n_alias_names + 1) < 0) {
                        free(name);
                        script_set_error(s, -ENOMEM);
                        return;
                }
                s->alias_names[s->n_alias_names++] = name;
                Node fake = { .kind = NODE_FUNCTION, .function = { .name = name, .body = (Node *) f->body } };
                script_set_error(s, add_function(s, &fake, f->file));
        }
}

static bool is_start_pattern(const char *w) {
        size_t len = strlen(w);
        return !strcmp(w, "start") ||
               (len == 7 && (w[0] == '"' || w[0] == '\'') && w[6] == w[0] && !strncmp(w + 1, "start", 5));
}

/* Code that only checks and exits: "[ `id -u` = 0 ] || exit 4", messages, RETVAL=4. */
static bool only_screens(const Node *n) {
        switch (n->kind) {
        case NODE_LIST:
                for (size_t i = 0; i < n->list.n; i++)
                        if (!only_screens(n->list.items[i]))
                                return false;
                return true;
        case NODE_COMMAND: {
                const Command *c = &n->command;
                if (c->n_words == 0)
                        return true;
                const char *w = c->words[0].raw;
                if (str_in(w, (const char *const[]) { "[", "[[", "test", "exit", "return", ":", "true", "false", NULL }) ||
                    program_has_role(path_basename(w), ROLE_INERT) || !strncmp(w, "log_", 4))
                        return true;
                for (size_t i = 0; i < c->n_words; i++)
                        if (!assignment_name_length(c->words[i].raw))
                                return false;
                return true;
        }
        default:
                return false;
        }
}

/* Whether the case has a start branch that does more than check its arguments: the
 * dispatch, not a screening case before it ("start|stop) need root ;;"). */
static bool case_dispatches_start(const Node *n) {
        for (size_t b = 0; b < n->kase.n; b++)
                for (size_t p = 0; p < n->kase.branches[b].n_patterns; p++)
                        if (is_start_pattern(n->kase.branches[b].patterns[p]))
                                return !only_screens(n->kase.branches[b].body);
        return false;
}

/* The top level of a file being read: the script, the framework, a sourced file. */
typedef struct TopWalk {
        Script *s;
        const char *file; /* NULL: the script */
        unsigned depth;   /* of '.' */
} TopWalk;

static Truth top_leaf(void *userdata, const Node *n, bool maybe) {
        TopWalk *tw = userdata;
        Script *s = tw->s;
        const char *file = tw->file;
        unsigned depth = tw->depth;
        switch (n->kind) {
        case NODE_LIST:
                return TRUTH_UNKNOWN; /* the walker's */
        case NODE_COMMAND: {
                const Command *c = &n->command;
                if (c->n_words == 0)
                        return TRUTH_UNKNOWN;
                if (apply_assignments(s, s, c, &s->env, file, NULL, maybe, &s->error))
                        return TRUTH_TRUE;
                const char *cmd = c->words[0].raw;
                if (!strcmp(cmd, ".") || !strcmp(cmd, "source")) {
                        source_file(s, c, &s->env, depth);
                        return TRUTH_UNKNOWN;
                }
                if (!strcmp(cmd, "unset") && !maybe) {
                        for (size_t i = 1; i < c->n_words; i++)
                                if (c->words[i].raw[0] != '-' && assignment_name_length(c->words[i].raw) == 0)
                                        script_set_error(s, env_unset(&s->env, c->words[i].raw, c->words[i].line, file));
                        return TRUTH_TRUE;
                }
                if (!strcmp(cmd, "alias")) {
                        define_alias(s, c);
                        return TRUTH_TRUE;
                }
                CondContext cc = script_cond_context(s, &s->env, s->top_arg1);
                Truth t = cond_eval(&cc, c);
                /* ": ${PIDFILE:=/run/x.pid}" assigns through expansion. */
                ExpandContext ctx = script_context(s, &s->env);
                for (size_t i = 0; i < c->n_words; i++)
                        if (strstr(c->words[i].raw, ":=")) {
                                _cleanup_free_ char *v = NULL;
                                bool resolved;
                                (void) expand_word(c->words[i].raw, &ctx, &v, &resolved);
                        }
                return t;
        }
        case NODE_FUNCTION:
                script_set_error(s, add_function(s, n, file));
                return TRUTH_TRUE;
        case NODE_CASE:
                /* The dispatch is the first case "$1" whose start branch does something: an
                 * earlier one ("start|stop) need root ;;", EL6's mdmonitor) only screens
                 * the arguments. */
                if ((!file || file == s->framework_path) && is_arg1_word(s, n->kase.subject.raw) &&
                    (!s->dispatch || (!case_dispatches_start(s->dispatch) && case_dispatches_start(n)))) {
                        s->dispatch = n;
                        s->dispatch_file = file;
                }
                return TRUTH_UNKNOWN;
        }
        return TRUTH_UNKNOWN;
}

static Truth walk_top(Script *s, const Node *n, const char *file, unsigned depth, bool maybe) {
        TopWalk tw = { .s = s, .file = file, .depth = depth };
        ShellWalker w = { .leaf = top_leaf, .userdata = &tw };
        return shell_walk(&w, n, maybe);
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
                return is_arg1_word(s, n->kase.subject.raw) && case_dispatches_start(n) ? n : NULL;
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
                        s->verbs[s->n_verbs++] = (Verb) { .name = TAKE_PTR(v), .body = br->body, .line = br->line,
                                                            .file = s->dispatch_file };
                }
        }
        return 0;
}

const Verb *script_find_verb(const Script *s, const char *name) {
        size_t i = name_index_get(&s->verb_index, name);
        return i == (size_t) -1 ? NULL : &s->verbs[i];
}

static int read_framework(Script *s) {
        if (!framework_used(s->in->text, s->tree))
                return 0;
        s->framework_path = FRAMEWORK_PATH;
        /* The framework is read from the target: its defaults are the ones the script
         * will run with. */
        s->framework_tree = read_tree(s, FRAMEWORK_PATH, 1);
        if (s->error)
                return s->error;
        if (!s->framework_tree) {
                s->framework_builtin = true;
                s->framework_path = "sysv2unit's model of " FRAMEWORK_PATH;
                Node *tree = NULL;
                int r = shell_read(framework_model, &tree, s->diags);
                if (r < 0)
                        return r;
                if ((r = script_keep_tree(s, tree)) < 0)
                        return r;
                s->framework_tree = tree;
        }
        return 0;
}

void script_done(Script *s) {
        headers_free(&s->headers);
        node_free(s->tree);
        for (size_t i = 0; i < s->n_sourced; i++)
                node_free(s->sourced_trees[i]);
        free(s->sourced_trees);
        for (size_t i = 0; i < s->n_sourced_paths; i++)
                free(s->sourced_paths[i]);
        free(s->sourced_paths);
        env_free(&s->env);
        free(s->functions);
        for (size_t i = 0; i < s->n_alias_names; i++)
                free(s->alias_names[i]);
        free(s->alias_names);
        name_index_done(&s->function_index);
        name_index_done(&s->verb_index);
        name_index_done(&s->arg1_index);
        for (size_t i = 0; i < s->n_verbs; i++)
                free(s->verbs[i].name);
        free(s->verbs);
        for (size_t i = 0; i < s->n_arg1_vars; i++)
                free(s->arg1_vars[i]);
        free(s->arg1_vars);
        guards_free(&s->guards);
        *s = (Script) {};
}

int script_read(const AnalyzeInput *in, Script *s, Diags *diags) {
        int r;
        *s = (Script) { .in = in, .diags = diags };
        if ((r = headers_parse(in->text, &s->headers, diags)) < 0)
                return r;
        if ((r = shell_read(in->text, &s->tree, diags)) < 0)
                return r;
        if ((r = read_framework(s)) < 0)
                return r;
        if (s->framework_tree) {
                s->top_arg1 = in->script_path; /* the framework is run with the script as $1 */
                walk_top(s, s->framework_tree, s->framework_path, 0, false);
                s->top_arg1 = NULL;
                if (!s->script_walked) /* a framework that does not source the script */
                        walk_top(s, s->tree, NULL, 0, false);
        } else
                walk_top(s, s->tree, NULL, 0, false);
        if (!s->dispatch)
                s->dispatch = find_dispatch_anywhere(s, s->tree);
        ExpandContext ctx = script_context(s, &s->env);
        script_set_error(s, guards_find(s->tree, &ctx, &s->guards));
        if (s->error)
                return s->error;
        if (!s->dispatch) {
                diag_error(diags, 0, "no 'case \"$1\" in' dispatching start/stop: is this an init script?");
                return -EINVAL;
        }
        return collect_verbs(s);
}
