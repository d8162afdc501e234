/* test-spec.c -- target, sensitive groups, filters, splits and feature
 * selection on small hand-made frames; expected values worked by hand in the
 * comments next to each check. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/frame.h"
#include "fairsh/spec.h"

#define N 8

/* numeric column from a literal array */
static fair_column *
num_col(const char *name, const double *v, size_t n)
{
	double *p = malloc(n * sizeof *p);
	fair_error err;
	memcpy(p, v, n * sizeof *p);
	return fair_column_new_numeric(name, p, n, &err);
}

/* categorical column from cell strings (NULL = missing) and a level list */
static fair_column *
cat_col(const char *name, const char *const *cells, size_t n,
        const char *const *levels, size_t nlevels)
{
	int32_t *codes = malloc(n * sizeof *codes);
	char **lv = malloc(nlevels * sizeof *lv);
	fair_error err;

	for (size_t k = 0; k < nlevels; k++)
		lv[k] = strdup(levels[k]);
	for (size_t i = 0; i < n; i++) {
		codes[i] = -1;
		for (size_t k = 0; cells[i] && k < nlevels; k++)
			if (strcmp(cells[i], levels[k]) == 0)
				codes[i] = (int32_t)k;
	}
	return fair_column_new_categorical(name, codes, n, lv, nlevels, &err);
}

static void
add(fair_frame *f, fair_column *c)
{
	fair_error err;
	gsl_test(c == NULL || fair_frame_add_column(f, c, &err) != FAIR_OK, "add column");
	fair_column_unref(c);
}

static const char *const SEX[N] = { "Female", "Male", "Female", "Male", "Female", "Male", NULL, "Male" };
static const char *const RACE[N] = { "Black", "White", "White", "Black", "Black", "White", "White", "White" };
static const double AGE[N] = { 25, 41, 37, NAN, 52, 19, 33, 60 };
static const double Y01[N] = { 1, 0, 1, 1, 0, 0, NAN, 1 };
static const char *const INCOME[N] = { ">50K", "<=50K", "<=50K", ">50K", "<=50K", "<=50K", ">50K", "<=50K" };
static const char *const DRUG[N] = { "CL0", "CL3", "CL4", "CL1", "CL3", "CL2", "CL0", NULL };
static const char *const OK[N] = { "yes", "no", "no", "yes", "yes", "no", "no", "yes" };
static const double SCORE[N] = { 2.385, 1.5, 7, 3.25, 0.5, 4, 6, 9.75 };
static const char *const FOLD[N] = { "train", "test", "calib", "TRAIN", "Test", "training", NULL, "train" };
static const double KIDS[N] = { 0, 1, 2, 0, 1, 2, 3, 0 };
static const char *const ONE[N] = { "a", "a", "a", "a", "a", "a", "a", "a" };

static fair_frame *
make_frame(void)
{
	static const char *const lv_sex[] = { "Female", "Male" };
	static const char *const lv_race[] = { "Black", "White", "Asian" };   /* Asian unused */
	static const char *const lv_inc[] = { "<=50K", ">50K" };
	static const char *const lv_drug[] = { "CL0", "CL1", "CL2", "CL3", "CL4" };
	static const char *const lv_ok[] = { "no", "yes" };
	static const char *const lv_fold[] = { "train", "test", "calib", "TRAIN", "Test", "training" };
	static const char *const lv_one[] = { "a" };
	fair_frame *f = fair_frame_new();

	add(f, cat_col("sex", SEX, N, lv_sex, 2));           /* 0 */
	add(f, cat_col("race", RACE, N, lv_race, 3));        /* 1 */
	add(f, num_col("age", AGE, N));                      /* 2 */
	add(f, num_col("y01", Y01, N));                      /* 3 */
	add(f, cat_col("income", INCOME, N, lv_inc, 2));     /* 4 */
	add(f, cat_col("drug", DRUG, N, lv_drug, 5));        /* 5 */
	add(f, cat_col("ok", OK, N, lv_ok, 2));              /* 6 */
	add(f, num_col("score", SCORE, N));                  /* 7 */
	add(f, cat_col("fold", FOLD, N, lv_fold, 6));        /* 8 */
	add(f, num_col("kids", KIDS, N));                    /* 9 */
	add(f, cat_col("one", ONE, N, lv_one, 1));           /* 10 */
	return f;
}

/* "10110001" style string of a keep mask */
static const char *
mask_str(const unsigned char *keep, size_t n)
{
	static char s[64];
	for (size_t i = 0; i < n; i++)
		s[i] = keep[i] ? '1' : '0';
	s[n] = '\0';
	return s;
}

static const char *COLS_LIST =
	"sex, race, age, y01, income, drug, ok, score, fold, kids, ...";

static void
test_target(const fair_frame *f)
{
	fair_target *t = NULL;
	fair_error err;
	char want[512];

	/* y01 auto: numeric {0,1} -> classification, positive 1.
	 * y = 1 0 1 1 0 0 NaN 1: npos 4, nneg 3, missing 1 */
	gsl_test_int(fair_target_build(f, "y01", NULL, 0, NAN, -1, &t, &err), FAIR_OK, "target y01 auto");
	gsl_test_int(t->task, FAIR_TASK_CLASSIFICATION, "y01 is classification");
	gsl_test_int((int)t->npos, 4, "y01 npos");
	gsl_test_int((int)t->nneg, 3, "y01 nneg");
	gsl_test_int((int)t->nmissing, 1, "y01 nmissing");
	gsl_test(!isnan(t->y[6]), "y01 missing stays NaN");
	gsl_test_str(t->positive_label, "1", "y01 positive label");
	gsl_test_str(t->negative_label, "0", "y01 negative label");
	/* keep only rows whose y01 is 1 (rows 0,2,3,7): one class among kept rows */
	{
		unsigned char keep[N] = { 1, 0, 1, 1, 0, 0, 1, 1 };
		gsl_test_int(fair_target_check(t, keep, &err), FAIR_EINVAL, "one class among kept rows");
		gsl_test_str(err.msg, "target 'y01' has one class ('1') among the kept rows",
		             "one class among kept rows message");
		unsigned char none[N] = { 0, 0, 0, 0, 0, 0, 1, 0 };
		gsl_test_int(fair_target_check(t, none, &err), FAIR_EINVAL, "no value among kept rows");
		gsl_test_str(err.msg, "target 'y01' has no non-missing values among the kept rows",
		             "no value among kept rows message");
		gsl_test_int(fair_target_check(t, NULL, &err), FAIR_OK, "both classes overall");
	}
	fair_target_free(t);

	/* ok: levels {no, yes} -> positive yes; yes at rows 0,3,4,7 */
	gsl_test_int(fair_target_build(f, "ok", NULL, 0, NAN, -1, &t, &err), FAIR_OK, "target ok auto");
	gsl_test_str(t->positive_label, "yes", "ok positive label");
	gsl_test_str(t->negative_label, "no", "ok negative label");
	gsl_test_int((int)t->npos, 4, "ok npos");
	gsl_test_abs(t->y[1], 0.0, 0, "ok row 1 negative");
	gsl_test_abs(t->y[3], 1.0, 0, "ok row 3 positive");
	fair_target_free(t);

	/* income: two levels, not a yes/no pair -> positive= required */
	gsl_test_int(fair_target_build(f, "income", NULL, 0, NAN, -1, &t, &err), FAIR_EINVAL,
	             "income needs positive=");
	gsl_test_str(err.msg, "target 'income' has two levels ('<=50K', '>50K'); give positive=VALUE",
	             "income message");
	gsl_test(t != NULL, "out is NULL on error");
	{
		const char *pos[] = { ">50K" };
		gsl_test_int(fair_target_build(f, "income", pos, 1, NAN, -1, &t, &err), FAIR_OK,
		             "income positive=>50K");
		gsl_test_str(t->positive_label, ">50K", "income positive label");
		gsl_test_str(t->negative_label, "<=50K", "income negative label is the other level");
		gsl_test_int((int)t->npos, 3, "income npos (rows 0,3,6)");
		fair_target_free(t);
	}

	/* drug: several positive levels form one class.
	 * cells CL0 CL3 CL4 CL1 CL3 CL2 CL0 NA; CL3,CL4 at rows 1,2,4 */
	{
		const char *pos[] = { "CL3", "CL4", "CL3" };
		gsl_test_int(fair_target_build(f, "drug", pos, 3, NAN, -1, &t, &err), FAIR_OK,
		             "drug positive=CL3,CL4");
		gsl_test_str(t->positive_label, "CL3,CL4", "drug positive label (duplicates dropped)");
		gsl_test_str(t->negative_label, "not CL3,CL4", "drug negative label");
		gsl_test_int((int)t->npos, 3, "drug npos");
		gsl_test_int((int)t->nneg, 4, "drug nneg");
		gsl_test_int((int)t->nmissing, 1, "drug nmissing");
		fair_target_free(t);
	}
	gsl_test_int(fair_target_build(f, "drug", NULL, 0, NAN, -1, &t, &err), FAIR_EINVAL,
	             "drug needs positive=");
	gsl_test_str(err.msg, "target 'drug' is categorical with 5 levels; give positive=VALUE[,VALUE...] "
	             "(levels: CL0, CL1, CL2, CL3, CL4)", "drug message");
	{
		const char *pos[] = { "CL3", "CL9" };
		gsl_test_int(fair_target_build(f, "drug", pos, 2, NAN, -1, &t, &err), FAIR_EINVAL,
		             "drug positive not a level");
		gsl_test_str(err.msg, "positive value 'CL9' is not a level of 'drug' (did you mean 'CL0'?) "
		             "(levels: CL0, CL1, CL2, CL3, CL4)", "not a level message");
	}

	/* score: 8 distinct numeric values -> regression */
	gsl_test_int(fair_target_build(f, "score", NULL, 0, NAN, -1, &t, &err), FAIR_OK, "score auto");
	gsl_test_int(t->task, FAIR_TASK_REGRESSION, "score is regression");
	gsl_test(t->positive_label != NULL, "regression has no positive label");
	gsl_test_abs(t->y[0], 2.385, 0, "regression y copied");
	fair_target_free(t);
	/* threshold 4: values > 4 are 7, 6, 9.75 -> npos 3, nneg 5 (4 itself is not > 4) */
	gsl_test_int(fair_target_build(f, "score", NULL, 0, 4.0, -1, &t, &err), FAIR_OK, "score threshold");
	gsl_test_int(t->task, FAIR_TASK_CLASSIFICATION, "threshold gives classification");
	gsl_test_int((int)t->npos, 3, "threshold npos");
	gsl_test_int((int)t->nneg, 5, "threshold nneg");
	gsl_test_str(t->positive_label, ">4", "threshold positive label");
	gsl_test_str(t->negative_label, "<=4", "threshold negative label");
	fair_target_free(t);
	{
		const char *pos[] = { "7" };
		gsl_test_int(fair_target_build(f, "score", pos, 1, NAN, -1, &t, &err), FAIR_OK,
		             "numeric positive=7");
		gsl_test_int((int)t->npos, 1, "numeric positive npos");
		gsl_test_str(t->negative_label, "not 7", "numeric positive negative label");
		fair_target_free(t);
		const char *pos0[] = { "0.0" };
		gsl_test_int(fair_target_build(f, "y01", pos0, 1, NAN, -1, &t, &err), FAIR_OK,
		             "y01 positive=0.0");
		gsl_test_int((int)t->npos, 3, "y01 positive=0 npos");
		gsl_test_str(t->positive_label, "0", "y01 positive=0 label");
		gsl_test_str(t->negative_label, "1", "y01 positive=0 negative label");
		fair_target_free(t);
		const char *bad[] = { "abc" };
		gsl_test_int(fair_target_build(f, "score", bad, 1, NAN, -1, &t, &err), FAIR_EINVAL,
		             "numeric positive not a number");
		gsl_test_str(err.msg, "positive value 'abc' is not a number; column 'score' is numeric",
		             "not a number message");
		const char *absent[] = { "8" };
		gsl_test_int(fair_target_build(f, "y01", absent, 1, NAN, -1, &t, &err), FAIR_EINVAL,
		             "numeric positive absent");
		gsl_test_str(err.msg, "positive value '8' does not occur in 'y01' (values: 0, 1)",
		             "absent message");
		gsl_test_int(fair_target_build(f, "score", pos, 1, 4.0, -1, &t, &err), FAIR_EINVAL,
		             "positive and threshold");
		gsl_test_str(err.msg, "give either positive= or threshold=, not both", "both message");
		gsl_test_int(fair_target_build(f, "score", pos, 1, NAN, FAIR_TASK_REGRESSION, &t, &err),
		             FAIR_EINVAL, "positive with regression");
		gsl_test_str(err.msg, "positive= and threshold= apply only to classification targets",
		             "positive with regression message");
	}
	/* age: 7 distinct values; classification requested without a rule */
	gsl_test_int(fair_target_build(f, "age", NULL, 0, NAN, FAIR_TASK_CLASSIFICATION, &t, &err),
	             FAIR_EINVAL, "age classification needs a rule");
	gsl_test_str(err.msg, "target 'age' is numeric with 7 values; give positive=VALUE or "
	             "threshold=X for classification", "age classification message");
	gsl_test_int(fair_target_build(f, "y01", NULL, 0, NAN, FAIR_TASK_REGRESSION, &t, &err),
	             FAIR_OK, "0/1 column as regression on request");
	gsl_test_int(t->task, FAIR_TASK_REGRESSION, "regression forced");
	fair_target_free(t);
	gsl_test_int(fair_target_build(f, "sex", NULL, 0, NAN, FAIR_TASK_REGRESSION, &t, &err),
	             FAIR_EINVAL, "regression on categorical");
	gsl_test_str(err.msg, "target 'sex' is categorical; regression needs a numeric column",
	             "regression on categorical message");
	gsl_test_int(fair_target_build(f, "sex", NULL, 0, 1.0, -1, &t, &err), FAIR_EINVAL,
	             "threshold on categorical");
	gsl_test_str(err.msg, "threshold= needs a numeric column; 'sex' is categorical",
	             "threshold on categorical message");
	gsl_test_int(fair_target_build(f, "agee", NULL, 0, NAN, -1, &t, &err), FAIR_ENOTFOUND,
	             "unknown target column");
	snprintf(want, sizeof want, "unknown column 'agee' (did you mean 'age'?) (columns: %s)", COLS_LIST);
	gsl_test_str(err.msg, want, "unknown target column message");
	/* one value that is no yes/no word: which class is it? */
	gsl_test_int(fair_target_build(f, "one", NULL, 0, NAN, -1, &t, &err), FAIR_EINVAL,
	             "one-class categorical");
	gsl_test_str(err.msg, "target 'one' has one value ('a'); give positive=VALUE", "one value message");
	/* with positive=a every row is positive: a target with one class is
	 * allowed (its audit shows the rates that exist) */
	{
		const char *a[] = { "a" };
		gsl_test_int(fair_target_build(f, "one", a, 1, NAN, -1, &t, &err), FAIR_OK, "one class, positive given");
		gsl_test_int((int)t->npos, 8, "one: 8 positives");
		gsl_test_int((int)t->nneg, 0, "one: no negative");
		gsl_test_str(t->negative_label, "not a", "one: negative label");
		gsl_test_int(fair_target_check(t, NULL, &err), FAIR_EINVAL, "check still says one class");
		gsl_test_str(err.msg, "target 'one' has one class ('a')", "one class message");
		fair_target_free(t);
	}
	/* y01 > 5 never holds: every row negative, still classification */
	gsl_test_int(fair_target_build(f, "y01", NULL, 0, 5.0, -1, &t, &err), FAIR_OK,
	             "threshold leaves one class");
	gsl_test_int(t->task, FAIR_TASK_CLASSIFICATION, "one class stays classification");
	gsl_test_int((int)(t->npos * 10 + t->nneg), 7, "y01 > 5: 0 positive, 7 negative");
	gsl_test(!(t->threshold == 5.0) || t->npositive != 0, "threshold kept, no positive values");
	fair_target_free(t);
	gsl_test_int(fair_target_build(f, "y01", NULL, 0, NAN, 7, &t, &err), FAIR_EINVAL, "bad task");
	fair_target_free(NULL);
}

/* One-valued columns read as one class: numeric {0}, {1}, {-1} (Fairlearn's
 * single-value arrays) and a categorical yes/no word; the label space kept
 * for reading predictions; favorable= in that label space. */
static void
test_target_labels(void)
{
	static const double Z[4] = { 0, 0, 0, 0 }, O[4] = { 1, 1, 1, 1 }, M[4] = { -1, -1, -1, -1 };
	static const double T3[6] = { 1, 2, 3, 1, 2, 3 };
	static const char *const NO[4] = { "no", "No", "no", "no" }, *const lv_no[] = { "no", "No" };
	static const char *const YES[4] = { "yes", "yes", "yes", "yes" }, *const lv_yes[] = { "yes" };
	static const char *const AB[4] = { "a", "b", "b", "a" }, *const lv_ab[] = { "a", "b" };
	fair_frame *f = fair_frame_new(), *g = fair_frame_new();
	fair_target *t = NULL;
	fair_error err;

	add(f, num_col("zeros", Z, 4));
	add(f, num_col("ones", O, 4));
	add(f, num_col("negones", M, 4));
	add(f, cat_col("yes", YES, 4, lv_yes, 1));
	add(f, cat_col("ab", AB, 4, lv_ab, 2));
	add(g, num_col("t3", T3, 6));
	(void)NO;
	(void)lv_no;
	/* zeros: classification, positive 1 (absent), all negative */
	gsl_test_int(fair_target_build(f, "zeros", NULL, 0, NAN, -1, &t, &err), FAIR_OK, "zeros target");
	gsl_test_int((int)(t->task * 100 + t->npos * 10 + t->nneg), 4, "zeros: classification, 0 pos, 4 neg");
	gsl_test_int((int)t->npositive, 1, "zeros: positive value recorded");
	gsl_test(t->positive_num == NULL || t->positive_num[0] != 1.0, "zeros: positive value is 1");
	gsl_test_str(t->negative_label, "0", "zeros: negative label");
	/* favorable=0 names the negative class (punitive); =1 the positive one,
	 * which does not occur but is the positive class */
	{
		const char *v0[] = { "0" }, *v1[] = { "1" }, *v2[] = { "2" };
		gsl_test_int(fair_target_set_favorable(t, f, v0, 1, &err), FAIR_OK, "favorable=0");
		gsl_test_int(t->favorable, FAIR_FAVORABLE_NEGATIVE, "favorable=0 is punitive");
		gsl_test_int(fair_target_set_favorable(t, f, v1, 1, &err), FAIR_OK, "favorable=1");
		gsl_test_int(t->favorable, FAIR_FAVORABLE_POSITIVE, "favorable=1 is assistive");
		gsl_test_int(fair_target_set_favorable(t, f, v2, 1, &err), FAIR_EINVAL, "favorable=2");
		gsl_test_str(err.msg, "favorable value '2' does not occur in 'zeros' (values: 0)", "favorable=2 message");
	}
	fair_target_free(t);
	gsl_test_int(fair_target_build(f, "ones", NULL, 0, NAN, -1, &t, &err), FAIR_OK, "ones target");
	gsl_test_int((int)(t->npos * 10 + t->nneg), 40, "ones: 4 pos, 0 neg");
	fair_target_free(t);
	gsl_test_int(fair_target_build(f, "negones", NULL, 0, NAN, -1, &t, &err), FAIR_OK, "-1 target");
	gsl_test_int((int)(t->npos * 10 + t->nneg), 4, "-1: 0 pos, 4 neg");
	gsl_test_str(t->negative_label, "-1", "-1: negative label");
	fair_target_free(t);
	/* a categorical column whose one level is "yes": all positive */
	gsl_test_int(fair_target_build(f, "yes", NULL, 0, NAN, -1, &t, &err), FAIR_OK, "yes target");
	gsl_test_int((int)(t->npos * 10 + t->nneg), 40, "yes: 4 pos");
	gsl_test_str(t->positive_label, "yes", "yes: positive label");
	fair_target_free(t);
	/* ab with positive=a: favorable=b is the negative class, a,b mixes */
	{
		const char *pa[] = { "a" }, *fb[] = { "b" }, *fab[] = { "a", "b" }, *fx[] = { "x" };
		const char *kw[] = { "negative" };
		gsl_test_int(fair_target_build(f, "ab", pa, 1, NAN, -1, &t, &err), FAIR_OK, "ab positive=a");
		gsl_test_str(t->positive[0], "a", "ab: positive level kept");
		gsl_test_int(fair_target_set_favorable(t, f, fb, 1, &err), FAIR_OK, "favorable=b");
		gsl_test_int(t->favorable, FAIR_FAVORABLE_NEGATIVE, "favorable=b punitive");
		gsl_test_int(fair_target_set_favorable(t, f, fab, 2, &err), FAIR_EINVAL, "favorable=a,b");
		gsl_test_str(err.msg, "favorable= mixes the positive class (a) and the negative class (b); it names "
		             "one of them", "favorable=a,b message");
		gsl_test_int(fair_target_set_favorable(t, f, fx, 1, &err), FAIR_EINVAL, "favorable=x");
		gsl_test_str(err.msg, "favorable value 'x' is not a level of 'ab' (levels: a, b; or favorable=positive or "
		             "favorable=negative)", "favorable=x message");
		gsl_test_int(fair_target_set_favorable(t, f, kw, 1, &err), FAIR_OK, "favorable=negative");
		gsl_test_int(t->favorable, FAIR_FAVORABLE_NEGATIVE, "favorable=negative");
		fair_target_free(t);
	}
	/* three values, positive=3: favorable=1 names part of the negative
	 * class {1, 2}; favorable=1,2 all of it */
	{
		const char *p3[] = { "3" }, *f1[] = { "1" }, *f12[] = { "1", "2" };
		gsl_test_int(fair_target_build(g, "t3", p3, 1, NAN, -1, &t, &err), FAIR_OK, "t3 positive=3");
		gsl_test_int(fair_target_set_favorable(t, g, f1, 1, &err), FAIR_EINVAL, "favorable=1 of {1,2}");
		gsl_test_str(err.msg, "favorable= names part of the negative class (not 3); it names a whole class",
		             "part of a class message");
		gsl_test_int(fair_target_set_favorable(t, g, f12, 2, &err), FAIR_OK, "favorable=1,2");
		gsl_test_int(t->favorable, FAIR_FAVORABLE_NEGATIVE, "favorable=1,2 punitive");
		fair_target_free(t);
	}
	/* threshold targets: only the words */
	{
		const char *f1[] = { "1" }, *kw[] = { "positive" };
		gsl_test_int(fair_target_build(g, "t3", NULL, 0, 2, -1, &t, &err), FAIR_OK, "t3 > 2");
		gsl_test_int(fair_target_set_favorable(t, g, f1, 1, &err), FAIR_EINVAL, "favorable=1 on a cut");
		gsl_test_str(err.msg, "target 't3' is cut at 2: give favorable=positive (>2) or favorable=negative (<=2)",
		             "cut message");
		gsl_test_int(fair_target_set_favorable(t, g, kw, 1, &err), FAIR_OK, "favorable=positive");
		gsl_test_int(t->favorable, FAIR_FAVORABLE_POSITIVE, "assistive");
		gsl_test_str(fair_favorable_name(t->favorable), "assistive", "favorable name");
		fair_target_free(t);
	}
	fair_frame_unref(f);
	fair_frame_unref(g);
}

static void
test_groups(const fair_frame *f)
{
	fair_groups *g = NULL;
	fair_error err;
	char want[512];

	/* sex: Female rows 0,2,4 (3); Male rows 1,3,5,7 (4); row 6 missing */
	{
		const char *cols[] = { "sex" };
		gsl_test_int(fair_groups_build(f, cols, 1, NAN, "Male", &g, &err), FAIR_OK, "groups sex");
		gsl_test_int((int)g->K, 2, "sex K");
		gsl_test_str(g->labels[0], "Female", "sex label 0");
		gsl_test_str(g->labels[1], "Male", "sex label 1");
		gsl_test_int((int)g->count[0], 3, "Female count");
		gsl_test_int((int)g->count[1], 4, "Male count");
		gsl_test_int(g->group[6], -1, "missing sex -> -1");
		gsl_test_int((int)g->privileged, 1, "privileged Male");
		/* keep rows 0..3: Female 0,2; Male 1,3 */
		unsigned char keep[N] = { 1, 1, 1, 1, 0, 0, 1, 0 };
		size_t cnt[2];
		gsl_test_int((int)fair_groups_count(g, keep, cnt), 4, "recount total (row 6 has no group)");
		gsl_test_int((int)cnt[0], 2, "recount Female");
		gsl_test_int((int)cnt[1], 2, "recount Male");
		gsl_test_int((int)fair_groups_find(g, "Nobody"), -1, "find unknown label");
		fair_groups_free(g);
		gsl_test_int(fair_groups_build(f, cols, 1, NAN, "male", &g, &err), FAIR_EINVAL,
		             "unknown privileged");
		gsl_test_str(err.msg, "privileged group 'male' is not a group (groups: Female, Male)",
		             "unknown privileged message");
	}
	/* sex x race: (F,B) rows 0,4; (F,W) row 2; (M,B) row 3; (M,W) rows 1,5,7; row 6 out.
	 * Asian is a level of race but never occurs, so no empty combinations. */
	{
		const char *cols[] = { "sex", "race" };
		gsl_test_int(fair_groups_build(f, cols, 2, NAN, "Male & White", &g, &err), FAIR_OK,
		             "groups sex,race");
		gsl_test_int((int)g->K, 4, "intersection K");
		gsl_test_str(g->labels[0], "Female & Black", "intersection label 0");
		gsl_test_str(g->labels[1], "Female & White", "intersection label 1");
		gsl_test_str(g->labels[2], "Male & Black", "intersection label 2");
		gsl_test_str(g->labels[3], "Male & White", "intersection label 3");
		gsl_test_int((int)g->count[0], 2, "F&B count");
		gsl_test_int((int)g->count[1], 1, "F&W count");
		gsl_test_int((int)g->count[2], 1, "M&B count");
		gsl_test_int((int)g->count[3], 3, "M&W count");
		gsl_test_int(g->group[4], 0, "row 4 is F&B");
		gsl_test_int(g->group[7], 3, "row 7 is M&W");
		gsl_test_int(g->group[6], -1, "row 6 missing");
		gsl_test_int((int)g->privileged, 3, "privileged intersection");
		gsl_test_int((int)g->ncolumns, 2, "ncolumns");
		gsl_test_str(g->columns[1], "race", "columns kept");
		fair_groups_free(g);
	}
	/* race x sex (order reversed): labels follow race first */
	{
		const char *cols[] = { "race", "sex" };
		gsl_test_int(fair_groups_build(f, cols, 2, NAN, NULL, &g, &err), FAIR_OK, "groups race,sex");
		gsl_test_str(g->labels[1], "Black & Male", "reversed order label 1");
		gsl_test_int((int)g->privileged, -1, "no privileged");
		fair_groups_free(g);
	}
	/* age threshold 40: <=40 rows 0,2,5,6 (25,37,19,33); >40 rows 1,4,7; row 3 NaN */
	{
		const char *cols[] = { "age" };
		gsl_test_int(fair_groups_build(f, cols, 1, 40, NULL, &g, &err), FAIR_OK, "groups age>40");
		gsl_test_str(g->labels[0], "age<=40", "threshold label lo");
		gsl_test_str(g->labels[1], "age>40", "threshold label hi");
		gsl_test_int((int)g->count[0], 4, "age<=40 count");
		gsl_test_int((int)g->count[1], 3, "age>40 count");
		gsl_test_int(g->group[3], -1, "missing age -> -1");
		fair_groups_free(g);
		/* threshold 18.5 puts every age on the high side: one group */
		gsl_test_int(fair_groups_build(f, cols, 1, 18.5, NULL, &g, &err), FAIR_EINVAL,
		             "threshold below all values");
		gsl_test_str(err.msg, "the sensitive attribute has one group ('age>18.5')",
		             "one group message (threshold)");
	}
	/* sex x age>40 with threshold applying to the numeric column only:
	 * F: 25,37,52 -> F&<=40 (0,2), F&>40 (4); M: 41,NaN,19,60 -> M&<=40 (5), M&>40 (1,7) */
	{
		const char *cols[] = { "sex", "age" };
		gsl_test_int(fair_groups_build(f, cols, 2, 40, NULL, &g, &err), FAIR_OK, "groups sex,age");
		gsl_test_int((int)g->K, 4, "sex x age K");
		gsl_test_str(g->labels[1], "Female & age>40", "mixed label");
		gsl_test_int((int)g->count[3], 2, "Male & age>40 count");
		fair_groups_free(g);
	}
	/* kids 0 1 2 0 1 2 3 0: small-cardinality numeric, one group per value */
	{
		const char *cols[] = { "kids" };
		gsl_test_int(fair_groups_build(f, cols, 1, NAN, "3", &g, &err), FAIR_OK, "groups kids");
		gsl_test_int((int)g->K, 4, "kids K");
		gsl_test_str(g->labels[0], "0", "kids label 0");
		gsl_test_str(g->labels[3], "3", "kids label 3");
		gsl_test_int((int)g->count[0], 3, "kids 0 count");
		gsl_test_int((int)g->count[2], 2, "kids 2 count");
		gsl_test_int((int)g->privileged, 3, "privileged numeric label");
		fair_groups_free(g);
	}
	/* errors */
	{
		const char *one[] = { "one" }, *dup[] = { "sex", "sex" }, *unk[] = { "gender" };
		const char *cat[] = { "sex", "race" };
		gsl_test_int(fair_groups_build(f, one, 1, NAN, NULL, &g, &err), FAIR_EINVAL, "one group");
		gsl_test_str(err.msg, "the sensitive attribute has one group ('a')", "one group message");
		gsl_test(g != NULL, "out NULL on error");
		gsl_test_int(fair_groups_build(f, dup, 2, NAN, NULL, &g, &err), FAIR_EINVAL, "listed twice");
		gsl_test_str(err.msg, "sensitive column 'sex' is listed twice", "listed twice message");
		gsl_test_int(fair_groups_build(f, unk, 1, NAN, NULL, &g, &err), FAIR_ENOTFOUND, "unknown");
		snprintf(want, sizeof want, "unknown column 'gender' (columns: %s)", COLS_LIST);
		gsl_test_str(err.msg, want, "unknown sensitive message");
		gsl_test_int(fair_groups_build(f, cat, 2, 3.0, NULL, &g, &err), FAIR_EINVAL,
		             "threshold with categorical columns only");
		gsl_test_str(err.msg, "threshold= given but no sensitive column is numeric",
		             "threshold categorical message");
		gsl_test_int(fair_groups_build(f, cat, 0, NAN, NULL, &g, &err), FAIR_EINVAL, "no columns");
		gsl_test_str(err.msg, "no sensitive column given", "no columns message");
	}
	/* 25 distinct numeric values without threshold; all-missing column */
	{
		double v[25], m[25];
		for (int i = 0; i < 25; i++) {
			v[i] = 20 + i;
			m[i] = NAN;
		}
		fair_frame *h = fair_frame_new();
		add(h, num_col("age", v, 25));
		add(h, num_col("gone", m, 25));
		const char *c1[] = { "age" }, *c2[] = { "gone" };
		gsl_test_int(fair_groups_build(h, c1, 1, NAN, NULL, &g, &err), FAIR_EINVAL,
		             "numeric with many values");
		gsl_test_str(err.msg, "sensitive column 'age' is numeric with 25 values; give threshold=X",
		             "many values message");
		gsl_test_int(fair_groups_build(h, c2, 1, NAN, NULL, &g, &err), FAIR_EINVAL, "all missing");
		gsl_test_str(err.msg, "the sensitive attribute has no row without missing values",
		             "all missing message");
		fair_frame_unref(h);
	}
	/* three columns of 102 distinct levels: 102^3 > 2^20 combinations, so the
	 * sorted (not dense) path; row i is (Li, L(101-i), Li), a group of its own */
	{
		enum { R = 102 };
		char *names[R], *cells_a[R], *cells_b[R];
		char lbl[64];
		for (int i = 0; i < R; i++) {
			char tmp[16];
			snprintf(tmp, sizeof tmp, "L%d", i);
			names[i] = strdup(tmp);
		}
		for (int i = 0; i < R; i++) {
			cells_a[i] = names[i];
			cells_b[i] = names[R - 1 - i];
		}
		fair_frame *h = fair_frame_new();
		add(h, cat_col("a", (const char *const *)cells_a, R, (const char *const *)names, R));
		add(h, cat_col("b", (const char *const *)cells_b, R, (const char *const *)names, R));
		add(h, cat_col("c", (const char *const *)cells_a, R, (const char *const *)names, R));
		const char *cols[] = { "a", "b", "c" };
		gsl_test_int(fair_groups_build(h, cols, 3, NAN, "L5 & L96 & L5", &g, &err), FAIR_OK,
		             "sparse intersection");
		gsl_test_int((int)g->K, R, "sparse K");
		gsl_test_int((int)g->privileged, 5, "sparse privileged");
		int bad = 0;
		for (int i = 0; i < R; i++) {
			snprintf(lbl, sizeof lbl, "L%d & L%d & L%d", i, R - 1 - i, i);
			bad += g->group[i] != i || g->count[i] != 1 || strcmp(g->labels[i], lbl) != 0;
		}
		gsl_test_int(bad, 0, "sparse groups in level order");
		fair_groups_free(g);
		fair_frame_unref(h);
		for (int i = 0; i < R; i++)
			free(names[i]);
	}
	fair_groups_free(NULL);

	/* the groups with rows among some rows: race x sex over rows where
	 * race is Black (0 3 4): Black & Female (rows 0 4), Black & Male (3);
	 * White & Female (row 2) and White & Male (1 5 7) are left out; the
	 * privileged group White & Male with them */
	{
		const char *cols[] = { "race", "sex" };
		size_t rows[] = { 0, 3, 4 }, nd = 0;
		fair_groups *r = NULL;
		char *dropped = NULL;
		gsl_test_int(fair_groups_build(f, cols, 2, NAN, "White & Male", &g, &err), FAIR_OK, "race x sex");
		gsl_test_int((int)g->K, 4, "race x sex: 4 groups");
		gsl_test_int(fair_groups_restrict(g, rows, 3, &r, &dropped, &nd, &err), FAIR_OK, "restrict");
		gsl_test_int((int)r->K, 2, "two groups with rows");
		gsl_test_str(r->labels[0], "Black & Female", "first kept group");
		gsl_test_str(r->labels[1], "Black & Male", "second kept group");
		gsl_test_int((int)(r->count[0] * 10 + r->count[1]), 21, "counts over the rows: 2 and 1");
		gsl_test_int((int)nd, 2, "two groups left out");
		gsl_test_str(dropped, "White & Female, White & Male", "left out, named");
		gsl_test_int((int)r->privileged, -1, "privileged group has no rows");
		/* rows of left-out groups get -1; row 6 has no sex */
		gsl_test_int(r->group[0] * 1000 + r->group[3] * 100 + (r->group[1] + 2) * 10 + (r->group[6] + 2), 111,
		             "group codes renumbered (0, 1, -1, -1)");
		fair_groups_free(r);
		free(dropped);
		/* every row: nothing left out, privileged kept at its new index */
		gsl_test_int(fair_groups_restrict(g, NULL, 0, &r, &dropped, &nd, &err), FAIR_OK, "restrict to all rows");
		gsl_test_int((int)(r->K * 10 + nd), 40, "all four kept");
		gsl_test(dropped != NULL, "no list when none is left out");
		gsl_test_int((int)r->privileged, (int)g->privileged, "privileged kept");
		fair_groups_free(r);
		size_t bad[] = { 99 };
		gsl_test_int(fair_groups_restrict(g, bad, 1, &r, NULL, NULL, &err), FAIR_EINVAL, "row out of range");
		gsl_test_str(err.msg, "row 100 is out of range (8 rows)", "row out of range message");
		fair_groups_free(g);
	}
}

/* applies one filter to an all-ones mask and returns the mask string */
static const char *
filt(const fair_frame *f, const char *expr)
{
	static fair_error err;
	unsigned char keep[N];
	fair_filter *flt = fair_filter_parse(f, expr, &err);

	memset(keep, 1, sizeof keep);
	if (flt == NULL)
		return err.msg;
	fair_filter_apply(flt, f, keep, &err);
	fair_filter_free(flt);
	return mask_str(keep, N);
}

static void
test_filters(const fair_frame *f)
{
	fair_error err;
	char want[512];

	/* age 25 41 37 NaN 52 19 33 60 */
	gsl_test_str(filt(f, "age<37"), "10000110", "age<37");
	gsl_test_str(filt(f, "age<=37"), "10100110", "age<=37");
	gsl_test_str(filt(f, "age>41"), "00001001", "age>41");
	gsl_test_str(filt(f, "age>=41"), "01001001", "age>=41");
	gsl_test_str(filt(f, "age!=25"), "01101111", "age!=25 (missing row 3 dropped)");
	gsl_test_str(filt(f, "age=25,60"), "10000001", "age=25,60");
	/* kids 0 1 2 0 1 2 3 0 */
	gsl_test_str(filt(f, "kids=0,2"), "10110101", "kids=0,2");
	/* sex F M F M F M NA M */
	gsl_test_str(filt(f, "sex=Female"), "10101000", "sex=Female");
	gsl_test_str(filt(f, "sex!=Female"), "01010101", "sex!=Female (missing row 6 dropped)");
	gsl_test_str(filt(f, "  race = Black , White "), "11111111", "race=Black,White with spaces");
	gsl_test_str(filt(f, "race!=Black,White"), "00000000", "race!= both levels");

	/* AND of sex=Male and age>30: Male rows 1,3,5,7; ages 41,NaN,19,60 -> rows 1,7 */
	{
		fair_filter *a = fair_filter_parse(f, "sex=Male", &err);
		fair_filter *b = fair_filter_parse(f, " age > 30 ", &err);
		const fair_filter *both[2] = { a, b };
		unsigned char keep[N];
		size_t nkept = 99;
		gsl_test_str(fair_filter_text(b), "age>30", "canonical filter text");
		gsl_test_int(fair_filters_keep(both, 2, f, keep, &nkept, &err), FAIR_OK, "filters keep");
		gsl_test_str(mask_str(keep, N), "01000001", "AND of two filters");
		gsl_test_int((int)nkept, 2, "kept rows");
		gsl_test_int(fair_filters_keep(both, 0, f, keep, &nkept, &err), FAIR_OK, "no filters");
		gsl_test_int((int)nkept, 8, "no filters keeps all");
		/* a filter applied to a frame without its column */
		fair_frame *h = fair_frame_new();
		add(h, num_col("x", AGE, N));
		gsl_test_int(fair_filter_apply(a, h, keep, &err), FAIR_ENOTFOUND, "filter column gone");
		gsl_test_str(err.msg, "filter 'sex=Male': unknown column 'sex'", "column gone message");
		fair_frame_unref(h);
		fair_filter_free(a);
		fair_filter_free(b);
	}
	/* errors: an unknown column reads as an expression, which names the
	 * nearest column */
	gsl_test_str(filt(f, "agee<3"), "position 1: unknown column 'agee' (did you mean 'age'?)",
	             "unknown filter column");
	gsl_test_str(filt(f, "sex<3"), "column 'sex' is categorical; use = or !=", "comparison on categorical");
	gsl_test_str(filt(f, "age<abc"), "filter on 'age': 'abc' is not a number", "not a number");
	gsl_test_str(filt(f, "sex=F"), "'F' is not a level of 'sex' (levels: Female, Male)", "not a level");
	gsl_test_str(filt(f, "kids=7"), "value '7' does not occur in 'kids' (values: 0, 1, 2, 3)",
	             "numeric value absent");
	/* a bare numeric column is a condition (true where not 0): ages are
	 * never 0, the missing one is dropped */
	gsl_test_str(filt(f, "age"), "11101111", "bare numeric column as a condition");
	gsl_test_str(filt(f, "sex"), "position 1: a filter needs a condition, such as x == 'a' or x > 3; "
	             "this expression gives text", "bare categorical column");
	gsl_test_str(filt(f, "   "), "empty filter; expected COLUMN=VALUE[,VALUE...], COLUMN<NUMBER or a condition",
	             "empty filter");
	/* the short form's shape with expression syntax after the operator:
	 * the expression's message ("==" in "sex == Femal") */
	gsl_test_str(filt(f, "sex == Femal"), "position 8: unknown column 'Femal' (columns: sex, race, age, y01, "
	             "income, drug, ... 11 in all)", "== is an expression");
	(void)want;

	/* expressions. age 25 41 37 NaN 52 19 33 60, sex F M F M F M NA M,
	 * kids 0 1 2 0 1 2 3 0, score 2.385 1.5 7 3.25 0.5 4 6 9.75 */
	gsl_test_str(filt(f, "age >= 30 and age <= 50"), "01100010", "range as an expression");
	gsl_test_str(filt(f, "sex == 'Male' or kids > 2"), "01010111", "or across columns");
	/* not (age > 40): false or missing drop the row, also under not */
	gsl_test_str(filt(f, "not age > 40"), "10100110", "not drops missing rows");
	gsl_test_str(filt(f, "race in ('Black')"), "10011000", "in");
	/* two columns compared: the short form cannot read "score" as a
	 * number, the expression compares the columns: kids < score in rows
	 * 0 1? 0<2.385 yes, 1<1.5 yes, 2<7 yes, 0<3.25 yes, 1<0.5 no, 2<4 yes,
	 * 3<6 yes, 0<9.75 yes */
	gsl_test_str(filt(f, "kids<score"), "11110111", "column against column");
	/* the short form's column alone: the short form's check wins (a value
	 * that does not occur keeps no row), spaces or not */
	gsl_test_str(filt(f, "kids = 7"), "value '7' does not occur in 'kids' (values: 0, 1, 2, 3)",
	             "short form check, spaced");
	gsl_test_str(filt(f, "kids == 7"), "00000000", "== is the expression: no check");
	/* arithmetic after the operator is no value: the expression */
	gsl_test_str(filt(f, "kids > 3 - 2"), "00100110", "kids > 3 - 2 as an expression");
	/* an expression whose canonical text would read as the short form is
	 * kept in parentheses, so that it reads back as the same expression */
	{
		fair_filter *a = fair_filter_parse(f, "kids <> 7", &err), *b;
		gsl_test_str(a ? fair_filter_text(a) : err.msg, "(kids != 7)", "canonical text in parentheses");
		b = a ? fair_filter_parse(f, fair_filter_text(a), &err) : NULL;
		gsl_test(b == NULL || !fair_filter_is_expression(b), "parenthesised text reads back as an expression");
		gsl_test_str(b ? fair_filter_text(b) : "", "(kids != 7)", "a fixed point");
		fair_filter_free(a);
		fair_filter_free(b);
	}
	/* canonical text, notes, the columns read, and a second parse of the
	 * text giving the same filter */
	{
		fair_filter *a = fair_filter_parse(f, "race=='Black'  AND  age>30", &err), *b;
		gsl_test(a == NULL, "expression filter parses");
		gsl_test_str(fair_filter_text(a), "race == 'Black' and age > 30", "expression canonical text");
		gsl_test(!fair_filter_is_expression(a), "is an expression");
		gsl_test(!fair_filter_uses(a, "race") || !fair_filter_uses(a, "age") || fair_filter_uses(a, "sex"),
		         "columns read");
		b = fair_filter_parse(f, fair_filter_text(a), &err);
		gsl_test_str(b ? fair_filter_text(b) : err.msg, fair_filter_text(a), "text parses to the same filter");
		fair_filter_free(b);
		/* applied to a frame with one more column (as after derive):
		 * the same columns, the same rows: Black rows 0 3 4, ages 25 NaN 52 */
		fair_error e2;
		fair_column *extra = num_col("extra", KIDS, N);
		fair_frame *h = fair_frame_with_column(f, extra, &e2);
		unsigned char keep[N];
		memset(keep, 1, sizeof keep);
		gsl_test_int(fair_filter_apply(a, h, keep, &err), FAIR_OK, "apply to a grown frame");
		gsl_test_str(mask_str(keep, N), "00001000", "expression on the grown frame");
		fair_frame_unref(h);
		fair_column_unref(extra);
		/* and to a frame whose age column is another one: bound again */
		fair_frame *h2 = fair_frame_new();
		add(h2, cat_col("race", RACE, N, (const char *const[]){ "Black", "White" }, 2));
		add(h2, num_col("age", KIDS, N));
		memset(keep, 1, sizeof keep);
		gsl_test_int(fair_filter_apply(a, h2, keep, &err), FAIR_OK, "apply to another frame");
		gsl_test_str(mask_str(keep, N), "00000000", "kids in place of age: none above 30");
		fair_frame_unref(h2);
		fair_filter_free(a);
		a = fair_filter_parse(f, "race == 'Blak' or age > 50", &err);
		gsl_test_int(a ? (int)fair_filter_nnotes(a) : -1, 1, "a note for a string that is no level");
		gsl_test_str(a ? fair_filter_note(a, 0) : "", "position 9: 'Blak' is not a level of 'race' (did you mean "
		             "'Black'?)", "note text");
		gsl_test(a == NULL || fair_filter_note(a, 1) != NULL, "no second note");
		fair_filter_free(a);
		a = fair_filter_parse(f, "sex=Female", &err);
		gsl_test(a == NULL || fair_filter_is_expression(a) || fair_filter_nnotes(a) != 0, "short form");
		fair_filter_free(a);
	}
	gsl_test_str(filt(f, "age< "), "filter on 'age': missing value after '<'", "missing value");
	gsl_test_str(filt(f, "sex=Female,"), "filter on 'sex': empty value in 'Female,'", "empty list item");

	/* column names containing operators, and a level containing a comma */
	{
		static const char *const lv[] = { "x,y", "z" };
		static const char *const cells[3] = { "x,y", "z", "x,y" };
		const double v[3] = { 1, 2, 3 };
		fair_frame *h = fair_frame_new();
		unsigned char keep[3] = { 1, 1, 1 };
		add(h, num_col("a", v, 3));
		add(h, num_col("a<b", v, 3));
		add(h, cat_col("c", cells, 3, lv, 2));
		fair_filter *p = fair_filter_parse(h, "a<b=2", &err);
		gsl_test(p == NULL, "longest column name wins");
		if (p) {
			gsl_test_str(fair_filter_text(p), "a<b=2", "operator in column name");
			fair_filter_apply(p, h, keep, &err);
			gsl_test_str(mask_str(keep, 3), "010", "a<b=2 keeps row 1");
			fair_filter_free(p);
		}
		memset(keep, 1, 3);
		p = fair_filter_parse(h, "c=x,y", &err);
		gsl_test(p == NULL, "level with a comma");
		if (p) {
			fair_filter_apply(p, h, keep, &err);
			gsl_test_str(mask_str(keep, 3), "101", "c=x,y is one level");
			fair_filter_free(p);
		}
		fair_frame_unref(h);
	}
	fair_filter_free(NULL);
}

static void
test_split(void)
{
	enum { M = 1000 };
	unsigned char *a = malloc(M), *b = malloc(M), *keep = malloc(M);
	int32_t *strata = malloc(M * sizeof *strata);
	fair_error err;
	size_t cnt[4];

	/* no strata: round(0.7 * 1000) = 700 train */
	gsl_test_int(fair_split_random(M, NULL, 0.7, 42, NULL, a, &err), FAIR_OK, "random split");
	memset(cnt, 0, sizeof cnt);
	for (int i = 0; i < M; i++)
		cnt[a[i]]++;
	gsl_test_int((int)cnt[FAIR_SPLIT_TRAIN], 700, "train count");
	gsl_test_int((int)cnt[FAIR_SPLIT_TEST], 300, "test count");
	/* determinism and seed sensitivity */
	fair_split_random(M, NULL, 0.7, 42, NULL, b, &err);
	gsl_test(memcmp(a, b, M) != 0, "same seed, same split");
	fair_split_random(M, NULL, 0.7, 43, NULL, b, &err);
	{
		int diff = 0;
		for (int i = 0; i < M; i++)
			diff += a[i] != b[i];
		gsl_test(diff < 100, "another seed moves many rows (%d)", diff);
	}
	/* strata interleaved: id 5 (500 rows), -1 (301 rows), 2 (199 rows).
	 * train per stratum: floor(0.7*500+.5)=350, floor(210.7+.5)=211, floor(139.3+.5)=139 */
	for (int i = 0; i < M; i++)
		strata[i] = i % 2 == 0 ? 5 : (i % 10 == 1 || i % 10 == 3 || i % 10 == 5) ? -1 : 2;
	{
		size_t ns[3] = { 0, 0, 0 }, nt[3] = { 0, 0, 0 };
		for (int i = 0; i < M; i++)
			ns[strata[i] == 5 ? 0 : strata[i] < 0 ? 1 : 2]++;
		/* 500 even rows; odd rows ending in 1,3,5 = 300; 7,9 = 200 -> make it 301/199 */
		strata[7] = -1;
		ns[1]++;
		ns[2]--;
		gsl_test_int((int)ns[0] * 1000 + (int)ns[1], 500301, "strata sizes as designed");
		gsl_test_int(fair_split_random(M, NULL, 0.7, 7, strata, a, &err), FAIR_OK, "stratified");
		for (int i = 0; i < M; i++)
			nt[strata[i] == 5 ? 0 : strata[i] < 0 ? 1 : 2] += a[i] == FAIR_SPLIT_TRAIN;
		gsl_test_int((int)nt[0], 350, "stratum 5 train");
		gsl_test_int((int)nt[1], 211, "stratum -1 train");
		gsl_test_int((int)nt[2], 139, "stratum 2 train");
		fair_split_random(M, NULL, 0.7, 7, strata, b, &err);
		gsl_test(memcmp(a, b, M) != 0, "stratified split deterministic");
	}
	/* keep mask: even rows only -> 350 train, 150 test, odd rows NONE */
	for (int i = 0; i < M; i++)
		keep[i] = i % 2 == 0;
	gsl_test_int(fair_split_random(M, keep, 0.7, 42, NULL, a, &err), FAIR_OK, "split with keep");
	{
		int bad = 0;
		memset(cnt, 0, sizeof cnt);
		for (int i = 0; i < M; i++) {
			cnt[a[i]]++;
			bad += (i % 2 == 1) != (a[i] == FAIR_SPLIT_NONE);
		}
		gsl_test_int(bad, 0, "unkept rows are NONE and only they");
		gsl_test_int((int)cnt[FAIR_SPLIT_TRAIN], 350, "kept train count");
		gsl_test_int((int)cnt[FAIR_SPLIT_TEST], 150, "kept test count");
	}
	/* errors */
	gsl_test_int(fair_split_random(M, NULL, 1.0, 1, NULL, a, &err), FAIR_EINVAL, "frac 1");
	gsl_test_str(err.msg, "split fraction must be between 0 and 1 (exclusive), got 1", "frac message");
	gsl_test_int(fair_split_random(M, NULL, 0.0, 1, NULL, a, &err), FAIR_EINVAL, "frac 0");
	gsl_test_int(fair_split_random(M, NULL, NAN, 1, NULL, a, &err), FAIR_EINVAL, "frac NaN");
	memset(keep, 0, M);
	gsl_test_int(fair_split_random(M, keep, 0.5, 1, NULL, a, &err), FAIR_EINVAL, "nothing kept");
	gsl_test_str(err.msg, "no rows to split", "nothing kept message");
	keep[3] = 1;
	gsl_test_int(fair_split_random(M, keep, 0.3, 1, NULL, a, &err), FAIR_EINVAL, "empty train");
	gsl_test_str(err.msg, "split leaves the train set empty (1 rows, fraction 0.3)", "empty train message");
	gsl_test_int(fair_split_random(M, keep, 0.6, 1, NULL, a, &err), FAIR_EINVAL, "empty test");

	free(a);
	free(b);
	free(keep);
	free(strata);
}

static void
test_split_column(const fair_frame *f)
{
	unsigned char s[N];
	char txt[N + 1];
	fair_error err;

	gsl_test_int(fair_split_from_column(f, "fold", s, &err), FAIR_OK, "split from column");
	for (int i = 0; i < N; i++)
		txt[i] = (char)('0' + s[i]);
	txt[N] = '\0';
	/* train test calib TRAIN Test training NA train -> 0 1 2 0 1 0 3 0 */
	gsl_test_str(txt, "01201030", "split column parts");
	gsl_test_int(fair_split_from_column(f, "age", s, &err), FAIR_EINVAL, "numeric split column");
	gsl_test_str(err.msg, "split column 'age' is numeric; expected values train, test or calib",
	             "numeric split column message");
	gsl_test_int(fair_split_from_column(f, "sex", s, &err), FAIR_EINVAL, "bad split values");
	gsl_test_str(err.msg, "split column 'sex': value 'Female' in row 1 is not train, test or calib",
	             "bad split value message");
	gsl_test_int(fair_split_from_column(f, "nope", s, &err), FAIR_ENOTFOUND, "unknown split column");
	{
		static const char *const lv[] = { "train", "valid" };
		static const char *const cells[3] = { "train", "train", "valid" };
		static const char *const cells2[3] = { "train", "train", NULL };
		fair_frame *h = fair_frame_new();
		add(h, cat_col("fold", cells, 3, lv, 2));
		add(h, cat_col("fold2", cells2, 3, lv, 2));
		gsl_test_int(fair_split_from_column(h, "fold", s, &err), FAIR_EINVAL, "valid refused");
		gsl_test_str(err.msg, "split column 'fold': value 'valid' in row 3 is not train, test or calib",
		             "valid message names row 3");
		gsl_test_int(fair_split_from_column(h, "fold2", s, &err), FAIR_EINVAL, "no test rows");
		gsl_test_str(err.msg, "split column 'fold2' has no 'test' rows", "no test rows message");
		fair_frame_unref(h);
	}
}

static void
test_strata(const fair_frame *f)
{
	fair_target *t = NULL;
	fair_groups *g = NULL;
	fair_error err;
	int32_t st[N];
	const char *cols[] = { "sex" };

	fair_target_build(f, "y01", NULL, 0, NAN, -1, &t, &err);
	fair_groups_build(f, cols, 1, NAN, NULL, &g, &err);
	if (t == NULL || g == NULL) {
		gsl_test(1, "strata inputs");
		return;
	}
	fair_split_strata(t, g, st);
	/* K = 2 so K+1 = 3; row 0: y 1, Female(0) -> 1*3+1 = 4; row 1: y 0, Male -> 2;
	 * row 6: y NaN, sex missing -> 2*3+0 = 6; row 7: y 1, Male -> 5 */
	gsl_test_int(st[0], 4, "stratum row 0");
	gsl_test_int(st[1], 2, "stratum row 1");
	gsl_test_int(st[6], 6, "stratum row 6");
	gsl_test_int(st[7], 5, "stratum row 7");
	fair_split_strata(NULL, g, st);
	gsl_test_int(st[7], 2, "groups-only stratum row 7");
	fair_split_strata(t, NULL, st);
	gsl_test_int(st[0], 1, "target-only stratum row 0");
	fair_target_free(t);
	fair_groups_free(g);
}

static void
test_features(const fair_frame *f)
{
	size_t *cols = NULL, nc = 0;
	fair_error err;
	char want[512];
	const char *excl[] = { "y01", "sex", "fold", "not-a-column" };

	/* all minus y01(3), sex(0), fold(8): 1 2 4 5 6 7 9 10 */
	gsl_test_int(fair_features_resolve(f, "all", excl, 4, &cols, &nc, &err), FAIR_OK, "all");
	gsl_test_int((int)nc, 8, "all count");
	gsl_test_int((int)(cols[0] * 100 + cols[1] * 10 + cols[7]), 100 + 20 + 10, "all indices");
	free(cols);
	/* all-except=age,kids also drops 2 and 9: 1 4 5 6 7 10 */
	gsl_test_int(fair_features_resolve(f, " all-except=age, kids", excl, 3, &cols, &nc, &err), FAIR_OK,
	             "all-except");
	gsl_test_int((int)nc, 6, "all-except count");
	gsl_test_int((int)cols[1], 4, "all-except second index");
	free(cols);
	/* explicit list keeps order and may name an excluded column */
	gsl_test_int(fair_features_resolve(f, "age,sex , kids", excl, 3, &cols, &nc, &err), FAIR_OK,
	             "explicit list");
	gsl_test_int((int)nc, 3, "explicit count");
	gsl_test_int((int)(cols[0] * 100 + cols[1] * 10 + cols[2]), 200 + 0 + 9, "explicit indices");
	free(cols);
	gsl_test_int(fair_features_resolve(f, "age,nope", excl, 3, &cols, &nc, &err), FAIR_ENOTFOUND,
	             "unknown feature");
	snprintf(want, sizeof want, "unknown column 'nope' (columns: %s)", COLS_LIST);
	gsl_test_str(err.msg, want, "unknown feature message");
	gsl_test(cols != NULL || nc != 0, "outputs reset on error");
	gsl_test_int(fair_features_resolve(f, "all-except=zzz", excl, 3, &cols, &nc, &err),
	             FAIR_ENOTFOUND, "unknown all-except column");
	gsl_test_int(fair_features_resolve(f, "age,age", excl, 3, &cols, &nc, &err), FAIR_EINVAL, "twice");
	gsl_test_str(err.msg, "column 'age' is listed twice", "twice message");
	gsl_test_int(fair_features_resolve(f, "age,,kids", excl, 3, &cols, &nc, &err), FAIR_EINVAL,
	             "empty name");
	gsl_test_str(err.msg, "empty column name in 'age,,kids'", "empty name message");
	gsl_test_int(fair_features_resolve(f, " ", excl, 3, &cols, &nc, &err), FAIR_EINVAL, "empty spec");
	gsl_test_str(err.msg, "empty feature list; expected all, all-except=COL,... or COL,...",
	             "empty spec message");
	{
		fair_frame *h = fair_frame_new();
		const char *ex[] = { "y" };
		add(h, num_col("y", AGE, N));
		gsl_test_int(fair_features_resolve(h, "all", ex, 1, &cols, &nc, &err), FAIR_EINVAL,
		             "nothing left");
		gsl_test_str(err.msg, "no feature columns left (the target, sensitive and split columns "
		             "are excluded)", "nothing left message");
		fair_frame_unref(h);
	}
}

int
main(void)
{
	gsl_set_error_handler_off();
	fair_frame *f = make_frame();

	test_target(f);
	test_target_labels();
	test_groups(f);
	test_filters(f);
	test_split();
	test_split_column(f);
	test_strata(f);
	test_features(f);
	fair_frame_unref(f);
	return gsl_test_summary();
}
