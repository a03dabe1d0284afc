/* SPDX-License-Identifier: MIT */
/* NVMe namespace identity from attribute strings.  The forms are the kernel's (wwid_show() in
 * drivers/nvme/host: "uuid.%pU", "eui.%16phN" for an NGUID, "eui.%8phN" for an EUI-64, else
 * "nvme.%04x-%*phN-%*phN-%08x" of vendor id, serial, model and nsid, in that order of
 * preference) and udev's (60-persistent-storage.rules of systemd 252 and 257: ID_MODEL,
 * ID_SERIAL_SHORT and ID_NSID from "$attr{...}", ID_SERIAL "<model>_<serial>_<nsid>" under
 * string_escape=replace).  No I/O here: the transport reader gives the strings. */
#include "ident-nvme.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "udev-string.h"

static bool all_hex(const char *s, size_t n) {
        for (size_t i = 0; i < n; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
                        return false;
        return true;
}

/* "%*phN" of a byte string: an even number of hex digits (possibly none). */
static const char *skip_hex_field(const char *s) {
        size_t n = strspn(s, "0123456789abcdef");
        return n % 2 == 0 ? s + n : NULL;
}

NvmeWwidType nvme_wwid_type(const char *wwid) {
        if (!wwid)
                return NVME_WWID_NONE;
        size_t n = strlen(wwid);
        if (strncmp(wwid, "uuid.", 5) == 0 && n == 5 + 36) {
                const char *u = wwid + 5;
                for (size_t i = 0; i < 36; i++) {
                        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
                        if (dash ? u[i] != '-' : !all_hex(u + i, 1))
                                return NVME_WWID_NONE;
                }
                return NVME_WWID_UUID;
        }
        if (strncmp(wwid, "eui.", 4) == 0 && all_hex(wwid + 4, n - 4)) {
                if (n - 4 == 32)
                        return NVME_WWID_NGUID;
                if (n - 4 == 16)
                        return NVME_WWID_EUI64;
                return NVME_WWID_NONE;
        }
        if (strncmp(wwid, "nvme.", 5) == 0) {
                const char *p = wwid + 5;
                if (!all_hex(p, 4) || p[4] != '-')
                        return NVME_WWID_NONE;
                p += 5;
                for (int field = 0; field < 2; field++) {
                        p = skip_hex_field(p);
                        if (!p || *p != '-')
                                return NVME_WWID_NONE;
                        p++;
                }
                if (strlen(p) != 8 || !all_hex(p, 8))
                        return NVME_WWID_NONE;
                return NVME_WWID_VENDOR;
        }
        return NVME_WWID_NONE;
}

bool nvme_wwid_designator_is_default(const char *wwid) {
        NvmeWwidType t = nvme_wwid_type(wwid);
        if (t != NVME_WWID_UUID && t != NVME_WWID_NGUID && t != NVME_WWID_EUI64)
                return false;
        const char *v = strchr(wwid, '.') + 1;
        if (strspn(v, "0-") == strlen(v))
                return true;
        /* QEMU (hw/nvme, eui64-default): 0x5254000000000000 + a per-process counter, the same
         * in every guest. */
        return t == NVME_WWID_EUI64 && strncmp(v, "525400000000", 12) == 0;
}

int nvme_ebs_volume_id(const char *serial, char *buf, size_t size) {
        if (!serial || strncmp(serial, "vol", 3) != 0)
                return -EINVAL;
        const char *id = serial + 3;
        if (*id == '-')
                id++;
        size_t n = strlen(id);
        /* Volume ids are 8 (before 2016) or 17 lowercase hex digits. */
        if ((n != 8 && n != 17) || !all_hex(id, n))
                return -EINVAL;
        if ((size_t) snprintf(buf, size, "vol-%s", id) >= size)
                return -ENOBUFS;
        return 0;
}

/* VMware's virtual NVMe controller gives every disk this serial ("VMware" or "VMWare");
 * only disk.EnableUUID adds a designator (an NGUID holding the disk UUID). */
static bool serial_is_generic(const char *serial_short) {
        if (strncasecmp(serial_short, "VMware NVME_", 12) == 0)
                return true;
        /* Blank after udev's substitution: all underscores, or all zeros. */
        return strspn(serial_short, "_") == strlen(serial_short) || strspn(serial_short, "0") == strlen(serial_short);
}

static bool udev_value(const char *raw, char *out, size_t size) {
        out[0] = '\0';
        if (!raw || udev_attr_subst(raw, out, size) < 0) {
                out[0] = '\0';
                return false;
        }
        return out[0] != '\0';
}

/* "$env{A}_$env{B}[_$env{C}]" under OPTIONS="string_escape=replace". */
static bool join_escaped(char *out, size_t size, const char *a, const char *b, const char *c) {
        int n = c ? snprintf(out, size, "%s_%s_%s", a, b, c) : snprintf(out, size, "%s_%s", a, b);
        if (n < 0 || (size_t) n >= size) {
                out[0] = '\0';
                return false;
        }
        udev_style_replace_chars(out);
        return true;
}

static void set_key(NvmeIdent *r, const char *prefix, const char *value) {
        if ((size_t) snprintf(r->key, sizeof(r->key), "%s%s", prefix, value) >= sizeof(r->key) ||
            !ident_key_ok(r->key)) {
                r->key[0] = '\0';
                r->trust = IDENT_UNUSABLE;
                r->why = "its identity has characters or a length the bindings file cannot hold";
                return;
        }
        r->trust = IDENT_UNIQUE;
        r->why = NULL;
}

void nvme_ident_from_attrs(const NvmeAttrs *a, NvmeIdent *r) {
        *r = (NvmeIdent) { .trust = IDENT_NONE };

        bool has_model = udev_value(a->model, r->model, sizeof(r->model));
        bool has_serial = udev_value(a->serial, r->serial_short, sizeof(r->serial_short));
        bool has_nsid = udev_value(a->nsid, r->nsid, sizeof(r->nsid));
        if (!udev_value(a->wwid, r->wwn, sizeof(r->wwn)))
                r->wwn[0] = '\0';
        if (has_model && has_serial) {
                join_escaped(r->serial_no_nsid, sizeof(r->serial_no_nsid), r->model, r->serial_short, NULL);
                /* Without an nsid attribute (kernels before 4.16) udev stops at <model>_<serial>. */
                join_escaped(r->serial, sizeof(r->serial), r->model, r->serial_short, has_nsid ? r->nsid : NULL);
        }

        /* The raw wwid, not udev's copy: the kernel writes only [a-z0-9.-] in it. */
        r->wwid_type = nvme_wwid_type(a->wwid);
        r->designator = (r->wwid_type == NVME_WWID_UUID || r->wwid_type == NVME_WWID_NGUID ||
                         r->wwid_type == NVME_WWID_EUI64) &&
                        !nvme_wwid_designator_is_default(a->wwid);

        if (a->model && strcmp(r->model, "Amazon Elastic Block Store") == 0) {
                if (nvme_ebs_volume_id(r->serial_short, r->ebs_volume, sizeof(r->ebs_volume)) == 0) {
                        set_key(r, "", r->ebs_volume);
                        return;
                }
                r->ebs_volume[0] = '\0';
        }
        if (r->designator) {
                set_key(r, "nvme-", a->wwid);
                return;
        }
        if (!r->serial[0]) {
                r->why = "it has neither a designator (UUID, NGUID, EUI-64) nor a model and serial";
                return;
        }
        if (serial_is_generic(r->serial_short)) {
                r->trust = IDENT_KNOWN_DEFAULT;
                r->why = strncasecmp(r->serial_short, "VMware", 6) == 0
                                 ? "VMware gives every virtual NVMe disk this serial and a designator "
                                   "only with disk.EnableUUID = \"TRUE\""
                                 : "its serial is blank";
                return;
        }
        /* A default designator was ignored above; model and serial still name the namespace. */
        set_key(r, "nvme-", r->serial);
}
