/* SPDX-License-Identifier: MIT */
#include "bindings.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "naming.h"

bool binding_id_ok(const char *id) {
        size_t n = strlen(id);
        if (n == 0 || n > BINDING_ID_MAX)
                return false;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char) id[i];
                if (c <= ' ' || c >= 0x7f || c == '#')
                        return false;
        }
        return true;
}

static bool class_name_ok(const char *s) {
        if (!*s)
                return false;
        for (; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                      *s == '_' || *s == '-' || *s == '.'))
                        return false;
        return true;
}

static void line_free(BindingLine *l) {
        free(l->text);
        free(l->name);
        free(l->id);
        free(l->class);
}

void bindings_free(Bindings *b) {
        for (size_t i = 0; i < b->n_lines; i++)
                line_free(&b->lines[i]);
        free(b->lines);
        *b = (Bindings) {};
}

static int push_line(Bindings *b, BindingLine *l) {
        BindingLine *n = realloc(b->lines, (b->n_lines + 1) * sizeof(BindingLine));
        if (!n)
                return -ENOMEM;
        b->lines = n;
        b->lines[b->n_lines++] = *l;
        return 0;
}

const BindingLine *bindings_find_by_id(const Bindings *b, const char *id) {
        for (size_t i = 0; i < b->n_lines; i++)
                if (b->lines[i].id && strcmp(b->lines[i].id, id) == 0)
                        return &b->lines[i];
        return NULL;
}

const BindingLine *bindings_find_by_name(const Bindings *b, const char *name) {
        for (size_t i = 0; i < b->n_lines; i++)
                if (b->lines[i].name && strcmp(b->lines[i].name, name) == 0)
                        return &b->lines[i];
        return NULL;
}

_printf_(3, 4) static int parse_error(ParseError *err, unsigned line, const char *fmt, ...) {
        va_list ap;
        err->line = line;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
        return -EINVAL;
}

/* Splits a line into at most 4 whitespace-separated fields, in place. */
static size_t split_fields(char *s, char *fields[4]) {
        size_t n = 0;
        char *save = NULL;
        for (char *t = strtok_r(s, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
                if (n == 4)
                        return 5;
                fields[n++] = t;
        }
        return n;
}

int bindings_parse(const char *text, size_t size, Bindings *ret, ParseError *err) {
        Bindings b = {};
        unsigned lineno = 0;

        memset(err, 0, sizeof(*err));
        if (memchr(text, '\0', size)) {
                bindings_free(&b);
                return parse_error(err, 0, "file contains a NUL byte");
        }
        for (size_t pos = 0; pos < size;) {
                const char *eol = memchr(text + pos, '\n', size - pos);
                size_t len = eol ? (size_t) (eol - (text + pos)) : size - pos;
                lineno++;

                BindingLine l = { .line = lineno };
                l.text = strndup(text + pos, len);
                if (!l.text) {
                        bindings_free(&b);
                        return -ENOMEM;
                }
                pos += len + (eol ? 1 : 0);

                _cleanup_free_ char *work = strdup(l.text);
                if (!work) {
                        line_free(&l);
                        bindings_free(&b);
                        return -ENOMEM;
                }
                char *hash = strchr(work, '#');
                if (hash)
                        *hash = '\0';
                char *f[4];
                size_t n = split_fields(work, f);
                int r = 0;
                if (n == 0)
                        ;
                else if (n != 3)
                        r = parse_error(err, lineno, "expected 'NAME SERIAL CLASS'");
                else if (name_validate(f[0]) < 0)
                        r = parse_error(err, lineno, "invalid name '%s'", f[0]);
                else if (!binding_id_ok(f[1]))
                        r = parse_error(err, lineno, "invalid serial '%s'", f[1]);
                else if (!class_name_ok(f[2]))
                        r = parse_error(err, lineno, "invalid class '%s'", f[2]);
                else {
                        const BindingLine *dup = bindings_find_by_name(&b, f[0]);
                        if (dup)
                                r = parse_error(err, lineno, "name '%s' is already bound on line %u", f[0], dup->line);
                        else if ((dup = bindings_find_by_id(&b, f[1])))
                                r = parse_error(err, lineno, "serial '%s' is already bound on line %u", f[1], dup->line);
                        else {
                                l.name = strdup(f[0]);
                                l.id = strdup(f[1]);
                                l.class = strdup(f[2]);
                                if (!l.name || !l.id || !l.class)
                                        r = -ENOMEM;
                        }
                }
                if (r >= 0)
                        r = push_line(&b, &l);
                if (r < 0) {
                        line_free(&l);
                        bindings_free(&b);
                        return r;
                }
        }
        *ret = b;
        return 0;
}

int bindings_add(Bindings *b, const char *name, const char *id, const char *class) {
        if (bindings_find_by_name(b, name) || bindings_find_by_id(b, id))
                return -EEXIST;
        if (name_validate(name) < 0 || !binding_id_ok(id) || !class_name_ok(class))
                return -EINVAL;
        BindingLine l = { .line = 0 };
        size_t n = strlen(name) + strlen(id) + strlen(class) + 3;
        l.text = malloc(n);
        l.name = strdup(name);
        l.id = strdup(id);
        l.class = strdup(class);
        if (!l.text || !l.name || !l.id || !l.class) {
                line_free(&l);
                return -ENOMEM;
        }
        snprintf(l.text, n, "%s %s %s", name, id, class);
        int r = push_line(b, &l);
        if (r < 0)
                line_free(&l);
        return r;
}

int bindings_remove(Bindings *b, const char *name) {
        for (size_t i = 0; i < b->n_lines; i++)
                if (b->lines[i].name && strcmp(b->lines[i].name, name) == 0) {
                        line_free(&b->lines[i]);
                        memmove(&b->lines[i], &b->lines[i + 1], (b->n_lines - i - 1) * sizeof(BindingLine));
                        b->n_lines--;
                        return 0;
                }
        return -ENOENT;
}

int bindings_format(const Bindings *b, char **ret, size_t *ret_size) {
        size_t total = 1;
        for (size_t i = 0; i < b->n_lines; i++)
                total += strlen(b->lines[i].text) + 1;
        char *out = malloc(total);
        if (!out)
                return -ENOMEM;
        size_t o = 0;
        for (size_t i = 0; i < b->n_lines; i++) {
                size_t n = strlen(b->lines[i].text);
                memcpy(out + o, b->lines[i].text, n);
                o += n;
                out[o++] = '\n';
        }
        out[o] = '\0';
        *ret = out;
        *ret_size = o;
        return 0;
}
