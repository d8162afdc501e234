/* spec.h -- the "session data spec": which column is the target, which
 * columns form the sensitive groups, which rows are kept (filters), how rows
 * are split into train/test/calib, and which columns are features. Pure
 * functions of a frame; the session layer stores the results, the CLI prints. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_SPEC_H
#define FAIRSH_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairsh/error.h"
#include "fairsh/frame.h"

/* ---- target ------------------------------------------------------------ */

/* What a target asks for: a yes/no decision (values 0/1) or a number. */
enum fair_task { FAIR_TASK_CLASSIFICATION = 0, FAIR_TASK_REGRESSION = 1 };

typedef struct fair_target {
	int     task;            /* enum fair_task */
	char   *column;          /* column name (owned) */
	double *y;               /* n values (owned). classification: 1.0 positive, 0.0 negative,
	                            NaN missing; regression: the value, NaN missing */
	size_t  n;
	char   *positive_label;  /* "CL3,CL4", ">50K", "yes", ">40" (threshold); NULL for regression */
	char   *negative_label;  /* the other level of a two-level column ("<=50K"), "<=40" for a
	                            threshold, else "not CL3,CL4"; NULL for regression */
	size_t  npos, nneg, nmissing;   /* over all rows (nmissing also for regression) */
	/* the label space, for reading prediction columns (fair_decision_build) */
	int     coltype;         /* fair_coltype of the target column */
	double  threshold;       /* threshold= (positive when value > X); NaN otherwise */
	char  **positive;        /* the positive values, given or chosen: levels of a categorical
	                            column, numbers (as "%.17g") of a numeric one; none with a
	                            threshold or for regression */
	double *positive_num;    /* numeric column: the same values as numbers, else NULL */
	size_t  npositive;
	int     favorable;       /* enum fair_favorable (fair_target_set_favorable) */
	/* y is the values of this numeric column, shared (a 0/1 column with
	 * positive 1, a regression target): referenced; NULL when y is y's own */
	struct fair_column *y_column;
} fair_target;

/* Which outcome is good for the person the decision is about: the positive
 * class (assistive decisions: a loan, a job; false negatives hurt) or the
 * negative class (punitive decisions: flagged as high risk; false positives
 * hurt). Unset by default: verdicts then name no harm. */
enum fair_favorable {
	FAIR_FAVORABLE_UNSET = 0,
	FAIR_FAVORABLE_POSITIVE = 1,    /* assistive */
	FAIR_FAVORABLE_NEGATIVE = 2     /* punitive  */
};

/* Builds the target from column @column of @f (borrowed) into *@out (caller
 * frees with fair_target_free).
 *   @positive/@npositive: level strings forming the positive class (several
 *     levels make one class). For a numeric column each string is parsed as a
 *     number and compared exactly ("1" matches 1.0). May be NULL/0.
 *   @threshold: NaN = none, else a numeric column is binarised as value > X
 *     (positive label ">X", negative "<=X", X printed with %g).
 *   @task_hint: -1 = auto, or FAIR_TASK_CLASSIFICATION / FAIR_TASK_REGRESSION.
 * Auto rules (no positive, no threshold):
 *   - categorical with two levels that read as a yes/no pair (case-insensitive
 *     {no,yes} {n,y} {false,true} {f,t} {0,1} {-1,1} {negative,positive}
 *     {neg,pos}), or with one level that is a word of such a pair:
 *     classification, the second of the pair positive;
 *   - any other categorical column: error asking for positive= (listing levels);
 *   - numeric with distinct values {0,1} or {-1,1}, or one of them only
 *     ({0}, {1}, {-1}): classification, positive 1;
 *   - any other numeric column: regression (with task_hint classification:
 *     error asking for positive= or threshold=).
 * A classification target may have one class (all rows positive, or none):
 * its audit shows the rates that exist. The label space (coltype, threshold,
 * positive values) is kept for reading prediction columns; favorable is unset.
 * Errors (FAIR_ENOTFOUND / FAIR_EINVAL): unknown column (lists up to 10
 * columns), positive value not a level / not occurring (lists up to 10
 * levels/values; but a column with one value may name the other, absent
 * class, as Fairlearn's pos_label may), positive= together with threshold=, threshold= on a
 * categorical column, regression on a categorical column, positive=/threshold=
 * with task regression, one value that is not a yes/no word ("target 'y' has
 * one value ('A'); give positive=VALUE"), no non-missing value. Missing cells
 * stay NaN in y. */
int  fair_target_build(const fair_frame *f, const char *column, const char *const *positive,
                       size_t npositive, double threshold, int task_hint,
                       fair_target **out, fair_error *err);
void fair_target_free(fair_target *t);   /* NULL is a no-op */

/* Sets which outcome is favourable for the person (t->favorable) from the
 * words of `favorable=`: values in the target's label space that make up
 * either its positive class or its negative class exactly (the other
 * level of a two-level column, the other value of a 0/1 column), or the
 * words "positive" / "negative" (the only way for a threshold target).
 * @f is the frame the target was built on
 * (borrowed). Errors (FAIR_EINVAL): a regression target; a value that is
 * not in the label space, listing it; values that mix the two classes or
 * leave part of one out ("favorable=1,2 mixes the positive class (1) and the
 * negative class (2)"). */
int  fair_target_set_favorable(fair_target *t, const fair_frame *f, const char *const *values,
                               size_t nvalues, fair_error *err);
/* "assistive" / "punitive" / "" for t->favorable. */
const char *fair_favorable_name(int favorable);

/* Checks that a classification target has both classes among the rows with
 * keep[i] != 0 (@keep NULL = all rows): error "target 'y' has one class ('1')
 * among the kept rows" (without the suffix when @keep is NULL), or "target 'y'
 * has no non-missing values among the kept rows". Regression targets need
 * one non-missing value. Returns FAIR_OK or FAIR_EINVAL (the shell shows a
 * single class as a note: such a target can still be audited). */
int  fair_target_check(const fair_target *t, const unsigned char *keep, fair_error *err);

/* ---- decisions --------------------------------------------------------- */

/* How a prediction or score column of the data becomes decisions in the
 * target's label space (the `pred=`, `score=`, `threshold=`, `direction=`
 * and `positive=` options of audit, plot, compare and the corrections). */
enum fair_direction {
	FAIR_DIRECTION_HIGHER = 0,   /* higher scores mean the positive class */
	FAIR_DIRECTION_LOWER  = 1    /* lower scores mean the positive class  */
};

typedef struct fair_decision_opts {
	const char *pred;               /* decision column, or NULL                   */
	const char *const *positive;    /* values of @pred that are positive decisions;
	                                   NULL: read @pred in the target's label space */
	size_t      npositive;
	const char *score;              /* score column, or NULL                      */
	double      threshold;          /* score without pred: positive when score >= T
	                                   (higher) or <= T (lower); NaN = none        */
	int         direction;          /* enum fair_direction                        */
} fair_decision_opts;

void fair_decision_opts_init(fair_decision_opts *o);   /* all unset, direction higher */

typedef struct fair_decision {
	size_t  n;            /* rows of the frame                                       */
	double *yhat;         /* n: classification 1 (positive decision) / 0 / NaN missing;
	                         regression: the predicted value                          */
	double *score;        /* n or NULL: the score turned so that higher means the
	                         positive class (1 - s for a probability read lower, else -s) */
	bool    score_is_prob;/* every finite score lies in [0, 1]: calibration applies  */
	char   *rule;         /* how the decisions were read, one line:
	                         "decile_score >= 5", "score_text in (Medium, High)",
	                         "is_recid (positive = 1)" */
} fair_decision;

/* Reads decisions for target @t (built on @f, borrowed) from the columns of
 * @f that @o names. Classification:
 *   - pred= with positive=V,...: those values of the column (levels, or
 *     numbers that occur) are positive decisions, every other value negative;
 *   - pred= alone: the column holds predictions of the target, in its label
 *     space, read with the target's positive= (a column predicting 0 under
 *     `target y positive=0` predicts the positive class): a categorical
 *     column's levels must be levels (or, for a numeric target, numbers or
 *     true/false, yes/no) of the target; a numeric column's values must be
 *     values of the target column (any number for a threshold target, cut
 *     at its threshold); for a categorical target a numeric column of 0/1 or
 *     -1/1 (a condition made with `derive`) means negative/positive;
 *   - score= with threshold=: positive when score >= T (direction higher)
 *     or score <= T (lower); any range (risk deciles, credit scores);
 *   - pred= and score= together: decisions from pred, the score for AUC and
 *     (when in [0, 1]) calibration.
 * Regression: pred= is the predicted value; positive=, threshold= and
 * direction= are refused. A column that cannot be read so is an error
 * naming the values found, never a guess: "prediction column 'p' has
 * values that are not values of target 'y': 2, 7 (target values: 0, 1);
 * for scores use score=p threshold=T". Returns a new decision (caller
 * frees) in *@out. Errors: FAIR_ENOTFOUND (unknown column, listing
 * columns), FAIR_EINVAL, FAIR_ENOMEM. */
int  fair_decision_build(const fair_frame *f, const fair_target *t, const fair_decision_opts *o,
                         fair_decision **out, fair_error *err);
void fair_decision_free(fair_decision *d);   /* NULL is a no-op */

/* ---- sensitive groups -------------------------------------------------- */

typedef struct fair_groups {
	size_t   n;          /* rows */
	int32_t *group;      /* n entries in [0,K); -1 = a sensitive column is missing (row excluded) */
	size_t   K;          /* number of groups (>= 2) */
	char   **labels;     /* K labels; intersections join the values with " & " ("Female & Black") */
	size_t  *count;      /* K: rows per group over all rows */
	char   **columns;    /* the sensitive column names */
	size_t   ncolumns;
	long     privileged; /* group index, or -1 when none was given */
} fair_groups;

/* Builds the sensitive groups from @columns (ncolumns >= 1) of @f (borrowed)
 * into *@out (caller frees with fair_groups_free).
 * Per column: a categorical column gives one group per level that occurs
 * (level order); a numeric column with @threshold X (not NaN) gives "COL<=X"
 * and "COL>X" (X printed %g); a numeric column without threshold gives one
 * group per distinct value (ascending, label %g) when it has at most 20
 * distinct values. @threshold applies to every numeric column listed and is
 * ignored for categorical ones. Several columns: the cartesian product of the
 * columns' groups, keeping only combinations that occur, ordered by the first
 * column's group order, then the second's, ... A row with a missing value in
 * any listed column gets group -1.
 * @privileged: NULL or a group label (exact match) -> g->privileged.
 * Errors: no columns, unknown column (lists columns), a column listed twice,
 * "sensitive column 'age' is numeric with 73 values; give threshold=X",
 * threshold= with no numeric column, unknown privileged label (lists groups),
 * "the sensitive attribute has one group ('Male')", no complete row. */
int  fair_groups_build(const fair_frame *f, const char *const *columns, size_t ncolumns,
                       double threshold, const char *privileged, fair_groups **out,
                       fair_error *err);
void fair_groups_free(fair_groups *g);   /* NULL is a no-op */

/* Counts the rows of each group among rows with keep[i] != 0 (@keep NULL =
 * all) into @count (K entries, caller-allocated). Returns the number of rows
 * counted (kept rows with a group, i.e. not -1). */
size_t fair_groups_count(const fair_groups *g, const unsigned char *keep, size_t *count);

/* Index of the group labelled @label, or -1. */
long   fair_groups_find(const fair_groups *g, const char *label);

/* The groups of @g that have rows among @rows (@nrows row indices; NULL =
 * every row), as new groups in *@out (caller frees): the same rows and
 * columns, the groups renumbered in their order (a row of a left-out group
 * gets -1), counts over @rows, the privileged group kept when it has rows
 * (else -1). K may drop below 2; the caller decides. @dropped (may be
 * NULL) receives a new string naming the groups left out, "Other & Male,
 * Asian & Female" (at most 10, then ", ..."), or NULL when none was, and
 * @ndropped (may be NULL) their number. Errors: FAIR_ENOMEM, FAIR_EINVAL
 * for a row index out of range. */
int    fair_groups_restrict(const fair_groups *g, const size_t *rows, size_t nrows,
                            fair_groups **out, char **dropped, size_t *ndropped, fair_error *err);

/* ---- filters ----------------------------------------------------------- */

typedef struct fair_filter fair_filter;

/* Parses one filter against @f (borrowed; used to validate). Two forms:
 * the short form
 *   COLUMN=V1[,V2...]   the cell equals one of the values
 *   COLUMN!=V1[,V2...]  the cell equals none of the values
 *   COLUMN<X  COLUMN<=X  COLUMN>X  COLUMN>=X   numeric columns only
 * and any condition of the expression language (doc/expressions.md), such
 * as "days_b_screening_arrest <= 30 and c_charge_degree != 'O'". The short
 * form is tried first: whitespace around the column and the values is
 * ignored; the column is the longest column name that prefixes @expr and is
 * followed by an operator, so names containing '<' or '=' work; for = and !=
 * a value list that equals a whole level is one value (levels may contain
 * commas), otherwise it is split at commas; categorical values must be
 * levels, numeric values numbers, and for = / != they must occur in the
 * column (catches typos that would silently keep no row). When the values
 * are not such, @expr is read as an expression, unless it has the short
 * form's shape (a column, an operator, then no quote, parenthesis, == or
 * and/or/not/in), failed only because a value is not in the column, and
 * reads that column only: then it means what the short form means and the
 * short form's error stands ("kids=7" with no 7 in kids). So one text never gives two different sets of rows: where the
 * short form accepts it, the expression means the same or does not exist
 * ("sex=Female" names no column Female; to compare two columns write == or
 * anything the short form cannot read, as "kids<score"). When neither
 * reading works, the error is the short form's if @expr has its shape,
 * else the expression's ("position N: ..."; fair_expr_error_position reads
 * it).
 * Returns a new filter (caller frees) or NULL with @err set
 * (FAIR_ENOTFOUND for an unknown column, FAIR_EINVAL otherwise). */
fair_filter *fair_filter_parse(const fair_frame *f, const char *expr, fair_error *err);
void         fair_filter_free(fair_filter *flt);   /* NULL is a no-op */
/* Canonical text "age<30", "sex=Female,Male", or an expression in its
 * canonical form, "race in ('African-American', 'Caucasian')", in
 * parentheses when it would otherwise read as the short form ("kids <> 7"
 * gives "(kids != 7)") (borrowed; lives as long as @flt). Parsing it again
 * gives the same filter (tests/fuzz/fuzz-filter.c checks it). */
const char  *fair_filter_text(const fair_filter *flt);
/* Whether @flt is an expression (not the short form). */
bool         fair_filter_is_expression(const fair_filter *flt);
/* The expression's notes (fair_expr_note), e.g. a string that is not a
 * level of the column it is compared with (borrowed). */
size_t       fair_filter_nnotes(const fair_filter *flt);
const char  *fair_filter_note(const fair_filter *flt, size_t k);
/* Whether @flt reads column @column. */
bool         fair_filter_uses(const fair_filter *flt, const char *column);

/* keep[i] &= filter(row i) for every row of @f. A missing cell never passes a
 * filter, including != ("age!=30" drops rows with a missing age). The column
 * is looked up by name in @f, so a filter parsed on one frame applies to a
 * frame derived from it. Error: column no longer exists. */
int  fair_filter_apply(const fair_filter *flt, const fair_frame *f, unsigned char *keep,
                       fair_error *err);

/* Sets keep[i] = 1 for every row, applies the @nfilters filters (AND) and
 * stores the number of kept rows in *@nkept (may be NULL). */
int  fair_filters_keep(const fair_filter *const *flts, size_t nfilters, const fair_frame *f,
                       unsigned char *keep, size_t *nkept, fair_error *err);

/* ---- split ------------------------------------------------------------- */

enum fair_split_part {
	FAIR_SPLIT_TRAIN = 0,
	FAIR_SPLIT_TEST  = 1,
	FAIR_SPLIT_CALIB = 2,
	FAIR_SPLIT_NONE  = 3     /* row is in no part (filtered out, or no split value) */
};

/* Random split of the rows with keep[i] != 0 (@keep NULL = all @n rows) into
 * train (fraction @frac, 0 < frac < 1) and test; other rows get NONE.
 * With @strata (n int32 stratum ids, any values, NULL = one stratum) each
 * stratum is split on its own: exactly floor(frac * n_s + 0.5) of its kept
 * rows go to train. Method: kept rows are grouped by stratum (ascending id,
 * rows in index order), each group is shuffled with gsl_ran_shuffle driven by
 * one gsl_rng mt19937 seeded with @seed (GSL uses the low 32 bits; seed 0 is
 * mt19937's default 4357), and its first rows go to train. Deterministic:
 * same inputs and seed -> same assignment on every machine.
 * Errors: frac outside (0,1), no kept row, an empty train or test part. */
int  fair_split_random(size_t n, const unsigned char *keep, double frac, unsigned long seed,
                       const int32_t *strata, unsigned char *assign, fair_error *err);

/* Split given by a categorical column of @f whose values are train / test /
 * calib (case-insensitive; also training, testing, calibration). A missing
 * cell gives NONE. Numeric columns are refused (0/1 is ambiguous). Any other
 * value is an error naming it and its 1-based row: "split column 'fold':
 * value 'valid' in row 17 is not train, test or calib". Also errors when no
 * row is train or no row is test. @assign holds nrows entries. */
int  fair_split_from_column(const fair_frame *f, const char *column, unsigned char *assign,
                            fair_error *err);

/* Stratum ids for a stratified split: class (0 negative, 1 positive, 2
 * missing; 0 for every row of a regression target) times (K+1) plus (group +
 * 1). @t and/or @g may be NULL (then that factor is 0). @strata holds n
 * entries; n is taken from @t or @g. */
void fair_split_strata(const fair_target *t, const fair_groups *g, int32_t *strata);

/* ---- features ---------------------------------------------------------- */

/* Resolves a feature spec into column indices of @f, written to a new array
 * *@cols (caller frees) of *@ncols entries:
 *   "all"                 every column except those named in @exclude
 *   "all-except=A,B"      the same minus A and B (which must exist)
 *   "A,B,C"               exactly these, in this order (excluded names allowed
 *                         when listed explicitly)
 * @exclude holds the target, sensitive and split column names (unknown names
 * are ignored). Errors: empty spec, unknown column (lists columns), a column
 * listed twice, no column left. */
int  fair_features_resolve(const fair_frame *f, const char *spec, const char *const *exclude,
                           size_t nexclude, size_t **cols, size_t *ncols, fair_error *err);

#endif
