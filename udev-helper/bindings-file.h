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
