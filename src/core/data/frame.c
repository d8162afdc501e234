/* frame.c -- reference-counted columns and frames (see frame.h). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/mman.h>

#include "base/base-private.h"   /* FAIR_CLONES */
#include "data/data-private.h"   /* fair__data_column_new_bool */

struct fair_column {
	atomic_int   refs;
	char        *name;
	fair_coltype type;
	size_t       n;
	size_t       nmissing;
	atomic_size_t ndistinct;  /* FAIR_NDISTINCT_MANY: not counted yet (more than 4,096) */
	double      *values;    /* numeric */
	/* a boolean column (derived conditions): one byte a row, 0, 1 or
	 * FAIR_BOOL_MISSING; its doubles are made on the first
	 * fair_column_values and kept (several threads may ask at once: the
	 * first to finish installs its copy, the others free theirs) */
	unsigned char *bools;
	_Atomic(double *) lazy;
	int32_t     *codes;     /* categorical */
	char       **levels;
	size_t       nlevels;
};

struct fair_frame {
	atomic_int    refs;
	size_t        nrows;
	size_t        ncols, cap;
	fair_column **cols;
};

/* 0 and 1 as they are, FAIR_BOOL_MISSING as NaN */
FAIR_CLONES static void
bool_to_double(double *restrict v, const unsigned char *restrict b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		v[i] = b[i] == FAIR_BOOL_MISSING ? NAN : (double)b[i];
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Number of distinct non-NaN values of @v (-0 and 0 are one), -1 when out
 * of memory (the lazy count of FAIR_NDISTINCT_MANY columns). The values are scattered by a hash of their bits into buckets
 * of about 2,048 (equal values share a bucket), and each bucket, small
 * enough for the cache, is counted with an open-addressing set: three
 * sequential passes, where a radix sort of 64-bit keys needs six scatters. */
static long long
count_distinct(const double *v, size_t n)
{
	const uint64_t K = 0x9E3779B97F4A7C15ull;
	unsigned lb = 0;
	size_t nb, *start = NULL, *pos = NULL, cap = 4096;
	uint64_t *tmp = NULL, *set = NULL;
	long long nd = 0;

	while (((size_t)1 << lb) * 2048 < n && lb < 20)
		lb++;
	nb = (size_t)1 << lb;
	start = calloc(nb + 1, sizeof *start);
	pos = malloc(nb * sizeof *pos);
	tmp = malloc((n ? n : 1) * sizeof *tmp);
	set = malloc(cap * sizeof *set);
	if (start == NULL || pos == NULL || tmp == NULL || set == NULL) {
		nd = -1;
		goto out;
	}
#define KEY(x, u) do { double y_ = (x) == 0 ? 0.0 : (x); memcpy(&(u), &y_, sizeof (u)); } while (0)
#define BUCKET(u) (lb ? (size_t)(((u) * K) >> (64 - lb)) : 0)
	for (size_t i = 0; i < n; i++) {
		uint64_t u;
		if (v[i] != v[i])
			continue;
		KEY(v[i], u);
		start[BUCKET(u) + 1]++;
	}
	for (size_t b = 0; b < nb; b++)
		start[b + 1] += start[b];
	memcpy(pos, start, nb * sizeof *pos);
	for (size_t i = 0; i < n; i++) {
		uint64_t u;
		if (v[i] != v[i])
			continue;
		KEY(v[i], u);
		tmp[pos[BUCKET(u)]++] = u;
	}
	for (size_t b = 0; b < nb; b++) {
		size_t m = start[b + 1] - start[b], used = 0;
		/* a NaN pattern marks an empty slot: the keys are never NaN */
		const uint64_t empty = 0x7FF8000000000001ull;
		while (cap < 2 * m && cap < 2 * 65536) {
			uint64_t *t = realloc(set, 2 * cap * sizeof *t);
			if (t == NULL) {
				nd = -1;
				goto out;
			}
			set = t;
			cap *= 2;
		}
		size_t c = 16;
		while (c < 2 * m && c < cap)
			c *= 2;
		for (size_t j = 0; j < c; j++)
			set[j] = empty;
		for (size_t i = start[b]; i < start[b + 1]; i++) {
			uint64_t u = tmp[i], h = (u ^ (u >> 31)) * K;
			size_t j = (size_t)(h >> 40) & (c - 1);
			while (set[j] != empty && set[j] != u)
				j = (j + 1) & (c - 1);
			if (set[j] == u)
				continue;
			set[j] = u;
			if (++used * 2 > c) {
				/* a bucket with more distinct values than the table allows:
				 * grow it (a skewed bucket of many copies never gets here) */
				size_t c2 = c * 2;
				if (c2 > cap) {
					uint64_t *t = realloc(set, c2 * sizeof *t);
					if (t == NULL) {
						nd = -1;
						goto out;
					}
					set = t;
					cap = c2;
				}
				uint64_t *old = malloc(c * sizeof *old);
				if (old == NULL) {
					nd = -1;
					goto out;
				}
				memcpy(old, set, c * sizeof *old);
				for (size_t k = 0; k < c2; k++)
					set[k] = empty;
				for (size_t k = 0; k < c; k++) {
					if (old[k] == empty)
						continue;
					uint64_t w = old[k], g = (w ^ (w >> 31)) * K;
					size_t q = (size_t)(g >> 40) & (c2 - 1);
					while (set[q] != empty)
						q = (q + 1) & (c2 - 1);
					set[q] = w;
				}
				free(old);
				c = c2;
			}
		}
		nd += (long long)used;
	}
#undef KEY
#undef BUCKET
out:
	free(start);
	free(pos);
	free(tmp);
	free(set);
	return nd;
}

static void
free_levels(char **levels, size_t nlevels)
{
	if (levels == NULL)
		return;
	for (size_t k = 0; k < nlevels; k++)
		free(levels[k]);
	free(levels);
}

fair_column *
fair_column_new_numeric(const char *name, double *values, size_t n, fair_error *err)
{
	fair_column *c = calloc(1, sizeof *c);
	double *tmp = NULL;
	size_t m = 0, nd = 0;

	if (c == NULL || (c->name = strdup(name)) == NULL)
		goto nomem;
	atomic_init(&c->refs, 1);
	c->type = FAIR_COL_NUMERIC;
	c->n = n;
	c->values = values;
	tmp = malloc((n ? n : 1) * sizeof *tmp);
	if (tmp == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		if (isnan(values[i]))
			c->nmissing++;
		else
			tmp[m++] = values[i];
	}
	qsort(tmp, m, sizeof *tmp, cmp_double);
	for (size_t i = 0; i < m; i++)
		if (i == 0 || tmp[i] != tmp[i - 1])
			nd++;
	atomic_init(&c->ndistinct, nd);
	free(tmp);
	return c;
nomem:
	free(tmp);
	if (c != NULL)
		free(c->name);
	free(c);
	free(values);
	fair_error_set(err, FAIR_ENOMEM, "column '%s': out of memory", name);
	return NULL;
}

fair_column *
fair_column_new_categorical(const char *name, int32_t *codes, size_t n,
                            char **levels, size_t nlevels, fair_error *err)
{
	fair_column *c = calloc(1, sizeof *c);
	unsigned char *seen = NULL;
	size_t nd = 0;

	if (c == NULL || (c->name = strdup(name)) == NULL)
		goto nomem;
	seen = calloc(nlevels ? nlevels : 1, 1);
	if (seen == NULL)
		goto nomem;
	atomic_init(&c->refs, 1);
	c->type = FAIR_COL_CATEGORICAL;
	c->n = n;
	c->codes = codes;
	c->levels = levels;
	c->nlevels = nlevels;
	for (size_t i = 0; i < n; i++) {
		if (codes[i] < 0) {
			c->nmissing++;
		} else if ((size_t)codes[i] >= nlevels) {
			free(seen);
			fair_error_set(err, FAIR_EINVAL, "column '%s': code %ld out of range",
			               name, (long)codes[i]);
			goto fail;
		} else if (!seen[codes[i]]) {
			seen[codes[i]] = 1;
			nd++;
		}
	}
	atomic_init(&c->ndistinct, nd);
	free(seen);
	return c;
nomem:
	free(seen);
	fair_error_set(err, FAIR_ENOMEM, "column '%s': out of memory", name);
fail:
	if (c != NULL)
		free(c->name);
	free(c);
	free(codes);
	free_levels(levels, nlevels);
	return NULL;
}

fair_column *
fair_column_ref(fair_column *c)
{
	atomic_fetch_add(&c->refs, 1);
	return c;
}

void
fair_column_unref(fair_column *c)
{
	if (c == NULL || atomic_fetch_sub(&c->refs, 1) != 1)
		return;
	free(c->name);
	free(c->values);
	free(c->bools);
	free(atomic_load(&c->lazy));
	free(c->codes);
	free_levels(c->levels, c->nlevels);
	free(c);
}

const char *fair_column_name(const fair_column *c) { return c->name; }
fair_coltype fair_column_type(const fair_column *c) { return c->type; }
size_t fair_column_length(const fair_column *c) { return c->n; }
size_t fair_column_nmissing(const fair_column *c) { return c->nmissing; }

size_t
fair_column_ndistinct(const fair_column *c)
{
	size_t nd = atomic_load_explicit(&c->ndistinct, memory_order_relaxed);
	long long k;

	if (nd != FAIR_NDISTINCT_MANY)
		return nd;
	/* counted once, on first use; two threads asking at once count twice
	 * and store the same number. Out of memory: the number of values, an
	 * upper bound, not stored. */
	if ((k = count_distinct(c->values, c->n)) < 0)
		return c->n - c->nmissing;
	atomic_store_explicit(&((fair_column *)c)->ndistinct, (size_t)k, memory_order_relaxed);
	return (size_t)k;
}

bool
fair_column_ndistinct_known(const fair_column *c)
{
	return atomic_load_explicit(&c->ndistinct, memory_order_relaxed) != FAIR_NDISTINCT_MANY;
}

bool
fair_column_is_binary(const fair_column *c)
{
	return atomic_load_explicit(&c->ndistinct, memory_order_relaxed) == 2;   /* MANY is not 2 */
}

/* The doubles of a boolean column, made once (see struct fair_column). The
 * big array is aligned and advised to use huge pages as the expression
 * engine's are. NULL only when out of memory. */
static const double *
bool_values(const fair_column *c)
{
	double *v = atomic_load_explicit(&c->lazy, memory_order_acquire), *exp = NULL;

	if (v != NULL)
		return v;
	size_t bytes = (c->n ? c->n : 1) * sizeof *v;
	if (bytes >= ((size_t)4 << 20)) {
		if (posix_memalign((void **)&v, (size_t)2 << 20, bytes) != 0)
			v = NULL;
#ifdef MADV_HUGEPAGE
		else
			(void)madvise(v, bytes, MADV_HUGEPAGE);
#endif
	} else {
		v = malloc(bytes);
	}
	if (v == NULL)
		return NULL;
	bool_to_double(v, c->bools, c->n);
	if (!atomic_compare_exchange_strong_explicit(&((fair_column *)c)->lazy, &exp, v,
	                                             memory_order_acq_rel, memory_order_acquire)) {
		free(v);
		return exp;
	}
	return v;
}

const double *
fair_column_values(const fair_column *c)
{
	return c->bools != NULL ? bool_values(c) : c->values;
}

const unsigned char *fair_column_bools(const fair_column *c) { return c->bools; }
const int32_t *fair_column_codes(const fair_column *c) { return c->codes; }
size_t fair_column_nlevels(const fair_column *c) { return c->nlevels; }

const char *
fair_column_level(const fair_column *c, size_t k)
{
	return k < c->nlevels ? c->levels[k] : NULL;
}

long
fair_column_level_index(const fair_column *c, const char *s)
{
	for (size_t k = 0; k < c->nlevels; k++)
		if (strcmp(c->levels[k], s) == 0)
			return (long)k;
	return -1;
}

bool
fair_column_is_missing(const fair_column *c, size_t row)
{
	if (c->bools != NULL)
		return c->bools[row] == FAIR_BOOL_MISSING;
	if (c->type == FAIR_COL_NUMERIC)
		return isnan(c->values[row]);
	return c->codes[row] < 0;
}

void
fair_column_range(const fair_column *c, const unsigned char *keep, double *min, double *mean, double *max, size_t *n)
{
	double lo = INFINITY, hi = -INFINITY, sum = 0.0;
	size_t m = 0;
	int e;

	if (c->bools != NULL) {
		size_t ones = 0;
		for (size_t i = 0; i < c->n; i++)
			if (!(keep && !keep[i]) && c->bools[i] != FAIR_BOOL_MISSING) {
				ones += c->bools[i];
				m++;
			}
		*n = m;
		*min = m == 0 ? NAN : ones < m ? 0.0 : 1.0;
		*max = m == 0 ? NAN : ones > 0 ? 1.0 : 0.0;
		*mean = m == 0 ? NAN : (double)ones / (double)m;
		return;
	}
	for (size_t i = 0; c->type == FAIR_COL_NUMERIC && i < c->n; i++) {
		double x = c->values[i];
		if ((keep && !keep[i]) || isnan(x))
			continue;
		lo = fmin(lo, x);
		hi = fmax(hi, x);
		sum += x;
		m++;
	}
	*n = m;
	if (m == 0) {
		*min = *mean = *max = NAN;
		return;
	}
	*min = lo;
	*max = hi;
	*mean = sum / (double)m;
	if (!isfinite(*mean)) {
		/* the sum overflowed: add x / 2^e, 2^e >= max |x|, then scale back */
		frexp(fmax(fabs(lo), fabs(hi)), &e);
		sum = 0.0;
		for (size_t i = 0; i < c->n; i++)
			if (!(keep && !keep[i]) && !isnan(c->values[i]))
				sum += ldexp(c->values[i], -e);
		*mean = ldexp(sum / (double)m, e);
	}
}

char *
fair_column_cell(const fair_column *c, size_t row, char *out, size_t outlen)
{
	if (outlen == 0)
		return out;
	if (fair_column_is_missing(c, row))
		out[0] = '\0';
	else if (c->bools != NULL)
		snprintf(out, outlen, "%d", c->bools[row]);
	else if (c->type == FAIR_COL_NUMERIC)
		snprintf(out, outlen, "%.15g", c->values[row]);
	else
		snprintf(out, outlen, "%s", c->levels[c->codes[row]]);
	return out;
}

fair_frame *
fair_frame_new(void)
{
	fair_frame *f = calloc(1, sizeof *f);

	if (f != NULL)
		atomic_init(&f->refs, 1);
	return f;
}

fair_frame *
fair_frame_ref(fair_frame *f)
{
	atomic_fetch_add(&f->refs, 1);
	return f;
}

void
fair_frame_unref(fair_frame *f)
{
	if (f == NULL || atomic_fetch_sub(&f->refs, 1) != 1)
		return;
	for (size_t j = 0; j < f->ncols; j++)
		fair_column_unref(f->cols[j]);
	free(f->cols);
	free(f);
}

int
fair_frame_add_column(fair_frame *f, fair_column *col, fair_error *err)
{
	if (f->ncols > 0 && col->n != f->nrows)
		return fair_error_set(err, FAIR_EINVAL,
		    "column '%s' has %zu rows, the frame has %zu", col->name, col->n, f->nrows);
	if (fair_frame_find(f, col->name) >= 0)
		return fair_error_set(err, FAIR_EINVAL, "duplicate column name '%s'", col->name);
	if (f->ncols == f->cap) {
		size_t ncap = f->cap ? 2 * f->cap : 16;
		fair_column **p = realloc(f->cols, ncap * sizeof *p);
		if (p == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		f->cols = p;
		f->cap = ncap;
	}
	f->cols[f->ncols++] = fair_column_ref(col);
	f->nrows = col->n;
	return FAIR_OK;
}

fair_frame *
fair_frame_with_column(const fair_frame *f, fair_column *col, fair_error *err)
{
	fair_frame *g = fair_frame_new();
	bool replaced = false;

	if (g == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t j = 0; j < f->ncols; j++) {
		fair_column *c = f->cols[j];
		if (strcmp(c->name, col->name) == 0) {
			c = col;
			replaced = true;
		}
		if (fair_frame_add_column(g, c, err) != FAIR_OK)
			goto fail;
	}
	if (!replaced && fair_frame_add_column(g, col, err) != FAIR_OK)
		goto fail;
	return g;
fail:
	fair_frame_unref(g);
	return NULL;
}

size_t fair_frame_nrows(const fair_frame *f) { return f->nrows; }
size_t fair_frame_ncols(const fair_frame *f) { return f->ncols; }

fair_column *
fair_frame_column(const fair_frame *f, size_t j)
{
	return j < f->ncols ? f->cols[j] : NULL;
}

long
fair_frame_find(const fair_frame *f, const char *name)
{
	for (size_t j = 0; j < f->ncols; j++)
		if (strcmp(f->cols[j]->name, name) == 0)
			return (long)j;
	return -1;
}

fair_column *
fair_column_new_numeric_nd(const char *name, double *values, size_t n, size_t ndistinct,
                           fair_error *err)
{
	size_t nmissing = 0;

	for (size_t i = 0; i < n; i++)
		nmissing += isnan(values[i]) != 0;
	return fair__data_column_new_numeric_counted(name, values, n, ndistinct, nmissing, err);
}

/* the derived columns of the expression engine, which counts while it writes */
fair_column *
fair__data_column_new_numeric_counted(const char *name, double *values, size_t n, size_t ndistinct,
                                      size_t nmissing, fair_error *err)
{
	fair_column *c = calloc(1, sizeof *c);

	if (c == NULL || (c->name = strdup(name)) == NULL) {
		free(c);
		free(values);
		fair_error_set(err, FAIR_ENOMEM, "column '%s': out of memory", name);
		return NULL;
	}
	atomic_init(&c->refs, 1);
	c->type = FAIR_COL_NUMERIC;
	c->n = n;
	c->values = values;
	atomic_init(&c->lazy, NULL);
	atomic_init(&c->ndistinct, ndistinct);
	c->nmissing = nmissing;
	return c;
}

fair_column *
fair_column_new_bool(const char *name, unsigned char *bools, size_t n, fair_error *err)
{
	size_t n0 = 0, n1 = 0;

	for (size_t i = 0; i < n; i++) {
		if (bools[i] > FAIR_BOOL_MISSING) {
			fair_error_set(err, FAIR_EINVAL, "column '%s': row %zu holds %d, not 0, 1 or missing",
			               name, i + 1, bools[i]);
			free(bools);
			return NULL;
		}
		n0 += bools[i] == 0;
		n1 += bools[i] == 1;
	}
	return fair__data_column_new_bool(name, bools, n, n0, n1, err);
}

fair_column *
fair__data_column_new_bool(const char *name, unsigned char *bools, size_t n, size_t n0,
                             size_t n1, fair_error *err)
{
	fair_column *c = calloc(1, sizeof *c);

	if (c == NULL || (c->name = strdup(name)) == NULL) {
		free(c);
		free(bools);
		fair_error_set(err, FAIR_ENOMEM, "column '%s': out of memory", name);
		return NULL;
	}
	atomic_init(&c->refs, 1);
	atomic_init(&c->lazy, NULL);
	c->type = FAIR_COL_NUMERIC;
	c->n = n;
	c->bools = bools;
	c->nmissing = n - n0 - n1;
	atomic_init(&c->ndistinct, (size_t)((n0 > 0) + (n1 > 0)));
	return c;
}
