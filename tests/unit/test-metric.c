/* test-metric.c -- the fairness audit on hand-worked tables: every figure and
 * metric for K=2 and K=3, weights, AUC with ties, calibration, the z-test,
 * each convention on the same degenerate data, bootstrap, regression
 * distances, the description tables and every error path. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_test.h>

#include "fairsh/metric.h"
#include "fairsh/stats.h"

#define EPS 1e-14

static const char *const LAB3[3] = { "A", "B", "C" };

/* K=2 table (12 rows), see the arithmetic in main(). Group C rows follow. */
static const double Y12[16]  = { 1, 1, 1, 0, 0, 0,   1, 1, 0, 0, 0, 0,   0, 0, 0, 0 };
static const double P12[16]  = { 1, 1, 0, 1, 0, 0,   1, 0, 1, 0, 0, 0,   1, 0, 0, 0 };
static const double S12[16]  = { .9, .6, .4, .6, .2, .1, .7, .3, .7, .5, .3, .1,
                                 .5, .5, .5, .5 };
static const int32_t G12[16] = { 0, 0, 0, 0, 0, 0,   1, 1, 1, 1, 1, 1,   2, 2, 2, 2 };

static fair_audit_input
input(size_t n, const double *y, const double *p, const int32_t *g, size_t K, long priv)
{
	fair_audit_input in;
	memset(&in, 0, sizeof in);
	in.n = n;
	in.y = y;
	in.yhat = p;
	in.group = g;
	in.K = K;
	in.labels = LAB3;
	in.privileged = priv;
	in.task = FAIR_TASK_CLASSIFICATION;
	return in;
}

static fair_report *
run(const fair_audit_input *in, int conv, fair_error *err)
{
	fair_audit_opts o;
	fair_audit_opts_init(&o);
	o.convention = conv;
	return fair_audit(in, &o, err);
}

static bool
has_warning(const fair_report *r, const char *needle)
{
	for (size_t k = 0; k < r->nwarnings; k++)
		if (strstr(r->warnings[k], needle) != NULL)
			return true;
	return false;
}

static double
M(const fair_report *r, int id)
{
	return r->metrics[id].value;
}

static double
F(const fair_report *r, size_t g, int fig)
{
	return r->groups[g].fig[fig];
}

static void
test_k2(void)
{
	fair_error err;
	fair_audit_input in = input(12, Y12, P12, G12, 2, -1);
	in.score = S12;
	fair_audit_opts o;
	fair_audit_opts_init(&o);
	o.pairs = true;
	fair_report *r = fair_audit(&in, &o, &err);
	gsl_test(r == NULL, "k2 audit runs (%s)", r == NULL ? err.msg : "");
	if (r == NULL)
		return;
	/* A: (y,yhat) = 11 11 10 01 00 00 -> TP 2, FN 1, FP 1, TN 2; n 6, P 3, N 3 */
	gsl_test_rel(r->groups[0].tp, 2, EPS, "A tp");
	gsl_test_rel(r->groups[0].fn, 1, EPS, "A fn");
	gsl_test_rel(F(r, 0, FAIR_FIG_BASE_RATE), 0.5, EPS, "A base rate 3/6");
	gsl_test_rel(F(r, 0, FAIR_FIG_SELECTION_RATE), 0.5, EPS, "A SR 3/6");
	gsl_test_rel(F(r, 0, FAIR_FIG_TPR), 2.0 / 3, EPS, "A TPR 2/3");
	gsl_test_rel(F(r, 0, FAIR_FIG_FPR), 1.0 / 3, EPS, "A FPR 1/3");
	gsl_test_rel(F(r, 0, FAIR_FIG_TNR), 2.0 / 3, EPS, "A TNR 2/3");
	gsl_test_rel(F(r, 0, FAIR_FIG_FNR), 1.0 / 3, EPS, "A FNR 1/3");
	gsl_test_rel(F(r, 0, FAIR_FIG_PPV), 2.0 / 3, EPS, "A PPV 2/3");
	gsl_test_rel(F(r, 0, FAIR_FIG_NPV), 2.0 / 3, EPS, "A NPV 2/3");
	gsl_test_rel(F(r, 0, FAIR_FIG_ACCURACY), 4.0 / 6, EPS, "A accuracy 4/6");
	gsl_test_rel(F(r, 0, FAIR_FIG_BALANCED_ACCURACY), 2.0 / 3, EPS, "A BA (2/3+2/3)/2");
	/* B: 11 10 01 00 00 00 -> TP 1, FN 1, FP 1, TN 3; n 6, P 2, N 4, PP 2, PN 4 */
	gsl_test_rel(F(r, 1, FAIR_FIG_BASE_RATE), 1.0 / 3, EPS, "B base rate 2/6");
	gsl_test_rel(F(r, 1, FAIR_FIG_SELECTION_RATE), 1.0 / 3, EPS, "B SR 2/6");
	gsl_test_rel(F(r, 1, FAIR_FIG_TPR), 0.5, EPS, "B TPR 1/2");
	gsl_test_rel(F(r, 1, FAIR_FIG_FPR), 0.25, EPS, "B FPR 1/4");
	gsl_test_rel(F(r, 1, FAIR_FIG_TNR), 0.75, EPS, "B TNR 3/4");
	gsl_test_rel(F(r, 1, FAIR_FIG_FNR), 0.5, EPS, "B FNR 1/2");
	gsl_test_rel(F(r, 1, FAIR_FIG_PPV), 0.5, EPS, "B PPV 1/2");
	gsl_test_rel(F(r, 1, FAIR_FIG_NPV), 0.75, EPS, "B NPV 3/4");
	gsl_test_rel(F(r, 1, FAIR_FIG_ACCURACY), 4.0 / 6, EPS, "B accuracy 4/6");
	gsl_test_rel(F(r, 1, FAIR_FIG_BALANCED_ACCURACY), 5.0 / 8, EPS, "B BA (1/2+3/4)/2");
	gsl_test_rel(F(r, 1, FAIR_FIG_PPR), 2.0 / 5, EPS, "B ppr 2/5");
	/* overall: TP 3, FN 2, FP 2, TN 5 */
	gsl_test_rel(r->overall.fig[FAIR_FIG_SELECTION_RATE], 5.0 / 12, EPS, "overall SR 5/12");
	gsl_test_rel(r->overall.fig[FAIR_FIG_TPR], 3.0 / 5, EPS, "overall TPR 3/5");
	gsl_test_rel(r->overall.fig[FAIR_FIG_FPR], 2.0 / 7, EPS, "overall FPR 2/7");
	gsl_test_int((int)r->overall.rows, 12, "overall rows");
	/* AUC, ties count 1/2. A: pos .9 .6 .4, neg .6 .2 .1:
	 * .9 beats 3; .6 ties .6 (0.5) beats 2 -> 2.5; .4 beats 2 -> 7.5 / 9 */
	gsl_test_rel(F(r, 0, FAIR_FIG_AUC), 7.5 / 9, EPS, "A AUC 7.5/9");
	/* B: pos .7 .3, neg .7 .5 .3 .1: .7 -> .5+3 = 3.5; .3 -> .5+1 = 1.5 -> 5/8 */
	gsl_test_rel(F(r, 1, FAIR_FIG_AUC), 5.0 / 8, EPS, "B AUC 5/8");
	/* overall: .9 -> 7; .7 -> 6.5; .6 -> 5.5; .4 -> 4; .3 -> 3.5; 26.5 / 35 */
	gsl_test_rel(r->overall.fig[FAIR_FIG_AUC], 26.5 / 35, EPS, "overall AUC 26.5/35");
	/* calibration, 10 bins: A bin 6 holds .6 (y=1) and .6 (y=0) */
	gsl_test_int((int)r->calib_bins, 10, "calibration bins");
	gsl_test_rel(r->calib_n[0 * 10 + 6], 2, EPS, "calib A bin 6 n");
	gsl_test_rel(r->calib_score[0 * 10 + 6], 0.6, EPS, "calib A bin 6 mean score");
	gsl_test_rel(r->calib_rate[0 * 10 + 6], 0.5, EPS, "calib A bin 6 rate");
	gsl_test(!isnan(r->calib_rate[0 * 10 + 5]), "calib empty bin is nan");
	/* overall bin 1: scores .1 (A, y0), .1 (B, y0) -> n 2, rate 0 */
	gsl_test_rel(r->calib_n[2 * 10 + 1], 2, EPS, "calib overall bin 1 n");
	gsl_test_abs(r->calib_rate[2 * 10 + 1], 0, 0, "calib overall bin 1 rate");

	/* metrics, strict: DPD = 1/2 - 1/3; DPR = (1/3)/(1/2); EOD = 2/3 - 1/2;
	 * EOR = (1/2)/(2/3); dFPR = 1/3 - 1/4 = 1/12 < 1/6 -> EOddsD 1/6 (TPR);
	 * rFPR = (1/4)/(1/3) = 3/4 ties rTPR -> TPR; AOD (no privileged) = max-min
	 * of (TPR+FPR)/2: A 1/2, B 3/8 -> 1/8; DI = DPR; DEO = EOD */
	gsl_test_rel(M(r, FAIR_M_DP_DIFF), 1.0 / 6, EPS, "DPD 1/6");
	gsl_test_int((int)r->metrics[FAIR_M_DP_DIFF].ga, 0, "DPD max group A");
	gsl_test_int((int)r->metrics[FAIR_M_DP_DIFF].gb, 1, "DPD min group B");
	gsl_test_rel(r->metrics[FAIR_M_DP_DIFF].da, 6, EPS, "DPD denominator of A");
	gsl_test_rel(M(r, FAIR_M_DP_RATIO), 2.0 / 3, EPS, "DPR 2/3");
	gsl_test_int((int)r->metrics[FAIR_M_DP_RATIO].ga, 1, "DPR numerator group B");
	gsl_test_rel(M(r, FAIR_M_EOPP_DIFF), 1.0 / 6, EPS, "EOD 1/6");
	gsl_test_rel(r->metrics[FAIR_M_EOPP_DIFF].db, 2, EPS, "EOD denominator: B positives");
	gsl_test_rel(M(r, FAIR_M_EOPP_RATIO), 0.75, EPS, "EOR 3/4");
	gsl_test_rel(M(r, FAIR_M_EODDS_DIFF), 1.0 / 6, EPS, "EOddsD 1/6");
	gsl_test_int(r->metrics[FAIR_M_EODDS_DIFF].fig, FAIR_FIG_TPR, "EOddsD decided by TPR");
	gsl_test_rel(M(r, FAIR_M_EODDS_RATIO), 0.75, EPS, "EOddsR 3/4");
	gsl_test_rel(M(r, FAIR_M_AOD), 0.125, EPS, "AOD max-min 1/8");
	gsl_test_rel(M(r, FAIR_M_DI), 2.0 / 3, EPS, "DI = DPR without privileged");
	gsl_test_rel(M(r, FAIR_M_DEO), 1.0 / 6, EPS, "DEO 1/6");
	/* six rows a group, below the default minimum of 30: the verdicts cannot
	 * be fair or unfair, whatever the values */
	gsl_test_int(r->metrics[FAIR_M_DP_DIFF].verdict, FAIR_VERDICT_INCONCLUSIVE, "DPD 1/6: small groups");
	gsl_test_int(r->metrics[FAIR_M_DP_DIFF].why, FAIR_WHY_SMALL, "DPD: why small");
	gsl_test_int(r->metrics[FAIR_M_DP_RATIO].verdict, FAIR_VERDICT_INCONCLUSIVE, "DPR 2/3: small");
	gsl_test_int(r->metrics[FAIR_M_EOPP_RATIO].verdict, FAIR_VERDICT_INCONCLUSIVE, "EOR .75: small");
	gsl_test(!r->groups[0].small || !r->groups[1].small, "groups of 6 rows flagged small");
	gsl_test_int((int)r->metrics[FAIR_M_EOPP_DIFF].nsmall, 2, "both groups small in positives");
	gsl_test(!r->metrics[FAIR_M_EOPP_DIFF].small_kept, "kept: fewer than two are large enough");
	gsl_test_int(fair_metric_verdict(FAIR_M_DI, 1.2), FAIR_VERDICT_PASS, "1.2 within 1/0.8");
	gsl_test_int(fair_metric_verdict(FAIR_M_DI, 1.3), FAIR_VERDICT_FAIL, "1.3 beyond 1/0.8");
	gsl_test_int(fair_metric_verdict(FAIR_M_DP_DIFF, NAN), FAIR_VERDICT_NA, "nan: no verdict");
	/* z-test: p = 5/12, var = (5/12)(7/12)(1/6+1/6) = 35/432, z = (1/6)/sqrt(35/432)
	 * = sqrt(12/35); p-value = erfc(z / sqrt 2) */
	gsl_test_rel(r->dp_z, sqrt(12.0 / 35), 1e-13, "z of DP difference");
	gsl_test_rel(r->dp_p_value, erfc(sqrt(12.0 / 35) / sqrt(2.0)), 1e-12, "DP p-value");
	gsl_test_int((int)r->npairs, 1, "one pair");
	gsl_test_rel(r->pairs[0].d_selection_rate, 1.0 / 6, EPS, "pair dSR");
	gsl_test_rel(r->pairs[0].d_tpr, 1.0 / 6, EPS, "pair dTPR");
	gsl_test_rel(r->pairs[0].d_fpr, 1.0 / 12, EPS, "pair dFPR");
	gsl_test_rel(r->pairs[0].p_value, r->dp_p_value, EPS, "pair p-value");

	fair_buf b = FAIR_BUF_INIT;
	gsl_test_int(fair_report_verdicts(r, &b, &err), FAIR_OK, "verdicts");
	/* Wilson 3/6: 0.5 -+ 1.96 sqrt(1/24 + 3.8415/144) / 1.6402 = [0.1876, 0.8124];
	 * 2/6: (1/3 + 0.3201) / 1.6402 -+ 0.3016 = [0.0968, 0.7000]; Newcombe:
	 * 1/6 - sqrt(0.3124^2 + 0.3667^2) = -0.315, 1/6 + sqrt(0.3124^2 + 0.2365^2) = 0.558 */
	gsl_test(strstr(b.buf, "Selection rate: A 0.50 vs B 0.33 — difference 0.17 (95% CI -0.32 "
	                "to 0.56): inconclusive, the groups are too small to tell (A has 6 rows, "
	                "B has 6; at least 30 are needed)\n") == NULL, "DPD verdict sentence (%s)",
	         b.buf);
	gsl_test(strstr(b.buf, "True positive rate: A 0.67 vs B 0.50 — difference 0.17 (95% CI ") == NULL ||
	         strstr(b.buf, "(A has 3 positives, B has 2; at least 30 are needed)") == NULL,
	         "EOD verdict sentence");
	fair_buf_release(&b);
	fair_report_free(r);

	/* Without a minimum size the verdicts come from the intervals, which
	 * at six rows a group straddle every limit. The intervals are those of
	 * stats.h for the pair named: A - B selection rate 3/6 - 2/6
	 * (Newcombe), B / A (Katz); TPR A 2/3, B 1/2; equalized odds at the
	 * Sidak level sqrt(0.95) per rate; average odds by MOVER over the four
	 * Wilson intervals. Two groups: nothing else to allow for. */
	o.min_group = 0;
	r = fair_audit(&in, &o, &err);
	double z = fair_stat_z(0.95), lo, hi;
	const fair_metric_value *mv = &r->metrics[FAIR_M_DP_DIFF];
	fair_newcombe_ci(3, 6, 2, 6, z, &lo, &hi);
	gsl_test_rel(mv->ci_low, lo, 1e-15, "DPD newcombe low");
	gsl_test_rel(mv->ci_high, hi, 1e-15, "DPD newcombe high");
	gsl_test_rel(mv->estimate, 1.0 / 6, EPS, "DPD estimate signed A - B");
	gsl_test_int(mv->ci_kind, FAIR_CI_NEWCOMBE, "DPD kind");
	gsl_test_rel(mv->ci_each, 0.95, 1e-15, "two groups: level as asked");
	gsl_test_int(mv->verdict, FAIR_VERDICT_INCONCLUSIVE, "DPD straddles");
	gsl_test_int(mv->why, FAIR_WHY_INTERVAL, "DPD why interval");
	/* the test: expected counts 6 x 5/12 = 2.5 < 5, so an exact permutation
	 * test; the observed table (3, 2) is the most even possible with 5
	 * selected, so every table is as extreme: p = 1 */
	gsl_test_int(mv->test, FAIR_TEST_PERM_EXACT, "DPD exact permutation");
	gsl_test_rel(mv->p_value, 1, 1e-12, "DPD permutation p = 1");
	mv = &r->metrics[FAIR_M_DP_RATIO];
	fair_katz_ci(2, 6, 3, 6, z, &lo, &hi);
	gsl_test_rel(mv->ci_low, lo, 1e-15, "DPR katz low");
	gsl_test_rel(mv->ci_high, hi, 1e-15, "DPR katz high");
	mv = &r->metrics[FAIR_M_EOPP_DIFF];
	fair_newcombe_ci(2, 3, 1, 2, z, &lo, &hi);
	gsl_test_rel(mv->ci_low, lo, 1e-15, "EOD newcombe low");
	mv = &r->metrics[FAIR_M_EODDS_DIFF];
	fair_newcombe_ci(2, 3, 1, 2, fair_stat_z(sqrt(0.95)), &lo, &hi);
	gsl_test_rel(mv->ci_high, hi, 1e-15, "EOddsD sidak newcombe high");
	gsl_test_rel(mv->ci_each, sqrt(0.95), 1e-15, "EOddsD per-rate level");
	gsl_test(!mv->has_alt || mv->alt_fig != FAIR_FIG_FPR, "EOddsD alternative: FPR");
	/* FPR A 1/3 (1 of 3 negatives), B 1/4 (1 of 4): A - B */
	fair_newcombe_ci(1, 3, 1, 4, fair_stat_z(sqrt(0.95)), &lo, &hi);
	gsl_test_rel(mv->alt_low, lo, 1e-15, "EOddsD FPR low");
	gsl_test_rel(mv->alt_estimate, 1.0 / 12, 1e-15, "EOddsD FPR estimate");
	mv = &r->metrics[FAIR_M_AOD];
	{
		double l[4], u[4], e[4] = { 2.0 / 3, 1.0 / 3, 0.5, 0.25 }, c[4] = { .5, .5, -.5, -.5 };
		fair_wilson_ci(2, 3, z, &l[0], &u[0]);
		fair_wilson_ci(1, 3, z, &l[1], &u[1]);
		fair_wilson_ci(1, 2, z, &l[2], &u[2]);
		fair_wilson_ci(1, 4, z, &l[3], &u[3]);
		fair_mover_ci(4, c, e, l, u, &lo, &hi);
	}
	gsl_test_rel(mv->ci_low, lo, 1e-14, "AOD mover low");
	gsl_test_rel(mv->ci_high, hi, 1e-14, "AOD mover high");
	gsl_test_int(mv->test, FAIR_TEST_NONE, "AOD has no test");
	/* rate intervals: Wilson of 3/6 for A's selection rate, and the
	 * balanced accuracy by MOVER of TPR 2/3 and TNR 2/3 */
	fair_wilson_ci(3, 6, z, &lo, &hi);
	gsl_test_rel(r->groups[0].ci_low[FAIR_FIG_SELECTION_RATE], lo, 1e-15, "SR wilson");
	gsl_test(!isnan(r->groups[0].ci_low[FAIR_FIG_AUC]), "AUC has no rate interval");
	gsl_test(!(r->groups[0].ci_low[FAIR_FIG_BALANCED_ACCURACY] < r->groups[0].fig[FAIR_FIG_BALANCED_ACCURACY]),
	         "balanced accuracy interval");
	fair_report_free(r);
	o.rate_ci = FAIR_RATE_CI_EXACT;
	r = fair_audit(&in, &o, &err);
	fair_clopper_pearson_ci(2, 3, 0.95, &lo, &hi);
	gsl_test_rel(r->groups[0].ci_low[FAIR_FIG_TPR], lo, 1e-15, "TPR clopper-pearson");
	gsl_test_int(r->rate_ci, FAIR_RATE_CI_EXACT, "report says exact");
	fair_report_free(r);

	/* privileged = A: AOD = m_B - m_A = 3/8 - 1/2 = -1/8; DI = SR_B / SR_A = 2/3 */
	in.privileged = 0;
	r = run(&in, FAIR_CONV_STRICT, &err);
	gsl_test_rel(M(r, FAIR_M_AOD), -0.125, EPS, "AOD vs privileged -1/8");
	gsl_test_int((int)r->metrics[FAIR_M_AOD].ga, 1, "AOD group B");
	gsl_test_rel(M(r, FAIR_M_DI), 2.0 / 3, EPS, "DI SR_B/SR_A");
	fair_report_free(r);
	/* aif360 with privileged A, unprivileged = B: signed unpriv - priv */
	r = run(&in, FAIR_CONV_AIF360, &err);
	gsl_test_rel(M(r, FAIR_M_DP_DIFF), -1.0 / 6, EPS, "aif360 SPD -1/6");
	gsl_test_rel(M(r, FAIR_M_DP_RATIO), 2.0 / 3, EPS, "aif360 DI 2/3");
	gsl_test_rel(M(r, FAIR_M_EOPP_DIFF), -1.0 / 6, EPS, "aif360 EOD -1/6");
	gsl_test_rel(M(r, FAIR_M_EODDS_DIFF), 1.0 / 6, EPS, "aif360 max(|dF|,|dT|)");
	gsl_test_rel(M(r, FAIR_M_AOD), -0.125, EPS, "aif360 AOD 1/2(-1/12 - 1/6)");
	gsl_test_int((int)r->metrics[FAIR_M_AOD].ga, (int)FAIR_GROUP_UNPRIV, "aif360 ga pooled");
	gsl_test_str(fair_report_group_label(r, FAIR_GROUP_UNPRIV), "unprivileged", "label");
	fair_report_free(r);
	/* aequitas, no privileged: reference = largest group (tie 6/6 -> A);
	 * ppr A 3/5, B 2/5: ppr disparity 2/3, difference -1/5 */
	in.privileged = -1;
	r = run(&in, FAIR_CONV_AEQUITAS, &err);
	gsl_test_int((int)r->reference, 0, "aequitas reference A");
	gsl_test_rel(M(r, FAIR_M_DP_RATIO), 2.0 / 3, EPS, "aequitas ppr disparity");
	gsl_test_rel(M(r, FAIR_M_DP_DIFF), -0.2, EPS, "aequitas ppr difference");
	gsl_test_rel(M(r, FAIR_M_EOPP_RATIO), 0.75, EPS, "aequitas tpr disparity");
	fair_report_free(r);
}

static void
test_k3(void)
{
	fair_error err;
	fair_audit_input in = input(16, Y12, P12, G12, 3, -1);
	fair_report *r = run(&in, FAIR_CONV_STRICT, &err);
	/* C: 01 00 00 00 -> FP 1, TN 3, no positives: TPR undefined */
	gsl_test(!isnan(F(r, 2, FAIR_FIG_TPR)), "strict C TPR nan");
	gsl_test_rel(F(r, 2, FAIR_FIG_FPR), 0.25, EPS, "C FPR 1/4");
	gsl_test_rel(F(r, 2, FAIR_FIG_NPV), 1, EPS, "C NPV 3/3");
	gsl_test(!has_warning(r, "group 'C' has no positives: TPR and FNR undefined, excluded "
	                      "from max/min"), "no-positives warning");
	/* SR A 1/2, B 1/3, C 1/4: DPD 1/4 (A vs C), DPR 1/2 */
	gsl_test_rel(M(r, FAIR_M_DP_DIFF), 0.25, EPS, "k3 DPD 1/4");
	gsl_test_int((int)r->metrics[FAIR_M_DP_DIFF].gb, 2, "k3 DPD min group C");
	gsl_test_rel(M(r, FAIR_M_DP_RATIO), 0.5, EPS, "k3 DPR 1/2");
	/* TPR A 2/3, B 1/2, C excluded -> 1/6 */
	gsl_test_rel(M(r, FAIR_M_EOPP_DIFF), 1.0 / 6, EPS, "k3 strict EOD 1/6");
	gsl_test_int((int)r->metrics[FAIR_M_EOPP_DIFF].nexcluded, 1, "k3 one group excluded");
	/* FPR A 1/3, B 1/4, C 1/4 -> 1/12 < 1/6 */
	gsl_test_rel(M(r, FAIR_M_EODDS_DIFF), 1.0 / 6, EPS, "k3 strict EOddsD");
	fair_report_free(r);

	r = run(&in, FAIR_CONV_FAIRLEARN, &err);
	/* fairlearn: TPR_C = 0 -> EOD 2/3, EOR 0 */
	gsl_test_abs(F(r, 2, FAIR_FIG_TPR), 0, 0, "fairlearn C TPR 0");
	gsl_test_rel(M(r, FAIR_M_EOPP_DIFF), 2.0 / 3, EPS, "fairlearn EOD 2/3");
	gsl_test_abs(M(r, FAIR_M_EOPP_RATIO), 0, 0, "fairlearn EOR 0");
	gsl_test_rel(M(r, FAIR_M_EODDS_DIFF), 2.0 / 3, EPS, "fairlearn EOddsD 2/3");
	gsl_test(!has_warning(r, "set to 0 as fairlearn does"), "fairlearn warning");
	/* sklearn balanced accuracy of C: only negatives -> TNR = 3/4 */
	gsl_test_rel(F(r, 2, FAIR_FIG_BALANCED_ACCURACY), 0.75, EPS, "fairlearn C BA = TNR");
	fair_report_free(r);

	/* aif360, privileged A, unprivileged = B + C pooled: TP 1 FN 1 FP 2 TN 6:
	 * SR 3/10, TPR 1/2, FPR 1/4 */
	in.privileged = 0;
	r = run(&in, FAIR_CONV_AIF360, &err);
	gsl_test_rel(r->unpriv.fig[FAIR_FIG_SELECTION_RATE], 0.3, EPS, "pooled SR 3/10");
	gsl_test_rel(M(r, FAIR_M_DP_DIFF), -0.2, EPS, "aif360 k3 SPD 3/10 - 1/2");
	gsl_test_rel(M(r, FAIR_M_EOPP_DIFF), -1.0 / 6, EPS, "aif360 k3 EOD");
	gsl_test_rel(M(r, FAIR_M_AOD), -0.125, EPS, "aif360 k3 AOD 1/2(-1/12-1/6)");
	fair_report_free(r);

	/* privileged C (no positives): aif360 TPR_C nan -> EOD nan; python
	 * max(|dFPR|, nan) keeps |dFPR| = |2/7 - 1/4| = 1/28; aif360-sk: TPR_C = 0
	 * -> EOD = TPR_{A+B} = 3/5, ratio 0 (zero_division) */
	in.privileged = 2;
	r = run(&in, FAIR_CONV_AIF360, &err);
	gsl_test(!isnan(M(r, FAIR_M_EOPP_DIFF)), "aif360 EOD nan when priv has no positives");
	gsl_test_rel(M(r, FAIR_M_EODDS_DIFF), 1.0 / 28, 1e-13, "aif360 EOddsD skips trailing nan");
	gsl_test_rel(M(r, FAIR_M_DI), (5.0 / 12) / 0.25, EPS, "aif360 DI 5/12 / 1/4");
	fair_report_free(r);
	r = run(&in, FAIR_CONV_AIF360_SK, &err);
	gsl_test_rel(M(r, FAIR_M_EOPP_DIFF), 0.6, EPS, "aif360-sk EOD 3/5");
	gsl_test_abs(M(r, FAIR_M_EOPP_RATIO), 0, 0, "aif360-sk ratio zero_division 0");
	gsl_test_rel(M(r, FAIR_M_EODDS_DIFF), 0.6, EPS, "aif360-sk EOddsD 3/5");
	fair_report_free(r);
	r = run(&in, FAIR_CONV_AEQUITAS, &err);
	gsl_test_int((int)r->reference, 2, "aequitas reference = privileged");
	gsl_test(!isnan(M(r, FAIR_M_EOPP_RATIO)), "aequitas tpr disparity vs nan ref is nan");
	/* pprev: A (1/2)/(1/4) = 2, B (1/3)/(1/4) = 4/3 -> farthest from 1: A 2 */
	gsl_test_rel(M(r, FAIR_M_DI), 2, EPS, "aequitas pprev disparity 2");
	fair_report_free(r);
}

/* A selects nobody: A 10 00 00, B 11 01 00, C 00 01 (no positives); privileged A */
static void
test_conventions_degenerate(void)
{
	static const double y[8] = { 1, 0, 0, 1, 0, 0, 0, 0 };
	static const double p[8] = { 0, 0, 0, 1, 1, 0, 0, 1 };
	static const int32_t g[8] = { 0, 0, 0, 1, 1, 1, 2, 2 };
	fair_error err;
	fair_audit_input in = input(8, y, p, g, 3, 0);
	fair_report *r;

	r = run(&in, FAIR_CONV_STRICT, &err);
	gsl_test(!isnan(M(r, FAIR_M_DI)), "strict DI undefined when SR_priv = 0");
	gsl_test(!has_warning(r, "privileged group 'A' has selection rate 0"), "strict DI warning");
	gsl_test_abs(M(r, FAIR_M_DP_RATIO), 0, 0, "strict DPR 0/(2/3)");
	gsl_test_rel(M(r, FAIR_M_EOPP_DIFF), 1, EPS, "strict EOD 1 - 0 (C excluded)");
	fair_report_free(r);
	r = run(&in, FAIR_CONV_FAIRLEARN, &err);
	gsl_test(!isinf(M(r, FAIR_M_DI)), "fairlearn DI x/0 = inf");
	fair_report_free(r);
	r = run(&in, FAIR_CONV_AIF360, &err);
	gsl_test(!isinf(M(r, FAIR_M_DI)), "aif360 DI (3/5)/0 = inf");
	gsl_test(!has_warning(r, "division by zero gives inf"), "aif360 inf warning");
	fair_report_free(r);
	r = run(&in, FAIR_CONV_AIF360_SK, &err);
	gsl_test_abs(M(r, FAIR_M_DI), 0, 0, "aif360-sk DI zero_division 0");
	fair_report_free(r);
	r = run(&in, FAIR_CONV_AEQUITAS, &err);
	gsl_test_rel(M(r, FAIR_M_DI), 10, EPS, "aequitas DI capped at 10");
	gsl_test(!has_warning(r, "capped at 10"), "aequitas cap warning");
	fair_report_free(r);

	/* nobody selected anywhere: strict DPR = 1 + warning, fairlearn nan */
	static const double p0[8] = { 0, 0, 0, 0, 0, 0, 0, 0 };
	in = input(8, y, p0, g, 3, -1);
	r = run(&in, FAIR_CONV_STRICT, &err);
	gsl_test_rel(M(r, FAIR_M_DP_RATIO), 1, EPS, "strict DPR 1 when nobody selected");
	gsl_test(!has_warning(r, "set to 1"), "DPR set-to-1 warning");
	fair_report_free(r);
	r = run(&in, FAIR_CONV_FAIRLEARN, &err);
	gsl_test(!isnan(M(r, FAIR_M_DP_RATIO)), "fairlearn DPR 0/0 nan");
	fair_report_free(r);
}

static void
test_weights_rows(void)
{
	/* A: (1,1,w2) (1,0,w1) (0,1,w.5) (0,0,w1.5): TP 2, FN 1, FP .5, TN 1.5, n 5
	 *    SR 2.5/5 = .5, TPR 2/3, FPR .25; B: (1,1,w1) (0,0,w3): SR .25, TPR 1, FPR 0
	 * row 6 (group -1) and row 7 (y nan) are skipped. */
	static const double y[8] = { 1, 1, 0, 0, 1, 0, 1, NAN };
	static const double p[8] = { 1, 0, 1, 0, 1, 0, 1, 1 };
	static const double w[8] = { 2, 1, .5, 1.5, 1, 3, 9, 9 };
	static const int32_t g[8] = { 0, 0, 0, 0, 1, 1, -1, 0 };
	fair_error err;
	fair_audit_input in = input(8, y, p, g, 2, -1);
	in.weight = w;
	fair_report *r = run(&in, FAIR_CONV_STRICT, &err);
	gsl_test_rel(r->groups[0].n, 5, EPS, "weighted n A");
	gsl_test_rel(F(r, 0, FAIR_FIG_SELECTION_RATE), 0.5, EPS, "weighted SR A");
	gsl_test_rel(F(r, 0, FAIR_FIG_FPR), 0.25, EPS, "weighted FPR A .5/2");
	gsl_test_rel(M(r, FAIR_M_DP_DIFF), 0.25, EPS, "weighted DPD");
	gsl_test_rel(M(r, FAIR_M_EOPP_DIFF), 1.0 / 3, EPS, "weighted EOD");
	/* Kish: A 25/(4+1+.25+2.25) = 10/3, B 16/(1+9) = 1.6 */
	gsl_test_rel(r->groups[0].n_eff, 10.0 / 3, EPS, "Kish n_eff A");
	{
		double pa = .5, ma = 10.0 / 3, pb = .25, mb = 1.6;
		double pp = (pa * ma + pb * mb) / (ma + mb);
		double z = (pa - pb) / sqrt(pp * (1 - pp) * (1 / ma + 1 / mb));
		gsl_test_rel(r->dp_p_value, erfc(z / sqrt(2.0)), 1e-12, "weighted p-value");
	}
	gsl_test_int((int)r->rows_no_group, 1, "one row without group");
	gsl_test_int((int)r->rows_missing_y, 1, "one row without target");
	gsl_test(!has_warning(r, "1 rows with a missing target skipped"), "skip warning");
	fair_report_free(r);

	/* rows subset {0,1,4,5}: A (1,1,2),(1,0,1): SR 2/3 */
	static const size_t rows[4] = { 0, 1, 4, 5 };
	in.rows = rows;
	in.nrows = 4;
	r = run(&in, FAIR_CONV_STRICT, &err);
	gsl_test_rel(F(r, 0, FAIR_FIG_SELECTION_RATE), 2.0 / 3, EPS, "rows subset SR A");
	gsl_test_int((int)r->rows_used, 4, "rows subset used");
	fair_report_free(r);

	/* score + threshold instead of yhat: yhat = score > .5 */
	static const double s[6] = { .9, .5, .2, .7, .51, .1 };
	static const double ys[6] = { 1, 1, 0, 1, 0, 0 };
	static const int32_t gs[6] = { 0, 0, 0, 1, 1, 1 };
	in = input(6, ys, NULL, gs, 2, -1);
	in.score = s;
	r = run(&in, FAIR_CONV_STRICT, &err);
	/* A: .9 yes, .5 no (not > .5), .2 no -> SR 1/3; B: .7, .51 yes -> 2/3 */
	gsl_test_rel(F(r, 0, FAIR_FIG_SELECTION_RATE), 1.0 / 3, EPS, "threshold SR A");
	gsl_test_rel(F(r, 1, FAIR_FIG_SELECTION_RATE), 2.0 / 3, EPS, "threshold SR B");
	fair_report_free(r);
}

static void
test_errors(void)
{
	fair_error err;
	fair_audit_input in = input(12, Y12, P12, G12, 1, -1);
	fair_audit_opts o;
	fair_report *r;
	int conv;

	r = fair_audit(&in, NULL, &err);
	gsl_test(r != NULL, "K=1 refused");
	gsl_test_str(err.msg, "the sensitive attribute has one group", "K=1 message");
	static const int32_t g1[4] = { 1, 1, 1, 1 };
	in = input(4, Y12, P12, g1, 2, -1);
	r = fair_audit(&in, NULL, &err);
	gsl_test(r != NULL, "one non-empty group refused");
	gsl_test_str(err.msg, "the sensitive attribute has one group among the audited rows ('B')",
	             "one non-empty group message");
	static const double pbad[4] = { 1, 0, 0.5, 1 };
	static const int32_t g2[4] = { 0, 1, 0, 1 };
	in = input(4, Y12, pbad, g2, 2, -1);
	r = fair_audit(&in, NULL, &err);
	gsl_test(r != NULL || err.code != FAIR_EINVAL, "prediction not 0/1 refused");
	gsl_test_str(err.msg, "prediction in row 3 is 0.5; expected 0 or 1 (give probabilities "
	             "as a score column instead)", "prediction message");
	static const double ybad[4] = { 1, 2, 0, 1 };
	in = input(4, ybad, P12, g2, 2, -1);
	r = fair_audit(&in, NULL, &err);
	gsl_test_str(err.msg, "target in row 2 is 2; expected 0 or 1 for classification",
	             "target message");
	static const double wbad[4] = { 1, 1, -1, 1 };
	in = input(4, Y12, P12, g2, 2, -1);
	in.weight = wbad;
	r = fair_audit(&in, NULL, &err);
	gsl_test_str(err.msg, "weight in row 3 is -1; expected a finite number >= 0",
	             "weight message");
	static const int32_t g3[4] = { 0, 1, 5, 1 };
	in = input(4, Y12, P12, g3, 2, -1);
	r = fair_audit(&in, NULL, &err);
	gsl_test_str(err.msg, "group index 5 in row 3 is out of range [0, 2)", "group range");
	in = input(4, Y12, P12, g2, 2, -1);
	r = run(&in, FAIR_CONV_AIF360, &err);
	gsl_test_str(err.msg, "convention 'aif360' needs a privileged group (set "
	             "privileged=GROUP)", "aif360 without privileged");
	in.privileged = 7;
	r = fair_audit(&in, NULL, &err);
	gsl_test_str(err.msg, "privileged group index 7 is out of range [0, 2)", "priv range");
	in = input(4, Y12, NULL, g2, 2, -1);
	r = fair_audit(&in, NULL, &err);
	gsl_test(r != NULL || err.code != FAIR_EINVAL, "no predictions refused");
	static const double ynan[4] = { NAN, NAN, NAN, NAN };
	in = input(4, ynan, P12, g2, 2, -1);
	r = fair_audit(&in, NULL, &err);
	gsl_test(r != NULL || err.code != FAIR_EUNDEF, "no rows left: FAIR_EUNDEF");
	static const size_t rows[2] = { 0, 9 };
	in = input(4, Y12, P12, g2, 2, -1);
	in.rows = rows;
	in.nrows = 2;
	r = fair_audit(&in, NULL, &err);
	gsl_test_str(err.msg, "audit: row index 9 is out of range (4 rows)", "row index range");
	in = input(4, Y12, P12, g2, 2, -1);
	fair_audit_opts_init(&o);
	o.ci_level = 1.5;
	r = fair_audit(&in, &o, &err);
	gsl_test(r != NULL, "ci level refused");
	gsl_test_int(fair_convention_parse("Fairlearn", &conv, &err), FAIR_OK, "parse fairlearn");
	gsl_test_int(conv, FAIR_CONV_FAIRLEARN, "parsed fairlearn");
	gsl_test_int(fair_convention_parse("aif360-sk", &conv, &err), FAIR_OK, "parse aif360-sk");
	gsl_test_int(conv, FAIR_CONV_AIF360_SK, "parsed aif360-sk");
	gsl_test_int(fair_convention_parse("ibm", &conv, &err), FAIR_EINVAL, "bad convention");
	gsl_test_str(err.msg, "unknown convention 'ibm' (expected strict, fairlearn, aif360, "
	             "aif360-sk, aequitas)", "bad convention message");
	gsl_test_str(fair_convention_name(FAIR_CONV_AEQUITAS), "aequitas", "convention name");
	gsl_test(strlen(fair_convention_describe(FAIR_CONV_AIF360)) < 50, "convention text");

	/* cancellation */
	fair_progress prog;
	fair_progress_init(&prog);
	atomic_store(&prog.cancel, true);
	fair_audit_opts_init(&o);
	o.prog = &prog;
	in = input(12, Y12, P12, G12, 2, -1);
	r = fair_audit(&in, &o, &err);
	gsl_test(r != NULL || err.code != FAIR_ECANCELED, "cancelled audit");

	/* regression errors: infinite prediction */
	static const double yr[4] = { 1, 2, 3, 4 };
	static const double pr[4] = { 1, INFINITY, 3, 4 };
	in = input(4, yr, pr, g2, 2, -1);
	in.task = FAIR_TASK_REGRESSION;
	r = fair_audit(&in, NULL, &err);
	gsl_test_str(err.msg, "prediction in row 2 is infinite", "regression inf message");
}

static void
test_bootstrap(void)
{
	/* 4000 rows, 3 groups with different selection rates */
	size_t n = 4000;
	double *y = malloc(n * sizeof *y), *p = malloc(n * sizeof *p), *w = malloc(n * sizeof *w);
	int32_t *g = malloc(n * sizeof *g);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	fair_error err;
	gsl_rng_set(rng, 42);
	for (size_t i = 0; i < n; i++) {
		g[i] = (int32_t)(i % 3);
		y[i] = gsl_rng_uniform(rng) < 0.3 + 0.1 * g[i];
		p[i] = gsl_rng_uniform(rng) < (y[i] ? 0.7 : 0.2) + 0.05 * g[i];
		w[i] = 0.5 + gsl_rng_uniform(rng);
	}
	fair_audit_input in = input(n, y, p, g, 3, -1);
	fair_audit_opts o;
	fair_audit_opts_init(&o);
	o.bootstrap = 500;
	o.seed = 7;
	fair_report *a = fair_audit(&in, &o, &err), *b = fair_audit(&in, &o, &err);
	o.seed = 8;
	fair_report *c = fair_audit(&in, &o, &err);
	for (int id = FAIR_M_DP_DIFF; id <= FAIR_M_DEO; id++) {
		const fair_metric_value *ma = &a->metrics[id];
		gsl_test(!ma->has_ci, "ci present %d", id);
		gsl_test(ma->ci_low != b->metrics[id].ci_low || ma->ci_high != b->metrics[id].ci_high,
		         "same seed, same CI (%s)", fair_metric_info_get(id)->name);
		gsl_test(!(ma->ci_low <= ma->value && ma->value <= ma->ci_high),
		         "CI [%g, %g] contains %g (%s)", ma->ci_low, ma->ci_high, ma->value,
		         fair_metric_info_get(id)->name);
		gsl_test(!(ma->ci_high - ma->ci_low > 0.005 && ma->ci_high - ma->ci_low < 0.4),
		         "CI width plausible (%s)", fair_metric_info_get(id)->name);
	}
	gsl_test(a->metrics[FAIR_M_DP_DIFF].ci_low == c->metrics[FAIR_M_DP_DIFF].ci_low,
	         "other seed, other CI");
	fair_report_free(a);
	fair_report_free(b);
	fair_report_free(c);
	/* weighted bootstrap (index resampling) */
	in.weight = w;
	o.seed = 7;
	a = fair_audit(&in, &o, &err);
	b = fair_audit(&in, &o, &err);
	const fair_metric_value *ma = &a->metrics[FAIR_M_EODDS_DIFF];
	gsl_test(ma->ci_low != b->metrics[FAIR_M_EODDS_DIFF].ci_low, "weighted: same seed same CI");
	gsl_test(!(ma->ci_low <= ma->value && ma->value <= ma->ci_high), "weighted CI contains");
	fair_report_free(a);
	fair_report_free(b);
	free(y);
	free(p);
	free(w);
	free(g);
	gsl_rng_free(rng);
}

static void
test_regression(void)
{
	/* A: yhat 1 2 3, y 1 3 3 -> mean pred 2, mean y 7/3, e = 0 1 0: MSE 1/3, MAE 1/3
	 * B: yhat 2 4, y 1 4 -> mean pred 3, mean y 5/2, e = -1 0: MSE 1/2, MAE 1/2
	 * KS: t=1 1/3-0, t=2 2/3-1/2, t=3 1-1/2 = 1/2, t=4 0 -> 1/2
	 * W1 = int |F_A - F_B| = 1/3 (1..2) + 1/6 (2..3) + 1/2 (3..4) = 1
	 * W2^2: u in (0,1/3] |1-2|^2, (1/3,1/2] 0, (1/2,2/3] |2-4|^2, (2/3,1] |3-4|^2
	 *       = 1/3 + 0 + 4/6 + 1/3 = 4/3
	 * overall: ybar 12/5, SSE 2, SST 1.96+.36+.36+1.96+2.56 = 7.2, R2 = 1 - 2/7.2 */
	static const double y[5] = { 1, 3, 3, 1, 4 };
	static const double p[5] = { 3, 1, 2, 4, 2 };
	static const double yy[5] = { 3, 1, 3, 4, 1 };   /* y aligned with p's row order */
	static const int32_t g[5] = { 0, 0, 0, 1, 1 };
	fair_error err;
	(void)y;
	fair_audit_input in = input(5, yy, p, g, 2, -1);
	in.task = FAIR_TASK_REGRESSION;
	fair_audit_opts o;
	fair_audit_opts_init(&o);
	o.pairs = true;
	fair_report *r = fair_audit(&in, &o, &err);
	gsl_test(r == NULL, "regression audit (%s)", r == NULL ? err.msg : "");
	if (r == NULL)
		return;
	gsl_test_rel(F(r, 0, FAIR_FIG_MEAN_PREDICTION), 2, EPS, "A mean prediction");
	gsl_test_rel(F(r, 0, FAIR_FIG_MEAN_TARGET), 7.0 / 3, EPS, "A mean target");
	gsl_test_rel(F(r, 0, FAIR_FIG_MSE), 1.0 / 3, EPS, "A MSE");
	gsl_test_rel(F(r, 0, FAIR_FIG_MAE), 1.0 / 3, EPS, "A MAE");
	gsl_test_rel(F(r, 1, FAIR_FIG_MSE), 0.5, EPS, "B MSE");
	gsl_test_rel(F(r, 1, FAIR_FIG_MAE), 0.5, EPS, "B MAE");
	gsl_test_rel(r->overall.fig[FAIR_FIG_MSE], 0.4, EPS, "overall MSE 2/5");
	gsl_test_rel(r->overall.fig[FAIR_FIG_R2], 1 - 2 / 7.2, 1e-13, "overall R2");
	gsl_test_rel(M(r, FAIR_M_KS), 0.5, EPS, "KS 1/2");
	gsl_test_rel(M(r, FAIR_M_W1), 1, EPS, "W1 1");
	gsl_test_rel(M(r, FAIR_M_W2), sqrt(4.0 / 3), EPS, "W2 sqrt(4/3)");
	gsl_test_rel(M(r, FAIR_M_MEAN_DIFF), 1, EPS, "mean difference 3 - 2");
	gsl_test_int((int)r->metrics[FAIR_M_MEAN_DIFF].ga, 1, "mean difference max group B");
	gsl_test_int(r->metrics[FAIR_M_KS].verdict, FAIR_VERDICT_INCONCLUSIVE, "KS 0.5: groups of 3 and 2");
	gsl_test_int(r->metrics[FAIR_M_KS].why, FAIR_WHY_SMALL, "KS: why small");
	gsl_test_int(r->metrics[FAIR_M_W1].verdict, FAIR_VERDICT_NA, "W1 has no threshold");
	gsl_test_rel(r->pairs[0].d_selection_rate, -1, EPS, "pair mean prediction difference");
	fair_report_free(r);

	/* bootstrap on a larger random case: determinism and coverage */
	size_t n = 3000;
	double *yv = malloc(n * sizeof *yv), *pv = malloc(n * sizeof *pv);
	int32_t *gv = malloc(n * sizeof *gv);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	for (size_t i = 0; i < n; i++) {
		gv[i] = (int32_t)(i % 3);
		yv[i] = gsl_ran_gaussian(rng, 1.0) + gv[i] * 0.3;
		pv[i] = yv[i] + gsl_ran_gaussian(rng, 0.5);
	}
	in = input(n, yv, pv, gv, 3, -1);
	in.task = FAIR_TASK_REGRESSION;
	fair_audit_opts_init(&o);
	o.bootstrap = 300;
	o.seed = 3;
	fair_report *a = fair_audit(&in, &o, &err), *b = fair_audit(&in, &o, &err);
	for (int id = FAIR_M_KS; id <= FAIR_M_MEAN_DIFF; id++) {
		const fair_metric_value *m = &a->metrics[id];
		gsl_test(m->ci_low != b->metrics[id].ci_low, "regression same seed same CI");
		gsl_test(!(m->ci_low <= m->value && m->value <= m->ci_high),
		         "regression CI [%g, %g] contains %g (%s)", m->ci_low, m->ci_high, m->value,
		         fair_metric_info_get(id)->name);
	}
	fair_report_free(a);
	fair_report_free(b);
	free(yv);
	free(pv);
	free(gv);
	gsl_rng_free(rng);
}

/* rows of group g: n rows, the first sel of them selected, y alternating */
static size_t
fill_group(double *y, double *p, int32_t *g, size_t at, int32_t grp, size_t n, size_t sel)
{
	for (size_t i = 0; i < n; i++) {
		y[at + i] = (double)(i % 2);
		p[at + i] = i < sel ? 1.0 : 0.0;
		g[at + i] = grp;
	}
	return at + n;
}

static void
test_assess(void)
{
	double y[400], p[400], w[400];
	int32_t g[400];
	fair_error err;
	fair_audit_opts o;
	double lo, hi;

	/* three groups of 100 with selection rates 0.3, 0.4, 0.5: the DP pair is
	 * C - A = 0.2, picked among 3 groups, so its Newcombe interval uses the
	 * worst pair's critical value (fair_maxpair_z on the three groups' counts,
	 * the audit's seed and 1,000 tables): more than 1.96, less than Tukey's
	 * q(3) / sqrt 2 = 2.3437 (the rates differ, so the pick is not pure
	 * chance); the ratio has its own, on the log scale */
	size_t n = fill_group(y, p, g, 0, 0, 100, 30);
	n = fill_group(y, p, g, n, 1, 100, 40);
	n = fill_group(y, p, g, n, 2, 100, 50);
	fair_audit_input in = input(n, y, p, g, 3, -1);
	fair_audit_opts_init(&o);
	fair_report *r = fair_audit(&in, &o, &err);
	const fair_metric_value *m = &r->metrics[FAIR_M_DP_DIFF];
	double xs[3] = { 30, 40, 50 }, ns[3] = { 100, 100, 100 };
	double zt = fair_maxpair_z(3, xs, ns, false, 0.95, 1000, o.seed, NULL, NULL);
	double zr = fair_maxpair_z(3, xs, ns, true, 0.95, 1000, o.seed, NULL, NULL);
	gsl_test(!(zt > fair_stat_z(0.95) && zt < fair_tukey_z(3, 0.95)), "K=3 z between 1.96 and Tukey");
	gsl_test_rel(m->value, 0.2, 1e-14, "K=3 DPD");
	gsl_test_rel(m->ci_each, fair_stat_level(zt), 1e-14, "K=3 worst-pair level");
	fair_newcombe_ci(50, 100, 30, 100, zt, &lo, &hi);
	gsl_test_rel(m->ci_low, lo, 1e-14, "K=3 DPD low");
	gsl_test_rel(m->ci_high, hi, 1e-14, "K=3 DPD high");
	gsl_test_int((int)m->ngroups, 3, "K=3 groups compared");
	/* the omnibus test: 30, 40, 50 of 100, pooled 0.4: X^2 = (100 + 0 + 100) / 24 */
	gsl_test_int(m->test, FAIR_TEST_CHISQ, "K=3 chi-square");
	gsl_test_rel(m->test_stat, 200.0 / 24, 1e-13, "K=3 chi-square statistic");
	gsl_test_rel(m->test_df, 2, 0, "K=3 df");
	gsl_test_rel(m->p_value, exp(-100.0 / 24), 1e-12, "K=3 p = exp(-X^2/2) for 2 df");
	/* the ratio on the log scale with the same critical value */
	fair_katz_ci(30, 100, 50, 100, zr, &lo, &hi);
	gsl_test_rel(r->metrics[FAIR_M_DP_RATIO].ci_low, lo, 1e-14, "K=3 DPR low");
	/* pairs: Newcombe at 1.96 and Holm over the three pairs */
	fair_report_free(r);
	o.pairs = true;
	r = fair_audit(&in, &o, &err);
	double zz, pz[3];
	pz[0] = fair_ztest_2prop(0.3, 100, 0.4, 100, &zz);
	pz[1] = fair_ztest_2prop(0.3, 100, 0.5, 100, &zz);
	pz[2] = fair_ztest_2prop(0.4, 100, 0.5, 100, &zz);
	/* ascending: pz[1] < pz[0] = pz[2]; Holm: 3 pz[1], 2 pz[0], max(., pz[2]) */
	gsl_test_rel(r->pairs[1].p_holm[0], 3 * pz[1], 1e-13, "holm smallest");
	gsl_test_rel(r->pairs[0].p_holm[0], 2 * pz[0], 1e-13, "holm middle");
	gsl_test_rel(r->pairs[2].p_holm[0], 2 * pz[0], 1e-13, "holm largest (running max)");
	fair_newcombe_ci(30, 100, 40, 100, fair_stat_z(0.95), &lo, &hi);
	gsl_test_rel(r->pairs[0].lo[0], lo, 1e-14, "pair A-B newcombe");
	gsl_test_rel(r->pairs[0].d[0], -0.1, 1e-14, "pair A-B difference");
	fair_report_free(r);
	o.pairs = false;

	/* a small group drives the gap: C has 10 rows (9 selected). It is left
	 * out: the DP pair is B - A = 0.1 between the two groups that remain (no
	 * choice: level 0.95), and the note gives the value with C, 0.9 - 0.3 */
	n = fill_group(y, p, g, 0, 0, 100, 30);
	n = fill_group(y, p, g, n, 1, 100, 40);
	n = fill_group(y, p, g, n, 2, 10, 9);
	in = input(n, y, p, g, 3, -1);
	r = fair_audit(&in, &o, &err);
	m = &r->metrics[FAIR_M_DP_DIFF];
	gsl_test_rel(m->value, 0.1, 1e-14, "small C left out");
	gsl_test_int((int)m->ga, 1, "pair B");
	gsl_test_int((int)m->gb, 0, "vs A");
	gsl_test_rel(m->value_all, 0.6, 1e-14, "value with C");
	gsl_test_int((int)m->ga_all, 2, "pair with C");
	gsl_test_rel(m->ci_each, 0.95, 0, "two groups left");
	gsl_test_int((int)m->nsmall, 1, "one small group");
	gsl_test_int((int)m->ngroups, 2, "two compared");
	gsl_test(!r->groups[2].small || r->groups[0].small, "C flagged small");
	gsl_test(r->nnotes < 1 || strstr(r->notes[0], "Other") != NULL ||
	         strstr(r->notes[0], "left out of the selection rate metrics") == NULL ||
	         strstr(r->notes[0], "C (10)") == NULL ||
	         strstr(r->notes[0], "demographic_parity_difference 0.6 (C vs A)") == NULL,
	         "note on C (%s)", r->nnotes ? r->notes[0] : "none");
	gsl_test(!(r->groups[2].ci_high[FAIR_FIG_SELECTION_RATE] - r->groups[2].ci_low[FAIR_FIG_SELECTION_RATE] > 0.35),
	         "C's selection rate interval is wide");
	fair_report_free(r);
	/* kept when asked: the value is the peers' again, 3 groups compared,
	 * and the verdict comes from the (widened) interval */
	o.keep_small = true;
	r = fair_audit(&in, &o, &err);
	m = &r->metrics[FAIR_M_DP_DIFF];
	gsl_test_rel(m->value, 0.6, 1e-14, "kept: value with C");
	double xk[3] = { 30, 40, 9 }, nk[3] = { 100, 100, 10 };
	gsl_test_rel(m->ci_each, fair_stat_level(fair_maxpair_z(3, xk, nk, false, 0.95, 1000, o.seed, NULL,
	                                                        NULL)), 1e-14, "kept: worst pair of 3");
	gsl_test(!isnan(m->value_all), "kept: nothing left out");
	gsl_test_int(m->why, FAIR_WHY_INTERVAL, "kept: verdict from the interval");
	gsl_test_int(m->verdict, FAIR_VERDICT_FAIL, "kept: 0.6 with C's 10 rows is clearly beyond 0.1");
	fair_report_free(r);
	o.keep_small = false;

	/* aif360: one comparison (pooled unprivileged vs privileged), level 0.95;
	 * privileged A (30/100), pooled B + C = 49/110 */
	o.convention = FAIR_CONV_AIF360;
	in.privileged = 0;
	r = fair_audit(&in, &o, &err);
	m = &r->metrics[FAIR_M_DP_DIFF];
	fair_newcombe_ci(49, 110, 30, 100, fair_stat_z(0.95), &lo, &hi);
	gsl_test_rel(m->ci_low, lo, 1e-14, "aif360 pooled low");
	gsl_test_rel(m->ci_each, 0.95, 0, "aif360 level");
	gsl_test_int((int)m->ngroups, 2, "aif360 compares two");
	fair_report_free(r);
	o.convention = FAIR_CONV_STRICT;
	in.privileged = -1;

	/* weights: the intervals use Kish effective sizes of each denominator.
	 * Two groups of 100; A's weights 1 and 3 alternately, B's all 2 */
	n = fill_group(y, p, g, 0, 0, 100, 30);
	n = fill_group(y, p, g, n, 1, 100, 40);
	for (size_t i = 0; i < n; i++)
		w[i] = g[i] == 0 ? (i % 2 ? 3.0 : 1.0) : 2.0;
	in = input(n, y, p, g, 2, -1);
	in.weight = w;
	r = fair_audit(&in, &o, &err);
	/* A's selected rows are 0..29: 15 of weight 1, 15 of weight 3: SR =
	 * 60 / 200; effective size of A = 200^2 / (50 + 450) = 80 */
	gsl_test_rel(r->groups[0].fig[FAIR_FIG_SELECTION_RATE], 0.3, 1e-14, "weighted SR");
	gsl_test_rel(r->groups[0].n_eff, 80, 1e-13, "A effective size");
	fair_wilson_ci(0.3 * 80, 80, fair_stat_z(0.95), &lo, &hi);
	gsl_test_rel(r->groups[0].ci_low[FAIR_FIG_SELECTION_RATE], lo, 1e-13, "weighted wilson");
	/* A's positives are the odd rows, all of weight 3: effective 50 */
	fair_wilson_ci(r->groups[0].fig[FAIR_FIG_TPR] * 50, 50, fair_stat_z(0.95), &lo, &hi);
	gsl_test_rel(r->groups[0].ci_high[FAIR_FIG_TPR], hi, 1e-13, "weighted TPR effective 50");
	gsl_test(r->nnotes < 1 || strstr(r->notes[r->nnotes - 1], "Kish") == NULL, "note on weights");
	fair_report_free(r);

	/* the bootstrap option: BCa of the same signed statistic; with 2,000
	 * rows a group and 4,000 resamples it lands near the score interval
	 * (both estimate the same 95% limits; their difference is of the order
	 * of the interval's width over sqrt(n), about 0.005 here) */
	{
		size_t N2 = 4000;
		double *yb = malloc(N2 * sizeof *yb), *pb = malloc(N2 * sizeof *pb);
		int32_t *gb = malloc(N2 * sizeof *gb);
		size_t at = fill_group(yb, pb, gb, 0, 0, 2000, 600);
		fill_group(yb, pb, gb, at, 1, 2000, 700);
		in = input(N2, yb, pb, gb, 2, -1);
		o.bootstrap = 4000;
		o.seed = 11;
		r = fair_audit(&in, &o, &err);
		m = &r->metrics[FAIR_M_DP_DIFF];
		fair_newcombe_ci(700, 2000, 600, 2000, fair_stat_z(0.95), &lo, &hi);
		gsl_test_int(m->ci_kind, FAIR_CI_BCA, "bootstrap kind");
		gsl_test_abs(m->ci_low, lo, 0.006, "BCa near Newcombe low");
		gsl_test_abs(m->ci_high, hi, 0.006, "BCa near Newcombe high");
		fair_katz_ci(600, 2000, 700, 2000, fair_stat_z(0.95), &lo, &hi);
		gsl_test_abs(r->metrics[FAIR_M_DP_RATIO].ci_low, lo, 0.015, "BCa near Katz low");
		fair_report *r2 = fair_audit(&in, &o, &err);
		gsl_test_rel(r2->metrics[FAIR_M_EODDS_RATIO].ci_high,
		             r->metrics[FAIR_M_EODDS_RATIO].ci_high, 0, "bootstrap repeatable");
		fair_report_free(r2);
		fair_report_free(r);
		o.bootstrap = 0;
		free(yb);
		free(pb);
		free(gb);
	}
}

/* Regression on two small groups, A = 1 2 3 4 and B = 3 4 5 6 7 (min_group
 * 0): the mean gap B - A = 2.5 with the normal interval 2.5 -+ 1.96
 * sqrt(s_A^2/4 + s_B^2/5), s_A^2 = 5/3, s_B^2 = 5/2; the permutation
 * p-values against all C(9,4) = 126 splits enumerated here. */
static void
test_reg_assess(void)
{
	static const double v[9] = { 1, 2, 3, 4, 3, 4, 5, 6, 7 };
	static const int32_t gg[9] = { 0, 0, 0, 0, 1, 1, 1, 1, 1 };
	fair_error err;
	fair_audit_input in = input(9, v, v, gg, 2, -1);
	in.task = FAIR_TASK_REGRESSION;
	fair_audit_opts o;
	fair_audit_opts_init(&o);
	o.min_group = 0;
	fair_report *r = fair_audit(&in, &o, &err);
	gsl_test(r == NULL, "regression assess runs");
	if (r == NULL)
		return;
	const fair_metric_value *m = &r->metrics[FAIR_M_MEAN_DIFF];
	double se = sqrt(5.0 / 3 / 4 + 2.5 / 5), z = fair_stat_z(0.95);
	gsl_test_rel(m->estimate, 2.5, 1e-14, "mean gap B - A");
	gsl_test_int(m->ci_kind, FAIR_CI_NORMAL, "normal interval by default");
	gsl_test_rel(m->ci_low, 2.5 - z * se, 1e-13, "mean gap low");
	gsl_test_rel(m->ci_high, 2.5 + z * se, 1e-13, "mean gap high");
	gsl_test_int((int)r->bootstrap, 200, "regression resamples 200 by default");
	/* exact permutation distribution: every 4-of-9 subset as A */
	size_t ks_hits = 0, md_hits = 0, tot = 0;
	double ks_obs = r->metrics[FAIR_M_KS].value;
	for (unsigned mask = 0; mask < 512; mask++) {
		int bits = 0;
		for (int i = 0; i < 9; i++)
			bits += (mask >> i) & 1;
		if (bits != 4)
			continue;
		double a[4], b[5], sa = 0, sb = 0;
		size_t na = 0, nb = 0;
		for (int i = 0; i < 9; i++) {
			if (mask & (1u << i)) {
				a[na++] = v[i];
				sa += v[i];
			} else {
				b[nb++] = v[i];
				sb += v[i];
			}
		}
		/* brute-force KS over every point (the values are sorted already
		 * within each half since v is increasing up to the split) */
		double ks = 0;
		for (int t = 0; t < 9; t++) {
			double fa = 0, fb = 0;
			for (size_t i = 0; i < 4; i++)
				fa += a[i] <= v[t];
			for (size_t i = 0; i < 5; i++)
				fb += b[i] <= v[t];
			ks = fmax(ks, fabs(fa / 4 - fb / 5));
		}
		ks_hits += ks >= ks_obs - 1e-12;
		md_hits += fabs(sb / 5 - sa / 4) >= 2.5 - 1e-12;
		tot++;
	}
	double pks = (double)ks_hits / (double)tot, pmd = (double)md_hits / (double)tot;
	/* 1,000 relabellings: within 4 standard errors of the exact value */
	gsl_test_abs(r->metrics[FAIR_M_KS].p_value, pks, 4 * sqrt(pks * (1 - pks) / 1000) + 1e-3,
	             "KS permutation p (exact %g)", pks);
	gsl_test_abs(m->p_value, pmd, 4 * sqrt(pmd * (1 - pmd) / 1000) + 1e-3,
	             "mean gap permutation p (exact %g)", pmd);
	gsl_test_int(m->test, FAIR_TEST_PERM_DIST, "permutation test");
	/* the KS interval's low end is 0 when the test does not reject */
	m = &r->metrics[FAIR_M_KS];
	if (m->p_value >= 0.05)
		gsl_test_abs(m->ci_low, 0, 0, "KS low end 0 when not rejected");
	gsl_test_int(m->ci_kind, FAIR_CI_DIRECTIONAL, "KS directional bootstrap");
	gsl_test(!(m->ci_high >= m->value), "KS interval reaches the value");
	fair_report_free(r);
	/* ci=B: the mean gap by BCa too */
	o.bootstrap = 500;
	r = fair_audit(&in, &o, &err);
	gsl_test_int(r->metrics[FAIR_M_MEAN_DIFF].ci_kind, FAIR_CI_BCA, "mean gap BCa with ci=B");
	gsl_test_int((int)r->bootstrap, 500, "B as asked");
	fair_report_free(r);
}

static void
test_info(void)
{
	gsl_test_int((int)fair_metric_count(FAIR_TASK_CLASSIFICATION), 9, "9 class metrics");
	gsl_test_int((int)fair_metric_count(FAIR_TASK_REGRESSION), 4, "4 regression metrics");
	gsl_test_int(fair_metric_id(FAIR_TASK_REGRESSION, 0), FAIR_M_KS, "first regression id");
	gsl_test_int(fair_metric_id(FAIR_TASK_REGRESSION, 4), -1, "id out of range");
	gsl_test_int(fair_metric_find("disparate_impact"), FAIR_M_DI, "find by name");
	gsl_test_int(fair_metric_find("deo"), FAIR_M_DEO, "find deo");
	gsl_test_int(fair_metric_find("equal"), -1, "ambiguous prefix");
	gsl_test_int(fair_metric_find("wasserstein2"), FAIR_M_W2, "find w2");
	gsl_test_int(fair_figure_find("balanced_accuracy"), FAIR_FIG_BALANCED_ACCURACY, "figure");
	gsl_test(fair_metric_info_get(FAIR_METRIC_COUNT) != NULL, "info out of range");
	for (int k = 0; k < FAIR_METRIC_COUNT; k++) {
		const fair_metric_info *mi = fair_metric_info_get(k);
		gsl_test(mi->id != k || strlen(mi->reading) < 40 || strlen(mi->formula) < 5,
		         "metric %d described", k);
	}
	for (int k = 0; k < FAIR_FIG_COUNT; k++)
		gsl_test(fair_figure_info_get(k)->id != k, "figure %d in order", k);
	gsl_test_rel(fair_metric_info_get(FAIR_M_DP_RATIO)->threshold, 0.8, 0, "ratio threshold");
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_k2();
	test_k3();
	test_conventions_degenerate();
	test_weights_rows();
	test_errors();
	test_bootstrap();
	test_regression();
	test_assess();
	test_reg_assess();
	test_info();
	return gsl_test_summary();
}
