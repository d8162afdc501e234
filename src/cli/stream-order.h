/* stream-order.h -- the order of a streamed file's text values (stream.c):
 * as a loaded session numbers its levels (a CSV column's in order of first
 * appearance in the file, a derived column's in the expression's order),
 * merged from the levels of each chunk in their order; a value new in a
 * chunk goes after the value before it there. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_STREAM_ORDER_H
#define FAIRSH_CLI_STREAM_ORDER_H

#include <stddef.h>
#include <stdint.h>

#include "fairsh/frame.h"

typedef struct cli_ranks {
	char  **lv;              /* in order */
	size_t  n, cap;
	size_t *slot, mask;      /* index + 1, 0 = empty */
} cli_ranks;

/* FNV-1a of the @n bytes at @s (the hash tables of stream.c). */
uint64_t cli_str_hash(const char *s, size_t n);

void cli_ranks_clear(cli_ranks *r);
/* The place of @s (length @n) among the values; -1 when unknown. */
long cli_ranks_find(const cli_ranks *r, const char *s, size_t n);
/* Adds @s after the value at @after (-1: first) unless known; its place in
 * *@at. Nonzero when out of memory. */
int  cli_ranks_add(cli_ranks *r, const char *s, long after, long *at);
/* The levels of a chunk's text column @c, in their order, into @r.
 * Nonzero when out of memory. */
int  cli_ranks_merge(cli_ranks *r, const fair_column *c);

#endif
