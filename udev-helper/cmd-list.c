/* SPDX-License-Identifier: MIT */
/* What oracleasm's listdisks and querydisk answer: the names this host gives, and which
 * disk carries one.  Both are the survey's verdicts, the one decision export makes. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "context.h"
#include "disk-udev.h"
#include "macro.h"
#include "survey.h"
#include "udev-util.h"

static int load_survey(Context *c, Survey *s) {
        int r = context_load(c, LOAD_BINDINGS);
        if (r != EXIT_OK)
                return r;
        r = survey_run(c, s);
        if (r < 0) {
                fprintf(stderr, "udev-helper: cannot list disks: %s\n", strerror(-r));
                return EXIT_PROBLEMS;
        }
        return EXIT_OK;
}

static int compare_strp(const void *a, const void *b) {
        return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static int cmd_list(Context *c, int argc, char **argv) {
        (void) argv;
        if (argc != 0) {
                fprintf(stderr, "udev-helper list: takes no arguments\n");
                return EXIT_USAGE;
        }
        _cleanup_(survey_done) Survey s = {};
        int r = load_survey(c, &s);
        if (r != EXIT_OK)
                return r;
        _cleanup_free_ const char **names = calloc(s.n + 1, sizeof(char *));
        if (!names)
                return EXIT_PROBLEMS;
        size_t n = 0;
        for (size_t i = 0; i < s.n; i++) {
                const char *name = verdict_shown_name(&s.verdicts[i]);
                if (name)
                        names[n++] = name;
        }
        qsort(names, n, sizeof(char *), compare_strp);
        for (size_t i = 0; i < n; i++)
                puts(names[i]);
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_PROBLEMS;
}

/* The disk whose name (with or without /dev/) is arg, or the disk arg is a device of (a
 * partition counts as its disk); -ENOENT when neither. */
static int find_disk(Context *c, const Survey *s, const char *arg, size_t *ret) {
        const char *name = strncmp(arg, "/dev/", 5) == 0 ? arg + 5 : arg;
        for (size_t i = 0; i < s->n; i++) {
                const char *shown = verdict_shown_name(&s->verdicts[i]);
                /* A name refused for a problem still says which disk wanted it. */
                const char *claim = s->verdicts[i].claim;
                if ((shown && strcmp(shown, name) == 0) || (!shown && claim && strcmp(claim, name) == 0)) {
                        *ret = i;
                        return 0;
                }
        }
        _cleanup_(udev_device_unrefp) struct udev_device *dev = NULL;
        if (disk_device_from_arg(s->udev, arg, &dev) < 0)
                return survey_find_wwid(s, arg, ret);
        struct udev_device *disk = dev;
        const char *devtype = udev_device_get_devtype(dev);
        if (devtype && strcmp(devtype, "partition") == 0) {
                /* A partition its label names is an entry of its own. */
                const char *syspath = udev_device_get_syspath(dev);
                for (size_t i = 0; syspath && i < s->n; i++)
                        if (s->disks[i].partition_syspath && strcmp(s->disks[i].partition_syspath, syspath) == 0) {
                                *ret = i;
                                return 0;
                        }
                disk = udev_device_get_parent_with_subsystem_devtype(dev, "block", "disk");
        }
        const char *sysname = disk ? udev_device_get_sysname(disk) : NULL;
        for (size_t i = 0; sysname && i < s->n; i++)
                if (!s->disks[i].partition && strcmp(s->disks[i].sysname, sysname) == 0) {
                        *ret = i;
                        return 0;
                }
        return -ENOENT;
}

static int compare_str(const void *a, const void *b) {
        return strcmp(a, b);
}

static const char *dash(const char *s) {
        return s && *s ? s : "-";
}

/* The block devices behind the disk: a map's paths (its slaves), else the disk itself. */
static void print_paths(const DiskInfo *d) {
        printf("paths:");
        if (d->is_multipath_map) {
                char path[4096];
                char names[64][256];
                size_t n = 0;
                snprintf(path, sizeof(path), "%s/slaves", d->syspath);
                _cleanup_closedir_ DIR *dir = opendir(path);
                for (struct dirent *e; dir && n < ELEMENTSOF(names) && (e = readdir(dir));)
                        if (e->d_name[0] != '.')
                                snprintf(names[n++], sizeof(names[0]), "%s", e->d_name);
                qsort(names, n, sizeof(names[0]), compare_str);
                for (size_t i = 0; i < n; i++)
                        printf(" /dev/%s", names[i]);
                putchar('\n');
                return;
        }
        printf(" %s", disk_node(d));
        if (d->multipath_map)
                printf(" (a path of /dev/%s)", d->multipath_map);
        putchar('\n');
}

static int cmd_query(Context *c, int argc, char **argv) {
        if (argc != 1) {
                fprintf(stderr, "udev-helper query: expected exactly one NAME or DEVICE\n");
                return EXIT_USAGE;
        }
        _cleanup_(survey_done) Survey s = {};
        int r = load_survey(c, &s);
        if (r != EXIT_OK)
                return r;
        size_t i;
        if (find_disk(c, &s, argv[0], &i) < 0) {
                const char *name = strncmp(argv[0], "/dev/", 5) == 0 ? argv[0] + 5 : argv[0];
                const BindingLine *l = bindings_find_by_name(&c->bindings, name);
                if (l)
                        fprintf(stderr, "udev-helper: %s: bound to %s (class %s, %s:%u), but no such disk is present\n",
                                name, l->id, l->class, c->bindings_path, l->line);
                else
                        fprintf(stderr, "udev-helper: %s: no disk carries this name, and no such SCSI disk\n",
                                argv[0]);
                return EXIT_PROBLEMS;
        }
        const DiskInfo *d = &s.disks[i];
        const Verdict *v = &s.verdicts[i];
        const DiskClass *k = v->class;
        const char *shown = verdict_shown_name(v);
        char reason[256] = "";
        bool in_use = disk_in_use(d, k, reason, sizeof(reason));

        printf("name: %s\n", dash(shown));
        if (!shown && v->claim)
                printf("claim: %s (refused)\n", v->claim);
        printf("device: %s\n", disk_node(d));
        if (shown && k && k->partition)
                printf("name-on-partition: %u\n", k->partition);
        printf("hctl: %s\n", d->is_scsi ? d->hctl : "-");
        printf("serial: %s\n", d->has_serial ? d->serial.serial : "-");
        if (v->has_identity && (!d->has_serial || strcmp(v->identity, d->serial.serial) != 0))
                printf("identity: %s\n", v->identity);
        printf("class: %s\n", k ? k->name : "-");
        printf("bound: %s\n", v->binding ? "yes" : "no");
        printf("owner: %s\n", dash(k ? k->owner : NULL));
        printf("group: %s\n", dash(k ? k->group : NULL));
        if (k && k->has_mode)
                printf("mode: %04o\n", (unsigned) k->mode);
        else
                printf("mode: -\n");
        printf("in-use: %s\n", in_use ? reason : "-");
        printf("problems:");
        if (!v->problems)
                printf(" -");
        for (int p = 0; p < _PROBLEM_MAX; p++)
                if (v->problems & PROBLEM_BIT(p))
                        printf(" %s", problem_word(p));
        putchar('\n');
        if (v->problems)
                printf("detail: %s\n", v->detail[0] ? v->detail : problem_advice(problem_first(v->problems)));
        print_paths(d);
        if (fflush(stdout) != 0)
                return EXIT_PROBLEMS;
        return v->problems ? EXIT_PROBLEMS : EXIT_OK;
}

const Command command_list = {
        .name = "list",
        .run = cmd_list,
        .synopsis = "  list                      the names this host gives, one per line\n",
        .help = "Usage: udev-helper [-c FILE] [-b FILE] list\n"
                "\n"
                "Print the names this host gives (what export gives each disk), one per line,\n"
                "sorted; like oracleasm listdisks.\n",
};

const Command command_query = {
        .name = "query",
        .run = cmd_query,
        .synopsis = "  query NAME|DEVICE         which disk carries a name (or what a device gets)\n",
        .help = "Usage: udev-helper [-c FILE] [-b FILE] query NAME|DEVICE\n"
                "\n"
                "Which disk carries NAME (with or without /dev/), or which name DEVICE gets: its\n"
                "device, serial, class, owner, group, mode, in-use state, problems and paths (a\n"
                "multipath map's paths). Exits 1 when the name is unknown or the disk has a problem.\n",
};
