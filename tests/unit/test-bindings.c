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

#include "bindings.h"
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
        bindings_free(&b);
}

static void expect_error(const char *text, unsigned line, const char *needle) {
        Bindings b;
        ParseError e;
        assert_int_equal(bindings_parse(text, strlen(text), &b, &e), -EINVAL);
        if (e.line != line || !strstr(e.message, needle))
                fail_msg("for %s: got line %u '%s', want line %u '%s'", text, e.line, e.message, line, needle);
}

static void test_errors(void **state) {
        (void) state;
        expect_error("a 1 asm\nb 2\n", 2, "expected 'NAME SERIAL CLASS'");
        expect_error("a 1 asm extra\n", 1, "expected");
        expect_error("# c\n/abs 1 asm\n", 2, "invalid name");
        expect_error("a/../b 1 asm\n", 1, "invalid name");
        expect_error("a 1 asm\na 2 asm\n", 2, "already bound on line 1");
        expect_error("a 1 asm\nb 1 asm\n", 2, "serial '1' is already bound on line 1");
        expect_error("a 1 as/m\n", 1, "invalid class");
        expect_error("a s\x01x asm\n", 1, "invalid serial");
}

static void test_nul_byte(void **state) {
        (void) state;
        Bindings b;
        ParseError e;
        assert_int_equal(bindings_parse("a 1 asm\n\0b 2 asm\n", 17, &b, &e), -EINVAL);
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
        assert_int_equal(name_pattern_validate("asm/data"), -EINVAL);
        assert_int_equal(name_pattern_validate("asm/%s"), -EINVAL);
        assert_int_equal(name_pattern_validate("a%d/b%d"), -EINVAL);
        assert_int_equal(name_pattern_validate("%123d"), -EINVAL);
        assert_int_equal(name_pattern_validate("a%d"), 0);
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
                cmocka_unit_test(test_parse_and_roundtrip), cmocka_unit_test(test_errors),
                cmocka_unit_test(test_nul_byte),           cmocka_unit_test(test_names),
                cmocka_unit_test(test_patterns),           cmocka_unit_test(test_allocation),
                cmocka_unit_test(test_allocation_exhausted),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
