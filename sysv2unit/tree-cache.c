/* SPDX-License-Identifier: MIT */
/* Parsed trees of sourced files, kept for one run (tree-cache.h). */
#include "tree-cache.h"

#include <stdlib.h>
#include <string.h>

#include "macro.h"

/* A run sources few distinct files (the framework, a configuration file per script):
 * past this many the cache stops taking more, so that memory stays bounded. */
#define TREE_CACHE_MAX 32

typedef struct Entry {
        char *path;
        char *text;
        Node *tree;
        Diags diags;
} Entry;

struct TreeCache {
        Entry items[TREE_CACHE_MAX];
        size_t n;
};

TreeCache *tree_cache_new(void) {
        return calloc(1, sizeof(TreeCache));
}

void tree_cache_free(TreeCache *c) {
        if (!c)
                return;
        for (size_t i = 0; i < c->n; i++) {
                free(c->items[i].path);
                free(c->items[i].text);
                node_free(c->items[i].tree);
                diags_free(&c->items[i].diags);
        }
        free(c);
}

const Node *tree_cache_get(const TreeCache *c, const char *path, const char *text, const Diags **ret_diags) {
        for (size_t i = 0; i < c->n; i++)
                if (!strcmp(c->items[i].path, path) && !strcmp(c->items[i].text, text)) {
                        *ret_diags = &c->items[i].diags;
                        return c->items[i].tree;
                }
        return NULL;
}

bool tree_cache_put(TreeCache *c, const char *path, const char *text, Node *tree, const Diags *diags) {
        if (c->n >= ELEMENTSOF(c->items))
                return false;
        Entry e = { .path = strdup(path), .text = strdup(text), .tree = tree };
        if (diags->n > 0 && (e.diags.items = malloc(diags->n * sizeof(Diag)))) {
                memcpy(e.diags.items, diags->items, diags->n * sizeof(Diag));
                e.diags.n = diags->n;
                e.diags.n_errors = diags->n_errors;
        }
        if (!e.path || !e.text || (diags->n > 0 && !e.diags.items)) {
                free(e.path);
                free(e.text);
                free(e.diags.items);
                return false;
        }
        c->items[c->n++] = e;
        return true;
}
