/* expr-emit.c -- the binder's tools (expr-bind.h): errors at a position
 * of the text, notes, memory owned by the expression, string sets (level
 * tables), registers and instructions of the block program, and
 * categorical values as per-level tables composed at bind time, so e.g.
 * `race in ('a', 'b')` is one table lookup per row. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/expr-bind.h"

int
fair__data_bind_berr(binder *B, size_t off, int code, const char *fmt, ...)
{
	char msg[440];
	va_list ap;

	if (B->failed)
		return code;
	B->failed = true;
	B->code = code;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return fair_error_set(B->err, code, "position %zu: %s", fair__data_expr_pos(B->e->text, off), msg);
}

int
fair__data_bind_nomem(binder *B)
{
	if (B->failed)
		return FAIR_ENOMEM;
	B->failed = true;
	B->code = FAIR_ENOMEM;
	return fair_error_set(B->err, FAIR_ENOMEM, "out of memory");
}

static void *
expr_alloc(fair_expr *e, size_t size)
{
	void *p;

	if (e->narena == e->carena) {
		size_t cap = e->carena ? e->carena * 2 : 16;
		void **a = realloc(e->arena, cap * sizeof *a);
		if (a == NULL)
			return NULL;
		e->arena = a;
		e->carena = cap;
	}
	if ((p = malloc(size ? size : 1)) == NULL)
		return NULL;
	e->arena[e->narena++] = p;
	return p;
}

void *
fair__data_bind_balloc(binder *B, size_t n, size_t size)
{
	void *p = NULL;

	if (n > ((size_t)1 << 40) / (size ? size : 1) || (p = expr_alloc(B->e, n * size)) == NULL)
		fair__data_bind_nomem(B);
	return p;
}

static void
note(binder *B, size_t off, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static void
note(binder *B, size_t off, const char *fmt, ...)
{
	fair_expr *e = B->e;
	char msg[440], *s;
	va_list ap;

	if (e->nnotes >= MAX_NOTES || B->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (e->notes == NULL && (e->notes = calloc(MAX_NOTES, sizeof *e->notes)) == NULL)
		return;
	if (asprintf(&s, "position %zu: %s", fair__data_expr_pos(e->text, off), msg) < 0)
		return;
	e->notes[e->nnotes++] = s;
}

/* ---- string sets (level tables) ---- */

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

void
fair__data_bind_strset_release(strset *t)
{
	free(t->s);
	free(t->slot);
	memset(t, 0, sizeof *t);
}

long
fair__data_bind_strset_find(const strset *t, const char *s)
{
	if (t->slot == NULL)
		return -1;
	for (size_t j = hash_str(s) & t->mask; t->slot[j] != 0; j = (j + 1) & t->mask)
		if (strcmp(t->s[t->slot[j] - 1], s) == 0)
			return (long)(t->slot[j] - 1);
	return -1;
}

/* Index of @s in @t, added when new; -1 when out of memory. */
long
fair__data_bind_strset_add(strset *t, const char *s)
{
	long k = fair__data_bind_strset_find(t, s);

	if (k >= 0)
		return k;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		const char **a = realloc(t->s, cap * sizeof *a);
		size_t *slot = calloc(cap * 2, sizeof *slot);
		if (a == NULL || slot == NULL) {
			free(slot);
			if (a != NULL)
				t->s = a;
			return -1;
		}
		t->s = a;
		t->cap = cap;
		free(t->slot);
		t->slot = slot;
		t->mask = cap * 2 - 1;
		for (size_t i = 0; i < t->n; i++) {
			size_t j = hash_str(t->s[i]) & t->mask;
			while (slot[j] != 0)
				j = (j + 1) & t->mask;
			slot[j] = i + 1;
		}
	}
	size_t j = hash_str(s) & t->mask;
	while (t->slot[j] != 0)
		j = (j + 1) & t->mask;
	t->s[t->n] = s;
	t->slot[j] = ++t->n;
	return (long)(t->n - 1);
}

/* ---- registers, instructions and compiled values ---- */

static size_t
reg_new(binder *B)
{
	if (B->nfree > 0)
		return B->freeregs[--B->nfree];
	return B->P->nregs++;
}

void
fair__data_bind_drop(binder *B, const cval *v)
{
	if (v->kind == A_REG)
		B->freeregs[B->nfree++] = v->idx;   /* stack sized for every register */
}

xins *
fair__data_bind_emit(binder *B, int op)
{
	xprog *P = B->P;

	if (P->nins == P->cap) {
		size_t cap = P->cap ? P->cap * 2 : 16;
		xins *ins = realloc(P->ins, cap * sizeof *ins);
		if (ins == NULL) {
			fair__data_bind_nomem(B);
			return NULL;
		}
		P->ins = ins;
		P->cap = cap;
	}
	xins *in = &P->ins[P->nins++];
	memset(in, 0, sizeof *in);
	in->op = op;
	return in;
}

xarg
fair__data_bind_arg_of(const cval *v)
{
	xarg a = { v->kind, v->idx, v->c };
	return a;
}

/* a vector operand: constants become constant blocks */
int
fair__data_bind_vec_arg(binder *B, const cval *v, xarg *a)
{
	xprog *P = B->P;

	*a = fair__data_bind_arg_of(v);
	if (v->kind != A_CONST)
		return 0;
	if ((P->ncblk & (P->ncblk + 1)) == 0 || P->cblk == NULL) {
		/* arena storage: grow by copying into a larger block */
		size_t cap = (P->ncblk + 1) * 2;
		double *c = fair__data_bind_balloc(B, cap, sizeof *c);
		if (c == NULL)
			return FAIR_ENOMEM;
		if (P->ncblk)
			memcpy(c, P->cblk, P->ncblk * sizeof *c);
		P->cblk = c;
	}
	/* a constant as a value (an if() branch, a coalesce() argument):
	 * finite or missing, like every result */
	P->cblk[P->ncblk] = fabs(v->c) <= 1.7976931348623157e308 ? v->c : NAN;
	a->kind = A_CBLK;
	a->idx = P->ncblk++;
	return 0;
}

cval
fair__data_bind_cconst(double c)
{
	cval v;
	memset(&v, 0, sizeof v);
	v.kind = A_CONST;
	v.c = c;
	return v;
}

/* result register of a new instruction, after its operands are in place */
cval
fair__data_bind_result(binder *B, xins *in, const cval *a, const cval *b, const cval *c)
{
	cval r;
	memset(&r, 0, sizeof r);
	r.kind = A_REG;
	r.idx = reg_new(B);
	in->dst = r.idx;
	if (a) fair__data_bind_drop(B, a);
	if (b) fair__data_bind_drop(B, b);
	if (c) fair__data_bind_drop(B, c);
	return r;
}

int
fair__data_bind_unop(binder *B, int op, const cval *x, double p, cval *out)
{
	xins *in;

	if (x->kind == A_CONST) {
		*out = fair__data_bind_cconst(fair__data_expr_scalar(op, x->c, 0, p));
		return 0;
	}
	if ((in = fair__data_bind_emit(B, op)) == NULL)
		return FAIR_ENOMEM;
	in->a = fair__data_bind_arg_of(x);
	in->p = p;
	*out = fair__data_bind_result(B, in, x, NULL, NULL);
	return 0;
}

int
fair__data_bind_binop(binder *B, int op, const cval *x, const cval *y, cval *out)
{
	xins *in;

	if (x->kind == A_CONST && y->kind == A_CONST) {
		*out = fair__data_bind_cconst(fair__data_expr_scalar(op, x->c, y->c, 0));
		return 0;
	}
	if ((in = fair__data_bind_emit(B, op)) == NULL)
		return FAIR_ENOMEM;
	in->var = y->kind == A_CONST ? 1 : x->kind == A_CONST ? 2 : 0;
	in->a = fair__data_bind_arg_of(x);
	in->b = fair__data_bind_arg_of(y);
	*out = fair__data_bind_result(B, in, x, y, NULL);
	return 0;
}

/* Per-level table @T (nlv entries) and @Tna applied to categorical @v:
 * a numeric value (or codes of another level table). */
int
fair__data_bind_apply_table(binder *B, const cval *v, const double *T, double Tna, cval *out)
{
	xins *in;
	double *tab;

	if (v->kind == A_CONST) {
		*out = fair__data_bind_cconst(v->c < 0 ? Tna : T[(size_t)v->c]);
		return 0;
	}
	if (v->kind == A_CCOL) {
		size_t ns = B->colnlv[B->P->slot_col[v->idx]];
		if ((tab = fair__data_bind_balloc(B, ns + 1, sizeof *tab)) == NULL)
			return FAIR_ENOMEM;
		for (size_t s = 0; s <= ns; s++) {
			int32_t l = v->map1 ? v->map1[s] : (int32_t)s - 1;
			tab[s] = l < 0 ? Tna : T[l];
		}
		if ((in = fair__data_bind_emit(B, X_GATHERI)) == NULL)
			return FAIR_ENOMEM;
		in->ntab = ns + 1;
	} else {
		if ((tab = fair__data_bind_balloc(B, v->nlv + 1, sizeof *tab)) == NULL)
			return FAIR_ENOMEM;
		tab[0] = Tna;
		memcpy(tab + 1, T, v->nlv * sizeof *tab);
		if ((in = fair__data_bind_emit(B, X_GATHER)) == NULL)
			return FAIR_ENOMEM;
		in->ntab = v->nlv + 1;
	}
	in->a = fair__data_bind_arg_of(v);
	in->tab = tab;
	*out = fair__data_bind_result(B, in, v, NULL, NULL);
	return 0;
}

/* Categorical @v mapped to a new level table (@lv, @nlv) by @f (code of
 * each of v's levels in the new table, -1 = missing) and @fna (image of a
 * missing value). Columns stay lazy (the maps compose). */
int
fair__data_bind_map_cat(binder *B, const cval *v, const int32_t *f, int32_t fna, char **lv,
                        size_t nlv, cval *out)
{
	if (v->kind == A_CCOL) {
		size_t ns = B->colnlv[B->P->slot_col[v->idx]];
		int32_t *m = fair__data_bind_balloc(B, ns + 1, sizeof *m);
		if (m == NULL)
			return FAIR_ENOMEM;
		for (size_t s = 0; s <= ns; s++) {
			int32_t l = v->map1 ? v->map1[s] : (int32_t)s - 1;
			m[s] = l < 0 ? fna : f[l];
		}
		*out = *v;
		out->map1 = m;
	} else {
		double *T = fair__data_bind_balloc(B, v->nlv ? v->nlv : 1, sizeof *T);
		if (T == NULL)
			return FAIR_ENOMEM;
		for (size_t k = 0; k < v->nlv; k++)
			T[k] = f[k];
		if (fair__data_bind_apply_table(B, v, T, fna, out) != 0)
			return FAIR_ENOMEM;
	}
	out->lv = lv;
	out->nlv = nlv;
	return 0;
}

/* codes of @v in a vector operand (register or constant block) */
int
fair__data_bind_materialize(binder *B, const cval *v, xarg *a)
{
	cval r;

	if (v->kind == A_CCOL) {
		double *T = fair__data_bind_balloc(B, v->nlv ? v->nlv : 1, sizeof *T);
		if (T == NULL)
			return FAIR_ENOMEM;
		for (size_t k = 0; k < v->nlv; k++)
			T[k] = (double)k;
		if (fair__data_bind_apply_table(B, v, T, -1, &r) != 0)
			return FAIR_ENOMEM;
		*a = fair__data_bind_arg_of(&r);
		return 0;
	}
	return fair__data_bind_vec_arg(B, v, a);
}

/* union of level tables; @fa, @fb get the new codes of @a's and @b's levels */
int
fair__data_bind_lv_union(binder *B, const cval *a, const cval *b, char ***lv, size_t *nlv,
                         int32_t **fa, int32_t **fb)
{
	strset t = { 0 };
	int rc = 0;

	*fa = fair__data_bind_balloc(B, a->nlv ? a->nlv : 1, sizeof **fa);
	*fb = fair__data_bind_balloc(B, b->nlv ? b->nlv : 1, sizeof **fb);
	if (*fa == NULL || *fb == NULL)
		return FAIR_ENOMEM;
	for (size_t k = 0; k < a->nlv && rc == 0; k++)
		if (((*fa)[k] = (int32_t)fair__data_bind_strset_add(&t, a->lv[k])) < 0)
			rc = fair__data_bind_nomem(B);
	for (size_t k = 0; k < b->nlv && rc == 0; k++)
		if (((*fb)[k] = (int32_t)fair__data_bind_strset_add(&t, b->lv[k])) < 0)
			rc = fair__data_bind_nomem(B);
	if (rc == 0 && (*lv = fair__data_bind_balloc(B, t.n ? t.n : 1, sizeof **lv)) == NULL)
		rc = FAIR_ENOMEM;
	if (rc == 0) {
		memcpy(*lv, t.s, t.n * sizeof **lv);
		*nlv = t.n;
	}
	fair__data_bind_strset_release(&t);
	return rc;
}

void
fair__data_bind_level_hint(binder *B, const xnode *col, const cval *v, const char *s, size_t pos)
{
	char q[64], c[64], list[200] = "";
	size_t len = strlen(s), cap = len / 3 > 1 ? len / 3 : 1, bd = cap + 1, best = (size_t)-1, o = 0;

	if (col->kind != N_COL || B->e->nnotes >= MAX_NOTES || B->quiet)
		return;
	/* a near level: few edits, and not a whole replacement ('O' is not near 'F') */
	for (size_t k = 0; k < v->nlv; k++) {
		size_t d = fair__data_expr_distance(s, v->lv[k], cap);
		if (d < bd && d < len && d < strlen(v->lv[k])) {
			bd = d;
			best = k;
		}
	}
	fair__data_expr_quote(q, sizeof q, s, strlen(s));
	fair__data_expr_quote(c, sizeof c, col->str, col->len);
	if (best != (size_t)-1) {
		char m[64];
		fair__data_expr_quote(m, sizeof m, v->lv[best], strlen(v->lv[best]));
		note(B, pos, "'%s' is not a level of '%s' (did you mean '%s'?)", q, c, m);
		return;
	}
	for (size_t k = 0; k < v->nlv && k < 6 && o + 50 < sizeof list; k++) {
		char m[48];
		fair__data_expr_quote(m, sizeof m, v->lv[k], strlen(v->lv[k]));
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", k ? ", " : "", m);
	}
	if (v->nlv > 6)
		snprintf(list + o, sizeof list - o, ", ... %zu in all", v->nlv);
	note(B, pos, "'%s' is not a level of '%s' (levels: %s)", q, c, list);
}
