/* sim.c -- simulation study of the audit's intervals and tests: for 2 and 5
 * groups, equal and unequal sizes, with and without a true disparity, R
 * simulated audits each (fixed seeds); prints one line per scenario with
 * the coverage of the intervals at 95% and the rejection and UNFAIR rates.
 * Regression also on crossing (different spreads) and skewed predictions.
 * The regression scenarios run on two threads; "sim truth" prints their
 * true distances instead, for truth-check.py. Run by run.sh; not part of
 * make check. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fairsh/stats.h"
#include "fairsh/metric.h"

struct scen {
	const char *name;
	size_t K;
	size_t n[5];
	double sel[5];   /* true selection rate of each group (yhat independent of y) */
};

static const struct scen scens[] = {
	{ "K2 equal null",      2, { 500, 500 },                 { 0.3, 0.3 } },
	{ "K2 unequal null",    2, { 800, 200 },                 { 0.3, 0.3 } },
	{ "K2 equal disparity", 2, { 500, 500 },                 { 0.3, 0.4 } },
	{ "K2 unequal disp.",   2, { 800, 200 },                 { 0.3, 0.4 } },
	{ "K5 equal null",      5, { 300, 300, 300, 300, 300 },  { 0.3, 0.3, 0.3, 0.3, 0.3 } },
	{ "K5 unequal null",    5, { 600, 400, 200, 150, 100 },  { 0.3, 0.3, 0.3, 0.3, 0.3 } },
	{ "K5 equal disparity", 5, { 300, 300, 300, 300, 300 },  { 0.25, 0.3, 0.3, 0.35, 0.4 } },
	{ "K5 unequal disp.",   5, { 600, 400, 200, 150, 100 },  { 0.25, 0.3, 0.3, 0.35, 0.4 } },
};

static const char *labels[5] = { "g0", "g1", "g2", "g3", "g4" };

/* ------------------------------------------------------- regression -- */

/* Regression: predictions ~ Normal(mu_g, sd_g) (sd 0 = 1), or with
 * dist LOGNORMAL exp(Normal(mu_g, sd_g)), or with dist EXPSHIFT mu_g +
 * Exponential(1) (sd must be 0 or 1); the target is the prediction plus
 * Normal(0, 1) noise. The true KS, W1, W2 and mean gap of a pair are
 * reg_truth's (shifted normals: KS 2 Phi(|mu_a - mu_b| / 2) - 1,
 * W1 = W2 = |mu_a - mu_b|, gap mu_a - mu_b). Audits with the defaults (the
 * distances' intervals by the directional bootstrap over 200 resamples,
 * the mean gap's normal one at the calibrated worst-pair level; 1,000
 * relabellings). */
enum rdist { NORMAL, LOGNORMAL, EXPSHIFT };

struct rscen {
	const char *name;
	size_t K;
	size_t n[5];
	double mu[5];
	double sd[5];      /* 0 = 1 */
	enum rdist dist;
};

static const struct rscen rscens[] = {
	{ "R2 equal null",      2, { 200, 200 },             { 0, 0 } },
	{ "R2 unequal null",    2, { 320, 80 },              { 0, 0 } },
	{ "R2 equal disparity", 2, { 200, 200 },             { 0, 0.3 } },
	{ "R2 unequal disp.",   2, { 320, 80 },              { 0, 0.3 } },
	{ "R5 equal null",      5, { 100, 100, 100, 100, 100 }, { 0, 0, 0, 0, 0 } },
	{ "R5 equal disparity", 5, { 100, 100, 100, 100, 100 }, { 0, 0.1, 0.1, 0.2, 0.4 } },
	{ "R5 unequal null",    5, { 200, 120, 80, 60, 40 },   { 0, 0, 0, 0, 0 } },
	{ "R5 unequal disp.",   5, { 200, 120, 80, 60, 40 },   { 0, 0.1, 0.1, 0.2, 0.4 } },
	/* crossing CDFs (different spreads) and skewed predictions */
	{ "R2 spread equal",    2, { 200, 200 },  { 0, 0 },    { 1, 1.5 }, NORMAL },
	{ "R2 spread unequal",  2, { 320, 80 },   { 0, 0 },    { 1, 1.5 }, NORMAL },
	{ "R2 cross equal",     2, { 200, 200 },  { 0, 0.3 },  { 1, 1.5 }, NORMAL },
	{ "R2 lognormal scale", 2, { 200, 200 },  { 0, 0.15 }, { 0.5, 0.5 }, LOGNORMAL },
	{ "R2 exp shift",       2, { 200, 200 },  { 0, 0.15 }, { 1, 1 },     EXPSHIFT },
	/* controls: the exponential's shift on normals, and twice that shift */
	{ "R2 small shift",     2, { 200, 200 },  { 0, 0.15 }, { 1, 1 },     NORMAL },
	{ "R2 exp shift 0.3",   2, { 200, 200 },  { 0, 0.3 },  { 1, 1 },     EXPSHIFT },
};

/* a fresh set of seeds for the regression scenarios (argv[4]; 0, the
 * default, gives the figures of RESULTS.md's main table) */
static unsigned long seed_base;

static double
rsd(const struct rscen *sc, size_t k)
{
	return sc->sd[k] == 0 ? 1 : sc->sd[k];
}

/* KS between N(m1, s1) and N(m2, s2) (also between the lognormals
 * exp(N(.)), KS being unchanged by a monotone map): the largest
 * |Phi((x - m1) / s1) - Phi((x - m2) / s2)| is where the densities are
 * equal, the roots of (x - m1)^2 / s1^2 - (x - m2)^2 / s2^2
 * + 2 log(s1 / s2) = 0 (one root, the midpoint, when s1 = s2). */
static double
ks_normals(double m1, double s1, double m2, double s2)
{
	double x[2];
	int nx = 0;
	if (s1 == s2) {
		x[nx++] = (m1 + m2) / 2;
	} else {
		/* A x^2 + B x + C = 0 */
		double A = 1 / (s1 * s1) - 1 / (s2 * s2);
		double B = -2 * (m1 / (s1 * s1) - m2 / (s2 * s2));
		double C = m1 * m1 / (s1 * s1) - m2 * m2 / (s2 * s2) + 2 * log(s1 / s2);
		double disc = B * B - 4 * A * C;
		if (disc < 0)
			disc = 0;
		/* the stable pair of roots */
		double q = -0.5 * (B + (B >= 0 ? 1 : -1) * sqrt(disc));
		x[nx++] = q / A;
		if (q != 0)
			x[nx++] = C / q;
	}
	double ks = 0;
	for (int i = 0; i < nx; i++) {
		double d = fabs(gsl_cdf_ugaussian_P((x[i] - m1) / s1) -
		                gsl_cdf_ugaussian_P((x[i] - m2) / s2));
		if (d > ks)
			ks = d;
	}
	return ks;
}

/* E|D + S Z|, Z ~ N(0, 1): the folded normal's mean */
static double
folded_mean(double D, double S)
{
	if (S == 0)
		return fabs(D);
	S = fabs(S);
	return S * sqrt(2 / acos(-1)) * exp(-D * D / (2 * S * S)) +
	       D * (1 - 2 * gsl_cdf_ugaussian_P(-D / S));
}

/* E[e^(m + s Z) ; Z > z] = e^(m + s^2 / 2) Phi(s - z) */
static double
lognormal_upper(double m, double s, double z)
{
	return exp(m + s * s / 2) * gsl_cdf_ugaussian_P(s - z);
}

/* The true KS, W1, W2 and mean gap (a minus b) between groups a and b of
 * scenario @sc, in t[0..3]. W1 and W2 are the L1 and L2 norms of the gap
 * between the quantile functions, Q_a(u) - Q_b(u) at u = Phi(z). */
static void
reg_truth(const struct rscen *sc, size_t a, size_t b, double t[4])
{
	double m1 = sc->mu[a], s1 = rsd(sc, a), m2 = sc->mu[b], s2 = rsd(sc, b);
	double D = m1 - m2, S = s1 - s2;
	switch (sc->dist) {
	case NORMAL:
		/* Q_a - Q_b = D + S z */
		t[0] = S == 0 ? 2 * gsl_cdf_ugaussian_P(fabs(D) / (2 * s1)) - 1
		              : ks_normals(m1, s1, m2, s2);
		t[1] = folded_mean(D, S);
		t[2] = sqrt(D * D + S * S);
		t[3] = D;
		break;
	case LOGNORMAL: {
		/* Q_a - Q_b = e^(m1 + s1 z) - e^(m2 + s2 z) */
		double e1 = exp(m1 + s1 * s1 / 2), e2 = exp(m2 + s2 * s2 / 2);
		t[0] = ks_normals(m1, s1, m2, s2);
		if (S == 0) {
			t[1] = fabs(exp(m1) - exp(m2)) * exp(s1 * s1 / 2);
		} else {
			/* the sign changes once, at z0; above it the one with the
			 * larger s is the larger */
			double z0 = -D / S, up1 = lognormal_upper(m1, s1, z0),
			       up2 = lognormal_upper(m2, s2, z0);
			double above = up1 - up2, below = (e1 - up1) - (e2 - up2);
			t[1] = fabs(above) + fabs(below);
		}
		t[2] = sqrt(exp(2 * m1 + 2 * s1 * s1) + exp(2 * m2 + 2 * s2 * s2) -
		            2 * exp(m1 + m2 + (s1 + s2) * (s1 + s2) / 2));
		t[3] = e1 - e2;
		break;
	}
	case EXPSHIFT:
		/* m + Exponential(1): Q_a - Q_b = D; F_a - F_b largest at the
		 * later start, 1 - e^(-|D|) */
		t[0] = 1 - exp(-fabs(D));
		t[1] = fabs(D);
		t[2] = fabs(D);
		t[3] = D;
		break;
	}
}

/* One regression scenario, R audits: its line of the table in @line. */
static int
reg_scen(size_t s, size_t R, char *line, size_t len)
{
	static const int ids[4] = { FAIR_M_KS, FAIR_M_W1, FAIR_M_W2, FAIR_M_MEAN_DIFF };
	const struct rscen *sc = &rscens[s];
	size_t N = 0, cov[4] = { 0 }, nd[4] = { 0 }, lo_cov[3] = { 0 }, rej = 0, grej = 0,
	       unfair = 0;
	double wid = 0;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	for (size_t k = 0; k < sc->K; k++)
		N += sc->n[k];
	double *y = malloc(N * sizeof *y), *p = malloc(N * sizeof *p);
	int32_t *g = malloc(N * sizeof *g);
	gsl_rng_set(rng, 40 + s + 1000 * seed_base);
	for (size_t rep = 0; rep < R; rep++) {
		size_t i = 0;
		for (size_t k = 0; k < sc->K; k++)
			for (size_t j = 0; j < sc->n[k]; j++, i++) {
				g[i] = (int32_t)k;
				if (sc->dist == EXPSHIFT)
					p[i] = sc->mu[k] + gsl_ran_exponential(rng, 1.0);
				else if (sc->dist == LOGNORMAL)
					p[i] = exp(sc->mu[k] + rsd(sc, k) * gsl_ran_ugaussian(rng));
				else if (sc->sd[k] == 0)
					p[i] = sc->mu[k] + gsl_ran_ugaussian(rng);
				else
					p[i] = sc->mu[k] + sc->sd[k] * gsl_ran_ugaussian(rng);
				y[i] = p[i] + gsl_ran_ugaussian(rng);
			}
		fair_audit_input in = { .n = N, .y = y, .yhat = p, .group = g, .K = sc->K,
		                        .labels = labels, .privileged = -1,
		                        .task = FAIR_TASK_REGRESSION };
		fair_audit_opts o;
		fair_error err;
		fair_audit_opts_init(&o);
		o.min_group = 0;
		o.seed = rep + 1000000 * seed_base;
		fair_report *r = fair_audit(&in, &o, &err);
		if (r == NULL) {
			fprintf(stderr, "sim: %s\n", err.msg);
			return 1;
		}
		for (int j = 0; j < 4; j++) {
			const fair_metric_value *m = &r->metrics[ids[j]];
			if (!m->has_ci || m->ga < 0 || m->gb < 0)
				continue;
			double tt[4];
			reg_truth(sc, (size_t)m->ga, (size_t)m->gb, tt);
			double t = tt[j];
			cov[j] += m->ci_low <= t && t <= m->ci_high;
			nd[j]++;
			if (j == 1)
				wid += m->ci_high - m->ci_low;
			if (j < 3)
				lo_cov[j] += m->ci_low <= t;
			if (j == 0) {
				rej += m->p_value < 0.05;
			}
			if (j == 3) {
				grej += m->p_value < 0.05;
				unfair += m->verdict == FAIR_VERDICT_FAIL;
			}
		}
		fair_report_free(r);
	}
	snprintf(line, len,
	         "%-20s %6zu %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f\n",
	         sc->name, R, (double)cov[0] / nd[0], (double)cov[1] / nd[1], (double)cov[2] / nd[2],
	         (double)cov[3] / nd[3], (double)lo_cov[0] / nd[0], (double)rej / nd[0],
	         (double)grej / nd[3], (double)unfair / nd[3], wid / (double)nd[1],
	         (double)lo_cov[1] / nd[1], (double)lo_cov[2] / nd[2]);
	free(y);
	free(p);
	free(g);
	gsl_rng_free(rng);
	return 0;
}

#define NRSCEN (sizeof rscens / sizeof rscens[0])

/* the regression scenarios to run, in order (all unless the command line
 * names some) */
static size_t rsel[NRSCEN], nrsel;

struct worker {
	size_t first, R;   /* selected scenarios first, first + 2, ... */
	char line[NRSCEN][160];
	int rc;
};

static void *
reg_worker(void *arg)
{
	struct worker *w = arg;
	for (size_t i = w->first; i < nrsel && w->rc == 0; i += 2)
		w->rc = reg_scen(rsel[i], w->R, w->line[i], sizeof w->line[i]);
	return NULL;
}

/* The regression table: scenarios on two threads (each has its own seeds,
 * so the figures do not depend on the threads), printed in order. */
static int
reg_study(size_t R)
{
	static struct worker w[2];
	pthread_t th;
	printf("\n%-20s %6s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s\n", "scenario", "R",
	       "ks_cov", "w1_cov", "w2_cov", "gap_cov", "ks_lo", "ks_rej", "gap_rej", "unfair",
	       "w1_wid", "w1_lo", "w2_lo");
	fflush(stdout);
	for (int t = 0; t < 2; t++) {
		w[t].first = (size_t)t;
		w[t].R = R;
	}
	bool two = pthread_create(&th, NULL, reg_worker, &w[1]) == 0;
	reg_worker(&w[0]);
	if (two)
		pthread_join(th, NULL);
	else
		reg_worker(&w[1]);
	for (size_t i = 0; i < nrsel; i++)
		fputs(w[i % 2].line[i], stdout);
	return w[0].rc || w[1].rc;
}

/* "sim truth": every pair's parameters and true distances, for
 * truth-check.py to recompute by quadrature */
static int
print_truth(void)
{
	static const char *dn[] = { "normal", "lognormal", "expshift" };
	for (size_t s = 0; s < NRSCEN; s++) {
		const struct rscen *sc = &rscens[s];
		for (size_t a = 0; a < sc->K; a++)
			for (size_t b = a + 1; b < sc->K; b++) {
				double t[4];
				reg_truth(sc, a, b, t);
				printf("%zu %s %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g\n", s + 1,
				       dn[sc->dist], sc->mu[a], rsd(sc, a), sc->mu[b], rsd(sc, b), t[0],
				       t[1], t[2], t[3]);
			}
	}
	/* branches no scenario takes: different spreads either way, far means */
	static const struct rscen extra[] = {
		{ "check", 2, { 0 }, { 0.5, 0 }, { 2, 1 }, NORMAL },
		{ "check", 2, { 0 }, { 0, 2 }, { 1, 0.3 }, NORMAL },
		{ "check", 2, { 0 }, { 0, 0.3 }, { 0.5, 1 }, LOGNORMAL },
		{ "check", 2, { 0 }, { 0.2, 0 }, { 1, 0.5 }, LOGNORMAL },
		{ "check", 2, { 0 }, { 0.7, 0 }, { 1, 1 }, EXPSHIFT },
	};
	for (size_t s = 0; s < sizeof extra / sizeof extra[0]; s++) {
		double t[4];
		reg_truth(&extra[s], 0, 1, t);
		printf("check %s %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g\n",
		       dn[extra[s].dist], extra[s].mu[0], rsd(&extra[s], 0), extra[s].mu[1],
		       rsd(&extra[s], 1), t[0], t[1], t[2], t[3]);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "truth") == 0)
		return print_truth();
	size_t R = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000;
	size_t RR = argc > 2 ? strtoul(argv[2], NULL, 10) : R;
	/* argv[3]: the regression scenarios to run, numbered from 1 in the
	 * order of rscens ("5,6,7,8"), or "all" (the default) */
	const char *list = argc > 3 && strcmp(argv[3], "all") != 0 ? argv[3] : NULL;
	for (const char *c = list; c != NULL && *c != '\0';) {
		char *end;
		unsigned long v = strtoul(c, &end, 10);
		if (end == c || v < 1 || v > NRSCEN) {
			fprintf(stderr, "sim: scenario list \"%s\": expected numbers 1-%zu\n", argv[3],
			        NRSCEN);
			return 2;
		}
		rsel[nrsel++] = v - 1;
		c = *end == ',' ? end + 1 : end;
		if (*end != ',' && *end != '\0') {
			fprintf(stderr, "sim: scenario list \"%s\": expected commas\n", argv[3]);
			return 2;
		}
	}
	if (nrsel == 0)
		for (size_t s = 0; s < NRSCEN; s++)
			rsel[nrsel++] = s;
	if (argc > 4)
		seed_base = strtoul(argv[4], NULL, 10);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_set_error_handler_off();
	printf("%-20s %6s %8s %8s %8s %8s %8s %8s %8s %8s\n", "scenario", "R", "rate_cov", "dpd_cov",
	       "dpr_cov", "eod_cov", "test_rej", "unfair", "fwer_raw", "fwer_holm");
	for (size_t s = 0; R > 0 && s < sizeof scens / sizeof scens[0]; s++) {
		const struct scen *sc = &scens[s];
		size_t N = 0;
		for (size_t k = 0; k < sc->K; k++)
			N += sc->n[k];
		double *y = malloc(N * sizeof *y), *p = malloc(N * sizeof *p);
		int32_t *g = malloc(N * sizeof *g);
		size_t cov_rate = 0, cov_dpd = 0, cov_dpr = 0, cov_eod = 0, rej = 0, unfair = 0;
		size_t fw_raw = 0, fw_holm = 0, n_dpd = 0, n_dpr = 0, n_eod = 0, n_test = 0;
		gsl_rng_set(rng, 20 + s);
		for (size_t rep = 0; rep < R; rep++) {
			size_t i = 0;
			for (size_t k = 0; k < sc->K; k++)
				for (size_t j = 0; j < sc->n[k]; j++, i++) {
					g[i] = (int32_t)k;
					y[i] = gsl_rng_uniform(rng) < 0.4;
					p[i] = gsl_rng_uniform(rng) < sc->sel[k];
				}
			fair_audit_input in = { .n = N, .y = y, .yhat = p, .group = g, .K = sc->K,
			                        .labels = labels, .privileged = -1,
			                        .task = FAIR_TASK_CLASSIFICATION };
			fair_audit_opts o;
			fair_error err;
			fair_audit_opts_init(&o);
			o.min_group = 0;
			o.pairs = true;
			o.calib_bins = 0;
			fair_report *r = fair_audit(&in, &o, &err);
			if (r == NULL) {
				fprintf(stderr, "sim: %s\n", err.msg);
				return 1;
			}
			/* group 0's selection rate, Wilson */
			const fair_group_figures *g0 = &r->groups[0];
			cov_rate += g0->ci_low[FAIR_FIG_SELECTION_RATE] <= sc->sel[0] &&
			            sc->sel[0] <= g0->ci_high[FAIR_FIG_SELECTION_RATE];
			/* each metric's interval covers the true signed value of its pair
			 * (TPR = selection rate: yhat does not depend on y) */
			const fair_metric_value *m = &r->metrics[FAIR_M_DP_DIFF];
			if (m->has_ci && m->ga >= 0 && m->gb >= 0) {
				double t = sc->sel[m->ga] - sc->sel[m->gb];
				cov_dpd += m->ci_low <= t && t <= m->ci_high;
				n_dpd++;
				unfair += m->verdict == FAIR_VERDICT_FAIL;
			}
			m = &r->metrics[FAIR_M_DP_RATIO];
			if (m->has_ci && m->ga >= 0 && m->gb >= 0) {
				double t = sc->sel[m->ga] / sc->sel[m->gb];
				cov_dpr += m->ci_low <= t && t <= m->ci_high;
				n_dpr++;
			}
			m = &r->metrics[FAIR_M_EOPP_DIFF];
			if (m->has_ci && m->ga >= 0 && m->gb >= 0) {
				double t = sc->sel[m->ga] - sc->sel[m->gb];
				cov_eod += m->ci_low <= t && t <= m->ci_high;
				n_eod++;
			}
			m = &r->metrics[FAIR_M_DP_DIFF];
			if (!isnan(m->p_value)) {
				rej += m->p_value < 0.05;
				n_test++;
			}
			/* family-wise error of the pairwise selection-rate tests over
			 * the pairs whose true rates are equal */
			bool any_raw = false, any_holm = false;
			for (size_t q = 0; q < r->npairs; q++) {
				const fair_pair_row *pr = &r->pairs[q];
				if (sc->sel[pr->a] != sc->sel[pr->b])
					continue;
				any_raw |= pr->p[0] < 0.05;
				any_holm |= pr->p_holm[0] < 0.05;
			}
			fw_raw += any_raw;
			fw_holm += any_holm;
			fair_report_free(r);
		}
		printf("%-20s %6zu %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f\n", sc->name, R,
		       (double)cov_rate / R, (double)cov_dpd / n_dpd, (double)cov_dpr / n_dpr,
		       (double)cov_eod / n_eod, (double)rej / n_test, (double)unfair / n_dpd,
		       (double)fw_raw / R, (double)fw_holm / R);
		fflush(stdout);
		free(y);
		free(p);
		free(g);
	}
	/* the chi-square test's exact size with 2 groups and no disparity,
	 * summed over every table (no Monte Carlo error) */
	for (size_t s = 0; R > 0 && s < 2; s++) {
		const struct scen *sc = &scens[s];
		double size = 0;
		for (unsigned xa = 0; xa <= sc->n[0]; xa++)
			for (unsigned xb = 0; xb <= sc->n[1]; xb++) {
				double x[2] = { xa, xb }, n[2] = { (double)sc->n[0], (double)sc->n[1] };
				double st, df, pv = fair_chisq_equal(x, n, 2, &st, &df, NULL);
				if (pv < 0.05)
					size += gsl_ran_binomial_pdf(xa, sc->sel[0], (unsigned)sc->n[0]) *
					        gsl_ran_binomial_pdf(xb, sc->sel[1], (unsigned)sc->n[1]);
			}
		printf("exact size of the test at 5%%, %s: %.4f\n", sc->name, size);
	}
	if (R > 0)
		printf("Monte Carlo standard error over R = %zu audits: %.4f at 0.95 or 0.05\n", R,
		       sqrt(0.95 * 0.05 / (double)R));
	if (RR > 0 && reg_study(RR) != 0)
		return 1;
	gsl_rng_free(rng);
	return 0;
}
