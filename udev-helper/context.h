/* SPDX-License-Identifier: MIT */
#pragma once

#include <libudev.h>
#include <stdbool.h>

#include "bindings.h"
#include "config.h"

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

        struct udev *udev;
        Config config;
        Bindings bindings;
} Context;

/* Loads the configuration: a missing file is an empty one (nothing is named).  On error
 * fills err and returns -EINVAL (parse) or another negative errno (read). */
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
