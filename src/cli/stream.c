/* stream.c -- sessions attached to a CSV file (`attach FILE`) and their
 * audit: one pass over the file (fair_csv_stream, constant memory), each
 * chunk of rows through the derived columns and the filters, then counted
 * per combination of target, groups and decision. Those are the counts the
 * pushdown's GROUP BY returns, with the same cuts and the same missing
 * values, so the figures come from the same code (cli_db_audit_counts). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/csv.h"
#include "cli/cli.h"
#include "cli/db.h"
#include "cli/stream-order.h"

/* ---- counting ----------------------------------------------------------- */

enum { K_RAW, K_CUT01, K_LABEL, K_SCORE };

typedef struct keycol {
	const char *name;
	int         how;
	double      x;
	bool        lower;
	char        hi[400], lo[400];
	int         type;          /* of the counted value: -1 not seen yet */
	cli_ranks   rk;            /* text values: their order */
} keycol;

typedef struct agg {
	keycol      k[64];
	size_t      nk;
	const char *weight;
	fair_expr **derived;
	char *const *dnames;
	size_t      nd;
	fair_expr **filters;
	size_t      nf;
	/* combinations: key bytes, counts */
	char      **keys;
	size_t     *klen;
	double     *cnt, *wsum, *w2;
	size_t      n, cap;
	size_t     *slots, mask;     /* index + 1, 0 = empty */
	fair_buf    kb;
	size_t      rows;            /* rows read */
} agg;

static int
ranks_preset(keycol *k)
{
	long at;

	cli_ranks_clear(&k->rk);   /* a cut numeric group: "<=" before ">" */
	if (k->how == K_LABEL)
		return cli_ranks_add(&k->rk, k->lo, -1, &at) || cli_ranks_add(&k->rk, k->hi, at, &at);
	return 0;
}

static void
agg_reset(agg *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->keys[i]);
	g->n = 0;
	if (g->slots != NULL)
		memset(g->slots, 0, (g->mask + 1) * sizeof *g->slots);
	g->rows = 0;
	for (size_t j = 0; j < g->nk; j++) {
		g->k[j].type = -1;
		ranks_preset(&g->k[j]);
	}
}

static void
agg_release(agg *g)
{
	agg_reset(g);
	for (size_t j = 0; j < g->nk; j++)
		cli_ranks_clear(&g->k[j].rk);
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
find(agg *g)
{
	const char *s = g->kb.buf;
	size_t n = g->kb.len, i;

	if (g->n + 1 > (g->mask + 1) / 2) {
		size_t ns = g->slots ? 2 * (g->mask + 1) : 64, *sl = calloc(ns, sizeof *sl);
		if (sl == NULL)
			return -1;
		for (size_t k = 0; k < g->n; k++) {
			for (i = cli_str_hash(g->keys[k], g->klen[k]) & (ns - 1); sl[i]; i = (i + 1) & (ns - 1))
				;
			sl[i] = k + 1;
		}
		free(g->slots);
		g->slots = sl;
		g->mask = ns - 1;
	}
	for (i = cli_str_hash(s, n) & g->mask; g->slots[i]; i = (i + 1) & g->mask) {
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
row_key(agg *g, const fair_column *const *kc, size_t i)
{
	int bad = 0;

	fair_buf_reset(&g->kb);
	for (size_t j = 0; j < g->nk; j++) {
		const keycol *k = &g->k[j];
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
		case K_CUT01:
			bad |= key_num(&g->kb, cut01(v, k->x));
			break;
		case K_SCORE:
			bad |= key_num(&g->kb, k->lower ? (v <= k->x ? 1 : v > k->x ? 0 : NAN)
			                                : (v >= k->x ? 1 : v < k->x ? 0 : NAN));
			break;
		case K_LABEL:
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
fast_new(const agg *g, const fair_column *const *kc, size_t n)
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
		const keycol *k = &g->k[j];
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
			case K_CUT01:
			case K_LABEL:
				for (size_t i = 0; i < n; i++)
					id[i] = v[i] > x ? 2 : v[i] <= x ? 1 : 0;
				break;
			case K_SCORE:
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
fast_merge(agg *g, const fastagg *a, const fair_column *const *kc)
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
static int
agg_sink(void *arg, const fair_frame *chunk, fair_error *err)
{
	agg *g = arg;
	fair_frame *f;
	unsigned char *keep = NULL;
	const fair_column *kc[64];
	const double *w = NULL;
	fastagg *fast = NULL;
	size_t n;
	int rc = FAIR_OK;

	if (chunk == NULL) {   /* read again from the start */
		agg_reset(g);
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
		keycol *k = &g->k[j];
		long c = fair_frame_find(f, k->name);
		int t;
		if (c < 0) {
			rc = fair_error_set(err, FAIR_ENOTFOUND, "no column '%s'", k->name);
			goto out;
		}
		kc[j] = fair_frame_column(f, (size_t)c);
		t = (int)fair_column_type(kc[j]);
		if (t == FAIR_COL_CATEGORICAL && cli_ranks_merge(&k->rk, kc[j])) {
			rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
			goto out;
		}
		if (t == FAIR_COL_NUMERIC && fair_column_values(kc[j]) == NULL) {
			rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
			goto out;
		}
		/* the type of the counted value */
		if (k->how == K_CUT01 || k->how == K_SCORE) {
			if (t != FAIR_COL_NUMERIC) {
				rc = fair_error_set(err, FAIR_EINVAL, "column '%s' is not numeric: it cannot be cut at a "
				                    "threshold", k->name);
				goto out;
			}
		} else if (k->how == K_LABEL && t == FAIR_COL_NUMERIC)
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
	const agg *sort_agg = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb, ia = 0, ib = 0;

	for (size_t j = 0; j < sort_agg->nk; j++) {
		double xa, xb;
		const char *sa, *sb;
		uint32_t la = 0, lb = 0;
		int r = 0;
		ia = field(sort_agg->keys[a], ia, &xa, &sa, &la);
		ib = field(sort_agg->keys[b], ib, &xb, &sb, &lb);
		bool ma = sa == NULL && isnan(xa), mb = sb == NULL && isnan(xb);
		if (ma || mb)
			r = ma - mb;
		else if (sa != NULL && sb != NULL) {
			long ra = cli_ranks_find(&sort_agg->k[j].rk, sa, la), rb = cli_ranks_find(&sort_agg->k[j].rk, sb, lb);
			r = (ra > rb) - (ra < rb);
		} else
			r = (xa > xb) - (xa < xb);
		if (r != 0)
			return r;
	}
	return 0;
}

/* The counts as the frame the pushdown query returns. */
static fair_frame *
agg_frame(agg *g, fair_error *err)
{
	size_t n = g->n, *ord = malloc((n ? n : 1) * sizeof *ord);
	fair_frame *f = fair_frame_new();

	if (ord == NULL || f == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		ord[i] = i;
	qsort_r(ord, n, sizeof *ord, cmp_rows, g);
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
			const cli_ranks *rk = &g->k[j].rk;
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
				codes[i] = s == NULL ? -1 : (int32_t)(at = cli_ranks_find(rk, s, len));
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

/* ---- the audit ---------------------------------------------------------- */

static int
want(char ***v, size_t *n, const char *name, const fair_db_setup *st)
{
	for (size_t k = 0; k < st->nderived; k++)
		if (!strcmp(st->derived_names[k], name))
			return 0;   /* computed, not read */
	for (size_t k = 0; k < *n; k++)
		if (!strcmp((*v)[k], name))
			return 0;
	char **p = realloc(*v, (*n + 1) * sizeof *p);
	if (p == NULL)
		return -1;
	*v = p;
	if ((p[*n] = strdup(name)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

static int
want_expr(char ***v, size_t *n, const fair_expr *e, const fair_db_setup *st)
{
	for (size_t k = 0; k < fair_expr_ncolumns(e); k++)
		if (want(v, n, fair_expr_column(e, k), st))
			return -1;
	return 0;
}

fair_report *
cli_stream_audit(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const struct cli_audit_req *req,
                 const fair_db_push *p)
{
	fair_db_setup *st = s->db_setup;
	agg g;
	fair_error err;
	fair_csv_opts o;
	fair_csv_info info;
	fair_progress prog;
	fair_frame *fc = NULL, *sch = NULL;
	fair_report *r = NULL;
	char **cols = NULL;
	size_t ncols = 0;
	int rc;

	memset(&g, 0, sizeof g);
	fair_buf_init(&g.kb);
	if (st->target == NULL) {
		cli_error(ctx, a, "no target set (use 'target COLUMN')");
		return NULL;
	}
	if (st->nsensitive == 0) {
		cli_error(ctx, a, "no sensitive attribute set (use 'sensitive COLUMN')");
		return NULL;
	}
	if (st->nsensitive + p->ncontrol + 2 > sizeof g.k / sizeof g.k[0]) {
		cli_error(ctx, a, "too many sensitive and control columns (at most %zu)", sizeof g.k / sizeof g.k[0] - 2);
		return NULL;
	}
	if ((sch = fair_db_setup_schema(s->frame, st, &err)) == NULL) {
		cli_ferror(ctx, a, &err);
		return NULL;
	}
	/* what is counted, as the pushdown query counts it */
	keycol *k = &g.k[g.nk++];
	k->name = st->target;
	k->how = isnan(st->target_threshold) ? K_RAW : K_CUT01;
	k->x = st->target_threshold;
	for (size_t j = 0; j < st->nsensitive; j++) {
		const char *sn = st->sensitive[j];
		if (!strcmp(sn, st->target) || (p->pred && !strcmp(sn, p->pred)) || (p->score && !strcmp(sn, p->score))) {
			cli_error(ctx, a, "sensitive column '%s' is also the target or the decisions", sn);
			goto out;
		}
		k = &g.k[g.nk++];
		k->name = sn;
		k->how = isnan(st->sensitive_threshold) ? K_RAW : K_LABEL;
		k->x = st->sensitive_threshold;
		snprintf(k->hi, sizeof k->hi, "%s>%g", sn, st->sensitive_threshold);
		snprintf(k->lo, sizeof k->lo, "%s<=%g", sn, st->sensitive_threshold);
	}
	k = &g.k[g.nk++];
	if (p->pred != NULL) {
		if (!strcmp(p->pred, st->target)) {
			cli_error(ctx, a, "pred= names the target column '%s'", p->pred);
			goto out;
		}
		k->name = p->pred;
		k->how = isnan(st->target_threshold) ? K_RAW : K_CUT01;
		k->x = st->target_threshold;
		/* a categorical pred is not cut (as in the query) */
		long j = fair_frame_find(sch, p->pred);
		if (j >= 0 && fair_column_type(fair_frame_column(sch, (size_t)j)) != FAIR_COL_NUMERIC)
			k->how = K_RAW;
	} else {
		if (!strcmp(p->score, st->target)) {
			cli_error(ctx, a, "score column '%s' is not a numeric column other than the target", p->score);
			goto out;
		}
		k->name = p->score;
		k->how = K_SCORE;
		k->x = p->threshold;
		k->lower = p->lower;
	}
	/* the control columns (control=): counted by their values, as the
	 * query groups them */
	for (size_t j = 0; j < p->ncontrol; j++) {
		k = &g.k[g.nk++];
		k->name = p->control[j];
		k->how = K_RAW;
		k->x = NAN;
	}
	g.weight = p->weight;
	for (size_t j = 0; j < g.nk; j++) {
		g.k[j].type = -1;
		if (ranks_preset(&g.k[j])) {
			cli_error(ctx, a, "out of memory");
			goto out;
		}
		if (fair_frame_find(sch, g.k[j].name) < 0) {
			cli_error(ctx, a, "unknown column '%s' (see 'columns')", g.k[j].name);
			goto out;
		}
	}
	if (g.weight != NULL && fair_frame_find(sch, g.weight) < 0) {
		cli_error(ctx, a, "weights: unknown column '%s' (see 'columns')", g.weight);
		goto out;
	}
	/* the expressions, parsed once, bound to each chunk */
	g.nd = st->nderived;
	g.dnames = st->derived_names;
	g.nf = st->nfilters;
	g.derived = calloc(g.nd + 1, sizeof *g.derived);
	g.filters = calloc(g.nf + 1, sizeof *g.filters);
	if (g.derived == NULL || g.filters == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	for (size_t j = 0; j < g.nd; j++)
		if ((g.derived[j] = fair_expr_parse(st->derived[j], &err)) == NULL || want_expr(&cols, &ncols, g.derived[j], st))
			goto ferr;
	for (size_t j = 0; j < g.nf; j++)
		if ((g.filters[j] = fair_expr_parse(st->filters[j], &err)) == NULL || want_expr(&cols, &ncols, g.filters[j], st))
			goto ferr;
	for (size_t j = 0; j < g.nk; j++)
		if (want(&cols, &ncols, g.k[j].name, st)) {
			cli_error(ctx, a, "out of memory");
			goto out;
		}
	if (g.weight != NULL && want(&cols, &ncols, g.weight, st)) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	fair_csv_opts_init(&o);   /* read as `attach` read it */
	o.delim = s->stream_delim;
	o.na = s->stream_na;
	o.skip_bad = s->stream_skip_bad;
	fair_progress_init(&prog);
	o.prog = &prog;
	cli_fg_progress = &prog;
	rc = fair_csv_stream(s->stream_path, &o, (const char *const *)cols, ncols, agg_sink, &g, &info, &err);
	cli_fg_progress = NULL;
	if (rc != FAIR_OK)
		goto ferr;
	if (g.n == 0) {
		cli_error(ctx, a, "no rows to audit: %s", st->nfilters ? "the filters keep no row" : "the file has no rows");
		goto out;
	}
	if (info.nskipped > 0 && !req->quiet)   /* as `load` says it */
		cli_warn(ctx, "skipped %zu malformed row%s (first at line %zu)", info.nskipped,
		         info.nskipped == 1 ? "" : "s", info.first_skipped_line);
	if (info.ninf > 0 && !req->quiet)
		cli_warn(ctx, "%zu infinite value%s treated as missing", info.ninf, info.ninf == 1 ? "" : "s");
	if ((fc = agg_frame(&g, &err)) == NULL)
		goto ferr;
	r = cli_db_audit_counts(ctx, a, s, req, fc);
	if (r != NULL)
		s->db_rows = g.rows;   /* before the filters */
	goto out;
ferr:
	cli_ferror(ctx, a, &err);
out:
	for (size_t j = 0; g.derived != NULL && j < g.nd; j++)
		fair_expr_free(g.derived[j]);
	for (size_t j = 0; g.filters != NULL && j < g.nf; j++)
		fair_expr_free(g.filters[j]);
	free(g.derived);
	free(g.filters);
	cli_list_free(cols, ncols);
	agg_release(&g);
	fair_frame_unref(fc);
	fair_frame_unref(sch);
	return r;
}
