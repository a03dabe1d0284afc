/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>

#include "diag.h"
#include "shell.h"

/* Parsed trees of sourced files, kept across the scripts of one run: Debian's
 * init-d-script framework is sourced by every script that uses it, and parsing it anew
 * for each cost as much as converting a small script.  A tree is found again only for
 * the same path with byte for byte the same text.  The cache owns its trees, which
 * nothing changes after parsing, and the warnings their parse gave. */
typedef struct TreeCache TreeCache;

TreeCache *tree_cache_new(void);
/* NULL is fine. */
void tree_cache_free(TreeCache *c);
/* The tree parsed from text read at path, and its parse's warnings; NULL if none. */
const Node *tree_cache_get(const TreeCache *c, const char *path, const char *text, const Diags **ret_diags);
/* Takes tree and a copy of diags: true; false when the cache is full or out of memory,
 * and the caller keeps the tree. */
bool tree_cache_put(TreeCache *c, const char *path, const char *text, Node *tree, const Diags *diags);
