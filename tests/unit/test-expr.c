/* test-expr.c -- the expression language: hand-computed values of every
 * operator and function on a 6-row frame, the missing-value rule, type and
 * parse errors with their exact positions and messages, did-you-mean,
 * canonical printing round trips, SQL translation, hostile input, block
 * boundaries and row subsets, and the COMPAS screening conditions on the
 * real file (counts from pandas, commands in the comments). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/csv.h"
#include "fairsh/expr.h"
#include "fairsh/frame.h"
#include "testdata.h"

/* expr-run.c (data-private.h, whose names clash with this file's):
 * evaluations of at least this many rows are shared by two threads, in
 * chunks of this many */
extern size_t fair__data_expr_par_rows, fair__data_expr_chunk_rows;
/* expr-bind.c: 'and'/'or' of two comparisons of columns with constants as
 * one fused instruction (on by default) */
extern bool fair__data_expr_fuse;

#define NA NAN
#define N 6

static fair_column *
numcol(const char *name, const double *v, size_t n)
{
	double *p = malloc(n * sizeof *p);
	fair_error err;
	memcpy(p, v, n * sizeof *p);
	return fair_column_new_numeric(name, p, n, &err);
}

/* categorical column from strings (NULL = missing), levels in the given order */
static fair_column *
catcol(const char *name, const char *const *cells, size_t n, const char *const *levels, size_t nl)
{
	int32_t *codes = malloc(n * sizeof *codes);
	char **lv = malloc(nl * sizeof *lv);
	fair_error err;

	for (size_t k = 0; k < nl; k++)
		lv[k] = strdup(levels[k]);
	for (size_t i = 0; i < n; i++) {
		codes[i] = -1;
		for (size_t k = 0; cells[i] != NULL && k < nl; k++)
			if (strcmp(cells[i], levels[k]) == 0)
				codes[i] = (int32_t)k;
	}
	return fair_column_new_categorical(name, codes, n, lv, nl, &err);
}

static void
add(fair_frame *f, fair_column *c)
{
	fair_error err;
	fair_frame_add_column(f, c, &err);
	fair_column_unref(c);
}

/* The 6-row frame every hand computation below uses:
 *   row   x     y    g     h     education-num  flag
 *   0    2.5   0.5   a     a     9              1
 *   1   -1.5   2     B     a     13             0
 *   2    0     0     NA    b     10             1
 *   3    NA    3     a     NA    7              NA
 *   4    7     NA    c     c     14             0
 *   5    4    -4     B     B     9              1          */
static fair_frame *
toy(void)
{
	static const double x[N] = { 2.5, -1.5, 0, NA, 7, 4 };
	static const double y[N] = { 0.5, 2, 0, 3, NA, -4 };
	static const double ed[N] = { 9, 13, 10, 7, 14, 9 };
	static const double flag[N] = { 1, 0, 1, NA, 0, 1 };
	static const char *const g[N] = { "a", "B", NULL, "a", "c", "B" };
	static const char *const glv[] = { "a", "B", "c" };
	static const char *const h[N] = { "a", "a", "b", NULL, "c", "B" };
	static const char *const hlv[] = { "a", "b", "c", "B" };
	fair_frame *f = fair_frame_new();

	add(f, numcol("x", x, N));
	add(f, numcol("y", y, N));
	add(f, catcol("g", g, N, glv, 3));
	add(f, catcol("h", h, N, hlv, 4));
	add(f, numcol("education-num", ed, N));
	add(f, numcol("flag", flag, N));
	return f;
}

static bool
same(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	return fabs(a - b) <= 1e-15 * (fabs(b) > 1 ? fabs(b) : 1);
}

/* parse(print(e)) == e and print is a fixed point */
static void
check_roundtrip(const fair_expr *e, const char *text)
{
	fair_error err;
	char *p = fair_expr_print(e), *p2 = NULL;
	fair_expr *e2 = p ? fair_expr_parse(p, &err) : NULL;

	gsl_test(e2 == NULL || !fair_expr_equal(e, e2), "round trip of '%.60s' via '%.60s'", text, p ? p : "(null)");
	if (e2 != NULL)
		p2 = fair_expr_print(e2);
	gsl_test(p2 == NULL || strcmp(p, p2) != 0, "printing '%.60s' is a fixed point", text);
	free(p);
	free(p2);
	fair_expr_free(e2);
}

static fair_expr *
bound(const fair_frame *f, const char *text)
{
	fair_error err;
	fair_expr *e = fair_expr_parse(text, &err);

	if (e == NULL) {
		gsl_test(1, "parse '%.60s': %s", text, err.msg);
		return NULL;
	}
	check_roundtrip(e, text);
	if (fair_expr_bind(e, f, &err) != FAIR_OK) {
		gsl_test(1, "bind '%.60s': %s", text, err.msg);
		fair_expr_free(e);
		return NULL;
	}
	return e;
}

/* numeric or boolean result: all rows, a reversed subset, and the column */
static void
t_num(const fair_frame *f, const char *text, fair_expr_type type, const double *want)
{
	static const size_t rev[N] = { 5, 4, 3, 2, 1, 0 };
	fair_error err;
	fair_expr *e = bound(f, text);
	double got[N], sub[N];
	int bad = 0;

	if (e == NULL)
		return;
	gsl_test_int(fair_expr_type_of(e), type, "type of '%.60s'", text);
	gsl_test_int(fair_expr_eval_values(e, NULL, N, got, &err), FAIR_OK, "eval '%.60s'", text);
	gsl_test_int(fair_expr_eval_values(e, rev, N, sub, &err), FAIR_OK, "eval '%.60s' on a subset", text);
	for (size_t i = 0; i < N; i++) {
		if (!same(got[i], want[i])) {
			gsl_test(1, "'%.60s' row %zu: got %.17g, want %.17g", text, i, got[i], want[i]);
			bad++;
		}
		if (!same(sub[N - 1 - i], want[i])) {
			gsl_test(1, "'%.60s' subset row %zu: got %.17g, want %.17g", text, i, sub[N - 1 - i], want[i]);
			bad++;
		}
	}
	fair_column *c = fair_expr_eval(e, "r", NULL, N, &err);
	gsl_test(c == NULL || fair_column_type(c) != FAIR_COL_NUMERIC, "column of '%.60s'", text);
	for (size_t i = 0; c != NULL && i < N; i++)
		bad += !same(fair_column_values(c)[i], want[i]);
	/* as a filter (its own program): rows kept = rows whose value is true;
	 * row 4 starts out dropped and must stay so */
	unsigned char keep[N] = { 1, 1, 1, 1, 0, 1 };
	size_t nk = 0, m = 0;
	gsl_test_int(fair_expr_filter(e, NULL, N, keep, &nk, &err), FAIR_OK, "filter '%.60s'", text);
	for (size_t i = 0; i < N; i++) {
		bool t = i != 4 && !isnan(want[i]) && want[i] != 0;
		bad += keep[i] != t;
		m += t;
	}
	bad += nk != m;
	gsl_test(bad != 0, "'%.60s' = hand values", text);
	fair_column_unref(c);
	fair_expr_free(e);
}

/* categorical result as "a|B||a|c|B" (empty = missing) */
static void
t_cat(const fair_frame *f, const char *text, const char *want)
{
	fair_error err;
	fair_expr *e = bound(f, text);
	char got[512] = "", cell[64];

	if (e == NULL)
		return;
	gsl_test_int(fair_expr_type_of(e), FAIR_EXPR_CATEGORICAL, "type of '%.60s'", text);
	fair_column *c = fair_expr_eval(e, "r", NULL, N, &err);
	gsl_test(c == NULL, "eval '%.60s': %s", text, c ? "" : err.msg);
	for (size_t i = 0; c != NULL && i < N; i++) {
		if (i)
			strcat(got, "|");
		strcat(got, fair_column_cell(c, i, cell, sizeof cell));
	}
	gsl_test_str(got, want, "'%.60s'", text);
	fair_column_unref(c);
	fair_expr_free(e);
}

static void
t_parse_err(const char *text, const char *want)
{
	fair_error err;
	fair_expr *e = fair_expr_parse(text, &err);

	gsl_test(e != NULL, "'%.40s' is refused", text);
	if (e == NULL) {
		gsl_test_int(err.code, FAIR_EINVAL, "'%.40s' error code", text);
		gsl_test_str(err.msg, want, "'%.40s' message", text);
	}
	fair_expr_free(e);
}

static void
t_bind_err(const fair_frame *f, const char *text, int code, const char *want)
{
	fair_error err;
	fair_expr *e = fair_expr_parse(text, &err);

	gsl_test(e == NULL, "'%.60s' parses", text);
	if (e == NULL)
		return;
	gsl_test_int(fair_expr_bind(e, f, &err), code, "'%.60s' bind error code", text);
	gsl_test_str(err.msg, want, "'%.60s' bind message", text);
	fair_expr_free(e);
}

static void
t_print(const char *text, const char *want)
{
	fair_error err;
	fair_expr *e = fair_expr_parse(text, &err);
	char *p = e ? fair_expr_print(e) : NULL;

	gsl_test_str(p ? p : err.msg, want, "print '%s'", text);
	if (e != NULL)
		check_roundtrip(e, text);
	free(p);
	fair_expr_free(e);
}

static void
test_arithmetic(const fair_frame *f)
{
	/* x = {2.5, -1.5, 0, NA, 7, 4}, y = {0.5, 2, 0, 3, NA, -4} */
	t_num(f, "x + y", FAIR_EXPR_NUMERIC, (double[]){ 3, 0.5, 0, NA, NA, 0 });
	t_num(f, "x - y", FAIR_EXPR_NUMERIC, (double[]){ 2, -3.5, 0, NA, NA, 8 });
	t_num(f, "x * y", FAIR_EXPR_NUMERIC, (double[]){ 1.25, -3, 0, NA, NA, -16 });
	/* 2.5/0.5 = 5, -1.5/2 = -0.75, 0/0 and 7/NA missing, 4/-4 = -1 */
	t_num(f, "x / y", FAIR_EXPR_NUMERIC, (double[]){ 5, -0.75, NA, NA, NA, -1 });
	/* division by zero is missing (numpy would give inf) */
	t_num(f, "x / 0", FAIR_EXPR_NUMERIC, (double[]){ NA, NA, NA, NA, NA, NA });
	/* floor modulo as numpy: 2.5, -1.5 + 3 = 1.5, 0, NA, 7 - 6 = 1, 4 - 3 = 1 */
	t_num(f, "x % 3", FAIR_EXPR_NUMERIC, (double[]){ 2.5, 1.5, 0, NA, 1, 1 });
	/* sign of the divisor: 2.5 - 3 = -0.5, -1.5, -0, NA, 7 - 9 = -2, 4 - 6 = -2 */
	t_num(f, "x % -3", FAIR_EXPR_NUMERIC, (double[]){ -0.5, -1.5, 0, NA, -2, -2 });
	t_num(f, "x % 0", FAIR_EXPR_NUMERIC, (double[]){ NA, NA, NA, NA, NA, NA });
	t_num(f, "x ^ 2", FAIR_EXPR_NUMERIC, (double[]){ 6.25, 2.25, 0, NA, 49, 16 });
	t_num(f, "x ** 2", FAIR_EXPR_NUMERIC, (double[]){ 6.25, 2.25, 0, NA, 49, 16 });
	/* 2^-1 = 0.5; (-8)^(1/3) is not real; 0^-1 = inf -> missing */
	t_num(f, "y ^ -1", FAIR_EXPR_NUMERIC, (double[]){ 2, 0.5, NA, 1.0 / 3, NA, -0.25 });
	t_num(f, "-x", FAIR_EXPR_NUMERIC, (double[]){ -2.5, 1.5, 0, NA, -7, -4 });
	t_num(f, "-x + +y", FAIR_EXPR_NUMERIC, (double[]){ -2, 3.5, 0, NA, NA, -8 });
	/* precedence: -2^2 = -(2^2); 2^3^2 = 2^9; (x - y) * 2 */
	t_num(f, "-2^2 + 0 * x", FAIR_EXPR_NUMERIC, (double[]){ -4, -4, -4, NA, -4, -4 });
	t_num(f, "(-2)^2 + 2^3^2 + x * 0", FAIR_EXPR_NUMERIC, (double[]){ 516, 516, 516, NA, 516, 516 });
	t_num(f, "(x - y) * 2", FAIR_EXPR_NUMERIC, (double[]){ 4, -7, 0, NA, NA, 16 });
	t_num(f, "x - y * 2", FAIR_EXPR_NUMERIC, (double[]){ 1.5, -5.5, 0, NA, NA, 12 });
	/* a name that needs quoting; booleans count as 0/1 in arithmetic */
	t_num(f, "`education-num` / 2 + (x > 0)", FAIR_EXPR_NUMERIC, (double[]){ 5.5, 6.5, 5, NA, 8, 5.5 });
	/* overflow is missing, as every non-finite result */
	t_num(f, "1e300 * 1e300 + x * 0", FAIR_EXPR_NUMERIC, (double[]){ NA, NA, NA, NA, NA, NA });
	t_num(f, "x * 1e308 * 10", FAIR_EXPR_NUMERIC, (double[]){ NA, NA, 0, NA, NA, NA });
	t_num(f, "NA + x", FAIR_EXPR_NUMERIC, (double[]){ NA, NA, NA, NA, NA, NA });
	t_num(f, "NA", FAIR_EXPR_NUMERIC, (double[]){ NA, NA, NA, NA, NA, NA });
	t_num(f, "42", FAIR_EXPR_NUMERIC, (double[]){ 42, 42, 42, 42, 42, 42 });
	t_num(f, "inf", FAIR_EXPR_NUMERIC, (double[]){ NA, NA, NA, NA, NA, NA });
	/* inf as a value is missing wherever it lands; in comparisons it is inf */
	t_num(f, "if(x > 0, inf, 0)", FAIR_EXPR_NUMERIC, (double[]){ NA, 0, 0, NA, NA, NA });
	t_num(f, "coalesce(x, -inf)", FAIR_EXPR_NUMERIC, (double[]){ 2.5, -1.5, 0, NA, 7, 4 });
	t_num(f, "min(x, inf)", FAIR_EXPR_NUMERIC, (double[]){ 2.5, -1.5, 0, NA, 7, 4 });
	t_num(f, "max(x, inf)", FAIR_EXPR_NUMERIC, (double[]){ NA, NA, NA, NA, NA, NA });
	t_num(f, "recode(x, 0=inf)", FAIR_EXPR_NUMERIC, (double[]){ 2.5, -1.5, NA, NA, 7, 4 });
	t_num(f, "cut(x, (-inf, 0, inf), (inf, 1))", FAIR_EXPR_NUMERIC, (double[]){ 1, NA, NA, NA, 1, 1 });
	t_num(f, "x < inf", FAIR_EXPR_BOOLEAN, (double[]){ 1, 1, 1, NA, 1, 1 });
	t_num(f, "x", FAIR_EXPR_NUMERIC, (double[]){ 2.5, -1.5, 0, NA, 7, 4 });
}

static void
test_logic(const fair_frame *f)
{
	t_num(f, "x > y", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, 0, NA, NA, 1 });
	t_num(f, "x >= 0", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, 1, NA, 1, 1 });
	t_num(f, "x == 0", FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, 1, NA, 0, 0 });
	t_num(f, "x = 0", FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, 1, NA, 0, 0 });
	t_num(f, "x != 0", FAIR_EXPR_BOOLEAN, (double[]){ 1, 1, 0, NA, 1, 1 });
	t_num(f, "x <> 0", FAIR_EXPR_BOOLEAN, (double[]){ 1, 1, 0, NA, 1, 1 });
	t_num(f, "x < 4", FAIR_EXPR_BOOLEAN, (double[]){ 1, 1, 1, NA, 0, 0 });
	t_num(f, "x <= 4", FAIR_EXPR_BOOLEAN, (double[]){ 1, 1, 1, NA, 0, 1 });
	t_num(f, "4 < x", FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, 0, NA, 1, 0 });
	/* Kleene logic: a = x > 0 {1,0,0,NA,1,1}, b = y > 0 {1,1,0,1,NA,0} */
	t_num(f, "x > 0 and y > 0", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, 0, NA, NA, 0 });
	t_num(f, "x > 0 or y > 0", FAIR_EXPR_BOOLEAN, (double[]){ 1, 1, 0, 1, 1, 1 });
	t_num(f, "not x > 0", FAIR_EXPR_BOOLEAN, (double[]){ 0, 1, 1, NA, 0, 0 });
	t_num(f, "not (x > 0 and y > 0)", FAIR_EXPR_BOOLEAN, (double[]){ 0, 1, 1, NA, NA, 1 });
	/* conjunctions of every kind (as filters: one update of the mask each) */
	t_num(f, "x != 0 and y != 2", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, 0, NA, NA, 1 });
	/* x > y = {1,0,0,NA,NA,1}, g == 'B' = {0,1,NA,0,0,1}: false and NA is false */
	t_num(f, "x > y and g == 'B'", FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, 0, 0, 0, 1 });
	t_num(f, "(x > 0) == (y > 0) and flag", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, 1, NA, 0, 0 });
	t_num(f, "2 > 1 and x >= 0 and 0 < 1", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, 1, NA, 1, 1 });
	t_num(f, "1 > 2 and x >= 0", FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, 0, 0, 0, 0 });
	t_num(f, "x >= 0 and NA", FAIR_EXPR_BOOLEAN, (double[]){ NA, 0, NA, NA, NA, NA });
	t_num(f, "0 < x and x < 5 and (y > 0 or isna(y))", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, 0, NA, 0, 0 });
	t_num(f, "x * 2 > y + 1 and 3 <= x", FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, 0, NA, NA, 1 });
	t_num(f, "x and y", FAIR_EXPR_BOOLEAN, (double[]){ 1, 1, 0, NA, NA, 1 });
	/* the truth table with the missing value */
	t_num(f, "true and NA", FAIR_EXPR_BOOLEAN, (double[]){ NA, NA, NA, NA, NA, NA });
	t_num(f, "false and NA", FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, 0, 0, 0, 0 });
	t_num(f, "true or NA", FAIR_EXPR_BOOLEAN, (double[]){ 1, 1, 1, 1, 1, 1 });
	t_num(f, "false or NA", FAIR_EXPR_BOOLEAN, (double[]){ NA, NA, NA, NA, NA, NA });
	t_num(f, "not NA", FAIR_EXPR_BOOLEAN, (double[]){ NA, NA, NA, NA, NA, NA });
	t_num(f, "NA and NA or false", FAIR_EXPR_BOOLEAN, (double[]){ NA, NA, NA, NA, NA, NA });
	/* and binds tighter than or: true or (false and NA) */
	t_num(f, "TRUE OR FALSE AND NA", FAIR_EXPR_BOOLEAN, (double[]){ 1, 1, 1, 1, 1, 1 });
	/* numbers as conditions: true when not 0; flag = {1,0,1,NA,0,1} */
	t_num(f, "flag and x >= 0", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, 1, NA, 0, 1 });
	t_num(f, "not flag", FAIR_EXPR_BOOLEAN, (double[]){ 0, 1, 0, NA, 1, 0 });
	t_num(f, "(x > 0) == (y > 0)", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, 1, NA, NA, 0 });
	t_num(f, "x in (0, 7, 4)", FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, 1, NA, 1, 1 });
	t_num(f, "x not in (0, 7, 4)", FAIR_EXPR_BOOLEAN, (double[]){ 1, 1, 0, NA, 0, 0 });
	t_num(f, "x in (-1.5)", FAIR_EXPR_BOOLEAN, (double[]){ 0, 1, 0, NA, 0, 0 });
	/* more than 8 items: the sorted search */
	t_num(f, "x in (11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 7)", FAIR_EXPR_BOOLEAN,
	      (double[]){ 0, 0, 1, NA, 1, 1 });
	t_num(f, "x not in (11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)", FAIR_EXPR_BOOLEAN,
	      (double[]){ 1, 1, 0, NA, 0, 0 });
	/* categorical: g = {a, B, NA, a, c, B}, h = {a, a, b, NA, c, B} */
	t_num(f, "g == 'B'", FAIR_EXPR_BOOLEAN, (double[]){ 0, 1, NA, 0, 0, 1 });
	t_num(f, "\"B\" == g", FAIR_EXPR_BOOLEAN, (double[]){ 0, 1, NA, 0, 0, 1 });
	t_num(f, "g != 'B'", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, NA, 1, 1, 0 });
	t_num(f, "g in ('a', 'c')", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, NA, 1, 1, 0 });
	t_num(f, "g not in ('a')", FAIR_EXPR_BOOLEAN, (double[]){ 0, 1, NA, 0, 1, 1 });
	/* strings compare by bytes: 'B' (0x42) < 'a' (0x61) < 'c' */
	t_num(f, "g < 'a'", FAIR_EXPR_BOOLEAN, (double[]){ 0, 1, NA, 0, 0, 1 });
	t_num(f, "'a' < g", FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, NA, 0, 1, 0 });
	t_num(f, "g >= 'a'", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, NA, 1, 1, 0 });
	/* two categorical columns: a=a, B vs a, NA, NA, c=c, B=B */
	t_num(f, "g == h", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, NA, NA, 1, 1 });
	t_num(f, "g < h", FAIR_EXPR_BOOLEAN, (double[]){ 0, 1, NA, NA, 0, 0 });
	t_num(f, "g != h or isna(g)", FAIR_EXPR_BOOLEAN, (double[]){ 0, 1, 1, NA, 0, 0 });
	t_num(f, "lower(g) == 'b'", FAIR_EXPR_BOOLEAN, (double[]){ 0, 1, NA, 0, 0, 1 });
	t_num(f, "'x' == 'x'", FAIR_EXPR_BOOLEAN, (double[]){ 1, 1, 1, 1, 1, 1 });
	t_num(f, "'a' > 'B'", FAIR_EXPR_BOOLEAN, (double[]){ 1, 1, 1, 1, 1, 1 });
}

static void
test_functions(const fair_frame *f)
{
	t_num(f, "if(x > 0, x, y)", FAIR_EXPR_NUMERIC, (double[]){ 2.5, 2, 0, NA, 7, 4 });
	t_num(f, "if(x > 0, 1, 0)", FAIR_EXPR_NUMERIC, (double[]){ 1, 0, 0, NA, 1, 1 });
	t_num(f, "if(x > 0, true, y > 1)", FAIR_EXPR_BOOLEAN, (double[]){ 1, 1, 0, NA, 1, 1 });
	t_num(f, "if(x > 0, NA, x)", FAIR_EXPR_NUMERIC, (double[]){ NA, -1.5, 0, NA, NA, NA });
	t_num(f, "if(1 > 2, 5, x)", FAIR_EXPR_NUMERIC, (double[]){ 2.5, -1.5, 0, NA, 7, 4 });
	t_num(f, "if(flag, 10, 20)", FAIR_EXPR_NUMERIC, (double[]){ 10, 20, 10, NA, 20, 10 });
	t_cat(f, "if(x > 0, 'pos', 'non')", "pos|non|non||pos|pos");
	t_cat(f, "if(x > 0, g, 'z')", "a|z|z||c|B");
	t_cat(f, "if(NA, g, 'z')", "|||||");
	t_num(f, "coalesce(x, y, 0)", FAIR_EXPR_NUMERIC, (double[]){ 2.5, -1.5, 0, 3, 7, 4 });
	t_num(f, "coalesce(y, x)", FAIR_EXPR_NUMERIC, (double[]){ 0.5, 2, 0, 3, 7, -4 });
	t_num(f, "coalesce(NA, x, 1)", FAIR_EXPR_NUMERIC, (double[]){ 2.5, -1.5, 0, 1, 7, 4 });
	t_num(f, "coalesce(x > 0, false)", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, 0, 0, 1, 1 });
	t_cat(f, "coalesce(g, 'none')", "a|B|none|a|c|B");
	t_cat(f, "coalesce(g, h, 'none')", "a|B|b|a|c|B");
	t_cat(f, "coalesce('k', g)", "k|k|k|k|k|k");
	t_num(f, "isna(x)", FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, 0, 1, 0, 0 });
	t_num(f, "isna(g)", FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, 1, 0, 0, 0 });
	t_num(f, "isna(x / y)", FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, 1, 1, 1, 0 });
	t_num(f, "abs(x)", FAIR_EXPR_NUMERIC, (double[]){ 2.5, 1.5, 0, NA, 7, 4 });
	/* log(2.5), log(7), log(4) to 17 digits; log(-1.5) and log(0) missing */
	t_num(f, "log(x)", FAIR_EXPR_NUMERIC,
	      (double[]){ 0.91629073187415511, NA, NA, NA, 1.9459101490553132, 1.3862943611198906 });
	t_num(f, "exp(y)", FAIR_EXPR_NUMERIC,
	      (double[]){ 1.6487212707001282, 7.3890560989306504, 1, 20.085536923187668, NA,
	                  0.018315638888734179 });
	t_num(f, "exp(1000 + x)", FAIR_EXPR_NUMERIC, (double[]){ NA, NA, NA, NA, NA, NA });
	t_num(f, "sqrt(y)", FAIR_EXPR_NUMERIC,
	      (double[]){ 0.70710678118654757, 1.4142135623730951, 0, 1.7320508075688772, NA, NA });
	/* halves to even, as numpy: 2.5 -> 2, -1.5 -> -2 */
	t_num(f, "round(x)", FAIR_EXPR_NUMERIC, (double[]){ 2, -2, 0, NA, 7, 4 });
	t_num(f, "round(x + 1)", FAIR_EXPR_NUMERIC, (double[]){ 4, 0, 1, NA, 8, 5 });
	/* numpy 1.24: np.round(2.675, 2) = 2.68 (2.675 * 100 rounds to 267.5, then
	 * to even: 268; Python's round() says 2.67); np.round(1250, -2) = 1200
	 * (12.5 -> 12); np.round([2.5, -1.5, 7, 4] / 8, 2) = [0.31, -0.19, 0.88, 0.5] */
	t_num(f, "round(2.675 + 0 * x, 2)", FAIR_EXPR_NUMERIC, (double[]){ 2.68, 2.68, 2.68, NA, 2.68, 2.68 });
	t_num(f, "round(1250 + 0 * x, -2)", FAIR_EXPR_NUMERIC, (double[]){ 1200, 1200, 1200, NA, 1200, 1200 });
	t_num(f, "round(x / 8, 2)", FAIR_EXPR_NUMERIC, (double[]){ 0.31, -0.19, 0, NA, 0.88, 0.5 });
	t_num(f, "round(1e300 + 0 * x, 10)", FAIR_EXPR_NUMERIC, (double[]){ 1e300, 1e300, 1e300, NA, 1e300, 1e300 });
	t_num(f, "floor(x)", FAIR_EXPR_NUMERIC, (double[]){ 2, -2, 0, NA, 7, 4 });
	t_num(f, "ceil(x)", FAIR_EXPR_NUMERIC, (double[]){ 3, -1, 0, NA, 7, 4 });
	/* min/max: elementwise, missing when any argument is missing */
	t_num(f, "min(x, y)", FAIR_EXPR_NUMERIC, (double[]){ 0.5, -1.5, 0, NA, NA, -4 });
	t_num(f, "max(x, y, 1)", FAIR_EXPR_NUMERIC, (double[]){ 2.5, 2, 1, NA, NA, 4 });
	t_num(f, "max(coalesce(x, 0), coalesce(y, 0))", FAIR_EXPR_NUMERIC, (double[]){ 2.5, 2, 0, 3, 7, 4 });
	t_num(f, "min(2, 3, 1)", FAIR_EXPR_NUMERIC, (double[]){ 1, 1, 1, 1, 1, 1 });
	t_cat(f, "lower(g)", "a|b||a|c|b");
	t_cat(f, "upper(g)", "A|B||A|C|B");
	t_cat(f, "upper('mixed Case 1')", "MIXED CASE 1|MIXED CASE 1|MIXED CASE 1|MIXED CASE 1|MIXED CASE 1|MIXED CASE 1");
	t_cat(f, "g", "a|B||a|c|B");
}

static void
test_cut_recode(const fair_frame *f)
{
	/* right-closed bands (0,2], (2,5], (5,10]: 2.5, -1.5 (outside), 0 (outside), NA, 7, 4 */
	t_cat(f, "cut(x, (0, 2, 5, 10))", "(2, 5]||||(5, 10]|(2, 5]");
	t_cat(f, "cut(x, (0, 2, 5, 10), include_lowest=true)", "(2, 5]||[0, 2]||(5, 10]|(2, 5]");
	t_cat(f, "cut(x, (0, 2, 5, 10), right=false)", "[2, 5)||[0, 2)||[5, 10)|[2, 5)");
	t_cat(f, "cut(x, (0, 2, 5, 7), right=false)", "[2, 5)||[0, 2)|||[2, 5)");
	t_cat(f, "cut(x, (0, 2, 5, 7), right=false, include_lowest=true)", "[2, 5)||[0, 2)||[5, 7]|[2, 5)");
	t_cat(f, "cut(x, (-inf, 0, 5, inf), labels=('neg', 'low', 'high'))", "low|neg|neg||high|low");
	t_cat(f, "cut(x, (-inf, 0, 5, inf), ('neg', 'low', 'high'))", "low|neg|neg||high|low");
	t_cat(f, "cut(x, breaks=(-inf, 0, inf), labels=('n', 'n'))", "n|n|n||n|n");
	t_num(f, "cut(x, (-inf, 0, inf), (0, 1))", FAIR_EXPR_NUMERIC, (double[]){ 1, 0, 0, NA, 1, 1 });
	t_num(f, "cut(3, (-inf, 0, inf), (0, 1)) + 0 * x", FAIR_EXPR_NUMERIC, (double[]){ 1, 1, 1, NA, 1, 1 });
	/* 20 breaks -10..9 (the sorted search): (k-1, k] has label k + 10, so
	 * 2.5 -> 13, -1.5 -> 9, 0 -> 10, 7 -> 17, 4 -> 14; [k, k+1) has label
	 * k + 11: 2.5 -> 13, -1.5 -> 9, 0 -> 11, 7 -> 18, 4 -> 15 */
	t_num(f, "cut(x, (-10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), "
	         "(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19))",
	      FAIR_EXPR_NUMERIC, (double[]){ 13, 9, 10, NA, 17, 14 });
	t_num(f, "cut(x, (-10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), "
	         "(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19), right=false)",
	      FAIR_EXPR_NUMERIC, (double[]){ 13, 9, 11, NA, 18, 15 });
	t_cat(f, "recode(g, 'a'='A', 'B'='b')", "A|b||A|c|b");
	t_cat(f, "recode(g, 'a'='A', else='other')", "A|other||A|other|other");
	t_cat(f, "recode(g, NA='missing')", "a|B|missing|a|c|B");
	t_cat(f, "recode(g, ('a', 'B')='ab', NA='?')", "ab|ab|?|ab|c|ab");
	t_cat(f, "recode(g, 'c'=NA)", "a|B||a||B");
	t_num(f, "recode(g, 'a'=1, 'B'=2)", FAIR_EXPR_NUMERIC, (double[]){ 1, 2, NA, 1, NA, 2 });
	t_num(f, "recode(g, 'a'=1, else=0)", FAIR_EXPR_NUMERIC, (double[]){ 1, 0, NA, 1, 0, 0 });
	t_num(f, "recode(g, 'a'=true, else=false)", FAIR_EXPR_BOOLEAN, (double[]){ 1, 0, NA, 1, 0, 0 });
	t_cat(f, "recode(x, 0='zero', 7='seven', else='other')", "other|other|zero||seven|other");
	t_num(f, "recode(x, 0=100, 4=-4)", FAIR_EXPR_NUMERIC, (double[]){ 2.5, -1.5, 100, NA, 7, -4 });
	t_num(f, "recode(x, NA=-1)", FAIR_EXPR_NUMERIC, (double[]){ 2.5, -1.5, 0, -1, 7, 4 });
	t_num(f, "recode(x, (0, 4)=1, else=0)", FAIR_EXPR_NUMERIC, (double[]){ 0, 0, 1, NA, 0, 1 });
	t_cat(f, "recode(flag, 1='yes', 0='no')", "yes|no|yes||no|yes");
	t_cat(f, "recode(lower(g), 'b'='bee')", "a|bee||a|c|bee");
	t_cat(f, "recode(if(x > 0, g, 'z'), 'z'='zed')", "a|zed|zed||c|B");
}

/* result columns: counts, distinct values, levels that occur */
static void
test_columns(const fair_frame *f)
{
	fair_error err;
	fair_expr *e = bound(f, "recode(g, 'B'='a')");
	fair_column *c = e ? fair_expr_eval(e, "r", NULL, N, &err) : NULL;

	/* levels a, B, c in the expression; B no longer occurs */
	gsl_test_int(e ? (int)fair_expr_nlevels(e) : -1, 2, "recode level table: a, c");
	gsl_test_int(c ? (int)fair_column_nlevels(c) : -1, 2, "result levels");
	gsl_test_str(c ? fair_column_level(c, 1) : "", "c", "second level");
	gsl_test_int(c ? (int)fair_column_nmissing(c) : -1, 1, "one missing");
	fair_column_unref(c);
	fair_expr_free(e);

	e = bound(f, "if(x > 0, 'p', g)");
	c = e ? fair_expr_eval(e, "r", NULL, N, &err) : NULL;
	gsl_test_int(e ? (int)fair_expr_nlevels(e) : -1, 4, "union of levels");
	/* p, B, NA, NA, p, p: levels p and B occur, in the union's order (p, a, B, c) */
	gsl_test_int(c ? (int)fair_column_nlevels(c) : -1, 2, "levels that occur");
	gsl_test_str(c ? fair_column_level(c, 0) : "", "p", "first level that occurs");
	gsl_test_str(c ? fair_column_level(c, 1) : "", "B", "second level that occurs");
	fair_column_unref(c);
	fair_expr_free(e);

	/* -1.5 * 0 = -0 and 0 are one distinct value */
	e = bound(f, "x * 0");
	c = e ? fair_expr_eval(e, "r", NULL, N, &err) : NULL;
	gsl_test_int(c ? (int)fair_column_ndistinct(c) : -1, 1, "x * 0 has one distinct value");
	gsl_test_int(c ? (int)fair_column_nmissing(c) : -1, 1, "x * 0 missing once");
	fair_column_unref(c);
	fair_expr_free(e);

	e = bound(f, "x > 0");
	c = e ? fair_expr_eval(e, "r", NULL, N, &err) : NULL;
	gsl_test_int(c ? (int)fair_column_ndistinct(c) : -1, 2, "a condition is binary");
	gsl_test_int(c ? fair_column_is_binary(c) : -1, 1, "is_binary");
	fair_column_unref(c);
	fair_expr_free(e);

	e = bound(f, "x + `education-num` + y * 0");
	c = e ? fair_expr_eval(e, "r", (const size_t[]){ 0, 0, 5 }, 3, &err) : NULL;
	/* rows 0, 0, 5: 11.5, 11.5, 13 */
	gsl_test_int(c ? (int)fair_column_length(c) : -1, 3, "subset length");
	gsl_test_int(c ? (int)fair_column_ndistinct(c) : -1, 2, "subset distinct");
	gsl_test_rel(c ? fair_column_values(c)[2] : 0, 13, 1e-15, "subset row 5");
	fair_column_unref(c);
	gsl_test(e && fair_expr_eval(e, "r", (const size_t[]){ 6 }, 1, &err) != NULL, "row 6 refused");
	gsl_test_str(err.msg, "row 6 out of range (6 rows)", "row out of range message");
	gsl_test(e && fair_expr_eval(e, "r", NULL, 7, &err) != NULL, "7 rows refused");
	gsl_test_str(err.msg, "7 rows asked, the data has 6", "too many rows message");
	fair_expr_free(e);

	/* columns in order of first use, each once */
	e = fair_expr_parse("b + a * b + `c d` + if(a > 0, `c d`, z)", &err);
	gsl_test_int(e ? (int)fair_expr_ncolumns(e) : -1, 4, "four columns used");
	gsl_test_str(e ? fair_expr_column(e, 0) : "", "b", "first column");
	gsl_test_str(e ? fair_expr_column(e, 2) : "", "c d", "third column");
	gsl_test_str(e ? fair_expr_column(e, 3) : "", "z", "fourth column");
	gsl_test(e && fair_expr_column(e, 4) != NULL, "no fifth column");
	gsl_test_str(e ? fair_expr_text(e) : "", "b + a * b + `c d` + if(a > 0, `c d`, z)", "text kept");
	fair_expr_free(e);

	/* an expression outlives the frame it is bound to */
	fair_frame *g = toy();
	e = bound(g, "x * 2");
	fair_frame_unref(g);
	double v[N];
	gsl_test_int(e ? fair_expr_eval_values(e, NULL, N, v, &err) : -1, FAIR_OK, "eval after the frame is gone");
	gsl_test_rel(v[4], 14, 1e-15, "x * 2 row 4");
	/* rebinding replaces the binding */
	gsl_test_int(e ? fair_expr_bind(e, f, &err) : -1, FAIR_OK, "bind again");
	fair_expr_free(e);

	/* unbound: eval refused */
	e = fair_expr_parse("x", &err);
	gsl_test(e == NULL || fair_expr_eval_values(e, NULL, 1, v, &err) == FAIR_OK, "unbound eval refused");
	gsl_test_str(err.msg, "expression 'x' is not bound to data", "unbound message");
	fair_expr_free(e);
}

static void
test_filter(const fair_frame *f)
{
	fair_error err;
	unsigned char keep[N] = { 1, 1, 1, 1, 1, 0 };
	size_t nk = 99;
	fair_expr *e = bound(f, "x >= 0");

	/* x >= 0 is {1,0,1,NA,1,1}; row 5 was already out */
	gsl_test_int(e ? fair_expr_filter(e, NULL, N, keep, &nk, &err) : -1, FAIR_OK, "filter x >= 0");
	gsl_test_int((int)nk, 3, "kept 3");
	gsl_test(memcmp(keep, (unsigned char[]){ 1, 0, 1, 0, 1, 0 }, N) != 0, "kept rows 0, 2, 4");
	fair_expr_free(e);

	/* a number filters by truth: flag = {1,0,1,NA,0,1} */
	memset(keep, 1, N);
	e = bound(f, "flag");
	gsl_test_int(e ? fair_expr_filter(e, NULL, N, keep, &nk, &err) : -1, FAIR_OK, "filter flag");
	gsl_test_int((int)nk, 3, "flag kept 3");
	fair_expr_free(e);

	/* not (x > 0): missing rows stay out (pandas' ~ would keep them) */
	memset(keep, 1, N);
	e = bound(f, "not x > 0");
	gsl_test_int(e ? fair_expr_filter(e, NULL, N, keep, &nk, &err) : -1, FAIR_OK, "filter not");
	gsl_test_int((int)nk, 2, "not x > 0 keeps rows 1 and 2");
	fair_expr_free(e);

	/* a subset: rows 4 and 1 of the frame */
	unsigned char k2[2] = { 1, 1 };
	e = bound(f, "g in ('c', 'B')");
	gsl_test_int(e ? fair_expr_filter(e, (const size_t[]){ 4, 1 }, 2, k2, &nk, &err) : -1, FAIR_OK,
	             "filter subset");
	gsl_test_int((int)nk, 2, "both kept");
	fair_expr_free(e);

	e = bound(f, "g");
	gsl_test(e && fair_expr_filter(e, NULL, N, keep, &nk, &err) == FAIR_OK, "categorical filter refused");
	gsl_test_str(err.msg, "a filter needs a condition, but 'g' is categorical (compare it: x == 'value')",
	             "categorical filter message");
	fair_expr_free(e);
}

static void
test_type_errors(const fair_frame *f)
{
	t_bind_err(f, "g + 1", FAIR_EINVAL, "position 1: '+' needs a number, but column 'g' is categorical");
	t_bind_err(f, "1 - -g", FAIR_EINVAL, "position 6: '-' needs a number, but column 'g' is categorical");
	t_bind_err(f, "x == 'a'", FAIR_EINVAL,
	           "position 3: cannot compare column 'x' (numeric) with the string 'a' (categorical); "
	           "numbers are written without quotes");
	t_bind_err(f, "g == 1", FAIR_EINVAL,
	           "position 3: cannot compare column 'g' (categorical) with the number 1 (numeric); "
	           "quote the value ('...') to compare with a category");
	t_bind_err(f, "g < x + 1", FAIR_EINVAL,
	           "position 3: cannot compare column 'g' (categorical) with the numeric value here (numeric)");
	t_bind_err(f, "g and x > 0", FAIR_EINVAL,
	           "position 1: 'and' needs a condition, but column 'g' is categorical (compare it: x == 'value')");
	t_bind_err(f, "not lower(g)", FAIR_EINVAL,
	           "position 5: 'not' needs a condition, but the categorical value here is categorical "
	           "(compare it: x == 'value')");
	t_bind_err(f, "x == NA", FAIR_EINVAL,
	           "position 6: a comparison with NA is always missing; test isna(x) instead");
	t_bind_err(f, "NA in (1)", FAIR_EINVAL, "position 1: NA in (...) is always missing; test isna(x) instead");
	t_bind_err(f, "if(x > 0, g, 1)", FAIR_EINVAL,
	           "position 14: if(): the two results differ in type (categorical and numeric)");
	t_bind_err(f, "if(g, 1, 2)", FAIR_EINVAL,
	           "position 4: if() needs a condition, but column 'g' is categorical (compare it: x == 'value')");
	t_bind_err(f, "coalesce(x, 'none')", FAIR_EINVAL,
	           "position 13: coalesce(): the arguments differ in type (numeric and categorical)");
	t_bind_err(f, "lower(x)", FAIR_EINVAL, "position 7: lower() needs text, but column 'x' is numeric");
	t_bind_err(f, "abs(g)", FAIR_EINVAL, "position 5: abs() needs a number, but column 'g' is categorical");
	t_bind_err(f, "max(x, 'a')", FAIR_EINVAL,
	           "position 8: max() needs a number, but the string 'a' is categorical");
	t_bind_err(f, "cut(g, (0, 1))", FAIR_EINVAL, "position 5: cut() needs a number, but column 'g' is categorical");
	t_bind_err(f, "x in ('a')", FAIR_EINVAL, "position 7: the list for column 'x' (numeric) holds numbers");
	t_bind_err(f, "g in (1, 2)", FAIR_EINVAL,
	           "position 7: the list for column 'g' (categorical) holds strings ('...')");
	t_bind_err(f, "recode(g, 1='x')", FAIR_EINVAL,
	           "position 11: recode(): the keys for column 'g' (categorical) are strings ('...')");
	t_bind_err(f, "recode(x, 'a'=1)", FAIR_EINVAL,
	           "position 11: recode(): the keys for column 'x' (numeric) are numbers");
	t_bind_err(f, "recode(g, 'a'='x', 'a'='y')", FAIR_EINVAL,
	           "position 20: recode(): key the string 'a' appears twice");
	t_bind_err(f, "recode(x, (1, 2)=3, 2=4)", FAIR_EINVAL, "position 21: recode(): key the number 2 appears twice");
	t_bind_err(f, "recode(g, 'a'='x', 'B'=1)", FAIR_EINVAL,
	           "position 24: recode(): the new values are all strings or all numbers");
	t_bind_err(f, "recode(NA, 1=2)", FAIR_EINVAL, "position 8: recode() of NA: nothing to recode");
}

static void
test_names(const fair_frame *f)
{
	fair_error err;

	t_bind_err(f, "xx + 1", FAIR_ENOTFOUND, "position 1: unknown column 'xx' (did you mean 'x'?)");
	t_bind_err(f, "X + 1", FAIR_ENOTFOUND, "position 1: unknown column 'X' (did you mean 'x'?)");
	t_bind_err(f, "x + education_num", FAIR_ENOTFOUND,
	           "position 5: unknown column 'education_num' (did you mean 'education-num'?)");
	t_bind_err(f, "x + zzz", FAIR_ENOTFOUND,
	           "position 5: unknown column 'zzz' (columns: x, y, g, h, education-num, flag)");
	/* the position is the name's first use */
	t_bind_err(f, "x > 1 and (flg == 1 or flg == 2)", FAIR_ENOTFOUND,
	           "position 12: unknown column 'flg' (did you mean 'flag'?)");

	/* notes: a string that is no level of the column compared with it */
	fair_expr *e = bound(f, "g == 'b' or g in ('a', 'zebra') or recode(g, 'C'=1, else=0) == 1");
	gsl_test_int(e ? (int)fair_expr_nnotes(e) : -1, 3, "three notes");
	gsl_test_str(e ? fair_expr_note(e, 0) : "", "position 6: 'b' is not a level of 'g' (did you mean 'B'?)",
	             "note 1");
	gsl_test_str(e ? fair_expr_note(e, 1) : "",
	             "position 24: 'zebra' is not a level of 'g' (levels: a, B, c)", "note 2");
	gsl_test_str(e ? fair_expr_note(e, 2) : "", "position 46: 'C' is not a level of 'g' (did you mean 'c'?)",
	             "note 3");
	gsl_test(e && fair_expr_note(e, 3) != NULL, "no fourth note");
	fair_expr_free(e);

	/* types only: a schema, e.g. a database table */
	static const char *const names[] = { "age", "race" };
	static const fair_coltype types[] = { FAIR_COL_NUMERIC, FAIR_COL_CATEGORICAL };
	e = fair_expr_parse("race == 'x' and age > 3", &err);
	gsl_test_int(e ? fair_expr_bind_types(e, 2, names, types, &err) : -1, FAIR_OK, "bind types");
	gsl_test_int(e ? (int)fair_expr_type_of(e) : -1, FAIR_EXPR_BOOLEAN, "typed boolean");
	double v;
	gsl_test(e && fair_expr_eval_values(e, NULL, 0, &v, &err) == FAIR_OK, "types-only binding cannot evaluate");
	fair_expr_free(e);
	e = fair_expr_parse("rac == 'x'", &err);
	gsl_test_int(e ? fair_expr_bind_types(e, 2, names, types, &err) : -1, FAIR_ENOTFOUND, "schema: unknown");
	gsl_test_str(err.msg, "position 1: unknown column 'rac' (did you mean 'race'?)", "schema message");
	fair_expr_free(e);
}

static void
test_parse_errors(void)
{
	t_parse_err("", "empty expression");
	t_parse_err("   ", "empty expression");
	t_parse_err("x +", "position 4: expected a value, got end of expression");
	t_parse_err("(x + 1", "position 7: expected ')' (to close '(' at position 1), got end of expression");
	t_parse_err("x + 1)", "position 6: unmatched ')'");
	t_parse_err("x y", "position 3: expected an operator or the end, got 'y'");
	t_parse_err("x not y", "position 3: expected an operator or the end, got 'not'");
	t_parse_err("a < b < c", "position 7: comparisons do not chain: write 'a < b and b < c'");
	t_parse_err("a == b in (1)", "position 8: comparisons do not chain: write 'a < b and b < c'");
	t_parse_err("x * * 2", "position 5: expected a value, got '*'");
	t_parse_err("and x", "position 1: expected a value before 'and'");
	t_parse_err("'abc", "position 1: unterminated string: no closing '");
	t_parse_err("x == \"abc", "position 6: unterminated string: no closing \"");
	t_parse_err("`abc + 1", "position 1: unterminated name: no closing '`'");
	t_parse_err("`` + 1", "position 1: empty column name ``");
	t_parse_err("x && y", "position 3: unexpected '&&' (write 'and')");
	t_parse_err("x | y", "position 3: unexpected '|' (write 'or')");
	t_parse_err("!x", "position 1: unexpected '!' (write 'not' for negation, '!=' for unequal)");
	t_parse_err("~x", "position 1: unexpected '~' (write 'not')");
	t_parse_err("x # 1", "position 3: unexpected character '#'");
	t_parse_err("x + \x01", "position 5: unexpected control character 0x01");
	t_parse_err("1e999", "position 1: number '1e999' is out of range");
	t_parse_err("x + 1.2.3", "position 5: malformed number '1.2.3'");
	t_parse_err("2x", "position 1: malformed number '2x'");
	t_parse_err("'a\\q'", "position 3: unknown escape '\\q' in a string (use \\\\ \\' \\\" \\n \\t \\r)");
	/* positions count characters: 'é' is one (two bytes) */
	t_parse_err("'\xc3\xa9' == \xff", "position 8: invalid UTF-8 byte 0xFF");
	t_parse_err("'\xc3\x28'", "position 2: invalid UTF-8 byte 0xC3");
	t_parse_err("foo(x)", "position 1: unknown function 'foo' (did you mean 'floor'?)");
	t_parse_err("frobnicate(x)",
	            "position 1: unknown function 'frobnicate' (functions: abs, ceil, coalesce, cut, exp, "
	            "floor, if, isna, log, lower, max, min, recode, round, sqrt, upper)");
	t_parse_err("abs(x, y)", "position 1: abs() takes 1 argument, got 2");
	t_parse_err("abs()", "position 1: abs() takes 1 argument, got none");
	t_parse_err("min(x)", "position 1: min() takes at least 2 arguments, got 1");
	t_parse_err("round(x, 1, 2)", "position 1: round() takes 1 to 2 arguments, got 3");
	t_parse_err("round(x, 1.5)", "position 10: round(): digits must be a whole number from -300 to 300");
	t_parse_err("if(x, 1)", "position 1: if() takes 3 arguments, got 2");
	t_parse_err("abs(x", "position 6: expected ',' or ')' after a function argument (to close '(' at "
	                     "position 4), got end of expression");
	t_parse_err("cut(x)", "position 1: cut() needs breaks: cut(x, (0, 18, 65, inf))");
	t_parse_err("cut(x, (1))", "position 9: cut() needs at least two breaks, got 1");
	t_parse_err("cut(x, (1, 1))", "position 12: the breaks of cut() must increase strictly");
	t_parse_err("cut(x, (0, 'a'))", "position 12: the breaks of cut() are numbers");
	t_parse_err("cut(x, (0, 1, 2), ('a'))", "position 20: cut() with 3 breaks needs 2 labels, got 1");
	t_parse_err("cut(x, (0, 1, 2), ('a', 2))", "position 25: the labels of cut() are all strings or all numbers");
	t_parse_err("cut(x, (0, 1), right=1)", "position 22: right= takes true or false");
	t_parse_err("cut(x, (0, 1), left=true)",
	            "position 16: cut() has no option 'left' (options: breaks, labels, right, include_lowest)");
	t_parse_err("cut(x, (0, y))",
	            "position 12: the breaks of cut() holds literal values only (numbers, 'strings', true, false)");
	t_parse_err("x in 1", "position 6: expected '(' after 'in' (x in (a, b)), got '1'");
	t_parse_err("x in (y)", "position 7: an 'in' list holds literal values only (numbers, 'strings', true, false)");
	t_parse_err("x in (1, NA)", "position 10: NA in an 'in' list never matches; test isna(x) instead");
	t_parse_err("(1, 2)", "position 1: a list (a, b, ...) is only allowed after 'in' and in cut() or recode()");
	t_parse_err("x + (1, 2)", "position 5: a list (a, b, ...) is only allowed after 'in' and in cut() or recode()");
	t_parse_err("x in ((1, 2), 3)", "position 7: lists do not nest");
	t_parse_err("recode(g, a='b')", "position 11: recode() keys are literals: write 'a'='...', not a=...");
	t_parse_err("recode(g, 'a'=x)", "position 15: recode() values are literals");
	t_parse_err("recode(g, 'a' 'b')", "position 15: expected '=' after a recode() key ('old'='new'), got "
	                                  "''b''");
	t_parse_err("recode(g)", "position 1: recode() needs a mapping: recode(x, 'old'='new')");
}

static void
test_printing(void)
{
	fair_error err;

	t_print("-2^2", "-2 ^ 2");
	t_print("(-2)^2", "(-2) ^ 2");
	t_print("2^3^2", "2 ^ 3 ^ 2");
	t_print("(2^3)^2", "(2 ^ 3) ^ 2");
	t_print("2 ^ -x", "2 ^ -x");
	t_print("2 ^ (-x) * 3", "2 ^ -x * 3");
	t_print("(-x) ^ 2", "(-x) ^ 2");
	t_print("-x * y", "-x * y");
	t_print("-(x * y)", "-(x * y)");
	t_print("-(a*b)", "-(a * b)");
	t_print("- -x", "- -x");
	t_print("-(-x)", "- -x");
	t_print("- -5", "5");
	t_print("-(-5 ^ 2)", "- -5 ^ 2");
	t_print("--5", "5");
	t_print("-(5)", "-5");
	t_print("a-(b-c)", "a - (b - c)");
	t_print("(a-b)-c", "a - b - c");
	t_print("a/(b*c)", "a / (b * c)");
	t_print("a % 2 * 3", "a % 2 * 3");
	t_print("not (a and b)", "not (a and b)");
	t_print("not a == b", "not a == b");
	t_print("not not a", "not not a");
	t_print("-not a", "-not a");
	t_print("(-not a) + 1", "-(not a) + 1");
	t_print("(not a) == b", "(not a) == b");
	t_print("not a and b", "not a and b");
	t_print("a + not b", "a + not b");
	t_print("(a + not b) == c", "a + (not b) == c");
	t_print("a + not b == c", "a + not b == c");
	t_print("(a < b) == (c < d)", "(a < b) == (c < d)");
	t_print("(a == b) in (1)", "(a == b) in (1)");
	t_print("x = 1 AND y <> 2 Or Z ** 2 >= 1", "x == 1 and y != 2 or Z ^ 2 >= 1");
	t_print("a and (b or c)", "a and (b or c)");
	t_print("(a and b) or c", "a and b or c");
	t_print("`education-num` + `and` + `a``b` + `x.y` + x.y + `1a` + _z + `é` + é", 
	        "`education-num` + `and` + `a``b` + x.y + x.y + `1a` + _z + é + é");
	t_print("'it''s' == \"say \\\"hi\\\"\" or s == 'tab\\there\\nline\\\\'",
	        "'it\\'s' == 'say \"hi\"' or s == 'tab\\there\\nline\\\\'");
	t_print("IF(x>0,1,0)", "if(x > 0, 1, 0)");
	t_print("cut(x,(0,1,inf),right=false,include_lowest=true)",
	        "cut(x, (0, 1, inf), right=false, include_lowest=true)");
	t_print("cut(x, breaks=(-inf, 0), labels=('a'), right=true)", "cut(x, (-inf, 0), labels=('a'))");
	t_print("recode(g,'a'='A',else=NA,('b','c')='BC',NA=0)", "recode(g, 'a'='A', ('b', 'c')='BC', NA=0, else=NA)");
	t_print("x in (3)", "x in (3)");
	t_print("x not in (3, -4.5)", "x not in (3, -4.5)");
	t_print("0.1 + 1e-7 + 1/3 + 123456789012 + 1e21 + .5", "0.1 + 1e-07 + 1 / 3 + 123456789012 + 1e+21 + 0.5");
	t_print("0.30000000000000004", "0.30000000000000004");
	t_print("-0", "-0");
	t_print("true or FALSE or na", "true or false or NA");
	t_print("  x\t+\n1  ", "x + 1");

	fair_expr *a = fair_expr_parse("x + 1", &err), *b = fair_expr_parse("x+2", &err);
	fair_expr *c = fair_expr_parse("(x) + (1)", &err);
	gsl_test(fair_expr_equal(a, b), "x + 1 differs from x + 2");
	gsl_test(!fair_expr_equal(a, c), "x + 1 equals (x) + (1)");
	gsl_test(fair_expr_equal(a, NULL), "nothing equals NULL");
	fair_expr_free(a);
	fair_expr_free(b);
	fair_expr_free(c);
}

static void
t_sql(const char *text, fair_sql_dialect d, fair_sql_context ctx, size_t first, const char *want,
      const char *want_params)
{
	static const char *const names[] = { "x", "y", "g", "h", "a\"b", "flag" };
	static const fair_coltype types[] = { FAIR_COL_NUMERIC, FAIR_COL_NUMERIC, FAIR_COL_CATEGORICAL,
	                                      FAIR_COL_CATEGORICAL, FAIR_COL_NUMERIC, FAIR_COL_NUMERIC };
	fair_error err;
	fair_sql q;
	char params[512] = "";
	fair_expr *e = fair_expr_parse(text, &err);

	if (e == NULL || fair_expr_bind_types(e, 6, names, types, &err) != FAIR_OK) {
		gsl_test(1, "sql '%s': %s", text, err.msg);
		fair_expr_free(e);
		return;
	}
	if (fair_expr_sql(e, d, ctx, first, &q, &err) != FAIR_OK) {
		gsl_test_str(err.msg, want, "sql '%s' refused", text);
		fair_expr_free(e);
		return;
	}
	for (size_t i = 0; i < q.nparams; i++) {
		if (i)
			strcat(params, "|");
		strcat(params, q.params[i].is_text ? "s:" : "n:");
		strcat(params, q.params[i].text);
	}
	gsl_test_str(q.text, want, "sql '%s'", text);
	gsl_test_str(params, want_params, "sql params '%s'", text);
	fair_sql_release(&q);
	fair_expr_free(e);
}

static void
test_sql(void)
{
	const fair_sql_dialect L = FAIR_SQL_SQLITE, P = FAIR_SQL_POSTGRES;
	const fair_sql_context C = FAIR_SQL_CONDITION, V = FAIR_SQL_VALUE;

	t_sql("x >= 5", L, C, 1, "(\"x\" >= ?1)", "n:5");
	t_sql("x >= 5", P, C, 1, "(\"x\" >= $1::double precision)", "n:5");
	t_sql("x >= 5", L, V, 1, "CAST((\"x\" >= ?1) AS INTEGER)", "n:5");
	t_sql("g in ('Medium', 'High')", P, C, 3, "(\"g\" IN ($3::text, $4::text))", "s:Medium|s:High");
	t_sql("g not in ('a')", L, C, 1, "(\"g\" NOT IN (?1))", "s:a");
	/* names and values never enter the text */
	t_sql("`a\"b` > 1 and g == '\\'; DROP TABLE t; --'", L, C, 1,
	      "((\"a\"\"b\" > ?1) AND (\"g\" = ?2))", "n:1|s:'; DROP TABLE t; --");
	t_sql("flag", L, C, 1, "(\"flag\" <> 0)", "");
	t_sql("not flag or isna(g)", L, C, 1, "((NOT (\"flag\" <> 0)) OR (\"g\" IS NULL))", "");
	t_sql("x / y", L, V, 1, "(CAST(\"x\" AS DOUBLE PRECISION) / NULLIF(\"y\", 0))", "");
	t_sql("x % 3", L, V, 1,
	      "(\"x\" - ?1 * FLOOR(CAST(\"x\" AS DOUBLE PRECISION) / NULLIF(?2, 0)))", "n:3|n:3");
	t_sql("-x ^ 2 + (x > 1)", P, V, 1,
	      "((-(POWER(\"x\", $1::double precision))) + CAST((\"x\" > $2::double precision) AS INTEGER))",
	      "n:2|n:1");
	t_sql("g < h", P, C, 1, "(\"g\" < \"h\" COLLATE \"C\")", "");
	t_sql("g < h", L, C, 1, "(\"g\" < \"h\")", "");
	t_sql("min(x, y)", L, V, 1, "MIN(\"x\", \"y\")", "");
	t_sql("min(x, y)", P, V, 1, "CASE WHEN \"x\" IS NULL OR \"y\" IS NULL THEN NULL ELSE LEAST(\"x\", \"y\") END", "");
	t_sql("if(x > 0, 'p', g)", L, V, 1,
	      "CASE WHEN (\"x\" > ?1) THEN ?2 WHEN NOT (\"x\" > ?3) THEN \"g\" END", "n:0|s:p|n:0");
	t_sql("coalesce(x, 0) + log(y) + sqrt(y) + abs(x) + exp(x) + floor(x) + ceil(x)", L, V, 1,
	      "((((((COALESCE(\"x\", ?1) + LN(CASE WHEN \"y\" > 0 THEN \"y\" END)) + SQRT(CASE WHEN \"y\" >= 0 "
	      "THEN \"y\" END)) + ABS(\"x\")) + EXP(\"x\")) + FLOOR(\"x\")) + CEIL(\"x\"))", "n:0");
	t_sql("upper(g) == 'A'", L, C, 1, "(UPPER(\"g\") = ?1)", "s:A");
	t_sql("cut(x, (-inf, 0, 10), ('neg', 'low'))", L, V, 1,
	      "CASE WHEN \"x\" <= ?1 THEN ?2 WHEN \"x\" > ?3 AND \"x\" <= ?4 THEN ?5 END",
	      "n:0|s:neg|n:0|n:10|s:low");
	t_sql("cut(x, (0, 10, inf), right=false, include_lowest=true)", L, V, 1,
	      "CASE WHEN \"x\" >= ?1 AND \"x\" < ?2 THEN ?3 WHEN \"x\" >= ?4 THEN ?5 END",
	      "n:0|n:10|s:[0, 10)|n:10|s:[10, inf]");
	t_sql("recode(g, 'a'='A', ('b', 'c')='BC', else='Z')", L, V, 1,
	      "CASE WHEN \"g\" IS NULL THEN NULL WHEN \"g\" IN (?1) THEN ?2 WHEN \"g\" IN (?3, ?4) THEN ?5 "
	      "ELSE ?6 END", "s:a|s:A|s:b|s:c|s:BC|s:Z");
	t_sql("recode(x, NA=0, 1=2)", L, V, 1,
	      "CASE WHEN \"x\" IS NULL THEN ?1 WHEN \"x\" IN (?2) THEN ?3 ELSE \"x\" END", "n:0|n:1|n:2");
	t_sql("recode(g, 'a'=1)", L, V, 1, "CASE WHEN \"g\" IS NULL THEN NULL WHEN \"g\" IN (?1) THEN ?2 ELSE NULL END",
	      "s:a|n:1");
	t_sql("true and NA", L, C, 1, "(TRUE AND NULL)", "");
	t_sql("round(x)", L, V, 1,
	      "position 1: round() has no SQL equivalent with the same result (SQL rounds halves away from "
	      "zero, fairsh to even); use floor(x + 0.5)", "");
	t_sql("x < inf", L, C, 1, "position 5: inf has no portable SQL form", "");
	t_sql("g", L, C, 1, "position 1: a condition is needed, but the expression is categorical", "");

	fair_error err;
	fair_sql q;
	fair_expr *e = fair_expr_parse("x", &err);
	gsl_test(fair_expr_sql(e, L, C, 1, &q, &err) == FAIR_OK, "unbound: no SQL");
	gsl_test_str(err.msg, "expression 'x' is not bound", "unbound SQL message");
	fair_expr_free(e);
	fair_sql_release(NULL);
}

/* repeat @unit @n times between @pre and @post */
static char *
repeat(const char *pre, const char *unit, size_t n, const char *post)
{
	size_t lp = strlen(pre), lu = strlen(unit), lq = strlen(post);
	char *s = malloc(lp + lu * n + lq + 1), *p = s;

	memcpy(p, pre, lp);
	p += lp;
	for (size_t i = 0; i < n; i++, p += lu)
		memcpy(p, unit, lu);
	memcpy(p, post, lq + 1);
	return s;
}

static void
test_hostile(const fair_frame *f)
{
	fair_error err;
	char *s, *t;

	/* 100,000 levels of nesting of every recursive form: a clear error at
	 * the 1001st level, no stack overflow: "((((x" fails at the 1001st '(',
	 * "not not ..." at the 1001st 'not' (byte 4000), "2^2^..." at the 1001st 2 */
	s = repeat("", "(", 100000, "x");
	t_parse_err(s, "position 1001: expression nested too deeply (more than 1000 levels)");
	free(s);
	s = repeat("", "-", 100000, "x");
	t_parse_err(s, "position 1001: expression nested too deeply (more than 1000 levels)");
	free(s);
	s = repeat("", "not ", 100000, "x");
	t_parse_err(s, "position 4001: expression nested too deeply (more than 1000 levels)");
	free(s);
	s = repeat("", "abs(", 100000, "x");
	t_parse_err(s, "position 4001: expression nested too deeply (more than 1000 levels)");
	free(s);
	s = repeat("", "2^", 100000, "x");
	t_parse_err(s, "position 2001: expression nested too deeply (more than 1000 levels)");
	free(s);
	/* a left-deep chain: the 1000th '+' makes the tree 1001 deep; "1+" puts it at 2000 */
	s = repeat("1", "+1", 100000, "");
	t_parse_err(s, "position 2000: expression nested too deeply (more than 1000 levels)");
	free(s);
	/* 999 parentheses are fine */
	s = repeat("", "(", 999, "x");
	t = malloc(strlen(s) + 1000);
	strcpy(t, s);
	memset(t + strlen(s), ')', 999);
	t[strlen(s) + 999] = '\0';
	fair_expr *e = fair_expr_parse(t, &err);
	gsl_test(e == NULL, "999 parentheses parse");
	fair_expr_free(e);
	free(s);
	free(t);

	/* a 1 MB expression that is legal: an in-list of 150,000 numbers */
	{
		size_t cap = FAIR_EXPR_MAX_LEN, o = 0;
		s = malloc(cap + 1);
		o += (size_t)snprintf(s, cap, "x in (");
		for (int k = 0; o < cap - 20; k++)
			o += (size_t)snprintf(s + o, cap - o, "%s%d", k ? ", " : "", k);
		o += (size_t)snprintf(s + o, cap + 1 - o, ")");
		gsl_test(o > FAIR_EXPR_MAX_LEN, "1 MB in-list fits");
		t_num(f, s, FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, 1, NA, 1, 1 });
		free(s);
	}
	/* longer than 1 MiB */
	s = repeat("x", " ", FAIR_EXPR_MAX_LEN, "");
	t_parse_err(s, "expression is longer than 1048576 bytes");
	free(s);
	/* a huge cut list: 100,001 breaks 0..100000 */
	{
		size_t cap = 1000000, o = 0;
		s = malloc(cap);
		o += (size_t)snprintf(s, cap, "cut(x, (");
		for (int k = 0; k <= 100000; k++)
			o += (size_t)snprintf(s + o, cap - o, "%s%d", k ? "," : "", k);
		snprintf(s + o, cap - o, "))");
		t_cat(f, s, "(2, 3]||||(6, 7]|(3, 4]");
		free(s);
	}
	/* a long string literal and a long name */
	s = repeat("g == '", "z", 500000, "'");
	t_num(f, s, FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, NA, 0, 0, 0 });
	free(s);
	s = repeat("`", "q", 300, "` + 1");
	t_bind_err(f, s, FAIR_ENOTFOUND,
	           "position 1: unknown column 'qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq...' (columns: x, y, g, h, "
	           "education-num, flag)");
	free(s);
	/* min with 50,000 arguments: a wide tree, not a deep one */
	s = repeat("min(x", ", x", 50000, ")");
	t_num(f, s, FAIR_EXPR_NUMERIC, (double[]){ 2.5, -1.5, 0, NA, 7, 4 });
	free(s);
	/* a column of 20,000 levels against 50,000 strings none of which is a
	 * level: linear work (a quadratic scan would take seconds), 8 notes */
	{
		enum { NL = 20000, NI = 50000 };
		const char **lv = malloc(NL * sizeof *lv), *cells[N];
		char *names = malloc(NL * 8);
		fair_frame *big = fair_frame_new();
		for (size_t k = 0; k < NL; k++) {
			snprintf(names + 8 * k, 8, "L%zu", k);
			lv[k] = names + 8 * k;
		}
		for (size_t i = 0; i < N; i++)
			cells[i] = lv[i * 3000];
		add(big, catcol("big", cells, N, lv, NL));
		size_t cap = 20 + NI * 10, o = 0;
		s = malloc(cap);
		o += (size_t)snprintf(s, cap, "big in (");
		for (size_t k = 0; k < NI; k++)
			o += (size_t)snprintf(s + o, cap - o, "%s'M%zu'", k ? "," : "", k);
		snprintf(s + o, cap - o, ")");
		e = bound(big, s);
		gsl_test_int(e ? (int)fair_expr_nnotes(e) : -1, 8, "notes stop at 8");
		fair_expr_free(e);
		char *r = malloc(cap + 40);
		snprintf(r, cap + 40, "recode(big, %s=1, else=0)", s + 7);   /* the list after "big in " */
		t_num(big, r, FAIR_EXPR_NUMERIC, (double[]){ 0, 0, 0, 0, 0, 0 });
		free(r);
		free(s);
		fair_frame_unref(big);
		free(names);
		free(lv);
	}
	/* NUL cannot appear; other control bytes are errors, inside strings they are kept */
	t_num(f, "g == 'a\tb'", FAIR_EXPR_BOOLEAN, (double[]){ 0, 0, NA, 0, 0, 0 });
	e = fair_expr_parse(NULL, &err);
	gsl_test(e != NULL, "NULL text refused");
	gsl_test_str(err.msg, "no expression", "NULL text message");
}

/* caret lines for the terminal */
static void
test_caret(void)
{
	fair_error err;
	char *c;

	fair_expr *e = fair_expr_parse("age > 30 and rce == 'x' +", &err);
	gsl_test(e != NULL, "caret: error");
	gsl_test_int((int)fair_expr_error_position(&err), 26, "error position");
	c = fair_expr_caret("age > 30 and rce == 'x' +", 26);
	gsl_test_str(c, "  age > 30 and rce == 'x' +\n                           ^\n", "caret at the end");
	free(c);
	c = fair_expr_caret("\xc3\xa9 + ?", 5);
	gsl_test_str(c, "  \xc3\xa9 + ?\n      ^\n", "caret counts characters");
	free(c);
	/* a long expression: a window with ellipses */
	char *s = repeat("", "a + ", 50, "oops $ x + y + z + a + b + c + d + e + f + g + h + i + j + k + l");
	c = fair_expr_caret(s, 206);
	/* characters 171..240 of 259: from the middle of the "a + " run */
	gsl_test_str(c, "  ...+ a + a + a + a + a + a + a + oops $ x + y + z + a + b + c + d + e + f...\n"
	                "                                        ^\n", "caret window");
	free(c);
	free(s);
	gsl_test(fair_expr_caret("x", 0) != NULL, "no position, no caret");
	strcpy(err.msg, "unknown column 'a' (position 3: b)");
	gsl_test_int((int)fair_expr_error_position(&err), 3, "position found inside the message");
	strcpy(err.msg, "position x: b");
	gsl_test_int((int)fair_expr_error_position(&err), 0, "no number, no position");
}

/* 10,000 rows: three blocks of 4,096, the last one partial. x_i = i/2 - 700 */
static void
test_blocks(void)
{
	enum { M = 10000 };
	double *x = malloc(M * sizeof *x), *v = malloc(M * sizeof *v);
	size_t *rows = malloc(M * sizeof *rows);
	unsigned char *keep = malloc(M);
	fair_error err;
	fair_frame *f = fair_frame_new();
	int bad = 0;
	size_t nk;

	for (size_t i = 0; i < M; i++) {
		x[i] = (double)i / 2 - 700;
		rows[i] = M - 1 - i;
	}
	add(f, numcol("x", x, M));
	fair_expr *e = bound(f, "x * 2 + 1");
	/* x * 2 + 1 = i - 1399 */
	gsl_test_int(fair_expr_eval_values(e, NULL, M, v, &err), FAIR_OK, "blocks eval");
	for (size_t i = 0; i < M; i++)
		bad += v[i] != (double)i - 1399;
	gsl_test_int(fair_expr_eval_values(e, rows, M, v, &err), FAIR_OK, "blocks eval reversed");
	for (size_t i = 0; i < M; i++)
		bad += v[i] != (double)(M - 1 - i) - 1399;
	gsl_test(bad != 0, "every row of three blocks");
	fair_column *c = fair_expr_eval(e, "r", NULL, M, &err);
	/* more than 4,096 values: counted when first asked, not by derive */
	gsl_test(c == NULL || fair_column_ndistinct_known(c), "10,000 values: not counted when made");
	gsl_test(c == NULL || fair_column_is_binary(c), "not binary, without counting");
	gsl_test(c == NULL || fair_column_ndistinct_known(c), "is_binary does not count");
	gsl_test_int(c ? (int)fair_column_ndistinct(c) : -1, M, "10,000 distinct values (counted on first use)");
	gsl_test(c == NULL || !fair_column_ndistinct_known(c), "the count is kept");
	gsl_test_int(c ? (int)fair_column_ndistinct(c) : -1, M, "10,000 distinct values, asked again");
	fair_column_unref(c);
	fair_expr_free(e);
	/* distinct counts: floor(x / 3) runs over -234..1433
	 * (1,668 values); x <= 3000 up to i = 7400 gives floor(x) in -700..3000
	 * (3,701 values) and -0 above, which is the same value as 0 */
	e = bound(f, "floor(x / 3)");
	c = fair_expr_eval(e, "r", NULL, M, &err);
	gsl_test(c == NULL || !fair_column_ndistinct_known(c), "1,668 values: counted when made");
	gsl_test_int(c ? (int)fair_column_ndistinct(c) : -1, 1668, "1,668 distinct values");
	fair_column_unref(c);
	fair_expr_free(e);
	e = bound(f, "if(x > 3000, -0 * x, floor(x))");
	c = fair_expr_eval(e, "r", NULL, M, &err);
	gsl_test_int(c ? (int)fair_column_ndistinct(c) : -1, 3701, "-0 and 0 are one value");
	gsl_test(c == NULL || !signbit(fair_column_values(c)[9999]), "-0 kept as it is");
	fair_column_unref(c);
	fair_expr_free(e);
	/* more than 4,096 values (the hashed count): x <= 4000 up to i = 9400,
	 * 9,401 values with 0, and -0 above */
	e = bound(f, "if(x > 4000, -0 * x, x)");
	c = fair_expr_eval(e, "r", NULL, M, &err);
	gsl_test_int(c ? (int)fair_column_ndistinct(c) : -1, 9401, "-0 and 0 are one value (hashed)");
	fair_column_unref(c);
	fair_expr_free(e);
	e = bound(f, "x * 2 + 1");
	c = fair_expr_eval(e, "r", NULL, 5000, &err);
	gsl_test_int(c ? (int)fair_column_length(c) : -1, 5000, "a prefix of the rows");
	gsl_test_rel(c ? fair_column_values(c)[4999] : 0, 3600, 1e-15, "last row of the prefix");
	fair_column_unref(c);
	fair_expr_free(e);
	/* x > 0 for i > 1400: 8,599 rows */
	e = bound(f, "x > 0");
	memset(keep, 1, M);
	gsl_test_int(fair_expr_filter(e, NULL, M, keep, &nk, &err), FAIR_OK, "blocks filter");
	gsl_test_int((int)nk, 8599, "x > 0 keeps 8,599 rows");
	gsl_test_int(keep[1400] * 10 + keep[1401], 1, "the boundary rows");
	fair_expr_free(e);
	/* in-list and cut over the blocks: x in (0, 10) at i = 1400, 1420 */
	e = bound(f, "cut(x, (-1000, 0, 5000), labels=(-1, 1)) * (x in (0, 10))");
	gsl_test_int(fair_expr_eval_values(e, NULL, M, v, &err), FAIR_OK, "blocks cut");
	double sum = 0;
	for (size_t i = 0; i < M; i++)
		sum += v[i];
	/* x = 0 is in (-1000, 0] -> -1; x = 10 -> 1: sum 0, and 2 non-zero */
	gsl_test_rel(sum, 0, 1e-15, "cut * in sum");
	gsl_test_int((int)(v[1400] * 10 + v[1420]), -9, "cut * in values");
	fair_expr_free(e);
	/* zero rows */
	e = bound(f, "x + 1");
	c = fair_expr_eval(e, "r", NULL, 0, &err);
	gsl_test(c == NULL || fair_column_length(c) != 0, "zero rows");
	fair_column_unref(c);
	fair_expr_free(e);
	fair_frame_unref(f);
	free(x);
	free(v);
	free(rows);
	free(keep);
}

/* ProPublica's COMPAS conditions on the real file. Reference counts from
 * pandas 1.5.3 (/usr/bin/python3):
 *   d = pd.read_csv('compas.csv'); a = d.days_b_screening_arrest
 *   (d.decile_score >= 5).sum()                         -> 3317
 *   d.score_text.isin(['Medium', 'High']).sum()         -> 3317
 *   ((a <= 30) & (a >= -30)).sum()                      -> 6172
 *   (... & (d.is_recid != -1) & (d.c_charge_degree != 'O')
 *        & (d.score_text != 'N/A')).sum()               -> 6172
 *   (d.race == 'African-American').sum()                -> 3696
 *   pd.cut(d.age, [0, 25, 45, 200]).value_counts()      -> 1861, 3890, 1463
 *   a.isna().sum()                                      -> 307
 *   (d['decile_score.1'] == d.decile_score).sum()       -> 7214
 * tests/unit/expr-ref.py compares row by row. */
static void
test_compas(void)
{
	const char *path = fair_test_data_path("compas.csv");
	fair_error err;
	fair_frame *f;
	static const struct { const char *expr; int n; } cases[] = {
		{ "decile_score >= 5", 3317 },
		{ "score_text in ('Medium','High')", 3317 },
		{ "days_b_screening_arrest <= 30 and days_b_screening_arrest >= -30", 6172 },
		{ "days_b_screening_arrest <= 30 and days_b_screening_arrest >= -30 and is_recid != -1 and "
		  "c_charge_degree != 'O' and score_text != 'N/A'", 6172 },
		{ "race == 'African-American'", 3696 },
		{ "cut(age, (0, 25, 45, 200)) == '(25, 45]'", 3890 },
		{ "isna(days_b_screening_arrest)", 307 },
		/* a name with a dot needs no quoting */
		{ "decile_score.1 == decile_score", 7214 },
		/* 3-valued logic: the 307 missing rows are in neither the window nor its negation */
		{ "not (days_b_screening_arrest <= 30 and days_b_screening_arrest >= -30)", 1042 - 307 },
	};

	if (path == NULL)
		return;
	f = fair_csv_read(path, NULL, NULL, &err);
	gsl_test(f == NULL, "compas.csv loads");
	if (f == NULL)
		return;
	size_t n = fair_frame_nrows(f);
	unsigned char *keep = malloc(n);
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		fair_expr *e = bound(f, cases[k].expr);
		size_t nk = 0;
		memset(keep, 1, n);
		gsl_test(e == NULL || fair_expr_filter(e, NULL, n, keep, &nk, &err) != FAIR_OK, "filter %s", cases[k].expr);
		gsl_test_int((int)nk, cases[k].n, "COMPAS: %s", cases[k].expr);
		fair_expr_free(e);
	}
	/* the two decisions agree row by row */
	fair_expr *a = bound(f, "decile_score >= 5"), *b = bound(f, "score_text in ('Medium','High')");
	double *va = malloc(n * sizeof *va), *vb = malloc(n * sizeof *vb);
	fair_expr_eval_values(a, NULL, n, va, &err);
	fair_expr_eval_values(b, NULL, n, vb, &err);
	gsl_test(memcmp(va, vb, n * sizeof *va) != 0, "decile_score >= 5 is score_text Medium/High");
	fair_expr_free(a);
	fair_expr_free(b);
	/* did-you-mean on the real column names */
	t_bind_err(f, "decile_scor >= 5", FAIR_ENOTFOUND,
	           "position 1: unknown column 'decile_scor' (did you mean 'decile_score'?)");
	t_bind_err(f, "two_year_recid == 1 and sex = 'Male' and rase == 'Other'", FAIR_ENOTFOUND,
	           "position 42: unknown column 'rase' (did you mean 'race'?)");
	free(va);
	free(vb);
	free(keep);
	fair_frame_unref(f);
}

/* A condition derives a boolean column of one byte a row (the condition
 * program: comparisons into bytes, Kleene 'and'/'or'/'not' on bytes). Its
 * bytes, its doubles (made on first use), its counts and its cells must
 * equal the value program's doubles row by row, over three blocks and a
 * partial one (10,007 rows), for all rows and for a reversed row subset. */
static void *
values_thread(void *arg)
{
	return (void *)fair_column_values(arg);
}

/* 'and' / 'or' of two comparisons of a column with a constant, fused into
 * one pass and not: for every pair of the six operators, both sides of the
 * constant, on columns with missing values and values equal to the
 * constants, over a ragged last block and a subset of rows, the boolean
 * column must be byte for byte the same, and agree with the value program
 * (doubles: 1 true, 0 false, NaN missing). */
static void
test_fused_cmp(void)
{
	enum { M = 4099 };
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	double *a = malloc(M * sizeof *a), *b = malloc(M * sizeof *b), *v = malloc(M * sizeof *v);
	size_t *rows = malloc(M * sizeof *rows);
	size_t nbad = 0, ncase = 0, nt = 0, nf = 0, nm = 0;
	fair_error err;
	fair_frame *f = fair_frame_new();

	for (size_t i = 0; i < M; i++) {
		/* a in {0, 0.25, ..., 1}, b in {-1, -0.5, ..., 1}: each hits the
		 * constants 0.5 and 0 exactly; some missing */
		a[i] = i % 7 == 2 ? NAN : (double)(i % 5) / 4;
		b[i] = i % 11 == 4 ? NAN : (double)((i * 7) % 5) / 2 - 1;
		rows[i] = (i * 37) % M;
	}
	add(f, numcol("a", a, M));
	add(f, numcol("b", b, M));
	for (int o1 = 0; o1 < 6; o1++)
		for (int o2 = 0; o2 < 6; o2++)
			for (int form = 0; form < 4; form++) {
				char text[64];
				const char *lg = form & 1 ? "or" : "and";
				if (form & 2)
					snprintf(text, sizeof text, "0.5 %s a %s 0 %s b", ops[o1], lg, ops[o2]);
				else
					snprintf(text, sizeof text, "a %s 0.5 %s b %s 0", ops[o1], lg, ops[o2]);
				for (int sub = 0; sub < 2; sub++) {
					const size_t *r = sub ? rows : NULL;
					fair__data_expr_fuse = false;
					fair_expr *e0 = bound(f, text);
					fair__data_expr_fuse = true;
					fair_expr *e1 = bound(f, text);
					fair_column *c0 = e0 ? fair_expr_eval(e0, "c", r, M, &err) : NULL;
					fair_column *c1 = e1 ? fair_expr_eval(e1, "c", r, M, &err) : NULL;
					const unsigned char *b0 = c0 ? fair_column_bools(c0) : NULL;
					const unsigned char *b1 = c1 ? fair_column_bools(c1) : NULL;
					size_t bad = 0;
					ncase++;
					if (b0 == NULL || b1 == NULL || e1 == NULL ||
					    fair_expr_eval_values(e1, r, M, v, &err) != FAIR_OK) {
						gsl_test(1, "'%s': no boolean column", text);
						nbad++;
					} else {
						for (size_t i = 0; i < M; i++) {
							int want = isnan(v[i]) ? FAIR_BOOL_MISSING : v[i] == 1 ? 1 : 0;
							bad += b0[i] != b1[i] || b1[i] != want;
							nt += want == 1;
							nf += want == 0;
							nm += want == FAIR_BOOL_MISSING;
						}
						if (bad)
							gsl_test(1, "'%s'%s: %zu bytes differ", text, sub ? " (subset)" : "", bad);
						nbad += bad != 0;
					}
					fair_column_unref(c0);
					fair_column_unref(c1);
					fair_expr_free(e0);
					fair_expr_free(e1);
				}
			}
	/* every case has true, false and missing rows somewhere */
	gsl_test(nbad != 0, "fused comparisons: %zu of %zu cases differ", nbad, ncase);
	gsl_test(ncase != 6 * 6 * 4 * 2 || nt == 0 || nf == 0 || nm == 0,
	         "fused comparisons: %zu cases, %zu true, %zu false, %zu missing", ncase, nt, nf, nm);
	fair_frame_unref(f);
	free(a);
	free(b);
	free(v);
	free(rows);
}

static void
test_bool_columns(void)
{
	enum { M = 10007 };
	static const char *const conds[] = {
		"a > 0.5 and b <= 0.25", "a > 0.5 or b <= 0.25", "not (a > 0.5)", "a != b",
		"0.3 < a", "a > 0.5 and isna(b)", "a > 0.5 and NA", "a > 0.5 or NA", "(a > 0) == (b > 0.5)",
		"not (a > 0.2 or b < 0.1) and a <= 0.9", "a and b > 0.5", "not a", "isna(a) or b > 0.7",
		"k in ('u', 'w') and a < 0.5", "k == 'v' or not (b >= 0.5)", "true", "false and a > 0",
		"isna(a) and not isna(a)", "a > 0.5 and true", "a < 0.5 or false", "if(b > 0.5, a > 0.5, b < 0.2)",
	};
	static const char *const lv[] = { "u", "v", "w" };
	double *a = malloc(M * sizeof *a), *b = malloc(M * sizeof *b), *v = malloc(M * sizeof *v);
	const char **k = malloc(M * sizeof *k);
	size_t *rows = malloc(M * sizeof *rows);
	uint64_t s = 12345;
	fair_error err;
	fair_frame *f = fair_frame_new();

	for (size_t i = 0; i < M; i++) {
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		a[i] = (double)(s >> 11) / 9007199254740992.0;
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		b[i] = (double)(s >> 11) / 9007199254740992.0;
		if (i % 17 == 3)
			a[i] = NAN;
		if (i % 23 == 5)
			b[i] = NAN;
		a[i] = i % 101 == 7 ? 0.0 : a[i];   /* zeros: false as a number */
		k[i] = i % 13 == 0 ? NULL : lv[(s >> 7) % 3];
		rows[i] = M - 1 - i;
	}
	add(f, numcol("a", a, M));
	add(f, numcol("b", b, M));
	add(f, catcol("k", k, M, lv, 3));
	for (size_t q = 0; q < sizeof conds / sizeof conds[0]; q++) {
		fair_expr *e = bound(f, conds[q]);
		for (int sub = 0; e != NULL && sub < 2; sub++) {
			const size_t *r = sub ? rows : NULL;
			fair_column *c = fair_expr_eval(e, "c", r, M, &err);
			const unsigned char *bb = c ? fair_column_bools(c) : NULL;
			size_t bad = 0, nmiss = 0, n0 = 0, n1 = 0, mism = 0;
			double sum = 0;
			gsl_test(c == NULL || bb == NULL, "%s: a boolean column", conds[q]);
			if (bb == NULL) {
				fair_column_unref(c);
				continue;
			}
			fair_expr_eval_values(e, r, M, v, &err);
			for (size_t i = 0; i < M; i++) {
				int want = isnan(v[i]) ? FAIR_BOOL_MISSING : v[i] == 1 ? 1 : v[i] == 0 ? 0 : 9;
				char cell[32];
				bad += bb[i] != want;
				nmiss += want == FAIR_BOOL_MISSING;
				n0 += want == 0;
				n1 += want == 1;
				sum += want == 1;
				mism += fair_column_is_missing(c, i) != (want == FAIR_BOOL_MISSING);
				fair_column_cell(c, i, cell, sizeof cell);
				mism += strcmp(cell, want == 2 ? "" : want ? "1" : "0") != 0;
			}
			gsl_test(bad != 0, "%s (%s): %zu of %d bytes differ from the doubles", conds[q],
			         sub ? "reversed rows" : "all rows", bad, M);
			gsl_test(mism != 0, "%s: is_missing and cells agree", conds[q]);
			gsl_test_int((int)fair_column_nmissing(c), (int)nmiss, "%s: missing", conds[q]);
			gsl_test_int((int)fair_column_ndistinct(c), (n0 > 0) + (n1 > 0), "%s: distinct", conds[q]);
			double lo, mean, hi;
			size_t cnt;
			fair_column_range(c, NULL, &lo, &mean, &hi, &cnt);
			gsl_test_int((int)cnt, (int)(n0 + n1), "%s: range count", conds[q]);
			if (cnt > 0)
				gsl_test_rel(mean, sum / (double)cnt, 1e-15, "%s: mean", conds[q]);
			/* the doubles, made on first use, from two threads at once */
			pthread_t th[2];
			const double *got[2] = { NULL, NULL };
			for (int t = 0; t < 2; t++)
				pthread_create(&th[t], NULL, values_thread, c);
			for (int t = 0; t < 2; t++)
				pthread_join(th[t], (void **)&got[t]);
			const double *d = fair_column_values(c);
			gsl_test(d == NULL || got[0] != d || got[1] != d, "%s: one array of doubles", conds[q]);
			bad = 0;
			for (size_t i = 0; d != NULL && i < M; i++)
				bad += !(isnan(d[i]) ? isnan(v[i]) : d[i] == v[i]);
			gsl_test(bad != 0, "%s: %zu doubles differ", conds[q], bad);
			fair_column_unref(c);
		}
		fair_expr_free(e);
	}
	/* made directly: only 0, 1 and missing are values */
	unsigned char *raw = malloc(4);
	memcpy(raw, "\0\1\2\3", 4);
	gsl_test(fair_column_new_bool("z", raw, 4, &err) != NULL, "a byte 3 is refused");
	gsl_test_str(err.msg, "column 'z': row 4 holds 3, not 0, 1 or missing", "its message");
	raw = malloc(3);
	memcpy(raw, "\1\2\1", 3);
	fair_column *z = fair_column_new_bool("z", raw, 3, &err);
	gsl_test(z == NULL || fair_column_ndistinct(z) != 1 || fair_column_nmissing(z) != 1 ||
	         !fair_column_is_binary(z) == false, "1, missing, 1: one value, one missing");
	fair_column_unref(z);
	free(a);
	free(b);
	free(v);
	free(k);
	free(rows);
	fair_frame_unref(f);
}

/* One evaluation, by one thread and shared by two (20,011 rows in chunks
 * of one block as main() sets them, the last one partial), for all rows
 * and a reversed subset: the same bytes of values, codes, condition bytes and
 * row mask, and the same counts (missing values, distinct values, kept
 * rows), which each thread counts for its part. The missing values of a
 * numeric column are counted while it is written: they must equal a count
 * of its NaNs. */
static void
test_split(void)
{
	enum { M = 20011 };
	static const char *const exprs[] = {
		"a * 2.5 + b - c / 4", "floor(a * 10) + (b > 0.5)", "round(c, 1)", "a > 0.5 and b <= 0.25",
		"not (c > 0) or isna(a)", "cut(a, (0, 0.2, 0.4, 0.6, 0.8, 1))", "k in ('u', 'w')",
		"if(a > 0.5, b, c)", "recode(k, 'u' = 'x', else = 'y')", "coalesce(a, -b)", "isna(c)",
	};
	static const char *const lv[] = { "u", "v", "w" };
	double *a = malloc(M * sizeof *a), *b = malloc(M * sizeof *b), *cc = malloc(M * sizeof *cc);
	const char **k = malloc(M * sizeof *k);
	size_t *rows = malloc(M * sizeof *rows), par = fair__data_expr_par_rows;
	unsigned char *k1 = malloc(M), *k2 = malloc(M);
	uint64_t s = 99;
	fair_error err;
	fair_frame *f = fair_frame_new();

	for (size_t i = 0; i < M; i++) {
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		a[i] = i % 29 == 1 ? NAN : (double)(s >> 11) / 9007199254740992.0;
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		b[i] = (double)(s >> 11) / 9007199254740992.0;
		cc[i] = i % 31 == 2 ? NAN : (double)(int)(b[i] * 4000) / 100 - 20;   /* 4,000 values */
		k[i] = i % 11 == 0 ? NULL : lv[(s >> 7) % 3];
		rows[i] = M - 1 - i;
	}
	add(f, numcol("a", a, M));
	add(f, numcol("b", b, M));
	add(f, numcol("c", cc, M));
	add(f, catcol("k", k, M, lv, 3));
	for (size_t q = 0; q < sizeof exprs / sizeof exprs[0]; q++) {
		fair_expr *e = bound(f, exprs[q]);
		for (int sub = 0; e != NULL && sub < 2; sub++) {
			const size_t *r = sub ? rows : NULL;
			fair_column *c[2];
			size_t nk[2] = { 0, 0 };
			for (int t = 0; t < 2; t++) {
				fair__data_expr_par_rows = t ? 1 : (size_t)-1;
				c[t] = fair_expr_eval(e, "r", r, M, &err);
				memset(t ? k2 : k1, 1, M);
				if (fair_expr_type_of(e) != FAIR_EXPR_CATEGORICAL)
					fair_expr_filter(e, r, M, t ? k2 : k1, &nk[t], &err);
			}
			fair__data_expr_par_rows = par;
			gsl_test(c[0] == NULL || c[1] == NULL, "%s: evaluated", exprs[q]);
			if (c[0] == NULL || c[1] == NULL) {
				fair_column_unref(c[0]);
				fair_column_unref(c[1]);
				continue;
			}
			const char *how = sub ? "reversed rows" : "all rows";
			const unsigned char *b0 = fair_column_bools(c[0]), *b1 = fair_column_bools(c[1]);
			bool differ;
			if (fair_column_type(c[0]) == FAIR_COL_CATEGORICAL)
				differ = fair_column_nlevels(c[0]) != fair_column_nlevels(c[1]) ||
				         memcmp(fair_column_codes(c[0]), fair_column_codes(c[1]), M * sizeof(int32_t)) != 0;
			else if (b0 != NULL || b1 != NULL)
				differ = b0 == NULL || b1 == NULL || memcmp(b0, b1, M) != 0;
			else
				differ = memcmp(fair_column_values(c[0]), fair_column_values(c[1]), M * sizeof(double)) != 0;
			gsl_test(differ, "%s (%s): two threads give the same column", exprs[q], how);
			gsl_test_int((int)fair_column_nmissing(c[1]), (int)fair_column_nmissing(c[0]),
			             "%s (%s): missing values", exprs[q], how);
			gsl_test_int(fair_column_ndistinct_known(c[1]), fair_column_ndistinct_known(c[0]),
			             "%s (%s): the distinct count known or not", exprs[q], how);
			gsl_test_int((int)fair_column_ndistinct(c[1]), (int)fair_column_ndistinct(c[0]),
			             "%s (%s): distinct values", exprs[q], how);
			if (fair_column_type(c[0]) == FAIR_COL_NUMERIC) {
				const double *v = fair_column_values(c[1]);
				size_t nan = 0;
				for (size_t i = 0; i < M; i++)
					nan += isnan(v[i]) != 0;
				gsl_test_int((int)fair_column_nmissing(c[1]), (int)nan, "%s (%s): NaNs counted as written",
				             exprs[q], how);
			}
			if (fair_expr_type_of(e) != FAIR_EXPR_CATEGORICAL) {
				gsl_test(memcmp(k1, k2, M) != 0, "%s (%s): the same row mask", exprs[q], how);
				gsl_test_int((int)nk[1], (int)nk[0], "%s (%s): kept rows", exprs[q], how);
			}
			fair_column_unref(c[0]);
			fair_column_unref(c[1]);
		}
		fair_expr_free(e);
	}
	free(a);
	free(b);
	free(cc);
	free(k);
	free(rows);
	free(k1);
	free(k2);
	fair_frame_unref(f);
}

int
main(void)
{
	fair_frame *f;

	gsl_set_error_handler_off();
	f = toy();
	test_arithmetic(f);
	test_logic(f);
	test_functions(f);
	test_cut_recode(f);
	test_columns(f);
	test_filter(f);
	test_type_errors(f);
	test_names(f);
	test_parse_errors();
	test_printing();
	test_sql();
	test_hostile(f);
	test_caret();
	test_blocks();
	test_bool_columns();
	test_fused_cmp();
	/* the same with every evaluation of 10,000 rows shared by two
	 * threads in chunks of one block (the default: a million rows, in
	 * chunks of 262,144): the values, the kept rows, the missing and
	 * distinct counts must not change */
	size_t par = fair__data_expr_par_rows, chunk = fair__data_expr_chunk_rows;
	fair__data_expr_par_rows = 1;
	fair__data_expr_chunk_rows = 4096;
	test_blocks();
	test_bool_columns();
	test_fused_cmp();
	test_split();
	fair__data_expr_par_rows = par;
	fair__data_expr_chunk_rows = chunk;
	fair_frame_unref(f);
	test_compas();
	return fair_test_data_status(gsl_test_summary());
}
