/* SPDX-License-Identifier: MIT */
#pragma once

/* What `udev-helper import` reads: hand-written udev rules that name ASM disks (the forms
 * Oracle and VMware setup guides write) and dm-multipath's bindings file.  Pure: a parser
 * over a byte buffer, bounded, no I/O; cmd-import.c maps the entries onto classes and
 * writes them.  A rule that names a disk but cannot be mapped exactly onto a binding is a
 * problem (never a guess): renaming a disk of a running database is worse than not
 * importing it. */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Far above any rules file; refused beyond, never read in part. */
#define IMPORT_MAX_SIZE (4 * 1024 * 1024)
/* One logical line, continuations joined. */
#define IMPORT_LINE_MAX 8192
#define IMPORT_MAX_ENTRIES 65536

typedef enum ImportFormat {
        IMPORT_UDEV_RULES,
        IMPORT_MULTIPATH_BINDINGS, /* /etc/multipath/bindings: "ALIAS WWID" */
} ImportFormat;

/* One disk the input names. */
typedef struct ImportEntry {
        unsigned line;      /* first physical line of the rule */
        char *name;         /* below /dev: SYMLINK+= or NAME=, or the multipath alias */
        char *id;           /* the serial as the bindings file holds it */
        unsigned partition; /* 0: the whole disk; N: partition N (KERNEL=="sd?N") */
        char *owner, *group; /* NULL when the rule sets none */
        mode_t mode;
        bool has_mode;
} ImportEntry;

typedef struct ImportProblem {
        unsigned line;
        char message[224];
} ImportProblem;

typedef struct ImportResult {
        ImportEntry *entries;
        size_t n_entries;
        ImportProblem *problems; /* in line order */
        size_t n_problems;
} ImportResult;

/* Parses text (size bytes, NULs allowed and refused per line).  Lines that name no disk
 * (comments, GOTO/LABEL, rules setting only owners by kernel name are problems, see .c)
 * are skipped.  Returns 0 (entries and problems in ret), -EFBIG beyond IMPORT_MAX_SIZE,
 * or -ENOMEM. */
int import_parse(const char *text, size_t size, ImportFormat format, ImportResult *ret);
void import_result_done(ImportResult *r);
