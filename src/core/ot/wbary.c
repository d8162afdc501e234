/* wbary.c -- Wasserstein-barycenter post-processing (doc/methods.md 4.2): fit the
 * per-group sorted calibration tables, tabulate the map per CDF rank, apply
 * it with a bucketed upper-bound search; the tables, accessors and saving
 * are in wbary-io.c. The CLI (`correct ... with wasserstein`, `tradeoff`)
 * and model wrapping live elsewhere. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "ot/wbary-impl.h"
#include "base/base-private.h"

#define CHUNK 65536 /* rows between progress / cancellation checks */
#define BATCH 32     /* rows whose table lookups are prefetched together */

#define PREFETCH(p) FAIR_PREFETCH(p)

/* ---- jitter generator ----
 * The jitter is the stream of gsl_rng_uniform() of a gsl mt19937 seeded with
 * gsl_rng_set(r, seed) (documented in ot-private.h). Calling GSL per row costs
 * ~7 ns, a third of the whole fit + apply, so the same generator is inlined
 * here: Matsumoto-Nishimura MT19937 with GSL's seeding (seed 0 -> 4357, the
 * seed taken mod 2^32) and u = x / 2^32; the words are generated 624 at a
 * time. test-wbary checks the stream against gsl_rng bit for bit. */
#define MT_N 624
#define MT_M 397

struct mt {
	uint32_t s[MT_N];
	size_t   i;
};

static void
mt_seed(struct mt *m, unsigned long seed)
{
	size_t i;

	if (seed == 0)
		seed = 4357;
	m->s[0] = (uint32_t)(seed & 0xffffffffUL);
	for (i = 1; i < MT_N; i++)
		m->s[i] = UINT32_C(1812433253) * (m->s[i - 1] ^ (m->s[i - 1] >> 30)) + (uint32_t)i;
	m->i = MT_N;
}

#define MT_TWIST(a, b, c) \
	((c) ^ ((((a) & UINT32_C(0x80000000)) | ((b) & UINT32_C(0x7fffffff))) >> 1) ^ \
	 ((uint32_t)(-(int32_t)((b) & 1)) & UINT32_C(0x9908b0df)))

static void
mt_refill(struct mt *m)
{
	uint32_t *s = m->s;
	size_t k;

	for (k = 0; k < MT_N - MT_M; k++)
		s[k] = MT_TWIST(s[k], s[k + 1], s[k + MT_M]);
	for (; k < MT_N - 1; k++)
		s[k] = MT_TWIST(s[k], s[k + 1], s[k + MT_M - MT_N]);
	s[MT_N - 1] = MT_TWIST(s[MT_N - 1], s[0], s[MT_M - 1]);
	m->i = 0;
}

/* gsl_rng_uniform(): [0, 1) */
static inline double
mt_uniform(struct mt *m)
{
	uint32_t y;

	if (m->i >= MT_N)
		mt_refill(m);
	y = m->s[m->i++];
	y ^= y >> 11;
	y ^= (y << 7) & UINT32_C(0x9d2c5680);
	y ^= (y << 15) & UINT32_C(0xefc60000);
	y ^= y >> 18;
	return (double)y / 4294967296.0;
}

void
fair_wbary_opts_init(fair_wbary_opts *o)
{
	o->jitter = FAIR_WBARY_JITTER_AUTO;
	o->seed = 1;
	o->split = FAIR_WBARY_SPLIT_ONE;
	o->quantile = FAIR_WBARY_Q_STEP;
	o->weights = NULL;
}

void
fair_wbary_free(fair_wbary *wb)
{
	size_t s;

	if (wb == NULL)
		return;
	if (wb->g != NULL)
		for (s = 0; s < wb->K; s++) {
			free(wb->g[s].buf);
			free(wb->g[s].T);
			free(wb->g[s].start);
		}
	if (wb->labels != NULL)
		for (s = 0; s < wb->K; s++)
			free(wb->labels[s]);
	free(wb->labels);
	free(wb->g);
	free(wb);
}

fair_wbary *
fair__ot_wbary_new(size_t K, const char *const *labels, fair_error *err)
{
	fair_wbary *wb = calloc(1, sizeof *wb);
	size_t s;

	if (wb == NULL)
		goto nomem;
	wb->K = K;
	wb->labels = calloc(K, sizeof *wb->labels);
	wb->g = calloc(K, sizeof *wb->g);
	if (wb->labels == NULL || wb->g == NULL)
		goto nomem;
	for (s = 0; s < K; s++) {
		char tmp[32];
		const char *l = labels != NULL && labels[s] != NULL ? labels[s] : NULL;
		if (l == NULL) {
			snprintf(tmp, sizeof tmp, "%zu", s);
			l = tmp;
		}
		wb->labels[s] = strdup(l);
		if (wb->labels[s] == NULL)
			goto nomem;
	}
	return wb;
nomem:
	fair_wbary_free(wb);
	fair_error_set(err, FAIR_ENOMEM, "out of memory for the wasserstein correction");
	return NULL;
}

/* Normalises user weights (or N_s / N) into g[s].w. */
int
fair__ot_wbary_set_weights(fair_wbary *wb, const double *weights, fair_error *err)
{
	double tot = 0;
	size_t s;

	for (s = 0; s < wb->K; s++) {
		double w = weights != NULL ? weights[s] : (double)wb->g[s].n;
		if (!(w >= 0) || !isfinite(w))
			return fair_error_set(err, FAIR_EINVAL,
			                      "weight of group '%s' is %g; expected a finite number >= 0",
			                      wb->labels[s], w);
		tot += w;
	}
	if (!(tot > 0))
		return fair_error_set(err, FAIR_EINVAL, "group weights sum to 0");
	for (s = 0; s < wb->K; s++)
		wb->g[s].w = (weights != NULL ? weights[s] : (double)wb->g[s].n) / tot;
	return FAIR_OK;
}

static inline size_t
bucket_of(const struct wgroup *g, double v)
{
	size_t b;

	if (g->nb == 1)
		return 0;
	b = (size_t)((v - g->lo) * g->scale);
	return b < g->nb ? b : g->nb - 1;
}

/* #{c in C : c <= v} for v in [lo, hi), searched in C[pos, hi) where pos
 * and hi are the bounds of v's bucket. The bucket map is monotone in v, so
 * every c in an earlier bucket than v is < v and every c in a later one is
 * > v: the upper bound lies inside v's bucket. Binary lifting with a fixed
 * number of steps (enough for the fullest bucket) and no data-dependent
 * branches: buckets hold a handful of values and branchy searches mispredict. */
static inline size_t
search_range(const struct wgroup *g, size_t pos, size_t hi, double v)
{
	size_t step;

	for (step = g->topstep; step > 0; step >>= 1) {
		size_t np = pos + step, q = np <= hi ? np : hi;
		size_t ok = (size_t)(np <= hi) & (size_t)(g->C[q > 0 ? q - 1 : 0] <= v);
		pos += step * ok; /* arithmetic, so the compiler emits no branch */
	}
	return pos;
}

static inline size_t
search_bucket(const struct wgroup *g, double v)
{
	size_t b = bucket_of(g, v);

	return search_range(g, g->start[b], g->start[b + 1], v);
}

/* #{c in C : c <= v} for a non-NaN v */
static inline size_t
count_le(const struct wgroup *g, double v)
{
	if (!(v >= g->lo))
		return 0;
	if (v >= g->hi)
		return g->nC;
	return search_bucket(g, v);
}

/* Bucket map of a group whose table C runs from @lo = C[0] to @hi =
 * C[nC - 1]: nC equal-width buckets over [lo, hi], or a single bucket when
 * the range is empty or not finite. */
static void
index_params(struct wgroup *g, double lo, double hi)
{
	double range = hi - lo;
	size_t nb = g->nC;

	g->lo = lo;
	g->hi = hi;
	g->scale = range > 0 ? (double)nb / range : 0;
	if (!(range > 0) || !isfinite(range) || !isfinite(g->scale) || nb < 2) {
		nb = 1;
		g->scale = 0;
	}
	g->nb = nb;
}

/* x < y in the order of fair_ot1d_sort_ws on finite values: numeric, with
 * -0 before +0 */
static inline int
key_less(double x, double y)
{
	return x < y || (x == y && signbit(x) && !signbit(y));
}

/* Sorts the nC jittered values in g->buf (n + 1 doubles; the values lie in
 * [lo, hi], their min and max) by scattering them into the buckets of the
 * search index -- which fills g->start as fair__ot_wbary_build() would -- and sorting each
 * bucket (they hold one value on average). The order is that of
 * fair_ot1d_sort_ws (the bucket map is monotone and equal values share a
 * bucket). The sorted values end in g->buf; g->T (nC + 1 doubles) is
 * allocated here and left as scratch for fair__ot_wbary_build(). */
static int
bucket_sort(struct wgroup *g, double lo, double hi)
{
	size_t n = g->nC, k, b, nb;
	double *src = g->buf, *dst;
	uint32_t *st;

	index_params(g, lo, hi);
	nb = g->nb;
	g->start = st = calloc(nb + 1, sizeof *st);
	g->T = dst = malloc((n + 1) * sizeof *dst);
	if (st == NULL || dst == NULL)
		return FAIR_ENOMEM;
	if (nb == 1) {
		fair_ot1d_sort_ws(src, n, dst);
		st[1] = (uint32_t)n;
	} else {
		for (k = 0; k < n; k++)
			st[bucket_of(g, src[k]) + 1]++;
		for (b = 0; b < nb; b++)
			st[b + 1] += st[b]; /* st[b]: first slot of bucket b */
		for (k = 0; k < n; k++) {
			b = bucket_of(g, src[k]);
			dst[st[b]++] = src[k];
		}
		/* st[b] is now the end of bucket b: shift to starts again */
		memmove(st + 1, st, nb * sizeof *st);
		st[0] = 0;
		for (b = 0; b < nb; b++) {
			size_t a = st[b], e = st[b + 1], i, j;
			if (e - a > 16) {
				fair_ot1d_sort_ws(dst + a, e - a, src);
				continue;
			}
			/* insertion sort; ties of -0 and +0 ordered as the radix sort */
			for (i = a + 1; i < e; i++) {
				double x = dst[i];
				for (j = i; j > a && key_less(x, dst[j - 1]); j--)
					dst[j] = dst[j - 1];
				dst[j] = x;
			}
		}
		g->buf = dst;
		g->T = src;
	}
	g->lo = g->buf[0];
	g->hi = g->buf[n - 1];
	return FAIR_OK;
}

/* Builds the bucket index (unless the fit already did: start != NULL) and
 * the rank table T of every group from sorted C, D and the weights. */
int
fair__ot_wbary_build(fair_wbary *wb, fair_error *err)
{
	size_t s, t, k;

	for (s = 0; s < wb->K; s++) {
		struct wgroup *g = &wb->g[s];
		size_t nb;

		if (g->T == NULL)
			g->T = malloc((g->nC + 1) * sizeof *g->T);
		if (g->T == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory for the wasserstein correction");
		if (g->start == NULL) {
			size_t bb = 0;
			index_params(g, g->C[0], g->C[g->nC - 1]);
			nb = g->nb;
			g->start = malloc((nb + 1) * sizeof *g->start);
			if (g->start == NULL)
				return fair_error_set(err, FAIR_ENOMEM,
				                      "out of memory for the wasserstein correction");
			for (k = 0; k < g->nC; k++) {
				size_t b = bucket_of(g, g->C[k]);
				while (bb <= b)
					g->start[bb++] = (uint32_t)k;
			}
			while (bb <= nb)
				g->start[bb++] = (uint32_t)g->nC;
		}
		nb = g->nb;
		{
			size_t occ = 0, b;
			for (b = 0; b < nb; b++)
				if (g->start[b + 1] - g->start[b] > occ)
					occ = g->start[b + 1] - g->start[b];
			g->topstep = 0;
			if (occ > 0)
				for (g->topstep = 1; 2 * g->topstep <= occ; g->topstep *= 2)
					;
		}

		/* T[k] = sum_t w_t Q_t(k / nC), summed in group order t = 0..K-1 */
		for (k = 0; k <= g->nC; k++)
			g->T[k] = 0;
		for (t = 0; t < wb->K; t++) {
			const struct wgroup *h = &wb->g[t];
			double w = h->w;
			if (wb->quantile == FAIR_WBARY_Q_INTERP) {
				for (k = 0; k <= g->nC; k++)
					g->T[k] += w * fair_ot1d_quantile_interp(h->D, h->nD,
					                                         (double)k / (double)g->nC);
			} else {
				/* step quantile index ceil(k nD / nC) - 1 (0 for k = 0),
				 * advanced incrementally: q = k nD, j = ceil(q / nC) */
				uint64_t q = 0, j = 0, nC = g->nC, nD = h->nD;
				for (k = 0; k <= g->nC; k++) {
					while (j * nC < q)
						j++;
					g->T[k] += w * h->D[j > 0 ? j - 1 : 0];
					q += nD;
				}
			}
		}
	}
	return FAIR_OK;
}

fair_wbary *
fair_wbary_fit(const double *score, const int32_t *group, size_t n, size_t K,
               const char *const *labels, double jitter, unsigned long seed, fair_error *err)
{
	fair_wbary_opts o;

	fair_wbary_opts_init(&o);
	o.jitter = jitter;
	o.seed = seed;
	return fair_wbary_fit_opts(score, group, n, K, labels, &o, NULL, err);
}

fair_wbary *
fair_wbary_fit_opts(const double *score, const int32_t *group, size_t n, size_t K,
                    const char *const *labels, const fair_wbary_opts *opts, fair_progress *prog,
                    fair_error *err)
{
	fair_wbary_opts o;
	fair_wbary *wb = NULL;
	gsl_rng *rng = NULL;
	struct mt mt;
	size_t *fill = NULL, i, s, nmax = 0, ndraws = 0;
	double *work = NULL, *gmin = NULL, *gmax = NULL;
	double lo = INFINITY, hi = -INFINITY, amax = 0, sigma;

	if (opts != NULL)
		o = *opts;
	else
		fair_wbary_opts_init(&o);
	if (K < 2) {
		fair_error_set(err, FAIR_EINVAL,
		               "wasserstein correction needs at least 2 groups; got %zu", K);
		return NULL;
	}
	if (o.split != FAIR_WBARY_SPLIT_ONE && o.split != FAIR_WBARY_SPLIT_TWO) {
		fair_error_set(err, FAIR_EINVAL, "bary-split=%d; expected one (0) or two (1)", o.split);
		return NULL;
	}
	if (o.quantile != FAIR_WBARY_Q_STEP && o.quantile != FAIR_WBARY_Q_INTERP) {
		fair_error_set(err, FAIR_EINVAL, "quantile=%d; expected step (0) or interp (1)",
		               o.quantile);
		return NULL;
	}
	if (isnan(o.jitter) || isinf(o.jitter) ||
	    (o.jitter < 0 && o.jitter != FAIR_WBARY_JITTER_AUTO)) {
		fair_error_set(err, FAIR_EINVAL, "jitter=%g; expected a finite number >= 0", o.jitter);
		return NULL;
	}
	wb = fair__ot_wbary_new(K, labels, err);
	if (wb == NULL)
		return NULL;
	wb->split = o.split;
	wb->quantile = o.quantile;

	/* pass 1: validate codes, count rows per group, range of the scores */
	for (i = 0; i < n; i++) {
		int32_t c = group[i];
		double f = score[i];
		if (c < -1 || (c >= 0 && (size_t)c >= K)) {
			fair_error_set(err, FAIR_EINVAL, "group code %ld at row %zu is outside [0, %zu)",
			               (long)c, i, K);
			goto fail;
		}
		if (c < 0)
			continue;
		if (!isfinite(f)) {
			wb->nskipped++;
			continue;
		}
		wb->g[c].n++;
		if (f < lo)
			lo = f;
		if (f > hi)
			hi = f;
		if (fabs(f) > amax)
			amax = fabs(f);
	}
	for (s = 0; s < K; s++) {
		struct wgroup *g = &wb->g[s];
		if (g->n == 0) {
			fair_error_set(err, FAIR_EUNDEF, "group '%s' has no calibration rows", wb->labels[s]);
			goto fail;
		}
		if (g->n > UINT32_MAX) {
			fair_error_set(err, FAIR_EINVAL, "group '%s' has %zu calibration rows; at most %lu",
			               wb->labels[s], g->n, (unsigned long)UINT32_MAX);
			goto fail;
		}
		if (o.split == FAIR_WBARY_SPLIT_TWO && g->n < 2) {
			fair_error_set(err, FAIR_EINVAL,
			               "group '%s' has 1 calibration row; bary-split=two needs at least 2",
			               wb->labels[s]);
			goto fail;
		}
		if (g->n > nmax)
			nmax = g->n;
	}
	if (fair__ot_wbary_set_weights(wb, o.weights, err) != FAIR_OK)
		goto fail;

	/* doc/methods.md 4.2 (implementation notes): sigma = 1e-5 (max - min), floored
	 * at 1e-12 -- the floor scaled by max|f| [fairsh] so the noise stays above
	 * the float resolution of large predictions */
	if (o.jitter == FAIR_WBARY_JITTER_AUTO) {
		double floor_ = 1e-12 * (amax > 1 ? amax : 1);
		sigma = 1e-5 * (hi - lo);
		if (!(sigma >= floor_))
			sigma = floor_;
	} else
		sigma = o.jitter;
	wb->sigma = sigma;

	/* pass 2: jitter and scatter into the groups (doc/methods.md 4.2 step 1) */
	fill = calloc(K, sizeof *fill);
	gmin = malloc(K * sizeof *gmin);
	gmax = malloc(K * sizeof *gmax);
	if (fill == NULL || gmin == NULL || gmax == NULL)
		goto nomem;
	mt_seed(&mt, o.seed);
	for (s = 0; s < K; s++) {
		/* + 1: bucket_sort swaps buf with the table T of nC + 1 */
		wb->g[s].buf = malloc((wb->g[s].n + 1) * sizeof(double));
		if (wb->g[s].buf == NULL)
			goto nomem;
		gmin[s] = INFINITY;
		gmax[s] = -INFINITY;
	}
	for (i = 0; i < n; i++) {
		int32_t c = group[i];
		double f = score[i];
		if ((i & (CHUNK - 1)) == 0 && fair_progress_cancelled(prog))
			goto cancel;
		if (c < 0 || !isfinite(f))
			continue;
		if (sigma > 0) {
			f += sigma * (2 * mt_uniform(&mt) - 1);
			ndraws++;
		}
		wb->g[c].buf[fill[c]++] = f;
		if (f < gmin[c])
			gmin[c] = f;
		if (f > gmax[c])
			gmax[c] = f;
	}
	if (o.split == FAIR_WBARY_SPLIT_TWO) {
		/* the shuffles continue the same gsl mt19937 stream: a GSL generator
		 * in the state the inlined one has reached (split=two only) */
		rng = gsl_rng_alloc(gsl_rng_mt19937);
		if (rng == NULL)
			goto nomem;
		gsl_rng_set(rng, o.seed);
		for (i = 0; i < ndraws; i++)
			(void)gsl_rng_get(rng);
	}

	/* step 2: one sample for both, or random halves (first ceil(N/2) of a
	 * random permutation -> CDF, the rest -> quantile) */
	if (o.split == FAIR_WBARY_SPLIT_TWO) {
		work = malloc(nmax * sizeof *work);
		if (work == NULL)
			goto nomem;
	}
	for (s = 0; s < K; s++) {
		struct wgroup *g = &wb->g[s];
		if (fair_progress_cancelled(prog))
			goto cancel;
		if (o.split == FAIR_WBARY_SPLIT_TWO) {
			gsl_ran_shuffle(rng, g->buf, g->n, sizeof(double));
			g->nC = (g->n + 1) / 2;
			g->nD = g->n - g->nC;
			g->C = g->buf;
			g->D = g->buf + g->nC;
			fair_ot1d_sort_ws(g->C, g->nC, work);
			fair_ot1d_sort_ws(g->D, g->nD, work);
		} else {
			g->nC = g->nD = g->n;
			if (bucket_sort(g, gmin[s], gmax[s]) != FAIR_OK)
				goto nomem;
			g->C = g->D = g->buf;
		}
		fair_progress_set(prog, s + 1, K, NAN, NAN);
	}
	if (fair__ot_wbary_build(wb, err) != FAIR_OK)
		goto fail;
	free(work);
	free(fill);
	free(gmin);
	free(gmax);
	if (rng != NULL)
		gsl_rng_free(rng);
	return wb;
cancel:
	fair_error_set(err, FAIR_ECANCELED, "wasserstein fit cancelled");
	goto fail;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory for the wasserstein correction");
fail:
	free(work);
	free(fill);
	free(gmin);
	free(gmax);
	if (rng != NULL)
		gsl_rng_free(rng);
	fair_wbary_free(wb);
	return NULL;
}

static int
check_apply_args(const fair_wbary *wb, const int32_t *group, size_t n, double alpha,
                 fair_error *err)
{
	size_t i;

	if (!(alpha >= 0 && alpha <= 1))
		return fair_error_set(err, FAIR_EINVAL, "alpha=%g; expected a number in [0, 1]", alpha);
	for (i = 0; i < n; i++)
		if (group[i] < -1 || (group[i] >= 0 && (size_t)group[i] >= wb->K))
			return fair_error_set(err, FAIR_EINVAL,
			                      "group code %ld at row %zu is outside [0, %zu)",
			                      (long)group[i], i, wb->K);
	return FAIR_OK;
}

/* The lookups of a row (start[] of its bucket, then C and T around it) miss
 * the cache for large tables, and each depends on the previous one. Rows are
 * therefore taken BATCH at a time in three stages -- jitter, range checks and
 * buckets (prefetching start[]); bucket bounds (prefetching C and T); the
 * search -- so that the misses of a batch overlap. Rows below or above a
 * group's table are answered directly. The result of every row is
 * T[count_le(v)] as in fair_wbary_map1, whatever the batching.
 * @mt == NULL: no jitter. */
static int
apply_core(const fair_wbary *wb, const double *score, const int32_t *group, size_t n,
           double alpha, struct mt *mt, double *out, fair_progress *prog, fair_error *err)
{
	double sigma = mt != NULL ? wb->sigma : 0, beta = 1 - alpha;
	size_t i0;

	for (i0 = 0; i0 < n; i0 += BATCH) {
		size_t m = n - i0 < BATCH ? n - i0 : BATCH, j, np = 0;
		const struct wgroup *pg[BATCH];
		double pv[BATCH], pf[BATCH];
		size_t prow[BATCH], pb[BATCH];
		uint32_t p0[BATCH], p1[BATCH];

		if ((i0 & (CHUNK - 1)) == 0) {
			if (fair_progress_cancelled(prog))
				return fair_error_set(err, FAIR_ECANCELED, "wasserstein correction cancelled");
			fair_progress_set(prog, i0, n, NAN, NAN);
		}
		for (j = 0; j < m; j++) {
			size_t row = i0 + j;
			int32_t c = group[row];
			double f = score[row], v = f, gv;
			const struct wgroup *g;
			if (sigma > 0)
				v += sigma * (2 * mt_uniform(mt) - 1); /* one draw per row */
			if (c < 0 || !isfinite(f)) {
				out[row] = NAN;
				continue;
			}
			g = &wb->g[c];
			if (!(v >= g->lo))
				gv = g->T[0];
			else if (v >= g->hi)
				gv = g->T[g->nC];
			else {
				size_t b = bucket_of(g, v);
				PREFETCH(&g->start[b]);
				pg[np] = g;
				pv[np] = v;
				pf[np] = f;
				prow[np] = row;
				pb[np++] = b;
				continue;
			}
			out[row] = alpha == 1 ? gv : beta * f + alpha * gv;
		}
		for (j = 0; j < np; j++) {
			const struct wgroup *g = pg[j];
			p0[j] = g->start[pb[j]];
			p1[j] = g->start[pb[j] + 1];
			PREFETCH(&g->C[p0[j]]);
			PREFETCH(&g->T[p0[j]]);
		}
		for (j = 0; j < np; j++) {
			const struct wgroup *g = pg[j];
			double gv = g->T[search_range(g, p0[j], p1[j], pv[j])];
			out[prow[j]] = alpha == 1 ? gv : beta * pf[j] + alpha * gv;
		}
	}
	fair_progress_set(prog, n, n, NAN, NAN);
	return FAIR_OK;
}

int
fair_wbary_apply(const fair_wbary *wb, const double *score, const int32_t *group, size_t n,
                 double alpha, unsigned long seed, double *out, fair_progress *prog,
                 fair_error *err)
{
	struct mt mt;
	int rc;

	rc = check_apply_args(wb, group, n, alpha, err);
	if (rc != FAIR_OK)
		return rc;
	if (alpha == 0) {
		if (out != score)
			memmove(out, score, n * sizeof *out);
		return FAIR_OK;
	}
	if (wb->sigma == 0)
		return apply_core(wb, score, group, n, alpha, NULL, out, prog, err);
	mt_seed(&mt, seed);
	return apply_core(wb, score, group, n, alpha, &mt, out, prog, err);
}

int
fair_wbary_transform(const fair_wbary *wb, const double *v, const int32_t *group, size_t n,
                     double alpha, double *out, fair_error *err)
{
	int rc = check_apply_args(wb, group, n, alpha, err);

	if (rc != FAIR_OK)
		return rc;
	if (alpha == 0) {
		if (out != v)
			memmove(out, v, n * sizeof *out);
		return FAIR_OK;
	}
	return apply_core(wb, v, group, n, alpha, NULL, out, NULL, err);
}

double
fair_wbary_map1(const fair_wbary *wb, size_t s, double v)
{
	if (s >= wb->K || isnan(v))
		return NAN;
	return wb->g[s].T[count_le(&wb->g[s], v)];
}
