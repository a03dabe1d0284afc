/* SPDX-License-Identifier: MIT */
/* DiskInfo from sysfs: the kernel's cached VPD pages, the SCSI address, the iSCSI session,
 * dm-multipath, and the filesystem udev's blkid builtin saw.  No I/O to the disk, no libudev:
 * at boot udev runs this once per disk and partition, and libudev's device objects (every path
 * component opened for each of them) cost more than the work. */
#include "disk-sysfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fileio.h"
#include "macro.h"


/* The kernel's VPD pages are small; a bigger attribute is not one we understand. */
#define VPD_READ_MAX 4096
/* vendor, model, size, dm/uuid, partition, uevent, targetname. */
#define ATTR_READ_MAX 4096
/* Entries looked at in slaves/ and holders/: far more than any real device has. */
#define DIR_ENTRIES_MAX 1024

/* Reads up to size - 1 bytes of a file below dirfd and NUL-terminates them; the length or a
 * negative errno. */
static ssize_t read_at(int dirfd, const char *name, void *buf, size_t size) {
        _cleanup_close_ int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return -errno;
        size_t n = 0;
        while (n < size - 1) {
                ssize_t k = read(fd, (char *) buf + n, size - 1 - n);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (k == 0)
                        break;
                n += (size_t) k;
        }
        ((char *) buf)[n] = '\0';
        return (ssize_t) n;
}

/* A text attribute as libudev gives it: trailing newlines removed, nothing else (SCSI vendor
 * and model keep their padding). NULL when absent or holding a NUL byte. */
static const char *read_attr(int dirfd, const char *name, char *buf, size_t size) {
        ssize_t n = read_at(dirfd, name, buf, size);
        if (n < 0 || strlen(buf) != (size_t) n)
                return NULL;
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
                buf[--n] = '\0';
        return buf;
}

int sysfs_join(const char *dir, const char *target, char *buf, size_t size) {
        char tmp[PATH_MAX];
        if (target[0] == '/') {
                if ((size_t) snprintf(tmp, sizeof(tmp), "%s", target) >= sizeof(tmp))
                        return -ENAMETOOLONG;
        } else if ((size_t) snprintf(tmp, sizeof(tmp), "%s/%s", dir, target) >= sizeof(tmp))
                return -ENAMETOOLONG;
        if (size < 2)
                return -ENAMETOOLONG;
        size_t len = 0;
        buf[0] = '\0';
        for (char *save = NULL, *c = strtok_r(tmp, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
                if (strcmp(c, ".") == 0)
                        continue;
                if (strcmp(c, "..") == 0) {
                        char *slash = strrchr(buf, '/');
                        if (!slash)
                                return -EINVAL; /* above the root */
                        *slash = '\0';
                        len = (size_t) (slash - buf);
                        continue;
                }
                size_t l = strlen(c);
                if (len + 1 + l + 1 > size)
                        return -ENAMETOOLONG;
                buf[len++] = '/';
                memcpy(buf + len, c, l + 1);
                len += l;
        }
        if (len == 0)
                snprintf(buf, size, "/");
        return 0;
}

static int readlink_join(const char *dir, const char *link, char *buf, size_t size) {
        char path[PATH_MAX], target[PATH_MAX];
        if ((size_t) snprintf(path, sizeof(path), "%s/%s", dir, link) >= sizeof(path))
                return -ENAMETOOLONG;
        ssize_t n = readlink(path, target, sizeof(target) - 1);
        if (n < 0)
                return -errno;
        target[n] = '\0';
        char base[PATH_MAX];
        snprintf(base, sizeof(base), "%s", path);
        *strrchr(base, '/') = '\0';
        return sysfs_join(base, target, buf, size);
}

int sysfs_block_syspath(const char *arg, char *buf, size_t size) {
        char path[PATH_MAX];
        if (strncmp(arg, "/sys/", 5) == 0)
                return sysfs_join("/", arg, buf, size);
        if (strncmp(arg, "/devices/", 9) == 0) {
                if ((size_t) snprintf(path, sizeof(path), "/sys%s", arg) >= sizeof(path))
                        return -ENAMETOOLONG;
                return sysfs_join("/", path, buf, size);
        }
        const char *name = arg;
        char resolved[PATH_MAX];
        if (strchr(arg, '/')) {
                struct stat st;
                if (!realpath(arg, resolved))
                        return -errno;
                if (stat(resolved, &st) == 0 && S_ISBLK(st.st_mode)) {
                        snprintf(path, sizeof(path), "/sys/dev/block/%u:%u", major(st.st_rdev), minor(st.st_rdev));
                        if (readlink_join("/sys/dev/block", path_basename(path), buf, size) == 0)
                                return 0;
                }
                if (strncmp(resolved, "/dev/", 5) != 0)
                        return -ENODEV;
                name = path_basename(resolved);
        }
        if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
                return -ENODEV;
        int r = readlink_join("/sys/class/block", name, buf, size);
        return r == -ENOENT ? -ENODEV : r;
}

/* udev's database (src/libsystemd/sd-device/device-private.c writes it): one "X:VALUE" line
 * per entry, X a letter; properties are "E:KEY=VALUE".  A uevent file holds "KEY=VALUE"
 * lines.  Both are kept as "KEY=VALUE" strings; anything else is skipped. */
static void entries_parse(UdevDb *db, char *text, size_t size, bool uevent) {
        size_t out = 0;
        for (size_t i = 0; i < size;) {
                char *line = text + i;
                char *nl = memchr(line, '\n', size - i);
                size_t len = nl ? (size_t) (nl - line) : size - i;
                i += len + 1;
                if (memchr(line, '\0', len))
                        continue;
                const char *kv = line;
                size_t kvlen = len;
                if (!uevent) {
                        if (len < 2 || line[1] != ':' || line[0] != 'E')
                                continue; /* not a property: links, tags, timestamps, unknown */
                        kv += 2;
                        kvlen -= 2;
                }
                const char *eq = memchr(kv, '=', kvlen);
                if (!eq || eq == kv)
                        continue;
                memmove(text + out, kv, kvlen);
                out += kvlen;
                text[out++] = '\0';
        }
        db->text = text;
        db->size = out;
}

void udev_db_parse(UdevDb *db, char *text, size_t size) {
        entries_parse(db, text, size, false);
}

static void entries_load(UdevDb *db, int dirfd, const char *name, size_t max, bool uevent) {
        *db = (UdevDb) {};
        char *text = malloc(max + 1);
        if (!text)
                return;
        ssize_t n = read_at(dirfd, name, text, max + 1);
        if (n < 0 || (size_t) n >= max) {
                /* Missing, unreadable, or larger than any real entry: nothing known. */
                free(text);
                return;
        }
        entries_parse(db, text, (size_t) n, uevent);
}

void udev_db_load(UdevDb *db, const char *id) {
        char path[PATH_MAX];
        if ((size_t) snprintf(path, sizeof(path), "/run/udev/data/%s", id) >= sizeof(path) || strchr(id, '/')) {
                *db = (UdevDb) {};
                return;
        }
        entries_load(db, AT_FDCWD, path, UDEV_DB_MAX, false);
}

const char *udev_db_get(const UdevDb *db, const char *key) {
        const char *found = NULL;
        size_t klen = strlen(key);
        for (size_t i = 0; db->text && i < db->size;) {
                const char *e = db->text + i;
                size_t l = strlen(e);
                if (l > klen && strncmp(e, key, klen) == 0 && e[klen] == '=')
                        found = e + klen + 1;
                i += l + 1;
        }
        return found;
}

void udev_db_done(UdevDb *db) {
        free(db->text);
        *db = (UdevDb) {};
}

bool in_udev_event(void) {
        /* udev runs IMPORT{program} with the event's properties in the environment. */
        return getenv("DEVPATH") && getenv("ACTION");
}

/* Loads the database then the uevent of one device into slot (uevent first in the lookup
 * order below means database wins, as in libudev). */
static void load_slot(EventProperties *p, unsigned slot, const char *syspath) {
        UdevDb *db = &p->db[slot];
        p->loaded[slot] = true;
        _cleanup_close_ int fd = open(syspath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return;
        UdevDb uevent;
        entries_load(&uevent, fd, "uevent", ATTR_READ_MAX, true);
        const char *maj = udev_db_get(&uevent, "MAJOR"), *min = udev_db_get(&uevent, "MINOR");
        UdevDb data = {};
        if (maj && min) {
                char id[64];
                snprintf(id, sizeof(id), "b%s:%s", maj, min);
                udev_db_load(&data, id);
        }
        /* One list: uevent entries, then database entries (the last match wins). */
        size_t n = uevent.size + data.size;
        char *all = malloc(n + 1);
        if (all) {
                if (uevent.size)
                        memcpy(all, uevent.text, uevent.size);
                if (data.size)
                        memcpy(all + uevent.size, data.text, data.size);
                db->text = all;
                db->size = n;
        }
        udev_db_done(&uevent);
        udev_db_done(&data);
}

const char *event_properties_get(void *userdata, DiskPropertyOf of, const char *key) {
        EventProperties *p = userdata;
        /* The kernel's own keys describe $DEVPATH's device: from the environment only when
         * that is the device asked about.  udev's properties come from the event as before. */
        static const char *const kernel_keys[] = { "DEVTYPE", "DEVNAME", "MAJOR", "MINOR", "PARTN" };
        bool kernel = false;
        for (size_t i = 0; i < ELEMENTSOF(kernel_keys); i++)
                kernel = kernel || strcmp(key, kernel_keys[i]) == 0;
        if (p->in_event && (p->env_is_device || !kernel))
                return getenv(key);
        unsigned slot = of == PROPERTY_OF_DISK ? 1 : 0;
        if (!p->loaded[0])
                load_slot(p, 0, p->syspath);
        if (slot == 1) {
                const char *t = udev_db_get(&p->db[0], "DEVTYPE");
                if (!t || strcmp(t, "partition") != 0)
                        slot = 0;
                else if (!p->loaded[1]) {
                        if (sysfs_join(p->syspath, "..", p->disk_syspath, sizeof(p->disk_syspath)) < 0)
                                return NULL;
                        load_slot(p, 1, p->disk_syspath);
                }
        }
        return udev_db_get(&p->db[slot], key);
}

void event_properties_done(EventProperties *p) {
        udev_db_done(&p->db[0]);
        udev_db_done(&p->db[1]);
}

/* The map's DM_UUID: sysfs first (what the kernel says now), then udev's. */
static const char *dm_uuid(int dirfd, char *buf, size_t size, DiskPropertyFn get, void *userdata,
                           DiskPropertyOf of) {
        const char *u = read_attr(dirfd, "dm/uuid", buf, size);
        if (!u && get)
                u = get(userdata, of, "DM_UUID");
        return u;
}

static bool is_mpath_uuid(const char *uuid) {
        return uuid && strncmp(uuid, "mpath-", 6) == 0 && uuid[6];
}

/* The sorted first entry of a small sysfs directory (slaves/ or holders/) starting with
 * prefix; an empty name when there is none. */
static void first_entry(int dirfd, const char *sub, const char *prefix, char *name, size_t size) {
        name[0] = '\0';
        int fd = openat(dirfd, sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return;
        _cleanup_closedir_ DIR *dir = fdopendir(fd);
        if (!dir) {
                close(fd);
                return;
        }
        unsigned seen = 0;
        for (struct dirent *e; (e = readdir(dir)) && seen < DIR_ENTRIES_MAX; seen++) {
                if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, strlen(prefix)) != 0)
                        continue;
                if (!name[0] || strcmp(e->d_name, name) < 0)
                        snprintf(name, size, "%s", e->d_name);
        }
}

/* A holder's DM_UUID when sysfs has none: its own udev database entry. */
static bool holder_is_mpath(const char *holder_syspath) {
        _cleanup_close_ int fd = open(holder_syspath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return false;
        char buf[ATTR_READ_MAX];
        const char *u = read_attr(fd, "dm/uuid", buf, sizeof(buf));
        if (u)
                return is_mpath_uuid(u);
        EventProperties p = { .syspath = holder_syspath };
        bool yes = is_mpath_uuid(event_properties_get(&p, PROPERTY_OF_DEVICE, "DM_UUID"));
        event_properties_done(&p);
        return yes;
}

/* dm-multipath: a path device is marked by 62-multipath.rules (DM_MULTIPATH_DEVICE_PATH,
 * ID_FS_TYPE=mpath_member) and, once the map exists, held by it; the map is dm-N with
 * DM_UUID=mpath-<WWID>.  All of it is sysfs and udev properties: no disk I/O. */
static int read_multipath(int diskfd, DiskPropertyFn get, void *userdata, bool asked_disk, DiskInfo *d,
                          char *first_path, size_t size) {
        char name[256], buf[ATTR_READ_MAX];
        first_path[0] = '\0';
        if (strncmp(d->sysname, "dm-", 3) == 0) {
                /* udev's DM_UUID of the map itself: the event's when the map was asked about. */
                const char *uuid = dm_uuid(diskfd, buf, sizeof(buf), get, userdata,
                                           asked_disk ? PROPERTY_OF_DEVICE : PROPERTY_OF_DISK);
                if (!is_mpath_uuid(uuid))
                        return 0;
                d->is_multipath_map = true;
                d->has_serial = scsi_serial_from_id_serial(uuid + 6, &d->serial) == 0;
                first_entry(diskfd, "slaves", "", name, sizeof(name));
                if (!name[0])
                        return 0;
                char link[300];
                snprintf(link, sizeof(link), "slaves/%s", name);
                int r = readlink_join(d->syspath, link, first_path, size);
                if (r < 0)
                        first_path[0] = '\0';
                return 0;
        }

        const char *p = get(userdata, PROPERTY_OF_DEVICE, "DM_MULTIPATH_DEVICE_PATH");
        const char *t = get(userdata, PROPERTY_OF_DEVICE, "ID_FS_TYPE");
        if ((p && strcmp(p, "1") == 0) || (t && strcmp(t, "mpath_member") == 0))
                d->multipath_member = true;
        first_entry(diskfd, "holders", "dm-", name, sizeof(name));
        if (!name[0])
                return 0;
        char link[300], holder[PATH_MAX];
        snprintf(link, sizeof(link), "holders/%s", name);
        if (readlink_join(d->syspath, link, holder, sizeof(holder)) == 0 && holder_is_mpath(holder)) {
                d->multipath_member = true;
                return disk_strdup(&d->multipath_map, name);
        }
        return 0;
}

/* The SCSI device above a disk: /sys/devices/.../H:C:T:L/block/sdX.  The address is in the
 * path string; so is an iSCSI session (.../sessionN/target.../H:C:T:L). */
static bool scsi_parent(const char *disk_syspath, char *buf, size_t size) {
        if (sysfs_join(disk_syspath, "../..", buf, size) < 0)
                return false;
        const char *name = path_basename(buf);
        unsigned h, c, t;
        unsigned long long l;
        int n = 0;
        if (sscanf(name, "%u:%u:%u:%llu%n", &h, &c, &t, &l, &n) != 4 || name[n])
                return false;
        /* The disk's directory is <scsi device>/block/<name>. */
        char parent[PATH_MAX];
        return sysfs_join(disk_syspath, "..", parent, sizeof(parent)) == 0 && strcmp(path_basename(parent), "block") == 0;
}

static int read_iscsi_target(const char *scsi_syspath, DiskInfo *d) {
        /* The innermost /sessionN/ component of the path. */
        const char *found = NULL;
        size_t found_len = 0;
        for (const char *s = strstr(scsi_syspath, "/session"); s; s = strstr(s + 1, "/session")) {
                size_t len = strcspn(s + 1, "/");
                unsigned k;
                int n = 0;
                if (sscanf(s + 1, "session%u%n", &k, &n) == 1 && (size_t) n == len) {
                        found = s;
                        found_len = len;
                }
        }
        if (!found)
                return 0;
        char path[PATH_MAX], buf[ATTR_READ_MAX];
        int prefix = (int) (found - scsi_syspath) + 1 + (int) found_len;
        if ((size_t) snprintf(path, sizeof(path), "%.*s/iscsi_session/%.*s/targetname", prefix, scsi_syspath,
                              (int) found_len, found + 1) >= sizeof(path))
                return -ENAMETOOLONG;
        const char *iqn = read_attr(AT_FDCWD, path, buf, sizeof(buf));
        if (iqn && *iqn)
                return disk_strdup(&d->iscsi_target, iqn);
        return 0;
}

static int devnode_from(const char *devname, const char *sysname, char **ret) {
        char buf[PATH_MAX];
        if (devname && strncmp(devname, "/dev/", 5) == 0)
                return disk_strdup(ret, devname);
        if ((size_t) snprintf(buf, sizeof(buf), "/dev/%s", devname && *devname ? devname : sysname) >= sizeof(buf))
                return -ENAMETOOLONG;
        return disk_strdup(ret, buf);
}

int disk_read_sysfs(const char *syspath, DiskPropertyFn get, void *userdata, DiskInfo *ret, DiskIds *ids) {
        DiskInfo d = {};
        char disk_syspath[PATH_MAX], buf[ATTR_READ_MAX];
        int r;

        _cleanup_close_ int fd = open(syspath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -ENODEV;
        _cleanup_close_ int diskfd = -EBADF;
        const char *devtype = get(userdata, PROPERTY_OF_DEVICE, "DEVTYPE");
        bool partition = devtype && strcmp(devtype, "partition") == 0;
        if (ids)
                *ids = (DiskIds) {};
        if (ids) {
                const char *maj = get(userdata, PROPERTY_OF_DEVICE, "MAJOR"),
                           *min = get(userdata, PROPERTY_OF_DEVICE, "MINOR");
                if (maj && min)
                        snprintf(ids->device, sizeof(ids->device), "b%s:%s", maj, min);
                snprintf(ids->device_sysname, sizeof(ids->device_sysname), "%s", path_basename(syspath));
        }
        if (partition) {
                /* The disk is the partition's parent directory. */
                if (sysfs_join(syspath, "..", disk_syspath, sizeof(disk_syspath)) < 0)
                        return -ENODEV;
                diskfd = open(disk_syspath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (diskfd < 0)
                        return -ENODEV;
                const char *num = read_attr(fd, "partition", buf, sizeof(buf));
                if (!num)
                        num = get(userdata, PROPERTY_OF_DEVICE, "PARTN");
                d.partition = num ? (unsigned) strtoul(num, NULL, 10) : 0;
                if (!d.partition)
                        return -ENODEV;
                if (devnode_from(get(userdata, PROPERTY_OF_DEVICE, "DEVNAME"), path_basename(syspath),
                                 &d.partition_devnode) < 0)
                        goto oom;
                /* The disk's own node and id: its uevent file. */
                UdevDb uevent;
                entries_load(&uevent, diskfd, "uevent", ATTR_READ_MAX, true);
                r = devnode_from(udev_db_get(&uevent, "DEVNAME"), path_basename(disk_syspath), &d.devnode);
                if (ids) {
                        const char *maj = udev_db_get(&uevent, "MAJOR"), *min = udev_db_get(&uevent, "MINOR");
                        if (maj && min)
                                snprintf(ids->disk, sizeof(ids->disk), "b%s:%s", maj, min);
                }
                udev_db_done(&uevent);
                if (r < 0)
                        goto oom;
        } else {
                if ((size_t) snprintf(disk_syspath, sizeof(disk_syspath), "%s", syspath) >= sizeof(disk_syspath))
                        return -ENAMETOOLONG;
                if (devnode_from(get(userdata, PROPERTY_OF_DEVICE, "DEVNAME"), path_basename(syspath), &d.devnode) < 0)
                        goto oom;
                if (ids)
                        memcpy(ids->disk, ids->device, sizeof(ids->disk));
        }
        int dfd = partition ? diskfd : fd;
        if (disk_strdup(&d.sysname, path_basename(disk_syspath)) < 0 || disk_strdup(&d.syspath, disk_syspath) < 0)
                goto oom;

        const char *size = read_attr(dfd, "size", buf, sizeof(buf));
        if (size)
                d.size_bytes = strtoull(size, NULL, 10) * 512ULL;

        char first_path[PATH_MAX], scsi[PATH_MAX];
        r = read_multipath(dfd, get, userdata, !partition, &d, first_path, sizeof(first_path));
        if (r < 0)
                goto fail;
        /* A map's vendor, model, address and session are those of its first path. */
        if (scsi_parent(first_path[0] ? first_path : disk_syspath, scsi, sizeof(scsi))) {
                _cleanup_close_ int sfd = open(scsi, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                const char *hctl = path_basename(scsi);
                unsigned long long lun;
                d.is_scsi = true;
                snprintf(d.hctl, sizeof(d.hctl), "%.*s", (int) sizeof(d.hctl) - 1, hctl);
                if (sscanf(hctl, "%u:%u:%u:%llu", &d.host, &d.channel, &d.target, &lun) == 4)
                        d.lun = lun;
                const char *v = sfd >= 0 ? read_attr(sfd, "vendor", buf, sizeof(buf)) : NULL;
                snprintf(d.vendor_raw, sizeof(d.vendor_raw), "%s", v ? v : "");
                const char *m = sfd >= 0 ? read_attr(sfd, "model", buf, sizeof(buf)) : NULL;
                snprintf(d.model_raw, sizeof(d.model_raw), "%s", m ? m : "");

                /* As read_file_prefix() read them: up to VPD_READ_MAX bytes (read_at() keeps one for a NUL). */
                uint8_t pg83[VPD_READ_MAX + 1], pg80[VPD_READ_MAX + 1];
                ssize_t n83 = sfd >= 0 ? read_at(sfd, "vpd_pg83", pg83, sizeof(pg83)) : -ENOENT;
                ssize_t n80 = sfd >= 0 ? read_at(sfd, "vpd_pg80", pg80, sizeof(pg80)) : -ENOENT;
                if (d.is_multipath_map)
                        ; /* keyed by its WWID, read above */
                else if (n83 >= 0 || n80 >= 0)
                        d.has_serial = scsi_serial_from_vpd(n83 >= 0 ? pg83 : NULL, n83 >= 0 ? (size_t) n83 : 0,
                                                            n80 >= 0 ? pg80 : NULL, n80 >= 0 ? (size_t) n80 : 0,
                                                            d.vendor_raw, d.model_raw, &d.serial) == 0;
                else {
                        /* No VPD in sysfs (old kernel, odd HBA): scsi_id's answer in udev is
                         * the next best, and costs no I/O. */
                        const char *id = get(userdata, PROPERTY_OF_DISK, "ID_SERIAL");
                        if (id)
                                d.has_serial = scsi_serial_from_id_serial(id, &d.serial) == 0;
                        else
                                d.needs_inquiry = true;
                }
                r = read_iscsi_target(scsi, &d);
                if (r < 0)
                        goto fail;
        }
        disk_trim_copy(d.vendor, d.vendor_raw, sizeof(d.vendor));
        disk_trim_copy(d.model, d.model_raw, sizeof(d.model));

        const char *t = get(userdata, PROPERTY_OF_DEVICE, "ID_FS_TYPE"),
                   *l = get(userdata, PROPERTY_OF_DEVICE, "ID_FS_LABEL"),
                   *u = get(userdata, PROPERTY_OF_DEVICE, "ID_FS_USAGE");
        if (disk_strdup(&d.fs_type, t && *t ? t : NULL) < 0 || disk_strdup(&d.fs_label, l && *l ? l : NULL) < 0 ||
            disk_strdup(&d.fs_usage, u && *u ? u : NULL) < 0)
                goto oom;
        d.fs_known = true;

        *ret = d;
        return 0;
oom:
        r = -ENOMEM;
fail:
        disk_info_done(&d);
        return r;
}

/* udev's $DEVPATH names the event's device; an admin's argument may name another (or udev
 * may run the program on a device other than the event's, in a hand-written rule). */
static bool event_names(const char *arg) {
        const char *devpath = getenv("DEVPATH"), *devname = getenv("DEVNAME");
        if (!devpath || devpath[0] != '/' || !getenv("ACTION"))
                return false;
        if (devname && strcmp(arg, devname) == 0)
                return true;
        char sys[PATH_MAX];
        snprintf(sys, sizeof(sys), "/sys%s", devpath);
        return strcmp(arg, devpath) == 0 || strcmp(arg, sys) == 0 ||
               (!strchr(arg, '/') && strcmp(arg, path_basename(devpath)) == 0);
}

int disk_read_event(const char *arg, DiskInfo *ret, DiskIds *ids) {
        char syspath[PATH_MAX];
        int r;
        if (event_names(arg)) {
                char sys[PATH_MAX];
                snprintf(sys, sizeof(sys), "/sys%s", getenv("DEVPATH"));
                r = sysfs_join("/", sys, syspath, sizeof(syspath));
        } else
                r = sysfs_block_syspath(arg, syspath, sizeof(syspath));
        if (r < 0)
                return r;
        EventProperties p = { .in_event = in_udev_event(), .env_is_device = event_names(arg), .syspath = syspath };
        const char *subsystem_ok = NULL;
        if (!p.env_is_device) {
                /* Only block devices: the uevent of a non-block device has no DEVTYPE disk or
                 * partition. */
                subsystem_ok = event_properties_get(&p, PROPERTY_OF_DEVICE, "DEVTYPE");
                if (!subsystem_ok || (strcmp(subsystem_ok, "disk") != 0 && strcmp(subsystem_ok, "partition") != 0)) {
                        event_properties_done(&p);
                        return -ENOTBLK;
                }
        }
        r = disk_read_sysfs(syspath, event_properties_get, &p, ret, ids);
        event_properties_done(&p);
        return r;
}
