/* fairness.c -- the fairness metrics of a classification audit (demographic
 * parity, equal opportunity, equalized odds, average odds, disparate impact,
 * DEO) from one set of weighted counts per group, as each library convention
 * computes them: the figures with their zero-denominator rules, then which
 * groups are compared, the sign and the ratio reference. doc/conventions.md
 * sections 1-6; the table of differences is fair_convention_describe() in
 * describe.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "metric/metric-private.h"

static const fair_group_figures *
grp(const fair__metric_ctx *c, long g)
{
	if (g == FAIR_GROUP_UNPRIV)
		return c->unpriv;
	if (g < 0 || (size_t)g >= c->K)
		return NULL;
	return &c->g[g];
}

static bool
member(const fair_group_figures *g)
{
	return g->n > 0;
}

/* The weighted count a figure is divided by. */
static double
den_of(const fair_group_figures *g, int fig)
{
	switch (fig) {
	case FAIR_FIG_TPR: case FAIR_FIG_FNR:
		return g->pos;
	case FAIR_FIG_FPR: case FAIR_FIG_TNR:
		return g->neg;
	case FAIR_FIG_PPV: case FAIR_FIG_FDR:
		return g->pred_pos;
	case FAIR_FIG_NPV: case FAIR_FIG_FOR:
		return g->pred_neg;
	case FAIR_FIG_PPR:
		return g->pred_pos / g->fig[FAIR_FIG_PPR]; /* the total predicted positives */
	default:
		return g->n;
	}
}

void
fair__metric_metric_reset(fair_metric_value *m)
{
	m->value = NAN;
	m->fig = -1;
	m->ga = m->gb = FAIR_GROUP_NONE;
	m->va = m->vb = m->da = m->db = NAN;
	m->nexcluded = 0;
	m->verdict = FAIR_VERDICT_NA;
	m->why = FAIR_WHY_INTERVAL;
	m->has_ci = false;
	m->estimate = NAN;
	m->ci_low = m->ci_high = NAN;
	m->ci_kind = FAIR_CI_NONE;
	m->ci_each = NAN;
	m->ci_undefined = 0;
	m->has_alt = false;
	m->alt_fig = -1;
	m->alt_ga = m->alt_gb = FAIR_GROUP_NONE;
	m->alt_estimate = m->alt_low = m->alt_high = NAN;
	m->alt_verdict = FAIR_VERDICT_NA;
	m->test = FAIR_TEST_NONE;
	m->p_value = m->test_stat = m->test_df = NAN;
	m->ngroups = 0;
	m->nsmall = 0;
	m->small_kept = false;
	m->value_all = NAN;
	m->ga_all = m->gb_all = FAIR_GROUP_NONE;
}

/* @dst = @main, with @other (the other rate of equalized odds) as its
 * alternative. */
static void
with_alt(fair_metric_value *dst, const fair_metric_value *main, const fair_metric_value *other)
{
	fair_metric_value o = *other;
	*dst = *main;
	dst->has_alt = o.ga != FAIR_GROUP_NONE && o.gb != FAIR_GROUP_NONE && !isnan(o.value);
	dst->alt_fig = o.fig;
	dst->alt_ga = o.ga;
	dst->alt_gb = o.gb;
	dst->alt_estimate = o.value;
}

/* value = given; ga/gb with their figure values and denominators. */
static void
set_pair(fair_metric_value *m, const fair__metric_ctx *c, int fig, long ga, long gb,
         double value)
{
	const fair_group_figures *a = grp(c, ga), *b = grp(c, gb);
	m->value = value;
	m->fig = fig;
	m->ga = ga;
	m->gb = gb;
	m->va = a != NULL && fig >= 0 ? a->fig[fig] : NAN;
	m->vb = b != NULL && fig >= 0 ? b->fig[fig] : NAN;
	m->da = a != NULL ? (fig >= 0 ? den_of(a, fig) : a->n) : NAN;
	m->db = b != NULL ? (fig >= 0 ? den_of(b, fig) : b->n) : NAN;
}

/* ------------------------------------------------------------ figures -- */

void
fair__metric_class_figures(fair_group_figures *g, int conv, double total_pp)
{
	double *f = g->fig;
	double auc = f[FAIR_FIG_AUC];
	double n = g->n, P = g->pos, N = g->neg;

	g->pred_pos = g->tp + g->fp;
	g->pred_neg = g->tn + g->fn;
	for (int k = 0; k < FAIR_FIG_COUNT; k++)
		f[k] = NAN;
	f[FAIR_FIG_AUC] = auc;
	if (!(n > 0))
		return;   /* a group without rows has no figures in any convention */

	/* Fairlearn (sklearn confusion_matrix normalize="true" + nan_to_num) and
	 * AIF360's sklearn API (zero_division) give 0 for empty rate rows. */
	bool rate0 = conv == FAIR_CONV_FAIRLEARN || conv == FAIR_CONV_AIF360_SK;
	/* PPV/NPV: sklearn precision -> 0; AIF360 classic performance_measures -> 0. */
	bool pv0 = rate0 || conv == FAIR_CONV_AIF360;
	double r0 = rate0 ? 0.0 : NAN, p0 = pv0 ? 0.0 : NAN;

	f[FAIR_FIG_BASE_RATE] = P / n;
	f[FAIR_FIG_SELECTION_RATE] = g->pred_pos / n;
	f[FAIR_FIG_ACCURACY] = (g->tp + g->tn) / n;
	f[FAIR_FIG_MEAN_PREDICTION] = f[FAIR_FIG_SELECTION_RATE];
	f[FAIR_FIG_MEAN_TARGET] = f[FAIR_FIG_BASE_RATE];
	f[FAIR_FIG_TPR] = P > 0 ? g->tp / P : r0;
	f[FAIR_FIG_FNR] = P > 0 ? g->fn / P : r0;
	f[FAIR_FIG_TNR] = N > 0 ? g->tn / N : r0;
	f[FAIR_FIG_FPR] = N > 0 ? g->fp / N : r0;
	if (conv == FAIR_CONV_AIF360_SK) {
		/* aif360.sklearn has specificity and recall only; FPR = 1 - specificity */
		if (!(N > 0))
			f[FAIR_FIG_FPR] = 1.0;
		if (!(P > 0))
			f[FAIR_FIG_FNR] = 1.0;
	}
	f[FAIR_FIG_PPV] = g->pred_pos > 0 ? g->tp / g->pred_pos : p0;
	f[FAIR_FIG_NPV] = g->pred_neg > 0 ? g->tn / g->pred_neg : p0;
	if (rate0) {
		/* sklearn balanced_accuracy_score: mean recall over classes present */
		if (P > 0 && N > 0)
			f[FAIR_FIG_BALANCED_ACCURACY] = (f[FAIR_FIG_TPR] + f[FAIR_FIG_TNR]) / 2;
		else
			f[FAIR_FIG_BALANCED_ACCURACY] = P > 0 ? f[FAIR_FIG_TPR] : f[FAIR_FIG_TNR];
	} else {
		f[FAIR_FIG_BALANCED_ACCURACY] = (f[FAIR_FIG_TPR] + f[FAIR_FIG_TNR]) / 2;
	}
	f[FAIR_FIG_PPR] = total_pp > 0 ? g->pred_pos / total_pp : NAN;
	/* FDR and FOR follow PPV and NPV's rule (AIF360's performance_measures
	 * gives 0 for all four when the denominator is empty) */
	f[FAIR_FIG_FDR] = g->pred_pos > 0 ? g->fp / g->pred_pos : p0;
	f[FAIR_FIG_FOR] = g->pred_neg > 0 ? g->fn / g->pred_neg : p0;
	f[FAIR_FIG_PPREV] = f[FAIR_FIG_SELECTION_RATE];
}

void
fair__metric_pool_unpriv(const fair_group_figures *g, size_t K, long priv,
                    fair_group_figures *u)
{
	double w2 = 0;
	u->rows = 0;
	u->n = u->pos = u->neg = u->tp = u->fp = u->tn = u->fn = 0;
	memset(u->w2, 0, sizeof u->w2);
	u->score_rows = 0;
	for (size_t k = 0; k < K; k++) {
		if ((long)k == priv || !member(&g[k]))
			continue;
		u->rows += g[k].rows;
		u->n += g[k].n;
		u->pos += g[k].pos;
		u->neg += g[k].neg;
		u->tp += g[k].tp;
		u->fp += g[k].fp;
		u->tn += g[k].tn;
		u->fn += g[k].fn;
		for (int c = 0; c < 4; c++)
			u->w2[c] += g[k].w2[c];
		u->score_rows += g[k].score_rows;
		if (g[k].n_eff > 0)
			w2 += g[k].n * g[k].n / g[k].n_eff;
	}
	u->n_eff = w2 > 0 ? u->n * u->n / w2 : 0;
}

void
fair__metric_group_warnings(fair_report *r, const fair_group_figures *g, int conv)
{
	if (!member(g))
		return;
	const char *how;
	switch (conv) {
	case FAIR_CONV_FAIRLEARN: how = "set to 0 as fairlearn does"; break;
	case FAIR_CONV_AIF360_SK: how = "set to 0 as aif360's sklearn API does"; break;
	case FAIR_CONV_AIF360: how = "undefined (nan), as aif360 gives"; break;
	default: how = "undefined, excluded from max/min"; break;
	}
	/* a target with one class among the audited rows is said once (audit.c) */
	if (!(g->pos > 0) && r->one_class <= 0)
		fair__metric_warn(r, "group '%s' has no positives: TPR and FNR %s", g->label, how);
	if (!(g->neg > 0) && r->one_class >= 0)
		fair__metric_warn(r, "group '%s' has no negatives: FPR and TNR %s", g->label, how);
	if (conv == FAIR_CONV_STRICT || conv == FAIR_CONV_AEQUITAS) {
		if (!(g->pred_pos > 0))
			fair__metric_warn(r, "group '%s' has no predicted positives: PPV undefined", g->label);
		if (!(g->pred_neg > 0))
			fair__metric_warn(r, "group '%s' has no predicted negatives: NPV undefined", g->label);
	}
}

/* ---------------------------------------------------- max-min family -- */

double
fair__metric_den_eff(const fair_group_figures *g, int fig)
{
	/* cells: 0 tn, 1 fp, 2 fn, 3 tp */
	static const unsigned char cells[][2] = { { 2, 3 }, { 0, 1 }, { 1, 3 }, { 0, 2 } };
	int set;
	switch (fig) {
	case FAIR_FIG_TPR: case FAIR_FIG_FNR: set = 0; break;
	case FAIR_FIG_FPR: case FAIR_FIG_TNR: set = 1; break;
	case FAIR_FIG_PPV: set = 2; break;
	case FAIR_FIG_NPV: set = 3; break;
	case -1:
		return fmin(fair__metric_den_eff(g, FAIR_FIG_TPR), fair__metric_den_eff(g, FAIR_FIG_FPR));
	default:
		return g->n_eff;
	}
	const double cnt[4] = { g->tn, g->fp, g->fn, g->tp };
	double s = cnt[cells[set][0]] + cnt[cells[set][1]];
	double s2 = g->w2[cells[set][0]] + g->w2[cells[set][1]];
	if (s2 == s)
		return s;   /* no weights (or all 1): the count itself, exactly */
	return s2 > 0 ? s * s / s2 : 0;
}

void
fair__metric_eff_counts(const fair_group_figures *g, int fig, double *x, double *n)
{
	double num, den;
	switch (fig) {
	case FAIR_FIG_BASE_RATE: num = g->tp + g->fn; den = g->n; break;
	case FAIR_FIG_SELECTION_RATE: num = g->tp + g->fp; den = g->n; break;
	case FAIR_FIG_ACCURACY: num = g->tp + g->tn; den = g->n; break;
	case FAIR_FIG_TPR: num = g->tp; den = g->tp + g->fn; break;
	case FAIR_FIG_FNR: num = g->fn; den = g->tp + g->fn; break;
	case FAIR_FIG_FPR: num = g->fp; den = g->fp + g->tn; break;
	case FAIR_FIG_TNR: num = g->tn; den = g->fp + g->tn; break;
	case FAIR_FIG_PPV: num = g->tp; den = g->tp + g->fp; break;
	case FAIR_FIG_NPV: num = g->tn; den = g->tn + g->fn; break;
	default: *x = *n = NAN; return;
	}
	*n = fig == FAIR_FIG_BASE_RATE || fig == FAIR_FIG_SELECTION_RATE || fig == FAIR_FIG_ACCURACY
	     ? (g->n_eff == den ? den : g->n_eff) : fair__metric_den_eff(g, fig);
	if (!(den > 0)) {
		*x = *n = 0;
		return;
	}
	*x = *n == den ? num : num * (*n / den);
}

bool
fair__metric_small(const fair_group_figures *g, int fig, double min_size)
{
	if (!(min_size > 0))
		return false;
	return (double)g->rows < min_size || fair__metric_den_eff(g, fig) < min_size;
}

typedef struct mm_t {
	double max, min;
	long gmax, gmin;
	size_t ndef, nexcl;
} mm_t;

static mm_t
minmax_scan(const fair__metric_ctx *c, int fig, double min_size)
{
	mm_t m = { NAN, NAN, -1, -1, 0, 0 };
	for (size_t k = 0; k < c->K; k++) {
		const fair_group_figures *g = &c->g[k];
		if (!member(g) || fair__metric_small(g, fig, min_size))
			continue;
		double v = g->fig[fig];
		if (isnan(v)) {
			m.nexcl++;
			continue;
		}
		if (m.ndef == 0 || v > m.max) {
			m.max = v;
			m.gmax = (long)k;
		}
		/* on ties keep two different groups, so that a pair never reads
		 * "b vs b" when every group has the same value */
		if (m.ndef == 0 || v < m.min || (v == m.min && m.gmin == m.gmax)) {
			m.min = v;
			m.gmin = (long)k;
		}
		m.ndef++;
	}
	return m;
}

/* Whether at least two groups are big enough for @fig (when min_size is set). */
static bool
two_big(const fair__metric_ctx *c, int fig)
{
	size_t nb = 0;
	if (!(c->min_size > 0))
		return false;
	for (size_t k = 0; k < c->K && nb < 2; k++)
		if (member(&c->g[k]) && !isnan(fig >= 0 ? c->g[k].fig[fig] : 0) &&
		    !fair__metric_small(&c->g[k], fig, c->min_size))
			nb++;
	return nb >= 2;
}

/* The size below which groups are left out for @fig: min_size when at
 * least two groups remain, else 0 (every group is kept; the verdict says
 * the groups are too small). */
static double
cut_of(const fair__metric_ctx *c, int fig)
{
	return two_big(c, fig) ? c->min_size : 0;
}

static mm_t
minmax_of(const fair__metric_ctx *c, int fig)
{
	mm_t m = minmax_scan(c, fig, cut_of(c, fig));
	/* the groups left out as small are not "undefined" */
	if (cut_of(c, fig) > 0) {
		mm_t all = minmax_scan(c, fig, 0);
		m.nexcl = all.nexcl;
	}
	return m;
}

/* strict needs two defined groups; fairlearn (pandas max - min) one. */
static size_t
need_defined(const fair__metric_ctx *c)
{
	return c->conv == FAIR_CONV_FAIRLEARN ? 1 : 2;
}

static void
mm_diff(const fair__metric_ctx *c, int fig, int id, fair_metric_value *m)
{
	const fair_metric_info *mi = fair_metric_info_get(id);
	const fair_figure_info *fi = fair_figure_info_get(fig);
	mm_t x = minmax_of(c, fig);
	m->nexcluded = x.nexcl;
	if (x.ndef < need_defined(c)) {
		m->fig = fig;
		fair__metric_warn(c->warn, "%s undefined: fewer than two groups have a defined %s",
		             mi->name, fi->name);
		return;
	}
	set_pair(m, c, fig, x.gmax, x.gmin, x.max - x.min);
}

static void
mm_ratio(const fair__metric_ctx *c, int fig, int id, fair_metric_value *m)
{
	const fair_metric_info *mi = fair_metric_info_get(id);
	const fair_figure_info *fi = fair_figure_info_get(fig);
	mm_t x = minmax_of(c, fig);
	m->nexcluded = x.nexcl;
	if (x.ndef < need_defined(c)) {
		m->fig = fig;
		fair__metric_warn(c->warn, "%s undefined: fewer than two groups have a defined %s",
		             mi->name, fi->name);
		return;
	}
	double v;
	if (x.max == 0) {
		if (c->conv == FAIR_CONV_STRICT) {
			/* doc/methods.md 2.2: nobody selected anywhere -> parity, with a warning */
			v = 1.0;
			fair__metric_warn(c->warn, "%s is 0 in every group: %s set to 1",
			             fi->name, mi->name);
		} else {
			v = NAN;   /* fairlearn: 0/0 */
			fair__metric_warn(c->warn, "%s is 0 in every group: %s is 0/0 (undefined)",
			             fi->name, mi->name);
		}
	} else {
		v = x.min / x.max;
	}
	set_pair(m, c, fig, x.gmin, x.gmax, v);
}

/* Python's builtin max/min over [a, b] (fairlearn, aif360 use them): the
 * first element wins unless the second compares greater / smaller, so a NaN
 * first element propagates and a NaN second one is ignored. */
static int
py_max2(double a, double b)
{
	return b > a ? 1 : 0;
}

static int
py_min2(double a, double b)
{
	return b < a ? 1 : 0;
}

/* Folded distance from 1 of a ratio: min(r, 1/r) (0 for 0 and inf). */
static double
fold(double r)
{
	if (r == 0 || isinf(r))
		return 0;
	return r < 1 ? r : 1 / r;
}

/* mean odds (TPR + FPR)/2 of a group; NaN when either is undefined */
static double
mean_odds(const fair_group_figures *g)
{
	return (g->fig[FAIR_FIG_TPR] + g->fig[FAIR_FIG_FPR]) / 2;
}

static void
mm_aod(const fair__metric_ctx *c, fair_metric_value *m)
{
	long best = -1, gmax = -1, gmin = -1;
	double bestv = NAN, mx = NAN, mn = NAN;
	size_t ndef = 0, nexcl = 0;
	const fair_group_figures *p = c->priv >= 0 ? &c->g[c->priv] : NULL;
	double mp = p != NULL ? mean_odds(p) : NAN;

	if (p != NULL && (!member(p) || isnan(mp))) {
		fair__metric_warn(c->warn, "average_odds_difference undefined: privileged group '%s' "
		             "has no defined TPR and FPR", p->label);
		return;
	}
	double cut = cut_of(c, -1);
	for (size_t k = 0; k < c->K; k++) {
		const fair_group_figures *g = &c->g[k];
		if (!member(g) || ((long)k != c->priv && fair__metric_small(g, -1, cut)))
			continue;
		double v = mean_odds(g);
		if (isnan(v)) {
			nexcl++;
			continue;
		}
		ndef++;
		if (p != NULL) {
			if ((long)k == c->priv)
				continue;
			double a = v - mp;
			if (best < 0 || fabs(a) > fabs(bestv)) {
				best = (long)k;
				bestv = a;
			}
		} else {
			if (gmax < 0 || v > mx) { mx = v; gmax = (long)k; }
			/* ties: two different groups, never "b vs b" (as minmax_of) */
			if (gmin < 0 || v < mn || (v == mn && gmin == gmax)) { mn = v; gmin = (long)k; }
		}
	}
	m->nexcluded = nexcl;
	if (ndef < need_defined(c) || (p != NULL && best < 0)) {
		fair__metric_warn(c->warn, "average_odds_difference undefined: fewer than two groups "
		             "have both TPR and FPR defined");
		return;
	}
	if (p != NULL) {
		set_pair(m, c, -1, best, c->priv, bestv);
		m->va = mean_odds(&c->g[best]);
		m->vb = mp;
	} else {
		set_pair(m, c, -1, gmax, gmin, mx - mn);
		m->va = mx;
		m->vb = mn;
	}
}

/* Directed SR_g / SR_priv, the group farthest from 1 (min(r, 1/r) smallest). */
static void
mm_di(const fair__metric_ctx *c, fair_metric_value *m)
{
	const fair_group_figures *p = &c->g[c->priv];
	double sp = p->fig[FAIR_FIG_SELECTION_RATE];
	long best = -1;
	double bestr = NAN;
	size_t nexcl = 0;
	bool warned = false;

	if (!member(p) || isnan(sp)) {
		fair__metric_warn(c->warn, "disparate_impact undefined: privileged group '%s' has no rows",
		             p->label);
		return;
	}
	double cut = cut_of(c, FAIR_FIG_SELECTION_RATE);
	for (size_t k = 0; k < c->K; k++) {
		const fair_group_figures *g = &c->g[k];
		if ((long)k == c->priv || !member(g) || fair__metric_small(g, FAIR_FIG_SELECTION_RATE, cut))
			continue;
		double s = g->fig[FAIR_FIG_SELECTION_RATE];
		double r;
		if (sp == 0 && c->conv == FAIR_CONV_STRICT) {
			r = s == 0 ? 1.0 : NAN;
			if (!warned)
				fair__metric_warn(c->warn, "privileged group '%s' has selection rate 0: "
				             "disparate_impact is 1 for groups also at 0 and undefined "
				             "for the others", p->label);
			warned = true;
		} else {
			r = s / sp;
		}
		if (isnan(r)) {
			nexcl++;
			continue;
		}
		if (best < 0 || fold(r) < fold(bestr)) {
			best = (long)k;
			bestr = r;
		}
	}
	m->nexcluded = nexcl;
	if (best < 0)
		return;
	set_pair(m, c, FAIR_FIG_SELECTION_RATE, best, c->priv, bestr);
}

static void
maxmin_metrics(const fair__metric_ctx *c, fair_metric_value *m)
{
	bool strict = c->conv == FAIR_CONV_STRICT;
	fair_metric_value dt, df, rt, rf;

	mm_diff(c, FAIR_FIG_SELECTION_RATE, FAIR_M_DP_DIFF, &m[FAIR_M_DP_DIFF]);
	mm_ratio(c, FAIR_FIG_SELECTION_RATE, FAIR_M_DP_RATIO, &m[FAIR_M_DP_RATIO]);
	mm_diff(c, FAIR_FIG_TPR, FAIR_M_EOPP_DIFF, &m[FAIR_M_EOPP_DIFF]);
	mm_ratio(c, FAIR_FIG_TPR, FAIR_M_EOPP_RATIO, &m[FAIR_M_EOPP_RATIO]);

	/* equalized odds: TPR and FPR, the worse of the two */
	fair_report *w = c->warn;
	fair__metric_ctx quiet = *c;
	quiet.warn = NULL;
	dt = m[FAIR_M_EOPP_DIFF];
	rt = m[FAIR_M_EOPP_RATIO];
	fair__metric_metric_reset(&df);
	fair__metric_metric_reset(&rf);
	mm_diff(&quiet, FAIR_FIG_FPR, FAIR_M_EODDS_DIFF, &df);
	mm_ratio(&quiet, FAIR_FIG_FPR, FAIR_M_EODDS_RATIO, &rf);
	if (strict) {
		if (isnan(dt.value) || isnan(df.value)) {
			m[FAIR_M_EODDS_DIFF].fig = isnan(dt.value) ? FAIR_FIG_TPR : FAIR_FIG_FPR;
			m[FAIR_M_EODDS_DIFF].nexcluded = dt.nexcluded + df.nexcluded;
			fair__metric_warn(w, "equalized_odds_difference undefined: the %s difference is undefined",
			             isnan(dt.value) ? "TPR" : "FPR");
		} else if (df.value > dt.value) {
			with_alt(&m[FAIR_M_EODDS_DIFF], &df, &dt);
		} else {
			with_alt(&m[FAIR_M_EODDS_DIFF], &dt, &df);
		}
		if (isnan(rt.value) || isnan(rf.value)) {
			m[FAIR_M_EODDS_RATIO].fig = isnan(rt.value) ? FAIR_FIG_TPR : FAIR_FIG_FPR;
			m[FAIR_M_EODDS_RATIO].nexcluded = rt.nexcluded + rf.nexcluded;
			fair__metric_warn(w, "equalized_odds_ratio undefined: the %s ratio is undefined",
			             isnan(rt.value) ? "TPR" : "FPR");
		} else if (rf.value < rt.value) {
			with_alt(&m[FAIR_M_EODDS_RATIO], &rf, &rt);
		} else {
			with_alt(&m[FAIR_M_EODDS_RATIO], &rt, &rf);
		}
	} else {
		/* fairlearn: max(eo.difference()) / min(eo.ratio()) over [tpr, fpr] */
		if (py_max2(dt.value, df.value))
			with_alt(&m[FAIR_M_EODDS_DIFF], &df, &dt);
		else
			with_alt(&m[FAIR_M_EODDS_DIFF], &dt, &df);
		if (py_min2(rt.value, rf.value))
			with_alt(&m[FAIR_M_EODDS_RATIO], &rf, &rt);
		else
			with_alt(&m[FAIR_M_EODDS_RATIO], &rt, &rf);
		if (isnan(rf.value) && !isnan(rt.value))
			fair__metric_warn(w, "FPR ratio is 0/0; equalized_odds_ratio uses the TPR ratio "
			             "(python min() skips a trailing nan, as fairlearn does)");
	}

	mm_aod(c, &m[FAIR_M_AOD]);
	if (c->priv >= 0)
		mm_di(c, &m[FAIR_M_DI]);
	else
		m[FAIR_M_DI] = m[FAIR_M_DP_RATIO];
	m[FAIR_M_DEO] = m[FAIR_M_EOPP_DIFF];
}

/* -------------------------------------------------------- aif360 family -- */

static double
pv_diff(const fair__metric_ctx *c, int fig)
{
	const fair_group_figures *u = c->unpriv, *p = &c->g[c->priv];
	if (c->conv == FAIR_CONV_AIF360_SK && fig == FAIR_FIG_FPR)
		/* aif360.sklearn: FPR difference = -(specificity difference) */
		return -(u->fig[FAIR_FIG_TNR] - p->fig[FAIR_FIG_TNR]);
	return u->fig[fig] - p->fig[fig];
}

static double
pv_ratio(const fair__metric_ctx *c, int fig)
{
	double a = c->unpriv->fig[fig], b = c->g[c->priv].fig[fig];
	if (c->conv == FAIR_CONV_AIF360_SK && b == 0 && !isnan(a))
		return 0.0;   /* sklearn _prf_divide, zero_division="warn" -> 0 */
	return a / b;     /* aif360 classic: numpy division, x/0 = inf, 0/0 = nan */
}

static void
priv_metrics(const fair__metric_ctx *c, fair_metric_value *m)
{
	long U = FAIR_GROUP_UNPRIV, P = c->priv;
	const fair_group_figures *p = &c->g[P];
	double dT = pv_diff(c, FAIR_FIG_TPR), dF = pv_diff(c, FAIR_FIG_FPR);
	double rT = pv_ratio(c, FAIR_FIG_TPR), rF = pv_ratio(c, FAIR_FIG_FPR);
	double rS = pv_ratio(c, FAIR_FIG_SELECTION_RATE);

	if (!member(p))
		fair__metric_warn(c->warn, "privileged group '%s' has no rows: every metric is undefined",
		             p->label);
	set_pair(&m[FAIR_M_DP_DIFF], c, FAIR_FIG_SELECTION_RATE, U, P,
	         pv_diff(c, FAIR_FIG_SELECTION_RATE));
	set_pair(&m[FAIR_M_DP_RATIO], c, FAIR_FIG_SELECTION_RATE, U, P, rS);
	set_pair(&m[FAIR_M_DI], c, FAIR_FIG_SELECTION_RATE, U, P, rS);
	set_pair(&m[FAIR_M_EOPP_DIFF], c, FAIR_FIG_TPR, U, P, dT);
	set_pair(&m[FAIR_M_EOPP_RATIO], c, FAIR_FIG_TPR, U, P, rT);
	/* aif360: max(abs(dFPR), abs(dTPR)) with python's max */
	fair_metric_value mt, mf;
	fair__metric_metric_reset(&mt);
	fair__metric_metric_reset(&mf);
	set_pair(&mt, c, FAIR_FIG_TPR, U, P, fabs(dT));
	set_pair(&mf, c, FAIR_FIG_FPR, U, P, fabs(dF));
	if (py_max2(fabs(dF), fabs(dT)))
		with_alt(&m[FAIR_M_EODDS_DIFF], &mt, &mf);
	else
		with_alt(&m[FAIR_M_EODDS_DIFF], &mf, &mt);
	/* not defined by aif360: the smaller ratio, undefined if either is */
	set_pair(&mt, c, FAIR_FIG_TPR, U, P, rT);
	set_pair(&mf, c, FAIR_FIG_FPR, U, P, rF);
	if (isnan(rT) || isnan(rF))
		set_pair(&m[FAIR_M_EODDS_RATIO], c, isnan(rT) ? FAIR_FIG_TPR : FAIR_FIG_FPR, U, P, NAN);
	else if (rF < rT)
		with_alt(&m[FAIR_M_EODDS_RATIO], &mf, &mt);
	else
		with_alt(&m[FAIR_M_EODDS_RATIO], &mt, &mf);
	set_pair(&m[FAIR_M_AOD], c, -1, U, P, 0.5 * (dF + dT));
	m[FAIR_M_AOD].va = mean_odds(c->unpriv);
	m[FAIR_M_AOD].vb = mean_odds(p);
	set_pair(&m[FAIR_M_DEO], c, FAIR_FIG_TPR, U, P, fabs(dT));
	for (int k = FAIR_M_DP_DIFF; k <= FAIR_M_DEO; k++)
		if (isinf(m[k].value))
			fair__metric_warn(c->warn, "%s: division by zero gives inf (aif360 convention)",
			             fair_metric_info_get(k)->name);
}

/* ------------------------------------------------------ aequitas family -- */

/* Aequitas disparity: group / reference; x/0 -> 10 (fill_divbyzero), 0/0 -> nan */
static double
aeq_div(double a, double b)
{
	if (isnan(a) || isnan(b))
		return NAN;
	if (b == 0)
		return a == 0 ? NAN : 10.0;
	return a / b;
}

static void
aeq_ratio(const fair__metric_ctx *c, int fig, fair_metric_value *m)
{
	const fair_group_figures *ref = &c->g[c->ref];
	long best = -1;
	double bestr = NAN;
	size_t nexcl = 0;
	double cut = cut_of(c, fig);
	for (size_t k = 0; k < c->K; k++) {
		if ((long)k == c->ref || !member(&c->g[k]) || fair__metric_small(&c->g[k], fig, cut))
			continue;
		double r = aeq_div(c->g[k].fig[fig], ref->fig[fig]);
		if (isnan(r)) {
			nexcl++;
			continue;
		}
		if (best < 0 || fold(r) < fold(bestr)) {
			best = (long)k;
			bestr = r;
		}
	}
	fair__metric_metric_reset(m);
	m->fig = fig;
	m->nexcluded = nexcl;
	if (best >= 0)
		set_pair(m, c, fig, best, c->ref, bestr);
}

static void
aeq_diff(const fair__metric_ctx *c, int fig, fair_metric_value *m)
{
	const fair_group_figures *ref = &c->g[c->ref];
	long best = -1;
	double bestd = NAN;
	size_t nexcl = 0;
	double cut = cut_of(c, fig);
	for (size_t k = 0; k < c->K; k++) {
		if ((long)k == c->ref || !member(&c->g[k]) || fair__metric_small(&c->g[k], fig, cut))
			continue;
		double d = c->g[k].fig[fig] - ref->fig[fig];
		if (isnan(d)) {
			nexcl++;
			continue;
		}
		if (best < 0 || fabs(d) > fabs(bestd)) {
			best = (long)k;
			bestd = d;
		}
	}
	fair__metric_metric_reset(m);
	m->fig = fig;
	m->nexcluded = nexcl;
	if (best >= 0)
		set_pair(m, c, fig, best, c->ref, bestd);
}

static void
aeq_metrics(const fair__metric_ctx *c, fair_metric_value *m)
{
	fair_metric_value a, b;
	const fair_group_figures *ref = &c->g[c->ref];

	aeq_diff(c, FAIR_FIG_PPR, &m[FAIR_M_DP_DIFF]);
	aeq_ratio(c, FAIR_FIG_PPR, &m[FAIR_M_DP_RATIO]);
	aeq_ratio(c, FAIR_FIG_SELECTION_RATE, &m[FAIR_M_DI]);
	aeq_diff(c, FAIR_FIG_TPR, &m[FAIR_M_EOPP_DIFF]);
	aeq_ratio(c, FAIR_FIG_TPR, &m[FAIR_M_EOPP_RATIO]);
	aeq_diff(c, FAIR_FIG_FPR, &b);
	a = m[FAIR_M_EOPP_DIFF];
	if (isnan(a.value) || isnan(b.value)) {
		fair__metric_metric_reset(&m[FAIR_M_EODDS_DIFF]);
		m[FAIR_M_EODDS_DIFF].fig = isnan(a.value) ? FAIR_FIG_TPR : FAIR_FIG_FPR;
	} else if (fabs(b.value) > fabs(a.value)) {
		with_alt(&m[FAIR_M_EODDS_DIFF], &b, &a);
	} else {
		with_alt(&m[FAIR_M_EODDS_DIFF], &a, &b);
	}
	aeq_ratio(c, FAIR_FIG_FPR, &b);
	a = m[FAIR_M_EOPP_RATIO];
	if (isnan(a.value) || isnan(b.value)) {
		fair__metric_metric_reset(&m[FAIR_M_EODDS_RATIO]);
		m[FAIR_M_EODDS_RATIO].fig = isnan(a.value) ? FAIR_FIG_TPR : FAIR_FIG_FPR;
	} else if (fold(b.value) < fold(a.value)) {
		with_alt(&m[FAIR_M_EODDS_RATIO], &b, &a);
	} else {
		with_alt(&m[FAIR_M_EODDS_RATIO], &a, &b);
	}
	/* average odds vs the reference group, largest |.| */
	{
		long best = -1;
		double bestv = NAN, mr = mean_odds(ref);
		size_t nexcl = 0;
		double cut = cut_of(c, -1);
		for (size_t k = 0; k < c->K; k++) {
			if ((long)k == c->ref || !member(&c->g[k]) || fair__metric_small(&c->g[k], -1, cut))
				continue;
			double d = mean_odds(&c->g[k]) - mr;
			if (isnan(d)) {
				nexcl++;
				continue;
			}
			if (best < 0 || fabs(d) > fabs(bestv)) {
				best = (long)k;
				bestv = d;
			}
		}
		m[FAIR_M_AOD].nexcluded = nexcl;
		if (best >= 0) {
			set_pair(&m[FAIR_M_AOD], c, -1, best, c->ref, bestv);
			m[FAIR_M_AOD].va = mean_odds(&c->g[best]);
			m[FAIR_M_AOD].vb = mr;
		}
	}
	/* DEO keeps FERM's definition: max - min TPR over groups with positives */
	{
		fair__metric_ctx s = *c;
		s.conv = FAIR_CONV_STRICT;
		s.warn = NULL;
		mm_diff(&s, FAIR_FIG_TPR, FAIR_M_DEO, &m[FAIR_M_DEO]);
	}
	for (int k = FAIR_M_DP_DIFF; k <= FAIR_M_DEO; k++) {
		if (isnan(m[k].value))
			fair__metric_warn(c->warn, "%s undefined: no group has a defined %s next to the "
			             "reference group '%s'", fair_metric_info_get(k)->name,
			             m[k].fig >= 0 ? fair_figure_info_get(m[k].fig)->name : "figure",
			             ref->label);
		else if (m[k].value == 10.0 && fair_metric_info_get(k)->kind == FAIR_KIND_RATIO)
			fair__metric_warn(c->warn, "%s: reference group '%s' has %s 0; the disparity is "
			             "capped at 10 as aequitas does", fair_metric_info_get(k)->name,
			             ref->label, fair_figure_info_get(m[k].fig)->name);
	}
}

void
fair__metric_class_metrics(const fair__metric_ctx *c, fair_metric_value *m)
{
	for (int k = 0; k < FAIR_METRIC_COUNT; k++)
		fair__metric_metric_reset(&m[k]);
	switch (c->conv) {
	case FAIR_CONV_AIF360:
	case FAIR_CONV_AIF360_SK:
		priv_metrics(c, m);
		break;
	case FAIR_CONV_AEQUITAS:
		aeq_metrics(c, m);
		break;
	default:
		maxmin_metrics(c, m);
		break;
	}
}

void
fair__metric_verdicts(int task, fair_metric_value *m)
{
	for (size_t k = 0; k < fair_metric_count(task); k++) {
		int id = fair_metric_id(task, k);
		m[id].verdict = fair_metric_verdict(id, m[id].value);
	}
}
