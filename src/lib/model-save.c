/* model-save.c -- models to and from the neutral parameter tree of
 * persist.h (issue 10). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "model-impl.h"

/* ---- saving (issue 10; persist.h) -------------------------------------------
 * The tree holds what scoring needs: pipeline, FERM transform and learner;
 * the base model (recursively), the column, dial, seed, labels and tables of
 * a Wasserstein correction; the base and thresholds of a threshold model.
 * The training snapshot is not saved (a restored model cannot be retrained). */

static const char *const model_kind_names[] = { "trained", "wasserstein", "thresholds" };

int
fair_model_export(const fair_model *m, fair_param *out, fair_error *err)
{
	if (m->rep != NULL || (m->learner != NULL && fair_rep_learner_rep(m->learner) != NULL))
		return fair_error_set(err, FAIR_EINVAL, "model '%s' uses a fair representation, which cannot be saved yet", m->name);
	int st = FAIR_OK;

	if (m->kind == FAIR_MODEL_THRESHOLD_OPT || m->direpair || (m->learner && fair_expgrad_is(m->learner)) ||
	    (m->base && m->kind != FAIR_MODEL_TRAINED && fair_model_randomised(m->base)))
		return fair_error_set(err, FAIR_EINVAL, "model '%s' (%s) cannot be saved yet", m->name, fair_model_desc(m));

	/* any kind added later has state this exporter does not know: refuse, never drop it */
	if (m->kind < FAIR_MODEL_TRAINED || m->kind > FAIR_MODEL_THRESHOLDS ||
	    (m->kind == FAIR_MODEL_TRAINED && (m->learner == NULL || m->learner->kind >= FAIR_LEARNER_OTHER)))
		return fair_error_set(err, FAIR_EINVAL, "model '%s' (%s) cannot be saved yet", m->name, fair_model_desc(m));
	fair_param_add_str(out, "name", m->name);
	fair_param_add_str(out, "kind", model_kind_names[m->kind]);
	fair_param_add_str(out, "desc", fair_model_desc(m));
	fair_param_add_str(out, "task", m->task == FAIR_TASK_REGRESSION ? "regression" : "classification");
	if (m->target_col)
		fair_param_add_str(out, "target", m->target_col);
	if (m->kind == FAIR_MODEL_TRAINED) {
		if ((st = fair_pipeline_export(m->pipe, fair_param_add_object(out, "pipeline"), err)))
			return st;
		if (m->ferm && (st = fair_ferm_export(m->ferm, fair_param_add_object(out, "ferm"), err)))
			return st;
		if ((st = fair_learner_export(m->learner, fair_param_add_object(out, "learner"), err)))
			return st;
	} else {
		fair_param *lab = fair_param_add_list(out, "labels");
		for (size_t k = 0; k < m->K; k++)
			fair_param_add_str(lab, NULL, m->labels[k]);
		if (m->base && (st = fair_model_export(m->base, fair_param_add_object(out, "base"), err)))
			return st;
		if (m->kind == FAIR_MODEL_THRESHOLDS) {
			fair_param_add_vec(out, "thresholds", m->thresholds, m->K);
		} else {
			if (m->column)
				fair_param_add_str(out, "column", m->column);
			fair_param_add_num(out, "alpha", m->alpha);
			fair_param_add_int(out, "seed", (int64_t)m->seed);
			if ((st = fair_wbary_export(m->wb, fair_param_add_object(out, "wbary"), err)))
				return st;
		}
	}
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

fair_model *
fair_model_import(const fair_param *in, fair_error *err)
{
	const char *name = fair_param_str(in, "name", err), *kind, *task, *desc;
	const fair_param *p;
	fair_model *m = NULL;
	int k = -1;

	if (name == NULL || (kind = fair_param_str(in, "kind", err)) == NULL ||
	    (task = fair_param_str(in, "task", err)) == NULL || (desc = fair_param_str(in, "desc", err)) == NULL)
		return NULL;
	for (int i = 0; i < 3; i++)
		if (!strcmp(kind, model_kind_names[i]))
			k = i;
	if (k < 0) {
		fair_error_set(err, FAIR_EPARSE, "saved data: model '%s' has an unknown kind '%s'", name, kind);
		return NULL;
	}
	m = fair_mi_model_new(name, k, strcmp(task, "regression") ? FAIR_TASK_CLASSIFICATION : FAIR_TASK_REGRESSION, err);
	if (m == NULL)
		return NULL;
	if ((m->desc = strdup(desc)) == NULL)
		goto nomem;
	if (fair_param_get(in, "target")) {
		const char *t = fair_param_str(in, "target", err);
		if (t == NULL)
			goto fail;
		if ((m->target_col = strdup(t)) == NULL)
			goto nomem;
	}
	if (k == FAIR_MODEL_TRAINED) {
		size_t d;
		if ((p = fair_param_object(in, "pipeline", err)) == NULL || (m->pipe = fair_pipeline_import(p, err)) == NULL)
			goto fail;
		d = fair_pipeline_dim(m->pipe);
		if (fair_param_get(in, "ferm")) {
			if ((p = fair_param_object(in, "ferm", err)) == NULL || (m->ferm = fair_ferm_import(p, err)) == NULL)
				goto fail;
			if (fair_ferm_in_dim(m->ferm) != d) {
				fair_error_set(err, FAIR_EPARSE, "saved data: model '%s': FERM transform expects %zu features, the pipeline gives %zu",
				               name, fair_ferm_in_dim(m->ferm), d);
				goto fail;
			}
			d = fair_ferm_out_dim(m->ferm);
		}
		if ((p = fair_param_object(in, "learner", err)) == NULL || (m->learner = fair_learner_import(p, err)) == NULL)
			goto fail;
		if (m->learner->d != d) {
			fair_error_set(err, FAIR_EPARSE, "saved data: model '%s': learner expects %zu features, gets %zu",
			               name, m->learner->d, d);
			goto fail;
		}
		return m;
	}
	if ((m->labels = fair_param_strings(in, "labels", &m->K, err)) == NULL)
		goto fail;
	if (fair_param_get(in, "base")) {
		if ((p = fair_param_object(in, "base", err)) == NULL || (m->base = fair_model_import(p, err)) == NULL)
			goto fail;
	}
	if (k == FAIR_MODEL_THRESHOLDS) {
		size_t n;
		const double *t = fair_param_vec(in, "thresholds", &n, err);
		if (t == NULL)
			goto fail;
		if (m->base == NULL || n != m->K) {
			fair_error_set(err, FAIR_EPARSE, "saved data: model '%s': %zu thresholds for %zu groups", name, n, m->K);
			goto fail;
		}
		if ((m->thresholds = malloc((n ? n : 1) * sizeof *m->thresholds)) == NULL)
			goto nomem;
		memcpy(m->thresholds, t, n * sizeof *t);
		return m;
	}
	int64_t seed;
	if (m->base == NULL) {
		const char *c = fair_param_str(in, "column", err);
		if (c == NULL)
			goto fail;
		if ((m->column = strdup(c)) == NULL)
			goto nomem;
	}
	if (fair_param_num(in, "alpha", &m->alpha, err) || fair_param_int(in, "seed", &seed, err) ||
	    (p = fair_param_object(in, "wbary", err)) == NULL || (m->wb = fair_wbary_import(p, err)) == NULL)
		goto fail;
	m->seed = (unsigned long)seed;
	if (fair_wbary_ngroups(m->wb) != m->K) {
		fair_error_set(err, FAIR_EPARSE, "saved data: model '%s': correction has %zu groups, the model %zu",
		               name, fair_wbary_ngroups(m->wb), m->K);
		goto fail;
	}
	return m;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	fair_model_unref(m);
	return NULL;
}
