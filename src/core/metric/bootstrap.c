/* bootstrap.c -- bootstrap percentile intervals for the classification
 * metrics (stratified by group, resampling group-wise confusion counts) and
 * the percentile helper shared with regression. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "metric/metric-private.h"

void
fair__metric_percentile_ci(double *v, size_t n, double level, double *lo, double *hi,
                      size_t *nundef)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			v[m++] = v[i];
	*nundef = n - m;
	if (m < 2) {
		*lo = *hi = NAN;
		return;
	}
	gsl_sort(v, 1, m);
	*lo = gsl_stats_quantile_from_sorted_data(v, 1, m, (1 - level) / 2);
	*hi = gsl_stats_quantile_from_sorted_data(v, 1, m, (1 + level) / 2);
}

void
fair__metric_boot_intervals(int task, double level, double *vals, size_t B, fair_report *r, bool warn)
{
	for (size_t k = 0; k < fair_metric_count(task); k++) {
		int id = fair_metric_id(task, k);
		fair_metric_value *mv = &r->metrics[id];
		mv->has_ci = true;
		fair__metric_percentile_ci(&vals[(size_t)id * B], B, level, &mv->ci_low, &mv->ci_high,
		                           &mv->ci_undefined);
		if (warn && mv->ci_undefined > 0)
			fair__metric_warn(r, "%s undefined in %zu of %zu bootstrap resamples: "
			                  "interval from the others", fair_metric_info_get(id)->name,
			                  mv->ci_undefined, B);
	}
}

int
fair__metric_boot_class(const fair_audit_input *in, const fair_audit_opts *o, fair_report *r,
                   fair_error *err)
{
	size_t B = o->bootstrap, K = in->K;
	size_t *off = NULL, *idx = NULL;
	double *vals = NULL;
	fair_group_figures *g = NULL, u;
	fair_metric_value m[FAIR_METRIC_COUNT];
	gsl_rng *rng = NULL;
	int st = FAIR_OK;

	vals = malloc(B * FAIR_METRIC_COUNT * sizeof *vals);
	g = calloc(K, sizeof *g);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (vals == NULL || g == NULL || rng == NULL)
		goto nomem;
	gsl_rng_set(rng, o->seed);
	if (in->weight != NULL &&
	    (st = fair__metric_group_rows(in, o->threshold, &off, &idx, err)) != FAIR_OK)
		goto out;
	memset(&u, 0, sizeof u);
	u.label = r->unpriv.label;
	for (size_t k = 0; k < K; k++)
		g[k].label = r->groups[k].label;   /* borrowed */

	for (size_t b = 0; b < B; b++) {
		double total_pp = 0;
		if (fair_progress_cancelled(o->prog)) {
			st = fair_error_set(err, FAIR_ECANCELED, "audit: bootstrap cancelled");
			goto out;
		}
		for (size_t k = 0; k < K; k++) {
			const fair_group_figures *G = &r->groups[k];
			fair_group_figures *x = &g[k];
			x->rows = G->rows;
			x->fig[FAIR_FIG_AUC] = NAN;
			if (in->weight == NULL) {
				/* resampling rows of the group with replacement = a multinomial
				 * draw of its four confusion cells */
				double p[4] = { G->tn, G->fp, G->fn, G->tp };
				unsigned int c[4] = { 0, 0, 0, 0 };
				if (G->rows > 0)
					gsl_ran_multinomial(rng, 4, (unsigned int)G->rows, p, c);
				x->tn = c[0];
				x->fp = c[1];
				x->fn = c[2];
				x->tp = c[3];
				x->n = x->n_eff = (double)G->rows;
			} else {
				/* plain sums: resampled totals only feed interval endpoints */
				double a[5] = { 0, 0, 0, 0, 0 };
				size_t m0 = off[k], mk = off[k + 1] - off[k];
				for (size_t j = 0; j < mk; j++) {
					size_t row = idx[m0 + gsl_rng_uniform_int(rng, mk)];
					double w = in->weight[row];
					double pv = fair__metric_pred(in, o->threshold, row);
					a[2 * (in->y[row] == 1.0) + (pv == 1.0)] += w;
					a[4] += w * w;
				}
				x->tn = a[0];
				x->fp = a[1];
				x->fn = a[2];
				x->tp = a[3];
				x->n = a[0] + a[1] + a[2] + a[3];
				double w2 = a[4];
				x->n_eff = w2 > 0 ? x->n * x->n / w2 : 0;
			}
			x->pos = x->tp + x->fn;
			x->neg = x->tn + x->fp;
			total_pp += x->tp + x->fp;
		}
		for (size_t k = 0; k < K; k++)
			fair__metric_class_figures(&g[k], o->convention, total_pp);
		if (r->has_unpriv) {
			fair__metric_pool_unpriv(g, K, in->privileged, &u);
			u.fig[FAIR_FIG_AUC] = NAN;
			fair__metric_class_figures(&u, o->convention, total_pp);
		}
		fair__metric_ctx c = {
			.conv = o->convention, .task = in->task, .K = K, .priv = in->privileged,
			.ref = r->reference, .g = g, .unpriv = r->has_unpriv ? &u : NULL,
			.warn = NULL,
		};
		fair__metric_class_metrics(&c, m);
		for (int id = 0; id < FAIR_METRIC_COUNT; id++)
			vals[(size_t)id * B + b] = m[id].value;
		fair_progress_set(o->prog, b + 1, B, NAN, NAN);
	}
	fair__metric_boot_intervals(in->task, o->ci_level, vals, B, r, true);
	goto out;
nomem:
	st = fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
out:
	free(vals);
	free(g);
	free(off);
	free(idx);
	if (rng != NULL)
		gsl_rng_free(rng);
	return st;
}
