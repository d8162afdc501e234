/* stream-count.c -- counting the chunks of a streamed source
 * (fairsh/stream.h): each chunk of rows through the derived columns and
 * the filters, then counted per combination of target, groups, decision
 * and control columns. Those are the counts the pushdown's GROUP BY
 * returns, with the same cuts and the same missing values, and
 * fair_stream_counter_frame gives them in the frame that query returns.
 * A chunk's combinations are counted on small numbers first (the fast
 * path), each then merged once into the counts by its key bytes. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/stream.h"
#include "data/data-private.h"

int
fair__data_stream_preset(stream_keycol *k)
{
	long at;

	fair__data_ranks_clear(&k->rk);   /* a cut numeric group: "<=" before ">" */
	if (k->how == STREAM_K_LABEL)
		return fair__data_ranks_add(&k->rk, k->lo, -1, &at) || fair__data_ranks_add(&k->rk, k->hi, at, &at);
	return 0;
}

static void
stream_reset(fair_stream_counter *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->keys[i]);
	g->n = 0;
	if (g->slots != NULL)
		memset(g->slots, 0, (g->mask + 1) * sizeof *g->slots);
	g->rows = 0;
	for (size_t j = 0; j < g->nk; j++) {
		g->k[j].type = -1;
		fair__data_stream_preset(&g->k[j]);
	}
}

void
fair__data_stream_release(fair_stream_counter *g)
{
	stream_reset(g);
	for (size_t j = 0; j < g->nk; j++)
		fair__data_ranks_clear(&g->k[j].rk);
	free(g->keys);
	free(g->klen);
	free(g->cnt);
	free(g->wsum);
	free(g->w2);
	free(g->slots);
	fair_buf_release(&g->kb);
}

/* The combination of the key in g->kb: its index, added when new; -1 OOM. */
static long
find(fair_stream_counter *g)
{
	const char *s = g->kb.buf;
	size_t n = g->kb.len, i;

	if (g->n + 1 > (g->mask + 1) / 2) {
		size_t ns = g->slots ? 2 * (g->mask + 1) : 64, *sl = calloc(ns, sizeof *sl);
		if (sl == NULL)
			return -1;
		for (size_t k = 0; k < g->n; k++) {
			for (i = fair__data_str_hash(g->keys[k], g->klen[k]) & (ns - 1); sl[i]; i = (i + 1) & (ns - 1))
				;
			sl[i] = k + 1;
		}
		free(g->slots);
		g->slots = sl;
		g->mask = ns - 1;
	}
	for (i = fair__data_str_hash(s, n) & g->mask; g->slots[i]; i = (i + 1) & g->mask) {
		size_t k = g->slots[i] - 1;
		if (g->klen[k] == n && !memcmp(g->keys[k], s, n))
			return (long)k;
	}
	if (g->n == g->cap) {
		size_t nc = g->cap ? 2 * g->cap : 64;
		char **kv = realloc(g->keys, nc * sizeof *kv);
		if (kv != NULL)
			g->keys = kv;
		size_t *kl = realloc(g->klen, nc * sizeof *kl);
		if (kl != NULL)
			g->klen = kl;
		double *c = realloc(g->cnt, nc * sizeof *c);
		if (c != NULL)
			g->cnt = c;
		double *w = realloc(g->wsum, nc * sizeof *w);
		if (w != NULL)
			g->wsum = w;
		double *w2 = realloc(g->w2, nc * sizeof *w2);
		if (w2 != NULL)
			g->w2 = w2;
		if (kv == NULL || kl == NULL || c == NULL || w == NULL || w2 == NULL)
			return -1;
		g->cap = nc;
	}
	if ((g->keys[g->n] = malloc(n ? n : 1)) == NULL)
		return -1;
	memcpy(g->keys[g->n], s, n);
	g->klen[g->n] = n;
	g->cnt[g->n] = g->wsum[g->n] = g->w2[g->n] = 0;
	g->slots[i] = g->n + 1;
	return (long)g->n++;
}

static int
key_num(fair_buf *b, double v)
{
	if (isnan(v))
		return fair_buf_putc(b, 'm');
	if (v == 0)
		v = 0;   /* -0 and 0 are one value, as in a GROUP BY */
	return fair_buf_putc(b, 'n') | fair_buf_add(b, (const char *)&v, sizeof v);
}

static int
key_str(fair_buf *b, const char *s)
{
	uint32_t n = (uint32_t)strlen(s);

	return fair_buf_putc(b, 's') | fair_buf_add(b, (const char *)&n, sizeof n) | fair_buf_add(b, s, n);
}

static double
cut01(double v, double x)
{
	return v > x ? 1 : v <= x ? 0 : NAN;
}

/* The key of row @i of the key columns @kc in g->kb; nonzero when out of
 * memory. */
static int
row_key(fair_stream_counter *g, const fair_column *const *kc, size_t i)
{
	int bad = 0;

	fair_buf_reset(&g->kb);
	for (size_t j = 0; j < g->nk; j++) {
		const stream_keycol *k = &g->k[j];
		const fair_column *c = kc[j];
		if (fair_column_type(c) == FAIR_COL_CATEGORICAL) {
			int32_t code = fair_column_codes(c)[i];
			if (code < 0)
				bad |= fair_buf_putc(&g->kb, 'm');
			else
				bad |= key_str(&g->kb, fair_column_level(c, (size_t)code));
			continue;
		}
		double v = fair_column_values(c)[i];
		switch (k->how) {
		case STREAM_K_CUT01:
			bad |= key_num(&g->kb, cut01(v, k->x));
			break;
		case STREAM_K_SCORE:
			bad |= key_num(&g->kb, k->lower ? (v <= k->x ? 1 : v > k->x ? 0 : NAN)
			                                : (v >= k->x ? 1 : v < k->x ? 0 : NAN));
			break;
		case STREAM_K_LABEL:
			if (isnan(v))
				bad |= fair_buf_putc(&g->kb, 'm');
			else
				bad |= key_str(&g->kb, v > k->x ? k->hi : k->lo);
			break;
		default:
			bad |= key_num(&g->kb, v);
		}
	}
	return bad;
}

/* The fast path of a chunk: each key column's value as a small number
 * (a level's code, a cut's side, a raw number's index among the chunk's
 * distinct numbers), the row's numbers combined into one (mixed radix),
 * counted in a table of the chunk's combinations; each combination's key
 * is made once, from one of its rows, and merged into the file's counts. */
typedef struct fastagg {
	uint64_t *comb;          /* per row */
	size_t    n;
	uint64_t *key;           /* table: combination + 1, 0 = empty */
	uint32_t *slot;          /* table: index into the arrays below */
	size_t    mask;
	size_t   *rep;           /* per combination: a row */
	double   *cnt, *wsum, *w2;
	size_t    ncomb;
} fastagg;

static void
fast_free(fastagg *a)
{
	if (a == NULL)
		return;
	free(a->comb);
	free(a->key);
	free(a->slot);
	free(a->rep);
	free(a->cnt);
	free(a->wsum);
	free(a->w2);
	free(a);
}

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	return x;
}

/* Index of each distinct number of @v (n rows) + 1 (0 = missing) into
 * @id; returns the number of distinct numbers + 1, 0 when out of memory. */
static uint64_t
number_ids(const double *v, size_t n, uint32_t *id)
{
	size_t cap = 64;
	while (cap < 2 * n)
		cap *= 2;
	uint64_t *k = calloc(cap, sizeof *k);
	uint32_t *x = malloc(cap * sizeof *x);
	uint32_t nd = 0;

	if (k == NULL || x == NULL) {
		free(k);
		free(x);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		double d = v[i];
		uint64_t b;
		size_t h;
		if (isnan(d)) {
			id[i] = 0;
			continue;
		}
		if (d == 0)
			d = 0;
		memcpy(&b, &d, sizeof b);
		for (h = mix(b) & (cap - 1); k[h] && k[h] != b + 1; h = (h + 1) & (cap - 1))
			;
		if (!k[h]) {
			k[h] = b + 1;   /* b + 1 != 0: b is no NaN's bits, and not all ones */
			x[h] = ++nd;
		}
		id[i] = x[h];
	}
	free(k);
	free(x);
	return (uint64_t)nd + 1;
}

/* The combinations of the rows, or NULL when they do not fit in 64 bits or
 * out of memory (the caller takes the row-by-row path). */
static fastagg *
fast_new(const fair_stream_counter *g, const fair_column *const *kc, size_t n)
{
	fastagg *a = calloc(1, sizeof *a);
	uint32_t *id = malloc((n ? n : 1) * sizeof *id);
	uint64_t radix = 1;
	size_t cap = 64;

	if (a == NULL || id == NULL || (a->comb = calloc(n ? n : 1, sizeof *a->comb)) == NULL)
		goto fail;
	a->n = n;
	for (size_t j = 0; j < g->nk; j++) {
		const fair_column *c = kc[j];
		const stream_keycol *k = &g->k[j];
		uint64_t card;
		if (fair_column_type(c) == FAIR_COL_CATEGORICAL) {
			const int32_t *code = fair_column_codes(c);
			card = (uint64_t)fair_column_nlevels(c) + 1;
			for (size_t i = 0; i < n; i++)
				id[i] = code[i] < 0 ? 0 : (uint32_t)code[i] + 1;
		} else {
			const double *v = fair_column_values(c);
			double x = k->x;
			card = 3;
			switch (k->how) {
			case STREAM_K_CUT01:
			case STREAM_K_LABEL:
				for (size_t i = 0; i < n; i++)
					id[i] = v[i] > x ? 2 : v[i] <= x ? 1 : 0;
				break;
			case STREAM_K_SCORE:
				for (size_t i = 0; i < n; i++)
					id[i] = k->lower ? (v[i] <= x ? 2 : v[i] > x ? 1 : 0) : (v[i] >= x ? 2 : v[i] < x ? 1 : 0);
				break;
			default:
				if ((card = number_ids(v, n, id)) == 0)
					goto fail;
			}
		}
		if (radix > UINT64_MAX / card)
			goto fail;
		radix *= card;
		for (size_t i = 0; i < n; i++)
			a->comb[i] = a->comb[i] * card + id[i];
	}
	while (cap < 2 * n)
		cap *= 2;
	a->mask = cap - 1;
	a->key = calloc(cap, sizeof *a->key);
	a->slot = malloc(cap * sizeof *a->slot);
	a->rep = malloc((n ? n : 1) * sizeof *a->rep);
	a->cnt = malloc((n ? n : 1) * sizeof *a->cnt);
	a->wsum = malloc((n ? n : 1) * sizeof *a->wsum);
	a->w2 = malloc((n ? n : 1) * sizeof *a->w2);
	if (a->key == NULL || a->slot == NULL || a->rep == NULL || a->cnt == NULL || a->wsum == NULL || a->w2 == NULL)
		goto fail;
	free(id);
	return a;
fail:
	free(id);
	fast_free(a);
	return NULL;
}

static void
fast_add(fastagg *a, size_t i, const double *w)
{
	uint64_t c = a->comb[i];
	size_t h;

	for (h = mix(c) & a->mask; a->key[h] && a->key[h] != c + 1; h = (h + 1) & a->mask)
		;
	if (!a->key[h]) {   /* c + 1 != 0: c < radix <= UINT64_MAX */
		a->key[h] = c + 1;
		a->slot[h] = (uint32_t)a->ncomb;
		a->rep[a->ncomb] = i;
		a->cnt[a->ncomb] = a->wsum[a->ncomb] = a->w2[a->ncomb] = 0;
		a->ncomb++;
	}
	size_t s = a->slot[h];
	a->cnt[s] += 1;
	if (w != NULL) {
		a->wsum[s] += w[i];
		a->w2[s] += w[i] * w[i];
	}
}

static int
fast_merge(fair_stream_counter *g, const fastagg *a, const fair_column *const *kc)
{
	for (size_t s = 0; s < a->ncomb; s++) {
		long at;
		if (row_key(g, kc, a->rep[s]) != 0 || (at = find(g)) < 0)
			return -1;
		g->cnt[at] += a->cnt[s];
		g->wsum[at] += a->wsum[s];
		g->w2[at] += a->w2[s];
	}
	return 0;
}

/* One chunk: derived columns, filters, then the counts. */
int
fair_stream_counter_add(fair_stream_counter *g, const fair_frame *chunk, fair_error *err)
{
	fair_frame *f;
	unsigned char *keep = NULL;
	const fair_column *kc[STREAM_MAX_KEYS];
	const double *w = NULL;
	fastagg *fast = NULL;
	size_t n;
	int rc = FAIR_OK;

	if (chunk == NULL) {   /* read again from the start */
		stream_reset(g);
		return FAIR_OK;
	}
	n = fair_frame_nrows(chunk);
	f = fair_frame_ref((fair_frame *)chunk);
	for (size_t k = 0; k < g->nd; k++) {
		fair_column *c;
		fair_frame *h;
		if (fair_expr_bind(g->derived[k], f, err) != FAIR_OK ||
		    (c = fair_expr_eval(g->derived[k], g->dnames[k], NULL, n, err)) == NULL) {
			fair_error_prefix(err, "derive %s", g->dnames[k]);
			rc = err->code;
			goto out;
		}
		h = fair_frame_with_column(f, c, err);
		fair_column_unref(c);
		fair_frame_unref(f);
		if ((f = h) == NULL)
			return err->code;
	}
	if ((keep = malloc(n ? n : 1)) == NULL) {
		rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	memset(keep, 1, n);
	for (size_t k = 0; k < g->nf; k++)
		if (fair_expr_bind(g->filters[k], f, err) != FAIR_OK ||
		    fair_expr_filter(g->filters[k], NULL, n, keep, NULL, err) != FAIR_OK) {
			fair_error_prefix(err, "filter");
			rc = err->code;
			goto out;
		}
	for (size_t j = 0; j < g->nk; j++) {
		stream_keycol *k = &g->k[j];
		long c = fair_frame_find(f, k->name);
		int t;
		if (c < 0) {
			rc = fair_error_set(err, FAIR_ENOTFOUND, "no column '%s'", k->name);
			goto out;
		}
		kc[j] = fair_frame_column(f, (size_t)c);
		t = (int)fair_column_type(kc[j]);
		if (t == FAIR_COL_CATEGORICAL && fair__data_ranks_merge(&k->rk, kc[j])) {
			rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
			goto out;
		}
		if (t == FAIR_COL_NUMERIC && fair_column_values(kc[j]) == NULL) {
			rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
			goto out;
		}
		/* the type of the counted value */
		if (k->how == STREAM_K_CUT01 || k->how == STREAM_K_SCORE) {
			if (t != FAIR_COL_NUMERIC) {
				rc = fair_error_set(err, FAIR_EINVAL, "column '%s' is not numeric: it cannot be cut at a "
				                    "threshold", k->name);
				goto out;
			}
		} else if (k->how == STREAM_K_LABEL && t == FAIR_COL_NUMERIC)
			t = FAIR_COL_CATEGORICAL;
		if (k->type < 0)
			k->type = t;
		else if (k->type != t) {
			rc = fair_error_set(err, FAIR_EINVAL, "column '%s' changes type in the file", k->name);
			goto out;
		}
	}
	if (g->weight != NULL) {
		long c = fair_frame_find(f, g->weight);
		if (c < 0 || fair_column_type(fair_frame_column(f, (size_t)c)) != FAIR_COL_NUMERIC ||
		    (w = fair_column_values(fair_frame_column(f, (size_t)c))) == NULL) {
			rc = fair_error_set(err, FAIR_EINVAL, "weights column '%s' is not numeric in the file", g->weight);
			goto out;
		}
	}
	fast = fast_new(g, kc, n);
	for (size_t i = 0; i < n; i++) {
		long at;
		if (w != NULL) {   /* every row needs a weight, as for a loaded table */
			if (isnan(w[i])) {
				rc = fair_error_set(err, FAIR_EINVAL, "weights column '%s': row %zu is missing (every row "
				                    "needs a weight)", g->weight, g->rows + i + 1);
				goto out;
			}
			if (!(w[i] >= 0 && w[i] < INFINITY)) {
				rc = fair_error_set(err, FAIR_EINVAL, "weights column '%s': row %zu has %g (weights must "
				                    "be finite and >= 0)", g->weight, g->rows + i + 1, w[i]);
				goto out;
			}
		}
		if (!keep[i])
			continue;
		if (fast != NULL) {
			fast_add(fast, i, w);
			continue;
		}
		if (row_key(g, kc, i) != 0 || (at = find(g)) < 0) {
			rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
			goto out;
		}
		g->cnt[at] += 1;
		if (w != NULL) {
			g->wsum[at] += w[i];
			g->w2[at] += w[i] * w[i];
		}
	}
	if (fast != NULL && fast_merge(g, fast, kc) != 0) {
		rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	g->rows += n;
out:
	fast_free(fast);
	free(keep);
	fair_frame_unref(f);
	return rc;
}

/* Decodes field @j of key @s (length @n): 'm' missing, else a number or a
 * string; returns the position after it. */
static size_t
field(const char *s, size_t at, double *num, const char **str, uint32_t *len)
{
	*str = NULL;
	*num = NAN;
	if (s[at] == 'n') {
		memcpy(num, s + at + 1, sizeof *num);
		return at + 1 + sizeof *num;
	}
	if (s[at] == 's') {
		memcpy(len, s + at + 1, sizeof *len);
		*str = s + at + 1 + sizeof *len;
		return at + 1 + sizeof *len + *len;
	}
	return at + 1;
}

/* As ORDER BY 1, 2, ...: numbers ascending, text in the order a loaded
 * session gives its levels (ranks), missing last. */
static int
cmp_rows(const void *pa, const void *pb, void *arg)
{
	const fair_stream_counter *sg = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb, ia = 0, ib = 0;

	for (size_t j = 0; j < sg->nk; j++) {
		double xa, xb;
		const char *sa, *sb;
		uint32_t la = 0, lb = 0;
		int r = 0;
		ia = field(sg->keys[a], ia, &xa, &sa, &la);
		ib = field(sg->keys[b], ib, &xb, &sb, &lb);
		bool ma = sa == NULL && isnan(xa), mb = sb == NULL && isnan(xb);
		if (ma || mb)
			r = ma - mb;
		else if (sa != NULL && sb != NULL) {
			long ra = fair__data_ranks_find(&sg->k[j].rk, sa, la), rb = fair__data_ranks_find(&sg->k[j].rk, sb, lb);
			r = (ra > rb) - (ra < rb);
		} else
			r = (xa > xb) - (xa < xb);
		if (r != 0)
			return r;
	}
	return 0;
}

size_t
fair_stream_counter_rows(const fair_stream_counter *g)
{
	return g->rows;
}

size_t
fair_stream_counter_size(const fair_stream_counter *g)
{
	return g->n;
}

/* The counts as the frame the pushdown query returns. */
fair_frame *
fair_stream_counter_frame(const fair_stream_counter *g, fair_error *err)
{
	size_t n = g->n, *ord = malloc((n ? n : 1) * sizeof *ord);
	fair_frame *f = fair_frame_new();

	if (ord == NULL || f == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		ord[i] = i;
	qsort_r(ord, n, sizeof *ord, cmp_rows, (void *)g);
	size_t *pos = calloc(n ? n : 1, sizeof *pos);
	if (pos == NULL)
		goto nomem;
	for (size_t j = 0; j < g->nk + 3; j++) {
		fair_column *c;
		if (j >= g->nk) {
			const double *src = j == g->nk ? g->cnt : j == g->nk + 1 ? g->wsum : g->w2;
			double *v = malloc((n ? n : 1) * sizeof *v);
			if (j > g->nk && g->weight == NULL) {
				free(v);
				break;
			}
			if (v == NULL) {
				free(pos);
				goto nomem;
			}
			for (size_t i = 0; i < n; i++)
				v[i] = src[ord[i]];
			c = fair_column_new_numeric(j == g->nk ? FAIR_DB_COUNT : j == g->nk + 1 ? FAIR_DB_WSUM : FAIR_DB_W2,
			                            v, n, err);
		} else if (g->k[j].type == FAIR_COL_CATEGORICAL) {
			/* the levels that occur, in their ranks' order (every text
			 * value counted came from a chunk's levels: ranked) */
			const fair__data_ranks *rk = &g->k[j].rk;
			int32_t *codes = malloc((n ? n : 1) * sizeof *codes);
			int32_t *code_of = malloc((rk->n ? rk->n : 1) * sizeof *code_of);
			char **lv = malloc((rk->n ? rk->n : 1) * sizeof *lv);
			size_t nl = 0;
			bool bad = codes == NULL || code_of == NULL || lv == NULL;
			for (size_t r = 0; !bad && r < rk->n; r++)
				code_of[r] = -1;
			for (size_t i = 0; !bad && i < n; i++) {
				double x;
				const char *s;
				uint32_t len = 0;
				long at;
				pos[ord[i]] = field(g->keys[ord[i]], pos[ord[i]], &x, &s, &len);
				codes[i] = s == NULL ? -1 : (int32_t)(at = fair__data_ranks_find(rk, s, len));
				if (s != NULL && at >= 0)
					code_of[at] = 0;
				bad = s != NULL && at < 0;
			}
			for (size_t r = 0; !bad && r < rk->n; r++)
				if (code_of[r] == 0) {
					if ((lv[nl] = strdup(rk->lv[r])) == NULL)
						bad = true;
					else
						code_of[r] = (int32_t)nl++;
				}
			for (size_t i = 0; !bad && i < n; i++)
				if (codes[i] >= 0)
					codes[i] = code_of[codes[i]];
			free(code_of);
			if (bad) {
				for (size_t q = 0; q < nl; q++)
					free(lv[q]);
				free(lv);
				free(codes);
				free(pos);
				goto nomem;
			}
			c = fair_column_new_categorical(g->k[j].name, codes, n, lv, nl, err);
		} else {
			double *v = malloc((n ? n : 1) * sizeof *v);
			if (v == NULL) {
				free(pos);
				goto nomem;
			}
			for (size_t i = 0; i < n; i++) {
				const char *s;
				uint32_t len;
				pos[ord[i]] = field(g->keys[ord[i]], pos[ord[i]], &v[i], &s, &len);
			}
			c = fair_column_new_numeric(g->k[j].name, v, n, err);
		}
		if (c == NULL || fair_frame_add_column(f, c, err) != FAIR_OK) {
			fair_column_unref(c);
			free(pos);
			free(ord);
			fair_frame_unref(f);
			return NULL;
		}
		fair_column_unref(c);
	}
	free(pos);
	free(ord);
	return f;
nomem:
	free(ord);
	fair_frame_unref(f);
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
	return NULL;
}

