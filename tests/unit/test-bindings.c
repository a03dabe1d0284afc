/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "bindings-file.h"
#include "bindings.h"
#include "macro.h"
#include "naming.h"

static void test_parse_and_roundtrip(void **state) {
        (void) state;
        const char *text = "# RAC cluster prod, shared by node1 and node2\n"
                           "asm/data01 36000c29654b6aa069e1553a3251c4f56 asm\n"
                           "\n"
                           "asm/data02\t36000c29a1b2c3d4e5f60718293a4b5c6   asm   # second disk\n"
                           "iscsi/lun01 iscsi:iqn.2024-01.com.example:storage.gfs1:1 luns\n";
        Bindings b;
        ParseError e;
        assert_int_equal(bindings_parse(text, strlen(text), &b, &e), 0);
        const BindingLine *l = bindings_find_by_name(&b, "asm/data02");
        assert_non_null(l);
        assert_string_equal(l->id, "36000c29a1b2c3d4e5f60718293a4b5c6");
        assert_string_equal(l->class, "asm");
        assert_int_equal(l->line, 4);
        l = bindings_find_by_id(&b, "iscsi:iqn.2024-01.com.example:storage.gfs1:1");
        assert_non_null(l);
        assert_string_equal(l->name, "iscsi/lun01");

        char *out;
        size_t n;
        assert_int_equal(bindings_format(&b, &out, &n), 0);
        assert_string_equal(out, text); /* comments and spacing survive a rewrite */
        free(out);

        assert_int_equal(bindings_add(&b, "asm/data03", "36000c29ffff", "asm"), 0);
        assert_int_equal(bindings_add(&b, "asm/data03", "36000c29eeee", "asm"), -EEXIST);
        assert_int_equal(bindings_add(&b, "asm/data04", "36000c29ffff", "asm"), -EEXIST);
        assert_int_equal(bindings_add(&b, "../etc", "x", "asm"), -EINVAL);
        assert_int_equal(bindings_remove(&b, "asm/data01"), 0);
        assert_int_equal(bindings_remove(&b, "asm/data01"), -ENOENT);
        assert_int_equal(bindings_format(&b, &out, &n), 0);
        assert_null(strstr(out, "asm/data01"));
        assert_non_null(strstr(out, "asm/data03 36000c29ffff asm\n"));
        assert_non_null(strstr(out, "# second disk"));
        free(out);
        bindings_done(&b);
}

/* The line of the first problem and its message; the good lines still apply. */
static void expect_problem(const char *text, size_t size, unsigned line, const char *needle) {
        Bindings b;
        ParseError e;
        assert_int_equal(bindings_parse(text, size, &b, &e), 0);
        if (b.n_problems == 0 || e.line != line || !strstr(e.message, needle))
                fail_msg("for %s: got line %u '%s', want line %u '%s'", text, e.line, e.message, line, needle);
        bindings_done(&b);
}

/* An id is data for udev rules: only what scsi_id can print, never a glob or a quote. */
static void test_ids_scsi_id_can_print(void **state) {
        (void) state;
        assert_true(binding_id_ok("36000c29654b6aa069e1553a3251c4f56"));
        assert_true(binding_id_ok("1IET_00010001"));
        assert_true(binding_id_ok("0VMware_Virtual_disk_d2"));
        assert_true(binding_id_ok("iscsi:iqn.2024-01.com.example:storage.gfs1:1"));
        assert_true(binding_id_ok("SATA_x\\x20y"));
        assert_false(binding_id_ok("36000c29*"));
        assert_false(binding_id_ok("36000c29?"));
        assert_false(binding_id_ok("3600[0-9]"));
        assert_false(binding_id_ok("36\"0,RUN+=\"x"));
        assert_false(binding_id_ok("a\\q"));
        assert_false(binding_id_ok("a\\x2"));
        assert_false(binding_id_ok("a/b"));
        Bindings b = {};
        ParseError e;
        static const char text[] = "asm/a 36000c29* asm\nasm/b 36000c29654b6aa069e1553a3251c4f56 asm\n";
        assert_int_equal(bindings_parse(text, sizeof(text) - 1, &b, &e), 0);
        assert_int_equal(b.n_problems, 1);
        assert_int_equal(b.problems[0].line, 1);
        assert_null(bindings_find_by_name(&b, "asm/a"));
        assert_non_null(bindings_find_by_name(&b, "asm/b"));
        bindings_done(&b);
}

static void test_errors(void **state) {
        (void) state;
        expect_problem("a 1 asm\nb 2\n", 12, 2, "expected 'NAME SERIAL CLASS'");
        expect_problem("a 1 asm extra\n", 14, 1, "expected");
        expect_problem("# c\n/abs 1 asm\n", 15, 2, "invalid name");
        expect_problem("a/../b 1 asm\n", 13, 1, "invalid name");
        expect_problem("a 1 asm\na 2 asm\n", 16, 1, "name 'a' is also bound on line 2");
        expect_problem("a 1 asm\nb 1 asm\n", 16, 1, "serial '1' is also bound on line 2");
        expect_problem("a 1 as/m\n", 9, 1, "invalid class");
        expect_problem("a s\x01x asm\n", 11, 1, "invalid serial");
        expect_problem("disk/by-id/x 1 asm\n", 19, 1, "namespace");
        expect_problem("sdb1 1 asm\n", 11, 1, "namespace");
        expect_problem("mapper/x 1 asm\n", 15, 1, "namespace");
}

/* Garbage, a NUL, a reserved name, an over-long line and both sides of each
 * conflict are ignored and reported with their lines; every other line still applies. */
static const char DAMAGED[] = "asm/data01 S01 asm\n"     /* 1 applies */
                              "@@@ garbage\n"            /* 2 */
                              "asm/data02 S02 asm\n"     /* 3 applies */
                              "asm/data03 S\0x3 asm\n"   /* 4 NUL */
                              "asm/data04 S04 asm\n"     /* 5 two names for S04 */
                              "asm/data05 S04 asm\n"     /* 6 */
                              "asm/data06 S06 asm\n"     /* 7 one name for two serials */
                              "asm/data06 S07 asm\n"     /* 8 */
                              "null S08 asm\n"           /* 9 reserved */
                              "asm/data10 S10 asm\n";    /* 10 applies */

static void check_damaged(const Bindings *b) {
        assert_string_equal(bindings_find_by_id(b, "S01")->name, "asm/data01");
        assert_string_equal(bindings_find_by_id(b, "S02")->name, "asm/data02");
        assert_int_equal(bindings_find_by_id(b, "S10")->line, 10);
        assert_null(bindings_find_by_id(b, "S04"));
        assert_null(bindings_find_by_name(b, "asm/data05"));
        assert_null(bindings_find_by_id(b, "S06"));
        assert_null(bindings_find_by_id(b, "S07"));
        assert_null(bindings_find_by_name(b, "asm/data06"));
        assert_null(bindings_find_by_id(b, "S08"));
        const unsigned want[] = { 2, 4, 5, 6, 7, 8, 9 };
        assert_int_equal(b->n_problems, ELEMENTSOF(want));
        for (size_t i = 0; i < ELEMENTSOF(want); i++)
                assert_int_equal(b->problems[i].line, want[i]);
        assert_non_null(strstr(b->problems[1].message, "NUL"));
        assert_non_null(strstr(b->problems[2].message, "also bound on line 6"));
        assert_non_null(strstr(b->problems[3].message, "also bound on line 5"));
        assert_non_null(strstr(b->problems[6].message, "namespace"));
}

static void test_damaged_line_costs_only_itself(void **state) {
        (void) state;
        Bindings b;
        ParseError e;
        assert_int_equal(bindings_parse(DAMAGED, sizeof(DAMAGED) - 1, &b, &e), 0);
        assert_int_equal(e.line, 2);
        check_damaged(&b);

        /* The event path: each disk sees the same verdict about its own lines. */
        const char *ids[] = { "S01", "S02", "S04", "S06", "S07", "S08", "S10", "S" };
        for (size_t i = 0; i < ELEMENTSOF(ids); i++) {
                Bindings p;
                assert_int_equal(bindings_parse_for(DAMAGED, sizeof(DAMAGED) - 1, &ids[i], 1, NULL, 0, &p), 0);
                assert_true(p.partial);
                const BindingLine *x = bindings_find_by_id(&b, ids[i]), *y = bindings_find_by_id(&p, ids[i]);
                assert_true(!x == !y);
                if (x)
                        assert_int_equal(x->line, y->line);
                bindings_done(&p);
        }
        bindings_done(&b);
        const char *s04 = "S04";
        assert_int_equal(bindings_parse_for(DAMAGED, sizeof(DAMAGED) - 1, &s04, 1, NULL, 0, &b), 0);
        assert_int_equal(b.n_problems, 2);
        assert_int_equal(b.problems[0].line, 5);
        assert_int_equal(b.problems[1].line, 6);
        char *out;
        size_t n;
        assert_int_equal(bindings_format(&b, &out, &n), -EINVAL); /* never written back */
        bindings_done(&b);
}

static void test_long_line(void **state) {
        (void) state;
        char text[BINDING_LINE_MAX + 64];
        memset(text, ' ', sizeof(text));
        memcpy(text, "a 1 asm", 7);
        text[sizeof(text) - 1] = '\n';
        Bindings b;
        ParseError e;
        assert_int_equal(bindings_parse(text, sizeof(text), &b, &e), 0);
        assert_int_equal(e.line, 1);
        assert_non_null(strstr(e.message, "longer than"));
        assert_null(bindings_find_by_id(&b, "1"));
        bindings_done(&b);
}

/* Whatever the file, the event path's answer for an id equals the whole file's. */
static void test_partial_equals_full(void **state) {
        (void) state;
        static const char *const names[] = { "asm/a", "asm/b", "asm/c", "a", "asm/a1", "#x" };
        static const char *const sers[] = { "S1", "S2", "S12", "S", "asm", "1" };
        unsigned seed = 12345;
        for (int round = 0; round < 500; round++) {
                char text[1024];
                size_t o = 0;
                int lines = 1 + (int) ((seed = seed * 1103515245 + 12345) >> 16) % 8;
                for (int i = 0; i < lines; i++) {
                        unsigned r = (seed = seed * 1103515245 + 12345) >> 8;
                        if (r % 11 == 0)
                                o += (size_t) snprintf(text + o, sizeof(text) - o, "%s junk\n", sers[r / 11 % 6]);
                        else
                                o += (size_t) snprintf(text + o, sizeof(text) - o, "%s %s asm%s\n", names[r % 6],
                                                       sers[r / 6 % 6], r % 7 == 0 ? " # S1 asm/a" : "");
                }
                Bindings full;
                ParseError e;
                assert_int_equal(bindings_parse(text, o, &full, &e), 0);
                for (size_t k = 0; k < ELEMENTSOF(sers); k++) {
                        Bindings part;
                        const char *id = sers[k];
                        assert_int_equal(bindings_parse_for(text, o, &id, 1, NULL, 0, &part), 0);
                        const BindingLine *x = bindings_find_by_id(&full, id), *y = bindings_find_by_id(&part, id);
                        if (!x != !y || (x && (x->line != y->line || strcmp(x->name, y->name) != 0)))
                                fail_msg("id %s differs in\n%s", id, text);
                        bindings_done(&part);
                }
                bindings_done(&full);
        }
}

/* Admin commands parse the whole file in linear time: 65,536 lines are routine. */
static void test_many_bindings(void **state) {
        (void) state;
        size_t n = 65536, o = 0;
        char *text = malloc(n * 64);
        assert_non_null(text);
        for (size_t i = 0; i < n; i++)
                o += (size_t) sprintf(text + o, "asm/data%05zu 36000c29%025zx asm\n", i, i);
        Bindings b;
        ParseError e;
        assert_int_equal(bindings_parse(text, o, &b, &e), 0);
        assert_int_equal(b.n_problems, 0);
        assert_string_equal(bindings_find_by_id(&b, "36000c290000000000000000000000fff")->name, "asm/data04095");
        assert_int_equal(bindings_add(&b, "asm/new", "NEW", "asm"), 0);
        assert_int_equal(bindings_add(&b, "asm/data00001", "NEW2", "asm"), -EEXIST);
        assert_int_equal(bindings_remove(&b, "asm/data00000"), 0);
        assert_string_equal(bindings_find_by_name(&b, "asm/new")->id, "NEW");
        bindings_done(&b);
        const char *id = "36000c29000000000000000000000ffff";
        assert_int_equal(bindings_parse_for(text, o, &id, 1, NULL, 0, &b), 0);
        assert_int_equal(b.n_lines, 1);
        assert_string_equal(bindings_find_by_id(&b, id)->name, "asm/data65535");
        assert_int_equal(bindings_find_by_id(&b, id)->line, 65536);
        bindings_done(&b);
        free(text);
}

/* A name may hold '#' (a comment starts only at the start of a line or after whitespace). */
static void test_hash_in_name(void **state) {
        (void) state;
        Bindings b;
        ParseError e;
        assert_int_equal(bindings_parse("", 0, &b, &e), 0);
        assert_int_equal(bindings_add(&b, "asm/disk#1", "S1", "asm"), 0);
        char *out;
        size_t n;
        assert_int_equal(bindings_format(&b, &out, &n), 0);
        bindings_done(&b);
        assert_int_equal(bindings_parse(out, n, &b, &e), 0);
        assert_string_equal(bindings_find_by_id(&b, "S1")->name, "asm/disk#1");
        free(out);
        bindings_done(&b);
}

static void test_nul_byte(void **state) {
        (void) state;
        Bindings b;
        ParseError e;
        assert_int_equal(bindings_parse("a 1 asm\n\0b 2 asm\nc 3 asm\n", 25, &b, &e), 0);
        assert_int_equal(e.line, 2);
        assert_non_null(bindings_find_by_id(&b, "1"));
        assert_null(bindings_find_by_id(&b, "2"));
        assert_non_null(bindings_find_by_id(&b, "3"));
        bindings_done(&b);
}

/* A rewrite goes through the symlink to its target and keeps mode and owner. */
static void test_save_through_symlink(void **state) {
        (void) state;
        char dir[] = "/tmp/test-bindings.XXXXXX";
        assert_non_null(mkdtemp(dir));
        char target[64], link[64], lock[128];
        snprintf(target, sizeof(target), "%s/shared-bindings", dir);
        snprintf(link, sizeof(link), "%s/bindings", dir);
        snprintf(lock, sizeof(lock), "%s.lock", target);
        FILE *f = fopen(target, "we");
        assert_non_null(f);
        fputs("asm/data01 S1 asm\n", f);
        fclose(f);
        assert_int_equal(chmod(target, 0640), 0);
        bool root = geteuid() == 0;
        if (root)
                assert_int_equal(chown(target, 4321, 4322), 0);
        assert_int_equal(symlink("shared-bindings", link), 0);

        int fd = bindings_file_lock(link);
        assert_true(fd >= 0);
        assert_int_equal(access(lock, F_OK), 0); /* the lock is the target's */
        Bindings b;
        ParseError e;
        assert_int_equal(bindings_parse("asm/data01 S1 asm\n", 18, &b, &e), 0);
        assert_int_equal(bindings_add(&b, "asm/data02", "S2", "asm"), 0);
        assert_int_equal(bindings_file_save(link, &b), 0);
        bindings_done(&b);
        close(fd);

        struct stat st;
        assert_int_equal(lstat(link, &st), 0);
        assert_true(S_ISLNK(st.st_mode));
        assert_int_equal(stat(target, &st), 0);
        assert_int_equal(st.st_mode & 07777, 0640);
        if (root) {
                assert_int_equal(st.st_uid, 4321);
                assert_int_equal(st.st_gid, 4322);
        } else
                print_message("not root: owner and group not checked\n");
        char buf[128] = "";
        f = fopen(target, "re");
        assert_non_null(f);
        size_t n = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        buf[n] = '\0';
        assert_string_equal(buf, "asm/data01 S1 asm\nasm/data02 S2 asm\n");

        /* A new file through a dangling link is created where the link points, 0644. */
        char link2[64], target2[64];
        snprintf(link2, sizeof(link2), "%s/bindings2", dir);
        snprintf(target2, sizeof(target2), "%s/new-target", dir);
        assert_int_equal(symlink("new-target", link2), 0);
        assert_int_equal(bindings_parse("", 0, &b, &e), 0);
        assert_int_equal(bindings_add(&b, "asm/data09", "S9", "asm"), 0);
        assert_int_equal(bindings_file_save(link2, &b), 0);
        bindings_done(&b);
        assert_int_equal(lstat(link2, &st), 0);
        assert_true(S_ISLNK(st.st_mode));
        assert_int_equal(stat(target2, &st), 0);
        assert_int_equal(st.st_mode & 07777, 0644);

        unlink(link);
        unlink(link2);
        unlink(target);
        unlink(target2);
        unlink(lock);
        rmdir(dir);
}

static void test_names(void **state) {
        (void) state;
        assert_int_equal(name_validate("asm/data01"), 0);
        assert_int_equal(name_validate("oracleasm/disks/DATA01"), 0);
        assert_int_equal(name_validate("gfs/mycluster/gfs2_data"), 0);
        assert_int_equal(name_validate(""), -EINVAL);
        assert_int_equal(name_validate("/asm"), -EINVAL);
        assert_int_equal(name_validate("asm/"), -EINVAL);
        assert_int_equal(name_validate("asm//x"), -EINVAL);
        assert_int_equal(name_validate("asm/../x"), -EINVAL);
        assert_int_equal(name_validate(".."), -EINVAL);
        assert_int_equal(name_validate("a b"), -EINVAL);
        assert_int_equal(name_validate("a$x"), -EINVAL);
        assert_int_equal(name_validate("a\nb"), -EINVAL);
}

static void test_patterns(void **state) {
        (void) state;
        char *s;
        assert_int_equal(name_pattern_format("asm/data%02d", 7, &s), 0);
        assert_string_equal(s, "asm/data07");
        free(s);
        assert_int_equal(name_pattern_format("d%d", 123, &s), 0);
        assert_string_equal(s, "d123");
        free(s);
        assert_int_equal(name_pattern_format("x%%y%3d", 5, &s), -EINVAL); /* '%' is not a name character */
        assert_int_equal(name_pattern_format("asm/data", 1, &s), -EINVAL);
        assert_int_equal(name_pattern_format("asm/%s", 1, &s), -EINVAL);
        assert_int_equal(name_pattern_format("a%d/b%d", 1, &s), -EINVAL);
        assert_int_equal(name_pattern_format("%123d", 1, &s), -EINVAL);
        assert_int_equal(name_pattern_format("a%d", 1, &s), 0);
        assert_string_equal(s, "a1");
        free(s);
}

static void test_allocation(void **state) {
        (void) state;
        char *s;
        const char *used[] = { "asm/data01", "asm/data02", "asm/data04" };
        assert_int_equal(name_allocate("asm/data%02d", used, 3, &s), 0);
        assert_string_equal(s, "asm/data03"); /* the lowest free index */
        free(s);
        assert_int_equal(name_allocate("asm/data%02d", NULL, 0, &s), 0);
        assert_string_equal(s, "asm/data01");
        free(s);
        const char *other[] = { "iscsi/lun01" };
        assert_int_equal(name_allocate("asm/data%02d", other, 1, &s), 0);
        assert_string_equal(s, "asm/data01");
        free(s);
}

static void test_allocation_exhausted(void **state) {
        (void) state;
        const char **used = calloc(NAME_INDEX_MAX, sizeof(char *));
        char (*names)[8] = calloc(NAME_INDEX_MAX, 8);
        for (int i = 0; i < NAME_INDEX_MAX; i++) {
                snprintf(names[i], 8, "d%d", i + 1);
                used[i] = names[i];
        }
        char *s = NULL;
        assert_int_equal(name_allocate("d%d", used, NAME_INDEX_MAX, &s), -ENOSPC);
        free(used);
        free(names);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse_and_roundtrip), cmocka_unit_test(test_ids_scsi_id_can_print), cmocka_unit_test(test_errors),
                cmocka_unit_test(test_nul_byte),           cmocka_unit_test(test_names),
                cmocka_unit_test(test_patterns),           cmocka_unit_test(test_allocation),
                cmocka_unit_test(test_allocation_exhausted), cmocka_unit_test(test_damaged_line_costs_only_itself),
                cmocka_unit_test(test_long_line),          cmocka_unit_test(test_partial_equals_full),
                cmocka_unit_test(test_many_bindings),      cmocka_unit_test(test_hash_in_name),
                cmocka_unit_test(test_save_through_symlink),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
