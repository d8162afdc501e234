/* methods-tool.c -- driver used by tests/unit/methods-ref.py (not a test
 * itself): reads "score y group" lines from stdin, fits the threshold
 * optimiser and prints "acc A" then one "p P" line per row (P(yhat=1)).
 *   methods-tool thresh CONSTRAINT K [objective=O] [flip=1] [tol=T] [grid=N] < rows
 * and then one "g G op0 thr0 p0 op1 thr1 p1 p_ignore constant" line per group. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "methods/methods-private.h"

/* methods-tool post eqodds|caleqodds|roc K [cost=0|1|2] [priv=G] [metric=0|1|2]
 * [lb=X] [ub=X] < rows: "p P" per row, then per group
 * "g G p_pos p_neg mix base_rate cost", then "roc thr margin metric balanced satisfied". */
static int
post_main(int argc, char **argv)
{
	size_t cap = 1024, n = 0, K = (size_t)atoi(argc > 3 ? argv[3] : "0");
	double *s = malloc(cap * sizeof *s), *y = malloc(cap * sizeof *y);
	int32_t *g = malloc(cap * sizeof *g);
	int gi, cost = FAIR_CAL_WEIGHTED;
	long priv = -1;
	fair_roc_opts ro;
	fair_error err;
	fair_post *p = NULL;

	fair_roc_opts_init(&ro);
	for (int a = 4; a < argc; a++) {
		if (!strncmp(argv[a], "cost=", 5)) cost = atoi(argv[a] + 5);
		else if (!strncmp(argv[a], "priv=", 5)) priv = atol(argv[a] + 5);
		else if (!strncmp(argv[a], "metric=", 7)) ro.metric = atoi(argv[a] + 7);
		else if (!strncmp(argv[a], "lb=", 3)) ro.lb = atof(argv[a] + 3);
		else if (!strncmp(argv[a], "ub=", 3)) ro.ub = atof(argv[a] + 3);
	}
	while (s && y && g && scanf("%lf %lf %d", &s[n], &y[n], &gi) == 3) {
		g[n++] = gi;
		if (n == cap) {
			cap *= 2;
			s = realloc(s, cap * sizeof *s);
			y = realloc(y, cap * sizeof *y);
			g = realloc(g, cap * sizeof *g);
		}
	}
	if (!s || !y || !g)
		return 1;
	if (!strcmp(argv[2], "eqodds"))
		p = fair_eqodds_fit(s, 0.5, y, g, n, K, NULL, &err);
	else if (!strcmp(argv[2], "caleqodds"))
		p = fair_caleqodds_fit(s, y, g, n, K, cost, NULL, &err);
	else
		p = fair_roc_fit(s, y, g, n, K, priv, &ro, NULL, &err);
	if (p == NULL) {
		fprintf(stderr, "methods-tool: %s\n", err.msg);
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		printf("p %.17g\n", fair_post_prob(p, s[i], g[i]));
	fair_post_facts f;
	fair_post_info(p, &f);
	for (size_t k = 0; k < K; k++)
		printf("g %zu %.17g %.17g %.17g %.17g %.17g\n", k, f.p_pos[k], f.p_neg[k], f.mix[k], f.base_rate[k], f.cost[k]);
	printf("roc %.17g %.17g %.17g %.17g %d\n", f.thr, f.margin, f.metric_value, f.balanced, (int)f.satisfied);
	fair_post_free(p);
	free(s);
	free(y);
	free(g);
	return 0;
}

/* Rows "x1 .. xd group" from stdin into *X, *g; returns n (0 on error). */
static size_t
read_xg(double **X, int32_t **g, size_t *d)
{
	char line[4096];
	size_t n = 0, cap = 0;
	while (fgets(line, sizeof line, stdin)) {
		double v[64];
		size_t k = 0;
		char *p = line, *e;
		while (k < 64 && (v[k] = strtod(p, &e), e != p)) {
			k++;
			p = e;
		}
		if (k < 2)
			continue;
		*d = k - 1;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			if (!(*X = realloc(*X, cap * *d * sizeof **X)) || !(*g = realloc(*g, cap * sizeof **g)))
				return 0;
		}
		memcpy(*X + n * *d, v, *d * sizeof *v);
		(*g)[n++] = (int32_t)v[*d];
	}
	return n;
}

/* methods-tool lfrobj K k < "x1 .. xd y group": AIF360's LFR objective at
 * w_j = (j + 1) / (k + 1), v_jc = sin(j + c): "value Lx Ly Lz". */
static int
lfrobj_main(char **argv)
{
	double *xs = NULL, *X2, *y, w[64], *v, val, parts[3];
	int32_t *g = NULL;
	size_t d1 = 0, n = read_xg(&xs, &g, &d1), d = d1 - 1, K = (size_t)atol(argv[2]);
	fair_lfr_opts o;
	fair_error err;

	fair_lfr_opts_init(&o);
	o.k = (size_t)atol(argv[3]);
	if (n == 0 || o.k > 64 || (X2 = malloc(n * d * sizeof *X2)) == NULL || (y = malloc(n * sizeof *y)) == NULL ||
	    (v = malloc(o.k * d * sizeof *v)) == NULL)
		return 1;
	for (size_t i = 0; i < n; i++) {   /* the last numeric field before the group is y */
		memcpy(X2 + i * d, xs + i * d1, d * sizeof *X2);
		y[i] = xs[i * d1 + d];
	}
	for (size_t j = 0; j < o.k; j++) {
		w[j] = (double)(j + 1) / (double)(o.k + 1);
		for (size_t c = 0; c < d; c++)
			v[j * d + c] = sin((double)(j + c));
	}
	gsl_matrix_view X = gsl_matrix_view_array(X2, n, d);
	if (fair_lfr_objective(&X.matrix, y, g, K, &o, w, v, &val, parts, NULL, NULL, &err)) {
		fprintf(stderr, "methods-tool: %s\n", err.msg);
		return 1;
	}
	printf("%.17g %.17g %.17g %.17g\n", val, parts[0], parts[1], parts[2]);
	free(xs);
	free(X2);
	free(y);
	free(v);
	free(g);
	return 0;
}

/* methods-tool corr K ALPHA < "x1 .. xd group": the transformed rows. */
static int
corr_main(char **argv)
{
	double *xs = NULL;
	int32_t *g = NULL;
	size_t d = 0, n = read_xg(&xs, &g, &d);
	fair_error err;

	if (n == 0)
		return 1;
	gsl_matrix_view X = gsl_matrix_view_array(xs, n, d);
	fair_corrremove *c = fair_corrremove_fit(&X.matrix, g, (size_t)atol(argv[2]), atof(argv[3]), &err);
	gsl_matrix *Z = c ? fair_corrremove_apply(c, &X.matrix, g, &err) : NULL;
	if (Z == NULL) {
		fprintf(stderr, "methods-tool: %s\n", err.msg);
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d; j++)
			printf("%.17g%c", gsl_matrix_get(Z, i, j), j + 1 == d ? '\n' : ' ');
	gsl_matrix_free(Z);
	fair_corrremove_free(c);
	free(xs);
	free(g);
	return 0;
}

/* methods-tool grid SIZE LIMIT DIM: one line of DIM coordinates per point.
 * methods-tool gs CONSTRAINT K SIZE < "x1 .. xd y group" rows (d = the
 * number of fields - 2): "pt i lambda.. error violation" lines, "best i". */
static int
grid_main(int argc, char **argv)
{
	(void)argc;
	if (!strcmp(argv[1], "grid")) {
		size_t size = (size_t)atol(argv[2]), dim = (size_t)atol(argv[4]);
		double *g = malloc(size * dim * sizeof *g);
		fair_error err;
		if (g == NULL || fair_gridsearch_grid(size, dim, atof(argv[3]), g, &err))
			return 1;
		for (size_t j = 0; j < size; j++)
			for (size_t k = 0; k < dim; k++)
				printf("%.17g%c", g[j * dim + k], k + 1 == dim ? '\n' : ' ');
		free(g);
		return 0;
	}
	static const fair_learner_type *const types[] = { &fair_logreg_type, NULL };
	fair_gridsearch_opts o;
	fair_gridsearch_info info;
	fair_base b;
	fair_error err;
	char line[4096];
	size_t n = 0, cap = 0, d = 0, K = (size_t)atol(argv[3]);
	double *xs = NULL, *y = NULL;
	int32_t *g = NULL;

	fair_gridsearch_opts_init(&o);
	if (fair_constraint_parse(argv[2], &o.constraint, &err))
		return 2;
	o.grid_size = (size_t)atol(argv[4]);
	while (fgets(line, sizeof line, stdin)) {
		double v[64];
		size_t k = 0;
		char *p = line, *e;
		while (k < 64 && (v[k] = strtod(p, &e), e != p)) {
			k++;
			p = e;
		}
		if (k < 3)
			continue;
		d = k - 2;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			xs = realloc(xs, cap * d * sizeof *xs);
			y = realloc(y, cap * sizeof *y);
			g = realloc(g, cap * sizeof *g);
			if (!xs || !y || !g)
				return 1;
		}
		memcpy(xs + n * d, v, d * sizeof *v);
		y[n] = v[d];
		g[n] = (int32_t)v[d + 1];
		n++;
	}
	gsl_matrix_view X = gsl_matrix_view_array(xs, n, d);
	if (fair_base_prepare(&b, "gridsearch", "logreg", NULL, false, types, &err))
		return 1;
	o.base_learner = &b;
	fair_learner *l = fair_gridsearch_fit(&X.matrix, y, g, K, &o, &info, NULL, &err);
	if (l == NULL) {
		fprintf(stderr, "methods-tool: %s\n", err.msg);
		return 1;
	}
	for (size_t j = 0; j < fair_gridsearch_size(l); j++) {
		fair_gridsearch_point pt;
		fair_gridsearch_member(l, j, &pt);
		printf("pt %zu", j);
		for (size_t k = 0; k < pt.dim; k++)
			printf(" %.17g", pt.lambda[k]);
		printf(" %.17g %.17g\n", pt.error, pt.violation);
	}
	printf("best %zu\n", info.best);
	fair_learner_free(l);
	fair_base_release(&b);
	free(xs);
	free(y);
	free(g);
	return 0;
}

int
main(int argc, char **argv)
{
	size_t cap = 1024, n = 0, K;
	double *s, *y;
	int32_t *g;
	int c, gi;
	fair_error err;
	fair_thresh_opts o;

	gsl_set_error_handler_off();
	fair_thresh_opts_init(&o);
	if (argc >= 3 && !strcmp(argv[1], "post"))
		return post_main(argc, argv);
	if (argc >= 4 && !strcmp(argv[1], "corr"))
		return corr_main(argv);
	if (argc >= 4 && !strcmp(argv[1], "lfrobj"))
		return lfrobj_main(argv);
	if (argc >= 5 && (!strcmp(argv[1], "grid") || !strcmp(argv[1], "gs")))
		return grid_main(argc, argv);
	s = malloc(cap * sizeof *s);
	y = malloc(cap * sizeof *y);
	g = malloc(cap * sizeof *g);
	if (argc < 4 || strcmp(argv[1], "thresh") || fair_constraint_parse(argv[2], &c, &err)) {
		fprintf(stderr, "usage: methods-tool thresh CONSTRAINT K [objective=O] [flip=1] [tol=T] [grid=N] < rows\n");
		return 2;
	}
	o.constraint = c;
	K = (size_t)atoi(argv[3]);
	for (int a = 4; a < argc; a++) {
		if (!strncmp(argv[a], "objective=", 10)) {
			if (fair_objective_parse(argv[a] + 10, &o.objective, &err)) {
				fprintf(stderr, "methods-tool: %s\n", err.msg);
				return 2;
			}
		} else if (!strncmp(argv[a], "flip=", 5)) {
			o.flip = atoi(argv[a] + 5) != 0;
		} else if (!strncmp(argv[a], "tol=", 4)) {
			o.tol = atof(argv[a] + 4);
		} else if (!strncmp(argv[a], "grid=", 5)) {
			o.grid = (size_t)atol(argv[a] + 5);
		} else {
			fprintf(stderr, "methods-tool: unknown option '%s'\n", argv[a]);
			return 2;
		}
	}
	while (s && y && g && scanf("%lf %lf %d", &s[n], &y[n], &gi) == 3) {
		g[n++] = gi;
		if (n == cap) {
			cap *= 2;
			s = realloc(s, cap * sizeof *s);
			y = realloc(y, cap * sizeof *y);
			g = realloc(g, cap * sizeof *g);
		}
	}
	if (!s || !y || !g)
		return 1;
	fair_thresh *t = fair_thresh_fit_opts(s, y, g, n, K, &o, NULL, &err);
	if (t == NULL) {
		fprintf(stderr, "methods-tool: %s\n", err.msg);
		return 1;
	}
	printf("acc %.17g\n", fair_thresh_accuracy(t));
	for (size_t i = 0; i < n; i++)
		printf("p %.17g\n", fair_thresh_prob(t, s[i], g[i]));
	for (size_t k = 0; k < K; k++) {
		const fair_thresh_group *r = fair_thresh_group_get(t, k);
		printf("g %zu %d %.17g %.17g %d %.17g %.17g %.17g %.17g\n", k, r->op0, r->thr0, r->p0, r->op1,
		       r->thr1, r->p1, r->p_ignore, r->constant);
	}
	printf("obj %.17g\n", fair_thresh_objective(t));
	fair_thresh_free(t);
	free(s);
	free(y);
	free(g);
	return 0;
}
