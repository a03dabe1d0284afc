/* SPDX-License-Identifier: MIT */
/* Feeds every file of the given corpus directories (or files) to LLVMFuzzerTestOneInput, in
 * name order, so the stored corpus and every past finding run as an ordinary test in every
 * build, with whatever compiler and sanitizers the build has.  An empty corpus fails: a
 * test that replays nothing proves nothing. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "fuzz.h"

static int replay_file(const char *path, size_t *count) {
        char *data = NULL;
        size_t size = 0;
        int r = read_file_bounded(path, 64 * 1024 * 1024, &data, &size);
        if (r < 0) {
                fprintf(stderr, "%s: %s\n", path, strerror(-r));
                return r;
        }
        /* An exact-size heap copy: ASan then catches a read one past the input. */
        uint8_t *copy = malloc(size ? size : 1);
        if (!copy)
                abort();
        memcpy(copy, data, size);
        free(data);
        fprintf(stderr, "replay %s (%zu bytes)\n", path, size);
        LLVMFuzzerTestOneInput(copy, size);
        free(copy);
        (*count)++;
        return 0;
}

static int replay_dir(const char *dir, size_t *count) {
        struct dirent **names = NULL;
        int n = scandir(dir, &names, NULL, alphasort);
        if (n < 0) {
                fprintf(stderr, "%s: %s\n", dir, strerror(errno));
                return -errno;
        }
        int r = 0;
        for (int i = 0; i < n; i++) {
                if (names[i]->d_name[0] != '.' && r >= 0) {
                        char path[4096];
                        snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
                        r = replay_file(path, count);
                }
                free(names[i]);
        }
        free(names);
        return r;
}

int main(int argc, char **argv) {
        size_t count = 0;
        for (int i = 1; i < argc; i++) {
                struct stat st;
                if (stat(argv[i], &st) < 0) {
                        fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
                        return EXIT_FAILURE;
                }
                if ((S_ISDIR(st.st_mode) ? replay_dir(argv[i], &count) : replay_file(argv[i], &count)) < 0)
                        return EXIT_FAILURE;
        }
        if (count == 0) {
                fprintf(stderr, "no inputs replayed\n");
                return EXIT_FAILURE;
        }
        printf("%zu inputs replayed without a finding\n", count);
        return EXIT_SUCCESS;
}
