/* SPDX-License-Identifier: MIT */
#pragma once
/* What a udev release does with a device node owner or group of a given id: the rule
 * changed after systemd 252 for accounts that are not system accounts. Pure. */
#include <stddef.h>
#include <stdint.h>

/* systemd's SYSTEM_UID_MAX / SYSTEM_GID_MAX as Debian builds it (login.defs SYS_UID_MAX). */
#define UDEV_SYSTEM_ID_MAX 999u

typedef enum OwnerPolicy {
        OWNER_ACCEPTED,   /* applied silently (system account, or udev up to 257) */
        OWNER_REFUSED,    /* not applied: the node stays root (258, 259) */
        OWNER_DEPRECATED, /* applied, with a deprecation logged on every event (260 on) */
} OwnerPolicy;

OwnerPolicy udev_owner_policy(unsigned udev_version, uint64_t id);

/* "262\n" or "262.1-1" (udevadm --version) -> 262; -EINVAL when it starts with no number. */
int parse_udev_version(const char *buf, size_t size, unsigned *ret);
