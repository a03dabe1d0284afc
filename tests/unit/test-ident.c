/* SPDX-License-Identifier: MIT */
/* Identity of NVMe namespaces, virtio-blk and Hyper-V disks from attribute strings.  The
 * values are what a Linux 6.1 guest showed under QEMU 7.2 and what the real udev 252 made of
 * them (console log of a capture boot, see the commit), plus vendors' documented values
 * (Amazon EBS, VMware's virtual NVMe) and hostile ones. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ident-hyperv.h"
#include "ident-nvme.h"
#include "ident-virtio.h"
#include "ident.h"

/* Sysfs shows Identify Controller's fields padded with spaces: MN 40, SN 20 bytes. */
#define QEMU_MODEL "QEMU NVMe Ctrl                          "
#define EBS_MODEL "Amazon Elastic Block Store              "
#define VMW_MODEL "VMware Virtual NVMe Disk                "

static void nvme(const char *model, const char *serial, const char *wwid, const char *nsid, NvmeIdent *r) {
        NvmeAttrs a = { .model = model, .serial = serial, .wwid = wwid, .nsid = nsid };
        nvme_ident_from_attrs(&a, r);
}


/* Pairs seen in Linux 6.1 guests under QEMU 7.2: the attribute values (padding as sysfs shows
 * it) and the properties the real udev 252 stored for them.  udev 257.13 (Debian 13) and
 * 262.1 (sid), run from their own roots in the same guest, stored the same ID_SERIAL,
 * ID_SERIAL_SHORT, ID_MODEL and ID_WWN for the hostile NVMe serial and virtio serials
 * (tests/devices/capture/capture-guest.py --generations). */
static const struct {
        const char *model, *serial, *wwid, *nsid;
        const char *id_model, *id_serial_short, *id_serial, *id_wwn;
} udev252_nvme[] = {
        { QEMU_MODEL, "NVMEA0001           ", "nvme.1b36-4e564d454130303031-51454d55204e564d65204374726c-00000002", "2",
          "QEMU NVMe Ctrl", "NVMEA0001", "QEMU_NVMe_Ctrl_NVMEA0001_2",
          "nvme.1b36-4e564d454130303031-51454d55204e564d65204374726c-00000002" },
        { QEMU_MODEL, "SHARED001           ", "nvme.1b36-534841524544303031-51454d55204e564d65204374726c-00000001", "1",
          "QEMU NVMe Ctrl", "SHARED001", "QEMU_NVMe_Ctrl_SHARED001_1",
          "nvme.1b36-534841524544303031-51454d55204e564d65204374726c-00000001" },
        { "Linux                                   ", "FABSER01            ", "eui.36344830526002760025384700000002", "2",
          "Linux", "FABSER01", "Linux_FABSER01_2", "eui.36344830526002760025384700000002" },
        /* QEMU serial="S N/1#\u00e9 x\\y": '\\' not before 'x' is replaced, '/' only in ID_SERIAL. */
        { QEMU_MODEL, "S N/1#\xc3\xa9 x\\y        ", "nvme.1b36-53204e2f3123c3a920785c79-51454d55204e564d65204374726c-00000001",
          "1", "QEMU NVMe Ctrl", "S N/1#\xc3\xa9 x_y", "QEMU_NVMe_Ctrl_S_N_1#\xc3\xa9_x_y_1",
          "nvme.1b36-53204e2f3123c3a920785c79-51454d55204e564d65204374726c-00000001" },
};

static const struct {
        const char *serial, *id_serial, *by_id;
} udev252_virtio[] = {
        { "VBLK-0001", "VBLK-0001", "virtio-VBLK-0001" },
        /* The link udev made is virtio-my_disk/x_y: a '/' makes a subdirectory; the key has '_'. */
        { "my  disk/x,y", "my  disk/x,y", "virtio-my_disk_x_y" },
        { " lead\\x41$%?", " lead\\x41$%?", "virtio-lead\\x41___" },
        /* QEMU cut serial=12345678901234567890XYZ to the 20 bytes virtio carries. */
        { "12345678901234567890", "12345678901234567890", "virtio-12345678901234567890" },
};

static void test_udev252_pairs(void **state) {
        (void) state;
        for (size_t i = 0; i < sizeof(udev252_nvme) / sizeof(udev252_nvme[0]); i++) {
                NvmeIdent r;
                nvme(udev252_nvme[i].model, udev252_nvme[i].serial, udev252_nvme[i].wwid, udev252_nvme[i].nsid, &r);
                assert_string_equal(r.model, udev252_nvme[i].id_model);
                assert_string_equal(r.serial_short, udev252_nvme[i].id_serial_short);
                assert_string_equal(r.serial, udev252_nvme[i].id_serial);
                assert_string_equal(r.wwn, udev252_nvme[i].id_wwn);
                assert_string_equal(r.nsid, udev252_nvme[i].nsid);
        }
        for (size_t i = 0; i < sizeof(udev252_virtio) / sizeof(udev252_virtio[0]); i++) {
                VirtioIdent r;
                virtio_ident_from_serial(udev252_virtio[i].serial, &r);
                assert_string_equal(r.serial, udev252_virtio[i].id_serial);
                assert_string_equal(r.key, udev252_virtio[i].by_id);
                assert_int_equal(r.trust, IDENT_UNIQUE);
        }
        /* '#' and UTF-8 are in udev's ID_SERIAL but cannot be a binding. */
        NvmeIdent r;
        nvme(udev252_nvme[3].model, udev252_nvme[3].serial, udev252_nvme[3].wwid, "1", &r);
        assert_int_equal(r.trust, IDENT_UNUSABLE);
}

static void test_attr_subst(void **state) {
        (void) state;
        char out[64];
        assert_int_equal(udev_attr_subst("QEMU NVMe Ctrl      \t ", out, sizeof(out)), 0);
        assert_string_equal(out, "QEMU NVMe Ctrl");
        /* Leading whitespace stays; other whitespace becomes a space, '/' and ',' stay. */
        assert_int_equal(udev_attr_subst("  a\tb/c,d$e", out, sizeof(out)), 0);
        assert_string_equal(out, "  a b/c,d$e");
        /* Control bytes, quotes and backslashes not starting "\x" become '_'. */
        assert_int_equal(udev_attr_subst("a\001b\"c\\d\\x41", out, sizeof(out)), 0);
        assert_string_equal(out, "a_b_c_d\\x41");
        /* Valid UTF-8 stays, a stray continuation byte does not. */
        assert_int_equal(udev_attr_subst("\xc3\xa9t\xa9", out, sizeof(out)), 0);
        assert_string_equal(out, "\xc3\xa9t_");
        assert_int_equal(udev_attr_subst("0123456789", out, 10), -ENOBUFS);
        assert_int_equal(udev_attr_subst("012345678 ", out, 10), 0);
        assert_string_equal(out, "012345678");
}

static void test_wwid_forms(void **state) {
        (void) state;
        /* Seen under QEMU 7.2 / Linux 6.1 (no designator: the kernel ignores QEMU's). */
        assert_int_equal(nvme_wwid_type("nvme.1b36-4e564d454130303031-51454d55204e564d65204374726c-00000001"),
                         NVME_WWID_VENDOR);
        /* NVMe/TCP to a Linux target with device_uuid set. */
        assert_int_equal(nvme_wwid_type("uuid.5a1e0000-0000-4000-8000-0000000000f1"), NVME_WWID_UUID);
        assert_int_equal(nvme_wwid_type("eui.36344830526002760025384700000002"), NVME_WWID_NGUID);
        assert_int_equal(nvme_wwid_type("eui.0025385b71b05a1e"), NVME_WWID_EUI64);
        /* A serial and model of zero length still give the vendor form. */
        assert_int_equal(nvme_wwid_type("nvme.1b36---00000001"), NVME_WWID_VENDOR);

        /* Not as the kernel writes them. */
        assert_int_equal(nvme_wwid_type(NULL), NVME_WWID_NONE);
        assert_int_equal(nvme_wwid_type(""), NVME_WWID_NONE);
        assert_int_equal(nvme_wwid_type("eui.0025385B71B05A1E"), NVME_WWID_NONE);
        assert_int_equal(nvme_wwid_type("eui.0025385b71b05a1"), NVME_WWID_NONE);
        assert_int_equal(nvme_wwid_type("uuid.5a1e0000-0000-4000-8000-0000000000f"), NVME_WWID_NONE);
        assert_int_equal(nvme_wwid_type("uuid.5a1e0000x0000-4000-8000-0000000000f1"), NVME_WWID_NONE);
        assert_int_equal(nvme_wwid_type("nvme.1b36-4e5-51-00000001"), NVME_WWID_NONE);
        assert_int_equal(nvme_wwid_type("nvme.1b36-4e56-51454d55-0000001"), NVME_WWID_NONE);
        assert_int_equal(nvme_wwid_type("nvme.1b3-4e56-51454d55-00000001"), NVME_WWID_NONE);
        assert_int_equal(nvme_wwid_type("eui.0025385b71b05a1e\n"), NVME_WWID_NONE);
}

static void test_wwid_defaults(void **state) {
        (void) state;
        assert_true(nvme_wwid_designator_is_default("eui.0000000000000000"));
        assert_true(nvme_wwid_designator_is_default("eui.00000000000000000000000000000000"));
        assert_true(nvme_wwid_designator_is_default("uuid.00000000-0000-0000-0000-000000000000"));
        /* QEMU's eui64-default: 0x5254000000000000 + a counter, in every guest. */
        assert_true(nvme_wwid_designator_is_default("eui.5254000000000001"));
        assert_true(nvme_wwid_designator_is_default("eui.525400000000002a"));
        assert_false(nvme_wwid_designator_is_default("eui.525400aabbccdd01"));
        assert_false(nvme_wwid_designator_is_default("eui.0025385b71b05a1e"));
        assert_false(nvme_wwid_designator_is_default("nvme.1b36---00000000"));
}

static void test_ebs_volume(void **state) {
        (void) state;
        char v[32];
        assert_int_equal(nvme_ebs_volume_id("vol0123456789abcdef0", v, sizeof(v)), 0);
        assert_string_equal(v, "vol-0123456789abcdef0");
        assert_int_equal(nvme_ebs_volume_id("vol-0123456789abcdef0", v, sizeof(v)), 0);
        assert_string_equal(v, "vol-0123456789abcdef0");
        assert_int_equal(nvme_ebs_volume_id("vol1a2b3c4d", v, sizeof(v)), 0);
        assert_string_equal(v, "vol-1a2b3c4d");
        assert_int_equal(nvme_ebs_volume_id("vol0123456789ABCDEF0", v, sizeof(v)), -EINVAL);
        assert_int_equal(nvme_ebs_volume_id("vol012345", v, sizeof(v)), -EINVAL);
        assert_int_equal(nvme_ebs_volume_id("volume", v, sizeof(v)), -EINVAL);
        assert_int_equal(nvme_ebs_volume_id("AWS1234567890ABCDEF0", v, sizeof(v)), -EINVAL);
        assert_int_equal(nvme_ebs_volume_id(NULL, v, sizeof(v)), -EINVAL);
        assert_int_equal(nvme_ebs_volume_id("vol0123456789abcdef0", v, 21), -ENOBUFS);
}

/* QEMU 7.2, Linux 6.1, udev 252: ID_SERIAL=QEMU_NVMe_Ctrl_NVMEA0001_1,
 * ID_WWN=nvme.1b36-..., by-id nvme-QEMU_NVMe_Ctrl_NVMEA0001_1 and nvme-QEMU_NVMe_Ctrl_NVMEA0001. */
static void test_nvme_qemu(void **state) {
        (void) state;
        NvmeIdent r;
        nvme(QEMU_MODEL, "NVMEA0001           ",
             "nvme.1b36-4e564d454130303031-51454d55204e564d65204374726c-00000001", "1", &r);
        assert_string_equal(r.model, "QEMU NVMe Ctrl");
        assert_string_equal(r.serial_short, "NVMEA0001");
        assert_string_equal(r.serial, "QEMU_NVMe_Ctrl_NVMEA0001_1");
        assert_string_equal(r.serial_no_nsid, "QEMU_NVMe_Ctrl_NVMEA0001");
        assert_string_equal(r.wwn, "nvme.1b36-4e564d454130303031-51454d55204e564d65204374726c-00000001");
        assert_string_equal(r.nsid, "1");
        assert_int_equal(r.wwid_type, NVME_WWID_VENDOR);
        assert_false(r.designator);
        assert_int_equal(r.trust, IDENT_UNIQUE);
        assert_string_equal(r.key, "nvme-QEMU_NVMe_Ctrl_NVMEA0001_1");
        assert_null(r.why);

        /* Another namespace of the same controller: another key. */
        nvme(QEMU_MODEL, "NVMEA0001           ",
             "nvme.1b36-4e564d454130303031-51454d55204e564d65204374726c-00000003", "3", &r);
        assert_string_equal(r.key, "nvme-QEMU_NVMe_Ctrl_NVMEA0001_3");
}

/* NVMe/TCP to a Linux nvmet target: udev 252 gave ID_WWN=uuid.5a1e..., ID_SERIAL=Linux_FABSER01_1. */
static void test_nvme_fabrics_uuid(void **state) {
        (void) state;
        NvmeIdent r;
        nvme("Linux                                   ", "FABSER01            ",
             "uuid.5a1e0000-0000-4000-8000-0000000000f1", "1", &r);
        assert_string_equal(r.serial, "Linux_FABSER01_1");
        assert_int_equal(r.wwid_type, NVME_WWID_UUID);
        assert_true(r.designator);
        assert_int_equal(r.trust, IDENT_UNIQUE);
        assert_string_equal(r.key, "nvme-uuid.5a1e0000-0000-4000-8000-0000000000f1");

        nvme("Samsung SSD 970 EVO Plus 1TB            ", "S4EWNX0R123456A     ", "eui.0025385b71b05a1e", "1", &r);
        assert_string_equal(r.serial, "Samsung_SSD_970_EVO_Plus_1TB_S4EWNX0R123456A_1");
        assert_string_equal(r.key, "nvme-eui.0025385b71b05a1e");
}

/* An EBS volume: model "Amazon Elastic Block Store", serial "vol" + the id (ebsnvme-id). */
static void test_nvme_ebs(void **state) {
        (void) state;
        NvmeIdent r;
        nvme(EBS_MODEL, "vol0123456789abcdef0",
             "nvme.1d0f-766f6c3031323334353637383961626364656630-416d617a6f6e20456c617374696320426c6f636b2053746f7265-"
             "00000001",
             "1", &r);
        assert_string_equal(r.serial, "Amazon_Elastic_Block_Store_vol0123456789abcdef0_1");
        assert_string_equal(r.ebs_volume, "vol-0123456789abcdef0");
        assert_int_equal(r.trust, IDENT_UNIQUE);
        assert_string_equal(r.key, "vol-0123456789abcdef0");

        /* An instance-store disk or anything else of Amazon's: model and serial. */
        nvme("Amazon EC2 NVMe Instance Storage        ", "AWS22A4B0E1C0F7E5D8C", NULL, "1", &r);
        assert_string_equal(r.ebs_volume, "");
        assert_string_equal(r.key, "nvme-Amazon_EC2_NVMe_Instance_Storage_AWS22A4B0E1C0F7E5D8C_1");
}

/* VMware's virtual NVMe: serial "VMware NVME_0000" on every disk; an NGUID only with
 * disk.EnableUUID. */
static void test_nvme_vmware(void **state) {
        (void) state;
        NvmeIdent r;
        nvme(VMW_MODEL, "VMware NVME_0000    ",
             "nvme.15ad-564d77617265204e564d455f30303030-564d77617265205669727475616c204e564d65204469736b-00000001",
             "1", &r);
        assert_string_equal(r.serial, "VMware_Virtual_NVMe_Disk_VMware_NVME_0000_1");
        assert_int_equal(r.trust, IDENT_KNOWN_DEFAULT);
        assert_string_equal(r.key, "");
        assert_non_null(strstr(r.why, "disk.EnableUUID"));

        nvme(VMW_MODEL, "VMWare NVME_0000    ", "eui.a9d1a9a7feaf1d66000c296f092d9204", "2", &r);
        assert_int_equal(r.wwid_type, NVME_WWID_NGUID);
        assert_int_equal(r.trust, IDENT_UNIQUE);
        assert_string_equal(r.key, "nvme-eui.a9d1a9a7feaf1d66000c296f092d9204");
}

/* A designator every guest has is no designator: model and serial decide. */
static void test_nvme_default_designators(void **state) {
        (void) state;
        NvmeIdent r;
        nvme(QEMU_MODEL, "deadbeef            ", "eui.5254000000000001", "1", &r);
        assert_false(r.designator);
        assert_string_equal(r.key, "nvme-QEMU_NVMe_Ctrl_deadbeef_1");
        nvme(QEMU_MODEL, "deadbeef            ", "eui.0000000000000000", "1", &r);
        assert_false(r.designator);
        assert_string_equal(r.key, "nvme-QEMU_NVMe_Ctrl_deadbeef_1");
        /* ...and with a blank serial nothing is left. */
        nvme(QEMU_MODEL, "00000000000000000000", "uuid.00000000-0000-0000-0000-000000000000", "1", &r);
        assert_int_equal(r.trust, IDENT_KNOWN_DEFAULT);
        assert_string_equal(r.key, "");
}

static void test_nvme_missing(void **state) {
        (void) state;
        NvmeIdent r;
        nvme(NULL, NULL, NULL, NULL, &r);
        assert_int_equal(r.trust, IDENT_NONE);
        assert_string_equal(r.key, "");
        assert_string_equal(r.serial, "");
        assert_non_null(r.why);
        /* All blanks: udev sets no ID_SERIAL_SHORT ("?*" does not match), so no ID_SERIAL. */
        nvme(QEMU_MODEL, "                    ", NULL, "1", &r);
        assert_string_equal(r.serial_short, "");
        assert_string_equal(r.serial, "");
        assert_int_equal(r.trust, IDENT_NONE);
        nvme("", "SER1", NULL, "1", &r);
        assert_int_equal(r.trust, IDENT_NONE);
        /* Without an nsid attribute (old kernels) udev's ID_SERIAL is <model>_<serial>. */
        nvme(QEMU_MODEL, "SER1", NULL, NULL, &r);
        assert_string_equal(r.serial, "QEMU_NVMe_Ctrl_SER1");
        assert_string_equal(r.key, "nvme-QEMU_NVMe_Ctrl_SER1");
}

static void test_nvme_hostile(void **state) {
        (void) state;
        NvmeIdent r;
        /* Control bytes and a slash: udev's replacement, then string_escape=replace. */
        nvme("Model/X\001", "S\002N\t1", NULL, "1", &r);
        assert_string_equal(r.model, "Model/X_");
        assert_string_equal(r.serial_short, "S_N 1");
        assert_string_equal(r.serial, "Model_X__S_N_1_1");
        assert_string_equal(r.key, "nvme-Model_X__S_N_1_1");
        /* '#' and UTF-8 survive udev but not the bindings file. */
        nvme("Disk#1", "SER", NULL, "1", &r);
        assert_string_equal(r.serial, "Disk#1_SER_1");
        assert_int_equal(r.trust, IDENT_UNUSABLE);
        assert_string_equal(r.key, "");
        nvme("D\xc3\xa9sk", "SER", NULL, "1", &r);
        assert_int_equal(r.trust, IDENT_UNUSABLE);
        /* Longer than any Identify field: not something the kernel shows. */
        char big[4096];
        memset(big, 'A', sizeof(big) - 1);
        big[sizeof(big) - 1] = '\0';
        nvme(big, big, big, big, &r);
        assert_int_equal(r.trust, IDENT_NONE);
        assert_string_equal(r.key, "");
        assert_int_equal(r.wwid_type, NVME_WWID_NONE);
        /* A wwid not in the kernel's form is no designator. */
        nvme(QEMU_MODEL, "SER1", "eui.NOTHEX0000000000", "1", &r);
        assert_false(r.designator);
        assert_string_equal(r.key, "nvme-QEMU_NVMe_Ctrl_SER1_1");
        /* A newline left in the value (a reader that did not strip it) is whitespace. */
        nvme(QEMU_MODEL "\n", "SER1\n", "eui.0025385b71b05a1e", "1\n", &r);
        assert_string_equal(r.serial, "QEMU_NVMe_Ctrl_SER1_1");
        assert_string_equal(r.key, "nvme-eui.0025385b71b05a1e");
}

static void test_virtio(void **state) {
        (void) state;
        VirtioIdent r;
        virtio_ident_from_serial("VBLK-0001", &r);
        assert_string_equal(r.serial, "VBLK-0001");
        assert_string_equal(r.key, "virtio-VBLK-0001");
        assert_int_equal(r.trust, IDENT_UNIQUE);
        /* oVirt/OLVM and OpenStack: the disk's UUID cut at 20 bytes. */
        virtio_ident_from_serial("a1b2c3d4-e5f6-4a7b-8", &r);
        assert_string_equal(r.key, "virtio-a1b2c3d4-e5f6-4a7b-8");
        /* QEMU without serial=: the attribute is empty. */
        virtio_ident_from_serial("", &r);
        assert_int_equal(r.trust, IDENT_NONE);
        assert_non_null(strstr(r.why, "serial"));
        virtio_ident_from_serial(NULL, &r);
        assert_int_equal(r.trust, IDENT_NONE);
        virtio_ident_from_serial("   ", &r);
        assert_int_equal(r.trust, IDENT_NONE);
        /* 21 bytes: the kernel never shows more than 20. */
        virtio_ident_from_serial("123456789012345678901", &r);
        assert_int_equal(r.trust, IDENT_NONE);
        assert_string_equal(r.key, "");
        virtio_ident_from_serial("12345678901234567890", &r);
        assert_string_equal(r.key, "virtio-12345678901234567890");
}

static void test_virtio_escaping(void **state) {
        (void) state;
        VirtioIdent r;
        /* ID_SERIAL keeps spaces and '/'; the by-id link turns a run of spaces into one '_'. */
        virtio_ident_from_serial("my  disk", &r);
        assert_string_equal(r.serial, "my  disk");
        assert_string_equal(r.key, "virtio-my_disk");
        virtio_ident_from_serial(" a/b,c ", &r);
        assert_string_equal(r.serial, " a/b,c");
        assert_string_equal(r.key, "virtio-a_b_c");
        virtio_ident_from_serial("ab\007", &r);
        assert_string_equal(r.serial, "ab_");
        assert_string_equal(r.key, "virtio-ab_");
        virtio_ident_from_serial("x#y", &r);
        assert_int_equal(r.trust, IDENT_UNUSABLE);
        assert_string_equal(r.key, "");
}

static void test_hyperv(void **state) {
        (void) state;
        char b[32];
        assert_int_equal(hyperv_azure_name("{f8b3781b-1e82-4818-a1c3-63d806ec15bb}", 0, b, sizeof(b)), HYPERV_DISK_DATA);
        assert_string_equal(b, "scsi1/lun0");
        assert_int_equal(hyperv_azure_name("{f8b3781c-1e82-4818-a1c3-63d806ec15bb}", 63, b, sizeof(b)), HYPERV_DISK_DATA);
        assert_string_equal(b, "scsi2/lun63");
        assert_int_equal(hyperv_azure_name("{f8b3781a-1e82-4818-a1c3-63d806ec15bb}", 0, b, sizeof(b)), HYPERV_DISK_ROOT);
        assert_string_equal(b, "root");
        assert_int_equal(hyperv_azure_name("{f8b3781a-1e82-4818-a1c3-63d806ec15bb}", 1, b, sizeof(b)),
                         HYPERV_DISK_RESOURCE);
        assert_int_equal(hyperv_azure_name("{f8b3781a-1e82-4818-a1c3-63d806ec15bb}", 2, b, sizeof(b)), HYPERV_DISK_CDROM);
        assert_int_equal(hyperv_azure_name("{f8b3781a-1e82-4818-a1c3-63d806ec15bb}", 3, b, sizeof(b)), HYPERV_DISK_DATA);
        assert_string_equal(b, "scsi0/lun3");
        /* Generation 1: the IDE-attached OS and resource disks' channels. */
        assert_int_equal(hyperv_azure_name("{00000000-0000-8899-0000-000000000000}", 0, b, sizeof(b)), HYPERV_DISK_ROOT);
        assert_int_equal(hyperv_azure_name("{00000000-0001-8899-0000-000000000000}", 0, b, sizeof(b)),
                         HYPERV_DISK_RESOURCE);
        assert_int_equal(hyperv_azure_name("{f8b3781e-1e82-4818-a1c3-63d806ec15bb}", 0, b, sizeof(b)), HYPERV_DISK_OTHER);
        assert_int_equal(hyperv_azure_name("{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}", 0, b, sizeof(b)), HYPERV_DISK_OTHER);
        assert_string_equal(b, "");
        assert_int_equal(hyperv_azure_name("{f8b3781b-1e82-4818-a1c3-63d806ec15bb}x", 0, b, sizeof(b)), HYPERV_DISK_OTHER);
        assert_int_equal(hyperv_azure_name("", 0, b, sizeof(b)), HYPERV_DISK_OTHER);
        assert_int_equal(hyperv_azure_name(NULL, 0, b, sizeof(b)), HYPERV_DISK_OTHER);
        assert_int_equal(hyperv_azure_name("{f8b3781b-1e82-4818-a1c3-63d806ec15bb}", 0, b, 5), -ENOBUFS);
}

static void test_key_kind_and_rules(void **state) {
        (void) state;
        char b[256];
        assert_int_equal(ident_key_kind("36000c29654b6aa069e1553a3251c4f56"), IDENT_KIND_SCSI);
        assert_int_equal(ident_key_kind("0QEMU_QEMU_HARDDISK_VSCSI0001"), IDENT_KIND_SCSI);
        assert_int_equal(ident_key_kind("nvme-eui.0025385b71b05a1e"), IDENT_KIND_NVME_WWID);
        assert_int_equal(ident_key_kind("nvme-uuid.5a1e0000-0000-4000-8000-0000000000f1"), IDENT_KIND_NVME_WWID);
        assert_int_equal(ident_key_kind("nvme-QEMU_NVMe_Ctrl_NVMEA0001_1"), IDENT_KIND_NVME_SERIAL);
        assert_int_equal(ident_key_kind("vol-0123456789abcdef0"), IDENT_KIND_EBS);
        assert_int_equal(ident_key_kind("virtio-VBLK-0001"), IDENT_KIND_VIRTIO);
        assert_int_equal(ident_key_kind("azure-scsi1-lun0"), IDENT_KIND_AZURE_LUN);

        assert_int_equal(ident_key_rule_match("nvme-eui.0025385b71b05a1e", false, b, sizeof(b)), 0);
        assert_string_equal(b, "KERNEL==\"nvme*\", ENV{ID_WWN}==\"eui.0025385b71b05a1e\"");
        assert_int_equal(ident_key_rule_match("nvme-QEMU_NVMe_Ctrl_NVMEA0001_1", false, b, sizeof(b)), 0);
        assert_string_equal(b, "KERNEL==\"nvme*\", ENV{ID_SERIAL}==\"QEMU_NVMe_Ctrl_NVMEA0001_1\"");
        assert_int_equal(ident_key_rule_match("vol-0123456789abcdef0", false, b, sizeof(b)), 0);
        assert_string_equal(b, "KERNEL==\"nvme*\", ENV{ID_MODEL}==\"Amazon Elastic Block Store\", "
                               "ENV{ID_SERIAL_SHORT}==\"vol0123456789abcdef0\"");
        assert_int_equal(ident_key_rule_match("virtio-VBLK-0001", false, b, sizeof(b)), 0);
        assert_string_equal(b, "KERNEL==\"vd*\", ENV{ID_SERIAL}==\"VBLK-0001\"");
        /* "virtio-my_disk" may stand for "my  disk": udev's own by-id link is matched. */
        assert_int_equal(ident_key_rule_match("virtio-my_disk", false, b, sizeof(b)), 0);
        assert_string_equal(b, "KERNEL==\"vd*\", SYMLINK==\"disk/by-id/virtio-my_disk\"");
        assert_int_equal(ident_key_rule_match("virtio-my_disk", true, b, sizeof(b)), 0);
        assert_string_equal(b, "KERNEL==\"vd*\", SYMLINK==\"disk/by-id/virtio-my_disk-part*\"");
        assert_int_equal(ident_key_rule_match("virtio-VBLK-0001", true, b, sizeof(b)), 0);
        assert_string_equal(b, "KERNEL==\"vd*\", ENV{ID_SERIAL}==\"VBLK-0001\"");
        assert_int_equal(ident_key_rule_match("36000c29654b6aa069e1553a3251c4f56", false, b, sizeof(b)), 0);
        assert_string_equal(b, "KERNEL==\"sd*\", ENV{ID_SERIAL}==\"36000c29654b6aa069e1553a3251c4f56\"");

        assert_int_equal(ident_key_rule_match("azure-scsi1-lun0", false, b, sizeof(b)), -EOPNOTSUPP);
        assert_int_equal(ident_key_rule_match("virtio-a*b", false, b, sizeof(b)), -EOPNOTSUPP);
        assert_int_equal(ident_key_rule_match("nvme-", false, b, sizeof(b)), -EOPNOTSUPP);
        assert_int_equal(ident_key_rule_match("nvme-QEMU\"x", false, b, sizeof(b)), -EOPNOTSUPP);
        assert_int_equal(ident_key_rule_match("vol-0123456789abcdef0", false, b, 20), -ENOBUFS);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_udev252_pairs),
                cmocka_unit_test(test_attr_subst),
                cmocka_unit_test(test_wwid_forms),
                cmocka_unit_test(test_wwid_defaults),
                cmocka_unit_test(test_ebs_volume),
                cmocka_unit_test(test_nvme_qemu),
                cmocka_unit_test(test_nvme_fabrics_uuid),
                cmocka_unit_test(test_nvme_ebs),
                cmocka_unit_test(test_nvme_vmware),
                cmocka_unit_test(test_nvme_default_designators),
                cmocka_unit_test(test_nvme_missing),
                cmocka_unit_test(test_nvme_hostile),
                cmocka_unit_test(test_virtio),
                cmocka_unit_test(test_virtio_escaping),
                cmocka_unit_test(test_hyperv),
                cmocka_unit_test(test_key_kind_and_rules),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
