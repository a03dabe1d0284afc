/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>

#include "diag.h"

#define SCRIPT_MAX_SIZE (16 * 1024 * 1024)

/* Checks that the bytes are a text file and returns a NUL-terminated copy with CRLF and
 * lone CR turned into LF.  A NUL byte means a binary file: -EINVAL with a diagnostic. */
int text_normalize(const char *data, size_t size, char **ret, Diags *diags);

/* A copy of s that is valid UTF-8: each byte of an invalid sequence (a Latin-1 file
 * name, a cut multibyte character) becomes the four characters \xNN.  For output that
 * must be UTF-8, such as JSON.  NULL on -ENOMEM. */
char *utf8_escape_invalid(const char *s);
