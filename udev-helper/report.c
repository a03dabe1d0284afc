/* SPDX-License-Identifier: MIT */
#include "report.h"

#include <stdio.h>
#include <syslog.h>
#if HAVE_LIBSYSTEMD
#include <systemd/sd-journal.h>
#else
/* Built without libsystemd: problems go to stderr only, without journal fields. */
#define sd_journal_send(...) 0
#endif

void report_problems(const DiskInfo *d, const Verdict *v, bool to_journal) {
        const char *dev = d->partition_devnode ? d->partition_devnode : d->devnode;
        for (int p = 0; p < _PROBLEM_MAX; p++) {
                if (!(v->problems & PROBLEM_BIT(p)))
                        continue;
                const char *detail = p == (int) problem_first(v->problems) && v->detail[0] ? v->detail : NULL;
                fprintf(stderr, "udev-helper: %s: %s: %s%s%s\n", dev, problem_word(p), problem_advice(p),
                        detail ? ": " : "", detail ? detail : "");
                if (to_journal)
                        (void) sd_journal_send("MESSAGE=%s: %s%s%s", dev, problem_advice(p), detail ? ": " : "",
                                               detail ? detail : "", "PRIORITY=%i", LOG_WARNING,
                                               "SYSLOG_IDENTIFIER=udev-helper", "UH_DEVICE=%s", dev,
                                               "UH_SERIAL=%s", v->has_identity ? v->identity : "",
                                               "UH_PROBLEM=%s", problem_word(p), NULL);
        }
}

void report_file_error(const char *file, unsigned line, const char *message, bool to_journal) {
        if (line)
                fprintf(stderr, "udev-helper: %s:%u: %s\n", file, line, message);
        else
                fprintf(stderr, "udev-helper: %s: %s\n", file, message);
        if (to_journal)
                (void) sd_journal_send("MESSAGE=%s:%u: %s", file, line, message, "PRIORITY=%i", LOG_ERR,
                                       "SYSLOG_IDENTIFIER=udev-helper", "UH_FILE=%s", file, NULL);
}
