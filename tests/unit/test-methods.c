/* test-methods.c -- reweighing, disparate-impact remover, threshold
 * optimiser and exponentiated gradient (methods-private.h): hand-worked cases,
 * invariants on random data, error paths. The threshold optimiser is also
 * checked against an independent LP in methods-ref.py. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_test.h>

#include "methods/methods-private.h"
#include "fairsh/param.h"

static void
test_reweigh(void)
{
	/* A = rows 0-3 with y 1,1,1,0; B = rows 4-7 with y 1,0,0,0.
	 * n = 8, n_A = n_B = 4, n_1 = n_0 = 4.
	 * w(A,1) = 4*4/(8*3) = 2/3, w(A,0) = 16/(8*1) = 2, w(B,1) = 2, w(B,0) = 2/3. */
	double y[8] = { 1, 1, 1, 0, 1, 0, 0, 0 }, w[8];
	int32_t g[8] = { 0, 0, 0, 0, 1, 1, 1, 1 };
	fair_error err;

	gsl_test_int(fair_reweigh(y, g, 8, 2, NULL, w, &err), FAIR_OK, "reweigh: hand case ok");
	gsl_test_rel(w[0], 2.0 / 3, 1e-15, "reweigh: w(A,1) = 2/3");
	gsl_test_rel(w[3], 2.0, 1e-15, "reweigh: w(A,0) = 2");
	gsl_test_rel(w[4], 2.0, 1e-15, "reweigh: w(B,1) = 2");
	gsl_test_rel(w[7], 2.0 / 3, 1e-15, "reweigh: w(B,0) = 2/3");

	/* invariant on random data with 3 groups and a missing group */
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 7);
	size_t n = 5000, K = 3;
	double *yy = malloc(n * sizeof *yy), *ww = malloc(n * sizeof *ww);
	int32_t *gg = malloc(n * sizeof *gg);
	for (size_t i = 0; i < n; i++) {
		gg[i] = (int32_t)gsl_rng_uniform_int(r, 4) - 1;   /* -1, 0, 1, 2 */
		yy[i] = gsl_rng_uniform(r) < 0.2 + 0.2 * (gg[i] + 1) ? 1 : 0;
	}
	gsl_test_int(fair_reweigh(yy, gg, n, K, NULL, ww, &err), FAIR_OK, "reweigh: random ok");
	double cell[3][2] = { { 0 } }, mg[3] = { 0 }, my[2] = { 0 }, tot = 0;
	for (size_t i = 0; i < n; i++) {
		if (gg[i] < 0) {
			gsl_test_rel(ww[i], 1.0, 0, "reweigh: missing group weight 1");
			continue;
		}
		cell[gg[i]][(int)yy[i]] += ww[i];
		mg[gg[i]] += ww[i];
		my[(int)yy[i]] += ww[i];
		tot += ww[i];
	}
	for (size_t a = 0; a < K; a++)
		for (int c = 0; c < 2; c++)
			gsl_test_abs(cell[a][c] / tot, (mg[a] / tot) * (my[c] / tot), 1e-12,
			             "reweigh: weighted P(g=%zu, y=%d) = P(g) P(y)", a, c);
	free(yy);
	free(ww);
	free(gg);
	gsl_rng_free(r);

	/* errors */
	double ybad[2] = { 1, 2 }, w2[2];
	int32_t g2[2] = { 0, 0 }, gm[2] = { -1, -1 }, gr[2] = { 0, 5 };
	gsl_test_int(fair_reweigh(ybad, g2, 2, 1, NULL, w2, &err), FAIR_EINVAL, "reweigh: label 2 rejected");
	double y2[2] = { 1, 0 };
	gsl_test_int(fair_reweigh(y2, gm, 2, 1, NULL, w2, &err), FAIR_EINVAL, "reweigh: no group rejected");
	gsl_test_int(fair_reweigh(y2, gr, 2, 2, NULL, w2, &err), FAIR_EINVAL, "reweigh: group code out of range");
	const char *lab[] = { "women" };
	double y11[2] = { 1, 1 };
	gsl_test_int(fair_reweigh(y11, g2, 2, 1, lab, w2, &err), FAIR_EINVAL, "reweigh: group without negatives");
	gsl_test(strstr(err.msg, "'women'") == NULL, "reweigh: message names the group: %s", err.msg);
}

static void
test_direpair(void)
{
	/* column 0: A {1,2,3,4}, B {10,20,30,40}; column 1 not numeric.
	 * level 1: M(u) = (A[r] + B[r]) / 2 = 5.5, 11, 16.5, 22 for ranks 0..3. */
	gsl_matrix *X = gsl_matrix_alloc(8, 2);
	double a[8] = { 3, 1, 4, 2, 10, 40, 20, 30 };
	int32_t g[8] = { 0, 0, 0, 0, 1, 1, 1, 1 };
	bool num[2] = { true, false };
	fair_error err;
	for (size_t i = 0; i < 8; i++) {
		gsl_matrix_set(X, i, 0, a[i]);
		gsl_matrix_set(X, i, 1, 100 + (double)i);
	}
	fair_direpair *r = fair_direpair_fit(X, g, 2, 1.0, num, &err);
	gsl_test(r == NULL, "direpair: fit");
	gsl_test_int((int)fair_direpair_ncols(r), 1, "direpair: one numeric column");
	gsl_matrix *Z = fair_direpair_repair_train(r, X, g, &err);
	double want1[8] = { 16.5, 5.5, 22, 11, 5.5, 22, 11, 16.5 };
	for (size_t i = 0; i < 8; i++) {
		gsl_test_rel(gsl_matrix_get(Z, i, 0), want1[i], 1e-15, "direpair: level 1 row %zu", i);
		gsl_test_rel(gsl_matrix_get(Z, i, 1), 100 + (double)i, 0, "direpair: column 1 unchanged row %zu", i);
	}
	gsl_matrix_free(Z);
	/* new rows: 2.5 in A -> u = 2/4 -> M = (3 + 30)/2 = 16.5; 2 in A (tie) -> u = 1.5/4 -> 11;
	 * 45 in B -> u = 1 -> last -> (4 + 40)/2 = 22; group -1 unchanged */
	gsl_matrix *N = gsl_matrix_calloc(4, 2);
	int32_t gn[4] = { 0, 0, 1, -1 };
	gsl_matrix_set(N, 0, 0, 2.5);
	gsl_matrix_set(N, 1, 0, 2);
	gsl_matrix_set(N, 2, 0, 45);
	gsl_matrix_set(N, 3, 0, 7.25);
	Z = fair_direpair_apply(r, N, gn, &err);
	gsl_test_rel(gsl_matrix_get(Z, 0, 0), 16.5, 1e-15, "direpair: new row between values");
	gsl_test_rel(gsl_matrix_get(Z, 1, 0), 11, 1e-15, "direpair: new row tied with training");
	gsl_test_rel(gsl_matrix_get(Z, 2, 0), 22, 1e-15, "direpair: new row above the range");
	gsl_test_rel(gsl_matrix_get(Z, 3, 0), 7.25, 0, "direpair: missing group unchanged");
	gsl_matrix_free(Z);
	fair_direpair_free(r);
	/* level 0.5: row 1 (A, value 1) -> 1 + 0.5 (5.5 - 1) = 3.25 */
	r = fair_direpair_fit(X, g, 2, 0.5, NULL, &err);
	Z = fair_direpair_repair_train(r, X, g, &err);
	gsl_test_rel(gsl_matrix_get(Z, 1, 0), 3.25, 1e-15, "direpair: level 0.5");
	gsl_test_int((int)fair_direpair_ncols(r), 2, "direpair: NULL = all columns");
	gsl_matrix_free(Z);
	/* errors */
	Z = fair_direpair_apply(r, N, gn, &err);
	gsl_test(Z == NULL, "direpair: apply ok");
	gsl_matrix_free(Z);
	gsl_matrix *W = gsl_matrix_calloc(2, 3);
	gsl_test(fair_direpair_apply(r, W, gn, &err) != NULL || err.code != FAIR_EINVAL, "direpair: wrong width rejected");
	gsl_test(fair_direpair_repair_train(r, N, gn, &err) != NULL, "direpair: not the training rows rejected");
	fair_direpair_free(r);
	gsl_test(fair_direpair_fit(X, g, 2, 1.5, NULL, &err) != NULL, "direpair: level 1.5 rejected");
	int32_t gb[8] = { 0, 0, 0, 0, 1, 1, 1, 9 };
	gsl_test(fair_direpair_fit(X, gb, 2, 1, NULL, &err) != NULL, "direpair: bad group code rejected");
	gsl_matrix_set(X, 2, 0, NAN);
	gsl_test(fair_direpair_fit(X, g, 2, 1, NULL, &err) != NULL, "direpair: NaN rejected");
	gsl_matrix_free(W);
	gsl_matrix_free(N);
	gsl_matrix_free(X);

	/* full repair, 3 groups of equal size: the sorted repaired values agree exactly */
	gsl_rng *rg = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rg, 11);
	size_t n = 300;
	gsl_matrix *R = gsl_matrix_alloc(n, 1);
	int32_t *gr = malloc(n * sizeof *gr);
	for (size_t i = 0; i < n; i++) {
		gr[i] = (int32_t)(i % 3);
		gsl_matrix_set(R, i, 0, gsl_ran_gaussian(rg, 1.0 + gr[i]) + 2.0 * gr[i]);
	}
	r = fair_direpair_fit(R, gr, 3, 1.0, NULL, &err);
	Z = fair_direpair_repair_train(r, R, gr, &err);
	double s[3][100];
	size_t c[3] = { 0, 0, 0 };
	for (size_t i = 0; i < n; i++)
		s[gr[i]][c[gr[i]]++] = gsl_matrix_get(Z, i, 0);
	double maxd = 0;
	for (int k = 0; k < 3; k++)
		gsl_sort(s[k], 1, 100);
	for (size_t i = 0; i < 100; i++)
		maxd = fmax(maxd, fmax(fabs(s[0][i] - s[1][i]), fabs(s[0][i] - s[2][i])));
	gsl_test_abs(maxd, 0, 0, "direpair: full repair gives identical group distributions");
	gsl_matrix_free(Z);
	fair_direpair_free(r);
	free(gr);
	gsl_matrix_free(R);
	gsl_rng_free(rg);
}

static void
rates(const fair_thresh *t, const double *s, const double *y, const int32_t *g, size_t n, size_t K,
      double *sel, double *tpr, double *fpr, double *acc)
{
	double cnt[8] = { 0 }, pos[8] = { 0 }, neg[8] = { 0 }, ok = 0;
	for (size_t a = 0; a < K; a++)
		sel[a] = tpr[a] = fpr[a] = 0;
	for (size_t i = 0; i < n; i++) {
		double p = fair_thresh_prob(t, s[i], g[i]);
		sel[g[i]] += p;
		cnt[g[i]]++;
		if (y[i] == 1) { tpr[g[i]] += p; pos[g[i]]++; ok += p; }
		else { fpr[g[i]] += p; neg[g[i]]++; ok += 1 - p; }
	}
	for (size_t a = 0; a < K; a++) {
		sel[a] /= cnt[a];
		tpr[a] /= pos[a];
		fpr[a] /= neg[a];
	}
	*acc = ok / (double)n;
}

static void
test_threshold(void)
{
	/* A: 0.9(1) 0.8(1) 0.4(0) 0.2(0); B: 0.7(1) 0.6(0) 0.3(0) 0.1(0).
	 * dp, common count k per group of 4: correct_A(k) = 2 TP + 2 - k = 2,3,4,3,2,
	 * correct_B(k) = 2 TP + 3 - k = 3,4,3,2,1; best total 7 (k = 1 or 2, and in
	 * between): accuracy 7/8. eo and eodds: TPR 1 and FPR 0 everywhere: 8/8. */
	double s[8] = { 0.9, 0.8, 0.4, 0.2, 0.7, 0.6, 0.3, 0.1 }, y[8] = { 1, 1, 0, 0, 1, 0, 0, 0 };
	int32_t g[8] = { 0, 0, 0, 0, 1, 1, 1, 1 };
	double sel[8], tpr[8], fpr[8], acc;
	fair_error err;

	fair_thresh *t = fair_thresh_fit(s, y, g, 8, 2, FAIR_CONSTRAINT_DP, &err);
	gsl_test(t == NULL, "thresh: dp fit");
	gsl_test_rel(fair_thresh_accuracy(t), 7.0 / 8, 1e-15, "thresh: dp accuracy 7/8");
	rates(t, s, y, g, 8, 2, sel, tpr, fpr, &acc);
	gsl_test_rel(acc, 7.0 / 8, 1e-15, "thresh: dp accuracy from probabilities");
	gsl_test_abs(sel[0] - sel[1], 0, 1e-15, "thresh: dp selection rates equal");
	/* the tie between rates 1/4 and 1/2 goes to the smallest rate, 1/4. B
	 * selects its top row (cut at the midpoint 0.65). A's vertex "top row"
	 * (1/4, 3/4) lies on the chord from nobody (0, 1/2) to "top two" (1/2, 1),
	 * so the hull drops it and A reaches rate 1/4 by mixing those two
	 * halves: P = 1/2 above the cut 0.6, 0 below */
	gsl_test_rel(fair_thresh_prob(t, 0.86, 0), 0.5, 1e-15, "thresh: dp A mixes nobody and its top two");
	gsl_test_rel(fair_thresh_prob(t, 0.61, 0), 0.5, 1e-15, "thresh: dp A above its cut 0.6");
	gsl_test_rel(fair_thresh_prob(t, 0.6, 0), 0.0, 0, "thresh: dp A at its cut 0.6 (score > cut)");
	gsl_test_rel(fair_thresh_prob(t, 0.66, 1), 1.0, 0, "thresh: dp B above 0.65");
	gsl_test_rel(fair_thresh_prob(t, 0.6, 1), 0.0, 0, "thresh: dp B below 0.65");
	gsl_test(!isnan(fair_thresh_prob(t, 0.5, -1)), "thresh: missing group gives NaN");
	fair_thresh_free(t);
	for (int c = FAIR_CONSTRAINT_EO; c <= FAIR_CONSTRAINT_EODDS; c++) {
		t = fair_thresh_fit(s, y, g, 8, 2, c, &err);
		gsl_test(t == NULL, "thresh: %s fit", fair_constraint_name(c));
		gsl_test_rel(fair_thresh_accuracy(t), 1.0, 1e-15, "thresh: %s accuracy 1", fair_constraint_name(c));
		fair_thresh_free(t);
	}

	/* flip: group A's scores rank its labels backwards, A: 0.9(0) 0.8(0)
	 * 0.2(1) 0.1(1), B: 0.9(1) 0.8(1) 0.2(0) 0.1(0). eo with accuracy:
	 * without flips A's best at any TPR is 1/2 (its hull from nobody (0, .5)
	 * to everybody (1, .5) is flat), B reaches 1 at TPR 1, so (1/2 + 1) / 2
	 * = 3/4; with flips A selects "score < 0.5", accuracy 1 at TPR 1. */
	{
		double fs[8] = { 0.9, 0.8, 0.2, 0.1, 0.9, 0.8, 0.2, 0.1 }, fy[8] = { 0, 0, 1, 1, 1, 1, 0, 0 };
		fair_thresh_opts fo;
		fair_thresh_opts_init(&fo);
		fo.constraint = FAIR_CONSTRAINT_EO;
		t = fair_thresh_fit_opts(fs, fy, g, 8, 2, &fo, NULL, &err);
		gsl_test(t == NULL, "thresh flip: fit without flips");
		gsl_test_rel(fair_thresh_accuracy(t), 0.75, 1e-15, "thresh flip: 3/4 without flips");
		fair_thresh_free(t);
		fo.flip = true;
		t = fair_thresh_fit_opts(fs, fy, g, 8, 2, &fo, NULL, &err);
		gsl_test(t == NULL, "thresh flip: fit with flips");
		gsl_test_rel(fair_thresh_accuracy(t), 1.0, 1e-15, "thresh flip: 1 with flips");
		gsl_test_rel(fair_thresh_prob(t, 0.15, 0), 1.0, 0, "thresh flip: A selects low scores");
		gsl_test_rel(fair_thresh_prob(t, 0.85, 0), 0.0, 0, "thresh flip: A rejects high scores");
		gsl_test(fair_thresh_group_get(t, 0)->op0 != FAIR_THRESH_LT && fair_thresh_group_get(t, 0)->op1 != FAIR_THRESH_LT,
		         "thresh flip: A's rule is a flipped operation");
		fair_thresh_free(t);
		fo.constraint = FAIR_CONSTRAINT_EODDS;
		fo.tol = 0.1;
		gsl_test(fair_thresh_fit_opts(fs, fy, g, 8, 2, &fo, NULL, &err) != NULL, "thresh: tol with eodds is refused");
		fo.tol = 0;
		fo.objective = FAIR_OBJECTIVE_TPR;
		gsl_test(fair_thresh_fit_opts(fs, fy, g, 8, 2, &fo, NULL, &err) != NULL, "thresh: eodds with objective tpr is refused");
		fo.constraint = FAIR_CONSTRAINT_ERROR;
		gsl_test(fair_thresh_fit_opts(fs, fy, g, 8, 2, &fo, NULL, &err) != NULL, "thresh: constraint error is refused");
	}

	/* random data, 3 groups: the constraint holds to 1e-9 in expectation, the
	 * accuracy computed from the probabilities equals the reported optimum,
	 * and it is at least that of the best common deterministic threshold
	 * for dp with equal rates (a feasible point: everybody). */
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 3);
	size_t n = 3000, K = 3;
	double *ss = malloc(n * sizeof *ss), *yy = malloc(n * sizeof *yy);
	int32_t *gg = malloc(n * sizeof *gg);
	for (size_t i = 0; i < n; i++) {
		gg[i] = (int32_t)gsl_rng_uniform_int(r, K);
		yy[i] = gsl_rng_uniform(r) < 0.25 + 0.2 * gg[i] ? 1 : 0;
		ss[i] = yy[i] + 0.4 * gg[i] + gsl_ran_gaussian(r, 0.8);
	}
	for (int c = FAIR_CONSTRAINT_DP; c <= FAIR_CONSTRAINT_EODDS; c++) {
		t = fair_thresh_fit(ss, yy, gg, n, K, c, &err);
		gsl_test(t == NULL, "thresh random: %s fit", fair_constraint_name(c));
		rates(t, ss, yy, gg, n, K, sel, tpr, fpr, &acc);
		gsl_test_rel(acc, fair_thresh_accuracy(t), 1e-12, "thresh random %s: accuracy", fair_constraint_name(c));
		for (size_t a = 1; a < K; a++) {
			if (c == FAIR_CONSTRAINT_DP)
				gsl_test_abs(sel[a], sel[0], 1e-9, "thresh random dp: sel group %zu", a);
			else
				gsl_test_abs(tpr[a], tpr[0], 1e-9, "thresh random %s: tpr group %zu", fair_constraint_name(c), a);
			if (c == FAIR_CONSTRAINT_EODDS)
				gsl_test_abs(fpr[a], fpr[0], 1e-9, "thresh random eodds: fpr group %zu", a);
		}
		for (size_t a = 0; a < K; a++) {
			const fair_thresh_group *o = fair_thresh_group_get(t, a);
			gsl_test_abs(o->sel, sel[a], 1e-12, "thresh random %s: stored sel %zu", fair_constraint_name(c), a);
			gsl_test(!(o->p0 >= 0 && o->p1 >= 0 && fabs(o->p0 + o->p1 - 1) < 1e-12 && o->p_ignore >= 0 &&
			           o->p_ignore <= 1), "thresh random: the rule's weights are probabilities");
		}
		/* better than the trivial feasible classifier "majority label for all" */
		double pos = 0;
		for (size_t i = 0; i < n; i++)
			pos += yy[i];
		gsl_test(fair_thresh_accuracy(t) < fmax(pos, n - pos) / n, "thresh random %s: beats the constant", fair_constraint_name(c));
		fair_thresh_free(t);
	}
	/* errors */
	int32_t gbad[8] = { 0, 0, 0, 0, 1, 1, 1, 7 };
	gsl_test(fair_thresh_fit(s, y, gbad, 8, 2, FAIR_CONSTRAINT_DP, &err) != NULL, "thresh: bad group code");
	int32_t gone[8] = { 0, 0, 0, 0, 0, 0, 0, 0 }, gnone[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };
	t = fair_thresh_fit(s, y, gone, 8, 2, FAIR_CONSTRAINT_DP, &err);
	gsl_test(t == NULL, "thresh: an empty group takes no part");
	/* one group alone: no constraint left; sorted, the labels are
	 * 1 1 1 0 0 0 0 0 (0.9 0.8 0.7 | 0.6 ...), so threshold 0.7 is perfect */
	gsl_test_rel(fair_thresh_accuracy(t), 1.0, 1e-15, "thresh: single group is the unconstrained optimum");
	gsl_test(!isnan(fair_thresh_prob(t, 0.5, 1)), "thresh: empty group gives NaN");
	fair_thresh_free(t);
	gsl_test(fair_thresh_fit(s, y, gnone, 8, 2, FAIR_CONSTRAINT_DP, &err) != NULL || err.code != FAIR_EUNDEF,
	         "thresh: no group with rows is undefined");
	double yneg[8] = { 1, 1, 0, 0, 0, 0, 0, 0 };
	gsl_test(fair_thresh_fit(s, yneg, g, 8, 2, FAIR_CONSTRAINT_EO, &err) != NULL || err.code != FAIR_EUNDEF,
	         "thresh: eo without positives is undefined");
	double ypos[8] = { 1, 1, 0, 0, 1, 1, 1, 1 };
	gsl_test(fair_thresh_fit(s, ypos, g, 8, 2, FAIR_CONSTRAINT_EODDS, &err) != NULL || err.code != FAIR_EUNDEF,
	         "thresh: eodds without negatives is undefined");
	double sn[8] = { 0.9, NAN, 0.4, 0.2, 0.7, 0.6, 0.3, 0.1 };
	gsl_test(fair_thresh_fit(sn, y, g, 8, 2, FAIR_CONSTRAINT_DP, &err) != NULL, "thresh: NaN score");
	double y3[8] = { 1, 3, 0, 0, 1, 0, 0, 0 };
	gsl_test(fair_thresh_fit(s, y3, g, 8, 2, FAIR_CONSTRAINT_DP, &err) != NULL, "thresh: bad label");
	gsl_test(fair_thresh_fit(s, y, g, 8, 2, 9, &err) != NULL, "thresh: bad constraint");
	int cc;
	gsl_test(fair_constraint_parse("eodds", &cc, &err) || cc != FAIR_CONSTRAINT_EODDS, "constraint parse eodds");
	gsl_test(fair_constraint_parse("odds", &cc, &err) != FAIR_EINVAL, "constraint parse rejects 'odds'");
	free(ss);
	free(yy);
	free(gg);
	gsl_rng_free(r);
}

/* A threshold optimiser saved before flips and objectives existed (t_hi,
 * t_lo, p_hi, p_mid; "score >= t") still scores as it did:
 * P = p_hi at or above t_hi, p_mid in [t_lo, t_hi), 0 below. */
static void
test_thresh_old_file(void)
{
	fair_param *p = fair_param_new(FAIR_PARAM_OBJECT, NULL), *gl = fair_param_add_list(p, "groups");
	fair_error err;
	fair_param_add_str(p, "constraint", "dp");
	fair_param_add_num(p, "accuracy", 0.75);
	fair_param *g0 = fair_param_add_object(gl, NULL);
	fair_param_add_num(g0, "t_hi", 0.8);
	fair_param_add_num(g0, "t_lo", 0.5);
	fair_param_add_num(g0, "p_hi", 1.0);
	fair_param_add_num(g0, "p_mid", 0.25);
	fair_param_add_num(g0, "sel", 0.3);
	fair_param_add_num(g0, "tpr", 0.5);
	fair_param_add_num(g0, "fpr", 0.1);
	fair_param_add_int(g0, "n", 10);
	fair_param_add_int(g0, "npos", 4);
	fair_thresh *t = fair_thresh_import(p, &err);
	gsl_test(t == NULL, "thresh old file: imported (%s)", t ? "" : err.msg);
	if (t != NULL) {
		gsl_test_rel(fair_thresh_prob(t, 0.8, 0), 1.0, 1e-15, "thresh old file: at t_hi");
		gsl_test_rel(fair_thresh_prob(t, 0.9, 0), 1.0, 1e-15, "thresh old file: above t_hi");
		gsl_test_rel(fair_thresh_prob(t, 0.5, 0), 0.25, 1e-15, "thresh old file: at t_lo");
		gsl_test_rel(fair_thresh_prob(t, 0.79, 0), 0.25, 1e-15, "thresh old file: below t_hi");
		gsl_test_abs(fair_thresh_prob(t, 0.49, 0), 0.0, 0, "thresh old file: below t_lo");
		gsl_test(fair_thresh_constraint(t) != FAIR_CONSTRAINT_DP || fair_thresh_options(t)->flip,
		         "thresh old file: dp without flips");
		/* and the new format round-trips */
		fair_param *q = fair_param_new(FAIR_PARAM_OBJECT, NULL);
		gsl_test(fair_thresh_export(t, q, &err), "thresh old file: exported");
		fair_thresh *t2 = fair_thresh_import(q, &err);
		gsl_test(t2 == NULL || fair_thresh_prob(t2, 0.6, 0) != 0.25, "thresh: round trip of a >= rule");
		fair_thresh_free(t2);
		fair_param_free(q);
	}
	fair_thresh_free(t);
	fair_param_free(p);
}

static void
test_draw(void)
{
	size_t ones = 0, n = 100000;
	for (size_t i = 0; i < n; i++)
		ones += fair_random_draw(0.3, 42, i) == 1.0;
	gsl_test_abs((double)ones / n, 0.3, 0.005, "draw: frequency ~ p");
	gsl_test(fair_random_draw(0.3, 42, 17) != fair_random_draw(0.3, 42, 17), "draw: deterministic");
	gsl_test(fair_random_draw(0, 1, 1) != 0 || fair_random_draw(1, 1, 1) != 1, "draw: p 0 and 1");
	gsl_test(!isnan(fair_random_draw(NAN, 1, 1)), "draw: NaN stays NaN");
}

/* The moments of the reductions on four rows, by hand. */
static void
test_moments(void)
{
	/* y = 0, 1, 0.5, 2, 0.3 in groups 0, 0, 1, 1, -1 */
	const double y[] = { 0, 1, 0.5, 2, 0.3 }, h[] = { 0.5, 0.5, 0.5, 0.5, 0.3 };
	const int32_t g[] = { 0, 0, 1, 1, -1 };
	double obj, gam[4], lam[2] = { 0.2, 0.1 };
	fair_moments M;
	fair_error err;

	/* square loss clipped to [0, 1]: (0 - .5)^2 = .25, (1 - .5)^2 = .25,
	 * 0, (1 - .5)^2 = .25 (2 clipped to 1), 0: group 0 .25, group 1 .125,
	 * objective over all five rows .75 / 5 = .15 */
	gsl_test(fair_moments_init_bgl(&M, FAIR_BGL_SQUARE, 0, 1, y, g, 5, 2, "t", &err), "moments: bgl init");
	fair_moments_gamma(&M, h, &obj, gam);
	gsl_test_abs(gam[0], 0.25, 1e-15, "moments: square loss of group 0");
	gsl_test_abs(gam[1], 0.125, 1e-15, "moments: square loss of group 1");
	gsl_test_abs(obj, 0.15, 1e-15, "moments: mean square loss (the group-less row counts)");
	/* signed weights lambda_a / p_a, p_a = 2 / 5: .2 / .4 = .5, .1 / .4 = .25, 0 */
	gsl_test_abs(fair_moments_signed(&M, 0, lam), 0.5, 1e-15, "moments: bgl signed weight, group 0");
	gsl_test_abs(fair_moments_signed(&M, 3, lam), 0.25, 1e-15, "moments: bgl signed weight, group 1");
	gsl_test(fair_moments_signed(&M, 4, lam) != 0, "moments: bgl signed weight, no group");
	fair_moments_release(&M);
	/* absolute loss clipped to [0, 3]: .5, .5, 0, 1.5, 0: groups .5, .75, mean 2.5 / 5 */
	gsl_test(fair_moments_init_bgl(&M, FAIR_BGL_ABSOLUTE, 0, 3, y, g, 5, 2, "t", &err), "moments: bgl init abs");
	fair_moments_gamma(&M, h, &obj, gam);
	gsl_test_abs(gam[0], 0.5, 1e-15, "moments: absolute loss of group 0");
	gsl_test_abs(gam[1], 0.75, 1e-15, "moments: absolute loss of group 1");
	gsl_test_abs(obj, 0.5, 1e-15, "moments: mean absolute loss");
	fair_moments_release(&M);
	gsl_test(fair_moments_init_bgl(&M, FAIR_BGL_SQUARE, 1, 1, y, g, 5, 2, "t", &err) != FAIR_EINVAL,
	         "moments: an empty clip range is refused");
	{
		const double yn[] = { 0, NAN };
		const int32_t gn[] = { 0, 1 };
		gsl_test(fair_moments_init_bgl(&M, FAIR_BGL_SQUARE, 0, 1, yn, gn, 2, 2, "t", &err) != FAIR_EINVAL ||
		         strstr(err.msg, "row 2") == NULL, "moments: a missing target is refused (%s)", err.msg);
	}
	/* demographic parity on labels 0 1 1 0, groups 0 0 1 1, h = 1 0 1 1:
	 * E[h | 0] = .5, E[h | 1] = 1, E[h] = .75; gamma(+, a) = E[h | a] - E[h]
	 * = -.25, .25; gamma(-, a) = .25, -.25; error (1 + 1 + 0 + 1) / 4 = .75 */
	{
		const double yc[] = { 0, 1, 1, 0 }, hc[] = { 1, 0, 1, 1 };
		const int32_t gc[] = { 0, 0, 1, 1 };
		double lc[4] = { 0.3, 0, 0, 0.1 };
		gsl_test(fair_moments_init(&M, FAIR_CONSTRAINT_DP, 1, yc, gc, 4, 2, "t", &err), "moments: dp init");
		fair_moments_gamma(&M, hc, &obj, gam);
		gsl_test_abs(gam[fair_moments_index(&M, 0, 0, 0)], -0.25, 1e-15, "moments: dp gamma(+, 0)");
		gsl_test_abs(gam[fair_moments_index(&M, 0, 0, 1)], 0.25, 1e-15, "moments: dp gamma(+, 1)");
		gsl_test_abs(gam[fair_moments_index(&M, 1, 0, 0)], 0.25, 1e-15, "moments: dp gamma(-, 0)");
		gsl_test_abs(obj, 0.75, 1e-15, "moments: dp error");
		/* lambda(+, 0) = .3, lambda(-, 1) = .1: row in group 0:
		 * (.3 - .1) / 1 + (0 - .3) / .5 = -.4; group 1: .2 + (.1 - 0) / .5 = .4 */
		gsl_test_abs(fair_moments_signed(&M, 0, lc), -0.4, 1e-15, "moments: dp signed weight, group 0");
		gsl_test_abs(fair_moments_signed(&M, 2, lc), 0.4, 1e-15, "moments: dp signed weight, group 1");
		fair_moments_release(&M);
	}
}

static void
test_expgrad(void)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 5);
	size_t n = 3000, d = 4, K = 2;
	gsl_matrix *X = gsl_matrix_alloc(n, d);
	double *y = malloc(n * sizeof *y), *p = malloc(n * sizeof *p);
	int32_t *g = malloc(n * sizeof *g);
	fair_error err;

	/* the group shifts the features and the base rate: an unconstrained
	 * model has a large demographic-parity gap */
	for (size_t i = 0; i < n; i++) {
		g[i] = gsl_rng_uniform(r) < 0.35 ? 1 : 0;
		double z = gsl_ran_gaussian(r, 1.0) + (g[i] ? -0.8 : 0.4);
		y[i] = gsl_rng_uniform(r) < 1 / (1 + exp(-2 * z)) ? 1 : 0;
		gsl_matrix_set(X, i, 0, z + gsl_ran_gaussian(r, 0.5));
		gsl_matrix_set(X, i, 1, g[i] + gsl_ran_gaussian(r, 0.3));
		gsl_matrix_set(X, i, 2, gsl_ran_gaussian(r, 1.0));
		gsl_matrix_set(X, i, 3, z * 0.5 + gsl_ran_gaussian(r, 1.0));
	}
	/* dp, eo, eodds, fpr, error-rate parity, and dp with a ratio bound 0.8 */
	static const int cons[] = { FAIR_CONSTRAINT_DP, FAIR_CONSTRAINT_EO, FAIR_CONSTRAINT_EODDS, FAIR_CONSTRAINT_FPR,
	                            FAIR_CONSTRAINT_ERROR, FAIR_CONSTRAINT_DP };
	for (size_t ci = 0; ci < sizeof cons / sizeof *cons; ci++) {
		int c = cons[ci];
		double rho = ci == 5 ? 0.8 : 1.0;
		fair_expgrad_opts o;
		fair_expgrad_info info;
		fair_progress prog;
		fair_expgrad_opts_init(&o);
		o.constraint = c;
		o.ratio = rho;
		fair_progress_init(&prog);
		fair_learner *l = fair_expgrad_fit(X, y, g, K, &o, &info, &prog, &err);
		gsl_test(l == NULL, "expgrad %s: fit (%s)", fair_constraint_name(c), l ? "" : err.msg);
		if (l == NULL)
			continue;
		gsl_test(!fair_expgrad_is(l) || fair_expgrad_size(l) != info.nlearners || info.nlearners == 0,
		         "expgrad %s: components", fair_constraint_name(c));
		double wsum = 0, wj;
		for (size_t j = 0; j < fair_expgrad_size(l); j++) {
			fair_expgrad_component(l, j, &wj, NULL);
			wsum += wj;
		}
		gsl_test_rel(wsum, 1.0, 1e-12, "expgrad %s: weights sum to 1", fair_constraint_name(c));
		fair_learner_predict(l, X, p, &err);
		/* expected moments of the randomised classifier, recomputed here */
		double s[2][2] = { { 0 } }, m[2][2] = { { 0 } }, se[2] = { 0 }, me[2] = { 0 }, er = 0;
		for (size_t i = 0; i < n; i++) {
			int e = c == FAIR_CONSTRAINT_DP || c == FAIR_CONSTRAINT_ERROR ? 0
			      : c == FAIR_CONSTRAINT_EO ? (y[i] == 1 ? 0 : -1)
			      : c == FAIR_CONSTRAINT_FPR ? (y[i] == 0 ? 0 : -1) : (int)y[i];
			double u = c == FAIR_CONSTRAINT_ERROR ? (y[i] == 1 ? 1 - p[i] : p[i]) : p[i];   /* the moment's utility */
			er += y[i] == 1 ? 1 - p[i] : p[i];
			if (e < 0)
				continue;
			s[e][g[i]] += u;
			m[e][g[i]]++;
			se[e] += u;
			me[e]++;
		}
		/* Fairlearn's constraints: rho E[u | e, a] - E[u | e] <= eps and
		 * rho E[u | e] - E[u | e, a] <= eps (rho = 1: |difference| <= eps) */
		double viol = 0;
		for (int e = 0; e < (c == FAIR_CONSTRAINT_EODDS ? 2 : 1); e++)
			for (size_t a = 0; a < K; a++) {
				double ga = s[e][a] / m[e][a], ge = se[e] / me[e];
				viol = fmax(viol, fmax(rho * ga - ge, rho * ge - ga));
			}
		gsl_test_rel(viol, info.violation, 1e-9, "expgrad %s: violation as reported", fair_constraint_name(c));
		gsl_test_rel(er / n, info.error, 1e-9, "expgrad %s: error as reported", fair_constraint_name(c));
		gsl_test(!(viol <= o.eps + info.gap), "expgrad %s: violation %.4g <= eps + gap %.4g (%zu iterations)",
		         fair_constraint_name(c), viol, o.eps + info.gap, info.iterations);
		gsl_test(info.iterations < 1 || info.iterations > o.max_iter || atomic_load(&prog.iter) == 0,
		         "expgrad %s: progress", fair_constraint_name(c));
		fair_learner_free(l);
	}
	/* the unconstrained DP gap is large, so the constraint did something */
	{
		fair_learner *lr = fair_logreg_fit(X, y, NULL, NULL, NULL, &err);
		double s2[2] = { 0 }, m2[2] = { 0 };
		fair_learner_predict(lr, X, p, &err);
		for (size_t i = 0; i < n; i++) {
			s2[g[i]] += p[i] > 0.5;
			m2[g[i]]++;
		}
		gsl_test(fabs(s2[0] / m2[0] - s2[1] / m2[1]) < 0.2, "expgrad: the plain model is unfair (dp gap %.3f)",
		         fabs(s2[0] / m2[0] - s2[1] / m2[1]));
		fair_learner_free(lr);
	}
	/* a base learner of the registry with its own options: an MLP */
	{
		static const fair_learner_type *const types[] = { &fair_logreg_type, &fair_mlp_type, NULL };
		fair_expgrad_opts o;
		fair_expgrad_info info;
		fair_base b;
		fair_expgrad_opts_init(&o);
		gsl_test(fair_base_prepare(&b, "expgrad", "mlp", "hidden=8\nepochs=15\nval_fraction=0", false, types, &err),
		         "expgrad mlp: base prepared (%s)", err.msg);
		o.base_learner = &b;
		o.max_iter = 8;
		fair_learner *l = fair_expgrad_fit(X, y, g, K, &o, &info, NULL, &err);
		gsl_test(l == NULL, "expgrad mlp: fit");
		gsl_test(l && !(info.violation <= o.eps + info.gap), "expgrad mlp: violation %.3g within eps + gap %.3g",
		         info.violation, o.eps + info.gap);
		for (size_t j = 0; l && j < fair_expgrad_size(l); j++) {
			const fair_learner *cj = fair_expgrad_component(l, j, NULL, NULL);
			gsl_test(cj != NULL && cj->type != &fair_mlp_type, "expgrad mlp: component %zu is an mlp", j);
		}
		fair_learner_free(l);
		fair_base_release(&b);
		gsl_test(fair_base_prepare(&b, "expgrad", "mlp", "depth=3", false, types, &err) != FAIR_EINVAL,
		         "expgrad: unknown base option refused");
		gsl_test(fair_base_prepare(&b, "expgrad", "ferm", NULL, false, types, &err) != FAIR_EINVAL ||
		         strstr(err.msg, "logreg, mlp") == NULL, "expgrad: unknown base refused, usable ones listed (%s)", err.msg);
	}
	/* svm base */
	{
		fair_expgrad_opts o;
		fair_expgrad_info info;
		fair_expgrad_opts_init(&o);
		o.base = FAIR_EXPGRAD_SVM;
		o.max_iter = 10;
		fair_learner *l = fair_expgrad_fit(X, y, g, K, &o, &info, NULL, &err);
		gsl_test(l == NULL, "expgrad svm: fit");
		gsl_test(l && !(info.violation <= o.eps + info.gap), "expgrad svm: violation within eps + gap");
		fair_learner_free(l);
	}
	/* errors and cancellation */
	{
		fair_expgrad_opts o;
		fair_progress prog;
		fair_expgrad_opts_init(&o);
		o.eps = 0;
		gsl_test(fair_expgrad_fit(X, y, g, K, &o, NULL, NULL, &err) != NULL || err.code != FAIR_EINVAL, "expgrad: eps 0");
		fair_expgrad_opts_init(&o);
		y[3] = 2;
		gsl_test(fair_expgrad_fit(X, y, g, K, &o, NULL, NULL, &err) != NULL || err.code != FAIR_EINVAL, "expgrad: label 2");
		y[3] = 1;
		g[5] = 4;
		gsl_test(fair_expgrad_fit(X, y, g, K, &o, NULL, NULL, &err) != NULL || err.code != FAIR_EINVAL, "expgrad: group 4");
		g[5] = 0;
		fair_progress_init(&prog);
		atomic_store(&prog.cancel, true);
		gsl_test(fair_expgrad_fit(X, y, g, K, &o, NULL, &prog, &err) != NULL || err.code != FAIR_ECANCELED,
		         "expgrad: cancelled");
	}
	free(y);
	free(p);
	free(g);
	gsl_matrix_free(X);
	gsl_rng_free(r);
}

/* LFR: the analytic gradient against central differences (two and three
 * groups), and the fit's defining properties: the objective falls from
 * the start, the parity term is smaller with Az = 50 than with Az = 0. */
static void
test_lfr(void)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	size_t n = 60, d = 3, k = 4;
	gsl_matrix *X = gsl_matrix_alloc(n, d);
	double y[60], w[4], v[12], gw[4], gv[12], val, parts[3];
	int32_t g[60];
	fair_lfr_opts o;
	fair_error err;

	gsl_rng_set(r, 9);
	for (size_t i = 0; i < n; i++) {
		g[i] = (int32_t)(i % 3);
		for (size_t c = 0; c < d; c++)
			gsl_matrix_set(X, i, c, gsl_ran_gaussian(r, 1.0) + 0.8 * g[i] * (c == 0));
		y[i] = gsl_rng_uniform(r) < 0.3 + 0.2 * g[i];
	}
	fair_lfr_opts_init(&o);
	o.k = k;
	for (size_t j = 0; j < k; j++) {
		w[j] = 0.2 + 0.15 * (double)j;
		for (size_t c = 0; c < d; c++)
			v[j * d + c] = gsl_ran_gaussian(r, 1.0);
	}
	for (size_t K = 2; K <= 3; K++) {
		int32_t gg[60];
		for (size_t i = 0; i < n; i++)
			gg[i] = (int32_t)((size_t)g[i] % K);
		gsl_test(fair_lfr_objective(X, y, gg, K, &o, w, v, &val, parts, gw, gv, &err), "lfr K=%zu: objective", K);
		gsl_test_rel(val, o.Ax * parts[0] + o.Ay * parts[1] + o.Az * parts[2], 1e-14, "lfr K=%zu: the three terms", K);
		/* central differences, step 1e-6: truncation h^2 |f'''| / 6 ~ 1e-12
		 * and rounding eps |f| / h ~ 1e-9 with |f| ~ 10; the |.| of L_z is
		 * smooth away from ties of the group means (none here) */
		for (size_t p = 0; p < k + k * d; p++) {
			double *q = p < k ? &w[p] : &v[p - k], keep = *q, h = 1e-6, fp, fm, num;
			*q = keep + h;
			fair_lfr_objective(X, y, gg, K, &o, w, v, &fp, NULL, NULL, NULL, &err);
			*q = keep - h;
			fair_lfr_objective(X, y, gg, K, &o, w, v, &fm, NULL, NULL, NULL, &err);
			*q = keep;
			num = (fp - fm) / (2 * h);
			double an = p < k ? gw[p] : gv[p - k];
			gsl_test_abs(an, num, 1e-6 * (1 + fabs(num)), "lfr K=%zu: gradient %zu", K, p);
		}
	}
	/* fits: two groups */
	{
		int32_t g2[60];
		fair_lfr_info i0, i50;
		for (size_t i = 0; i < n; i++)
			g2[i] = g[i] == 0 ? 0 : 1;
		o.Az = 0;
		o.max_iter = 300;
		fair_learner *l0 = fair_lfr_fit(X, y, g2, 2, &o, 3, &i0, NULL, &err);
		o.Az = 50;
		fair_learner *l50 = fair_lfr_fit(X, y, g2, 2, &o, 3, &i50, NULL, &err);
		gsl_test(l0 == NULL || l50 == NULL, "lfr: fits");
		gsl_test(!(i50.Lz < i0.Lz), "lfr: parity term %.3g with Az 50 < %.3g with Az 0", i50.Lz, i0.Lz);
		gsl_test(!(i50.Lz < 0.02), "lfr: parity term %.3g near 0 with Az 50", i50.Lz);
		/* the start: every parameter uniform in [0, 1) from seed 3 */
		{
			gsl_rng *r2 = gsl_rng_alloc(gsl_rng_mt19937);
			double w0[4], v0[12], f0;
			gsl_rng_set(r2, 3);
			for (size_t j = 0; j < k; j++)
				w0[j] = gsl_rng_uniform(r2);
			for (size_t j = 0; j < k * d; j++)
				v0[j] = gsl_rng_uniform(r2);
			fair_lfr_objective(X, y, g2, 2, &o, w0, v0, &f0, NULL, NULL, NULL, &err);
			gsl_test(!(i50.loss < f0), "lfr: the objective fell from %.4g to %.4g", f0, i50.loss);
			gsl_rng_free(r2);
		}
		double sc[60];
		gsl_test(l50 == NULL || fair_learner_predict(l50, X, sc, &err), "lfr: scores");
		for (size_t i = 0; l50 && i < n; i++)
			gsl_test(!(sc[i] > 0 && sc[i] < 1), "lfr: score %zu is a probability", i);
		fair_learner_free(l0);
		fair_learner_free(l50);
		int32_t gbad[60];
		memcpy(gbad, g2, sizeof gbad);
		gbad[4] = -1;
		gsl_test(fair_lfr_fit(X, y, gbad, 2, &o, 3, NULL, NULL, &err) != NULL, "lfr: a row without a group is refused");
		fair_progress prog;
		fair_progress_init(&prog);
		atomic_store(&prog.cancel, true);
		gsl_test(fair_lfr_fit(X, y, g2, 2, &o, 3, NULL, &prog, &err) != NULL || err.code != FAIR_ECANCELED,
		         "lfr: cancelled");
	}
	gsl_matrix_free(X);
	gsl_rng_free(r);
}

/* ---- progress of nested fits and the job's ETA ---------------------------- */

struct watch {
	fair_progress *p;
	atomic_bool    done;
	size_t         max_seen, samples, bad_max, back;   /* samples whose total is not the outer loop's; steps back */
	size_t         want_max;
};

static void *
watch_progress(void *arg)
{
	struct watch *w = arg;
	size_t last = 0;

	while (!atomic_load(&w->done)) {
		size_t mx = atomic_load(&w->p->iter_max), it = atomic_load(&w->p->iter);
		w->samples++;
		if (mx != 0 && mx != w->want_max)
			w->bad_max++;
		if (it < last)
			w->back++;
		last = it;
		nanosleep(&(struct timespec){ 0, 20000 }, NULL);   /* every 20 us: a base fit takes milliseconds */
	}
	return NULL;
}

static void
test_progress(void)
{
	fair_progress parent, child;

	/* the estimator: 3 of 12 steps in 6 s leaves 9 steps at 2 s each */
	gsl_test_abs(fair_progress_eta(3, 12, 6.0), 18.0, 1e-12, "eta: 3 of 12 steps in 6 s: 18 s left");
	gsl_test_abs(fair_progress_eta(12, 12, 6.0), 0.0, 0, "eta: every step done: 0");
	gsl_test(!isnan(fair_progress_eta(0, 12, 6.0)), "eta: no step done: unknown");
	gsl_test(!isnan(fair_progress_eta(3, 0, 6.0)), "eta: no total: unknown");
	gsl_test(!isnan(fair_progress_eta(13, 12, 6.0)), "eta: past the total: unknown");
	/* a child follows its parent's cancellation, never the reverse */
	fair_progress_init(&parent);
	fair_progress_init_child(&child, &parent);
	gsl_test(fair_progress_cancelled(&child), "progress: a fresh child is not cancelled");
	atomic_store(&child.cancel, true);
	gsl_test(fair_progress_cancelled(&parent), "progress: cancelling a child leaves the parent");
	atomic_store(&child.cancel, false);
	atomic_store(&parent.cancel, true);
	gsl_test(!fair_progress_cancelled(&child), "progress: cancelling the parent cancels the child");
	fair_progress_set(&child, 7, 100, 1.0, 2.0);
	gsl_test(atomic_load(&parent.iter) != 0 || atomic_load(&parent.iter_max) != 0, "progress: a child's steps stay in it");

	/* expgrad's base learner (logreg, about a hundred iterations per fit)
	 * reports into a child: every total a watcher sees is expgrad's
	 * max_iter and the step count never goes back. Before, the base fits
	 * wrote their own "iteration 3 of 100" into the job's progress, and an
	 * expgrad job of 9 s showed an ETA of 4m46s (elapsed x 97/3). A
	 * watcher that samples can miss a bad write, never invent one. */
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	size_t n = 4000, d = 6;
	gsl_matrix *X = gsl_matrix_alloc(n, d);
	double *y = malloc(n * sizeof *y);
	int32_t *g = malloc(n * sizeof *g);
	fair_expgrad_opts o;
	fair_expgrad_info info;
	fair_error err;
	struct watch w;
	pthread_t th;

	gsl_rng_set(r, 11);
	for (size_t i = 0; i < n; i++) {
		g[i] = gsl_rng_uniform(r) < 0.4;
		double z = gsl_ran_gaussian(r, 1.0) + (g[i] ? -0.7 : 0.5);
		y[i] = gsl_rng_uniform(r) < 1 / (1 + exp(-z)) ? 1 : 0;
		for (size_t j = 0; j < d; j++)
			gsl_matrix_set(X, i, j, (j == 0 ? z : j == 1 ? g[i] : 0) + gsl_ran_gaussian(r, 1.0));
	}
	fair_expgrad_opts_init(&o);
	o.constraint = FAIR_CONSTRAINT_EO;
	o.max_iter = 20;
	fair_progress_init(&parent);
	memset(&w, 0, sizeof w);
	w.p = &parent;
	w.want_max = o.max_iter;
	atomic_init(&w.done, false);
	if (pthread_create(&th, NULL, watch_progress, &w) == 0) {
		fair_learner *l = fair_expgrad_fit(X, y, g, 2, &o, &info, &parent, &err);
		atomic_store(&w.done, true);
		pthread_join(th, NULL);
		gsl_test(l == NULL, "expgrad progress: fit (%s)", l ? "" : err.msg);
		gsl_test(w.samples == 0, "expgrad progress: the watcher sampled (%zu samples)", w.samples);
		gsl_test(w.bad_max != 0, "expgrad progress: %zu of %zu samples had a base fit's total", w.bad_max, w.samples);
		gsl_test(w.back != 0, "expgrad progress: the step count went back %zu times", w.back);
		gsl_test(atomic_load(&parent.iter) != info.iterations, "expgrad progress: ends at its %zu iterations",
		         info.iterations);
		fair_learner_free(l);
	}
	gsl_matrix_free(X);
	free(y);
	free(g);
	gsl_rng_free(r);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_reweigh();
	test_direpair();
	test_threshold();
	test_thresh_old_file();
	test_draw();
	test_moments();
	test_expgrad();
	test_progress();
	test_lfr();
	return gsl_test_summary();
}
