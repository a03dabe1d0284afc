/* SPDX-License-Identifier: MIT */
/* The event path parses only some lines of the bindings file (bindings_parse_for); these
 * tests hold it to the whole file's answer (bindings_parse) on thousands of random files
 * built to collide: names that are prefixes or partition links of each other, serials that
 * are prefixes of each other, duplicates, damaged lines, comments and blanks that mention a
 * serial, NUL bytes, over-long lines.  The seed is fixed: every run checks the same files. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bindings.h"
#include "bindings-index.h"
#include "config.h"
#include "decide.h"
#include "macro.h"
#include "naming.h"
#include "text-search.h"

static uint32_t rnd(uint32_t *s) {
        *s = *s * 1103515245u + 12345u;
        return *s >> 8;
}

static const char *const NAMES[] = { "asm/d1",       "asm/d10", "asm/d1-part1", "asm/d1-part2", "asm/d",
                                     "asm/d-part1",  "asm",     "d1",           "asm/d1x",      "asm/d10-part1",
                                     "asm/d1-part1x", "null" };
static const char *const IDS[] = { "36000c29a1", "36000c29a10", "36000c29a1x", "3600",
                                   "beaf10",     "beaf100",     "iscsi:iqn.x:1", "iscsi:iqn.x:10" };
static const char *const CLASSES[] = { "asm", "asm", "asm", "lab", "as/m" };

#define PICK(a, s) (a)[rnd(s) % ELEMENTSOF(a)]

/* One random file of up to max_lines lines; returns its size (it may hold NUL bytes).
 * Without damaged, only lines the admin commands accept (bindings, comments, blanks),
 * which may still conflict with each other. */
static size_t random_file(uint32_t *s, char *out, size_t max, unsigned max_lines, bool damaged) {
        static const unsigned undamaged[] = { 0, 0, 0, 0, 0, 0, 8, 9, 12, 13 };
        size_t o = 0;
        unsigned lines = 1 + rnd(s) % max_lines;
        for (unsigned i = 0; i < lines && o + 2 * BINDING_LINE_MAX < max; i++) {
                const char *name = PICK(NAMES, s), *id = PICK(IDS, s),
                           *class = damaged ? PICK(CLASSES, s) : CLASSES[rnd(s) % 4];
                unsigned shape = damaged ? rnd(s) % 20 : PICK(undamaged, s);
                int k = 0;
                switch (shape < 8 ? 0 : shape) {
                case 0: /* a binding */
                        k = snprintf(out + o, max - o, "%s %s %s\n", name, id, class);
                        break;
                case 8: /* a comment naming another disk */
                        k = snprintf(out + o, max - o, "%s %s %s # %s %s\n", name, id, class, PICK(IDS, s),
                                     PICK(NAMES, s));
                        break;
                case 9: /* blanks around and between the fields */
                        k = snprintf(out + o, max - o, " \t%s\t%s  %s\r\n", name, id, class);
                        break;
                case 10: /* two fields */
                        k = snprintf(out + o, max - o, "%s %s\n", name, id);
                        break;
                case 11: /* four fields */
                        k = snprintf(out + o, max - o, "%s %s %s extra\n", name, id, class);
                        break;
                case 12: /* a comment line, or a released binding */
                        k = snprintf(out + o, max - o, rnd(s) % 2 ? "# %s was %s\n" : "# released %s %s asm\n", name,
                                     id);
                        break;
                case 13: /* blank */
                        k = snprintf(out + o, max - o, rnd(s) % 2 ? "\n" : "  \r\n");
                        break;
                case 14: /* a NUL byte inside a binding */
                        k = snprintf(out + o, max - o, "%s %s %s\n", name, id, class);
                        out[o + rnd(s) % (size_t) (k - 1)] = '\0';
                        break;
                case 15: /* a serial alone, or garbage before it */
                        k = snprintf(out + o, max - o, rnd(s) % 2 ? "%s\n" : "@@ %s\n", id);
                        break;
                case 16: /* a name alone */
                        k = snprintf(out + o, max - o, "%s\n", name);
                        break;
                case 17: /* a serial in the name field */
                        k = snprintf(out + o, max - o, "%s %s %s\n", id, PICK(IDS, s), class);
                        break;
                case 18: /* an invalid serial that contains a valid one */
                        k = snprintf(out + o, max - o, "%s %s\"x %s\n", name, id, class);
                        break;
                default: /* now and then, a line too long to be a binding */
                        if (rnd(s) % 8 == 0) {
                                k = snprintf(out + o, max - o, "%s %s %s #", name, id, class);
                                memset(out + o + k, 'y', BINDING_LINE_MAX);
                                k += BINDING_LINE_MAX;
                                out[o + (size_t) k++] = '\n';
                        } else
                                k = snprintf(out + o, max - o, "%s %s %s\n", name, id, class);
                        break;
                }
                o += (size_t) k;
        }
        if (o > 0 && rnd(s) % 4 == 0)
                o--; /* no newline at the end */
        return o;
}

/* The lines of text, each parsed on its own: whether it is damaged, and its serial and name
 * when it is not.  A line cannot conflict with itself, so this is its validity. */
typedef struct Line {
        const char *start;
        size_t len;
        bool damaged;
        char *name, *id;
} Line;

static size_t split_lines(const char *text, size_t size, Line *lines, size_t max) {
        size_t n = 0;
        for (size_t pos = 0; pos < size && n < max;) {
                const char *eol = memchr(text + pos, '\n', size - pos);
                size_t len = eol ? (size_t) (eol - (text + pos)) : size - pos;
                Line *l = &lines[n++];
                *l = (Line) { .start = text + pos, .len = len };
                Bindings one;
                ParseError e;
                assert_int_equal(bindings_parse(text + pos, len, &one, &e), 0);
                l->damaged = one.n_problems > 0;
                if (!l->damaged && one.n_lines == 1 && one.lines[0].id) {
                        l->name = strdup(one.lines[0].name);
                        l->id = strdup(one.lines[0].id);
                }
                bindings_done(&one);
                pos += len + (eol ? 1 : 0);
        }
        return n;
}

static void lines_done(Line *lines, size_t n) {
        for (size_t i = 0; i < n; i++) {
                free(lines[i].name);
                free(lines[i].id);
        }
}

static bool streq_ptr(const char *a, const char *b) {
        return a && b ? strcmp(a, b) == 0 : a == b;
}

static unsigned line_of(const BindingLine *l) {
        return l ? l->line : 0;
}

typedef struct Case {
        const char *text;
        size_t size;
        const Bindings *full;
        const Line *lines;
        size_t n_lines;
} Case;

_printf_(2, 3) static void fail_case(const Case *c, const char *fmt, ...) {
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        fprintf(stderr, "--- file (%zu bytes) ---\n", c->size);
        fwrite(c->text, 1, c->size, stderr);
        fprintf(stderr, "\n--- end ---\n");
        fail_msg("%s", msg);
}

/* The file's lines read through an index, each into a copy of its own (so that a read
 * outside what was asked is caught under ASan). */
typedef struct TextReader {
        const char *text;
        size_t size;
        char *copies[256];
        size_t n;
} TextReader;

static int text_read(void *userdata, uint64_t offset, size_t n, const char **ret) {
        TextReader *t = userdata;
        assert_true(offset <= t->size && n <= t->size - offset);
        assert_true(t->n < ELEMENTSOF(t->copies));
        char *copy = malloc(n ? n : 1);
        assert_non_null(copy);
        memcpy(copy, t->text + offset, n);
        t->copies[t->n++] = copy;
        *ret = copy;
        return 0;
}

static void text_reader_done(TextReader *t) {
        for (size_t i = 0; i < t->n; i++)
                free(t->copies[i]);
        t->n = 0;
}

static int parse_through_index(const char *text, size_t size, const char *const *ids, size_t n_ids,
                               const char *const *names, size_t n_names, Bindings *ret) {
        BindingsFileId id = { .ino = 7, .size = size };
        char *data;
        size_t data_size;
        BindingsIndex ix;
        assert_int_equal(bindings_index_build(text, size, &id, &data, &data_size), 0);
        assert_int_equal(bindings_index_open(data, data_size, &ix), 0);
        TextReader t = { .text = text, .size = size };
        int r = bindings_parse_indexed(&ix, text_read, &t, ids, n_ids, names, n_names, ret);
        text_reader_done(&t);
        free(data);
        return r;
}

/* Both partial parses hold the same lines, with the same numbers, and the same problems. */
static bool same_partial(const Bindings *a, const Bindings *b) {
        if (a->n_lines != b->n_lines || a->n_problems != b->n_problems)
                return false;
        for (size_t i = 0; i < a->n_lines; i++) {
                const BindingLine *x = &a->lines[i], *y = &b->lines[i];
                if (x->line != y->line || strcmp(x->text, y->text) != 0 || !streq_ptr(x->name, y->name) ||
                    !streq_ptr(x->id, y->id) || !streq_ptr(x->class, y->class))
                        return false;
        }
        for (size_t i = 0; i < a->n_problems; i++)
                if (a->problems[i].line != b->problems[i].line ||
                    strcmp(a->problems[i].message, b->problems[i].message) != 0)
                        return false;
        return true;
}

static unsigned indexed_checked, indexed_refused;

/* Every lookup export can make, against the whole file.  ids: the disk's; names: what the
 * caller passes (nothing on the first load; the claim and its stem on the second). */
static void check_lookups(const Case *c, const char *const *ids, size_t n_ids, const char *const *names,
                          size_t n_names) {
        Bindings p;
        assert_int_equal(bindings_parse_for(c->text, c->size, ids, n_ids, names, n_names, &p), 0);
        assert_true(p.partial);

        /* Through the index: the same partial parse when no line is damaged; a refusal (and
         * a scan) when one is. */
        bool damaged = false;
        for (size_t i = 0; i < c->n_lines; i++)
                damaged = damaged || c->lines[i].damaged;
        Bindings q = {};
        int r = parse_through_index(c->text, c->size, ids, n_ids, names, n_names, &q);
        if (damaged) {
                if (r != -ESTALE)
                        fail_case(c, "the index answered (%d) for a file with a damaged line", r);
                indexed_refused++;
        } else {
                if (r != 0)
                        fail_case(c, "the index failed (%d) on a file without a damaged line", r);
                if (!same_partial(&p, &q))
                        fail_case(c, "ids %s...: the index finds other lines than the scan", ids[0]);
                indexed_checked++;
        }
        bindings_done(&q);

        /* Its lines are lines of the file, with their numbers; its problems are the file's. */
        for (size_t i = 0; i < p.n_lines; i++) {
                const BindingLine *l = &p.lines[i];
                if (l->line < 1 || l->line > c->full->n_lines || strcmp(c->full->lines[l->line - 1].text, l->text) != 0)
                        fail_case(c, "line %u of the partial parse is not line %u of the file", l->line, l->line);
                if (c->full->lines[l->line - 1].name && !l->name)
                        fail_case(c, "line %u applies in the file, not in the partial parse", l->line);
        }
        for (size_t i = 0; i < p.n_problems; i++) {
                bool found = false;
                for (size_t j = 0; j < c->full->n_problems; j++)
                        found = found || c->full->problems[j].line == p.problems[i].line;
                if (!found)
                        fail_case(c, "line %u is a problem in the partial parse only", p.problems[i].line);
        }

        /* By id: the same line, or none. */
        bool bound = false;
        for (size_t k = 0; k < n_ids; k++) {
                const BindingLine *x = bindings_find_by_id(c->full, ids[k]), *y = bindings_find_by_id(&p, ids[k]);
                if (line_of(x) != line_of(y))
                        fail_case(c, "id %s: line %u in the file, %u in the partial parse", ids[k], line_of(x), line_of(y));
                bound = bound || y;
        }

        /* By name: the caller's names, and the names (and partition links) of the lines that
         * bind the ids, as export looks them up for a disk and its partitions. */
        char consulted[64][NAME_MAX_LENGTH + 16];
        size_t n = 0;
        for (size_t k = 0; k < n_names; k++)
                snprintf(consulted[n++], sizeof(consulted[0]), "%s", names[k]);
        for (size_t i = 0; i < c->n_lines && n + 3 < ELEMENTSOF(consulted); i++)
                for (size_t k = 0; k < n_ids; k++)
                        if (c->lines[i].id && strcmp(c->lines[i].id, ids[k]) == 0) {
                                snprintf(consulted[n++], sizeof(consulted[0]), "%s", c->lines[i].name);
                                snprintf(consulted[n++], sizeof(consulted[0]), "%s-part1", c->lines[i].name);
                                snprintf(consulted[n++], sizeof(consulted[0]), "%s-part12", c->lines[i].name);
                        }
        for (size_t k = 0; k < n; k++) {
                const BindingLine *x = bindings_find_by_name(c->full, consulted[k]),
                                  *y = bindings_find_by_name(&p, consulted[k]);
                if (line_of(x) != line_of(y))
                        fail_case(c, "name %s (ids %s...): line %u in the file, %u in the partial parse", consulted[k],
                                  ids[0], line_of(x), line_of(y));
        }

        /* Unbound, export says "bindings error" when a line about the disk is damaged or
         * does not apply: a damaged line that mentions one of its ids, or a line that binds
         * one of them and loses to another. */
        if (!bound && n_names == 0) {
                bool about = false;
                for (size_t i = 0; i < c->n_lines; i++)
                        for (size_t k = 0; k < n_ids; k++) {
                                const Line *l = &c->lines[i];
                                if (l->damaged && memmem(l->start, l->len, ids[k], strlen(ids[k])))
                                        about = true;
                                if (l->id && strcmp(l->id, ids[k]) == 0 && !c->full->lines[i].name)
                                        about = true;
                        }
                if (about != (p.n_problems > 0))
                        fail_case(c, "ids %s%s%s: about the disk %s in the file, %zu problems in the partial parse",
                                  ids[0], n_ids > 1 ? " " : "", n_ids > 1 ? ids[1] : "", about ? "a problem" : "none",
                                  p.n_problems);
        }
        bindings_done(&p);
}

static void test_partial_finds_every_conflict(void **state) {
        (void) state;
        uint32_t seed = 20261207;
        size_t max = 40 * 2 * BINDING_LINE_MAX;
        char *text = malloc(max);
        Line *lines = calloc(64, sizeof(Line));
        assert_non_null(text);
        assert_non_null(lines);
        unsigned checked = 0, with_problems = 0;
        for (int round = 0; round < 3000; round++) {
                text_search_no_avx2 = round % 2; /* both scans, where the machine has AVX2 */
                size_t size = random_file(&seed, text, max, 40, round % 4 != 0);
                Bindings full;
                ParseError e;
                assert_int_equal(bindings_parse(text, size, &full, &e), 0);
                with_problems += full.n_problems > 0;
                size_t n_lines = split_lines(text, size, lines, 64);
                assert_int_equal(n_lines, full.n_lines);
                Case c = { text, size, &full, lines, n_lines };
                for (size_t k = 0; k < ELEMENTSOF(IDS); k++) {
                        const char *ids[2] = { IDS[k], PICK(IDS, &seed) };
                        check_lookups(&c, ids, 1, NULL, 0);
                        check_lookups(&c, ids, 2, NULL, 0);
                        /* A second load: the claim (a name, or a partition link) and its stem. */
                        const char *claim = PICK(NAMES, &seed);
                        char stem[NAME_MAX_LENGTH + 1];
                        size_t len = name_partition_link_stem(claim);
                        snprintf(stem, sizeof(stem), "%.*s", (int) len, claim);
                        const char *names[2] = { claim, stem };
                        check_lookups(&c, ids, 1, names, len ? 2 : 1);
                        checked += 4;
                }
                lines_done(lines, n_lines);
                bindings_done(&full);
        }
        text_search_no_avx2 = false;
        /* The generator must produce both kinds of file. */
        printf("partial parse: %u files with problems of 3000, %u lookups; through the index: %u equal, %u refused\n",
               with_problems, checked, indexed_checked, indexed_refused);
        assert_true(indexed_checked > 5000 && indexed_refused > 10000);
        assert_true(with_problems > 500 && with_problems < 2900);
        assert_true(checked >= 90000);
        free(lines);
        free(text);
}

/* The whole path, as cmd-export.c takes it: on every file the admin commands accept (no
 * problem), the verdict from the partial loads is the verdict from the whole file, for
 * disks and partitions, bound by serial or named by label. */
static const char CONFIG[] = "[asm]\nmatch-vendor = VMware\nname = asm/d%02d\n"
                             "[lab]\nmatch-fs-type = oracleasm\nname-from = label\nprefix = asm\n";

static DiskInfo random_disk(uint32_t *s, const char **serial) {
        DiskInfo d = { .is_scsi = true, .size_bytes = 20ULL << 30, .host = 3 };
        d.sysname = (char *) "sdb";
        d.devnode = (char *) "/dev/sdb";
        d.syspath = (char *) "/sys/devices/x/sdb";
        strcpy(d.vendor, "VMware");
        strcpy(d.model, "Virtual disk");
        *serial = PICK(IDS, s);
        assert_int_equal(scsi_serial_from_id_serial(*serial, &d.serial), 0);
        d.has_serial = true;
        d.partition = rnd(s) % 3;
        if (rnd(s) % 3 == 0) {
                static const char *const labels[] = { "d1", "d10", "d1-part1", "d", "D1" };
                d.fs_type = (char *) "oracleasm";
                d.fs_label = (char *) PICK(labels, s);
                d.fs_known = true;
        }
        return d;
}

/* What export does with the partial loads (cmd-export.c), the first load reused for the
 * check when it already covers the claim. */
static bool verdict_via_index;

static int partial(const char *text, size_t size, const char *const *ids, size_t n_ids, const char *const *names,
                   size_t n_names, Bindings *ret) {
        if (verdict_via_index)
                return parse_through_index(text, size, ids, n_ids, names, n_names, ret);
        return bindings_parse_for(text, size, ids, n_ids, names, n_names, ret);
}

static void export_verdict(const char *text, size_t size, const Config *config, const DiskInfo *d,
                           const char *serial, bool reuse_first, Verdict *v) {
        Bindings first, second = {};
        assert_int_equal(partial(text, size, &serial, 1, NULL, 0, &first), 0);
        assert_int_equal(decide_claim(d, config, &first, NULL, v), 0);
        const Bindings *lines = &first;
        if (v->claim && !reuse_first) {
                char stem[NAME_MAX_LENGTH + 1];
                size_t len = name_partition_link_stem(v->claim);
                snprintf(stem, sizeof(stem), "%.*s", (int) len, v->claim);
                const char *names[2] = { v->claim, stem };
                assert_int_equal(partial(text, size, &serial, 1, names, len ? 2 : 1, &second), 0);
                lines = &second;
        }
        assert_int_equal(decide_check(d, lines, NULL, v), 0);
        bindings_done(&first);
        bindings_done(&second);
}

/* cmd-export.c's rule for reusing the first load: the claim is the name of the line binding
 * the disk's serial, or (for a partition) that name's partition link. */
static bool first_load_covers(const char *text, size_t size, const DiskInfo *d, const char *serial,
                              const char *claim) {
        Bindings first;
        assert_int_equal(bindings_parse_for(text, size, &serial, 1, NULL, 0, &first), 0);
        const BindingLine *l = bindings_find_by_id(&first, serial);
        size_t stem = name_partition_link_stem(claim), len = stem && d->partition ? stem : strlen(claim);
        bool covers = first.n_problems == 0 && l && (!stem || d->partition) && strlen(l->name) == len &&
                      strncmp(l->name, claim, len) == 0;
        bindings_done(&first);
        return covers;
}

static void test_partial_verdict_equals_full(void **state) {
        (void) state;
        Config config;
        ParseError e;
        assert_int_equal(config_parse(CONFIG, &config, &e), 0);
        uint32_t seed = 7;
        size_t max = 40 * 2 * BINDING_LINE_MAX;
        char *text = malloc(max);
        assert_non_null(text);
        unsigned accepted = 0, named = 0, collisions = 0, reused = 0;
        for (int round = 0; round < 6000; round++) {
                /* Every other file through the index (bindings-index.h), as export reads it
                 * when the index is current. */
                verdict_via_index = round % 2;
                size_t size = random_file(&seed, text, max, 12, false);
                Bindings full;
                assert_int_equal(bindings_parse(text, size, &full, &e), 0);
                if (full.n_problems) {
                        bindings_done(&full);
                        continue;
                }
                accepted++;
                for (int k = 0; k < 8; k++) {
                        const char *serial;
                        DiskInfo d = random_disk(&seed, &serial);
                        _cleanup_(verdict_done) Verdict want = {}, got = {}, got_reused = {};
                        assert_int_equal(decide(&d, &config, &full, NULL, NULL, &want), 0);
                        export_verdict(text, size, &config, &d, serial, false, &got);
                        if (got.problems != want.problems || !streq_ptr(got.name, want.name) ||
                            !streq_ptr(got.claim, want.claim))
                                fail_msg("serial %s partition %u label %s: export %s/%#x, whole file %s/%#x in\n%.*s",
                                         serial, d.partition, d.fs_label ? d.fs_label : "-", got.name ? got.name : "-",
                                         (unsigned) got.problems, want.name ? want.name : "-", (unsigned) want.problems,
                                         (int) size, text);
                        named += want.name != NULL;
                        collisions += (want.problems & PROBLEM_BIT(PROBLEM_NAME_COLLISION)) != 0;
                        if (got.claim && first_load_covers(text, size, &d, serial, got.claim)) {
                                reused++;
                                export_verdict(text, size, &config, &d, serial, true, &got_reused);
                                if (got_reused.problems != want.problems || !streq_ptr(got_reused.name, want.name))
                                        fail_msg("serial %s partition %u: the first load reused gives %s/%#x, the "
                                                 "whole file %s/%#x in\n%.*s",
                                                 serial, d.partition, got_reused.name ? got_reused.name : "-",
                                                 (unsigned) got_reused.problems, want.name ? want.name : "-",
                                                 (unsigned) want.problems, (int) size, text);
                        }
                }
                bindings_done(&full);
        }
        /* Enough of each outcome for the comparison to mean something. */
        printf("verdicts: %u files accepted, %u names, %u collisions, %u with the first load reused\n", accepted,
               named, collisions, reused);
        assert_true(accepted > 300);
        assert_true(named > 200);
        assert_true(collisions > 50);
        assert_true(reused > 100);
        verdict_via_index = false;
        free(text);
        config_done(&config);
}

/* text_find() against a plain search, at every offset, near both ends of the buffer (the
 * vector loop must never read past it: run under ASan), with AVX2 and with SSE2. */
static void test_text_find(void **state) {
        (void) state;
        uint32_t seed = 99;
        for (int round = 0; round < 4000; round++) {
                text_search_no_avx2 = round % 2;
                size_t size = round % 100 == 0 ? 20000 + rnd(&seed) % 20000 : rnd(&seed) % 700;
                char *t = malloc(size + 1);
                assert_non_null(t);
                const char alphabet[] = "ab0\n";
                for (size_t i = 0; i < size; i++)
                        t[i] = alphabet[rnd(&seed) % 4];
                char needle[40];
                size_t n = 1 + rnd(&seed) % 30;
                for (size_t i = 0; i < n; i++)
                        needle[i] = alphabet[rnd(&seed) % 3];
                if (size > n && rnd(&seed) % 2)
                        memcpy(t + rnd(&seed) % (size - n), needle, n);
                size_t from = size ? rnd(&seed) % (size + 1) : 0;
                size_t want = TEXT_NOT_FOUND;
                for (size_t j = from; j + n <= size; j++)
                        if (memcmp(t + j, needle, n) == 0) {
                                want = j;
                                break;
                        }
                assert_int_equal(text_find(t, size, from, needle, n), want);
                size_t lines = 0;
                for (size_t i = from; i < size; i++)
                        lines += t[i] == '\n';
                assert_int_equal(text_count_lines(t, from, size), lines);
                free(t);
        }
        text_search_no_avx2 = false;
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_text_find),
                cmocka_unit_test(test_partial_finds_every_conflict),
                cmocka_unit_test(test_partial_verdict_equals_full),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
