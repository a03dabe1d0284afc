/* SPDX-License-Identifier: MIT */
#pragma once

/* Cleanups for libudev's objects: admin commands only (the event path has no libudev). */

#include <libudev.h>

#include "macro.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(struct udev_device *, udev_device_unref)
DEFINE_TRIVIAL_CLEANUP_FUNC(struct udev_enumerate *, udev_enumerate_unref)
