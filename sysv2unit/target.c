/* SPDX-License-Identifier: MIT */
/* What the target system has: unit files, rc links, init.d, read below its root
 * (target.h). */
#include "target.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chase.h"
#include "fileio.h"
#include "headers.h"
#include "text.h"
#include "initd.h"
#include "macro.h"
#include "runlevel.h"
#include "strbuf.h"
#include "unit-name.h"

/* In the order systemd reads them; a unit in any of them exists. */
static const char *const unit_dirs[] = { "/etc/systemd/system.control", "/run/systemd/system.control",
                                         "/run/systemd/transient",      "/etc/systemd/system",
                                         "/run/systemd/system",         "/usr/local/lib/systemd/system",
                                         "/lib/systemd/system",         "/usr/lib/systemd/system",
                                         NULL };

void target_done(Target *t) {
        for (size_t i = 0; i < t->n_units; i++) {
                free(t->units[i].name);
                free(t->units[i].path);
                free(t->units[i].early_after);
        }
        free(t->units);
        for (size_t i = 0; i < t->n_scripts; i++)
                free(t->scripts[i].name);
        free(t->scripts);
        name_index_done(&t->script_index);
        name_index_done(&t->unit_index);
        free(t->by_name);
        free(t->prio_any);
        free(t->prio_plain);
        *t = (Target) {};
}

/* Whether script_index holds every script (target_load() built it). */
static bool indexed(const Target *t) {
        return t->n_scripts > 0 && t->script_index.n == t->n_scripts;
}

/* The position of the script named stem+suffix, or (size_t) -1. */
static size_t script_position(const Target *t, const char *stem, size_t n, const char *suffix) {
        char name[NAME_MAX + 1];
        size_t k = strlen(suffix);
        if (n + k >= sizeof(name))
                return (size_t) -1;
        memcpy(name, stem, n);
        memcpy(name + n, suffix, k + 1);
        return name_index_get(&t->script_index, name);
}

/* The positions of the scripts that make stem ("kernfs", "kernfs.sh", "kernfs.init"),
 * in ascending order, as a scan would meet them; returns how many. */
static size_t stem_positions(const Target *t, const char *stem, size_t n, size_t pos[static 3]) {
        static const char *const suffixes[] = { "", ".sh", ".init" };
        size_t k = 0;
        for (size_t i = 0; i < ELEMENTSOF(suffixes); i++) {
                size_t p = script_position(t, stem, n, suffixes[i]);
                if (p == (size_t) -1)
                        continue;
                size_t j = k++;
                for (; j > 0 && pos[j - 1] > p; j--)
                        pos[j] = pos[j - 1];
                pos[j] = p;
        }
        return k;
}

const TargetUnit *target_find_unit(const Target *t, const char *name) {
        if (t->units_indexed) {
                size_t i = name_index_get(&t->unit_index, name);
                return i == (size_t) -1 ? NULL : &t->units[i];
        }
        for (size_t i = 0; i < t->n_units; i++)
                if (!strcmp(t->units[i].name, name))
                        return &t->units[i];
        return NULL;
}

const TargetScript *target_find_script(const Target *t, const char *name) {
        if (indexed(t)) {
                size_t i = name_index_get(&t->script_index, name);
                return i == (size_t) -1 ? NULL : &t->scripts[i];
        }
        for (size_t i = 0; i < t->n_scripts; i++)
                if (!strcmp(t->scripts[i].name, name))
                        return &t->scripts[i];
        return NULL;
}

const char *target_unit_blocked(const Target *t, const char *unit, bool shadow_native, char *buf, size_t size) {
        const TargetUnit *mask = NULL, *native = NULL, *ours = NULL, *converted = NULL;
        for (size_t i = 0; i < t->n_units; i++) {
                const TargetUnit *u = &t->units[i];
                if (strcmp(u->name, unit))
                        continue;
                if (u->path[0] != '/')
                        converted = converted ? converted : u;
                else if (u->masked)
                        mask = mask ? mask : u;
                else if (u->by_sysv2unit)
                        ours = ours ? ours : u;
                else
                        native = native ? native : u;
        }
        if (converted)
                snprintf(buf, size, "%s comes %s (a unit or an alias)", unit, converted->path);
        else if (mask)
                snprintf(buf, size, "the target masks it: %s (masked) is never replaced, not even with --force",
                         mask->path);
        else if (native && !shadow_native)
                snprintf(buf, size,
                         "the target has a native unit %s (--shadow-native writes one that overrides it)%s%s%s",
                         native->path, ours ? "; " : "", ours ? ours->path : "",
                         ours ? ", which sysv2unit wrote earlier, overrides it now: remove it" : "");
        else
                return NULL;
        return buf;
}

const TargetScript *target_script_of_stem(const Target *t, const char *stem) {
        const TargetScript *found = NULL;
        size_t n = strlen(stem);
        if (indexed(t)) {
                size_t pos[3] = { 0 }, k = stem_positions(t, stem, n, pos);
                for (size_t i = 0; i < k; i++)
                        if (!found || (!found->in_init_d && t->scripts[pos[i]].in_init_d))
                                found = &t->scripts[pos[i]];
                return found;
        }
        for (size_t i = 0; i < t->n_scripts; i++)
                if (script_makes_stem(t->scripts[i].name, stem, n) && (!found || (!found->in_init_d && t->scripts[i].in_init_d)))
                        found = &t->scripts[i];
        return found;
}

static int add_unit(Target *t, const char *name, const char *path, bool masked, bool early, bool ours) {
        TargetUnit *n = realloc(t->units, (t->n_units + 1) * sizeof(TargetUnit));
        if (!n)
                return -ENOMEM;
        t->units = n;
        TargetUnit *u = &n[t->n_units];
        *u = (TargetUnit) { .masked = masked, .early = early, .by_sysv2unit = ours };
        u->name = strdup(name);
        u->path = strdup(path);
        if (!u->name || !u->path) {
                free(u->name);
                free(u->path);
                return -ENOMEM;
        }
        /* The first unit of a name is the one target_find_unit() finds. */
        if (t->units_indexed && name_index_get(&t->unit_index, u->name) == (size_t) -1 &&
            name_index_put(&t->unit_index, u->name, t->n_units) < 0) {
                free(u->name);
                free(u->path);
                return -ENOMEM;
        }
        t->n_units++;
        return 0;
}

int target_add_converted(Target *t, const UnitPlan *p, const char *script) {
        char where[PATH_MAX];
        snprintf(where, sizeof(where), "from %s, converted in this run", script);
        /* An early unit converted in this run is as early as the target's own: later
         * early units may be ordered after it (open-iscsi after iscsid). */
        bool early = plan_has(p, "DefaultDependencies", "no");
        int r = add_unit(t, p->unit_name, where, false, early, false);
        for (size_t i = 0; i < p->n_lines && r >= 0; i++)
                if (!strcmp(p->lines[i].key, "Alias"))
                        r = add_unit(t, p->lines[i].value, where, false, early, false);
        return r;
}

static TargetScript *get_script(Target *t, const char *name) {
        size_t i = name_index_get(&t->script_index, name);
        if (i != (size_t) -1)
                return &t->scripts[i];
        TargetScript *n = realloc(t->scripts, (t->n_scripts + 1) * sizeof(TargetScript));
        if (!n)
                return NULL;
        t->scripts = n;
        n[t->n_scripts] = (TargetScript) { .name = strdup(name) };
        if (!n[t->n_scripts].name || name_index_put(&t->script_index, n[t->n_scripts].name, t->n_scripts) < 0) {
                free(n[t->n_scripts].name);
                return NULL;
        }
        return &n[t->n_scripts++];
}

static int compare_names(const void *a, const void *b) {
        return strcmp((*(const TargetScript *const *) a)->name, (*(const TargetScript *const *) b)->name);
}

/* The scripts in name order, sorted once: every conversion walks them in that order. */
static int sort_scripts(Target *t) {
        if (t->n_scripts == 0)
                return 0;
        t->by_name = calloc(t->n_scripts, sizeof(TargetScript *));
        t->prio_any = calloc(t->n_scripts, sizeof(size_t));
        t->prio_plain = calloc(t->n_scripts, sizeof(size_t));
        if (!t->by_name || !t->prio_any || !t->prio_plain)
                return -ENOMEM;
        for (size_t i = 0; i < t->n_scripts; i++)
                t->by_name[i] = &t->scripts[i];
        qsort(t->by_name, t->n_scripts, sizeof(TargetScript *), compare_names);
        for (size_t i = 0; i < t->n_scripts; i++)
                if (t->by_name[i]->in_init_d && t->by_name[i]->has_priority) {
                        t->prio_any[t->n_prio_any++] = i;
                        if (!t->by_name[i]->has_lsb)
                                t->prio_plain[t->n_prio_plain++] = i;
                }
        return 0;
}

/* A unit file's own claims: written by us, or an early-boot unit and what it waits for. */
static void read_unit_facts(const char *full, bool *early, bool *ours, char **after) {
        _cleanup_free_ char *text = NULL;
        size_t size;
        *early = *ours = false;
        *after = NULL;
        if (read_file_bounded(full, 1 << 20, &text, &size) < 0)
                return;
        *ours = plan_text_is_generated(text);
        StrBuf a = {};
        strbuf_puts(&a, " ");
        for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
                while (*l == ' ' || *l == '\t')
                        l++;
                const char *e = strchrnul(l, '\n');
                if (!strncmp(l, "DefaultDependencies=", 20) &&
                    (!strncmp(l + 20, "no", 2) || !strncmp(l + 20, "false", 5) || !strncmp(l + 20, "0", 1)))
                        *early = true;
                if (!strncmp(l, "After=", 6)) {
                        strbuf_append(&a, l + 6, e - l - 6);
                        strbuf_puts(&a, " ");
                }
        }
        if (*early)
                *after = strbuf_steal(&a);
        strbuf_free(&a);
}

static int load_unit_dir(Target *t, const char *root, const char *dir) {
        DIR *d = opendir_under_root(root, dir);
        if (!d)
                return 0;
        int r = 0;
        struct dirent *e;
        while (r >= 0 && (e = readdir(d))) {
                if (e->d_name[0] == '.' || !unit_name_suffix(e->d_name))
                        continue;
                char path[PATH_MAX];
                if ((size_t) snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= sizeof(path))
                        continue;
                _cleanup_free_ char *link_file = NULL, *file = NULL;
                struct stat st;
                if (chase_under_root(root, path, CHASE_NOFOLLOW, &link_file) < 0 || lstat(link_file, &st) < 0 ||
                    S_ISDIR(st.st_mode))
                        continue; /* foo.target.wants/ is a directory, not a unit */
                bool masked = false, early = false, ours = false;
                char *after = NULL;
                if (S_ISLNK(st.st_mode)) {
                        char link[PATH_MAX];
                        ssize_t n = readlink(link_file, link, sizeof(link) - 1);
                        if (n < 0)
                                continue;
                        link[n] = '\0';
                        masked = !strcmp(link, "/dev/null");
                }
                /* A link's unit is read where the target has it, inside the root. */
                if (!masked && chase_under_root(root, path, 0, &file) >= 0)
                        read_unit_facts(file, &early, &ours, &after);
                r = add_unit(t, e->d_name, path, masked, early, ours);
                if (r >= 0)
                        t->units[t->n_units - 1].early_after = after;
                else
                        free(after);
        }
        closedir(d);
        return r;
}

/* Debian keeps /etc/rcN.d, Red Hat /etc/rc.d/rcN.d (with /etc/rcN.d links to them). */
static int load_rc_links(Target *t, const char *root) {
        static const char levels[] = "0123456S";
        for (const char *lv = levels; *lv; lv++) {
                char rel[64];
                snprintf(rel, sizeof(rel), "/etc/rc%c.d", *lv);
                DIR *d = opendir_under_root(root, rel);
                if (!d) {
                        snprintf(rel, sizeof(rel), "/etc/rc.d/rc%c.d", *lv);
                        d = opendir_under_root(root, rel);
                }
                if (!d)
                        continue;
                struct dirent *e;
                while ((e = readdir(d))) {
                        const char *n = e->d_name;
                        if ((n[0] != 'S' && n[0] != 'K') || !(n[1] >= '0' && n[1] <= '9') ||
                            !(n[2] >= '0' && n[2] <= '9') || !n[3])
                                continue;
                        char link[PATH_MAX];
                        const char *script = n + 3;
                        /* only the link's last component names the script: nothing is followed */
                        ssize_t k = readlinkat(dirfd(d), n, link, sizeof(link) - 1);
                        if (k > 0) {
                                link[k] = '\0';
                                const char *b = strrchr(link, '/');
                                script = b ? b + 1 : link;
                        }
                        TargetScript *s = get_script(t, script);
                        if (!s) {
                                closedir(d);
                                return -ENOMEM;
                        }
                        s->any_link = true;
                        /* Start priority: rc1-rc5 S links, the highest (systemd-sysv-generator's rule). */
                        unsigned prio = (unsigned) (n[1] - '0') * 10 + (unsigned) (n[2] - '0');
                        if (n[0] == 'S' && *lv >= '1' && *lv <= '5' &&
                            (!s->link_priority || prio > s->priority)) {
                                s->has_priority = s->link_priority = true;
                                s->priority = prio;
                        }
                        /* rc0 and rc6 S links are halt and reboot actions, rc1 single user:
                         * none of them is "enabled". */
                        if (n[0] == 'S' && runlevel_target(*lv) && !strchr(s->levels, *lv) &&
                            strlen(s->levels) + 1 < sizeof(s->levels)) {
                                s->levels[strlen(s->levels)] = *lv;
                                if (!s->first[0] &&
                                    (size_t) snprintf(s->first, sizeof(s->first), "%s/%s", rel, n) >= sizeof(s->first))
                                        s->first[0] = '\0';
                        }
                }
                closedir(d);
        }
        return 0;
}

/* What ordering needs of the other scripts: whether they have an LSB header, and the
 * chkconfig start priority of those without S links. */
static int read_script_headers(const char *root, const char *path, TargetScript *s, target_known_file known,
                               void *userdata) {
        _cleanup_free_ char *host = NULL, *raw = NULL, *text = NULL;
        const char *bytes = NULL;
        size_t size;
        if (chase_under_root(root, path, 0, &host) < 0)
                return 0; /* unreadable: nothing known, as for a script that is not there */
        if (!known || !known(userdata, host, &bytes, &size)) {
                if (read_file_bounded(host, 16 << 20, &raw, &size) < 0)
                        return 0;
                bytes = raw;
        }
        Diags d = {};
        ScriptHeaders h = {};
        int r = text_normalize(bytes, size, &text, &d);
        if (r >= 0)
                r = headers_parse(text, &h, &d);
        diags_free(&d);
        if (r >= 0) {
                s->has_lsb = h.has_lsb;
                if (!s->link_priority && h.chkconfig_runlevels.value) {
                        s->has_priority = true;
                        s->priority = h.chkconfig_start;
                }
        }
        headers_free(&h);
        return r == -ENOMEM ? r : 0;
}

static int load_init_d(Target *t, const char *root, target_known_file known, void *userdata) {
        DIR *d = NULL;
        const char *const *dir = init_d_dirs;
        for (; *dir && !d; dir++)
                d = opendir_under_root(root, *dir);
        if (!d)
                return 0;
        dir--;
        struct dirent *e;
        int r = 0;
        while (r >= 0 && (e = readdir(d))) {
                char file[PATH_MAX];
                struct stat st;
                if (e->d_name[0] == '.' ||
                    (size_t) snprintf(file, sizeof(file), "%s/%s", *dir, e->d_name) >= sizeof(file) ||
                    stat_under_root(root, file, &st) < 0 || !S_ISREG(st.st_mode) || !(st.st_mode & 0111))
                        continue;
                TargetScript *s = get_script(t, e->d_name);
                if (!s)
                        r = -ENOMEM;
                else {
                        s->in_init_d = true;
                        r = read_script_headers(root, file, s, known, userdata);
                }
        }
        closedir(d);
        return r;
}

int target_load(const char *root, Target *ret) {
        return target_load_known(root, NULL, NULL, ret);
}

int target_load_known(const char *root, target_known_file known, void *userdata, Target *ret) {
        Target t = { .units_indexed = true };
        if (!root || !strcmp(root, "/"))
                root = "";
        int r = 0;
        for (const char *const *d = unit_dirs; *d && r >= 0; d++)
                r = load_unit_dir(&t, root, *d);
        if (r >= 0)
                r = load_rc_links(&t, root);
        if (r >= 0)
                r = load_init_d(&t, root, known, userdata);
        if (r >= 0)
                r = sort_scripts(&t);
        if (r < 0) {
                target_done(&t);
                return r;
        }
        *ret = t;
        return 0;
}

/* ---- what a unit can rely on ---- */

/* Targets an early-boot unit may wait for: nothing in them waits for sysinit.target. */
static const char *const early_targets[] = { "local-fs.target", "local-fs-pre.target", "swap.target",
                                             "cryptsetup.target", "sysinit.target", "shutdown.target", NULL };

static bool in_list(const char *s, const char *const *l) {
        for (; *l; l++)
                if (!strcmp(s, *l))
                        return true;
        return false;
}

const TargetScript *target_script_making(const Target *t, const char *unit) {
        const char *suffix = unit_name_suffix(unit);
        if (!suffix || strcmp(suffix, ".service"))
                return NULL;
        if (indexed(t)) {
                size_t pos[3] = { 0 }, k = stem_positions(t, unit, suffix - unit, pos);
                for (size_t i = 0; i < k; i++)
                        if (t->scripts[pos[i]].in_init_d)
                                return &t->scripts[pos[i]];
                return NULL;
        }
        for (size_t i = 0; i < t->n_scripts; i++)
                if (t->scripts[i].in_init_d && script_makes_stem(t->scripts[i].name, unit, suffix - unit))
                        return &t->scripts[i];
        return NULL;
}

/* An early unit's After= on a unit that is itself ordered after sysinit.target (its
 * default dependencies) is a cycle: drop that ordering. */
bool target_early_safe(const Target *t, const char *unit) {
        const char *suffix = unit_name_suffix(unit);
        if (suffix && !strcmp(suffix, ".target"))
                return in_list(unit, early_targets);
        for (size_t i = 0; i < t->n_units; i++)
                if (!strcmp(t->units[i].name, unit) && !t->units[i].masked)
                        return t->units[i].early;
        for (size_t i = 0; suffix && i < t->n_scripts; i++)
                if (script_makes_stem(t->scripts[i].name, unit, suffix - unit))
                        return runlevel_mask(t->scripts[i].levels) & RUNLEVEL_MASK_SYSINIT; /* converted early as well */
        return true; /* not on the target at all: no ordering, no cycle */
}

