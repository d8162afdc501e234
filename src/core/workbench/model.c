/* model.c -- trained models as the rest of fairsh sees them: reference
 * counting, accessors, scoring (pipeline -> [repair] -> [FERM] -> learner, or
 * through a learned representation) of every kind of model, and the
 * lifetime of training snapshots. The post-processing models are made
 * in correct.c, snapshots and options in train-spec.c, training in
 * train.c, saving in model-save.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "workbench/workbench-private.h"

static void
model_free(fair_model *m)
{
	free(m->name);
	free(m->desc);
	free(m->warning);
	free(m->basis);
	free(m->target_col);
	fair_pipeline_free(m->pipe);
	fair_ferm_free(m->ferm);
	fair_learner_free(m->learner);
	fair__workbench_recipe_unref(m->recipe);
	if (m->base)
		fair_model_unref(m->base);
	if (m->fair_base)
		fair_model_unref(m->fair_base);
	free(m->column);
	fair_wbary_free(m->wb);
	for (size_t k = 0; k < m->K; k++)
		free(m->labels[k]);
	free(m->labels);
	free(m->thresholds);
	fair_direpair_free(m->direpair);
	fair_corrremove_free(m->corr);
	fair_thresh_free(m->topt);
	fair_post_free(m->post);
	if (m->rep)
		fair_model_unref(m->rep);
	free(m);
}

fair_model *
fair_model_ref(fair_model *m)
{
	atomic_fetch_add(&m->refs, 1);
	return m;
}

void
fair_model_unref(fair_model *m)
{
	if (m != NULL && atomic_fetch_sub(&m->refs, 1) == 1)
		model_free(m);
}

fair_model *
fair__workbench_model_new(const char *name, int kind, int task, fair_error *err)
{
	fair_model *m = calloc(1, sizeof *m);

	if (m == NULL || (m->name = strdup(name)) == NULL) {
		free(m);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	atomic_init(&m->refs, 1);
	m->kind = kind;
	m->task = task;
	m->cut = NAN;
	return m;
}

/* Copies the snapshot's group labels into @m (models that use the
 * sensitive attribute when scoring). */
int
fair__workbench_model_labels(fair_model *m, char *const *labels, size_t K, fair_error *err)
{
	m->K = K;
	m->labels = calloc(K ? K : 1, sizeof *m->labels);
	if (m->labels == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t k = 0; k < K; k++)
		if ((m->labels[k] = strdup(labels[k])) == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	return FAIR_OK;
}

/* ---- training snapshots and recipes: a model keeps the recipe it was
 * trained from (to retrain it without calibration rows), a snapshot
 * references the model whose representation it trains on; the lifetimes
 * live here. ---- */

fair__workbench_recipe *
fair__workbench_recipe_ref(fair__workbench_recipe *r)
{
	if (r != NULL)
		atomic_fetch_add(&r->refs, 1);
	return r;
}

void
fair__workbench_recipe_unref(fair__workbench_recipe *r)
{
	if (r == NULL || atomic_fetch_sub(&r->refs, 1) != 1)
		return;
	free(r->learner);
	for (size_t i = 0; i < r->nopts; i++) {
		free(r->keys ? r->keys[i] : NULL);
		free(r->vals ? r->vals[i] : NULL);
	}
	free(r->keys);
	free(r->vals);
	free(r->target_spec);
	free(r->sensitive_spec);
	for (size_t j = 0; j < r->nfeatures; j++)
		free(r->features ? r->features[j] : NULL);
	free(r->features);
	free(r->rows);
	free(r);
}

void
fair_train_spec_free(fair_train_spec *sp)
{
	if (sp == NULL || atomic_fetch_sub(&sp->refs, 1) != 1)
		return;
	free(sp->name);
	free(sp->target_col);
	free(sp->weights);
	for (size_t i = 0; i < sp->nopts; i++) {
		free(sp->keys[i]);
		free(sp->vals[i]);
	}
	free(sp->keys);
	free(sp->vals);
	if (sp->opts != NULL)
		fair_opts_release(sp->type->opts, sp->opts);
	free(sp->opts);
	free(sp->chain.on);
	free(sp->chain.target);
	free(sp->chain.positive);
	fair_frame_unref(sp->frame);
	free(sp->rows);
	free(sp->y);
	free(sp->group);
	for (size_t k = 0; k < sp->K; k++)
		free(sp->labels[k]);
	free(sp->labels);
	free(sp->features);
	for (size_t t = 0; t < sp->ntasks; t++)
		free(sp->ys[t]);
	free(sp->ys);
	free(sp->kinds);
	if (sp->rep_model)
		fair_model_unref(sp->rep_model);
	fair__workbench_recipe_unref(sp->recipe);
	free(sp);
}

const char *fair_train_spec_name(const fair_train_spec *sp) { return sp->name; }
const char *fair_train_spec_note(const fair_train_spec *sp) { return sp->note; }
const char *fair_train_spec_setup_note(const fair_train_spec *sp) { return sp->setup_note; }
size_t fair_train_spec_nrows(const fair_train_spec *sp) { return sp->nrows; }

gsl_matrix *
fair_model_encode(const fair_model *m, const fair_frame *f, const size_t *rows, size_t n, fair_error *err)
{
	const fair_fairrep *rp = m->kind == FAIR_MODEL_TRAINED && m->learner ? fair_rep_learner_rep(m->learner) : NULL;
	gsl_matrix *X, *Z;

	if (rp == NULL) {
		fair_error_set(err, FAIR_EINVAL, "model '%s' is not a fair representation (train one with 'train fairrep')", m->name);
		return NULL;
	}
	X = fair_pipeline_transform(m->pipe, f, rows, n, err);
	if (X == NULL)
		return NULL;
	Z = fair_fairrep_encode(rp, X, err);
	gsl_matrix_free(X);
	return Z;
}

const char *fair_model_name(const fair_model *m) { return m->name; }
const char *fair_model_desc(const fair_model *m) { return m->desc ? m->desc : ""; }
const char *fair_model_warning(const fair_model *m) { return m->warning ? m->warning : ""; }
const char *fair_model_basis(const fair_model *m) { return m->basis ? m->basis : ""; }
int fair_model_kind(const fair_model *m) { return m->kind; }
int fair_model_task(const fair_model *m) { return m->task; }
const char *fair_model_target(const fair_model *m) { return m->target_col ? m->target_col : ""; }

double
fair_model_threshold(const fair_model *m)
{
	if (fair_model_randomised(m))
		return 0.5;   /* scores are 0/1 decisions */
	/* a score column cut at T: score >= T, which is score > the double
	 * just below T, as the audits compare */
	if (m->kind == FAIR_MODEL_WASSERSTEIN && m->base == NULL && !isnan(m->cut))
		return nextafter(m->cut, -INFINITY);
	if (m->kind == FAIR_MODEL_WASSERSTEIN || m->kind == FAIR_MODEL_THRESHOLDS)
		return m->base ? fair_model_threshold(m->base) : 0.5;
	return m->learner ? m->learner->threshold : 0.5;
}

bool
fair_model_score_is_prob(const fair_model *m)
{
	if (fair_model_randomised(m))
		return false;   /* 0/1 decisions drawn per row; fair_model_proba has P */
	if (m->kind == FAIR_MODEL_THRESHOLDS)
		return false;   /* shifted scores (see fair_model_thresholds) */
	if (m->kind == FAIR_MODEL_WASSERSTEIN)
		return m->base ? fair_model_score_is_prob(m->base) : false;
	return m->learner && m->learner->score_is_prob;
}

size_t
fair_model_nweights(const fair_model *m)
{
	if (m->kind != FAIR_MODEL_TRAINED || m->learner->w == NULL || m->ferm != NULL)
		return 0;
	return m->learner->w->size;
}

const char *
fair_model_feature_name(const fair_model *m, size_t k)
{
	return m->pipe ? fair_pipeline_feature_name(m->pipe, k) : NULL;
}

const double *
fair_model_weights(const fair_model *m, double *intercept)
{
	if (fair_model_nweights(m) == 0)
		return NULL;
	if (intercept)
		*intercept = m->learner->b;
	return m->learner->w->data;
}

/* Group codes of @rows under the model's labels (groups matched by label). */
static int32_t *
map_groups(const fair_model *m, const struct fair_groups *g, const size_t *rows, size_t n, fair_error *err)
{
	int32_t *out = malloc((n ? n : 1) * sizeof *out);
	long *map = NULL;

	if (out == NULL)
		goto nomem;
	if (g == NULL) {
		fair_error_set(err, FAIR_EINVAL, "model '%s' uses the sensitive attribute; set it with 'sensitive'", m->name);
		goto fail;
	}
	map = malloc(g->K * sizeof *map);
	if (map == NULL)
		goto nomem;
	for (size_t k = 0; k < g->K; k++) {
		map[k] = -1;
		for (size_t j = 0; j < m->K; j++)
			if (!strcmp(g->labels[k], m->labels[j]))
				map[k] = (long)j;
	}
	for (size_t i = 0; i < n; i++) {
		int32_t c = g->group[rows ? rows[i] : i];
		if (c >= 0 && map[c] < 0) {
			fair_error_set(err, FAIR_EINVAL, "model '%s' was fitted without group '%s'", m->name, g->labels[c]);
			goto fail;
		}
		out[i] = c < 0 ? -1 : (int32_t)map[c];
	}
	free(map);
	return out;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	free(map);
	free(out);
	return NULL;
}

/* What the learner of a trained model sees for @rows of @f: the
 * representation of the model it was trained on, or the pipeline's
 * features, repaired (direpair) or projected (FERM). */
static gsl_matrix *
trained_design(const fair_model *m, const fair_frame *f, const struct fair_groups *g, const size_t *rows,
               size_t n, fair_error *err)
{
	gsl_matrix *X, *Xt;

	if (m->rep != NULL) {
		X = fair_pipeline_transform(m->rep->pipe, f, rows, n, err);
		if (X == NULL)
			return NULL;
		Xt = fair_fairrep_encode(fair_rep_learner_rep(m->rep->learner), X, err);
		gsl_matrix_free(X);
		return Xt;
	}
	if ((X = fair_pipeline_transform(m->pipe, f, rows, n, err)) == NULL)
		return NULL;
	if (m->direpair) {
		int32_t *grp = map_groups(m, g, rows, n, err);
		Xt = grp ? fair_direpair_apply(m->direpair, X, grp, err) : NULL;
		free(grp);
		gsl_matrix_free(X);
		if ((X = Xt) == NULL)
			return NULL;
	}
	if (m->corr) {
		int32_t *grp = map_groups(m, g, rows, n, err);
		Xt = grp ? fair_corrremove_apply(m->corr, X, grp, err) : NULL;
		free(grp);
		gsl_matrix_free(X);
		if ((X = Xt) == NULL)
			return NULL;
	}
	if (m->ferm) {
		Xt = fair_ferm_apply(m->ferm, X, err);
		gsl_matrix_free(X);
		X = Xt;
	}
	return X;
}

/* The trained model behind a post-processing model (its base, and so on),
 * or NULL (a correction of a prediction column). */
static const fair_model *
trained_of(const fair_model *m)
{
	while (m != NULL && m->kind != FAIR_MODEL_TRAINED)
		m = m->base;
	return m;
}

gsl_matrix *
fair_model_design(const fair_model *m, const fair_frame *f, const struct fair_groups *g, const size_t *rows,
                  size_t n, fair_error *err)
{
	const fair_model *t = trained_of(m);

	if (t == NULL) {
		fair_error_set(err, FAIR_EINVAL, "model '%s' corrects a prediction column: it has no features", m->name);
		return NULL;
	}
	if (n == 0) {
		fair_error_set(err, FAIR_EINVAL, "no rows");
		return NULL;
	}
	return trained_design(t, f, g, rows, n, err);
}

size_t
fair_model_design_dim(const fair_model *m)
{
	const fair_model *t = trained_of(m);

	return t != NULL && t->learner != NULL ? t->learner->d : 0;
}

char *
fair__workbench_design_name(const fair_model *m, size_t d, size_t k)
{
	char buf[300];

	if (k >= d)
		return NULL;
	if (m->rep != NULL)
		snprintf(buf, sizeof buf, "%s_%zu", m->rep->name, k + 1);
	else if (m->pipe != NULL && fair_pipeline_dim(m->pipe) == d)
		snprintf(buf, sizeof buf, "%s", fair_pipeline_feature_name(m->pipe, k));
	else
		snprintf(buf, sizeof buf, "x%zu", k + 1);
	return strdup(buf);
}

char *
fair_model_design_name(const fair_model *m, size_t k)
{
	const fair_model *t = trained_of(m);

	if (t == NULL || t->learner == NULL)
		return NULL;
	return fair__workbench_design_name(t, t->learner->d, k);
}

/* Per-group thresholds: base scores shifted so that the base cut applies
 * (see fair_model_thresholds in model.h). */
static int
thresholds_scores(const fair_model *m, const fair_frame *f, const struct fair_groups *g,
                  const size_t *rows, size_t n, double *score, fair_error *err)
{
	double cut = fair_model_threshold(m->base);
	int32_t *grp;
	int st = fair_model_scores(m->base, f, g, rows, n, score, err);

	if (st)
		return st;
	if ((grp = map_groups(m, g, rows, n, err)) == NULL)
		return err ? err->code : FAIR_EINVAL;
	for (size_t i = 0; i < n; i++) {
		double s = score[i], t;
		if (grp[i] < 0 || isnan(s))
			continue;
		t = m->thresholds[grp[i]];
		score[i] = s - t + cut;
		if (s > t && !(score[i] > cut))
			score[i] = nextafter(cut, INFINITY);
		else if (!(s > t) && score[i] > cut)
			score[i] = cut;
	}
	free(grp);
	return FAIR_OK;
}

bool
fair_model_randomised(const fair_model *m)
{
	return m->kind == FAIR_MODEL_THRESHOLD_OPT || m->kind == FAIR_MODEL_POSTPROC ||
	       (m->kind == FAIR_MODEL_TRAINED && (m->learner->type->flags & FAIR_LEARNER_RANDOMISED) &&
	        m->learner->task != FAIR_TASK_REGRESSION);   /* a mixture of regressors predicts its mean */
}

/* Post-processors: P(yhat = 1) from the base model's P or score, or from
 * the score column. */
static int
post_proba(const fair_model *m, const fair_frame *f, const struct fair_groups *g,
           const size_t *rows, size_t n, double *p, fair_error *err)
{
	int32_t *grp = NULL;
	int st = FAIR_OK;

	if (m->base) {
		st = fair_model_proba(m->base, f, g, rows, n, p, err);
	} else {
		long c = fair_frame_find(f, m->column);
		const double *v;
		if (c < 0 || (v = fair_column_values(fair_frame_column(f, (size_t)c))) == NULL)
			st = fair_error_set(err, FAIR_ENOTFOUND, "numeric column '%s' not found", m->column);
		else
			for (size_t i = 0; i < n; i++)
				p[i] = v[rows ? rows[i] : i];
	}
	if (st == FAIR_OK && (grp = map_groups(m, g, rows, n, err)) == NULL)
		st = err ? err->code : FAIR_EINVAL;
	for (size_t i = 0; st == FAIR_OK && i < n; i++)
		p[i] = m->topt ? fair_thresh_prob(m->topt, p[i], grp[i]) : fair_post_prob(m->post, p[i], grp[i]);
	free(grp);
	return st;
}

int
fair_model_scores(const fair_model *m, const fair_frame *f, const struct fair_groups *g,
                  const size_t *rows, size_t n, double *score, fair_error *err)
{
	int st = fair_model_proba(m, f, g, rows, n, score, err);

	/* randomised classifiers: the decision, drawn per row (methods-private.h) */
	if (st == FAIR_OK && fair_model_randomised(m))
		for (size_t i = 0; i < n; i++)
			score[i] = fair_random_draw(score[i], m->seed, rows ? rows[i] : i);
	return st;
}

int
fair_model_proba(const fair_model *m, const fair_frame *f, const struct fair_groups *g,
                 const size_t *rows, size_t n, double *score, fair_error *err)
{
	int st = FAIR_OK;

	if (n == 0)
		return FAIR_OK;
	if (m->kind == FAIR_MODEL_THRESHOLD_OPT || m->kind == FAIR_MODEL_POSTPROC)
		return post_proba(m, f, g, rows, n, score, err);
	if (m->kind == FAIR_MODEL_TRAINED) {
		gsl_matrix *X = trained_design(m, f, g, rows, n, err);
		if (X == NULL)
			return err ? err->code : FAIR_EINVAL;
		st = fair_learner_predict(m->learner, X, score, err);
		gsl_matrix_free(X);
		return st;
	}
	if (m->kind == FAIR_MODEL_THRESHOLDS)
		return thresholds_scores(m, f, g, rows, n, score, err);
	/* Wasserstein: base scores, then the map with each row's group; when
	 * the map was fitted on a retrained base, (1 - alpha) f + alpha g(f') */
	double *base = malloc(n * sizeof *base), *fair = NULL;
	int32_t *grp = NULL;
	bool two = m->fair_base != NULL && m->fair_base != m->base;
	if (base == NULL || (two && (fair = malloc(n * sizeof *fair)) == NULL)) {
		free(base);
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	if (m->base) {
		st = fair_model_scores(m->base, f, g, rows, n, base, err);
		if (st == FAIR_OK && two)
			st = fair_model_scores(m->fair_base, f, g, rows, n, fair, err);
	} else {
		long c = fair_frame_find(f, m->column);
		const double *v;
		if (c < 0 || (v = fair_column_values(fair_frame_column(f, (size_t)c))) == NULL)
			st = fair_error_set(err, FAIR_ENOTFOUND, "numeric column '%s' not found", m->column);
		else
			for (size_t i = 0; i < n; i++)
				base[i] = v[rows ? rows[i] : i];
	}
	if (st == FAIR_OK && (grp = map_groups(m, g, rows, n, err)) == NULL)
		st = err ? err->code : FAIR_EINVAL;
	if (st == FAIR_OK && !two)
		st = fair_wbary_apply(m->wb, base, grp, n, m->alpha, m->seed, score, NULL, err);
	if (st == FAIR_OK && two) {
		/* the dial's ends are the user's model (alpha = 0, bit for bit) and
		 * the fully fair one; rows the map cannot score stay unscored */
		double a = m->alpha, b = 1 - a;
		st = fair_wbary_apply(m->wb, fair, grp, n, 1.0, m->seed, fair, NULL, err);
		for (size_t i = 0; st == FAIR_OK && i < n; i++)
			score[i] = a == 0 ? base[i] : isnan(fair[i]) ? NAN : a == 1 ? fair[i] : b * base[i] + a * fair[i];
	}
	/* the map averages jittered calibration scores: a large jitter= can
	 * leave [0, 1]; probabilities stay probabilities */
	if (st == FAIR_OK && fair_model_score_is_prob(m))
		for (size_t i = 0; i < n; i++) {
			if (score[i] < 0)
				score[i] = 0;
			else if (score[i] > 1)
				score[i] = 1;
		}
	free(grp);
	free(base);
	free(fair);
	return st;
}

const fair_thresh *
fair_model_threshold_optimiser(const fair_model *m)
{
	return m->kind == FAIR_MODEL_THRESHOLD_OPT ? m->topt : NULL;
}
