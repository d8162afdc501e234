/* ot1d.c -- one-dimensional OT helpers: ECDF, step quantiles, exact KS and
 * W_p by breakpoint merging, barycenter quantile and dispersion, radix sort
 * of doubles. Group handling and reporting live in metric/regression.c and wbary.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ot/ot-private.h"

double
fair_ot1d_ecdf(const double *a, size_t n, double t)
{
	if (n == 0)
		return NAN;
	return (double)fair_count_below(a, n, t, true) / (double)n;
}

size_t
fair_ot1d_quantile_index(size_t n, size_t k, size_t m)
{
	uint64_t j;

	if (k == 0 || n == 0 || m == 0)
		return 0;
	if (k >= m)
		return n - 1;
	if (n <= UINT32_MAX && m <= UINT32_MAX)
		j = ((uint64_t)k * n + m - 1) / m;
	else
		j = (uint64_t)ceil((double)k / (double)m * (double)n);
	if (j == 0)
		return 0;
	return (size_t)(j > n ? n - 1 : j - 1);
}

double
fair_ot1d_quantile_step(const double *a, size_t n, double u)
{
	double j;

	if (n == 0 || isnan(u))
		return NAN;
	if (u <= 0)
		return a[0];
	if (u >= 1)
		return a[n - 1];
	j = ceil(u * (double)n);
	if (j < 1)
		j = 1;
	if (j > (double)n)
		j = (double)n;
	return a[(size_t)j - 1];
}

double
fair_ot1d_quantile_interp(const double *a, size_t n, double u)
{
	double x, fr;
	size_t i;

	if (n == 0 || isnan(u))
		return NAN;
	if (n == 1 || u <= 0)
		return a[0];
	if (u >= 1)
		return a[n - 1];
	x = u * (double)(n - 1);
	i = (size_t)x;
	if (i >= n - 1)
		return a[n - 1];
	fr = x - (double)i;
	return a[i] + fr * (a[i + 1] - a[i]);
}

/* |F_a(t) - F_b(t)| for ascending thresholds t: the cursors *i, *j move
 * past every value <= t of the sorted samples a (n) and b (m). */
static double
ecdf_gap(const double *a, size_t n, size_t *i, const double *b, size_t m, size_t *j, double t)
{
	while (*i < n && a[*i] <= t)
		(*i)++;
	while (*j < m && b[*j] <= t)
		(*j)++;
	return fabs((double)*i / (double)n - (double)*j / (double)m);
}

double
fair_ot1d_ks_sorted(const double *a, size_t n, const double *b, size_t m)
{
	size_t i = 0, j = 0;
	double best = 0;

	if (n == 0 || m == 0)
		return NAN;
	/* After consuming every value <= t in both samples, F_a(t) = i/n and
	 * F_b(t) = j/m; only those points can attain the sup. */
	while (i < n || j < m) {
		double d = ecdf_gap(a, n, &i, b, m, &j, j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j]);
		if (d > best)
			best = d;
	}
	return best;
}

double
fair_ot1d_ks_grid_sorted(const double *a, size_t n, const double *b, size_t m, size_t ngrid)
{
	double lo, hi, best = 0;
	size_t i = 0, j = 0, k;

	if (n == 0 || m == 0 || ngrid == 0)
		return NAN;
	lo = a[0] < b[0] ? a[0] : b[0];
	hi = a[n - 1] > b[m - 1] ? a[n - 1] : b[m - 1];
	for (k = 0; k < ngrid; k++) {
		double t, d;
		/* linspace(lo, hi, ngrid) as MATLAB/numpy: lo + k*(hi-lo)/(ngrid-1),
		 * last point exactly hi */
		if (ngrid == 1 || k == ngrid - 1)
			t = hi;
		else
			t = lo + (double)k * ((hi - lo) / (double)(ngrid - 1));
		d = ecdf_gap(a, n, &i, b, m, &j, t);
		if (d > best)
			best = d;
	}
	return best;
}

static inline double
powcost(double d, double p)
{
	d = fabs(d);
	if (p == 1.0)
		return d;
	if (p == 2.0)
		return d * d;
	return pow(d, p);
}

double
fair_ot1d_wp_sorted(const double *a, size_t n, const double *b, size_t m, double p)
{
	size_t i = 0, j = 0;
	double acc = 0;

	if (n == 0 || m == 0 || !(p >= 1))
		return NAN;
	if (n <= UINT32_MAX && m <= UINT32_MAX) {
		/* breakpoints i/n and j/m on the common integer scale n*m */
		uint64_t prev = 0, N = (uint64_t)n * m;
		if (n == m) {
			for (i = 0; i < n; i++)
				acc += powcost(a[i] - b[i], p);
			return acc / (double)n;
		}
		while (prev < N) {
			uint64_t pa = (uint64_t)(i + 1) * m, pb = (uint64_t)(j + 1) * n;
			uint64_t cur = pa < pb ? pa : pb;
			acc += (double)(cur - prev) * powcost(a[i] - b[j], p);
			prev = cur;
			if (pa == cur)
				i++;
			if (pb == cur)
				j++;
		}
		return acc / (double)N;
	}
	{
		double prev = 0;
		while (i < n && j < m) {
			double ua = (double)(i + 1) / (double)n, ub = (double)(j + 1) / (double)m;
			double cur = ua < ub ? ua : ub;
			acc += (cur - prev) * powcost(a[i] - b[j], p);
			prev = cur;
			if (ua == cur)
				i++;
			if (ub == cur)
				j++;
		}
		return acc;
	}
}

int
fair_ot1d_wp(const double *a, size_t n, const double *b, size_t m, double p, double *out,
             fair_error *err)
{
	double *buf, *work;
	size_t i, big = n > m ? n : m;
	int rc = FAIR_OK;

	if (n == 0 || m == 0)
		return fair_error_set(err, FAIR_EUNDEF, "wasserstein distance of an empty sample is undefined");
	if (!(p >= 1))
		return fair_error_set(err, FAIR_EINVAL, "wasserstein order p=%g; expected p >= 1", p);
	for (i = 0; i < n; i++)
		if (isnan(a[i]))
			return fair_error_set(err, FAIR_EINVAL, "first sample has a missing value at %zu", i);
	for (i = 0; i < m; i++)
		if (isnan(b[i]))
			return fair_error_set(err, FAIR_EINVAL, "second sample has a missing value at %zu", i);
	buf = malloc((n + m + big) * sizeof *buf);
	if (buf == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory sorting %zu values", n + m);
	work = buf + n + m;
	memcpy(buf, a, n * sizeof *buf);
	memcpy(buf + n, b, m * sizeof *buf);
	fair_ot1d_sort_ws(buf, n, work);
	fair_ot1d_sort_ws(buf + n, m, work);
	*out = fair_ot1d_wp_sorted(buf, n, buf + n, m, p);
	free(buf);
	return rc;
}

double
fair_ot1d_bary_quantile(const double *const *tabs, const size_t *ns, const double *w, size_t K,
                        double u)
{
	double s = 0;
	size_t k;

	for (k = 0; k < K; k++)
		s += w[k] * fair_ot1d_quantile_step(tabs[k], ns[k], u);
	return s;
}

/* a/b < c/d for fractions with positive denominators, exact when the
 * products fit in 64 bits */
static int
frac_lt(size_t a, size_t b, size_t c, size_t d)
{
	if (b <= UINT32_MAX && d <= UINT32_MAX && a <= UINT32_MAX && c <= UINT32_MAX)
		return (uint64_t)a * d < (uint64_t)c * b;
	return (long double)a / b < (long double)c / d;
}

double
fair_ot1d_bary_dispersion(const double *const *tabs, const size_t *ns, const double *w,
                          size_t K)
{
	size_t *idx, s, best;
	double acc = 0, uprev = 0;

	if (K == 0)
		return NAN;
	for (s = 0; s < K; s++)
		if (ns[s] == 0)
			return NAN;
	idx = calloc(K, sizeof *idx);
	if (idx == NULL)
		return NAN;
	/* On each interval between consecutive breakpoints every Q_s is constant;
	 * the next breakpoint is the smallest (idx[s]+1)/ns[s]. */
	for (;;) {
		double qbar = 0, d = 0, u;
		best = K;
		for (s = 0; s < K; s++) {
			if (idx[s] >= ns[s])
				continue;
			if (best == K || frac_lt(idx[s] + 1, ns[s], idx[best] + 1, ns[best]))
				best = s;
		}
		if (best == K)
			break;
		for (s = 0; s < K; s++) {
			size_t i = idx[s] < ns[s] ? idx[s] : ns[s] - 1;
			qbar += w[s] * tabs[s][i];
		}
		for (s = 0; s < K; s++) {
			size_t i = idx[s] < ns[s] ? idx[s] : ns[s] - 1;
			double e = tabs[s][i] - qbar;
			d += w[s] * e * e;
		}
		u = (double)(idx[best] + 1) / (double)ns[best];
		acc += (u - uprev) * d;
		uprev = u;
		/* advance every sample whose breakpoint equals the current one */
		{
			size_t bi = idx[best] + 1, bn = ns[best];
			for (s = 0; s < K; s++)
				if (idx[s] < ns[s] && !frac_lt(bi, bn, idx[s] + 1, ns[s]) &&
				    !frac_lt(idx[s] + 1, ns[s], bi, bn))
					idx[s]++;
		}
	}
	free(idx);
	return acc;
}

/* ---- radix sort ---- */

#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)
#define RADIX_PASSES 6 /* 6 * 11 = 66 >= 64 */

static inline uint64_t
ld64(const void *p, size_t i)
{
	uint64_t u;
	memcpy(&u, (const char *)p + 8 * i, 8);
	return u;
}

static inline void
st64(void *p, size_t i, uint64_t u)
{
	memcpy((char *)p + 8 * i, &u, 8);
}

/* order-preserving map double -> uint64: flip all bits of negatives, only
 * the sign bit of non-negatives */
static inline uint64_t
key_of(uint64_t u)
{
	return u ^ ((uint64_t)(-(int64_t)(u >> 63)) | UINT64_C(0x8000000000000000));
}

static inline uint64_t
key_inv(uint64_t k)
{
	return k ^ (((k >> 63) - 1) | UINT64_C(0x8000000000000000));
}

static void
insertion_sort(double *x, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		double v = x[i];
		uint64_t kv = key_of(ld64(&v, 0));
		for (j = i; j > 0 && key_of(ld64(x, j - 1)) > kv; j--)
			x[j] = x[j - 1];
		x[j] = v;
	}
}

void
fair_ot1d_sort_ws(double *x, size_t n, double *work)
{
	size_t hist[RADIX_PASSES][RADIX_SIZE];
	void *src = x, *dst = work;
	size_t i;
	int pass;

	if (n < 64) {
		insertion_sort(x, n);
		return;
	}
	memset(hist, 0, sizeof hist);
	for (i = 0; i < n; i++) {
		uint64_t k = key_of(ld64(x, i));
		st64(x, i, k);
		for (pass = 0; pass < RADIX_PASSES; pass++)
			hist[pass][(k >> (pass * RADIX_BITS)) & (RADIX_SIZE - 1)]++;
	}
	for (pass = 0; pass < RADIX_PASSES; pass++) {
		size_t *h = hist[pass], sum = 0, d;
		unsigned shift = (unsigned)pass * RADIX_BITS;
		void *tmp;
		uint64_t k0 = ld64(src, 0);
		if (h[(k0 >> shift) & (RADIX_SIZE - 1)] == n)
			continue; /* every key has this digit: the pass is the identity */
		for (d = 0; d < RADIX_SIZE; d++) {
			size_t c = h[d];
			h[d] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++) {
			uint64_t k = ld64(src, i);
			st64(dst, h[(k >> shift) & (RADIX_SIZE - 1)]++, k);
		}
		tmp = src;
		src = dst;
		dst = tmp;
	}
	for (i = 0; i < n; i++)
		st64(x, i, key_inv(ld64(src, i)));
}

int
fair_ot1d_sort(double *x, size_t n, fair_error *err)
{
	double *work;

	if (n < 64) {
		insertion_sort(x, n);
		return FAIR_OK;
	}
	work = malloc(n * sizeof *work);
	if (work == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory sorting %zu values", n);
	fair_ot1d_sort_ws(x, n, work);
	free(work);
	return FAIR_OK;
}
