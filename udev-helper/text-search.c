/* SPDX-License-Identifier: MIT */
/* text_find() and text_count_lines(): the event path's scan of the bindings file.  What it
 * looks for, and why that is enough, is bindings.c's business; this file only makes looking
 * cheap.
 *
 * glibc's memmem() skips ahead by pairs of bytes it does not find in the needle, which is
 * fast on random text and slow on a bindings file, where every name shares "asm/data0" with
 * the one sought: with 4,096 lines it cost more than the rest of an event together
 * (bench/README.md).  Here every position is tested, 32 (AVX2) or 16 (SSE2) at a time, for
 * the needle's first and last bytes (far apart, so that runs such as "0000" in a serial do
 * not pass at every step; the last is where a site's names and serials differ); the rare
 * positions that pass are compared in full.  The cost per byte is then about the same
 * whatever the file holds, and several times lower.  Elsewhere than x86-64 it is
 * memmem() and a plain loop: correct, only slower. */
#include "text-search.h"

#include <stdbool.h>
#include <string.h>

bool text_search_no_avx2 = false;

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TEXT_SEARCH_X86 1
#include <immintrin.h>
#endif

#ifdef TEXT_SEARCH_X86

/* The positions of one 64-byte half-block that passed the test of the first and last
 * bytes, in full.  The byte before the last rules out most false candidates without a
 * call. */
static inline __attribute__((always_inline)) size_t verify(const char *t, size_t q, uint64_t m, const char *needle,
                                                           size_t n) {
        for (; m; m &= m - 1) {
                size_t j = q + (size_t) __builtin_ctzll(m);
                if (t[j + n - 2] == needle[n - 2] && memcmp(t + j, needle, n) == 0)
                        return j;
        }
        return TEXT_NOT_FOUND;
}

/* The scan: every position i from q on with t[i] == needle[0] and t[i + n - 1] ==
 * needle[n - 1], 128 positions a step, verified in full.  Returns the first match, or
 * TEXT_NOT_FOUND with *next at the first position it did not test: it reads only t[0..size),
 * so it stops at the first block it cannot test whole and leaves the rest to the caller. */
typedef size_t Scan(const char *t, size_t size, size_t q, const char *needle, size_t n, size_t *next);

__attribute__((target("avx2"))) static size_t scan_avx2(const char *t, size_t size, size_t q, const char *needle,
                                                         size_t n, size_t *next) {
        const size_t d = n - 1;
        const __m256i va = _mm256_set1_epi8(needle[0]), vb = _mm256_set1_epi8(needle[d]);
        for (; size >= 128 + d && q <= size - 128 - d; q += 128) {
                const char *p = t + q;
#define PAIR32(o)                                                                                                   \
        _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *) (p + (o))), va),                    \
                         _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *) (p + (o) + d)), vb))
                __m256i r0 = PAIR32(0), r1 = PAIR32(32), r2 = PAIR32(64), r3 = PAIR32(96);
#undef PAIR32
                __m256i any = _mm256_or_si256(_mm256_or_si256(r0, r1), _mm256_or_si256(r2, r3));
                if (__builtin_expect(!_mm256_testz_si256(any, any), 0)) {
                        uint64_t lo = (uint32_t) _mm256_movemask_epi8(r0) | (uint64_t) (uint32_t) _mm256_movemask_epi8(r1) << 32;
                        uint64_t hi = (uint32_t) _mm256_movemask_epi8(r2) | (uint64_t) (uint32_t) _mm256_movemask_epi8(r3) << 32;
                        size_t j = verify(t, q, lo, needle, n);
                        if (j == TEXT_NOT_FOUND)
                                j = verify(t, q + 64, hi, needle, n);
                        if (j != TEXT_NOT_FOUND)
                                return j;
                }
        }
        *next = q;
        return TEXT_NOT_FOUND;
}

static size_t scan_sse2(const char *t, size_t size, size_t q, const char *needle, size_t n, size_t *next) {
        const size_t d = n - 1;
        const __m128i va = _mm_set1_epi8(needle[0]), vb = _mm_set1_epi8(needle[d]);
        for (; size >= 128 + d && q <= size - 128 - d; q += 128) {
                const char *p = t + q;
#define PAIR16(o)                                                                                                   \
        _mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) (p + (o))), va),                             \
                      _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) (p + (o) + d)), vb))
                __m128i r[8] = { PAIR16(0),  PAIR16(16), PAIR16(32), PAIR16(48),
                                 PAIR16(64), PAIR16(80), PAIR16(96), PAIR16(112) };
#undef PAIR16
                __m128i any = _mm_or_si128(_mm_or_si128(_mm_or_si128(r[0], r[1]), _mm_or_si128(r[2], r[3])),
                                           _mm_or_si128(_mm_or_si128(r[4], r[5]), _mm_or_si128(r[6], r[7])));
                if (__builtin_expect(_mm_movemask_epi8(any) != 0, 0))
                        for (int h = 0; h < 2; h++) {
                                uint64_t m = (uint64_t) (uint16_t) _mm_movemask_epi8(r[4 * h]) |
                                             (uint64_t) (uint16_t) _mm_movemask_epi8(r[4 * h + 1]) << 16 |
                                             (uint64_t) (uint16_t) _mm_movemask_epi8(r[4 * h + 2]) << 32 |
                                             (uint64_t) (uint16_t) _mm_movemask_epi8(r[4 * h + 3]) << 48;
                                size_t j = verify(t, q + 64 * (size_t) h, m, needle, n);
                                if (j != TEXT_NOT_FOUND)
                                        return j;
                        }
        }
        *next = q;
        return TEXT_NOT_FOUND;
}

/* Newlines in whole blocks of 128 bytes from *from while they fit below to; *from is left
 * at the first byte not counted.  Each byte lane counts at most 4 per block, so the lanes
 * are summed every 63 blocks, before they can wrap. */
__attribute__((target("avx2"))) static size_t lines_avx2(const char *t, size_t *from, size_t to) {
        const __m256i nl = _mm256_set1_epi8('\n'), zero = _mm256_setzero_si256();
        size_t i = *from, count = 0;
        while (to >= 128 && i <= to - 128) {
                __m256i acc = zero;
                for (int k = 0; k < 63 && i <= to - 128; k++, i += 128)
                        for (int o = 0; o < 128; o += 32)
                                acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *) (t + i + o)), nl));
                __m256i s = _mm256_sad_epu8(acc, zero);
                count += (uint64_t) _mm256_extract_epi64(s, 0) + (uint64_t) _mm256_extract_epi64(s, 1) +
                         (uint64_t) _mm256_extract_epi64(s, 2) + (uint64_t) _mm256_extract_epi64(s, 3);
        }
        *from = i;
        return count;
}

static size_t lines_sse2(const char *t, size_t *from, size_t to) {
        const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
        size_t i = *from, count = 0;
        while (to >= 128 && i <= to - 128) {
                __m128i acc = zero;
                for (int k = 0; k < 31 && i <= to - 128; k++, i += 128)
                        for (int o = 0; o < 128; o += 16)
                                acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) (t + i + o)), nl));
                __m128i s = _mm_sad_epu8(acc, zero);
                count += (uint64_t) _mm_cvtsi128_si64(s) + (uint64_t) _mm_cvtsi128_si64(_mm_unpackhi_epi64(s, s));
        }
        *from = i;
        return count;
}

static bool have_avx2(void) {
        return !text_search_no_avx2 && __builtin_cpu_supports("avx2");
}

#endif

size_t text_find(const char *text, size_t size, size_t from, const char *needle, size_t n) {
        if (n == 0 || from > size || n > size - from)
                return TEXT_NOT_FOUND;
        if (n == 1) {
                const char *p = memchr(text + from, needle[0], size - from);
                return p ? (size_t) (p - text) : TEXT_NOT_FOUND;
        }
#ifdef TEXT_SEARCH_X86
        /* The first and the last byte: far apart, so that a run of one byte in the text
         * ("0000" in a serial) does not pass for the needle at every step; the last one is
         * where a site's names ("asm/data0042") and serials ("36000c29...") differ. */
        size_t q = from;
        size_t j = (have_avx2() ? scan_avx2 : scan_sse2)(text, size, from, needle, n, &q);
        if (j != TEXT_NOT_FOUND)
                return j;
        for (; q + n <= size; q++)
                if (text[q] == needle[0] && text[q + n - 1] == needle[n - 1] && memcmp(text + q, needle, n) == 0)
                        return q;
        return TEXT_NOT_FOUND;
#else
        const char *p = memmem(text + from, size - from, needle, n);
        return p ? (size_t) (p - text) : TEXT_NOT_FOUND;
#endif
}

size_t text_count_lines(const char *text, size_t from, size_t to) {
        size_t count = 0;
#ifdef TEXT_SEARCH_X86
        count = have_avx2() ? lines_avx2(text, &from, to) : lines_sse2(text, &from, to);
#endif
        for (const char *p = text + from, *end = text + to; p < end; count++) {
                p = memchr(p, '\n', (size_t) (end - p));
                if (!p)
                        break;
                p++;
        }
        return count;
}
