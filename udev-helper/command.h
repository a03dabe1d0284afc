/* SPDX-License-Identifier: MIT */
#pragma once

/* A command is a row (as kmod's kmod_cmd): its name, what runs it, its help and the options
 * it takes beyond the common ones (-c, -b, -q, -h, -V, which main.c parses).  Each cmd-*.c
 * defines its rows and keeps its own option values; main.c's dispatch, its list of
 * commands and `COMMAND --help` all come from the table in main.c. */
#include <getopt.h>

#include "context.h"

/* Long options without a short letter; one value each, also where several commands take one. */
enum {
        ARG_NOHEADINGS = 0x100,
        ARG_DRY_RUN,
        ARG_TIMEOUT,
};

typedef struct Command {
        const char *name;
        int (*run)(Context *c, int argc, char **argv);
        const char *synopsis;     /* its lines under "Commands:" in `udev-helper --help` */
        const char *help;         /* `udev-helper COMMAND --help` */
        const char *options_help; /* its lines under "Options:" in `udev-helper --help` */
        /* The options this command takes, { } terminated; an option several commands take
         * (--dry-run) is a row in each.  parse_option() stores one, or returns -EINVAL after
         * saying why on stderr. */
        const struct option *options;
        int (*parse_option)(int opt, const char *arg);
} Command;

extern const Command command_export, command_scan, command_check, command_bind, command_unbind, command_rules,
        command_list, command_query, command_apply;
