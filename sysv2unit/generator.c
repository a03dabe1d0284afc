/* SPDX-License-Identifier: MIT */
/* sysv2unit-generator: a systemd.generator(7) that makes units of the SysV init scripts
 * that have none, at every boot and daemon-reload, as systemd-sysv-generator did until
 * systemd 260 removed it, but with the units sysv2unit writes (which supervise their
 * daemons).  This file owns the generator's contract: its arguments, which scripts it
 * takes (the same inputs and skips as the stock generator), the links that pull units
 * in, and that it never fails a boot: every problem is one line in the kernel log and
 * the exit status is 0.  The conversion itself is generator-convert.c's. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "generator-convert.h"
#include "generator-log.h"
#include "generator-paths.h"
#include "generator-workers.h"
#include "grow.h"
#include "macro.h"
#include "names.h"
#include "plan.h"
#include "initd.h"
#include "unit-name.h"
#include "text.h"

#ifndef PROJECT_VERSION
#define PROJECT_VERSION "0"
#endif

/* rcN.d directories and the targets their S links mean (systemd-sysv-generator's table:
 * K links and rc0/rc6 add nothing; rcS is not read, as the stock generator did not). */
static const struct {
        const char *dir;
        const char *target;
} rcnd_table[] = {
        { "rc1.d", "rescue.target" },     { "rc2.d", "multi-user.target" }, { "rc3.d", "multi-user.target" },
        { "rc4.d", "multi-user.target" }, { "rc5.d", "graphical.target" },
};
#define N_TARGETS 3
static const char *const targets[N_TARGETS] = { "rescue.target", "multi-user.target", "graphical.target" };

typedef struct Script {
        char *path;
        char *file_name;
        char *stem;
        char *text;
        size_t size;
        int priority;         /* highest S link number, -1: none */
        bool wanted[N_TARGETS];
        bool has_lsb;
        char **after, **before;
} Script;

typedef struct Generator {
        const char *dest;
        GenPaths paths;
        Script *scripts;
        size_t n_scripts, allocated_scripts;
        char **written; /* unit names this run wrote, and their index */
        size_t n_written;
        NameIndex written_index;
        NameIndex script_index; /* stem -> position in scripts */
        NameIndex path_index;   /* path -> position in scripts */
        bool wants_made[N_TARGETS + 1]; /* TARGET.wants made: by targets[], then multi-user for rc.local */
} Generator;

static void script_free(Script *s) {
        free(s->stem);
        free(s->path);
        free(s->file_name);
        free(s->text);
        gen_strv_free(s->after);
        gen_strv_free(s->before);
}

static Script *find_script(Generator *g, const char *stem) {
        size_t i = name_index_get(&g->script_index, stem);
        return i == (size_t) -1 ? NULL : &g->scripts[i];
}

static bool written(const Generator *g, const char *name) {
        return name_index_get(&g->written_index, name) != (size_t) -1;
}

static int remember(Generator *g, const char *name) {
        char **n = realloc(g->written, (g->n_written + 1) * sizeof(char *));
        if (!n)
                return -ENOMEM;
        g->written = n;
        if (!(n[g->n_written] = strdup(name)))
                return -ENOMEM;
        g->n_written++;
        return name_index_put(&g->written_index, n[g->n_written - 1], g->n_written - 1);
}

/* One file of an init directory: a script to convert, or why not (logged). */
static int consider(Generator *g, const char *dir, const char *name) {
        char path[PATH_MAX];
        if ((size_t) snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
                return 0;
        if (gen_hidden_or_backup(name)) {
                gen_log(LOG_DEBUG, "%s: a hidden or backup file, skipped", path);
                return 0;
        }
        struct stat st;
        if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) || !(st.st_mode & S_IXUSR))
                return 0; /* as the stock generator: executable regular files only */
        char stem[256], unit[300], found[PATH_MAX];
        if (unit_stem_of_script(name, stem, sizeof(stem)) < 0) {
                gen_log(LOG_WARNING, "%s: the file name cannot become a unit name, skipped", path);
                return 0;
        }
        if (find_script(g, stem))
                return 0; /* an earlier directory of SYSTEMD_SYSVINIT_PATH has it */
        snprintf(unit, sizeof(unit), "%s.service", stem);
        bool masked;
        if (gen_find_unit(&g->paths, unit, found, sizeof(found), &masked)) {
                gen_log(LOG_DEBUG, "%s: %s %s, skipped", path, masked ? "masked by" : "has a native unit", found);
                return 0;
        }
        _cleanup_free_ char *text = NULL;
        size_t size;
        int r = read_file_bounded(path, SCRIPT_MAX_SIZE, &text, &size);
        if (r < 0) {
                gen_log(LOG_WARNING, "%s: cannot read it, skipped: %s", path, strerror(-r));
                return r == -ENOMEM ? r : 0;
        }
        const char *skip = init_d_skip_reason(name, text, size, true);
        if (skip) {
                gen_log(LOG_INFO, "%s: skipped: %s", path, skip);
                return 0;
        }
        if (GROW(g->scripts, g->allocated_scripts, g->n_scripts + 1) < 0)
                return -ENOMEM;
        Script *s = &g->scripts[g->n_scripts];
        *s = (Script) { .priority = -1, .size = size };
        s->stem = strdup(stem);
        s->path = strdup(path);
        s->file_name = strdup(name);
        if (!s->stem || !s->path || !s->file_name || name_index_put(&g->script_index, s->stem, g->n_scripts) < 0 ||
            name_index_put(&g->path_index, s->path, g->n_scripts) < 0) {
                script_free(s);
                return -ENOMEM;
        }
        s->text = TAKE_PTR(text);
        s->has_lsb = gen_text_has_lsb(s->text);
        g->n_scripts++;
        return 0;
}

static int enumerate_scripts(Generator *g) {
        for (char **dir = g->paths.init_dirs; *dir; dir++) {
                DIR *d = opendir(*dir);
                if (!d) {
                        if (errno != ENOENT)
                                gen_log(LOG_WARNING, "cannot open %s, ignored: %m", *dir);
                        continue;
                }
                /* In name order: the same input gives the same output. */
                struct dirent **list = NULL;
                int n = scandir(*dir, &list, NULL, alphasort);
                closedir(d);
                int r = 0;
                for (int i = 0; i < n; i++) {
                        if (r >= 0 && strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, ".."))
                                r = consider(g, *dir, list[i]->d_name);
                        free(list[i]);
                }
                free(list);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* S links of rc1.d-rc5.d below each SYSTEMD_SYSVRCND_PATH entry: which targets want each
 * script, and its start priority. */
static void read_rc_links(Generator *g) {
        for (char **base = g->paths.rcnd_dirs; *base; base++)
                for (size_t t = 0; t < ELEMENTSOF(rcnd_table); t++) {
                        char dir[PATH_MAX];
                        if ((size_t) snprintf(dir, sizeof(dir), "%s/%s", *base, rcnd_table[t].dir) >= sizeof(dir))
                                continue;
                        DIR *d = opendir(dir);
                        if (!d) {
                                if (errno != ENOENT)
                                        gen_log(LOG_WARNING, "cannot open %s, ignored: %m", dir);
                                continue;
                        }
                        struct dirent *e;
                        while ((e = readdir(d))) {
                                const char *n = e->d_name;
                                char stem[256];
                                if (n[0] != 'S' || !(n[1] >= '0' && n[1] <= '9') || !(n[2] >= '0' && n[2] <= '9') ||
                                    !n[3] || gen_hidden_or_backup(n) || unit_stem_of_script(n + 3, stem, sizeof(stem)) < 0)
                                        continue;
                                Script *s = find_script(g, stem);
                                if (!s)
                                        continue; /* a script with a unit, or none at all */
                                int prio = (n[1] - '0') * 10 + (n[2] - '0');
                                if (prio > s->priority)
                                        s->priority = prio;
                                for (int k = 0; k < N_TARGETS; k++)
                                        if (!strcmp(targets[k], rcnd_table[t].target))
                                                s->wanted[k] = true;
                        }
                        closedir(d);
                }
}

static int strv_add(char ***l, const char *s) {
        size_t n = 0;
        while (*l && (*l)[n])
                n++;
        char **g = realloc(*l, (n + 2) * sizeof(char *));
        if (!g)
                return -ENOMEM;
        *l = g;
        g[n] = strdup(s);
        g[n + 1] = NULL;
        return g[n] ? 0 : -ENOMEM;
}

/* Start priorities order scripts where one of the two has no LSB header (LSB headers
 * say their own order), as the stock generator did. */
/* The target loader reads every script of init.d for its headers: these it has here. */
static bool known_script(void *userdata, const char *path, const char **ret_text, size_t *ret_size) {
        const Generator *g = userdata;
        size_t i = name_index_get(&g->path_index, path);
        if (i == (size_t) -1)
                return false;
        *ret_text = g->scripts[i].text;
        *ret_size = g->scripts[i].size;
        return true;
}

static int order_by_priority(Generator *g) {
        /* The others a script is ordered against, in script order: those with a priority,
         * and of them, for a script with an LSB header, those without one.  Most scripts
         * of a Debian system have one: they compare with few, not with every script. */
        if (g->n_scripts == 0)
                return 0;
        _cleanup_free_ size_t *any = calloc(g->n_scripts, sizeof(size_t));
        _cleanup_free_ size_t *plain = calloc(g->n_scripts, sizeof(size_t));
        if (!any || !plain)
                return -ENOMEM;
        size_t n_any = 0, n_plain = 0;
        for (size_t j = 0; j < g->n_scripts; j++)
                if (g->scripts[j].priority >= 0) {
                        any[n_any++] = j;
                        if (!g->scripts[j].has_lsb)
                                plain[n_plain++] = j;
                }
        for (size_t i = 0; i < g->n_scripts; i++) {
                Script *s = &g->scripts[i];
                const size_t *others = s->has_lsb ? plain : any;
                size_t n_others = s->has_lsb ? n_plain : n_any;
                for (size_t k = 0; k < n_others && s->priority >= 0; k++) {
                        size_t j = others[k];
                        const Script *o = &g->scripts[j];
                        if (i == j || o->priority < 0 || (s->has_lsb && o->has_lsb) || o->priority == s->priority)
                                continue;
                        char unit[300];
                        snprintf(unit, sizeof(unit), "%s.service", o->stem);
                        int r = strv_add(o->priority < s->priority ? &s->after : &s->before, unit);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

/* made: whether this run made dir already (one mkdir() a target, not one a script). */
static int link_in(const Generator *g, const char *target, const char *unit, bool *made) {
        char dir[PATH_MAX], link[PATH_MAX], to[300];
        if ((size_t) snprintf(dir, sizeof(dir), "%s/%s.wants", g->dest, target) >= sizeof(dir) ||
            (size_t) snprintf(link, sizeof(link), "%s/%s", dir, unit) >= sizeof(link))
                return -ENAMETOOLONG;
        snprintf(to, sizeof(to), "../%s", unit);
        if (!*made && mkdir(dir, 0755) < 0 && errno != EEXIST)
                return -errno;
        *made = true;
        if (symlink(to, link) < 0 && errno != EEXIST)
                return -errno;
        return 0;
}

static int write_unit(Generator *g, const GenUnit *u) {
        char path[PATH_MAX];
        if ((size_t) snprintf(path, sizeof(path), "%s/%s", g->dest, u->name) >= sizeof(path))
                return -ENAMETOOLONG;
        /* /run is a tmpfs, rebuilt at every run: no fsync. */
        int r = write_file_atomic(path, u->text, strlen(u->text), 0644, 0);
        if (r >= 0)
                r = remember(g, u->name);
        return r;
}

typedef struct ConvertJob {
        Generator *g;
        GenContext *c;
} ConvertJob;

static int convert_one(void *userdata, size_t i, GenOutput *ret) {
        ConvertJob *j = userdata;
        const Script *s = &j->g->scripts[i];
        GenScript in = { .path = s->path, .stem = s->stem, .text = s->text, .size = s->size, .after = s->after,
                         .before = s->before };
        return gen_convert(j->c, &in, ret);
}

/* Writes what a script converted to (r, o: gen_convert's result), with its links, and
 * logs one line about it.  Takes o. */
static void install_script(Generator *g, const Script *s, int r, GenOutput *o_in) {
        GenOutput o = *o_in;
        *o_in = (GenOutput) {};
        if (r < 0) {
                gen_log(LOG_ERR, "%s: not converted: %s", s->path, o.reason[0] ? o.reason : strerror(-r));
                gen_output_done(&o);
                return;
        }
        if (o.n_units == 0) {
                gen_log(LOG_WARNING, "%s: no unit came of it, skipped", s->path);
                gen_output_done(&o);
                return;
        }
        /* A unit of the script's (an instance) that exists already: the script was
         * converted for good (sysv2unit --enable) or another package has it. */
        for (size_t i = 0; i < o.n_units; i++) {
                char found[PATH_MAX];
                bool masked;
                if (gen_find_unit(&g->paths, o.units[i].name, found, sizeof(found), &masked)) {
                        gen_log(LOG_INFO, "%s: skipped: its unit %s is %s %s", s->path, o.units[i].name,
                                masked ? "masked by" : "there already:", found);
                        gen_output_done(&o);
                        return;
                }
                if (written(g, o.units[i].name)) {
                        gen_log(LOG_WARNING, "%s: skipped: another script already made %s", s->path, o.units[i].name);
                        gen_output_done(&o);
                        return;
                }
        }
        for (size_t i = 0; i < o.n_units && r >= 0; i++)
                r = write_unit(g, &o.units[i]);
        for (size_t i = 0; i < o.n_aliases && r >= 0; i++) {
                char found[PATH_MAX], link[PATH_MAX], stem[256];
                bool masked;
                if (gen_find_unit(&g->paths, o.aliases[i], found, sizeof(found), &masked) || written(g, o.aliases[i]))
                        continue;
                /* A real script owns its name: another's Provides: never takes it (Debian's
                 * tgt provides tgtd, the name of scsi-target-utils' script). */
                size_t n = strlen(o.aliases[i]);
                if (n > 8 && n - 8 < sizeof(stem) && !strcmp(o.aliases[i] + n - 8, ".service")) {
                        memcpy(stem, o.aliases[i], n - 8);
                        stem[n - 8] = '\0';
                        const Script *owner = find_script(g, stem);
                        if (owner && owner != s) {
                                gen_log(LOG_INFO, "%s: no alias %s: that is %s's own name", s->path, o.aliases[i],
                                        owner->path);
                                continue;
                        }
                }
                if ((size_t) snprintf(link, sizeof(link), "%s/%s", g->dest, o.aliases[i]) >= sizeof(link))
                        continue;
                if (symlink(o.units[0].name, link) < 0 && errno != EEXIST)
                        gen_log(LOG_WARNING, "%s: alias %s: %m", s->path, o.aliases[i]);
                else
                        r = remember(g, o.aliases[i]);
        }
        char wanted_by[64] = "";
        for (int k = 0; k < N_TARGETS && r >= 0; k++)
                if (s->wanted[k]) {
                        r = link_in(g, targets[k], o.units[0].name, &g->wants_made[k]);
                        strncat(wanted_by, wanted_by[0] ? " " : "", sizeof(wanted_by) - strlen(wanted_by) - 1);
                        strncat(wanted_by, targets[k], sizeof(wanted_by) - strlen(wanted_by) - 1);
                }
        if (r < 0)
                gen_log(LOG_ERR, "%s: cannot write its units to %s: %s", s->path, g->dest, strerror(-r));
        else if (o.fallback)
                gen_log(LOG_WARNING, "%s: %s wraps the script as systemd-sysv-generator did (not supervised: %s)%s%s",
                        s->path, o.units[0].name, o.reason, wanted_by[0] ? "; wanted by " : "; not enabled",
                        wanted_by);
        else
                for (size_t i = 0; i < o.n_units; i++)
                        gen_log(LOG_INFO, "%s: %s (%s)%s%s", s->path, o.units[i].name, o.units[i].summary,
                                i > 0 ? "" : wanted_by[0] ? "; wanted by " : "; not enabled",
                                i > 0 ? "" : wanted_by);
        gen_output_done(&o);
}

/* /etc/rc.local, when executable, runs once at boot after the network is online: with
 * systemd's own rc-local.service where the system still has one (systemd < 260, whose
 * rc-local generator links it the same way), else with the unit written here. */
static void generate_rc_local(Generator *g) {
        const char *path = g->paths.rc_local;
        struct stat st;
        if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) || access(path, X_OK) < 0) {
                if (errno != ENOENT)
                        gen_log(LOG_INFO, "%s is not an executable file, not run", path);
                return;
        }
        char found[PATH_MAX];
        bool masked;
        int r = 0;
        if (gen_find_unit(&g->paths, "rc-local.service", found, sizeof(found), &masked)) {
                if (masked) {
                        gen_log(LOG_INFO, "%s: rc-local.service is masked (%s), not run", path, found);
                        return;
                }
                gen_log(LOG_INFO, "%s: runs through %s", path, found);
        } else {
                _cleanup_free_ char *text = NULL;
                GenUnit u = { .name = (char *) "rc-local.service" };
                r = gen_rc_local_unit(path, false, &text);
                u.text = text;
                if (r >= 0)
                        r = write_unit(g, &u);
                if (r >= 0)
                        gen_log(LOG_INFO, "%s: rc-local.service (runs it once after network-online.target)", path);
        }
        if (r >= 0)
                r = link_in(g, "multi-user.target", "rc-local.service", &g->wants_made[N_TARGETS]);
        if (r < 0)
                gen_log(LOG_ERR, "%s: cannot write rc-local.service to %s: %s", path, g->dest, strerror(-r));
}

/* Every script converted (in workers where there are many), then installed in order. */
static int convert_all(Generator *g, GenContext *c) {
        ConvertJob job = { .g = g, .c = c };
        GenOutput *out = calloc(g->n_scripts, sizeof(GenOutput));
        int *status = calloc(g->n_scripts, sizeof(int));
        bool *done = calloc(g->n_scripts, sizeof(bool));
        int r = out && status && done ? 0 : -ENOMEM;
        /* One process unless SYSV2UNIT_GENERATOR_WORKERS asks for more (tests: the same
         * output either way).  Workers cost more CPU in all than they save (fork, copied
         * pages, the results sent back: +10% on the bench's corpora), and one process
         * executes fewer instructions than systemd-sysv-generator did (bench/README.md). */
        const char *fixed = getenv("SYSV2UNIT_GENERATOR_WORKERS");
        unsigned workers = fixed && atoi(fixed) > 0 ? (unsigned) atoi(fixed) : 1;
        if (r >= 0 && workers > 1) {
                if (gen_run_workers(g->n_scripts, workers, convert_one, &job, out, status, done) < 0)
                        gen_log(LOG_DEBUG, "no worker processes: converting in one");
                else
                        gen_log(LOG_DEBUG, "%zu scripts converted in %u worker processes", g->n_scripts, workers);
        }
        for (size_t i = 0; i < g->n_scripts && r >= 0; i++) {
                if (!done[i])
                        status[i] = convert_one(&job, i, &out[i]);
                install_script(g, &g->scripts[i], status[i], &out[i]);
        }
        for (size_t i = 0; out && i < g->n_scripts; i++)
                gen_output_done(&out[i]);
        free(out);
        free(status);
        free(done);
        return r;
}

static void help(void) {
        printf("Usage: sysv2unit-generator NORMAL-DIR [EARLY-DIR LATE-DIR]\n"
               "\n"
               "A systemd generator: writes service units for the SysV init scripts that have\n"
               "no unit (and rc-local.service for an executable /etc/rc.local) into NORMAL-DIR.\n"
               "systemd runs it at boot and at every daemon-reload. Reads SYSTEMD_SYSVINIT_PATH\n"
               "(default " SYSV_INIT_PATH "), SYSTEMD_SYSVRCND_PATH (default " SYSV_RCND_PATH "),\n"
               "SYSTEMD_UNIT_PATH; logs to the kernel log (SYSTEMD_LOG_TARGET=console: stderr).\n"
               "See sysv2unit-generator(8).\n");
}

int main(int argc, char **argv) {
        if (argc == 2 && !strcmp(argv[1], "--help")) {
                help();
                return 0;
        }
        if (argc == 2 && !strcmp(argv[1], "--version")) {
                printf("sysv2unit-generator %s\n", PROJECT_VERSION);
                return 0;
        }
        /* A run is short and frees as much as it allocates, tree after tree: memory
         * handed back to the kernel at each free would only be asked for again, a
         * system call and fresh zeroed pages each time. */
        (void) mallopt(M_TRIM_THRESHOLD, 64 << 20);
        (void) mallopt(M_TOP_PAD, 1 << 20);
        /* A generated unit never carries the reasons --explain prints. */
        reasons_wanted = false;
        gen_log_open();
        if (argc != 2 && argc != 4) {
                gen_log(LOG_ERR, "takes one or three directories (systemd passes three); see --help");
                gen_log_close();
                return 1;
        }
        Generator g = { .dest = argv[1] };
        GenContext *c = NULL;
        int r = gen_paths_from_env(&g.paths);
        if (r >= 0)
                r = gen_paths_list_units(&g.paths);
        if (r >= 0)
                r = enumerate_scripts(&g);
        if (r >= 0) {
                read_rc_links(&g);
                r = order_by_priority(&g);
        }
        if (r >= 0 && g.n_scripts > 0)
                r = gen_context_new(&g.paths, known_script, &g, &c);
        if (r >= 0 && g.n_scripts > 0)
                r = convert_all(&g, c);
        if (r >= 0)
                generate_rc_local(&g);
        if (r < 0)
                gen_log(LOG_ERR, "stopped early: %s", strerror(-r));
        gen_context_free(c);
        for (size_t i = 0; i < g.n_scripts; i++)
                script_free(&g.scripts[i]);
        free(g.scripts);
        name_index_done(&g.written_index);
        name_index_done(&g.script_index);
        name_index_done(&g.path_index);
        for (size_t i = 0; i < g.n_written; i++)
                free(g.written[i]);
        free(g.written);
        gen_paths_done(&g.paths);
        gen_log_close();
        /* Whatever happened, the boot goes on: systemd would only log a failure, and the
         * scripts that were converted are in place. */
        return 0;
}
