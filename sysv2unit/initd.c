/* SPDX-License-Identifier: MIT */
/* The target's init.d: where it is, which files are scripts, the list --all reads (initd.h). */
#include "initd.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chase.h"

static bool str_in_list(const char *s, const char *const *l) {
        for (; *l; l++)
                if (!strcmp(s, *l))
                        return true;
        return false;
}

const char *const init_d_dirs[] = { "/etc/init.d", "/etc/rc.d/init.d", NULL };

void strv_free_n(char **l, size_t n) {
        for (size_t i = 0; i < n; i++)
                free(l[i]);
        free(l);
}

static const char *const backup_suffixes[] = { ".rpmsave", ".rpmnew", ".rpmorig", ".dpkg-old", ".dpkg-new",
                                               ".dpkg-dist", ".dpkg-bak", ".dpkg-tmp", ".dpkg-remove", ".ucf-old",
                                               ".ucf-new", ".ucf-dist", ".orig", ".bak", ".old", ".save",
                                               ".swp", ".cfsaved", ".disabled", "~", ",v", NULL };

static const char *const not_scripts[] = { "functions", "README", "README.md", "skeleton", "rc", "rcS",
                                           "halt.local", "init-d-script", NULL };

const char *init_d_skip_reason(const char *file_name, const char *text, size_t size, bool executable) {
        static const char *const backup_msg = "a backup file, not a script (as systemd-sysv-generator skips it)";
        size_t n = strlen(file_name);
        if (file_name[0] == '.' || file_name[0] == '#')
                return "a hidden or editor file, not a script";
        for (const char *const *s = backup_suffixes; *s; s++) {
                size_t k = strlen(*s);
                if (n > k && !strcmp(file_name + n - k, *s))
                        return backup_msg;
        }
        if (str_in_list(file_name, not_scripts))
                return "not an init script (a library, documentation or template of init.d)";
        if (!text)
                return NULL;
        if (memchr(text, '\0', size))
                return "not an init script: not a text file";
        bool shebang = size >= 2 && text[0] == '#' && text[1] == '!';
        bool header = strstr(text, "### BEGIN INIT INFO") || strstr(text, "# chkconfig:");
        if (!shebang && !header)
                return "not an init script: no #! line and no chkconfig or LSB header";
        if (!executable && !header)
                return "not an init script: not executable and no chkconfig or LSB header";
        return NULL;
}

static int compare_strings(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

/* The target's init.d: Debian's /etc/init.d, else Red Hat's /etc/rc.d/init.d. */
int init_d_list(const char *root, char *dir, size_t dir_size, const char **rel, char ***ret, size_t *ret_n) {
        DIR *d = NULL;
        for (const char *const *p = init_d_dirs; *p && !d; p++) {
                snprintf(dir, dir_size, "%s%s", root, *p);
                *rel = *p;
                d = opendir_under_root(root, *p);
        }
        if (!d)
                return -ENOENT;
        char **names = NULL;
        size_t n = 0;
        struct dirent *e;
        int r = 0;
        while ((e = readdir(d))) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                        continue;
                char path[PATH_MAX], in_root[PATH_MAX];
                struct stat st;
                if ((size_t) snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= sizeof(path) ||
                    (size_t) snprintf(in_root, sizeof(in_root), "%s/%s", *rel, e->d_name) >= sizeof(in_root) ||
                    stat_under_root(root, in_root, &st) < 0 || !S_ISREG(st.st_mode))
                        continue;
                char **g = realloc(names, (n + 1) * sizeof(char *));
                if (!g || !(g[n] = strdup(path))) {
                        names = g ? g : names;
                        r = -ENOMEM;
                        break;
                }
                names = g;
                n++;
        }
        closedir(d);
        if (r < 0) {
                strv_free_n(names, n);
                return r;
        }
        if (n)
                qsort(names, n, sizeof(char *), compare_strings);
        *ret = names;
        *ret_n = n;
        return 0;
}

