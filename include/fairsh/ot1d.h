/* ot1d.h -- one-dimensional optimal transport helpers (methods.md 2.5, 2.6,
 * 6.3): empirical CDF and step quantile of sorted samples, exact KS and W_p
 * distances by merging breakpoints, the 1-D barycenter quantile function and
 * a radix sort for doubles. Pure computation on caller-owned arrays. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_OT1D_H
#define FAIRSH_OT1D_H

#include <stddef.h>

#include "fairsh/error.h"

/* Conventions for every *_sorted function: inputs are sorted ascending, free of
 * NaN, and borrowed. An empty sample (n = 0) makes a distance undefined: the
 * function returns NaN. Sizes must stay below 2^32 for the exact integer
 * breakpoint arithmetic (larger inputs fall back to double fractions). */

/* #{i : a_i <= t}, the upper-bound index of @t in sorted @a (binary search).
 * A NaN @t counts 0. */
size_t fair_ot1d_count_le(const double *a, size_t n, double t);

/* Empirical CDF F_a(t) = #{a_i <= t} / n (methods.md 6.3 `ecdf_le`); NaN when
 * n = 0. */
double fair_ot1d_ecdf(const double *a, size_t n, double t);

/* 0-based index of the step quantile of an n-point sample at the rational
 * level u = k/m, computed exactly in integers: ceil(k n / m) - 1, and 0 for
 * k = 0 (Q(0) = a_(1)). Requires m > 0, k <= m and n > 0. */
size_t fair_ot1d_quantile_index(size_t n, size_t k, size_t m);

/* Step quantile Q(u) = a_(ceil(u n)) (1-based sorted sample, Q(0) = a_(1);
 * the left-continuous inverse of the ECDF; methods.md 2.6). @u is clamped to
 * [0, 1]; ceil(u n) is evaluated in double precision, so a level given as a
 * fraction k/m should use fair_ot1d_quantile_index instead. NaN when n = 0. */
double fair_ot1d_quantile_step(const double *a, size_t n, double u);

/* Interpolated quantile (EquiPy's EQF, methods.md 4.2 `--quantile=interp`):
 * linear interpolation of the sorted sample against linspace(0, 1, n).
 * @u clamped to [0, 1]; a one-point sample is constant; NaN when n = 0. */
double fair_ot1d_quantile_interp(const double *a, size_t n, double u);

/* a, b sorted ascending */
/* Exact Kolmogorov-Smirnov distance sup_t |F_a(t) - F_b(t)| (methods.md 2.5):
 * the sup is attained at a sample point; both samples are merged and the two
 * ECDFs compared after each distinct value. O(n + m). NaN if n or m is 0. */
double fair_ot1d_ks_sorted(const double *a, size_t n, const double *b, size_t m);

/* The authors' grid KS (code of Chzhen et al., f_ks.m; `--ks=grid1000`):
 * max over t in linspace(min, max, @ngrid) of the pooled sample of
 * |F_a(t) - F_b(t)|, with `<=`. Always <= the exact value. @ngrid = 1000
 * reproduces the paper's tables; @ngrid = 1 evaluates at the maximum only. */
double fair_ot1d_ks_grid_sorted(const double *a, size_t n, const double *b, size_t m,
                                size_t ngrid);

/* W_p^p between the two empirical measures (methods.md 2.6): the integral over
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
 * @w (methods.md 2.6 (ii), 4.1): sum_s w_s Q_s(u), step quantiles. @tabs[s]
 * has @ns[s] > 0 points. The weights are used as given (not normalised). */
double fair_ot1d_bary_quantile(const double *const *tabs, const size_t *ns, const double *w,
                               size_t K, double u);

/* Barycentric dispersion sum_s w_s W_2^2(nu_s, nu_bar) where nu_bar is the
 * barycenter above (methods.md 2.6 (ii)): the minimal extra squared error
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

#endif
