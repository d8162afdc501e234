/* knn.c -- consistency: each row's k nearest rows in Euclidean distance
 * (itself included, ties to the lower row index) found with a k-d tree, and
 * the feature matrix it reads from a frame. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/indices.h"
#include "metric/metric-private.h"

#define LEAF 16

/* A node covers perm[lo, hi): a leaf, or split on dim at val with the left
 * child over [lo, mid) (values <= val) and the right over [mid, hi) (>= val). */
struct kd_node {
	size_t lo, hi, mid;
	size_t left, right;    /* node indices; 0 = none (node 0 is the root) */
	size_t dim;
	double val;
	bool leaf;
};

struct kd {
	const double *x;
	size_t n, d;
	size_t *perm;
	struct kd_node *nodes;
	size_t nnodes;
};

static inline double
coord(const struct kd *t, size_t i, size_t k)
{
	return t->x[i * t->d + k];
}

/* quickselect: perm[lo, hi) reordered so that perm[m] has its place in the
 * order of coordinate k, smaller-or-equal before it, greater-or-equal after */
static void
select_kth(struct kd *t, size_t lo, size_t hi, size_t m, size_t k)
{
	size_t *p = t->perm;
	while (hi - lo > 1) {
		/* three-way partition: [lo, lt) < piv, [lt, gt) == piv, [gt, hi) > piv */
		double piv = coord(t, p[lo + (hi - lo) / 2], k);
		size_t lt = lo, i = lo, gt = hi;
		while (i < gt) {
			double v = coord(t, p[i], k);
			size_t s = p[i];
			if (v < piv) {
				p[i++] = p[lt];
				p[lt++] = s;
			} else if (v > piv) {
				p[i] = p[--gt];
				p[gt] = s;
			} else
				i++;
		}
		if (m < lt)
			hi = lt;
		else if (m >= gt)
			lo = gt;
		else
			return;
	}
}

static size_t
build(struct kd *t, size_t lo, size_t hi)
{
	size_t id = t->nnodes++;
	struct kd_node *nd = &t->nodes[id];
	double best = 0;
	size_t dim = 0;

	nd->lo = lo;
	nd->hi = hi;
	nd->leaf = true;
	nd->left = nd->right = 0;
	if (hi - lo <= LEAF)
		return id;
	for (size_t k = 0; k < t->d; k++) {
		double mn = INFINITY, mx = -INFINITY;
		for (size_t i = lo; i < hi; i++) {
			double v = coord(t, t->perm[i], k);
			mn = v < mn ? v : mn;
			mx = v > mx ? v : mx;
		}
		if (mx - mn > best) {
			best = mx - mn;
			dim = k;
		}
	}
	if (best == 0)          /* identical points: one leaf */
		return id;
	size_t mid = lo + (hi - lo) / 2;
	select_kth(t, lo, hi, mid, dim);
	nd->leaf = false;
	nd->dim = dim;
	nd->mid = mid;
	nd->val = coord(t, t->perm[mid], dim);
	size_t l = build(t, lo, mid);
	size_t r = build(t, mid, hi);
	t->nodes[id].left = l;     /* t->nodes does not move: allocated for the worst case */
	t->nodes[id].right = r;
	return id;
}

/* a max-heap of the k best (distance, index) pairs so far */
struct heap {
	double *dist;
	size_t *idx;
	size_t n, k;
};

static inline bool
worse(double da, size_t ia, double db, size_t ib)
{
	return da > db || (da == db && ia > ib);
}

static void
heap_offer(struct heap *h, double dist, size_t i)
{
	size_t c;
	if (h->n < h->k) {
		c = h->n++;
		while (c > 0) {
			size_t p = (c - 1) / 2;
			if (!worse(dist, i, h->dist[p], h->idx[p]))
				break;
			h->dist[c] = h->dist[p];
			h->idx[c] = h->idx[p];
			c = p;
		}
		h->dist[c] = dist;
		h->idx[c] = i;
		return;
	}
	if (!worse(h->dist[0], h->idx[0], dist, i))
		return;
	c = 0;
	for (;;) {
		size_t l = 2 * c + 1, r = l + 1, m = c;
		double md = dist;
		size_t mi = i;
		if (l < h->n && worse(h->dist[l], h->idx[l], md, mi)) {
			m = l;
			md = h->dist[l];
			mi = h->idx[l];
		}
		if (r < h->n && worse(h->dist[r], h->idx[r], md, mi))
			m = r;
		if (m == c)
			break;
		h->dist[c] = h->dist[m];
		h->idx[c] = h->idx[m];
		c = m;
	}
	h->dist[c] = dist;
	h->idx[c] = i;
}

static void
search(const struct kd *t, size_t id, const double *q, struct heap *h)
{
	const struct kd_node *nd = &t->nodes[id];
	if (nd->leaf) {
		for (size_t p = nd->lo; p < nd->hi; p++) {
			size_t i = t->perm[p];
			double s = 0;
			for (size_t k = 0; k < t->d; k++) {
				double e = q[k] - coord(t, i, k);
				s += e * e;
			}
			heap_offer(h, s, i);
		}
		return;
	}
	double diff = q[nd->dim] - nd->val;
	size_t nearc = diff < 0 ? nd->left : nd->right, farc = diff < 0 ? nd->right : nd->left;
	search(t, nearc, q, h);
	/* every point of the far side is at least |diff| away on this axis; a
	 * point exactly as far as the worst kept one may still win on index */
	if (h->n < h->k || diff * diff <= h->dist[0])
		search(t, farc, q, h);
}

int
fair_consistency(const double *x, size_t n, size_t d, const double *y, size_t k, fair_progress *prog,
                 double *out, fair_error *err)
{
	struct kd t = { x, n, d, NULL, NULL, 0 };
	struct heap h = { NULL, NULL, 0, k };
	fair__metric_sum acc = { 0, 0 };
	int st = FAIR_OK;

	*out = NAN;
	if (n == 0)
		return fair_error_set(err, FAIR_EINVAL, "no rows for consistency");
	if (k == 0 || k > n)
		return fair_error_set(err, FAIR_EINVAL, "consistency needs 1 <= k <= %zu (the rows), not %zu", n, k);
	for (size_t i = 0; i < n * d; i++)
		if (!isfinite(x[i]))
			return fair_error_set(err, FAIR_EINVAL, "feature %zu of row %zu is not a finite number", i % d + 1,
			                      i / d + 1);
	t.perm = malloc(n * sizeof *t.perm);
	t.nodes = malloc(2 * n * sizeof *t.nodes);   /* a binary tree over n points has < 2n nodes */
	h.dist = malloc(k * sizeof *h.dist);
	h.idx = malloc(k * sizeof *h.idx);
	if (t.perm == NULL || t.nodes == NULL || h.dist == NULL || h.idx == NULL) {
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		t.perm[i] = i;
	build(&t, 0, n);
	for (size_t i = 0; i < n; i++) {
		if ((i & 1023) == 0 && fair_progress_cancelled(prog)) {
			st = fair_error_set(err, FAIR_ECANCELED, "cancelled");
			goto out;
		}
		h.n = 0;
		search(&t, 0, x + i * d, &h);
		double s = 0;
		for (size_t j = 0; j < k; j++)
			s += y[h.idx[j]];
		fair__metric_add(&acc, fabs(y[i] - s / (double)k));
	}
	*out = 1.0 - fair__metric_total(&acc) / (double)n;
out:
	free(t.perm);
	free(t.nodes);
	free(h.dist);
	free(h.idx);
	return st;
}

int
fair_indices_features(const fair_frame *f, const size_t *cols, size_t ncols, const size_t *rows, size_t nrows,
                      bool scale, double **x, size_t *d, fair_error *err)
{
	size_t dim = 0, at = 0;
	double *m;

	*x = NULL;
	*d = 0;
	if (ncols == 0)
		return fair_error_set(err, FAIR_EINVAL, "no feature columns for consistency");
	for (size_t j = 0; j < ncols; j++) {
		const fair_column *c = fair_frame_column(f, cols[j]);
		dim += fair_column_type(c) == FAIR_COL_NUMERIC ? 1 : fair_column_nlevels(c);
	}
	if (dim == 0)
		return fair_error_set(err, FAIR_EINVAL, "the feature columns have no levels");
	if (nrows > 0 && dim > SIZE_MAX / sizeof *m / nrows)
		return fair_error_set(err, FAIR_ENOMEM, "the features make a %zu x %zu matrix; choose fewer columns",
		                      nrows, dim);
	m = calloc(nrows ? nrows * dim : 1, sizeof *m);
	if (m == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t j = 0; j < ncols; j++) {
		const fair_column *c = fair_frame_column(f, cols[j]);
		if (fair_column_type(c) == FAIR_COL_NUMERIC) {
			const double *v = fair_column_values(c);
			fair__metric_sum s1 = { 0, 0 }, s2 = { 0, 0 };
			for (size_t i = 0; i < nrows; i++) {
				if (isnan(v[rows[i]])) {
					free(m);
					return fair_error_set(err, FAIR_EINVAL,
					                      "column '%s' has a missing value at row %zu; consistency needs "
					                      "complete numeric features",
					                      fair_column_name(c), rows[i] + 1);
				}
				m[i * dim + at] = v[rows[i]];
				fair__metric_add(&s1, v[rows[i]]);
			}
			if (scale && nrows > 0) {
				double mean = fair__metric_total(&s1) / (double)nrows;
				for (size_t i = 0; i < nrows; i++) {
					double e = m[i * dim + at] - mean;
					fair__metric_add(&s2, e * e);
				}
				double sd = sqrt(fair__metric_total(&s2) / (double)nrows);
				for (size_t i = 0; i < nrows; i++)
					m[i * dim + at] = sd > 0 ? (m[i * dim + at] - mean) / sd : 0.0;
			}
			at++;
		} else {
			const int32_t *code = fair_column_codes(c);
			for (size_t i = 0; i < nrows; i++)
				if (code[rows[i]] >= 0)
					m[i * dim + at + (size_t)code[rows[i]]] = 1.0;
			at += fair_column_nlevels(c);
		}
	}
	*x = m;
	*d = dim;
	return FAIR_OK;
}
