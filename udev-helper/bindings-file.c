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
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bindings-index.h"

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
        r = write_file_atomic(target, text, size, 0644,
                              WRITE_ATOMIC_REPLACE | WRITE_ATOMIC_SYNC | WRITE_ATOMIC_KEEP_OWNER);
        if (r < 0)
                return r;
        /* The file is saved whatever becomes of its index: without a current one, export
         * reads the whole file, as it always did, and check says so. */
        int k = bindings_index_save(path);
        if (k < 0)
                fprintf(stderr, "udev-helper: %s" BINDINGS_INDEX_SUFFIX ": cannot write the index: %s "
                                "(export reads the whole file until udev-helper check rewrites it)\n",
                        target, strerror(-k));
        return 0;
}

static int index_path(const char *target, char *buf, size_t size) {
        return (size_t) snprintf(buf, size, "%s" BINDINGS_INDEX_SUFFIX, target) < size ? 0 : -ENAMETOOLONG;
}

static bool timespec_after(const struct timespec *a, const struct timespec *b) {
        return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/* The index of the file open as fd, for its identity now; -EAGAIN if it changed meanwhile. */
static int index_of_fd(int fd, int clock_fd, char **ret, size_t *ret_size) {
        struct stat before, after, now;
        if (fstat(fd, &before) < 0)
                return negative_errno();
        if (!S_ISREG(before.st_mode))
                return -EBADF;
        /* A change within the same tick of the file system's clock as the last one leaves
         * the change time as it was (ext4: the scheduler's tick; NFS: the server's clock).
         * Read the text only once the clock has moved on: then any change after the read
         * gives the file another change time, and the index another identity than the
         * file's.  The clock is that of the file system, read by setting the times of a
         * file in the same directory (clock_fd); bounded, as a clock set back may never get
         * there (then there is no index, and export scans). */
        for (int i = 0;; i++) {
                if (futimens(clock_fd, NULL) < 0 || fstat(clock_fd, &now) < 0)
                        return negative_errno();
                if (timespec_after(&now.st_mtim, &before.st_ctim))
                        break;
                if (i == 300)
                        return -ETIME;
                nanosleep(&(struct timespec) { .tv_nsec = 10 * 1000 * 1000 }, NULL);
        }
        _cleanup_free_ char *text = NULL;
        size_t size;
        if (lseek(fd, 0, SEEK_SET) < 0)
                return negative_errno();
        int r = read_fd_bounded(fd, BINDINGS_MAX_SIZE, &text, &size);
        if (r < 0)
                return r;
        if (fstat(fd, &after) < 0)
                return negative_errno();
        BindingsFileId a, b;
        bindings_file_id_from_stat(&before, &a);
        bindings_file_id_from_stat(&after, &b);
        if (!bindings_file_id_equal(&a, &b) || size != a.size)
                return -EAGAIN;
        return bindings_index_build(text, size, &a, ret, ret_size);
}

int bindings_index_save(const char *path) {
        _cleanup_free_ char *target = NULL;
        int r = bindings_file_target(path, &target);
        if (r < 0)
                return r;
        char idx[PATH_MAX], tmp[PATH_MAX + 8];
        r = index_path(target, idx, sizeof(idx));
        if (r < 0)
                return r;
        snprintf(tmp, sizeof(tmp), "%s.XXXXXX", idx);
        _cleanup_close_ int fd = open(target, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return negative_errno();
        _cleanup_close_ int out = mkostemp(tmp, O_CLOEXEC);
        if (out < 0)
                return negative_errno();
        _cleanup_free_ char *data = NULL;
        size_t size = 0;
        r = index_of_fd(fd, out, &data, &size);
        for (size_t done = 0; r >= 0 && done < size;) {
                ssize_t k = write(out, data + done, size - done);
                if (k < 0 && errno != EINTR)
                        r = negative_errno();
                else if (k > 0)
                        done += (size_t) k;
        }
        /* No fsync: the index is derived, and one torn by a crash does not hold up
         * (bindings_index_open() checks its size) and is not used. */
        if (r >= 0 && fchmod(out, 0644) < 0)
                r = negative_errno();
        if (r >= 0 && rename(tmp, idx) < 0)
                r = negative_errno();
        if (r < 0) {
                (void) unlink(tmp);
                return r;
        }
        /* Through a symlink, export looks beside the link first: an index left there (from
         * before the file became a link) would hide this one for good. */
        char beside[PATH_MAX];
        struct stat a, b;
        if (strcmp(target, path) != 0 && index_path(path, beside, sizeof(beside)) == 0 && stat(beside, &a) == 0 &&
            stat(idx, &b) == 0 && (a.st_dev != b.st_dev || a.st_ino != b.st_ino))
                (void) unlink(beside);
        return 0;
}

/* The index beside path (or beside the file a symlink at path points to), mapped. */
static int index_map(const char *path, const void **ret, size_t *ret_size) {
        char idx[PATH_MAX];
        int r = index_path(path, idx, sizeof(idx));
        if (r < 0)
                return r;
        _cleanup_close_ int fd = open(idx, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0 && errno == ENOENT) {
                /* A symlink to a shared copy: the index is beside the copy. */
                _cleanup_free_ char *target = NULL;
                r = bindings_file_target(path, &target);
                if (r < 0)
                        return r;
                if (strcmp(target, path) == 0)
                        return -ENOENT;
                r = index_path(target, idx, sizeof(idx));
                if (r < 0)
                        return r;
                fd = open(idx, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        }
        if (fd < 0)
                return negative_errno();
        struct stat st;
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode) || st.st_size < BINDINGS_INDEX_HEADER_SIZE)
                return -EBADMSG;
        /* Mapped, not read: a lookup touches a bucket and its entries, a few pages,
         * whatever the size of the index.  Writers replace the index by rename, never
         * truncate it in place. */
        void *p = mmap(NULL, (size_t) st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED)
                return negative_errno();
        *ret = p;
        *ret_size = (size_t) st.st_size;
        return 0;
}

int bindings_index_status(const char *path) {
        const void *map;
        size_t map_size;
        int r = index_map(path, &map, &map_size);
        if (r < 0)
                return r;
        _cleanup_free_ char *target = NULL, *want = NULL;
        size_t want_size = 0;
        _cleanup_close_ int fd = -1;
        r = bindings_file_target(path, &target);
        if (r >= 0) {
                fd = open(target, O_RDONLY | O_CLOEXEC | O_NOCTTY);
                r = fd < 0 ? negative_errno() : 0;
        }
        BindingsIndex ix;
        struct stat st;
        if (r >= 0 && bindings_index_open(map, map_size, &ix) < 0)
                r = -EBADMSG;
        if (r >= 0 && fstat(fd, &st) < 0)
                r = negative_errno();
        if (r >= 0) {
                BindingsFileId id;
                bindings_file_id_from_stat(&st, &id);
                if (!bindings_file_id_equal(&id, &ix.id) || (ix.flags & BINDINGS_INDEX_FLAG_DAMAGED))
                        r = -ESTALE;
        }
        if (r >= 0) {
                /* The identity matches: the index must also say what the text says. */
                _cleanup_free_ char *text = NULL;
                size_t size;
                r = read_fd_bounded(fd, BINDINGS_MAX_SIZE, &text, &size);
                if (r >= 0) {
                        BindingsFileId id;
                        bindings_file_id_from_stat(&st, &id);
                        r = bindings_index_build(text, size, &id, &want, &want_size);
                }
                if (r >= 0 && (want_size != map_size || memcmp(want, map, map_size) != 0))
                        r = -ESTALE;
        }
        munmap((void *) map, map_size);
        return r;
}

/* Reads lines of the bindings file for bindings_parse_indexed(), each into its own buffer,
 * kept until the load is done. */
typedef struct LineReader {
        int fd;
        char *bufs[16];
        uint64_t offsets[16];
        size_t sizes[16];
        size_t n;
} LineReader;

static int line_reader_read(void *userdata, uint64_t offset, size_t n, const char **ret) {
        LineReader *lr = userdata;
        for (size_t i = 0; i < lr->n; i++)
                if (lr->offsets[i] == offset && lr->sizes[i] == n) {
                        *ret = lr->bufs[i];
                        return 0;
                }
        if (lr->n == ELEMENTSOF(lr->bufs))
                return -ESTALE; /* more lines than any one disk has: scan */
        char *buf = malloc(n + 1);
        if (!buf)
                return -ENOMEM;
        ssize_t k;
        do
                k = pread(lr->fd, buf, n, (off_t) offset);
        while (k < 0 && errno == EINTR);
        if (k < 0 || (size_t) k != n) {
                int r = k < 0 ? negative_errno() : -ESTALE;
                free(buf);
                return r;
        }
        lr->bufs[lr->n] = buf;
        lr->offsets[lr->n] = offset;
        lr->sizes[lr->n++] = n;
        *ret = buf;
        return 0;
}

int bindings_file_load_indexed(const char *path, const char *const *ids, size_t n_ids, const char *const *names,
                               size_t n_names, Bindings *ret) {
        const void *map;
        size_t map_size;
        int r = index_map(path, &map, &map_size);
        if (r < 0)
                return r;
        BindingsIndex ix;
        LineReader lr = { .fd = -1 };
        r = bindings_index_open(map, map_size, &ix);
        if (r >= 0 && (ix.flags & BINDINGS_INDEX_FLAG_DAMAGED))
                r = -ESTALE;
        if (r >= 0) {
                lr.fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
                if (lr.fd < 0)
                        r = negative_errno();
        }
        struct stat st;
        if (r >= 0 && fstat(lr.fd, &st) < 0)
                r = negative_errno();
        if (r >= 0) {
                BindingsFileId id;
                bindings_file_id_from_stat(&st, &id);
                if (!S_ISREG(st.st_mode) || !bindings_file_id_equal(&id, &ix.id))
                        r = -ESTALE;
        }
        if (r >= 0)
                r = bindings_parse_indexed(&ix, line_reader_read, &lr, ids, n_ids, names, n_names, ret);
        for (size_t i = 0; i < lr.n; i++)
                free(lr.bufs[i]);
        if (lr.fd >= 0)
                close(lr.fd);
        munmap((void *) map, map_size);
        return r;
}
