/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bindings.h"
#include "config.h"
#include "context.h"

#ifndef PROJECT_VERSION
#define PROJECT_VERSION "0"
#endif

static void help(void) {
        printf("Usage: udev-helper [OPTIONS] COMMAND [ARGS]\n"
               "\n"
               "Stable, owned /dev names for shared SCSI disks (Oracle ASM, GFS2), from their\n"
               "SCSI identity, refusing every disk it cannot name safely.\n"
               "\n"
               "Commands:\n"
               "  export DEVICE             udev entry point: print UH_* KEY=VALUE lines (read-only)\n"
               "  scan [--json]             list SCSI disks with serial, class, name and problems\n"
               "  check                     exit 1 if any disk, class or binding has a problem\n"
               "  bind [DEVICE...]          bind disks to names (all unbound disks of a class\n"
               "                            when no DEVICE is given)\n"
               "  unbind NAME               remove a binding\n"
               "  rules                     print static udev rules equivalent to the bindings\n"
               "  list                      the names this host gives, one per line\n"
               "  query NAME|DEVICE         which disk carries a name (or what a device gets)\n"
               "  apply [--dry-run] [--timeout S]\n"
               "                            re-trigger the disks whose names change, wait until\n"
               "                            udev shows them (default 30 s)\n"
               "\n"
               "Options:\n"
               "  -c --config FILE          configuration (default " CONFIG_DEFAULT_PATH ")\n"
               "  -b --bindings FILE        bindings (default " BINDINGS_DEFAULT_PATH ")\n"
               "  -C --class CLASS          bind: only this class\n"
               "  -n --name NAME            bind: use this name for the one DEVICE\n"
               "  -f --force                bind: bind a disk even though it holds data\n"
               "  -j --json                 scan: JSON output\n"
               "  -o --output COLUMNS       scan: columns, comma-separated (-o help lists them)\n"
               "     --noheadings           scan: no header line\n"
               "     --dry-run              bind, apply: say what would be done, change nothing\n"
               "     --timeout SECONDS      apply: how long to wait for udev (0: do not wait)\n"
               "  -q --quiet                fewer messages\n"
               "  -r --retrigger            check: re-send 'change' for disks where udev's view\n"
               "                            differs from the full comparison (after coldplug)\n"
               "  -h --help                 this text\n"
               "  -V --version              version\n"
               "\n"
               "Exit status: 0 success; 1 a disk has a problem or was refused; 2 usage error;\n"
               "3 the configuration or bindings file cannot be read or is invalid.\n"
               "See udev-helper(8) and udev-helper.conf(5).\n");
}

static const struct {
        const char *name;
        int (*run)(Context *c, int argc, char **argv);
} commands[] = {
        { "export", cmd_export }, { "scan", cmd_scan },     { "check", cmd_check },
        { "bind", cmd_bind },     { "unbind", cmd_unbind }, { "rules", cmd_rules },
        { "list", cmd_list },     { "query", cmd_query },   { "apply", cmd_apply },
};

enum { ARG_NOHEADINGS = 0x100, ARG_DRY_RUN, ARG_TIMEOUT };

/* apply --timeout: whole seconds, at most an hour. */
static int parse_timeout(const char *s) {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (errno || end == s || *end || v < 0 || v > 3600)
                return -EINVAL;
        return (int) v;
}

int main(int argc, char **argv) {
        static const struct option options[] = {
                { "config", required_argument, NULL, 'c' }, { "bindings", required_argument, NULL, 'b' },
                { "class", required_argument, NULL, 'C' },  { "name", required_argument, NULL, 'n' },
                { "force", no_argument, NULL, 'f' },        { "json", no_argument, NULL, 'j' },
                { "quiet", no_argument, NULL, 'q' },        { "retrigger", no_argument, NULL, 'r' },
                { "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, 'V' },
                { "output", required_argument, NULL, 'o' }, { "noheadings", no_argument, NULL, ARG_NOHEADINGS },
                { "dry-run", no_argument, NULL, ARG_DRY_RUN }, { "timeout", required_argument, NULL, ARG_TIMEOUT },
                {},
        };
        Context c = { .config_path = CONFIG_DEFAULT_PATH, .bindings_path = BINDINGS_DEFAULT_PATH, .timeout_sec = -1 };
        int opt;

        while ((opt = getopt_long(argc, argv, "c:b:C:n:fjqrhVo:", options, NULL)) >= 0)
                switch (opt) {
                case 'c':
                        c.config_path = optarg;
                        break;
                case 'b':
                        c.bindings_path = optarg;
                        break;
                case 'C':
                        c.class_name = optarg;
                        break;
                case 'n':
                        c.name = optarg;
                        break;
                case 'f':
                        c.force = true;
                        break;
                case 'j':
                        c.json = true;
                        break;
                case 'q':
                        c.quiet = true;
                        break;
                case 'r':
                        c.retrigger = true;
                        break;
                case 'o':
                        c.columns = optarg;
                        break;
                case ARG_NOHEADINGS:
                        c.noheadings = true;
                        break;
                case ARG_DRY_RUN:
                        c.dry_run = true;
                        break;
                case ARG_TIMEOUT:
                        c.timeout_sec = parse_timeout(optarg);
                        if (c.timeout_sec < 0) {
                                fprintf(stderr, "udev-helper: --timeout '%s': expected seconds, 0 to 3600\n", optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case 'h':
                        help();
                        return EXIT_OK;
                case 'V':
                        printf("udev-helper %s\n", PROJECT_VERSION);
                        return EXIT_OK;
                default:
                        fprintf(stderr, "Try 'udev-helper --help'.\n");
                        return EXIT_USAGE;
                }
        if (optind >= argc) {
                fprintf(stderr, "udev-helper: no command given. Try 'udev-helper --help'.\n");
                return EXIT_USAGE;
        }
        const char *command = argv[optind];
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
                if (strcmp(commands[i].name, command) != 0)
                        continue;
                c.udev = udev_new();
                if (!c.udev) {
                        fprintf(stderr, "udev-helper: cannot initialise libudev\n");
                        return EXIT_PROBLEMS;
                }
                int r = commands[i].run(&c, argc - optind - 1, argv + optind + 1);
                context_done(&c);
                return r;
        }
        fprintf(stderr, "udev-helper: unknown command '%s'. Try 'udev-helper --help'.\n", command);
        return EXIT_USAGE;
}
