/* SPDX-License-Identifier: MIT */
/* BINDINGS.idx (bindings-index.h): the event path reads the bindings file through it only
 * while it describes the file as it is, and every byte of it is untrusted.  These tests
 * change every byte of an index and cut it at every length (never a crash, never another
 * answer than the scan's), and change the file behind a current index in the ways an admin
 * does (an edit in place of the same size, touch, a rename over it, a damaged line, a
 * symlink to a shared copy): each time export must fall back to the scan. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "bindings-file.h"
#include "bindings-index.h"
#include "bindings.h"
#include "fileio.h"
#include "macro.h"

static const char TEXT[] = "# bindings\n"
                           "asm/data01 36000c29a1 asm\n"
                           "asm/data02 36000c29a2 asm\n"
                           "  asm/data02-part1\t36000c29a3 asm  # a partition link of data02's name\n"
                           "asm/data03 36000c29a1 asm\n"
                           "\n"
                           "asm/data04 36000c29a4 asm";

typedef struct Reader {
        const char *text;
        size_t size;
        char *copies[64];
        size_t n;
} Reader;

static int reader_read(void *userdata, uint64_t offset, size_t n, const char **ret) {
        Reader *t = userdata;
        if (offset > t->size || n > t->size - offset || t->n == ELEMENTSOF(t->copies))
                return -EIO;
        char *copy = malloc(n ? n : 1);
        assert_non_null(copy);
        memcpy(copy, t->text + offset, n);
        t->copies[t->n++] = copy;
        *ret = copy;
        return 0;
}

static void reader_done(Reader *t) {
        for (size_t i = 0; i < t->n; i++)
                free(t->copies[i]);
        t->n = 0;
}

static bool same(const Bindings *a, const Bindings *b) {
        if (a->n_lines != b->n_lines || a->n_problems != b->n_problems)
                return false;
        for (size_t i = 0; i < a->n_lines; i++)
                if (a->lines[i].line != b->lines[i].line || strcmp(a->lines[i].text, b->lines[i].text) != 0 ||
                    !a->lines[i].name != !b->lines[i].name)
                        return false;
        return true;
}

static const char *const IDS[] = { "36000c29a1", "36000c29a2", "36000c29a3", "36000c29a4", "36000c29a" };

/* Through data[0..size) as an index of TEXT: 0 and the scan's answer for every id, or an
 * error; never another answer. */
static int lookups_agree(const void *data, size_t size) {
        BindingsIndex ix;
        int r = bindings_index_open(data, size, &ix);
        if (r < 0)
                return r;
        int answered = 0;
        for (size_t k = 0; k < ELEMENTSOF(IDS); k++) {
                const char *id = IDS[k], *name = "asm/data02";
                for (int with_name = 0; with_name < 2; with_name++) {
                        Bindings want, got = {};
                        assert_int_equal(bindings_parse_for(TEXT, strlen(TEXT), &id, 1, &name, (size_t) with_name, &want), 0);
                        Reader t = { TEXT, strlen(TEXT), {}, 0 };
                        r = bindings_parse_indexed(&ix, reader_read, &t, &id, 1, &name, (size_t) with_name, &got);
                        reader_done(&t);
                        if (r == 0) {
                                assert_true(same(&want, &got));
                                answered++;
                        }
                        bindings_done(&want);
                        bindings_done(&got);
                }
        }
        return answered;
}

static void test_index_round_trip(void **state) {
        (void) state;
        BindingsFileId id = { .ino = 12, .size = strlen(TEXT), .mtime_sec = 1, .ctime_sec = 2, .ctime_nsec = 3 };
        _cleanup_free_ char *data = NULL;
        size_t size;
        assert_int_equal(bindings_index_build(TEXT, strlen(TEXT), &id, &data, &size), 0);
        BindingsIndex ix;
        assert_int_equal(bindings_index_open(data, size, &ix), 0);
        assert_true(bindings_file_id_equal(&ix.id, &id));
        assert_int_equal(ix.flags, 0);
        /* 5 bindings: 5 serials, 5 names, 1 stem. */
        assert_int_equal(ix.n_entries, 11);
        BindingsIndexEntry e[4];
        size_t n;
        assert_int_equal(bindings_index_find(&ix, BINDINGS_KEY_ID, "36000c29a1", 10, e, 4, &n), 0);
        assert_int_equal(n, 2);
        assert_int_equal(e[0].line, 2);
        assert_int_equal(e[1].line, 5);
        assert_int_equal(bindings_index_find(&ix, BINDINGS_KEY_STEM, "asm/data02", 10, e, 4, &n), 0);
        assert_int_equal(n, 1);
        assert_int_equal(e[0].line, 4);
        assert_memory_equal(TEXT + e[0].offset, "  asm/data02-part1", 18);
        assert_int_equal(bindings_index_find(&ix, BINDINGS_KEY_NAME, "asm/data04", 10, e, 4, &n), 0);
        assert_int_equal(n, 1);
        assert_int_equal(e[0].offset + e[0].len, strlen(TEXT)); /* the last line, without '\n' */
        assert_int_equal(lookups_agree(data, size), 2 * (int) ELEMENTSOF(IDS));

        /* A damaged line anywhere: the index says so and is never used. */
        const char damaged[] = "asm/data01 36000c29a1 asm\nasm/data09 36000c29a9\n";
        _cleanup_free_ char *d2 = NULL;
        assert_int_equal(bindings_index_build(damaged, strlen(damaged), &id, &d2, &size), 0);
        assert_int_equal(bindings_index_open(d2, size, &ix), 0);
        assert_true(ix.flags & BINDINGS_INDEX_FLAG_DAMAGED);
        const char *one = "36000c29a1";
        Bindings b = {};
        Reader t = { damaged, strlen(damaged), {}, 0 };
        assert_int_equal(bindings_parse_indexed(&ix, reader_read, &t, &one, 1, NULL, 0, &b), -ESTALE);
        reader_done(&t);
}

/* Every byte changed, every length cut: an error or the scan's answer. */
static void test_index_hostile_bytes(void **state) {
        (void) state;
        BindingsFileId id = { .ino = 12, .size = strlen(TEXT) };
        _cleanup_free_ char *data = NULL;
        size_t size;
        assert_int_equal(bindings_index_build(TEXT, strlen(TEXT), &id, &data, &size), 0);
        unsigned refused = 0, answered = 0;
        for (size_t i = 0; i < size; i++)
                for (unsigned x = 1; x < 256; x <<= 1) {
                        char *copy = malloc(size);
                        assert_non_null(copy);
                        memcpy(copy, data, size);
                        copy[i] = (char) (copy[i] ^ (char) x);
                        int r = lookups_agree(copy, size);
                        refused += r < 0;
                        answered += r > 0;
                        free(copy);
                }
        for (size_t cut = 0; cut < size; cut++) {
                char *copy = malloc(cut ? cut : 1);
                assert_non_null(copy);
                memcpy(copy, data, cut);
                assert_int_equal(lookups_agree(copy, cut), -EBADMSG);
                free(copy);
        }
        printf("changed bytes: %u indexes refused, %u answered (as the scan)\n", refused, answered);
        assert_true(refused > 100);
}

static char dir[] = "/tmp/test-bindings-index.XXXXXX";
static char path[PATH_MAX];

static void write_text(const char *p, const char *text) {
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs(text, f);
        assert_int_equal(fclose(f), 0);
}

static int load(const char *p, const char *id, Bindings *ret) {
        bindings_done(ret);
        return bindings_file_load_indexed(p, &id, 1, NULL, 0, ret);
}

static void save(const char *p) {
        Bindings b;
        ParseError e;
        _cleanup_free_ char *text = NULL;
        size_t size;
        assert_int_equal(read_file_bounded(p, BINDINGS_MAX_SIZE, &text, &size), 0);
        assert_int_equal(bindings_parse(text, size, &b, &e), 0);
        assert_int_equal(bindings_file_save(p, &b), 0);
        bindings_done(&b);
}

static void test_index_follows_the_file(void **state) {
        (void) state;
        assert_non_null(mkdtemp(dir));
        snprintf(path, sizeof(path), "%s/bindings", dir);
        char idx[PATH_MAX + 8];
        snprintf(idx, sizeof(idx), "%s" BINDINGS_INDEX_SUFFIX, path);
        Bindings b = {};

        /* No index yet: the scan's job. */
        write_text(path, "asm/d01 36000c29a1 asm\nasm/d02 36000c29a2 asm\n");
        assert_int_equal(load(path, "36000c29a2", &b), -ENOENT);
        assert_int_equal(bindings_index_status(path), -ENOENT);

        /* Every writer saves through bindings_file_save(): it leaves a current index. */
        save(path);
        assert_int_equal(bindings_index_status(path), 0);
        assert_int_equal(load(path, "36000c29a2", &b), 0);
        const BindingLine *l = bindings_find_by_id(&b, "36000c29a2");
        assert_non_null(l);
        assert_string_equal(l->name, "asm/d02");
        assert_int_equal(l->line, 2);
        assert_int_equal(load(path, "36000c29a9", &b), 0);
        assert_null(bindings_find_by_id(&b, "36000c29a9"));

        /* An edit in place that keeps the size (the editor that writes over the file):
         * another change time, so the index no longer answers. */
        int fd = open(path, O_WRONLY);
        assert_true(fd >= 0);
        assert_int_equal(pwrite(fd, "asm/d03 36000c29a2 asm\nasm/d02 36000c29a1 asm\n", 46, 0), 46);
        close(fd);
        assert_int_equal(load(path, "36000c29a2", &b), -ESTALE);
        assert_int_equal(bindings_index_status(path), -ESTALE);
        assert_int_equal(bindings_index_save(path), 0);
        assert_int_equal(load(path, "36000c29a2", &b), 0);
        assert_string_equal(bindings_find_by_id(&b, "36000c29a2")->name, "asm/d03");

        /* touch: the times change, the index no longer answers. */
        assert_int_equal(utimensat(AT_FDCWD, path, NULL, 0), 0);
        assert_int_equal(load(path, "36000c29a2", &b), -ESTALE);
        assert_int_equal(bindings_index_save(path), 0);

        /* A file renamed over it (mv, sed -i): another inode. */
        char other[PATH_MAX + 8];
        snprintf(other, sizeof(other), "%s.new", path);
        write_text(other, "asm/d03 36000c29a2 asm\nasm/d02 36000c29a1 asm\n");
        assert_int_equal(rename(other, path), 0);
        assert_int_equal(load(path, "36000c29a2", &b), -ESTALE);

        /* A damaged line: the index is written, says so, and is not used. */
        write_text(path, "asm/d01 36000c29a1 asm\nasm/d02 36000c29a2\n");
        assert_int_equal(bindings_index_save(path), 0);
        assert_int_equal(load(path, "36000c29a1", &b), -ESTALE);
        assert_int_equal(bindings_index_status(path), -ESTALE);

        /* Not an index. */
        write_text(path, "asm/d01 36000c29a1 asm\n");
        write_text(idx, "asm/d01 36000c29a1 asm\n");
        assert_int_equal(load(path, "36000c29a1", &b), -EBADMSG);
        assert_int_equal(bindings_index_status(path), -EBADMSG);

        /* A symlink to a shared copy: the index is beside the copy, and found from the link. */
        char link[PATH_MAX + 8];
        snprintf(link, sizeof(link), "%s/link", dir);
        assert_int_equal(symlink("bindings", link), 0);
        char stale[PATH_MAX + 16];
        snprintf(stale, sizeof(stale), "%s" BINDINGS_INDEX_SUFFIX, link);
        write_text(stale, "an index from before the file became a link");
        assert_int_equal(load(link, "36000c29a1", &b), -EBADMSG);
        save(link);
        /* ...which the writer removes: export would look there first. */
        assert_int_equal(access(stale, F_OK), -1);
        assert_int_equal(access(idx, F_OK), 0);
        assert_int_equal(load(link, "36000c29a1", &b), 0);
        assert_string_equal(bindings_find_by_id(&b, "36000c29a1")->name, "asm/d01");
        bindings_done(&b);

        unlink(link);
        unlink(idx);
        unlink(path);
        char lock[PATH_MAX + 8];
        snprintf(lock, sizeof(lock), "%s.lock", path);
        unlink(lock);
        assert_int_equal(rmdir(dir), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_index_round_trip),
                cmocka_unit_test(test_index_hostile_bytes),
                cmocka_unit_test(test_index_follows_the_file),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
