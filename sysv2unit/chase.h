/* SPDX-License-Identifier: MIT */
#pragma once

/* Paths of the target system as the target itself would resolve them: every lookup
 * below --root goes through here, so that an absolute symlink (/etc/init.d ->
 * /etc/rc.d/init.d, a unit linked to /usr/lib/...) or a ".." resolves inside the root,
 * never on the host (like systemd's chase() with a root).  The only file-system work
 * is lstat() and readlink() of each component. */

enum {
        CHASE_NONEXISTENT = 1 << 0, /* the last component may be missing (a file to create) */
        CHASE_NOFOLLOW = 1 << 1,    /* do not follow the last component if it is a link */
};

/* Resolves path (absolute, as seen on the target) inside root.  root "" or "/": the
 * host is the target, path is resolved as it is.  Returns 0 with *ret the host path
 * (root + the resolved path), or -ENOENT (a component is missing), -ELOOP (more than 32
 * links), -ENOTDIR, -ENAMETOOLONG, -ENOMEM. */
int chase_under_root(const char *root, const char *path, unsigned flags, char **ret);

#include <dirent.h>
#include <sys/stat.h>

/* opendir() of a directory of the target; NULL with errno set. */
DIR *opendir_under_root(const char *root, const char *dir);
/* stat() of a file of the target, its links resolved inside root.  0 or -errno. */
int stat_under_root(const char *root, const char *path, struct stat *st);
