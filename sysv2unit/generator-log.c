/* SPDX-License-Identifier: MIT */
#include "generator-log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int kmsg_fd = -1;
static int max_level = LOG_INFO;

static int parse_level(const char *s) {
        static const char *const names[] = { "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug" };
        for (int i = 0; i < (int) ELEMENTSOF(names); i++)
                if (!strcmp(s, names[i]))
                        return i;
        char *end;
        long v = strtol(s, &end, 10);
        return *s && !*end && v >= 0 && v <= LOG_DEBUG ? (int) v : -1;
}

void gen_log_open(void) {
        const char *level = getenv("SYSTEMD_LOG_LEVEL");
        if (level && parse_level(level) >= 0)
                max_level = parse_level(level);
        const char *target = getenv("SYSTEMD_LOG_TARGET");
        if (target && (!strcmp(target, "console") || !strcmp(target, "console-prefixed")))
                return;
        kmsg_fd = open("/dev/kmsg", O_WRONLY | O_NOCTTY | O_CLOEXEC);
}

void gen_log_close(void) {
        if (kmsg_fd >= 0)
                close(kmsg_fd);
        kmsg_fd = -1;
}

void gen_log(int priority, const char *fmt, ...) {
        if (priority > max_level)
                return;
        int saved = errno;
        char msg[1024];
        va_list ap;
        va_start(ap, fmt);
        (void) vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        /* One record per line: a newline inside would start a record without a prefix. */
        for (char *p = msg; *p; p++)
                if (*p == '\n' || (unsigned char) *p < 0x20)
                        *p = ' ';
        if (kmsg_fd >= 0) {
                char line[1100];
                /* <facility*8+priority>: LOG_DAEMON, as systemd's generators log. */
                int n = snprintf(line, sizeof(line), "<%d>sysv2unit-generator[%d]: %s\n", LOG_DAEMON | priority,
                                 (int) getpid(), msg);
                if (n > 0 && write(kmsg_fd, line, (size_t) n < sizeof(line) ? (size_t) n : sizeof(line) - 1) >= 0) {
                        errno = saved;
                        return;
                }
        }
        fprintf(stderr, "sysv2unit-generator: %s\n", msg);
        errno = saved;
}
