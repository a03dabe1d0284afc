/* SPDX-License-Identifier: MIT */
#include "relations.h"

#include <stdio.h>
#include <string.h>

#include "facts.h"
#include "macro.h"

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
        int r;
} Deps;

static void dep_line(Deps *d, const char *key, const char *unit, const char *why) {
        /* no duplicates: $network in both Required- and Should-Start gives one line */
        for (size_t i = 0; i < d->plan->n_lines; i++)
                if (!strcmp(d->plan->lines[i].key, key) && !strcmp(d->plan->lines[i].value, unit))
                        return;
        if (d->r >= 0)
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

/* relation: "Requires", "Wants" or "Before". Facilities are targets: wanted, never required. */
static void add_relation(Deps *d, const char *relation, const char *unit, bool facility, const char *why) {
        if (!strcmp(relation, "Before")) {
                dep_line(d, "Before", unit, why);
                return;
        }
        dep_line(d, facility ? "Wants" : relation, unit, why);
        dep_line(d, "After", unit, why);
}

static void deps_from(Deps *d, const HeaderList *l, const char *header, const char *relation) {
        char why[WHY_MAX];
        for (size_t i = 0; i < l->n; i++) {
                const char *name = l->items[i];
                if (name[0] == '+')
                        name++;
                snprintf(why, sizeof(why), "%s: %s (line %u)", header, l->items[i], l->line);
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
                if (!name_ok_for_unit(name)) {
                        diag_warn(d->s->diags, l->line, "'%s' cannot be a unit name, ignored", name);
                        continue;
                }
                char unit[256];
                snprintf(unit, sizeof(unit), "%s.service", name);
                add_relation(d, relation, unit, false, why);
        }
}

typedef struct Runlevels {
        bool multi, graphical, sysinit;
} Runlevels;

static void runlevels_add(Runlevels *r, const char *levels) {
        for (const char *c = levels; *c; c++) {
                r->multi |= *c == '2' || *c == '3' || *c == '4';
                r->graphical |= *c == '5';
                r->sysinit |= *c == 'S' || *c == 's';
        }
}

int relations_add_install(UnitPlan *p, const Script *s, bool instance) {
        const ScriptHeaders *h = &s->headers;
        char why[WHY_MAX];
        Runlevels rl = {};
        const char *source = NULL;
        unsigned line = 0;
        if (h->default_start.present) {
                for (size_t i = 0; i < h->default_start.n; i++)
                        runlevels_add(&rl, h->default_start.items[i]);
                source = "Default-Start";
                line = h->default_start.line;
        } else if (h->chkconfig_runlevels.value) {
                runlevels_add(&rl, h->chkconfig_runlevels.value);
                source = "chkconfig runlevels";
                line = h->chkconfig_runlevels.line;
        }
        int r = 0;
        if (source)
                snprintf(why, sizeof(why), "WantedBy: %s (line %u)", source, line);
        if (!rl.multi && !rl.graphical && !rl.sysinit) {
                snprintf(why, sizeof(why),
                         "WantedBy: %s names no runlevel to start in; 'systemctl enable' puts it where runlevels "
                         "2-4 would",
                         source ? source : "no header");
                rl.multi = true;
        }
        if (rl.sysinit)
                r = plan_add(p, SECTION_INSTALL, "WantedBy", "sysinit.target", why);
        if (r >= 0 && rl.multi)
                r = plan_add(p, SECTION_INSTALL, "WantedBy", "multi-user.target", why);
        if (r >= 0 && rl.graphical)
                r = plan_add(p, SECTION_INSTALL, "WantedBy", "graphical.target", why);
        if (r < 0 || instance)
                return r;
        for (size_t i = 0; i < h->provides.n && r >= 0; i++) {
                const char *name = h->provides.items[i];
                if (!strcmp(name, s->in->name) || name[0] == '$')
                        continue;
                if (!name_ok_for_unit(name)) {
                        diag_warn(s->diags, h->provides.line, "Provides: '%s' cannot be a unit name, no alias", name);
                        continue;
                }
                char unit[256];
                snprintf(unit, sizeof(unit), "%s.service", name);
                snprintf(why, sizeof(why), "Alias: Provides: %s (line %u)", name, h->provides.line);
                r = plan_add(p, SECTION_INSTALL, "Alias", unit, why);
        }
        return r;
}

int relations_add_dependencies(UnitPlan *p, const Script *s) {
        const ScriptHeaders *h = &s->headers;
        Deps d = { .plan = p, .s = s, .r = 0 };
        deps_from(&d, &h->required_start, "Required-Start", "Requires");
        deps_from(&d, &h->should_start, "Should-Start", "Wants");
        deps_from(&d, &h->x_start_before, "X-Start-Before", "Before");
        return d.r;
}
