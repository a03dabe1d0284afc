/* SPDX-License-Identifier: MIT */
/* Dependencies, [Install] and aliases, decided against the target (relations.h). */
#include "relations.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "macro.h"
#include "runlevel.h"
#include "unit-name.h"

typedef struct Facility {
        const char *name;
        const char *target; /* NULL: systemd provides it by default */
} Facility;

/* The LSB facilities (LSB 3.1 and the distributions' insserv.conf) and what stands for
 * them under systemd (systemd.special(7)), as systemd-sysv-generator mapped them. */
static const Facility facilities[] = {
        { "$network", "network-online.target" },
        { "$remote_fs", "remote-fs.target" },
        { "$named", "nss-lookup.target" },
        { "$time", "time-sync.target" },
        { "$portmap", "rpcbind.target" },
        { "$rpcbind", "rpcbind.target" },
        { "$x-display-manager", "display-manager.service" },
        { "$syslog", NULL },   /* the journal runs before every service */
        { "$local_fs", NULL }, /* default dependencies order services after local-fs.target */
        { "$all", NULL },      /* insserv's "after everything": systemd has no such point */
};

static const Facility *facility_find(const char *name) {
        for (size_t k = 0; k < ELEMENTSOF(facilities); k++)
                if (!strcmp(facilities[k].name, name))
                        return &facilities[k];
        return NULL;
}

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

/* relation: "Wants" or "Before".  Required-Start and Should-Start both mean "start it
 * first, if it is there" in SysV: Wants= and After=, as systemd-sysv-generator wrote
 * them.  Never Requires=: that would also stop and restart this unit with the other
 * (a restart of iscsid would restart iscsi, whose stop logs out of every LUN). */
static void add_relation(Deps *d, const char *relation, const char *unit, const char *why) {
        if (!strcmp(relation, "Before")) {
                dep_line(d, "Before", unit, why);
                return;
        }
        dep_line(d, "Wants", unit, why);
        dep_line(d, "After", unit, why);
}

static void deps_from(Deps *d, const HeaderList *l, const char *header, const char *relation) {
        char why[WHY_MAX];
        for (size_t i = 0; i < l->n; i++) {
                const char *name = l->items[i];
                if (name[0] == '+')
                        name++;
                reason_printf(why, sizeof(why), "%s: %s (line %u)", header, l->items[i], l->line);
                if (name[0] == '$') {
                        const Facility *f = facility_find(name);
                        if (!f)
                                diag_warn(d->s->diags, l->line, "unknown LSB facility %s ignored", name);
                        else if (f->target) /* NULL: systemd orders services after these anyway */
                                add_relation(d, relation, f->target, why);
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
                add_relation(d, relation, unit, why);
        }
}

/* Provides: $named: this script is what the facility stands for, so it comes before
 * the facility's target and pulls it in (as systemd-sysv-generator did): units that
 * need $named, ordered after nss-lookup.target, start after it. */
static void provided_facilities(Deps *d) {
        const HeaderList *l = &d->s->headers.provides;
        char why[WHY_MAX];
        for (size_t i = 0; i < l->n; i++) {
                const Facility *f = l->items[i][0] == '$' ? facility_find(l->items[i]) : NULL;
                if (!f || !f->target || !strcmp(unit_name_suffix(f->target), ".service"))
                        continue;
                reason_printf(why, sizeof(why), "Provides: %s (line %u): it provides the facility, so it comes first",
                           l->items[i], l->line);
                dep_line(d, "Wants", f->target, why);
                dep_line(d, "Before", f->target, why);
                if (!strcmp(f->target, "network-online.target"))
                        dep_line(d, "Before", "network.target", why);
        }
}

/* A unit of the target that a script of that name does not become (a package's, a
 * mask): systemd-sysv-generator made no unit of such a script, so nothing is ordered
 * by its priority.  Units sysv2unit wrote, now or earlier, are the scripts' own. */
static bool has_native_unit(const Target *t, const char *unit) {
        for (size_t i = 0; i < t->n_units; i++)
                if (!strcmp(t->units[i].name, unit) && t->units[i].path[0] == '/' &&
                    (t->units[i].masked || !t->units[i].by_sysv2unit))
                        return true;
        return false;
}

static int compare_scripts(const void *a, const void *b) {
        return strcmp((*(const TargetScript *const *) a)->name, (*(const TargetScript *const *) b)->name);
}

/* Scripts without LSB headers have only their start priorities to say what comes
 * first: systemd-sysv-generator ordered every pair of scripts of which at least one
 * has no LSB header by their priorities, and so do we.  Others are the target's
 * scripts of init.d that become units (none with a native unit or a mask). */
static void priority_order(Deps *d) {
        const Target *t = d->t;
        const Script *s = d->s;
        if (!t)
                return;
        const TargetScript *self = target_script_of_stem(t, s->in->name);
        bool has_prio = self && self->has_priority;
        unsigned prio = has_prio ? self->priority : 0;
        if (!has_prio && s->headers.chkconfig_runlevels.value) {
                has_prio = true;
                prio = s->headers.chkconfig_start;
        }
        if (!has_prio)
                return;
        const TargetScript **others = calloc(t->n_scripts ? t->n_scripts : 1, sizeof(TargetScript *));
        if (!others) {
                d->r = -ENOMEM;
                return;
        }
        size_t n = 0;
        if (t->by_name) {
                /* target_load() sorted them once and knows which can be compared at all: with
                 * an LSB header here, only those without one. */
                const size_t *pos = s->headers.has_lsb ? t->prio_plain : t->prio_any;
                size_t n_pos = s->headers.has_lsb ? t->n_prio_plain : t->n_prio_any;
                for (size_t k = 0; k < n_pos; k++)
                        others[n++] = t->by_name[pos[k]];
        } else { /* a Target filled by hand */
                for (size_t i = 0; i < t->n_scripts; i++)
                        others[n++] = &t->scripts[i];
                qsort(others, n, sizeof(TargetScript *), compare_scripts);
        }
        char why[WHY_MAX], stem[256], unit[300];
        for (size_t i = 0; i < n && d->r >= 0; i++) {
                const TargetScript *o = others[i];
                if (o == self || !o->in_init_d || !o->has_priority || o->priority == prio ||
                    (s->headers.has_lsb && o->has_lsb) || unit_stem_of_script(o->name, stem, sizeof(stem)) < 0 ||
                    !strcmp(stem, s->in->name) || unit_name_of_service(stem, NULL, unit, sizeof(unit)) < 0 ||
                    has_native_unit(t, unit))
                        continue;
                bool after = o->priority < prio;
                reason_printf(why, sizeof(why),
                           "%s: start priority %u %s %s's %u (%s; without LSB headers the priorities order, as "
                           "systemd-sysv-generator did)",
                           after ? "After" : "Before", prio, after ? "after" : "before", o->name, o->priority,
                           self && self->link_priority ? "rc links" : "chkconfig header");
                dep_line(d, after ? "After" : "Before", unit, why);
        }
        free(others);
}

int relations_add_dependencies(UnitPlan *p, const Script *s, const Target *t) {
        const ScriptHeaders *h = &s->headers;
        Deps d = { .plan = p, .s = s, .t = t, .r = 0 };
        deps_from(&d, &h->required_start, "Required-Start", "Wants");
        deps_from(&d, &h->should_start, "Should-Start", "Wants");
        deps_from(&d, &h->x_start_before, "X-Start-Before", "Before");
        provided_facilities(&d);
        priority_order(&d);
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
        const TargetScript *ts = t ? target_script_of_stem(t, s->in->name) : NULL;
        if (ts && ts->any_link) {
                if (!ts->levels[0])
                        /* Links, but no S link: disabled everywhere; install where the common
                         * runlevels would, --enable leaves it off. */
                        return plan_add(p, SECTION_INSTALL, "WantedBy", "multi-user.target",
                                        "WantedBy: the rc links start it in no runlevel (disabled now); where "
                                        "runlevels 2-4 would");
                reason_printf(why, sizeof(why), "WantedBy: started now in runlevels %s (rc links, e.g. %s)", ts->levels,
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
                reason_printf(why, sizeof(why), "WantedBy: %s (line %u)", source, line);
        if (!mask) {
                reason_printf(why, sizeof(why),
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
                /* The script of that name owns it: Provides: of another script must not
                 * take the unit the real script becomes. */
                const TargetScript *owner = t ? target_script_making(t, unit) : NULL;
                if (owner) {
                        diag_warn(s->diags, h->provides.line,
                                  "Provides: no Alias=%s: the target's script %s is that unit", unit, owner->name);
                        continue;
                }
                reason_printf(why, sizeof(why), "Alias: Provides: %s (line %u)", name, h->provides.line);
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
