/* SPDX-License-Identifier: MIT */
/* Shell variables and word expansion as a static reading knows them (expand.h). */
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
                e->vars[i].unset = false;
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

int env_unset(Env *e, const char *name, unsigned line, const char *file) {
        int r = env_set(e, name, NULL, line, file);
        if (r < 0)
                return r;
        Var *v = &e->vars[name_index_get(&e->index, name)];
        v->unset = true;
        return 0;
}

const Var *env_get(const Env *e, const char *name) {
        for (; e; e = e->parent) {
                size_t i = name_index_get(&e->index, name);
                if (i != (size_t) -1)
                        return &e->vars[i];
        }
        return NULL;
}

int env_copy(const Env *from, Env *to) {
        *to = (Env) { .parent = from };
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

/* The expansion, and for each of its bytes whether field splitting applies to it ('1':
 * it came from an unquoted expansion) or not ('0': literal or quoted text). */
typedef struct Out {
        StrBuf buf;
        StrBuf split;
        bool resolved;
        bool site_dq;            /* the expansion being appended is inside "..." */
        unsigned quoted_depth;   /* enclosing expansions inside "..." */
        unsigned expansion_depth; /* inside the word of ${x:-word}, ${x:+word} */
} Out;

static void out_flags(Out *o, size_t len, bool splittable) {
        static const char ones[] = "1111111111111111111111111111111111111111111111111111111111111111";
        static const char zeros[] = "0000000000000000000000000000000000000000000000000000000000000000";
        const char *flags = splittable ? ones : zeros;
        if (len == 1) {
                strbuf_putc(&o->split, flags[0]);
                return;
        }
        for (size_t k; len > 0; len -= k) {
                k = len < sizeof(ones) - 1 ? len : sizeof(ones) - 1;
                strbuf_append(&o->split, flags, k);
        }
}

/* Literal text of the word (quoted when dq). */
static void out_literal(Out *o, const char *s, size_t len, bool dq) {
        strbuf_append(&o->buf, s, len);
        out_flags(o, len, o->expansion_depth > 0 && o->quoted_depth == 0 && !dq);
}

/* A value an expansion produced. */
static void out_value(Out *o, const char *s, size_t len) {
        strbuf_append(&o->buf, s, len);
        out_flags(o, len, o->quoted_depth == 0 && !o->site_dq);
}

static void out_quoted(Out *o, const char *s, size_t len) {
        strbuf_append(&o->buf, s, len);
        out_flags(o, len, false);
}

#define OUT_INIT { .buf = { .max = EXPAND_MAX }, .split = { .max = EXPAND_MAX }, .resolved = true }

static void out_free(Out *o) {
        strbuf_free(&o->buf);
        strbuf_free(&o->split);
}

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
                out_value(o, ctx->script_name, strlen(ctx->script_name));
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
                if ((v && v->unset) || (!v && ctx->clean_environment))
                        known = true; /* "unset NAME": known not to be set */
                else if (v) {
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
                else if (value)
                        out_value(o, value, strlen(value));
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
                        w.quoted_depth = o->quoted_depth + o->site_dq;
                        w.expansion_depth = o->expansion_depth + 1;
                        expand_into(word, wordlen, ctx, &w, depth + 1);
                        if (w.buf.error && !o->buf.error)
                                o->buf.error = w.buf.error;
                        if (!w.resolved)
                                o->resolved = false;
                        if (w.buf.s) {
                                strbuf_append(&o->buf, w.buf.s, w.buf.n);
                                strbuf_append(&o->split, w.split.s ? w.split.s : "", w.split.n);
                        }
                        if (kind == '=' && w.resolved && !w.buf.error)
                                (void) env_set(ctx->env, name, w.buf.s ? w.buf.s : "", 0, NULL);
                        out_free(&w);
                } else if (!known)
                        o->resolved = false;
                else
                        out_value(o, value, strlen(value));
                return;
        }
        if (kind == '+') {
                if (set && !(colon && empty)) {
                        bool dq = o->site_dq;
                        o->quoted_depth += dq;
                        o->expansion_depth++;
                        expand_into(word, wordlen, ctx, o, depth + 1);
                        o->expansion_depth--;
                        o->quoted_depth -= dq;
                }
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
                if (!value)
                        value = "";
                Out p = OUT_INIT;
                expand_into(pat, patlen, ctx, &p, depth + 1);
                if (!p.resolved || p.buf.error) {
                        o->resolved = false;
                        out_free(&p);
                        return;
                }
                size_t cut = 0;
                const char *pattern = p.buf.s ? p.buf.s : "";
                if (op[0] == '#') {
                        if (pattern_prefix(value, pattern, longest, &cut))
                                value += cut;
                        out_value(o, value, strlen(value));
                } else {
                        size_t n = strlen(value);
                        if (!pattern_suffix(value, pattern, longest, &cut))
                                cut = 0;
                        out_value(o, value, n - cut);
                }
                out_free(&p);
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
        out_literal(o, "$", 1, o->site_dq);
        *consumed = 0;
}

/* Bytes that start a quote, an escape or an expansion. */
static bool is_special(char c) {
        return c == '\'' || c == '"' || c == '\\' || c == '$' || c == '`';
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
                        out_quoted(o, raw + i + 1, end - i - 1);
                        i = end + 1;
                } else if (c == '"') {
                        dq = !dq;
                        i++;
                } else if (c == '\\' && i + 1 < len) {
                        char n = raw[i + 1];
                        if (dq && !strchr("$`\"\\", n))
                                out_quoted(o, raw + i, 2);
                        else
                                out_quoted(o, raw + i + 1, 1);
                        i += 2;
                } else if (c == '$') {
                        size_t consumed;
                        o->site_dq = dq;
                        expand_dollar(raw + i + 1, len - i - 1, &consumed, ctx, o, depth);
                        i += 1 + consumed;
                } else if (c == '`') {
                        size_t end = matching_end(raw + i + 1, len - i - 1, 0, '`');
                        o->site_dq = dq;
                        expand_command_substitution(raw + i + 1, end, ctx, o);
                        i += end + 2;
                } else {
                        /* A run of plain text at once. */
                        size_t e = i + 1;
                        while (e < len && !is_special(raw[e]))
                                e++;
                        out_literal(o, raw + i, e - i, dq);
                        i = e;
                }
        }
        return o->buf.error;
}

/* A word with nothing to expand and no quotes to remove is its own value (and one field,
 * or none when empty): most words of a script are.  Such a word skips the expander. */
bool expand_plain_word(const char *raw, size_t *len) {
        size_t n = 0;
        for (; raw[n]; n++)
                if (is_special(raw[n]))
                        return false;
        *len = n;
        return n < EXPAND_MAX;
}

int expand_word(const char *raw, ExpandContext *ctx, char **ret, bool *resolved) {
        size_t len;
        if (expand_plain_word(raw, &len)) {
                char *s = strndup(raw, len);
                if (!s)
                        return -ENOMEM;
                *ret = s;
                *resolved = true;
                return 0;
        }
        Out o = OUT_INIT;
        expand_into(raw, strlen(raw), ctx, &o, 0);
        int r = o.buf.error;
        strbuf_free(&o.split);
        char *s = strbuf_steal(&o.buf);
        if (!s)
                return r < 0 ? r : -ENOMEM;
        *ret = s;
        *resolved = o.resolved;
        return 0;
}

static int fields_push(char ***fields, size_t *n, size_t *allocated, const char *s, size_t len) {
        if (GROW(*fields, *allocated, *n + 1) < 0)
                return -ENOMEM;
        char *f = strndup(s, len);
        if (!f)
                return -ENOMEM;
        (*fields)[(*n)++] = f;
        return 0;
}

int expand_fields(const char *raw, ExpandContext *ctx, char ***ret, size_t *ret_n, bool *resolved) {
        size_t plain;
        if (expand_plain_word(raw, &plain)) {
                char **fields = NULL;
                size_t n = 0, allocated = 0;
                if (plain > 0 && fields_push(&fields, &n, &allocated, raw, plain) < 0) {
                        free(fields);
                        return -ENOMEM;
                }
                *ret = fields;
                *ret_n = n;
                *resolved = true;
                return 0;
        }
        Out o = OUT_INIT;
        expand_into(raw, strlen(raw), ctx, &o, 0);
        int r = o.buf.error < 0 ? o.buf.error : o.split.error;
        char **fields = NULL;
        size_t n = 0, allocated = 0;
        const char *s = o.buf.s ? o.buf.s : "", *split = o.split.s ? o.split.s : "";
        size_t len = o.buf.n, start = 0;
        /* A word with a run-time part stays one word: where it splits is not known, and
         * "--pidfile $PID" must keep its argument even when nothing of it is known. */
        if (!o.resolved)
                split = "";
        bool in_field = false;
        for (size_t i = 0; r >= 0 && i <= len; i++) {
                bool sep = i == len || (*split && split[i] == '1' && strchr(" \t\n", s[i]));
                if (sep && in_field) {
                        r = fields_push(&fields, &n, &allocated, s + start, i - start);
                        in_field = false;
                } else if (!sep && !in_field) {
                        start = i;
                        in_field = true;
                }
        }
        /* "" is one empty field; an unquoted expansion of nothing is none */
        if (r >= 0 && n == 0 && (!o.resolved || strpbrk(raw, "'\"")))
                r = fields_push(&fields, &n, &allocated, "", 0);
        out_free(&o);
        if (r < 0) {
                for (size_t i = 0; i < n; i++)
                        free(fields[i]);
                free(fields);
                return r;
        }
        *ret = fields;
        *ret_n = n;
        *resolved = o.resolved;
        return 0;
}
