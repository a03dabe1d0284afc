/* SPDX-License-Identifier: MIT */
/* The one runlevel -> target table (runlevel.h). */
#include "runlevel.h"

#include <string.h>

#include "macro.h"

static const struct {
        const char *levels; /* lower-case 's' as LSB headers sometimes write it */
        const char *target;
} rcnd_table[RUNLEVEL_TARGETS_MAX] = {
        { "Ss", "sysinit.target" }, /* row 0: RUNLEVEL_MASK_SYSINIT */
        { "234", "multi-user.target" },
        { "5", "graphical.target" },
};

const char *runlevel_target(char c) {
        for (size_t i = 0; c && i < ELEMENTSOF(rcnd_table); i++)
                if (strchr(rcnd_table[i].levels, c))
                        return rcnd_table[i].target;
        return NULL;
}

unsigned runlevel_mask(const char *levels) {
        unsigned mask = 0;
        for (size_t i = 0; i < ELEMENTSOF(rcnd_table); i++)
                if (strpbrk(levels, rcnd_table[i].levels))
                        mask |= 1u << i;
        return mask;
}

size_t runlevel_targets(unsigned mask, const char *ret[RUNLEVEL_TARGETS_MAX]) {
        size_t n = 0;
        for (size_t i = 0; i < ELEMENTSOF(rcnd_table); i++)
                if (mask & (1u << i))
                        ret[n++] = rcnd_table[i].target;
        return n;
}
