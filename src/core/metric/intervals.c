/* intervals.c -- confidence intervals for proportions and their
 * comparisons (Wilson, Clopper-Pearson, MOVER, Newcombe, Katz), the critical
 * values that allow for picking the worst of several comparisons (Sidak,
 * Tukey's studentized range) and the BCa bootstrap interval; fairsh/stats.h,
 * doc/methods.md 9.1-9.4. The tests are in tests.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fairsh/stats.h"
#include "metric/metric-private.h"

static const char *const rate_ci_names[FAIR_RATE_CI_COUNT] = { "wilson", "exact" };

int
fair_rate_ci_parse(const char *s, int *out, fair_error *err)
{
	if (s != NULL) {
		if (strcasecmp(s, "wilson") == 0) {
			*out = FAIR_RATE_CI_WILSON;
			return FAIR_OK;
		}
		if (strcasecmp(s, "exact") == 0 || strcasecmp(s, "clopper-pearson") == 0) {
			*out = FAIR_RATE_CI_EXACT;
			return FAIR_OK;
		}
	}
	return fair_error_set(err, FAIR_EINVAL, "interval must be wilson or exact, not '%s'",
	                      s != NULL ? s : "");
}

const char *
fair_rate_ci_name(int method)
{
	return method >= 0 && method < FAIR_RATE_CI_COUNT ? rate_ci_names[method] : "?";
}

double
fair_stat_z(double level)
{
	if (!(level > 0 && level < 1))
		return NAN;
	return gsl_cdf_ugaussian_Qinv((1 - level) / 2);
}

double
fair_stat_level(double z)
{
	return 1 - 2 * gsl_cdf_ugaussian_Q(z);
}

static bool
prop_ok(double x, double n)
{
	return n > 0 && x >= 0 && x <= n && isfinite(n);
}

void
fair_wilson_ci(double x, double n, double z, double *lo, double *hi)
{
	*lo = *hi = NAN;
	if (!prop_ok(x, n) || !(z > 0))
		return;
	double p = x / n, z2 = z * z;
	double den = 1 + z2 / n;
	double centre = (p + z2 / (2 * n)) / den;
	double half = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / den;
	*lo = fmax(0.0, centre - half);
	*hi = fmin(1.0, centre + half);
}

void
fair_clopper_pearson_ci(double x, double n, double level, double *lo, double *hi)
{
	*lo = *hi = NAN;
	if (!prop_ok(x, n) || !(level > 0 && level < 1))
		return;
	double a2 = (1 - level) / 2;
	*lo = x > 0 ? gsl_cdf_beta_Pinv(a2, x, n - x + 1) : 0.0;
	*hi = x < n ? gsl_cdf_beta_Qinv(a2, x + 1, n - x) : 1.0;
}

void
fair_rate_ci(int method, double x, double n, double z, double *lo, double *hi)
{
	if (method == FAIR_RATE_CI_EXACT)
		fair_clopper_pearson_ci(x, n, fair_stat_level(z), lo, hi);
	else
		fair_wilson_ci(x, n, z, lo, hi);
}

void
fair_mover_ci(size_t m, const double *c, const double *est, const double *lo, const double *hi,
              double *L, double *U)
{
	double s = 0, dl = 0, du = 0;
	*L = *U = NAN;
	for (size_t i = 0; i < m; i++) {
		if (isnan(c[i]) || isnan(est[i]) || isnan(lo[i]) || isnan(hi[i]))
			return;
		double below = est[i] - lo[i], above = hi[i] - est[i], c2 = c[i] * c[i];
		s += c[i] * est[i];
		if (c[i] >= 0) {
			dl += c2 * below * below;
			du += c2 * above * above;
		} else {
			dl += c2 * above * above;
			du += c2 * below * below;
		}
	}
	*L = s - sqrt(dl);
	*U = s + sqrt(du);
}

void
fair_newcombe_ci(double xa, double na, double xb, double nb, double z, double *lo, double *hi)
{
	double c[2] = { 1, -1 }, e[2], l[2], u[2];
	*lo = *hi = NAN;
	if (!prop_ok(xa, na) || !prop_ok(xb, nb))
		return;
	e[0] = xa / na;
	e[1] = xb / nb;
	fair_wilson_ci(xa, na, z, &l[0], &u[0]);
	fair_wilson_ci(xb, nb, z, &l[1], &u[1]);
	fair_mover_ci(2, c, e, l, u, lo, hi);
}

void
fair_katz_ci(double xa, double na, double xb, double nb, double z, double *lo, double *hi)
{
	*lo = *hi = NAN;
	if (!prop_ok(xa, na) || !prop_ok(xb, nb) || !(z > 0))
		return;
	if (xa == 0 || xb == 0) {
		/* a zero count has no log: half a count everywhere, as statsmodels'
		 * "log-adjusted" does */
		xa += 0.5;
		na += 0.5;
		xb += 0.5;
		nb += 0.5;
	}
	double lr = log((xa / na) / (xb / nb));
	double var = 1 / xa - 1 / na + 1 / xb - 1 / nb;
	double d = z * sqrt(fmax(var, 0.0));
	*lo = exp(lr - d);
	*hi = exp(lr + d);
}

double
fair_sidak_level(double level, size_t m)
{
	if (m <= 1)
		return level;
	return pow(level, 1.0 / (double)m);
}

/* ---------------------------------------------------- studentized range -- */

struct srange_arg { double q; double k1; };

static double
srange_integrand(double x, void *p)
{
	const struct srange_arg *a = p;
	double d = gsl_cdf_ugaussian_P(x + a->q) - gsl_cdf_ugaussian_P(x);
	if (d <= 0)
		return 0;
	return gsl_ran_ugaussian_pdf(x) * pow(d, a->k1);
}

double
fair_srange_cdf(double q, size_t k)
{
	if (k < 2 || isnan(q))
		return NAN;
	if (q <= 0)
		return 0;
	if (isinf(q))
		return 1;
	struct srange_arg a = { q, (double)(k - 1) };
	gsl_function f = { srange_integrand, &a };
	gsl_integration_workspace *w = gsl_integration_workspace_alloc(200);
	double res = NAN, abserr;
	if (w == NULL)
		return NAN;
	/* phi(x) is below 1e-30 outside [-12, 12 - q]: the integrand vanishes
	 * there to far below the 1e-14 asked for */
	int st = gsl_integration_qag(&f, -12.0, 12.0, 1e-15, 1e-13, 200, GSL_INTEG_GAUSS61, w,
	                             &res, &abserr);
	gsl_integration_workspace_free(w);
	if (st != GSL_SUCCESS && st != GSL_EROUND)
		return NAN;
	res *= (double)k;
	return res > 1 ? 1 : res;
}

struct tukey_arg { size_t k; double level; };

static double
tukey_root(double q, void *p)
{
	const struct tukey_arg *a = p;
	return fair_srange_cdf(q, a->k) - a->level;
}

double
fair_tukey_z(size_t k, double level)
{
	if (k < 2 || !(level > 0 && level < 1))
		return NAN;
	if (k == 2)
		return fair_stat_z(level);
	/* the range of k normals exceeds the largest |difference| of one pair:
	 * q / sqrt 2 lies between z(level) and the Bonferroni z over the pairs */
	double m = (double)k * (double)(k - 1) / 2;
	double a = sqrt(2.0) * fair_stat_z(level);
	double b = sqrt(2.0) * fair_stat_z(1 - (1 - level) / m) + 1;
	struct tukey_arg ta = { k, level };
	gsl_function f = { tukey_root, &ta };
	gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	double q = NAN;
	if (s == NULL || gsl_root_fsolver_set(s, &f, a, b) != GSL_SUCCESS)
		goto out;
	for (int it = 0; it < 200; it++) {
		if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
			break;
		q = gsl_root_fsolver_root(s);
		double lo = gsl_root_fsolver_x_lower(s), hi = gsl_root_fsolver_x_upper(s);
		if (gsl_root_test_interval(lo, hi, 1e-14, 0) == GSL_SUCCESS)
			break;
	}
out:
	if (s != NULL)
		gsl_root_fsolver_free(s);
	return q / sqrt(2.0);
}

/* ------------------------------------------------- worst of k groups -- */

/* Why not Tukey: Tukey's value makes all k(k-1)/2 pairs' intervals hold at
 * once, which the one pair reported needs only when every pair is equally
 * likely to be picked (no disparity). With a real disparity the same pair
 * is picked nearly every time and Tukey's interval covers it 97-99% of the
 * time instead of 95%. The quantity covered here is the true signed
 * difference (or ratio) of the pair the data picks; its critical value is
 * the level quantile of the studentized deviation of the picked pair in a
 * parametric bootstrap. Drawn from the observed rates, the bootstrap
 * under-states how often noise picks another pair (the observed rates are
 * further apart than the true ones: 89% coverage with no disparity), so
 * the rates are first shrunk towards the pooled rate, positive-part
 * James-Stein style. The constant K + 1 (rather than the moment estimate's
 * K - 1, which covers 93-94% with no disparity) was chosen with
 * bench/stats; RESULTS.md there has the coverage of every cell. */
double
fair_maxpair_z(size_t K, const double *x, const double *n, bool ratio, double level, size_t B,
               unsigned long seed, double *tstar, double *shrunk)
{
	size_t k = 0;
	double sx = 0, sn = 0, X2 = 0, zl = fair_stat_z(level);
	double *nr = malloc((K ? K : 1) * sizeof *nr), *pt = malloc((K ? K : 1) * sizeof *pt);
	double *t = tstar != NULL ? tstar : malloc((B ? B : 1) * sizeof *t);
	double c = NAN;
	gsl_rng *rng = NULL;

	if (nr == NULL || pt == NULL || t == NULL || isnan(zl) || B < 2)
		goto out;
	for (size_t g = 0; g < K; g++) {
		pt[g] = NAN;
		nr[g] = n[g] > 0 ? fmax(1.0, round(n[g])) : 0;
		if (!(n[g] > 0))
			continue;
		k++;
		sx += x[g];
		sn += n[g];
	}
	if (k < 2)
		goto out;
	double p = sx / sn;
	if (!(p > 0 && p < 1)) {
		c = fair_tukey_z(k, level);
		goto out;
	}
	for (size_t g = 0; g < K; g++)
		if (n[g] > 0) {
			double d = x[g] / n[g] - p;
			X2 += d * d * n[g] / (p * (1 - p));
		}
	double sh = X2 > 0 ? fmax(0.0, 1 - ((double)k + 1) / X2) : 0;
	for (size_t g = 0; g < K; g++)
		if (n[g] > 0)
			pt[g] = p + sh * (x[g] / n[g] - p);
	if ((rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL)
		goto out;
	gsl_rng_set(rng, seed);
	for (size_t b = 0; b < B; b++) {
		long ga = -1, gb = -1;
		double xa = 0, xb = 0, pa = 0, pb = 0;
		for (size_t g = 0; g < K; g++) {
			if (!(nr[g] > 0))
				continue;
			double xs = (double)gsl_ran_binomial(rng, pt[g], (unsigned)nr[g]);
			double ps = xs / nr[g];
			if (ga < 0 || ps > pa) {
				ga = (long)g;
				pa = ps;
				xa = xs;
			}
			if (gb < 0 || ps < pb) {
				gb = (long)g;
				pb = ps;
				xb = xs;
			}
		}
		double na = nr[ga], nb = nr[gb], dev, se;
		if (ratio) {
			double la = log((xa + 0.5) / (na + 0.5)), lb = log((xb + 0.5) / (nb + 0.5));
			dev = (la - lb) - (log(pt[ga]) - log(pt[gb]));
			se = sqrt(1 / (xa + 0.5) - 1 / (na + 0.5) + 1 / (xb + 0.5) - 1 / (nb + 0.5));
		} else {
			double qa = (xa + 0.5) / (na + 1), qb = (xb + 0.5) / (nb + 1);
			dev = (pa - pb) - (pt[ga] - pt[gb]);
			se = sqrt(qa * (1 - qa) / na + qb * (1 - qb) / nb);
		}
		t[b] = ga == gb ? 0 : fabs(dev) / se;
	}
	gsl_sort(t, 1, B);
	c = fmax(zl, gsl_stats_quantile_from_sorted_data(t, 1, B, level));
out:
	if (shrunk != NULL && pt != NULL)
		memcpy(shrunk, pt, K * sizeof *pt);
	if (rng != NULL)
		gsl_rng_free(rng);
	if (t != tstar)
		free(t);
	free(nr);
	free(pt);
	return c;
}

/* The analogue of fair_maxpair_z for the widest gap between k group means
 * (doc/methods.md 9.7): Tukey's value over-covers the picked pair when one
 * pair stands out (98.5% at 95% in bench/stats), so the pick is simulated
 * from normal means shrunk towards the precision-weighted mean. */
double
fair_maxmean_z(size_t K, const double *mean, const double *se, double level, size_t B,
               unsigned long seed, double *tstar, double *shrunk)
{
	size_t k = 0;
	double sw = 0, swm = 0, X2 = 0, zl = fair_stat_z(level);
	double *mt = malloc((K ? K : 1) * sizeof *mt);
	double *t = tstar != NULL ? tstar : malloc((B ? B : 1) * sizeof *t);
	double c = NAN;
	gsl_rng *rng = NULL;

	if (mt == NULL || t == NULL || isnan(zl) || B < 2)
		goto out;
	for (size_t g = 0; g < K; g++) {
		mt[g] = NAN;
		if (!(se[g] > 0 && isfinite(se[g]) && isfinite(mean[g])))
			continue;
		k++;
		sw += 1 / (se[g] * se[g]);
		swm += mean[g] / (se[g] * se[g]);
	}
	if (k < 2)
		goto out;
	double mbar = swm / sw;
	for (size_t g = 0; g < K; g++)
		if (se[g] > 0 && isfinite(se[g]) && isfinite(mean[g])) {
			double d = (mean[g] - mbar) / se[g];
			X2 += d * d;
			mt[g] = mean[g];   /* shrunk below */
		}
	double sh = X2 > 0 ? fmax(0.0, 1 - ((double)k + 1) / X2) : 0;
	for (size_t g = 0; g < K; g++)
		if (!isnan(mt[g]))
			mt[g] = mbar + sh * (mean[g] - mbar);
	if ((rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL)
		goto out;
	gsl_rng_set(rng, seed);
	for (size_t b = 0; b < B; b++) {
		long ga = -1, gb = -1;
		double ma = 0, mb = 0;
		for (size_t g = 0; g < K; g++) {
			if (isnan(mt[g]))
				continue;
			double ms = mt[g] + se[g] * gsl_ran_ugaussian(rng);
			if (ga < 0 || ms > ma) {
				ga = (long)g;
				ma = ms;
			}
			if (gb < 0 || ms < mb) {
				gb = (long)g;
				mb = ms;
			}
		}
		double dev = (ma - mb) - (mt[ga] - mt[gb]);
		t[b] = ga == gb ? 0 : fabs(dev) / sqrt(se[ga] * se[ga] + se[gb] * se[gb]);
	}
	gsl_sort(t, 1, B);
	c = fmax(zl, gsl_stats_quantile_from_sorted_data(t, 1, B, level));
out:
	if (shrunk != NULL && mt != NULL)
		memcpy(shrunk, mt, K * sizeof *mt);
	if (rng != NULL)
		gsl_rng_free(rng);
	if (t != tstar)
		free(t);
	free(mt);
	return c;
}

/* ---------------------------------------------------------------- BCa -- */

void
fair__metric_jack_sums(const double *jack, const double *mult, size_t m, double *num, double *den)
{
	double nj = 0, sum = 0;
	for (size_t k = 0; k < m; k++) {
		if (isnan(jack[k]))
			continue;
		double w = mult != NULL ? mult[k] : 1.0;
		nj += w;
		sum += w * jack[k];
	}
	if (!(nj > 1))
		return;
	double mean = sum / nj, s2 = 0, s3 = 0;
	for (size_t k = 0; k < m; k++) {
		if (isnan(jack[k]))
			continue;
		double w = mult != NULL ? mult[k] : 1.0;
		double u = (nj - 1) * (mean - jack[k]);
		s2 += w * u * u;
		s3 += w * u * u * u;
	}
	*num += s3 / (nj * nj * nj);
	*den += s2 / (nj * nj);
}

double
fair_bca_accel(size_t S, const size_t *off, const double *jack, const double *mult)
{
	double num = 0, den = 0;
	for (size_t j = 0; j < S; j++)
		fair__metric_jack_sums(jack + off[j], mult != NULL ? mult + off[j] : NULL,
		                       off[j + 1] - off[j], &num, &den);
	if (!(den > 0))
		return 0;
	return num / (6 * pow(den, 1.5));
}

void
fair_bca_ci(double theta, double *boot, size_t B, double a, double level, double *lo, double *hi,
            size_t *nundef)
{
	size_t m = 0, below = 0, notabove = 0;
	for (size_t i = 0; i < B; i++)
		if (!isnan(boot[i]))
			boot[m++] = boot[i];
	*nundef = B - m;
	*lo = *hi = NAN;
	if (m < 2 || isnan(theta) || isnan(a) || !(level > 0 && level < 1))
		return;
	for (size_t i = 0; i < m; i++) {
		below += boot[i] < theta;
		notabove += boot[i] <= theta;
	}
	double f = (double)(below + notabove) / (2.0 * (double)m);
	double fmin_ = 1 / (2.0 * (double)m);
	if (f < fmin_)
		f = fmin_;
	if (f > 1 - fmin_)
		f = 1 - fmin_;
	double z0 = gsl_cdf_ugaussian_Pinv(f), zq = fair_stat_z(level);
	double q[2];
	for (int s = 0; s < 2; s++) {
		double t = z0 + (s == 0 ? -zq : zq);
		double d = 1 - a * t;
		/* an acceleration so large that the ends fold over (|a t| >= 1)
		 * leaves no interval */
		if (!(d > 0))
			return;
		q[s] = gsl_cdf_ugaussian_P(z0 + t / d);
	}
	gsl_sort(boot, 1, m);
	*lo = gsl_stats_quantile_from_sorted_data(boot, 1, m, q[0]);
	*hi = gsl_stats_quantile_from_sorted_data(boot, 1, m, q[1]);
}
