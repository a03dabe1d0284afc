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

/* The disk whose serial is wwid as vSphere and storage arrays show it: any case, with or
 * without "naa." and the NAA type digit ("6000C296..." for ID_SERIAL "36000c296...").
 * -ENOENT when no disk has it or arg is no WWID, -ENOTUNIQ when two do (a clone). */
int survey_find_wwid(const Survey *s, const char *arg, size_t *ret);
