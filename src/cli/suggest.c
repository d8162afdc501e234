/* suggest.c -- "did you mean": the nearest known word to an unknown one
 * (fair_text_nearest), as the tail of an error message. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "fairsh/text.h"
#include "out/out.h"

const char *
cli_did_you_mean(const char *word, const char *const *cand, size_t n, char *buf, size_t len)
{
	long k = fair_text_nearest(word, cand, n);

	buf[0] = '\0';
	if (k >= 0) {
		char *e = out_escaped_value(cand[k]);
		snprintf(buf, len, " (did you mean '%s'?)", e ? e : cand[k]);
		free(e);
	}
	return buf;
}

const char *
cli_near_column(const fair_session *s, const char *word, char *buf, size_t len)
{
	size_t n = fair_frame_ncols(s->frame);
	const char **names = calloc(n + 1, sizeof *names);

	buf[0] = '\0';
	if (names == NULL)
		return buf;
	for (size_t j = 0; j < n; j++)
		names[j] = fair_column_name(fair_frame_column(s->frame, j));
	cli_did_you_mean(word, names, n, buf, len);
	free(names);
	return buf;
}
