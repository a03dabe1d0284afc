/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* A unit as lines before it is text: the generate and adjust stages add lines, each with
 * its reason; plan_render() writes the file, escaping every value as systemd.unit(5)
 * and systemd.service(5) want, and refuses a value that cannot be written safely (a
 * control character in a path).  Knows nothing of scripts or targets. */

typedef enum UnitSection {
        SECTION_UNIT,
        SECTION_SERVICE,
        SECTION_INSTALL,
        _SECTION_MAX,
} UnitSection;

typedef enum ValueKind {
        VALUE_PLAIN, /* specifiers escaped */
        VALUE_EXEC,  /* a command line: path quoted as systemd.service(5) wants, '$' doubled */
} ValueKind;

/* One line of the unit, with where it came from (for --explain). */
typedef struct UnitLine {
        UnitSection section;
        char *key;
        char *value;     /* VALUE_EXEC: the executable path; the verb is in exec_arg */
        char *exec_arg;
        ValueKind kind;
        char *why;
} UnitLine;

typedef struct UnitPlan {
        char *unit_name; /* "tgtd.service" */
        UnitLine *lines;
        size_t n_lines;
} UnitPlan;

int plan_add(UnitPlan *p, UnitSection s, const char *key, const char *value, const char *why);
int plan_add_exec(UnitPlan *p, const char *key, const char *path, const char *verb, const char *why);
/* Removes line i (freeing it). */
void plan_remove_line(UnitPlan *p, size_t i);
bool plan_has(const UnitPlan *p, const char *key, const char *value);
void plan_free(UnitPlan *p);

/* Renders the unit file text; --explain puts each line's reason above it. */
int plan_render(const UnitPlan *p, const char *source_note, bool explain, char **ret);

/* Unit-file escaping, exposed for tests. */
char *escape_plain_value(const char *s);
char *escape_exec_path(const char *path);
