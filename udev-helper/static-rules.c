/* SPDX-License-Identifier: MIT */
/* What static rules can say (static-rules.h).  Reads the rules directories' entries for
 * one file name; never the rules themselves. */
#include "static-rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ident.h"
#include "macro.h"
#include "naming.h"
#include "vpd.h"

#define HELPER_RULES "66-udev-helper.rules"

/* The refusals of decide() that depend on the binding alone; _PROBLEM_MAX when export
 * would name a disk with this binding. */
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

StaticRefusal static_rule_for(const Config *c, const Bindings *b, const BindingLine *l, StaticRule *ret) {
        *ret = (StaticRule) { .problem = _PROBLEM_MAX };
        if (!l->id)
                return STATIC_NO_ID;
        const DiskClass *k = config_find_class(c, l->class);
        if (!k)
                return STATIC_UNKNOWN_CLASS;
        ret->class = k;
        if (k->identify_by == IDENTIFY_BY_ISCSI || strncmp(l->id, "iscsi:", 6) == 0)
                return STATIC_ISCSI;
        if (ident_key_kind(l->id) == IDENT_KIND_AZURE_LUN)
                return STATIC_AZURE_LUN;
        /* export refuses it only while a disk with that label is present; a static rule
         * cannot tell, and would fight over the link. */
        ret->label_class = label_class_over(c, l->name);
        if (ret->label_class)
                return STATIC_BELOW_LABEL_PREFIX;
        /* udev matches ENV{} as a glob, where '\\' escapes: "\\x20" would not match the
         * serial it stands for. */
        if (strchr(l->id, '\\'))
                return STATIC_ESCAPE;
        ret->problem = binding_problem(b, l, k);
        return ret->problem == _PROBLEM_MAX ? STATIC_RULE_OK : STATIC_PROBLEM;
}

/* Masked as udev masks a rules file: a symlink to /dev/null (a character device), an
 * empty file, or a link to nothing. */
static bool masked(const char *path) {
        struct stat st;
        return stat(path, &st) < 0 || S_ISCHR(st.st_mode) || (S_ISREG(st.st_mode) && st.st_size == 0);
}

bool static_helper_runs(void) {
        static const char default_dirs[] =
                "/etc/udev/rules.d:/run/udev/rules.d:/usr/local/lib/udev/rules.d:/usr/lib/udev/rules.d:/lib/udev/rules.d";
        const char *dirs = getenv("UDEV_HELPER_RULES_DIRS");
        if (!dirs || !*dirs)
                dirs = default_dirs;
        for (const char *p = dirs; *p;) {
                size_t len = strcspn(p, ":");
                char path[4096];
                if (len && len < sizeof(path) - sizeof(HELPER_RULES) - 1) {
                        snprintf(path, sizeof(path), "%.*s/" HELPER_RULES, (int) len, p);
                        struct stat st;
                        if (lstat(path, &st) == 0)
                                return !masked(path);
                }
                p += len;
                if (*p == ':')
                        p++;
        }
        /* Installed nowhere udev looks (a build tree, another prefix): nothing says the
         * helper is off, so expect what it gives, as before static mode was known. */
        return true;
}
