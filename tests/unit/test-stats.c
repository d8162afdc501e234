/* test-stats.c -- the statistics of fairsh/stats.h on hand-worked values:
 * Wilson, Clopper-Pearson, MOVER, Newcombe and Katz intervals in closed
 * form, the studentized range against its two-group closed form and
 * published tables, the chi-square test against the z-test, the exact
 * permutation test on a table enumerated by hand and its Monte Carlo form
 * within its sampling error, Holm, BCa and its acceleration. The same
 * functions against statsmodels and scipy: stats-ref.py. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/stats.h"
#include "metric/metric-private.h"

/* Closed forms below are evaluated in double: their rounding is a few ulps
 * of values of order 1, so 1e-14 relative is the bound. */
#define TOL 1e-14

static void
test_names(void)
{
	fair_error err;
	int m = -1;
	gsl_test_int(fair_rate_ci_parse("wilson", &m, &err), FAIR_OK, "parse wilson");
	gsl_test_int(m, FAIR_RATE_CI_WILSON, "wilson id");
	gsl_test_int(fair_rate_ci_parse("Exact", &m, &err), FAIR_OK, "parse exact");
	gsl_test_int(m, FAIR_RATE_CI_EXACT, "exact id");
	gsl_test_int(fair_rate_ci_parse("clopper-pearson", &m, &err), FAIR_OK, "parse cp");
	gsl_test_int(fair_rate_ci_parse("wald", &m, &err), FAIR_EINVAL, "wald refused");
	gsl_test(strcmp(err.msg, "interval must be wilson or exact, not 'wald'") != 0,
	         "message: %s", err.msg);
	gsl_test_int(fair_rate_ci_parse(NULL, &m, &err), FAIR_EINVAL, "NULL refused");
	gsl_test_str(fair_rate_ci_name(FAIR_RATE_CI_EXACT), "exact", "name");
	gsl_test_str(fair_rate_ci_name(7), "?", "name out of range");
	/* z(0.95) = 1.959963984540054 (every table); level(z) inverts it */
	gsl_test_rel(fair_stat_z(0.95), 1.959963984540054, 1e-15, "z 0.95");
	gsl_test_rel(fair_stat_level(fair_stat_z(0.9)), 0.9, 1e-15, "level of z");
	gsl_test(!isnan(fair_stat_z(1.0)) || !isnan(fair_stat_z(0)), "z needs 0 < level < 1");
}

static void
test_wilson(void)
{
	double lo, hi;
	/* x = 2, n = 8, z = 2: p = 1/4, z^2/n = 1/2, denominator 3/2;
	 * centre (1/4 + 4/16) / (3/2) = 1/3; half-width
	 * 2 sqrt(3/16 / 8 + 4/256) / (3/2) = (4/3) sqrt(5/128) */
	fair_wilson_ci(2, 8, 2, &lo, &hi);
	gsl_test_rel(lo, 1.0 / 3 - 4.0 / 3 * sqrt(5.0 / 128), TOL, "wilson 2/8 low");
	gsl_test_rel(hi, 1.0 / 3 + 4.0 / 3 * sqrt(5.0 / 128), TOL, "wilson 2/8 high");
	/* x = 0: centre = half-width = (z^2/2n) / (1 + z^2/n), so the low end
	 * is 0 and the high end z^2 / (n + z^2) = 4 / 14 */
	fair_wilson_ci(0, 10, 2, &lo, &hi);
	gsl_test_abs(lo, 0, 1e-16, "wilson 0/10 low");
	gsl_test_rel(hi, 4.0 / 14, TOL, "wilson 0/10 high");
	/* symmetry: the interval of n - x is the mirror of x's */
	double l2, h2;
	fair_wilson_ci(8, 8, 2, &l2, &h2);
	fair_wilson_ci(0, 8, 2, &lo, &hi);
	gsl_test_rel(l2, 1 - hi, TOL, "wilson mirror");
	gsl_test_abs(h2, 1, 0, "wilson 8/8 high is 1");
	/* effective (weighted) counts are allowed */
	fair_wilson_ci(2.5, 7.25, 1.5, &lo, &hi);
	gsl_test(!(lo < 2.5 / 7.25 && hi > 2.5 / 7.25), "wilson fractional counts");
	fair_wilson_ci(3, 2, 2, &lo, &hi);
	gsl_test(!isnan(lo) || !isnan(hi), "x > n is undefined");
	fair_wilson_ci(0, 0, 2, &lo, &hi);
	gsl_test(!isnan(lo), "n = 0 is undefined");
}

static void
test_exact(void)
{
	double lo, hi;
	/* x = 0: the upper end solves (1 - t)^n = a/2: t = 1 - 0.025^(1/10) */
	fair_clopper_pearson_ci(0, 10, 0.95, &lo, &hi);
	gsl_test_abs(lo, 0, 0, "cp 0/10 low");
	gsl_test_rel(hi, 1 - pow(0.025, 0.1), 1e-13, "cp 0/10 high");
	/* x = n: the lower end solves t^n = a/2 */
	fair_clopper_pearson_ci(10, 10, 0.95, &lo, &hi);
	gsl_test_rel(lo, pow(0.025, 0.1), 1e-13, "cp 10/10 low");
	gsl_test_abs(hi, 1, 0, "cp 10/10 high");
	/* x = 1, n = 2: Beta(1, 2) has CDF 1 - (1 - t)^2 and Beta(2, 1) t^2, so
	 * the ends are 1 - sqrt(0.975) and sqrt(0.975) */
	fair_clopper_pearson_ci(1, 2, 0.95, &lo, &hi);
	gsl_test_rel(lo, 1 - sqrt(0.975), 1e-13, "cp 1/2 low");
	gsl_test_rel(hi, sqrt(0.975), 1e-13, "cp 1/2 high");
	/* the exact interval contains Wilson's at the same level here */
	double wl, wh;
	fair_clopper_pearson_ci(3, 10, 0.95, &lo, &hi);
	fair_wilson_ci(3, 10, fair_stat_z(0.95), &wl, &wh);
	gsl_test(!(lo < wl && hi > wh), "cp 3/10 wider than wilson");
	/* dispatch: exact at critical value z uses level 2 Phi(z) - 1 */
	double l2, h2;
	fair_rate_ci(FAIR_RATE_CI_EXACT, 3, 10, fair_stat_z(0.95), &l2, &h2);
	gsl_test_rel(l2, lo, 1e-13, "dispatch exact");
	fair_rate_ci(FAIR_RATE_CI_WILSON, 3, 10, fair_stat_z(0.95), &l2, &h2);
	gsl_test_rel(h2, wh, 0, "dispatch wilson");
	fair_clopper_pearson_ci(1, 2, 1.0, &lo, &hi);
	gsl_test(!isnan(lo), "cp level 1 undefined");
}

static void
test_combinations(void)
{
	double lo, hi;
	/* MOVER of (a + b)/2 - (c + d)/2 with estimates 0.6, 0.2, 0.4, 0.1 and
	 * intervals [0.5, 0.7], [0.1, 0.4], [0.3, 0.45], [0.05, 0.2]:
	 * S = 0.4 - 0.25 = 0.15;
	 * low: c > 0 use est - lo: 0.1, 0.1; c < 0 use hi - est: 0.05, 0.1
	 *      sqrt(0.25 (0.01 + 0.01 + 0.0025 + 0.01)) = sqrt(0.008125)
	 * high: c > 0 use hi - est: 0.1, 0.2; c < 0 use est - lo: 0.1, 0.05
	 *      sqrt(0.25 (0.01 + 0.04 + 0.01 + 0.0025)) = sqrt(0.015625) = 0.125 */
	double c[4] = { 0.5, 0.5, -0.5, -0.5 }, e[4] = { 0.6, 0.2, 0.4, 0.1 };
	double l[4] = { 0.5, 0.1, 0.3, 0.05 }, u[4] = { 0.7, 0.4, 0.45, 0.2 };
	fair_mover_ci(4, c, e, l, u, &lo, &hi);
	gsl_test_rel(lo, 0.15 - sqrt(0.008125), 1e-13, "mover low");
	gsl_test_rel(hi, 0.15 + 0.125, 1e-13, "mover high");
	l[2] = NAN;
	fair_mover_ci(4, c, e, l, u, &lo, &hi);
	gsl_test(!isnan(lo) || !isnan(hi), "mover NaN");

	/* Newcombe, z = 2: 2/8 has Wilson [1/3 -+ (4/3) sqrt(5/128)] (above);
	 * 4/8: centre (1/2 + 1/4) / (3/2) = 1/2, half 2 sqrt(1/32 + 1/64) / (3/2)
	 * = (4/3) sqrt(3/64) = sqrt(3)/6. d = 1/4 - 1/2 = -1/4;
	 * L = d - sqrt((pa - la)^2 + (ub - pb)^2), U = d + sqrt((ua - pa)^2 + (pb - lb)^2) */
	double h = 4.0 / 3 * sqrt(5.0 / 128), la = 1.0 / 3 - h, ua = 1.0 / 3 + h, hb = sqrt(3.0) / 6;
	fair_newcombe_ci(2, 8, 4, 8, 2, &lo, &hi);
	gsl_test_rel(lo, -0.25 - sqrt((0.25 - la) * (0.25 - la) + hb * hb), 1e-13, "newcombe low");
	gsl_test_rel(hi, -0.25 + sqrt((ua - 0.25) * (ua - 0.25) + hb * hb), 1e-13, "newcombe high");
	/* antisymmetry: b - a is the mirror of a - b */
	double l2, h2;
	fair_newcombe_ci(4, 8, 2, 8, 2, &l2, &h2);
	gsl_test_rel(l2, -hi, 1e-13, "newcombe mirror");
	/* equal proportions: an interval around 0 that covers it */
	fair_newcombe_ci(30, 100, 30, 100, fair_stat_z(0.95), &lo, &hi);
	gsl_test(!(lo < 0 && hi > 0) || fabs(lo + hi) > 1e-15, "newcombe symmetric at equality");

	/* Katz, z = 2: 10/40 over 20/40 = 1/2; var = 1/10 - 1/40 + 1/20 - 1/40 = 1/10 */
	fair_katz_ci(10, 40, 20, 40, 2, &lo, &hi);
	gsl_test_rel(lo, 0.5 * exp(-2 * sqrt(0.1)), 1e-13, "katz low");
	gsl_test_rel(hi, 0.5 * exp(2 * sqrt(0.1)), 1e-13, "katz high");
	/* a zero count: 0/9.5 vs 4.5/9.5 become 0.5/10 vs 5/10, ratio 1/10,
	 * var = 2 - 1/10 + 1/5 - 1/10 = 2 */
	fair_katz_ci(0, 9.5, 4.5, 9.5, 2, &lo, &hi);
	gsl_test_rel(lo, 0.1 * exp(-2 * sqrt(2.0)), 1e-13, "katz zero low");
	gsl_test_rel(hi, 0.1 * exp(2 * sqrt(2.0)), 1e-13, "katz zero high");
	fair_katz_ci(1, 0, 1, 2, 2, &lo, &hi);
	gsl_test(!isnan(lo), "katz n = 0");
}

static void
test_multiplicity(void)
{
	fair_error err;
	gsl_test_rel(fair_sidak_level(0.95, 2), sqrt(0.95), 1e-15, "sidak 2");
	gsl_test_rel(fair_sidak_level(0.95, 1), 0.95, 0, "sidak 1");
	/* two normals: the range is |Z1 - Z2| ~ sqrt 2 |N(0,1)|, so
	 * P(R <= q) = 2 Phi(q / sqrt 2) - 1 */
	for (double q = 0.5; q < 6; q += 1.25)
		gsl_test_abs(fair_srange_cdf(q, 2), 2 * gsl_cdf_ugaussian_P(q / sqrt(2.0)) - 1, 1e-13,
		             "range of 2 at %g", q);
	gsl_test_abs(fair_srange_cdf(0, 4), 0, 0, "range cdf at 0");
	gsl_test_abs(fair_srange_cdf(INFINITY, 4), 1, 0, "range cdf at inf");
	gsl_test(!isnan(fair_srange_cdf(1, 1)), "range of 1 group undefined");
	/* published upper 5% points of the studentized range with infinite
	 * degrees of freedom (Harter 1960, 3 decimals): 3.314, 3.633, 3.858,
	 * 4.474 (k = 10) */
	static const double tab[][2] = { { 3, 3.314 }, { 4, 3.633 }, { 5, 3.858 }, { 10, 4.474 } };
	for (size_t i = 0; i < 4; i++)
		gsl_test_abs(fair_tukey_z((size_t)tab[i][0], 0.95) * sqrt(2.0), tab[i][1], 6e-4,
		             "tukey q(%g)", tab[i][0]);
	/* the critical value is the root: CDF(q) = level to the solver's 1e-14 */
	double q = fair_tukey_z(6, 0.9) * sqrt(2.0);
	gsl_test_abs(fair_srange_cdf(q, 6), 0.9, 1e-12, "tukey root");
	gsl_test_rel(fair_tukey_z(2, 0.95), fair_stat_z(0.95), 0, "tukey 2 = z");
	gsl_test(!isnan(fair_tukey_z(1, 0.95)), "tukey 1 undefined");
	/* more groups to pick from, a larger value; below Bonferroni */
	gsl_test(!(fair_tukey_z(5, 0.95) > fair_tukey_z(4, 0.95) &&
	           fair_tukey_z(5, 0.95) < fair_stat_z(1 - 0.05 / 10)), "tukey between z and bonferroni");

	/* Holm: p = 0.01, 0.04, 0.03, 0.005 in ascending order 0.005, 0.01,
	 * 0.03, 0.04 times 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04, then the running
	 * maximum: 0.02, 0.03, 0.06, 0.06 */
	double p[4] = { 0.01, 0.04, 0.03, 0.005 }, adj[4];
	gsl_test_int(fair_holm(p, 4, adj, &err), FAIR_OK, "holm");
	gsl_test_rel(adj[0], 0.03, 1e-15, "holm 1");
	gsl_test_rel(adj[1], 0.06, 1e-15, "holm 2");
	gsl_test_rel(adj[2], 0.06, 1e-15, "holm 3");
	gsl_test_rel(adj[3], 0.02, 1e-15, "holm 4");
	/* NaN does not count: m = 2; 0.02 * 2 = 0.04, then 0.5; capped at 1 */
	double q3[4] = { NAN, 0.02, 0.5, 0.9 };
	fair_holm(q3, 3, q3, &err);
	gsl_test(!isnan(q3[0]), "holm NaN kept");
	gsl_test_rel(q3[1], 0.04, 1e-15, "holm with NaN");
	gsl_test_rel(q3[2], 0.5, 1e-15, "holm last");
	double one[2] = { 0.7, 0.8 };
	fair_holm(one, 2, one, &err);
	gsl_test_abs(one[0], 1, 0, "holm capped at 1");
}

static void
test_tests(void)
{
	fair_error err;
	double z, stat, df, me, p;
	int method;
	/* 10/40 vs 20/40: pooled 3/8, z = -1/4 / sqrt(3/8 5/8 2/40) = -2.3094...,
	 * and the chi-square statistic is z^2 = 16/3:
	 * (10 - 15)^2 / (15 5/8) + (20 - 15)^2 / (15 5/8) = 2 (25 / 9.375) */
	double pz = fair_ztest_2prop(0.25, 40, 0.5, 40, &z);
	gsl_test_rel(z, -0.25 / sqrt(0.375 * 0.625 * 0.05), 1e-14, "z");
	double x[2] = { 10, 20 }, n[2] = { 40, 40 };
	p = fair_chisq_equal(x, n, 2, &stat, &df, &me);
	gsl_test_rel(stat, 16.0 / 3, 1e-14, "chi-square statistic");
	gsl_test_abs(df, 1, 0, "df");
	gsl_test_rel(me, 15, 1e-14, "min expected");
	gsl_test_rel(p, pz, 1e-12, "chi-square p = z-test p for two groups");
	gsl_test_rel(p, 2 * gsl_cdf_ugaussian_Q(sqrt(16.0 / 3)), 1e-12, "chi-square p");
	/* nobody or everybody: no evidence of a difference */
	double x0[3] = { 0, 0, 0 }, n0[3] = { 5, 6, 7 };
	p = fair_chisq_equal(x0, n0, 3, &stat, &df, &me);
	gsl_test_abs(stat, 0, 0, "chi-square all zero");
	gsl_test_abs(p, 1, 0, "p all zero");
	gsl_test_abs(fair_ztest_2prop(1, 5, 1, 7, &z), 1, 0, "z all selected");
	/* empty groups do not count */
	double x1[3] = { 10, 0, 20 }, n1[3] = { 40, 0, 40 };
	p = fair_chisq_equal(x1, n1, 3, &stat, &df, &me);
	gsl_test_rel(stat, 16.0 / 3, 1e-14, "empty group skipped");
	gsl_test_abs(df, 1, 0, "df without the empty group");
	double x2[2] = { 1, 0 }, n2[2] = { 5, 0 };
	gsl_test(!isnan(fair_chisq_equal(x2, n2, 2, &stat, &df, &me)), "one group: undefined");

	/* Exact permutation, n = (3, 3), x = (3, 0): S = 3 of N = 6. The tables
	 * x1 = 0..3 have probabilities C(3,x1) C(3,3-x1) / C(6,3) = 1, 9, 9, 1
	 * over 20; with p = 1/2 each group's term is (x - 1.5)^2 / 0.75, so
	 * X^2 = 6, 2/3, 2/3, 6, and P(X^2 >= 6) = 2/20 */
	double px[2] = { 3, 0 }, pn[2] = { 3, 3 };
	gsl_test_int(fair_perm_equal(px, pn, 2, 1, 1000, 0, 1, &stat, &p, &method, &err), FAIR_OK, "perm");
	gsl_test_int(method, FAIR_PERM_EXACT, "perm exact");
	gsl_test_rel(stat, 6, 1e-14, "perm statistic");
	gsl_test_rel(p, 0.1, 1e-13, "perm exact p");
	/* the observed table x1 = 2: X^2 = 2/3, every table counts: p = 1 */
	px[0] = 2;
	px[1] = 1;
	fair_perm_equal(px, pn, 2, 1, 1000, 0, 1, &stat, &p, &method, &err);
	gsl_test_rel(p, 1, 1e-13, "perm p = 1");
	/* two tables: (3 of 3, 0 of 3) twice. The joint statistic is the sum,
	 * the tables independent: P(X1 + X2 >= 12) = (2/20)^2 = 0.01 */
	double tx[4] = { 3, 0, 3, 0 }, tn[4] = { 3, 3, 3, 3 };
	fair_perm_equal(tx, tn, 2, 2, 1000, 0, 1, &stat, &p, &method, &err);
	gsl_test_rel(stat, 12, 1e-14, "two tables statistic");
	gsl_test_rel(p, 0.01, 1e-12, "two tables p");
	/* Monte Carlo (max_tables 0): within 4 standard errors of the exact
	 * 0.1 (sqrt(0.1 0.9 / 20000) = 0.0021), and the same with the same seed */
	px[0] = 3;
	px[1] = 0;
	fair_perm_equal(px, pn, 2, 1, 0, 20000, 7, &stat, &p, &method, &err);
	gsl_test_int(method, FAIR_PERM_MONTE_CARLO, "perm monte carlo");
	gsl_test_abs(p, 0.1, 4 * sqrt(0.1 * 0.9 / 20000), "perm monte carlo p");
	double p2;
	fair_perm_equal(px, pn, 2, 1, 0, 20000, 7, &stat, &p2, &method, &err);
	gsl_test_rel(p2, p, 0, "perm repeatable");
	/* three groups (2, 2, 2) with x = (2, 0, 0): S = 2, p = 1/3; tables
	 * (2,0,0)-like: 3 of them, prob 1/15 each, X^2 = (4/3)^2/(2/3 2/3) +
	 * 2 (2/3)^2/(4/9) = 4 + 2 = 6; (1,1,0)-like: 3, prob 4/15 each,
	 * X^2 = 2 (1/3)^2/(4/9) + (2/3)^2/(4/9) = 1/2 + 1 = 3/2: p = 3/15 */
	double kx[3] = { 2, 0, 0 }, kn[3] = { 2, 2, 2 };
	fair_perm_equal(kx, kn, 3, 1, 1000, 0, 1, &stat, &p, &method, &err);
	gsl_test_rel(stat, 6, 1e-14, "perm K=3 statistic");
	gsl_test_rel(p, 0.2, 1e-13, "perm K=3 p");
	/* n = (2, 3), x = (1, 3): S = 4 of 5, p = 4/5. The tables are one
	 * failure in group 1 or in group 2: x = (1, 3) with probability
	 * C(2,1) C(3,3) / C(5,4) = 2/5, X^2 = 0.36/0.32 + 0.36/0.48 = 15/8,
	 * and x = (2, 2) with 3/5, X^2 = 0.16/0.32 + 0.16/0.48 = 5/6: p = 2/5 */
	double fx[2] = { 1, 3 }, fn[2] = { 2, 3 };
	fair_perm_equal(fx, fn, 2, 1, 1000, 0, 1, &stat, &p, &method, &err);
	gsl_test_int(method, FAIR_PERM_EXACT, "perm few failures exact");
	gsl_test_rel(stat, 15.0 / 8, 1e-14, "perm few failures statistic");
	gsl_test_rel(p, 0.4, 1e-13, "perm few failures p");
	/* a degenerate margin (everybody a success, as when the predictions are
	 * the target): one table, X^2 = 0, p = 1, at any size */
	double dx[2] = { 50000, 50000 }, dn[2] = { 50000, 50000 };
	fair_perm_equal(dx, dn, 2, 1, 1000000, 0, 1, &stat, &p, &method, &err);
	gsl_test_int(method, FAIR_PERM_EXACT, "perm degenerate exact");
	gsl_test_abs(stat, 0, 0, "perm degenerate statistic");
	gsl_test_abs(p, 1, 0, "perm degenerate p");
	double zx[2] = { 0, 0 };
	fair_perm_equal(zx, dn, 2, 1, 1000000, 0, 1, &stat, &p, &method, &err);
	gsl_test_abs(p, 1, 0, "perm degenerate p, nobody");
	/* counting the tables costs K (min(S, N - S) + 1) steps, not the
	 * product of the group sizes (quadratic before: 33 s at 100k rows) */
	unsigned un[3] = { 50000, 50000, 5 };
	uint64_t count = 0;
	size_t steps = 0;
	gsl_test(!fair__metric_perm_count(un, 2, 100000, 1000000, &count, &steps), "count all");
	gsl_test_int((int)count, 1, "one table when everybody succeeds");
	gsl_test_int((int)steps, 2, "two steps when everybody succeeds");
	steps = 0;
	gsl_test(!fair__metric_perm_count(un, 2, 0, 1000000, &count, &steps), "count none");
	gsl_test_int((int)count, 1, "one table when nobody succeeds");
	gsl_test_int((int)steps, 2, "two steps when nobody succeeds");
	/* sizes (5, 50000, 50000), S = 50000: x_1 = 0..5, x_2 = 0..50000 - x_1,
	 * x_3 the rest: sum_{x_1} (50001 - x_1) = 6 * 50001 - 15 = 299991
	 * tables, counted in 3 * 50001 steps */
	unsigned vn[3] = { 5, 50000, 50000 };
	steps = 0;
	gsl_test(!fair__metric_perm_count(vn, 3, 50000, 1000000, &count, &steps), "count three");
	gsl_test_int((int)count, 299991, "tables of (5, 50000, 50000)");
	gsl_test_int((int)steps, 150003, "steps of (5, 50000, 50000)");
	/* over the cap: (2, 2, 2), S = 2 has 6 tables (3 + 3 above) */
	unsigned wn[3] = { 2, 2, 2 };
	gsl_test(fair__metric_perm_count(wn, 3, 2, 5, &count, NULL), "6 tables over a cap of 5");
	gsl_test(!fair__metric_perm_count(wn, 3, 2, 6, &count, NULL) || count != 6, "6 tables");
	gsl_test(!fair__metric_perm_count(wn, 3, 4, 6, &count, NULL) || count != 6,
	         "6 tables by their failures");
	double bad[2] = { 1.5, 0 };
	gsl_test_int(fair_perm_equal(bad, pn, 2, 1, 1000, 0, 1, &stat, &p, &method, &err), FAIR_EINVAL,
	             "perm fractional counts");
	gsl_test(strstr(err.msg, "whole numbers") == NULL, "perm message: %s", err.msg);
	double lone[2] = { 1, 0 }, lonen[2] = { 3, 0 };
	fair_perm_equal(lone, lonen, 2, 1, 1000, 0, 1, &stat, &p, &method, &err);
	gsl_test(!isnan(p), "perm one group undefined");
}

static void
test_bca(void)
{
	double boot[101], lo, hi;
	size_t nu;
	/* 0, 1, ..., 100 around theta = 50: #< = 50, #<= = 51, so z0 =
	 * Phi^-1(101/202) = 0; with a = 0 the ends are the 2.5% and 97.5%
	 * quantiles, 2.5 and 97.5 (linear interpolation) */
	for (int i = 0; i <= 100; i++)
		boot[i] = 100 - i;
	fair_bca_ci(50, boot, 101, 0, 0.95, &lo, &hi, &nu);
	gsl_test_rel(lo, 2.5, 1e-12, "percentile low");
	gsl_test_rel(hi, 97.5, 1e-12, "percentile high");
	gsl_test_int((int)nu, 0, "no undefined");
	/* the bias correction moves the interval toward theta's side: theta =
	 * 30 has z0 = Phi^-1(61/202) < 0, both ends go down */
	for (int i = 0; i <= 100; i++)
		boot[i] = i;
	fair_bca_ci(30, boot, 101, 0, 0.95, &lo, &hi, &nu);
	double z0 = gsl_cdf_ugaussian_Pinv(61.0 / 202), zq = fair_stat_z(0.95);
	gsl_test_rel(lo, 100 * gsl_cdf_ugaussian_P(2 * z0 - zq), 1e-10, "bca z0 low");
	gsl_test_rel(hi, 100 * gsl_cdf_ugaussian_P(2 * z0 + zq), 1e-10, "bca z0 high");
	/* NaN replicates are counted and skipped */
	for (int i = 0; i <= 100; i++)
		boot[i] = i % 2 ? NAN : i;
	fair_bca_ci(50, boot, 101, 0, 0.95, &lo, &hi, &nu);
	gsl_test_int((int)nu, 50, "undefined counted");
	boot[0] = 1;
	boot[1] = NAN;
	fair_bca_ci(1, boot, 2, 0, 0.95, &lo, &hi, &nu);
	gsl_test(!isnan(lo), "one defined replicate: no interval");

	/* acceleration: one sample with jackknife values 0, 0, 3: mean 1,
	 * U = (n-1)(mean - v) = 2, 2, -4; sum U^3 / n^3 = -48/27, sum U^2 / n^2
	 * = 24/9; a = (-48/27) / (6 (24/9)^1.5) */
	size_t off[3] = { 0, 3, 5 };
	double jack[5] = { 0, 0, 3, 1, 1 };
	double a = fair_bca_accel(1, off, jack, NULL);
	gsl_test_rel(a, (-48.0 / 27) / (6 * pow(24.0 / 9, 1.5)), 1e-14, "accel");
	/* the same with multiplicities 2 and 1 */
	size_t off2[2] = { 0, 2 };
	double j2[2] = { 0, 3 }, mult[2] = { 2, 1 };
	gsl_test_rel(fair_bca_accel(1, off2, j2, mult), a, 1e-14, "accel multiplicities");
	/* a constant second sample adds nothing */
	gsl_test_rel(fair_bca_accel(2, off, jack, NULL), a, 1e-14, "accel two samples");
	/* symmetric values: 0 */
	double sym[3] = { 1, 2, 3 };
	gsl_test_abs(fair_bca_accel(1, off, sym, NULL), 0, 1e-16, "accel symmetric");
}

static void
test_maxmean(void)
{
	/* five equal means with equal se: X^2 = 0, everything shrinks to the
	 * common mean, and the picked pair's deviation over sqrt(2) se is the
	 * range of five normals over sqrt 2: Tukey's 2.728 (4,000 draws: the
	 * quantile's sampling error is about 0.03) */
	double mu[5] = { 1, 1, 1, 1, 1 }, se[5] = { 0.1, 0.1, 0.1, 0.1, 0.1 }, sh[5];
	double c = fair_maxmean_z(5, mu, se, 0.95, 4000, 1, NULL, sh);
	for (int g = 0; g < 5; g++)
		gsl_test_rel(sh[g], 1, 1e-15, "maxmean no disparity: mean %d pooled", g);
	gsl_test_abs(c, fair_tukey_z(5, 0.95), 0.1, "maxmean no disparity = tukey");
	gsl_test_rel(fair_maxmean_z(5, mu, se, 0.95, 4000, 1, NULL, NULL), c, 0,
	             "maxmean same seed, same value");
	/* means -1, 0, 1 with se 0.1: m = 0, X^2 = 2 * 10^2 = 200, shrink
	 * 1 - 4 / 200 = 0.98; the same pair is picked every time, so T is
	 * |N(0,1)| and the value is z(0.95) */
	double m3[3] = { -1, 0, 1 }, s3[3] = { 0.1, 0.1, 0.1 };
	c = fair_maxmean_z(3, m3, s3, 0.95, 4000, 2, NULL, sh);
	gsl_test_rel(sh[0], -0.98, 1e-14, "maxmean shrink factor");
	gsl_test_abs(sh[1], 0, 1e-15, "maxmean shrink centre");
	gsl_test_abs(c, fair_stat_z(0.95), 0.08, "maxmean one clear pair = z");
	/* precision weights: means 0 (se 0.1) and 1 (se 0.2), third 0.5 (se
	 * 1): m = (0/0.01 + 1/0.04 + 0.5/1) / (100 + 25 + 1) = 25.5 / 126 */
	double mw[3] = { 0, 1, 0.5 }, sw[3] = { 0.1, 0.2, 1 };
	double m = 25.5 / 126, X2 = m * m / 0.01 + (1 - m) * (1 - m) / 0.04 + (0.5 - m) * (0.5 - m);
	fair_maxmean_z(3, mw, sw, 0.95, 100, 3, NULL, sh);
	gsl_test_rel(sh[1], m + (1 - 4 / X2) * (1 - m), 1e-13, "maxmean precision-weighted centre");
	/* a group without a standard error does not count; one left: NaN */
	double se0[3] = { 0.1, NAN, 0 };
	gsl_test(!isnan(fair_maxmean_z(3, m3, se0, 0.95, 100, 1, NULL, NULL)), "maxmean 1 group");
	se0[2] = 0.1;
	gsl_test(!(fair_maxmean_z(3, m3, se0, 0.95, 100, 1, NULL, NULL) >= fair_stat_z(0.95)),
	         "maxmean NaN se ignored");
}

static void
test_maxpair(void)
{
	/* five groups of 3000 rows, all at 0.3: X^2 = 0, no shrinking is
	 * needed, every rate is the pooled 0.3, and the bootstrap world has no
	 * disparity. The picked pair's studentized deviation is then the range
	 * of five normals over sqrt 2, whose 95% point is Tukey's 2.728; with
	 * 4,000 tables the quantile's sampling error is about 0.03 */
	double x[5] = { 900, 900, 900, 900, 900 }, n[5] = { 3000, 3000, 3000, 3000, 3000 }, sh[5];
	double c = fair_maxpair_z(5, x, n, false, 0.95, 4000, 1, NULL, sh);
	for (int g = 0; g < 5; g++)
		gsl_test_rel(sh[g], 0.3, 1e-15, "maxpair no disparity: rate %d pooled", g);
	gsl_test_abs(c, fair_tukey_z(5, 0.95), 0.1, "maxpair no disparity = tukey");
	gsl_test_rel(fair_maxpair_z(5, x, n, false, 0.95, 4000, 1, NULL, NULL), c, 0,
	             "maxpair same seed, same value");
	/* far-apart rates 0.1, 0.5, 0.9: X^2 = 2 * 0.4^2 * 3000 / 0.25 = 3840
	 * (1 - 4 / 3840 of the disparity kept); the same pair is picked in every table, so T is
	 * |N(0,1)| and the value is z(0.95) = 1.96 up to the quantile's error */
	double x3[3] = { 300, 1500, 2700 }, n3[3] = { 3000, 3000, 3000 };
	c = fair_maxpair_z(3, x3, n3, false, 0.95, 4000, 2, NULL, sh);
	gsl_test_rel(sh[0], 0.5 - 0.4 * (1 - 4.0 / 3840), 1e-13, "maxpair shrink factor");
	gsl_test_abs(c, fair_stat_z(0.95), 0.08, "maxpair one clear pair = z");
	gsl_test(!(fair_maxpair_z(3, x3, n3, true, 0.95, 4000, 2, NULL, NULL) >= fair_stat_z(0.95)),
	         "maxpair ratio at least z");
	/* an empty group does not count; one group left: undefined; nobody
	 * selected anywhere: Tukey's value for the two groups = z */
	double xe[3] = { 10, 0, 20 }, ne[3] = { 100, 0, 100 };
	gsl_test(isnan(fair_maxpair_z(3, xe, ne, false, 0.95, 100, 1, NULL, NULL)) ||
	         !(fair_maxpair_z(3, xe, ne, false, 0.95, 100, 1, NULL, NULL) >= fair_stat_z(0.95)),
	         "maxpair empty group ignored");
	ne[2] = 0;
	gsl_test(!isnan(fair_maxpair_z(3, xe, ne, false, 0.95, 100, 1, NULL, NULL)), "maxpair 1 group");
	double x0[2] = { 0, 0 }, n0[2] = { 50, 60 };
	gsl_test_rel(fair_maxpair_z(2, x0, n0, false, 0.95, 100, 1, NULL, NULL), fair_stat_z(0.95),
	             1e-15, "maxpair all zero: tukey");
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_names();
	test_wilson();
	test_exact();
	test_combinations();
	test_multiplicity();
	test_tests();
	test_bca();
	test_maxpair();
	test_maxmean();
	return gsl_test_summary();
}
