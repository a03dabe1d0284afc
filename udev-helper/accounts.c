/* SPDX-License-Identifier: MIT */
/* The admin commands' loading: the configuration, then its owners and groups looked up on
 * this host, then the bindings (so the messages come in the files' order). */
#include "accounts.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "macro.h"

#include "report.h"

static unsigned check_account(const Context *c, const DiskClass *k, const char *what, const char *name,
                              unsigned line, bool exists) {
        if (!name || exists)
                return 0;
        char msg[320];
        /* What udev does then changed: 252 and 257 ignore only the key, 262 drops the
         * whole rule of a static OWNER/GROUP (`rules` output), name and all. */
        snprintf(msg, sizeof(msg),
                 "[%s]: %s '%s' does not exist on this host (udev up to 257 leaves the node to root; "
                 "udev 262 drops the whole rule of a static name: create the account first)",
                 k->name, what, name);
        report_file_error(c->config_path, line, msg, false);
        return 1;
}

/* Copies the configuration's text to CONFIG.validated when it parses and differs from the
 * copy there.  A copy that cannot be written is said once, not fatal: the command's own
 * work does not depend on it. */
static void save_validated(const Context *c) {
        char path[PATH_MAX];
        if ((size_t) snprintf(path, sizeof(path), "%s" CONFIG_VALIDATED_SUFFIX, c->config_path) >= sizeof(path))
                return;
        _cleanup_free_ char *text = NULL, *old = NULL;
        size_t size, old_size;
        if (read_file_bounded(c->config_path, CONFIG_MAX_SIZE, &text, &size) < 0 || memchr(text, '\0', size))
                return;
        Config k;
        ParseError err;
        if (config_parse(text, &k, &err) < 0)
                return; /* edited since it was loaded: validate the next time */
        config_done(&k);
        if (read_file_bounded(path, CONFIG_MAX_SIZE, &old, &old_size) == 0 && old_size == size &&
            memcmp(old, text, size) == 0)
                return;
        int r = write_file_atomic(path, text, size, 0644, WRITE_ATOMIC_REPLACE | WRITE_ATOMIC_SYNC);
        if (r < 0)
                fprintf(stderr, "udev-helper: %s: cannot save the validated configuration: %s\n", path, strerror(-r));
}

int admin_load(Context *c, LoadFlags flags, unsigned *ret_account_problems) {
        unsigned n = 0;
        int r = context_load_config_file(c, flags & LOAD_JOURNAL);
        if (r != EXIT_OK)
                return r;
        if (flags & LOAD_SAVE_VALIDATED)
                save_validated(c);
        for (size_t i = 0; (flags & LOAD_ACCOUNTS) && i < c->config.n_classes; i++) {
                const DiskClass *k = &c->config.classes[i];
                n += check_account(c, k, "user", k->owner, k->owner_line, !k->owner || getpwnam(k->owner));
                n += check_account(c, k, "group", k->group, k->group_line, !k->group || getgrnam(k->group));
        }
        if (ret_account_problems)
                *ret_account_problems = n;
        if (!(flags & LOAD_BINDINGS))
                return EXIT_OK;
        return context_load_bindings_file(c, flags & LOAD_JOURNAL);
}
