/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>

#include "shell.h"

/* Debian's /lib/init/init-d-script (init-d-script(5)): a framework that owns the
 * dispatch and the default functions, into which a script hands itself.  Whether a
 * script does, and sysv2unit's model of the framework for a target that lacks it (the
 * target's own copy is read when it has one).  Pure. */

#define FRAMEWORK_PATH "/lib/init/init-d-script"

/* The model, as shell text: the defaults a script relies on (DAEMON, NAME,
 * PIDFILE=/var/run/$NAME.pid unless set or "none", DAEMON_ARGS, START_ARGS, COMMAND_NAME,
 * /etc/default/$NAME) and do_start/do_stop/do_reload with their _override, _prepare and
 * _cleanup hooks. */
extern const char framework_model[];

/* Whether the script hands itself to the framework: "#!/lib/init/init-d-script", "#!/bin/sh
 * /lib/init/init-d-script", or ". /lib/init/init-d-script" at its top level (Debian's
 * form for kFreeBSD, inside an if).  tree: the script parsed. */
bool framework_used(const char *text, const Node *tree);
