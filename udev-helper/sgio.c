/* SPDX-License-Identifier: MIT */
#include "sgio.h"

#include <errno.h>
#include <scsi/sg.h>
#include <string.h>
#include <sys/ioctl.h>

int sgio_inquiry(int fd, int evpd, uint8_t page, uint8_t *buf, size_t size, unsigned timeout_ms) {
        if (size > 255)
                size = 255;
        uint8_t cdb[6] = { 0x12, evpd ? 1 : 0, evpd ? page : 0, 0, (uint8_t) size, 0 };
        uint8_t sense[32];
        struct sg_io_hdr io = {
                .interface_id = 'S',
                .dxfer_direction = SG_DXFER_FROM_DEV,
                .cmd_len = sizeof(cdb),
                .mx_sb_len = sizeof(sense),
                .dxfer_len = (unsigned) size,
                .dxferp = buf,
                .cmdp = cdb,
                .sbp = sense,
                .timeout = timeout_ms,
        };
        memset(buf, 0, size);
        if (ioctl(fd, SG_IO, &io) < 0)
                return -errno;
        if ((io.info & SG_INFO_OK_MASK) != SG_INFO_OK)
                return -EIO;
        int got = (int) size - io.resid;
        return got < 0 ? 0 : got;
}
