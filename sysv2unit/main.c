/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "fileio.h"
#include "macro.h"
#include "plan.h"
#include "text.h"

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
        const char *root;
        bool to_stdout;
        bool force;
        bool explain;
} Options;

static void help(void) {
        printf("Usage: sysv2unit [OPTIONS] SCRIPT...\n"
               "\n"
               "Convert chkconfig/LSB SysV init scripts into systemd service units that\n"
               "supervise their daemons. Scripts are read, never run.\n"
               "\n"
               "  -o --output-dir DIR    write NAME.service files into DIR (default: .)\n"
               "     --stdout           print the units instead of writing files\n"
               "  -s --script-path DIR  the directory the script will be installed in, for\n"
               "                         ExecStart= and friends (default: the script's own)\n"
               "  -r --root DIR         read sourced /etc/sysconfig/NAME, /etc/default/NAME\n"
               "                         below DIR instead of / (default: /)\n"
               "  -e --explain          comment every derived line with where it came from\n"
               "  -f --force            overwrite existing unit files\n"
               "  -h --help             this text\n"
               "  -V --version          version\n"
               "\n"
               "Exit status: 0 every script converted; 1 at least one failed (the others are\n"
               "still converted, each failure explained as FILE:LINE: message); 2 usage error.\n"
               "See sysv2unit(8).\n");
}

/* The unit name is the script's name without .sh or .init. */
static int unit_base_name(const char *path, char *buf, size_t size) {
        const char *b = strrchr(path, '/');
        b = b ? b + 1 : path;
        size_t n = strlen(b);
        if (n > 3 && !strcmp(b + n - 3, ".sh"))
                n -= 3;
        else if (n > 5 && !strcmp(b + n - 5, ".init"))
                n -= 5;
        if (n == 0 || n >= size)
                return -EINVAL;
        memcpy(buf, b, n);
        buf[n] = '\0';
        for (size_t i = 0; i < n; i++)
                if (!unit_name_char_ok(buf[i]) || buf[i] == '@' || buf[i] == '\\')
                        return -EINVAL;
        return 0;
}

static int read_source(void *userdata, const char *path, char **ret) {
        const Options *o = userdata;
        char full[PATH_MAX];
        if ((size_t) snprintf(full, sizeof(full), "%s%s", o->root ? o->root : "", path) >= sizeof(full))
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

static int convert(const Options *o, const char *script) {
        char name[256];
        if (unit_base_name(script, name, sizeof(name)) < 0) {
                fprintf(stderr, "%s: the file name cannot become a unit name\n", script);
                return -EINVAL;
        }
        char installed[PATH_MAX];
        if (o->script_path_dir) {
                const char *b = strrchr(script, '/');
                snprintf(installed, sizeof(installed), "%s/%s", o->script_path_dir, b ? b + 1 : script);
        } else if (!realpath(script, installed)) {
                fprintf(stderr, "%s: %s\n", script, strerror(errno));
                return -errno;
        }

        _cleanup_free_ char *raw = NULL;
        size_t size;
        int r = read_file_bounded(script, SCRIPT_MAX_SIZE, &raw, &size);
        if (r < 0) {
                fprintf(stderr, "%s: cannot read: %s\n", script, r == -EFBIG ? "larger than 16 MiB" : strerror(-r));
                return r;
        }
        Diags d = {};
        _cleanup_free_ char *text = NULL;
        r = text_normalize(raw, size, &text, &d);
        UnitPlan *plans = NULL;
        size_t n = 0;
        if (r >= 0) {
                AnalyzeInput in = { .text = text, .name = name, .script_path = installed, .read_source = read_source,
                                    .read_source_data = (void *) o };
                r = analyze_script(&in, &plans, &n, &d);
        }
        print_diags(script, &d);
        diags_free(&d);
        if (r < 0) {
                if (r == -ENOMEM)
                        fprintf(stderr, "%s: out of memory\n", script);
                fprintf(stderr, "%s: not converted\n", script);
                return r;
        }

        /* Render everything first: a script either gives all its units or none. */
        char **texts = calloc(n, sizeof(char *));
        if (!texts)
                r = -ENOMEM;
        char note[PATH_MAX + 64];
        snprintf(note, sizeof(note), "Generated by sysv2unit from %s", installed);
        for (size_t i = 0; i < n && r >= 0; i++)
                r = plan_render(&plans[i], note, o->explain, &texts[i]);
        if (r >= 0 && !o->to_stdout)
                for (size_t i = 0; i < n; i++) {
                        char path[PATH_MAX];
                        snprintf(path, sizeof(path), "%s/%s", o->output_dir, plans[i].unit_name);
                        if (!o->force && access(path, F_OK) == 0) {
                                fprintf(stderr, "%s: %s exists; not overwritten (use --force)\n", script, path);
                                r = -EEXIST;
                        }
                }
        for (size_t i = 0; i < n && r >= 0; i++) {
                if (o->to_stdout) {
                        if (n > 1)
                                printf("%s# %s\n", i > 0 ? "\n" : "", plans[i].unit_name);
                        fputs(texts[i], stdout);
                        continue;
                }
                char path[PATH_MAX];
                snprintf(path, sizeof(path), "%s/%s", o->output_dir, plans[i].unit_name);
                r = write_file_atomic(path, texts[i], strlen(texts[i]), 0644,
                                      (o->force ? WRITE_ATOMIC_REPLACE : 0) | WRITE_ATOMIC_SYNC);
                if (r < 0)
                        fprintf(stderr, "%s: cannot write %s: %s\n", script, path,
                                r == -EEXIST ? "it exists (use --force)" : strerror(-r));
                else
                        fprintf(stderr, "%s: wrote %s\n", script, path);
        }
        for (size_t i = 0; i < n; i++) {
                if (texts)
                        free(texts[i]);
                plan_free(&plans[i]);
        }
        free(texts);
        free(plans);
        return r;
}

int main(int argc, char **argv) {
        static const struct option options[] = {
                { "output-dir", required_argument, NULL, 'o' }, { "stdout", no_argument, NULL, 'S' },
                { "script-path", required_argument, NULL, 's' }, { "root", required_argument, NULL, 'r' },
                { "explain", no_argument, NULL, 'e' },         { "force", no_argument, NULL, 'f' },
                { "help", no_argument, NULL, 'h' },            { "version", no_argument, NULL, 'V' },
                {},
        };
        Options o = { .output_dir = "." };
        int opt;
        while ((opt = getopt_long(argc, argv, "o:s:r:efhV", options, NULL)) >= 0)
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
                        o.root = optarg;
                        break;
                case 'e':
                        o.explain = true;
                        break;
                case 'f':
                        o.force = true;
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
        if (optind >= argc) {
                fprintf(stderr, "sysv2unit: no script given. Try 'sysv2unit --help'.\n");
                return EXIT_USAGE;
        }
        if (o.script_path_dir && o.script_path_dir[0] != '/') {
                fprintf(stderr, "sysv2unit: --script-path must be absolute\n");
                return EXIT_USAGE;
        }
        if (!o.to_stdout) {
                struct stat st;
                if (stat(o.output_dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
                        fprintf(stderr, "sysv2unit: %s: not a directory\n", o.output_dir);
                        return EXIT_USAGE;
                }
        }
        int status = EXIT_OK;
        for (int i = optind; i < argc; i++)
                if (convert(&o, argv[i]) < 0)
                        status = EXIT_FAILED;
        if (fflush(stdout) != 0)
                status = EXIT_FAILED;
        return status;
}
