/* distances.c -- distances between the groups' distributions of a
 * score or prediction (the audit's distances=yes): exact 1-D Wasserstein-1
 * on all values, unbiased MMD^2 and the debiased Sinkhorn divergence on
 * quantile summaries of at most max_points points per group. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "ot/ot-private.h"

void
fair_group_distance_opts_init(fair_group_distance_opts *o)
{
	o->max_points = 500;
	o->bandwidth = 0.0;
	o->blur = 0.0;
	o->threads = 2;
	o->prog = NULL;
}

/* Q points summarising the sorted values s[0..n): all of them when n <= Q,
 * else the sorted values at floor((k + 1/2) n / Q), k < Q. */
static size_t
summary(const double *s, size_t n, size_t Q, double *out)
{
	if (n <= Q) {
		memcpy(out, s, n * sizeof *s);
		return n;
	}
	for (size_t k = 0; k < Q; k++)
		out[k] = s[(size_t)floor(((double)k + 0.5) * (double)n / (double)Q)];
	return Q;
}

int
fair_group_distances(const double *v, const int32_t *group, const size_t *rows, size_t n,
                     size_t K, const fair_group_distance_opts *opts,
                     fair_group_distance **out, size_t *nout, double *bw_used,
                     double *eps_used, fair_error *err)
{
	fair_group_distance_opts o;
	if (opts)
		o = *opts;
	else
		fair_group_distance_opts_init(&o);
	*out = NULL;
	*nout = 0;
	if (K < 2)
		return fair_error_set(err, FAIR_EINVAL, "distances: need at least 2 groups, got %zu", K);
	if (o.max_points < 2)
		return fair_error_set(err, FAIR_EINVAL, "distances: max_points is %zu; expected at least 2",
		                      o.max_points);
	if (!isfinite(o.bandwidth) || !isfinite(o.blur))
		return fair_error_set(err, FAIR_EINVAL, "distances: bandwidth and blur must be finite");

	int rc = FAIR_ENOMEM;
	size_t *cnt = calloc(K + 1, sizeof *cnt), *off = calloc(K + 1, sizeof *off);
	size_t *fill = calloc(K, sizeof *fill), *poff = calloc(K + 1, sizeof *poff);
	double *vals = malloc((n ? n : 1) * sizeof *vals);
	double *pts = NULL;
	fair_group_distance *res = NULL;
	if (!cnt || !off || !fill || !poff || !vals) {
		fair_error_set(err, FAIR_ENOMEM, "distances: out of memory");
		goto done;
	}
	/* values by group, sorted */
	for (size_t i = 0; i < n; i++) {
		size_t r = rows ? rows[i] : i;
		if (group[r] >= 0 && (size_t)group[r] < K && isfinite(v[r]))
			cnt[group[r]]++;
	}
	for (size_t k = 0; k < K; k++)
		off[k + 1] = off[k] + cnt[k];
	for (size_t i = 0; i < n; i++) {
		size_t r = rows ? rows[i] : i;
		if (group[r] >= 0 && (size_t)group[r] < K && isfinite(v[r]))
			vals[off[group[r]] + fill[group[r]]++] = v[r];
	}
	size_t total = off[K];
	for (size_t k = 0; k < K; k++)
		gsl_sort(vals + off[k], 1, cnt[k]);
	/* summaries */
	for (size_t k = 0; k < K; k++)
		poff[k + 1] = poff[k] + (cnt[k] < o.max_points ? cnt[k] : o.max_points);
	pts = malloc((poff[K] ? poff[K] : 1) * sizeof *pts);
	if (!pts) {
		fair_error_set(err, FAIR_ENOMEM, "distances: out of memory");
		goto done;
	}
	for (size_t k = 0; k < K; k++)
		summary(vals + off[k], cnt[k], o.max_points, pts + poff[k]);
	/* common bandwidth and blur */
	double bw = o.bandwidth, blur = o.blur;
	if (!(blur > 0.0)) {
		double sd = total >= 2 ? gsl_stats_sd(vals, 1, total) : 0.0;
		blur = sd > 0.0 ? 0.2 * sd : 1e-12;
	}
	if (!(bw > 0.0)) {
		if (poff[K] < 2) {
			bw = 1.0;
		} else {
			gsl_matrix_view pv = gsl_matrix_view_array(pts, poff[K], 1);
			if ((rc = fair_median_bandwidth(&pv.matrix, NULL, &bw, err)) != FAIR_OK)
				goto done;
		}
	}
	size_t npairs = 0, ngood = 0;
	for (size_t k = 0; k < K; k++)
		ngood += cnt[k] >= 2;
	if (ngood > FAIR_GROUP_DISTANCE_MAX_GROUPS) {
		rc = fair_error_set(err, FAIR_EINVAL,
		                    "distances: %zu groups would give %zu pairs; at most %d groups (%d pairs) are compared",
		                    ngood, ngood * (ngood - 1) / 2, FAIR_GROUP_DISTANCE_MAX_GROUPS,
		                    FAIR_GROUP_DISTANCE_MAX_GROUPS * (FAIR_GROUP_DISTANCE_MAX_GROUPS - 1) / 2);
		goto done;
	}
	for (size_t a = 0; a < K; a++)
		for (size_t b = a + 1; b < K; b++)
			if (cnt[a] >= 2 && cnt[b] >= 2)
				npairs++;
	res = calloc(npairs ? npairs : 1, sizeof *res);
	if (!res) {
		fair_error_set(err, FAIR_ENOMEM, "distances: out of memory");
		rc = FAIR_ENOMEM;
		goto done;
	}
	fair_sinkhorn_opts so;
	fair_sinkhorn_opts_init(&so);
	so.eps = blur * blur;
	so.threads = o.threads;
	so.max_iter = 100000;
	size_t q = 0;
	for (size_t a = 0; a < K; a++)
		for (size_t b = a + 1; b < K; b++) {
			if (cnt[a] < 2 || cnt[b] < 2)
				continue;
			if (fair_progress_cancelled(o.prog)) {
				rc = fair_error_set(err, FAIR_ECANCELED, "distances: cancelled");
				goto done;
			}
			fair_progress_set(o.prog, q, npairs, NAN, NAN);
			fair_group_distance *d = &res[q++];
			d->a = a;
			d->b = b;
			d->na = cnt[a];
			d->nb = cnt[b];
			d->pa = poff[a + 1] - poff[a];
			d->pb = poff[b + 1] - poff[b];
			d->w1 = fair_ot1d_wp_sorted(vals + off[a], cnt[a], vals + off[b], cnt[b], 1.0);
			gsl_matrix_view A = gsl_matrix_view_array(pts + poff[a], d->pa, 1);
			gsl_matrix_view B = gsl_matrix_view_array(pts + poff[b], d->pb, 1);
			if ((rc = fair_mmd2(&A.matrix, &B.matrix, bw, true, &d->mmd2, NULL, NULL, NULL, err)) != FAIR_OK)
				goto done;
			if ((rc = fair_sinkhorn_divergence(&A.matrix, &B.matrix, &so, &d->sinkhorn, NULL, NULL, err)) !=
			    FAIR_OK)
				goto done;
		}
	*out = res;
	*nout = npairs;
	res = NULL;
	if (bw_used)
		*bw_used = bw;
	if (eps_used)
		*eps_used = so.eps;
	rc = FAIR_OK;
done:
	free(res);
	free(pts);
	free(vals);
	free(cnt);
	free(off);
	free(fill);
	free(poff);
	return rc;
}
