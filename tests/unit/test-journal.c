/* SPDX-License-Identifier: MIT */
/* The journal's native protocol as udev-helper speaks it without libsystemd. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "journal.h"

static void test_plain_fields(void **state) {
        (void) state;
        const JournalField f[] = { { "MESSAGE", "/dev/sdd: no unique id" }, { "PRIORITY", "4" }, { "UH_SERIAL", "" } };
        char buf[256];
        ssize_t n = journal_encode(f, 3, buf, sizeof(buf));
        const char *want = "MESSAGE=/dev/sdd: no unique id\nPRIORITY=4\nUH_SERIAL=\n";
        assert_int_equal(n, strlen(want));
        assert_memory_equal(buf, want, n);
}

static void test_value_with_newline_is_length_prefixed(void **state) {
        (void) state;
        /* A detail or a file name can hold a newline: the plain form would cut the field and
         * make the rest a field of its own. */
        const JournalField f[] = { { "UH_FILE", "/etc/a\nUH_PROBLEM=x" }, { "PRIORITY", "3" } };
        char buf[256];
        ssize_t n = journal_encode(f, 2, buf, sizeof(buf));
        const char v[] = "/etc/a\nUH_PROBLEM=x";
        size_t vlen = sizeof(v) - 1;
        assert_int_equal(n, strlen("UH_FILE\n") + 8 + vlen + 1 + strlen("PRIORITY=3\n"));
        assert_memory_equal(buf, "UH_FILE\n", 8);
        uint64_t len = 0;
        for (int b = 7; b >= 0; b--)
                len = len << 8 | (uint8_t) buf[8 + b];
        assert_int_equal(len, vlen);
        assert_memory_equal(buf + 16, v, vlen);
        assert_memory_equal(buf + 16 + vlen, "\nPRIORITY=3\n", 12);
}

static void test_short_buffer_reports_size(void **state) {
        (void) state;
        const JournalField f[] = { { "MESSAGE", "0123456789" } };
        char small[4], big[64];
        ssize_t need = journal_encode(f, 1, small, sizeof(small));
        assert_int_equal(need, strlen("MESSAGE=0123456789\n"));
        assert_int_equal(journal_encode(f, 1, big, sizeof(big)), need);
        assert_int_equal(journal_encode(f, 1, NULL, 0), need);
}

static void test_invalid_names(void **state) {
        (void) state;
        char buf[64];
        const char *bad[] = { "", "_PID", "lower", "HAS-DASH", "HAS=EQ", "1DIGIT" };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                const JournalField f[] = { { bad[i], "v" } };
                assert_int_equal(journal_encode(f, 1, buf, sizeof(buf)), -EINVAL);
        }
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_plain_fields),
                cmocka_unit_test(test_value_with_newline_is_length_prefixed),
                cmocka_unit_test(test_short_buffer_reports_size),
                cmocka_unit_test(test_invalid_names),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
