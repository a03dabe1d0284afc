/* SPDX-License-Identifier: MIT */
#pragma once
#include "context.h"

/* Reports each class owner and group the running udev refuses (a problem) or applies
 * with a deprecation (a warning). */
void check_owner_policy(const Context *c, unsigned *problems, unsigned *warnings);
