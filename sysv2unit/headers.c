/* SPDX-License-Identifier: MIT */
/* The chkconfig and LSB headers, parsed from the text alone (headers.h). */
#include "headers.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

typedef struct LineRef {
        const char *start;
        size_t len;
        unsigned no;
} LineRef;

static bool next_line(const char **cursor, unsigned *no, LineRef *ret) {
        const char *p = *cursor;
        if (!*p)
                return false;
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t) (eol - p) : strlen(p);
        ret->start = p;
        ret->len = len;
        ret->no = ++*no;
        *cursor = eol ? eol + 1 : p + len;
        return true;
}

/* Keeps printable text only: a header must not be able to smuggle a newline or a control
 * character into a unit file. */
static char *clean_value(const char *s, size_t len, unsigned line, Diags *d) {
        char *out = malloc(len + 1);
        if (!out)
                return NULL;
        for (size_t i = 0; i < len; i++) {
                unsigned char c = (unsigned char) s[i];
                out[i] = (c < 0x20 || c == 0x7f) ? ' ' : (char) c;
        }
        out[len] = '\0';
        size_t start = 0;
        while (out[start] == ' ')
                start++;
        size_t end = len;
        while (end > start && out[end - 1] == ' ')
                end--;
        size_t n = end - start;
        if (n > HEADER_VALUE_MAX) {
                diag_warn(d, line, "header value of %zu bytes cut to %d", n, HEADER_VALUE_MAX);
                n = HEADER_VALUE_MAX;
        }
        memmove(out, out + start, n);
        out[n] = '\0';
        return out;
}

static int set_value(HeaderValue *v, const char *s, size_t len, unsigned line, Diags *d) {
        if (v->value) {
                diag_warn(d, line, "repeated header ignored (first on line %u)", v->line);
                return 0;
        }
        v->value = clean_value(s, len, line, d);
        v->line = line;
        return v->value ? 0 : -ENOMEM;
}

static int append_value(HeaderValue *v, const char *s, size_t len, Diags *d) {
        _cleanup_free_ char *more = clean_value(s, len, v->line, d);
        if (!more)
                return -ENOMEM;
        if (!*more)
                return 0;
        size_t a = strlen(v->value), b = strlen(more);
        if (a + 1 + b > HEADER_VALUE_MAX) {
                diag_warn(d, v->line, "header value cut to %d bytes", HEADER_VALUE_MAX);
                return 0;
        }
        char *n = realloc(v->value, a + b + 2);
        if (!n)
                return -ENOMEM;
        v->value = n;
        if (a > 0)
                n[a++] = ' ';
        memcpy(n + a, more, b + 1);
        return 0;
}

static int set_list(HeaderList *l, const char *s, size_t len, unsigned line, Diags *d) {
        if (l->present) {
                diag_warn(d, line, "repeated header ignored (first on line %u)", l->line);
                return 0;
        }
        l->present = true;
        l->line = line;
        _cleanup_free_ char *copy = clean_value(s, len, line, d);
        if (!copy)
                return -ENOMEM;
        char *save = NULL;
        for (char *w = strtok_r(copy, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save)) {
                char **n = realloc(l->items, (l->n + 1) * sizeof(char *));
                if (!n)
                        return -ENOMEM;
                l->items = n;
                l->items[l->n] = strdup(w);
                if (!l->items[l->n])
                        return -ENOMEM;
                l->n++;
        }
        return 0;
}

/* "# Key: value" -> value, if the line is that key (case-insensitive, as chkconfig). */
static const char *match_key(const LineRef *l, const char *key, size_t *ret_len) {
        const char *p = l->start, *end = l->start + l->len;
        if (p >= end || *p != '#')
                return NULL;
        p++;
        while (p < end && (*p == ' ' || *p == '\t'))
                p++;
        size_t k = strlen(key);
        if ((size_t) (end - p) < k + 1 || strncasecmp(p, key, k) != 0 || p[k] != ':')
                return NULL;
        p += k + 1;
        *ret_len = (size_t) (end - p);
        return p;
}

static bool has_continuation(const char *s, size_t len) {
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
                len--;
        return len > 0 && s[len - 1] == '\\';
}

static size_t strip_continuation(const char *s, size_t len) {
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
                len--;
        return len > 0 && s[len - 1] == '\\' ? len - 1 : len;
}

static int parse_chkconfig(const LineRef *l, ScriptHeaders *h, Diags *d) {
        size_t len;
        const char *v = match_key(l, "chkconfig", &len);
        if (!v)
                return 0;
        _cleanup_free_ char *copy = clean_value(v, len, l->no, d);
        if (!copy)
                return -ENOMEM;
        char levels[64];
        unsigned start_prio, stop_prio;
        if (sscanf(copy, "%63s %u %u", levels, &start_prio, &stop_prio) != 3) {
                diag_warn(d, l->no, "malformed chkconfig line ignored (expected '# chkconfig: 2345 55 25')");
                return 0;
        }
        for (const char *c = levels; *c; c++)
                if (!strchr("0123456S-s", *c)) {
                        diag_warn(d, l->no, "chkconfig runlevels '%s' not understood, ignored", levels);
                        return 0;
                }
        if (start_prio > 99) {
                diag_warn(d, l->no, "chkconfig start priority %u not understood (0-99), ignored", start_prio);
                return 0;
        }
        h->chkconfig_start = start_prio;
        return set_value(&h->chkconfig_runlevels, levels, strlen(levels), l->no, d);
}

static const struct lsb_list_key {
        const char *key;
        size_t offset;
} lsb_list_keys[] = {
        { "Provides", offsetof(ScriptHeaders, provides) },
        { "Required-Start", offsetof(ScriptHeaders, required_start) },
        { "Required-Stop", offsetof(ScriptHeaders, required_stop) },
        { "Should-Start", offsetof(ScriptHeaders, should_start) },
        { "Should-Stop", offsetof(ScriptHeaders, should_stop) },
        { "X-Start-Before", offsetof(ScriptHeaders, x_start_before) },
        { "Default-Start", offsetof(ScriptHeaders, default_start) },
        { "Default-Stop", offsetof(ScriptHeaders, default_stop) },
};

/* LSB Description continues on lines of "#" plus a tab or at least two spaces. */
static bool lsb_continuation(const LineRef *l) {
        return l->len >= 2 && l->start[0] == '#' &&
               (l->start[1] == '\t' || (l->len >= 3 && l->start[1] == ' ' && l->start[2] == ' '));
}

int headers_parse(const char *text, ScriptHeaders *ret, Diags *d) {
        ScriptHeaders h = {};
        const char *cursor = text;
        unsigned no = 0;
        LineRef l;
        bool in_lsb = false, lsb_done = false, in_desc = false, in_lsb_desc = false;
        unsigned lsb_begin = 0;
        int r;

        while (next_line(&cursor, &no, &l)) {
                if (l.len == 0 || l.start[0] != '#') {
                        in_desc = false;
                        in_lsb_desc = false;
                        if (in_lsb && l.len > 0) {
                                diag_warn(d, l.no, "LSB header block interrupted by a non-comment line");
                                in_lsb = false;
                        }
                        continue;
                }
                if (in_desc) {
                        /* chkconfig description continued by a trailing backslash */
                        const char *p = l.start + 1;
                        size_t len = l.len - 1;
                        bool more = has_continuation(p, len);
                        if ((r = append_value(&h.description, p, strip_continuation(p, len), d)) < 0)
                                goto fail;
                        in_desc = more;
                        continue;
                }
                if (strncmp(l.start, "### BEGIN INIT INFO", 19) == 0) {
                        if (lsb_done || in_lsb)
                                diag_warn(d, l.no, "second LSB header block ignored");
                        else {
                                in_lsb = true;
                                h.has_lsb = true;
                                lsb_begin = l.no;
                        }
                        continue;
                }
                if (strncmp(l.start, "### END INIT INFO", 17) == 0) {
                        in_lsb = false;
                        in_lsb_desc = false;
                        lsb_done = true;
                        continue;
                }
                size_t len;
                const char *v;
                if (in_lsb) {
                        if (in_lsb_desc && lsb_continuation(&l)) {
                                if ((r = append_value(&h.lsb_description, l.start + 1, l.len - 1, d)) < 0)
                                        goto fail;
                                continue;
                        }
                        in_lsb_desc = false;
                        bool matched = false;
                        for (size_t i = 0; i < ELEMENTSOF(lsb_list_keys); i++)
                                if ((v = match_key(&l, lsb_list_keys[i].key, &len))) {
                                        HeaderList *list = (HeaderList *) ((char *) &h + lsb_list_keys[i].offset);
                                        if ((r = set_list(list, v, len, l.no, d)) < 0)
                                                goto fail;
                                        matched = true;
                                        break;
                                }
                        if (matched)
                                continue;
                        if ((v = match_key(&l, "Short-Description", &len))) {
                                if ((r = set_value(&h.short_description, v, len, l.no, d)) < 0)
                                        goto fail;
                        } else if ((v = match_key(&l, "Description", &len))) {
                                if ((r = set_value(&h.lsb_description, v, len, l.no, d)) < 0)
                                        goto fail;
                                in_lsb_desc = true;
                        }
                        continue;
                }
                /* The keys below start with c, d or p: most comment lines of a script are
                 * none of them, and need no key compared. */
                const char *k = l.start + 1, *end = l.start + l.len;
                while (k < end && (*k == ' ' || *k == '\t'))
                        k++;
                char first = k < end ? (char) tolower((unsigned char) *k) : '\0';
                if (first != 'c' && first != 'd' && first != 'p')
                        continue;
                if ((r = parse_chkconfig(&l, &h, d)) < 0)
                        goto fail;
                if ((v = match_key(&l, "description", &len))) {
                        bool more = has_continuation(v, len);
                        if ((r = set_value(&h.description, v, strip_continuation(v, len), l.no, d)) < 0)
                                goto fail;
                        in_desc = more;
                } else if ((v = match_key(&l, "processname", &len))) {
                        if ((r = set_value(&h.processname, v, len, l.no, d)) < 0)
                                goto fail;
                } else if ((v = match_key(&l, "pidfile", &len))) {
                        if ((r = set_value(&h.pidfile, v, len, l.no, d)) < 0)
                                goto fail;
                } else if ((v = match_key(&l, "config", &len)) && !h.config.value) {
                        if ((r = set_value(&h.config, v, len, l.no, d)) < 0)
                                goto fail;
                }
        }
        if (in_lsb)
                diag_warn(d, lsb_begin, "LSB header block has no '### END INIT INFO'");
        *ret = h;
        return 0;
fail:
        headers_free(&h);
        return r;
}

static void list_free(HeaderList *l) {
        for (size_t i = 0; i < l->n; i++)
                free(l->items[i]);
        free(l->items);
}

void headers_free(ScriptHeaders *h) {
        free(h->chkconfig_runlevels.value);
        free(h->description.value);
        free(h->processname.value);
        free(h->pidfile.value);
        free(h->config.value);
        for (size_t i = 0; i < ELEMENTSOF(lsb_list_keys); i++)
                list_free((HeaderList *) ((char *) h + lsb_list_keys[i].offset));
        free(h->short_description.value);
        free(h->lsb_description.value);
        *h = (ScriptHeaders) {};
}
