/* model-tool.c -- fitting tool used by tests/unit/model-ref.py and by
 * bench/models to compare the learners with scikit-learn (not a test itself):
 *   model-tool fit MODEL TRAIN TEST [key=value ...]   (files: see read_problem)
 *   model-tool adult MODEL [key=value ...]            (adult.csv found as testdata.h says) */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_errno.h>

#include "fairsh/csv.h"
#include "fairsh/frame.h"
#include "learn/learn-private.h"
#include "testdata.h"

/* ------------------------------------------------------------ tool mode */

struct kv { const char *key, *val; };

static const char *
opt(const struct kv *kv, size_t n, const char *key, const char *def)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].key, key) == 0)
			return kv[i].val;
	return def;
}

static double
optd(const struct kv *kv, size_t n, const char *key, double def)
{
	const char *s = opt(kv, n, key, NULL);
	return s ? strtod(s, NULL) : def;
}

/* Fits MODEL with options; returns the learner (and *note = path name). */
static fair_learner *
fit_model(const char *model, const struct kv *kv, size_t nkv, const gsl_matrix *X, const double *y,
          const double *w, fair_error *err)
{
	if (strcmp(model, "logreg") == 0) {
		fair_logreg_opts o;
		fair_logreg_opts_init(&o);
		o.C = optd(kv, nkv, "C", o.C);
		o.tol = optd(kv, nkv, "tol", o.tol);
		o.newton_max_dim = (size_t)optd(kv, nkv, "newton_max_dim", (double)o.newton_max_dim);
		return fair_logreg_fit(X, y, w, &o, NULL, err);
	}
	if (strcmp(model, "ridge") == 0) {
		fair_ridge_opts o;
		fair_ridge_opts_init(&o);
		o.alpha = optd(kv, nkv, "alpha", o.alpha);
		return fair_ridge_fit(X, y, w, &o, NULL, err);
	}
	if (strcmp(model, "svm") == 0) {
		fair_svm_opts o;
		fair_svm_opts_init(&o);
		o.C = optd(kv, nkv, "C", o.C);
		o.tol = optd(kv, nkv, "tol", o.tol);
		o.max_iter = (size_t)optd(kv, nkv, "max_iter", (double)o.max_iter);
		o.seed = (uint64_t)optd(kv, nkv, "seed", 0);
		return fair_svm_fit(X, y, w, &o, NULL, err);
	}
	if (strcmp(model, "ksvm") == 0) {
		fair_ksvm_opts o;
		fair_ksvm_opts_init(&o);
		o.C = optd(kv, nkv, "C", o.C);
		o.tol = optd(kv, nkv, "tol", o.tol);
		o.seed = (uint64_t)optd(kv, nkv, "seed", 0);
		o.components = (size_t)optd(kv, nkv, "components", (double)o.components);
		o.exact_max_n = (size_t)optd(kv, nkv, "exact_max_n", (double)o.exact_max_n);
		o.kernel.gamma = optd(kv, nkv, "gamma", 0.0);
		o.kernel.coef0 = optd(kv, nkv, "coef0", 0.0);
		o.kernel.degree = (int)optd(kv, nkv, "degree", 3);
		if (fair_kernel_parse(opt(kv, nkv, "kernel", "rbf"), &o.kernel.type, err) != FAIR_OK)
			return NULL;
		const char *ap = opt(kv, nkv, "approx", "auto");
		o.approx = strcmp(ap, "rff") == 0 ? FAIR_KSVM_RFF : strcmp(ap, "nystroem") == 0 ? FAIR_KSVM_NYSTROEM
		           : strcmp(ap, "exact") == 0 ? FAIR_KSVM_EXACT : FAIR_KSVM_AUTO;
		return fair_ksvm_fit(X, y, w, &o, NULL, err);
	}
	if (strcmp(model, "mlp") == 0) {
		fair_mlp_opts o;
		fair_mlp_opts_init(&o);
		if (fair_mlp_parse_hidden(&o, opt(kv, nkv, "hidden", "64,32"), err) != FAIR_OK)
			return NULL;
		o.epochs = (size_t)optd(kv, nkv, "epochs", (double)o.epochs);
		o.batch = (size_t)optd(kv, nkv, "batch", (double)o.batch);
		o.lr = optd(kv, nkv, "lr", o.lr);
		o.val_fraction = optd(kv, nkv, "val_fraction", o.val_fraction);
		o.patience = (size_t)optd(kv, nkv, "patience", (double)o.patience);
		o.seed = (uint64_t)optd(kv, nkv, "seed", 0);
		return fair_mlp_fit(X, y, w, &o, NULL, err);
	}
	fair_error_set(err, FAIR_EINVAL, "unknown model '%s'", model);
	return NULL;
}

/* File: first line "n d", then n lines "y w x1 .. xd". */
static int
read_problem(const char *path, gsl_matrix **X, double **y, double **w)
{
	FILE *fp = fopen(path, "r");
	size_t n, d;
	if (fp == NULL || fscanf(fp, "%zu %zu", &n, &d) != 2)
		return -1;
	*X = gsl_matrix_alloc(n, d);
	*y = malloc(n * sizeof **y);
	*w = malloc(n * sizeof **w);
	for (size_t i = 0; i < n; i++) {
		if (fscanf(fp, "%lf %lf", &(*y)[i], &(*w)[i]) != 2)
			return -1;
		for (size_t j = 0; j < d; j++)
			if (fscanf(fp, "%lf", gsl_matrix_ptr(*X, i, j)) != 1)
				return -1;
	}
	fclose(fp);
	return 0;
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void
print_extra(const char *model, const fair_learner *l, const gsl_matrix *X, const double *y,
            const double *w, const struct kv *kv, size_t nkv)
{
	if (strcmp(model, "svm") == 0)
		printf("obj %.17g\n", fair_svm_primal(l, X, y, w, optd(kv, nkv, "C", 1.0)));
	if (strcmp(model, "ksvm") == 0)
		printf("path %d\ndual %.17g\nnsv %zu\n", fair_ksvm_path(l), fair_ksvm_dual_objective(l), fair_ksvm_nsv(l));
	printf("iterations %zu\nconverged %d\n", l->iterations, (int)l->converged);
}

static int
tool_fit(int argc, char **argv)
{
	gsl_matrix *X, *T;
	double *y, *w, *ty, *tw;
	struct kv kv[32];
	size_t nkv = 0;
	fair_error err;
	if (argc < 5 || read_problem(argv[3], &X, &y, &w) || read_problem(argv[4], &T, &ty, &tw)) {
		fprintf(stderr, "usage: model-tool fit MODEL TRAIN TEST [k=v ...]\n");
		return 2;
	}
	for (int a = 5; a < argc && nkv < 32; a++) {
		char *eq = strchr(argv[a], '=');
		if (eq == NULL)
			continue;
		*eq = 0;
		kv[nkv].key = argv[a];
		kv[nkv++].val = eq + 1;
	}
	double t0 = now();
	fair_learner *l = fit_model(argv[2], kv, nkv, X, y, w, &err);
	double t1 = now();
	if (l == NULL) {
		fprintf(stderr, "error: %s\n", err.msg);
		return 1;
	}
	printf("time %.6f\n", t1 - t0);
	if (l->w) {
		printf("coef %.17g", l->b);
		for (size_t j = 0; j < l->d; j++)
			printf(" %.17g", gsl_vector_get(l->w, j));
		printf("\n");
	}
	print_extra(argv[2], l, X, y, w, kv, nkv);
	double *s = malloc(T->size1 * sizeof *s);
	if (fair_learner_predict(l, T, s, &err) != FAIR_OK) {
		fprintf(stderr, "error: %s\n", err.msg);
		return 1;
	}
	for (size_t i = 0; i < T->size1; i++)
		printf("score %.17g\n", s[i]);
	free(s);
	fair_learner_free(l);
	gsl_matrix_free(X); gsl_matrix_free(T);
	free(y); free(w); free(ty); free(tw);
	return 0;
}

/* Adult: features all columns but income/split/sex; train/test by split. */
static int
tool_adult(int argc, char **argv)
{
	const char *path = fair_test_data_path("adult.csv");
	fair_error err;
	struct kv kv[32];
	size_t nkv = 0;
	for (int a = 3; a < argc && nkv < 32; a++) {
		char *eq = strchr(argv[a], '=');
		if (eq == NULL)
			continue;
		*eq = 0;
		kv[nkv].key = argv[a];
		kv[nkv++].val = eq + 1;
	}
	if (path == NULL)
		return fair_test_data_status(0);
	fair_frame *f = fair_csv_read(path, NULL, NULL, &err);
	if (f == NULL) {
		fprintf(stderr, "error: %s\n", err.msg);
		return 1;
	}
	size_t n = fair_frame_nrows(f), nc = fair_frame_ncols(f), *cols = malloc(nc * sizeof *cols), ncols = 0;
	size_t *tr = malloc(n * sizeof *tr), *te = malloc(n * sizeof *te), ntr = 0, nte = 0;
	const fair_column *split = fair_frame_column(f, (size_t)fair_frame_find(f, "split"));
	const fair_column *inc = fair_frame_column(f, (size_t)fair_frame_find(f, "income"));
	long trainlev = fair_column_level_index(split, "train"), poslev = fair_column_level_index(inc, ">50K");
	for (size_t j = 0; j < nc; j++) {
		const char *nm = fair_column_name(fair_frame_column(f, j));
		if (strcmp(nm, "income") && strcmp(nm, "split") && strcmp(nm, "sex"))
			cols[ncols++] = j;
	}
	for (size_t i = 0; i < n; i++) {
		if (fair_column_codes(split)[i] == trainlev)
			tr[ntr++] = i;
		else
			te[nte++] = i;
	}
	double *ytr = malloc(ntr * sizeof *ytr), *yte = malloc(nte * sizeof *yte);
	for (size_t i = 0; i < ntr; i++)
		ytr[i] = fair_column_codes(inc)[tr[i]] == poslev;
	for (size_t i = 0; i < nte; i++)
		yte[i] = fair_column_codes(inc)[te[i]] == poslev;
	double t0 = now();
	fair_pipeline *p = fair_pipeline_fit(f, cols, ncols, tr, ntr, NULL, &err);
	gsl_matrix *Xtr = p ? fair_pipeline_transform(p, f, tr, ntr, &err) : NULL;
	gsl_matrix *Xte = Xtr ? fair_pipeline_transform(p, f, te, nte, &err) : NULL;
	double t1 = now();
	fair_learner *l = Xte ? fit_model(argv[2], kv, nkv, Xtr, ytr, NULL, &err) : NULL;
	double t2 = now();
	if (l == NULL) {
		fprintf(stderr, "error: %s\n", err.msg);
		return 1;
	}
	double *s = malloc(nte * sizeof *s), acc = 0;
	fair_learner_predict(l, Xte, s, &err);
	for (size_t i = 0; i < nte; i++)
		acc += ((s[i] > l->threshold) == (yte[i] > 0.5));
	printf("dim %zu\nntrain %zu\nntest %zu\npipeline_time %.6f\nfit_time %.6f\naccuracy %.6f\n",
	       fair_pipeline_dim(p), ntr, nte, t1 - t0, t2 - t1, acc / (double)nte);
	print_extra(argv[2], l, Xtr, ytr, NULL, kv, nkv);
	if (opt(kv, nkv, "dump", NULL)) {   /* coefficients with feature names */
		for (size_t j = 0; l->w && j < l->d; j++)
			printf("w %s %.17g\n", fair_pipeline_feature_name(p, j), gsl_vector_get(l->w, j));
		if (l->w)
			printf("b %.17g\n", l->b);
	}
	free(s); fair_learner_free(l); gsl_matrix_free(Xtr); gsl_matrix_free(Xte);
	fair_pipeline_free(p); free(ytr); free(yte); free(tr); free(te); free(cols);
	fair_frame_unref(f);
	return 0;
}

int
main(int argc, char **argv)
{
	gsl_set_error_handler_off();
	if (argc > 2 && strcmp(argv[1], "fit") == 0)
		return tool_fit(argc, argv);
	if (argc > 2 && strcmp(argv[1], "adult") == 0)
		return tool_adult(argc, argv);
	fprintf(stderr, "usage: model-tool fit MODEL TRAIN TEST [k=v ...] | adult MODEL [k=v ...]\n");
	return 2;
}
