/* test-disparity.c -- disparities of any figure (src/core/metric/disparity.c)
 * on a hand-worked three-group table: the new figures FOR, FDR, PPR and
 * PPREV, the reference group by every rule, Aequitas's ratio rules (x / 0
 * capped at 10, 0 / 0 undefined), parity at a limit and per figure, the
 * composite parities in three-valued logic, the spread and the gap to the
 * overall value, every error, and the fairness tree. The Aequitas test
 * suite's own cases run through the shell in tests/cli/peer-aequitas.sh. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/disparity.h"
#include "fairsh/spec.h"

/* Every value below is a ratio of small integers: the only rounding is the
 * division itself and one more operation, so 4 ulps of 1 is ample. */
#define EPS 1e-15

static const char *const LAB[3] = { "A", "B", "C" };
/* A (rows 0-5): y 1 1 1 0 0 0, yhat 1 1 0 1 0 0: TP 2 FN 1 FP 1 TN 2
 *   pp 3 pn 3: FPR 1/3 FNR 1/3 FOR 1/3 FDR 1/3 PPREV 1/2
 * B (rows 6-11): y 1 1 0 0 0 0, yhat 1 0 1 0 0 0: TP 1 FN 1 FP 1 TN 3
 *   pp 2 pn 4: FPR 1/4 FNR 1/2 FOR 1/4 FDR 1/2 PPREV 1/3
 * C (rows 12-15): y 0 0 0 0, yhat 1 0 0 0: TP 0 FN 0 FP 1 TN 3
 *   pp 1 pn 3: FPR 1/4, FNR undefined (no positives), FOR 0, FDR 1, PPREV 1/4
 * all positive decisions 3 + 2 + 1 = 6: PPR A 1/2, B 1/3, C 1/6
 * overall: FP 3 over N 3 + 4 + 4 = 11, FPR 3/11 */
static const double Y[16] = { 1, 1, 1, 0, 0, 0,   1, 1, 0, 0, 0, 0,   0, 0, 0, 0 };
static const double P[16] = { 1, 1, 0, 1, 0, 0,   1, 0, 1, 0, 0, 0,   1, 0, 0, 0 };
static const int32_t G[16] = { 0, 0, 0, 0, 0, 0,   1, 1, 1, 1, 1, 1,   2, 2, 2, 2 };

static fair_report *
audit(int conv)
{
	fair_audit_input in;
	fair_audit_opts o;
	fair_error err;

	memset(&in, 0, sizeof in);
	in.n = 16;
	in.y = Y;
	in.yhat = P;
	in.group = G;
	in.K = 3;
	in.labels = LAB;
	in.privileged = -1;
	in.task = FAIR_TASK_CLASSIFICATION;
	fair_audit_opts_init(&o);
	o.convention = conv;
	return fair_audit(&in, &o, &err);
}

static const fair_disparity_fig *
fig(const fair_disparity *d, int f)
{
	for (size_t i = 0; i < d->nfig; i++)
		if (d->figs[i].fig == f)
			return &d->figs[i];
	return NULL;
}

static void
test_figures(void)
{
	fair_report *r = audit(FAIR_CONV_STRICT);
	gsl_test(r == NULL, "audit runs");
	if (r == NULL)
		return;
	const fair_group_figures *A = &r->groups[0], *B = &r->groups[1], *C = &r->groups[2];
	gsl_test_rel(A->fig[FAIR_FIG_FOR], 1.0 / 3, EPS, "FOR A = FN/pn = 1/3");
	gsl_test_rel(B->fig[FAIR_FIG_FOR], 1.0 / 4, EPS, "FOR B = 1/4");
	gsl_test_abs(C->fig[FAIR_FIG_FOR], 0, 0, "FOR C = 0/3");
	gsl_test_rel(A->fig[FAIR_FIG_FDR], 1.0 / 3, EPS, "FDR A = FP/pp = 1/3");
	gsl_test_rel(B->fig[FAIR_FIG_FDR], 1.0 / 2, EPS, "FDR B = 1/2");
	gsl_test_rel(C->fig[FAIR_FIG_FDR], 1, EPS, "FDR C = 1/1");
	gsl_test_rel(A->fig[FAIR_FIG_PPR], 1.0 / 2, EPS, "PPR A = 3/6");
	gsl_test_rel(C->fig[FAIR_FIG_PPR], 1.0 / 6, EPS, "PPR C = 1/6");
	gsl_test_rel(B->fig[FAIR_FIG_PPREV], 1.0 / 3, EPS, "PPREV B = 2/6");
	gsl_test_rel(C->fig[FAIR_FIG_PPREV], C->fig[FAIR_FIG_SELECTION_RATE], 0, "PPREV is the selection rate");
	/* invariants: FDR = 1 - PPV, FOR = 1 - NPV wherever defined */
	for (size_t k = 0; k < 3; k++) {
		const fair_group_figures *g = &r->groups[k];
		gsl_test_abs(g->fig[FAIR_FIG_FDR] + g->fig[FAIR_FIG_PPV], 1, EPS, "FDR + PPV = 1 (%s)", g->label);
		gsl_test_abs(g->fig[FAIR_FIG_FOR] + g->fig[FAIR_FIG_NPV], 1, EPS, "FOR + NPV = 1 (%s)", g->label);
	}
	gsl_test_rel(r->overall.fig[FAIR_FIG_FDR], 3.0 / 6, EPS, "overall FDR 3/6");
	fair_report_free(r);
}

/* Aequitas's default figures against the largest group: A and B have 6 rows
 * each, so the first, A, is the reference (pandas idxmax keeps the first). */
static void
test_largest(void)
{
	fair_report *r = audit(FAIR_CONV_STRICT);
	fair_disparity *d;
	fair_error err;
	size_t nf;
	const int *figs = fair_disparity_aequitas_figures(&nf);

	gsl_test(nf != 6, "aequitas figures: fpr fnr for fdr ppr pprev");
	d = fair_disparity_compute(r, figs, nf, NULL, &err);
	gsl_test(d == NULL, "disparity with default options");
	if (d == NULL) {
		fair_report_free(r);
		return;
	}
	const fair_disparity_fig *f = fig(d, FAIR_FIG_FPR);
	gsl_test(f->ref != 0, "largest group, first on ties: A");
	gsl_test_rel(f->cell[1].ratio, 0.75, EPS, "fpr B / A = (1/4) / (1/3)");
	gsl_test_rel(f->cell[1].diff, 1.0 / 4 - 1.0 / 3, EPS, "fpr B - A");
	gsl_test(f->cell[1].parity != FAIR_PARITY_FALSE, "0.75 < 0.8: out of parity");
	gsl_test(f->cell[0].parity != FAIR_PARITY_TRUE, "the reference is in parity with itself");
	gsl_test(f->parity != FAIR_PARITY_FALSE, "fpr parity over the groups: false");
	/* the spread: max A 1/3, min B 1/4 (first of B and C), ratio 3/4;
	 * the gap to overall 3/11: A 2/33, B 1/44, C 1/44; ratio min(9/11, 11/12) */
	gsl_test(f->gmax != 0 || f->gmin != 1, "fpr max A, min B");
	gsl_test_rel(f->diff, 1.0 / 12, 4 * EPS, "fpr max - min = 1/12");
	gsl_test_rel(f->ratio, 0.75, EPS, "fpr min / max");
	gsl_test_rel(f->diff_overall, 2.0 / 33, 4 * EPS, "fpr largest gap to overall 2/33");
	gsl_test_rel(f->ratio_overall, 9.0 / 11, EPS, "fpr smallest ratio to overall 9/11");
	f = fig(d, FAIR_FIG_FNR);
	gsl_test_rel(f->cell[1].ratio, 1.5, EPS, "fnr B / A = (1/2) / (1/3)");
	gsl_test(!isnan(f->cell[2].ratio) || f->cell[2].parity != FAIR_PARITY_NA, "fnr C undefined: NA");
	gsl_test(f->parity != FAIR_PARITY_FALSE, "fnr: false beats NA");
	f = fig(d, FAIR_FIG_FDR);
	gsl_test_rel(f->cell[2].ratio, 3, EPS, "fdr C / A = 1 / (1/3)");
	f = fig(d, FAIR_FIG_PPR);
	gsl_test_rel(f->cell[2].ratio, 1.0 / 3, EPS, "ppr C / A = (1/6) / (1/2)");
	gsl_test(!isnan(f->overall) || !isnan(f->diff_overall), "ppr has no gap to overall (its overall is 1)");
	/* composites: A all true; B: FPR and FDR false -> type I false;
	 * C: FNR NA and FOR false (0 / (1/3)) -> type II false */
	gsl_test(d->groups[0].supervised != FAIR_PARITY_TRUE || d->groups[0].unsupervised != FAIR_PARITY_TRUE,
	         "A: every composite true");
	gsl_test(d->groups[1].type1 != FAIR_PARITY_FALSE, "B: type I false");
	gsl_test(d->groups[2].type2 != FAIR_PARITY_FALSE, "C: type II false (NA and false)");
	gsl_test(d->groups[0].equalized_odds != FAIR_PARITY_NA, "equalized odds NA: tpr not asked for");
	fair_disparity_free(d);
	fair_report_free(r);
}

static void
test_min_metric_and_limits(void)
{
	fair_report *r = audit(FAIR_CONV_STRICT);
	fair_disparity_opts o;
	fair_disparity *d;
	fair_error err;
	const int figs[3] = { FAIR_FIG_FPR, FAIR_FIG_FOR, FAIR_FIG_FNR };

	fair_disparity_opts_init(&o);
	o.ref_mode = FAIR_REF_MIN_METRIC;
	d = fair_disparity_compute(r, figs, 3, &o, &err);
	gsl_test(d == NULL, "min_metric runs");
	if (d != NULL) {
		const fair_disparity_fig *f = fig(d, FAIR_FIG_FPR);
		/* lowest fpr 1/4 in B and C: the first, B */
		gsl_test(f->ref != 1, "fpr reference: B, the first lowest");
		gsl_test_rel(f->cell[0].ratio, 4.0 / 3, EPS, "fpr A / B = 4/3");
		gsl_test(f->cell[0].parity != FAIR_PARITY_FALSE, "4/3 > 1.25");
		gsl_test(f->cell[2].parity != FAIR_PARITY_TRUE, "C / B = 1");
		f = fig(d, FAIR_FIG_FOR);
		/* lowest for: C's 0. Dividing by it: x / 0 is 10 (Aequitas's
		 * fill_divbyzero), 0 / 0 undefined */
		gsl_test(f->ref != 2, "for reference: C");
		gsl_test_abs(f->cell[0].ratio, 10, 0, "for A / 0 capped at 10");
		gsl_test_abs(f->cell[1].ratio, 10, 0, "for B / 0 capped at 10");
		gsl_test(!isnan(f->cell[2].ratio), "for 0 / 0 undefined");
		gsl_test(f->cell[2].parity != FAIR_PARITY_NA, "for 0 / 0: NA");
		f = fig(d, FAIR_FIG_FNR);
		gsl_test(f->ref != 0, "fnr reference: A (C has none)");
		gsl_test(d->ref_mode != FAIR_REF_MIN_METRIC, "the mode is reported");
		fair_disparity_free(d);
	}
	/* limits: fpr at 0.7 makes 0.75 fair; fnr keeps 0.8 (1.5 > 1.25);
	 * the bounds are inclusive: fnr at 2/3 accepts 1.5 = 1 / (2/3) */
	fair_disparity_opts_init(&o);
	o.ref_mode = FAIR_REF_GROUP;
	o.ref_group = 0;
	o.fig_limit[FAIR_FIG_FPR] = 0.7;
	d = fair_disparity_compute(r, figs, 3, &o, &err);
	if (d != NULL) {
		gsl_test(fig(d, FAIR_FIG_FPR)->parity != FAIR_PARITY_TRUE, "fpr at 0.7: every group in parity");
		gsl_test_abs(fig(d, FAIR_FIG_FPR)->limit, 0.7, 0, "fpr's own limit");
		gsl_test_abs(fig(d, FAIR_FIG_FNR)->limit, 0.8, 0, "fnr: the common limit");
		gsl_test(fig(d, FAIR_FIG_FNR)->cell[1].parity != FAIR_PARITY_FALSE, "fnr 1.5 at 0.8: false");
		/* type I: fpr true, fdr not asked (NA): NA; type II of B: fnr false */
		gsl_test(d->groups[1].type1 != FAIR_PARITY_NA, "type I of B: true and NA give NA");
		gsl_test(d->groups[1].type2 != FAIR_PARITY_FALSE, "type II of B: false");
		fair_disparity_free(d);
	}
	o.fig_limit[FAIR_FIG_FPR] = NAN;
	o.limit = 1.0 / 1.5;
	d = fair_disparity_compute(r, figs + 2, 1, &o, &err);
	if (d != NULL) {
		gsl_test(d->figs[0].cell[1].parity != FAIR_PARITY_TRUE, "ratio 1.5 at limit 1/1.5: in parity");
		fair_disparity_free(d);
	}
	fair_report_free(r);
}

/* The figures come from the report: under fairlearn an empty rate is 0, so
 * C's FNR is 0 and its ratio to A is 0, out of parity instead of NA. */
static void
test_convention(void)
{
	fair_report *r = audit(FAIR_CONV_FAIRLEARN);
	fair_error err;
	const int f1[1] = { FAIR_FIG_FNR };
	fair_disparity *d = fair_disparity_compute(r, f1, 1, NULL, &err);
	gsl_test(d == NULL || d->figs[0].cell[2].ratio != 0 || d->figs[0].cell[2].parity != FAIR_PARITY_FALSE,
	         "fairlearn: FNR of C is 0, ratio 0, false");
	fair_disparity_free(d);
	fair_report_free(r);
}

static void
test_errors(void)
{
	fair_report *r = audit(FAIR_CONV_STRICT);
	fair_disparity_opts o;
	fair_error err;
	const int twice[2] = { FAIR_FIG_FPR, FAIR_FIG_FPR }, bad[1] = { FAIR_FIG_COUNT }, one[1] = { FAIR_FIG_FDR };

	gsl_test(fair_disparity_compute(r, one, 0, NULL, &err) != NULL || err.code != FAIR_EINVAL, "no figure");
	gsl_test(fair_disparity_compute(r, twice, 2, NULL, &err) != NULL || strstr(err.msg, "twice") == NULL,
	         "a figure twice: %s", err.msg);
	gsl_test(fair_disparity_compute(r, bad, 1, NULL, &err) != NULL, "a figure out of range");
	fair_disparity_opts_init(&o);
	o.ref_mode = FAIR_REF_GROUP;
	o.ref_group = 3;
	gsl_test(fair_disparity_compute(r, one, 1, &o, &err) != NULL, "reference out of range");
	fair_disparity_opts_init(&o);
	o.limit = 0;
	gsl_test(fair_disparity_compute(r, one, 1, &o, &err) != NULL || strstr(err.msg, "(0, 1]") == NULL,
	         "limit 0: %s", err.msg);
	o.limit = 1.25;
	gsl_test(fair_disparity_compute(r, one, 1, &o, &err) != NULL, "limit above 1");
	o.limit = 0.8;
	o.fig_limit[FAIR_FIG_FDR] = -1;
	gsl_test(fair_disparity_compute(r, one, 1, &o, &err) != NULL || strstr(err.msg, "fdr") == NULL,
	         "a figure's limit: %s", err.msg);
	fair_disparity_free(NULL);
	fair_report_free(r);
}

static void
test_names_and_tree(void)
{
	int m, figs[2];
	const char *why;

	fair_ref_mode_parse("largest", &m);
	gsl_test(m != FAIR_REF_LARGEST, "largest");
	fair_ref_mode_parse("majority", &m);
	gsl_test(m != FAIR_REF_LARGEST, "majority (Aequitas's word)");
	fair_ref_mode_parse("min_metric", &m);
	gsl_test(m != FAIR_REF_MIN_METRIC, "min_metric");
	fair_ref_mode_parse("Caucasian", &m);
	gsl_test(m != FAIR_REF_GROUP, "a label");
	gsl_test(strcmp(fair_parity_name(FAIR_PARITY_NA), "NA") != 0, "NA");
	gsl_test(fair_figure_find("for") != FAIR_FIG_FOR || fair_figure_find("pprev") != FAIR_FIG_PPREV,
	         "the new figures by name");
	gsl_test(fair_fairness_tree(FAIR_FAVORABLE_NEGATIVE, figs, &why) != 2 || figs[0] != FAIR_FIG_FPR ||
	         figs[1] != FAIR_FIG_FDR || strstr(why, "punitive") == NULL, "punitive: FPR, then FDR");
	gsl_test(fair_fairness_tree(FAIR_FAVORABLE_POSITIVE, figs, &why) != 2 || figs[0] != FAIR_FIG_FNR ||
	         figs[1] != FAIR_FIG_FOR || strstr(why, "assistive") == NULL, "assistive: FNR, then FOR");
	gsl_test(fair_fairness_tree(FAIR_FAVORABLE_UNSET, figs, &why) != 2 || figs[0] != FAIR_FIG_PPREV ||
	         figs[1] != FAIR_FIG_PPR, "unset: representation");
	size_t n;
	const int *all = fair_disparity_figures(FAIR_TASK_CLASSIFICATION, &n);
	bool has[FAIR_FIG_COUNT] = { false };
	for (size_t i = 0; i < n; i++)
		has[all[i]] = true;
	gsl_test(!has[FAIR_FIG_FOR] || !has[FAIR_FIG_FDR] || !has[FAIR_FIG_PPR] || !has[FAIR_FIG_PPREV] ||
	         !has[FAIR_FIG_AUC] || !has[FAIR_FIG_BALANCED_ACCURACY] || has[FAIR_FIG_MSE],
	         "classification offers every per-group figure and no regression one");
	all = fair_disparity_figures(FAIR_TASK_REGRESSION, &n);
	gsl_test(n != 4 || all[2] != FAIR_FIG_MSE, "regression: mean prediction, mean target, MSE, MAE");
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_figures();
	test_largest();
	test_min_metric_and_limits();
	test_convention();
	test_errors();
	test_names_and_tree();
	return gsl_test_summary();
}
