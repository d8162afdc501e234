/* bench-spec.c -- times demo generation and the data-spec steps on 1M rows
 * (built and run by bench/demo/run.sh; not part of make check). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <gsl/gsl_errno.h>

#include "fairsh/demo.h"
#include "fairsh/spec.h"

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int
main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	fair_error err;
	fair_frame *f;
	fair_target *t;
	fair_groups *g;
	const char *cols[] = { "group", "zip_area" };
	double t0 = now();

	gsl_set_error_handler_off();
	if (fair_demo_generate("loans", n, 1.0, 1, &f, &err)) { fprintf(stderr, "%s\n", err.msg); return 1; }
	double t1 = now();
	fair_target_build(f, "approved", NULL, 0, NAN, -1, &t, &err);
	fair_groups_build(f, cols, 2, NAN, NULL, &g, &err);
	double t2 = now();
	fair_filter *fl = fair_filter_parse(f, "income>30", &err);
	unsigned char *keep = malloc(n), *assign = malloc(n);
	int32_t *strata = malloc(n * sizeof *strata);
	const fair_filter *fls[1] = { fl };
	size_t nkept;
	fair_filters_keep(fls, 1, f, keep, &nkept, &err);
	double t3 = now();
	fair_split_strata(t, g, strata);
	if (fair_split_random(n, keep, 0.7, 1, strata, assign, &err)) { fprintf(stderr, "%s\n", err.msg); return 1; }
	double t4 = now();
	printf("generate %.4f\ntarget+groups %.4f\nfilter %.4f\nsplit %.4f\n", t1 - t0, t2 - t1, t3 - t2, t4 - t3);
	fair_filter_free(fl);
	fair_target_free(t);
	fair_groups_free(g);
	fair_frame_unref(f);
	free(keep); free(assign); free(strata);
	return 0;
}
