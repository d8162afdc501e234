/* stats-tool.c -- evaluates the functions of fairsh/stats.h on requests read
 * from stdin, one per line, and prints each result as one line of numbers
 * (%.17g, "nan"), for stats-ref.py's comparison with statsmodels and scipy:
 *   wilson X N Z | exact X N LEVEL | newcombe XA NA XB NB Z | katz XA NA XB NB Z
 *   srange Q K | tukey K LEVEL | ztest PA MA PB MB | chisq K X1..XK N1..NK
 *   perm K T MAXTABLES B SEED X... N... | holm M P1..PM
 *   bca THETA A LEVEL B V1..VB | accel S OFF0..OFFS MULT(0/1) JACK... [MULTS...]
 *   maxpair K RATIO(0/1) LEVEL B SEED X1..XK N1..NK (prints z, the K shrunk
 *   rates and the B sorted replicates)
 *   maxmean K LEVEL B SEED M1..MK SE1..SEK (prints z, the K shrunk means and
 *   the B sorted replicates)
 *   regaudit K B SEED N G1..GN P1..PN (a regression audit with ci=B, 0 for the
 *   default; prints " |boot ID N T LEVEL A LO HI V1..VN", " |perm ID P T - - PV
 *   - V1..VP" from the resampling hook, then " |final ID VALUE LO HI PV GA GB")
 */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "fairsh/metric.h"
#include "fairsh/stats.h"

static void
hook(void *ud, const char *what, int metric, const double *v, size_t n, double t, double level,
     double a, double lo, double hi)
{
	(void)ud;
	printf(" |%s %d %zu", what, metric, n);
	double h[5] = { t, level, a, lo, hi };
	for (int i = 0; i < 5; i++)
		printf(isnan(h[i]) ? " nan" : " %.17g", h[i]);
	for (size_t i = 0; i < n; i++)
		printf(isnan(v[i]) ? " nan" : " %.17g", v[i]);
}

static void
put(double v)
{
	if (isnan(v))
		printf(" nan");
	else
		printf(" %.17g", v);
}

static double *
nums(size_t n)
{
	double *v = malloc((n ? n : 1) * sizeof *v);
	for (size_t i = 0; v != NULL && i < n; i++)
		if (scanf("%lf", &v[i]) != 1) {
			free(v);
			return NULL;
		}
	return v;
}

int
main(void)
{
	char op[32];
	gsl_set_error_handler_off();
	while (scanf("%31s", op) == 1) {
		double a[6], lo, hi;
		printf("%s", op);
		if (!strcmp(op, "wilson") || !strcmp(op, "exact")) {
			if (scanf("%lf %lf %lf", &a[0], &a[1], &a[2]) != 3)
				return 2;
			if (op[0] == 'w')
				fair_wilson_ci(a[0], a[1], a[2], &lo, &hi);
			else
				fair_clopper_pearson_ci(a[0], a[1], a[2], &lo, &hi);
			put(lo);
			put(hi);
		} else if (!strcmp(op, "newcombe") || !strcmp(op, "katz")) {
			if (scanf("%lf %lf %lf %lf %lf", &a[0], &a[1], &a[2], &a[3], &a[4]) != 5)
				return 2;
			if (op[0] == 'n')
				fair_newcombe_ci(a[0], a[1], a[2], a[3], a[4], &lo, &hi);
			else
				fair_katz_ci(a[0], a[1], a[2], a[3], a[4], &lo, &hi);
			put(lo);
			put(hi);
		} else if (!strcmp(op, "srange")) {
			if (scanf("%lf %lf", &a[0], &a[1]) != 2)
				return 2;
			put(fair_srange_cdf(a[0], (size_t)a[1]));
		} else if (!strcmp(op, "tukey")) {
			if (scanf("%lf %lf", &a[0], &a[1]) != 2)
				return 2;
			put(fair_tukey_z((size_t)a[0], a[1]));
		} else if (!strcmp(op, "ztest")) {
			double z;
			if (scanf("%lf %lf %lf %lf", &a[0], &a[1], &a[2], &a[3]) != 4)
				return 2;
			double p = fair_ztest_2prop(a[0], a[1], a[2], a[3], &z);
			put(z);
			put(p);
		} else if (!strcmp(op, "chisq")) {
			size_t K;
			double st, df, me;
			if (scanf("%zu", &K) != 1)
				return 2;
			double *x = nums(K), *n = nums(K);
			if (x == NULL || n == NULL)
				return 2;
			double p = fair_chisq_equal(x, n, K, &st, &df, &me);
			put(st);
			put(df);
			put(p);
			put(me);
			free(x);
			free(n);
		} else if (!strcmp(op, "perm")) {
			size_t K, T, mt, B;
			unsigned long seed;
			double st, p;
			int method;
			fair_error err;
			if (scanf("%zu %zu %zu %zu %lu", &K, &T, &mt, &B, &seed) != 5)
				return 2;
			double *x = nums(K * T), *n = nums(K * T);
			if (x == NULL || n == NULL)
				return 2;
			if (fair_perm_equal(x, n, K, T, mt, B, seed, &st, &p, &method, &err) != FAIR_OK) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
			put(st);
			put(p);
			put(method);
			free(x);
			free(n);
		} else if (!strcmp(op, "holm")) {
			size_t m;
			fair_error err;
			if (scanf("%zu", &m) != 1)
				return 2;
			double *p = nums(m);
			if (p == NULL || fair_holm(p, m, p, &err) != FAIR_OK)
				return 2;
			for (size_t i = 0; i < m; i++)
				put(p[i]);
			free(p);
		} else if (!strcmp(op, "bca")) {
			size_t B, nu;
			if (scanf("%lf %lf %lf %zu", &a[0], &a[1], &a[2], &B) != 4)
				return 2;
			double *v = nums(B);
			if (v == NULL)
				return 2;
			fair_bca_ci(a[0], v, B, a[1], a[2], &lo, &hi, &nu);
			put(lo);
			put(hi);
			free(v);
		} else if (!strcmp(op, "accel")) {
			size_t S;
			int hasmult;
			if (scanf("%zu", &S) != 1)
				return 2;
			size_t *off = malloc((S + 1) * sizeof *off);
			for (size_t j = 0; off != NULL && j <= S; j++)
				if (scanf("%zu", &off[j]) != 1)
					return 2;
			if (off == NULL || scanf("%d", &hasmult) != 1)
				return 2;
			double *jack = nums(off[S]), *mult = hasmult ? nums(off[S]) : NULL;
			if (jack == NULL || (hasmult && mult == NULL))
				return 2;
			put(fair_bca_accel(S, off, jack, mult));
			free(off);
			free(jack);
			free(mult);
		} else if (!strcmp(op, "maxpair")) {
			size_t K, B;
			int ratio;
			unsigned long seed;
			if (scanf("%zu %d %lf %zu %lu", &K, &ratio, &a[0], &B, &seed) != 5)
				return 2;
			double *x = nums(K), *n = nums(K);
			double *t = malloc((B ? B : 1) * sizeof *t), *sh = malloc((K ? K : 1) * sizeof *sh);
			if (x == NULL || n == NULL || t == NULL || sh == NULL)
				return 2;
			put(fair_maxpair_z(K, x, n, ratio != 0, a[0], B, seed, t, sh));
			for (size_t i = 0; i < K; i++)
				put(sh[i]);
			for (size_t i = 0; i < B; i++)
				put(t[i]);
			free(x);
			free(n);
			free(t);
			free(sh);
		} else if (!strcmp(op, "maxmean")) {
			size_t K, B;
			unsigned long seed;
			if (scanf("%zu %lf %zu %lu", &K, &a[0], &B, &seed) != 4)
				return 2;
			double *mu = nums(K), *se = nums(K);
			double *t = malloc((B ? B : 1) * sizeof *t), *sh = malloc((K ? K : 1) * sizeof *sh);
			if (mu == NULL || se == NULL || t == NULL || sh == NULL)
				return 2;
			put(fair_maxmean_z(K, mu, se, a[0], B, seed, t, sh));
			for (size_t i = 0; i < K; i++)
				put(sh[i]);
			for (size_t i = 0; i < B; i++)
				put(t[i]);
			free(mu);
			free(se);
			free(t);
			free(sh);
		} else if (!strcmp(op, "regaudit")) {
			size_t K, B, N;
			unsigned long seed;
			fair_error err;
			if (scanf("%zu %zu %lu %zu", &K, &B, &seed, &N) != 4 || K > 8)
				return 2;
			double *gv = nums(N), *p = nums(N), *y = malloc((N ? N : 1) * sizeof *y);
			int32_t *g = malloc((N ? N : 1) * sizeof *g);
			static const char *labels[8] = { "a", "b", "c", "d", "e", "f", "g", "h" };
			if (gv == NULL || p == NULL || y == NULL || g == NULL)
				return 2;
			for (size_t i = 0; i < N; i++) {
				g[i] = (int32_t)gv[i];
				y[i] = p[i];
			}
			fair_audit_input in = { .n = N, .y = y, .yhat = p, .group = g, .K = K,
			                        .labels = labels, .privileged = -1,
			                        .task = FAIR_TASK_REGRESSION };
			fair_audit_opts o;
			fair_audit_opts_init(&o);
			o.min_group = 0;
			o.bootstrap = B;
			o.seed = seed;
			fair_resample_hook = hook;
			fair_report *r = fair_audit(&in, &o, &err);
			fair_resample_hook = NULL;
			if (r == NULL) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
			for (int id = FAIR_M_KS; id <= FAIR_M_MEAN_DIFF; id++) {
				const fair_metric_value *m = &r->metrics[id];
				printf(" |final %d", id);
				put(m->value);
				put(m->ci_low);
				put(m->ci_high);
				put(m->p_value);
				put((double)m->ga);
				put((double)m->gb);
			}
			fair_report_free(r);
			free(gv);
			free(p);
			free(y);
			free(g);
		} else {
			fprintf(stderr, "stats-tool: unknown request '%s'\n", op);
			return 2;
		}
		printf("\n");
	}
	return 0;
}
