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

#include "decide.h"
#include "macro.h"
#include "naming.h"

static const char CONFIG[] = "[asm]\nmatch-vendor = VMware\nmatch-model = Virtual disk\nmin-size = 1G\n"
                             "name = asm/data%02d\nowner = grid\ngroup = asmadmin\nmode = 0660\n"
                             "[asmp]\nmatch-vendor = ACME\nname = asmp/d%02d\npartition = 1\n"
                             "[asmlib]\nmatch-fs-type = oracleasm\nname-from = label\nprefix = oracleasm/disks\n"
                             "[gfs]\nmatch-fs-type = gfs2\nname-from = label\nprefix = gfs\n"
                             "[luns]\nmatch-vendor = IET\nidentify-by = iscsi\nname = iscsi/lun%02d\n";

static const char BINDINGS[] = "asm/data01 36000c29654b6aa069e1553a3251c4f56 asm\n"
                               "asmp/d01 3500a0b0c0d0e0f10 asmp\n"
                               "old/x01 36000c29000000000000000000000000 gone\n"
                               "iscsi/lun01 iscsi:iqn.2024-01.com.example:gfs1:1 luns\n";

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

static DiskInfo vmware_disk(const char *serial) {
        DiskInfo d = { .is_scsi = true, .size_bytes = 20ULL << 30, .host = 3 };
        d.sysname = (char *) "sdb";
        d.devnode = (char *) "/dev/sdb";
        d.syspath = (char *) "/sys/devices/x/sdb";
        strcpy(d.vendor, "VMware");
        strcpy(d.model, "Virtual disk");
        strcpy(d.vendor_raw, "VMware  ");
        strcpy(d.model_raw, "Virtual disk    ");
        if (serial) {
                assert_int_equal(scsi_serial_from_id_serial(serial, &d.serial), 0);
                d.has_serial = true;
        }
        return d;
}

static void test_bound_disk_named(void **state) {
        Fixture *f = *state;
        DiskInfo d = vmware_disk("36000c29654b6aa069e1553a3251c4f56");
        _cleanup_(verdict_done) Verdict v = {};
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(v.problems, 0);
        assert_string_equal(v.class->name, "asm");
        assert_string_equal(v.name, "asm/data01");
        verdict_done(&v);

        /* Its partitions follow the disk. */
        d.partition = 2;
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_string_equal(v.name, "asm/data01-part2");
        verdict_done(&v);
}

static void test_unbound_disk_no_name(void **state) {
        Fixture *f = *state;
        DiskInfo d = vmware_disk("36000c29a1b2c3d4e5f60718293a4b5c6");
        _cleanup_(verdict_done) Verdict v = {};
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(v.problems, 0);
        assert_string_equal(v.class->name, "asm");
        assert_null(v.name);
}

static void test_no_enableuuid(void **state) {
        Fixture *f = *state;
        DiskInfo d = vmware_disk("0VMware_Virtual_disk_d2");
        _cleanup_(verdict_done) Verdict v = {};
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_NO_UNIQUE_ID);
        assert_non_null(strstr(v.detail, "disk.EnableUUID"));
        assert_null(v.name);

        DiskInfo none = vmware_disk(NULL);
        verdict_done(&v);
        assert_int_equal(decide(&none, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_NO_UNIQUE_ID);
}

static void test_duplicate_bound_disk_loses_name(void **state) {
        Fixture *f = *state;
        DiskInfo d = vmware_disk("36000c29654b6aa069e1553a3251c4f56");
        _cleanup_(verdict_done) Verdict v = {};
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, &(Others) { .same_identity = "sdf" }, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_DUPLICATE_SERIAL);
        assert_non_null(strstr(v.detail, "sdf"));
        assert_null(v.name);
}

static void test_class_mismatch_and_unknown(void **state) {
        Fixture *f = *state;
        DiskInfo d = vmware_disk("36000c29654b6aa069e1553a3251c4f56");
        d.size_bytes = 512ULL << 20; /* below min-size */
        _cleanup_(verdict_done) Verdict v = {};
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_CLASS_MISMATCH);
        assert_null(v.name);

        DiskInfo g = vmware_disk("36000c29000000000000000000000000");
        verdict_done(&v);
        assert_int_equal(decide(&g, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_UNKNOWN_CLASS);
}

static void test_partition_class(void **state) {
        Fixture *f = *state;
        DiskInfo d = vmware_disk("3500a0b0c0d0e0f10");
        strcpy(d.vendor, "ACME");
        _cleanup_(verdict_done) Verdict v = {};
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_null(v.name); /* the disk itself: no name */
        d.partition = 1;
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_string_equal(v.name, "asmp/d01");
        verdict_done(&v);
        d.partition = 2;
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_null(v.name);
}

static void test_tgtd_default_serial(void **state) {
        Fixture *f = *state;
        /* A tgtd LUN in a serial-identified class would be refused... */
        Config c;
        ParseError e;
        assert_int_equal(config_parse("[t]\nmatch-vendor=IET\nname=t%d\n", &c, &e), 0);
        DiskInfo d = vmware_disk("1IET_00010001");
        strcpy(d.vendor, "IET");
        _cleanup_(verdict_done) Verdict v = {};
        verdict_done(&v);
        assert_int_equal(decide(&d, &c, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_DEFAULT_SERIAL);
        config_done(&c);

        /* ...and is named by target and LUN in an identify-by = iscsi class. */
        d.iscsi_target = (char *) "iqn.2024-01.com.example:gfs1";
        d.lun = 1;
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(v.problems, 0);
        assert_string_equal(v.identity, "iscsi:iqn.2024-01.com.example:gfs1:1");
        assert_string_equal(v.name, "iscsi/lun01");
        verdict_done(&v);

        /* Without a session there is nothing to identify it by. */
        d.iscsi_target = NULL;
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_NO_ISCSI_SESSION);
}

static void test_label_named(void **state) {
        Fixture *f = *state;
        DiskInfo d = vmware_disk("36000c29777788889999aaaabbbbcccc0");
        d.fs_type = (char *) "oracleasm";
        d.fs_label = (char *) "DATA01";
        _cleanup_(verdict_done) Verdict v = {};
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(v.problems, 0);
        assert_string_equal(v.name, "oracleasm/disks/DATA01");
        verdict_done(&v);

        d.fs_type = (char *) "gfs2";
        d.fs_label = (char *) "mycluster:gfs2_data";
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, &(Others) { .same_identity = "sdz" }, &v), 0);
        assert_int_equal(v.problems, 0); /* a label is the same on every path: duplicates are fine */
        assert_string_equal(v.name, "gfs/mycluster/gfs2_data");
        verdict_done(&v);

        d.fs_label = (char *) "../../etc:passwd";
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_UNSAFE_LABEL);
        assert_null(v.name);

        d.fs_label = NULL;
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_NO_LABEL);
}

static void test_hostile_labels(void **state) {
        (void) state;
        static const struct {
                const char *type, *label, *name;
        } cases[] = {
                { "oracleasm", "DATA01", "p/DATA01" },
                { "oracleasm", "data_01-x.y", "p/data_01-x.y" },
                { "gfs2", "c:fs", "p/c/fs" },
                { "oracleasm", "", NULL },
                { "oracleasm", "..", NULL },
                { "oracleasm", ".", NULL },
                { "oracleasm", "/etc", NULL },
                { "oracleasm", "a/b", NULL },
                { "oracleasm", "a b", NULL },
                { "oracleasm", "a\nb", NULL },
                { "oracleasm", "a\\x2fb", NULL },
                { "oracleasm", "a$b", NULL },
                { "oracleasm", "a:b", NULL },
                { "oracleasm", "caf\xc3\xa9", NULL },
                { "gfs2", "nocolon", NULL },
                { "gfs2", "a:b:c", NULL },
                { "gfs2", "..:x", NULL },
                { "gfs2", "c:..", NULL },
                { "gfs2", ":fs", NULL },
                { "gfs2", "c:", NULL },
                { "gfs2", "c/../..:x", NULL },
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                char *name = NULL;
                int r = label_to_name("p", cases[i].type, cases[i].label, &name);
                if (cases[i].name) {
                        assert_int_equal(r, 0);
                        assert_string_equal(name, cases[i].name);
                } else if (r != -EINVAL)
                        fail_msg("label '%s' (%s) accepted as '%s'", cases[i].label, cases[i].type, name);
                free(name);
        }
        char long_label[200];
        memset(long_label, 'A', sizeof(long_label) - 1);
        long_label[sizeof(long_label) - 1] = 0;
        char *name = NULL;
        assert_int_equal(label_to_name("p", "oracleasm", long_label, &name), -EINVAL);
}

/* The in-use decision table: signature x class. */
static void test_in_use_table(void **state) {
        Fixture *f = *state;
        const DiskClass *asm_class = config_find_class(&f->config, "asm");
        const DiskClass *asmlib = config_find_class(&f->config, "asmlib");
        static const struct {
                const char *type, *usage;
                bool in_use_for_asm, in_use_for_asmlib;
        } cases[] = {
                { NULL, NULL, false, false },
                { "ext4", "filesystem", true, true },
                { "xfs", "filesystem", true, true },
                { "swap", "other", true, true },
                { "LVM2_member", "raid", true, true },
                { "linux_raid_member", "raid", true, true },
                { "crypto_LUKS", "crypto", true, true },
                { "oracleasm", "filesystem", true, false },
                { "gfs2", "filesystem", true, true },
                { "weird", NULL, true, true },
        };
        char reason[256];
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                DiskInfo d = vmware_disk("36000c29a1b2c3d4e5f60718293a4b5c6");
                d.fs_type = (char *) cases[i].type;
                d.fs_usage = (char *) cases[i].usage;
                assert_int_equal(disk_in_use(&d, asm_class, reason, sizeof(reason)) != IN_USE_NO, cases[i].in_use_for_asm);
                assert_int_equal(disk_in_use(&d, asmlib, reason, sizeof(reason)) != IN_USE_NO, cases[i].in_use_for_asmlib);

                /* The same signature on a partition counts the same. */
                DiskInfo p = vmware_disk("36000c29a1b2c3d4e5f60718293a4b5c6");
                struct PartitionSignature sig = { (char *) "sdb1", (char *) cases[i].type, (char *) cases[i].usage };
                p.partition_signatures = cases[i].type ? &sig : NULL;
                p.n_partition_signatures = cases[i].type ? 1 : 0;
                assert_int_equal(disk_in_use(&p, asm_class, reason, sizeof(reason)) != IN_USE_NO, cases[i].in_use_for_asm);
                if (cases[i].in_use_for_asm)
                        assert_non_null(strstr(reason, "sdb1"));
        }
        DiskInfo held = vmware_disk("36000c29a1b2c3d4e5f60718293a4b5c6");
        held.in_use_reason = (char *) "sdb is mounted";
        assert_true(disk_in_use(&held, asmlib, reason, sizeof(reason)));
        assert_string_equal(reason, "sdb is mounted");
}

static void test_not_scsi(void **state) {
        Fixture *f = *state;
        DiskInfo d = vmware_disk(NULL);
        d.is_scsi = false;
        _cleanup_(verdict_done) Verdict v = {};
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_NOT_SCSI);
}

static void test_other_disks_ignored(void **state) {
        Fixture *f = *state;
        DiskInfo d = vmware_disk("0ATA_disk_x");
        strcpy(d.vendor, "ATA");
        _cleanup_(verdict_done) Verdict v = {};
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_null(v.class);
        assert_int_equal(v.problems, 0); /* not ours: no complaint either */
}

static void test_name_reserved(void **state) {
        (void) state;
        static const char *const reserved[] = {
                "disk/by-id/scsi-x", "disk", "mapper/mpatha", "block/8:16", "char/x", "bsg/0:0:0:0", "by-id/x",
                "by-uuid", "sda", "sda1", "sdaa12", "null", "zero", "dm-0", "dm-12", "md127", "nvme0n1p2",
                "loop3", "sr0", "sg1", "tty", "ttyS0", "console", "mmcblk0p1", "input/event0", "net/tun",
                "pts/0", "shm/x", "",
        };
        static const char *const allowed[] = {
                "asm/data01", "oracleasm/disks/DATA01", "gfs/c/fs", "asm/sda1", "asm/null", "sdxdata01x",
                "data", "dmz", "dm-x", "ora/disk", "mpath/x", "loopback", "nullable", "stuff", "sd",
        };
        for (size_t i = 0; i < ELEMENTSOF(reserved); i++)
                if (!name_reserved(reserved[i]))
                        fail_msg("%s should be reserved", reserved[i]);
        for (size_t i = 0; i < ELEMENTSOF(allowed); i++)
                if (name_reserved(allowed[i]))
                        fail_msg("%s should be allowed", allowed[i]);
}

static void test_name_collision(void **state) {
        Fixture *f = *state;
        _cleanup_(verdict_done) Verdict v = {};

        /* Two disks with one ASMLib label: whoever else claims the name, neither gets it. */
        DiskInfo d = vmware_disk("36000c29777788889999aaaabbbbcccc0");
        d.fs_type = (char *) "oracleasm";
        d.fs_label = (char *) "DATA01";
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, &(Others) { .same_name = "sdq" }, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_NAME_COLLISION);
        assert_string_equal(v.claim, "oracleasm/disks/DATA01");
        assert_null(v.name);
        assert_non_null(strstr(v.detail, "sdq"));

        /* A label that gives a bound name: the bindings alone show it. */
        Bindings b;
        ParseError e;
        static const char text[] = "oracleasm/disks/DATA01 36000c29654b6aa069e1553a3251c4f56 asm\n"
                                   "asm/x 36000c29a1b2c3d4e5f60718293a4b5c6 asm\n"
                                   "asm/x-part1 36000c29deadbeef0123456789abcdef0 asm\n";
        assert_int_equal(bindings_parse(text, strlen(text), &b, &e), 0);
        verdict_done(&v);
        assert_int_equal(decide(&d, &f->config, &b, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_NAME_COLLISION);
        assert_null(v.name);
        /* ...and the bound disk too. */
        DiskInfo bound = vmware_disk("36000c29654b6aa069e1553a3251c4f56");
        verdict_done(&v);
        assert_int_equal(decide(&bound, &f->config, &b, NULL, &(Others) { .same_name = "sdh" }, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_NAME_COLLISION);
        assert_null(v.name);

        /* A binding named like another binding's partition link: both claimants refused. */
        DiskInfo part = vmware_disk("36000c29a1b2c3d4e5f60718293a4b5c6");
        part.partition = 1;
        verdict_done(&v);
        assert_int_equal(decide(&part, &f->config, &b, NULL, NULL, &v), 0);
        assert_string_equal(v.claim, "asm/x-part1");
        assert_int_equal(problem_first(v.problems), PROBLEM_NAME_COLLISION);
        DiskInfo other = vmware_disk("36000c29deadbeef0123456789abcdef0");
        verdict_done(&v);
        assert_int_equal(decide(&other, &f->config, &b, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_NAME_COLLISION);
        /* The disk itself keeps its own name. */
        DiskInfo whole = vmware_disk("36000c29a1b2c3d4e5f60718293a4b5c6");
        verdict_done(&v);
        assert_int_equal(decide(&whole, &f->config, &b, NULL, NULL, &v), 0);
        assert_string_equal(v.name, "asm/x");
        bindings_done(&b);

        /* A binding inside udev's namespace is never used: the parser reports the line as
         * damaged (with its number) and the disk stays unbound. */
        static const char evil[] = "disk/by-id/x 36000c29654b6aa069e1553a3251c4f56 asm\n";
        assert_int_equal(bindings_parse(evil, strlen(evil), &b, &e), 0);
        assert_int_equal(b.n_problems, 1);
        assert_int_equal(b.problems[0].line, 1);
        verdict_done(&v);
        assert_int_equal(decide(&bound, &f->config, &b, NULL, NULL, &v), 0);
        assert_null(v.binding);
        assert_null(v.claim);
        assert_null(v.name);
        bindings_done(&b);
}

static void test_multipath(void **state) {
        Fixture *f = *state;
        _cleanup_(verdict_done) Verdict v = {};

        /* A path of a map is never named, even when its serial is bound. */
        DiskInfo path = vmware_disk("36000c29654b6aa069e1553a3251c4f56");
        path.multipath_member = true;
        path.multipath_map = (char *) "dm-3";
        assert_int_equal(decide(&path, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_MULTIPATH_MEMBER);
        assert_null(v.name);
        assert_null(v.claim);
        assert_non_null(strstr(v.detail, "dm-3"));

        /* The map, keyed by its WWID, gets the binding's name. */
        DiskInfo map = vmware_disk("36000c29654b6aa069e1553a3251c4f56");
        map.is_scsi = false;
        map.is_multipath_map = true;
        map.sysname = (char *) "dm-3";
        verdict_done(&v);
        assert_int_equal(decide(&map, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(v.problems, 0);
        assert_string_equal(v.name, "asm/data01");
}

static void test_unreadable(void **state) {
        Fixture *f = *state;
        _cleanup_(verdict_done) Verdict v = {};
        DiskInfo d = vmware_disk("36000c29654b6aa069e1553a3251c4f56");
        d.read_error = -EIO;
        assert_int_equal(decide(&d, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_UNREADABLE);
        assert_null(v.name);
        /* A disk of no class is not ours to complain about, readable or not. */
        DiskInfo ata = vmware_disk("0ATA_disk_x");
        strcpy(ata.vendor, "ATA");
        ata.read_error = -EIO;
        verdict_done(&v);
        assert_int_equal(decide(&ata, &f->config, &f->bindings, NULL, NULL, &v), 0);
        assert_int_equal(v.problems, 0);
}

static void test_class_asked_for(void **state) {
        Fixture *f = *state;
        _cleanup_(verdict_done) Verdict v = {};
        /* bind --class: the decision is made for that class, not patched from another's. */
        Config c;
        ParseError e;
        assert_int_equal(config_parse("[t]\nmatch-vendor=IET\nname=t%d\n[luns]\nmatch-vendor=IET\nidentify-by=iscsi\n"
                                      "name=l%d\n",
                                      &c, &e),
                         0);
        DiskInfo d = vmware_disk("1IET_00010001");
        strcpy(d.vendor, "IET");
        d.iscsi_target = (char *) "iqn.2024-01.com.example:gfs1";
        d.lun = 1;
        assert_int_equal(decide(&d, &c, &f->bindings, &c.classes[0], NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_DEFAULT_SERIAL);
        verdict_done(&v);
        assert_int_equal(decide(&d, &c, &f->bindings, &c.classes[1], &(Others) { .same_identity = "sdj" }, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_DUPLICATE_SERIAL);
        verdict_done(&v);
        assert_int_equal(decide(&d, &c, &f->bindings, &c.classes[1], NULL, &v), 0);
        assert_int_equal(v.problems, 0);
        assert_string_equal(v.identity, "iscsi:iqn.2024-01.com.example:gfs1:1");
        /* A class the disk does not fit is a mismatch, whatever else it fits. */
        verdict_done(&v);
        DiskInfo vm = vmware_disk("36000c29a1b2c3d4e5f60718293a4b5c6");
        assert_int_equal(decide(&vm, &c, &f->bindings, &c.classes[0], NULL, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_CLASS_MISMATCH);
        config_done(&c);
}

/* --force overrides a signature, never active use or an md/LVM member. */
static void test_in_use_levels(void **state) {
        (void) state;
        char reason[256];
        DiskInfo d = vmware_disk("36000c29a1b2c3d4e5f60718293a4b5c6");
        assert_int_equal(disk_in_use(&d, NULL, reason, sizeof(reason)), IN_USE_NO);
        d.fs_ambivalent = true;
        assert_int_equal(disk_in_use(&d, NULL, reason, sizeof(reason)), IN_USE_SIGNATURE);
        assert_non_null(strstr(reason, "ambivalent"));
        d.fs_ambivalent = false;
        d.fs_type = (char *) "ext4";
        d.fs_usage = (char *) "filesystem";
        assert_int_equal(disk_in_use(&d, NULL, reason, sizeof(reason)), IN_USE_SIGNATURE);
        d.fs_type = (char *) "LVM2_member";
        d.fs_usage = (char *) "raid";
        assert_int_equal(disk_in_use(&d, NULL, reason, sizeof(reason)), IN_USE_ACTIVE);
        d.fs_type = NULL;
        d.fs_usage = NULL;
        d.in_use_reason = (char *) "sdb1 is mounted";
        assert_int_equal(disk_in_use(&d, NULL, reason, sizeof(reason)), IN_USE_ACTIVE);
        assert_string_equal(reason, "sdb1 is mounted");
}

static void test_detail_of_first_problem(void **state) {
        Fixture *f = *state;
        _cleanup_(verdict_done) Verdict v = {};
        Config c;
        ParseError e;
        assert_int_equal(config_parse("[t]\nmatch-vendor=IET\nname=t%d\n", &c, &e), 0);
        /* The claim step finds the mismatch, the check step the duplicate, which UH_PROBLEM
         * shows first: the detail must be the duplicate's, not the mismatch's. */
        DiskInfo vm = vmware_disk("36000c29a1b2c3d4e5f60718293a4b5c6");
        assert_int_equal(decide_claim(&vm, &c, &f->bindings, &c.classes[0], &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_CLASS_MISMATCH);
        assert_non_null(strstr(v.detail, "does not fit [t]"));
        assert_int_equal(decide_check(&vm, &f->bindings, &(Others) { .same_identity = "sdz" }, &v), 0);
        assert_int_equal(problem_first(v.problems), PROBLEM_DUPLICATE_SERIAL);
        assert_true(v.problems & PROBLEM_BIT(PROBLEM_CLASS_MISMATCH));
        assert_non_null(strstr(v.detail, "also presented by sdz"));
        assert_null(v.name);
        config_done(&c);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_bound_disk_named, setup, teardown),
                cmocka_unit_test_setup_teardown(test_unbound_disk_no_name, setup, teardown),
                cmocka_unit_test_setup_teardown(test_no_enableuuid, setup, teardown),
                cmocka_unit_test_setup_teardown(test_duplicate_bound_disk_loses_name, setup, teardown),
                cmocka_unit_test_setup_teardown(test_class_mismatch_and_unknown, setup, teardown),
                cmocka_unit_test_setup_teardown(test_partition_class, setup, teardown),
                cmocka_unit_test_setup_teardown(test_tgtd_default_serial, setup, teardown),
                cmocka_unit_test_setup_teardown(test_label_named, setup, teardown),
                cmocka_unit_test(test_hostile_labels),
                cmocka_unit_test_setup_teardown(test_in_use_table, setup, teardown),
                cmocka_unit_test_setup_teardown(test_not_scsi, setup, teardown),
                cmocka_unit_test_setup_teardown(test_other_disks_ignored, setup, teardown),
                cmocka_unit_test(test_name_reserved),
                cmocka_unit_test_setup_teardown(test_name_collision, setup, teardown),
                cmocka_unit_test_setup_teardown(test_multipath, setup, teardown),
                cmocka_unit_test_setup_teardown(test_unreadable, setup, teardown),
                cmocka_unit_test_setup_teardown(test_class_asked_for, setup, teardown),
                cmocka_unit_test_setup_teardown(test_detail_of_first_problem, setup, teardown),
                cmocka_unit_test(test_in_use_levels),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
