/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>

/* Stand-in until naming.h has the project's one namespace rule (issue 8 item 1): whether a
 * name below /dev would enter udev's or the kernel's own namespace (disk/, mapper/, block/,
 * char/, bsg/, ..., or a kernel device name such as sda1, dm-0, nvme0n1, null).  Only the
 * first component counts: /dev/asm/sda is ours, /dev/sda is the kernel's. */
bool name_policy_reserved(const char *name);
