/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "naming.h"
#include "size.h"

typedef struct ParseState {
        const char *text;
        Config *config;
        ParseError *err;
        char *current_section;
        bool failed;
} ParseState;

_printf_(2, 3) static void set_error(ParseError *err, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
}

static unsigned section_header_line(const char *text, const char *section) {
        unsigned line = 1;
        size_t n = strlen(section);
        for (const char *p = text; *p; line++) {
                const char *eol = strchr(p, '\n');
                const char *q = p;
                while (*q == ' ' || *q == '\t')
                        q++;
                if (*q == '[' && strncmp(q + 1, section, n) == 0 && q[1 + n] == ']')
                        return line;
                if (!eol)
                        break;
                p = eol + 1;
        }
        return 0;
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

static bool section_name_ok(const char *s) {
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
        *k = (DiskClass) { .match_host = -1 };
        k->name = strdup(name);
        if (!k->name)
                return NULL;
        k->line = line;
        c->n_classes++;
        return k;
}

static int set_string(char **field, const char *value) {
        if (*field)
                return -EEXIST;
        *field = strdup(value);
        return *field ? 0 : -ENOMEM;
}

/* The table of keys: each parses its value into the class or says why not. */
typedef int (*key_parser)(DiskClass *k, const char *value, ParseError *err);

static int parse_glob(char **field, const char *value, ParseError *err) {
        if (!*value) {
                set_error(err, "empty value");
                return -EINVAL;
        }
        return set_string(field, value);
}

static int key_match_vendor(DiskClass *k, const char *v, ParseError *e) {
        return parse_glob(&k->match_vendor, v, e);
}
static int key_match_model(DiskClass *k, const char *v, ParseError *e) {
        return parse_glob(&k->match_model, v, e);
}
static int key_match_fs_type(DiskClass *k, const char *v, ParseError *e) {
        return parse_glob(&k->match_fs_type, v, e);
}

static int key_size(uint64_t *field, const char *v, ParseError *e) {
        uint64_t s;
        if (parse_size(v, &s) < 0 || s == 0) {
                set_error(e, "invalid size '%s' (expected e.g. 512M, 1G, 2T)", v);
                return -EINVAL;
        }
        *field = s;
        return 0;
}
static int key_min_size(DiskClass *k, const char *v, ParseError *e) {
        return key_size(&k->min_size, v, e);
}
static int key_max_size(DiskClass *k, const char *v, ParseError *e) {
        return key_size(&k->max_size, v, e);
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

static int key_match_host(DiskClass *k, const char *v, ParseError *e) {
        unsigned h;
        const char *p = strncmp(v, "host", 4) == 0 ? v + 4 : v;
        if (parse_uint(p, 65535, &h) < 0) {
                set_error(e, "invalid SCSI host '%s' (expected a number, e.g. 2 or host2)", v);
                return -EINVAL;
        }
        k->match_host = (int) h;
        return 0;
}

static int key_name(DiskClass *k, const char *v, ParseError *e) {
        if (name_pattern_validate(v) < 0) {
                set_error(e, "invalid name pattern '%s': it needs exactly one %%d (e.g. asm/data%%02d) "
                             "and may only hold letters, digits, ._+-:=@# and '/'", v);
                return -EINVAL;
        }
        return set_string(&k->name_pattern, v);
}

static int key_prefix(DiskClass *k, const char *v, ParseError *e) {
        if (name_validate(v) < 0) {
                set_error(e, "invalid prefix '%s': a relative path below /dev is expected", v);
                return -EINVAL;
        }
        return set_string(&k->prefix, v);
}

static int key_name_from(DiskClass *k, const char *v, ParseError *e) {
        if (strcmp(v, "label") == 0)
                k->name_from = NAME_FROM_LABEL;
        else if (strcmp(v, "binding") == 0)
                k->name_from = NAME_FROM_BINDING;
        else {
                set_error(e, "invalid name-from '%s' (expected 'binding' or 'label')", v);
                return -EINVAL;
        }
        return 0;
}

static int key_identify_by(DiskClass *k, const char *v, ParseError *e) {
        if (strcmp(v, "iscsi") == 0)
                k->identify_by = IDENTIFY_BY_ISCSI;
        else if (strcmp(v, "serial") == 0)
                k->identify_by = IDENTIFY_BY_SERIAL;
        else {
                set_error(e, "invalid identify-by '%s' (expected 'serial' or 'iscsi')", v);
                return -EINVAL;
        }
        return 0;
}

static int key_account(char **field, const char *what, const char *v, ParseError *e) {
        if (!config_account_name_ok(v)) {
                set_error(e, "invalid %s name '%s'", what, v);
                return -EINVAL;
        }
        return set_string(field, v);
}
static int key_owner(DiskClass *k, const char *v, ParseError *e) {
        return key_account(&k->owner, "user", v, e);
}
static int key_group(DiskClass *k, const char *v, ParseError *e) {
        return key_account(&k->group, "group", v, e);
}

static int key_mode(DiskClass *k, const char *v, ParseError *e) {
        char *end;
        errno = 0;
        unsigned long m = strtoul(v, &end, 8);
        if (!*v || errno || *end || m > 07777 || *v < '0' || *v > '7') {
                set_error(e, "invalid mode '%s' (expected octal, e.g. 0660)", v);
                return -EINVAL;
        }
        k->mode = (mode_t) m;
        k->has_mode = true;
        return 0;
}

static int key_partition(DiskClass *k, const char *v, ParseError *e) {
        unsigned p;
        if (parse_uint(v, 128, &p) < 0 || p == 0) {
                set_error(e, "invalid partition '%s' (expected 1 to 128)", v);
                return -EINVAL;
        }
        k->partition = p;
        return 0;
}

static const struct {
        const char *key;
        key_parser parse;
} config_keys[] = {
        { "match-vendor", key_match_vendor },
        { "match-model", key_match_model },
        { "match-fs-type", key_match_fs_type },
        { "match-host", key_match_host },
        { "min-size", key_min_size },
        { "max-size", key_max_size },
        { "name", key_name },
        { "name-from", key_name_from },
        { "prefix", key_prefix },
        { "identify-by", key_identify_by },
        { "owner", key_owner },
        { "group", key_group },
        { "mode", key_mode },
        { "partition", key_partition },
};

static DiskClass *class_lookup(Config *c, const char *name) {
        for (size_t i = 0; i < c->n_classes; i++)
                if (strcmp(c->classes[i].name, name) == 0)
                        return &c->classes[i];
        return NULL;
}

static int config_ini_handler(void *user, const char *section, const char *key, const char *value) {
        ParseState *s = user;

        if (s->failed)
                return 0;
        if (!section[0]) {
                set_error(s->err, "'%s' is outside of any [class] section", key);
                goto fail;
        }
        DiskClass *k;
        if (!s->current_section || strcmp(s->current_section, section) != 0) {
                if (!section_name_ok(section)) {
                        set_error(s->err, "invalid class name [%s] (letters, digits, '_', '-', '.')", section);
                        goto fail;
                }
                if (class_lookup(s->config, section)) {
                        set_error(s->err, "class [%s] is defined twice", section);
                        goto fail;
                }
                free(s->current_section);
                s->current_section = strdup(section);
                k = class_new(s->config, section, section_header_line(s->text, section));
                if (!k || !s->current_section) {
                        set_error(s->err, "out of memory");
                        goto fail;
                }
        } else
                k = class_lookup(s->config, section);

        for (size_t i = 0; i < ELEMENTSOF(config_keys); i++) {
                if (strcmp(config_keys[i].key, key) != 0)
                        continue;
                int r = config_keys[i].parse(k, value, s->err);
                if (r == -EEXIST)
                        set_error(s->err, "'%s' is set twice in [%s]", key, section);
                else if (r == -ENOMEM)
                        set_error(s->err, "out of memory");
                if (r < 0)
                        goto fail;
                return 1;
        }
        set_error(s->err, "unknown key '%s' in [%s]", key, section);
fail:
        s->failed = true;
        return 0;
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

/* inih does not tell a handler where a section starts, so a repeated [name] right after
 * its first occurrence would silently merge; find repeats by looking at the headers. */
static int find_repeated_section(const char *text, ParseError *err) {
        unsigned line = 1;
        for (const char *p = text; *p; line++) {
                const char *eol = strchr(p, '\n');
                size_t len = eol ? (size_t) (eol - p) : strlen(p);
                const char *q = p;
                while (*q == ' ' || *q == '\t')
                        q++;
                const char *close = *q == '[' ? memchr(q, ']', len - (size_t) (q - p)) : NULL;
                const char *content = q;
                bool blank = (size_t) (q - p) == len || *q == '\r';
                if (!blank && *content != '#' && *content != ';' && q == p) {
                        /* Not a section, so it must be "key = value" (inih also takes ':'). */
                        if (*content == '[' ? !close : !memchr(p, '=', len) && !memchr(p, ':', len)) {
                                err->line = line;
                                set_error(err, "syntax error (expected [class] or key = value)");
                                return -EINVAL;
                        }
                }
                if (close) {
                        _cleanup_free_ char *name = strndup(q + 1, (size_t) (close - q - 1));
                        if (!name)
                                return -ENOMEM;
                        unsigned first = section_header_line(text, name);
                        if (first && first != line) {
                                err->line = line;
                                set_error(err, "class [%s] is defined twice (first on line %u)", name, first);
                                return -EINVAL;
                        }
                }
                if (!eol)
                        break;
                p = eol + 1;
        }
        return 0;
}

int config_parse(const char *text, Config *ret, ParseError *err) {
        Config c = {};
        ParseState s = { .text = text, .config = &c, .err = err };

        memset(err, 0, sizeof(*err));
        int rr = find_repeated_section(text, err);
        if (rr < 0)
                return rr;
        int line = ini_parse_string(text, config_ini_handler, &s);
        free(s.current_section);
        if (line != 0) {
                if (line > 0)
                        err->line = (unsigned) line;
                if (!s.failed)
                        set_error(err, "syntax error (expected [class] or key = value)");
                config_free(&c);
                return -EINVAL;
        }
        for (size_t i = 0; i < c.n_classes; i++) {
                int r = class_validate(&c.classes[i], err);
                if (r < 0) {
                        config_free(&c);
                        return r;
                }
        }
        *ret = c;
        return 0;
}

void config_free(Config *c) {
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
