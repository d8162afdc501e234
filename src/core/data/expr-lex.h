/* expr-lex.h -- what the expression parser's files share: tokens, the
 * parser's state, the lexer and the tree's node helpers (expr-lex.c), used
 * by the parser (expr-parse.c) and, for the rules of names and keywords,
 * by the printer (expr-print.c). Names are fair__data_lex_*. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_EXPR_LEX_H
#define FAIRSH_EXPR_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "data/data-private.h"

enum {
	K_EOF, K_NUM, K_STR, K_IDENT, K_QIDENT, K_LP, K_RP, K_COMMA,
	K_PLUS, K_MINUS, K_STAR, K_SLASH, K_PCT, K_CARET,
	K_ASSIGN, K_EQ, K_NE, K_LT, K_LE, K_GT, K_GE,
	K_AND, K_OR, K_NOT, K_IN, K_TRUE, K_FALSE, K_NA, K_INF
};

typedef struct tok {
	int    t;
	size_t pos, end;
	double num;
} tok;

typedef struct name_index {
	size_t *slot;          /* name index + 1, 0 = empty */
	size_t  mask;
} name_index;

typedef struct parser {
	const char *s;
	size_t      len;
	tok         cur;
	fair_error *err;
	bool        failed;
	unsigned    rdepth;
	fair_expr  *e;
	name_index  names;
} parser;

/* The first error wins: "position N: ..." (N counted in characters). */
int fair__data_lex_perr(parser *p, size_t off, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* names' first and later characters, a case-insensitive match of the
 * lower-case word @w, the keywords */
bool fair__data_lex_ident_start(unsigned char c);
bool fair__data_lex_ident_char(unsigned char c);
bool fair__data_lex_word_ieq(const char *s, size_t n, const char *w);
bool fair__data_lex_is_keyword(const char *s, size_t n);

/* tokens: the one at byte @i, moving on (p->cur), looking ahead, quoting
 * one for a message, decoding a string or backtick name (malloc'd) */
tok fair__data_lex_token(parser *p, size_t i);
void fair__data_lex_next(parser *p);
tok fair__data_lex_peek(parser *p);
void fair__data_lex_describe(const parser *p, const tok *t, char *out, size_t outlen);
char *fair__data_lex_decode(parser *p, const tok *t, size_t *len);

/* tree nodes: a new one, appending a child (freed on failure), whether a
 * node is a literal, the index of a column name in fair_expr.colnames
 * (added when new; (size_t)-1 when out of memory) */
xnode *fair__data_lex_mk(parser *p, int kind, size_t pos);
bool fair__data_lex_add_kid(parser *p, xnode *n, xnode *k);
bool fair__data_lex_is_literal(const xnode *n);
size_t fair__data_lex_column_ref(parser *p, const char *name, size_t len, size_t pos);

#endif
