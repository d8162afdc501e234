/* bench.c -- timing of the Wasserstein-barycenter correction (fit + apply on
 * 1,000,000 predictions) and of the exact 1-D W1 distance, for run.sh.
 * Writes the inputs to DIR so the Python peer times the same data. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "ot/ot-private.h"

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the test machine is shared */
	return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void
dump(const char *dir, const char *name, const void *p, size_t sz)
{
	char path[4096];
	FILE *fp;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "wb");
	if (fp == NULL || fwrite(p, 1, sz, fp) != sz) {
		fprintf(stderr, "bench: cannot write %s\n", path);
		exit(1);
	}
	fclose(fp);
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";   /* run.sh passes its temporary directory */
	size_t n = 1000000, i, K, reps = 7, r;
	double *f = malloc(n * sizeof *f), *out = malloc(n * sizeof *out);
	double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
	int32_t *g = malloc(n * sizeof *g);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	fair_error err;

	gsl_set_error_handler_off();
	gsl_rng_set(rng, 42);
	for (K = 2; K <= 4; K += 2) {
		double best = 1e9, bfit = 1e9, bapp = 1e9;
		char name[64];
		for (i = 0; i < n; i++) {
			g[i] = (int32_t)gsl_rng_uniform_int(rng, K);
			f[i] = 0.3 * g[i] + gsl_ran_gaussian_ziggurat(rng, 1 + 0.2 * g[i]);
		}
		snprintf(name, sizeof name, "f%zu.bin", K);
		dump(dir, name, f, n * sizeof *f);
		snprintf(name, sizeof name, "g%zu.bin", K);
		dump(dir, name, g, n * sizeof *g);
		for (r = 0; r < reps; r++) {
			double t0 = now(), t1, t2;
			fair_wbary *wb = fair_wbary_fit(f, g, n, K, NULL, FAIR_WBARY_JITTER_AUTO, 1, &err);
			t1 = now();
			if (wb == NULL || fair_wbary_apply(wb, f, g, n, 1, 2, out, NULL, &err) != FAIR_OK) {
				fprintf(stderr, "bench: %s\n", err.msg);
				return 1;
			}
			t2 = now();
			fair_wbary_free(wb);
			if (t2 - t0 < best)
				best = t2 - t0;
			if (t1 - t0 < bfit)
				bfit = t1 - t0;
			if (t2 - t1 < bapp)
				bapp = t2 - t1;
		}
		/* reference output without jitter, for the agreement check */
		{
			fair_wbary *wb = fair_wbary_fit(f, g, n, K, NULL, 0, 1, &err);
			fair_wbary_apply(wb, f, g, n, 1, 2, out, NULL, &err);
			snprintf(name, sizeof name, "out%zu.bin", K);
			dump(dir, name, out, n * sizeof *out);
			fair_wbary_free(wb);
		}
		printf("wbary K=%zu fit+apply %.4f s (fit %.4f, apply %.4f)\n", K, best, bfit, bapp);
	}
	for (i = 0; i < n; i++) {
		a[i] = gsl_ran_gaussian_ziggurat(rng, 1);
		b[i] = 0.5 + gsl_ran_gaussian_ziggurat(rng, 1.5);
	}
	dump(dir, "wa.bin", a, n * sizeof *a);
	dump(dir, "wb.bin", b, n * sizeof *b);
	{
		double best = 1e9, v = NAN;
		for (r = 0; r < reps; r++) {
			double t0 = now();
			if (fair_ot1d_wp(a, n, b, n, 1, &v, &err) != FAIR_OK) {
				fprintf(stderr, "bench: %s\n", err.msg);
				return 1;
			}
			if (now() - t0 < best)
				best = now() - t0;
		}
		printf("w1 %.4f s value %.17g\n", best, v);
	}
	{
		double best = 1e9, *ws = malloc(n * sizeof *ws);
		for (r = 0; r < reps; r++) {
			double t0;
			memcpy(out, a, n * sizeof *out);
			t0 = now();
			fair_ot1d_sort_ws(out, n, ws);
			if (now() - t0 < best)
				best = now() - t0;
		}
		printf("sort %.4f s\n", best);
		free(ws);
	}
	free(f);
	free(out);
	free(a);
	free(b);
	free(g);
	gsl_rng_free(rng);
	return 0;
}
