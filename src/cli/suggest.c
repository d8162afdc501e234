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
