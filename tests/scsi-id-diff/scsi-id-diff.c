/* SPDX-License-Identifier: MIT */
/* Differential test: the real /lib/udev/scsi_id against udev-helper's serial derivation, on
 * generated devices.  Each device is a standard INQUIRY reply and the replies to VPD pages
 * 0x00, 0x80 and 0x83.  scsi_id gets them through sgio-shim.so, exactly as a disk would send
 * them; udev-helper gets what the kernel would keep of the same replies in sysfs (vendor and
 * model cleaned, each VPD page cut to its page length + 4 bytes).  Both values then go
 * through udev's IMPORT{program} parsing, and what udev would store must be equal.
 *
 * Where they differ, the device is run again through scsi_id as the kernel's sysfs copy: if
 * scsi_id then agrees with udev-helper, the difference lies in bytes sysfs does not keep
 * (counted as "hidden by sysfs", not a failure).  Devices on which scsi_id itself reads past
 * its 254-byte buffer have no defined answer and are counted apart.
 *
 * Exit status: 0 all agree, 1 some differ, 77 scsi_id or the shim is missing, 2 usage. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "macro.h"
#include "sgio-shim.h"
#include "udev-string.h"
#include "vpd.h"

extern char **environ;

#define REPLY_MAX 600
#define WINDOW SCSI_INQ_BUFF_LEN
#define VALUE_MAX 1024

typedef struct Reply {
        uint8_t b[REPLY_MAX];
        size_t n;
        bool present;
} Reply;

typedef struct Device {
        Reply inquiry, pg00, pg80, pg83;
        const char *kind;
        bool mutated;
        bool sg4; /* the shim answers the bsg v4 header too */
} Device;

/* ---- deterministic random numbers (xorshift64*) ---- */

typedef struct Rng {
        uint64_t s;
} Rng;

static uint64_t rng_next(Rng *r) {
        r->s ^= r->s >> 12;
        r->s ^= r->s << 25;
        r->s ^= r->s >> 27;
        return r->s * 2685821657736338717ULL;
}

static unsigned rnd(Rng *r, unsigned n) {
        return n ? (unsigned) (rng_next(r) % n) : 0;
}

static void rng_seed(Rng *r, uint64_t seed, uint64_t index) {
        /* splitmix64 of (seed, index): every case can be regenerated on its own. */
        uint64_t z = seed * 0x9e3779b97f4a7c15ULL + index + 0x632be59bd9b4e019ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        r->s = (z ^ (z >> 31)) | 1;
}

/* ---- building replies ---- */

static void put(Reply *p, const void *data, size_t n) {
        if (p->n + n > REPLY_MAX)
                n = REPLY_MAX - p->n;
        memcpy(p->b + p->n, data, n);
        p->n += n;
}

static void put_random(Rng *r, Reply *p, size_t n) {
        for (size_t i = 0; i < n && p->n < REPLY_MAX; i++)
                p->b[p->n++] = (uint8_t) rng_next(r);
}

static void page_start(Reply *p, uint8_t code) {
        memset(p, 0, sizeof(*p));
        p->present = true;
        p->b[1] = code;
        p->n = 4;
}

static void page_finish(Reply *p) {
        size_t len = p->n - 4;
        p->b[2] = (uint8_t) (len >> 8);
        p->b[3] = (uint8_t) len;
}

static void designator(Reply *p, uint8_t code_set, uint8_t assoc, uint8_t type, const void *id, size_t len) {
        uint8_t h[4] = { code_set, (uint8_t) (assoc << 4 | type), 0, (uint8_t) len };
        put(p, h, 4);
        put(p, id, len);
}

static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
static const char hexd[] = "0123456789abcdef";

static size_t random_text(Rng *r, char *out, size_t n, const char *alphabet) {
        size_t k = strlen(alphabet);
        for (size_t i = 0; i < n; i++)
                out[i] = alphabet[rnd(r, (unsigned) k)];
        out[n] = '\0';
        return n;
}

static const char *const products[][2] = {
        { "VMware  ", "Virtual disk    " }, { "IET     ", "VIRTUAL-DISK    " },
        { "LIO-ORG ", "disk0           " }, { "QEMU    ", "QEMU HARDDISK   " },
        { "EMC     ", "SYMMETRIX       " }, { "SEAGATE ", "ST4000NM0023    " },
        { "HITACHI ", "OPEN-V          " }, { "NETAPP  ", "LUN C-Mode      " },
        { "3PARdata", "VV              " }, { "DGC     ", "VRAID           " },
};

static void standard_inquiry(Rng *r, Device *d, const char *vendor, const char *model) {
        Reply *p = &d->inquiry;
        memset(p, 0, sizeof(*p));
        p->present = true;
        p->b[0] = 0x00;                        /* direct access block device */
        p->b[2] = rnd(r, 2) ? 0x06 : 0x05;     /* SPC-4 / SPC-3: the kernel reads VPD */
        p->b[3] = 0x02;
        p->b[4] = 31;
        memcpy(p->b + 8, vendor, 8);
        memcpy(p->b + 16, model, 16);
        memcpy(p->b + 32, "1.0 ", 4);
        p->n = 36 + (rnd(r, 4) == 0 ? 60 : 0);
}

static void page0(Device *d, bool with80, bool with83) {
        Reply *p = &d->pg00;
        page_start(p, 0x00);
        uint8_t pages[] = { 0x00, 0x80, 0x83 };
        for (size_t i = 0; i < sizeof(pages); i++)
                if (i == 0 || (i == 1 && with80) || (i == 2 && with83))
                        put(p, &pages[i], 1);
        page_finish(p);
        p->b[1] = 0x00;
}

static void pg80_text(Device *d, const char *s, size_t n) {
        page_start(&d->pg80, 0x80);
        put(&d->pg80, s, n);
        page_finish(&d->pg80);
}

/* A unit serial as drives report it: sometimes right-justified with spaces, sometimes padded. */
static void pg80_random(Rng *r, Device *d) {
        char s[64];
        size_t n = 6 + rnd(r, 20), lead = rnd(r, 3) == 0 ? rnd(r, 12) : 0, trail = rnd(r, 4) == 0 ? rnd(r, 6) : 0;
        memset(s, ' ', lead);
        random_text(r, s + lead, n, alnum);
        memset(s + lead + n, ' ', trail);
        pg80_text(d, s, lead + n + trail);
}

static void naa_bytes(Rng *r, uint8_t *id, size_t len, unsigned naa, uint32_t oui) {
        for (size_t i = 0; i < len; i++)
                id[i] = (uint8_t) rng_next(r);
        /* NAA in the top nibble, then the 24-bit OUI. */
        id[0] = (uint8_t) (naa << 4 | ((oui >> 20) & 0x0f));
        id[1] = (uint8_t) (oui >> 12);
        id[2] = (uint8_t) (oui >> 4);
        id[3] = (uint8_t) ((oui & 0x0f) << 4 | (id[3] & 0x0f));
}

static void target_port_designators(Rng *r, Reply *p) {
        uint8_t rel[4] = { 0, 0, 0, (uint8_t) (1 + rnd(r, 4)) }, tpg[4] = { 0, 0, 0, (uint8_t) rnd(r, 4) };
        uint8_t naa[8];
        naa_bytes(r, naa, 8, 5, 0x0014ce);
        if (rnd(r, 2))
                designator(p, 1, 1, 4, rel, 4);
        if (rnd(r, 2))
                designator(p, 1, 1, 5, tpg, 4);
        if (rnd(r, 2))
                designator(p, 1, 1, 3, naa, 8);
}

/* ---- realistic devices ---- */

enum { KIND_VMWARE, KIND_NAA5, KIND_EUI64, KIND_TGTD, KIND_LIO, KIND_VENDOR_SPECIFIC, KIND_SCSI_NAME,
       KIND_NAA_ASCII, KIND_UTF8, KIND_PRE_SPC3, KIND_PG80_ONLY, KIND_MIXED, _KIND_MAX };

static const char *const kind_names[_KIND_MAX] = {
        "vmware-naa6-16", "naa5-8", "eui64", "tgtd-t10", "lio-t10+naa6", "vendor-specific",
        "scsi-name-only", "naa-ascii", "utf8-code-set", "pre-spc3", "pg80-only", "mixed-order",
};

static void realistic(Rng *r, Device *d) {
        unsigned kind = rnd(r, _KIND_MAX);
        const char *const *prod = products[rnd(r, sizeof(products) / sizeof(products[0]))];
        uint8_t id[64];
        char text[300];

        memset(d, 0, sizeof(*d));
        d->kind = kind_names[kind];
        d->sg4 = rnd(r, 4) == 0;
        page_start(&d->pg83, 0x83);
        switch (kind) {
        case KIND_VMWARE:
                prod = products[0];
                naa_bytes(r, id, 16, 6, 0x000c29);
                designator(&d->pg83, 1, 0, 3, id, 16);
                for (size_t i = 0; i < 16; i++) {
                        text[2 * i] = hexd[id[i] >> 4];
                        text[2 * i + 1] = hexd[id[i] & 15];
                }
                pg80_text(d, text, 32);
                break;
        case KIND_NAA5:
                naa_bytes(r, id, 8, 5, 0x00a0b8);
                if (rnd(r, 2))
                        target_port_designators(r, &d->pg83);
                designator(&d->pg83, 1, 0, 3, id, 8);
                target_port_designators(r, &d->pg83);
                pg80_random(r, d);
                break;
        case KIND_EUI64: {
                size_t len = (size_t[]){ 8, 12, 16 }[rnd(r, 3)];
                for (size_t i = 0; i < len; i++)
                        id[i] = (uint8_t) rng_next(r);
                designator(&d->pg83, 1, 0, 2, id, len);
                if (rnd(r, 2))
                        pg80_random(r, d);
                break;
        }
        case KIND_TGTD: {
                prod = products[1];
                int n = snprintf(text, sizeof(text), "IET     %04x%04x", rnd(r, 4), 1 + rnd(r, 8));
                designator(&d->pg83, 2, 0, 1, text, (size_t) n);
                if (rnd(r, 2)) {
                        naa_bytes(r, id, 8, 5, 0x000000);
                        designator(&d->pg83, 1, 0, 3, id, 8);
                }
                n = snprintf(text, sizeof(text), "beaf1%u", rnd(r, 8));
                pg80_text(d, text, (size_t) n);
                break;
        }
        case KIND_LIO: {
                prod = products[2];
                naa_bytes(r, id, 16, 6, 0x001405);
                designator(&d->pg83, 1, 0, 3, id, 16);
                char uuid[40];
                random_text(r, uuid, 36, hexd);
                uuid[8] = uuid[13] = uuid[18] = uuid[23] = '-';
                int n = snprintf(text, sizeof(text), "LIO-ORG %s", uuid);
                designator(&d->pg83, 2, 0, 1, text, (size_t) n);
                target_port_designators(r, &d->pg83);
                pg80_text(d, uuid, 36);
                break;
        }
        case KIND_VENDOR_SPECIFIC:
                if (rnd(r, 2)) {
                        int n = snprintf(text, sizeof(text), "drive-scsi0-0-0-%u", rnd(r, 8));
                        designator(&d->pg83, 2, 0, 0, text, (size_t) n);
                } else {
                        size_t len = 4 + rnd(r, 28);
                        put_random(r, &d->pg83, 0);
                        for (size_t i = 0; i < len; i++)
                                id[i] = (uint8_t) rng_next(r);
                        designator(&d->pg83, 1, 0, 0, id, len);
                }
                if (rnd(r, 2))
                        pg80_random(r, d);
                break;
        case KIND_SCSI_NAME: {
                int n = snprintf(text, sizeof(text), "iqn.2003-01.org.linux-iscsi.h%u:sn.%08x,t,0x%04x",
                                 rnd(r, 100), (unsigned) rng_next(r), rnd(r, 4));
                size_t len = ((size_t) n + 4) & ~(size_t) 3; /* a multiple of 4, NUL padded */
                memset(text + n, 0, len - (size_t) n);
                designator(&d->pg83, 3, 0, 8, text, len);
                pg80_random(r, d);
                break;
        }
        case KIND_NAA_ASCII:
                naa_bytes(r, id, 8, rnd(r, 2) ? 5 : 6, 0x0060e8);
                for (size_t i = 0; i < 8; i++) {
                        text[2 * i] = hexd[id[i] >> 4];
                        text[2 * i + 1] = hexd[id[i] & 15];
                }
                designator(&d->pg83, 2, 0, 3, text, 16);
                if (rnd(r, 2))
                        pg80_random(r, d);
                break;
        case KIND_UTF8: {
                int n = snprintf(text, sizeof(text), "ACME    caf\xc3\xa9-%u", rnd(r, 1000));
                designator(&d->pg83, 3, 0, 1, text, (size_t) n);
                if (rnd(r, 2))
                        pg80_random(r, d);
                break;
        }
        case KIND_PRE_SPC3:
                /* SCSI-2 layout of old EMC Symmetrix: the WWN right after the header. */
                prod = products[4];
                naa_bytes(r, id, 16, 6, 0x006048);
                put(&d->pg83, id, 16);
                pg80_random(r, d);
                break;
        case KIND_PG80_ONLY:
                pg80_random(r, d);
                d->pg83.present = false;
                break;
        case KIND_MIXED: {
                unsigned n = 2 + rnd(r, 5);
                for (unsigned i = 0; i < n; i++) {
                        unsigned t = rnd(r, 6);
                        uint8_t code_set = rnd(r, 3) ? 1 : 2;
                        size_t len = 4 + rnd(r, 16);
                        switch (t) {
                        case 0:
                                naa_bytes(r, id, 16, 1 + rnd(r, 6), (uint32_t) rng_next(r) & 0xffffff);
                                len = (size_t[]){ 8, 16 }[rnd(r, 2)];
                                break;
                        default:
                                for (size_t k = 0; k < len; k++)
                                        id[k] = code_set == 2 ? (uint8_t) alnum[rnd(r, 62)] : (uint8_t) rng_next(r);
                        }
                        uint8_t type = (uint8_t[]){ 3, 2, 1, 0, 8, 4 }[t];
                        if (t == 0 && code_set == 2) {
                                for (size_t k = 0; k < len; k++)
                                        text[k] = hexd[(k & 1) ? id[k / 2] & 15 : id[k / 2] >> 4];
                                designator(&d->pg83, code_set, (uint8_t) (rnd(r, 4) == 0), type, text, len);
                        } else
                                designator(&d->pg83, code_set, (uint8_t) (rnd(r, 4) == 0), type, id, len);
                }
                if (rnd(r, 2))
                        pg80_random(r, d);
                break;
        }
        }
        if (d->pg83.present)
                page_finish(&d->pg83);
        standard_inquiry(r, d, prod[0], prod[1]);
        page0(d, d->pg80.present, d->pg83.present);
}

/* ---- mutations ---- */

static const char *const nasty[] = {
        "\\", "\\x", "\\x41", "\\\\x", "\\x2f", "x\\", "\"", "'", " ", "  ", "\t", "\n", "\r", "\v",
        "\f", "\x01", "\x7f", "\x80", "\xff", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
        "\xc0\xaf", "\xed\xa0\x80", "\xef\xbf\xbe", "\xf4\x90\x80\x80", "\xef\xb7\x90", "\xc3",
        "#+-.:=@_", "/", "$", "%", "*", "?", "`", ";", "|", "&", "<>", "(", "{", "}",
};
#define NASTY_COUNT (sizeof(nasty) / sizeof(nasty[0]))
/* Byte 0 is a NUL: strlen cannot give its length. */
static const uint8_t nul_byte = 0;

static void put_nasty(Rng *r, uint8_t *out, size_t *n, size_t max) {
        if (rnd(r, 12) == 0) {
                if (*n < max)
                        out[(*n)++] = nul_byte;
                return;
        }
        const char *s = nasty[rnd(r, NASTY_COUNT)];
        for (size_t i = 0; s[i] && *n < max; i++)
                out[(*n)++] = (uint8_t) s[i];
}

/* Text of printable characters and nasty sequences, at most max bytes. */
static size_t nasty_text(Rng *r, uint8_t *out, size_t max) {
        size_t n = 0, want = 1 + rnd(r, (unsigned) (max < 40 ? max : 40));
        while (n < want) {
                if (rnd(r, 3) == 0)
                        put_nasty(r, out, &n, want);
                else
                        out[n++] = (uint8_t) alnum[rnd(r, 62)];
        }
        return n;
}

/* Offsets of the designators of a page 0x83 as laid out in its reply. */
static size_t designator_offsets(const Reply *p, size_t *off, size_t max) {
        size_t k = 0;
        for (size_t d = 4; d + 4 <= p->n && k < max; d += 4 + p->b[d + 3])
                off[k++] = d;
        return k;
}

static void mutate_ascii_designator(Rng *r, Reply *p) {
        /* Replaces the page with one carrying an ASCII identifier full of awkward bytes. */
        uint8_t text[64];
        static const uint8_t types[] = { 0, 1, 2, 3 };
        uint8_t type = types[rnd(r, 4)];
        size_t n = nasty_text(r, text, sizeof(text));
        if (type == 3 && n > 0)
                text[0] = (uint8_t) ((rnd(r, 2) ? 0x60 : 0x50) | (text[0] & 0x0f));
        page_start(p, 0x83);
        if (rnd(r, 2)) {
                uint8_t eui[8];
                for (size_t i = 0; i < 8; i++)
                        eui[i] = (uint8_t) rng_next(r);
                designator(p, 1, 1, 3, eui, 8);
        }
        designator(p, 2, 0, type, text, n);
        page_finish(p);
}

static void mutate_pg80_text(Rng *r, Device *d) {
        uint8_t text[64];
        size_t n = nasty_text(r, text, sizeof(text));
        if (rnd(r, 3) == 0) { /* spaces around it, as drives pad */
                memmove(text + 2, text, n < 60 ? n : 60);
                text[0] = text[1] = ' ';
                n = n < 60 ? n + 2 : 62;
        }
        pg80_text(d, (const char *) text, n);
        page0(d, true, d->pg83.present);
}

static void mutate(Rng *r, Device *d) {
        size_t off[64];
        unsigned count = 1 + rnd(r, 3);

        d->mutated = true;
        for (unsigned m = 0; m < count; m++) {
                Reply *p = rnd(r, 4) == 0 && d->pg80.present ? &d->pg80 : &d->pg83;
                if (!p->present)
                        p = &d->pg83;
                switch (rnd(r, 16)) {
                case 0: /* the page length lies, mostly within scsi_id's window */
                        if (p->present && p->n >= 4) {
                                size_t len = rnd(r, 8) == 0 ? rnd(r, 600) : rnd(r, (unsigned) p->n + 24);
                                p->b[2] = (uint8_t) (len >> 8);
                                p->b[3] = (uint8_t) len;
                        }
                        break;
                case 1: /* a designator's length lies: it may run past the page */
                        if (d->pg83.present) {
                                size_t k = designator_offsets(&d->pg83, off, 64);
                                if (k) {
                                        size_t at = off[rnd(r, (unsigned) k)];
                                        d->pg83.b[at + 3] = (uint8_t) (rnd(r, 2) ? rnd(r, 40) : rnd(r, 256));
                                }
                        }
                        break;
                case 2: /* the device sends less than the page length says */
                        if (p->present && p->n > 4)
                                p->n = 4 + rnd(r, (unsigned) (p->n - 4));
                        break;
                case 3: /* ... or more */
                        if (p->present)
                                put_random(r, p, 1 + rnd(r, 48));
                        break;
                case 4: /* flipped bytes */
                        if (p->present && p->n > 4)
                                for (unsigned i = 1 + rnd(r, 4); i > 0; i--)
                                        p->b[4 + rnd(r, (unsigned) (p->n - 4))] ^= (uint8_t) (1u << rnd(r, 8));
                        break;
                case 5: /* code set, association or type changed */
                        if (d->pg83.present) {
                                size_t k = designator_offsets(&d->pg83, off, 64);
                                if (k) {
                                        size_t at = off[rnd(r, (unsigned) k)];
                                        if (rnd(r, 2))
                                                d->pg83.b[at] = (uint8_t) ((d->pg83.b[at] & 0xf0) | rnd(r, 4));
                                        else
                                                d->pg83.b[at + 1] = (uint8_t) rnd(r, 256);
                                }
                        }
                        break;
                case 6:
                case 7:
                        mutate_ascii_designator(r, &d->pg83);
                        page0(d, d->pg80.present, true);
                        break;
                case 8:
                        mutate_pg80_text(r, d);
                        break;
                case 9: /* byte 6 decides between the SCSI-2 and SPC layouts */
                        if (d->pg83.present && d->pg83.n > 6)
                                d->pg83.b[6] = d->pg83.b[6] ? 0 : (uint8_t) (1 + rnd(r, 255));
                        break;
                case 10: /* the wrong page comes back */
                        if (p->present && p->n >= 2)
                                p->b[1] = (uint8_t) rnd(r, 256);
                        break;
                case 11: { /* awkward vendor or model bytes (the kernel cleans its copy) */
                        size_t at = 8 + rnd(r, 24), n = 0;
                        uint8_t t[8];
                        put_nasty(r, t, &n, sizeof(t));
                        for (size_t i = 0; i < n && at + i < 32; i++)
                                d->inquiry.b[at + i] = t[i];
                        break;
                }
                case 12: /* a random body of random length */
                        page_start(&d->pg83, 0x83);
                        put_random(r, &d->pg83, rnd(r, 2) ? rnd(r, 64) : rnd(r, 300));
                        page_finish(&d->pg83);
                        if (rnd(r, 2))
                                d->pg83.b[6] = 0;
                        page0(d, d->pg80.present, true);
                        break;
                case 13: { /* the last designator runs past the page, inside scsi_id's window */
                        if (d->pg83.present) {
                                size_t k = designator_offsets(&d->pg83, off, 64);
                                if (k) {
                                        size_t at = off[k - 1], room = WINDOW - (at + 4);
                                        size_t over = 1 + rnd(r, 24);
                                        size_t len = (size_t) d->pg83.b[at + 3] + over;
                                        if (len > room)
                                                len = room;
                                        d->pg83.b[at + 3] = (uint8_t) len;
                                }
                        }
                        break;
                }
                case 14: { /* long identifiers around scsi_id's 256-byte serial limit */
                        uint8_t text[260];
                        uint8_t type = (uint8_t) (rnd(r, 2) ? 0 : 1);
                        size_t len = (type == 0 ? 226 : 250) + rnd(r, 8);
                        if (len > WINDOW - 8)
                                len = WINDOW - 8;
                        random_text(r, (char *) text, len, alnum);
                        page_start(&d->pg83, 0x83);
                        designator(&d->pg83, 2, 0, type, text, len);
                        page_finish(&d->pg83);
                        page0(d, d->pg80.present, true);
                        break;
                }
                case 15: { /* long unit serials around the same limit */
                        char text[260];
                        size_t len = 226 + rnd(r, 10);
                        random_text(r, text, len, alnum);
                        pg80_text(d, text, len);
                        page0(d, true, d->pg83.present);
                        break;
                }
                }
        }
}

static void generate(uint64_t seed, uint64_t index, bool want_mutated, Device *d) {
        Rng r;
        rng_seed(&r, seed, index);
        realistic(&r, d);
        if (want_mutated)
                mutate(&r, d);
}

/* ---- what the kernel keeps in sysfs ---- */

/* scsi_sanitize_inquiry_string(): from the first NUL on, and for every non-printable, a space. */
static void sanitize_inquiry_string(const uint8_t *in, char *out, size_t len) {
        bool terminated = false;
        for (size_t i = 0; i < len; i++) {
                if (in[i] == 0)
                        terminated = true;
                out[i] = terminated || in[i] < 0x20 || in[i] > 0x7e ? ' ' : (char) in[i];
        }
        out[len] = '\0';
}

static bool page_listed(const Device *d, uint8_t page) {
        const Reply *p = &d->pg00;
        if (!p->present || p->n < 4 || p->b[1] != 0)
                return false;
        size_t end = 4 + ((size_t) p->b[2] << 8 | p->b[3]);
        for (size_t i = 4; i < end && i < p->n; i++)
                if (p->b[i] == page)
                        return true;
        return false;
}

/* The kernel's copy of a VPD page (scsi_get_vpd_buf()): page length + 4 bytes of the reply
 * (zero where the device sent fewer), and no page at all when the device answers with another
 * page code or a page length of 0. */
static bool sysfs_page(const Device *d, const Reply *p, uint8_t code, Reply *out) {
        memset(out, 0, sizeof(*out));
        if (!page_listed(d, code) || !p->present || p->n < 4 || p->b[1] != code)
                return false;
        size_t len = 4 + ((size_t) p->b[2] << 8 | p->b[3]);
        if (len == 4)
                return false;
        if (len > REPLY_MAX)
                len = REPLY_MAX;
        memcpy(out->b, p->b, p->n < len ? p->n : len);
        out->n = len;
        out->present = true;
        return true;
}

/* The same device as the kernel shows it: what scsi_id would answer if the device had sent
 * only what sysfs keeps. */
static void sysfs_view(const Device *d, Device *v) {
        *v = *d;
        sanitize_inquiry_string(d->inquiry.b + 8, (char *) v->inquiry.b + 8, 8);
        sanitize_inquiry_string(d->inquiry.b + 16, (char *) v->inquiry.b + 16, 16);
        sysfs_page(d, &d->pg80, 0x80, &v->pg80);
        sysfs_page(d, &d->pg83, 0x83, &v->pg83);
}

/* scsi_id walks the designators up to page length + 3 and reads each one's identifier; where
 * that leaves its 254-byte buffer it reads whatever lies on its stack.  Conservative: any
 * identifier it could copy from past the buffer makes the case undefined. */
static bool scsi_id_defined(const Device *d) {
        uint8_t w[WINDOW] = { 0 };
        const Reply *p = &d->pg83;

        if (!page_listed(d, 0x83) || !p->present)
                return true;
        memcpy(w, p->b, p->n < WINDOW ? p->n : WINDOW);
        if (w[1] != 0x83 || w[6] != 0)
                return true;
        size_t end = ((size_t) w[2] << 8 | w[3]) + 3;
        for (size_t j = 4; j <= end; j += (size_t) w[j + 3] + 4) {
                if (j + 4 >= WINDOW)
                        return false;
                int code_set = w[j] & 0x0f, assoc = (w[j + 1] & 0x30) >> 4, type = w[j + 1] & 0x0f;
                bool may_copy = assoc == 0 && type <= 3 && (code_set == 1 || code_set == 2);
                if (may_copy && j + 4 + w[j + 3] > WINDOW)
                        return false;
        }
        return true;
}

/* ---- running scsi_id ---- */

typedef struct Runner {
        const char *scsi_id;
        const char *shim;
        char dir[200];
        pid_t server;
        int req_fd, resp_fd;
        const char *udev_helper; /* run the real binary under umockdev on some devices */
        unsigned export_every;
} Runner;

#define SHIM_DEVICE "/dev/uh-scsi-id-diff"

/* One scsi_id process, started once with the shim as its fork server: every device is one
 * fork of it that runs scsi_id's main() as usual. */
static int start_server(Runner *run) {
        int req[2], resp[2];
        if (pipe2(req, O_CLOEXEC) < 0 || pipe2(resp, O_CLOEXEC) < 0)
                return -errno;

        char e_preload[512], e_dev[] = "SCSI_ID_SHIM_DEV=" SHIM_DEVICE, e_server[] = "SCSI_ID_SHIM_SERVER=10,11";
        snprintf(e_preload, sizeof(e_preload), "LD_PRELOAD=%s", run->shim);
        char *envp[] = { e_preload, e_dev, e_server, NULL };
        char *argv[] = { (char *) run->scsi_id, (char *) "--whitelisted", (char *) "--export",
                         (char *) SHIM_DEVICE, NULL };
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, req[0], 10);
        posix_spawn_file_actions_adddup2(&fa, resp[1], 11);
        /* Each forked child writes its own out file; anything else goes nowhere. */
        posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
        int r = posix_spawn(&run->server, run->scsi_id, &fa, NULL, argv, envp);
        posix_spawn_file_actions_destroy(&fa);
        close(req[0]);
        close(resp[1]);
        if (r != 0) {
                close(req[1]);
                close(resp[0]);
                return -r;
        }
        run->req_fd = req[1];
        run->resp_fd = resp[0];
        return 0;
}

static void stop_server(Runner *run) {
        close(run->req_fd);
        close(run->resp_fd);
        int status;
        while (waitpid(run->server, &status, 0) < 0 && errno == EINTR)
                ;
}

static int write_reply(const char *dir, const char *name, const Reply *p) {
        char path[256];
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        if (!p->present) {
                if (unlink(path) < 0 && errno != ENOENT)
                        return -errno;
                return 0;
        }
        FILE *f = fopen(path, "we");
        if (!f)
                return -errno;
        size_t n = fwrite(p->b, 1, p->n, f);
        if (fclose(f) != 0 || n != p->n)
                return -EIO;
        return 0;
}

static int write_device(const char *dir, const Device *d) {
        int r;
        if ((r = write_reply(dir, "inquiry", &d->inquiry)) < 0 || (r = write_reply(dir, "pg00", &d->pg00)) < 0 ||
            (r = write_reply(dir, "pg80", &d->pg80)) < 0 || (r = write_reply(dir, "pg83", &d->pg83)) < 0)
                return r;
        return 0;
}

/* Runs scsi_id on the device; returns its stdout in out (NUL-terminated, possibly cut). */
static int run_scsi_id(Runner *run, const Device *d, char *out, size_t size) {
        int r = write_device(run->dir, d);
        if (r < 0)
                return r;

        ShimRequest req = { .sg4 = d->sg4 };
        snprintf(req.dir, sizeof(req.dir), "%s", run->dir);
        if (write(run->req_fd, &req, sizeof(req)) != (ssize_t) sizeof(req))
                return -EPIPE; /* the server is gone, or never was (shim not preloaded) */
        int status;
        if (read(run->resp_fd, &status, sizeof(status)) != (ssize_t) sizeof(status))
                return -EPIPE; /* the server is gone */
        if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status) == 125)
                return -ECHILD;

        char path[256];
        snprintf(path, sizeof(path), "%s/out", run->dir);
        FILE *f = fopen(path, "re");
        if (!f)
                return -errno;
        size_t n = fread(out, 1, size - 1, f);
        out[n] = '\0';
        fclose(f);
        return 0;
}

static void put_hex_attr(FILE *f, const char *name, const uint8_t *b, size_t n) {
        fprintf(f, "H: %s=", name);
        for (size_t i = 0; i < n; i++)
                fprintf(f, "%02X", b[i]);
        fputc('\n', f);
}

/* The device as umockdev's sysfs: one disk sdb under its scsi_device, which carries vendor and
 * model (as the kernel prints them, newline included) and the VPD pages sysfs would hold. */
static int write_umockdev(const char *path, const Device *view) {
        FILE *f = fopen(path, "we");
        if (!f)
                return -errno;
        fputs("P: /devices/pci0000:00/0000:00:10.0/host0/target0:0:0/0:0:0:0/block/sdb\n"
              "N: sdb\n"
              "E: DEVNAME=/dev/sdb\nE: DEVTYPE=disk\nE: MAJOR=8\nE: MINOR=16\nE: SUBSYSTEM=block\n"
              "A: size=41943040\n\n"
              "P: /devices/pci0000:00/0000:00:10.0/host0/target0:0:0/0:0:0:0\n"
              "E: DEVTYPE=scsi_device\nE: DRIVER=sd\nE: SUBSYSTEM=scsi\n",
              f);
        uint8_t text[17];
        memcpy(text, view->inquiry.b + 8, 8);
        text[8] = '\n';
        put_hex_attr(f, "vendor", text, 9);
        memcpy(text, view->inquiry.b + 16, 16);
        text[16] = '\n';
        put_hex_attr(f, "model", text, 17);
        if (view->pg83.present)
                put_hex_attr(f, "vpd_pg83", view->pg83.b, view->pg83.n);
        if (view->pg80.present)
                put_hex_attr(f, "vpd_pg80", view->pg80.b, view->pg80.n);
        return fclose(f) == 0 ? 0 : -EIO;
}

/* Runs "udev-helper export sdb" on the device under umockdev-run; its stdout into out. */
static int run_export(Runner *run, const Device *view, char *out, size_t size) {
        char dev[256], conf[256], bindings[256];
        snprintf(dev, sizeof(dev), "%s/device.umockdev", run->dir);
        snprintf(conf, sizeof(conf), "%s/udev-helper.conf", run->dir);
        snprintf(bindings, sizeof(bindings), "%s/bindings", run->dir);
        int r = write_umockdev(dev, view);
        if (r < 0)
                return r;

        char *argv[] = { (char *) "umockdev-run", (char *) "-d", dev, (char *) "--", (char *) run->udev_helper,
                         (char *) "-c", conf, (char *) "-b", bindings, (char *) "export", (char *) "sdb", NULL };
        int pipefd[2];
        if (pipe2(pipefd, O_CLOEXEC) < 0)
                return -errno;
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
        char err[256];
        snprintf(err, sizeof(err), "%s/export.err", run->dir);
        posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        pid_t pid;
        r = posix_spawnp(&pid, "umockdev-run", &fa, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        close(pipefd[1]);
        if (r != 0) {
                close(pipefd[0]);
                return -r;
        }
        size_t n = 0;
        for (;;) {
                ssize_t k = read(pipefd[0], out + n, size - 1 - n);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0 || (n += (size_t) k) == size - 1)
                        break;
        }
        out[n] = '\0';
        close(pipefd[0]);
        int status;
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return -errno;
        /* 0, or 1 with UH_PROBLEM when the disk has one; anything else (a sanitizer's 1
         * included) is a failure to run. */
        if (WIFEXITED(status) && (WEXITSTATUS(status) == 0 || (WEXITSTATUS(status) == 1 && strstr(out, "UH_PROBLEM="))))
                return 0;
        fprintf(stderr, "scsi-id-diff: udev-helper export failed, see %s:\n", err);
        FILE *f = fopen(err, "re");
        if (f) {
                char line[512];
                for (int i = 0; i < 20 && fgets(line, sizeof(line), f); i++)
                        fputs(line, stderr);
                fclose(f);
        }
        return -ECHILD;
}

static int write_export_config(const Runner *run) {
        char path[256];
        snprintf(path, sizeof(path), "%s/udev-helper.conf", run->dir);
        FILE *f = fopen(path, "we");
        if (!f)
                return -errno;
        /* A class that matches no generated disk: export then prints the serial alone. */
        fputs("[none]\nmatch-vendor = NO-SUCH-VENDOR\nname = none/disk%02d\n", f);
        if (fclose(f) != 0)
                return -EIO;
        snprintf(path, sizeof(path), "%s/bindings", run->dir);
        f = fopen(path, "we");
        if (!f)
                return -errno;
        return fclose(f) == 0 ? 0 : -EIO;
}

/* ---- udev's IMPORT{program} ---- */

/* Splits program output into lines as udev does (a backslash keeps the next character, even
 * a newline, in the line), then parses KEY=VALUE: whitespace around both stripped, an empty
 * value refused, one pair of matching quotes removed.  Finds key; returns false when udev
 * would store nothing for it. */
static bool udev_import(const char *output, const char *key, char *value, size_t size) {
        bool found = false;
        const char *p = output;
        while (*p) {
                char line[4096];
                size_t n = 0;
                while (*p && *p != '\n') {
                        if (*p == '\\' && p[1]) {
                                if (n + 2 < sizeof(line)) {
                                        line[n++] = p[0];
                                        line[n++] = p[1];
                                }
                                p += 2;
                                continue;
                        }
                        if (n + 1 < sizeof(line))
                                line[n++] = *p;
                        p++;
                }
                if (*p == '\n')
                        p++;
                line[n] = '\0';

                char *k = line + strspn(line, " \t\n\r");
                if (*k == '#' || *k == '\0')
                        continue;
                char *v = strchr(k, '=');
                if (!v)
                        continue;
                *v++ = '\0';
                /* strip */
                char *e = k + strlen(k);
                while (e > k && strchr(" \t\n\r", e[-1]))
                        *--e = '\0';
                v += strspn(v, " \t\n\r");
                e = v + strlen(v);
                while (e > v && strchr(" \t\n\r", e[-1]))
                        *--e = '\0';
                if (*k == '\0' || *v == '\0')
                        continue;
                if (*v == '"' || *v == '\'') {
                        size_t len = strlen(v);
                        if (len == 1 || v[len - 1] != v[0])
                                continue;
                        v[len - 1] = '\0';
                        v++;
                }
                if (strcmp(k, key) == 0) {
                        snprintf(value, size, "%s", v);
                        found = true; /* a later line overrides an earlier one */
                }
        }
        return found;
}

/* ---- udev-helper ---- */

/* What udev would store as UH_SERIAL: the helper's serial from the sysfs view, through the
 * escaping export uses and udev's import. */
static bool helper_serial(const Device *view, bool *no_vpd, bool *not_verbatim, char *value, size_t size) {
        char vendor[SCSI_VENDOR_LEN + 1], model[SCSI_MODEL_LEN + 1];
        ScsiSerial s;

        memcpy(vendor, view->inquiry.b + 8, 8);
        vendor[8] = '\0';
        memcpy(model, view->inquiry.b + 16, 16);
        model[16] = '\0';
        *not_verbatim = false;
        *no_vpd = !view->pg83.present && !view->pg80.present;
        if (*no_vpd)
                return false;
        if (scsi_serial_from_vpd(view->pg83.present ? view->pg83.b : NULL, view->pg83.n,
                                 view->pg80.present ? view->pg80.b : NULL, view->pg80.n, vendor, model, &s) < 0)
                return false;
        char line[VALUE_MAX];
        size_t replaced;
        _cleanup_free_ char *escaped = udev_import_escape(s.serial, &replaced);
        if (!escaped)
                return false;
        /* The serial tag lookup compares the stored UH_SERIAL with the serial itself. */
        *not_verbatim = replaced > 0;
        snprintf(line, sizeof(line), "UH_SERIAL=%s\n", escaped);
        return udev_import(line, "UH_SERIAL", value, size);
}

/* ---- the test ---- */

typedef struct Counts {
        unsigned generated, realistic, mutated, agreeing, differing, differing_realistic, hidden, undefined, no_vpd;
        unsigned not_verbatim; /* serials udev_import_escape() had to change */
        unsigned exported, export_differing; /* the real binary under umockdev */
        unsigned hidden_vendor_model; /* of hidden: the kernel cleaned vendor or model */
        unsigned differing_by_kind[_KIND_MAX];
        unsigned cls_escape, cls_missing, cls_extra, cls_value, cls_past_page;
} Counts;

static int kind_index(const char *kind) {
        for (int i = 0; i < _KIND_MAX; i++)
                if (strcmp(kind_names[i], kind) == 0)
                        return i;
        return 0;
}

static void hexdump(FILE *f, const char *name, const Reply *p) {
        if (!p->present) {
                fprintf(f, "  %-8s absent\n", name);
                return;
        }
        fprintf(f, "  %-8s", name);
        for (size_t i = 0; i < p->n; i++)
                fprintf(f, "%02x", p->b[i]);
        fputc('\n', f);
}

/* A designator that scsi_id visits (it starts at or before page length + 3) and that ends
 * past the page: scsi_id reads its buffer beyond the page for it. */
static bool runs_past_page(const Device *view) {
        const Reply *p = &view->pg83;
        if (!p->present || p->n < 4 || p->b[6] != 0)
                return false;
        size_t end = 4 + ((size_t) p->b[2] << 8 | p->b[3]);
        for (size_t j = 4; j < end && j + 4 <= REPLY_MAX; j += 4 + (size_t) p->b[j + 3])
                if (j + 4 + p->b[j + 3] > end)
                        return true;
        return false;
}

/* The helper's value is scsi_id's with each backslash turned into '_'. */
static bool differs_by_escapes_only(const char *expected, const char *got) {
        if (strlen(expected) != strlen(got) || !strchr(expected, '\\'))
                return false;
        for (size_t i = 0; expected[i]; i++)
                if (expected[i] != got[i] && !(expected[i] == '\\' && got[i] == '_'))
                        return false;
        return true;
}

static void print_value(FILE *f, const char *label, bool have, const char *v) {
        fprintf(f, "  %-10s", label);
        if (!have) {
                fputs("(none)\n", f);
                return;
        }
        fputc('\'', f);
        for (const unsigned char *c = (const unsigned char *) v; *c; c++)
                if (*c < 0x20 || *c >= 0x7f)
                        fprintf(f, "<%02x>", *c);
                else
                        fputc(*c, f);
        fputs("'\n", f);
}

static int check_one(Runner *run, uint64_t seed, uint64_t index, bool mutated, Counts *c, unsigned *shown,
                     unsigned show_max) {
        static char out[16384];
        char expected[VALUE_MAX], got[VALUE_MAX];
        Device d, view;
        bool no_vpd, not_verbatim;

        generate(seed, index, mutated, &d);
        c->generated++;
        if (mutated)
                c->mutated++;
        else
                c->realistic++;
        if (!scsi_id_defined(&d)) {
                c->undefined++;
                return 0;
        }
        sysfs_view(&d, &view);
        bool have_got = helper_serial(&view, &no_vpd, &not_verbatim, got, sizeof(got));
        if (no_vpd) {
                /* No VPD page in sysfs: the helper takes udev's ID_SERIAL as it is. */
                c->no_vpd++;
                return 0;
        }
        if (run->udev_helper && run->export_every && index % run->export_every == 0) {
                /* The same derivation through the real binary: sysfs reading, print_key. */
                char e2e[VALUE_MAX];
                int k = run_export(run, &view, out, sizeof(out));
                if (k < 0) {
                        fprintf(stderr, "scsi-id-diff: case %" PRIu64 ": udev-helper export under umockdev-run: %s\n",
                                index, strerror(-k));
                        return k;
                }
                bool have_e2e = udev_import(out, "UH_SERIAL", e2e, sizeof(e2e));
                c->exported++;
                /* The serial tag the rules put on the disk (claims.c): a tag name, whatever
                 * bytes the serial holds. */
                char tag[VALUE_MAX];
                bool have_tag = udev_import(out, "UH_SERIAL_TAG", tag, sizeof(tag));
                if (have_tag != have_e2e ||
                    (have_tag && (strlen(tag) != 26 || strncmp(tag, "uh_serial_", 10) != 0 ||
                                  strspn(tag + 10, "0123456789abcdef") != 16))) {
                        c->export_differing++;
                        fprintf(stderr, "EXPORT TAG case %" PRIu64 ": '%s'\n", index, have_tag ? tag : "(none)");
                }
                if (have_e2e != have_got || (have_got && strcmp(e2e, got) != 0)) {
                        c->export_differing++;
                        fprintf(stderr, "EXPORT DIFFERS case %" PRIu64 " (%s)\n", index, d.kind);
                        print_value(stderr, "export", have_e2e, e2e);
                        print_value(stderr, "function", have_got, got);
                }
        }

        int r = run_scsi_id(run, &d, out, sizeof(out));
        if (r < 0) {
                fprintf(stderr, "scsi-id-diff: running %s: %s\n", run->scsi_id, strerror(-r));
                return r;
        }
        /* Without answers from the shim scsi_id still prints ID_SCSI=1, but no device type. */
        if (!strstr(out, "ID_TYPE=disk\n")) {
                fprintf(stderr, "scsi-id-diff: case %" PRIu64 ": scsi_id saw no disk (is the shim loaded?)\n", index);
                return -EIO;
        }
        bool have_expected = udev_import(out, "ID_SERIAL", expected, sizeof(expected));
        if (not_verbatim) {
                c->not_verbatim++;
                fprintf(stderr, "case %" PRIu64 ": udev would not store the serial as it is\n", index);
        }
        if (have_expected == have_got && (!have_got || strcmp(expected, got) == 0)) {
                c->agreeing++;
                return 0;
        }

        /* Would scsi_id say the same as the helper if the device had sent only what sysfs keeps? */
        r = run_scsi_id(run, &view, out, sizeof(out));
        if (r < 0)
                return r;
        char via_sysfs[VALUE_MAX];
        bool have_via_sysfs = udev_import(out, "ID_SERIAL", via_sysfs, sizeof(via_sysfs));
        if (have_via_sysfs == have_got && (!have_got || strcmp(via_sysfs, got) == 0)) {
                c->hidden++;
                if (memcmp(d.inquiry.b + 8, view.inquiry.b + 8, 24) != 0)
                        c->hidden_vendor_model++;
                return 0;
        }

        c->differing++;
        if (!mutated)
                c->differing_realistic++;
        c->differing_by_kind[kind_index(d.kind)]++;
        if (have_expected && have_got && differs_by_escapes_only(expected, got))
                c->cls_escape++;
        else if (runs_past_page(&view))
                c->cls_past_page++;
        else if (have_expected && !have_got)
                c->cls_missing++;
        else if (!have_expected && have_got)
                c->cls_extra++;
        else
                c->cls_value++;
        if (*shown < show_max) {
                (*shown)++;
                fprintf(stderr, "DIFFERENT case %" PRIu64 " (%s%s, seed %" PRIu64 ")\n", index, d.kind,
                        mutated ? ", mutated" : "", seed);
                print_value(stderr, "scsi_id", have_expected, expected);
                print_value(stderr, "helper", have_got, got);
                hexdump(stderr, "inquiry", &d.inquiry);
                hexdump(stderr, "pg00", &d.pg00);
                hexdump(stderr, "pg80", &d.pg80);
                hexdump(stderr, "pg83", &d.pg83);
        }
        return 0;
}

static void usage(void) {
        fputs("usage: scsi-id-diff [--count N] [--seed S] [--first I] [--mutated-percent P] [--show N]\n"
              "                    [--scsi-id PATH] [--udev-helper PATH --export-every K] --shim PATH\n",
              stderr);
}

int main(int argc, char **argv) {
        static const struct option options[] = {
                { "count", required_argument, NULL, 'n' },    { "seed", required_argument, NULL, 's' },
                { "first", required_argument, NULL, 'f' },    { "mutated-percent", required_argument, NULL, 'm' },
                { "show", required_argument, NULL, 'v' },     { "scsi-id", required_argument, NULL, 'i' },
                { "shim", required_argument, NULL, 'p' },     { "help", no_argument, NULL, 'h' },
                { "udev-helper", required_argument, NULL, 'u' }, { "export-every", required_argument, NULL, 'e' },
                {},
        };
        uint64_t count = 3000, seed = 1, first = 0;
        unsigned mutated_percent = 60, show = 10;
        Runner run = { .scsi_id = "/lib/udev/scsi_id" };
        int opt;

        while ((opt = getopt_long(argc, argv, "h", options, NULL)) >= 0)
                switch (opt) {
                case 'n':
                        count = strtoull(optarg, NULL, 10);
                        break;
                case 's':
                        seed = strtoull(optarg, NULL, 10);
                        break;
                case 'f':
                        first = strtoull(optarg, NULL, 10);
                        break;
                case 'm':
                        mutated_percent = (unsigned) strtoul(optarg, NULL, 10);
                        break;
                case 'v':
                        show = (unsigned) strtoul(optarg, NULL, 10);
                        break;
                case 'i':
                        run.scsi_id = optarg;
                        break;
                case 'p':
                        run.shim = optarg;
                        break;
                case 'u':
                        run.udev_helper = optarg;
                        break;
                case 'e':
                        run.export_every = (unsigned) strtoul(optarg, NULL, 10);
                        break;
                case 'h':
                        usage();
                        return 0;
                default:
                        usage();
                        return 2;
                }
        if (!run.shim || optind != argc || mutated_percent > 100) {
                usage();
                return 2;
        }
        if (access(run.scsi_id, X_OK) < 0) {
                printf("SKIP: %s not found (package udev): nothing to compare with\n", run.scsi_id);
                return 77;
        }
        if (access(run.shim, R_OK) < 0) {
                printf("SKIP: shim %s not found\n", run.shim);
                return 77;
        }

        const char *tmp = getenv("TMPDIR");
        snprintf(run.dir, sizeof(run.dir), "%s/scsi-id-diff.XXXXXX", tmp && strlen(tmp) < 150 ? tmp : "/tmp");
        if (!mkdtemp(run.dir)) {
                fprintf(stderr, "scsi-id-diff: mkdtemp: %s\n", strerror(errno));
                return 1;
        }

        /* umockdev preloads itself into udev-helper, which ASan's link-order check refuses
         * in a sanitized build (meson's test setup says the same). */
        if (!getenv("ASAN_OPTIONS"))
                setenv("ASAN_OPTIONS", "verify_asan_link_order=0", 1);
        if (run.udev_helper && run.export_every && write_export_config(&run) < 0) {
                fprintf(stderr, "scsi-id-diff: cannot write udev-helper's config in %s\n", run.dir);
                return 1;
        }
        signal(SIGPIPE, SIG_IGN); /* a dead server shows as EPIPE */
        int r = start_server(&run);
        if (r < 0) {
                fprintf(stderr, "scsi-id-diff: starting %s: %s\n", run.scsi_id, strerror(-r));
                return 1;
        }

        Counts c = { 0 };
        unsigned shown = 0;
        for (uint64_t i = first; i < first + count && r == 0; i++) {
                /* Mutated or not is decided by the index alone: exact in every 100 cases. */
                bool mutated = (i * 37 % 100) < mutated_percent;
                r = check_one(&run, seed, i, mutated, &c, &shown, show);
        }

        stop_server(&run);
        static const char *const files[] = { "inquiry", "pg00", "pg80", "pg83", "out", "device.umockdev",
                                             "udev-helper.conf", "bindings", "export.err" };
        for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
                char path[256];
                snprintf(path, sizeof(path), "%s/%s", run.dir, files[i]);
                (void) unlink(path);
        }
        (void) rmdir(run.dir);
        if (r < 0)
                return 1;

        printf("seed %" PRIu64 ", cases %" PRIu64 "..%" PRIu64 "\n", seed, first, first + count - 1);
        printf("generated %u (realistic %u, mutated %u)\n", c.generated, c.realistic, c.mutated);
        printf("compared %u: agreeing %u, differing %u (realistic %u), hidden by sysfs %u\n",
               c.generated - c.undefined - c.no_vpd, c.agreeing, c.differing, c.differing_realistic, c.hidden);
        printf("not compared: scsi_id reads past its buffer %u, no VPD page in sysfs %u\n", c.undefined, c.no_vpd);
        if (c.hidden)
                printf("hidden by sysfs: vendor/model cleaned by the kernel %u, bytes past the page length %u\n",
                       c.hidden_vendor_model, c.hidden - c.hidden_vendor_model);
        if (c.differing) {
                printf("differing by class: '\\' printed as '_' %u, designator past the page %u,"
                       " otherwise helper has none %u, scsi_id has none %u, other value %u\n",
                       c.cls_escape, c.cls_past_page, c.cls_missing, c.cls_extra, c.cls_value);
                printf("differing by generator:");
                for (int i = 0; i < _KIND_MAX; i++)
                        if (c.differing_by_kind[i])
                                printf(" %s %u", kind_names[i], c.differing_by_kind[i]);
                printf("\n");
        }
        if (c.not_verbatim)
                printf("serials udev would not store as they are: %u\n", c.not_verbatim);
        if (c.exported)
                printf("udev-helper export under umockdev: %u devices, differing from the function %u\n", c.exported,
                       c.export_differing);
        return c.differing || c.not_verbatim || c.export_differing ? 1 : 0;
}
