/* SPDX-License-Identifier: MIT */
/* Top-level tests that make a script do nothing, as conditions (guards.h). */
#include "guards.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "grow.h"
#include "macro.h"
#include "programs.h"

static const struct {
        const char *test;
        const char *condition;
} guard_tests[] = {
        { "-x", "ConditionFileIsExecutable" }, { "-f", "ConditionPathExists" },
        { "-e", "ConditionPathExists" },       { "-r", "ConditionPathExists" },
        { "-s", "ConditionFileNotEmpty" },     { "-d", "ConditionPathIsDirectory" },
};

/* A list of one plain item is that item (if and then parts are lists). */
static const Node *single(const Node *n) {
        while (n->kind == NODE_LIST && !n->list.is_if && !n->list.background && n->list.n == 1 &&
               !(n->list.links && n->list.links[0]))
                n = n->list.items[0];
        return n;
}

static bool is_exit0(const Node *n) {
        n = single(n);
        return n->kind == NODE_COMMAND && n->command.n_words == 2 && !strcmp(n->command.words[0].raw, "exit") &&
               !strcmp(n->command.words[1].raw, "0");
}

/* "[ -x P ]", "test -x P", negated ("[ ! -x P ]") when negated is set: the test and
 * the raw path word, or false. */
static bool guard_test(const Node *n, bool negated, const char **test, const char **path) {
        n = single(n);
        if (n->kind != NODE_COMMAND)
                return false;
        const Command *c = &n->command;
        size_t first = 1, last = c->n_words;
        if (c->n_words > 0 && !strcmp(c->words[0].raw, "["))
                last = strcmp(c->words[c->n_words - 1].raw, "]") ? 0 : c->n_words - 1;
        else if (c->n_words == 0 || strcmp(c->words[0].raw, "test"))
                return false;
        if (negated) {
                if (first >= last || strcmp(c->words[first].raw, "!"))
                        return false;
                first++;
        }
        if (last != first + 2 || c->redirect_out)
                return false;
        for (size_t i = 0; i < ELEMENTSOF(guard_tests); i++)
                if (!strcmp(c->words[first].raw, guard_tests[i].test)) {
                        *test = guard_tests[i].test;
                        *path = c->words[first + 1].raw;
                        return true;
                }
        return false;
}

static int add_guard(Guards *g, const ExpandContext *expand, const char *test, const char *raw, unsigned line) {
        ExpandContext ctx = *expand;
        ctx.clean_environment = true;
        _cleanup_free_ char *path = NULL;
        bool resolved;
        int r = expand_word(raw, &ctx, &path, &resolved);
        if (r == -ENOMEM)
                return r;
        if (r < 0 || !resolved || path[0] != '/' || strchr(path, '\n'))
                return 0; /* a run-time path is no condition */
        const char *condition = NULL;
        for (size_t i = 0; i < ELEMENTSOF(guard_tests); i++)
                if (!strcmp(test, guard_tests[i].test))
                        condition = guard_tests[i].condition;
        for (size_t i = 0; i < g->n; i++)
                if (g->items[i].condition == condition && !strcmp(g->items[i].path, path))
                        return 0; /* apache2 tests its binary twice */
        char *copy = strdup(test);
        if (!copy || GROW(g->items, g->allocated, g->n + 1) < 0) {
                free(copy);
                return -ENOMEM;
        }
        g->items[g->n++] = (Guard) { .condition = condition, .path = TAKE_PTR(path), .test = copy, .line = line };
        return 0;
}

int guards_find(const Node *top, const ExpandContext *expand, Guards *ret) {
        int r = 0;
        *ret = (Guards) {};
        if (top->kind != NODE_LIST || top->list.is_if)
                return 0;
        for (size_t k = 0; k < top->list.n && r >= 0; k++) {
                const Node *n = top->list.items[k];
                unsigned char link = top->list.links ? top->list.links[k] : 0;
                bool next_joined = k + 1 < top->list.n && top->list.links && top->list.links[k + 1];
                const char *test, *path;
                if (is_exit0(n) && !next_joined && (link == LINK_OR || link == LINK_AND)) {
                        /* the tests before it, joined by && and not part of a longer chain */
                        size_t j = k;
                        while (j > 0 && (j == k || top->list.links[j] == LINK_AND))
                                j--;
                        if (j < k && top->list.links[j] != 0)
                                continue;
                        bool ok = true;
                        for (size_t i = j; i < k && ok; i++)
                                ok = guard_test(top->list.items[i], link == LINK_AND, &test, &path);
                        if (!ok || (link == LINK_AND && k - j != 1))
                                continue; /* "[ ! -x A ] && [ ! -x B ] && exit 0" needs both missing: no condition */
                        for (size_t i = j; i < k && r >= 0; i++) {
                                guard_test(top->list.items[i], link == LINK_AND, &test, &path);
                                r = add_guard(ret, expand, test, path, top->list.items[i]->line);
                        }
                        continue;
                }
                if (n->kind == NODE_LIST && n->list.is_if && n->list.n == 2 && !link && !next_joined &&
                    guard_test(n->list.items[0], true, &test, &path)) {
                        const Node *body = single(n->list.items[1]);
                        bool exits = is_exit0(body);
                        if (body->kind == NODE_LIST && !body->list.is_if && body->list.n > 0 &&
                            is_exit0(body->list.items[body->list.n - 1])) {
                                exits = true;
                                for (size_t i = 0; i + 1 < body->list.n && exits; i++) {
                                        const Node *b = body->list.items[i];
                                        exits = b->kind == NODE_COMMAND && b->command.n_words > 0 &&
                                                (program_has_role(path_basename(b->command.words[0].raw), ROLE_INERT) ||
                                                 !strncmp(b->command.words[0].raw, "log_", 4));
                                }
                        }
                        if (exits)
                                r = add_guard(ret, expand, test, path, n->list.items[0]->line);
                }
        }
        if (r < 0)
                guards_free(ret);
        return r;
}

void guards_free(Guards *g) {
        for (size_t i = 0; i < g->n; i++) {
                free(g->items[i].path);
                free(g->items[i].test);
        }
        free(g->items);
        *g = (Guards) {};
}

