/* SPDX-License-Identifier: MIT */
#include "udev-string.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define UDEV_WHITESPACE " \t\n\r"

size_t udev_style_replace_whitespace(const char *str, char *to, size_t len) {
        bool pending_space = false;
        size_t i, j;

        len = strnlen(str, len);
        while (len > 0 && isspace((unsigned char) str[len - 1]))
                len--;

        i = strspn(str, UDEV_WHITESPACE);
        for (j = 0; j < len && i < len && str[i] != '\0'; i++) {
                if (isspace((unsigned char) str[i])) {
                        pending_space = true;
                        continue;
                }
                if (pending_space) {
                        if (j + 1 >= len)
                                break;
                        to[j++] = '_';
                        pending_space = false;
                }
                to[j++] = str[i];
        }
        to[j] = '\0';
        return j;
}

static bool unichar_is_valid(uint32_t ch) {
        if (ch >= 0x110000)
                return false;
        if ((ch & 0xFFFFF800) == 0xD800)
                return false;
        if (ch >= 0xFDD0 && ch <= 0xFDEF)
                return false;
        if ((ch & 0xFFFE) == 0xFFFE)
                return false;
        return true;
}

int utf8_valid_sequence_length(const char *s, size_t max) {
        const unsigned char *p = (const unsigned char *) s;
        size_t len;
        uint32_t ch;

        if (max == 0)
                return -1;
        if (p[0] < 0x80)
                return 1;
        if ((p[0] & 0xe0) == 0xc0) {
                len = 2;
                ch = p[0] & 0x1f;
        } else if ((p[0] & 0xf0) == 0xe0) {
                len = 3;
                ch = p[0] & 0x0f;
        } else if ((p[0] & 0xf8) == 0xf0) {
                len = 4;
                ch = p[0] & 0x07;
        } else
                return -1;
        if (len > max)
                return -1;
        for (size_t i = 1; i < len; i++) {
                if ((p[i] & 0xc0) != 0x80)
                        return -1;
                ch = (ch << 6) | (p[i] & 0x3f);
        }
        /* Overlong encodings are invalid, as in udev. */
        size_t expected = ch < 0x80 ? 1 : ch < 0x800 ? 2 : ch < 0x10000 ? 3 : 4;
        if (expected != len || !unichar_is_valid(ch))
                return -1;
        return (int) len;
}

static bool char_allowed_in_devnode(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
               (c != '\0' && strchr("#+-.:=@_", c));
}

size_t udev_style_replace_chars(char *str) {
        size_t i = 0, replaced = 0, n = strlen(str);

        while (str[i] != '\0') {
                if (char_allowed_in_devnode(str[i])) {
                        i++;
                        continue;
                }
                if (str[i] == '\\' && str[i + 1] == 'x') {
                        i += 2;
                        continue;
                }
                int len = utf8_valid_sequence_length(str + i, n - i);
                if (len > 1) {
                        i += (size_t) len;
                        continue;
                }
                str[i++] = '_';
                replaced++;
        }
        return replaced;
}

char *udev_import_escape(const char *value, size_t *ret_replaced) {
        size_t n = strlen(value), replaced = 0;
        char *out = malloc(n + 3);

        if (!out)
                return NULL;
        char *v = out + 1; /* room for an opening quote */
        memcpy(v, value, n + 1);

        bool escaped = false;
        for (size_t i = 0; i < n; i++) {
                if (v[i] == '\n' || v[i] == '\r') {
                        v[i] = '_';
                        replaced++;
                }
                /* A backslash takes the next byte with it; the one that ends the value
                 * would take the newline after it. */
                if (escaped)
                        escaped = false;
                else if (v[i] == '\\') {
                        escaped = true;
                        if (i == n - 1) {
                                v[i] = '_';
                                replaced++;
                        }
                }
        }
        for (size_t i = 0; i < n && (v[i] == ' ' || v[i] == '\t'); i++) {
                v[i] = '_';
                replaced++;
        }
        for (size_t i = n; i > 0 && (v[i - 1] == ' ' || v[i - 1] == '\t'); i--) {
                v[i - 1] = '_';
                replaced++;
        }

        if (v[0] == '"' || v[0] == '\'') {
                out[0] = '"';
                v[n] = '"';
                v[n + 1] = '\0';
        } else
                memmove(out, v, n + 1);
        if (ret_replaced)
                *ret_replaced = replaced;
        return out;
}

/* udev's own buffer is NAME_MAX+1 bytes, of which it keeps 12 for the hash suffix of a name
 * that does not fit. */
#define LINK_STACK_NAME_SIZE 256
#define LINK_STACK_NAME_KEEP 12

int udev_link_stack_name(const char *link, bool legacy, char *buf, size_t size) {
        char enc[LINK_STACK_NAME_SIZE];
        size_t j = 0;
        if (legacy) {
                memcpy(enc, "\\x2f", 4);
                j = 4;
        }
        for (const char *p = link; *p; p++) {
                const char *piece = *p == '/' ? "\\x2f" : *p == '\\' ? "\\x5c" : NULL;
                size_t n = piece ? 4 : 1;
                if (j + n >= LINK_STACK_NAME_SIZE - LINK_STACK_NAME_KEEP + 1)
                        return -ENAMETOOLONG;
                if (piece)
                        memcpy(enc + j, piece, n);
                else
                        enc[j] = *p;
                j += n;
        }
        enc[j] = '\0';
        if (j + 1 > size)
                return -ENAMETOOLONG;
        memcpy(buf, enc, j + 1);
        return 0;
}
