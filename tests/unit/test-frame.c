/* test-frame.c -- columns and frames: construction, counts, sharing. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/frame.h"

static double *
dup_d(const double *v, size_t n)
{
	double *p = malloc(n * sizeof *p);
	memcpy(p, v, n * sizeof *p);
	return p;
}

int
main(void)
{
	fair_error err;
	const double v[5] = { 2.385, NAN, 2.385, -1.5, 7.0 };
	fair_column *a = fair_column_new_numeric("a", dup_d(v, 5), 5, &err);
	int32_t *codes = malloc(5 * sizeof *codes);
	char **lv = malloc(2 * sizeof *lv);
	char cell[64];

	gsl_set_error_handler_off();
	codes[0] = 0; codes[1] = 1; codes[2] = -1; codes[3] = 1; codes[4] = 1;
	lv[0] = strdup("Female"); lv[1] = strdup("Male");
	fair_column *b = fair_column_new_categorical("sex", codes, 5, lv, 2, &err);
	gsl_test(a == NULL || b == NULL, "columns built");
	gsl_test_int((int)fair_column_nmissing(a), 1, "numeric missing count");
	gsl_test_int((int)fair_column_ndistinct(a), 3, "numeric distinct count");
	gsl_test_int((int)fair_column_nmissing(b), 1, "categorical missing count");
	gsl_test_int(fair_column_is_binary(b), 1, "two levels is binary");
	gsl_test_int((int)fair_column_level_index(b, "Male"), 1, "level index");
	gsl_test_int((int)fair_column_level_index(b, "male"), -1, "level index is case-sensitive");
	gsl_test_str(fair_column_cell(a, 0, cell, sizeof cell), "2.385", "numeric cell text");
	gsl_test_str(fair_column_cell(a, 1, cell, sizeof cell), "", "missing cell text");
	gsl_test_str(fair_column_cell(b, 3, cell, sizeof cell), "Male", "categorical cell text");

	fair_frame *f = fair_frame_new();
	gsl_test_int(fair_frame_add_column(f, a, &err), FAIR_OK, "add a");
	gsl_test_int(fair_frame_add_column(f, b, &err), FAIR_OK, "add sex");
	gsl_test_int(fair_frame_add_column(f, a, &err), FAIR_EINVAL, "duplicate name refused");
	gsl_test_str(err.msg, "duplicate column name 'a'", "duplicate message");
	fair_column *short_col = fair_column_new_numeric("s", dup_d(v, 3), 3, &err);
	gsl_test_int(fair_frame_add_column(f, short_col, &err), FAIR_EINVAL, "length mismatch refused");
	gsl_test_int((int)fair_frame_nrows(f), 5, "nrows");
	gsl_test_int((int)fair_frame_ncols(f), 2, "ncols");
	gsl_test_int((int)fair_frame_find(f, "sex"), 1, "find sex");

	fair_column *c = fair_column_new_numeric("a", dup_d(v, 5), 5, &err);
	fair_frame *g = fair_frame_with_column(f, c, &err);
	gsl_test_int((int)fair_frame_ncols(g), 2, "with_column replaces same name");
	gsl_test(fair_frame_column(g, 0) != c, "replaced column is the new one");
	gsl_test(fair_frame_column(g, 1) != b, "other column shared, not copied");
	fair_frame *h = fair_frame_with_column(f, short_col, &err);
	gsl_test(h != NULL, "with_column refuses length mismatch");

	fair_frame_unref(g);
	fair_frame_unref(f);
	fair_column_unref(a);
	fair_column_unref(b);
	fair_column_unref(c);
	fair_column_unref(short_col);
	return gsl_test_summary();
}
