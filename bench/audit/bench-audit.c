/* bench-audit.c -- times fair_audit on synthetic given predictions: 10M rows,
 * 8 groups (no CI), and the bootstrap (B=1000 on 50k rows). Prints
 * "name seconds" lines for run.sh. Not part of make check. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "fairsh/metric.h"

static double
now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + 1e-9 * t.tv_nsec;
}

static double
best_of(int reps, const fair_audit_input *in, const fair_audit_opts *o, double *dpd)
{
	double best = 1e30;
	fair_error err;
	for (int k = 0; k < reps; k++) {
		double t0 = now();
		fair_report *r = fair_audit(in, o, &err);
		double t = now() - t0;
		if (r == NULL) {
			fprintf(stderr, "bench-audit: %s\n", err.msg);
			exit(1);
		}
		*dpd = r->metrics[FAIR_M_DP_DIFF].value;
		fair_report_free(r);
		if (t < best)
			best = t;
	}
	return best;
}

int
main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000000;
	size_t K = 8;
	static const char *lab[8] = { "g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7" };
	double *y = malloc(n * sizeof *y), *p = malloc(n * sizeof *p), *w = malloc(n * sizeof *w);
	int32_t *g = malloc(n * sizeof *g);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double dpd;

	gsl_set_error_handler_off();
	for (size_t i = 0; i < n; i++) {
		g[i] = (int32_t)gsl_rng_uniform_int(rng, K);
		y[i] = gsl_rng_uniform(rng) < 0.2 + 0.05 * g[i];
		p[i] = gsl_rng_uniform(rng) < (y[i] ? 0.7 : 0.1) + 0.02 * g[i];
		w[i] = 0.5 + gsl_rng_uniform(rng);
	}
	fair_audit_input in = { .n = n, .y = y, .yhat = p, .group = g, .K = K, .labels = lab,
	                        .privileged = -1, .task = FAIR_TASK_CLASSIFICATION };
	fair_audit_opts o;
	fair_audit_opts_init(&o);
	printf("audit_10M_8groups %.4f\n", best_of(5, &in, &o, &dpd));
	printf("audit_10M_8groups_dpd %.17g\n", dpd);
	in.weight = w;
	printf("audit_10M_8groups_weighted %.4f\n", best_of(3, &in, &o, &dpd));
	in.weight = NULL;

	/* bootstrap: first 50k rows, B = 1000 */
	in.n = 50000;
	o.bootstrap = 1000;
	o.seed = 1;
	printf("bootstrap_50k_B1000 %.4f\n", best_of(3, &in, &o, &dpd));
	in.weight = w;
	printf("bootstrap_50k_B1000_weighted %.4f\n", best_of(3, &in, &o, &dpd));
	in.weight = NULL;

	/* regression bootstrap: KS/W1/W2 on 50k rows, B = 1000 */
	for (size_t i = 0; i < 50000; i++)
		p[i] = y[i] + 0.3 * g[i] + gsl_rng_uniform(rng);
	in.task = FAIR_TASK_REGRESSION;
	printf("regression_50k_B1000 %.4f\n", best_of(1, &in, &o, &dpd));
	gsl_rng_free(rng);
	free(y);
	free(p);
	free(w);
	free(g);
	return 0;
}
