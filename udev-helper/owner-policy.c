/* SPDX-License-Identifier: MIT */
/* udev's acceptance of non-system owners, by release (checked in the lab on Debian's 252,
 * 257 and 262; 258 from systemd NEWS and udev-rules.c): 252 and 257 apply them silently,
 * 258 refused them (the node stays root), 260 applies them again and logs that the
 * support is deprecated. 259 is counted with 258: a backport of 260's change to its
 * stable branch is not certain, and claiming "refused" only costs a warning. */
#include <errno.h>

#include "owner-policy.h"

OwnerPolicy udev_owner_policy(unsigned udev_version, uint64_t id) {
        if (id <= UDEV_SYSTEM_ID_MAX || udev_version < 258)
                return OWNER_ACCEPTED;
        if (udev_version < 260)
                return OWNER_REFUSED;
        return OWNER_DEPRECATED;
}

int parse_udev_version(const char *buf, size_t size, unsigned *ret) {
        unsigned v = 0;
        size_t i = 0;
        while (i < size && i < 6 && buf[i] >= '0' && buf[i] <= '9')
                v = v * 10 + (unsigned) (buf[i++] - '0');
        if (i == 0 || i == 6)
                return -EINVAL;
        *ret = v;
        return 0;
}
