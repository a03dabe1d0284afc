/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>

/* A bump allocator: objects that live and die together (the tokens and the tree of one
 * file) come from a few large chunks and are freed in one go.  A parse tree is tens of
 * thousands of small objects; with malloc, allocating and then freeing them one by one
 * was about a third of a conversion's instructions.
 *
 * Under AddressSanitizer every object is its own malloc()ed block, so that a read past
 * an object or after arena_free() is still reported where it happens. */

typedef struct Arena Arena;

Arena *arena_new(void);
/* Frees every object of the arena and the arena itself; NULL is fine. */
void arena_free(Arena *a);
/* size bytes, zeroed, aligned for any object; NULL when out of memory. */
void *arena_alloc(Arena *a, size_t size);
/* A NUL-terminated copy of the first n bytes of s. */
char *arena_strndup(Arena *a, const char *s, size_t n);
/* Makes room for need elements of size bytes in *array (which came from this arena and
 * holds *allocated), doubling; the old block stays in the arena until it is freed.
 * Returns 0 or -ENOMEM. */
int arena_grow(Arena *a, void **array, size_t *allocated, size_t need, size_t size);

#define ARENA_GROW(arena, array, allocated, need) \
        arena_grow((arena), (void **) &(array), &(allocated), (need), sizeof(*(array)))
