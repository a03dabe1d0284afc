/* SPDX-License-Identifier: MIT */
#pragma once

/* The identity of an NVMe namespace from the attribute strings sysfs shows: the namespace's
 * wwid and nsid, its controller's (or, behind native multipath, its subsystem's) model and
 * serial.  Gives what udev's 60-persistent-storage.rules stores (ID_MODEL, ID_SERIAL_SHORT,
 * ID_SERIAL, ID_WWN, ID_NSID) and the identity bindings use:
 *   - an Amazon EBS volume: its volume id, "vol-0123456789abcdef0" (the serial without the dash);
 *   - a namespace with a designator (UUID, NGUID, EUI-64): "nvme-" + the wwid as the kernel
 *     shows it, udev's by-id name (disk/by-id/nvme-eui.0025385b71b05a1e);
 *   - otherwise "nvme-" + ID_SERIAL (<model>_<serial>_<nsid>), udev's other by-id name.
 * A designator that repeats across systems (all zeros, QEMU's default EUI-64) is no designator;
 * a serial that repeats (VMware's virtual NVMe controller without disk.EnableUUID, blank) names
 * nothing.  Pure: strings in, strings out. */

#include <stdbool.h>

#include "ident.h"

/* Identify Controller's fields: SN 20 bytes, MN 40; the kernel shows them padded. */
#define NVME_SERIAL_LEN 20
#define NVME_MODEL_LEN 40
/* The longest wwid the kernel writes: "nvme.%04x-" + 2 x hex of 20 and 40 bytes + "-%08x". */
#define NVME_WWID_MAX 160

typedef enum NvmeWwidType {
        NVME_WWID_NONE,   /* absent, or not in a form the kernel writes */
        NVME_WWID_UUID,   /* "uuid." + the namespace UUID */
        NVME_WWID_NGUID,  /* "eui." + 32 hex digits */
        NVME_WWID_EUI64,  /* "eui." + 16 hex digits */
        NVME_WWID_VENDOR, /* "nvme.<vid>-<serial hex>-<model hex>-<nsid>": no designator */
} NvmeWwidType;

/* Sysfs attribute values as read (trailing newline removed); NULL for an absent attribute. */
typedef struct NvmeAttrs {
        const char *model;  /* controller or subsystem */
        const char *serial; /* controller or subsystem */
        const char *wwid;   /* namespace */
        const char *nsid;   /* namespace */
} NvmeAttrs;

typedef struct NvmeIdent {
        /* udev's properties, byte for byte; empty when udev sets none. */
        char model[NVME_MODEL_LEN * 4 + 1];        /* ID_MODEL */
        char serial_short[NVME_SERIAL_LEN * 4 + 1]; /* ID_SERIAL_SHORT */
        char serial[IDENT_KEY_MAX];                  /* ID_SERIAL: <model>_<serial>_<nsid> */
        char serial_no_nsid[IDENT_KEY_MAX];          /* <model>_<serial>: the older by-id name */
        char wwn[NVME_WWID_MAX + 1];                 /* ID_WWN: the wwid */
        char nsid[16];                               /* ID_NSID */

        NvmeWwidType wwid_type;
        bool designator; /* wwid names the namespace (a UUID, NGUID or EUI-64 worth trusting) */
        char ebs_volume[32]; /* "vol-..." for an Amazon EBS volume */

        char key[IDENT_KEY_MAX + 1]; /* the identity bindings use; empty unless trust is UNIQUE */
        IdentTrust trust;
        const char *why; /* static text: why there is no key */
} NvmeIdent;

/* Classifies a wwid exactly as the kernel writes it (lowercase hex). */
NvmeWwidType nvme_wwid_type(const char *wwid);

/* True when the designator in a UUID/NGUID/EUI-64 wwid is all zeros or QEMU's default
 * EUI-64 (52:54:00:00:00:00 + a counter), which repeat on every system. */
bool nvme_wwid_designator_is_default(const char *wwid);

/* "vol-<id>" from an EBS serial ("vol0123456789abcdef0", older volumes "vol12345678", the
 * dash also accepted); -EINVAL for anything else. */
int nvme_ebs_volume_id(const char *serial, char *buf, size_t size);

/* Fills ret; always succeeds for any input (hostile values give trust other than UNIQUE). */
void nvme_ident_from_attrs(const NvmeAttrs *a, NvmeIdent *ret);
