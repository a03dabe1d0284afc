/* SPDX-License-Identifier: MIT */
/* The index of the bindings file (bindings-index.h): its format, written from the file's
 * text and read back from untrusted bytes.  Every read of the index is bounded by its size,
 * every line it names is read through the caller and checked before it is believed.  No
 * I/O here. */
#include "bindings-index.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

static const char MAGIC[8] = { 'U', 'H', 'B', 'I', 'D', 'X', '\n', '\0' };
#define VERSION 1
/* An entry's offset, length and line number are u32: the file is at most BINDINGS_MAX_SIZE. */
#define MAX_BUCKETS (UINT32_C(1) << 23)

void bindings_file_id_from_stat(const struct stat *st, BindingsFileId *ret) {
        *ret = (BindingsFileId) {
                .ino = (uint64_t) st->st_ino,
                .size = (uint64_t) st->st_size,
                .mtime_sec = (int64_t) st->st_mtim.tv_sec,
                .mtime_nsec = (uint32_t) st->st_mtim.tv_nsec,
                .ctime_sec = (int64_t) st->st_ctim.tv_sec,
                .ctime_nsec = (uint32_t) st->st_ctim.tv_nsec,
        };
}

bool bindings_file_id_equal(const BindingsFileId *a, const BindingsFileId *b) {
        return a->ino == b->ino && a->size == b->size && a->mtime_sec == b->mtime_sec &&
               a->mtime_nsec == b->mtime_nsec && a->ctime_sec == b->ctime_sec && a->ctime_nsec == b->ctime_nsec;
}

static void put32(uint8_t *p, uint32_t v) {
        for (int i = 0; i < 4; i++)
                p[i] = (uint8_t) (v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v) {
        for (int i = 0; i < 8; i++)
                p[i] = (uint8_t) (v >> (8 * i));
}

static uint32_t get32(const uint8_t *p) {
        return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static uint64_t get64(const uint8_t *p) {
        return (uint64_t) get32(p) | (uint64_t) get32(p + 4) << 32;
}

/* Checks against the bytes changing under the index (a disk, a copy cut short): the
 * header's, and each bucket's over its bounds and its entries, checked as it is read. */
static uint32_t sum32(uint32_t h, const uint8_t *p, size_t n) {
        for (size_t i = 0; i < n; i++)
                h = (h ^ p[i]) * 16777619u; /* FNV-1a */
        return h;
}

static uint32_t bucket_sum(uint32_t b, uint32_t from, uint32_t to, const uint8_t *slots) {
        uint8_t bounds[12];
        put32(bounds, b);
        put32(bounds + 4, from);
        put32(bounds + 8, to);
        uint32_t h = sum32(2166136261u, bounds, sizeof(bounds));
        return sum32(h, slots + BINDINGS_INDEX_ENTRY_SIZE * (size_t) from, BINDINGS_INDEX_ENTRY_SIZE * (size_t) (to - from));
}

static uint64_t key_hash(BindingsKeyKind kind, const char *key, size_t n) {
        uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
        h = (h ^ (uint8_t) kind) * 0x100000001b3ULL;
        for (size_t i = 0; i < n; i++)
                h = (h ^ (uint8_t) key[i]) * 0x100000001b3ULL;
        return h;
}

typedef struct Entry {
        uint64_t hash;
        uint32_t offset, len, line;
} Entry;

static int entries_add(Entry **v, size_t *n, size_t *allocated, Entry e) {
        if (*n == *allocated) {
                size_t grown = *allocated ? 2 * *allocated : 256;
                Entry *x = realloc(*v, grown * sizeof(Entry));
                if (!x)
                        return -ENOMEM;
                *v = x;
                *allocated = grown;
        }
        (*v)[(*n)++] = e;
        return 0;
}

int bindings_index_build(const char *text, size_t size, const BindingsFileId *id, char **ret, size_t *ret_size) {
        if (size > BINDINGS_MAX_SIZE)
                return -EFBIG;
        _cleanup_free_ Entry *entries = NULL;
        size_t n = 0, allocated = 0;
        uint32_t flags = 0;
        unsigned lineno = 0;
        int r = 0;
        for (size_t pos = 0; pos < size && r >= 0;) {
                const char *eol = memchr(text + pos, '\n', size - pos);
                size_t len = eol ? (size_t) (eol - (text + pos)) : size - pos;
                lineno++;
                BindingFields f;
                int k = bindings_line_check(text + pos, len, &f);
                if (k < 0)
                        flags |= BINDINGS_INDEX_FLAG_DAMAGED;
                else if (k > 0) {
                        Entry e = { .offset = (uint32_t) pos, .len = (uint32_t) len, .line = lineno };
                        e.hash = key_hash(BINDINGS_KEY_ID, f.id, f.id_len);
                        r = entries_add(&entries, &n, &allocated, e);
                        e.hash = key_hash(BINDINGS_KEY_NAME, f.name, f.name_len);
                        if (r >= 0)
                                r = entries_add(&entries, &n, &allocated, e);
                        size_t stem = bindings_name_stem(f.name, f.name_len);
                        e.hash = key_hash(BINDINGS_KEY_STEM, f.name, stem);
                        if (r >= 0 && stem)
                                r = entries_add(&entries, &n, &allocated, e);
                }
                pos += len + (eol ? 1 : 0);
        }
        if (r < 0)
                return r;

        /* About one entry per bucket: a lookup reads one bucket's few entries. */
        uint32_t n_buckets = 1;
        while (n_buckets < n && n_buckets < MAX_BUCKETS)
                n_buckets *= 2;
        size_t total = BINDINGS_INDEX_HEADER_SIZE + 4 * (2 * (size_t) n_buckets + 1) + BINDINGS_INDEX_ENTRY_SIZE * n;
        _cleanup_free_ uint32_t *start = calloc((size_t) n_buckets + 1, sizeof(uint32_t));
        uint8_t *out = calloc(1, total);
        if (!start || !out) {
                free(out);
                return -ENOMEM;
        }
        /* Counting sort by bucket; within a bucket, file order. */
        for (size_t i = 0; i < n; i++)
                start[(entries[i].hash & (n_buckets - 1)) + 1]++;
        for (uint32_t b = 0; b < n_buckets; b++)
                start[b + 1] += start[b];
        uint8_t *table = out + BINDINGS_INDEX_HEADER_SIZE, *sums = table + 4 * ((size_t) n_buckets + 1),
                *slots = sums + 4 * (size_t) n_buckets;
        for (uint32_t b = 0; b <= n_buckets; b++)
                put32(table + 4 * (size_t) b, start[b]);
        for (size_t i = 0; i < n; i++) {
                uint8_t *p = slots + BINDINGS_INDEX_ENTRY_SIZE * (size_t) start[entries[i].hash & (n_buckets - 1)]++;
                put64(p, entries[i].hash);
                put32(p + 8, entries[i].offset);
                put32(p + 12, entries[i].len);
                put32(p + 16, entries[i].line);
        }
        for (uint32_t b = 0; b < n_buckets; b++)
                put32(sums + 4 * (size_t) b, bucket_sum(b, get32(table + 4 * (size_t) b), get32(table + 4 * (size_t) b + 4), slots));

        memcpy(out, MAGIC, sizeof(MAGIC));
        put32(out + 8, VERSION);
        put32(out + 12, flags);
        put64(out + 16, id->ino);
        put64(out + 24, id->size);
        put64(out + 32, (uint64_t) id->mtime_sec);
        put32(out + 40, id->mtime_nsec);
        put32(out + 44, id->ctime_nsec);
        put64(out + 48, (uint64_t) id->ctime_sec);
        put32(out + 56, n_buckets);
        put32(out + 60, (uint32_t) n);
        put32(out + 64, sum32(2166136261u, out, 64));
        *ret = (char *) out;
        *ret_size = total;
        return 0;
}

int bindings_index_open(const void *data, size_t size, BindingsIndex *ret) {
        const uint8_t *p = data;
        if (size < BINDINGS_INDEX_HEADER_SIZE || memcmp(p, MAGIC, sizeof(MAGIC)) != 0 || get32(p + 8) != VERSION)
                return -EBADMSG;
        BindingsIndex ix = {
                .data = p,
                .size = size,
                .flags = get32(p + 12),
                .n_buckets = get32(p + 56),
                .n_entries = get32(p + 60),
        };
        ix.id = (BindingsFileId) {
                .ino = get64(p + 16),
                .size = get64(p + 24),
                .mtime_sec = (int64_t) get64(p + 32),
                .mtime_nsec = get32(p + 40),
                .ctime_nsec = get32(p + 44),
                .ctime_sec = (int64_t) get64(p + 48),
        };
        if ((ix.flags & ~BINDINGS_INDEX_FLAG_DAMAGED) || ix.n_buckets == 0 || ix.n_buckets > MAX_BUCKETS ||
            (ix.n_buckets & (ix.n_buckets - 1)) || ix.n_entries > BINDINGS_INDEX_MAX_ENTRIES ||
            ix.id.size > BINDINGS_MAX_SIZE || get32(p + 64) != sum32(2166136261u, p, 64) || get32(p + 68) != 0)
                return -EBADMSG;
        size_t want = BINDINGS_INDEX_HEADER_SIZE + 4 * (2 * (size_t) ix.n_buckets + 1) +
                      BINDINGS_INDEX_ENTRY_SIZE * (size_t) ix.n_entries;
        if (size != want)
                return -EBADMSG;
        *ret = ix;
        return 0;
}

int bindings_index_find(const BindingsIndex *ix, BindingsKeyKind kind, const char *key, size_t n,
                        BindingsIndexEntry *ret, size_t max, size_t *n_ret) {
        uint64_t h = key_hash(kind, key, n);
        size_t b = (size_t) (h & (ix->n_buckets - 1));
        const uint8_t *table = ix->data + BINDINGS_INDEX_HEADER_SIZE;
        const uint8_t *sums = table + 4 * ((size_t) ix->n_buckets + 1), *slots = sums + 4 * (size_t) ix->n_buckets;
        uint32_t from = get32(table + 4 * b), to = get32(table + 4 * (b + 1));
        if (from > to || to > ix->n_entries || bucket_sum((uint32_t) b, from, to, slots) != get32(sums + 4 * b))
                return -EBADMSG;
        size_t k = 0;
        for (uint32_t i = from; i < to; i++) {
                const uint8_t *p = slots + BINDINGS_INDEX_ENTRY_SIZE * (size_t) i;
                if (get64(p) != h)
                        continue;
                if (k == max)
                        return -E2BIG;
                ret[k++] = (BindingsIndexEntry) { .offset = get32(p + 8), .len = get32(p + 12), .line = get32(p + 16) };
        }
        *n_ret = k;
        return 0;
}

/* The finder for bindings_parse_found(): the index's entries for a key, each line read and
 * checked to be what the index says (a whole line of the file, a valid binding). */
typedef struct Finder {
        const BindingsIndex *ix;
        BindingsReadFn read_fn;
        void *userdata;
} Finder;

/* A few lines per key on any real file (one serial, one name, a handful of partition links);
 * a key with more is a file the scan handles as well. */
#define MAX_LINES_PER_KEY 64

static int finder_find(void *userdata, BindingsKeyKind kind, const char *key, size_t n, BindingsFound **found,
                       size_t *n_found) {
        Finder *f = userdata;
        BindingsIndexEntry e[MAX_LINES_PER_KEY];
        size_t k;
        int r = bindings_index_find(f->ix, kind, key, n, e, ELEMENTSOF(e), &k);
        if (r < 0)
                return r == -E2BIG ? -ESTALE : r;
        if (k == 0)
                return 0;
        BindingsFound *v = realloc(*found, (*n_found + k) * sizeof(BindingsFound));
        if (!v)
                return -ENOMEM;
        *found = v;
        uint64_t size = f->ix->id.size;
        for (size_t i = 0; i < k; i++) {
                /* The line with the bytes around it: the '\n' before (unless it starts the
                 * file) and after (unless it ends it) prove it is a whole line. */
                if (e[i].len == 0 || e[i].len > BINDING_LINE_MAX || e[i].line == 0 || e[i].offset > size ||
                    e[i].len > size - e[i].offset)
                        return -EBADMSG;
                uint64_t from = e[i].offset > 0 ? e[i].offset - 1 : 0, to = e[i].offset + e[i].len + (e[i].offset + e[i].len < size);
                const char *s;
                r = f->read_fn(f->userdata, from, (size_t) (to - from), &s);
                if (r < 0)
                        return r;
                const char *line = s + (e[i].offset - from);
                if ((e[i].offset > 0 && s[0] != '\n') || (e[i].offset + e[i].len < size && line[e[i].len] != '\n') ||
                    memchr(line, '\n', e[i].len))
                        return -EBADMSG;
                /* That it is a valid binding is checked as it is parsed (bindings_parse_found()). */
                (*found)[(*n_found)++] = (BindingsFound) { line, e[i].offset, e[i].len, e[i].line };
        }
        return 0;
}

int bindings_parse_indexed(const BindingsIndex *ix, BindingsReadFn read_fn, void *userdata, const char *const *ids,
                           size_t n_ids, const char *const *names, size_t n_names, Bindings *ret) {
        if (ix->flags & BINDINGS_INDEX_FLAG_DAMAGED)
                return -ESTALE;
        Finder f = { .ix = ix, .read_fn = read_fn, .userdata = userdata };
        return bindings_parse_found(finder_find, &f, ids, n_ids, names, n_names, ret);
}
