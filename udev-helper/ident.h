/* SPDX-License-Identifier: MIT */
#pragma once

/* What the per-transport identity modules (ident-nvme, ident-virtio, ident-hyperv) share:
 * how far an identity can be trusted, and udev's substitution of a sysfs attribute into a
 * property, which every by-id name of 60-persistent-storage.rules goes through.  Pure: these
 * modules see attribute strings, never files. */

#include <stdbool.h>
#include <stddef.h>

/* The longest identity: what DiskInfo's serial holds (SCSI_SERIAL_MAX - 1), below the
 * bindings file's BINDING_ID_MAX. */
#define IDENT_KEY_MAX 255

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

/* What a binding's identity names, from its form alone: the bindings file and the static
 * rules know nothing else about a disk. */
typedef enum IdentKind {
        IDENT_KIND_SCSI,        /* a SCSI serial as scsi_id prints it (also a multipath WWID) */
        IDENT_KIND_NVME_WWID,   /* "nvme-" + a wwid with a designator: "nvme-eui....", "nvme-uuid...." */
        IDENT_KIND_NVME_SERIAL, /* "nvme-" + udev's ID_SERIAL of a namespace */
        IDENT_KIND_EBS,         /* "vol-" + an Amazon EBS volume id */
        IDENT_KIND_VIRTIO,      /* "virtio-" + a virtio-blk serial (udev's by-id name) */
        IDENT_KIND_AZURE_LUN,   /* "azure-scsiN-lunL": a Hyper-V disk without a serial */
} IdentKind;

IdentKind ident_key_kind(const char *key);

/* The match keys of a static udev rule for the disk with this identity (partition: for its
 * partitions, which carry the disk's ID_* too), e.g.
 * 'KERNEL=="nvme*", ENV{ID_WWN}=="eui.0025385b71b05a1e"' (without the DEVTYPE test);
 * -EOPNOTSUPP when udev's own properties cannot tell the disk (an Azure LUN) or the value
 * would not match itself (quotes, glob characters), -ENOBUFS. */
int ident_key_rule_match(const char *key, bool partition, char *buf, size_t size);
