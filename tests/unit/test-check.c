/* test-check.c -- fairness checks (fair_check_parse, fair_check_eval) on the
 * hand-worked K=2 and K=3 tables of test-metric.c, with and without the
 * bootstrap interval, and the bootstrap intervals of per-group figures
 * against the exact binomial quantiles they estimate. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_test.h>

#include "fairsh/metric.h"

#define EPS 1e-14

static const char *const LAB3[3] = { "A", "B", "C" };

/* Group A (rows 0-5): y 1 1 1 0 0 0, yhat 1 1 0 1 0 0: TP 2 FN 1 FP 1 TN 2,
 *   TPR 2/3, FPR 1/3, selection 3/6
 * Group B (rows 6-11): y 1 1 0 0 0 0, yhat 1 0 1 0 0 0: TP 1 FN 1 FP 1 TN 3,
 *   TPR 1/2, FPR 1/4, selection 2/6
 * Group C (rows 12-15): y 0 0 0 0, yhat 1 0 0 0: no positives, TPR undefined
 * K=2: equal opportunity difference 2/3 - 1/2 = 1/6 (A vs B); overall
 *   accuracy (2+2+1+3)/12 = 2/3; average odds difference (strict: B - A?)
 *   is read from the report, its sign from ga/gb. */
static const double Y[16] = { 1, 1, 1, 0, 0, 0,   1, 1, 0, 0, 0, 0,   0, 0, 0, 0 };
static const double P[16] = { 1, 1, 0, 1, 0, 0,   1, 0, 1, 0, 0, 0,   1, 0, 0, 0 };
static const int32_t G[16] = { 0, 0, 0, 0, 0, 0,   1, 1, 1, 1, 1, 1,   2, 2, 2, 2 };

/* With @min_group 0 every group is judged (these groups have 4 to 6 rows,
 * below the default 30). */
static fair_report *
audit_min(size_t n, size_t K, size_t B, bool figure_ci, size_t min_group)
{
	fair_audit_input in;
	fair_audit_opts o;
	fair_error err;

	memset(&in, 0, sizeof in);
	in.n = n;
	in.y = Y;
	in.yhat = P;
	in.group = G;
	in.K = K;
	in.labels = LAB3;
	in.privileged = -1;
	in.task = FAIR_TASK_CLASSIFICATION;
	fair_audit_opts_init(&o);
	o.bootstrap = B;
	o.seed = 11;
	o.figure_ci = figure_ci;
	o.min_group = min_group;
	return fair_audit(&in, &o, &err);
}

static fair_report *
audit(size_t n, size_t K, size_t B, bool figure_ci)
{
	return audit_min(n, K, B, figure_ci, 0);
}

/* Parses and evaluates @expr on @r; returns the status, or -1 on error (the
 * message in @msg). */
static int
eval(const char *expr, const fair_report *r, bool ci, fair_check_result *res, char *msg, size_t len)
{
	fair_check c;
	fair_error err;
	int st;

	msg[0] = '\0';
	if (fair_check_parse(expr, &c, &err) != FAIR_OK) {
		snprintf(msg, len, "%s", err.msg);
		return -1;
	}
	st = fair_check_eval(&c, r, ci, res, &err);
	fair_check_release(&c);
	if (st != FAIR_OK) {
		snprintf(msg, len, "%s", err.msg);
		return -1;
	}
	return res->status;
}

static void
test_parse(void)
{
	fair_check c;
	fair_error err;

	gsl_test_int(fair_check_parse("equal_opportunity_difference <= 0.05", &c, &err), FAIR_OK, "parse spaced");
	gsl_test_int(c.metric, FAIR_M_EOPP_DIFF, "metric id");
	gsl_test_int(c.fig, -1, "no figure");
	gsl_test_int(c.cmp, FAIR_CMP_LE, "<=");
	gsl_test_rel(c.limit, 0.05, 0, "limit");
	gsl_test_str(c.text, "equal_opportunity_difference <= 0.05", "text");
	fair_check_release(&c);
	/* compact, a prefix, abs() */
	gsl_test_int(fair_check_parse("abs(average_odds)<0.1", &c, &err), FAIR_OK, "parse compact abs prefix");
	gsl_test_int(c.metric, FAIR_M_AOD, "prefix resolves");
	gsl_test(!c.abs, "abs flag");
	gsl_test_int(c.cmp, FAIR_CMP_LT, "<");
	gsl_test_str(c.text, "abs(average_odds_difference) < 0.1", "abs text");
	fair_check_release(&c);
	/* a group label with spaces and brackets in a quoted word; > and >= */
	gsl_test_int(fair_check_parse("tpr[Black women] >= 0.7", &c, &err), FAIR_OK, "figure[group]");
	gsl_test_int(c.fig, FAIR_FIG_TPR, "figure id");
	gsl_test_str(c.group, "Black women", "group label");
	gsl_test_int(c.cmp, FAIR_CMP_GE, ">=");
	fair_check_release(&c);
	gsl_test_int(fair_check_parse("tpr[a<b] > 1e-3", &c, &err), FAIR_OK, "'<' inside the group label");
	gsl_test_str(c.group, "a<b", "label with <");
	gsl_test_int(c.cmp, FAIR_CMP_GT, ">");
	gsl_test_rel(c.limit, 1e-3, 0, "exponent limit");
	fair_check_release(&c);
	{       /* a long label is written back whole (the fuzzer found it cut at 400 bytes) */
		char big[1200], *want = malloc(1300);
		memset(big, 'x', sizeof big);
		memcpy(big, "tpr[", 4);
		snprintf(big + 1100, sizeof big - 1100, "] >= 0.5");
		snprintf(want, 1300, "%s", big);
		gsl_test_int(fair_check_parse(big, &c, &err), FAIR_OK, "long label");
		gsl_test_str(c.text, want, "long label written back whole");
		gsl_test_int((int)strlen(c.group), 1096, "long label kept");
		fair_check_release(&c);
		free(want);
	}
	gsl_test_int(fair_check_parse("accuracy[overall] >= .7", &c, &err), FAIR_OK, "[overall]");
	gsl_test(c.group != NULL, "[overall] is the overall rows");
	fair_check_release(&c);

	static const struct { const char *expr, *msg; } bad[] = {
		{ "foo <= 1", "unknown metric or figure 'foo'" },
		{ "equal <= 1", "unknown metric or figure 'equal'" },   /* ambiguous prefix */
		{ "tpr = 1", "has no comparison" },
		{ "tpr", "has no comparison" },
		{ "tpr <= x", "the limit must be a number, not 'x'" },
		{ "tpr <= ", "the limit must be a number" },
		{ "tpr <= 1 2", "the limit must be a number, not '1 2'" },
		{ "tpr <= nan", "the limit must be a number" },
		{ "tpr <= inf", "the limit must be a number" },
		{ "<= 1", "expected a metric or a figure" },
		{ "tpr[A <= 1", "opens a '[' that is not closed" },
		{ "tpr[] <= 1", "should be FIGURE[GROUP]" },
		{ "deo[A] <= 1", "deo compares the groups; [GROUP] goes with a per-group figure such as tpr[A]" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		int st = fair_check_parse(bad[i].expr, &c, &err);
		gsl_test(st != FAIR_EINVAL, "'%s' refused", bad[i].expr);
		gsl_test(strstr(err.msg, bad[i].msg) == NULL, "'%s': message '%s' has '%s'", bad[i].expr, err.msg,
		         bad[i].msg);
	}
	gsl_test_str(fair_cmp_name(FAIR_CMP_GE), ">=", "cmp name");
}

static void
test_eval(void)
{
	fair_report *r = audit(12, 2, 0, false), *r3 = audit(16, 3, 0, false);
	fair_check_result res;
	char msg[600];

	gsl_test(r == NULL || r3 == NULL, "audits");
	if (r == NULL || r3 == NULL)
		return;
	/* a metric: value 1/6, groups A (TPR 2/3) vs B (1/2) */
	gsl_test_int(eval("equal_opportunity_difference <= 0.2", r, false, &res, msg, sizeof msg), FAIR_CHECK_PASS, "eod pass");
	gsl_test_rel(res.value, 1.0 / 6, EPS, "eod value 1/6");
	gsl_test_str(res.group_a, "A", "eod group a");
	gsl_test_str(res.group_b, "B", "eod group b");
	gsl_test_rel(res.value_a, 2.0 / 3, EPS, "TPR of A");
	gsl_test_rel(res.value_b, 0.5, EPS, "TPR of B");
	gsl_test_int(eval("equal_opportunity_difference < 0.1", r, false, &res, msg, sizeof msg), FAIR_CHECK_FAIL, "eod fail");
	gsl_test_str(res.reason, "0.1667, not < 0.1 (tpr: A 0.6667 vs B 0.5)", "fail reason");
	/* the boundary: 1/6 <= 1/6 holds, < does not */
	gsl_test_int(eval("equal_opportunity_difference <= 0.16666666666666666", r, false, &res, msg, sizeof msg),
	             r->metrics[FAIR_M_EOPP_DIFF].value <= 0.16666666666666666 ? FAIR_CHECK_PASS : FAIR_CHECK_FAIL,
	             "boundary as the comparison says");
	gsl_test_int(eval("disparate_impact >= 0.8", r, false, &res, msg, sizeof msg), FAIR_CHECK_FAIL, "DI 2/3 < 0.8");
	gsl_test_rel(res.value, 2.0 / 3, EPS, "DI value (1/3)/(1/2)");
	/* abs(): the sign of the average odds difference does not matter */
	double aod = r->metrics[FAIR_M_AOD].value;
	gsl_test(!(fabs(aod) > 0), "aod not zero");
	gsl_test_int(eval("abs(average_odds_difference) < 1", r, false, &res, msg, sizeof msg), FAIR_CHECK_PASS, "abs aod");
	gsl_test_rel(res.value, fabs(aod), EPS, "abs value");
	/* figures: a group, the overall rows, every group */
	gsl_test_int(eval("tpr[A] >= 0.7", r, false, &res, msg, sizeof msg), FAIR_CHECK_FAIL, "tpr[A] 2/3 < 0.7");
	gsl_test_str(res.group_a, "A", "figure group");
	gsl_test_int(eval("tpr[B] > 0.4", r, false, &res, msg, sizeof msg), FAIR_CHECK_PASS, "tpr[B] 1/2 > 0.4");
	gsl_test_int(eval("accuracy >= 0.6", r, false, &res, msg, sizeof msg), FAIR_CHECK_PASS, "overall accuracy");
	gsl_test_rel(res.value, 2.0 / 3, EPS, "overall accuracy 8/12");
	gsl_test_str(res.group_a, "overall", "overall label");
	gsl_test_int(eval("tpr[*] >= 0.6", r, false, &res, msg, sizeof msg), FAIR_CHECK_FAIL, "every group: B fails");
	gsl_test_str(res.group_a, "B", "lowest TPR is B");
	gsl_test_str(res.reason, "0.5, not >= 0.6 (lowest: group B)", "* reason");
	gsl_test_int(eval("tpr[*] <= 0.7", r, false, &res, msg, sizeof msg), FAIR_CHECK_PASS, "every group below 0.7");
	gsl_test_str(res.group_a, "A", "highest TPR is A");
	gsl_test_int(eval("selection_rate[*] > 0.3", r, false, &res, msg, sizeof msg), FAIR_CHECK_PASS, "sel 1/2, 1/3");
	/* undefined: group C has no positives (strict convention: TPR NaN) */
	gsl_test_int(eval("tpr[C] >= 0.5", r3, false, &res, msg, sizeof msg), FAIR_CHECK_INCONCLUSIVE, "TPR of C undefined");
	gsl_test(strstr(res.reason, "undefined for C") == NULL, "undefined reason: %s", res.reason);
	gsl_test_int(eval("tpr[*] >= 0", r3, false, &res, msg, sizeof msg), FAIR_CHECK_INCONCLUSIVE, "* with an undefined group");
	gsl_test_str(res.group_a, "C", "the undefined group is named");
	/* checks that do not apply */
	gsl_test_int(eval("tpr[D] >= 0", r, false, &res, msg, sizeof msg), -1, "no group D");
	gsl_test(strstr(msg, "no group 'D' in the audit (groups: A, B;") == NULL, "no group message: %s", msg);
	gsl_test_int(eval("mse < 1", r, false, &res, msg, sizeof msg), -1, "mse on classification");
	gsl_test(strstr(msg, "mse is not a figure of a binary target") == NULL, "mse message: %s", msg);
	gsl_test_int(eval("ks_unfairness < 1", r, false, &res, msg, sizeof msg), -1, "regression metric");
	gsl_test(strstr(msg, "ks_unfairness is a regression metric; this audit is of a binary target") == NULL,
	         "task message: %s", msg);
	/* a metric's interval needs no bootstrap: its score interval (Newcombe
	 * for a difference of rates), whose upper end cannot pass 1 */
	gsl_test_int(eval("deo <= 1", r, true, &res, msg, sizeof msg), FAIR_CHECK_PASS, "interval without bootstrap");
	gsl_test(!res.has_ci || res.ci_low != r->metrics[FAIR_M_DEO].ci_low ||
	         res.ci_high != r->metrics[FAIR_M_DEO].ci_high || !(res.ci_high <= 1),
	         "the metric's own interval [%g, %g]", res.ci_low, res.ci_high);
	gsl_test_int(eval("tpr[A] >= 0", r, true, &res, msg, sizeof msg), -1, "figure interval without bootstrap");
	fair_report_free(r);
	fair_report_free(r3);
}

static void
test_intervals(void)
{
	fair_report *r = audit(12, 2, 400, true);
	fair_check_result res;
	char msg[600], expr[200];

	gsl_test(r == NULL, "bootstrap audit");
	if (r == NULL)
		return;
	const fair_metric_value *mv = &r->metrics[FAIR_M_EOPP_DIFF];
	double v = mv->value, lo = mv->ci_low, hi = mv->ci_high;
	gsl_test(!(lo < v && v < hi), "a proper interval around 1/6: [%g, %g]", lo, hi);
	/* the value passes, the interval reaches beyond the limit: only ci fails */
	snprintf(expr, sizeof expr, "equal_opportunity_difference <= %.17g", (v + hi) / 2);
	gsl_test_int(eval(expr, r, false, &res, msg, sizeof msg), FAIR_CHECK_PASS, "point passes");
	gsl_test_int(eval(expr, r, true, &res, msg, sizeof msg), FAIR_CHECK_FAIL, "interval fails");
	gsl_test(strstr(res.reason, "reaches above") == NULL, "ci reason: %s", res.reason);
	gsl_test_rel(res.ci_high, hi, 0, "interval reported");
	snprintf(expr, sizeof expr, "equal_opportunity_difference <= %.17g", hi);
	gsl_test_int(eval(expr, r, true, &res, msg, sizeof msg), FAIR_CHECK_PASS, "whole interval at the limit passes");
	snprintf(expr, sizeof expr, "equal_opportunity_difference < %.17g", hi);
	gsl_test_int(eval(expr, r, true, &res, msg, sizeof msg), FAIR_CHECK_FAIL, "< excludes the upper end");
	/* >=: the lower end decides */
	snprintf(expr, sizeof expr, "equal_opportunity_difference >= %.17g", (lo + v) / 2);
	gsl_test_int(eval(expr, r, true, &res, msg, sizeof msg), FAIR_CHECK_FAIL, ">=: lower end below");
	gsl_test(strstr(res.reason, "reaches below") == NULL, "ci reason below: %s", res.reason);
	snprintf(expr, sizeof expr, "equal_opportunity_difference >= %.17g", lo);
	gsl_test_int(eval(expr, r, true, &res, msg, sizeof msg), FAIR_CHECK_PASS, ">=: lower end at the limit");
	/* a figure's interval, and every group's */
	const fair_group_figures *A = &r->groups[0];
	gsl_test(!(A->ci_low[FAIR_FIG_TPR] <= A->fig[FAIR_FIG_TPR] && A->fig[FAIR_FIG_TPR] <= A->ci_high[FAIR_FIG_TPR]),
	         "TPR interval of A contains 2/3");
	gsl_test(!isnan(A->ci_low[FAIR_FIG_AUC]), "no AUC interval (AUC is not resampled)");
	snprintf(expr, sizeof expr, "tpr[A] >= %.17g", A->ci_low[FAIR_FIG_TPR]);
	gsl_test_int(eval(expr, r, true, &res, msg, sizeof msg), FAIR_CHECK_PASS, "tpr[A] interval at the limit");
	snprintf(expr, sizeof expr, "tpr[*] >= %.17g", fmin(A->ci_low[FAIR_FIG_TPR], r->groups[1].ci_low[FAIR_FIG_TPR]));
	gsl_test_int(eval(expr, r, true, &res, msg, sizeof msg), FAIR_CHECK_PASS, "tpr[*] intervals at the limit");
	snprintf(expr, sizeof expr, "tpr[*] >= %.17g", fmin(A->ci_low[FAIR_FIG_TPR], r->groups[1].ci_low[FAIR_FIG_TPR]) + 1e-9);
	gsl_test_int(eval(expr, r, true, &res, msg, sizeof msg), FAIR_CHECK_FAIL, "tpr[*] one interval below");
	gsl_test_int(eval("auc[A] >= 0", r, true, &res, msg, sizeof msg), FAIR_CHECK_INCONCLUSIVE, "AUC without scores");
	fair_report_free(r);
}

/* The exact 2.5% and 97.5% quantiles (as counts) of a distribution on
 * 0..n given by its probabilities @p. */
static void
quantiles(const double *p, size_t n, double *q_lo, double *q_hi)
{
	double c = 0;
	*q_lo = *q_hi = NAN;
	for (size_t k = 0; k <= n; k++) {
		c += p[k];
		if (isnan(*q_lo) && c >= 0.025)
			*q_lo = (double)k;
		if (isnan(*q_hi) && c >= 0.975)
			*q_hi = (double)k;
	}
}

static void
test_figure_ci_binomial(void)
{
	/* Two groups of 400 rows; 120 and 200 selected. The stratified bootstrap
	 * draws each group's four confusion cells from a multinomial, so a
	 * group's selected count is Binomial(400, 0.3) or (400, 0.5) and the
	 * overall count their sum (a convolution). The percentile interval of
	 * B = 4000 resamples estimates their 2.5% and 97.5% quantiles: the
	 * sampling error of such a quantile is about sqrt(.025 .975 / B) /
	 * density ~ 0.4 counts here (sd 9.2 counts, density 0.0064 per count
	 * at the tail), and the interpolation between neighbouring counts adds
	 * up to one count: two counts (three for the sum) bound both. */
	enum { N = 400 };
	double *y = malloc(2 * N * sizeof *y), *p = malloc(2 * N * sizeof *p);
	int32_t *g = malloc(2 * N * sizeof *g);
	double pa[N + 1], pb[N + 1], ps[2 * N + 1], lo, hi;
	fair_audit_input in;
	fair_audit_opts o;
	fair_error err;

	for (size_t i = 0; i < 2 * N; i++) {
		size_t k = i % N;
		g[i] = i < N ? 0 : 1;
		y[i] = k % 2;
		p[i] = k < (i < N ? 120u : 200u);
	}
	memset(&in, 0, sizeof in);
	in.n = 2 * N;
	in.y = y;
	in.yhat = p;
	in.group = g;
	in.K = 2;
	in.labels = LAB3;
	in.privileged = -1;
	in.task = FAIR_TASK_CLASSIFICATION;
	fair_audit_opts_init(&o);
	o.bootstrap = 4000;
	o.seed = 5;
	fair_report *plain = fair_audit(&in, &o, &err);
	o.figure_ci = true;
	fair_report *r = fair_audit(&in, &o, &err);
	gsl_test(r == NULL || plain == NULL, "audits");
	if (r == NULL || plain == NULL)
		goto out;
	for (size_t k = 0; k <= N; k++) {
		pa[k] = gsl_ran_binomial_pdf((unsigned)k, 0.3, N);
		pb[k] = gsl_ran_binomial_pdf((unsigned)k, 0.5, N);
	}
	for (size_t s = 0; s <= 2 * N; s++) {
		ps[s] = 0;
		for (size_t k = 0; k <= N; k++)
			if (s >= k && s - k <= N)
				ps[s] += pa[k] * pb[s - k];
	}
	quantiles(pa, N, &lo, &hi);
	gsl_test_abs(r->groups[0].ci_low[FAIR_FIG_SELECTION_RATE] * N, lo, 2, "group A 2.5%% quantile (%g)", lo);
	gsl_test_abs(r->groups[0].ci_high[FAIR_FIG_SELECTION_RATE] * N, hi, 2, "group A 97.5%% quantile (%g)", hi);
	quantiles(pb, N, &lo, &hi);
	gsl_test_abs(r->groups[1].ci_low[FAIR_FIG_SELECTION_RATE] * N, lo, 2, "group B 2.5%% quantile (%g)", lo);
	gsl_test_abs(r->groups[1].ci_high[FAIR_FIG_SELECTION_RATE] * N, hi, 2, "group B 97.5%% quantile (%g)", hi);
	quantiles(ps, 2 * N, &lo, &hi);
	gsl_test_abs(r->overall.ci_low[FAIR_FIG_SELECTION_RATE] * 2 * N, lo, 3, "overall 2.5%% quantile (%g)", lo);
	gsl_test_abs(r->overall.ci_high[FAIR_FIG_SELECTION_RATE] * 2 * N, hi, 3, "overall 97.5%% quantile (%g)", hi);
	/* the figures' intervals come from the metrics' resamples: asking for
	 * them changes no metric interval, bit for bit */
	for (int id = FAIR_M_DP_DIFF; id <= FAIR_M_DEO; id++)
		gsl_test(r->metrics[id].ci_low != plain->metrics[id].ci_low ||
		         r->metrics[id].ci_high != plain->metrics[id].ci_high, "same metric interval %d", id);
	/* unless asked, the groups' rates carry their Wilson intervals */
	{
		const fair_group_figures *A = &plain->groups[0];
		double wl, wh, x = A->fig[FAIR_FIG_SELECTION_RATE] * A->n;
		fair_wilson_ci(x, A->n, gsl_cdf_ugaussian_Qinv(0.025), &wl, &wh);
		gsl_test_rel(A->ci_low[FAIR_FIG_SELECTION_RATE], wl, 1e-12, "Wilson low without figure_ci");
		gsl_test_rel(A->ci_high[FAIR_FIG_SELECTION_RATE], wh, 1e-12, "Wilson high without figure_ci");
		gsl_test(fabs(r->groups[0].ci_low[FAIR_FIG_SELECTION_RATE] - wl) < 1e-15, "figure_ci replaces them");
	}
out:
	fair_report_free(r);
	fair_report_free(plain);
	free(y);
	free(p);
	free(g);
}

/* Groups below the minimum size (default 30; these have 6 rows): the
 * audit's verdict is inconclusive and so is any check of the metric, pass
 * or fail by value; with three groups and min_group 5, C (4 rows) is left
 * out and the reason says so. */
static void
test_small(void)
{
	fair_report *r = audit_min(12, 2, 0, false, 30), *r3 = audit_min(16, 3, 0, false, 5);
	fair_check_result res;
	char msg[600];

	gsl_test(r == NULL || r3 == NULL, "audits");
	if (r == NULL || r3 == NULL)
		goto out;
	gsl_test_int(r->metrics[FAIR_M_EOPP_DIFF].verdict, FAIR_VERDICT_INCONCLUSIVE, "audit: inconclusive");
	gsl_test_int(eval("equal_opportunity_difference <= 0.2", r, false, &res, msg, sizeof msg), FAIR_CHECK_INCONCLUSIVE,
	             "1/6 <= 0.2, but small groups");
	gsl_test(strstr(res.reason, "0.1667 <= 0.2 (tpr: A 0.6667 vs B 0.5); inconclusive: the groups compared have "
	                "fewer than 30 rows") != res.reason, "small reason: %s", res.reason);
	gsl_test_int(eval("equal_opportunity_difference < 0.1", r, false, &res, msg, sizeof msg), FAIR_CHECK_INCONCLUSIVE,
	             "1/6 >= 0.1, but small groups");
	/* figures are read as they are */
	gsl_test_int(eval("tpr[B] > 0.4", r, false, &res, msg, sizeof msg), FAIR_CHECK_PASS, "a figure of a small group");
	/* C (4 rows) left out: A vs B (6 rows each) is judged, and said to be */
	gsl_test_int(eval("selection_rate[A] >= 0", r3, false, &res, msg, sizeof msg), FAIR_CHECK_PASS, "figure");
	gsl_test_int(eval("demographic_parity_difference <= 0.5", r3, false, &res, msg, sizeof msg), FAIR_CHECK_PASS,
	             "C left out");
	gsl_test(strstr(res.reason, "; 1 group below 5 rows left out") == NULL, "left-out reason: %s", res.reason);
	gsl_test(res.group_a == NULL || res.group_b == NULL || !strcmp(res.group_a, "C") || !strcmp(res.group_b, "C"),
	         "C not compared");
out:
	fair_report_free(r);
	fair_report_free(r3);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_parse();
	test_eval();
	test_intervals();
	test_small();
	test_figure_ci_binomial();
	return gsl_test_summary();
}
