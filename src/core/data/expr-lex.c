/* expr-lex.c -- the expression language's lexer (text -> tokens, with
 * errors at their position), positions, quoting and did-you-mean
 * distances for messages, and the helpers that build the syntax tree; the
 * parser is expr-parse.c. */
/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/csv.h"
#include "data/expr-lex.h"
#include "fairsh/text.h"

/* ---- positions, quoting, distances ---- */

size_t
fair__data_expr_pos(const char *text, size_t off)
{
	size_t col = 1;

	for (size_t i = 0; i < off && text[i] != '\0'; i++)
		col += ((unsigned char)text[i] & 0xC0) != 0x80;
	return col;
}

void
fair__data_expr_quote(char *out, size_t outlen, const char *s, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len && o + 8 < outlen; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i >= 40) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(out + o, outlen - o, "\\x%02X", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
}

static int
lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* the shared edit distance (base/nearest.c) */
size_t
fair__data_expr_distance(const char *a, const char *b, size_t cap)
{
	return fair_text_distance(a, b, cap);
}

/* ---- lexer ---- */

static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

int
fair__data_lex_perr(parser *p, size_t off, int code, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (p->failed)
		return code;
	p->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return fair_error_set(p->err, code, "position %zu: %s", fair__data_expr_pos(p->s, off), msg);
}

bool
fair__data_lex_ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

bool
fair__data_lex_ident_char(unsigned char c)
{
	return fair__data_lex_ident_start(c) || (c >= '0' && c <= '9') || c == '.';
}

bool
fair__data_lex_word_ieq(const char *s, size_t n, const char *w)
{
	size_t i = 0;
	for (; i < n && w[i] != '\0'; i++)
		if (lower_ascii((unsigned char)s[i]) != w[i])
			return false;
	return i == n && w[i] == '\0';
}

static const struct { const char *w; int t; } keywords[] = {
	{ "and", K_AND }, { "or", K_OR }, { "not", K_NOT }, { "in", K_IN },
	{ "true", K_TRUE }, { "false", K_FALSE }, { "na", K_NA }, { "inf", K_INF },
};

bool
fair__data_lex_is_keyword(const char *s, size_t n)
{
	for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
		if (fair__data_lex_word_ieq(s, n, keywords[k].w))
			return true;
	return false;
}

/* Checks the UTF-8 sequence at @i; returns its length or 0 after an error. */
static size_t
check_utf8(parser *p, size_t i)
{
	const unsigned char *u = (const unsigned char *)p->s;
	size_t n = fair__data_csv_utf8_len(u + i, u + p->len);
	if (n == 0)
		fair__data_lex_perr(p, i, FAIR_EINVAL, "invalid UTF-8 byte 0x%02X", u[i]);
	return n;
}

/* "'text'" of the token at [pos, end) for messages */
void
fair__data_lex_describe(const parser *p, const tok *t, char *out, size_t outlen)
{
	char q[64];

	if (t->t == K_EOF) {
		snprintf(out, outlen, "end of expression");
		return;
	}
	fair__data_expr_quote(q, sizeof q, p->s + t->pos, t->end - t->pos);
	snprintf(out, outlen, "'%s'", q);
}

tok
fair__data_lex_token(parser *p, size_t i)
{
	const char *s = p->s;
	tok t = { K_EOF, i, i, 0 };
	unsigned char c;

	while (i < p->len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
	                      s[i] == '\f' || s[i] == '\v'))
		i++;
	t.pos = t.end = i;
	if (i >= p->len)
		return t;
	c = (unsigned char)s[i];
	if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < p->len && s[i + 1] >= '0' && s[i + 1] <= '9')) {
		size_t j = i;
		while (j < p->len && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j < p->len && s[j] == '.')
			for (j++; j < p->len && s[j] >= '0' && s[j] <= '9'; j++)
				;
		if (j < p->len && (s[j] == 'e' || s[j] == 'E')) {
			size_t k = j + 1;
			if (k < p->len && (s[k] == '+' || s[k] == '-'))
				k++;
			if (k < p->len && s[k] >= '0' && s[k] <= '9') {
				while (k < p->len && s[k] >= '0' && s[k] <= '9')
					k++;
				j = k;
			}
		}
		t.t = K_NUM;
		t.end = j;
		if (j < p->len && fair__data_lex_ident_char((unsigned char)s[j])) {
			size_t k = j;
			while (k < p->len && fair__data_lex_ident_char((unsigned char)s[k]))
				k++;
			char q[64];
			fair__data_expr_quote(q, sizeof q, s + i, k - i);
			fair__data_lex_perr(p, i, FAIR_EINVAL, "malformed number '%s'", q);
			return t;
		}
		if (!fair_csv_parse_double(s + i, j - i, &t.num) || isinf(t.num)) {
			char q[64];
			fair__data_expr_quote(q, sizeof q, s + i, j - i);
			fair__data_lex_perr(p, i, FAIR_EINVAL, "number '%s' is out of range", q);
		}
		return t;
	}
	if (c == '\'' || c == '"' || c == '`') {
		size_t j = i + 1;
		for (;;) {
			if (j >= p->len) {
				if (c == '`')
					fair__data_lex_perr(p, i, FAIR_EINVAL,
					                    "unterminated name: no closing '`'");
				else
					fair__data_lex_perr(p, i, FAIR_EINVAL,
					                    "unterminated string: no closing %c", c);
				return t;
			}
			unsigned char d = (unsigned char)s[j];
			if (d == c) {
				if (j + 1 < p->len && (unsigned char)s[j + 1] == c) {
					j += 2;
					continue;
				}
				break;
			}
			if (d == '\\' && c != '`') {
				char x = j + 1 < p->len ? s[j + 1] : '\0';
				if (strchr("\\'\"ntr", x) == NULL || x == '\0') {
					char q[16];
					fair__data_expr_quote(q, sizeof q, s + j, j + 1 < p->len ? 2 : 1);
					fair__data_lex_perr(p, j, FAIR_EINVAL,
					                    "unknown escape '%s' in a string (use \\\\ \\' \\\" \\n \\t \\r)", q);
					return t;
				}
				j += 2;
				continue;
			}
			if (d >= 0x80) {
				size_t n = check_utf8(p, j);
				if (n == 0)
					return t;
				j += n;
				continue;
			}
			j++;
		}
		t.t = c == '`' ? K_QIDENT : K_STR;
		t.end = j + 1;
		if (c == '`' && j == i + 1)
			fair__data_lex_perr(p, i, FAIR_EINVAL, "empty column name ``");
		return t;
	}
	if (fair__data_lex_ident_start(c)) {
		size_t j = i;
		while (j < p->len && fair__data_lex_ident_char((unsigned char)s[j])) {
			if ((unsigned char)s[j] >= 0x80) {
				size_t n = check_utf8(p, j);
				if (n == 0)
					return t;
				j += n;
			} else {
				j++;
			}
		}
		t.t = K_IDENT;
		t.end = j;
		for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
			if (fair__data_lex_word_ieq(s + i, j - i, keywords[k].w))
				t.t = keywords[k].t;
		if (t.t == K_INF)
			t.num = HUGE_VAL;
		return t;
	}
	t.end = i + 1;
	char n1 = i + 1 < p->len ? s[i + 1] : '\0';
	switch (c) {
	case '(': t.t = K_LP; return t;
	case ')': t.t = K_RP; return t;
	case ',': t.t = K_COMMA; return t;
	case '+': t.t = K_PLUS; return t;
	case '-': t.t = K_MINUS; return t;
	case '/': t.t = K_SLASH; return t;
	case '%': t.t = K_PCT; return t;
	case '^': t.t = K_CARET; return t;
	case '*':
		t.t = K_STAR;
		if (n1 == '*') {
			t.t = K_CARET;
			t.end++;
		}
		return t;
	case '=':
		t.t = K_ASSIGN;
		if (n1 == '=') {
			t.t = K_EQ;
			t.end++;
		}
		return t;
	case '!':
		if (n1 == '=') {
			t.t = K_NE;
			t.end++;
			return t;
		}
		fair__data_lex_perr(p, i, FAIR_EINVAL,
		                    "unexpected '!' (write 'not' for negation, '!=' for unequal)");
		return t;
	case '<':
		t.t = K_LT;
		if (n1 == '=' || n1 == '>') {
			t.t = n1 == '=' ? K_LE : K_NE;
			t.end++;
		}
		return t;
	case '>':
		t.t = K_GT;
		if (n1 == '=') {
			t.t = K_GE;
			t.end++;
		}
		return t;
	case '&':
		fair__data_lex_perr(p, i, FAIR_EINVAL, "unexpected '%s' (write 'and')",
		                    n1 == '&' ? "&&" : "&");
		return t;
	case '|':
		fair__data_lex_perr(p, i, FAIR_EINVAL, "unexpected '%s' (write 'or')",
		                    n1 == '|' ? "||" : "|");
		return t;
	case '~':
		fair__data_lex_perr(p, i, FAIR_EINVAL, "unexpected '~' (write 'not')");
		return t;
	default:
		break;
	}
	if (c >= 0x80) {
		if (check_utf8(p, i) == 0)
			return t;
	}
	if (c < 0x20 || c == 0x7f)
		fair__data_lex_perr(p, i, FAIR_EINVAL, "unexpected control character 0x%02X", c);
	else
		fair__data_lex_perr(p, i, FAIR_EINVAL, "unexpected character '%c'", c);
	return t;
}

void
fair__data_lex_next(parser *p)
{
	if (!p->failed)
		p->cur = fair__data_lex_token(p, p->cur.end);
}

tok
fair__data_lex_peek(parser *p)
{
	return fair__data_lex_token(p, p->cur.end);
}

/* Decodes the string or backtick name of token @t; *@len gets its length. */
char *
fair__data_lex_decode(parser *p, const tok *t, size_t *len)
{
	const char *s = p->s + t->pos;
	char q = s[0];
	size_t n = t->end - t->pos - 2, o = 0;
	char *out = malloc(n + 1);

	if (out == NULL) {
		fair__data_lex_perr(p, t->pos, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 1; i <= n; i++) {
		char c = s[i];
		if (c == q) {         /* doubled quote */
			out[o++] = c;
			i++;
		} else if (c == '\\' && q != '`') {
			char x = s[++i];
			out[o++] = x == 'n' ? '\n' : x == 't' ? '\t' : x == 'r' ? '\r' : x;
		} else {
			out[o++] = c;
		}
	}
	out[o] = '\0';
	*len = o;
	return out;
}

/* ---- tree ---- */

void
fair__data_expr_node_free(xnode *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->nkid; i++)
		fair__data_expr_node_free(n->kid[i]);
	free(n->kid);
	free(n->str);
	free(n);
}

xnode *
fair__data_lex_mk(parser *p, int kind, size_t pos)
{
	xnode *n = calloc(1, sizeof *n);
	if (n == NULL) {
		fair__data_lex_perr(p, pos, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	n->kind = (uint8_t)kind;
	n->pos = (uint32_t)pos;
	n->depth = 1;
	return n;
}

/* Appends @k to @n's children (taking it); on failure frees @k. */
bool
fair__data_lex_add_kid(parser *p, xnode *n, xnode *k)
{
	if (k == NULL)
		return false;
	if ((n->nkid & (n->nkid - 1)) == 0) {   /* 0, 1, 2, 4, ...: grow */
		size_t cap = n->nkid ? n->nkid * 2 : 2;
		xnode **kid = realloc(n->kid, cap * sizeof *kid);
		if (kid == NULL) {
			fair__data_expr_node_free(k);
			fair__data_lex_perr(p, n->pos, FAIR_ENOMEM, "out of memory");
			return false;
		}
		n->kid = kid;
	}
	n->kid[n->nkid++] = k;
	if (k->depth + 1 > n->depth)
		n->depth = k->depth + 1;
	if (n->depth > FAIR_EXPR_MAX_DEPTH) {
		fair__data_lex_perr(p, n->pos, FAIR_EINVAL,
		                    "expression nested too deeply (more than %d levels)",
		                    FAIR_EXPR_MAX_DEPTH);
		return false;
	}
	return true;
}

bool
fair__data_lex_is_literal(const xnode *n)
{
	return n->kind == N_NUM || n->kind == N_STR || n->kind == N_BOOL || n->kind == N_NA;
}

size_t
fair__data_lex_column_ref(parser *p, const char *name, size_t len, size_t pos)
{
	fair_expr *e = p->e;
	name_index *ix = &p->names;
	uint64_t h = hash_bytes(name, len);

	if (ix->slot == NULL || e->ncols * 2 >= ix->mask) {
		size_t cap = ix->slot ? (ix->mask + 1) * 2 : 64;
		size_t *slot = calloc(cap, sizeof *slot);
		if (slot == NULL) {
			fair__data_lex_perr(p, pos, FAIR_ENOMEM, "out of memory");
			return (size_t)-1;
		}
		for (size_t k = 0; k < e->ncols; k++) {
			size_t j = hash_bytes(e->colnames[k], strlen(e->colnames[k])) & (cap - 1);
			while (slot[j] != 0)
				j = (j + 1) & (cap - 1);
			slot[j] = k + 1;
		}
		free(ix->slot);
		ix->slot = slot;
		ix->mask = cap - 1;
	}
	size_t j = h & ix->mask;
	for (; ix->slot[j] != 0; j = (j + 1) & ix->mask) {
		const char *c = e->colnames[ix->slot[j] - 1];
		if (strlen(c) == len && memcmp(c, name, len) == 0)
			return ix->slot[j] - 1;
	}
	if ((e->ncols & (e->ncols - 1)) == 0) {
		size_t cap = e->ncols ? e->ncols * 2 : 1;
		char **cn = realloc(e->colnames, cap * sizeof *cn);
		if (cn != NULL)
			e->colnames = cn;
		size_t *cp = cn ? realloc(e->colpos, cap * sizeof *cp) : NULL;
		if (cp == NULL) {
			fair__data_lex_perr(p, pos, FAIR_ENOMEM, "out of memory");
			return (size_t)-1;
		}
		e->colpos = cp;
	}
	e->colpos[e->ncols] = pos;
	if ((e->colnames[e->ncols] = strndup(name, len)) == NULL) {
		fair__data_lex_perr(p, pos, FAIR_ENOMEM, "out of memory");
		return (size_t)-1;
	}
	ix->slot[j] = e->ncols + 1;
	return e->ncols++;
}
