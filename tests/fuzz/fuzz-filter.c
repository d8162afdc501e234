/* fuzz-filter.c -- libFuzzer target for filters (fair_filter_parse): the
 * short form and expressions read from arbitrary bytes against a small
 * frame. Aborts on a broken invariant: an error without a message, a
 * filter whose canonical text does not parse again to a filter that keeps
 * exactly the same rows (on the frame it was parsed on and on a frame with
 * one more column), or an expression filter that reads no column it says. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/frame.h"
#include "fairsh/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { ROWS = 64 };

static fair_frame *
frame(void)
{
	static fair_frame *f;
	static const char *const lv[] = { "Female", "Male", "a,b", "x<y", "" };
	const char *names[] = { "age", "kids", "a<b", "score=" };
	fair_error err;

	if (f != NULL)
		return f;
	f = fair_frame_new();
	for (size_t c = 0; c < 4; c++) {
		double *v = malloc(ROWS * sizeof *v);
		for (size_t i = 0; i < ROWS; i++)
			v[i] = i % (7 + c) == 2 ? NAN : (double)((i * (3 + c)) % (5 + 4 * c)) - (double)c;
		fair_column *col = fair_column_new_numeric(names[c], v, ROWS, &err);
		fair_frame_add_column(f, col, &err);
		fair_column_unref(col);
	}
	int32_t *codes = malloc(ROWS * sizeof *codes);
	char **l = malloc(5 * sizeof *l);
	for (size_t k = 0; k < 5; k++)
		l[k] = strdup(lv[k]);
	for (size_t i = 0; i < ROWS; i++)
		codes[i] = i % 9 == 4 ? -1 : (int32_t)(i % 5);
	fair_column *col = fair_column_new_categorical("sex", codes, ROWS, l, 5, &err);
	fair_frame_add_column(f, col, &err);
	fair_column_unref(col);
	return f;
}

static void
mask(const fair_filter *flt, const fair_frame *f, unsigned char *keep)
{
	fair_error err;

	memset(keep, 1, ROWS);
	if (fair_filter_apply(flt, f, keep, &err) != FAIR_OK && err.code != FAIR_ENOMEM)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fair_frame *f = frame(), *g;
	fair_filter *a, *b;
	fair_error err;
	unsigned char k1[ROWS], k2[ROWS], k3[ROWS];
	char *text;

	if (size > 4096)
		return 0;
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	a = fair_filter_parse(f, text, &err);
	free(text);
	if (a == NULL) {
		if (err.msg[0] == '\0')
			abort();
		return 0;
	}
	mask(a, f, k1);
	/* the canonical text is the same filter */
	b = fair_filter_parse(f, fair_filter_text(a), &err);
	if (b == NULL || fair_filter_is_expression(a) != fair_filter_is_expression(b) ||
	    strcmp(fair_filter_text(a), fair_filter_text(b)) != 0)
		abort();
	mask(b, f, k2);
	if (memcmp(k1, k2, ROWS) != 0)
		abort();
	/* on a frame with one more column: the same rows */
	double *v = malloc(ROWS * sizeof *v);
	for (size_t i = 0; i < ROWS; i++)
		v[i] = (double)i;
	fair_column *c = fair_column_new_numeric("extra", v, ROWS, &err);
	g = c ? fair_frame_with_column(f, c, &err) : NULL;
	fair_column_unref(c);
	if (g != NULL) {
		mask(a, g, k3);
		if (memcmp(k1, k3, ROWS) != 0)
			abort();
		fair_frame_unref(g);
	}
	if (fair_filter_uses(a, "extra"))
		abort();
	fair_filter_free(a);
	fair_filter_free(b);
	return 0;
}
