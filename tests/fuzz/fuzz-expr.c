/* fuzz-expr.c -- libFuzzer target for the expression language: parse
 * arbitrary bytes; print and parse again (the same tree, printing a fixed
 * point); bind both to a small frame of 4,200 rows (two blocks) and
 * evaluate them over all rows, a row subset, as a column and as a filter,
 * requiring identical results; translate to SQL for both dialects. Aborts
 * on any broken invariant: an error without a message or position past
 * the end, an infinite value, a boolean other than 0/1/NaN, a code out of
 * range, a subset that disagrees with the full evaluation. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/expr.h"
#include "fairsh/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { ROWS = 4200 };

static fair_frame *
frame(void)
{
	static fair_frame *f;
	static const char *const lv1[] = { "a", "B", "c", "it's", "\xc3\xa9t\xc3\xa9", "" };
	static const char *const lv2[] = { "a", "b", "Medium", "High", "Low" };
	fair_error err;

	if (f != NULL)
		return f;
	f = fair_frame_new();
	const char *names[] = { "x", "y", "a b", "flag" };
	for (size_t c = 0; c < 4; c++) {
		double *v = malloc(ROWS * sizeof *v);
		for (size_t i = 0; i < ROWS; i++) {
			double t = (double)((i * (7 + 4 * c) + c) % 23) - 9.5 * (double)(c == 1);
			v[i] = i % (11 + c) == 3 ? NAN : c == 3 ? (double)(i % 2) : c == 2 ? t * 1e150 : t / 4;
		}
		fair_column *col = fair_column_new_numeric(names[c], v, ROWS, &err);
		fair_frame_add_column(f, col, &err);
		fair_column_unref(col);
	}
	const char *const *lvs[] = { lv1, lv2 };
	size_t nlv[] = { 6, 5 };
	const char *cnames[] = { "g", "s" };
	for (size_t c = 0; c < 2; c++) {
		int32_t *codes = malloc(ROWS * sizeof *codes);
		char **lv = malloc(nlv[c] * sizeof *lv);
		for (size_t k = 0; k < nlv[c]; k++)
			lv[k] = strdup(lvs[c][k]);
		for (size_t i = 0; i < ROWS; i++)
			codes[i] = i % 13 == 5 ? -1 : (int32_t)((i * (3 + c)) % nlv[c]);
		fair_column *col = fair_column_new_categorical(cnames[c], codes, ROWS, lv, nlv[c], &err);
		fair_frame_add_column(f, col, &err);
		fair_column_unref(col);
	}
	return f;
}

static bool
same(double a, double b)
{
	return isnan(a) ? isnan(b) : memcmp(&a, &b, sizeof a) == 0;
}

/* evaluates a bound expression every way; returns the values (caller frees) */
static double *
evaluate(const fair_expr *e)
{
	static const size_t sub[] = { 4199, 0, 3, 4096, 4095, 517, 3, 1098 };
	fair_error err;
	double *v = malloc(ROWS * sizeof *v), s[8];
	fair_expr_type t = fair_expr_type_of(e);

	if (fair_expr_eval_values(e, NULL, ROWS, v, &err) != FAIR_OK) {
		if (err.code != FAIR_ENOMEM)
			abort();
		free(v);
		return NULL;
	}
	for (size_t i = 0; i < ROWS; i++) {
		if (isinf(v[i]))
			abort();
		if (t == FAIR_EXPR_BOOLEAN && !isnan(v[i]) && v[i] != 0 && v[i] != 1)
			abort();
		if (t == FAIR_EXPR_CATEGORICAL && !isnan(v[i]) &&
		    (v[i] < 0 || v[i] >= (double)fair_expr_nlevels(e) || v[i] != floor(v[i])))
			abort();
	}
	if (fair_expr_eval_values(e, sub, 8, s, &err) != FAIR_OK)
		abort();
	for (size_t k = 0; k < 8; k++)
		if (!same(s[k], v[sub[k]]))
			abort();
	fair_column *c = fair_expr_eval(e, "r", NULL, ROWS, &err);
	if (c == NULL || fair_column_length(c) != ROWS)
		abort();
	if (t != FAIR_EXPR_CATEGORICAL) {
		for (size_t i = 0; i < ROWS; i++)
			if (!same(fair_column_values(c)[i], v[i]))
				abort();
		unsigned char keep[ROWS];
		size_t nk, m = 0;
		memset(keep, 1, sizeof keep);
		if (fair_expr_filter(e, NULL, ROWS, keep, &nk, &err) != FAIR_OK)
			abort();
		for (size_t i = 0; i < ROWS; i++) {
			if (keep[i] != (!isnan(v[i]) && v[i] != 0))
				abort();
			m += keep[i];
		}
		if (m != nk)
			abort();
	} else {
		for (size_t i = 0; i < ROWS; i++) {
			const char *a = fair_column_is_missing(c, i) ? NULL :
			                fair_column_level(c, (size_t)fair_column_codes(c)[i]);
			const char *b = isnan(v[i]) ? NULL : fair_expr_level(e, (size_t)v[i]);
			if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0))
				abort();
		}
	}
	fair_column_unref(c);
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	fair_error err;
	fair_expr *e, *e2 = NULL;
	char *p = NULL, *p2 = NULL;
	double *v = NULL, *v2 = NULL;

	memcpy(text, data, size);
	text[size] = '\0';
	e = fair_expr_parse(text, &err);
	if (e == NULL) {
		size_t pos = fair_expr_error_position(&err);
		if (err.code == FAIR_OK || err.msg[0] == '\0' || pos > strlen(text) + 1)
			abort();
		free(fair_expr_caret(text, pos));
		free(text);
		return 0;
	}
	if ((p = fair_expr_print(e)) == NULL)
		abort();
	if ((e2 = fair_expr_parse(p, &err)) == NULL || !fair_expr_equal(e, e2))
		abort();
	if ((p2 = fair_expr_print(e2)) == NULL || strcmp(p, p2) != 0)
		abort();
	for (size_t k = 0; k < fair_expr_ncolumns(e); k++)
		if (fair_expr_column(e, k) == NULL)
			abort();
	if (fair_expr_bind(e, frame(), &err) == FAIR_OK) {
		if (fair_expr_bind(e2, frame(), &err) != FAIR_OK)
			abort();
		v = evaluate(e);
		v2 = evaluate(e2);
		for (size_t i = 0; v != NULL && v2 != NULL && i < ROWS; i++)
			if (!same(v[i], v2[i]))
				abort();
		for (int d = 0; d < 2; d++) {
			fair_sql q;
			int rc = fair_expr_sql(e, (fair_sql_dialect)d, (fair_sql_context)(d ^ (size & 1)), 1, &q, &err);
			if (rc == FAIR_OK) {
				if (q.text == NULL || q.text[0] == '\0')
					abort();
				fair_sql_release(&q);
			} else if (err.msg[0] == '\0') {
				abort();
			}
		}
	} else if (err.msg[0] == '\0' || err.code == FAIR_OK) {
		abort();
	}
	free(v);
	free(v2);
	free(p);
	free(p2);
	fair_expr_free(e);
	fair_expr_free(e2);
	free(text);
	return 0;
}
