/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* "512", "100M", "1G", "2TiB": binary multiples, as disk sizes are usually quoted by admins
 * who think in GiB. Returns 0 or -EINVAL/-ERANGE. */
int parse_size(const char *s, uint64_t *ret);

/* "20.0G"-style, for tables. */
void format_size(uint64_t bytes, char *buf, size_t size);
