/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "names.h"

/* Shell variables as a static reading knows them: a value, or "unresolved" when the script
 * computes it at run time (command output, arguments, the environment). */
typedef struct Var {
        char *name;
        char *value; /* NULL when unresolved or unset */
        bool unset;  /* "unset NAME": known not to be set (expands to nothing) */
        unsigned line;
        char *file; /* NULL: the script itself; else the sourced file */
} Var;

typedef struct Env {
        Var *vars; /* its own: set or unset here */
        size_t n, allocated;
        NameIndex index;
        /* env_copy()'s source: what is not set here is read there. */
        const struct Env *parent;
} Env;

int env_set(Env *e, const char *name, const char *value, unsigned line, const char *file);
/* Records that name is not set (the shell's unset). */
int env_unset(Env *e, const char *name, unsigned line, const char *file);
const Var *env_get(const Env *e, const char *name);
/* A copy that reads through to from: what it sets or unsets is its own, the rest is
 * from's.  from must outlive it and not change while it is used (a verb's trace works
 * on a copy of the script's variables, four or more a script: copying them all was a
 * few percent of a conversion). */
int env_copy(const Env *from, Env *to);
void env_free(Env *e);

typedef struct ExpandContext {
        Env *env;
        const char *script_path; /* what $0 is when the unit runs the script */
        const char *script_name;
        const char *arg1; /* $1 where the static reading knows it (the verb), else NULL */
        /* A variable never assigned is empty (as under systemd, which runs the script
         * with a clean environment), not a run-time value. */
        bool clean_environment;
} ExpandContext;

/* Quote removal and parameter expansion of one raw word.  *resolved is false when any
 * part depends on something only known at run time; the string then holds what could be
 * expanded, for messages only.  ${VAR:=x} assigns, as in the shell. */
int expand_word(const char *raw, ExpandContext *ctx, char **ret, bool *resolved);

/* Expansion with field splitting: the words a command receives from raw (an unquoted
 * "$OPTS" of "-p /run/x.pid" gives two).  Returns 0 with *ret_n fields. */
int expand_fields(const char *raw, ExpandContext *ctx, char ***ret, size_t *ret_n, bool *resolved);

/* Whether raw has nothing to expand and no quotes to remove: then it is its own value
 * and one field (none when empty); *len: its length. */
bool expand_plain_word(const char *raw, size_t *len);

/* Whether raw is NAME=value (an assignment word); returns the name length. */
size_t assignment_name_length(const char *raw);
