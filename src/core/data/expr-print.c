/* expr-print.c -- the text side of expressions: the position of an error
 * and the caret excerpt under it, the canonical printer (fewest
 * parentheses, numbers that read back the same) and tree equality. */
/* SPDX-License-Identifier: MIT */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/csv.h"
#include "data/expr-lex.h"
#include "fairsh/text.h"

/* ---- errors ---- */

size_t
fair_expr_error_position(const fair_error *err)
{
	const char *p;

	if (err == NULL || (p = strstr(err->msg, "position ")) == NULL)
		return 0;
	p += 9;
	size_t n = 0;
	for (; *p >= '0' && *p <= '9' && n < ((size_t)1 << 40); p++)
		n = n * 10 + (size_t)(*p - '0');
	return *p == ':' ? n : 0;
}

char *
fair_expr_caret(const char *text, size_t position)
{
	enum { WIDTH = 70 };
	size_t nchars = 0, from, to, ncol = 0;
	xbuf b;
	const unsigned char *s = (const unsigned char *)text;

	if (text == NULL || position == 0)
		return NULL;
	fair__data_xbuf_init(&b);
	for (size_t i = 0; s[i] != '\0'; i++)
		nchars += (s[i] & 0xC0) != 0x80;
	if (position > nchars + 1)
		position = nchars + 1;
	/* window [from, to) of characters, 1-based */
	from = position > WIDTH / 2 ? position - WIDTH / 2 : 1;
	to = from + WIDTH;
	if (to > nchars + 1) {
		to = nchars + 1;
		from = to > WIDTH ? to - WIDTH : 1;
	}
	fair__data_xputs(&b, "  ");
	if (from > 1)
		fair__data_xputs(&b, "...");
	size_t ch = 0, len = strlen(text);
	for (size_t i = 0; i < len; i++) {
		size_t n = s[i] >= 0x80 ? fair__data_csv_utf8_len(s + i, s + len) : 1;
		/* characters counted as fair__data_expr_pos does; invalid bytes as '?' */
		if ((s[i] & 0xC0) != 0x80)
			ch++;
		if (ch < from || ch >= to) {
			i += n ? n - 1 : 0;
			continue;
		}
		if (n == 0) {
			if ((s[i] & 0xC0) != 0x80)
				fair__data_xputc(&b, '?');
		} else if (n > 1) {
			fair__data_xadd(&b, text + i, n);
			i += n - 1;
		} else if (s[i] < 0x20 || s[i] == 0x7f) {
			fair__data_xputc(&b, ' ');
		} else {
			fair__data_xputc(&b, (char)s[i]);
		}
	}
	if (to <= nchars)
		fair__data_xputs(&b, "...");
	fair__data_xputs(&b, "\n  ");
	ncol = position - from + (from > 1 ? 3 : 0);
	for (size_t i = 0; i < ncol; i++)
		fair__data_xputc(&b, ' ');
	fair__data_xputs(&b, "^\n");
	return fair__data_xbuf_finish(&b);
}

/* ---- printing ---- */

static const char *const bin_text[] = {
	[B_OR] = "or", [B_AND] = "and", [B_EQ] = "==", [B_NE] = "!=", [B_LT] = "<",
	[B_LE] = "<=", [B_GT] = ">", [B_GE] = ">=", [B_ADD] = "+", [B_SUB] = "-",
	[B_MUL] = "*", [B_DIV] = "/", [B_MOD] = "%", [B_POW] = "^",
};

static int
bin_prec(int op)
{
	switch (op) {
	case B_OR: return P_OR;
	case B_AND: return P_AND;
	case B_ADD: case B_SUB: return P_ADD;
	case B_MUL: case B_DIV: case B_MOD: return P_MUL;
	case B_POW: return P_POW;
	default: return P_CMP;
	}
}

void
fair__data_xbuf_init(xbuf *x)
{
	fair_buf_init(&x->b);
	x->rc = 0;
	x->loc = (locale_t)0;
}

char *
fair__data_xbuf_finish(xbuf *x)
{
	if (x->loc != (locale_t)0)
		freelocale(x->loc);
	x->loc = (locale_t)0;
	if (x->rc != 0) {
		fair_buf_release(&x->b);
		return NULL;
	}
	return fair_buf_detach(&x->b);
}

void fair__data_xputs(xbuf *x, const char *s) { x->rc |= fair_buf_puts(&x->b, s); }
void fair__data_xputc(xbuf *x, char c) { x->rc |= fair_buf_putc(&x->b, c); }
void fair__data_xadd(xbuf *x, const char *s, size_t n) { x->rc |= fair_buf_add(&x->b, s, n); }

void
fair__data_xnumber(xbuf *x, double v)
{
	char s[40];
	locale_t old;

	if (isinf(v)) {
		fair__data_xputs(x, v < 0 ? "-inf" : "inf");
		return;
	}
	if (x->loc == (locale_t)0 && (x->loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0)) == (locale_t)0) {
		x->rc = -1;
		return;
	}
	old = uselocale(x->loc);     /* this thread only: '.' as decimal point */
	for (int prec = 15; prec <= 17; prec++) {
		double y;
		snprintf(s, sizeof s, "%.*g", prec, v);
		if (fair_csv_parse_double(s, strlen(s), &y) && memcmp(&v, &y, sizeof v) == 0)
			break;
	}
	uselocale(old);
	fair__data_xputs(x, s);
}

static void
print_string(xbuf *x, const char *s, size_t len)
{
	fair__data_xputc(x, '\'');
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\\' || c == '\'') {
			fair__data_xputc(x, '\\');
			fair__data_xputc(x, c);
		} else if (c == '\n') {
			fair__data_xputs(x, "\\n");
		} else if (c == '\t') {
			fair__data_xputs(x, "\\t");
		} else if (c == '\r') {
			fair__data_xputs(x, "\\r");
		} else {
			fair__data_xputc(x, c);
		}
	}
	fair__data_xputc(x, '\'');
}

static void
print_name(xbuf *x, const char *s, size_t len)
{
	bool bare = len > 0 && fair__data_lex_ident_start((unsigned char)s[0]) &&
	            !fair__data_lex_is_keyword(s, len);

	for (size_t i = 0; i < len && bare; i++)
		if (!fair__data_lex_ident_char((unsigned char)s[i]))
			bare = false;
	if (bare) {
		fair__data_xadd(x, s, len);
		return;
	}
	fair__data_xputc(x, '`');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '`')
			fair__data_xputc(x, '`');
		fair__data_xputc(x, s[i]);
	}
	fair__data_xputc(x, '`');
}

/* precedence of a node as an operand: atoms bind tightest */
static int
node_prec(const xnode *n)
{
	switch (n->kind) {
	case N_BIN: return bin_prec(n->op);
	case N_IN: return P_CMP;
	case N_NOT: return P_NOT;
	case N_NEG: return P_UNARY;
	case N_NUM: return signbit(n->num) ? P_UNARY : 100;
	default: return 100;
	}
}

/* A prefix operator ('-', 'not', a negative number) takes as its operand
 * everything that follows with a precedence at least its own (the parser
 * reads '-x ^ 2' as -(x ^ 2), 'not a == b' as not (a == b)), and can stand
 * wherever an operand can ('a + not b', '2 ^ -x'). So it needs parentheses
 * only when the operator printed right after it would be taken in. */
static bool
is_prefix(const xnode *n)
{
	return n->kind == N_NEG || n->kind == N_NOT || (n->kind == N_NUM && signbit(n->num));
}

enum { SIDE_LEFT, SIDE_RIGHT, SIDE_UNARY };

static void print_node(xbuf *x, const xnode *n, int rc);

/* @k is an operand of an operator of precedence @pp on @side; @rc is the
 * precedence of the operator printed right after k's text (0: none, a
 * comma or a closing parenthesis) */
static void
print_operand(xbuf *x, const xnode *k, int pp, int side, int rc)
{
	int pc = node_prec(k);
	bool par;

	if (is_prefix(k))
		par = rc >= pc;
	else
		par = pc < pp || (pc == pp && (pp == P_CMP || (pp == P_POW ? side == SIDE_LEFT : side == SIDE_RIGHT)));
	if (par)
		fair__data_xputc(x, '(');
	print_node(x, k, par ? 0 : rc);
	if (par)
		fair__data_xputc(x, ')');
}

static void
print_list(xbuf *x, xnode *const *kid, size_t n)
{
	fair__data_xputc(x, '(');
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fair__data_xputs(x, ", ");
		print_node(x, kid[i], 0);
	}
	fair__data_xputc(x, ')');
}

static void
print_node(xbuf *x, const xnode *n, int rc)
{
	switch (n->kind) {
	case N_NUM: fair__data_xnumber(x, n->num); return;
	case N_STR: print_string(x, n->str, n->len); return;
	case N_BOOL: fair__data_xputs(x, n->num != 0 ? "true" : "false"); return;
	case N_NA: fair__data_xputs(x, "NA"); return;
	case N_COL: print_name(x, n->str, n->len); return;
	case N_NEG:
		/* "- -x", not "--x" */
		fair__data_xputs(x, n->kid[0]->kind == N_NEG || (n->kid[0]->kind == N_NUM && signbit(n->kid[0]->num)) ?
		              "- " : "-");
		print_operand(x, n->kid[0], P_UNARY, SIDE_UNARY, rc);
		return;
	case N_NOT:
		fair__data_xputs(x, "not ");
		print_operand(x, n->kid[0], P_NOT, SIDE_UNARY, rc);
		return;
	case N_BIN:
		print_operand(x, n->kid[0], bin_prec(n->op), SIDE_LEFT, bin_prec(n->op));
		fair__data_xputc(x, ' ');
		fair__data_xputs(x, bin_text[n->op]);
		fair__data_xputc(x, ' ');
		print_operand(x, n->kid[1], bin_prec(n->op), SIDE_RIGHT, rc);
		return;
	case N_IN:
		print_operand(x, n->kid[0], P_CMP, SIDE_LEFT, P_CMP);
		fair__data_xputs(x, n->flags & XF_NOT ? " not in " : " in ");
		print_list(x, n->kid + 1, n->nkid - 1);
		return;
	case N_LIST:
		print_list(x, n->kid, n->nkid);
		return;
	case N_PAIR:
		print_node(x, n->kid[0], 0);
		fair__data_xputc(x, '=');
		print_node(x, n->kid[1], 0);
		return;
	case N_NAMED:
		fair__data_xputs(x, n->str);
		fair__data_xputc(x, '=');
		print_node(x, n->kid[0], 0);
		return;
	case N_CALL:
		fair__data_xputs(x, fair__data_expr_func_name[n->op]);
		fair__data_xputc(x, '(');
		for (size_t i = 0; i < n->nkid; i++) {
			if (i > 0)
				fair__data_xputs(x, ", ");
			if (n->op == F_CUT && i == 2)
				fair__data_xputs(x, "labels=");
			print_node(x, n->kid[i], 0);
		}
		if (n->op == F_CUT && (n->flags & XF_LEFT))
			fair__data_xputs(x, ", right=false");
		if (n->op == F_CUT && (n->flags & XF_LOWEST))
			fair__data_xputs(x, ", include_lowest=true");
		fair__data_xputc(x, ')');
		return;
	default:
		x->rc = -1;
		return;
	}
}

char *
fair_expr_print(const fair_expr *e)
{
	xbuf x;

	if (e == NULL || e->root == NULL)
		return NULL;
	fair__data_xbuf_init(&x);
	print_node(&x, e->root, 0);
	return fair__data_xbuf_finish(&x);
}

static bool
node_equal(const xnode *a, const xnode *b)
{
	if (a->kind != b->kind || a->op != b->op || a->flags != b->flags || a->nkid != b->nkid ||
	    memcmp(&a->num, &b->num, sizeof a->num) != 0 || a->len != b->len)
		return false;
	if ((a->str == NULL) != (b->str == NULL) || (a->str && memcmp(a->str, b->str, a->len) != 0))
		return false;
	for (size_t i = 0; i < a->nkid; i++)
		if (!node_equal(a->kid[i], b->kid[i]))
			return false;
	return true;
}

bool
fair_expr_equal(const fair_expr *a, const fair_expr *b)
{
	return a != NULL && b != NULL && node_equal(a->root, b->root);
}
