/* SPDX-License-Identifier: MIT */
#include "survey.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "disk-probe.h"

int survey_run(Context *c, Survey *ret) {
        Survey s = {};
        int r = disk_enumerate(c->udev, &s.disks, &s.n);
        if (r < 0)
                return r;
        s.verdicts = calloc(s.n ? s.n : 1, sizeof(Verdict));
        if (!s.verdicts) {
                disk_list_free(s.disks, s.n);
                return -ENOMEM;
        }
        for (size_t i = 0; i < s.n; i++) {
                r = decide(&s.disks[i], &c->config, &c->bindings, NULL, &s.verdicts[i]);
                if (r < 0)
                        goto fail;
        }
        /* Second pass: a disk whose identity another disk shares gets the duplicate problem. */
        for (size_t i = 0; i < s.n; i++) {
                Verdict *v = &s.verdicts[i];
                if (!v->class || !v->has_identity || v->class->name_from != NAME_FROM_BINDING)
                        continue;
                for (size_t j = 0; j < s.n; j++) {
                        const Verdict *w = &s.verdicts[j];
                        if (i == j || !w->has_identity || strcmp(v->identity, w->identity) != 0)
                                continue;
                        verdict_done(v);
                        r = decide(&s.disks[i], &c->config, &c->bindings, s.disks[j].sysname, v);
                        if (r < 0)
                                goto fail;
                        break;
                }
        }
        *ret = s;
        return 0;
fail:
        survey_done(&s);
        return r;
}

void survey_done(Survey *s) {
        for (size_t i = 0; i < s->n; i++)
                verdict_done(&s->verdicts[i]);
        free(s->verdicts);
        disk_list_free(s->disks, s->n);
        *s = (Survey) {};
}
