/* SPDX-License-Identifier: MIT */
#pragma once

/* Finding a few short strings in a large buffer, and counting its lines, at a cost per byte
 * small enough that the event path can afford to look at a whole bindings file of
 * thousands of lines on every event (bench/README.md).  Pure: no allocation, no I/O. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TEXT_NOT_FOUND SIZE_MAX

/* The offset of the first occurrence of needle[0..n) that starts at or after from in
 * text[0..size), or TEXT_NOT_FOUND.  Exact, whatever the bytes (NULs included); never
 * reads outside text[0..size).  n > 0. */
size_t text_find(const char *text, size_t size, size_t from, const char *needle, size_t n);

/* The number of '\n' in text[from..to). */
size_t text_count_lines(const char *text, size_t from, size_t to);

/* Tests: the SSE2 code even where AVX2 is there. */
extern bool text_search_no_avx2;
