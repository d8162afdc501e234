/* test-xgboost.c -- the XGBoost learners (learn/xgboost.c) on problems small
 * enough to work out by hand: one tree's leaf values and split gain for
 * squared and logistic loss, a forest without sampling equal to one tree;
 * the validation rows, early stopping's bookkeeping, cancellation (before
 * the first round and from another thread between rounds), XGBoost's errors
 * as fairsh messages, inputs beyond single precision, saving (the same
 * scores after loading; a changed booster refused). Agreement with Python's
 * xgboost on real data is xgb-ref.py's. Without XGBoost only the refusal
 * is checked. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/param.h"
#include "learn/learn-private.h"

static const fair_learner_type *const xgb_types[] = { &fair_xgboost_type, &fair_forest_type, NULL };

/* x = 0, 0, 1, 1 (one feature) */
static gsl_matrix *
four_rows(void)
{
	gsl_matrix *X = gsl_matrix_alloc(4, 1);
	for (size_t i = 0; i < 4; i++)
		gsl_matrix_set(X, i, 0, i < 2 ? 0.0 : 1.0);
	return X;
}

static void
one_tree_opts(fair_xgb_opts *o, int task)
{
	fair_xgb_opts_init(o, false);
	o->task = task;
	o->rounds = 1;
	o->eta = 1;
	o->max_depth = 1;
	o->min_child_weight = 0;
	o->lambda = 1;
	o->threads = 1;
}

/* Squared loss, base score 0.5, y = 1, 1, 3, 3: gradients 0.5 - y =
 * -0.5, -0.5, -2.5, -2.5, Hessians 1. Leaves w = -G / (H + lambda):
 * left 1 / 3, right 5 / 3, so the predictions are 0.5 + 1/3 = 0.8333 and
 * 0.5 + 5/3 = 2.1667. Split gain G_L^2/(H_L+l) + G_R^2/(H_R+l) - G^2/(H+l)
 * = 1/3 + 25/3 - 36/5 = 22/15. */
static void
test_hand_regression(void)
{
	gsl_matrix *X = four_rows();
	double y[4] = { 1, 1, 3, 3 }, s[4], gain[1], total[1];
	fair_xgb_opts o;
	fair_xgb_info info;
	fair_error err;
	fair_learner *l;

	one_tree_opts(&o, FAIR_TASK_REGRESSION);
	l = fair_xgb_fit(X, y, NULL, &o, &info, NULL, &err);
	gsl_test(l == NULL, "regression tree: fit (%s)", l ? "" : err.msg);
	if (l == NULL)
		goto out;
	fair_learner_predict(l, X, s, &err);
	gsl_test_abs(s[0], 0.5 + 1.0 / 3, 1e-6, "regression tree: left leaf 0.5 + 1/3");
	gsl_test_abs(s[3], 0.5 + 5.0 / 3, 1e-6, "regression tree: right leaf 0.5 + 5/3");
	gsl_test(l->score_is_prob || l->threshold != 0 || l->iterations != 1, "regression tree: learner fields");
	l->type->importance(l, gain, total, &err);
	gsl_test_rel(gain[0], 22.0 / 15, 1e-6, "regression tree: gain 22/15");
	gsl_test_rel(total[0], 22.0 / 15, 1e-6, "regression tree: total gain = gain (one split)");
	/* training RMSE of those predictions: sqrt(mean (1/6)^2 + (5/6)^2) */
	gsl_test_rel(info.train_loss, sqrt((1.0 / 36 + 25.0 / 36) / 2), 1e-5, "regression tree: train rmse %g",
	             info.train_loss);
	gsl_test(strcmp(info.metric, "rmse") || info.rounds != 1 || info.kept != 1 || info.nvalid != 0,
	         "regression tree: info");
	fair_learner_free(l);
	/* lambda 0 fits the two means exactly */
	o.lambda = 0;
	l = fair_xgb_fit(X, y, NULL, &o, NULL, NULL, &err);
	fair_learner_predict(l, X, s, &err);
	gsl_test_abs(s[1], 1, 1e-6, "regression tree, lambda 0: left mean 1");
	gsl_test_abs(s[2], 3, 1e-6, "regression tree, lambda 0: right mean 3");
	fair_learner_free(l);
out:
	gsl_matrix_free(X);
}

/* Logistic loss, y = 0, 0, 1, 1, base margin 0: gradients p - y = 0.5,
 * 0.5, -0.5, -0.5, Hessians p (1 - p) = 0.25. Leaves -G / (H + 1):
 * -1 / 1.5 = -2/3 and +2/3, so p = sigmoid(-+2/3). */
static void
test_hand_logistic(void)
{
	gsl_matrix *X = four_rows();
	double y[4] = { 0, 0, 1, 1 }, s[4], w[4] = { 1, 1, 1, 1 };
	fair_xgb_opts o;
	fair_error err;
	fair_learner *l;

	one_tree_opts(&o, FAIR_TASK_CLASSIFICATION);
	l = fair_xgb_fit(X, y, NULL, &o, NULL, NULL, &err);
	gsl_test(l == NULL, "logistic tree: fit (%s)", l ? "" : err.msg);
	if (l == NULL)
		goto out;
	fair_learner_predict(l, X, s, &err);
	gsl_test_abs(s[0], 1 / (1 + exp(2.0 / 3)), 1e-6, "logistic tree: p = sigmoid(-2/3)");
	gsl_test_abs(s[3], 1 / (1 + exp(-2.0 / 3)), 1e-6, "logistic tree: p = sigmoid(2/3)");
	gsl_test(!l->score_is_prob || l->threshold != 0.5, "logistic tree: probabilities, threshold 0.5");
	fair_learner_free(l);
	/* weights 2 on the positives double their gradient and Hessian:
	 * G = 2 (2 (0.5 - 1)) = -2, H = 2 (2 0.25) = 1, right leaf
	 * -G / (H + 1) = 1; scale_pos_weight 2 does the same */
	w[2] = w[3] = 2;
	l = fair_xgb_fit(X, y, w, &o, NULL, NULL, &err);
	fair_learner_predict(l, X, s, &err);
	gsl_test_abs(s[3], 1 / (1 + exp(-1.0)), 1e-6, "logistic tree, weight 2: p = sigmoid(1)");
	fair_learner_free(l);
	o.scale_pos_weight = 2;
	l = fair_xgb_fit(X, y, NULL, &o, NULL, NULL, &err);
	fair_learner_predict(l, X, s, &err);
	gsl_test_abs(s[3], 1 / (1 + exp(-1.0)), 1e-6, "logistic tree, scale_pos_weight 2: p = sigmoid(1)");
	gsl_test_abs(s[0], 1 / (1 + exp(2.0 / 3)), 1e-6, "logistic tree, scale_pos_weight 2: negatives unchanged");
	fair_learner_free(l);
	/* the forest applies the same weighting to its gradient */
	o.forest = true;
	o.trees = 2;
	o.subsample = o.colsample_bynode = 1;
	l = fair_xgb_fit(X, y, NULL, &o, NULL, NULL, &err);
	fair_learner_predict(l, X, s, &err);
	gsl_test_abs(s[3], 1 / (1 + exp(-1.0)), 1e-6, "forest, scale_pos_weight 2: p = sigmoid(1)");
	fair_learner_free(l);
out:
	gsl_matrix_free(X);
}

/* Without row or column sampling every tree of a forest is the same tree,
 * each weighing eta / trees: the forest predicts as one tree. On a random
 * problem, both tasks. */
static void
test_forest_one_tree(void)
{
	size_t n = 300, d = 4;
	gsl_matrix *X = gsl_matrix_alloc(n, d);
	double *y = malloc(n * sizeof *y), *yc = malloc(n * sizeof *yc), *a = malloc(n * sizeof *a),
	       *b = malloc(n * sizeof *b), worst = 0;
	unsigned long r = 12345;
	fair_error err;

	for (size_t i = 0; i < n; i++) {
		double s = 0;
		for (size_t j = 0; j < d; j++) {
			r = r * 6364136223846793005UL + 1442695040888963407UL;
			double u = (double)(r >> 11) / 9007199254740992.0;
			gsl_matrix_set(X, i, j, u);
			s += (double)(j + 1) * u;
		}
		y[i] = s;
		yc[i] = s > 2.5;
	}
	for (int task = 0; task < 2; task++) {
		fair_xgb_opts o;
		fair_learner *t, *f;
		fair_xgb_opts_init(&o, false);
		o.task = task ? FAIR_TASK_REGRESSION : FAIR_TASK_CLASSIFICATION;
		o.rounds = 1;
		o.eta = 1;
		o.threads = 1;
		t = fair_xgb_fit(X, task ? y : yc, NULL, &o, NULL, NULL, &err);
		fair_xgb_opts_init(&o, true);
		o.task = task ? FAIR_TASK_REGRESSION : FAIR_TASK_CLASSIFICATION;
		o.trees = 7;
		o.subsample = o.colsample_bynode = 1;
		o.lambda = 1;
		o.threads = 1;
		f = fair_xgb_fit(X, task ? y : yc, NULL, &o, NULL, NULL, &err);
		gsl_test(t == NULL || f == NULL, "forest = tree (%s): fit", task ? "regression" : "classification");
		if (t == NULL || f == NULL) {
			fair_learner_free(t);
			fair_learner_free(f);
			continue;
		}
		gsl_test(f->type != &fair_forest_type || f->iterations != 7, "forest: type and trees");
		fair_learner_predict(t, X, a, &err);
		fair_learner_predict(f, X, b, &err);
		worst = 0;
		for (size_t i = 0; i < n; i++)
			worst = fmax(worst, fabs(a[i] - b[i]));
		/* seven single-precision leaf values of 1/7 the size, summed */
		gsl_test(worst > 1e-5, "forest without sampling = one tree (%s): max |diff| %g",
		         task ? "regression" : "classification", worst);
		fair_learner_free(t);
		fair_learner_free(f);
	}
	gsl_matrix_free(X);
	free(y);
	free(yc);
	free(a);
	free(b);
}

/* round(frac n) validation rows, the same for the same seed, others for
 * another; 0 rows for frac 0; an error when none would be left to train. */
static void
test_valid_rows(void)
{
	unsigned char v[1000], v2[1000];
	size_t c = 0, same = 0;
	fair_error err;

	gsl_test(fair_xgb_valid_rows(1000, 0.1, 7, v, &err) != FAIR_OK, "valid rows: 10%% of 1000");
	for (size_t i = 0; i < 1000; i++)
		c += v[i];
	gsl_test(c != 100, "valid rows: 100 of 1000 (%zu)", c);
	fair_xgb_valid_rows(1000, 0.1, 7, v2, &err);
	gsl_test(memcmp(v, v2, sizeof v) != 0, "valid rows: deterministic");
	fair_xgb_valid_rows(1000, 0.1, 8, v2, &err);
	for (size_t i = 0; i < 1000; i++)
		same += v[i] && v2[i];
	/* two independent 10% draws share about 10 rows */
	gsl_test(same > 40, "valid rows: another seed draws other rows (%zu shared)", same);
	fair_xgb_valid_rows(10, 0.25, 1, v, &err);
	c = 0;
	for (size_t i = 0; i < 10; i++)
		c += v[i];
	gsl_test(c != 3, "valid rows: round(2.5) = 3 of 10 (%zu)", c);
	fair_xgb_valid_rows(10, 0.0, 1, v, &err);
	c = 0;
	for (size_t i = 0; i < 10; i++)
		c += v[i];
	gsl_test(c != 0, "valid rows: none for frac 0");
	gsl_test(fair_xgb_valid_rows(1, 0.5, 1, v, &err) != FAIR_EINVAL, "valid rows: 1 row cannot be split");
}

/* a noisy problem on which early stopping stops */
static void
noisy(size_t n, gsl_matrix **Xo, double **yo)
{
	gsl_matrix *X = gsl_matrix_alloc(n, 3);
	double *y = malloc(n * sizeof *y);
	unsigned long r = 99;

	for (size_t i = 0; i < n; i++) {
		double u[4];
		for (int k = 0; k < 4; k++) {
			r = r * 6364136223846793005UL + 1442695040888963407UL;
			u[k] = (double)(r >> 11) / 9007199254740992.0;
		}
		gsl_matrix_set(X, i, 0, u[0]);
		gsl_matrix_set(X, i, 1, u[1]);
		gsl_matrix_set(X, i, 2, u[2]);
		y[i] = u[0] + 0.3 * u[1] > 0.65 + 0.4 * (u[3] - 0.5);
	}
	*Xo = X;
	*yo = y;
}

static void
test_early_stopping(void)
{
	gsl_matrix *X;
	double *y;
	fair_xgb_opts o;
	fair_xgb_info info;
	fair_error err;
	fair_progress prog;
	fair_learner *l;

	noisy(2000, &X, &y);
	fair_xgb_opts_init(&o, false);
	o.rounds = 500;
	o.max_depth = 6;
	o.early_stopping = 5;
	o.threads = 1;
	o.seed = 3;
	fair_progress_init(&prog);
	l = fair_xgb_fit(X, y, NULL, &o, &info, &prog, &err);
	gsl_test(l == NULL, "early stopping: fit (%s)", l ? "" : err.msg);
	if (l != NULL) {
		gsl_test(info.nvalid != 200, "early stopping: 10%% of the rows held out (%zu)", info.nvalid);
		gsl_test(info.rounds >= 500 || info.rounds != info.kept + 5,
		         "early stopping: stopped 5 rounds after the best (%zu run, %zu kept)", info.rounds, info.kept);
		gsl_test(l->iterations != info.kept, "early stopping: the learner has the rounds kept");
		gsl_test(!(info.valid_loss > 0 && info.valid_loss < 0.7 && info.train_loss < info.valid_loss),
		         "early stopping: losses %g (train) < %g (valid) < log 2", info.train_loss, info.valid_loss);
		gsl_test(atomic_load(&prog.iter) != info.rounds || atomic_load(&prog.iter_max) != 500,
		         "early stopping: progress %zu of %zu", atomic_load(&prog.iter), atomic_load(&prog.iter_max));
		gsl_test(atomic_load(&prog.loss_name) == NULL || strcmp(atomic_load(&prog.loss_name), "train logloss") ||
		         atomic_load(&prog.aux_name) == NULL || strcmp(atomic_load(&prog.aux_name), "valid logloss"),
		         "early stopping: the progress figures are named");
	}
	fair_learner_free(l);
	gsl_matrix_free(X);
	free(y);
}

struct canceller {
	fair_progress *prog;
	size_t after;
};

static void *
cancel_after(void *p)
{
	struct canceller *c = p;
	struct timespec ts = { 0, 1000000 };

	for (int k = 0; k < 20000 && atomic_load(&c->prog->iter) < c->after; k++)
		nanosleep(&ts, NULL);
	atomic_store(&c->prog->cancel, true);
	return NULL;
}

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
test_cancel(void)
{
	gsl_matrix *X;
	double *y, t0;
	fair_xgb_opts o;
	fair_error err;
	fair_progress prog;
	pthread_t th;
	struct canceller c;

	noisy(3000, &X, &y);
	for (int forest = 0; forest < 2; forest++) {
		fair_xgb_opts_init(&o, forest);
		o.rounds = o.trees = 1000000;
		o.threads = 1;
		/* cancelled before the first round */
		fair_progress_init(&prog);
		atomic_store(&prog.cancel, true);
		gsl_test(fair_xgb_fit(X, y, NULL, &o, NULL, &prog, &err) != NULL || err.code != FAIR_ECANCELED,
		         "%s: cancelled before the first round", forest ? "forest" : "xgboost");
		/* from another thread, after a few rounds */
		fair_progress_init(&prog);
		c.prog = &prog;
		c.after = 3;
		pthread_create(&th, NULL, cancel_after, &c);
		t0 = now_s();
		gsl_test(fair_xgb_fit(X, y, NULL, &o, NULL, &prog, &err) != NULL || err.code != FAIR_ECANCELED,
		         "%s: cancelled between rounds", forest ? "forest" : "xgboost");
		pthread_join(th, NULL);
		gsl_test(atomic_load(&prog.iter) < 3, "%s: cancelled after round %zu", forest ? "forest" : "xgboost",
		         atomic_load(&prog.iter));
		gsl_test(strstr(err.msg, "cancelled") == NULL, "%s: message '%s'", forest ? "forest" : "xgboost", err.msg);
		gsl_test(now_s() - t0 > 20, "%s: stopped within the test's patience (%.1f s)", forest ? "forest" : "xgboost",
		         now_s() - t0);
	}
	gsl_matrix_free(X);
	free(y);
}

/* XGBoost's own check (max_bin >= 2, which the option table also
 * enforces) comes back as one line without its time stamp, source
 * location or stack trace; inputs beyond single precision are refused. */
static void
test_errors(void)
{
	gsl_matrix *X = four_rows();
	double y[4] = { 0, 0, 1, 1 };
	fair_xgb_opts o;
	fair_error err;

	one_tree_opts(&o, FAIR_TASK_CLASSIFICATION);
	o.max_bin = 1;
	gsl_test(fair_xgb_fit(X, y, NULL, &o, NULL, NULL, &err) != NULL || err.code != FAIR_EINVAL,
	         "max_bin 1: XGBoost refuses");
	gsl_test(strncmp(err.msg, "xgboost: XGBoost: ", 18) || strchr(err.msg, '\n') || strstr(err.msg, ".cc:") ||
	         err.msg[18] == '[', "XGBoost's error as one line: '%s'", err.msg);
	one_tree_opts(&o, FAIR_TASK_CLASSIFICATION);
	gsl_matrix_set(X, 2, 0, 1e39);
	gsl_test(fair_xgb_fit(X, y, NULL, &o, NULL, NULL, &err) != NULL ||
	         strstr(err.msg, "feature 1 in row 3 (1e+39) is beyond single precision") == NULL,
	         "a feature beyond single precision: '%s'", err.msg);
	gsl_matrix_set(X, 2, 0, 1);
	o.task = FAIR_TASK_REGRESSION;
	o.metric = FAIR_XGB_AUC;
	gsl_test(fair_xgb_fit(X, y, NULL, &o, NULL, NULL, &err) != NULL ||
	         strcmp(err.msg, "xgboost: metric=auc is for binary targets; use rmse or mae"), "auc on regression: '%s'",
	         err.msg);
	o.metric = FAIR_XGB_METRIC_AUTO;
	y[1] = NAN;
	gsl_test(fair_xgb_fit(X, y, NULL, &o, NULL, NULL, &err) != NULL || err.code != FAIR_EINVAL,
	         "a missing target is refused");
	gsl_matrix_free(X);
}

/* saved and loaded: the same scores bit for bit; a changed booster, a
 * wrong feature count are refused */
static void
test_save(void)
{
	gsl_matrix *X;
	double *y, *a, *b;
	size_t n = 500;
	fair_error err;

	noisy(n, &X, &y);
	a = malloc(n * sizeof *a);
	b = malloc(n * sizeof *b);
	for (int forest = 0; forest < 2; forest++) {
		fair_xgb_opts o;
		fair_learner *l, *r;
		fair_param *p = fair_param_new(FAIR_PARAM_OBJECT, NULL), *imp;
		fair_xgb_opts_init(&o, forest);
		o.rounds = 15;
		o.trees = 15;
		o.threads = 1;
		l = fair_xgb_fit(X, y, NULL, &o, NULL, NULL, &err);
		gsl_test(fair_learner_export(l, p, &err) != FAIR_OK, "%s: export", forest ? "forest" : "xgboost");
		r = fair_learner_import_as(p, xgb_types, &err);
		gsl_test(r == NULL, "%s: import (%s)", forest ? "forest" : "xgboost", r ? "" : err.msg);
		if (r != NULL) {
			fair_learner_predict(l, X, a, &err);
			fair_learner_predict(r, X, b, &err);
			gsl_test(memcmp(a, b, n * sizeof *a) != 0 || r->type != l->type,
			         "%s: the same scores after loading", forest ? "forest" : "xgboost");
		}
		fair_learner_free(r);
		/* one changed character of the booster */
		imp = (fair_param *)fair_param_get(p, "impl");
		for (size_t k = 0; imp && k < imp->nkids; k++)
			if (!strcmp(imp->kids[k]->name, "booster")) {
				char *s = imp->kids[k]->str, *q = strstr(s, "\"base_weights\":[");
				if (q != NULL)
					q[16] = q[16] == '1' ? '2' : '1';
			}
		r = fair_learner_import_as(p, xgb_types, &err);
		gsl_test(r != NULL || err.code != FAIR_EPARSE || strstr(err.msg, "does not match its checksum") == NULL,
		         "%s: a changed booster is refused (%s)", forest ? "forest" : "xgboost", r ? "" : err.msg);
		fair_learner_free(r);
		fair_learner_free(l);
		fair_param_free(p);
	}
	gsl_matrix_free(X);
	free(y);
	free(a);
	free(b);
}

int
main(void)
{
	gsl_set_error_handler_off();
	if (!fair_xgb_available()) {
		gsl_matrix *X = four_rows();
		double y[4] = { 0, 0, 1, 1 };
		fair_error err;
		gsl_test(fair_xgb_fit(X, y, NULL, NULL, NULL, NULL, &err) != NULL ||
		         strstr(err.msg, "install the Debian package libxgboost-dev") == NULL,
		         "without XGBoost: the message says how to get it");
		gsl_test(fair_xgboost_type.unavailable == NULL, "without XGBoost: the type says so");
		gsl_matrix_free(X);
		return gsl_test_summary();
	}
	test_hand_regression();
	test_hand_logistic();
	test_forest_one_tree();
	test_valid_rows();
	test_early_stopping();
	test_cancel();
	test_errors();
	test_save();
	return gsl_test_summary();
}
