/* fairrep-learner.c -- fair representations as learners: a fitted fairrep (its
 * encoder and task heads, methods-private.h) wrapped in the fair_learner interface so
 * that the model layer scores it like any learner (head 0), and encodes rows
 * for models trained on the representation (transfer). */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "methods/methods-private.h"
#include "fairsh/param.h"

struct rep_impl {
	fair_fairrep *rep;
	size_t        task;
};

static void
rep_free(void *p)
{
	struct rep_impl *ri = p;

	fair_fairrep_free(ri->rep);
	free(ri);
}

static int
rep_predict(const fair_learner *l, const gsl_matrix *X, double *score, fair_error *err)
{
	const struct rep_impl *ri = l->impl;

	return fair_fairrep_predict(ri->rep, ri->task, X, score, err);
}

fair_learner *
fair_rep_learner_new(fair_fairrep *rep, size_t task, int kind_task, size_t d, fair_error *err)
{
	fair_learner *l = fair_learner_new(FAIR_LEARNER_OTHER, kind_task, d, err);
	struct rep_impl *ri = calloc(1, sizeof *ri);

	if (l == NULL || ri == NULL) {
		free(ri);
		fair_learner_free(l);
		fair_fairrep_free(rep);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	ri->rep = rep;
	ri->task = task;
	l->impl = ri;
	l->free_impl = rep_free;
	l->predict = rep_predict;
	l->score_is_prob = kind_task == FAIR_TASK_CLASSIFICATION;
	l->threshold = kind_task == FAIR_TASK_CLASSIFICATION ? 0.5 : 0.0;
	return l;
}

const fair_fairrep *
fair_rep_learner_rep(const fair_learner *l)
{
	if (l == NULL || l->predict != rep_predict)
		return NULL;
	return ((const struct rep_impl *)l->impl)->rep;
}

/* ---- saving (issue 10; fairsh/param.h) ------------------------------------------ */

int
fair_rep_learner_export_impl(const fair_learner *l, fair_param *out, fair_error *err)
{
	const struct rep_impl *ri = l->impl;

	if (fair_rep_learner_rep(l) == NULL)
		return fair_error_set(err, FAIR_EINVAL, "not a fair representation learner");
	fair_param_add_int(out, "head", (int64_t)ri->task);
	return fair_fairrep_export(ri->rep, fair_param_add_object(out, "rep"), err);
}

int
fair_rep_learner_import_impl(fair_learner *l, const fair_param *in, fair_error *err)
{
	const fair_param *rp = fair_param_object(in, "rep", err);
	struct rep_impl *ri;
	fair_fairrep_summary sum;
	size_t task;

	if (rp == NULL || fair_param_size(in, "head", &task, err))
		return FAIR_EPARSE;
	if ((ri = calloc(1, sizeof *ri)) == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if ((ri->rep = fair_fairrep_import(rp, err)) == NULL) {
		free(ri);
		return err ? err->code : FAIR_EPARSE;
	}
	ri->task = task;
	fair_fairrep_summary_get(ri->rep, &sum);
	if (task >= sum.tasks || sum.d != l->d) {
		rep_free(ri);
		return fair_error_set(err, FAIR_EPARSE, "saved data: fair representation learner (head %zu, %zu features) "
		                      "does not fit its representation (%zu tasks, %zu features)", task, l->d, sum.tasks, sum.d);
	}
	l->impl = ri;
	l->free_impl = rep_free;
	l->predict = rep_predict;
	return FAIR_OK;
}
