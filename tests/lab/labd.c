/* SPDX-License-Identifier: MIT */
/* A stand-in daemon for the systemd lab. Installed under the names the example init
 * scripts start (tgtd, exampled, dkimproxy.in, ...). It forks and detaches unless told
 * --foreground, writes its pid file when given one (--pidfile X, --pidfile=X,
 * --pid-file X), counts SIGHUPs in /run/labd/<name>.reloads, and exits on SIGTERM.
 * --single-fork detaches the way daemon(3) and squid do (one fork, setsid, the child is
 * the daemon) instead of the classic double fork, whose short-lived middle process a
 * Type=forking unit without PIDFile= can take for the main process (systemd guesses the
 * main PID when the start script exits; the middle process may not have exited yet).
 * -k shutdown / -k reconfigure (squid's way of talking to the running daemon) send SIGTERM
 * / SIGHUP to the running daemons of the same name and exit, 1 when none runs.
 * Unknown options are ignored, as the scripts pass their daemons' real ones. */
#include <errno.h>
#include <dirent.h>
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

/* Signals every other labd running as `name`; returns how many it reached. The init
 * script that calls us has the same name, but bash's executable: it is left alone. */
static int signal_by_name(const char *name, int sig) {
        char self[4096], exe[4096];
        ssize_t k = readlink("/proc/self/exe", self, sizeof(self) - 1);
        DIR *d = opendir("/proc");
        struct dirent *de;
        int n = 0;
        if (k <= 0 || !d) {
                if (d)
                        closedir(d);
                return 0;
        }
        self[k] = 0;
        while ((de = readdir(d))) {
                char path[300], comm[64] = "";
                long pid = strtol(de->d_name, NULL, 10);
                if (pid <= 0 || pid == (long) getpid())
                        continue;
                snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
                FILE *f = fopen(path, "re");
                if (!f)
                        continue;
                if (fgets(comm, sizeof(comm), f))
                        comm[strcspn(comm, "\n")] = 0;
                fclose(f);
                snprintf(path, sizeof(path), "/proc/%ld/exe", pid);
                k = readlink(path, exe, sizeof(exe) - 1);
                if (k <= 0)
                        continue;
                exe[k] = 0;
                if (strcmp(exe, self) == 0 && strncmp(comm, name, 15) == 0 && kill((pid_t) pid, sig) == 0)
                        n++;
        }
        closedir(d);
        return n;
}

int main(int argc, char **argv) {
        const char *pidfile = NULL, *name = strrchr(argv[0], '/');
        int foreground = 0, single_fork = 0;
        name = name ? name + 1 : argv[0];
        for (int i = 1; i < argc; i++) {
                if (!strncmp(argv[i], "--pidfile=", 10))
                        pidfile = argv[i] + 10;
                else if ((!strcmp(argv[i], "--pidfile") || !strcmp(argv[i], "--pid-file")) && i + 1 < argc)
                        pidfile = argv[++i];
                else if (!strcmp(argv[i], "--foreground"))
                        foreground = 1;
                else if (!strcmp(argv[i], "--single-fork"))
                        single_fork = 1;
                else if (!strcmp(argv[i], "-k") && i + 1 < argc) {
                        int sig = !strcmp(argv[i + 1], "shutdown") ? SIGTERM :
                                  !strcmp(argv[i + 1], "reconfigure") ? SIGHUP : 0;
                        return sig && signal_by_name(name, sig) > 0 ? 0 : 1;
                }
        }
        if (!foreground) {
                pid_t p = fork();
                if (p < 0)
                        return 1;
                if (p > 0)
                        _exit(0);
                setsid();
                p = single_fork ? 0 : fork();
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
