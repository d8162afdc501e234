/* regression.c -- the regression audit: per-group MSE, MAE, means, overall
 * R^2, and the distributional fairness metrics (KS unfairness, W1, W2 over
 * pairs of groups, doc/methods.md 2.5-2.6, via ot-private.h) with their
 * stratified bootstrap (resampled by counting, so no re-sorting). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>

#include "ot/ot-private.h"
#include "metric/metric-private.h"

typedef struct pw { double p, w; } pw;

static int
cmp_pw(const void *a, const void *b)
{
	double x = ((const pw *)a)->p, z = ((const pw *)b)->p;
	return (x > z) - (x < z);
}

/* KS, W1, W2 (max over pairs) and the mean difference from sorted group
 * samples s[off[k]..off[k+1]) and group means mean[k] (NaN = no rows). */
static void
reg_metrics(size_t K, const size_t *off, const double *s, const double *mean,
            const double *nw, fair_metric_value *m)
{
	for (int id = FAIR_M_KS; id <= FAIR_M_MEAN_DIFF; id++)
		fair__metric_metric_reset(&m[id]);
	for (size_t a = 0; a < K; a++) {
		size_t na = off[a + 1] - off[a];
		if (na == 0)
			continue;
		for (size_t b = a + 1; b < K; b++) {
			size_t nb = off[b + 1] - off[b];
			if (nb == 0)
				continue;
			const double *A = s + off[a], *B = s + off[b];
			double v[3];
			v[0] = fair_ot1d_ks_sorted(A, na, B, nb);
			v[1] = fair_ot1d_wp_sorted(A, na, B, nb, 1.0);
			v[2] = sqrt(fair_ot1d_wp_sorted(A, na, B, nb, 2.0));
			for (int j = 0; j < 3; j++) {
				fair_metric_value *x = &m[FAIR_M_KS + j];
				if (x->ga == FAIR_GROUP_NONE || v[j] > x->value) {
					x->value = v[j];
					x->ga = (long)a;
					x->gb = (long)b;
					x->da = (double)na;
					x->db = (double)nb;
				}
			}
		}
	}
	fair_metric_value *md = &m[FAIR_M_MEAN_DIFF];
	long gmax = -1, gmin = -1;
	for (size_t k = 0; k < K; k++) {
		if (isnan(mean[k]))
			continue;
		if (gmax < 0 || mean[k] > mean[gmax])
			gmax = (long)k;
		/* ties: two different groups, never "b vs b" */
		if (gmin < 0 || mean[k] < mean[gmin] || (mean[k] == mean[gmin] && gmin == gmax))
			gmin = (long)k;
	}
	if (gmax >= 0 && gmax != gmin) {
		md->value = mean[gmax] - mean[gmin];
	} else if (gmax >= 0) {
		md->value = 0;   /* every group with rows has the same mean */
	}
	md->fig = FAIR_FIG_MEAN_PREDICTION;
	md->ga = gmax;
	md->gb = gmin;
	if (gmax >= 0) {
		md->va = mean[gmax];
		md->vb = mean[gmin];
		md->da = nw[gmax];
		md->db = nw[gmin];
	}
}

static int
reg_boot(const fair_audit_input *in, const fair_audit_opts *o, fair_report *r,
         const size_t *off, const pw *sorted, fair_error *err)
{
	size_t B = o->bootstrap, K = in->K, N = off[K];
	double *vals = malloc(B * FAIR_METRIC_COUNT * sizeof *vals);
	double *rs = malloc((N > 0 ? N : 1) * sizeof *rs);
	size_t *cnt = malloc((N > 0 ? N : 1) * sizeof *cnt);
	double *mean = malloc(K * sizeof *mean), *nw = malloc(K * sizeof *nw);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	fair_metric_value m[FAIR_METRIC_COUNT];
	int st = FAIR_OK;

	if (vals == NULL || rs == NULL || cnt == NULL || mean == NULL || nw == NULL ||
	    rng == NULL) {
		st = fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
		goto out;
	}
	gsl_rng_set(rng, o->seed);
	for (size_t b = 0; b < B; b++) {
		if (fair_progress_cancelled(o->prog)) {
			st = fair_error_set(err, FAIR_ECANCELED, "audit: bootstrap cancelled");
			goto out;
		}
		for (size_t k = 0; k < K; k++) {
			size_t m0 = off[k], mk = off[k + 1] - off[k], t = m0;
			fair__metric_sum sw = { 0, 0 }, swp = { 0, 0 };
			memset(cnt + m0, 0, mk * sizeof *cnt);
			for (size_t j = 0; j < mk; j++)
				cnt[m0 + gsl_rng_uniform_int(rng, mk)]++;
			/* the resample of a sorted sample, in order: repeat by count */
			for (size_t j = m0; j < m0 + mk; j++) {
				for (size_t c = 0; c < cnt[j]; c++)
					rs[t++] = sorted[j].p;
				if (cnt[j] > 0) {
					fair__metric_add(&sw, (double)cnt[j] * sorted[j].w);
					fair__metric_add(&swp, (double)cnt[j] * sorted[j].w * sorted[j].p);
				}
			}
			nw[k] = fair__metric_total(&sw);
			mean[k] = nw[k] > 0 ? fair__metric_total(&swp) / nw[k] : NAN;
		}
		reg_metrics(K, off, rs, mean, nw, m);
		for (int id = 0; id < FAIR_METRIC_COUNT; id++)
			vals[(size_t)id * B + b] = m[id].value;
		fair_progress_set(o->prog, b + 1, B, NAN, NAN);
	}
	fair__metric_boot_intervals(in->task, o->ci_level, vals, B, r, false);
out:
	free(vals);
	free(rs);
	free(cnt);
	free(mean);
	free(nw);
	if (rng != NULL)
		gsl_rng_free(rng);
	return st;
}

int
fair__metric_regression(const fair_audit_input *in, const fair_audit_opts *o, fair_report *r,
                   fair_error *err)
{
	size_t N = fair__metric_nrows(in), K = in->K;
	size_t *off = NULL, *idx = NULL;
	pw *sorted = NULL;
	double *s = NULL, *mean = NULL, *nw = NULL;
	int st = FAIR_OK;

	/* validation pass (errors name the row); counts skipped rows */
	for (size_t i = 0; i < N; i++) {
		if ((i & (((size_t)1 << 20) - 1)) == 0 && fair_progress_cancelled(o->prog))
			return fair_error_set(err, FAIR_ECANCELED, "audit: cancelled");
		if (fair__metric_row_check(in, r, fair__metric_row(in, i), err) < 0)
			return err != NULL ? err->code : FAIR_EINVAL;
	}
	if ((st = fair__metric_group_rows(in, o->threshold, &off, &idx, err)) != FAIR_OK)
		return st;
	sorted = malloc((off[K] > 0 ? off[K] : 1) * sizeof *sorted);
	s = malloc((off[K] > 0 ? off[K] : 1) * sizeof *s);
	mean = malloc(K * sizeof *mean);
	nw = malloc(K * sizeof *nw);
	if (sorted == NULL || s == NULL || mean == NULL || nw == NULL) {
		st = fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
		goto out;
	}

	fair__metric_sum osum[6];
	memset(osum, 0, sizeof osum);
	for (size_t k = 0; k < K; k++) {
		fair_group_figures *G = &r->groups[k];
		fair__metric_sum a[6];   /* w, w^2, w y, w yhat, w e^2, w |e| */
		memset(a, 0, sizeof a);
		for (size_t j = off[k]; j < off[k + 1]; j++) {
			size_t row = idx[j];
			double w = in->weight != NULL ? in->weight[row] : 1.0;
			double yv = in->y[row], pv = in->yhat[row], e = yv - pv;
			double t[6] = { w, w * w, w * yv, w * pv, w * e * e, w * fabs(e) };
			for (int q = 0; q < 6; q++) {
				fair__metric_add(&a[q], t[q]);
				fair__metric_add(&osum[q], t[q]);
			}
			sorted[j].p = pv;
			sorted[j].w = w;
		}
		G->rows = off[k + 1] - off[k];
		G->n = fair__metric_total(&a[0]);
		double w2 = fair__metric_total(&a[1]);
		G->n_eff = w2 > 0 ? G->n * G->n / w2 : 0;
		if (G->n > 0) {
			G->fig[FAIR_FIG_MEAN_TARGET] = fair__metric_total(&a[2]) / G->n;
			G->fig[FAIR_FIG_MEAN_PREDICTION] = fair__metric_total(&a[3]) / G->n;
			G->fig[FAIR_FIG_MSE] = fair__metric_total(&a[4]) / G->n;
			G->fig[FAIR_FIG_MAE] = fair__metric_total(&a[5]) / G->n;
		}
		mean[k] = G->fig[FAIR_FIG_MEAN_PREDICTION];
		nw[k] = G->n;
		qsort(sorted + off[k], G->rows, sizeof *sorted, cmp_pw);
		for (size_t j = off[k]; j < off[k + 1]; j++)
			s[j] = sorted[j].p;
	}
	if ((st = fair__metric_check_groups(r, err)) != FAIR_OK)
		goto out;

	fair_group_figures *ov = &r->overall;
	ov->rows = off[K];
	ov->n = fair__metric_total(&osum[0]);
	{
		double w2 = fair__metric_total(&osum[1]);
		ov->n_eff = w2 > 0 ? ov->n * ov->n / w2 : 0;
	}
	if (ov->n > 0) {
		double ybar = fair__metric_total(&osum[2]) / ov->n;
		fair__metric_sum sst = { 0, 0 };
		ov->fig[FAIR_FIG_MEAN_TARGET] = ybar;
		ov->fig[FAIR_FIG_MEAN_PREDICTION] = fair__metric_total(&osum[3]) / ov->n;
		ov->fig[FAIR_FIG_MSE] = fair__metric_total(&osum[4]) / ov->n;
		ov->fig[FAIR_FIG_MAE] = fair__metric_total(&osum[5]) / ov->n;
		for (size_t j = 0; j < off[K]; j++) {
			size_t row = idx[j];
			double w = in->weight != NULL ? in->weight[row] : 1.0;
			double d = in->y[row] - ybar;
			fair__metric_add(&sst, w * d * d);
		}
		double SST = fair__metric_total(&sst);
		if (SST > 0)
			ov->fig[FAIR_FIG_R2] = 1 - fair__metric_total(&osum[4]) / SST;
		else
			fair__metric_warn(r, "the target is constant: r2 undefined");
	}
	if (in->weight != NULL)
		fair__metric_warn(r, "sample weights are not used by ks_unfairness, wasserstein1 and "
		             "wasserstein2 (unweighted empirical distributions)");
	reg_metrics(K, off, s, mean, nw, r->metrics);
	if (o->bootstrap > 0)
		st = reg_boot(in, o, r, off, sorted, err);
out:
	free(off);
	free(idx);
	free(sorted);
	free(s);
	free(mean);
	free(nw);
	return st;
}
