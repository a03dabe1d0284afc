/* SPDX-License-Identifier: MIT */
#pragma once

/* The identity of a virtio-blk disk from its "serial" attribute: what udev's
 * 60-persistent-storage.rules stores as ID_SERIAL ("$attr{serial}") and links as
 * disk/by-id/virtio-<ID_SERIAL>, and the key bindings use, "virtio-" + ID_SERIAL with udev's
 * by-id escaping.  The serial is whatever the hypervisor was given (QEMU -device
 * virtio-blk-pci,serial=, libvirt <serial>, oVirt/OLVM and OpenStack: the disk's UUID cut to
 * 20 characters); a disk without one has no identity at all, as a VMware disk without
 * disk.EnableUUID.  Pure. */

#include "ident.h"

/* VIRTIO_BLK_ID_BYTES: the kernel shows at most this many bytes. */
#define VIRTIO_SERIAL_MAX 20

typedef struct VirtioIdent {
        char serial[VIRTIO_SERIAL_MAX * 4 + 1]; /* ID_SERIAL as udev stores it; empty: none */
        char key[IDENT_KEY_MAX + 1];            /* empty unless trust is UNIQUE */
        IdentTrust trust;
        const char *why;
} VirtioIdent;

/* serial: the attribute as read, NULL when absent or unreadable. */
void virtio_ident_from_serial(const char *serial, VirtioIdent *ret);
