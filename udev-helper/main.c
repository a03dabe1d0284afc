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
               "  check [--retrigger]       exit 1 if any disk, class or binding has a problem\n"
               "  bind [--class CLASS] [--name NAME] [--force] [DEVICE...]\n"
               "                            bind disks to names (all unbound disks of a class\n"
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
               "  -o --output COLUMNS       scan: columns, comma-separated (an unknown one lists all)\n"
               "     --noheadings           scan: no header line\n"
               "     --dry-run              bind, apply: say what would be done, change nothing\n"
               "     --timeout SECONDS      apply: how long to wait for udev (0: do not wait)\n"
               "  -q --quiet                fewer messages\n"
               "  -r --retrigger            check: re-send 'change' for disks where udev's view\n"
               "                            differs from the full comparison (after coldplug)\n"
               "  -h --help                 this text; COMMAND --help: that command's help\n"
               "  -V --version              version\n"
               "\n"
               "Exit status: 0 success; 1 a disk has a problem or was refused; 2 usage error;\n"
               "3 the configuration or bindings file cannot be read or is invalid.\n"
               "See udev-helper(8) and udev-helper.conf(5).\n");
}

/* Per-command help: `udev-helper COMMAND --help`. Options that apply to every command
 * (-c, -b, -q) are listed once, in help(). */
static const struct {
        const char *name;
        int (*run)(Context *c, int argc, char **argv);
        const char *help;
} commands[] = {
        { "export", cmd_export,
          "Usage: udev-helper [-c FILE] [-b FILE] export DEVICE\n"
          "\n"
          "udev's entry point (IMPORT{program} in 66-udev-helper.rules): print UH_SERIAL,\n"
          "UH_SERIAL_TAG, UH_CLASS and either UH_NAME, UH_OWNER, UH_GROUP, UH_MODE or\n"
          "UH_PROBLEM and UH_PROBLEM_DETAIL as KEY=VALUE lines. Read-only: no writes, no I/O\n"
          "to the disk. DEVICE is sdb, /dev/sdb, a link to it or a sysfs path; a partition\n"
          "is evaluated with its disk. Exits 0 also when it reports a problem.\n" },
        { "scan", cmd_scan,
          "Usage: udev-helper [-c FILE] [-b FILE] scan [--json | -o COLUMNS] [--noheadings]\n"
          "\n"
          "List every SCSI disk: device, H:C:T:L, size, vendor, model, serial (or iSCSI\n"
          "identity), class, name, filesystem type, label, in-use state and problems.\n"
          "\n"
          "  -j --json                 JSON output (with \"version\")\n"
          "  -o --output COLUMNS       table columns, comma-separated, e.g. DEVICE,NAME,IN-USE;\n"
          "                            +LIST adds to the default (an unknown one lists all)\n"
          "     --noheadings           no header line\n" },
        { "check", cmd_check,
          "Usage: udev-helper [-c FILE] [-b FILE] check [--retrigger]\n"
          "\n"
          "Compare all disks and print only problems and warnings (a bound disk that is\n"
          "absent, a class whose owner or group does not exist). Exits 1 if there is a\n"
          "problem.\n"
          "\n"
          "  -r --retrigger            re-send 'change' for disks (and their partitions)\n"
          "                            where udev's record differs from the full comparison:\n"
          "                            two disks with one serial seen at once at boot\n"
          "                            (udev-helper-recheck.service runs this)\n" },
        { "bind", cmd_bind,
          "Usage: udev-helper [-c FILE] [-b FILE] bind [--class CLASS] [--name NAME] [--force] [--dry-run] [DEVICE...]\n"
          "\n"
          "Bind the given disks, or every unbound disk (of CLASS) when no DEVICE is given, to\n"
          "the lowest free names of their class's pattern, in SCSI address order. Disks with\n"
          "a problem are refused. The bindings file is rewritten atomically under a lock.\n"
          "Then have udev apply it: udev-helper apply\n"
          "\n"
          "  -C --class CLASS          only disks of this class\n"
          "  -n --name NAME            use this name for the one DEVICE\n"
          "  -f --force                bind a disk even though it holds data\n"
          "     --dry-run              say what would be bound, write nothing (no lock file)\n" },
        { "unbind", cmd_unbind,
          "Usage: udev-helper [-c FILE] [-b FILE] unbind NAME\n"
          "\n"
          "Remove the binding of NAME (same locking as bind).\n" },
        { "rules", cmd_rules,
          "Usage: udev-helper [-c FILE] [-b FILE] rules\n"
          "\n"
          "Print static udev rules equivalent to the bindings (keyed on ENV{ID_SERIAL}), for\n"
          "sites that want no helper at event time. iSCSI and label classes are left as\n"
          "comments.\n" },
        { "list", cmd_list,
          "Usage: udev-helper [-c FILE] [-b FILE] list\n"
          "\n"
          "Print the names this host gives (what export gives each disk), one per line,\n"
          "sorted; like oracleasm listdisks.\n" },
        { "query", cmd_query,
          "Usage: udev-helper [-c FILE] [-b FILE] query NAME|DEVICE\n"
          "\n"
          "Which disk carries NAME (with or without /dev/), or which name DEVICE gets: its\n"
          "device, serial, class, owner, group, mode, in-use state, problems and paths (a\n"
          "multipath map's paths). Exits 1 when the name is unknown or the disk has a problem.\n" },
        { "apply", cmd_apply,
          "Usage: udev-helper [-c FILE] [-b FILE] apply [--dry-run] [--timeout SECONDS]\n"
          "\n"
          "Compare udev's record of every disk (UH_NAME, UH_PROBLEM) with what export gives\n"
          "now, send 'change' to exactly the disks that differ (and their partitions), wait\n"
          "until udev shows the new state and report each change. Exits 1 when a disk did\n"
          "not settle in time.\n"
          "\n"
          "     --dry-run              print what would change, trigger nothing\n"
          "     --timeout SECONDS      how long to wait (default 30; 0: do not wait)\n" },
};

static int command_help(const char *name) {
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                if (strcmp(commands[i].name, name) == 0) {
                        fputs(commands[i].help, stdout);
                        printf("\n"
                               "  -c --config FILE          configuration (default " CONFIG_DEFAULT_PATH ")\n"
                               "  -b --bindings FILE        bindings (default " BINDINGS_DEFAULT_PATH ")\n"
                               "  -q --quiet                fewer messages\n"
                               "\n"
                               "See udev-helper(8).\n");
                        return EXIT_OK;
                }
        fprintf(stderr, "udev-helper: unknown command '%s'. Try 'udev-helper --help'.\n", name);
        return EXIT_USAGE;
}

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

/* Options that belong to some commands are usage errors with the others, rather than
 * silently ignored (a --dry-run that does not apply must not look like one). */
static int check_command_options(const Context *c, const char *command) {
        const struct {
                bool given;
                const char *option, *commands;
        } only[] = {
                { c->columns, "--output", " scan " },
                { c->noheadings, "--noheadings", " scan " },
                { c->dry_run, "--dry-run", " bind apply " },
                { c->timeout_sec >= 0, "--timeout", " apply " },
        };
        char word[64];
        snprintf(word, sizeof(word), " %s ", command);
        for (size_t i = 0; i < sizeof(only) / sizeof(only[0]); i++)
                if (only[i].given && !strstr(only[i].commands, word)) {
                        fprintf(stderr, "udev-helper %s: %s applies only to%.*s\n", command, only[i].option,
                                (int) strlen(only[i].commands) - 1, only[i].commands);
                        return -EINVAL;
                }
        return 0;
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
        bool want_help = false;
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
                        want_help = true;
                        break;
                case 'V':
                        printf("udev-helper %s\n", PROJECT_VERSION);
                        return EXIT_OK;
                default:
                        fprintf(stderr, "Try 'udev-helper --help'.\n");
                        return EXIT_USAGE;
                }
        /* getopt permutes, so `udev-helper scan --help` arrives here with "scan" left. */
        if (want_help) {
                if (optind >= argc) {
                        help();
                        return EXIT_OK;
                }
                return command_help(argv[optind]);
        }
        if (c.json && !HAVE_JSON_C) {
                fprintf(stderr, "udev-helper: --json: built without JSON support (json-c)\n");
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
                if (check_command_options(&c, command) < 0)
                        return EXIT_USAGE;
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
