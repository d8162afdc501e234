/* bench-csvz.c -- times fair_csv_read on a (compressed) file, best of R
 * runs, and prints "fairsh WALL_SECONDS ROWS COLS CPU_SECONDS"; with
 * --unpack it times fair_zdecompress alone instead (the floor for a
 * reader that decompresses first). Built by bench/csvz/run.sh. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fairsh/csv.h"
#include "fairsh/zread.h"

static double
now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *b = NULL;
	long len;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0)
		return NULL;
	rewind(fp);
	b = malloc((size_t)len + 1);
	*n = fread(b, 1, (size_t)len, fp);
	fclose(fp);
	return b;
}

int
main(int argc, char **argv)
{
	int unpack = argc > 1 && strcmp(argv[1], "--unpack") == 0;
	const char *path = argv[1 + unpack];
	int reps = argc > 2 + unpack ? atoi(argv[2 + unpack]) : 1;
	double best = 1e30, best_cpu = 1e30;
	size_t nr = 0, nc = 0;

	if (argc < 2 + unpack) {
		fprintf(stderr, "usage: bench-csvz [--unpack] FILE [REPS]\n");
		return 2;
	}
	for (int r = 0; r < reps; r++) {
		fair_error err;
		fair_csv_info info;
		clock_t c0 = clock();
		double t0 = now(), t;
		if (unpack) {
			size_t n, outlen;
			char *in = slurp(path, &n), *out;
			t0 = now();
			c0 = clock();
			if (in == NULL || fair_zdecompress(in, n, path, NULL, &out, &outlen, &err) != FAIR_OK) {
				fprintf(stderr, "bench-csvz: %s\n", in ? err.msg : "cannot read");
				return 1;
			}
			t = now() - t0;
			nr = outlen;
			free(out);
			free(in);
		} else {
			fair_frame *f = fair_csv_read(path, NULL, &info, &err);
			t = now() - t0;
			if (f == NULL) {
				fprintf(stderr, "bench-csvz: %s\n", err.msg);
				return 1;
			}
			nr = info.nrows;
			nc = info.ncols;
			fair_frame_unref(f);
		}
		double cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
		if (cpu < best_cpu)
			best_cpu = cpu;
		if (t < best)
			best = t;
	}
	printf("fairsh %.3f %zu %zu %.3f\n", best, nr, nc, best_cpu);
	return 0;
}
