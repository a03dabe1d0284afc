/* SPDX-License-Identifier: MIT */
#pragma once

/* Static-rules mode (README step 6): which bindings `rules` can write a rule for, and
 * whether udev runs the helper at all.  One answer for `rules`, which writes the rules,
 * and for apply and check --retrigger, which must expect of udev's records exactly what
 * those rules give, and nothing the helper alone can give. */

#include <stdbool.h>

#include "bindings.h"
#include "config.h"
#include "problem.h"

/* Why a binding gets no static rule; STATIC_RULE_OK when it gets one. */
typedef enum StaticRefusal {
        STATIC_RULE_OK = 0,
        STATIC_NO_ID,              /* a comment or released line: nothing to match */
        STATIC_UNKNOWN_CLASS,      /* the class is not in the configuration */
        STATIC_ISCSI,              /* target and LUN: not in udev's properties */
        STATIC_AZURE_LUN,          /* controller and LUN: not in udev's properties */
        STATIC_BELOW_LABEL_PREFIX, /* a labelled disk could collide with it */
        STATIC_ESCAPE,             /* a \x escape, which udev matches as a pattern */
        STATIC_PROBLEM,            /* export refuses it from the bindings alone */
} StaticRefusal;

typedef struct StaticRule {
        const DiskClass *class;       /* the binding's class, when defined */
        const DiskClass *label_class; /* STATIC_BELOW_LABEL_PREFIX: whose prefix */
        Problem problem;              /* STATIC_PROBLEM: which */
} StaticRule;

StaticRefusal static_rule_for(const Config *c, const Bindings *b, const BindingLine *l, StaticRule *ret);

/* Whether udev runs the helper at event time: some rules directory holds
 * 66-udev-helper.rules and the first that does (udev's order: /etc, /run, /usr/local/lib,
 * /usr/lib, /lib) does not mask it (a symlink to /dev/null or an empty file).  When it does
 * not, the static rules are all udev has.  Installed nowhere: true, as nothing says
 * otherwise.  $UDEV_HELPER_RULES_DIRS, a colon-separated list,
 * replaces udev's directories (tests, a system mounted elsewhere). */
bool static_helper_runs(void);
