/* wbary.h -- Wasserstein-barycenter post-processing for demographic parity
 * (Chzhen et al., NeurIPS 2020; methods.md section 4): per-group empirical
 * CDFs and quantile functions fitted on calibration predictions, and the map
 * f -> sum_s' p_s' Q_s'(F_s(f + zeta)) with a fairness dial alpha.
 * Works on prediction arrays only; models, frames and the CLI are elsewhere. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_WBARY_H
#define FAIRSH_WBARY_H

#include <stddef.h>
#include <stdint.h>

#include "fairsh/error.h"
#include "fairsh/progress.h"

typedef struct fair_wbary fair_wbary;

/* Quantile estimator Qhat_s (methods.md 4.2, implementation notes). */
enum fair_wbary_quantile {
	FAIR_WBARY_Q_STEP = 0,   /* Q(u) = D_(ceil(u |D|)), Q(0) = D_(1) (default)     */
	FAIR_WBARY_Q_INTERP = 1  /* EquiPy: interpolate D against linspace(0, 1, |D|) */
};

/* How the calibration sample of each group feeds the CDF and the quantile
 * (methods.md 4.2 step 2, `bary-split=`). */
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
 * (defaults). Algorithm: methods.md 4.2 steps 1-4: jitter, optional split,
 * weights p_s = N_s / N, sorted tables per group; the per-rank output
 * T_s[k] = sum_s' p_s' Q_s'(k / |C_s|), k = 0..|C_s|, is tabulated once so that
 * applying costs one search per row.
 * A group with a single calibration point works (split=one): its CDF is a
 * single step, so its rows map to the barycenter's lowest value when below
 * that point and to its highest value otherwise; the caller should warn
 * below ~20 points (methods.md 4.2).
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

/* Applies the fitted map to new predictions (methods.md 4.2 steps 5 and 7):
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

/* ---- accessors (saving, issue 10; reporting) ---- */
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
 * sum_s p_s W_2^2(nu_s, nu_bar) over the quantile tables (methods.md 2.6 (ii),
 * 4.1). At dial alpha the extra squared error is alpha^2 times this. */
double      fair_wbary_risk(const fair_wbary *wb);

/* Rebuilds a fitted correction from saved tables (issue 10): @cdf[s] sorted
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

#endif
