/* SPDX-License-Identifier: MIT */
/* A unit as lines; rendering and unit-file escaping (plan.h). */
#include "plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "macro.h"
#include "strbuf.h"
#include "unit-name.h"

static int line_add(UnitPlan *p, UnitLine *l) {
        if (GROW(p->lines, p->allocated_lines, p->n_lines + 1) < 0)
                return -ENOMEM;
        p->lines[p->n_lines++] = *l;
        return 0;
}

bool reasons_wanted = true;

int plan_add(UnitPlan *p, UnitSection s, const char *key, const char *value, const char *why) {
        if (!reasons_wanted)
                why = NULL;
        UnitLine l = { .section = s, .kind = VALUE_PLAIN };
        l.key = strdup(key);
        l.value = strdup(value);
        l.why = why ? strdup(why) : NULL;
        if (!l.key || !l.value || (why && !l.why) || line_add(p, &l) < 0) {
                free(l.key);
                free(l.value);
                free(l.why);
                return -ENOMEM;
        }
        return 0;
}

int plan_add_exec(UnitPlan *p, const char *key, const char *path, const char *verb, const char *why) {
        if (!reasons_wanted)
                why = NULL;
        UnitLine l = { .section = SECTION_SERVICE, .kind = VALUE_EXEC };
        l.key = strdup(key);
        l.value = strdup(path);
        l.exec_arg = strdup(verb);
        l.why = why ? strdup(why) : NULL;
        if (!l.key || !l.value || !l.exec_arg || (why && !l.why) || line_add(p, &l) < 0) {
                free(l.key);
                free(l.value);
                free(l.exec_arg);
                free(l.why);
                return -ENOMEM;
        }
        return 0;
}

void plan_remove_line(UnitPlan *p, size_t i) {
        UnitLine *l = &p->lines[i];
        free(l->key);
        free(l->value);
        free(l->exec_arg);
        free(l->why);
        memmove(l, l + 1, (p->n_lines - i - 1) * sizeof(UnitLine));
        p->n_lines--;
}

bool plan_has(const UnitPlan *p, const char *key, const char *value) {
        for (size_t i = 0; i < p->n_lines; i++)
                if (!strcmp(p->lines[i].key, key) && !strcmp(p->lines[i].value, value))
                        return true;
        return false;
}

void plan_free(UnitPlan *p) {
        for (size_t i = 0; i < p->n_lines; i++) {
                free(p->lines[i].key);
                free(p->lines[i].value);
                free(p->lines[i].exec_arg);
                free(p->lines[i].why);
        }
        free(p->lines);
        free(p->unit_name);
        *p = (UnitPlan) {};
}

/* A plain value: one line, '%' doubled so systemd does not read a specifier, and no
 * trailing backslash (it would continue the line into the next directive). */
char *escape_plain_value(const char *s) {
        size_t n = strlen(s);
        char *out = malloc(2 * n + 1);
        if (!out)
                return NULL;
        size_t o = 0;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char) s[i];
                if (c == '%') {
                        out[o++] = '%';
                        out[o++] = '%';
                } else
                        out[o++] = (c < 0x20 || c == 0x7f) ? ' ' : (char) c;
        }
        while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\\'))
                o--;
        out[o] = '\0';
        return out;
}

/* The executable of an Exec line: quoted when it holds anything but safe characters;
 * inside quotes '"' and '\' are escaped.  '%' and '$' are doubled in any case, since
 * systemd expands specifiers and variables in command lines. */
char *escape_exec_path(const char *path) {
        size_t n = strlen(path);
        bool quote = false;
        for (size_t i = 0; i < n; i++)
                if (!((path[i] >= 'a' && path[i] <= 'z') || (path[i] >= 'A' && path[i] <= 'Z') ||
                      (path[i] >= '0' && path[i] <= '9') || strchr("/._+-:@,=%$", path[i])))
                        quote = true;
        char *out = malloc(2 * n + 3);
        if (!out)
                return NULL;
        size_t o = 0;
        if (quote)
                out[o++] = '"';
        for (size_t i = 0; i < n; i++) {
                char c = path[i];
                if (c == '%' || c == '$')
                        out[o++] = c;
                else if (quote && (c == '"' || c == '\\'))
                        out[o++] = '\\';
                out[o++] = c;
        }
        if (quote)
                out[o++] = '"';
        out[o] = '\0';
        return out;
}

static void text_comment(StrBuf *t, const char *s) {
        /* A reason quotes script text: keep it to one comment line (no specifiers in
         * comments, so '%' stays as it is). */
        _cleanup_free_ char *clean = strdup(s);
        if (!clean) {
                t->error = -ENOMEM;
                return;
        }
        for (char *c = clean; *c; c++)
                if ((unsigned char) *c < 0x20 || *c == 0x7f)
                        *c = ' ';
        strbuf_puts(t, "# ");
        strbuf_puts(t, clean);
        strbuf_puts(t, "\n");
}

bool plan_text_is_generated(const char *text) {
        return !strncmp(text, "# " PLAN_GENERATED_NOTE, strlen("# " PLAN_GENERATED_NOTE));
}

int plan_render(const UnitPlan *p, const char *source_note, bool explain, char **ret) {
        static const char *const names[_SECTION_MAX] = { "[Unit]", "[Service]", "[Install]" };
        StrBuf t = {};
        if (source_note)
                text_comment(&t, source_note);
        for (int s = 0; s < _SECTION_MAX; s++) {
                bool any = false;
                for (size_t i = 0; i < p->n_lines; i++)
                        any |= p->lines[i].section == (UnitSection) s;
                if (!any)
                        continue;
                if (t.n > 0 && !(source_note && s == SECTION_UNIT))
                        strbuf_puts(&t, "\n");
                strbuf_puts(&t, names[s]);
                strbuf_puts(&t, "\n");
                for (size_t i = 0; i < p->n_lines; i++) {
                        const UnitLine *l = &p->lines[i];
                        if (l->section != (UnitSection) s)
                                continue;
                        if (explain && l->why)
                                text_comment(&t, l->why);
                        strbuf_puts(&t, l->key);
                        strbuf_puts(&t, "=");
                        /* Escaping turns control characters of plain values into spaces;
                         * in a path or a name they would change what runs: refuse. */
                        if ((l->kind == VALUE_EXEC || !strcmp(l->key, "PIDFile") || !strcmp(l->key, "SourcePath")) &&
                            has_control_char(l->value)) {
                                strbuf_free(&t);
                                return -EINVAL;
                        }
                        if (l->kind == VALUE_EXEC) {
                                _cleanup_free_ char *path = escape_exec_path(l->value);
                                _cleanup_free_ char *arg = escape_plain_value(l->exec_arg);
                                if (!path || !arg) {
                                        strbuf_free(&t);
                                        return -ENOMEM;
                                }
                                strbuf_puts(&t, path);
                                strbuf_puts(&t, " ");
                                strbuf_puts(&t, arg);
                        } else {
                                _cleanup_free_ char *v = escape_plain_value(l->value);
                                if (!v) {
                                        strbuf_free(&t);
                                        return -ENOMEM;
                                }
                                strbuf_puts(&t, v);
                        }
                        strbuf_puts(&t, "\n");
                }
        }
        int r = t.error;
        char *out = strbuf_steal(&t);
        if (!out)
                return r < 0 ? r : -ENOMEM;
        *ret = out;
        return 0;
}
