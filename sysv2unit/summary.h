/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* What happened to each script of a run, for the closing summary and --json. */
typedef enum Outcome {
        OUTCOME_CONVERTED,
        OUTCOME_SKIPPED, /* on purpose and not a failure: backup file, native unit, not a script */
        OUTCOME_REFUSED, /* could not or must not be converted: the run fails */
        _OUTCOME_MAX,
} Outcome;

typedef struct ScriptResult {
        char *script;
        Outcome outcome;
        char *reason;   /* skipped/refused: why */
        char **units;   /* converted: unit names */
        size_t n_units;
        bool enabled;   /* started now by an rc link: --enable enables its units */
} ScriptResult;

typedef struct Summary {
        ScriptResult *items;
        size_t n;
} Summary;

int summary_add(Summary *s, const char *script, Outcome o, const char *reason, ScriptResult **ret);
int summary_add_unit(ScriptResult *r, const char *unit);
void summary_done(Summary *s);
size_t summary_count(const Summary *s, Outcome o);

void summary_print(const Summary *s, FILE *f);
/* {"converted": N, "skipped": N, "refused": N, "scripts": [{"script", "outcome", "reason", "units", "enabled"}]} */
int summary_print_json(const Summary *s, const char *root, FILE *f);
