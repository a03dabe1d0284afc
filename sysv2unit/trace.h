/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "script.h"

/* Stage 2: tracing a verb.  Which commands a verb runs, through the functions it calls
 * and the verbs it re-enters ("$0 stop"), every branch taken, words expanded where the
 * static reading knows their value. */

#define CALL_DEPTH_MAX 10
#define TRACE_MAX 4096

/* A command as the static reading reached it, words expanded where possible. */
/* A step's words and arrays are in its trace's arena; a word is often the tree's own
 * text (a word with nothing to expand). */
typedef struct Step {
        char **argv;
        bool *resolved;
        size_t argc;
        const Command *command;
        char *redirect; /* expanded target of '>' */
        bool redirect_resolved;
        bool background; /* run with '&', itself or in a group or su -c "... &" */
        const char *file; /* NULL: the script; else the framework or file its function is from */
        unsigned line;
        const char *verb; /* the verb whose code it is (the innermost one entered) */
} Step;

typedef struct Trace {
        Step *steps;
        size_t n, allocated;
        Arena *arena; /* the steps' words and arrays */
        char **visited; /* functions and verbs entered: NAME, "verb:NAME" */
        size_t n_visited;
        Node **trees; /* su -c and sh -c command strings, parsed: steps point into them */
        size_t n_trees, allocated_trees;
        int error;
} Trace;

/* Traces verb v of s, which it only reads.  Returns 0 or a negative errno. */
int trace_verb(const Script *s, const Verb *v, Trace *ret);
void trace_free(Trace *t);
bool trace_visited(const Trace *t, const char *name);
