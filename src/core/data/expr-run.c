/* expr-run.c -- the front doors of a bound expression: fair_expr_eval (a
 * new column: doubles, level codes, or one byte a row for a condition),
 * fair_expr_eval_values and fair_expr_filter. An evaluation of many rows
 * is shared by two threads, each running the block program (expr-eval.c)
 * over the chunks of rows it takes; what they count (distinct values,
 * missing values, zeros and ones, kept rows) is added up afterwards, so
 * the result does not depend on who did which chunk. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "data/data-private.h"

/* A thread costs about 50 us to start: below a million rows (about 2 ms
 * of work) one thread does it all. */
size_t fair__data_expr_par_rows = (size_t)1 << 20;

/* Chunks of rows handed out to the two threads as they come for more:
 * on a busy machine, where the second thread may wait long for a CPU, the
 * first does nearly all of them instead of waiting for half. */
size_t fair__data_expr_chunk_rows = (size_t)64 * XBLOCK;

typedef struct xpart {
	const fair_expr *e;
	const size_t    *rows;
	size_t           nrows, chunk;
	atomic_size_t   *next;     /* the first row of the next chunk */
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
	size_t lo, k;

	p->rc = FAIR_OK;
	while (p->rc == FAIR_OK && (lo = atomic_fetch_add(p->next, p->chunk)) < p->nrows) {
		size_t hi = p->nrows - lo < p->chunk ? p->nrows : lo + p->chunk;
		k = 0;
		p->rc = fair__data_expr_run(p->e, p->rows, lo, hi, p->mode, p->dst, p->dist, &k, &p->err);
		p->kept += k;
	}
	return NULL;
}

/* The whole evaluation, in chunks of fair__data_expr_chunk_rows taken by this thread and
 * a second one; what each counts is added up at the end. */
static int
xrun(const fair_expr *e, const size_t *rows, size_t nrows, int mode, void *dst, xdist *dist,
     size_t *nkept, fair_error *err)
{
	atomic_size_t next;
	xpart part[2];
	pthread_t th;
	size_t chunk = fair__data_expr_chunk_rows / XBLOCK * XBLOCK;

	if (nrows < fair__data_expr_par_rows || chunk == 0 || nrows <= chunk)
		return fair__data_expr_run(e, rows, 0, nrows, mode, dst, dist, nkept, err);
	atomic_init(&next, 0);
	memset(part, 0, sizeof part);
	for (int t = 0; t < 2; t++) {
		part[t].e = e;
		part[t].rows = rows;
		part[t].nrows = nrows;
		part[t].chunk = chunk;
		part[t].next = &next;
		part[t].mode = mode;
		part[t].dst = dst;
	}
	part[0].dist = dist;
	if (dist != NULL && (part[1].dist = calloc(1, sizeof *part[1].dist)) == NULL)
		return fair__data_expr_run(e, rows, 0, nrows, mode, dst, dist, nkept, err);
	/* the doubles of a boolean operand are made once, before the threads
	 * read them (fair_column_values is safe but would make them twice) */
	for (size_t k = 0; k < e->ncols; k++)
		if (fair_column_type(e->cols[k]) == FAIR_COL_NUMERIC)
			(void)fair_column_values(e->cols[k]);
	if (pthread_create(&th, NULL, part_run, &part[1]) != 0) {
		free(part[1].dist);
		return fair__data_expr_run(e, rows, 0, nrows, mode, dst, dist, nkept, err);
	}
	part_run(&part[0]);
	pthread_join(th, NULL);
	if (dist != NULL)
		fair__data_expr_dist_merge(dist, part[1].dist);
	free(part[1].dist);
	if (nkept != NULL)
		*nkept = part[0].kept + part[1].kept;
	for (int t = 0; t < 2; t++)
		if (part[t].rc != FAIR_OK) {
			if (err != NULL)
				*err = part[t].err;
			return part[t].rc;
		}
	return FAIR_OK;
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
