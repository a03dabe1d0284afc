/* SPDX-License-Identifier: MIT */
#include "decide.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "naming.h"

void verdict_done(Verdict *v) {
        free(v->claim);
        free(v->name);
        v->claim = v->name = NULL;
}

static bool glob_matches(const char *pattern, const char *value) {
        return value && fnmatch(pattern, value, 0) == 0;
}

bool class_matches(const DiskClass *k, const DiskInfo *d) {
        if (k->match_vendor && !glob_matches(k->match_vendor, d->vendor))
                return false;
        if (k->match_model && !glob_matches(k->match_model, d->model))
                return false;
        if (k->match_fs_type && !glob_matches(k->match_fs_type, d->fs_type))
                return false;
        if (k->match_host >= 0 && (!d->is_scsi || d->host != (unsigned) k->match_host))
                return false;
        if (k->min_size && d->size_bytes < k->min_size)
                return false;
        if (k->max_size && d->size_bytes > k->max_size)
                return false;
        return true;
}

const DiskClass *class_for_disk(const Config *c, const DiskInfo *d) {
        /* A class that asks for the disk's signature is more specific than one that only
         * looks at vendor or size: an ASMLib disk belongs to [asmlib] even though it is also
         * a VMware disk. Otherwise the first class in the file wins. */
        for (size_t i = 0; i < c->n_classes; i++)
                if (c->classes[i].match_fs_type && class_matches(&c->classes[i], d))
                        return &c->classes[i];
        for (size_t i = 0; i < c->n_classes; i++)
                if (!c->classes[i].match_fs_type && class_matches(&c->classes[i], d))
                        return &c->classes[i];
        return NULL;
}

static int label_component_ok(const char *s, size_t n) {
        if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
                return -EINVAL;
        for (size_t i = 0; i < n; i++)
                if (!name_char_ok(s[i]) || s[i] == ':')
                        return -EINVAL;
        return 0;
}

int label_to_name(const char *prefix, const char *fs_type, const char *label, char **ret) {
        if (!label || !*label || strlen(label) > 128)
                return -EINVAL;
        const char *sep = NULL;
        if (fs_type && strcmp(fs_type, "gfs2") == 0) {
                /* The lock table "cluster:fsname" becomes two levels. */
                sep = strchr(label, ':');
                if (!sep || strchr(sep + 1, ':'))
                        return -EINVAL;
                if (label_component_ok(label, (size_t) (sep - label)) < 0 ||
                    label_component_ok(sep + 1, strlen(sep + 1)) < 0)
                        return -EINVAL;
        } else if (label_component_ok(label, strlen(label)) < 0)
                return -EINVAL;

        size_t n = strlen(prefix) + strlen(label) + 2;
        _cleanup_free_ char *name = malloc(n);
        if (!name)
                return -ENOMEM;
        snprintf(name, n, "%s/%s", prefix, label);
        if (sep)
                name[strlen(prefix) + 1 + (size_t) (sep - label)] = '/';
        if (name_validate(name) < 0)
                return -EINVAL;
        *ret = TAKE_PTR(name);
        return 0;
}

/* blkid's USAGE values that mean somebody's data lives here. */
static const char *const usage_in_use[] = { "filesystem", "raid", "crypto", "other" };

static bool signature_in_use(const DiskClass *k, const char *type, const char *usage) {
        if (!type)
                return false;
        /* A signature the class exists to take is not "in use" for that class. */
        if (k && k->match_fs_type && glob_matches(k->match_fs_type, type))
                return false;
        if (!usage)
                return true;
        for (size_t i = 0; i < ELEMENTSOF(usage_in_use); i++)
                if (strcmp(usage, usage_in_use[i]) == 0)
                        return true;
        return false;
}

/* md and LVM members (libblkid's USAGE "raid"): a signature, but one that says a running
 * array or volume group may count on the disk. */
static bool member_usage(const char *usage) {
        return usage && strcmp(usage, "raid") == 0;
}

InUse disk_in_use(const DiskInfo *d, const DiskClass *k, char *reason, size_t size) {
        if (d->in_use_reason) {
                snprintf(reason, size, "%s", d->in_use_reason);
                return IN_USE_ACTIVE;
        }
        if (d->fs_ambivalent) {
                snprintf(reason, size, "%s carries more than one signature (libblkid: ambivalent)", d->sysname);
                return IN_USE_SIGNATURE;
        }
        if (signature_in_use(k, d->fs_type, d->fs_usage)) {
                snprintf(reason, size, "%s carries %s%s%s%s", d->sysname, d->fs_type,
                         d->fs_usage ? " (" : "", d->fs_usage ? d->fs_usage : "", d->fs_usage ? ")" : "");
                return member_usage(d->fs_usage) ? IN_USE_ACTIVE : IN_USE_SIGNATURE;
        }
        for (size_t i = 0; i < d->n_partition_signatures; i++) {
                const struct PartitionSignature *p = &d->partition_signatures[i];
                if (signature_in_use(k, p->fs_type, p->fs_usage)) {
                        snprintf(reason, size, "partition %s carries %s%s%s%s", p->sysname, p->fs_type,
                                 p->fs_usage ? " (" : "", p->fs_usage ? p->fs_usage : "", p->fs_usage ? ")" : "");
                        return member_usage(p->fs_usage) ? IN_USE_ACTIVE : IN_USE_SIGNATURE;
                }
        }
        return IN_USE_NO;
}

/* The detail kept is that of the most important problem that has one, whatever order the
 * steps found them in: UH_PROBLEM and UH_PROBLEM_DETAIL then speak of the same problem
 * wherever they can. */
static void add_problem(Verdict *v, Problem p, const char *detail) {
        v->problems |= PROBLEM_BIT(p);
        if (detail && (!v->detail[0] || p < v->detail_of)) {
                snprintf(v->detail, sizeof(v->detail), "%s", detail);
                v->detail_of = p;
        }
}

static bool is_vmware_disk(const DiskInfo *d) {
        return strcmp(d->vendor, "VMware") == 0 || strncmp(d->vendor, "VMware", 6) == 0;
}

static const BindingLine *find_binding(const DiskInfo *d, const Bindings *b, const DiskClass *k) {
        char id[BINDING_ID_MAX + 1];
        /* With a class asked for, only the identity that class binds by counts. */
        if ((!k || k->identify_by == IDENTIFY_BY_SERIAL) && d->has_serial) {
                const BindingLine *bl = bindings_find_by_id(b, d->serial.serial);
                if (bl)
                        return bl;
        }
        if ((!k || k->identify_by == IDENTIFY_BY_ISCSI) && d->iscsi_target &&
            disk_identity(d, true, id, sizeof(id)) == 0)
                return bindings_find_by_id(b, id);
        return NULL;
}

static int set_identity(Verdict *v, const DiskInfo *d, const DiskClass *k) {
        if (k && k->identify_by == IDENTIFY_BY_ISCSI) {
                if (disk_identity(d, true, v->identity, sizeof(v->identity)) < 0) {
                        add_problem(v, PROBLEM_NO_ISCSI_SESSION, NULL);
                        return 0;
                }
                v->has_identity = true;
                return 0;
        }
        if (k && k->name_from == NAME_FROM_BINDING) {
                enum serial_uniqueness u = d->has_serial ? scsi_serial_uniqueness(&d->serial) : SERIAL_NOT_UNIQUE;
                if (u == SERIAL_NOT_UNIQUE) {
                        if (is_vmware_disk(d))
                                add_problem(v, PROBLEM_NO_UNIQUE_ID,
                                            "VMware disk without a UUID: power the VM off, set "
                                            "disk.EnableUUID = \"TRUE\" in its configuration, power it on");
                        else
                                add_problem(v, PROBLEM_NO_UNIQUE_ID, NULL);
                } else if (u == SERIAL_KNOWN_DEFAULT)
                        add_problem(v, PROBLEM_DEFAULT_SERIAL, NULL);
        }
        if (d->has_serial) {
                snprintf(v->identity, sizeof(v->identity), "%s", d->serial.serial);
                v->has_identity = true;
        }
        return 0;
}

/* The name the device asks for: from its label, or from its binding (partitions of a
 * whole-disk binding follow the disk, as by-id links do). */
static int claim_name(const DiskInfo *d, const DiskClass *k, const BindingLine *bl, Verdict *v) {
        char buf[256];
        if (k->name_from == NAME_FROM_LABEL) {
                if (!d->fs_label) {
                        add_problem(v, PROBLEM_NO_LABEL, NULL);
                        return 0;
                }
                if (label_to_name(k->prefix, d->fs_type, d->fs_label, &v->claim) < 0) {
                        snprintf(buf, sizeof(buf), "label '%.100s' is not a safe name", d->fs_label);
                        add_problem(v, PROBLEM_UNSAFE_LABEL, buf);
                }
                return 0;
        }
        if (!bl)
                return 0;
        if (k->partition ? d->partition == k->partition : d->partition == 0) {
                v->claim = strdup(bl->name);
                return v->claim ? 0 : -ENOMEM;
        }
        if (!k->partition && d->partition) {
                size_t n = strlen(bl->name) + 16;
                v->claim = malloc(n);
                if (!v->claim)
                        return -ENOMEM;
                snprintf(v->claim, n, "%s-part%u", bl->name, d->partition);
        }
        return 0;
}

/* A name two devices would get is neither's.  What the bindings and configuration alone
 * show is found here, the same on every path; what only other present devices show comes
 * in through others. */
static bool same_line(const BindingLine *a, const BindingLine *b) {
        return a && b && a->line == b->line;
}

static void check_claim(const DiskInfo *d, const Bindings *b, const BindingLine *bl, const Others *others,
                        Verdict *v) {
        char buf[256];
        if (!v->claim)
                return;
        if (name_reserved(v->claim)) {
                snprintf(buf, sizeof(buf), "%.200s is in udev's or the kernel's namespace", v->claim);
                add_problem(v, PROBLEM_RESERVED_NAME, buf);
        }
        const BindingLine *o = bindings_find_by_name(b, v->claim);
        if (o && !same_line(o, bl)) {
                snprintf(buf, sizeof(buf), "%.100s is also bound to %.100s (bindings line %u)", v->claim,
                         o->id ? o->id : "?", o->line);
                add_problem(v, PROBLEM_NAME_COLLISION, buf);
        }
        /* A binding named like another binding's partition link ("X-part1"). */
        size_t stem = bl ? name_partition_link_stem(v->claim) : 0;
        if (stem && !d->partition) {
                _cleanup_free_ char *base = strndup(v->claim, stem);
                const BindingLine *w = base ? bindings_find_by_name(b, base) : NULL;
                if (w && !same_line(w, bl)) {
                        snprintf(buf, sizeof(buf), "%.100s is also a partition link of %.100s (bindings line %u)",
                                 v->claim, w->name, w->line);
                        add_problem(v, PROBLEM_NAME_COLLISION, buf);
                }
        }
        if (others && others->same_name) {
                snprintf(buf, sizeof(buf), "%.160s is also claimed by %.64s", v->claim, others->same_name);
                add_problem(v, PROBLEM_NAME_COLLISION, buf);
        }
}

/* A verdict that is final before any name is claimed. */
static int verdict_final(Verdict *v, Verdict *ret) {
        v->final = true;
        *ret = *v;
        *v = (Verdict) {};
        return 0;
}

int decide_claim(const DiskInfo *d, const Config *c, const Bindings *b, const DiskClass *class, Verdict *ret) {
        _cleanup_(verdict_done) Verdict v = {};
        char buf[256];
        int r;

        if (d->multipath_member) {
                snprintf(buf, sizeof(buf), "%.32s is a path of multipath map %.32s", d->sysname,
                         d->multipath_map ? d->multipath_map : "(not yet assembled)");
                add_problem(&v, PROBLEM_MULTIPATH_MEMBER, buf);
                return verdict_final(&v, ret);
        }
        if (!d->is_scsi && !d->is_multipath_map) {
                add_problem(&v, PROBLEM_NOT_SCSI, NULL);
                return verdict_final(&v, ret);
        }

        /* The binding, which knows the class; else the class asked for or matched. */
        const BindingLine *bl = find_binding(d, b, class);
        v.binding = bl;
        if (class)
                v.class = class;
        else if (bl) {
                v.class = config_find_class(c, bl->class);
                if (!v.class) {
                        snprintf(buf, sizeof(buf), "bindings line %u names class [%.64s]", bl->line, bl->class);
                        add_problem(&v, PROBLEM_UNKNOWN_CLASS, buf);
                        return verdict_final(&v, ret);
                }
        } else
                v.class = class_for_disk(c, d);

        const DiskClass *k = v.class;
        r = set_identity(&v, d, k);
        if (r < 0)
                return r;
        if (!k)
                /* Not ours: nothing to name, nothing to complain about. */
                return verdict_final(&v, ret);

        if (d->read_error) {
                snprintf(buf, sizeof(buf), "%.32s: %.100s", d->devnode, strerror(-d->read_error));
                add_problem(&v, PROBLEM_UNREADABLE, buf);
        }
        /* The event path parses only the bindings lines about this disk (bindings_parse_for),
         * so a line among them that does not apply (damaged, or one side of a conflict) was
         * meant for this disk: it must not look free, and no other disk is affected. */
        if (!bl && b && b->partial && b->n_problems > 0 && k->name_from == NAME_FROM_BINDING) {
                snprintf(buf, sizeof(buf), "bindings line %u: %.200s", b->problems[0].line, b->problems[0].message);
                add_problem(&v, PROBLEM_BINDINGS_ERROR, buf);
        }
        if (bl && strcmp(bl->class, k->name) != 0) {
                snprintf(buf, sizeof(buf), "%.32s is bound to class [%.64s], not [%.64s]", d->sysname, bl->class,
                         k->name);
                add_problem(&v, PROBLEM_CLASS_MISMATCH, buf);
        } else if ((bl || class) && !class_matches(k, d)) {
                snprintf(buf, sizeof(buf), "%.8s %.16s, %.32s does not fit [%.64s]", d->vendor, d->model, d->sysname, k->name);
                add_problem(&v, PROBLEM_CLASS_MISMATCH, buf);
        }

        r = claim_name(d, k, bl, &v);
        if (r < 0)
                return r;
        *ret = v;
        v = (Verdict) {};
        return 0;
}

int decide_check(const DiskInfo *d, const Bindings *b, const Others *others, Verdict *v) {
        char buf[256];
        if (v->final)
                return 0;
        v->final = true;
        if (others && others->same_identity && v->class->name_from == NAME_FROM_BINDING) {
                snprintf(buf, sizeof(buf), "%.160s is also presented by %.64s", v->identity, others->same_identity);
                add_problem(v, PROBLEM_DUPLICATE_SERIAL, buf);
        }
        check_claim(d, b, v->binding, others, v);
        if (!v->problems && v->claim) {
                v->name = strdup(v->claim);
                if (!v->name)
                        return -ENOMEM;
        }
        return 0;
}

int decide(const DiskInfo *d, const Config *c, const Bindings *b, const DiskClass *class, const Others *others,
           Verdict *ret) {
        int r = decide_claim(d, c, b, class, ret);
        if (r < 0)
                return r;
        r = decide_check(d, b, others, ret);
        if (r < 0)
                verdict_done(ret);
        return r;
}

/* The one place that says which name scan, list, query and apply show for a disk. */
const char *verdict_shown_name(const Verdict *v) {
        /* A disk the admin commands cannot open keeps the name export gives it: export
         * never opens the disk. */
        bool only_unreadable = v->problems == PROBLEM_BIT(PROBLEM_UNREADABLE);
        if (v->problems && !only_unreadable)
                return NULL;
        if (v->name)
                return v->name;
        /* A class that names partition N: the disk itself claims nothing, its partition
         * claims the binding's name. */
        if (v->binding && v->class && v->class->partition)
                return v->binding->name;
        return only_unreadable ? v->claim : NULL;
}
