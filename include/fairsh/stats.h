/* stats.h -- the statistics behind the audit's intervals, tests and
 * verdicts: intervals for a proportion (Wilson score, Clopper-Pearson), for
 * linear combinations, differences and ratios of independent proportions
 * (MOVER, Newcombe's hybrid score, Katz's log), critical values that allow
 * for picking the worst of several comparisons (Sidak, Tukey's studentized
 * range), the chi-square and permutation tests of equal proportions, Holm's
 * adjustment and the BCa bootstrap interval. doc/methods.md section 9.
 * Pure functions of numbers; nothing here prints. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_STATS_H
#define FAIRSH_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include "fairsh/error.h"

/* ------------------------------------------------ a single proportion -- */

/* How the interval of one group's rate is computed. */
enum fair_rate_ci {
	FAIR_RATE_CI_WILSON = 0,   /* Wilson score (default) */
	FAIR_RATE_CI_EXACT,        /* Clopper-Pearson ("exact", conservative) */
	FAIR_RATE_CI_COUNT
};

/* Parses "wilson" or "exact" (also "clopper-pearson") into @out;
 * FAIR_EINVAL otherwise ("interval must be wilson or exact, not 'x'"). */
int fair_rate_ci_parse(const char *s, int *out, fair_error *err);
/* "wilson", "exact"; "?" when out of range (static string). */
const char *fair_rate_ci_name(int method);

/* The two-sided normal critical value for @level: Phi^-1((1 + level) / 2),
 * 1.959964 for 0.95. NaN unless 0 < level < 1. */
double fair_stat_z(double level);
/* The two-sided level of the critical value @z: 2 Phi(z) - 1. */
double fair_stat_level(double z);

/* Wilson score interval of the proportion x / n at critical value @z
 * (doc/methods.md 9.1): centre (p + z^2/2n) / (1 + z^2/n), half-width
 * z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n), clamped to [0, 1]. x and n may
 * be effective (non-integer) counts. NaN unless 0 <= x <= n and n > 0. */
void fair_wilson_ci(double x, double n, double z, double *lo, double *hi);

/* Clopper-Pearson interval of x / n at two-sided @level: the beta quantiles
 * B^-1(a/2; x, n-x+1) and B^-1(1-a/2; x+1, n-x), a = 1 - level, with 0 at
 * x = 0 and 1 at x = n. NaN as for fair_wilson_ci. */
void fair_clopper_pearson_ci(double x, double n, double level, double *lo, double *hi);

/* The interval of @method (enum fair_rate_ci) at critical value @z (the
 * exact interval at the matching level 2 Phi(z) - 1). */
void fair_rate_ci(int method, double x, double n, double z, double *lo, double *hi);

/* --------------------------------------- combinations of proportions -- */

/* MOVER interval (Zou and Donner 2008) of sum_i c[i] est[i] for m
 * independent estimates with their own intervals [lo[i], hi[i]] at the same
 * critical value: L = S - sqrt(sum over c > 0 of c^2 (est - lo)^2 + sum
 * over c < 0 of c^2 (hi - est)^2), U likewise. NaN when any term is NaN. */
void fair_mover_ci(size_t m, const double *c, const double *est, const double *lo,
                   const double *hi, double *L, double *U);

/* Newcombe's hybrid score interval (1998, method 10) of pa - pb, pa = xa/na,
 * pb = xb/nb: MOVER of the two Wilson intervals at critical value @z. */
void fair_newcombe_ci(double xa, double na, double xb, double nb, double z, double *lo,
                      double *hi);

/* Katz's log interval of the ratio pa / pb at critical value @z:
 * exp(log(pa/pb) -+ z sqrt(1/xa - 1/na + 1/xb - 1/nb)). When xa or xb is 0
 * every count gets 0.5 added first (statsmodels' "log-adjusted"). NaN when
 * na or nb is 0. */
void fair_katz_ci(double xa, double na, double xb, double nb, double z, double *lo,
                  double *hi);

/* ------------------------------------------- many comparisons at once -- */

/* Per-comparison level for @m independent comparisons that hold together
 * with probability @level (Sidak): level^(1/m). */
double fair_sidak_level(double level, size_t m);

/* The distribution function of the range of @k independent standard
 * normals (the studentized range with infinite degrees of freedom):
 * k integral phi(x) [Phi(x + q) - Phi(x)]^(k-1) dx, to about 1e-13. */
double fair_srange_cdf(double q, size_t k);

/* Tukey's critical value for all pairs among @k groups at joint @level, on
 * the scale of one difference: q_level(k, inf) / sqrt 2 (2.728 for k = 5,
 * 0.95); fair_stat_z(level) for k = 2. NaN for k < 2. */
double fair_tukey_z(size_t k, double level);

/* The critical value for the worst pair among @K groups (successes @x of
 * @n; groups with n <= 0 are ignored), calibrated by a parametric
 * bootstrap of the selection (doc/methods.md 9.3): the rates are shrunk
 * towards the pooled rate p by the factor s = max(0, 1 - (K' + 1) / X^2)
 * (X^2 the chi-square statistic of equal rates, K' the groups with rows);
 * @B tables are drawn from those rates (binomial, n rounded, mt19937
 * seeded with @seed); in each, the pair of the largest and smallest rate is
 * picked and T = |d* - d~| / se*, the deviation of its difference (@ratio:
 * log ratio, counts + 1/2) from the shrunk rates' one over its Wald
 * standard error (counts + 1/2); the result is the @level quantile of T
 * (gsl/numpy "linear" interpolation), at least fair_stat_z(level). @tstar
 * (B values, sorted) and @shrunk (K rates) receive the replicates and
 * the rates drawn from when not NULL. NaN when fewer than two groups have
 * rows or B < 2; fair_tukey_z when every row has the same outcome. */
double fair_maxpair_z(size_t K, const double *x, const double *n, bool ratio, double level,
                      size_t B, unsigned long seed, double *tstar, double *shrunk);

/* The same for the widest gap between @K group means @mean with standard
 * errors @se (groups with se not > 0 or not finite are ignored): the means
 * are shrunk towards their precision-weighted mean m by
 * s = max(0, 1 - (K' + 1) / X^2), X^2 = sum ((mean - m) / se)^2; @B sets of
 * means are drawn, each normal around its shrunk mean with sd se
 * (gsl_ran_ugaussian, mt19937 seeded with @seed, the groups in the order
 * given); in each the largest and the smallest mean are picked and
 * T = |d* - d~| / sqrt(se_a^2 + se_b^2). Returns the @level quantile of T
 * (linear interpolation), at least fair_stat_z(level); @tstar and @shrunk
 * as for fair_maxpair_z. NaN when fewer than two groups count or B < 2. */
double fair_maxmean_z(size_t K, const double *mean, const double *se, double level, size_t B,
                      unsigned long seed, double *tstar, double *shrunk);

/* Test hook (tests/unit/stats-tool): when set, a regression audit hands
 * over its resampling: @what "draw" (resample number @t of group @metric:
 * its n values, sorted), "dist" (a distance @metric: the replicates @v of
 * its directional derivative, sorted; the estimate @t, the level before
 * calibration, the interval's centre in @a and the interval @lo, @hi made
 * from them, before the permutation rule), "boot" (the mean gap with ci=B:
 * the bootstrap replicates @v, sorted, NaNs dropped; the estimate @t, the
 * level, the BCa acceleration @a and the interval @lo, @hi) or "perm" (the
 * permutation statistics @v in draw order, the observed @t, the p-value in
 * @lo). Not for threads: tests only. */
typedef void (*fair_resample_hook_fn)(void *ud, const char *what, int metric, const double *v,
                                      size_t n, double t, double level, double a, double lo,
                                      double hi);
extern fair_resample_hook_fn fair_resample_hook;
extern void *fair_resample_hook_ud;

/* Holm's step-down adjustment of @m p-values (NaN entries are left NaN and
 * do not count in m): adj(i) = max over j <= i of min(1, (m' - j + 1) p(j))
 * in ascending order. @adj may alias @p. FAIR_ENOMEM. */
int fair_holm(const double *p, size_t m, double *adj, fair_error *err);

/* ------------------------------------------------------------- tests -- */

/* Two-proportion z-test with the pooled rate: z = (pa - pb) /
 * sqrt(p (1 - p) (1/ma + 1/mb)), two-sided p-value 2 Q(|z|); z = 0, p = 1
 * when p is 0 or 1. NaN unless ma, mb > 0. */
double fair_ztest_2prop(double pa, double ma, double pb, double mb, double *z);

/* Chi-square test that the proportions x[g] / n[g] of @K groups are equal:
 * X^2 = sum_g (x_g - n_g p)^2 / (n_g p (1 - p)), p pooled, with K - 1
 * degrees of freedom (Pearson, no continuity correction; the same as
 * scipy's chi2_contingency(correction=False) on the K x 2 table). Groups
 * with n = 0 do not count. Fills *stat, *df, *min_expected (smallest
 * expected cell, n_g p or n_g (1 - p)) and returns the p-value; NaN with
 * fewer than two groups. */
double fair_chisq_equal(const double *x, const double *n, size_t K, double *stat, double *df,
                        double *min_expected);

/* Methods of the permutation test below. */
enum fair_perm_method { FAIR_PERM_EXACT = 0, FAIR_PERM_MONTE_CARLO };

/* Permutation test of equal proportions in @T independent K x 2 tables
 * (table t: x[t*K + g] successes out of n[t*K + g], integer counts): the
 * p-value of the summed chi-square statistic of fair_chisq_equal under
 * random relabelling of the rows within each table (the group sizes and
 * each table's successes fixed). Exact, by enumerating every table with
 * those margins, when there are at most @max_tables of them (and 2^31;
 * counting them takes O(K min(S, N - S)) steps); otherwise
 * from @B relabellings drawn with gsl's mt19937 seeded with @seed,
 * p = (1 + #{X*^2 >= X^2}) / (B + 1). Statistics within 1e-9 relative of
 * the observed one count as ties (>=). Sets *method and *stat. NaN p when
 * a table has fewer than two groups; FAIR_EINVAL for counts that are not
 * whole numbers, FAIR_ENOMEM. */
int fair_perm_equal(const double *x, const double *n, size_t K, size_t T, size_t max_tables,
                    size_t B, unsigned long seed, double *stat, double *p, int *method,
                    fair_error *err);

/* ---------------------------------------------------------- bootstrap -- */

/* Acceleration of the BCa interval from jackknife values of @S samples
 * (the bootstrap resamples each sample separately; scipy's multi-sample
 * form): sample j's leave-one-out statistics are jack[off[j] ..
 * off[j+1]), value k repeated mult[k] times (NULL = once), n_j the sum of
 * its multiplicities; U = (n_j - 1)(mean_j - jack); a = sum_j sum U^3 / n_j^3
 * / (6 (sum_j sum U^2 / n_j^2)^(3/2)). 0 when every jackknife value is the
 * same; NaN values are skipped. */
double fair_bca_accel(size_t S, const size_t *off, const double *jack, const double *mult);

/* BCa interval (Efron 1987) of @theta from the @B bootstrap replicates in
 * @boot (NaN skipped, reordered) with acceleration @a at two-sided @level:
 * z0 = Phi^-1((#{boot < theta} + #{boot <= theta}) / 2B') with B' the
 * defined replicates (kept within [1/2B', 1 - 1/2B']); the ends are the
 * replicates' quantiles (linear interpolation, numpy's default) at
 * Phi(z0 + (z0 + z_q) / (1 - a (z0 + z_q))) for z_q = -+ fair_stat_z(level).
 * With a = 0 and z0 = 0 it is the percentile interval. *nundef counts the
 * NaN replicates; NaN ends with fewer than two defined. */
void fair_bca_ci(double theta, double *boot, size_t B, double a, double level, double *lo,
                 double *hi, size_t *nundef);

#endif
