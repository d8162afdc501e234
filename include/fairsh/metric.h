/* metric.h -- the fairness audit: per-group figures, group fairness metrics
 * under a chosen library convention, bootstrap intervals, the DP z-test, the
 * pairwise and calibration tables, and the metric descriptions used by
 * `audit`, `compare` and `explain`. Pure data: nothing here prints. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_METRIC_H
#define FAIRSH_METRIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairsh/buf.h"
#include "fairsh/error.h"
#include "fairsh/spec.h"
#include "fairsh/progress.h"
#include "fairsh/stats.h"

/* ---------------------------------------------------------------- input -- */

/* The arrays an audit reads (borrowed; the caller builds them from frames).
 * Rows are skipped when y or yhat is NaN (counted, with a warning) or when
 * group is -1; every other row must have y and yhat in {0, 1} (classification)
 * and a finite, non-negative weight, else fair_audit fails naming the row
 * (1-based index into the arrays). */
typedef struct fair_audit_input {
	size_t n;                  /* rows in the arrays */
	const size_t *rows;        /* rows to use (e.g. the test split after filters); NULL = all n */
	size_t nrows;              /* entries in rows (ignored when rows is NULL) */
	const double *y;           /* classification: 1.0 / 0.0 (NaN rows are skipped); regression: real */
	const double *yhat;        /* classification: hard predictions 1.0/0.0; regression: predictions.
	                            * NULL (classification only): yhat = (score > threshold) */
	const double *score;       /* optional (classification: score/probability for AUC + calibration); NULL */
	const double *weight;      /* optional sample weights; NULL = 1 */
	const int32_t *group;      /* group index in [0,K), -1 = excluded */
	size_t K;                  /* number of groups (>= 2) */
	const char *const *labels; /* K group labels (values joined with " & " for intersections) */
	long privileged;           /* group index or -1 */
	int task;                  /* FAIR_TASK_CLASSIFICATION / FAIR_TASK_REGRESSION (spec.h) */
	int favorable;             /* enum fair_favorable (spec.h): which outcome is good for the
	                            * person; only the verdicts read it (0 = unset) */
	/* Counted elsewhere instead of rows (classification; a database's
	 * GROUP BY): per group the confusion cells, K x 4 in the order tn, fp,
	 * fn, tp, as (weighted) counts; cells_w2 their sums of squared weights
	 * (NULL: unweighted, the counts themselves); cells_rows the rows behind
	 * each cell (NULL: the counts). y, yhat, score, weight and group are
	 * then not read (may be NULL), n and rows neither; the bootstrap needs
	 * rows and is refused. The rows left out are counted in cells_skipped:
	 * missing target, missing prediction, no group. */
	const double *cells;
	const double *cells_w2;
	const double *cells_rows;
	size_t cells_skipped[3];
	/* Optional: the confusion cells of yhat over these rows, already
	 * counted by fair_audit_count_shared with its ok flag true (K x 4:
	 * tn, fp, fn, tp); the audit then skips its pass over the rows and
	 * gives the same report. Read for unweighted classification with
	 * yhat only (ignored otherwise). */
	const size_t *counted;
} fair_audit_input;

/* How weighted counts become figures; see doc/conventions.md and the table in
 * fair_convention_describe(). */
enum fair_convention {
	FAIR_CONV_STRICT = 0,   /* fairsh: undefined -> NaN + warning; max-min / min-max */
	FAIR_CONV_FAIRLEARN,    /* empty rate denominators -> 0; max-min / min-max */
	FAIR_CONV_AIF360,       /* classic API: unprivileged (pooled) - privileged, signed */
	FAIR_CONV_AIF360_SK,    /* sklearn API: priv vs rest, zero_division -> 0 */
	FAIR_CONV_AEQUITAS,     /* disparity vs reference group, x/0 capped at 10 */
	FAIR_CONV_COUNT
};

typedef struct fair_audit_opts {
	int convention;         /* enum fair_convention, default FAIR_CONV_STRICT */
	size_t bootstrap;       /* B >= 2: bootstrap (BCa) intervals for the metrics instead of
	                         * the score intervals; 0 = none (default; regression: 200) */
	unsigned long seed;     /* gsl_rng mt19937 seed for the bootstrap and permutations (default 0) */
	double ci_level;        /* coverage of the intervals, default 0.95 */
	int rate_ci;            /* enum fair_rate_ci (stats.h): Wilson (default) or exact */
	size_t min_group;       /* smallest group judged: rows, and the rate's denominator
	                         * (positives for TPR, ...); default 30; 0 = no limit */
	bool keep_small;        /* keep groups below min_group in the worst-pair verdicts
	                         * (default false: left out, with a note) */
	size_t permutations;    /* Monte Carlo relabellings when an exact permutation test has
	                         * too many tables; default 10000 */
	bool pairs;             /* fill the pairwise table (default false) */
	size_t calib_bins;      /* equal-width score bins on [0,1]; default 10; 0 = no table */
	double threshold;       /* score -> yhat when yhat is NULL: yhat = score > threshold (0.5) */
	fair_progress *prog;    /* may be NULL; counting and bootstrap poll it */
	bool figure_ci;         /* with bootstrap > 0, classification: percentile intervals of every
	                         * group's (and the overall) figures too, in fair_group_figures
	                         * ci_low / ci_high (default false) */
	int vs;                 /* enum fair_vs: differences and ratios between the groups
	                         * (default) or of each group to the overall rows
	                         * (Fairlearn's method="to_overall"); strict and fairlearn
	                         * conventions only */
	int agg;                /* enum fair_agg: equalized odds as the larger of its TPR and
	                         * FPR comparisons (default) or their mean (Fairlearn's
	                         * agg="mean"); strict and fairlearn conventions only */
} fair_audit_opts;

/* What the differences and ratios compare (fair_audit_opts.vs). */
enum fair_vs { FAIR_VS_GROUPS = 0, FAIR_VS_OVERALL = 1 };
/* How equalized odds combines its two rates (fair_audit_opts.agg). */
enum fair_agg { FAIR_AGG_MAX = 0, FAIR_AGG_MEAN = 1 };

/* ------------------------------------------------------------- figures -- */

/* Per-group (and overall) figures. Names are the JSON keys. */
enum fair_figure {
	FAIR_FIG_BASE_RATE = 0,     /* P / n */
	FAIR_FIG_SELECTION_RATE,    /* (TP+FP) / n */
	FAIR_FIG_TPR,               /* TP / P */
	FAIR_FIG_FPR,               /* FP / N */
	FAIR_FIG_TNR,               /* TN / N */
	FAIR_FIG_FNR,               /* FN / P */
	FAIR_FIG_PPV,               /* TP / (TP+FP) */
	FAIR_FIG_NPV,               /* TN / (TN+FN) */
	FAIR_FIG_ACCURACY,          /* (TP+TN) / n */
	FAIR_FIG_BALANCED_ACCURACY, /* (TPR+TNR) / 2 */
	FAIR_FIG_AUC,               /* weighted Mann-Whitney, ties 1/2 (needs score) */
	FAIR_FIG_PPR,               /* (TP+FP) / sum over groups of (TP+FP)  (Aequitas ppr) */
	FAIR_FIG_MSE,               /* regression: sum w (y-yhat)^2 / sum w */
	FAIR_FIG_MAE,               /* regression: sum w |y-yhat| / sum w */
	FAIR_FIG_R2,                /* regression, overall only: 1 - SSE/SST */
	FAIR_FIG_MEAN_PREDICTION,   /* sum w yhat / sum w (classification too: = selection rate) */
	FAIR_FIG_MEAN_TARGET,       /* sum w y / sum w */
	FAIR_FIG_FOR,               /* FN / (TN+FN): false omission rate (1 - NPV) */
	FAIR_FIG_FDR,               /* FP / (TP+FP): false discovery rate (1 - PPV) */
	FAIR_FIG_PPREV,             /* (TP+FP) / n: Aequitas pprev, the selection rate under its name */
	FAIR_FIG_COUNT
};

/* Counts and figures of one group, of the overall rows, or of the pooled
 * unprivileged rows (aif360 conventions). All counts are weighted sums
 * (plain counts without weights). fig[] holds NaN where undefined under the
 * convention (see fair_convention_describe); figures that do not apply to
 * the task are NaN. */
typedef struct fair_group_figures {
	char   *label;      /* owned; "overall" / "unprivileged" for those rows */
	size_t  rows;       /* rows used (unweighted) */
	double  n;          /* sum of weights */
	double  n_eff;      /* Kish effective size (sum w)^2 / sum w^2 (= rows without weights) */
	double  pos, neg;   /* P, N: weight with y = 1 / y = 0 */
	double  tp, fp, tn, fn;
	double  pred_pos;   /* TP + FP */
	double  pred_neg;   /* TN + FN */
	size_t  score_rows; /* rows that had a finite score (AUC, calibration) */
	double  w2[4];      /* sum of squared weights of the TN, FP, FN, TP rows (the counts
	                     * without weights): effective sizes of any denominator */
	double  fig[FAIR_FIG_COUNT];
	/* interval of each rate at the report's level (fair_audit_opts.rate_ci; balanced
	 * accuracy by MOVER); NaN where the figure has none (AUC, regression figures).
	 * With fair_audit_opts.figure_ci and bootstrap resamples (classification),
	 * the bootstrap percentile intervals of fig[] instead wherever the resamples
	 * define one (the same resamples as the metrics' intervals; the pooled
	 * unprivileged rows keep their rate intervals) */
	double  ci_low[FAIR_FIG_COUNT], ci_high[FAIR_FIG_COUNT];
	bool    small;      /* fewer rows than fair_audit_opts.min_group */
} fair_group_figures;

/* ------------------------------------------------------------- metrics -- */

enum fair_metric {
	/* classification */
	FAIR_M_DP_DIFF = 0,      /* demographic_parity_difference */
	FAIR_M_DP_RATIO,         /* demographic_parity_ratio */
	FAIR_M_EOPP_DIFF,        /* equal_opportunity_difference */
	FAIR_M_EOPP_RATIO,       /* equal_opportunity_ratio */
	FAIR_M_EODDS_DIFF,       /* equalized_odds_difference */
	FAIR_M_EODDS_RATIO,      /* equalized_odds_ratio */
	FAIR_M_AOD,              /* average_odds_difference */
	FAIR_M_DI,               /* disparate_impact */
	FAIR_M_DEO,              /* deo */
	/* regression */
	FAIR_M_KS,               /* ks_unfairness */
	FAIR_M_W1,               /* wasserstein1 */
	FAIR_M_W2,               /* wasserstein2 */
	FAIR_M_MEAN_DIFF,        /* mean_difference */
	FAIR_METRIC_COUNT
};

/* Sentinel group indices in fair_metric_value.ga / gb. */
#define FAIR_GROUP_NONE    (-1L)   /* no group (undefined metric) */
#define FAIR_GROUP_UNPRIV  (-2L)   /* the pooled unprivileged rows (aif360 conventions) */
#define FAIR_GROUP_OVERALL (-3L)   /* the overall rows (vs=overall) */

/* A verdict in three levels: fair (the whole interval within the usual
 * limit), unfair (all of it beyond), inconclusive (it straddles the limit, or
 * the groups compared are too small); NA when the metric is undefined or has
 * no limit. */
enum fair_verdict { FAIR_VERDICT_NA = 0, FAIR_VERDICT_PASS, FAIR_VERDICT_FAIL,
                    FAIR_VERDICT_INCONCLUSIVE };

/* Why a verdict is what it is. */
enum fair_verdict_why {
	FAIR_WHY_INTERVAL = 0,  /* read from the interval */
	FAIR_WHY_SMALL,         /* inconclusive: it rests on groups below the minimum size */
	FAIR_WHY_POINT          /* no interval for this metric: the value alone (marked) */
};

/* What an interval is and how it was made (doc/methods.md 9). */
enum fair_ci_kind {
	FAIR_CI_NONE = 0,
	FAIR_CI_NEWCOMBE,       /* difference of two rates: Newcombe's hybrid score */
	FAIR_CI_KATZ,           /* ratio of two rates: Katz's log interval */
	FAIR_CI_MOVER,          /* average odds: MOVER over four rates */
	FAIR_CI_NORMAL,         /* difference of two means: normal, separate variances */
	FAIR_CI_BCA,            /* bootstrap, bias-corrected and accelerated */
	FAIR_CI_BC,             /* bootstrap, bias-corrected (no acceleration) */
	FAIR_CI_DIRECTIONAL     /* distances: directional bootstrap (doc/methods.md 9.7) */
};
/* "newcombe", "katz", ... (static) */
const char *fair_ci_kind_name(int kind);

/* The test that the groups are equal, behind a metric's p-value. */
enum fair_test_kind {
	FAIR_TEST_NONE = 0,
	FAIR_TEST_CHISQ,        /* chi-square test of equal rates (K - 1 df; two rates: 2(K - 1)) */
	FAIR_TEST_PERM_EXACT,   /* permutation test, every relabelling enumerated */
	FAIR_TEST_PERM_MC,      /* permutation test, Monte Carlo relabellings */
	FAIR_TEST_PERM_DIST     /* regression: permutation test of equal distributions */
};
const char *fair_test_kind_name(int kind);

/* One metric's value and where it comes from.
 * For differences value = va - vb; for ratios value = va / vb (after the
 * convention's zero rules). ga/gb are: max-min conventions (strict,
 * fairlearn): ga = argmax, gb = argmin of the figure (ratios: ga = argmin,
 * gb = argmax, so value = min/max); aif360 conventions: ga =
 * FAIR_GROUP_UNPRIV, gb = privileged; aequitas: ga = the worst group, gb =
 * the reference group. Regression distances: the pair attaining the max. */
typedef struct fair_metric_value {
	double value;       /* NaN = undefined; +inf only for aif360 ratios (x/0) */
	int    fig;         /* enum fair_figure compared (eodds: the one that decided), -1 if none */
	long   ga, gb;      /* the two groups compared (see above) */
	double va, vb;      /* the figure at ga and gb */
	double da, db;      /* the denominators (weighted counts) behind va and vb */
	size_t nexcluded;   /* groups with members whose figure was undefined (left out) */
	int    verdict;     /* enum fair_verdict: three levels, from the interval */
	int    why;         /* enum fair_verdict_why */
	bool   has_ci;
	/* The interval of the signed statistic of the pair compared, estimate =
	 * va - vb (differences; average odds: of the mean odds) or va / vb
	 * (ratios), which is the value except where a convention reports an
	 * absolute value (aif360's equalized odds); it can cover 0 (1 for
	 * ratios). With several groups the pair is the worst of several, and
	 * ci_each is the level of this one comparison that makes all of them
	 * hold together at the report's level (Tukey, Sidak; doc/methods.md 9.3). */
	double estimate;
	double ci_low, ci_high;  /* NaN when undefined */
	int    ci_kind;          /* enum fair_ci_kind */
	double ci_each;          /* per-comparison level */
	size_t ci_undefined;     /* bootstrap replicates in which the statistic was undefined */
	/* equalized odds: the other of its two rates (TPR or FPR), compared the
	 * same way; the verdict is the worse of the two */
	bool   has_alt;
	int    alt_fig;
	long   alt_ga, alt_gb;
	double alt_estimate, alt_low, alt_high;
	int    alt_verdict;
	/* the test that every group compared has the same rate(s) */
	int    test;             /* enum fair_test_kind */
	double p_value, test_stat, test_df;
	size_t ngroups;          /* groups compared (after leaving out small ones) */
	/* groups below the minimum size for this metric's rate(s): left out of
	 * the value and the verdict (unless keep_small), or kept because fewer
	 * than two would remain (then the verdict is inconclusive) */
	size_t nsmall;
	bool   small_kept;
	double value_all;        /* with every group (NaN when nothing was left out) */
	long   ga_all, gb_all;
} fair_metric_value;

/* One row of the pairwise table: groups a < b, differences fig(a) - fig(b)
 * of the selection rate, TPR and FPR (index 0, 1, 2; regression: the mean
 * prediction, then NaN), each with its Newcombe interval at the report's
 * level (regression: normal, separate variances), the two-proportion z-test
 * and the test Holm-adjusted over all the pairs of that figure. */
typedef struct fair_pair_row {
	size_t a, b;
	double d_selection_rate, d_tpr, d_fpr;  /* regression: mean_prediction, -, - (NaN) */
	double p_value;                          /* two-proportion z-test on selection rates */
	double d[3], lo[3], hi[3], p[3], p_holm[3];
} fair_pair_row;

typedef struct fair_report {
	int    task;            /* enum fair_task */
	int    convention;      /* enum fair_convention */
	int    favorable;       /* enum fair_favorable, from the input */
	int    one_class;       /* classification: 0, or 1 when the audited rows have no
	                           positive, -1 when they have no negative (one warning
	                           says so instead of one per group and metric) */
	size_t K;
	long   privileged;      /* as given, or -1 */
	long   reference;       /* aequitas: the reference group (privileged or largest), else -1 */
	bool   weighted;        /* sample weights were given */
	bool   has_score;

	fair_group_figures  overall;   /* all audited rows (group >= 0) */
	fair_group_figures *groups;    /* K entries, in group-index order */
	bool   has_unpriv;             /* aif360 conventions: pooled unprivileged figures */
	fair_group_figures  unpriv;

	/* indexed by enum fair_metric; only those of the task are meaningful
	 * (fair_metric_count / fair_metric_id list them); others are NaN. */
	fair_metric_value metrics[FAIR_METRIC_COUNT];

	/* Two-proportion z-test of the selection rates behind the DP difference
	 * (classification): the pair dp_ga vs dp_gb (max/min pair; aif360:
	 * unprivileged vs privileged; aequitas: worst pprev group vs reference).
	 * z = (p_a - p_b) / sqrt(p(1-p)(1/m_a + 1/m_b)), p pooled, m = Kish
	 * effective sizes; p-value = 2 Q(|z|). NaN when undefined. */
	double dp_z, dp_p_value;
	long   dp_ga, dp_gb;

	size_t bootstrap;       /* B used (0 = no intervals) */
	unsigned long seed;
	double ci_level;

	fair_pair_row *pairs;   /* K(K-1)/2 rows when asked for, else NULL */
	size_t npairs;

	/* Calibration (classification with scores in [0,1]): calib_bins bins
	 * [b/B, (b+1)/B) (last one closed); for row g in 0..K-1 the groups and row
	 * K the overall rows, entry [g * calib_bins + b]: weight in the bin, mean
	 * score, observed positive rate (NaN for empty bins). */
	size_t  calib_bins;     /* 0 = no table */
	double *calib_n, *calib_score, *calib_rate;

	size_t rows_used;           /* rows audited */
	size_t rows_missing_y;      /* skipped: y NaN */
	size_t rows_missing_yhat;   /* skipped: prediction NaN */
	size_t rows_no_group;       /* skipped: group -1 */

	char  **warnings;           /* nwarnings owned strings, in order of detection */
	size_t  nwarnings;

	/* how the intervals were made (copied from the options) */
	int     rate_ci;            /* enum fair_rate_ci */
	size_t  min_group;
	bool    keep_small;
	/* notes for the reader about the verdicts: groups left out as too small,
	 * a permutation test used, ...: plain sentences, owned */
	char  **notes;
	size_t  nnotes;
	/* what the differences and ratios compare and how equalized odds
	 * combines its rates (copied from the options). With vs=overall a
	 * metric compares the group farthest from the overall figure (ga)
	 * with the overall rows (gb = FAIR_GROUP_OVERALL): difference
	 * max |fig(g) - fig(overall)|, ratio min of min(fig(g)/fig(overall),
	 * fig(overall)/fig(g)); agg=mean makes equalized odds the mean of its
	 * TPR and FPR comparisons. Those metrics have no interval: their
	 * verdicts read the value (FAIR_WHY_POINT). */
	int     vs, agg;
} fair_report;

/* Sets the defaults listed in fair_audit_opts. */
void fair_audit_opts_init(fair_audit_opts *o);

/* The confusion cells of @m decision arrays @yhat[q] (each n doubles, in
 * place of in->yhat) over the same rows, groups and target of @in, counted
 * in one pass over the rows: the group code and the target of a row are
 * read once for all the arrays (`compare` of several models). cnt[q]
 * (caller-allocated, 4 K each) receives the cells of the q-th array per
 * group: tn, fp, fn, tp. ok[q] is true when every row of the q-th array
 * was a plain counted row (target and decision 0 or 1, a group); when
 * false, cnt[q] is incomplete and fair_audit must count that array itself
 * (its warnings, skipped rows and errors come from there). Unweighted
 * classification only (in->weight and in->cells NULL). Errors:
 * FAIR_EINVAL (no target or groups, weights, regression, a missing array,
 * a row index out of range), FAIR_ECANCELED when @prog (may be NULL) asks
 * to stop. */
int fair_audit_count_shared(const fair_audit_input *in, const double *const *yhat, size_t m,
                            size_t *const *cnt, bool *ok, fair_progress *prog, fair_error *err);

/* Runs the audit (doc/methods.md section 2, doc/conventions.md). Counts every group
 * in one pass over the rows, turns the counts into figures and metrics under
 * o->convention, then optionally adds bootstrap intervals (stratified by
 * group: each group's rows are resampled with replacement to its own size;
 * without weights this is a multinomial draw of the group's confusion cells),
 * the pairwise table and the calibration table. Regression metrics use the
 * sorted group predictions (ot-private.h). @o may be NULL (defaults).
 * Returns a new report (caller frees with fair_report_free) or NULL with
 * @err set: FAIR_EINVAL for bad input (K < 2: "the sensitive attribute has
 * one group"; fewer than two groups with rows; a target or prediction not
 * 0/1; negative weight; group index out of range; aif360 conventions without
 * a privileged group), FAIR_EUNDEF when no row is left, FAIR_ENOMEM,
 * FAIR_ECANCELED. @in and its arrays are borrowed. */
fair_report *fair_audit(const fair_audit_input *in, const fair_audit_opts *o,
                        fair_error *err);

/* Frees @r and everything it owns; NULL is a no-op. */
void fair_report_free(fair_report *r);

/* The label of group index @g of @r: a group label, "unprivileged" for
 * FAIR_GROUP_UNPRIV, "" otherwise (borrowed, valid while @r lives). */
const char *fair_report_group_label(const fair_report *r, long g);

/* The figures of group index @g of @r, the pooled unprivileged rows for
 * FAIR_GROUP_UNPRIV, NULL otherwise (borrowed, valid while @r lives). */
const fair_group_figures *fair_report_group(const fair_report *r, long g);

/* --------------------------------------------------------- conventions -- */

/* Parses "strict", "fairlearn", "aif360", "aif360-sk" (or "aif360_sk"),
 * "aequitas" (case-insensitive) into @out. FAIR_EINVAL for anything else:
 * "unknown convention 'x' (expected strict, fairlearn, aif360, aif360-sk, aequitas)". */
int fair_convention_parse(const char *s, int *out, fair_error *err);

/* "strict", "fairlearn", ... ; "?" for an unknown value (static string). */
const char *fair_convention_name(int conv);

/* A paragraph (static, plain text) saying how @conv turns counts into figures. */
const char *fair_convention_describe(int conv);

/* ------------------------------------------------- metric descriptions -- */

enum fair_metric_kind { FAIR_KIND_DIFFERENCE = 0, FAIR_KIND_RATIO, FAIR_KIND_DISTANCE };

/* Static description of a metric, for tables, `explain` and verdicts. */
typedef struct fair_metric_info {
	int         id;           /* enum fair_metric */
	int         task;         /* enum fair_task */
	int         kind;         /* enum fair_metric_kind */
	int         fig;          /* the figure it compares (enum fair_figure), -1 for distances */
	const char *name;         /* JSON key: "demographic_parity_difference" */
	const char *title;        /* "Demographic parity difference" */
	const char *formula;      /* plain-text formula (strict convention) */
	const char *reading;      /* plain-language explanation for `explain` */
	bool        higher_is_fairer; /* ratios: true; differences/distances: false */
	double      ideal;        /* 0 for differences, 1 for ratios */
	double      threshold;    /* usual limit: 0.1 for differences and KS, 0.8 for ratios; NaN = none */
} fair_metric_info;

/* Metrics of a task in report order: count, and the id of the k-th. */
size_t fair_metric_count(int task);
int    fair_metric_id(int task, size_t k);
/* Description of metric @id (static), NULL if out of range. */
const fair_metric_info *fair_metric_info_get(int id);
/* Looks a metric up by its name (or a unique prefix of it); -1 if none. */
int    fair_metric_find(const char *name);

/* Static description of a per-group figure (name = JSON key). */
typedef struct fair_figure_info {
	int         id;           /* enum fair_figure */
	const char *name;         /* "selection_rate" */
	const char *title;        /* "Selection rate" */
	const char *formula;
	const char *reading;
	const char *denominator;  /* "group size", "actual positives", ... */
} fair_figure_info;

const fair_figure_info *fair_figure_info_get(int id);
int fair_figure_find(const char *name);   /* -1 if none */

/* ------------------------------------------------------------- verdicts -- */

/* The verdict of @value for metric @id against its usual threshold:
 * differences |v| <= thr; ratios thr <= v <= 1/thr; NA when undefined or the
 * metric has no threshold. */
int fair_metric_verdict(int id, double value);

/* The values metric @id's verdict accepts: [-thr, thr] for differences and
 * distances, [thr, 1/thr] for ratios. false (and NaNs) when the metric has
 * no usual threshold. */
bool fair_metric_range(int id, double *lo, double *hi);

/* The three-level verdict of an interval of metric @id: PASS when all of
 * [@ci_low, @ci_high] is within fair_metric_range, FAIL when none of it is,
 * INCONCLUSIVE when it straddles a limit; NA when the interval is undefined
 * or the metric has no threshold. */
int fair_metric_verdict_ci(int id, double ci_low, double ci_high);

/* How far @value is toward the usual limit of metric @id: 0 at the ideal,
 * 1 at the limit, above 1 beyond it: |v| / thr for differences and
 * distances, (1 - min(v, 1/v)) / (1 - thr) for ratios. NaN when @value is
 * undefined or the metric has no threshold. */
double fair_metric_severity(int id, double value);

/* The metric of @r furthest toward or beyond its limit (largest
 * fair_metric_severity; the first in report order on ties), whose groups
 * ga, gb are the worst pair; -1 when none is defined. */
int fair_report_worst_metric(const fair_report *r);

/* Appends one plain-language sentence per metric of @r to @out, e.g.
 * "Selection rate: Female 0.11 vs Male 0.31 — ratio 0.36, below the
 * four-fifths rule (0.8)". When r->favorable is set, a first sentence says
 * which error hurts the person and where it is most frequent: false
 * positives for punitive decisions (the positive class is unfavourable),
 * false negatives for assistive ones, e.g. "Decisions are punitive (a
 * positive decision is unfavourable to the person), so false positives
 * hurt: false positive rate African-American 0.45 vs Caucasian 0.23, 1.91
 * times as high". Lines end with '\n'. Returns FAIR_OK or FAIR_ENOMEM. */
int fair_report_verdicts(const fair_report *r, fair_buf *out, fair_error *err);

/* --------------------------------------------------------------- checks -- */

/* A fairness check (a gate in CI): "equal_opportunity_difference <= 0.05",
 * "tpr[Female] >= 0.7", "accuracy > 0.75" (the overall figure),
 * "selection_rate[*] >= 0.2" (every group), "abs(average_odds_difference)
 * < 0.1". */
enum fair_cmp { FAIR_CMP_LT = 0, FAIR_CMP_LE, FAIR_CMP_GT, FAIR_CMP_GE };
enum fair_check_status { FAIR_CHECK_PASS = 0, FAIR_CHECK_FAIL, FAIR_CHECK_INCONCLUSIVE };

typedef struct fair_check {
	int    metric;     /* enum fair_metric, or -1 for a figure */
	int    fig;        /* enum fair_figure when metric is -1, else -1 */
	char  *group;      /* a figure's group label; NULL: the overall rows; "*": every group */
	bool   abs;        /* abs(NAME): the absolute value is compared */
	int    cmp;        /* enum fair_cmp */
	double limit;
	char  *text;       /* the check written back with full names: "equal_opportunity_difference <= 0.05" */
} fair_check;

/* Parses @expr, "SUBJECT OP LIMIT" with or without spaces: SUBJECT is a
 * metric (a unique prefix will do), abs(METRIC), a figure (the overall
 * rows), FIGURE[GROUP] (a group's label, "overall", or "*" for every
 * group); OP is <, <=, > or >=; LIMIT a finite number. FAIR_EINVAL with
 * the reason (unknown name, [GROUP] after a metric, no comparison, a limit
 * that is not a number). fair_check_release frees @c. */
int  fair_check_parse(const char *expr, fair_check *c, fair_error *err);
void fair_check_release(fair_check *c);
/* "<", "<=", ">", ">=" (static). */
const char *fair_cmp_name(int cmp);

typedef struct fair_check_result {
	int    status;           /* enum fair_check_status */
	double value;            /* the value compared (|v| with abs); NaN when undefined */
	bool   has_ci;           /* the interval was required */
	double ci_low, ci_high;  /* its interval (NaN without one) */
	const char *group_a;     /* borrowed from the report: the groups a metric compares, the */
	const char *group_b;     /* figure's group (a "*" check: the worst group); NULL for none */
	double value_a, value_b; /* the figure at group_a and group_b (NaN for none) */
	char   reason[512];      /* in words: "0.1388, not <= 0.05 (tpr: minority 0.8795 vs majority 0.7407)" */
} fair_check_result;

/* Evaluates @c on @r: PASS when the value satisfies the comparison and,
 * with @need_ci, so does the whole interval (its upper end for < and <=,
 * its lower end for > and >=); FAIL when the value does not, or (with
 * @need_ci) the interval reaches beyond the limit; INCONCLUSIVE when the
 * value or the required interval is undefined, or when a metric's audit
 * verdict is inconclusive for groups below the minimum size (FAIR_WHY_SMALL),
 * whatever the value; the reason says when small groups were left out. A "*" check reads every
 * group and reports the worst one (the first undefined one, if any).
 * Metric intervals need a report with bootstrap resamples; figure
 * intervals a classification audit run with figure_ci. FAIR_EINVAL when
 * the check does not apply to @r (a metric of the other task, a figure the
 * task has not, no such group, no intervals); @out is filled otherwise. */
int  fair_check_eval(const fair_check *c, const fair_report *r, bool need_ci, fair_check_result *out,
                     fair_error *err);

/* Fairness constraints a correction can be asked to meet (the threshold
 * optimiser, exponentiated gradient, grid search and the post-processors;
 * each method says which it supports). */
enum fair_constraint {
	FAIR_CONSTRAINT_DP = 0,     /* demographic parity: equal selection rates      */
	FAIR_CONSTRAINT_EO = 1,     /* equal opportunity: equal true positive rates   */
	FAIR_CONSTRAINT_EODDS = 2,  /* equalized odds: equal TPR and equal FPR        */
	FAIR_CONSTRAINT_FPR = 3,    /* equal false positive rates                     */
	FAIR_CONSTRAINT_TNR = 4,    /* equal true negative rates                      */
	FAIR_CONSTRAINT_FNR = 5,    /* equal false negative rates                     */
	FAIR_CONSTRAINT_ERROR = 6   /* equal error rates (error-rate parity)          */
};
/* Parses "dp" | "eo" (also "tpr") | "eodds" | "fpr" | "tnr" | "fnr" |
 * "error" (FAIR_EINVAL otherwise). */
int         fair_constraint_parse(const char *s, int *out, fair_error *err);
const char *fair_constraint_name(int c);

/* What the threshold optimiser maximises (Fairlearn's objectives). */
enum fair_objective {
	FAIR_OBJECTIVE_ACCURACY = 0,   /* expected accuracy                          */
	FAIR_OBJECTIVE_BALANCED,       /* balanced accuracy (TPR + TNR) / 2          */
	FAIR_OBJECTIVE_SELECTION,      /* selection rate                             */
	FAIR_OBJECTIVE_TPR,            /* true positive rate                         */
	FAIR_OBJECTIVE_TNR             /* true negative rate                         */
};
/* Parses "accuracy" | "balanced_accuracy" | "selection_rate" | "tpr" | "tnr". */
int         fair_objective_parse(const char *s, int *out, fair_error *err);
const char *fair_objective_name(int o);

/* Options of the threshold optimiser (doc/methods.md 8.3). */
typedef struct fair_thresh_opts {
	int    constraint;   /* dp, eo, fpr, tnr, fnr or eodds (default dp)            */
	int    objective;    /* enum fair_objective (default accuracy; eodds: accuracy
	                        or balanced accuracy only)                              */
	bool   flip;         /* also the flipped classifiers "score < t" (default no)  */
	double tol;          /* the groups' constraint rates may differ by tol (0:
	                        equal; not with eodds)                                  */
	size_t grid;         /* 0: exact optimum (default); N: Fairlearn's search on
	                        the N + 1 points j / N, reproducing its numbers         */
} fair_thresh_opts;
void fair_thresh_opts_init(fair_thresh_opts *o);

/* ---- threshold curves ------------------------------------------------------
 * Each group's scores sorted once with cumulative positive counts, so that
 * the confusion counts of a group at any decision threshold t (a row is
 * selected when its score > t) take one binary search: what `view
 * thresholds` moves through, and its batch form prints. */
typedef struct fair_curves {
	size_t   K;
	size_t  *n;        /* rows per group */
	double **s;        /* K ascending score arrays */
	size_t **cpos;     /* K arrays of n[g] + 1: positives among the first i sorted rows */
	size_t  *pos;      /* positives per group */
	double   lo, hi;   /* smallest and largest score */
} fair_curves;

/* Figures of one group at a threshold (NaN where the denominator is 0). */
typedef struct fair_curve_point {
	size_t n, pos, neg, sel, tp, fp;
	double sel_rate, tpr, fpr, acc;
} fair_curve_point;

/* The three differences across groups (max - min over groups where the
 * figure is defined; equalized odds = the larger of the TPR and FPR
 * differences), and overall accuracy. */
typedef struct fair_curve_gaps {
	double dp, eo, eodds, acc;
} fair_curve_gaps;

/* Builds the curves over the @n rows with a finite score, a target of 0/1
 * and a group in [0, K). Caller frees. NULL: FAIR_EINVAL (no usable row,
 * K = 0), FAIR_ENOMEM. */
fair_curves *fair_curves_new(const double *score, const double *y, const int32_t *group,
                             size_t n, size_t K, fair_error *err);
void fair_curves_free(fair_curves *c);   /* NULL is a no-op */
/* Counts and rates of group @g at threshold @thr: O(log n). */
void fair_curves_eval(const fair_curves *c, size_t g, double thr, fair_curve_point *out);
/* All groups at @thr[K] into @pts[K] (may be NULL) and the differences. */
void fair_curves_all(const fair_curves *c, const double *thr, fair_curve_point *pts,
                     fair_curve_gaps *out);
/* Moves threshold @thr of group @g by @steps (signed) steps of @frac of the
 * group's rows in score order: the result is a score of the group, so that
 * the number of rows at or below it changes by about steps * frac * n. */
double fair_curves_step(const fair_curves *c, size_t g, double thr, long steps, double frac);

/* Plain-language topics on reading the audit's statistics ("intervals",
 * "small-groups", "multiple-comparisons") for `explain`: the count, the i-th
 * name (NULL past the end) and the text of a name (NULL if none); static. */
size_t fair_stats_topic_count(void);
const char *fair_stats_topic_name(size_t i);
const char *fair_stats_topic(const char *name);

#endif
