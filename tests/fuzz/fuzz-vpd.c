/* SPDX-License-Identifier: MIT */
/* VPD pages as the kernel caches them in sysfs (vpd_pg83, vpd_pg80): bytes a disk or an
 * array's firmware sent.  Input layout: byte 0 selects which pages are present and the
 * vendor/model pair, bytes 1-2 the length of page 0x83 (big endian), then page 0x83, then
 * page 0x80 (the rest).  The same bytes, cut at a NUL, are also tried as an ID_SERIAL. */
#include <stdio.h>

#include "fuzz.h"
#include "vpd.h"

static const char *const vendors[][2] = {
        { "VMware  ", "Virtual disk    " },
        { "IET     ", "VIRTUAL-DISK    " },
        { "EMC     ", "SYMMETRIX       " },
        { "ATA     ", "QEMU HARDDISK   " },
};

static void check_serial(const ScsiSerial *s) {
        /* Every field must be a C string inside its buffer. */
        if (strnlen(s->serial, sizeof(s->serial)) == sizeof(s->serial) ||
            strnlen(s->serial_short, sizeof(s->serial_short)) == sizeof(s->serial_short) ||
            strnlen(s->unit_serial, sizeof(s->unit_serial)) == sizeof(s->unit_serial))
                abort();
        (void) scsi_serial_uniqueness(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        if (size < 3)
                return 0;
        uint8_t sel = data[0];
        size_t n83 = (size_t) data[1] << 8 | data[2];
        const uint8_t *rest = data + 3;
        size_t n_rest = size - 3;
        if (n83 > n_rest)
                n83 = n_rest;

        /* Copies of exactly the page sizes, so ASan sees any read past a page. */
        uint8_t *pg83 = malloc(n83 ? n83 : 1), *pg80 = malloc(n_rest - n83 ? n_rest - n83 : 1);
        if (!pg83 || !pg80)
                abort();
        memcpy(pg83, rest, n83);
        memcpy(pg80, rest + n83, n_rest - n83);

        ScsiSerial s;
        memset(&s, 0xa5, sizeof(s)); /* the parser must not rely on a zeroed result */
        int r = scsi_serial_from_vpd(sel & 1 ? pg83 : NULL, n83, sel & 2 ? pg80 : NULL, n_rest - n83,
                                     vendors[(sel >> 2) & 3][0], vendors[(sel >> 2) & 3][1], &s);
        if (r >= 0)
                check_serial(&s);

        char *id = fuzz_strndup(data, size);
        memset(&s, 0xa5, sizeof(s));
        if (scsi_serial_from_id_serial(id, &s) >= 0)
                check_serial(&s);

        free(id);
        free(pg83);
        free(pg80);
        return 0;
}
