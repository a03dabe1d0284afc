/* SPDX-License-Identifier: MIT */
/* The event path's own readers: udev's database lines, sysfs link targets, and a disk read
 * from a sysfs tree built in a temporary directory (no umockdev). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "disk-sysfs.h"
#include "disk-transport.h"
#include "sysfs-read.h"
#include "udev-db.h"

static char *copy_of(const char *text, size_t size) {
        char *p = malloc(size + 1);
        assert_non_null(p);
        memcpy(p, text, size);
        p[size] = '\0';
        return p;
}

static void test_db_properties_only(void **state) {
        (void) state;
        char text[] = "S:disk/by-id/scsi-1\nL:0\nE:UH_SERIAL=abc\nG:uh_serial_1\nI:123\n"
                      "E:UH_CLAIM=asm/a\nQ:uh_serial_1\nV:1\n";
        UdevDb db = {};
        udev_db_parse(&db, copy_of(text, strlen(text)), strlen(text));
        assert_string_equal(udev_db_get(&db, "UH_SERIAL"), "abc");
        assert_string_equal(udev_db_get(&db, "UH_CLAIM"), "asm/a");
        /* Tags, links and timestamps are not properties. */
        assert_null(udev_db_get(&db, "uh_serial_1"));
        assert_null(udev_db_get(&db, "disk/by-id/scsi-1"));
        assert_null(udev_db_get(&db, "UH"));
        udev_db_done(&db);
}

static void test_db_strict(void **state) {
        (void) state;
        /* Every line that is not "E:KEY=VALUE" is skipped, not guessed at. */
        char text[] = "E:NOEQUALS\nE:=empty-key\ne:UH_A=lower\n E:UH_B=indented\nEUH_C=nocolon\nE\n"
                      "E:UH_D=x\0y\nE:UH_E=ok\nX:UH_F=unknown\nE:UH_G=last-without-newline";
        UdevDb db = {};
        udev_db_parse(&db, copy_of(text, sizeof(text) - 1), sizeof(text) - 1);
        assert_null(udev_db_get(&db, "NOEQUALS"));
        assert_null(udev_db_get(&db, ""));
        assert_null(udev_db_get(&db, "UH_A"));
        assert_null(udev_db_get(&db, "UH_B"));
        assert_null(udev_db_get(&db, "UH_C"));
        assert_null(udev_db_get(&db, "UH_D")); /* a NUL byte inside the line */
        assert_string_equal(udev_db_get(&db, "UH_E"), "ok");
        assert_null(udev_db_get(&db, "UH_F"));
        assert_string_equal(udev_db_get(&db, "UH_G"), "last-without-newline");
        udev_db_done(&db);
}

static void test_db_last_wins_and_values_keep_equals(void **state) {
        (void) state;
        char text[] = "E:ID_FS_LABEL=a=b\nE:UH_SERIAL=old\nE:UH_SERIAL=new\nE:UH_SERIALX=other\n";
        UdevDb db = {};
        udev_db_parse(&db, copy_of(text, strlen(text)), strlen(text));
        assert_string_equal(udev_db_get(&db, "ID_FS_LABEL"), "a=b");
        assert_string_equal(udev_db_get(&db, "UH_SERIAL"), "new");
        udev_db_done(&db);
}

static void test_join(void **state) {
        (void) state;
        char buf[256];
        assert_int_equal(sysfs_join("/sys/class/block", "../../devices/pci0000:00/host3/block/sdb", buf, sizeof(buf)),
                         0);
        assert_string_equal(buf, "/sys/devices/pci0000:00/host3/block/sdb");
        assert_int_equal(sysfs_join("/sys/devices/virtual/block/dm-0/slaves", "../../../../pci/x/block/sdm", buf,
                                    sizeof(buf)),
                         0);
        assert_string_equal(buf, "/sys/devices/pci/x/block/sdm");
        assert_int_equal(sysfs_join("/sys/a/block/sdb", "../..", buf, sizeof(buf)), 0);
        assert_string_equal(buf, "/sys/a");
        assert_int_equal(sysfs_join("/ignored", "/sys//devices/./x/", buf, sizeof(buf)), 0);
        assert_string_equal(buf, "/sys/devices/x");
        assert_int_equal(sysfs_join("/sys", "../../..", buf, sizeof(buf)), -EINVAL);
        assert_int_equal(sysfs_join("/sys/devices", "x", buf, 8), -ENAMETOOLONG);
}

/* A fake sysfs tree: an iSCSI LUN's disk and partition, and its SCSI device. */
static char root[256];

static void put(const char *rel, const void *data, size_t size) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", root, rel);
        for (char *s = strchr(path + strlen(root) + 1, '/'); s; s = strchr(s + 1, '/')) {
                *s = '\0';
                mkdir(path, 0755);
                *s = '/';
        }
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        assert_int_equal(fwrite(data, 1, size, f), size);
        fclose(f);
}

#define SCSI "devices/platform/host4/session1/target4:0:0/4:0:0:1"

static int tree_setup(void **state) {
        (void) state;
        snprintf(root, sizeof(root), "/tmp/test-disk-sysfs.XXXXXX");
        if (!mkdtemp(root))
                return -1;
        static const uint8_t pg80[] = { 0x00, 0x80, 0x00, 0x08, 'B', 'E', 'A', 'F', '0', '0', '0', '1' };
        put(SCSI "/vendor", "LIO-ORG \n", 9);
        put(SCSI "/model", "lun01           \n", 17);
        put(SCSI "/vpd_pg80", pg80, sizeof(pg80));
        put(SCSI "/block/sdi/size", "2097152\n", 8);
        put(SCSI "/block/sdi/uevent", "MAJOR=8\nMINOR=128\nDEVNAME=sdi\nDEVTYPE=disk\n", 43);
        put(SCSI "/block/sdi/sdi1/partition", "1\n", 2);
        put("devices/platform/host4/session1/iscsi_session/session1/targetname", "iqn.2003-01.org.x:t1\n", 21);
        return 0;
}

static int tree_teardown(void **state) {
        (void) state;
        char cmd[300];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
        return system(cmd) == 0 ? 0 : -1;
}

/* The event's properties for the partition sdi1. */
static const char *event_get(void *userdata, DiskPropertyOf of, const char *key) {
        (void) userdata;
        (void) of;
        static const char *const env[][2] = {
                { "DEVTYPE", "partition" }, { "DEVNAME", "/dev/sdi1" }, { "MAJOR", "8" },      { "MINOR", "129" },
                { "ID_FS_TYPE", "oracleasm" }, { "ID_FS_LABEL", "DATA01" }, { "PARTN", "1" },
        };
        for (size_t i = 0; i < sizeof(env) / sizeof(env[0]); i++)
                if (strcmp(env[i][0], key) == 0)
                        return env[i][1];
        return NULL;
}

static void test_read_partition_of_iscsi_lun(void **state) {
        (void) state;
        char syspath[512];
        snprintf(syspath, sizeof(syspath), "%s/" SCSI "/block/sdi/sdi1", root);
        DiskInfo d = {};
        DiskIds ids;
        assert_int_equal(disk_read_sysfs(syspath, event_get, NULL, &d, &ids), 0);
        assert_string_equal(d.sysname, "sdi");
        assert_string_equal(d.devnode, "/dev/sdi");
        assert_string_equal(d.partition_devnode, "/dev/sdi1");
        assert_int_equal(d.partition, 1);
        assert_int_equal(d.size_bytes, 2097152ULL * 512);
        assert_true(d.is_scsi);
        assert_string_equal(d.hctl, "4:0:0:1");
        assert_int_equal(d.host, 4);
        assert_int_equal(d.lun, 1);
        /* Padding kept raw (INQUIRY's), the newline sysfs adds removed. */
        assert_string_equal(d.vendor_raw, "LIO-ORG ");
        assert_string_equal(d.vendor, "LIO-ORG");
        assert_string_equal(d.model, "lun01");
        assert_true(d.has_serial);
        assert_string_equal(d.iscsi_target, "iqn.2003-01.org.x:t1");
        assert_string_equal(d.fs_type, "oracleasm");
        assert_string_equal(d.fs_label, "DATA01");
        assert_string_equal(ids.device, "b8:129");
        assert_string_equal(ids.disk, "b8:128");
        assert_string_equal(ids.device_sysname, "sdi1");
        disk_info_done(&d);
}

static const char *disk_get(void *userdata, DiskPropertyOf of, const char *key) {
        (void) userdata;
        (void) of;
        return strcmp(key, "DEVTYPE") == 0 ? "disk" : NULL;
}

static void test_address_not_below_block_is_not_scsi(void **state) {
        (void) state;
        /* A parent named like an address whose child is not under block/: not a SCSI disk. */
        put("devices/virtual/1:2:3:4/x/sdz/size", "8\n", 2);
        char syspath[512];
        snprintf(syspath, sizeof(syspath), "%s/devices/virtual/1:2:3:4/x/sdz", root);
        DiskInfo d = {};
        assert_int_equal(disk_read_sysfs(syspath, disk_get, NULL, &d, NULL), 0);
        assert_false(d.is_scsi);
        assert_string_equal(d.devnode, "/dev/sdz");
        assert_int_equal(d.size_bytes, 8 * 512);
        disk_info_done(&d);
}

static void test_hctl(void **state) {
        (void) state;
        unsigned h = 9, c = 9, t = 9;
        unsigned long long l = 9;
        assert_true(scsi_parse_hctl("0:0:1:0", &h, &c, &t, &l));
        assert_int_equal(h, 0);
        assert_int_equal(t, 1);
        assert_true(scsi_parse_hctl("4294967295:2:3:18446744073709551615", &h, &c, &t, &l));
        assert_int_equal(h, 4294967295U);
        assert_int_equal(c, 2);
        assert_true(l == 18446744073709551615ULL);
        /* Exactly four decimal numbers, as the kernel names a SCSI device; nothing else. */
        static const char *const bad[] = {
                "",
                "1:2:3",
                "1:2:3:",
                ":1:2:3",
                "1:2:3:4:5",
                "1:2:3:4x",
                "1::3:4",
                " 1:2:3:4",
                "+1:2:3:4",
                "1:-2:3:4",
                "a:b:c:d",
                "4294967296:0:0:0",
                "0:0:0:18446744073709551616",
                "host0",
                "1:2:3:4\n",
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                h = 7;
                assert_false(scsi_parse_hctl(bad[i], &h, &c, &t, &l));
                assert_int_equal(h, 7); /* untouched */
        }
}

static int by_name(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

/* DirNames lists what readdir() lists, in its order, across several getdents64 calls. */
static void test_dir_names(void **state) {
        (void) state;
        char name[300];
        for (int i = 0; i < 200; i++) {
                snprintf(name, sizeof(name), "many/entry-with-a-long-name-to-need-several-buffers-%03d-%0100d", i, i);
                put(name, "", 0);
        }
        char dir[512];
        snprintf(dir, sizeof(dir), "%s/many", root);
        char *want[256], *got[256];
        size_t n_want = 0, n_got = 0;
        DIR *d = opendir(dir);
        assert_non_null(d);
        for (struct dirent *e; (e = readdir(d));)
                want[n_want++] = strdup(e->d_name);
        closedir(d);
        DirNames names;
        assert_int_equal(dir_names_open(&names, AT_FDCWD, dir), 0);
        for (const char *e; (e = dir_names_next(&names)) && n_got < 256;)
                got[n_got++] = strdup(e);
        assert_null(dir_names_next(&names));
        dir_names_close(&names);
        assert_null(dir_names_next(&names)); /* closed: nothing, no crash */
        assert_int_equal(n_want, 202);
        assert_int_equal(n_got, n_want);
        for (size_t i = 0; i < n_want; i++)
                assert_string_equal(got[i], want[i]);
        qsort(got, n_got, sizeof(got[0]), by_name);
        assert_string_equal(got[0], ".");
        assert_string_equal(got[1], "..");
        for (size_t i = 0; i < n_want; i++) {
                free(want[i]);
                free(got[i]);
        }
        /* Relative to a directory descriptor; a missing directory is its errno. */
        int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(fd >= 0);
        assert_int_equal(dir_names_open(&names, fd, "many"), 0);
        assert_non_null(dir_names_next(&names));
        dir_names_close(&names);
        assert_int_equal(dir_names_open(&names, fd, "none"), -ENOENT);
        assert_null(dir_names_next(&names));
        dir_names_close(&names);
        close(fd);
}

/* One read() gives the whole attribute; a bigger one is cut at size - 1, NUL-terminated. */
static void test_read_at(void **state) {
        (void) state;
        char big[6000];
        memset(big, 'x', sizeof(big));
        put("attrs/big", big, sizeof(big));
        put("attrs/small", "VMware  \n", 9);
        char dir[512], buf[4096];
        snprintf(dir, sizeof(dir), "%s/attrs", root);
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(fd >= 0);
        assert_int_equal(sysfs_read_at(fd, "small", buf, sizeof(buf)), 9);
        assert_string_equal(sysfs_read_attr(fd, "small", buf, sizeof(buf)), "VMware  ");
        assert_int_equal(sysfs_read_at(fd, "big", buf, sizeof(buf)), sizeof(buf) - 1);
        assert_int_equal(strlen(buf), sizeof(buf) - 1);
        assert_int_equal(sysfs_read_at(fd, "none", buf, sizeof(buf)), -ENOENT);
        close(fd);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_db_properties_only),
                cmocka_unit_test(test_db_strict),
                cmocka_unit_test(test_db_last_wins_and_values_keep_equals),
                cmocka_unit_test(test_join),
                cmocka_unit_test(test_read_partition_of_iscsi_lun),
                cmocka_unit_test(test_address_not_below_block_is_not_scsi),
                cmocka_unit_test(test_hctl),
                cmocka_unit_test(test_dir_names),
                cmocka_unit_test(test_read_at),
        };
        return cmocka_run_group_tests(tests, tree_setup, tree_teardown);
}
