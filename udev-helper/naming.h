/* SPDX-License-Identifier: MIT */
#pragma once

/* Names below /dev: what a valid name is, patterns (asm/data%02d), the partition links udev
 * makes for them, and the namespaces udev and the kernel own.  Pure. */

#include <stdbool.h>
#include <stddef.h>

#define NAME_MAX_LENGTH 200
#define NAME_INDEX_MAX 9999

/* A name is a relative path below /dev that udev will create as given: components of
 * [A-Za-z0-9._+-:=@#], no empty, "." or ".." component.  Returns 0 or -EINVAL. */
int name_validate(const char *name);

/* A pattern holds exactly one integer conversion (%d, %3d, %03d); "%%" is a literal '%'.
 * -EINVAL for any other pattern, or when the name it gives is not valid. */
int name_pattern_format(const char *pattern, unsigned index, char **ret);

/* The lowest index from 1 whose name is not in used[]; -ENOSPC past NAME_INDEX_MAX. */
int name_allocate(const char *pattern, const char *const *used, size_t n_used, char **ret);

/* The length of STEM when name is "STEM-partN" (N decimal digits, STEM not empty), the
 * link udev's rules make for partition N of a disk linked as STEM; else 0. */
size_t name_partition_link_stem(const char *name);

/* Whether c may appear in a name component. */
bool name_char_ok(char c);

/* Whether name lies in a namespace udev or the kernel own below /dev: a first component
 * udev or the kernel creates (disk/, mapper/, block/, char/, bsg/, by-*, ...) or a kernel
 * device name (sda1, dm-0, null, ...).  Pure; name need not be valid. */
bool name_reserved(const char *name);
