/* SPDX-License-Identifier: MIT */
#include "bindings-file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "macro.h"

static char *path_join_dir(const char *link, const char *target) {
        if (target[0] == '/')
                return strdup(target);
        _cleanup_free_ char *copy = strdup(link);
        if (!copy)
                return NULL;
        const char *dir = dirname(copy);
        size_t n = strlen(dir) + strlen(target) + 2;
        char *out = malloc(n);
        if (out)
                snprintf(out, n, "%s/%s", dir, target);
        return out;
}

int bindings_file_target(const char *path, char **ret) {
        _cleanup_free_ char *cur = strdup(path);
        if (!cur)
                return -ENOMEM;
        for (int hops = 0; hops < 40; hops++) {
                struct stat st;
                if (lstat(cur, &st) < 0) {
                        if (errno != ENOENT)
                                return negative_errno();
                        break; /* not there yet: this is where it will be */
                }
                if (!S_ISLNK(st.st_mode))
                        break;
                char target[PATH_MAX];
                ssize_t k = readlink(cur, target, sizeof(target) - 1);
                if (k < 0)
                        return negative_errno();
                target[k] = '\0';
                char *next = path_join_dir(cur, target);
                if (!next)
                        return -ENOMEM;
                free(cur);
                cur = next;
                if (hops == 39)
                        return -ELOOP;
        }
        *ret = TAKE_PTR(cur);
        return 0;
}

int bindings_file_lock(const char *path) {
        _cleanup_free_ char *target = NULL;
        int r = bindings_file_target(path, &target);
        if (r < 0)
                return r;
        size_t n = strlen(target) + sizeof(".lock");
        _cleanup_free_ char *lock = malloc(n);
        if (!lock)
                return -ENOMEM;
        snprintf(lock, n, "%s.lock", target);
        _cleanup_close_ int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0)
                return negative_errno();
        if (flock(fd, LOCK_EX) < 0)
                return negative_errno();
        return TAKE_FD(fd);
}

static int write_all(int fd, const char *p, size_t left) {
        while (left > 0) {
                ssize_t k = write(fd, p, left);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return negative_errno();
                }
                p += k;
                left -= (size_t) k;
        }
        return 0;
}

static int fsync_directory_of(const char *path) {
        _cleanup_free_ char *copy = strdup(path);
        if (!copy)
                return -ENOMEM;
        _cleanup_close_ int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0 || fsync(dfd) < 0)
                return negative_errno();
        return 0;
}

int bindings_file_save(const char *path, const Bindings *b) {
        _cleanup_free_ char *text = NULL, *target = NULL;
        size_t size;
        int r = bindings_format(b, &text, &size);
        if (r < 0)
                return r;
        r = bindings_file_target(path, &target);
        if (r < 0)
                return r;

        struct stat old;
        bool existed = stat(target, &old) == 0;
        if (!existed && errno != ENOENT)
                return negative_errno();

        size_t n = strlen(target);
        _cleanup_free_ char *tmp = malloc(n + sizeof(".XXXXXX"));
        if (!tmp)
                return -ENOMEM;
        memcpy(tmp, target, n);
        memcpy(tmp + n, ".XXXXXX", sizeof(".XXXXXX"));
        _cleanup_close_ int fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0)
                return negative_errno();

        r = write_all(fd, text, size);
        /* The owner first: chown clears set-id bits, and the mode is set after it. */
        if (r == 0 && existed && fchown(fd, old.st_uid, old.st_gid) < 0)
                r = negative_errno();
        if (r == 0 && fchmod(fd, existed ? old.st_mode & 07777 : 0644) < 0)
                r = negative_errno();
        if (r == 0 && fsync(fd) < 0)
                r = negative_errno();
        if (r == 0 && rename(tmp, target) < 0)
                r = negative_errno();
        if (r < 0) {
                (void) unlink(tmp);
                return r;
        }
        return fsync_directory_of(target);
}
