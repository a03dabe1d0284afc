/* SPDX-License-Identifier: MIT */
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
                why_printf(why, sizeof(why), "Description: Short-Description (line %u)", h->short_description.line);
        } else if (h->description.value && *h->description.value) {
                desc = h->description.value;
                why_printf(why, sizeof(why), "Description: '# description:' (line %u)", h->description.line);
        } else if (h->lsb_description.value && *h->lsb_description.value) {
                desc = h->lsb_description.value;
                why_printf(why, sizeof(why), "Description: LSB Description (line %u)", h->lsb_description.line);
        } else
                why_printf(why, sizeof(why), "Description: the script has none; its name");
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
                why_printf(why, sizeof(why),
                         "Type: '%s' starts no process that stays (no daemon launcher, no background job, '%s' "
                         "kills nothing): a oneshot",
                         f->start->name, f->stop ? f->stop->name : "stop");
                if ((r = plan_add(p, SECTION_SERVICE, "Type", "oneshot", why)) < 0)
                        return r;
                return plan_add(p, SECTION_SERVICE, "RemainAfterExit", "yes",
                                "RemainAfterExit: a oneshot that set something up stays active until stopped");
        }
        why_printf(why, sizeof(why), "Type: %s; the script returns once it has forked", f->daemon_why);
        if ((r = plan_add(p, SECTION_SERVICE, "Type", "forking", why)) < 0)
                return r;
        if (f->pidfile)
                return plan_add(p, SECTION_SERVICE, "PIDFile", f->pidfile, f->pidfile_why);
        why_printf(why, sizeof(why),
                 "no pid file found%s%s: systemd guesses the main PID and the unit leaves "
                 "'active' when the daemon's processes are gone (no RemainAfterExit)",
                 f->pidfile_note[0] ? "; " : "", f->pidfile_note);
        return plan_add(p, SECTION_SERVICE, "GuessMainPID", "yes", why);
}

static int add_exec(UnitPlan *p, const Script *s, const char *key, const Verb *v, const char *what) {
        char why[WHY_MAX], at[300];
        why_printf(why, sizeof(why), "%s: case branch '%s)' (%s)%s", key, v->name, script_line(at, sizeof(at), v->file, v->line),
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

        /* [Service] */
        if ((r = add_type(p, f)) < 0 ||
            (r = plan_add(p, SECTION_SERVICE, "Environment", "SYSTEMCTL_SKIP_REDIRECT=1 _SYSTEMCTL_SKIP_REDIRECT=1",
                          "Environment: keeps /etc/init.d/functions and /lib/lsb/init-functions from handing the "
                          "script back to systemctl")) < 0 ||
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
