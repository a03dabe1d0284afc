/* SPDX-License-Identifier: MIT */
/* virtio-blk identity.  The kernel's serial_show() (drivers/block/virtio_blk.c) asks the device
 * for its id (VIRTIO_BLK_T_GET_ID, 20 bytes, NUL-terminated only when shorter), returns it
 * without a newline, and an empty file when the device does not support the request. */
#include "ident-virtio.h"

#include <stdio.h>
#include <string.h>

#include "udev-string.h"

void virtio_ident_from_serial(const char *serial, VirtioIdent *r) {
        *r = (VirtioIdent) { .trust = IDENT_NONE };
        if (!serial || strlen(serial) > VIRTIO_SERIAL_MAX || udev_attr_subst(serial, r->serial, sizeof(r->serial)) < 0) {
                r->serial[0] = '\0';
                r->why = serial && *serial ? "its serial is longer than virtio's 20 bytes: not one the kernel shows"
                                           : "it has no serial (give the disk one: QEMU serial=, libvirt <serial>)";
                return;
        }
        if (!r->serial[0]) {
                r->why = "it has no serial (give the disk one: QEMU serial=, libvirt <serial>)";
                return;
        }
        /* The by-id link, "virtio-$env{ID_SERIAL}": udev turns each run of whitespace in the
         * substituted value into one '_' (a SYMLINK's substitutions), then replaces what a
         * link name may not hold; '/' (a subdirectory in a link) is replaced here too. */
        char collapsed[sizeof(r->serial)];
        udev_style_replace_whitespace(r->serial, collapsed, sizeof(collapsed) - 1);
        int n = snprintf(r->key, sizeof(r->key), "virtio-%s", collapsed);
        if (n < 0 || (size_t) n >= sizeof(r->key)) {
                r->key[0] = '\0';
                r->trust = IDENT_UNUSABLE;
                r->why = "its serial is too long";
                return;
        }
        udev_style_replace_chars(r->key);
        if (!ident_key_ok(r->key)) {
                r->key[0] = '\0';
                r->trust = IDENT_UNUSABLE;
                r->why = "its serial has characters the bindings file cannot hold";
                return;
        }
        r->trust = IDENT_UNIQUE;
}
