/* SPDX-License-Identifier: MIT */
/* Hyper-V (hv_storvsc) SCSI disks (disk-transport.h): the SCSI host sits below a VMBus
 * device named by its instance id, .../VMBUS:00/<instance>/hostH/targetH:0:T/H:0:T:L, whose
 * device_id attribute says which controller it is.  A disk whose serial names it is keyed by
 * that serial like any SCSI disk; one without is keyed as Azure's own rules name it
 * (66-azure-storage.rules: disk/azure/scsi1/lun0), by controller and LUN:
 * "azure-scsi1-lun0".  Azure keeps a data disk at the LUN the admin chose for as long as it
 * is attached, and a shared disk at the LUN chosen on each VM. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "disk-transport.h"
#include "ident-hyperv.h"
#include "macro.h"
#include "sysfs-read.h"

void hyperv_read(const char *scsi_syspath, DiskInfo *d) {
        char vmbus[PATH_MAX], buf[SYSFS_ATTR_MAX], name[sizeof(d->azure_name)];
        /* Every SCSI disk comes here: only a path through a VMBus (ACPI "VMBUS:00") costs a
         * read.  Component by component rather than strstr(), whose code costs more under
         * emulation than the walk. */
        const char *s = strchr(scsi_syspath, '/');
        while (s && strncmp(s, "/VMBUS:", 7) != 0)
                s = strchr(s + 1, '/');
        if (!s)
                return;
        /* <instance>/hostH/targetH:C:T/H:C:T:L */
        if (sysfs_join(scsi_syspath, "../../..", vmbus, sizeof(vmbus)) < 0)
                return;
        _cleanup_close_ int fd = open(vmbus, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return;
        const char *device_id = sysfs_read_attr(fd, "device_id", buf, sizeof(buf));
        if (!device_id)
                return;
        int role = hyperv_azure_name(device_id, d->lun, name, sizeof(name));
        if (role < 0 || role == HYPERV_DISK_OTHER)
                return;
        snprintf(d->azure_name, sizeof(d->azure_name), "%s", name);
        if (role != HYPERV_DISK_DATA || (d->has_serial && scsi_serial_uniqueness(&d->serial) == SERIAL_UNIQUE))
                return;
        /* "scsi1/lun0" as one path component. */
        char key[sizeof(name) + 8];
        snprintf(key, sizeof(key), "azure-%s", name);
        *strchr(key, '/') = '-';
        d->serial = (ScsiSerial) {};
        snprintf(d->serial.serial, sizeof(d->serial.serial), "%s", key);
        d->has_serial = true;
        d->needs_inquiry = false;
        d->keyed_by_transport = true;
        d->trust = IDENT_UNIQUE;
}
