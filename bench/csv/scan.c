/* scan.c -- the physical limit of a CSV load on this machine: bytes per
 * second per core for a plain scan of a file in the page cache, by the
 * reader's own access path (mmap, then one pass). Prints, best of REPS:
 *   scan memchr  SECONDS GB/s   ('\n' count with glibc's memchr)
 *   scan words   SECONDS GB/s   (8-byte words: '\n' count, no branches)
 *   scan fault   SECONDS GB/s   (mapping and touching one byte per page:
 *                                the page-table cost alone)
 * usage: scan FILE [REPS]; built by bench/csv/run.sh. */
/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int
main(int argc, char **argv)
{
	int reps = argc > 2 ? atoi(argv[2]) : 3, fd;
	struct stat st;
	double best[3] = { 1e30, 1e30, 1e30 };
	size_t len, sink = 0;

	if (argc < 2 || (fd = open(argv[1], O_RDONLY)) < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "usage: scan FILE [REPS]\n");
		return 2;
	}
	len = (size_t)st.st_size;
	for (int r = 0; r < reps; r++)
		for (int k = 0; k < 3; k++) {
			double t0 = now();
			const char *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | (getenv("POP") ? MAP_POPULATE : 0), fd, 0), *p = m, *e = m + len;
			size_t n = 0;
			if (m == MAP_FAILED)
				return 1;
			if (k == 0) {
				while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
					n++;
					p++;
				}
			} else if (k == 1) {
				const uint64_t ones = UINT64_C(0x0101010101010101), nl = ones * '\n';
				const uint64_t lo = UINT64_C(0x7F7F7F7F7F7F7F7F), hi = UINT64_C(0x8080808080808080);
				for (; e - p >= 8; p += 8) {
					uint64_t w;
					memcpy(&w, p, 8);
					w ^= nl;
					n += (size_t)((((~(((w & lo) + lo) | w) & hi) >> 7) * ones) >> 56);
				}
			} else {
				for (size_t off = 0; off < len; off += 4096)
					n += (unsigned char)m[off];
			}
			munmap((void *)m, len);
			double t = now() - t0;
			best[k] = t < best[k] ? t : best[k];
			sink += n;
		}
	static const char *name[3] = { "memchr", "words", "fault" };
	for (int k = 0; k < 3; k++)
		printf("scan %-6s %.3f s %.2f GB/s\n", name[k], best[k], (double)len / best[k] / 1e9);
	return sink == 0;
}
