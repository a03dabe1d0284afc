/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "naming.h"
#include "size.h"

_printf_(2, 3) static void set_error(ParseError *err, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
}

bool config_account_name_ok(const char *s) {
        size_t n = strlen(s);
        if (n == 0 || n > 32)
                return false;
        for (size_t i = 0; i < n; i++) {
                char c = s[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                          c == '_' || (i > 0 && (c == '-' || c == '.')) || (i == n - 1 && c == '$' && i > 0);
                if (!ok)
                        return false;
        }
        return true;
}

bool config_class_name_ok(const char *s) {
        if (!*s || strlen(s) > 64)
                return false;
        for (; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                      *s == '_' || *s == '-' || *s == '.'))
                        return false;
        return true;
}

static DiskClass *class_new(Config *c, const char *name, unsigned line) {
        DiskClass *n = realloc(c->classes, (c->n_classes + 1) * sizeof(DiskClass));
        if (!n)
                return NULL;
        c->classes = n;
        DiskClass *k = &c->classes[c->n_classes];
        *k = (DiskClass) { .match_host = -1, .line = line };
        k->name = strdup(name);
        if (!k->name)
                return NULL;
        c->n_classes++;
        return k;
}

/* The table of keys, after systemd's ConfigTableItem: key -> parser -> field.  A parser
 * gets the field it fills (the class plus the item's offset) and says why a value is wrong;
 * repeats are refused before any parser runs. */
typedef struct ConfigTableItem ConfigTableItem;
typedef int (*ConfigParser)(const ConfigTableItem *item, DiskClass *k, void *field, const char *value,
                            ParseError *err);
struct ConfigTableItem {
        const char *key;
        ConfigParser parse;
        size_t offset;      /* of the field in DiskClass */
        size_t line_offset; /* of an unsigned that keeps the key's line, or 0 */
};

static int config_parse_string(const ConfigTableItem *item, DiskClass *k, void *field, const char *v,
                               ParseError *e) {
        if (!*v) {
                set_error(e, "empty value for '%s'", item->key);
                return -EINVAL;
        }
        char **s = field;
        *s = strdup(v);
        return *s ? 0 : -ENOMEM;
}

static int config_parse_size(const ConfigTableItem *item, DiskClass *k, void *field, const char *v, ParseError *e) {
        uint64_t s;
        if (parse_size(v, &s) < 0 || s == 0) {
                set_error(e, "invalid size '%s' (expected e.g. 512M, 1G, 2T)", v);
                return -EINVAL;
        }
        *(uint64_t *) field = s;
        return 0;
}

static int parse_uint(const char *v, unsigned max, unsigned *ret) {
        char *end;
        errno = 0;
        if (*v < '0' || *v > '9')
                return -EINVAL;
        unsigned long n = strtoul(v, &end, 10);
        if (errno || *end || n > max)
                return -EINVAL;
        *ret = (unsigned) n;
        return 0;
}

static int config_parse_host(const ConfigTableItem *item, DiskClass *k, void *field, const char *v, ParseError *e) {
        unsigned h;
        const char *p = strncmp(v, "host", 4) == 0 ? v + 4 : v;
        if (parse_uint(p, 65535, &h) < 0) {
                set_error(e, "invalid SCSI host '%s' (expected a number, e.g. 2 or host2)", v);
                return -EINVAL;
        }
        *(int *) field = (int) h;
        return 0;
}

static int config_parse_name_pattern(const ConfigTableItem *item, DiskClass *k, void *field, const char *v,
                                     ParseError *e) {
        _cleanup_free_ char *sample = NULL;
        if (name_pattern_format(v, 1, &sample) < 0) {
                set_error(e, "invalid name pattern '%s': it needs exactly one %%d (e.g. asm/data%%02d) "
                             "and may only hold letters, digits, ._+-:=@# and '/'", v);
                return -EINVAL;
        }
        if (name_reserved(sample)) {
                set_error(e, "name pattern '%s' gives names in udev's or the kernel's namespace (%s)", v, sample);
                return -EINVAL;
        }
        return config_parse_string(item, k, field, v, e);
}

static int config_parse_prefix(const ConfigTableItem *item, DiskClass *k, void *field, const char *v,
                               ParseError *e) {
        if (name_validate(v) < 0) {
                set_error(e, "invalid prefix '%s': a relative path below /dev is expected", v);
                return -EINVAL;
        }
        if (name_reserved(v)) {
                set_error(e, "prefix '%s' is in udev's or the kernel's namespace", v);
                return -EINVAL;
        }
        return config_parse_string(item, k, field, v, e);
}

static int config_parse_name_from(const ConfigTableItem *item, DiskClass *k, void *field, const char *v,
                                  ParseError *e) {
        if (strcmp(v, "label") == 0)
                *(NameFrom *) field = NAME_FROM_LABEL;
        else if (strcmp(v, "binding") == 0)
                *(NameFrom *) field = NAME_FROM_BINDING;
        else {
                set_error(e, "invalid name-from '%s' (expected 'binding' or 'label')", v);
                return -EINVAL;
        }
        return 0;
}

static int config_parse_identify_by(const ConfigTableItem *item, DiskClass *k, void *field, const char *v,
                                    ParseError *e) {
        if (strcmp(v, "iscsi") == 0)
                *(IdentifyBy *) field = IDENTIFY_BY_ISCSI;
        else if (strcmp(v, "serial") == 0)
                *(IdentifyBy *) field = IDENTIFY_BY_SERIAL;
        else {
                set_error(e, "invalid identify-by '%s' (expected 'serial' or 'iscsi')", v);
                return -EINVAL;
        }
        return 0;
}

static int config_parse_account(const ConfigTableItem *item, DiskClass *k, void *field, const char *v,
                                ParseError *e) {
        if (!config_account_name_ok(v)) {
                set_error(e, "invalid %s name '%s'", strcmp(item->key, "owner") == 0 ? "user" : "group", v);
                return -EINVAL;
        }
        return config_parse_string(item, k, field, v, e);
}

static int config_parse_mode(const ConfigTableItem *item, DiskClass *k, void *field, const char *v, ParseError *e) {
        char *end;
        errno = 0;
        unsigned long m = strtoul(v, &end, 8);
        if (!*v || errno || *end || m > 07777 || *v < '0' || *v > '7') {
                set_error(e, "invalid mode '%s' (expected octal, e.g. 0660)", v);
                return -EINVAL;
        }
        *(mode_t *) field = (mode_t) m;
        k->has_mode = true;
        return 0;
}

static int config_parse_partition(const ConfigTableItem *item, DiskClass *k, void *field, const char *v,
                                  ParseError *e) {
        unsigned p;
        if (parse_uint(v, 128, &p) < 0 || p == 0) {
                set_error(e, "invalid partition '%s' (expected 1 to 128)", v);
                return -EINVAL;
        }
        *(unsigned *) field = p;
        return 0;
}

static const ConfigTableItem config_table[] = {
        { "match-vendor", config_parse_string, offsetof(DiskClass, match_vendor), 0 },
        { "match-model", config_parse_string, offsetof(DiskClass, match_model), 0 },
        { "match-fs-type", config_parse_string, offsetof(DiskClass, match_fs_type), 0 },
        { "match-host", config_parse_host, offsetof(DiskClass, match_host), 0 },
        { "min-size", config_parse_size, offsetof(DiskClass, min_size), 0 },
        { "max-size", config_parse_size, offsetof(DiskClass, max_size), 0 },
        { "name", config_parse_name_pattern, offsetof(DiskClass, name_pattern), 0 },
        { "name-from", config_parse_name_from, offsetof(DiskClass, name_from), 0 },
        { "prefix", config_parse_prefix, offsetof(DiskClass, prefix), 0 },
        { "identify-by", config_parse_identify_by, offsetof(DiskClass, identify_by), 0 },
        { "owner", config_parse_account, offsetof(DiskClass, owner), offsetof(DiskClass, owner_line) },
        { "group", config_parse_account, offsetof(DiskClass, group), offsetof(DiskClass, group_line) },
        { "mode", config_parse_mode, offsetof(DiskClass, mode), 0 },
        { "partition", config_parse_partition, offsetof(DiskClass, partition), 0 },
};

/* One pass over the lines: each key is assigned as its line is read. */
typedef struct ParseState {
        Config *config;
        char section[CONFIG_LINE_MAX + 1]; /* the current [section]'s name, "" before the first */
        unsigned section_line;
        DiskClass *current; /* the current section's class, made at its first key */
        unsigned seen[ELEMENTSOF(config_table)]; /* line of each key in the current class, 0: not yet */
        ParseError key_error; /* the first key's error: reported unless a line is malformed */
        bool failed;
} ParseState;

static int assign_key(ParseState *s, const char *key, const char *value, unsigned line) {
        ParseError *e = &s->key_error;
        e->line = line;
        if (!s->section_line) {
                set_error(e, "'%s' is outside of any [class] section", key);
                return -EINVAL;
        }
        if (!s->current || s->current->line != s->section_line) {
                if (!config_class_name_ok(s->section)) {
                        e->line = s->section_line;
                        set_error(e, "invalid class name [%s] (letters, digits, '_', '-', '.')", s->section);
                        return -EINVAL;
                }
                s->current = class_new(s->config, s->section, s->section_line);
                if (!s->current) {
                        set_error(e, "out of memory");
                        return -ENOMEM;
                }
                memset(s->seen, 0, sizeof(s->seen));
        }
        DiskClass *k = s->current;

        for (size_t i = 0; i < ELEMENTSOF(config_table); i++) {
                const ConfigTableItem *item = &config_table[i];
                if (strcmp(item->key, key) != 0)
                        continue;
                if (s->seen[i]) {
                        set_error(e, "'%s' is set twice in [%s] (first on line %u)", key, s->section, s->seen[i]);
                        return -EINVAL;
                }
                s->seen[i] = line;
                int r = item->parse(item, k, (uint8_t *) k + item->offset, value, e);
                if (r == -ENOMEM)
                        set_error(e, "out of memory");
                if (r < 0)
                        return r;
                if (item->line_offset)
                        *(unsigned *) ((uint8_t *) k + item->line_offset) = line;
                return 0;
        }
        set_error(e, "unknown key '%s' in [%s]", key, s->section);
        return -EINVAL;
}

_printf_(3, 4) static int class_error(ParseError *err, const DiskClass *k, const char *fmt, ...) {
        va_list ap;
        char tmp[200];
        va_start(ap, fmt);
        vsnprintf(tmp, sizeof(tmp), fmt, ap);
        va_end(ap);
        err->line = k->line;
        snprintf(err->message, sizeof(err->message), "[%s]: %s", k->name, tmp);
        return -EINVAL;
}

static int class_validate(const DiskClass *k, ParseError *err) {
        if (!k->match_vendor && !k->match_model && !k->match_fs_type && k->match_host < 0 && !k->min_size &&
            !k->max_size)
                return class_error(err, k,
                                   "no match-* key: a class must say which disks it takes, or it would "
                                   "take the system disk too");
        if (k->max_size && k->min_size > k->max_size)
                return class_error(err, k, "min-size is larger than max-size");
        if (k->name_from == NAME_FROM_LABEL) {
                if (!k->prefix)
                        return class_error(err, k, "name-from = label needs prefix =");
                if (k->name_pattern)
                        return class_error(err, k, "name = and name-from = label exclude each other");
                if (!k->match_fs_type)
                        return class_error(err, k, "name-from = label needs match-fs-type = (oracleasm or gfs2)");
        } else {
                if (!k->name_pattern)
                        return class_error(err, k, "missing name = (e.g. name = asm/data%%02d)");
                if (k->prefix)
                        return class_error(err, k, "prefix = only applies with name-from = label");
        }
        return 0;
}

static bool is_space(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_key_char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

typedef struct Section {
        const char *name;
        size_t len;
        unsigned line;
} Section;

/* The lines: one rule for every line (no continuation lines; '#' or ';' after whitespace
 * starts a comment; [class] or key = value; at most CONFIG_LINE_MAX bytes), and each key
 * assigned to its class as it is read.  A malformed line anywhere is the error reported;
 * else the first key's error. */
static int parse_lines(const char *text, ParseState *st, ParseError *err) {
        _cleanup_free_ Section *sections = NULL;
        size_t n_sections = 0;
        unsigned lineno = 0;

        if (strncmp(text, "\xef\xbb\xbf", 3) == 0)
                text += 3;
        for (const char *p = text; *p;) {
                const char *eol = strchr(p, '\n');
                size_t len = eol ? (size_t) (eol - p) : strlen(p);
                const char *next = eol ? eol + 1 : p + len;
                err->line = ++lineno;

                if (len > CONFIG_LINE_MAX) {
                        set_error(err, "line longer than %d bytes", CONFIG_LINE_MAX);
                        return -EINVAL;
                }
                /* The comment rule: '#' or ';' at the start of a line or after whitespace
                 * starts a comment, on every line; elsewhere it is part of the value. */
                size_t end = len;
                for (size_t i = 0; i < len; i++)
                        if ((p[i] == '#' || p[i] == ';') && (i == 0 || is_space(p[i - 1]))) {
                                end = i;
                                break;
                        }
                size_t start = 0;
                while (start < end && is_space(p[start]))
                        start++;
                while (end > start && is_space(p[end - 1]))
                        end--;
                const char *s = p + start;
                size_t n = end - start;

                if (n == 0) {
                        /* blank or comment only */
                } else if (start > 0) {
                        set_error(err, "indented line: there are no continuation lines; write each key = value "
                                       "on one line, starting at the beginning of the line");
                        return -EINVAL;
                } else if (s[0] == '[') {
                        if (s[n - 1] != ']' || memchr(s + 1, ']', n - 2)) {
                                set_error(err, "syntax error (expected [class]; a comment needs whitespace before '#')");
                                return -EINVAL;
                        }
                        for (size_t i = 0; i < n_sections; i++)
                                if (sections[i].len == n - 2 && memcmp(sections[i].name, s + 1, n - 2) == 0) {
                                        set_error(err, "class [%.*s] is defined twice (first on line %u)",
                                                  (int) (n - 2), s + 1, sections[i].line);
                                        return -EINVAL;
                                }
                        Section *ns = realloc(sections, (n_sections + 1) * sizeof(Section));
                        if (!ns)
                                return -ENOMEM;
                        sections = ns;
                        sections[n_sections++] = (Section) { s + 1, n - 2, lineno };
                        memcpy(st->section, s + 1, n - 2);
                        st->section[n - 2] = '\0';
                        st->section_line = lineno;
                } else {
                        const char *eq = memchr(s, '=', n);
                        size_t klen = eq ? (size_t) (eq - s) : 0;
                        while (klen > 0 && is_space(s[klen - 1]))
                                klen--;
                        bool key_ok = klen > 0;
                        for (size_t i = 0; i < klen; i++)
                                key_ok = key_ok && is_key_char(s[i]);
                        if (!eq || !key_ok) {
                                set_error(err, "syntax error (expected [class] or key = value)");
                                return -EINVAL;
                        }
                        const char *v = eq + 1;
                        while (v < s + n && is_space(*v))
                                v++;
                        char key[CONFIG_LINE_MAX + 1], value[CONFIG_LINE_MAX + 1];
                        memcpy(key, s, klen);
                        key[klen] = '\0';
                        memcpy(value, v, (size_t) (s + n - v));
                        value[s + n - v] = '\0';
                        if (!st->failed && assign_key(st, key, value, lineno) < 0)
                                st->failed = true;
                }
                p = next;
        }
        err->line = 0;
        if (st->failed) {
                *err = st->key_error;
                return -EINVAL;
        }
        return 0;
}

int config_parse(const char *text, Config *ret, ParseError *err) {
        Config c = {};
        memset(err, 0, sizeof(*err));

        _cleanup_free_ ParseState *s = calloc(1, sizeof(ParseState));
        if (!s)
                return -ENOMEM;
        s->config = &c;
        int r = parse_lines(text, s, err);
        if (r < 0) {
                config_done(&c);
                return r;
        }
        for (size_t i = 0; i < c.n_classes; i++) {
                r = class_validate(&c.classes[i], err);
                if (r < 0) {
                        config_done(&c);
                        return r;
                }
        }
        *ret = c;
        return 0;
}

void config_done(Config *c) {
        for (size_t i = 0; i < c->n_classes; i++) {
                DiskClass *k = &c->classes[i];
                free(k->name);
                free(k->match_vendor);
                free(k->match_model);
                free(k->match_fs_type);
                free(k->name_pattern);
                free(k->prefix);
                free(k->owner);
                free(k->group);
        }
        free(c->classes);
        *c = (Config) {};
}

const DiskClass *config_find_class(const Config *c, const char *name) {
        for (size_t i = 0; i < c->n_classes; i++)
                if (strcmp(c->classes[i].name, name) == 0)
                        return &c->classes[i];
        return NULL;
}
