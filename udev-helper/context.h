/* SPDX-License-Identifier: MIT */
#pragma once

/* What every command shares, export included (the two files' paths and contents, -q), and
 * the one place that loads both files.  No libudev, no NSS: the event binary links it. */

#include <stdbool.h>

#include "bindings.h"
#include "config.h"
#include "disk.h"

enum {
        EXIT_OK = 0,
        EXIT_PROBLEMS = 1,    /* a disk has a problem, or was refused */
        EXIT_USAGE = 2,       /* bad command line */
        EXIT_FILE_ERROR = 3,  /* configuration or bindings file unreadable or invalid */
};

/* What every command shares, export included: where the two files are, what was loaded
 * from them, and -q.  A command's own options live in its cmd-*.c (command.h). */
typedef struct Context {
        const char *config_path;
        const char *bindings_path;
        bool quiet;

        Config config;
        Bindings bindings;
} Context;

/* What a command needs loaded; context_load() is the one place that reads both files. */
typedef enum LoadFlags {
        LOAD_BINDINGS = 1 << 0, /* the whole bindings file (admin commands) */
        LOAD_JOURNAL = 1 << 1,  /* errors go to the journal too */
} LoadFlags;

/* Loads the configuration (a missing file is an error: a node whose configuration went
 * missing must not look healthy) and, with LOAD_BINDINGS, the whole bindings file (a
 * missing one is empty).  Admin commands refuse any damaged or conflicting bindings line:
 * every one is reported as FILE:LINE.  Returns EXIT_OK or EXIT_FILE_ERROR, reported. */
int context_load(Context *c, LoadFlags flags);
/* Its two steps, for callers that do more in between (accounts.h). */
int context_load_config_file(Context *c, bool journal);
int context_load_bindings_file(Context *c, bool journal);

/* The event path: only the bindings lines about these identities (and those sharing their
 * names), into ret (emptied first), so the cost does not grow with the file.  Damaged or conflicting lines among them
 * are reported (stderr and journal, FILE:LINE) and ignored; every other line still applies.
 * Returns the number of such lines, or a negative errno when the file cannot be read. */
int context_load_event_bindings(const Context *c, const char *const *ids, size_t n_ids, const char *const *names,
                                size_t n_names, Bindings *ret);
/* The same for one disk's identities (its serial, its iSCSI target and LUN) and, when not
 * NULL, the name it claims. */
int context_load_disk_bindings(const Context *c, const DiskInfo *d, const char *claim, Bindings *ret);

/* Older entry points, kept for callers not yet on context_load(): strict, the first error
 * in err.  A missing configuration is -ENOENT. */
int context_load_config(Context *c, ParseError *err);
int context_load_bindings(Context *c, ParseError *err);
/* Reports a load failure as "FILE:LINE: message". */
void context_report_load_error(const char *path, int r, const ParseError *err, bool to_journal);
void context_done(Context *c);
