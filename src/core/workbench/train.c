/* train.c -- the training chain of a snapshot: pipeline, optional
 * pre-processing (FERM with its eps relaxation, reweighing, disparate-impact
 * repair), then the learner through its type (learn-private.h), on the
 * features or on a learned representation. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "workbench/workbench-private.h"

/* Fits the (linear) learner of @sp on @X with the fixed offsets @off (NULL:
 * none) added to its score: type->fit_offset. */
static fair_learner *
fit_linear(fair_train_spec *sp, const gsl_matrix *X, const double *off, fair_progress *prog,
           fair_error *err)
{
	fair_fit_data d = {
		.X = X, .y = sp->y, .w = NULL, .task = sp->task, .group = sp->group, .K = sp->K,
		.labels = (const char *const *)sp->labels, .seed = sp->seed,
	};
	return sp->type->fit_offset(sp->opts, &d, off, prog, err);
}

/* FERM with the eps-relaxed constraint |<w,u>| <= eps (doc/methods.md 3.1) for a
 * linear model and one constraint direction u. The problem is convex, so if
 * the unconstrained optimum w* violates the slab, the optimum lies on the
 * boundary <w,u> = c, c = sign(<w*,u>) eps. On that hyperplane
 * w = P v + c u/|u|^2 (P the projection of 3.2 (a)), so it is the learner on
 * the projected features with the fixed offsets o_i = c <u,x_i>/|u|^2; the
 * regulariser differs by the constant c^2/|u|^2. The result is stored as a
 * plain linear model on the original features (the transform is dropped). */
static int
ferm_relaxed(fair_train_spec *sp, fair_model *m, const gsl_matrix *X, fair_progress *prog,
             fair_error *err)
{
	const gsl_matrix *U = fair_ferm_u(m->ferm);
	fair_learner *l0 = NULL, *lv = NULL;
	gsl_matrix *Xt = NULL;
	double *off = NULL, uu = 0, a = 0, c;
	int st = FAIR_OK;

	if (U == NULL || U->size2 != 1 || fair_ferm_variant(m->ferm) != FAIR_FERM_PROJECT)
		return fair_error_set(err, FAIR_EINVAL, "eps > 0 supports one constraint direction "
		                      "(two groups, constraint=eo or dp, variant=proj)");
	gsl_vector_const_view u = gsl_matrix_const_column(U, 0);
	l0 = fit_linear(sp, X, NULL, prog, err);
	if (l0 == NULL)
		return err ? err->code : FAIR_EINVAL;
	gsl_blas_ddot(&u.vector, &u.vector, &uu);
	gsl_blas_ddot(l0->w, &u.vector, &a);
	if (fabs(a) <= sp->chain.ferm_eps) {
		snprintf(sp->note, sizeof sp->note, "FERM eps=%g: the unconstrained model already satisfies "
		         "|<w,u>| = %.3g <= eps", sp->chain.ferm_eps, fabs(a));
		m->learner = l0;
		fair_ferm_free(m->ferm);
		m->ferm = NULL;
		return FAIR_OK;
	}
	c = a > 0 ? sp->chain.ferm_eps : -sp->chain.ferm_eps;
	Xt = fair_ferm_apply(m->ferm, X, err);
	off = malloc(sp->nrows * sizeof *off);
	if (Xt == NULL || off == NULL) {
		st = Xt ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : (err ? err->code : FAIR_EINVAL);
		goto out;
	}
	for (size_t i = 0; i < sp->nrows; i++) {
		gsl_vector_const_view xi = gsl_matrix_const_row(X, i);
		double ux;
		gsl_blas_ddot(&xi.vector, &u.vector, &ux);
		off[i] = c * ux / uu;
	}
	lv = fit_linear(sp, Xt, off, prog, err);
	if (lv == NULL) {
		st = err ? err->code : FAIR_EINVAL;
		goto out;
	}
	gsl_vector *w = gsl_vector_alloc(X->size2);
	if ((st = fair_ferm_pullback(m->ferm, lv->w, w, err)) != FAIR_OK) {
		gsl_vector_free(w);
		goto out;
	}
	gsl_blas_daxpy(c / uu, &u.vector, w);
	gsl_vector_free(lv->w);
	lv->w = w;
	lv->d = X->size2;
	m->learner = lv;
	lv = NULL;
	fair_ferm_free(m->ferm);
	m->ferm = NULL;
	snprintf(sp->note, sizeof sp->note, "FERM eps=%g: constraint active, <w,u> = %g (unconstrained %.3g)",
	         sp->chain.ferm_eps, c, a);
out:
	fair_learner_free(l0);
	fair_learner_free(lv);
	if (Xt)
		gsl_matrix_free(Xt);
	free(off);
	return st;
}

/* pre=direpair: fits the repairer on the numeric features of the training
 * design matrix *X (a feature is numeric when it is named exactly as an
 * input column: categorical features are "col=level") and replaces *X by
 * its repaired version. */
static int
model_direpair(fair_train_spec *sp, fair_model *m, gsl_matrix **X, fair_error *err)
{
	size_t d = (*X)->size2, nnum = 0;
	bool *num = calloc(d ? d : 1, sizeof *num);
	gsl_matrix *Z;

	if (num == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t k = 0; k < d; k++)
		for (size_t j = 0; j < fair_pipeline_ncols(m->pipe); j++)
			if (!strcmp(fair_pipeline_feature_name(m->pipe, k), fair_pipeline_col_name(m->pipe, j)))
				num[k] = true;
	for (size_t k = 0; k < d; k++)
		nnum += num[k];
	m->direpair = fair_direpair_fit(*X, sp->group, sp->K, sp->chain.direpair_level, num, err);
	free(num);
	if (m->direpair == NULL || fair__workbench_model_labels(m, sp->labels, sp->K, err))
		return err ? err->code : FAIR_EINVAL;
	if ((Z = fair_direpair_repair_train(m->direpair, *X, sp->group, err)) == NULL)
		return err ? err->code : FAIR_EINVAL;
	gsl_matrix_free(*X);
	*X = Z;
	snprintf(sp->note, sizeof sp->note, "disparate-impact remover: %zu numeric feature%s repaired at level %g",
	         nnum, nnum == 1 ? "" : "s", sp->chain.direpair_level);
	return FAIR_OK;
}

fair_model *
fair_model_train(fair_train_spec *sp, fair_progress *prog, fair_error *err)
{
	fair_model *m = fair__workbench_model_new(sp->name, FAIR_MODEL_TRAINED, sp->task, err);
	fair_pipeline_opts po;
	gsl_matrix *X = NULL, *Xt = NULL;
	int32_t *grp = sp->group;
	double *w = NULL;   /* pre=reweigh: instance weights for every learner */

	if (m == NULL)
		return NULL;
	m->desc = fair__workbench_spec_desc(sp);
	m->target_col = fair__workbench_xstrdup(sp->target_col);
	if (sp->rep_model) {
		/* transfer: the features are the representation of the rep model */
		const fair_fairrep *rp = fair_rep_learner_rep(sp->rep_model->learner);
		gsl_matrix *X0 = fair_pipeline_transform(sp->rep_model->pipe, sp->frame, sp->rows, sp->nrows, err);
		if (X0 == NULL)
			goto fail;
		X = fair_fairrep_encode(rp, X0, err);
		gsl_matrix_free(X0);
		if (X == NULL)
			goto fail;
		m->rep = fair_model_ref(sp->rep_model);
		snprintf(sp->note, sizeof sp->note, "trained on the %zu-dimensional representation '%s'",
		         X->size2, fair_model_name(sp->rep_model));
		goto learn;
	}
	fair_pipeline_opts_init(&po);
	po.missing_indicators = sp->chain.missing_ind;
	m->pipe = fair_pipeline_fit(sp->frame, sp->features, sp->nfeatures, sp->rows, sp->nrows, &po, err);
	if (m->pipe == NULL)
		goto fail;
	X = fair_pipeline_transform(m->pipe, sp->frame, sp->rows, sp->nrows, err);
	if (X == NULL)
		goto fail;
	if (fair_progress_cancelled(prog)) {
		fair_error_set(err, FAIR_ECANCELED, "cancelled");
		goto fail;
	}
	if (sp->chain.pre == FAIR__PRE_FERM) {
		m->ferm = fair_ferm_fit(X, sp->y, grp, sp->K, (const char *const *)sp->labels, &sp->chain.ferm, err);
		if (m->ferm == NULL)
			goto fail;
		if (fair_ferm_is_identity(m->ferm))
			snprintf(sp->note, sizeof sp->note,
			         "FERM: the groups' feature means already coincide (u = 0); training unchanged");
		else
			snprintf(sp->note, sizeof sp->note, "FERM (%s, %s): removed %zu direction%s from %zu features",
			         fair_ferm_constraint_name(sp->chain.ferm.constraint),
			         sp->chain.ferm.variant == FAIR_FERM_ELIMINATE ? "coordinate elimination" : "projection",
			         fair_ferm_rank(m->ferm), fair_ferm_rank(m->ferm) == 1 ? "" : "s", fair_ferm_in_dim(m->ferm));
		if (sp->chain.ferm_eps > 0 && !fair_ferm_is_identity(m->ferm)) {
			if (ferm_relaxed(sp, m, X, prog, err))
				goto fail;
			gsl_matrix_free(X);
			m->recipe = fair__workbench_recipe_ref(sp->recipe);
			return m;
		}
		Xt = fair_ferm_apply(m->ferm, X, err);
		if (Xt == NULL)
			goto fail;
		gsl_matrix_free(X);
		X = Xt;
		Xt = NULL;
	}
	if (sp->chain.pre == FAIR__PRE_DIREPAIR && model_direpair(sp, m, &X, err))
		goto fail;
	if (sp->chain.pre == FAIR__PRE_CORRREMOVE) {
		if ((m->corr = fair_corrremove_fit(X, grp, sp->K, sp->chain.direpair_level, err)) == NULL ||
		    fair__workbench_model_labels(m, sp->labels, sp->K, err) ||
		    (Xt = fair_corrremove_apply(m->corr, X, grp, err)) == NULL)
			goto fail;
		gsl_matrix_free(X);
		X = Xt;
		Xt = NULL;
		snprintf(sp->note, sizeof sp->note, "correlation remover: %zu features decorrelated from the groups at alpha %g",
		         X->size2, sp->chain.direpair_level);
	}
	if (sp->chain.pre == FAIR__PRE_REWEIGH) {
		if ((w = malloc(sp->nrows * sizeof *w)) == NULL) {
			fair_error_set(err, FAIR_ENOMEM, "out of memory");
			goto fail;
		}
		if (fair_reweigh(sp->y, grp, sp->nrows, sp->K, (const char *const *)sp->labels, w, err))
			goto fail;
		double wlo = INFINITY, whi = -INFINITY;
		for (size_t i = 0; i < sp->nrows; i++) {
			wlo = fmin(wlo, w[i]);
			whi = fmax(whi, w[i]);
		}
		snprintf(sp->note, sizeof sp->note, "reweighing: instance weights from %.3g to %.3g", wlo, whi);
	}
learn:
	if (sp->weights != NULL) {
		/* the session's sample weights of the training rows (times the
		 * reweighing weights with pre=reweigh) */
		long j = fair_frame_find(sp->frame, sp->weights);
		const double *sw = j >= 0 ? fair_column_values(fair_frame_column(sp->frame, (size_t)j)) : NULL;
		if (sw == NULL) {
			fair_error_set(err, FAIR_EINVAL, "weights column '%s' is gone", sp->weights);
			goto fail;
		}
		if (w == NULL && (w = malloc((sp->nrows ? sp->nrows : 1) * sizeof *w)) != NULL)
			for (size_t i = 0; i < sp->nrows; i++)
				w[i] = 1.0;
		if (w == NULL) {
			fair_error_set(err, FAIR_ENOMEM, "out of memory");
			goto fail;
		}
		for (size_t i = 0; i < sp->nrows; i++)
			w[i] *= sw[sp->rows[i]];
	}
	{
		/* the features by their names (fair_model_design_name): the
		 * pipeline's while they are its columns, REP_k on a representation */
		char **names = calloc(X->size2, sizeof *names);
		for (size_t k = 0; names != NULL && k < X->size2; k++)
			if ((names[k] = fair__workbench_design_name(m, X->size2, k)) == NULL) {
				fair_strv_free(names, k);
				names = NULL;
			}
		fair_fit_data d = {
			.X = X, .y = sp->y, .w = w, .task = sp->task, .group = grp, .K = sp->K,
			.labels = (const char *const *)sp->labels, .ys = (const double *const *)sp->ys,
			.kinds = sp->kinds, .ntasks = sp->ntasks, .seed = sp->seed, .names = (const char *const *)names,
			.types = fair__workbench_learners, .note = sp->note, .note_size = sizeof sp->note,
		};
		m->learner = sp->type->fit(sp->opts, &d, prog, err);
		fair_strv_free(names, names ? X->size2 : 0);
		if (sp->type->flags & FAIR_LEARNER_RANDOMISED)
			m->seed = sp->seed;
	}
	if (m->learner == NULL)
		goto fail;
	gsl_matrix_free(X);
	free(w);
	/* the model keeps its recipe, not the snapshot (rows, targets and
	 * groups: about 20 bytes per training row) */
	m->recipe = fair__workbench_recipe_ref(sp->recipe);
	return m;
fail:
	if (X)
		gsl_matrix_free(X);
	free(w);
	fair_model_unref(m);
	return NULL;
}

/* ---- the points of a grid search as models ---- */

size_t
fair_model_grid_size(const fair_model *m)
{
	return m->kind == FAIR_MODEL_TRAINED && m->learner ? fair_gridsearch_size(m->learner) : 0;
}

fair_model *
fair_model_grid_member(const fair_model *m, size_t i, const char *name, double *error, double *violation,
                       fair_error *err)
{
	fair_param *pm = NULL, *pl = NULL;
	fair_model *c = NULL;
	fair_learner *l = NULL;
	fair_gridsearch_point pt;
	const fair_learner *src;
	fair_buf d = FAIR_BUF_INIT;

	if (i >= fair_model_grid_size(m)) {
		fair_error_set(err, FAIR_EINVAL, "model '%s' has no grid point %zu (it has %zu)", m->name, i,
		               fair_model_grid_size(m));
		return NULL;
	}
	src = fair_gridsearch_member(m->learner, i, &pt);
	/* a copy of the model (pipeline and pre-processing), with the point's learner */
	if ((pm = fair_param_new(FAIR_PARAM_OBJECT, NULL)) == NULL || fair_model_export(m, pm, err) ||
	    (c = fair_model_import(pm, err)) == NULL)
		goto fail;
	if (src != NULL) {
		if ((pl = fair_param_new(FAIR_PARAM_OBJECT, NULL)) == NULL || fair_learner_export(src, pl, err) ||
		    (l = fair_learner_import(pl, err)) == NULL)
			goto fail;
	} else {
		/* a constant predictor: a zero linear model on the same features */
		if ((l = fair_learner_new(&fair_logreg_type, FAIR_TASK_CLASSIFICATION, c->learner->d, err)) == NULL ||
		    (l->w = gsl_vector_calloc(c->learner->d)) == NULL)
			goto fail;
		l->score_is_prob = true;
		l->threshold = 0.5;
		l->b = pt.constant > 0.5 ? 40 : -40;   /* sigmoid(+-40): 1 or 0 to double precision */
	}
	fair_learner_free(c->learner);
	c->learner = l;
	l = NULL;
	free(c->name);
	c->name = strdup(name);
	fair_buf_printf(&d, "%s grid point %zu lambda=", m->name, i);
	for (size_t k = 0; k < pt.dim; k++)
		fair_buf_printf(&d, "%s%.4g", k ? "," : "", pt.lambda[k]);
	fair_buf_printf(&d, " training error %.4g violation %.4g%s", pt.error, pt.violation, pt.best ? " (chosen)" : "");
	free(c->desc);
	c->desc = fair_buf_detach(&d);
	if (c->name == NULL || c->desc == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto fail;
	}
	if (error)
		*error = pt.error;
	if (violation)
		*violation = pt.violation;
	fair_param_free(pm);
	fair_param_free(pl);
	return c;
fail:
	fair_buf_release(&d);
	fair_learner_free(l);
	fair_model_unref(c);
	fair_param_free(pm);
	fair_param_free(pl);
	return NULL;
}
