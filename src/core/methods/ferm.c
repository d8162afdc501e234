/* ferm.c -- linear FERM as a pre-processing transform (doc/methods.md 3.2):
 * constraint vectors from group means, rank-revealing QR, exact projection or
 * the authors' coordinate elimination. Kernel FERM is in ferm-kernel.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_permutation.h>

#include "methods/methods-private.h"

struct fair_ferm {
	size_t      d, r, out_dim;
	int         variant, constraint;
	bool        identity;
	double      unorm;       /* ||U||_inf before reduction */
	gsl_matrix *U;           /* d x m constraint vectors (NULL if rebuilt) */
	gsl_matrix *Q;           /* PROJECT: d x r orthonormal basis */
	gsl_matrix *A;           /* ELIMINATE: d x r, T(x) = drop(x - A x_J) */
	gsl_matrix *Akeep;       /* ELIMINATE: rows of A at the kept coordinates */
	size_t     *piv;         /* ELIMINATE: r pivot coordinates J */
	size_t     *keep;        /* ELIMINATE: out_dim kept coordinates, ascending */
};

void
fair_ferm_opts_init(fair_ferm_opts *o)
{
	o->constraint = FAIR_FERM_EO;
	o->variant = FAIR_FERM_PROJECT;
	o->pivot_signed = false;
	o->tol = 1e-10;
}

int
fair_ferm_constraint_parse(const char *s, int *out, fair_error *err)
{
	if (strcmp(s, "eo") == 0 || strcmp(s, "eop") == 0)
		*out = FAIR_FERM_EO;
	else if (strcmp(s, "dp") == 0)
		*out = FAIR_FERM_DP;
	else if (strcmp(s, "eodds") == 0 || strcmp(s, "odds") == 0)
		*out = FAIR_FERM_EODDS;
	else
		return fair_error_set(err, FAIR_EINVAL,
		                      "unknown FERM constraint '%s' (expected eo, dp or eodds)", s);
	return FAIR_OK;
}

int
fair_ferm_variant_parse(const char *s, int *out, fair_error *err)
{
	if (strcmp(s, "proj") == 0 || strcmp(s, "project") == 0)
		*out = FAIR_FERM_PROJECT;
	else if (strcmp(s, "elim") == 0 || strcmp(s, "eliminate") == 0)
		*out = FAIR_FERM_ELIMINATE;
	else
		return fair_error_set(err, FAIR_EINVAL,
		                      "unknown FERM variant '%s' (expected proj or elim)", s);
	return FAIR_OK;
}

const char *
fair_ferm_constraint_name(int c)
{
	switch (c) {
	case FAIR_FERM_DP: return "dp";
	case FAIR_FERM_EODDS: return "eodds";
	default: return "eo";
	}
}

void
fair_ferm_free(fair_ferm *t)
{
	if (t == NULL)
		return;
	gsl_matrix_free(t->U);
	gsl_matrix_free(t->Q);
	gsl_matrix_free(t->A);
	gsl_matrix_free(t->Akeep);
	free(t->piv);
	free(t->keep);
	free(t);
}

static fair_ferm *
ferm_alloc(size_t d, int variant, int constraint, fair_error *err)
{
	fair_ferm *t = calloc(1, sizeof *t);

	if (t == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	t->d = d;
	t->out_dim = d;
	t->variant = variant;
	t->constraint = constraint;
	t->identity = true;
	return t;
}

static void
group_name(char *buf, size_t len, const char *const *labels, size_t g)
{
	if (labels != NULL && labels[g] != NULL)
		snprintf(buf, len, "%s", labels[g]);
	else
		snprintf(buf, len, "%zu", g);
}

/* Neumaier-compensated running sums per (set, group) of the rows of X. */
typedef struct msum {
	gsl_matrix *s, *c;   /* (K) x d sums and compensations */
	size_t     *n;
} msum;

static void
msum_add(msum *m, size_t g, const double *x, size_t d)
{
	double *s = gsl_matrix_ptr(m->s, g, 0), *c = gsl_matrix_ptr(m->c, g, 0);

	for (size_t k = 0; k < d; k++) {
		double t = s[k] + x[k];
		if (fabs(s[k]) >= fabs(x[k]))
			c[k] += (s[k] - t) + x[k];
		else
			c[k] += (x[k] - t) + s[k];
		s[k] = t;
	}
	m->n[g]++;
}

static double
msum_mean(const msum *m, size_t g, size_t k)
{
	return (gsl_matrix_get(m->s, g, k) + gsl_matrix_get(m->c, g, k)) / (double)m->n[g];
}

/* Row pivots J for ELIMINATE: Gaussian elimination with partial pivoting on
 * the d x r basis B (columns independent), so B_J is well conditioned; for
 * r = 1 this is argmax |u_j| (or the signed argmax the authors use). */
static int
elim_setup(fair_ferm *t, const gsl_matrix *B, bool pivot_signed, fair_error *err)
{
	size_t d = t->d, r = B->size2;
	int rc = FAIR_ENOMEM, sgn;
	gsl_matrix *W = gsl_matrix_alloc(d, r), *BJ = gsl_matrix_alloc(r, r);
	gsl_matrix *BJinv = gsl_matrix_alloc(r, r);
	gsl_permutation *p = gsl_permutation_alloc(r);
	bool *used = calloc(d, sizeof *used);

	t->piv = malloc(r * sizeof *t->piv);
	t->keep = malloc((d - r) * sizeof *t->keep + 1);
	t->A = gsl_matrix_alloc(d, r);
	t->Akeep = gsl_matrix_alloc(d - r, r);
	if (!W || !BJ || !BJinv || !p || !used || !t->piv || !t->keep || !t->A || !t->Akeep) {
		fair_error_set(err, rc, "out of memory");
		goto out;
	}
	gsl_matrix_memcpy(W, B);
	for (size_t k = 0; k < r; k++) {
		size_t best = d;
		double bv = 0.0;
		for (size_t j = 0; j < d; j++) {
			if (used[j])
				continue;
			double v = gsl_matrix_get(W, j, k);
			double score = (k == 0 && pivot_signed) ? v : fabs(v);
			if (best == d || score > bv) {
				best = j;
				bv = score;
			}
		}
		double pv = gsl_matrix_get(W, best, k);
		if (pv == 0.0 || !isfinite(pv)) {
			rc = fair_error_set(err, FAIR_ENUMERIC,
			                    "FERM elimination: zero pivot in constraint direction %zu", k + 1);
			goto out;
		}
		used[best] = true;
		t->piv[k] = best;
		for (size_t l = k + 1; l < r; l++) {
			double f = gsl_matrix_get(W, best, l) / pv;
			for (size_t j = 0; j < d; j++)
				gsl_matrix_set(W, j, l, gsl_matrix_get(W, j, l) - f * gsl_matrix_get(W, j, k));
		}
	}
	for (size_t k = 0; k < r; k++)
		for (size_t l = 0; l < r; l++)
			gsl_matrix_set(BJ, k, l, gsl_matrix_get(B, t->piv[k], l));
	if (gsl_linalg_LU_decomp(BJ, p, &sgn) != GSL_SUCCESS ||
	    gsl_linalg_LU_invert(BJ, p, BJinv) != GSL_SUCCESS) {
		rc = fair_error_set(err, FAIR_ENUMERIC, "FERM elimination: singular pivot block");
		goto out;
	}
	/* A = B B_J^{-1}: then A_J = I and T(B c) = B c - A B_J c = 0. */
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, B, BJinv, 0.0, t->A);
	for (size_t k = 0; k < r; k++)
		for (size_t l = 0; l < r; l++)
			gsl_matrix_set(t->A, t->piv[k], l, k == l ? 1.0 : 0.0);
	for (size_t j = 0, c = 0; j < d; j++) {
		if (used[j])
			continue;
		t->keep[c] = j;
		for (size_t l = 0; l < r; l++)
			gsl_matrix_set(t->Akeep, c, l, gsl_matrix_get(t->A, j, l));
		c++;
	}
	t->out_dim = d - r;
	rc = FAIR_OK;
out:
	gsl_matrix_free(W);
	gsl_matrix_free(BJ);
	gsl_matrix_free(BJinv);
	gsl_permutation_free(p);
	free(used);
	return rc;
}

/* Reduces U (d x m) by QR with column pivoting and builds the transform. */
static int
ferm_build(fair_ferm *t, const gsl_matrix *U, double tol, bool pivot_signed, fair_error *err)
{
	size_t d = U->size1, m = U->size2, mn = d < m ? d : m, r = 0;
	int rc = FAIR_ENOMEM, sgn;
	gsl_matrix *QR = gsl_matrix_alloc(d, m), *B = NULL;
	gsl_vector *tau = gsl_vector_alloc(mn), *norm = gsl_vector_alloc(m), *e = gsl_vector_alloc(d);
	gsl_permutation *p = gsl_permutation_alloc(m);

	if (!QR || !tau || !norm || !e || !p) {
		fair_error_set(err, rc, "out of memory");
		goto out;
	}
	gsl_matrix_memcpy(QR, U);
	if (gsl_linalg_QRPT_decomp(QR, tau, p, &sgn, norm) != GSL_SUCCESS) {
		rc = fair_error_set(err, FAIR_ENUMERIC, "FERM: QR decomposition of the constraint vectors failed");
		goto out;
	}
	double r11 = fabs(gsl_matrix_get(QR, 0, 0));
	for (size_t k = 0; k < mn; k++)
		if (fabs(gsl_matrix_get(QR, k, k)) > tol * r11)
			r++;
	if (r >= d) {
		rc = fair_error_set(err, FAIR_EINVAL,
		                    "FERM constraints span all %zu features; nothing is left to learn from "
		                    "(%zu constraint directions, need fewer than the number of features)", d, r);
		goto out;
	}
	t->r = r;
	t->identity = false;
	if (t->variant == FAIR_FERM_PROJECT) {
		t->Q = gsl_matrix_alloc(d, r);
		if (t->Q == NULL) {
			fair_error_set(err, rc, "out of memory");
			goto out;
		}
		for (size_t k = 0; k < r; k++) {
			gsl_vector_set_basis(e, k);
			gsl_linalg_QR_Qvec(QR, tau, e);
			gsl_matrix_set_col(t->Q, k, e);
		}
		rc = FAIR_OK;
	} else {
		B = gsl_matrix_alloc(d, r);
		if (B == NULL) {
			fair_error_set(err, rc, "out of memory");
			goto out;
		}
		for (size_t k = 0; k < r; k++) {
			gsl_vector_const_view c = gsl_matrix_const_column(U, gsl_permutation_get(p, k));
			gsl_matrix_set_col(B, k, &c.vector);
		}
		rc = elim_setup(t, B, pivot_signed, err);
	}
out:
	gsl_matrix_free(QR);
	gsl_matrix_free(B);
	gsl_vector_free(tau);
	gsl_vector_free(norm);
	gsl_vector_free(e);
	gsl_permutation_free(p);
	return rc;
}

fair_ferm *
fair_ferm_fit(const gsl_matrix *X, const double *y, const int32_t *group, size_t K,
              const char *const *labels, const fair_ferm_opts *o, fair_error *err)
{
	fair_ferm_opts def;
	size_t n = X->size1, d = X->size2, m;
	msum pos = {0}, neg = {0};
	fair_ferm *t = NULL;
	gsl_matrix *U = NULL;
	char gname[128];
	double xmax = 0.0;
	int rc = FAIR_ENOMEM;

	if (o == NULL) {
		fair_ferm_opts_init(&def);
		o = &def;
	}
	if (K < 2) {
		fair_error_set(err, FAIR_EINVAL, "FERM needs at least two groups; got %zu", K);
		return NULL;
	}
	if (o->constraint < FAIR_FERM_EO || o->constraint > FAIR_FERM_EODDS ||
	    o->variant < FAIR_FERM_PROJECT || o->variant > FAIR_FERM_ELIMINATE) {
		fair_error_set(err, FAIR_EINVAL, "FERM: invalid constraint or variant code");
		return NULL;
	}
	if (n == 0 || d == 0) {
		fair_error_set(err, FAIR_EINVAL, "FERM needs training data; got %zu rows and %zu features", n, d);
		return NULL;
	}
	if (y == NULL && o->constraint != FAIR_FERM_DP) {
		fair_error_set(err, FAIR_EINVAL, "FERM (constraint=%s) needs the target labels",
		               fair_ferm_constraint_name(o->constraint));
		return NULL;
	}
	double tol = o->tol > 0.0 ? o->tol : 1e-10;
	/* "pos" collects the positives (EO, EODDS) or all rows (DP). */
	pos.s = gsl_matrix_calloc(K, d);
	pos.c = gsl_matrix_calloc(K, d);
	pos.n = calloc(K, sizeof *pos.n);
	if (!pos.s || !pos.c || !pos.n)
		goto nomem;
	if (o->constraint == FAIR_FERM_EODDS) {
		neg.s = gsl_matrix_calloc(K, d);
		neg.c = gsl_matrix_calloc(K, d);
		neg.n = calloc(K, sizeof *neg.n);
		if (!neg.s || !neg.c || !neg.n)
			goto nomem;
	}
	for (size_t i = 0; i < n; i++) {
		int32_t g = group[i];
		if (g == -1)
			continue;
		if (g < 0 || (size_t)g >= K) {
			rc = fair_error_set(err, FAIR_EINVAL, "group code %d at row %zu is out of range [0, %zu)",
			                    (int)g, i + 1, K);
			goto fail;
		}
		const double *x = gsl_matrix_const_ptr(X, i, 0);
		for (size_t k = 0; k < d; k++) {
			double a = fabs(x[k]);
			if (a > xmax)
				xmax = a;
		}
		if (o->constraint == FAIR_FERM_DP) {
			msum_add(&pos, (size_t)g, x, d);
			continue;
		}
		if (y[i] != 0.0 && y[i] != 1.0) {
			rc = fair_error_set(err, FAIR_EINVAL,
			                    "FERM needs a binary target coded 0/1; got %g at row %zu", y[i], i + 1);
			goto fail;
		}
		if (y[i] == 1.0)
			msum_add(&pos, (size_t)g, x, d);
		else if (o->constraint == FAIR_FERM_EODDS)
			msum_add(&neg, (size_t)g, x, d);
	}
	for (size_t g = 0; g < K; g++) {
		const char *what = o->constraint == FAIR_FERM_DP ? "" : "positive ";
		size_t cnt = pos.n[g];
		if (cnt == 0 || (o->constraint == FAIR_FERM_EODDS && neg.n[g] == 0)) {
			if (cnt != 0)
				what = "negative ";
			group_name(gname, sizeof gname, labels, g);
			rc = fair_error_set(err, FAIR_EINVAL,
			                    "group '%s' has no %straining examples; FERM (constraint=%s) needs some",
			                    gname, what, fair_ferm_constraint_name(o->constraint));
			goto fail;
		}
	}
	m = (K - 1) * (o->constraint == FAIR_FERM_EODDS ? 2 : 1);
	U = gsl_matrix_alloc(d, m);
	t = ferm_alloc(d, o->variant, o->constraint, err);
	if (U == NULL || t == NULL)
		goto nomem;
	double unorm = 0.0;
	for (size_t g = 0; g + 1 < K; g++)
		for (size_t k = 0; k < d; k++) {
			double v = msum_mean(&pos, g, k) - msum_mean(&pos, K - 1, k);
			gsl_matrix_set(U, k, g, v);
			if (o->constraint == FAIR_FERM_EODDS) {
				double w = msum_mean(&neg, g, k) - msum_mean(&neg, K - 1, k);
				gsl_matrix_set(U, k, K - 1 + g, w);
				v = fabs(w) > fabs(v) ? w : v;
			}
			if (!isfinite(v)) {
				rc = fair_error_set(err, FAIR_EINVAL,
				                    "FERM: feature %zu has non-finite values in the training data", k + 1);
				goto fail;
			}
			if (fabs(v) > unorm)
				unorm = fabs(v);
		}
	t->U = U;
	U = NULL;
	t->unorm = unorm;
	if (unorm <= 1e-12 * (xmax > 1.0 ? xmax : 1.0)) {
		t->identity = true;
		t->r = 0;
	} else if ((rc = ferm_build(t, t->U, tol, o->pivot_signed, err)) != FAIR_OK) {
		goto fail;
	}
	gsl_matrix_free(pos.s);
	gsl_matrix_free(pos.c);
	free(pos.n);
	gsl_matrix_free(neg.s);
	gsl_matrix_free(neg.c);
	free(neg.n);
	return t;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	gsl_matrix_free(pos.s);
	gsl_matrix_free(pos.c);
	free(pos.n);
	gsl_matrix_free(neg.s);
	gsl_matrix_free(neg.c);
	free(neg.n);
	gsl_matrix_free(U);
	fair_ferm_free(t);
	return NULL;
}

gsl_matrix *
fair_ferm_apply(const fair_ferm *t, const gsl_matrix *X, fair_error *err)
{
	size_t n = X->size1;
	gsl_matrix *out = NULL, *tmp = NULL;

	if (X->size2 != t->d) {
		fair_error_set(err, FAIR_EINVAL, "FERM transform expects %zu features, got %zu",
		               t->d, X->size2);
		return NULL;
	}
	if (n == 0) {
		fair_error_set(err, FAIR_EINVAL, "FERM transform: no rows to transform");
		return NULL;
	}
	out = gsl_matrix_alloc(n, t->out_dim);
	if (out == NULL)
		goto nomem;
	if (t->identity || t->r == 0) {
		gsl_matrix_memcpy(out, X);
		return out;
	}
	tmp = gsl_matrix_alloc(n, t->r);
	if (tmp == NULL)
		goto nomem;
	if (t->variant == FAIR_FERM_PROJECT) {
		/* X - (X Q) Q^T */
		gsl_matrix_memcpy(out, X);
		gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, t->Q, 0.0, tmp);
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, -1.0, tmp, t->Q, 1.0, out);
	} else {
		/* X_keep - X_J A_keep^T */
		for (size_t i = 0; i < n; i++) {
			const double *x = gsl_matrix_const_ptr(X, i, 0);
			double *o = gsl_matrix_ptr(out, i, 0), *xj = gsl_matrix_ptr(tmp, i, 0);
			for (size_t c = 0; c < t->out_dim; c++)
				o[c] = x[t->keep[c]];
			for (size_t k = 0; k < t->r; k++)
				xj[k] = x[t->piv[k]];
		}
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, -1.0, tmp, t->Akeep, 1.0, out);
	}
	gsl_matrix_free(tmp);
	return out;
nomem:
	gsl_matrix_free(out);
	fair_error_set(err, FAIR_ENOMEM, "out of memory (FERM transform of %zu x %zu)", n, t->d);
	return NULL;
}

int
fair_ferm_pullback(const fair_ferm *t, const gsl_vector *w_out, gsl_vector *w_in, fair_error *err)
{
	if (w_out->size != t->out_dim || w_in->size != t->d)
		return fair_error_set(err, FAIR_EINVAL, "FERM pullback: expected %zu and %zu weights, got %zu and %zu",
		                      t->out_dim, t->d, w_out->size, w_in->size);
	if (t->identity || t->r == 0)
		return gsl_vector_memcpy(w_in, w_out) == GSL_SUCCESS ? FAIR_OK
		       : fair_error_set(err, FAIR_EINVAL, "FERM pullback: size mismatch");
	if (t->variant == FAIR_FERM_PROJECT) {
		double c[64], *cp = t->r <= 64 ? c : malloc(t->r * sizeof *cp);
		if (cp == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		gsl_vector_view cv = gsl_vector_view_array(cp, t->r);
		gsl_vector_memcpy(w_in, w_out);
		gsl_blas_dgemv(CblasTrans, 1.0, t->Q, w_out, 0.0, &cv.vector);
		gsl_blas_dgemv(CblasNoTrans, -1.0, t->Q, &cv.vector, 1.0, w_in);
		if (cp != c)
			free(cp);
	} else {
		for (size_t c = 0; c < t->out_dim; c++)
			gsl_vector_set(w_in, t->keep[c], gsl_vector_get(w_out, c));
		for (size_t k = 0; k < t->r; k++) {
			double s = 0.0;
			for (size_t c = 0; c < t->out_dim; c++)
				s += gsl_vector_get(w_out, c) * gsl_matrix_get(t->Akeep, c, k);
			gsl_vector_set(w_in, t->piv[k], -s);
		}
	}
	return FAIR_OK;
}

bool   fair_ferm_is_identity(const fair_ferm *t) { return t->identity; }
size_t fair_ferm_rank(const fair_ferm *t) { return t->r; }
size_t fair_ferm_in_dim(const fair_ferm *t) { return t->d; }
size_t fair_ferm_out_dim(const fair_ferm *t) { return t->out_dim; }
int    fair_ferm_variant(const fair_ferm *t) { return t->variant; }
int    fair_ferm_constraint(const fair_ferm *t) { return t->constraint; }
double fair_ferm_u_norm_inf(const fair_ferm *t) { return t->unorm; }
const gsl_matrix *fair_ferm_u(const fair_ferm *t) { return t->U; }
const gsl_matrix *fair_ferm_basis(const fair_ferm *t) { return t->Q; }
const gsl_matrix *fair_ferm_elim_matrix(const fair_ferm *t) { return t->A; }
const size_t *fair_ferm_pivots(const fair_ferm *t) { return t->piv; }

fair_ferm *
fair_ferm_new_project(size_t d, const gsl_matrix *Q, int constraint, fair_error *err)
{
	fair_ferm *t;

	if (Q != NULL && Q->size2 > 0 && (Q->size1 != d || Q->size2 >= d)) {
		fair_error_set(err, FAIR_EINVAL, "FERM basis must be %zu x r with r < %zu", d, d);
		return NULL;
	}
	t = ferm_alloc(d, FAIR_FERM_PROJECT, constraint, err);
	if (t == NULL || Q == NULL || Q->size2 == 0)
		return t;
	t->Q = gsl_matrix_alloc(d, Q->size2);
	if (t->Q == NULL) {
		fair_ferm_free(t);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	gsl_matrix_memcpy(t->Q, Q);
	t->r = Q->size2;
	t->identity = false;
	return t;
}

fair_ferm *
fair_ferm_new_eliminate(size_t d, const gsl_matrix *A, const size_t *pivots, int constraint,
                        fair_error *err)
{
	fair_ferm *t;
	size_t r = A != NULL ? A->size2 : 0;

	if (r > 0 && (A->size1 != d || r >= d || pivots == NULL)) {
		fair_error_set(err, FAIR_EINVAL, "FERM elimination matrix must be %zu x r with r < %zu", d, d);
		return NULL;
	}
	for (size_t k = 0; k < r; k++)
		for (size_t l = 0; l < k + 1; l++)
			if (pivots[k] >= d || (l < k && pivots[l] == pivots[k])) {
				fair_error_set(err, FAIR_EINVAL, "FERM pivots must be distinct features below %zu", d);
				return NULL;
			}
	t = ferm_alloc(d, FAIR_FERM_ELIMINATE, constraint, err);
	if (t == NULL || r == 0)
		return t;
	t->r = r;
	t->identity = false;
	t->piv = malloc(r * sizeof *t->piv);
	t->keep = malloc((d - r) * sizeof *t->keep);
	t->A = gsl_matrix_alloc(d, r);
	t->Akeep = gsl_matrix_alloc(d - r, r);
	if (!t->piv || !t->keep || !t->A || !t->Akeep) {
		fair_ferm_free(t);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(t->piv, pivots, r * sizeof *t->piv);
	gsl_matrix_memcpy(t->A, A);
	for (size_t j = 0, c = 0; j < d; j++) {
		bool isp = false;
		for (size_t k = 0; k < r; k++)
			isp = isp || pivots[k] == j;
		if (isp)
			continue;
		t->keep[c] = j;
		for (size_t l = 0; l < r; l++)
			gsl_matrix_set(t->Akeep, c, l, gsl_matrix_get(A, j, l));
		c++;
	}
	t->out_dim = d - r;
	return t;
}

/* ---- saving ------------------------------------------------------------ */

static int
nomem(fair_error *err)
{
	return fair_error_set(err, FAIR_ENOMEM, "out of memory");
}

int
fair_ferm_export(const fair_ferm *t, fair_param *out, fair_error *err)
{
	int var = fair_ferm_variant(t);

	fair_param_add_str(out, "variant", var == FAIR_FERM_ELIMINATE ? "eliminate" : "project");
	fair_param_add_str(out, "constraint", fair_ferm_constraint_name(fair_ferm_constraint(t)));
	fair_param_add_int(out, "d", (int64_t)fair_ferm_in_dim(t));
	fair_param_add_int(out, "rank", fair_ferm_is_identity(t) ? 0 : (int64_t)fair_ferm_rank(t));
	if (!fair_ferm_is_identity(t) && fair_ferm_rank(t) > 0) {
		if (var == FAIR_FERM_ELIMINATE) {
			const gsl_matrix *A = fair_ferm_elim_matrix(t);
			const size_t *piv = fair_ferm_pivots(t);
			if (A == NULL || piv == NULL)
				return fair_error_set(err, FAIR_EINVAL, "FERM transform has no elimination data to save");
			fair_param_add_matrix(out, "A", A);
			fair_param_add_sizes(out, "pivots", piv, A->size2);
		} else {
			const gsl_matrix *Q = fair_ferm_basis(t);
			if (Q == NULL)
				return fair_error_set(err, FAIR_EINVAL, "FERM transform has no basis to save");
			fair_param_add_matrix(out, "Q", Q);
		}
	}
	return fair_param_failed(out) ? nomem(err) : FAIR_OK;
}

fair_ferm *
fair_ferm_import(const fair_param *in, fair_error *err)
{
	const char *var = fair_param_str(in, "variant", err), *con;
	size_t d = 0, rank = 0, np = 0;
	int c = 0;
	fair_ferm *t = NULL;

	if (var == NULL || (con = fair_param_str(in, "constraint", err)) == NULL ||
	    fair_param_size(in, "d", &d, err) || fair_param_size(in, "rank", &rank, err) ||
	    fair_ferm_constraint_parse(con, &c, err))
		return NULL;
	if (rank == 0)
		return fair_ferm_new_project(d, NULL, c, err);
	if (!strcmp(var, "eliminate")) {
		gsl_matrix *A = fair_param_matrix(in, "A", err);
		size_t *piv = A ? fair_param_sizes(in, "pivots", &np, err) : NULL;
		if (piv && (np != A->size2 || A->size1 != d)) {
			fair_error_set(err, FAIR_EPARSE, "saved data: FERM elimination matrix and pivots disagree");
		} else if (piv) {
			t = fair_ferm_new_eliminate(d, A, piv, c, err);
		}
		free(piv);
		if (A)
			gsl_matrix_free(A);
		return t;
	}
	gsl_matrix *Q = fair_param_matrix(in, "Q", err);
	if (Q == NULL)
		return NULL;
	if (Q->size1 != d)
		fair_error_set(err, FAIR_EPARSE, "saved data: FERM basis has %zu rows for %zu features", Q->size1, d);
	else
		t = fair_ferm_new_project(d, Q, c, err);
	gsl_matrix_free(Q);
	return t;
}
