/* SPDX-License-Identifier: MIT */
#include "rules-import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bindings.h"
#include "macro.h"
#include "naming.h"

/* Enough to name every bad line of a large file; past it one more says so. */
#define IMPORT_MAX_PROBLEMS 1024

void import_result_done(ImportResult *r) {
        for (size_t i = 0; i < r->n_entries; i++) {
                free(r->entries[i].name);
                free(r->entries[i].id);
                free(r->entries[i].owner);
                free(r->entries[i].group);
        }
        free(r->entries);
        free(r->problems);
        *r = (ImportResult) {};
}

_printf_(3, 4) static int problem(ImportResult *r, unsigned line, const char *fmt, ...) {
        if (r->n_problems > IMPORT_MAX_PROBLEMS)
                return 0;
        ImportProblem *n = realloc(r->problems, (r->n_problems + 1) * sizeof(ImportProblem));
        if (!n)
                return -ENOMEM;
        r->problems = n;
        ImportProblem *p = &r->problems[r->n_problems++];
        p->line = line;
        if (r->n_problems > IMPORT_MAX_PROBLEMS) {
                snprintf(p->message, sizeof(p->message), "more than %d problems: the rest not shown",
                         IMPORT_MAX_PROBLEMS);
                return 0;
        }
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->message, sizeof(p->message), fmt, ap);
        va_end(ap);
        return 0;
}

static bool is_blank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
}

static bool is_digit(char c) {
        return c >= '0' && c <= '9';
}

static bool is_lower(char c) {
        return c >= 'a' && c <= 'z';
}

/* A name udev-helper can bind: valid, outside udev's and the kernel's namespaces, and
 * literal (a '%k' or '$env{}' names a different link per device). */
static const char *name_refusal(const char *name) {
        if (strpbrk(name, "%$*?[ "))
                return "is a substitution, a glob or several links, not one name";
        if (name_validate(name) < 0)
                return "is not a valid name";
        if (name_reserved(name))
                return "is in udev's or the kernel's namespace";
        return NULL;
}

static int add_entry(ImportResult *r, unsigned line, const char *name, const char *id, unsigned partition,
                     const char *owner, const char *group, mode_t mode, bool has_mode) {
        if (r->n_entries >= IMPORT_MAX_ENTRIES)
                return problem(r, line, "more than %d disks: not imported", IMPORT_MAX_ENTRIES);
        if (r->n_entries % 64 == 0) {
                ImportEntry *n = realloc(r->entries, (r->n_entries + 64) * sizeof(ImportEntry));
                if (!n)
                        return -ENOMEM;
                r->entries = n;
        }
        ImportEntry *e = &r->entries[r->n_entries];
        *e = (ImportEntry) { .line = line, .partition = partition, .mode = mode, .has_mode = has_mode };
        e->name = strdup(name);
        e->id = strdup(id);
        e->owner = owner ? strdup(owner) : NULL;
        e->group = group ? strdup(group) : NULL;
        r->n_entries++;
        if (!e->name || !e->id || (owner && !e->owner) || (group && !e->group))
                return -ENOMEM;
        return 0;
}

/* One rule, as the keys that matter here; pointers into the logical line's copy. */
typedef struct Rule {
        const char *name, *owner, *group, *mode;
        const char *program, *result, *serial, *dm_uuid, *kernel, *devtype;
        const char *other;   /* an assignment udev-helper cannot do (RUN+=, OPTIONS, ...) */
        const char *bad_key; /* a match on an identity in a form the bindings do not hold */
        bool two_names;
} Rule;

/* KEY or KEY{ATTR}, then the operator, then "VALUE"; NUL-terminates each piece in place.
 * Returns the position after the value, or NULL with *why set. */
static char *next_key(char *p, char **key, char **attr, char **op, char **value, const char **why) {
        *attr = NULL;
        *key = p;
        while ((*p >= 'A' && *p <= 'Z') || *p == '_')
                p++;
        if (p == *key) {
                *why = "expected KEY==\"VALUE\"";
                return NULL;
        }
        char *key_end = p;
        if (*p == '{') {
                *attr = ++p;
                while (*p && *p != '}' && *p != '"' && !is_blank(*p))
                        p++;
                if (*p != '}') {
                        *why = "unterminated {";
                        return NULL;
                }
                *p++ = '\0';
        }
        while (is_blank(*p))
                p++;
        static const char *const ops[] = { "==", "!=", "+=", "-=", ":=", "=" };
        const char *found = NULL;
        for (size_t i = 0; i < ELEMENTSOF(ops) && !found; i++)
                if (strncmp(p, ops[i], strlen(ops[i])) == 0)
                        found = ops[i];
        if (!found) {
                *why = "expected an operator (==, !=, =, +=, -=, :=)";
                return NULL;
        }
        *key_end = '\0';
        *op = (char *) found;
        p += strlen(found);
        while (is_blank(*p))
                p++;
        if (*p != '"') {
                *why = "expected a \"quoted\" value";
                return NULL;
        }
        *value = ++p;
        while (*p && *p != '"' && *p != '\\')
                p++;
        if (*p == '\\') {
                *why = "an escape in a value (not imported: cannot be sure what it matches)";
                return NULL;
        }
        if (*p != '"') {
                *why = "unterminated \"value\"";
                return NULL;
        }
        *p++ = '\0';
        return p;
}

static bool is_match(const char *op) {
        return strcmp(op, "==") == 0 || strcmp(op, "!=") == 0;
}

/* Keys that only narrow which devices a rule applies to: harmless here, the identity picks
 * the disk. */
static bool narrowing_key(const char *key) {
        static const char *const keys[] = { "ACTION",  "SUBSYSTEM", "SUBSYSTEMS", "BUS",    "DRIVER", "DRIVERS",
                                            "ATTR",    "ATTRS",     "SYSFS",      "KERNELS", "TAG",    "TAGS",
                                            "DEVPATH", "NAME",      "SYMLINK",    "TEST",   "ENV",    "KERNEL" };
        for (size_t i = 0; i < ELEMENTSOF(keys); i++)
                if (strcmp(key, keys[i]) == 0)
                        return true;
        return false;
}

static void set_once(const char **slot, const char *value, bool *twice) {
        if (*slot && strcmp(*slot, value) != 0)
                *twice = true;
        *slot = value;
}

static const char *rule_key(Rule *rule, char *key, const char *attr, const char *op, const char *value,
                            bool *conflict) {
        bool match = is_match(op);
        bool eq = strcmp(op, "==") == 0;
        if (strcmp(key, "SYMLINK") == 0 && !match) {
                if (strcmp(op, "-=") == 0)
                        return "SYMLINK-= removes a link: not imported";
                if (rule->name)
                        rule->two_names = true;
                rule->name = value;
        } else if (strcmp(key, "NAME") == 0 && !match) {
                if (rule->name)
                        rule->two_names = true;
                rule->name = value;
        } else if (strcmp(key, "OWNER") == 0 && !match)
                rule->owner = value;
        else if (strcmp(key, "GROUP") == 0 && !match)
                rule->group = value;
        else if (strcmp(key, "MODE") == 0 && !match)
                rule->mode = value;
        else if (strcmp(key, "PROGRAM") == 0 && (eq || strcmp(op, "=") == 0))
                set_once(&rule->program, value, conflict);
        else if (strcmp(key, "RESULT") == 0) {
                if (!eq)
                        return "RESULT other than ==: not imported";
                set_once(&rule->result, value, conflict);
        } else if (strcmp(key, "KERNEL") == 0 && eq)
                set_once(&rule->kernel, value, conflict);
        else if (strcmp(key, "ENV") == 0 && attr && match) {
                if (strcmp(attr, "ID_SERIAL") == 0) {
                        if (!eq)
                                return "ENV{ID_SERIAL}!= : not imported";
                        set_once(&rule->serial, value, conflict);
                } else if (strcmp(attr, "DM_UUID") == 0) {
                        if (!eq)
                                return "ENV{DM_UUID}!= : not imported";
                        set_once(&rule->dm_uuid, value, conflict);
                } else if (strcmp(attr, "DEVTYPE") == 0 && eq)
                        set_once(&rule->devtype, value, conflict);
                else if (strcmp(attr, "ID_SERIAL_SHORT") == 0 || strcmp(attr, "ID_WWN") == 0 ||
                         strcmp(attr, "ID_SCSI_SERIAL") == 0 || strcmp(attr, "ID_WWN_WITH_EXTENSION") == 0 ||
                         strcmp(attr, "DM_NAME") == 0)
                        rule->bad_key = attr;
        } else if (strcmp(key, "IMPORT") == 0 && attr && strcmp(attr, "program") == 0 && strstr(value, "scsi_id"))
                ; /* sets ID_SERIAL, which the rule then matches */
        else if (!(match && narrowing_key(key)))
                rule->other = key;
        return NULL;
}

/* The partition a KERNEL=="..." pattern names: "sd?1", "sd*1", "sdb1", "vd?2", "nvme*n1p1"
 * name partition N; "sd?", "sd*", "sdb", "dm-*" the whole disk.  -1: cannot tell. */
static int kernel_partition(const char *k) {
        size_t n = strlen(k), d = n;
        while (d > 0 && is_digit(k[d - 1]))
                d--;
        if (d == n)
                return 0;
        if (n - d > 3 || d == 0)
                return -1;
        unsigned v = (unsigned) strtoul(k + d, NULL, 10);
        if (v == 0)
                return -1;
        if (strncmp(k, "dm-", 3) == 0)
                return d == 3 ? 0 : -1; /* dm-3: a kernel name, no partition */
        char before = k[d - 1];
        if (strncmp(k, "nvme", 4) == 0)
                return before == 'p' ? (int) v : d > 4 && (before == 'n' || before == '*') ? 0 : -1;
        if (strncmp(k, "sd", 2) == 0 || strncmp(k, "vd", 2) == 0 || strncmp(k, "xvd", 3) == 0 ||
            strncmp(k, "hd", 2) == 0)
                return (is_lower(before) || before == '?' || before == '*' || before == ']') ? (int) v : -1;
        return -1;
}

static int parse_mode(const char *s, mode_t *ret) {
        if (!*s || strlen(s) > 5)
                return -EINVAL;
        unsigned v = 0;
        for (; *s; s++) {
                if (*s < '0' || *s > '7')
                        return -EINVAL;
                v = v * 8 + (unsigned) (*s - '0');
        }
        if (v > 07777)
                return -EINVAL;
        *ret = (mode_t) v;
        return 0;
}

/* The identity as the bindings file holds it, or NULL with *why. */
static const char *rule_identity(const Rule *rule, const char **why) {
        const char *id = NULL;
        if (rule->result || rule->program) {
                if (!rule->program || !rule->result) {
                        *why = rule->program ? "PROGRAM without RESULT==" : "RESULT== without PROGRAM";
                        return NULL;
                }
                if (!strstr(rule->program, "scsi_id")) {
                        *why = "PROGRAM is not scsi_id: its RESULT is no serial udev-helper knows";
                        return NULL;
                }
                id = rule->result;
        }
        if (rule->serial) {
                if (id && strcmp(id, rule->serial) != 0) {
                        *why = "two different identities";
                        return NULL;
                }
                id = rule->serial;
        }
        if (rule->dm_uuid) {
                if (strncmp(rule->dm_uuid, "mpath-", 6) != 0) {
                        *why = "ENV{DM_UUID} is not a multipath map's (mpath-WWID)";
                        return NULL;
                }
                const char *w = rule->dm_uuid + 6;
                if (id && strcmp(id, w) != 0) {
                        *why = "two different identities";
                        return NULL;
                }
                id = w;
        }
        if (!id) {
                *why = NULL;
                return NULL;
        }
        if (strpbrk(id, "*?[|")) {
                *why = "the identity is a glob: it may match more than one disk";
                return NULL;
        }
        if (!binding_id_ok(id)) {
                *why = "the identity is no serial scsi_id can print";
                return NULL;
        }
        return id;
}

static int parse_rule(ImportResult *r, char *s, unsigned line) {
        Rule rule = {};
        bool conflict = false;
        char *p = s;
        for (;;) {
                while (is_blank(*p) || *p == ',')
                        p++;
                if (!*p)
                        break;
                char *key, *attr, *op, *value;
                const char *why = NULL;
                char *next = next_key(p, &key, &attr, &op, &value, &why);
                if (!next)
                        return problem(r, line, "not imported: %s", why);
                why = rule_key(&rule, key, attr, op, value, &conflict);
                if (why)
                        return problem(r, line, "%s", why);
                p = next;
                if (*p && !is_blank(*p) && *p != ',')
                        return problem(r, line, "not imported: expected ',' after a value");
        }
        if (conflict)
                return problem(r, line, "not imported: a key matched twice with different values");
        if (rule.bad_key)
                return problem(r, line, "not imported: ENV{%.32s} is not the serial the bindings file holds",
                               rule.bad_key);
        const char *why = NULL;
        const char *id = rule_identity(&rule, &why);
        if (!id && why)
                return problem(r, line, "not imported: %s", why);
        if (!id && !rule.name) {
                if (rule.owner || rule.group || rule.mode)
                        return problem(r, line, "not imported: sets owners of a device named by kernel name, "
                                                "not by its identity");
                if (rule.other && strcmp(rule.other, "RUN") == 0)
                        return problem(r, line, "not imported: RUN+= (a mknod or chown script?) by kernel name: "
                                                "udev-helper does not run programs");
                return 0; /* no disk named here: GOTO, LABEL, another kind of rule */
        }
        if (!id)
                return problem(r, line, "not imported: names %.64s by kernel name, not by its identity", rule.name);
        if (!rule.name)
                return problem(r, line, "not imported: matches %.80s but gives it no SYMLINK+= or NAME=%s", id,
                               rule.other ? " (a RUN+= mknod rule?)" : "");
        if (rule.two_names)
                return problem(r, line, "not imported: more than one SYMLINK/NAME");
        const char *bad = name_refusal(rule.name);
        if (bad)
                return problem(r, line, "not imported: '%.64s' %s", rule.name, bad);
        if (rule.other)
                return problem(r, line, "not imported: %.32s: udev-helper does not do what this assignment does",
                               rule.other);
        if ((rule.owner && !config_account_name_ok(rule.owner)) || (rule.group && !config_account_name_ok(rule.group)))
                return problem(r, line, "not imported: OWNER/GROUP is not a plain account name");
        mode_t mode = 0;
        if (rule.mode && parse_mode(rule.mode, &mode) < 0)
                return problem(r, line, "not imported: MODE \"%.16s\" is not octal", rule.mode);

        int partition = 0;
        if (rule.dm_uuid && rule.kernel && strncmp(rule.kernel, "dm-", 3) != 0)
                return problem(r, line, "not imported: KERNEL==\"%.32s\" with a multipath map's DM_UUID",
                               rule.kernel);
        if (rule.kernel) {
                partition = kernel_partition(rule.kernel);
                if (partition < 0)
                        return problem(r, line, "not imported: cannot tell disk or partition from KERNEL==\"%.32s\"",
                                       rule.kernel);
        }
        if (rule.devtype) {
                bool part = strcmp(rule.devtype, "partition") == 0;
                if (!part && strcmp(rule.devtype, "disk") != 0)
                        return problem(r, line, "not imported: ENV{DEVTYPE}==\"%.32s\"", rule.devtype);
                if (part && partition == 0)
                        return problem(r, line, "not imported: a partition, but KERNEL== does not say which one");
                if (!part && partition > 0)
                        return problem(r, line, "not imported: ENV{DEVTYPE}==\"disk\" but KERNEL== names partition %d",
                                       partition);
        }
        return add_entry(r, line, rule.name, id, (unsigned) partition, rule.owner, rule.group, mode, rule.mode != NULL);
}

/* /etc/multipath/bindings: "ALIAS WWID" lines, '#' comments. */
static int parse_mpath_line(ImportResult *r, char *s, unsigned line) {
        char *f[3] = {};
        size_t n = 0;
        for (char *p = s; *p;) {
                while (is_blank(*p))
                        p++;
                if (!*p || *p == '#')
                        break;
                if (n < 3)
                        f[n] = p;
                n++;
                while (*p && !is_blank(*p))
                        p++;
                if (*p)
                        *p++ = '\0';
        }
        if (n == 0)
                return 0;
        if (n != 2)
                return problem(r, line, "not imported: expected 'ALIAS WWID'");
        const char *bad = name_refusal(f[0]);
        if (bad)
                return problem(r, line, "not imported: '%.64s' %s", f[0], bad);
        if (!binding_id_ok(f[1]))
                return problem(r, line, "not imported: '%.64s' is no WWID scsi_id can print", f[1]);
        return add_entry(r, line, f[0], f[1], 0, NULL, NULL, 0, false);
}

int import_parse(const char *text, size_t size, ImportFormat format, ImportResult *ret) {
        *ret = (ImportResult) {};
        if (size > IMPORT_MAX_SIZE)
                return -EFBIG;
        _cleanup_free_ char *buf = malloc(IMPORT_LINE_MAX + 1);
        if (!buf)
                return -ENOMEM;
        size_t pos = 0;
        unsigned lineno = 0;
        int r = 0;
        while (pos < size && r >= 0) {
                /* One logical line: physical lines joined where one ends in '\' (udev's rule). */
                unsigned first = lineno + 1;
                size_t len = 0;
                bool too_long = false, nul = false;
                for (;;) {
                        const char *s = text + pos;
                        const char *nl = memchr(s, '\n', size - pos);
                        size_t n = nl ? (size_t) (nl - s) : size - pos;
                        pos += n + (nl ? 1 : 0);
                        lineno++;
                        if (memchr(s, '\0', n))
                                nul = true;
                        bool cont = format == IMPORT_UDEV_RULES && n > 0 && s[n - 1] == '\\';
                        if (cont)
                                n--;
                        if (len + n > IMPORT_LINE_MAX)
                                too_long = true;
                        else {
                                memcpy(buf + len, s, n);
                                len += n;
                        }
                        if (!cont || pos >= size)
                                break;
                }
                buf[len] = '\0';
                if (nul) {
                        r = problem(ret, first, "not imported: the line contains a NUL byte");
                        continue;
                }
                if (too_long) {
                        r = problem(ret, first, "not imported: line longer than %d bytes", IMPORT_LINE_MAX);
                        continue;
                }
                char *s = buf;
                while (is_blank(*s))
                        s++;
                if (!*s || *s == '#')
                        continue;
                r = format == IMPORT_UDEV_RULES ? parse_rule(ret, s, first) : parse_mpath_line(ret, s, first);
        }
        if (r < 0) {
                import_result_done(ret);
                return r;
        }
        return 0;
}
