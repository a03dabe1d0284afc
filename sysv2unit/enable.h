/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>

/* Has the running systemd (the system bus) reload its unit files and enable the named
 * units, as `systemctl daemon-reload; systemctl enable UNIT...` would.  Prints what
 * systemd changed.  Returns 0 or a negative errno, with the bus error on stderr. */
int enable_units(char *const *units, size_t n);
