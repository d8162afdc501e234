/* test-overall.c -- vs=overall and agg=mean (overall.c) on a hand-worked
 * table, and the errors for the conventions they do not apply to. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/metric.h"

#define EPS 1e-15

static const char *const LAB[2] = { "A", "B" };
/* A: 4 rows, y 1 1 0 0, p 1 0 1 0: selection 2/4, TPR 1/2, FPR 1/2.
 * B: 6 rows, y 1 1 1 0 0 0, p 1 1 1 0 0 1: selection 4/6, TPR 3/3, FPR 1/3.
 * overall: 10 rows: selection 6/10, TPR 4/5, FPR 2/5. */
static const double Y[10] = { 1, 1, 0, 0,   1, 1, 1, 0, 0, 0 };
static const double P[10] = { 1, 0, 1, 0,   1, 1, 1, 0, 0, 1 };
static const int32_t G[10] = { 0, 0, 0, 0,   1, 1, 1, 1, 1, 1 };

static fair_report *
run(int conv, int vs, int agg, fair_error *err)
{
	fair_audit_input in;
	fair_audit_opts o;
	memset(&in, 0, sizeof in);
	in.n = 10;
	in.y = Y;
	in.yhat = P;
	in.group = G;
	in.K = 2;
	in.labels = LAB;
	in.privileged = 0;
	in.task = FAIR_TASK_CLASSIFICATION;
	fair_audit_opts_init(&o);
	o.convention = conv;
	o.min_group = 0;
	o.vs = vs;
	o.agg = agg;
	return fair_audit(&in, &o, err);
}

#define M(r, id) ((r)->metrics[id].value)

int
main(void)
{
	fair_error err;
	fair_report *r;

	gsl_set_error_handler_off();
	for (int conv = FAIR_CONV_STRICT; conv <= FAIR_CONV_FAIRLEARN; conv++) {
		/* each group against the overall rows */
		r = run(conv, FAIR_VS_OVERALL, FAIR_AGG_MAX, &err);
		gsl_test(r == NULL, "vs=overall runs");
		/* |1/2 - 6/10| = 0.1 (A) > |4/6 - 6/10| = 1/15 */
		gsl_test_rel(M(r, FAIR_M_DP_DIFF), 0.1, 1e-14, "DP difference to overall 0.1");
		gsl_test_int((int)r->metrics[FAIR_M_DP_DIFF].ga, 0, "DP difference: group A");
		gsl_test_int((int)r->metrics[FAIR_M_DP_DIFF].gb, (int)FAIR_GROUP_OVERALL, "DP difference: vs overall");
		gsl_test_str(fair_report_group_label(r, r->metrics[FAIR_M_DP_DIFF].gb), "overall", "overall label");
		gsl_test(fair_report_group(r, FAIR_GROUP_OVERALL) != &r->overall, "overall figures");
		/* min(0.5/0.6, 0.6/(2/3)) = min(5/6, 9/10) = 5/6 */
		gsl_test_rel(M(r, FAIR_M_DP_RATIO), 5.0 / 6, EPS, "DP ratio to overall 5/6");
		/* TPR: |1/2 - 4/5| = 3/10 (A), |1 - 4/5| = 1/5 */
		gsl_test_rel(M(r, FAIR_M_EOPP_DIFF), 0.3, 1e-14, "EOpp difference to overall 0.3");
		/* min((1/2)/(4/5), (4/5)/1) = 5/8 */
		gsl_test_rel(M(r, FAIR_M_EOPP_RATIO), 0.625, EPS, "EOpp ratio to overall 5/8");
		/* FPR: |1/2 - 2/5| = 1/10, |1/3 - 2/5| = 1/15; ratios 4/5, 5/6
		 * equalized odds: max(3/10, 1/10) = 3/10, min(5/8, 4/5) = 5/8 */
		gsl_test_rel(M(r, FAIR_M_EODDS_DIFF), 0.3, 1e-14, "EOdds difference to overall 0.3");
		gsl_test_int(r->metrics[FAIR_M_EODDS_DIFF].fig, FAIR_FIG_TPR, "EOdds decided by TPR");
		gsl_test_rel(r->metrics[FAIR_M_EODDS_DIFF].alt_estimate, 0.1, 1e-14, "EOdds FPR part 0.1");
		gsl_test_rel(M(r, FAIR_M_EODDS_RATIO), 0.625, EPS, "EOdds ratio to overall 5/8");
		/* no interval; the verdict reads the value: 0.3 > 0.1 unfair */
		gsl_test(r->metrics[FAIR_M_EODDS_DIFF].has_ci || !isnan(r->metrics[FAIR_M_EODDS_DIFF].ci_low),
		         "no interval to overall");
		gsl_test_int(r->metrics[FAIR_M_EODDS_DIFF].verdict, FAIR_VERDICT_FAIL, "EOdds verdict from the value");
		gsl_test_int(r->metrics[FAIR_M_EODDS_DIFF].why, FAIR_WHY_POINT, "EOdds verdict: point");
		/* the others keep their between-groups value: AOD between groups */
		gsl_test_int((int)r->metrics[FAIR_M_AOD].gb, 0, "AOD still between groups");
		gsl_test_int(r->vs, FAIR_VS_OVERALL, "report vs");
		fair_report_free(r);

		/* to overall, equalized odds as the mean: (3/10 + 1/10)/2 = 1/5,
		 * (5/8 + 4/5)/2 = 57/80 */
		r = run(conv, FAIR_VS_OVERALL, FAIR_AGG_MEAN, &err);
		gsl_test_rel(M(r, FAIR_M_EODDS_DIFF), 0.2, 1e-14, "EOdds mean to overall 1/5");
		gsl_test_rel(M(r, FAIR_M_EODDS_RATIO), 57.0 / 80, 1e-14, "EOdds ratio mean to overall 57/80");
		fair_report_free(r);

		/* between groups, mean: TPR 1 - 1/2 = 1/2, FPR 1/2 - 1/3 = 1/6:
		 * mean 1/3; ratios 1/2 and 2/3: mean 7/12; DP unchanged 1/6 */
		r = run(conv, FAIR_VS_GROUPS, FAIR_AGG_MEAN, &err);
		gsl_test_rel(M(r, FAIR_M_EODDS_DIFF), 1.0 / 3, 1e-14, "EOdds mean between groups 1/3");
		gsl_test_rel(M(r, FAIR_M_EODDS_RATIO), 7.0 / 12, 1e-14, "EOdds ratio mean between groups 7/12");
		gsl_test_rel(M(r, FAIR_M_DP_DIFF), 1.0 / 6, 1e-14, "DP between groups kept 1/6");
		gsl_test(!r->metrics[FAIR_M_DP_DIFF].has_ci, "DP between groups keeps its interval");
		fair_report_free(r);

		/* the default is the max between groups: 1/2 */
		r = run(conv, FAIR_VS_GROUPS, FAIR_AGG_MAX, &err);
		gsl_test_rel(M(r, FAIR_M_EODDS_DIFF), 0.5, 1e-14, "EOdds max between groups 1/2");
		fair_report_free(r);
	}

	/* conventions with their own reference group refuse them */
	for (int conv = FAIR_CONV_AIF360; conv < FAIR_CONV_COUNT; conv++) {
		r = run(conv, FAIR_VS_OVERALL, FAIR_AGG_MAX, &err);
		gsl_test(r != NULL || err.code != FAIR_EINVAL || !strstr(err.msg, "strict and fairlearn"),
		         "vs=overall refused under %s", fair_convention_name(conv));
		fair_report_free(r);
		r = run(conv, FAIR_VS_GROUPS, FAIR_AGG_MEAN, &err);
		gsl_test(r != NULL, "agg=mean refused under %s", fair_convention_name(conv));
		fair_report_free(r);
	}
	r = run(FAIR_CONV_STRICT, 7, FAIR_AGG_MAX, &err);
	gsl_test(r != NULL || err.code != FAIR_EINVAL, "unknown vs refused");
	fair_report_free(r);
	return gsl_test_summary();
}
