/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>

/* An index from names to positions in a caller's array (variables, functions, verbs):
 * lookups cost O(1) on average, so reading a script stays linear in its size however
 * many names it defines.  The index does not own the names; they must outlive it. */
typedef struct NameIndex {
        const char **names; /* open addressing; NULL: free slot */
        size_t *positions;
        size_t n, allocated;
} NameIndex;

/* Returns the position stored for name, or (size_t) -1. */
size_t name_index_get(const NameIndex *x, const char *name);
/* Stores name -> position (replacing an earlier position).  Returns 0 or -ENOMEM. */
int name_index_put(NameIndex *x, const char *name, size_t position);
void name_index_done(NameIndex *x);
