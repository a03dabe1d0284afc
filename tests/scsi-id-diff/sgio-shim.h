/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdint.h>

/* One device for the shim's fork server: the directory with its reply files. */
typedef struct ShimRequest {
        char dir[240];
        int32_t sg4; /* answer the bsg v4 header too */
} ShimRequest;
