/* test-divergence.c -- Sinkhorn divergence, MMD and mean divergence: hand
 * cases, identities S1-S4 of doc/methods.md 7, finite-difference gradients,
 * brute-force MMD, thread determinism and every error path. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_test.h>

#include "ot/ot-private.h"

static gsl_matrix *
randm(gsl_rng *rng, size_t n, size_t r, double shift, double scale)
{
	gsl_matrix *M = gsl_matrix_alloc(n, r);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < r; k++)
			gsl_matrix_set(M, i, k, shift + scale * gsl_ran_gaussian(rng, 1.0));
	return M;
}

static gsl_matrix *
from_array(const double *v, size_t n, size_t r)
{
	gsl_matrix *M = gsl_matrix_alloc(n, r);
	memcpy(M->data, v, n * r * sizeof *v);
	return M;
}

/* which: 0 sinkhorn, 1 mmd biased, 2 mmd unbiased, 3 mean */
static double
eval(int which, const gsl_matrix *A, const gsl_matrix *B, const fair_sinkhorn_opts *so,
     gsl_matrix *gA, gsl_matrix *gB)
{
	double v = NAN;
	int rc;
	switch (which) {
	case 0: rc = fair_sinkhorn_divergence(A, B, so, &v, gA, gB, NULL); break;
	case 1: rc = fair_mmd2(A, B, 0.8, false, &v, gA, gB, NULL, NULL); break;
	case 2: rc = fair_mmd2(A, B, 0.8, true, &v, gA, gB, NULL, NULL); break;
	default: rc = fair_mean_divergence(A, B, &v, gA, gB, NULL); break;
	}
	return rc ? NAN : v;
}

/* S3: central differences (h = 1e-6) against the analytic gradient, every
 * coordinate of both clouds; |fd - an| <= 1e-4 max(|an|, 1e-3 max|g|). */
static void
check_grad(int which, const char *name, gsl_matrix *A, gsl_matrix *B, const fair_sinkhorn_opts *so)
{
	gsl_matrix *gA = gsl_matrix_alloc(A->size1, A->size2), *gB = gsl_matrix_alloc(B->size1, B->size2);
	eval(which, A, B, so, gA, gB);
	double gmax = fmax(gsl_matrix_max(gA), -gsl_matrix_min(gA));
	gmax = fmax(gmax, fmax(gsl_matrix_max(gB), -gsl_matrix_min(gB)));
	double worst = 0.0;
	for (int side = 0; side < 2; side++) {
		gsl_matrix *M = side ? B : A, *G = side ? gB : gA;
		for (size_t i = 0; i < M->size1; i++)
			for (size_t k = 0; k < M->size2; k++) {
				double x = gsl_matrix_get(M, i, k), h = 1e-6;
				gsl_matrix_set(M, i, k, x + h);
				double vp = eval(which, A, B, so, NULL, NULL);
				gsl_matrix_set(M, i, k, x - h);
				double vm = eval(which, A, B, so, NULL, NULL);
				gsl_matrix_set(M, i, k, x);
				double fd = (vp - vm) / (2 * h), an = gsl_matrix_get(G, i, k);
				double rel = fabs(fd - an) / fmax(fabs(an), 1e-3 * gmax);
				worst = rel > worst ? rel : worst;
			}
	}
	gsl_test(!(worst < 1e-4), "S3 %s gradient vs finite differences (worst rel err %.2e)", name, worst);
	gsl_test(!(gmax > 1e-3), "S3 %s gradient is not trivially zero (max %.3g)", name, gmax);
	gsl_matrix_free(gA);
	gsl_matrix_free(gB);
}

static void
test_hand_cases(void)
{
	/* A = {0}, B = {1}, bw 1: 1 + 1 - 2 exp(-1/2) = 0.78693868057473315 */
	double a1[] = { 0 }, b1[] = { 1 };
	gsl_matrix *A = from_array(a1, 1, 1), *B = from_array(b1, 1, 1);
	double v, bw;
	gsl_test(fair_mmd2(A, B, 1.0, false, &v, NULL, NULL, &bw, NULL), "mmd 1 vs 1 point");
	gsl_test_rel(v, 0.78693868057473315, 1e-14, "mmd biased {0} vs {1}, bw 1");
	gsl_test_rel(bw, 1.0, 0, "mmd reports the given bandwidth");
	gsl_matrix_free(A);
	gsl_matrix_free(B);

	/* A = {0,1}, B = {2,4}, bw 1. k(0,1) = e^-0.5 = .60653066, k(2,4) = e^-2 =
	 * .13533528; cross mean (e^-2 + e^-8 + e^-0.5 + e^-4.5)/4 = .18832760.
	 * unbiased: .60653066 + .13533528 - 2 (.18832760) = .36521074189155067;
	 * biased adds the diagonal: (2 + 2 e^-.5)/4 + (2 + 2 e^-2)/4 - 2 (.18832760)
	 * = .80326533 + .56766764 - .37665520 = .99427777041692755 */
	double a2[] = { 0, 1 }, b2[] = { 2, 4 };
	A = from_array(a2, 2, 1);
	B = from_array(b2, 2, 1);
	fair_mmd2(A, B, 1.0, true, &v, NULL, NULL, NULL, NULL);
	gsl_test_rel(v, 0.36521074189155067, 1e-14, "mmd unbiased {0,1} vs {2,4}");
	fair_mmd2(A, B, 1.0, false, &v, NULL, NULL, NULL, NULL);
	gsl_test_rel(v, 0.99427777041692755, 1e-14, "mmd biased {0,1} vs {2,4}");
	/* mean divergence: means 0.5 and 3 -> 2.5^2 = 6.25 */
	fair_mean_divergence(A, B, &v, NULL, NULL, NULL);
	gsl_test_rel(v, 6.25, 1e-15, "mean divergence {0,1} vs {2,4}");
	gsl_matrix_free(A);
	gsl_matrix_free(B);

	/* median heuristic: {0,1,3}: squared distances 1, 9, 4, median 4,
	 * bw = sqrt(2); {0,1,3,7}: 1,4,9,16,36,49, median 12.5, bw = 2.5 */
	double p3[] = { 0, 1, 3 }, p4[] = { 0, 1, 3, 7 };
	A = from_array(p3, 3, 1);
	gsl_test(fair_median_bandwidth(A, NULL, &bw, NULL), "median bandwidth 3 points");
	gsl_test_rel(bw, sqrt(2.0), 1e-15, "median bandwidth {0,1,3}");
	gsl_matrix_free(A);
	A = from_array(p4, 2, 1);
	B = from_array(p4 + 2, 2, 1);
	fair_median_bandwidth(A, B, &bw, NULL);
	gsl_test_rel(bw, 2.5, 1e-15, "median bandwidth {0,1} + {3,7} pooled");
	/* mmd with bandwidth <= 0 uses it */
	fair_mmd2(A, B, 0.0, false, &v, NULL, NULL, &bw, NULL);
	gsl_test_rel(bw, 2.5, 1e-15, "mmd median bandwidth used");
	gsl_matrix_free(A);
	gsl_matrix_free(B);
	/* all points equal: fallback 1 */
	double z3[] = { 2, 2, 2 };
	A = from_array(z3, 3, 1);
	fair_median_bandwidth(A, NULL, &bw, NULL);
	gsl_test_rel(bw, 1.0, 0, "median bandwidth of identical points falls back to 1");
	gsl_matrix_free(A);
}

/* MMD against a direct double loop over explicit distances */
static void
test_mmd_bruteforce(gsl_rng *rng)
{
	gsl_matrix *A = randm(rng, 300, 4, 0.0, 1.0), *B = randm(rng, 270, 4, 0.4, 1.3);
	double bw = 1.7;
	for (int unb = 0; unb < 2; unb++) {
		double saa = 0, sbb = 0, sab = 0;
		size_t n = A->size1, m = B->size1;
		for (int pass = 0; pass < 3; pass++) {
			const gsl_matrix *X = pass == 1 ? B : A, *Y = pass == 0 ? A : B;
			double s = 0;
			for (size_t i = 0; i < X->size1; i++)
				for (size_t j = 0; j < Y->size1; j++) {
					if (unb && pass < 2 && i == j)
						continue;
					double d2 = 0;
					for (size_t k = 0; k < 4; k++) {
						double t = gsl_matrix_get(X, i, k) - gsl_matrix_get(Y, j, k);
						d2 += t * t;
					}
					s += exp(-d2 / (2 * bw * bw));
				}
			if (pass == 0)
				saa = s;
			else if (pass == 1)
				sbb = s;
			else
				sab = s;
		}
		double ref = unb ? saa / (n * (n - 1.0)) + sbb / (m * (m - 1.0)) - 2 * sab / ((double)n * m)
		                 : saa / ((double)n * n) + sbb / ((double)m * m) - 2 * sab / ((double)n * m);
		double v;
		fair_mmd2(A, B, bw, unb, &v, NULL, NULL, NULL, NULL);
		gsl_test_rel(v, ref, 1e-10, "mmd %s vs brute force (300 x 270 rows, 4 dims)", unb ? "unbiased" : "biased");
	}
	gsl_matrix_free(A);
	gsl_matrix_free(B);
}

static void
test_identities(gsl_rng *rng)
{
	fair_sinkhorn_opts so;
	fair_sinkhorn_opts_init(&so);
	so.tol = 1e-12;
	gsl_matrix *Z = randm(rng, 30, 3, 0.0, 1.0), *Z2 = gsl_matrix_alloc(30, 3);
	gsl_matrix_memcpy(Z2, Z);
	double v;
	/* S1 */
	fair_sinkhorn_divergence(Z, Z2, &so, &v, NULL, NULL, NULL);
	gsl_test_abs(v, 0.0, 1e-12, "S1 sinkhorn S(Z,Z) = 0");
	fair_mmd2(Z, Z2, 0.0, false, &v, NULL, NULL, NULL, NULL);
	gsl_test_abs(v, 0.0, 1e-12, "S1 mmd biased MMD(Z,Z) = 0");
	fair_mean_divergence(Z, Z2, &v, NULL, NULL, NULL);
	gsl_test_abs(v, 0.0, 1e-12, "S1 mean divergence (Z,Z) = 0");
	/* S1 for a permutation of the rows */
	for (size_t i = 0; i < 30; i++) {
		gsl_vector_view r = gsl_matrix_row(Z2, 29 - i);
		gsl_vector_const_view s = gsl_matrix_const_row(Z, i);
		gsl_vector_memcpy(&r.vector, &s.vector);
	}
	fair_sinkhorn_divergence(Z, Z2, &so, &v, NULL, NULL, NULL);
	gsl_test_abs(v, 0.0, 1e-10, "S1 sinkhorn S(Z, permuted Z) = 0");

	/* S2: S(Z, Z + delta) = 0.5 |delta|^2 = 0.5 (0.09 + 0.04 + 0.2025) = 0.16625 */
	double delta[3] = { 0.3, -0.2, 0.45 };
	for (size_t i = 0; i < 30; i++)
		for (size_t k = 0; k < 3; k++)
			gsl_matrix_set(Z2, i, k, gsl_matrix_get(Z, i, k) + delta[k]);
	double eps_list[] = { 0.05, 0.5, 3.0 };
	for (int e = 0; e < 3; e++) {
		so.eps = eps_list[e];
		fair_sinkhorn_divergence(Z, Z2, &so, &v, NULL, NULL, NULL);
		gsl_test_rel(v, 0.16625, 1e-6, "S2 translation identity, eps %g", so.eps);
	}
	/* doc/methods.md 6.1 literally (averaged updates to the end; the default
	 * solves the self terms alone and alternates on the cross term) agrees */
	so.eps = 0.5;
	so.alternate = false;
	fair_sinkhorn_divergence(Z, Z2, &so, &v, NULL, NULL, NULL);
	gsl_test_rel(v, 0.16625, 1e-6, "S2 translation identity, averaged updates (doc/methods.md 6.1)");
	so.alternate = true;
	gsl_matrix_free(Z);
	gsl_matrix_free(Z2);

	/* Sinkhorn >= 0 and MMD biased >= 0 on random clouds */
	for (int rep = 0; rep < 5; rep++) {
		gsl_matrix *A = randm(rng, 20 + rep, 2, 0.0, 1.0), *B = randm(rng, 25, 2, 0.1 * rep, 1.0);
		so.eps = 0.1;
		so.tol = 1e-9;
		fair_sinkhorn_divergence(A, B, &so, &v, NULL, NULL, NULL);
		gsl_test(!(v >= -1e-9), "sinkhorn >= 0 (case %d: %g)", rep, v);
		fair_mmd2(A, B, 0.0, false, &v, NULL, NULL, NULL, NULL);
		gsl_test(!(v >= 0.0), "mmd biased >= 0 (case %d: %g)", rep, v);
		gsl_matrix_free(A);
		gsl_matrix_free(B);
	}
}

static void
test_gradients(gsl_rng *rng)
{
	fair_sinkhorn_opts so;
	fair_sinkhorn_opts_init(&so);
	so.tol = 1e-12;
	so.max_iter = 100000;
	so.eps = 0.3;
	gsl_matrix *A = randm(rng, 7, 3, 0.0, 1.0), *B = randm(rng, 9, 3, 0.5, 0.8);
	check_grad(0, "sinkhorn p=2", A, B, &so);
	so.p = 1;
	check_grad(0, "sinkhorn p=1", A, B, &so);
	so.p = 2;
	check_grad(1, "mmd biased", A, B, NULL);
	check_grad(2, "mmd unbiased", A, B, NULL);
	check_grad(3, "mean", A, B, NULL);
	/* OT_eps alone (not debiased) */
	gsl_matrix *gA = gsl_matrix_alloc(7, 3);
	double v0, vp, vm, h = 1e-6;
	fair_sinkhorn_divergence_ex(A, B, &so, false, &v0, gA, NULL, NULL, NULL);
	double x = gsl_matrix_get(A, 2, 1);
	gsl_matrix_set(A, 2, 1, x + h);
	fair_sinkhorn_divergence_ex(A, B, &so, false, &vp, NULL, NULL, NULL, NULL);
	gsl_matrix_set(A, 2, 1, x - h);
	fair_sinkhorn_divergence_ex(A, B, &so, false, &vm, NULL, NULL, NULL, NULL);
	gsl_matrix_set(A, 2, 1, x);
	gsl_test_rel(gsl_matrix_get(gA, 2, 1), (vp - vm) / (2 * h), 1e-4, "S3 OT_eps gradient, one coordinate");
	gsl_matrix_free(gA);
	gsl_matrix_free(A);
	gsl_matrix_free(B);
}

/* S4: 1-D, 200 points each, eps 1e-4: S_eps -> W2^2 / 2 (sorted pairing) */
static void
test_small_eps(gsl_rng *rng)
{
	size_t n = 200;
	gsl_matrix *A = gsl_matrix_alloc(n, 1), *B = gsl_matrix_alloc(n, 1);
	double *a = A->data, *b = B->data;
	for (size_t i = 0; i < n; i++) {
		a[i] = gsl_ran_gaussian(rng, 1.0);
		b[i] = 0.7 + gsl_ran_exponential(rng, 0.8);
	}
	double sa[200], sb[200], w2 = 0;
	memcpy(sa, a, sizeof sa);
	memcpy(sb, b, sizeof sb);
	gsl_sort(sa, 1, n);
	gsl_sort(sb, 1, n);
	for (size_t i = 0; i < n; i++)
		w2 += (sa[i] - sb[i]) * (sa[i] - sb[i]);
	w2 /= (double)n;
	fair_sinkhorn_opts so;
	fair_sinkhorn_opts_init(&so);
	so.eps = 1e-4;
	so.tol = 1e-4;
	so.scaling = 0.97;    /* slow annealing: eps 1e-4 is hard for Sinkhorn */
	so.max_iter = 1500;   /* the value settles long before the marginals reach tol */
	fair_sinkhorn_info info;
	double v;
	int rc = fair_sinkhorn_divergence_ex(A, B, &so, true, &v, NULL, NULL, &info, NULL);
	gsl_test(rc, "S4 sinkhorn at eps 1e-4 runs");
	gsl_test_rel(v, 0.5 * w2, 0.02, "S4 S_eps(1e-4) ~ W2^2/2 = %.6f (1-D, 200 points)", 0.5 * w2);
	gsl_test(!(info.marginal_error < 0.05), "S4 marginal error small (%zu iterations, err %.2e)",
	         info.iterations, info.marginal_error);
	/* monotone approach: eps 0.1 is further from W2^2/2 than eps 1e-4 */
	double v1;
	so.eps = 0.1;
	fair_sinkhorn_divergence(A, B, &so, &v1, NULL, NULL, NULL);
	gsl_test(!(fabs(v1 - 0.5 * w2) > fabs(v - 0.5 * w2)), "S4 error shrinks with eps (%g vs %g)",
	         fabs(v1 - 0.5 * w2), fabs(v - 0.5 * w2));
	gsl_matrix_free(A);
	gsl_matrix_free(B);
}

/* threads = 2 gives bit-identical results: every entry (costs, kernel,
 * matrix-vector products, gradient products) is summed in the same order
 * whatever the split. Sizes above the two-thread threshold (n m >= 10^6
 * for the default solver), odd, and different on the two sides; p = 2 and
 * p = 1; debiased and not. */
static void
test_threads(gsl_rng *rng)
{
	gsl_matrix *A = randm(rng, 1123, 5, 0.0, 0.3), *B = randm(rng, 1001, 5, 0.1, 0.3);
	gsl_matrix *g1 = gsl_matrix_alloc(1123, 5), *g2 = gsl_matrix_alloc(1123, 5);
	gsl_matrix *h1 = gsl_matrix_alloc(1001, 5), *h2 = gsl_matrix_alloc(1001, 5);
	for (int p = 2; p >= 1; p--)
		for (int debias = 1; debias >= 0; debias--) {
			fair_sinkhorn_opts so;
			fair_sinkhorn_opts_init(&so);
			so.p = p;
			double v1, v2;
			fair_sinkhorn_divergence_ex(A, B, &so, debias, &v1, g1, h1, NULL, NULL);
			so.threads = 2;
			fair_sinkhorn_divergence_ex(A, B, &so, debias, &v2, g2, h2, NULL, NULL);
			gsl_test(v1 != v2, "sinkhorn p=%d debias=%d threads=2 value bit-identical (%.17g vs %.17g)",
			         p, debias, v1, v2);
			gsl_test(memcmp(g1->data, g2->data, 1123 * 5 * sizeof(double)) != 0 ||
			         memcmp(h1->data, h2->data, 1001 * 5 * sizeof(double)) != 0,
			         "sinkhorn p=%d debias=%d threads=2 gradients bit-identical", p, debias);
		}
	gsl_matrix_free(A);
	gsl_matrix_free(B);
	gsl_matrix_free(g1);
	gsl_matrix_free(g2);
	gsl_matrix_free(h1);
	gsl_matrix_free(h2);
}

/* The kernel of floats (large p = 2 problems solved to tol >= 2^-20, see
 * SKI_F32_TOL): 1,100 vs 1,000 points in 5 dimensions at the default tol
 * 1e-6 solve all three problems on it, and agree with the kernel of
 * doubles solved to 1e-11: the value to eps tol (a dual value at L1
 * marginal error tol is within about eps tol of the optimum; the entries'
 * rounding, 2^-24 relative, moves it far less), the gradients to 1e-4 of
 * their largest entry (plans at marginal error 1e-6); at tol 1e-7 the
 * doubles are kept. A problem whose exponents floats cannot hold (eps
 * small next to the costs: annealed) keeps doubles. The two-thread
 * results stay bit-identical on floats too (test_threads, same sizes). */
static void
test_float_kernel(void)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);   /* its own: the other tests' draws unchanged */
	gsl_rng_set(rng, 26);
	gsl_matrix *A = randm(rng, 1100, 5, 0.0, 0.3), *B = randm(rng, 1000, 5, 0.1, 0.3);
	gsl_matrix *g[2] = { gsl_matrix_alloc(1100, 5), gsl_matrix_alloc(1100, 5) };
	gsl_matrix *h[2] = { gsl_matrix_alloc(1000, 5), gsl_matrix_alloc(1000, 5) };
	double v[2];
	fair_sinkhorn_info info[2];
	for (int dbl = 0; dbl < 2; dbl++) {
		fair_sinkhorn_opts so;
		fair_sinkhorn_opts_init(&so);
		so.tol = dbl ? 1e-11 : 1e-6;
		so.max_iter = 100000;
		gsl_test(fair_sinkhorn_divergence_ex(A, B, &so, true, &v[dbl], g[dbl], h[dbl], &info[dbl], NULL),
		         "float kernel: %s runs", dbl ? "doubles" : "floats");
		gsl_test(!info[dbl].converged || !(info[dbl].marginal_error < so.tol),
		         "float kernel: %s converged (err %.2e)", dbl ? "doubles" : "floats", info[dbl].marginal_error);
	}
	gsl_test_int((int)info[0].float_kernels, 3, "float kernel: the three problems on floats at tol 1e-6");
	gsl_test_int((int)info[1].float_kernels, 0, "float kernel: doubles at tol 1e-11");
	gsl_test(!(fabs(v[0] - v[1]) <= 0.1 * 1e-6), "float kernel: value %.12g vs doubles %.12g (within eps tol)",
	         v[0], v[1]);
	double gmax = 0.0, diff = 0.0;
	for (size_t i = 0; i < 1100 * 5; i++) {
		gmax = fmax(gmax, fabs(g[1]->data[i]));
		diff = fmax(diff, fabs(g[0]->data[i] - g[1]->data[i]));
	}
	for (size_t i = 0; i < 1000 * 5; i++) {
		gmax = fmax(gmax, fabs(h[1]->data[i]));
		diff = fmax(diff, fabs(h[0]->data[i] - h[1]->data[i]));
	}
	gsl_test(!(diff <= 1e-4 * gmax) || !(gmax > 0.0), "float kernel: gradients agree (max diff %.2e, max %.3g)",
	         diff, gmax);
	/* tol 1e-7: doubles */
	fair_sinkhorn_opts so;
	fair_sinkhorn_opts_init(&so);
	so.tol = 1e-7;
	fair_sinkhorn_info i7;
	double v7;
	fair_sinkhorn_divergence_ex(A, B, &so, true, &v7, NULL, NULL, &i7, NULL);
	gsl_test_int((int)i7.float_kernels, 0, "float kernel: doubles at tol 1e-7");
	gsl_test(!(fabs(v7 - v[1]) <= 0.1 * 1e-7), "float kernel: tol 1e-7 value %.12g", v7);
	/* eps 0.01 next to costs up to ~2: annealed, exponents far below -80 */
	so.tol = 1e-6;
	so.eps = 0.01;
	double va, vb;
	fair_sinkhorn_info ia;
	fair_sinkhorn_divergence_ex(A, B, &so, true, &va, NULL, NULL, &ia, NULL);
	gsl_test(ia.schedule_len < 2, "float kernel: eps 0.01 is annealed (schedule %zu)", ia.schedule_len);
	gsl_test_int((int)ia.float_kernels, 0, "float kernel: eps 0.01 keeps doubles");
	so.tol = 1e-9;
	fair_sinkhorn_divergence_ex(A, B, &so, true, &vb, NULL, NULL, NULL, NULL);
	gsl_test(!(fabs(va - vb) <= 0.01 * 1e-6), "float kernel: eps 0.01 value %.12g vs %.12g", va, vb);
	for (int k = 0; k < 2; k++) {
		gsl_matrix_free(g[k]);
		gsl_matrix_free(h[k]);
	}
	gsl_matrix_free(A);
	gsl_matrix_free(B);
	gsl_rng_free(rng);
}

/* The default solver (one problem at a time, cached exponentials, Anderson
 * acceleration of the self problems) against doc/methods.md 6.1 literally
 * (alternate = false: averaged log-domain sweeps of all four potentials),
 * both run to tol 1e-11: values to 1e-8 relative and gradients to 1e-6 of
 * their largest entry, on problems from easy (eps large next to the costs)
 * to annealed (eps 1/400 of the largest cost) and far apart (potentials of
 * 60 eps: the kernel is re-referenced on the way). */
static void
test_solvers_agree(gsl_rng *rng)
{
	struct { size_t n, m, r; double shift, scale, eps; int p; } cs[] = {
		{ 60, 45, 3, 0.2, 1.0, 0.5, 2 },
		{ 60, 45, 3, 0.2, 1.0, 0.02, 2 },
		{ 40, 50, 2, 0.5, 1.0, 0.3, 1 },
		{ 30, 30, 1, 11.0, 1.0, 1.2, 2 },
		{ 200, 180, 8, 0.1, 0.25, 0.1, 2 },
	};
	for (size_t c = 0; c < sizeof cs / sizeof cs[0]; c++) {
		gsl_matrix *A = randm(rng, cs[c].n, cs[c].r, 0.0, cs[c].scale);
		gsl_matrix *B = randm(rng, cs[c].m, cs[c].r, cs[c].shift, cs[c].scale);
		gsl_matrix *gA[2], *gB[2];
		double v[2];
		fair_sinkhorn_info info[2];
		for (int lit = 0; lit < 2; lit++) {
			fair_sinkhorn_opts so;
			fair_sinkhorn_opts_init(&so);
			so.eps = cs[c].eps;
			so.p = cs[c].p;
			so.tol = 1e-11;
			so.max_iter = 200000;
			so.alternate = lit == 0;
			gA[lit] = gsl_matrix_alloc(cs[c].n, cs[c].r);
			gB[lit] = gsl_matrix_alloc(cs[c].m, cs[c].r);
			gsl_test(fair_sinkhorn_divergence_ex(A, B, &so, true, &v[lit], gA[lit], gB[lit], &info[lit], NULL),
			         "solvers case %zu (%s) runs", c, lit ? "literal" : "default");
			gsl_test(!info[lit].converged, "solvers case %zu (%s) converged (%zu sweeps, err %.2e)", c,
			         lit ? "literal" : "default", info[lit].iterations, info[lit].marginal_error);
		}
		gsl_test_rel(v[0], v[1], 1e-8, "solvers case %zu: default and literal values agree (eps %g, p %d)",
		             c, cs[c].eps, cs[c].p);
		double gmax = 0.0, diff = 0.0;
		for (int side = 0; side < 2; side++) {
			gsl_matrix *G0 = side ? gB[0] : gA[0], *G1 = side ? gB[1] : gA[1];
			for (size_t i = 0; i < G0->size1 * G0->size2; i++) {
				gmax = fmax(gmax, fabs(G1->data[i]));
				diff = fmax(diff, fabs(G0->data[i] - G1->data[i]));
			}
		}
		gsl_test(!(diff <= 1e-6 * gmax) || !(gmax > 0.0),
		         "solvers case %zu: gradients agree (max diff %.2e, max entry %.3g)", c, diff, gmax);
		if (cs[c].shift > 10.0) {
			/* translation identity S(Z, Z + d) = |d|^2 / 2 does not hold for
			 * independent samples; check the value against OT_eps terms */
			gsl_test(!(fabs(info[0].ot_ab - info[1].ot_ab) <= 1e-8 * fabs(info[1].ot_ab)),
			         "solvers case %zu: OT(a,b) agree with potentials far from the kernel's (%.12g vs %.12g)",
			         c, info[0].ot_ab, info[1].ot_ab);
		}
		for (int lit = 0; lit < 2; lit++) {
			gsl_matrix_free(gA[lit]);
			gsl_matrix_free(gB[lit]);
		}
		gsl_matrix_free(A);
		gsl_matrix_free(B);
	}
	/* translation identity with potentials far from zero: S(Z, Z + d) =
	 * |d|^2 / 2 = 200 in 1-D at eps 4.2 (|x - y|^2 up to ~412: no
	 * annealing; the cross potentials reach ~48 eps, beyond the kernel's
	 * re-referencing bound of 40 eps, so the kernel is rebuilt on the way) */
	gsl_matrix *Z = randm(rng, 50, 1, 0.0, 0.05), *Z2 = gsl_matrix_alloc(50, 1);
	for (size_t i = 0; i < 50; i++)
		gsl_matrix_set(Z2, i, 0, gsl_matrix_get(Z, i, 0) + 20.0);
	fair_sinkhorn_opts so;
	fair_sinkhorn_opts_init(&so);
	so.eps = 4.2;
	so.tol = 1e-12;
	double v;
	fair_sinkhorn_info info;
	fair_sinkhorn_divergence_ex(Z, Z2, &so, true, &v, NULL, NULL, &info, NULL);
	gsl_test(info.schedule_len != 1, "far clouds: no annealing (schedule %zu)", info.schedule_len);
	gsl_test_rel(v, 200.0, 1e-9, "far clouds: S(Z, Z + 20) = 200 (re-referenced kernel)");
	gsl_matrix_free(Z);
	gsl_matrix_free(Z2);
}

/* fair_group_distances: W1 by hand; MMD and Sinkhorn equal to the direct
 * calls on the same points (small groups: no summary); the quantile summary
 * of a large group; left-out rows; cancellation; the group limit. */
static void
test_group_distances(void)
{
	/* toy12's scores: F 0.9 0.8 0.4 0.7 0.2 0.1, M 0.95 0.85 0.6 0.55 0.3 0.05,
	 * W1 = (0.05 + 0.1 + 0.15 + 0.1 + 0.05 + 0.05) / 6 = 1/12; one row left out
	 * (group -1) and one NaN score */
	double v[14] = { 0.9, 0.8, 0.4, 0.7, 0.2, 0.1, 0.95, 0.85, 0.6, 0.55, 0.3, 0.05, 0.5, NAN };
	int32_t g[14] = { 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, -1, 1 };
	size_t rows[14];
	for (size_t i = 0; i < 14; i++)
		rows[i] = i;
	fair_group_distance *d = NULL;
	size_t nd = 0;
	double bw, eps;
	fair_error err;
	int rc = fair_group_distances(v, g, rows, 14, 2, NULL, &d, &nd, &bw, &eps, &err);
	gsl_test(rc || nd != 1, "group distances: one pair (rc %d, %zu pairs)", rc, nd);
	if (nd == 1) {
		gsl_test_int((int)d[0].na, 6, "group distances: n_a (NaN and group -1 left out)");
		gsl_test_int((int)d[0].nb, 6, "group distances: n_b");
		gsl_test_rel(d[0].w1, 1.0 / 12.0, 1e-14, "group distances: W1 = 1/12 by hand");
		double sortedB[6] = { 0.05, 0.3, 0.55, 0.6, 0.85, 0.95 }, sortedA[6] = { 0.1, 0.2, 0.4, 0.7, 0.8, 0.9 };
		gsl_matrix_view As = gsl_matrix_view_array(sortedA, 6, 1), Bs = gsl_matrix_view_array(sortedB, 6, 1);
		double ref;
		fair_mmd2(&As.matrix, &Bs.matrix, bw, true, &ref, NULL, NULL, NULL, NULL);
		gsl_test_rel(d[0].mmd2, ref, 1e-12, "group distances: MMD^2 = fair_mmd2 on the same points");
		gsl_test_rel(d[0].mmd2, -0.19079276511121246, 1e-12, "group distances: MMD^2 = numpy's value");
		gsl_test_rel(bw, 0.24748737341529162, 1e-12, "group distances: median bandwidth = numpy's value");
		fair_sinkhorn_opts so;
		fair_sinkhorn_opts_init(&so);
		so.eps = eps;
		so.max_iter = 100000;
		fair_sinkhorn_divergence(&As.matrix, &Bs.matrix, &so, &ref, NULL, NULL, NULL);
		gsl_test_rel(d[0].sinkhorn, ref, 1e-9, "group distances: Sinkhorn = the direct call on the same points");
	}
	free(d);

	/* a group of 2,000 values is summarised by 500 quantiles: the sorted
	 * values at floor((k + 1/2) 2000 / 500) = 4k + 2 */
	size_t n = 2600;
	double *w = malloc(n * sizeof *w);
	int32_t *gg = malloc(n * sizeof *gg);
	size_t *rr = malloc(n * sizeof *rr);
	for (size_t i = 0; i < n; i++) {
		rr[i] = i;
		gg[i] = i < 2000 ? 0 : 1;
		w[i] = i < 2000 ? (double)(1999 - i) : 3000.0 + (double)i;
	}
	rc = fair_group_distances(w, gg, rr, n, 2, NULL, &d, &nd, &bw, &eps, &err);
	gsl_test(rc || nd != 1 || d[0].pa != 500 || d[0].pb != 500 || d[0].na != 2000 || d[0].nb != 600,
	         "group distances: 2,000 and 600 values summarised by 500 points each");
	free(d);
	/* cancellation is checked between pairs */
	fair_group_distance_opts o;
	fair_group_distance_opts_init(&o);
	fair_progress prog;
	fair_progress_init(&prog);
	atomic_store(&prog.cancel, true);
	o.prog = &prog;
	gsl_test_int(fair_group_distances(w, gg, rr, n, 2, &o, &d, &nd, NULL, NULL, &err), FAIR_ECANCELED,
	             "group distances: cancelled");
	/* more than 50 groups is refused; fewer than 2 too */
	for (size_t i = 0; i < n; i++)
		gg[i] = (int32_t)(i % 60);
	gsl_test_int(fair_group_distances(w, gg, rr, n, 60, NULL, &d, &nd, NULL, NULL, &err), FAIR_EINVAL,
	             "group distances: 60 groups refused");
	gsl_test_str(err.msg, "distances: 60 groups would give 1770 pairs; at most 50 groups (1225 pairs) are compared",
	             "group distances: limit message");
	gsl_test_int(fair_group_distances(w, gg, rr, n, 1, NULL, &d, &nd, NULL, NULL, &err), FAIR_EINVAL,
	             "group distances: one group refused");
	free(w);
	free(gg);
	free(rr);
}

static void
test_errors(void)
{
	fair_error err;
	double v;
	gsl_matrix *A = gsl_matrix_calloc(3, 2), *B = gsl_matrix_calloc(4, 3), *C = gsl_matrix_calloc(4, 2);
	gsl_matrix *G = gsl_matrix_calloc(2, 2), *one = gsl_matrix_calloc(1, 2);
	fair_sinkhorn_opts so;
	fair_sinkhorn_opts_init(&so);

	gsl_test_int(fair_sinkhorn_divergence(NULL, C, NULL, &v, NULL, NULL, &err), FAIR_EINVAL, "sinkhorn NULL cloud");
	gsl_test_str(err.msg, "sinkhorn: empty point cloud", "sinkhorn NULL cloud message");
	gsl_test_int(fair_sinkhorn_divergence(A, B, NULL, &v, NULL, NULL, &err), FAIR_EINVAL, "sinkhorn dims");
	gsl_test_str(err.msg, "sinkhorn: point clouds have 2 and 3 columns; expected the same positive number",
	             "sinkhorn dims message");
	gsl_test_int(fair_sinkhorn_divergence(A, C, NULL, &v, G, NULL, &err), FAIR_EINVAL, "sinkhorn grad_A shape");
	gsl_test_int(fair_sinkhorn_divergence(A, C, NULL, &v, NULL, G, &err), FAIR_EINVAL, "sinkhorn grad_B shape");
	so.eps = 0;
	gsl_test_int(fair_sinkhorn_divergence(A, C, &so, &v, NULL, NULL, &err), FAIR_EINVAL, "sinkhorn eps 0");
	gsl_test_str(err.msg, "sinkhorn: eps is 0; expected a positive number", "sinkhorn eps message");
	so.eps = 0.1;
	so.scaling = 1.0;
	gsl_test_int(fair_sinkhorn_divergence(A, C, &so, &v, NULL, NULL, &err), FAIR_EINVAL, "sinkhorn scaling 1");
	so.scaling = 0.5;
	so.p = 3;
	gsl_test_int(fair_sinkhorn_divergence(A, C, &so, &v, NULL, NULL, &err), FAIR_EINVAL, "sinkhorn p 3");
	so.p = 2;
	so.tol = 0;
	gsl_test_int(fair_sinkhorn_divergence(A, C, &so, &v, NULL, NULL, &err), FAIR_EINVAL, "sinkhorn tol 0");
	so.tol = 1e-6;
	gsl_matrix_set(A, 1, 1, NAN);
	gsl_test_int(fair_sinkhorn_divergence(A, C, &so, &v, NULL, NULL, &err), FAIR_EINVAL, "sinkhorn NaN input");
	gsl_test_str(err.msg, "sinkhorn: first cloud has a non-finite value in row 1", "sinkhorn NaN message");
	gsl_matrix_set(A, 1, 1, 0);
	gsl_matrix_set(C, 2, 0, INFINITY);
	gsl_test_int(fair_sinkhorn_divergence(A, C, &so, &v, NULL, NULL, &err), FAIR_EINVAL, "sinkhorn inf input B");
	gsl_matrix_set(C, 2, 0, 0);
	/* not converging within max_iter is not an error, info says so */
	{
		double pa[] = { 0, 1, 2, 3 }, pb[] = { 0.5, 1.7, 2.2, 9 };
		gsl_matrix *X = from_array(pa, 4, 1), *Y = from_array(pb, 4, 1);
		fair_sinkhorn_info info;
		so.eps = 1e-3;
		so.max_iter = 2;
		so.tol = 1e-14;
		gsl_test(fair_sinkhorn_divergence_ex(X, Y, &so, true, &v, NULL, NULL, &info, &err),
		         "sinkhorn max_iter reached is not an error");
		gsl_test(info.converged, "sinkhorn info.converged false after 2 iterations");
		gsl_matrix_free(X);
		gsl_matrix_free(Y);
		fair_sinkhorn_opts_init(&so);
	}

	gsl_test_int(fair_mmd2(A, B, 1, false, &v, NULL, NULL, NULL, &err), FAIR_EINVAL, "mmd dims");
	gsl_test_int(fair_mmd2(NULL, B, 1, false, &v, NULL, NULL, NULL, &err), FAIR_EINVAL, "mmd NULL");
	gsl_test_int(fair_mmd2(A, C, 1, false, &v, G, NULL, NULL, &err), FAIR_EINVAL, "mmd grad_A shape");
	gsl_test_int(fair_mmd2(A, C, 1, false, &v, NULL, G, NULL, &err), FAIR_EINVAL, "mmd grad_B shape");
	gsl_test_int(fair_mmd2(one, C, 1, true, &v, NULL, NULL, NULL, &err), FAIR_EINVAL, "mmd unbiased 1 row");
	gsl_test_str(err.msg, "mmd: the unbiased estimate needs at least 2 points per cloud; got 1 and 4",
	             "mmd unbiased message");
	gsl_test_int(fair_mmd2(A, C, NAN, false, &v, NULL, NULL, NULL, &err), FAIR_EINVAL, "mmd NaN bandwidth");
	gsl_test_int(fair_median_bandwidth(one, NULL, &v, &err), FAIR_EINVAL, "median 1 point");
	gsl_test_str(err.msg, "median bandwidth: needs at least 2 points; got 1", "median 1 point message");
	gsl_test_int(fair_median_bandwidth(A, B, &v, &err), FAIR_EINVAL, "median dims");
	gsl_matrix_set(A, 0, 0, NAN);
	gsl_test_int(fair_median_bandwidth(A, C, &v, &err), FAIR_EINVAL, "median NaN");
	gsl_matrix_set(A, 0, 0, 0);
	gsl_test_int(fair_mean_divergence(A, B, &v, NULL, NULL, &err), FAIR_EINVAL, "mean dims");

	fair_divergence_opts dopt;
	fair_divergence_opts_init(&dopt);
	dopt.kind = 7;
	gsl_test_int(fair_divergence(A, C, &dopt, &v, NULL, NULL, &err), FAIR_EINVAL, "dispatch unknown kind");
	int kind;
	gsl_test_int(fair_divergence_parse("wasser", &kind, &err), FAIR_EINVAL, "parse unknown name");
	gsl_test_str(err.msg, "divergence 'wasser' is unknown; expected mmd, sinkhorn or mean", "parse message");
	gsl_test(fair_divergence_parse("sinkhorn", &kind, &err) || kind != FAIR_DIV_SINKHORN, "parse sinkhorn");
	gsl_test_str(fair_divergence_name(FAIR_DIV_MEAN), "mean", "name of mean");
	gsl_test(fair_divergence_name(9) != NULL, "name of unknown kind is NULL");
	/* dispatcher reaches each kind: same values as the direct calls */
	double d1, d2;
	gsl_matrix_set(C, 0, 1, 1.5);
	for (int k = 0; k < 3; k++) {
		dopt.kind = k;
		fair_divergence(A, C, &dopt, &d1, NULL, NULL, NULL);
		if (k == 0)
			fair_mmd2(A, C, 0, false, &d2, NULL, NULL, NULL, NULL);
		else if (k == 1)
			fair_sinkhorn_divergence(A, C, NULL, &d2, NULL, NULL, NULL);
		else
			fair_mean_divergence(A, C, &d2, NULL, NULL, NULL);
		gsl_test_rel(d1, d2, 0, "dispatcher %s", fair_divergence_name(k));
	}
	gsl_matrix_free(A);
	gsl_matrix_free(B);
	gsl_matrix_free(C);
	gsl_matrix_free(G);
	gsl_matrix_free(one);
}

int
main(void)
{
	gsl_set_error_handler_off();
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 2385);
	test_hand_cases();
	test_mmd_bruteforce(rng);
	test_identities(rng);
	test_gradients(rng);
	test_small_eps(rng);
	test_threads(rng);
	test_float_kernel();
	test_solvers_agree(rng);
	test_group_distances();
	test_errors();
	gsl_rng_free(rng);
	return gsl_test_summary();
}
