/* SPDX-License-Identifier: MIT */
/* NVMe, virtio-blk and Hyper-V identity from sysfs attribute strings: bytes a device's
 * firmware or a hypervisor chose (Identify Controller's model and serial, a virtio serial,
 * a VMBus device_id).  Input: the fields separated by '\n' — model, serial, wwid, nsid,
 * then the rest as a virtio serial, a device_id and a binding identity. */
#include <stdio.h>

#include "fuzz.h"
#include "ident-hyperv.h"
#include "ident-nvme.h"
#include "ident-virtio.h"

static void check_str(const char *s, size_t size) {
        if (strnlen(s, size) == size)
                abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        char *text = fuzz_strndup(data, size);
        char *field[5] = {};
        char *p = text;
        for (size_t i = 0; i < 5 && p; i++) {
                field[i] = p;
                p = strchr(p, '\n');
                if (p && i < 4)
                        *p++ = '\0';
        }

        NvmeAttrs a = { .model = field[0], .serial = field[1], .wwid = field[2], .nsid = field[3] };
        NvmeIdent n;
        nvme_ident_from_attrs(&a, &n);
        check_str(n.model, sizeof(n.model));
        check_str(n.serial, sizeof(n.serial));
        check_str(n.key, sizeof(n.key));
        /* A key is either usable as a binding or empty, never half of one. */
        if ((n.trust == IDENT_UNIQUE) != (n.key[0] != '\0') || (n.key[0] && !ident_key_ok(n.key)))
                abort();
        char rule[512];
        if (n.key[0])
                (void) ident_key_rule_match(n.key, size & 1, rule, sizeof(rule));

        VirtioIdent v;
        virtio_ident_from_serial(field[4] ? field[4] : "", &v);
        check_str(v.key, sizeof(v.key));
        if ((v.trust == IDENT_UNIQUE) != (v.key[0] != '\0') || (v.key[0] && !ident_key_ok(v.key)))
                abort();
        if (v.key[0])
                (void) ident_key_rule_match(v.key, size & 2, rule, sizeof(rule));

        char name[32];
        (void) hyperv_azure_name(field[4] ? field[4] : "", (uint64_t) size, name, sizeof(name));
        check_str(name, sizeof(name));
        (void) ident_key_kind(text);
        free(text);
        return 0;
}
