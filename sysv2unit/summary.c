/* SPDX-License-Identifier: MIT */
/* The outcome of each script of a run, as text and JSON (summary.h). */
#include "summary.h"

#include <errno.h>
#if HAVE_JSON_C
#include <json-c/json.h>
#endif
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "text.h"

static const char *const outcome_names[_OUTCOME_MAX] = { "converted", "skipped", "refused" };

int summary_add(Summary *s, const char *script, Outcome o, const char *reason, ScriptResult **ret) {
        ScriptResult *n = realloc(s->items, (s->n + 1) * sizeof(ScriptResult));
        if (!n)
                return -ENOMEM;
        s->items = n;
        ScriptResult *r = &n[s->n];
        *r = (ScriptResult) { .outcome = o };
        r->script = strdup(script);
        r->reason = reason ? strdup(reason) : NULL;
        if (!r->script || (reason && !r->reason)) {
                free(r->script);
                free(r->reason);
                return -ENOMEM;
        }
        s->n++;
        if (ret)
                *ret = r;
        return 0;
}

int summary_add_unit(ScriptResult *r, const char *unit) {
        char **n = realloc(r->units, (r->n_units + 1) * sizeof(char *));
        if (!n)
                return -ENOMEM;
        r->units = n;
        n[r->n_units] = strdup(unit);
        if (!n[r->n_units])
                return -ENOMEM;
        r->n_units++;
        return 0;
}

void summary_done(Summary *s) {
        for (size_t i = 0; i < s->n; i++) {
                free(s->items[i].script);
                free(s->items[i].reason);
                for (size_t k = 0; k < s->items[i].n_units; k++)
                        free(s->items[i].units[k]);
                free(s->items[i].units);
        }
        free(s->items);
        *s = (Summary) {};
}

size_t summary_count(const Summary *s, Outcome o) {
        size_t n = 0;
        for (size_t i = 0; i < s->n; i++)
                n += s->items[i].outcome == o;
        return n;
}

void summary_print(const Summary *s, FILE *f) {
        fprintf(f, "\nsysv2unit: %zu scripts: %zu converted, %zu skipped, %zu refused\n", s->n,
                summary_count(s, OUTCOME_CONVERTED), summary_count(s, OUTCOME_SKIPPED),
                summary_count(s, OUTCOME_REFUSED));
        for (int o = 0; o < _OUTCOME_MAX; o++)
                for (size_t i = 0; i < s->n; i++) {
                        const ScriptResult *r = &s->items[i];
                        if (r->outcome != (Outcome) o)
                                continue;
                        fprintf(f, "  %-9s %s", outcome_names[o], r->script);
                        if (r->n_units) {
                                fputs(" ->", f);
                                for (size_t k = 0; k < r->n_units; k++)
                                        fprintf(f, " %s", r->units[k]);
                                if (r->enabled)
                                        fputs(" (enabled now)", f);
                        }
                        if (r->reason)
                                fprintf(f, ": %s", r->reason);
                        fputc('\n', f);
                }
}

#if HAVE_JSON_C
DEFINE_TRIVIAL_CLEANUP_FUNC(json_object *, json_object_put)

/* JSON is UTF-8: a path or reason with other bytes is written with them as \xNN. */
static json_object *json_string(const char *s) {
        _cleanup_free_ char *valid = utf8_escape_invalid(s);
        return valid ? json_object_new_string(valid) : NULL;
}

int summary_print_json(const Summary *s, const char *root, FILE *f) {
        _cleanup_(json_object_putp) json_object *top = json_object_new_object();
        json_object *list = json_object_new_array();
        if (!top || !list) {
                json_object_put(list);
                return -ENOMEM;
        }
        json_object_object_add(top, "root", json_string(root));
        for (int o = 0; o < _OUTCOME_MAX; o++)
                json_object_object_add(top, outcome_names[o], json_object_new_int64((int64_t) summary_count(s, o)));
        json_object_object_add(top, "scripts", list);
        for (size_t i = 0; i < s->n; i++) {
                const ScriptResult *r = &s->items[i];
                json_object *e = json_object_new_object(), *units = json_object_new_array();
                if (!e || !units) {
                        json_object_put(e);
                        json_object_put(units);
                        return -ENOMEM;
                }
                json_object_object_add(e, "script", json_string(r->script));
                json_object_object_add(e, "outcome", json_object_new_string(outcome_names[r->outcome]));
                json_object_object_add(e, "reason", r->reason ? json_string(r->reason) : NULL);
                for (size_t k = 0; k < r->n_units; k++)
                        json_object_array_add(units, json_string(r->units[k]));
                json_object_object_add(e, "units", units);
                json_object_object_add(e, "enabled", json_object_new_boolean(r->enabled));
                json_object_array_add(list, e);
        }
        const char *text = json_object_to_json_string_ext(top, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
        if (!text)
                return -ENOMEM;
        fprintf(f, "%s\n", text);
        return 0;
}
#else
int summary_print_json(const Summary *s, const char *root, FILE *f) {
        (void) s;
        (void) root;
        (void) f;
        return -EOPNOTSUPP;
}
#endif
