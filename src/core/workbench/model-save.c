/* model-save.c -- models to and from the neutral parameter tree of
 * fairsh/param.h. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "workbench/workbench-private.h"

/* ---- saving (fairsh/param.h) -------------------------------------------
 * The tree holds what scoring needs: pipeline, disparate-impact remover (with
 * the group labels), FERM transform and learner (expgrad mixtures and fair
 * representations included) and the seed of a randomised classifier; for a
 * model trained on a representation, a reference to the representation model
 * instead of the pipeline; the base model (recursively), the column, dial,
 * seed, labels and tables of a Wasserstein correction; the base and
 * thresholds of a threshold model; the base, labels, seed and fitted
 * optimiser of a threshold-optimiser model; a trained model's recipe (what
 * trained it: learner, options, seed, set-up words, features, rows as bits),
 * so that a restored model can be retrained; the retrained base a
 * Wasserstein map was fitted on. */

static const char *const model_kind_names[] = { "trained", "wasserstein", "thresholds", "threshold_opt", "postproc" };
#define NKINDS (sizeof model_kind_names / sizeof *model_kind_names)

static void
add_labels(const fair_model *m, fair_param *out)
{
	fair_param *lab = fair_param_add_list(out, "labels");
	for (size_t k = 0; k < m->K; k++)
		fair_param_add_str(lab, NULL, m->labels[k]);
}

/* The recipe (workbench-private.h): what `correct` needs to retrain the
 * model after `open`. */
static void
export_recipe(const fair__workbench_recipe *r, fair_param *o)
{
	fair_param *keys = fair_param_add_list(o, "keys"), *vals = fair_param_add_list(o, "values");
	fair_param *feat = fair_param_add_list(o, "features");

	fair_param_add_str(o, "learner", r->learner);
	for (size_t i = 0; i < r->nopts; i++) {
		fair_param_add_str(keys, NULL, r->keys[i]);
		fair_param_add_str(vals, NULL, r->vals[i]);
	}
	fair_param_add_int(o, "seed", (int64_t)r->seed);
	fair_param_add_str(o, "target", r->target_spec);
	if (r->sensitive_spec)
		fair_param_add_str(o, "sensitive", r->sensitive_spec);
	for (size_t j = 0; j < r->nfeatures; j++)
		fair_param_add_str(feat, NULL, r->features[j]);
	fair_param_add_int(o, "nrows", (int64_t)r->nbits);
	fair_param_add_bytes(o, "rows", r->rows, (r->nbits + 7) / 8);
}

static fair__workbench_recipe *
import_recipe(const fair_param *o, fair_error *err)
{
	fair__workbench_recipe *r = calloc(1, sizeof *r);
	const char *learner, *target, *sens = NULL;
	const unsigned char *bits;
	size_t nk = 0, nv = 0, nb = 0;
	int64_t seed;

	if (r == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	atomic_init(&r->refs, 1);
	if ((learner = fair_param_str(o, "learner", err)) == NULL || (target = fair_param_str(o, "target", err)) == NULL ||
	    (fair_param_get(o, "sensitive") && (sens = fair_param_str(o, "sensitive", err)) == NULL) ||
	    fair_param_int(o, "seed", &seed, err) || fair_param_size(o, "nrows", &r->nbits, err) ||
	    (bits = fair_param_bytes(o, "rows", &nb, err)) == NULL ||
	    (r->keys = fair_param_strings(o, "keys", &nk, err)) == NULL ||
	    (r->vals = fair_param_strings(o, "values", &nv, err)) == NULL ||
	    (r->features = fair_param_strings(o, "features", &r->nfeatures, err)) == NULL)
		goto fail;
	r->nopts = nk < nv ? nk : nv;
	if (nk != nv || nb != r->nbits / 8 + (r->nbits % 8 != 0) || r->nfeatures == 0) {
		fair_error_set(err, FAIR_EPARSE, "saved data: the training record has %zu options for %zu values, %zu "
		               "bytes of rows for %zu rows and %zu features", nk, nv, nb, r->nbits, r->nfeatures);
		goto fail;
	}
	r->seed = (unsigned long)seed;
	if ((r->learner = strdup(learner)) == NULL || (r->target_spec = strdup(target)) == NULL ||
	    (sens && (r->sensitive_spec = strdup(sens)) == NULL) || (r->rows = malloc(nb + 1)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto fail;
	}
	memcpy(r->rows, bits, nb);
	return r;
fail:
	/* the string arrays hold nk, nv, nfeatures entries: free them all */
	for (size_t i = r->nopts; i < nk; i++)
		free(r->keys[i]);
	for (size_t i = r->nopts; i < nv; i++)
		free(r->vals[i]);
	fair__workbench_recipe_unref(r);
	return NULL;
}

static int
export_in(const fair_model *m, fair_model *const *known, size_t nknown, fair_param *out, fair_error *err)
{
	int st = FAIR_OK;

	/* any kind added later has state this exporter does not know: refuse, never drop it */
	if (m->kind < FAIR_MODEL_TRAINED || (size_t)m->kind >= NKINDS ||
	    (m->kind == FAIR_MODEL_TRAINED && (m->learner == NULL || m->learner->type->kind == NULL)) ||
	    (m->kind == FAIR_MODEL_TRAINED && m->rep == NULL && m->pipe == NULL) ||
	    (m->kind == FAIR_MODEL_THRESHOLD_OPT && (m->topt == NULL || (m->base == NULL && m->column == NULL))) ||
	    (m->kind == FAIR_MODEL_POSTPROC && (m->post == NULL || (m->base == NULL && m->column == NULL))))
		return fair_error_set(err, FAIR_EINVAL, "model '%s' (%s) cannot be saved yet", m->name, fair_model_desc(m));
	fair_param_add_str(out, "name", m->name);
	fair_param_add_str(out, "kind", model_kind_names[m->kind]);
	fair_param_add_str(out, "desc", fair_model_desc(m));
	fair_param_add_str(out, "task", m->task == FAIR_TASK_REGRESSION ? "regression" : "classification");
	if (m->target_col)
		fair_param_add_str(out, "target", m->target_col);
	if (m->kind == FAIR_MODEL_TRAINED) {
		if (m->rep) {
			/* the representation model: by name when it is saved in the
			 * same list (the very object, not a namesake), else inline */
			size_t j = 0;
			while (j < nknown && known[j] != m->rep)
				j++;
			if (j < nknown)
				fair_param_add_str(out, "rep", m->rep->name);
			else if ((st = export_in(m->rep, known, nknown, fair_param_add_object(out, "rep_model"), err)))
				return st;
		} else if ((st = fair_pipeline_export(m->pipe, fair_param_add_object(out, "pipeline"), err))) {
			return st;
		}
		if (m->K)
			add_labels(m, out);
		if (m->direpair && (st = fair_direpair_export(m->direpair, fair_param_add_object(out, "direpair"), err)))
			return st;
		if (m->corr && (st = fair_corrremove_export(m->corr, fair_param_add_object(out, "corrremove"), err)))
			return st;
		if (m->ferm && (st = fair_ferm_export(m->ferm, fair_param_add_object(out, "ferm"), err)))
			return st;
		if (fair_model_randomised(m))
			fair_param_add_int(out, "seed", (int64_t)m->seed);
		if ((st = fair_learner_export(m->learner, fair_param_add_object(out, "learner"), err)))
			return st;
		if (m->recipe)
			export_recipe(m->recipe, fair_param_add_object(out, "training"));
	} else {
		add_labels(m, out);
		if (m->base && (st = export_in(m->base, known, nknown, fair_param_add_object(out, "base"), err)))
			return st;
		if (m->fair_base && m->fair_base != m->base &&
		    (st = export_in(m->fair_base, known, nknown, fair_param_add_object(out, "fair_base"), err)))
			return st;
		if (m->kind == FAIR_MODEL_THRESHOLDS) {
			fair_param_add_vec(out, "thresholds", m->thresholds, m->K);
		} else if (m->kind == FAIR_MODEL_THRESHOLD_OPT || m->kind == FAIR_MODEL_POSTPROC) {
			fair_param_add_int(out, "seed", (int64_t)m->seed);
			if (m->column)
				fair_param_add_str(out, "column", m->column);
			if (m->topt && (st = fair_thresh_export(m->topt, fair_param_add_object(out, "optimiser"), err)))
				return st;
			if (m->post && (st = fair_post_export(m->post, fair_param_add_object(out, "postproc"), err)))
				return st;
		} else {
			if (m->column)
				fair_param_add_str(out, "column", m->column);
			if (!isnan(m->cut))
				fair_param_add_num(out, "cut", m->cut);
			fair_param_add_num(out, "alpha", m->alpha);
			if (m->basis)
				fair_param_add_str(out, "basis", m->basis);
			fair_param_add_int(out, "seed", (int64_t)m->seed);
			if ((st = fair_wbary_export(m->wb, fair_param_add_object(out, "wbary"), err)))
				return st;
		}
	}
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

int
fair_model_export(const fair_model *m, fair_param *out, fair_error *err)
{
	return export_in(m, NULL, 0, out, err);
}

int
fair_model_export_in(const fair_model *m, fair_model *const *known, size_t nknown, fair_param *out,
                     fair_error *err)
{
	return export_in(m, known, nknown, out, err);
}

static fair_model *import_in(const fair_param *in, fair_model *const *known, size_t nknown, fair_error *err);

/* The representation a trained model's inputs come from: "rep" names a model
 * of @known (FAIR_ENOTFOUND when none has that name), "rep_model" holds it. */
static int
import_rep(fair_model *m, const fair_param *in, fair_model *const *known, size_t nknown, fair_error *err)
{
	if (fair_param_get(in, "rep")) {
		const char *rn = fair_param_str(in, "rep", err);
		if (rn == NULL)
			return FAIR_EPARSE;
		for (size_t j = 0; j < nknown && m->rep == NULL; j++)
			if (known[j] && !strcmp(known[j]->name, rn))
				m->rep = fair_model_ref(known[j]);
		if (m->rep == NULL)
			return fair_error_set(err, FAIR_ENOTFOUND, "saved data: model '%s' is trained on the representation "
			                      "'%s', which is not in the file", m->name, rn);
	} else {
		const fair_param *p = fair_param_object(in, "rep_model", err);
		if (p == NULL || (m->rep = import_in(p, known, nknown, err)) == NULL)
			return err ? err->code : FAIR_EPARSE;
	}
	if (m->rep->kind != FAIR_MODEL_TRAINED || fair_rep_learner_rep(m->rep->learner) == NULL || m->rep->pipe == NULL)
		return fair_error_set(err, FAIR_EPARSE, "saved data: model '%s': '%s' is not a fair representation",
		                      m->name, m->rep->name);
	return FAIR_OK;
}

static fair_model *
import_in(const fair_param *in, fair_model *const *known, size_t nknown, fair_error *err)
{
	const char *name = fair_param_str(in, "name", err), *kind, *task, *desc;
	const fair_param *p;
	fair_model *m = NULL;
	int k = -1;
	int64_t seed;

	if (name == NULL || (kind = fair_param_str(in, "kind", err)) == NULL ||
	    (task = fair_param_str(in, "task", err)) == NULL || (desc = fair_param_str(in, "desc", err)) == NULL)
		return NULL;
	for (size_t i = 0; i < NKINDS; i++)
		if (!strcmp(kind, model_kind_names[i]))
			k = (int)i;
	if (k < 0) {
		fair_error_set(err, FAIR_EPARSE, "saved data: model '%s' has an unknown kind '%s'", name, kind);
		return NULL;
	}
	m = fair__workbench_model_new(name, k, strcmp(task, "regression") ? FAIR_TASK_CLASSIFICATION : FAIR_TASK_REGRESSION, err);
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
	if (fair_param_get(in, "labels") && (m->labels = fair_param_strings(in, "labels", &m->K, err)) == NULL)
		goto fail;
	if (fair_param_get(in, "seed")) {
		if (fair_param_int(in, "seed", &seed, err))
			goto fail;
		m->seed = (unsigned long)seed;
	}
	if (k == FAIR_MODEL_TRAINED) {
		size_t d;
		if (fair_param_get(in, "rep") || fair_param_get(in, "rep_model")) {
			fair_fairrep_summary sum;
			if (import_rep(m, in, known, nknown, err))
				goto fail;
			fair_fairrep_summary_get(fair_rep_learner_rep(m->rep->learner), &sum);
			d = sum.dim;
		} else {
			if ((p = fair_param_object(in, "pipeline", err)) == NULL || (m->pipe = fair_pipeline_import(p, err)) == NULL)
				goto fail;
			d = fair_pipeline_dim(m->pipe);
		}
		if (fair_param_get(in, "direpair")) {
			if ((p = fair_param_object(in, "direpair", err)) == NULL || (m->direpair = fair_direpair_import(p, err)) == NULL)
				goto fail;
			if (fair_direpair_dim(m->direpair) != d || m->labels == NULL) {
				fair_error_set(err, FAIR_EPARSE, "saved data: model '%s': the disparate-impact remover expects %zu "
				               "features, the pipeline gives %zu%s", name, fair_direpair_dim(m->direpair), d,
				               m->labels ? "" : " (or its group labels are missing)");
				goto fail;
			}
		}
		if (fair_param_get(in, "corrremove")) {
			if ((p = fair_param_object(in, "corrremove", err)) == NULL || (m->corr = fair_corrremove_import(p, err)) == NULL)
				goto fail;
			if (fair_corrremove_dim(m->corr) != d || m->labels == NULL) {
				fair_error_set(err, FAIR_EPARSE, "saved data: model '%s': the correlation remover expects %zu features, "
				               "the pipeline gives %zu%s", name, fair_corrremove_dim(m->corr), d,
				               m->labels ? "" : " (or its group labels are missing)");
				goto fail;
			}
		}
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
		if (fair_param_get(in, "training")) {
			if ((p = fair_param_object(in, "training", err)) == NULL || (m->recipe = import_recipe(p, err)) == NULL)
				goto fail;
		}
		return m;
	}
	if (m->labels == NULL && (m->labels = fair_param_strings(in, "labels", &m->K, err)) == NULL)
		goto fail;
	if (fair_param_get(in, "base")) {
		if ((p = fair_param_object(in, "base", err)) == NULL || (m->base = import_in(p, known, nknown, err)) == NULL)
			goto fail;
	}
	if (fair_param_get(in, "fair_base")) {
		if (k != FAIR_MODEL_WASSERSTEIN || m->base == NULL || (p = fair_param_object(in, "fair_base", err)) == NULL ||
		    (m->fair_base = import_in(p, known, nknown, err)) == NULL) {
			if (err && err->code == FAIR_OK)
				fair_error_set(err, FAIR_EPARSE, "saved data: model '%s': a retrained base without its model", name);
			goto fail;
		}
		if (m->fair_base->kind != FAIR_MODEL_TRAINED || m->fair_base->task != m->base->task) {
			fair_error_set(err, FAIR_EPARSE, "saved data: model '%s': its retrained base is not a trained model "
			               "of the same task", name);
			goto fail;
		}
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
	if (k == FAIR_MODEL_THRESHOLD_OPT || k == FAIR_MODEL_POSTPROC) {
		size_t ng;
		if (m->base == NULL && fair_param_get(in, "column")) {
			const char *c = fair_param_str(in, "column", err);
			if (c == NULL)
				goto fail;
			if ((m->column = strdup(c)) == NULL)
				goto nomem;
		}
		if (fair_param_int(in, "seed", &seed, err))
			goto fail;
		if (k == FAIR_MODEL_THRESHOLD_OPT) {
			if ((p = fair_param_object(in, "optimiser", err)) == NULL || (m->topt = fair_thresh_import(p, err)) == NULL)
				goto fail;
			ng = fair_thresh_ngroups(m->topt);
		} else {
			if ((p = fair_param_object(in, "postproc", err)) == NULL || (m->post = fair_post_import(p, err)) == NULL)
				goto fail;
			ng = fair_post_ngroups(m->post);
		}
		if ((m->base == NULL && m->column == NULL) || ng != m->K) {
			fair_error_set(err, FAIR_EPARSE, "saved data: model '%s': post-processor has %zu groups, the model %zu%s", name,
			               ng, m->K, m->base || m->column ? "" : " (and no base model or score column)");
			goto fail;
		}
		m->seed = (unsigned long)seed;
		return m;
	}
	if (m->base == NULL) {
		const char *c = fair_param_str(in, "column", err);
		if (c == NULL)
			goto fail;
		if ((m->column = strdup(c)) == NULL)
			goto nomem;
		if (fair_param_get(in, "cut") && fair_param_num(in, "cut", &m->cut, err))
			goto fail;
	}
	if (fair_param_num(in, "alpha", &m->alpha, err) || fair_param_int(in, "seed", &seed, err) ||
	    (p = fair_param_object(in, "wbary", err)) == NULL || (m->wb = fair_wbary_import(p, err)) == NULL)
		goto fail;
	if (fair_param_get(in, "basis")) {
		const char *b = fair_param_str(in, "basis", err);
		if (b == NULL)
			goto fail;
		if ((m->basis = strdup(b)) == NULL)
			goto nomem;
	}
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

fair_model *
fair_model_import(const fair_param *in, fair_error *err)
{
	return import_in(in, NULL, 0, err);
}

fair_model *
fair_model_import_in(const fair_param *in, fair_model *const *known, size_t nknown, fair_error *err)
{
	return import_in(in, known, nknown, err);
}
