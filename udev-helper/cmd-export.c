/* SPDX-License-Identifier: MIT */
/* The udev entry point: read-only, no disk I/O, cost independent of the number of disks.
 * One direction: read the device → claim a name from its own bindings lines → load the
 * lines that bind that name → find the others (udev's tags and links) → check → print. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "claims.h"
#include "command.h"
#include "context.h"
#include "decide.h"
#include "disk-event.h"
#include "macro.h"
#include "naming.h"
#include "udev-string.h"
#include "report.h"
#include "strbuf.h"

/* What export prints, gathered and written with one write() at the end: stdio's stream
 * machinery (buffer set-up, which asks the kernel what stdout is, then its formatted
 * output and flush) is code every event would run for a few short lines. */
static StrBuf out;

/* udev must store each value byte for byte (UH_SERIAL equals ID_SERIAL): see udev_import_escape(). */
static void print_key(const char *key, const char *value) {
        _cleanup_free_ char *v = udev_import_escape(value, NULL);
        strbuf_puts(&out, key);
        strbuf_putc(&out, '=');
        strbuf_puts(&out, v ? v : "");
        strbuf_putc(&out, '\n');
}

/* Writes what was printed; 0, or -errno as fflush() would have failed. */
static int write_out(void) {
        int r = out.error;
        for (size_t done = 0; r == 0 && done < out.n;) {
                ssize_t k = write(STDOUT_FILENO, out.s + done, out.n - done);
                if (k < 0 && errno != EINTR)
                        r = -errno;
                else if (k > 0)
                        done += (size_t) k;
        }
        strbuf_free(&out);
        return r;
}

static int print_problem_only(Problem p) {
        print_key("UH_PROBLEM", problem_word(p));
        (void) write_out(); /* as before: the exit status does not depend on this write */
        return EXIT_OK;
}

/* Whether the first load already read every line a second one for claim would: claim is
 * the name a line binds to one of d's identities, or for a partition that name's partition
 * link (the first load searched for the name, and bindings_parse_for() finds its partition
 * links with it), a disk's claim is no partition link (whose stem a second load would also
 * search), and no line was damaged (a second load reports it again, as every event that
 * claims a name does).  Then the second load would parse the same lines: skipping it saves
 * reading and searching the file again, on every partition's event too. */
static bool first_pass_covers(const Context *c, const DiskInfo *d, const char *claim) {
        size_t stem = name_partition_link_stem(claim), len = stem && d->partition ? stem : strlen(claim);
        if (c->bindings.n_problems || (stem && !d->partition))
                return false;
        char iscsi[BINDING_ID_MAX + 1] = "";
        if (d->iscsi_target && disk_identity(d, true, iscsi, sizeof(iscsi)) < 0)
                iscsi[0] = '\0';
        for (size_t i = 0; i < c->bindings.n_lines; i++) {
                const BindingLine *l = &c->bindings.lines[i];
                if (!l->name || !l->id || strlen(l->name) != len || strncmp(l->name, claim, len) != 0)
                        continue;
                if ((d->has_serial && strcmp(l->id, d->serial.serial) == 0) || (iscsi[0] && strcmp(l->id, iscsi) == 0))
                        return true;
        }
        return false;
}

static int cmd_export(Context *c, int argc, char **argv) {
        if (argc != 1) {
                fprintf(stderr, "udev-helper export: expected exactly one DEVICE\n");
                return EXIT_USAGE;
        }
        /* A broken or missing configuration is never half-understood: export keeps the
         * names of the last configuration an admin command validated (context.h), and says
         * so on every event (UH_PROBLEM, journal); without such a copy it names nothing. */
        int r = context_load(c, LOAD_JOURNAL);
        bool fallback = false;
        if (r != EXIT_OK) {
                if (context_load_validated_config(c) < 0)
                        return print_problem_only(PROBLEM_CONFIG_ERROR);
                fallback = true;
                char msg[PATH_MAX + 128];
                snprintf(msg, sizeof(msg),
                         "names kept from the last validated configuration, %s" CONFIG_VALIDATED_SUFFIX
                         "; fix the file and run udev-helper check",
                         c->config_path);
                report_file_error(c->config_path, 0, msg, true);
        }

        /* sysfs and udev's files directly, not libudev: in the guest libudev's device objects
         * cost more than the rest of the event (bench/README.md). */
        _cleanup_(disk_info_done) DiskInfo d = {};
        DiskIds ids;
        r = disk_read_event(argv[0], &d, &ids);
        if (r == -ENODEV || r == -ENOENT || r == -ENOTBLK) {
                fprintf(stderr, "udev-helper: %s: no such block device: %s\n", argv[0], strerror(-r));
                return EXIT_PROBLEMS;
        }
        if (r < 0) {
                fprintf(stderr, "udev-helper: %s: cannot read device: %s\n", argv[0], strerror(-r));
                return EXIT_PROBLEMS;
        }

        /* Claim: from this disk's own lines (about its identities).  A damaged line costs only
         * the disk it is about, and decide_claim() reports it for that disk. */
        r = context_load_disk_bindings(c, &d, NULL, &c->bindings);
        if (r < 0)
                return print_problem_only(PROBLEM_BINDINGS_ERROR);
        _cleanup_(verdict_done) Verdict v = {};
        r = decide_claim(&d, &c->config, &c->bindings, NULL, &v);
        if (r < 0)
                return EXIT_PROBLEMS;

        /* The lines that matter for the check: every line that binds the claimed name or its
         * stem.  One about another disk (this disk's label, a partition link of it) is a
         * collision the first load could not see. */
        _cleanup_(bindings_done) Bindings claim_lines = {};
        const Bindings *lines = &c->bindings;
        if (v.claim && !first_pass_covers(c, &d, v.claim)) {
                r = context_load_disk_bindings(c, &d, v.claim, &claim_lines);
                if (r < 0)
                        return print_problem_only(PROBLEM_BINDINGS_ERROR);
                lines = &claim_lines;
        }

        /* The others: udev's tags and links say which device shares the serial or the name. */
        char other_serial[128] = "", other_name[128] = "";
        Others others = {};
        if (v.class && v.class->name_from == NAME_FROM_BINDING && v.class->identify_by == IDENTIFY_BY_SERIAL &&
            claims_find_other(&ids, &d, other_serial, sizeof(other_serial)) > 0)
                others.same_identity = other_serial;
        if (v.claim && claims_find_name(&ids, ids.device_sysname, v.claim, other_name, sizeof(other_name)) > 0)
                others.same_name = other_name;

        /* Check, then print. */
        r = decide_check(&d, lines, &others, &v);
        if (r < 0)
                return EXIT_PROBLEMS;

        if (d.multipath_member) {
                /* A path says only why it is not named: its serial is the map's. */
                Problem p = problem_first(v.problems);
                print_key("UH_PROBLEM", problem_word(p));
                print_key("UH_PROBLEM_DETAIL", v.detail[0] ? v.detail : problem_advice(p));
                return write_out() == 0 ? EXIT_OK : EXIT_PROBLEMS;
        }
        if (d.has_serial) {
                char tag[64];
                print_key("UH_SERIAL", d.serial.serial);
                claims_tag_for_serial(d.serial.serial, tag, sizeof(tag));
                print_key("UH_SERIAL_TAG", tag);
        }
        if (v.class)
                print_key("UH_CLASS", v.class->name);
        if (v.claim) {
                print_key("UH_CLAIM", v.claim);
                if (v.problems || !v.name) {
                        /* Refused, so no link says this device claims the name: the tag says
                         * so, for the device that holds it to find on its next event.  A
                         * named device's link is its claim (claims.h), and every udev tag is
                         * work for udevd on every event of every named disk. */
                        char tag[64];
                        claims_tag_for_name(v.claim, tag, sizeof(tag));
                        print_key("UH_CLAIM_TAG", tag);
                }
        }
        if (v.problems) {
                Problem p = problem_first(v.problems);
                print_key("UH_PROBLEM", problem_word(p));
                print_key("UH_PROBLEM_DETAIL", v.detail[0] ? v.detail : problem_advice(p));
                report_problems(&d, &v, true);
        } else if (v.name) {
                if (fallback) {
                        char detail[512];
                        snprintf(detail, sizeof(detail),
                                 "%s is broken or missing: this name is from %s" CONFIG_VALIDATED_SUFFIX
                                 ", the last validated configuration; fix it and run udev-helper check",
                                 c->config_path, c->config_path);
                        print_key("UH_PROBLEM", problem_word(PROBLEM_CONFIG_ERROR));
                        print_key("UH_PROBLEM_DETAIL", detail);
                }
                print_key("UH_NAME", v.name);
                if (v.class->owner)
                        print_key("UH_OWNER", v.class->owner);
                if (v.class->group)
                        print_key("UH_GROUP", v.class->group);
                if (v.class->has_mode) {
                        char mode[32];
                        snprintf(mode, sizeof(mode), "UH_MODE=%04o\n", (unsigned) v.class->mode);
                        strbuf_puts(&out, mode);
                }
        }
        return write_out() == 0 ? EXIT_OK : EXIT_PROBLEMS;
}

const Command command_export = {
        .name = "export",
        .run = cmd_export,
        .synopsis = "  export DEVICE             udev entry point: print UH_* KEY=VALUE lines (read-only)\n",
        .help = "Usage: udev-helper [-c FILE] [-b FILE] export DEVICE\n"
                "\n"
                "udev's entry point (IMPORT{program} in 66-udev-helper.rules): print UH_SERIAL,\n"
                "UH_SERIAL_TAG, UH_CLASS and either UH_NAME, UH_OWNER, UH_GROUP, UH_MODE or\n"
                "UH_PROBLEM and UH_PROBLEM_DETAIL as KEY=VALUE lines. Read-only: no writes, no I/O\n"
                "to the disk. DEVICE is sdb, /dev/sdb, a link to it or a sysfs path; a partition\n"
                "is evaluated with its disk. Exits 0 also when it reports a problem.\n",
};
