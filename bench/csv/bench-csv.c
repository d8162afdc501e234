/* bench-csv.c -- times fair_csv_read on a file (best of R runs) and prints
 * "fairsh WALL_SECONDS ROWS COLS CPU_SECONDS"; built by bench/csv/run.sh. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fairsh/csv.h"

int
main(int argc, char **argv)
{
	int reps = argc > 2 ? atoi(argv[2]) : 1;
	double best = 1e30, best_cpu = 1e30;
	size_t nr = 0, nc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: bench-csv FILE [REPS]\n");
		return 2;
	}
	for (int r = 0; r < reps; r++) {
		struct timespec a, b;
		fair_error err;
		fair_csv_info info;
		clock_t c0 = clock();
		clock_gettime(CLOCK_MONOTONIC, &a);
		fair_frame *f = fair_csv_read(argv[1], NULL, &info, &err);
		clock_gettime(CLOCK_MONOTONIC, &b);
		double cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
		if (cpu < best_cpu)
			best_cpu = cpu;
		if (f == NULL) {
			fprintf(stderr, "bench-csv: %s\n", err.msg);
			return 1;
		}
		double t = (double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec);
		if (t < best)
			best = t;
		nr = info.nrows;
		nc = info.ncols;
		fair_frame_unref(f);
	}
	printf("fairsh %.3f %zu %zu %.3f\n", best, nr, nc, best_cpu);
	return 0;
}
