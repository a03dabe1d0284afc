/* SPDX-License-Identifier: MIT */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>

#include "journal.h"
#include "macro.h"

static const char *journal_socket(void) {
#ifdef UH_JOURNAL_SOCKET_ENV
        /* Only in the test build of the event binary: tests receive what would reach journald. */
        const char *p = getenv(UH_JOURNAL_SOCKET_ENV);
        if (p && *p)
                return p;
#endif
        return JOURNAL_SOCKET;
}

void report_problems(const DiskInfo *d, const Verdict *v, bool to_journal) {
        const char *dev = d->partition_devnode ? d->partition_devnode : d->devnode;
        for (int p = 0; p < _PROBLEM_MAX; p++) {
                if (!(v->problems & PROBLEM_BIT(p)))
                        continue;
                const char *detail = p == (int) problem_first(v->problems) && v->detail[0] ? v->detail : NULL;
                fprintf(stderr, "udev-helper: %s: %s: %s%s%s\n", dev, problem_word(p), problem_advice(p),
                        detail ? ": " : "", detail ? detail : "");
                if (!to_journal)
                        continue;
                _cleanup_free_ char *message = NULL;
                if (asprintf(&message, "%s: %s%s%s", dev, problem_advice(p), detail ? ": " : "",
                             detail ? detail : "") < 0) {
                        message = NULL; /* undefined after a failure */
                        continue;
                }
                char priority[4];
                snprintf(priority, sizeof(priority), "%i", LOG_WARNING);
                const JournalField f[] = {
                        { "MESSAGE", message },
                        { "PRIORITY", priority },
                        { "SYSLOG_IDENTIFIER", "udev-helper" },
                        { "UH_DEVICE", dev },
                        { "UH_SERIAL", v->has_identity ? v->identity : "" },
                        { "UH_PROBLEM", problem_word(p) },
                };
                (void) journal_send(journal_socket(), f, ELEMENTSOF(f));
        }
}

void report_file_error(const char *file, unsigned line, const char *message, bool to_journal) {
        if (line)
                fprintf(stderr, "udev-helper: %s:%u: %s\n", file, line, message);
        else
                fprintf(stderr, "udev-helper: %s: %s\n", file, message);
        if (!to_journal)
                return;
        _cleanup_free_ char *text = NULL;
        if (asprintf(&text, "%s:%u: %s", file, line, message) < 0) {
                text = NULL; /* undefined after a failure */
                return;
        }
        char priority[4];
        snprintf(priority, sizeof(priority), "%i", LOG_ERR);
        const JournalField f[] = {
                { "MESSAGE", text },
                { "PRIORITY", priority },
                { "SYSLOG_IDENTIFIER", "udev-helper" },
                { "UH_FILE", file },
        };
        (void) journal_send(journal_socket(), f, ELEMENTSOF(f));
}
