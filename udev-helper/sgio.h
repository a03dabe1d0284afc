/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Admin commands only: the event path never does I/O to a disk.  One INQUIRY, no retries,
 * bounded by timeout_ms, so a dead path costs seconds rather than minutes. */
#define SGIO_TIMEOUT_MS 3000

/* evpd 0: standard INQUIRY; evpd 1: the VPD page.  Returns the number of bytes the device
 * returned (at most size) or a negative errno. */
int sgio_inquiry(int fd, int evpd, uint8_t page, uint8_t *buf, size_t size, unsigned timeout_ms);
