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

#include "analyze.h"

/* Sourced files come from this table instead of the disk. */
static const char *fake_sysconfig[][2] = {
        { "/etc/sysconfig/eld", "RUNDIR=/run/eld-custom\n" },
        { NULL, NULL },
};

/* More files of the fake target, set by a test. */
static const char *(*extra_files)[2];

/* How many files the analysis asked for. */
static unsigned n_reads;

static int fake_reader(void *userdata, const char *path, char **ret) {
        (void) userdata;
        n_reads++;
        for (size_t i = 0; extra_files && extra_files[i][0]; i++)
                if (!strcmp(path, extra_files[i][0])) {
                        *ret = strdup(extra_files[i][1]);
                        return 0;
                }
        for (size_t i = 0; fake_sysconfig[i][0]; i++)
                if (!strcmp(path, fake_sysconfig[i][0])) {
                        *ret = strdup(fake_sysconfig[i][1]);
                        return 0;
                }
        return -ENOENT;
}

typedef struct Result {
        UnitPlan *plans;
        size_t n;
        Diags diags;
        int r;
} Result;

static Result convert(const char *name, const char *text) {
        Result res = {};
        char path[256];
        snprintf(path, sizeof(path), "/etc/init.d/%s", name);
        AnalyzeInput in = { .text = text, .name = name, .script_path = path, .read_source = fake_reader };
        res.r = analyze_script(&in, NULL, &res.plans, &res.n, &res.diags); /* no target: the headers decide */
        return res;
}

static void result_free(Result *r) {
        for (size_t i = 0; i < r->n; i++)
                plan_free(&r->plans[i]);
        free(r->plans);
        diags_free(&r->diags);
}

/* The value of the nth line with this key, or NULL. */
static const char *get(const UnitPlan *p, const char *key, int nth) {
        for (size_t i = 0; i < p->n_lines; i++)
                if (!strcmp(p->lines[i].key, key) && nth-- == 0)
                        return p->lines[i].exec_arg ? p->lines[i].exec_arg : p->lines[i].value;
        return NULL;
}

/* The reason given for the nth line with this key, or NULL. */
static const char *why(const UnitPlan *p, const char *key) {
        for (size_t i = 0; i < p->n_lines; i++)
                if (!strcmp(p->lines[i].key, key))
                        return p->lines[i].why;
        return NULL;
}

static bool has_diag(const Result *r, const char *needle) {
        for (size_t i = 0; i < r->diags.n; i++)
                if (strstr(r->diags.items[i].message, needle))
                        return true;
        return false;
}

static void test_el_nested_pidfile_with_sysconfig(void **state) {
        (void) state;
        Result r = convert("eld", "# chkconfig: 2345 55 25\n"
                                  "# description: EL daemon\n"
                                  ". /etc/rc.d/init.d/functions\n"
                                  "prog=eld\n"
                                  "BASE=/var/run\n"
                                  "RUNDIR=${RUNDIR:-$BASE/$prog}\n"
                                  "[ -e /etc/sysconfig/$prog ] && . /etc/sysconfig/$prog\n"
                                  "pidfile=${PIDFILE-$RUNDIR/$prog.pid}\n"
                                  "start() { daemon --pidfile=${pidfile} /usr/sbin/$prog; }\n"
                                  "stop() { killproc -p ${pidfile} $prog; }\n"
                                  "case \"$1\" in\n start|stop) $1 ;;\n reload) killproc -p $pidfile $prog -HUP ;;\nesac\n");
        assert_int_equal(r.r, 0);
        assert_int_equal(r.n, 1);
        assert_string_equal(r.plans[0].unit_name, "eld.service");
        assert_string_equal(get(&r.plans[0], "Type", 0), "forking");
        assert_string_equal(get(&r.plans[0], "PIDFile", 0), "/run/eld-custom/eld.pid");
        assert_string_equal(get(&r.plans[0], "ExecStart", 0), "start");
        assert_string_equal(get(&r.plans[0], "ExecStop", 0), "stop");
        assert_string_equal(get(&r.plans[0], "ExecReload", 0), "reload");
        assert_null(get(&r.plans[0], "RemainAfterExit", 0));
        assert_string_equal(get(&r.plans[0], "WantedBy", 0), "multi-user.target");
        assert_string_equal(get(&r.plans[0], "WantedBy", 1), "graphical.target");
        result_free(&r);
}

static void test_instances(void **state) {
        (void) state;
        Result r = convert("dkim", "# Short-Description ignored: not in an LSB block\n"
                                   "D=/opt/dk\nP=$D/run\nPIN=$P/in.pid\nPOUT=$P/out.pid\n"
                                   "case $1 in\n"
                                   "start-in) $D/bin/in --daemonize --pidfile=$PIN ;;\n"
                                   "stop-in) kill `cat $PIN` ;;\n"
                                   "start-out) $D/bin/out --daemonize --pid-file $POUT ;;\n"
                                   "stop-out) kill $(cat $POUT) ;;\n"
                                   "start) $0 start-in; $0 start-out ;;\n"
                                   "stop) $0 stop-in; $0 stop-out ;;\n"
                                   "esac\n");
        assert_int_equal(r.r, 0);
        assert_int_equal(r.n, 3); /* two instances and the group with the script's name */
        assert_string_equal(r.plans[2].unit_name, "dkim.service");
        assert_string_equal(get(&r.plans[2], "Wants", 0), "dkim-in.service");
        assert_string_equal(get(&r.plans[2], "Wants", 1), "dkim-out.service");
        assert_string_equal(get(&r.plans[0], "PartOf", 0), "dkim.service");
        assert_string_equal(r.plans[0].unit_name, "dkim-in.service");
        assert_string_equal(get(&r.plans[0], "PIDFile", 0), "/opt/dk/run/in.pid");
        assert_string_equal(get(&r.plans[0], "ExecStart", 0), "start-in");
        assert_string_equal(get(&r.plans[0], "ExecStop", 0), "stop-in");
        assert_string_equal(get(&r.plans[0], "Description", 0), "dkim (in)");
        assert_string_equal(r.plans[1].unit_name, "dkim-out.service");
        assert_string_equal(get(&r.plans[1], "PIDFile", 0), "/opt/dk/run/out.pid");
        assert_string_equal(get(&r.plans[1], "ExecStop", 0), "stop-out");
        result_free(&r);
}

static void test_oneshot(void **state) {
        (void) state;
        Result r = convert("iscsi", "case \"$1\" in\n"
                                    "start) /sbin/iscsiadm -m node --loginall=automatic ;;\n"
                                    "stop) /sbin/iscsiadm -m node --logoutall=automatic ;;\n"
                                    "reload) echo not supported; exit 3 ;;\n"
                                    "esac\n");
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "Type", 0), "oneshot");
        assert_string_equal(get(&r.plans[0], "RemainAfterExit", 0), "yes");
        assert_null(get(&r.plans[0], "PIDFile", 0));
        assert_null(get(&r.plans[0], "ExecReload", 0)); /* the reload only prints */
        assert_int_equal(r.diags.n, 1);
        assert_non_null(strstr(r.diags.items[0].message, "only prints"));
        result_free(&r);
}

static void test_daemon_without_pidfile(void **state) {
        (void) state;
        Result r = convert("tgtd", "# processname: tgtd\n"
                                   "start() { tgtd; tgtadm --op update --mode sys --name State -v ready; }\n"
                                   "case \"$1\" in\n start) start ;;\n stop) tgtadm --op delete --mode system ;;\n"
                                   " restart) $0 stop; $0 start ;;\n reload) $0 restart ;;\nesac\n");
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "Type", 0), "forking");
        assert_null(get(&r.plans[0], "PIDFile", 0));
        assert_null(get(&r.plans[0], "RemainAfterExit", 0)); /* never for a daemon */
        assert_null(get(&r.plans[0], "ExecReload", 0));      /* reload = restart */
        result_free(&r);
}

static void test_debian_start_stop_daemon(void **state) {
        (void) state;
        Result r = convert("webd", "### BEGIN INIT INFO\n# Provides: webd www\n"
                                   "# Required-Start: $remote_fs $network $named $time $portmap $syslog $local_fs\n"
                                   "# Should-Start: memcached\n# X-Start-Before: apache2\n"
                                   "# Default-Start: S\n# Short-Description: Web daemon\n### END INIT INFO\n"
                                   "NAME=webd\nPIDFILE=/run/$NAME.pid\n"
                                   "do_start() { start-stop-daemon --start --background --make-pidfile --pidfile $PIDFILE "
                                   "--exec /usr/sbin/$NAME; }\n"
                                   "case \"$1\" in\n start) do_start ;;\n stop) start-stop-daemon --stop -p $PIDFILE ;;\nesac\n");
        assert_int_equal(r.r, 0);
        const UnitPlan *p = &r.plans[0];
        assert_string_equal(get(p, "PIDFile", 0), "/run/webd.pid");
        assert_string_equal(get(p, "Description", 0), "Web daemon");
        const char *wants[] = { "remote-fs.target", "network-online.target", "nss-lookup.target", "time-sync.target",
                                "rpcbind.target", "memcached.service", NULL };
        for (int i = 0; wants[i]; i++)
                assert_string_equal(get(p, "Wants", i), wants[i]);
        assert_null(get(p, "Wants", 6));
        assert_null(get(p, "Requires", 0));
        assert_string_equal(get(p, "Before", 0), "apache2.service");
        assert_string_equal(get(p, "WantedBy", 0), "sysinit.target");
        assert_string_equal(get(p, "Alias", 0), "www.service");
        result_free(&r);
}

static void test_required_service(void **state) {
        (void) state;
        Result r = convert("iscsi", "### BEGIN INIT INFO\n# Required-Start: iscsid +rpcbind $bogus\n### END INIT INFO\n"
                                    "case \"$1\" in start) iscsiadm -m node -L all;; esac\n");
        assert_int_equal(r.r, 0);
        /* Ordered after and pulled in, never Requires=: a restart of iscsid must not
         * restart iscsi (whose stop logs out of every LUN). */
        assert_string_equal(get(&r.plans[0], "Wants", 0), "iscsid.service");
        assert_string_equal(get(&r.plans[0], "Wants", 1), "rpcbind.service");
        assert_null(get(&r.plans[0], "Requires", 0));
        assert_string_equal(get(&r.plans[0], "After", 0), "iscsid.service");
        assert_null(get(&r.plans[0], "ExecStop", 0));
        assert_string_equal(get(&r.plans[0], "Description", 0), "iscsi");
        result_free(&r);
}

/* Every LSB facility has its systemd counterpart; a script that provides one comes
 * before the facility's target and pulls it in, so that its users start after it. */
static void test_facilities(void **state) {
        (void) state;
        Result r = convert("named", "### BEGIN INIT INFO\n# Provides: named $named\n"
                                    "# Required-Start: $rpcbind $x-display-manager $all $syslog\n"
                                    "### END INIT INFO\n"
                                    "case \"$1\" in start) start-stop-daemon --start --exec /usr/sbin/named ;; esac\n");
        assert_int_equal(r.r, 0);
        const UnitPlan *p = &r.plans[0];
        assert_string_equal(get(p, "Wants", 0), "rpcbind.target");
        assert_string_equal(get(p, "Wants", 1), "display-manager.service");
        assert_string_equal(get(p, "After", 0), "rpcbind.target");
        assert_string_equal(get(p, "After", 1), "display-manager.service");
        assert_null(get(p, "After", 2));        /* $all, $syslog: nothing to wait for */
        assert_string_equal(get(p, "Wants", 2), "nss-lookup.target");
        assert_string_equal(get(p, "Before", 0), "nss-lookup.target");
        assert_null(get(p, "Alias", 0));        /* $named is a facility, not a unit name */
        for (size_t i = 0; i < r.diags.n; i++)  /* all known: no "unknown facility" */
                assert_null(strstr(r.diags.items[i].message, "unknown LSB facility"));
        result_free(&r);
}

/* Timeouts: systemd-sysv-generator's 5 min, more where the script waits longer
 * (EL6 mysqld's STOPTIMEOUT=600); exit codes 5 and 6 where the script uses them. */
static void test_timeouts_and_exit_codes(void **state) {
        (void) state;
        Result r = convert("mysqld", "# chkconfig: - 64 36\nSTARTTIMEOUT=120\nSTOPTIMEOUT=600\n"
                                     "start() { [ -x /usr/libexec/mysqld ] || exit 5; /usr/bin/mysqld_safe & }\n"
                                     "case \"$1\" in start) start ;; stop) killproc mysqld ;; esac\n");
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "TimeoutSec", 0), "660s");
        assert_string_equal(get(&r.plans[0], "SuccessExitStatus", 0), "5 6");
        result_free(&r);
        r = convert("plain", "# chkconfig: - 64 36\nSQUID_SHUTDOWN_TIMEOUT=100\n"
                             "case \"$1\" in start) /usr/sbin/plaind ;; stop) killproc plaind ;; esac\n");
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "TimeoutSec", 0), "5min");
        assert_null(get(&r.plans[0], "SuccessExitStatus", 0)); /* neither LSB nor exit 5/6 */
        result_free(&r);
}

/* A reload that stops the daemon and starts it again is a restart; one that signals
 * the daemon is a reload. */
static void test_reload_restart(void **state) {
        (void) state;
        Result r = convert("rd", "### BEGIN INIT INFO\n# Provides: rd\n### END INIT INFO\n"
                                 "do_start() { start-stop-daemon --start --pidfile /run/rd.pid --exec /usr/sbin/rd; }\n"
                                 "do_stop() { start-stop-daemon --stop --pidfile /run/rd.pid; }\n"
                                 "case \"$1\" in start) do_start ;; stop) do_stop ;;\n"
                                 " reload) do_stop; sleep 1; do_start ;;\n"
                                 " force-reload) start-stop-daemon --stop --signal HUP --pidfile /run/rd.pid ;;\nesac\n");
        assert_int_equal(r.r, 0);
        assert_null(get(&r.plans[0], "ExecReload", 0));
        bool said = false;
        for (size_t i = 0; i < r.diags.n; i++)
                said |= strstr(r.diags.items[i].message, "stops the daemon and starts it again") != NULL;
        assert_true(said);
        result_free(&r);
        r = convert("hup", "case \"$1\" in start) daemon /usr/sbin/hupd ;; stop) killproc hupd ;;\n"
                           " reload) killproc hupd -HUP ;;\nesac\n");
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "ExecReload", 0), "reload");
        result_free(&r);
}

/* Top-level tests that make the script exit 0 doing nothing become conditions (Debian's
 * postfix: "test -x $DAEMON && test -f /etc/postfix/main.cf || exit 0"); other tests do not. */
static void test_guards(void **state) {
        (void) state;
        Result r = convert("pf", "DAEMON=/usr/sbin/postfix\n"
                                 "test -x $DAEMON && test -f /etc/postfix/main.cf || exit 0\n"
                                 "[ ! -d /var/spool/pf ] && exit 0\n"
                                 "if [ ! -s /etc/pf.key ]; then echo no key; exit 0; fi\n"
                                 "[ -r /etc/default/pf ] && . /etc/default/pf\n" /* optional config */
                                 "[ -x /usr/sbin/a ] || exit 5\n"                 /* a failure */
                                 "[ -x /usr/sbin/b ] || exit\n"                   /* exits 1: a failure */
                                 "[ -x /usr/sbin/c ] || [ -x /usr/sbin/d ] || exit 0\n" /* either: no condition */
                                 "f() { [ -x /usr/sbin/e ] || exit 0; }\n"
                                 "case \"$1\" in start) $DAEMON start ;; esac\n");
        assert_int_equal(r.r, 0);
        const UnitPlan *p = &r.plans[0];
        assert_string_equal(get(p, "ConditionFileIsExecutable", 0), "/usr/sbin/postfix");
        assert_null(get(p, "ConditionFileIsExecutable", 1));
        assert_string_equal(get(p, "ConditionPathExists", 0), "/etc/postfix/main.cf");
        assert_null(get(p, "ConditionPathExists", 1));
        assert_string_equal(get(p, "ConditionPathIsDirectory", 0), "/var/spool/pf");
        assert_string_equal(get(p, "ConditionFileNotEmpty", 0), "/etc/pf.key");
        result_free(&r);
}

/* Setup in start before it starts the instances must run: one unit, ExecStart=start. */
static void test_instances_after_setup(void **state) {
        (void) state;
        Result r = convert("dk", "case \"$1\" in\n"
                                 "start-in) /opt/dk/in --daemonize --pidfile=/run/dk/in.pid ;;\n"
                                 "stop-in) kill `cat /run/dk/in.pid` ;;\n"
                                 "start-out) /opt/dk/out --daemonize --pidfile=/run/dk/out.pid ;;\n"
                                 "stop-out) kill `cat /run/dk/out.pid` ;;\n"
                                 "start) mkdir -p /run/dk; chown dk /run/dk; $0 start-in; $0 start-out ;;\n"
                                 "stop) $0 stop-in; $0 stop-out ;;\n"
                                 "esac\n");
        assert_int_equal(r.r, 0);
        assert_int_equal(r.n, 1);
        assert_string_equal(r.plans[0].unit_name, "dk.service");
        assert_string_equal(get(&r.plans[0], "ExecStart", 0), "start");
        bool said = false;
        for (size_t i = 0; i < r.diags.n; i++)
                said |= strstr(r.diags.items[i].message, "does work of its own") != NULL;
        assert_true(said);
        result_free(&r);
}

/* A first case "$1" that only screens the arguments is not the dispatch. */
static void test_screening_case(void **state) {
        (void) state;
        Result r = convert("food", "case \"$1\" in\n  status|\"\") ;;\n  *) [ \"$(id -u)\" = 0 ] || exit 4 ;;\nesac\n"
                                   "case \"$1\" in\n'start') daemon /usr/sbin/food ;;\nstop) killproc food ;;\nesac\n");
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "ExecStart", 0), "start");
        assert_string_equal(get(&r.plans[0], "ExecStop", 0), "stop");
        assert_string_equal(get(&r.plans[0], "Type", 0), "forking");
        result_free(&r);
        /* EL6 mdmonitor: the screening case has a start branch too, which only checks. */
        r = convert("md", "case \"$1\" in\n start|stop) [ `id -u` != \"0\" ] && exit 4 ;;\nesac\n"
                          "case \"$1\" in\n start) daemon --user=root mdadm --monitor --pid-file=/run/md.pid ;;\n"
                          " stop) killproc mdadm ;;\nesac\n");
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "Type", 0), "forking");
        assert_string_equal(get(&r.plans[0], "PIDFile", 0), "/run/md.pid");
        result_free(&r);
}

/* EL6 slapd: the launcher's pid file is a hard link the script makes afterwards to the
 * daemon's own file: follow the daemon's.  A symbolic link is left alone. */
static void test_hard_linked_pidfile(void **state) {
        (void) state;
        static const char *const links[] = { "ln", "ln -s", "ls" }, *const want[] = {
                "/var/run/openldap/slapd.pid", "/var/run/slapd.pid", "/var/run/slapd.pid"
        };
        for (size_t i = 0; i < 3; i++) {
                char text[1024];
                snprintf(text, sizeof(text),
                         "pidfile=/var/run/slapd.pid\nslapd_pidfile=/var/run/openldap/slapd.pid\n"
                         "start() {\n daemon --pidfile=$pidfile --check=slapd /usr/sbin/slapd -u ldap\n"
                         " RETVAL=$?\n if [ $RETVAL -eq 0 ]; then touch /var/lock/subsys/slapd; %s $slapd_pidfile $pidfile; fi\n}\n"
                         "case \"$1\" in start) start ;; stop) killproc -p $pidfile slapd ;; esac\n",
                         links[i]);
                Result r = convert("slapd", text);
                assert_int_equal(r.r, 0);
                assert_string_equal(get(&r.plans[0], "PIDFile", 0), want[i]);
                result_free(&r);
        }
}

static void test_echo_pid(void **state) {
        (void) state;
        Result r = convert("bg", "case \"$1\" in\nstart)\n /usr/bin/bgd &\n echo $! > /run/bgd.pid\n ;;\nesac\n");
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "PIDFile", 0), "/run/bgd.pid");
        result_free(&r);
}

static void test_mkdir_p_is_not_a_pidfile(void **state) {
        (void) state;
        Result r = convert("m", "case \"$1\" in\nstart) mkdir -p /run/m; daemon /usr/sbin/m ;;\nesac\n");
        assert_int_equal(r.r, 0);
        assert_null(get(&r.plans[0], "PIDFile", 0));
        result_free(&r);
}

static void test_not_an_init_script(void **state) {
        (void) state;
        Result r = convert("lib", "f() { echo; }\n");
        assert_int_equal(r.r, -EINVAL);
        assert_int_equal(r.diags.n_errors, 1);
        result_free(&r);
        r = convert("nostart", "case \"$1\" in stop) kill 1 ;; esac\n");
        assert_int_equal(r.r, -EINVAL);
        assert_non_null(strstr(r.diags.items[0].message, "no 'start)'"));
        result_free(&r);
}

static void test_recursion_is_bounded(void **state) {
        (void) state;
        Result r = convert("loop", "a() { b; }\nb() { a; }\ncase \"$1\" in start) a; $0 start ;; esac\n");
        assert_int_equal(r.r, 0);
        result_free(&r);
}

/* A configuration that sources itself, or sources several files that each source all of
 * them again: found by fuzzing, once read k^depth times (exponential time and memory). */
static void test_sourcing_is_bounded(void **state) {
        (void) state;
        static const char *self[][2] = {
                { "/etc/default/x", ". /etc/default/x\n. /etc/default/x\n. /etc/default/x\nX=1\n" },
                { NULL, NULL },
        };
        extra_files = self;
        n_reads = 0;
        Result r = convert("x", ". /etc/default/x\ncase \"$1\" in start) /usr/sbin/xd ;; esac\n");
        assert_int_equal(r.r, 0);
        assert_int_equal(n_reads, 1);
        assert_true(has_diag(&r, "sources itself"));
        result_free(&r);

        /* Twenty files, each sourcing all twenty: distinct paths, so only the cap helps. */
        static char names[20][32], body[20 * 32];
        static const char *diamond[21][2];
        size_t o = 0;
        for (int i = 0; i < 20; i++) {
                snprintf(names[i], sizeof(names[i]), "/etc/default/d%d", i);
                o += (size_t) snprintf(body + o, sizeof(body) - o, ". %s\n", names[i]);
        }
        for (int i = 0; i < 20; i++) {
                diamond[i][0] = names[i];
                diamond[i][1] = body;
        }
        diamond[20][0] = diamond[20][1] = NULL;
        extra_files = diamond;
        n_reads = 0;
        r = convert("d", ". /etc/default/d0\ncase \"$1\" in start) /usr/sbin/dd ;; esac\n");
        assert_int_equal(r.r, 0);
        assert_true(n_reads <= 64);
        assert_true(has_diag(&r, "sourced files"));
        result_free(&r);
        extra_files = NULL;
}

static void test_dispatch_with_default(void **state) {
        (void) state;
        /* Debian's mariadb: case "${1:-''}" in */
        Result r = convert("mariadb", "case \"${1:-''}\" in\n"
                                      "'start') /usr/bin/mysqld_safe > /dev/null 2>&1 & ;;\n"
                                      "'stop') mysqladmin shutdown ;;\nesac\n");
        assert_int_equal(r.r, 0);
        assert_int_equal(r.n, 1);
        assert_string_equal(get(&r.plans[0], "Type", 0), "forking");
        result_free(&r);
}

/* Debian's snmpd, as packaged: the framework runs the verbs. */
static const char snmpd[] =
        "#!/bin/sh\n"
        "if [ true != \"$INIT_D_SCRIPT_SOURCED\" ] ; then\n"
        "    set \"$0\" \"$@\"; INIT_D_SCRIPT_SOURCED=true . /lib/init/init-d-script\n"
        "fi\n"
        "### BEGIN INIT INFO\n# Provides: snmpd\n# Default-Start: 2 3 4 5\n### END INIT INFO\n"
        "DESC=\"SNMP Services\"\nDAEMON=/usr/sbin/snmpd\nPIDFILE=\"/run/snmpd.pid\"\n"
        "DEFAULT_SNMPDOPTS=\"-LSwd -Lf /dev/null -u Debian-snmp -g Debian-snmp -I -smux\"\n"
        "set_daemon_options() {\n"
        "        [ -z \"$SNMPDOPTS\" ] && SNMPDOPTS=$DEFAULT_SNMPDOPTS\n"
        "        DAEMON_ARGS=\"$SNMPDOPTS -p $PIDFILE\"\n}\n"
        "do_start_prepare() { set_daemon_options; mkdir -p /var/run/agentx; }\n";

static void test_init_d_script_model(void **state) {
        (void) state;
        /* No framework on the target: sysv2unit's model of it. */
        Result r = convert("snmpd", snmpd);
        assert_int_equal(r.r, 0);
        assert_int_equal(r.n, 1);
        assert_string_equal(get(&r.plans[0], "Type", 0), "forking");
        assert_string_equal(get(&r.plans[0], "PIDFile", 0), "/run/snmpd.pid");
        assert_string_equal(get(&r.plans[0], "ExecStart", 0), "start");
        assert_string_equal(get(&r.plans[0], "ExecStop", 0), "stop");
        assert_null(get(&r.plans[0], "ExecReload", 0)); /* no do_reload, no RELOAD_SIGNAL */
        result_free(&r);

        /* The framework's defaults: PIDFILE=/var/run/$NAME.pid, NAME from DAEMON; a reload by signal. */
        r = convert("foo", "#!/bin/sh /lib/init/init-d-script\nDAEMON=/usr/sbin/food\nRELOAD_SIGNAL=HUP\n");
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "PIDFile", 0), "/var/run/food.pid");
        assert_string_equal(get(&r.plans[0], "ExecReload", 0), "reload");
        result_free(&r);

        /* PIDFILE=none: no pid file; do_reload of the script's own */
        r = convert("bar", "#!/bin/sh /lib/init/init-d-script\nDAEMON=/usr/sbin/bard\nPIDFILE=none\n"
                           "do_reload() { /usr/sbin/bard-ctl reload; }\n");
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "Type", 0), "forking");
        assert_null(get(&r.plans[0], "PIDFile", 0));
        assert_string_equal(get(&r.plans[0], "ExecReload", 0), "reload");
        result_free(&r);
}

static void test_init_d_script_from_target(void **state) {
        (void) state;
        /* The target's own framework is read, not a model of it. */
        static const char *framework[][2] = {
                { "/lib/init/init-d-script", "__init_d_script_name=\"$1\"\nshift\n"
                                             "do_start() { start-stop-daemon --start --pidfile /run/custom/$NAME.pid "
                                             "--exec $DAEMON; }\n"
                                             ". \"$__init_d_script_name\"\n: ${NAME:=${DAEMON##*/}}\n"
                                             "case \"$1\" in\nstart) do_start ;;\nstop) kill 1 ;;\nesac\n" },
                { NULL, NULL },
        };
        extra_files = framework;
        Result r = convert("foo", "#!/bin/sh /lib/init/init-d-script\nDAEMON=/usr/sbin/food\n");
        extra_files = NULL;
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "PIDFile", 0), "/run/custom/food.pid");
        assert_string_equal(get(&r.plans[0], "ExecStart", 0), "start");
        result_free(&r);
}

static void test_conditions(void **state) {
        (void) state;
        /* Branches a condition rules out are not read; undecidable ones keep only what agrees. */
        Result r = convert("c", "MODE=single\n"
                                "if [ \"$MODE\" = single ]; then PIDFILE=/run/c.pid; else PIDFILE=/run/c-multi.pid; fi\n"
                                "[ -z \"$OPTS\" ] && OPTS=\"--pidfile $PIDFILE\"\n"
                                "case \"$1\" in\nstart) daemon /usr/sbin/cd $OPTS ;;\nstop) killproc cd ;;\nesac\n");
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "PIDFile", 0), "/run/c.pid");
        result_free(&r);

        /* nginx: a run-time value, else the script's own default: the default */
        r = convert("nginx", "PID=$(awk '/^pid/ { print $2 }' /etc/nginx/nginx.conf)\n"
                             "if [ -z \"$PID\" ]; then PID=/run/nginx.pid; fi\n"
                             "case \"$1\" in\nstart) start-stop-daemon --start --pidfile $PID --exec /usr/sbin/nginx ;;\n"
                             "stop) start-stop-daemon --stop --pidfile $PID ;;\nesac\n");
        assert_string_equal(get(&r.plans[0], "PIDFile", 0), "/run/nginx.pid");
        result_free(&r);

        /* two values the script names itself, either may hold: none is trusted */
        r = convert("two", "P=/run/a.pid\n[ -n \"$(grep b /etc/two.conf)\" ] && P=/run/b.pid\n"
                           "case \"$1\" in\nstart) daemon --pidfile $P /usr/sbin/two ;;\nstop) killproc -p $P two ;;\nesac\n");
        assert_null(get(&r.plans[0], "PIDFile", 0));
        result_free(&r);
}

static void test_daemons_wherever_they_start(void **state) {
        (void) state;
        static const char *const starts[] = {
                "( cd /; su -l pg -c \"/usr/bin/postgres -D /var/lib/pgsql\" ) &", /* a group in the background */
                "su - postgres -c \"/usr/bin/pg_ctl start -D /var/lib/pgsql/data -s\"", /* control program in su -c */
                "/usr/sbin/postfix start 2>/dev/null",                              /* control program */
                "env -i LANG=C apache2ctl start",                                   /* behind env */
                "daemon --user=root /usr/sbin/foo",                                 /* option with '=' */
                "/usr/bin/mysqld_safe --datadir=/var/lib/mysql >/dev/null 2>&1",    /* always a daemon */
        };
        for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
                char text[512];
                snprintf(text, sizeof(text), "case \"$1\" in\nstart) %s ;;\nstop) echo stopping ;;\nesac\n", starts[i]);
                Result r = convert("d", text);
                assert_int_equal(r.r, 0);
                if (strcmp(get(&r.plans[0], "Type", 0), "forking"))
                        fail_msg("'%s' gave Type=%s", starts[i], get(&r.plans[0], "Type", 0));
                result_free(&r);
        }
        /* squid on EL6: a binary that forks itself, stopped and checked by name */
        Result r = convert("squid", "SQUID=/usr/sbin/squid\n"
                                    "case \"$1\" in\n"
                                    "start) $SQUID $SQUID_OPTS -f /etc/squid/squid.conf >> /var/log/squid/squid.out 2>&1 ;;\n"
                                    "stop) $SQUID -k shutdown -f /etc/squid/squid.conf ;;\n"
                                    "status) status $SQUID ;;\nesac\n");
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "Type", 0), "forking");
        assert_non_null(strstr(why(&r.plans[0], "Type"), "forks itself"));
        result_free(&r);
        /* Debian's netfilter-persistent: a program dispatching its own start and stop verbs
         * shows nothing that keeps running.  Waiting for a daemon here would make systemd run
         * stop (a firewall flush with FLUSH_ON_STOP=1) right after start. */
        r = convert("netfilter-persistent", ". /lib/lsb/init-functions\ncase \"$1\" in\n"
                                            "start|restart|reload|force-reload)\n"
                                            "    log_action_begin_msg \"Loading netfilter rules\"\n"
                                            "    /usr/sbin/netfilter-persistent start\n"
                                            "    log_action_end_msg $?\n    ;;\n"
                                            "stop)\n    /usr/sbin/netfilter-persistent stop\n    ;;\n"
                                            "flush)\n    /usr/sbin/netfilter-persistent flush\n    ;;\nesac\n");
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "Type", 0), "oneshot");
        result_free(&r);
        /* ... and a tool that start and stop both run is no daemon */
        r = convert("iscsi", "case \"$1\" in\nstart) iscsiadm -m node --loginall=all ;;\n"
                             "stop) iscsiadm -m node --logoutall=all ;;\nesac\n");
        assert_string_equal(get(&r.plans[0], "Type", 0), "oneshot");
        result_free(&r);
}

static void test_instances_that_only_print(void **state) {
        (void) state;
        /* Debian's apache2: these verbs point elsewhere and must not replace the main unit. */
        Result r = convert("apache2", "case \"$1\" in\n"
                                      "start) env -i LANG=C apache2ctl start ;;\n"
                                      "stop) apache2ctl stop ;;\n"
                                      "start-htcacheclean|stop-htcacheclean)\n"
                                      "  echo \"Use 'service apache-htcacheclean' instead\" ;;\nesac\n");
        assert_int_equal(r.r, 0);
        assert_int_equal(r.n, 1);
        assert_string_equal(r.plans[0].unit_name, "apache2.service");
        assert_string_equal(get(&r.plans[0], "Type", 0), "forking");
        assert_true(has_diag(&r, "starts nothing"));
        result_free(&r);
}

static void test_pidfiles_to_trust(void **state) {
        (void) state;
        /* EL6 tgtd: the header names a file nothing in the script uses (tgtd never writes it). */
        Result r = convert("tgtd", "# chkconfig: - 59 85\n# pidfile: /var/run/tgtd.pid\n"
                                   ". /etc/rc.d/init.d/functions\n"
                                   "case \"$1\" in\nstart) daemon tgtd; touch /var/lock/subsys/tgtd ;;\n"
                                   "stop) killproc tgtd; rm -f /var/lock/subsys/tgtd ;;\nesac\n");
        assert_int_equal(r.r, 0);
        assert_string_equal(get(&r.plans[0], "Type", 0), "forking");
        assert_null(get(&r.plans[0], "PIDFile", 0));
        assert_non_null(strstr(why(&r.plans[0], "GuessMainPID"), "'# pidfile:' header"));
        result_free(&r);

        /* ... a header the verbs use is taken */
        r = convert("used", "# pidfile: /var/run/used.pid\n"
                            "case \"$1\" in\nstart) daemon used ;;\nstop) killproc used; rm -f /var/run/used.pid ;;\nesac\n");
        assert_string_equal(get(&r.plans[0], "PIDFile", 0), "/var/run/used.pid");
        result_free(&r);

        /* ... and evidence from the body wins over the header */
        r = convert("ev", "# pidfile: /var/run/ev-header.pid\n"
                          "case \"$1\" in\nstart) daemon --pidfile=/run/ev.pid /usr/sbin/ev ;;\n"
                          "stop) killproc -p /var/run/ev-header.pid ev ;;\nesac\n");
        assert_string_equal(get(&r.plans[0], "PIDFile", 0), "/run/ev.pid");
        result_free(&r);

        /* a variable called pidfile holding the lock file is no pid file */
        r = convert("lk", "pidfile=/var/lock/subsys/lk\n"
                          "case \"$1\" in\nstart) daemon lkd; touch $pidfile ;;\nstop) killproc lkd; rm -f $pidfile ;;\nesac\n");
        assert_null(get(&r.plans[0], "PIDFile", 0));
        assert_non_null(strstr(why(&r.plans[0], "GuessMainPID"), "lock file"));
        result_free(&r);

        /* nginx's upgrade: the .oldbin file is the old master's */
        r = convert("nginx", "PID=/run/nginx.pid\n"
                             "case \"$1\" in\nstart) nginx ;;\n"
                             "stop) start-stop-daemon --stop --pidfile $PID.oldbin; start-stop-daemon --stop --pidfile $PID ;;\n"
                             "esac\n");
        assert_string_equal(get(&r.plans[0], "PIDFile", 0), "/run/nginx.pid");
        result_free(&r);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_el_nested_pidfile_with_sysconfig),
                cmocka_unit_test(test_instances),
                cmocka_unit_test(test_oneshot),
                cmocka_unit_test(test_daemon_without_pidfile),
                cmocka_unit_test(test_debian_start_stop_daemon),
                cmocka_unit_test(test_required_service),
                cmocka_unit_test(test_echo_pid),
                cmocka_unit_test(test_mkdir_p_is_not_a_pidfile),
                cmocka_unit_test(test_not_an_init_script),
                cmocka_unit_test(test_recursion_is_bounded),
                cmocka_unit_test(test_sourcing_is_bounded),
                cmocka_unit_test(test_dispatch_with_default),
                cmocka_unit_test(test_init_d_script_model),
                cmocka_unit_test(test_init_d_script_from_target),
                cmocka_unit_test(test_facilities),
                cmocka_unit_test(test_timeouts_and_exit_codes),
                cmocka_unit_test(test_reload_restart),
                cmocka_unit_test(test_guards),
                cmocka_unit_test(test_instances_after_setup),
                cmocka_unit_test(test_screening_case),
                cmocka_unit_test(test_hard_linked_pidfile),
                cmocka_unit_test(test_conditions),
                cmocka_unit_test(test_daemons_wherever_they_start),
                cmocka_unit_test(test_instances_that_only_print),
                cmocka_unit_test(test_pidfiles_to_trust),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
