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
#include "text-search.h"

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

/* Whether one line is a binding on its own: 1 (f holds its fields), 0 for a comment or a
 * blank line, -EINVAL for a damaged line (why says what is wrong).  What applies is decided
 * here only, for the parsers and for the index (bindings-index.h). */
static int check_line(const char *s, size_t len, LineFields *f, char *why, size_t why_size) {
        if (memchr(s, '\0', len)) {
                snprintf(why, why_size, "damaged line (it contains a NUL byte): ignored");
                return -EINVAL;
        }
        if (len > BINDING_LINE_MAX) {
                snprintf(why, why_size, "line longer than %d bytes: ignored", BINDING_LINE_MAX);
                return -EINVAL;
        }
        size_t n = split_line(s, len, f);
        if (n == 0)
                return 0;
        if (n != 3) {
                snprintf(why, why_size, "expected 'NAME SERIAL CLASS': line ignored");
                return -EINVAL;
        }
        /* Each field is shorter than the line, which is at most BINDING_LINE_MAX. */
        char name[BINDING_LINE_MAX + 1], id[BINDING_LINE_MAX + 1], class[BINDING_LINE_MAX + 1];
        memcpy(name, f->field[0], f->len[0]);
        name[f->len[0]] = '\0';
        memcpy(id, f->field[1], f->len[1]);
        id[f->len[1]] = '\0';
        memcpy(class, f->field[2], f->len[2]);
        class[f->len[2]] = '\0';
        if (name_validate(name) < 0)
                snprintf(why, why_size, "invalid name '%.64s': line ignored", name);
        else if (name_reserved(name))
                snprintf(why, why_size, "name '%.64s' is in udev's or the kernel's namespace: line ignored", name);
        else if (!binding_id_ok(id))
                snprintf(why, why_size, "invalid serial '%.64s': line ignored", id);
        else if (!config_class_name_ok(class))
                snprintf(why, why_size, "invalid class '%.64s': line ignored", class);
        else
                return 1;
        return -EINVAL;
}

int bindings_line_check(const char *s, size_t len, BindingFields *ret) {
        LineFields f;
        char why[sizeof(((BindingProblem *) NULL)->message)];
        int r = check_line(s, len, &f, why, sizeof(why));
        *ret = (BindingFields) {};
        if (r > 0)
                *ret = (BindingFields) { f.field[0], f.len[0], f.field[1], f.len[1] };
        return r;
}

/* Adds one line, parsed: a binding if it is one, else a comment or a damaged line.  *binding
 * (when not NULL) says whether it is a binding on its own, before any conflict. */
static int push_line_checked(Bindings *b, const char *s, size_t len, unsigned lineno, bool *binding) {
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

        LineFields f;
        char why[sizeof(b->problems[0].message)];
        int r = check_line(s, len, &f, why, sizeof(why));
        if (binding)
                *binding = r > 0;
        if (r < 0)
                return add_problem(b, lineno, "%s", why);
        if (r == 0)
                return 0;
        l->name = strndup(f.field[0], f.len[0]);
        l->id = strndup(f.field[1], f.len[1]);
        l->class = strndup(f.field[2], f.len[2]);
        if (!l->name || !l->id || !l->class)
                return -ENOMEM;
        return 0;
}

static int push_line(Bindings *b, const char *s, size_t len, unsigned lineno) {
        return push_line_checked(b, s, len, lineno, NULL);
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

/* The event path.
 *
 * bindings_parse_for() parses only the lines whose verdict export can ask about, and the
 * lines that can change that verdict, found by a scan of the raw text (text-search.h).
 * Why that gives the whole file's answer (tests/unit/test-bindings.c checks it on
 * thousands of random files against bindings_parse()):
 *
 * In the whole file F, a line applies when it is valid (a property of the line alone) and
 * no other valid line has its name or its serial.  The lines kept here, P, are lines of F
 * with the same text, number and validity, so two lines that conflict in P conflict in F.
 * P holds every line whose serial field is a searched id, every line whose name field is a
 * searched name (or one of its partition links, "NAME-partN"), and, for each of the latter,
 * every line whose serial field is that line's serial.  The ids searched are the disk's; the
 * names searched are the caller's (the name the disk claims and its stem) and the names of
 * the lines binding the disk's ids.  So every line export looks up (by the disk's id, by a
 * searched name) has both of its keys searched: every line of F that could conflict with it
 * is in P, and it applies in P exactly when it applies in F.  Export's lookups — by id, by
 * claimed name, by stem — therefore return the same line in P as in F.
 *
 * A damaged line cannot be attributed by its fields; one that contains a disk's id anywhere
 * is kept (so that it is not mistaken for "not bound"); a valid line that contains it
 * elsewhere than in its serial field (a longer serial, a comment) is about another disk and
 * is dropped.  When no line of P binds the disk's id, P has a problem exactly when F has a
 * damaged line containing that id or a line with that serial that does not apply: the names
 * searched then all come from such lines. */

/* A string to look for: a caller's argument or a field of the text (not NUL-terminated). */
typedef struct Needle {
        const char *s;
        size_t n;
} Needle;

typedef struct Needles {
        Needle *v;
        size_t n;
} Needles;

enum {
        SPAN_ID = 1 << 0,       /* its serial field is a searched id */
        SPAN_MENTION = 1 << 1,  /* it contains a searched id elsewhere: kept only if damaged */
        SPAN_NAME = 1 << 2,     /* its name field is a searched name or a partition link of one */
};

typedef struct Span {
        const char *s; /* the line's text: in the file's text, or read through the index */
        size_t start, len;
        unsigned line, kind;
} Span;

typedef struct Spans {
        Span *v;
        size_t n;
} Spans;

static bool needle_is(const Needle *x, const char *s, size_t n) {
        return x->n == n && memcmp(x->s, s, n) == 0;
}

static bool needles_has(const Needles *ns, const char *s, size_t n) {
        for (size_t i = 0; i < ns->n; i++)
                if (needle_is(&ns->v[i], s, n))
                        return true;
        return false;
}

static int needles_add(Needles *ns, const char *s, size_t n) {
        if (n == 0 || needles_has(ns, s, n))
                return 0;
        Needle *v = realloc(ns->v, (ns->n + 1) * sizeof(Needle));
        if (!v)
                return -ENOMEM;
        ns->v = v;
        ns->v[ns->n++] = (Needle) { s, n };
        return 0;
}

/* Duplicates (a line found for two needles) are merged after sorting. */
static int spans_add(Spans *s, size_t start, size_t len, unsigned kind) {
        if (s->n % 16 == 0) {
                Span *v = realloc(s->v, (s->n + 16) * sizeof(Span));
                if (!v)
                        return -ENOMEM;
                s->v = v;
        }
        s->v[s->n++] = (Span) { .start = start, .len = len, .kind = kind };
        return 0;
}

/* "-part" and decimal digits: what follows a name in its partition links. */
static size_t partition_suffix_len(const char *s, size_t n) {
        if (n < 6 || memcmp(s, "-part", 5) != 0)
                return 0;
        size_t i = 5;
        while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
        return i > 5 ? i : 0;
}

/* The line around offset hit, [*start, *end). */
static void line_around(const char *text, size_t size, size_t hit, size_t *start, size_t *end) {
        const char *nl = hit > 0 ? memrchr(text, '\n', hit) : NULL;
        *start = nl ? (size_t) (nl - text) + 1 : 0;
        const char *eol = memchr(text + hit, '\n', size - hit);
        *end = eol ? (size_t) (eol - text) : size;
}

/* Every line with id in it: SPAN_ID when it is the serial field, else SPAN_MENTION unless
 * only_field.  The names of the SPAN_ID lines of three fields or more go to names. */
static int find_id_lines(const char *text, size_t size, const Needle *id, bool only_field, Spans *spans,
                         Needles *names) {
        for (size_t pos = 0;;) {
                size_t hit = text_find(text, size, pos, id->s, id->n);
                if (hit == TEXT_NOT_FOUND)
                        return 0;
                size_t start, end;
                line_around(text, size, hit, &start, &end);
                LineFields f;
                size_t n = split_line(text + start, end - start, &f);
                int r = 0;
                if (n >= 2 && field_is(&f, 1, id->s, id->n)) {
                        r = spans_add(spans, start, end - start, SPAN_ID);
                        if (r >= 0 && n >= 3 && names)
                                r = needles_add(names, f.field[0], f.len[0]);
                } else if (!only_field)
                        r = spans_add(spans, start, end - start, SPAN_MENTION);
                if (r < 0)
                        return r;
                pos = end + 1;
        }
}

/* Every line whose name field is name, or name's partition link: the name is the line's
 * first word, so a hit counts only after nothing but blanks.  The serials of such lines of
 * three fields go to ids. */
static int find_name_lines(const char *text, size_t size, const Needle *name, Spans *spans, Needles *ids) {
        for (size_t pos = 0;;) {
                size_t hit = text_find(text, size, pos, name->s, name->n);
                if (hit == TEXT_NOT_FOUND)
                        return 0;
                size_t start, end;
                line_around(text, size, hit, &start, &end);
                /* The first hit in a line is the earliest: if it is not the first word, no
                 * later one is. */
                pos = end + 1;
                bool first = true;
                for (size_t i = start; i < hit; i++)
                        if (!is_blank(text[i]))
                                first = false;
                size_t after = hit + name->n;
                after += partition_suffix_len(text + after, end - after);
                if (!first || (after < end && !is_blank(text[after])))
                        continue;
                LineFields f;
                int r = spans_add(spans, start, end - start, SPAN_NAME);
                if (r >= 0 && split_line(text + start, end - start, &f) == 3)
                        r = needles_add(ids, f.field[1], f.len[1]);
                if (r < 0)
                        return r;
        }
}

static int span_cmp(const void *a, const void *b) {
        size_t x = ((const Span *) a)->start, y = ((const Span *) b)->start;
        return x < y ? -1 : x > y;
}

/* The lines found, sorted by offset and numbered, through the same parser as the whole
 * file; a line found twice is parsed once.  With all_bindings, a line that is no binding on
 * its own (which an index must never name) is -EBADMSG. */
static int parse_spans(Spans *spans, bool all_bindings, Bindings *b) {
        for (size_t i = 0; i < spans->n; i++) {
                unsigned kind = spans->v[i].kind;
                while (i + 1 < spans->n && spans->v[i + 1].start == spans->v[i].start)
                        kind |= spans->v[++i].kind;
                size_t problems = b->n_problems;
                bool binding;
                int r = push_line_checked(b, spans->v[i].s, spans->v[i].len, spans->v[i].line, &binding);
                if (r < 0)
                        return r;
                if (all_bindings && !binding)
                        return -EBADMSG;
                /* A line that only mentions an id is kept only if it is damaged. */
                if (kind == SPAN_MENTION && b->n_problems == problems)
                        line_done(&b->lines[--b->n_lines]);
        }
        return resolve_conflicts(b);
}

int bindings_parse_for(const char *text, size_t size, const char *const *ids, size_t n_ids,
                       const char *const *names, size_t n_names, Bindings *ret) {
        Spans spans = {};
        Needles id_needles = {}, name_needles = {}, more_ids = {};
        Bindings b = { .partial = true };
        int r = 0;

        /* 1. The disk's ids, anywhere: their lines, and the names those lines bind. */
        for (size_t i = 0; i < n_ids && r >= 0; i++)
                r = needles_add(&id_needles, ids[i], strlen(ids[i]));
        for (size_t i = 0; i < id_needles.n && r >= 0; i++)
                r = find_id_lines(text, size, &id_needles.v[i], false, &spans, &name_needles);
        /* 2. Those names and the caller's, as first words: their lines, and the serials those
         *    bind.  A name that is a partition link of another is found with it. */
        for (size_t i = 0; i < n_names && r >= 0; i++)
                r = needles_add(&name_needles, names[i], strlen(names[i]));
        for (size_t i = 0; i < name_needles.n && r >= 0; i++) {
                const Needle *x = &name_needles.v[i];
                bool covered = false;
                for (size_t j = 0; j < name_needles.n; j++) {
                        const Needle *y = &name_needles.v[j];
                        if (j != i && y->n < x->n && memcmp(x->s, y->s, y->n) == 0 &&
                            partition_suffix_len(x->s + y->n, x->n - y->n) == x->n - y->n)
                                covered = true;
                }
                if (!covered)
                        r = find_name_lines(text, size, x, &spans, &more_ids);
        }
        /* 3. The lines binding those serials, where the serial is the field: whether a line
         *    found by name applies depends on them. */
        for (size_t i = 0; i < more_ids.n && r >= 0; i++)
                if (!needles_has(&id_needles, more_ids.v[i].s, more_ids.v[i].n))
                        r = find_id_lines(text, size, &more_ids.v[i], true, &spans, NULL);
        if (r < 0)
                goto finish;

        /* In file order, with their line numbers, through the same parser as the whole file. */
        if (spans.n > 1)
                qsort(spans.v, spans.n, sizeof(Span), span_cmp);
        unsigned lineno = 1;
        size_t counted = 0;
        for (size_t i = 0; i < spans.n; i++) {
                lineno += (unsigned) text_count_lines(text, counted, spans.v[i].start);
                counted = spans.v[i].start;
                spans.v[i].s = text + spans.v[i].start;
                spans.v[i].line = lineno;
        }
        r = parse_spans(&spans, false, &b);
finish:
        free(spans.v);
        free(id_needles.v);
        free(name_needles.v);
        free(more_ids.v);
        if (r < 0) {
                bindings_done(&b);
                return r;
        }
        *ret = b;
        return 0;
}

size_t bindings_name_stem(const char *name, size_t n) {
        const char *dash = n ? memrchr(name, '-', n) : NULL;
        if (!dash || dash == name)
                return 0;
        size_t stem = (size_t) (dash - name);
        return partition_suffix_len(dash, n - stem) == n - stem ? stem : 0;
}

/* Through a finder (an index): the same three steps as bindings_parse_for(), on lines that
 * are all valid bindings (the finder's promise: the file has no damaged line), so only the
 * fields matter and no line merely mentions an id. */
typedef struct FoundLines {
        BindingsFound *v;
        size_t n;
} FoundLines;

/* The lines kind/key finds whose field really is key (or, by name, a partition link of it),
 * as spans; the names (by id) or serials (by name) they bind go to more. */
static int find_via(BindingsFindFn find, void *userdata, BindingsKeyKind kind, const Needle *key, Spans *spans,
                    Needles *more) {
        FoundLines f = {};
        int r = find(userdata, kind, key->s, key->n, &f.v, &f.n);
        for (size_t i = 0; i < f.n && r >= 0; i++) {
                LineFields lf;
                const BindingsFound *x = &f.v[i];
                if (split_line(x->s, x->len, &lf) != 3)
                        continue;
                bool match;
                if (kind == BINDINGS_KEY_ID)
                        match = field_is(&lf, 1, key->s, key->n);
                else
                        match = lf.len[0] >= key->n && memcmp(lf.field[0], key->s, key->n) == 0 &&
                                (lf.len[0] == key->n ||
                                 partition_suffix_len(lf.field[0] + key->n, lf.len[0] - key->n) == lf.len[0] - key->n);
                if (!match)
                        continue;
                r = spans_add(spans, x->start, x->len, kind == BINDINGS_KEY_ID ? SPAN_ID : SPAN_NAME);
                if (r >= 0) {
                        spans->v[spans->n - 1].s = x->s;
                        spans->v[spans->n - 1].line = x->line;
                }
                if (r >= 0 && more)
                        r = kind == BINDINGS_KEY_ID ? needles_add(more, lf.field[0], lf.len[0])
                                                    : needles_add(more, lf.field[1], lf.len[1]);
        }
        free(f.v);
        return r;
}

int bindings_parse_found(BindingsFindFn find, void *userdata, const char *const *ids, size_t n_ids,
                         const char *const *names, size_t n_names, Bindings *ret) {
        Spans spans = {};
        Needles id_needles = {}, name_needles = {}, more_ids = {};
        Bindings b = { .partial = true };
        int r = 0;

        for (size_t i = 0; i < n_ids && r >= 0; i++)
                r = needles_add(&id_needles, ids[i], strlen(ids[i]));
        for (size_t i = 0; i < id_needles.n && r >= 0; i++)
                r = find_via(find, userdata, BINDINGS_KEY_ID, &id_needles.v[i], &spans, &name_needles);
        for (size_t i = 0; i < n_names && r >= 0; i++)
                r = needles_add(&name_needles, names[i], strlen(names[i]));
        for (size_t i = 0; i < name_needles.n && r >= 0; i++) {
                r = find_via(find, userdata, BINDINGS_KEY_NAME, &name_needles.v[i], &spans, &more_ids);
                if (r >= 0)
                        r = find_via(find, userdata, BINDINGS_KEY_STEM, &name_needles.v[i], &spans, &more_ids);
        }
        for (size_t i = 0; i < more_ids.n && r >= 0; i++)
                if (!needles_has(&id_needles, more_ids.v[i].s, more_ids.v[i].n))
                        r = find_via(find, userdata, BINDINGS_KEY_ID, &more_ids.v[i], &spans, NULL);
        if (r >= 0) {
                if (spans.n > 1)
                        qsort(spans.v, spans.n, sizeof(Span), span_cmp);
                r = parse_spans(&spans, true, &b);
        }
        free(spans.v);
        free(id_needles.v);
        free(name_needles.v);
        free(more_ids.v);
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

int bindings_release(Bindings *b, const char *name) {
        const BindingLine *found = bindings_find_by_name(b, name);
        if (!found || b->partial)
                return -ENOENT;
        BindingLine *l = &b->lines[found - b->lines];
        size_t n = strlen(BINDINGS_RELEASED_PREFIX) + strlen(l->name) + strlen(l->id) + strlen(l->class) + 3;
        char *text = malloc(n);
        if (!text)
                return -ENOMEM;
        snprintf(text, n, BINDINGS_RELEASED_PREFIX "%s %s %s", l->name, l->id, l->class);
        unsigned line = l->line;
        line_done(l);
        *l = (BindingLine) { .text = text, .line = line };
        return index_rebuild(b);
}

int bindings_released(const BindingLine *l, char **ret_name, char **ret_id) {
        size_t p = strlen(BINDINGS_RELEASED_PREFIX);
        if (l->name || !l->text || strncmp(l->text, BINDINGS_RELEASED_PREFIX, p) != 0)
                return -ENOENT;
        LineFields f;
        const char *s = l->text + p;
        if (split_line(s, strlen(s), &f) != 3)
                return -ENOENT;
        char *name = strndup(f.field[0], f.len[0]), *id = strndup(f.field[1], f.len[1]);
        if (!name || !id) {
                free(name);
                free(id);
                return -ENOMEM;
        }
        *ret_name = name;
        *ret_id = id;
        return 0;
}
