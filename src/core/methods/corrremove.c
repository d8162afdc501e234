/* corrremove.c -- Fairlearn's CorrelationRemover for a categorical
 * sensitive attribute: the features' linear dependence on the group
 * indicators is projected out, blended with the original by alpha. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "methods/methods-private.h"
#include "fairsh/param.h"

struct fair_corrremove {
	size_t K, d;
	double alpha;
	double *shift;   /* K x d: group mean minus overall mean (training rows) */
};

void
fair_corrremove_free(fair_corrremove *c)
{
	if (c == NULL)
		return;
	free(c->shift);
	free(c);
}

static fair_corrremove *
cr_new(size_t K, size_t d, double alpha, fair_error *err)
{
	fair_corrremove *c = calloc(1, sizeof *c);

	if (c == NULL || (c->shift = calloc(K * d + 1, sizeof *c->shift)) == NULL) {
		fair_corrremove_free(c);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	c->K = K;
	c->d = d;
	c->alpha = alpha;
	return c;
}

fair_corrremove *
fair_corrremove_fit(const gsl_matrix *X, const int32_t *group, size_t K, double alpha, fair_error *err)
{
	size_t n = X->size1, d = X->size2, m = 0;
	double *cnt = calloc(K + 1, sizeof *cnt), *mean = calloc(d + 1, sizeof *mean);
	fair_corrremove *c = NULL;

	if (cnt == NULL || mean == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	if (!(alpha >= 0 && alpha <= 1)) {
		fair_error_set(err, FAIR_EINVAL, "alpha must be between 0 and 1, not %g", alpha);
		goto out;
	}
	if ((c = cr_new(K, d, alpha, err)) == NULL)
		goto out;
	/* The least-squares fit of X on the centred one-hot group indicators S
	 * (Fairlearn: beta = lstsq(S - mean S, X)) predicts each row by its
	 * group's mean minus the overall mean (the indicators span exactly the
	 * group means), so X - (S - mean S) beta = X - (mean_g - mean). Rows
	 * without a group have centred indicators 0 and are left out of the fit
	 * (Fairlearn requires the attribute on every row). */
	for (size_t i = 0; i < n; i++) {
		if (group[i] < 0)
			continue;
		if ((size_t)group[i] >= K) {
			fair_error_set(err, FAIR_EINVAL, "group code %d in row %zu is out of range (K = %zu)", (int)group[i], i, K);
			fair_corrremove_free(c);
			c = NULL;
			goto out;
		}
		const double *row = gsl_matrix_const_ptr(X, i, 0);
		double *sg = c->shift + (size_t)group[i] * d;
		for (size_t j = 0; j < d; j++) {
			sg[j] += row[j];
			mean[j] += row[j];
		}
		cnt[group[i]] += 1;
		m++;
	}
	if (m == 0) {
		fair_error_set(err, FAIR_EINVAL, "the correlation remover needs rows with a group");
		fair_corrremove_free(c);
		c = NULL;
		goto out;
	}
	for (size_t j = 0; j < d; j++)
		mean[j] /= (double)m;
	for (size_t g = 0; g < K; g++)
		for (size_t j = 0; j < d; j++)
			c->shift[g * d + j] = cnt[g] > 0 ? c->shift[g * d + j] / cnt[g] - mean[j] : 0;
out:
	free(cnt);
	free(mean);
	return c;
}

gsl_matrix *
fair_corrremove_apply(const fair_corrremove *c, const gsl_matrix *X, const int32_t *group, fair_error *err)
{
	gsl_matrix *Z;

	if (X->size2 != c->d) {
		fair_error_set(err, FAIR_EINVAL, "the correlation remover expects %zu features, not %zu", c->d, X->size2);
		return NULL;
	}
	if ((Z = gsl_matrix_alloc(X->size1, X->size2)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	gsl_matrix_memcpy(Z, X);
	for (size_t i = 0; i < X->size1; i++) {
		if (group[i] < 0 || (size_t)group[i] >= c->K)
			continue;
		double *row = gsl_matrix_ptr(Z, i, 0);
		const double *sg = c->shift + (size_t)group[i] * c->d;
		/* alpha (x - s) + (1 - alpha) x */
		for (size_t j = 0; j < c->d; j++)
			row[j] -= c->alpha * sg[j];
	}
	return Z;
}

double fair_corrremove_alpha(const fair_corrremove *c) { return c->alpha; }
size_t fair_corrremove_dim(const fair_corrremove *c) { return c->d; }

int
fair_corrremove_export(const fair_corrremove *c, fair_param *out, fair_error *err)
{
	fair_param_add_num(out, "alpha", c->alpha);
	fair_param_add_int(out, "groups", (int64_t)c->K);
	fair_param_add_int(out, "d", (int64_t)c->d);
	fair_param_add_vec(out, "shift", c->shift, c->K * c->d);
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

fair_corrremove *
fair_corrremove_import(const fair_param *in, fair_error *err)
{
	double alpha;
	size_t K, d, n;
	const double *v;
	fair_corrremove *c;

	if (fair_param_num(in, "alpha", &alpha, err) || fair_param_size(in, "groups", &K, err) ||
	    fair_param_size(in, "d", &d, err) || (v = fair_param_vec(in, "shift", &n, err)) == NULL)
		return NULL;
	if (n != K * d || K == 0 || d == 0 || !(alpha >= 0 && alpha <= 1)) {
		fair_error_set(err, FAIR_EPARSE, "saved data: correlation remover with %zu values for %zu groups x %zu features",
		               n, K, d);
		return NULL;
	}
	if ((c = cr_new(K, d, alpha, err)) == NULL)
		return NULL;
	memcpy(c->shift, v, n * sizeof *v);
	return c;
}
