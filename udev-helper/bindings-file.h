/* SPDX-License-Identifier: MIT */
#pragma once

#include "bindings.h"

/* Every change to the bindings file happens under an exclusive lock on TARGET.lock, from
 * reading the file to renaming the new one into place, so two concurrent binds cannot both
 * take a name or lose each other's lines.  TARGET is the file a symlink points to: nodes
 * that link to one shared copy lock the same file.  Returns the lock's fd. */
int bindings_file_lock(const char *path);

/* Replaces the file atomically (temporary file beside the target, fsync, rename, fsync of
 * the directory).  A symlink stays a symlink: the file it points to is replaced.  The new
 * file keeps the old one's mode, owner and group (a new file is 0644). */
int bindings_file_save(const char *path, const Bindings *b);

/* The file path resolves to, following every symlink; the caller frees.  A path that does
 * not exist is its own target (the first bind creates it); a symlink whose target does not
 * exist is -ENOLINK. */
int bindings_file_target(const char *path, char **ret);

/* BINDINGS.idx (bindings-index.h) beside the file path resolves to, rebuilt from the file as
 * it is now.  Every writer of the bindings file calls it after saving (under the lock), and
 * check when the index is missing or stale.  It reads the file only once the file system's
 * clock has moved past the file's change time, so that any later change gives the file
 * another identity, and writes the index atomically.  0 or a negative errno (-EAGAIN: the
 * file changed while it was read). */
int bindings_index_save(const char *path);

/* Whether the index beside path describes the file as it is: 0, -ENOENT (none), -ESTALE
 * (another version of the file, or damaged lines), -EBADMSG (not an index). */
int bindings_index_status(const char *path);

/* The event path through the index: bindings_parse_for()'s answer for these ids and names,
 * reading only the lines the index names (one open and mmap of the index, one open, fstat
 * and a pread per line of the bindings file).  Any error (no index, another version of the
 * file, damaged lines, an index that does not hold up) means: scan the file instead.
 * Never writes. */
int bindings_file_load_indexed(const char *path, const char *const *ids, size_t n_ids, const char *const *names,
                               size_t n_names, Bindings *ret);
