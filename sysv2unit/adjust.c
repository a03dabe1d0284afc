/* SPDX-License-Identifier: MIT */
/* Stage 5: early boot, the one adjustment of a finished unit (adjust.h). */
#include "adjust.h"

#include <stdio.h>
#include <string.h>

#include "facts.h"

static bool header_has(const HeaderList *l, const char *name) {
        for (size_t i = 0; i < l->n; i++)
                if (!strcmp(l->items[i], name))
                        return true;
        return false;
}

/* Scripts of rcS (Default-Start: S) run before sysinit.target: like systemd's own early
 * units they do without default dependencies (which would order them after
 * sysinit.target, a cycle with WantedBy=sysinit.target). */
static int early_boot(const Target *t, const ScriptHeaders *h, UnitPlan *p, Diags *diags) {
        /* Also early: a unit that one of systemd's early units waits for (auditd:
         * systemd-update-utmp.service has After=auditd.service and runs before
         * sysinit.target, so auditd with default dependencies is a cycle). */
        const TargetUnit *waiter = NULL;
        char pattern[300];
        snprintf(pattern, sizeof(pattern), " %s ", p->unit_name);
        bool rcs = plan_has(p, "WantedBy", "sysinit.target");
        for (size_t i = 0; i < t->n_units && !waiter && !rcs; i++)
                if (t->units[i].early && !t->units[i].masked && !t->units[i].by_sysv2unit && t->units[i].early_after &&
                    strstr(t->units[i].early_after, pattern))
                        waiter = &t->units[i];
        if (!rcs && !waiter)
                return 0;
        char why_early[WHY_MAX];
        if (waiter)
                snprintf(why_early, sizeof(why_early),
                         "early boot: %s, which runs before sysinit.target, is ordered after it: no default "
                         "dependencies (they would make a cycle), ordered like systemd's own early units",
                         waiter->path);
        for (size_t i = 0; i < p->n_lines;) {
                UnitLine *l = &p->lines[i];
                bool order = !strcmp(l->key, "After");
                bool want = !strcmp(l->key, "Wants") || !strcmp(l->key, "Requires");
                if ((order || want) && !target_early_safe(t, l->value)) {
                        diag_warn(diags, 0, "early-boot unit: no %s=%s (it is ordered after sysinit.target; "
                                  "waiting for it would be an ordering cycle)", l->key, l->value);
                        plan_remove_line(p, i);
                        continue;
                }
                i++;
        }
        const char *why = waiter ? why_early
                                 : "early boot (started in rcS / sysinit.target): no default dependencies, ordered "
                                   "like systemd's own early units";
        int r = plan_add(p, SECTION_UNIT, "DefaultDependencies", "no", why);
        /* Local file systems first, whatever the header says (auditd writes /var/log/audit,
         * which may be a file system of its own), as systemd-sysv-generator ordered rcS
         * scripts; not for what itself provides $local_fs (it mounts them). */
        bool needs = header_has(&h->required_start, "$local_fs") || header_has(&h->should_start, "$local_fs") ||
                     header_has(&h->required_start, "$remote_fs") || header_has(&h->should_start, "$remote_fs");
        if (r >= 0 && !header_has(&h->provides, "$local_fs"))
                r = plan_add(p, SECTION_UNIT, "After", "local-fs.target",
                             needs ? "After: the script needs $local_fs; an early unit gets no default ordering"
                                   : "After: an early unit gets no default ordering, and a script may expect its "
                                     "files: local file systems first");
        if (r >= 0)
                r = plan_add(p, SECTION_UNIT, "Before", "sysinit.target", why);
        if (r >= 0)
                r = plan_add(p, SECTION_UNIT, "Conflicts", "shutdown.target", "Conflicts: stopped at shutdown, as "
                                                                               "default dependencies would");
        if (r >= 0)
                r = plan_add(p, SECTION_UNIT, "Before", "shutdown.target", "Before: stopped at shutdown, as default "
                                                                           "dependencies would");
        return r;
}

int adjust_for_target(const Target *t, const ScriptHeaders *h, UnitPlan *p, Diags *diags) {
        return early_boot(t, h, p, diags);
}
