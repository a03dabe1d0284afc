/* SPDX-License-Identifier: MIT */
#pragma once

/* The bindings file: NAME ID CLASS lines, parsed from text (all of it for the admin
 * commands, or only the lines about some identities and names for the event path),
 * indexed, changed and written back as text.  Pure: bindings-file.h does the file I/O. */

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

#define BINDINGS_DEFAULT_PATH "/etc/udev-helper/bindings"
/* 65,536 iSCSI bindings of ~80 bytes fit with room to spare. */
#define BINDINGS_MAX_SIZE (16 * 1024 * 1024)
#define BINDING_ID_MAX 256
/* A longer line is damaged (NAME <= 200, ID <= 256, CLASS <= 64, spaces and a comment). */
#define BINDING_LINE_MAX 1024

/* One line of the bindings file, kept verbatim so a rewrite preserves the admin's comments.
 * name/id/class are set only for a line that applies; comments, blank lines, damaged lines
 * and both sides of a conflict have them NULL (and the last two an entry in problems). */
typedef struct BindingLine {
        char *text;
        char *name;
        char *id; /* a serial, or "iscsi:<target iqn>:<lun>" */
        char *class;
        unsigned line;
} BindingLine;

/* A line that is ignored, and why. */
typedef struct BindingProblem {
        unsigned line;
        char message[224];
} BindingProblem;

typedef struct Bindings {
        BindingLine *lines;
        size_t n_lines;
        BindingProblem *problems; /* in line order */
        size_t n_problems;
        /* Only the lines about some identities (bindings_parse_for): never written back. */
        bool partial;
        /* Open-addressing index of the lines that apply: line index + 1, 0 for empty. */
        size_t *by_id, *by_name;
        size_t n_buckets;
} Bindings;

/* Parses the whole file; linear in its size.  Damaged lines and both sides of every
 * conflict (one serial with two names, one name for two serials) are kept verbatim but do
 * not apply; they are listed in ret->problems, the first also in err (err->line 0: none).
 * Returns 0, or -ENOMEM. */
int bindings_parse(const char *text, size_t size, Bindings *ret, ParseError *err);

/* The event path: the same verdict for the lines about ids[] as bindings_parse would give,
 * plus every line that mentions one of names[] (the names the device claims: a line about
 * another disk that binds the same name, or a partition link of it, is a collision),
 * without parsing the rest.  Finds the lines that mention an identity, and the lines that
 * mention the names those lines bind (for conflicts), by a substring search of the raw text;
 * everything else is skipped unparsed, so the cost barely grows with the file.  ret holds
 * only those lines (ret->partial) and the problems among them. */
int bindings_parse_for(const char *text, size_t size, const char *const *ids, size_t n_ids,
                       const char *const *names, size_t n_names, Bindings *ret);

void bindings_done(Bindings *b);

const BindingLine *bindings_find_by_id(const Bindings *b, const char *id);
const BindingLine *bindings_find_by_name(const Bindings *b, const char *name);

/* A line whose name udev could not create beside name, other than self: one of them is a
 * directory of the other ("asm" and "asm/d01"), or one is the other's partition link
 * ("asm/d01" and "asm/d01-part1").  up: only names name itself would shadow or lie below
 * (its path prefixes, its partition link's stem), found through the index; else every
 * line (bind, before adding name).  NULL when there is none; *why says which relation. */
const BindingLine *bindings_find_conflict(const Bindings *b, const char *name, const BindingLine *self, bool up,
                                          const char **why);

/* Appends a binding; -EEXIST when the name or id is already bound. */
int bindings_add(Bindings *b, const char *name, const char *id, const char *class);
/* Removes the binding of that name; -ENOENT when there is none. */
int bindings_remove(Bindings *b, const char *name);

/* Serializes to text; the caller frees.  -EINVAL for partial bindings. */
int bindings_format(const Bindings *b, char **ret, size_t *ret_size);

/* Valid identifier field: what scsi_id can print after udev's filter (letters, digits,
 * "+-.:=@_", "\\xHH" escapes) or an iSCSI id, at most BINDING_ID_MAX: no glob, no quote. */
bool binding_id_ok(const char *id);
