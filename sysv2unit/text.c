/* SPDX-License-Identifier: MIT */
#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int text_normalize(const char *data, size_t size, char **ret, Diags *diags) {
        const char *nul = memchr(data, '\0', size);
        if (nul) {
                unsigned line = 1;
                for (const char *p = data; p < nul; p++)
                        line += *p == '\n';
                diag_error(diags, line, "not a text file (NUL byte at offset %zu): is this a binary?",
                           (size_t) (nul - data));
                return -EINVAL;
        }
        char *out = malloc(size + 1);
        if (!out)
                return -ENOMEM;
        size_t o = 0;
        for (size_t i = 0; i < size; i++) {
                if (data[i] == '\r') {
                        out[o++] = '\n';
                        if (i + 1 < size && data[i + 1] == '\n')
                                i++;
                } else
                        out[o++] = data[i];
        }
        out[o] = '\0';
        *ret = out;
        return 0;
}
