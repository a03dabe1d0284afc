/* SPDX-License-Identifier: MIT */
#pragma once

#include <libudev.h>
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

/* Parsed options and what the command loaded; the only state a command has. */
typedef struct Context {
        const char *config_path;
        const char *bindings_path;
        const char *class_name;
        const char *name;
        bool json;
        bool force;
        bool quiet;
        bool retrigger;
        /* Admin commands (issue 11): scan's columns, bind's and apply's dry run, apply's wait. */
        const char *columns;  /* scan -o: comma list, NULL for the default */
        bool noheadings;      /* scan --noheadings */
        bool dry_run;         /* bind, apply: say what would be done, write nothing */
        int timeout_sec;      /* apply --timeout: -1 for the default, 0 for no wait */

        struct udev *udev;
        Config config;
        Bindings bindings;
        unsigned n_account_problems; /* owners and groups this host does not know (LOAD_ACCOUNTS) */
} Context;

/* What a command needs loaded; context_load() is the one place that reads both files. */
typedef enum LoadFlags {
        LOAD_BINDINGS = 1 << 0, /* the whole bindings file (admin commands) */
        LOAD_ACCOUNTS = 1 << 1, /* look owner and group up (NSS): never on the event path, where udev
                                 * resolves OWNER=/GROUP= itself and NSS may be slow or absent */
        LOAD_JOURNAL = 1 << 2,  /* errors go to the journal too */
} LoadFlags;

/* Loads the configuration (a missing file is an error: a node whose configuration went
 * missing must not look healthy) and, with LOAD_BINDINGS, the whole bindings file (a
 * missing one is empty).  Admin commands refuse any damaged or conflicting bindings line:
 * every one is reported as FILE:LINE.  Returns EXIT_OK or EXIT_FILE_ERROR, reported. */
int context_load(Context *c, LoadFlags flags);

/* The event path: only the bindings lines about these identities (and those sharing their
 * names), so the cost does not grow with the file.  Damaged or conflicting lines among them
 * are reported (stderr and journal, FILE:LINE) and ignored; every other line still applies.
 * Returns the number of such lines, or a negative errno when the file cannot be read. */
int context_load_event_bindings(Context *c, const char *const *ids, size_t n_ids, const char *const *names,
                                size_t n_names);
/* The same for one disk's identities (its serial, its iSCSI target and LUN) and, when not
 * NULL, the name it claims. */
int context_load_disk_bindings(Context *c, const DiskInfo *d, const char *claim);

/* Older entry points, kept for callers not yet on context_load(): strict, the first error
 * in err.  A missing configuration is -ENOENT. */
int context_load_config(Context *c, ParseError *err);
int context_load_bindings(Context *c, ParseError *err);
/* Reports a load failure as "FILE:LINE: message". */
void context_report_load_error(const char *path, int r, const ParseError *err, bool to_journal);
void context_done(Context *c);

int cmd_export(Context *c, int argc, char **argv);
int cmd_scan(Context *c, int argc, char **argv);
int cmd_check(Context *c, int argc, char **argv);
int cmd_bind(Context *c, int argc, char **argv);
int cmd_unbind(Context *c, int argc, char **argv);
int cmd_rules(Context *c, int argc, char **argv);
int cmd_list(Context *c, int argc, char **argv);
int cmd_query(Context *c, int argc, char **argv);
int cmd_apply(Context *c, int argc, char **argv);

/* cmd-list.c: the name export gives a disk or, for a class that names partition N, that
 * partition; NULL when it gets none. */
struct Verdict;
const char *verdict_shown_name(const struct Verdict *v);
