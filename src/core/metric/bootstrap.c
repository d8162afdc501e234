/* bootstrap.c -- bootstrap intervals for the classification metrics: each
 * metric's signed statistic for the pair it names, resampled stratified by
 * group (group-wise confusion counts), BCa with the acceleration from the
 * jackknife of every group (doc/methods.md 9.4); and the percentile helper
 * shared with regression. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
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

/* One statistic the bootstrap follows: a metric's comparison (or the
 * other rate of equalized odds). */
struct spec {
	int    id;
	bool   alt;
	int    kind, fig;
	long   ga, gb;
	double level;
};

/* The groups' figures from their counts under the convention; the pooled
 * unprivileged rows into @u when @pool. */
static void
figures_all(fair_group_figures *g, size_t K, int conv, long priv, bool pool, fair_group_figures *u)
{
	double total_pp = 0;
	for (size_t k = 0; k < K; k++) {
		g[k].pos = g[k].tp + g[k].fn;
		g[k].neg = g[k].tn + g[k].fp;
		total_pp += g[k].tp + g[k].fp;
	}
	for (size_t k = 0; k < K; k++) {
		g[k].fig[FAIR_FIG_AUC] = NAN;
		fair__metric_class_figures(&g[k], conv, total_pp);
	}
	if (pool) {
		fair__metric_pool_unpriv(g, K, priv, u);
		u->fig[FAIR_FIG_AUC] = NAN;
		fair__metric_class_figures(u, conv, total_pp);
	}
}

/* After group @k's counts changed: its figures again, or every group's
 * (and the pool) when the statistic depends on all of them. */
static void
refigure(fair_group_figures *g, size_t K, size_t k, bool all, int conv, long priv, bool pool,
         fair_group_figures *u)
{
	if (all) {
		figures_all(g, K, conv, priv, pool, u);
		return;
	}
	g[k].pos = g[k].tp + g[k].fn;
	g[k].neg = g[k].tn + g[k].fp;
	fair__metric_class_figures(&g[k], conv, NAN);
}

static double
spec_eval(const struct spec *sp, const fair_group_figures *g, const fair_group_figures *u)
{
	const fair_group_figures *a = sp->ga == FAIR_GROUP_UNPRIV ? u : &g[sp->ga];
	const fair_group_figures *b = sp->gb == FAIR_GROUP_UNPRIV ? u : &g[sp->gb];
	return fair__metric_cmp_stat(sp->kind, sp->fig, a, b);
}

/* Removes (sign -1) or puts back (+1) one row of weight @w in cell @c
 * (0 tn, 1 fp, 2 fn, 3 tp) of @g. */
static void
cell_add(fair_group_figures *g, int c, double w, double sign)
{
	double *cell[4] = { &g->tn, &g->fp, &g->fn, &g->tp };
	*cell[c] += sign * w;
	g->w2[c] += sign * w * w;
	g->n += sign * w;
	g->rows = (size_t)((double)g->rows + sign);
}

int
fair__metric_boot_class(const fair_audit_input *in, const fair_audit_opts *o, fair_report *r,
                        fair_error *err)
{
	size_t B = o->bootstrap, K = in->K, ns = 0;
	size_t *off = NULL, *idx = NULL;
	double *vals = NULL, *jack = NULL, *mult = NULL;
	double *fvals = NULL;   /* figure_ci: [(k * FAIR_FIG_COUNT + f) * B + b], k = K overall */
	fair_group_figures *g = NULL, *w = NULL, u, uw, ov;
	struct spec sp[2 * FAIR_METRIC_COUNT];
	gsl_rng *rng = NULL;
	bool pool = r->has_unpriv;
	int st = FAIR_OK;

	for (size_t k = 0; k < fair_metric_count(r->task); k++) {
		int id = fair_metric_id(r->task, k);
		fair_metric_value *m = &r->metrics[id];
		bool eodds = id == FAIR_M_EODDS_DIFF || id == FAIR_M_EODDS_RATIO;
		double level = eodds ? fair_sidak_level(r->ci_level, 2) : r->ci_level;
		int kind = fair__metric_cmp_kind(id);
		if (isnan(m->value) || m->ga == FAIR_GROUP_NONE || m->gb == FAIR_GROUP_NONE)
			continue;
		sp[ns++] = (struct spec){ id, false, kind, kind == FAIR__CMP_AOD ? -1 : m->fig, m->ga,
		                          m->gb, m->ci_each };
		if (m->has_alt)
			sp[ns++] = (struct spec){ id, true, kind, m->alt_fig, m->alt_ga, m->alt_gb,
			                          fair__metric_each_level(r, id, m->alt_fig, level) };
	}
	vals = malloc((B * ns > 0 ? B * ns : 1) * sizeof *vals);
	g = calloc(K, sizeof *g);
	w = calloc(K, sizeof *w);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (vals == NULL || g == NULL || w == NULL || rng == NULL)
		goto nomem;
	if (o->figure_ci && (K + 1 > SIZE_MAX / FAIR_FIG_COUNT / B ||
	                     (fvals = malloc((K + 1) * FAIR_FIG_COUNT * B * sizeof *fvals)) == NULL))
		goto nomem;
	gsl_rng_set(rng, o->seed);
	if (in->weight != NULL &&
	    (st = fair__metric_group_rows(in, o->threshold, &off, &idx, err)) != FAIR_OK)
		goto out;
	memset(&u, 0, sizeof u);
	memset(&uw, 0, sizeof uw);
	u.label = uw.label = r->unpriv.label;
	for (size_t k = 0; k < K; k++)
		g[k].label = w[k].label = r->groups[k].label;   /* borrowed */

	for (size_t b = 0; b < B; b++) {
		if (fair_progress_cancelled(o->prog)) {
			st = fair_error_set(err, FAIR_ECANCELED, "audit: bootstrap cancelled");
			goto out;
		}
		for (size_t k = 0; k < K; k++) {
			const fair_group_figures *G = &r->groups[k];
			fair_group_figures *x = &g[k];
			x->rows = G->rows;
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
				for (int q = 0; q < 4; q++)
					x->w2[q] = c[q];
				x->n = x->n_eff = (double)G->rows;
			} else {
				/* plain sums: resampled totals only feed interval endpoints */
				double a[8] = { 0, 0, 0, 0, 0, 0, 0, 0 };
				size_t m0 = off[k], mk = off[k + 1] - off[k];
				for (size_t j = 0; j < mk; j++) {
					size_t row = idx[m0 + gsl_rng_uniform_int(rng, mk)];
					double wv = in->weight[row];
					double pv = fair__metric_pred(in, o->threshold, row);
					unsigned c = 2 * (in->y[row] == 1.0) + (pv == 1.0);
					a[c] += wv;
					a[4 + c] += wv * wv;
				}
				x->tn = a[0];
				x->fp = a[1];
				x->fn = a[2];
				x->tp = a[3];
				for (int q = 0; q < 4; q++)
					x->w2[q] = a[4 + q];
				x->n = a[0] + a[1] + a[2] + a[3];
				double w2 = a[4] + a[5] + a[6] + a[7];
				x->n_eff = w2 > 0 ? x->n * x->n / w2 : 0;
			}
		}
		figures_all(g, K, o->convention, in->privileged, pool, &u);
		if (fvals != NULL) {
			/* the overall rows of this resample: the groups' counts summed,
			 * as audit_class sums them */
			double total_pp = 0;
			memset(&ov, 0, sizeof ov);
			for (size_t k = 0; k < K; k++) {
				ov.rows += g[k].rows;
				ov.n += g[k].n;
				ov.tp += g[k].tp;
				ov.fp += g[k].fp;
				ov.tn += g[k].tn;
				ov.fn += g[k].fn;
				total_pp += g[k].tp + g[k].fp;
			}
			ov.pos = ov.tp + ov.fn;
			ov.neg = ov.tn + ov.fp;
			ov.fig[FAIR_FIG_AUC] = NAN;
			fair__metric_class_figures(&ov, o->convention, total_pp);
			for (size_t k = 0; k <= K; k++)
				for (int f = 0; f < FAIR_FIG_COUNT; f++)
					fvals[((size_t)k * FAIR_FIG_COUNT + (size_t)f) * B + b] = k < K ? g[k].fig[f] : ov.fig[f];
		}
		for (size_t s = 0; s < ns; s++)
			vals[s * B + b] = spec_eval(&sp[s], g, &u);
		fair_progress_set(o->prog, b + 1, B, NAN, NAN);
	}

	/* the jackknife of every group (each is a sample of the stratified
	 * bootstrap): leave out one row of each cell; without weights the rows
	 * of a cell give the same value, counted by multiplicity */
	size_t maxrows = 4;
	if (in->weight != NULL)
		for (size_t k = 0; k < K; k++)
			maxrows = off[k + 1] - off[k] > maxrows ? off[k + 1] - off[k] : maxrows;
	jack = malloc(maxrows * sizeof *jack);
	mult = malloc(4 * sizeof *mult);
	if (jack == NULL || mult == NULL)
		goto nomem;
	memcpy(w, r->groups, K * sizeof *w);
	for (size_t s = 0; s < ns; s++) {
		double num = 0, den = 0;
		/* a statistic of two groups' own rates does not move when a row of
		 * another group is left out: those jackknife values all equal the
		 * estimate and add nothing to the acceleration */
		bool all = pool || sp[s].fig == FAIR_FIG_PPR;
		for (size_t k = 0; k < K; k++) {
			size_t m = 0;
			if (r->groups[k].rows < 2 || (!all && (long)k != sp[s].ga && (long)k != sp[s].gb))
				continue;
			if (in->weight == NULL) {
				const double cnt[4] = { r->groups[k].tn, r->groups[k].fp, r->groups[k].fn,
				                        r->groups[k].tp };
				for (int c = 0; c < 4; c++) {
					if (!(cnt[c] > 0))
						continue;
					cell_add(&w[k], c, 1, -1);
					refigure(w, K, k, all, o->convention, in->privileged, pool, &uw);
					jack[m] = spec_eval(&sp[s], w, &uw);
					mult[m++] = cnt[c];
					w[k] = r->groups[k];
				}
				fair__metric_jack_sums(jack, mult, m, &num, &den);
			} else {
				for (size_t j = off[k]; j < off[k + 1]; j++) {
					size_t row = idx[j];
					double wv = in->weight[row];
					double pv = fair__metric_pred(in, o->threshold, row);
					int c = 2 * (in->y[row] == 1.0) + (pv == 1.0);
					cell_add(&w[k], c, wv, -1);
					refigure(w, K, k, all, o->convention, in->privileged, pool, &uw);
					jack[m++] = spec_eval(&sp[s], w, &uw);
					w[k] = r->groups[k];
				}
				fair__metric_jack_sums(jack, NULL, m, &num, &den);
			}
		}
		double a = den > 0 ? num / (6 * pow(den, 1.5)) : 0;
		fair_metric_value *mv = &r->metrics[sp[s].id];
		double theta = spec_eval(&sp[s], r->groups, &r->unpriv);
		double lo, hi;
		size_t nu;
		fair_bca_ci(theta, vals + s * B, B, a, sp[s].level, &lo, &hi, &nu);
		if (sp[s].alt) {
			mv->alt_low = lo;
			mv->alt_high = hi;
		} else {
			mv->ci_low = lo;
			mv->ci_high = hi;
			mv->ci_kind = FAIR_CI_BCA;
			mv->has_ci = true;
			mv->ci_undefined = nu;
			if (nu > 0)
				fair__metric_warn(r, "%s undefined in %zu of %zu bootstrap resamples: "
				                  "interval from the others", fair_metric_info_get(sp[s].id)->name,
				                  nu, B);
		}
	}
	/* figure_ci: the percentile intervals of the groups' and the overall
	 * figures replace the rate intervals where the bootstrap defines them */
	for (size_t k = 0; fvals != NULL && k <= K; k++) {
		fair_group_figures *G = k < K ? &r->groups[k] : &r->overall;
		for (int f = 0; f < FAIR_FIG_COUNT; f++) {
			double lo, hi;
			size_t nundef;
			fair__metric_percentile_ci(&fvals[((size_t)k * FAIR_FIG_COUNT + (size_t)f) * B], B, o->ci_level,
			                           &lo, &hi, &nundef);
			if (!isnan(lo) && !isnan(hi)) {
				G->ci_low[f] = lo;
				G->ci_high[f] = hi;
			}
		}
	}
	goto out;
nomem:
	st = fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
out:
	free(vals);
	free(jack);
	free(mult);
	free(fvals);
	free(g);
	free(w);
	free(off);
	free(idx);
	if (rng != NULL)
		gsl_rng_free(rng);
	return st;
}
