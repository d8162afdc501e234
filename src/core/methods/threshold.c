/* threshold.c -- the threshold optimiser of Hardt, Price & Srebro (2016)
 * as Fairlearn's ThresholdOptimizer defines it: group-specific randomised
 * thresholds on a score (optionally flipped) that maximise an objective
 * subject to a parity constraint, within a tolerance. Two solvers: the
 * exact optimum over the groups' convex hulls (default) and Fairlearn's
 * search on a grid of constraint values (grid=N, to reproduce its
 * numbers). Saving is in threshold-save.c. See methods-private.h and
 * doc/methods.md 8.3. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "methods/threshold-impl.h"
#include "fairsh/param.h"

/* one candidate classifier of a group: an operation on the score, its
 * confusion counts and its (x, y) = (constraint metric, objective metric) */
typedef struct {
	double x, y;
	double fp, tp;
	int op;
	double thr;
	size_t seq;      /* insertion order (stable sort) */
} cand;

typedef struct {
	cand   *c;       /* candidates, then (in place) the hull vertices */
	size_t  nc, nh;
	double  n, P, N;
} ghull;

struct srow { double s, y; };

static int
cmp_desc(const void *a, const void *b)
{
	double x = ((const struct srow *)a)->s, y = ((const struct srow *)b)->s;
	return x > y ? -1 : x < y ? 1 : 0;
}

static int
cmp_xy(const void *a, const void *b)
{
	const cand *p = a, *q = b;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq ? 1 : 0;
}

/* A metric of a classifier with counts (fp, tp) in a group (n, P, N):
 * constraint metrics (enum fair_constraint: dp = selection rate, eo = TPR,
 * fpr, tnr, fnr) when @is_con, else objectives (enum fair_objective). */
static double
metric(int m, bool is_con, double fp, double tp, double n, double P, double N)
{
	if (is_con)
		switch (m) {
		case FAIR_CONSTRAINT_DP: return (tp + fp) / n;
		case FAIR_CONSTRAINT_EO: return tp / P;
		case FAIR_CONSTRAINT_FPR: return fp / N;
		case FAIR_CONSTRAINT_TNR: return (N - fp) / N;
		case FAIR_CONSTRAINT_FNR: return (P - tp) / P;
		default: return NAN;
		}
	switch (m) {
	case FAIR_OBJECTIVE_ACCURACY: return (tp + (N - fp)) / n;
	case FAIR_OBJECTIVE_BALANCED: return 0.5 * tp / P + 0.5 * (N - fp) / N;
	case FAIR_OBJECTIVE_SELECTION: return (tp + fp) / n;
	case FAIR_OBJECTIVE_TPR: return tp / P;
	case FAIR_OBJECTIVE_TNR: return (N - fp) / N;
	default: return NAN;
	}
}

static bool
needs_pos(int m, bool is_con)
{
	return is_con ? (m == FAIR_CONSTRAINT_EO || m == FAIR_CONSTRAINT_FNR || m == FAIR_CONSTRAINT_EODDS)
	              : (m == FAIR_OBJECTIVE_BALANCED || m == FAIR_OBJECTIVE_TPR);
}

static bool
needs_neg(int m, bool is_con)
{
	return is_con ? (m == FAIR_CONSTRAINT_FPR || m == FAIR_CONSTRAINT_TNR || m == FAIR_CONSTRAINT_EODDS)
	              : (m == FAIR_OBJECTIVE_BALANCED || m == FAIR_OBJECTIVE_TNR);
}

/* The midpoint cut between two distinct scores hi > lo: a value m with
 * lo <= m < hi for "score > m" and lo < m <= hi for "score < m" (the same
 * m unless hi and lo are adjacent doubles). */
static void
midpoint(double hi, double lo, double *gt, double *lt)
{
	double m = isfinite(hi + lo) ? (hi + lo) / 2 : hi / 2 + lo / 2;
	if (lo == -INFINITY) {
		*gt = *lt = -INFINITY;
		return;
	}
	*gt = m < hi ? m : lo;
	*lt = m > lo ? m : hi;
}

/* The candidates of group rows @r: after sorting by decreasing score, the
 * cut before every distinct score (nobody, ..., everybody), each as
 * "score > t" and, with flip, as its complement "score < t". */
static int
build_group(struct srow *r, size_t nr, const fair_thresh_opts *o, int xm, int ym, ghull *h,
            fair_error *err)
{
	double fp = 0, tp = 0, P = 0, N = 0;
	size_t k = 0, seq = 0;

	qsort(r, nr, sizeof *r, cmp_desc);
	for (size_t i = 0; i < nr; i++) {
		P += r[i].y == 1.0;
		N += r[i].y == 0.0;
	}
	h->n = (double)nr;
	h->P = P;
	h->N = N;
	h->c = malloc(2 * (nr + 2) * sizeof *h->c);
	if (h->c == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t i = 0, first = 1; first || i < nr; first = 0) {
		double gt = INFINITY, lt = INFINITY;
		if (!first) {
			double sc = r[i].s;
			while (i < nr && r[i].s == sc) {
				if (r[i].y == 1.0) tp += 1; else fp += 1;
				i++;
			}
			midpoint(sc, i < nr ? r[i].s : -INFINITY, &gt, &lt);
		}
		for (int f = 0; f < (o->flip ? 2 : 1); f++) {
			cand *c = &h->c[k++];
			c->fp = f ? N - fp : fp;
			c->tp = f ? P - tp : tp;
			c->op = f ? FAIR_THRESH_LT : FAIR_THRESH_GT;
			c->thr = f ? lt : gt;
			c->seq = seq++;
			c->x = metric(xm, true, c->fp, c->tp, h->n, P, N);
			c->y = metric(ym, false, c->fp, c->tp, h->n, P, N);
		}
	}
	h->nc = k;
	return FAIR_OK;
}

/* Fairlearn's upper hull (monotone chain over the candidates sorted by x,
 * then y, then order; a middle point on or below the chord is dropped).
 * With @dedupe (the exact solver) only the highest point of each x is
 * kept first, so the hull is a function of x with strictly increasing x. */
static void
hull(ghull *h, bool dedupe)
{
	size_t m = 0, k = 0;

	qsort(h->c, h->nc, sizeof *h->c, cmp_xy);
	if (dedupe) {
		for (size_t i = 0; i < h->nc; i++) {
			if (m > 0 && h->c[m - 1].x == h->c[i].x) {
				if (h->c[i].y > h->c[m - 1].y)
					h->c[m - 1] = h->c[i];
				continue;
			}
			h->c[m++] = h->c[i];
		}
	} else {
		m = h->nc;
	}
	for (size_t i = 0; i < m; i++) {
		cand r2 = h->c[i];
		while (k >= 2) {
			cand r1 = h->c[k - 1], r0 = h->c[k - 2];
			if ((r1.y - r0.y) * (r2.x - r0.x) <= (r2.y - r0.y) * (r1.x - r0.x))
				k--;
			else
				break;
		}
		h->c[k++] = r2;
	}
	h->nh = k;
}

/* ---- Fairlearn's interpolation on the grid ------------------------------ */

/* The hull point of @h at grid value x (grid index @j): left vertex @i0,
 * weight p0 on it (p1 = 1 - p0 on i0 + 1) and y; NaN y (weights NaN) where
 * Fairlearn divides 0 by 0 (a vertical hull edge at x). */
static void
interp_grid(const ghull *h, double x, size_t j, size_t *i0, double *p0, double *y)
{
	size_t lo = 0, hi = h->nh;   /* searchsorted(side=right): first index with xv > x */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->c[mid].x <= x) lo = mid + 1; else hi = mid;
	}
	size_t idx = lo == 0 ? 0 : lo - 1;
	if (lo == 0)
		idx = (size_t)-1;
	if (j > 0 && idx != (size_t)-1 && x == h->c[idx].x)
		idx--;
	if (idx == (size_t)-1 || idx + 1 >= h->nh) {
		/* outside the hull's x range (cannot happen for rates in [0, 1]) */
		*i0 = idx == (size_t)-1 ? 0 : h->nh - 1;
		*p0 = NAN;
		*y = NAN;
		return;
	}
	double dn = h->c[idx + 1].x - x, dd = h->c[idx + 1].x - h->c[idx].x;
	*i0 = idx;
	*p0 = dn / dd;
	*y = *p0 * h->c[idx].y + (1 - *p0) * h->c[idx + 1].y;
}

/* ---- the exact hull as a function of x ----------------------------------- */

/* Locates x on the (deduplicated) hull: segment [i0, i0 + 1] and weight p0
 * on i0; returns y. x outside the range is clamped. */
static double
locate(const ghull *h, double x, size_t *i0, double *p0)
{
	if (h->nh == 1 || x <= h->c[0].x) {
		*i0 = 0;
		*p0 = 1;
		return h->c[0].y;
	}
	if (x >= h->c[h->nh - 1].x) {
		*i0 = h->nh - 2;
		*p0 = 0;
		return h->c[h->nh - 1].y;
	}
	size_t lo = 1, hi = h->nh - 1;   /* first i >= 1 with x_i >= x */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->c[mid].x >= x) hi = mid; else lo = mid + 1;
	}
	*i0 = lo - 1;
	*p0 = (h->c[lo].x - x) / (h->c[lo].x - h->c[lo - 1].x);
	if (*p0 < 0) *p0 = 0;
	if (*p0 > 1) *p0 = 1;
	return *p0 * h->c[lo - 1].y + (1 - *p0) * h->c[lo].y;
}

/* The group's rule: mixture p0 of vertex i0 and 1 - p0 of i0 + 1, then
 * p_ignore of the constant prediction c; fills rates and the rule. */
static void
set_group(fair_thresh_group *o, const ghull *h, size_t i0, double p0, double p_ignore, double c)
{
	const cand *a = &h->c[i0], *b = &h->c[i0 + 1 < h->nh ? i0 + 1 : i0];
	double p1 = 1 - p0;

	if (!(p0 > 0)) {   /* keep the rule short: drop a zero-weight operation */
		p0 = 0;
		p1 = 1;
	}
	o->op0 = a->op;
	o->thr0 = a->thr;
	o->p0 = p0;
	o->op1 = b->op;
	o->thr1 = b->thr;
	o->p1 = p1;
	o->p_ignore = p_ignore;
	o->constant = c;
	double fp = (1 - p_ignore) * (p0 * a->fp + p1 * b->fp) + p_ignore * c * h->N;
	double tp = (1 - p_ignore) * (p0 * a->tp + p1 * b->tp) + p_ignore * c * h->P;
	o->sel = (fp + tp) / h->n;
	o->tpr = h->P > 0 ? tp / h->P : NAN;
	o->fpr = h->N > 0 ? fp / h->N : NAN;
	o->n = (size_t)h->n;
	o->npos = (size_t)h->P;
}

/* Fairlearn's grid search for a simple constraint (no tolerance, or its
 * sliding window for tol > 0). */
static int
grid_simple(fair_thresh *t, ghull *h, size_t K, const size_t *act, double ntot, fair_error *err)
{
	size_t G = t->o.grid, best = SIZE_MAX;
	double *x = malloc((G + 1) * sizeof *x), *Y = malloc((G + 1) * K * sizeof *Y);
	double *P0 = malloc((G + 1) * K * sizeof *P0), bestv = -INFINITY;
	size_t *I0 = malloc((G + 1) * K * sizeof *I0), *sel = calloc(K, sizeof *sel);
	int st = FAIR_OK;

	if (!x || !Y || !P0 || !I0 || !sel) {
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t j = 0; j <= G; j++)   /* numpy's linspace(0, 1, G + 1) */
		x[j] = j == G ? 1.0 : (double)j * (1.0 / (double)G);
	for (size_t q = 0; q < K; q++)
		for (size_t j = 0; j <= G; j++)
			interp_grid(&h[q], x[j], j, &I0[j * K + q], &P0[j * K + q], &Y[j * K + q]);
	if (t->o.tol <= 0) {
		/* sum_g p_g y_g (NaN counts as 0, as pandas' sum), first maximum */
		for (size_t j = 0; j <= G; j++) {
			double v = 0;
			for (size_t q = 0; q < K; q++) {
				double w = h[q].n / ntot * Y[j * K + q];
				v = q == 0 ? (isnan(w) ? 0 : w) : v + (isnan(w) ? 0 : w);
			}
			if (best == SIZE_MAX || v > bestv) {
				bestv = v;
				best = j;
			}
		}
		for (size_t q = 0; q < K; q++)
			sel[q] = best;
	} else {
		/* Fairlearn's maximize_objective_with_tolerance: a window of grid
		 * values at most tol wide; per group the best y inside it (a
		 * monotone deque per group, kept as index arrays) */
		size_t *dq = malloc((G + 1) * K * sizeof *dq), *head = calloc(K, sizeof *head),
		       *tail = calloc(K, sizeof *tail), start = 0;
		double minviol = INFINITY;
		if (!dq || !head || !tail) {
			free(dq); free(head); free(tail);
			st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
			goto out;
		}
#define WY(j, q) (Y[(j) * K + (q)] * (h[q].n / ntot))
		for (size_t e = 0; e <= G; e++) {
			for (size_t q = 0; q < K; q++) {
				size_t *d = dq + q * (G + 1);
				while (tail[q] > head[q] && WY(d[tail[q] - 1], q) <= WY(e, q))
					tail[q]--;
				d[tail[q]++] = e;
			}
			while (x[e] - x[start] > t->o.tol) {
				for (size_t q = 0; q < K; q++)
					if (tail[q] > head[q] && dq[q * (G + 1) + head[q]] == start)
						head[q]++;
				start++;
			}
			double cur = 0, xlo = INFINITY, xhi = -INFINITY;
			for (size_t q = 0; q < K; q++) {
				size_t j = dq[q * (G + 1) + head[q]];
				cur = q == 0 ? WY(j, q) : cur + WY(j, q);
				xlo = fmin(xlo, x[j]);
				xhi = fmax(xhi, x[j]);
			}
			if (cur > bestv || (cur == bestv && xhi - xlo <= minviol)) {
				bestv = cur;
				minviol = xhi - xlo;
				best = e;
				for (size_t q = 0; q < K; q++)
					sel[q] = dq[q * (G + 1) + head[q]];
			}
		}
#undef WY
		free(dq);
		free(head);
		free(tail);
	}
	if (best == SIZE_MAX) {
		st = fair_error_set(err, FAIR_ENUMERIC, "the threshold optimiser found no feasible grid point");
		goto out;
	}
	for (size_t q = 0; q < K; q++) {
		size_t j = sel[q];
		double p0 = P0[j * K + q];
		if (isnan(p0)) {
			st = fair_error_set(err, FAIR_ENUMERIC, "the threshold optimiser's grid point %zu falls on a vertical hull edge", j);
			goto out;
		}
		set_group(&t->g[act[q]], &h[q], I0[j * K + q], p0, 0, 0);
		t->g[act[q]].x = x[j];
	}
	t->objective = bestv;
out:
	free(x);
	free(Y);
	free(P0);
	free(I0);
	free(sel);
	return st;
}

/* Fairlearn's grid search for equalized odds: per grid FPR the smallest of
 * the groups' hull TPRs, the objective on the overall counts (rounded to 15
 * decimals), first maximum; each group reaches that TPR by mixing in the
 * constant prediction x with probability p_ignore. */
static int
grid_eodds(fair_thresh *t, ghull *h, size_t K, const size_t *act, fair_error *err)
{
	size_t G = t->o.grid, best = SIZE_MAX;
	double *x = malloc((G + 1) * sizeof *x), *Y = malloc((G + 1) * K * sizeof *Y);
	double *P0 = malloc((G + 1) * K * sizeof *P0), *ymin = malloc((G + 1) * sizeof *ymin);
	size_t *I0 = malloc((G + 1) * K * sizeof *I0);
	double P = 0, N = 0, bestv = -INFINITY;
	int st = FAIR_OK;

	if (!x || !Y || !P0 || !ymin || !I0) {
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t q = 0; q < K; q++) {
		P += h[q].P;
		N += h[q].N;
	}
	for (size_t j = 0; j <= G; j++) {
		x[j] = j == G ? 1.0 : (double)j * (1.0 / (double)G);
		ymin[j] = NAN;
		for (size_t q = 0; q < K; q++) {
			interp_grid(&h[q], x[j], j, &I0[j * K + q], &P0[j * K + q], &Y[j * K + q]);
			if (!isnan(Y[j * K + q]) && (isnan(ymin[j]) || Y[j * K + q] < ymin[j]))
				ymin[j] = Y[j * K + q];
		}
		double fp = N * x[j], tn = N * (1.0 - x[j]), tp = P * ymin[j], fn = P * (1.0 - ymin[j]);
		double n = tp + tn + fp + fn, v;
		if (t->o.objective == FAIR_OBJECTIVE_BALANCED)
			v = 0.5 * tp / (tp + fn) + 0.5 * tn / (tn + fp);
		else
			v = (tp + tn) / n;
		v = rint(v * 1e15) / 1e15;   /* numpy's around(v, 15) */
		if (!isnan(v) && (best == SIZE_MAX || v > bestv)) {
			bestv = v;
			best = j;
		}
	}
	if (best == SIZE_MAX) {
		st = fair_error_set(err, FAIR_ENUMERIC, "the threshold optimiser found no feasible grid point");
		goto out;
	}
	for (size_t q = 0; q < K; q++) {
		double yq = Y[best * K + q], xb = x[best], pi;
		if (isnan(yq)) {
			st = fair_error_set(err, FAIR_ENUMERIC, "the threshold optimiser's grid point %zu falls on a vertical hull edge", best);
			goto out;
		}
		pi = yq == xb ? 0 : (yq - ymin[best]) / (yq - xb);
		set_group(&t->g[act[q]], &h[q], I0[best * K + q], P0[best * K + q], pi, xb);
		t->g[act[q]].x = xb;
	}
	t->objective = bestv;
out:
	free(x);
	free(Y);
	free(P0);
	free(ymin);
	free(I0);
	return st;
}

/* ---- exact solvers --------------------------------------------------------- */

/* max over [a, b] of the concave hull function: the point nearest to the
 * window's middle inside the hull's plateau of maxima, clamped to [a, b] */
static double
window_best(const ghull *h, double a, double b, double *xbest)
{
	double top = -INFINITY, pl = 0, pr = 0, x;
	size_t i0;
	double p0;

	for (size_t i = 0; i < h->nh; i++)
		if (h->c[i].y > top) {
			top = h->c[i].y;
			pl = pr = h->c[i].x;
		} else if (h->c[i].y == top) {
			pr = h->c[i].x;
		}
	if (pr < a)
		x = a;
	else if (pl > b)
		x = b;
	else {
		double lo = fmax(pl, a), hi = fmin(pr, b), mid = a + (b - a) / 2;
		x = mid < lo ? lo : mid > hi ? hi : mid;
	}
	*xbest = x;
	return locate(h, x, &i0, &p0);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y ? 1 : 0;
}

/* Simple constraint, exact: the objective sum_g p_g f_g(x_g) is a sum of
 * concave piecewise-linear functions; with tol = 0 all x_g are equal and the
 * maximum is at a hull vertex of some group; with tol > 0 the groups choose
 * within a window [a, a + tol] and the best window starts at a vertex or a
 * vertex minus tol (doc/methods.md 8.3). */
static int
exact_simple(fair_thresh *t, ghull *h, size_t K, const size_t *act, double ntot, fair_error *err)
{
	size_t nv = 0, cap = 2;
	double tol = t->o.tol > 0 ? t->o.tol : 0, *cand_a, besta = 0, bestv = -INFINITY, bestviol = INFINITY;
	double *xs = malloc(K * sizeof *xs);

	for (size_t q = 0; q < K; q++)
		cap += 2 * h[q].nh;
	cand_a = malloc(cap * sizeof *cand_a);
	if (cand_a == NULL || xs == NULL) {
		free(cand_a);
		free(xs);
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	double lo = INFINITY, hi = -INFINITY;
	for (size_t q = 0; q < K; q++) {
		lo = fmin(lo, h[q].c[0].x);
		hi = fmax(hi, h[q].c[h[q].nh - 1].x);
	}
	double amax = hi - tol < lo ? lo : hi - tol;
	cand_a[nv++] = lo;
	cand_a[nv++] = amax;
	for (size_t q = 0; q < K; q++)
		for (size_t i = 0; i < h[q].nh; i++) {
			cand_a[nv++] = h[q].c[i].x;
			if (tol > 0)
				cand_a[nv++] = h[q].c[i].x - tol;
		}
	qsort(cand_a, nv, sizeof *cand_a, cmp_double);
	for (size_t k = 0; k < nv; k++) {
		double a = cand_a[k] < lo ? lo : cand_a[k] > amax ? amax : cand_a[k], v = 0, xl = INFINITY, xh = -INFINITY;
		for (size_t q = 0; q < K; q++) {
			double xq;
			v += h[q].n / ntot * window_best(&h[q], a, a + tol, &xq);
			xl = fmin(xl, xq);
			xh = fmax(xh, xq);
		}
		/* strictly better beyond rounding, or as good with a smaller spread */
		if (k == 0 || v > bestv + 1e-12 * (1 + fabs(bestv)) ||
		    (v >= bestv - 1e-12 * (1 + fabs(bestv)) && xh - xl < bestviol - 1e-15)) {
			bestv = v;
			besta = a;
			bestviol = xh - xl;
		}
	}
	t->objective = bestv;
	for (size_t q = 0; q < K; q++) {
		size_t i0;
		double p0;
		window_best(&h[q], besta, besta + tol, &xs[q]);
		locate(&h[q], xs[q], &i0, &p0);
		set_group(&t->g[act[q]], &h[q], i0, p0, 0, 0);
		t->g[act[q]].x = xs[q];
	}
	free(cand_a);
	free(xs);
	return FAIR_OK;
}

/* Equalized odds, exact: at FPR f every group can reach any TPR between f
 * (mixing in the constant prediction f) and its hull U_g(f), so the best
 * common point is max_f obj(f, min_g U_g(f)); min_g U_g is concave and
 * piecewise linear with breakpoints at the hull vertices and at the
 * crossings of two groups' hulls, which are all evaluated. */
static int
exact_eodds(fair_thresh *t, ghull *h, size_t K, const size_t *act, fair_error *err)
{
	size_t cap = 2, nv = 0;
	double P = 0, N = 0, ntot = 0, bestf = 0, bestt = 0, bestv = -INFINITY, *cf;

	for (size_t q = 0; q < K; q++) {
		cap += h[q].nh;
		P += h[q].P;
		N += h[q].N;
		ntot += h[q].n;
		for (size_t r = q + 1; r < K; r++)
			cap += h[q].nh + h[r].nh;
	}
	if ((cf = malloc(cap * sizeof *cf)) == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	cf[nv++] = 0;
	cf[nv++] = 1;
	for (size_t q = 0; q < K; q++)
		for (size_t i = 0; i < h[q].nh; i++)
			cf[nv++] = h[q].c[i].x;
	for (size_t q = 0; q < K; q++)
		for (size_t r = q + 1; r < K; r++) {
			/* walk the merged breakpoints of the two hulls */
			size_t i = 0, j = 0;
			double a = 0;
			while (i < h[q].nh || j < h[r].nh) {
				double b;
				if (j >= h[r].nh || (i < h[q].nh && h[q].c[i].x <= h[r].c[j].x))
					b = h[q].c[i++].x;
				else
					b = h[r].c[j++].x;
				if (b <= a)
					continue;
				size_t u;
				double p, da = locate(&h[q], a, &u, &p) - locate(&h[r], a, &u, &p);
				double db = locate(&h[q], b, &u, &p) - locate(&h[r], b, &u, &p);
				if ((da < 0 && db > 0) || (da > 0 && db < 0))
					cf[nv++] = a + (b - a) * da / (da - db);
				a = b;
			}
		}
	for (size_t k = 0; k < nv; k++) {
		double f = cf[k] < 0 ? 0 : cf[k] > 1 ? 1 : cf[k], tr = INFINITY, v;
		for (size_t q = 0; q < K; q++) {
			size_t u;
			double p;
			tr = fmin(tr, locate(&h[q], f, &u, &p));
		}
		if (tr < f)
			tr = f;
		if (t->o.objective == FAIR_OBJECTIVE_BALANCED)
			v = 0.5 * tr + 0.5 * (1 - f);
		else
			v = (P * tr + N * (1 - f)) / ntot;
		if (k == 0 || v > bestv + 1e-12 * (1 + fabs(bestv))) {
			bestv = v;
			bestf = f;
			bestt = tr;
		}
	}
	free(cf);
	t->objective = bestv;
	for (size_t q = 0; q < K; q++) {
		size_t i0;
		double p0, yq = locate(&h[q], bestf, &i0, &p0), pi;
		pi = yq - bestf > 0 ? (yq - bestt) / (yq - bestf) : 0;
		if (pi < 0) pi = 0;
		if (pi > 1) pi = 1;
		set_group(&t->g[act[q]], &h[q], i0, p0, pi, bestf);
		t->g[act[q]].x = bestf;
	}
	return FAIR_OK;
}

static int
check_opts(const fair_thresh_opts *o, fair_error *err)
{
	int c = o->constraint;

	if (c != FAIR_CONSTRAINT_DP && c != FAIR_CONSTRAINT_EO && c != FAIR_CONSTRAINT_EODDS &&
	    c != FAIR_CONSTRAINT_FPR && c != FAIR_CONSTRAINT_TNR && c != FAIR_CONSTRAINT_FNR)
		return fair_error_set(err, FAIR_EINVAL, "the threshold optimiser takes constraint dp, eo, fpr, tnr, fnr or eodds, not %s",
		                      fair_constraint_name(c));
	if (o->objective < FAIR_OBJECTIVE_ACCURACY || o->objective > FAIR_OBJECTIVE_TNR)
		return fair_error_set(err, FAIR_EINVAL, "unknown objective %d", o->objective);
	if (c == FAIR_CONSTRAINT_EODDS && o->objective != FAIR_OBJECTIVE_ACCURACY && o->objective != FAIR_OBJECTIVE_BALANCED)
		return fair_error_set(err, FAIR_EINVAL, "with constraint=eodds the objective must be accuracy or balanced_accuracy, not %s",
		                      fair_objective_name(o->objective));
	if (!(o->tol >= 0) || o->tol > 1)
		return fair_error_set(err, FAIR_EINVAL, "tol must be between 0 and 1, not %g", o->tol);
	if (c == FAIR_CONSTRAINT_EODDS && o->tol > 0)
		return fair_error_set(err, FAIR_EINVAL, "tol= does not apply to constraint=eodds (as in Fairlearn)");
	if (o->grid > 10000000)
		return fair_error_set(err, FAIR_EINVAL, "grid must be at most 10000000, not %zu", o->grid);
	return FAIR_OK;
}

fair_thresh *
fair_thresh_fit_opts(const double *score, const double *y, const int32_t *group, size_t n, size_t K,
                     const fair_thresh_opts *o, const char *const *labels, fair_error *err)
{
	fair_thresh *t = calloc(1, sizeof *t);
	ghull *h = calloc(K ? K : 1, sizeof *h);
	struct srow *rows = malloc((n + 1) * sizeof *rows);
	size_t *cnt = calloc(K ? K : 1, sizeof *cnt), *off = calloc(K + 1, sizeof *off);
	size_t *act = calloc(K ? K : 1, sizeof *act);   /* packed index -> group */
	size_t Ka = 0;
	double ntot = 0;
	int st = FAIR_OK, xm, ym;
	bool eodds;

	if (!t || !h || !rows || !cnt || !off || !act) {
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	if ((st = check_opts(o, err)))
		goto out;
	if (K == 0) {
		st = fair_error_set(err, FAIR_EINVAL, "the threshold optimiser needs at least one group");
		goto out;
	}
	t->o = *o;
	t->K = K;
	eodds = o->constraint == FAIR_CONSTRAINT_EODDS;
	xm = eodds ? FAIR_CONSTRAINT_FPR : o->constraint;
	ym = eodds ? FAIR_OBJECTIVE_TPR : o->objective;
	if ((t->g = calloc(K, sizeof *t->g)) == NULL) {
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (group[i] < 0)
			continue;
		if ((size_t)group[i] >= K) {
			st = fair_error_set(err, FAIR_EINVAL, "group code %d in row %zu is out of range (K = %zu)",
			                    (int)group[i], i, K);
			goto out;
		}
		if (y[i] != 0.0 && y[i] != 1.0) {
			st = fair_error_set(err, FAIR_EINVAL, "the threshold optimiser needs labels 0 or 1; row %zu has %g", i, y[i]);
			goto out;
		}
		if (!isfinite(score[i])) {
			st = fair_error_set(err, FAIR_EINVAL, "score in row %zu is missing or infinite", i);
			goto out;
		}
		cnt[group[i]]++;
	}
	for (size_t g = 0; g < K; g++)
		off[g + 1] = off[g] + cnt[g];
	memset(cnt, 0, K * sizeof *cnt);
	for (size_t i = 0; i < n; i++)
		if (group[i] >= 0) {
			size_t g = (size_t)group[i];
			rows[off[g] + cnt[g]++] = (struct srow){ score[i], y[i] };
		}
	/* groups without training rows take no part (sessions keep groups that
	 * a filter emptied); the others are packed to the front of h */
	for (size_t g = 0; g < K; g++) {
		if (cnt[g] == 0) {
			t->g[g] = (fair_thresh_group){ .p0 = NAN, .p1 = NAN, .thr0 = NAN, .thr1 = NAN, .p_ignore = NAN,
			                               .constant = NAN, .x = NAN, .sel = NAN, .tpr = NAN, .fpr = NAN };
			continue;
		}
		ghull *hg = &h[Ka];
		act[Ka++] = g;
		if ((st = build_group(rows + off[g], cnt[g], o, xm, ym, hg, err)))
			goto out;
		ntot += hg->n;
		const char *lab = labels ? labels[g] : NULL;
		char num[32];
		if (lab == NULL) {
			snprintf(num, sizeof num, "%zu", g);
			lab = num;
		}
		/* Fairlearn refuses any group without both labels on its grid */
		if ((hg->P == 0 && (o->grid > 0 || needs_pos(o->constraint, true) || needs_pos(o->objective, false))) ||
		    (hg->N == 0 && (o->grid > 0 || needs_neg(o->constraint, true) || needs_neg(o->objective, false)))) {
			st = fair_error_set(err, FAIR_EUNDEF, "group '%s' has no %s training rows; the threshold optimiser "
			                    "(constraint=%s, objective=%s%s) needs them", lab, hg->P == 0 ? "positive" : "negative",
			                    fair_constraint_name(o->constraint), fair_objective_name(o->objective),
			                    o->grid > 0 ? ", grid" : "");
			goto out;
		}
		hull(hg, o->grid == 0);
	}
	if (Ka == 0) {
		st = fair_error_set(err, FAIR_EUNDEF, "no group has training rows");
		goto out;
	}
	if (o->grid > 0)
		st = eodds ? grid_eodds(t, h, Ka, act, err) : grid_simple(t, h, Ka, act, ntot, err);
	else
		st = eodds ? exact_eodds(t, h, Ka, act, err) : exact_simple(t, h, Ka, act, ntot, err);
	if (st)
		goto out;
	{
		double correct = 0;
		for (size_t q = 0; q < Ka; q++) {
			const fair_thresh_group *o2 = &t->g[act[q]];
			double tp = h[q].P > 0 ? o2->tpr * h[q].P : 0, fp = h[q].N > 0 ? o2->fpr * h[q].N : 0;
			correct += tp + (h[q].N - fp);
		}
		t->accuracy = correct / ntot;
	}
out:
	if (h)
		for (size_t g = 0; g < K; g++)
			free(h[g].c);
	free(h);
	free(rows);
	free(cnt);
	free(off);
	free(act);
	if (st != FAIR_OK) {
		fair_thresh_free(t);
		return NULL;
	}
	return t;
}

fair_thresh *
fair_thresh_fit(const double *score, const double *y, const int32_t *group, size_t n,
                size_t K, int constraint, fair_error *err)
{
	fair_thresh_opts o;

	fair_thresh_opts_init(&o);
	o.constraint = constraint;
	return fair_thresh_fit_opts(score, y, group, n, K, &o, NULL, err);
}

static double
op_apply(int op, double thr, double s)
{
	switch (op) {
	case FAIR_THRESH_GT: return s > thr;
	case FAIR_THRESH_LT: return s < thr;
	default: return s >= thr;   /* FAIR_THRESH_GE, files of earlier versions */
	}
}

double
fair_thresh_prob(const fair_thresh *t, double score, int32_t g)
{
	if (g < 0 || (size_t)g >= t->K || isnan(score) || t->g[g].n == 0)
		return NAN;   /* no group, or a group without training rows */
	const fair_thresh_group *o = &t->g[g];
	double v = o->p0 * op_apply(o->op0, o->thr0, score) + o->p1 * op_apply(o->op1, o->thr1, score);
	if (o->p_ignore > 0)
		v = o->p_ignore * o->constant + (1 - o->p_ignore) * v;
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

const fair_thresh_group *fair_thresh_group_get(const fair_thresh *t, size_t g) { return g < t->K ? &t->g[g] : NULL; }
size_t fair_thresh_ngroups(const fair_thresh *t) { return t->K; }
int    fair_thresh_constraint(const fair_thresh *t) { return t->o.constraint; }
const fair_thresh_opts *fair_thresh_options(const fair_thresh *t) { return &t->o; }
double fair_thresh_accuracy(const fair_thresh *t) { return t->accuracy; }
double fair_thresh_objective(const fair_thresh *t) { return t->objective; }

void
fair_thresh_free(fair_thresh *t)
{
	if (t == NULL)
		return;
	free(t->g);
	free(t);
}
