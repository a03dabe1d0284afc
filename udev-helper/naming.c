/* SPDX-License-Identifier: MIT */
#include "naming.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

bool name_char_ok(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
               (c != '\0' && strchr("._+-:=@#", c));
}

int name_validate(const char *name) {
        size_t n = strlen(name);
        if (n == 0 || n > NAME_MAX_LENGTH || name[0] == '/' || name[n - 1] == '/')
                return -EINVAL;
        const char *component = name;
        for (const char *p = name;; p++) {
                if (*p == '/' || *p == '\0') {
                        size_t len = (size_t) (p - component);
                        if (len == 0 || (len == 1 && component[0] == '.') ||
                            (len == 2 && component[0] == '.' && component[1] == '.'))
                                return -EINVAL;
                        if (*p == '\0')
                                break;
                        component = p + 1;
                        continue;
                }
                if (!name_char_ok(*p))
                        return -EINVAL;
        }
        return 0;
}

/* Finds the one integer conversion; returns its offset and length through ret_*. */
static int pattern_scan(const char *pattern, size_t *ret_at, size_t *ret_len) {
        size_t found = 0, at = 0, len = 0;
        for (size_t i = 0; pattern[i]; i++) {
                if (pattern[i] != '%')
                        continue;
                if (pattern[i + 1] == '%') {
                        i++;
                        continue;
                }
                size_t j = i + 1;
                if (pattern[j] == '0')
                        j++;
                size_t digits = 0;
                while (pattern[j] >= '0' && pattern[j] <= '9' && digits < 2) {
                        j++;
                        digits++;
                }
                if (pattern[j] != 'd')
                        return -EINVAL;
                found++;
                at = i;
                len = j + 1 - i;
                i = j;
        }
        if (found != 1)
                return -EINVAL;
        *ret_at = at;
        *ret_len = len;
        return 0;
}

int name_pattern_format(const char *pattern, unsigned index, char **ret) {
        size_t at, len;
        int r = pattern_scan(pattern, &at, &len);
        if (r < 0)
                return r;

        char conversion[8];
        if (len >= sizeof(conversion))
                return -EINVAL;
        memcpy(conversion, pattern + at, len);
        conversion[len] = '\0';
        char number[32];
        /* The conversion was checked to be %[0][N]d above. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        snprintf(number, sizeof(number), conversion, (int) index);
#pragma GCC diagnostic pop

        size_t n = strlen(pattern) + strlen(number) + 1;
        _cleanup_free_ char *out = malloc(n);
        if (!out)
                return -ENOMEM;
        size_t o = 0;
        for (size_t i = 0; pattern[i];) {
                if (i == at) {
                        memcpy(out + o, number, strlen(number));
                        o += strlen(number);
                        i += len;
                } else if (pattern[i] == '%' && pattern[i + 1] == '%') {
                        out[o++] = '%';
                        i += 2;
                } else
                        out[o++] = pattern[i++];
        }
        out[o] = '\0';
        r = name_validate(out);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(out);
        return 0;
}

int name_allocate(const char *pattern, const char *const *used, size_t n_used, char **ret) {
        for (unsigned i = 1; i <= NAME_INDEX_MAX; i++) {
                _cleanup_free_ char *candidate = NULL;
                int r = name_pattern_format(pattern, i, &candidate);
                if (r < 0)
                        return r;
                bool taken = false;
                for (size_t k = 0; k < n_used && !taken; k++)
                        taken = used[k] && strcmp(used[k], candidate) == 0;
                if (!taken) {
                        *ret = TAKE_PTR(candidate);
                        return 0;
                }
        }
        return -ENOSPC;
}

/* Directories below /dev that udev, the kernel or systemd fill.  A name below one of them
 * would shadow or be shadowed by a link somebody else manages. */
static const char *const reserved_dirs[] = {
        "block", "bsg",   "bus",   "char",   "cpu",   "disk",  "dma_heap", "dri",  "fd",    "hugepages",
        "input", "mapper", "md",   "mqueue", "net",   "pts",   "raw",      "shm",  "snd",   "serial",
        "usb",   "vfio",  "v4l",   "xen",    "nvme-fabrics",
};

/* Kernel device names: a fixed word, or a stem followed by what the kernel appends (digits
 * and, for disks, letters and partition numbers). */
static const char *const reserved_words[] = {
        "console", "core",  "cdrom", "full", "fuse",   "initctl", "kmsg",   "kvm",    "log",
        "loop-control", "mem", "null", "port", "ptmx", "random", "rfkill", "stderr", "stdin", "stdout",
        "tty",     "urandom", "userfaultfd", "zero", "btrfs-control", "mcelog", "hpet", "nvram",
        "autofs",  "cuse",  "uinput", "uhid", "vhost-net", "vhost-vsock", "vsock", "watchdog",
        "kmem", "snapshot", "vga_arbiter",
};

/* Disk stems followed by up to four letters, then a partition number (sdb, sdb1, sdaa12);
 * other stems by a number and what the kernel composes from it. */
static const char *const reserved_letter_stems[] = { "sd", "hd", "vd", "xvd" };
static const char *const reserved_number_stems[] = {
        "dm-", "md", "sr", "st", "nst", "loop", "nbd", "ram", "zram", "sg", "bsg", "nvme", "mmcblk", "rbd", "drbd", "tty",
        "ttyS", "pts", "vcs", "vcsa", "hidraw", "rtc", "watchdog", "i2c-", "mtd", "ubi", "pmem", "nullb",
        "cpu", "sch", "ng", "dax", "tpm", "tpmrm", "fb", "event", "mouse", "js", "usbmon", "vhost-",
};

static bool all_of(const char *s, size_t n, const char *set) {
        for (size_t i = 0; i < n; i++)
                if (!s[i] || !strchr(set, s[i]))
                        return false;
        return true;
}

static bool component_is_kernel_name(const char *s, size_t n) {
        for (size_t i = 0; i < ELEMENTSOF(reserved_words); i++)
                if (strlen(reserved_words[i]) == n && strncmp(s, reserved_words[i], n) == 0)
                        return true;
        for (size_t i = 0; i < ELEMENTSOF(reserved_letter_stems); i++) {
                size_t k = strlen(reserved_letter_stems[i]);
                if (n <= k || strncmp(s, reserved_letter_stems[i], k) != 0)
                        continue;
                size_t j = k;
                while (j < n && j < k + 4 && s[j] >= 'a' && s[j] <= 'z')
                        j++;
                if (j > k && all_of(s + j, n - j, "0123456789"))
                        return true;
        }
        for (size_t i = 0; i < ELEMENTSOF(reserved_number_stems); i++) {
                size_t k = strlen(reserved_number_stems[i]);
                /* nvme0n1p2, mmcblk0p1, md127, dm-3: a digit right after the stem, then
                 * anything the kernel composes from digits and a few letters. */
                if (n > k && strncmp(s, reserved_number_stems[i], k) == 0 && s[k] >= '0' && s[k] <= '9' &&
                    all_of(s + k, n - k, "0123456789cnpb"))
                        return true;
        }
        return false;
}

bool name_reserved(const char *name) {
        size_t n = strcspn(name, "/");
        if (n == 0)
                return true;
        for (size_t i = 0; i < ELEMENTSOF(reserved_dirs); i++)
                if (strlen(reserved_dirs[i]) == n && strncmp(name, reserved_dirs[i], n) == 0)
                        return true;
        if (n >= 3 && strncmp(name, "by-", 3) == 0)
                return true;
        return component_is_kernel_name(name, n);
}

size_t name_partition_link_stem(const char *name) {
        const char *dash = strrchr(name, '-');
        if (!dash || dash == name || strncmp(dash, "-part", 5) != 0 || !dash[5] ||
            strspn(dash + 5, "0123456789") != strlen(dash + 5))
                return 0;
        return (size_t) (dash - name);
}
