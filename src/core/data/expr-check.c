/* expr-check.c -- type checking of a parsed expression by the rules of
 * doc/expressions.md: every node gets its type (numeric, condition,
 * categorical, missing) and the registers it needs, or a clear error at
 * its position. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/expr-bind.h"

static bool numish(int t) { return t == T_NUM || t == T_BOOL || t == T_NA; }

static const char *
tname(int t)
{
	switch (t) {
	case T_NUM: return "numeric";
	case T_BOOL: return "a condition (true/false)";
	case T_CAT: return "categorical";
	default: return "missing";
	}
}

/* "column 'race'", "the string 'x'", "the number 3", ... for messages */
static void
what(const xnode *n, char *out, size_t len)
{
	char q[64];

	switch (n->kind) {
	case N_COL:
		fair__data_expr_quote(q, sizeof q, n->str, n->len);
		snprintf(out, len, "column '%s'", q);
		return;
	case N_STR:
		fair__data_expr_quote(q, sizeof q, n->str, n->len);
		snprintf(out, len, "the string '%s'", q);
		return;
	case N_NUM:
		snprintf(out, len, "the number %.15g", n->num);
		return;
	case N_BOOL:
		snprintf(out, len, "%s", n->num != 0 ? "true" : "false");
		return;
	case N_NA:
		snprintf(out, len, "NA");
		return;
	default:
		snprintf(out, len, "the %s value here", n->type == T_CAT ? "categorical" :
		         n->type == T_BOOL ? "true/false" : "numeric");
		return;
	}
}

static int
unify(int a, int b)
{
	if (a == T_NA)
		return b;
	if (b == T_NA)
		return a;
	if (a == T_CAT || b == T_CAT)
		return a == b ? T_CAT : T_NONE;
	return a == T_BOOL && b == T_BOOL ? T_BOOL : T_NUM;
}

static uint32_t
need_of(xnode *n)
{
	uint32_t best = 0, second = 0;

	for (size_t i = 0; i < n->nkid; i++) {
		uint32_t k = n->kid[i]->need;
		if (k > best) {
			second = best;
			best = k;
		} else if (k > second) {
			second = k;
		}
	}
	return (best == second ? best + 1 : best) + 1;
}


static int
need_numeric(binder *B, const xnode *k, const char *who)
{
	char w[128];

	if (numish(k->type))
		return 0;
	what(k, w, sizeof w);
	return fair__data_bind_berr(B, k->pos, FAIR_EINVAL,
	                            "%s needs a number, but %s is categorical", who, w);
}

static int
need_logical(binder *B, const xnode *k, const char *who)
{
	char w[128];

	if (numish(k->type))
		return 0;
	what(k, w, sizeof w);
	return fair__data_bind_berr(B, k->pos, FAIR_EINVAL,
	                            "%s needs a condition, but %s is categorical (compare it: x == 'value')", who, w);
}

static int
check_compare(binder *B, xnode *n)
{
	const xnode *a = n->kid[0], *b = n->kid[1];
	char wa[128], wb[128];

	if (a->type == T_NA || b->type == T_NA)
		return fair__data_bind_berr(B, (a->type == T_NA ? a : b)->pos, FAIR_EINVAL,
		                            "a comparison with NA is always missing; test isna(x) instead");
	if ((numish(a->type) && numish(b->type)) || (a->type == T_CAT && b->type == T_CAT)) {
		n->type = T_BOOL;
		return 0;
	}
	what(a, wa, sizeof wa);
	what(b, wb, sizeof wb);
	const xnode *s = a->kind == N_STR ? a : b->kind == N_STR ? b : NULL;
	const xnode *num = a->kind == N_NUM ? a : b->kind == N_NUM ? b : NULL;
	return fair__data_bind_berr(B, n->pos, FAIR_EINVAL, "cannot compare %s (%s) with %s (%s)%s",
	                            wa, tname(a->type),
	                            wb, tname(b->type),
	                            s != NULL ? "; numbers are written without quotes" :
	                            num != NULL ? "; quote the value ('...') to compare with a category" : "");
}

static int
check_in(binder *B, xnode *n)
{
	xnode *x = n->kid[0];
	char w[128];

	n->type = T_BOOL;
	if (x->type == T_NA)
		return fair__data_bind_berr(B, x->pos, FAIR_EINVAL,
		                            "NA in (...) is always missing; test isna(x) instead");
	for (size_t i = 1; i < n->nkid; i++) {
		xnode *k = n->kid[i];
		k->type = k->kind == N_STR ? T_CAT : k->kind == N_BOOL ? T_BOOL : T_NUM;
		if ((x->type == T_CAT) != (k->kind == N_STR)) {
			what(x, w, sizeof w);
			return fair__data_bind_berr(B, k->pos, FAIR_EINVAL,
			                            "the list for %s (%s) holds %s", w, tname(x->type),
			                            x->type == T_CAT ? "strings ('...')" : "numbers");
		}
	}
	return 0;
}

/* keys of recode(): duplicates and types */
typedef struct rkey {
	const xnode *k;
	size_t       pair;
} rkey;

static int
cmp_rkey(const void *pa, const void *pb)
{
	const xnode *a = ((const rkey *)pa)->k, *b = ((const rkey *)pb)->k;
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	if (a->kind == N_STR)
		return strcmp(a->str, b->str);
	if (a->kind == N_NA)
		return 0;
	return (a->num > b->num) - (a->num < b->num);
}

static int
check_recode(binder *B, xnode *n)
{
	xnode *x = n->kid[0];
	int out = T_NA;
	size_t nkeys = 0, k = 0;
	rkey *keys = NULL;
	char w[128];
	int rc = 0;

	if (x->type == T_NA)
		return fair__data_bind_berr(B, x->pos, FAIR_EINVAL,
		                            "recode() of NA: nothing to recode");
	for (size_t i = 1; i < n->nkid; i++) {
		xnode *pr = n->kid[i];
		xnode *v = pr->kind == N_PAIR ? pr->kid[1] : pr->kid[0];
		int vt = v->kind == N_STR ? T_CAT : v->kind == N_NUM ? T_NUM : v->kind == N_BOOL ? T_BOOL : T_NA;
		v->type = (uint8_t)vt;
		if (unify(out, vt) == T_NONE)
			return fair__data_bind_berr(B, v->pos, FAIR_EINVAL,
			                            "recode(): the new values are all strings or all numbers");
		out = unify(out, vt);
		if (pr->kind == N_PAIR)
			nkeys += pr->kid[0]->kind == N_LIST ? pr->kid[0]->nkid : 1;
	}
	if ((keys = malloc((nkeys ? nkeys : 1) * sizeof *keys)) == NULL)
		return fair__data_bind_nomem(B);
	for (size_t i = 1; i < n->nkid; i++) {
		xnode *pr = n->kid[i];
		if (pr->kind != N_PAIR)
			continue;
		xnode *key = pr->kid[0];
		size_t m = key->kind == N_LIST ? key->nkid : 1;
		for (size_t j = 0; j < m; j++) {
			xnode *kk = key->kind == N_LIST ? key->kid[j] : key;
			kk->type = kk->kind == N_STR ? T_CAT : kk->kind == N_NA ? T_NA :
			           kk->kind == N_BOOL ? T_BOOL : T_NUM;
			if (kk->kind != N_NA && (x->type == T_CAT) != (kk->kind == N_STR)) {
				what(x, w, sizeof w);
				rc = fair__data_bind_berr(B, kk->pos, FAIR_EINVAL,
				                          "recode(): the keys for %s (%s) are %s", w,
				                          tname(x->type), x->type == T_CAT ? "strings ('...')" : "numbers");
				goto out;
			}
			keys[k].k = kk;
			keys[k++].pair = i;
		}
	}
	qsort(keys, k, sizeof *keys, cmp_rkey);
	for (size_t i = 1; i < k; i++)
		if (cmp_rkey(&keys[i - 1], &keys[i]) == 0) {
			const xnode *d = keys[i].k->pos > keys[i - 1].k->pos ? keys[i].k : keys[i - 1].k;
			what(d, w, sizeof w);
			rc = fair__data_bind_berr(B, d->pos, FAIR_EINVAL,
			                          "recode(): key %s appears twice", w);
			goto out;
		}
	n->type = (uint8_t)(out == T_NA ? (x->type == T_CAT ? T_CAT : T_NUM) : out);
out:
	free(keys);
	return rc;
}

static int
check_call(binder *B, xnode *n)
{
	const char *fn = fair__data_expr_func_name[n->op];
	char who[32], w[128];
	int t;

	snprintf(who, sizeof who, "%s()", fn);
	switch (n->op) {
	case F_ABS: case F_CEIL: case F_EXP: case F_FLOOR: case F_LOG: case F_SQRT: case F_ROUND:
		n->type = T_NUM;
		return need_numeric(B, n->kid[0], who);
	case F_MIN: case F_MAX:
		n->type = T_NUM;
		for (size_t i = 0; i < n->nkid; i++)
			if (need_numeric(B, n->kid[i], who))
				return B->code;
		return 0;
	case F_ISNA:
		n->type = T_BOOL;
		return 0;
	case F_LOWER: case F_UPPER:
		n->type = T_CAT;
		if (n->kid[0]->type == T_CAT || n->kid[0]->type == T_NA)
			return 0;
		what(n->kid[0], w, sizeof w);
		return fair__data_bind_berr(B, n->kid[0]->pos, FAIR_EINVAL,
		                            "%s needs text, but %s is %s", who, w,
		                            tname(n->kid[0]->type));
	case F_IF:
		if (need_logical(B, n->kid[0], "if()"))
			return B->code;
		t = unify(n->kid[1]->type, n->kid[2]->type);
		if (t == T_NONE)
			return fair__data_bind_berr(B, n->kid[2]->pos, FAIR_EINVAL,
			                            "if(): the two results differ in type (%s and %s)", tname(n->kid[1]->type),
			                            tname(n->kid[2]->type));
		n->type = (uint8_t)(t == T_NA ? T_NUM : t);
		return 0;
	case F_COALESCE:
		t = T_NA;
		for (size_t i = 0; i < n->nkid; i++) {
			int u = unify(t, n->kid[i]->type);
			if (u == T_NONE)
				return fair__data_bind_berr(B, n->kid[i]->pos, FAIR_EINVAL,
				                            "coalesce(): the arguments differ in type (%s and %s)", tname(t),
				                            tname(n->kid[i]->type));
			t = u;
		}
		n->type = (uint8_t)(t == T_NA ? T_NUM : t);
		return 0;
	case F_CUT:
		for (size_t j = 1; j < n->nkid; j++)
			for (size_t i = 0; i < n->kid[j]->nkid; i++)
				n->kid[j]->kid[i]->type = n->kid[j]->kid[i]->kind == N_STR ? T_CAT : T_NUM;
		n->type = n->nkid == 3 && n->kid[2]->kid[0]->kind == N_NUM ? T_NUM : T_CAT;
		return need_numeric(B, n->kid[0], who);
	case F_RECODE:
		return check_recode(B, n);
	default:
		return fair__data_bind_berr(B, n->pos, FAIR_EINVAL, "internal: unknown function");
	}
}

int
fair__data_bind_check(binder *B, xnode *n)
{
	static const char *const opname[] = {
		[B_OR] = "'or'", [B_AND] = "'and'", [B_ADD] = "'+'", [B_SUB] = "'-'", [B_MUL] = "'*'",
		[B_DIV] = "'/'", [B_MOD] = "'%'", [B_POW] = "'^'",
	};
	size_t first = n->nkid;

	/* lists, mappings and options are checked by their owners */
	if (n->kind == N_IN || (n->kind == N_CALL && (n->op == F_CUT || n->op == F_RECODE)))
		first = 1;
	for (size_t i = 0; i < first; i++)
		if (fair__data_bind_check(B, n->kid[i]) != 0)
			return B->code;
	n->need = n->nkid ? need_of(n) : 0;
	switch (n->kind) {
	case N_NUM: n->type = T_NUM; return 0;
	case N_BOOL: n->type = T_BOOL; return 0;
	case N_STR: n->type = T_CAT; return 0;
	case N_NA: n->type = T_NA; return 0;
	case N_COL:
		n->type = B->e->coltypes[n->col] == FAIR_COL_NUMERIC ? T_NUM : T_CAT;
		return 0;
	case N_NEG:
		n->type = T_NUM;
		return need_numeric(B, n->kid[0], "'-'");
	case N_NOT:
		n->type = T_BOOL;
		return need_logical(B, n->kid[0], "'not'");
	case N_BIN:
		switch (n->op) {
		case B_AND: case B_OR:
			n->type = T_BOOL;
			if (need_logical(B, n->kid[0], opname[n->op]) || need_logical(B, n->kid[1], opname[n->op]))
				return B->code;
			return 0;
		case B_ADD: case B_SUB: case B_MUL: case B_DIV: case B_MOD: case B_POW:
			n->type = T_NUM;
			if (need_numeric(B, n->kid[0], opname[n->op]) || need_numeric(B, n->kid[1], opname[n->op]))
				return B->code;
			return 0;
		default:
			return check_compare(B, n);
		}
	case N_IN:
		return check_in(B, n);
	case N_CALL:
		return check_call(B, n);
	default:
		return fair__data_bind_berr(B, n->pos, FAIR_EINVAL, "internal: unexpected node");
	}
}
