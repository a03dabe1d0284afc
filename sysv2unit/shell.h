/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

/* A static reading of init-script shell: enough structure to find assignments, sourced
 * files, functions and the case statement that dispatches verbs.  Words keep their raw
 * text (quotes and all); expansion happens later against a variable environment. */

typedef enum TokenKind {
        TOKEN_WORD,
        TOKEN_OP,
        TOKEN_NEWLINE,
        TOKEN_EOF,
} TokenKind;

typedef struct Token {
        TokenKind kind;
        unsigned line;
        const char *text; /* WORD: raw text (in the arena); OP: the operator */
        size_t len;       /* of text */
} Token;

typedef struct Tokens {
        Token *items;
        size_t n, allocated;
        Arena *arena; /* the words' text */
} Tokens;

/* Returns 0, or -EINVAL with a diagnostic (unterminated quote, substitution or heredoc). */
int shell_tokenize(const char *text, Tokens *ret, Diags *diags);
void tokens_free(Tokens *t);

typedef struct Word {
        char *raw;
        unsigned line;
} Word;

typedef struct Node Node;

typedef struct Command {
        Word *words;
        size_t n_words, allocated_words;
        Word *redirect_out; /* target of the last '>' or '>>', if any */
        bool background;    /* ended with a single '&' */
} Command;

typedef struct CaseBranch {
        char **patterns; /* raw words, '|' already split */
        size_t n_patterns;
        Node *body;
        unsigned line;
} CaseBranch;

typedef enum NodeKind {
        NODE_COMMAND,
        NODE_LIST,
        NODE_CASE,
        NODE_FUNCTION,
} NodeKind;

/* How a list item is joined to the one before it, so that a reader can tell
 * "[ -z \"$X\" ] && X=default" from two unconditional commands. */
enum {
        LINK_AND = 1 << 0, /* after && */
        LINK_OR = 1 << 1,  /* after || */
        LINK_NOT = 1 << 2, /* preceded by ! */
};

/* Every node of a tree, and its words, come from one arena, which the root owns:
 * node_free() of the root frees the whole tree at once. */
struct Node {
        NodeKind kind;
        unsigned line;
        Arena *arena; /* the root's: the whole tree; NULL in every other node */
        Command command;
        struct {
                Node **items;
                unsigned char *links; /* LINK_* for each item */
                size_t n, allocated;
                /* if/elif/else: items are condition, body, condition, body, ...,
                 * and the else body last when n is odd */
                bool is_if;
                bool background; /* ( ... ) & and { ...; } & */
        } list;
        struct {
                Word subject;
                CaseBranch *branches;
                size_t n, allocated;
        } kase;
        struct {
                char *name;
                Node *body;
        } function;
};

/* if/while/for/{ }/( ) are flattened into lists: a static reader considers every branch. */
int shell_parse(const Tokens *tokens, Node **ret, Diags *diags);
/* Frees the tree of a root that shell_parse() or shell_read() returned; nothing else. */
void node_free(Node *n);

/* Convenience: tokenize and parse. */
int shell_read(const char *text, Node **ret, Diags *diags);
