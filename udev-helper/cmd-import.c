/* SPDX-License-Identifier: MIT */
/* import: moves a site's hand-written ASM udev rules, or dm-multipath's bindings file, into
 * the bindings file without renaming a disk.  All or nothing: one rule that cannot be
 * mapped exactly (FILE:LINE says why) and nothing is written, since a site that removes its
 * old rules after a partial import loses the names of the rest. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounts.h"
#include "bindings-file.h"
#include "command.h"
#include "context.h"
#include "fileio.h"
#include "macro.h"
#include "rules-import.h"
#include "decide.h"
#include "survey.h"

static const char *arg_class, *arg_prefix;
static bool arg_dry_run, arg_multipath, arg_reuse;

/* unbind keeps a released binding as a comment (bindings_release()): a node with an older
 * copy of the file still points its name at that serial.  The serial name was released
 * from, as a copy the caller frees; NULL when it was not (or out of memory: -ENOMEM). */
static int released_from(const Bindings *b, const char *name, char **ret) {
        *ret = NULL;
        for (size_t i = 0; i < b->n_lines; i++) {
                _cleanup_free_ char *n = NULL, *id = NULL;
                int r = bindings_released(&b->lines[i], &n, &id);
                if (r == -ENOMEM)
                        return r;
                if (r < 0 || strcmp(n, name) != 0)
                        continue;
                *ret = TAKE_PTR(id);
                return 0;
        }
        return 0;
}

/* The one class an entry goes to: --class, or the only serial class naming its partition. */
static const DiskClass *entry_class(const Context *c, const ImportEntry *e, const char **why) {
        if (arg_class) {
                const DiskClass *k = config_find_class(&c->config, arg_class);
                if (!k)
                        *why = "no such class";
                return k;
        }
        const DiskClass *found = NULL;
        for (size_t i = 0; i < c->config.n_classes; i++) {
                const DiskClass *k = &c->config.classes[i];
                if (k->name_from != NAME_FROM_BINDING || k->identify_by != IDENTIFY_BY_SERIAL ||
                    k->partition != e->partition)
                        continue;
                if (found) {
                        *why = "more than one class could take it: use --class";
                        return NULL;
                }
                found = k;
        }
        if (!found)
                *why = e->partition ? "no serial class puts its name on that partition (partition = N)"
                                    : "no serial class names whole disks";
        return found;
}

/* Why the class would not give the device what the rule gave it, or NULL. */
static const char *class_mismatch(const DiskClass *k, const ImportEntry *e, char *buf, size_t size) {
        if (k->name_from != NAME_FROM_BINDING || k->identify_by != IDENTIFY_BY_SERIAL)
                snprintf(buf, size, "class [%s] is not a class of bound serials", k->name);
        else if (k->partition != e->partition)
                snprintf(buf, size, "the rule names %s %u, class [%s] %s %u", e->partition ? "partition" : "the disk",
                         e->partition, k->name, k->partition ? "partition" : "the disk", k->partition);
        else if (e->owner && (!k->owner || strcmp(k->owner, e->owner) != 0))
                snprintf(buf, size, "OWNER=\"%s\", class [%s] gives owner %s", e->owner, k->name,
                         k->owner ? k->owner : "root (none set)");
        else if (e->group && (!k->group || strcmp(k->group, e->group) != 0))
                snprintf(buf, size, "GROUP=\"%s\", class [%s] gives group %s", e->group, k->name,
                         k->group ? k->group : "root (none set)");
        else if (e->has_mode && (!k->has_mode || k->mode != e->mode))
                snprintf(buf, size, "MODE=\"%04o\", class [%s] gives mode %04o", (unsigned) e->mode, k->name,
                         k->has_mode ? (unsigned) k->mode : 0600u);
        else
                return NULL;
        return buf;
}

/* When a disk with that serial is present here, the class export puts it in must be k, or
 * export would not give it the name and removing the old rules would rename it.  A disk
 * not present is not refused (check reports a binding whose disk is absent).  A
 * multipath map and its paths share the serial: one of them in k is enough. */
static const char *present_elsewhere(const Context *c, const Survey *s, const char *id, const DiskClass *k, char *buf,
                                     size_t size) {
        const DiskInfo *seen = NULL;
        for (size_t i = 0; i < s->n; i++) {
                const DiskInfo *d = &s->disks[i];
                if (d->partition || !d->has_serial || strcmp(d->serial.serial, id) != 0)
                        continue;
                if (class_for_disk(&c->config, d) == k)
                        return NULL;
                seen = d;
        }
        if (!seen)
                return NULL;
        const DiskClass *other = class_for_disk(&c->config, seen);
        snprintf(buf, size, "%s has that serial and is in %s%s%s, not [%s]: export would not give it this name",
                 seen->devnode, other ? "class [" : "no class", other ? other->name : "", other ? "]" : "", k->name);
        return buf;
}

/* Adds one entry, or says why not; 1 added, 0 already bound so, -1 refused. */
static int import_one(Context *c, const Survey *s, const char *file, const ImportEntry *e) {
        const char *why = NULL;
        char buf[256];
        _cleanup_free_ char *name = NULL;
        if (asprintf(&name, "%s%s", arg_prefix ? arg_prefix : "", e->name) < 0)
                return -ENOMEM;
        const DiskClass *k = entry_class(c, e, &why);
        if (!k) {
                fprintf(stderr, "%s:%u: %s: not imported: %s\n", file, e->line, name, why);
                return -1;
        }
        why = class_mismatch(k, e, buf, sizeof(buf));
        if (!why)
                why = present_elsewhere(c, s, e->id, k, buf, sizeof(buf));
        if (why) {
                fprintf(stderr, "%s:%u: %s: not imported: %s\n", file, e->line, name, why);
                return -1;
        }
        const BindingLine *by_name = bindings_find_by_name(&c->bindings, name);
        const BindingLine *by_id = bindings_find_by_id(&c->bindings, e->id);
        if (by_name && by_name == by_id && strcmp(by_name->class, k->name) == 0) {
                printf("%s: already bound to %s (class %s)\n", name, e->id, k->name);
                return 0;
        }
        if (by_name || by_id) {
                const BindingLine *l = by_name ? by_name : by_id;
                if (l->line)
                        fprintf(stderr, "%s:%u: %s: not imported: conflicts with %s:%u: %s\n", file, e->line, name,
                                c->bindings_path, l->line, l->text);
                else
                        fprintf(stderr, "%s:%u: %s: not imported: conflicts with an earlier imported line: %s\n",
                                file, e->line, name, l->text);
                return -1;
        }
        _cleanup_free_ char *from = NULL;
        if (released_from(&c->bindings, name, &from) < 0)
                return -ENOMEM;
        if (from && strcmp(from, e->id) != 0 && !arg_reuse) {
                fprintf(stderr, "%s:%u: %s: not imported: released from serial %s (a node with an older bindings "
                                "file still points it there; --reuse if that disk is gone)\n", file, e->line, name, from);
                return -1;
        }
        const BindingLine *l = bindings_find_conflict(&c->bindings, name, NULL, false, &why);
        if (l) {
                fprintf(stderr, "%s:%u: %s: not imported: %s %s\n", file, e->line, name, why, l->name);
                return -1;
        }
        int r = bindings_add(&c->bindings, name, e->id, k->name);
        if (r < 0) {
                fprintf(stderr, "%s:%u: %s: not imported: %s\n", file, e->line, name,
                        r == -EINVAL ? "not a name the bindings file can hold" : strerror(-r));
                return r == -ENOMEM ? r : -1;
        }
        if (arg_dry_run)
                printf("would add: %s %s %s\n", name, e->id, k->name);
        return 1;
}

static int import_file(Context *c, const Survey *s, const char *file, unsigned *added, unsigned *refused) {
        _cleanup_free_ char *text = NULL;
        size_t size = 0;
        int r = read_file_bounded(file, IMPORT_MAX_SIZE, &text, &size);
        if (r < 0) {
                fprintf(stderr, "udev-helper: %s: cannot read: %s\n", file, strerror(-r));
                return EXIT_FILE_ERROR;
        }
        _cleanup_(import_result_done) ImportResult res = {};
        r = import_parse(text, size, arg_multipath ? IMPORT_MULTIPATH_BINDINGS : IMPORT_UDEV_RULES, &res);
        if (r < 0) {
                fprintf(stderr, "udev-helper: %s: %s\n", file, strerror(-r));
                return EXIT_FILE_ERROR;
        }
        /* Problems and entries in line order, so the admin reads the file top down. */
        size_t p = 0;
        for (size_t i = 0; i <= res.n_entries; i++) {
                unsigned upto = i < res.n_entries ? res.entries[i].line : UINT_MAX;
                for (; p < res.n_problems && res.problems[p].line < upto; p++) {
                        fprintf(stderr, "%s:%u: %s\n", file, res.problems[p].line, res.problems[p].message);
                        (*refused)++;
                }
                if (i == res.n_entries)
                        break;
                r = import_one(c, s, file, &res.entries[i]);
                if (r == -ENOMEM) {
                        fprintf(stderr, "udev-helper: out of memory\n");
                        return EXIT_PROBLEMS;
                }
                if (r < 0)
                        (*refused)++;
                else
                        *added += (unsigned) r;
        }
        return EXIT_OK;
}

static int cmd_import(Context *c, int argc, char **argv) {
        if (argc < 1) {
                fprintf(stderr, "udev-helper import: expected FILE...\n");
                return EXIT_USAGE;
        }
        if (arg_prefix && !arg_multipath) {
                fprintf(stderr, "udev-helper import: --prefix is for --multipath aliases\n");
                return EXIT_USAGE;
        }
        _cleanup_close_ int lock_fd = -EBADF;
        if (!arg_dry_run) {
                lock_fd = bindings_file_lock(c->bindings_path);
                if (lock_fd < 0) {
                        fprintf(stderr, "udev-helper: %s.lock: cannot lock: %s\n", c->bindings_path,
                                strerror(-lock_fd));
                        return EXIT_FILE_ERROR;
                }
        }
        int r = admin_load(c, LOAD_BINDINGS, NULL);
        if (r != EXIT_OK)
                return r;
        _cleanup_(survey_done) Survey s = {};
        r = survey_run(c, &s);
        if (r < 0) {
                fprintf(stderr, "udev-helper: cannot list disks: %s\n", strerror(-r));
                return EXIT_PROBLEMS;
        }
        unsigned added = 0, refused = 0;
        for (int i = 0; i < argc; i++) {
                r = import_file(c, &s, argv[i], &added, &refused);
                if (r != EXIT_OK)
                        return r;
        }
        if (refused) {
                fprintf(stderr, "udev-helper: %u line%s not imported: nothing written to %s\n", refused,
                        refused == 1 ? "" : "s", c->bindings_path);
                return EXIT_PROBLEMS;
        }
        if (arg_dry_run || added == 0) {
                printf("%u binding%s %s\n", added, added == 1 ? "" : "s",
                       arg_dry_run ? "would be added (dry run: nothing written)" : "added");
                return EXIT_OK;
        }
        r = bindings_file_save(c->bindings_path, &c->bindings);
        if (r < 0) {
                fprintf(stderr, "udev-helper: %s: cannot write: %s\n", c->bindings_path, strerror(-r));
                return EXIT_FILE_ERROR;
        }
        printf("%u binding%s added to %s%s\n", added, added == 1 ? "" : "s", c->bindings_path,
               c->quiet ? "" : "; run 'udev-helper check', then 'udev-helper apply', before removing the old rules");
        return EXIT_OK;
}

static int parse_import_option(int opt, const char *arg) {
        switch (opt) {
        case 'C':
                arg_class = arg;
                return 0;
        case 'm':
                arg_multipath = true;
                return 0;
        case 'p':
                arg_prefix = arg;
                return 0;
        case ARG_DRY_RUN:
                arg_dry_run = true;
                return 0;
        case 'R':
                arg_reuse = true;
                return 0;
        }
        return -EINVAL;
}

const Command command_import = {
        .name = "import",
        .run = cmd_import,
        .synopsis = "  import [--class CLASS] [--multipath [--prefix P]] FILE...\n"
                    "                            bind the disks that hand-written udev rules or\n"
                    "                            multipath's bindings file name, under those names\n",
        .help = "Usage: udev-helper [-c FILE] [-b FILE] import [--class CLASS] [--multipath [--prefix P]] [--reuse] [--dry-run] FILE...\n"
                "\n"
                "Read udev rules that name disks by identity (PROGRAM==\"scsi_id ...\" with RESULT==,\n"
                "ENV{ID_SERIAL}==, ENV{DM_UUID}==\"mpath-...\"; SYMLINK+= or NAME=), or with --multipath\n"
                "dm-multipath's bindings file (ALIAS WWID), and add the same names to the bindings file,\n"
                "under its lock, atomically. A rule that cannot be mapped exactly, a conflict with\n"
                "a binding, or a class that would give other owners is reported as FILE:LINE and\n"
                "nothing is written.\n"
                "\n"
                "  -C --class CLASS          the class of every imported binding (default: the one\n"
                "                            serial class naming the disk or that partition)\n"
                "  -m --multipath            FILEs are dm-multipath bindings files\n"
                "  -p --prefix P             put P before every multipath alias (e.g. asm/)\n"
                "  -R --reuse                also give a name unbind released from another disk\n"
                "     --dry-run              print what would be added, write nothing (no lock file)\n",
        .options_help = "  -m --multipath            import: FILEs are multipath bindings files\n"
                        "  -R --reuse                import: also names released from another disk\n"
                        "  -p --prefix P             import: put P before multipath aliases\n",
        .options = (const struct option[]) {
                { "class", required_argument, NULL, 'C' },
                { "multipath", no_argument, NULL, 'm' },
                { "prefix", required_argument, NULL, 'p' },
                { "dry-run", no_argument, NULL, ARG_DRY_RUN },
                { "reuse", no_argument, NULL, 'R' },
                {},
        },
        .parse_option = parse_import_option,
};
