/* SPDX-License-Identifier: MIT */
#pragma once

/* SCSI identity from VPD pages 0x83/0x80 or udev's ID_SERIAL: which designator scsi_id
 * would pick and the ID_SERIAL it would print, byte for byte.  Pure parsers over buffers
 * bounded by their real size (every length field can lie). */

#include <stddef.h>
#include <stdint.h>

/* scsi_id asks for VPD pages with an allocation length of 254 bytes into a zeroed buffer and
 * only ever looks at those bytes; the same window gives the same serial. */
#define SCSI_INQ_BUFF_LEN 254
/* scsi_id's serial buffer: a serial that needs more is skipped, not cut. */
#define SCSI_SERIAL_MAX 256

#define SCSI_VENDOR_LEN 8
#define SCSI_MODEL_LEN 16

enum designator_type {
        DESIGNATOR_VENDOR_SPECIFIC = 0,
        DESIGNATOR_T10_VENDOR = 1,
        DESIGNATOR_EUI64 = 2,
        DESIGNATOR_NAA = 3,
        DESIGNATOR_TARGET_PORT_GROUP = 5,
        DESIGNATOR_SCSI_NAME = 8,
};

enum serial_source {
        SERIAL_SOURCE_NONE = 0,
        SERIAL_SOURCE_PG83,          /* a designator of page 0x83 */
        SERIAL_SOURCE_PG83_PRE_SPC3, /* SCSI-2 style page 0x83 (old EMC arrays) */
        SERIAL_SOURCE_PG80,          /* unit serial number page */
        SERIAL_SOURCE_UDEV,          /* ID_SERIAL from the udev event or database */
};

enum code_set {
        CODE_SET_BINARY = 1,
        CODE_SET_ASCII = 2,
        CODE_SET_UTF8 = 3,
};

typedef struct ScsiSerial {
        /* Exactly what "scsi_id --whitelisted --export" prints as ID_SERIAL. */
        char serial[SCSI_SERIAL_MAX];
        /* ID_SERIAL_SHORT: the identifier without type digit or vendor/model. */
        char serial_short[SCSI_SERIAL_MAX];
        /* ID_SCSI_SERIAL: page 0x80's unit serial number, when the page is there. */
        char unit_serial[SCSI_SERIAL_MAX];
        enum serial_source source;
        int designator_type; /* meaningful for SERIAL_SOURCE_PG83 */
        int naa_type;        /* NAA field (high nibble of the first byte) for NAA designators */
} ScsiSerial;

/* Derives the serial from the kernel's cached VPD pages.  Either page may be NULL.  vendor
 * and model are the standard INQUIRY fields as sysfs shows them (8 and 16 characters,
 * padding kept).  Returns 0, or -ENODATA when neither page yields an identifier.  Every
 * length field in the pages is checked against the real buffer. */
int scsi_serial_from_vpd(const uint8_t *pg83, size_t pg83_size, const uint8_t *pg80, size_t pg80_size,
                         const char *vendor, const char *model, ScsiSerial *ret);

/* Fills ret from an already-formatted ID_SERIAL (from udev), inferring the designator type
 * from its first character as scsi_id writes it. */
int scsi_serial_from_id_serial(const char *id_serial, ScsiSerial *ret);

/* How far a serial can be trusted to name one disk only. */
enum serial_uniqueness {
        SERIAL_UNIQUE,         /* NAA, EUI-64, SCSI name string, T10 with a real serial, page 0x80 */
        SERIAL_NOT_UNIQUE,     /* none at all, or a vendor-specific designator */
        SERIAL_KNOWN_DEFAULT,  /* a factory default that repeats across systems (tgtd) */
};

enum serial_uniqueness scsi_serial_uniqueness(const ScsiSerial *s);
