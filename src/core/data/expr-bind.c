/* expr-bind.c -- binding an expression: column lookup (with the nearest name
 * suggested), type checking (expr-check.c) by the rules of
 * doc/expressions.md, and compilation of the tree into the block programs
 * that expr-eval.c runs: the value program (expr-compile.c), the filter
 * program (a row mask updated by each conjunct) and the condition program
 * (one byte a row), here. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/expr-bind.h"

/* ---- the filter program ---- */

/* a conjunct known at bind time: true keeps every row, false or missing none */
static int
keep_const(binder *B, double c)
{
	if (fabs(c) <= 1.7976931348623157e308 && c != 0)   /* not missing, inf as missing */
		return 0;
	return fair__data_bind_emit(B, X_KEEPZERO) ? 0 : FAIR_ENOMEM;
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
		if (fair__data_bind_gen2(B, n->kid[0], n->kid[1], &a, &b) != 0)
			return FAIR_EINVAL;
		if (a.kind == A_CONST && b.kind == A_CONST)
			return keep_const(B, fair__data_expr_scalar(xop_of[n->op], a.c, b.c, 0));
		if ((in = fair__data_bind_emit(B, X_KEEPCMP)) == NULL)
			return FAIR_ENOMEM;
		in->flags = xop_of[n->op];
		in->var = b.kind == A_CONST ? 1 : a.kind == A_CONST ? 2 : 0;
		in->a = fair__data_bind_arg_of(&a);
		in->b = fair__data_bind_arg_of(&b);
		fair__data_bind_drop(B, &a);
		fair__data_bind_drop(B, &b);
		return 0;
	}
	/* any other condition (a number: true when not 0) through a register */
	if (fair__data_bind_gen(B, n, &a) != 0)
		return FAIR_EINVAL;
	if (a.kind == A_CONST)
		return keep_const(B, a.c);
	if ((in = fair__data_bind_emit(B, X_KEEP)) == NULL)
		return FAIR_ENOMEM;
	in->a = fair__data_bind_arg_of(&a);
	fair__data_bind_drop(B, &a);
	return 0;
}

/* ---- the condition program ---- */

/* fusing comparisons into X_BCMP2 (tests turn it off to compare) */
bool fair__data_expr_fuse = true;

/* A comparison of a vector that is no register with a constant, as
 * (vector, OP - X_EQ, constant) with the vector first */
static bool
cmp_of_vector(const xins *in, xarg *v, int *op, double *c)
{
	static const int flip[6] = {
		[X_EQ - X_EQ] = X_EQ, [X_NE - X_EQ] = X_NE, [X_LT - X_EQ] = X_GT,
		[X_LE - X_EQ] = X_GE, [X_GT - X_EQ] = X_LT, [X_GE - X_EQ] = X_LE,
	};

	if (in->op != X_BCMP || in->var == 0)
		return false;
	*v = in->var == 1 ? in->a : in->b;
	if (v->kind == A_REG || v->kind == A_CONST)
		return false;
	*op = in->var == 1 ? in->flags - X_EQ : flip[in->flags - X_EQ] - X_EQ;
	*c = in->var == 1 ? in->b.c : in->a.c;
	return true;
}

/* 'and' / 'or' of the two comparisons just emitted, each of a column (or
 * constant block) with a constant, becomes one instruction (X_BCMP2) that
 * reads both columns and writes the byte once: the same bytes, one pass
 * and no intermediate registers. Returns the fused instruction or NULL. */
static xins *
fuse_cmp(binder *B, int op, const cval *a, const cval *b)
{
	xprog *P = B->P;
	xarg va, vb;
	int oa, ob;
	double ca, cb;

	if (P->nins < 2 || a->kind != A_REG || b->kind != A_REG)
		return NULL;
	xins *i1 = &P->ins[P->nins - 2], *i2 = &P->ins[P->nins - 1];
	if (!cmp_of_vector(i1, &va, &oa, &ca) || !cmp_of_vector(i2, &vb, &ob, &cb))
		return NULL;
	if (!((i1->dst == a->idx && i2->dst == b->idx) || (i1->dst == b->idx && i2->dst == a->idx)))
		return NULL;
	P->nins--;
	memset(i1, 0, sizeof *i1);
	i1->op = X_BCMP2;
	i1->a = va;
	i1->p = ca;
	i1->b = vb;
	i1->q = cb;
	i1->flags = oa | ob << 4 | (op == X_OR ? XF_BOR : 0);
	return i1;
}

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
			*out = fair__data_bind_cconst(fair__data_expr_scalar(op, a.c, b.c, 0));
			return 0;
		}
		if (fair__data_expr_fuse && (in = fuse_cmp(B, op, &a, &b)) != NULL) {
			*out = fair__data_bind_result(B, in, &a, &b, NULL);
			return 0;
		}
		if ((in = fair__data_bind_emit(B, op == X_AND ? X_BAND : X_BOR)) == NULL)
			return FAIR_ENOMEM;
		if (a.kind == A_CONST || b.kind == A_CONST) {
			const cval *v = a.kind == A_CONST ? &b : &a, *c = a.kind == A_CONST ? &a : &b;
			in->var = 1;
			in->a = fair__data_bind_arg_of(v);
			in->p = c->c == 1 ? 2 : c->c == 0 ? 0 : 1;
		} else {
			in->a = fair__data_bind_arg_of(&a);
			in->b = fair__data_bind_arg_of(&b);
		}
		*out = fair__data_bind_result(B, in, &a, &b, NULL);
		return 0;
	}
	if (n->kind == N_NOT && n->kid[0]->type == T_BOOL) {
		if (gen_b(B, n->kid[0], &a) != 0)
			return FAIR_EINVAL;
		if (a.kind == A_CONST) {
			*out = fair__data_bind_cconst(fair__data_expr_scalar(X_NOT, a.c, 0, 0));
			return 0;
		}
		if ((in = fair__data_bind_emit(B, X_BNOT)) == NULL)
			return FAIR_ENOMEM;
		in->a = fair__data_bind_arg_of(&a);
		*out = fair__data_bind_result(B, in, &a, NULL, NULL);
		return 0;
	}
	if (n->kind == N_BIN && n->op >= B_EQ && n->op <= B_GE && n->kid[0]->type != T_CAT) {
		int op = xop_of[n->op];
		if (fair__data_bind_gen2(B, n->kid[0], n->kid[1], &a, &b) != 0)
			return FAIR_EINVAL;
		if (a.kind == A_CONST && b.kind == A_CONST) {
			*out = fair__data_bind_cconst(fair__data_expr_scalar(op, a.c, b.c, 0));
			return 0;
		}
		if ((in = fair__data_bind_emit(B, X_BCMP)) == NULL)
			return FAIR_ENOMEM;
		in->flags = op;
		in->var = b.kind == A_CONST ? 1 : a.kind == A_CONST ? 2 : 0;
		in->a = fair__data_bind_arg_of(&a);
		in->b = fair__data_bind_arg_of(&b);
		*out = fair__data_bind_result(B, in, &a, &b, NULL);
		return 0;
	}
	if (fair__data_bind_gen_bool(B, n, &a) != 0)
		return FAIR_EINVAL;
	if (a.kind == A_CONST) {
		*out = a;
		return 0;
	}
	if ((in = fair__data_bind_emit(B, X_BFROM)) == NULL)
		return FAIR_ENOMEM;
	in->a = fair__data_bind_arg_of(&a);
	*out = fair__data_bind_result(B, in, &a, NULL, NULL);
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
		if (fair__data_bind_strset_add(&t, names[j]) < 0) {
			fair__data_bind_strset_release(&t);
			return fair__data_bind_nomem(B);
		}
	for (size_t k = 0; k < e->ncols; k++) {
		idx[k] = -1;
		if (hashed) {
			long j = fair__data_bind_strset_find(&t, e->colnames[k]);
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
	fair__data_bind_strset_release(&t);
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
			return fair__data_bind_berr(B, e->colpos[k], FAIR_ENOTFOUND,
			                            "unknown column '%s' (did you mean '%s'?)", q, m);
		}
		size_t o = 0;
		for (size_t j = 0; j < ncols && j < 6 && o + 50 < sizeof list; j++) {
			fair__data_expr_quote(m, sizeof m, names[j], strlen(names[j]));
			o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", j ? ", " : "", m);
		}
		if (ncols > 6)
			snprintf(list + o, sizeof list - o, ", ... %zu in all", ncols);
		return fair__data_bind_berr(B, e->colpos[k], FAIR_ENOTFOUND,
		                            "unknown column '%s' (columns: %s)", q, list);
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
		rc = fair__data_bind_nomem(&B);
		goto out;
	}
	if ((rc = lookup(&B, ncols, names, idx)) != 0)
		goto out;
	for (size_t k = 0; k < e->ncols; k++)
		e->coltypes[k] = types[idx[k]];
	if ((rc = fair__data_bind_check(&B, e->root)) != 0)
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
	    (P->slot_col = fair__data_bind_balloc(&B, e->ncols ? e->ncols : 1,
	                                          sizeof *P->slot_col)) == NULL ||
	    (P->slot_codes = fair__data_bind_balloc(&B, e->ncols ? e->ncols : 1,
	                                            sizeof *P->slot_codes)) == NULL) {
		rc = fair__data_bind_nomem(&B);
		goto out;
	}
	e->nrows = fair_frame_nrows(f);
	for (size_t k = 0; k < e->ncols; k++) {
		fair_column *c = fair_frame_column(f, (size_t)idx[k]);
		e->cols[k] = fair_column_ref(c);
		if (fair_column_type(c) == FAIR_COL_CATEGORICAL) {
			size_t nl = fair_column_nlevels(c);
			if ((B.collv[k] = fair__data_bind_balloc(&B, nl ? nl : 1,
			                                         sizeof **B.collv)) == NULL) {
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
		rc = fair__data_bind_nomem(&B);
		goto out;
	}
	cval root;
	B.P = P;
	if (fair__data_bind_gen(&B, e->root, &root) != 0 || B.failed) {
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
	P->root = fair__data_bind_arg_of(&root);
	P->root_map = root.map1;
	e->levels = root.lv;
	e->nlevels = root.nlv;
	if (e->type != T_CAT) {
		xprog *F = &e->fprog;
		B.P = F;
		B.nfree = 0;
		B.quiet = true;
		memset(B.colslot, 0, e->ncols * sizeof *B.colslot);
		if ((F->slot_col = fair__data_bind_balloc(&B, e->ncols ? e->ncols : 1,
		                                          sizeof *F->slot_col)) == NULL ||
		    (F->slot_codes = fair__data_bind_balloc(&B, e->ncols ? e->ncols : 1,
		                                            sizeof *F->slot_codes)) == NULL ||
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
		if ((C->slot_col = fair__data_bind_balloc(&B, e->ncols ? e->ncols : 1,
		                                          sizeof *C->slot_col)) == NULL ||
		    (C->slot_codes = fair__data_bind_balloc(&B, e->ncols ? e->ncols : 1,
		                                            sizeof *C->slot_codes)) == NULL ||
		    gen_b(&B, e->root, &broot) != 0 || B.failed) {
			rc = B.failed ? B.code : FAIR_EINVAL;
			goto out;
		}
		if (broot.kind == A_CONST && !(fabs(broot.c) <= 1.7976931348623157e308))
			broot.c = NAN;
		C->root = fair__data_bind_arg_of(&broot);
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
