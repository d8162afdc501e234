/* fairrep-new.c -- fair representation learning's options, the checks of
 * its inputs and the construction of an untrained model (the parameter
 * count and the initial weights) and its release; the training is in
 * fairrep.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "methods/methods-private.h"

void
fair_fairrep_opts_init(fair_fairrep_opts *o)
{
	o->divergence = FAIR_DIV_MMD;
	o->lambda = 1.0;
	o->family = FAIR_REP_MLP2;
	o->act = FAIR_ACT_TANH;
	o->hidden = 64;
	o->dim = 16;
	o->epochs = 100;
	o->batch = 256;
	o->lr = 1e-3;
	o->weight_decay = 1e-4;
	o->bandwidth = 0.0;
	o->unbiased = false;
	o->epsilon = 0.05;
	o->sinkhorn_iter = 50;
	o->sinkhorn_tol = 1e-4;
	o->seed = 1;
}

int
fair__methods_fairrep_validate(const gsl_matrix *X, const double *const *Y, const int *kinds, size_t T,
             const int32_t *group, size_t K, const fair_fairrep_opts *o, fair_error *err)
{
	if (!X || X->size1 < 2 || X->size2 == 0)
		return fair_error_set(err, FAIR_EINVAL, "fairrep: needs at least 2 rows and 1 feature");
	if (T == 0 || !Y || !kinds)
		return fair_error_set(err, FAIR_EINVAL, "fairrep: needs at least one task");
	if (K < 2 || !group)
		return fair_error_set(err, FAIR_EINVAL, "fairrep: needs a sensitive attribute with at least 2 groups");
	if (o->divergence < FAIR_DIV_MMD || o->divergence > FAIR_DIV_MEAN)
		return fair_error_set(err, FAIR_EINVAL, "fairrep: divergence %d is unknown; expected mmd, sinkhorn or mean",
		                      o->divergence);
	if (o->family < FAIR_REP_LINEAR || o->family > FAIR_REP_MLP2)
		return fair_error_set(err, FAIR_EINVAL, "fairrep: family %d is unknown; expected linear, mlp1 or mlp2",
		                      o->family);
	if (o->act != FAIR_ACT_TANH && o->act != FAIR_ACT_RELU)
		return fair_error_set(err, FAIR_EINVAL, "fairrep: activation %d is unknown; expected tanh or relu", o->act);
	if (o->dim == 0 || (o->family == FAIR_REP_MLP2 && o->hidden == 0))
		return fair_error_set(err, FAIR_EINVAL, "fairrep: dim and hidden must be at least 1");
	if (o->batch < 4)
		return fair_error_set(err, FAIR_EINVAL, "fairrep: batch is %zu; expected at least 4", o->batch);
	if (!(o->lr > 0.0) || !isfinite(o->lr))
		return fair_error_set(err, FAIR_EINVAL, "fairrep: lr is %g; expected a positive number", o->lr);
	if (!(o->lambda >= 0.0) || !isfinite(o->lambda))
		return fair_error_set(err, FAIR_EINVAL, "fairrep: lambda is %g; expected a number >= 0", o->lambda);
	if (!(o->weight_decay >= 0.0))
		return fair_error_set(err, FAIR_EINVAL, "fairrep: weight_decay is %g; expected a number >= 0",
		                      o->weight_decay);
	if (o->divergence == FAIR_DIV_SINKHORN && !(o->epsilon > 0.0))
		return fair_error_set(err, FAIR_EINVAL, "fairrep: epsilon is %g; expected a positive number", o->epsilon);
	/* the MMD kernel divides by 2 h^2: below ~1e-154 h^2 underflows and
	 * every kernel value is 0/0 (the objective then failed with "try a
	 * smaller lr", which does not help) */
	if (o->divergence == FAIR_DIV_MMD && o->bandwidth > 0.0 && !(o->bandwidth * o->bandwidth >= 1e-300))
		return fair_error_set(err, FAIR_EINVAL, "fairrep: bandwidth=%g is too small: its square underflows; use at "
		                      "least 1e-150, or 0 for the median heuristic", o->bandwidth);
	size_t n = X->size1;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < X->size2; k++)
			if (!isfinite(gsl_matrix_get(X, i, k)))
				return fair_error_set(err, FAIR_EINVAL, "fairrep: feature %zu of row %zu is not finite", k, i);
	for (size_t t = 0; t < T; t++) {
		if (kinds[t] != FAIR_TASK_CLASSIFICATION && kinds[t] != FAIR_TASK_REGRESSION)
			return fair_error_set(err, FAIR_EINVAL, "fairrep: task %zu has unknown kind %d", t, kinds[t]);
		size_t nl = 0;
		for (size_t i = 0; i < n; i++) {
			double y = Y[t][i];
			if (isnan(y))
				continue;
			nl++;
			if (kinds[t] == FAIR_TASK_CLASSIFICATION && y != 0.0 && y != 1.0)
				return fair_error_set(err, FAIR_EINVAL,
				                      "fairrep: task %zu row %zu has label %g; expected 0 or 1", t, i, y);
			if (!isfinite(y))
				return fair_error_set(err, FAIR_EINVAL, "fairrep: task %zu row %zu target is not finite", t, i);
		}
		if (nl == 0)
			return fair_error_set(err, FAIR_EINVAL, "fairrep: task %zu has no labelled rows", t);
	}
	size_t *cnt = calloc(K, sizeof *cnt);
	if (!cnt)
		return fair_error_set(err, FAIR_ENOMEM, "fairrep: out of memory");
	int rc = FAIR_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		if (group[i] < -1 || group[i] >= (int32_t)K)
			rc = fair_error_set(err, FAIR_EINVAL, "fairrep: row %zu has group %d; expected -1 or 0..%zu", i,
			                    (int)group[i], K - 1);
		else if (group[i] >= 0)
			cnt[group[i]]++;
	}
	for (size_t g = 0; g < K && !rc; g++)
		if (cnt[g] < 2)
			rc = fair_error_set(err, FAIR_EINVAL, "fairrep: group %zu has %zu rows; expected at least 2", g,
			                    cnt[g]);
	free(cnt);
	return rc;
}

bool
fair_repi_nparam(size_t d, const fair_fairrep_opts *o, size_t T, size_t *n)
{
	size_t in[2], out[2], nl, total = 0, a;

	if (o->family == FAIR_REP_MLP2) {
		nl = 2;
		in[0] = d, out[0] = o->hidden;
		in[1] = o->hidden, out[1] = o->dim;
	} else {
		nl = 1;
		in[0] = d, out[0] = o->dim;
	}
	for (size_t l = 0; l < nl; l++)
		if (!fair_size_mul(in[l], out[l], &a) || !fair_size_add(total, a, &total) ||
		    !fair_size_add(total, out[l], &total))
			return false;
	/* the heads: T x (dim + 1); Adam keeps two more of every parameter */
	if (!fair_size_add(o->dim, 1, &a) || !fair_size_mul(T, a, &a) || !fair_size_add(total, a, &total) ||
	    total > SIZE_MAX / (3 * sizeof(double)))
		return false;
	*n = total;
	return true;
}

/* Structure and initial parameters (Glorot uniform weights, zero biases;
 * all zero without @rng). */
fair_fairrep *
fair_repi_new(size_t d, const int *kinds, size_t T, size_t K, const fair_fairrep_opts *o, gsl_rng *rng)
{
	size_t nparam;
	if (!fair_repi_nparam(d, o, T, &nparam))
		return NULL;
	fair_fairrep *rep = calloc(1, sizeof *rep);
	if (!rep)
		return NULL;
	rep->o = *o;
	rep->d = d;
	rep->r = o->dim;
	rep->T = T;
	rep->K = K;
	rep->bandwidth = o->bandwidth;
	rep->final_div = NAN;
	size_t off = 0;
	if (o->family == FAIR_REP_MLP2) {
		rep->nlayer = 2;
		rep->L[0] = (struct layer){ d, o->hidden, 0, 0, o->act };
		rep->L[1] = (struct layer){ o->hidden, o->dim, 0, 0, o->act };
	} else {
		rep->nlayer = 1;
		rep->L[0] = (struct layer){ d, o->dim, 0, 0, o->family == FAIR_REP_LINEAR ? ACT_NONE : o->act };
	}
	for (size_t l = 0; l < rep->nlayer; l++) {
		rep->L[l].w_off = off;
		off += rep->L[l].in * rep->L[l].out;
		rep->L[l].b_off = off;
		off += rep->L[l].out;
	}
	rep->head_off = off;
	rep->nparam = nparam;
	rep->theta = calloc(rep->nparam, sizeof *rep->theta);
	rep->kinds = malloc(T * sizeof *rep->kinds);
	rep->ymean = calloc(T, sizeof *rep->ymean);
	rep->ysd = malloc(T * sizeof *rep->ysd);
	size_t ep = o->epochs ? o->epochs : 1;
	rep->loss_hist = calloc(ep, sizeof *rep->loss_hist);
	rep->div_hist = calloc(ep, sizeof *rep->div_hist);
	if (!rep->theta || !rep->kinds || !rep->ymean || !rep->ysd || !rep->loss_hist || !rep->div_hist) {
		fair_fairrep_free(rep);
		return NULL;
	}
	memcpy(rep->kinds, kinds, T * sizeof *kinds);
	for (size_t t = 0; t < T; t++)
		rep->ysd[t] = 1.0;
	if (rng == NULL)
		return rep;   /* fair_fairrep_import fills the parameters */
	for (size_t l = 0; l < rep->nlayer; l++) {
		double a = sqrt(6.0 / (double)(rep->L[l].in + rep->L[l].out));
		for (size_t q = 0; q < rep->L[l].in * rep->L[l].out; q++)
			rep->theta[rep->L[l].w_off + q] = a * (2.0 * gsl_rng_uniform(rng) - 1.0);
	}
	double a = sqrt(6.0 / (double)(o->dim + 1));
	for (size_t t = 0; t < T; t++)
		for (size_t k = 0; k < o->dim; k++)
			rep->theta[rep->head_off + t * (o->dim + 1) + k] = a * (2.0 * gsl_rng_uniform(rng) - 1.0);
	return rep;
}

void
fair_fairrep_free(fair_fairrep *rep)
{
	if (!rep)
		return;
	free(rep->theta);
	free(rep->kinds);
	free(rep->ymean);
	free(rep->ysd);
	free(rep->loss_hist);
	free(rep->div_hist);
	free(rep);
}
