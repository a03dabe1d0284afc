/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Every rule about unit names, in one place: which characters a name may hold, the type
 * suffixes, what makes a valid name, instance names, the unit an LSB name or a script
 * file stands for.  Pure functions over strings; no I/O. */

/* A byte that must never reach a unit file through a path or a name. */
bool has_control_char(const char *s);

/* The ".service" (or another unit type's suffix) that ends name, or NULL. */
const char *unit_name_suffix(const char *name);

/* systemd's rule: [a-zA-Z0-9:_.\-], at most one '@' between a non-empty prefix and a
 * non-empty instance, a known type suffix, < 256 bytes.  plain_only refuses templates
 * and instances (an Alias= of a plain unit must be plain). */
bool unit_name_valid(const char *name, bool plain_only);

/* Whether n can be part of a unit name: an instance, the stem of a dependency (no '\',
 * at most 200 bytes). */
bool unit_name_part_ok(const char *n);

/* Unit names from LSB names: "mysql" -> "mysql.service", "network-online.target" stays.
 * Returns false (and leaves buf unspecified) for names that cannot be units. */
bool unit_name_from_lsb(const char *name, bool plain_only, char *buf, size_t size);

/* The unit stem of a script file: its name without .sh or .init ("kernfs.sh" ->
 * "kernfs"); -EINVAL when it cannot be one (empty, '@', '\', other bytes systemd refuses),
 * -ENAMETOOLONG when buf is too small.  path may have directories. */
int unit_stem_of_script(const char *path, char *buf, size_t size);

/* Whether script file name f becomes the unit stem (n bytes): "kernfs.sh" and "kernfs". */
bool script_makes_stem(const char *f, const char *stem, size_t n);

/* "NAME.service", or "NAME-INSTANCE.service" for one of a script's instances (instance
 * NULL: the whole script).  Returns 0, or -ENAMETOOLONG. */
int unit_name_of_service(const char *stem, const char *instance, char *buf, size_t size);
