/* SPDX-License-Identifier: MIT */
#include "journal.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "macro.h"

static bool field_name_valid(const char *name) {
        /* journald drops fields with other names; catch our own mistakes instead. */
        if (!name[0] || name[0] == '_' || (name[0] >= '0' && name[0] <= '9'))
                return false;
        for (const char *p = name; *p; p++)
                if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
                        return false;
        return strlen(name) <= 64;
}

static void put(char *buf, size_t size, size_t *at, const void *data, size_t n) {
        if (*at < size)
                memcpy(buf + *at, data, *at + n <= size ? n : size - *at);
        *at += n;
}

ssize_t journal_encode(const JournalField *fields, size_t n, char *buf, size_t size) {
        size_t at = 0;
        for (size_t i = 0; i < n; i++) {
                if (!field_name_valid(fields[i].name))
                        return -EINVAL;
                const char *v = fields[i].value ? fields[i].value : "";
                size_t len = strlen(v);
                put(buf, size, &at, fields[i].name, strlen(fields[i].name));
                if (memchr(v, '\n', len)) {
                        uint8_t le[8];
                        for (int b = 0; b < 8; b++)
                                le[b] = (uint8_t) ((uint64_t) len >> (8 * b));
                        put(buf, size, &at, "\n", 1);
                        put(buf, size, &at, le, sizeof(le));
                } else
                        put(buf, size, &at, "=", 1);
                put(buf, size, &at, v, len);
                put(buf, size, &at, "\n", 1);
        }
        return (ssize_t) at;
}

int journal_send(const char *path, const JournalField *fields, size_t n) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        if (strlen(path) >= sizeof(sa.sun_path))
                return -EINVAL;
        strcpy(sa.sun_path, path);

        char stack[2048];
        _cleanup_free_ char *heap = NULL;
        char *buf = stack;
        ssize_t len = journal_encode(fields, n, stack, sizeof(stack));
        if (len < 0)
                return (int) len;
        if ((size_t) len > sizeof(stack)) {
                heap = malloc(len);
                if (!heap)
                        return -ENOMEM;
                buf = heap;
                (void) journal_encode(fields, n, heap, len);
        }

        _cleanup_close_ int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return negative_errno();
        if (sendto(fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL, (struct sockaddr *) &sa, sizeof(sa)) < 0)
                return negative_errno();
        return 0;
}
