/* SPDX-License-Identifier: MIT */
/* import's parser: the rule forms Oracle and VMware ASM guides write map to exactly one
 * binding each; everything else is a problem naming its line, never a guess. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rules-import.h"

static ImportResult parse(const char *text, ImportFormat f) {
        ImportResult r;
        assert_int_equal(import_parse(text, strlen(text), f, &r), 0);
        return r;
}

static void test_guide_forms(void **state) {
        (void) state;
        const char *text =
                "# 99-oracle-asmdevices.rules\n"
                "KERNEL==\"sd?1\", SUBSYSTEM==\"block\", PROGRAM==\"/usr/lib/udev/scsi_id -g -u -d /dev/$parent\", "
                "RESULT==\"36000c29654b6aa069e1553a3251c4f56\", SYMLINK+=\"oracleasm/asm-disk1\", OWNER=\"grid\", "
                "GROUP=\"asmadmin\", MODE=\"0660\"\n"
                "\n"
                "KERNEL==\"sd*\", ENV{DEVTYPE}==\"disk\", \\\n"
                "  ENV{ID_SERIAL}==\"36000c29a1b2c3d4e5f60718293a4b5c6\", \\\n"
                "  NAME=\"asm-disk2\"\n"
                "ACTION==\"add|change\", ENV{DM_UUID}==\"mpath-3600a098038303053453f463045727a6f\", "
                "SYMLINK+=\"oracleasm/asm-disk3\", OWNER=\"grid\"\n"
                "KERNEL==\"sdb\", BUS==\"scsi\", PROGRAM=\"/sbin/scsi_id -g -u -s %p\", RESULT==\"SATA_disk4\", NAME=\"asm/d4\"\n"
                "LABEL=\"end\"\n";
        ImportResult r = parse(text, IMPORT_UDEV_RULES);
        assert_int_equal(r.n_problems, 0);
        assert_int_equal(r.n_entries, 4);
        assert_string_equal(r.entries[0].name, "oracleasm/asm-disk1");
        assert_string_equal(r.entries[0].id, "36000c29654b6aa069e1553a3251c4f56");
        assert_int_equal(r.entries[0].partition, 1);
        assert_int_equal(r.entries[0].line, 2);
        assert_string_equal(r.entries[0].owner, "grid");
        assert_string_equal(r.entries[0].group, "asmadmin");
        assert_true(r.entries[0].has_mode);
        assert_int_equal(r.entries[0].mode, 0660);
        assert_string_equal(r.entries[1].name, "asm-disk2");
        assert_string_equal(r.entries[1].id, "36000c29a1b2c3d4e5f60718293a4b5c6");
        assert_int_equal(r.entries[1].partition, 0);
        assert_int_equal(r.entries[1].line, 4);
        assert_null(r.entries[1].owner);
        assert_false(r.entries[1].has_mode);
        assert_string_equal(r.entries[2].id, "3600a098038303053453f463045727a6f");
        assert_int_equal(r.entries[2].line, 7);
        assert_string_equal(r.entries[3].id, "SATA_disk4");
        assert_int_equal(r.entries[3].partition, 0);
        import_result_done(&r);
}

/* Each of these names a disk, but no binding gives exactly what it did. */
static void test_refused(void **state) {
        (void) state;
        static const struct {
                const char *rule;
                const char *why;
        } cases[] = {
                { "KERNEL==\"sd?1\", PROGRAM==\"scsi_id -g -u -d /dev/$parent\", RESULT==\"36000c29*\", SYMLINK+=\"a/b\"", "glob" },
                { "KERNEL==\"sd?1\", PROGRAM==\"/bin/myid\", RESULT==\"36000c29a\", SYMLINK+=\"a/b\"", "not scsi_id" },
                { "ENV{ID_SERIAL}==\"36000c29a\", SYMLINK+=\"asm/%k\"", "substitution" },
                { "ENV{ID_SERIAL}==\"36000c29a\", SYMLINK+=\"a b\"", "several links" },
                { "ENV{ID_SERIAL}==\"36000c29a\", SYMLINK+=\"disk/by-id/x\"", "namespace" },
                { "ENV{ID_SERIAL}==\"36000c29a\", SYMLINK+=\"asm/x\", RUN+=\"/bin/chown grid /dev/$name\"", "RUN" },
                { "ENV{ID_SERIAL}==\"36000c29a\", OWNER=\"grid\"", "no SYMLINK" },
                { "KERNEL==\"sdb1\", SYMLINK+=\"asm/x\"", "kernel name" },
                { "KERNEL==\"sdb1\", OWNER=\"grid\", MODE=\"0660\"", "kernel name" },
                { "KERNEL==\"sdb1\", RUN+=\"/bin/sh -c 'mknod /dev/asmdisk1 b $major $minor'\"", "RUN" },
                { "ENV{ID_SERIAL}==\"3600\\x22\", SYMLINK+=\"asm/x\"", "escape" },
                { "ENV{ID_SERIAL}==\"36000c29a\" SYMLINK+=\"asm/x", "unterminated" },
                { "ENV{ID_SERIAL_SHORT}==\"6000c29a\", SYMLINK+=\"asm/x\"", "ID_SERIAL_SHORT" },
                { "ENV{DM_UUID}==\"LVM-abc\", SYMLINK+=\"asm/x\"", "mpath" },
                { "ENV{DEVTYPE}==\"partition\", ENV{ID_SERIAL}==\"36000c29a\", SYMLINK+=\"asm/x\"", "which one" },
                { "KERNEL==\"sd?1\", ENV{DEVTYPE}==\"disk\", ENV{ID_SERIAL}==\"36000c29a\", SYMLINK+=\"asm/x\"", "DEVTYPE" },
                { "ENV{ID_SERIAL}==\"36000c29a\", ENV{ID_SERIAL}==\"36000c29b\", SYMLINK+=\"asm/x\"", "twice" },
                { "PROGRAM==\"scsi_id -g -u -d $devnode\", RESULT==\"3a\", ENV{ID_SERIAL}==\"3b\", SYMLINK+=\"x/y\"", "two different" },
                { "ENV{ID_SERIAL}==\"36000c29a\", SYMLINK+=\"asm/x\", MODE=\"rw\"", "octal" },
                { "ENV{ID_SERIAL}==\"36000c29a\", SYMLINK+=\"asm/x\", SYMLINK+=\"asm/y\"", "more than one" },
                { "KERNEL==\"loop1\", ENV{ID_SERIAL}==\"36000c29a\", SYMLINK+=\"asm/x\"", "disk or partition" },
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                char text[512];
                snprintf(text, sizeof(text), "# header\n%s\n", cases[i].rule);
                ImportResult r = parse(text, IMPORT_UDEV_RULES);
                if (r.n_entries != 0 || r.n_problems != 1 || !strstr(r.problems[0].message, cases[i].why))
                        fail_msg("case %zu (%s): %zu entries, %zu problems, first: %s", i, cases[i].rule, r.n_entries,
                                 r.n_problems, r.n_problems ? r.problems[0].message : "-");
                assert_int_equal(r.problems[0].line, 2);
                import_result_done(&r);
        }
}

static void test_multipath_bindings(void **state) {
        (void) state;
        const char *text = "# Multipath bindings, Version : 1.0\n"
                           "# NOTE: this file is automatically maintained by the multipath program.\n"
                           "mpatha 3600a098038303053453f463045727a6f\n"
                           "asm_data02\t3600a098038303053453f463045727a70\n"
                           "mpathc\n"
                           "mapper/x 3600a0980383030534\n"
                           "mpathd 3600a*\n";
        ImportResult r = parse(text, IMPORT_MULTIPATH_BINDINGS);
        assert_int_equal(r.n_entries, 2);
        assert_string_equal(r.entries[0].name, "mpatha");
        assert_string_equal(r.entries[0].id, "3600a098038303053453f463045727a6f");
        assert_int_equal(r.entries[1].line, 4);
        assert_int_equal(r.n_problems, 3);
        assert_int_equal(r.problems[0].line, 5);
        assert_int_equal(r.problems[1].line, 6);
        assert_int_equal(r.problems[2].line, 7);
        import_result_done(&r);
}

static void test_bounds(void **state) {
        (void) state;
        ImportResult r;
        assert_int_equal(import_parse("", IMPORT_MAX_SIZE + 1, IMPORT_UDEV_RULES, &r), -EFBIG);
        /* A line past IMPORT_LINE_MAX, continued many times: one problem, nothing read in part. */
        size_t n = 3 * IMPORT_LINE_MAX;
        char *text = malloc(n + 64);
        assert_non_null(text);
        size_t k = 0;
        while (k < n) {
                memcpy(text + k, "KERNEL==\"sd*\", \\\n", 17);
                k += 17;
        }
        k += (size_t) sprintf(text + k, "ENV{ID_SERIAL}==\"3a\", SYMLINK+=\"a/b\"\n");
        r = parse(text, IMPORT_UDEV_RULES);
        assert_int_equal(r.n_entries, 0);
        assert_int_equal(r.n_problems, 1);
        assert_int_equal(r.problems[0].line, 1);
        import_result_done(&r);
        /* A NUL inside a line refuses that line only. */
        static const char nul[] = "ENV{ID_SERIAL}==\"3a\0\", SYMLINK+=\"a/b\"\nENV{ID_SERIAL}==\"3b\", SYMLINK+=\"a/c\"\n";
        assert_int_equal(import_parse(nul, sizeof(nul) - 1, IMPORT_UDEV_RULES, &r), 0);
        assert_int_equal(r.n_problems, 1);
        assert_int_equal(r.n_entries, 1);
        assert_string_equal(r.entries[0].name, "a/c");
        import_result_done(&r);
        free(text);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_guide_forms),
                cmocka_unit_test(test_refused),
                cmocka_unit_test(test_multipath_bindings),
                cmocka_unit_test(test_bounds),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
