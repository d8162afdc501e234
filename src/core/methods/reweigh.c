/* reweigh.c -- reweighing (Kamiran & Calders 2012), plus the
 * row-keyed Bernoulli draw the randomised classifiers of the methods share. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "methods/methods-private.h"

double
fair_random_draw(double p, uint64_t seed, uint64_t key)
{
	if (isnan(p))
		return NAN;
	if (p <= 0)
		return 0.0;
	if (p >= 1)
		return 1.0;
	/* two rounds so that nearby seeds and keys give unrelated numbers */
	uint64_t h = fair_splitmix64(fair_splitmix64(seed) ^ key);
	double u = (double)(h >> 11) * 0x1.0p-53;
	return u < p ? 1.0 : 0.0;
}

int
fair_reweigh(const double *y, const int32_t *group, size_t n, size_t K,
             const char *const *labels, double *w, fair_error *err)
{
	size_t *cnt = calloc(2 * (K ? K : 1), sizeof *cnt);   /* cnt[2g + y] */
	size_t ny[2] = { 0, 0 }, nv = 0;
	int st = FAIR_OK;

	if (cnt == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (y[i] != 0.0 && y[i] != 1.0) {
			st = fair_error_set(err, FAIR_EINVAL, "reweighing needs labels 0 or 1; row %zu has %g", i, y[i]);
			goto out;
		}
		if (group[i] < 0)
			continue;
		if ((size_t)group[i] >= K) {
			st = fair_error_set(err, FAIR_EINVAL, "group code %d in row %zu is out of range (K = %zu)",
			                    (int)group[i], i, K);
			goto out;
		}
		cnt[2 * (size_t)group[i] + (size_t)y[i]]++;
		ny[(size_t)y[i]]++;
		nv++;
	}
	if (nv == 0) {
		st = fair_error_set(err, FAIR_EINVAL, "reweighing needs rows with a group; every group is missing");
		goto out;
	}
	for (size_t g = 0; g < K; g++) {
		size_t ng = cnt[2 * g] + cnt[2 * g + 1];
		if (ng > 0 && (cnt[2 * g] == 0 || cnt[2 * g + 1] == 0)) {
			char num[32];
			const char *name = labels ? labels[g] : num;
			snprintf(num, sizeof num, "%zu", g);
			st = fair_error_set(err, FAIR_EINVAL, "group '%s' has no rows with label %d; reweighing cannot make "
			                    "label and group independent", name, cnt[2 * g] == 0 ? 0 : 1);
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (group[i] < 0) {
			w[i] = 1.0;
			continue;
		}
		size_t g = (size_t)group[i], c = (size_t)y[i];
		size_t ng = cnt[2 * g] + cnt[2 * g + 1];
		/* w = n_g n_y / (n n_gy), AIF360's Reweighing */
		w[i] = ((double)ng * (double)ny[c]) / ((double)nv * (double)cnt[2 * g + c]);
	}
out:
	free(cnt);
	return st;
}
