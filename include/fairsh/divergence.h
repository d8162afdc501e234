/* divergence.h -- distances between two point clouds (rows of two matrices,
 * uniform weights): debiased Sinkhorn divergence (methods.md 6.1), squared
 * MMD with a Gaussian kernel (6.2) and the mean-embedding distance, each with
 * its analytic gradient w.r.t. every point. Pure computation, no I/O. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_DIVERGENCE_H
#define FAIRSH_DIVERGENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>

#include "fairsh/error.h"
#include "fairsh/progress.h"

/* Conventions for every function below: A is n x r and B is m x r (rows are
 * points, both clouds in the same r-dimensional space, each point weighted
 * 1/n resp. 1/m). grad_A / grad_B, when not NULL, must be n x r / m x r and
 * receive d value / d A_ik (overwritten). Inputs are borrowed. */

enum fair_divergence_kind {
	FAIR_DIV_MMD = 0,       /* squared MMD, Gaussian kernel (6.2)            */
	FAIR_DIV_SINKHORN = 1,  /* debiased Sinkhorn divergence S_eps (6.1)       */
	FAIR_DIV_MEAN = 2       /* ||mean(A) - mean(B)||^2 (linear-kernel MMD^2)  */
};

typedef struct fair_sinkhorn_opts {
	double eps;       /* target temperature (blur^p); > 0. default 0.1          */
	double scaling;   /* epsilon-scaling factor in (0,1): eps shrinks by
	                     scaling^p per step from diam^p. default 0.5            */
	size_t max_iter;  /* iterations allowed at the target eps after the
	                     schedule. default 1000                                 */
	double tol;       /* stop when the L1 marginal error of every OT problem
	                     (max of row and column side) is below tol. default 1e-6 */
	int    p;         /* cost |x - y|^p / p; p = 1 or 2. default 2              */
	int    threads;   /* 1 or 2 worker threads over rows (large problems only).
	                     results do not depend on it; one is used below 10^6
	                     kernel entries. default 1                              */
	bool   alternate; /* at the target eps, solve the self problems alone by
	                     their symmetric averaged fixed point, then the cross
	                     problem by alternating updates (f, then g from the
	                     new f) warm-started from the self potential; if that
	                     stalls (error down < 10x in 20 sweeps) the cross
	                     problem restarts with averaged updates. 2-4x fewer
	                     sweeps. false: averaged simultaneous sweeps of all
	                     four potentials (methods.md 6.1 literally).
	                     default true                                          */
} fair_sinkhorn_opts;

typedef struct fair_sinkhorn_info {
	size_t iterations;      /* total Sinkhorn sweeps (schedule + final eps)   */
	size_t schedule_len;    /* number of temperatures in the eps schedule     */
	double marginal_error;  /* last measured L1 marginal error (see tol)      */
	bool   converged;       /* marginal_error < tol before max_iter ran out   */
	double ot_ab;           /* OT_eps(a,b) (dual value)                       */
	double ot_aa, ot_bb;    /* OT_eps(a,a), OT_eps(b,b); NaN when not debiased */
} fair_sinkhorn_info;

/* Fills @o with the defaults listed above. */
void fair_sinkhorn_opts_init(fair_sinkhorn_opts *o);

/* Debiased Sinkhorn divergence (methods.md 6.1)
 *   S_eps(a,b) = OT_eps(a,b) - 0.5 OT_eps(a,a) - 0.5 OT_eps(b,b),
 *   OT_eps = min_pi <pi,C> + eps KL(pi | a x b),  C_ij = |x_i - y_j|^p / p,
 * by log-domain updates with epsilon-scaling (skipped when eps >= max
 * |x - y|^p / 100 over the cost matrices), a final full update, value from
 * the dual potentials; see the alternate option for the update order.
 * Gradients by the envelope theorem from the final potentials (plans
 * renormalised row-wise):
 *   dS/dx_i = sum_j pi_ab_ij dC(x_i,y_j)/dx_i - sum_k pi_aa_ik dC(x_i,x_k)/dx_i.
 * Not reaching tol within max_iter is not an error (see the _ex variant's
 * info). @o may be NULL (defaults). Memory: 2nm + n^2 + m^2 doubles.
 * Errors: FAIR_EINVAL (empty input, column mismatch, bad option, non-finite
 * value), FAIR_ENOMEM. */
int fair_sinkhorn_divergence(const gsl_matrix *A, const gsl_matrix *B,
                             const fair_sinkhorn_opts *o, double *value,
                             gsl_matrix *grad_A, gsl_matrix *grad_B,
                             fair_error *err);

/* As fair_sinkhorn_divergence, plus: with @debias false computes OT_eps(a,b)
 * alone (value = OT_eps, gradients of OT_eps; used by benchmarks), and fills
 * @info when not NULL. */
int fair_sinkhorn_divergence_ex(const gsl_matrix *A, const gsl_matrix *B,
                                const fair_sinkhorn_opts *o, bool debias,
                                double *value, gsl_matrix *grad_A,
                                gsl_matrix *grad_B, fair_sinkhorn_info *info,
                                fair_error *err);

/* Squared maximum mean discrepancy with the Gaussian kernel
 * k(x,y) = exp(-|x-y|^2 / (2 bw^2)) (methods.md 6.2):
 *   biased (V-statistic, @unbiased false): mean K_aa + mean K_bb - 2 mean K_ab,
 *     >= 0 and exactly 0 for identical samples (training default);
 *   unbiased (U-statistic): the diagonal is left out of the first two means
 *     (divided by n(n-1), m(m-1)); may be negative (audit default).
 * @bandwidth <= 0 selects the median heuristic (fair_median_bandwidth on the
 * pooled rows); the gradient treats the bandwidth as a constant. The
 * bandwidth used is stored in @bandwidth_used when not NULL. Computed in row
 * blocks: O((n+m)^2 r) time, O(256 (n+m)) memory. Errors: FAIR_EINVAL (empty
 * input, fewer than 2 rows on a side for the unbiased form, mismatch),
 * FAIR_ENOMEM. */
int fair_mmd2(const gsl_matrix *A, const gsl_matrix *B, double bandwidth,
              bool unbiased, double *value, gsl_matrix *grad_A,
              gsl_matrix *grad_B, double *bandwidth_used, fair_error *err);

/* Median heuristic bw = sqrt(0.5 * median_{i<j} |z_i - z_j|^2) over the
 * pooled rows of @A and @B (@B may be NULL); when there are more than 2000
 * rows, 2000 evenly spaced pooled rows are used (deterministic). Falls back
 * to sqrt(0.5 * mean squared distance) when the median is 0 and to 1 when
 * all points coincide. Stores the result in @bw. Errors: FAIR_EINVAL (fewer
 * than 2 rows, mismatch), FAIR_ENOMEM. */
int fair_median_bandwidth(const gsl_matrix *A, const gsl_matrix *B, double *bw,
                          fair_error *err);

/* Mean-embedding distance |mean(A) - mean(B)|^2 with gradient
 * d/dx_i = 2 (mean(A) - mean(B)) / n (and the opposite sign / m for B).
 * Errors: FAIR_EINVAL (empty input, mismatch). */
int fair_mean_divergence(const gsl_matrix *A, const gsl_matrix *B, double *value,
                         gsl_matrix *grad_A, gsl_matrix *grad_B, fair_error *err);

/* One place that picks the divergence: kind (enum fair_divergence_kind) with
 * its options. */
typedef struct fair_divergence_opts {
	int    kind;                 /* FAIR_DIV_*; default FAIR_DIV_MMD            */
	double bandwidth;            /* MMD; <= 0: median heuristic (default)       */
	bool   unbiased;             /* MMD U-statistic; default false              */
	fair_sinkhorn_opts sinkhorn; /* Sinkhorn options                            */
} fair_divergence_opts;

void fair_divergence_opts_init(fair_divergence_opts *o);

/* Evaluates the divergence chosen by @o (NULL: defaults) and its gradients
 * (may be NULL). Errors: those of the chosen function; FAIR_EINVAL for an
 * unknown kind. */
int fair_divergence(const gsl_matrix *A, const gsl_matrix *B,
                    const fair_divergence_opts *o, double *value,
                    gsl_matrix *grad_A, gsl_matrix *grad_B, fair_error *err);

/* "mmd", "sinkhorn", "mean" for a kind; NULL for an unknown one. */
const char *fair_divergence_name(int kind);
/* Parses a name as above into @kind; FAIR_EINVAL (listing the names) else. */
int fair_divergence_parse(const char *name, int *kind, fair_error *err);

/* ------------------------------------------------ groups' distributions -- */

/* Distances between the groups' distributions of one number per row (a
 * score, or a regression prediction), for every pair of groups: what the
 * audit shows with distances=yes. */
typedef struct fair_group_distance {
	size_t a, b;        /* group indices, a < b                               */
	size_t na, nb;      /* finite values in each group                        */
	size_t pa, pb;      /* points after the quantile summary (<= max_points)  */
	double w1;          /* Wasserstein-1 between the full empirical
	                       distributions (exact in 1-D)                      */
	double mmd2;        /* unbiased squared MMD between the summaries,
	                       Gaussian kernel with the common bandwidth         */
	double sinkhorn;    /* debiased Sinkhorn divergence between the
	                       summaries, cost |s - t|^2 / 2, eps = blur^2
	                       (about W2^2 / 2 for a small blur)                  */
} fair_group_distance;

typedef struct fair_group_distance_opts {
	size_t max_points;  /* a larger group is summarised by this many of its
	                       quantiles, value (k + 1/2) / Q for k < Q (sorted
	                       values at floor((k + 1/2) n / Q)). default 500    */
	double bandwidth;   /* MMD; <= 0: median heuristic over all groups'
	                       summary points (default)                          */
	double blur;        /* Sinkhorn length scale; <= 0: 0.2 x the standard
	                       deviation of all values (default); 1e-12 when
	                       every value is the same                           */
	int    threads;     /* Sinkhorn threads (1 or 2). default 2              */
	struct fair_progress *prog; /* pairs done of all; cancellation is checked
	                       between pairs (FAIR_ECANCELED). default NULL       */
} fair_group_distance_opts;

void fair_group_distance_opts_init(fair_group_distance_opts *o);

/* More groups (with at least 2 values) than this is an error: the pairs
 * grow as K^2 (50 groups: 1,225 pairs, under a minute). */
#define FAIR_GROUP_DISTANCE_MAX_GROUPS 50

/* For the values @v[rows[i]] of the rows @rows (n of them; NULL: rows 0 to
 * n-1) with group @group[rows[i]] in [0, K) (-1: left out; non-finite values
 * are left out too), the distances between every pair of groups that both have at least
 * 2 values, in order (0,1), (0,2), ..., into a new array *out (caller
 * frees) of *nout entries. The bandwidth and eps used go to *bw_used and
 * *eps_used when not NULL. Errors: FAIR_EINVAL (K < 2, more than
 * FAIR_GROUP_DISTANCE_MAX_GROUPS groups, bad option), FAIR_ENOMEM, those of
 * the divergences. */
int fair_group_distances(const double *v, const int32_t *group, const size_t *rows, size_t n,
                         size_t K, const fair_group_distance_opts *o,
                         fair_group_distance **out, size_t *nout, double *bw_used,
                         double *eps_used, fair_error *err);

#endif
