/* SPDX-License-Identifier: MIT */
/* apply: have udev look again at exactly the devices whose udev record differs from what
 * udev's rules give them now (export's answer, or with static rules only what those give),
 * and wait, bounded, until udev shows the new state.  Instead of "udevadm trigger" for
 * every block device, which re-runs every rule on every disk. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "command.h"
#include "accounts.h"
#include "context.h"
#include "disk-probe.h"
#include "disk-udev.h"
#include "macro.h"
#include "static-rules.h"
#include "survey.h"
#include "udev-util.h"

/* Options (command_apply). */
static bool arg_dry_run;
static int arg_timeout_sec = -1; /* -1 for the default, 0 for no wait */

#define APPLY_TIMEOUT_DEFAULT_SEC 30
#define APPLY_POLL_NSEC (100 * 1000 * 1000)

/* One device whose udev record must change, or (static rules) a name only the helper
 * gives it. */
typedef struct Target {
        char *syspath; /* the device whose record is compared */
        char *devnode;
        char *trigger_syspath, *trigger_devnode; /* what gets "change" (a disk: with its partitions) */
        char *want_name, *want_problem;          /* what udev's rules give it now */
        char *helper_name;                       /* static rules: the name only the helper gives */
        const char *helper_class;
        char *old_name, *old_problem;
        bool triggered, settled;
} Target;

static void target_done(Target *t) {
        free(t->syspath);
        free(t->devnode);
        free(t->trigger_syspath);
        free(t->trigger_devnode);
        free(t->want_name);
        free(t->want_problem);
        free(t->helper_name);
        free(t->old_name);
        free(t->old_problem);
}

/* What apply compares: every target, and every device already compared (sorted once the
 * survey's devices are in), so that the sweep over udev's records takes each device once. */
typedef struct Plan {
        Context *c;
        const Survey *s;
        bool helper_runs; /* false: static rules only (README step 6) */
        Target *t;
        size_t n;
        char **seen;
        size_t n_seen;
        bool seen_sorted;
} Plan;

static void plan_done(Plan *p) {
        for (size_t i = 0; i < p->n; i++)
                target_done(&p->t[i]);
        free(p->t);
        for (size_t i = 0; i < p->n_seen; i++)
                free(p->seen[i]);
        free(p->seen);
}

static bool same_str(const char *a, const char *b) {
        return strcmp(a ? a : "", b ? b : "") == 0;
}

static int cmp_strp(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

static bool seen(const Plan *p, const char *syspath) {
        if (p->seen_sorted)
                return bsearch(&syspath, p->seen, p->n_seen, sizeof(char *), cmp_strp) != NULL;
        for (size_t i = 0; i < p->n_seen; i++)
                if (strcmp(p->seen[i], syspath) == 0)
                        return true;
        return false;
}

static int mark_seen(Plan *p, const char *syspath) {
        char **grown = realloc(p->seen, (p->n_seen + 1) * sizeof(char *));
        if (!grown)
                return -ENOMEM;
        p->seen = grown;
        p->seen[p->n_seen] = strdup(syspath);
        return p->seen[p->n_seen] ? (int) (++p->n_seen, 0) : -ENOMEM;
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

/* "change" for the device and, for a disk, its partitions: the kernel sends partitions no
 * event of their own when their disk changes, and they follow the disk's name. */
static int trigger_device(struct udev *udev, const char *syspath) {
        int r = disk_trigger_change(syspath);
        if (r < 0)
                return r;
        _cleanup_(udev_device_unrefp) struct udev_device *dev = udev_device_new_from_syspath(udev, syspath);
        _cleanup_(udev_enumerate_unrefp) struct udev_enumerate *e = dev ? udev_enumerate_new(udev) : NULL;
        if (e && udev_enumerate_add_match_parent(e, dev) >= 0 && udev_enumerate_scan_devices(e) >= 0) {
                struct udev_list_entry *item;
                udev_list_entry_foreach(item, udev_enumerate_get_list_entry(e))
                        if (strcmp(udev_list_entry_get_name(item), syspath) != 0)
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

/* The name the static rules give a device of a disk with verdict v: partition 0 for the
 * disk itself, else that partition (static-rules.h: the same refusals as `rules`). */
static int static_name(const Plan *p, const Verdict *v, unsigned partition, char **ret) {
        *ret = NULL;
        StaticRule sr;
        if (!v->binding || static_rule_for(&p->c->config, &p->c->bindings, v->binding, &sr) != STATIC_RULE_OK)
                return 0;
        const char *name = v->binding->name;
        if (sr.class->partition) {
                if (partition == sr.class->partition)
                        *ret = strdup(name);
                return partition != sr.class->partition || *ret ? 0 : -ENOMEM;
        }
        if (partition == 0) {
                *ret = strdup(name);
                return *ret ? 0 : -ENOMEM;
        }
        size_t n = strlen(name) + 16;
        *ret = malloc(n);
        if (!*ret)
                return -ENOMEM;
        snprintf(*ret, n, "%s-part%u", name, partition);
        return 0;
}

/* Adds a target when the device's record differs from what udev's rules give it now: what
 * export gives it (export_name, export_problem) where udev runs the helper, else what the
 * static rules give it (static_name).  With static rules only, a name export would give
 * and the static rules cannot (a label class, a binding `rules` refuses) needs the helper
 * at event time: triggering the device would never bring it, so it is reported instead. */
static int consider(Plan *p, const char *syspath, const char *devnode, const char *trigger_syspath,
                    const char *trigger_devnode, const char *export_name, const char *export_problem,
                    const char *static_name, const char *class) {
        int r = mark_seen(p, syspath);
        if (r < 0)
                return r;
        _cleanup_free_ char *old_name = NULL, *old_problem = NULL;
        r = read_record(p->s->udev, syspath, &old_name, &old_problem);
        if (r < 0)
                return r == -ENODEV ? 0 : r;
        const char *want_name = p->helper_runs ? export_name : static_name;
        const char *want_problem = p->helper_runs ? export_problem : NULL;
        bool needs_helper = !p->helper_runs && export_name && !same_str(export_name, static_name);
        if (!needs_helper && same_str(old_name, want_name) && same_str(old_problem, want_problem))
                return 0;
        Target *grown = realloc(p->t, (p->n + 1) * sizeof(Target));
        if (!grown)
                return -ENOMEM;
        p->t = grown;
        Target *t = &grown[p->n++];
        *t = (Target) { .old_name = TAKE_PTR(old_name), .old_problem = TAKE_PTR(old_problem), .helper_class = class };
        if (disk_strdup(&t->syspath, syspath) < 0 || disk_strdup(&t->devnode, devnode) < 0 ||
            disk_strdup(&t->trigger_syspath, trigger_syspath) < 0 || disk_strdup(&t->trigger_devnode, trigger_devnode) < 0 ||
            disk_strdup(&t->want_name, want_name) < 0 || disk_strdup(&t->want_problem, want_problem) < 0 ||
            disk_strdup(&t->helper_name, needs_helper ? export_name : NULL) < 0)
                return -ENOMEM;
        return 0;
}

/* The survey's devices: every disk, and every partition a label names. */
static int plan_survey(Plan *p) {
        const Survey *s = p->s;
        for (size_t i = 0; i < s->n; i++) {
                const DiskInfo *d = &s->disks[i];
                const Verdict *v = &s->verdicts[i];
                /* A disk this command cannot open has no full view; export, which never
                 * opens it, keeps what it gave.  Its partitions too (the sweep skips them). */
                int r = mark_seen(p, disk_device_syspath(d));
                if (r < 0)
                        return r;
                if (d->read_error) {
                        fprintf(stderr, "udev-helper: %s: cannot be read (%s): left as udev has it\n", disk_node(d),
                                strerror(-d->read_error));
                        continue;
                }
                const char *want_problem = v->problems ? problem_word(problem_first(v->problems)) : NULL;
                const char *class = v->class ? v->class->name : NULL;
                _cleanup_free_ char *sname = NULL;
                r = static_name(p, v, d->partition, &sname);
                if (r < 0)
                        return r;
                r = consider(p, disk_device_syspath(d), disk_node(d), d->syspath, d->devnode,
                             v->problems ? NULL : v->name, want_problem, sname, class);
                if (r < 0)
                        return r;
                if (!v->class || !v->class->partition || !v->binding)
                        continue;
                _cleanup_(udev_device_unrefp) struct udev_device *part = find_partition(s->udev, d, v->class->partition);
                if (!part)
                        continue;
                const char *devnode = udev_device_get_devnode(part);
                _cleanup_free_ char *pname = NULL;
                r = static_name(p, v, v->class->partition, &pname);
                if (r < 0)
                        return r;
                r = consider(p, udev_device_get_syspath(part), devnode ? devnode : d->devnode, d->syspath, d->devnode,
                             verdict_shown_name(v), want_problem, pname, class);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* The survey's disk a partition belongs to, or NULL. */
static const DiskInfo *survey_disk_of(const Survey *s, struct udev_device *part, size_t *ret) {
        struct udev_device *disk = udev_device_get_parent_with_subsystem_devtype(part, "block", "disk");
        const char *syspath = disk ? udev_device_get_syspath(disk) : NULL;
        for (size_t i = 0; syspath && i < s->n; i++)
                if (!s->disks[i].partition && strcmp(s->disks[i].syspath, syspath) == 0) {
                        *ret = i;
                        return &s->disks[i];
                }
        return NULL;
}

/* Whether 66-udev-helper.rules runs export for the device: sd*, dm-* (a multipath map
 * only), nvme* (not the hidden path of a native multipath head), vd*; disks and partitions. */
static bool rules_run_export(struct udev_device *dev) {
        const char *name = udev_device_get_sysname(dev), *devtype = udev_device_get_devtype(dev);
        if (!name || !devtype || (strcmp(devtype, "disk") != 0 && strcmp(devtype, "partition") != 0))
                return false;
        if (strncmp(name, "dm-", 3) == 0) {
                const char *uuid = udev_device_get_property_value(dev, "DM_UUID");
                return uuid && strncmp(uuid, "mpath-", 6) == 0 && uuid[6];
        }
        if (strncmp(name, "nvme", 4) == 0)
                return strchr(name + 4, 'c') == NULL;
        return strncmp(name, "sd", 2) == 0 || strncmp(name, "vd", 2) == 0;
}

/* What export gives a device the survey does not list (a partition that follows its disk):
 * 0 with the answer, 1 when it cannot be read (left as udev has it).  The same decision, checked against the survey as export checks against udev's tags: another
 * disk (not its own) that presents its serial, another device that claims its name. */
static int export_want(const Plan *p, struct udev_device *dev, const DiskInfo *own_disk, char **name, char **problem,
                       const char **class) {
        _cleanup_(disk_info_done) DiskInfo d = {};
        _cleanup_(verdict_done) Verdict v = {};
        *name = *problem = NULL;
        *class = NULL;
        if (!rules_run_export(dev))
                return 0; /* 66-udev-helper.rules never runs export for it: it gets nothing */
        int r = disk_read(dev, &d);
        if (r >= 0)
                r = disk_probe(dev, &d);
        if (r == -ENOMEM)
                return r;
        if (r < 0 || d.read_error) {
                /* No full view; export, which never opens it, keeps what it gave. */
                fprintf(stderr, "udev-helper: %s: cannot be read (%s): left as udev has it\n",
                        udev_device_get_sysname(dev), strerror(r < 0 ? -r : -d.read_error));
                return 1;
        }
        r = decide_claim(&d, &p->c->config, &p->c->bindings, NULL, &v);
        if (r < 0)
                return r;
        Others others = {};
        const DiskClass *k = v.class;
        for (size_t j = 0; k && k->name_from == NAME_FROM_BINDING && k->identify_by == IDENTIFY_BY_SERIAL &&
                           d.has_serial && j < p->s->n && !others.same_identity; j++) {
                /* Export finds the disks tagged with the serial: disks, never a path of a map. */
                const DiskInfo *o = &p->s->disks[j];
                if (o != own_disk && !o->partition && !o->multipath_member && o->has_serial &&
                    strcmp(o->serial.serial, d.serial.serial) == 0)
                        others.same_identity = o->sysname;
        }
        for (size_t j = 0; j < p->s->n && v.claim && !others.same_name; j++) {
                const char *w = p->s->verdicts[j].claim;
                if (w && strcmp(w, v.claim) == 0)
                        others.same_name = p->s->disks[j].sysname;
        }
        r = decide_check(&d, &p->c->bindings, &others, &v);
        if (r < 0)
                return r;
        *class = v.class ? v.class->name : NULL;
        if (v.problems)
                return disk_strdup(problem, problem_word(problem_first(v.problems)));
        return disk_strdup(name, v.name);
}

/* Every other block device udev shows with a UH_NAME or UH_PROBLEM: a partition that a
 * label class named before that class was removed keeps its link until udev looks again,
 * and the survey (disks, and partitions a label names now) does not list it. */
static int plan_sweep(Plan *p) {
        const Survey *s = p->s;
        qsort(p->seen, p->n_seen, sizeof(char *), cmp_strp);
        p->seen_sorted = true;
        _cleanup_(udev_enumerate_unrefp) struct udev_enumerate *e = udev_enumerate_new(s->udev);
        if (!e)
                return -ENOMEM;
        int r = udev_enumerate_add_match_subsystem(e, "block");
        if (r >= 0)
                r = udev_enumerate_scan_devices(e);
        if (r < 0)
                return r;
        struct udev_list_entry *item;
        udev_list_entry_foreach(item, udev_enumerate_get_list_entry(e)) {
                const char *syspath = udev_list_entry_get_name(item);
                if (seen(p, syspath))
                        continue;
                _cleanup_(udev_device_unrefp) struct udev_device *dev = udev_device_new_from_syspath(s->udev, syspath);
                if (!dev)
                        continue;
                const char *n = udev_device_get_property_value(dev, "UH_NAME");
                const char *pr = udev_device_get_property_value(dev, "UH_PROBLEM");
                if (!(n && *n) && !(pr && *pr))
                        continue;
                const char *devnode = udev_device_get_devnode(dev);
                const char *devtype = udev_device_get_devtype(dev);
                size_t i = 0;
                const DiskInfo *disk = devtype && strcmp(devtype, "partition") == 0 ? survey_disk_of(s, dev, &i) : NULL;
                if (disk && disk->read_error)
                        continue; /* said for its disk: left as udev has it */
                _cleanup_free_ char *ename = NULL, *eproblem = NULL, *sname = NULL;
                const char *class = NULL;
                r = export_want(p, dev, disk, &ename, &eproblem, &class);
                if (r > 0)
                        continue; /* unreadable: left as udev has it */
                if (r >= 0 && disk) {
                        const char *num = udev_device_get_sysattr_value(dev, "partition");
                        unsigned long pn = num ? strtoul(num, NULL, 10) : 0;
                        if (pn > 0 && pn <= 4096)
                                r = static_name(p, &s->verdicts[i], (unsigned) pn, &sname);
                }
                if (r < 0)
                        return r;
                r = consider(p, syspath, devnode ? devnode : syspath, syspath, devnode ? devnode : syspath, ename,
                             eproblem, sname, class);
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

/* Once per device and run, never triggered: with static rules only, udev gives this name
 * at no event. */
static void report_needs_helper(const Target *t) {
        fprintf(stderr, "udev-helper: %s: needs the helper at event time: export would name it %s (class [%s]), "
                        "which the static rules cannot give, and 66-udev-helper.rules is masked; not re-triggered. "
                        "Keep the helper for it (README, step 6)\n",
                t->devnode, t->helper_name, t->helper_class ? t->helper_class : "?");
}

static int cmd_apply(Context *c, int argc, char **argv) {
        (void) argv;
        if (argc != 0) {
                fprintf(stderr, "udev-helper apply: takes no arguments\n");
                return EXIT_USAGE;
        }
        int timeout = arg_timeout_sec >= 0 ? arg_timeout_sec : APPLY_TIMEOUT_DEFAULT_SEC;
        int r = admin_load(c, LOAD_BINDINGS | LOAD_SAVE_VALIDATED, NULL);
        if (r != EXIT_OK)
                return r;
        _cleanup_(survey_done) Survey s = {};
        r = survey_run(c, &s);
        if (r < 0) {
                fprintf(stderr, "udev-helper: cannot list disks: %s\n", strerror(-r));
                return EXIT_PROBLEMS;
        }
        _cleanup_(plan_done) Plan p = { .c = c, .s = &s, .helper_runs = static_helper_runs() };
        r = plan_survey(&p);
        if (r >= 0)
                r = plan_sweep(&p);
        if (r < 0) {
                fprintf(stderr, "udev-helper: cannot read udev's records: %s\n", strerror(-r));
                return EXIT_PROBLEMS;
        }
        Target *t = p.t;
        size_t n = p.n, n_helper = 0;
        bool failed = false;
        char old[256], want[256];
        for (size_t i = 0; i < n; i++) {
                if (t[i].helper_name) {
                        report_needs_helper(&t[i]);
                        n_helper++;
                        continue;
                }
                describe(t[i].old_name, t[i].old_problem, old, sizeof(old));
                describe(t[i].want_name, t[i].want_problem, want, sizeof(want));
                if (arg_dry_run) {
                        printf("%s: %s -> %s (would re-trigger %s)\n", t[i].devnode, old, want, t[i].trigger_devnode);
                        continue;
                }
                /* A disk with two targets (its partition too) is triggered once. */
                bool done = false;
                for (size_t j = 0; j < i && !done; j++)
                        done = t[j].triggered && strcmp(t[j].trigger_syspath, t[i].trigger_syspath) == 0;
                r = done ? 0 : trigger_device(s.udev, t[i].trigger_syspath);
                if (r < 0) {
                        fprintf(stderr, "udev-helper: %s: cannot trigger: %s\n", t[i].trigger_devnode, strerror(-r));
                        failed = true;
                        continue;
                }
                t[i].triggered = true;
        }
        size_t n_change = n - n_helper;
        if (n_helper && !c->quiet)
                printf("%zu device%s need%s the helper at event time (udev runs only static rules): not triggered\n",
                       n_helper, n_helper == 1 ? "" : "s", n_helper == 1 ? "s" : "");
        if (arg_dry_run) {
                if (!c->quiet)
                        printf("%zu device%s would change; nothing triggered (--dry-run)\n", n_change,
                               n_change == 1 ? "" : "s");
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
                fprintf(stderr, "udev-helper: %s: did not settle within %d s: udev shows %s, expected %s%s\n",
                        t[i].devnode, timeout, now, want,
                        p.helper_runs ? "" : " (static rules: older than the bindings? write them again)");
                n_waiting++;
                failed = true;
        }
        if (!c->quiet) {
                if (timeout == 0)
                        printf("%zu device%s triggered\n", n_change, n_change == 1 ? "" : "s");
                else
                        printf("%zu device%s changed, %zu did not settle\n", n_settled, n_settled == 1 ? "" : "s",
                               n_waiting);
        }
finish:
        if (fflush(stdout) != 0)
                return EXIT_PROBLEMS;
        return failed || n_helper ? EXIT_PROBLEMS : EXIT_OK;
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
                "until udev shows the new state and report each change. Any other block device\n"
                "udev shows with a UH_NAME or UH_PROBLEM (a partition of a label class that is\n"
                "gone) is compared too. Where 66-udev-helper.rules is masked (static rules only)\n"
                "expect what the static rules give; a device only the helper can name is\n"
                "reported, not triggered. Exits 1 when a disk did not settle in time or needs\n"
                "the helper.\n"
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
