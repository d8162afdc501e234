/* threshold.c -- the threshold optimiser of Hardt, Price & Srebro
 * (2016): group-specific randomised thresholds on a score that maximise
 * training accuracy subject to dp, eo or eodds, found by an exact search
 * over the groups' ROC convex hulls (see methods-private.h). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "methods/methods-private.h"
#include "fairsh/param.h"

struct fair_thresh {
	int    constraint;
	size_t K;
	double accuracy;
	fair_thresh_group *g;
};

/* one threshold classifier "score >= thr" of a group, in counts */
typedef struct { double fp, tp, thr; size_t j; } pt;

/* per-group working data */
typedef struct {
	pt     *pts;          /* m + 1 ROC points, j = 0 (nobody) .. m (everybody) */
	size_t  m;
	pt     *up;           /* upper hull vertices (0,0) -> (N,P) */
	size_t  nup;
	pt     *lo;           /* lower hull vertices (0,0) -> (N,P) */
	size_t  nlo;
	double  n, P, N;
} ghull;

typedef struct { double x, y; } vec2;

static double
cross3(pt o, pt a, pt b)
{
	return (a.fp - o.fp) * (b.tp - o.tp) - (a.tp - o.tp) * (b.fp - o.fp);
}

/* Monotone chain over points already in (fp asc, tp asc) order; upper
 * keeps clockwise turns, lower counter-clockwise ones. */
static size_t
chain(const pt *p, size_t np, pt *h, bool upper)
{
	size_t k = 0;
	for (size_t i = 0; i < np; i++) {
		while (k >= 2) {
			double c = cross3(h[k - 2], h[k - 1], p[i]);
			if (upper ? c >= 0 : c <= 0)
				k--;
			else
				break;
		}
		h[k++] = p[i];
	}
	return k;
}

struct srow { double s, y; };

static int
cmp_desc(const void *a, const void *b)
{
	double x = ((const struct srow *)a)->s, y = ((const struct srow *)b)->s;
	return x > y ? -1 : x < y ? 1 : 0;
}

/* Builds the ROC points and hulls of group rows @r (@nr rows). */
static int
build_group(struct srow *r, size_t nr, ghull *h, fair_error *err)
{
	qsort(r, nr, sizeof *r, cmp_desc);
	h->pts = malloc((nr + 2) * sizeof *h->pts);
	h->up = malloc((nr + 2) * sizeof *h->up);
	h->lo = malloc((nr + 2) * sizeof *h->lo);
	if (!h->pts || !h->up || !h->lo)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	double fp = 0, tp = 0;
	size_t m = 0;
	h->pts[0] = (pt){ 0, 0, INFINITY, 0 };
	for (size_t i = 0; i < nr;) {
		size_t e = i;
		while (e < nr && r[e].s == r[i].s) {
			if (r[e].y == 1.0) tp += 1; else fp += 1;
			e++;
		}
		m++;
		h->pts[m] = (pt){ fp, tp, r[i].s, m };
		i = e;
	}
	h->pts[m].thr = -INFINITY;   /* everybody, new rows below the minimum too */
	h->m = m;
	h->n = (double)nr;
	h->P = tp;
	h->N = fp;
	h->nup = chain(h->pts, m + 1, h->up, true);
	h->nlo = chain(h->pts, m + 1, h->lo, false);
	return FAIR_OK;
}

/* Key of a hull vertex for the 1-D search: selection rate (dp) or TPR (eo). */
static double
key_of(const ghull *h, pt v, int c)
{
	return c == FAIR_CONSTRAINT_DP ? (v.fp + v.tp) / h->n : v.tp / h->P;
}

/* The upper-hull point of group @h with key @val: edge index and weight. */
static void
locate(const ghull *h, double val, int c, size_t *edge, double *lam)
{
	if (h->nup == 1 || val <= key_of(h, h->up[0], c)) {
		*edge = 0;
		*lam = 0;
		return;
	}
	size_t lo = 1, hi = h->nup - 1;   /* first i >= 1 with key(up[i]) >= val */
	if (val > key_of(h, h->up[hi], c)) {
		*edge = h->nup - 2;
		*lam = 1;
		return;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (key_of(h, h->up[mid], c) >= val) hi = mid; else lo = mid + 1;
	}
	double k0 = key_of(h, h->up[lo - 1], c), k1 = key_of(h, h->up[lo], c);
	*edge = lo - 1;
	*lam = k1 > k0 ? (val - k0) / (k1 - k0) : 1;
	if (*lam > 1) *lam = 1;
	if (*lam < 0) *lam = 0;
}

/* Expected correct predictions of group @h on the upper-hull point (edge, lam). */
static double
correct_at(const ghull *h, size_t edge, double lam)
{
	pt a = h->up[edge], b = h->up[edge + 1 < h->nup ? edge + 1 : edge];
	double fp = (1 - lam) * a.fp + lam * b.fp, tp = (1 - lam) * a.tp + lam * b.tp;
	return tp + (h->N - fp);
}

/* Group result from a mixture: weight 1-lam on @a, lam on @b (a has the
 * higher threshold), everything scaled by @q (the rest is "nobody"). */
static void
set_group(fair_thresh_group *o, const ghull *h, pt a, pt b, double lam, double q)
{
	if (a.j > b.j) {
		pt t = a; a = b; b = t;
		lam = 1 - lam;
	}
	o->t_hi = a.thr;
	o->t_lo = b.thr;
	o->p_hi = q;
	o->p_mid = q * lam;
	double fp = q * ((1 - lam) * a.fp + lam * b.fp), tp = q * ((1 - lam) * a.tp + lam * b.tp);
	o->sel = (fp + tp) / h->n;
	o->tpr = h->P > 0 ? tp / h->P : NAN;
	o->fpr = h->N > 0 ? fp / h->N : NAN;
	o->n = (size_t)h->n;
	o->npos = (size_t)h->P;
}

static int
solve_1d(fair_thresh *t, ghull *h, size_t K, const size_t *act, int c)
{
	double best = -INFINITY, bestval = 0;

	for (size_t g = 0; g < K; g++)
		for (size_t v = 0; v < h[g].nup; v++) {
			double val = key_of(&h[g], h[g].up[v], c), tot = 0;
			for (size_t q = 0; q < K; q++) {
				size_t e;
				double lam;
				locate(&h[q], val, c, &e, &lam);
				tot += correct_at(&h[q], e, lam);
			}
			if (best == -INFINITY || tot > best + 1e-12 * (1 + fabs(best))) {
				best = tot;
				bestval = val;
			}
		}
	double n = 0;
	for (size_t q = 0; q < K; q++) {
		size_t e;
		double lam;
		locate(&h[q], bestval, c, &e, &lam);
		pt a = h[q].up[e], b = h[q].up[e + 1 < h[q].nup ? e + 1 : e];
		set_group(&t->g[act[q]], &h[q], a, b, lam, 1.0);
		n += h[q].n;
	}
	t->accuracy = best / n;
	return FAIR_OK;
}

/* ---- eodds: polygon intersection ---------------------------------------- */

static double
vcross(vec2 a, vec2 b, vec2 p)
{
	return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
}

/* Clips convex polygon @in (@nin vertices) by the half-plane left of a->b;
 * writes at most nin + 1 vertices to @out. */
static size_t
clip(const vec2 *in, size_t nin, vec2 a, vec2 b, vec2 *out)
{
	const double tol = 1e-12;
	size_t k = 0;
	for (size_t i = 0; i < nin; i++) {
		vec2 p = in[i], q = in[(i + 1) % nin];
		double cp = vcross(a, b, p), cq = vcross(a, b, q);
		bool pin = cp >= -tol, qin = cq >= -tol;
		if (pin)
			out[k++] = p;
		if (pin != qin && nin > 1) {
			double t = cp / (cp - cq);
			out[k++] = (vec2){ p.x + t * (q.x - p.x), p.y + t * (q.y - p.y) };
		}
	}
	return k;
}

/* The group's hull polygon, counter-clockwise, in (FPR, TPR); returns size. */
static size_t
polygon(const ghull *h, vec2 *out)
{
	size_t k = 0;
	for (size_t i = 0; i < h->nlo; i++)
		out[k++] = (vec2){ h->lo[i].fp / h->N, h->lo[i].tp / h->P };
	for (size_t i = h->nup - 1; i-- > 1;)
		out[k++] = (vec2){ h->up[i].fp / h->N, h->up[i].tp / h->P };
	return k;
}

/* Represents (f, tpr) in group @h as q x (mixture of two hull vertices). */
static void
represent(fair_thresh_group *o, const ghull *h, double f, double tr)
{
	double best_s = -1, best_lam = 0;
	pt ba = h->pts[0], bb = h->pts[0];

	if (f <= 1e-15 && tr <= 1e-15) {
		set_group(o, h, h->pts[0], h->pts[0], 0, 0);
		o->t_hi = o->t_lo = INFINITY;
		return;
	}
	for (int side = 0; side < 2; side++) {
		const pt *v = side ? h->up : h->lo;
		size_t nv = side ? h->nup : h->nlo;
		for (size_t i = 0; i + 1 < nv; i++) {
			double ax = v[i].fp / h->N, ay = v[i].tp / h->P;
			double dx = v[i + 1].fp / h->N - ax, dy = v[i + 1].tp / h->P - ay;
			double det = -f * dy + dx * tr;
			if (fabs(det) < 1e-15)
				continue;
			double s = (-ax * dy + dx * ay) / det, lam = (f * ay - tr * ax) / det;
			if (lam < -1e-9 || lam > 1 + 1e-9 || s <= 0)
				continue;
			if (s > best_s) {
				best_s = s;
				best_lam = lam < 0 ? 0 : lam > 1 ? 1 : lam;
				ba = v[i];
				bb = v[i + 1];
			}
		}
	}
	if (best_s < 1)
		best_s = 1;   /* rounding: the point is on the boundary */
	set_group(o, h, ba, bb, best_lam, 1.0 / best_s);
}

static int
solve_eodds(fair_thresh *t, ghull *h, size_t K, const size_t *act, fair_error *err)
{
	size_t cap = 4;
	for (size_t g = 0; g < K; g++)
		cap += h[g].nup + h[g].nlo;
	vec2 *A = malloc(cap * sizeof *A), *B = malloc(cap * sizeof *B), *C = malloc(cap * sizeof *C);
	size_t na;
	int st = FAIR_OK;

	if (!A || !B || !C) {
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	na = polygon(&h[0], A);
	for (size_t g = 1; g < K && na > 0; g++) {
		size_t nc = polygon(&h[g], C);
		for (size_t e = 0; e < nc && na > 0; e++) {
			size_t nb = clip(A, na, C[e], C[(e + 1) % nc], B);
			memcpy(A, B, nb * sizeof *A);
			na = nb;
		}
	}
	/* the diagonal (0,0)-(1,1) is in every hull: keep its ends as candidates */
	A[na++] = (vec2){ 0, 0 };
	A[na++] = (vec2){ 1, 1 };
	double best = -INFINITY, bf = 0, bt = 0, P = 0, N = 0;
	for (size_t g = 0; g < K; g++) {
		P += h[g].P;
		N += h[g].N;
	}
	for (size_t i = 0; i < na; i++) {
		double f = A[i].x < 0 ? 0 : A[i].x > 1 ? 1 : A[i].x;
		double tr = A[i].y < 0 ? 0 : A[i].y > 1 ? 1 : A[i].y;
		double val = P * tr - N * f;
		if (best == -INFINITY || val > best + 1e-12 * (1 + fabs(best))) {
			best = val;
			bf = f;
			bt = tr;
		}
	}
	double correct = 0, n = 0;
	for (size_t g = 0; g < K; g++) {
		represent(&t->g[act[g]], &h[g], bf, bt);
		correct += t->g[act[g]].tpr * h[g].P + (1 - t->g[act[g]].fpr) * h[g].N;
		n += h[g].n;
	}
	t->accuracy = correct / n;
out:
	free(A);
	free(B);
	free(C);
	return st;
}

fair_thresh *
fair_thresh_fit(const double *score, const double *y, const int32_t *group, size_t n,
                size_t K, int constraint, fair_error *err)
{
	return fair_thresh_fit_labels(score, y, group, n, K, NULL, constraint, err);
}

fair_thresh *
fair_thresh_fit_labels(const double *score, const double *y, const int32_t *group, size_t n,
                       size_t K, const char *const *labels, int constraint, fair_error *err)
{
	char gname[300];
	fair_thresh *t = calloc(1, sizeof *t);
	ghull *h = calloc(K ? K : 1, sizeof *h);
	struct srow *rows = malloc((n + 1) * sizeof *rows);
	size_t *cnt = calloc(K ? K : 1, sizeof *cnt), *off = calloc(K + 1, sizeof *off);
	size_t *act = calloc(K ? K : 1, sizeof *act);   /* packed index -> group */
	int st = FAIR_OK;

	if (!t || !h || !rows || !cnt || !off || !act) {
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	if (constraint < FAIR_CONSTRAINT_DP || constraint > FAIR_CONSTRAINT_EODDS) {
		st = fair_error_set(err, FAIR_EINVAL, "unknown constraint %d", constraint);
		goto out;
	}
	if (K == 0) {
		st = fair_error_set(err, FAIR_EINVAL, "the threshold optimiser needs at least one group");
		goto out;
	}
	t->constraint = constraint;
	t->K = K;
	t->g = calloc(K, sizeof *t->g);
	if (t->g == NULL) {
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
	size_t Ka = 0;
	for (size_t g = 0; g < K; g++) {
		if (cnt[g] == 0) {
			t->g[g] = (fair_thresh_group){ NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0, 0 };
			continue;
		}
		act[Ka] = g;
		if ((st = build_group(rows + off[g], cnt[g], &h[Ka++], err)))
			goto out;
		/* the group by its label ("group 2" meant nothing to the user);
		 * its hull is h[Ka - 1]: h is packed */
		if (labels != NULL && labels[g] != NULL)
			snprintf(gname, sizeof gname, "group '%s'", labels[g]);
		else
			snprintf(gname, sizeof gname, "group %zu", g + 1);
		if (constraint != FAIR_CONSTRAINT_DP && h[Ka - 1].P == 0) {
			st = fair_error_set(err, FAIR_EUNDEF, "%s has no positive training rows; %s is undefined",
			                    gname, constraint == FAIR_CONSTRAINT_EO ? "equal opportunity" : "equalized odds");
			goto out;
		}
		if (constraint == FAIR_CONSTRAINT_EODDS && h[Ka - 1].N == 0) {
			st = fair_error_set(err, FAIR_EUNDEF, "%s has no negative training rows; equalized odds is undefined",
			                    gname);
			goto out;
		}
	}
	if (Ka == 0) {
		st = fair_error_set(err, FAIR_EUNDEF, "no group has training rows");
		goto out;
	}
	if (constraint == FAIR_CONSTRAINT_EODDS)
		st = solve_eodds(t, h, Ka, act, err);
	else
		st = solve_1d(t, h, Ka, act, constraint);
out:
	if (h)
		for (size_t g = 0; g < K; g++) {
			free(h[g].pts);
			free(h[g].up);
			free(h[g].lo);
		}
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

double
fair_thresh_prob(const fair_thresh *t, double score, int32_t g)
{
	if (g < 0 || (size_t)g >= t->K || isnan(score) || t->g[g].n == 0)
		return NAN;   /* no group, or a group without training rows */
	const fair_thresh_group *o = &t->g[g];
	if (score >= o->t_hi)
		return o->p_hi;
	if (score >= o->t_lo)
		return o->p_mid;
	return 0.0;
}

const fair_thresh_group *fair_thresh_group_get(const fair_thresh *t, size_t g) { return g < t->K ? &t->g[g] : NULL; }
size_t fair_thresh_ngroups(const fair_thresh *t) { return t->K; }
int    fair_thresh_constraint(const fair_thresh *t) { return t->constraint; }
double fair_thresh_accuracy(const fair_thresh *t) { return t->accuracy; }

void
fair_thresh_free(fair_thresh *t)
{
	if (t == NULL)
		return;
	free(t->g);
	free(t);
}

/* ---- saving (fairsh/param.h) ------------------------------------------ */

int
fair_thresh_export(const fair_thresh *t, fair_param *out, fair_error *err)
{
	fair_param *groups = fair_param_add_list(out, "groups");

	fair_param_add_str(out, "constraint", fair_constraint_name(t->constraint));
	fair_param_add_num(out, "accuracy", t->accuracy);
	for (size_t g = 0; g < t->K; g++) {
		const fair_thresh_group *o = &t->g[g];
		fair_param *p = fair_param_add_object(groups, NULL);
		fair_param_add_num(p, "t_hi", o->t_hi);
		fair_param_add_num(p, "t_lo", o->t_lo);
		fair_param_add_num(p, "p_hi", o->p_hi);
		fair_param_add_num(p, "p_mid", o->p_mid);
		fair_param_add_num(p, "sel", o->sel);
		fair_param_add_num(p, "tpr", o->tpr);
		fair_param_add_num(p, "fpr", o->fpr);
		fair_param_add_int(p, "n", (int64_t)o->n);
		fair_param_add_int(p, "npos", (int64_t)o->npos);
	}
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

fair_thresh *
fair_thresh_import(const fair_param *in, fair_error *err)
{
	const fair_param *groups = fair_param_list(in, "groups", err);
	const char *con = groups ? fair_param_str(in, "constraint", err) : NULL;
	fair_thresh *t;

	if (con == NULL)
		return NULL;
	if ((t = calloc(1, sizeof *t)) == NULL || (t->g = calloc(groups->nkids + 1, sizeof *t->g)) == NULL) {
		fair_thresh_free(t);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	t->K = groups->nkids;
	if (fair_constraint_parse(con, &t->constraint, err) || fair_param_num(in, "accuracy", &t->accuracy, err))
		goto fail;
	if (t->K == 0) {
		fair_error_set(err, FAIR_EPARSE, "saved data: threshold optimiser has no groups");
		goto fail;
	}
	for (size_t g = 0; g < t->K; g++) {
		const fair_param *p = groups->kids[g];
		fair_thresh_group *o = &t->g[g];
		if (fair_param_num(p, "t_hi", &o->t_hi, err) || fair_param_num(p, "t_lo", &o->t_lo, err) ||
		    fair_param_num(p, "p_hi", &o->p_hi, err) || fair_param_num(p, "p_mid", &o->p_mid, err) ||
		    fair_param_num(p, "sel", &o->sel, err) || fair_param_num(p, "tpr", &o->tpr, err) ||
		    fair_param_num(p, "fpr", &o->fpr, err) || fair_param_size(p, "n", &o->n, err) ||
		    fair_param_size(p, "npos", &o->npos, err))
			goto fail;
	}
	return t;
fail:
	fair_thresh_free(t);
	return NULL;
}
