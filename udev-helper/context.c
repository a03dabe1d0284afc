/* SPDX-License-Identifier: MIT */
#include "context.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

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

#ifndef UH_EVENT_BINARY
static void check_account(Context *c, const DiskClass *k, const char *what, const char *name, unsigned line,
                          bool exists) {
        if (!name || exists)
                return;
        char msg[320];
        /* What udev does then changed: 252 and 257 ignore only the key, 262 drops the
         * whole rule of a static OWNER/GROUP (`rules` output), name and all. */
        snprintf(msg, sizeof(msg),
                 "[%s]: %s '%s' does not exist on this host (udev up to 257 leaves the node to root; "
                 "udev 262 drops the whole rule of a static name: create the account first)",
                 k->name, what, name);
        report_file_error(c->config_path, line, msg, false);
        c->n_account_problems++;
}
#endif

int context_load(Context *c, LoadFlags flags) {
        bool journal = flags & LOAD_JOURNAL;
        ParseError err;
        int r = context_load_config(c, &err);
        if (r < 0) {
                context_report_load_error(c->config_path, r, &err, journal);
                return EXIT_FILE_ERROR;
        }
#ifndef UH_EVENT_BINARY
        /* Not in the event binary: it never asks (LOAD_ACCOUNTS is for admin commands), and
         * without NSS it can be linked statically. */
        if (flags & LOAD_ACCOUNTS)
                for (size_t i = 0; i < c->config.n_classes; i++) {
                        const DiskClass *k = &c->config.classes[i];
                        check_account(c, k, "user", k->owner, k->owner_line, !k->owner || getpwnam(k->owner));
                        check_account(c, k, "group", k->group, k->group_line, !k->group || getgrnam(k->group));
                }
#endif
        if (!(flags & LOAD_BINDINGS))
                return EXIT_OK;

        r = context_load_bindings(c, &err);
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

int context_load_event_bindings(Context *c, const char *const *ids, size_t n_ids, const char *const *names,
                                size_t n_names) {
        _cleanup_free_ char *text = NULL;
        size_t size;
        int r = read_bindings(c->bindings_path, &text, &size);
        if (r < 0) {
                context_report_load_error(c->bindings_path, r, NULL, true);
                return r;
        }
        bindings_done(&c->bindings);
        r = bindings_parse_for(text, size, ids, n_ids, names, n_names, &c->bindings);
        if (r < 0)
                return r;
        for (size_t i = 0; i < c->bindings.n_problems; i++)
                report_file_error(c->bindings_path, c->bindings.problems[i].line, c->bindings.problems[i].message,
                                  true);
        return (int) c->bindings.n_problems;
}

int context_load_disk_bindings(Context *c, const DiskInfo *d, const char *claim) {
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
                const char *p = strrchr(claim, '-');
                size_t len = p ? (size_t) (p - claim) : 0;
                if (p && len > 0 && len < sizeof(stem) && strncmp(p, "-part", 5) == 0 && p[5] &&
                    strspn(p + 5, "0123456789") == strlen(p + 5)) {
                        memcpy(stem, claim, len);
                        stem[len] = '\0';
                        names[n_names++] = stem;
                }
        }
        return context_load_event_bindings(c, ids, n, names, n_names);
}

void context_done(Context *c) {
        config_done(&c->config);
        bindings_done(&c->bindings);
#ifndef UH_EVENT_BINARY
        if (c->udev)
                udev_unref(c->udev);
#endif
        c->udev = NULL;
}
