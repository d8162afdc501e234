/* test-model.c -- feature pipeline and base learners: hand-computed cases,
 * optimality invariants, error paths. Agreement with scikit-learn is checked
 * by model-ref.py through model-tool.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_test.h>

#include "fairsh/frame.h"
#include "learn/learn-private.h"

/* ---------------------------------------------------------------- helpers */

static double *
dup_d(const double *v, size_t n)
{
	double *p = malloc(n * sizeof *p);
	memcpy(p, v, n * sizeof *p);
	return p;
}

static fair_column *
cat_col(const char *name, const char *const *lv, size_t nlv, const int32_t *codes, size_t n)
{
	int32_t *c = malloc(n * sizeof *c);
	char **levels = malloc(nlv * sizeof *levels);
	fair_error err;
	memcpy(c, codes, n * sizeof *c);
	for (size_t k = 0; k < nlv; k++)
		levels[k] = strdup(lv[k]);
	return fair_column_new_categorical(name, c, n, levels, nlv, &err);
}

/* a random classification problem: n x d, y from a logistic model */
static void
make_problem(size_t n, size_t d, unsigned long seed, gsl_matrix **Xo, double **yo, double **wo)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_matrix *X = gsl_matrix_alloc(n, d);
	double *y = malloc(n * sizeof *y), *w = malloc(n * sizeof *w);
	gsl_rng_set(r, seed);
	for (size_t i = 0; i < n; i++) {
		double z = 0.3;
		for (size_t j = 0; j < d; j++) {
			double x = gsl_ran_gaussian(r, 1.0);
			gsl_matrix_set(X, i, j, x);
			z += x * (j % 2 ? -0.7 : 1.1) / (double)(j + 1);
		}
		y[i] = gsl_rng_uniform(r) < 1.0 / (1.0 + exp(-2.0 * z)) ? 1.0 : 0.0;
		w[i] = 0.5 + gsl_rng_uniform(r);
	}
	gsl_rng_free(r);
	*Xo = X;
	*yo = y;
	*wo = w;
}

/* --------------------------------------------------------------- pipeline */

static void
test_pipeline(void)
{
	fair_error err;
	const double av[4] = { 1.0, 2.0, NAN, 5.0 };
	const char *lv[2] = { "y", "x" };               /* dictionary order != sorted */
	const int32_t cc[4] = { 1, 0, 1, -1 };           /* x, y, x, missing */
	fair_frame *f = fair_frame_new();
	fair_column *a = fair_column_new_numeric("a", dup_d(av, 4), 4, &err);
	fair_column *c = cat_col("c", lv, 2, cc, 4);
	fair_frame_add_column(f, a, &err);
	fair_frame_add_column(f, c, &err);
	size_t cols[2] = { 0, 1 }, rows[4] = { 0, 1, 2, 3 };
	fair_pipeline_opts o;
	fair_pipeline_opts_init(&o);
	o.missing_indicators = true;

	fair_pipeline *p = fair_pipeline_fit(f, cols, 2, rows, 4, &o, &err);
	gsl_test(p == NULL, "pipeline fit: %s", p ? "" : err.msg);
	if (p == NULL)
		return;
	/* a: mean (1+2+5)/3 = 8/3; imputed 1,2,8/3,5 -> squared deviations
	 * 25/9 + 4/9 + 0 + 49/9 = 78/9, /4 = 13/6, sd = sqrt(13/6) = 1.4719601...
	 * features: a, a:missing, c=x, c=y, c:missing (levels sorted) */
	gsl_test_int((int)fair_pipeline_dim(p), 5, "pipeline dim with indicators");
	gsl_test_str(fair_pipeline_feature_name(p, 0), "a", "feature 0 name");
	gsl_test_str(fair_pipeline_feature_name(p, 1), "a:missing", "feature 1 name");
	gsl_test_str(fair_pipeline_feature_name(p, 2), "c=x", "feature 2 name (sorted)");
	gsl_test_str(fair_pipeline_feature_name(p, 3), "c=y", "feature 3 name");
	gsl_test_str(fair_pipeline_feature_name(p, 4), "c:missing", "feature 4 name");
	gsl_test(fair_pipeline_feature_name(p, 5) != NULL, "feature name out of range is NULL");
	gsl_matrix *X = fair_pipeline_transform(p, f, NULL, 0, &err);
	gsl_test(X == NULL, "pipeline transform: %s", X ? "" : err.msg);
	if (X != NULL) {
		double sd = sqrt(13.0 / 6.0);
		gsl_test_rel(gsl_matrix_get(X, 0, 0), (1.0 - 8.0 / 3.0) / sd, 1e-14, "standardised a[0]");
		gsl_test_rel(gsl_matrix_get(X, 3, 0), (5.0 - 8.0 / 3.0) / sd, 1e-14, "standardised a[3]");
		gsl_test_abs(gsl_matrix_get(X, 2, 0), 0.0, 0, "missing numeric -> 0");
		gsl_test_abs(gsl_matrix_get(X, 2, 1), 1.0, 0, "numeric missing indicator");
		gsl_test_abs(gsl_matrix_get(X, 0, 1), 0.0, 0, "numeric indicator 0 when present");
		/* row 1 is "y"; row 3 missing -> mode "x" (2 of 3) with indicator */
		gsl_test_abs(gsl_matrix_get(X, 1, 2) + 2 * gsl_matrix_get(X, 1, 3), 2.0, 0, "one-hot y");
		gsl_test_abs(gsl_matrix_get(X, 3, 2), 1.0, 0, "missing category -> mode");
		gsl_test_abs(gsl_matrix_get(X, 3, 4), 1.0, 0, "categorical missing indicator");
		double mean = 0, var = 0;
		for (size_t i = 0; i < 4; i++)
			mean += gsl_matrix_get(X, i, 0) / 4;
		for (size_t i = 0; i < 4; i++)
			var += pow(gsl_matrix_get(X, i, 0) - mean, 2) / 4;
		gsl_test_abs(mean, 0.0, 1e-15, "standardised column mean 0");
		gsl_test_rel(var, 1.0, 1e-14, "standardised column variance 1");
		gsl_matrix_free(X);
	}

	/* a second frame: columns in another order, c has an unseen level "z" */
	const char *lv2[3] = { "z", "x", "y" };
	const int32_t cc2[2] = { 0, 2 };
	const double av2[2] = { 8.0 / 3.0, 2.385 };
	fair_frame *g = fair_frame_new();
	fair_column *c2 = cat_col("c", lv2, 3, cc2, 2);
	fair_column *a2 = fair_column_new_numeric("a", dup_d(av2, 2), 2, &err);
	fair_frame_add_column(g, c2, &err);
	fair_frame_add_column(g, a2, &err);
	size_t r2[1] = { 0 };
	X = fair_pipeline_transform(p, g, r2, 1, &err);
	gsl_test(X == NULL, "transform other frame");
	if (X != NULL) {
		gsl_test_abs(gsl_matrix_get(X, 0, 0), 0.0, 1e-15, "mean value -> 0");
		gsl_test_abs(gsl_matrix_get(X, 0, 2) + gsl_matrix_get(X, 0, 3) + gsl_matrix_get(X, 0, 4),
		             0.0, 0, "unseen level -> all-zero one-hot, no indicator");
		gsl_matrix_free(X);
	}
	size_t r3[1] = { 1 };
	X = fair_pipeline_transform(p, g, r3, 1, &err);
	if (X != NULL) {
		gsl_test_abs(gsl_matrix_get(X, 0, 3), 1.0, 0, "level matched by string");
		gsl_matrix_free(X);
	}
	/* error paths */
	size_t bad[1] = { 7 };
	gsl_test(fair_pipeline_transform(p, g, bad, 1, &err) != NULL || err.code != FAIR_EINVAL,
	         "transform: row out of range");
	gsl_test(fair_pipeline_transform(p, g, r2, 0, &err) != NULL || err.code != FAIR_EINVAL,
	         "transform: zero rows");
	fair_frame *h = fair_frame_new();
	fair_column *a3 = fair_column_new_numeric("a", dup_d(av2, 2), 2, &err);
	fair_frame_add_column(h, a3, &err);
	gsl_test(fair_pipeline_transform(p, h, NULL, 0, &err) != NULL || err.code != FAIR_ENOTFOUND ||
	         strcmp(err.msg, "column 'c' not found") != 0, "transform: missing column (%s)", err.msg);
	fair_frame *k = fair_frame_new();
	fair_column *cc3 = cat_col("a", lv2, 3, cc2, 2);
	fair_frame_add_column(k, cc3, &err);
	fair_frame_add_column(k, c2, &err);
	gsl_test(fair_pipeline_transform(p, k, NULL, 0, &err) != NULL || err.code != FAIR_EINVAL,
	         "transform: type mismatch (%s)", err.msg);
	fair_pipeline_free(p);

	/* without indicators: 3 features; all-missing column is an error */
	p = fair_pipeline_fit(f, cols, 2, rows, 4, NULL, &err);
	gsl_test_int(p ? (int)fair_pipeline_dim(p) : -1, 3, "pipeline dim without indicators");
	fair_pipeline_free(p);
	size_t r_missing[1] = { 2 };
	gsl_test(fair_pipeline_fit(f, cols, 1, r_missing, 1, NULL, &err) != NULL ||
	         err.code != FAIR_EINVAL, "fit: column without a value (%s)", err.msg);
	gsl_test(fair_pipeline_fit(f, cols, 2, rows, 0, NULL, &err) != NULL, "fit: no rows");
	size_t badc[1] = { 9 };
	gsl_test(fair_pipeline_fit(f, badc, 1, rows, 4, NULL, &err) != NULL, "fit: column out of range");
	size_t dupc[2] = { 0, 0 };
	gsl_test(fair_pipeline_fit(f, dupc, 2, rows, 4, NULL, &err) != NULL, "fit: column twice");
	/* a constant column becomes 0 */
	const double cv[3] = { 2.385, 2.385, 2.385 };
	fair_frame *q = fair_frame_new();
	fair_column *qc = fair_column_new_numeric("k", dup_d(cv, 3), 3, &err);
	fair_frame_add_column(q, qc, &err);
	size_t qr[3] = { 0, 1, 2 }, qcol[1] = { 0 };
	p = fair_pipeline_fit(q, qcol, 1, qr, 3, NULL, &err);
	X = p ? fair_pipeline_transform(p, q, NULL, 0, &err) : NULL;
	gsl_test(X == NULL || gsl_matrix_get(X, 1, 0) != 0.0, "constant column -> 0");
	if (X)
		gsl_matrix_free(X);
	fair_pipeline_free(p);
	fair_pipeline_free(NULL);

	fair_column_unref(a); fair_column_unref(c); fair_column_unref(a2); fair_column_unref(c2);
	fair_column_unref(a3); fair_column_unref(cc3); fair_column_unref(qc);
	fair_frame_unref(f); fair_frame_unref(g); fair_frame_unref(h); fair_frame_unref(k);
	fair_frame_unref(q);
}

/* Columns near the ends of the double range: the plain sum of squares
 * overflows (|x| >= ~1e154) or underflows (|x| <= ~1e-162); mean and sd
 * come from the values scaled by a power of two, so the standardised
 * column is the same as for the unscaled values (it was 0: "constant"). */
static void
test_pipeline_extremes(void)
{
	/* x = 1, 2, 3, 4 times 2^k: mean 2.5, sd sqrt(1.25) times 2^k, and
	 * z = (x - mean) / sd = -1.5/sqrt(1.25) .. 1.5/sqrt(1.25) for every k;
	 * 2^k scaling is exact, so only the two passes' rounding differs */
	static const int ks[] = { 0, 520, 1020, -560, -1000 };
	fair_error err;
	double zr = 1.5 / sqrt(1.25);
	for (size_t t = 0; t < sizeof ks / sizeof ks[0]; t++) {
		double v[4];
		for (int i = 0; i < 4; i++)
			v[i] = ldexp(i + 1.0, ks[t]);
		fair_frame *f = fair_frame_new();
		fair_column *c = fair_column_new_numeric("x", dup_d(v, 4), 4, &err);
		fair_frame_add_column(f, c, &err);
		size_t rows[4] = { 0, 1, 2, 3 }, cols[1] = { 0 };
		fair_pipeline *p = fair_pipeline_fit(f, cols, 1, rows, 4, NULL, &err);
		gsl_matrix *X = p ? fair_pipeline_transform(p, f, NULL, 0, &err) : NULL;
		gsl_test(X == NULL, "extremes 2^%d: fit and transform", ks[t]);
		if (X) {
			gsl_test_rel(gsl_matrix_get(X, 0, 0), -zr, 1e-15, "extremes 2^%d: z of the smallest", ks[t]);
			gsl_test_rel(gsl_matrix_get(X, 3, 0), zr, 1e-15, "extremes 2^%d: z of the largest", ks[t]);
			gsl_matrix_free(X);
		}
		double lo, mean, hi;
		size_t n;
		fair_column_range(c, NULL, &lo, &mean, &hi, &n);
		gsl_test_rel(mean, ldexp(2.5, ks[t]), 1e-15, "extremes 2^%d: column mean", ks[t]);
		gsl_test(n != 4 || lo != v[0] || hi != v[3], "extremes 2^%d: range", ks[t]);
		fair_pipeline_free(p);
		fair_column_unref(c);
		fair_frame_unref(f);
	}
	/* +-1.7e308: x - mean overflows in the transform too */
	double v[3] = { 1.7e308, -1.7e308, 1.7e308 };
	fair_frame *f = fair_frame_new();
	fair_column *c = fair_column_new_numeric("x", dup_d(v, 3), 3, &err);
	fair_frame_add_column(f, c, &err);
	size_t rows[3] = { 0, 1, 2 }, cols[1] = { 0 };
	fair_pipeline *p = fair_pipeline_fit(f, cols, 1, rows, 3, NULL, &err);
	gsl_matrix *X = p ? fair_pipeline_transform(p, f, NULL, 0, &err) : NULL;
	/* mean 1.7e308/3, sd 1.7e308 sqrt(8/9): z = (1 - 1/3)/sqrt(8/9) = 1/sqrt(2), -sqrt(2) */
	gsl_test(X == NULL, "+-1.7e308: fit and transform");
	if (X) {
		gsl_test_rel(gsl_matrix_get(X, 0, 0), 1.0 / sqrt(2.0), 1e-14, "+-1.7e308: z of a positive value");
		gsl_test_rel(gsl_matrix_get(X, 1, 0), -sqrt(2.0), 1e-14, "+-1.7e308: z of the negative value");
		gsl_matrix_free(X);
	}
	double lo, mean, hi;
	size_t n;
	fair_column_range(c, NULL, &lo, &mean, &hi, &n);
	gsl_test_rel(mean, 1.7e308 / 3.0, 1e-15, "+-1.7e308: column mean is finite");
	fair_pipeline_free(p);
	fair_column_unref(c);
	fair_frame_unref(f);
}

/* ----------------------------------------------------------------- logreg */

static void
test_logreg(void)
{
	fair_error err;
	gsl_matrix *X;
	double *y, *w;
	fair_logreg_opts o;
	make_problem(300, 5, 11, &X, &y, &w);
	fair_logreg_opts_init(&o);
	o.C = 0.37;
	o.tol = 1e-12;   /* Newton converges quadratically: cheap to go this far */
	fair_learner *l = fair_logreg_fit(X, y, w, &o, NULL, &err);
	gsl_test(l == NULL, "logreg fit: %s", l ? "" : err.msg);
	if (l != NULL) {
		/* optimality: w = -C X'(s (p - y)) and sum s (p - y) = 0 */
		double *p = malloc(300 * sizeof *p), sb = 0.0;
		fair_learner_predict(l, X, p, &err);
		gsl_vector *g = gsl_vector_alloc(5);
		gsl_vector_memcpy(g, l->w);
		for (size_t i = 0; i < 300; i++) {
			double r = o.C * w[i] * (p[i] - y[i]);
			sb += r;
			for (size_t j = 0; j < 5; j++)
				g->data[j] += r * gsl_matrix_get(X, i, j);
		}
		gsl_test_abs(gsl_blas_dnrm2(g), 0.0, 1e-9, "logreg stationarity (weights)");
		gsl_test_abs(sb, 0.0, 1e-9, "logreg stationarity (intercept)");
		gsl_test(!l->converged, "logreg converged");
		gsl_test(l->iterations > 15, "logreg newton iterations %zu <= 15", l->iterations);
		gsl_test(!l->score_is_prob || l->threshold != 0.5, "logreg scores are probabilities");
		/* the CG path reaches the same optimum */
		o.newton_max_dim = 2;
		fair_learner *l2 = fair_logreg_fit(X, y, w, &o, NULL, &err);
		gsl_test(l2 == NULL, "logreg cg fit");
		if (l2) {
			for (size_t j = 0; j < 5; j++)
				gsl_test_abs(gsl_vector_get(l2->w, j), gsl_vector_get(l->w, j), 1e-7, "logreg cg == newton w%zu", j);
			gsl_test_abs(l2->b, l->b, 1e-7, "logreg cg == newton b");
			fair_learner_free(l2);
		}
		gsl_vector_free(g);
		free(p);
		fair_learner_free(l);
	}
	/* error paths */
	double y1[300];
	for (size_t i = 0; i < 300; i++)
		y1[i] = 1.0;
	gsl_test(fair_logreg_fit(X, y1, NULL, NULL, NULL, &err) != NULL ||
	         strcmp(err.msg, "logreg: target has one class (1 only)") != 0, "logreg one class: %s", err.msg);
	y1[3] = 0.5;
	gsl_test(fair_logreg_fit(X, y1, NULL, NULL, NULL, &err) != NULL || err.code != FAIR_EINVAL,
	         "logreg non-binary target: %s", err.msg);
	double save = gsl_matrix_get(X, 4, 2);
	gsl_matrix_set(X, 4, 2, NAN);
	gsl_test(fair_logreg_fit(X, y, NULL, NULL, NULL, &err) != NULL ||
	         strcmp(err.msg, "logreg: feature 3 has a missing or infinite value in row 5") != 0,
	         "logreg NaN: %s", err.msg);
	gsl_matrix_set(X, 4, 2, save);
	w[0] = -1;
	gsl_test(fair_logreg_fit(X, y, w, NULL, NULL, &err) != NULL || err.code != FAIR_EINVAL,
	         "logreg negative weight: %s", err.msg);
	w[0] = 1;
	o.C = 0;
	gsl_test(fair_logreg_fit(X, y, w, &o, NULL, &err) != NULL || err.code != FAIR_EINVAL, "logreg C=0");
	fair_progress pr;
	fair_progress_init(&pr);
	atomic_store(&pr.cancel, true);
	gsl_test(fair_logreg_fit(X, y, w, NULL, &pr, &err) != NULL || err.code != FAIR_ECANCELED,
	         "logreg cancelled");
	gsl_matrix_free(X);
	free(y);
	free(w);
}

/* ------------------------------------------------------------------ ridge */

static void
test_ridge(void)
{
	fair_error err;
	/* x = 0,1,2; y = 1,3,2; alpha 1: xbar 1, ybar 2, Sxx 2, Sxy 1 ->
	 * w = 1/(2+1) = 1/3, b = 2 - 1/3 = 5/3 */
	double xv[3] = { 0, 1, 2 }, yv[3] = { 1, 3, 2 };
	gsl_matrix_view Xv = gsl_matrix_view_array(xv, 3, 1);
	fair_learner *l = fair_ridge_fit(&Xv.matrix, yv, NULL, NULL, NULL, &err);
	gsl_test(l == NULL, "ridge fit");
	if (l) {
		gsl_test_rel(gsl_vector_get(l->w, 0), 1.0 / 3.0, 1e-14, "ridge hand w");
		gsl_test_rel(l->b, 5.0 / 3.0, 1e-14, "ridge hand b");
		fair_learner_free(l);
	}
	/* weighted, 6 features: equals the augmented normal equations
	 * [X 1]' S [X 1] + diag(alpha..alpha, 0) solved by LU */
	gsl_matrix *X;
	double *y, *w;
	make_problem(200, 6, 5, &X, &y, &w);
	for (size_t i = 0; i < 200; i++)
		y[i] = y[i] * 2.385 + gsl_matrix_get(X, i, 0) - 0.5 * gsl_matrix_get(X, i, 3);
	fair_ridge_opts o;
	fair_ridge_opts_init(&o);
	o.alpha = 3.7;
	l = fair_ridge_fit(X, y, w, &o, NULL, &err);
	gsl_matrix *A = gsl_matrix_calloc(7, 7);
	gsl_vector *rhs = gsl_vector_calloc(7), *sol = gsl_vector_alloc(7);
	gsl_permutation *perm = gsl_permutation_alloc(7);
	int sgn;
	for (size_t i = 0; i < 200; i++)
		for (size_t j = 0; j < 7; j++) {
			double xj = j < 6 ? gsl_matrix_get(X, i, j) : 1.0;
			rhs->data[j] += w[i] * xj * y[i];
			for (size_t k = 0; k < 7; k++) {
				double xk = k < 6 ? gsl_matrix_get(X, i, k) : 1.0;
				*gsl_matrix_ptr(A, j, k) += w[i] * xj * xk;
			}
		}
	for (size_t j = 0; j < 6; j++)
		*gsl_matrix_ptr(A, j, j) += o.alpha;
	gsl_linalg_LU_decomp(A, perm, &sgn);
	gsl_linalg_LU_solve(A, perm, rhs, sol);
	gsl_test(l == NULL, "ridge weighted fit");
	if (l) {
		for (size_t j = 0; j < 6; j++)
			gsl_test_rel(gsl_vector_get(l->w, j), sol->data[j], 1e-10, "ridge == normal equations w%zu", j);
		gsl_test_rel(l->b, sol->data[6], 1e-10, "ridge == normal equations b");
		fair_learner_free(l);
	}
	/* singular: alpha 0 with a duplicated column */
	for (size_t i = 0; i < 200; i++)
		gsl_matrix_set(X, i, 5, gsl_matrix_get(X, i, 4));
	o.alpha = 0;
	gsl_test(fair_ridge_fit(X, y, w, &o, NULL, &err) != NULL || err.code != FAIR_ENUMERIC ||
	         strstr(err.msg, "singular") == NULL, "ridge singular: %s", err.msg);
	o.alpha = -1;
	gsl_test(fair_ridge_fit(X, y, w, &o, NULL, &err) != NULL || err.code != FAIR_EINVAL, "ridge alpha<0");
	gsl_matrix_free(A); gsl_vector_free(rhs); gsl_vector_free(sol); gsl_permutation_free(perm);
	gsl_matrix_free(X); free(y); free(w);
}

/* -------------------------------------------------------------------- svm */

static void
test_svm(void)
{
	fair_error err;
	/* x = -1 (y 0), x = +1 (y 1), C = 10: by symmetry b = 0, and
	 * 0.5 w^2 + 20 max(0, 1 - w) is minimal at the kink w = 1; objective 0.5 */
	double xv[2] = { -1, 1 }, yv[2] = { 0, 1 };
	gsl_matrix_view Xv = gsl_matrix_view_array(xv, 2, 1);
	fair_svm_opts o;
	fair_svm_opts_init(&o);
	o.C = 10;
	o.tol = 1e-10;
	fair_learner *l = fair_svm_fit(&Xv.matrix, yv, NULL, &o, NULL, &err);
	gsl_test(l == NULL, "svm fit");
	if (l) {
		gsl_test_rel(gsl_vector_get(l->w, 0), 1.0, 1e-9, "svm hand w");
		gsl_test_abs(l->b, 0.0, 1e-9, "svm hand b");
		gsl_test_rel(fair_svm_primal(l, &Xv.matrix, yv, NULL, o.C), 0.5, 1e-9, "svm hand objective");
		fair_learner_free(l);
	}
	/* determinism and weights: weight 2 == row duplicated (same optimum) */
	gsl_matrix *X;
	double *y, *w;
	make_problem(400, 4, 3, &X, &y, &w);
	o.C = 0.5;
	o.tol = 1e-6;
	o.seed = 42;
	fair_learner *a = fair_svm_fit(X, y, w, &o, NULL, &err);
	fair_learner *b = fair_svm_fit(X, y, w, &o, NULL, &err);
	gsl_test(a == NULL || b == NULL, "svm fits");
	if (a && b) {
		gsl_test(memcmp(a->w->data, b->w->data, 4 * sizeof(double)) != 0 || a->b != b->b,
		         "svm same seed -> bit-identical");
		o.seed = 7;
		fair_learner *c = fair_svm_fit(X, y, w, &o, NULL, &err);
		if (c) {
			double pa = fair_svm_primal(a, X, y, w, o.C), pc = fair_svm_primal(c, X, y, w, o.C);
			gsl_test_rel(pc, pa, 1e-5, "svm other seed -> same objective");
			fair_learner_free(c);
		}
	}
	fair_learner_free(a);
	fair_learner_free(b);
	double y1[400];
	for (size_t i = 0; i < 400; i++)
		y1[i] = 0;
	gsl_test(fair_svm_fit(X, y1, NULL, NULL, NULL, &err) != NULL || strstr(err.msg, "one class") == NULL,
	         "svm one class");
	fair_progress pr;
	fair_progress_init(&pr);
	atomic_store(&pr.cancel, true);
	gsl_test(fair_svm_fit(X, y, w, NULL, &pr, &err) != NULL || err.code != FAIR_ECANCELED, "svm cancelled");
	o.C = -1;
	gsl_test(fair_svm_fit(X, y, w, &o, NULL, &err) != NULL || err.code != FAIR_EINVAL, "svm C<0");
	gsl_matrix_free(X); free(y); free(w);
}

/* --------------------------------------------------------------- nn / mlp */

/* L(theta) = 0.5 sum out^2 + sum_ij Gh_ij h_ij (h = output of hidden layer 1);
 * backward with dL/dout = out and the injected Gh must match finite
 * differences of L. */
static double
nn_probe_loss(const fair_nn *net, fair_nn_work *ws, const gsl_matrix *X, const gsl_matrix *Gh)
{
	double L = 0.0;
	fair_nn_forward(net, ws, X, NULL);
	gsl_matrix_view out = fair_nn_layer_output(ws, fair_nn_nlayers(net));
	gsl_matrix_view h = fair_nn_layer_output(ws, 1);
	for (size_t i = 0; i < out.matrix.size1; i++)
		for (size_t k = 0; k < out.matrix.size2; k++)
			L += 0.5 * pow(gsl_matrix_get(&out.matrix, i, k), 2);
	for (size_t i = 0; i < h.matrix.size1; i++)
		for (size_t k = 0; k < h.matrix.size2; k++)
			L += gsl_matrix_get(Gh, i, k) * gsl_matrix_get(&h.matrix, i, k);
	return L;
}

static void
gradcheck(int act, const char *name)
{
	fair_error err;
	size_t hidden[2] = { 5, 4 };
	fair_nn *net = fair_nn_new(3, hidden, 2, 2, act, 17, &err);
	fair_nn_work *ws = fair_nn_work_new(net, 7, &err);
	gsl_matrix *X = gsl_matrix_alloc(7, 3), *Gh = gsl_matrix_alloc(7, 5);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	size_t P = fair_nn_nparams(net);
	double *g = malloc(P * sizeof *g), *th = fair_nn_params(net), maxrel = 0.0;

	gsl_test_int((int)P, 3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2, "nn parameter count");
	for (size_t k = 0; k < P; k++)   /* non-zero biases so ReLU units are mixed */
		th[k] += 0.3 * gsl_ran_gaussian(r, 1.0);
	for (size_t i = 0; i < 7; i++) {
		for (size_t j = 0; j < 3; j++)
			gsl_matrix_set(X, i, j, gsl_ran_gaussian(r, 1.0));
		for (size_t j = 0; j < 5; j++)
			gsl_matrix_set(Gh, i, j, gsl_ran_gaussian(r, 1.0));
	}
	fair_nn_forward(net, ws, X, &err);
	gsl_matrix_view out = fair_nn_layer_output(ws, 3), G3 = fair_nn_layer_grad(ws, 3);
	gsl_matrix_view G1 = fair_nn_layer_grad(ws, 1);
	gsl_matrix_memcpy(&G3.matrix, &out.matrix);
	gsl_matrix_add(&G1.matrix, Gh);
	fair_nn_backward(net, ws, X, g, &err);
	for (size_t k = 0; k < P; k++) {
		double save = th[k], h = 1e-6 * fmax(1.0, fabs(save));
		th[k] = save + h;
		double lp = nn_probe_loss(net, ws, X, Gh);
		th[k] = save - h;
		double lm = nn_probe_loss(net, ws, X, Gh);
		th[k] = save;
		double fd = (lp - lm) / (2 * h);
		double rel = fabs(fd - g[k]) / fmax(1e-3, fabs(g[k]) + fabs(fd));
		if (rel > maxrel)
			maxrel = rel;
	}
	gsl_test(maxrel > 1e-5, "nn %s gradient == finite differences (max rel %.3g)", name, maxrel);
	gsl_test(fair_nn_forward(net, ws, Gh, &err) != FAIR_EINVAL, "nn forward shape error");
	gsl_rng_free(r);
	gsl_matrix_free(X);
	gsl_matrix_free(Gh);
	free(g);
	fair_nn_work_free(ws);
	fair_nn_free(net);
}

static void
test_nn(void)
{
	fair_error err;
	gradcheck(FAIR_NN_TANH, "tanh");
	gradcheck(FAIR_NN_RELU, "relu");
	size_t zero[1] = { 0 };
	gsl_test(fair_nn_new(3, zero, 1, 1, FAIR_NN_RELU, 0, &err) != NULL, "nn zero width is an error");
	/* Adam on f(x) = 0.5 (x - 2.385)^2 reaches the minimum */
	fair_adam *a = fair_adam_new(1, 0.05, 0.9, 0.999, 1e-8, &err);
	double x = 0.0, gx;
	for (int k = 0; k < 3000; k++) {
		gx = x - 2.385;
		fair_adam_step(a, &x, &gx);
	}
	gsl_test_abs(x, 2.385, 1e-3, "adam minimises a quadratic");
	fair_adam_free(a);
}

static void
test_mlp(void)
{
	fair_error err;
	fair_mlp_opts o;
	/* XOR-like: y = 1 when x1 x2 > 0 -- not linearly separable */
	size_t n = 600;
	gsl_matrix *X = gsl_matrix_alloc(n, 2);
	double *y = malloc(n * sizeof *y), *s = malloc(n * sizeof *s);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 99);
	for (size_t i = 0; i < n; i++) {
		double a = 2 * gsl_rng_uniform(r) - 1, b = 2 * gsl_rng_uniform(r) - 1;
		gsl_matrix_set(X, i, 0, a);
		gsl_matrix_set(X, i, 1, b);
		y[i] = a * b > 0;
	}
	fair_mlp_opts_init(&o);
	gsl_test(fair_mlp_parse_hidden(&o, "16,8", &err) != FAIR_OK || o.nhidden != 2 || o.hidden[0] != 16 ||
	         o.hidden[1] != 8, "parse hidden 16,8");
	gsl_test(fair_mlp_parse_hidden(&o, "16,", &err) != FAIR_EINVAL, "parse hidden trailing comma");
	gsl_test(fair_mlp_parse_hidden(&o, "a", &err) != FAIR_EINVAL, "parse hidden letters");
	gsl_test(fair_mlp_parse_hidden(&o, "0", &err) != FAIR_OK || o.nhidden != 0, "parse hidden 0");
	fair_mlp_parse_hidden(&o, "16,8", &err);
	o.epochs = 300;
	o.lr = 0.01;
	o.batch = 32;
	o.seed = 4;
	fair_progress pr;
	fair_progress_init(&pr);
	fair_learner *l = fair_mlp_fit(X, y, NULL, &o, &pr, &err);
	gsl_test(l == NULL, "mlp fit: %s", l ? "" : err.msg);
	if (l) {
		fair_learner_predict(l, X, s, &err);
		double acc = 0;
		for (size_t i = 0; i < n; i++)
			acc += (s[i] > 0.5) == (y[i] > 0.5);
		gsl_test(acc / (double)n < 0.95, "mlp learns xor (accuracy %.3f >= 0.95)", acc / (double)n);
		gsl_test(atomic_load(&pr.iter) != l->iterations || !(atomic_load(&pr.aux) >= 0),
		         "mlp progress: epochs and validation loss");
		fair_learner *l2 = fair_mlp_fit(X, y, NULL, &o, NULL, &err);
		double *s2 = malloc(n * sizeof *s2);
		fair_learner_predict(l2, X, s2, &err);
		gsl_test(memcmp(s, s2, n * sizeof *s) != 0, "mlp same seed -> bit-identical scores");
		free(s2);
		fair_learner_free(l2);
		fair_learner_free(l);
	}
	/* early stopping: with pure-noise labels validation loss stops improving */
	for (size_t i = 0; i < n; i++)
		y[i] = gsl_rng_uniform(r) < 0.5;
	o.patience = 3;
	o.epochs = 500;
	l = fair_mlp_fit(X, y, NULL, &o, NULL, &err);
	gsl_test(l == NULL || l->iterations >= 500 || !l->converged, "mlp early stopping on noise (%zu epochs)",
	         l ? l->iterations : 0);
	fair_learner_free(l);
	/* regression: y = 3 x1 - 2 x2 + 10, no hidden layer = linear model */
	for (size_t i = 0; i < n; i++)
		y[i] = 3 * gsl_matrix_get(X, i, 0) - 2 * gsl_matrix_get(X, i, 1) + 10;
	fair_mlp_opts_init(&o);
	o.task = FAIR_TASK_REGRESSION;
	o.nhidden = 0;
	o.lr = 0.01;
	o.val_fraction = 0;
	o.epochs = 200;
	o.l2 = 0;
	l = fair_mlp_fit(X, y, NULL, &o, NULL, &err);
	gsl_test(l == NULL, "mlp regression fit");
	if (l) {
		double mse = 0;
		fair_learner_predict(l, X, s, &err);
		for (size_t i = 0; i < n; i++)
			mse += pow(s[i] - y[i], 2) / (double)n;
		gsl_test(mse > 1e-4, "mlp regression fits a linear function (mse %.3g)", mse);
		gsl_test(l->iterations != 200, "mlp without validation runs all epochs");
		fair_learner_free(l);
	}
	/* errors */
	fair_progress_init(&pr);
	atomic_store(&pr.cancel, true);
	o.task = FAIR_TASK_CLASSIFICATION;
	for (size_t i = 0; i < n; i++)
		y[i] = i % 2;
	gsl_test(fair_mlp_fit(X, y, NULL, &o, &pr, &err) != NULL || err.code != FAIR_ECANCELED, "mlp cancelled");
	o.val_fraction = 0.95;
	gsl_test(fair_mlp_fit(X, y, NULL, &o, NULL, &err) != NULL || err.code != FAIR_EINVAL, "mlp bad val_fraction");
	gsl_rng_free(r);
	gsl_matrix_free(X);
	free(y);
	free(s);
}

/* ------------------------------------------------------- kernels / ksvm */

static void
test_kernel(void)
{
	fair_error err;
	fair_kernel k;
	double x[2] = { 1, 2 }, z[2] = { 2, 0 };
	fair_kernel_init(&k);
	k.gamma = 0.5;
	/* ||x - z||^2 = 1 + 4 = 5 -> exp(-2.5) */
	gsl_test_rel(fair_kernel_eval(&k, x, z, 2), exp(-2.5), 1e-15, "rbf kernel by hand");
	k.type = FAIR_KERNEL_POLY;
	k.gamma = 1;
	k.coef0 = 1;
	k.degree = 2;
	/* x.z = 2 -> (2 + 1)^2 = 9 */
	gsl_test_rel(fair_kernel_eval(&k, x, z, 2), 9.0, 1e-15, "poly kernel by hand");
	int t;
	gsl_test(fair_kernel_parse("sigmoid", &t, &err) != FAIR_EINVAL, "unknown kernel name");
	gsl_test(fair_kernel_parse("poly", &t, &err) != FAIR_OK || t != FAIR_KERNEL_POLY, "kernel name poly");
	k.degree = 0;
	gsl_test(fair_kernel_check(&k, &err) != FAIR_EINVAL, "poly degree 0 rejected");

	gsl_matrix *X;
	double *y, *w;
	make_problem(120, 3, 8, &X, &y, &w);
	fair_kernel_init(&k);
	k.gamma = 0.4;
	gsl_matrix *K = gsl_matrix_alloc(120, 120);
	fair_kernel_matrix(&k, X, X, K, &err);
	gsl_test_rel(gsl_matrix_get(K, 3, 7), fair_kernel_eval(&k, gsl_matrix_ptr(X, 3, 0), gsl_matrix_ptr(X, 7, 0), 3),
	             1e-12, "kernel matrix entry == kernel function");
	/* Nystroem with every row as landmark reproduces K exactly */
	fair_feature_map *m = fair_nystroem_new(&k, X, 500, 1, &err);
	gsl_matrix *Z = m ? fair_feature_map_apply(m, X, &err) : NULL, *ZZ = gsl_matrix_alloc(120, 120);
	gsl_test(Z == NULL || fair_feature_map_dim(m) != 120, "nystroem map (components capped at n)");
	double maxerr = 0;
	if (Z) {
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, Z, Z, 0.0, ZZ);
		for (size_t i = 0; i < 120 * 120; i++)
			maxerr = fmax(maxerr, fabs(ZZ->data[i] - K->data[i]));
		gsl_test(maxerr > 1e-6, "nystroem with all landmarks: phi phi' == K (max err %.3g)", maxerr);
		gsl_matrix_free(Z);
	}
	fair_feature_map_free(m);
	/* RFF: phi phi' -> K as D grows (error ~ 1/sqrt(D)) */
	m = fair_rff_new(&k, 3, 20000, 3, &err);
	Z = m ? fair_feature_map_apply(m, X, &err) : NULL;
	if (Z) {
		double mean_err = 0;
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, Z, Z, 0.0, ZZ);
		for (size_t i = 0; i < 120 * 120; i++)
			mean_err += fabs(ZZ->data[i] - K->data[i]) / (120.0 * 120.0);
		gsl_test(mean_err > 0.01, "rff with 20000 components approximates K (mean err %.3g)", mean_err);
		gsl_matrix_free(Z);
	}
	fair_feature_map_free(m);
	k.type = FAIR_KERNEL_POLY;
	gsl_test(fair_rff_new(&k, 3, 10, 0, &err) != NULL, "rff needs rbf");

	/* ksvm: path reporting, determinism, errors */
	fair_ksvm_opts o;
	fair_ksvm_opts_init(&o);
	fair_learner *l = fair_ksvm_fit(X, y, w, &o, NULL, &err);
	gsl_test(l == NULL || fair_ksvm_path(l) != FAIR_KSVM_EXACT || fair_ksvm_nsv(l) == 0 ||
	         !(fair_ksvm_dual_objective(l) < 0), "ksvm auto -> exact on small data");
	gsl_test_str(fair_ksvm_path_name(fair_ksvm_path(l)), "exact (smo)", "ksvm path name");
	fair_learner_free(l);
	o.exact_max_n = 50;
	o.components = 40;
	l = fair_ksvm_fit(X, y, w, &o, NULL, &err);
	fair_learner *l2 = fair_ksvm_fit(X, y, w, &o, NULL, &err);
	gsl_test(l == NULL || fair_ksvm_path(l) != FAIR_KSVM_RFF, "ksvm auto -> rff above exact_max_n");
	if (l && l2) {
		double s1[120], s2[120];
		fair_learner_predict(l, X, s1, &err);
		fair_learner_predict(l2, X, s2, &err);
		gsl_test(memcmp(s1, s2, sizeof s1) != 0, "ksvm rff same seed -> bit-identical");
	}
	gsl_test(fair_ksvm_path(l) == -1 || fair_ksvm_dual_objective(l) == fair_ksvm_dual_objective(l),
	         "dual objective is NaN on the approximate path");
	fair_learner_free(l);
	fair_learner_free(l2);
	o.kernel.type = FAIR_KERNEL_POLY;
	o.approx = FAIR_KSVM_RFF;
	gsl_test(fair_ksvm_fit(X, y, w, &o, NULL, &err) != NULL || err.code != FAIR_EINVAL, "ksvm rff with poly: %s", err.msg);
	o.approx = FAIR_KSVM_NYSTROEM;
	l = fair_ksvm_fit(X, y, w, &o, NULL, &err);
	gsl_test(l == NULL || fair_ksvm_path(l) != FAIR_KSVM_NYSTROEM, "ksvm nystroem path");
	fair_learner_free(l);
	fair_progress pr;
	fair_progress_init(&pr);
	atomic_store(&pr.cancel, true);
	o.approx = FAIR_KSVM_EXACT;
	gsl_test(fair_ksvm_fit(X, y, w, &o, &pr, &err) != NULL || err.code != FAIR_ECANCELED, "ksvm cancelled");
	for (size_t i = 0; i < 120; i++)
		y[i] = 1;
	gsl_test(fair_ksvm_fit(X, y, w, &o, NULL, &err) != NULL || strstr(err.msg, "one class") == NULL, "ksvm one class");
	gsl_matrix_free(K);
	gsl_matrix_free(ZZ);
	gsl_matrix_free(X);
	free(y);
	free(w);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_pipeline();
	test_pipeline_extremes();
	test_logreg();
	test_ridge();
	test_svm();
	test_nn();
	test_mlp();
	test_kernel();
	return gsl_test_summary();
}
