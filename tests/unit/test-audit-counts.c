/* test-audit-counts.c -- the audit of a table of counts (fairsh/counts.h)
 * on frames of counts made by hand, with the figures computed by hand in
 * the comments: selection rates, TPR and FPR per group and the metrics
 * between them; the combinations left out (missing target, missing
 * group) and skipped (missing decision); the target's and groups' tallies
 * in rows; a weighted table (sums of weights and of their squares, Kish
 * sizes); the strata of a control column, and a stratum with no rows; the
 * byte order of levels; bad input (a negative or fractional count, no
 * count column, a weight sum without its squares, rows without a weight,
 * a negative weight) as errors. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/counts.h"
#include "testframe.h"

#define TOL 1e-12

/* The unweighted counts (13 combinations, 35 rows):
 *
 *   y   g   p   c  rows        group a: TP 3+2 = 5, FN 1, FP 1, TN 5+2 = 7
 *   1   a   1   u   3                   n 14, selection (5+1)/14 = 3/7
 *   1   a   0   u   1                   TPR 5/6, FPR 1/8
 *   0   a   1   u   1          group b: TP 1, FN 3, FP 2, TN 4
 *   0   a   0   u   5                   n 10, selection 3/10
 *   1   a   1   v   2                   TPR 1/4, FPR 2/6 = 1/3
 *   0   a   0   v   2          DP difference 3/7 - 3/10 = 9/70
 *   1   b   1   u   1          DP ratio (3/10) / (3/7) = 7/10
 *   1   b   0   u   3          EOpp difference 5/6 - 1/4 = 7/12
 *   0   b   1   v   2          EOdds difference max(7/12, 1/3 - 1/8 = 5/24) = 7/12
 *   0   b   0   v   4
 *   1   b   NA  v   2          missing decision: 2 rows skipped
 *   NA  b   1   u   4          missing target: not audited, no warning
 *   1   NA  1   u   5          missing group: not audited
 *
 * Tallies in rows: y = 1: 3+1+2+1+3+2+5 = 17; y = 0: 1+5+2+2+4 = 14;
 * missing 4 (17 + 14 + 4 = 35); group a 14, group b 1+3+2+4+2+4 = 16. */
static fair_frame *
plain_counts(bool with_count, double count0)
{
	static const char *const g[] = { "a", "b" }, *const c[] = { "u", "v" };
	fair_frame *f = fair_frame_new();
	add_num(f, "y", (const double[]){ 1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, NAN, 1 }, 13);
	add_cat(f, "g", (const int32_t[]){ 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, -1 }, 13, g, 2);
	add_num(f, "p", (const double[]){ 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, NAN, 1, 1 }, 13);
	add_cat(f, "c", (const int32_t[]){ 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0 }, 13, c, 2);
	if (with_count)
		add_num(f, FAIR_DB_COUNT, (const double[]){ count0, 1, 1, 5, 2, 2, 1, 3, 2, 4, 2, 4, 5 }, 13);
	return f;
}

static const char *const sens[] = { "g" };

static void
spec_init(fair_counts_spec *cs)
{
	memset(cs, 0, sizeof *cs);
	cs->target = "y";
	cs->sensitive = sens;
	cs->nsensitive = 1;
	cs->decision = "p";
}

static void
near(double got, double want, const char *what)
{
	gsl_test(!(fabs(got - want) <= TOL * (1 + fabs(want))), "%s = %.15g (expected %.15g)", what, got, want);
}

static void
test_plain(void)
{
	fair_frame *f = plain_counts(true, 3);
	fair_counts_spec cs;
	fair_audit_opts ao;
	fair_error err;

	spec_init(&cs);
	fair_audit_opts_init(&ao);
	ao.calib_bins = 0;
	fair_counted *c = fair_audit_counts(f, &cs, &ao, &err);
	gsl_test(c == NULL, "plain counts: %s", c ? "" : err.msg);
	if (c == NULL) {
		fair_frame_unref(f);
		return;
	}
	const fair_report *r = c->report;
	gsl_test(r->K != 2 || strcmp(r->groups[0].label, "a") || strcmp(r->groups[1].label, "b"),
	         "plain: groups %zu (expected a, b)", r->K);
	near(r->groups[0].fig[FAIR_FIG_SELECTION_RATE], 3.0 / 7, "selection rate a");
	near(r->groups[1].fig[FAIR_FIG_SELECTION_RATE], 3.0 / 10, "selection rate b");
	near(r->groups[0].fig[FAIR_FIG_TPR], 5.0 / 6, "TPR a");
	near(r->groups[1].fig[FAIR_FIG_TPR], 1.0 / 4, "TPR b");
	near(r->groups[0].fig[FAIR_FIG_FPR], 1.0 / 8, "FPR a");
	near(r->groups[1].fig[FAIR_FIG_FPR], 1.0 / 3, "FPR b");
	near(r->groups[0].tp, 5, "TP a");
	near(r->groups[1].tn, 4, "TN b");
	near(r->metrics[FAIR_M_DP_DIFF].value, 9.0 / 70, "DP difference");
	near(r->metrics[FAIR_M_DP_RATIO].value, 7.0 / 10, "DP ratio");
	near(r->metrics[FAIR_M_EOPP_DIFF].value, 7.0 / 12, "EOpp difference");
	near(r->metrics[FAIR_M_EODDS_DIFF].value, 7.0 / 12, "EOdds difference");
	gsl_test(r->rows_used != 24 || r->rows_missing_yhat != 2, "plain: %zu rows used, %zu skipped (expected 24, 2)",
	         r->rows_used, r->rows_missing_yhat);
	gsl_test(r->groups[0].rows != 14 || r->groups[1].rows != 10, "plain: group rows %zu, %zu (expected 14, 10)",
	         r->groups[0].rows, r->groups[1].rows);
	gsl_test(r->weighted, "plain: weighted");
	gsl_test(c->rows != 35, "plain: %zu rows counted (expected 35)", c->rows);
	gsl_test(c->target->npos != 17 || c->target->nneg != 14 || c->target->nmissing != 4,
	         "plain: target tallies %zu/%zu/%zu (expected 17/14/4)", c->target->npos, c->target->nneg,
	         c->target->nmissing);
	gsl_test(c->groups->count[0] != 14 || c->groups->count[1] != 16, "plain: group tallies %zu, %zu (expected 14, 16)",
	         c->groups->count[0], c->groups->count[1]);
	gsl_test(c->decision->rule == NULL, "plain: no decision rule");

	/* control c. Stratum u: a TP 3, FN 1, FP 1, TN 5 (selection 4/10,
	 * TPR 3/4, FPR 1/6); b TP 1, FN 3 (selection 1/4, TPR 1/4, no
	 * negatives: FPR undefined). Stratum v: a TP 2, TN 2 (selection 1/2,
	 * TPR 1, FPR 0); b FP 2, TN 4 (selection 2/6, no positive with a
	 * decision: TPR undefined, FPR 1/3), its 2 rows without a decision
	 * skipped. A third stratum no combination has: "no audited rows". */
	fair_groups *st = NULL;
	static const char *const ctl[] = { "c" };
	gsl_test(fair_groups_build(f, ctl, 1, NAN, NULL, &st, &err) != FAIR_OK, "strata: %s", err.msg);
	if (st != NULL) {
		fair_report *rep[3];
		char *why[3];
		int32_t *sk = malloc(st->n * sizeof *sk);
		memcpy(sk, st->group, st->n * sizeof *sk);
		gsl_test(fair_audit_counts_strata(c, sk, 3, &ao, rep, why, &err) != FAIR_OK, "strata: %s", err.msg);
		gsl_test(rep[0] == NULL || rep[1] == NULL || rep[2] != NULL || why[2] == NULL ||
		         strcmp(why[2], "no audited rows"), "strata: reports %p %p %p, why '%s'", (void *)rep[0],
		         (void *)rep[1], (void *)rep[2], why[2] ? why[2] : "");
		if (rep[0] != NULL && rep[1] != NULL) {
			near(rep[0]->groups[0].fig[FAIR_FIG_SELECTION_RATE], 4.0 / 10, "u: selection rate a");
			near(rep[0]->groups[1].fig[FAIR_FIG_SELECTION_RATE], 1.0 / 4, "u: selection rate b");
			near(rep[0]->groups[0].fig[FAIR_FIG_TPR], 3.0 / 4, "u: TPR a");
			near(rep[0]->groups[1].fig[FAIR_FIG_TPR], 1.0 / 4, "u: TPR b");
			near(rep[0]->groups[0].fig[FAIR_FIG_FPR], 1.0 / 6, "u: FPR a");
			gsl_test(!isnan(rep[0]->groups[1].fig[FAIR_FIG_FPR]), "u: FPR b = %g (expected NaN)",
			         rep[0]->groups[1].fig[FAIR_FIG_FPR]);
			near(rep[1]->groups[0].fig[FAIR_FIG_SELECTION_RATE], 1.0 / 2, "v: selection rate a");
			near(rep[1]->groups[1].fig[FAIR_FIG_SELECTION_RATE], 2.0 / 6, "v: selection rate b");
			near(rep[1]->groups[0].fig[FAIR_FIG_TPR], 1, "v: TPR a");
			near(rep[1]->groups[1].fig[FAIR_FIG_FPR], 1.0 / 3, "v: FPR b");
			gsl_test(rep[0]->rows_used != 14 || rep[1]->rows_used != 10 || rep[1]->rows_missing_yhat != 2,
			         "strata: rows %zu, %zu, skipped %zu (expected 14, 10, 2)", rep[0]->rows_used,
			         rep[1]->rows_used, rep[1]->rows_missing_yhat);
		}
		for (size_t k = 0; k < 3; k++) {
			fair_report_free(rep[k]);
			free(why[k]);
		}
		free(sk);
	}
	fair_groups_free(st);
	fair_counted_free(c);
	fair_frame_unref(f);
}

/* Weighted counts (FAIR_DB_WSUM, FAIR_DB_W2: the weights' sum and sum of
 * squares of each combination):
 *
 *   y  g  p  rows  wsum  w2        group a: TP 3, FP 2, TN 1 (n 6)
 *   1  a  1   2    3     5  (1,2)     selection 5/6, TPR 3/3 = 1, FPR 2/3
 *   0  a  1   1    2     4  (2)       Kish n (6^2)/(5+4+1) = 3.6
 *   0  a  0   1    1     1  (1)    group b: TP 0.5, FN 3, TN 2 (n 5.5)
 *   1  b  1   1    0.5   0.25          selection 0.5/5.5 = 1/11
 *   1  b  0   2    3     5  (1,2)     TPR 0.5/3.5 = 1/7, FPR 0
 *   0  b  0   2    2     2  (1,1)     Kish n 5.5^2/7.25 = 30.25/7.25
 * DP difference 5/6 - 1/11 = 49/66. With FAIR_DB_WN (the rows with a
 * weight) below the count, or FAIR_DB_WMIN below 0, an error. */
static fair_frame *
weighted_counts(bool with_w2, double wn0, double wmin0)
{
	static const char *const g[] = { "a", "b" };
	fair_frame *f = fair_frame_new();
	add_num(f, "y", (const double[]){ 1, 0, 0, 1, 1, 0 }, 6);
	add_cat(f, "g", (const int32_t[]){ 0, 0, 0, 1, 1, 1 }, 6, g, 2);
	add_num(f, "p", (const double[]){ 1, 1, 0, 1, 0, 0 }, 6);
	add_num(f, FAIR_DB_COUNT, (const double[]){ 2, 1, 1, 1, 2, 2 }, 6);
	add_num(f, FAIR_DB_WSUM, (const double[]){ 3, 2, 1, 0.5, 3, 2 }, 6);
	if (with_w2)
		add_num(f, FAIR_DB_W2, (const double[]){ 5, 4, 1, 0.25, 5, 2 }, 6);
	add_num(f, FAIR_DB_WN, (const double[]){ wn0, 1, 1, 1, 2, 2 }, 6);
	add_num(f, FAIR_DB_WMIN, (const double[]){ wmin0, 2, 1, 0.5, 1, 1 }, 6);
	return f;
}

static void
test_weighted(void)
{
	fair_frame *f = weighted_counts(true, 2, 1);
	fair_counts_spec cs;
	fair_audit_opts ao;
	fair_error err;

	spec_init(&cs);
	cs.weights = "w";
	fair_audit_opts_init(&ao);
	fair_counted *c = fair_audit_counts(f, &cs, &ao, &err);
	gsl_test(c == NULL, "weighted counts: %s", c ? "" : err.msg);
	if (c != NULL) {
		const fair_report *r = c->report;
		gsl_test(!r->weighted, "weighted: not weighted");
		near(r->groups[0].fig[FAIR_FIG_SELECTION_RATE], 5.0 / 6, "weighted selection rate a");
		near(r->groups[1].fig[FAIR_FIG_SELECTION_RATE], 1.0 / 11, "weighted selection rate b");
		near(r->groups[0].fig[FAIR_FIG_TPR], 1, "weighted TPR a");
		near(r->groups[1].fig[FAIR_FIG_TPR], 1.0 / 7, "weighted TPR b");
		near(r->groups[0].fig[FAIR_FIG_FPR], 2.0 / 3, "weighted FPR a");
		near(r->groups[1].fig[FAIR_FIG_FPR], 0, "weighted FPR b");
		near(r->groups[0].n, 6, "weighted n a");
		near(r->groups[0].n_eff, 3.6, "Kish n a");
		near(r->groups[1].n_eff, 30.25 / 7.25, "Kish n b");
		near(r->metrics[FAIR_M_DP_DIFF].value, 49.0 / 66, "weighted DP difference");
		gsl_test(r->groups[0].rows != 4 || r->groups[1].rows != 5 || c->rows != 9,
		         "weighted: rows %zu, %zu, %zu (expected 4, 5, 9)", r->groups[0].rows, r->groups[1].rows, c->rows);
	}
	fair_counted_free(c);
	fair_frame_unref(f);

	/* a combination of 2 rows with 1 weight; one with a weight of -1 */
	f = weighted_counts(true, 1, 1);
	c = fair_audit_counts(f, &cs, &ao, &err);
	gsl_test(c != NULL || strcmp(err.msg, "weights column 'w': 1 rows have no weight (every row needs a weight; "
	                             "filter them out)"), "rows without a weight: '%s'", c ? "" : err.msg);
	fair_counted_free(c);
	fair_frame_unref(f);
	f = weighted_counts(true, 2, -1);
	c = fair_audit_counts(f, &cs, &ao, &err);
	gsl_test(c != NULL || strcmp(err.msg, "weights column 'w' has -1 (weights must be finite and >= 0)"),
	         "negative weight: '%s'", c ? "" : err.msg);
	fair_counted_free(c);
	fair_frame_unref(f);
	f = weighted_counts(false, 2, 1);
	c = fair_audit_counts(f, &cs, &ao, &err);
	gsl_test(c != NULL || err.code != FAIR_EINVAL || strstr(err.msg, FAIR_DB_W2) == NULL,
	         "sum without squares: '%s'", c ? "" : err.msg);
	fair_counted_free(c);
	fair_frame_unref(f);
}

static void
test_errors(void)
{
	fair_counts_spec cs;
	fair_audit_opts ao;
	fair_error err;
	fair_frame *f;
	fair_counted *c;

	spec_init(&cs);
	fair_audit_opts_init(&ao);
	f = plain_counts(true, -3);
	c = fair_audit_counts(f, &cs, &ao, &err);
	gsl_test(c != NULL || err.code != FAIR_EINVAL ||
	         strcmp(err.msg, "counts: row 1 has -3 in 'fairsh_rows' (counts are whole numbers >= 0)"),
	         "negative count: '%s'", c ? "" : err.msg);
	fair_counted_free(c);
	fair_frame_unref(f);
	f = plain_counts(true, 2.5);
	c = fair_audit_counts(f, &cs, &ao, &err);
	gsl_test(c != NULL || err.code != FAIR_EINVAL || strstr(err.msg, "row 1 has 2.5") == NULL,
	         "fractional count: '%s'", c ? "" : err.msg);
	fair_counted_free(c);
	fair_frame_unref(f);
	f = plain_counts(false, 0);
	c = fair_audit_counts(f, &cs, &ao, &err);
	gsl_test(c != NULL || err.code != FAIR_EINVAL ||
	         strcmp(err.msg, "counts: no column 'fairsh_rows' (the rows of each combination)"),
	         "no count column: '%s'", c ? "" : err.msg);
	fair_counted_free(c);
	fair_frame_unref(f);
	f = plain_counts(true, 3);
	cs.target = "nope";
	c = fair_audit_counts(f, &cs, &ao, &err);
	gsl_test(c != NULL || err.code != FAIR_ENOTFOUND, "unknown target: '%s'", c ? "" : err.msg);
	fair_counted_free(c);
	fair_frame_unref(f);
}

/* Levels b, a (in the order a database returned them) become a, b; the
 * codes follow the values, a missing value stays missing. */
static void
test_sort_levels(void)
{
	static const char *const lv[] = { "b", "a", "B" };
	fair_frame *f = fair_frame_new();
	fair_error err;
	add_cat(f, "g", (const int32_t[]){ 0, 1, -1, 2, 0 }, 5, lv, 3);
	add_num(f, FAIR_DB_COUNT, (const double[]){ 1, 2, 3, 4, 5 }, 5);
	fair_frame *s = fair_counts_sort_levels(f, &err);
	gsl_test(s == NULL, "sort levels: %s", s ? "" : err.msg);
	if (s != NULL) {
		const fair_column *g = fair_frame_column(s, 0);
		/* byte order: "B" (0x42) < "a" < "b" */
		gsl_test(fair_column_nlevels(g) != 3 || strcmp(fair_column_level(g, 0), "B") ||
		         strcmp(fair_column_level(g, 1), "a") || strcmp(fair_column_level(g, 2), "b"),
		         "sorted levels");
		const int32_t *k = fair_column_codes(g);
		gsl_test(k[0] != 2 || k[1] != 1 || k[2] != -1 || k[3] != 0 || k[4] != 2, "sorted codes %d %d %d %d %d",
		         k[0], k[1], k[2], k[3], k[4]);
		gsl_test(fair_frame_ncols(s) != 2 || fair_column_values(fair_frame_column(s, 1))[4] != 5,
		         "the counts stay");
		fair_frame_unref(s);
	}
	fair_frame_unref(f);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_plain();
	test_weighted();
	test_errors();
	test_sort_levels();
	return gsl_test_summary();
}
