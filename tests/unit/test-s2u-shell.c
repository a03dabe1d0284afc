/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "arena.h"
#include "expand.h"
#include "plan.h"
#include "shell.h"
#include "tree-cache.h"

static void test_tokens(void **state) {
        (void) state;
        Tokens t;
        Diags d = {};
        const char *text = "A=\"x y\" B='$q' # comment\n"
                           "echo $(cat \"$F\") `ls` ${X:-a b}; foo &&bar 2>&1 >/tmp/o &\n"
                           "cat <<EOF\n"
                           "case esac ( \" unbalanced\n"
                           "EOF\n"
                           "last \\\n  continued\n";
        assert_int_equal(shell_tokenize(text, &t, &d), 0);
        const char *want[] = { "A=\"x y\"", "B='$q'", "\n", "echo", "$(cat \"$F\")", "`ls`", "${X:-a b}", ";",
                               "foo", "&&", "bar", ">&", "1", ">", "/tmp/o", "&", "\n", "cat", "<<", "EOF", "\n",
                               "last", "continued", NULL };
        size_t k = 0;
        for (size_t i = 0; i < t.n && want[k]; i++, k++) {
                const char *got = t.items[i].kind == TOKEN_NEWLINE ? "\n" : t.items[i].text;
                if (!got || strcmp(got, want[k]))
                        fail_msg("token %zu: got '%s', want '%s'", i, got ? got : "(null)", want[k]);
        }
        assert_null(want[k]);
        assert_int_equal(t.items[t.n - 2].line, 7); /* "continued" is on line 7 */
        tokens_free(&t);
        diags_free(&d);
}

static void expect_lex_error(const char *text, unsigned line, const char *needle) {
        Tokens t;
        Diags d = {};
        assert_int_equal(shell_tokenize(text, &t, &d), -EINVAL);
        assert_int_equal(d.n_errors, 1);
        if (d.items[0].line != line || !strstr(d.items[0].message, needle))
                fail_msg("got %u '%s'", d.items[0].line, d.items[0].message);
        diags_free(&d);
}

static void test_lex_errors(void **state) {
        (void) state;
        expect_lex_error("a\nb \"open\n\nmore", 2, "unterminated double quote");
        expect_lex_error("x='open", 1, "unterminated single quote");
        expect_lex_error("y=$(foo\n", 1, "unterminated command substitution");
        expect_lex_error("z=${foo", 1, "unterminated parameter expansion");
        expect_lex_error("w=`foo", 1, "unterminated backquote");
}

static void test_parse_structure(void **state) {
        (void) state;
        const char *text = "f() {\n if [ -x /x ]; then a; elif b; then c; else d; fi\n}\n"
                           "function g { while true; do e; done; }\n"
                           "case \"$1\" in\n (start|go) f ;;\n stop) g\n ;;\n *) x ;;\nesac\n";
        Node *n;
        Diags d = {};
        assert_int_equal(shell_read(text, &n, &d), 0);
        assert_int_equal(n->kind, NODE_LIST);
        assert_int_equal(n->list.n, 3);
        assert_int_equal(n->list.items[0]->kind, NODE_FUNCTION);
        assert_string_equal(n->list.items[0]->function.name, "f");
        assert_string_equal(n->list.items[1]->function.name, "g");
        const Node *c = n->list.items[2];
        assert_int_equal(c->kind, NODE_CASE);
        assert_string_equal(c->kase.subject.raw, "\"$1\"");
        assert_int_equal(c->kase.n, 3);
        assert_int_equal(c->kase.branches[0].n_patterns, 2);
        assert_string_equal(c->kase.branches[0].patterns[1], "go");
        assert_int_equal(c->kase.branches[1].line, 7);
        node_free(n);
        diags_free(&d);
}

static void expect_parse_error(const char *text, const char *needle) {
        Node *n = NULL;
        Diags d = {};
        assert_int_equal(shell_read(text, &n, &d), -EINVAL);
        if (d.n_errors == 0 || !strstr(d.items[0].message, needle))
                fail_msg("for '%s' got '%s'", text, d.n ? d.items[0].message : "nothing");
        diags_free(&d);
}

static void test_parse_errors(void **state) {
        (void) state;
        expect_parse_error("if true; then x\n", "no matching 'fi'");
        expect_parse_error("case $1 in\n start) x ;;\n", "no matching 'esac'");
        expect_parse_error("while x; do y\n", "no matching 'done'");
        expect_parse_error("f() {\n x\n", "no matching '}'");
        expect_parse_error("fi\n", "unexpected 'fi'");
        expect_parse_error("echo >\n", "without a target");
}

static void test_deep_nesting(void **state) {
        (void) state;
        char text[4096] = "";
        for (int i = 0; i < 200; i++)
                strcat(text, "{ ");
        Node *n = NULL;
        Diags d = {};
        assert_int_equal(shell_read(text, &n, &d), -EINVAL);
        diags_free(&d);
}

static char *last_expanded;

/* Frees the last expansion; the next test starts clean. */
static void expand_done(void) {
        free(last_expanded);
        last_expanded = NULL;
}

static const char *expand(Env *e, const char *raw, bool *resolved) {
        free(last_expanded);
        last_expanded = NULL;
        ExpandContext ctx = { .env = e, .script_path = "/etc/init.d/foo", .script_name = "foo" };
        assert_int_equal(expand_word(raw, &ctx, &last_expanded, resolved), 0);
        return last_expanded;
}

static void test_expand(void **state) {
        (void) state;
        Env e = {};
        bool r;
        env_set(&e, "BASE", "/var/run", 1, NULL);
        env_set(&e, "prog", "foo", 2, NULL);
        env_set(&e, "RUNDIR", "/var/run/foo", 3, NULL);
        env_set(&e, "UNKNOWN", NULL, 4, NULL);
        env_set(&e, "EMPTY", "", 5, NULL);
        assert_string_equal(expand(&e, "$RUNDIR/$prog.pid", &r), "/var/run/foo/foo.pid");
        assert_true(r);
        assert_string_equal(expand(&e, "\"${BASE}/x y\"", &r), "/var/run/x y");
        assert_string_equal(expand(&e, "'$BASE'", &r), "$BASE");
        assert_string_equal(expand(&e, "\\$BASE", &r), "$BASE");
        assert_string_equal(expand(&e, "${NOPE:-$BASE/d.pid}", &r), "/var/run/d.pid");
        assert_true(r);
        assert_string_equal(expand(&e, "${EMPTY:-dflt}", &r), "dflt");
        assert_string_equal(expand(&e, "${EMPTY-dflt}", &r), "");
        assert_string_equal(expand(&e, "${prog:+yes}", &r), "yes");
        expand(&e, "$NOPE/x", &r);
        assert_false(r); /* never assigned: could come from the environment */
        expand(&e, "${UNKNOWN:-d}", &r);
        assert_false(r); /* assigned at run time: the default may not apply */
        expand(&e, "$1", &r);
        assert_false(r);
        expand(&e, "$(hostname).pid", &r);
        assert_false(r);
        assert_string_equal(expand(&e, "$0", &r), "/etc/init.d/foo");
        assert_string_equal(expand(&e, "$(basename $0)", &r), "foo");
        assert_string_equal(expand(&e, "`basename $0`", &r), "foo");
        assert_string_equal(expand(&e, "${0##*/}", &r), "foo");
        assert_string_equal(expand(&e, "${RUNDIR%/*}", &r), "/var/run");
        assert_string_equal(expand(&e, "${RUNDIR#*/}", &r), "var/run/foo");
        assert_string_equal(expand(&e, "${prog%%o*}", &r), "f");
        assert_true(r);
        assert_string_equal(expand(&e, "${SETME:=/srv/x}", &r), "/srv/x");
        assert_string_equal(env_get(&e, "SETME")->value, "/srv/x");
        assert_string_equal(expand(&e, "a$", &r), "a$");
        env_free(&e);
        expand_done();
}

static void test_assignment_names(void **state) {
        (void) state;
        assert_int_equal(assignment_name_length("FOO=bar"), 3);
        assert_int_equal(assignment_name_length("_x1="), 3);
        assert_int_equal(assignment_name_length("1x=y"), 0);
        assert_int_equal(assignment_name_length("--pidfile=x"), 0);
        assert_int_equal(assignment_name_length("FOO"), 0);
}

static void test_escaping(void **state) {
        (void) state;
        char *s = escape_plain_value("100% of C:\\x \\");
        assert_string_equal(s, "100%% of C:\\x");
        free(s);
        s = escape_plain_value("a\nb\rc");
        assert_string_equal(s, "a b c");
        free(s);
        s = escape_exec_path("/etc/init.d/foo");
        assert_string_equal(s, "/etc/init.d/foo");
        free(s);
        s = escape_exec_path("/opt/My Apps/init \"x\"\\");
        assert_string_equal(s, "\"/opt/My Apps/init \\\"x\\\"\\\\\"");
        free(s);
        s = escape_exec_path("/opt/50%/$HOME/run");
        assert_string_equal(s, "/opt/50%%/$$HOME/run");
        free(s);
}

static void test_render(void **state) {
        (void) state;
        UnitPlan p = {};
        assert_int_equal(plan_add(&p, SECTION_INSTALL, "WantedBy", "multi-user.target", "why 3"), 0);
        assert_int_equal(plan_add(&p, SECTION_UNIT, "Description", "50% x", "why 1"), 0);
        assert_int_equal(plan_add_exec(&p, "ExecStart", "/a b/c", "start", "why\n2"), 0);
        char *out;
        assert_int_equal(plan_render(&p, "note", false, &out), 0);
        assert_string_equal(out, "# note\n[Unit]\nDescription=50%% x\n\n[Service]\nExecStart=\"/a b/c\" start\n\n"
                                 "[Install]\nWantedBy=multi-user.target\n");
        free(out);
        assert_int_equal(plan_render(&p, NULL, true, &out), 0);
        assert_non_null(strstr(out, "# why 2\nExecStart="));
        assert_non_null(strstr(out, "# why 1\nDescription=50%% x"));
        free(out);
        plan_free(&p);
}

/* The words of text, newlines as "\n", or fails the test. */
static void expect_tokens(const char *text, const char *const *want) {
        Tokens t;
        Diags d = {};
        assert_int_equal(shell_tokenize(text, &t, &d), 0);
        size_t k = 0;
        for (size_t i = 0; i < t.n && t.items[i].kind != TOKEN_EOF; i++, k++) {
                const char *got = t.items[i].kind == TOKEN_NEWLINE ? "\n" : t.items[i].text;
                if (!want[k] || strcmp(got, want[k]))
                        fail_msg("'%s' token %zu: got '%s', want '%s'", text, i, got, want[k] ? want[k] : "(end)");
        }
        if (want[k])
                fail_msg("'%s': missing token '%s'", text, want[k]);
        tokens_free(&t);
        diags_free(&d);
}

static void on_alarm(int sig) {
        (void) sig;
        fail_msg("the lexer did not finish (a loop on a whitespace character?)");
}

static void test_every_whitespace(void **state) {
        (void) state;
        /* A form feed used to make the lexer loop forever: bound the test. */
        signal(SIGALRM, on_alarm);
        alarm(10);
        expect_tokens("a\fb\n\f\nc\vd\te", (const char *const[]) { "a", "b", "\n", "\n", "c", "d", "e", NULL });
        expect_tokens("start)\f\n\tdaemon x ;;", (const char *const[]) { "start", ")", "\n", "daemon", "x", ";;", NULL });
        alarm(0);
}

static void test_arithmetic_is_no_heredoc(void **state) {
        (void) state;
        /* "<<" inside arithmetic is a shift: the rest of the script is not a here-document. */
        expect_tokens("sleep $[10 * (1 << $retry)]\nafter\n",
                      (const char *const[]) { "sleep", "$[10 * (1 << $retry)]", "\n", "after", "\n", NULL });
        expect_tokens("n=$(( (1 << 2) + $[a[1]] ))\nafter\n",
                      (const char *const[]) { "n=$(( (1 << 2) + $[a[1]] ))", "\n", "after", "\n", NULL });
        /* a here-string is not a here-document either */
        expect_tokens("read a <<< \"$x\"\nafter\n",
                      (const char *const[]) { "read", "a", "<<<", "\"$x\"", "\n", "after", "\n", NULL });
        /* real here-documents: the body is skipped, whatever it holds */
        expect_tokens("cat <<EOF >&2\n$[ ( \" '\nEOF\nx\ncat <<-'E'\n\tbody\n\tE\ny\n",
                      (const char *const[]) { "cat", "<<", "EOF", ">&", "2", "\n", "x", "\n", "cat", "<<-", "'E'", "\n",
                                              "y", "\n", NULL });
}

static void test_expand_unset_alternative(void **state) {
        (void) state;
        Env e = {};
        bool r;
        env_set(&e, "NAME", "x", 1, NULL);
        /* ${VAR:+...} of a variable never set is empty, and known */
        assert_string_equal(expand(&e, "/run/$NAME${INST:+.$INST}.pid", &r), "/run/x.pid");
        assert_true(r);
        assert_string_equal(expand(&e, "${PIDFILE:+--pidfile \"$PIDFILE\"}", &r), "");
        assert_true(r);
        /* arithmetic is a run-time value */
        expand(&e, "$[1 + 2]", &r);
        assert_false(r);
        expand(&e, "$((1 << 2))", &r);
        assert_false(r);
        env_free(&e);
        expand_done();
}

/* A copy reads through to its source; what it sets or unsets is its own. */
static void test_env_copy_reads_through(void **state) {
        (void) state;
        Env e = {}, c;
        assert_int_equal(env_set(&e, "A", "1", 1, NULL), 0);
        assert_int_equal(env_set(&e, "B", "2", 2, "/etc/default/x"), 0);
        assert_int_equal(env_copy(&e, &c), 0);
        assert_string_equal(env_get(&c, "A")->value, "1");
        assert_string_equal(env_get(&c, "B")->file, "/etc/default/x");
        assert_int_equal(env_set(&c, "A", "3", 5, NULL), 0);
        assert_int_equal(env_unset(&c, "B", 6, NULL), 0);
        assert_int_equal(env_set(&c, "C", "4", 7, NULL), 0);
        assert_string_equal(env_get(&c, "A")->value, "3");
        assert_true(env_get(&c, "B")->unset);
        assert_string_equal(env_get(&c, "C")->value, "4");
        /* the source is untouched */
        assert_string_equal(env_get(&e, "A")->value, "1");
        assert_false(env_get(&e, "B")->unset);
        assert_null(env_get(&e, "C"));
        /* a copy of a copy */
        Env cc;
        assert_int_equal(env_copy(&c, &cc), 0);
        assert_string_equal(env_get(&cc, "A")->value, "3");
        assert_true(env_get(&cc, "B")->unset);
        assert_null(env_get(&cc, "D"));
        env_free(&cc);
        env_free(&c);
        assert_string_equal(env_get(&e, "A")->value, "1");
        env_free(&e);
}

/* Objects from an arena are zeroed, aligned, kept apart, and survive growing. */
static void test_arena(void **state) {
        (void) state;
        Arena *a = arena_new();
        assert_non_null(a);
        char *prev = NULL;
        for (size_t i = 0; i < 5000; i++) {
                size_t n = 1 + i % 97;
                unsigned char *p = arena_alloc(a, n);
                assert_non_null(p);
                assert_int_equal((uintptr_t) p % _Alignof(max_align_t), 0);
                for (size_t k = 0; k < n; k++)
                        assert_int_equal(p[k], 0);
                memset(p, 0xa5, n);
                if (prev)
                        assert_int_equal((unsigned char) prev[0], 0xa5);
                prev = (char *) p;
        }
        char *big = arena_alloc(a, 200000); /* more than a chunk */
        assert_non_null(big);
        big[199999] = 'x';
        char *s = arena_strndup(a, "hello, world", 5);
        assert_string_equal(s, "hello");
        int *v = NULL;
        size_t allocated = 0;
        for (int i = 0; i < 1000; i++) {
                assert_int_equal(ARENA_GROW(a, v, allocated, (size_t) i + 1), 0);
                v[i] = i * 3;
        }
        for (int i = 0; i < 1000; i++)
                assert_int_equal(v[i], i * 3);
        assert_string_equal(s, "hello");
        arena_free(a);
        arena_free(NULL);
}

/* A word with nothing to expand skips the expander: the same value and fields as the
 * expander gives an equivalent word with (empty) quotes. */
static void test_plain_words(void **state) {
        (void) state;
        Env e = {};
        ExpandContext ctx = { .env = &e, .script_path = "/etc/init.d/x", .script_name = "x" };
        size_t len;
        assert_true(expand_plain_word("--pidfile=/run/x.pid", &len));
        assert_int_equal(len, 20);
        assert_false(expand_plain_word("$X", &len));
        assert_false(expand_plain_word("a\\b", &len));
        assert_false(expand_plain_word("''", &len));
        const char *pairs[][2] = { { "/usr/sbin/x", "/usr/sbin/''x" }, { "-f", "-''f" }, { "a,b=c", "a,b=\"\"c" } };
        for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
                char **f1 = NULL, **f2 = NULL, *w1 = NULL, *w2 = NULL;
                size_t n1, n2;
                bool r1, r2;
                assert_int_equal(expand_fields(pairs[i][0], &ctx, &f1, &n1, &r1), 0);
                assert_int_equal(expand_fields(pairs[i][1], &ctx, &f2, &n2, &r2), 0);
                assert_int_equal(n1, 1);
                assert_int_equal(n2, 1);
                assert_string_equal(f1[0], f2[0]);
                assert_true(r1 && r2);
                assert_int_equal(expand_word(pairs[i][0], &ctx, &w1, &r1), 0);
                assert_int_equal(expand_word(pairs[i][1], &ctx, &w2, &r2), 0);
                assert_string_equal(w1, w2);
                assert_string_equal(w1, pairs[i][0]);
                free(f1[0]);
                free(f1);
                free(f2[0]);
                free(f2);
                free(w1);
                free(w2);
        }
        env_free(&e);
}

/* The cache gives a tree back for the same path and text only, with its warnings. */
static void test_tree_cache(void **state) {
        (void) state;
        TreeCache *c = tree_cache_new();
        assert_non_null(c);
        const char *text = "PIDFILE=/run/x.pid\ncat <<EOF\nno end\n";
        Node *tree = NULL;
        Diags d = {};
        assert_int_equal(shell_read(text, &tree, &d), 0);
        assert_int_equal(d.n, 1); /* the here-document without its end */
        const Diags *got = NULL;
        assert_null(tree_cache_get(c, "/etc/default/x", text, &got));
        assert_true(tree_cache_put(c, "/etc/default/x", text, tree, &d));
        diags_free(&d);
        assert_ptr_equal(tree_cache_get(c, "/etc/default/x", text, &got), tree);
        assert_int_equal(got->n, 1);
        assert_string_equal(got->items[0].message, "here-document delimited by 'EOF' has no end");
        assert_null(tree_cache_get(c, "/etc/default/y", text, &got));
        assert_null(tree_cache_get(c, "/etc/default/x", "PIDFILE=/run/y.pid\n", &got));
        tree_cache_free(c);
        tree_cache_free(NULL);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_tokens),           cmocka_unit_test(test_lex_errors),
                cmocka_unit_test(test_parse_structure),  cmocka_unit_test(test_parse_errors),
                cmocka_unit_test(test_deep_nesting),     cmocka_unit_test(test_expand),
                cmocka_unit_test(test_assignment_names), cmocka_unit_test(test_escaping),
                cmocka_unit_test(test_render),           cmocka_unit_test(test_every_whitespace),
                cmocka_unit_test(test_arithmetic_is_no_heredoc), cmocka_unit_test(test_expand_unset_alternative),
                cmocka_unit_test(test_env_copy_reads_through), cmocka_unit_test(test_arena),
                cmocka_unit_test(test_plain_words),      cmocka_unit_test(test_tree_cache),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
