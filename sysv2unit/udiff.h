/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stdio.h>

/* A unified diff of two small texts (unit files: tens of lines) for --diff: one hunk for
 * the whole file, from the longest common subsequence of their lines, that patch -p0
 * applies.  old_exists false: the old side is /dev/null.  Returns 0 or -ENOMEM. */
int udiff_print(FILE *out, const char *path, bool old_exists, const char *old, const char *new);
