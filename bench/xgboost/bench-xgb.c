/* bench-xgb.c -- training time of fairsh's XGBoost learners (fair_xgb_fit:
 * the conversion to single precision, the DMatrix, every round with its
 * training-loss evaluation) on a design matrix stored as raw doubles, so
 * that peer.py times Python's xgboost on the very same numbers.
 *   bench-xgb adult ADULT.csv X.bin y.bin     Adult's design matrix (all
 *                                             columns but income, split, sex;
 *                                             the training rows) -> files
 *   bench-xgb fit X.bin y.bin N D xgboost|forest THREADS REPS [ROUNDS]
 *                                             best wall time and best process
 *                                             CPU time (all threads) of REPS fits
 * Built by run.sh against a build's libfair.a. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_errno.h>

#include "fairsh/csv.h"
#include "fairsh/frame.h"
#include "learn/learn-private.h"

static double
now_s(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
adult(const char *path, const char *xout, const char *yout)
{
	fair_error err;
	fair_frame *f = fair_csv_read(path, NULL, NULL, &err);
	if (f == NULL) {
		fprintf(stderr, "bench-xgb: %s\n", err.msg);
		return 1;
	}
	size_t n = fair_frame_nrows(f), nc = fair_frame_ncols(f), *cols = malloc(nc * sizeof *cols), ncols = 0,
	       *tr = malloc(n * sizeof *tr), ntr = 0;
	const fair_column *split = fair_frame_column(f, (size_t)fair_frame_find(f, "split"));
	const fair_column *inc = fair_frame_column(f, (size_t)fair_frame_find(f, "income"));
	long trainlev = fair_column_level_index(split, "train"), poslev = fair_column_level_index(inc, ">50K");
	for (size_t j = 0; j < nc; j++) {
		const char *nm = fair_column_name(fair_frame_column(f, j));
		if (strcmp(nm, "income") && strcmp(nm, "split") && strcmp(nm, "sex"))
			cols[ncols++] = j;
	}
	for (size_t i = 0; i < n; i++)
		if (fair_column_codes(split)[i] == trainlev)
			tr[ntr++] = i;
	fair_pipeline *p = fair_pipeline_fit(f, cols, ncols, tr, ntr, NULL, &err);
	gsl_matrix *X = p ? fair_pipeline_transform(p, f, tr, ntr, &err) : NULL;
	if (X == NULL) {
		fprintf(stderr, "bench-xgb: %s\n", err.msg);
		return 1;
	}
	FILE *fx = fopen(xout, "wb"), *fy = fopen(yout, "wb");
	fwrite(X->data, sizeof(double), X->size1 * X->size2, fx);
	for (size_t i = 0; i < ntr; i++) {
		double y = fair_column_codes(inc)[tr[i]] == poslev;
		fwrite(&y, sizeof y, 1, fy);
	}
	fclose(fx);
	fclose(fy);
	printf("%zu %zu\n", X->size1, X->size2);
	gsl_matrix_free(X);
	fair_pipeline_free(p);
	fair_frame_unref(f);
	free(cols);
	free(tr);
	return 0;
}

static int
fit(int argc, char **argv)
{
	size_t n = strtoul(argv[4], NULL, 10), d = strtoul(argv[5], NULL, 10), threads = strtoul(argv[7], NULL, 10),
	       reps = strtoul(argv[8], NULL, 10), rounds = argc > 9 ? strtoul(argv[9], NULL, 10) : 100;
	bool forest = !strcmp(argv[6], "forest");
	gsl_matrix *X = gsl_matrix_alloc(n, d);
	double *y = malloc(n * sizeof *y), best = INFINITY, bestc = INFINITY;
	FILE *fx = fopen(argv[2], "rb"), *fy = fopen(argv[3], "rb");
	fair_xgb_opts o;
	fair_error err;

	if (fx == NULL || fy == NULL || fread(X->data, sizeof(double), n * d, fx) != n * d ||
	    fread(y, sizeof(double), n, fy) != n) {
		fprintf(stderr, "bench-xgb: cannot read %s, %s\n", argv[2], argv[3]);
		return 1;
	}
	fclose(fx);
	fclose(fy);
	fair_xgb_opts_init(&o, forest);
	o.rounds = o.trees = rounds;
	o.threads = threads;
	o.seed = 1;
	for (size_t r = 0; r < reps; r++) {
		double t0 = now_s(CLOCK_MONOTONIC), c0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
		fair_learner *l = fair_xgb_fit(X, y, NULL, &o, NULL, NULL, &err);
		double t = now_s(CLOCK_MONOTONIC) - t0, c = now_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
		if (l == NULL) {
			fprintf(stderr, "bench-xgb: %s\n", err.msg);
			return 1;
		}
		fair_learner_free(l);
		best = fmin(best, t);
		bestc = fmin(bestc, c);
	}
	printf("%.6f %.6f\n", best, bestc);
	gsl_matrix_free(X);
	free(y);
	return 0;
}

int
main(int argc, char **argv)
{
	gsl_set_error_handler_off();
	if (argc == 5 && !strcmp(argv[1], "adult"))
		return adult(argv[2], argv[3], argv[4]);
	if (argc >= 9 && !strcmp(argv[1], "fit"))
		return fit(argc, argv);
	fprintf(stderr, "usage: bench-xgb adult ADULT.csv X.bin y.bin | fit X.bin y.bin N D xgboost|forest THREADS REPS [ROUNDS]\n");
	return 2;
}
