/* gen.c -- writes a prediction table as CSV to stdout for bench/stream:
 * id, y, p, score, grp (7 levels), sex, age, region; N rows, deterministic
 * (a 64-bit LCG), about 48 bytes a row. Usage: gen N */
/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t st = 88172645463325252ULL;

static double
unif(void)
{
	st = st * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(st >> 11) * (1.0 / 9007199254740992.0);
}

int
main(int argc, char **argv)
{
	static const char *const reg[] = { "north", "south", "east" };
	static char buf[1 << 20];
	long long n = argc > 1 ? atoll(argv[1]) : 1000;

	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	fputs("id,y,p,score,grp,sex,age,region\n", stdout);
	for (long long i = 1; i <= n; i++) {
		int g = (int)(unif() * 7), m = unif() < 0.5, y = unif() < 0.3 + 0.05 * g + 0.05 * m;
		double s = 0.5 * y + 0.5 * unif();
		int p = s + 0.2 * (unif() - 0.5) >= 0.5;
		printf("%lld,%d,%d,%.6f,group %d,%s,%d,%s\n", i, y, p, s, g, m ? "M" : "F", 18 + (int)(unif() * 62),
		       reg[(int)(unif() * 3)]);
	}
	return fflush(stdout) != 0;
}
