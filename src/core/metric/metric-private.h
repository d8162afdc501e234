/* metric-private.h -- internals shared by the files of src/core/metric
 * (counting, conventions, bootstrap, regression, rows and groups). Names are
 * fair__metric_*: nothing outside the folder uses them. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_METRIC_PRIVATE_H
#define FAIRSH_METRIC_PRIVATE_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairsh/metric.h"
#include "fairsh/stats.h"

/* Neumaier-compensated sum (doc/methods.md 1.2: compensated sums for large n). */
typedef struct fair__metric_sum { double s, c; } fair__metric_sum;

static inline void
fair__metric_add(fair__metric_sum *a, double x)
{
	double t = a->s + x;
	if (fabs(a->s) >= fabs(x))
		a->c += (a->s - t) + x;
	else
		a->c += (x - t) + a->s;
	a->s = t;
}

static inline double
fair__metric_total(const fair__metric_sum *a)
{
	return a->s + a->c;
}

/* The row index of the i-th audited candidate. */
static inline size_t
fair__metric_row(const fair_audit_input *in, size_t i)
{
	return in->rows != NULL ? in->rows[i] : i;
}

static inline size_t
fair__metric_nrows(const fair_audit_input *in)
{
	return in->rows != NULL ? in->nrows : in->n;
}

/* The prediction of row r: yhat[r], or (score[r] > thr) when yhat is NULL
 * (NaN when the score is NaN). */
static inline double
fair__metric_pred(const fair_audit_input *in, double thr, size_t r)
{
	if (in->yhat != NULL)
		return in->yhat[r];
	double s = in->score[r];
	return isnan(s) ? NAN : (s > thr ? 1.0 : 0.0);
}

/* Everything the metric stage needs (one report or one bootstrap replicate). */
typedef struct fair__metric_ctx {
	int    conv;
	int    task;
	size_t K;
	long   priv;
	long   ref;                          /* aequitas reference group */
	const fair_group_figures *g;         /* K groups, figures filled */
	const fair_group_figures *unpriv;    /* pooled unprivileged (aif360), or NULL */
	fair_report *warn;                   /* warning sink, NULL = silent (bootstrap) */
	/* groups below min_size rows, or below min_size in the denominator of
	 * the rate compared, are left out of the choice of the worst group or
	 * pair as long as two groups remain (0 = none left out) */
	double min_size;
} fair__metric_ctx;

/* The effective size (sum w)^2 / sum w^2 of the rows @fig of group @g is
 * divided by: positives for TPR and FNR, negatives for FPR and TNR,
 * predicted positives for PPV, predicted negatives for NPV, every row
 * otherwise; -1 (average odds) the smaller of positives and negatives. The
 * plain count without weights. */
double fair__metric_den_eff(const fair_group_figures *g, int fig);

/* Bootstrap tables behind the worst pair's critical value (fair_maxpair_z). */
#define FAIR__MAXPAIR_B 1000

/* The effective successes *x and trials *n behind a proportion figure @fig
 * of @g (doc/methods.md 9.1): n = fair__metric_den_eff, x = the numerator's
 * weight scaled by n / (the denominator's weight); the plain counts without
 * weights. NaN for figures that are not proportions; 0, 0 for an empty
 * denominator. */
void fair__metric_eff_counts(const fair_group_figures *g, int fig, double *x, double *n);

/* Whether group @g is too small to be judged on @fig (rows or
 * fair__metric_den_eff below @min_size; never when min_size is 0). */
bool fair__metric_small(const fair_group_figures *g, int fig, double min_size);

/* Appends a formatted warning to r (no-op when r is NULL). 0 or -1 (no memory). */
int fair__metric_warn(fair_report *r, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Derives pred_pos/pred_neg and fig[] of a classification group from its
 * counts under @conv; @total_pp is the predicted positives over all groups
 * (for ppr). AUC is left as it is. */
void fair__metric_class_figures(fair_group_figures *g, int conv, double total_pp);

/* Sums the counts of every group except @priv (groups with n > 0) into @u. */
void fair__metric_pool_unpriv(const fair_group_figures *g, size_t K, long priv,
                         fair_group_figures *u);

/* Fills m[FAIR_M_DP_DIFF .. FAIR_M_DEO] from the context (all entries
 * reset first). Emits metric-level warnings to c->warn. */
void fair__metric_class_metrics(const fair__metric_ctx *c, fair_metric_value *m);

/* Emits the per-group "undefined / set to 0" warnings of the convention. */
void fair__metric_group_warnings(fair_report *r, const fair_group_figures *g, int conv);

/* Resets a metric value to "undefined". */
void fair__metric_metric_reset(fair_metric_value *m);

/* Verdicts of every metric of the task in @m. */
void fair__metric_verdicts(int task, fair_metric_value *m);


/* Builds, for the audited rows, the row indices grouped by group: on return
 * idx[off[g] .. off[g+1]) are group g's rows in input order (caller frees
 * both). Same skip rules as the counting pass. */
int fair__metric_group_rows(const fair_audit_input *in, double thr, size_t **off,
                       size_t **idx, fair_error *err);

/* Group checks after counting (no rows, one group, warnings on skipped and
 * empty groups); sets r->rows_used. */
int fair__metric_check_groups(fair_report *r, fair_error *err);

/* Validates row @row (skip rules and errors of the counting pass; yhat given):
 * 0 use, 1 skip (counted in r), -1 error. The _values form takes the row's
 * group, target and prediction already read. */
int fair__metric_row_check_values(const fair_audit_input *in, fair_report *r, size_t row, int32_t g,
                                  double yv, double pv, fair_error *err);
int fair__metric_row_check(const fair_audit_input *in, fair_report *r, size_t row,
                      fair_error *err);

/* The percentile intervals of every metric of @task from the replicate
 * matrix @vals (metric id-major, B replicates each; reordered), into
 * r->metrics; with @warn, a warning per metric undefined in some
 * replicates (classification; the regression bootstrap keeps its groups'
 * sizes, so its metrics stay defined). */
void fair__metric_boot_intervals(int task, double level, double *vals, size_t B, fair_report *r, bool warn);

/* Classification bootstrap: fills ci_* of r->metrics. */
int fair__metric_boot_class(const fair_audit_input *in, const fair_audit_opts *o,
                       fair_report *r, fair_error *err);

/* Regression audit: counts, figures, metrics, bootstrap. */
int fair__metric_regression(const fair_audit_input *in, const fair_audit_opts *o,
                       fair_report *r, fair_error *err);

/* Percentile interval of v[0..n) (NaN entries skipped; v is reordered):
 * numpy-style linear interpolation at (1-level)/2 and (1+level)/2. */
void fair__metric_percentile_ci(double *v, size_t n, double level, double *lo,
                           double *hi, size_t *nundef);

/* ------------------------------------------------------ assess.c -- */

/* Appends a note for the reader (no-op on allocation failure): 0 or -1. */
int fair__metric_note(fair_report *r, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Fills g->ci_low/ci_high of every rate at @level by @method (enum
 * fair_rate_ci) and g->small (rows below @min_size). */
void fair__metric_rate_intervals(fair_group_figures *g, int method, double level, double min_size);

/* What a metric compares: two rates' difference or ratio, or the average
 * odds (TPR + FPR) / 2 of two groups. */
enum { FAIR__CMP_DIFF = 0, FAIR__CMP_RATIO, FAIR__CMP_AOD };
int fair__metric_cmp_kind(int id);
/* The signed statistic of a comparison: fig(a) - fig(b), fig(a) / fig(b),
 * or the difference of mean odds (fig ignored). NaN when a or b is NULL. */
double fair__metric_cmp_stat(int kind, int fig, const fair_group_figures *a,
                             const fair_group_figures *b);

/* The per-comparison level of metric @id on @fig that makes all the
 * comparisons it picked its pair among hold together at @level: Tukey over
 * the groups taking part (worst of all pairs), Sidak over the others
 * (against a reference group), @level itself for one comparison. */
double fair__metric_each_level(const fair_report *r, int id, int fig, double level);

/* Score intervals, tests, notes (classification); needs r->metrics. */
int fair__metric_assess_class(const fair_audit_input *in, const fair_audit_opts *o, fair_report *r,
                              fair_error *err);
/* The three-level verdict of metric @id (and of every metric of the task)
 * from its interval(s). */
void fair__metric_verdict3(fair_report *r, int id);
void fair__metric_verdicts3(fair_report *r);

/* vs=overall and agg=mean (overall.c): recomputes the demographic parity,
 * equal opportunity and equalized odds differences and ratios of @r
 * (classification, strict or fairlearn convention) as the options ask,
 * without intervals; before the verdicts. */
void fair__metric_vs_overall(fair_report *r, int vs, int agg);
/* The intervals, z-tests and Holm p-values of the pairwise table (r->pairs
 * with a, b and the differences filled). */
int fair__metric_pairs_class(fair_report *r, fair_error *err);

/* The sums of fair_bca_accel over one sample: jackknife values jack[0..m)
 * with multiplicities mult (NULL = 1), added to *num (sum U^3 / n^3) and
 * *den (sum U^2 / n^2). */
void fair__metric_jack_sums(const double *jack, const double *mult, size_t m, double *num,
                            double *den);

/* The number of K x 2 tables with group sizes n[0..K) and S successes
 * (the tables fair_perm_equal would enumerate) in *count, when it is at
 * most @cap (capped at 2^31); false when there are more (or no memory).
 * Work O(K min(S, N - S)); *steps (NULL = not wanted) gains the entries
 * visited, for the tests of that bound. */
bool fair__metric_perm_count(const unsigned *n, size_t K, unsigned S, uint64_t cap,
                             uint64_t *count, size_t *steps);

/* The directional bootstrap interval of a distance (FAIR_M_KS, W1, W2)
 * between sorted samples A and B, regdist.c: init (FAIR_OK or FAIR_ENOMEM;
 * free in either case), one add per resample (the resampled samples,
 * sorted), then ci at @level; v holds the nv derivative replicates (sorted
 * after ci), centre the interval's centre. */
typedef struct fair__metric_dist {
	int id;
	long ga, gb;   /* the pair's groups (set by the caller) */
	const double *A, *B;
	size_t na, nb, ng, nv;
	double t, norm, energy, centre;
	double *x, *gap, *v, *sign;   /* x, gap, sign: only while dist_init runs */
	double *en;      /* W2: each replicate's noise energy, the first nen */
	size_t nen;
	unsigned char *flag;   /* KS, W1: each pooled point's part (regdist.c) */
} fair__metric_dist;
int fair__metric_dist_init(fair__metric_dist *d, int id, const double *A, size_t na, const double *B,
                       size_t nb, double t, size_t nboot);
void fair__metric_dist_add(fair__metric_dist *d, const double *As, const double *Bs);
double fair__metric_dist_centre(const fair__metric_dist *d);
double fair__metric_dist_pick_level(const fair__metric_dist *d, size_t n, double level,
                                    double *lambda);
size_t fair__metric_dist_need(const fair__metric_dist *d, double level);
int fair__metric_dist_grow(fair__metric_dist *d, size_t nboot);
void fair__metric_dist_ci(fair__metric_dist *d, double level, double *lo, double *hi);
void fair__metric_dist_free(fair__metric_dist *d);

#endif
