/* ot-private.h -- optimal transport and distances between distributions
 * (src/core/ot): 1-D transport (ECDF, quantiles, KS, W_p), the Wasserstein
 * barycenter correction, the debiased Sinkhorn divergence, MMD and the
 * divergence dispatcher; the group distances of the audit are public
 * (fairsh/distance.h). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_OT_PRIVATE_H
#define FAIRSH_OT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_matrix.h>

#include "fairsh/error.h"
#include "fairsh/param.h"
#include "fairsh/progress.h"
#include "fairsh/distance.h"
#include "base/base-private.h"

/* ======================================================================== */
/* One-dimensional optimal transport helpers (doc/methods.md 2.5, 2.6,
 * 6.3): empirical CDF and step quantile of sorted samples, exact KS and W_p
 * distances by merging breakpoints, the 1-D barycenter quantile function and
 * a radix sort for doubles. Pure computation on caller-owned arrays. */

/* Conventions for every *_sorted function: inputs are sorted ascending, free of
 * NaN, and borrowed. An empty sample (n = 0) makes a distance undefined: the
 * function returns NaN. Sizes must stay below 2^32 for the exact integer
 * breakpoint arithmetic (larger inputs fall back to double fractions). */

/* Empirical CDF F_a(t) = #{a_i <= t} / n (doc/methods.md 6.3 `ecdf_le`); NaN when
 * n = 0. */
double fair_ot1d_ecdf(const double *a, size_t n, double t);

/* 0-based index of the step quantile of an n-point sample at the rational
 * level u = k/m, computed exactly in integers: ceil(k n / m) - 1, and 0 for
 * k = 0 (Q(0) = a_(1)). Requires m > 0, k <= m and n > 0. */
size_t fair_ot1d_quantile_index(size_t n, size_t k, size_t m);

/* Step quantile Q(u) = a_(ceil(u n)) (1-based sorted sample, Q(0) = a_(1);
 * the left-continuous inverse of the ECDF; doc/methods.md 2.6). @u is clamped to
 * [0, 1]; ceil(u n) is evaluated in double precision, so a level given as a
 * fraction k/m should use fair_ot1d_quantile_index instead. NaN when n = 0. */
double fair_ot1d_quantile_step(const double *a, size_t n, double u);

/* Interpolated quantile (EquiPy's EQF, doc/methods.md 4.2 `--quantile=interp`):
 * linear interpolation of the sorted sample against linspace(0, 1, n).
 * @u clamped to [0, 1]; a one-point sample is constant; NaN when n = 0. */
double fair_ot1d_quantile_interp(const double *a, size_t n, double u);

/* a, b sorted ascending */
/* Exact Kolmogorov-Smirnov distance sup_t |F_a(t) - F_b(t)| (doc/methods.md 2.5):
 * the sup is attained at a sample point; both samples are merged and the two
 * ECDFs compared after each distinct value. O(n + m). NaN if n or m is 0. */
double fair_ot1d_ks_sorted(const double *a, size_t n, const double *b, size_t m);

/* The authors' grid KS (code of Chzhen et al., f_ks.m; `--ks=grid1000`):
 * max over t in linspace(min, max, @ngrid) of the pooled sample of
 * |F_a(t) - F_b(t)|, with `<=`. Always <= the exact value. @ngrid = 1000
 * reproduces the paper's tables; @ngrid = 1 evaluates at the maximum only. */
double fair_ot1d_ks_grid_sorted(const double *a, size_t n, const double *b, size_t m,
                                size_t ngrid);

/* W_p^p between the two empirical measures (doc/methods.md 2.6): the integral over
 * u in (0,1] of |Q_a(u) - Q_b(u)|^p, exact, by walking the merged breakpoints
 * {k/n} U {l/m}; interval lengths are exact integers over n*m. For n = m it is
 * (1/n) sum |a_(i) - b_(i)|^p. Returns W_p^p, not W_p (take the p-th root).
 * Requires p >= 1 (returns NaN otherwise). */
double fair_ot1d_wp_sorted(const double *a, size_t n, const double *b, size_t m, double p);

/* Convenience form for unsorted samples: copies and sorts both (radix sort),
 * then stores W_p^p in *@out. Errors: FAIR_EUNDEF for an empty sample,
 * FAIR_EINVAL for a NaN value or p < 1, FAIR_ENOMEM. @a and @b are borrowed. */
int fair_ot1d_wp(const double *a, size_t n, const double *b, size_t m, double p, double *out,
                 fair_error *err);

/* Quantile function of the 1-D W2 barycenter of K sorted samples with weights
 * @w (doc/methods.md 2.6 (ii), 4.1): sum_s w_s Q_s(u), step quantiles. @tabs[s]
 * has @ns[s] > 0 points. The weights are used as given (not normalised). */
double fair_ot1d_bary_quantile(const double *const *tabs, const size_t *ns, const double *w,
                               size_t K, double u);

/* Barycentric dispersion sum_s w_s W_2^2(nu_s, nu_bar) where nu_bar is the
 * barycenter above (doc/methods.md 2.6 (ii)): the minimal extra squared error
 * needed to equalise the K distributions (4.1). Exact: walks the union of all
 * breakpoints {k/ns[s]}. Weights used as given. NaN if K = 0 or a sample is
 * empty. */
double fair_ot1d_bary_dispersion(const double *const *tabs, const size_t *ns, const double *w,
                                 size_t K);

/* Sorts @x ascending in place: LSD radix sort on the order-preserving bit
 * image of the doubles (sign flip trick), 11-bit digits, passes on constant
 * digits skipped; insertion sort below 64 elements. @work must hold @n
 * doubles (scratch, caller-owned). -0.0 sorts before +0.0; NaNs go to the end
 * (positive sign bit) or the start (negative sign bit). Stable, O(n). */
void fair_ot1d_sort_ws(double *x, size_t n, double *work);

/* The same with an internal scratch buffer; FAIR_ENOMEM if it cannot be
 * allocated (then @x is unchanged). */
int fair_ot1d_sort(double *x, size_t n, fair_error *err);

/* ======================================================================== */
/* Wasserstein-barycenter post-processing for demographic parity
 * (Chzhen et al., NeurIPS 2020; doc/methods.md section 4): per-group empirical
 * CDFs and quantile functions fitted on calibration predictions, and the map
 * f -> sum_s' p_s' Q_s'(F_s(f + zeta)) with a fairness dial alpha.
 * Works on prediction arrays only; models, frames and the CLI are elsewhere. */

typedef struct fair_wbary fair_wbary;

/* Quantile estimator Qhat_s (doc/methods.md 4.2, implementation notes). */
enum fair_wbary_quantile {
	FAIR_WBARY_Q_STEP = 0,   /* Q(u) = D_(ceil(u |D|)), Q(0) = D_(1) (default)     */
	FAIR_WBARY_Q_INTERP = 1  /* EquiPy: interpolate D against linspace(0, 1, |D|) */
};

/* How the calibration sample of each group feeds the CDF and the quantile
 * (doc/methods.md 4.2 step 2, `bary-split=`). */
enum fair_wbary_split {
	FAIR_WBARY_SPLIT_ONE = 0, /* same jittered sample for both (authors' script,
	                             EquiPy; makes the in-sample invariant exact) */
	FAIR_WBARY_SPLIT_TWO = 1  /* random halves: the first ceil(N_s/2) rows of a
	                             random permutation give the CDF, the rest the
	                             quantile (the paper's estimator); N_s >= 2 */
};

/* Jitter value meaning "use the default": sigma = 1e-5 * (max - min) of the
 * finite calibration predictions, floored at 1e-12 * max(1, max |f|). */
#define FAIR_WBARY_JITTER_AUTO (-1.0)

typedef struct fair_wbary_opts {
	double        jitter;    /* half-width sigma of the U[-sigma, sigma] tie-breaking
	                            noise; FAIR_WBARY_JITTER_AUTO (default), 0 = none */
	unsigned long seed;      /* gsl_rng mt19937 seed for jitter and split (default 1) */
	int           split;     /* enum fair_wbary_split (default ONE)            */
	int           quantile;  /* enum fair_wbary_quantile (default STEP)        */
	const double *weights;   /* K group weights p_s (>= 0, sum > 0, normalised
	                            here), or NULL for N_s / N (default); borrowed */
} fair_wbary_opts;

/* Fills @o with the defaults above. */
void fair_wbary_opts_init(fair_wbary_opts *o);

/* Fits the correction on calibration predictions @score[i] of group @group[i]
 * (codes in [0, K); -1 = row not used). Rows with a non-finite score are
 * skipped too (counted, see fair_wbary_nskipped). @labels (K strings, may be
 * NULL: groups are then named "0", "1", ...) are copied. @opts may be NULL
 * (defaults). Algorithm: doc/methods.md 4.2 steps 1-4: jitter, optional split,
 * weights p_s = N_s / N, sorted tables per group; the per-rank output
 * T_s[k] = sum_s' p_s' Q_s'(k / |C_s|), k = 0..|C_s|, is tabulated once so that
 * applying costs one search per row.
 * A group with a single calibration point works (split=one): its CDF is a
 * single step, so its rows map to the barycenter's lowest value when below
 * that point and to its highest value otherwise; the caller should warn
 * below ~20 points (doc/methods.md 4.2).
 * Constant predictions work: the jitter spreads them and every output is that
 * constant up to the jitter.
 * Returns a new object (free with fair_wbary_free) or NULL with @err set:
 * FAIR_EINVAL for K < 2, a group code outside [-1, K), bad weights or options,
 * or split=two with a group of one row; FAIR_EUNDEF "group 'B' has no
 * calibration rows"; FAIR_ENOMEM; FAIR_ECANCELED when @prog (may be NULL)
 * asks to stop. Deterministic for a given seed. */
fair_wbary *fair_wbary_fit_opts(const double *score, const int32_t *group, size_t n, size_t K,
                                const char *const *labels, const fair_wbary_opts *opts,
                                fair_progress *prog, fair_error *err);

/* fair_wbary_fit_opts with default options except @jitter and @seed. */
fair_wbary *fair_wbary_fit(const double *score, const int32_t *group, size_t n, size_t K,
                           const char *const *labels, double jitter, unsigned long seed,
                           fair_error *err);

/* Applies the fitted map to new predictions (doc/methods.md 4.2 steps 5 and 7):
 *   out_i = (1 - alpha) f_i + alpha * T_s[#{c in C_s : c <= f_i + zeta_i}]
 * with s = group[i], fresh zeta_i ~ U[-sigma, sigma] (the i-th draw of a
 * gsl mt19937 seeded with @seed; one draw per row), and the unjittered f_i in
 * the first term: in 1-D that is the W2 geodesic between the base and the
 * fair predictor at time alpha. alpha = 0 copies @score bit for bit (no
 * jitter, no lookup); alpha = 1 returns the fair predictor exactly.
 * Rows with group -1 or a non-finite score get NaN (unless alpha = 0).
 * @out (n doubles, caller-owned) may alias @score. Errors: FAIR_EINVAL for
 * alpha outside [0, 1] or a group code >= K (or < -1); FAIR_ECANCELED. */
int fair_wbary_apply(const fair_wbary *wb, const double *score, const int32_t *group, size_t n,
                     double alpha, unsigned long seed, double *out, fair_progress *prog,
                     fair_error *err);

/* As fair_wbary_apply with no jitter: @v are taken as already jittered values
 * (used for the in-sample invariant: transform the calibration tables
 * themselves). Same errors. */
int fair_wbary_transform(const fair_wbary *wb, const double *v, const int32_t *group, size_t n,
                         double alpha, double *out, fair_error *err);

/* The fair prediction for one already-jittered value @v of group @s < K. */
double fair_wbary_map1(const fair_wbary *wb, size_t s, double v);

void fair_wbary_free(fair_wbary *wb);  /* NULL is a no-op */

/* ---- accessors (saving; reporting) ---- */
size_t      fair_wbary_ngroups(const fair_wbary *wb);
const char *fair_wbary_label(const fair_wbary *wb, size_t s);             /* borrowed */
/* Index of the group labelled @label, or -1. */
long        fair_wbary_group_index(const fair_wbary *wb, const char *label);
/* Calibration rows of group @s (both halves when split=two). */
size_t      fair_wbary_group_n(const fair_wbary *wb, size_t s);
double      fair_wbary_weight(const fair_wbary *wb, size_t s);            /* p_s, sum 1 */
double      fair_wbary_jitter(const fair_wbary *wb);                      /* sigma used */
int         fair_wbary_quantile_mode(const fair_wbary *wb);
int         fair_wbary_split_mode(const fair_wbary *wb);
size_t      fair_wbary_nskipped(const fair_wbary *wb);  /* non-finite calibration scores */
/* Sorted jittered calibration values estimating the CDF (C_s) and the
 * quantile (D_s) of group @s; the same array when split=one. Borrowed, valid
 * until fair_wbary_free; *@len receives the length. */
const double *fair_wbary_cdf_table(const fair_wbary *wb, size_t s, size_t *len);
const double *fair_wbary_quantile_table(const fair_wbary *wb, size_t s, size_t *len);
/* Estimated minimal extra squared error of the fair predictor,
 * sum_s p_s W_2^2(nu_s, nu_bar) over the quantile tables (doc/methods.md 2.6 (ii),
 * 4.1). At dial alpha the extra squared error is alpha^2 times this. */
double      fair_wbary_risk(const fair_wbary *wb);

/* Rebuilds a fitted correction from saved tables: @cdf[s] sorted
 * with @ncdf[s] > 0 values, @qf[s] (may equal @cdf[s]) with @nq[s] > 0,
 * @weights (K, normalised here), @jitter >= 0 the sigma to use when applying,
 * @quantile the enum fair_wbary_quantile, @split recorded as is, @group_n the
 * calibration counts to report (NULL: ncdf + nq, or ncdf when shared).
 * All arrays are copied. NULL with @err set on invalid input (unsorted or NaN
 * table, K < 2, bad weights) or FAIR_ENOMEM. */
fair_wbary *fair_wbary_from_tables(size_t K, const char *const *labels,
                                   const double *const *cdf, const size_t *ncdf,
                                   const double *const *qf, const size_t *nq,
                                   const double *weights, double jitter, int quantile, int split,
                                   const size_t *group_n, fair_error *err);

/* Saving a Wasserstein correction: labels, weights, jitter, modes, the CDF
 * and quantile tables per group; fair_wbary_from_tables on import. */
int fair_wbary_export(const fair_wbary *wb, fair_param *out, fair_error *err);
fair_wbary *fair_wbary_import(const fair_param *in, fair_error *err);

/* ======================================================================== */
/* Distances between two point clouds (rows of two matrices,
 * uniform weights): debiased Sinkhorn divergence (doc/methods.md 6.1), squared
 * MMD with a Gaussian kernel (6.2) and the mean-embedding distance, each with
 * its analytic gradient w.r.t. every point. Pure computation, no I/O. */

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
	                     four potentials (doc/methods.md 6.1 literally).
	                     default true                                          */
} fair_sinkhorn_opts;

typedef struct fair_sinkhorn_info {
	size_t iterations;      /* total Sinkhorn sweeps (schedule + final eps)   */
	size_t schedule_len;    /* number of temperatures in the eps schedule     */
	double marginal_error;  /* last measured L1 marginal error (see tol)      */
	bool   converged;       /* marginal_error < tol before max_iter ran out   */
	double ot_ab;           /* OT_eps(a,b) (dual value)                       */
	double ot_aa, ot_bb;    /* OT_eps(a,a), OT_eps(b,b); NaN when not debiased */
	size_t float_kernels;   /* OT problems solved on a kernel of floats
	                           (large p = 2 problems at tol >= SKI_F32_TOL) */
} fair_sinkhorn_info;

/* Fills @o with the defaults listed above. */
void fair_sinkhorn_opts_init(fair_sinkhorn_opts *o);

/* Debiased Sinkhorn divergence (doc/methods.md 6.1)
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
 * k(x,y) = exp(-|x-y|^2 / (2 bw^2)) (doc/methods.md 6.2):
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

/* ======================================================================== */
/* Helpers shared by mmd.c and sinkhorn.c. */

/* Checks two point clouds (same positive number of columns, non-empty) and
 * the shapes of their optional gradient matrices; @what names the caller in
 * messages. Returns FAIR_OK or FAIR_EINVAL. */
int fair__ot_check_pair(const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *gA,
                         const gsl_matrix *gB, const char *what, fair_error *err);

/* ======================================================================== */
/* Pieces shared by sinkhorn.c (entry point, option
 * checks, the averaged all-four-potentials solver of doc/methods.md 6.1) and
 * sinkhorn-problem.c (the default solver: one OT problem at a time with cached
 * exponentials). */

typedef fair_v2d fair__ot_ski_v2d;
typedef fair_v2i fair__ot_ski_v2i;

static inline fair__ot_ski_v2d
fair__ot_ski_vload(const double *p)
{
	fair__ot_ski_v2d v;
	memcpy(&v, p, sizeof v);
	return v;
}

/* out[0..3] = exp(in[0..3]), four lanes at a time (GCC/Clang vector
 * extensions: one AVX register, or two SSE2 ones on baseline x86-64; through
 * memory, see base-private.h): x = k ln2 + r with |r| <= ln2/2 (Cody-Waite),
 * exp(r) by its degree-12 Taylor polynomial (truncation < 2e-16 relative),
 * times 2^k built in the exponent bits. Relative error a few 1e-16 (4.7e-16
 * measured on 2e7 points). x below -708 gives 0 (exp(-708) < 1e-307); x
 * above 709 is taken as 709 (callers keep their exponents far below: see
 * SKI_ARG_MAX). Replaces glibc's scalar exp, which took most of the time of a
 * sweep. */
static FAIR_INLINE void
fair__ot_ski_vexp4(const double *in, double *out)
{
	typedef fair_v4d v4d;
	typedef fair_v4i v4i;
	v4d x;
	memcpy(&x, in, sizeof x);
	const v4d lo = { -708.0, -708.0, -708.0, -708.0 }, hi = { 709.0, 709.0, 709.0, 709.0 };
	const v4d shift = { 0x1.8p52, 0x1.8p52, 0x1.8p52, 0x1.8p52 };
	v4i under = x < lo, over = x > hi;
	x = (v4d)(((v4i)x & ~under) | ((v4i)lo & under));
	x = (v4d)(((v4i)x & ~over) | ((v4i)hi & over));
	v4d kd = x * 1.4426950408889634 + shift;
	v4i ki = (v4i)kd - (v4i)shift;
	v4d k = kd - shift;
	v4d r = x - k * 6.93147180369123816490e-01;
	r = r - k * 1.90821492927058770002e-10;
	v4d q = r * (1.0 / 479001600.0) + 1.0 / 39916800.0;
	q = q * r + 1.0 / 3628800.0;
	q = q * r + 1.0 / 362880.0;
	q = q * r + 1.0 / 40320.0;
	q = q * r + 1.0 / 5040.0;
	q = q * r + 1.0 / 720.0;
	q = q * r + 1.0 / 120.0;
	q = q * r + 1.0 / 24.0;
	q = q * r + 1.0 / 6.0;
	q = q * r + 0.5;
	q = q * r + 1.0;
	q = q * r + 1.0;
	v4i scale = (ki + 1023) << 52;
	v4d res = q * (v4d)scale;
	res = (v4d)((v4i)res & ~under);
	memcpy(out, &res, sizeof res);
}

/* out_i = |x_i|^2 over the rows of X. */
void fair__ot_ski_sqnorms(const gsl_matrix *X, double *out);

/* Rows lo..hi of the costs C (rows of X vs rows of Y, row-major, m = rows
 * of Y) = |x - y|^p / p; p = 2 by one dgemm and the squared norms nx, ny as
 * max(0, nx_i + ny_j - 2 x_i.y_j) / 2 (the formula every kernel build uses),
 * p = 1 directly. Raises *cmax to the largest cost of the rows. Returns 0 or
 * a GSL error code. */
int fair__ot_ski_cost_rows(const gsl_matrix *X, const gsl_matrix *Y, int p, const double *nx,
                       const double *ny, size_t lo, size_t hi, double *C, double *cmax);

/* T (m x n) = C^T for C n x m, in cache-sized tiles. */
void fair__ot_ski_transpose(const double *C, size_t n, size_t m, double *T);

/* out_i = -eps log sum_j exp(h_j - C_ij / eps) over the rows of C (rows x
 * cols, row-major), the log-domain soft-min with the row maximum factored
 * out; on two threads when asked and worth it (same result). s0, s1: scratch
 * of cols doubles each. */
void fair__ot_ski_smin_rows(const double *C, size_t rows, size_t cols, const double *h,
                        double eps, double *out, int threads, double *s0, double *s1);

/* h_j = logw + pot_j / eps (pot may be NULL: zeros). */
void fair__ot_ski_make_h(double *h, const double *pot, size_t m, double logw, double eps);

/* L1 marginal error sum_i w |exp((pot_i - upd_i)/eps) - 1| (uniform w). */
double fair__ot_ski_marg_err(const double *pot, const double *upd, size_t n, double eps);


/* The literal solver of doc/methods.md 6.1 (sinkhorn-sweep.c): averaged
 * simultaneous sweeps of all four potentials; @o already checked. */
int fair__ot_ski_averaged(const gsl_matrix *A, const gsl_matrix *B, const fair_sinkhorn_opts *o,
                          bool debias, double *value, gsl_matrix *grad_A, gsl_matrix *grad_B,
                          fair_sinkhorn_info *info, fair_error *err);

/* Length of the diagonal of the joint bounding box of the rows of A and B. */
double fair__ot_ski_diameter(const gsl_matrix *A, const gsl_matrix *B);

#define SKI_TAU     40.0    /* rebuild when |pot - reference| > SKI_TAU eps      */
#define SKI_ARG_MAX 600.0   /* largest kernel exponent a build accepts           */
#define SKI_TINY    1e-200  /* smaller row / column sums take the exact path     */
#define SKI_BLOCK   32      /* rows per dgemm block of a kernel build            */
/* A kernel of floats (fair__ot_ski_prob.f32) for p = 2 problems of at least
 * SKI_F32_MIN_WORK entries solved to tol >= SKI_F32_TOL: half the memory
 * traffic of each sweep. Each entry is then exact to 2^-24 + 1.1e-8 < 2^-23
 * relative (float rounding of an exponential good to 1.1e-8; exponents kept
 * within +-SKI_F32_RANGE, normal floats, else the problem keeps doubles),
 * which moves every row or column sum, and so the L1 marginal error, by at
 * most that much: the solver stops at tol - SKI_F32_SLACK to stay below
 * tol for the exact kernel. Sums, potentials and gradient products stay
 * doubles. */
#define SKI_F32_RANGE    80.0
#define SKI_F32_TOL      0x1p-20        /* 9.5e-7: the default tol 1e-6 qualifies */
#define SKI_F32_SLACK    0x1p-22        /* twice that bound                    */
#define SKI_F32_MIN_WORK ((size_t)1000000)
#define SKI_GRAD_BLOCK   64   /* rows per dgemm of a gradient                       */

/* One OT problem min <pi, C> + eps KL(pi | a x b) with uniform weights. */
struct fair__ot_ski_prob {
	size_t n, m;          /* rows (weights a, potential f), columns (b, g)  */
	double *C;            /* n x m costs, row-major; NULL when not stored
	                         (p = 2 without annealing: costs are recomputed
	                         block by block from the points when needed)     */
	double **Cbuf;        /* room for C, allocated when first needed (owned
	                         by the caller, big enough for every problem)    */
	size_t cbuf_len;      /* its size in doubles                             */
	double *nx, *ny;      /* squared norms of the rows of X and of Y         */
	double *blk[2];       /* per-thread BLOCK x m scratch of a build         */
	double cmax;          /* largest cost                                    */
	double cm[2];         /* largest cost of each half (costs())             */
	const gsl_matrix *X, *Y; /* the clouds of the rows and of the columns    */
	int p;                /* cost exponent                                   */
	double *K;            /* n x m cached exponentials                       */
	float *Kf;            /* the same buffer, as floats, when f32            */
	bool f32;             /* K is stored in floats (see SKI_F32_TOL)         */
	double *gs[2];        /* per-thread GRAD_BLOCK x max(n, m): a float
	                         kernel's block widened for a gradient dgemm     */
	double *fh, *gh;      /* reference potentials of K                       */
	double la, lb, eps;   /* log a_i, log b_j, temperature                   */
	int threads;
	bool built;
	bool sym;             /* self problem: X == Y, so C = C^T               */
	bool tri;             /* K holds only its block upper triangle: row i
	                         from column SKI_BLOCK floor(i / SKI_BLOCK) on
	                         (a symmetric build; see fair__ot_ski_full)     */
	size_t tsplit;        /* row block where the second part of a
	                         symmetric product starts                        */
	double *w, *s, *s2;   /* max(n, m) each: weights and sums                */
	double *t0, *t1;      /* max(n, m) each: scratch of exact sweeps         */
	double *h;            /* max(n, m): shifted potentials of exact sweeps   */
	/* gradient scratch */
	double *WY, *Out;     /* max(n, m) x (r + 1) each                        */
	double *Ot[2];        /* the same, the two parts' sums of a triangle     */
	size_t r;
	int gside;            /* 0: rows, 1: columns                             */
	double *alt_f;        /* fair__ot_ski_upd_alt: the row potentials out    */
	const double *alt_g;  /* and the column potentials in                    */
};


/* sinkhorn-problem.c: costs, kernel, products, updates and gradients of one
 * problem (see there). */
double *fair__ot_ski_big_alloc(size_t count);
void fair__ot_ski_set_points(struct fair__ot_ski_prob *P, const gsl_matrix *X, const gsl_matrix *Y);
int fair__ot_ski_costs(struct fair__ot_ski_prob *P);
int fair__ot_ski_ensure(struct fair__ot_ski_prob *P, const double *f, const double *g);
void fair__ot_ski_upd_rows(struct fair__ot_ski_prob *P, const double *g, double *fout);
void fair__ot_ski_upd_cols(struct fair__ot_ski_prob *P, const double *f, double *gout);
/* upd_rows then upd_cols in one pass over K (not for a triangular K);
 * 0, or -1 when a rebuild the new row potential needs is refused. */
int fair__ot_ski_upd_alt(struct fair__ot_ski_prob *P, const double *g, double *fout, double *gout);
/* Completes a block-triangular K (tri) into the full symmetric matrix. */
void fair__ot_ski_full(struct fair__ot_ski_prob *P);
int fair__ot_ski_gradients(struct fair__ot_ski_prob *P, const double *f, const double *g, gsl_matrix *GX,
                       gsl_matrix *GY, double sgn, const gsl_matrix *X, const gsl_matrix *Y, int p);

/* The default solver (o->alternate): see sinkhorn-solve.c. Inputs already
 * checked by the caller. Same contract as fair_sinkhorn_divergence_ex. */
int fair__ot_ski_divergence(const gsl_matrix *A, const gsl_matrix *B,
                        const fair_sinkhorn_opts *o, bool debias, double *value,
                        gsl_matrix *grad_A, gsl_matrix *grad_B,
                        fair_sinkhorn_info *info, fair_error *err);

#endif
