/* metric-ref-driver.c -- runs fair_audit on arrays written by metric-ref.py
 * (raw float64 / int32 files in a directory) and prints every figure and
 * metric as "key value" lines with %.17g, for the numpy comparison. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "fairsh/metric.h"

static void *
slurp(const char *dir, const char *name, size_t elem, size_t n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	void *p = malloc(n * elem + 1);
	if (p != NULL && fread(p, elem, n, f) != n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	return p;
}

static void
put(const char *key, double v)
{
	if (isnan(v))
		printf("%s nan\n", key);
	else
		printf("%s %.17g\n", key, v);
}

int
main(int argc, char **argv)
{
	fair_audit_input in;
	fair_audit_opts o;
	fair_error err;
	char key[256];
	unsigned long n, K;
	int task, conv;
	long priv;

	gsl_set_error_handler_off();
	if (argc != 6) {
		fprintf(stderr, "usage: metric-ref-driver DIR N K TASK(0|1) PRIV [CONV via env]\n");
		return 2;
	}
	(void)conv;
	n = strtoul(argv[2], NULL, 10);
	K = strtoul(argv[3], NULL, 10);
	task = atoi(argv[4]);
	priv = atol(argv[5]);
	memset(&in, 0, sizeof in);
	in.n = n;
	in.K = K;
	in.task = task;
	in.privileged = priv;
	in.y = slurp(argv[1], "y.bin", sizeof(double), n);
	in.yhat = slurp(argv[1], "yhat.bin", sizeof(double), n);
	in.score = slurp(argv[1], "score.bin", sizeof(double), n);
	in.weight = slurp(argv[1], "w.bin", sizeof(double), n);
	in.group = slurp(argv[1], "g.bin", sizeof(int32_t), n);
	if (in.y == NULL || in.yhat == NULL || in.group == NULL) {
		fprintf(stderr, "metric-ref-driver: cannot read the arrays in %s\n", argv[1]);
		return 2;
	}
	fair_audit_opts_init(&o);
	/* the peers' definitions keep every group; MIN_GROUP=N leaves out the
	 * small ones as fairsh does by default */
	o.min_group = getenv("MIN_GROUP") != NULL ? strtoul(getenv("MIN_GROUP"), NULL, 10) : 0;
	if (getenv("RATE_CI") != NULL && fair_rate_ci_parse(getenv("RATE_CI"), &o.rate_ci, &err)) {
		fprintf(stderr, "metric-ref-driver: %s\n", err.msg);
		return 2;
	}
	if (getenv("CONV") != NULL && fair_convention_parse(getenv("CONV"), &o.convention, &err)) {
		fprintf(stderr, "metric-ref-driver: %s\n", err.msg);
		return 2;
	}
	fair_report *r = fair_audit(&in, &o, &err);
	if (r == NULL) {
		fprintf(stderr, "metric-ref-driver: %s\n", err.msg);
		return 1;
	}
	for (size_t g = 0; g <= K; g++) {
		const fair_group_figures *G = g < K ? &r->groups[g] : &r->overall;
		for (int f = 0; f < FAIR_FIG_COUNT; f++) {
			if (g < K)
				snprintf(key, sizeof key, "g%zu.%s", g, fair_figure_info_get(f)->name);
			else
				snprintf(key, sizeof key, "overall.%s", fair_figure_info_get(f)->name);
			put(key, G->fig[f]);
		}
		snprintf(key, sizeof key, g < K ? "g%zu.n" : "overall.n", g);
		put(key, G->n);
		for (int f = 0; f < FAIR_FIG_COUNT; f++) {
			const char *fn = fair_figure_info_get(f)->name;
			if (g < K)
				snprintf(key, sizeof key, "g%zu.%s.lo", g, fn);
			else
				snprintf(key, sizeof key, "overall.%s.lo", fn);
			put(key, G->ci_low[f]);
			key[strlen(key) - 2] = 'h';
			key[strlen(key) - 1] = 'i';
			put(key, G->ci_high[f]);
		}
	}
	for (size_t k = 0; k < fair_metric_count(task); k++) {
		int id = fair_metric_id(task, k);
		const fair_metric_value *m = &r->metrics[id];
		const char *mn = fair_metric_info_get(id)->name;
		snprintf(key, sizeof key, "m.%s", mn);
		put(key, m->value);
		/* the assessment: pair, signed estimate, interval, level, test */
		const struct { const char *k; double v; } extra[] = {
			{ "ga", (double)m->ga }, { "gb", (double)m->gb }, { "est", m->estimate },
			{ "lo", m->ci_low }, { "hi", m->ci_high }, { "each", m->ci_each },
			{ "p", m->p_value }, { "stat", m->test_stat }, { "df", m->test_df },
			{ "test", (double)m->test }, { "verdict", (double)m->verdict },
			{ "alt_ga", (double)m->alt_ga }, { "alt_gb", (double)m->alt_gb },
			{ "alt_fig", (double)m->alt_fig }, { "alt_lo", m->alt_low }, { "alt_hi", m->alt_high },
			{ "fig", (double)m->fig }, { "ngroups", (double)m->ngroups },
		};
		for (size_t e = 0; e < sizeof extra / sizeof extra[0]; e++) {
			snprintf(key, sizeof key, "m.%s.%s", mn, extra[e].k);
			put(key, extra[e].v);
		}
	}
	if (task == FAIR_TASK_CLASSIFICATION)
		put("dp_p_value", r->dp_p_value);
	fair_report_free(r);
	free((void *)in.y);
	free((void *)in.yhat);
	free((void *)in.score);
	free((void *)in.weight);
	free((void *)in.group);
	return 0;
}
