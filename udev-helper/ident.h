/* SPDX-License-Identifier: MIT */
#pragma once

/* What the per-transport identity modules (ident-nvme, ident-virtio, ident-hyperv) share:
 * how far an identity can be trusted, and udev's substitution of a sysfs attribute into a
 * property, which every by-id name of 60-persistent-storage.rules goes through.  Pure: these
 * modules see attribute strings, never files. */

#include <stdbool.h>
#include <stddef.h>

/* The longest identity the bindings file holds (BINDING_ID_MAX). */
#define IDENT_KEY_MAX 256

typedef enum IdentTrust {
        IDENT_UNIQUE,        /* names this disk only, on every host that sees it */
        IDENT_NONE,          /* nothing that names the disk (no serial, no designator) */
        IDENT_KNOWN_DEFAULT, /* a value that repeats across systems or disks (a hypervisor's default) */
        IDENT_UNUSABLE,      /* an identity the bindings file cannot hold (characters, length) */
} IdentTrust;

const char *ident_trust_to_string(IdentTrust t);

/* What udev's "$attr{NAME}" gives for a sysfs attribute value (sd_device has already removed
 * the trailing newline): trailing whitespace removed, then every byte that is not ASCII alnum,
 * one of "#+-.:=@_/ $%?,", a "\x" escape or valid UTF-8 replaced by '_' (other whitespace by
 * ' ').  Writes at most size - 1 bytes; -ENOBUFS when the value does not fit (udev would
 * truncate it at 512 bytes: no identity is that long). */
int udev_attr_subst(const char *value, char *out, size_t size);

/* The key as the bindings file needs it: printable ASCII, no whitespace, no '#'. */
bool ident_key_ok(const char *key);
