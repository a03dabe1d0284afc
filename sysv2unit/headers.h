/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* The comment headers of an init script, parsed from its text alone: chkconfig's
 * (# chkconfig:, # description:, # processname:, # pidfile:, # config:) and the LSB
 * block (### BEGIN INIT INFO ... ### END INIT INFO).  Pure over the buffer; read once,
 * by the read stage (script.h), and kept in the Script for every later stage. */

/* A header value with the line it came from, for --explain. */
typedef struct HeaderValue {
        char *value;
        unsigned line;
} HeaderValue;

/* Space-separated lists (Provides, Required-Start, ...) split into words. */
typedef struct HeaderList {
        char **items;
        size_t n;
        unsigned line;
        bool present;
} HeaderList;

typedef struct ScriptHeaders {
        /* chkconfig block */
        HeaderValue chkconfig_runlevels; /* "2345" or "-" */
        unsigned chkconfig_start;        /* its start priority (0-99), when runlevels are set */
        HeaderValue description;         /* continuation lines joined */
        HeaderValue processname;
        HeaderValue pidfile;
        HeaderValue config;

        /* LSB block */
        bool has_lsb;
        HeaderList provides;
        HeaderList required_start;
        HeaderList required_stop;
        HeaderList should_start;
        HeaderList should_stop;
        HeaderList x_start_before;
        HeaderList default_start;
        HeaderList default_stop;
        HeaderValue short_description;
        HeaderValue lsb_description;
} ScriptHeaders;

/* Longest header value kept; longer ones are cut with a warning (systemd refuses lines
 * over 1 MB, and a description is not the place for a novel). */
#define HEADER_VALUE_MAX 1024

/* Reads both header blocks from normalized script text. Never fails on content: problems
 * become diagnostics. Returns -ENOMEM only. */
int headers_parse(const char *text, ScriptHeaders *ret, Diags *diags);
void headers_free(ScriptHeaders *h);
