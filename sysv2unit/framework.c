/* SPDX-License-Identifier: MIT */
/* Debian's init-d-script: its model and whether a script uses it (framework.h). */
#include "framework.h"

#include <stdbool.h>
#include <string.h>

#include "expand.h"

/* sysv2unit's model of Debian's /lib/init/init-d-script (init-d-script(5)), for a
 * target that does not have the framework: the defaults a script relies on (DAEMON,
 * NAME, PIDFILE=/var/run/$NAME.pid unless set or "none", DAEMON_ARGS, START_ARGS,
 * COMMAND_NAME, /etc/default/$NAME) and the do_start/do_stop/do_reload functions with
 * their _override, _prepare, _cleanup hooks. */
const char framework_model[] =
        "__init_d_script_name=\"$1\"\n"
        "shift\n"
        "is_call_implemented() { command -V $1 >/dev/null 2>&1; }\n"
        "call() {\n"
        "  cmd=\"$1\"; shift\n"
        "  if is_call_implemented ${cmd}_override; then ${cmd}_override \"$@\"; else ${cmd} \"$@\"; fi\n"
        "}\n"
        "do_start_cmd() {\n"
        "  start-stop-daemon --start --quiet ${PIDFILE:+--pidfile \"$PIDFILE\"} ${COMMAND_NAME:+--name \"$COMMAND_NAME\"} \\\n"
        "    ${DAEMON:+--exec \"$DAEMON\"} $START_ARGS -- $DAEMON_ARGS\n"
        "}\n"
        "do_start() {\n"
        "  if is_call_implemented do_start_prepare; then call do_start_prepare; fi\n"
        "  call do_start_cmd\n"
        "  if is_call_implemented do_start_cleanup; then call do_start_cleanup; fi\n"
        "}\n"
        "do_stop_cmd() {\n"
        "  start-stop-daemon --stop --quiet --retry=TERM/30/KILL/5 ${PIDFILE:+--pidfile \"$PIDFILE\"} \\\n"
        "    ${COMMAND_NAME:+--name \"$COMMAND_NAME\"} ${DAEMON:+--exec \"$DAEMON\"} $STOP_ARGS\n"
        "  rm -f $PIDFILE\n"
        "}\n"
        "do_stop() {\n"
        "  if is_call_implemented do_stop_prepare; then call do_stop_prepare; fi\n"
        "  call do_stop_cmd\n"
        "  if is_call_implemented do_stop_cleanup; then call do_stop_cleanup; fi\n"
        "}\n"
        "do_restart() { call do_stop_cmd; call do_start_cmd; }\n"
        "do_reload_wrapper() { call do_reload_cmd; }\n"
        "do_reload_signal() {\n"
        "  start-stop-daemon --stop --signal $RELOAD_SIGNAL --quiet ${PIDFILE:+--pidfile \"$PIDFILE\"} \\\n"
        "    ${COMMAND_NAME:+--name \"$COMMAND_NAME\"} ${DAEMON:+--exec \"$DAEMON\"} $RELOAD_ARGS\n"
        "}\n"
        "do_status() { status_of_proc ${PIDFILE:+-p \"$PIDFILE\"} \"${DAEMON:-none}\" \"$NAME\"; }\n"
        "unset DAEMON DAEMON_ARGS DESC NAME COMMAND_NAME PIDFILE RELOAD_ARGS RELOAD_SIGNAL START_ARGS STOP_ARGS\n"
        ". \"$__init_d_script_name\"\n"
        ": ${NAME:=${DAEMON##*/}}\n"
        ": ${DESC:=$NAME}\n"
        ": ${COMMAND_NAME:=${NAME}}\n"
        "if [ none = \"$PIDFILE\" ]; then PIDFILE=; elif [ -z \"$PIDFILE\" ]; then PIDFILE=/var/run/$NAME.pid; fi\n"
        "[ -r \"/etc/default/${NAME}\" ] && . \"/etc/default/${NAME}\"\n"
        "[ none = \"$DAEMON\" ] && DAEMON=\n"
        "[ none = \"$COMMAND_NAME\" ] && COMMAND_NAME=\n"
        "if ! is_call_implemented do_reload; then\n"
        "  if ! is_call_implemented do_reload_cmd && [ -n \"$RELOAD_SIGNAL\" ]; then do_reload_cmd() { do_reload_signal; }; fi\n"
        "  if is_call_implemented do_reload_cmd; then alias do_reload=do_reload_wrapper; fi\n"
        "fi\n"
        "case \"$1\" in\n"
        "start) call do_start ;;\n"
        "stop) call do_stop ;;\n"
        "status) call do_status ;;\n"
        "reload) if is_call_implemented do_reload; then do_reload; else exit 3; fi ;;\n"
        "force-reload)\n"
        "  if is_call_implemented do_force_reload; then call do_force_reload\n"
        "  elif is_call_implemented do_reload; then do_reload\n"
        "  else call do_restart; fi ;;\n"
        "restart) call do_restart ;;\n"
        "esac\n";


/* Whether the script hands itself to init-d-script: "#!/lib/init/init-d-script", or
 * "#!/bin/sh /lib/init/init-d-script", or ". /lib/init/init-d-script" at its top level
 * (Debian's form for kFreeBSD, inside an if). */
static bool sources_framework(const Node *n) {
        switch (n->kind) {
        case NODE_LIST:
                for (size_t i = 0; i < n->list.n; i++)
                        if (sources_framework(n->list.items[i]))
                                return true;
                return false;
        case NODE_COMMAND: {
                /* INIT_D_SCRIPT_SOURCED=true . /lib/init/init-d-script */
                const Command *c = &n->command;
                size_t k = 0;
                while (k < c->n_words && assignment_name_length(c->words[k].raw))
                        k++;
                return k + 1 < c->n_words && (!strcmp(c->words[k].raw, ".") || !strcmp(c->words[k].raw, "source")) &&
                       strstr(c->words[k + 1].raw, FRAMEWORK_PATH);
        }
        default:
                return false;
        }
}

bool framework_used(const char *text, const Node *tree) {
        const char *eol = strchr(text, '\n');
        size_t first = eol ? (size_t) (eol - text) : strlen(text);
        bool shebang = first > 2 && !strncmp(text, "#!", 2) && memmem(text, first, FRAMEWORK_PATH, strlen(FRAMEWORK_PATH));
        return shebang || sources_framework(tree);
}
