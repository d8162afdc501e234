/* indices.c -- the generalized entropy index of the benefits b = 1 + yhat - y
 * (Speicher et al. 2018, as AIF360 computes it), the Theil index, the
 * coefficient of variation and their between-group terms. The benefits take
 * three values per row and one per group, so every index is a sum over
 * counts. Consistency's neighbour search is in knn.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/indices.h"
#include "fairsh/spec.h"
#include "metric/metric-private.h"

/* f(r) of E(alpha) for one value r = b / mu */
static double
gei_term(double r, double alpha)
{
	if (alpha == 1)
		return r > 0 ? r * log(r) : 0.0;      /* the limit of r ln r */
	if (alpha == 0)
		return -log(r);                       /* +inf for r = 0 */
	return pow(r, alpha) - 1.0;               /* +inf for r = 0, alpha < 0 */
}

/* E(alpha) from the sum of the terms over weight n; the terms are > -1 or
 * +inf, so a NaN sum cannot come from inf - inf */
static double
gei_scale(double e, double n, double alpha)
{
	if (isnan(e))
		e = INFINITY;
	return alpha == 1 || alpha == 0 ? e / n : e / (n * alpha * (alpha - 1.0));
}

double
fair_gei_counts(const double *v, const double *c, size_t m, double alpha)
{
	fair__metric_sum N = { 0, 0 }, S = { 0, 0 }, E = { 0, 0 };

	for (size_t j = 0; j < m; j++) {
		fair__metric_add(&N, c[j]);
		fair__metric_add(&S, c[j] * v[j]);
	}
	double n = fair__metric_total(&N), mu = fair__metric_total(&S) / n;
	if (!(n > 0) || !(mu > 0))
		return NAN;
	for (size_t j = 0; j < m; j++)
		if (c[j] != 0)
			fair__metric_add(&E, c[j] * gei_term(v[j] / mu, alpha));
	return gei_scale(fair__metric_total(&E), n, alpha);
}

double
fair_gei(const double *b, size_t n, double alpha)
{
	fair__metric_sum S = { 0, 0 }, E = { 0, 0 };

	for (size_t i = 0; i < n; i++)
		fair__metric_add(&S, b[i]);
	double mu = fair__metric_total(&S) / (double)n;
	if (n == 0 || !(mu > 0))
		return NAN;
	for (size_t i = 0; i < n; i++)
		fair__metric_add(&E, gei_term(b[i] / mu, alpha));
	return gei_scale(fair__metric_total(&E), (double)n, alpha);
}

void
fair_indices_opts_init(fair_indices_opts *o)
{
	o->alpha = 2.0;
	o->n_neighbors = 5;
	o->prog = NULL;
}

void
fair_indices_release(fair_indices *r)
{
	if (r == NULL)
		return;
	free(r->group_benefit);
	free(r->group_n);
	r->group_benefit = NULL;
	r->group_n = NULL;
}

/* E(alpha), E(1) and sqrt(2 E(2)) of one population of values and counts */
static void
three(const double *v, const double *c, size_t m, double alpha, double *gei, double *theil, double *cv)
{
	*gei = fair_gei_counts(v, c, m, alpha);
	*theil = fair_gei_counts(v, c, m, 1.0);
	*cv = sqrt(2.0 * fair_gei_counts(v, c, m, 2.0));
}

int
fair_indices_compute(const fair_indices_input *in, const fair_indices_opts *o, fair_indices *out,
                     fair_error *err)
{
	fair_indices_opts def;
	double cnt3[3] = { 0, 0, 0 }, val3[3] = { 0, 1, 2 };
	double *sumb = NULL, *gc = NULL;
	bool neg;
	int st = FAIR_OK;

	memset(out, 0, sizeof *out);
	if (o == NULL) {
		fair_indices_opts_init(&def);
		o = &def;
	}
	if (in->n == 0)
		return fair_error_set(err, FAIR_EINVAL, "no rows to compute the indices on");
	if (in->K == 0)
		return fair_error_set(err, FAIR_EINVAL, "no groups to compute the indices on");
	if (!isfinite(o->alpha))
		return fair_error_set(err, FAIR_EINVAL, "alpha must be a finite number");
	neg = in->favorable == FAIR_FAVORABLE_NEGATIVE;
	out->n = in->n;
	out->K = in->K;
	out->alpha = o->alpha;
	sumb = calloc(in->K, sizeof *sumb);
	out->group_n = calloc(in->K, sizeof *out->group_n);
	out->group_benefit = calloc(in->K, sizeof *out->group_benefit);
	gc = calloc(in->K, sizeof *gc);
	if (sumb == NULL || gc == NULL || out->group_n == NULL || out->group_benefit == NULL) {
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < in->n; i++) {
		double y = in->y[i], p = in->yhat[i];
		int32_t g = in->group[i];
		if ((y != 0 && y != 1) || (p != 0 && p != 1)) {
			st = fair_error_set(err, FAIR_EINVAL, "row %zu: the %s is %g; the indices need 0/1", i + 1,
			                    y != 0 && y != 1 ? "target" : "decision", y != 0 && y != 1 ? y : p);
			goto fail;
		}
		if (g < 0 || (size_t)g >= in->K) {
			st = fair_error_set(err, FAIR_EINVAL, "row %zu: group %ld out of range [0, %zu)", i + 1, (long)g,
			                    in->K);
			goto fail;
		}
		/* AIF360: b = 1 + [yhat is favourable] - [y is favourable] */
		int b = neg ? 1 + (int)y - (int)p : 1 + (int)p - (int)y;
		cnt3[b] += 1;
		sumb[g] += b;          /* small integers: exact */
		out->group_n[g]++;
	}
	out->mean_benefit = (cnt3[1] + 2 * cnt3[2]) / (double)in->n;
	three(val3, cnt3, 3, o->alpha, &out->gei, &out->theil, &out->cv);
	for (size_t g = 0; g < in->K; g++) {
		out->group_benefit[g] = out->group_n[g] ? sumb[g] / (double)out->group_n[g] : NAN;
		gc[g] = (double)out->group_n[g];
	}
	/* empty groups have count 0 and add nothing; their NaN mean is skipped */
	for (size_t g = 0; g < in->K; g++)
		if (gc[g] == 0)
			sumb[g] = 0;
		else
			sumb[g] = out->group_benefit[g];
	three(sumb, gc, in->K, o->alpha, &out->between_all_gei, &out->between_all_theil, &out->between_all_cv);
	out->between_gei = out->between_theil = out->between_cv = NAN;
	if (in->privileged >= 0 && (size_t)in->privileged < in->K) {
		double v2[2], c2[2] = { 0, 0 }, s2[2] = { 0, 0 };
		for (size_t g = 0; g < in->K; g++) {
			int side = (long)g == in->privileged;
			c2[side] += gc[g];
			s2[side] += gc[g] * sumb[g];       /* = the group's sum of b: exact */
		}
		for (int k = 0; k < 2; k++)
			v2[k] = c2[k] > 0 ? s2[k] / c2[k] : 0.0;
		out->has_privileged = true;
		three(v2, c2, 2, o->alpha, &out->between_gei, &out->between_theil, &out->between_cv);
	}
	out->consistency = NAN;
	if (in->x != NULL) {
		double *yd = malloc(in->n * sizeof *yd);
		if (yd == NULL) {
			st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
			goto fail;
		}
		for (size_t i = 0; i < in->n; i++)
			yd[i] = in->yhat[i];
		st = fair_consistency(in->x, in->n, in->d, yd, o->n_neighbors, o->prog, &out->consistency, err);
		free(yd);
		if (st)
			goto fail;
		out->has_consistency = true;
		out->n_neighbors = o->n_neighbors;
	}
	free(sumb);
	free(gc);
	return FAIR_OK;
fail:
	free(sumb);
	free(gc);
	fair_indices_release(out);
	return st;
}
