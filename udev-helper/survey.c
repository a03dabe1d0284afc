/* SPDX-License-Identifier: MIT */
#include "survey.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "disk-probe.h"
#include "macro.h"

static bool same_lun(const DiskInfo *a, const DiskInfo *b) {
        return a->has_serial && b->has_serial && strcmp(a->serial.serial, b->serial.serial) == 0;
}

/* What the event path learns from udev's tags and links, found here by comparing every
 * disk with every other: who shares the identity, who claims the same name. */
static void find_others(const Survey *s, size_t i, Others *ret) {
        const Verdict *v = &s->verdicts[i];
        *ret = (Others) {};
        for (size_t j = 0; j < s->n; j++) {
                const Verdict *w = &s->verdicts[j];
                if (i == j)
                        continue;
                if (!ret->same_identity && v->class && v->class->name_from == NAME_FROM_BINDING && v->has_identity &&
                    w->has_identity && strcmp(v->identity, w->identity) == 0)
                        ret->same_identity = s->disks[j].sysname;
                if (!ret->same_name && v->claim && w->claim && strcmp(v->claim, w->claim) == 0 &&
                    !same_lun(&s->disks[i], &s->disks[j]))
                        ret->same_name = s->disks[j].sysname;
        }
}

int survey_run(Context *c, Survey *ret) {
        _cleanup_(survey_done) Survey s = {};
        int r = disk_enumerate(c->udev, &s.disks, &s.n);
        if (r < 0)
                return r;
        s.verdicts = calloc(s.n ? s.n : 1, sizeof(Verdict));
        if (!s.verdicts) {
                disk_list_free(s.disks, s.n);
                s = (Survey) {};
                return -ENOMEM;
        }
        for (size_t i = 0; i < s.n; i++) {
                r = decide(&s.disks[i], &c->config, &c->bindings, NULL, NULL, &s.verdicts[i]);
                if (r < 0)
                        return r;
        }
        /* Second pass, on the first pass's claims: decide again for each disk that shares
         * an identity or a name, knowing with whom. */
        Others *others = calloc(s.n ? s.n : 1, sizeof(Others));
        if (!others)
                return -ENOMEM;
        for (size_t i = 0; i < s.n; i++)
                find_others(&s, i, &others[i]);
        for (size_t i = 0; i < s.n && r >= 0; i++) {
                if (!others[i].same_identity && !others[i].same_name)
                        continue;
                verdict_done(&s.verdicts[i]);
                r = decide(&s.disks[i], &c->config, &c->bindings, NULL, &others[i], &s.verdicts[i]);
        }
        free(others);
        if (r < 0)
                return r;
        *ret = s;
        s = (Survey) {};
        return 0;
}

void survey_done(Survey *s) {
        for (size_t i = 0; i < s->n; i++)
                verdict_done(&s->verdicts[i]);
        free(s->verdicts);
        disk_list_free(s->disks, s->n);
        *s = (Survey) {};
}
