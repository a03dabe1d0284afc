/* SPDX-License-Identifier: MIT */
#include <errno.h>
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

#include "adjust.h"
#include "analyze.h"
#include "initd.h"
#include "target.h"

static void test_skip_reasons(void **state) {
        (void) state;
        const char *script = "#!/bin/sh\ncase \"$1\" in start) ;; esac\n";
        size_t n = strlen(script);
        assert_null(init_d_skip_reason("cron", script, n, true));
        const char *const backups[] = { "cron.rpmsave", "cron.rpmnew", "cron.rpmorig", "cron.dpkg-old", "cron.dpkg-new",
                                        "cron.dpkg-dist", "cron.dpkg-bak", "cron~", "cron.orig", "cron.bak", NULL };
        for (const char *const *b = backups; *b; b++)
                assert_non_null(strstr(init_d_skip_reason(*b, script, n, true), "backup"));
        assert_non_null(init_d_skip_reason("functions", script, n, true));
        assert_non_null(init_d_skip_reason("README", "text\n", 5, false));
        assert_non_null(init_d_skip_reason("skeleton", script, n, true));
        assert_non_null(init_d_skip_reason(".depend.start", "x", 1, false));
        assert_non_null(init_d_skip_reason("vars", "A=1\n", 4, true));                /* no #!, no header */
        assert_non_null(init_d_skip_reason("lib", script, n, false));                 /* not executable, no header */
        assert_null(init_d_skip_reason("lsb", "### BEGIN INIT INFO\n", 20, false));   /* a header is enough */
        assert_non_null(init_d_skip_reason("bin", "#!\0ELF", 6, true));
        assert_null(init_d_skip_reason("cron", NULL, 0, true)); /* by name only */
}

static TargetUnit unit(const char *name, const char *path, bool masked, bool early) {
        return (TargetUnit) { .name = (char *) name, .path = (char *) path, .masked = masked, .early = early };
}

static bool has_line(const UnitPlan *p, const char *key, const char *value) {
        for (size_t i = 0; i < p->n_lines; i++)
                if (!strcmp(p->lines[i].key, key) && !strcmp(p->lines[i].value, value))
                        return true;
        return false;
}

static size_t count_key(const UnitPlan *p, const char *key) {
        size_t n = 0;
        for (size_t i = 0; i < p->n_lines; i++)
                n += !strcmp(p->lines[i].key, key);
        return n;
}

/* A script's relations decided against a target: Wants= and After= for what it
 * requires (never Requires=), Alias= only where the name is free and no script of the
 * target is that unit, WantedBy= from its rc links. */
static void test_relations_on_target(void **state) {
        (void) state;
        TargetUnit units[] = {
                unit("dbus.service", "/lib/systemd/system/dbus.service", false, false),
                unit("mysql.service", "/usr/lib/systemd/system/mysql.service", false, false),
                unit("gone.service", "/etc/systemd/system/gone.service", true, false),
        };
        TargetScript scripts[] = {
                { .name = (char *) "web", .levels = "23", .first = "/etc/rc2.d/S01web", .any_link = true,
                  .in_init_d = true },
                { .name = (char *) "syslog.sh", .in_init_d = true },
                { .name = (char *) "named", .in_init_d = true },
        };
        Target t = { .units = units, .n_units = 3, .scripts = scripts, .n_scripts = 3 };
        const char *text = "#!/bin/sh\n### BEGIN INIT INFO\n"
                           "# Provides: web dbus a@b www www.service web.service named\n"
                           "# Required-Start: network-online.target mysql.service gone mountkernfs syslog\n"
                           "# Default-Start: 5\n### END INIT INFO\n"
                           "case \"$1\" in start) /usr/sbin/webd ;; esac\n";
        AnalyzeInput in = { .text = text, .name = "web", .script_path = "/etc/init.d/web" };
        UnitPlan *plans = NULL;
        size_t n = 0;
        Diags d = {};
        assert_int_equal(analyze_script(&in, &t, &plans, &n, &d), 0);
        assert_int_equal(n, 1);
        UnitPlan *p = &plans[0];
        const char *required[] = { "network-online.target", "mysql.service", "gone.service", "mountkernfs.service",
                                   "syslog.service", NULL };
        for (size_t i = 0; required[i]; i++) {
                assert_true(has_line(p, "Wants", required[i]));
                assert_true(has_line(p, "After", required[i]));
        }
        assert_int_equal(count_key(p, "Requires"), 0);
        /* dbus: a native unit; named: a script of the target, which owns that
         * name; a@b: no plain name; web, web.service: itself. */
        assert_int_equal(count_key(p, "Alias"), 1);
        assert_true(has_line(p, "Alias", "www.service"));
        assert_int_equal(count_key(p, "WantedBy"), 1);
        assert_true(has_line(p, "WantedBy", "multi-user.target")); /* the links, not Default-Start */
        assert_false(has_line(p, "DefaultDependencies", "no"));
        /* Every name final when written: no .service appended to a unit name. */
        for (size_t i = 0; i < p->n_lines; i++)
                assert_null(strstr(p->lines[i].value, ".service.service"));
        plan_free(p);
        free(plans);
        diags_free(&d);
}

static void test_early(void **state) {
        (void) state;
        TargetUnit units[] = {
                unit("normal.service", "/lib/systemd/system/normal.service", false, false),
                unit("early.service", "/lib/systemd/system/early.service", false, true),
        };
        Target t = { .units = units, .n_units = 2 };
        UnitPlan p = { .unit_name = strdup("boot.service") };
        assert_int_equal(plan_add(&p, SECTION_UNIT, "Wants", "remote-fs.target", "w"), 0);
        assert_int_equal(plan_add(&p, SECTION_UNIT, "After", "remote-fs.target", "w"), 0);
        assert_int_equal(plan_add(&p, SECTION_UNIT, "Requires", "normal.service", "w"), 0);
        assert_int_equal(plan_add(&p, SECTION_UNIT, "After", "normal.service", "w"), 0);
        assert_int_equal(plan_add(&p, SECTION_UNIT, "After", "early.service", "w"), 0);
        assert_int_equal(plan_add(&p, SECTION_INSTALL, "WantedBy", "sysinit.target", "w"), 0);
        char *local_fs[] = { (char *) "$local_fs" };
        ScriptHeaders h = { .required_start = { .items = local_fs, .n = 1, .present = true } };
        Diags d = {};
        assert_int_equal(adjust_for_target(&t, &h, &p, &d), 0);
        assert_true(has_line(&p, "DefaultDependencies", "no"));
        assert_true(has_line(&p, "Before", "sysinit.target"));
        assert_true(has_line(&p, "After", "local-fs.target"));
        assert_true(has_line(&p, "Conflicts", "shutdown.target"));
        assert_true(has_line(&p, "Before", "shutdown.target"));
        assert_true(has_line(&p, "After", "early.service"));
        assert_false(has_line(&p, "After", "remote-fs.target"));
        assert_false(has_line(&p, "Wants", "remote-fs.target"));
        assert_false(has_line(&p, "After", "normal.service"));
        assert_false(has_line(&p, "Requires", "normal.service"));
        assert_true(d.n >= 3);
        plan_free(&p);
        diags_free(&d);
}

/* Early units come after the local file systems even without $local_fs in a header;
 * not the one that provides $local_fs. */
static void test_early_local_fs(void **state) {
        (void) state;
        Target t = {};
        char *local_fs[] = { (char *) "$local_fs" };
        for (int provides = 0; provides < 2; provides++) {
                UnitPlan p = { .unit_name = strdup("boot.service") };
                assert_int_equal(plan_add(&p, SECTION_INSTALL, "WantedBy", "sysinit.target", "w"), 0);
                ScriptHeaders h = {};
                if (provides)
                        h.provides = (HeaderList) { .items = local_fs, .n = 1, .present = true };
                Diags d = {};
                assert_int_equal(adjust_for_target(&t, &h, &p, &d), 0);
                assert_true(has_line(&p, "DefaultDependencies", "no"));
                assert_int_equal(has_line(&p, "After", "local-fs.target"), !provides);
                plan_free(&p);
                diags_free(&d);
        }
}

/* Without LSB headers, start priorities order: the target's scripts (links or
 * chkconfig header), as systemd-sysv-generator did; two LSB scripts are not. */
static void test_priorities(void **state) {
        (void) state;
        TargetUnit units[] = { unit("dbus.service", "/lib/systemd/system/dbus.service", false, false) };
        TargetScript scripts[] = {
                { .name = (char *) "early", .in_init_d = true, .has_priority = true, .priority = 10 },
                { .name = (char *) "late.sh", .in_init_d = true, .has_priority = true, .priority = 90 },
                { .name = (char *) "same", .in_init_d = true, .has_priority = true, .priority = 50 },
                { .name = (char *) "lsb", .in_init_d = true, .has_priority = true, .priority = 95, .has_lsb = true },
                { .name = (char *) "dbus", .in_init_d = true, .has_priority = true, .priority = 5 }, /* native */
                { .name = (char *) "off", .in_init_d = true },                                      /* none */
        };
        Target t = { .units = units, .n_units = 1, .scripts = scripts, .n_scripts = 6 };
        const char *text = "#!/bin/sh\n# chkconfig: 345 50 50\ncase \"$1\" in start) /usr/sbin/oldd ;; esac\n";
        AnalyzeInput in = { .text = text, .name = "old", .script_path = "/etc/init.d/old" };
        UnitPlan *plans = NULL;
        size_t n = 0;
        Diags d = {};
        assert_int_equal(analyze_script(&in, &t, &plans, &n, &d), 0);
        UnitPlan *p = &plans[0];
        assert_true(has_line(p, "After", "early.service"));
        assert_true(has_line(p, "Before", "late.service"));
        assert_true(has_line(p, "Before", "lsb.service")); /* one side without LSB is enough */
        assert_false(has_line(p, "After", "same.service"));
        assert_false(has_line(p, "Before", "same.service"));
        assert_false(has_line(p, "After", "dbus.service"));
        assert_false(has_line(p, "After", "off.service"));
        assert_false(has_line(p, "Before", "off.service"));
        plan_free(p);
        free(plans);
        diags_free(&d);
        /* An LSB script is not ordered by priority against another LSB script. */
        const char *lsb_text = "#!/bin/sh\n### BEGIN INIT INFO\n# Provides: new\n### END INIT INFO\n"
                               "# chkconfig: 345 50 50\ncase \"$1\" in start) /usr/sbin/newd ;; esac\n";
        AnalyzeInput in2 = { .text = lsb_text, .name = "new", .script_path = "/etc/init.d/new" };
        assert_int_equal(analyze_script(&in2, &t, &plans, &n, &d), 0);
        assert_false(has_line(&plans[0], "Before", "lsb.service"));
        assert_true(has_line(&plans[0], "Before", "late.service"));
        plan_free(&plans[0]);
        free(plans);
        diags_free(&d);
}

static void test_render_refuses_control_chars(void **state) {
        (void) state;
        UnitPlan p = { .unit_name = strdup("x.service") };
        assert_int_equal(plan_add_exec(&p, "ExecStart", "/etc/init.d\nExecStartPre=/evil/x", "start", NULL), 0);
        char *text = NULL;
        assert_int_equal(plan_render(&p, NULL, false, &text), -EINVAL);
        assert_null(text);
        plan_free(&p);
}

/* What the loader learns of a script's headers comes from the caller's bytes where the
 * caller has them (the generator has read every script), else from the file. */
static const char *known_path;

static bool known_text(void *userdata, const char *path, const char **ret_text, size_t *ret_size) {
        (void) userdata;
        if (strcmp(path, known_path))
                return false;
        static const char text[] = "#!/bin/sh\n# chkconfig: 2345 42 58\n";
        *ret_text = text;
        *ret_size = sizeof(text) - 1;
        return true;
}

static void write_script(const char *path, const char *text) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        assert_int_equal(chmod(path, 0755), 0);
}

static void test_load_known(void **state) {
        (void) state;
        char root[] = "/tmp/test-s2u-target-XXXXXX", dir[300], a[320], b[320];
        assert_non_null(mkdtemp(root));
        snprintf(dir, sizeof(dir), "%s/etc", root);
        assert_int_equal(mkdir(dir, 0755), 0);
        snprintf(dir, sizeof(dir), "%s/etc/init.d", root);
        assert_int_equal(mkdir(dir, 0755), 0);
        snprintf(a, sizeof(a), "%s/a", dir);
        snprintf(b, sizeof(b), "%s/b", dir);
        /* on disk: an LSB header and no priority; the caller's bytes say otherwise for a */
        const char *lsb = "#!/bin/sh\n### BEGIN INIT INFO\n# Provides: x\n### END INIT INFO\n";
        write_script(a, lsb);
        write_script(b, lsb);
        known_path = a;
        Target t;
        assert_int_equal(target_load_known(root, known_text, NULL, &t), 0);
        const TargetScript *sa = target_find_script(&t, "a"), *sb = target_find_script(&t, "b");
        assert_non_null(sa);
        assert_non_null(sb);
        assert_false(sa->has_lsb);
        assert_true(sa->has_priority);
        assert_int_equal(sa->priority, 42);
        assert_true(sb->has_lsb); /* read from the file */
        assert_false(sb->has_priority);
        target_done(&t);
        /* without the caller's bytes, both from their files */
        assert_int_equal(target_load(root, &t), 0);
        assert_true(target_find_script(&t, "a")->has_lsb);
        target_done(&t);
        unlink(a);
        unlink(b);
        rmdir(dir);
        snprintf(dir, sizeof(dir), "%s/etc", root);
        rmdir(dir);
        rmdir(root);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_skip_reasons),
                cmocka_unit_test(test_relations_on_target),
                cmocka_unit_test(test_early),
                cmocka_unit_test(test_early_local_fs),
                cmocka_unit_test(test_priorities),
                cmocka_unit_test(test_render_refuses_control_chars),
                cmocka_unit_test(test_load_known),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
