/* SPDX-License-Identifier: MIT */
#pragma once

#include "decide.h"
#include "disk.h"

/* A problem goes to stderr as a sentence and to the journal with the device, serial and
 * problem word as fields, so `journalctl UH_PROBLEM=duplicate-serial` finds them all. */
void report_problems(const DiskInfo *d, const Verdict *v, bool to_journal);

/* An error about a file: "FILE:LINE: message" on stderr, and to the journal if asked. */
void report_file_error(const char *file, unsigned line, const char *message, bool to_journal);
