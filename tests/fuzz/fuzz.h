/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The libFuzzer entry point; also called by replay.c, which feeds it the stored corpus in
 * every build (gcc included), so the corpus is a regression suite even without clang. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The parsers take C strings: a NUL-terminated copy of the input, cut at the first NUL
 * the way a reader of a text file would see it. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size) {
        char *s = malloc(size + 1);
        if (!s)
                abort();
        memcpy(s, data, size);
        s[size] = '\0';
        return s;
}
