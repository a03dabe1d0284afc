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

#include "fileio.h"
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
                        /* A symlink to nothing is an unmounted share or a removed copy, not
                         * "no bindings yet": reading it as empty would hand out its names
                         * again, and a new file behind it would hide the real one. */
                        if (hops > 0)
                                return -ENOLINK;
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

int bindings_file_save(const char *path, const Bindings *b) {
        _cleanup_free_ char *text = NULL, *target = NULL;
        size_t size;
        int r = bindings_format(b, &text, &size);
        if (r < 0)
                return r;
        /* Through a symlink to the file it names (one shared copy for every node), keeping
         * that file's owner, group and mode. */
        r = bindings_file_target(path, &target);
        if (r < 0)
                return r;
        return write_file_atomic(target, text, size, 0644,
                                 WRITE_ATOMIC_REPLACE | WRITE_ATOMIC_SYNC | WRITE_ATOMIC_KEEP_OWNER);
}
