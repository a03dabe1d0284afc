/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cond.h"
#include "diag.h"
#include "expand.h"
#include "fileio.h"
#include "guards.h"
#include "headers.h"
#include "macro.h"
#include "names.h"
#include "plan.h"
#include "shell.h"

/* Stage 1 of a conversion: reading the script.  The headers, the top-level assignments
 * (with sourced /etc/sysconfig and /etc/default files), the functions and the case
 * statement that dispatches verbs.  No I/O but through read_source. */

typedef struct AnalyzeInput {
        const char *text;        /* normalized script text */
        const char *name;        /* unit base name: "tgtd" */
        const char *script_path; /* absolute path the units will run */
        source_reader read_source;
        void *read_source_data;
        /* Whether the target's program (an absolute path, or a name looked up in its
         * /usr/sbin, /usr/bin, /sbin, /bin) holds the bytes of string: 1, 0, or a
         * negative errno when it cannot be read.  NULL: nothing is known.  Gets
         * read_source_data.  The daemon's own evidence for a pid file the script only
         * names in a header. */
        int (*program_mentions)(void *userdata, const char *program, const char *string);
        /* Trees of sourced files parsed for earlier scripts of the same run (tree-cache.h);
         * NULL: each script parses what it sources. */
        struct TreeCache *trees;
} AnalyzeInput;

typedef struct Function {
        const char *name;
        const Node *body;
        const char *file; /* where it is defined: NULL, the script; else the framework or a sourced file */
} Function;

typedef struct Verb {
        char *name;
        const Node *body;
        unsigned line;
        const char *file; /* NULL: the script; else the framework that owns the dispatch */
} Verb;

/* How deep '.' is followed, and how many files one script may have read in all: a file
 * that sources another k times at each level would otherwise be read k^depth times. */
#define SCRIPT_SOURCE_DEPTH_MAX 4
#define SCRIPT_SOURCE_READS_MAX 64

typedef struct Script {
        const AnalyzeInput *in;
        ScriptHeaders headers;
        Node *tree;
        Node **sourced_trees; /* kept alive: functions may point into them */
        size_t n_sourced, allocated_sourced;
        /* The names of the files they came from, kept as long: functions, steps and
         * assignments from a sourced file point at its name. */
        char **sourced_paths;
        size_t n_sourced_paths, allocated_sourced_paths;
        /* The files being sourced right now, outermost first: a file that sources itself
         * (directly or through another) is read once, not once per level. */
        const char *sourcing[SCRIPT_SOURCE_DEPTH_MAX + 1];
        unsigned n_sourcing;
        unsigned n_source_reads; /* bounded by SCRIPT_SOURCE_READS_MAX */
        /* Debian's init-d-script: the framework owns the dispatch and the default
         * functions; the script is sourced in its middle. */
        const char *framework_path; /* NULL: the script stands alone */
        bool framework_builtin;     /* the target has none: sysv2unit's model of it */
        Node *framework_tree;
        bool script_walked;
        const char *top_arg1;       /* what $1 is at the top level being read */
        char **alias_names;
        size_t n_alias_names, allocated_alias_names;
        Env env;
        Function *functions;
        size_t n_functions, allocated_functions;
        NameIndex function_index;
        Verb *verbs;
        size_t n_verbs, allocated_verbs;
        NameIndex verb_index;
        const Node *dispatch;
        const char *dispatch_file; /* NULL: in the script */
        char **arg1_vars; /* variables assigned from $1 */
        size_t n_arg1_vars, allocated_arg1_vars;
        NameIndex arg1_index;
        Guards guards; /* files without which the script does nothing */
        Diags *diags;
        int error;
} Script;

/* Returns 0, or a negative errno with the reason in diags (no dispatch, parse errors). */
int script_read(const AnalyzeInput *in, Script *ret, Diags *diags);
void script_done(Script *s);

const Function *script_find_function(const Script *s, const char *name);
const Verb *script_find_verb(const Script *s, const char *name);

/* NAME=value words (and export/local/...) of a verb being traced; returns true when the
 * command was only assignments, which are then applied to env.  file: where they come
 * from (NULL: the script); arg1: what $1 is there, where known; errors go to *error. */
bool script_apply_assignments(const Script *s, const Command *c, Env *env, const char *file, const char *arg1,
                              int *error);
ExpandContext script_context(const Script *s, Env *env);
/* What cond_eval needs of the script: env, $1 (arg1), its functions, the target's files. */
CondContext script_cond_context(const Script *s, Env *env, const char *arg1);

static inline void script_set_error(Script *s, int r) {
        if (r < 0 && !s->error)
                s->error = r;
}

/* Room for one reason of --explain. */
#define WHY_MAX 512

/* A reason for --explain: cut to the buffer (a reason quotes script text of any
 * length, and a cut reason is still a reason). */
_printf_(3, 4) static inline void why_printf(char *buf, size_t size, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        (void) vsnprintf(buf, size, fmt, ap);
        va_end(ap);
}

/* A reason and nothing else (it goes only to plan_add()'s why, or into another
 * reason): empty when reasons_wanted is false. */
_printf_(3, 4) static inline void reason_printf(char *buf, size_t size, const char *fmt, ...) {
        if (!reasons_wanted) {
                if (size > 0)
                        buf[0] = '\0';
                return;
        }
        va_list ap;
        va_start(ap, fmt);
        (void) vsnprintf(buf, size, fmt, ap);
        va_end(ap);
}

/* "line N", or "line N of FILE" for code outside the script (for --explain). */
static inline const char *script_line(char *buf, size_t size, const char *file, unsigned line) {
        if (file)
                (void) !snprintf(buf, size, "line %u of %s", line, file);
        else
                (void) !snprintf(buf, size, "line %u", line);
        return buf;
}

static inline bool str_in(const char *s, const char *const *list) {
        for (; *list; list++)
                if (strcmp(s, *list) == 0)
                        return true;
        return false;
}
