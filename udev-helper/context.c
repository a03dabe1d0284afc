/* SPDX-License-Identifier: MIT */
#include "context.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "bindings-file.h"
#include "fileio.h"
#include "macro.h"
#include "naming.h"
#include "report.h"

int context_load_config(Context *c, ParseError *err) {
        _cleanup_free_ char *text = NULL;
        size_t size;
        *err = (ParseError) {};
        int r = read_file_bounded(c->config_path, CONFIG_MAX_SIZE, &text, &size);
        if (r < 0)
                return r;
        if (memchr(text, '\0', size)) {
                snprintf(err->message, sizeof(err->message), "file contains a NUL byte");
                return -EINVAL;
        }
        return config_parse(text, &c->config, err);
}

static int read_bindings(const char *path, char **ret, size_t *ret_size) {
        int r = read_file_bounded(path, BINDINGS_MAX_SIZE, ret, ret_size);
        if (r == -ENOENT) {
                _cleanup_free_ char *target = NULL;
                r = bindings_file_target(path, &target);
                if (r < 0)
                        return r; /* -ENOLINK: a dangling symlink is an error, never "none" */
                /* No bindings yet: nothing is bound. */
                *ret = strdup("");
                *ret_size = 0;
                return *ret ? 0 : -ENOMEM;
        }
        return r;
}

int context_load_bindings(Context *c, ParseError *err) {
        _cleanup_free_ char *text = NULL;
        size_t size;
        *err = (ParseError) {};
        int r = read_bindings(c->bindings_path, &text, &size);
        if (r < 0)
                return r;
        r = bindings_parse(text, size, &c->bindings, err);
        if (r < 0)
                return r;
        return c->bindings.n_problems ? -EINVAL : 0;
}

static const char *read_error(int r) {
        switch (r) {
        case -ENOENT:
                return "does not exist";
        case -EFBIG:
                return "file too large";
        case -ENOLINK:
                return "a symlink to a file that does not exist (an unmounted share?); not read as \"no bindings\"";
        default:
                return strerror(-r);
        }
}

void context_report_load_error(const char *path, int r, const ParseError *err, bool to_journal) {
        if (r == -EINVAL && err)
                report_file_error(path, err->line, err->message, to_journal);
        else {
                char msg[128];
                snprintf(msg, sizeof(msg), "cannot read: %s", read_error(r));
                report_file_error(path, 0, msg, to_journal);
        }
}

int context_load_validated_config(Context *c) {
        char path[PATH_MAX];
        if ((size_t) snprintf(path, sizeof(path), "%s" CONFIG_VALIDATED_SUFFIX, c->config_path) >= sizeof(path))
                return -ENAMETOOLONG;
        _cleanup_free_ char *text = NULL;
        size_t size;
        int r = read_file_bounded(path, CONFIG_MAX_SIZE, &text, &size);
        if (r < 0)
                return r;
        if (memchr(text, '\0', size))
                return -EINVAL;
        ParseError err;
        config_done(&c->config);
        return config_parse(text, &c->config, &err);
}

int context_load_config_file(Context *c, bool journal) {
        ParseError err;
        int r = context_load_config(c, &err);
        if (r < 0) {
                context_report_load_error(c->config_path, r, &err, journal);
                return EXIT_FILE_ERROR;
        }
        return EXIT_OK;
}

int context_load_bindings_file(Context *c, bool journal) {
        ParseError err;
        int r = context_load_bindings(c, &err);
        if (r == -EINVAL) {
                /* Commands that write must not carry a damaged line along, and the admin
                 * should see every one at once. */
                for (size_t i = 0; i < c->bindings.n_problems; i++)
                        report_file_error(c->bindings_path, c->bindings.problems[i].line,
                                          c->bindings.problems[i].message, journal);
                return EXIT_FILE_ERROR;
        }
        if (r < 0) {
                context_report_load_error(c->bindings_path, r, &err, journal);
                return EXIT_FILE_ERROR;
        }
        return EXIT_OK;
}

int context_load(Context *c, LoadFlags flags) {
        int r = context_load_config_file(c, flags & LOAD_JOURNAL);
        if (r != EXIT_OK || !(flags & LOAD_BINDINGS))
                return r;
        return context_load_bindings_file(c, flags & LOAD_JOURNAL);
}

int context_load_event_bindings(const Context *c, const char *const *ids, size_t n_ids, const char *const *names,
                                size_t n_names, Bindings *ret) {
        bindings_done(ret);
        /* Through the index when it describes the file as it is: a few lines read, whatever
         * the size of the file.  Otherwise (none, a hand edit since, a damaged line, an index
         * that does not hold up) the same answer from a scan of the whole file. */
        int r = bindings_file_load_indexed(c->bindings_path, ids, n_ids, names, n_names, ret);
        if (r == -ENOMEM)
                return r;
        if (r < 0) {
                _cleanup_free_ char *text = NULL;
                size_t size;
                r = read_bindings(c->bindings_path, &text, &size);
                if (r < 0) {
                        context_report_load_error(c->bindings_path, r, NULL, true);
                        return r;
                }
                r = bindings_parse_for(text, size, ids, n_ids, names, n_names, ret);
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; i < ret->n_problems; i++)
                report_file_error(c->bindings_path, ret->problems[i].line, ret->problems[i].message, true);
        return (int) ret->n_problems;
}

int context_load_disk_bindings(const Context *c, const DiskInfo *d, const char *claim, Bindings *ret) {
        char iscsi[BINDING_ID_MAX + 1];
        const char *ids[2];
        size_t n = 0;
        if (d->has_serial)
                ids[n++] = d->serial.serial;
        if (d->iscsi_target && disk_identity(d, true, iscsi, sizeof(iscsi)) == 0)
                ids[n++] = iscsi;
        /* "asm/d-part1" is also the partition link of a disk bound as "asm/d": look for the
         * stem too.  The substring search covers the other direction ("asm/d" finds
         * "asm/d-part1"). */
        const char *names[2];
        size_t n_names = 0;
        char stem[NAME_MAX_LENGTH + 1];
        if (claim) {
                names[n_names++] = claim;
                size_t len = name_partition_link_stem(claim);
                if (len > 0 && len < sizeof(stem)) {
                        memcpy(stem, claim, len);
                        stem[len] = '\0';
                        names[n_names++] = stem;
                }
        }
        return context_load_event_bindings(c, ids, n, names, n_names, ret);
}

void context_done(Context *c) {
        config_done(&c->config);
        bindings_done(&c->bindings);
}
