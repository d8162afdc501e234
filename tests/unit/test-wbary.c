/* test-wbary.c -- unit tests of the Wasserstein-barycenter post-processing
 * (doc/methods.md 4.5; test catalogue B1-B3): hand-worked tables, invariants on
 * synthetic data, degenerate cases and every error path, and an end-to-end
 * check with a GSL ridge base model on Law School and Communities & Crime. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_test.h>
#include <gsl/gsl_vector.h>

#include "ot/ot-private.h"
#include "testdata.h"

static int verbose;

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

static void
sort(double *x, size_t n)
{
	qsort(x, n, sizeof *x, cmp_double);
}

/* max pairwise exact KS between the groups of @v */
static double
ks_groups(const double *v, const int32_t *g, size_t n, size_t K)
{
	double **t = calloc(K, sizeof *t), best = 0;
	size_t *c = calloc(K, sizeof *c), i, a, b;
	for (i = 0; i < n; i++)
		if (g[i] >= 0)
			c[g[i]]++;
	for (a = 0; a < K; a++) {
		t[a] = malloc((c[a] + 1) * sizeof **t);
		c[a] = 0;
	}
	for (i = 0; i < n; i++)
		if (g[i] >= 0)
			t[g[i]][c[g[i]]++] = v[i];
	for (a = 0; a < K; a++)
		sort(t[a], c[a]);
	for (a = 0; a < K; a++)
		for (b = a + 1; b < K; b++) {
			double d = fair_ot1d_ks_sorted(t[a], c[a], t[b], c[b]);
			if (d > best)
				best = d;
		}
	for (a = 0; a < K; a++)
		free(t[a]);
	free(t);
	free(c);
	return best;
}

static void
test_hand(void)
{
	fair_error err;
	fair_wbary_opts o;
	const char *lab[] = {"A", "B"};
	fair_wbary *wb;

	/* Pure shift by 10, p = (.5, .5), no jitter: T_A[k] = .5 A_(k) + .5 B_(k)
	 * = A_(k) + 5 for k >= 1, T_A[0] = .5*1 + .5*11 = 6. A 2.5 -> rank 2 ->
	 * 2 + 5 = 7; B 12 -> rank 2 -> .5*2 + .5*12 = 7; A 0 -> 6; A 100 -> 9.
	 * alpha = .5 on A 2.5: .5*2.5 + .5*7 = 4.75. */
	{
		double s[] = {3, 11, 1, 12, 4, 13, 2, 14}, x[] = {2.5, 12, 0, 100}, out[4];
		int32_t g[] = {0, 1, 0, 1, 0, 1, 0, 1}, gx[] = {0, 1, 0, 0};
		wb = fair_wbary_fit(s, g, 8, 2, lab, 0, 1, &err);
		gsl_test(wb == NULL, "fit shift hand case: %s", wb ? "" : err.msg);
		if (wb != NULL) {
			gsl_test_int(fair_wbary_apply(wb, x, gx, 4, 1, 7, out, NULL, &err), FAIR_OK,
			             "apply status");
			gsl_test_abs(out[0], 7, 1e-15, "A 2.5 -> 7");
			gsl_test_abs(out[1], 7, 1e-15, "B 12 -> 7");
			gsl_test_abs(out[2], 6, 1e-15, "A 0 -> 6 (below all: barycenter min)");
			gsl_test_abs(out[3], 9, 1e-15, "A 100 -> 9 (above all: barycenter max)");
			fair_wbary_apply(wb, x, gx, 1, 0.5, 7, out, NULL, &err);
			gsl_test_abs(out[0], 4.75, 1e-15, "alpha .5: A 2.5 -> 4.75");
			gsl_test_abs(fair_wbary_weight(wb, 1), 0.5, 0, "weight B");
			gsl_test_int((int)fair_wbary_group_n(wb, 0), 4, "n A");
			gsl_test_abs(fair_wbary_jitter(wb), 0, 0, "jitter 0 kept");
			gsl_test_str(fair_wbary_label(wb, 1), "B", "label B");
			gsl_test_int((int)fair_wbary_group_index(wb, "B"), 1, "index of B");
			gsl_test_int((int)fair_wbary_group_index(wb, "C"), -1, "index of unknown");
			/* risk: W2^2(A, bar) = 25 = W2^2(B, bar) -> .5*25 + .5*25 = 25 */
			gsl_test_abs(fair_wbary_risk(wb), 25, 1e-12, "risk of a shift by 10");
			fair_wbary_free(wb);
		}
	}
	/* Unequal sizes A = {1,2,3}, B = {10,20}, p = (.6, .4), no jitter.
	 * T_A[1] = .6*1 + .4*B_(ceil(2/3)=1) = 4.6, T_A[2] = 1.2 + .4*B_(2) = 9.2,
	 * T_A[3] = 1.8 + 8 = 9.8, T_A[0] = .6 + 4 = 4.6;
	 * T_B[1] = .6*A_(ceil(3/2)=2) + .4*10 = 5.2, T_B[2] = 1.8 + 8 = 9.8.
	 * interp quantiles: T_A[1] = .6*Q_A(1/3) + .4*Q_B(1/3) with Q_A(1/3) =
	 * 1 + 2/3, Q_B(1/3) = 10 + 10/3 -> 1 + 5.3333 = 6.3333 */
	{
		double s[] = {1, 10, 2, 20, 3};
		int32_t g[] = {0, 1, 0, 1, 0};
		wb = fair_wbary_fit(s, g, 5, 2, NULL, 0, 1, &err);
		gsl_test(wb == NULL, "fit unequal hand case");
		if (wb != NULL) {
			gsl_test_abs(fair_wbary_map1(wb, 0, 1.0), 4.6, 1e-14, "T_A[1]");
			gsl_test_abs(fair_wbary_map1(wb, 0, 2.0), 9.2, 1e-14, "T_A[2]");
			gsl_test_abs(fair_wbary_map1(wb, 0, 3.5), 9.8, 1e-14, "T_A[3]");
			gsl_test_abs(fair_wbary_map1(wb, 0, 0.5), 4.6, 1e-14, "T_A[0]");
			gsl_test_abs(fair_wbary_map1(wb, 1, 10), 5.2, 1e-14, "T_B[1]");
			gsl_test_abs(fair_wbary_map1(wb, 1, 25), 9.8, 1e-14, "T_B[2]");
			gsl_test(!isnan(fair_wbary_map1(wb, 2, 1)), "map1 bad group is NaN");
			gsl_test_str(fair_wbary_label(wb, 0), "0", "default label");
			fair_wbary_free(wb);
		}
		fair_wbary_opts_init(&o);
		o.jitter = 0;
		o.quantile = FAIR_WBARY_Q_INTERP;
		wb = fair_wbary_fit_opts(s, g, 5, 2, NULL, &o, NULL, &err);
		gsl_test(wb == NULL, "fit interp");
		if (wb != NULL) {
			gsl_test_abs(fair_wbary_map1(wb, 0, 1.0), 1 + 16.0 / 3, 1e-13, "interp T_A[1]");
			gsl_test_int(fair_wbary_quantile_mode(wb), FAIR_WBARY_Q_INTERP, "quantile mode");
			fair_wbary_free(wb);
		}
	}
}

/* random group sizes 5..300, values with ties, 3 groups */
static void
test_insample(gsl_rng *r)
{
	int rep;
	double worst = -1;

	for (rep = 0; rep < 100; rep++) {
		size_t K = 3, N[3], n = 0, i, s, nmin = SIZE_MAX;
		double *f, *v, *out;
		int32_t *g;
		fair_wbary *wb;
		fair_error err;
		for (s = 0; s < K; s++) {
			N[s] = 5 + gsl_rng_uniform_int(r, 296);
			n += N[s];
			if (N[s] < nmin)
				nmin = N[s];
		}
		f = malloc(n * sizeof *f);
		v = malloc(n * sizeof *v);
		out = malloc(n * sizeof *out);
		g = malloc(n * sizeof *g);
		for (i = 0, s = 0; s < K; s++) {
			size_t j;
			for (j = 0; j < N[s]; j++, i++) {
				g[i] = (int32_t)s;
				f[i] = round((s * 0.7 + gsl_ran_gaussian(r, 1 + s)) * 4) / 4; /* ties */
			}
		}
		wb = fair_wbary_fit(f, g, n, K, NULL, FAIR_WBARY_JITTER_AUTO, (unsigned long)rep, &err);
		if (wb == NULL) {
			gsl_test(1, "in-sample fit: %s", err.msg);
			break;
		}
		/* transform the jittered calibration values themselves */
		for (i = 0, s = 0; s < K; s++) {
			size_t len, j;
			const double *c = fair_wbary_cdf_table(wb, s, &len);
			for (j = 0; j < len; j++, i++)
				v[i] = c[j];
		}
		fair_wbary_transform(wb, v, g, n, 1, out, &err);
		{
			double ks = ks_groups(out, g, n, K) - 1.0 / (double)nmin;
			if (ks > worst)
				worst = ks;
		}
		fair_wbary_free(wb);
		free(f);
		free(v);
		free(out);
		free(g);
	}
	gsl_test(worst > 1e-12, "B1: in-sample KS <= 1/min N_s + 1e-12 (100 configs; worst excess %g)",
	         worst);
}

/* draws N per group: group s ~ N(m[s], sd[s]^2) */
static void
gauss_groups(gsl_rng *r, size_t K, const size_t *N, const double *m, const double *sd,
             double *f, int32_t *g)
{
	size_t s, j, i = 0;
	for (s = 0; s < K; s++)
		for (j = 0; j < N[s]; j++, i++) {
			g[i] = (int32_t)s;
			f[i] = m[s] + gsl_ran_gaussian(r, sd[s]);
		}
}

static void
test_gauss(gsl_rng *r)
{
	enum { NG = 100000 };
	size_t N[2] = {NG, NG}, n = N[0] + N[1], i, s;
	double m[2] = {0, 2}, sd[2] = {1, 0.5}, p[2], mbar, sdbar, worst = 0, ks;
	double *f = malloc(n * sizeof *f), *x = malloc(n * sizeof *x), *out = malloc(n * sizeof *out);
	int32_t *g = malloc(n * sizeof *g), *gx = malloc(n * sizeof *gx);
	fair_error err;
	fair_wbary *wb;

	gauss_groups(r, 2, N, m, sd, f, g);
	wb = fair_wbary_fit(f, g, n, 2, NULL, FAIR_WBARY_JITTER_AUTO, 11, &err);
	gsl_test(wb == NULL, "gauss fit");
	if (wb == NULL)
		return;
	p[0] = (double)N[0] / n;
	p[1] = (double)N[1] / n;
	mbar = p[0] * m[0] + p[1] * m[1];
	sdbar = p[0] * sd[0] + p[1] * sd[1];
	gauss_groups(r, 2, N, m, sd, x, gx);
	fair_wbary_apply(wb, x, gx, n, 1, 12, out, NULL, &err);
	/* affine closed form on the central 98% (|z| < 2.326) */
	for (i = 0; i < n; i++) {
		double z = (x[i] - m[gx[i]]) / sd[gx[i]];
		if (fabs(z) < 2.326) {
			double e = fabs(out[i] - (mbar + sdbar * z));
			if (e > worst)
				worst = e;
		}
	}
	gsl_test(worst > 0.02 * sd[0], "B2: gaussian closed form, max error %g < 0.02 sd", worst);
	ks = ks_groups(out, gx, n, 2);
	gsl_test(ks > 3 / sqrt((double)N[1]), "out-of-sample KS %g <= 3/sqrt(min N)", ks);
	/* alpha = 1: group-independent quantile function (99 levels) */
	{
		double *t0 = malloc(N[0] * sizeof *t0), *t1 = malloc(N[1] * sizeof *t1), qd = 0;
		size_t k;
		memcpy(t0, out, N[0] * sizeof *t0);
		memcpy(t1, out + N[0], N[1] * sizeof *t1);
		sort(t0, N[0]);
		sort(t1, N[1]);
		for (k = 1; k < 100; k++)
			qd = fmax(qd, fabs(fair_ot1d_quantile_step(t0, N[0], k / 100.0) -
			                   fair_ot1d_quantile_step(t1, N[1], k / 100.0)));
		/* two independent samples of 1e5: sampling sd of a 1%% quantile gap
		 * is about 0.017 sdbar, so 0.05 sdbar is ~3 sd */
		gsl_test(qd > 0.05 * sdbar, "alpha=1: quantiles agree across groups (max gap %g)", qd);
		/* mean preservation (out of sample): sum p_s mean_s(out) vs sum p_s m_s */
		{
			double mo[2] = {0, 0};
			for (i = 0; i < n; i++)
				mo[gx[i]] += out[i] / N[gx[i]];
			gsl_test_abs(p[0] * mo[0] + p[1] * mo[1], mbar, 0.01, "mean preserved");
		}
		free(t0);
		free(t1);
	}
	/* alpha = .5 between the base and the fair predictor, row by row */
	{
		double *o5 = malloc(n * sizeof *o5), e = 0;
		fair_wbary_apply(wb, x, gx, n, 0.5, 12, o5, NULL, &err);
		for (i = 0; i < n; i++)
			e = fmax(e, fabs(o5[i] - (0.5 * x[i] + 0.5 * out[i])));
		gsl_test_abs(e, 0, 1e-12, "alpha=.5 is the midpoint of base and fair output");
		free(o5);
	}
	(void)s;
	fair_wbary_free(wb);
	free(f);
	free(x);
	free(out);
	free(g);
	free(gx);
}

static void
test_shift_identity_risk(gsl_rng *r)
{
	enum { NS = 10000 };
	size_t n = 2 * NS, i;
	double *f = malloc(n * sizeof *f), *out = malloc(n * sizeof *out), *v = malloc(n * sizeof *v);
	int32_t *g = malloc(n * sizeof *g);
	double c = 1.7, worst = 0, sigma;
	fair_error err;
	fair_wbary *wb;

	/* pure shift: group 1 = group 0 + c exactly; in sample T_0[k] - C_0[k] =
	 * p_1 (C_1[k] - C_0[k]) = p_1 c + O(sigma) */
	for (i = 0; i < NS; i++) {
		f[i] = gsl_ran_gaussian(r, 1);
		f[i + NS] = f[i] + c;
		g[i] = 0;
		g[i + NS] = 1;
	}
	wb = fair_wbary_fit(f, g, n, 2, NULL, FAIR_WBARY_JITTER_AUTO, 3, &err);
	sigma = fair_wbary_jitter(wb);
	for (i = 0; i < 2; i++) {
		size_t len, j;
		const double *t = fair_wbary_cdf_table(wb, i, &len);
		for (j = 0; j < len; j++) {
			double want = t[j] + (i == 0 ? c * 0.5 : -c * 0.5);
			worst = fmax(worst, fabs(fair_wbary_map1(wb, i, t[j]) - want));
		}
	}
	gsl_test(worst > 2 * sigma + 1e-12, "B2: shift in sample: |g - (f +- c p)| = %g <= 2 sigma",
	         worst);
	/* out of sample: fresh points of the same two laws, central 98% */
	{
		double e = 0;
		int32_t gx[2] = {0, 1};
		for (i = 0; i < 2000; i++) {
			double z = gsl_ran_gaussian(r, 1), x[2] = {z, z + c}, o[2];
			if (fabs(z) > 2.326)
				continue;
			fair_wbary_apply(wb, x, gx, 2, 1, i, o, NULL, &err);
			e = fmax(e, fmax(fabs(o[0] - (z + c / 2)), fabs(o[1] - (z + c - c / 2))));
		}
		gsl_test(e > 0.02, "B2: shift out of sample max error %g < 0.02", e);
	}
	fair_wbary_free(wb);

	/* identity: both groups from one law -> |g - f| = O(1/sqrt N) */
	for (i = 0; i < n; i++)
		f[i] = gsl_ran_gaussian(r, 1);
	wb = fair_wbary_fit(f, g, n, 2, NULL, FAIR_WBARY_JITTER_AUTO, 4, &err);
	{
		double *x = malloc(n * sizeof *x), e = 0;
		for (i = 0; i < n; i++)
			x[i] = gsl_ran_gaussian(r, 1);
		fair_wbary_apply(wb, x, g, n, 1, 5, out, NULL, &err);
		for (i = 0; i < n; i++)
			if (fabs(x[i]) < 2.326)
				e = fmax(e, fabs(out[i] - x[i]));
		gsl_test(e > 5 / sqrt((double)NS), "B2: identity case max |g - f| = %g <= 5/sqrt(N)", e);
		free(x);
	}
	fair_wbary_free(wb);

	/* monotonicity: sorted (already jittered) inputs give non-decreasing
	 * outputs in each group, alpha = 1 and .3; three groups, unequal laws */
	{
		size_t N3[3] = {3000, 5000, 2000};
		double m3[3] = {0, 1, -2}, sd3[3] = {1, 2, 0.3};
		int bad = 0;
		gauss_groups(r, 3, N3, m3, sd3, f, g);
		wb = fair_wbary_fit(f, g, 10000, 3, NULL, FAIR_WBARY_JITTER_AUTO, 6, &err);
		for (i = 0; i < n; i++)
			v[i] = -8 + 16.0 * i / n;
		for (int s = 0; s < 3; s++) {
			int32_t *gs = malloc(n * sizeof *gs);
			for (i = 0; i < n; i++)
				gs[i] = s;
			fair_wbary_transform(wb, v, gs, n, 1, out, &err);
			for (i = 1; i < n; i++)
				bad += out[i] < out[i - 1];
			fair_wbary_transform(wb, v, gs, n, 0.3, out, &err);
			for (i = 1; i < n; i++)
				bad += out[i] < out[i - 1];
			free(gs);
		}
		gsl_test_int(bad, 0, "B2: within-group monotonicity (3 groups, alpha 1 and .3)");

		/* B3 risk identity and mean preservation on the calibration sample */
		{
			double mse = 0, mf = 0, mg = 0, risk = fair_wbary_risk(wb);
			size_t k = 0;
			for (int s = 0; s < 3; s++) {
				size_t len, j;
				const double *t = fair_wbary_cdf_table(wb, s, &len);
				for (j = 0; j < len; j++, k++) {
					double gv = fair_wbary_map1(wb, s, t[j]);
					mse += (gv - t[j]) * (gv - t[j]);
					mf += t[j];
					mg += gv;
				}
			}
			mse /= k;
			gsl_test_rel(mse, risk, 0.05, "B3: mean (g-f)^2 %g ~ sum p W2^2 %g", mse, risk);
			/* closed form for gaussians: sum p (m - mbar)^2 + sum p (sd - sdbar)^2
			 * with p = (.3, .5, .2): mbar = .1, sdbar = 1.36 */
			gsl_test_rel(risk, 0.3 * 0.01 + 0.5 * 0.81 + 0.2 * 4.41 +
			             0.3 * 0.1296 + 0.5 * 0.4096 + 0.2 * 1.1236, 0.05,
			             "B3: risk vs gaussian closed form");
			gsl_test_abs(mg / k, mf / k, 0.01, "mean preservation in sample");
		}
		fair_wbary_free(wb);
	}
	free(f);
	free(out);
	free(v);
	free(g);
}

static void
test_alpha0_degenerate(gsl_rng *r)
{
	fair_error err;
	fair_wbary *wb;
	const char *lab[] = {"A", "B"}, *lab3[] = {"A", "B", "C"};
	size_t i;

	/* alpha = 0 reproduces the input bit for bit, NaN and group -1 included */
	{
		double f[6] = {0.1, -3.7, NAN, 1e300, 2.385, -0.0}, out[6];
		int32_t g[6] = {0, 1, 0, -1, 1, 0};
		double cf[4] = {0, 1, 2, 3};
		int32_t cg[4] = {0, 1, 0, 1};
		wb = fair_wbary_fit(cf, cg, 4, 2, lab, FAIR_WBARY_JITTER_AUTO, 1, &err);
		gsl_test_int(fair_wbary_apply(wb, f, g, 6, 0, 9, out, NULL, &err), FAIR_OK, "alpha 0");
		gsl_test(memcmp(f, out, sizeof f) != 0, "alpha=0 reproduces the input exactly");
		gsl_test_int(fair_wbary_apply(wb, f, g, 6, 1, 9, out, NULL, &err), FAIR_OK, "alpha 1");
		gsl_test(!isnan(out[2]) || !isnan(out[3]) || isnan(out[0]),
		         "NaN score and group -1 give NaN");
		/* in place */
		memcpy(out, f, sizeof f);
		fair_wbary_apply(wb, out, g, 6, 0, 9, out, NULL, &err);
		gsl_test(memcmp(f, out, sizeof f) != 0, "alpha=0 in place");
		/* errors of apply */
		gsl_test_int(fair_wbary_apply(wb, f, g, 6, 1.5, 9, out, NULL, &err), FAIR_EINVAL,
		             "alpha 1.5 rejected");
		gsl_test_str(err.msg, "alpha=1.5; expected a number in [0, 1]", "alpha msg");
		gsl_test_int(fair_wbary_apply(wb, f, g, 6, NAN, 9, out, NULL, &err), FAIR_EINVAL,
		             "alpha NaN rejected");
		g[4] = 2;
		gsl_test_int(fair_wbary_apply(wb, f, g, 6, 1, 9, out, NULL, &err), FAIR_EINVAL,
		             "apply group out of range");
		gsl_test_str(err.msg, "group code 2 at row 4 is outside [0, 2)", "apply group msg");
		gsl_test_int(fair_wbary_transform(wb, f, g, 6, 1, out, &err), FAIR_EINVAL,
		             "transform group out of range");
		fair_wbary_free(wb);
	}

	/* one calibration point in A = {5}, B = {0,1,2,3}, p = (.2,.8), no jitter:
	 * T_A[0] = .2*5 + .8*0 = 1, T_A[1] = 1 + .8*3 = 3.4 */
	{
		double f[5] = {5, 0, 1, 2, 3}, x[2] = {4, 6}, out[2];
		int32_t g[5] = {0, 1, 1, 1, 1}, gx[2] = {0, 0};
		wb = fair_wbary_fit(f, g, 5, 2, lab, 0, 1, &err);
		gsl_test(wb == NULL, "one-point group fits");
		fair_wbary_apply(wb, x, gx, 2, 1, 1, out, NULL, &err);
		gsl_test_abs(out[0], 1, 1e-15, "one-point group: below -> barycenter min");
		gsl_test_abs(out[1], 3.4, 1e-15, "one-point group: above -> barycenter max");
		fair_wbary_free(wb);
		wb = fair_wbary_fit(f, g, 5, 2, lab, FAIR_WBARY_JITTER_AUTO, 1, &err);
		gsl_test(wb == NULL, "one-point group fits with jitter");
		fair_wbary_free(wb);
	}

	/* constant predictions */
	{
		enum { NC = 1000 };
		double f[NC], out[NC], e = 0;
		int32_t g[NC];
		for (i = 0; i < NC; i++) {
			f[i] = 7.25;
			g[i] = i % 3 == 0;
		}
		wb = fair_wbary_fit(f, g, NC, 2, lab, FAIR_WBARY_JITTER_AUTO, 2, &err);
		gsl_test(wb == NULL, "constant predictions fit");
		gsl_test_abs(fair_wbary_jitter(wb), 7.25e-12, 1e-25, "constant: jitter floor");
		fair_wbary_apply(wb, f, g, NC, 1, 3, out, NULL, &err);
		for (i = 0; i < NC; i++)
			e = fmax(e, fabs(out[i] - 7.25));
		gsl_test(e > 1e-10, "constant predictions stay constant (max dev %g)", e);
		fair_wbary_free(wb);
		wb = fair_wbary_fit(f, g, NC, 2, lab, 0, 2, &err);
		fair_wbary_apply(wb, f, g, NC, 1, 3, out, NULL, &err);
		gsl_test_abs(out[5], 7.25, 0, "constant predictions without jitter: exact");
		fair_wbary_free(wb);
	}

	/* error paths of fit */
	{
		double f[6] = {1, 2, 3, 4, NAN, 6};
		int32_t g[6] = {0, 0, 2, 0, 1, 0};
		fair_wbary_opts o;
		double badw[3] = {1, -1, 0}, zw[3] = {0, 0, 0};

		wb = fair_wbary_fit(f, g, 6, 3, lab3, FAIR_WBARY_JITTER_AUTO, 1, &err);
		gsl_test(wb != NULL, "absent group rejected");
		gsl_test_int(err.code, FAIR_EUNDEF, "absent group code");
		gsl_test_str(err.msg, "group 'B' has no calibration rows", "absent group message");
		wb = fair_wbary_fit(f, g, 6, 1, lab3, FAIR_WBARY_JITTER_AUTO, 1, &err);
		gsl_test(wb != NULL, "K=1 rejected");
		gsl_test_str(err.msg, "wasserstein correction needs at least 2 groups; got 1", "K msg");
		wb = fair_wbary_fit(f, g, 6, 2, lab, FAIR_WBARY_JITTER_AUTO, 1, &err);
		gsl_test(wb != NULL, "group code 2 with K=2 rejected");
		gsl_test_str(err.msg, "group code 2 at row 2 is outside [0, 2)", "fit code msg");
		wb = fair_wbary_fit(f, g, 6, 3, lab3, NAN, 1, &err);
		gsl_test_str(err.msg, "jitter=nan; expected a finite number >= 0", "jitter NaN msg");
		wb = fair_wbary_fit(f, g, 6, 3, lab3, -2, 1, &err);
		gsl_test(wb != NULL, "negative jitter rejected");
		g[4] = 1;
		f[4] = 5;
		fair_wbary_opts_init(&o);
		o.weights = badw;
		wb = fair_wbary_fit_opts(f, g, 6, 3, lab3, &o, NULL, &err);
		gsl_test_str(err.msg, "weight of group 'B' is -1; expected a finite number >= 0",
		             "bad weight msg");
		o.weights = zw;
		wb = fair_wbary_fit_opts(f, g, 6, 3, lab3, &o, NULL, &err);
		gsl_test_str(err.msg, "group weights sum to 0", "zero weights msg");
		fair_wbary_opts_init(&o);
		o.split = FAIR_WBARY_SPLIT_TWO;
		wb = fair_wbary_fit_opts(f, g, 6, 3, lab3, &o, NULL, &err);
		gsl_test_str(err.msg, "group 'B' has 1 calibration row; bary-split=two needs at least 2",
		             "split two msg");
		o.split = 7;
		wb = fair_wbary_fit_opts(f, g, 6, 3, lab3, &o, NULL, &err);
		gsl_test_int(err.code, FAIR_EINVAL, "bad split enum");
		fair_wbary_opts_init(&o);
		o.quantile = 9;
		wb = fair_wbary_fit_opts(f, g, 6, 3, lab3, &o, NULL, &err);
		gsl_test_int(err.code, FAIR_EINVAL, "bad quantile enum");
		/* user weights are normalised and used */
		{
			double uw[3] = {1, 1, 2};
			o.quantile = FAIR_WBARY_Q_STEP;
			o.weights = uw;
			wb = fair_wbary_fit_opts(f, g, 6, 3, lab3, &o, NULL, &err);
			gsl_test_abs(wb ? fair_wbary_weight(wb, 2) : -1, 0.5, 0, "user weights normalised");
			fair_wbary_free(wb);
		}
		/* a non-finite calibration score is skipped and counted */
		f[1] = INFINITY;
		wb = fair_wbary_fit(f, g, 6, 3, lab3, 0, 1, &err);
		gsl_test_int(wb ? (int)fair_wbary_nskipped(wb) : -1, 1, "non-finite score skipped");
		gsl_test_int(wb ? (int)fair_wbary_group_n(wb, 0) : -1, 3, "group A keeps 3 rows");
		fair_wbary_free(wb);
	}

	/* cancellation */
	{
		size_t n = 200000;
		double *f = malloc(n * sizeof *f), *out = malloc(n * sizeof *out);
		int32_t *g = malloc(n * sizeof *g);
		fair_progress prog;
		for (i = 0; i < n; i++) {
			f[i] = gsl_rng_uniform(r);
			g[i] = i & 1;
		}
		fair_progress_init(&prog);
		wb = fair_wbary_fit_opts(f, g, n, 2, NULL, NULL, &prog, &err);
		gsl_test(wb == NULL, "fit with a progress record");
		gsl_test_int((int)atomic_load(&prog.iter), 2, "fit progress reaches K");
		atomic_store(&prog.cancel, true);
		gsl_test_int(fair_wbary_apply(wb, f, g, n, 1, 1, out, &prog, &err), FAIR_ECANCELED,
		             "apply cancelled");
		gsl_test(fair_wbary_fit_opts(f, g, n, 2, NULL, NULL, &prog, &err) != NULL,
		         "fit cancelled");
		gsl_test_int(err.code, FAIR_ECANCELED, "fit cancelled code");
		fair_wbary_free(wb);
		free(f);
		free(out);
		free(g);
	}
}

static void
test_split_determinism_tables(gsl_rng *r)
{
	size_t N[2] = {20000, 12000}, n = N[0] + N[1], i;
	double m[2] = {0, 1}, sd[2] = {1, 2};
	double *f = malloc(n * sizeof *f), *x = malloc(n * sizeof *x);
	double *o1 = malloc(n * sizeof *o1), *o2 = malloc(n * sizeof *o2);
	int32_t *g = malloc(n * sizeof *g), *gx = malloc(n * sizeof *gx);
	fair_wbary_opts o;
	fair_wbary *a, *b, *c;
	fair_error err;
	size_t lc, ld;

	gauss_groups(r, 2, N, m, sd, f, g);
	gauss_groups(r, 2, N, m, sd, x, gx);
	fair_wbary_opts_init(&o);
	o.split = FAIR_WBARY_SPLIT_TWO;
	o.seed = 77;
	a = fair_wbary_fit_opts(f, g, n, 2, NULL, &o, NULL, &err);
	gsl_test(a == NULL, "split=two fit");
	fair_wbary_cdf_table(a, 1, &lc);
	fair_wbary_quantile_table(a, 1, &ld);
	gsl_test_int((int)lc, 6000, "split=two: CDF half");
	gsl_test_int((int)ld, 6000, "split=two: quantile half");
	gsl_test_int((int)fair_wbary_group_n(a, 1), 12000, "split=two: group n");
	gsl_test_int(fair_wbary_split_mode(a), FAIR_WBARY_SPLIT_TWO, "split mode");
	fair_wbary_apply(a, x, gx, n, 1, 5, o1, NULL, &err);
	{
		double ks = ks_groups(o1, gx, n, 2);
		gsl_test(ks > 3 / sqrt(6000.0), "split=two out-of-sample KS %g <= 3/sqrt(n)", ks);
	}
	/* determinism: same seeds, same bits; another apply seed, other bits */
	b = fair_wbary_fit_opts(f, g, n, 2, NULL, &o, NULL, &err);
	fair_wbary_apply(b, x, gx, n, 1, 5, o2, NULL, &err);
	gsl_test(memcmp(o1, o2, n * sizeof *o1) != 0, "same seeds -> bit-identical output");
	fair_wbary_apply(b, x, gx, n, 1, 6, o2, NULL, &err);
	gsl_test(memcmp(o1, o2, n * sizeof *o1) == 0, "another apply seed changes the jitter");

	/* from_tables round trip */
	{
		const double *cdf[2], *qf[2];
		size_t nc[2], nq[2], gn[2] = {fair_wbary_group_n(a, 0), fair_wbary_group_n(a, 1)};
		double w[2] = {fair_wbary_weight(a, 0), fair_wbary_weight(a, 1)};
		const char *lab[2] = {"x", "y"};
		for (i = 0; i < 2; i++) {
			cdf[i] = fair_wbary_cdf_table(a, i, &nc[i]);
			qf[i] = fair_wbary_quantile_table(a, i, &nq[i]);
		}
		c = fair_wbary_from_tables(2, lab, cdf, nc, qf, nq, w, fair_wbary_jitter(a),
		                           FAIR_WBARY_Q_STEP, FAIR_WBARY_SPLIT_TWO, gn, &err);
		gsl_test(c == NULL, "from_tables: %s", c ? "" : err.msg);
		fair_wbary_apply(c, x, gx, n, 1, 5, o2, NULL, &err);
		gsl_test(memcmp(o1, o2, n * sizeof *o1) != 0, "from_tables reproduces the fit bit for bit");
		gsl_test_abs(fair_wbary_risk(c), fair_wbary_risk(a), 0, "from_tables risk");
		fair_wbary_free(c);
		/* errors */
		c = fair_wbary_from_tables(1, lab, cdf, nc, qf, nq, w, 0, 0, 0, NULL, &err);
		gsl_test(c != NULL, "from_tables K=1 rejected");
		c = fair_wbary_from_tables(2, lab, cdf, nc, qf, nq, NULL, 0, 0, 0, NULL, &err);
		gsl_test_str(err.msg, "saved wasserstein correction has no group weights",
		             "from_tables weights msg");
		c = fair_wbary_from_tables(2, lab, cdf, nc, qf, nq, w, -1, 0, 0, NULL, &err);
		gsl_test(c != NULL, "from_tables bad jitter rejected");
		{
			double bad[3] = {1, 3, 2};
			const double *bc[2] = {bad, cdf[1]};
			size_t bn[2] = {3, nc[1]};
			c = fair_wbary_from_tables(2, lab, bc, bn, bc, bn, w, 0, 0, 0, NULL, &err);
			gsl_test_str(err.msg, "cdf table of group 'x' is not sorted at 2",
			             "from_tables unsorted msg");
			bad[1] = NAN;
			c = fair_wbary_from_tables(2, lab, bc, bn, bc, bn, w, 0, 0, 0, NULL, &err);
			gsl_test_str(err.msg, "cdf table of group 'x' has a NaN at 1", "from_tables NaN msg");
			bn[0] = 0;
			c = fair_wbary_from_tables(2, lab, bc, bn, bc, bn, w, 0, 0, 0, NULL, &err);
			gsl_test_str(err.msg, "cdf table of group 'x' is empty", "from_tables empty msg");
		}
	}
	fair_wbary_free(a);
	fair_wbary_free(b);
	free(f);
	free(x);
	free(o1);
	free(o2);
	free(g);
	free(gx);
}

/* ---- end to end on real data ---- */

/* Reads the named columns of a simple CSV (no quoted fields) as numbers;
 * '?' or unparsable -> NaN; when eq[j] is set the value is 1 if the field
 * equals eq[j], else 0. Returns the row count or 0. */
static size_t
read_cols(const char *path, size_t k, const char *const *names, const char *const *eq,
          double **out)
{
	FILE *fp = fair_test_data_open(path);
	char *line = NULL, *save;
	size_t cap = 0, nrow = 0, rcap = 0, j;
	long idx[16];
	ssize_t len;

	if (fp == NULL || k > 16)
		return 0;
	for (j = 0; j < k; j++) {
		idx[j] = -1;
		out[j] = NULL;
	}
	if ((len = getline(&line, &cap, fp)) > 0) {
		long c = 0;
		char *tok;
		line[strcspn(line, "\r\n")] = 0;
		for (tok = strtok_r(line, ",", &save); tok; tok = strtok_r(NULL, ",", &save), c++)
			for (j = 0; j < k; j++)
				if (strcmp(tok, names[j]) == 0)
					idx[j] = c;
	}
	for (j = 0; j < k; j++)
		if (idx[j] < 0) {
			free(line);
			fclose(fp);
			return 0;
		}
	while ((len = getline(&line, &cap, fp)) > 0) {
		char *p = line;
		long c = 0;
		line[strcspn(line, "\r\n")] = 0;
		if (nrow == rcap) {
			rcap = rcap ? 2 * rcap : 1024;
			for (j = 0; j < k; j++)
				out[j] = realloc(out[j], rcap * sizeof(double));
		}
		for (;;) {
			char *e = strchr(p, ',');
			if (e)
				*e = 0;
			for (j = 0; j < k; j++)
				if (idx[j] == c) {
					char *end;
					double v;
					if (eq[j] != NULL)
						v = strcmp(p, eq[j]) == 0;
					else {
						v = strtod(p, &end);
						if (end == p || *end)
							v = NAN;
					}
					out[j][nrow] = v;
				}
			if (!e)
				break;
			p = e + 1;
			c++;
		}
		nrow++;
	}
	free(line);
	fclose(fp);
	return nrow;
}

static double
mse(const double *a, const double *y, const size_t *rows, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += (a[rows[i]] - y[rows[i]]) * (a[rows[i]] - y[rows[i]]);
	return s / n;
}

/* col[0] = target, col[1] = sensitive indicator (group = value > thr),
 * col[2..k) features; ridge on [1, s, features] fitted on the first half of a
 * seeded permutation, correction calibrated on the next quarter, evaluated on
 * the last quarter. */
static void
end_to_end(const char *name, double **col, size_t k, size_t n, double thr, double paper_ks_before,
           double paper_ks_after)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	size_t *perm = malloc(n * sizeof *perm), ntr = n / 2, nca = n / 4, nte, i, j, p = k;
	double *pred = malloc(n * sizeof *pred), *fair = calloc(n, sizeof *fair);
	int32_t *grp = malloc(n * sizeof *grp);
	gsl_matrix *X;
	gsl_vector *y, *c;
	gsl_multifit_linear_workspace *w;
	double rnorm, snorm, ks0, ks1, m0, m1;
	fair_wbary *wb;
	fair_error err;

	gsl_rng_set(r, 20200);
	for (i = 0; i < n; i++)
		perm[i] = i;
	gsl_ran_shuffle(r, perm, n, sizeof *perm);
	nte = n - ntr - nca;
	for (i = 0; i < n; i++)
		grp[i] = col[1][i] > thr;
	/* design: intercept, s, features */
	X = gsl_matrix_alloc(ntr, p);
	y = gsl_vector_alloc(ntr);
	c = gsl_vector_alloc(p);
	for (i = 0; i < ntr; i++) {
		size_t row = perm[i];
		gsl_matrix_set(X, i, 0, 1);
		gsl_matrix_set(X, i, 1, grp[row]);
		for (j = 2; j < k; j++)
			gsl_matrix_set(X, i, j, col[j][row]);
		gsl_vector_set(y, i, col[0][row]);
	}
	w = gsl_multifit_linear_alloc(ntr, p);
	gsl_multifit_linear_svd(X, w);
	gsl_multifit_linear_solve(1e-3 * sqrt((double)ntr), X, y, c, &rnorm, &snorm, w);
	for (i = 0; i < n; i++) {
		double v = gsl_vector_get(c, 0) + gsl_vector_get(c, 1) * grp[i];
		for (j = 2; j < k; j++)
			v += gsl_vector_get(c, j) * col[j][i];
		pred[i] = v;
	}
	/* calibration: the quarter after the training half */
	{
		double *cs = malloc(nca * sizeof *cs);
		int32_t *cg = malloc(nca * sizeof *cg);
		double *ts = malloc(nte * sizeof *ts), *to = malloc(nte * sizeof *to);
		int32_t *tg = malloc(nte * sizeof *tg);
		const char *lab[2] = {"low", "high"};
		for (i = 0; i < nca; i++) {
			cs[i] = pred[perm[ntr + i]];
			cg[i] = grp[perm[ntr + i]];
		}
		wb = fair_wbary_fit(cs, cg, nca, 2, lab, FAIR_WBARY_JITTER_AUTO, 1, &err);
		gsl_test(wb == NULL, "%s: fit", name);
		for (i = 0; i < nte; i++) {
			ts[i] = pred[perm[ntr + nca + i]];
			tg[i] = grp[perm[ntr + nca + i]];
		}
		fair_wbary_apply(wb, ts, tg, nte, 1, 2, to, NULL, &err);
		for (i = 0; i < nte; i++)
			fair[perm[ntr + nca + i]] = to[i];
		ks0 = ks_groups(ts, tg, nte, 2);
		ks1 = ks_groups(to, tg, nte, 2);
		m0 = mse(pred, col[0], perm + ntr + nca, nte);
		m1 = mse(fair, col[0], perm + ntr + nca, nte);
		if (verbose) {
			size_t nlo = 0;
			for (i = 0; i < nte; i++)
				nlo += tg[i] == 0;
			printf("%s (ridge on intercept, s and %zu features; 50/25/25 split, seed 20200; "
			       "test n = %zu: %zu/%zu)\n"
			       "  test KS  %.4f -> %.4f  (fall %.1f%%; 1/sqrt(n_min) = %.3f)\n"
			       "  test MSE %.4f -> %.4f  (rise %.1f%%)\n"
			       "  estimated extra squared error sum p W2^2 = %.4f\n"
			       "  first implementation's figures: KS %.2f -> %.2f\n",
			       name, k - 2, nte, nlo, nte - nlo, ks0, ks1, 100 * (1 - ks1 / ks0),
			       1 / sqrt((double)(nlo < nte - nlo ? nlo : nte - nlo)), m0, m1,
			       100 * (m1 / m0 - 1), fair_wbary_risk(wb), paper_ks_before, paper_ks_after);
		}
		gsl_test(ks1 > 0.3 * ks0, "%s: test KS falls by >= 70%% (%.4f -> %.4f)", name, ks0, ks1);
		gsl_test(m1 / m0 - 1 >= 1 - ks1 / ks0,
		         "%s: relative MSE rise (%.3f) < relative KS fall (%.3f)", name, m1 / m0 - 1,
		         1 - ks1 / ks0);
		fair_wbary_free(wb);
		free(cs);
		free(cg);
		free(ts);
		free(to);
		free(tg);
	}
	gsl_multifit_linear_free(w);
	gsl_matrix_free(X);
	gsl_vector_free(y);
	gsl_vector_free(c);
	free(perm);
	free(pred);
	free(fair);
	free(grp);
	gsl_rng_free(r);
}

static void
test_real_data(void)
{
	const char *path;
	double *col[16];
	size_t n, j;

	/* Law School: ZFYA on LSAT, UGPA; sensitive White (1) vs non-White (0) */
	{
		const char *names[] = {"ZFYA", "race", "LSAT", "UGPA"};
		const char *eq[] = {NULL, "White", NULL, NULL};
		if ((path = fair_test_data_path("law_school.csv")) != NULL) {
			n = read_cols(path, 4, names, eq, col);
			gsl_test(n == 0, "law_school.csv read");
		}
		if (path != NULL && n > 0) {
			end_to_end("law school", col, 4, n, 0.5, 0.82, 0.03);
			for (j = 0; j < 4; j++)
				free(col[j]);
		}
	}
	/* Communities and Crime: ViolentCrimesPerPop; sensitive racepctblack > 0.06 */
	{
		const char *names[] = {"ViolentCrimesPerPop", "racepctblack", "racePctWhite",
		                       "medIncome", "pctWPubAsst", "PctPopUnderPov", "PctUnemployed",
		                       "TotalPctDiv", "PctKids2Par", "PctIlleg"};
		const char *eq[10] = {NULL};
		if ((path = fair_test_data_path("communities.csv")) != NULL) {
			n = read_cols(path, 10, names, eq, col);
			gsl_test(n == 0, "communities.csv read");
		}
		if (path != NULL && n > 0) {
			end_to_end("communities", col, 10, n, 0.06, 0.55, 0.13);
			for (j = 0; j < 10; j++)
				free(col[j]);
		}
	}
}

/* The jitter is documented as the gsl_rng_uniform() stream of a gsl mt19937
 * seeded with the seed (wbary.c inlines that generator): rebuild the tables
 * and the applied outputs here with GSL itself and compare bit for bit, for
 * split=one and two, seeds 0 (GSL maps it to 4357), 1 and one above 2^32,
 * with skipped rows (group -1, NaN) in the calibration and the new data, and
 * more than 624 draws so the generator refills several times. The tables
 * (bucket sort in the fit) must equal a plain sort of the jittered values. */
static void
test_jitter_stream(void)
{
	const size_t n = 5000, K = 3;
	const unsigned long seeds[3] = {0, 1, (unsigned long)(4294967296.0 * (sizeof(long) > 4)) + 77};
	double *f = malloc(n * sizeof *f), *v = malloc(n * sizeof *v), *out = malloc(n * sizeof *out);
	double *e[3];
	int32_t *grp = malloc(n * sizeof *grp);
	size_t ne[3], i, s, si, split;
	gsl_rng *q = gsl_rng_alloc(gsl_rng_mt19937), *r = gsl_rng_alloc(gsl_rng_mt19937);
	fair_error err;

	for (s = 0; s < K; s++)
		e[s] = malloc(n * sizeof *e[s]);
	gsl_rng_set(q, 99);
	for (i = 0; i < n; i++) {
		grp[i] = (int32_t)gsl_rng_uniform_int(q, K + 1) - 1;
		/* coarse values: many ties, which only the jitter breaks; a few
		 * signed zeros */
		f[i] = floor(8 * gsl_ran_gaussian(q, 1)) / 8 + 0.5 * (grp[i] > 0);
		if (i % 97 == 5)
			f[i] = NAN;
		if (i % 89 == 3)
			f[i] = i % 2 ? -0.0 : 0.0;
	}
	for (split = 0; split < 2; split++)
		for (si = 0; si < 3; si++) {
			fair_wbary_opts o;
			fair_wbary *wb;
			int ok = 1, okq = 1, oka = 1;
			fair_wbary_opts_init(&o);
			o.seed = seeds[si];
			o.split = (int)split;
			o.jitter = 0.01;
			wb = fair_wbary_fit_opts(f, grp, n, K, NULL, &o, NULL, &err);
			gsl_test(wb == NULL, "jitter stream: fit split=%zu seed %lu", split, seeds[si]);
			if (wb == NULL)
				continue;
			gsl_rng_set(r, seeds[si]);
			ne[0] = ne[1] = ne[2] = 0;
			for (i = 0; i < n; i++)
				if (grp[i] >= 0 && isfinite(f[i]))
					e[grp[i]][ne[grp[i]]++] = f[i] + 0.01 * (2 * gsl_rng_uniform(r) - 1);
			for (s = 0; s < K; s++) {
				size_t lc, lq, h = split ? (ne[s] + 1) / 2 : ne[s];
				const double *c = fair_wbary_cdf_table(wb, s, &lc);
				const double *d = fair_wbary_quantile_table(wb, s, &lq);
				if (split)
					gsl_ran_shuffle(r, e[s], ne[s], sizeof(double));
				qsort(e[s], h, sizeof(double), cmp_double);
				if (split)
					qsort(e[s] + h, ne[s] - h, sizeof(double), cmp_double);
				ok &= lc == h && memcmp(c, e[s], h * sizeof *c) == 0;
				okq &= lq == ne[s] - (split ? h : 0) &&
				       memcmp(d, e[s] + (split ? h : 0), lq * sizeof *d) == 0;
			}
			gsl_test(!ok, "jitter stream: cdf tables = sorted gsl-jittered values (split=%zu, seed %lu)",
			         split, seeds[si]);
			gsl_test(!okq, "jitter stream: quantile tables (split=%zu, seed %lu)", split, seeds[si]);
			/* apply: one draw per row, skipped rows included */
			gsl_rng_set(r, seeds[si]);
			for (i = 0; i < n; i++)
				v[i] = f[i] + 0.01 * (2 * gsl_rng_uniform(r) - 1);
			gsl_test(fair_wbary_apply(wb, f, grp, n, 1, seeds[si], out, NULL, &err) != FAIR_OK,
			         "jitter stream: apply");
			for (i = 0; i < n; i++) {
				double want = grp[i] < 0 || !isfinite(f[i])
				                  ? NAN
				                  : fair_wbary_map1(wb, (size_t)grp[i], v[i]);
				if (memcmp(&want, &out[i], sizeof want) != 0 && !(isnan(want) && isnan(out[i])))
					oka = 0;
			}
			gsl_test(!oka, "jitter stream: apply = map1 of gsl-jittered values (split=%zu, seed %lu)",
			         split, seeds[si]);
			fair_wbary_free(wb);
		}
	for (s = 0; s < K; s++)
		free(e[s]);
	free(f);
	free(v);
	free(out);
	free(grp);
	gsl_rng_free(q);
	gsl_rng_free(r);
}

int
main(void)
{
	gsl_rng *r;
	const char *v = getenv("GSL_TEST_VERBOSE");

	gsl_set_error_handler_off();
	verbose = v != NULL && strcmp(v, "0") != 0 && *v != 0;
	r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 2385);
	test_hand();
	test_insample(r);
	test_gauss(r);
	test_shift_identity_risk(r);
	test_alpha0_degenerate(r);
	test_split_determinism_tables(r);
	test_jitter_stream();
	test_real_data();
	gsl_rng_free(r);
	return fair_test_data_status(gsl_test_summary());
}
