/* SPDX-License-Identifier: MIT */
#include "survey.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "disk-probe.h"
#include "fileio.h"
#include "macro.h"

static bool identity_under(const DiskInfo *d, const DiskClass *k, char *buf, size_t size) {
        /* A path of a map presents the map's WWID: it is the map, not another disk; a
         * partition presents its disk's. */
        if (d->multipath_member || d->partition)
                return false;
        return disk_identity(d, k->identify_by == IDENTIFY_BY_ISCSI, buf, size) == 0;
}

void survey_find_others(const Survey *s, size_t i, const DiskClass *k, const char *claim, Others *ret) {
        char mine[BINDING_ID_MAX + 1], theirs[BINDING_ID_MAX + 1];
        bool by_identity = k && k->name_from == NAME_FROM_BINDING && identity_under(&s->disks[i], k, mine, sizeof(mine));
        *ret = (Others) {};
        for (size_t j = 0; j < s->n; j++) {
                if (i == j)
                        continue;
                if (!ret->same_identity && by_identity && identity_under(&s->disks[j], k, theirs, sizeof(theirs)) &&
                    strcmp(mine, theirs) == 0)
                        ret->same_identity = s->disks[j].sysname;
                const char *w = s->verdicts[j].claim;
                if (!ret->same_name && claim && w && strcmp(claim, w) == 0)
                        ret->same_name = path_basename(disk_node(&s->disks[j]));
        }
}

int survey_run(Context *c, Survey *ret) {
        _cleanup_(survey_done) Survey s = {};
        s.udev = udev_new();
        if (!s.udev)
                return -ENOMEM;
        int r = disk_enumerate(s.udev, &s.disks, &s.n);
        if (r < 0)
                return r;
        s.verdicts = calloc(s.n ? s.n : 1, sizeof(Verdict));
        if (!s.verdicts)
                return -ENOMEM;
        /* Claim every disk, then check every disk against every other's claim. */
        for (size_t i = 0; i < s.n; i++) {
                r = decide_claim(&s.disks[i], &c->config, &c->bindings, NULL, &s.verdicts[i]);
                /* survey_done() (the cleanup of s) frees the verdicts: cppcheck does not
                 * model __attribute__((cleanup)). */
                if (r < 0)
                        return r; // cppcheck-suppress memleak
        }
        /* A partition is a device of its own only where its label names it (ASMLib on
         * partition 1); otherwise it follows its disk, as export does. */
        size_t kept = 0;
        for (size_t i = 0; i < s.n; i++) {
                const Verdict *v = &s.verdicts[i];
                if (s.disks[i].partition && !(v->class && v->class->name_from == NAME_FROM_LABEL && !v->binding)) {
                        verdict_done(&s.verdicts[i]);
                        disk_info_done(&s.disks[i]);
                        continue;
                }
                if (kept != i) {
                        s.disks[kept] = s.disks[i];
                        s.verdicts[kept] = s.verdicts[i];
                }
                kept++;
        }
        s.n = kept;
        Others *others = calloc(s.n ? s.n : 1, sizeof(Others));
        if (!others)
                return -ENOMEM;
        for (size_t i = 0; i < s.n; i++)
                survey_find_others(&s, i, s.verdicts[i].class, s.verdicts[i].claim, &others[i]);
        for (size_t i = 0; i < s.n && r >= 0; i++)
                r = decide_check(&s.disks[i], &c->bindings, &others[i], &s.verdicts[i]);
        free(others);
        if (r < 0)
                return r;
        *ret = s;
        s = (Survey) {};
        return 0;
}

void survey_done(Survey *s) {
        for (size_t i = 0; s->verdicts && i < s->n; i++)
                verdict_done(&s->verdicts[i]);
        free(s->verdicts);
        disk_list_free(s->disks, s->n);
        if (s->udev)
                udev_unref(s->udev);
        *s = (Survey) {};
}

int survey_find_wwid(const Survey *s, const char *arg, size_t *ret) {
        char want[BINDING_ID_MAX + 1];
        if (strncasecmp(arg, "naa.", 4) == 0)
                arg += 4;
        size_t n = strlen(arg);
        if (n < 16 || n >= sizeof(want))
                return -ENOENT;
        for (size_t i = 0; i <= n; i++) {
                char c = (char) tolower((unsigned char) arg[i]);
                if (c && !isxdigit((unsigned char) c))
                        return -ENOENT;
                want[i] = c;
        }
        size_t found = SIZE_MAX;
        for (size_t i = 0; i < s->n; i++) {
                const DiskInfo *d = &s->disks[i];
                if (d->partition || d->multipath_member || !d->has_serial)
                        continue;
                const char *serial = d->serial.serial;
                /* With the NAA type digit ("3") or without it. */
                if (strcasecmp(serial, want) != 0 && !(serial[0] == '3' && strcasecmp(serial + 1, want) == 0))
                        continue;
                if (found != SIZE_MAX)
                        return -ENOTUNIQ;
                found = i;
        }
        if (found == SIZE_MAX)
                return -ENOENT;
        *ret = found;
        return 0;
}
