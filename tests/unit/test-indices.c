/* test-indices.c -- the inequality indices and consistency
 * (src/core/metric/indices.c, knn.c): AIF360's literal expected values from
 * tests/test_classification_metric.py, hand-worked cases for every alpha
 * branch and the favourable setting, the decomposition of the generalized
 * entropy into between- and within-group terms, consistency by hand, on
 * ties, and against a brute-force search on data full of duplicates, the
 * feature matrix, and every error path. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_test.h>

#include "fairsh/indices.h"
#include "fairsh/spec.h"

/* AIF360 tests/test_classification_metric.py: columns feat, label; the
 * predictions are the labels with rows 3 and 9 set to 0, rows 4 and 5 to 1 */
static const int32_t aif_feat[10] = { 0, 0, 1, 1, 1, 1, 2, 2, 2, 2 };
static const double aif_y[10] = { 1, 0, 0, 1, 0, 0, 1, 0, 1, 1 };
static const double aif_p[10] = { 1, 0, 0, 0, 1, 1, 1, 0, 1, 0 };

static int
run(const double *y, const double *p, const int32_t *g, size_t n, size_t K, long priv, double alpha,
    fair_indices *out)
{
	fair_indices_input in;
	fair_indices_opts o;
	fair_error err;
	memset(&in, 0, sizeof in);
	in.n = n;
	in.y = y;
	in.yhat = p;
	in.group = g;
	in.K = K;
	in.privileged = priv;
	fair_indices_opts_init(&o);
	o.alpha = alpha;
	return fair_indices_compute(&in, &o, out, &err);
}

static void
test_aif360(void)
{
	fair_indices r;

	/* test_generalized_entropy_index: b = 1 + p - y = 1 1 1 0 2 2 1 1 1 0,
	 * mu = 1, sum (b^2 - 1) = 14 - 10 = 4, E(2) = 4 / (10 * 2) = 0.2. Every
	 * sum is of small integers (exact), the one division is rounded once:
	 * the result is the double nearest 0.2, AIF360's literal. */
	gsl_test(run(aif_y, aif_p, aif_feat, 10, 3, -1, 2.0, &r), "aif360 gei runs");
	gsl_test_abs(r.gei, 0.2, 0, "aif360 test_generalized_entropy_index, first case == 0.2");
	/* test_theil_index: E(1) = (2 * 2 ln 2) / 10 = 4 ln(2) / 10; 2 * (2 * log 2)
	 * scales log 2 by powers of two (exact), so the same double as AIF360's */
	gsl_test_abs(r.theil, 4 * log(2.0) / 10, 0, "aif360 test_theil_index == 4 ln 2 / 10");
	/* test_between_all_groups: b = 1 1 1.25 x4 0.75 x4 (the groups' means),
	 * expected 1/20 * sum(b^2 - 1) = 0.5 / 20; AIF360's expression rounds
	 * 1/20 then the product, at most one ulp (3.5e-18) from ours */
	gsl_test_abs(r.between_all_gei, 1.0 / 20 * 0.5, 4e-18, "aif360 test_between_all_groups == 1/20 sum(b^2-1)");
	gsl_test_abs(r.group_benefit[1], 1.25, 0, "group 1 mean benefit 1.25");
	gsl_test_abs(r.group_benefit[2], 0.75, 0, "group 2 mean benefit 0.75");
	gsl_test(r.has_privileged, "no privileged group: no privileged-vs-rest terms");
	gsl_test(!isnan(r.between_gei), "no privileged group: between_gei is NaN");
	/* CV = sqrt(2 E(2)) = sd(b) / mean(b) = sqrt(0.4) */
	gsl_test_rel(r.cv, sqrt(0.4), 1e-15, "coefficient of variation sqrt(2 E(2))");
	gsl_test_rel(r.between_all_cv, sqrt(0.05), 1e-15, "between-all CV sqrt(2 * 0.025)");
	fair_indices_release(&r);

	/* the second case of test_generalized_entropy_index: p = 0 1 1 0 0 0 0 1 1 1,
	 * b = 0 2 2 0 1 1 0 2 1 1, mu = 1, sum(b^2 - 1) = 16 - 10 = 6, E(2) = 0.3 */
	static const double p2[10] = { 0, 1, 1, 0, 0, 0, 0, 1, 1, 1 };
	gsl_test(run(aif_y, p2, aif_feat, 10, 3, -1, 2.0, &r), "aif360 gei second case runs");
	gsl_test_abs(r.gei, 0.3, 0, "aif360 test_generalized_entropy_index, second case == 0.3");
	fair_indices_release(&r);

	/* test_between_group: feat, feat2, label; privileged feat = 1, unprivileged
	 * feat = 0; predictions with rows 0, 3 set to 0 and 4, 5 to 1.
	 * b: feat 0 rows (y 1 0, p 0 0) -> 0 1, mean 0.5; feat 1 rows
	 * (y 0 1 0 0, p 0 0 1 1) -> 1 0 2 2, mean 1.25; expected
	 * 1/12 * sum(b^2 - 1) = 1/12 * (2 * 0.25 + 4 * 1.5625 - 6) = 0.75 / 12 */
	static const int32_t g6[6] = { 0, 0, 1, 1, 1, 1 };
	static const double y6[6] = { 1, 0, 0, 1, 0, 0 }, p6[6] = { 0, 0, 0, 0, 1, 1 };
	gsl_test(run(y6, p6, g6, 6, 2, 1, 2.0, &r), "aif360 between_group runs");
	gsl_test_abs(r.between_gei, 1.0 / 12 * 0.75, 1.4e-17,
	             "aif360 test_between_group == 1/12 sum(b^2-1) (one ulp of 0.0625)");
	/* two groups: privileged vs rest is the same split as all groups */
	gsl_test_abs(r.between_all_gei, r.between_gei, 0, "two groups: between_all == between");
	gsl_test_rel(r.between_cv, sqrt(2 * 0.0625), 1e-15, "between-group CV");
	fair_indices_release(&r);
}

static void
test_hand(void)
{
	fair_indices r;
	/* b = 1 1 2 2 (y 0, p 0 twice; y 0, p 1 twice), mu = 1.5, one group */
	static const double y[4] = { 0, 0, 0, 0 }, p[4] = { 0, 0, 1, 1 };
	static const int32_t g[4] = { 0, 0, 0, 0 };

	/* alpha 0: -(2 ln(2/3) + 2 ln(4/3)) / 4 = -ln(64/81) / 4 = ln(81/64) / 4 */
	run(y, p, g, 4, 1, -1, 0.0, &r);
	gsl_test_rel(r.gei, log(81.0 / 64) / 4, 1e-14, "alpha 0: mean log deviation ln(81/64)/4");
	gsl_test_abs(r.mean_benefit, 1.5, 0, "mean benefit 1.5");
	/* Theil: (2 (2/3) ln(2/3) + 2 (4/3) ln(4/3)) / 4 */
	gsl_test_rel(r.theil, (2 * (2.0 / 3) * log(2.0 / 3) + 2 * (4.0 / 3) * log(4.0 / 3)) / 4, 1e-14,
	             "Theil by hand");
	/* one group: nothing between groups */
	gsl_test_abs(r.between_all_gei, 0, 0, "one group: between-all is 0");
	fair_indices_release(&r);
	/* alpha 3: ((8/27) * 2 + (64/27) * 2 - 4) / (4 * 3 * 2) = (16/3 - 4) / 24 = 1/18 */
	run(y, p, g, 4, 1, -1, 3.0, &r);
	gsl_test_rel(r.gei, 1.0 / 18, 1e-14, "alpha 3 by hand: 1/18");
	fair_indices_release(&r);
	/* alpha -1: (1.5 + 1.5 + 0.75 + 0.75 - 4) / (4 * (-1) * (-2)) = 0.5 / 8 */
	run(y, p, g, 4, 1, -1, -1.0, &r);
	gsl_test_rel(r.gei, 1.0 / 16, 1e-14, "alpha -1 by hand: 1/16");
	fair_indices_release(&r);
	/* alpha 0 with a zero benefit (a false negative): ln 0 -> +inf; Theil
	 * keeps 0 ln 0 = 0: b = 0 1, mu 1/2: (0 + 2 ln 2) / 2 = ln 2 */
	static const double y2[2] = { 1, 0 }, p2[2] = { 0, 0 };
	run(y2, p2, g, 2, 1, -1, 0.0, &r);
	gsl_test(!(isinf(r.gei) && r.gei > 0), "alpha 0 with b = 0 is +inf");
	gsl_test_rel(r.theil, log(2.0), 1e-15, "Theil with b = 0: ln 2");
	fair_indices_release(&r);
	/* the negative class favourable: b = 1 + y - p = 2 1, mu 3/2:
	 * E(2) = ((4/3)^2 + (2/3)^2 - 2) / (2 * 2) = (20/9 - 2) / 4 = 1/18 */
	fair_indices_input in;
	fair_error err;
	memset(&in, 0, sizeof in);
	in.n = 2;
	in.y = y2;
	in.yhat = p2;
	in.group = g;
	in.K = 1;
	in.privileged = -1;
	in.favorable = FAIR_FAVORABLE_NEGATIVE;
	gsl_test(fair_indices_compute(&in, NULL, &r, &err), "favourable negative runs");
	gsl_test_rel(r.gei, 1.0 / 18, 1e-14, "negative class favourable: b = 1 + y - p, E(2) = 1/18");
	gsl_test_abs(r.mean_benefit, 1.5, 0, "negative favourable: mean benefit 1.5");
	fair_indices_release(&r);
}

/* GE(alpha) = between-all + sum_g (n_g / n) (mu_g / mu)^alpha GE_g (Shorrocks'
 * decomposition; for alpha = 1 the weights are the benefit shares), on
 * random data: a relation between independently computed sums */
static void
test_decomposition(void)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	enum { N = 5000, K = 4 };
	static double y[N], p[N], b[N], bg[N];
	static int32_t g[N];
	static const double alphas[] = { 2.0, 1.0, 0.5, 3.0 };

	gsl_rng_set(rng, 7);
	for (size_t i = 0; i < N; i++) {
		g[i] = (int32_t)gsl_rng_uniform_int(rng, K);
		/* group-dependent rates so that the between term is not 0 */
		y[i] = gsl_rng_uniform(rng) < 0.3 + 0.1 * g[i];
		p[i] = gsl_rng_uniform(rng) < 0.5 - 0.08 * g[i];
		b[i] = 1 + p[i] - y[i];
	}
	for (size_t a = 0; a < sizeof alphas / sizeof *alphas; a++) {
		double al = alphas[a], within = 0, n = N, mu = 0;
		fair_indices r;
		for (size_t i = 0; i < N; i++)
			mu += b[i] / n;
		run(y, p, g, N, K, 2, al, &r);
		for (int k = 0; k < K; k++) {
			size_t m = 0;
			double mg = 0;
			for (size_t i = 0; i < N; i++)
				if (g[i] == k)
					bg[m++] = b[i];
			for (size_t i = 0; i < m; i++)
				mg += bg[i];
			mg /= (double)m;
			gsl_test_rel(r.group_benefit[k], mg, 1e-14, "group %d mean benefit", k);
			within += (double)m / n * pow(mg / mu, al) * fair_gei(bg, m, al);
		}
		/* sums of 5000 terms of size <= 4: relative error far below 1e-12 */
		gsl_test_rel(r.gei, r.between_all_gei + within, 1e-12, "alpha %g: GE = between + within", al);
		gsl_test_rel(r.gei, fair_gei(b, N, al), 1e-13, "alpha %g: counts and values agree", al);
		gsl_test(!(r.between_all_gei > 0), "alpha %g: groups differ, between-all > 0", al);
		fair_indices_release(&r);
	}
	/* CV = population sd / mean */
	double m = 0, v = 0;
	for (size_t i = 0; i < N; i++)
		m += b[i] / N;
	for (size_t i = 0; i < N; i++)
		v += (b[i] - m) * (b[i] - m) / N;
	fair_indices r;
	run(y, p, g, N, K, 2, 2.0, &r);
	gsl_test_rel(r.cv, sqrt(v) / m, 1e-12, "CV = sd / mean");
	fair_indices_release(&r);
	gsl_rng_free(rng);
}

/* the k nearest of row i by (distance, index), the slow way */
static double
brute(const double *x, size_t n, size_t d, const double *y, size_t k)
{
	double *dist = malloc(n * sizeof *dist), tot = 0;
	char *used = malloc(n);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			double s = 0;
			for (size_t c = 0; c < d; c++) {
				double e = x[i * d + c] - x[j * d + c];
				s += e * e;
			}
			dist[j] = s;
			used[j] = 0;
		}
		double s = 0;
		for (size_t t = 0; t < k; t++) {
			size_t best = n;
			for (size_t j = 0; j < n; j++)
				if (!used[j] && (best == n || dist[j] < dist[best]))
					best = j;        /* strict: the lowest index among equals */
			used[best] = 1;
			s += y[best];
		}
		tot += fabs(y[i] - s / (double)k);
	}
	free(dist);
	free(used);
	return 1 - tot / (double)n;
}

static void
test_consistency(void)
{
	fair_error err;
	double c;
	/* 1-D: 0 1 2 | 10 11 12 with y 1 1 0 | 0 0 1, k = 3: each row's
	 * neighbours are its cluster; |y - mean|: 1/3 1/3 2/3 | 1/3 1/3 2/3,
	 * sum 8/3, consistency 1 - 8/18 = 5/9 */
	static const double x1[6] = { 0, 1, 2, 10, 11, 12 }, y1[6] = { 1, 1, 0, 0, 0, 1 };
	gsl_test(fair_consistency(x1, 6, 1, y1, 3, NULL, &c, &err), "consistency runs");
	gsl_test_rel(c, 5.0 / 9, 1e-15, "two clusters, k = 3: 5/9");
	/* k = 1: only the row itself, always 1 */
	fair_consistency(x1, 6, 1, y1, 1, NULL, &c, &err);
	gsl_test_abs(c, 1.0, 0, "k = 1: consistency 1");
	/* k = n: every row's neighbours are all rows, mean 1/2:
	 * consistency = 1 - 1/2 */
	fair_consistency(x1, 6, 1, y1, 6, NULL, &c, &err);
	gsl_test_abs(c, 0.5, 1e-15, "k = n: 1 - mean |y - 1/2| = 1/2");
	/* a tie: rows 1 (x 1) and 2 (x -1) both at distance 1 from row 0, k = 2;
	 * the lower index wins: row 0 {0, 1} -> |0 - 1/2|; row 1 {1, 0} -> 1/2;
	 * row 2 {2, 0} -> 0; 1 - 1/3 = 2/3 (row 2 winning would give 5/6) */
	static const double x2[3] = { 0, 1, -1 }, y2[3] = { 0, 1, 0 };
	fair_consistency(x2, 3, 1, y2, 2, NULL, &c, &err);
	gsl_test_rel(c, 2.0 / 3, 1e-15, "ties go to the lower row index");

	/* against brute force on 3-D integer points in a 5x5x5 cube (n = 1500:
	 * about 12 copies of each point, ties everywhere), k = 1, 7, 20 */
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	enum { N = 1500, D = 3 };
	static double x[N * D], y[N];
	gsl_rng_set(rng, 11);
	for (size_t i = 0; i < N; i++) {
		for (size_t c2 = 0; c2 < D; c2++)
			x[i * D + c2] = (double)gsl_rng_uniform_int(rng, 5);
		y[i] = gsl_rng_uniform(rng) < 0.2 + 0.15 * x[i * D];
	}
	static const size_t ks[] = { 1, 7, 20 };
	for (size_t t = 0; t < 3; t++) {
		fair_consistency(x, N, D, y, ks[t], NULL, &c, &err);
		/* the same neighbours give the same sums of exact fractions j/k,
		 * added in the same row order: only the compensated total differs */
		gsl_test_rel(c, brute(x, N, D, y, ks[t]), 1e-13, "k-d tree = brute force on duplicates, k = %zu", ks[t]);
	}
	/* continuous points in 4-D */
	for (size_t i = 0; i < N; i++)
		for (size_t c2 = 0; c2 < D; c2++)
			x[i * D + c2] = gsl_rng_uniform(rng) * (c2 + 1);
	fair_consistency(x, N, D, y, 5, NULL, &c, &err);
	gsl_test_rel(c, brute(x, N, D, y, 5), 1e-13, "k-d tree = brute force, continuous, k = 5");
	/* all points identical: one leaf of N, neighbours by index 0..k-1 */
	for (size_t i = 0; i < N * D; i++)
		x[i] = 3.0;
	fair_consistency(x, 200, D, y, 9, NULL, &c, &err);
	gsl_test_rel(c, brute(x, 200, D, y, 9), 1e-13, "identical points");
	gsl_rng_free(rng);

	/* errors */
	gsl_test(fair_consistency(x1, 6, 1, y1, 0, NULL, &c, &err) != FAIR_EINVAL, "k = 0 refused");
	gsl_test(fair_consistency(x1, 6, 1, y1, 7, NULL, &c, &err) != FAIR_EINVAL, "k > n refused");
	gsl_test(strstr(err.msg, "1 <= k <= 6") == NULL, "k > n message: %s", err.msg);
	static const double xn[3] = { 0, NAN, 1 };
	gsl_test(fair_consistency(xn, 3, 1, y2, 1, NULL, &c, &err) != FAIR_EINVAL, "NaN feature refused");
	gsl_test(strstr(err.msg, "row 2") == NULL, "NaN feature message names row 2: %s", err.msg);
	fair_progress pr;
	fair_progress_init(&pr);
	atomic_store(&pr.cancel, true);
	gsl_test(fair_consistency(x1, 6, 1, y1, 2, &pr, &c, &err) != FAIR_ECANCELED, "cancelled");
}

static void
test_errors(void)
{
	fair_indices r;
	fair_indices_input in;
	fair_indices_opts o;
	fair_error err;
	static const double y[3] = { 0, 1, 2 }, p[3] = { 0, 1, 1 }, x[3] = { 0, 1, 2 };
	static const int32_t g[3] = { 0, 1, 5 };

	memset(&in, 0, sizeof in);
	in.y = y;
	in.yhat = p;
	in.group = g;
	in.K = 2;
	in.privileged = -1;
	gsl_test(fair_indices_compute(&in, NULL, &r, &err) != FAIR_EINVAL, "no rows refused");
	in.n = 3;
	gsl_test(fair_indices_compute(&in, NULL, &r, &err) != FAIR_EINVAL, "target 2 refused");
	gsl_test(strstr(err.msg, "row 3: the target is 2") == NULL, "message: %s", err.msg);
	in.n = 2;
	in.K = 0;
	gsl_test(fair_indices_compute(&in, NULL, &r, &err) != FAIR_EINVAL, "K = 0 refused");
	in.K = 2;
	fair_indices_opts_init(&o);
	o.alpha = INFINITY;
	gsl_test(fair_indices_compute(&in, &o, &r, &err) != FAIR_EINVAL, "infinite alpha refused");
	static const double y3[3] = { 0, 1, 1 };
	in.y = y3;
	in.n = 3;
	gsl_test(fair_indices_compute(&in, NULL, &r, &err) != FAIR_EINVAL, "group 5 of 2 refused");
	gsl_test(strstr(err.msg, "row 3: group 5") == NULL, "message: %s", err.msg);
	in.n = 2;
	in.x = x;
	in.d = 1;
	gsl_test(fair_indices_compute(&in, NULL, &r, &err) != FAIR_EINVAL, "k = 5 > 2 rows refused");
	o.alpha = 2;
	o.n_neighbors = 2;
	gsl_test(fair_indices_compute(&in, &o, &r, &err), "k = 2 on 2 rows");
	/* y 0 1, p 0 1: each row's 2 neighbours are both rows, mean 1/2 */
	gsl_test_abs(r.consistency, 0.5, 0, "consistency with k = n = 2");
	gsl_test_int((int)r.n_neighbors, 2, "n_neighbors kept");
	fair_indices_release(&r);
	fair_indices_release(NULL);
	/* mu = 0 (every row a false negative... b = 0): undefined, NaN */
	static const double one[2] = { 1, 1 }, zero[2] = { 0, 0 };
	static const int32_t g0[2] = { 0, 0 };
	run(one, zero, g0, 2, 1, -1, 2.0, &r);
	gsl_test(!isnan(r.gei), "all benefits 0: NaN");
	fair_indices_release(&r);
}

static void
test_features(void)
{
	fair_error err;
	fair_frame *f = fair_frame_new();
	double *v = malloc(4 * sizeof *v);
	int32_t *codes = malloc(4 * sizeof *codes);
	char **lv = malloc(2 * sizeof *lv);
	v[0] = 1; v[1] = 3; v[2] = 5; v[3] = 7;
	codes[0] = 1; codes[1] = 0; codes[2] = -1; codes[3] = 1;
	lv[0] = strdup("a");
	lv[1] = strdup("b");
	fair_column *c1 = fair_column_new_numeric("num", v, 4, &err);
	fair_column *c2 = fair_column_new_categorical("cat", codes, 4, lv, 2, &err);
	fair_frame_add_column(f, c1, &err);
	fair_frame_add_column(f, c2, &err);
	size_t cols[2] = { 0, 1 }, rows[3] = { 3, 2, 0 }, d;
	double *x;
	gsl_test(fair_indices_features(f, cols, 2, rows, 3, false, &x, &d, &err), "features built");
	gsl_test_int((int)d, 3, "1 numeric + 2 levels");
	/* rows 3 2 0: num 7 5 1; cat b, missing, b */
	static const double want[9] = { 7, 0, 1, 5, 0, 0, 1, 0, 1 };
	for (int i = 0; i < 9; i++)
		gsl_test_abs(x[i], want[i], 0, "raw feature %d", i);
	free(x);
	/* scaled: 7 5 1, mean 13/3, population sd sqrt(56/9) */
	fair_indices_features(f, cols, 1, rows, 3, true, &x, &d, &err);
	gsl_test_rel(x[0], (7 - 13.0 / 3) / sqrt(56.0 / 9), 1e-14, "scaled feature");
	free(x);
	fair_column_unref(c1);
	fair_column_unref(c2);
	fair_frame_unref(f);
	/* a missing numeric value */
	f = fair_frame_new();
	v = malloc(2 * sizeof *v);
	v[0] = 1;
	v[1] = NAN;
	c1 = fair_column_new_numeric("age", v, 2, &err);
	fair_frame_add_column(f, c1, &err);
	size_t r2[2] = { 0, 1 };
	gsl_test(fair_indices_features(f, cols, 1, r2, 2, false, &x, &d, &err) != FAIR_EINVAL, "missing refused");
	gsl_test(strstr(err.msg, "column 'age' has a missing value at row 2") == NULL, "message: %s", err.msg);
	gsl_test(fair_indices_features(f, cols, 0, r2, 2, false, &x, &d, &err) != FAIR_EINVAL, "no columns refused");
	fair_column_unref(c1);
	fair_frame_unref(f);
}

/* The generalized confusion matrix by hand: three rows, weights 1, 2, 1.
 * Group 0: y 1, s 0.25 (w 1); y 0, s 0.5 (w 2). Group 1: y 1, s 1 (w 1).
 * GTP: 0.25 + 1 = 1.25; GFN: 0.75 + 0 = 0.75; GFP: 2 * 0.5 = 1; GTN: 1. */
static void
test_soft(void)
{
	double y[3] = { 1, 0, 1 }, s[3] = { 0.25, 0.5, 1 }, w[3] = { 1, 2, 1 };
	int32_t g[3] = { 0, 0, 1 };
	fair_soft_counts gc[2], all;
	fair_error err;

	gsl_test(fair_soft_confusion(y, s, w, g, 3, 2, gc, &all, &err) != FAIR_OK, "soft counts");
	gsl_test(all.gtp != 1.25 || all.gfn != 0.75 || all.gfp != 1 || all.gtn != 1, "soft overall %g %g %g %g",
	         all.gtp, all.gfn, all.gfp, all.gtn);
	gsl_test(gc[0].gtp != 0.25 || gc[0].gfp != 1 || gc[1].gtp != 1 || gc[1].gfn != 0, "soft groups");
	/* without weights each row counts once: GFP 0.5 */
	gsl_test(fair_soft_confusion(y, s, NULL, g, 3, 2, gc, &all, &err) != FAIR_OK || all.gfp != 0.5, "unweighted");
	s[1] = 1.5;
	gsl_test(fair_soft_confusion(y, s, NULL, g, 3, 2, gc, &all, &err) != FAIR_EINVAL, "score 1.5 refused");
	gsl_test(strstr(err.msg, "row 2") == NULL, "message: %s", err.msg);
	s[1] = 0.5;
	y[2] = 2;
	gsl_test(fair_soft_confusion(y, s, NULL, g, 3, 2, gc, &all, &err) != FAIR_EINVAL, "target 2 refused");
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_soft();
	test_aif360();
	test_hand();
	test_decomposition();
	test_consistency();
	test_errors();
	test_features();
	return gsl_test_summary();
}
