/* SPDX-License-Identifier: MIT */
/* Tokens of init-script shell: words with their raw text, operators, here-documents
 * (shell.h). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "shell.h"
#include "strbuf.h"

typedef struct Lexer {
        const char *p;
        unsigned line;
        Tokens *out;
        Diags *diags;
        /* The word being read, reused for every word: its text then goes to the arena. */
        StrBuf word;
        /* heredoc delimiters waiting for the end of the current line */
        char *heredoc[8];
        bool heredoc_strip_tabs[8];
        size_t n_heredoc;
} Lexer;

typedef StrBuf Buf;

/* Byte classes, for the loops that run over every byte of a script. */
enum {
        C_BLANK = 1 << 0,   /* separates words (every whitespace but the newline) */
        C_OP = 1 << 1,      /* starts an operator */
        C_SPECIAL = 1 << 2, /* starts a quote, an escape or an expansion: \ ' " $ ` */
        C_END = 1 << 3,     /* ends a line or the text */
        C_NESTED = 1 << 4,  /* counts or may close inside $( ), ${ }, $[ ], ` `: ( ) [ ] { } ` */
};
static const unsigned char byte_class[256] = {
        [' '] = C_BLANK, ['\t'] = C_BLANK, ['\f'] = C_BLANK, ['\v'] = C_BLANK, ['\r'] = C_BLANK,
        [';'] = C_OP, ['&'] = C_OP, ['|'] = C_OP, ['('] = C_OP | C_NESTED, [')'] = C_OP | C_NESTED,
        ['<'] = C_OP, ['>'] = C_OP,
        ['\\'] = C_SPECIAL, ['\''] = C_SPECIAL, ['"'] = C_SPECIAL, ['$'] = C_SPECIAL, ['`'] = C_SPECIAL | C_NESTED,
        ['\n'] = C_END, ['\0'] = C_END,
        ['['] = C_NESTED, [']'] = C_NESTED, ['{'] = C_NESTED, ['}'] = C_NESTED,
};

static inline unsigned char class_of(char c) {
        return byte_class[(unsigned char) c];
}

static int buf_put(Buf *b, char c) {
        strbuf_putc(b, c);
        return b->error;
}

static int emit(Lexer *lx, TokenKind kind, const char *text, size_t len, unsigned line) {
        if (GROW(lx->out->items, lx->out->allocated, lx->out->n + 1) < 0)
                return -ENOMEM;
        lx->out->items[lx->out->n++] = (Token) { .kind = kind, .text = text, .len = len, .line = line };
        return 0;
}

/* op: a string of the operator table, which the token points to. */
static int emit_op(Lexer *lx, const char *op, size_t len) {
        lx->p += len;
        return emit(lx, TOKEN_OP, op, len, lx->line);
}

static int unterminated(Lexer *lx, unsigned line, const char *what) {
        diag_error(lx->diags, line, "unterminated %s", what);
        return -EINVAL;
}

/* Copies a quoted or nested construct into b, keeping it raw.  Handles nesting of
 * $( ), ${ }, quotes and backticks inside each other. */
static int lex_single_quoted(Lexer *lx, Buf *b) {
        unsigned start = lx->line;
        /* Nothing is special up to the closing quote: copy it at once. */
        const char *open = lx->p, *close = strchrnul(open + 1, '\'');
        for (const char *nl = open; (nl = memchr(nl, '\n', (size_t) (close - nl))); nl++)
                lx->line++;
        strbuf_append(b, open, (size_t) (close - open));
        lx->p = close;
        if (b->error)
                return b->error;
        if (!*lx->p)
                return unterminated(lx, start, "single quote (')");
        return buf_put(b, *lx->p++);
}

static int lex_nested(Lexer *lx, Buf *b, char close, const char *what);

/* Copies the opening character at lx->p, then the construct up to its close. */
static int lex_open(Lexer *lx, Buf *b, char close, const char *what) {
        int r = buf_put(b, *lx->p++);
        return r < 0 ? r : lex_nested(lx, b, close, what);
}

static int lex_dollar(Lexer *lx, Buf *b) {
        int r = buf_put(b, *lx->p++); /* '$' */
        if (r < 0)
                return r;
        /* $((...)) is one $( ) with a nested ( ): the depth count in lex_nested keeps
         * "<<" and ">" inside either as text, never a redirection or a here-document. */
        if (*lx->p == '(')
                return lex_open(lx, b, ')', "command substitution $(");
        if (*lx->p == '{')
                return lex_open(lx, b, '}', "parameter expansion ${");
        /* bash's old arithmetic $[ ... ], e.g. $[10 * (1 << $retry)] */
        if (*lx->p == '[')
                return lex_open(lx, b, ']', "arithmetic $[");
        return 0;
}

static int lex_double_quoted(Lexer *lx, Buf *b) {
        unsigned start = lx->line;
        int r = buf_put(b, *lx->p++);
        while (r >= 0 && *lx->p && *lx->p != '"') {
                if (*lx->p == '\\' && lx->p[1]) {
                        if (lx->p[1] == '\n') {
                                lx->p += 2;
                                lx->line++;
                                continue;
                        }
                        r = buf_put(b, *lx->p++);
                        if (r >= 0)
                                r = buf_put(b, *lx->p++);
                        continue;
                }
                if (*lx->p == '$') {
                        r = lex_dollar(lx, b);
                        continue;
                }
                if (*lx->p == '`') {
                        r = lex_open(lx, b, '`', "backquote (`)");
                        continue;
                }
                if (*lx->p == '\n') {
                        lx->line++;
                        r = buf_put(b, *lx->p++);
                        continue;
                }
                const char *e = lx->p + 1;
                while (*e && *e != '"' && *e != '\\' && *e != '$' && *e != '`' && *e != '\n')
                        e++;
                strbuf_append(b, lx->p, (size_t) (e - lx->p));
                r = b->error;
                lx->p = e;
        }
        if (r < 0)
                return r;
        if (!*lx->p)
                return unterminated(lx, start, "double quote (\")");
        return buf_put(b, *lx->p++);
}

static int lex_nested(Lexer *lx, Buf *b, char close, const char *what) {
        unsigned start = lx->line;
        int depth = 0, r = 0;
        while (r >= 0 && *lx->p) {
                char c = *lx->p;
                if (c == close && depth == 0)
                        return buf_put(b, *lx->p++);
                if (c == '\\' && lx->p[1]) {
                        if (lx->p[1] == '\n')
                                lx->line++;
                        r = buf_put(b, *lx->p++);
                        if (r >= 0)
                                r = buf_put(b, *lx->p++);
                } else if (c == '\'' && close != '`')
                        r = lex_single_quoted(lx, b);
                else if (c == '"')
                        r = lex_double_quoted(lx, b);
                else if (c == '$')
                        r = lex_dollar(lx, b);
                else if (c == '`' && close != '`')
                        r = lex_open(lx, b, '`', "backquote (`)");
                else if (!(class_of(c) & (C_SPECIAL | C_END | C_NESTED))) {
                        /* A run of bytes that neither nest nor close. */
                        const char *e = lx->p + 1;
                        while (!(class_of(*e) & (C_SPECIAL | C_END | C_NESTED)))
                                e++;
                        strbuf_append(b, lx->p, (size_t) (e - lx->p));
                        r = b->error;
                        lx->p = e;
                } else {
                        if ((close == ')' && c == '(') || (close == ']' && c == '['))
                                depth++;
                        else if ((close == ')' && c == ')') || (close == ']' && c == ']'))
                                depth--;
                        if (c == '\n')
                                lx->line++;
                        r = buf_put(b, *lx->p++);
                }
        }
        if (r < 0)
                return r;
        return unterminated(lx, start, what);
}

/* Blanks separate words.  Every whitespace character but the newline is one: a form
 * feed (a page break in old scripts) or a vertical tab is a separator to the reader,
 * never a word of its own. */
static bool is_blank(char c) {
        return class_of(c) & C_BLANK;
}

static bool is_operator_start(char c) {
        return class_of(c) & C_OP;
}

/* Bytes that are a word's text and nothing else (no quote, expansion, escape, blank,
 * operator or end). */
static bool is_plain(char c) {
        return !(class_of(c) & (C_BLANK | C_OP | C_SPECIAL | C_END));
}

static int lex_word(Lexer *lx) {
        Buf b = lx->word;
        b.n = 0;
        unsigned line = lx->line;
        int r = 0;
        while (r >= 0 && *lx->p && *lx->p != '\n' && !is_blank(*lx->p) && !is_operator_start(*lx->p)) {
                char c = *lx->p;
                if (c == '\\') {
                        if (lx->p[1] == '\n') {
                                lx->p += 2;
                                lx->line++;
                                continue;
                        }
                        r = buf_put(&b, *lx->p++);
                        if (r >= 0 && *lx->p)
                                r = buf_put(&b, *lx->p++);
                } else if (c == '\'')
                        r = lex_single_quoted(lx, &b);
                else if (c == '"')
                        r = lex_double_quoted(lx, &b);
                else if (c == '$')
                        r = lex_dollar(lx, &b);
                else if (c == '`')
                        r = lex_open(lx, &b, '`', "backquote (`)");
                else {
                        /* A run of plain bytes at once: most of a script's words are. */
                        const char *e = lx->p + 1;
                        while (is_plain(*e))
                                e++;
                        strbuf_append(&b, lx->p, (size_t) (e - lx->p));
                        r = b.error;
                        lx->p = e;
                }
        }
        lx->word = b;
        if (r < 0)
                return r;
        if (b.n == 0)
                return 0;
        char *text = arena_strndup(lx->out->arena, b.s, b.n);
        if (!text)
                return -ENOMEM;
        return emit(lx, TOKEN_WORD, text, b.n, line);
}

static char *unquote_delimiter(const char *raw) {
        char *out = malloc(strlen(raw) + 1);
        if (!out)
                return NULL;
        size_t o = 0;
        for (const char *p = raw; *p; p++)
                if (*p != '\'' && *p != '"' && *p != '\\')
                        out[o++] = *p;
        out[o] = '\0';
        return out;
}

/* After the newline that ends a line with heredocs, their bodies are text, not shell. */
static int skip_heredoc_bodies(Lexer *lx) {
        for (size_t i = 0; i < lx->n_heredoc; i++) {
                const char *delim = lx->heredoc[i];
                unsigned start = lx->line;
                bool found = false;
                while (*lx->p) {
                        const char *eol = strchr(lx->p, '\n');
                        size_t len = eol ? (size_t) (eol - lx->p) : strlen(lx->p);
                        const char *s = lx->p;
                        if (lx->heredoc_strip_tabs[i])
                                while (len > 0 && *s == '\t') {
                                        s++;
                                        len--;
                                }
                        lx->p = eol ? eol + 1 : lx->p + strlen(lx->p);
                        lx->line++;
                        if (len == strlen(delim) && strncmp(s, delim, len) == 0) {
                                found = true;
                                break;
                        }
                }
                if (!found)
                        diag_warn(lx->diags, start, "here-document delimited by '%s' has no end", delim);
                free(lx->heredoc[i]);
        }
        lx->n_heredoc = 0;
        return 0;
}

int shell_tokenize(const char *text, Tokens *ret, Diags *diags) {
        Tokens t = { .arena = arena_new() };
        if (!t.arena)
                return -ENOMEM;
        Lexer lx = { .p = text, .line = 1, .out = &t, .diags = diags };
        /* Room for about as many tokens as a script has (one per six bytes or so): the
         * array is not copied over and over as it grows. */
        int r = GROW(t.items, t.allocated, strlen(text) / 6 + 16);
        bool expect_heredoc_word = false, strip_tabs = false;

        while (r >= 0 && *lx.p) {
                char c = *lx.p;
                if (is_blank(c)) {
                        lx.p++;
                        continue;
                }
                if (c == '\\' && lx.p[1] == '\n') {
                        lx.p += 2;
                        lx.line++;
                        continue;
                }
                if (c == '\n') {
                        lx.p++;
                        r = emit(&lx, TOKEN_NEWLINE, NULL, 0, lx.line);
                        lx.line++;
                        if (r >= 0 && lx.n_heredoc)
                                r = skip_heredoc_bodies(&lx);
                        continue;
                }
                if (c == '#') {
                        lx.p = strchrnul(lx.p, '\n');
                        continue;
                }
                if (is_operator_start(c)) {
                        /* Longest first; the first byte rules out most. */
                        static const char *const ops[] = { ";;&", ";;", ";&", "&&", "&>>", "&>", "||", "|&", ">>",
                                                           ">&", ">|", "<<<", "<<-", "<<", "<&", "<>", ";", "&",
                                                           "|", "(", ")", "<", ">" };
                        for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
                                if (ops[i][0] != c)
                                        continue;
                                size_t n = strlen(ops[i]);
                                if (strncmp(lx.p, ops[i], n) == 0) {
                                        if (strcmp(ops[i], "<<") == 0 || strcmp(ops[i], "<<-") == 0) {
                                                expect_heredoc_word = true;
                                                strip_tabs = ops[i][2] == '-';
                                        }
                                        r = emit_op(&lx, ops[i], n);
                                        break;
                                }
                        }
                        continue;
                }
                /* "2>" and friends: a file descriptor number glued to a redirection. */
                if (isdigit((unsigned char) c) && (lx.p[1] == '>' || lx.p[1] == '<')) {
                        lx.p++;
                        continue;
                }
                size_t before = t.n;
                const char *start = lx.p;
                r = lex_word(&lx);
                if (r >= 0 && lx.p == start) {
                        /* A byte no rule takes must not stop the reader from moving on. */
                        lx.p++;
                        continue;
                }
                if (r >= 0 && expect_heredoc_word && t.n > before) {
                        expect_heredoc_word = false;
                        if (lx.n_heredoc < sizeof(lx.heredoc) / sizeof(lx.heredoc[0])) {
                                lx.heredoc[lx.n_heredoc] = unquote_delimiter(t.items[t.n - 1].text);
                                if (!lx.heredoc[lx.n_heredoc])
                                        r = -ENOMEM;
                                else
                                        lx.heredoc_strip_tabs[lx.n_heredoc++] = strip_tabs;
                        }
                }
        }
        for (size_t i = 0; i < lx.n_heredoc; i++)
                free(lx.heredoc[i]);
        strbuf_free(&lx.word);
        if (r >= 0)
                r = emit(&lx, TOKEN_EOF, NULL, 0, lx.line);
        if (r < 0) {
                tokens_free(&t);
                return r;
        }
        *ret = t;
        return 0;
}

void tokens_free(Tokens *t) {
        arena_free(t->arena);
        free(t->items);
        *t = (Tokens) {};
}
