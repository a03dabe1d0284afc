/* SPDX-License-Identifier: MIT */
/* The one three-valued walker of shell lists (walk.h). */
#include "walk.h"

static Truth walk_list(const ShellWalker *w, const Node *n, bool maybe) {
        if (n->list.background && w->background) {
                w->background(w->userdata, true);
                Node copy = *n;
                copy.list.background = false;
                (void) walk_list(w, &copy, maybe);
                w->background(w->userdata, false);
                return TRUTH_UNKNOWN;
        }
        if (n->list.is_if) {
                /* condition, body, condition, body..., [else]: a branch runs only maybe once
                 * an earlier condition was undecided. */
                bool undecided = false;
                size_t k = 0;
                for (; k + 1 < n->list.n; k += 2) {
                        Truth t = shell_walk(w, n->list.items[k], maybe || undecided);
                        if (t == TRUTH_FALSE)
                                continue;
                        (void) shell_walk(w, n->list.items[k + 1], maybe || undecided || t == TRUTH_UNKNOWN);
                        if (t == TRUTH_TRUE)
                                return TRUTH_UNKNOWN; /* no later branch runs */
                        undecided = true;
                }
                if (k < n->list.n) /* else */
                        (void) shell_walk(w, n->list.items[k], maybe || undecided);
                return TRUTH_UNKNOWN;
        }
        Truth status = TRUTH_TRUE;
        for (size_t i = 0; i < n->list.n; i++) {
                unsigned char link = n->list.links ? n->list.links[i] : 0;
                bool item_maybe = false;
                if (link & (LINK_AND | LINK_OR)) {
                        Truth runs = link & LINK_AND ? status : truth_not(status);
                        if (runs == TRUTH_FALSE)
                                continue; /* sh skips it; the status stays */
                        item_maybe = runs == TRUTH_UNKNOWN;
                }
                Truth t = shell_walk(w, n->list.items[i], maybe || item_maybe);
                if (link & LINK_NOT)
                        t = truth_not(t);
                status = item_maybe ? TRUTH_UNKNOWN : t;
        }
        return status;
}

Truth shell_walk(const ShellWalker *w, const Node *n, bool maybe) {
        if (n->kind == NODE_LIST)
                return walk_list(w, n, maybe);
        return w->leaf(w->userdata, n, maybe);
}
