/* SPDX-License-Identifier: MIT */
#pragma once

#include <syslog.h>

#include "macro.h"

/* Logging for sysv2unit-generator.  A generator runs before the journal, so, as
 * systemd's own generators do, it writes to the kernel log (/dev/kmsg), where the
 * journal picks the lines up later.  SYSTEMD_LOG_TARGET=console (or no writable
 * /dev/kmsg, e.g. run by hand as a user) sends them to stderr instead, and
 * SYSTEMD_LOG_LEVEL (a number or a syslog name: debug, info, notice, warning, err)
 * sets the threshold (default info).  Nothing here ever fails the caller. */
void gen_log_open(void);
void gen_log_close(void);
_printf_(2, 3) void gen_log(int priority, const char *fmt, ...);
