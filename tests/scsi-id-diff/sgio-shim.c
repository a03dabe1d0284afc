/* SPDX-License-Identifier: MIT */
/* LD_PRELOAD shim that plays a SCSI disk for /lib/udev/scsi_id: opening the path named by
 * SCSI_ID_SHIM_DEV gives a descriptor whose SG_IO INQUIRY commands are answered from files in
 * SCSI_ID_SHIM_DIR ("inquiry" for the standard data, "pg00", "pg80", "pg83" for the VPD
 * pages; a missing page file is an unsupported page, answered with ILLEGAL REQUEST as a disk
 * does).  Each file holds the device's whole reply; the shim sends at most what the command
 * allows, as the device would.
 *
 * sd block devices refuse the bsg (v4) header with EINVAL, which makes scsi_id fall back to
 * the sg v3 header; SCSI_ID_SHIM_SG4=1 answers v4 as well, so both of scsi_id's paths run.
 *
 * With SCSI_ID_SHIM_SERVER="R,W" the process becomes a fork server before scsi_id's main()
 * runs: for each ShimRequest read from descriptor R it forks a child that goes on into
 * scsi_id with that request's directory and stdout in DIR/out, waits for it and writes its
 * wait status to W.  Thousands of devices then cost thousands of forks, not of execs. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/bsg.h>
#include <scsi/sg.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sgio-shim.h"

#define SHIM_MAX_FDS 16
#define SHIM_REPLY_MAX 65536

/* SAM status and fixed-format sense for "invalid field in CDB". */
#define SAM_CHECK_CONDITION 0x02
#define DRIVER_SENSE_FLAG 0x08
static const uint8_t sense_illegal_request[18] = { 0x70, 0, 0x05, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x24 };

/* Descriptors handed out for the fake device; scsi_id opens it at most a few times. */
static int shim_fds[SHIM_MAX_FDS] = { -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 };

/* Set in a fork server's child: the request it serves. */
static const char *served_dir;
static int served_sg4 = -1;

static const char *shim_dir(void) {
        return served_dir ? served_dir : getenv("SCSI_ID_SHIM_DIR");
}

static bool shim_sg4(void) {
        return served_sg4 >= 0 ? served_sg4 > 0 : getenv("SCSI_ID_SHIM_SG4") != NULL;
}

static bool is_shim_path(const char *path) {
        const char *dev = getenv("SCSI_ID_SHIM_DEV");
        return dev && path && strcmp(dev, path) == 0;
}

static bool is_shim_fd(int fd) {
        for (size_t i = 0; i < SHIM_MAX_FDS; i++)
                if (fd >= 0 && shim_fds[i] == fd)
                        return true;
        return false;
}

static int remember_fd(int fd) {
        for (size_t i = 0; fd >= 0 && i < SHIM_MAX_FDS; i++)
                if (shim_fds[i] < 0) {
                        shim_fds[i] = fd;
                        return fd;
                }
        return fd;
}

typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);
typedef int (*ioctl_fn)(int, unsigned long, ...);
typedef int (*close_fn)(int);

/* The fake device is backed by /dev/null: a real descriptor, so fstat() and close() work. */
static int open_shim(void) {
        open_fn real = (open_fn) dlsym(RTLD_NEXT, "open64");
        return remember_fd(real("/dev/null", O_RDONLY | O_CLOEXEC));
}

static mode_t mode_arg(int flags, va_list ap) {
        return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t) va_arg(ap, int) : 0;
}

#define DEFINE_OPEN(name)                                                       \
        int name(const char *path, int flags, ...);                             \
        int name(const char *path, int flags, ...) {                            \
                va_list ap;                                                     \
                va_start(ap, flags);                                            \
                mode_t mode = mode_arg(flags, ap);                              \
                va_end(ap);                                                     \
                if (is_shim_path(path))                                         \
                        return open_shim();                                     \
                open_fn real = (open_fn) dlsym(RTLD_NEXT, #name);               \
                return real(path, flags, mode);                                 \
        }

#define DEFINE_OPENAT(name)                                                     \
        int name(int dirfd, const char *path, int flags, ...);                  \
        int name(int dirfd, const char *path, int flags, ...) {                 \
                va_list ap;                                                     \
                va_start(ap, flags);                                            \
                mode_t mode = mode_arg(flags, ap);                              \
                va_end(ap);                                                     \
                if (is_shim_path(path))                                         \
                        return open_shim();                                     \
                openat_fn real = (openat_fn) dlsym(RTLD_NEXT, #name);           \
                return real(dirfd, path, flags, mode);                          \
        }

DEFINE_OPEN(open)
DEFINE_OPEN(open64)
DEFINE_OPENAT(openat)
DEFINE_OPENAT(openat64)

int close(int fd) {
        for (size_t i = 0; i < SHIM_MAX_FDS; i++)
                if (fd >= 0 && shim_fds[i] == fd)
                        shim_fds[i] = -1;
        close_fn real = (close_fn) dlsym(RTLD_NEXT, "close");
        return real(fd);
}

/* Reads the reply the device gives for one INQUIRY; -ENOENT when it does not support it. */
static ssize_t load_reply(bool evpd, uint8_t page, uint8_t *buf, size_t size) {
        const char *dir = shim_dir();
        char path[PATH_MAX];

        if (!dir)
                return -ENOENT;
        if (evpd)
                snprintf(path, sizeof(path), "%s/pg%02x", dir, page);
        else if (page == 0)
                snprintf(path, sizeof(path), "%s/inquiry", dir);
        else
                return -ENOENT; /* a page code without EVPD is an invalid CDB */

        FILE *f = fopen(path, "re");
        if (!f)
                return -ENOENT;
        size_t n = fread(buf, 1, size, f);
        fclose(f);
        return (ssize_t) n;
}

typedef struct Answer {
        uint8_t status;          /* SAM status */
        uint8_t driver_status;
        size_t sense_len;
        size_t data_len;
} Answer;

/* Runs one CDB against the files: fills data (at most data_size bytes) and sense. */
static Answer run_cdb(const uint8_t *cdb, size_t cdb_len, uint8_t *data, size_t data_size, uint8_t *sense,
                      size_t sense_size) {
        static uint8_t reply[SHIM_REPLY_MAX];
        Answer a = { 0 };

        ssize_t n = -ENOENT;
        if (cdb_len >= 6 && cdb[0] == 0x12 && (cdb[1] & ~1) == 0)
                n = load_reply(cdb[1] & 1, cdb[2], reply, sizeof(reply));
        if (n < 0) {
                a.status = SAM_CHECK_CONDITION;
                a.driver_status = DRIVER_SENSE_FLAG;
                a.sense_len = sense_size < sizeof(sense_illegal_request) ? sense_size : sizeof(sense_illegal_request);
                memcpy(sense, sense_illegal_request, a.sense_len);
                return a;
        }
        size_t alloc = (size_t) cdb[3] << 8 | cdb[4];
        size_t len = (size_t) n;
        if (len > alloc)
                len = alloc;
        if (len > data_size)
                len = data_size;
        memcpy(data, reply, len);
        a.data_len = len;
        return a;
}

static int answer_v3(struct sg_io_hdr *h) {
        if (h->dxfer_direction != SG_DXFER_FROM_DEV || !h->cmdp || !h->dxferp) {
                errno = EINVAL;
                return -1;
        }
        Answer a = run_cdb(h->cmdp, h->cmd_len, h->dxferp, h->dxfer_len, h->sbp, h->sbp ? h->mx_sb_len : 0);
        h->status = a.status;
        h->masked_status = a.status >> 1;
        h->msg_status = 0;
        h->host_status = 0;
        h->driver_status = a.driver_status;
        h->sb_len_wr = (unsigned char) a.sense_len;
        h->resid = (int) (h->dxfer_len - a.data_len);
        h->duration = 0;
        h->info = a.status ? SG_INFO_CHECK : 0;
        return 0;
}

static int answer_v4(struct sg_io_v4 *h) {
        if (!shim_sg4() || h->protocol != BSG_PROTOCOL_SCSI ||
            h->subprotocol != BSG_SUB_PROTOCOL_SCSI_CMD || !h->request || !h->din_xferp) {
                errno = EINVAL;
                return -1;
        }
        Answer a = run_cdb((const uint8_t *) (uintptr_t) h->request, h->request_len,
                           (uint8_t *) (uintptr_t) h->din_xferp, h->din_xfer_len,
                           (uint8_t *) (uintptr_t) h->response, h->response ? h->max_response_len : 0);
        h->device_status = a.status;
        h->transport_status = 0;
        h->driver_status = a.driver_status;
        h->response_len = (uint32_t) a.sense_len;
        h->din_resid = (int32_t) (h->din_xfer_len - a.data_len);
        h->info = 0;
        return 0;
}

int ioctl(int fd, unsigned long request, ...);
int ioctl(int fd, unsigned long request, ...) {
        va_list ap;
        va_start(ap, request);
        void *arg = va_arg(ap, void *);
        va_end(ap);

        if (!is_shim_fd(fd)) {
                ioctl_fn real = (ioctl_fn) dlsym(RTLD_NEXT, "ioctl");
                return real(fd, request, arg);
        }
        if (request != SG_IO || !arg) {
                errno = ENOTTY;
                return -1;
        }
        /* Both headers start with a 32-bit guard: 'S' for sg v3, 'Q' for bsg v4. */
        int32_t guard;
        memcpy(&guard, arg, sizeof(guard));
        if (guard == 'S')
                return answer_v3(arg);
        if (guard == 'Q')
                return answer_v4(arg);
        errno = EINVAL;
        return -1;
}

static bool read_full(int fd, void *buf, size_t n) {
        uint8_t *p = buf;
        while (n > 0) {
                ssize_t k = read(fd, p, n);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0)
                        return false;
                p += k;
                n -= (size_t) k;
        }
        return true;
}

__attribute__((constructor)) static void shim_server(void) {
        static ShimRequest req;
        const char *spec = getenv("SCSI_ID_SHIM_SERVER");
        int rfd, wfd;

        if (!spec || sscanf(spec, "%d,%d", &rfd, &wfd) != 2)
                return;
        unsetenv("SCSI_ID_SHIM_SERVER");
        while (read_full(rfd, &req, sizeof(req))) {
                req.dir[sizeof(req.dir) - 1] = '\0';
                pid_t pid = fork();
                if (pid == 0) {
                        char out[sizeof(req.dir) + 8];
                        snprintf(out, sizeof(out), "%s/out", req.dir);
                        int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
                        if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
                                _exit(125);
                        close(fd);
                        close(rfd);
                        close(wfd);
                        served_dir = req.dir;
                        served_sg4 = req.sg4 != 0;
                        return; /* on into scsi_id's main() */
                }
                int status = -1;
                if (pid > 0)
                        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                                ;
                if (write(wfd, &status, sizeof(status)) != (ssize_t) sizeof(status))
                        break;
        }
        _exit(0);
}
