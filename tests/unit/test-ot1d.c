/* test-ot1d.c -- unit tests of the 1-D OT helpers (doc/methods.md 2.5, 2.6, 6.3;
 * test catalogue M3, M4): hand-worked cases, brute-force references on
 * random data with ties, the radix sort against qsort. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_test.h>

#include "ot/ot-private.h"

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	if (a < b)
		return -1;
	if (a > b)
		return 1;
	/* -0.0 before +0.0 to match the radix order */
	return signbit(b) - signbit(a);
}

/* brute force: sup over every sample point of |F_a - F_b| with counting */
static double
ks_brute(const double *a, size_t n, const double *b, size_t m)
{
	double best = 0;
	size_t i, j, k;
	for (k = 0; k < n + m; k++) {
		double t = k < n ? a[k] : b[k - n];
		size_t ca = 0, cb = 0;
		for (i = 0; i < n; i++)
			ca += a[i] <= t;
		for (j = 0; j < m; j++)
			cb += b[j] <= t;
		double d = fabs((double)ca / n - (double)cb / m);
		if (d > best)
			best = d;
	}
	return best;
}

/* integral of |F_a - F_b| over the real line, by brute-force counting on the
 * merged sorted support */
static double
w1_cdf_integral(const double *a, size_t n, const double *b, size_t m)
{
	double *u = malloc((n + m) * sizeof *u), acc = 0;
	size_t i, j, k;
	memcpy(u, a, n * sizeof *u);
	memcpy(u + n, b, m * sizeof *u);
	qsort(u, n + m, sizeof *u, cmp_double);
	for (k = 0; k + 1 < n + m; k++) {
		size_t ca = 0, cb = 0;
		for (i = 0; i < n; i++)
			ca += a[i] <= u[k];
		for (j = 0; j < m; j++)
			cb += b[j] <= u[k];
		acc += fabs((double)ca / n - (double)cb / m) * (u[k + 1] - u[k]);
	}
	free(u);
	return acc;
}

/* W_p^p by expanding both samples to n*m points (each a_i repeated m times,
 * each b_j n times) and pairing sorted points: an independent reference */
static double
wp_expand(const double *a, size_t n, const double *b, size_t m, double p)
{
	double acc = 0;
	size_t k, N = n * m;
	for (k = 0; k < N; k++)
		acc += pow(fabs(a[k / m] - b[k / n]), p);
	return acc / N;
}

static void
rand_sample(gsl_rng *r, double *x, size_t n, double shift, int ties)
{
	size_t i;
	for (i = 0; i < n; i++) {
		double v = shift + 3.1 * gsl_rng_uniform(r) - 1.2;
		x[i] = ties ? round(v * 5) / 5 : v;
	}
}

static void
test_hand(void)
{
	/* a = {0.5,1.5,2.5,3.5} (n=4), b = {1,2} (m=2).
	 * F_a - F_b after each point: 0.5: .25-0; 1: .25-.5; 1.5: .5-.5; 2: .5-1;
	 * 2.5: .75-1; 3.5: 1-1 -> KS = 0.5.
	 * Q_a = .5,1.5,2.5,3.5 on quarters, Q_b = 1 on (0,.5], 2 on (.5,1]:
	 * W1 = .25(.5+.5+.5+1.5) = .75; W2^2 = .25(.25+.25+.25+2.25) = .75;
	 * W3^3 = .25(3*.125 + 3.375) = .9375 */
	static const double a[] = {0.5, 1.5, 2.5, 3.5}, b[] = {1.0, 2.0};
	static const double q[] = {10, 20, 30, 40}, r3[] = {0, 10, 20};
	gsl_test_abs(fair_ot1d_ks_sorted(a, 4, b, 2), 0.5, 1e-15, "ks hand");
	gsl_test_abs(fair_ot1d_ks_sorted(b, 2, a, 4), 0.5, 1e-15, "ks hand symmetric");
	gsl_test_abs(fair_ot1d_wp_sorted(a, 4, b, 2, 1), 0.75, 1e-15, "w1 hand");
	gsl_test_abs(fair_ot1d_wp_sorted(a, 4, b, 2, 2), 0.75, 1e-15, "w2^2 hand");
	gsl_test_abs(fair_ot1d_wp_sorted(a, 4, b, 2, 3), 0.9375, 1e-15, "w3^3 hand");
	gsl_test_abs(w1_cdf_integral(a, 4, b, 2), 0.75, 1e-15, "w1 hand via cdf integral");
	/* grid of 3 points over [0.5, 3.5]: t = .5, 2, 3.5 -> |.25-0|, |.5-1|, 0 */
	gsl_test_abs(fair_ot1d_ks_grid_sorted(a, 4, b, 2, 3), 0.5, 1e-15, "ks grid 3 hand");
	/* grid of 2 points: t = .5, 3.5 -> .25 */
	gsl_test_abs(fair_ot1d_ks_grid_sorted(a, 4, b, 2, 2), 0.25, 1e-15, "ks grid 2 hand");
	gsl_test_abs(fair_ot1d_ks_grid_sorted(a, 4, b, 2, 1), 0.0, 0, "ks grid 1 = at max");
	gsl_test(!isnan(fair_ot1d_ks_sorted(a, 0, b, 2)), "ks of empty sample is NaN");
	gsl_test(!isnan(fair_ot1d_wp_sorted(a, 4, b, 0, 1)), "wp of empty sample is NaN");
	gsl_test(!isnan(fair_ot1d_wp_sorted(a, 4, b, 2, 0.5)), "wp with p < 1 is NaN");
	gsl_test(!isnan(fair_ot1d_ks_grid_sorted(a, 4, b, 2, 0)), "ks grid with 0 points is NaN");
	gsl_test_abs(fair_ot1d_ks_sorted(a, 4, a, 4), 0, 0, "ks of identical samples");

	/* quantiles of {10,20,30,40}: Q(0)=10, Q(.25)=a_(1)=10, Q(.26)=a_(2)=20,
	 * Q(.75)=30, Q(1)=40; index of k/m = 2/3: ceil(8/3)=3 -> 0-based 2 */
	gsl_test_abs(fair_ot1d_quantile_step(q, 4, 0), 10, 0, "Q(0)");
	gsl_test_abs(fair_ot1d_quantile_step(q, 4, 0.25), 10, 0, "Q(.25)");
	gsl_test_abs(fair_ot1d_quantile_step(q, 4, 0.26), 20, 0, "Q(.26)");
	gsl_test_abs(fair_ot1d_quantile_step(q, 4, 0.75), 30, 0, "Q(.75)");
	gsl_test_abs(fair_ot1d_quantile_step(q, 4, 1.5), 40, 0, "Q(1.5) clamps");
	gsl_test_abs(fair_ot1d_quantile_step(q, 4, -1), 10, 0, "Q(-1) clamps");
	gsl_test(!isnan(fair_ot1d_quantile_step(q, 0, 0.5)), "Q of empty is NaN");
	gsl_test_int((int)fair_ot1d_quantile_index(4, 2, 3), 2, "quantile index 2/3 of 4");
	gsl_test_int((int)fair_ot1d_quantile_index(4, 0, 3), 0, "quantile index 0");
	gsl_test_int((int)fair_ot1d_quantile_index(4, 3, 3), 3, "quantile index 1");
	gsl_test_int((int)fair_ot1d_quantile_index(10, 3, 10), 2, "quantile index 3/10 of 10");
	/* interp of {0,10,20} against {0,.5,1}: Q(.25)=5, Q(.9)=18 */
	gsl_test_abs(fair_ot1d_quantile_interp(r3, 3, 0.25), 5, 1e-14, "interp Q(.25)");
	gsl_test_abs(fair_ot1d_quantile_interp(r3, 3, 0.9), 18, 1e-14, "interp Q(.9)");
	gsl_test_abs(fair_ot1d_quantile_interp(r3, 1, 0.9), 0, 0, "interp one point");
	gsl_test_abs(fair_ot1d_quantile_interp(r3, 3, 1), 20, 0, "interp Q(1)");
	gsl_test(!isnan(fair_ot1d_quantile_interp(r3, 0, 0.5)), "interp of empty is NaN");
	/* ecdf of {10,20,30,40} */
	gsl_test_abs(fair_ot1d_ecdf(q, 4, 20), 0.5, 0, "ecdf(20) counts <=");
	gsl_test_abs(fair_ot1d_ecdf(q, 4, 19.99), 0.25, 0, "ecdf(19.99)");
	gsl_test_abs(fair_ot1d_ecdf(q, 4, 5), 0, 0, "ecdf below");
	gsl_test_abs(fair_ot1d_ecdf(q, 4, 45), 1, 0, "ecdf above");
	gsl_test_abs(fair_ot1d_ecdf(q, 4, NAN), 0, 0, "ecdf(NaN) counts no value");
	gsl_test(!isnan(fair_ot1d_ecdf(q, 0, 1)), "ecdf of empty is NaN");

	/* barycenter of A={0,2}, B={1,3}, w=.5: Qbar = .5 on (0,.5], 2.5 on
	 * (.5,1]; W2^2(A,bar) = .5(.25)+.5(.25) = .25 = W2^2(B,bar) -> .25 */
	{
		static const double A[] = {0, 2}, B[] = {1, 3}, w[] = {0.5, 0.5};
		const double *tabs[] = {A, B};
		size_t ns[] = {2, 2};
		gsl_test_abs(fair_ot1d_bary_quantile(tabs, ns, w, 2, 0.3), 0.5, 1e-15, "bary Q(.3)");
		gsl_test_abs(fair_ot1d_bary_quantile(tabs, ns, w, 2, 0.7), 2.5, 1e-15, "bary Q(.7)");
		gsl_test_abs(fair_ot1d_bary_dispersion(tabs, ns, w, 2), 0.25, 1e-15, "bary dispersion");
		gsl_test(!isnan(fair_ot1d_bary_dispersion(tabs, ns, w, 0)), "bary dispersion K=0");
	}
}

static void
test_random(gsl_rng *r)
{
	int rep;
	double worst_ks = 0, worst_w1 = 0, worst_wp = 0;
	int grid_ok = 1;

	for (rep = 0; rep < 60; rep++) {
		size_t n = 1 + gsl_rng_uniform_int(r, 150), m = 1 + gsl_rng_uniform_int(r, 120);
		double *a = malloc(n * sizeof *a), *b = malloc(m * sizeof *b), d, p;
		int ties = rep % 2;
		rand_sample(r, a, n, 0, ties);
		rand_sample(r, b, m, 0.4 * gsl_rng_uniform(r), ties);
		/* KS brute force on unsorted input, exact on sorted */
		double kb = ks_brute(a, n, b, m);
		qsort(a, n, sizeof *a, cmp_double);
		qsort(b, m, sizeof *b, cmp_double);
		double ke = fair_ot1d_ks_sorted(a, n, b, m);
		d = fabs(ke - kb);
		if (d > worst_ks)
			worst_ks = d;
		if (fair_ot1d_ks_grid_sorted(a, n, b, m, 1000) > ke + 1e-15)
			grid_ok = 0;
		d = fabs(fair_ot1d_wp_sorted(a, n, b, m, 1) - w1_cdf_integral(a, n, b, m));
		if (d > worst_w1)
			worst_w1 = d;
		p = rep % 3 == 0 ? 2 : (rep % 3 == 1 ? 1 : 2.7);
		d = fabs(fair_ot1d_wp_sorted(a, n, b, m, p) - wp_expand(a, n, b, m, p));
		if (d > worst_wp)
			worst_wp = d;
		free(a);
		free(b);
	}
	gsl_test_abs(worst_ks, 0, 1e-12, "M3: exact KS equals brute force over all t (60 cases)");
	gsl_test(!grid_ok, "M3: grid1000 KS <= exact KS");
	gsl_test_abs(worst_w1, 0, 1e-10, "M4: W1 by quantiles equals integral |F_a - F_b|");
	gsl_test_abs(worst_wp, 0, 1e-10, "M4: W_p^p equals expanded sorted pairing (p=1,2,2.7)");

	/* equal sizes: W2^2 = mean squared difference of the sorted pairing */
	{
		size_t n = 1000, i;
		double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), ref = 0;
		rand_sample(r, a, n, 0, 0);
		rand_sample(r, b, n, 1.3, 0);
		qsort(a, n, sizeof *a, cmp_double);
		qsort(b, n, sizeof *b, cmp_double);
		for (i = 0; i < n; i++)
			ref += (a[i] - b[i]) * (a[i] - b[i]);
		gsl_test_abs(fair_ot1d_wp_sorted(a, n, b, n, 2), ref / n, 1e-10,
		             "M4: W2^2 of equal-size samples = sorted pairing");
		free(a);
		free(b);
	}

	/* the authors' grid: direct transcription of f_ks.m on one sample pair */
	{
		size_t n = 300, m = 200, k, i;
		double *a = malloc(n * sizeof *a), *b = malloc(m * sizeof *b), lo, hi, ref = 0;
		rand_sample(r, a, n, 0, 1);
		rand_sample(r, b, m, 0.5, 1);
		qsort(a, n, sizeof *a, cmp_double);
		qsort(b, m, sizeof *b, cmp_double);
		lo = fmin(a[0], b[0]);
		hi = fmax(a[n - 1], b[m - 1]);
		for (k = 0; k < 1000; k++) {
			double t = k == 999 ? hi : lo + k * ((hi - lo) / 999), ca = 0, cb = 0;
			for (i = 0; i < n; i++)
				ca += a[i] <= t;
			for (i = 0; i < m; i++)
				cb += b[i] <= t;
			ref = fmax(ref, fabs(ca / n - cb / m));
		}
		gsl_test_abs(fair_ot1d_ks_grid_sorted(a, n, b, m, 1000), ref, 1e-15,
		             "grid1000 KS matches a direct f_ks.m transcription");
		free(a);
		free(b);
	}

	/* three-sample barycenter dispersion vs the common refinement: sizes
	 * 3, 4, 6 expanded to 12 points each */
	{
		double A[3], B[4], C[6], ref = 0;
		const double *tabs[] = {A, B, C};
		size_t ns[] = {3, 4, 6}, i, s;
		double w[] = {0.2, 0.5, 0.3};
		rand_sample(r, A, 3, 0, 0);
		rand_sample(r, B, 4, 1, 0);
		rand_sample(r, C, 6, 2, 0);
		qsort(A, 3, sizeof(double), cmp_double);
		qsort(B, 4, sizeof(double), cmp_double);
		qsort(C, 6, sizeof(double), cmp_double);
		for (i = 0; i < 12; i++) {
			double x[3] = {A[i / 4], B[i / 3], C[i / 2]}, bar = 0;
			for (s = 0; s < 3; s++)
				bar += w[s] * x[s];
			for (s = 0; s < 3; s++)
				ref += w[s] * (x[s] - bar) * (x[s] - bar) / 12;
			gsl_test_abs(fair_ot1d_bary_quantile(tabs, ns, w, 3, (i + 0.5) / 12), bar, 1e-14,
			             "bary quantile at (%zu+.5)/12", i);
		}
		gsl_test_abs(fair_ot1d_bary_dispersion(tabs, ns, w, 3), ref, 1e-13,
		             "bary dispersion of 3 samples vs common refinement");
	}
}

static void
test_sort(gsl_rng *r)
{
	static const size_t sizes[] = {0, 1, 2, 63, 64, 65, 1000, 200003};
	size_t t, i;

	for (t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
		size_t n = sizes[t];
		double *x = malloc((n + 1) * sizeof *x), *y = malloc((n + 1) * sizeof *y);
		for (i = 0; i < n; i++) {
			double u = gsl_rng_uniform(r);
			switch (i % 7) {
			case 0: x[i] = -u * 1e3; break;
			case 1: x[i] = u; break;
			case 2: x[i] = (i % 14 == 2) ? -0.0 : 0.0; break;
			case 3: x[i] = ldexp(u, -1060); break; /* subnormal */
			case 4: x[i] = (i % 28 == 4) ? -INFINITY : INFINITY; break;
			case 5: x[i] = round(u * 10); break;
			default: x[i] = -ldexp(u, 900); break;
			}
		}
		memcpy(y, x, n * sizeof *x);
		qsort(y, n, sizeof *y, cmp_double);
		gsl_test_int(fair_ot1d_sort(x, n, NULL), FAIR_OK, "sort n=%zu status", n);
		gsl_test(n > 0 && memcmp(x, y, n * sizeof *x) != 0,
		         "radix sort equals qsort bit for bit (n=%zu)", n);
		free(x);
		free(y);
	}
	/* constant digits (all passes skipped) and a narrow range */
	{
		size_t n = 5000;
		double *x = malloc(n * sizeof *x), *w = malloc(n * sizeof *w), *y = malloc(n * sizeof *y);
		for (i = 0; i < n; i++)
			x[i] = 2.385;
		fair_ot1d_sort_ws(x, n, w);
		gsl_test(x[0] != 2.385 || x[n - 1] != 2.385, "sort of a constant array");
		for (i = 0; i < n; i++)
			x[i] = 1 + (double)((i * 7919) % n) * 1e-12;
		memcpy(y, x, n * sizeof *x);
		qsort(y, n, sizeof *y, cmp_double);
		fair_ot1d_sort_ws(x, n, w);
		gsl_test(memcmp(x, y, n * sizeof *x) != 0, "sort of a narrow range");
		free(x);
		free(w);
		free(y);
	}
}

static void
test_wp_unsorted(gsl_rng *r)
{
	size_t n = 5000, m = 3001;
	double *a = malloc(n * sizeof *a), *b = malloc(m * sizeof *b), v = -1, ref;
	fair_error err;

	rand_sample(r, a, n, 0, 0);
	rand_sample(r, b, m, 0.7, 0);
	gsl_test_int(fair_ot1d_wp(a, n, b, m, 1, &v, &err), FAIR_OK, "wp unsorted status");
	qsort(a, n, sizeof *a, cmp_double);
	qsort(b, m, sizeof *b, cmp_double);
	ref = fair_ot1d_wp_sorted(a, n, b, m, 1);
	gsl_test_abs(v, ref, 0, "wp unsorted equals sorted version");
	gsl_test_rel(ref, w1_cdf_integral(a, n, b, m), 1e-10, "wp large vs cdf integral");

	gsl_test_int(fair_ot1d_wp(a, 0, b, m, 1, &v, &err), FAIR_EUNDEF, "wp empty -> EUNDEF");
	gsl_test_str(err.msg, "wasserstein distance of an empty sample is undefined", "wp empty msg");
	gsl_test_int(fair_ot1d_wp(a, n, b, m, 0.5, &v, &err), FAIR_EINVAL, "wp p<1 -> EINVAL");
	gsl_test_str(err.msg, "wasserstein order p=0.5; expected p >= 1", "wp p msg");
	a[7] = NAN;
	gsl_test_int(fair_ot1d_wp(a, n, b, m, 1, &v, &err), FAIR_EINVAL, "wp NaN -> EINVAL");
	gsl_test_str(err.msg, "first sample has a missing value at 7", "wp NaN msg");
	a[7] = 0;
	b[3] = NAN;
	gsl_test_int(fair_ot1d_wp(a, n, b, m, 1, &v, &err), FAIR_EINVAL, "wp NaN b -> EINVAL");
	gsl_test_str(err.msg, "second sample has a missing value at 3", "wp NaN b msg");
	free(a);
	free(b);
}

int
main(void)
{
	gsl_rng *r;

	gsl_set_error_handler_off();
	r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 2385);
	test_hand();
	test_random(r);
	test_sort(r);
	test_wp_unsorted(r);
	gsl_rng_free(r);
	return gsl_test_summary();
}
