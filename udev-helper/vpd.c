/* SPDX-License-Identifier: MIT */
#include "vpd.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "macro.h"
#include "udev-string.h"

#define NAA_ANY (-1)
#define NAA_IEEE_REGISTERED 5
#define NAA_IEEE_REGISTERED_EXTENDED 6

/* The order in which scsi_id tries designators: the first one that matches names the disk.
 * (scsi_id's table also starts with the target port group, which never names a disk.) */
static const struct designator_priority {
        int type;
        int naa_type;
        int code_set;
} designator_priority[] = {
        { DESIGNATOR_NAA, NAA_IEEE_REGISTERED_EXTENDED, CODE_SET_BINARY },
        { DESIGNATOR_NAA, NAA_IEEE_REGISTERED_EXTENDED, CODE_SET_ASCII },
        { DESIGNATOR_NAA, NAA_IEEE_REGISTERED, CODE_SET_BINARY },
        { DESIGNATOR_NAA, NAA_IEEE_REGISTERED, CODE_SET_ASCII },
        { DESIGNATOR_NAA, NAA_ANY, CODE_SET_BINARY },
        { DESIGNATOR_NAA, NAA_ANY, CODE_SET_ASCII },
        { DESIGNATOR_EUI64, NAA_ANY, CODE_SET_BINARY },
        { DESIGNATOR_EUI64, NAA_ANY, CODE_SET_ASCII },
        { DESIGNATOR_T10_VENDOR, NAA_ANY, CODE_SET_BINARY },
        { DESIGNATOR_T10_VENDOR, NAA_ANY, CODE_SET_ASCII },
        { DESIGNATOR_VENDOR_SPECIFIC, NAA_ANY, CODE_SET_BINARY },
        { DESIGNATOR_VENDOR_SPECIFIC, NAA_ANY, CODE_SET_ASCII },
};

static const char hex_digits[] = "0123456789abcdef";

/* A page as scsi_id sees it: the first SCSI_INQ_BUFF_LEN bytes, zero beyond what the
 * device returned. */
typedef struct InquiryWindow {
        uint8_t b[SCSI_INQ_BUFF_LEN];
} InquiryWindow;

static void window_load(InquiryWindow *w, const uint8_t *page, size_t size) {
        memset(w->b, 0, sizeof(w->b));
        if (page)
                memcpy(w->b, page, size < sizeof(w->b) ? size : sizeof(w->b));
}

static bool vendor_model_usable(const char *vendor, const char *model) {
        return vendor && model && strnlen(vendor, SCSI_VENDOR_LEN + 1) == SCSI_VENDOR_LEN &&
               strnlen(model, SCSI_MODEL_LEN + 1) == SCSI_MODEL_LEN;
}

/* Tries one designator (starting at offset d) against one priority entry.  Returns true
 * and fills raw/raw_short when it matches. */
static bool designator_match(const InquiryWindow *w, size_t d, const struct designator_priority *want,
                             const char *vendor, const char *model, char *raw, char *raw_short,
                             int *ret_naa) {
        const uint8_t *h = w->b + d;
        int code_set = h[0] & 0x0f, association = (h[1] & 0x30) >> 4, type = h[1] & 0x0f;
        size_t id_len = h[3];

        /* Only identifiers of the logical unit itself name the disk. */
        if (association != 0 || type != want->type)
                return false;
        /* The NAA field is the first identifier byte: zero when the window ends there, as
         * it is in scsi_id's zeroed buffer. */
        int naa = d + 4 < sizeof(w->b) ? (w->b[d + 4] & 0xf0) >> 4 : 0;
        if (want->naa_type != NAA_ANY && want->naa_type != naa)
                return false;
        if (code_set != want->code_set)
                return false;

        size_t need = (code_set == CODE_SET_ASCII ? id_len : id_len * 2) + 2;
        if (type == DESIGNATOR_VENDOR_SPECIFIC)
                need += SCSI_VENDOR_LEN + SCSI_MODEL_LEN;
        if (need > SCSI_SERIAL_MAX)
                return false;
        /* An identifier may run past the page: scsi_id then reads on into its zeroed
         * buffer, and so do we (sysfs keeps exactly the page, the window is zero beyond).
         * Past the window scsi_id reads beyond its buffer; nothing defined to match. */
        if (d + 4 + id_len > sizeof(w->b))
                return false;
        if (type == DESIGNATOR_VENDOR_SPECIFIC && !vendor_model_usable(vendor, model))
                return false;

        size_t j = 0;
        raw[j++] = hex_digits[type];
        if (type == DESIGNATOR_VENDOR_SPECIFIC) {
                memcpy(raw + j, vendor, SCSI_VENDOR_LEN);
                j += SCSI_VENDOR_LEN;
                memcpy(raw + j, model, SCSI_MODEL_LEN);
                j += SCSI_MODEL_LEN;
        }
        size_t id_start = j;
        for (size_t i = 0; i < id_len; i++) {
                uint8_t byte = w->b[d + 4 + i];
                if (code_set == CODE_SET_ASCII)
                        raw[j++] = (char) byte;
                else {
                        raw[j++] = hex_digits[byte >> 4];
                        raw[j++] = hex_digits[byte & 0x0f];
                }
        }
        raw[j] = '\0';
        /* An ASCII identifier may carry a NUL; like scsi_id, the string ends there. */
        strcpy(raw_short, raw + id_start);
        *ret_naa = naa;
        return true;
}

static int parse_pg83(const uint8_t *page, size_t size, const char *vendor, const char *model,
                      ScsiSerial *ret, char *raw, char *raw_short) {
        InquiryWindow w;

        if (!page || size < 4)
                return -ENODATA;
        window_load(&w, page, size);
        if (w.b[1] != 0x83)
                return -EBADMSG;

        if (w.b[6] != 0) {
                /* SCSI-2 layout: one bare NAA after the header (old EMC Symmetrix). Byte 6 is
                 * reserved, hence zero, in the SPC layout. */
                size_t j = 0;
                raw[j++] = hex_digits[DESIGNATOR_NAA];
                for (size_t i = 0; i < w.b[3] && 4 + i < sizeof(w.b) && j < SCSI_SERIAL_MAX - 3; i++) {
                        raw[j++] = hex_digits[w.b[4 + i] >> 4];
                        raw[j++] = hex_digits[w.b[4 + i] & 0x0f];
                }
                raw[j] = '\0';
                strcpy(raw_short, raw);
                ret->source = SERIAL_SOURCE_PG83_PRE_SPC3;
                ret->designator_type = DESIGNATOR_NAA;
                return 0;
        }

        /* scsi_id looks at every designator that starts within the page (at or before its
         * last byte, page length + 3), even one whose header ends past it.  All our reads
         * stay inside the window, zero where the kernel gave us nothing, as scsi_id's buffer. */
        size_t last = ((size_t) w.b[2] << 8 | w.b[3]) + 3;

        for (size_t p = 0; p < ELEMENTSOF(designator_priority); p++)
                for (size_t d = 4; d <= last && d + 4 <= sizeof(w.b); d += 4 + (size_t) w.b[d + 3]) {
                        int naa;
                        if (designator_match(&w, d, &designator_priority[p], vendor, model, raw,
                                             raw_short, &naa)) {
                                ret->source = SERIAL_SOURCE_PG83;
                                ret->designator_type = designator_priority[p].type;
                                ret->naa_type = designator_priority[p].type == DESIGNATOR_NAA ? naa : -1;
                                return 0;
                        }
                }
        return -ENODATA;
}

/* Returns the unit serial number (without prefix) in short, or -ENODATA. */
static int parse_pg80(const uint8_t *page, size_t size, char *unit_serial) {
        InquiryWindow w;

        if (!page || size < 4)
                return -ENODATA;
        window_load(&w, page, size);
        if (w.b[1] != 0x80)
                return -EBADMSG;
        size_t len = w.b[3];
        if (1 + SCSI_VENDOR_LEN + SCSI_MODEL_LEN + len > SCSI_SERIAL_MAX)
                return -ENODATA;
        if (4 + len > sizeof(w.b) || 4 + len > size)
                return -ENODATA;
        memcpy(unit_serial, w.b + 4, len);
        unit_serial[len] = '\0';
        return 0;
}

static void export_string(const char *raw, char *out) {
        char tmp[SCSI_SERIAL_MAX];
        udev_style_replace_whitespace(raw, tmp, sizeof(tmp) - 1);
        udev_style_replace_chars(tmp);
        memcpy(out, tmp, strlen(tmp) + 1);
}

int scsi_serial_from_vpd(const uint8_t *pg83, size_t pg83_size, const uint8_t *pg80, size_t pg80_size,
                         const char *vendor, const char *model, ScsiSerial *ret) {
        char raw[SCSI_SERIAL_MAX + 8], raw_short[SCSI_SERIAL_MAX + 8], unit_serial[SCSI_SERIAL_MAX];
        bool have_unit_serial = parse_pg80(pg80, pg80_size, unit_serial) == 0;

        memset(ret, 0, sizeof(*ret));
        ret->designator_type = -1;
        ret->naa_type = -1;
        if (have_unit_serial)
                export_string(unit_serial, ret->unit_serial);

        if (parse_pg83(pg83, pg83_size, vendor, model, ret, raw, raw_short) == 0) {
                export_string(raw, ret->serial);
                export_string(raw_short, ret->serial_short);
                if (ret->serial[0] != '\0')
                        return 0;
        }

        /* scsi_id falls back to page 0x80, with 'S' + vendor + model in front so that it
         * cannot collide with a vendor-specific designator ('0' + vendor + model). */
        if (have_unit_serial && vendor_model_usable(vendor, model)) {
                size_t j = 0;
                raw[j++] = 'S';
                memcpy(raw + j, vendor, SCSI_VENDOR_LEN);
                j += SCSI_VENDOR_LEN;
                memcpy(raw + j, model, SCSI_MODEL_LEN);
                j += SCSI_MODEL_LEN;
                strcpy(raw + j, unit_serial);
                export_string(raw, ret->serial);
                export_string(unit_serial, ret->serial_short);
                ret->source = SERIAL_SOURCE_PG80;
                ret->designator_type = -1;
                if (ret->serial[0] != '\0')
                        return 0;
        }

        memset(ret->serial, 0, sizeof(ret->serial));
        memset(ret->serial_short, 0, sizeof(ret->serial_short));
        ret->source = SERIAL_SOURCE_NONE;
        return -ENODATA;
}

int scsi_serial_from_id_serial(const char *id_serial, ScsiSerial *ret) {
        memset(ret, 0, sizeof(*ret));
        ret->designator_type = -1;
        ret->naa_type = -1;
        if (!id_serial || id_serial[0] == '\0' || strlen(id_serial) >= SCSI_SERIAL_MAX)
                return -ENODATA;
        strcpy(ret->serial, id_serial);
        strcpy(ret->serial_short, id_serial + 1);
        ret->source = SERIAL_SOURCE_UDEV;
        switch (id_serial[0]) {
        case '0':
        case '1':
        case '2':
        case '3':
        case '8':
                ret->designator_type = id_serial[0] - '0';
                break;
        default:
                break;
        }
        if (ret->designator_type == DESIGNATOR_NAA && id_serial[1])
                ret->naa_type = strchr(hex_digits, id_serial[1]) ? (int) (strchr(hex_digits, id_serial[1]) - hex_digits) : -1;
        return 0;
}

static bool is_hex_string(const char *s, size_t n) {
        for (size_t i = 0; i < n; i++)
                if (!s[i] || !strchr(hex_digits, s[i]))
                        return false;
        return true;
}

enum serial_uniqueness scsi_serial_uniqueness(const ScsiSerial *s) {
        if (s->source == SERIAL_SOURCE_NONE || s->serial[0] == '\0')
                return SERIAL_NOT_UNIQUE;
        if (s->source == SERIAL_SOURCE_PG80)
                return SERIAL_UNIQUE;
        switch (s->designator_type) {
        case DESIGNATOR_NAA:
        case DESIGNATOR_EUI64:
        case DESIGNATOR_SCSI_NAME:
                return SERIAL_UNIQUE;
        case DESIGNATOR_T10_VENDOR:
                /* tgtd's default: "IET" padded to 8, then the target and LUN numbers as
                 * 000T000L; the same on every target server. */
                if (strncmp(s->serial, "1IET_", 5) == 0 && strlen(s->serial) == 13 &&
                    is_hex_string(s->serial + 5, 8))
                        return SERIAL_KNOWN_DEFAULT;
                return SERIAL_UNIQUE;
        default:
                /* A page 0x80 serial that came through udev ("S" + vendor + model + serial)
                 * is as good as our own; vendor-specific designators carry whatever the
                 * vendor likes, often a slot or drive id that repeats between disks. */
                if (s->source == SERIAL_SOURCE_UDEV && s->serial[0] == 'S')
                        return SERIAL_UNIQUE;
                return SERIAL_NOT_UNIQUE;
        }
}

