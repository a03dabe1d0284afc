/* SPDX-License-Identifier: MIT */
/* decide() for disks beyond SCSI: classes matched by transport, NVMe and virtio identities
 * judged by their reader (keyed_by_transport), a native multipath path never named. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "decide.h"
#include "macro.h"

static const char CONFIG[] = "[vmw]\nmatch-vendor = VMware\nname = asm/vmw%02d\n"
                             "[scsi]\nmatch-transport = scsi\nname = asm/scsi%02d\n"
                             "[nvme]\nmatch-transport = nvme\nname = asm/nvme%02d\nowner = grid\n"
                             "[kvm]\nmatch-transport = virtio\nmin-size = 1G\nname = asm/kvm%02d\n";

static const char BINDINGS[] = "asm/nvme01 nvme-QEMU_NVMe_Ctrl_NVMEA0001_1 nvme\n"
                               "asm/nvme02 vol-0123456789abcdef0 nvme\n"
                               "asm/kvm01 virtio-VBLK-0001 kvm\n";

typedef struct Fixture {
        Config config;
        Bindings bindings;
} Fixture;

static int setup(void **state) {
        Fixture *f = calloc(1, sizeof(Fixture));
        ParseError e;
        assert_int_equal(config_parse(CONFIG, &f->config, &e), 0);
        assert_int_equal(bindings_parse(BINDINGS, strlen(BINDINGS), &f->bindings, &e), 0);
        *state = f;
        return 0;
}

static int teardown(void **state) {
        Fixture *f = *state;
        config_done(&f->config);
        bindings_done(&f->bindings);
        free(f);
        return 0;
}

/* What transport-nvme.c and transport-virtio.c leave in a DiskInfo. */
static DiskInfo keyed_disk(DiskTransport t, const char *sysname, const char *key, IdentTrust trust, const char *why) {
        DiskInfo d = { .transport = t, .size_bytes = 20ULL << 30, .keyed_by_transport = true, .trust = trust,
                       .trust_why = why };
        d.sysname = (char *) sysname;
        d.devnode = (char *) "/dev/x";
        d.syspath = (char *) "/sys/devices/x";
        if (t == DISK_TRANSPORT_NVME)
                strcpy(d.model, "QEMU NVMe Ctrl");
        if (trust == IDENT_UNIQUE) {
                snprintf(d.serial.serial, sizeof(d.serial.serial), "%s", key);
                d.has_serial = true;
        }
        return d;
}

static void test_config_transport(void **state) {
        (void) state;
        Config c;
        ParseError e;
        assert_int_equal(config_parse("[a]\nmatch-transport = nvme\nname = a/d%02d\n", &c, &e), 0);
        assert_int_equal(c.classes[0].match_transport, DISK_TRANSPORT_NVME);
        config_done(&c);
        assert_int_equal(config_parse("[a]\nmatch-transport = sata\nname = a/d%02d\n", &c, &e), -EINVAL);
        assert_int_equal(e.line, 2);
        assert_non_null(strstr(e.message, "scsi, nvme or virtio"));
        assert_int_equal(config_parse("[a]\nmatch-transport = NVMe\nname = a/d%02d\n", &c, &e), -EINVAL);
        /* Without any match key a class is still refused. */
        assert_int_equal(config_parse("[a]\nname = a/d%02d\n", &c, &e), -EINVAL);
}

static void test_nvme_bound_named(void **state) {
        Fixture *f = *state;
        DiskInfo d = keyed_disk(DISK_TRANSPORT_NVME, "nvme0n1", "nvme-QEMU_NVMe_Ctrl_NVMEA0001_1", IDENT_UNIQUE, NULL);
        _cleanup_(verdict_done) Verdict v = {};
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(v.problems, 0);
        assert_string_equal(v.class->name, "nvme");
        assert_string_equal(v.name, "asm/nvme01");
        assert_string_equal(v.identity, "nvme-QEMU_NVMe_Ctrl_NVMEA0001_1");

        /* Its partition follows it. */
        d.partition = 1;
        _cleanup_(verdict_done) Verdict p = {};
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &p), 0);
        assert_string_equal(p.name, "asm/nvme01-part1");

        /* An EBS volume keyed by its volume id. */
        DiskInfo e = keyed_disk(DISK_TRANSPORT_NVME, "nvme1n1", "vol-0123456789abcdef0", IDENT_UNIQUE, NULL);
        _cleanup_(verdict_done) Verdict ve = {};
        assert_int_equal(decide(&e, &f->config, &f->bindings, NULL, NULL, &ve), 0);
        assert_string_equal(ve.name, "asm/nvme02");
}

static void test_class_by_transport(void **state) {
        Fixture *f = *state;
        DiskInfo n = keyed_disk(DISK_TRANSPORT_NVME, "nvme0n2", "nvme-X_Y_2", IDENT_UNIQUE, NULL);
        DiskInfo v = keyed_disk(DISK_TRANSPORT_VIRTIO, "vdb", "virtio-Z", IDENT_UNIQUE, NULL);
        DiskInfo s = { .is_scsi = true, .transport = DISK_TRANSPORT_SCSI, .size_bytes = 20ULL << 30 };
        strcpy(s.vendor, "QEMU");
        assert_string_equal(class_for_disk(&f->config, &n)->name, "nvme");
        assert_string_equal(class_for_disk(&f->config, &v)->name, "kvm");
        assert_string_equal(class_for_disk(&f->config, &s)->name, "scsi");
        /* A dm-multipath map counts as SCSI whichever reader filled it. */
        DiskInfo m = { .is_multipath_map = true, .size_bytes = 20ULL << 30 };
        assert_string_equal(class_for_disk(&f->config, &m)->name, "scsi");
        /* min-size still applies with a transport. */
        v.size_bytes = 512ULL << 20;
        assert_null(class_for_disk(&f->config, &v));
        /* A disk of no transport matches no transport class. */
        DiskInfo none = { .size_bytes = 20ULL << 30 };
        assert_null(class_for_disk(&f->config, &none));
}

static void test_trust_refused(void **state) {
        Fixture *f = *state;
        const char *vmw = "VMware gives every virtual NVMe disk this serial and a designator only with "
                          "disk.EnableUUID = \"TRUE\"";
        DiskInfo d = keyed_disk(DISK_TRANSPORT_NVME, "nvme0n1", NULL, IDENT_KNOWN_DEFAULT, vmw);
        _cleanup_(verdict_done) Verdict v = {};
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_DEFAULT_SERIAL);
        assert_string_equal(v.detail, vmw);
        assert_false(v.has_identity);
        assert_null(v.name);

        DiskInfo w = keyed_disk(DISK_TRANSPORT_VIRTIO, "vdb", NULL, IDENT_NONE, "it has no serial");
        _cleanup_(verdict_done) Verdict vw = {};
        assert_int_equal(decide(&w, &f->config, &f->bindings, NULL, NULL, &vw), 0);
        assert_int_equal(problem_first(vw.problems), PROBLEM_NO_UNIQUE_ID);
        assert_string_equal(vw.detail, "it has no serial");

        DiskInfo u = keyed_disk(DISK_TRANSPORT_NVME, "nvme0n3", NULL, IDENT_UNUSABLE, "characters");
        _cleanup_(verdict_done) Verdict vu = {};
        assert_int_equal(decide(&u, &f->config, &f->bindings, NULL, NULL, &vu), 0);
        assert_int_equal(problem_first(vu.problems), PROBLEM_NO_UNIQUE_ID);
}

static void test_duplicate_virtio(void **state) {
        Fixture *f = *state;
        DiskInfo d = keyed_disk(DISK_TRANSPORT_VIRTIO, "vda", "virtio-VBLK-0001", IDENT_UNIQUE, NULL);
        Others o = { .same_identity = "vdc" };
        _cleanup_(verdict_done) Verdict v = {};
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, &o, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_DUPLICATE_SERIAL);
        assert_null(v.name);
        assert_non_null(strstr(v.detail, "also presented by vdc"));
}

static void test_nvme_path_never_named(void **state) {
        Fixture *f = *state;
        DiskInfo d = keyed_disk(DISK_TRANSPORT_NVME, "nvme1c1n1", NULL, IDENT_NONE, NULL);
        d.multipath_member = true;
        d.multipath_map = (char *) "nvme1n1";
        _cleanup_(verdict_done) Verdict v = {};
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_MULTIPATH_MEMBER);
        assert_non_null(strstr(v.detail, "nvme1n1"));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_config_transport),
                cmocka_unit_test_setup_teardown(test_nvme_bound_named, setup, teardown),
                cmocka_unit_test_setup_teardown(test_class_by_transport, setup, teardown),
                cmocka_unit_test_setup_teardown(test_trust_refused, setup, teardown),
                cmocka_unit_test_setup_teardown(test_duplicate_virtio, setup, teardown),
                cmocka_unit_test_setup_teardown(test_nvme_path_never_named, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
