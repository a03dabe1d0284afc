/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "generator-convert.h"

/* Converting scripts is independent work: on request (SYSV2UNIT_GENERATOR_WORKERS) the
 * conversions run in worker processes (fork, at most GEN_WORKERS_MAX), each sending its
 * results back through a pipe; the caller then writes every unit itself, in script
 * order, so the output does not depend on which worker finished first.  A worker that
 * dies leaves its scripts !done: the caller converts them itself.  By default the
 * generator converts in one process, which costs less CPU in all (bench/README.md). */

#define GEN_WORKERS_MAX 4

typedef int (*gen_convert_fn)(void *userdata, size_t index, GenOutput *ret);

/* results[i], status[i] (the fn's return) and done[i] for i < n.  Returns 0, or a
 * negative errno when no worker could be started (then nothing is done). */
int gen_run_workers(size_t n, unsigned workers, gen_convert_fn fn, void *userdata, GenOutput *results, int *status,
                    bool *done);

