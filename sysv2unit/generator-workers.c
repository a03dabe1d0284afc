/* SPDX-License-Identifier: MIT */
#include "generator-workers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "macro.h"
#include "strbuf.h"

/* ---- the records a worker sends: u32 lengths, then bytes ---- */

static void put_u32(StrBuf *b, uint32_t v) {
        strbuf_append(b, (const char *) &v, sizeof(v));
}

static void put_str(StrBuf *b, const char *s) {
        size_t n = s ? strlen(s) : 0;
        put_u32(b, (uint32_t) n);
        if (n)
                strbuf_append(b, s, n);
}

static void put_output(StrBuf *b, uint32_t index, int status, const GenOutput *o) {
        put_u32(b, index);
        put_u32(b, (uint32_t) status);
        put_u32(b, o->fallback);
        put_str(b, o->reason);
        put_u32(b, (uint32_t) o->n_units);
        for (size_t i = 0; i < o->n_units; i++) {
                put_str(b, o->units[i].name);
                put_str(b, o->units[i].text);
                put_str(b, o->units[i].summary);
        }
        put_u32(b, (uint32_t) o->n_aliases);
        for (size_t i = 0; i < o->n_aliases; i++)
                put_str(b, o->aliases[i]);
}

typedef struct Reader {
        const char *p, *end;
        bool bad;
} Reader;

static uint32_t get_u32(Reader *r) {
        uint32_t v = 0;
        if (r->bad || (size_t) (r->end - r->p) < sizeof(v)) {
                r->bad = true;
                return 0;
        }
        memcpy(&v, r->p, sizeof(v));
        r->p += sizeof(v);
        return v;
}

static char *get_str(Reader *r) {
        uint32_t n = get_u32(r);
        if (r->bad || (size_t) (r->end - r->p) < n) {
                r->bad = true;
                return NULL;
        }
        char *s = strndup(r->p, n);
        if (!s)
                r->bad = true;
        r->p += n;
        return s;
}

/* One record into results; false when the bytes end early (a worker that died). */
static bool get_output(Reader *r, size_t n, GenOutput *results, int *status, bool *done) {
        uint32_t index = get_u32(r);
        int st = (int) get_u32(r);
        GenOutput o = {};
        o.fallback = get_u32(r);
        _cleanup_free_ char *reason = get_str(r);
        if (reason)
                snprintf(o.reason, sizeof(o.reason), "%s", reason);
        uint32_t nu = get_u32(r);
        if (!r->bad && nu <= 1024 && (o.units = calloc(nu ? nu : 1, sizeof(GenUnit))))
                for (; o.n_units < nu && !r->bad; o.n_units++) {
                        o.units[o.n_units].name = get_str(r);
                        o.units[o.n_units].text = get_str(r);
                        o.units[o.n_units].summary = get_str(r);
                }
        else
                r->bad = true;
        uint32_t na = get_u32(r);
        if (!r->bad && na <= 1024 && (o.aliases = calloc(na ? na : 1, sizeof(char *))))
                for (; o.n_aliases < na && !r->bad; o.n_aliases++)
                        o.aliases[o.n_aliases] = get_str(r);
        else
                r->bad = true;
        if (r->bad || index >= n || done[index]) {
                gen_output_done(&o);
                r->bad = true;
                return false;
        }
        results[index] = o;
        status[index] = st;
        done[index] = true;
        return true;
}

static void worker(size_t n, unsigned workers, unsigned w, gen_convert_fn fn, void *userdata, int fd) {
        StrBuf b = {};
        for (size_t i = w; i < n; i += workers) {
                GenOutput o = {};
                int st = fn(userdata, i, &o);
                put_output(&b, (uint32_t) i, st, &o);
                gen_output_done(&o);
                if (b.error)
                        break; /* out of memory: the parent converts what is missing */
                /* Send as it goes: the pipe's buffer is small, the parent reads all. */
                for (size_t off = 0; off < b.n;) {
                        ssize_t k = write(fd, b.s + off, b.n - off);
                        if (k < 0 && errno == EINTR)
                                continue;
                        if (k <= 0)
                                _exit(1);
                        off += (size_t) k;
                }
                b.n = 0;
        }
        _exit(0);
}

int gen_run_workers(size_t n, unsigned workers, gen_convert_fn fn, void *userdata, GenOutput *results, int *status,
                    bool *done) {
        int fds[GEN_WORKERS_MAX];
        pid_t pids[GEN_WORKERS_MAX];
        StrBuf in[GEN_WORKERS_MAX] = {};
        unsigned started = 0;
        if (workers > GEN_WORKERS_MAX)
                workers = GEN_WORKERS_MAX;
        fflush(NULL);
        for (unsigned w = 0; w < workers; w++) {
                int p[2];
                if (pipe2(p, O_CLOEXEC) < 0)
                        break;
                pid_t pid = fork();
                if (pid < 0) {
                        close(p[0]);
                        close(p[1]);
                        break;
                }
                if (pid == 0) {
                        close(p[0]);
                        for (unsigned k = 0; k < started; k++)
                                close(fds[k]);
                        worker(n, workers, w, fn, userdata, p[1]);
                }
                close(p[1]);
                fds[started] = p[0];
                pids[started++] = pid;
        }
        if (started < workers) {
                /* A worker short: its share would be missing; let the caller do it all. */
                for (unsigned k = 0; k < started; k++) {
                        close(fds[k]);
                        (void) waitpid(pids[k], NULL, 0);
                }
                return -EAGAIN;
        }
        struct pollfd pfd[GEN_WORKERS_MAX];
        unsigned open_fds = started;
        for (unsigned k = 0; k < started; k++)
                pfd[k] = (struct pollfd) { .fd = fds[k], .events = POLLIN };
        while (open_fds > 0) {
                if (poll(pfd, started, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        break;
                }
                for (unsigned k = 0; k < started; k++) {
                        if (pfd[k].fd < 0 || !pfd[k].revents)
                                continue;
                        char buf[65536];
                        ssize_t got = read(pfd[k].fd, buf, sizeof(buf));
                        if (got < 0 && errno == EINTR)
                                continue;
                        if (got > 0) {
                                strbuf_append(&in[k], buf, (size_t) got);
                                continue;
                        }
                        close(pfd[k].fd);
                        pfd[k].fd = -1;
                        open_fds--;
                }
        }
        for (unsigned k = 0; k < started; k++) {
                if (pfd[k].fd >= 0)
                        close(pfd[k].fd);
                (void) waitpid(pids[k], NULL, 0);
                Reader r = { .p = in[k].s, .end = in[k].s ? in[k].s + in[k].n : NULL };
                while (!in[k].error && r.p && r.p < r.end && get_output(&r, n, results, status, done))
                        ;
                strbuf_free(&in[k]);
        }
        return 0;
}
