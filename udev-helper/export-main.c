/* SPDX-License-Identifier: MIT */
/* udev-helper-export: the program udev's rule runs on every disk event, installed beside
 * scsi_id in the udev directory.  The same code as `udev-helper export`, in a binary that
 * loads only what an event needs (libc: sysfs and udev's files are read directly, see
 * disk-sysfs.h): at boot udev starts it once per disk and partition, and loading the admin
 * commands' libraries cost more than the work. */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "bindings.h"
#include "config.h"
#include "command.h"
#include "context.h"

#if defined(__SANITIZE_ADDRESS__)
#define UH_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UH_SANITIZED 1
#endif
#endif
#ifndef UH_SANITIZED
#define UH_SANITIZED 0
#endif

int main(int argc, char **argv) {
        static const struct option options[] = {
                { "config", required_argument, NULL, 'c' },
                { "bindings", required_argument, NULL, 'b' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        Context c = { .config_path = CONFIG_DEFAULT_PATH, .bindings_path = BINDINGS_DEFAULT_PATH };
        int opt;

        /* The rule's call, `udev-helper-export $devnode`, has nothing for getopt to do: skip
         * it (under emulation every function an event runs for the first time costs). */
        if (argc == 2 && argv[1][0] != '-')
                optind = 1;
        else
                while ((opt = getopt_long(argc, argv, "c:b:h", options, NULL)) >= 0)
                        switch (opt) {
                        case 'c':
                                c.config_path = optarg;
                                break;
                        case 'b':
                                c.bindings_path = optarg;
                                break;
                        case 'h':
                                printf("Usage: udev-helper-export [--config FILE] [--bindings FILE] DEVICE\n"
                                       "\n"
                                       "udev's entry point (IMPORT{program}): print UH_* KEY=VALUE lines for DEVICE.\n"
                                       "Read-only; the same as `udev-helper export`. See udev-helper(8).\n");
                                return EXIT_OK;
                        default:
                                return EXIT_USAGE;
                        }
        int r = command_export.run(&c, argc - optind, argv + optind);
#if UH_SANITIZED
        /* LeakSanitizer checks at exit(): leave it everything to check. */
        context_done(&c);
        return r;
#else
        /* Export has written everything (stdout in one write, stderr unbuffered): freeing
         * the configuration and exit()'s walk over stdio streams and exit handlers would be
         * code an event runs only to end. */
        _exit(r);
#endif
}
