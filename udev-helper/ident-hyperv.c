/* SPDX-License-Identifier: MIT */
/* Azure's table (66-azure-storage.rules): device_id "?00000000-0000-*" is the OS disk,
 * "?00000000-0001-*" the resource disk; the controller ids f8b3781a..d-1e82-4818-a1c3-
 * 63d806ec15bb are scsi0..scsi3, where scsi0 (generation 2 VMs) holds the OS disk at LUN 0,
 * the resource disk at LUN 1 and the DVD at LUN 2. */
#include "ident-hyperv.h"

#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int put(char *buf, size_t size, int role, const char *name) {
        if ((size_t) snprintf(buf, size, "%s", name) >= size) {
                buf[0] = '\0';
                return -ENOBUFS;
        }
        return role;
}

/* fnmatch "?00000000-000N-*": any first character (the brace), then the fixed prefix. */
static bool matches_fixed(const char *device_id, const char *what) {
        return device_id[0] && strncmp(device_id + 1, what, strlen(what)) == 0;
}

int hyperv_azure_name(const char *device_id, uint64_t lun, char *buf, size_t size) {
        if (size > 0)
                buf[0] = '\0';
        if (!device_id)
                return HYPERV_DISK_OTHER;
        if (matches_fixed(device_id, "00000000-0000-"))
                return put(buf, size, HYPERV_DISK_ROOT, "root");
        if (matches_fixed(device_id, "00000000-0001-"))
                return put(buf, size, HYPERV_DISK_RESOURCE, "resource");
        static const char suffix[] = "-1e82-4818-a1c3-63d806ec15bb}";
        if (strlen(device_id) != 38 || strncmp(device_id, "{f8b3781", 8) != 0 || strcmp(device_id + 9, suffix) != 0)
                return HYPERV_DISK_OTHER;
        char c = device_id[8];
        if (c < 'a' || c > 'd')
                return HYPERV_DISK_OTHER;
        if (c == 'a' && lun == 0)
                return put(buf, size, HYPERV_DISK_ROOT, "root");
        if (c == 'a' && lun == 1)
                return put(buf, size, HYPERV_DISK_RESOURCE, "resource");
        if (c == 'a' && lun == 2)
                return HYPERV_DISK_CDROM;
        if ((size_t) snprintf(buf, size, "scsi%d/lun%" PRIu64, c - 'a', lun) >= size) {
                buf[0] = '\0';
                return -ENOBUFS;
        }
        return HYPERV_DISK_DATA;
}
