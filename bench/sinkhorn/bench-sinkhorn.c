/* bench-sinkhorn.c -- times fair_sinkhorn_divergence (debiased, with
 * gradients) and OT_eps alone on two point clouds read from text files.
 * usage: bench-sinkhorn X.txt Y.txt n r eps tol threads reps [alternate=0|1] */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>

#include "ot/ot-private.h"

/* like fairsh itself: OpenBLAS on one thread (the solver splits its own
 * work over o.threads threads) */
extern void openblas_set_num_threads(int) __attribute__((weak));

static gsl_matrix *
read_txt(const char *path, size_t n, size_t r)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	gsl_matrix *M = gsl_matrix_alloc(n, r);
	if (gsl_matrix_fscanf(f, M)) {
		gsl_matrix_free(M);
		M = NULL;
	}
	fclose(f);
	return M;
}

static double
now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* CPU time of the whole process (every thread): steadier than wall time
 * on a shared machine, and what POT's side reports too (process_time) */
static double
cpu(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int
main(int argc, char **argv)
{
	if (argc < 9) {
		fprintf(stderr, "usage: bench-sinkhorn X.txt Y.txt n r eps tol threads reps\n");
		return 2;
	}
	gsl_set_error_handler_off();
	if (openblas_set_num_threads != NULL)
		openblas_set_num_threads(1);
	size_t n = strtoul(argv[3], NULL, 10), r = strtoul(argv[4], NULL, 10);
	gsl_matrix *X = read_txt(argv[1], n, r), *Y = read_txt(argv[2], n, r);
	if (!X || !Y) {
		fprintf(stderr, "cannot read inputs\n");
		return 1;
	}
	fair_sinkhorn_opts o;
	fair_sinkhorn_opts_init(&o);
	o.eps = atof(argv[5]);
	o.tol = atof(argv[6]);
	o.threads = atoi(argv[7]);
	o.max_iter = 100000;
	int reps = atoi(argv[8]);
	if (argc > 9)
		o.alternate = atoi(argv[9]) != 0;
	gsl_matrix *gX = gsl_matrix_alloc(n, r), *gY = gsl_matrix_alloc(n, r);
	fair_error err;
	for (int debias = 1; debias >= 0; debias--) {
		double best = 1e300, bestc = 1e300, v = 0;
		fair_sinkhorn_info info = { 0 };
		for (int k = 0; k < reps; k++) {
			double t0 = now(), c0 = cpu();
			if (fair_sinkhorn_divergence_ex(X, Y, &o, debias, &v, gX, gY, &info, &err)) {
				fprintf(stderr, "error: %s\n", err.msg);
				return 1;
			}
			double t = now() - t0, c = cpu() - c0;
			best = t < best ? t : best;
			bestc = c < bestc ? c : bestc;
		}
		printf("fairsh %s threads=%d alternate=%d: %.3f s  cpu %.3f s  value %.10g  iters %zu (schedule %zu)  "
		       "L1 marginal err %.2e  OT_ab %.10g  float kernels %zu\n",
		       debias ? "S_eps+grad" : "OT_eps+grad", o.threads, (int)o.alternate, best, bestc, v, info.iterations,
		       info.schedule_len, info.marginal_error, info.ot_ab, info.float_kernels);
	}
	gsl_matrix_free(X);
	gsl_matrix_free(Y);
	gsl_matrix_free(gX);
	gsl_matrix_free(gY);
	return 0;
}
