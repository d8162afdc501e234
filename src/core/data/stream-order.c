/* stream-order.c -- the order of a streamed source's text values (the
 * counting of stream-count.c): as a loaded session numbers its levels (a
 * CSV column's in order of first appearance in the file, a derived
 * column's in the expression's order), merged from the levels of each
 * chunk in their order; a value new in a chunk goes after the value before
 * it there. A list in order and a hash of its strings (data-private.h). */
/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "data/data-private.h"

uint64_t
fair__data_str_hash(const char *s, size_t n)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * UINT64_C(1099511628211);
	return h;
}

void
fair__data_ranks_clear(fair__data_ranks *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->lv[i]);
	free(r->lv);
	free(r->slot);
	memset(r, 0, sizeof *r);
}

long
fair__data_ranks_find(const fair__data_ranks *r, const char *s, size_t n)
{
	if (r->slot == NULL)
		return -1;
	for (size_t i = fair__data_str_hash(s, n) & r->mask; r->slot[i]; i = (i + 1) & r->mask) {
		const char *v = r->lv[r->slot[i] - 1];
		if (strlen(v) == n && !memcmp(v, s, n))
			return (long)(r->slot[i] - 1);
	}
	return -1;
}

static int
ranks_rehash(fair__data_ranks *r, size_t ns)
{
	size_t *sl = calloc(ns, sizeof *sl);

	if (sl == NULL)
		return -1;
	for (size_t k = 0; k < r->n; k++) {
		size_t i;
		for (i = fair__data_str_hash(r->lv[k], strlen(r->lv[k])) & (ns - 1); sl[i]; i = (i + 1) & (ns - 1))
			;
		sl[i] = k + 1;
	}
	free(r->slot);
	r->slot = sl;
	r->mask = ns - 1;
	return 0;
}

int
fair__data_ranks_add(fair__data_ranks *r, const char *s, long after, long *at)
{
	size_t n = strlen(s), pos = (size_t)(after + 1);

	if ((*at = fair__data_ranks_find(r, s, n)) >= 0)
		return 0;
	if (r->n == r->cap) {
		size_t nc = r->cap ? 2 * r->cap : 16;
		char **v = realloc(r->lv, nc * sizeof *v);
		if (v == NULL)
			return -1;
		r->lv = v;
		r->cap = nc;
	}
	char *d = strdup(s);
	if (d == NULL)
		return -1;
	memmove(r->lv + pos + 1, r->lv + pos, (r->n - pos) * sizeof *r->lv);
	r->lv[pos] = d;
	r->n++;
	*at = (long)pos;
	if (pos + 1 < r->n || r->n + 1 > (r->mask + 1) / 2 || r->slot == NULL)   /* moved, or full */
		return ranks_rehash(r, r->slot == NULL ? 64 : r->n + 1 > (r->mask + 1) / 2 ? 2 * (r->mask + 1) : r->mask + 1);
	size_t i;
	for (i = fair__data_str_hash(d, n) & r->mask; r->slot[i]; i = (i + 1) & r->mask)
		;
	r->slot[i] = pos + 1;
	return 0;
}

int
fair__data_ranks_merge(fair__data_ranks *r, const fair_column *c)
{
	long prev = -1;

	for (size_t l = 0; l < fair_column_nlevels(c); l++)
		if (fair__data_ranks_add(r, fair_column_level(c, l), prev, &prev))
			return -1;
	return 0;
}
