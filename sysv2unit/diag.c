/* SPDX-License-Identifier: MIT */
/* Diagnostics collected by the pure stages (diag.h). */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>

_printf_(4, 0) static void diag_add(Diags *d, unsigned line, int is_error, const char *fmt, va_list ap) {
        Diag *n = realloc(d->items, (d->n + 1) * sizeof(Diag));
        if (!n)
                return; /* out of memory: the diagnostic is lost, the error count is not */
        d->items = n;
        Diag *x = &d->items[d->n++];
        x->line = line;
        x->is_error = is_error;
        vsnprintf(x->message, sizeof(x->message), fmt, ap);
}

void diag_error(Diags *d, unsigned line, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        diag_add(d, line, 1, fmt, ap);
        va_end(ap);
        d->n_errors++;
}

void diag_warn(Diags *d, unsigned line, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        diag_add(d, line, 0, fmt, ap);
        va_end(ap);
}

void diags_free(Diags *d) {
        free(d->items);
        *d = (Diags) {};
}
