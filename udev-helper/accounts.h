/* SPDX-License-Identifier: MIT */
#pragma once

#include "context.h"

/* context_load() for the admin commands, which also say which owner or group in the
 * configuration this host does not know (NSS).  Never on the event path: udev resolves
 * OWNER=/GROUP= itself, and there NSS may be slow or absent (the event binary is static).
 * ret_account_problems (may be NULL): how many were reported, with their lines. */
int admin_load(Context *c, LoadFlags flags, unsigned *ret_account_problems);
