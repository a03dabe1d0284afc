/* SPDX-License-Identifier: MIT */
/* A stand-in daemon for the systemd lab. Installed under the names the example init
 * scripts start (tgtd, exampled, dkimproxy.in, ...). It forks and detaches unless told
 * --foreground, writes its pid file when given one (--pidfile X, --pidfile=X,
 * --pid-file X), counts SIGHUPs in /run/labd/<name>.reloads, and exits on SIGTERM.
 * Unknown options are ignored, as the scripts pass their daemons' real ones. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static volatile sig_atomic_t reloads, stop;

static void on_hup(int sig) {
        (void) sig;
        reloads++;
}

static void on_term(int sig) {
        (void) sig;
        stop = 1;
}

static void write_file(const char *path, long value) {
        char tmp[4096];
        snprintf(tmp, sizeof(tmp), "%s.tmp", path);
        FILE *f = fopen(tmp, "we");
        if (!f)
                return;
        fprintf(f, "%ld\n", value);
        fclose(f);
        rename(tmp, path);
}

int main(int argc, char **argv) {
        const char *pidfile = NULL, *name = strrchr(argv[0], '/');
        int foreground = 0;
        name = name ? name + 1 : argv[0];
        for (int i = 1; i < argc; i++) {
                if (!strncmp(argv[i], "--pidfile=", 10))
                        pidfile = argv[i] + 10;
                else if ((!strcmp(argv[i], "--pidfile") || !strcmp(argv[i], "--pid-file")) && i + 1 < argc)
                        pidfile = argv[++i];
                else if (!strcmp(argv[i], "--foreground"))
                        foreground = 1;
        }
        if (!foreground) {
                pid_t p = fork();
                if (p < 0)
                        return 1;
                if (p > 0)
                        _exit(0);
                setsid();
                p = fork();
                if (p < 0)
                        return 1;
                if (p > 0)
                        _exit(0);
                int fd = open("/dev/null", O_RDWR);
                if (fd >= 0) {
                        dup2(fd, 0);
                        dup2(fd, 1);
                        dup2(fd, 2);
                        if (fd > 2)
                                close(fd);
                }
        }
        mkdir("/run/labd", 0755);
        char counter[512];
        snprintf(counter, sizeof(counter), "/run/labd/%s.reloads", name);
        write_file(counter, 0);
        struct sigaction sa = { .sa_handler = on_hup };
        sigaction(SIGHUP, &sa, NULL);
        sa.sa_handler = on_term;
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        if (pidfile)
                write_file(pidfile, (long) getpid());
        long seen = 0;
        while (!stop) {
                pause();
                if (reloads != seen) {
                        seen = reloads;
                        write_file(counter, seen);
                }
        }
        if (pidfile)
                unlink(pidfile);
        return 0;
}
