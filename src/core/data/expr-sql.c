/* expr-sql.c -- translation of a bound expression into an SQL expression for
 * SQLite or PostgreSQL, with quoted identifiers and every literal passed as a
 * parameter (no SQL injection through names or values). The translation
 * keeps fairsh's semantics where SQL can: NULL for missing, three-valued
 * AND/OR, NULLIF for division by zero; round() and infinite literals are
 * refused (see doc/expressions.md, "SQL"). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data-private.h"

typedef struct sqlw {
	xbuf            x;
	const fair_expr *e;
	fair_sql_dialect d;
	size_t          first;
	fair_sql_param *params;
	size_t          nparams, cap;
	fair_error     *err;
	bool            failed;
	int             code;
} sqlw;

static void
serr(sqlw *w, const xnode *n, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static void
serr(sqlw *w, const xnode *n, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (w->failed)
		return;
	w->failed = true;
	w->code = FAIR_EINVAL;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fair_error_set(w->err, FAIR_EINVAL, "position %zu: %s", fair__data_expr_pos(w->e->text, n->pos), msg);
}

static void S(sqlw *w, const char *s) { fair__data_xputs(&w->x, s); }

static void
param(sqlw *w, bool text, double num, const char *s)
{
	char ph[48], *t = NULL;

	if (w->nparams == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 8;
		fair_sql_param *p = realloc(w->params, cap * sizeof *p);
		if (p == NULL) {
			w->x.rc = -1;
			return;
		}
		w->params = p;
		w->cap = cap;
	}
	if (text) {
		t = strdup(s);
	} else {
		xbuf nb;
		fair__data_xbuf_init(&nb);
		fair__data_xnumber(&nb, num);
		t = fair__data_xbuf_finish(&nb);
	}
	if (t == NULL) {
		w->x.rc = -1;
		return;
	}
	w->params[w->nparams].is_text = text;
	w->params[w->nparams].num = text ? 0 : num;
	w->params[w->nparams].text = t;
	size_t k = w->first + w->nparams++;
	if (w->d == FAIR_SQL_POSTGRES)
		snprintf(ph, sizeof ph, "$%zu::%s", k, text ? "text" : "double precision");
	else
		snprintf(ph, sizeof ph, "?%zu", k);
	S(w, ph);
}

static void
number(sqlw *w, const xnode *n, double v)
{
	if (isinf(v)) {
		serr(w, n, "inf has no portable SQL form");
		return;
	}
	param(w, false, v, NULL);
}

static void
ident(sqlw *w, const char *s)
{
	fair__data_xputc(&w->x, '"');
	for (; *s; s++) {
		if (*s == '"')
			fair__data_xputc(&w->x, '"');
		fair__data_xputc(&w->x, *s);
	}
	fair__data_xputc(&w->x, '"');
}

static void value(sqlw *w, const xnode *n);
static void num(sqlw *w, const xnode *n);
static void cond(sqlw *w, const xnode *n);

/* a literal of a list, recode or cut */
static void
literal(sqlw *w, const xnode *n, bool as_num)
{
	switch (n->kind) {
	case N_STR: param(w, true, 0, n->str); return;
	case N_NUM: number(w, n, n->num); return;
	case N_BOOL: S(w, as_num ? (n->num != 0 ? "1" : "0") : (n->num != 0 ? "TRUE" : "FALSE")); return;
	default: S(w, "NULL"); return;
	}
}

/* a numeric value (booleans as 0/1) */
static void
num(sqlw *w, const xnode *n)
{
	if (n->type == T_BOOL) {
		if (n->kind == N_BOOL) {
			literal(w, n, true);
			return;
		}
		S(w, "CAST(");
		cond(w, n);
		S(w, " AS INTEGER)");
		return;
	}
	value(w, n);
}

/* a condition (numbers: true when not 0) */
static void
cond(sqlw *w, const xnode *n)
{
	if (n->type == T_NUM) {
		S(w, "(");
		value(w, n);
		S(w, " <> 0)");
		return;
	}
	value(w, n);
}

static void
list(sqlw *w, xnode *const *kid, size_t n, bool as_num)
{
	S(w, "(");
	for (size_t i = 0; i < n; i++) {
		if (i)
			S(w, ", ");
		literal(w, kid[i], as_num);
	}
	S(w, ")");
}

static void
cut(sqlw *w, const xnode *n)
{
	const xnode *br = n->kid[1], *lb = n->nkid == 3 ? n->kid[2] : NULL;
	size_t m = br->nkid - 1;
	bool left = (n->flags & XF_LEFT) != 0, lowest = (n->flags & XF_LOWEST) != 0;

	S(w, "CASE");
	for (size_t j = 0; j < m; j++) {
		double lo = br->kid[j]->num, hi = br->kid[j + 1]->num;
		bool lclosed = left || (lowest && j == 0), rclosed = !left || (lowest && j == m - 1);
		bool any = false;
		S(w, " WHEN ");
		if (!isinf(lo)) {
			num(w, n->kid[0]);
			S(w, lclosed ? " >= " : " > ");
			number(w, br->kid[j], lo);
			any = true;
		}
		if (!isinf(hi)) {
			if (any)
				S(w, " AND ");
			num(w, n->kid[0]);
			S(w, rclosed ? " <= " : " < ");
			number(w, br->kid[j + 1], hi);
			any = true;
		}
		if (!any) {
			num(w, n->kid[0]);
			S(w, " IS NOT NULL");
		}
		S(w, " THEN ");
		if (lb != NULL) {
			literal(w, lb->kid[j], true);
		} else {
			xbuf b;
			char *s;
			fair__data_xbuf_init(&b);
			fair__data_xputc(&b, lclosed ? '[' : '(');
			fair__data_xnumber(&b, lo);
			fair__data_xputs(&b, ", ");
			fair__data_xnumber(&b, hi);
			fair__data_xputc(&b, rclosed ? ']' : ')');
			if ((s = fair__data_xbuf_finish(&b)) == NULL) {
				w->x.rc = -1;
				return;
			}
			param(w, true, 0, s);
			free(s);
		}
	}
	S(w, " END");
}

static void
recode(sqlw *w, const xnode *n)
{
	const xnode *x = n->kid[0], *els = NULL, *nav = NULL;
	size_t npair = n->nkid - 1;
	bool cat_in = x->type == T_CAT, num_out = n->type != T_CAT;

	if (n->kid[n->nkid - 1]->kind == N_NAMED) {
		els = n->kid[n->nkid - 1]->kid[0];
		npair--;
	}
	for (size_t i = 1; i <= npair; i++) {
		const xnode *key = n->kid[i]->kid[0];
		size_t m = key->kind == N_LIST ? key->nkid : 1;
		for (size_t j = 0; j < m; j++)
			if ((key->kind == N_LIST ? key->kid[j] : key)->kind == N_NA)
				nav = n->kid[i]->kid[1];
	}
	S(w, "CASE WHEN ");
	value(w, x);
	S(w, " IS NULL THEN ");
	if (nav != NULL)
		literal(w, nav, num_out);
	else
		S(w, "NULL");
	for (size_t i = 1; i <= npair; i++) {
		const xnode *key = n->kid[i]->kid[0];
		size_t m = key->kind == N_LIST ? key->nkid : 1, nreal = 0;
		for (size_t j = 0; j < m; j++)
			nreal += (key->kind == N_LIST ? key->kid[j] : key)->kind != N_NA;
		if (nreal == 0)
			continue;
		S(w, " WHEN ");
		if (cat_in)
			value(w, x);
		else
			num(w, x);
		S(w, " IN (");
		size_t k = 0;
		for (size_t j = 0; j < m; j++) {
			const xnode *kk = key->kind == N_LIST ? key->kid[j] : key;
			if (kk->kind == N_NA)
				continue;
			if (k++)
				S(w, ", ");
			literal(w, kk, true);
		}
		S(w, ") THEN ");
		literal(w, n->kid[i]->kid[1], num_out);
	}
	S(w, " ELSE ");
	if (els != NULL)
		literal(w, els, num_out);
	else if (cat_in == (n->type == T_CAT))
		value(w, x);
	else
		S(w, "NULL");
	S(w, " END");
}

static void
call(sqlw *w, const xnode *n)
{
	static const char *const plain[F_NFUNC] = {
		[F_ABS] = "ABS", [F_CEIL] = "CEIL", [F_FLOOR] = "FLOOR", [F_EXP] = "EXP",
		[F_LOWER] = "LOWER", [F_UPPER] = "UPPER",
	};
	bool pg = w->d == FAIR_SQL_POSTGRES;

	switch (n->op) {
	case F_ABS: case F_CEIL: case F_FLOOR: case F_EXP:
		S(w, plain[n->op]);
		S(w, "(");
		num(w, n->kid[0]);
		S(w, ")");
		return;
	case F_LOWER: case F_UPPER:
		S(w, plain[n->op]);
		S(w, "(");
		value(w, n->kid[0]);
		S(w, ")");
		return;
	case F_LOG: case F_SQRT:
		/* NULL outside the domain, as in evaluation (PostgreSQL would raise an error) */
		S(w, n->op == F_LOG ? "LN(CASE WHEN " : "SQRT(CASE WHEN ");
		num(w, n->kid[0]);
		S(w, n->op == F_LOG ? " > 0 THEN " : " >= 0 THEN ");
		num(w, n->kid[0]);
		S(w, " END)");
		return;
	case F_ROUND:
		serr(w, n, "round() has no SQL equivalent with the same result (SQL rounds halves away "
		           "from zero, fairsh to even); use floor(x + 0.5)");
		return;
	case F_MIN: case F_MAX:
		if (!pg) {                /* SQLite's scalar min/max: NULL when any is NULL */
			S(w, n->op == F_MIN ? "MIN(" : "MAX(");
			for (size_t i = 0; i < n->nkid; i++) {
				if (i)
					S(w, ", ");
				num(w, n->kid[i]);
			}
			S(w, ")");
			return;
		}
		/* LEAST/GREATEST skip NULLs; fairsh's min/max give missing */
		S(w, "CASE WHEN ");
		for (size_t i = 0; i < n->nkid; i++) {
			if (i)
				S(w, " OR ");
			num(w, n->kid[i]);
			S(w, " IS NULL");
		}
		S(w, n->op == F_MIN ? " THEN NULL ELSE LEAST(" : " THEN NULL ELSE GREATEST(");
		for (size_t i = 0; i < n->nkid; i++) {
			if (i)
				S(w, ", ");
			num(w, n->kid[i]);
		}
		S(w, ") END");
		return;
	case F_ISNA:
		S(w, "(");
		value(w, n->kid[0]);
		S(w, " IS NULL)");
		return;
	case F_COALESCE:
		S(w, "COALESCE(");
		for (size_t i = 0; i < n->nkid; i++) {
			if (i)
				S(w, ", ");
			if (n->type == T_NUM)
				num(w, n->kid[i]);
			else
				value(w, n->kid[i]);
		}
		S(w, ")");
		return;
	case F_IF:
		S(w, "CASE WHEN ");
		cond(w, n->kid[0]);
		S(w, " THEN ");
		if (n->type == T_NUM) num(w, n->kid[1]); else value(w, n->kid[1]);
		S(w, " WHEN NOT ");
		cond(w, n->kid[0]);
		S(w, " THEN ");
		if (n->type == T_NUM) num(w, n->kid[2]); else value(w, n->kid[2]);
		S(w, " END");
		return;
	case F_CUT:
		cut(w, n);
		return;
	case F_RECODE:
		recode(w, n);
		return;
	default:
		serr(w, n, "internal: unknown function");
		return;
	}
}

static void
value(sqlw *w, const xnode *n)
{
	static const char *const cmp[] = {
		[B_EQ] = " = ", [B_NE] = " <> ", [B_LT] = " < ", [B_LE] = " <= ", [B_GT] = " > ",
		[B_GE] = " >= ",
	};

	if (w->failed)
		return;
	switch (n->kind) {
	case N_NUM: number(w, n, n->num); return;
	case N_STR: param(w, true, 0, n->str); return;
	case N_BOOL: literal(w, n, false); return;
	case N_NA: S(w, "NULL"); return;
	case N_COL: ident(w, n->str); return;
	case N_NEG:
		S(w, "(-");
		num(w, n->kid[0]);
		S(w, ")");
		return;
	case N_NOT:
		S(w, "(NOT ");
		cond(w, n->kid[0]);
		S(w, ")");
		return;
	case N_IN:
		S(w, "(");
		if (n->kid[0]->type == T_CAT)
			value(w, n->kid[0]);
		else
			num(w, n->kid[0]);
		S(w, n->flags & XF_NOT ? " NOT IN " : " IN ");
		list(w, n->kid + 1, n->nkid - 1, true);
		S(w, ")");
		return;
	case N_CALL:
		call(w, n);
		return;
	case N_BIN:
		break;
	default:
		serr(w, n, "internal: unexpected node");
		return;
	}
	const xnode *a = n->kid[0], *b = n->kid[1];
	S(w, "(");
	switch (n->op) {
	case B_AND: case B_OR:
		cond(w, a);
		S(w, n->op == B_AND ? " AND " : " OR ");
		cond(w, b);
		break;
	case B_ADD: case B_SUB: case B_MUL:
		num(w, a);
		S(w, n->op == B_ADD ? " + " : n->op == B_SUB ? " - " : " * ");
		num(w, b);
		break;
	case B_DIV:
		/* real division (not integer), NULL when dividing by zero */
		S(w, "CAST(");
		num(w, a);
		S(w, " AS DOUBLE PRECISION) / NULLIF(");
		num(w, b);
		S(w, ", 0)");
		break;
	case B_MOD:
		/* floor modulo: a - b * floor(a / b) */
		num(w, a);
		S(w, " - ");
		num(w, b);
		S(w, " * FLOOR(CAST(");
		num(w, a);
		S(w, " AS DOUBLE PRECISION) / NULLIF(");
		num(w, b);
		S(w, ", 0))");
		break;
	case B_POW:
		S(w, "POWER(");
		num(w, a);
		S(w, ", ");
		num(w, b);
		S(w, ")");
		break;
	default:
		if (a->type == T_CAT) {
			value(w, a);
			S(w, cmp[n->op]);
			value(w, b);
			if (w->d == FAIR_SQL_POSTGRES && n->op != B_EQ && n->op != B_NE)
				S(w, " COLLATE \"C\"");   /* byte order, as fairsh compares */
		} else if (a->type == T_BOOL && b->type == T_BOOL) {
			value(w, a);
			S(w, cmp[n->op]);
			value(w, b);
		} else {
			num(w, a);
			S(w, cmp[n->op]);
			num(w, b);
		}
		break;
	}
	S(w, ")");
}

int
fair_expr_sql(const fair_expr *e, fair_sql_dialect dialect, fair_sql_context context, size_t first,
              fair_sql *out, fair_error *err)
{
	sqlw w;

	memset(out, 0, sizeof *out);
	if (e->bound == 0)
		return fair_error_set(err, FAIR_EINVAL, "expression '%.60s' is not bound", e->text);
	memset(&w, 0, sizeof w);
	fair__data_xbuf_init(&w.x);
	w.e = e;
	w.d = dialect;
	w.first = first;
	w.err = err;
	if (context == FAIR_SQL_CONDITION) {
		if (e->type == T_CAT)
			serr(&w, e->root, "a condition is needed, but the expression is categorical");
		else
			cond(&w, e->root);
	} else if (e->type == T_BOOL) {
		num(&w, e->root);
	} else {
		value(&w, e->root);
	}
	out->text = fair__data_xbuf_finish(&w.x);
	out->params = w.params;
	out->nparams = w.nparams;
	if (w.failed || out->text == NULL) {
		if (!w.failed)
			w.code = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		fair_sql_release(out);
		return w.code;
	}
	return FAIR_OK;
}

void
fair_sql_release(fair_sql *q)
{
	if (q == NULL)
		return;
	for (size_t i = 0; i < q->nparams; i++)
		free(q->params[i].text);
	free(q->params);
	free(q->text);
	memset(q, 0, sizeof *q);
}
