/* SPDX-License-Identifier: MIT */
/* Every rule about unit names (unit-name.h). */
#include "unit-name.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *const unit_suffixes[] = { ".service", ".socket", ".target", ".mount", ".automount", ".swap",
                                             ".path", ".timer", ".device", ".slice", ".scope", NULL };

/* A byte systemd accepts in a unit name (unit_name_is_valid): [a-zA-Z0-9:_.@\-] and the
 * '\' of its escapes. */
static bool unit_name_char_ok(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               (c != '\0' && strchr(":_.-@\\", c));
}

bool has_control_char(const char *s) {
        for (; *s; s++)
                if ((unsigned char) *s < 0x20 || *s == 0x7f)
                        return true;
        return false;
}

const char *unit_name_suffix(const char *name) {
        const char *dot = strrchr(name, '.');
        if (!dot)
                return NULL;
        for (const char *const *s = unit_suffixes; *s; s++)
                if (!strcmp(dot, *s))
                        return dot;
        return NULL;
}

bool unit_name_valid(const char *name, bool plain_only) {
        const char *suffix = unit_name_suffix(name);
        size_t n = strlen(name);
        if (!suffix || suffix == name || n >= 256)
                return false;
        const char *at = NULL;
        for (const char *c = name; c < suffix; c++) {
                if (*c == '@') {
                        if (at)
                                return false;
                        at = c;
                        continue;
                }
                if (!unit_name_char_ok(*c) || *c == '\\')
                        return false;
        }
        if (at && (plain_only || at == name || at + 1 == suffix))
                return false; /* a template without instance cannot be named in a dependency */
        return true;
}

bool unit_name_part_ok(const char *n) {
        if (!*n || strlen(n) > 200)
                return false;
        for (; *n; n++)
                if (!unit_name_char_ok(*n) || *n == '\\')
                        return false;
        return true;
}

bool unit_name_from_lsb(const char *name, bool plain_only, char *buf, size_t size) {
        int n = unit_name_suffix(name) ? snprintf(buf, size, "%s", name) : snprintf(buf, size, "%s.service", name);
        if (n < 0 || (size_t) n >= size)
                return false;
        return unit_name_valid(buf, plain_only);
}

int unit_stem_of_script(const char *path, char *buf, size_t size) {
        const char *b = strrchr(path, '/');
        b = b ? b + 1 : path;
        size_t n = strlen(b);
        if (n > 3 && !strcmp(b + n - 3, ".sh"))
                n -= 3;
        else if (n > 5 && !strcmp(b + n - 5, ".init"))
                n -= 5;
        if (n == 0)
                return -EINVAL;
        if (n >= size)
                return -ENAMETOOLONG;
        memcpy(buf, b, n);
        buf[n] = '\0';
        for (size_t i = 0; i < n; i++)
                if (!unit_name_char_ok(buf[i]) || buf[i] == '@' || buf[i] == '\\')
                        return -EINVAL;
        return 0;
}

bool script_makes_stem(const char *f, const char *stem, size_t n) {
        if (strncmp(f, stem, n) != 0)
                return false;
        return !f[n] || !strcmp(f + n, ".sh") || !strcmp(f + n, ".init");
}

int unit_name_of_service(const char *stem, const char *instance, char *buf, size_t size) {
        int n = instance ? snprintf(buf, size, "%s-%s.service", stem, instance) : snprintf(buf, size, "%s.service", stem);
        return n < 0 || (size_t) n >= size ? -ENAMETOOLONG : 0;
}
