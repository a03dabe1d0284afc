/* SPDX-License-Identifier: MIT */
/* Init-script shell parsed into lists, commands, case statements and functions
 * (shell.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "macro.h"
#include "shell.h"

#define NESTING_MAX 64

typedef struct Parser {
        const Tokens *t;
        size_t i;
        Arena *arena;      /* where the tree goes */
        bool shared_text;  /* the tokens' text is in that arena too: words point to it */
        Diags *diags;
        unsigned depth;
        int error;
} Parser;

static const Token *peek(Parser *p) {
        return &p->t->items[p->i];
}

/* The parser asks these of every token, many times: the first byte settles most. */
static bool is_word(const Token *t, const char *w) {
        return t->kind == TOKEN_WORD && t->text[0] == w[0] && strcmp(t->text, w) == 0;
}

static bool is_op(const Token *t, const char *op) {
        return t->kind == TOKEN_OP && t->text[0] == op[0] && strcmp(t->text, op) == 0;
}

static Node *node_new(Parser *p, NodeKind kind, unsigned line) {
        Node *n = arena_alloc(p->arena, sizeof(Node));
        if (n) {
                n->kind = kind;
                n->line = line;
        }
        return n;
}

static int list_append_linked(Parser *p, Node *list, Node *item, unsigned char link) {
        size_t allocated = list->list.allocated;
        if (ARENA_GROW(p->arena, list->list.items, list->list.allocated, list->list.n + 1) < 0 ||
            arena_grow(p->arena, (void **) &list->list.links, &allocated, list->list.n + 1, 1) < 0) {
                p->error = -ENOMEM;
                return -ENOMEM;
        }
        list->list.links[list->list.n] = link;
        list->list.items[list->list.n++] = item;
        return 0;
}

static int list_append(Parser *p, Node *list, Node *item) {
        return list_append_linked(p, list, item, 0);
}

static void skip_newlines(Parser *p) {
        while (peek(p)->kind == TOKEN_NEWLINE || is_op(peek(p), ";"))
                p->i++;
}

/* Words that end a list, depending on what encloses it. */
static bool is_terminator(const Token *t, const char *const *terms) {
        if (t->kind == TOKEN_EOF)
                return true;
        for (; *terms; terms++) {
                if ((*terms)[0] == ':' && t->kind == TOKEN_OP && strcmp(t->text, *terms + 1) == 0)
                        return true;
                if ((*terms)[0] != ':' && is_word(t, *terms))
                        return true;
        }
        return false;
}

static Node *parse_list(Parser *p, const char *const *terms);

_printf_(3, 4) static int fail(Parser *p, unsigned line, const char *fmt, ...) {
        if (!p->error) {
                char buf[256];
                va_list ap;
                va_start(ap, fmt);
                vsnprintf(buf, sizeof(buf), fmt, ap);
                va_end(ap);
                diag_error(p->diags, line, "%s", buf);
        }
        p->error = -EINVAL;
        return -EINVAL;
}

static bool expect_word(Parser *p, const char *w, unsigned open_line, const char *construct) {
        if (is_word(peek(p), w)) {
                p->i++;
                return true;
        }
        fail(p, open_line, "'%s' opened here has no matching '%s'", construct, w);
        return false;
}

static int word_set(Parser *p, Word *w, const Token *t) {
        w->raw = p->shared_text ? (char *) t->text : arena_strndup(p->arena, t->text, t->len);
        w->line = t->line;
        return w->raw ? 0 : -ENOMEM;
}

static Node *parse_simple(Parser *p) {
        const Token *first = peek(p);
        Node *n = node_new(p, NODE_COMMAND, first->line);
        if (!n) {
                p->error = -ENOMEM;
                return NULL;
        }
        for (;;) {
                const Token *t = peek(p);
                if (t->kind == TOKEN_WORD) {
                        if (ARENA_GROW(p->arena, n->command.words, n->command.allocated_words, n->command.n_words + 1) < 0)
                                goto oom;
                        if (word_set(p, &n->command.words[n->command.n_words], t) < 0)
                                goto oom;
                        n->command.n_words++;
                        p->i++;
                        continue;
                }
                if (t->kind == TOKEN_OP && (t->text[0] == '>' || t->text[0] == '<' || !strncmp(t->text, "&>", 2))) {
                        bool out = t->text[0] == '>' || t->text[0] == '&';
                        bool dup = !strcmp(t->text, ">&") || !strcmp(t->text, "<&");
                        p->i++;
                        if (peek(p)->kind != TOKEN_WORD) {
                                fail(p, t->line, "redirection '%s' without a target", t->text);
                                return NULL;
                        }
                        if (out && !dup) {
                                if (!n->command.redirect_out)
                                        n->command.redirect_out = arena_alloc(p->arena, sizeof(Word));
                                if (!n->command.redirect_out || word_set(p, n->command.redirect_out, peek(p)) < 0)
                                        goto oom;
                        }
                        p->i++;
                        continue;
                }
                break;
        }
        if (is_op(peek(p), "&")) {
                n->command.background = true;
                p->i++;
        }
        return n;
oom:
        p->error = -ENOMEM;
        return NULL;
}

static int split_patterns(Parser *p, CaseBranch *b, const Token *t, size_t *allocated) {
        if (ARENA_GROW(p->arena, b->patterns, *allocated, b->n_patterns + 1) < 0)
                return -ENOMEM;
        b->patterns[b->n_patterns] = p->shared_text ? (char *) t->text : arena_strndup(p->arena, t->text, t->len);
        if (!b->patterns[b->n_patterns])
                return -ENOMEM;
        b->n_patterns++;
        return 0;
}

static Node *parse_case(Parser *p) {
        const Token *kw = peek(p);
        p->i++;
        if (peek(p)->kind != TOKEN_WORD) {
                fail(p, kw->line, "'%s' without a word to test", "case");
                return NULL;
        }
        Node *n = node_new(p, NODE_CASE, kw->line);
        if (!n || word_set(p, &n->kase.subject, peek(p)) < 0) {
                p->error = -ENOMEM;
                return NULL;
        }
        p->i++;
        skip_newlines(p);
        if (!expect_word(p, "in", kw->line, "case")) {
                return NULL;
        }
        for (;;) {
                skip_newlines(p);
                if (is_word(peek(p), "esac")) {
                        p->i++;
                        return n;
                }
                if (peek(p)->kind == TOKEN_EOF) {
                        fail(p, kw->line, "'%s' opened here has no matching 'esac'", "case");
                        return NULL;
                }
                if (ARENA_GROW(p->arena, n->kase.branches, n->kase.allocated, n->kase.n + 1) < 0)
                        goto oom;
                CaseBranch *br = &n->kase.branches[n->kase.n++];
                *br = (CaseBranch) { .line = peek(p)->line };
                size_t allocated_patterns = 0;
                if (is_op(peek(p), "("))
                        p->i++;
                for (;;) {
                        const Token *t = peek(p);
                        if (t->kind != TOKEN_WORD) {
                                fail(p, t->line, "expected a case pattern, found '%s'", t->text ? t->text : "end of line");
                                return NULL;
                        }
                        if (split_patterns(p, br, t, &allocated_patterns) < 0)
                                goto oom;
                        p->i++;
                        if (is_op(peek(p), "|")) {
                                p->i++;
                                continue;
                        }
                        if (is_op(peek(p), ")")) {
                                p->i++;
                                break;
                        }
                        fail(p, peek(p)->line, "expected ')' after case pattern '%s'", t->text);
                        return NULL;
                }
                static const char *const terms[] = { ":;;", ":;&", ":;;&", "esac", NULL };
                br->body = parse_list(p, terms);
                if (!br->body) {
                        return NULL;
                }
                if (is_op(peek(p), ";;") || is_op(peek(p), ";&") || is_op(peek(p), ";;&"))
                        p->i++;
        }
oom:
        p->error = -ENOMEM;
        return NULL;
}

/* A compound command's inner lists, flattened into one list node. */
static Node *parse_compound(Parser *p) {
        const Token *kw = peek(p);
        unsigned line = kw->line;
        Node *n = node_new(p, NODE_LIST, line);
        if (!n) {
                p->error = -ENOMEM;
                return NULL;
        }
        Node *part = NULL;

#define PART(...)                                                        \
        do {                                                             \
                static const char *const terms_[] = { __VA_ARGS__, NULL }; \
                part = parse_list(p, terms_);                            \
                if (!part || list_append(p, n, part) < 0)                \
                        goto fail;                                       \
        } while (0)

        if (is_word(kw, "if")) {
                n->list.is_if = true;
                p->i++;
                PART("then");
                if (!expect_word(p, "then", line, "if"))
                        goto fail;
                for (;;) {
                        PART("elif", "else", "fi");
                        if (is_word(peek(p), "elif")) {
                                p->i++;
                                PART("then");
                                if (!expect_word(p, "then", line, "elif"))
                                        goto fail;
                                continue;
                        }
                        if (is_word(peek(p), "else")) {
                                p->i++;
                                continue;
                        }
                        if (!expect_word(p, "fi", line, "if"))
                                goto fail;
                        break;
                }
        } else if (is_word(kw, "while") || is_word(kw, "until")) {
                p->i++;
                PART("do");
                if (!expect_word(p, "do", line, kw->text))
                        goto fail;
                PART("done");
                if (!expect_word(p, "done", line, "while"))
                        goto fail;
        } else if (is_word(kw, "for") || is_word(kw, "select")) {
                p->i++;
                while (peek(p)->kind != TOKEN_EOF && !is_word(peek(p), "do"))
                        p->i++;
                if (!expect_word(p, "do", line, "for"))
                        goto fail;
                PART("done");
                if (!expect_word(p, "done", line, "for"))
                        goto fail;
        } else if (is_word(kw, "{")) {
                p->i++;
                PART("}");
                if (!expect_word(p, "}", line, "{"))
                        goto fail;
        } else if (is_op(kw, "(")) {
                p->i++;
                PART(":)");
                if (!is_op(peek(p), ")")) {
                        fail(p, line, "'%s' opened here has no matching ')'", "(");
                        goto fail;
                }
                p->i++;
        }
#undef PART
        /* Redirections and '&' after a compound command. */
        while (peek(p)->kind == TOKEN_OP && (peek(p)->text[0] == '>' || peek(p)->text[0] == '<')) {
                p->i++;
                if (peek(p)->kind == TOKEN_WORD)
                        p->i++;
        }
        if (is_op(peek(p), "&")) {
                n->list.background = true;
                p->i++;
        }
        return n;
fail:
        return NULL;
}

static Node *parse_function(Parser *p, const char *name, unsigned line) {
        skip_newlines(p);
        const Token *t = peek(p);
        if (!(is_word(t, "{") || is_op(t, "(") || is_word(t, "if") || is_word(t, "while") || is_word(t, "for"))) {
                fail(p, line, "function '%s' has no body", name);
                return NULL;
        }
        Node *body = parse_compound(p);
        if (!body)
                return NULL;
        Node *n = node_new(p, NODE_FUNCTION, line);
        if (!n || !(n->function.name = arena_strndup(p->arena, name, strlen(name)))) {
                p->error = -ENOMEM;
                return NULL;
        }
        n->function.body = body;
        return n;
}

static Node *parse_command(Parser *p) {
        const Token *t = peek(p);
        if (++p->depth > NESTING_MAX) {
                fail(p, t->line, "nesting deeper than %s levels", "64");
                return NULL;
        }
        Node *n = NULL;
        if (is_word(t, "case"))
                n = parse_case(p);
        else if (is_word(t, "if") || is_word(t, "while") || is_word(t, "until") || is_word(t, "for") ||
                 is_word(t, "select") || is_word(t, "{") || is_op(t, "("))
                n = parse_compound(p);
        else if (is_word(t, "function") && p->t->items[p->i + 1].kind == TOKEN_WORD) {
                p->i++;
                const Token *name = peek(p);
                p->i++;
                if (is_op(peek(p), "(") && is_op(&p->t->items[p->i + 1], ")"))
                        p->i += 2;
                n = parse_function(p, name->text, t->line);
        } else if (t->kind == TOKEN_WORD && is_op(&p->t->items[p->i + 1], "(") &&
                   is_op(&p->t->items[p->i + 2], ")")) {
                p->i += 3;
                n = parse_function(p, t->text, t->line);
        } else if (t->kind == TOKEN_WORD || (t->kind == TOKEN_OP && (t->text[0] == '>' || t->text[0] == '<')))
                n = parse_simple(p);
        else if (is_word(t, "!"))
                p->i++;
        else {
                fail(p, t->line, "unexpected '%s'", t->text ? t->text : "end of line");
                n = NULL;
        }
        p->depth--;
        return n;
}

static Node *parse_list(Parser *p, const char *const *terms) {
        Node *list = node_new(p, NODE_LIST, peek(p)->line);
        if (!list) {
                p->error = -ENOMEM;
                return NULL;
        }
        unsigned char link = 0;
        for (;;) {
                while (peek(p)->kind == TOKEN_NEWLINE || is_op(peek(p), ";") || is_op(peek(p), "&&") ||
                       is_op(peek(p), "||") || is_op(peek(p), "|") || is_op(peek(p), "|&") || is_word(peek(p), "!")) {
                        if (is_op(peek(p), "&&"))
                                link = LINK_AND;
                        else if (is_op(peek(p), "||"))
                                link = LINK_OR;
                        else if (is_word(peek(p), "!"))
                                link |= LINK_NOT;
                        else
                                link = 0;
                        p->i++;
                }
                if (is_terminator(peek(p), terms))
                        return list;
                if (is_op(peek(p), ")") || is_op(peek(p), ";;") || is_word(peek(p), "}") ||
                    is_word(peek(p), "fi") || is_word(peek(p), "done") || is_word(peek(p), "esac") ||
                    is_word(peek(p), "then") || is_word(peek(p), "do") || is_word(peek(p), "elif") ||
                    is_word(peek(p), "else")) {
                        fail(p, peek(p)->line, "unexpected '%s'", peek(p)->text);
                        return NULL;
                }
                Node *c = parse_command(p);
                if (!c) {
                        if (p->error) {
                                return NULL;
                        }
                        continue;
                }
                if (list_append_linked(p, list, c, link) < 0) {
                        p->error = -ENOMEM;
                        return NULL;
                }
                link = 0;
        }
}

/* arena: where the tree goes; shared_text: the tokens' text is in it (shell_read). */
static int parse_into(const Tokens *tokens, Arena *arena, bool shared_text, Node **ret, Diags *diags) {
        Parser p = { .t = tokens, .diags = diags, .arena = arena, .shared_text = shared_text };
        static const char *const terms[] = { NULL };
        Node *n = parse_list(&p, terms);
        if (!n)
                return p.error ? p.error : -ENOMEM;
        n->arena = arena;
        *ret = n;
        return 0;
}

int shell_parse(const Tokens *tokens, Node **ret, Diags *diags) {
        Arena *a = arena_new();
        if (!a)
                return -ENOMEM;
        int r = parse_into(tokens, a, false, ret, diags);
        if (r < 0)
                arena_free(a);
        return r;
}

/* Every node and word is in the root's arena: nothing to free one by one. */
void node_free(Node *n) {
        if (n)
                arena_free(n->arena);
}

int shell_read(const char *text, Node **ret, Diags *diags) {
        Tokens t;
        int r = shell_tokenize(text, &t, diags);
        if (r < 0)
                return r;
        /* The tree keeps the tokens' arena: its words are their text. */
        r = parse_into(&t, t.arena, true, ret, diags);
        if (r >= 0)
                t.arena = NULL;
        tokens_free(&t);
        return r;
}
