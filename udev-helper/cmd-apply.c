/* SPDX-License-Identifier: MIT */
/* apply: have udev look again at exactly the disks whose udev record differs from what
 * export gives now, and wait, bounded, until udev shows the new state.  Instead of
 * "udevadm trigger" for every block device, which re-runs every rule on every disk. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "command.h"
#include "context.h"
#include "disk-udev.h"
#include "macro.h"
#include "survey.h"
#include "udev-util.h"

/* Options (command_apply). */
static bool arg_dry_run;
static int arg_timeout_sec = -1; /* -1 for the default, 0 for no wait */

#define APPLY_TIMEOUT_DEFAULT_SEC 30
#define APPLY_POLL_NSEC (100 * 1000 * 1000)

/* One device whose udev record must change: the disk, or the partition a class names. */
typedef struct Target {
        const DiskInfo *disk;
        char *syspath;      /* the device whose record is compared */
        char *devnode;
        const char *want_name, *want_problem;
        char *old_name, *old_problem;
        bool triggered, settled;
} Target;

static void target_done(Target *t) {
        free(t->syspath);
        free(t->devnode);
        free(t->old_name);
        free(t->old_problem);
}

static bool same_str(const char *a, const char *b) {
        return strcmp(a ? a : "", b ? b : "") == 0;
}

/* udev's record of the device: a fresh udev_device reads the database, i.e. what the
 * last event left. */
static int read_record(struct udev *udev, const char *syspath, char **name, char **problem) {
        _cleanup_(udev_device_unrefp) struct udev_device *dev = udev_device_new_from_syspath(udev, syspath);
        if (!dev)
                return -ENODEV;
        const char *n = udev_device_get_property_value(dev, "UH_NAME");
        const char *p = udev_device_get_property_value(dev, "UH_PROBLEM");
        *name = n && *n ? strdup(n) : NULL;
        *problem = p && *p ? strdup(p) : NULL;
        if ((n && *n && !*name) || (p && *p && !*problem)) {
                free(*name);
                free(*problem);
                return -ENOMEM;
        }
        return 0;
}

static void describe(const char *name, const char *problem, char *buf, size_t size) {
        if (problem)
                snprintf(buf, size, "problem %s", problem);
        else
                snprintf(buf, size, "%s", name ? name : "(no name)");
}

/* The disk and its partitions: partitions follow the disk's name (NAME-partN, or the name
 * itself for a class with partition = N), and the kernel sends them no event of their own. */
static int trigger_disk(struct udev *udev, const DiskInfo *d) {
        int r = disk_trigger_change(d->syspath);
        if (r < 0)
                return r;
        _cleanup_(udev_device_unrefp) struct udev_device *dev = udev_device_new_from_syspath(udev, d->syspath);
        _cleanup_(udev_enumerate_unrefp) struct udev_enumerate *e = dev ? udev_enumerate_new(udev) : NULL;
        if (e && udev_enumerate_add_match_parent(e, dev) >= 0 && udev_enumerate_scan_devices(e) >= 0) {
                struct udev_list_entry *item;
                udev_list_entry_foreach(item, udev_enumerate_get_list_entry(e))
                        if (strcmp(udev_list_entry_get_name(item), d->syspath) != 0)
                                (void) disk_trigger_change(udev_list_entry_get_name(item));
        }
        return 0;
}

/* Partition N of the disk, or NULL. */
static struct udev_device *find_partition(struct udev *udev, const DiskInfo *d, unsigned n) {
        _cleanup_(udev_device_unrefp) struct udev_device *dev = udev_device_new_from_syspath(udev, d->syspath);
        _cleanup_(udev_enumerate_unrefp) struct udev_enumerate *e = dev ? udev_enumerate_new(udev) : NULL;
        if (!e || udev_enumerate_add_match_parent(e, dev) < 0 || udev_enumerate_scan_devices(e) < 0)
                return NULL;
        struct udev_list_entry *item;
        udev_list_entry_foreach(item, udev_enumerate_get_list_entry(e)) {
                struct udev_device *p = udev_device_new_from_syspath(udev, udev_list_entry_get_name(item));
                const char *t = p ? udev_device_get_devtype(p) : NULL;
                const char *num = p ? udev_device_get_sysattr_value(p, "partition") : NULL;
                if (t && strcmp(t, "partition") == 0 && num && strtoul(num, NULL, 10) == n)
                        return p;
                if (p)
                        udev_device_unref(p);
        }
        return NULL;
}

/* Adds a target when the device's record differs from what export gives it now. */
static int consider(struct udev *udev, const DiskInfo *d, const char *syspath, const char *devnode, const char *want_name,
                    const char *want_problem, Target **targets, size_t *n) {
        char *old_name, *old_problem;
        int r = read_record(udev, syspath, &old_name, &old_problem);
        if (r < 0)
                return r == -ENODEV ? 0 : r;
        if (same_str(old_name, want_name) && same_str(old_problem, want_problem)) {
                free(old_name);
                free(old_problem);
                return 0;
        }
        Target *grown = realloc(*targets, (*n + 1) * sizeof(Target));
        if (!grown) {
                free(old_name);
                free(old_problem);
                return -ENOMEM;
        }
        *targets = grown;
        Target *t = &grown[(*n)++];
        *t = (Target) { .disk = d, .want_name = want_name, .want_problem = want_problem, .old_name = old_name,
                        .old_problem = old_problem, .syspath = strdup(syspath), .devnode = strdup(devnode) };
        return t->syspath && t->devnode ? 0 : -ENOMEM;
}

static int find_targets(Context *c, const Survey *s, Target **targets, size_t *n) {
        for (size_t i = 0; i < s->n; i++) {
                const DiskInfo *d = &s->disks[i];
                const Verdict *v = &s->verdicts[i];
                /* A disk this command cannot open has no full view; export, which never
                 * opens it, keeps what it gave. */
                if (d->read_error) {
                        fprintf(stderr, "udev-helper: %s: cannot be read (%s): left as udev has it\n", disk_node(d),
                                strerror(-d->read_error));
                        continue;
                }
                const char *want_problem = v->problems ? problem_word(problem_first(v->problems)) : NULL;
                int r = consider(s->udev, d, disk_device_syspath(d), disk_node(d), v->problems ? NULL : v->name,
                                 want_problem, targets, n);
                if (r < 0)
                        return r;
                if (!v->class || !v->class->partition || !v->binding)
                        continue;
                _cleanup_(udev_device_unrefp) struct udev_device *part = find_partition(s->udev, d, v->class->partition);
                if (!part)
                        continue;
                const char *devnode = udev_device_get_devnode(part);
                r = consider(s->udev, d, udev_device_get_syspath(part), devnode ? devnode : d->devnode,
                             verdict_shown_name(v), want_problem, targets, n);
                if (r < 0)
                        return r;
        }
        return 0;
}

static double now_sec(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Polls udev's records until every triggered target shows what it should, or timeout. */
static void wait_settled(struct udev *udev, Target *t, size_t n, int timeout_sec) {
        double deadline = now_sec() + timeout_sec;
        for (;;) {
                bool all = true;
                for (size_t i = 0; i < n; i++) {
                        if (!t[i].triggered || t[i].settled)
                                continue;
                        char *name, *problem;
                        if (read_record(udev, t[i].syspath, &name, &problem) == 0) {
                                t[i].settled = same_str(name, t[i].want_name) && same_str(problem, t[i].want_problem);
                                free(name);
                                free(problem);
                        }
                        all = all && t[i].settled;
                }
                if (all || now_sec() >= deadline)
                        return;
                nanosleep(&(struct timespec) { .tv_nsec = APPLY_POLL_NSEC }, NULL);
        }
}

static int cmd_apply(Context *c, int argc, char **argv) {
        (void) argv;
        if (argc != 0) {
                fprintf(stderr, "udev-helper apply: takes no arguments\n");
                return EXIT_USAGE;
        }
        int timeout = arg_timeout_sec >= 0 ? arg_timeout_sec : APPLY_TIMEOUT_DEFAULT_SEC;
        int r = context_load(c, LOAD_BINDINGS);
        if (r != EXIT_OK)
                return r;
        _cleanup_(survey_done) Survey s = {};
        r = survey_run(c, &s);
        if (r < 0) {
                fprintf(stderr, "udev-helper: cannot list disks: %s\n", strerror(-r));
                return EXIT_PROBLEMS;
        }
        Target *t = NULL;
        size_t n = 0;
        r = find_targets(c, &s, &t, &n);
        if (r < 0) {
                fprintf(stderr, "udev-helper: cannot read udev's records: %s\n", strerror(-r));
                goto finish;
        }

        bool failed = false;
        char old[256], want[256];
        for (size_t i = 0; i < n; i++) {
                describe(t[i].old_name, t[i].old_problem, old, sizeof(old));
                describe(t[i].want_name, t[i].want_problem, want, sizeof(want));
                if (arg_dry_run) {
                        printf("%s: %s -> %s (would re-trigger %s)\n", t[i].devnode, old, want, t[i].disk->devnode);
                        continue;
                }
                /* A disk with two targets (its partition too) is triggered once. */
                bool done = false;
                for (size_t j = 0; j < i && !done; j++)
                        done = t[j].disk == t[i].disk && t[j].triggered;
                r = done ? 0 : trigger_disk(s.udev, t[i].disk);
                if (r < 0) {
                        fprintf(stderr, "udev-helper: %s: cannot trigger: %s\n", t[i].disk->devnode, strerror(-r));
                        failed = true;
                        continue;
                }
                t[i].triggered = true;
        }
        if (arg_dry_run) {
                if (!c->quiet)
                        printf("%zu device%s would change; nothing triggered (--dry-run)\n", n, n == 1 ? "" : "s");
                r = 0;
                goto finish;
        }
        if (timeout > 0)
                wait_settled(s.udev, t, n, timeout);
        size_t n_settled = 0, n_waiting = 0;
        for (size_t i = 0; i < n; i++) {
                if (!t[i].triggered)
                        continue;
                describe(t[i].old_name, t[i].old_problem, old, sizeof(old));
                describe(t[i].want_name, t[i].want_problem, want, sizeof(want));
                if (timeout == 0) {
                        printf("%s: %s -> %s (triggered, not waited for)\n", t[i].devnode, old, want);
                        continue;
                }
                if (t[i].settled) {
                        printf("%s: %s -> %s\n", t[i].devnode, old, want);
                        n_settled++;
                        continue;
                }
                char *name = NULL, *problem = NULL;
                char now[256] = "(unknown)";
                if (read_record(s.udev, t[i].syspath, &name, &problem) == 0)
                        describe(name, problem, now, sizeof(now));
                free(name);
                free(problem);
                fprintf(stderr, "udev-helper: %s: did not settle within %d s: udev shows %s, expected %s\n",
                        t[i].devnode, timeout, now, want);
                n_waiting++;
                failed = true;
        }
        if (!c->quiet) {
                if (timeout == 0)
                        printf("%zu device%s triggered\n", n, n == 1 ? "" : "s");
                else
                        printf("%zu device%s changed, %zu did not settle\n", n_settled, n_settled == 1 ? "" : "s",
                               n_waiting);
        }
        r = failed ? -EAGAIN : 0;
finish:
        for (size_t i = 0; i < n; i++)
                target_done(&t[i]);
        free(t);
        if (fflush(stdout) != 0)
                return EXIT_PROBLEMS;
        return r < 0 ? EXIT_PROBLEMS : EXIT_OK;
}

/* --timeout: whole seconds, at most an hour. */
static int parse_apply_option(int opt, const char *arg) {
        switch (opt) {
        case ARG_DRY_RUN:
                arg_dry_run = true;
                return 0;
        case ARG_TIMEOUT: {
                char *end;
                errno = 0;
                long v = strtol(arg, &end, 10);
                if (errno || end == arg || *end || v < 0 || v > 3600) {
                        fprintf(stderr, "udev-helper: --timeout '%s': expected seconds, 0 to 3600\n", arg);
                        return -EINVAL;
                }
                arg_timeout_sec = (int) v;
                return 0;
        }
        }
        return -EINVAL;
}

const Command command_apply = {
        .name = "apply",
        .run = cmd_apply,
        .synopsis = "  apply [--dry-run] [--timeout S]\n"
                    "                            re-trigger the disks whose names change, wait until\n"
                    "                            udev shows them (default 30 s)\n",
        .help = "Usage: udev-helper [-c FILE] [-b FILE] apply [--dry-run] [--timeout SECONDS]\n"
                "\n"
                "Compare udev's record of every disk (UH_NAME, UH_PROBLEM) with what export gives\n"
                "now, send 'change' to exactly the disks that differ (and their partitions), wait\n"
                "until udev shows the new state and report each change. Exits 1 when a disk did\n"
                "not settle in time.\n"
                "\n"
                "     --dry-run              print what would change, trigger nothing\n"
                "     --timeout SECONDS      how long to wait (default 30; 0: do not wait)\n",
        .options_help = "     --timeout SECONDS      apply: how long to wait for udev (0: do not wait)\n",
        .options = (const struct option[]) {
                { "dry-run", no_argument, NULL, ARG_DRY_RUN },
                { "timeout", required_argument, NULL, ARG_TIMEOUT },
                {},
        },
        .parse_option = parse_apply_option,
};
