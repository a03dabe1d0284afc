/* SPDX-License-Identifier: MIT */
/* For check: what the running udev does with each class's owner and group. An admin
 * command only (it runs udevadm --version); export never asks. */
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check-owners.h"
#include "owner-policy.h"

extern char **environ;

/* udevadm --version of the udev on this host; 0 when it cannot be told. */
static unsigned running_udev_version(void) {
        int fd[2];
        if (pipe2(fd, O_CLOEXEC) < 0)
                return 0;
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, fd[1], STDOUT_FILENO);
        posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
        char *argv[] = { (char *) "udevadm", (char *) "--version", NULL };
        pid_t pid;
        int r = posix_spawnp(&pid, "udevadm", &fa, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        close(fd[1]);
        char buf[32];
        ssize_t n = 0;
        if (r == 0) {
                n = read(fd[0], buf, sizeof(buf)); /* one short line: one read is enough */
                (void) waitpid(pid, NULL, 0);
        }
        close(fd[0]);
        unsigned v;
        return n > 0 && parse_udev_version(buf, (size_t) n, &v) == 0 ? v : 0;
}

static void one(const DiskClass *k, const char *what, const char *name, uint64_t id, unsigned version,
                unsigned *problems, unsigned *warnings) {
        switch (udev_owner_policy(version, id)) {
        case OWNER_ACCEPTED:
                return;
        case OWNER_REFUSED:
                fprintf(stderr, "udev-helper: [%s]: %s %s (%" PRIu64 ") is not a system account: udev %u does not "
                                "apply it, the node stays root; install 67-udev-helper-owner-run.rules\n",
                        k->name, what, name, id, version);
                (*problems)++;
                return;
        case OWNER_DEPRECATED:
                fprintf(stderr, "udev-helper: warning: [%s]: %s %s (%" PRIu64 ") is not a system account: udev %u "
                                "applies it but logs on every event that this is deprecated and will be removed; "
                                "67-udev-helper-owner-run.rules keeps the ownership when it is\n",
                        k->name, what, name, id, version);
                (*warnings)++;
                return;
        }
}

void check_owner_policy(const Context *c, unsigned *problems, unsigned *warnings) {
        unsigned version = running_udev_version();
        if (version == 0)
                return;
        for (size_t i = 0; i < c->config.n_classes; i++) {
                const DiskClass *k = &c->config.classes[i];
                /* An account that does not exist is reported by context_load() already. */
                const struct passwd *pw = k->owner ? getpwnam(k->owner) : NULL;
                if (pw)
                        one(k, "user", k->owner, pw->pw_uid, version, problems, warnings);
                const struct group *gr = k->group ? getgrnam(k->group) : NULL;
                if (gr)
                        one(k, "group", k->group, gr->gr_gid, version, problems, warnings);
        }
}
