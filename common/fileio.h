/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The last component of path: what follows its last '/', or path itself.  Pure. */
const char *path_basename(const char *path);

/* Reads at most max_size bytes; a file larger than that is -EFBIG, never silently cut.
 * The buffer is NUL-terminated one byte past *ret_size, for parsers that want a string. */
int read_file_bounded(const char *path, size_t max_size, char **ret, size_t *ret_size);

/* Same, from an open descriptor (the caller keeps ownership of fd). */
int read_fd_bounded(int fd, size_t max_size, char **ret, size_t *ret_size);

/* Reads up to max_size bytes and returns what it got; for sysfs binary attributes whose
 * size is not known in advance and whose tail does not matter. */
int read_file_prefix(const char *path, void *buf, size_t max_size, size_t *ret_size);

enum {
        WRITE_ATOMIC_REPLACE = 1 << 0, /* replace an existing file (otherwise -EEXIST) */
        WRITE_ATOMIC_SYNC = 1 << 1,    /* fsync file and directory */
        WRITE_ATOMIC_KEEP_OWNER = 1 << 2, /* an existing file's owner, group and mode carry over
                                           * (mode applies to a new file only) */
};

/* Writes the whole buffer to a temporary file in the target's directory and moves it into
 * place, so that a reader sees the old file or the new one, never a part. */
int write_file_atomic(const char *path, const void *data, size_t size, mode_t mode, int flags);
