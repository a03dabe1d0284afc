/* SPDX-License-Identifier: MIT */
/* Conditions a static reading can decide, from a CondContext (cond.h). */
#include "cond.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

bool sourceable_config(const char *path) {
        return strncmp(path, "/etc/sysconfig/", 15) == 0 || strncmp(path, "/etc/default/", 13) == 0 ||
               strncmp(path, "/etc/conf.d/", 12) == 0;
}

bool cond_is_pure_query(const Command *c) {
        return c->n_words == 2 && !strcmp(c->words[0].raw, "is_call_implemented");
}

typedef struct Arg {
        char *value;
        bool resolved;
} Arg;

static Truth nonempty(const Arg *a) {
        if (!a->resolved)
                return TRUTH_UNKNOWN;
        return *a->value ? TRUTH_TRUE : TRUTH_FALSE;
}

static bool parse_long(const char *s, long *ret) {
        char *end;
        if (!*s)
                return false;
        *ret = strtol(s, &end, 10);
        return *end == '\0';
}

static Truth file_test(const CondContext *ctx, const char *op, const Arg *a) {
        if (!a->resolved || !ctx->read_source || !sourceable_config(a->value))
                return TRUTH_UNKNOWN;
        if (strcmp(op, "-r") && strcmp(op, "-f") && strcmp(op, "-e") && strcmp(op, "-s"))
                return TRUTH_UNKNOWN;
        char *text = NULL;
        int r = ctx->read_source(ctx->read_source_data, a->value, &text);
        bool empty = text && !*text;
        free(text);
        if (r == -ENOENT)
                return TRUTH_FALSE;
        if (r < 0)
                return TRUTH_UNKNOWN;
        return !strcmp(op, "-s") && empty ? TRUTH_FALSE : TRUTH_TRUE;
}

static Truth test_args(const CondContext *ctx, const Arg *a, size_t n) {
        if (n == 0)
                return TRUTH_FALSE;
        if (a[0].resolved && !strcmp(a[0].value, "!") && n > 1)
                return truth_not(test_args(ctx, a + 1, n - 1));
        if (n == 1)
                return nonempty(&a[0]);
        if (!a[0].resolved)
                return TRUTH_UNKNOWN;
        if (n == 2) {
                if (!strcmp(a[0].value, "-z"))
                        return truth_not(nonempty(&a[1]));
                if (!strcmp(a[0].value, "-n"))
                        return nonempty(&a[1]);
                return file_test(ctx, a[0].value, &a[1]);
        }
        if (n == 3 && a[1].resolved) {
                const char *op = a[1].value;
                if (!a[0].resolved || !a[2].resolved)
                        return TRUTH_UNKNOWN;
                if (!strcmp(op, "=") || !strcmp(op, "=="))
                        return strcmp(a[0].value, a[2].value) == 0 ? TRUTH_TRUE : TRUTH_FALSE;
                if (!strcmp(op, "!="))
                        return strcmp(a[0].value, a[2].value) != 0 ? TRUTH_TRUE : TRUTH_FALSE;
                long x, y;
                if ((!strcmp(op, "-eq") || !strcmp(op, "-ne")) && parse_long(a[0].value, &x) &&
                    parse_long(a[2].value, &y))
                        return (x == y) == !strcmp(op, "-eq") ? TRUTH_TRUE : TRUTH_FALSE;
        }
        return TRUTH_UNKNOWN; /* -a, -o, other operators: not worth guessing */
}

Truth cond_eval(const CondContext *cc, const Command *c) {
        if (c->n_words == 0)
                return TRUTH_UNKNOWN;
        const char *cmd = c->words[0].raw;
        if (!strcmp(cmd, "true") || (!strcmp(cmd, ":") && c->n_words == 1))
                return TRUTH_TRUE;
        if (!strcmp(cmd, "false"))
                return TRUTH_FALSE;
        if (cond_is_pure_query(c)) {
                ExpandContext ctx = cc->expand;
                _cleanup_free_ char *name = NULL;
                bool resolved;
                if (!cc->has_function || expand_word(c->words[1].raw, &ctx, &name, &resolved) < 0 || !resolved)
                        return TRUTH_UNKNOWN;
                return cc->has_function(cc->functions, name) ? TRUTH_TRUE : TRUTH_FALSE;
        }
        size_t first = 1, last = c->n_words;
        if (!strcmp(cmd, "[")) {
                if (strcmp(c->words[c->n_words - 1].raw, "]"))
                        return TRUTH_UNKNOWN;
                last--;
        } else if (!strcmp(cmd, "[[")) {
                if (strcmp(c->words[c->n_words - 1].raw, "]]"))
                        return TRUTH_UNKNOWN;
                last--;
        } else if (strcmp(cmd, "test"))
                return TRUTH_UNKNOWN;
        if (last - first > 4 || c->redirect_out)
                return TRUTH_UNKNOWN;

        Arg args[4] = {};
        size_t n = 0;
        ExpandContext ctx = cc->expand;
        ctx.clean_environment = true;
        Truth t = TRUTH_UNKNOWN;
        bool ok = true;
        for (size_t i = first; i < last && ok; i++, n++)
                ok = expand_word(c->words[i].raw, &ctx, &args[n].value, &args[n].resolved) >= 0;
        if (ok)
                t = test_args(cc, args, n);
        for (size_t i = 0; i < n; i++)
                free(args[i].value);
        return t;
}
