/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "generator-paths.h"
#include "target.h"

/* The one place where sysv2unit-generator calls the conversion library (analysis,
 * target adjustment, rendering): everything else of the generator is paths, links and
 * logging.  A script becomes the units sysv2unit would write for it, without [Install]
 * (the generator links them from the rc links instead, as systemd-sysv-generator did),
 * or, where the analysis fails, the wrapper systemd-sysv-generator would have written,
 * so that no script stops starting because it was hard to read. */

typedef struct GenContext GenContext; /* the system as the library sees it */

/* known: the scripts the caller has read (target.h), or NULL. */
int gen_context_new(const GenPaths *p, target_known_file known, void *userdata, GenContext **ret);
void gen_context_free(GenContext *c);

typedef struct GenScript {
        const char *path;      /* "/etc/init.d/foo": what the units run */
        const char *stem;      /* "foo" */
        const char *text;      /* the file's bytes (NUL-terminated after size) */
        size_t size;
        char **after, **before; /* ordering by start priority (scripts without LSB headers) */
} GenScript;

typedef struct GenUnit {
        char *name; /* "foo.service" */
        char *text;
        char *summary; /* for the log: "Type=forking PIDFile=/run/foo.pid" */
} GenUnit;

typedef struct GenOutput {
        GenUnit *units;     /* units[0] is the one the rc links pull in */
        size_t n_units;
        char **aliases;     /* Provides: names, links to units[0] */
        size_t n_aliases;
        bool fallback;      /* not analysed: wrapped as systemd-sysv-generator did */
        char reason[512];   /* fallback: why */
} GenOutput;

/* Returns 0 with units, or a negative errno when not even the wrapper could be made
 * (out of memory, a path that cannot go into a unit); reason says why. */
int gen_convert(GenContext *c, const GenScript *s, GenOutput *ret);
void gen_output_done(GenOutput *o);

/* The unit that runs /etc/rc.local (path) once at boot, after the network is online,
 * as systemd's rc-local.service did: for the generator (no [Install]) and for a
 * conversion (install: WantedBy=multi-user.target). */
int gen_rc_local_unit(const char *path, bool install, char **ret);

/* Whether the text has an LSB header block (a line "### BEGIN INIT INFO"). */
bool gen_text_has_lsb(const char *text);
