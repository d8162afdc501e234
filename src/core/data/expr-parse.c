/* expr-parse.c -- the expression language's parser (tokens -> syntax tree,
 * by precedence climbing; the lexer is expr-lex.c) and the expression's
 * life: parse, unbind, free. Printing, equality and the caret under an
 * error are in expr-print.c; binding, evaluation and SQL in expr-bind.c,
 * expr-eval.c and expr-sql.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/csv.h"
#include "data/expr-lex.h"
#include "fairsh/text.h"

const char *const fair__data_expr_func_name[F_NFUNC] = {
	[F_ABS] = "abs", [F_CEIL] = "ceil", [F_COALESCE] = "coalesce", [F_CUT] = "cut",
	[F_EXP] = "exp", [F_FLOOR] = "floor", [F_IF] = "if", [F_ISNA] = "isna",
	[F_LOG] = "log", [F_LOWER] = "lower", [F_MAX] = "max", [F_MIN] = "min",
	[F_RECODE] = "recode", [F_ROUND] = "round", [F_SQRT] = "sqrt", [F_UPPER] = "upper",
};

/* argument counts (cut and recode are checked by their own parsers) */
static const struct { int min, max; } func_args[F_NFUNC] = {
	[F_ABS] = { 1, 1 }, [F_CEIL] = { 1, 1 }, [F_COALESCE] = { 2, -1 }, [F_CUT] = { 2, 3 },
	[F_EXP] = { 1, 1 }, [F_FLOOR] = { 1, 1 }, [F_IF] = { 3, 3 }, [F_ISNA] = { 1, 1 },
	[F_LOG] = { 1, 1 }, [F_LOWER] = { 1, 1 }, [F_MAX] = { 2, -1 }, [F_MIN] = { 2, -1 },
	[F_RECODE] = { 2, -1 }, [F_ROUND] = { 1, 2 }, [F_SQRT] = { 1, 1 }, [F_UPPER] = { 1, 1 },
};

/* ---- parser ---- */

static xnode *parse_expr(parser *p, int minprec);

static xnode *
parse_value(parser *p, int minprec)
{
	xnode *n = parse_expr(p, minprec);
	if (n != NULL && n->kind == N_LIST) {
		fair__data_lex_perr(p, n->pos, FAIR_EINVAL,
		                    "a list (a, b, ...) is only allowed after 'in' and in cut() or recode()");
		fair__data_expr_node_free(n);
		return NULL;
	}
	return n;
}

static bool
expect(parser *p, int t, const char *what, size_t open)
{
	char got[96];

	if (p->failed)
		return false;
	if (p->cur.t == t) {
		fair__data_lex_next(p);
		return !p->failed;
	}
	fair__data_lex_describe(p, &p->cur, got, sizeof got);
	if (open != (size_t)-1)
		fair__data_lex_perr(p, p->cur.pos, FAIR_EINVAL,
		                    "expected %s (to close '(' at position %zu), got %s",
		                    what, fair__data_expr_pos(p->s, open), got);
	else
		fair__data_lex_perr(p, p->cur.pos, FAIR_EINVAL, "expected %s, got %s", what, got);
	return false;
}

static int
find_func(const char *s, size_t n)
{
	for (int f = 0; f < F_NFUNC; f++)
		if (fair__data_lex_word_ieq(s, n, fair__data_expr_func_name[f]))
			return f;
	return -1;
}

/* the items of a list node or the single literal @n as a list; NULL after an error */
static xnode *
as_list(parser *p, xnode *n)
{
	if (n == NULL || n->kind == N_LIST)
		return n;
	xnode *l = fair__data_lex_mk(p, N_LIST, n->pos);
	if (l == NULL || !fair__data_lex_add_kid(p, l, n)) {
		if (l == NULL)
			fair__data_expr_node_free(n);
		fair__data_expr_node_free(l);
		return NULL;
	}
	return l;
}

static bool
check_literals(parser *p, const xnode *l, bool allow_na, const char *where)
{
	for (size_t i = 0; i < l->nkid; i++) {
		const xnode *k = l->kid[i];
		if (k->kind == N_NA && !allow_na) {
			fair__data_lex_perr(p, k->pos, FAIR_EINVAL,
			                    "NA in %s never matches; test isna(x) instead", where);
			return false;
		}
		if (!fair__data_lex_is_literal(k)) {
			fair__data_lex_perr(p, k->pos, FAIR_EINVAL,
			                    "%s holds literal values only (numbers, 'strings', true, false)", where);
			return false;
		}
	}
	return true;
}

static bool
option_bool(parser *p, xnode *v, const char *name, bool *out)
{
	if (v->kind != N_BOOL) {
		fair__data_lex_perr(p, v->pos, FAIR_EINVAL, "%s= takes true or false", name);
		return false;
	}
	*out = v->num != 0;
	return true;
}

/* cut(x, breaks [, labels] [, labels=...] [, right=bool] [, include_lowest=bool]) */
static bool
parse_cut(parser *p, xnode *call, size_t open)
{
	xnode *breaks = NULL, *labels = NULL;
	bool right = true, lowest = false, ok = false;
	int npos = 1;

	while (p->cur.t == K_COMMA) {
		fair__data_lex_next(p);
		tok t2 = fair__data_lex_peek(p);
		if (p->cur.t == K_IDENT && t2.t == K_ASSIGN) {
			const char *w = p->s + p->cur.pos;
			size_t wl = p->cur.end - p->cur.pos, at = p->cur.pos;
			fair__data_lex_next(p);
			fair__data_lex_next(p);
			xnode *v = parse_expr(p, P_CMP + 1);
			if (v == NULL)
				goto out;
			if (fair__data_lex_word_ieq(w, wl, "breaks") ||
			    fair__data_lex_word_ieq(w, wl, "labels")) {
				bool isb = fair__data_lex_word_ieq(w, wl, "breaks");
				if ((isb ? breaks : labels) != NULL) {
					fair__data_lex_perr(p, at, FAIR_EINVAL,
					                    "cut(): %s given twice", isb ? "breaks" : "labels");
					fair__data_expr_node_free(v);
					goto out;
				}
				if (isb)
					breaks = as_list(p, v);
				else
					labels = as_list(p, v);
				if ((isb ? breaks : labels) == NULL)
					goto out;
			} else if (fair__data_lex_word_ieq(w, wl, "right") ||
			           fair__data_lex_word_ieq(w, wl, "include_lowest")) {
				bool isr = fair__data_lex_word_ieq(w, wl, "right"), b;
				bool good = option_bool(p, v, isr ? "right" : "include_lowest", &b);
				fair__data_expr_node_free(v);
				if (!good)
					goto out;
				if (isr)
					right = b;
				else
					lowest = b;
			} else {
				char q[64];
				fair__data_expr_quote(q, sizeof q, w, wl);
				fair__data_lex_perr(p, at, FAIR_EINVAL,
				                    "cut() has no option '%s' (options: breaks, labels, right, include_lowest)", q);
				fair__data_expr_node_free(v);
				goto out;
			}
			continue;
		}
		size_t at = p->cur.pos;
		xnode *v = parse_expr(p, 0);
		if (v == NULL)
			goto out;
		npos++;
		if (npos == 2 && breaks == NULL) {
			breaks = as_list(p, v);
		} else if (npos == 3 && labels == NULL) {
			labels = as_list(p, v);
		} else {
			fair__data_expr_node_free(v);
			fair__data_lex_perr(p, at, FAIR_EINVAL,
			                    "cut() takes x, breaks and labels; name the options (right=false)");
			goto out;
		}
		if (p->failed)
			goto out;
	}
	if (!expect(p, K_RP, "',' or ')' after an argument of cut()", open))
		goto out;
	if (breaks == NULL) {
		fair__data_lex_perr(p, call->pos, FAIR_EINVAL,
		                    "cut() needs breaks: cut(x, (0, 18, 65, inf))");
		goto out;
	}
	if (!check_literals(p, breaks, false, "the breaks of cut()"))
		goto out;
	if (breaks->nkid < 2) {
		fair__data_lex_perr(p, breaks->pos, FAIR_EINVAL,
		                    "cut() needs at least two breaks, got %zu", breaks->nkid);
		goto out;
	}
	for (size_t i = 0; i < breaks->nkid; i++) {
		const xnode *k = breaks->kid[i];
		if (k->kind != N_NUM) {
			fair__data_lex_perr(p, k->pos, FAIR_EINVAL,
			                    "the breaks of cut() are numbers");
			goto out;
		}
		if (i > 0 && !(k->num > breaks->kid[i - 1]->num)) {
			fair__data_lex_perr(p, k->pos, FAIR_EINVAL,
			                    "the breaks of cut() must increase strictly");
			goto out;
		}
	}
	if (labels != NULL) {
		if (!check_literals(p, labels, false, "the labels of cut()"))
			goto out;
		for (size_t i = 0; i < labels->nkid; i++)
			if (labels->kid[i]->kind != labels->kid[0]->kind ||
			    labels->kid[i]->kind == N_BOOL) {
				fair__data_lex_perr(p, labels->kid[i]->pos, FAIR_EINVAL,
				                    "the labels of cut() are all strings or all numbers");
				goto out;
			}
		if (labels->nkid != breaks->nkid - 1) {
			fair__data_lex_perr(p, labels->pos, FAIR_EINVAL,
			                    "cut() with %zu breaks needs %zu labels, got %zu", breaks->nkid,
			                    breaks->nkid - 1, labels->nkid);
			goto out;
		}
	}
	if (!fair__data_lex_add_kid(p, call, breaks)) {
		breaks = NULL;
		goto out;
	}
	breaks = NULL;
	if (labels != NULL) {
		if (!fair__data_lex_add_kid(p, call, labels)) {
			labels = NULL;
			goto out;
		}
		labels = NULL;
	}
	call->flags |= (right ? 0 : XF_LEFT) | (lowest ? XF_LOWEST : 0);
	ok = true;
out:
	fair__data_expr_node_free(breaks);
	fair__data_expr_node_free(labels);
	return ok;
}

/* recode(x, KEY=VALUE, ..., else=VALUE); KEY a literal or a list of them */
static bool
parse_recode(parser *p, xnode *call, size_t open)
{
	xnode *els = NULL;
	bool ok = false;

	while (p->cur.t == K_COMMA) {
		fair__data_lex_next(p);
		tok t2 = fair__data_lex_peek(p);
		size_t at = p->cur.pos;
		if (p->cur.t == K_IDENT && t2.t == K_ASSIGN &&
		    fair__data_lex_word_ieq(p->s + p->cur.pos, p->cur.end - p->cur.pos, "else")) {
			fair__data_lex_next(p);
			fair__data_lex_next(p);
			xnode *v = parse_value(p, P_CMP + 1);
			if (v == NULL)
				goto out;
			if (els != NULL || !fair__data_lex_is_literal(v)) {
				fair__data_lex_perr(p, els ? at : v->pos, FAIR_EINVAL,
				                    els ? "recode(): else= given twice" : "recode() values are literals");
				fair__data_expr_node_free(v);
				goto out;
			}
			if ((els = fair__data_lex_mk(p, N_NAMED, at)) == NULL ||
			    (els->str = strdup("else")) == NULL) {
				fair__data_expr_node_free(v);
				fair__data_lex_perr(p, at, FAIR_ENOMEM, "out of memory");
				goto out;
			}
			if (!fair__data_lex_add_kid(p, els, v))
				goto out;
			continue;
		}
		if (p->cur.t == K_IDENT || p->cur.t == K_QIDENT) {
			char q[64];
			fair__data_expr_quote(q, sizeof q, p->s + at, p->cur.end - at);
			fair__data_lex_perr(p, at, FAIR_EINVAL,
			                    "recode() keys are literals: write '%s'='...', not %s=...",
			                    q, q);
			goto out;
		}
		xnode *key = parse_expr(p, P_CMP + 1);
		if (key == NULL)
			goto out;
		if (key->kind != N_LIST && !fair__data_lex_is_literal(key)) {
			fair__data_lex_perr(p, key->pos, FAIR_EINVAL,
			                    "recode() keys are literals or lists of literals");
			fair__data_expr_node_free(key);
			goto out;
		}
		if (key->kind == N_LIST && !check_literals(p, key, true, "a recode() key list")) {
			fair__data_expr_node_free(key);
			goto out;
		}
		if (!expect(p, K_ASSIGN, "'=' after a recode() key ('old'='new')", (size_t)-1)) {
			fair__data_expr_node_free(key);
			goto out;
		}
		xnode *v = parse_value(p, P_CMP + 1);
		if (v != NULL && !fair__data_lex_is_literal(v)) {
			fair__data_lex_perr(p, v->pos, FAIR_EINVAL, "recode() values are literals");
			fair__data_expr_node_free(v);
			v = NULL;
		}
		xnode *pair = v ? fair__data_lex_mk(p, N_PAIR, key->pos) : NULL;
		if (pair == NULL) {
			fair__data_expr_node_free(key);
			fair__data_expr_node_free(v);
			goto out;
		}
		if (!fair__data_lex_add_kid(p, pair, key)) {
			fair__data_expr_node_free(v);
			fair__data_expr_node_free(pair);
			goto out;
		}
		if (!fair__data_lex_add_kid(p, pair, v)) {
			fair__data_expr_node_free(pair);
			goto out;
		}
		if (!fair__data_lex_add_kid(p, call, pair))
			goto out;
	}
	if (!expect(p, K_RP, "',' or ')' after an argument of recode()", open))
		goto out;
	if (call->nkid < 2 && els == NULL) {
		fair__data_lex_perr(p, call->pos, FAIR_EINVAL,
		                    "recode() needs a mapping: recode(x, 'old'='new')");
		goto out;
	}
	if (els != NULL) {
		xnode *t = els;
		els = NULL;
		if (!fair__data_lex_add_kid(p, call, t))
			goto out;
	}
	ok = true;
out:
	fair__data_expr_node_free(els);
	return ok;
}

static xnode *
parse_call(parser *p, int f, size_t pos)
{
	xnode *n = fair__data_lex_mk(p, N_CALL, pos);
	size_t open;

	if (n == NULL)
		return NULL;
	n->op = (uint8_t)f;
	fair__data_lex_next(p);                       /* the name */
	open = p->cur.pos;
	fair__data_lex_next(p);                       /* ( */
	if (p->failed)
		goto fail;
	if (p->cur.t == K_RP) {
		fair__data_lex_perr(p, pos, FAIR_EINVAL, "%s() takes %s%d argument%s, got none",
		                    fair__data_expr_func_name[f],
		                    func_args[f].max != func_args[f].min ? "at least " : "", func_args[f].min,
		                    func_args[f].min == 1 ? "" : "s");
		goto fail;
	}
	if (!fair__data_lex_add_kid(p, n, parse_value(p, 0)))
		goto fail;
	if (f == F_CUT) {
		if (!parse_cut(p, n, open))
			goto fail;
		return n;
	}
	if (f == F_RECODE) {
		if (!parse_recode(p, n, open))
			goto fail;
		return n;
	}
	while (p->cur.t == K_COMMA) {
		fair__data_lex_next(p);
		if (!fair__data_lex_add_kid(p, n, parse_value(p, 0)))
			goto fail;
	}
	if (!expect(p, K_RP, "',' or ')' after a function argument", open))
		goto fail;
	if ((int)n->nkid < func_args[f].min || (func_args[f].max >= 0 && (int)n->nkid > func_args[f].max)) {
		if (func_args[f].max == func_args[f].min)
			fair__data_lex_perr(p, pos, FAIR_EINVAL,
			                    "%s() takes %d argument%s, got %zu", fair__data_expr_func_name[f],
			                    func_args[f].min, func_args[f].min == 1 ? "" : "s", n->nkid);
		else if (func_args[f].max < 0)
			fair__data_lex_perr(p, pos, FAIR_EINVAL,
			                    "%s() takes at least %d arguments, got %zu",
			                    fair__data_expr_func_name[f], func_args[f].min, n->nkid);
		else
			fair__data_lex_perr(p, pos, FAIR_EINVAL,
			                    "%s() takes %d to %d arguments, got %zu",
			                    fair__data_expr_func_name[f], func_args[f].min, func_args[f].max, n->nkid);
		goto fail;
	}
	if (f == F_ROUND && n->nkid == 2) {
		const xnode *d = n->kid[1];
		if (d->kind != N_NUM || d->num != floor(d->num) || fabs(d->num) > 300) {
			fair__data_lex_perr(p, d->pos, FAIR_EINVAL,
			                    "round(): digits must be a whole number from -300 to 300");
			goto fail;
		}
	}
	return n;
fail:
	fair__data_expr_node_free(n);
	return NULL;
}

static xnode *
parse_prefix(parser *p)
{
	tok t = p->cur;
	xnode *n = NULL;
	char got[96];

	if (p->failed)
		return NULL;
	switch (t.t) {
	case K_MINUS: {
		fair__data_lex_next(p);
		xnode *k = parse_value(p, P_UNARY);
		if (k == NULL)
			return NULL;
		if (k->kind == N_NUM) {   /* a negative literal */
			k->num = -k->num;
			k->pos = (uint32_t)t.pos;
			return k;
		}
		if ((n = fair__data_lex_mk(p, N_NEG, t.pos)) == NULL ||
		    !fair__data_lex_add_kid(p, n, k)) {
			if (n == NULL)
				fair__data_expr_node_free(k);
			fair__data_expr_node_free(n);
			return NULL;
		}
		return n;
	}
	case K_PLUS:
		fair__data_lex_next(p);
		return parse_value(p, P_UNARY);
	case K_NOT: {
		fair__data_lex_next(p);
		xnode *k = parse_value(p, P_NOT);
		if (k == NULL)
			return NULL;
		if ((n = fair__data_lex_mk(p, N_NOT, t.pos)) == NULL ||
		    !fair__data_lex_add_kid(p, n, k)) {
			if (n == NULL)
				fair__data_expr_node_free(k);
			fair__data_expr_node_free(n);
			return NULL;
		}
		return n;
	}
	case K_LP: {
		fair__data_lex_next(p);
		xnode *k = parse_expr(p, 0);
		if (k == NULL)
			return NULL;
		if (k->kind == N_LIST) {
			fair__data_lex_perr(p, k->pos, FAIR_EINVAL, "lists do not nest");
			fair__data_expr_node_free(k);
			return NULL;
		}
		if (p->cur.t == K_COMMA) {
			if ((n = fair__data_lex_mk(p, N_LIST, t.pos)) == NULL ||
			    !fair__data_lex_add_kid(p, n, k)) {
				if (n == NULL)
					fair__data_expr_node_free(k);
				fair__data_expr_node_free(n);
				return NULL;
			}
			while (p->cur.t == K_COMMA) {
				fair__data_lex_next(p);
				if (!fair__data_lex_add_kid(p, n, parse_value(p, 0))) {
					fair__data_expr_node_free(n);
					return NULL;
				}
			}
			k = n;
		}
		if (!expect(p, K_RP, "')'", t.pos)) {
			fair__data_expr_node_free(k);
			return NULL;
		}
		return k;
	}
	case K_NUM:
	case K_INF:
		if ((n = fair__data_lex_mk(p, N_NUM, t.pos)) != NULL)
			n->num = t.num;
		fair__data_lex_next(p);
		return n;
	case K_TRUE:
	case K_FALSE:
		if ((n = fair__data_lex_mk(p, N_BOOL, t.pos)) != NULL)
			n->num = t.t == K_TRUE;
		fair__data_lex_next(p);
		return n;
	case K_NA:
		n = fair__data_lex_mk(p, N_NA, t.pos);
		fair__data_lex_next(p);
		return n;
	case K_STR:
		if ((n = fair__data_lex_mk(p, N_STR, t.pos)) != NULL &&
		    (n->str = fair__data_lex_decode(p, &t, &n->len)) == NULL) {
			fair__data_expr_node_free(n);
			return NULL;
		}
		fair__data_lex_next(p);
		return n;
	case K_IDENT:
	case K_QIDENT: {
		if (t.t == K_IDENT && fair__data_lex_peek(p).t == K_LP) {
			int f = find_func(p->s + t.pos, t.end - t.pos);
			if (f < 0) {
				char q[64], name[64];
				const char *best = NULL;
				size_t bd = 3;
				fair__data_expr_quote(q, sizeof q, p->s + t.pos, t.end - t.pos);
				snprintf(name, sizeof name, "%.*s", (int)(t.end - t.pos < 60 ? t.end - t.pos : 60),
				         p->s + t.pos);
				for (int g = 0; g < F_NFUNC; g++) {
					size_t d = fair__data_expr_distance(name, fair__data_expr_func_name[g], 2);
					if (d < bd) {
						bd = d;
						best = fair__data_expr_func_name[g];
					}
				}
				if (best != NULL)
					fair__data_lex_perr(p, t.pos, FAIR_EINVAL,
					                    "unknown function '%s' (did you mean '%s'?)", q, best);
				else
					fair__data_lex_perr(p, t.pos, FAIR_EINVAL,
					                    "unknown function '%s' (functions: abs, ceil, coalesce, cut, exp, floor, if, "
					                    "isna, log, lower, max, min, recode, round, sqrt, upper)", q);
				return NULL;
			}
			/* the arguments go through parse_expr, which bounds the depth */
			return parse_call(p, f, t.pos);
		}
		if ((n = fair__data_lex_mk(p, N_COL, t.pos)) == NULL)
			return NULL;
		if (t.t == K_QIDENT) {
			n->str = fair__data_lex_decode(p, &t, &n->len);
		} else {
			n->len = t.end - t.pos;
			if ((n->str = strndup(p->s + t.pos, n->len)) == NULL)
				fair__data_lex_perr(p, t.pos, FAIR_ENOMEM, "out of memory");
		}
		if (n->str == NULL ||
		    (n->col = fair__data_lex_column_ref(p, n->str, n->len, t.pos)) == (size_t)-1) {
			fair__data_expr_node_free(n);
			return NULL;
		}
		fair__data_lex_next(p);
		return n;
	}
	default:
		fair__data_lex_describe(p, &t, got, sizeof got);
		if (t.t == K_IN || t.t == K_AND || t.t == K_OR)
			fair__data_lex_perr(p, t.pos, FAIR_EINVAL, "expected a value before %s",
			                    got);
		else if (t.t == K_RP)
			fair__data_lex_perr(p, t.pos, FAIR_EINVAL, "expected a value, got ')'");
		else
			fair__data_lex_perr(p, t.pos, FAIR_EINVAL, "expected a value, got %s", got);
		return NULL;
	}
}

static int
infix_op(parser *p, int *prec)
{
	switch (p->cur.t) {
	case K_OR: *prec = P_OR; return B_OR;
	case K_AND: *prec = P_AND; return B_AND;
	case K_EQ: case K_ASSIGN: *prec = P_CMP; return B_EQ;
	case K_NE: *prec = P_CMP; return B_NE;
	case K_LT: *prec = P_CMP; return B_LT;
	case K_LE: *prec = P_CMP; return B_LE;
	case K_GT: *prec = P_CMP; return B_GT;
	case K_GE: *prec = P_CMP; return B_GE;
	case K_PLUS: *prec = P_ADD; return B_ADD;
	case K_MINUS: *prec = P_ADD; return B_SUB;
	case K_STAR: *prec = P_MUL; return B_MUL;
	case K_SLASH: *prec = P_MUL; return B_DIV;
	case K_PCT: *prec = P_MUL; return B_MOD;
	case K_CARET: *prec = P_POW; return B_POW;
	case K_IN: *prec = P_CMP; return 100;
	case K_NOT:
		if (fair__data_lex_peek(p).t == K_IN) {
			*prec = P_CMP;
			return 101;
		}
		return -1;
	default:
		return -1;
	}
}

static xnode *
parse_in(parser *p, xnode *lhs, bool neg)
{
	size_t pos = p->cur.pos;
	xnode *n = fair__data_lex_mk(p, N_IN, pos), *l = NULL;
	xnode **kid;

	if (n == NULL || !fair__data_lex_add_kid(p, n, lhs)) {
		if (n == NULL)
			fair__data_expr_node_free(lhs);
		fair__data_expr_node_free(n);
		return NULL;
	}
	n->flags = neg ? XF_NOT : 0;
	if (neg)
		fair__data_lex_next(p);
	fair__data_lex_next(p);                         /* in */
	if (p->cur.t != K_LP) {
		char got[96];
		fair__data_lex_describe(p, &p->cur, got, sizeof got);
		fair__data_lex_perr(p, p->cur.pos, FAIR_EINVAL,
		                    "expected '(' after 'in' (x in (a, b)), got %s", got);
		fair__data_expr_node_free(n);
		return NULL;
	}
	if ((l = as_list(p, parse_prefix(p))) == NULL || !check_literals(p, l, false, "an 'in' list") ||
	    (kid = realloc(n->kid, (1 + l->nkid) * sizeof *kid)) == NULL) {
		if (l != NULL && !p->failed)
			fair__data_lex_perr(p, pos, FAIR_ENOMEM, "out of memory");
		fair__data_expr_node_free(l);
		fair__data_expr_node_free(n);
		return NULL;
	}
	/* move the literals over (depth: literals are leaves) */
	memcpy(kid + 1, l->kid, l->nkid * sizeof *kid);
	n->kid = kid;
	n->nkid = 1 + l->nkid;
	l->nkid = 0;
	fair__data_expr_node_free(l);
	return n;
}

static xnode *
parse_expr(parser *p, int minprec)
{
	xnode *left;
	bool compared = false;

	if (p->rdepth >= FAIR_EXPR_MAX_DEPTH) {
		fair__data_lex_perr(p, p->cur.pos, FAIR_EINVAL,
		                    "expression nested too deeply (more than %d levels)",
		                    FAIR_EXPR_MAX_DEPTH);
		return NULL;
	}
	p->rdepth++;
	left = parse_prefix(p);
	while (left != NULL && !p->failed) {
		int prec, op = infix_op(p, &prec);
		if (op < 0 || prec < minprec)
			break;
		if (left->kind == N_LIST) {
			fair__data_lex_perr(p, left->pos, FAIR_EINVAL,
			                    "a list (a, b, ...) is only allowed after 'in' and in cut() or recode()");
			break;
		}
		if (prec == P_CMP && compared) {
			fair__data_lex_perr(p, p->cur.pos, FAIR_EINVAL,
			                    "comparisons do not chain: write 'a < b and b < c'");
			break;
		}
		if (op >= 100) {
			left = parse_in(p, left, op == 101);
			compared = true;
			continue;
		}
		size_t pos = p->cur.pos;
		fair__data_lex_next(p);
		xnode *right = parse_value(p, op == B_POW ? P_POW : prec + 1);
		xnode *n = right ? fair__data_lex_mk(p, N_BIN, pos) : NULL;
		if (n == NULL) {
			fair__data_expr_node_free(right);
			break;
		}
		n->op = (uint8_t)op;
		if (!fair__data_lex_add_kid(p, n, left)) {
			left = NULL;
			fair__data_expr_node_free(right);
			fair__data_expr_node_free(n);
			break;
		}
		left = n;
		if (!fair__data_lex_add_kid(p, n, right))
			break;
		compared = prec == P_CMP;
	}
	p->rdepth--;
	if (p->failed) {
		fair__data_expr_node_free(left);
		return NULL;
	}
	return left;
}

fair_expr *
fair_expr_parse(const char *text, fair_error *err)
{
	parser p;
	fair_expr *e = NULL;
	size_t len;

	if (text == NULL) {
		fair_error_set(err, FAIR_EINVAL, "no expression");
		return NULL;
	}
	len = strnlen(text, (size_t)FAIR_EXPR_MAX_LEN + 1);
	if (len > FAIR_EXPR_MAX_LEN) {
		fair_error_set(err, FAIR_EINVAL, "expression is longer than %u bytes", FAIR_EXPR_MAX_LEN);
		return NULL;
	}
	memset(&p, 0, sizeof p);
	if ((e = calloc(1, sizeof *e)) == NULL || (e->text = strdup(text)) == NULL) {
		free(e);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	e->len = len;
	p.s = e->text;
	p.len = len;
	p.err = err;
	p.e = e;
	p.cur = fair__data_lex_token(&p, 0);
	if (!p.failed && p.cur.t == K_EOF) {
		fair_error_set(err, FAIR_EINVAL, "empty expression");
		p.failed = true;
	}
	if (!p.failed)
		e->root = parse_value(&p, 0);
	if (!p.failed && p.cur.t != K_EOF) {
		char got[96];
		fair__data_lex_describe(&p, &p.cur, got, sizeof got);
		if (p.cur.t == K_RP)
			fair__data_lex_perr(&p, p.cur.pos, FAIR_EINVAL, "unmatched ')'");
		else
			fair__data_lex_perr(&p, p.cur.pos, FAIR_EINVAL,
			                    "expected an operator or the end, got %s", got);
	}
	free(p.names.slot);
	if (p.failed) {
		fair_expr_free(e);
		return NULL;
	}
	return e;
}

/* Frees what a binding holds (fair_expr_bind builds it, fair_expr_free and
 * a new binding end it). */
void
fair__data_expr_unbind(fair_expr *e)
{
	for (size_t k = 0; k < e->narena; k++)
		free(e->arena[k]);
	free(e->arena);
	e->arena = NULL;
	e->narena = e->carena = 0;
	for (size_t k = 0; k < e->nnotes; k++)
		free(e->notes[k]);
	free(e->notes);
	e->notes = NULL;
	e->nnotes = 0;
	if (e->cols != NULL)
		for (size_t k = 0; k < e->ncols; k++)
			fair_column_unref(e->cols[k]);
	free(e->cols);
	e->cols = NULL;
	free(e->coltypes);
	e->coltypes = NULL;
	free(e->prog.ins);
	memset(&e->prog, 0, sizeof e->prog);
	free(e->fprog.ins);
	memset(&e->fprog, 0, sizeof e->fprog);
	free(e->bprog.ins);
	memset(&e->bprog, 0, sizeof e->bprog);
	e->levels = NULL;
	e->nlevels = 0;
	e->bound = 0;
	e->type = T_NONE;
	e->nrows = 0;
}

void
fair_expr_free(fair_expr *e)
{
	if (e == NULL)
		return;
	fair__data_expr_unbind(e);
	fair__data_expr_node_free(e->root);
	for (size_t k = 0; k < e->ncols; k++)
		free(e->colnames[k]);
	free(e->colnames);
	free(e->colpos);
	free(e->text);
	free(e);
}

const char *fair_expr_text(const fair_expr *e) { return e->text; }
size_t fair_expr_ncolumns(const fair_expr *e) { return e->ncols; }
const char *fair_expr_column(const fair_expr *e, size_t k) { return k < e->ncols ? e->colnames[k] : NULL; }
