/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* Why a disk gets no name.  Ordered by importance: UH_PROBLEM shows the first one set. */
typedef enum Problem {
        PROBLEM_CONFIG_ERROR,
        PROBLEM_BINDINGS_ERROR,
        PROBLEM_NOT_SCSI,
        PROBLEM_MULTIPATH_MEMBER,
        PROBLEM_UNREADABLE,
        PROBLEM_NO_UNIQUE_ID,
        PROBLEM_DEFAULT_SERIAL,
        PROBLEM_DUPLICATE_SERIAL,
        PROBLEM_NAME_COLLISION,
        PROBLEM_RESERVED_NAME,
        PROBLEM_UNKNOWN_CLASS,
        PROBLEM_CLASS_MISMATCH,
        PROBLEM_NO_ISCSI_SESSION,
        PROBLEM_UNSAFE_LABEL,
        PROBLEM_NO_LABEL,
        PROBLEM_IN_USE,
        _PROBLEM_MAX,
} Problem;

typedef uint32_t ProblemSet;

#define PROBLEM_BIT(p) ((ProblemSet) 1u << (p))

/* The word in UH_PROBLEM= and JSON. */
const char *problem_word(Problem p);
/* One sentence for people, saying what to do. */
const char *problem_advice(Problem p);
/* The most important problem in the set, or _PROBLEM_MAX. */
Problem problem_first(ProblemSet s);
