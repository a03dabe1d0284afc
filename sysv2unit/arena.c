/* SPDX-License-Identifier: MIT */
/* A bump allocator freed in one go (arena.h).  It owns memory only, never what the
 * objects point to elsewhere. */
#include "arena.h"

#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define ARENA_PER_OBJECT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_PER_OBJECT 1
#endif
#endif
#ifndef ARENA_PER_OBJECT
#define ARENA_PER_OBJECT 0
#endif

/* Big enough that a typical init script's tree takes one or two chunks. */
#define CHUNK_SIZE (64u * 1024u)
#define ALIGN alignof(max_align_t)

typedef struct Chunk {
        struct Chunk *next;
        size_t size, used;
        alignas(max_align_t) unsigned char data[];
} Chunk;

struct Arena {
        Chunk *head; /* the chunk being filled, then the full ones */
};

Arena *arena_new(void) {
        return calloc(1, sizeof(Arena));
}

void arena_free(Arena *a) {
        if (!a)
                return;
        for (Chunk *c = a->head, *next; c; c = next) {
                next = c->next;
                free(c);
        }
        free(a);
}

static Chunk *chunk_new(Arena *a, size_t size) {
        if (size > SIZE_MAX - sizeof(Chunk))
                return NULL;
        Chunk *c = malloc(sizeof(Chunk) + size);
        if (!c)
                return NULL;
        c->size = size;
        c->used = 0;
        /* A chunk for one big object goes behind the one being filled, which keeps its room. */
        if (a->head && size > CHUNK_SIZE) {
                c->next = a->head->next;
                a->head->next = c;
        } else {
                c->next = a->head;
                a->head = c;
        }
        return c;
}

static void *arena_alloc_raw(Arena *a, size_t size) {
        if (size == 0)
                size = 1;
        if (size > SIZE_MAX - ALIGN)
                return NULL;
        size = (size + ALIGN - 1) & ~(size_t) (ALIGN - 1);
        Chunk *c = a->head;
        if (ARENA_PER_OBJECT || !c || c->size - c->used < size) {
                c = chunk_new(a, ARENA_PER_OBJECT || size > CHUNK_SIZE ? size : CHUNK_SIZE);
                if (!c)
                        return NULL;
        }
        void *p = c->data + c->used;
        c->used += size;
        return p;
}

void *arena_alloc(Arena *a, size_t size) {
        void *p = arena_alloc_raw(a, size);
        /* Chunks come from malloc: zero what is handed out, as calloc would. */
        if (p)
                memset(p, 0, size);
        return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
        if (n == SIZE_MAX)
                return NULL;
        char *p = arena_alloc_raw(a, n + 1);
        if (p) {
                memcpy(p, s, n);
                p[n] = '\0';
        }
        return p;
}

int arena_grow(Arena *a, void **array, size_t *allocated, size_t need, size_t size) {
        if (need <= *allocated)
                return 0;
        size_t n = *allocated ? *allocated * 2 : 4;
        while (n < need) {
                if (n > SIZE_MAX / 2)
                        return -ENOMEM;
                n *= 2;
        }
        if (n > SIZE_MAX / size)
                return -ENOMEM;
        void *p = arena_alloc_raw(a, n * size);
        if (!p)
                return -ENOMEM;
        if (*allocated)
                memcpy(p, *array, *allocated * size);
        *array = p;
        *allocated = n;
        return 0;
}
