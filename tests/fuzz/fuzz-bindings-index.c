/* SPDX-License-Identifier: MIT */
/* BINDINGS.idx (bindings-index.h): bytes beside the bindings file that the event path maps
 * on every event.  Whatever they hold, reading them must stay in bounds and end in an
 * answer or an error; and the index built from a text must give, through
 * bindings_parse_indexed(), the scan's answer (bindings_parse_for()) for the file's own
 * serials and names whenever the file has no damaged line.
 *
 * Input: 2 bytes (big endian) = length of the bindings text, the text, then the index. */
#include <errno.h>
#include <stdio.h>

#include "bindings-index.h"
#include "bindings.h"
#include "fuzz.h"

typedef struct Reader {
        const char *text;
        size_t size;
        char *copies[64];
        size_t n;
} Reader;

static int reader_read(void *userdata, uint64_t offset, size_t n, const char **ret) {
        Reader *t = userdata;
        if (offset > t->size || n > t->size - offset || t->n == sizeof(t->copies) / sizeof(t->copies[0]))
                return -EIO;
        char *copy = malloc(n ? n : 1);
        if (!copy)
                abort();
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        if (size < 2)
                return 0;
        size_t len = (size_t) data[0] << 8 | data[1];
        if (len > size - 2)
                len = size - 2;
        char *text = fuzz_strndup(data + 2, len);
        const uint8_t *idx = data + 2 + len;
        size_t idx_size = size - 2 - len;

        Bindings full = {};
        ParseError err;
        if (bindings_parse(text, len, &full, &err) < 0)
                abort();

        /* The given bytes as an index of this text: bounded, an answer or an error. */
        BindingsIndex ix;
        if (bindings_index_open(idx, idx_size, &ix) == 0)
                for (size_t i = 0, tried = 0; i < full.n_lines && tried < 4; i++) {
                        if (!full.lines[i].id)
                                continue;
                        tried++;
                        const char *id = full.lines[i].id, *name = full.lines[i].name;
                        Reader t = { text, len, {}, 0 };
                        Bindings p = {};
                        int r = bindings_parse_indexed(&ix, reader_read, &t, &id, 1, &name, 1, &p);
                        if (r == 0)
                                for (size_t k = 0; k < p.n_lines; k++)
                                        if (p.lines[k].line == 0 ||
                                            !memmem(text, len, p.lines[k].text, strlen(p.lines[k].text)))
                                                abort(); /* every line is one of the text (NULs and all) */
                        reader_done(&t);
                        bindings_done(&p);
                }

        /* The index built from the text: the scan's answer, or a refusal for damaged lines. */
        BindingsFileId id = { .ino = 1, .size = len };
        char *built = NULL;
        size_t built_size;
        if (bindings_index_build(text, len, &id, &built, &built_size) < 0)
                abort();
        if (bindings_index_open(built, built_size, &ix) < 0)
                abort();
        for (size_t i = 0, tried = 0; i < full.n_lines && tried < 4; i++) {
                if (!full.lines[i].id)
                        continue;
                tried++;
                const char *id1 = full.lines[i].id;
                Reader t = { text, len, {}, 0 };
                Bindings want = {}, got = {};
                if (bindings_parse_for(text, len, &id1, 1, NULL, 0, &want) < 0)
                        abort();
                int r = bindings_parse_indexed(&ix, reader_read, &t, &id1, 1, NULL, 0, &got);
                if ((ix.flags & BINDINGS_INDEX_FLAG_DAMAGED) ? r != -ESTALE : (r != 0 || !same(&want, &got)))
                        abort();
                reader_done(&t);
                bindings_done(&want);
                bindings_done(&got);
        }
        free(built);
        bindings_done(&full);
        free(text);
        return 0;
}
