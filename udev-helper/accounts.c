/* SPDX-License-Identifier: MIT */
/* The admin commands' loading: the configuration, then its owners and groups looked up on
 * this host, then the bindings (so the messages come in the files' order). */
#include "accounts.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>

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

int admin_load(Context *c, LoadFlags flags, unsigned *ret_account_problems) {
        unsigned n = 0;
        int r = context_load_config_file(c, flags & LOAD_JOURNAL);
        if (r != EXIT_OK)
                return r;
        for (size_t i = 0; i < c->config.n_classes; i++) {
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
