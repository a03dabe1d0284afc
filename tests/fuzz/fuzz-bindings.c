/* SPDX-License-Identifier: MIT */
/* /etc/udev-helper/bindings: the file bind rewrites and every event reads, copied between
 * cluster nodes by hand or by configuration management.  Whatever parses must survive a
 * rewrite unchanged: format(parse(x)) parses again to the same text. */
#include "bindings.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        if (size > BINDINGS_MAX_SIZE)
                return 0;
        char *text = fuzz_strndup(data, size);
        Bindings b = {};
        ParseError err = {};
        if (bindings_parse(text, size, &b, &err) < 0) {
                free(text);
                return 0;
        }
        for (size_t i = 0; i < b.n_lines; i++)
                if (b.lines[i].name &&
                    (bindings_find_by_name(&b, b.lines[i].name) == NULL || bindings_find_by_id(&b, b.lines[i].id) == NULL))
                        abort();

        char *out = NULL, *out2 = NULL;
        size_t n = 0, n2 = 0;
        if (bindings_format(&b, &out, &n) < 0)
                abort();
        Bindings b2 = {};
        if (bindings_parse(out, n, &b2, &err) < 0)
                abort(); /* a rewrite must not produce a file the next event refuses */
        if (bindings_format(&b2, &out2, &n2) < 0 || n != n2 || memcmp(out, out2, n) != 0)
                abort();

        bindings_done(&b2);
        bindings_done(&b);
        free(out);
        free(out2);
        free(text);
        return 0;
}
