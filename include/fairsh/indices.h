/* indices.h -- individual and between-group fairness indices (AIF360's):
 * the generalized entropy index of the benefits b = 1 + yhat - y, the Theil
 * index and the coefficient of variation, their between-group terms, and
 * consistency (agreement of a row's decision with its k nearest neighbours'
 * on the features). Pure data: nothing here prints. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_INDICES_H
#define FAIRSH_INDICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairsh/error.h"
#include "fairsh/frame.h"
#include "fairsh/progress.h"

/* The generalized entropy index of a population in which value v[j] occurs
 * with weight c[j] (j < m), N = sum c, mu = sum c v / N (doc/methods.md
 * 2.10):
 *   alpha != 0, 1:  1/(N alpha (alpha-1)) sum c [(v/mu)^alpha - 1]
 *   alpha = 1:      1/N sum c (v/mu) ln(v/mu)      (Theil; 0 ln 0 = 0)
 *   alpha = 0:      -1/N sum c ln(v/mu)            (mean log deviation)
 * A value of 0 with alpha <= 0 gives +inf. NaN when N = 0 or mu <= 0.
 * Values must be >= 0 and counts >= 0 (not checked). */
double fair_gei_counts(const double *v, const double *c, size_t m, double alpha);

/* The same over @n values, each with weight 1. */
double fair_gei(const double *b, size_t n, double alpha);

/* AIF360's generalized binary confusion matrix: each row's score (the
 * probability of the positive class) counted as a soft decision, weighted:
 * GTP = sum w s over the positives, GFN = sum w (1 - s) over them, GFP =
 * sum w s over the negatives, GTN = sum w (1 - s) over them. */
typedef struct fair_soft_counts {
	double gtp, gfp, gtn, gfn;
} fair_soft_counts;

/* The soft counts of @n rows (y 1.0/0.0, score in [0, 1], weights @w or
 * NULL for 1) per group (@groups: K entries, @group[i] in [0, K)) and over
 * all of them (@overall). FAIR_EINVAL (naming the row, 1-based) for a
 * target other than 0/1, a score outside [0, 1] or not a number, a group
 * out of range. */
int fair_soft_confusion(const double *y, const double *score, const double *w, const int32_t *group, size_t n,
                        size_t K, fair_soft_counts *groups, fair_soft_counts *overall, fair_error *err);

/* What fair_indices_compute reads (borrowed). Every row is used: the caller
 * leaves out rows with a missing target or decision. */
typedef struct fair_indices_input {
	size_t n;                  /* rows */
	const double *y;           /* target, 1.0 / 0.0 (1 = the positive class) */
	const double *yhat;        /* decisions, 1.0 / 0.0 */
	const int32_t *group;      /* group index in [0, K) */
	size_t K;
	long privileged;           /* group index, or -1 (no privileged-vs-rest terms) */
	int favorable;             /* enum fair_favorable (spec.h): NEGATIVE makes the
	                            * negative class the benefit, as AIF360's
	                            * favorable_label; otherwise the positive class */
	const double *x;           /* n x d features, row-major; NULL: no consistency */
	size_t d;
} fair_indices_input;

typedef struct fair_indices_opts {
	double alpha;              /* generalized entropy parameter (default 2) */
	size_t n_neighbors;        /* consistency's k, the row itself included (default 5) */
	fair_progress *prog;       /* may be NULL; the neighbour search polls it */
} fair_indices_opts;

void fair_indices_opts_init(fair_indices_opts *o);

typedef struct fair_indices {
	size_t n, K;
	double alpha;
	double mean_benefit;            /* mu: mean of b over the rows */
	double *group_benefit;          /* K group means of b (owned; NaN for an empty group) */
	size_t *group_n;                /* K group sizes (owned) */
	/* b = 1 + favourable decision - favourable outcome, per row */
	double gei, theil, cv;          /* E(alpha), E(1), sqrt(2 E(2)) */
	/* every row's b replaced by its group's mean (AIF360 between_all_groups_*) */
	double between_all_gei, between_all_theil, between_all_cv;
	/* the privileged group vs all the other rows pooled (AIF360
	 * between_group_*); NaN when there is no privileged group */
	bool   has_privileged;
	double between_gei, between_theil, between_cv;
	/* 1 - 1/n sum_i |yhat_i - mean of yhat over the k nearest rows of i| */
	bool   has_consistency;
	size_t n_neighbors;
	double consistency;
} fair_indices;

/* Computes every index of @in (doc/methods.md 2.10, the inequality indices and
 * consistency); @o may be NULL (defaults). Fills @out (release with
 * fair_indices_release). Errors: FAIR_EINVAL for no rows, K = 0, a
 * non-finite alpha, a target or decision other than 0/1 (naming the row,
 * 1-based), a group out of range, and fair_consistency's errors when @in
 * has features; FAIR_ENOMEM; FAIR_ECANCELED. */
int  fair_indices_compute(const fair_indices_input *in, const fair_indices_opts *o, fair_indices *out,
                          fair_error *err);
void fair_indices_release(fair_indices *r);   /* frees what @r owns; NULL is a no-op */

/* Consistency of @y over the @n rows of @x (n x d, row-major):
 * 1 - 1/n sum_i |y_i - 1/k sum_{j in N_k(i)} y_j|, where N_k(i) are the k
 * rows nearest to row i in Euclidean distance, row i itself included, ties
 * broken by the lower row index (sklearn's NearestNeighbors.kneighbors on
 * the fitted rows, which breaks ties its own way). Found with a k-d tree.
 * Errors: FAIR_EINVAL (k = 0 or k > n, non-finite x), FAIR_ENOMEM,
 * FAIR_ECANCELED. */
int fair_consistency(const double *x, size_t n, size_t d, const double *y, size_t k, fair_progress *prog,
                     double *out, fair_error *err);

/* The features of rows @rows (@nrows indices into @f) of columns @cols as a
 * new nrows x *@d row-major matrix *@x (caller frees): a numeric column as
 * its values, a categorical one as one 0/1 column per level (a missing value
 * gives all zeros). With @scale, every numeric column is standardised over
 * these rows, (x - mean) / sd with the population sd (a constant column
 * becomes 0). Errors: FAIR_EINVAL for a missing numeric value ("column 'age'
 * has a missing value at row 12"; 1-based frame row) or no columns;
 * FAIR_ENOMEM. */
int fair_indices_features(const fair_frame *f, const size_t *cols, size_t ncols, const size_t *rows,
                          size_t nrows, bool scale, double **x, size_t *d, fair_error *err);

#endif
