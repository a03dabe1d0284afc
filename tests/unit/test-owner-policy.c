/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "owner-policy.h"

/* grid 54331 and asmadmin 54329 as Oracle installs them; disk is 6 on Debian. */
static void test_system_accounts_always_accepted(void **state) {
        (void) state;
        for (unsigned v = 240; v < 300; v++) {
                assert_int_equal(udev_owner_policy(v, 6), OWNER_ACCEPTED);
                assert_int_equal(udev_owner_policy(v, UDEV_SYSTEM_ID_MAX), OWNER_ACCEPTED);
        }
}

static void test_non_system_by_release(void **state) {
        (void) state;
        assert_int_equal(udev_owner_policy(252, 54331), OWNER_ACCEPTED);
        assert_int_equal(udev_owner_policy(257, 54331), OWNER_ACCEPTED);
        assert_int_equal(udev_owner_policy(258, 54331), OWNER_REFUSED);
        assert_int_equal(udev_owner_policy(259, UDEV_SYSTEM_ID_MAX + 1), OWNER_REFUSED);
        assert_int_equal(udev_owner_policy(260, 54329), OWNER_DEPRECATED);
        assert_int_equal(udev_owner_policy(262, 54331), OWNER_DEPRECATED);
}

static void test_parse_version(void **state) {
        (void) state;
        unsigned v = 0;
        assert_int_equal(parse_udev_version("262\n", 4, &v), 0);
        assert_int_equal(v, 262);
        assert_int_equal(parse_udev_version("257.13-1~deb13u1", 16, &v), 0);
        assert_int_equal(v, 257);
        /* Bounded by size, not by a terminator. */
        assert_int_equal(parse_udev_version("2529", 3, &v), 0);
        assert_int_equal(v, 252);
        assert_int_equal(parse_udev_version("", 0, &v), -EINVAL);
        assert_int_equal(parse_udev_version("systemd 252", 11, &v), -EINVAL);
        assert_int_equal(parse_udev_version("999999999", 9, &v), -EINVAL);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_system_accounts_always_accepted),
                cmocka_unit_test(test_non_system_by_release),
                cmocka_unit_test(test_parse_version),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
