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

/* The event path: without parsing the rest of the file, every line whose serial field is one
 * of ids[] (and every damaged line that mentions one of them), every line whose name field
 * is one of names[] or the name of such a line, or a partition link of it ("NAME-partN"),
 * and every line binding the serial of a line found by name.  Lookups by those ids and
 * names then give the same line as in bindings_parse() of the whole file, and, when no
 * line binds the ids, ret has a problem exactly when the whole file has a damaged line
 * mentioning one of them or a line binding one of them that does not apply (the proof is
 * in bindings.c; tests/unit/test-bindings-partial.c checks it on random files).  The lines
 * are found by a scan of the raw text (text-search.h): the cost grows with the file by a
 * fraction of an instruction per byte.  ret holds only those lines (ret->partial) and the
 * problems among them. */
int bindings_parse_for(const char *text, size_t size, const char *const *ids, size_t n_ids,
                       const char *const *names, size_t n_names, Bindings *ret);

/* The same partial parse with the lines found by another means than a scan: an index
 * (bindings-index.h).  find appends to *found (realloc'd; the caller frees it, the texts stay
 * the finder's) every line that may carry key as its kind of field, each a whole valid
 * binding line of the file with its offset and number; lines whose field is not key (a
 * hash collision) are skipped here.  Without a damaged line in the file, this gives what
 * bindings_parse_for() gives on the whole text; with one, the finder must not be used.
 * Returns 0, -ENOMEM, the finder's error, or -EBADMSG when a line found is no valid binding. */
typedef enum BindingsKeyKind {
        BINDINGS_KEY_ID = 1,   /* the serial field */
        BINDINGS_KEY_NAME = 2, /* the name field */
        BINDINGS_KEY_STEM = 3, /* the name field's stem, when it is a partition link */
} BindingsKeyKind;
typedef struct BindingsFound {
        const char *s;
        size_t start, len;
        unsigned line;
} BindingsFound;
typedef int (*BindingsFindFn)(void *userdata, BindingsKeyKind kind, const char *key, size_t n, BindingsFound **found,
                              size_t *n_found);
int bindings_parse_found(BindingsFindFn find, void *userdata, const char *const *ids, size_t n_ids,
                         const char *const *names, size_t n_names, Bindings *ret);

/* One line on its own, as every parser here sees it: 1 when it is a binding (its name and
 * serial fields in ret, pointing into s), 0 for a comment or a blank line, -EINVAL when it is
 * damaged. */
typedef struct BindingFields {
        const char *name;
        size_t name_len;
        const char *id;
        size_t id_len;
} BindingFields;
int bindings_line_check(const char *s, size_t len, BindingFields *ret);
/* The length of name[0..n)'s stem when it is a partition link ("asm/d" of "asm/d-part1"),
 * else 0: name_partition_link_stem() without a NUL. */
size_t bindings_name_stem(const char *name, size_t n);

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

/* unbind: the line becomes the comment "# released NAME SERIAL CLASS", which every reader
 * ignores and bind reads back: a released name is not handed out to another disk unless
 * asked for (--name), since a node with an older bindings file still points it at the old
 * disk.  -ENOENT when no line binds name. */
#define BINDINGS_RELEASED_PREFIX "# released "
int bindings_release(Bindings *b, const char *name);
/* The name and serial of a released line, as copies (*ret_name, *ret_id; free both); 0, or
 * -ENOENT when l is no released line. */
int bindings_released(const BindingLine *l, char **ret_name, char **ret_id);

/* Serializes to text; the caller frees.  -EINVAL for partial bindings. */
int bindings_format(const Bindings *b, char **ret, size_t *ret_size);

/* Valid identifier field: what scsi_id can print after udev's filter (letters, digits,
 * "+-.:=@_", "\\xHH" escapes) or an iSCSI id, at most BINDING_ID_MAX: no glob, no quote. */
bool binding_id_ok(const char *id);
