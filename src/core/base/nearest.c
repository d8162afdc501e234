/* nearest.c -- the edit distance behind every "did you mean": an unknown
 * column or function in an expression, and the shell's unknown commands,
 * options, levels, models and topics. */
/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "fairsh/text.h"

static int
lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

size_t
fair_text_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t r0[257], r1[257], r2[257], *pp = r0, *prev = r1, *row = r2;

	if (la > 256 || lb > 256)
		return cap + 1;
	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	/* optimal string alignment: insertions, deletions, substitutions and
	 * swaps of two neighbours ("audti") cost 1 */
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t best;
		row[0] = best = i;
		for (size_t j = 1; j <= lb; j++) {
			int ca = lower_ascii((unsigned char)a[i - 1]), cb = lower_ascii((unsigned char)b[j - 1]);
			size_t v = prev[j - 1] + (ca != cb);
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			if (i > 1 && j > 1 && ca == lower_ascii((unsigned char)b[j - 2]) &&
			    lower_ascii((unsigned char)a[i - 2]) == cb && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best > cap)
			return cap + 1;
		size_t *t = pp;
		pp = prev;
		prev = row;
		row = t;
	}
	return prev[lb];
}

long
fair_text_nearest(const char *word, const char *const *cand, size_t n)
{
	size_t len = strlen(word), cap = len / 3 > 1 ? len / 3 : 1, bd = cap + 1;
	long best = -1;

	if (len == 0)
		return -1;
	for (size_t i = 0; i < n && cand[i]; i++) {
		size_t d = fair_text_distance(word, cand[i], cap);
		if (d < bd && strcmp(word, cand[i]) != 0) {
			bd = d;
			best = (long)i;
		}
	}
	return best;
}
