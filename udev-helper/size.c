/* SPDX-License-Identifier: MIT */
#include "size.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

int parse_size(const char *s, uint64_t *ret) {
        static const char suffixes[] = "KMGTP";
        uint64_t value = 0;
        const char *p = s;

        if (!isdigit((unsigned char) *p))
                return -EINVAL;
        for (; isdigit((unsigned char) *p); p++) {
                unsigned d = (unsigned) (*p - '0');
                if (value > (UINT64_MAX - d) / 10)
                        return -ERANGE;
                value = value * 10 + d;
        }
        unsigned shift = 0;
        if (*p) {
                const char *hit = strchr(suffixes, toupper((unsigned char) *p));
                if (!hit)
                        return -EINVAL;
                shift = 10 * (unsigned) (hit - suffixes + 1);
                p++;
                if (strcmp(p, "iB") == 0 || strcmp(p, "B") == 0)
                        p += strlen(p);
        }
        if (*p)
                return -EINVAL;
        if (shift && value > (UINT64_MAX >> shift))
                return -ERANGE;
        *ret = value << shift;
        return 0;
}

void format_size(uint64_t bytes, char *buf, size_t size) {
        static const char units[] = "KMGTPE";
        if (bytes < 1024) {
                snprintf(buf, size, "%uB", (unsigned) bytes);
                return;
        }
        double v = (double) bytes;
        size_t u = 0;
        v /= 1024;
        while (v >= 1024 && u + 1 < sizeof(units) - 1) {
                v /= 1024;
                u++;
        }
        snprintf(buf, size, "%.1f%c", v, units[u]);
}
