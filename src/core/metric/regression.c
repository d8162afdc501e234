/* regression.c -- the regression audit: per-group MSE, MAE, means, overall
 * R^2, and the distributional fairness metrics (KS unfairness, W1, W2 over
 * pairs of groups, doc/methods.md 2.5-2.6, via ot-private.h) with their
 * stratified bootstrap (resampled by counting, so no re-sorting). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>

#include "ot/ot-private.h"
#include "metric/metric-private.h"

fair_resample_hook_fn fair_resample_hook;
void *fair_resample_hook_ud;

typedef struct pw { double p, w; } pw;

static int
cmp_pw(const void *a, const void *b)
{
	double x = ((const pw *)a)->p, z = ((const pw *)b)->p;
	return (x > z) - (x < z);
}

/* KS, W1, W2 (max over pairs) and the mean difference from sorted group
 * samples s[off[k]..off[k+1]) and group means mean[k] (NaN = no rows). */
static void
reg_metrics(size_t K, const size_t *off, const double *s, const double *mean,
            const double *nw, const bool *skip, fair_metric_value *m)
{
	for (int id = FAIR_M_KS; id <= FAIR_M_MEAN_DIFF; id++)
		fair__metric_metric_reset(&m[id]);
	for (size_t a = 0; a < K; a++) {
		size_t na = off[a + 1] - off[a];
		if (na == 0 || (skip != NULL && skip[a]))
			continue;
		for (size_t b = a + 1; b < K; b++) {
			size_t nb = off[b + 1] - off[b];
			if (nb == 0 || (skip != NULL && skip[b]))
				continue;
			const double *A = s + off[a], *B = s + off[b];
			double v[3];
			v[0] = fair_ot1d_ks_sorted(A, na, B, nb);
			v[1] = fair_ot1d_wp_sorted(A, na, B, nb, 1.0);
			v[2] = sqrt(fair_ot1d_wp_sorted(A, na, B, nb, 2.0));
			for (int j = 0; j < 3; j++) {
				fair_metric_value *x = &m[FAIR_M_KS + j];
				if (x->ga == FAIR_GROUP_NONE || v[j] > x->value) {
					x->value = v[j];
					x->ga = (long)a;
					x->gb = (long)b;
					x->da = (double)na;
					x->db = (double)nb;
				}
			}
		}
	}
	fair_metric_value *md = &m[FAIR_M_MEAN_DIFF];
	long gmax = -1, gmin = -1;
	for (size_t k = 0; k < K; k++) {
		if (isnan(mean[k]) || (skip != NULL && skip[k]))
			continue;
		if (gmax < 0 || mean[k] > mean[gmax])
			gmax = (long)k;
		/* ties: two different groups, never "b vs b" */
		if (gmin < 0 || mean[k] < mean[gmin] || (mean[k] == mean[gmin] && gmin == gmax))
			gmin = (long)k;
	}
	if (gmax >= 0 && gmax != gmin) {
		md->value = mean[gmax] - mean[gmin];
	} else if (gmax >= 0) {
		md->value = 0;   /* every group with rows has the same mean */
	}
	md->fig = FAIR_FIG_MEAN_PREDICTION;
	md->ga = gmax;
	md->gb = gmin;
	if (gmax >= 0) {
		md->va = mean[gmax];
		md->vb = mean[gmin];
		md->da = nw[gmax];
		md->db = nw[gmin];
	}
}

/* Resamples and relabellings of a regression audit (doc/methods.md 9.7):
 * 200 bootstrap resamples unless ci=B says otherwise (the distances have no
 * other interval), 1,000 relabellings for the test of equal distributions. */
#define REG_BOOTSTRAP 200
#define REG_PERMUTATIONS 1000

/* Metric @id between sorted samples A (na) and Bs (nb) with means ma, mb. */
static double
pair_stat(int id, const double *A, size_t na, const double *Bs, size_t nb, double ma, double mb)
{
	switch (id) {
	case FAIR_M_KS: return fair_ot1d_ks_sorted(A, na, Bs, nb);
	case FAIR_M_W1: return fair_ot1d_wp_sorted(A, na, Bs, nb, 1.0);
	case FAIR_M_W2: return sqrt(fair_ot1d_wp_sorted(A, na, Bs, nb, 2.0));
	default: return ma - mb;
	}
}

/* The pairs a distance's pick could have fallen on: no more than
 * PICK_PAIRS, over at most PICK_POINTS pooled points (or 10 N when more;
 * one byte each, and the bootstrap's time); beyond that the pair shown is
 * bootstrapped alone at the Sidak level. */
#define PICK_PAIRS 45
#define PICK_POINTS ((size_t)1 << 22)
#define PICK_MAXBOOT 4000

/* a rough standard error of distance @id between groups a and b: KS
 * sqrt(1/na + 1/nb), W1 and W2 the mean gap's; only to screen the pairs */
static double
rough_se(int id, const size_t *off, const double *var, long a, long b)
{
	double na = (double)(off[a + 1] - off[a]), nb = (double)(off[b + 1] - off[b]);
	double v = id == FAIR_M_KS ? 1 / na + 1 / nb : var[a] / na + var[b] / nb;
	return isfinite(v) ? sqrt(v) : INFINITY;
}

/* Distance @id's pairs for the directional bootstrap into *d (*n of them):
 * the pair shown first, then, when more than one pair of groups takes part
 * (rows, not left out), every other pair whose distance is within 4
 * (s_ab + s_shown) of the shown one (rough_se), the pairs the pick could
 * have fallen on (doc/methods.md 9.7). *pick tells whether the pick is
 * simulated (regdist.c) or the pair shown stands alone: one pair, or more
 * than the limits allow (@budget: the pooled points allowed); *alone
 * that no other pair is in reach of the top, so that the pair shown takes
 * the audit's level, as with two groups. */
static int
dist_pairs(int id, const fair_metric_value *m, size_t K, const size_t *off, const double *s,
           const double *var, const bool *skip, size_t B, size_t budget, fair__metric_dist **d,
           size_t *n, bool *pick, bool *alone)
{
	size_t np = 1, pts = off[m->ga + 1] - off[m->ga] + off[m->gb + 1] - off[m->gb], all = 0;
	long *pr = malloc(2 * (K * (K - 1) / 2 + 1) * sizeof *pr);
	double *dv = malloc((K * (K - 1) / 2 + 1) * sizeof *dv);   /* each pair's distance */
	double se0 = rough_se(id, off, var, m->ga, m->gb);
	*d = NULL;
	*n = 0;
	*pick = *alone = false;
	if (pr == NULL || dv == NULL) {
		free(pr);
		free(dv);
		return FAIR_ENOMEM;
	}
	pr[0] = m->ga;
	pr[1] = m->gb;
	dv[0] = m->estimate;
	for (size_t a = 0; a < K; a++) {
		size_t na = off[a + 1] - off[a];
		if (na == 0 || (skip != NULL && skip[a]))
			continue;
		for (size_t b = a + 1; b < K; b++) {
			size_t nb = off[b + 1] - off[b];
			if (nb == 0 || (skip != NULL && skip[b]))
				continue;
			all++;
			if ((long)a == m->ga && (long)b == m->gb)
				continue;
			double D = pair_stat(id, s + off[a], na, s + off[b], nb, 0, 0);
			if (D >= m->estimate - 4 * (rough_se(id, off, var, (long)a, (long)b) + se0)) {
				pr[2 * np] = (long)a;
				pr[2 * np + 1] = (long)b;
				dv[np] = D;
				np++;
				pts += na + nb;
			}
		}
	}
	/* one pair in reach of the top: as with two groups, no pick */
	*pick = all > 1 && np > 1 && np <= PICK_PAIRS && pts <= budget;
	*alone = all > 1 && np == 1;
	if (!*pick)
		np = 1;
	*d = calloc(np, sizeof **d);
	if (*d == NULL) {
		free(pr);
		free(dv);
		return FAIR_ENOMEM;
	}
	*n = np;
	for (size_t j = 0; j < np; j++) {
		long a = pr[2 * j], b = pr[2 * j + 1];
		int st = fair__metric_dist_init(&(*d)[j], id, s + off[a], off[a + 1] - off[a], s + off[b],
		                                off[b + 1] - off[b], dv[j], B);
		(*d)[j].ga = a;
		(*d)[j].gb = b;
		if (st != FAIR_OK) {
			free(pr);
			free(dv);
			return st;
		}
	}
	free(pr);
	free(dv);
	return FAIR_OK;
}

/* The bootstrap of each metric's statistic for its own pair (fixed on the
 * data), stratified by group; distances get the directional bootstrap
 * interval (regdist.c) over the pairs their pick could have fallen on, the
 * mean gap BCa (its jackknife is a closed form) when @bca. */
static int
reg_boot(const fair_audit_input *in, const fair_audit_opts *o, fair_report *r, size_t B,
         const size_t *off, const pw *sorted, const double *s, const double *var,
         const bool *skip, const double *each, bool bca, fair_error *err)
{
	fair__metric_dist *rd[3] = { NULL, NULL, NULL };
	size_t nrd[3] = { 0, 0, 0 };
	bool pick[3] = { false, false, false }, alone[3] = { false, false, false };
	size_t K = in->K, N = off[K], budget = 10 * N > PICK_POINTS ? 10 * N : PICK_POINTS;
	double plev[3] = { NAN, NAN, NAN }, lam[3] = { NAN, NAN, NAN };
	size_t want[3] = { 0, 0, 0 };   /* replicates of the pair shown, when more than B */
	bool *shown = calloc(K ? K : 1, sizeof *shown);
	double *vals = malloc(B * FAIR_METRIC_COUNT * sizeof *vals);
	double *rs = malloc((N > 0 ? N : 1) * sizeof *rs);
	size_t *cnt = malloc((N > 0 ? N : 1) * sizeof *cnt);
	double *mean = malloc(K * sizeof *mean), *nw = malloc(K * sizeof *nw);
	double *jack = malloc((N > 0 ? N : 1) * sizeof *jack);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	int st = FAIR_OK;

	if (vals == NULL || rs == NULL || cnt == NULL || mean == NULL || nw == NULL ||
	    jack == NULL || rng == NULL || shown == NULL) {
		st = fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
		goto out;
	}
	for (int id = FAIR_M_KS; id <= FAIR_M_W2; id++) {
		const fair_metric_value *m = &r->metrics[id];
		if (m->ga < 0 || m->gb < 0 || m->ga == m->gb || isnan(m->estimate))
			continue;
		int j = id - FAIR_M_KS;
		if (dist_pairs(id, m, K, off, s, var, skip, B, budget, &rd[j], &nrd[j], &pick[j], &alone[j]) !=
		    FAIR_OK) {
			st = fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
			goto out;
		}
	}
	gsl_rng_set(rng, o->seed);
	/* B resamples of every group for every metric; then, when a distance's
	 * pick asks for a level whose tails B resamples cannot hold, more of
	 * the shown pairs' groups for those distances alone (PICK_MAXBOOT at
	 * most) */
	size_t total = B;
	for (size_t b = 0; b < total; b++) {
		bool more = b >= B;
		if (fair_progress_cancelled(o->prog)) {
			st = fair_error_set(err, FAIR_ECANCELED, "audit: bootstrap cancelled");
			goto out;
		}
		for (size_t k = 0; k < K; k++) {
			size_t m0 = off[k], mk = off[k + 1] - off[k], t = m0;
			fair__metric_sum sw = { 0, 0 }, swp = { 0, 0 };
			if (more && !shown[k])
				continue;
			memset(cnt + m0, 0, mk * sizeof *cnt);
			for (size_t j = 0; j < mk; j++)
				cnt[m0 + gsl_rng_uniform_int(rng, mk)]++;
			/* the resample of a sorted sample, in order: repeat by count */
			for (size_t j = m0; j < m0 + mk; j++) {
				for (size_t c = 0; c < cnt[j]; c++)
					rs[t++] = sorted[j].p;
				if (cnt[j] > 0) {
					fair__metric_add(&sw, (double)cnt[j] * sorted[j].w);
					fair__metric_add(&swp, (double)cnt[j] * sorted[j].w * sorted[j].p);
				}
			}
			nw[k] = fair__metric_total(&sw);
			mean[k] = nw[k] > 0 ? fair__metric_total(&swp) / nw[k] : NAN;
			if (fair_resample_hook != NULL)
				fair_resample_hook(fair_resample_hook_ud, "draw", (int)k, rs + m0, mk, (double)b,
				                   NAN, NAN, NAN, NAN);
		}
		for (int id = FAIR_M_KS; id <= FAIR_M_MEAN_DIFF; id++) {
			const fair_metric_value *m = &r->metrics[id];
			double v = NAN;
			if (id <= FAIR_M_W2) {
				int j = id - FAIR_M_KS;
				size_t nc = more ? (b < want[j] ? 1 : 0) : nrd[j];
				for (size_t c = 0; c < nc; c++) {
					fair__metric_dist *d = &rd[j][c];
					fair__metric_dist_add(d, rs + off[d->ga], rs + off[d->gb]);
				}
			} else if (more) {
				continue;
			} else if (id == FAIR_M_MEAN_DIFF && m->ga >= 0 && m->gb >= 0 && m->ga != m->gb) {
				v = pair_stat(id, rs + off[m->ga], off[m->ga + 1] - off[m->ga], rs + off[m->gb],
				              off[m->gb + 1] - off[m->gb], mean[m->ga], mean[m->gb]);
			}
			if (!more)
				vals[(size_t)id * B + b] = v;
		}
		fair_progress_set(o->prog, b + 1, total, NAN, NAN);
		if (b + 1 != B)
			continue;
		/* the picks' levels, from the B resamples of every pair */
		for (int j = 0; j < 3; j++) {
			if (!pick[j])
				continue;
			plev[j] = fair__metric_dist_pick_level(rd[j], nrd[j], r->ci_level, &lam[j]);
			if (isnan(plev[j]))
				continue;
			size_t need = fair__metric_dist_need(&rd[j][0], plev[j]);
			need = need < PICK_MAXBOOT ? need : PICK_MAXBOOT;
			if (need > B && fair__metric_dist_grow(&rd[j][0], need) != FAIR_OK) {
				st = fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
				goto out;
			}
			if (need > B) {
				want[j] = need;
				total = need > total ? need : total;
				shown[rd[j][0].ga] = shown[rd[j][0].gb] = true;
			}
		}
	}
	for (int id = FAIR_M_KS; id <= FAIR_M_MEAN_DIFF; id++) {
		fair_metric_value *m = &r->metrics[id];
		double a = 0, num = 0, den = 0;
		size_t nu;
		if (m->ga < 0 || m->gb < 0 || m->ga == m->gb || isnan(m->estimate))
			continue;
		if (id == FAIR_M_MEAN_DIFF && !bca)
			continue;   /* it keeps its normal interval */
		if (id <= FAIR_M_W2) {
			int j = id - FAIR_M_KS;
			fair__metric_dist *d = rd[j];
			double level = each[id];
			if (d == NULL)
				continue;
			if (alone[j]) {
				level = r->ci_level;
				m->ci_each = level;
			}
			if (!isnan(plev[j])) {
				/* the pair picked: its level (regdist.c) */
				level = plev[j];
				m->ci_each = level;
				if (fair_resample_hook != NULL) {
					double pp[2 * PICK_PAIRS];
					for (size_t c = 0; c < nrd[j]; c++) {
						pp[2 * c] = (double)d[c].ga;
						pp[2 * c + 1] = (double)d[c].gb;
					}
					fair_resample_hook(fair_resample_hook_ud, "pick", id, pp, 2 * nrd[j],
					                   (double)nrd[j], lam[j], NAN, NAN, NAN);
				}
			}
			fair__metric_dist_ci(d, level, &m->ci_low, &m->ci_high);
			if (fair_resample_hook != NULL)
				fair_resample_hook(fair_resample_hook_ud, "dist", id, d->v, d->nv, m->estimate,
				                   level, d->centre, m->ci_low, m->ci_high);
			m->ci_kind = FAIR_CI_DIRECTIONAL;
			m->ci_undefined = 0;
			m->has_ci = true;
			continue;
		}
		{   /* the mean gap: leave one row out of either group: its mean moves to
			 * (S - w p) / (W - w) */
			for (int side = 0; side < 2; side++) {
				long g = side == 0 ? m->ga : m->gb;
				double S = 0, W = 0;
				size_t j0 = off[g], j1 = off[g + 1];
				for (size_t j = j0; j < j1; j++) {
					S += sorted[j].w * sorted[j].p;
					W += sorted[j].w;
				}
				for (size_t j = j0; j < j1; j++) {
					double loo = (S - sorted[j].w * sorted[j].p) / (W - sorted[j].w);
					jack[j - j0] = side == 0 ? loo - m->vb : m->va - loo;
				}
				if (j1 - j0 > 1)
					fair__metric_jack_sums(jack, NULL, j1 - j0, &num, &den);
			}
			a = den > 0 ? num / (6 * pow(den, 1.5)) : 0;
		}
		fair_bca_ci(m->estimate, vals + (size_t)id * B, B, a, each[id], &m->ci_low,
		            &m->ci_high, &nu);
		if (fair_resample_hook != NULL)
			fair_resample_hook(fair_resample_hook_ud, "boot", id, vals + (size_t)id * B, B - nu,
			                   m->estimate, each[id], a, m->ci_low, m->ci_high);
		m->ci_kind = FAIR_CI_BCA;
		m->ci_undefined = nu;
		m->has_ci = true;
	}
out:
	for (int j = 0; j < 3; j++) {
		for (size_t c = 0; c < nrd[j]; c++)
			fair__metric_dist_free(&rd[j][c]);
		free(rd[j]);
	}
	free(vals);
	free(rs);
	free(cnt);
	free(mean);
	free(nw);
	free(jack);
	free(shown);
	if (rng != NULL)
		gsl_rng_free(rng);
	return st;
}

typedef struct pwg { double p, w; int32_t g; } pwg;

static int
cmp_pwg(const void *a, const void *b)
{
	double x = ((const pwg *)a)->p, z = ((const pwg *)b)->p;
	return (x > z) - (x < z);
}

/* The permutation test of equal distributions (doc/methods.md 9.7): the
 * rows of the groups taking part keep their values and weights and get
 * their group labels shuffled; each metric's statistic (largest over the
 * pairs, the mean gap max - min) is recomputed. p = (1 + #{T* >= T}) / (P + 1). */
static int
reg_perm(const fair_audit_input *in, const fair_audit_opts *o, fair_report *r, const size_t *off,
         const pw *sorted, const bool *skip, size_t P, fair_error *err)
{
	size_t K = in->K, N = 0, hits[FAIR_METRIC_COUNT] = { 0 };
	pwg *all = NULL;
	int32_t *lab = NULL;
	size_t *poff = calloc(K + 1, sizeof *poff), *fill = calloc(K, sizeof *fill);
	double *ps = NULL, *mean = malloc(K * sizeof *mean), *nw = malloc(K * sizeof *nw);
	fair_metric_value m[FAIR_METRIC_COUNT];
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *tstar = NULL;   /* the statistics of the relabellings, for the test hook */
	int st = FAIR_OK;

	if (poff == NULL || fill == NULL || mean == NULL || nw == NULL || rng == NULL)
		goto nomem;
	if (fair_resample_hook != NULL && (tstar = malloc((P ? P : 1) * 4 * sizeof *tstar)) == NULL)
		goto nomem;
	for (size_t k = 0; k < K; k++) {
		size_t nk = skip != NULL && skip[k] ? 0 : off[k + 1] - off[k];
		poff[k + 1] = poff[k] + nk;
	}
	N = poff[K];
	all = malloc((N ? N : 1) * sizeof *all);
	lab = malloc((N ? N : 1) * sizeof *lab);
	ps = malloc((N ? N : 1) * sizeof *ps);
	if (all == NULL || lab == NULL || ps == NULL)
		goto nomem;
	for (size_t k = 0, t = 0; k < K; k++) {
		if (skip != NULL && skip[k])
			continue;
		for (size_t j = off[k]; j < off[k + 1]; j++, t++) {
			all[t].p = sorted[j].p;
			all[t].w = sorted[j].w;
			all[t].g = (int32_t)k;
		}
	}
	qsort(all, N, sizeof *all, cmp_pwg);
	for (size_t i = 0; i < N; i++)
		lab[i] = all[i].g;
	gsl_rng_set(rng, o->seed);
	for (size_t b = 0; b < P; b++) {
		if (fair_progress_cancelled(o->prog)) {
			st = fair_error_set(err, FAIR_ECANCELED, "audit: permutation test cancelled");
			goto out;
		}
		gsl_ran_shuffle(rng, lab, N, sizeof *lab);
		memset(fill, 0, K * sizeof *fill);
		for (size_t k = 0; k < K; k++)
			mean[k] = nw[k] = 0;
		/* in the sorted order, so every group's sample comes out sorted */
		for (size_t i = 0; i < N; i++) {
			int32_t g = lab[i];
			ps[poff[g] + fill[g]++] = all[i].p;
			nw[g] += all[i].w;
			mean[g] += all[i].w * all[i].p;
		}
		for (size_t k = 0; k < K; k++)
			mean[k] = nw[k] > 0 ? mean[k] / nw[k] : NAN;
		reg_metrics(K, poff, ps, mean, nw, NULL, m);
		for (int id = FAIR_M_KS; id <= FAIR_M_MEAN_DIFF; id++) {
			double t = r->metrics[id].value;
			hits[id] += m[id].value >= t - 1e-12 * fmax(fabs(t), 1.0);
			if (tstar != NULL)
				tstar[(size_t)(id - FAIR_M_KS) * P + b] = m[id].value;
		}
		fair_progress_set(o->prog, b + 1, P, NAN, NAN);
	}
	for (int id = FAIR_M_KS; id <= FAIR_M_MEAN_DIFF; id++) {
		fair_metric_value *mv = &r->metrics[id];
		if (isnan(mv->value) || N == 0)
			continue;
		mv->test = FAIR_TEST_PERM_DIST;
		mv->test_stat = mv->value;
		mv->test_df = (double)P;
		mv->p_value = (1.0 + (double)hits[id]) / (1.0 + (double)P);
		if (tstar != NULL)
			fair_resample_hook(fair_resample_hook_ud, "perm", id,
			                   tstar + (size_t)(id - FAIR_M_KS) * P, P, mv->value, NAN, NAN,
			                   mv->p_value, NAN);
	}
	goto out;
nomem:
	st = fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
out:
	free(all);
	free(lab);
	free(poff);
	free(fill);
	free(ps);
	free(mean);
	free(nw);
	free(tstar);
	if (rng != NULL)
		gsl_rng_free(rng);
	return st;
}

/* (se, mean) pairs in increasing order: fair_maxmean_z draws the groups in
 * the order given, so they go in one that does not depend on numbering */
static int
cmp_sm(const void *pa, const void *pb)
{
	const double *a = pa, *b = pb;
	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	return (a[1] > b[1]) - (a[1] < b[1]);
}

/* The level of the mean gap's interval over the groups taking part (rows,
 * not left out), calibrated by fair_maxmean_z (doc/methods.md 9.7);
 * Tukey's when it cannot be computed. */
static double
maxmean_level(const fair_report *r, const bool *skip, const double *var, double level,
              unsigned long seed)
{
	size_t K = r->K, k = 0;
	double *sm = malloc(2 * (K ? K : 1) * sizeof *sm), *mu = malloc((K ? K : 1) * sizeof *mu);
	double *se = malloc((K ? K : 1) * sizeof *se), z = NAN;
	if (sm != NULL && mu != NULL && se != NULL) {
		for (size_t g = 0; g < K; g++) {
			const fair_group_figures *G = &r->groups[g];
			if (G->rows == 0 || skip[g])
				continue;
			double e = sqrt(var[g] / G->n_eff);
			sm[2 * k] = isfinite(e) ? e : INFINITY;   /* ignored by fair_maxmean_z */
			sm[2 * k + 1] = G->fig[FAIR_FIG_MEAN_PREDICTION];
			k++;
		}
		qsort(sm, k, 2 * sizeof *sm, cmp_sm);
		for (size_t g = 0; g < k; g++) {
			se[g] = sm[2 * g];
			mu[g] = sm[2 * g + 1];
		}
		z = fair_maxmean_z(k, mu, se, level, FAIR__MAXPAIR_B, seed, NULL, NULL);
	}
	free(sm);
	free(mu);
	free(se);
	if (isnan(z))
		z = fair_tukey_z(k, level);
	return fair_stat_level(z);
}

/* Intervals, tests, verdicts and notes of a regression audit; @var holds
 * each group's variance of the predictions (weighted, times n_eff /
 * (n_eff - 1)). */
static int
reg_assess(const fair_audit_input *in, const fair_audit_opts *o, fair_report *r, const size_t *off,
           const pw *sorted, const double *s, const double *mean, const double *nw,
           const double *var, fair_error *err)
{
	size_t K = in->K, k = 0, nsmall = 0;
	bool *skip = calloc(K, sizeof *skip);
	double each[FAIR_METRIC_COUNT], L = r->ci_level;
	fair_metric_value all[FAIR_METRIC_COUNT];
	int st = FAIR_OK;

	if (skip == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
	r->rate_ci = o->rate_ci;
	r->min_group = o->min_group;
	r->keep_small = o->keep_small;
	for (size_t g = 0; g < K; g++) {
		fair_group_figures *G = &r->groups[g];
		G->small = o->min_group > 0 && G->rows > 0 && G->rows < o->min_group;
		nsmall += G->small;
		k += G->rows > 0 && !G->small;
	}
	/* small groups are left out when two others remain */
	bool cut = nsmall > 0 && !o->keep_small && k >= 2;
	for (size_t g = 0; g < K; g++)
		skip[g] = cut && r->groups[g].small;
	if (!cut)
		k += o->keep_small || k < 2 ? nsmall : 0;
	reg_metrics(K, off, s, mean, nw, NULL, all);
	if (cut)
		reg_metrics(K, off, s, mean, nw, skip, r->metrics);
	else
		memcpy(r->metrics + FAIR_M_KS, all + FAIR_M_KS,
		       (FAIR_M_MEAN_DIFF - FAIR_M_KS + 1) * sizeof *all);

	/* levels: the distances' pair is the largest of k(k-1)/2, Sidak's
	 * until reg_boot calibrates it for the pick (regdist.c), the mean
	 * gap's the widest of k means (calibrated, fair_maxmean_z) */
	double npairs = (double)k * (double)(k > 0 ? k - 1 : 0) / 2;
	double gap_level = k > 2 ? maxmean_level(r, skip, var, L, o->seed) : L;
	for (int id = FAIR_M_KS; id <= FAIR_M_MEAN_DIFF; id++) {
		fair_metric_value *m = &r->metrics[id];
		each[id] = id == FAIR_M_MEAN_DIFF ? gap_level
		           : fair_sidak_level(L, npairs > 1 ? (size_t)npairs : 1);
		m->ci_each = each[id];
		m->ngroups = k;
		m->nsmall = nsmall;
		m->small_kept = nsmall > 0 && !cut && !o->keep_small;
		m->estimate = m->value;
		if (cut && (all[id].value != m->value || all[id].ga != m->ga || all[id].gb != m->gb)) {
			m->value_all = all[id].value;
			m->ga_all = all[id].ga;
			m->gb_all = all[id].gb;
		}
	}
	/* the mean gap's score interval: normal, separate variances */
	fair_metric_value *md = &r->metrics[FAIR_M_MEAN_DIFF];
	if (md->ga >= 0 && md->gb >= 0 && md->ga != md->gb) {
		const fair_group_figures *A = &r->groups[md->ga], *Bg = &r->groups[md->gb];
		double se = sqrt(var[md->ga] / A->n_eff + var[md->gb] / Bg->n_eff);
		double z = fair_stat_z(each[FAIR_M_MEAN_DIFF]);
		if (isfinite(se)) {
			md->ci_low = md->estimate - z * se;
			md->ci_high = md->estimate + z * se;
			md->ci_kind = FAIR_CI_NORMAL;
			md->has_ci = true;
		}
	}
	size_t B = o->bootstrap > 0 ? o->bootstrap : REG_BOOTSTRAP;
	r->bootstrap = B;
	if ((st = reg_boot(in, o, r, B, off, sorted, s, var, cut ? skip : NULL, each, o->bootstrap > 0,
	                   err)) != FAIR_OK)
		goto out;
	if ((st = reg_perm(in, o, r, off, sorted, cut ? skip : NULL, REG_PERMUTATIONS, err)) != FAIR_OK)
		goto out;
	bool dist_ci = false;
	for (int id = FAIR_M_KS; id <= FAIR_M_W2; id++) {
		fair_metric_value *m = &r->metrics[id];
		/* the interval inverts the tests: 0 (equal distributions) belongs
		 * to it when the permutation test does not reject at 1 - level.
		 * Above 0 the directional bootstrap (regdist.c) allows for the
		 * upward bias of a distance between two samples, and with more
		 * than two groups for the pick: bench/stats measures 92.3-96.5%
		 * coverage at 95% with 2 and 5 groups, with a small true
		 * difference or none; the note says so */
		if (m->has_ci && m->p_value >= 1 - L)
			m->ci_low = 0;
		dist_ci |= m->has_ci;
	}
	if (dist_ci)
		fair__metric_note(r, "the intervals of ks_unfairness, wasserstein1 and wasserstein2 are "
		                  "directional bootstrap intervals, calibrated by simulation: they start "
		                  "at 0 when the permutation test finds no difference, and held the true "
		                  "distance 92-97%% of the time at 95%% in simulations, with 2 and 5 "
		                  "groups");
	for (int id = FAIR_M_KS; id <= FAIR_M_MEAN_DIFF; id++) {
		fair_metric_value *m = &r->metrics[id];
		double lo, hi;
		m->why = FAIR_WHY_INTERVAL;
		if (isnan(m->value) || !fair_metric_range(id, &lo, &hi)) {
			m->verdict = FAIR_VERDICT_NA;
			continue;
		}
		bool rests = !o->keep_small && ((m->ga >= 0 && r->groups[m->ga].small) ||
		                                (m->gb >= 0 && r->groups[m->gb].small));
		if (rests) {
			m->verdict = FAIR_VERDICT_INCONCLUSIVE;
			m->why = FAIR_WHY_SMALL;
		} else if (m->has_ci && !isnan(m->ci_low)) {
			m->verdict = fair_metric_verdict_ci(id, m->ci_low, m->ci_high);
		} else {
			m->verdict = fair_metric_verdict(id, m->value);
			m->why = FAIR_WHY_POINT;
		}
	}
	if (nsmall > 0) {
		fair_buf b = FAIR_BUF_INIT;
		fair_buf_printf(&b, "%zu group%s with fewer than %zu rows %s:", nsmall, nsmall == 1 ? "" : "s",
		                o->min_group, o->keep_small ? "kept as asked (their intervals are wide)"
		                : cut ? "left out of the metrics (small-groups=include keeps them)"
		                      : "and not two large enough: the verdicts are inconclusive");
		size_t shown = 0;
		for (size_t g = 0; g < K; g++)
			if (r->groups[g].small && shown++ < 8)
				fair_buf_printf(&b, "%s %s (%zu)", shown > 1 ? "," : "", r->groups[g].label,
				                r->groups[g].rows);
		if (shown > 8)
			fair_buf_printf(&b, ", and %zu more", shown - 8);
		if (b.buf != NULL)
			fair__metric_note(r, "%s", b.buf);
		fair_buf_release(&b);
	}
out:
	free(skip);
	return st;
}
int
fair__metric_regression(const fair_audit_input *in, const fair_audit_opts *o, fair_report *r,
                   fair_error *err)
{
	size_t N = fair__metric_nrows(in), K = in->K;
	size_t *off = NULL, *idx = NULL;
	pw *sorted = NULL;
	double *s = NULL, *mean = NULL, *nw = NULL, *var = NULL;
	int st = FAIR_OK;

	/* validation pass (errors name the row); counts skipped rows */
	for (size_t i = 0; i < N; i++) {
		if ((i & (((size_t)1 << 20) - 1)) == 0 && fair_progress_cancelled(o->prog))
			return fair_error_set(err, FAIR_ECANCELED, "audit: cancelled");
		if (fair__metric_row_check(in, r, fair__metric_row(in, i), err) < 0)
			return err != NULL ? err->code : FAIR_EINVAL;
	}
	if ((st = fair__metric_group_rows(in, o->threshold, &off, &idx, err)) != FAIR_OK)
		return st;
	sorted = malloc((off[K] > 0 ? off[K] : 1) * sizeof *sorted);
	s = malloc((off[K] > 0 ? off[K] : 1) * sizeof *s);
	mean = malloc(K * sizeof *mean);
	nw = malloc(K * sizeof *nw);
	if (sorted == NULL || s == NULL || mean == NULL || nw == NULL) {
		st = fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
		goto out;
	}

	fair__metric_sum osum[6];
	memset(osum, 0, sizeof osum);
	for (size_t k = 0; k < K; k++) {
		fair_group_figures *G = &r->groups[k];
		fair__metric_sum a[6];   /* w, w^2, w y, w yhat, w e^2, w |e| */
		memset(a, 0, sizeof a);
		for (size_t j = off[k]; j < off[k + 1]; j++) {
			size_t row = idx[j];
			double w = in->weight != NULL ? in->weight[row] : 1.0;
			double yv = in->y[row], pv = in->yhat[row], e = yv - pv;
			double t[6] = { w, w * w, w * yv, w * pv, w * e * e, w * fabs(e) };
			for (int q = 0; q < 6; q++) {
				fair__metric_add(&a[q], t[q]);
				fair__metric_add(&osum[q], t[q]);
			}
			sorted[j].p = pv;
			sorted[j].w = w;
		}
		G->rows = off[k + 1] - off[k];
		G->n = fair__metric_total(&a[0]);
		double w2 = fair__metric_total(&a[1]);
		G->n_eff = w2 > 0 ? G->n * G->n / w2 : 0;
		if (G->n > 0) {
			G->fig[FAIR_FIG_MEAN_TARGET] = fair__metric_total(&a[2]) / G->n;
			G->fig[FAIR_FIG_MEAN_PREDICTION] = fair__metric_total(&a[3]) / G->n;
			G->fig[FAIR_FIG_MSE] = fair__metric_total(&a[4]) / G->n;
			G->fig[FAIR_FIG_MAE] = fair__metric_total(&a[5]) / G->n;
		}
		mean[k] = G->fig[FAIR_FIG_MEAN_PREDICTION];
		nw[k] = G->n;
		qsort(sorted + off[k], G->rows, sizeof *sorted, cmp_pw);
		for (size_t j = off[k]; j < off[k + 1]; j++)
			s[j] = sorted[j].p;
	}
	if ((st = fair__metric_check_groups(r, err)) != FAIR_OK)
		goto out;

	fair_group_figures *ov = &r->overall;
	ov->rows = off[K];
	ov->n = fair__metric_total(&osum[0]);
	{
		double w2 = fair__metric_total(&osum[1]);
		ov->n_eff = w2 > 0 ? ov->n * ov->n / w2 : 0;
	}
	if (ov->n > 0) {
		double ybar = fair__metric_total(&osum[2]) / ov->n;
		fair__metric_sum sst = { 0, 0 };
		ov->fig[FAIR_FIG_MEAN_TARGET] = ybar;
		ov->fig[FAIR_FIG_MEAN_PREDICTION] = fair__metric_total(&osum[3]) / ov->n;
		ov->fig[FAIR_FIG_MSE] = fair__metric_total(&osum[4]) / ov->n;
		ov->fig[FAIR_FIG_MAE] = fair__metric_total(&osum[5]) / ov->n;
		for (size_t j = 0; j < off[K]; j++) {
			size_t row = idx[j];
			double w = in->weight != NULL ? in->weight[row] : 1.0;
			double d = in->y[row] - ybar;
			fair__metric_add(&sst, w * d * d);
		}
		double SST = fair__metric_total(&sst);
		if (SST > 0)
			ov->fig[FAIR_FIG_R2] = 1 - fair__metric_total(&osum[4]) / SST;
		else
			fair__metric_warn(r, "the target is constant: r2 undefined");
	}
	if (in->weight != NULL)
		fair__metric_warn(r, "sample weights are not used by ks_unfairness, wasserstein1 and "
		             "wasserstein2 (unweighted empirical distributions)");
	var = malloc(K * sizeof *var);
	if (var == NULL) {
		st = fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
		goto out;
	}
	for (size_t k = 0; k < K; k++) {
		/* weighted variance of the predictions, two passes */
		fair__metric_sum ss = { 0, 0 };
		const fair_group_figures *G = &r->groups[k];
		for (size_t j = off[k]; j < off[k + 1]; j++) {
			double d = sorted[j].p - mean[k];
			fair__metric_add(&ss, sorted[j].w * d * d);
		}
		var[k] = G->n > 0 && G->n_eff > 1
		         ? fair__metric_total(&ss) / G->n * G->n_eff / (G->n_eff - 1) : NAN;
	}
	st = reg_assess(in, o, r, off, sorted, s, mean, nw, var, err);
out:
	free(var);
	free(off);
	free(idx);
	free(sorted);
	free(s);
	free(mean);
	free(nw);
	return st;
}
