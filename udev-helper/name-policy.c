/* SPDX-License-Identifier: MIT */
#include "name-policy.h"

#include <string.h>

#include "macro.h"

/* Directories udev or the kernel populate, and fixed kernel or system nodes. */
static const char *const reserved_exact[] = {
        "disk",  "mapper", "block",  "char",     "bsg",       "bus",    "cpu",     "dri",    "input",
        "net",   "snd",    "pts",    "shm",      "mqueue",    "hugepages", "fd",   "raw",    "vfio",
        "dma_heap", "null", "zero",  "full",     "random",    "urandom", "console", "mem",   "kmem",
        "port",  "ptmx",   "tty",    "kmsg",     "log",       "initctl", "stdin",  "stdout", "stderr",
        "core",  "fuse",   "kvm",    "loop-control", "rfkill", "uinput", "uhid",   "hpet",   "nvram",
        "cuse",  "autofs", "btrfs-control", "mcelog", "snapshot", "vga_arbiter", "userfaultfd",
};

/* Kernel names: these prefixes, then letters and digits as the driver numbers them. */
static const char *const letter_prefixes[] = { "sd", "hd", "vd", "xvd" };
static const char *const digit_prefixes[] = {
        "sr", "sg", "st", "nst", "md", "loop", "ram", "nbd", "zram", "rbd", "dm-", "tty", "ttyS",
        "vcs", "vcsa", "rtc", "watchdog", "hidraw", "nvme", "mmcblk", "pmem", "fb", "nullb", "ng",
        "bsg", "sch", "ttyUSB", "ttyACM", "vhost", "tpm", "tpmrm", "drbd",
};

static bool all_alnum_lower(const char *s, size_t n) {
        for (size_t i = 0; i < n; i++)
                if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
                        return false;
        return true;
}

bool name_policy_reserved(const char *name) {
        const char *slash = strchr(name, '/');
        size_t n = slash ? (size_t) (slash - name) : strlen(name);

        for (size_t i = 0; i < ELEMENTSOF(reserved_exact); i++)
                if (strlen(reserved_exact[i]) == n && strncmp(name, reserved_exact[i], n) == 0)
                        return true;
        for (size_t i = 0; i < ELEMENTSOF(letter_prefixes); i++) {
                size_t p = strlen(letter_prefixes[i]);
                if (n > p && strncmp(name, letter_prefixes[i], p) == 0 && name[p] >= 'a' && name[p] <= 'z' &&
                    all_alnum_lower(name + p, n - p))
                        return true;
        }
        for (size_t i = 0; i < ELEMENTSOF(digit_prefixes); i++) {
                size_t p = strlen(digit_prefixes[i]);
                if (n > p && strncmp(name, digit_prefixes[i], p) == 0 && name[p] >= '0' && name[p] <= '9' &&
                    all_alnum_lower(name + p, n - p))
                        return true;
        }
        return false;
}
