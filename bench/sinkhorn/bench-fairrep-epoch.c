/* bench-fairrep-epoch.c -- seconds per training epoch of fair_fairrep_fit on
 * an Adult-sized synthetic problem (32,561 rows, 104 features, 2 groups).
 * usage: bench-fairrep-epoch mmd|sinkhorn|mean [epochs] */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "methods/methods-private.h"

int
main(int argc, char **argv)
{
	gsl_set_error_handler_off();
	size_t n = 32561, d = 104, epochs = argc > 2 ? strtoul(argv[2], NULL, 10) : 2;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 1);
	gsl_matrix *X = gsl_matrix_alloc(n, d);
	double *y = malloc(n * sizeof *y);
	int32_t *g = malloc(n * sizeof *g);
	for (size_t i = 0; i < n; i++) {
		g[i] = gsl_rng_uniform(rng) < 0.33;
		for (size_t k = 0; k < d; k++)
			gsl_matrix_set(X, i, k, gsl_ran_gaussian(rng, 1.0) + (k == 0 ? g[i] : 0.0));
		y[i] = gsl_matrix_get(X, i, 0) + gsl_matrix_get(X, i, 1) > 0.5;
	}
	fair_fairrep_opts o;
	fair_fairrep_opts_init(&o);
	fair_error err;
	if (argc > 1 && fair_divergence_parse(argv[1], &o.divergence, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 2;
	}
	o.epochs = epochs;
	const double *Y[1] = { y };
	int kinds[1] = { FAIR_TASK_CLASSIFICATION };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fair_fairrep *rep = fair_fairrep_fit(X, Y, kinds, 1, g, 2, &o, NULL, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!rep) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	double s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
	printf("fairrep %s, %zu rows x %zu features, batch %zu, %zu epochs: %.2f s total, %.2f s per epoch "
	       "(includes the final full-data divergence)\n", fair_divergence_name(o.divergence), n, d, o.batch,
	       epochs, s, s / (double)epochs);
	fair_fairrep_free(rep);
	gsl_matrix_free(X);
	free(y);
	free(g);
	gsl_rng_free(rng);
	return 0;
}
