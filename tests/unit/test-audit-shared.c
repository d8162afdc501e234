/* test-audit-shared.c -- fair_audit_count_shared: the cells of several
 * decision arrays counted in one pass equal the hand count and each
 * array's own audit; an audit given those cells (fair_audit_input.counted)
 * equals the audit that counts its rows; arrays with rows the audit skips
 * are flagged; the errors. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_test.h>

#include "fairsh/metric.h"

static const char *const LAB[4] = { "A", "B", "C", "D" };
/* A: y 1 1 0 0, p 1 0 1 0 -> tn 1, fp 1, fn 1, tp 1
 * B: y 1 1 1 0 0 0, p 1 1 1 0 0 1 -> tn 2, fp 1, fn 0, tp 3
 * all ones: A fp 2, tp 2; B fp 3, tp 3 */
static const double Y[10] = { 1, 1, 0, 0,   1, 1, 1, 0, 0, 0 };
static const double P[10] = { 1, 0, 1, 0,   1, 1, 1, 0, 0, 1 };
static const double ONES[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
static const double HOLE[10] = { 1, 0, 1, 0, NAN, 1, 1, 0, 0, 1 };
static const int32_t G[10] = { 0, 0, 0, 0,   1, 1, 1, 1, 1, 1 };

static void
input(fair_audit_input *in, size_t n, const double *y, const int32_t *g, size_t K)
{
	memset(in, 0, sizeof *in);
	in->n = n;
	in->y = y;
	in->group = g;
	in->K = K;
	in->labels = LAB;
	in->privileged = -1;
	in->task = FAIR_TASK_CLASSIFICATION;
}

static void
test_hand(void)
{
	fair_audit_input in;
	size_t c0[8], c1[8], c2[8];
	size_t *cnt[3] = { c0, c1, c2 };
	const double *yh[3] = { P, ONES, HOLE };
	bool ok[3];
	fair_error err;
	input(&in, 10, Y, G, 2);
	gsl_test(fair_audit_count_shared(&in, yh, 3, cnt, ok, NULL, &err), "shared count runs");
	const size_t want0[8] = { 1, 1, 1, 1,  2, 1, 0, 3 }, want1[8] = { 0, 2, 0, 2,  0, 3, 0, 3 };
	for (int k = 0; k < 8; k++) {
		gsl_test_int((int)c0[k], (int)want0[k], "hand count P cell %d", k);
		gsl_test_int((int)c1[k], (int)want1[k], "hand count ones cell %d", k);
	}
	gsl_test(!ok[0] || !ok[1], "plain arrays are complete");
	gsl_test(ok[2], "an array with a missing decision is flagged");
	/* rows 0, 1, 4, 9: A tp (1,1) + fn (1,0); B tp (1,1) + fp (0,1) */
	const size_t rows[4] = { 0, 1, 4, 9 };
	in.rows = rows;
	in.nrows = 4;
	gsl_test(fair_audit_count_shared(&in, yh, 1, cnt, ok, NULL, &err), "shared count over rows runs");
	const size_t want2[8] = { 0, 0, 1, 1,  0, 1, 0, 1 };
	for (int k = 0; k < 8; k++)
		gsl_test_int((int)c0[k], (int)want2[k], "hand count over rows cell %d", k);
	/* errors */
	const size_t bad[1] = { 10 };
	in.rows = bad;
	in.nrows = 1;
	gsl_test_int(fair_audit_count_shared(&in, yh, 1, cnt, ok, NULL, &err), FAIR_EINVAL, "row out of range");
	in.rows = NULL;
	in.weight = ONES;
	gsl_test_int(fair_audit_count_shared(&in, yh, 1, cnt, ok, NULL, &err), FAIR_EINVAL, "weights refused");
	in.weight = NULL;
	in.task = FAIR_TASK_REGRESSION;
	gsl_test_int(fair_audit_count_shared(&in, yh, 1, cnt, ok, NULL, &err), FAIR_EINVAL, "regression refused");
	in.task = FAIR_TASK_CLASSIFICATION;
	const double *none[1] = { NULL };
	gsl_test_int(fair_audit_count_shared(&in, none, 1, cnt, ok, NULL, &err), FAIR_EINVAL, "missing array");
}

/* every figure and metric of two reports equal, bit for bit (NaN = NaN) */
static bool
same(double a, double b)
{
	return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

static bool
same_report(const fair_report *a, const fair_report *b)
{
	if (a->K != b->K || a->nwarnings != b->nwarnings)
		return false;
	for (size_t k = 0; k <= a->K; k++) {
		const fair_group_figures *x = k < a->K ? &a->groups[k] : &a->overall;
		const fair_group_figures *y = k < a->K ? &b->groups[k] : &b->overall;
		if (x->rows != y->rows || !same(x->tp, y->tp) || !same(x->fp, y->fp) || !same(x->tn, y->tn) ||
		    !same(x->fn, y->fn))
			return false;
		for (int f = 0; f < FAIR_FIG_COUNT; f++)
			if (!same(x->fig[f], y->fig[f]) || !same(x->ci_low[f], y->ci_low[f]) ||
			    !same(x->ci_high[f], y->ci_high[f]))
				return false;
	}
	for (int m = 0; m < FAIR_METRIC_COUNT; m++)
		if (!same(a->metrics[m].value, b->metrics[m].value) || a->metrics[m].ga != b->metrics[m].ga ||
		    a->metrics[m].gb != b->metrics[m].gb)
			return false;
	for (size_t w = 0; w < a->nwarnings; w++)
		if (strcmp(a->warnings[w], b->warnings[w]) != 0)
			return false;
	return same(a->dp_p_value, b->dp_p_value);
}

/* 20,000 random rows, 4 groups, three models (one with missing
 * decisions), all rows and a subset: the shared cells equal a direct count
 * and each model's audit with them equals its audit without them */
static void
test_random(void)
{
	enum { N = 20000, M = 3 };
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 26);
	double *y = malloc(N * sizeof *y), *p[M];
	int32_t *g = malloc(N * sizeof *g);
	size_t *rows = malloc(N * sizeof *rows), nr = 0;
	for (int q = 0; q < M; q++)
		p[q] = malloc(N * sizeof *p[q]);
	for (size_t i = 0; i < N; i++) {
		g[i] = (int32_t)gsl_rng_uniform_int(rng, 4);
		y[i] = gsl_rng_uniform(rng) < 0.2 + 0.1 * g[i];
		for (int q = 0; q < M; q++)
			p[q][i] = gsl_rng_uniform(rng) < (y[i] == 1 ? 0.7 : 0.2) + 0.05 * q * g[i];
		if (gsl_rng_uniform(rng) < 0.001)
			p[2][i] = NAN;
		if (gsl_rng_uniform(rng) < 0.3)
			rows[nr++] = i;
	}
	for (int sub = 0; sub < 2; sub++) {
		fair_audit_input in;
		fair_audit_opts o;
		fair_error err;
		size_t cells[M][16], *cnt[M];
		bool ok[M];
		input(&in, N, y, g, 4);
		if (sub) {
			in.rows = rows;
			in.nrows = nr;
		}
		for (int q = 0; q < M; q++)
			cnt[q] = cells[q];
		gsl_test(fair_audit_count_shared(&in, (const double *const *)p, M, cnt, ok, NULL, &err),
		         "random shared count runs");
		gsl_test(!ok[0] || !ok[1] || ok[2], "random: complete, complete, missing decisions (%d %d %d)", ok[0],
		         ok[1], ok[2]);
		fair_audit_opts_init(&o);
		o.min_group = 0;
		for (int q = 0; q < M; q++) {
			size_t direct[16] = { 0 };
			size_t len = sub ? nr : N;
			for (size_t i = 0; i < len; i++) {
				size_t r = sub ? rows[i] : i;
				if (!isnan(p[q][r]))
					direct[4 * g[r] + 2 * (y[r] == 1) + (p[q][r] == 1)]++;
			}
			bool eq = true;
			for (int k = 0; k < 16; k++)
				eq = eq && (ok[q] ? cells[q][k] == direct[k] : cells[q][k] <= direct[k]);
			gsl_test(!eq, "random %s model %d: shared cells equal a direct count", sub ? "subset" : "all", q);
			in.yhat = p[q];
			in.counted = NULL;
			fair_report *a = fair_audit(&in, &o, &err);
			in.counted = ok[q] ? cells[q] : NULL;
			fair_report *b = fair_audit(&in, &o, &err);
			gsl_test(a == NULL || b == NULL || !same_report(a, b),
			         "random %s model %d: audit with the shared cells equals its own", sub ? "subset" : "all", q);
			fair_report_free(a);
			fair_report_free(b);
		}
	}
	for (int q = 0; q < M; q++)
		free(p[q]);
	free(y);
	free(g);
	free(rows);
	gsl_rng_free(rng);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_hand();
	test_random();
	return gsl_test_summary();
}
