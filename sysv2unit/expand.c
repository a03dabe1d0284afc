/* SPDX-License-Identifier: MIT */
#include "expand.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "macro.h"
#include "strbuf.h"

#define EXPAND_MAX 65536
#define EXPAND_DEPTH_MAX 16

int env_set(Env *e, const char *name, const char *value, unsigned line, const char *file) {
        char *v = NULL, *f = NULL;
        if (value && !(v = strdup(value)))
                return -ENOMEM;
        if (file && !(f = strdup(file))) {
                free(v);
                return -ENOMEM;
        }
        size_t i = name_index_get(&e->index, name);
        if (i != (size_t) -1) {
                free(e->vars[i].value);
                free(e->vars[i].file);
                e->vars[i].value = v;
                e->vars[i].file = f;
                e->vars[i].line = line;
                return 0;
        }
        char *nm = strdup(name);
        if (!nm || GROW(e->vars, e->allocated, e->n + 1) < 0 || name_index_put(&e->index, nm, e->n) < 0) {
                free(v);
                free(f);
                free(nm);
                return -ENOMEM;
        }
        e->vars[e->n++] = (Var) { .name = nm, .value = v, .line = line, .file = f };
        return 0;
}

const Var *env_get(const Env *e, const char *name) {
        size_t i = name_index_get(&e->index, name);
        return i == (size_t) -1 ? NULL : &e->vars[i];
}

int env_copy(const Env *from, Env *to) {
        *to = (Env) {};
        for (size_t i = 0; i < from->n; i++) {
                int r = env_set(to, from->vars[i].name, from->vars[i].value, from->vars[i].line, from->vars[i].file);
                if (r < 0) {
                        env_free(to);
                        return r;
                }
        }
        return 0;
}

void env_free(Env *e) {
        for (size_t i = 0; i < e->n; i++) {
                free(e->vars[i].name);
                free(e->vars[i].value);
                free(e->vars[i].file);
        }
        free(e->vars);
        name_index_done(&e->index);
        *e = (Env) {};
}

size_t assignment_name_length(const char *raw) {
        size_t i = 0;
        if (!(isalpha((unsigned char) raw[0]) || raw[0] == '_'))
                return 0;
        while (isalnum((unsigned char) raw[i]) || raw[i] == '_')
                i++;
        return raw[i] == '=' ? i : 0;
}

typedef struct Out {
        StrBuf buf;
        bool resolved;
} Out;

static void out_append(Out *o, const char *s, size_t len) {
        strbuf_append(&o->buf, s, len);
}

#define OUT_INIT { .buf = { .max = EXPAND_MAX }, .resolved = true }

static int expand_into(const char *raw, size_t len, ExpandContext *ctx, Out *o, unsigned depth);

/* Finds the end of a construct opened just before p (after "${", "$(" or "`"). */
static size_t matching_end(const char *p, size_t len, char open, char close) {
        int depth = 0;
        for (size_t i = 0; i < len; i++) {
                char c = p[i];
                if (c == '\\' && i + 1 < len) {
                        i++;
                        continue;
                }
                if (c == '\'' && close != '`') {
                        const char *q = memchr(p + i + 1, '\'', len - i - 1);
                        if (!q)
                                return len;
                        i = (size_t) (q - p);
                        continue;
                }
                if (c == close && depth == 0)
                        return i;
                if (open && c == open)
                        depth++;
                else if (c == close)
                        depth--;
        }
        return len;
}

/* Command substitutions are run-time values, except the idioms for the script's name. */
static void expand_command_substitution(const char *body, size_t len, ExpandContext *ctx, Out *o) {
        char buf[128];
        size_t n = len < sizeof(buf) - 1 ? len : sizeof(buf) - 1;
        memcpy(buf, body, n);
        buf[n] = '\0';
        char *s = buf;
        while (isspace((unsigned char) *s))
                s++;
        char *end = s + strlen(s);
        while (end > s && isspace((unsigned char) end[-1]))
                *--end = '\0';
        if (!strcmp(s, "basename $0") || !strcmp(s, "basename \"$0\"") || !strcmp(s, "basename ${0}")) {
                out_append(o, ctx->script_name, strlen(ctx->script_name));
                return;
        }
        o->resolved = false;
}

static bool pattern_prefix(const char *value, const char *pattern, bool longest, size_t *ret) {
        size_t n = strlen(value);
        bool found = false;
        char *tmp = malloc(n + 1);
        if (!tmp)
                return false;
        for (size_t k = 0; k <= n; k++) {
                size_t len = longest ? n - k : k;
                memcpy(tmp, value, len);
                tmp[len] = '\0';
                if (fnmatch(pattern, tmp, 0) == 0) {
                        *ret = len;
                        found = true;
                        break;
                }
        }
        free(tmp);
        return found;
}

static bool pattern_suffix(const char *value, const char *pattern, bool longest, size_t *ret) {
        size_t n = strlen(value);
        for (size_t k = 0; k <= n; k++) {
                size_t len = longest ? n - k : k;
                if (fnmatch(pattern, value + n - len, 0) == 0) {
                        *ret = len;
                        return true;
                }
        }
        return false;
}

static void expand_parameter(const char *body, size_t len, ExpandContext *ctx, Out *o, unsigned depth) {
        size_t i = 0;
        char name[128];
        if (len > 0 && (isdigit((unsigned char) body[0]) || strchr("@*#?$!-", body[0])))
                i = 1;
        else
                while (i < len && (isalnum((unsigned char) body[i]) || body[i] == '_'))
                        i++;
        if (i == 0 || i >= sizeof(name)) {
                o->resolved = false;
                return;
        }
        memcpy(name, body, i);
        name[i] = '\0';

        const char *value = NULL;
        bool known = false, assigned_unresolved = false;
        if (!strcmp(name, "0")) {
                value = ctx->script_path;
                known = true;
        } else if (!strcmp(name, "1") && ctx->arg1) {
                value = ctx->arg1;
                known = true;
        } else if (isalpha((unsigned char) name[0]) || name[0] == '_') {
                const Var *v = env_get(ctx->env, name);
                if (v) {
                        value = v->value;
                        known = v->value != NULL;
                        /* assigned from something run-time: unknown, not empty */
                        assigned_unresolved = !known;
                }
        }
        bool set = value != NULL;
        const char *op = body + i;
        size_t oplen = len - i;

        if (oplen == 0) {
                if (!known)
                        o->resolved = false;
                else
                        out_append(o, value, strlen(value));
                return;
        }
        bool colon = op[0] == ':';
        char kind = colon ? (oplen > 1 ? op[1] : 0) : op[0];
        const char *word = op + (colon ? 2 : 1);
        size_t wordlen = oplen - (size_t) (colon ? 2 : 1);
        bool empty = set && !*value;

        if (assigned_unresolved) {
                o->resolved = false;
                return;
        }
        if (kind == '-' || kind == '=') {
                bool use_default = !set || (colon && empty);
                /* A variable we never saw assigned may still come from the environment;
                 * the default is what the script itself says, so take it. */
                if (use_default) {
                        Out w = OUT_INIT;
                        expand_into(word, wordlen, ctx, &w, depth + 1);
                        if (w.buf.error && !o->buf.error)
                                o->buf.error = w.buf.error;
                        if (!w.resolved)
                                o->resolved = false;
                        if (w.buf.s)
                                out_append(o, w.buf.s, w.buf.n);
                        if (kind == '=' && w.resolved && !w.buf.error)
                                (void) env_set(ctx->env, name, w.buf.s ? w.buf.s : "", 0, NULL);
                        strbuf_free(&w.buf);
                } else if (!known)
                        o->resolved = false;
                else
                        out_append(o, value, strlen(value));
                return;
        }
        if (kind == '+') {
                if (set && !(colon && empty))
                        expand_into(word, wordlen, ctx, o, depth + 1);
                return;
        }
        if (op[0] == '#' || op[0] == '%') {
                bool longest = oplen > 1 && op[1] == op[0];
                const char *pat = op + (longest ? 2 : 1);
                size_t patlen = oplen - (longest ? 2 : 1);
                if (!known) {
                        o->resolved = false;
                        return;
                }
                Out p = OUT_INIT;
                expand_into(pat, patlen, ctx, &p, depth + 1);
                if (!p.resolved || p.buf.error) {
                        o->resolved = false;
                        strbuf_free(&p.buf);
                        return;
                }
                size_t cut = 0;
                const char *pattern = p.buf.s ? p.buf.s : "";
                if (op[0] == '#') {
                        if (pattern_prefix(value, pattern, longest, &cut))
                                value += cut;
                        out_append(o, value, strlen(value));
                } else {
                        size_t n = strlen(value);
                        if (!pattern_suffix(value, pattern, longest, &cut))
                                cut = 0;
                        out_append(o, value, n - cut);
                }
                strbuf_free(&p.buf);
                return;
        }
        o->resolved = false; /* ${#x}, ${x/a/b}, ${x:1:2}: not worth guessing */
}

static void expand_dollar(const char *p, size_t len, size_t *consumed, ExpandContext *ctx, Out *o, unsigned depth) {
        /* p points after '$' */
        if (len > 0 && p[0] == '{') {
                size_t end = matching_end(p + 1, len - 1, '{', '}');
                expand_parameter(p + 1, end, ctx, o, depth);
                *consumed = end + 2 <= len ? end + 2 : len;
                return;
        }
        if (len > 0 && p[0] == '(') {
                size_t end = matching_end(p + 1, len - 1, '(', ')');
                if (end + 1 < len && p[1] == '(') /* $(( arithmetic )) */
                        o->resolved = false;
                else
                        expand_command_substitution(p + 1, end, ctx, o);
                *consumed = end + 2 <= len ? end + 2 : len;
                return;
        }
        if (len > 0 && p[0] == '[') { /* $[ arithmetic ]: a run-time value, like $(( )) */
                size_t end = matching_end(p + 1, len - 1, '[', ']');
                o->resolved = false;
                *consumed = end + 2 <= len ? end + 2 : len;
                return;
        }
        if (len > 0 && (isalpha((unsigned char) p[0]) || p[0] == '_')) {
                size_t i = 0;
                while (i < len && (isalnum((unsigned char) p[i]) || p[i] == '_'))
                        i++;
                expand_parameter(p, i, ctx, o, depth);
                *consumed = i;
                return;
        }
        if (len > 0 && (isdigit((unsigned char) p[0]) || strchr("@*#?$!-", p[0]))) {
                expand_parameter(p, 1, ctx, o, depth);
                *consumed = 1;
                return;
        }
        out_append(o, "$", 1);
        *consumed = 0;
}

static int expand_into(const char *raw, size_t len, ExpandContext *ctx, Out *o, unsigned depth) {
        if (depth > EXPAND_DEPTH_MAX) {
                o->resolved = false;
                return 0;
        }
        bool dq = false;
        for (size_t i = 0; i < len && !o->buf.error;) {
                char c = raw[i];
                if (c == '\'' && !dq) {
                        const char *q = memchr(raw + i + 1, '\'', len - i - 1);
                        size_t end = q ? (size_t) (q - raw) : len;
                        out_append(o, raw + i + 1, end - i - 1);
                        i = end + 1;
                } else if (c == '"') {
                        dq = !dq;
                        i++;
                } else if (c == '\\' && i + 1 < len) {
                        char n = raw[i + 1];
                        if (dq && !strchr("$`\"\\", n))
                                out_append(o, raw + i, 2);
                        else
                                out_append(o, raw + i + 1, 1);
                        i += 2;
                } else if (c == '$') {
                        size_t consumed;
                        expand_dollar(raw + i + 1, len - i - 1, &consumed, ctx, o, depth);
                        i += 1 + consumed;
                } else if (c == '`') {
                        size_t end = matching_end(raw + i + 1, len - i - 1, 0, '`');
                        expand_command_substitution(raw + i + 1, end, ctx, o);
                        i += end + 2;
                } else {
                        out_append(o, raw + i, 1);
                        i++;
                }
        }
        return o->buf.error;
}

int expand_word(const char *raw, ExpandContext *ctx, char **ret, bool *resolved) {
        Out o = OUT_INIT;
        expand_into(raw, strlen(raw), ctx, &o, 0);
        int r = o.buf.error;
        char *s = strbuf_steal(&o.buf);
        if (!s)
                return r < 0 ? r : -ENOMEM;
        *ret = s;
        *resolved = o.resolved;
        return 0;
}
