/* SPDX-License-Identifier: MIT */
#pragma once

#include "context.h"
#include "decide.h"
#include "disk.h"

/* Admin commands see every disk at once: each disk with its verdict, duplicates found by
 * comparing identities across the whole list. */
typedef struct Survey {
        DiskInfo *disks;
        Verdict *verdicts;
        size_t n;
} Survey;

int survey_run(Context *c, Survey *ret);
void survey_done(Survey *s);
