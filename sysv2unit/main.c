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
        bool to_stdout;
        bool force;
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
               "  -f --force            overwrite existing unit files; convert scripts that have\n"
               "                         a native unit\n"
               "  -h --help             this text\n"
               "  -V --version          version\n"
               "\n"
               "Exit status: 0 every script converted or skipped (backup files, native units,\n"
               "files that are no init script); 1 at least one refused (the others are still\n"
               "converted, each failure explained as FILE:LINE: message) or enabling failed;\n"
               "2 usage error. See sysv2unit(8).\n");
}

static int read_source(void *userdata, const char *path, char **ret) {
        const Options *o = userdata;
        char full[PATH_MAX];
        if ((size_t) snprintf(full, sizeof(full), "%s%s", o->root, path) >= sizeof(full))
                return -ENAMETOOLONG;
        _cleanup_free_ char *raw = NULL;
        size_t size;
        int r = read_file_bounded(full, SCRIPT_MAX_SIZE, &raw, &size);
        if (r < 0)
                return r;
        Diags d = {};
        r = text_normalize(raw, size, ret, &d);
        diags_free(&d);
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

/* Writes (or, for --dry-run and --diff, describes) the units of one script: all or none. */
static int output_units(Run *run, const char *script, Converted *c, char *reason, size_t reason_size) {
        const Options *o = run->o;
        if (o->to_stdout) {
                for (size_t i = 0; i < c->n; i++) {
                        if (c->n > 1)
                                printf("%s# %s\n", i > 0 ? "\n" : "", c->plans[i].unit_name);
                        fputs(c->texts[i], stdout);
                }
                return 0;
        }
        bool *same = calloc(c->n ? c->n : 1, sizeof(bool));
        if (!same)
                return -ENOMEM;
        int r = 0;
        for (size_t i = 0; i < c->n && r >= 0; i++) {
                char path[PATH_MAX];
                snprintf(path, sizeof(path), "%s/%s", o->output_dir, c->plans[i].unit_name);
                _cleanup_free_ char *old = NULL;
                size_t size;
                int k = read_file_bounded(path, SCRIPT_MAX_SIZE, &old, &size);
                if (k < 0 && k != -ENOENT) {
                        snprintf(reason, reason_size, "cannot read %s: %s", path, strerror(-k));
                        r = k;
                        break;
                }
                same[i] = old && !strcmp(old, c->texts[i]);
                if (o->diff && !same[i])
                        udiff_print(stdout, path, old != NULL, old ? old : "", c->texts[i]);
                if (old && !same[i] && !o->force) {
                        snprintf(reason, reason_size, "%s exists and differs; not overwritten (use --force)", path);
                        r = -EEXIST;
                } else if (o->dry_run || o->diff)
                        fprintf(stderr, "%s: would write %s (%s)\n", script, path,
                                same[i] ? "unchanged" : old ? "changed" : "new");
        }
        for (size_t i = 0; i < c->n && r >= 0 && !o->dry_run && !o->diff; i++) {
                char path[PATH_MAX];
                snprintf(path, sizeof(path), "%s/%s", o->output_dir, c->plans[i].unit_name);
                if (same[i]) {
                        fprintf(stderr, "%s: %s is up to date\n", script, path);
                        continue;
                }
                r = write_file_atomic(path, c->texts[i], strlen(c->texts[i]), 0644,
                                      (o->force ? WRITE_ATOMIC_REPLACE : 0) | WRITE_ATOMIC_SYNC);
                if (r < 0)
                        snprintf(reason, reason_size, "cannot write %s: %s", path,
                                 r == -EEXIST ? "it exists (use --force)" : strerror(-r));
                else
                        fprintf(stderr, "%s: wrote %s\n", script, path);
        }
        free(same);
        return r;
}

static int convert(Run *run, const char *script) {
        const Options *o = run->o;
        char reason[PATH_MAX + 256];

        _cleanup_free_ char *raw = NULL;
        size_t size;
        int r = read_file_bounded(script, SCRIPT_MAX_SIZE, &raw, &size);
        if (r < 0) {
                snprintf(reason, sizeof(reason), "cannot read: %s", r == -EFBIG ? "larger than 16 MiB" : strerror(-r));
                return record(run, script, OUTCOME_REFUSED, reason, NULL);
        }
        struct stat st;
        bool executable = stat(script, &st) == 0 && (st.st_mode & 0111);
        /* Named on the command line, a file is converted if it can be; of init.d only the
         * scripts are, like systemd-sysv-generator does. */
        const char *skip = init_d_skip_reason(base_name(script), o->all ? raw : NULL, size, executable);
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
        const TargetUnit *native = o->force ? NULL : target_native_unit(&run->target, name);
        if (native) {
                if (native->path[0] == '/')
                        snprintf(reason, sizeof(reason), "the target has a native unit %s%s (use --force to convert anyway)",
                                 native->path, native->masked ? " (masked)" : "");
                else
                        snprintf(reason, sizeof(reason), "%s comes %s (a unit or an alias)", native->name, native->path);
                return record(run, script, OUTCOME_SKIPPED, reason, NULL);
        }
        char installed[PATH_MAX];
        if (o->script_path_dir) {
                if ((size_t) snprintf(installed, sizeof(installed), "%s/%s", o->script_path_dir,
                                      base_name(script)) >= sizeof(installed))
                        return record(run, script, OUTCOME_REFUSED, "the installed path is too long", NULL);
        } else if (!realpath(script, installed)) {
                snprintf(reason, sizeof(reason), "%s", strerror(errno));
                return record(run, script, OUTCOME_REFUSED, reason, NULL);
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
                                    .read_source_data = (void *) o };
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

        /* Render everything first: a script either gives all its units or none. */
        c.texts = calloc(c.n ? c.n : 1, sizeof(char *));
        if (!c.texts)
                r = -ENOMEM;
        char note[PATH_MAX + 64];
        snprintf(note, sizeof(note), "Generated by sysv2unit from %s", installed);
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
                const TargetScript *ts = target_find_script(&run->target, base_name(script));
                res->enabled = rc_local_is(script) ? executable : ts && ts->levels[0];
                for (size_t i = 0; i < c.n && r >= 0; i++)
                        r = summary_add_unit(res, c.plans[i].unit_name);
                for (size_t i = 0; i < c.n && r >= 0; i++)
                        r = target_add_converted(&run->target, &c.plans[i], base_name(script));
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
        free(units);
        return r;
}

int main(int argc, char **argv) {
        enum { OPT_ENABLE = 0x100 };
        static const struct option options[] = {
                { "output-dir", required_argument, NULL, 'o' }, { "stdout", no_argument, NULL, 'S' },
                { "script-path", required_argument, NULL, 's' }, { "root", required_argument, NULL, 'r' },
                { "explain", no_argument, NULL, 'e' },         { "force", no_argument, NULL, 'f' },
                { "all", no_argument, NULL, 'a' },             { "json", no_argument, NULL, 'j' },
                { "dry-run", no_argument, NULL, 'n' },         { "diff", no_argument, NULL, 'd' },
                { "enable", no_argument, NULL, OPT_ENABLE },   { "help", no_argument, NULL, 'h' },
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
        char default_out[PATH_MAX];
        if (!o.output_dir) {
                if (o.all || o.enable) {
                        snprintf(default_out, sizeof(default_out), "%s/etc/systemd/system", o.root);
                        o.output_dir = default_out;
                } else
                        o.output_dir = ".";
        }
        if (!o.to_stdout) {
                struct stat st;
                if (stat(o.output_dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
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
