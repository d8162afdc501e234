/* spec-util.c -- small helpers of the spec module (messages listing
 * columns and levels, number parsing, distinct values). */
/* SPDX-License-Identifier: MIT */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fairsh/buf.h"
#include "fairsh/spec.h"
#include "fairsh/text.h"
#include "data/data-private.h"

/* ---- small helpers ------------------------------------------------------ */

int
fair__data_spec_nomem(fair_error *err)
{
	return fair_error_set(err, FAIR_ENOMEM, "out of memory");
}

int
fair__data_spec_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Copies [s, s+len) without leading/trailing whitespace into a new string. */
char *
fair__data_spec_strndup_trim(const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	return strndup(s, len);
}

/* Parses a whole string as a finite or infinite double; false if not a number. */
bool
fair__data_spec_parse_number(const char *s, double *out)
{
	char *end;

	if (*s == '\0')
		return false;
	errno = 0;
	*out = strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	return *end == '\0' && !isnan(*out) && errno != ERANGE;
}

/* "a, b, c, ..." : the column names of @f, at most LIST_MAX. */
void
fair__data_spec_list_columns(fair_buf *b, const fair_frame *f)
{
	size_t nc = fair_frame_ncols(f);

	for (size_t j = 0; j < nc && j < LIST_MAX; j++)
		fair_buf_printf(b, "%s%s", j ? ", " : "", fair_column_name(fair_frame_column(f, j)));
	if (nc > LIST_MAX)
		fair_buf_printf(b, "%s", ", ...");
}

/* The nearest of @n names to @word as " (did you mean 'X'?)", or "". */
static const char *
near_of(char *buf, size_t len, const char *const *names, size_t n, const char *word)
{
	long k = fair_text_nearest(word, names, n);

	if (k >= 0)
		snprintf(buf, len, " (did you mean '%s'?)", names[k]);
	else if (len)
		buf[0] = '\0';
	return buf;
}

const char *
fair__data_spec_near_level(char *buf, size_t len, const fair_column *c, const char *word)
{
	size_t n = fair_column_type(c) == FAIR_COL_NUMERIC ? 0 : fair_column_nlevels(c);
	const char **v = malloc((n ? n : 1) * sizeof *v);

	if (len)
		buf[0] = '\0';
	if (v == NULL)
		return buf;
	for (size_t k = 0; k < n; k++)
		v[k] = fair_column_level(c, k);
	near_of(buf, len, v, n, word);
	free(v);
	return buf;
}

const char *
fair__data_spec_near_column(char *buf, size_t len, const fair_frame *f, const char *word)
{
	size_t n = fair_frame_ncols(f);
	const char **v = malloc((n ? n : 1) * sizeof *v);

	if (len)
		buf[0] = '\0';
	if (v == NULL)
		return buf;
	for (size_t k = 0; k < n; k++)
		v[k] = fair_column_name(fair_frame_column(f, k));
	near_of(buf, len, v, n, word);
	free(v);
	return buf;
}

int
fair__data_spec_unknown_column(fair_error *err, const fair_frame *f, const char *name)
{
	fair_buf b = FAIR_BUF_INIT;
	char near[300];
	int rc;

	fair__data_spec_list_columns(&b, f);
	rc = fair_error_set(err, FAIR_ENOTFOUND, "unknown column '%s'%s (columns: %s)", name,
	                    fair__data_spec_near_column(near, sizeof near, f, name), b.buf);
	fair_buf_release(&b);
	return rc;
}

/* Sorted distinct non-missing values of a numeric column into a new array. */
double *
fair__data_spec_distinct_values(const fair_column *c, size_t *nd)
{
	const double *v = fair_column_values(c);
	size_t n = fair_column_length(c), m = 0, k = 0;
	double *d = malloc((n ? n : 1) * sizeof *d);

	if (d == NULL)
		return NULL;
	if (fair_column_ndistinct_known(c) && fair_column_ndistinct(c) <= 64) {
		/* few values (binary targets, codes): one scan keeping a sorted
		 * list, instead of sorting every row */
		for (size_t i = 0; i < n; i++) {
			double x = v[i];
			size_t j;
			if (isnan(x))
				continue;
			for (j = 0; j < k && d[j] < x; j++)
				;
			if (j < k && d[j] == x)
				continue;
			memmove(d + j + 1, d + j, (k - j) * sizeof *d);
			d[j] = x;
			k++;
		}
		*nd = k;
		return d;
	}
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			d[m++] = v[i];
	qsort(d, m, sizeof *d, fair__data_spec_cmp_double);
	for (size_t i = 0; i < m; i++)
		if (k == 0 || d[i] != d[k - 1])
			d[k++] = d[i];
	*nd = k;
	return d;
}

/* "l1, l2, ..." : levels (categorical) or distinct values (numeric, %g). */
void
fair__data_spec_list_levels(fair_buf *b, const fair_column *c)
{
	if (fair_column_type(c) == FAIR_COL_CATEGORICAL) {
		size_t nl = fair_column_nlevels(c);
		for (size_t k = 0; k < nl && k < LIST_MAX; k++)
			fair_buf_printf(b, "%s%s", k ? ", " : "", fair_column_level(c, k));
		if (nl > LIST_MAX)
			fair_buf_printf(b, "%s", ", ...");
	} else {
		size_t nd = 0;
		double *d = fair__data_spec_distinct_values(c, &nd);
		if (d == NULL)
			return;
		for (size_t k = 0; k < nd && k < LIST_MAX; k++)
			fair_buf_printf(b, "%s%g", k ? ", " : "", d[k]);
		if (nd > LIST_MAX)
			fair_buf_printf(b, "%s", ", ...");
		free(d);
	}
}

bool
fair__data_spec_value_occurs(const fair_column *c, double x)
{
	const double *v = fair_column_values(c);
	size_t n = fair_column_length(c);

	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* Levels that occur in the column: used[k] set; returns how many. */
size_t
fair__data_spec_used_levels(const fair_column *c, unsigned char *used)
{
	const int32_t *codes = fair_column_codes(c);
	size_t n = fair_column_length(c), nl = fair_column_nlevels(c), m = 0;

	memset(used, 0, nl ? nl : 1);
	for (size_t i = 0; i < n; i++)
		if (codes[i] >= 0 && !used[codes[i]]) {
			used[codes[i]] = 1;
			m++;
		}
	return m;
}
