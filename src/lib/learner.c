/* learner.c -- generic fitted-learner object: allocation and prediction. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>

#include "fairsh/learner.h"

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
