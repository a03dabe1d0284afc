/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>

#include "diag.h"

#define SCRIPT_MAX_SIZE (16 * 1024 * 1024)

/* Checks that the bytes are a text file and returns a NUL-terminated copy with CRLF and
 * lone CR turned into LF.  A NUL byte means a binary file: -EINVAL with a diagnostic. */
int text_normalize(const char *data, size_t size, char **ret, Diags *diags);
