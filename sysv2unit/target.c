/* SPDX-License-Identifier: MIT */
#include "target.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "macro.h"
#include "strbuf.h"

#define WHY_MAX 512

/* ---- unit names ---- */

static const char *const unit_suffixes[] = { ".service", ".socket", ".target", ".mount", ".automount", ".swap",
                                             ".path", ".timer", ".device", ".slice", ".scope", NULL };

static const char *known_suffix(const char *name) {
        const char *dot = strrchr(name, '.');
        if (!dot)
                return NULL;
        for (const char *const *s = unit_suffixes; *s; s++)
                if (!strcmp(dot, *s))
                        return dot;
        return NULL;
}

bool has_control_char(const char *s) {
        for (; *s; s++)
                if ((unsigned char) *s < 0x20 || *s == 0x7f)
                        return true;
        return false;
}

/* systemd's rule (unit_name_is_valid): [a-zA-Z0-9:_.\-] and at most one '@' that
 * separates a non-empty prefix from the instance, a known type suffix, < 256 bytes. */
bool unit_name_valid(const char *name, bool plain_only) {
        const char *suffix = known_suffix(name);
        size_t n = strlen(name);
        if (!suffix || suffix == name || n >= 256)
                return false;
        const char *at = NULL;
        for (const char *c = name; c < suffix; c++) {
                if (*c == '@') {
                        if (at)
                                return false;
                        at = c;
                        continue;
                }
                if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                      strchr(":_.-", *c)))
                        return false;
        }
        if (at && (plain_only || at == name || at + 1 == suffix))
                return false; /* a template without instance cannot be named in a dependency */
        return true;
}

bool unit_name_from_lsb(const char *name, bool plain_only, char *buf, size_t size) {
        int n = known_suffix(name) ? snprintf(buf, size, "%s", name) : snprintf(buf, size, "%s.service", name);
        if (n < 0 || (size_t) n >= size)
                return false;
        return unit_name_valid(buf, plain_only);
}

/* ---- what the target has ---- */

/* Whether script file name f becomes unit stem (n bytes): "kernfs.sh" and "kernfs". */
static bool script_makes(const char *f, const char *stem, size_t n) {
        if (strncmp(f, stem, n) != 0)
                return false;
        return !f[n] || !strcmp(f + n, ".sh") || !strcmp(f + n, ".init");
}

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
        *t = (Target) {};
}

const TargetUnit *target_find_unit(const Target *t, const char *name) {
        for (size_t i = 0; i < t->n_units; i++)
                if (!strcmp(t->units[i].name, name))
                        return &t->units[i];
        return NULL;
}

const TargetScript *target_find_script(const Target *t, const char *name) {
        for (size_t i = 0; i < t->n_scripts; i++)
                if (!strcmp(t->scripts[i].name, name))
                        return &t->scripts[i];
        return NULL;
}

const TargetUnit *target_native_unit(const Target *t, const char *script_name) {
        char unit[300];
        snprintf(unit, sizeof(unit), "%s.service", script_name);
        for (size_t i = 0; i < t->n_units; i++)
                if (!strcmp(t->units[i].name, unit) && !t->units[i].by_sysv2unit)
                        return &t->units[i];
        return NULL;
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
        t->n_units++;
        return 0;
}

int target_add_converted(Target *t, const UnitPlan *p, const char *script) {
        char where[PATH_MAX];
        snprintf(where, sizeof(where), "from %s, converted in this run", script);
        int r = add_unit(t, p->unit_name, where, false, false, false);
        for (size_t i = 0; i < p->n_lines && r >= 0; i++)
                if (!strcmp(p->lines[i].key, "Alias"))
                        r = add_unit(t, p->lines[i].value, where, false, false, false);
        return r;
}

static TargetScript *get_script(Target *t, const char *name) {
        for (size_t i = 0; i < t->n_scripts; i++)
                if (!strcmp(t->scripts[i].name, name))
                        return &t->scripts[i];
        TargetScript *n = realloc(t->scripts, (t->n_scripts + 1) * sizeof(TargetScript));
        if (!n)
                return NULL;
        t->scripts = n;
        n[t->n_scripts] = (TargetScript) { .name = strdup(name) };
        if (!n[t->n_scripts].name)
                return NULL;
        return &n[t->n_scripts++];
}

/* A unit file's own claims: written by us, or an early-boot unit and what it waits for. */
static void read_unit_facts(const char *full, bool *early, bool *ours, char **after) {
        _cleanup_free_ char *text = NULL;
        size_t size;
        *early = *ours = false;
        *after = NULL;
        if (read_file_bounded(full, 1 << 20, &text, &size) < 0)
                return;
        *ours = !strncmp(text, "# Generated by sysv2unit", 24);
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
        char full[PATH_MAX];
        snprintf(full, sizeof(full), "%s%s", root, dir);
        DIR *d = opendir(full);
        if (!d)
                return 0;
        int r = 0;
        struct dirent *e;
        while (r >= 0 && (e = readdir(d))) {
                if (e->d_name[0] == '.' || !known_suffix(e->d_name))
                        continue;
                char path[PATH_MAX], file[PATH_MAX];
                if ((size_t) snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= sizeof(path) ||
                    (size_t) snprintf(file, sizeof(file), "%s%s", root, path) >= sizeof(file))
                        continue;
                struct stat st;
                if (lstat(file, &st) < 0 || S_ISDIR(st.st_mode))
                        continue; /* foo.target.wants/ is a directory, not a unit */
                bool masked = false, early = false, ours = false;
                char *after = NULL;
                if (S_ISLNK(st.st_mode)) {
                        char link[PATH_MAX];
                        ssize_t n = readlink(file, link, sizeof(link) - 1);
                        if (n < 0)
                                continue;
                        link[n] = '\0';
                        masked = !strcmp(link, "/dev/null");
                        if (!masked && link[0] == '/') /* absolute links point inside the root */
                                snprintf(file, sizeof(file), "%s%s", root, link);
                }
                if (!masked)
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

/* Debian keeps /etc/rcN.d, Red Hat /etc/rc.d/rcN.d (with /etc/rcN.d links to them).
 * bases: where the rcN.d directories are, all of them read (the generator's
 * SYSTEMD_SYSVRCND_PATH); NULL: the first of /etc and /etc/rc.d that has each level. */
static int load_rc_links(Target *t, const char *root, const char *const *bases) {
        static const char levels[] = "0123456S";
        static const char *const fallback[] = { "/etc", "/etc/rc.d", NULL };
        for (const char *lv = levels; *lv; lv++)
                for (const char *const *base = bases ? bases : fallback; *base; base++) {
                        char dir[PATH_MAX], rel[PATH_MAX];
                        if ((size_t) snprintf(rel, sizeof(rel), "%s/rc%c.d", *base, *lv) >= sizeof(rel))
                                continue;
                        snprintf(dir, sizeof(dir), "%s%s", root, rel);
                        DIR *d = opendir(dir);
                        if (!d)
                                continue;
                        struct dirent *e;
                        while ((e = readdir(d))) {
                                const char *n = e->d_name;
                                if ((n[0] != 'S' && n[0] != 'K') || !(n[1] >= '0' && n[1] <= '9') ||
                                    !(n[2] >= '0' && n[2] <= '9') || !n[3])
                                        continue;
                                char file[PATH_MAX], link[PATH_MAX];
                                const char *script = n + 3;
                                if ((size_t) snprintf(file, sizeof(file), "%s/%s", dir, n) >= sizeof(file))
                                        continue;
                                ssize_t k = readlink(file, link, sizeof(link) - 1);
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
                                /* rc0 and rc6 S links are halt and reboot actions, not "enabled". */
                                if (n[0] == 'S' && *lv != '0' && *lv != '6' && *lv != '1' && !strchr(s->levels, *lv) &&
                                    strlen(s->levels) + 1 < sizeof(s->levels)) {
                                        s->levels[strlen(s->levels)] = *lv;
                                        if (!s->first[0] &&
                                            (size_t) snprintf(s->first, sizeof(s->first), "%s/%s", rel, n) >= sizeof(s->first))
                                                s->first[0] = '\0';
                                }
                        }
                        closedir(d);
                        if (!bases)
                                break;
                }
        return 0;
}

static int load_init_d(Target *t, const char *root, const char *init_d) {
        char dir[PATH_MAX];
        DIR *d = NULL;
        if (init_d) {
                snprintf(dir, sizeof(dir), "%s", init_d);
                d = opendir(dir);
        } else {
                snprintf(dir, sizeof(dir), "%s/etc/init.d", root);
                d = opendir(dir);
                if (!d) {
                        snprintf(dir, sizeof(dir), "%s/etc/rc.d/init.d", root);
                        d = opendir(dir);
                }
        }
        if (!d)
                return 0;
        struct dirent *e;
        int r = 0;
        while (r >= 0 && (e = readdir(d))) {
                char file[PATH_MAX];
                struct stat st;
                if (e->d_name[0] == '.' ||
                    (size_t) snprintf(file, sizeof(file), "%s/%s", dir, e->d_name) >= sizeof(file) ||
                    stat(file, &st) < 0 || !S_ISREG(st.st_mode) || !(st.st_mode & 0111))
                        continue;
                TargetScript *s = get_script(t, e->d_name);
                if (!s)
                        r = -ENOMEM;
                else
                        s->in_init_d = true;
        }
        closedir(d);
        return r;
}

int target_load(const char *root, Target *ret) {
        Target t = {};
        if (!root || !strcmp(root, "/"))
                root = "";
        int r = 0;
        for (const char *const *d = unit_dirs; *d && r >= 0; d++)
                r = load_unit_dir(&t, root, *d);
        if (r >= 0)
                r = load_rc_links(&t, root, NULL);
        if (r >= 0)
                r = load_init_d(&t, root, NULL);
        if (r < 0) {
                target_done(&t);
                return r;
        }
        *ret = t;
        return 0;
}

int target_load_dirs(const char *const *unit_dirs, const char *const *rcnd_dirs, const char *const *init_dirs,
                     Target *ret) {
        Target t = {};
        int r = 0;
        for (const char *const *d = unit_dirs; *d && r >= 0; d++)
                r = load_unit_dir(&t, "", *d);
        if (r >= 0 && rcnd_dirs[0])
                r = load_rc_links(&t, "", rcnd_dirs);
        for (const char *const *d = init_dirs; *d && r >= 0; d++)
                r = load_init_d(&t, "", *d);
        if (r < 0) {
                target_done(&t);
                return r;
        }
        *ret = t;
        return 0;
}

/* ---- adjusting a plan ---- */

static void line_remove(UnitPlan *p, size_t i) {
        UnitLine *l = &p->lines[i];
        free(l->key);
        free(l->value);
        free(l->exec_arg);
        free(l->why);
        memmove(l, l + 1, (p->n_lines - i - 1) * sizeof(UnitLine));
        p->n_lines--;
}

static int line_why_append(UnitLine *l, const char *more) {
        char *n = NULL;
        if (asprintf(&n, "%s; %s", l->why ? l->why : l->key, more) < 0)
                return -ENOMEM;
        free(l->why);
        l->why = n;
        return 0;
}

static bool plan_has(const UnitPlan *p, const char *key, const char *value) {
        for (size_t i = 0; i < p->n_lines; i++)
                if (!strcmp(p->lines[i].key, key) && !strcmp(p->lines[i].value, value))
                        return true;
        return false;
}

static bool is_dependency_key(const char *k) {
        return !strcmp(k, "Requires") || !strcmp(k, "Wants") || !strcmp(k, "After") || !strcmp(k, "Before") ||
               !strcmp(k, "Alias") || !strcmp(k, "Conflicts");
}

/* Targets systemd itself defines (systemd.special(7)): they exist on every target. */
static const char *const special_targets[] = {
        "basic.target",        "sysinit.target",       "local-fs.target",    "local-fs-pre.target",
        "remote-fs.target",    "remote-fs-pre.target", "network.target",     "network-online.target",
        "network-pre.target",  "nss-lookup.target",    "nss-user-lookup.target", "time-sync.target",
        "time-set.target",     "rpcbind.target",       "multi-user.target",  "graphical.target",
        "swap.target",         "cryptsetup.target",    "sockets.target",     "timers.target",
        "paths.target",        "shutdown.target",      "getty.target",       "emergency.target",
        "rescue.target",       NULL,
};

/* Targets an early-boot unit may wait for: nothing in them waits for sysinit.target. */
static const char *const early_targets[] = { "local-fs.target", "local-fs-pre.target", "swap.target",
                                             "cryptsetup.target", "sysinit.target", "shutdown.target", NULL };

static bool in_list(const char *s, const char *const *l) {
        for (; *l; l++)
                if (!strcmp(s, *l))
                        return true;
        return false;
}

/* A unit the target has, or will have: systemd-sysv-generator makes NAME.service of
 * every script in init.d that has no unit. */
static bool target_provides(const Target *t, const char *unit, const char **where) {
        if (in_list(unit, special_targets)) {
                *where = "a systemd target";
                return true;
        }
        /* Scripts first: a unit converted earlier is explained the same way on every run. */
        size_t n = strlen(unit);
        if (n > 8 && !strcmp(unit + n - 8, ".service"))
                for (size_t i = 0; i < t->n_scripts; i++)
                        if (t->scripts[i].in_init_d && script_makes(t->scripts[i].name, unit, n - 8)) {
                                *where = "a script of /etc/init.d";
                                return true;
                        }
        for (size_t i = 0; i < t->n_units; i++)
                if (!strcmp(t->units[i].name, unit) && !t->units[i].masked) {
                        *where = t->units[i].path;
                        return true;
                }
        return false;
}

/* "network-online.target.service" from "Required-Start: network-online.target": the
 * analysis appends .service to every LSB name; names that are units already keep theirs. */
static int normalize_names(UnitPlan *p, Diags *diags) {
        for (size_t i = 0; i < p->n_lines; i++) {
                UnitLine *l = &p->lines[i];
                if (!is_dependency_key(l->key))
                        continue;
                size_t n = strlen(l->value);
                if (n > 8 && !strcmp(l->value + n - 8, ".service")) {
                        l->value[n - 8] = '\0';
                        if (!known_suffix(l->value))
                                l->value[n - 8] = '.';
                }
        }
        for (size_t i = 0; i < p->n_lines;) {
                UnitLine *l = &p->lines[i];
                bool drop = false;
                if (!strcmp(l->key, "Alias")) {
                        if (!strcmp(l->value, p->unit_name)) {
                                drop = true; /* Provides: NAME.service of NAME itself */
                        } else if (!unit_name_valid(l->value, true) || strcmp(known_suffix(l->value), ".service")) {
                                diag_warn(diags, 0, "Provides: '%s' is no valid alias of a service, no Alias=", l->value);
                                drop = true;
                        }
                } else if (is_dependency_key(l->key) && !unit_name_valid(l->value, false)) {
                        diag_warn(diags, 0, "'%s' is no valid unit name, no %s=", l->value, l->key);
                        drop = true;
                }
                for (size_t k = 0; k < i && !drop; k++)
                        drop = !strcmp(p->lines[k].key, l->key) && !strcmp(p->lines[k].value, l->value);
                if (drop)
                        line_remove(p, i);
                else
                        i++;
        }
        return 0;
}

static int set_key(UnitLine *l, const char *key) {
        char *k = strdup(key);
        if (!k)
                return -ENOMEM;
        free(l->key);
        l->key = k;
        return 0;
}

static int adjust_relations(const Target *t, UnitPlan *p, Diags *diags) {
        char why[WHY_MAX];
        for (size_t i = 0; i < p->n_lines;) {
                UnitLine *l = &p->lines[i];
                const char *where = NULL;
                if (!strcmp(l->key, "Requires") && !target_provides(t, l->value, &where)) {
                        snprintf(why, sizeof(why),
                                 "Wants= not Requires=: the target has no %s (a Requires= on a missing unit fails "
                                 "the start)",
                                 l->value);
                        if (set_key(l, "Wants") < 0 || line_why_append(l, why) < 0)
                                return -ENOMEM;
                        bool dup = false;
                        for (size_t k = 0; k < i; k++)
                                dup |= !strcmp(p->lines[k].key, "Wants") && !strcmp(p->lines[k].value, l->value);
                        if (dup) {
                                line_remove(p, i);
                                continue;
                        }
                } else if (!strcmp(l->key, "Requires")) {
                        snprintf(why, sizeof(why), "the target has it (%s)", where);
                        if (line_why_append(l, why) < 0)
                                return -ENOMEM;
                } else if (!strcmp(l->key, "Alias")) {
                        const TargetUnit *u = target_find_unit(t, l->value);
                        if (u && !u->by_sysv2unit) {
                                diag_warn(diags, 0, "Provides: no Alias=%s: the target has %s%s", l->value, u->path,
                                          u->masked ? " (masked)" : "");
                                line_remove(p, i);
                                continue;
                        }
                }
                i++;
        }
        return 0;
}

/* WantedBy= follows the links the admin has now (what chkconfig --list shows); the
 * header decides only for a script that has none. */
static int wanted_by_from_links(const Target *t, const char *script_name, UnitPlan *p) {
        const TargetScript *s = target_find_script(t, script_name);
        if (!s || !s->any_link)
                return 0;
        for (size_t i = 0; i < p->n_lines;)
                if (!strcmp(p->lines[i].key, "WantedBy"))
                        line_remove(p, i);
                else
                        i++;
        if (!s->levels[0]) {
                /* Links, but no S link: disabled everywhere; install where the common
                 * runlevels would, --enable leaves it off. */
                return plan_add(p, SECTION_INSTALL, "WantedBy", "multi-user.target",
                                "WantedBy: the rc links start it in no runlevel (disabled now); where runlevels 2-4 "
                                "would");
        }
        char why[WHY_MAX];
        snprintf(why, sizeof(why), "WantedBy: started now in runlevels %s (rc links, e.g. %s)", s->levels, s->first);
        int r = 0;
        if (strchr(s->levels, 'S'))
                r = plan_add(p, SECTION_INSTALL, "WantedBy", "sysinit.target", why);
        if (r >= 0 && (strchr(s->levels, '2') || strchr(s->levels, '3') || strchr(s->levels, '4')))
                r = plan_add(p, SECTION_INSTALL, "WantedBy", "multi-user.target", why);
        if (r >= 0 && strchr(s->levels, '5'))
                r = plan_add(p, SECTION_INSTALL, "WantedBy", "graphical.target", why);
        return r;
}

static bool header_has(const HeaderList *l, const char *name) {
        for (size_t i = 0; i < l->n; i++)
                if (!strcmp(l->items[i], name))
                        return true;
        return false;
}

/* An early unit's After= on a unit that is itself ordered after sysinit.target (its
 * default dependencies) is a cycle: drop that ordering. */
static bool early_safe(const Target *t, const char *unit) {
        const char *suffix = known_suffix(unit);
        if (suffix && !strcmp(suffix, ".target"))
                return in_list(unit, early_targets);
        for (size_t i = 0; i < t->n_units; i++)
                if (!strcmp(t->units[i].name, unit) && !t->units[i].masked)
                        return t->units[i].early;
        for (size_t i = 0; suffix && i < t->n_scripts; i++)
                if (script_makes(t->scripts[i].name, unit, suffix - unit))
                        return strchr(t->scripts[i].levels, 'S') != NULL; /* converted early as well */
        return true; /* not on the target at all: no ordering, no cycle */
}

/* Scripts of rcS (Default-Start: S) run before sysinit.target: like systemd's own early
 * units they do without default dependencies (which would order them after
 * sysinit.target, a cycle with WantedBy=sysinit.target). */
static int early_boot(const Target *t, const ScriptHeaders *h, UnitPlan *p, Diags *diags) {
        /* Also early: a unit that one of systemd's early units waits for (auditd:
         * systemd-update-utmp.service has After=auditd.service and runs before
         * sysinit.target, so auditd with default dependencies is a cycle). */
        const TargetUnit *waiter = NULL;
        char pattern[300];
        snprintf(pattern, sizeof(pattern), " %s ", p->unit_name);
        bool rcs = plan_has(p, "WantedBy", "sysinit.target");
        for (size_t i = 0; i < t->n_units && !waiter && !rcs; i++)
                if (t->units[i].early && !t->units[i].masked && !t->units[i].by_sysv2unit && t->units[i].early_after &&
                    strstr(t->units[i].early_after, pattern))
                        waiter = &t->units[i];
        if (!rcs && !waiter)
                return 0;
        char why_early[WHY_MAX];
        if (waiter)
                snprintf(why_early, sizeof(why_early),
                         "early boot: %s, which runs before sysinit.target, is ordered after it: no default "
                         "dependencies (they would make a cycle), ordered like systemd's own early units",
                         waiter->path);
        for (size_t i = 0; i < p->n_lines;) {
                UnitLine *l = &p->lines[i];
                bool order = !strcmp(l->key, "After");
                bool want = !strcmp(l->key, "Wants") || !strcmp(l->key, "Requires");
                if ((order || want) && !early_safe(t, l->value)) {
                        diag_warn(diags, 0, "early-boot unit: no %s=%s (it is ordered after sysinit.target; "
                                  "waiting for it would be an ordering cycle)", l->key, l->value);
                        line_remove(p, i);
                        continue;
                }
                i++;
        }
        const char *why = waiter ? why_early
                                 : "early boot (started in rcS / sysinit.target): no default dependencies, ordered "
                                   "like systemd's own early units";
        int r = plan_add(p, SECTION_UNIT, "DefaultDependencies", "no", why);
        if (r >= 0 && (header_has(&h->required_start, "$local_fs") || header_has(&h->should_start, "$local_fs") ||
                       header_has(&h->required_start, "$remote_fs") || header_has(&h->should_start, "$remote_fs")))
                r = plan_add(p, SECTION_UNIT, "After", "local-fs.target",
                             "After: the script needs $local_fs; an early unit gets no default ordering");
        if (r >= 0)
                r = plan_add(p, SECTION_UNIT, "Before", "sysinit.target", why);
        if (r >= 0)
                r = plan_add(p, SECTION_UNIT, "Conflicts", "shutdown.target", "Conflicts: stopped at shutdown, as "
                                                                               "default dependencies would");
        if (r >= 0)
                r = plan_add(p, SECTION_UNIT, "Before", "shutdown.target", "Before: stopped at shutdown, as default "
                                                                           "dependencies would");
        return r;
}

int target_adjust_plan(const Target *t, const char *script_name, const ScriptHeaders *h, UnitPlan *p,
                       Diags *diags) {
        int r = normalize_names(p, diags);
        if (r >= 0)
                r = adjust_relations(t, p, diags);
        if (r >= 0)
                r = wanted_by_from_links(t, script_name, p);
        if (r >= 0)
                r = early_boot(t, h, p, diags);
        return r;
}

/* ---- which files of init.d are scripts ---- */

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
        if (in_list(file_name, not_scripts))
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
