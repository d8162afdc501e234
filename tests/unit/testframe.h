/* testframe.h -- building small frames by hand in the unit tests: a
 * numeric column from @n values, a categorical one from codes into levels
 * (-1 missing). A column that cannot be made or added fails the test
 * (gsl_test). Header only. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_TESTFRAME_H
#define FAIRSH_TESTFRAME_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_test.h>

#include "fairsh/frame.h"

/* A numeric column @name of @n rows with the values @v. */
static inline void
add_num(fair_frame *f, const char *name, const double *v, size_t n)
{
	fair_error err;
	double *x = malloc(n * sizeof *x);
	memcpy(x, v, n * sizeof *x);
	fair_column *c = fair_column_new_numeric(name, x, n, &err);
	gsl_test(c == NULL || fair_frame_add_column(f, c, &err) != FAIR_OK, "column %s: %s", name, err.msg);
	fair_column_unref(c);
}

/* A text column of @n rows with codes @codes into the levels @lv (@nl). */
static inline void
add_cat(fair_frame *f, const char *name, const int32_t *codes, size_t n, const char *const *lv, size_t nl)
{
	fair_error err;
	int32_t *k = malloc(n * sizeof *k);
	char **l = malloc(nl * sizeof *l);
	memcpy(k, codes, n * sizeof *k);
	for (size_t i = 0; i < nl; i++)
		l[i] = strdup(lv[i]);
	fair_column *c = fair_column_new_categorical(name, k, n, l, nl, &err);
	gsl_test(c == NULL || fair_frame_add_column(f, c, &err) != FAIR_OK, "column %s: %s", name, err.msg);
	fair_column_unref(c);
}

#endif
