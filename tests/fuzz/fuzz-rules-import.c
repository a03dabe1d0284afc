/* SPDX-License-Identifier: MIT */
/* `udev-helper import` reads a site's udev rules and multipath bindings: hand-written,
 * copied around, possibly hostile.  The first byte picks the format.  Whatever it accepts
 * must be a binding the bindings file holds as it is (a valid, unreserved name and a
 * serial scsi_id can print), every problem names a line of the input, and nothing it
 * returns lies outside the input. */
#include "bindings.h"
#include "fuzz.h"
#include "naming.h"
#include "rules-import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        if (size < 1 || size > IMPORT_MAX_SIZE)
                return 0;
        ImportFormat f = data[0] & 1 ? IMPORT_MULTIPATH_BINDINGS : IMPORT_UDEV_RULES;
        data++;
        size--;
        /* Not NUL-terminated: the parser is bounded by size, not by a terminator. */
        uint8_t *copy = malloc(size ? size : 1);
        if (!copy)
                abort();
        memcpy(copy, data, size);
        unsigned lines = 1;
        for (size_t i = 0; i < size; i++)
                lines += data[i] == '\n';
        ImportResult r;
        if (import_parse((const char *) copy, size, f, &r) < 0) {
                free(copy);
                return 0;
        }
        for (size_t i = 0; i < r.n_entries; i++) {
                const ImportEntry *e = &r.entries[i];
                if (name_validate(e->name) < 0 || name_reserved(e->name) || !binding_id_ok(e->id))
                        abort();
                if (e->line < 1 || e->line > lines || (i > 0 && e->line <= r.entries[i - 1].line))
                        abort();
        }
        for (size_t i = 0; i < r.n_problems; i++)
                if (r.problems[i].line < 1 || r.problems[i].line > lines)
                        abort();
        import_result_done(&r);
        free(copy);
        return 0;
}
