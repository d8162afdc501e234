/* kernel.c -- kernel functions and matrices, random Fourier features and
 * Nystroem feature maps (see learn-private.h). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "learn/learn-private.h"
#include "fairsh/param.h"

void
fair_kernel_init(fair_kernel *k)
{
	k->type = FAIR_KERNEL_RBF;
	k->gamma = 0.0;
	k->coef0 = 0.0;
	k->degree = 3;
}

static const char *const kernel_names[] = { "linear", "rbf", "poly" };

int
fair_kernel_parse(const char *name, int *type, fair_error *err)
{
	for (int t = 0; t < 3; t++)
		if (strcmp(name, kernel_names[t]) == 0) {
			*type = t;
			return FAIR_OK;
		}
	return fair_error_set(err, FAIR_EINVAL, "unknown kernel '%s' (kernels: linear, rbf, poly)", name);
}

const char *
fair_kernel_name(int type)
{
	return type >= 0 && type < 3 ? kernel_names[type] : "?";
}

int
fair_kernel_check(const fair_kernel *k, fair_error *err)
{
	if (k->type < 0 || k->type > 2)
		return fair_error_set(err, FAIR_EINVAL, "unknown kernel type %d", k->type);
	if (!(k->gamma >= 0.0) || !isfinite(k->gamma))
		return fair_error_set(err, FAIR_EINVAL, "kernel gamma must be > 0 (0 = scale); got %g", k->gamma);
	if (k->type == FAIR_KERNEL_POLY && (k->degree < 1 || k->degree > 20))
		return fair_error_set(err, FAIR_EINVAL, "kernel degree must be 1..20; got %d", k->degree);
	if (!isfinite(k->coef0))
		return fair_error_set(err, FAIR_EINVAL, "kernel coef0 must be finite");
	return FAIR_OK;
}

double
fair_kernel_gamma_scale(const gsl_matrix *X)
{
	double s = 0.0, ss = 0.0, N = (double)(X->size1 * X->size2);
	for (size_t i = 0; i < X->size1; i++)
		for (size_t j = 0; j < X->size2; j++) {
			double v = gsl_matrix_get(X, i, j);
			s += v;
			ss += v * v;
		}
	double var = ss / N - (s / N) * (s / N);
	return var > 0.0 ? 1.0 / ((double)X->size2 * var) : 1.0;
}

static double
finish(const fair_kernel *k, double dot, double sqa, double sqb)
{
	switch (k->type) {
	case FAIR_KERNEL_RBF: {
		double d2 = sqa + sqb - 2.0 * dot;
		return exp(-k->gamma * (d2 > 0.0 ? d2 : 0.0));
	}
	case FAIR_KERNEL_POLY:
		return gsl_pow_int(k->gamma * dot + k->coef0, k->degree);
	default:
		return dot;
	}
}

double
fair_kernel_eval(const fair_kernel *k, const double *x, const double *z, size_t d)
{
	if (k->type == FAIR_KERNEL_RBF) {
		double d2 = 0.0;
		for (size_t j = 0; j < d; j++)
			d2 += (x[j] - z[j]) * (x[j] - z[j]);
		return exp(-k->gamma * d2);
	}
	double dot = 0.0;
	for (size_t j = 0; j < d; j++)
		dot += x[j] * z[j];
	return finish(k, dot, 0, 0);
}

static double
sqnorm(const gsl_matrix *A, size_t i)
{
	double s = 0.0;
	const double *a = gsl_matrix_const_ptr(A, i, 0);
	for (size_t j = 0; j < A->size2; j++)
		s += a[j] * a[j];
	return s;
}

int
fair_kernel_matrix(const fair_kernel *k, const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *K,
                   fair_error *err)
{
	if (A->size2 != B->size2 || K->size1 != A->size1 || K->size2 != B->size1)
		return fair_error_set(err, FAIR_EINVAL, "kernel matrix: shapes %zux%zu, %zux%zu -> %zux%zu do not match",
		                      A->size1, A->size2, B->size1, B->size2, K->size1, K->size2);
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, K);
	if (k->type == FAIR_KERNEL_LINEAR)
		return FAIR_OK;
	double *sqb = NULL;
	if (k->type == FAIR_KERNEL_RBF) {
		if ((sqb = malloc(B->size1 * sizeof *sqb)) == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		for (size_t j = 0; j < B->size1; j++)
			sqb[j] = sqnorm(B, j);
	}
	for (size_t i = 0; i < A->size1; i++) {
		double sqa = sqb ? sqnorm(A, i) : 0.0, *row = gsl_matrix_ptr(K, i, 0);
		for (size_t j = 0; j < B->size1; j++)
			row[j] = finish(k, row[j], sqa, sqb ? sqb[j] : 0.0);
	}
	free(sqb);
	return FAIR_OK;
}

enum { MAP_RFF, MAP_NYSTROEM };

struct fair_feature_map {
	int          kind;
	fair_kernel  k;
	size_t       d, D;
	gsl_matrix  *W;     /* rff: d x D frequencies; nystroem: m x d landmarks */
	double      *u;     /* rff: D phases */
	gsl_matrix  *N;     /* nystroem: m x m normalisation */
};

void
fair_feature_map_free(fair_feature_map *m)
{
	if (m == NULL)
		return;
	if (m->W)
		gsl_matrix_free(m->W);
	if (m->N)
		gsl_matrix_free(m->N);
	free(m->u);
	free(m);
}

size_t fair_feature_map_dim(const fair_feature_map *m) { return m->D; }
size_t fair_feature_map_input_dim(const fair_feature_map *m) { return m->d; }

fair_feature_map *
fair_rff_new(const fair_kernel *k, size_t d, size_t D, uint64_t seed, fair_error *err)
{
	fair_feature_map *m;
	gsl_rng *rng;
	if (k->type != FAIR_KERNEL_RBF || !(k->gamma > 0.0) || D == 0 || d == 0) {
		fair_error_set(err, FAIR_EINVAL, "random Fourier features need an rbf kernel with gamma > 0 "
		               "and at least one component");
		return NULL;
	}
	m = calloc(1, sizeof *m);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (m == NULL || rng == NULL || (m->W = gsl_matrix_alloc(d, D)) == NULL ||
	    (m->u = malloc(D * sizeof *m->u)) == NULL) {
		if (rng)
			gsl_rng_free(rng);
		fair_feature_map_free(m);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	gsl_rng_set(rng, (unsigned long)seed);
	m->kind = MAP_RFF;
	m->k = *k;
	m->d = d;
	m->D = D;
	double sd = sqrt(2.0 * k->gamma);
	for (size_t j = 0; j < d; j++)
		for (size_t c = 0; c < D; c++)
			gsl_matrix_set(m->W, j, c, gsl_ran_gaussian_ziggurat(rng, sd));
	for (size_t c = 0; c < D; c++)
		m->u[c] = 2.0 * M_PI * gsl_rng_uniform(rng);
	gsl_rng_free(rng);
	return m;
}

fair_feature_map *
fair_nystroem_new(const fair_kernel *k, const gsl_matrix *X, size_t D, uint64_t seed, fair_error *err)
{
	size_t n = X->size1, d = X->size2, mm = D < n ? D : n;
	fair_feature_map *m = NULL;
	gsl_rng *rng = NULL;
	size_t *all = NULL, *pick = NULL;
	gsl_matrix *K = NULL, *U = NULL;
	gsl_vector *lam = NULL;
	gsl_eigen_symmv_workspace *ew = NULL;

	if (fair_kernel_check(k, err) != FAIR_OK)
		return NULL;
	if (D == 0 || n == 0 || (k->type != FAIR_KERNEL_LINEAR && !(k->gamma > 0.0))) {
		fair_error_set(err, FAIR_EINVAL, "nystroem: need rows, components > 0 and a resolved gamma");
		return NULL;
	}
	if ((m = calloc(1, sizeof *m)) == NULL || (rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL ||
	    (all = malloc(n * sizeof *all)) == NULL || (pick = malloc(mm * sizeof *pick)) == NULL ||
	    (m->W = gsl_matrix_alloc(mm, d)) == NULL || (m->N = gsl_matrix_alloc(mm, mm)) == NULL ||
	    (K = gsl_matrix_alloc(mm, mm)) == NULL || (U = gsl_matrix_alloc(mm, mm)) == NULL ||
	    (lam = gsl_vector_alloc(mm)) == NULL || (ew = gsl_eigen_symmv_alloc(mm)) == NULL)
		goto nomem;
	gsl_rng_set(rng, (unsigned long)seed);
	m->kind = MAP_NYSTROEM;
	m->k = *k;
	m->d = d;
	m->D = mm;
	for (size_t i = 0; i < n; i++)
		all[i] = i;
	gsl_ran_choose(rng, pick, mm, all, n, sizeof *all);
	for (size_t a = 0; a < mm; a++)
		memcpy(gsl_matrix_ptr(m->W, a, 0), gsl_matrix_const_ptr(X, pick[a], 0), d * sizeof(double));
	fair_kernel_matrix(k, m->W, m->W, K, NULL);
	if (gsl_eigen_symmv(K, lam, U, ew) != GSL_SUCCESS) {
		fair_error_set(err, FAIR_ENUMERIC, "nystroem: eigendecomposition failed");
		goto fail;
	}
	/* N = U diag(1/sqrt(max(lambda, 1e-12))) U'; K is free now: K = U diag(.) */
	for (size_t r = 0; r < mm; r++)
		for (size_t c = 0; c < mm; c++)
			gsl_matrix_set(K, r, c, gsl_matrix_get(U, r, c) / sqrt(fmax(gsl_vector_get(lam, c), 1e-12)));
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, K, U, 0.0, m->N);
	goto out;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	fair_feature_map_free(m);
	m = NULL;
out:
	if (rng)
		gsl_rng_free(rng);
	free(all);
	free(pick);
	if (K)
		gsl_matrix_free(K);
	if (U)
		gsl_matrix_free(U);
	if (lam)
		gsl_vector_free(lam);
	if (ew)
		gsl_eigen_symmv_free(ew);
	return m;
}

gsl_matrix *
fair_feature_map_apply(const fair_feature_map *m, const gsl_matrix *X, fair_error *err)
{
	gsl_matrix *Z = NULL, *K = NULL;
	if (X->size2 != m->d || X->size1 == 0) {
		fair_error_set(err, FAIR_EINVAL, "feature map expects %zu features, got %zu", m->d, X->size2);
		return NULL;
	}
	if ((Z = gsl_matrix_alloc(X->size1, m->D)) == NULL)
		goto nomem;
	if (m->kind == MAP_RFF) {
		double s = sqrt(2.0 / (double)m->D);
		gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, m->W, 0.0, Z);
		for (size_t i = 0; i < X->size1; i++) {
			double *z = gsl_matrix_ptr(Z, i, 0);
			for (size_t c = 0; c < m->D; c++)
				z[c] = s * cos(z[c] + m->u[c]);
		}
		return Z;
	}
	if ((K = gsl_matrix_alloc(X->size1, m->D)) == NULL)
		goto nomem;
	if (fair_kernel_matrix(&m->k, X, m->W, K, err) != FAIR_OK)
		goto fail;
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, K, m->N, 0.0, Z);
	gsl_matrix_free(K);
	return Z;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	if (Z)
		gsl_matrix_free(Z);
	if (K)
		gsl_matrix_free(K);
	return NULL;
}

/* ---- saving ------------------------------------------------------ */

int
fair_kernel_export(const fair_kernel *k, fair_param *out, fair_error *err)
{
	fair_param_add_str(out, "type", fair_kernel_name(k->type));
	fair_param_add_num(out, "gamma", k->gamma);
	fair_param_add_num(out, "coef0", k->coef0);
	fair_param_add_int(out, "degree", k->degree);
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

int
fair_kernel_import(const fair_param *in, fair_kernel *k, fair_error *err)
{
	const char *t = fair_param_str(in, "type", err);
	int64_t deg;
	int st;

	if (t == NULL)
		return FAIR_EPARSE;
	fair_kernel_init(k);
	if ((st = fair_kernel_parse(t, &k->type, err)) || (st = fair_param_num(in, "gamma", &k->gamma, err)) ||
	    (st = fair_param_num(in, "coef0", &k->coef0, err)) || (st = fair_param_int(in, "degree", &deg, err)))
		return st;
	/* a degree beyond int would wrap in the cast: the same range check
	 * as for a kernel the user sets (a linear or rbf kernel ignores it) */
	if (deg < 0 || deg > 20)
		return fair_error_set(err, FAIR_EPARSE, "saved data: kernel degree %lld; expected 0 to 20", (long long)deg);
	k->degree = (int)deg;
	if ((st = fair_kernel_check(k, err)))
		return fair_error_prefix(err, "saved data");
	return FAIR_OK;
}

int
fair_feature_map_export(const fair_feature_map *m, fair_param *out, fair_error *err)
{
	fair_param_add_str(out, "kind", m->kind == MAP_RFF ? "rff" : "nystroem");
	if (fair_kernel_export(&m->k, fair_param_add_object(out, "kernel"), err))
		return err ? err->code : FAIR_ENOMEM;
	fair_param_add_int(out, "d", (int64_t)m->d);
	fair_param_add_int(out, "D", (int64_t)m->D);
	fair_param_add_matrix(out, "W", m->W);
	if (m->u)
		fair_param_add_vec(out, "u", m->u, m->D);
	if (m->N)
		fair_param_add_matrix(out, "N", m->N);
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

fair_feature_map *
fair_feature_map_import(const fair_param *in, fair_error *err)
{
	const char *kind = fair_param_str(in, "kind", err);
	const fair_param *kp;
	fair_feature_map *m = NULL;
	size_t n;

	if (kind == NULL || (kp = fair_param_object(in, "kernel", err)) == NULL)
		return NULL;
	if ((m = calloc(1, sizeof *m)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	m->kind = strcmp(kind, "rff") ? MAP_NYSTROEM : MAP_RFF;
	if (fair_kernel_import(kp, &m->k, err) || fair_param_size(in, "d", &m->d, err) ||
	    fair_param_size(in, "D", &m->D, err) || (m->W = fair_param_matrix(in, "W", err)) == NULL)
		goto fail;
	if (m->kind == MAP_RFF) {
		const double *u = fair_param_vec(in, "u", &n, err);
		if (u == NULL)
			goto fail;
		if (n != m->D || m->W->size1 != m->d || m->W->size2 != m->D)
			goto shape;
		if ((m->u = malloc(n * sizeof *m->u)) == NULL) {
			fair_error_set(err, FAIR_ENOMEM, "out of memory");
			goto fail;
		}
		memcpy(m->u, u, n * sizeof *u);
	} else {
		if ((m->N = fair_param_matrix(in, "N", err)) == NULL)
			goto fail;
		if (m->W->size1 != m->D || m->W->size2 != m->d || m->N->size1 != m->D || m->N->size2 != m->D)
			goto shape;
	}
	return m;
shape:
	fair_error_set(err, FAIR_EPARSE, "saved data: feature map matrices do not match its dimensions");
fail:
	fair_feature_map_free(m);
	return NULL;
}
