/* overall.c -- the comparisons Fairlearn offers besides max - min between
 * the groups: each group against the overall rows (method="to_overall")
 * and equalized odds as the mean of its TPR and FPR comparisons
 * (agg="mean"). They replace the values of the metrics they concern after
 * the intervals are made; the verdicts then read the value alone. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdbool.h>

#include "metric/metric-private.h"

/* One comparison of figure @fig: the value and the two sides. */
typedef struct cmp_t {
	double value, va, vb;
	long ga, gb;
	size_t nexcl;
} cmp_t;

/* Whether groups below min_group are left out for @fig: when at least two
 * groups with a defined figure remain (as the between-groups metrics do). */
static double
cut_of(const fair_report *r, int fig)
{
	size_t nb = 0;
	double cut = r->keep_small ? 0 : (double)r->min_group;
	if (!(cut > 0))
		return 0;
	for (size_t k = 0; k < r->K; k++)
		if (r->groups[k].n > 0 && !isnan(r->groups[k].fig[fig]) && !fair__metric_small(&r->groups[k], fig, cut))
			nb++;
	return nb >= 2 ? cut : 0;
}

/* Folded ratio min(a/b, b/a) of two non-negative rates: 1 for 0 and 0
 * (strict: parity) or NaN (fairlearn: 0/0). */
static double
fold2(double a, double b, int conv)
{
	if (a == 0 && b == 0)
		return conv == FAIR_CONV_STRICT ? 1.0 : NAN;
	return a < b ? a / b : b / a;
}

static cmp_t
compare(const fair_report *r, int fig, bool ratio)
{
	cmp_t c = { NAN, NAN, NAN, FAIR_GROUP_NONE, FAIR_GROUP_NONE, 0 };
	double cut = cut_of(r, fig), ov = r->overall.fig[fig];
	size_t ndef = 0;

	if (r->vs == FAIR_VS_OVERALL) {
		for (size_t k = 0; k < r->K; k++) {
			const fair_group_figures *g = &r->groups[k];
			double v = g->fig[fig];
			if (!(g->n > 0) || fair__metric_small(g, fig, cut))
				continue;
			if (isnan(v) || isnan(ov)) {
				c.nexcl++;
				continue;
			}
			double d = ratio ? fold2(v, ov, r->convention) : fabs(v - ov);
			if (isnan(d))
				continue;
			if (ndef++ == 0 || (ratio ? d < c.value : d > c.value)) {
				c.value = d;
				c.ga = (long)k;
				c.va = v;
			}
		}
		c.gb = FAIR_GROUP_OVERALL;
		c.vb = ov;
		if (ndef == 0)
			c.value = NAN;
		return c;
	}
	/* between the groups: max - min, min / max */
	double mx = NAN, mn = NAN;
	long gmx = FAIR_GROUP_NONE, gmn = FAIR_GROUP_NONE;
	for (size_t k = 0; k < r->K; k++) {
		const fair_group_figures *g = &r->groups[k];
		double v = g->fig[fig];
		if (!(g->n > 0) || fair__metric_small(g, fig, cut))
			continue;
		if (isnan(v)) {
			c.nexcl++;
			continue;
		}
		if (ndef == 0 || v > mx)
			mx = v, gmx = (long)k;
		if (ndef == 0 || v < mn || (v == mn && gmn == gmx))
			mn = v, gmn = (long)k;
		ndef++;
	}
	if (ndef < (r->convention == FAIR_CONV_FAIRLEARN ? 1u : 2u))
		return c;
	if (ratio) {
		c.value = fold2(mn, mx, r->convention);
		c.ga = gmn, c.va = mn, c.gb = gmx, c.vb = mx;
	} else {
		c.value = mx - mn;
		c.ga = gmx, c.va = mx, c.gb = gmn, c.vb = mn;
	}
	return c;
}

static double
den_of(const fair_report *r, long g, int fig)
{
	const fair_group_figures *G = fair_report_group(r, g);
	if (G == NULL)
		return NAN;
	return fig == FAIR_FIG_TPR ? G->pos : fig == FAIR_FIG_FPR ? G->neg : G->n;
}

/* Replaces metric @id by the comparison @c of @fig (and @alt of @afig for
 * equalized odds, combined by r->agg): no interval, the verdict from the
 * value. */
static void
set_metric(fair_report *r, int id, int fig, cmp_t c, int afig, cmp_t *alt, bool ratio)
{
	fair_metric_value *m = &r->metrics[id];
	double p = m->p_value, ts = m->test_stat, df = m->test_df;
	int test = m->test;
	size_t ng = m->ngroups;

	fair__metric_metric_reset(m);
	/* agg=max: the worse of the two rates decides and is shown first;
	 * agg=mean: the mean of both, TPR first */
	if (alt != NULL && r->agg == FAIR_AGG_MAX && !isnan(alt->value) &&
	    (isnan(c.value) || (ratio ? alt->value < c.value : alt->value > c.value))) {
		cmp_t t = c;
		int tf = fig;
		c = *alt;
		*alt = t;
		fig = afig;
		afig = tf;
	}
	m->fig = fig;
	m->ga = c.ga;
	m->gb = c.gb;
	m->va = c.va;
	m->vb = c.vb;
	m->da = den_of(r, c.ga, fig);
	m->db = den_of(r, c.gb, fig);
	m->nexcluded = c.nexcl;
	m->value = c.value;
	if (alt != NULL) {
		if (r->agg == FAIR_AGG_MEAN) {
			if (!isnan(c.value) && !isnan(alt->value))
				m->value = (c.value + alt->value) / 2;
			else if (r->convention == FAIR_CONV_FAIRLEARN)   /* pandas' mean skips NaN */
				m->value = isnan(c.value) ? alt->value : c.value;
			else
				m->value = NAN;
		}
		m->has_alt = alt->ga != FAIR_GROUP_NONE && !isnan(alt->value);
		m->alt_fig = afig;
		m->alt_ga = alt->ga;
		m->alt_gb = alt->gb;
		m->alt_estimate = alt->value;
	}
	m->estimate = m->value;
	m->test = test;
	m->p_value = p;
	m->test_stat = ts;
	m->test_df = df;
	m->ngroups = ng;
}

void
fair__metric_vs_overall(fair_report *r, int vs, int agg)
{
	r->vs = vs;
	r->agg = agg;
	if (r->task != FAIR_TASK_CLASSIFICATION || (vs == FAIR_VS_GROUPS && agg == FAIR_AGG_MAX))
		return;
	if (vs == FAIR_VS_OVERALL) {
		set_metric(r, FAIR_M_DP_DIFF, FAIR_FIG_SELECTION_RATE, compare(r, FAIR_FIG_SELECTION_RATE, false), -1, NULL, false);
		set_metric(r, FAIR_M_DP_RATIO, FAIR_FIG_SELECTION_RATE, compare(r, FAIR_FIG_SELECTION_RATE, true), -1, NULL, true);
		set_metric(r, FAIR_M_EOPP_DIFF, FAIR_FIG_TPR, compare(r, FAIR_FIG_TPR, false), -1, NULL, false);
		set_metric(r, FAIR_M_EOPP_RATIO, FAIR_FIG_TPR, compare(r, FAIR_FIG_TPR, true), -1, NULL, true);
	}
	for (int ratio = 0; ratio < 2; ratio++) {
		cmp_t f = compare(r, FAIR_FIG_FPR, ratio);
		set_metric(r, ratio ? FAIR_M_EODDS_RATIO : FAIR_M_EODDS_DIFF, FAIR_FIG_TPR, compare(r, FAIR_FIG_TPR, ratio),
		           FAIR_FIG_FPR, &f, ratio);
	}
}
