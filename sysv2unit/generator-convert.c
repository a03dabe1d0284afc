/* SPDX-License-Identifier: MIT */
#include "generator-convert.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "fileio.h"
#include "generator-log.h"
#include "headers.h"
#include "plan.h"
#include "rc-local.h"
#include "target.h"
#include "text.h"
#include "tree-cache.h"

struct GenContext {
        Target target;
        TreeCache *trees; /* sourced files, parsed once a run */
        bool known; /* always: loaded, or empty (a system known to have no units) */
};

/* R when every path is one of the standard ones below R: init.d at R/etc/init.d or
 * R/etc/rc.d/init.d, the rc directories below R/etc or R/etc/rc.d, the unit directories
 * below R.  At boot R is "" (the system itself); tests and benches point the variables
 * at a scratch system. */
static bool strip_suffix(const char *s, const char *suffix, char *buf, size_t size) {
        size_t n = strlen(s), k = strlen(suffix);
        if (n < k || strcmp(s + n - k, suffix) || n - k >= size)
                return false;
        memcpy(buf, s, n - k);
        buf[n - k] = '\0';
        return true;
}

static bool under(const char *path, const char *root, const char *const *suffixes) {
        size_t n = strlen(root);
        if (strncmp(path, root, n) || path[n] != '/')
                return false;
        for (const char *const *x = suffixes; x && *x; x++)
                if (!strcmp(path + n, *x))
                        return true;
        return !suffixes;
}

static bool shared_root(const GenPaths *p, char *root, size_t size) {
        static const char *const init_d[] = { "/etc/init.d", "/etc/rc.d/init.d", NULL };
        static const char *const rcnd[] = { "/etc", "/etc/rc.d", NULL };
        if (!p->init_dirs[0] ||
            (!strip_suffix(p->init_dirs[0], init_d[0], root, size) && !strip_suffix(p->init_dirs[0], init_d[1], root, size)))
                return false;
        for (char **d = p->init_dirs; *d; d++)
                if (!under(*d, root, init_d))
                        return false;
        for (char **d = p->rcnd_dirs; *d; d++)
                if (!under(*d, root, rcnd))
                        return false;
        for (char **d = p->unit_dirs; *d; d++)
                if (!under(*d, root, NULL))
                        return false;
        return true;
}

int gen_context_new(const GenPaths *p, target_known_file known, void *userdata, GenContext **ret) {
        GenContext *c = calloc(1, sizeof(GenContext));
        if (!c)
                return -ENOMEM;
        if (!(c->trees = tree_cache_new())) {
                free(c);
                return -ENOMEM;
        }
        char root[PATH_MAX];
        if (shared_root(p, root, sizeof(root))) {
                int r = target_load_known(root, known, userdata, &c->target);
                if (r < 0) {
                        tree_cache_free(c->trees);
                        free(c);
                        return r;
                }
                c->known = true;
        } else {
                /* Known to have nothing: a Requires= on a unit it cannot see becomes Wants=,
                 * which never fails a start. */
                gen_log(LOG_DEBUG, "the search paths share no root: converting as for a system without units");
                c->known = true;
        }
        *ret = c;
        return 0;
}
void gen_context_free(GenContext *c) {
        if (!c)
                return;
        if (c->known)
                target_done(&c->target);
        tree_cache_free(c->trees);
        free(c);
}

/* Sourced files (/etc/default/NAME, /etc/sysconfig/NAME) as they are on this system. */
static int read_source(void *userdata, const char *path, char **ret) {
        _cleanup_free_ char *raw = NULL;
        size_t size;
        int r = read_file_bounded(path, SCRIPT_MAX_SIZE, &raw, &size);
        if (r < 0)
                return r;
        Diags d = {};
        r = text_normalize(raw, size, ret, &d);
        diags_free(&d);
        return r;
}

void gen_output_done(GenOutput *o) {
        for (size_t i = 0; i < o->n_units; i++) {
                free(o->units[i].name);
                free(o->units[i].text);
                free(o->units[i].summary);
        }
        free(o->units);
        for (size_t i = 0; i < o->n_aliases; i++)
                free(o->aliases[i]);
        free(o->aliases);
        *o = (GenOutput) {};
}

bool gen_text_has_lsb(const char *text) {
        for (const char *l = text; l && *l;) {
                while (*l == ' ' || *l == '\t')
                        l++;
                const char *e = strchrnul(l, '\n');
                size_t n = e - l;
                while (n > 0 && (l[n - 1] == ' ' || l[n - 1] == '\t' || l[n - 1] == '\r'))
                        n--;
                if (n == 19 && !strncmp(l, "### BEGIN INIT INFO", 19))
                        return true;
                l = *e ? e + 1 : e;
        }
        return false;
}

/* Takes [Install] out of a plan: a generated unit is pulled in by the generator's links
 * (systemctl enable refuses generated units anyway); Alias= lines become links. */
static int strip_install(UnitPlan *p, GenOutput *o) {
        for (size_t i = 0; i < p->n_lines;) {
                UnitLine *l = &p->lines[i];
                if (l->section != SECTION_INSTALL) {
                        i++;
                        continue;
                }
                if (!strcmp(l->key, "Alias")) {
                        char **g = realloc(o->aliases, (o->n_aliases + 1) * sizeof(char *));
                        if (!g)
                                return -ENOMEM;
                        o->aliases = g;
                        if (!(g[o->n_aliases] = strdup(l->value)))
                                return -ENOMEM;
                        o->n_aliases++;
                }
                free(l->key);
                free(l->value);
                free(l->exec_arg);
                free(l->why);
                memmove(l, l + 1, (p->n_lines - i - 1) * sizeof(UnitLine));
                p->n_lines--;
        }
        return 0;
}

static const char *plan_value(const UnitPlan *p, const char *key) {
        for (size_t i = 0; i < p->n_lines; i++)
                if (!strcmp(p->lines[i].key, key))
                        return p->lines[i].value;
        return NULL;
}

static int add_unit(GenOutput *o, const UnitPlan *p, const char *note) {
        GenUnit *g = realloc(o->units, (o->n_units + 1) * sizeof(GenUnit));
        if (!g)
                return -ENOMEM;
        o->units = g;
        GenUnit *u = &g[o->n_units];
        *u = (GenUnit) {};
        int r = plan_render(p, note, false, &u->text);
        if (r < 0)
                return r;
        const char *type = plan_value(p, "Type"), *pid = plan_value(p, "PIDFile");
        const char *rae = plan_value(p, "RemainAfterExit");
        if (!(u->name = strdup(p->unit_name)) ||
            asprintf(&u->summary, "Type=%s%s%s%s%s", type ? type : "simple", pid ? " PIDFile=" : "", pid ? pid : "",
                     rae ? " RemainAfterExit=" : "", rae ? rae : "") < 0) {
                free(u->name);
                free(u->text);
                u->summary = NULL;
                return -ENOMEM;
        }
        o->n_units++;
        return 0;
}

/* The library orders by start priority too where it sees the rc links; a line it has
 * already is not written twice. */
static int add_order(UnitPlan *p, const GenScript *s) {
        int r = 0;
        for (char **a = s->after; a && *a && r >= 0; a++)
                if (!plan_has(p, "After", *a))
                        r = plan_add(p, SECTION_UNIT, "After", *a, "After: a lower start priority (rc links)");
        for (char **b = s->before; b && *b && r >= 0; b++)
                if (!plan_has(p, "Before", *b))
                        r = plan_add(p, SECTION_UNIT, "Before", *b, "Before: a higher start priority (rc links)");
        return r;
}

/* What systemd-sysv-generator wrote for a script (src/sysv-generator, v252): a wrapper
 * that starts and stops it, supervising only where the header names a pid file. */
static int wrapper_plan(const GenScript *s, const ScriptHeaders *h, UnitPlan *p) {
        char name[300], desc[HEADER_VALUE_MAX + 16] = "";
        snprintf(name, sizeof(name), "%s.service", s->stem);
        if (!(p->unit_name = strdup(name)))
                return -ENOMEM;
        const char *d = h->short_description.value ? h->short_description.value
                      : h->description.value       ? h->description.value
                                                   : h->lsb_description.value;
        if (d)
                snprintf(desc, sizeof(desc), "%s: %s", h->has_lsb ? "LSB" : "SYSV", d);
        const char *pid = h->pidfile.value && h->pidfile.value[0] == '/' ? h->pidfile.value : NULL;
        int r = 0;
        if (desc[0])
                r = plan_add(p, SECTION_UNIT, "Description", desc, NULL);
        if (r >= 0)
                r = plan_add(p, SECTION_UNIT, "Documentation", "man:sysv2unit-generator(8)", NULL);
        if (r >= 0)
                r = plan_add(p, SECTION_UNIT, "SourcePath", s->path, NULL);
        if (r >= 0)
                r = add_order(p, s);
        static const char *const fixed[][2] = { { "Type", "forking" },     { "Restart", "no" },
                                                { "TimeoutSec", "5min" },   { "IgnoreSIGPIPE", "no" },
                                                { "KillMode", "process" }, { "GuessMainPID", "no" } };
        for (size_t i = 0; i < ELEMENTSOF(fixed) && r >= 0; i++)
                r = plan_add(p, SECTION_SERVICE, fixed[i][0], fixed[i][1], NULL);
        if (r >= 0)
                r = plan_add(p, SECTION_SERVICE, "RemainAfterExit", pid ? "no" : "yes", NULL);
        if (r >= 0 && pid)
                r = plan_add(p, SECTION_SERVICE, "PIDFile", pid, NULL);
        if (r >= 0 && h->has_lsb)
                r = plan_add(p, SECTION_SERVICE, "SuccessExitStatus", "5 6", NULL);
        if (r >= 0)
                r = plan_add(p, SECTION_SERVICE, "Environment", "SYSTEMCTL_SKIP_REDIRECT=1 _SYSTEMCTL_SKIP_REDIRECT=1",
                             NULL);
        if (r >= 0)
                r = plan_add_exec(p, "ExecStart", s->path, "start", NULL);
        if (r >= 0)
                r = plan_add_exec(p, "ExecStop", s->path, "stop", NULL);
        return r;
}

/* A script split into instances (start-in/start-out): NAME.service groups them, so that
 * `systemctl start NAME` and the rc links still mean the whole script, and it shadows the
 * unit systemd-sysv-generator makes of the same script, which would start the daemons a
 * second time. */
static int umbrella_plan(const GenScript *s, const GenOutput *o, UnitPlan *p) {
        char name[300], desc[600];
        snprintf(name, sizeof(name), "%s.service", s->stem);
        snprintf(desc, sizeof(desc), "The instances of %s", s->path);
        if (!(p->unit_name = strdup(name)))
                return -ENOMEM;
        int r = plan_add(p, SECTION_UNIT, "Description", desc, NULL);
        if (r >= 0)
                r = plan_add(p, SECTION_UNIT, "Documentation", "man:sysv2unit-generator(8)", NULL);
        if (r >= 0)
                r = plan_add(p, SECTION_UNIT, "SourcePath", s->path, NULL);
        for (size_t i = 0; i < o->n_units && r >= 0; i++) {
                r = plan_add(p, SECTION_UNIT, "Wants", o->units[i].name, NULL);
                if (r >= 0)
                        r = plan_add(p, SECTION_UNIT, "After", o->units[i].name, NULL);
        }
        if (r >= 0)
                r = plan_add(p, SECTION_SERVICE, "Type", "oneshot", NULL);
        if (r >= 0)
                r = plan_add(p, SECTION_SERVICE, "RemainAfterExit", "yes", NULL);
        if (r >= 0)
                r = plan_add(p, SECTION_SERVICE, "ExecStart", "/bin/true", NULL);
        return r;
}

static void log_diags(const char *path, const Diags *d) {
        for (size_t i = 0; i < d->n; i++)
                gen_log(LOG_DEBUG, "%s:%u: %s%s", path, d->items[i].line, d->items[i].is_error ? "" : "warning: ",
                        d->items[i].message);
}

int gen_convert(GenContext *c, const GenScript *s, GenOutput *ret) {
        GenOutput o = {};
        char note[PATH_MAX + 64];
        snprintf(note, sizeof(note), "Generated by sysv2unit-generator from %s", s->path);

        Diags d = {};
        _cleanup_free_ char *text = NULL;
        UnitPlan *plans = NULL;
        size_t n = 0;
        ScriptHeaders h = {};
        int r = text_normalize(s->text, s->size, &text, &d);
        if (r >= 0) {
                AnalyzeInput in = { .text = text, .name = s->stem, .script_path = s->path, .read_source = read_source,
                                  .trees = c->trees };
                r = analyze_script(&in, c->known ? &c->target : NULL, &plans, &n, &d);
        }
        for (size_t i = 0; i < n && r >= 0; i++)
                r = strip_install(&plans[i], &o);
        for (size_t i = 0; i < n && r >= 0; i++)
                r = add_order(&plans[i], s);
        /* A split script (start-in/start-out): NAME.service groups the instances and
         * every instance stops and restarts with the group. */
        char group[300];
        snprintf(group, sizeof(group), "%s.service", s->stem);
        bool split = r >= 0 && (n > 1 || (n == 1 && strcmp(plans[0].unit_name, group) != 0));
        /* The library may make the group itself (a plan named NAME.service among the
         * instances, which are PartOf= it): then it only goes first. */
        size_t own_group = n;
        for (size_t i = 0; split && i < n; i++)
                if (!strcmp(plans[i].unit_name, group))
                        own_group = i;
        if (own_group < n) {
                split = false;
                if (own_group > 0) {
                        UnitPlan t = plans[own_group];
                        memmove(&plans[1], &plans[0], own_group * sizeof(UnitPlan));
                        plans[0] = t;
                }
        }
        for (size_t i = 0; split && i < n && r >= 0; i++)
                r = plan_add(&plans[i], SECTION_UNIT, "PartOf", group, "PartOf: one instance of the script");
        if (r >= 0 && split) {
                GenOutput inst = {};
                for (size_t i = 0; i < n && r >= 0; i++)
                        r = add_unit(&inst, &plans[i], note);
                UnitPlan g = {};
                if (r >= 0)
                        r = umbrella_plan(s, &inst, &g);
                if (r >= 0)
                        r = add_unit(&o, &g, note); /* units[0]: what the rc links pull in */
                plan_free(&g);
                for (size_t i = 0; i < inst.n_units && r >= 0; i++) {
                        GenUnit *gu = realloc(o.units, (o.n_units + 1) * sizeof(GenUnit));
                        if (!gu) {
                                r = -ENOMEM;
                                break;
                        }
                        o.units = gu;
                        o.units[o.n_units++] = inst.units[i];
                        inst.units[i] = (GenUnit) {};
                }
                gen_output_done(&inst);
        } else
                for (size_t i = 0; i < n && r >= 0; i++)
                        r = add_unit(&o, &plans[i], note);
        log_diags(s->path, &d);

        if (r < 0 && r != -ENOMEM) {
                /* Not understood: the wrapper the stock generator made, so the script still
                 * starts at boot (and says so in the kernel log). */
                const char *why = NULL;
                for (size_t i = 0; i < d.n && !why; i++)
                        if (d.items[i].is_error)
                                why = d.items[i].message;
                gen_output_done(&o);
                snprintf(o.reason, sizeof(o.reason), "%s", why ? why : strerror(-r));
                o.fallback = true;
                headers_free(&h);
                h = (ScriptHeaders) {};
                Diags scratch = {};
                r = headers_parse(text ? text : "", &h, &scratch);
                diags_free(&scratch);
                UnitPlan w = {};
                if (r >= 0)
                        r = wrapper_plan(s, &h, &w);
                if (r >= 0)
                        r = add_unit(&o, &w, note);
                plan_free(&w);
        }
        diags_free(&d);
        headers_free(&h);
        for (size_t i = 0; i < n; i++)
                plan_free(&plans[i]);
        free(plans);
        if (r < 0) {
                char why[sizeof(o.reason)];
                snprintf(why, sizeof(why), "%s", o.reason[0] ? o.reason : strerror(-r));
                gen_output_done(&o);
                snprintf(ret->reason, sizeof(ret->reason), "%s", why);
                return r;
        }
        /* Later scripts of this run neither take these names nor these aliases. */
        for (size_t i = 0; i < o.n_units && r >= 0 && c->known; i++) {
                UnitPlan names = { .unit_name = o.units[i].name };
                r = target_add_converted(&c->target, &names, s->path);
        }
        *ret = o;
        return r;
}

int gen_rc_local_unit(const char *path, bool install, char **ret) {
        UnitPlan p = {};
        int r = rc_local_plan(path, install, &p);
        char note[PATH_MAX + 64];
        snprintf(note, sizeof(note), "Generated by sysv2unit%s from %s", install ? "" : "-generator", path);
        if (r >= 0)
                r = plan_render(&p, note, false, ret);
        plan_free(&p);
        return r;
}
