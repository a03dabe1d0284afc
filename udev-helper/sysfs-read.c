/* SPDX-License-Identifier: MIT */
/* Bounded reads of sysfs files and joins of sysfs paths (sysfs-read.h). */
#include "sysfs-read.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fileio.h"
#include "macro.h"

ssize_t sysfs_read_at(int dirfd, const char *name, void *buf, size_t size) {
        _cleanup_close_ int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return -errno;
        /* One read: sysfs fills it with the whole attribute (a text attribute's show() output,
         * a binary one up to a page, and ours are smaller), and tmpfs (udev's /run) with the
         * whole file up to size; a second read would only return 0.  On the event path every
         * attribute costs open, read, close. */
        ssize_t n;
        do
                n = read(fd, buf, size - 1);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        ((char *) buf)[n] = '\0';
        return n;
}

const char *sysfs_read_attr(int dirfd, const char *name, char *buf, size_t size) {
        ssize_t n = sysfs_read_at(dirfd, name, buf, size);
        if (n < 0 || strlen(buf) != (size_t) n)
                return NULL;
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
                buf[--n] = '\0';
        return buf;
}

int sysfs_join(const char *dir, const char *target, char *buf, size_t size) {
        char tmp[PATH_MAX];
        if (target[0] == '/') {
                if ((size_t) snprintf(tmp, sizeof(tmp), "%s", target) >= sizeof(tmp))
                        return -ENAMETOOLONG;
        } else if ((size_t) snprintf(tmp, sizeof(tmp), "%s/%s", dir, target) >= sizeof(tmp))
                return -ENAMETOOLONG;
        if (size < 2)
                return -ENAMETOOLONG;
        size_t len = 0;
        buf[0] = '\0';
        for (char *save = NULL, *c = strtok_r(tmp, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
                if (strcmp(c, ".") == 0)
                        continue;
                if (strcmp(c, "..") == 0) {
                        char *slash = strrchr(buf, '/');
                        if (!slash)
                                return -EINVAL; /* above the root */
                        *slash = '\0';
                        len = (size_t) (slash - buf);
                        continue;
                }
                size_t l = strlen(c);
                if (len + 1 + l + 1 > size)
                        return -ENAMETOOLONG;
                buf[len++] = '/';
                memcpy(buf + len, c, l + 1);
                len += l;
        }
        if (len == 0)
                snprintf(buf, size, "/");
        return 0;
}

int sysfs_readlink_join(const char *dir, const char *link, char *buf, size_t size) {
        char path[PATH_MAX], target[PATH_MAX];
        if ((size_t) snprintf(path, sizeof(path), "%s/%s", dir, link) >= sizeof(path))
                return -ENAMETOOLONG;
        ssize_t n = readlink(path, target, sizeof(target) - 1);
        if (n < 0)
                return -errno;
        target[n] = '\0';
        char base[PATH_MAX];
        snprintf(base, sizeof(base), "%s", path);
        *strrchr(base, '/') = '\0';
        return sysfs_join(base, target, buf, size);
}

int sysfs_block_syspath(const char *arg, char *buf, size_t size) {
        char path[PATH_MAX];
        if (strncmp(arg, "/sys/", 5) == 0)
                return sysfs_join("/", arg, buf, size);
        if (strncmp(arg, "/devices/", 9) == 0) {
                if ((size_t) snprintf(path, sizeof(path), "/sys%s", arg) >= sizeof(path))
                        return -ENAMETOOLONG;
                return sysfs_join("/", path, buf, size);
        }
        const char *name = arg;
        char resolved[PATH_MAX];
        if (strchr(arg, '/')) {
                struct stat st;
                if (!realpath(arg, resolved))
                        return -errno;
                if (stat(resolved, &st) == 0 && S_ISBLK(st.st_mode)) {
                        snprintf(path, sizeof(path), "/sys/dev/block/%u:%u", major(st.st_rdev), minor(st.st_rdev));
                        if (sysfs_readlink_join("/sys/dev/block", path_basename(path), buf, size) == 0)
                                return 0;
                }
                if (strncmp(resolved, "/dev/", 5) != 0)
                        return -ENODEV;
                name = path_basename(resolved);
        }
        if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
                return -ENODEV;
        int r = sysfs_readlink_join("/sys/class/block", name, buf, size);
        return r == -ENOENT ? -ENODEV : r;
}

int dir_names_open(DirNames *d, int dirfd, const char *path) {
        *d = (DirNames) { .fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) };
        return d->fd < 0 ? -errno : 0;
}

const char *dir_names_next(DirNames *d) {
        while (d->fd >= 0) {
                if (d->pos < d->len) {
                        struct dirent64 *e = (struct dirent64 *) (void *) (d->buf + d->pos);
                        d->pos += e->d_reclen;
                        return e->d_name;
                }
                ssize_t n = getdents64(d->fd, d->buf, sizeof(d->buf));
                if (n <= 0)
                        break;
                d->pos = 0;
                d->len = (size_t) n;
        }
        return NULL;
}

void dir_names_close(DirNames *d) {
        if (d->fd >= 0)
                close(d->fd);
        d->fd = -EBADF;
}
