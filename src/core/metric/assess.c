/* assess.c -- what a classification audit's numbers can and cannot say: the
 * interval of every group's rates, the interval and three-level verdict of
 * every fairness metric (for the pair it names, allowing for that pair
 * having been picked as the worst), the tests that the groups are equal,
 * the pairwise table's intervals and Holm-adjusted p-values, and the notes
 * on groups too small to judge. doc/methods.md section 9. The bootstrap
 * alternative is in bootstrap.c, regression in regression.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

#include "metric/metric-private.h"

/* Exact permutation tests enumerate at most this many tables. */
#define MAX_TABLES 1000000
/* Below this expected count in some cell the chi-square approximation is
 * not trusted and the permutation test gives the p-value. */
#define MIN_EXPECTED 5.0

const char *
fair_ci_kind_name(int kind)
{
	static const char *const n[] = { "none", "newcombe", "katz", "mover", "normal", "bca", "bc",
		                                 "directional" };
	return kind >= 0 && kind < (int)(sizeof n / sizeof n[0]) ? n[kind] : "?";
}

const char *
fair_test_kind_name(int kind)
{
	static const char *const n[] = { "none", "chi-square", "exact permutation",
	                                 "monte carlo permutation", "permutation" };
	return kind >= 0 && kind < (int)(sizeof n / sizeof n[0]) ? n[kind] : "?";
}

int
fair__metric_note(fair_report *r, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	char **v = realloc(r->notes, (r->nnotes + 1) * sizeof *v);
	if (v == NULL) {
		free(s);
		return -1;
	}
	r->notes = v;
	r->notes[r->nnotes++] = s;
	return 0;
}

/* ------------------------------------------------------- group rates -- */

/* The rates whose interval is a proportion's: figure, and its numerator
 * count is fig * den_eff. */
static const int prop_figs[] = {
	FAIR_FIG_BASE_RATE, FAIR_FIG_SELECTION_RATE, FAIR_FIG_TPR, FAIR_FIG_FPR, FAIR_FIG_TNR,
	FAIR_FIG_FNR, FAIR_FIG_PPV, FAIR_FIG_NPV, FAIR_FIG_ACCURACY,
};

void
fair__metric_rate_intervals(fair_group_figures *g, int method, double level, double min_size)
{
	double z = fair_stat_z(level);
	for (int k = 0; k < FAIR_FIG_COUNT; k++)
		g->ci_low[k] = g->ci_high[k] = NAN;
	g->small = min_size > 0 && (double)g->rows < min_size;
	if (!(g->n > 0))
		return;
	for (size_t i = 0; i < sizeof prop_figs / sizeof prop_figs[0]; i++) {
		int f = prop_figs[i];
		double x, n;
		fair__metric_eff_counts(g, f, &x, &n);
		if (isnan(g->fig[f]) || !(n > 0))
			continue;
		fair_rate_ci(method, x, n, z, &g->ci_low[f], &g->ci_high[f]);
	}
	/* balanced accuracy (TPR + TNR) / 2: MOVER over the two rates */
	if (g->pos > 0 && g->neg > 0) {
		double c[2] = { 0.5, 0.5 };
		double e[2] = { g->fig[FAIR_FIG_TPR], g->fig[FAIR_FIG_TNR] };
		double l[2] = { g->ci_low[FAIR_FIG_TPR], g->ci_low[FAIR_FIG_TNR] };
		double u[2] = { g->ci_high[FAIR_FIG_TPR], g->ci_high[FAIR_FIG_TNR] };
		fair_mover_ci(2, c, e, l, u, &g->ci_low[FAIR_FIG_BALANCED_ACCURACY],
		              &g->ci_high[FAIR_FIG_BALANCED_ACCURACY]);
	}
}

/* --------------------------------------------------------- comparisons -- */

/* The kind of comparison metric @id makes: difference, ratio or average odds. */
int
fair__metric_cmp_kind(int id)
{
	if (id == FAIR_M_AOD)
		return FAIR__CMP_AOD;
	return fair_metric_info_get(id)->kind == FAIR_KIND_RATIO ? FAIR__CMP_RATIO : FAIR__CMP_DIFF;
}

double
fair__metric_cmp_stat(int kind, int fig, const fair_group_figures *a, const fair_group_figures *b)
{
	if (a == NULL || b == NULL)
		return NAN;
	if (kind == FAIR__CMP_AOD)
		return (a->fig[FAIR_FIG_TPR] + a->fig[FAIR_FIG_FPR]) / 2 -
		       (b->fig[FAIR_FIG_TPR] + b->fig[FAIR_FIG_FPR]) / 2;
	if (kind == FAIR__CMP_RATIO)
		return a->fig[fig] / b->fig[fig];
	return a->fig[fig] - b->fig[fig];
}

/* Score interval of one comparison at critical value z (doc/methods.md 9.2). */
static int
cmp_interval(int kind, int fig, const fair_group_figures *a, const fair_group_figures *b, double z,
             double *lo, double *hi)
{
	*lo = *hi = NAN;
	if (a == NULL || b == NULL || fig == FAIR_FIG_PPR)
		return FAIR_CI_NONE;
	if (kind == FAIR__CMP_AOD) {
		const fair_group_figures *g[2] = { a, b };
		double c[4] = { 0.5, 0.5, -0.5, -0.5 }, e[4], l[4], u[4];
		for (int s = 0; s < 2; s++) {
			for (int j = 0; j < 2; j++) {
				int f = j == 0 ? FAIR_FIG_TPR : FAIR_FIG_FPR;
				double x, n;
				fair__metric_eff_counts(g[s], f, &x, &n);
				e[2 * s + j] = g[s]->fig[f];
				fair_wilson_ci(x, n, z, &l[2 * s + j], &u[2 * s + j]);
			}
		}
		fair_mover_ci(4, c, e, l, u, lo, hi);
		return FAIR_CI_MOVER;
	}
	double na, nb, xa, xb;
	fair__metric_eff_counts(a, fig, &xa, &na);
	fair__metric_eff_counts(b, fig, &xb, &nb);
	if (isnan(a->fig[fig]) || isnan(b->fig[fig]) || !(na > 0 && nb > 0))
		return FAIR_CI_NONE;
	if (kind == FAIR__CMP_RATIO) {
		fair_katz_ci(xa, na, xb, nb, z, lo, hi);
		return FAIR_CI_KATZ;
	}
	fair_newcombe_ci(xa, na, xb, nb, z, lo, hi);
	return FAIR_CI_NEWCOMBE;
}

/* How a metric picks its pair under the convention. */
enum family { FAM_ONE, FAM_ALLPAIRS, FAM_VS_REF };

static int
family_of(const fair_report *r, int id)
{
	switch (r->convention) {
	case FAIR_CONV_AIF360:
	case FAIR_CONV_AIF360_SK:
		return FAM_ONE;
	case FAIR_CONV_AEQUITAS:
		return id == FAIR_M_DEO ? FAM_ALLPAIRS : FAM_VS_REF;
	default:
		if ((id == FAIR_M_AOD || id == FAIR_M_DI) && r->privileged >= 0)
			return FAM_VS_REF;
		return FAM_ALLPAIRS;
	}
}

/* Whether group k takes part in metric comparisons on @fig: it has rows, a
 * defined figure and, when small groups are left out, enough of them. */
static bool
takes_part(const fair_report *r, size_t k, int fig, double cut)
{
	const fair_group_figures *g = &r->groups[k];
	if (!(g->n > 0))
		return false;
	if (fig >= 0 && isnan(g->fig[fig]))
		return false;
	if (fig < 0 && (isnan(g->fig[FAIR_FIG_TPR]) || isnan(g->fig[FAIR_FIG_FPR])))
		return false;
	return !fair__metric_small(g, fig, cut);
}

/* The size below which groups were left out of the metrics on @fig: the
 * report's minimum when at least two groups reach it (and small groups are
 * not kept), else 0. Mirrors cut_of in fairness.c. */
static double
cut_for(const fair_report *r, int fig)
{
	double min = r->keep_small ? 0 : (double)r->min_group;
	size_t nb = 0;
	if (!(min > 0))
		return 0;
	for (size_t k = 0; k < r->K; k++)
		nb += takes_part(r, k, fig, min);
	return nb >= 2 ? min : 0;
}

static size_t
count_small(const fair_report *r, int fig)
{
	size_t n = 0;
	for (size_t k = 0; k < r->K; k++)
		n += takes_part(r, k, fig, 0) && fair__metric_small(&r->groups[k], fig, (double)r->min_group);
	return n;
}

/* (n, x) pairs in increasing order: the simulation of fair_maxpair_z
 * draws the groups in the order given, so they are put in one order that
 * does not depend on how the groups are numbered (a table counted by a
 * database lists them in its own order) */
static int
cmp_nx(const void *pa, const void *pb)
{
	const double *a = pa, *b = pb;
	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	return (a[1] > b[1]) - (a[1] < b[1]);
}

/* The level of the worst pair's interval on @fig among the groups taking
 * part, calibrated by the bootstrap of fair_maxpair_z (doc/methods.md 9.3);
 * Tukey's when it cannot be computed. */
static double
maxpair_level(const fair_report *r, int id, int fig, double cut, double level)
{
	size_t K = r->K, k = 0;
	double *x = calloc(K, sizeof *x), *n = calloc(K, sizeof *n), z = NAN;
	if (x != NULL && n != NULL) {
		for (size_t g = 0; g < K; g++) {
			if (!takes_part(r, g, fig, cut))
				continue;
			fair__metric_eff_counts(&r->groups[g], fig, &x[g], &n[g]);
			k++;
		}
		double *nx = malloc(2 * K * sizeof *nx);
		if (nx != NULL) {
			for (size_t g = 0; g < K; g++) {
				nx[2 * g] = n[g];
				nx[2 * g + 1] = x[g];
			}
			qsort(nx, K, 2 * sizeof *nx, cmp_nx);
			for (size_t g = 0; g < K; g++) {
				n[g] = nx[2 * g];
				x[g] = nx[2 * g + 1];
			}
			free(nx);
		}
		z = fair_maxpair_z(K, x, n, fair__metric_cmp_kind(id) == FAIR__CMP_RATIO, level,
		                   FAIR__MAXPAIR_B, r->seed, NULL, NULL);
	}
	free(x);
	free(n);
	if (isnan(z))
		z = fair_tukey_z(k, level);
	return fair_stat_level(z);
}

double
fair__metric_each_level(const fair_report *r, int id, int fig, double level)
{
	size_t k = 0;
	double cut = cut_for(r, fig);
	for (size_t g = 0; g < r->K; g++)
		k += takes_part(r, g, fig, cut);
	switch (family_of(r, id)) {
	case FAM_ALLPAIRS:
		if (k > 2 && fig >= 0 && fig != FAIR_FIG_PPR && fair__metric_cmp_kind(id) != FAIR__CMP_AOD)
			return maxpair_level(r, id, fig, cut, level);
		return k > 2 ? fair_stat_level(fair_tukey_z(k, level)) : level;
	case FAM_VS_REF:
		return k > 2 ? fair_sidak_level(level, k - 1) : level;
	default:
		return level;
	}
}

/* The verdict of one comparison: inconclusive when it rests on a group
 * below the minimum size that could not be left out, else from the
 * interval, else (no interval) from the value alone. */
static int
part_verdict(const fair_report *r, int id, int fig, long ga, long gb, double est, double lo,
             double hi, int *why)
{
	const fair_group_figures *a = fair_report_group(r, ga), *b = fair_report_group(r, gb);
	double lim_lo, lim_hi;
	*why = FAIR_WHY_INTERVAL;
	if (!fair_metric_range(id, &lim_lo, &lim_hi) || isnan(est))
		return FAIR_VERDICT_NA;
	if (!r->keep_small && ((a != NULL && fair__metric_small(a, fig, (double)r->min_group)) ||
	                       (b != NULL && fair__metric_small(b, fig, (double)r->min_group)))) {
		*why = FAIR_WHY_SMALL;
		return FAIR_VERDICT_INCONCLUSIVE;
	}
	if (isnan(lo) || isnan(hi)) {
		*why = FAIR_WHY_POINT;
		return fair_metric_verdict(id, est);
	}
	return fair_metric_verdict_ci(id, lo, hi);
}

/* Severity order of verdicts for combining the two rates of equalized odds. */
static int
rank(int v)
{
	switch (v) {
	case FAIR_VERDICT_FAIL: return 3;
	case FAIR_VERDICT_INCONCLUSIVE: return 2;
	case FAIR_VERDICT_PASS: return 1;
	default: return 0;
	}
}

/* ------------------------------------------------------------- tests -- */

/* The K x 2 table of @fig over the groups taking part: successes and
 * trials as effective counts. */
static void
table_of(const fair_report *r, int fig, double cut, double *x, double *n)
{
	for (size_t k = 0; k < r->K; k++) {
		const fair_group_figures *g = &r->groups[k];
		x[k] = n[k] = 0;
		if (!takes_part(r, k, fig, cut))
			continue;
		fair__metric_eff_counts(g, fig, &x[k], &n[k]);
	}
}

/* The test that the groups taking part have equal rates: chi-square, or
 * permutation when some expected count is small and the counts are whole.
 * One table (@f2 < 0) or two (equalized odds: TPR and FPR). */
static int
equal_test(fair_report *r, const fair_audit_opts *o, int f1, int f2, fair_metric_value *m,
           bool *perm_used, fair_error *err)
{
	size_t K = r->K, T = f2 >= 0 ? 2 : 1;
	double *x = calloc(2 * K, sizeof *x), *n = calloc(2 * K, sizeof *n);
	double stat = 0, df = 0, me = INFINITY;
	int st = FAIR_OK;
	if (x == NULL || n == NULL) {
		st = fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
		goto out;
	}
	if (r->has_unpriv) {
		/* aif360: the pooled unprivileged rows against the privileged group */
		const fair_group_figures *g2[2] = { &r->unpriv, &r->groups[r->privileged] };
		for (size_t t = 0; t < T; t++)
			for (size_t k = 0; k < 2; k++)
				fair__metric_eff_counts(g2[k], t == 0 ? f1 : f2, &x[t * K + k], &n[t * K + k]);
	} else {
		table_of(r, f1, cut_for(r, f1), x, n);
		if (T == 2)
			table_of(r, f2, cut_for(r, f2), x + K, n + K);
	}
	for (size_t t = 0; t < T; t++) {
		double s, d, e;
		if (isnan(fair_chisq_equal(x + t * K, n + t * K, K, &s, &d, &e)))
			goto out;   /* fewer than two groups: no test */
		stat += s;
		df += d;
		me = fmin(me, e);
	}
	m->test = FAIR_TEST_CHISQ;
	m->test_stat = stat;
	m->test_df = df;
	m->p_value = gsl_cdf_chisq_Q(stat, df);
	if (me < MIN_EXPECTED && !r->weighted) {
		double ps, pp;
		int method;
		if ((st = fair_perm_equal(x, n, K, T, MAX_TABLES, o->permutations, o->seed, &ps, &pp,
		                          &method, err)) != FAIR_OK)
			goto out;
		m->test = method == FAIR_PERM_EXACT ? FAIR_TEST_PERM_EXACT : FAIR_TEST_PERM_MC;
		m->p_value = pp;
		*perm_used = true;
	}
out:
	free(x);
	free(n);
	return st;
}

/* -------------------------------------------------------- the metrics -- */

static const char *
fig_words(int fig)
{
	switch (fig) {
	case FAIR_FIG_TPR: return "positives";
	case FAIR_FIG_FPR: return "negatives";
	case -1: return "positives or negatives";
	default: return "rows";
	}
}

static const char *
fig_title(int fig)
{
	switch (fig) {
	case FAIR_FIG_SELECTION_RATE: return "selection rate";
	case FAIR_FIG_PPR: return "share of positive decisions";
	case FAIR_FIG_TPR: return "true positive rate";
	case FAIR_FIG_FPR: return "false positive rate";
	case -1: return "average odds";
	default: return fair_figure_info_get(fig) ? fair_figure_info_get(fig)->name : "rate";
	}
}

/* One note per rate with groups below the minimum size. */
static void
small_notes(fair_report *r, const fair_metric_value *m_all)
{
	static const int figs[] = { FAIR_FIG_SELECTION_RATE, FAIR_FIG_TPR, FAIR_FIG_FPR, -1 };
	static const int first[][4] = {
		{ FAIR_M_DP_DIFF, FAIR_M_DP_RATIO, FAIR_M_DI, -1 },
		{ FAIR_M_EOPP_DIFF, FAIR_M_EOPP_RATIO, FAIR_M_DEO, -1 },
		{ FAIR_M_EODDS_DIFF, FAIR_M_EODDS_RATIO, -1, -1 },
		{ FAIR_M_AOD, -1, -1, -1 },
	};
	for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++) {
		int fig = figs[i];
		size_t ns = count_small(r, fig);
		if (ns == 0)
			continue;
		fair_buf b = FAIR_BUF_INIT;
		bool left_out = cut_for(r, fig) > 0;
		fair_buf_printf(&b, "%zu group%s with fewer than %zu %s ", ns, ns == 1 ? "" : "s",
		                r->min_group, fig_words(fig));
		if (r->keep_small)
			fair_buf_printf(&b, "kept in the %s metrics as asked (their intervals are wide):",
			                fig_title(fig));
		else if (left_out)
			fair_buf_printf(&b, "left out of the %s metrics (small-groups=include "
			                "keeps them):", fig_title(fig));
		else
			fair_buf_printf(&b, "and not two large enough: the %s verdicts are inconclusive:",
			                fig_title(fig));
		size_t shown = 0;
		for (size_t k = 0; k < r->K; k++) {
			const fair_group_figures *g = &r->groups[k];
			if (!takes_part(r, k, fig, 0) || !fair__metric_small(g, fig, (double)r->min_group))
				continue;
			if (shown++ < 8)
				fair_buf_printf(&b, "%s %s (%.0f)", shown > 1 ? "," : "", g->label,
				                fair__metric_den_eff(g, fig));
		}
		if (shown > 8)
			fair_buf_printf(&b, ", and %zu more", shown - 8);
		if (left_out) {
			bool any = false;
			for (int j = 0; j < 4 && first[i][j] >= 0; j++) {
				int id = first[i][j];
				const fair_metric_value *m = &r->metrics[id], *a = &m_all[id];
				if (isnan(a->value) || (a->value == m->value && a->ga == m->ga && a->gb == m->gb))
					continue;
				fair_buf_printf(&b, "%s %s %.4g (%s vs %s)", any ? "," : "; with them",
				                fair_metric_info_get(id)->name, a->value,
				                fair_report_group_label(r, a->ga),
				                fair_report_group_label(r, a->gb));
				any = true;
			}
		}
		if (b.buf != NULL)
			fair__metric_note(r, "%s", b.buf);
		fair_buf_release(&b);
	}
}

/* The score interval, test and verdict of metric @id. */
static int
assess_metric(fair_report *r, const fair_audit_opts *o, int id, const fair_metric_value *all,
              bool *perm_used, fair_error *err)
{
	fair_metric_value *m = &r->metrics[id];
	int kind = fair__metric_cmp_kind(id);
	bool eodds = id == FAIR_M_EODDS_DIFF || id == FAIR_M_EODDS_RATIO;
	/* the two rates of equalized odds are two families: each at sqrt(level) */
	double level = eodds ? fair_sidak_level(r->ci_level, 2) : r->ci_level;
	int fig = kind == FAIR__CMP_AOD ? -1 : m->fig;
	int st;

	if (isnan(m->value) || m->ga == FAIR_GROUP_NONE || m->gb == FAIR_GROUP_NONE) {
		m->verdict = FAIR_VERDICT_NA;
		return FAIR_OK;
	}
	const fair_group_figures *a = fair_report_group(r, m->ga), *b = fair_report_group(r, m->gb);
	m->estimate = fair__metric_cmp_stat(kind, fig, a, b);
	m->ci_each = fair__metric_each_level(r, id, fig, level);
	m->ci_kind = cmp_interval(kind, fig, a, b, fair_stat_z(m->ci_each), &m->ci_low, &m->ci_high);
	m->has_ci = m->ci_kind != FAIR_CI_NONE;
	if (m->has_alt) {
		const fair_group_figures *aa = fair_report_group(r, m->alt_ga);
		const fair_group_figures *ab = fair_report_group(r, m->alt_gb);
		double each = fair__metric_each_level(r, id, m->alt_fig, level);
		m->alt_estimate = fair__metric_cmp_stat(kind, m->alt_fig, aa, ab);
		cmp_interval(kind, m->alt_fig, aa, ab, fair_stat_z(each), &m->alt_low, &m->alt_high);
	}
	m->nsmall = count_small(r, fig);
	if (eodds && count_small(r, m->has_alt ? m->alt_fig : fig) > m->nsmall)
		m->nsmall = count_small(r, m->alt_fig);
	m->small_kept = m->nsmall > 0 && !r->keep_small && cut_for(r, fig) == 0;
	if (m->nsmall > 0 && !r->keep_small && cut_for(r, fig) > 0 &&
	    (all[id].value != m->value || all[id].ga != m->ga || all[id].gb != m->gb)) {
		m->value_all = all[id].value;
		m->ga_all = all[id].ga;
		m->gb_all = all[id].gb;
	}
	/* groups compared */
	if (r->has_unpriv) {
		m->ngroups = 2;
	} else {
		double cut = cut_for(r, fig);
		for (size_t k = 0; k < r->K; k++)
			m->ngroups += takes_part(r, k, fig, cut);
	}
	/* tests: the rate(s) equal in every group compared */
	if (fig != FAIR_FIG_PPR && kind != FAIR__CMP_AOD &&
	    (st = equal_test(r, o, eodds ? FAIR_FIG_TPR : fig, eodds ? FAIR_FIG_FPR : -1, m, perm_used,
	                     err)) != FAIR_OK)
		return st;
	return FAIR_OK;
}

void
fair__metric_verdict3(fair_report *r, int id)
{
	fair_metric_value *m = &r->metrics[id];
	int fig = fair__metric_cmp_kind(id) == FAIR__CMP_AOD ? -1 : m->fig;
	int why;
	if (isnan(m->value)) {
		m->verdict = FAIR_VERDICT_NA;
		return;
	}
	m->verdict = part_verdict(r, id, fig, m->ga, m->gb, m->estimate, m->ci_low, m->ci_high, &why);
	m->why = why;
	if (m->has_alt) {
		int awhy;
		m->alt_verdict = part_verdict(r, id, m->alt_fig, m->alt_ga, m->alt_gb, m->alt_estimate,
		                              m->alt_low, m->alt_high, &awhy);
		if (rank(m->alt_verdict) > rank(m->verdict)) {
			m->verdict = m->alt_verdict;
			m->why = awhy;
		}
	}
}

int
fair__metric_assess_class(const fair_audit_input *in, const fair_audit_opts *o, fair_report *r,
                          fair_error *err)
{
	fair_metric_value all[FAIR_METRIC_COUNT];
	bool perm_used = false;
	int st;

	r->rate_ci = o->rate_ci;
	r->min_group = o->min_group;
	r->keep_small = o->keep_small;
	for (size_t k = 0; k < r->K; k++)
		fair__metric_rate_intervals(&r->groups[k], o->rate_ci, r->ci_level, (double)o->min_group);
	fair__metric_rate_intervals(&r->overall, o->rate_ci, r->ci_level, 0);
	if (r->has_unpriv)
		fair__metric_rate_intervals(&r->unpriv, o->rate_ci, r->ci_level, 0);

	/* the metrics with every group, for the notes on what leaving the small
	 * ones out changed */
	fair__metric_ctx c = {
		.conv = o->convention, .task = in->task, .K = r->K, .priv = in->privileged,
		.ref = r->reference, .g = r->groups, .unpriv = r->has_unpriv ? &r->unpriv : NULL,
		.warn = NULL, .min_size = 0,
	};
	fair__metric_class_metrics(&c, all);
	for (size_t k = 0; k < fair_metric_count(r->task); k++) {
		int id = fair_metric_id(r->task, k);
		if ((st = assess_metric(r, o, id, all, &perm_used, err)) != FAIR_OK)
			return st;
	}
	small_notes(r, all);
	if (perm_used)
		fair__metric_note(r, "some expected counts are below %.0f: those p-values come from a "
		                  "permutation test rather than the chi-square approximation",
		                  MIN_EXPECTED);
	if (r->weighted)
		fair__metric_note(r, "with sample weights, intervals and tests use Kish effective "
		                  "sizes (sum w)^2 / sum w^2 of each denominator");
	return FAIR_OK;
}

void
fair__metric_verdicts3(fair_report *r)
{
	for (size_t k = 0; k < fair_metric_count(r->task); k++)
		fair__metric_verdict3(r, fair_metric_id(r->task, k));
}

/* ---------------------------------------------------------- pairs table -- */

int
fair__metric_pairs_class(fair_report *r, fair_error *err)
{
	static const int figs[3] = { FAIR_FIG_SELECTION_RATE, FAIR_FIG_TPR, FAIR_FIG_FPR };
	size_t np = r->npairs;
	double *p = malloc((np ? np : 1) * sizeof *p);
	double z = fair_stat_z(r->ci_level);
	if (p == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
	for (int f = 0; f < 3; f++) {
		for (size_t i = 0; i < np; i++) {
			fair_pair_row *q = &r->pairs[i];
			const fair_group_figures *A = &r->groups[q->a], *B = &r->groups[q->b];
			double na, nb, xa, xb, zz;
			double va = A->fig[figs[f]], vb = B->fig[figs[f]];
			fair__metric_eff_counts(A, figs[f], &xa, &na);
			fair__metric_eff_counts(B, figs[f], &xb, &nb);
			q->d[f] = va - vb;
			q->lo[f] = q->hi[f] = q->p[f] = NAN;
			if (!isnan(va) && !isnan(vb) && na > 0 && nb > 0) {
				fair_newcombe_ci(xa, na, xb, nb, z, &q->lo[f], &q->hi[f]);
				q->p[f] = fair_ztest_2prop(xa / na, na, xb / nb, nb, &zz);
			}
			p[i] = q->p[f];
		}
		if (fair_holm(p, np, p, err) != FAIR_OK) {
			free(p);
			return err != NULL ? err->code : FAIR_ENOMEM;
		}
		for (size_t i = 0; i < np; i++)
			r->pairs[i].p_holm[f] = p[i];
	}
	free(p);
	return FAIR_OK;
}
