/* SPDX-License-Identifier: MIT */
#include "relations.h"

#include <stdio.h>
#include <string.h>

#include "facts.h"
#include "macro.h"
#include "runlevel.h"
#include "unit-name.h"

typedef struct Facility {
        const char *name;
        const char *target; /* NULL: systemd provides it by default */
} Facility;

static const Facility facilities[] = {
        { "$network", "network-online.target" }, { "$remote_fs", "remote-fs.target" },
        { "$named", "nss-lookup.target" },       { "$time", "time-sync.target" },
        { "$portmap", "rpcbind.target" },        { "$syslog", NULL },
        { "$local_fs", NULL },                   { "$all", NULL },
};

typedef struct Deps {
        UnitPlan *plan;
        const Script *s;
        const Target *t;
        int r;
} Deps;

static void dep_line(Deps *d, const char *key, const char *unit, const char *why) {
        /* no duplicates: $network in both Required- and Should-Start gives one line */
        if (d->r >= 0 && !plan_has(d->plan, key, unit))
                d->r = plan_add(d->plan, SECTION_UNIT, key, unit, why);
}

static bool is_self_name(const Script *s, const char *name) {
        if (!strcmp(name, s->in->name))
                return true;
        for (size_t i = 0; i < s->headers.provides.n; i++)
                if (!strcmp(name, s->headers.provides.items[i]))
                        return true;
        return false;
}

/* relation: "Requires", "Wants" or "Before".  Facilities are targets: wanted, never
 * required.  A Requires= on a unit the target does not have fails the start: Wants=. */
static void add_relation(Deps *d, const char *relation, const char *unit, bool facility, const char *why) {
        if (!strcmp(relation, "Before")) {
                dep_line(d, "Before", unit, why);
                return;
        }
        const char *key = facility ? "Wants" : relation;
        char why_key[2 * WHY_MAX];
        why_printf(why_key, sizeof(why_key), "%s", why);
        const char *where = NULL;
        if (d->t && !strcmp(key, "Requires")) {
                if (target_provides(d->t, unit, &where))
                        why_printf(why_key, sizeof(why_key), "%s; the target has it (%s)", why, where);
                else {
                        key = "Wants";
                        why_printf(why_key, sizeof(why_key),
                                   "%s; Wants= not Requires=: the target has no %s (a Requires= on a missing unit "
                                   "fails the start)",
                                   why, unit);
                }
        }
        dep_line(d, key, unit, why_key);
        dep_line(d, "After", unit, why);
}

static void deps_from(Deps *d, const HeaderList *l, const char *header, const char *relation) {
        char why[WHY_MAX];
        for (size_t i = 0; i < l->n; i++) {
                const char *name = l->items[i];
                if (name[0] == '+')
                        name++;
                why_printf(why, sizeof(why), "%s: %s (line %u)", header, l->items[i], l->line);
                if (name[0] == '$') {
                        const Facility *f = NULL;
                        for (size_t k = 0; k < ELEMENTSOF(facilities); k++)
                                if (!strcmp(facilities[k].name, name))
                                        f = &facilities[k];
                        if (!f)
                                diag_warn(d->s->diags, l->line, "unknown LSB facility %s ignored", name);
                        else if (f->target) /* NULL: systemd orders services after these anyway */
                                add_relation(d, relation, f->target, true, why);
                        continue;
                }
                if (is_self_name(d->s, name))
                        continue;
                if (!unit_name_part_ok(name)) {
                        diag_warn(d->s->diags, l->line, "'%s' cannot be a unit name, ignored", name);
                        continue;
                }
                char unit[256];
                if (!unit_name_from_lsb(name, false, unit, sizeof(unit))) {
                        diag_warn(d->s->diags, l->line, "'%s' is no valid unit name, no %s=", name, relation);
                        continue;
                }
                add_relation(d, relation, unit, false, why);
        }
}

int relations_add_dependencies(UnitPlan *p, const Script *s, const Target *t) {
        const ScriptHeaders *h = &s->headers;
        Deps d = { .plan = p, .s = s, .t = t, .r = 0 };
        deps_from(&d, &h->required_start, "Required-Start", "Requires");
        deps_from(&d, &h->should_start, "Should-Start", "Wants");
        deps_from(&d, &h->x_start_before, "X-Start-Before", "Before");
        return d.r;
}

static int add_wanted_by(UnitPlan *p, unsigned mask, const char *why) {
        const char *targets[RUNLEVEL_TARGETS_MAX];
        size_t n = runlevel_targets(mask, targets);
        int r = 0;
        for (size_t i = 0; i < n && r >= 0; i++)
                r = plan_add(p, SECTION_INSTALL, "WantedBy", targets[i], why);
        return r;
}

/* WantedBy= follows the links the admin has now (what chkconfig --list shows); the
 * header decides only for a script that has none. */
static int wanted_by(UnitPlan *p, const Script *s, const Target *t) {
        const ScriptHeaders *h = &s->headers;
        char why[WHY_MAX];
        const TargetScript *ts = t ? target_find_script(t, s->in->name) : NULL;
        if (ts && ts->any_link) {
                if (!ts->levels[0])
                        /* Links, but no S link: disabled everywhere; install where the common
                         * runlevels would, --enable leaves it off. */
                        return plan_add(p, SECTION_INSTALL, "WantedBy", "multi-user.target",
                                        "WantedBy: the rc links start it in no runlevel (disabled now); where "
                                        "runlevels 2-4 would");
                why_printf(why, sizeof(why), "WantedBy: started now in runlevels %s (rc links, e.g. %s)", ts->levels,
                           ts->first);
                return add_wanted_by(p, runlevel_mask(ts->levels), why);
        }
        unsigned mask = 0;
        const char *source = NULL;
        unsigned line = 0;
        if (h->default_start.present) {
                for (size_t i = 0; i < h->default_start.n; i++)
                        mask |= runlevel_mask(h->default_start.items[i]);
                source = "Default-Start";
                line = h->default_start.line;
        } else if (h->chkconfig_runlevels.value) {
                mask = runlevel_mask(h->chkconfig_runlevels.value);
                source = "chkconfig runlevels";
                line = h->chkconfig_runlevels.line;
        }
        if (source)
                why_printf(why, sizeof(why), "WantedBy: %s (line %u)", source, line);
        if (!mask) {
                why_printf(why, sizeof(why),
                           "WantedBy: %s names no runlevel to start in; 'systemctl enable' puts it where runlevels "
                           "2-4 would",
                           source ? source : "no header");
                mask = runlevel_mask("2");
        }
        return add_wanted_by(p, mask, why);
}

/* Alias= for each name of Provides: that is free on the target. */
static int aliases(UnitPlan *p, const Script *s, const Target *t) {
        const ScriptHeaders *h = &s->headers;
        char why[WHY_MAX];
        int r = 0;
        for (size_t i = 0; i < h->provides.n && r >= 0; i++) {
                const char *name = h->provides.items[i];
                if (!strcmp(name, s->in->name) || name[0] == '$')
                        continue;
                if (!unit_name_part_ok(name)) {
                        diag_warn(s->diags, h->provides.line, "Provides: '%s' cannot be a unit name, no alias", name);
                        continue;
                }
                char unit[256];
                why_printf(unit, sizeof(unit), "%s%s", name, unit_name_suffix(name) ? "" : ".service");
                if (!strcmp(unit, p->unit_name) || plan_has(p, "Alias", unit))
                        continue; /* Provides: NAME.service of NAME itself */
                if (!unit_name_valid(unit, true) || strcmp(unit_name_suffix(unit), ".service")) {
                        diag_warn(s->diags, h->provides.line, "Provides: '%s' is no valid alias of a service, no Alias=",
                                  unit);
                        continue;
                }
                const TargetUnit *u = t ? target_find_unit(t, unit) : NULL;
                if (u && !u->by_sysv2unit) {
                        diag_warn(s->diags, h->provides.line, "Provides: no Alias=%s: the target has %s%s", unit, u->path,
                                  u->masked ? " (masked)" : "");
                        continue;
                }
                why_printf(why, sizeof(why), "Alias: Provides: %s (line %u)", name, h->provides.line);
                r = plan_add(p, SECTION_INSTALL, "Alias", unit, why);
        }
        return r;
}

int relations_add_install(UnitPlan *p, const Script *s, const Target *t, bool instance) {
        int r = wanted_by(p, s, t);
        if (r < 0 || instance)
                return r;
        return aliases(p, s, t);
}
