/* SPDX-License-Identifier: MIT */
/* The udev entry point: read-only, no disk I/O, cost independent of the number of disks. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "claims.h"
#include "context.h"
#include "decide.h"
#include "disk.h"
#include "macro.h"
#include "udev-string.h"
#include "udev-util.h"
#include "report.h"

/* udev must store each value byte for byte (UH_SERIAL equals ID_SERIAL): see udev_import_escape(). */
static void print_key(const char *key, const char *value) {
        _cleanup_free_ char *v = udev_import_escape(value, NULL);
        printf("%s=%s\n", key, v ? v : "");
}

static int print_problem_only(Problem p) {
        print_key("UH_PROBLEM", problem_word(p));
        return EXIT_OK;
}

int cmd_export(Context *c, int argc, char **argv) {
        if (argc != 1) {
                fprintf(stderr, "udev-helper export: expected exactly one DEVICE\n");
                return EXIT_USAGE;
        }
        ParseError err;
        int r = context_load_config(c, &err);
        if (r < 0) {
                /* A broken configuration names nothing: a half-understood file could hand a
                 * disk to the wrong owner. */
                context_report_load_error(c->config_path, r, &err, true);
                return print_problem_only(PROBLEM_CONFIG_ERROR);
        }
        r = context_load_bindings(c, &err);
        if (r < 0) {
                context_report_load_error(c->bindings_path, r, &err, true);
                return print_problem_only(PROBLEM_BINDINGS_ERROR);
        }

        _cleanup_(udev_device_unrefp) struct udev_device *dev = NULL;
        r = disk_device_from_arg(c->udev, argv[0], &dev);
        if (r < 0) {
                fprintf(stderr, "udev-helper: %s: no such block device: %s\n", argv[0], strerror(-r));
                return EXIT_PROBLEMS;
        }
        DiskInfo d;
        r = disk_read(dev, DISK_READ_EVENT, &d);
        if (r < 0) {
                fprintf(stderr, "udev-helper: %s: cannot read device: %s\n", argv[0], strerror(-r));
                return EXIT_PROBLEMS;
        }

        Verdict v;
        r = decide(&d, &c->config, &c->bindings, NULL, &v);
        char other[128] = "";
        if (r >= 0 && v.class && v.class->name_from == NAME_FROM_BINDING && v.class->identify_by == IDENTIFY_BY_SERIAL &&
            claims_find_other(c->udev, &d, other, sizeof(other)) > 0) {
                verdict_free(&v);
                r = decide(&d, &c->config, &c->bindings, other, &v);
        }
        if (r < 0) {
                disk_info_free(&d);
                return EXIT_PROBLEMS;
        }

        if (d.has_serial) {
                char tag[64];
                print_key("UH_SERIAL", d.serial.serial);
                claims_tag_for_serial(d.serial.serial, tag, sizeof(tag));
                print_key("UH_SERIAL_TAG", tag);
        }
        if (v.class)
                print_key("UH_CLASS", v.class->name);
        if (v.problems) {
                Problem p = problem_first(v.problems);
                print_key("UH_PROBLEM", problem_word(p));
                print_key("UH_PROBLEM_DETAIL", v.detail[0] ? v.detail : problem_advice(p));
                report_problems(&d, &v, true);
        } else if (v.name) {
                print_key("UH_NAME", v.name);
                if (v.class->owner)
                        print_key("UH_OWNER", v.class->owner);
                if (v.class->group)
                        print_key("UH_GROUP", v.class->group);
                if (v.class->has_mode)
                        printf("UH_MODE=%04o\n", (unsigned) v.class->mode);
        }
        verdict_free(&v);
        disk_info_free(&d);
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_PROBLEMS;
}
