/* SPDX-License-Identifier: MIT */
/* The unit-name rules (unit-name.c) and the runlevel table (runlevel.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "runlevel.h"
#include "unit-name.h"

static void test_lsb_names(void **state) {
        (void) state;
        char buf[300];
        assert_true(unit_name_from_lsb("mysql", false, buf, sizeof(buf)));
        assert_string_equal(buf, "mysql.service");
        assert_true(unit_name_from_lsb("network-online.target", false, buf, sizeof(buf)));
        assert_string_equal(buf, "network-online.target");
        assert_true(unit_name_from_lsb("mysql.service", false, buf, sizeof(buf)));
        assert_string_equal(buf, "mysql.service");
        /* An instance may be depended on, never be an alias of a plain unit. */
        assert_true(unit_name_from_lsb("getty@tty1", false, buf, sizeof(buf)));
        assert_false(unit_name_from_lsb("a@b", true, buf, sizeof(buf)));
        assert_false(unit_name_from_lsb("mysql", false, buf, 8)); /* no room for the suffix */
}

static void test_valid(void **state) {
        (void) state;
        assert_true(unit_name_valid("a-b_c:d.e.service", false));
        assert_true(unit_name_valid("getty@tty1.service", false));
        assert_false(unit_name_valid("getty@tty1.service", true));
        assert_false(unit_name_valid("a@.service", false));
        assert_false(unit_name_valid("@b.service", false));
        assert_false(unit_name_valid("a@b@c.service", false));
        assert_false(unit_name_valid("foo.bar", false));
        assert_false(unit_name_valid(".service", false));
        assert_false(unit_name_valid("a b.service", false));
        assert_false(unit_name_valid("a\nb.service", false));
        assert_false(unit_name_valid("a\\x2db.service", false));
        char longname[300];
        memset(longname, 'x', 260);
        strcpy(longname + 250, ".service");
        assert_false(unit_name_valid(longname, false));
        assert_string_equal(unit_name_suffix("a.b.target"), ".target");
        assert_null(unit_name_suffix("a.sh"));
        assert_true(has_control_char("a\tb"));
        assert_true(has_control_char("a\x7f"));
        assert_false(has_control_char("/etc/init.d/x y"));
        assert_true(unit_name_part_ok("in"));
        assert_false(unit_name_part_ok(""));
        assert_false(unit_name_part_ok("bad/name"));
        assert_false(unit_name_part_ok("a\\b"));
}

static void test_script_stems(void **state) {
        (void) state;
        char buf[64];
        assert_int_equal(unit_stem_of_script("/etc/init.d/kernfs.sh", buf, sizeof(buf)), 0);
        assert_string_equal(buf, "kernfs");
        assert_int_equal(unit_stem_of_script("exampled.init", buf, sizeof(buf)), 0);
        assert_string_equal(buf, "exampled");
        assert_int_equal(unit_stem_of_script("/x/.sh", buf, sizeof(buf)), 0); /* only the suffix: kept whole */
        assert_string_equal(buf, ".sh");
        assert_int_equal(unit_stem_of_script("/x/a@b", buf, sizeof(buf)), -EINVAL);
        assert_int_equal(unit_stem_of_script("/x/a b", buf, sizeof(buf)), -EINVAL);
        assert_int_equal(unit_stem_of_script("/x/", buf, sizeof(buf)), -EINVAL);
        assert_int_equal(unit_stem_of_script("/x/abcdef", buf, 4), -ENAMETOOLONG);
        assert_true(script_makes_stem("kernfs.sh", "kernfs", 6));
        assert_true(script_makes_stem("kernfs", "kernfs", 6));
        assert_false(script_makes_stem("kernfsd", "kernfs", 6));
        assert_int_equal(unit_name_of_service("dkim", "in", buf, sizeof(buf)), 0);
        assert_string_equal(buf, "dkim-in.service");
        assert_int_equal(unit_name_of_service("dkim", NULL, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "dkim.service");
        assert_int_equal(unit_name_of_service("dkim", NULL, buf, 8), -ENAMETOOLONG);
}

static void test_runlevels(void **state) {
        (void) state;
        const char *t[RUNLEVEL_TARGETS_MAX];
        assert_int_equal(runlevel_targets(runlevel_mask("2345"), t), 2);
        assert_string_equal(t[0], "multi-user.target");
        assert_string_equal(t[1], "graphical.target");
        assert_int_equal(runlevel_targets(runlevel_mask("5S"), t), 2);
        assert_string_equal(t[0], "sysinit.target"); /* the table's order, not the input's */
        assert_int_equal(runlevel_targets(runlevel_mask("s"), t), 1);
        assert_int_equal(runlevel_targets(runlevel_mask("016-"), t), 0);
        assert_string_equal(runlevel_target('3'), "multi-user.target");
        assert_null(runlevel_target('1'));
        assert_null(runlevel_target('0'));
        assert_null(runlevel_target('6'));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_lsb_names),
                cmocka_unit_test(test_valid),
                cmocka_unit_test(test_script_stems),
                cmocka_unit_test(test_runlevels),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
