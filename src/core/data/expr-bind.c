/* expr-bind.c -- binding an expression: column lookup (with the nearest name
 * suggested), type checking by the rules of doc/expressions.md, level tables
 * for categorical values, and compilation of the tree into the block program
 * that expr-eval.c runs. Categorical operations become per-level tables
 * composed at bind time, so e.g. `race in ('a', 'b')` is one table lookup
 * per row. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data-private.h"

#define MAX_NOTES 8

typedef struct binder {
	fair_expr  *e;
	fair_error *err;
	bool        failed;
	int         code;         /* the error's status                    */
	bool        data;         /* compiling for evaluation              */
	bool        quiet;        /* no notes (the second program)         */
	xprog      *P;            /* the program being compiled            */
	size_t     *freeregs;     /* free register stack                   */
	size_t      nfree;
	char     ***collv;        /* levels of each categorical column     */
	size_t     *colnlv;
	size_t     *colslot;      /* slot + 1 of each column, 0 = none yet */
} binder;

/* a compiled value */
typedef struct cval {
	int     kind;             /* A_CONST, A_REG, A_NCOL, A_CCOL        */
	size_t  idx;
	double  c;                /* number, or code (-1 = missing)        */
	const int32_t *map1;      /* A_CCOL: code + 1 -> level; NULL = same */
	char  **lv;               /* categorical: levels (borrowed)        */
	size_t  nlv;
} cval;

static int
berr(binder *B, size_t off, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

static int
berr(binder *B, size_t off, int code, const char *fmt, ...)
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

static int
nomem(binder *B)
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

static void *
balloc(binder *B, size_t n, size_t size)
{
	void *p = NULL;

	if (n > ((size_t)1 << 40) / (size ? size : 1) || (p = expr_alloc(B->e, n * size)) == NULL)
		nomem(B);
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

typedef struct strset {
	const char **s;
	size_t       n, cap;
	size_t      *slot;        /* index + 1 */
	size_t       mask;
} strset;

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void
strset_release(strset *t)
{
	free(t->s);
	free(t->slot);
	memset(t, 0, sizeof *t);
}

static long
strset_find(const strset *t, const char *s)
{
	if (t->slot == NULL)
		return -1;
	for (size_t j = hash_str(s) & t->mask; t->slot[j] != 0; j = (j + 1) & t->mask)
		if (strcmp(t->s[t->slot[j] - 1], s) == 0)
			return (long)(t->slot[j] - 1);
	return -1;
}

/* Index of @s in @t, added when new; -1 when out of memory. */
static long
strset_add(strset *t, const char *s)
{
	long k = strset_find(t, s);

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

/* ---- type checking ---- */

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

static int check(binder *B, xnode *n);

static int
need_numeric(binder *B, const xnode *k, const char *who)
{
	char w[128];

	if (numish(k->type))
		return 0;
	what(k, w, sizeof w);
	return berr(B, k->pos, FAIR_EINVAL, "%s needs a number, but %s is categorical", who, w);
}

static int
need_logical(binder *B, const xnode *k, const char *who)
{
	char w[128];

	if (numish(k->type))
		return 0;
	what(k, w, sizeof w);
	return berr(B, k->pos, FAIR_EINVAL,
	            "%s needs a condition, but %s is categorical (compare it: x == 'value')", who, w);
}

static int
check_compare(binder *B, xnode *n)
{
	const xnode *a = n->kid[0], *b = n->kid[1];
	char wa[128], wb[128];

	if (a->type == T_NA || b->type == T_NA)
		return berr(B, (a->type == T_NA ? a : b)->pos, FAIR_EINVAL,
		            "a comparison with NA is always missing; test isna(x) instead");
	if ((numish(a->type) && numish(b->type)) || (a->type == T_CAT && b->type == T_CAT)) {
		n->type = T_BOOL;
		return 0;
	}
	what(a, wa, sizeof wa);
	what(b, wb, sizeof wb);
	const xnode *s = a->kind == N_STR ? a : b->kind == N_STR ? b : NULL;
	const xnode *num = a->kind == N_NUM ? a : b->kind == N_NUM ? b : NULL;
	return berr(B, n->pos, FAIR_EINVAL, "cannot compare %s (%s) with %s (%s)%s", wa, tname(a->type),
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
		return berr(B, x->pos, FAIR_EINVAL, "NA in (...) is always missing; test isna(x) instead");
	for (size_t i = 1; i < n->nkid; i++) {
		xnode *k = n->kid[i];
		k->type = k->kind == N_STR ? T_CAT : k->kind == N_BOOL ? T_BOOL : T_NUM;
		if ((x->type == T_CAT) != (k->kind == N_STR)) {
			what(x, w, sizeof w);
			return berr(B, k->pos, FAIR_EINVAL, "the list for %s (%s) holds %s", w, tname(x->type),
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
		return berr(B, x->pos, FAIR_EINVAL, "recode() of NA: nothing to recode");
	for (size_t i = 1; i < n->nkid; i++) {
		xnode *pr = n->kid[i];
		xnode *v = pr->kind == N_PAIR ? pr->kid[1] : pr->kid[0];
		int vt = v->kind == N_STR ? T_CAT : v->kind == N_NUM ? T_NUM : v->kind == N_BOOL ? T_BOOL : T_NA;
		v->type = (uint8_t)vt;
		if (unify(out, vt) == T_NONE)
			return berr(B, v->pos, FAIR_EINVAL, "recode(): the new values are all strings or all numbers");
		out = unify(out, vt);
		if (pr->kind == N_PAIR)
			nkeys += pr->kid[0]->kind == N_LIST ? pr->kid[0]->nkid : 1;
	}
	if ((keys = malloc((nkeys ? nkeys : 1) * sizeof *keys)) == NULL)
		return nomem(B);
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
				rc = berr(B, kk->pos, FAIR_EINVAL, "recode(): the keys for %s (%s) are %s", w,
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
			rc = berr(B, d->pos, FAIR_EINVAL, "recode(): key %s appears twice", w);
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
		return berr(B, n->kid[0]->pos, FAIR_EINVAL, "%s needs text, but %s is %s", who, w,
		            tname(n->kid[0]->type));
	case F_IF:
		if (need_logical(B, n->kid[0], "if()"))
			return B->code;
		t = unify(n->kid[1]->type, n->kid[2]->type);
		if (t == T_NONE)
			return berr(B, n->kid[2]->pos, FAIR_EINVAL,
			            "if(): the two results differ in type (%s and %s)", tname(n->kid[1]->type),
			            tname(n->kid[2]->type));
		n->type = (uint8_t)(t == T_NA ? T_NUM : t);
		return 0;
	case F_COALESCE:
		t = T_NA;
		for (size_t i = 0; i < n->nkid; i++) {
			int u = unify(t, n->kid[i]->type);
			if (u == T_NONE)
				return berr(B, n->kid[i]->pos, FAIR_EINVAL,
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
		return berr(B, n->pos, FAIR_EINVAL, "internal: unknown function");
	}
}

static int
check(binder *B, xnode *n)
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
		if (check(B, n->kid[i]) != 0)
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
		return berr(B, n->pos, FAIR_EINVAL, "internal: unexpected node");
	}
}

/* ---- compilation ---- */

static size_t
reg_new(binder *B)
{
	if (B->nfree > 0)
		return B->freeregs[--B->nfree];
	return B->P->nregs++;
}

static void
drop(binder *B, const cval *v)
{
	if (v->kind == A_REG)
		B->freeregs[B->nfree++] = v->idx;   /* stack sized for every register */
}

static xins *
emit(binder *B, int op)
{
	xprog *P = B->P;

	if (P->nins == P->cap) {
		size_t cap = P->cap ? P->cap * 2 : 16;
		xins *ins = realloc(P->ins, cap * sizeof *ins);
		if (ins == NULL) {
			nomem(B);
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

static xarg
arg_of(const cval *v)
{
	xarg a = { v->kind, v->idx, v->c };
	return a;
}

/* a vector operand: constants become constant blocks */
static int
vec_arg(binder *B, const cval *v, xarg *a)
{
	xprog *P = B->P;

	*a = arg_of(v);
	if (v->kind != A_CONST)
		return 0;
	if ((P->ncblk & (P->ncblk + 1)) == 0 || P->cblk == NULL) {
		/* arena storage: grow by copying into a larger block */
		size_t cap = (P->ncblk + 1) * 2;
		double *c = balloc(B, cap, sizeof *c);
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

static cval
cconst(double c)
{
	cval v;
	memset(&v, 0, sizeof v);
	v.kind = A_CONST;
	v.c = c;
	return v;
}

/* result register of a new instruction, after its operands are in place */
static cval
result(binder *B, xins *in, const cval *a, const cval *b, const cval *c)
{
	cval r;
	memset(&r, 0, sizeof r);
	r.kind = A_REG;
	r.idx = reg_new(B);
	in->dst = r.idx;
	if (a) drop(B, a);
	if (b) drop(B, b);
	if (c) drop(B, c);
	return r;
}

static int gen(binder *B, const xnode *n, cval *out);

static int
unop(binder *B, int op, const cval *x, double p, cval *out)
{
	xins *in;

	if (x->kind == A_CONST) {
		*out = cconst(fair__data_expr_scalar(op, x->c, 0, p));
		return 0;
	}
	if ((in = emit(B, op)) == NULL)
		return FAIR_ENOMEM;
	in->a = arg_of(x);
	in->p = p;
	*out = result(B, in, x, NULL, NULL);
	return 0;
}

static int
binop(binder *B, int op, const cval *x, const cval *y, cval *out)
{
	xins *in;

	if (x->kind == A_CONST && y->kind == A_CONST) {
		*out = cconst(fair__data_expr_scalar(op, x->c, y->c, 0));
		return 0;
	}
	if ((in = emit(B, op)) == NULL)
		return FAIR_ENOMEM;
	in->var = y->kind == A_CONST ? 1 : x->kind == A_CONST ? 2 : 0;
	in->a = arg_of(x);
	in->b = arg_of(y);
	*out = result(B, in, x, y, NULL);
	return 0;
}

/* evaluates @a and @b, the one needing more registers first */
static int
gen2(binder *B, const xnode *a, const xnode *b, cval *va, cval *vb)
{
	if (b->need > a->need)
		return gen(B, b, vb) || gen(B, a, va) ? FAIR_EINVAL : 0;
	return gen(B, a, va) || gen(B, b, vb) ? FAIR_EINVAL : 0;
}

/* as a condition: numbers are true when not 0 */
static int
gen_bool(binder *B, const xnode *n, cval *out)
{
	cval v;

	if (gen(B, n, &v) != 0)
		return FAIR_EINVAL;
	if (n->type == T_NUM)
		return unop(B, X_TRUTH, &v, 0, out);
	*out = v;
	return 0;
}

/* Per-level table @T (nlv entries) and @Tna applied to categorical @v:
 * a numeric value (or codes of another level table). */
static int
apply_table(binder *B, const cval *v, const double *T, double Tna, cval *out)
{
	xins *in;
	double *tab;

	if (v->kind == A_CONST) {
		*out = cconst(v->c < 0 ? Tna : T[(size_t)v->c]);
		return 0;
	}
	if (v->kind == A_CCOL) {
		size_t ns = B->colnlv[B->P->slot_col[v->idx]];
		if ((tab = balloc(B, ns + 1, sizeof *tab)) == NULL)
			return FAIR_ENOMEM;
		for (size_t s = 0; s <= ns; s++) {
			int32_t l = v->map1 ? v->map1[s] : (int32_t)s - 1;
			tab[s] = l < 0 ? Tna : T[l];
		}
		if ((in = emit(B, X_GATHERI)) == NULL)
			return FAIR_ENOMEM;
		in->ntab = ns + 1;
	} else {
		if ((tab = balloc(B, v->nlv + 1, sizeof *tab)) == NULL)
			return FAIR_ENOMEM;
		tab[0] = Tna;
		memcpy(tab + 1, T, v->nlv * sizeof *tab);
		if ((in = emit(B, X_GATHER)) == NULL)
			return FAIR_ENOMEM;
		in->ntab = v->nlv + 1;
	}
	in->a = arg_of(v);
	in->tab = tab;
	*out = result(B, in, v, NULL, NULL);
	return 0;
}

/* Categorical @v mapped to a new level table (@lv, @nlv) by @f (code of
 * each of v's levels in the new table, -1 = missing) and @fna (image of a
 * missing value). Columns stay lazy (the maps compose). */
static int
map_cat(binder *B, const cval *v, const int32_t *f, int32_t fna, char **lv, size_t nlv, cval *out)
{
	if (v->kind == A_CCOL) {
		size_t ns = B->colnlv[B->P->slot_col[v->idx]];
		int32_t *m = balloc(B, ns + 1, sizeof *m);
		if (m == NULL)
			return FAIR_ENOMEM;
		for (size_t s = 0; s <= ns; s++) {
			int32_t l = v->map1 ? v->map1[s] : (int32_t)s - 1;
			m[s] = l < 0 ? fna : f[l];
		}
		*out = *v;
		out->map1 = m;
	} else {
		double *T = balloc(B, v->nlv ? v->nlv : 1, sizeof *T);
		if (T == NULL)
			return FAIR_ENOMEM;
		for (size_t k = 0; k < v->nlv; k++)
			T[k] = f[k];
		if (apply_table(B, v, T, fna, out) != 0)
			return FAIR_ENOMEM;
	}
	out->lv = lv;
	out->nlv = nlv;
	return 0;
}

/* codes of @v in a vector operand (register or constant block) */
static int
materialize(binder *B, const cval *v, xarg *a)
{
	cval r;

	if (v->kind == A_CCOL) {
		double *T = balloc(B, v->nlv ? v->nlv : 1, sizeof *T);
		if (T == NULL)
			return FAIR_ENOMEM;
		for (size_t k = 0; k < v->nlv; k++)
			T[k] = (double)k;
		if (apply_table(B, v, T, -1, &r) != 0)
			return FAIR_ENOMEM;
		*a = arg_of(&r);
		return 0;
	}
	return vec_arg(B, v, a);
}

/* a categorical value of a node typed T_CAT or T_NA */
static int
gen_cat(binder *B, const xnode *n, cval *out)
{
	if (gen(B, n, out) != 0)
		return FAIR_EINVAL;
	if (n->type == T_NA) {
		*out = cconst(-1);
		out->lv = NULL;
		out->nlv = 0;
	}
	return 0;
}

/* union of level tables; @fa, @fb get the new codes of @a's and @b's levels */
static int
lv_union(binder *B, const cval *a, const cval *b, char ***lv, size_t *nlv, int32_t **fa, int32_t **fb)
{
	strset t = { 0 };
	int rc = 0;

	*fa = balloc(B, a->nlv ? a->nlv : 1, sizeof **fa);
	*fb = balloc(B, b->nlv ? b->nlv : 1, sizeof **fb);
	if (*fa == NULL || *fb == NULL)
		return FAIR_ENOMEM;
	for (size_t k = 0; k < a->nlv && rc == 0; k++)
		if (((*fa)[k] = (int32_t)strset_add(&t, a->lv[k])) < 0)
			rc = nomem(B);
	for (size_t k = 0; k < b->nlv && rc == 0; k++)
		if (((*fb)[k] = (int32_t)strset_add(&t, b->lv[k])) < 0)
			rc = nomem(B);
	if (rc == 0 && (*lv = balloc(B, t.n ? t.n : 1, sizeof **lv)) == NULL)
		rc = FAIR_ENOMEM;
	if (rc == 0) {
		memcpy(*lv, t.s, t.n * sizeof **lv);
		*nlv = t.n;
	}
	strset_release(&t);
	return rc;
}

static void
level_hint(binder *B, const xnode *col, const cval *v, const char *s, size_t pos)
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

static int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
gen_compare(binder *B, const xnode *n, cval *out)
{
	static const int xop_of[] = {
		[B_EQ] = X_EQ, [B_NE] = X_NE, [B_LT] = X_LT, [B_LE] = X_LE, [B_GT] = X_GT, [B_GE] = X_GE,
	};
	const xnode *a = n->kid[0], *b = n->kid[1];
	int op = xop_of[n->op];
	cval va, vb;

	if (a->type != T_CAT) {
		if (gen2(B, a, b, &va, &vb) != 0)
			return FAIR_EINVAL;
		return binop(B, op, &va, &vb, out);
	}
	if (gen2(B, a, b, &va, &vb) != 0)
		return FAIR_EINVAL;
	if (va.kind == A_CONST || vb.kind == A_CONST) {
		/* one side is a constant string: a per-level table of the other */
		bool swap = va.kind == A_CONST && vb.kind != A_CONST;
		const cval *v = swap ? &vb : &va, *s = swap ? &va : &vb;
		const xnode *vn = swap ? b : a;
		if (s->c < 0 || (v->kind == A_CONST && v->c < 0)) {
			*out = cconst(NAN);
			return 0;
		}
		const char *str = s->lv[(size_t)s->c];
		if (v->kind == A_CONST) {
			int c = strcmp(v->lv[(size_t)v->c], str);
			if (swap)
				c = -c;
			*out = cconst(fair__data_expr_scalar(op, c, 0, 0));
			return 0;
		}
		double *T = balloc(B, v->nlv ? v->nlv : 1, sizeof *T);
		bool found = false;
		if (T == NULL)
			return FAIR_ENOMEM;
		for (size_t k = 0; k < v->nlv; k++) {
			int c = strcmp(v->lv[k], str);
			found |= c == 0;
			T[k] = fair__data_expr_scalar(op, swap ? -c : c, 0, 0);
		}
		if (!found && (n->op == B_EQ || n->op == B_NE))
			level_hint(B, vn, v, str, (swap ? a : b)->pos);
		return apply_table(B, v, T, NAN, out);
	}
	/* two categorical values: compare their ranks in the merged sorted levels */
	char **lv;
	size_t nlv;
	int32_t *fa, *fb;
	if (lv_union(B, &va, &vb, &lv, &nlv, &fa, &fb) != 0)
		return FAIR_ENOMEM;
	char **sorted = balloc(B, nlv ? nlv : 1, sizeof *sorted);
	double *rank = balloc(B, nlv ? nlv : 1, sizeof *rank);
	double *Ta = balloc(B, va.nlv ? va.nlv : 1, sizeof *Ta), *Tb = balloc(B, vb.nlv ? vb.nlv : 1, sizeof *Tb);
	strset t = { 0 };
	if (sorted == NULL || rank == NULL || Ta == NULL || Tb == NULL)
		return FAIR_ENOMEM;
	memcpy(sorted, lv, nlv * sizeof *lv);
	qsort(sorted, nlv, sizeof *sorted, cmp_strp);
	for (size_t k = 0; k < nlv; k++)
		if (strset_add(&t, sorted[k]) < 0) {
			strset_release(&t);
			return nomem(B);
		}
	for (size_t k = 0; k < nlv; k++)
		rank[k] = (double)strset_find(&t, lv[k]);
	strset_release(&t);
	for (size_t k = 0; k < va.nlv; k++)
		Ta[k] = rank[fa[k]];
	for (size_t k = 0; k < vb.nlv; k++)
		Tb[k] = rank[fb[k]];
	cval ra, rb;
	if (apply_table(B, &va, Ta, NAN, &ra) != 0 || apply_table(B, &vb, Tb, NAN, &rb) != 0)
		return FAIR_ENOMEM;
	return binop(B, op, &ra, &rb, out);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int
gen_in(binder *B, const xnode *n, cval *out)
{
	const xnode *x = n->kid[0];
	size_t m = n->nkid - 1;
	bool neg = (n->flags & XF_NOT) != 0;
	cval v;

	if (gen(B, x, &v) != 0)
		return FAIR_EINVAL;
	if (x->type == T_CAT) {
		strset items = { 0 };
		double *T = balloc(B, v.nlv ? v.nlv : 1, sizeof *T);
		if (T == NULL)
			return FAIR_ENOMEM;
		for (size_t i = 0; i < m; i++)
			if (strset_add(&items, n->kid[1 + i]->str) < 0) {
				strset_release(&items);
				return nomem(B);
			}
		for (size_t k = 0; k < v.nlv; k++)
			T[k] = (strset_find(&items, v.lv[k]) >= 0) != neg;
		strset_release(&items);
		if (x->kind == N_COL) {
			/* items that are no level of the column (levels hashed once) */
			strset lv = { 0 };
			for (size_t k = 0; k < v.nlv; k++)
				if (strset_add(&lv, v.lv[k]) < 0) {
					strset_release(&lv);
					return nomem(B);
				}
			for (size_t i = 0; i < m && B->e->nnotes < MAX_NOTES; i++)
				if (strset_find(&lv, n->kid[1 + i]->str) < 0)
					level_hint(B, x, &v, n->kid[1 + i]->str, n->kid[1 + i]->pos);
			strset_release(&lv);
		}
		return apply_table(B, &v, T, NAN, out);
	}
	double *tab = balloc(B, m, sizeof *tab);
	size_t u = 0;
	if (tab == NULL)
		return FAIR_ENOMEM;
	for (size_t i = 0; i < m; i++)
		tab[i] = n->kid[1 + i]->num;
	qsort(tab, m, sizeof *tab, cmp_double);
	for (size_t i = 0; i < m; i++)
		if (u == 0 || tab[i] != tab[u - 1])
			tab[u++] = tab[i];
	if (v.kind == A_CONST) {
		bool found = bsearch(&v.c, tab, u, sizeof *tab, cmp_double) != NULL;
		*out = cconst(isnan(v.c) ? NAN : (double)(found != neg));
		return 0;
	}
	xins *in = emit(B, X_IN);
	if (in == NULL)
		return FAIR_ENOMEM;
	in->a = arg_of(&v);
	in->tab = tab;
	in->ntab = u;
	in->flags = neg ? XF_NOT : 0;
	*out = result(B, in, &v, NULL, NULL);
	return 0;
}

/* result of if()/coalesce() when categorical: union levels, codes in vectors */
static int
gen_if(binder *B, const xnode *n, cval *out)
{
	const xnode *a = n->kid[1], *b = n->kid[2];
	cval c, va, vb;

	if (gen_bool(B, n->kid[0], &c) != 0)
		return FAIR_EINVAL;
	if (c.kind == A_CONST) {
		/* a constant condition picks a branch (or missing) at bind time */
		const xnode *pick = isnan(c.c) ? NULL : c.c != 0 ? a : b;
		if (n->type != T_CAT) {
			if (pick == NULL) {
				*out = cconst(NAN);
				return 0;
			}
			return gen(B, pick, out);
		}
		/* categorical: still build the union so the level table is stable */
		if (gen_cat(B, a, &va) != 0 || gen_cat(B, b, &vb) != 0)
			return FAIR_EINVAL;
		char **lv;
		size_t nlv;
		int32_t *fa, *fb;
		if (lv_union(B, &va, &vb, &lv, &nlv, &fa, &fb) != 0)
			return FAIR_ENOMEM;
		if (pick == NULL) {
			drop(B, &va);
			drop(B, &vb);
			*out = cconst(-1);
			out->lv = lv;
			out->nlv = nlv;
			return 0;
		}
		drop(B, pick == a ? &vb : &va);
		return map_cat(B, pick == a ? &va : &vb, pick == a ? fa : fb, -1, lv, nlv, out);
	}
	if (n->type != T_CAT) {
		xarg xa, xb;
		if (gen2(B, a, b, &va, &vb) != 0 || vec_arg(B, &va, &xa) != 0 || vec_arg(B, &vb, &xb) != 0)
			return FAIR_EINVAL;
		xins *in = emit(B, X_IFN);
		if (in == NULL)
			return FAIR_ENOMEM;
		in->a = arg_of(&c);
		in->b = xa;
		in->c = xb;
		*out = result(B, in, &c, &va, &vb);
		return 0;
	}
	if (gen_cat(B, a, &va) != 0 || gen_cat(B, b, &vb) != 0)
		return FAIR_EINVAL;
	char **lv;
	size_t nlv;
	int32_t *fa, *fb;
	cval ma, mb;
	xarg xa, xb;
	if (lv_union(B, &va, &vb, &lv, &nlv, &fa, &fb) != 0 ||
	    map_cat(B, &va, fa, -1, lv, nlv, &ma) != 0 || map_cat(B, &vb, fb, -1, lv, nlv, &mb) != 0 ||
	    materialize(B, &ma, &xa) != 0 || materialize(B, &mb, &xb) != 0)
		return FAIR_ENOMEM;
	xins *in = emit(B, X_IFC);
	if (in == NULL)
		return FAIR_ENOMEM;
	in->a = arg_of(&c);
	in->b = xa;
	in->c = xb;
	cval rb = { .kind = xa.kind, .idx = xa.idx }, rc = { .kind = xb.kind, .idx = xb.idx };
	*out = result(B, in, &c, &rb, &rc);
	out->lv = lv;
	out->nlv = nlv;
	return 0;
}

static int
gen_coalesce(binder *B, const xnode *n, cval *out)
{
	cval acc;

	if (n->type != T_CAT) {
		if (gen(B, n->kid[0], &acc) != 0)
			return FAIR_EINVAL;
		for (size_t i = 1; i < n->nkid; i++) {
			cval v, r;
			if (acc.kind == A_CONST && !isnan(acc.c))
				break;
			if (gen(B, n->kid[i], &v) != 0 || binop(B, X_COALN, &acc, &v, &r) != 0)
				return FAIR_EINVAL;
			acc = r;
		}
		*out = acc;
		return 0;
	}
	if (gen_cat(B, n->kid[0], &acc) != 0)
		return FAIR_EINVAL;
	for (size_t i = 1; i < n->nkid; i++) {
		cval v, ma, mb;
		char **lv;
		size_t nlv;
		int32_t *fa, *fb;
		xarg xa, xb;
		if (gen_cat(B, n->kid[i], &v) != 0 ||
		    lv_union(B, &acc, &v, &lv, &nlv, &fa, &fb) != 0 ||
		    map_cat(B, &acc, fa, -1, lv, nlv, &ma) != 0 || map_cat(B, &v, fb, -1, lv, nlv, &mb) != 0)
			return FAIR_EINVAL;
		if (ma.kind == A_CONST && ma.c >= 0) {   /* never missing: the rest is unused */
			drop(B, &mb);
			acc = ma;
			continue;
		}
		if (ma.kind == A_CONST) {                 /* always missing */
			acc = mb;
			continue;
		}
		if (materialize(B, &ma, &xa) != 0 || materialize(B, &mb, &xb) != 0)
			return FAIR_ENOMEM;
		xins *in = emit(B, X_COALC);
		if (in == NULL)
			return FAIR_ENOMEM;
		in->a = xa;
		in->b = xb;
		cval ra = { .kind = xa.kind, .idx = xa.idx }, rb = { .kind = xb.kind, .idx = xb.idx };
		acc = result(B, in, &ra, &rb, NULL);
		acc.lv = lv;
		acc.nlv = nlv;
	}
	*out = acc;
	return 0;
}

static int
gen_case(binder *B, const xnode *n, cval *out)
{
	bool up = n->op == F_UPPER;
	cval v;
	strset t = { 0 };

	if (gen_cat(B, n->kid[0], &v) != 0)
		return FAIR_EINVAL;
	int32_t *f = balloc(B, v.nlv ? v.nlv : 1, sizeof *f);
	if (f == NULL)
		return FAIR_ENOMEM;
	for (size_t k = 0; k < v.nlv; k++) {
		size_t len = strlen(v.lv[k]);
		char *s = balloc(B, len + 1, 1);
		if (s == NULL)
			goto oom;
		for (size_t i = 0; i <= len; i++) {
			char ch = v.lv[k][i];
			if (up && ch >= 'a' && ch <= 'z')
				ch = (char)(ch - 32);
			else if (!up && ch >= 'A' && ch <= 'Z')
				ch = (char)(ch + 32);
			s[i] = ch;
		}
		if ((f[k] = (int32_t)strset_add(&t, s)) < 0)
			goto oom;
	}
	char **lv = balloc(B, t.n ? t.n : 1, sizeof *lv);
	if (lv == NULL)
		goto oom;
	memcpy(lv, t.s, t.n * sizeof *lv);
	size_t nlv = t.n;
	strset_release(&t);
	if (v.kind == A_CONST) {
		*out = cconst(v.c < 0 ? -1 : f[(size_t)v.c]);
		out->lv = lv;
		out->nlv = nlv;
		return 0;
	}
	return map_cat(B, &v, f, -1, lv, nlv, out);
oom:
	strset_release(&t);
	return nomem(B);
}

/* the text of a cut() band: (a, b] or [a, b) */
static char *
band_label(binder *B, double a, double b, bool lclosed, bool rclosed)
{
	xbuf x;
	char *s, *r;

	fair__data_xbuf_init(&x);
	fair__data_xputc(&x, lclosed ? '[' : '(');
	fair__data_xnumber(&x, a);
	fair__data_xputs(&x, ", ");
	fair__data_xnumber(&x, b);
	fair__data_xputc(&x, rclosed ? ']' : ')');
	if ((s = fair__data_xbuf_finish(&x)) == NULL) {
		nomem(B);
		return NULL;
	}
	if ((r = balloc(B, strlen(s) + 1, 1)) != NULL)
		memcpy(r, s, strlen(s) + 1);
	free(s);
	return r;
}

static int
gen_cut(binder *B, const xnode *n, cval *out)
{
	const xnode *br = n->kid[1], *lb = n->nkid == 3 ? n->kid[2] : NULL;
	size_t nb = br->nkid, m = nb - 1;
	bool left = (n->flags & XF_LEFT) != 0, lowest = (n->flags & XF_LOWEST) != 0;
	bool cat = n->type == T_CAT;
	double na = cat ? -1 : NAN;
	double *tab = balloc(B, nb, sizeof *tab), *tab2 = balloc(B, nb + 1, sizeof *tab2);
	char **lv = NULL;
	size_t nlv = 0;
	cval x;
	strset t = { 0 };

	if (tab == NULL || tab2 == NULL)
		return FAIR_ENOMEM;
	for (size_t i = 0; i < nb; i++)
		tab[i] = br->kid[i]->num;
	tab2[0] = tab2[nb] = na;
	for (size_t j = 0; j < m; j++) {
		if (!cat) {
			tab2[j + 1] = isinf(lb->kid[j]->num) ? NAN : lb->kid[j]->num;
			continue;
		}
		const char *s = lb ? lb->kid[j]->str :
		                band_label(B, tab[j], tab[j + 1], left || (lowest && j == 0),
		                           !left || (lowest && j == m - 1));
		long code = s ? strset_add(&t, s) : -1;
		if (code < 0) {
			strset_release(&t);
			return nomem(B);
		}
		tab2[j + 1] = (double)code;
	}
	if (cat) {
		if ((lv = balloc(B, t.n, sizeof *lv)) == NULL) {
			strset_release(&t);
			return FAIR_ENOMEM;
		}
		memcpy(lv, t.s, t.n * sizeof *lv);
		nlv = t.n;
		strset_release(&t);
	}
	/* the closed outer edge: x == edge gives that band */
	double edge = left ? tab[nb - 1] : tab[0];
	double edgev = lowest ? tab2[left ? m : 1] : na;
	if (gen(B, n->kid[0], &x) != 0)
		return FAIR_EINVAL;
	if (x.kind == A_CONST) {
		double v = x.c;
		size_t cnt = 0;
		for (size_t i = 0; i < nb; i++)
			cnt += left ? v >= tab[i] : v > tab[i];
		*out = cconst(lowest && v == edge ? edgev : tab2[cnt]);
	} else {
		xins *in = emit(B, X_CUT);
		if (in == NULL)
			return FAIR_ENOMEM;
		in->a = arg_of(&x);
		in->tab = tab;
		in->ntab = nb;
		in->tab2 = tab2;
		in->ntab2 = nb + 1;
		in->flags = n->flags;
		in->p = edge;
		in->q = edgev;
		*out = result(B, in, &x, NULL, NULL);
	}
	out->lv = lv;
	out->nlv = nlv;
	return 0;
}

typedef struct rmap {
	const xnode *key;         /* literal key (not NA)       */
	const xnode *val;         /* literal value              */
} rmap;

static int
cmp_rmap_num(const void *a, const void *b)
{
	double x = ((const rmap *)a)->key->num, y = ((const rmap *)b)->key->num;
	return (x > y) - (x < y);
}

/* the code of a string value in @outs, -1 for NA; *@oom on failure */
static double
rcode(strset *outs, const xnode *v, bool *oom)
{
	long k;

	if (v == NULL || v->kind == N_NA)
		return -1;
	if ((k = strset_add(outs, v->str)) < 0)
		*oom = true;
	return (double)k;
}

static double
rnum(const xnode *v)
{
	return v == NULL || v->kind == N_NA || isinf(v->num) ? NAN : v->num;
}

static int
gen_recode(binder *B, const xnode *n, cval *out)
{
	const xnode *x = n->kid[0], *els = NULL, *nav = NULL;
	bool cat_out = n->type == T_CAT, cat_in = x->type == T_CAT, oom = false;
	bool keep = cat_in == cat_out;
	size_t npair = n->nkid - 1, nk = 0;
	strset outs = { 0 }, keys = { 0 };
	rmap *map = NULL;
	cval v;
	int rc = 0;

	if (n->kid[n->nkid - 1]->kind == N_NAMED) {
		els = n->kid[n->nkid - 1]->kid[0];
		npair--;
	}
	for (size_t i = 1; i <= npair; i++) {
		const xnode *key = n->kid[i]->kid[0];
		nk += key->kind == N_LIST ? key->nkid : 1;
	}
	if ((map = malloc((nk ? nk : 1) * sizeof *map)) == NULL)
		return nomem(B);
	nk = 0;
	for (size_t i = 1; i <= npair; i++) {
		const xnode *key = n->kid[i]->kid[0], *val = n->kid[i]->kid[1];
		size_t m = key->kind == N_LIST ? key->nkid : 1;
		for (size_t j = 0; j < m; j++) {
			const xnode *kk = key->kind == N_LIST ? key->kid[j] : key;
			if (kk->kind == N_NA) {
				nav = val;
			} else {
				map[nk].key = kk;
				map[nk++].val = val;
			}
		}
	}
	if (gen(B, x, &v) != 0) {
		rc = FAIR_EINVAL;
		goto out;
	}
	if (cat_in) {
		/* a table per input level; the output levels follow the input's order */
		double *T = balloc(B, v.nlv ? v.nlv : 1, sizeof *T);
		bool *hit = calloc(nk ? nk : 1, sizeof *hit);
		if (T == NULL || hit == NULL) {
			free(hit);
			rc = FAIR_ENOMEM;
			goto out;
		}
		for (size_t i = 0; i < nk && !oom; i++)
			oom = strset_add(&keys, map[i].key->str) < 0;
		for (size_t k = 0; k < v.nlv && !oom; k++) {
			long j = strset_find(&keys, v.lv[k]);
			const xnode *val = j >= 0 ? map[j].val : els;
			if (j >= 0)
				hit[j] = true;
			if (cat_out && val != NULL) {
				T[k] = rcode(&outs, val, &oom);
			} else if (cat_out) {          /* unmatched: kept as it is */
				long c = strset_add(&outs, v.lv[k]);
				oom |= c < 0;
				T[k] = (double)c;
			} else {
				T[k] = rnum(val);
			}
		}
		if (x->kind == N_COL)
			for (size_t i = 0; i < nk; i++)
				if (!hit[i])
					level_hint(B, x, &v, map[i].key->str, map[i].key->pos);
		free(hit);
		double Tna = cat_out ? rcode(&outs, nav, &oom) : rnum(nav);
		if (oom) {
			rc = nomem(B);
			goto out;
		}
		if (!cat_out) {
			rc = apply_table(B, &v, T, Tna, out);
			goto out;
		}
		int32_t *f = balloc(B, v.nlv ? v.nlv : 1, sizeof *f);
		char **lv = balloc(B, outs.n ? outs.n : 1, sizeof *lv);
		if (f == NULL || lv == NULL) {
			rc = FAIR_ENOMEM;
			goto out;
		}
		for (size_t k = 0; k < v.nlv; k++)
			f[k] = (int32_t)T[k];
		memcpy(lv, outs.s, outs.n * sizeof *lv);
		rc = map_cat(B, &v, f, (int32_t)Tna, lv, outs.n, out);
		goto out;
	}
	/* numeric input: keys sorted, looked up per row */
	qsort(map, nk, sizeof *map, cmp_rmap_num);
	double *sk = balloc(B, nk ? nk : 1, sizeof *sk), *sv = balloc(B, nk ? nk : 1, sizeof *sv);
	if (sk == NULL || sv == NULL) {
		rc = FAIR_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < nk; i++) {
		sk[i] = map[i].key->num;
		sv[i] = cat_out ? rcode(&outs, map[i].val, &oom) : rnum(map[i].val);
	}
	double elsev = cat_out ? rcode(&outs, els, &oom) : rnum(els);
	double nanv = cat_out ? rcode(&outs, nav, &oom) : rnum(nav);
	if (oom) {
		rc = nomem(B);
		goto out;
	}
	bool kp = keep && els == NULL;
	if (v.kind == A_CONST) {
		const double *h = isnan(v.c) ? NULL : bsearch(&v.c, sk, nk, sizeof *sk, cmp_double);
		*out = cconst(isnan(v.c) ? nanv : h ? sv[h - sk] : kp ? v.c : elsev);
	} else {
		xins *in = emit(B, X_RECODE);
		if (in == NULL) {
			rc = FAIR_ENOMEM;
			goto out;
		}
		in->a = arg_of(&v);
		in->tab = sk;
		in->tab2 = sv;
		in->ntab = in->ntab2 = nk;
		in->flags = kp ? RC_KEEP : 0;
		in->p = elsev;
		in->q = nanv;
		*out = result(B, in, &v, NULL, NULL);
	}
	if (cat_out) {
		char **lv = balloc(B, outs.n ? outs.n : 1, sizeof *lv);
		if (lv == NULL) {
			rc = FAIR_ENOMEM;
			goto out;
		}
		memcpy(lv, outs.s, outs.n * sizeof *lv);
		out->lv = lv;
		out->nlv = outs.n;
	}
out:
	free(map);
	strset_release(&outs);
	strset_release(&keys);
	return rc;
}

static int
gen_call(binder *B, const xnode *n, cval *out)
{
	static const int unary[F_NFUNC] = {
		[F_ABS] = X_ABS, [F_CEIL] = X_CEIL, [F_EXP] = X_EXP, [F_FLOOR] = X_FLOOR,
		[F_LOG] = X_LOG, [F_SQRT] = X_SQRT, [F_ROUND] = X_ROUND,
	};
	cval v;

	switch (n->op) {
	case F_ABS: case F_CEIL: case F_EXP: case F_FLOOR: case F_LOG: case F_SQRT: case F_ROUND:
		if (gen(B, n->kid[0], &v) != 0)
			return FAIR_EINVAL;
		return unop(B, unary[n->op], &v, n->nkid == 2 ? n->kid[1]->num : 0, out);
	case F_MIN: case F_MAX: {
		cval acc;
		if (gen(B, n->kid[0], &acc) != 0)
			return FAIR_EINVAL;
		for (size_t i = 1; i < n->nkid; i++) {
			cval r;
			if (gen(B, n->kid[i], &v) != 0 || binop(B, n->op == F_MIN ? X_MIN : X_MAX, &acc, &v, &r) != 0)
				return FAIR_EINVAL;
			acc = r;
		}
		*out = acc;
		return 0;
	}
	case F_ISNA:
		if (gen(B, n->kid[0], &v) != 0)
			return FAIR_EINVAL;
		if (n->kid[0]->type == T_CAT) {
			double *T = balloc(B, v.nlv ? v.nlv : 1, sizeof *T);
			if (T == NULL)
				return FAIR_ENOMEM;
			for (size_t k = 0; k < v.nlv; k++)
				T[k] = 0;
			return apply_table(B, &v, T, 1, out);
		}
		return unop(B, X_ISNAN, &v, 0, out);
	case F_LOWER: case F_UPPER:
		return gen_case(B, n, out);
	case F_IF:
		return gen_if(B, n, out);
	case F_COALESCE:
		return gen_coalesce(B, n, out);
	case F_CUT:
		return gen_cut(B, n, out);
	case F_RECODE:
		return gen_recode(B, n, out);
	default:
		return berr(B, n->pos, FAIR_EINVAL, "internal: unknown function");
	}
}

static int
gen(binder *B, const xnode *n, cval *out)
{
	static const int arith[] = {
		[B_ADD] = X_ADD, [B_SUB] = X_SUB, [B_MUL] = X_MUL, [B_DIV] = X_DIV, [B_MOD] = X_MOD,
		[B_POW] = X_POW,
	};
	fair_expr *e = B->e;
	cval a, b;

	if (B->failed)
		return FAIR_EINVAL;
	memset(out, 0, sizeof *out);
	switch (n->kind) {
	case N_NUM: case N_BOOL:
		*out = cconst(n->num);
		return 0;
	case N_NA:
		*out = cconst(NAN);
		return 0;
	case N_STR: {
		char **lv = balloc(B, 1, sizeof *lv);
		if (lv == NULL)
			return FAIR_ENOMEM;
		lv[0] = n->str;
		*out = cconst(0);
		out->lv = lv;
		out->nlv = 1;
		return 0;
	}
	case N_COL: {
		size_t slot;
		if (B->colslot[n->col] == 0) {
			slot = B->P->nslots++;
			B->P->slot_col[slot] = n->col;
			B->P->slot_codes[slot] = e->coltypes[n->col] == FAIR_COL_CATEGORICAL;
			B->colslot[n->col] = slot + 1;
		}
		slot = B->colslot[n->col] - 1;
		out->idx = slot;
		if (e->coltypes[n->col] == FAIR_COL_NUMERIC) {
			out->kind = A_NCOL;
		} else {
			out->kind = A_CCOL;
			out->lv = B->collv[n->col];
			out->nlv = B->colnlv[n->col];
		}
		return 0;
	}
	case N_NEG:
		if (gen(B, n->kid[0], &a) != 0)
			return FAIR_EINVAL;
		return unop(B, X_NEG, &a, 0, out);
	case N_NOT:
		if (gen_bool(B, n->kid[0], &a) != 0)
			return FAIR_EINVAL;
		return unop(B, X_NOT, &a, 0, out);
	case N_BIN:
		switch (n->op) {
		case B_AND: case B_OR:
			if (n->kid[1]->need > n->kid[0]->need) {
				if (gen_bool(B, n->kid[1], &b) != 0 || gen_bool(B, n->kid[0], &a) != 0)
					return FAIR_EINVAL;
			} else if (gen_bool(B, n->kid[0], &a) != 0 || gen_bool(B, n->kid[1], &b) != 0) {
				return FAIR_EINVAL;
			}
			return binop(B, n->op == B_AND ? X_AND : X_OR, &a, &b, out);
		case B_ADD: case B_SUB: case B_MUL: case B_DIV: case B_MOD: case B_POW:
			if (gen2(B, n->kid[0], n->kid[1], &a, &b) != 0)
				return FAIR_EINVAL;
			return binop(B, arith[n->op], &a, &b, out);
		default:
			return gen_compare(B, n, out);
		}
	case N_IN:
		return gen_in(B, n, out);
	case N_CALL:
		return gen_call(B, n, out);
	default:
		return berr(B, n->pos, FAIR_EINVAL, "internal: unexpected node");
	}
}

/* ---- the filter program ---- */

/* a conjunct known at bind time: true keeps every row, false or missing none */
static int
keep_const(binder *B, double c)
{
	if (fabs(c) <= 1.7976931348623157e308 && c != 0)   /* not missing, inf as missing */
		return 0;
	return emit(B, X_KEEPZERO) ? 0 : FAIR_ENOMEM;
}

/* A row passes a filter when the condition is true. For 'c1 and c2 and
 * ...' that is when every ci is true (three-valued 'and' is true only
 * then), so each conjunct updates the row mask on its own, and a numeric
 * comparison does it in one pass over its columns, without registers of
 * 0/1 doubles. */
static int
gen_filter(binder *B, const xnode *n)
{
	static const int xop_of[] = {
		[B_EQ] = X_EQ, [B_NE] = X_NE, [B_LT] = X_LT, [B_LE] = X_LE, [B_GT] = X_GT, [B_GE] = X_GE,
	};
	cval a, b;
	xins *in;

	if (n->kind == N_BIN && n->op == B_AND)
		return gen_filter(B, n->kid[0]) || gen_filter(B, n->kid[1]) ? FAIR_EINVAL : 0;
	if (n->kind == N_BIN && n->op >= B_EQ && n->op <= B_GE && n->kid[0]->type != T_CAT) {
		if (gen2(B, n->kid[0], n->kid[1], &a, &b) != 0)
			return FAIR_EINVAL;
		if (a.kind == A_CONST && b.kind == A_CONST)
			return keep_const(B, fair__data_expr_scalar(xop_of[n->op], a.c, b.c, 0));
		if ((in = emit(B, X_KEEPCMP)) == NULL)
			return FAIR_ENOMEM;
		in->flags = xop_of[n->op];
		in->var = b.kind == A_CONST ? 1 : a.kind == A_CONST ? 2 : 0;
		in->a = arg_of(&a);
		in->b = arg_of(&b);
		drop(B, &a);
		drop(B, &b);
		return 0;
	}
	/* any other condition (a number: true when not 0) through a register */
	if (gen(B, n, &a) != 0)
		return FAIR_EINVAL;
	if (a.kind == A_CONST)
		return keep_const(B, a.c);
	if ((in = emit(B, X_KEEP)) == NULL)
		return FAIR_ENOMEM;
	in->a = arg_of(&a);
	drop(B, &a);
	return 0;
}

/* ---- the condition program ---- */

/* A condition's value as one byte a row, the way derive stores it: each
 * comparison of numbers writes its byte in one pass over its operands, and
 * 'and', 'or', 'not' work on bytes in Kleene order (false 0 < missing 1 <
 * true 2), so no register of doubles is written for them. Any other
 * condition is computed as doubles and converted (X_BFROM). Constants stay
 * doubles (0, 1 or NaN) as in the value program. */
static int
gen_b(binder *B, const xnode *n, cval *out)
{
	static const int xop_of[] = {
		[B_EQ] = X_EQ, [B_NE] = X_NE, [B_LT] = X_LT, [B_LE] = X_LE, [B_GT] = X_GT, [B_GE] = X_GE,
	};
	cval a, b;
	xins *in;

	memset(out, 0, sizeof *out);
	if (n->kind == N_BIN && (n->op == B_AND || n->op == B_OR)) {
		int op = n->op == B_AND ? X_AND : X_OR;
		if (n->kid[1]->need > n->kid[0]->need) {
			if (gen_b(B, n->kid[1], &b) != 0 || gen_b(B, n->kid[0], &a) != 0)
				return FAIR_EINVAL;
		} else if (gen_b(B, n->kid[0], &a) != 0 || gen_b(B, n->kid[1], &b) != 0) {
			return FAIR_EINVAL;
		}
		if (a.kind == A_CONST && b.kind == A_CONST) {
			*out = cconst(fair__data_expr_scalar(op, a.c, b.c, 0));
			return 0;
		}
		if ((in = emit(B, op == X_AND ? X_BAND : X_BOR)) == NULL)
			return FAIR_ENOMEM;
		if (a.kind == A_CONST || b.kind == A_CONST) {
			const cval *v = a.kind == A_CONST ? &b : &a, *c = a.kind == A_CONST ? &a : &b;
			in->var = 1;
			in->a = arg_of(v);
			in->p = c->c == 1 ? 2 : c->c == 0 ? 0 : 1;
		} else {
			in->a = arg_of(&a);
			in->b = arg_of(&b);
		}
		*out = result(B, in, &a, &b, NULL);
		return 0;
	}
	if (n->kind == N_NOT && n->kid[0]->type == T_BOOL) {
		if (gen_b(B, n->kid[0], &a) != 0)
			return FAIR_EINVAL;
		if (a.kind == A_CONST) {
			*out = cconst(fair__data_expr_scalar(X_NOT, a.c, 0, 0));
			return 0;
		}
		if ((in = emit(B, X_BNOT)) == NULL)
			return FAIR_ENOMEM;
		in->a = arg_of(&a);
		*out = result(B, in, &a, NULL, NULL);
		return 0;
	}
	if (n->kind == N_BIN && n->op >= B_EQ && n->op <= B_GE && n->kid[0]->type != T_CAT) {
		int op = xop_of[n->op];
		if (gen2(B, n->kid[0], n->kid[1], &a, &b) != 0)
			return FAIR_EINVAL;
		if (a.kind == A_CONST && b.kind == A_CONST) {
			*out = cconst(fair__data_expr_scalar(op, a.c, b.c, 0));
			return 0;
		}
		if ((in = emit(B, X_BCMP)) == NULL)
			return FAIR_ENOMEM;
		in->flags = op;
		in->var = b.kind == A_CONST ? 1 : a.kind == A_CONST ? 2 : 0;
		in->a = arg_of(&a);
		in->b = arg_of(&b);
		*out = result(B, in, &a, &b, NULL);
		return 0;
	}
	if (gen_bool(B, n, &a) != 0)
		return FAIR_EINVAL;
	if (a.kind == A_CONST) {
		*out = a;
		return 0;
	}
	if ((in = emit(B, X_BFROM)) == NULL)
		return FAIR_ENOMEM;
	in->a = arg_of(&a);
	*out = result(B, in, &a, NULL, NULL);
	return 0;
}

/* ---- binding ---- */

/* index of each expression column in the schema (-1 = unknown) */
static int
lookup(binder *B, size_t ncols, const char *const *names, long *idx)
{
	fair_expr *e = B->e;
	strset t = { 0 };
	bool hashed = e->ncols > 8 && ncols > 8;

	for (size_t j = 0; hashed && j < ncols; j++)
		if (strset_add(&t, names[j]) < 0) {
			strset_release(&t);
			return nomem(B);
		}
	for (size_t k = 0; k < e->ncols; k++) {
		idx[k] = -1;
		if (hashed) {
			long j = strset_find(&t, e->colnames[k]);
			/* duplicates in the schema: strset keeps the first */
			idx[k] = j;
		} else {
			for (size_t j = 0; j < ncols; j++)
				if (strcmp(names[j], e->colnames[k]) == 0) {
					idx[k] = (long)j;
					break;
				}
		}
	}
	strset_release(&t);
	for (size_t k = 0; k < e->ncols; k++) {
		if (idx[k] >= 0)
			continue;
		const char *name = e->colnames[k];
		size_t cap = strlen(name) / 3 > 1 ? strlen(name) / 3 : 1;
		size_t bd = cap + 1, best = 0;
		char q[64], m[64], list[240] = "";
		for (size_t j = 0; j < ncols; j++) {
			size_t d = fair__data_expr_distance(name, names[j], cap);
			if (d < bd) {
				bd = d;
				best = j;
			}
		}
		fair__data_expr_quote(q, sizeof q, name, strlen(name));
		if (bd <= cap) {
			fair__data_expr_quote(m, sizeof m, names[best], strlen(names[best]));
			return berr(B, e->colpos[k], FAIR_ENOTFOUND, "unknown column '%s' (did you mean '%s'?)", q, m);
		}
		size_t o = 0;
		for (size_t j = 0; j < ncols && j < 6 && o + 50 < sizeof list; j++) {
			fair__data_expr_quote(m, sizeof m, names[j], strlen(names[j]));
			o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", j ? ", " : "", m);
		}
		if (ncols > 6)
			snprintf(list + o, sizeof list - o, ", ... %zu in all", ncols);
		return berr(B, e->colpos[k], FAIR_ENOTFOUND, "unknown column '%s' (columns: %s)", q, list);
	}
	return 0;
}

static int
bind_common(fair_expr *e, size_t ncols, const char *const *names, const fair_coltype *types,
            const fair_frame *f, fair_error *err)
{
	binder B;
	long *idx = NULL;
	int rc = FAIR_OK;

	fair__data_expr_unbind(e);
	memset(&B, 0, sizeof B);
	B.e = e;
	B.err = err;
	B.data = f != NULL;
	if ((idx = malloc((e->ncols ? e->ncols : 1) * sizeof *idx)) == NULL ||
	    (e->coltypes = calloc(e->ncols ? e->ncols : 1, sizeof *e->coltypes)) == NULL) {
		rc = nomem(&B);
		goto out;
	}
	if ((rc = lookup(&B, ncols, names, idx)) != 0)
		goto out;
	for (size_t k = 0; k < e->ncols; k++)
		e->coltypes[k] = types[idx[k]];
	if ((rc = check(&B, e->root)) != 0)
		goto out;
	e->type = e->root->type == T_NA ? T_NUM : e->root->type;
	e->bound = 1;
	if (f == NULL)
		goto out;

	/* data: column references, level tables, the program */
	xprog *P = &e->prog;
	if ((e->cols = calloc(e->ncols ? e->ncols : 1, sizeof *e->cols)) == NULL ||
	    (B.collv = calloc(e->ncols ? e->ncols : 1, sizeof *B.collv)) == NULL ||
	    (B.colnlv = calloc(e->ncols ? e->ncols : 1, sizeof *B.colnlv)) == NULL ||
	    (B.colslot = calloc(e->ncols ? e->ncols : 1, sizeof *B.colslot)) == NULL ||
	    (P->slot_col = balloc(&B, e->ncols ? e->ncols : 1, sizeof *P->slot_col)) == NULL ||
	    (P->slot_codes = balloc(&B, e->ncols ? e->ncols : 1, sizeof *P->slot_codes)) == NULL) {
		rc = nomem(&B);
		goto out;
	}
	e->nrows = fair_frame_nrows(f);
	for (size_t k = 0; k < e->ncols; k++) {
		fair_column *c = fair_frame_column(f, (size_t)idx[k]);
		e->cols[k] = fair_column_ref(c);
		if (fair_column_type(c) == FAIR_COL_CATEGORICAL) {
			size_t nl = fair_column_nlevels(c);
			if ((B.collv[k] = balloc(&B, nl ? nl : 1, sizeof **B.collv)) == NULL) {
				rc = FAIR_ENOMEM;
				goto out;
			}
			for (size_t l = 0; l < nl; l++)
				B.collv[k][l] = (char *)fair_column_level(c, l);
			B.colnlv[k] = nl;
		}
	}
	/* the free-register stack can hold every register at once; the tree
	 * has fewer nodes than bytes of text */
	if ((B.freeregs = malloc((e->len + 2) * sizeof *B.freeregs)) == NULL) {
		rc = nomem(&B);
		goto out;
	}
	cval root;
	B.P = P;
	if (gen(&B, e->root, &root) != 0 || B.failed) {
		rc = B.failed ? B.code : FAIR_EINVAL;
		goto out;
	}
	if (root.kind == A_REG) {
		/* a register of its own for the result, written once per block, so
		 * it can point straight into the output */
		P->ins[P->nins - 1].dst = P->nregs;
		root.idx = P->nregs++;
	}
	if (e->type != T_CAT && root.kind == A_CONST && !(fabs(root.c) <= 1.7976931348623157e308))
		root.c = NAN;
	P->root = arg_of(&root);
	P->root_map = root.map1;
	e->levels = root.lv;
	e->nlevels = root.nlv;
	if (e->type != T_CAT) {
		xprog *F = &e->fprog;
		B.P = F;
		B.nfree = 0;
		B.quiet = true;
		memset(B.colslot, 0, e->ncols * sizeof *B.colslot);
		if ((F->slot_col = balloc(&B, e->ncols ? e->ncols : 1, sizeof *F->slot_col)) == NULL ||
		    (F->slot_codes = balloc(&B, e->ncols ? e->ncols : 1, sizeof *F->slot_codes)) == NULL ||
		    gen_filter(&B, e->root) != 0 || B.failed) {
			rc = B.failed ? B.code : FAIR_EINVAL;
			goto out;
		}
	}
	if (e->type == T_BOOL) {
		xprog *C = &e->bprog;
		cval broot;
		B.P = C;
		B.nfree = 0;
		B.quiet = true;
		memset(B.colslot, 0, e->ncols * sizeof *B.colslot);
		if ((C->slot_col = balloc(&B, e->ncols ? e->ncols : 1, sizeof *C->slot_col)) == NULL ||
		    (C->slot_codes = balloc(&B, e->ncols ? e->ncols : 1, sizeof *C->slot_codes)) == NULL ||
		    gen_b(&B, e->root, &broot) != 0 || B.failed) {
			rc = B.failed ? B.code : FAIR_EINVAL;
			goto out;
		}
		if (broot.kind == A_CONST && !(fabs(broot.c) <= 1.7976931348623157e308))
			broot.c = NAN;
		C->root = arg_of(&broot);
	}
	e->bound = 2;
out:
	if (rc != FAIR_OK || B.failed) {
		if (rc == FAIR_OK)
			rc = B.failed ? B.code : FAIR_EINVAL;
		fair__data_expr_unbind(e);
	}
	free(idx);
	free(B.freeregs);
	free(B.collv);
	free(B.colnlv);
	free(B.colslot);
	return rc;
}

int
fair_expr_bind(fair_expr *e, const fair_frame *f, fair_error *err)
{
	size_t nc = fair_frame_ncols(f);
	const char **names = malloc((nc ? nc : 1) * sizeof *names);
	fair_coltype *types = malloc((nc ? nc : 1) * sizeof *types);
	int rc;

	if (names == NULL || types == NULL) {
		free(names);
		free(types);
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	for (size_t j = 0; j < nc; j++) {
		names[j] = fair_column_name(fair_frame_column(f, j));
		types[j] = fair_column_type(fair_frame_column(f, j));
	}
	rc = bind_common(e, nc, names, types, f, err);
	free(names);
	free(types);
	return rc;
}

int
fair_expr_bind_types(fair_expr *e, size_t ncols, const char *const *names,
                     const fair_coltype *types, fair_error *err)
{
	return bind_common(e, ncols, names, types, NULL, err);
}

fair_expr_type
fair_expr_type_of(const fair_expr *e)
{
	return e->type == T_BOOL ? FAIR_EXPR_BOOLEAN : e->type == T_CAT ? FAIR_EXPR_CATEGORICAL :
	       FAIR_EXPR_NUMERIC;
}

size_t fair_expr_nnotes(const fair_expr *e) { return e->nnotes; }
const char *fair_expr_note(const fair_expr *e, size_t k) { return k < e->nnotes ? e->notes[k] : NULL; }
size_t fair_expr_nlevels(const fair_expr *e) { return e->nlevels; }
const char *fair_expr_level(const fair_expr *e, size_t k) { return k < e->nlevels ? e->levels[k] : NULL; }
