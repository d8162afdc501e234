/* curves.c -- threshold curves (fairsh/metric.h), behind `view thresholds`
 * and its batch form: each group's scores sorted once with cumulative
 * positive counts, so that the confusion counts at any threshold take one
 * binary search. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/metric.h"
#include "base/base-private.h"

struct pair {
	double s;
	unsigned char y;
};

static int
cmp_pair(const void *a, const void *b)
{
	double x = ((const struct pair *)a)->s, z = ((const struct pair *)b)->s;
	return (x > z) - (x < z);
}

void
fair_curves_free(fair_curves *t)
{
	if (t == NULL)
		return;
	for (size_t g = 0; g < t->K; g++) {
		if (t->s)
			free(t->s[g]);
		if (t->cpos)
			free(t->cpos[g]);
	}
	free(t->s);
	free(t->cpos);
	free(t->n);
	free(t->pos);
	free(t);
}

fair_curves *
fair_curves_new(const double *score, const double *y, const int32_t *group, size_t n, size_t K,
               fair_error *err)
{
	fair_curves *t = calloc(1, sizeof *t);
	struct pair *p = NULL;
	size_t *fill = NULL, used = 0;

	if (t == NULL)
		goto nomem;
	if (K == 0) {
		fair_error_set(err, FAIR_EINVAL, "no groups (set the sensitive attribute with 'sensitive')");
		goto fail;
	}
	t->K = K;
	t->n = calloc(K, sizeof *t->n);
	t->pos = calloc(K, sizeof *t->pos);
	t->s = calloc(K, sizeof *t->s);
	t->cpos = calloc(K, sizeof *t->cpos);
	fill = calloc(K, sizeof *fill);
	if (!t->n || !t->pos || !t->s || !t->cpos || !fill)
		goto nomem;
	t->lo = INFINITY;
	t->hi = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(score[i]) || (y[i] != 0.0 && y[i] != 1.0) || group[i] < 0 || (size_t)group[i] >= K)
			continue;
		t->n[group[i]]++;
		used++;
		if (score[i] < t->lo)
			t->lo = score[i];
		if (score[i] > t->hi)
			t->hi = score[i];
	}
	if (used == 0) {
		fair_error_set(err, FAIR_EINVAL, "no row has a score, a 0/1 target and a group");
		goto fail;
	}
	p = malloc(used * sizeof *p);
	if (p == NULL)
		goto nomem;
	/* group g's rows go to p[off_g ...]: offsets from the counts */
	{
		size_t off = 0;
		for (size_t g = 0; g < K; g++) {
			fill[g] = off;
			off += t->n[g];
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(score[i]) || (y[i] != 0.0 && y[i] != 1.0) || group[i] < 0 || (size_t)group[i] >= K)
			continue;
		struct pair *q = &p[fill[group[i]]++];
		q->s = score[i];
		q->y = y[i] == 1.0;
	}
	for (size_t g = 0, off = 0; g < K; off += t->n[g], g++) {
		size_t ng = t->n[g];
		t->s[g] = malloc((ng ? ng : 1) * sizeof *t->s[g]);
		t->cpos[g] = malloc((ng + 1) * sizeof *t->cpos[g]);
		if (t->s[g] == NULL || t->cpos[g] == NULL)
			goto nomem;
		qsort(p + off, ng, sizeof *p, cmp_pair);
		t->cpos[g][0] = 0;
		for (size_t i = 0; i < ng; i++) {
			t->s[g][i] = p[off + i].s;
			t->cpos[g][i + 1] = t->cpos[g][i] + p[off + i].y;
		}
		t->pos[g] = t->cpos[g][ng];
	}
	free(p);
	free(fill);
	return t;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	free(p);
	free(fill);
	fair_curves_free(t);
	return NULL;
}

static double
ratio(size_t a, size_t b)
{
	return b ? (double)a / (double)b : NAN;
}

void
fair_curves_eval(const fair_curves *t, size_t g, double thr, fair_curve_point *out)
{
	size_t n = t->n[g], below = fair_count_below(t->s[g], n, thr, true);

	out->n = n;
	out->pos = t->pos[g];
	out->neg = n - out->pos;
	out->sel = n - below;
	out->tp = out->pos - t->cpos[g][below];
	out->fp = out->sel - out->tp;
	out->sel_rate = ratio(out->sel, n);
	out->tpr = ratio(out->tp, out->pos);
	out->fpr = ratio(out->fp, out->neg);
	out->acc = ratio(out->tp + (out->neg - out->fp), n);
}

/* max - min of the defined values of one figure over the groups */
static double
spread(const fair_curve_point *f, size_t K, size_t off)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t m = 0;

	for (size_t g = 0; g < K; g++) {
		double v = *(const double *)((const char *)&f[g] + off);
		if (isnan(v) || f[g].n == 0)
			continue;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
		m++;
	}
	return m >= 2 ? hi - lo : NAN;
}

void
fair_curves_all(const fair_curves *t, const double *thr, fair_curve_point *figs,
               fair_curve_gaps *out)
{
	fair_curve_point one[16], *f = figs;
	size_t good = 0, all = 0;

	if (f == NULL && t->K <= 16)
		f = one;
	if (f == NULL) {                  /* many groups and no buffer: accuracy only */
		fair_curve_point x;
		out->dp = out->eo = out->eodds = NAN;
		for (size_t g = 0; g < t->K; g++) {
			fair_curves_eval(t, g, thr[g], &x);
			good += x.tp + (x.neg - x.fp);
			all += x.n;
		}
		out->acc = ratio(good, all);
		return;
	}
	for (size_t g = 0; g < t->K; g++) {
		fair_curves_eval(t, g, thr[g], &f[g]);
		good += f[g].tp + (f[g].neg - f[g].fp);
		all += f[g].n;
	}
	out->acc = ratio(good, all);
	out->dp = spread(f, t->K, offsetof(fair_curve_point, sel_rate));
	out->eo = spread(f, t->K, offsetof(fair_curve_point, tpr));
	double dfpr = spread(f, t->K, offsetof(fair_curve_point, fpr));
	if (isnan(out->eo) || isnan(dfpr))
		out->eodds = isnan(out->eo) ? dfpr : out->eo;
	else
		out->eodds = out->eo > dfpr ? out->eo : dfpr;
}

double
fair_curves_step(const fair_curves *t, size_t g, double thr, long steps, double frac)
{
	size_t n = t->n[g], i, k, target;
	const double *s = t->s[g];

	if (n == 0 || steps == 0)
		return thr;
	i = fair_count_below(s, n, thr, true);
	k = (size_t)floor(frac * (double)n + 0.5);
	if (k < 1)
		k = 1;
	k *= (size_t)(steps < 0 ? -steps : steps);
	if (steps > 0) {
		if (i >= n)
			return thr;
		target = i + k > n ? n : i + k;
		return s[target - 1];
	}
	if (i == 0)
		return thr;
	target = i > k ? i - k : 0;
	if (target > 0 && fair_count_below(s, n, s[target - 1], true) < i)
		return s[target - 1];
	/* inside the lowest tie block, or below everything */
	{
		size_t j = fair_count_below(s, n, s[i - 1], false);
		if (target > 0 && j > 0)
			return s[j - 1];
	}
	return nextafter(s[0], -INFINITY);
}
