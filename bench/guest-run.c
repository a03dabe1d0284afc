/* SPDX-License-Identifier: MIT */
/* Runs inside the benchmark guest (busybox has no time(1) and no sub-second clock):
 *
 *   guest-run calls ROUNDS ENVFILE -- NAME [env=FILE] CMD [ARG...] -- NAME ... ...
 *       Each round runs every command once, starting at a different command each round, so
 *       that noise from the shared host (other builds on the same cores) falls on all
 *       commands alike. Prints per command the median, 10th and 90th percentile wall time
 *       of fork+exec+wait, the median peak RSS (wait4's ru_maxrss) of the child, and the
 *       median, 10th and 90th percentile of its time over the first command's in each round.
 *       ENVFILE holds KEY=VALUE lines: the environment every command gets (udev's event),
 *       unless the command names its own with env=FILE (another disk's event).
 *
 *   guest-run coldplug RUNS RULEFILE DIR VARIANT... [-- GROUP TRIGGER-ARG... -- ...]
 *       Times `udevadm trigger --action=add` until `udevadm settle` returns, with DIR/
 *       VARIANT.rules installed as RULEFILE (udev's rules reloaded) or, for the variant
 *       "without", no RULEFILE; variants in turn, each run starting at another. With
 *       groups, every run times each group's trigger (`--action=add TRIGGER-ARG...`: one
 *       transport's disks) with every variant, the variants of one group back to back so
 *       that their ratio within a run sees the same load; lines say GROUP:VARIANT.
 *
 * Output lines start with "LAB " for the host to read from the serial console. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 16
#define MAX_ENV 256
#define MAX_GROUPS 8

typedef struct Cmd {
        const char *name;
        char **argv;
        char **envp;
        double *ms;
        long *rss_kib;
        int bad_status;
} Cmd;

static double now_ms(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One fork+exec+wait; returns the wait status, fills elapsed ms and the child's peak RSS. */
static int run(char **argv, char **envp, bool quiet, double *ms, long *rss_kib) {
        double t0 = now_ms();
        pid_t pid = fork();
        if (pid < 0)
                return -1;
        if (pid == 0) {
                if (quiet) {
                        int fd = open("/dev/null", O_WRONLY);
                        dup2(fd, 1);
                        dup2(fd, 2);
                }
                execve(argv[0], argv, envp);
                _exit(127);
        }
        int status;
        struct rusage ru;
        while (wait4(pid, &status, 0, &ru) < 0)
                if (errno != EINTR)
                        return -1;
        if (ms)
                *ms = now_ms() - t0;
        if (rss_kib)
                *rss_kib = ru.ru_maxrss;
        return status;
}

static int cmp_double(const void *a, const void *b) {
        double x = *(const double *) a, y = *(const double *) b;
        return x < y ? -1 : x > y;
}

static int cmp_long(const void *a, const void *b) {
        long x = *(const long *) a, y = *(const long *) b;
        return x < y ? -1 : x > y;
}

static char **read_env(const char *path) {
        char **env = calloc(MAX_ENV, sizeof(char *));
        char line[4096];
        size_t n = 0;
        FILE *f = fopen(path, "re");
        if (!f) {
                perror(path);
                exit(1);
        }
        while (n + 1 < MAX_ENV && fgets(line, sizeof(line), f)) {
                line[strcspn(line, "\n")] = '\0';
                if (strchr(line, '='))
                        env[n++] = strdup(line);
        }
        fclose(f);
        return env;
}

static int calls(int argc, char **argv) {
        if (argc < 4 || strcmp(argv[2], "--") != 0)
                return 2;
        int rounds = atoi(argv[0]);
        char **envp = read_env(argv[1]);
        Cmd cmds[MAX_CMDS];
        int n = 0;
        for (int i = 2; i < argc && n < MAX_CMDS; i++) {
                if (strcmp(argv[i], "--") != 0 || i + 2 >= argc)
                        continue;
                argv[i] = NULL; /* ends the previous command's argv */
                cmds[n] = (Cmd) { .name = argv[i + 1], .argv = argv + i + 2, .envp = envp,
                                  .ms = calloc(rounds, sizeof(double)), .rss_kib = calloc(rounds, sizeof(long)) };
                if (strncmp(argv[i + 2], "env=", 4) == 0 && i + 3 < argc) {
                        cmds[n].envp = read_env(argv[i + 2] + 4);
                        cmds[n].argv++;
                }
                n++;
        }
        for (int w = 0; w < 3; w++) /* warm the page cache and udev's db reads */
                for (int c = 0; c < n; c++)
                        run(cmds[c].argv, cmds[c].envp, true, NULL, NULL);
        for (int r = 0; r < rounds; r++)
                for (int k = 0; k < n; k++) {
                        Cmd *c = &cmds[(k + r) % n];
                        int st = run(c->argv, c->envp, true, &c->ms[r], &c->rss_kib[r]);
                        if (st != 0 && !c->bad_status)
                                c->bad_status = st;
                }
        /* Each command's time over the first command's in the same round: a ratio whose
         * spread shows the noise the medians' ratio hides. */
        double *ratio = calloc(n * (size_t) rounds, sizeof(double));
        for (int c = 0; c < n; c++) {
                for (int r = 0; r < rounds; r++)
                        ratio[c * rounds + r] = cmds[0].ms[r] > 0 ? cmds[c].ms[r] / cmds[0].ms[r] : 0;
                qsort(ratio + c * rounds, rounds, sizeof(double), cmp_double);
        }
        for (int c = 0; c < n; c++) {
                qsort(cmds[c].ms, rounds, sizeof(double), cmp_double);
                qsort(cmds[c].rss_kib, rounds, sizeof(long), cmp_long);
                const double *q = ratio + c * rounds;
                printf("LAB call %s median=%.3f p10=%.3f p90=%.3f rss_kib=%ld status=%d "
                       "ratio_median=%.3f ratio_p10=%.3f ratio_p90=%.3f\n", cmds[c].name,
                       cmds[c].ms[rounds / 2], cmds[c].ms[rounds / 10], cmds[c].ms[rounds * 9 / 10],
                       cmds[c].rss_kib[rounds / 2], cmds[c].bad_status,
                       q[rounds / 2], q[rounds / 10], q[rounds * 9 / 10]);
                fflush(stdout);
        }
        return 0;
}

/* Installs variant's rules file as RULEFILE ("without": none) and reloads udev's rules. */
static void set_rule(const char *rule, const char *dir, const char *variant) {
        (void) unlink(rule);
        if (strcmp(variant, "without") != 0) {
                char src[4096];
                snprintf(src, sizeof(src), "%s/%s.rules", dir, variant);
                char *cp[] = { "/bin/cp", src, (char *) rule, NULL };
                run(cp, NULL, false, NULL, NULL);
        }
        char *reload[] = { "/bin/udevadm", "control", "--reload", NULL };
        run(reload, NULL, false, NULL, NULL);
}

/* The CPU time udevd and everything it started (workers, the rule's programs) have used, in
 * µs: guest-bench-init starts udevd in its own cgroup.  Unlike the trigger-to-settle time it
 * leaves out the moments the guest waits idle, which on the instruction clock end on a timer
 * tick (the 4 ms steps of the coldplug times). -1 without the cgroup. */
static long long udevd_cpu_us(void) {
        FILE *f = fopen("/sys/fs/cgroup/udevd/cpu.stat", "re");
        long long us = -1;
        if (!f)
                return -1;
        if (fscanf(f, "usage_usec %lld", &us) != 1)
                us = -1;
        fclose(f);
        return us;
}

/* One timed trigger-to-settle with variant's rule; group NULL: every device, as at boot. */
static void coldplug_one(const char *rule, const char *dir, const char *variant, const char *group,
                         char **group_args, int n_args) {
        char *env[] = { "PATH=/usr/bin:/bin:/sbin", NULL };
        char *trigger[4 + 64] = { "/bin/udevadm", "trigger", "--action=add" };
        char *settle[] = { "/bin/udevadm", "settle", "--timeout=600", NULL };
        for (int a = 0; a < n_args && a < 64; a++)
                trigger[3 + a] = group_args[a];
        set_rule(rule, dir, variant);
        run(settle, env, false, NULL, NULL);
        if (getenv("BENCH_RESET")) {
                /* As at boot: no links, tags or database entries of an earlier variant for this
                 * run's events to take away first (removal a real coldplug never does). */
                char *remove[4 + 64] = { "/bin/udevadm", "trigger", "--action=remove" };
                for (int a = 0; a < n_args && a < 64; a++)
                        remove[3 + a] = group_args[a];
                run(remove, env, false, NULL, NULL);
                run(settle, env, false, NULL, NULL);
        }
        long long c0 = udevd_cpu_us();
        double t0 = now_ms();
        int s1 = run(trigger, env, false, NULL, NULL);
        int s2 = run(settle, env, false, NULL, NULL);
        double t1 = now_ms();
        long long c1 = udevd_cpu_us();
        printf("LAB coldplug %s%s%s ms=%.1f status=%d udevd_cpu_ms=%.3f\n", group ? group : "", group ? ":" : "",
               variant, t1 - t0, s1 ? s1 : s2, c0 >= 0 && c1 >= 0 ? (c1 - c0) / 1000.0 : -1.0);
        fflush(stdout);
}

static int coldplug(int argc, char **argv) {
        if (argc < 4)
                return 2;
        int runs = atoi(argv[0]);
        const char *rule = argv[1], *dir = argv[2];
        char **variants = argv + 3;
        int n = 0;
        while (3 + n < argc && strcmp(argv[3 + n], "--") != 0)
                n++;
        /* Groups: "-- NAME ARG..." each; the "--" become the ends of their argument lists. */
        char **group_args[MAX_GROUPS];
        int n_args[MAX_GROUPS], ng = 0;
        for (int i = 3 + n; i < argc && ng < MAX_GROUPS; i++) {
                if (strcmp(argv[i], "--") != 0 || i + 1 >= argc)
                        continue;
                argv[i] = NULL;
                group_args[ng] = argv + i + 1;
                n_args[ng] = 0;
                while (i + 2 + n_args[ng] < argc && strcmp(argv[i + 2 + n_args[ng]], "--") != 0)
                        n_args[ng]++;
                ng++;
        }
        if (n == 0)
                return 2;
        for (int i = 0; i < runs; i++) {
                if (ng == 0)
                        for (int k = 0; k < n; k++)
                                coldplug_one(rule, dir, variants[(i + k) % n], NULL, NULL, 0);
                for (int g = 0; g < ng; g++) {
                        int gi = (i + g) % ng;
                        for (int k = 0; k < n; k++)
                                coldplug_one(rule, dir, variants[(i + g + k) % n], group_args[gi][0],
                                             group_args[gi] + 1, n_args[gi]);
                }
        }
        return 0;
}

/* One run with the event's environment and output shown: what the timed runs print. */
static int show(int argc, char **argv) {
        if (argc < 2)
                return 2;
        int st = run(argv + 1, read_env(argv[0]), false, NULL, NULL);
        printf("LAB show-status %d\n", st);
        return 0;
}

int main(int argc, char **argv) {
        int r = 2;
        if (argc > 1 && strcmp(argv[1], "show") == 0)
                r = show(argc - 2, argv + 2);
        if (argc > 1 && strcmp(argv[1], "calls") == 0)
                r = calls(argc - 2, argv + 2);
        else if (argc > 1 && strcmp(argv[1], "coldplug") == 0)
                r = coldplug(argc - 2, argv + 2);
        if (r == 2)
                fprintf(stderr, "usage: guest-run calls ROUNDS ENVFILE -- NAME CMD... | coldplug RUNS RULEFILE DIR VARIANT... | show ENVFILE CMD...\n");
        return r;
}
