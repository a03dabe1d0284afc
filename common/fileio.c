/* SPDX-License-Identifier: MIT */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "macro.h"

/* Reads until size bytes or end of file; returns the count or a negative errno. */
static ssize_t read_full(int fd, char *buf, size_t size) {
        size_t used = 0;
        while (used < size) {
                ssize_t k = read(fd, buf + used, size - used);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return negative_errno();
                }
                if (k == 0)
                        break;
                used += (size_t) k;
        }
        return (ssize_t) used;
}

int read_fd_bounded(int fd, size_t max_size, char **ret, size_t *ret_size) {
        size_t allocated = 4096, used = 0;
        _cleanup_free_ char *buf = malloc(allocated + 1);
        if (!buf)
                return -ENOMEM;

        for (;;) {
                if (used == allocated) {
                        if (allocated > max_size)
                                return -EFBIG;
                        size_t grown = allocated * 2;
                        if (grown > max_size + 1)
                                grown = max_size + 1;
                        char *n = realloc(buf, grown + 1);
                        if (!n)
                                return -ENOMEM;
                        buf = n;
                        allocated = grown;
                }
                ssize_t k = read_full(fd, buf + used, allocated - used);
                if (k < 0)
                        return (int) k;
                used += (size_t) k;
                if (used > max_size)
                        return -EFBIG;
                if (used < allocated)
                        break; /* end of file before the buffer filled */
        }
        buf[used] = '\0';
        *ret = TAKE_PTR(buf);
        if (ret_size)
                *ret_size = used;
        return 0;
}

int read_file_bounded(const char *path, size_t max_size, char **ret, size_t *ret_size) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return negative_errno();
        return read_fd_bounded(fd, max_size, ret, ret_size);
}

int read_file_prefix(const char *path, void *buf, size_t max_size, size_t *ret_size) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return negative_errno();
        ssize_t k = read_full(fd, buf, max_size);
        if (k < 0)
                return (int) k;
        *ret_size = (size_t) k;
        return 0;
}

static int fsync_directory_of(const char *path) {
        _cleanup_free_ char *copy = strdup(path);
        if (!copy)
                return -ENOMEM;
        _cleanup_close_ int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return negative_errno();
        if (fsync(dfd) < 0)
                return negative_errno();
        return 0;
}

int write_file_atomic(const char *path, const void *data, size_t size, mode_t mode, int flags) {
        size_t n = strlen(path);
        _cleanup_free_ char *tmp = malloc(n + sizeof(".XXXXXX"));
        if (!tmp)
                return -ENOMEM;
        memcpy(tmp, path, n);
        memcpy(tmp + n, ".XXXXXX", sizeof(".XXXXXX"));

        _cleanup_close_ int fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0)
                return negative_errno();

        int r = 0;
        const char *p = data;
        size_t left = size;
        while (left > 0) {
                ssize_t k = write(fd, p, left);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        r = negative_errno();
                        goto fail;
                }
                p += k;
                left -= (size_t) k;
        }
        if (flags & WRITE_ATOMIC_KEEP_OWNER) {
                struct stat old;
                if (stat(path, &old) == 0) {
                        /* The owner first: chown clears set-id bits, the mode is set after. */
                        if (fchown(fd, old.st_uid, old.st_gid) < 0) {
                                r = negative_errno();
                                goto fail;
                        }
                        mode = old.st_mode & 07777;
                } else if (errno != ENOENT) {
                        r = negative_errno();
                        goto fail;
                }
        }
        if (fchmod(fd, mode) < 0) {
                r = negative_errno();
                goto fail;
        }
        if ((flags & WRITE_ATOMIC_SYNC) && fsync(fd) < 0) {
                r = negative_errno();
                goto fail;
        }

        if (flags & WRITE_ATOMIC_REPLACE) {
                if (rename(tmp, path) < 0) {
                        r = negative_errno();
                        goto fail;
                }
        } else {
                /* link() fails with EEXIST instead of replacing, so a file that appeared
                 * since the caller looked is never clobbered. */
                if (link(tmp, path) < 0) {
                        r = negative_errno();
                        goto fail;
                }
                (void) unlink(tmp);
        }
        if (flags & WRITE_ATOMIC_SYNC) {
                r = fsync_directory_of(path);
                if (r < 0)
                        return r;
        }
        return 0;
fail:
        (void) unlink(tmp);
        return r;
}

const char *path_basename(const char *path) {
        const char *s = strrchr(path, '/');
        return s ? s + 1 : path;
}
