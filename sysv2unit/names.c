/* SPDX-License-Identifier: MIT */
/* An index from names to positions, open addressing (names.h). */
#include "names.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s) {
        uint64_t h = 14695981039346656037ULL; /* FNV-1a */
        for (; *s; s++)
                h = (h ^ (unsigned char) *s) * 1099511628211ULL;
        return (size_t) h;
}

static size_t slot_of(const NameIndex *x, const char *name) {
        size_t mask = x->allocated - 1;
        size_t i = hash(name) & mask;
        while (x->names[i] && strcmp(x->names[i], name) != 0)
                i = (i + 1) & mask;
        return i;
}

size_t name_index_get(const NameIndex *x, const char *name) {
        if (x->allocated == 0)
                return (size_t) -1;
        size_t i = slot_of(x, name);
        return x->names[i] ? x->positions[i] : (size_t) -1;
}

static int rehash(NameIndex *x, size_t allocated) {
        NameIndex n = { .allocated = allocated };
        n.names = calloc(allocated, sizeof(char *));
        n.positions = calloc(allocated, sizeof(size_t));
        if (!n.names || !n.positions) {
                free(n.names);
                free(n.positions);
                return -ENOMEM;
        }
        for (size_t i = 0; i < x->allocated; i++)
                if (x->names[i]) {
                        size_t k = slot_of(&n, x->names[i]);
                        n.names[k] = x->names[i];
                        n.positions[k] = x->positions[i];
                }
        n.n = x->n;
        name_index_done(x);
        *x = n;
        return 0;
}

int name_index_put(NameIndex *x, const char *name, size_t position) {
        /* at most half full: probes stay short */
        if (2 * (x->n + 1) > x->allocated) {
                if (x->allocated > SIZE_MAX / 4)
                        return -ENOMEM;
                int r = rehash(x, x->allocated ? 2 * x->allocated : 16);
                if (r < 0)
                        return r;
        }
        size_t i = slot_of(x, name);
        if (!x->names[i]) {
                x->names[i] = name;
                x->n++;
        }
        x->positions[i] = position;
        return 0;
}

void name_index_done(NameIndex *x) {
        free(x->names);
        free(x->positions);
        *x = (NameIndex) {};
}
