/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdarg.h>
#include <stddef.h>

#include "macro.h"

/* Errors and warnings about an input file, collected by the pure stages and printed by
 * main as "FILE:LINE: message". */
typedef struct Diag {
        unsigned line;
        int is_error;
        char message[256];
} Diag;

typedef struct Diags {
        Diag *items;
        size_t n;
        size_t n_errors;
} Diags;

_printf_(3, 4) void diag_error(Diags *d, unsigned line, const char *fmt, ...);
_printf_(3, 4) void diag_warn(Diags *d, unsigned line, const char *fmt, ...);
void diags_free(Diags *d);
