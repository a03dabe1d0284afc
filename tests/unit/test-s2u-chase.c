/* SPDX-License-Identifier: MIT */
/* chase_under_root(): links and ".." of a target resolve inside its root. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "chase.h"

static char root[PATH_MAX];

static void mk(const char *rel, const char *link) {
        char p[PATH_MAX * 2];
        snprintf(p, sizeof(p), "%s%s", root, rel);
        if (link)
                assert_int_equal(symlink(link, p), 0);
        else
                assert_int_equal(mkdir(p, 0755), 0);
}

static void expect(const char *path, unsigned flags, int r, const char *rel) {
        char *got = NULL;
        assert_int_equal(chase_under_root(root, path, flags, &got), r);
        if (r < 0)
                return;
        char want[PATH_MAX * 2];
        /* Every call that expects success names the path (r < 0 returned above): cppcheck
         * does not tie the two arguments together. */
        // cppcheck-suppress nullPointer
        snprintf(want, sizeof(want), "%s%s", root, rel);
        assert_string_equal(got, want);
        free(got);
}

static int setup(void **state) {
        (void) state;
        snprintf(root, sizeof(root), "/tmp/test-s2u-chase.XXXXXX");
        assert_non_null(mkdtemp(root));
        mk("/etc", NULL);
        mk("/etc/rc.d", NULL);
        mk("/etc/rc.d/init.d", NULL);
        mk("/etc/init.d", "/etc/rc.d/init.d");       /* absolute: from the root */
        mk("/etc/rel", "rc.d/init.d");               /* relative: from its directory */
        mk("/etc/up", "../../../../../../../../etc"); /* ".." stops at the root */
        mk("/etc/loop", "/etc/loop");
        mk("/etc/tohost", "/usr");                   /* /usr exists on the host, not in the root */
        return 0;
}

static int teardown(void **state) {
        (void) state;
        char cmd[PATH_MAX + 16];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
        return system(cmd) == 0 ? 0 : -1;
}

static void test_chase(void **state) {
        (void) state;
        expect("/etc/init.d", 0, 0, "/etc/rc.d/init.d");
        expect("/etc/rel", 0, 0, "/etc/rc.d/init.d");
        expect("/etc/up/init.d/..", 0, 0, "/etc/rc.d"); /* ".." of where the link led, as the kernel does */
        expect("/../../etc", 0, 0, "/etc");
        expect("/etc/up/up/up/rc.d/./init.d/", 0, 0, "/etc/rc.d/init.d");
        expect("/etc/loop", 0, -ELOOP, NULL);
        expect("/etc/tohost", 0, -ENOENT, NULL); /* never the host's /usr */
        expect("/etc/init.d", CHASE_NOFOLLOW, 0, "/etc/init.d");
        expect("/etc/init.d/new", 0, -ENOENT, NULL);
        expect("/etc/init.d/new", CHASE_NONEXISTENT, 0, "/etc/rc.d/init.d/new");
        expect("/", 0, 0, "/");
        /* No root: the host. */
        char *got = NULL;
        assert_int_equal(chase_under_root("", "/", 0, &got), 0);
        assert_string_equal(got, "/");
        free(got);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_chase, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
