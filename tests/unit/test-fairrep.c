/* test-fairrep.c -- fair representation learning: backprop vs finite
 * differences (R1), synthetic fairness transfer and collapse (R2), the
 * drug-consumption transfer experiment, determinism, cancellation and
 * error paths. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_test.h>

#include "methods/methods-private.h"
#include "testdata.h"

/* ---- a small logistic regression (Newton / IRLS, ridge 1e-6) ---------- */

/* Fits w (p + 1, intercept last) on rows of Z with labels y in {0,1}. */
static void
logit_fit(const gsl_matrix *Z, const double *y, double *w)
{
	size_t n = Z->size1, p = Z->size2, q = p + 1;
	gsl_matrix *H = gsl_matrix_alloc(q, q);
	gsl_vector *g = gsl_vector_alloc(q), *dw = gsl_vector_alloc(q);
	memset(w, 0, q * sizeof *w);
	for (int it = 0; it < 50; it++) {
		gsl_matrix_set_zero(H);
		gsl_vector_set_zero(g);
		for (size_t i = 0; i < n; i++) {
			double s = w[p];
			for (size_t k = 0; k < p; k++)
				s += w[k] * gsl_matrix_get(Z, i, k);
			double pr = 1.0 / (1.0 + exp(-s)), r = pr - y[i], c = pr * (1.0 - pr);
			for (size_t a = 0; a < q; a++) {
				double xa = a < p ? gsl_matrix_get(Z, i, a) : 1.0;
				*gsl_vector_ptr(g, a) += r * xa;
				for (size_t b = 0; b <= a; b++) {
					double xb = b < p ? gsl_matrix_get(Z, i, b) : 1.0;
					*gsl_matrix_ptr(H, a, b) += c * xa * xb;
				}
			}
		}
		for (size_t a = 0; a < q; a++) {
			for (size_t b = 0; b < a; b++)
				gsl_matrix_set(H, b, a, gsl_matrix_get(H, a, b));
			*gsl_matrix_ptr(H, a, a) += 1e-6 * (double)n;
			if (a < p)
				*gsl_vector_ptr(g, a) += 1e-6 * (double)n * w[a];
		}
		gsl_linalg_cholesky_decomp1(H);
		gsl_linalg_cholesky_solve(H, g, dw);
		double step = 0;
		for (size_t a = 0; a < q; a++) {
			w[a] -= gsl_vector_get(dw, a);
			step = fmax(step, fabs(gsl_vector_get(dw, a)));
		}
		if (step < 1e-10)
			break;
	}
	gsl_matrix_free(H);
	gsl_vector_free(g);
	gsl_vector_free(dw);
}

/* accuracy and DP difference |P(yhat=1|g=0) - P(yhat=1|g=1)| of w on rows */
static void
logit_eval(const gsl_matrix *Z, const double *y, const int32_t *grp, const double *w, double *acc,
           double *dp)
{
	size_t n = Z->size1, p = Z->size2, pos[2] = { 0, 0 }, cnt[2] = { 0, 0 }, ok = 0;
	for (size_t i = 0; i < n; i++) {
		double s = w[p];
		for (size_t k = 0; k < p; k++)
			s += w[k] * gsl_matrix_get(Z, i, k);
		int yh = s > 0.0;
		ok += yh == (y[i] > 0.5);
		cnt[grp[i]]++;
		pos[grp[i]] += yh;
	}
	*acc = (double)ok / (double)n;
	*dp = fabs((double)pos[0] / (double)cnt[0] - (double)pos[1] / (double)cnt[1]);
}

/* DP difference of hard decisions score > 0.5 */
static double
dp_of(const double *score, const int32_t *grp, size_t n)
{
	size_t pos[2] = { 0, 0 }, cnt[2] = { 0, 0 };
	for (size_t i = 0; i < n; i++)
		if (grp[i] >= 0) {
			cnt[grp[i]]++;
			pos[grp[i]] += score[i] > 0.5;
		}
	return fabs((double)pos[0] / (double)cnt[0] - (double)pos[1] / (double)cnt[1]);
}

/* ---- R1: gradient of the whole objective w.r.t. every parameter ------ */

static void
check_objective_grad(int family, int div, size_t K, const char *name)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 99);
	size_t n = 36, d = 4;
	gsl_matrix *X = gsl_matrix_alloc(n, d);
	double *y0 = malloc(n * sizeof *y0), *y1 = malloc(n * sizeof *y1);
	int32_t *grp = malloc(n * sizeof *grp);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < d; k++)
			gsl_matrix_set(X, i, k, gsl_ran_gaussian(rng, 1.0));
		grp[i] = i % 9 == 8 ? -1 : (int32_t)(i % K);
		y0[i] = gsl_rng_uniform(rng) < 0.4 ? 1.0 : 0.0;
		y1[i] = i % 5 == 0 ? NAN : 2.0 + gsl_ran_gaussian(rng, 1.5);
	}
	const double *Y[2] = { y0, y1 };
	int kinds[2] = { FAIR_TASK_CLASSIFICATION, FAIR_TASK_REGRESSION };
	fair_fairrep_opts o;
	fair_fairrep_opts_init(&o);
	o.family = family;
	o.divergence = div;
	o.lambda = 2.5;
	o.hidden = 6;
	o.dim = 3;
	o.epochs = 0;
	o.bandwidth = 0.9;
	o.epsilon = 0.3;
	o.sinkhorn_iter = 100000;
	o.sinkhorn_tol = 1e-13;
	o.weight_decay = 0.01;
	o.act = family == FAIR_REP_MLP1 ? FAIR_ACT_RELU : FAIR_ACT_TANH;
	fair_error err;
	fair_fairrep *rep = fair_fairrep_fit(X, Y, kinds, 2, grp, K, &o, NULL, &err);
	gsl_test(rep == NULL, "R1 %s: initialise (%s)", name, rep ? "" : err.msg);
	if (rep) {
		size_t np;
		double *th = fair_fairrep_params(rep, &np), v, vp, vm;
		double *g = malloc(np * sizeof *g);
		fair_fairrep_objective(rep, X, Y, grp, &v, g, NULL);
		double gmax = 0, worst = 0;
		for (size_t q = 0; q < np; q++)
			gmax = fmax(gmax, fabs(g[q]));
		for (size_t q = 0; q < np; q++) {
			double t = th[q], h = 1e-6;
			th[q] = t + h;
			fair_fairrep_objective(rep, X, Y, grp, &vp, NULL, NULL);
			th[q] = t - h;
			fair_fairrep_objective(rep, X, Y, grp, &vm, NULL, NULL);
			th[q] = t;
			double fd = (vp - vm) / (2 * h);
			worst = fmax(worst, fabs(fd - g[q]) / fmax(fabs(g[q]), 1e-3 * gmax));
		}
		gsl_test(!(worst < 1e-5), "R1 %s: backprop vs finite differences, %zu parameters (worst rel %.2e)",
		         name, np, worst);
		gsl_test(!(v > 0 && gmax > 0), "R1 %s: objective %g and gradient non-trivial", name, v);
		free(g);
		fair_fairrep_free(rep);
	}
	gsl_matrix_free(X);
	free(y0);
	free(y1);
	free(grp);
	gsl_rng_free(rng);
}

/* ---- R2: synthetic fairness transfer (doc/methods.md 5.6) ---------------- */

struct synth {
	size_t n, d, T;
	gsl_matrix *X;
	double *y[4];       /* 3 training tasks, y[3] = new task */
	int32_t *grp;
};

static void
synth_make(struct synth *s, unsigned long seed)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, seed);
	s->n = 1200;
	s->d = 6;
	s->T = 3;
	s->X = gsl_matrix_alloc(s->n, s->d);
	s->grp = malloc(s->n * sizeof *s->grp);
	for (int t = 0; t < 4; t++)
		s->y[t] = malloc(s->n * sizeof(double));
	static const double a[4][5] = { { 1, -0.5, 0, 0.3, 0 }, { 0, 1, 0.8, 0, -0.4 },
	                                { -0.6, 0, 0, 1, 0.5 }, { 0.5, 0.5, -0.5, 0, 0.7 } };
	for (size_t i = 0; i < s->n; i++) {
		int g = gsl_rng_uniform(rng) < 0.45;
		s->grp[i] = g;
		gsl_matrix_set(s->X, i, 0, (2.0 * g - 1.0) + 0.5 * gsl_ran_gaussian(rng, 1.0));
		for (size_t k = 1; k < s->d; k++)
			gsl_matrix_set(s->X, i, k, gsl_ran_gaussian(rng, 1.0));
		for (int t = 0; t < 4; t++) {
			double z = 0.8 * gsl_matrix_get(s->X, i, 0) + 0.4 * gsl_ran_gaussian(rng, 1.0);
			for (size_t k = 1; k < s->d; k++)
				z += a[t][k - 1] * gsl_matrix_get(s->X, i, k);
			s->y[t][i] = z > 0.0;
		}
	}
	gsl_rng_free(rng);
}

static void
synth_free(struct synth *s)
{
	gsl_matrix_free(s->X);
	free(s->grp);
	for (int t = 0; t < 4; t++)
		free(s->y[t]);
}

static void
test_synthetic(void)
{
	struct synth s;
	synth_make(&s, 2385);
	int kinds[3] = { 0, 0, 0 };
	const double *Y[3] = { s.y[0], s.y[1], s.y[2] };
	fair_fairrep_opts o;
	fair_fairrep_opts_init(&o);
	o.epochs = 40;
	o.batch = 128;
	o.lr = 3e-3;
	double lam[3] = { 0.0, 10.0, 1e5 }, div[3], dph[3], dpnew[3], accnew[3];
	bool col[3];
	double *score = malloc(s.n * sizeof *score);
	for (int c = 0; c < 3; c++) {
		o.lambda = lam[c];
		fair_error err;
		fair_fairrep *rep = fair_fairrep_fit(s.X, Y, kinds, 3, s.grp, 2, &o, NULL, &err);
		gsl_test(rep == NULL, "R2 fit lambda %g (%s)", lam[c], rep ? "" : err.msg);
		if (!rep)
			return;
		fair_fairrep_summary sum;
		fair_fairrep_summary_get(rep, &sum);
		div[c] = sum.final_div;
		col[c] = fair_fairrep_collapsed(rep);
		fair_fairrep_predict(rep, 0, s.X, score, NULL);
		dph[c] = dp_of(score, s.grp, s.n);
		gsl_matrix *Z = fair_fairrep_encode(rep, s.X, NULL);
		double w[17];
		logit_fit(Z, s.y[3], w);
		logit_eval(Z, s.y[3], s.grp, w, &accnew[c], &dpnew[c]);
		if (getenv("GSL_TEST_VERBOSE") && atoi(getenv("GSL_TEST_VERBOSE")))
			printf("# R2 lambda %g: div %.4g  head-0 DP %.3f  new-task DP %.3f acc %.3f  collapsed %d  "
			       "loss %.4f  bw %.3g\n", lam[c], div[c], dph[c], dpnew[c], accnew[c], col[c],
			       sum.loss[sum.epochs - 1], sum.bandwidth);
		gsl_matrix_free(Z);
		fair_fairrep_free(rep);
	}
	gsl_test(!(dph[0] > 0.3), "R2 lambda 0: head DP is large (%.3f)", dph[0]);
	gsl_test(!(dpnew[0] > 0.3), "R2 lambda 0: new-task DP is large (%.3f)", dpnew[0]);
	gsl_test(!(div[1] < 0.1 * div[0]), "R2 lambda 10: divergence drops > 10x (%.4g -> %.4g)", div[0], div[1]);
	gsl_test(!(dpnew[1] < 0.5 * dpnew[0]), "R2 lambda 10: new-task DP drops (%.3f -> %.3f)", dpnew[0], dpnew[1]);
	gsl_test(!(accnew[1] > 0.6), "R2 lambda 10: new task still learnable (acc %.3f)", accnew[1]);
	gsl_test(col[0] || col[1], "R2 lambda 0 and 10: not collapsed");
	gsl_test(!col[2], "R2 lambda 1e5: collapse detected");
	free(score);
	synth_free(&s);
}

/* determinism, K = 3, sinkhorn and mean training, cancellation */
static void
test_misc(void)
{
	struct synth s;
	synth_make(&s, 7);
	int kinds[2] = { 0, FAIR_TASK_REGRESSION };
	double *yr = malloc(s.n * sizeof *yr);
	for (size_t i = 0; i < s.n; i++)
		yr[i] = i % 3 ? 10.0 + 4.0 * gsl_matrix_get(s.X, i, 1) : NAN;
	const double *Y[2] = { s.y[0], yr };
	fair_fairrep_opts o;
	fair_fairrep_opts_init(&o);
	o.epochs = 3;
	fair_error err;
	fair_fairrep *r1 = fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err);
	fair_fairrep *r2 = fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err);
	size_t n1, n2;
	double *p1 = fair_fairrep_params(r1, &n1), *p2 = fair_fairrep_params(r2, &n2);
	gsl_test(n1 != n2 || memcmp(p1, p2, n1 * sizeof *p1), "same seed: bit-identical parameters");
	/* regression head predicts in the original units: mean near 10 */
	double *sc = malloc(s.n * sizeof *sc), m = 0;
	fair_fairrep_predict(r1, 1, s.X, sc, NULL);
	for (size_t i = 0; i < s.n; i++)
		m += sc[i] / (double)s.n;
	gsl_test(!(fabs(m - 10.0) < 1.5), "regression head in original units (mean %.3f)", m);
	fair_fairrep_free(r2);
	o.seed = 2;
	r2 = fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err);
	p2 = fair_fairrep_params(r2, &n2);
	gsl_test(!memcmp(p1, p2, n1 * sizeof *p1), "another seed: other parameters");
	fair_fairrep_free(r1);
	fair_fairrep_free(r2);

	/* K = 3 groups with sinkhorn and mean penalties, linear and mlp1 */
	int32_t *g3 = malloc(s.n * sizeof *g3);
	for (size_t i = 0; i < s.n; i++)
		g3[i] = (int32_t)(i % 3);
	o.divergence = FAIR_DIV_SINKHORN;
	o.family = FAIR_REP_MLP1;
	o.epochs = 2;
	r1 = fair_fairrep_fit(s.X, Y, kinds, 2, g3, 3, &o, NULL, &err);
	gsl_test(r1 == NULL, "K=3 sinkhorn mlp1 fit (%s)", r1 ? "" : err.msg);
	fair_fairrep_summary sum;
	if (r1) {
		fair_fairrep_summary_get(r1, &sum);
		gsl_test(!(sum.epochs == 2 && isfinite(sum.final_div) && sum.final_div >= -1e-6 && isnan(sum.bandwidth)),
		         "K=3 sinkhorn summary (div %g)", sum.final_div);
	}
	fair_fairrep_free(r1);
	o.divergence = FAIR_DIV_MEAN;
	o.family = FAIR_REP_LINEAR;
	r1 = fair_fairrep_fit(s.X, Y, kinds, 2, g3, 3, &o, NULL, &err);
	gsl_test(r1 == NULL, "K=3 mean linear fit");
	gsl_matrix *Z = r1 ? fair_fairrep_encode(r1, s.X, NULL) : NULL;
	gsl_test(!Z || Z->size1 != s.n || Z->size2 != 16, "encode shape n x 16");
	gsl_matrix_free(Z);
	fair_fairrep_free(r1);
	check_objective_grad(FAIR_REP_MLP2, FAIR_DIV_MMD, 3, "mlp2 mmd K=3");

	/* cancellation */
	fair_progress prog;
	fair_progress_init(&prog);
	atomic_store(&prog.cancel, true);
	fair_fairrep_opts_init(&o);
	r1 = fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, &prog, &err);
	gsl_test(r1 != NULL || err.code != FAIR_ECANCELED, "cancelled fit returns FAIR_ECANCELED");
	gsl_test_str(err.msg, "fairrep: cancelled at epoch 0", "cancel message");
	/* progress is filled */
	fair_progress_init(&prog);
	o.epochs = 2;
	r1 = fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, &prog, &err);
	gsl_test(atomic_load(&prog.iter) != 2 || !isfinite(prog.loss) || !isfinite(prog.aux),
	         "progress: epoch 2 of 2, loss %g, divergence %g", prog.loss, prog.aux);
	fair_fairrep_free(r1);

	/* error paths */
	fair_fairrep_opts_init(&o);
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 0, s.grp, 2, &o, NULL, &err) != NULL, "no task");
	gsl_test_str(err.msg, "fairrep: needs at least one task", "no task message");
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 1, &o, NULL, &err) != NULL, "K = 1");
	o.lr = 0;
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "lr 0");
	gsl_test_str(err.msg, "fairrep: lr is 0; expected a positive number", "lr message");
	fair_fairrep_opts_init(&o);
	o.lambda = -1;
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "lambda < 0");
	fair_fairrep_opts_init(&o);
	o.divergence = 5;
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "bad divergence");
	fair_fairrep_opts_init(&o);
	o.family = 5;
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "bad family");
	fair_fairrep_opts_init(&o);
	o.act = 5;
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "bad activation");
	fair_fairrep_opts_init(&o);
	o.dim = 0;
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "dim 0");
	fair_fairrep_opts_init(&o);
	o.batch = 2;
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "batch 2");
	fair_fairrep_opts_init(&o);
	o.weight_decay = -1;
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "weight decay < 0");
	fair_fairrep_opts_init(&o);
	o.divergence = FAIR_DIV_SINKHORN;
	o.epsilon = 0;
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "epsilon 0");
	fair_fairrep_opts_init(&o);
	s.y[0][5] = 2.0;
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "label 2");
	gsl_test_str(err.msg, "fairrep: task 0 row 5 has label 2; expected 0 or 1", "label message");
	s.y[0][5] = 1.0;
	int badk[2] = { 0, 9 };
	gsl_test(fair_fairrep_fit(s.X, Y, badk, 2, s.grp, 2, &o, NULL, &err) != NULL, "bad task kind");
	double *allnan = malloc(s.n * sizeof *allnan);
	for (size_t i = 0; i < s.n; i++)
		allnan[i] = NAN;
	const double *Yn[2] = { s.y[0], allnan };
	gsl_test(fair_fairrep_fit(s.X, Yn, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "task without labels");
	gsl_test_str(err.msg, "fairrep: task 1 has no labelled rows", "task without labels message");
	yr[4] = INFINITY;
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "infinite target");
	yr[4] = NAN;
	int32_t saved = s.grp[3];
	s.grp[3] = 7;
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "group out of range");
	s.grp[3] = saved;
	int32_t *g1 = calloc(s.n, sizeof *g1);
	g1[0] = 1;
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, g1, 2, &o, NULL, &err) != NULL, "group with 1 row");
	gsl_test_str(err.msg, "fairrep: group 1 has 1 rows; expected at least 2", "small group message");
	double keep = gsl_matrix_get(s.X, 2, 2);
	gsl_matrix_set(s.X, 2, 2, NAN);
	gsl_test(fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "NaN feature");
	gsl_matrix_set(s.X, 2, 2, keep);
	gsl_test(fair_fairrep_fit(NULL, Y, kinds, 2, s.grp, 2, &o, NULL, &err) != NULL, "NULL X");
	o.epochs = 0;
	r1 = fair_fairrep_fit(s.X, Y, kinds, 2, s.grp, 2, &o, NULL, &err);
	gsl_matrix *X3 = gsl_matrix_calloc(4, 3);
	gsl_test(fair_fairrep_encode(r1, X3, &err) != NULL, "encode wrong width");
	gsl_test_str(err.msg, "fairrep: input has 3 columns; the representation expects 6", "encode message");
	gsl_test_int(fair_fairrep_predict(r1, 2, s.X, sc, &err), FAIR_EINVAL, "predict unknown task");
	gsl_test_int(fair_fairrep_predict(r1, 0, X3, sc, &err), FAIR_EINVAL, "predict wrong width");
	double v;
	gsl_test_int(fair_fairrep_objective(r1, X3, Y, s.grp, &v, NULL, &err), FAIR_EINVAL, "objective wrong width");
	gsl_test(fair_fairrep_collapsed(NULL), "collapsed(NULL) is false");
	fair_fairrep_free(r1);
	fair_fairrep_free(NULL);
	gsl_matrix_free(X3);
	free(g1);
	free(allnan);
	free(g3);
	free(sc);
	free(yr);
	synth_free(&s);
}

/* ---- drug consumption transfer experiment ---------------------------- */

enum { DRUG_COLS = 32 };

/* Reads drug_consumption.csv (no quoting; header names the columns).
 * Returns the row count, fills num[col][row] for numeric columns and
 * cls[col][row] = level k of "CLk" for the substance columns. */
static size_t
drug_read(const char *path, char names[DRUG_COLS][16], double **num, int **cls)
{
	FILE *f = fair_test_data_open(path);
	if (!f)
		return 0;
	char line[1024];
	size_t n = 0;
	if (!fgets(line, sizeof line, f)) {
		fclose(f);
		return 0;
	}
	char *save, *tok = strtok_r(line, ",\n", &save);
	for (int c = 0; c < DRUG_COLS && tok; c++, tok = strtok_r(NULL, ",\n", &save))
		snprintf(names[c], 16, "%s", tok);
	while (fgets(line, sizeof line, f) && n < 4000) {
		tok = strtok_r(line, ",\n", &save);
		for (int c = 0; c < DRUG_COLS && tok; c++, tok = strtok_r(NULL, ",\n", &save)) {
			if (tok[0] == 'C' && tok[1] == 'L')
				cls[c][n] = tok[2] - '0';
			else
				num[c][n] = strtod(tok, NULL);
		}
		n++;
	}
	fclose(f);
	return n;
}

static int
col_of(char names[DRUG_COLS][16], const char *name)
{
	for (int c = 0; c < DRUG_COLS; c++)
		if (strcmp(names[c], name) == 0)
			return c;
	return -1;
}

static void
test_drug(void)
{
	const char *path = fair_test_data_path("drug_consumption.csv");
	char names[DRUG_COLS][16];
	double *num[DRUG_COLS];
	int *cls[DRUG_COLS];
	for (int c = 0; c < DRUG_COLS; c++) {
		num[c] = calloc(4000, sizeof(double));
		cls[c] = calloc(4000, sizeof(int));
	}
	size_t n = path ? drug_read(path, names, num, cls) : 0;
	if (n == 0) {
		if (path != NULL)   /* when missing, testdata.h said so */
			gsl_test(1, "drug: cannot read %s", path);
		goto out;
	}
	gsl_test_int((int)n, 1885, "drug: 1885 rows read");
	static const char *feat[] = { "Age", "Education", "Country", "Ethnicity", "Nscore", "Escore", "Oscore",
	                              "Ascore", "Cscore", "Impulsive", "SS" };
	static const char *tasks[] = { "Cannabis", "Nicotine", "Alcohol", "Coke", "Amphet" };
	size_t d = 11, T = 5;
	int fc[11], tc[5], gc = col_of(names, "Gender"), ec = col_of(names, "Ecstasy");
	for (size_t k = 0; k < d; k++)
		fc[k] = col_of(names, feat[k]);
	for (size_t t = 0; t < T; t++)
		tc[t] = col_of(names, tasks[t]);
	/* seeded 2/3 train, 1/3 test split */
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 2385);
	size_t *perm = malloc(n * sizeof *perm);
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	gsl_ran_shuffle(rng, perm, n, sizeof *perm);
	size_t ntr = 2 * n / 3, nte = n - ntr;
	gsl_matrix *Xtr = gsl_matrix_alloc(ntr, d), *Xte = gsl_matrix_alloc(nte, d);
	int32_t *gtr = malloc(ntr * sizeof *gtr), *gte = malloc(nte * sizeof *gte);
	double *ytr[5], *etr = malloc(ntr * sizeof *etr), *ete = malloc(nte * sizeof *ete);
	for (size_t t = 0; t < T; t++)
		ytr[t] = malloc(ntr * sizeof(double));
	for (size_t q = 0; q < n; q++) {
		size_t i = perm[q];
		bool tr = q < ntr;
		size_t r = tr ? q : q - ntr;
		for (size_t k = 0; k < d; k++)
			gsl_matrix_set(tr ? Xtr : Xte, r, k, num[fc[k]][i]);
		int32_t g = num[gc][i] > 0 ? 1 : 0;   /* 0.48246 female = 1, male = 0 */
		double e = cls[ec][i] >= 3;            /* used in the last year: CL3..CL6 */
		if (tr) {
			gtr[r] = g;
			etr[r] = e;
			for (size_t t = 0; t < T; t++)
				ytr[t][r] = cls[tc[t]][i] >= 3;
		} else {
			gte[r] = g;
			ete[r] = e;
		}
	}
	/* z-score on the training split */
	for (size_t k = 0; k < d; k++) {
		double m = 0, s2 = 0;
		for (size_t i = 0; i < ntr; i++)
			m += gsl_matrix_get(Xtr, i, k) / (double)ntr;
		for (size_t i = 0; i < ntr; i++)
			s2 += pow(gsl_matrix_get(Xtr, i, k) - m, 2) / (double)(ntr - 1);
		double sd = sqrt(s2);
		for (size_t i = 0; i < ntr; i++)
			gsl_matrix_set(Xtr, i, k, (gsl_matrix_get(Xtr, i, k) - m) / sd);
		for (size_t i = 0; i < nte; i++)
			gsl_matrix_set(Xte, i, k, (gsl_matrix_get(Xte, i, k) - m) / sd);
	}
	/* raw baseline: logistic regression on the 11 features (no Gender) */
	double wraw[12], acc_raw, dp_raw, acc_rep, dp_rep, maj = 0;
	logit_fit(Xtr, etr, wraw);
	logit_eval(Xte, ete, gte, wraw, &acc_raw, &dp_raw);
	for (size_t i = 0; i < nte; i++)
		maj += ete[i] / (double)nte;
	maj = fmax(maj, 1 - maj);

	fair_fairrep_opts o;
	fair_fairrep_opts_init(&o);
	o.lambda = 5.0;
	o.epochs = 200;
	o.batch = 256;
	o.lr = 1e-3;
	if (getenv("FAIRREP_LAMBDA"))
		o.lambda = atof(getenv("FAIRREP_LAMBDA"));
	if (getenv("FAIRREP_EPOCHS"))
		o.epochs = strtoul(getenv("FAIRREP_EPOCHS"), NULL, 10);
	if (getenv("FAIRREP_DIV"))
		o.divergence = atoi(getenv("FAIRREP_DIV"));
	int kinds[5] = { 0, 0, 0, 0, 0 };
	fair_error err;
	fair_fairrep *rep = fair_fairrep_fit(Xtr, (const double *const *)ytr, kinds, T, gtr, 2, &o, NULL, &err);
	gsl_test(rep == NULL, "drug: fit (%s)", rep ? "" : err.msg);
	if (rep) {
		gsl_matrix *Ztr = fair_fairrep_encode(rep, Xtr, NULL), *Zte = fair_fairrep_encode(rep, Xte, NULL);
		double wrep[17];
		logit_fit(Ztr, etr, wrep);
		logit_eval(Zte, ete, gte, wrep, &acc_rep, &dp_rep);
		fair_fairrep_summary sum;
		fair_fairrep_summary_get(rep, &sum);
		printf("# drug (Ecstasy held out, test %zu rows): raw LR acc %.4f DP %.4f | rep LR acc %.4f DP %.4f | "
		       "majority %.4f | lambda %g div %.3g collapsed %d\n", nte, acc_raw, dp_raw, acc_rep, dp_rep,
		       maj, o.lambda, sum.final_div, sum.collapsed);
		gsl_test(!(dp_rep <= 0.5 * dp_raw), "drug: DP on the representation %.4f <= half of raw %.4f", dp_rep,
		         dp_raw);
		gsl_test(!(acc_rep >= acc_raw - 0.03), "drug: accuracy %.4f within 3 points of raw %.4f", acc_rep,
		         acc_raw);
		/* the raw model itself is only ~3 points above the majority rate */
		gsl_test(!(acc_rep >= maj + 0.015), "drug: accuracy %.4f above majority rate %.4f", acc_rep, maj);
		gsl_test(!(dp_raw > 0.1), "drug: raw features give a clear DP gap (%.4f)", dp_raw);
		gsl_test(sum.collapsed, "drug: representation not collapsed");
		gsl_matrix_free(Ztr);
		gsl_matrix_free(Zte);
		fair_fairrep_free(rep);
	}
	gsl_matrix_free(Xtr);
	gsl_matrix_free(Xte);
	free(gtr);
	free(gte);
	free(etr);
	free(ete);
	for (size_t t = 0; t < T; t++)
		free(ytr[t]);
	free(perm);
	gsl_rng_free(rng);
out:
	for (int c = 0; c < DRUG_COLS; c++) {
		free(num[c]);
		free(cls[c]);
	}
}

int
main(void)
{
	gsl_set_error_handler_off();
	if (getenv("FAIRREP_ONLY_DRUG")) {
		test_drug();
		return fair_test_data_status(gsl_test_summary());
	}
	check_objective_grad(FAIR_REP_LINEAR, FAIR_DIV_MMD, 2, "linear mmd");
	check_objective_grad(FAIR_REP_MLP1, FAIR_DIV_SINKHORN, 2, "mlp1(relu) sinkhorn");
	check_objective_grad(FAIR_REP_MLP2, FAIR_DIV_MEAN, 2, "mlp2 mean");
	check_objective_grad(FAIR_REP_MLP2, FAIR_DIV_SINKHORN, 2, "mlp2 sinkhorn");
	test_misc();
	test_synthetic();
	test_drug();
	return fair_test_data_status(gsl_test_summary());
}
