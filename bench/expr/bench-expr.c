/* bench-expr.c -- fairsh's expression engine on the columns written by
 * bench-numpy.py --gen (a, b, c: doubles; k: int32 codes of 20 levels):
 * for each benchmark expression, the best of REPS runs of evaluating into a
 * fresh output array (allocated as numpy allocates its results: huge pages)
 * and of building the
 * derived column (which also counts distinct values), plus a memory-bandwidth
 * baseline (r = a + b with plain C loops); conditions also as a filter,
 * updating an existing mask of one byte a row (the session's). Prints "name seconds" lines and
 * "sum_NAME checksum" lines for the side-by-side check.
 * Usage: bench-expr DIR ROWS REPS */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "fairsh/expr.h"
#include "fairsh/frame.h"

/* expr-run.c (src/core/data/data-private.h): evaluations of at least
 * this many rows run in two threads; set to SIZE_MAX for one */
extern size_t fair__data_expr_par_rows;

static const struct { const char *name, *expr; } cases[] = {
	{ "arith", "a * 2.5 + b - c / 4" },
	{ "cmp_and", "a > 0.5 and b <= 0.25" },
	{ "cut", "cut(a, (0, 0.2, 0.4, 0.6, 0.8, 1))" },
	{ "in_cat", "k in ('k3', 'k7', 'k11')" },
	{ "if", "if(a > 0.5, b, c)" },
};

static double
now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* a fresh output array as numpy makes one: huge pages for big arrays */
static double *
fresh(size_t n)
{
	void *p = NULL;
	if (posix_memalign(&p, (size_t)2 << 20, n * sizeof(double)) != 0)
		exit(1);
	madvise(p, n * sizeof(double), MADV_HUGEPAGE);
	return p;
}

static void *
load(const char *dir, const char *name, size_t bytes)
{
	char path[4096];
	FILE *fp;
	/* columns backed by huge pages, as the CSV reader allocates them */
	void *p = fresh(bytes / sizeof(double) + 1);

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (p == NULL || (fp = fopen(path, "rb")) == NULL || fread(p, 1, bytes, fp) != bytes) {
		fprintf(stderr, "bench-expr: cannot read %s\n", path);
		exit(1);
	}
	fclose(fp);
	return p;
}

int
main(int argc, char **argv)
{
	fair_error err;
	fair_frame *f = fair_frame_new();
	size_t n, reps;
	const char *names[] = { "a", "b", "c" };

	if (argc != 4) {
		fprintf(stderr, "usage: bench-expr DIR ROWS REPS\n");
		return 2;
	}
	n = strtoul(argv[2], NULL, 10);
	reps = strtoul(argv[3], NULL, 10);
	for (int j = 0; j < 3; j++) {
		char file[16];
		snprintf(file, sizeof file, "%s.f64", names[j]);
		/* the distinct count is not timed here: pass a placeholder */
		fair_column *c = fair_column_new_numeric_nd(names[j], load(argv[1], file, n * 8), n, n, &err);
		fair_frame_add_column(f, c, &err);
		fair_column_unref(c);
	}
	char **lv = malloc(20 * sizeof *lv);
	for (int k = 0; k < 20; k++) {
		lv[k] = malloc(8);
		snprintf(lv[k], 8, "k%d", k);
	}
	fair_column *kc = fair_column_new_categorical("k", load(argv[1], "k.i32", n * 4), n, lv, 20, &err);
	fair_frame_add_column(f, kc, &err);
	fair_column_unref(kc);

	/* bandwidth baseline: r = a + b into a fresh array, and into a warm one */
	const double *a = fair_column_values(fair_frame_column(f, 0));
	const double *b = fair_column_values(fair_frame_column(f, 1));
	double best = 1e30, bestw = 1e30;
	double *warm = malloc(n * 8);
	memset(warm, 0, n * 8);
	for (size_t r = 0; r < reps; r++) {
		double t = now();
		double *o = fresh(n);
		for (size_t i = 0; i < n; i++)
			o[i] = a[i] + b[i];
		t = now() - t;
		best = t < best ? t : best;
		free(o);
		t = now();
		for (size_t i = 0; i < n; i++)
			warm[i] = a[i] + b[i];
		t = now() - t;
		bestw = t < bestw ? t : bestw;
	}
	printf("c_loop_add_fresh %.6f\nc_loop_add_warm %.6f\n", best, bestw);
	free(warm);

	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		fair_expr *e = NULL;
		double tb = 1e30, t1 = 0, bv = 1e30, bc = 1e30, b1 = 1e30, sum = 0;
		/* parse + bind: the first (cold caches, first calls into libc) and
		 * the best of REPS */
		for (size_t r = 0; r < reps; r++) {
			fair_expr_free(e);
			double t0 = now();
			e = fair_expr_parse(cases[k].expr, &err);
			if (e == NULL || fair_expr_bind(e, f, &err) != FAIR_OK) {
				fprintf(stderr, "bench-expr: %s: %s\n", cases[k].expr, err.msg);
				return 1;
			}
			t0 = now() - t0;
			tb = t0 < tb ? t0 : tb;
			t1 = r == 0 ? t0 : t1;
		}
		for (size_t r = 0; r < reps; r++) {
			double t = now();
			double *o = fresh(n);
			fair_expr_eval_values(e, NULL, n, o, &err);
			t = now() - t;
			bv = t < bv ? t : bv;
			if (r == 0)
				for (size_t i = 0; i < n; i++)
					sum += isnan(o[i]) ? 0 : o[i];
			free(o);
			t = now();
			fair_column *c = fair_expr_eval(e, "r", NULL, n, &err);
			t = now() - t;
			bc = t < bc ? t : bc;
			fair_column_unref(c);
			/* the same column in one thread (no split) */
			size_t par = fair__data_expr_par_rows;
			fair__data_expr_par_rows = (size_t)-1;
			t = now();
			c = fair_expr_eval(e, "r", NULL, n, &err);
			t = now() - t;
			b1 = t < b1 ? t : b1;
			fair_column_unref(c);
			fair__data_expr_par_rows = par;
		}
		printf("fairsh_parse_bind_%s %.9f\nfairsh_parse_bind_first_%s %.9f\nfairsh_values_%s %.6f\n"
		       "fairsh_column_%s %.6f\nfairsh_column1_%s %.6f\nsum_%s %.10g\n", cases[k].name, tb,
		       cases[k].name, t1, cases[k].name, bv, cases[k].name, bc, cases[k].name, b1, cases[k].name, sum);
		if (fair_expr_type_of(e) == FAIR_EXPR_BOOLEAN) {
			/* as a filter: a mask of one byte a row, like numpy's bool array */
			/* the session's row mask exists already: a filter updates it */
			double bf = 1e30;
			size_t nk = 0;
			unsigned char *keep = (unsigned char *)fresh(n / 8 + 1);   /* n bytes */
			for (size_t r = 0; r < reps; r++) {
				memset(keep, 1, n);
				double t = now();
				fair_expr_filter(e, NULL, n, keep, &nk, &err);
				t = now() - t;
				bf = t < bf ? t : bf;
			}
			free(keep);
			printf("fairsh_filter_%s %.6f\nkept_%s %zu\n", cases[k].name, bf, cases[k].name, nk);
		}
		fair_expr_free(e);
	}
	fair_frame_unref(f);
	return 0;
}
