/* SPDX-License-Identifier: MIT */
#pragma once

/* BINDINGS.idx: where in the bindings file the lines are that the event path looks up, so
 * that export reads a few lines instead of scanning the whole file on every event.  Pure:
 * building the index from the file's text, and reading it back from bytes that may be
 * anything (a truncated copy, another version, a hostile file); bindings-file.h does the
 * I/O.
 *
 * The index holds the identity of the file it describes (inode, size, modification and
 * change times to the nanosecond: the change time is set by the kernel on every change and
 * cannot be set back by touch) and, for every line that applies on its own (a valid
 * NAME SERIAL CLASS line), its offset, length and number under three keys: its serial, its
 * name and, for a name that is a partition link ("asm/d-part1"), the stem ("asm/d").  It
 * is used only when the file's identity matches and the file has no damaged line; every
 * line it points to is checked to be a whole line carrying the key.  Anything else means a
 * scan of the whole file, as without an index: the index can make export cheaper, never
 * change its answer.
 *
 * Format (little-endian): a 72-byte header (magic, version, flags, identity, bucket and
 * entry counts, a checksum of the first 64 bytes, 4 zero bytes), n_buckets + 1 bucket starts
 * (u32: the entries of bucket b are [start[b], start[b+1])), n_buckets checksums (u32, of a
 * bucket's bounds and entries), then the entries (u64 key hash, u32 offset, u32 length, u32
 * line number) grouped by bucket.  The key hash is FNV-1a over the key's kind byte and its
 * bytes; a collision costs one line read and is dropped when the line's field differs.  The
 * checksums catch bytes changed under a current identity (a bad sector, a copy cut short),
 * in what a lookup reads; they are no defence against someone who can write the bindings
 * file anyway. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "bindings.h"

#define BINDINGS_INDEX_SUFFIX ".idx"
#define BINDINGS_INDEX_HEADER_SIZE 72
#define BINDINGS_INDEX_ENTRY_SIZE 20
/* Three keys for each line of a file of BINDINGS_MAX_SIZE bytes, lines of at least 6 bytes. */
#define BINDINGS_INDEX_MAX_ENTRIES (3 * (BINDINGS_MAX_SIZE / 6))
#define BINDINGS_INDEX_FLAG_DAMAGED (UINT32_C(1) << 0) /* some line is damaged: never used */

/* What identifies one version of the bindings file.  Not st_dev: NFS clients number a
 * share's device each their own way, and a copy shared by every node would never match on
 * the nodes that did not write it; the index is only ever looked for beside the file. */
typedef struct BindingsFileId {
        uint64_t ino, size;
        int64_t mtime_sec, ctime_sec;
        uint32_t mtime_nsec, ctime_nsec;
} BindingsFileId;

void bindings_file_id_from_stat(const struct stat *st, BindingsFileId *ret);
bool bindings_file_id_equal(const BindingsFileId *a, const BindingsFileId *b);

/* The index of text[0..size) as the file identified by id; the caller frees *ret.
 * 0, -ENOMEM, or -EFBIG for a text beyond BINDINGS_MAX_SIZE. */
int bindings_index_build(const char *text, size_t size, const BindingsFileId *id, char **ret, size_t *ret_size);

/* An index read back: pointers into the caller's bytes, which must outlive it. */
typedef struct BindingsIndex {
        const uint8_t *data;
        size_t size;
        BindingsFileId id;
        uint32_t flags, n_buckets, n_entries;
} BindingsIndex;

/* Checks the header and that the size is exactly what the counts say; the buckets and
 * entries are checked as they are read.  0, or -EBADMSG. */
int bindings_index_open(const void *data, size_t size, BindingsIndex *ret);

typedef struct BindingsIndexEntry {
        uint64_t offset;
        uint32_t len, line;
} BindingsIndexEntry;

/* The entries for one key (and any that share its hash), *n_ret of them into ret[0..max);
 * more than max is -E2BIG, a bucket out of bounds -EBADMSG.  Bounded by the bucket. */
int bindings_index_find(const BindingsIndex *ix, BindingsKeyKind kind, const char *key, size_t n,
                        BindingsIndexEntry *ret, size_t max, size_t *n_ret);

/* Reads [offset, offset + n) of the bindings file into a buffer that stays valid until the
 * reader is done; 0 or a negative errno. */
typedef int (*BindingsReadFn)(void *userdata, uint64_t offset, size_t n, const char **ret);

/* The event path through the index: the same lines as bindings_parse_for() would find in
 * the file the index describes, read through read_fn, and the same partial parse of them.
 * file_size is the file's size (fstat), checked against the index's identity by the
 * caller.  -ESTALE when the index cannot answer (damaged lines in the file), -EBADMSG when
 * it is inconsistent (a line that is not where it says, out of bounds): the caller scans. */
int bindings_parse_indexed(const BindingsIndex *ix, BindingsReadFn read_fn, void *userdata, const char *const *ids,
                           size_t n_ids, const char *const *names, size_t n_names, Bindings *ret);
