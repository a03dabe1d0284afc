/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* The scripts of a target's init.d: where init.d is, which of its files are scripts
 * worth converting (as systemd-sysv-generator decides), and the list --all converts. */

/* Where init.d is, relative to the root, in the order looked for: Debian's, then Red
 * Hat's (whose /etc/init.d is often a link to it). */
extern const char *const init_d_dirs[];

/* Whether a file of init.d is worth converting.  Returns NULL for a script, else the
 * reason it is skipped ("a backup file", "not an init script: ...").  text NULL: judge
 * by the name alone. */
const char *init_d_skip_reason(const char *file_name, const char *text, size_t size, bool executable);

/* The regular files of <root>'s init.d, sorted: Debian's /etc/init.d, else Red Hat's
 * /etc/rc.d/init.d, links resolved inside root.  dir gets the directory as found
 * (root + *rel, for messages), *rel the same without the root; the files are named
 * dir/NAME.
 * Returns 0, -ENOENT (neither exists) or -ENOMEM. */
int init_d_list(const char *root, char *dir, size_t dir_size, const char **rel, char ***ret, size_t *ret_n);

void strv_free_n(char **l, size_t n);
