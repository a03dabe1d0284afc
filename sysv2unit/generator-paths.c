/* SPDX-License-Identifier: MIT */
#include "generator-paths.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grow.h"
#include "macro.h"

/* systemd's system unit search path (systemd-analyze unit-paths) without the generator
 * directories: what systemd-sysv-generator asked whether a native unit exists. */
static const char *const default_unit_dirs[] = {
        "/etc/systemd/system.control", "/run/systemd/system.control", "/run/systemd/transient",
        "/etc/systemd/system",         "/etc/systemd/system.attached", "/run/systemd/system",
        "/run/systemd/system.attached", "/usr/local/lib/systemd/system", "/lib/systemd/system",
        "/usr/lib/systemd/system",     NULL,
};

void gen_strv_free(char **l) {
        for (char **p = l; p && *p; p++)
                free(*p);
        free(l);
}

static bool strv_has(char **l, size_t n, const char *s) {
        for (size_t i = 0; i < n; i++)
                if (!strcmp(l[i], s))
                        return true;
        return false;
}

static int strv_push(char ***l, size_t *n, const char *s, size_t len) {
        char *c = strndup(s, len);
        if (!c)
                return -ENOMEM;
        if (strv_has(*l, *n, c)) {
                free(c);
                return 0;
        }
        char **g = realloc(*l, (*n + 2) * sizeof(char *));
        if (!g) {
                free(c);
                return -ENOMEM;
        }
        g[(*n)++] = c;
        g[*n] = NULL;
        *l = g;
        return 0;
}

int gen_split_path_list(const char *value, char ***ret, bool *ret_trailing_colon) {
        char **l = calloc(1, sizeof(char *));
        size_t n = 0;
        if (!l)
                return -ENOMEM;
        char cwd[PATH_MAX] = "";
        for (const char *p = value; p && *p;) {
                const char *e = strchrnul(p, ':');
                size_t len = e - p;
                int r = 0;
                if (len > 0 && p[0] == '/')
                        r = strv_push(&l, &n, p, len);
                else if (len > 0) {
                        char full[PATH_MAX];
                        if (!cwd[0] && !getcwd(cwd, sizeof(cwd)))
                                snprintf(cwd, sizeof(cwd), "/");
                        int k = snprintf(full, sizeof(full), "%s/%.*s", cwd, (int) len, p);
                        if (k > 0 && (size_t) k < sizeof(full))
                                r = strv_push(&l, &n, full, k);
                }
                if (r < 0) {
                        gen_strv_free(l);
                        return r;
                }
                p = *e ? e + 1 : e;
        }
        if (ret_trailing_colon) {
                size_t vl = value ? strlen(value) : 0;
                *ret_trailing_colon = vl > 0 && value[vl - 1] == ':';
        }
        *ret = l;
        return 0;
}

/* A list from the environment, or the default when unset or empty. */
static int list_from_env(const char *var, const char *def, char ***ret) {
        char **l = NULL;
        int r = gen_split_path_list(getenv(var), &l, NULL);
        if (r < 0)
                return r;
        if (!l[0]) {
                gen_strv_free(l);
                r = gen_split_path_list(def, &l, NULL);
        }
        if (r >= 0)
                *ret = l;
        return r;
}

static int unit_dirs_from_env(char ***ret) {
        const char *e = getenv("SYSTEMD_UNIT_PATH");
        char **l = NULL;
        bool append = true;
        int r = gen_split_path_list(e, &l, e ? &append : NULL);
        if (r < 0)
                return r;
        size_t n = 0;
        while (l[n])
                n++;
        for (const char *const *d = default_unit_dirs; append && *d && r >= 0; d++)
                r = strv_push(&l, &n, *d, strlen(*d));
        if (r < 0) {
                gen_strv_free(l);
                return r;
        }
        *ret = l;
        return 0;
}

void gen_paths_done(GenPaths *p) {
        gen_strv_free(p->init_dirs);
        gen_strv_free(p->rcnd_dirs);
        gen_strv_free(p->unit_dirs);
        free(p->rc_local);
        for (size_t i = 0; i < p->n_unit_names; i++)
                free(p->unit_names[i]);
        free(p->unit_names);
        name_index_done(&p->unit_name_index);
        *p = (GenPaths) {};
}

int gen_paths_from_env(GenPaths *ret) {
        GenPaths p = {};
        const char *rc_local = getenv("SYSV2UNIT_RC_LOCAL");
        int r = list_from_env("SYSTEMD_SYSVINIT_PATH", SYSV_INIT_PATH, &p.init_dirs);
        if (r >= 0)
                r = list_from_env("SYSTEMD_SYSVRCND_PATH", SYSV_RCND_PATH, &p.rcnd_dirs);
        if (r >= 0)
                r = unit_dirs_from_env(&p.unit_dirs);
        if (r >= 0 && !(p.rc_local = strdup(rc_local && rc_local[0] == '/' ? rc_local : RC_LOCAL_PATH)))
                r = -ENOMEM;
        if (r < 0) {
                gen_paths_done(&p);
                return r;
        }
        *ret = p;
        return 0;
}

int gen_paths_list_units(GenPaths *p) {
        bool all = true;
        for (char **d = p->unit_dirs; *d; d++) {
                DIR *dir = opendir(*d);
                if (!dir) {
                        if (errno != ENOENT)
                                all = false; /* there, but unreadable: ask it each time */
                        continue;
                }
                struct dirent *e;
                while ((e = readdir(dir))) {
                        if (name_index_get(&p->unit_name_index, e->d_name) != (size_t) -1)
                                continue;
                        char *n = strdup(e->d_name);
                        if (!n || GROW(p->unit_names, p->allocated_unit_names, p->n_unit_names + 1) < 0 ||
                            name_index_put(&p->unit_name_index, n, p->n_unit_names) < 0) {
                                free(n);
                                closedir(dir);
                                return -ENOMEM;
                        }
                        p->unit_names[p->n_unit_names++] = n;
                }
                closedir(dir);
        }
        p->units_listed = all;
        return 0;
}

bool gen_find_unit(const GenPaths *p, const char *unit, char *buf, size_t size, bool *ret_masked) {
        /* No directory has the name: nothing to stat.  A name with a '/' is not one entry. */
        if (p->units_listed && !strchr(unit, '/') && name_index_get(&p->unit_name_index, unit) == (size_t) -1)
                return false;
        for (char **d = p->unit_dirs; *d; d++) {
                char path[PATH_MAX];
                struct stat st;
                if ((size_t) snprintf(path, sizeof(path), "%s/%s", *d, unit) >= sizeof(path) || lstat(path, &st) < 0)
                        continue;
                bool masked = false;
                if (S_ISLNK(st.st_mode)) {
                        char target[PATH_MAX];
                        ssize_t n = readlink(path, target, sizeof(target) - 1);
                        if (n > 0) {
                                target[n] = '\0';
                                masked = !strcmp(target, "/dev/null");
                        }
                } else if (S_ISCHR(st.st_mode) || (S_ISREG(st.st_mode) && st.st_size == 0))
                        masked = true; /* what systemd also treats as masked */
                else if (S_ISDIR(st.st_mode))
                        continue;
                snprintf(buf, size, "%s", path);
                *ret_masked = masked;
                return true;
        }
        return false;
}

bool gen_hidden_or_backup(const char *name) {
        static const char *const suffixes[] = { "rpmnew",   "rpmsave",    "rpmorig",     "dpkg-old", "dpkg-new",
                                                "dpkg-tmp", "dpkg-dist",  "dpkg-bak",    "dpkg-backup",
                                                "dpkg-remove", "ucf-new", "ucf-old",     "ucf-dist", "swp",
                                                "bak",      "old",        "new",         NULL };
        size_t n = strlen(name);
        if (name[0] == '.' || !strcmp(name, "lost+found") || (n > 0 && name[n - 1] == '~'))
                return true;
        const char *dot = strrchr(name, '.');
        if (!dot)
                return false;
        for (const char *const *s = suffixes; *s; s++)
                if (!strcmp(dot + 1, *s))
                        return true;
        return false;
}
