/* SPDX-License-Identifier: MIT */
/* udev's attribute substitution, shared by the per-transport identity modules.  Written from
 * the behaviour of udev_event_apply_format() ($attr) and udev_replace_chars() in systemd 252
 * and 257; the tests pin it with values udev produced. */
#include "ident.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
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

IdentKind ident_key_kind(const char *key) {
        if (strncmp(key, "nvme-", 5) == 0)
                return strncmp(key + 5, "eui.", 4) == 0 || strncmp(key + 5, "uuid.", 5) == 0 ? IDENT_KIND_NVME_WWID
                                                                                           : IDENT_KIND_NVME_SERIAL;
        if (strncmp(key, "vol-", 4) == 0)
                return IDENT_KIND_EBS;
        if (strncmp(key, "virtio-", 7) == 0)
                return IDENT_KIND_VIRTIO;
        if (strncmp(key, "azure-", 6) == 0)
                return IDENT_KIND_AZURE_LUN;
        return IDENT_KIND_SCSI;
}

/* A value safe between the quotes of a udev match: the bindings file already refuses
 * whitespace, '#' and control bytes; a quote or a glob character would change the match. */
static bool match_value_ok(const char *v) {
        return *v && !strpbrk(v, "\"*?[]|\\");
}

int ident_key_rule_match(const char *key, bool partition, char *buf, size_t size) {
        int n;
        switch (ident_key_kind(key)) {
        case IDENT_KIND_SCSI:
                if (!match_value_ok(key))
                        return -EOPNOTSUPP;
                n = snprintf(buf, size, "KERNEL==\"sd*\", ENV{ID_SERIAL}==\"%s\"", key);
                break;
        case IDENT_KIND_NVME_WWID:
                if (!match_value_ok(key + 5))
                        return -EOPNOTSUPP;
                n = snprintf(buf, size, "KERNEL==\"nvme*\", ENV{ID_WWN}==\"%s\"", key + 5);
                break;
        case IDENT_KIND_NVME_SERIAL:
                if (!match_value_ok(key + 5))
                        return -EOPNOTSUPP;
                n = snprintf(buf, size, "KERNEL==\"nvme*\", ENV{ID_SERIAL}==\"%s\"", key + 5);
                break;
        case IDENT_KIND_EBS:
                if (!match_value_ok(key + 4))
                        return -EOPNOTSUPP;
                /* udev's ID_SERIAL_SHORT is the serial, "vol" + the id without its dash. */
                n = snprintf(buf, size, "KERNEL==\"nvme*\", ENV{ID_MODEL}==\"Amazon Elastic Block Store\", "
                             "ENV{ID_SERIAL_SHORT}==\"vol%s\"", key + 4);
                break;
        case IDENT_KIND_VIRTIO:
                if (!match_value_ok(key + 7))
                        return -EOPNOTSUPP;
                /* The key is udev's by-id name.  Without '_' it is ID_SERIAL itself; with
                 * one, udev may have replaced a space or another character there, and the
                 * link it made earlier in the same event is what can be matched. */
                if (strchr(key + 7, '_'))
                        n = snprintf(buf, size, "KERNEL==\"vd*\", SYMLINK==\"disk/by-id/%s%s\"", key,
                                     partition ? "-part*" : "");
                else
                        n = snprintf(buf, size, "KERNEL==\"vd*\", ENV{ID_SERIAL}==\"%s\"", key + 7);
                break;
        default:
                return -EOPNOTSUPP;
        }
        return n < 0 || (size_t) n >= size ? -ENOBUFS : 0;
}
