/* SPDX-License-Identifier: MIT */
/* bind and unbind: the only commands that write the bindings file, under its lock
 * (bindings-file.h).  bind refuses every disk the one decision refuses, and every disk
 * that holds data unless --force. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "bindings-file.h"
#include "command.h"
#include "accounts.h"
#include "context.h"
#include "disk-udev.h"
#include "fileio.h"
#include "macro.h"
#include "udev-util.h"
#include "naming.h"
#include "report.h"
#include "survey.h"

/* Options (command_bind). */
static const char *arg_class, *arg_name;
static bool arg_force, arg_dry_run;

static int load_locked(Context *c, int *lock_fd) {
        /* A dry run writes nothing, not even the lock file: it may read a file another bind is
         * rewriting, which the atomic rename makes safe (old or new, never torn). */
        if (arg_dry_run)
                return admin_load(c, LOAD_BINDINGS, NULL);
        *lock_fd = bindings_file_lock(c->bindings_path);
        if (*lock_fd < 0) {
                fprintf(stderr, "udev-helper: %s.lock: cannot lock: %s\n", c->bindings_path, strerror(-*lock_fd));
                return EXIT_FILE_ERROR;
        }
        return admin_load(c, LOAD_BINDINGS, NULL);
}

static int find_in_survey(Context *c, const Survey *s, const char *arg, size_t *ret) {
        _cleanup_(udev_device_unrefp) struct udev_device *dev = NULL;
        int r = disk_device_from_arg(s->udev, arg, &dev);
        if (r < 0) {
                /* A WWID as vSphere shows it. */
                r = survey_find_wwid(s, arg, ret);
                if (r == -ENOTUNIQ)
                        fprintf(stderr, "udev-helper: %s: more than one disk presents this WWID (a clone?)\n", arg);
                else if (r < 0)
                        fprintf(stderr, "udev-helper: %s: no such block device or WWID\n", arg);
                return r < 0 ? -ENODEV : 0;
        }
        const char *devtype = udev_device_get_devtype(dev);
        if (devtype && strcmp(devtype, "partition") == 0) {
                fprintf(stderr, "udev-helper: %s: is a partition; bind the disk (partition = N in the class "
                                "puts the name on a partition)\n", arg);
                return -EISDIR;
        }
        const char *sysname = udev_device_get_sysname(dev);
        for (size_t i = 0; i < s->n; i++)
                if (!s->disks[i].partition && strcmp(s->disks[i].sysname, sysname) == 0) {
                        *ret = i;
                        return 0;
                }
        fprintf(stderr, "udev-helper: %s: not a SCSI disk\n", arg);
        return -ENODEV;
}

/* Names already taken: every binding's, and every name a present disk claims (a label). */
static const char **used_names(const Bindings *b, const Survey *s, size_t *n) {
        const char **used = calloc(b->n_lines + s->n + 1, sizeof(char *));
        if (!used)
                return NULL;
        *n = 0;
        for (size_t i = 0; i < b->n_lines; i++)
                if (b->lines[i].name)
                        used[(*n)++] = b->lines[i].name;
        for (size_t i = 0; i < s->n; i++)
                if (s->verdicts[i].claim)
                        used[(*n)++] = s->verdicts[i].claim;
        return used;
}

static const char *claimed_by(const Survey *s, const char *name) {
        for (size_t i = 0; i < s->n; i++)
                if (s->verdicts[i].claim && strcmp(s->verdicts[i].claim, name) == 0)
                        return s->disks[i].sysname;
        return NULL;
}

/* Binds one disk or says why not; returns 1 when a line was added, 0 when nothing needed
 * doing, negative when refused.  named: the admin named this disk on the command line,
 * the only case in which --force may bind a disk that holds data. */
static int bind_one(Context *c, const Survey *s, size_t idx, bool named, const char *forced_name) {
        const DiskInfo *d = &s->disks[idx];
        const Verdict *sv = &s->verdicts[idx];
        if (sv->binding) {
                printf("%s: already bound as %s (class %s)\n", d->devnode, sv->binding->name, sv->binding->class);
                return 0;
        }
        const DiskClass *k = arg_class ? config_find_class(&c->config, arg_class) : sv->class;
        if (!k || (!arg_class && !class_matches(k, d))) {
                fprintf(stderr, "udev-helper: %s: refused: %s %s, %s matches %s%s%s\n", d->devnode, d->vendor,
                        d->model, d->sysname, arg_class ? "not class [" : "no class",
                        arg_class ? arg_class : "", arg_class ? "]" : "");
                return -EINVAL;
        }
        if (k->name_from == NAME_FROM_LABEL) {
                fprintf(stderr, "udev-helper: %s: refused: class [%s] names disks from their labels; there is "
                                "nothing to bind\n", d->devnode, k->name);
                return -EINVAL;
        }
        /* The same decision export makes, for the class asked for. */
        Others others;
        survey_find_others(s, idx, k, NULL, &others);
        _cleanup_(verdict_done) Verdict v = {};
        int r = decide(d, &c->config, &c->bindings, k, &others, &v);
        if (r < 0)
                return r;
        if (v.problems) {
                report_problems(d, &v, false);
                fprintf(stderr, "udev-helper: %s: refused, nothing written for it\n", d->devnode);
                return -EINVAL;
        }
        if (!v.has_identity) {
                fprintf(stderr, "udev-helper: %s: refused: no identity to bind\n", d->devnode);
                return -EINVAL;
        }
        char reason[256];
        InUse use = disk_in_use(d, k, reason, sizeof(reason));
        if (use == IN_USE_ACTIVE) {
                fprintf(stderr, "udev-helper: %s: refused: in use: %s (--force overrides only stale signatures)\n",
                        d->devnode, reason);
                return -EBUSY;
        }
        if (use) {
                if (!arg_force || !named) {
                        fprintf(stderr, "udev-helper: %s: refused: in use: %s (%s)\n", d->devnode, reason,
                                named ? "use --force if the data can go"
                                      : "--force applies only to devices named on the command line");
                        return -EBUSY;
                }
                fprintf(stderr, "udev-helper: %s: warning: in use (%s), binding anyway (--force)\n", d->devnode,
                        reason);
        }
        if (bindings_find_by_id(&c->bindings, v.identity)) {
                fprintf(stderr, "udev-helper: %s: refused: %s is already bound\n", d->devnode, v.identity);
                return -EEXIST;
        }

        _cleanup_free_ char *name = NULL;
        if (forced_name) {
                if (name_validate(forced_name) < 0) {
                        fprintf(stderr, "udev-helper: --name '%s': not a valid name below /dev\n", forced_name);
                        return -EINVAL;
                }
                if (name_reserved(forced_name)) {
                        fprintf(stderr, "udev-helper: --name '%s': reserved-name: %s\n", forced_name,
                                problem_advice(PROBLEM_RESERVED_NAME));
                        return -EINVAL;
                }
                if (bindings_find_by_name(&c->bindings, forced_name)) {
                        fprintf(stderr, "udev-helper: %s: refused: name %s is already bound\n", d->devnode,
                                forced_name);
                        return -EEXIST;
                }
                const char *other = claimed_by(s, forced_name);
                if (other) {
                        fprintf(stderr, "udev-helper: %s: refused: name-collision: %s is claimed by %s\n", d->devnode,
                                forced_name, other);
                        return -EEXIST;
                }
                name = strdup(forced_name);
                if (!name)
                        return -ENOMEM;
        } else {
                size_t n_used;
                _cleanup_free_ const char **used = used_names(&c->bindings, s, &n_used);
                if (!used)
                        return -ENOMEM;
                r = name_allocate(k->name_pattern, used, n_used, &name);
                if (r < 0) {
                        fprintf(stderr, "udev-helper: %s: refused: no free name left in '%s'\n", d->devnode,
                                k->name_pattern);
                        return r;
                }
        }
        /* udev could not make both links: one would be a directory or a partition link of
         * the other, and export would refuse one of the disks. */
        const char *why;
        const BindingLine *o = bindings_find_conflict(&c->bindings, name, NULL, false, &why);
        if (o) {
                fprintf(stderr, "udev-helper: %s: refused: name-collision: %s (%s:%u) %s %s\n", d->devnode, o->name,
                        c->bindings_path, o->line, why, name);
                return -EEXIST;
        }
        if (k->partition && !(k->partition <= 64 && (d->partitions_present & (UINT64_C(1) << (k->partition - 1))))) {
                fprintf(stderr, "udev-helper: %s: refused: class [%s] names partition %u, which %s does not have\n",
                        d->devnode, k->name, k->partition, d->sysname);
                return -ENOENT;
        }
        r = bindings_add(&c->bindings, name, v.identity, k->name);
        if (r < 0)
                return r;
        printf("%s: %s as %s (class %s, %s %s)\n", d->devnode, arg_dry_run ? "would be bound" : "bound", name, k->name,
               k->identify_by == IDENTIFY_BY_ISCSI ? "id" : "serial", v.identity);
        return 1;
}

static int cmd_bind(Context *c, int argc, char **argv) {
        if (arg_name && argc != 1) {
                fprintf(stderr, "udev-helper bind: --name needs exactly one DEVICE\n");
                return EXIT_USAGE;
        }
        if (arg_class) {
                ParseError err;
                int r = context_load_config(c, &err);
                if (r < 0) {
                        context_report_load_error(c->config_path, r, &err, false);
                        return EXIT_FILE_ERROR;
                }
                if (!config_find_class(&c->config, arg_class)) {
                        fprintf(stderr, "udev-helper: %s: no class [%s]\n", c->config_path, arg_class);
                        return EXIT_USAGE;
                }
                config_done(&c->config);
        }

        _cleanup_close_ int lock_fd = -1;
        int r = load_locked(c, &lock_fd);
        if (r != EXIT_OK)
                return r;
        if (c->config.n_classes == 0) {
                fprintf(stderr, "udev-helper: %s: no classes configured; nothing can be bound\n", c->config_path);
                return EXIT_FILE_ERROR;
        }

        _cleanup_(survey_done) Survey s = {};
        r = survey_run(c, &s);
        if (r < 0) {
                fprintf(stderr, "udev-helper: cannot list disks: %s\n", strerror(-r));
                return EXIT_PROBLEMS;
        }

        _cleanup_free_ size_t *targets = calloc(argc > 0 ? (size_t) argc : s.n + 1, sizeof(size_t));
        size_t n_targets = 0;
        bool refused = false;
        if (!targets)
                return EXIT_PROBLEMS;
        if (argc > 0) {
                for (int i = 0; i < argc; i++) {
                        size_t idx;
                        if (find_in_survey(c, &s, argv[i], &idx) < 0) {
                                refused = true;
                                continue;
                        }
                        targets[n_targets++] = idx;
                }
                /* Names are handed out in SCSI address order, whatever order the admin typed. */
                for (size_t i = 1; i < n_targets; i++)
                        for (size_t j = i; j > 0 && targets[j - 1] > targets[j]; j--) {
                                size_t t = targets[j];
                                targets[j] = targets[j - 1];
                                targets[j - 1] = t;
                        }
        } else {
                for (size_t i = 0; i < s.n; i++) {
                        const Verdict *v = &s.verdicts[i];
                        if (v->binding || s.disks[i].partition)
                                continue;
                        const DiskClass *k = arg_class ? config_find_class(&c->config, arg_class) : v->class;
                        if (!k || !class_matches(k, &s.disks[i]) || k->name_from == NAME_FROM_LABEL)
                                continue;
                        targets[n_targets++] = i;
                }
                if (n_targets == 0)
                        printf("no unbound disk matches %s%s%s\n", arg_class ? "class [" : "any class",
                               arg_class ? arg_class : "", arg_class ? "]" : "");
        }

        bool changed = false;
        for (size_t i = 0; i < n_targets; i++) {
                size_t idx = targets[i];
                for (size_t j = 0; j < i; j++)
                        if (targets[j] == idx)
                                goto next;
                r = bind_one(c, &s, idx, argc > 0, arg_name);
                if (r < 0)
                        refused = true;
                else if (r > 0)
                        changed = true;
        next:;
        }

        if (changed && arg_dry_run) {
                if (!c->quiet)
                        printf("--dry-run: nothing written to %s\n", c->bindings_path);
        } else if (changed) {
                r = bindings_file_save(c->bindings_path, &c->bindings);
                if (r < 0) {
                        fprintf(stderr, "udev-helper: %s: cannot write: %s; nothing was bound\n", c->bindings_path,
                                strerror(-r));
                        return EXIT_FILE_ERROR;
                }
                if (!c->quiet)
                        printf("wrote %s; run 'udev-helper apply' to have udev apply it\n",
                               c->bindings_path);
        }
        return refused ? EXIT_PROBLEMS : EXIT_OK;
}

static int cmd_unbind(Context *c, int argc, char **argv) {
        if (argc != 1) {
                fprintf(stderr, "udev-helper unbind: expected exactly one NAME\n");
                return EXIT_USAGE;
        }
        _cleanup_close_ int lock_fd = bindings_file_lock(c->bindings_path);
        if (lock_fd < 0) {
                fprintf(stderr, "udev-helper: %s.lock: cannot lock: %s\n", c->bindings_path, strerror(-lock_fd));
                return EXIT_FILE_ERROR;
        }
        int r = context_load(c, LOAD_BINDINGS);
        if (r != EXIT_OK)
                return r;
        const char *name = argv[0];
        if (strncmp(name, "/dev/", 5) == 0)
                name += 5;
        if (bindings_remove(&c->bindings, name) < 0) {
                fprintf(stderr, "udev-helper: %s: no binding named %s\n", c->bindings_path, name);
                return EXIT_PROBLEMS;
        }
        r = bindings_file_save(c->bindings_path, &c->bindings);
        if (r < 0) {
                fprintf(stderr, "udev-helper: %s: cannot write: %s\n", c->bindings_path, strerror(-r));
                return EXIT_FILE_ERROR;
        }
        printf("unbound %s%s\n", name, c->quiet ? "" : "; run 'udev-helper apply' to have udev drop it");
        return EXIT_OK;
}

static int parse_bind_option(int opt, const char *arg) {
        switch (opt) {
        case 'C':
                arg_class = arg;
                return 0;
        case 'n':
                arg_name = arg;
                return 0;
        case 'f':
                arg_force = true;
                return 0;
        case ARG_DRY_RUN:
                arg_dry_run = true;
                return 0;
        }
        return -EINVAL;
}

const Command command_bind = {
        .name = "bind",
        .run = cmd_bind,
        .synopsis = "  bind [--class CLASS] [--name NAME] [--force] [DEVICE...]\n"
                    "                            bind disks to names (all unbound disks of a class\n"
                    "                            when no DEVICE is given)\n",
        .help = "Usage: udev-helper [-c FILE] [-b FILE] bind [--class CLASS] [--name NAME] [--force] [--dry-run] [DEVICE...]\n"
                "\n"
                "Bind the given disks, or every unbound disk (of CLASS) when no DEVICE is given, to\n"
                "the lowest free names of their class's pattern, in SCSI address order. Disks with\n"
                "a problem are refused. The bindings file is rewritten atomically under a lock.\n"
                "Then have udev apply it: udev-helper apply\n"
                "\n"
                "  -C --class CLASS          only disks of this class\n"
                "  -n --name NAME            use this name for the one DEVICE\n"
                "  -f --force                bind a disk that carries a stale signature (never one in use)\n"
                "     --dry-run              say what would be bound, write nothing (no lock file)\n",
        .options_help = "  -C --class CLASS          bind: only this class\n"
                        "  -n --name NAME            bind: use this name for the one DEVICE\n"
                        "  -f --force                bind: bind a disk carrying a stale signature\n"
                        "     --dry-run              bind, apply: say what would be done, change nothing\n",
        .options = (const struct option[]) {
                { "class", required_argument, NULL, 'C' },
                { "name", required_argument, NULL, 'n' },
                { "force", no_argument, NULL, 'f' },
                { "dry-run", no_argument, NULL, ARG_DRY_RUN },
                {},
        },
        .parse_option = parse_bind_option,
};

const Command command_unbind = {
        .name = "unbind",
        .run = cmd_unbind,
        .synopsis = "  unbind NAME               remove a binding\n",
        .help = "Usage: udev-helper [-c FILE] [-b FILE] unbind NAME\n"
                "\n"
                "Remove the binding of NAME (same locking as bind).\n",
};
