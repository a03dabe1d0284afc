/* SPDX-License-Identifier: MIT */
/* A unified diff for --diff (udiff.h). */
#include "udiff.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int split_lines(const char *text, char ***ret, size_t *ret_n) {
        size_t n = 0, cap = 0;
        char **lines = NULL;
        for (const char *p = text; *p;) {
                const char *e = strchrnul(p, '\n');
                if (n == cap) {
                        cap = cap ? 2 * cap : 32;
                        char **g = realloc(lines, cap * sizeof(char *));
                        if (!g)
                                goto fail;
                        lines = g;
                }
                if (!(lines[n] = strndup(p, e - p)))
                        goto fail;
                n++;
                p = *e ? e + 1 : e;
        }
        *ret = lines;
        *ret_n = n;
        return 0;
fail:
        for (size_t i = 0; i < n; i++)
                free(lines[i]);
        free(lines);
        return -ENOMEM;
}

static void free_lines(char **l, size_t n) {
        for (size_t i = 0; i < n; i++)
                free(l[i]);
        free(l);
}

int udiff_print(FILE *out, const char *path, bool old_exists, const char *old, const char *new) {
        char **a = NULL, **b = NULL;
        size_t na = 0, nb = 0;
        int r = split_lines(old, &a, &na);
        if (r >= 0)
                r = split_lines(new, &b, &nb);
        size_t *lcs = r >= 0 && na * nb < 4 * 1024 * 1024 ? calloc((na + 1) * (nb + 1), sizeof(size_t)) : NULL;
        if (!lcs) {
                free_lines(a, na);
                free_lines(b, nb);
                return r < 0 ? r : -ENOMEM;
        }
#define L(i, j) lcs[(i) * (nb + 1) + (j)]
        for (size_t i = na; i-- > 0;)
                for (size_t j = nb; j-- > 0;)
                        L(i, j) = !strcmp(a[i], b[j]) ? L(i + 1, j + 1) + 1
                                                      : (L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) : L(i, j + 1));
        fprintf(out, "--- %s\n+++ %s\n@@ -%zu,%zu +%zu,%zu @@\n", old_exists ? path : "/dev/null", path,
               na ? (size_t) 1 : 0, na, nb ? (size_t) 1 : 0, nb);
        size_t i = 0, j = 0;
        while (i < na || j < nb) {
                if (i < na && j < nb && !strcmp(a[i], b[j])) {
                        fprintf(out, " %s\n", a[i++]);
                        j++;
                } else if (i < na && (j == nb || L(i + 1, j) >= L(i, j + 1)))
                        fprintf(out, "-%s\n", a[i++]); /* removals first, as diff -u prints them */
                else
                        fprintf(out, "+%s\n", b[j++]);
        }
#undef L
        free(lcs);
        free_lines(a, na);
        free_lines(b, nb);
        return 0;
}

