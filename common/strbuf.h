/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>

/* A growing NUL-terminated string.  Errors are sticky: after the first failure every
 * append is a no-op and the caller checks .error once at the end. */
typedef struct StrBuf {
        char *s;
        size_t n, allocated;
        size_t max; /* 0: no limit; else appends past it fail with -E2BIG */
        int error;
} StrBuf;

void strbuf_append(StrBuf *b, const char *s, size_t len);
void strbuf_puts(StrBuf *b, const char *s);
void strbuf_putc_slow(StrBuf *b, char c);
/* The lexer and the expander build words a byte at a time: room for it is the common
 * case, inline. */
static inline void strbuf_putc(StrBuf *b, char c) {
        if (!b->error && b->n + 2 <= b->allocated && (!b->max || b->n + 2 <= b->max)) {
                b->s[b->n++] = c;
                b->s[b->n] = '\0';
                return;
        }
        strbuf_putc_slow(b, c);
}
/* Hands over the string ("" when nothing was appended), or NULL on error. */
char *strbuf_steal(StrBuf *b);
void strbuf_free(StrBuf *b);
