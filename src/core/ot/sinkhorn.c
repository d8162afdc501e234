/* sinkhorn.c -- the debiased Sinkhorn divergence between two point clouds
 * (doc/methods.md 6.1): options, input checks, and the choice of solver: the
 * default alternating one (sinkhorn-solve.c) or the literal averaged one
 * (sinkhorn-sweep.c). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdbool.h>

#include "ot/ot-private.h"

void
fair_sinkhorn_opts_init(fair_sinkhorn_opts *o)
{
	o->eps = 0.1;
	o->scaling = 0.5;
	o->max_iter = 1000;
	o->tol = 1e-6;
	o->p = 2;
	o->threads = 1;
	o->alternate = true;
}

static int
check_input(const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *gA,
            const gsl_matrix *gB, const char *what, fair_error *err)
{
	int rc = fair__ot_check_pair(A, B, gA, gB, what, err);

	if (rc != FAIR_OK)
		return rc;
	for (size_t i = 0; i < A->size1; i++)
		for (size_t k = 0; k < A->size2; k++)
			if (!isfinite(gsl_matrix_get(A, i, k)))
				return fair_error_set(err, FAIR_EINVAL, "%s: first cloud has a non-finite value in row %zu",
				                      what, i);
	for (size_t i = 0; i < B->size1; i++)
		for (size_t k = 0; k < B->size2; k++)
			if (!isfinite(gsl_matrix_get(B, i, k)))
				return fair_error_set(err, FAIR_EINVAL, "%s: second cloud has a non-finite value in row %zu",
				                      what, i);
	return FAIR_OK;
}

int
fair_sinkhorn_divergence_ex(const gsl_matrix *A, const gsl_matrix *B,
                            const fair_sinkhorn_opts *opts, bool debias,
                            double *value, gsl_matrix *grad_A, gsl_matrix *grad_B,
                            fair_sinkhorn_info *info, fair_error *err)
{
	fair_sinkhorn_opts o;
	if (opts)
		o = *opts;
	else
		fair_sinkhorn_opts_init(&o);
	int rc = check_input(A, B, grad_A, grad_B, "sinkhorn", err);
	if (rc)
		return rc;
	if (!(o.eps > 0.0) || !isfinite(o.eps))
		return fair_error_set(err, FAIR_EINVAL, "sinkhorn: eps is %g; expected a positive number", o.eps);
	if (!(o.scaling > 0.0 && o.scaling < 1.0))
		return fair_error_set(err, FAIR_EINVAL, "sinkhorn: scaling is %g; expected a number in (0,1)",
		                      o.scaling);
	if (o.p != 1 && o.p != 2)
		return fair_error_set(err, FAIR_EINVAL, "sinkhorn: cost exponent p is %d; expected 1 or 2", o.p);
	if (!(o.tol > 0.0))
		return fair_error_set(err, FAIR_EINVAL, "sinkhorn: tol is %g; expected a positive number", o.tol);

	if (o.alternate)
		return fair__ot_ski_divergence(A, B, &o, debias, value, grad_A, grad_B, info, err);
	return fair__ot_ski_averaged(A, B, &o, debias, value, grad_A, grad_B, info, err);
}

int
fair_sinkhorn_divergence(const gsl_matrix *A, const gsl_matrix *B,
                         const fair_sinkhorn_opts *o, double *value,
                         gsl_matrix *grad_A, gsl_matrix *grad_B, fair_error *err)
{
	return fair_sinkhorn_divergence_ex(A, B, o, true, value, grad_A, grad_B, NULL, err);
}
