/* SPDX-License-Identifier: MIT */
#pragma once

/* Bounded reads of sysfs files and lexical joins of sysfs paths: what every reader of a
 * device's directory uses.  No libudev, no disk I/O. */

#include <stdalign.h>
#include <stddef.h>
#include <sys/types.h>

/* vendor, model, size, dm/uuid, partition, uevent, targetname: far more than any holds. */
#define SYSFS_ATTR_MAX 4096

/* Reads up to size - 1 bytes of a sysfs attribute or a tmpfs file below dirfd (AT_FDCWD: a
 * path) in one read (both answer it whole) and NUL-terminates them; the length or a negative
 * errno.  Not for files on other filesystems, which may answer a read in parts. */
ssize_t sysfs_read_at(int dirfd, const char *name, void *buf, size_t size);

/* A text attribute as libudev gives it: trailing newlines removed, nothing else (SCSI vendor
 * and model keep their padding). NULL when absent or holding a NUL byte. */
const char *sysfs_read_attr(int dirfd, const char *name, char *buf, size_t size);

/* Joins a symlink's target to the directory holding the link and removes "." and ".."
 * components lexically (sysfs directories are canonical); 0 or -ENAMETOOLONG/-EINVAL. */
int sysfs_join(const char *dir, const char *target, char *buf, size_t size);

/* The target of the link dir/link, joined as sysfs_join() does. */
int sysfs_readlink_join(const char *dir, const char *link, char *buf, size_t size);

/* Resolves "sdb", "/dev/sdb", "/dev/disk/by-id/...", "/devices/..." or "/sys/devices/..."
 * to the block device's canonical sysfs directory, without libudev. */
int sysfs_block_syspath(const char *arg, char *buf, size_t size);

/* A directory's entries (".", ".." included) in the order readdir() gives them, through
 * getdents64 into a buffer of its own: opendir() would add an fstat, fdopendir() two fcntl
 * calls and both a 32 KiB allocation, on every event for directories that hold one entry. */
typedef struct DirNames {
        int fd;
        size_t pos, len;
        alignas(8) char buf[4096];
} DirNames;

/* Opens path below dirfd (AT_FDCWD: a path); 0 or a negative errno. */
int dir_names_open(DirNames *d, int dirfd, const char *path);
/* The next entry's name, valid until the next call; NULL at the end or on an error. */
const char *dir_names_next(DirNames *d);
void dir_names_close(DirNames *d);
