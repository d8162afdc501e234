/* learner.c -- generic fitted-learner object: allocation and prediction. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>

#include "learn/learn-private.h"
#include "methods/methods-private.h"   /* saving: the learners of the methods (until they are types) */

fair_learner *
fair_learner_new(int kind, int task, size_t d, fair_error *err)
{
	fair_learner *l = calloc(1, sizeof *l);

	if (l == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	l->kind = kind;
	l->task = task;
	l->d = d;
	l->threshold = 0.0;
	return l;
}

void
fair_learner_free(fair_learner *l)
{
	if (l == NULL)
		return;
	if (l->w != NULL)
		gsl_vector_free(l->w);
	if (l->impl != NULL && l->free_impl != NULL)
		l->free_impl(l->impl);
	free(l);
}

int
fair_learner_predict(const fair_learner *l, const gsl_matrix *X, double *score, fair_error *err)
{
	if (X->size2 != l->d)
		return fair_error_set(err, FAIR_EINVAL, "model expects %zu features, got %zu",
		                      l->d, X->size2);
	if (l->predict != NULL)
		return l->predict(l, X, score, err);
	if (l->w == NULL)
		return fair_error_set(err, FAIR_EINVAL, "learner has no weights");
	if (X->size1 == 0)
		return FAIR_OK;
	gsl_vector_view out = gsl_vector_view_array(score, X->size1);
	gsl_vector_set_all(&out.vector, l->b);
	int st = gsl_blas_dgemv(CblasNoTrans, 1.0, X, l->w, 1.0, &out.vector);
	if (st)
		return fair_error_set(err, FAIR_ENUMERIC, "prediction: %s", "blas failure");
	if (l->score_is_prob)
		for (size_t i = 0; i < X->size1; i++)
			score[i] = 1.0 / (1.0 + exp(-score[i]));
	return FAIR_OK;
}

/* ---- saving -------------------------------------------------------------- */

static const char *const learner_kind_names[] = {
	"logreg", "ridge", "svm_linear", "svm_kernel", "mlp", "kferm",
};

static int
nomem(fair_error *err)
{
	return fair_error_set(err, FAIR_ENOMEM, "out of memory");
}

int
fair_learner_export(const fair_learner *l, fair_param *out, fair_error *err)
{
	int st = FAIR_OK;

	const char *kname;

	if (l->kind == FAIR_LEARNER_OTHER && fair_expgrad_is(l))
		kname = "expgrad";
	else if (l->kind == FAIR_LEARNER_OTHER && fair_rep_learner_rep(l) != NULL)
		kname = "fairrep";
	else if (l->kind < 0 || l->kind >= FAIR_LEARNER_OTHER)
		return fair_error_set(err, FAIR_EINVAL, "this kind of learner cannot be saved");
	else
		kname = learner_kind_names[l->kind];
	fair_param_add_str(out, "kind", kname);
	fair_param_add_str(out, "task", l->task == FAIR_TASK_REGRESSION ? "regression" : "classification");
	fair_param_add_bool(out, "score_is_prob", l->score_is_prob);
	fair_param_add_num(out, "threshold", l->threshold);
	fair_param_add_int(out, "d", (int64_t)l->d);
	if (l->w)
		fair_param_add_gvector(out, "w", l->w);
	fair_param_add_num(out, "b", l->b);
	fair_param_add_int(out, "iterations", (int64_t)l->iterations);
	fair_param_add_bool(out, "converged", l->converged);
	if (l->kind == FAIR_LEARNER_SVM_KERNEL)
		st = fair_ksvm_export_impl(l, fair_param_add_object(out, "impl"), err);
	else if (l->kind == FAIR_LEARNER_MLP)
		st = fair_mlp_export_impl(l, fair_param_add_object(out, "impl"), err);
	else if (l->kind == FAIR_LEARNER_KFERM)
		st = fair_kferm_export_impl(l, fair_param_add_object(out, "impl"), err);
	else if (fair_expgrad_is(l))
		st = fair_expgrad_export_impl(l, fair_param_add_object(out, "impl"), err);
	else if (fair_rep_learner_rep(l) != NULL)
		st = fair_rep_learner_export_impl(l, fair_param_add_object(out, "impl"), err);
	if (st == FAIR_OK && fair_param_failed(out))
		st = nomem(err);
	return st;
}

fair_learner *
fair_learner_import(const fair_param *in, fair_error *err)
{
	const char *kind = fair_param_str(in, "kind", err), *task;
	fair_learner *l = NULL;
	int k = -1;
	size_t d = 0, iters = 0;
	bool prob = false, conv = false;
	double thr = 0, b = 0;

	if (kind == NULL || (task = fair_param_str(in, "task", err)) == NULL)
		return NULL;
	for (int i = 0; i < FAIR_LEARNER_OTHER; i++)
		if (!strcmp(kind, learner_kind_names[i]))
			k = i;
	if (!strcmp(kind, "expgrad") || !strcmp(kind, "fairrep"))
		k = FAIR_LEARNER_OTHER;
	if (k < 0) {
		fair_error_set(err, FAIR_EPARSE, "saved data: unknown learner kind '%s'", kind);
		return NULL;
	}
	if (fair_param_size(in, "d", &d, err) || fair_param_bool(in, "score_is_prob", &prob, err) ||
	    fair_param_num(in, "threshold", &thr, err) || fair_param_num(in, "b", &b, err) ||
	    fair_param_size(in, "iterations", &iters, err) || fair_param_bool(in, "converged", &conv, err))
		return NULL;
	l = fair_learner_new(k, strcmp(task, "regression") ? FAIR_TASK_CLASSIFICATION : FAIR_TASK_REGRESSION, d, err);
	if (l == NULL)
		return NULL;
	l->score_is_prob = prob;
	l->threshold = thr;
	l->b = b;
	l->iterations = iters;
	l->converged = conv;
	if (fair_param_get(in, "w")) {
		if ((l->w = fair_param_gvector(in, "w", err)) == NULL)
			goto fail;
		if (l->w->size != d && k != FAIR_LEARNER_SVM_KERNEL && k != FAIR_LEARNER_KFERM) {
			fair_error_set(err, FAIR_EPARSE, "saved data: learner has %zu weights for %zu features", l->w->size, d);
			goto fail;
		}
	} else if (k == FAIR_LEARNER_LOGREG || k == FAIR_LEARNER_RIDGE || k == FAIR_LEARNER_SVM_LINEAR) {
		fair_error_set(err, FAIR_EPARSE, "saved data: field 'w' of '%s' is missing", in->name ? in->name : "learner");
		goto fail;
	}
	if (k == FAIR_LEARNER_SVM_KERNEL || k == FAIR_LEARNER_MLP || k == FAIR_LEARNER_KFERM || k == FAIR_LEARNER_OTHER) {
		const fair_param *im = fair_param_object(in, "impl", err);
		int st;
		if (im == NULL)
			goto fail;
		st = k == FAIR_LEARNER_SVM_KERNEL ? fair_ksvm_import_impl(l, im, err)
		   : k == FAIR_LEARNER_MLP ? fair_mlp_import_impl(l, im, err)
		   : k == FAIR_LEARNER_KFERM ? fair_kferm_import_impl(l, im, err)
		   : !strcmp(kind, "expgrad") ? fair_expgrad_import_impl(l, im, err)
		   : fair_rep_learner_import_impl(l, im, err);
		if (st)
			goto fail;
	}
	return l;
fail:
	fair_learner_free(l);
	return NULL;
}
