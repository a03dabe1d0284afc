/* SPDX-License-Identifier: MIT */
/* iSCSI: the session a SCSI device sits below, found in its sysfs path (disk-transport.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "disk-transport.h"
#include "sysfs-read.h"

int iscsi_read_target(const char *scsi_syspath, DiskInfo *d) {
        /* The innermost /sessionN/ component of the path. */
        const char *found = NULL;
        size_t found_len = 0;
        /* Component by component (strchr) rather than strstr(): every SCSI disk's event comes
         * here, and under emulation strstr()'s code costs more than this walk. */
        for (const char *s = strchr(scsi_syspath, '/'); s; s = strchr(s + 1, '/')) {
                if (strncmp(s, "/session", 8) != 0)
                        continue;
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
        char path[PATH_MAX], buf[SYSFS_ATTR_MAX];
        int prefix = (int) (found - scsi_syspath) + 1 + (int) found_len;
        if ((size_t) snprintf(path, sizeof(path), "%.*s/iscsi_session/%.*s/targetname", prefix, scsi_syspath,
                              (int) found_len, found + 1) >= sizeof(path))
                return -ENAMETOOLONG;
        const char *iqn = sysfs_read_attr(AT_FDCWD, path, buf, sizeof(buf));
        if (iqn && *iqn)
                return disk_strdup(&d->iscsi_target, iqn);
        return 0;
}
