/* test-decision.c -- decisions read from columns (fair_decision_build): a
 * prediction column in the target's label space (positive=0, -1/1, string
 * labels), categorical decisions with their positive values, scores cut at
 * a threshold in either direction, and the errors that name the values
 * found instead of guessing. Then the peers' unit-test examples for labels
 * other than 0/1 run through fair_audit: Fairlearn's
 * test/unit/metrics/test_base_metrics.py (pos_label=0, -1/1, "a"/"b",
 * weighted) and AIF360's tests/test_classification_metric.py
 * (favourable labels {0, 1} of three), each with the peer's number. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/frame.h"
#include "fairsh/metric.h"
#include "fairsh/spec.h"

static fair_column *
num_col(const char *name, const double *v, size_t n)
{
	double *p = malloc((n ? n : 1) * sizeof *p);
	fair_error err;
	memcpy(p, v, n * sizeof *p);
	return fair_column_new_numeric(name, p, n, &err);
}

/* categorical column from cells (NULL = missing), levels in order of first use */
static fair_column *
cat_col(const char *name, const char *const *cells, size_t n)
{
	int32_t *codes = malloc(n * sizeof *codes);
	char **lv = malloc(n * sizeof *lv);
	size_t nl = 0;
	fair_error err;

	for (size_t i = 0; i < n; i++) {
		codes[i] = -1;
		if (cells[i] == NULL)
			continue;
		for (size_t k = 0; k < nl; k++)
			if (!strcmp(lv[k], cells[i]))
				codes[i] = (int32_t)k;
		if (codes[i] < 0) {
			lv[nl] = strdup(cells[i]);
			codes[i] = (int32_t)nl++;
		}
	}
	return fair_column_new_categorical(name, codes, n, lv, nl, &err);
}

static void
add(fair_frame *f, fair_column *c)
{
	fair_error err;
	gsl_test(c == NULL || fair_frame_add_column(f, c, &err) != FAIR_OK, "add column");
	fair_column_unref(c);
}

/* "1010-" for decisions (- = missing) */
static const char *
dstr(const double *v, size_t n)
{
	static char s[128];
	for (size_t i = 0; i < n; i++)
		s[i] = isnan(v[i]) ? '-' : v[i] == 1 ? '1' : v[i] == 0 ? '0' : '?';
	s[n] = '\0';
	return s;
}

/* Decisions of @o over @f for target @tcol (positive values @pos); the
 * string of decisions, or the error message; *rule the rule. */
static const char *
decide(const fair_frame *f, const char *tcol, const char *const *pos, size_t npos, double tthr,
       const fair_decision_opts *o, char *rule, size_t rlen)
{
	static fair_error err;
	static char out[256];
	fair_target *t = NULL;
	fair_decision *d = NULL;

	if (fair_target_build(f, tcol, pos, npos, tthr, -1, &t, &err))
		return err.msg;
	if (fair_decision_build(f, t, o, &d, &err)) {
		fair_target_free(t);
		return err.msg;
	}
	snprintf(out, sizeof out, "%s", dstr(d->yhat, d->n));
	if (rule)
		snprintf(rule, rlen, "%s", d->rule);
	fair_decision_free(d);
	fair_target_free(t);
	return out;
}

static void
test_label_space(void)
{
	/* y 0 0 1 1 NaN; p 0 1 1 0 1 */
	static const double Y[5] = { 0, 0, 1, 1, NAN }, P[5] = { 0, 1, 1, 0, 1 };
	static const double PM[5] = { -1, 1, 1, -1, 1 }, P2[5] = { 0, 2, 1, 7, 1 };
	static const char *const INC[5] = { "<=50K", ">50K", ">50K", "<=50K", "<=50K" };
	static const char *const PINC[5] = { ">50K", ">50K", "<=50K", NULL, "<=50K" };
	static const char *const PDOT[5] = { ">50K.", ">50K", "<=50K.", "<=50K", "<=50K" };
	static const char *const PTF[5] = { "false", "true", "True", "no", "yes" };
	static const char *const TEXT[5] = { "Low", "High", "Medium", "Low", NULL };
	static const double S[5] = { 3, 9, 5, 4, NAN }, PR[5] = { 0.1, 0.9, 0.5, 0.4, 0.7 };
	fair_frame *f = fair_frame_new();
	fair_decision_opts o;
	char rule[200];

	add(f, num_col("y", Y, 5));
	add(f, num_col("p", P, 5));
	add(f, num_col("pm", PM, 5));
	add(f, num_col("p2", P2, 5));
	add(f, cat_col("income", INC, 5));
	add(f, cat_col("pinc", PINC, 5));
	add(f, cat_col("pdot", PDOT, 5));
	add(f, cat_col("ptf", PTF, 5));
	add(f, cat_col("text", TEXT, 5));
	add(f, num_col("s", S, 5));
	add(f, num_col("pr", PR, 5));

	fair_decision_opts_init(&o);
	o.pred = "p";
	/* y positive 1 (auto): p read as is */
	gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, rule, sizeof rule), "01101", "p under positive 1");
	gsl_test_str(rule, "p (positive = 1)", "rule, label space");
	/* y positive=0: p = 0 predicts the positive class -- the old silent flip */
	{
		const char *z[] = { "0" };
		gsl_test_str(decide(f, "y", z, 1, NAN, &o, rule, sizeof rule), "10010", "p under positive=0");
		gsl_test_str(rule, "p (positive = 0)", "rule, positive=0");
	}
	/* -1/1 beside a 0/1 target: -1 is no value of y */
	o.pred = "pm";
	gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, NULL, 0),
	             "prediction column 'pm' has values that are not values of target 'y': -1 (target values: 0, 1; "
	             "positive = 1); for scores use score=pm threshold=T", "-1 beside 0/1");
	o.pred = "p2";
	gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, NULL, 0),
	             "prediction column 'p2' has values that are not values of target 'y': 2, 7 (target values: 0, 1; "
	             "positive = 1); for scores use score=p2 threshold=T", "2 and 7 named");
	/* a threshold target: any number, cut where the target is */
	gsl_test_str(decide(f, "p2", NULL, 0, 1.5, &o, rule, sizeof rule), "01010", "p2 under target p2 > 1.5");
	gsl_test_str(rule, "p2 > 1.5", "rule, threshold target");

	/* string labels: pinc in income's labels */
	o.pred = "pinc";
	{
		const char *hi[] = { ">50K" }, *lo[] = { "<=50K" };
		gsl_test_str(decide(f, "income", hi, 1, NAN, &o, rule, sizeof rule), "110-0", "pinc, positive >50K");
		gsl_test_str(rule, "pinc (positive = >50K)", "rule, string labels");
		gsl_test_str(decide(f, "income", lo, 1, NAN, &o, NULL, 0), "001-1", "pinc, positive <=50K");
		/* the test file's labels with a dot are not income's labels */
		o.pred = "pdot";
		gsl_test_str(decide(f, "income", hi, 1, NAN, &o, NULL, 0),
		             "prediction column 'pdot' has values that are not values of target 'income': >50K., <=50K. "
		             "(target values: <=50K, >50K; positive = >50K); or say which values are positive decisions "
		             "with positive=V,...", "labels with a dot");
		/* a 0/1 column beside a categorical target: 1 is the positive class */
		o.pred = "p";
		gsl_test_str(decide(f, "income", lo, 1, NAN, &o, rule, sizeof rule), "01101", "0/1 beside income");
		gsl_test_str(rule, "p (1 = <=50K)", "rule, 0/1 beside categories");
		o.pred = "p2";
		gsl_test_str(decide(f, "income", hi, 1, NAN, &o, NULL, 0),
		             "prediction column 'p2' is numeric with values 2, 7; target 'income' is categorical (positive = "
		             ">50K): give 0/1 decisions (1 = >50K), the target's own labels, or a score with score=p2 "
		             "threshold=T", "2 and 7 beside income");
	}
	/* true/false words beside a numeric target */
	o.pred = "ptf";
	gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, NULL, 0), "01101", "true/yes words");
	{
		const char *z[] = { "0" };
		gsl_test_str(decide(f, "y", z, 1, NAN, &o, NULL, 0), "10010", "words under positive=0");
	}

	/* categorical decisions with their positive values */
	o.pred = "text";
	{
		const char *mh[] = { "Medium", "High" }, *na[] = { "N/A" };
		o.positive = mh;
		o.npositive = 2;
		gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, rule, sizeof rule), "0110-", "text in Medium, High");
		gsl_test_str(rule, "text in (Medium, High)", "rule, positive list");
		o.positive = na;
		o.npositive = 1;
		gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, NULL, 0),
		             "positive value 'N/A' is not a level of 'text' (levels: Low, High, Medium)", "N/A no level");
		/* numeric decisions with a positive list: the values must occur */
		const char *seven[] = { "7" }, *two[] = { "2", "7" };
		o.pred = "p2";
		o.positive = seven;
		gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, NULL, 0), "00010", "p2 in (7)");
		o.positive = two;
		o.npositive = 2;
		gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, rule, sizeof rule), "01010", "p2 in (2, 7)");
		gsl_test_str(rule, "p2 in (2, 7)", "rule, numeric list");
		o.positive = na;
		o.npositive = 1;
		gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, NULL, 0), "positive value 'N/A' is not a number; column "
		             "'p2' is numeric", "not a number");
		o.positive = NULL;
		o.npositive = 0;
	}

	/* scores: s 3 9 5 4 NaN cut at 5 */
	fair_decision_opts_init(&o);
	o.score = "s";
	o.threshold = 5;
	gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, rule, sizeof rule), "0110-", "s >= 5");
	gsl_test_str(rule, "s >= 5", "rule, score");
	o.direction = FAIR_DIRECTION_LOWER;
	gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, rule, sizeof rule), "1011-", "s <= 5");
	gsl_test_str(rule, "s <= 5", "rule, lower");
	/* the score handed on is turned: -s for a score outside [0, 1], 1 - s
	 * for a probability, so that higher always means positive */
	{
		fair_target *t = NULL;
		fair_decision *d = NULL;
		fair_error err;
		gsl_test_int(fair_target_build(f, "y", NULL, 0, NAN, -1, &t, &err), FAIR_OK, "target y");
		gsl_test_int(fair_decision_build(f, t, &o, &d, &err), FAIR_OK, "score lower");
		gsl_test(d->score_is_prob || d->score[1] != -9, "lower: -s, not a probability");
		fair_decision_free(d);
		o.score = "pr";
		o.threshold = 0.5;
		gsl_test_int(fair_decision_build(f, t, &o, &d, &err), FAIR_OK, "probability lower");
		gsl_test(!d->score_is_prob || fabs(d->score[1] - 0.1) > 1e-15, "lower probability: 1 - 0.9");
		gsl_test_str(dstr(d->yhat, 5), "10110", "pr <= 0.5");
		fair_decision_free(d);
		o.direction = FAIR_DIRECTION_HIGHER;
		gsl_test_int(fair_decision_build(f, t, &o, &d, &err), FAIR_OK, "probability higher");
		gsl_test(!d->score_is_prob || d->score[1] != 0.9, "higher probability as given");
		fair_decision_free(d);
		/* pred= and score= together: decisions from pred, the score for AUC */
		o.pred = "p";
		o.threshold = NAN;
		gsl_test_int(fair_decision_build(f, t, &o, &d, &err), FAIR_OK, "pred and score");
		gsl_test_str(dstr(d->yhat, 5), "01101", "pred gives the decisions");
		gsl_test(d->score == NULL || d->score[0] != 0.1, "score kept");
		fair_decision_free(d);
		fair_target_free(t);
	}
	/* usage errors */
	fair_decision_opts_init(&o);
	o.score = "s";
	gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, NULL, 0), "score=s needs threshold=T: a score of T or more is a "
	             "positive decision (with direction=lower: T or less)", "score without threshold");
	o.pred = "p";
	o.threshold = 3;
	gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, NULL, 0), "threshold= makes decisions from score= alone; pred=p "
	             "gives them already", "threshold with pred");
	fair_decision_opts_init(&o);
	o.score = "text";
	o.threshold = 1;
	gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, NULL, 0), "score column 'text' is categorical; scores are numbers "
	             "(for categorical decisions use pred=text positive=V,...)", "categorical score");
	fair_decision_opts_init(&o);
	o.pred = "nope";
	gsl_test(strncmp(decide(f, "y", NULL, 0, NAN, &o, NULL, 0), "unknown column 'nope' (columns: y, p, ", 38),
	         "unknown column");
	fair_decision_opts_init(&o);
	gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, NULL, 0), "give the decisions with pred=COLUMN, or a score with "
	             "score=COLUMN threshold=T", "nothing given");
	o.direction = FAIR_DIRECTION_LOWER;
	o.pred = "p";
	gsl_test_str(decide(f, "y", NULL, 0, NAN, &o, NULL, 0), "direction= goes with score=COLUMN", "direction alone");
	/* a regression target: the values as predicted, no cut */
	{
		fair_target *t = NULL;
		fair_decision *d = NULL;
		fair_error err;
		gsl_test_int(fair_target_build(f, "s", NULL, 0, NAN, -1, &t, &err), FAIR_OK, "regression target");
		fair_decision_opts_init(&o);
		o.pred = "p2";
		gsl_test_int(fair_decision_build(f, t, &o, &d, &err), FAIR_OK, "regression pred");
		gsl_test(d->yhat[3] != 7, "regression values as given");
		fair_decision_free(d);
		o.threshold = 2;
		gsl_test_int(fair_decision_build(f, t, &o, &d, &err), FAIR_EINVAL, "threshold on regression");
		gsl_test_str(err.msg, "threshold= applies to yes/no targets; target 's' is numeric (give pred=COLUMN with "
		             "the predicted values)", "regression message");
		fair_target_free(t);
	}
	fair_decision_free(NULL);
	fair_frame_unref(f);
}

/* ---- the peers' examples through the audit ------------------------------- */

/* The overall figure @fig of decisions @yp for target @yt (numbers, or
 * labels when @st / @sp are given), positive values @pos, optional
 * weights, under @conv; rows alternate between two groups (the overall
 * row pools them). NaN on an error. */
static double
overall(const double *yt, const double *yp, const char *const *st, const char *const *sp, size_t n,
        const char *pos, const double *w, int conv, int fig)
{
	fair_frame *f = fair_frame_new();
	const char *g[64];
	const char *posv[1] = { pos };
	fair_target *t = NULL;
	fair_decision *d = NULL;
	fair_decision_opts o;
	fair_groups *gr = NULL;
	fair_audit_input in;
	fair_audit_opts ao;
	fair_report *r = NULL;
	fair_error err;
	const char *gc[] = { "g" };
	double v = NAN;

	for (size_t i = 0; i < n; i++)
		g[i] = i % 2 ? "b" : "a";
	add(f, st ? cat_col("y", st, n) : num_col("y", yt, n));
	add(f, sp ? cat_col("p", sp, n) : num_col("p", yp, n));
	add(f, cat_col("g", g, n));
	fair_decision_opts_init(&o);
	o.pred = "p";
	if (fair_target_build(f, "y", pos ? posv : NULL, pos ? 1 : 0, NAN, -1, &t, &err) ||
	    fair_decision_build(f, t, &o, &d, &err) || fair_groups_build(f, gc, 1, NAN, NULL, &gr, &err))
		goto out;
	memset(&in, 0, sizeof in);
	in.n = n;
	in.y = t->y;
	in.yhat = d->yhat;
	in.weight = w;
	in.group = gr->group;
	in.K = gr->K;
	in.labels = (const char *const *)gr->labels;
	in.privileged = -1;
	in.task = FAIR_TASK_CLASSIFICATION;
	fair_audit_opts_init(&ao);
	ao.convention = conv;
	if ((r = fair_audit(&in, &ao, &err)) != NULL)
		v = r->overall.fig[fig];
out:
	if (r == NULL)
		fprintf(stderr, "audit: %s\n", err.msg);
	fair_report_free(r);
	fair_groups_free(gr);
	fair_decision_free(d);
	fair_target_free(t);
	fair_frame_unref(f);
	return v;
}

#define FL FAIR_CONV_FAIRLEARN
#define TPR FAIR_FIG_TPR
#define TNR FAIR_FIG_TNR
#define FPR FAIR_FIG_FPR
#define FNR FAIR_FIG_FNR

static void
test_fairlearn(void)
{
	/* rates are ratios of small counts: exact up to one rounding of the
	 * division, so 1e-15 holds on any machine */
	const double tol = 1e-15;

	/* TestTPR.test_some_correct: 0.25, and 0.75 with pos_label=0 (the
	 * issue's silent flip: 0.75 used to come out as 0.25) */
	{
		static const double yt[] = { 0, 0, 0, 0, 1, 1, 1, 1 }, yp[] = { 0, 0, 0, 1, 1, 0, 0, 0 };
		gsl_test_rel(overall(yt, yp, NULL, NULL, 8, NULL, NULL, FL, TPR), 0.25, tol, "fairlearn tpr some_correct");
		gsl_test_rel(overall(yt, yp, NULL, NULL, 8, "0", NULL, FL, TPR), 0.75, tol, "fairlearn tpr pos_label=0");
	}
	/* TestTPR.test_all_correct / test_none_correct with pos_label=0: 1, 0 */
	{
		static const double yt[] = { 0, 0, 0, 0, 1 }, ok[] = { 0, 0, 0, 0, 1 }, bad[] = { 1, 1, 1, 1, 0 };
		gsl_test_rel(overall(yt, ok, NULL, NULL, 5, "0", NULL, FL, TPR), 1, tol, "tpr all_correct pos_label=0");
		gsl_test_abs(overall(yt, bad, NULL, NULL, 5, "0", NULL, FL, TPR), 0, tol, "tpr none_correct pos_label=0");
		gsl_test_rel(overall(yt, ok, NULL, NULL, 5, "0", NULL, FL, TNR), 1, tol, "tnr all_correct pos_label=0");
		gsl_test_abs(overall(yt, bad, NULL, NULL, 5, "0", NULL, FL, TNR), 0, tol, "tnr none_correct pos_label=0");
	}
	/* TestTPR.test_against_sklearn (pos_label=0) and _weighted: sklearn's
	 * recall_score(y_true, y_pred, pos_label=0[, sample_weight=w]) = 3/7
	 * and 9/16 (scikit-learn 1.2, python3 -c '...recall_score...') */
	{
		static const double yt[] = { 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1 };
		static const double yp[] = { 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1 };
		static const double w[] = { 1, 2, 4, 5, 1, 2, 2, 3, 1, 2, 1, 3, 1, 5, 4, 2 };
		/* by hand: y = 0 at 7 rows, predicted 0 at rows 5, 6, 13 -> 3/7;
		 * weights of those 7 rows 1+1+2+2+1+5+4 = 16, of the hits 2+2+5 = 9 */
		gsl_test_rel(overall(yt, yp, NULL, NULL, 16, "0", NULL, FL, TPR), 3.0 / 7, tol, "tpr pos_label=0 vs sklearn");
		gsl_test_rel(overall(yt, yp, NULL, NULL, 16, "0", w, FL, TPR), 9.0 / 16, tol, "tpr pos_label=0 weighted");
	}
	/* TestTPR.test_tpr_values_alpha: labels "a", "b"; sklearn gives
	 * recall(pos_label=a) = 3/7 and recall(pos_label=b) = 1/3 (by hand:
	 * 7 a's, 3 predicted a; 9 b's, 3 predicted b) */
	{
		static const char *const yt[] = { "a", "b", "a", "b", "b", "b", "b", "b", "a", "a", "a", "a", "b", "b", "a", "b" };
		static const char *const yp[] = { "a", "b", "b", "a", "a", "b", "a", "a", "b", "b", "a", "b", "a", "b", "a", "a" };
		gsl_test_rel(overall(NULL, NULL, yt, yp, 16, "a", NULL, FL, TPR), 3.0 / 7, tol, "tpr pos_label=a");
		gsl_test_rel(overall(NULL, NULL, yt, yp, 16, "b", NULL, FL, TPR), 1.0 / 3, tol, "tpr pos_label=b");
	}
	/* TestTNR.test_some_correct: -1/1 labels, 0.75; pos_label=-1: 1 */
	{
		static const double yt[] = { -1, -1, -1, -1, 1 }, yp[] = { -1, -1, -1, 1, 1 };
		gsl_test_rel(overall(yt, yp, NULL, NULL, 5, NULL, NULL, FL, TNR), 0.75, tol, "tnr -1/1");
		gsl_test_rel(overall(yt, yp, NULL, NULL, 5, "-1", NULL, FL, TNR), 1, tol, "tnr pos_label=-1");
	}
	/* TestTNR.test_some_correct_other_labels: pos_label b: 1; a: 0.75 */
	{
		static const char *const yt[] = { "b", "b", "b", "b", "a" }, *const yp[] = { "b", "b", "b", "a", "a" };
		gsl_test_rel(overall(NULL, NULL, yt, yp, 5, "b", NULL, FL, TNR), 1, tol, "tnr pos_label=b");
		gsl_test_rel(overall(NULL, NULL, yt, yp, 5, "a", NULL, FL, TNR), 0.75, tol, "tnr pos_label=a");
	}
	/* TestTNR.test_against_sklearn(_weighted), pos_label=0: confusion_matrix
	 * with labels=[1, 0] gives 7/17 and, weighted, 17/55 */
	{
		static const double yt[] = { 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0 };
		static const double yp[] = { 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0, 1 };
		static const double w[] = { 1, 2, 3, 5, 3, 2, 5, 3, 5, 1, 5, 3, 5, 2, 3, 2, 5, 2, 3, 1, 5, 3, 2, 1, 1, 5, 2, 3, 5, 1 };
		gsl_test_rel(overall(yt, yp, NULL, NULL, 30, "0", NULL, FL, TNR), 7.0 / 17, tol, "tnr pos_label=0 vs sklearn");
		gsl_test_rel(overall(yt, yp, NULL, NULL, 30, "0", w, FL, TNR), 17.0 / 55, tol, "tnr pos_label=0 weighted");
	}
	/* TestFNR.test_some_correct: 0.75, pos_label=1 0.75, pos_label=0 0.5;
	 * test_some_correct_other_labels the same with a/b */
	{
		static const double yt[] = { 1, 1, 1, 1, 0, 0 }, yp[] = { 0, 0, 1, 0, 0, 1 };
		static const char *const st[] = { "a", "a", "a", "a", "b", "b" }, *const sp[] = { "b", "b", "a", "b", "b", "a" };
		gsl_test_rel(overall(yt, yp, NULL, NULL, 6, NULL, NULL, FL, FNR), 0.75, tol, "fnr");
		gsl_test_rel(overall(yt, yp, NULL, NULL, 6, "1", NULL, FL, FNR), 0.75, tol, "fnr pos_label=1");
		gsl_test_rel(overall(yt, yp, NULL, NULL, 6, "0", NULL, FL, FNR), 0.5, tol, "fnr pos_label=0");
		gsl_test_rel(overall(NULL, NULL, st, sp, 6, "a", NULL, FL, FNR), 0.75, tol, "fnr pos_label=a");
		gsl_test_rel(overall(NULL, NULL, st, sp, 6, "b", NULL, FL, FNR), 0.5, tol, "fnr pos_label=b");
	}
	/* TestFNR.test_against_sklearn(_weighted): 1 - recall(pos_label=0) =
	 * 4/7 and, weighted, 2/3 */
	{
		static const double yt[] = { 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1, 0 };
		static const double yp[] = { 1, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1 };
		static const double w[] = { 1, 2, 3, 1, 5, 2, 3, 1, 2, 5, 3, 2, 5, 2, 1, 3 };
		gsl_test_rel(overall(yt, yp, NULL, NULL, 16, "0", NULL, FL, FNR), 4.0 / 7, tol, "fnr pos_label=0 vs sklearn");
		gsl_test_rel(overall(yt, yp, NULL, NULL, 16, "0", w, FL, FNR), 2.0 / 3, tol, "fnr pos_label=0 weighted");
	}
	/* TestFPR.test_some_correct: -1/1, 0.5; pos_label=-1: 2/3 */
	{
		static const double yt[] = { -1, -1, -1, -1, 1, 1, 1 }, yp[] = { -1, 1, 1, -1, -1, 1, -1 };
		gsl_test_rel(overall(yt, yp, NULL, NULL, 7, NULL, NULL, FL, FPR), 0.5, tol, "fpr -1/1");
		gsl_test_rel(overall(yt, yp, NULL, NULL, 7, "1", NULL, FL, FPR), 0.5, tol, "fpr pos_label=1");
		gsl_test_rel(overall(yt, yp, NULL, NULL, 7, "-1", NULL, FL, FPR), 2.0 / 3, tol, "fpr pos_label=-1");
	}
	/* TestFPR.test_against_sklearn(_weighted), pos_label=0: 3/7; weighted 1/2 */
	{
		static const double yt[] = { 0, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0 };
		static const double yp[] = { 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0 };
		static const double yw[] = { 0, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0 };
		static const double pw[] = { 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0 };
		static const double w[] = { 1, 2, 1, 1, 1, 3, 1, 4, 1, 2, 3, 4, 2, 3, 1, 2, 3, 1, 3, 2, 4, 2, 3, 1, 1, 5 };
		gsl_test_rel(overall(yt, yp, NULL, NULL, 26, "0", NULL, FL, FPR), 3.0 / 7, tol, "fpr pos_label=0 vs sklearn");
		gsl_test_rel(overall(yw, pw, NULL, NULL, 26, "0", w, FL, FPR), 0.5, tol, "fpr pos_label=0 weighted");
	}
	/* TestSingleValueArrays: all 0, all 1, all -1, true = pred, with
	 * pos_label 1 (also the default), 0 or -1; Fairlearn's empty rates are 0 */
	{
		static const double z[10] = { 0 }, o[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
		static const double m[10] = { -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 };
		static const struct { const double *v; const char *pos; double tpr, fpr, tnr, fnr; } c[] = {
			{ z, NULL, 0, 0, 1, 0 }, { z, "1", 0, 0, 1, 0 }, { z, "0", 1, 0, 0, 0 },
			{ o, NULL, 1, 0, 0, 0 }, { o, "1", 1, 0, 0, 0 }, { o, "0", 0, 0, 1, 0 },
			{ m, NULL, 0, 0, 1, 0 }, { m, "1", 0, 0, 1, 0 }, { m, "-1", 1, 0, 0, 0 },
		};
		for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
			const char *p = c[k].pos;
			gsl_test_abs(overall(c[k].v, c[k].v, NULL, NULL, 10, p, NULL, FL, TPR), c[k].tpr, tol, "single value tpr %zu", k);
			gsl_test_abs(overall(c[k].v, c[k].v, NULL, NULL, 10, p, NULL, FL, FPR), c[k].fpr, tol, "single value fpr %zu", k);
			gsl_test_abs(overall(c[k].v, c[k].v, NULL, NULL, 10, p, NULL, FL, TNR), c[k].tnr, tol, "single value tnr %zu", k);
			gsl_test_abs(overall(c[k].v, c[k].v, NULL, NULL, 10, p, NULL, FL, FNR), c[k].fnr, tol, "single value fnr %zu", k);
		}
	}
	/* test_selection_rate_non_numeric: pos_label b, 3/8 */
	{
		static const char *const yt[] = { "a", "b", "a", "b", "a", "b", "a", "b" };
		static const char *const yp[] = { "a", "a", "a", "b", "b", "b", "a", "a" };
		gsl_test_rel(overall(NULL, NULL, yt, yp, 8, "b", NULL, FL, FAIR_FIG_SELECTION_RATE), 0.375, tol,
		             "selection rate pos_label=b");
	}
}

/* AIF360 tests/test_classification_metric.py test_multiclass_confusion_matrix:
 * labels 0, 1, 2 with favourable labels {0, 1}: the binary confusion matrix
 * TP 7, FN 1, TN 2, FP 0, and false_negative_rate_difference -0.2 with the
 * unprivileged group feat = 2 against the privileged feat in {0, 1}
 * (pooled: a column made as with `derive priv = feat in (0, 1)`). */
static void
test_aif360(void)
{
	static const double feat[] = { 0, 0, 1, 1, 1, 1, 2, 2, 2, 2 };
	static const double label[] = { 1, 0, 0, 1, 0, 2, 1, 0, 2, 1 };
	static const double pred[] = { 1, 0, 0, 0, 2, 2, 1, 0, 2, 1 };   /* rows 3 and 4 changed */
	static const char *const priv[] = { "1", "1", "1", "1", "1", "1", "0", "0", "0", "0" };
	const char *fav[] = { "0", "1" }, *gc[] = { "priv" };
	fair_frame *f = fair_frame_new();
	fair_target *t = NULL;
	fair_decision *d = NULL;
	fair_decision_opts o;
	fair_groups *g = NULL;
	fair_audit_input in;
	fair_audit_opts ao;
	fair_report *r = NULL;
	fair_error err;

	add(f, num_col("feat", feat, 10));
	add(f, num_col("label", label, 10));
	add(f, num_col("pred", pred, 10));
	add(f, cat_col("priv", priv, 10));
	fair_decision_opts_init(&o);
	o.pred = "pred";
	gsl_test_int(fair_target_build(f, "label", fav, 2, NAN, -1, &t, &err), FAIR_OK, "favourable {0, 1}");
	gsl_test_int(fair_decision_build(f, t, &o, &d, &err), FAIR_OK, "pred in the label space");
	gsl_test_int(fair_groups_build(f, gc, 1, NAN, "1", &g, &err), FAIR_OK, "privileged = feat in {0, 1}");
	memset(&in, 0, sizeof in);
	in.n = 10;
	in.y = t->y;
	in.yhat = d->yhat;
	in.group = g->group;
	in.K = g->K;
	in.labels = (const char *const *)g->labels;
	in.privileged = g->privileged;
	in.task = FAIR_TASK_CLASSIFICATION;
	fair_audit_opts_init(&ao);
	ao.convention = FAIR_CONV_AIF360;
	r = fair_audit(&in, &ao, &err);
	gsl_test(r == NULL, "aif360 audit");
	if (r != NULL) {
		const fair_group_figures *ov = &r->overall;
		gsl_test_int((int)(ov->tp * 1000 + ov->fn * 100 + ov->tn * 10 + ov->fp), 7120, "TP 7, FN 1, TN 2, FP 0");
		/* FNR: unprivileged (feat 2) 0/3, privileged 1/5 */
		gsl_test_rel(r->unpriv.fig[FAIR_FIG_FNR] - r->groups[r->privileged].fig[FAIR_FIG_FNR], -0.2, 1e-15,
		             "false_negative_rate_difference");
	}
	fair_report_free(r);
	fair_groups_free(g);
	fair_decision_free(d);
	fair_target_free(t);
	fair_frame_unref(f);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_label_space();
	test_fairlearn();
	test_aif360();
	return gsl_test_summary();
}
