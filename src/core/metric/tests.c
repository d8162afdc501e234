/* tests.c -- the tests of the audit: the two-proportion z-test, the
 * chi-square test that K proportions are equal, its permutation version
 * (exact enumeration of the tables with the observed margins, or Monte
 * Carlo relabelling when there are too many), and Holm's adjustment for
 * many comparisons; fairsh/stats.h, doc/methods.md 9.5-9.6. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>

#include "metric/metric-private.h"

double
fair_ztest_2prop(double pa, double ma, double pb, double mb, double *z)
{
	*z = NAN;
	if (!(ma > 0 && mb > 0) || isnan(pa) || isnan(pb))
		return NAN;
	double p = (pa * ma + pb * mb) / (ma + mb);
	double var = p * (1 - p) * (1 / ma + 1 / mb);
	if (!(var > 0)) {
		/* everybody or nobody has it in both groups: no difference at all */
		*z = 0;
		return 1.0;
	}
	*z = (pa - pb) / sqrt(var);
	return 2 * gsl_cdf_ugaussian_Q(fabs(*z));
}

/* X^2 of one K x 2 table; *ng the groups with rows. */
static double
chisq_stat(const double *x, const double *n, size_t K, size_t *ng, double *min_expected)
{
	double sx = 0, sn = 0, st = 0;
	*ng = 0;
	for (size_t g = 0; g < K; g++) {
		if (!(n[g] > 0))
			continue;
		sx += x[g];
		sn += n[g];
		(*ng)++;
	}
	if (*ng < 2)
		return NAN;
	double p = sx / sn;
	double me = INFINITY;
	for (size_t g = 0; g < K; g++) {
		if (!(n[g] > 0))
			continue;
		double e1 = n[g] * p, e0 = n[g] * (1 - p);
		me = fmin(me, fmin(e1, e0));
		if (p > 0 && p < 1) {
			double d = x[g] - e1;
			st += d * d / (e1 * (1 - p));
		}
	}
	if (min_expected != NULL)
		*min_expected = me;
	return st;
}

double
fair_chisq_equal(const double *x, const double *n, size_t K, double *stat, double *df,
                 double *min_expected)
{
	size_t ng;
	double me = NAN;
	*stat = chisq_stat(x, n, K, &ng, &me);
	*df = ng >= 2 ? (double)(ng - 1) : NAN;
	if (min_expected != NULL)
		*min_expected = me;
	if (isnan(*stat))
		return NAN;
	return gsl_cdf_chisq_Q(*stat, *df);
}

/* ---------------------------------------------------------- permutation -- */

struct perm_table {
	size_t K;            /* groups with rows */
	unsigned *n;         /* their sizes */
	unsigned S, N;       /* successes, rows */
	double p;            /* S / N */
	double *tail;        /* tail[g] = sum of n over groups g.. */
};

/* The statistic's term of one group: (x - n p)^2 / (n p (1 - p)). */
static double
term(const struct perm_table *t, size_t g, double x)
{
	if (!(t->p > 0 && t->p < 1))
		return 0;
	double e = t->n[g] * t->p;
	return (x - e) * (x - e) / (e * (1 - t->p));
}

struct enum_state {
	struct perm_table *tab;
	size_t T;
	double obs, tol;
	double pvalue;        /* probability of the tables at least as extreme */
	double lognorm;       /* sum over tables of log C(N, S) */
};

/* Enumerates table t from group g with @left successes to place, the
 * statistic so far @st and log-probability numerator @lp. */
static void
enum_rec(struct enum_state *e, size_t t, size_t g, unsigned left, double st, double lp)
{
	struct perm_table *tb = &e->tab[t];
	if (g == tb->K) {
		if (t + 1 < e->T) {
			enum_rec(e, t + 1, 0, e->tab[t + 1].S, st, lp);
			return;
		}
		if (st >= e->obs - e->tol)
			e->pvalue += exp(lp - e->lognorm);
		return;
	}
	unsigned ng = tb->n[g];
	double rest = g + 1 < tb->K ? tb->tail[g + 1] : 0;
	unsigned xlo = (double)left > rest ? (unsigned)((double)left - rest) : 0;
	unsigned xhi = left < ng ? left : ng;
	for (unsigned x = xlo; x <= xhi; x++)
		enum_rec(e, t, g + 1, left - x, st + term(tb, g, x),
		         lp + gsl_sf_lnchoose(ng, x));
}

/* Tables with at most this many would be enumerated; counts stay exact in
 * 64 bits below it (a window sum is at most 2^32 groups' rows times it). */
#define COUNT_LIMIT ((uint64_t)1 << 31)

bool
fair__metric_perm_count(const unsigned *n, size_t K, unsigned S, uint64_t cap, uint64_t *count,
                        size_t *steps)
{
	/* The tables are the ways to choose x_g in [0, n_g] with sum S; those
	 * with S successes are those with N - S failures, so count the smaller
	 * M of the two. ways[s] = partial tables of the groups so far with sum
	 * s, kept only while they can still reach M (s >= M - rows left): each
	 * of them then ends in at least one whole table, so one above @cap
	 * settles the answer. A group adds the window sum of n_g + 1 entries,
	 * slid along s: O(K M) work, none quadratic in the group sizes. */
	uint64_t N = 0;
	for (size_t g = 0; g < K; g++)
		N += n[g];
	if (S > N) {
		*count = 0;
		return true;
	}
	uint64_t M = S < N - S ? S : N - S, left = N;
	if (cap > COUNT_LIMIT)
		cap = COUNT_LIMIT;
	uint64_t *ways = calloc(M + 1, sizeof *ways), *next = calloc(M + 1, sizeof *next);
	bool fits = false;
	*count = 0;
	if (ways == NULL || next == NULL)
		goto out;
	ways[0] = 1;
	for (size_t g = 0; g < K; g++) {
		left -= n[g];
		uint64_t lo = M > left ? M - left : 0, win = 0;
		for (uint64_t s = 0; s <= M; s++) {
			win += ways[s];
			if (s > n[g])
				win -= ways[s - n[g] - 1];
			next[s] = s >= lo ? win : 0;
			if (next[s] > cap)
				goto out;
		}
		if (steps != NULL)
			*steps += M + 1;
		uint64_t *t = ways;
		ways = next;
		next = t;
	}
	*count = ways[M];
	fits = true;
out:
	free(ways);
	free(next);
	return fits;
}

int
fair_perm_equal(const double *x, const double *n, size_t K, size_t T, size_t max_tables, size_t B,
                unsigned long seed, double *stat, double *p, int *method, fair_error *err)
{
	struct perm_table *tab = calloc(T > 0 ? T : 1, sizeof *tab);
	gsl_rng *rng = NULL;
	int st = FAIR_OK;
	double obs = 0, ntables = 1;
	bool too_many = false;

	*stat = *p = NAN;
	*method = FAIR_PERM_EXACT;
	if (tab == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "permutation test: out of memory");
	for (size_t t = 0; t < T; t++) {
		struct perm_table *tb = &tab[t];
		tb->n = calloc(K, sizeof *tb->n);
		tb->tail = calloc(K, sizeof *tb->tail);
		if (tb->n == NULL || tb->tail == NULL) {
			st = fair_error_set(err, FAIR_ENOMEM, "permutation test: out of memory");
			goto out;
		}
		for (size_t g = 0; g < K; g++) {
			double xv = x[t * K + g], nv = n[t * K + g];
			if (!(nv >= 0 && xv >= 0 && xv <= nv && nv == floor(nv) && xv == floor(xv) &&
			      nv < 4e9)) {
				st = fair_error_set(err, FAIR_EINVAL, "permutation test: counts must be whole "
				                    "numbers with 0 <= successes <= rows (group %zu has %g of %g)",
				                    g + 1, xv, nv);
				goto out;
			}
			if (nv == 0)
				continue;
			tb->n[tb->K++] = (unsigned)nv;
			tb->S += (unsigned)xv;
			tb->N += (unsigned)nv;
		}
		if (tb->K < 2)
			goto out;   /* p stays NaN */
		tb->p = (double)tb->S / tb->N;
		for (size_t g = tb->K; g-- > 0;)
			tb->tail[g] = tb->n[g] + (g + 1 < tb->K ? tb->tail[g + 1] : 0);
		size_t gi = 0;
		for (size_t g = 0; g < K; g++)
			if (n[t * K + g] > 0)
				obs += term(tb, gi++, x[t * K + g]);
		uint64_t c;
		if (!fair__metric_perm_count(tb->n, tb->K, tb->S, max_tables, &c, NULL))
			too_many = true;
		ntables *= (double)c;
	}
	*stat = obs;
	double tol = 1e-9 * fmax(obs, 1.0);
	if (!too_many && ntables <= (double)max_tables) {
		struct enum_state e = { tab, T, obs, tol, 0, 0 };
		for (size_t t = 0; t < T; t++)
			e.lognorm += gsl_sf_lnchoose(tab[t].N, tab[t].S);
		enum_rec(&e, 0, 0, tab[0].S, 0, 0);
		*p = fmin(1.0, e.pvalue);
		goto out;
	}
	*method = FAIR_PERM_MONTE_CARLO;
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (rng == NULL) {
		st = fair_error_set(err, FAIR_ENOMEM, "permutation test: out of memory");
		goto out;
	}
	gsl_rng_set(rng, seed);
	size_t hits = 0;
	for (size_t b = 0; b < B; b++) {
		double s = 0;
		for (size_t t = 0; t < T; t++) {
			const struct perm_table *tb = &tab[t];
			unsigned left = tb->S, rows = tb->N;
			for (size_t g = 0; g < tb->K; g++) {
				/* the successes among group g's rows when the rows still
				 * unassigned are dealt out at random */
				unsigned xg = g + 1 < tb->K
				              ? gsl_ran_hypergeometric(rng, left, rows - left, tb->n[g])
				              : left;
				s += term(tb, g, xg);
				left -= xg;
				rows -= tb->n[g];
			}
		}
		hits += s >= obs - tol;
	}
	*p = (1.0 + (double)hits) / (1.0 + (double)B);
out:
	for (size_t t = 0; t < T; t++) {
		free(tab[t].n);
		free(tab[t].tail);
	}
	free(tab);
	if (rng != NULL)
		gsl_rng_free(rng);
	return st;
}

/* ---------------------------------------------------------------- Holm -- */

struct ip { double p; size_t i; };

static int
cmp_ip(const void *a, const void *b)
{
	const struct ip *x = a, *y = b;
	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

int
fair_holm(const double *p, size_t m, double *adj, fair_error *err)
{
	struct ip *v = malloc((m > 0 ? m : 1) * sizeof *v);
	size_t k = 0;
	if (v == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "holm: out of memory");
	for (size_t i = 0; i < m; i++)
		if (!isnan(p[i])) {
			v[k].p = p[i];
			v[k].i = i;
			k++;
		}
	qsort(v, k, sizeof *v, cmp_ip);
	for (size_t i = 0; i < m; i++)
		if (isnan(p[i]))
			adj[i] = NAN;
	double run = 0;
	for (size_t j = 0; j < k; j++) {
		double a = fmin(1.0, (double)(k - j) * v[j].p);
		run = fmax(run, a);
		adj[v[j].i] = run;
	}
	free(v);
	return FAIR_OK;
}
