/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

#define BINDINGS_DEFAULT_PATH "/etc/udev-helper/bindings"
#define BINDINGS_MAX_SIZE (4 * 1024 * 1024)
#define BINDING_ID_MAX 256

/* One line of the bindings file, kept verbatim so a rewrite preserves the admin's comments.
 * For a binding line name/id/class are set; for comments and blank lines they are NULL. */
typedef struct BindingLine {
        char *text;
        char *name;
        char *id; /* a serial, or "iscsi:<target iqn>:<lun>" */
        char *class;
        unsigned line;
} BindingLine;

typedef struct Bindings {
        BindingLine *lines;
        size_t n_lines;
} Bindings;

int bindings_parse(const char *text, size_t size, Bindings *ret, ParseError *err);
void bindings_free(Bindings *b);

const BindingLine *bindings_find_by_id(const Bindings *b, const char *id);
const BindingLine *bindings_find_by_name(const Bindings *b, const char *name);

/* Appends a binding; -EEXIST when the name or id is already bound. */
int bindings_add(Bindings *b, const char *name, const char *id, const char *class);
/* Removes the binding of that name; -ENOENT when there is none. */
int bindings_remove(Bindings *b, const char *name);

/* Serializes to text; the caller frees. */
int bindings_format(const Bindings *b, char **ret, size_t *ret_size);

/* Valid identifier field: printable ASCII without whitespace or '#', at most BINDING_ID_MAX. */
bool binding_id_ok(const char *id);
