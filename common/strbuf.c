/* SPDX-License-Identifier: MIT */
#include "strbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void strbuf_append(StrBuf *b, const char *s, size_t len) {
        if (b->error)
                return;
        if (b->max && b->n + len + 1 > b->max) {
                b->error = -E2BIG;
                return;
        }
        if (b->n + len + 1 > b->allocated) {
                size_t a = b->allocated ? b->allocated : 64;
                while (a < b->n + len + 1)
                        a *= 2;
                char *n = realloc(b->s, a);
                if (!n) {
                        b->error = -ENOMEM;
                        return;
                }
                b->s = n;
                b->allocated = a;
        }
        memcpy(b->s + b->n, s, len);
        b->n += len;
        b->s[b->n] = '\0';
}

void strbuf_puts(StrBuf *b, const char *s) {
        strbuf_append(b, s, strlen(s));
}

void strbuf_putc_slow(StrBuf *b, char c) {
        strbuf_append(b, &c, 1);
}

char *strbuf_steal(StrBuf *b) {
        if (b->error) {
                strbuf_free(b);
                return NULL;
        }
        char *s = b->s ? b->s : strdup("");
        *b = (StrBuf) {};
        return s;
}

void strbuf_free(StrBuf *b) {
        free(b->s);
        *b = (StrBuf) {};
}
