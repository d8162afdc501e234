/* csv-frame.c -- the end of a CSV load: a two-thread variant of the row pass
 * for large inputs without quotes (the halves are merged so the result is
 * the same as one pass), then distinct counts and frame construction. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/csv.h"
#include "data/data-private.h"

#define PAR_MIN_BYTES ((size_t)4 << 20)   /* smaller inputs: one thread */

typedef struct half_job {
	ctx        *c;
	const char *start;
	int         rc;
} half_job;

static void *
half_run(void *arg)
{
	half_job *job = arg;

	job->rc = fair__data_csv_run_rows(job->c, job->start, false, 0);
	return NULL;
}

static void
release_worker(ctx *b)
{
	if (b->cols != NULL)
		for (size_t j = 0; j < b->ncols; j++) {
			free(b->cols[j].vals);
			free(b->cols[j].codes);
			fair__data_csv_dict_release(&b->cols[j].dict);
		}
	free(b->cols);
	free(b->sp);
	free(b->scratch);
	if (b->loc != (locale_t)0)
		freelocale(b->loc);
}

/* Appends the rows of @b to @a. Returns FAIR_OK, an error, or -1 when a
 * column's earlier numbers would need their text (serial pass instead). */
static int
merge(ctx *a, ctx *b)
{
	size_t na = a->nrows, nb = b->nrows;

	for (size_t j = 0; j < a->ncols; j++) {
		col_state *x = &a->cols[j], *y = &b->cols[j];
		bool xt = x->cat ? !x->refill : x->nparsed == 0;
		bool yt = y->cat ? !y->refill : y->nparsed == 0;
		if (!x->cat && !y->cat) {
			memcpy(x->vals + na, y->vals, nb * sizeof *x->vals);
			free(y->vals);   /* keeps the peak near one copy of the data */
			y->vals = NULL;
			x->nparsed += y->nparsed;
			x->ninf += y->ninf;
			continue;
		}
		if (!xt || !yt)
			return -1;
	}
	for (size_t j = 0; j < a->ncols; j++) {
		col_state *x = &a->cols[j], *y = &b->cols[j];
		int32_t *map;
		if (!x->cat && !y->cat)
			continue;
		if (!x->cat && fair__data_csv_flip(a, x, na) != FAIR_OK)
			return a->err->code;
		if (!y->cat) {
			for (size_t i = 0; i < nb; i++)
				x->codes[na + i] = -1;
			continue;
		}
		map = malloc((y->dict.n ? y->dict.n : 1) * sizeof *map);
		if (map == NULL)
			return fair__data_csv_oom(a);
		for (size_t k = 0; k < y->dict.n; k++)
			if (fair__data_csv_intern(a, x, fair__data_csv_dict_str(&y->dict, k), y->dict.lv[k].len,
			                     &map[k]) != FAIR_OK) {
				free(map);
				return a->err->code;
			}
		for (size_t i = 0; i < nb; i++)
			x->codes[na + i] = y->codes[i] >= 0 ? map[y->codes[i]] : -1;
		free(map);
		free(y->codes);
		y->codes = NULL;
	}
	if (a->nskipped == 0)
		a->first_skipped_line = b->first_skipped_line;
	a->nskipped += b->nskipped;
	a->nrows = na + nb;
	return FAIR_OK;
}

/* Puts @c back to the state before the row pass. */
static int
reset(ctx *c, size_t estimate)
{
	for (size_t j = 0; j < c->ncols; j++) {
		col_state *col = &c->cols[j];
		free(col->vals);
		free(col->codes);
		fair__data_csv_dict_release(&col->dict);
		col->vals = malloc((c->rows_cap ? c->rows_cap : 1) * sizeof *col->vals);
		col->codes = NULL;
		col->cat = col->refill = false;
		col->nparsed = col->flip_row = col->ninf = 0;
		if (col->vals == NULL)
			return fair__data_csv_oom(c);
	}
	c->nrows = c->nskipped = c->first_skipped_line = 0;
	c->estimate = estimate;
	c->dropped = 0;
	return -1;
}

int
fair__data_csv_run_rows_2(ctx *c, const char *rows)
{
	const char *mid, *nl, *end = c->end, *last_nl = c->last_nl;
	size_t estimate = c->estimate;
	ctx b;
	half_job job;
	pthread_t th;
	int rc;

	if (c->has_quote || (size_t)(end - rows) < PAR_MIN_BYTES)
		return -1;
	mid = rows + (end - rows) / 2;
	nl = memchr(mid, '\n', (size_t)(end - mid));
	if (nl == NULL || nl + 1 >= end)
		return -1;
	b = *c;
	b.worker = true;
	b.cols = calloc(c->ncols, sizeof *b.cols);
	b.sp = malloc(c->spcap * sizeof *b.sp);
	b.scratch = NULL;
	b.slen = b.scap = 0;
	b.nabuf = NULL;
	b.loc = (locale_t)0;
	b.err = &b.local;
	b.nrows = b.nskipped = b.first_skipped_line = 0;
	b.dropped = b.map ? ((size_t)(nl + 1 - b.map) & ~(size_t)4095) : 0;
	if (b.cols == NULL || b.sp == NULL)
		goto nomem;
	for (size_t j = 0; j < c->ncols; j++) {
		b.cols[j].name = c->cols[j].name;   /* borrowed */
		if ((b.cols[j].vals = malloc((c->rows_cap ? c->rows_cap : 1) * sizeof(double))) == NULL)
			goto nomem;
	}
	job = (half_job){ &b, nl + 1, FAIR_OK };
	if (pthread_create(&th, NULL, half_run, &job) != 0) {
		release_worker(&b);
		return -1;
	}
	c->end = nl + 1;
	c->last_nl = nl;
	rc = fair__data_csv_run_rows(c, rows, false, 0);
	pthread_join(th, NULL);
	c->end = end;
	c->last_nl = last_nl;
	if (rc == FAIR_OK && job.rc != FAIR_OK) {
		*c->err = b.local;
		rc = job.rc;
	}
	if (rc == FAIR_OK) {
		rc = merge(c, &b);
		if (rc == -1)
			rc = reset(c, estimate);
	}
	release_worker(&b);
	return rc;
nomem:
	release_worker(&b);
	return fair__data_csv_oom(c);
}

/* Distinct counts of the numeric columns up to 4,096 (more: counted on
 * first use, fair_column_ndistinct), shared by two threads: the worker
 * takes odd-numbered numeric columns, the caller the even ones. */
typedef struct nd_job {
	const ctx *c;
	long long *nd;
	int parity;
} nd_job;

static void *
nd_run(void *arg)
{
	nd_job *job = arg;
	size_t k = 0;

	for (size_t j = 0; j < job->c->ncols; j++) {
		const col_state *col = &job->c->cols[j];
		if (col->cat)
			continue;
		if ((int)(k++ % 2) == job->parity)
			job->nd[j] = fair__data_csv_count_distinct(col->vals, job->c->nrows, 4096);
	}
	return NULL;
}

static int
count_distinct(const ctx *c, long long *nd)
{
	nd_job a = { c, nd, 0 }, b = { c, nd, 1 };
	pthread_t th;
	bool threaded = c->nrows >= 100000 && pthread_create(&th, NULL, nd_run, &b) == 0;

	nd_run(&a);
	if (threaded)
		pthread_join(th, NULL);
	else
		nd_run(&b);
	for (size_t j = 0; j < c->ncols; j++)
		if (!c->cols[j].cat && nd[j] == -1)
			return -1;
	return 0;
}

fair_frame *
fair__data_csv_build_frame(ctx *c)
{
	fair_frame *f = fair_frame_new();
	long long *nds = calloc(c->ncols, sizeof *nds);

	if (f == NULL || nds == NULL) {
		free(nds);
		fair_frame_unref(f);
		fair__data_csv_oom(c);
		return NULL;
	}
	for (size_t j = 0; j < c->ncols; j++) {
		col_state *col = &c->cols[j];
		double *v;
		if (!col->cat && (v = realloc(col->vals, (c->nrows ? c->nrows : 1) * sizeof *v)) != NULL)
			col->vals = v;
	}
	if (count_distinct(c, nds) < 0)
		goto nomem;
	for (size_t j = 0; j < c->ncols; j++) {
		col_state *col = &c->cols[j];
		size_t n = c->nrows;
		fair_column *fc;
		if (!col->cat) {
			fc = fair_column_new_numeric_nd(col->name, col->vals, n,
			                                nds[j] == FAIR__DATA_CSV_ND_MANY ? FAIR_NDISTINCT_MANY : (size_t)nds[j],
			                                c->err);
			col->vals = NULL;
		} else {
			int32_t *k = realloc(col->codes, n * sizeof *k);
			char **lv = fair__data_csv_dict_levels(&col->dict);
			if (k != NULL)
				col->codes = k;
			if (lv == NULL)
				goto nomem;
			fc = fair_column_new_categorical(col->name, col->codes, n, lv, col->dict.n, c->err);
			col->codes = NULL;
			fair__data_csv_dict_release(&col->dict);
		}
		if (fc == NULL)
			goto fail;
		if (fair_frame_add_column(f, fc, c->err) != FAIR_OK) {
			fair_column_unref(fc);
			goto fail;
		}
		fair_column_unref(fc);
	}
	free(nds);
	return f;
nomem:
	fair__data_csv_oom(c);
fail:
	free(nds);
	fair_frame_unref(f);
	return NULL;
}

