/* bench-ferm.c -- timing of linear FERM pre-processing against the logreg
 * fit it precedes, and of kernel FERM with random features, on Adult. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_errno.h>

#include "fairsh/csv.h"
#include "methods/methods-private.h"
#include "learn/learn-private.h"

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int
main(int argc, char **argv)
{
	const char *path = argv[1];   /* run.sh passes the Adult it found */
	fair_error err;
	if (argc < 2) {
		fprintf(stderr, "usage: bench-ferm ADULT.CSV [COMPONENTS]\n");
		return 2;
	}
	gsl_set_error_handler_off();
	fair_frame *f = fair_csv_read(path, NULL, NULL, &err);
	if (f == NULL) {
		fprintf(stderr, "bench-ferm: %s\n", err.msg);
		return 1;
	}
	size_t n = fair_frame_nrows(f), nc = fair_frame_ncols(f), ncols = 0, ntr = 0;
	size_t *cols = malloc(nc * sizeof *cols), *tr = malloc(n * sizeof *tr);
	fair_column *inc = fair_frame_column(f, (size_t)fair_frame_find(f, "income"));
	fair_column *sex = fair_frame_column(f, (size_t)fair_frame_find(f, "sex"));
	fair_column *spl = fair_frame_column(f, (size_t)fair_frame_find(f, "split"));
	for (size_t j = 0; j < nc; j++) {
		const char *nm = fair_column_name(fair_frame_column(f, j));
		if (strcmp(nm, "income") && strcmp(nm, "split"))
			cols[ncols++] = j;
	}
	for (size_t i = 0; i < n; i++)
		if (!strcmp(fair_column_level(spl, (size_t)fair_column_codes(spl)[i]), "train"))
			tr[ntr++] = i;
	fair_pipeline *p = fair_pipeline_fit(f, cols, ncols, tr, ntr, NULL, &err);
	gsl_matrix *X = fair_pipeline_transform(p, f, tr, ntr, &err);
	double *y = malloc(ntr * sizeof *y);
	int32_t *g = malloc(ntr * sizeof *g);
	long male = fair_column_level_index(sex, "Male");
	for (size_t i = 0; i < ntr; i++) {
		y[i] = !strcmp(fair_column_level(inc, (size_t)fair_column_codes(inc)[tr[i]]), ">50K");
		g[i] = fair_column_codes(sex)[tr[i]] == male ? 0 : 1;
	}
	int reps = 5;
	double tl = 1e300, tf = 1e300, tfl = 1e300;
	for (int r = 0; r < reps; r++) {
		fair_logreg_opts lo;
		fair_logreg_opts_init(&lo);
		double t0 = now();
		fair_learner *l = fair_logreg_fit(X, y, NULL, &lo, NULL, &err);
		double t1 = now();
		fair_ferm *t = fair_ferm_fit(X, y, g, 2, NULL, NULL, &err);
		gsl_matrix *Z = fair_ferm_apply(t, X, &err);
		double t2 = now();
		fair_learner *l2 = fair_logreg_fit(Z, y, NULL, &lo, NULL, &err);
		double t3 = now();
		tl = t1 - t0 < tl ? t1 - t0 : tl;
		tf = t2 - t1 < tf ? t2 - t1 : tf;
		tfl = t3 - t2 < tfl ? t3 - t2 : tfl;
		fair_learner_free(l);
		fair_learner_free(l2);
		fair_ferm_free(t);
		gsl_matrix_free(Z);
	}
	printf("adult train %zu x %zu (best of %d)\n", X->size1, X->size2, reps);
	printf("logreg fit                 %8.3f s\n", tl);
	printf("ferm fit+apply             %8.3f s  (%.1f%% of the logreg fit)\n", tf, 100.0 * tf / tl);
	printf("logreg fit on FERM data    %8.3f s\n", tfl);
	fair_kferm_opts ko;
	fair_kferm_info info;
	fair_kferm_opts_init(&ko);
	ko.components = argc > 2 ? (size_t)atol(argv[2]) : 500;
	double t0 = now();
	fair_learner *kl = fair_kferm_fit(X, y, g, 2, NULL, &ko, &info, NULL, &err);
	double t1 = now();
	if (kl == NULL)
		printf("kernel FERM (rff) failed: %s\n", err.msg);
	else
		printf("kernel FERM rbf %s D=%zu: %8.3f s (gap %.2e, %zu iterations, converged %d)\n",
		       fair_kferm_path_name(info.path), info.dim, t1 - t0, info.constraint_gap,
		       info.iterations, (int)info.converged);
	fair_learner_free(kl);
	gsl_matrix_free(X);
	fair_pipeline_free(p);
	fair_frame_unref(f);
	free(cols);
	free(tr);
	free(y);
	free(g);
	return 0;
}
