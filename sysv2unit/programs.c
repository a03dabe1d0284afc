/* SPDX-License-Identifier: MIT */
/* The table of programs init scripts use (programs.h). */
#include "programs.h"

#include <stdbool.h>
#include <string.h>

#include "macro.h"

#define WORDS(...) ((const char *const[]) { __VA_ARGS__, NULL })

static const Program programs[] = {
        /* Red Hat's /etc/init.d/functions: daemon [--check N] [--user U | --user=U] [--pidfile F] [+/-nice] prog */
        { "daemon", ROLE_LAUNCHER, NULL, WORDS("--pidfile"), WORDS("--check", "--user", "--pidfile") },
        /* SUSE and LSB */
        { "startproc", ROLE_LAUNCHER, NULL, WORDS("-p"), WORDS("-p", "-u", "-g", "-l", "-c", "-n", "-t", "-T", "-w") },
        { "start_daemon", ROLE_LAUNCHER, NULL, WORDS("-p"), WORDS("-p", "-n") },
        { "nohup", ROLE_LAUNCHER, NULL, NULL, NULL },
        { "setsid", ROLE_LAUNCHER, NULL, NULL, NULL },
        { "daemonize", ROLE_LAUNCHER, NULL, WORDS("-p"), WORDS("-p", "-u", "-c", "-e", "-o", "-l", "-a", "-E") },
        { "start-stop-daemon", ROLE_SSD, NULL, WORDS("--pidfile", "--pid-file", "-p"), NULL },
        { "killproc", ROLE_KILLER, NULL, WORDS("-p"), WORDS("-p", "-d") },
        { "kill", ROLE_KILLER, NULL, NULL, NULL },
        { "pkill", ROLE_KILLER, NULL, WORDS("--pidfile", "-F"), NULL },
        { "killall", ROLE_KILLER, NULL, NULL, NULL },
        { "status", ROLE_STATUS, NULL, WORDS("-p"), WORDS("-p", "-b", "-l") },
        { "pidofproc", ROLE_STATUS, NULL, WORDS("-p"), WORDS("-p") },
        { "checkproc", ROLE_STATUS, NULL, WORDS("-p"), WORDS("-p") },
        { "status_of_proc", ROLE_STATUS, NULL, WORDS("-p"), WORDS("-p") },
        { "pidof", ROLE_STATUS, NULL, NULL, NULL },
        { "pgrep", ROLE_STATUS, NULL, NULL, NULL },
        /* Daemons started by their own control programs. */
        { "postfix", ROLE_CONTROL, WORDS("start"), NULL, NULL },
        { "apachectl", ROLE_CONTROL, WORDS("start", "startssl"), NULL, NULL },
        { "apache2ctl", ROLE_CONTROL, WORDS("start", "startssl"), NULL, NULL },
        { "httpd", ROLE_CONTROL, WORDS("start"), NULL, NULL },   /* httpd -k start */
        { "apache2", ROLE_CONTROL, WORDS("start"), NULL, NULL }, /* apache2 -k start */
        { "pg_ctl", ROLE_CONTROL, WORDS("start"), NULL, NULL },
        { "pg_ctlcluster", ROLE_CONTROL, WORDS("start"), NULL, NULL },
        { "mysqld_safe", ROLE_DAEMON, NULL, WORDS("--pid-file"), NULL },
        { "mysqld_multi", ROLE_CONTROL, WORDS("start"), NULL, NULL },
        { "slapd", ROLE_DAEMON, NULL, NULL, NULL },
        { "su", ROLE_RUN_AS, NULL, NULL, NULL },
        { "runuser", ROLE_RUN_AS, NULL, NULL, NULL },
        { "sudo", ROLE_RUN_AS, NULL, NULL, NULL },
        { "sh", ROLE_RUN_AS, NULL, NULL, NULL },
        { "bash", ROLE_RUN_AS, NULL, NULL, NULL },
        /* Terminal output and exit status (LSB and Red Hat message functions). */
        { "echo", ROLE_INERT, NULL, NULL, NULL },
        { "printf", ROLE_INERT, NULL, NULL, NULL },
        { "exit", ROLE_INERT, NULL, NULL, NULL },
        { "return", ROLE_INERT, NULL, NULL, NULL },
        { ":", ROLE_INERT, NULL, NULL, NULL },
        { "true", ROLE_INERT, NULL, NULL, NULL },
        { "false", ROLE_INERT, NULL, NULL, NULL },
        { "[", ROLE_INERT, NULL, NULL, NULL },
        { "test", ROLE_INERT, NULL, NULL, NULL },
        { "shift", ROLE_INERT, NULL, NULL, NULL },
        { "sleep", ROLE_INERT, NULL, NULL, NULL },
        { "usage", ROLE_INERT, NULL, NULL, NULL },
        { "log_success_msg", ROLE_INERT, NULL, NULL, NULL },
        { "log_failure_msg", ROLE_INERT, NULL, NULL, NULL },
        { "log_warning_msg", ROLE_INERT, NULL, NULL, NULL },
        { "log_daemon_msg", ROLE_INERT, NULL, NULL, NULL },
        { "log_progress_msg", ROLE_INERT, NULL, NULL, NULL },
        { "log_end_msg", ROLE_INERT, NULL, NULL, NULL },
        { "log_action_msg", ROLE_INERT, NULL, NULL, NULL },
        { "log_action_begin_msg", ROLE_INERT, NULL, NULL, NULL },
        { "log_action_end_msg", ROLE_INERT, NULL, NULL, NULL },
        { "log_begin_msg", ROLE_INERT, NULL, NULL, NULL },
        { "vlog_daemon_msg", ROLE_INERT, NULL, NULL, NULL },
        { "vlog_end_msg", ROLE_INERT, NULL, NULL, NULL },
        { "success", ROLE_INERT, NULL, NULL, NULL },
        { "failure", ROLE_INERT, NULL, NULL, NULL },
        { "passed", ROLE_INERT, NULL, NULL, NULL },
        { "warning", ROLE_INERT, NULL, NULL, NULL },
        { "action", ROLE_INERT, NULL, NULL, NULL },
};

/* The rows by first byte, in table order (so the first row of a name still wins):
 * asked for every command of every traced verb, thousands of times a script, and
 * sysv2unit-generator runs at every boot.  Built on first use. */
static unsigned char by_first[ELEMENTSOF(programs)];
static unsigned char first_start[257];

static void index_programs(void) {
        unsigned count[256] = {};
        for (size_t i = 0; i < ELEMENTSOF(programs); i++)
                count[(unsigned char) programs[i].name[0]]++;
        unsigned at = 0;
        for (unsigned c = 0; c < 256; c++) {
                first_start[c] = (unsigned char) at;
                at += count[c];
        }
        first_start[256] = (unsigned char) at;
        unsigned fill[256];
        for (unsigned c = 0; c < 256; c++)
                fill[c] = first_start[c];
        for (size_t i = 0; i < ELEMENTSOF(programs); i++)
                by_first[fill[(unsigned char) programs[i].name[0]]++] = (unsigned char) i;
}

const Program *program_find(const char *name) {
        _Static_assert(ELEMENTSOF(programs) < 256, "program_find()'s index holds bytes");
        static bool indexed;
        if (!indexed) {
                index_programs();
                indexed = true;
        }
        unsigned char c = (unsigned char) name[0];
        for (unsigned k = first_start[c]; k < first_start[c + 1]; k++)
                if (!strcmp(programs[by_first[k]].name, name))
                        return &programs[by_first[k]];
        return NULL;
}

bool program_has_role(const char *name, ProgramRole role) {
        const Program *p = program_find(name);
        return p && p->role == role;
}
