/* SPDX-License-Identifier: MIT */
/* Paths of the target resolved inside its root, one component at a time (chase.h). */
#include "chase.h"

#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHASE_LINKS_MAX 32

int chase_under_root(const char *root, const char *path, unsigned flags, char **ret) {
        if (!root || !strcmp(root, "/"))
                root = "";
        size_t root_len = strlen(root);
        while (root_len > 0 && root[root_len - 1] == '/')
                root_len--;
        /* done: the resolved part, as a host path (root + "/a/b"); todo: what is left. */
        char done[PATH_MAX], todo[PATH_MAX], link[PATH_MAX];
        if (root_len >= sizeof(done) || strlen(path) >= sizeof(todo))
                return -ENAMETOOLONG;
        memcpy(done, root, root_len);
        done[root_len] = '\0';
        snprintf(todo, sizeof(todo), "%s", path);
        unsigned links = 0;
        char *p = todo;
        for (;;) {
                while (*p == '/')
                        p++;
                if (!*p)
                        break;
                char *end = strchrnul(p, '/');
                size_t n = end - p;
                bool last = !*end || !end[strspn(end, "/")];
                if (n == 1 && p[0] == '.') {
                        p = end;
                        continue;
                }
                if (n == 2 && p[0] == '.' && p[1] == '.') {
                        /* never above the root: "/.." is "/" */
                        char *slash = strrchr(done + root_len, '/');
                        if (slash)
                                *slash = '\0';
                        p = end;
                        continue;
                }
                size_t k = strlen(done);
                if (k + 1 + n >= sizeof(done))
                        return -ENAMETOOLONG;
                done[k] = '/';
                memcpy(done + k + 1, p, n);
                done[k + 1 + n] = '\0';
                struct stat st;
                if (lstat(done, &st) < 0) {
                        if (errno == ENOENT && last && (flags & CHASE_NONEXISTENT))
                                break;
                        return -errno;
                }
                if (S_ISLNK(st.st_mode) && !(last && (flags & CHASE_NOFOLLOW))) {
                        if (++links > CHASE_LINKS_MAX)
                                return -ELOOP;
                        ssize_t m = readlink(done, link, sizeof(link) - 1);
                        if (m < 0)
                                return -errno;
                        link[m] = '\0';
                        done[k] = '\0'; /* the link's own directory */
                        if (link[0] == '/')
                                done[root_len] = '\0'; /* absolute: from the root */
                        /* what the link names, then what was left after it */
                        char rest[PATH_MAX];
                        if ((size_t) snprintf(rest, sizeof(rest), "%s/%s", link, end) >= sizeof(rest))
                                return -ENAMETOOLONG;
                        memcpy(todo, rest, strlen(rest) + 1);
                        p = todo;
                        continue;
                }
                if (!last && !S_ISDIR(st.st_mode))
                        return -ENOTDIR;
                p = end;
        }
        if (!done[0])
                snprintf(done, sizeof(done), "/");
        else if (strlen(done) == root_len) /* the root itself */
                snprintf(done + root_len, sizeof(done) - root_len, "/");
        char *r = strdup(done);
        if (!r)
                return -ENOMEM;
        *ret = r;
        return 0;
}

DIR *opendir_under_root(const char *root, const char *dir) {
        char *host = NULL;
        int r = chase_under_root(root, dir, 0, &host);
        if (r < 0) {
                errno = -r;
                return NULL;
        }
        DIR *d = opendir(host);
        free(host);
        return d;
}

int stat_under_root(const char *root, const char *path, struct stat *st) {
        char *host = NULL;
        int r = chase_under_root(root, path, 0, &host);
        if (r < 0)
                return r;
        r = stat(host, st) < 0 ? -errno : 0;
        free(host);
        return r;
}
