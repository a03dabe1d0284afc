/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "size.h"

static const char ASM_EXAMPLE[] = "[asm]\n"
                                    "match-vendor = VMware\n"
                                    "match-model = Virtual disk\n"
                                    "min-size = 1G\n"
                                    "name = asm/data%02d\n"
                                    "owner = grid\n"
                                    "group = asmadmin\n"
                                    "mode = 0660\n"
                                    "partition = 1\n";

static void test_asm_example(void **state) {
        (void) state;
        Config c;
        ParseError e;
        assert_int_equal(config_parse(ASM_EXAMPLE, &c, &e), 0);
        assert_int_equal(c.n_classes, 1);
        const DiskClass *k = config_find_class(&c, "asm");
        assert_non_null(k);
        assert_string_equal(k->match_vendor, "VMware");
        assert_string_equal(k->match_model, "Virtual disk");
        assert_int_equal(k->min_size, 1024ULL * 1024 * 1024);
        assert_string_equal(k->name_pattern, "asm/data%02d");
        assert_string_equal(k->owner, "grid");
        assert_string_equal(k->group, "asmadmin");
        assert_int_equal(k->mode, 0660);
        assert_int_equal(k->partition, 1);
        assert_int_equal(k->line, 1);
        config_done(&c);
}

static void test_label_classes(void **state) {
        (void) state;
        const char *text = "# ASMLib and GFS2\n"
                           "[asmlib]\nmatch-fs-type = oracleasm\nname-from = label\nprefix = oracleasm/disks\n"
                           "owner = grid\ngroup = asmadmin\nmode = 0660\n\n"
                           "[gfs]\nmatch-fs-type = gfs2\nname-from = label\nprefix = gfs\n"
                           "[luns]\nmatch-vendor = IET\nidentify-by = iscsi\nname = iscsi/lun%02d\n";
        Config c;
        ParseError e;
        assert_int_equal(config_parse(text, &c, &e), 0);
        assert_int_equal(c.n_classes, 3);
        assert_int_equal(c.classes[0].name_from, NAME_FROM_LABEL);
        assert_string_equal(c.classes[1].prefix, "gfs");
        assert_int_equal(c.classes[1].line, 10);
        assert_int_equal(c.classes[2].identify_by, IDENTIFY_BY_ISCSI);
        config_done(&c);
}

/* Each broken file gives the line of the problem and a message naming it. */
static void expect_error(const char *text, unsigned line, const char *needle) {
        Config c;
        ParseError e;
        if (config_parse(text, &c, &e) != -EINVAL)
                fail_msg("accepted: %s", text);
        if (e.line != line || !strstr(e.message, needle))
                fail_msg("for %s: got line %u '%s', want line %u '%s'", text, e.line, e.message, line, needle);
}

static void test_errors_with_lines(void **state) {
        (void) state;
        expect_error("[asm]\nmatch-vendor = VMware\nname = asm/d%02d\nbogus = 1\n", 4, "unknown key 'bogus'");
        expect_error("match-vendor = VMware\n", 1, "outside of any");
        expect_error("[asm]\nmatch-vendor = VMware\nname = asm/data\n", 3, "needs exactly one %d");
        expect_error("[asm]\nmatch-vendor = VMware\nname = ../x%d\n", 3, "invalid name pattern");
        expect_error("[asm]\nmatch-vendor = VMware\nname = a%d%d\n", 3, "invalid name pattern");
        expect_error("[asm]\nmatch-vendor = VMware\nname = a%d\nmode = 999\n", 4, "invalid mode");
        expect_error("[asm]\nmatch-vendor = VMware\nname = a%d\nmode = 0660x\n", 4, "invalid mode");
        expect_error("[asm]\nmatch-vendor = VMware\nname = a%d\nowner = gr id\n", 4, "invalid user");
        expect_error("[asm]\nmatch-vendor = VMware\nname = a%d\ngroup = -x\n", 4, "invalid group");
        expect_error("[asm]\nmatch-vendor = VMware\nname = a%d\nmin-size = 1Q\n", 4, "invalid size");
        expect_error("[asm]\nmatch-vendor = VMware\nname = a%d\npartition = 0\n", 4, "invalid partition");
        expect_error("[asm]\nmatch-vendor = VMware\nmatch-vendor = X\nname = a%d\n", 3, "set twice in [asm] (first on line 2)");
        expect_error("[asm]\nmatch-vendor = VMware\nname = a%d\n[b]\nmatch-host=x\n", 5, "invalid SCSI host");
        expect_error("[asm]\nmatch-vendor = VMware\nname = a%d\n\n[asm]\nmode = 0600\n", 5, "defined twice (first on line 1)");
        expect_error("[asm\nmatch-vendor = VMware\n", 1, "syntax error");
        expect_error("[asm]\njunk line\n", 2, "syntax error");
        /* Semantic errors point at the section header. */
        expect_error("\n\n[asm]\nmatch-vendor = VMware\n", 3, "missing name");
        expect_error("[all]\nname = a%d\n", 1, "no match-* key");
        expect_error("[x]\nmatch-vendor=V\nname=a%d\nmin-size=2G\nmax-size=1G\n", 1, "min-size is larger");
        expect_error("[x]\nmatch-fs-type=gfs2\nname-from=label\n", 1, "needs prefix");
        expect_error("[x]\nmatch-vendor=V\nname-from=label\nprefix=p\n", 1, "needs match-fs-type");
        expect_error("[x]\nmatch-vendor=V\nname-from=sideways\n", 3, "invalid name-from");
        expect_error("[x y]\nmatch-vendor=V\nname=a%d\n", 1, "invalid class name");
}

static const char BASE[] = "[asm]\nmatch-vendor = VMware\nname = asm/data%02d\n";

/* Every repeated key is an error naming its line, whichever key it is. */
static void test_repeated_keys(void **state) {
        (void) state;
        static const char *const keys[][2] = {
                { "match-model", "Virtual disk" }, { "match-fs-type", "gfs2" }, { "match-host", "3" },
                { "min-size", "1G" },              { "max-size", "2T" },       { "mode", "0660" },
                { "partition", "1" },              { "identify-by", "serial" }, { "name-from", "binding" },
                { "owner", "grid" },               { "group", "asmadmin" },    { "match-vendor", "X" },
                { "name", "asm/x%d" },
        };
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
                char text[512];
                snprintf(text, sizeof(text), "%s%s = %s\n# between\n%s = %s\n", BASE, keys[i][0], keys[i][1],
                         keys[i][0], keys[i][1]);
                char want[64];
                snprintf(want, sizeof(want), "'%s' is set twice in [asm]", keys[i][0]);
                bool first_in_base = strcmp(keys[i][0], "match-vendor") == 0 || strcmp(keys[i][0], "name") == 0;
                expect_error(text, first_in_base ? 4 : 6, want);
        }
}

/* An indented line is not a continuation of the previous value: it is an error. */
static void test_no_continuation(void **state) {
        (void) state;
        expect_error("[asm]\nmatch-vendor = VMware\nname = asm/d%02d\nmode = 0660\n    0666\n", 5, "indented line");
        expect_error("[asm]\nmatch-model = Virtual\n\tdisk\nmatch-vendor = V\nname = a%d\n", 3, "indented line");
        expect_error("[asm]\n  match-vendor = VMware\nname = a%d\n", 2, "indented line");
        /* an indented comment is still a comment */
        Config c;
        ParseError e;
        assert_int_equal(config_parse("[asm]\nmatch-vendor = VMware\n   # note\nname = a%d\n", &c, &e), 0);
        config_done(&c);
}

/* One comment rule for every line: '#' or ';' at the start or after whitespace. */
static void test_comment_rule(void **state) {
        (void) state;
        Config c;
        ParseError e;
        assert_int_equal(config_parse("[asm]   # the shared disks\n"
                                      "match-vendor = VMware ; vendor\n"
                                      "match-model = Virtual disk # VMDK\n"
                                      "name = asm/data#%02d\t# '#' inside a name stays\n"
                                      "mode = 0660# not a comment\n",
                                      &c, &e),
                         -EINVAL);
        assert_int_equal(e.line, 5);
        assert_non_null(strstr(e.message, "invalid mode"));
        assert_int_equal(config_parse("[asm]   # the shared disks\n"
                                      "match-vendor = VMware ; vendor\n"
                                      "match-model = Virtual disk # VMDK\n"
                                      "name = asm/data#%02d\t# '#' inside a name stays\n"
                                      "mode = 0660 # comment\n",
                                      &c, &e),
                         0);
        const DiskClass *k = config_find_class(&c, "asm");
        assert_string_equal(k->match_vendor, "VMware");
        assert_string_equal(k->match_model, "Virtual disk");
        assert_string_equal(k->name_pattern, "asm/data#%02d");
        assert_int_equal(k->mode, 0660);
        config_done(&c);
        expect_error("[asm]# no space\nmatch-vendor = V\nname = a%d\n", 1, "syntax error");
        expect_error("[asm] trailing\nmatch-vendor = V\nname = a%d\n", 1, "syntax error");
        expect_error("[asm]\nmatch-vendor = # only a comment\nname = a%d\n", 2, "empty value");
}

/* A line longer than the limit is refused, not read as two. */
static void test_long_line(void **state) {
        (void) state;
        char text[512];
        snprintf(text, sizeof(text), "[asm]\nmatch-vendor = V\nname = a%%d\nmatch-model = %0*d\n", CONFIG_LINE_MAX, 7);
        expect_error(text, 4, "longer than");
}

/* A class name is whole up to its limit of 64 (the bindings' CLASS column allows as much),
 * and two names differing only after the 49th character are two classes. */
static void test_long_class_names(void **state) {
        (void) state;
        char a[65], b[65], text[512];
        memset(a, 'a', 64);
        a[64] = '\0';
        memcpy(b, a, sizeof(b));
        b[63] = 'b';
        snprintf(text, sizeof(text), "[%s]\nmatch-vendor = V\nname = a%%d\n[%s]\nmatch-vendor = W\nname = b%%d\n", a, b);
        Config c;
        ParseError e;
        assert_int_equal(config_parse(text, &c, &e), 0);
        assert_int_equal(c.n_classes, 2);
        assert_string_equal(c.classes[0].name, a);
        assert_string_equal(c.classes[1].name, b);
        assert_ptr_equal(config_find_class(&c, b), &c.classes[1]);
        config_done(&c);
}

/* Names and prefixes never enter udev's or the kernel's namespaces. */
static void test_reserved_names(void **state) {
        (void) state;
        expect_error("[asm]\nmatch-vendor = V\nname = disk/by-id/x%d\n", 3, "namespace");
        expect_error("[asm]\nmatch-vendor = V\nname = sda%d\n", 3, "namespace");
        expect_error("[asm]\nmatch-vendor = V\nname = mapper/asm%d\n", 3, "namespace");
        expect_error("[asm]\nmatch-vendor = V\nname = dm-%d\n", 3, "namespace");
        expect_error("[l]\nmatch-fs-type = gfs2\nname-from = label\nprefix = block\n", 4, "namespace");
        expect_error("[l]\nmatch-fs-type = gfs2\nname-from = label\nprefix = bsg/x\n", 4, "namespace");
        Config c;
        ParseError e;
        assert_int_equal(config_parse("[asm]\nmatch-vendor = V\nname = asm/sda%d\n", &c, &e), 0);
        config_done(&c);
}

/* The lines of owner and group, for "user does not exist" reported after parsing. */
static void test_account_lines(void **state) {
        (void) state;
        Config c;
        ParseError e;
        assert_int_equal(config_parse(ASM_EXAMPLE, &c, &e), 0);
        assert_int_equal(c.classes[0].owner_line, 6);
        assert_int_equal(c.classes[0].group_line, 7);
        config_done(&c);
}

static void test_duplicate_section(void **state) {
        (void) state;
        Config c;
        ParseError e;
        assert_int_equal(config_parse("[asm]\nmatch-vendor = V\nname = a%d\n[b]\nmatch-vendor=W\nname=b%d\n"
                                      "[asm]\nmode = 0600\n",
                                      &c, &e),
                         -EINVAL);
        assert_int_equal(e.line, 7);
        assert_non_null(strstr(e.message, "defined twice"));
}

static void test_empty_config(void **state) {
        (void) state;
        Config c;
        ParseError e;
        assert_int_equal(config_parse("", &c, &e), 0);
        assert_int_equal(c.n_classes, 0);
        assert_int_equal(config_parse("# nothing\n; nothing\n", &c, &e), 0);
        assert_int_equal(c.n_classes, 0);
}

static void test_sizes(void **state) {
        (void) state;
        uint64_t v;
        assert_int_equal(parse_size("512", &v), 0);
        assert_int_equal(v, 512);
        assert_int_equal(parse_size("1K", &v), 0);
        assert_int_equal(v, 1024);
        assert_int_equal(parse_size("100M", &v), 0);
        assert_int_equal(v, 100ULL << 20);
        assert_int_equal(parse_size("2TiB", &v), 0);
        assert_int_equal(v, 2ULL << 40);
        assert_int_equal(parse_size("1g", &v), 0);
        assert_int_equal(v, 1ULL << 30);
        assert_int_equal(parse_size("", &v), -EINVAL);
        assert_int_equal(parse_size("G", &v), -EINVAL);
        assert_int_equal(parse_size("1.5G", &v), -EINVAL);
        assert_int_equal(parse_size("-1", &v), -EINVAL);
        assert_int_equal(parse_size("99999999999999999999", &v), -ERANGE);
        assert_int_equal(parse_size("20000000P", &v), -ERANGE);
        char buf[16];
        format_size(20ULL << 30, buf, sizeof(buf));
        assert_string_equal(buf, "20.0G");
        format_size(100, buf, sizeof(buf));
        assert_string_equal(buf, "100B");
}

static void test_account_names(void **state) {
        (void) state;
        assert_true(config_account_name_ok("grid"));
        assert_true(config_account_name_ok("oracle_1"));
        assert_true(config_account_name_ok("svc-asm"));
        assert_true(config_account_name_ok("machine$"));
        assert_false(config_account_name_ok(""));
        assert_false(config_account_name_ok("a b"));
        assert_false(config_account_name_ok("-x"));
        assert_false(config_account_name_ok("a\"b"));
        assert_false(config_account_name_ok("$"));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_asm_example), cmocka_unit_test(test_label_classes),
                cmocka_unit_test(test_errors_with_lines), cmocka_unit_test(test_duplicate_section),
                cmocka_unit_test(test_empty_config), cmocka_unit_test(test_sizes),
                cmocka_unit_test(test_account_names), cmocka_unit_test(test_repeated_keys),
                cmocka_unit_test(test_no_continuation), cmocka_unit_test(test_comment_rule),
                cmocka_unit_test(test_long_line), cmocka_unit_test(test_long_class_names), cmocka_unit_test(test_reserved_names),
                cmocka_unit_test(test_account_lines),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
