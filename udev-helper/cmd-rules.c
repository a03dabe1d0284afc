/* SPDX-License-Identifier: MIT */
/* A static rules file equivalent to export for what static rules can express, for sites
 * that want no helper at event time.  It cannot refuse duplicates or missing UUIDs: the
 * helper can. */
#include <stdio.h>
#include <string.h>

#include "command.h"
#include "accounts.h"
#include "context.h"
#include "ident.h"
#include "macro.h"
#include "naming.h"
#include "problem.h"
#include "vpd.h"

/* A value udev substitutes ('$' and '%' start substitutions): each doubled, so it stays
 * data.  Account names may end in '$'. */
static void print_substituted(const char *s) {
        for (; *s; s++) {
                if (*s == '$' || *s == '%')
                        putchar(*s);
                putchar(*s);
        }
}

static void print_ownership(const DiskClass *k) {
        if (k->owner) {
                printf(", OWNER=\"");
                print_substituted(k->owner);
                putchar('"');
        }
        if (k->group) {
                printf(", GROUP=\"");
                print_substituted(k->group);
                putchar('"');
        }
        if (k->has_mode)
                printf(", MODE=\"%04o\"", (unsigned) k->mode);
}

/* The refusals of decide() that depend on the binding alone; NULL when export would name
 * a disk with this binding. */
static Problem binding_problem(const Bindings *b, const BindingLine *l, const DiskClass *k) {
        if (name_reserved(l->name))
                return PROBLEM_RESERVED_NAME;
        size_t stem = name_partition_link_stem(l->name);
        if (stem) {
                _cleanup_free_ char *base = strndup(l->name, stem);
                if (base && bindings_find_by_name(b, base))
                        return PROBLEM_NAME_COLLISION;
        }
        if (k->identify_by == IDENTIFY_BY_SERIAL && ident_key_kind(l->id) != IDENT_KIND_SCSI) {
                /* NVMe, virtio, Azure: bound only when unique; the match must be expressible. */
                char m[512];
                if (ident_key_rule_match(l->id, false, m, sizeof(m)) < 0)
                        return PROBLEM_NO_UNIQUE_ID;
        } else if (k->identify_by == IDENTIFY_BY_SERIAL) {
                ScsiSerial s;
                if (scsi_serial_from_id_serial(l->id, &s) < 0 || scsi_serial_uniqueness(&s) == SERIAL_NOT_UNIQUE)
                        return PROBLEM_NO_UNIQUE_ID;
                if (scsi_serial_uniqueness(&s) == SERIAL_KNOWN_DEFAULT)
                        return PROBLEM_DEFAULT_SERIAL;
        }
        return _PROBLEM_MAX;
}

/* The label class whose names could equal this binding's name, or NULL. */
static const DiskClass *label_class_over(const Config *c, const char *name) {
        for (size_t i = 0; i < c->n_classes; i++) {
                const DiskClass *k = &c->classes[i];
                size_t n = k->prefix ? strlen(k->prefix) : 0;
                if (k->name_from == NAME_FROM_LABEL && n && strncmp(name, k->prefix, n) == 0 && name[n] == '/')
                        return k;
        }
        return NULL;
}

/* NVMe namespaces and virtio-blk disks: keyed on what 60-persistent-storage.rules stored
 * (ident_key_rule_match(), checked by binding_problem()). */
static unsigned print_transport_binding(const BindingLine *l, const DiskClass *k) {
        char disk[512], part[512];
        if (ident_key_rule_match(l->id, false, disk, sizeof(disk)) < 0 ||
            ident_key_rule_match(l->id, true, part, sizeof(part)) < 0)
                return 0;
        if (k->partition) {
                printf("%s, ENV{DEVTYPE}==\"partition\", ATTR{partition}==\"%u\", SYMLINK+=\"%s\"", part,
                       k->partition, l->name);
                print_ownership(k);
                printf(", ENV{UH_NAME}=\"%s\"\n", l->name);
                return 1;
        }
        printf("%s, ENV{DEVTYPE}==\"disk\", SYMLINK+=\"%s\"", disk, l->name);
        print_ownership(k);
        printf(", ENV{UH_NAME}=\"%s\"\n", l->name);
        printf("%s, ENV{DEVTYPE}==\"partition\", SYMLINK+=\"%s-part%%n\"", part, l->name);
        print_ownership(k);
        printf(", ENV{UH_NAME}=\"%s-part%%n\"\n", l->name);
        return 2;
}

/* Rules are data: a binding id holds only characters that are no glob and no quote
 * (binding_id_ok(), '\\' excepted, which the caller refuses), a name only name characters
 * (name_validate(): no '"', '$', '%'), owner and group go through print_substituted().
 * Each rule also sets UH_NAME as export would, so that apply and check --retrigger find
 * udev's record as they want it and do not re-trigger the disk again and again. */
static unsigned print_binding(const BindingLine *l, const DiskClass *k) {
        unsigned n = 0;
        if (ident_key_kind(l->id) != IDENT_KIND_SCSI)
                return print_transport_binding(l, k);
        if (k->partition) {
                printf("KERNEL==\"sd*[0-9]\", ENV{DEVTYPE}==\"partition\", ENV{ID_SERIAL}==\"%s\", "
                       "ATTR{partition}==\"%u\", SYMLINK+=\"%s\"", l->id, k->partition, l->name);
                print_ownership(k);
                printf(", ENV{UH_NAME}=\"%s\"\n", l->name);
                return 1;
        }
        printf("KERNEL==\"sd*[!0-9]\", ENV{DEVTYPE}==\"disk\", ENV{ID_SERIAL}==\"%s\", SYMLINK+=\"%s\"", l->id,
               l->name);
        print_ownership(k);
        printf(", ENV{UH_NAME}=\"%s\"\n", l->name);
        /* Partitions of a named disk follow it, as export names them. */
        printf("KERNEL==\"sd*[0-9]\", ENV{DEVTYPE}==\"partition\", ENV{ID_SERIAL}==\"%s\", "
               "SYMLINK+=\"%s-part%%n\"", l->id, l->name);
        print_ownership(k);
        printf(", ENV{UH_NAME}=\"%s-part%%n\"\n", l->name);
        /* The same WWID as a dm-multipath map. */
        printf("KERNEL==\"dm-*\", ENV{DM_UUID}==\"mpath-%s\", SYMLINK+=\"%s\"", l->id, l->name);
        print_ownership(k);
        printf(", ENV{UH_NAME}=\"%s\"\n", l->name);
        n += 3;
        return n;
}

static int cmd_rules(Context *c, int argc, char **argv) {
        (void) argv;
        if (argc != 0) {
                fprintf(stderr, "udev-helper rules: takes no arguments\n");
                return EXIT_USAGE;
        }
        int r = admin_load(c, LOAD_BINDINGS | LOAD_ACCOUNTS, NULL);
        if (r != EXIT_OK)
                return r;

        int status = EXIT_OK;
        unsigned written = 0;
        printf("# Generated by 'udev-helper rules' from %s and %s.\n", c->config_path, c->bindings_path);
        printf("# Install as /etc/udev/rules.d/66-udev-helper-static.rules, instead of (not beside)\n");
        printf("# 66-udev-helper.rules. Unlike the helper, these rules cannot refuse a cloned disk\n");
        printf("# that presents a bound serial.\n");
        printf("ACTION==\"remove\", GOTO=\"udev_helper_static_end\"\n");
        printf("SUBSYSTEM!=\"block\", GOTO=\"udev_helper_static_end\"\n");
        printf("# Paths of a dm-multipath map are never named: the map is; nor are the hidden\n");
        printf("# paths of a native NVMe multipath namespace (nvmeXcYnZ): its head nvmeXnY is.\n");
        printf("ENV{DM_MULTIPATH_DEVICE_PATH}==\"1\", GOTO=\"udev_helper_static_end\"\n");
        printf("KERNEL==\"nvme*c*\", GOTO=\"udev_helper_static_end\"\n");
        printf("ENV{ID_FS_TYPE}==\"mpath_member\", GOTO=\"udev_helper_static_end\"\n\n");
        for (size_t i = 0; i < c->bindings.n_lines; i++) {
                const BindingLine *l = &c->bindings.lines[i];
                if (!l->id)
                        continue;
                const DiskClass *k = config_find_class(&c->config, l->class);
                if (!k) {
                        fprintf(stderr, "udev-helper: %s:%u: class [%s] is not defined; no rule for %s\n",
                                c->bindings_path, l->line, l->class, l->name);
                        status = EXIT_PROBLEMS;
                        continue;
                }
                if (k->identify_by == IDENTIFY_BY_ISCSI || strncmp(l->id, "iscsi:", 6) == 0)
                        continue; /* said once per class below */
                if (ident_key_kind(l->id) == IDENT_KIND_AZURE_LUN) {
                        fprintf(stderr, "udev-helper: %s:%u: %s is bound by Azure controller and LUN (%s), "
                                        "which udev's own properties do not carry; no rule written: keep the "
                                        "helper for it\n",
                                c->bindings_path, l->line, l->name, l->id);
                        status = EXIT_PROBLEMS;
                        continue;
                }
                const DiskClass *lk = label_class_over(&c->config, l->name);
                if (lk) {
                        /* export refuses it only while a disk with that label is present;
                         * a static rule cannot tell, and would fight over the link. */
                        fprintf(stderr, "udev-helper: %s:%u: %s lies below [%s]'s prefix %s, where a disk's label "
                                        "would collide with it (name-collision), which static rules cannot "
                                        "refuse; no rule written\n",
                                c->bindings_path, l->line, l->name, lk->name, lk->prefix);
                        status = EXIT_PROBLEMS;
                        continue;
                }
                if (strchr(l->id, '\\')) {
                        /* udev matches ENV{} as a glob, where '\\' escapes: "\\x20" would
                         * not match the serial it stands for. */
                        fprintf(stderr, "udev-helper: %s:%u: %s: the serial holds a \\x escape, which a static "
                                        "rule cannot match byte for byte; no rule written: keep the helper for it\n",
                                c->bindings_path, l->line, l->name);
                        status = EXIT_PROBLEMS;
                        continue;
                }
                Problem p = binding_problem(&c->bindings, l, k);
                if (p != _PROBLEM_MAX) {
                        fprintf(stderr, "udev-helper: %s:%u: %s: %s: %s; no rule written\n", c->bindings_path, l->line,
                                l->name, problem_word(p), problem_advice(p));
                        status = EXIT_PROBLEMS;
                        continue;
                }
                written += print_binding(l, k);
        }
        for (size_t i = 0; i < c->config.n_classes; i++) {
                const DiskClass *k = &c->config.classes[i];
                if (k->name_from == NAME_FROM_LABEL)
                        fprintf(stderr, "udev-helper: [%s] names disks from their labels; a static rule would pass "
                                        "a hostile label through unchecked, so none is written: keep the helper "
                                        "for it\n", k->name);
                else if (k->identify_by == IDENTIFY_BY_ISCSI)
                        fprintf(stderr, "udev-helper: [%s] binds by iSCSI target and LUN, which static rules cannot "
                                        "match: keep the helper for it\n", k->name);
        }
        printf("\nLABEL=\"udev_helper_static_end\"\n");
        if (written == 0) {
                fprintf(stderr, "udev-helper: no rule written\n");
                return EXIT_PROBLEMS;
        }
        return status;
}

const Command command_rules = {
        .name = "rules",
        .run = cmd_rules,
        .synopsis = "  rules                     print static udev rules equivalent to the bindings\n",
        .help = "Usage: udev-helper [-c FILE] [-b FILE] rules\n"
                "\n"
                "Print static udev rules equivalent to the bindings (keyed on udev's ID_SERIAL,\n"
                "ID_WWN or by-id link), for\n"
                "sites that want no helper at event time. iSCSI and label classes are left as\n"
                "comments.\n",
};
