/* search.c -- one binary search over a sorted array of doubles, for every
 * place that asks "how many values are below x" (1-D transport, the
 * disparate-impact remover's ranks, the threshold curves). */
/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stddef.h>

#include "base/base-private.h"

size_t
fair_count_below(const double *a, size_t n, double x, bool or_equal)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (or_equal ? a[mid] <= x : a[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
