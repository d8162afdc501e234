/* test-curves.c -- the per-group threshold curves of `view thresholds`
 * (src/core/metric/curves.c): hand-worked counts on the 12-row toy table, steps
 * through ties, and agreement with the core audit (fair_audit) on random
 * data with many ties. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_test.h>

#include "fairsh/metric.h"

/* tests/data/toy12.csv: column p as the score, sex as the group (F = 0, M = 1) */
static const double toy_s[] = { 0.9, 0.8, 0.4, 0.7, 0.2, 0.1, 0.95, 0.85, 0.6, 0.55, 0.3, 0.05 };
static const double toy_y[] = { 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0 };
static const int32_t toy_g[] = { 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1 };

static void
test_toy(void)
{
	fair_error err;
	fair_curves *t = fair_curves_new(toy_s, toy_y, toy_g, 12, 2, &err);
	fair_curve_point f[2];
	fair_curve_gaps fr;
	double thr[2] = { 0.5, 0.5 };

	gsl_test(t == NULL, "toy sweep built");
	if (t == NULL)
		return;
	gsl_test_int((int)t->n[0], 6, "F rows");
	gsl_test_int((int)t->pos[1], 2, "M positives");
	gsl_test_abs(t->lo, 0.05, 0, "lowest score");
	gsl_test_abs(t->hi, 0.95, 0, "highest score");
	/* both at 0.5 (= the yhat column of toy12, worked in audit-toy12.fsh):
	 * F selects 0.9 0.8 0.7: SR 3/6, TP 2 of 3, FP 1 of 3, acc (2+2)/6
	 * M selects 0.95 0.85 0.6 0.55: SR 4/6, TPR 2/2, FPR 2/4, acc (2+2)/6
	 * DP 1/6, EO 1/3, EOdds max(1/3, 1/6) = 1/3, overall acc 8/12 */
	fair_curves_all(t, thr, f, &fr);
	gsl_test_int((int)f[0].sel, 3, "F selected at 0.5");
	gsl_test_abs(f[0].sel_rate, 0.5, 1e-15, "F selection rate at 0.5");
	gsl_test_abs(f[0].tpr, 2.0 / 3, 1e-15, "F TPR at 0.5");
	gsl_test_abs(f[0].fpr, 1.0 / 3, 1e-15, "F FPR at 0.5");
	gsl_test_abs(f[0].acc, 4.0 / 6, 1e-15, "F accuracy at 0.5");
	gsl_test_abs(f[1].sel_rate, 4.0 / 6, 1e-15, "M selection rate at 0.5");
	gsl_test_abs(f[1].tpr, 1.0, 1e-15, "M TPR at 0.5");
	gsl_test_abs(f[1].fpr, 0.5, 1e-15, "M FPR at 0.5");
	gsl_test_abs(fr.dp, 1.0 / 6, 1e-15, "DP difference at 0.5");
	gsl_test_abs(fr.eo, 1.0 / 3, 1e-15, "EO difference at 0.5");
	gsl_test_abs(fr.eodds, 1.0 / 3, 1e-15, "EOdds difference at 0.5");
	gsl_test_abs(fr.acc, 8.0 / 12, 1e-15, "overall accuracy at 0.5");
	/* F at 0.3: 0.9 0.8 0.4 0.7 -> SR 4/6, TPR 1, FPR 1/3, acc 5/6
	 * M at 0.7: 0.95 0.85 -> SR 2/6, TPR 1, FPR 0, acc 1
	 * DP 1/3, EO 0, EOdds max(0, 1/3) = 1/3, overall acc 11/12 */
	thr[0] = 0.3;
	thr[1] = 0.7;
	fair_curves_all(t, thr, f, &fr);
	gsl_test_abs(f[0].sel_rate, 4.0 / 6, 1e-15, "F selection rate at 0.3");
	gsl_test_abs(f[0].acc, 5.0 / 6, 1e-15, "F accuracy at 0.3");
	gsl_test_abs(f[1].fpr, 0.0, 0, "M FPR at 0.7");
	gsl_test_abs(fr.dp, 1.0 / 3, 1e-15, "DP difference at 0.3/0.7");
	gsl_test_abs(fr.eo, 0.0, 0, "EO difference at 0.3/0.7");
	gsl_test_abs(fr.eodds, 1.0 / 3, 1e-15, "EOdds difference at 0.3/0.7");
	gsl_test_abs(fr.acc, 11.0 / 12, 1e-15, "overall accuracy at 0.3/0.7");
	/* a threshold equal to a score does not select it (score > t) */
	fair_curves_eval(t, 0, 0.4, &f[0]);
	gsl_test_int((int)f[0].sel, 3, "score equal to the threshold is not selected");
	/* steps: F sorted 0.1 0.2 0.4 0.7 0.8 0.9; 1% of 6 rows rounds to 0 -> 1 row */
	gsl_test_abs(fair_curves_step(t, 0, 0.5, 1, 0.01), 0.7, 0, "F one step up from 0.5");
	gsl_test_abs(fair_curves_step(t, 0, 0.5, -1, 0.01), 0.2, 0, "F one step down from 0.5");
	gsl_test_abs(fair_curves_step(t, 0, 0.5, 5, 0.01), 0.9, 0, "F steps up stop at the top");
	gsl_test(!(fair_curves_step(t, 0, 0.5, -3, 0.01) < 0.1), "F steps down go below the lowest score");
	gsl_test_abs(fair_curves_step(t, 0, 0.5, 0, 0.01), 0.5, 0, "zero steps");
	gsl_test_abs(fair_curves_step(t, 0, 0.5, 1, 0.5), 0.9, 0, "F one big step (3 rows) up from 0.5");
	fair_curves_free(t);
}

static void
test_ties(void)
{
	/* one group with scores 1 1 1 2: from 1.5 (3 rows at or below) one step
	 * down must select more rows even inside the tie block: below 1 */
	static const double s[] = { 1, 1, 1, 2, 5 };
	static const double y[] = { 1, 0, 1, 1, 0 };
	static const int32_t g[] = { 0, 0, 0, 0, 1 };
	fair_error err;
	fair_curves *t = fair_curves_new(s, y, g, 5, 2, &err);
	fair_curve_point f;
	double x;

	gsl_test(t == NULL, "tie sweep built");
	if (t == NULL)
		return;
	x = fair_curves_step(t, 0, 1.5, -1, 0.01);
	gsl_test(!(x < 1), "step down through a tie block leaves it");
	fair_curves_eval(t, 0, x, &f);
	gsl_test_int((int)f.sel, 4, "every row selected below the tie block");
	x = fair_curves_step(t, 0, x, 1, 0.01);
	gsl_test_abs(x, 1, 0, "step up from below lands on the tie value");
	fair_curves_eval(t, 0, x, &f);
	gsl_test_int((int)f.sel, 1, "only the 2 is above the tie value");
	/* group 1: one negative row with score 5, selected at 0: FPR 1/1, no TPR */
	fair_curves_eval(t, 1, 0, &f);
	gsl_test_abs(f.fpr, 1.0, 0, "group 1: FPR 1/1");
	gsl_test(!isnan(f.tpr), "TPR without positives is NaN");
	fair_curves_free(t);
}

/* Random data with ties against fair_audit (strict convention, no weights):
 * the same selection rates, TPR, FPR, accuracy and the three differences. */
static void
test_vs_audit(void)
{
	enum { N = 20000, K = 3 };
	static double s[N], y[N], yhat[N];
	static int32_t g[N];
	static const char *const labels[] = { "a", "b", "c" };
	double thr[K] = { 0.31, 0.5, 0.62 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	fair_error err;
	fair_curves *t;
	fair_curve_point f[K];
	fair_curve_gaps fr;
	fair_audit_input in = { 0 };
	fair_report *rep;

	gsl_rng_set(r, 20240611);
	for (size_t i = 0; i < N; i++) {
		g[i] = (int32_t)gsl_rng_uniform_int(r, K + 1) - 1;          /* some rows without group */
		s[i] = floor(gsl_rng_uniform(r) * 50) / 50;                  /* 50 distinct values: ties */
		y[i] = gsl_rng_uniform(r) < 0.3 + 0.5 * s[i] ? 1 : 0;
		if (i % 97 == 0)
			s[i] = NAN;                                              /* no score: left out */
	}
	t = fair_curves_new(s, y, g, N, K, &err);
	gsl_test(t == NULL, "random sweep built");
	if (t == NULL) {
		gsl_rng_free(r);
		return;
	}
	fair_curves_all(t, thr, f, &fr);
	for (size_t i = 0; i < N; i++) {
		if (isnan(s[i]))
			g[i] = -1;
		yhat[i] = g[i] >= 0 && s[i] > thr[g[i]] ? 1 : 0;
	}
	in.n = N;
	in.y = y;
	in.yhat = yhat;
	in.group = g;
	in.K = K;
	in.labels = labels;
	in.privileged = -1;
	in.task = FAIR_TASK_CLASSIFICATION;
	rep = fair_audit(&in, NULL, &err);
	gsl_test(rep == NULL, "reference audit ran");
	if (rep) {
		for (size_t k = 0; k < K; k++) {
			gsl_test_int((int)f[k].n, (int)rep->groups[k].rows, "group %zu rows", k);
			gsl_test_rel(f[k].sel_rate, rep->groups[k].fig[FAIR_FIG_SELECTION_RATE], 1e-14, "group %zu selection rate", k);
			gsl_test_rel(f[k].tpr, rep->groups[k].fig[FAIR_FIG_TPR], 1e-14, "group %zu TPR", k);
			gsl_test_rel(f[k].fpr, rep->groups[k].fig[FAIR_FIG_FPR], 1e-14, "group %zu FPR", k);
			gsl_test_rel(f[k].acc, rep->groups[k].fig[FAIR_FIG_ACCURACY], 1e-14, "group %zu accuracy", k);
		}
		gsl_test_rel(fr.acc, rep->overall.fig[FAIR_FIG_ACCURACY], 1e-14, "overall accuracy");
		gsl_test_abs(fr.dp, rep->metrics[FAIR_M_DP_DIFF].value, 1e-14, "DP difference");
		gsl_test_abs(fr.eo, rep->metrics[FAIR_M_EOPP_DIFF].value, 1e-14, "EO difference");
		gsl_test_abs(fr.eodds, rep->metrics[FAIR_M_EODDS_DIFF].value, 1e-14, "EOdds difference");
		fair_report_free(rep);
	}
	fair_curves_free(t);
	gsl_rng_free(r);
}

static void
test_errors(void)
{
	static const double s[] = { NAN, 0.5 };
	static const double y[] = { 1, 0.5 };
	static const int32_t g[] = { 0, 0 };
	fair_error err;

	gsl_test(fair_curves_new(s, y, g, 2, 0, &err) != NULL, "K = 0 fails");
	gsl_test_int(err.code, FAIR_EINVAL, "K = 0: FAIR_EINVAL");
	gsl_test(fair_curves_new(s, y, g, 2, 1, &err) != NULL, "no usable row fails");
	gsl_test_str(err.msg, "no row has a score, a 0/1 target and a group", "no usable row: message");
	fair_curves_free(NULL);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_toy();
	test_ties();
	test_vs_audit();
	test_errors();
	return gsl_test_summary();
}
