/* regdist.c -- the intervals of the regression audit's distances (KS, W1,
 * W2 between two groups' predictions): a directional bootstrap (Fang and
 * Santos, 2019) of each distance as a function of the gap between the two
 * samples, doc/methods.md 9.7. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "metric/metric-private.h"

/* The constants of doc/methods.md 9.7, chosen on bench/stats's 2-group
 * cells and checked on its 5-group one (bench/stats/RESULTS.md): the
 * tolerance of the contact sets, in pointwise standard errors times
 * sqrt(log n), for KS and W1; the half-width of the window the KS gap is
 * smoothed over to find its contact set, as a share of the pooled points;
 * the share of the bootstrap's noise energy across the gap taken off W2^2;
 * and the calibration of each interval's level: 1 - level is multiplied by
 * ALPHA_KS, ALPHA_W1 or ALPHA_W2. */
#define KAPPA_KS 0.05
#define SMOOTH_KS 0.1
#define KAPPA_W1 0.5
#define ENERGY_SHARE 0.25
#define ALPHA_KS 0.35
#define ALPHA_W1 0.75
#define ALPHA_W2 0.35

enum { OUT = 0, SIGNED = 1, ABSOLUTE = 2 };

/* #{A[j] <= x} for ascending x, by a moving pointer */
static size_t
count_le(const double *A, size_t n, size_t *p, double x)
{
	while (*p < n && A[*p] <= x)
		(*p)++;
	return *p;
}

/* KS: only the points of the contact set count: where the gap, smoothed
 * over a window of 2 m + 1 pooled points (m = SMOOTH_KS n, rounded up;
 * fewer at the ends), is within kappa of its largest absolute value; all
 * points when that value is within the noise. Smoothing keeps the set
 * from following the noise at the top. */
static int
contact_set(fair__metric_dist *d, const double *kap, double kmax)
{
	size_t n = d->ng, m = (size_t)ceil(SMOOTH_KS * (double)n);
	double *cs = malloc((n + 1) * sizeof *cs), *sm = malloc(n * sizeof *sm), smax = 0;
	if (cs == NULL || sm == NULL) {
		free(cs);
		free(sm);
		return FAIR_ENOMEM;
	}
	cs[0] = 0;
	for (size_t k = 0; k < n; k++)
		cs[k + 1] = cs[k] + d->gap[k];
	for (size_t k = 0; k < n; k++) {
		size_t lo = k > m ? k - m : 0, hi = k + m + 1 < n ? k + m + 1 : n;
		sm[k] = fabs((cs[hi] - cs[lo]) / (double)(hi - lo));
		smax = fmax(smax, sm[k]);
	}
	if (smax > kmax)
		for (size_t k = 0; k < n; k++)
			if (sm[k] < smax - kap[k])
				d->flag[k] = OUT;
	free(cs);
	free(sm);
	return FAIR_OK;
}

void
fair__metric_dist_free(fair__metric_dist *d)
{
	free(d->x);
	free(d->gap);
	free(d->flag);
	free(d->sign);
	free(d->du);
	free(d->ja);
	free(d->jb);
	free(d->v);
	memset(d, 0, sizeof *d);
}

int
fair__metric_dist_init(fair__metric_dist *d, int id, const double *A, size_t na, const double *B,
                   size_t nb, double t, size_t nboot)
{
	size_t n = na + nb;
	memset(d, 0, sizeof *d);
	d->id = id;
	d->A = A;
	d->B = B;
	d->na = na;
	d->nb = nb;
	d->t = t;
	d->v = malloc((nboot ? nboot : 1) * sizeof *d->v);
	if (d->v == NULL)
		return FAIR_ENOMEM;
	if (id == FAIR_M_W2) {
		/* the merged quantile grid: steps at i/na and j/nb */
		d->du = malloc(n * sizeof *d->du);
		d->ja = malloc(n * sizeof *d->ja);
		d->jb = malloc(n * sizeof *d->jb);
		d->gap = malloc(n * sizeof *d->gap);
		if (d->du == NULL || d->ja == NULL || d->jb == NULL || d->gap == NULL)
			return FAIR_ENOMEM;
		size_t i = 1, j = 1, k = 0;
		double prev = 0, ss = 0;
		while (i <= na || j <= nb) {
			double u;
			/* i / na against j / nb in integers: equal fractions merge */
			if (j > nb || (i <= na && i * nb < j * na)) {
				u = (double)i / (double)na;
				i++;
			} else if (i > na || j * na < i * nb) {
				u = (double)j / (double)nb;
				j++;
			} else {
				u = (double)i / (double)na;
				i++;
				j++;
			}
			double du = u - prev, mid = u - du / 2;
			size_t a = (size_t)(mid * (double)na), b = (size_t)(mid * (double)nb);
			d->du[k] = du;
			d->ja[k] = a < na ? a : na - 1;
			d->jb[k] = b < nb ? b : nb - 1;
			d->gap[k] = A[d->ja[k]] - B[d->jb[k]];
			ss += du * d->gap[k] * d->gap[k];
			prev = u;
			k++;
		}
		d->ng = k;
		d->norm = sqrt(ss);
		return FAIR_OK;
	}
	/* KS and W1: the gap between the two CDFs at the pooled points */
	d->x = malloc(n * sizeof *d->x);
	d->gap = malloc(n * sizeof *d->gap);
	d->flag = malloc(n ? n : 1);
	double *kap = malloc(n * sizeof *kap);
	if (d->x == NULL || d->gap == NULL || d->flag == NULL || kap == NULL) {
		free(kap);
		return FAIR_ENOMEM;
	}
	for (size_t i = 0, j = 0, k = 0; k < n; k++)
		d->x[k] = j >= nb || (i < na && A[i] <= B[j]) ? A[i++] : B[j++];
	double c = (id == FAIR_M_KS ? KAPPA_KS : KAPPA_W1) * sqrt(log((double)n));
	double kmax = 0;
	for (size_t k = 0, pa = 0, pb = 0; k < n; k++) {
		double fa = (double)count_le(A, na, &pa, d->x[k]) / (double)na;
		double fb = (double)count_le(B, nb, &pb, d->x[k]) / (double)nb;
		d->gap[k] = fa - fb;
		kap[k] = c * sqrt(fa * (1 - fa) / (double)na + fb * (1 - fb) / (double)nb);
		kmax = fmax(kmax, kap[k]);
	}
	d->sign = malloc(n * sizeof *d->sign);
	if (d->sign == NULL) {
		free(kap);
		return FAIR_ENOMEM;
	}
	d->ng = n;
	for (size_t k = 0; k < n; k++) {
		d->flag[k] = fabs(d->gap[k]) <= kap[k] ? ABSOLUTE : SIGNED;
		d->sign[k] = d->gap[k] > 0 ? 1 : d->gap[k] < 0 ? -1 : 0;
	}
	if (id == FAIR_M_KS && contact_set(d, kap, kmax) != FAIR_OK) {
		free(kap);
		return FAIR_ENOMEM;
	}
	if (id == FAIR_M_W1) {
		/* W1: a stretch where the gap is within the noise of 0 keeps the
		 * sign of the nearest point outside it (ties: the left one);
		 * |h| only when the gap is within the noise everywhere */
		size_t last = n;   /* the last point outside, n = none yet */
		for (size_t k = 0; k < n; k++) {
			if (d->flag[k] == SIGNED) {
				last = k;
				continue;
			}
			size_t r = k;
			while (r < n && d->flag[r] != SIGNED)
				r++;
			for (size_t q = k; q < r; q++) {
				bool left = last < n && (r == n || q - last <= r - q);
				if (last < n || r < n) {
					d->sign[q] = d->sign[left ? last : r];
					d->flag[q] = SIGNED;
				}
			}
			k = r - 1;
		}
	}
	free(kap);
	return FAIR_OK;
}

void
fair__metric_dist_add(fair__metric_dist *d, const double *As, const double *Bs)
{
	double v = 0;
	if (d->id == FAIR_M_W2) {
		double lin = 0, en = 0;
		for (size_t k = 0; k < d->ng; k++) {
			double h = As[d->ja[k]] - Bs[d->jb[k]] - d->gap[k];
			lin += d->du[k] * d->gap[k] * h;
			en += d->du[k] * h * h;
		}
		if (d->norm > 0) {
			v = lin / d->norm;
			d->energy += en - v * v;
		} else {
			v = sqrt(en);
		}
	} else {
		size_t pa = 0, pb = 0;
		double best = -INFINITY, sum = 0;
		for (size_t k = 0; k < d->ng; k++) {
			double fa = (double)count_le(As, d->na, &pa, d->x[k]) / (double)d->na;
			double fb = (double)count_le(Bs, d->nb, &pb, d->x[k]) / (double)d->nb;
			double h = fa - fb - d->gap[k], e;
			if (d->flag[k] == OUT)
				continue;
			e = d->flag[k] == ABSOLUTE ? fabs(h) : d->sign[k] * h;
			if (d->id == FAIR_M_KS)
				best = fmax(best, e);
			else if (k + 1 < d->ng)
				sum += (d->x[k + 1] - d->x[k]) * e;
		}
		v = d->id == FAIR_M_KS ? best : sum;
	}
	d->v[d->nv++] = v;
}

void
fair__metric_dist_ci(fair__metric_dist *d, double level, double *lo, double *hi)
{
	double cal = d->id == FAIR_M_KS ? ALPHA_KS : d->id == FAIR_M_W1 ? ALPHA_W1 : ALPHA_W2;
	double a = cal * (1 - level) / 2, c = d->t;
	if (d->nv == 0) {
		*lo = *hi = d->centre = NAN;
		return;
	}
	gsl_sort(d->v, 1, d->nv);
	double qlo = gsl_stats_quantile_from_sorted_data(d->v, 1, d->nv, a);
	double qhi = gsl_stats_quantile_from_sorted_data(d->v, 1, d->nv, 1 - a);
	if (d->id == FAIR_M_W2 && d->norm > 0) {
		/* W2^2 of two samples is too large by the noise energy; the part
		 * along the gap is the linear term's spread, a share of the rest
		 * comes off the centre */
		c = sqrt(fmax(d->t * d->t - ENERGY_SHARE * d->energy / (double)d->nv, 0));
	} else if (d->id == FAIR_M_W2) {
		*lo = 0;
		*hi = qhi;
		d->centre = 0;
		return;
	}
	d->centre = c;
	*lo = fmax(c - qhi, 0);
	*hi = fmax(c - qlo, 0);
}
