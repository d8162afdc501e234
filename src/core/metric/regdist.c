/* regdist.c -- the intervals of the regression audit's distances (KS, W1,
 * W2 between two groups' predictions): a directional bootstrap (Fang and
 * Santos, 2019) of each distance as a function of the gap between the two
 * samples, doc/methods.md 9.7. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
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

/* a point's part in the derivative; after dist_init, SIGNED is stored as
 * the sign of the gap there (POS, NEG, ZERO) */
enum { OUT = 0, SIGNED = 1, ABSOLUTE = 2, POS = 3, NEG = 4, ZERO = 5 };

/* W2's merged quantile grid of d->A (na) and d->B (nb): steps at i/na and
 * j/nb, equal fractions merged; each step du at the midpoint's order
 * statistics a, b with gap A[a] - B[b]. Without replicates, *s1 gets the
 * sum of du gap^2; with them (As, Bs), h = As[a] - Bs[b] - gap and *s1
 * the sum of du gap h, *s2 of du h^2. Returns the number of steps. */
static size_t
w2_walk(const fair__metric_dist *d, const double *As, const double *Bs, double *s1, double *s2)
{
	const double *A = d->A, *B = d->B;
	size_t na = d->na, nb = d->nb, i = 1, j = 1, k = 0;
	double prev = 0, x1 = 0, x2 = 0;
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
		a = a < na ? a : na - 1;
		b = b < nb ? b : nb - 1;
		double gap = A[a] - B[b];
		if (As == NULL) {
			x1 += du * gap * gap;
		} else {
			double h = As[a] - Bs[b] - gap;
			x1 += du * gap * h;
			x2 += du * h * h;
		}
		prev = u;
		k++;
	}
	*s1 = x1;
	if (s2 != NULL)
		*s2 = x2;
	return k;
}

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
	free(d->v);
	free(d->en);
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
		/* the merged quantile grid (steps at i/na and j/nb), walked again
		 * by each replicate (w2_walk) rather than kept: only its norm */
		d->en = malloc((nboot ? nboot : 1) * sizeof *d->en);
		d->nen = nboot;
		if (d->en == NULL)
			return FAIR_ENOMEM;
		double ss = 0;
		d->ng = w2_walk(d, NULL, NULL, &ss, NULL);
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
	/* one byte a point: the pooled points and the gap are walked again by
	 * each replicate (fair__metric_dist_add) */
	for (size_t k = 0; k < n; k++)
		d->flag[k] = d->flag[k] == OUT ? OUT : d->flag[k] == ABSOLUTE ? ABSOLUTE
		             : d->sign[k] > 0 ? POS : d->sign[k] < 0 ? NEG : ZERO;
	free(d->x);
	free(d->gap);
	free(d->sign);
	d->x = d->gap = d->sign = NULL;
	return FAIR_OK;
}

void
fair__metric_dist_add(fair__metric_dist *d, const double *As, const double *Bs)
{
	double v = 0;
	if (d->id == FAIR_M_W2) {
		double lin = 0, en = 0;
		w2_walk(d, As, Bs, &lin, &en);
		if (d->nv < d->nen)
			d->en[d->nv] = en;
		if (d->norm > 0) {
			v = lin / d->norm;
			d->energy += en - v * v;
		} else {
			v = sqrt(en);
		}
	} else {
		/* the pooled points as dist_init merged them, the samples' gap
		 * and the replicate's at each */
		const double *A = d->A, *B = d->B;
		size_t na = d->na, nb = d->nb, i = 0, j = 0, pa = 0, pb = 0, qa = 0, qb = 0;
		double best = -INFINITY, sum = 0, xprev = 0, eprev = 0;
		bool open = false;   /* the previous point's W1 term waits for this x */
		for (size_t k = 0; k < d->ng; k++) {
			double x = j >= nb || (i < na && A[i] <= B[j]) ? A[i++] : B[j++];
			double ga = (double)count_le(A, na, &pa, x) / (double)na;
			double gb = (double)count_le(B, nb, &pb, x) / (double)nb;
			double fa = (double)count_le(As, na, &qa, x) / (double)na;
			double fb = (double)count_le(Bs, nb, &qb, x) / (double)nb;
			double h = fa - fb - (ga - gb), e;
			if (open) {
				sum += (x - xprev) * eprev;
				open = false;
			}
			unsigned char c = d->flag[k];
			if (c == OUT)
				continue;
			e = c == ABSOLUTE ? fabs(h) : (c == POS ? 1.0 : c == NEG ? -1.0 : 0.0) * h;
			if (d->id == FAIR_M_KS) {
				best = fmax(best, e);
			} else if (k + 1 < d->ng) {
				xprev = x;
				eprev = e;
				open = true;
			}
		}
		v = d->id == FAIR_M_KS ? best : sum;
	}
	d->v[d->nv++] = v;
}

/* The interval's centre: the distance, except W2, whose square of two
 * samples is too large by the noise energy; the part along the gap is the
 * linear term's spread, a share of the rest comes off the centre (0 when
 * the two samples' quantiles coincide). */
double
fair__metric_dist_centre(const fair__metric_dist *d)
{
	if (d->id != FAIR_M_W2 || d->nv == 0)
		return d->t;
	if (d->norm > 0)
		return sqrt(fmax(d->t * d->t - ENERGY_SHARE * d->energy / (double)d->nv, 0));
	return 0;
}

/* The level of the pair shown (doc/methods.md 9.7), the analogue of
 * fair_maxmean_z for the distances' own pick: d[0] is the pair shown, the
 * one with the largest distance, and d[1..n) the other pairs that could
 * have been picked; each holds its replicates v_j(b) of the same
 * resamples, with mean m_j and standard deviation s_j. The truths are the
 * centres c_j shrunk towards their precision-weighted mean cbar by the
 * positive-part James-Stein factor lambda = max(0, 1 - (k + 1) / sum ((c_j
 * - cbar) / s_j)^2) over the k pairs with replicates, the rule of the mean
 * gap; resample b picks the pair with the largest lambda (c_j - cbar) +
 * v_j(b) (W2: plus its second-order term; the first on ties), whose
 * standardised error |v_j(b) - m_j| / s_j is u(b). The level is 2 Phi(z) -
 * 1 for z the @level quantile of u, and never below @level; *lambda gets
 * lambda. @level itself when fewer than 2 pairs have replicates; NaN when
 * there are fewer than 2 replicates or no memory. */
double
fair__metric_dist_pick_level(const fair__metric_dist *d, size_t n, double level, double *lambda)
{
	size_t B = d[0].nv, k = 0;
	double *c = malloc((n ? n : 1) * sizeof *c), *mu = malloc((n ? n : 1) * sizeof *mu);
	double *sd = malloc((n ? n : 1) * sizeof *sd), *u = malloc((B ? B : 1) * sizeof *u);
	double sw = 0, swc = 0, x2 = 0, lam = 0, out = NAN;
	if (c == NULL || mu == NULL || sd == NULL || u == NULL || B < 2)
		goto done;
	for (size_t j = 0; j < n; j++) {
		c[j] = fair__metric_dist_centre(&d[j]);
		mu[j] = d[j].nv == B ? gsl_stats_mean(d[j].v, 1, B) : NAN;
		sd[j] = d[j].nv == B ? gsl_stats_sd_m(d[j].v, 1, B, mu[j]) : NAN;
		if (sd[j] > 0 && isfinite(c[j])) {
			k++;
			sw += 1 / (sd[j] * sd[j]);
			swc += c[j] / (sd[j] * sd[j]);
		}
	}
	if (k < 2) {
		out = level;   /* one pair in reach of the top: no pick to allow for */
		goto done;
	}
	double cbar = swc / sw;
	for (size_t j = 0; j < n; j++)
		if (sd[j] > 0 && isfinite(c[j]))
			x2 += (c[j] - cbar) * (c[j] - cbar) / (sd[j] * sd[j]);
	lam = x2 > 0 ? fmax(0, 1 - ((double)k + 1) / x2) : 0;
	for (size_t b = 0; b < B; b++) {
		size_t best = 0;
		double top = -INFINITY;
		for (size_t j = 0; j < n; j++) {
			if (!(sd[j] > 0 && isfinite(c[j])))
				continue;
			double z = lam * (c[j] - cbar) + d[j].v[b];
			/* W2 to second order: the noise across the gap adds
			 * ||h_perp||^2 / (2 ||gap||), and makes a pair likelier
			 * to be picked, though not its linear term */
			if (d[j].id == FAIR_M_W2 && d[j].norm > 0 && b < d[j].nen)
				z += (d[j].en[b] - d[j].v[b] * d[j].v[b]) / (2 * d[j].norm);
			if (z > top) {
				top = z;
				best = j;
			}
		}
		u[b] = fabs(d[best].v[b] - mu[best]) / sd[best];
	}
	gsl_sort(u, 1, B);
	out = fmax(level, 2 * gsl_cdf_ugaussian_P(gsl_stats_quantile_from_sorted_data(u, 1, B, level)) - 1);
done:
	if (lambda != NULL)
		*lambda = lam;
	free(c);
	free(mu);
	free(sd);
	free(u);
	return out;
}

/* The resamples the interval at @level needs: its tails hold TAIL_DRAWS draws. */
#ifndef TAIL_DRAWS
#define TAIL_DRAWS 5.0
#endif
size_t
fair__metric_dist_need(const fair__metric_dist *d, double level)
{
	double cal = d->id == FAIR_M_KS ? ALPHA_KS : d->id == FAIR_M_W1 ? ALPHA_W1 : ALPHA_W2;
	double a = cal * (1 - level) / 2;
	return a > 0 ? (size_t)ceil(TAIL_DRAWS / a) : 0;
}

/* Room for @nboot replicates in all. */
int
fair__metric_dist_grow(fair__metric_dist *d, size_t nboot)
{
	double *v = realloc(d->v, (nboot ? nboot : 1) * sizeof *v);
	if (v == NULL)
		return FAIR_ENOMEM;
	d->v = v;
	return FAIR_OK;
}

void
fair__metric_dist_ci(fair__metric_dist *d, double level, double *lo, double *hi)
{
	double cal = d->id == FAIR_M_KS ? ALPHA_KS : d->id == FAIR_M_W1 ? ALPHA_W1 : ALPHA_W2;
	double a = cal * (1 - level) / 2, c = fair__metric_dist_centre(d);
	if (d->nv == 0) {
		*lo = *hi = d->centre = NAN;
		return;
	}
	gsl_sort(d->v, 1, d->nv);
	double qlo = gsl_stats_quantile_from_sorted_data(d->v, 1, d->nv, a);
	double qhi = gsl_stats_quantile_from_sorted_data(d->v, 1, d->nv, 1 - a);
	if (d->id == FAIR_M_W2 && d->norm <= 0) {
		*lo = 0;
		*hi = qhi;
		d->centre = 0;
		return;
	}
	d->centre = c;
	*lo = fmax(c - qhi, 0);
	*hi = fmax(c - qlo, 0);
}
