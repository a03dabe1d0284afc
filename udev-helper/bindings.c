/* SPDX-License-Identifier: MIT */
#include "bindings.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "naming.h"

static bool is_hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* What scsi_id can print after udev's filter (udev-string.h): ASCII letters, digits and
 * "+-.:=@_", and '\' only as a "\xHH" escape; iSCSI ids ("iscsi:IQN:LUN") use the same
 * characters.  '#' would start a comment here.  Anything else (a glob '*', a '"') is no
 * identity a disk presents, and could not be written into a udev rule as data. */
bool binding_id_ok(const char *id) {
        size_t n = strlen(id);
        if (n == 0 || n > BINDING_ID_MAX)
                return false;
        for (size_t i = 0; i < n; i++) {
                char c = id[i];
                if (c == '\\') {
                        if (i + 3 >= n || id[i + 1] != 'x' || !is_hex(id[i + 2]) || !is_hex(id[i + 3]))
                                return false;
                        i += 3;
                        continue;
                }
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("+-.:=@_", c)))
                        return false;
        }
        return true;
}

static bool binding_name_ok(const char *name) {
        return name_validate(name) == 0 && !name_reserved(name);
}

static void line_done(BindingLine *l) {
        free(l->text);
        free(l->name);
        free(l->id);
        free(l->class);
        *l = (BindingLine) {};
}

static void line_unbind(BindingLine *l) {
        free(l->name);
        free(l->id);
        free(l->class);
        l->name = l->id = l->class = NULL;
}

void bindings_done(Bindings *b) {
        for (size_t i = 0; i < b->n_lines; i++)
                line_done(&b->lines[i]);
        free(b->lines);
        free(b->problems);
        free(b->by_id);
        free(b->by_name);
        *b = (Bindings) {};
}

/* The index: two open-addressing tables (by id, by name) of the lines that apply. */

static uint64_t hash_string(const char *s) {
        uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
        for (; *s; s++)
                h = (h ^ (unsigned char) *s) * 0x100000001b3ULL;
        return h;
}

static const char *line_key(const BindingLine *l, bool by_name) {
        return by_name ? l->name : l->id;
}

/* Returns the slot holding key, or the empty slot where it would go. */
static size_t *index_slot(const Bindings *b, bool by_name, const char *key) {
        size_t *table = by_name ? b->by_name : b->by_id;
        size_t mask = b->n_buckets - 1;
        for (size_t i = (size_t) hash_string(key) & mask;; i = (i + 1) & mask) {
                size_t v = table[i];
                if (v == 0 || strcmp(line_key(&b->lines[v - 1], by_name), key) == 0)
                        return &table[i];
        }
}

/* Rebuilds both tables for the lines that apply, at most half full. */
static int index_rebuild(Bindings *b) {
        size_t n = 16;
        while (n < 2 * (b->n_lines + 1))
                n *= 2;
        size_t *by_id = calloc(n, sizeof(size_t)), *by_name = calloc(n, sizeof(size_t));
        if (!by_id || !by_name) {
                free(by_id);
                free(by_name);
                return -ENOMEM;
        }
        free(b->by_id);
        free(b->by_name);
        b->by_id = by_id;
        b->by_name = by_name;
        b->n_buckets = n;
        for (size_t i = 0; i < b->n_lines; i++) {
                if (!b->lines[i].id)
                        continue;
                size_t *s = index_slot(b, false, b->lines[i].id);
                if (*s == 0)
                        *s = i + 1;
                s = index_slot(b, true, b->lines[i].name);
                if (*s == 0)
                        *s = i + 1;
        }
        return 0;
}

static const BindingLine *index_find(const Bindings *b, bool by_name, const char *key) {
        if (b->n_buckets == 0)
                return NULL;
        size_t v = *index_slot(b, by_name, key);
        return v ? &b->lines[v - 1] : NULL;
}

const BindingLine *bindings_find_by_id(const Bindings *b, const char *id) {
        return index_find(b, false, id);
}

const BindingLine *bindings_find_by_name(const Bindings *b, const char *name) {
        return index_find(b, true, name);
}

/* One line, without allocating: where its three fields are, or why it is damaged. */
typedef struct LineFields {
        const char *field[3];
        size_t len[3];
        size_t n;
} LineFields;

static bool is_blank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
}

/* The comment rule of every file udev-helper reads: '#' at the start of a line or after
 * whitespace starts a comment; elsewhere it is part of the word (a name may hold '#'). */
static size_t split_line(const char *s, size_t len, LineFields *f) {
        *f = (LineFields) {};
        size_t i = 0, words = 0;
        while (i < len) {
                while (i < len && is_blank(s[i]))
                        i++;
                if (i == len || s[i] == '#')
                        break;
                size_t start = i;
                while (i < len && !is_blank(s[i]))
                        i++;
                if (words < 3) {
                        f->field[words] = s + start;
                        f->len[words] = i - start;
                }
                words++;
        }
        f->n = words;
        return words;
}

static bool field_is(const LineFields *f, size_t k, const char *s, size_t n) {
        return f->len[k] == n && memcmp(f->field[k], s, n) == 0;
}

_printf_(3, 4) static int add_problem(Bindings *b, unsigned line, const char *fmt, ...) {
        BindingProblem *n = realloc(b->problems, (b->n_problems + 1) * sizeof(BindingProblem));
        if (!n)
                return -ENOMEM;
        b->problems = n;
        BindingProblem *p = &b->problems[b->n_problems++];
        p->line = line;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->message, sizeof(p->message), fmt, ap);
        va_end(ap);
        return 0;
}

/* Adds one line, parsed: a binding if it is one, else a comment or a damaged line. */
static int push_line(Bindings *b, const char *s, size_t len, unsigned lineno) {
        if (b->n_lines % 64 == 0) {
                BindingLine *n = realloc(b->lines, (b->n_lines + 64) * sizeof(BindingLine));
                if (!n)
                        return -ENOMEM;
                b->lines = n;
        }
        BindingLine *l = &b->lines[b->n_lines];
        *l = (BindingLine) { .line = lineno };
        l->text = strndup(s, len);
        if (!l->text)
                return -ENOMEM;
        b->n_lines++;

        if (memchr(s, '\0', len))
                return add_problem(b, lineno, "damaged line (it contains a NUL byte): ignored");
        if (len > BINDING_LINE_MAX)
                return add_problem(b, lineno, "line longer than %d bytes: ignored", BINDING_LINE_MAX);
        LineFields f;
        size_t n = split_line(s, len, &f);
        if (n == 0)
                return 0;
        if (n != 3)
                return add_problem(b, lineno, "expected 'NAME SERIAL CLASS': line ignored");
        _cleanup_free_ char *name = strndup(f.field[0], f.len[0]), *id = strndup(f.field[1], f.len[1]),
                            *class = strndup(f.field[2], f.len[2]);
        if (!name || !id || !class)
                return -ENOMEM;
        if (name_validate(name) < 0)
                return add_problem(b, lineno, "invalid name '%.64s': line ignored", name);
        if (name_reserved(name))
                return add_problem(b, lineno, "name '%.64s' is in udev's or the kernel's namespace: line ignored",
                                   name);
        if (!binding_id_ok(id))
                return add_problem(b, lineno, "invalid serial '%.64s': line ignored", id);
        if (!config_class_name_ok(class))
                return add_problem(b, lineno, "invalid class '%.64s': line ignored", class);
        l->name = TAKE_PTR(name);
        l->id = TAKE_PTR(id);
        l->class = TAKE_PTR(class);
        return 0;
}

static int problem_cmp(const void *a, const void *b) {
        unsigned x = ((const BindingProblem *) a)->line, y = ((const BindingProblem *) b)->line;
        return x < y ? -1 : x > y;
}

/* Both sides of a conflict lose: a name that would move between disks, or a disk that would
 * get one of two names depending on which line is read first, is worse than no name. */
static int resolve_conflicts(Bindings *b) {
        int r = index_rebuild(b);
        if (r < 0)
                return r;
        /* other[i]: the line number a binding line conflicts with, 0 for none. */
        _cleanup_free_ unsigned *other = calloc(b->n_lines + 1, sizeof(unsigned));
        _cleanup_free_ bool *by_name = calloc(b->n_lines + 1, sizeof(bool));
        if (!other || !by_name)
                return -ENOMEM;
        for (size_t i = 0; i < b->n_lines; i++) {
                const BindingLine *l = &b->lines[i];
                if (!l->id)
                        continue;
                for (int k = 0; k < 2; k++) {
                        size_t first = *index_slot(b, k, line_key(l, k)) - 1;
                        if (first == i)
                                continue;
                        if (!other[i]) {
                                other[i] = b->lines[first].line;
                                by_name[i] = k;
                        }
                        if (!other[first]) {
                                other[first] = l->line;
                                by_name[first] = k;
                        }
                }
        }
        bool any = false;
        for (size_t i = 0; i < b->n_lines; i++) {
                BindingLine *l = &b->lines[i];
                if (!other[i])
                        continue;
                r = by_name[i] ? add_problem(b, l->line, "name '%.64s' is also bound on line %u: both lines ignored",
                                             l->name, other[i])
                               : add_problem(b, l->line, "serial '%.64s' is also bound on line %u: both lines ignored",
                                             l->id, other[i]);
                if (r < 0)
                        return r;
                line_unbind(l);
                any = true;
        }
        if (any)
                r = index_rebuild(b);
        if (b->n_problems > 1)
                qsort(b->problems, b->n_problems, sizeof(BindingProblem), problem_cmp);
        return r;
}

int bindings_parse(const char *text, size_t size, Bindings *ret, ParseError *err) {
        Bindings b = {};
        unsigned lineno = 0;
        int r = 0;

        if (err)
                *err = (ParseError) {};
        for (size_t pos = 0; pos < size;) {
                const char *eol = memchr(text + pos, '\n', size - pos);
                size_t len = eol ? (size_t) (eol - (text + pos)) : size - pos;
                r = push_line(&b, text + pos, len, ++lineno);
                if (r < 0)
                        goto fail;
                pos += len + (eol ? 1 : 0);
        }
        r = resolve_conflicts(&b);
        if (r < 0)
                goto fail;
        if (err && b.n_problems) {
                err->line = b.problems[0].line;
                snprintf(err->message, sizeof(err->message), "%s", b.problems[0].message);
        }
        *ret = b;
        return 0;
fail:
        bindings_done(&b);
        return r;
}

/* The event path. */

typedef struct Span {
        size_t start, len;
} Span;

typedef struct Spans {
        Span *v;
        size_t n;
} Spans;

/* Duplicates (a line found for two needles) are dropped after sorting. */
static int spans_add(Spans *s, size_t start, size_t len) {
        Span *n = realloc(s->v, (s->n + 1) * sizeof(Span));
        if (!n)
                return -ENOMEM;
        s->v = n;
        s->v[s->n++] = (Span) { start, len };
        return 0;
}

/* Every line in which needle occurs, as spans; whether field k of the line equals the needle
 * is left to the caller. */
static int find_lines(const char *text, size_t size, const char *needle, size_t n, Spans *out, size_t *first_new) {
        *first_new = out->n;
        for (size_t pos = 0; n > 0 && pos < size;) {
                const char *hit = memmem(text + pos, size - pos, needle, n);
                if (!hit)
                        break;
                const char *start = hit;
                while (start > text && start[-1] != '\n')
                        start--;
                const char *eol = memchr(hit, '\n', size - (size_t) (hit - text));
                size_t end = eol ? (size_t) (eol - text) : size;
                int r = spans_add(out, (size_t) (start - text), end - (size_t) (start - text));
                if (r < 0)
                        return r;
                pos = end + 1;
        }
        return 0;
}

static int span_cmp(const void *a, const void *b) {
        size_t x = ((const Span *) a)->start, y = ((const Span *) b)->start;
        return x < y ? -1 : x > y;
}

/* memchr from line to line: several times cheaper per byte than looking at each byte. */
static unsigned count_newlines(const char *s, size_t n) {
        unsigned c = 0;
        for (const char *end = s + n; s < end; c++) {
                s = memchr(s, '\n', (size_t) (end - s));
                if (!s)
                        break;
                s++;
        }
        return c;
}

int bindings_parse_for(const char *text, size_t size, const char *const *ids, size_t n_ids,
                       const char *const *names, size_t n_names, Bindings *ret) {
        Spans spans = {};
        Bindings b = { .partial = true };
        int r = 0;

        /* The lines that mention an identity as their serial field, then the lines that
         * mention the names those lines bind: all a conflict about these disks can involve. */
        for (size_t i = 0; i < n_ids; i++) {
                size_t first;
                r = find_lines(text, size, ids[i], strlen(ids[i]), &spans, &first);
                if (r < 0)
                        goto finish;
                size_t last = spans.n;
                for (size_t j = first; j < last; j++) {
                        LineFields f;
                        const char *s = text + spans.v[j].start;
                        if (split_line(s, spans.v[j].len, &f) < 3 || !field_is(&f, 1, ids[i], strlen(ids[i])))
                                continue;
                        size_t unused;
                        _cleanup_free_ char *name = strndup(f.field[0], f.len[0]);
                        if (!name) {
                                r = -ENOMEM;
                                goto finish;
                        }
                        r = find_lines(text, size, name, strlen(name), &spans, &unused);
                        if (r < 0)
                                goto finish;
                }
        }

        /* A substring search on purpose: "asm/d" also finds "asm/d-part1", a partition link
         * of the claimed name. */
        for (size_t i = 0; i < n_names; i++) {
                size_t unused;
                r = find_lines(text, size, names[i], strlen(names[i]), &spans, &unused);
                if (r < 0)
                        goto finish;
        }

        /* In file order, with their line numbers, through the same parser as the whole file. */
        if (spans.n > 1)
                qsort(spans.v, spans.n, sizeof(Span), span_cmp);
        unsigned lineno = 1;
        size_t counted = 0;
        for (size_t i = 0; i < spans.n; i++) {
                if (i > 0 && spans.v[i].start == spans.v[i - 1].start)
                        continue;
                lineno += count_newlines(text + counted, spans.v[i].start - counted);
                counted = spans.v[i].start;
                r = push_line(&b, text + spans.v[i].start, spans.v[i].len, lineno);
                if (r < 0)
                        goto finish;
        }
        r = resolve_conflicts(&b);
finish:
        free(spans.v);
        if (r < 0) {
                bindings_done(&b);
                return r;
        }
        *ret = b;
        return 0;
}

int bindings_add(Bindings *b, const char *name, const char *id, const char *class) {
        if (b->partial)
                return -EINVAL;
        if (bindings_find_by_name(b, name) || bindings_find_by_id(b, id))
                return -EEXIST;
        if (!binding_name_ok(name) || !binding_id_ok(id) || !config_class_name_ok(class))
                return -EINVAL;
        size_t n = strlen(name) + strlen(id) + strlen(class) + 3;
        _cleanup_free_ char *text = malloc(n);
        if (!text)
                return -ENOMEM;
        snprintf(text, n, "%s %s %s", name, id, class);
        int r = push_line(b, text, n - 1, 0);
        if (r < 0)
                return r;
        if (2 * (b->n_lines + 1) > b->n_buckets)
                return index_rebuild(b);
        *index_slot(b, false, id) = b->n_lines;
        *index_slot(b, true, name) = b->n_lines;
        return 0;
}

int bindings_remove(Bindings *b, const char *name) {
        const BindingLine *l = bindings_find_by_name(b, name);
        if (!l || b->partial)
                return -ENOENT;
        size_t i = (size_t) (l - b->lines);
        line_done(&b->lines[i]);
        memmove(&b->lines[i], &b->lines[i + 1], (b->n_lines - i - 1) * sizeof(BindingLine));
        b->n_lines--;
        return index_rebuild(b);
}

int bindings_format(const Bindings *b, char **ret, size_t *ret_size) {
        if (b->partial)
                return -EINVAL;
        size_t total = 1;
        for (size_t i = 0; i < b->n_lines; i++)
                total += strlen(b->lines[i].text) + 1;
        char *out = malloc(total);
        if (!out)
                return -ENOMEM;
        size_t o = 0;
        for (size_t i = 0; i < b->n_lines; i++) {
                size_t n = strlen(b->lines[i].text);
                memcpy(out + o, b->lines[i].text, n);
                o += n;
                out[o++] = '\n';
        }
        out[o] = '\0';
        *ret = out;
        *ret_size = o;
        return 0;
}

static bool is_path_prefix(const char *prefix, size_t len, const char *name) {
        return strncmp(name, prefix, len) == 0 && name[len] == '/';
}

const BindingLine *bindings_find_conflict(const Bindings *b, const char *name, const BindingLine *self, bool up,
                                          const char **why) {
        char buf[NAME_MAX_LENGTH + 1];
        size_t len = strlen(name);
        if (len >= sizeof(buf))
                return NULL;
        /* Its directories: "asm" for "asm/d01". */
        for (const char *p = strchr(name, '/'); p; p = strchr(p + 1, '/')) {
                memcpy(buf, name, (size_t) (p - name));
                buf[p - name] = '\0';
                const BindingLine *l = bindings_find_by_name(b, buf);
                if (l && l != self) {
                        *why = "is a directory of";
                        return l;
                }
        }
        size_t stem = name_partition_link_stem(name);
        if (stem) {
                memcpy(buf, name, stem);
                buf[stem] = '\0';
                const BindingLine *l = bindings_find_by_name(b, buf);
                if (l && l != self) {
                        *why = "has as a partition link";
                        return l;
                }
        }
        if (up)
                return NULL;
        for (size_t i = 0; i < b->n_lines; i++) {
                const BindingLine *l = &b->lines[i];
                if (!l->name || l == self)
                        continue;
                if (is_path_prefix(name, len, l->name)) {
                        *why = "lies below";
                        return l;
                }
                if (name_partition_link_stem(l->name) == len && strncmp(l->name, name, len) == 0) {
                        *why = "is the partition link of";
                        return l;
                }
        }
        return NULL;
}
