/* SPDX-License-Identifier: MIT */
/* The sysv2unit command: options, the scripts to convert (named, or --all of the
 * target's init.d), the file I/O around analyze_script() (reading scripts and the
 * target's sourced files, writing units atomically, --dry-run, --diff, --stdout), the
 * summary and --enable.  Every decision about a unit is the library's (analyze.h). */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "enable.h"
#include "chase.h"
#include "fileio.h"
#include "initd.h"
#include "macro.h"
#include "plan.h"
#include "rc-local.h"
#include "summary.h"
#include "target.h"
#include "text.h"
#include "udiff.h"
#include "unit-name.h"

#ifndef PROJECT_VERSION
#define PROJECT_VERSION "0"
#endif

enum {
        EXIT_OK = 0,
        EXIT_FAILED = 1, /* at least one script could not be converted */
        EXIT_USAGE = 2,
};

typedef struct Options {
        const char *output_dir;
        const char *script_path_dir;
        const char *root; /* "" for / */
        const char *init_d_rel; /* --all: the target's init.d, as the target sees it */
        bool to_stdout;
        bool force;
        bool shadow_native;
        bool explain;
        bool all;
        bool json;
        bool dry_run;
        bool diff;
        bool enable;
} Options;

/* One run: the target as it was found, what was converted so far, the summary. */
typedef struct Run {
        const Options *o;
        Target target;
        Summary summary;
} Run;

static void help(void) {
        printf("Usage: sysv2unit [OPTIONS] SCRIPT...\n"
               "       sysv2unit [OPTIONS] --all\n"
               "\n"
               "Convert chkconfig/LSB SysV init scripts into systemd service units that\n"
               "supervise their daemons. Scripts are read, never run.\n"
               "\n"
               "  -o --output-dir DIR    write NAME.service files into DIR (default: ., with\n"
               "                         --all or --enable ROOT/etc/systemd/system)\n"
               "     --stdout           print the units instead of writing files\n"
               "  -s --script-path DIR  the directory the script will be installed in, for\n"
               "                         ExecStart= and friends (default: the script's own)\n"
               "  -r --root DIR         the system the units are for (default: /): its\n"
               "                         /etc/sysconfig, /etc/default, unit directories and\n"
               "                         rcN.d links\n"
               "  -a --all              convert every script of ROOT/etc/init.d and print a summary\n"
               "  -n --dry-run          write nothing; say what would be written\n"
               "  -d --diff             write nothing; show a diff against the existing units\n"
               "  -j --json             the summary as JSON on stdout\n"
               "     --enable           install, reload systemd and enable the units of the\n"
               "                         scripts that rc links start now (over D-Bus)\n"
               "  -e --explain          comment every derived line with where it came from\n"
               "  -f --force            overwrite unit files of the output directory that\n"
               "                         sysv2unit did not write (its own are refreshed anyway)\n"
               "     --shadow-native    convert scripts whose name a native unit of the target\n"
               "                         has, writing a unit that overrides it (masks: never)\n"
               "  -h --help             this text\n"
               "  -V --version          version\n"
               "\n"
               "Exit status: 0 every script converted or skipped (backup files, native units,\n"
               "files that are no init script); 1 at least one refused (the others are still\n"
               "converted, each failure explained as FILE:LINE: message) or enabling failed;\n"
               "2 usage error. See sysv2unit(8).\n");
}

/* A file of the target (a sourced configuration, the init-d-script framework), its
 * links resolved inside the root. */
static int read_source(void *userdata, const char *path, char **ret) {
        const Options *o = userdata;
        _cleanup_free_ char *full = NULL;
        int r = chase_under_root(o->root, path, 0, &full);
        if (r < 0)
                return r;
        _cleanup_free_ char *raw = NULL;
        size_t size;
        r = read_file_bounded(full, SCRIPT_MAX_SIZE, &raw, &size);
        if (r < 0)
                return r;
        Diags d = {};
        r = text_normalize(raw, size, ret, &d);
        diags_free(&d);
        return r;
}

/* Whether a program of the target holds string (a daemon naming its own pid file). */
static int program_mentions(void *userdata, const char *program, const char *string) {
        static const char *const dirs[] = { "/usr/sbin", "/usr/bin", "/sbin", "/bin", NULL };
        const Options *o = userdata;
        int r = -ENOENT;
        for (const char *const *d = dirs; *d && r == -ENOENT; d++) {
                char path[PATH_MAX];
                if (program[0] == '/')
                        snprintf(path, sizeof(path), "%s", program);
                else if ((size_t) snprintf(path, sizeof(path), "%s/%s", *d, program) >= sizeof(path))
                        return -ENAMETOOLONG;
                _cleanup_free_ char *host = NULL, *bytes = NULL;
                size_t size;
                r = chase_under_root(o->root, path, 0, &host);
                if (r >= 0)
                        r = read_file_bounded(host, 256 << 20, &bytes, &size);
                if (r >= 0)
                        return memmem(bytes, size, string, strlen(string)) != NULL;
                if (program[0] == '/')
                        break;
        }
        return r;
}

static void print_diags(const char *file, const Diags *d) {
        for (size_t i = 0; i < d->n; i++) {
                const Diag *x = &d->items[i];
                if (x->line)
                        fprintf(stderr, "%s:%u: %s%s\n", file, x->line, x->is_error ? "" : "warning: ", x->message);
                else
                        fprintf(stderr, "%s: %s%s\n", file, x->is_error ? "" : "warning: ", x->message);
        }
}

/* Records the outcome; skipped and refused scripts also get a line on stderr (a reason
 * that the diagnostics printed already is not repeated). */
static int record_full(Run *run, const char *script, Outcome o, const char *reason, bool printed,
                       ScriptResult **ret) {
        if (o != OUTCOME_CONVERTED && printed)
                fprintf(stderr, "%s: not converted\n", script);
        else if (o != OUTCOME_CONVERTED)
                fprintf(stderr, "%s: %s: %s\n", script, o == OUTCOME_SKIPPED ? "skipped" : "not converted", reason);
        int r = summary_add(&run->summary, script, o, reason, ret);
        if (r < 0)
                fprintf(stderr, "sysv2unit: out of memory\n");
        return r;
}

static int record(Run *run, const char *script, Outcome o, const char *reason, ScriptResult **ret) {
        return record_full(run, script, o, reason, false, ret);
}

typedef struct Converted {
        UnitPlan *plans;
        size_t n;
        char **texts;
} Converted;

static void converted_done(Converted *c) {
        for (size_t i = 0; i < c->n; i++) {
                if (c->texts)
                        free(c->texts[i]);
                plan_free(&c->plans[i]);
        }
        free(c->texts);
        free(c->plans);
}

/* What is at a unit's path in the output directory. */
typedef enum Existing {
        EXISTING_NONE,
        EXISTING_SAME,  /* the same text: nothing to write */
        EXISTING_OURS,  /* a unit sysv2unit wrote: refreshed */
        EXISTING_OTHER, /* a file sysv2unit did not write: replaced only with --force */
} Existing;

/* Writes (or, for --dry-run and --diff, describes) the units of one script: all or none. */
static int output_units(Run *run, const char *script, Converted *c, char *reason, size_t reason_size) {
        static const char *const would[] = { "new", "unchanged", "refreshed", "replaced" };
        const Options *o = run->o;
        if (o->to_stdout) {
                for (size_t i = 0; i < c->n; i++) {
                        if (c->n > 1)
                                printf("%s# %s\n", i > 0 ? "\n" : "", c->plans[i].unit_name);
                        fputs(c->texts[i], stdout);
                }
                return 0;
        }
        Existing *existing = calloc(c->n ? c->n : 1, sizeof(Existing));
        if (!existing)
                return -ENOMEM;
        int r = 0;
        for (size_t i = 0; i < c->n && r >= 0; i++) {
                char path[PATH_MAX];
                snprintf(path, sizeof(path), "%s/%s", o->output_dir, c->plans[i].unit_name);
                /* A link in a unit directory is a mask (-> /dev/null) or an alias: the
                 * admin's or a package's decision, never replaced by a file. */
                struct stat st;
                if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
                        snprintf(reason, reason_size, "%s is a symbolic link (a mask or an alias); never replaced", path);
                        r = -EEXIST;
                        break;
                }
                _cleanup_free_ char *old = NULL;
                size_t size;
                int k = read_file_bounded(path, SCRIPT_MAX_SIZE, &old, &size);
                if (k < 0 && k != -ENOENT) {
                        snprintf(reason, reason_size, "cannot read %s: %s", path, strerror(-k));
                        r = k;
                        break;
                }
                existing[i] = !old                           ? EXISTING_NONE
                              : !strcmp(old, c->texts[i])    ? EXISTING_SAME
                              : plan_text_is_generated(old)  ? EXISTING_OURS
                                                             : EXISTING_OTHER;
                if (o->diff && existing[i] != EXISTING_SAME)
                        udiff_print(stdout, path, old != NULL, old ? old : "", c->texts[i]);
                if (existing[i] == EXISTING_OTHER && !o->force) {
                        snprintf(reason, reason_size,
                                 "%s exists and was not written by sysv2unit; not overwritten (use --force)", path);
                        r = -EEXIST;
                } else if (o->dry_run || o->diff)
                        fprintf(stderr, "%s: would write %s (%s)\n", script, path, would[existing[i]]);
        }
        for (size_t i = 0; i < c->n && r >= 0 && !o->dry_run && !o->diff; i++) {
                char path[PATH_MAX];
                snprintf(path, sizeof(path), "%s/%s", o->output_dir, c->plans[i].unit_name);
                if (existing[i] == EXISTING_SAME) {
                        fprintf(stderr, "%s: %s is up to date\n", script, path);
                        continue;
                }
                /* Replace only what was checked above: a file that appeared since is -EEXIST. */
                r = write_file_atomic(path, c->texts[i], strlen(c->texts[i]), 0644,
                                      (existing[i] != EXISTING_NONE ? WRITE_ATOMIC_REPLACE : 0) | WRITE_ATOMIC_SYNC);
                if (r < 0)
                        snprintf(reason, reason_size, "cannot write %s: %s", path,
                                 r == -EEXIST ? "it appeared meanwhile" : strerror(-r));
                else
                        fprintf(stderr, "%s: %s %s\n", script,
                                existing[i] == EXISTING_NONE ? "wrote" : existing[i] == EXISTING_OURS ? "refreshed" : "replaced",
                                path);
        }
        free(existing);
        return r;
}

static int convert(Run *run, const char *script) {
        const Options *o = run->o;
        char reason[PATH_MAX + 256];

        /* A script of the target's init.d (--all) is read where the target has it:
         * links resolve inside the root. */
        _cleanup_free_ char *host = NULL;
        int r = 0;
        if (o->init_d_rel) {
                char in_root[PATH_MAX];
                snprintf(in_root, sizeof(in_root), "%s/%s", o->init_d_rel, path_basename(script));
                r = chase_under_root(o->root, in_root, 0, &host);
        } else if (!(host = strdup(script)))
                r = -ENOMEM;
        _cleanup_free_ char *raw = NULL;
        size_t size;
        if (r >= 0)
                r = read_file_bounded(host, SCRIPT_MAX_SIZE, &raw, &size);
        if (r < 0) {
                snprintf(reason, sizeof(reason), "cannot read: %s", r == -EFBIG ? "larger than 16 MiB" : strerror(-r));
                return record(run, script, OUTCOME_REFUSED, reason, NULL);
        }
        struct stat st;
        bool executable = stat(host, &st) == 0 && (st.st_mode & 0111);
        /* Named on the command line, a file is converted if it can be; of init.d only the
         * scripts are, like systemd-sysv-generator does. */
        const char *skip = init_d_skip_reason(path_basename(script), o->all ? raw : NULL, size, executable);
        if (skip)
                return record(run, script, OUTCOME_SKIPPED, skip, NULL);

        char name[256];
        if (unit_stem_of_script(script, name, sizeof(name)) < 0)
                return record(run, script, OUTCOME_REFUSED,
                              has_control_char(script) ? "a control character in the file name"
                                                       : "the file name cannot become a unit name",
                              NULL);
        if (rc_local_is(script))
                snprintf(name, sizeof(name), "rc-local"); /* systemd's name for it */
        /* As systemd-sysv-generator: a script with a unit of its name is not converted. */
        char unit[300];
        if (unit_name_of_service(name, NULL, unit, sizeof(unit)) < 0)
                return record(run, script, OUTCOME_REFUSED, "the file name cannot become a unit name", NULL);
        if (target_unit_blocked(&run->target, unit, o->shadow_native, reason, sizeof(reason)))
                return record(run, script, OUTCOME_SKIPPED, reason, NULL);
        char installed[PATH_MAX];
        if (o->script_path_dir) {
                if ((size_t) snprintf(installed, sizeof(installed), "%s/%s", o->script_path_dir,
                                      path_basename(script)) >= sizeof(installed))
                        return record(run, script, OUTCOME_REFUSED, "the installed path is too long", NULL);
        } else {
                /* The script's own absolute path, its directory resolved but not the script
                 * itself: a linked instance (postgresql-2 -> postgresql) runs as itself,
                 * since such scripts read their name from $0. */
                _cleanup_free_ char *dir = strndup(script, path_basename(script) - script);
                char real_dir[PATH_MAX];
                if (!dir)
                        return record(run, script, OUTCOME_REFUSED, "out of memory", NULL);
                if (!realpath(dir[0] ? dir : ".", real_dir)) {
                        snprintf(reason, sizeof(reason), "%s", strerror(errno));
                        return record(run, script, OUTCOME_REFUSED, reason, NULL);
                }
                if ((size_t) snprintf(installed, sizeof(installed), "%s%s%s", real_dir,
                                      strcmp(real_dir, "/") ? "/" : "", path_basename(script)) >= sizeof(installed))
                        return record(run, script, OUTCOME_REFUSED, "the path is too long", NULL);
        }
        /* A newline in a path would start a directive of its own in the unit. */
        if (has_control_char(installed))
                return record(run, script, OUTCOME_REFUSED,
                              "a control character (newline, tab...) in the path the unit would run", NULL);

        Diags d = {};
        _cleanup_free_ char *text = NULL;
        Converted c = {};
        r = text_normalize(raw, size, &text, &d);
        if (r >= 0) {
                AnalyzeInput in = { .text = text, .name = name, .script_path = installed, .read_source = read_source,
                                    .read_source_data = (void *) o, .program_mentions = program_mentions };
                r = rc_local_is(script) ? rc_local_plans(installed, &c.plans, &c.n)
                                        : analyze_script(&in, &run->target, &c.plans, &c.n, &d);
        }
        print_diags(script, &d);
        const char *first_error = NULL;
        for (size_t i = 0; i < d.n && !first_error; i++)
                if (d.items[i].is_error)
                        first_error = d.items[i].message;
        if (r < 0) {
                snprintf(reason, sizeof(reason), "%s", r == -ENOMEM ? "out of memory"
                                                       : first_error ? first_error
                                                                     : strerror(-r));
                diags_free(&d);
                converted_done(&c);
                return record_full(run, script, OUTCOME_REFUSED, reason, first_error != NULL, NULL);
        }
        diags_free(&d);
        /* Instances (NAME-X.service) are checked like NAME.service: all units or none. */
        for (size_t i = 0; i < c.n; i++)
                if (strcmp(c.plans[i].unit_name, unit) &&
                    target_unit_blocked(&run->target, c.plans[i].unit_name, o->shadow_native, reason, sizeof(reason))) {
                        converted_done(&c);
                        return record(run, script, OUTCOME_SKIPPED, reason, NULL);
                }

        /* Render everything first: a script either gives all its units or none. */
        c.texts = calloc(c.n ? c.n : 1, sizeof(char *));
        if (!c.texts)
                r = -ENOMEM;
        char note[PATH_MAX + 64];
        snprintf(note, sizeof(note), PLAN_GENERATED_NOTE " from %s", installed);
        for (size_t i = 0; i < c.n && r >= 0; i++)
                r = plan_render(&c.plans[i], note, o->explain, &c.texts[i]);
        if (r < 0)
                snprintf(reason, sizeof(reason), "%s", r == -ENOMEM ? "out of memory" : "a unit line cannot be written safely");
        else
                r = output_units(run, script, &c, reason, sizeof(reason));
        ScriptResult *res = NULL;
        if (r < 0)
                r = record(run, script, OUTCOME_REFUSED, reason, NULL);
        else
                r = record(run, script, OUTCOME_CONVERTED, NULL, &res);
        if (res) {
                const TargetScript *ts = target_find_script(&run->target, path_basename(script));
                res->enabled = rc_local_is(script) ? executable : ts && ts->levels[0];
                for (size_t i = 0; i < c.n && r >= 0; i++)
                        r = summary_add_unit(res, c.plans[i].unit_name);
                for (size_t i = 0; i < c.n && r >= 0; i++)
                        r = target_add_converted(&run->target, &c.plans[i], path_basename(script));
        }
        converted_done(&c);
        return r;
}

static int enable_now(Run *run) {
        size_t n = 0;
        for (size_t i = 0; i < run->summary.n; i++)
                if (run->summary.items[i].outcome == OUTCOME_CONVERTED && run->summary.items[i].enabled)
                        n += run->summary.items[i].n_units;
        char **units = calloc(n ? n : 1, sizeof(char *));
        if (!units)
                return -ENOMEM;
        size_t k = 0;
        for (size_t i = 0; i < run->summary.n; i++) {
                const ScriptResult *r = &run->summary.items[i];
                if (r->outcome == OUTCOME_CONVERTED && r->enabled)
                        for (size_t u = 0; u < r->n_units; u++)
                                units[k++] = r->units[u];
        }
        fprintf(stderr, "sysv2unit: enabling %zu units whose scripts rc links start now\n", n);
        int r = enable_units(units, n);
        if (r < 0) {
                /* The files are there; only systemd did not take them: say so, and what
                 * would finish the job once it can be reached. */
                fprintf(stderr, "sysv2unit: the units were written to %s but NOT enabled; once systemd runs: "
                                "systemctl daemon-reload",
                        run->o->output_dir);
                if (n) {
                        fprintf(stderr, " && systemctl enable");
                        for (size_t i = 0; i < n; i++)
                                fprintf(stderr, " %s", units[i]);
                }
                fputc('\n', stderr);
        }
        free(units);
        return r;
}

int main(int argc, char **argv) {
        enum { OPT_ENABLE = 0x100, OPT_SHADOW_NATIVE };
        static const struct option options[] = {
                { "output-dir", required_argument, NULL, 'o' }, { "stdout", no_argument, NULL, 'S' },
                { "script-path", required_argument, NULL, 's' }, { "root", required_argument, NULL, 'r' },
                { "explain", no_argument, NULL, 'e' },         { "force", no_argument, NULL, 'f' },
                { "all", no_argument, NULL, 'a' },             { "json", no_argument, NULL, 'j' },
                { "dry-run", no_argument, NULL, 'n' },         { "diff", no_argument, NULL, 'd' },
                { "enable", no_argument, NULL, OPT_ENABLE },   { "help", no_argument, NULL, 'h' },
                { "shadow-native", no_argument, NULL, OPT_SHADOW_NATIVE },
                { "version", no_argument, NULL, 'V' },         {},
        };
        Options o = { .root = "" };
        int opt;
        while ((opt = getopt_long(argc, argv, "o:s:r:efajndhV", options, NULL)) >= 0)
                switch (opt) {
                case 'o':
                        o.output_dir = optarg;
                        break;
                case 'S':
                        o.to_stdout = true;
                        break;
                case 's':
                        o.script_path_dir = optarg;
                        break;
                case 'r':
                        o.root = strcmp(optarg, "/") ? optarg : "";
                        break;
                case 'e':
                        o.explain = true;
                        break;
                case 'f':
                        o.force = true;
                        break;
                case 'a':
                        o.all = true;
                        break;
                case 'j':
                        o.json = true;
                        break;
                case 'n':
                        o.dry_run = true;
                        break;
                case 'd':
                        o.diff = true;
                        break;
                case OPT_ENABLE:
                        o.enable = true;
                        break;
                case OPT_SHADOW_NATIVE:
                        o.shadow_native = true;
                        break;
                case 'h':
                        help();
                        return EXIT_OK;
                case 'V':
                        printf("sysv2unit %s\n", PROJECT_VERSION);
                        return EXIT_OK;
                default:
                        fprintf(stderr, "Try 'sysv2unit --help'.\n");
                        return EXIT_USAGE;
                }
        if (o.json && !HAVE_JSON_C) {
                fprintf(stderr, "sysv2unit: --json: built without JSON support (json-c)\n");
                return EXIT_USAGE;
        }
        if (o.enable && !HAVE_LIBSYSTEMD) {
                fprintf(stderr, "sysv2unit: --enable: built without libsystemd (sd-bus)\n");
                return EXIT_USAGE;
        }
        if (optind >= argc && !o.all) {
                fprintf(stderr, "sysv2unit: no script given. Try 'sysv2unit --help'.\n");
                return EXIT_USAGE;
        }
        if (optind < argc && o.all) {
                fprintf(stderr, "sysv2unit: --all takes no scripts\n");
                return EXIT_USAGE;
        }
        if (o.script_path_dir && o.script_path_dir[0] != '/') {
                fprintf(stderr, "sysv2unit: --script-path must be absolute\n");
                return EXIT_USAGE;
        }
        if (o.script_path_dir && has_control_char(o.script_path_dir)) {
                fprintf(stderr, "sysv2unit: --script-path holds a control character\n");
                return EXIT_USAGE;
        }
        if ((o.json || o.dry_run || o.diff || o.enable) && o.to_stdout) {
                fprintf(stderr, "sysv2unit: --stdout goes with neither --json, --dry-run, --diff nor --enable\n");
                return EXIT_USAGE;
        }
        if (o.enable && (o.dry_run || o.diff)) {
                fprintf(stderr, "sysv2unit: --enable changes the system; --dry-run and --diff do not\n");
                return EXIT_USAGE;
        }
        if (o.enable && o.root[0]) {
                fprintf(stderr, "sysv2unit: --enable talks to the running systemd: it needs --root /\n");
                return EXIT_USAGE;
        }
        _cleanup_free_ char *default_out = NULL;
        if (!o.output_dir) {
                if (o.all || o.enable) {
                        /* The target's /etc/systemd/system, where the target has it (a link
                         * resolves inside the root).  --dry-run and --diff write nothing: a
                         * target without one (a SysV-only system) just has no units yet. */
                        int r = chase_under_root(o.root, "/etc/systemd/system", 0, &default_out);
                        if (r == -ENOENT && (o.dry_run || o.diff))
                                r = asprintf(&default_out, "%s/etc/systemd/system", o.root) < 0 ? -ENOMEM : 0;
                        if (r < 0) {
                                fprintf(stderr, "sysv2unit: %s/etc/systemd/system: %s\n", o.root, strerror(-r));
                                return EXIT_USAGE;
                        }
                        o.output_dir = default_out;
                } else
                        o.output_dir = ".";
        }
        if (!o.to_stdout) {
                struct stat st;
                int k = stat(o.output_dir, &st) < 0 ? -errno : S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
                if (k < 0 && !(k == -ENOENT && (o.dry_run || o.diff))) {
                        fprintf(stderr, "sysv2unit: %s: not a directory\n", o.output_dir);
                        return EXIT_USAGE;
                }
        }
        char **scripts = NULL;
        size_t n_scripts = 0;
        if (o.all) {
                char dir[PATH_MAX];
                const char *rel = NULL;
                int r = init_d_list(o.root, dir, sizeof(dir), &rel, &scripts, &n_scripts);
                if (r < 0) {
                        fprintf(stderr, "sysv2unit: %s/etc/init.d: %s\n", o.root, strerror(-r));
                        return r == -ENOMEM ? EXIT_FAILED : EXIT_USAGE;
                }
                /* The units run the scripts where they are on the target, not below --root. */
                if (!o.script_path_dir)
                        o.script_path_dir = rel;
                o.init_d_rel = rel;
        }

        Run run = { .o = &o };
        int r = target_load(o.root, &run.target);
        if (r < 0) {
                fprintf(stderr, "sysv2unit: cannot read the target system %s: %s\n", o.root[0] ? o.root : "/",
                        strerror(-r));
                strv_free_n(scripts, n_scripts);
                return EXIT_FAILED;
        }
        int status = EXIT_OK;
        if (o.all)
                for (size_t i = 0; i < n_scripts && r >= 0; i++)
                        r = convert(&run, scripts[i]);
        else
                for (int i = optind; i < argc && r >= 0; i++)
                        r = convert(&run, argv[i]);
        if (r < 0 || summary_count(&run.summary, OUTCOME_REFUSED) > 0)
                status = EXIT_FAILED;
        if (r >= 0 && o.enable && enable_now(&run) < 0)
                status = EXIT_FAILED;
        if (o.json) {
                if (summary_print_json(&run.summary, o.root[0] ? o.root : "/", stdout) < 0)
                        status = EXIT_FAILED;
        } else if (o.all || o.enable || o.dry_run || o.diff)
                summary_print(&run.summary, stderr);
        summary_done(&run.summary);
        target_done(&run.target);
        strv_free_n(scripts, n_scripts);
        if (fflush(stdout) != 0)
                status = EXIT_FAILED;
        return status;
}
