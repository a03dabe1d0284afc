/* SPDX-License-Identifier: MIT */
#pragma once

#include <libudev.h>

#include "context.h"
#include "decide.h"
#include "disk.h"

/* Admin commands see every disk at once: each disk with its verdict, duplicates found by
 * comparing identities across the whole list. */
typedef struct Survey {
        struct udev *udev; /* for the commands' own look-ups of devices */
        DiskInfo *disks;
        Verdict *verdicts;
        size_t n;
} Survey;

int survey_run(Context *c, Survey *ret);

/* What the event path learns from udev's tags and links, found by comparing disk i with
 * every other: who shares its identity under class k, who else claims claim (may be NULL). */
void survey_find_others(const Survey *s, size_t i, const DiskClass *k, const char *claim, Others *ret);
void survey_done(Survey *s);
