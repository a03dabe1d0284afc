/* SPDX-License-Identifier: MIT */
/* udev-helper, the admin tool: parses the options every command shares, finds the command
 * in the table below and hands it the rest.  Commands, their options and their help live in
 * the cmd-*.c files (command.h); nothing here knows what a command does. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bindings.h"
#include "command.h"
#include "config.h"
#include "macro.h"

#ifndef PROJECT_VERSION
#define PROJECT_VERSION "0"
#endif

/* In the order --help lists them. */
static const Command *const commands[] = {
        &command_export, &command_scan,  &command_check, &command_bind,  &command_unbind,
        &command_rules,  &command_list,  &command_query, &command_apply,
};

static const struct option common_options[] = {
        { "config", required_argument, NULL, 'c' }, { "bindings", required_argument, NULL, 'b' },
        { "quiet", no_argument, NULL, 'q' },        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
};

static void help(void) {
        printf("Usage: udev-helper [OPTIONS] COMMAND [ARGS]\n"
               "\n"
               "Stable, owned /dev names for shared SCSI disks (Oracle ASM, GFS2), from their\n"
               "SCSI identity, refusing every disk it cannot name safely.\n"
               "\n"
               "Commands:\n");
        for (size_t i = 0; i < ELEMENTSOF(commands); i++)
                fputs(commands[i]->synopsis, stdout);
        printf("\n"
               "Options:\n"
               "  -c --config FILE          configuration (default " CONFIG_DEFAULT_PATH ")\n"
               "  -b --bindings FILE        bindings (default " BINDINGS_DEFAULT_PATH ")\n");
        for (size_t i = 0; i < ELEMENTSOF(commands); i++)
                if (commands[i]->options_help)
                        fputs(commands[i]->options_help, stdout);
        printf("  -q --quiet                fewer messages\n"
               "  -h --help                 this text; COMMAND --help: that command's help\n"
               "  -V --version              version\n"
               "\n"
               "Exit status: 0 success; 1 a disk has a problem or was refused; 2 usage error;\n"
               "3 the configuration or bindings file cannot be read or is invalid.\n"
               "See udev-helper(8) and udev-helper.conf(5).\n");
}

static const Command *find_command(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(commands); i++)
                if (strcmp(commands[i]->name, name) == 0)
                        return commands[i];
        return NULL;
}

static int command_help(const char *name) {
        const Command *cmd = find_command(name);
        if (!cmd) {
                fprintf(stderr, "udev-helper: unknown command '%s'. Try 'udev-helper --help'.\n", name);
                return EXIT_USAGE;
        }
        fputs(cmd->help, stdout);
        printf("\n"
               "  -c --config FILE          configuration (default " CONFIG_DEFAULT_PATH ")\n"
               "  -b --bindings FILE        bindings (default " BINDINGS_DEFAULT_PATH ")\n"
               "  -q --quiet                fewer messages\n"
               "\n"
               "See udev-helper(8).\n");
        return EXIT_OK;
}

static const struct option *find_option(const struct option *options, int val) {
        for (const struct option *o = options; o && o->name; o++)
                if (o->val == val)
                        return o;
        return NULL;
}

/* getopt_long() needs every option at once, and the command may come after its options
 * (getopt permutes): one table of the common options and every command's, and the short
 * option string for it. */
static int all_options(struct option **ret, char **ret_short) {
        size_t n = ELEMENTSOF(common_options);
        for (size_t i = 0; i < ELEMENTSOF(commands); i++)
                for (const struct option *o = commands[i]->options; o && o->name; o++)
                        n++;
        _cleanup_free_ struct option *all = calloc(n + 1, sizeof(struct option));
        _cleanup_free_ char *shorts = calloc(2 * n + 1, 1);
        if (!all || !shorts)
                return -ENOMEM;
        size_t k = 0, s = 0;
        for (size_t i = 0; i <= ELEMENTSOF(commands); i++) {
                const struct option *o = i == 0 ? common_options : commands[i - 1]->options;
                size_t end = i == 0 ? ELEMENTSOF(common_options) : SIZE_MAX;
                for (size_t j = 0; j < end && o && o[j].name; j++) {
                        if (find_option(all, o[j].val))
                                continue; /* --dry-run: one option, several commands */
                        all[k++] = o[j];
                        if (o[j].val < 0x100) {
                                shorts[s++] = (char) o[j].val;
                                if (o[j].has_arg == required_argument)
                                        shorts[s++] = ':';
                        }
                }
        }
        *ret = TAKE_PTR(all);
        *ret_short = TAKE_PTR(shorts);
        return 0;
}

/* An option of another command is a usage error, rather than silently ignored (a --dry-run
 * that does not apply must not look like one). */
static void wrong_command(const Command *cmd, const struct option *o) {
        fprintf(stderr, "udev-helper %s: --%s applies only to", cmd->name, o->name);
        for (size_t i = 0; i < ELEMENTSOF(commands); i++)
                if (find_option(commands[i]->options, o->val))
                        fprintf(stderr, " %s", commands[i]->name);
        fputc('\n', stderr);
}

int main(int argc, char **argv) {
        _cleanup_free_ struct option *options = NULL;
        _cleanup_free_ char *short_options = NULL;
        /* The command's options, kept until the command is known. */
        _cleanup_free_ struct { int opt; const char *arg; } *given = calloc((size_t) argc + 1, sizeof(*given));
        size_t n_given = 0;
        Context c = { .config_path = CONFIG_DEFAULT_PATH, .bindings_path = BINDINGS_DEFAULT_PATH };
        bool want_help = false;
        int opt;

        if (!given || all_options(&options, &short_options) < 0) {
                fprintf(stderr, "udev-helper: out of memory\n");
                return EXIT_PROBLEMS;
        }
        while ((opt = getopt_long(argc, argv, short_options, options, NULL)) >= 0)
                switch (opt) {
                case 'c':
                        c.config_path = optarg;
                        break;
                case 'b':
                        c.bindings_path = optarg;
                        break;
                case 'q':
                        c.quiet = true;
                        break;
                case 'h':
                        want_help = true;
                        break;
                case 'V':
                        printf("udev-helper %s\n", PROJECT_VERSION);
                        return EXIT_OK;
                case '?':
                        fprintf(stderr, "Try 'udev-helper --help'.\n");
                        return EXIT_USAGE;
                default:
                        given[n_given].opt = opt;
                        given[n_given++].arg = optarg;
                }
        /* getopt permutes, so `udev-helper scan --help` arrives here with "scan" left. */
        if (want_help) {
                if (optind >= argc) {
                        help();
                        return EXIT_OK;
                }
                return command_help(argv[optind]);
        }
        if (optind >= argc) {
                fprintf(stderr, "udev-helper: no command given. Try 'udev-helper --help'.\n");
                return EXIT_USAGE;
        }
        const Command *cmd = find_command(argv[optind]);
        if (!cmd) {
                fprintf(stderr, "udev-helper: unknown command '%s'. Try 'udev-helper --help'.\n", argv[optind]);
                return EXIT_USAGE;
        }
        for (size_t i = 0; i < n_given; i++) {
                if (!find_option(cmd->options, given[i].opt)) {
                        wrong_command(cmd, find_option(options, given[i].opt));
                        return EXIT_USAGE;
                }
                if (cmd->parse_option(given[i].opt, given[i].arg) < 0)
                        return EXIT_USAGE;
        }
        int r = cmd->run(&c, argc - optind - 1, argv + optind + 1);
        context_done(&c);
        return r;
}
