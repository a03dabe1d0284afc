/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "headers.h"
#include "text.h"

static void test_chkconfig(void **state) {
        (void) state;
        const char *text = "#!/bin/sh\n"
                           "# chkconfig: 2345 55 25\n"
                           "# description: first part \\\n"
                           "#              second part\n"
                           "# processname: tgtd\n"
                           "# pidfile: /var/run/tgtd.pid\n"
                           "# config: /etc/tgt/targets.conf\n"
                           "# config: /etc/tgt/other.conf\n";
        ScriptHeaders h;
        Diags d = {};
        assert_int_equal(headers_parse(text, &h, &d), 0);
        assert_string_equal(h.chkconfig_runlevels.value, "2345");
        assert_int_equal(h.chkconfig_runlevels.line, 2);
        assert_string_equal(h.description.value, "first part second part");
        assert_int_equal(h.description.line, 3);
        assert_string_equal(h.processname.value, "tgtd");
        assert_string_equal(h.pidfile.value, "/var/run/tgtd.pid");
        assert_string_equal(h.config.value, "/etc/tgt/targets.conf");
        assert_false(h.has_lsb);
        headers_free(&h);
        diags_free(&d);
}

static void test_chkconfig_dash_and_malformed(void **state) {
        (void) state;
        ScriptHeaders h;
        Diags d = {};
        assert_int_equal(headers_parse("# chkconfig: - 59 85\n", &h, &d), 0);
        assert_string_equal(h.chkconfig_runlevels.value, "-");
        headers_free(&h);
        assert_int_equal(headers_parse("# chkconfig: 2345\n# chkconfig: 2x45 1 1\n", &h, &d), 0);
        assert_null(h.chkconfig_runlevels.value);
        assert_int_equal(d.n, 2);
        assert_int_equal(d.n_errors, 0);
        headers_free(&h);
        diags_free(&d);
}

static void test_lsb(void **state) {
        (void) state;
        const char *text = "#!/bin/sh\n"
                           "### BEGIN INIT INFO\n"
                           "# Provides:          webcached web-cache\n"
                           "# Required-Start:    $remote_fs $syslog\n"
                           "# Required-Stop:     $remote_fs\n"
                           "# Should-Start:      postfix\n"
                           "# Should-Stop:       postfix\n"
                           "# X-Start-Before:    apache2\n"
                           "# Default-Start:     2 3 4 5\n"
                           "# Default-Stop:      0 1 6\n"
                           "# Short-Description: Web cache\n"
                           "# Description:       first line\n"
                           "#                    second line\n"
                           "#\tthird line\n"
                           "# X-Interactive:     true\n"
                           "### END INIT INFO\n";
        ScriptHeaders h;
        Diags d = {};
        assert_int_equal(headers_parse(text, &h, &d), 0);
        assert_true(h.has_lsb);
        assert_int_equal(h.provides.n, 2);
        assert_string_equal(h.provides.items[1], "web-cache");
        assert_int_equal(h.required_start.n, 2);
        assert_string_equal(h.required_start.items[0], "$remote_fs");
        assert_int_equal(h.required_start.line, 4);
        assert_string_equal(h.should_start.items[0], "postfix");
        assert_string_equal(h.x_start_before.items[0], "apache2");
        assert_int_equal(h.default_start.n, 4);
        assert_string_equal(h.short_description.value, "Web cache");
        assert_string_equal(h.lsb_description.value, "first line second line third line");
        assert_int_equal(d.n, 0);
        headers_free(&h);
        diags_free(&d);
}

static void test_lsb_unterminated_and_empty(void **state) {
        (void) state;
        ScriptHeaders h;
        Diags d = {};
        assert_int_equal(headers_parse("### BEGIN INIT INFO\n# Provides: x\n# Default-Start:\n", &h, &d), 0);
        assert_true(h.default_start.present);
        assert_int_equal(h.default_start.n, 0);
        assert_int_equal(d.n, 1);
        assert_non_null(strstr(d.items[0].message, "END INIT INFO"));
        headers_free(&h);
        diags_free(&d);
}

/* A header value never carries a control character, however it was written. */
static void test_control_characters(void **state) {
        (void) state;
        ScriptHeaders h;
        Diags d = {};
        assert_int_equal(headers_parse("# description: a\tb\x01" "c\x7f \n", &h, &d), 0);
        assert_string_equal(h.description.value, "a b c");
        headers_free(&h);
        diags_free(&d);
}

static void test_long_value_cut(void **state) {
        (void) state;
        size_t n = 1024 * 1024;
        char *text = malloc(n + 64);
        strcpy(text, "# description: ");
        memset(text + strlen(text), 'x', n);
        text[15 + n] = '\n';
        text[16 + n] = '\0';
        ScriptHeaders h;
        Diags d = {};
        assert_int_equal(headers_parse(text, &h, &d), 0);
        assert_int_equal(strlen(h.description.value), HEADER_VALUE_MAX);
        assert_int_equal(d.n, 1);
        headers_free(&h);
        diags_free(&d);
        free(text);
}

static void test_text_normalize(void **state) {
        (void) state;
        char *out;
        Diags d = {};
        assert_int_equal(text_normalize("a\r\nb\rc\n", 7, &out, &d), 0);
        assert_string_equal(out, "a\nb\nc\n");
        free(out);
        assert_int_equal(text_normalize("a\nb\0c", 5, &out, &d), -EINVAL);
        assert_int_equal(d.n_errors, 1);
        assert_int_equal(d.items[0].line, 2);
        assert_non_null(strstr(d.items[0].message, "NUL byte"));
        diags_free(&d);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_chkconfig),          cmocka_unit_test(test_chkconfig_dash_and_malformed),
                cmocka_unit_test(test_lsb),                cmocka_unit_test(test_lsb_unterminated_and_empty),
                cmocka_unit_test(test_control_characters), cmocka_unit_test(test_long_value_cut),
                cmocka_unit_test(test_text_normalize),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
