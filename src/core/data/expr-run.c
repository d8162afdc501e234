/* expr-run.c -- the front doors of a bound expression: fair_expr_eval (a
 * new column: doubles, level codes, or one byte a row for a condition),
 * fair_expr_eval_values and fair_expr_filter. An evaluation of many rows
 * is split between two threads, each running the block program
 * (expr-eval.c) over its half; what they count (distinct values, missing
 * values, zeros and ones, kept rows) is added up afterwards, so the result
 * does not depend on the split. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "data/data-private.h"

/* A thread costs about 50 us to start: below a million rows (about 2 ms
 * of work) one thread does it all. */
size_t fair__data_expr_par_rows = (size_t)1 << 20;

typedef struct xpart {
	const fair_expr *e;
	const size_t    *rows;
	size_t           lo, hi;
	int              mode;
	void            *dst;
	xdist           *dist;
	size_t           kept;
	int              rc;
	fair_error       err;
} xpart;

static void *
part_run(void *arg)
{
	xpart *p = arg;

	p->rc = fair__data_expr_run(p->e, p->rows, p->lo, p->hi, p->mode, p->dst, p->dist, &p->kept,
	                            &p->err);
	return NULL;
}

/* The whole evaluation: rows [0, mid) here, [mid, nrows) in a second
 * thread, mid a multiple of XBLOCK (the blocks are those of one thread). */
static int
xrun(const fair_expr *e, const size_t *rows, size_t nrows, int mode, void *dst, xdist *dist,
     size_t *nkept, fair_error *err)
{
	size_t mid = nrows / 2 / XBLOCK * XBLOCK, kept = 0;
	xpart up;
	pthread_t th;
	int rc;

	if (nrows < fair__data_expr_par_rows || mid == 0)
		return fair__data_expr_run(e, rows, 0, nrows, mode, dst, dist, nkept, err);
	memset(&up, 0, sizeof up);
	up.e = e;
	up.rows = rows;
	up.lo = mid;
	up.hi = nrows;
	up.mode = mode;
	up.dst = dst;
	if (dist != NULL && (up.dist = calloc(1, sizeof *up.dist)) == NULL)
		return fair__data_expr_run(e, rows, 0, nrows, mode, dst, dist, nkept, err);
	/* the doubles of a boolean operand are made once, before the threads
	 * read them (fair_column_values is safe but would make them twice) */
	for (size_t k = 0; k < e->ncols; k++)
		if (fair_column_type(e->cols[k]) == FAIR_COL_NUMERIC)
			(void)fair_column_values(e->cols[k]);
	if (pthread_create(&th, NULL, part_run, &up) != 0) {
		free(up.dist);
		return fair__data_expr_run(e, rows, 0, nrows, mode, dst, dist, nkept, err);
	}
	rc = fair__data_expr_run(e, rows, 0, mid, mode, dst, dist, &kept, err);
	pthread_join(th, NULL);
	if (rc == FAIR_OK && up.rc != FAIR_OK) {
		rc = up.rc;
		if (err != NULL)
			*err = up.err;
	}
	if (dist != NULL)
		fair__data_expr_dist_merge(dist, up.dist);
	free(up.dist);
	if (nkept != NULL)
		*nkept = kept + up.kept;
	return rc;
}

/* An output array of @bytes, advised to use transparent huge pages (80 MB
 * in 40 page faults instead of 20,000; numpy does the same for its
 * arrays). Up to 32 MB from malloc, as numpy's: glibc keeps freed blocks
 * of that size in its heap, so a column made again where one was freed
 * takes no page fault at all, where a block aligned to 2 MB was mapped
 * and zeroed afresh each time (400 faults, 1.5 ms for 10 MB). Larger
 * ones, mapped in any case, aligned to 2 MB. Freed with free(). */
static void *
big_alloc(size_t bytes)
{
	void *p = NULL;

	if (bytes < ((size_t)4 << 20))
		return malloc(bytes ? bytes : 1);
	if (bytes < ((size_t)32 << 20)) {
		if ((p = malloc(bytes)) == NULL)
			return NULL;
	} else if (posix_memalign(&p, (size_t)2 << 20, bytes) != 0) {
		return NULL;
	}
#ifdef MADV_HUGEPAGE
	/* the whole pages inside the block */
	uintptr_t lo = ((uintptr_t)p + 4095) & ~(uintptr_t)4095, hi = ((uintptr_t)p + bytes) & ~(uintptr_t)4095;
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#endif
	return p;
}

static int
check_rows(const fair_expr *e, const size_t *rows, size_t nrows, fair_error *err)
{
	if (e->bound != 2)
		return fair_error_set(err, FAIR_EINVAL, "expression '%.60s' is not bound to data", e->text);
	if (rows == NULL && nrows > e->nrows)
		return fair_error_set(err, FAIR_EINVAL, "%zu rows asked, the data has %zu", nrows, e->nrows);
	for (size_t i = 0; rows != NULL && i < nrows; i++)
		if (rows[i] >= e->nrows)
			return fair_error_set(err, FAIR_EINVAL, "row %zu out of range (%zu rows)", rows[i], e->nrows);
	return FAIR_OK;
}

static fair_column *
eval_cat(const fair_expr *e, const char *name, const size_t *rows, size_t nrows, fair_error *err)
{
	int32_t *codes = big_alloc(nrows * sizeof *codes);
	size_t *newc = calloc(e->nlevels + 1, sizeof *newc), nused = 0;
	char **lv = NULL;

	if (codes == NULL || newc == NULL || xrun(e, rows, nrows, XR_CODES, codes, NULL, NULL, err) != FAIR_OK)
		goto fail;
	/* keep the levels that occur, in the expression's order */
	for (size_t i = 0; i < nrows; i++)
		if (codes[i] >= 0)
			newc[codes[i]] = 1;
	for (size_t k = 0; k < e->nlevels; k++)
		newc[k] = newc[k] ? ++nused : 0;
	if ((lv = calloc(nused ? nused : 1, sizeof *lv)) == NULL)
		goto fail;
	for (size_t k = 0; k < e->nlevels; k++)
		if (newc[k] && (lv[newc[k] - 1] = strdup(e->levels[k])) == NULL)
			goto fail;
	if (nused < e->nlevels)
		for (size_t i = 0; i < nrows; i++)
			codes[i] = codes[i] >= 0 ? (int32_t)newc[codes[i]] - 1 : -1;
	free(newc);
	return fair_column_new_categorical(name, codes, nrows, lv, nused, err);
fail:
	if (err != NULL && err->code == FAIR_OK)
		fair_error_set(err, FAIR_ENOMEM, "out of memory (%zu rows)", nrows);
	if (codes == NULL || newc == NULL || lv == NULL)
		fair_error_set(err, FAIR_ENOMEM, "out of memory (%zu rows)", nrows);
	for (size_t k = 0; lv != NULL && k < nused; k++)
		free(lv[k]);
	free(lv);
	free(newc);
	free(codes);
	return NULL;
}

fair_column *
fair_expr_eval(const fair_expr *e, const char *name, const size_t *rows, size_t nrows, fair_error *err)
{
	bool cond;
	void *out;
	xdist *d;
	fair_column *c;

	if (check_rows(e, rows, nrows, err) != FAIR_OK)
		return NULL;
	if (e->type == T_CAT)
		return eval_cat(e, name, rows, nrows, err);
	/* a condition: one byte a row, as numpy's bool arrays; a number: a
	 * double, its missing values and distinct values counted as written */
	cond = e->type == T_BOOL;
	out = big_alloc(cond ? nrows : nrows * sizeof(double));
	d = calloc(1, sizeof *d);
	if (out == NULL || d == NULL) {
		free(out);
		free(d);
		fair_error_set(err, FAIR_ENOMEM, "out of memory (%zu rows)", nrows);
		return NULL;
	}
	if (xrun(e, rows, nrows, cond ? XR_BOOL : XR_VALUES, out, d, NULL, err) != FAIR_OK) {
		free(out);
		free(d);
		return NULL;
	}
	if (cond)
		c = fair__data_column_new_bool(name, out, nrows, d->n0, d->n1, err);
	else
		/* more than XDIST_MAX values: the exact count is left to the first
		 * caller that needs it (describe), so a derived column costs one pass */
		c = fair__data_column_new_numeric_counted(name, out, nrows, d->over ? FAIR_NDISTINCT_MANY : d->n,
		                                          d->nnan, err);
	free(d);
	return c;
}

int
fair_expr_eval_values(const fair_expr *e, const size_t *rows, size_t nrows, double *out,
                      fair_error *err)
{
	int rc;

	if ((rc = check_rows(e, rows, nrows, err)) != FAIR_OK)
		return rc;
	if (e->type != T_CAT)
		return xrun(e, rows, nrows, XR_VALUES, out, NULL, NULL, err);
	int32_t *codes = malloc((nrows ? nrows : 1) * sizeof *codes);
	if (codes == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory (%zu rows)", nrows);
	if ((rc = xrun(e, rows, nrows, XR_CODES, codes, NULL, NULL, err)) == FAIR_OK)
		for (size_t i = 0; i < nrows; i++)
			out[i] = codes[i] < 0 ? NAN : codes[i];
	free(codes);
	return rc;
}

int
fair_expr_filter(const fair_expr *e, const size_t *rows, size_t nrows, unsigned char *keep,
                 size_t *nkept, fair_error *err)
{
	int rc;

	if ((rc = check_rows(e, rows, nrows, err)) != FAIR_OK)
		return rc;
	if (e->type == T_CAT)
		return fair_error_set(err, FAIR_EINVAL,
		                      "a filter needs a condition, but '%.60s' is categorical "
		                      "(compare it: x == 'value')", e->text);
	return xrun(e, rows, nrows, XR_KEEP, keep, NULL, nkept, err);
}
