/* learner.c -- the fitted-learner object every learner type shares:
 * allocation, scoring (the linear score for linear types), freeing, and
 * saving: the common fields here, each type's own state through its
 * save/load (see the type-object notes in learn-private.h). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>

#include "learn/learn-private.h"

fair_learner *
fair_learner_new(const fair_learner_type *t, int task, size_t d, fair_error *err)
{
	fair_learner *l = calloc(1, sizeof *l);

	if (l == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	l->type = t;
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
	if (l->impl != NULL && l->type->free != NULL)
		l->type->free(l->impl);
	free(l);
}

int
fair_learner_predict(const fair_learner *l, const gsl_matrix *X, double *score, fair_error *err)
{
	if (X->size2 != l->d)
		return fair_error_set(err, FAIR_EINVAL, "model expects %zu features, got %zu",
		                      l->d, X->size2);
	if (l->type->score != NULL)
		return l->type->score(l, X, score, err);
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

void
fair_fit_note(fair_fit_data *data, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	if (data->note == NULL || data->note_size == 0)
		return;
	/* after what the chain noted before the learner ("reweighing: ...") */
	len = strnlen(data->note, data->note_size);
	if (len > 0 && len + 2 < data->note_size) {
		memcpy(data->note + len, "; ", 3);
		len += 2;
	} else if (len > 0) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(data->note + len, data->note_size - len, fmt, ap);
	va_end(ap);
}

/* ---- saving -------------------------------------------------------------- */

int
fair_learner_export(const fair_learner *l, fair_param *out, fair_error *err)
{
	int st = FAIR_OK;

	if (l->type->kind == NULL)
		return fair_error_set(err, FAIR_EINVAL, "this kind of learner cannot be saved");
	fair_param_add_str(out, "kind", l->type->kind);
	fair_param_add_str(out, "task", l->task == FAIR_TASK_REGRESSION ? "regression" : "classification");
	fair_param_add_bool(out, "score_is_prob", l->score_is_prob);
	fair_param_add_num(out, "threshold", l->threshold);
	fair_param_add_int(out, "d", (int64_t)l->d);
	if (l->w)
		fair_param_add_gvector(out, "w", l->w);
	fair_param_add_num(out, "b", l->b);
	fair_param_add_int(out, "iterations", (int64_t)l->iterations);
	fair_param_add_bool(out, "converged", l->converged);
	if (l->type->save != NULL)
		st = l->type->save(l, fair_param_add_object(out, "impl"), err);
	if (st == FAIR_OK && fair_param_failed(out))
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
	return st;
}

fair_learner *
fair_learner_import_as(const fair_param *in, const fair_learner_type *const *types, fair_error *err)
{
	const char *kind = fair_param_str(in, "kind", err), *task;
	const fair_learner_type *t = NULL;
	fair_learner *l = NULL;
	size_t d = 0, iters = 0;
	bool prob = false, conv = false;
	double thr = 0, b = 0;

	if (kind == NULL || (task = fair_param_str(in, "task", err)) == NULL)
		return NULL;
	for (size_t i = 0; types[i] != NULL && t == NULL; i++)
		if (types[i]->kind != NULL && !strcmp(kind, types[i]->kind))
			t = types[i];
	if (t == NULL) {
		fair_error_set(err, FAIR_EPARSE, "saved data: unknown learner kind '%s'", kind);
		return NULL;
	}
	if (t->unavailable != NULL) {
		fair_error_set(err, FAIR_EINVAL, "saved data: a '%s' learner: %s", kind, t->unavailable);
		return NULL;
	}
	if (fair_param_size(in, "d", &d, err) || fair_param_bool(in, "score_is_prob", &prob, err) ||
	    fair_param_num(in, "threshold", &thr, err) || fair_param_num(in, "b", &b, err) ||
	    fair_param_size(in, "iterations", &iters, err) || fair_param_bool(in, "converged", &conv, err))
		return NULL;
	l = fair_learner_new(t, strcmp(task, "regression") ? FAIR_TASK_CLASSIFICATION : FAIR_TASK_REGRESSION, d, err);
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
		if (l->w->size != d && t->score == NULL) {
			fair_error_set(err, FAIR_EPARSE, "saved data: learner has %zu weights for %zu features", l->w->size, d);
			goto fail;
		}
	} else if (t->score == NULL) {
		fair_error_set(err, FAIR_EPARSE, "saved data: field 'w' of '%s' is missing", in->name ? in->name : "learner");
		goto fail;
	}
	if (t->load_in != NULL) {
		const fair_param *im = fair_param_object(in, "impl", err);
		if (im == NULL || t->load_in(l, im, types, err))
			goto fail;
	} else if (t->load != NULL) {
		const fair_param *im = fair_param_object(in, "impl", err);
		if (im == NULL || t->load(l, im, err))
			goto fail;
	}
	return l;
fail:
	fair_learner_free(l);
	return NULL;
}
