/* ridge.c -- weighted ridge regression in closed form (centring for the
 * unpenalised intercept, dsyrk + Cholesky). See learn-private.h. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>

#include "learn/learn-private.h"

void
fair_ridge_opts_init(fair_ridge_opts *o)
{
	o->alpha = 1.0;
}

fair_learner *
fair_ridge_fit(const gsl_matrix *X, const double *y, const double *w,
               const fair_ridge_opts *o, fair_progress *prog, fair_error *err)
{
	fair_ridge_opts def;
	fair_learner *l = NULL;
	gsl_matrix *Z = NULL, *A = NULL;
	gsl_vector *xbar = NULL, *rhs = NULL, *zy = NULL;
	size_t n = X->size1, d = X->size2;
	double sumw = 0.0, ybar = 0.0;

	if (o == NULL) {
		fair_ridge_opts_init(&def);
		o = &def;
	}
	if (!(o->alpha >= 0.0) || !isfinite(o->alpha)) {
		fair_error_set(err, FAIR_EINVAL, "ridge: alpha must be >= 0 (alpha=%g)", o->alpha);
		return NULL;
	}
	if (model_check_input("ridge", X, y, w, false, &sumw, err) != FAIR_OK)
		return NULL;
	if (fair_progress_cancelled(prog)) {
		fair_error_set(err, FAIR_ECANCELED, "ridge: cancelled");
		return NULL;
	}
	if ((Z = gsl_matrix_alloc(n, d)) == NULL || (A = gsl_matrix_alloc(d, d)) == NULL ||
	    (xbar = gsl_vector_calloc(d)) == NULL || (rhs = gsl_vector_alloc(d)) == NULL ||
	    (zy = gsl_vector_alloc(n)) == NULL)
		goto nomem;
	if ((l = fair_learner_new(&fair_ridge_type, FAIR_TASK_REGRESSION, d, err)) == NULL)
		goto fail;
	if ((l->w = gsl_vector_alloc(d)) == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		double si = w ? w[i] : 1.0;
		const double *xi = gsl_matrix_const_ptr(X, i, 0);
		for (size_t j = 0; j < d; j++)
			xbar->data[j] += si * xi[j];
		ybar += si * y[i];
	}
	gsl_vector_scale(xbar, 1.0 / sumw);
	ybar /= sumw;
	/* rows sqrt(s_i) (x_i - xbar), sqrt(s_i) (y_i - ybar) */
	for (size_t i = 0; i < n; i++) {
		double sq = sqrt(w ? w[i] : 1.0);
		const double *xi = gsl_matrix_const_ptr(X, i, 0);
		double *zi = gsl_matrix_ptr(Z, i, 0);
		for (size_t j = 0; j < d; j++)
			zi[j] = sq * (xi[j] - xbar->data[j]);
		zy->data[i] = sq * (y[i] - ybar);
	}
	gsl_blas_dsyrk(CblasLower, CblasTrans, 1.0, Z, 0.0, A);
	gsl_blas_dgemv(CblasTrans, 1.0, Z, zy, 0.0, rhs);
	double tr = 0.0;
	for (size_t j = 0; j < d; j++) {
		for (size_t k = 0; k < j; k++)
			gsl_matrix_set(A, k, j, gsl_matrix_get(A, j, k));
		tr += gsl_matrix_get(A, j, j);
		*gsl_matrix_ptr(A, j, j) += o->alpha;
	}
	int st = gsl_linalg_cholesky_decomp1(A);
	/* a tiny pivot relative to the trace is singular in practice too */
	double minpiv = INFINITY;
	if (st == GSL_SUCCESS)
		for (size_t j = 0; j < d; j++)
			minpiv = fmin(minpiv, gsl_matrix_get(A, j, j));
	if (st != GSL_SUCCESS || !(minpiv * minpiv > 1e-13 * (tr + o->alpha * (double)d) / (double)d)) {
		fair_error_set(err, FAIR_ENUMERIC,
		               "ridge: singular system (collinear or constant features with alpha=%g); "
		               "use alpha > 0", o->alpha);
		goto fail;
	}
	gsl_vector_memcpy(l->w, rhs);
	gsl_linalg_cholesky_svx(A, l->w);
	double xw;
	gsl_blas_ddot(xbar, l->w, &xw);
	l->b = ybar - xw;
	l->converged = true;
	l->iterations = 1;
	fair_progress_set(prog, 1, 1, NAN, NAN);
	goto out;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "ridge: out of memory");
fail:
	fair_learner_free(l);
	l = NULL;
out:
	if (Z) gsl_matrix_free(Z);
	if (A) gsl_matrix_free(A);
	if (xbar) gsl_vector_free(xbar);
	if (rhs) gsl_vector_free(rhs);
	if (zy) gsl_vector_free(zy);
	return l;
}

/* ---- the learner type ------------------------------------------------------ */

static const fair_opt ridge_opts[] = {
	{ .name = "alpha", .type = FAIR_OPT_NUM, .offset = offsetof(fair_ridge_opts, alpha), .lo = 0, .hi = 1e12,
	  .help = "L2 penalty on the weights (0: least squares)" },
	{ .name = NULL }
};

static void
ridge_opts_init(void *o)
{
	fair_ridge_opts_init(o);
}

static fair_learner *
ridge_fit(const void *o, fair_fit_data *d, fair_progress *prog, fair_error *err)
{
	return fair_ridge_fit(d->X, d->y, d->w, o, prog, err);
}

/* Ridge on y - off: the offsets are part of the target. */
static fair_learner *
ridge_fit_offset(const void *o, fair_fit_data *d, const double *off, fair_progress *prog, fair_error *err)
{
	size_t n = d->X->size1;
	double *yr = malloc((n ? n : 1) * sizeof *yr);
	fair_learner *l;

	if (yr == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		yr[i] = d->y[i] - (off ? off[i] : 0.0);
	l = fair_ridge_fit(d->X, yr, d->w, o, prog, err);
	free(yr);
	return l;
}

const fair_learner_type fair_ridge_type = {
	.name = "ridge", .kind = "ridge",
	.help = "ridge regression (least squares with an L2 penalty)",
	.flags = FAIR_LEARNER_REGRESS | FAIR_LEARNER_PLAIN,
	.opts = ridge_opts, .opts_size = sizeof(fair_ridge_opts), .opts_init = ridge_opts_init,
	.fit = ridge_fit, .fit_offset = ridge_fit_offset,
};
