/* SPDX-License-Identifier: MIT */
/* NVMe namespaces (disk-transport.h).  A namespace sits below its controller
 * (/sys/devices/pci.../nvme/nvmeX/nvmeXnY; NVMe over fabrics: /sys/devices/virtual/
 * nvme-fabrics/ctl/nvmeX/nvmeXnY) or, with native multipath, below its subsystem
 * (/sys/devices/virtual/nvme-subsystem/nvme-subsysN/nvmeXnY), whose paths through each
 * controller are hidden disks nvmeXcYnZ without a device number.  Model and serial are the
 * parent's (a subsystem shows those of its controllers), wwid and nsid the namespace's: all
 * cached by the kernel when it scanned the namespace; nothing here asks the device. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "disk-transport.h"
#include "fileio.h"
#include "ident-nvme.h"
#include "macro.h"
#include "sysfs-read.h"

/* "nvme<subsystem>n<namespace>" (a namespace or a multipath head), or with path set
 * "nvme<subsystem>c<controller>n<namespace>" (one path of a head). */
static bool parse_name(const char *name, unsigned *subsys, unsigned *nsid, bool *path) {
        unsigned ctrl;
        int n = 0;
        if (sscanf(name, "nvme%un%u%n", subsys, nsid, &n) == 2 && !name[n]) {
                *path = false;
                return true;
        }
        n = 0;
        if (sscanf(name, "nvme%uc%un%u%n", subsys, &ctrl, nsid, &n) == 3 && !name[n]) {
                *path = true;
                return true;
        }
        return false;
}

bool nvme_disk(const char *disk_syspath) {
        unsigned s, n;
        bool path;
        return parse_name(path_basename(disk_syspath), &s, &n, &path);
}

int nvme_read(int diskfd, const char *disk_syspath, DiskInfo *d) {
        unsigned subsys, nsid;
        bool path;
        if (!parse_name(path_basename(disk_syspath), &subsys, &nsid, &path))
                return 0;
        d->transport = DISK_TRANSPORT_NVME;
        if (path) {
                /* Never named: the head nvme<subsystem>n<namespace> stands for every path. */
                char head[64];
                snprintf(head, sizeof(head), "nvme%un%u", subsys, nsid);
                d->multipath_member = true;
                return disk_strdup(&d->multipath_map, head);
        }

        char parent[PATH_MAX];
        if (sysfs_join(disk_syspath, "..", parent, sizeof(parent)) < 0)
                return 0;
        _cleanup_close_ int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        char model[SYSFS_ATTR_MAX], serial[SYSFS_ATTR_MAX], wwid[SYSFS_ATTR_MAX], ns[SYSFS_ATTR_MAX],
                transport[SYSFS_ATTR_MAX];
        NvmeAttrs a = {
                .model = pfd >= 0 ? sysfs_read_attr(pfd, "model", model, sizeof(model)) : NULL,
                .serial = pfd >= 0 ? sysfs_read_attr(pfd, "serial", serial, sizeof(serial)) : NULL,
                .wwid = sysfs_read_attr(diskfd, "wwid", wwid, sizeof(wwid)),
                .nsid = sysfs_read_attr(diskfd, "nsid", ns, sizeof(ns)),
        };
        /* A controller says how it is reached; a subsystem (multipath head) has no such
         * attribute: its paths may differ. */
        const char *t = pfd >= 0 ? sysfs_read_attr(pfd, "transport", transport, sizeof(transport)) : NULL;
        snprintf(d->nvme_transport, sizeof(d->nvme_transport), "%s", t ? t : "multipath");

        NvmeIdent id;
        nvme_ident_from_attrs(&a, &id);
        snprintf(d->model_raw, sizeof(d->model_raw), "%s", id.model);
        snprintf(d->udev_serial, sizeof(d->udev_serial), "%s", id.serial);
        snprintf(d->wwid, sizeof(d->wwid), "%s", id.wwn);
        d->trust = id.trust;
        d->trust_why = id.why;
        d->keyed_by_transport = true;
        if (id.trust == IDENT_UNIQUE) {
                snprintf(d->serial.serial, sizeof(d->serial.serial), "%s", id.key);
                snprintf(d->serial.serial_short, sizeof(d->serial.serial_short), "%s", id.serial);
                d->has_serial = true;
        }
        return 0;
}
