/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "udev-string.h"
#include "vpd.h"

static const char VMW_VENDOR[] = "VMware  ";
static const char VMW_MODEL[] = "Virtual disk    ";

/* Builds a page 0x83 from designators given as (code_set, assoc_type, bytes, len). */
typedef struct Page {
        uint8_t b[1024];
        size_t n;
} Page;

static void page_init(Page *p, uint8_t code) {
        memset(p, 0, sizeof(*p));
        p->b[1] = code;
        p->n = 4;
}

static void page_add(Page *p, uint8_t code_set, uint8_t assoc_type, const void *id, size_t len) {
        p->b[p->n] = code_set;
        p->b[p->n + 1] = assoc_type;
        p->b[p->n + 3] = (uint8_t) len;
        memcpy(p->b + p->n + 4, id, len);
        p->n += 4 + len;
        p->b[2] = (uint8_t) ((p->n - 4) >> 8);
        p->b[3] = (uint8_t) (p->n - 4);
}

static void hex_to_bytes(const char *hex, uint8_t *out, size_t *n) {
        *n = strlen(hex) / 2;
        for (size_t i = 0; i < *n; i++) {
                char b[3] = { hex[2 * i], hex[2 * i + 1], 0 };
                out[i] = (uint8_t) strtoul(b, NULL, 16);
        }
}

static const char *serial_of(const Page *p83, const Page *p80, const char *vendor, const char *model) {
        static ScsiSerial s;
        int r = scsi_serial_from_vpd(p83 ? p83->b : NULL, p83 ? p83->n : 0, p80 ? p80->b : NULL, p80 ? p80->n : 0,
                                     vendor, model, &s);
        return r == 0 ? s.serial : NULL;
}

/* NOTES.md: a VMware disk with disk.EnableUUID gives ID_SERIAL=36000c29... (33 characters). */
static void test_vmware_naa16(void **state) {
        (void) state;
        Page p;
        uint8_t id[16];
        size_t n;
        page_init(&p, 0x83);
        hex_to_bytes("6000c29654b6aa069e1553a3251c4f56", id, &n);
        page_add(&p, 1, 0x03, id, n);
        ScsiSerial s;
        assert_int_equal(scsi_serial_from_vpd(p.b, p.n, NULL, 0, VMW_VENDOR, VMW_MODEL, &s), 0);
        assert_string_equal(s.serial, "36000c29654b6aa069e1553a3251c4f56");
        assert_string_equal(s.serial_short, "6000c29654b6aa069e1553a3251c4f56");
        assert_int_equal(s.designator_type, DESIGNATOR_NAA);
        assert_int_equal(s.naa_type, 6);
        assert_int_equal(scsi_serial_uniqueness(&s), SERIAL_UNIQUE);
}

/* NOTES.md, seen under QEMU with the host's scsi_id: serial=6000c296...56,wwn=0x6000c29654b6aa06
 * gives ID_SERIAL=36000c29654b6aa06 and ID_SCSI_SERIAL from page 0x80. QEMU puts the serial in a
 * vendor-specific designator first; the NAA still wins. */
static void test_qemu_naa8_beats_vendor_specific(void **state) {
        (void) state;
        Page p, p80;
        uint8_t id[8];
        size_t n;
        const char *serial = "6000c29654b6aa069e1553a3251c4f56";
        page_init(&p, 0x83);
        page_add(&p, 2, 0x00, serial, strlen(serial));
        hex_to_bytes("6000c29654b6aa06", id, &n);
        page_add(&p, 1, 0x03, id, n);
        page_init(&p80, 0x80);
        memcpy(p80.b + 4, serial, strlen(serial));
        p80.b[3] = (uint8_t) strlen(serial);
        p80.n = 4 + strlen(serial);

        ScsiSerial s;
        assert_int_equal(scsi_serial_from_vpd(p.b, p.n, p80.b, p80.n, VMW_VENDOR, VMW_MODEL, &s), 0);
        assert_string_equal(s.serial, "36000c29654b6aa06");
        assert_string_equal(s.unit_serial, serial);
        assert_int_equal(s.naa_type, 6); /* the 8-byte NAA: not the 16-byte VMware UUID */
}

/* NOTES.md: a QEMU disk with neither serial nor wwn: only a vendor-specific designator with
 * the drive id; ID_SERIAL=0VMware_Virtual_disk_d2. */
static void test_vendor_specific_only(void **state) {
        (void) state;
        Page p;
        page_init(&p, 0x83);
        page_add(&p, 2, 0x00, "d2", 2);
        ScsiSerial s;
        assert_int_equal(scsi_serial_from_vpd(p.b, p.n, NULL, 0, VMW_VENDOR, VMW_MODEL, &s), 0);
        assert_string_equal(s.serial, "0VMware_Virtual_disk_d2");
        assert_int_equal(scsi_serial_uniqueness(&s), SERIAL_NOT_UNIQUE);
}

/* tgtd: T10 vendor ID "IET     00010001" -> "1IET_00010001", a known default. */
static void test_tgtd_t10_default(void **state) {
        (void) state;
        Page p;
        page_init(&p, 0x83);
        page_add(&p, 2, 0x01, "IET     00010001", 16);
        ScsiSerial s;
        assert_int_equal(scsi_serial_from_vpd(p.b, p.n, NULL, 0, "IET     ", "VIRTUAL-DISK    ", &s), 0);
        assert_string_equal(s.serial, "1IET_00010001");
        assert_int_equal(scsi_serial_uniqueness(&s), SERIAL_KNOWN_DEFAULT);
}

static void test_t10_real_serial_is_unique(void **state) {
        (void) state;
        Page p;
        page_init(&p, 0x83);
        page_add(&p, 2, 0x01, "NETAPP  LUN C4i/aJZyTkP2", 24);
        ScsiSerial s;
        assert_int_equal(scsi_serial_from_vpd(p.b, p.n, NULL, 0, "NETAPP  ", "LUN             ", &s), 0);
        assert_string_equal(s.serial, "1NETAPP_LUN_C4i_aJZyTkP2");
        assert_int_equal(scsi_serial_uniqueness(&s), SERIAL_UNIQUE);
}

/* The whole priority table, one designator type at a time, in reverse order of priority. */
static void test_priority_order(void **state) {
        (void) state;
        Page p;
        uint8_t naa5[8] = { 0x50, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 };
        uint8_t naa6[16] = { 0x60, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 1, 2, 3, 4, 5, 6, 7, 8 };
        uint8_t naa2[8] = { 0x20, 0x00, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
        uint8_t eui[8] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00, 0x11 };

        page_init(&p, 0x83);
        page_add(&p, 2, 0x00, "vs", 2);
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "0VMware_Virtual_disk_vs");
        page_add(&p, 2, 0x01, "VEND    t10", 11);
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "1VEND_t10");
        page_add(&p, 2, 0x02, "EUIASCII", 8);
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "2EUIASCII");
        page_add(&p, 1, 0x02, eui, 8);
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "2aabbccddeeff0011");
        page_add(&p, 1, 0x03, naa2, 8);
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "32000001122334455");
        page_add(&p, 1, 0x03, naa5, 8);
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "35001020304050607");
        page_add(&p, 1, 0x03, naa6, 16);
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "3600a0b0c0d0e0f100102030405060708");
}

/* Binary before ASCII for the same type; the ASCII one comes first in the page. */
static void test_binary_before_ascii(void **state) {
        (void) state;
        Page p;
        uint8_t t10[4] = { 0xde, 0xad, 0xbe, 0xef };
        page_init(&p, 0x83);
        page_add(&p, 2, 0x01, "ASCIIT10", 8);
        page_add(&p, 1, 0x01, t10, 4);
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "1deadbeef");
}

/* Only logical-unit designators count; target port ones and the target port group never do.
 * UTF-8 designators are in no priority entry. */
static void test_association_and_code_set(void **state) {
        (void) state;
        Page p;
        uint8_t naa[8] = { 0x50, 1, 2, 3, 4, 5, 6, 7 };
        uint8_t tpg[4] = { 0, 0, 0, 1 };
        page_init(&p, 0x83);
        page_add(&p, 1, 0x13, naa, 8); /* NAA of the target port */
        page_add(&p, 1, 0x15, tpg, 4); /* target port group */
        page_add(&p, 1, 0x23, naa, 8); /* NAA of the target device */
        page_add(&p, 3, 0x01, "UTF8T10", 7);
        assert_null(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL));
        page_add(&p, 2, 0x01, "LUT10", 5);
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "1LUT10");
}

/* Page 0x80 fallback: 'S' + vendor + model + serial, whitespace collapsed. */
static void test_pg80_fallback(void **state) {
        (void) state;
        Page p80;
        page_init(&p80, 0x80);
        memcpy(p80.b + 4, "  ABC 123  ", 11);
        p80.b[3] = 11;
        p80.n = 15;
        ScsiSerial s;
        assert_int_equal(scsi_serial_from_vpd(NULL, 0, p80.b, p80.n, "ATA     ", "WDC WD10EZEX    ", &s), 0);
        assert_string_equal(s.serial, "SATA_WDC_WD10EZEX_ABC_123");
        assert_string_equal(s.serial_short, "ABC_123");
        assert_int_equal(s.source, SERIAL_SOURCE_PG80);
        assert_int_equal(scsi_serial_uniqueness(&s), SERIAL_UNIQUE);
}

/* An empty 0x83 page (no designator) falls back to 0x80 too. */
static void test_empty_pg83_falls_back(void **state) {
        (void) state;
        Page p, p80;
        page_init(&p, 0x83);
        page_init(&p80, 0x80);
        memcpy(p80.b + 4, "XYZ", 3);
        p80.b[3] = 3;
        p80.n = 7;
        assert_string_equal(serial_of(&p, &p80, VMW_VENDOR, VMW_MODEL), "SVMware_Virtual_disk_XYZ");
        assert_null(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL));
}

/* Vendor-specific and page 0x80 serials need exactly 8+16 vendor/model characters, as scsi_id. */
static void test_short_vendor_model(void **state) {
        (void) state;
        Page p;
        page_init(&p, 0x83);
        page_add(&p, 2, 0x00, "vs", 2);
        assert_null(serial_of(&p, NULL, "VMware", VMW_MODEL));
        assert_null(serial_of(&p, NULL, VMW_VENDOR, NULL));
}

static void test_wrong_page_code(void **state) {
        (void) state;
        Page p;
        uint8_t naa[8] = { 0x50, 1, 2, 3, 4, 5, 6, 7 };
        page_init(&p, 0x80);
        page_add(&p, 1, 0x03, naa, 8);
        assert_null(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL));
}

/* Lying lengths: the page claims more than there is; a designator runs off the end. */
static void test_truncated_and_oversized(void **state) {
        (void) state;
        Page p;
        uint8_t naa[16] = { 0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
        page_init(&p, 0x83);
        page_add(&p, 1, 0x03, naa, 16);
        /* Page length says 0xffff. */
        p.b[2] = 0xff;
        p.b[3] = 0xff;
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "3600102030405060708090a0b0c0d0e0f");
        /* The buffer stops in the middle of the identifier: scsi_id reads on into its
         * zeroed buffer, and so must we. */
        ScsiSerial s;
        assert_int_equal(scsi_serial_from_vpd(p.b, 12, NULL, 0, VMW_VENDOR, VMW_MODEL, &s), 0);
        assert_string_equal(s.serial, "360010203000000000000000000000000");
        /* A designator length of 255 on a short page. */
        page_init(&p, 0x83);
        page_add(&p, 1, 0x03, naa, 16);
        p.b[7] = 255;
        assert_null(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL));
        /* Shorter than a header. */
        assert_int_equal(scsi_serial_from_vpd(p.b, 3, NULL, 0, VMW_VENDOR, VMW_MODEL, &s), -ENODATA);
        assert_int_equal(scsi_serial_from_vpd(p.b, 0, NULL, 0, VMW_VENDOR, VMW_MODEL, &s), -ENODATA);
}

/* Page 0x80 whose length byte is larger than the data. */
static void test_pg80_lying_length(void **state) {
        (void) state;
        Page p80;
        page_init(&p80, 0x80);
        memcpy(p80.b + 4, "ABC", 3);
        p80.b[3] = 200;
        ScsiSerial s;
        assert_int_equal(scsi_serial_from_vpd(NULL, 0, p80.b, 7, VMW_VENDOR, VMW_MODEL, &s), -ENODATA);
}

/* A designator past scsi_id's 254-byte INQUIRY window is not seen, as scsi_id would not. */
static void test_beyond_inquiry_window(void **state) {
        (void) state;
        Page p;
        uint8_t filler[240] = { 0 };
        uint8_t naa[8] = { 0x50, 1, 2, 3, 4, 5, 6, 7 };
        page_init(&p, 0x83);
        page_add(&p, 2, 0x00, filler, 240); /* vendor specific, too long for scsi_id's buffer */
        page_add(&p, 1, 0x03, naa, 8);
        assert_true(p.n > SCSI_INQ_BUFF_LEN);
        assert_null(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL));
}

/* A designator whose serial would not fit scsi_id's 256-byte buffer is skipped, not cut. */
static void test_serial_too_long_for_buffer(void **state) {
        (void) state;
        Page p;
        uint8_t big[130];
        memset(big, 0xab, sizeof(big));
        page_init(&p, 0x83);
        page_add(&p, 1, 0x01, big, sizeof(big)); /* 130 bytes -> 260 hex chars */
        page_add(&p, 2, 0x01, "OK", 2);
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "1OK");
}

/* SCSI-2 layout (byte 6 non-zero): "3" + hex of page_83[3] bytes after the header. */
static void test_pre_spc3(void **state) {
        (void) state;
        uint8_t page[20] = { 0x00, 0x83, 0x00, 0x10, 0x60, 0x06, 0x04, 0x80, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
        ScsiSerial s;
        assert_int_equal(scsi_serial_from_vpd(page, sizeof(page), NULL, 0, VMW_VENDOR, VMW_MODEL, &s), 0);
        assert_string_equal(s.serial, "3600604800102030405060708090a0b0c");
        assert_int_equal(s.source, SERIAL_SOURCE_PG83_PRE_SPC3);
}

/* ASCII identifiers go through udev's character replacement, and stop at a NUL. */
static void test_ascii_sanitized(void **state) {
        (void) state;
        Page p;
        page_init(&p, 0x83);
        page_add(&p, 2, 0x01, "AB/C\"D\n E\x01", 10);
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "1AB_C_D_E_");
        page_init(&p, 0x83);
        page_add(&p, 2, 0x01, "AB\0CD", 5);
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "1AB");
        page_init(&p, 0x83);
        page_add(&p, 2, 0x01, "caf\xc3\xa9", 5); /* valid UTF-8 kept */
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "1caf\xc3\xa9");
        page_init(&p, 0x83);
        page_add(&p, 2, 0x01, "x\xc0\xafy", 4); /* overlong '/' replaced */
        assert_string_equal(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL), "1x__y");
}

/* Found by tests/scsi-id-diff: an identifier whose length runs past the page.  sysfs holds
 * exactly the page; scsi_id reads on into its zeroed 254-byte buffer.  Expected values are
 * what /lib/udev/scsi_id printed for these pages. */
static void test_designator_past_page(void **state) {
        (void) state;
        /* T10 vendor ID, length 16, the page holds 14 of its bytes. */
        static const uint8_t pg83[] = { 0x00, 0x83, 0x00, 0x12, 0x02, 0x01, 0x00, 0x10, 'I', 'E', 'T', ' ', ' ',
                                        ' ', ' ', ' ', '0', '0', '0', '2', '0', '0' };
        ScsiSerial s;
        assert_int_equal(scsi_serial_from_vpd(pg83, sizeof(pg83), NULL, 0, "IET     ", "VIRTUAL-DISK    ", &s), 0);
        assert_string_equal(s.serial, "1IET_000200");
        assert_string_equal(s.serial_short, "IET_000200");

        /* Vendor specific, length 28 on an 11-byte page: the backslash becomes '_'. */
        static const uint8_t pg83_vs[] = { 0x00, 0x83, 0x00, 0x0b, 0x02, 0x00, 0x00, 0x1c,
                                           0x5c, 0x37, 0x00, 0xef, 0xb7, 0x90, 0x73 };
        assert_int_equal(scsi_serial_from_vpd(pg83_vs, sizeof(pg83_vs), NULL, 0, "HITACHI ", "OPEN-V          ", &s), 0);
        assert_string_equal(s.serial, "0HITACHI_OPEN-V__7");

        /* Past scsi_id's window there is nothing defined to match. */
        Page p;
        uint8_t big[200] = { 0 };
        page_init(&p, 0x83);
        page_add(&p, 1, 0x13, big, 200);
        page_add(&p, 2, 0x01, "ABC", 3);
        p.b[p.n - 4 - 3 + 3] = 60; /* 208 + 4 + 60 > 254 */
        assert_null(serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL));
}

/* Found by tests/scsi-id-diff: scsi_id visits every designator that starts at or before page
 * length + 3, even one whose header lies partly past the page. */
static void test_designator_header_past_page(void **state) {
        (void) state;
        /* A target port NAA (not the disk's), then byte 16 = page length + 3 opens an ASCII
         * vendor-specific designator whose other header bytes are past the page: zero, so an
         * empty identifier. */
        static const uint8_t pg83[] = { 0x00, 0x83, 0x00, 0x0d, 0x01, 0x13, 0x00, 0x08, 0x50,
                                        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x02 };
        ScsiSerial s;
        assert_int_equal(scsi_serial_from_vpd(pg83, sizeof(pg83), NULL, 0, VMW_VENDOR, VMW_MODEL, &s), 0);
        assert_string_equal(s.serial, "0VMware_Virtual_disk");
        assert_int_equal(s.designator_type, DESIGNATOR_VENDOR_SPECIFIC);
}

/* Found by tests/scsi-id-diff: scsi_id and udev keep "\x.." in ID_SERIAL; export printed '_'. */
static void test_serial_keeps_hex_escape(void **state) {
        (void) state;
        Page p;
        page_init(&p, 0x83);
        page_add(&p, 2, 0x01, "a\\x41b\\c\\", 9);
        const char *serial = serial_of(&p, NULL, VMW_VENDOR, VMW_MODEL);
        /* A backslash that does not start "\x" is replaced, as udev does. */
        assert_string_equal(serial, "1a\\x41b_c_");
        size_t replaced;
        char *out = udev_import_escape(serial, &replaced);
        assert_non_null(out);
        assert_string_equal(out, "1a\\x41b_c_");
        assert_int_equal(replaced, 0);
        free(out);
}

static void check_import_escape(const char *value, const char *want, size_t want_replaced) {
        size_t replaced = 99;
        char *out = udev_import_escape(value, &replaced);
        assert_non_null(out);
        assert_string_equal(out, want);
        assert_int_equal(replaced, want_replaced);
        free(out);
}

/* What udev's IMPORT{program} would not store as it is, and only that, is changed. */
/* udev's stack directory names (udev_node_escape_path() since 250, util_path_encode() in
 * 239), including where udev stops escaping and hashes instead. */
static void test_link_stack_name(void **state) {
        (void) state;
        char buf[256], name[260];
        assert_int_equal(udev_link_stack_name("asm/data01", false, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "asm\\x2fdata01");
        assert_int_equal(udev_link_stack_name("asm/data01", true, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "\\x2fasm\\x2fdata01");
        assert_int_equal(udev_link_stack_name("a\\b", false, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "a\\x5cb");
        assert_int_equal(udev_link_stack_name("data", false, buf, 5), 0);
        assert_int_equal(udev_link_stack_name("data", false, buf, 4), -ENAMETOOLONG);
        /* 244 bytes is the longest udev writes as it is; one more and it hashes. */
        memset(name, 'x', 244);
        name[244] = '\0';
        assert_int_equal(udev_link_stack_name(name, false, buf, sizeof(buf)), 0);
        assert_int_equal(strlen(buf), 244);
        name[244] = 'x';
        name[245] = '\0';
        assert_int_equal(udev_link_stack_name(name, false, buf, sizeof(buf)), -ENAMETOOLONG);
        memset(name, 'x', 241);
        memcpy(name + 240, "/y", 3); /* 240 + 4 + 1 = 245 */
        assert_int_equal(udev_link_stack_name(name, false, buf, sizeof(buf)), -ENAMETOOLONG);
        memcpy(name + 239, "/y", 3); /* 239 + 4 + 1 = 244 */
        assert_int_equal(udev_link_stack_name(name, false, buf, sizeof(buf)), 0);
        assert_int_equal(strlen(buf), 244);
}

static void test_import_escape(void **state) {
        (void) state;
        check_import_escape("36000c29654b6aa069e1553a3251c4f56", "36000c29654b6aa069e1553a3251c4f56", 0);
        check_import_escape("1IET_\\x41\\x", "1IET_\\x41\\x", 0);
        check_import_escape("a\"b'c", "a\"b'c", 0);            /* inner quotes are kept */
        check_import_escape("a b\tc", "a b\tc", 0);            /* inner blanks are kept */
        check_import_escape("a\nb\rc", "a_b_c", 2);          /* line breaks split the line */
        check_import_escape("  ab\t", "__ab_", 3);            /* udev strips both ends */
        check_import_escape("ab\\", "ab_", 1);               /* would join the next line */
        check_import_escape("ab\\\\", "ab\\\\", 0);          /* an escaped backslash is fine */
        check_import_escape("ab\\\\\\", "ab\\\\_", 1);
        check_import_escape("\"q\"", "\"\"q\"\"", 0);          /* udev removes one pair of quotes */
        check_import_escape("'q", "\"'q\"", 0);
        check_import_escape("\"", "\"\"\"", 0);
        check_import_escape("", "", 0);
        check_import_escape("caf\xc3\xa9", "caf\xc3\xa9", 0);
}

static void test_replace_whitespace(void **state) {
        (void) state;
        char out[64];
        udev_style_replace_whitespace("  a  b\tc  ", out, sizeof(out) - 1);
        assert_string_equal(out, "a_b_c");
        udev_style_replace_whitespace("", out, sizeof(out) - 1);
        assert_string_equal(out, "");
        udev_style_replace_whitespace("    ", out, sizeof(out) - 1);
        assert_string_equal(out, "");
        char in[] = "x y";
        udev_style_replace_whitespace(in, in, sizeof(in));
        assert_string_equal(in, "x_y");
}

static void test_id_serial_from_udev(void **state) {
        (void) state;
        ScsiSerial s;
        assert_int_equal(scsi_serial_from_id_serial("36000c29654b6aa069e1553a3251c4f56", &s), 0);
        assert_int_equal(s.designator_type, DESIGNATOR_NAA);
        assert_int_equal(scsi_serial_uniqueness(&s), SERIAL_UNIQUE);
        assert_int_equal(scsi_serial_from_id_serial("0VMware_Virtual_disk_d2", &s), 0);
        assert_int_equal(scsi_serial_uniqueness(&s), SERIAL_NOT_UNIQUE);
        assert_int_equal(scsi_serial_from_id_serial("SATA_disk_X", &s), 0);
        assert_int_equal(scsi_serial_uniqueness(&s), SERIAL_UNIQUE);
        assert_int_equal(scsi_serial_from_id_serial("", &s), -ENODATA);
}

/* Random garbage of every length never crashes and never yields an over-long serial. */
static void test_garbage(void **state) {
        (void) state;
        uint8_t buf[600];
        unsigned seed = 12345;
        for (int round = 0; round < 20000; round++) {
                size_t n = (size_t) (rand_r(&seed) % sizeof(buf));
                for (size_t i = 0; i < n; i++)
                        buf[i] = (uint8_t) rand_r(&seed);
                if (n > 1 && round % 2)
                        buf[1] = 0x83;
                if (n > 6 && round % 4 == 1)
                        buf[6] = 0;
                ScsiSerial s;
                if (scsi_serial_from_vpd(buf, n, buf, n, VMW_VENDOR, VMW_MODEL, &s) == 0) {
                        assert_true(strlen(s.serial) > 0);
                        assert_true(strlen(s.serial) < SCSI_SERIAL_MAX);
                }
        }
}

/* Beyond VMware (issue 19): a vendor-specific designator that repeats page 0x80's unit serial
 * (QEMU scsi-hd with serial=; udev 252 gave ID_SERIAL=0QEMU_QEMU_HARDDISK_VSCSI0001 and
 * ID_SCSI_SERIAL=VSCSI0001 in a capture guest) is as unique as the page; QEMU's drive name
 * without page 0x80 is not; a Google persistent disk's device name is unique in its VM. */
static void test_vendor_specific_beyond_vmware(void **state) {
        (void) state;
        Page p83, p80;
        ScsiSerial s;
        page_init(&p83, 0x83);
        page_add(&p83, 2, 0x00, "VSCSI0001", 9);
        page_init(&p80, 0x80);
        memcpy(p80.b + 4, "VSCSI0001", 9);
        p80.n = 4 + 9;
        p80.b[3] = 9;
        assert_int_equal(scsi_serial_from_vpd(p83.b, p83.n, p80.b, p80.n, "QEMU    ", "QEMU HARDDISK   ", &s), 0);
        assert_string_equal(s.serial, "0QEMU_QEMU_HARDDISK_VSCSI0001");
        assert_string_equal(s.unit_serial, "VSCSI0001");
        assert_int_equal(scsi_serial_uniqueness(&s), SERIAL_UNIQUE);
        /* The drive name, no page 0x80 (udev 252: ID_SERIAL=0QEMU_QEMU_HARDDISK_dvs3). */
        page_init(&p83, 0x83);
        page_add(&p83, 2, 0x00, "dvs3", 4);
        assert_int_equal(scsi_serial_from_vpd(p83.b, p83.n, NULL, 0, "QEMU    ", "QEMU HARDDISK   ", &s), 0);
        assert_string_equal(s.serial, "0QEMU_QEMU_HARDDISK_dvs3");
        assert_int_equal(scsi_serial_uniqueness(&s), SERIAL_NOT_UNIQUE);
        /* A page 0x80 that differs from the designator proves nothing about it. */
        page_init(&p80, 0x80);
        memcpy(p80.b + 4, "OTHER", 5);
        p80.n = 4 + 5;
        p80.b[3] = 5;
        assert_int_equal(scsi_serial_from_vpd(p83.b, p83.n, p80.b, p80.n, "QEMU    ", "QEMU HARDDISK   ", &s), 0);
        assert_int_equal(scsi_serial_uniqueness(&s), SERIAL_NOT_UNIQUE);
        /* Google: the device name the admin gave the disk. */
        page_init(&p83, 0x83);
        page_add(&p83, 2, 0x00, "oradata1", 8);
        assert_int_equal(scsi_serial_from_vpd(p83.b, p83.n, NULL, 0, "Google  ", "PersistentDisk  ", &s), 0);
        assert_string_equal(s.serial, "0Google_PersistentDisk_oradata1");
        assert_int_equal(scsi_serial_uniqueness(&s), SERIAL_UNIQUE);
        assert_int_equal(scsi_serial_from_id_serial("0Google_PersistentDisk_oradata1", &s), 0);
        assert_int_equal(scsi_serial_uniqueness(&s), SERIAL_UNIQUE);
        assert_int_equal(scsi_serial_from_id_serial("0Google_PersistentDisk_", &s), 0);
        assert_int_equal(scsi_serial_uniqueness(&s), SERIAL_NOT_UNIQUE);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_vmware_naa16),
                cmocka_unit_test(test_qemu_naa8_beats_vendor_specific),
                cmocka_unit_test(test_vendor_specific_only),
                cmocka_unit_test(test_vendor_specific_beyond_vmware),
                cmocka_unit_test(test_tgtd_t10_default),
                cmocka_unit_test(test_t10_real_serial_is_unique),
                cmocka_unit_test(test_priority_order),
                cmocka_unit_test(test_binary_before_ascii),
                cmocka_unit_test(test_association_and_code_set),
                cmocka_unit_test(test_pg80_fallback),
                cmocka_unit_test(test_empty_pg83_falls_back),
                cmocka_unit_test(test_short_vendor_model),
                cmocka_unit_test(test_wrong_page_code),
                cmocka_unit_test(test_truncated_and_oversized),
                cmocka_unit_test(test_pg80_lying_length),
                cmocka_unit_test(test_beyond_inquiry_window),
                cmocka_unit_test(test_serial_too_long_for_buffer),
                cmocka_unit_test(test_pre_spc3),
                cmocka_unit_test(test_ascii_sanitized),
                cmocka_unit_test(test_designator_past_page),
                cmocka_unit_test(test_designator_header_past_page),
                cmocka_unit_test(test_serial_keeps_hex_escape),
                cmocka_unit_test(test_import_escape),
                cmocka_unit_test(test_link_stack_name),
                cmocka_unit_test(test_replace_whitespace),
                cmocka_unit_test(test_id_serial_from_udev),
                cmocka_unit_test(test_garbage),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
