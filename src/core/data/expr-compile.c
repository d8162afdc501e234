/* expr-compile.c -- compilation of a checked expression into the value
 * program that expr-eval.c runs: literals, columns, operators, functions
 * and the forms of the language (comparisons, in (...), if, coalesce,
 * case, cut, recode), categorical operands through per-level tables
 * (expr-emit.c). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/expr-bind.h"

/* evaluates @a and @b, the one needing more registers first */
int
fair__data_bind_gen2(binder *B, const xnode *a, const xnode *b, cval *va, cval *vb)
{
	if (b->need > a->need)
		return fair__data_bind_gen(B, b, vb) ||
		       fair__data_bind_gen(B, a, va) ? FAIR_EINVAL : 0;
	return fair__data_bind_gen(B, a, va) || fair__data_bind_gen(B, b, vb) ? FAIR_EINVAL : 0;
}

/* as a condition: numbers are true when not 0 */
int
fair__data_bind_gen_bool(binder *B, const xnode *n, cval *out)
{
	cval v;

	if (fair__data_bind_gen(B, n, &v) != 0)
		return FAIR_EINVAL;
	if (n->type == T_NUM)
		return fair__data_bind_unop(B, X_TRUTH, &v, 0, out);
	*out = v;
	return 0;
}

/* a categorical value of a node typed T_CAT or T_NA */
static int
gen_cat(binder *B, const xnode *n, cval *out)
{
	if (fair__data_bind_gen(B, n, out) != 0)
		return FAIR_EINVAL;
	if (n->type == T_NA) {
		*out = fair__data_bind_cconst(-1);
		out->lv = NULL;
		out->nlv = 0;
	}
	return 0;
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
		if (fair__data_bind_gen2(B, a, b, &va, &vb) != 0)
			return FAIR_EINVAL;
		return fair__data_bind_binop(B, op, &va, &vb, out);
	}
	if (fair__data_bind_gen2(B, a, b, &va, &vb) != 0)
		return FAIR_EINVAL;
	if (va.kind == A_CONST || vb.kind == A_CONST) {
		/* one side is a constant string: a per-level table of the other */
		bool swap = va.kind == A_CONST && vb.kind != A_CONST;
		const cval *v = swap ? &vb : &va, *s = swap ? &va : &vb;
		const xnode *vn = swap ? b : a;
		if (s->c < 0 || (v->kind == A_CONST && v->c < 0)) {
			*out = fair__data_bind_cconst(NAN);
			return 0;
		}
		const char *str = s->lv[(size_t)s->c];
		if (v->kind == A_CONST) {
			int c = strcmp(v->lv[(size_t)v->c], str);
			if (swap)
				c = -c;
			*out = fair__data_bind_cconst(fair__data_expr_scalar(op, c, 0, 0));
			return 0;
		}
		double *T = fair__data_bind_balloc(B, v->nlv ? v->nlv : 1, sizeof *T);
		bool found = false;
		if (T == NULL)
			return FAIR_ENOMEM;
		for (size_t k = 0; k < v->nlv; k++) {
			int c = strcmp(v->lv[k], str);
			found |= c == 0;
			T[k] = fair__data_expr_scalar(op, swap ? -c : c, 0, 0);
		}
		if (!found && (n->op == B_EQ || n->op == B_NE))
			fair__data_bind_level_hint(B, vn, v, str, (swap ? a : b)->pos);
		return fair__data_bind_apply_table(B, v, T, NAN, out);
	}
	/* two categorical values: compare their ranks in the merged sorted levels */
	char **lv;
	size_t nlv;
	int32_t *fa, *fb;
	if (fair__data_bind_lv_union(B, &va, &vb, &lv, &nlv, &fa, &fb) != 0)
		return FAIR_ENOMEM;
	char **sorted = fair__data_bind_balloc(B, nlv ? nlv : 1, sizeof *sorted);
	double *rank = fair__data_bind_balloc(B, nlv ? nlv : 1, sizeof *rank);
	double *Ta = fair__data_bind_balloc(B, va.nlv ? va.nlv : 1, sizeof *Ta);
	double *Tb = fair__data_bind_balloc(B, vb.nlv ? vb.nlv : 1, sizeof *Tb);
	strset t = { 0 };
	if (sorted == NULL || rank == NULL || Ta == NULL || Tb == NULL)
		return FAIR_ENOMEM;
	memcpy(sorted, lv, nlv * sizeof *lv);
	qsort(sorted, nlv, sizeof *sorted, cmp_strp);
	for (size_t k = 0; k < nlv; k++)
		if (fair__data_bind_strset_add(&t, sorted[k]) < 0) {
			fair__data_bind_strset_release(&t);
			return fair__data_bind_nomem(B);
		}
	for (size_t k = 0; k < nlv; k++)
		rank[k] = (double)fair__data_bind_strset_find(&t, lv[k]);
	fair__data_bind_strset_release(&t);
	for (size_t k = 0; k < va.nlv; k++)
		Ta[k] = rank[fa[k]];
	for (size_t k = 0; k < vb.nlv; k++)
		Tb[k] = rank[fb[k]];
	cval ra, rb;
	if (fair__data_bind_apply_table(B, &va, Ta, NAN, &ra) != 0 ||
	    fair__data_bind_apply_table(B, &vb, Tb, NAN, &rb) != 0)
		return FAIR_ENOMEM;
	return fair__data_bind_binop(B, op, &ra, &rb, out);
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

	if (fair__data_bind_gen(B, x, &v) != 0)
		return FAIR_EINVAL;
	if (x->type == T_CAT) {
		strset items = { 0 };
		double *T = fair__data_bind_balloc(B, v.nlv ? v.nlv : 1, sizeof *T);
		if (T == NULL)
			return FAIR_ENOMEM;
		for (size_t i = 0; i < m; i++)
			if (fair__data_bind_strset_add(&items, n->kid[1 + i]->str) < 0) {
				fair__data_bind_strset_release(&items);
				return fair__data_bind_nomem(B);
			}
		for (size_t k = 0; k < v.nlv; k++)
			T[k] = (fair__data_bind_strset_find(&items, v.lv[k]) >= 0) != neg;
		fair__data_bind_strset_release(&items);
		if (x->kind == N_COL) {
			/* items that are no level of the column (levels hashed once) */
			strset lv = { 0 };
			for (size_t k = 0; k < v.nlv; k++)
				if (fair__data_bind_strset_add(&lv, v.lv[k]) < 0) {
					fair__data_bind_strset_release(&lv);
					return fair__data_bind_nomem(B);
				}
			for (size_t i = 0; i < m && B->e->nnotes < MAX_NOTES; i++)
				if (fair__data_bind_strset_find(&lv, n->kid[1 + i]->str) < 0)
					fair__data_bind_level_hint(B, x, &v, n->kid[1 + i]->str,
					                           n->kid[1 + i]->pos);
			fair__data_bind_strset_release(&lv);
		}
		return fair__data_bind_apply_table(B, &v, T, NAN, out);
	}
	double *tab = fair__data_bind_balloc(B, m, sizeof *tab);
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
		*out = fair__data_bind_cconst(isnan(v.c) ? NAN : (double)(found != neg));
		return 0;
	}
	xins *in = fair__data_bind_emit(B, X_IN);
	if (in == NULL)
		return FAIR_ENOMEM;
	in->a = fair__data_bind_arg_of(&v);
	in->tab = tab;
	in->ntab = u;
	in->flags = neg ? XF_NOT : 0;
	*out = fair__data_bind_result(B, in, &v, NULL, NULL);
	return 0;
}

/* result of if()/coalesce() when categorical: union levels, codes in vectors */
static int
gen_if(binder *B, const xnode *n, cval *out)
{
	const xnode *a = n->kid[1], *b = n->kid[2];
	cval c, va, vb;

	if (fair__data_bind_gen_bool(B, n->kid[0], &c) != 0)
		return FAIR_EINVAL;
	if (c.kind == A_CONST) {
		/* a constant condition picks a branch (or missing) at bind time */
		const xnode *pick = isnan(c.c) ? NULL : c.c != 0 ? a : b;
		if (n->type != T_CAT) {
			if (pick == NULL) {
				*out = fair__data_bind_cconst(NAN);
				return 0;
			}
			return fair__data_bind_gen(B, pick, out);
		}
		/* categorical: still build the union so the level table is stable */
		if (gen_cat(B, a, &va) != 0 || gen_cat(B, b, &vb) != 0)
			return FAIR_EINVAL;
		char **lv;
		size_t nlv;
		int32_t *fa, *fb;
		if (fair__data_bind_lv_union(B, &va, &vb, &lv, &nlv, &fa, &fb) != 0)
			return FAIR_ENOMEM;
		if (pick == NULL) {
			fair__data_bind_drop(B, &va);
			fair__data_bind_drop(B, &vb);
			*out = fair__data_bind_cconst(-1);
			out->lv = lv;
			out->nlv = nlv;
			return 0;
		}
		fair__data_bind_drop(B, pick == a ? &vb : &va);
		return fair__data_bind_map_cat(B, pick == a ? &va : &vb, pick == a ? fa : fb, -1,
		                               lv, nlv, out);
	}
	if (n->type != T_CAT) {
		xarg xa, xb;
		if (fair__data_bind_gen2(B, a, b, &va, &vb) != 0 ||
		    fair__data_bind_vec_arg(B, &va, &xa) != 0 ||
		    fair__data_bind_vec_arg(B, &vb, &xb) != 0)
			return FAIR_EINVAL;
		xins *in = fair__data_bind_emit(B, X_IFN);
		if (in == NULL)
			return FAIR_ENOMEM;
		in->a = fair__data_bind_arg_of(&c);
		in->b = xa;
		in->c = xb;
		*out = fair__data_bind_result(B, in, &c, &va, &vb);
		return 0;
	}
	if (gen_cat(B, a, &va) != 0 || gen_cat(B, b, &vb) != 0)
		return FAIR_EINVAL;
	char **lv;
	size_t nlv;
	int32_t *fa, *fb;
	cval ma, mb;
	xarg xa, xb;
	if (fair__data_bind_lv_union(B, &va, &vb, &lv, &nlv, &fa, &fb) != 0 ||
	    fair__data_bind_map_cat(B, &va, fa, -1, lv, nlv, &ma) != 0 ||
	    fair__data_bind_map_cat(B, &vb, fb, -1, lv, nlv, &mb) != 0 ||
	    fair__data_bind_materialize(B, &ma, &xa) != 0 ||
	    fair__data_bind_materialize(B, &mb, &xb) != 0)
		return FAIR_ENOMEM;
	xins *in = fair__data_bind_emit(B, X_IFC);
	if (in == NULL)
		return FAIR_ENOMEM;
	in->a = fair__data_bind_arg_of(&c);
	in->b = xa;
	in->c = xb;
	cval rb = { .kind = xa.kind, .idx = xa.idx }, rc = { .kind = xb.kind, .idx = xb.idx };
	*out = fair__data_bind_result(B, in, &c, &rb, &rc);
	out->lv = lv;
	out->nlv = nlv;
	return 0;
}

static int
gen_coalesce(binder *B, const xnode *n, cval *out)
{
	cval acc;

	if (n->type != T_CAT) {
		if (fair__data_bind_gen(B, n->kid[0], &acc) != 0)
			return FAIR_EINVAL;
		for (size_t i = 1; i < n->nkid; i++) {
			cval v, r;
			if (acc.kind == A_CONST && !isnan(acc.c))
				break;
			if (fair__data_bind_gen(B, n->kid[i], &v) != 0 ||
			    fair__data_bind_binop(B, X_COALN, &acc, &v, &r) != 0)
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
		    fair__data_bind_lv_union(B, &acc, &v, &lv, &nlv, &fa, &fb) != 0 ||
		    fair__data_bind_map_cat(B, &acc, fa, -1, lv, nlv, &ma) != 0 ||
		    fair__data_bind_map_cat(B, &v, fb, -1, lv, nlv, &mb) != 0)
			return FAIR_EINVAL;
		if (ma.kind == A_CONST && ma.c >= 0) {   /* never missing: the rest is unused */
			fair__data_bind_drop(B, &mb);
			acc = ma;
			continue;
		}
		if (ma.kind == A_CONST) {                 /* always missing */
			acc = mb;
			continue;
		}
		if (fair__data_bind_materialize(B, &ma, &xa) != 0 ||
		    fair__data_bind_materialize(B, &mb, &xb) != 0)
			return FAIR_ENOMEM;
		xins *in = fair__data_bind_emit(B, X_COALC);
		if (in == NULL)
			return FAIR_ENOMEM;
		in->a = xa;
		in->b = xb;
		cval ra = { .kind = xa.kind, .idx = xa.idx }, rb = { .kind = xb.kind, .idx = xb.idx };
		acc = fair__data_bind_result(B, in, &ra, &rb, NULL);
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
	int32_t *f = fair__data_bind_balloc(B, v.nlv ? v.nlv : 1, sizeof *f);
	if (f == NULL)
		return FAIR_ENOMEM;
	for (size_t k = 0; k < v.nlv; k++) {
		size_t len = strlen(v.lv[k]);
		char *s = fair__data_bind_balloc(B, len + 1, 1);
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
		if ((f[k] = (int32_t)fair__data_bind_strset_add(&t, s)) < 0)
			goto oom;
	}
	char **lv = fair__data_bind_balloc(B, t.n ? t.n : 1, sizeof *lv);
	if (lv == NULL)
		goto oom;
	memcpy(lv, t.s, t.n * sizeof *lv);
	size_t nlv = t.n;
	fair__data_bind_strset_release(&t);
	if (v.kind == A_CONST) {
		*out = fair__data_bind_cconst(v.c < 0 ? -1 : f[(size_t)v.c]);
		out->lv = lv;
		out->nlv = nlv;
		return 0;
	}
	return fair__data_bind_map_cat(B, &v, f, -1, lv, nlv, out);
oom:
	fair__data_bind_strset_release(&t);
	return fair__data_bind_nomem(B);
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
		fair__data_bind_nomem(B);
		return NULL;
	}
	if ((r = fair__data_bind_balloc(B, strlen(s) + 1, 1)) != NULL)
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
	double *tab = fair__data_bind_balloc(B, nb, sizeof *tab);
	double *tab2 = fair__data_bind_balloc(B, nb + 1, sizeof *tab2);
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
		long code = s ? fair__data_bind_strset_add(&t, s) : -1;
		if (code < 0) {
			fair__data_bind_strset_release(&t);
			return fair__data_bind_nomem(B);
		}
		tab2[j + 1] = (double)code;
	}
	if (cat) {
		if ((lv = fair__data_bind_balloc(B, t.n, sizeof *lv)) == NULL) {
			fair__data_bind_strset_release(&t);
			return FAIR_ENOMEM;
		}
		memcpy(lv, t.s, t.n * sizeof *lv);
		nlv = t.n;
		fair__data_bind_strset_release(&t);
	}
	/* the closed outer edge: x == edge gives that band */
	double edge = left ? tab[nb - 1] : tab[0];
	double edgev = lowest ? tab2[left ? m : 1] : na;
	if (fair__data_bind_gen(B, n->kid[0], &x) != 0)
		return FAIR_EINVAL;
	if (x.kind == A_CONST) {
		double v = x.c;
		size_t cnt = 0;
		for (size_t i = 0; i < nb; i++)
			cnt += left ? v >= tab[i] : v > tab[i];
		*out = fair__data_bind_cconst(lowest && v == edge ? edgev : tab2[cnt]);
	} else {
		xins *in = fair__data_bind_emit(B, X_CUT);
		if (in == NULL)
			return FAIR_ENOMEM;
		in->a = fair__data_bind_arg_of(&x);
		in->tab = tab;
		in->ntab = nb;
		in->tab2 = tab2;
		in->ntab2 = nb + 1;
		in->flags = n->flags;
		in->p = edge;
		in->q = edgev;
		*out = fair__data_bind_result(B, in, &x, NULL, NULL);
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
	if ((k = fair__data_bind_strset_add(outs, v->str)) < 0)
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
		return fair__data_bind_nomem(B);
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
	if (fair__data_bind_gen(B, x, &v) != 0) {
		rc = FAIR_EINVAL;
		goto out;
	}
	if (cat_in) {
		/* a table per input level; the output levels follow the input's order */
		double *T = fair__data_bind_balloc(B, v.nlv ? v.nlv : 1, sizeof *T);
		bool *hit = calloc(nk ? nk : 1, sizeof *hit);
		if (T == NULL || hit == NULL) {
			free(hit);
			rc = FAIR_ENOMEM;
			goto out;
		}
		for (size_t i = 0; i < nk && !oom; i++)
			oom = fair__data_bind_strset_add(&keys, map[i].key->str) < 0;
		for (size_t k = 0; k < v.nlv && !oom; k++) {
			long j = fair__data_bind_strset_find(&keys, v.lv[k]);
			const xnode *val = j >= 0 ? map[j].val : els;
			if (j >= 0)
				hit[j] = true;
			if (cat_out && val != NULL) {
				T[k] = rcode(&outs, val, &oom);
			} else if (cat_out) {          /* unmatched: kept as it is */
				long c = fair__data_bind_strset_add(&outs, v.lv[k]);
				oom |= c < 0;
				T[k] = (double)c;
			} else {
				T[k] = rnum(val);
			}
		}
		if (x->kind == N_COL)
			for (size_t i = 0; i < nk; i++)
				if (!hit[i])
					fair__data_bind_level_hint(B, x, &v, map[i].key->str,
					                           map[i].key->pos);
		free(hit);
		double Tna = cat_out ? rcode(&outs, nav, &oom) : rnum(nav);
		if (oom) {
			rc = fair__data_bind_nomem(B);
			goto out;
		}
		if (!cat_out) {
			rc = fair__data_bind_apply_table(B, &v, T, Tna, out);
			goto out;
		}
		int32_t *f = fair__data_bind_balloc(B, v.nlv ? v.nlv : 1, sizeof *f);
		char **lv = fair__data_bind_balloc(B, outs.n ? outs.n : 1, sizeof *lv);
		if (f == NULL || lv == NULL) {
			rc = FAIR_ENOMEM;
			goto out;
		}
		for (size_t k = 0; k < v.nlv; k++)
			f[k] = (int32_t)T[k];
		memcpy(lv, outs.s, outs.n * sizeof *lv);
		rc = fair__data_bind_map_cat(B, &v, f, (int32_t)Tna, lv, outs.n, out);
		goto out;
	}
	/* numeric input: keys sorted, looked up per row */
	qsort(map, nk, sizeof *map, cmp_rmap_num);
	double *sk = fair__data_bind_balloc(B, nk ? nk : 1, sizeof *sk);
	double *sv = fair__data_bind_balloc(B, nk ? nk : 1, sizeof *sv);
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
		rc = fair__data_bind_nomem(B);
		goto out;
	}
	bool kp = keep && els == NULL;
	if (v.kind == A_CONST) {
		const double *h = isnan(v.c) ? NULL : bsearch(&v.c, sk, nk, sizeof *sk, cmp_double);
		*out = fair__data_bind_cconst(isnan(v.c) ? nanv : h ? sv[h - sk] : kp ? v.c : elsev);
	} else {
		xins *in = fair__data_bind_emit(B, X_RECODE);
		if (in == NULL) {
			rc = FAIR_ENOMEM;
			goto out;
		}
		in->a = fair__data_bind_arg_of(&v);
		in->tab = sk;
		in->tab2 = sv;
		in->ntab = in->ntab2 = nk;
		in->flags = kp ? RC_KEEP : 0;
		in->p = elsev;
		in->q = nanv;
		*out = fair__data_bind_result(B, in, &v, NULL, NULL);
	}
	if (cat_out) {
		char **lv = fair__data_bind_balloc(B, outs.n ? outs.n : 1, sizeof *lv);
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
	fair__data_bind_strset_release(&outs);
	fair__data_bind_strset_release(&keys);
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
		if (fair__data_bind_gen(B, n->kid[0], &v) != 0)
			return FAIR_EINVAL;
		return fair__data_bind_unop(B, unary[n->op], &v,
		                            n->nkid == 2 ? n->kid[1]->num : 0, out);
	case F_MIN: case F_MAX: {
		cval acc;
		if (fair__data_bind_gen(B, n->kid[0], &acc) != 0)
			return FAIR_EINVAL;
		for (size_t i = 1; i < n->nkid; i++) {
			cval r;
			if (fair__data_bind_gen(B, n->kid[i], &v) != 0 ||
			    fair__data_bind_binop(B, n->op == F_MIN ? X_MIN : X_MAX,
			                          &acc, &v, &r) != 0)
				return FAIR_EINVAL;
			acc = r;
		}
		*out = acc;
		return 0;
	}
	case F_ISNA:
		if (fair__data_bind_gen(B, n->kid[0], &v) != 0)
			return FAIR_EINVAL;
		if (n->kid[0]->type == T_CAT) {
			double *T = fair__data_bind_balloc(B, v.nlv ? v.nlv : 1, sizeof *T);
			if (T == NULL)
				return FAIR_ENOMEM;
			for (size_t k = 0; k < v.nlv; k++)
				T[k] = 0;
			return fair__data_bind_apply_table(B, &v, T, 1, out);
		}
		return fair__data_bind_unop(B, X_ISNAN, &v, 0, out);
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
		return fair__data_bind_berr(B, n->pos, FAIR_EINVAL, "internal: unknown function");
	}
}

int
fair__data_bind_gen(binder *B, const xnode *n, cval *out)
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
		*out = fair__data_bind_cconst(n->num);
		return 0;
	case N_NA:
		*out = fair__data_bind_cconst(NAN);
		return 0;
	case N_STR: {
		char **lv = fair__data_bind_balloc(B, 1, sizeof *lv);
		if (lv == NULL)
			return FAIR_ENOMEM;
		lv[0] = n->str;
		*out = fair__data_bind_cconst(0);
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
		if (fair__data_bind_gen(B, n->kid[0], &a) != 0)
			return FAIR_EINVAL;
		return fair__data_bind_unop(B, X_NEG, &a, 0, out);
	case N_NOT:
		if (fair__data_bind_gen_bool(B, n->kid[0], &a) != 0)
			return FAIR_EINVAL;
		return fair__data_bind_unop(B, X_NOT, &a, 0, out);
	case N_BIN:
		switch (n->op) {
		case B_AND: case B_OR:
			if (n->kid[1]->need > n->kid[0]->need) {
				if (fair__data_bind_gen_bool(B, n->kid[1], &b) != 0 ||
				    fair__data_bind_gen_bool(B, n->kid[0], &a) != 0)
					return FAIR_EINVAL;
			} else if (fair__data_bind_gen_bool(B, n->kid[0], &a) != 0 ||
			           fair__data_bind_gen_bool(B, n->kid[1], &b) != 0) {
				return FAIR_EINVAL;
			}
			return fair__data_bind_binop(B, n->op == B_AND ? X_AND : X_OR, &a, &b, out);
		case B_ADD: case B_SUB: case B_MUL: case B_DIV: case B_MOD: case B_POW:
			if (fair__data_bind_gen2(B, n->kid[0], n->kid[1], &a, &b) != 0)
				return FAIR_EINVAL;
			return fair__data_bind_binop(B, arith[n->op], &a, &b, out);
		default:
			return gen_compare(B, n, out);
		}
	case N_IN:
		return gen_in(B, n, out);
	case N_CALL:
		return gen_call(B, n, out);
	default:
		return fair__data_bind_berr(B, n->pos, FAIR_EINVAL, "internal: unexpected node");
	}
}
