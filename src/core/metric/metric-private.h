/* metric-private.h -- internals shared by the files of src/core/metric
 * (counting, conventions, bootstrap, regression, rows and groups). Names are
 * fair__metric_*: nothing outside the folder uses them. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_METRIC_PRIVATE_H
#define FAIRSH_METRIC_PRIVATE_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

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
} fair__metric_ctx;

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

#endif
