/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>

#include "diag.h"
#include "plan.h"

/* Reads a sourced configuration file (/etc/sysconfig/NAME, /etc/default/NAME); returns
 * -ENOENT when it is not there.  Kept outside so the analysis itself does no I/O. */
typedef int (*source_reader)(void *userdata, const char *path, char **ret_text);

typedef struct AnalyzeInput {
        const char *text;        /* normalized script text */
        const char *name;        /* unit base name: "tgtd" */
        const char *script_path; /* absolute path the units will run */
        source_reader read_source;
        void *read_source_data;
} AnalyzeInput;

/* Converts one script into one unit, or one unit per instance.  Returns 0 with plans, or
 * a negative errno with the reasons in diags (file positions are lines of the script). */
int analyze_script(const AnalyzeInput *in, UnitPlan **ret_plans, size_t *ret_n, Diags *diags);
