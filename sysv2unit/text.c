/* SPDX-License-Identifier: MIT */
/* Text checks: a script is text; output is valid UTF-8 (text.h). */
#include "text.h"

#include <errno.h>
#include <stdio.h>
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
        /* Most scripts have no carriage return: copy the runs between them whole. */
        size_t o = 0;
        for (size_t i = 0; i < size;) {
                const char *cr = memchr(data + i, '\r', size - i);
                size_t run = cr ? (size_t) (cr - (data + i)) : size - i;
                memcpy(out + o, data + i, run);
                o += run;
                i += run;
                if (!cr)
                        break;
                out[o++] = '\n';
                i++;
                if (i < size && data[i] == '\n')
                        i++;
        }
        out[o] = '\0';
        *ret = out;
        return 0;
}

/* The length of the valid UTF-8 sequence at s (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_sequence(const unsigned char *s) {
        if (s[0] < 0x80)
                return 1;
        size_t n = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
        for (size_t i = 1; i < n; i++)
                if ((s[i] & 0xc0) != 0x80)
                        return 0;
        if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) || (s[0] == 0xf0 && s[1] < 0x90) ||
            (s[0] == 0xf4 && s[1] > 0x8f))
                return 0;
        return n;
}

char *utf8_escape_invalid(const char *s) {
        size_t len = strlen(s);
        char *out = malloc(4 * len + 1);
        if (!out)
                return NULL;
        size_t o = 0;
        for (const unsigned char *p = (const unsigned char *) s; *p;) {
                size_t n = utf8_sequence(p);
                if (n) {
                        memcpy(out + o, p, n);
                        o += n;
                        p += n;
                } else {
                        o += (size_t) sprintf(out + o, "\\x%02x", *p);
                        p++;
                }
        }
        out[o] = '\0';
        return out;
}
