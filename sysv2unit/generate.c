/* SPDX-License-Identifier: MIT */
/* Stage 4: a unit's lines from the facts, the headers and the target (generate.h). */
#include "generate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "relations.h"
#include "unit-name.h"

static int add_description(UnitPlan *p, const Script *s, const ServiceFacts *f) {
        const ScriptHeaders *h = &s->headers;
        char why[WHY_MAX];
        const char *desc = s->in->name;
        if (h->short_description.value && *h->short_description.value) {
                desc = h->short_description.value;
                reason_printf(why, sizeof(why), "Description: Short-Description (line %u)", h->short_description.line);
        } else if (h->description.value && *h->description.value) {
                desc = h->description.value;
                reason_printf(why, sizeof(why), "Description: '# description:' (line %u)", h->description.line);
        } else if (h->lsb_description.value && *h->lsb_description.value) {
                desc = h->lsb_description.value;
                reason_printf(why, sizeof(why), "Description: LSB Description (line %u)", h->lsb_description.line);
        } else
                reason_printf(why, sizeof(why), "Description: the script has none; its name");
        char full_desc[1200];
        if (f->instance)
                why_printf(full_desc, sizeof(full_desc), "%s (%s)", desc, f->instance);
        else
                why_printf(full_desc, sizeof(full_desc), "%s", desc);
        return plan_add(p, SECTION_UNIT, "Description", full_desc, why);
}

static int add_type(UnitPlan *p, const ServiceFacts *f) {
        char why[2 * WHY_MAX];
        int r;
        if (!f->is_daemon) {
                reason_printf(why, sizeof(why),
                         "Type: '%s' starts no process that stays (no daemon launcher, no background job, '%s' "
                         "kills nothing): a oneshot",
                         f->start->name, f->stop ? f->stop->name : "stop");
                if ((r = plan_add(p, SECTION_SERVICE, "Type", "oneshot", why)) < 0)
                        return r;
                return plan_add(p, SECTION_SERVICE, "RemainAfterExit", "yes",
                                "RemainAfterExit: a oneshot that set something up stays active until stopped");
        }
        reason_printf(why, sizeof(why), "Type: %s; the script returns once it has forked", f->daemon_why);
        if ((r = plan_add(p, SECTION_SERVICE, "Type", "forking", why)) < 0)
                return r;
        if (f->pidfile)
                return plan_add(p, SECTION_SERVICE, "PIDFile", f->pidfile, f->pidfile_why);
        reason_printf(why, sizeof(why),
                 "no pid file found%s%s: systemd guesses the main PID and the unit leaves "
                 "'active' when the daemon's processes are gone (no RemainAfterExit)",
                 f->pidfile_note[0] ? "; " : "", f->pidfile_note);
        return plan_add(p, SECTION_SERVICE, "GuessMainPID", "yes", why);
}

static int add_timeout(UnitPlan *p, const ServiceFacts *f) {
        if (!f->timeout_sec)
                return plan_add(p, SECTION_SERVICE, "TimeoutSec", "5min",
                                "TimeoutSec: as systemd-sysv-generator gave init scripts (systemd's 90 s is too short "
                                "for many a start or stop)");
        char value[32];
        why_printf(value, sizeof(value), "%us", f->timeout_sec);
        return plan_add(p, SECTION_SERVICE, "TimeoutSec", value, f->timeout_why);
}

static int add_exec(UnitPlan *p, const Script *s, const char *key, const Verb *v, const char *what) {
        char why[WHY_MAX], at[300];
        reason_printf(why, sizeof(why), "%s: case branch '%s)' (%s)%s", key, v->name, script_line(at, sizeof(at), v->file, v->line),
                 what);
        return plan_add_exec(p, key, s->in->script_path, v->name, why);
}

int generate_unit(const Script *s, const Target *t, const ServiceFacts *f, UnitPlan *p) {
        int r;
        char unit[300];
        *p = (UnitPlan) {};
        if ((r = unit_name_of_service(s->in->name, f->instance, unit, sizeof(unit))) < 0)
                return r;
        p->unit_name = strdup(unit);
        if (!p->unit_name)
                return -ENOMEM;

        /* [Unit] */
        if ((r = add_description(p, s, f)) < 0 ||
            (r = plan_add(p, SECTION_UNIT, "Documentation", "man:sysv2unit(8)", "Documentation: how this unit was made")) <
                    0 ||
            (r = plan_add(p, SECTION_UNIT, "SourcePath", s->in->script_path, "SourcePath: the script this unit runs")) <
                    0 ||
            (r = relations_add_dependencies(p, s, t)) < 0)
                goto fail;

        for (size_t i = 0; i < s->guards.n; i++) {
                const Guard *g = &s->guards.items[i];
                char why[WHY_MAX];
                reason_printf(why, sizeof(why), "%s: line %u: without it the script exits 0 doing nothing (test %s %s)",
                           g->condition, g->line, g->test, g->path);
                if ((r = plan_add(p, SECTION_UNIT, g->condition, g->path, why)) < 0)
                        goto fail;
        }

        /* [Service] */
        if ((r = add_type(p, f)) < 0 ||
            (r = plan_add(p, SECTION_SERVICE, "Environment", "SYSTEMCTL_SKIP_REDIRECT=1 _SYSTEMCTL_SKIP_REDIRECT=1",
                          "Environment: keeps /etc/init.d/functions and /lib/lsb/init-functions from handing the "
                          "script back to systemctl")) < 0 ||
            (r = add_timeout(p, f)) < 0 ||
            (f->lsb_exit_codes && (r = plan_add(p, SECTION_SERVICE, "SuccessExitStatus", "5 6", f->lsb_exit_why)) < 0) ||
            (r = add_exec(p, s, "ExecStart", f->start, "")) < 0)
                goto fail;
        if (f->stop && (r = add_exec(p, s, "ExecStop", f->stop, "")) < 0)
                goto fail;
        if (f->reload) {
                if (f->reload_real) {
                        if ((r = add_exec(p, s, "ExecReload", f->reload, " does work of its own")) < 0)
                                goto fail;
                } else if (f->reload->file) /* the framework's verb: its line is not the script's */
                        diag_warn(s->diags, 0, "'%s' (line %u of %s) is not a reload: %s; no ExecReload", f->reload->name,
                                  f->reload->line, f->reload->file, f->reload_why_not);
                else
                        diag_warn(s->diags, f->reload->line, "'%s' is not a reload: %s; no ExecReload", f->reload->name,
                                  f->reload_why_not);
        }

        /* [Install] */
        if ((r = relations_add_install(p, s, t, f->instance != NULL)) < 0)
                goto fail;
        return 0;
fail:
        plan_free(p);
        return r;
}

int generate_group_unit(const Script *s, const Target *t, UnitPlan *instances, size_t n, UnitPlan *p) {
        int r;
        char unit[300], why[WHY_MAX];
        *p = (UnitPlan) {};
        if ((r = unit_name_of_service(s->in->name, NULL, unit, sizeof(unit))) < 0)
                return r;
        if (!(p->unit_name = strdup(unit)))
                return -ENOMEM;
        /* The instances stop and restart with the group ("systemctl stop NAME"). */
        for (size_t i = 0; i < n; i++) {
                reason_printf(why, sizeof(why), "PartOf: one of the instances of %s, stopped and restarted with it", unit);
                if ((r = plan_add(&instances[i], SECTION_UNIT, "PartOf", unit, why)) < 0)
                        goto fail;
        }
        char desc[WHY_MAX];
        const ScriptHeaders *h = &s->headers;
        const char *d = h->short_description.value && *h->short_description.value ? h->short_description.value
                        : h->description.value && *h->description.value         ? h->description.value
                                                                                : s->in->name;
        why_printf(desc, sizeof(desc), "%s (all instances)", d);
        if ((r = plan_add(p, SECTION_UNIT, "Description", desc,
                          "Description: the script's, for the unit that groups its instances")) < 0 ||
            (r = plan_add(p, SECTION_UNIT, "Documentation", "man:sysv2unit(8)", "Documentation: how this unit was made")) <
                    0 ||
            (r = plan_add(p, SECTION_UNIT, "SourcePath", s->in->script_path,
                          "SourcePath: the script whose instances it groups")) < 0)
                goto fail;
        for (size_t i = 0; i < n; i++) {
                reason_printf(why, sizeof(why),
                           "Wants: the instance %s; this unit has the script's own name, so that "
                           "systemd-sysv-generator makes no unit of the script that would start them all again",
                           instances[i].unit_name);
                if ((r = plan_add(p, SECTION_UNIT, "Wants", instances[i].unit_name, why)) < 0)
                        goto fail;
        }
        if ((r = plan_add(p, SECTION_SERVICE, "Type", "oneshot", "Type: it only groups the instances; they run")) < 0 ||
            (r = plan_add(p, SECTION_SERVICE, "RemainAfterExit", "yes",
                          "RemainAfterExit: active while the group is started")) < 0 ||
            (r = plan_add(p, SECTION_SERVICE, "ExecStart", "/bin/true",
                          "ExecStart: nothing to run of its own (systemd needs a command)")) < 0 ||
            (r = relations_add_install(p, s, t, false)) < 0)
                goto fail;
        return 0;
fail:
        plan_free(p);
        return r;
}
