/* SPDX-License-Identifier: MIT */
/* The pure half of DiskInfo: freeing, ordering and identity; no I/O. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disk.h"

void disk_info_done(DiskInfo *d) {
        free(d->sysname);
        free(d->devnode);
        free(d->syspath);
        free(d->partition_devnode);
        free(d->partition_syspath);
        free(d->iscsi_target);
        free(d->multipath_map);
        free(d->fs_type);
        free(d->fs_label);
        free(d->fs_usage);
        free(d->in_use_reason);
        for (size_t i = 0; i < d->n_partition_signatures; i++) {
                free(d->partition_signatures[i].sysname);
                free(d->partition_signatures[i].fs_type);
                free(d->partition_signatures[i].fs_usage);
        }
        free(d->partition_signatures);
        *d = (DiskInfo) {};
}

void disk_list_free(DiskInfo *list, size_t n) {
        for (size_t i = 0; i < n; i++)
                disk_info_done(&list[i]);
        free(list);
}

int hctl_compare(const DiskInfo *a, const DiskInfo *b) {
#define CMP(x, y) if ((x) != (y)) return (x) < (y) ? -1 : 1
        CMP(a->host, b->host);
        CMP(a->channel, b->channel);
        CMP(a->target, b->target);
        CMP(a->lun, b->lun);
        int r = strcmp(a->sysname, b->sysname);
        if (r != 0)
                return r;
        CMP(a->partition, b->partition); /* a disk, then its partitions */
#undef CMP
        return 0;
}

int disk_identity(const DiskInfo *d, bool by_iscsi, char *buf, size_t size) {
        int n;
        if (by_iscsi) {
                if (!d->iscsi_target)
                        return -ENODATA;
                n = snprintf(buf, size, "iscsi:%s:%" PRIu64, d->iscsi_target, d->lun);
        } else {
                if (!d->has_serial)
                        return -ENODATA;
                n = snprintf(buf, size, "%s", d->serial.serial);
        }
        return n < 0 || (size_t) n >= size ? -ENAMETOOLONG : 0;
}

int disk_strdup(char **field, const char *value) {
        if (!value) {
                *field = NULL;
                return 0;
        }
        *field = strdup(value);
        return *field ? 0 : -ENOMEM;
}

void disk_trim_copy(char *dst, const char *src, size_t size) {
        while (*src == ' ')
                src++;
        size_t n = strnlen(src, size - 1);
        while (n > 0 && (src[n - 1] == ' ' || src[n - 1] == '\t'))
                n--;
        memcpy(dst, src, n);
        dst[n] = '\0';
}
