/* SPDX-License-Identifier: MIT */
/* udev's attribute substitution, shared by the per-transport identity modules.  Written from
 * the behaviour of udev_event_apply_format() ($attr) and udev_replace_chars() in systemd 252
 * and 257; the tests pin it with values udev produced. */
#include "ident.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "udev-string.h"

const char *ident_trust_to_string(IdentTrust t) {
        switch (t) {
        case IDENT_UNIQUE:
                return "unique";
        case IDENT_NONE:
                return "none";
        case IDENT_KNOWN_DEFAULT:
                return "known-default";
        case IDENT_UNUSABLE:
                return "unusable";
        }
        return "unknown";
}

/* UDEV_ALLOWED_CHARS_INPUT: what a substituted attribute may keep besides udev's base set. */
#define ALLOWED_INPUT "/ $%?,"

static bool base_allowed(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
               (c != '\0' && strchr("#+-.:=@_", c));
}

int udev_attr_subst(const char *value, char *out, size_t size) {
        if (size == 0)
                return -ENOBUFS;
        size_t n = strlen(value);
        while (n > 0 && strchr(" \t\n\r", value[n - 1]))
                n--;
        if (n >= size)
                return -ENOBUFS;
        memcpy(out, value, n);
        out[n] = '\0';
        for (size_t i = 0; i < n;) {
                char c = out[i];
                if (base_allowed(c) || strchr(ALLOWED_INPUT, c)) {
                        i++;
                        continue;
                }
                if (c == '\\' && out[i + 1] == 'x') {
                        i += 2;
                        continue;
                }
                int len = utf8_valid_sequence_length(out + i, n - i);
                if (len > 1) {
                        i += (size_t) len;
                        continue;
                }
                out[i++] = isspace((unsigned char) c) ? ' ' : '_';
        }
        return 0;
}

bool ident_key_ok(const char *key) {
        size_t n = strlen(key);
        if (n == 0 || n > IDENT_KEY_MAX)
                return false;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char) key[i];
                if (c <= ' ' || c >= 0x7f || c == '#')
                        return false;
        }
        return true;
}
