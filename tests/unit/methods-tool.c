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

/* Reads "x1 .. xd y group" rows from stdin (d = the number of fields - 2)
 * into *xs (n x d), *y and *g; 1 when out of memory. */
static int
read_rows(double **xs, double **y, int32_t **g, size_t *n, size_t *d)
{
	char line[4096];
	size_t cap = 0;

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
		*d = k - 2;
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			if (!(*xs = realloc(*xs, cap * *d * sizeof **xs)) || !(*y = realloc(*y, cap * sizeof **y)) ||
			    !(*g = realloc(*g, cap * sizeof **g)))
				return 1;
		}
		memcpy(*xs + *n * *d, v, *d * sizeof *v);
		(*y)[*n] = v[*d];
		(*g)[*n] = (int32_t)v[*d + 1];
		++*n;
	}
	return 0;
}

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

/* methods-tool adv CONSTRAINT K ALPHA ACT HIDDEN < "x1 .. xd y w group":
 * an adversarial state (seed 3, keep 1, hidden widths "8" or "6,4", ACT
 * relu|tanh) and two updates on the same batch. Prints "theta ..." and
 * "phi ..." (the initial parameters), then per step "LP", "LA", "gP ...",
 * "gA ...", "g ..." (the update direction), "gphi ...", and after both
 * steps "theta2 ..." and "phi2 ...". */
static void
vec_print(const char *name, const double *v, size_t n)
{
	printf("%s", name);
	for (size_t k = 0; k < n; k++)
		printf(" %.17g", v[k]);
	printf("\n");
}

static int
adv_main(char **argv)
{
	double *xs = NULL, *X2, *y, *w;
	int32_t *g = NULL;
	size_t d2 = 0, n = read_xg(&xs, &g, &d2), d = d2 - 2, K = (size_t)atol(argv[3]), P, Q;
	fair_adv_opts o;
	fair_mlp_opts mo;
	fair_error err;

	fair_adv_opts_init(&o);
	fair_mlp_opts_init(&mo);
	if (n == 0 || fair_constraint_parse(argv[2], &o.constraint, &err) || fair_mlp_parse_hidden(&mo, argv[6], &err))
		return 2;
	memcpy(o.hidden, mo.hidden, sizeof o.hidden);
	o.nhidden = mo.nhidden;
	o.alpha = atof(argv[4]);
	o.activation = strcmp(argv[5], "tanh") ? FAIR_NN_RELU : FAIR_NN_TANH;
	o.keep = 1.0;
	if ((X2 = malloc(n * d * sizeof *X2)) == NULL || (y = malloc(n * sizeof *y)) == NULL ||
	    (w = malloc(n * sizeof *w)) == NULL)
		return 1;
	for (size_t i = 0; i < n; i++) {   /* the two numeric fields before the group: y, w */
		memcpy(X2 + i * d, xs + i * d2, d * sizeof *X2);
		y[i] = xs[i * d2 + d];
		w[i] = xs[i * d2 + d + 1];
	}
	gsl_matrix_view X = gsl_matrix_view_array(X2, n, d);
	fair_adv *a = fair_adv_new(d, K, n, &o, 3, &err);
	if (a == NULL) {
		fprintf(stderr, "methods-tool: %s\n", err.msg);
		return 1;
	}
	double *th = fair_adv_clf_params(a, &P), *ph = fair_adv_adv_params(a, &Q);
	double *gP = malloc(P * sizeof *gP), *gA = malloc(P * sizeof *gA), *gd = malloc(P * sizeof *gd);
	double *gphi = malloc(Q * sizeof *gphi), LP, LA;
	vec_print("theta", th, P);
	vec_print("phi", ph, Q);
	for (int step = 0; step < 2; step++) {
		if (fair_adv_grad(a, &X.matrix, y, g, w, 0, &LP, &LA, gP, gA, gd, gphi, &err) ||
		    fair_adv_step(a, &X.matrix, y, g, w, &LP, &LA, &err)) {
			fprintf(stderr, "methods-tool: %s\n", err.msg);
			return 1;
		}
		printf("LP %.17g\nLA %.17g\n", LP, LA);
		vec_print("gP", gP, P);
		vec_print("gA", gA, P);
		vec_print("g", gd, P);
		vec_print("gphi", gphi, Q);
	}
	vec_print("theta2", th, P);
	vec_print("phi2", ph, Q);
	fair_adv_free(a);
	free(gP); free(gA); free(gd); free(gphi); free(xs); free(X2); free(y); free(w); free(g);
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
	size_t n = 0, d = 0, K = (size_t)atol(argv[3]);
	double *xs = NULL, *y = NULL;
	int32_t *g = NULL;

	fair_gridsearch_opts_init(&o);
	if (fair_constraint_parse(argv[2], &o.constraint, &err))
		return 2;
	o.grid_size = (size_t)atol(argv[4]);
	if (read_rows(&xs, &y, &g, &n, &d))
		return 1;
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

/* methods-tool egbgl square|absolute|zeroone BOUND EPS K [max_iter=N] [nu=X]
 * [lo=X] [hi=X] < "x1 .. xd y group" rows: exponentiated gradient with
 * bounded group loss and ridge (alpha 0, an intercept) as the base;
 * prints "info iterations best_iter oracle_calls npredictors nlearners gap
 * nu error violation", then "c weight pred_1 .. pred_n" a component, then
 * "p pred" a row (the learner's score). */
static int
egbgl_main(int argc, char **argv)
{
	static const fair_learner_type *const types[] = { &fair_ridge_type, NULL };
	fair_expgrad_opts o;
	fair_expgrad_info info;
	fair_base b;
	fair_error err;
	size_t n = 0, d = 0, K = (size_t)atol(argv[5]);
	double *xs = NULL, *y = NULL, *pr;
	int32_t *g = NULL;

	fair_expgrad_opts_init(&o);
	o.bgl = true;
	o.loss = !strcmp(argv[2], "square") ? FAIR_BGL_SQUARE : !strcmp(argv[2], "absolute") ? FAIR_BGL_ABSOLUTE
	         : FAIR_BGL_ZEROONE;
	o.upper_bound = atof(argv[3]);
	o.eps = atof(argv[4]);
	for (int a = 6; a < argc; a++) {
		if (!strncmp(argv[a], "max_iter=", 9)) o.max_iter = (size_t)atol(argv[a] + 9);
		else if (!strncmp(argv[a], "nu=", 3)) o.nu = atof(argv[a] + 3);
		else if (!strncmp(argv[a], "lo=", 3)) o.loss_lo = atof(argv[a] + 3);
		else if (!strncmp(argv[a], "hi=", 3)) o.loss_hi = atof(argv[a] + 3);
	}
	if (read_rows(&xs, &y, &g, &n, &d))
		return 1;
	gsl_matrix_view X = gsl_matrix_view_array(xs, n, d);
	if (fair_base_prepare(&b, "expgrad", "ridge", "alpha=0", true, types, &err)) {
		fprintf(stderr, "methods-tool: %s\n", err.msg);
		return 1;
	}
	o.base_learner = &b;
	fair_learner *l = fair_expgrad_fit(&X.matrix, y, g, K, &o, &info, NULL, &err);
	if (l == NULL || (pr = malloc(n * sizeof *pr)) == NULL) {
		fprintf(stderr, "methods-tool: %s\n", err.msg);
		return 1;
	}
	printf("info %zu %zu %zu %zu %zu %.17g %.17g %.17g %.17g\n", info.iterations, info.best_iter, info.oracle_calls,
	       info.npredictors, info.nlearners, info.gap, info.nu, info.error, info.violation);
	for (size_t j = 0; j < fair_expgrad_size(l); j++) {
		double w, c;
		const fair_learner *cj = fair_expgrad_component(l, j, &w, &c);
		printf("c %.17g", w);
		if (cj == NULL)
			for (size_t i = 0; i < n; i++)
				pr[i] = c;
		else if (fair_learner_predict(cj, &X.matrix, pr, &err))
			return 1;
		for (size_t i = 0; i < n; i++)
			printf(" %.17g", pr[i]);
		printf("\n");
	}
	if (fair_learner_predict(l, &X.matrix, pr, &err))
		return 1;
	for (size_t i = 0; i < n; i++)
		printf("p %.17g\n", pr[i]);
	free(pr);
	fair_learner_free(l);
	fair_base_release(&b);
	free(xs);
	free(y);
	free(g);
	return 0;
}

/* Fairlearn's LeastSquaresBinaryClassifierLearner (its tests'
 * simple_learners.py): weighted least squares, 1{x.w > 0.5}; ridge with
 * alpha 0 and an intercept is that on X1, X2 and the constant X3. */
static fair_learner *
lsq_fit(const void *o, fair_fit_data *d, fair_progress *prog, fair_error *err)
{
	fair_ridge_opts r = { .alpha = 0 };
	fair_learner *l = fair_ridge_fit(d->X, d->y, d->w, &r, prog, err);
	(void)o;
	if (l != NULL)
		l->threshold = 0.5;
	return l;
}

static const fair_learner_type lsq_type = {
	.name = "lsq", .kind = NULL, .help = "least-squares classifier (tests only)",
	.flags = FAIR_LEARNER_CLASSIFY | FAIR_LEARNER_PLAIN, .fit = lsq_fit,
};

/* methods-tool egcls CONSTRAINT EPS K [ratio=R] [lp=0|1] < "x1 .. xd y group"
 * rows: exponentiated gradient with the least-squares classifier; prints
 * "info iterations best_iter oracle_calls npredictors nlearners gap nu"
 * and "p P" a row (P(yhat = 1) of the mixture). */
static int
egcls_main(int argc, char **argv)
{
	static const fair_learner_type *const types[] = { &lsq_type, NULL };
	fair_expgrad_opts o;
	fair_expgrad_info info;
	fair_base b;
	fair_error err;
	size_t n = 0, d = 0, K = (size_t)atol(argv[4]);
	double *xs = NULL, *y = NULL, *pr;
	int32_t *g = NULL;

	fair_expgrad_opts_init(&o);
	if (fair_constraint_parse(argv[2], &o.constraint, &err))
		return 2;
	o.eps = atof(argv[3]);
	for (int a = 5; a < argc; a++) {
		if (!strncmp(argv[a], "ratio=", 6)) o.ratio = atof(argv[a] + 6);
		else if (!strncmp(argv[a], "lp=", 3)) o.lp_step = atoi(argv[a] + 3);
	}
	if (read_rows(&xs, &y, &g, &n, &d))
		return 1;
	gsl_matrix_view X = gsl_matrix_view_array(xs, n, d);
	if (fair_base_prepare(&b, "expgrad", "lsq", NULL, false, types, &err)) {
		fprintf(stderr, "methods-tool: %s\n", err.msg);
		return 1;
	}
	o.base_learner = &b;
	fair_learner *l = fair_expgrad_fit(&X.matrix, y, g, K, &o, &info, NULL, &err);
	if (l == NULL || (pr = malloc(n * sizeof *pr)) == NULL || fair_learner_predict(l, &X.matrix, pr, &err)) {
		fprintf(stderr, "methods-tool: %s\n", err.msg);
		return 1;
	}
	printf("info %zu %zu %zu %zu %zu %.17g %.17g\n", info.iterations, info.best_iter, info.oracle_calls,
	       info.npredictors, info.nlearners, info.gap, info.nu);
	for (size_t i = 0; i < n; i++)
		printf("p %.17g\n", pr[i]);
	free(pr);
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
	if (argc >= 7 && !strcmp(argv[1], "adv"))
		return adv_main(argv);
	if (argc >= 5 && !strcmp(argv[1], "egcls"))
		return egcls_main(argc, argv);
	if (argc >= 6 && !strcmp(argv[1], "egbgl"))
		return egbgl_main(argc, argv);
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
