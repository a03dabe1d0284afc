/* SPDX-License-Identifier: MIT */
/* scan and check: every disk with its verdict, as a table, as JSON, or only the problems;
 * check --retrigger makes udev look again where its record differs from the survey. */
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "command.h"
#include "accounts.h"
#include "bindings-file.h"
#include "bindings-index.h"
#include "context.h"
#include "disk-udev.h"
#include "macro.h"
#include "udev-util.h"
#include "report.h"
#include "check-owners.h"
#include "size.h"
#include "static-rules.h"
#include "survey.h"

/* Options (command_scan, command_check). */
static bool arg_json, arg_noheadings, arg_retrigger;
static const char *arg_columns; /* scan -o: comma list, NULL for the default */

#if HAVE_JSON_C
#include <json-c/json.h>

DEFINE_TRIVIAL_CLEANUP_FUNC(json_object *, json_object_put)

static void add_string(json_object *o, const char *key, const char *value) {
        json_object_object_add(o, key, value ? json_object_new_string(value) : NULL);
}
#endif

#if HAVE_JSON_C
static json_object *disk_to_json(const DiskInfo *d, const Verdict *v) {
        json_object *o = json_object_new_object();
        if (!o)
                return NULL;
        add_string(o, "device", disk_node(d));
        add_string(o, "transport", disk_transport_to_string(disk_transport_of(d)));
        add_string(o, "hctl", d->is_scsi ? d->hctl : NULL);
        json_object_object_add(o, "size", json_object_new_int64((int64_t) d->size_bytes));
        add_string(o, "vendor", d->vendor);
        add_string(o, "model", d->model);
        add_string(o, "serial", d->has_serial ? d->serial.serial : NULL);
        add_string(o, "unit_serial", d->serial.unit_serial[0] ? d->serial.unit_serial : NULL);
        /* NVMe and virtio: what udev itself stores, for comparing with udevadm info. */
        if (d->udev_serial[0])
                add_string(o, "id_serial", d->udev_serial);
        if (d->wwid[0])
                add_string(o, "wwid", d->wwid);
        if (d->nvme_transport[0])
                add_string(o, "nvme_transport", d->nvme_transport);
        if (d->azure_name[0])
                add_string(o, "azure_name", d->azure_name);
        add_string(o, "identity", v->has_identity ? v->identity : NULL);
        add_string(o, "class", v->class ? v->class->name : NULL);
        const char *shown = verdict_shown_name(v);
        add_string(o, "name", shown);
        if (v->claim && !shown)
                add_string(o, "claim", v->claim); /* asked for, refused */
        json_object_object_add(o, "bound", json_object_new_boolean(v->binding != NULL));
        if (v->class && v->class->partition && shown) {
                char part[64];
                snprintf(part, sizeof(part), "%u", v->class->partition);
                add_string(o, "name_on_partition", part);
        }
        add_string(o, "fs_type", d->fs_type);
        add_string(o, "label", d->fs_label);
        add_string(o, "iscsi_target", d->iscsi_target);
        if (d->iscsi_target)
                json_object_object_add(o, "lun", json_object_new_int64((int64_t) d->lun));
        json_object *problems = json_object_new_array();
        for (int p = 0; p < _PROBLEM_MAX; p++) {
                if (!(v->problems & PROBLEM_BIT(p)))
                        continue;
                json_object *pr = json_object_new_object();
                add_string(pr, "problem", problem_word(p));
                add_string(pr, "advice", problem_advice(p));
                if (p == (int) problem_first(v->problems) && v->detail[0])
                        add_string(pr, "detail", v->detail);
                json_object_array_add(problems, pr);
        }
        json_object_object_add(o, "problems", problems);
        /* What bind refuses on (whatever the class takes), null when free. */
        char reason[256];
        add_string(o, "in_use", disk_in_use(d, v->class, reason, sizeof(reason)) ? reason : NULL);
        return o;
}
#endif

static void problems_text(const Verdict *v, char *buf, size_t size) {
        buf[0] = '\0';
        for (int p = 0; p < _PROBLEM_MAX; p++)
                if (v->problems & PROBLEM_BIT(p)) {
                        size_t n = strlen(buf);
                        snprintf(buf + n, size - n, "%s%s", n ? "," : "", problem_word(p));
                }
        if (!buf[0])
                snprintf(buf, size, "-");
}

static const char *dash(const char *s) {
        return s && *s ? s : "-";
}

/* scan's columns (-o), table-driven like lsblk's: each fills buf from the disk and its
 * verdict.  The default set is every column without default = false. */
typedef struct Column {
        const char *name;
        int width; /* negative: right-aligned; the last column shown is never padded */
        bool hidden;
        void (*get)(const DiskInfo *d, const Verdict *v, char *buf, size_t size);
} Column;

static void col_device(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        (void) v;
        snprintf(buf, size, "%s", disk_node(d));
}
static void col_hctl(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        (void) v;
        snprintf(buf, size, "%s", d->is_scsi ? d->hctl : "-");
}
static void col_size(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        (void) v;
        format_size(d->size_bytes, buf, size);
}
static void col_vendor(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        (void) v;
        snprintf(buf, size, "%s", dash(d->vendor));
}
static void col_model(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        (void) v;
        snprintf(buf, size, "%s", dash(d->model));
}
static void col_serial(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        snprintf(buf, size, "%s", v->has_identity ? v->identity : dash(d->has_serial ? d->serial.serial : NULL));
}
static void col_class(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        (void) d;
        snprintf(buf, size, "%s", v->class ? v->class->name : "-");
}
static void col_name(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        (void) d;
        const char *n = verdict_shown_name(v);
        if (n && v->class && v->class->partition)
                snprintf(buf, size, "%s(p%u)", n, v->class->partition);
        else
                snprintf(buf, size, "%s", dash(n));
}
static void col_fstype(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        (void) v;
        snprintf(buf, size, "%s", dash(d->fs_type));
}
static void col_label(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        (void) v;
        snprintf(buf, size, "%s", dash(d->fs_label));
}
static void col_in_use(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        char reason[256];
        snprintf(buf, size, "%s", disk_in_use(d, v->class, reason, sizeof(reason)) ? "yes" : "-");
}
static void col_owner(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        (void) d;
        snprintf(buf, size, "%s", dash(v->class ? v->class->owner : NULL));
}
static void col_group(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        (void) d;
        snprintf(buf, size, "%s", dash(v->class ? v->class->group : NULL));
}
static void col_mode(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        (void) d;
        if (v->class && v->class->has_mode)
                snprintf(buf, size, "%04o", (unsigned) v->class->mode);
        else
                snprintf(buf, size, "-");
}
static void col_problems(const DiskInfo *d, const Verdict *v, char *buf, size_t size) {
        (void) d;
        problems_text(v, buf, size);
}

static const Column columns[] = {
        { "DEVICE", 10, false, col_device },  { "HCTL", 10, false, col_hctl },     { "SIZE", -7, false, col_size },
        { "VENDOR", 8, false, col_vendor },   { "MODEL", 16, false, col_model },   { "SERIAL", 34, false, col_serial },
        { "CLASS", 8, false, col_class },     { "NAME", 22, false, col_name },     { "FSTYPE", 10, false, col_fstype },
        { "LABEL", 12, false, col_label },    { "IN-USE", 6, false, col_in_use },  { "OWNER", 8, true, col_owner },
        { "GROUP", 10, true, col_group },     { "MODE", 4, true, col_mode },       { "PROBLEMS", 16, false, col_problems },
};

/* -o COLUMNS: a comma list of column names, any case; "+LIST" adds to the default columns,
 * as with lsblk.  -EINVAL names the first unknown. */
static int parse_columns(const char *spec, const Column **ret, size_t *n) {
        *n = 0;
        if (!spec || spec[0] == '+') {
                for (size_t i = 0; i < ELEMENTSOF(columns); i++)
                        if (!columns[i].hidden)
                                ret[(*n)++] = &columns[i];
                if (!spec)
                        return 0;
                spec++;
        }
        for (const char *p = spec;;) {
                size_t len = strcspn(p, ",");
                size_t i;
                for (i = 0; i < ELEMENTSOF(columns); i++)
                        if (strlen(columns[i].name) == len && strncasecmp(columns[i].name, p, len) == 0)
                                break;
                if (i == ELEMENTSOF(columns) || *n >= ELEMENTSOF(columns)) {
                        fprintf(stderr, "udev-helper scan: -o: unknown column '%.*s'; columns:", (int) len, p);
                        for (i = 0; i < ELEMENTSOF(columns); i++)
                                fprintf(stderr, " %s", columns[i].name);
                        fputc('\n', stderr);
                        return -EINVAL;
                }
                ret[(*n)++] = &columns[i];
                if (!p[len])
                        return 0;
                p += len + 1;
        }
}

static void print_row(const Column *const *cols, size_t n, const char *const *cells) {
        for (size_t i = 0; i < n; i++) {
                int w = cols[i]->width;
                if (i + 1 == n)
                        printf("%s", cells[i]); /* the last column is not padded */
                else if (w < 0)
                        printf("%*s ", -w, cells[i]); /* numbers: right-aligned */
                else
                        printf("%-*s ", w, cells[i]);
        }
        putchar('\n');
}

static void print_table(const Survey *s, const Column *const *cols, size_t n, bool headings) {
        const char *cells[ELEMENTSOF(columns)];
        if (headings) {
                for (size_t i = 0; i < n; i++)
                        cells[i] = cols[i]->name;
                print_row(cols, n, cells);
        }
        char buf[ELEMENTSOF(columns)][256];
        for (size_t j = 0; j < s->n; j++) {
                for (size_t i = 0; i < n; i++) {
                        cols[i]->get(&s->disks[j], &s->verdicts[j], buf[i], sizeof(buf[i]));
                        cells[i] = buf[i];
                }
                print_row(cols, n, cells);
        }
}

static int cmd_scan(Context *c, int argc, char **argv) {
        (void) argv;
        if (argc != 0) {
                fprintf(stderr, "udev-helper scan: takes no arguments\n");
                return EXIT_USAGE;
        }
        const Column *cols[ELEMENTSOF(columns)];
        size_t n_cols;
        if (parse_columns(arg_columns, cols, &n_cols) < 0)
                return EXIT_USAGE;
        if (arg_json && (arg_columns || arg_noheadings)) {
                fprintf(stderr, "udev-helper scan: -o and --noheadings apply to the table, not to --json\n");
                return EXIT_USAGE;
        }
        int r = admin_load(c, LOAD_BINDINGS | LOAD_ACCOUNTS, NULL);
        if (r != EXIT_OK)
                return r;
        _cleanup_(survey_done) Survey s = {};
        r = survey_run(c, &s);
        if (r < 0) {
                fprintf(stderr, "udev-helper: cannot list disks: %s\n", strerror(-r));
                return EXIT_PROBLEMS;
        }
#if HAVE_JSON_C
        if (arg_json) {
                _cleanup_(json_object_putp) json_object *root = json_object_new_object();
                json_object *arr = json_object_new_array();
                for (size_t i = 0; i < s.n; i++)
                        json_object_array_add(arr, disk_to_json(&s.disks[i], &s.verdicts[i]));
                /* Bumped when a key changes meaning or goes away; new keys keep it. */
                json_object_object_add(root, "version", json_object_new_int(1));
                json_object_object_add(root, "disks", arr);
                puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
        } else
#endif
                print_table(&s, cols, n_cols, !arg_noheadings);
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_PROBLEMS;
}

static bool same_str(const char *a, const char *b) {
        return strcmp(a ? a : "", b ? b : "") == 0;
}

/* udev evaluates disks one event at a time, in parallel at boot: two disks with one serial
 * can miss each other. Compare what udev recorded with the full view and make udev look
 * again where they differ (disk and partitions). */
static unsigned retrigger_disagreements(Context *c, const Survey *s) {
        unsigned n = 0;
        for (size_t i = 0; i < s->n; i++) {
                const DiskInfo *d = &s->disks[i];
                const Verdict *v = &s->verdicts[i];
                /* A path that became part of a map may still carry its old name; a disk this
                 * command could not read has no full view to compare. */
                if ((!v->class && !d->multipath_member) || d->read_error)
                        continue;
                _cleanup_(udev_device_unrefp) struct udev_device *dev = udev_device_new_from_syspath(s->udev, disk_device_syspath(d));
                if (!dev)
                        continue;
                const char *want_problem = v->problems ? problem_word(problem_first(v->problems)) : NULL;
                const char *want_name = v->problems ? NULL : v->name;
                const char *db_problem = udev_device_get_property_value(dev, "UH_PROBLEM");
                const char *db_name = udev_device_get_property_value(dev, "UH_NAME");
                if (same_str(want_problem, db_problem) && same_str(want_name, db_name))
                        continue;
                fprintf(stderr, "udev-helper: %s: udev recorded %s%s, the full comparison says %s%s: re-evaluating\n",
                        disk_node(d), db_problem ? "problem " : "name ", db_problem ? db_problem : db_name ? db_name : "(none)",
                        want_problem ? "problem " : "name ", want_problem ? want_problem : want_name ? want_name : "(none)");
                int r = disk_trigger_change(disk_device_syspath(d));
                if (r < 0) {
                        fprintf(stderr, "udev-helper: %s: cannot trigger: %s\n", disk_node(d), strerror(-r));
                        continue;
                }
                _cleanup_(udev_enumerate_unrefp) struct udev_enumerate *e = udev_enumerate_new(s->udev);
                if (e && udev_enumerate_add_match_parent(e, dev) >= 0 && udev_enumerate_scan_devices(e) >= 0) {
                        struct udev_list_entry *item;
                        udev_list_entry_foreach(item, udev_enumerate_get_list_entry(e))
                                if (strcmp(udev_list_entry_get_name(item), disk_device_syspath(d)) != 0)
                                        (void) disk_trigger_change(udev_list_entry_get_name(item));
                }
                n++;
        }
        return n;
}

/* The index export reads the bindings file through (bindings-index.h): without a current
 * one every event scans the whole file, which is correct but costs more with every line.
 * A hand edit leaves it stale; check rewrites it, and says so. */
static void check_bindings_index(const Context *c) {
        if (access(c->bindings_path, F_OK) < 0)
                return; /* no bindings yet: nothing to index */
        int r = bindings_index_status(c->bindings_path);
        if (r == 0)
                return;
        const char *why = r == -ENOENT  ? "missing"
                          : r == -ESTALE ? "stale (the file changed since it was written, e.g. by hand)"
                          : r == -EBADMSG ? "not a valid index"
                                          : strerror(-r);
        /* Under the writers' lock: a bind meanwhile would otherwise see its index replaced
         * by this older one (which export would only ignore as stale). */
        _cleanup_close_ int lock_fd = bindings_file_lock(c->bindings_path);
        int k = lock_fd < 0 ? lock_fd : bindings_index_save(c->bindings_path);
        if (k < 0)
                fprintf(stderr,
                        "udev-helper: notice: %s: index " BINDINGS_INDEX_SUFFIX " %s, and cannot be rewritten: %s; "
                        "export scans the whole file\n",
                        c->bindings_path, why, strerror(-k));
        else if (!c->quiet)
                fprintf(stderr, "udev-helper: notice: %s: index " BINDINGS_INDEX_SUFFIX " %s: rewritten\n",
                        c->bindings_path, why);
}

static int cmd_check(Context *c, int argc, char **argv) {
        (void) argv;
        if (argc != 0) {
                fprintf(stderr, "udev-helper check: takes no arguments\n");
                return EXIT_USAGE;
        }
        unsigned account_problems = 0;
        int r = admin_load(c, LOAD_BINDINGS | LOAD_ACCOUNTS | LOAD_SAVE_VALIDATED, &account_problems);
        if (r != EXIT_OK)
                return r;

        unsigned problems = 0, warnings = 0;
        problems += account_problems; /* reported by admin_load() with their lines */
        check_bindings_index(c);
        check_owner_policy(c, &problems, &warnings);
        for (size_t i = 0; i < c->bindings.n_lines; i++) {
                const BindingLine *l = &c->bindings.lines[i];
                if (l->class && !config_find_class(&c->config, l->class)) {
                        fprintf(stderr, "udev-helper: %s:%u: class [%s] is not defined in %s\n", c->bindings_path,
                                l->line, l->class, c->config_path);
                        problems++;
                }
        }

        for (size_t i = 0; i < c->bindings.n_lines; i++) {
                const BindingLine *l = &c->bindings.lines[i], *o;
                const char *why;
                if (l->name && (o = bindings_find_conflict(&c->bindings, l->name, l, true, &why))) {
                        fprintf(stderr, "udev-helper: %s:%u: name-collision: %s (line %u) %s %s: udev cannot make both\n",
                                c->bindings_path, l->line, o->name, o->line, why, l->name);
                        problems++;
                }
        }

        _cleanup_(survey_done) Survey s = {};
        r = survey_run(c, &s);
        if (r < 0) {
                fprintf(stderr, "udev-helper: cannot list disks: %s\n", strerror(-r));
                return EXIT_PROBLEMS;
        }
        for (size_t i = 0; i < s.n; i++) {
                const DiskInfo *d = &s.disks[i];
                const Verdict *v = &s.verdicts[i];
                unsigned p = v->class && v->binding && !d->read_error ? v->class->partition : 0;
                if (p && !(p <= 64 && (d->partitions_present & (UINT64_C(1) << (p - 1))))) {
                        fprintf(stderr, "udev-helper: %s: bound as %s in class [%s], which names partition %u: "
                                        "there is none, so nothing gets the name\n",
                                d->devnode, v->binding->name, v->class->name, p);
                        problems++;
                }
        }
        for (size_t i = 0; i < s.n; i++) {
                /* A path of a map is as it should be: scan shows it, check has nothing to say. */
                if (!s.verdicts[i].problems || s.disks[i].multipath_member)
                        continue;
                report_problems(&s.disks[i], &s.verdicts[i], false);
                /* A disk this command cannot open (a dead path) keeps what udev decided without
                 * opening it: worth a warning, not a failed check. */
                if (s.verdicts[i].problems == PROBLEM_BIT(PROBLEM_UNREADABLE))
                        warnings++;
                else
                        problems++;
        }
        if (arg_retrigger && !static_helper_runs()) {
                /* Static rules give every device the same at each event, whatever the order:
                 * nothing for a retrigger to mend, and what they cannot give (label
                 * classes) no retrigger brings; apply names those devices. */
                fprintf(stderr, "udev-helper: 66-udev-helper.rules is masked (static rules only): nothing to "
                                "re-evaluate; 'udev-helper apply --dry-run' lists the devices that need the helper\n");
        } else if (arg_retrigger) {
                unsigned n = retrigger_disagreements(c, &s);
                if (!c->quiet)
                        printf("%u disk%s re-evaluated\n", n, n == 1 ? "" : "s");
        }
        for (size_t i = 0; i < c->bindings.n_lines; i++) {
                const BindingLine *l = &c->bindings.lines[i];
                if (!l->id)
                        continue;
                bool present = false;
                for (size_t j = 0; j < s.n && !present; j++)
                        present = s.verdicts[j].binding == l;
                if (!present) {
                        fprintf(stderr, "udev-helper: warning: %s:%u: %s (%s) is bound but no such disk is present\n",
                                c->bindings_path, l->line, l->name, l->id);
                        warnings++;
                }
        }
        if (!c->quiet)
                printf("%u problem%s, %u warning%s\n", problems, problems == 1 ? "" : "s", warnings,
                       warnings == 1 ? "" : "s");
        return problems ? EXIT_PROBLEMS : EXIT_OK;
}

static int parse_scan_option(int opt, const char *arg) {
        switch (opt) {
        case 'j':
                if (!HAVE_JSON_C) {
                        fprintf(stderr, "udev-helper: --json: built without JSON support (json-c)\n");
                        return -EINVAL;
                }
                arg_json = true;
                return 0;
        case 'o':
                arg_columns = arg;
                return 0;
        case ARG_NOHEADINGS:
                arg_noheadings = true;
                return 0;
        }
        return -EINVAL;
}

const Command command_scan = {
        .name = "scan",
        .run = cmd_scan,
        .synopsis = "  scan [--json]             list disks with serial, class, name and problems\n",
        .help = "Usage: udev-helper [-c FILE] [-b FILE] scan [--json | -o COLUMNS] [--noheadings]\n"
                "\n"
                "List every disk (SCSI, NVMe, virtio-blk): device, H:C:T:L, size, vendor, model,\n"
                "serial (or iSCSI identity), class, name, filesystem type, label, in-use state\n"
                "and problems.\n"
                "\n"
                "  -j --json                 JSON output (with \"version\")\n"
                "  -o --output COLUMNS       table columns, comma-separated, e.g. DEVICE,NAME,IN-USE;\n"
                "                            +LIST adds to the default (an unknown one lists all)\n"
                "     --noheadings           no header line\n",
        .options_help = "  -j --json                 scan: JSON output\n"
                        "  -o --output COLUMNS       scan: columns, comma-separated (an unknown one lists all)\n"
                        "     --noheadings           scan: no header line\n",
        .options = (const struct option[]) {
                { "json", no_argument, NULL, 'j' },
                { "output", required_argument, NULL, 'o' },
                { "noheadings", no_argument, NULL, ARG_NOHEADINGS },
                {},
        },
        .parse_option = parse_scan_option,
};

static int parse_check_option(int opt, const char *arg) {
        (void) arg;
        if (opt != 'r')
                return -EINVAL;
        arg_retrigger = true;
        return 0;
}

const Command command_check = {
        .name = "check",
        .run = cmd_check,
        .synopsis = "  check [--retrigger]       exit 1 if any disk, class or binding has a problem\n",
        .help = "Usage: udev-helper [-c FILE] [-b FILE] check [--retrigger]\n"
                "\n"
                "Compare all disks and print only problems and warnings (a bound disk that is\n"
                "absent, a class whose owner or group does not exist). Exits 1 if there is a\n"
                "problem.\n"
                "\n"
                "  -r --retrigger            re-send 'change' for disks (and their partitions)\n"
                "                            where udev's record differs from the full comparison:\n"
                "                            two disks with one serial seen at once at boot\n"
                "                            (udev-helper-recheck.service runs this)\n",
        .options_help = "  -r --retrigger            check: re-send 'change' for disks where udev's view\n"
                        "                            differs from the full comparison (after coldplug)\n",
        .options = (const struct option[]) {
                { "retrigger", no_argument, NULL, 'r' },
                {},
        },
        .parse_option = parse_check_option,
};
