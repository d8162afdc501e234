/* model.c -- trained models as the rest of fairsh sees them: reference
 * counting, accessors, scoring (pipeline -> [repair] -> [FERM] -> learner, or
 * through a learned representation), and the post-processing models
 * (Wasserstein barycenter, per-group thresholds, threshold optimiser).
 * Snapshots and options are in train-spec.c, training in train.c,
 * saving in model-save.c. */
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
	free(m->target_col);
	fair_pipeline_free(m->pipe);
	fair_ferm_free(m->ferm);
	fair_learner_free(m->learner);
	fair_train_spec_free(m->spec);
	if (m->base)
		fair_model_unref(m->base);
	free(m->column);
	fair_wbary_free(m->wb);
	for (size_t k = 0; k < m->K; k++)
		free(m->labels[k]);
	free(m->labels);
	free(m->thresholds);
	fair_direpair_free(m->direpair);
	fair_thresh_free(m->topt);
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
fair_mi_model_new(const char *name, int kind, int task, fair_error *err)
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
	return m;
}

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
int fair_model_kind(const fair_model *m) { return m->kind; }
int fair_model_task(const fair_model *m) { return m->task; }
const char *fair_model_target(const fair_model *m) { return m->target_col ? m->target_col : ""; }

double
fair_model_threshold(const fair_model *m)
{
	if (fair_model_randomised(m))
		return 0.5;   /* scores are 0/1 decisions */
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
	return m->kind == FAIR_MODEL_THRESHOLD_OPT ||
	       (m->kind == FAIR_MODEL_TRAINED && fair_expgrad_is(m->learner));
}

/* Threshold optimiser: P(yhat = 1) from the base model's P or score. */
static int
topt_proba(const fair_model *m, const fair_frame *f, const struct fair_groups *g,
           const size_t *rows, size_t n, double *p, fair_error *err)
{
	int32_t *grp = NULL;
	int st = fair_model_proba(m->base, f, g, rows, n, p, err);

	if (st == FAIR_OK && (grp = map_groups(m, g, rows, n, err)) == NULL)
		st = err ? err->code : FAIR_EINVAL;
	for (size_t i = 0; st == FAIR_OK && i < n; i++)
		p[i] = fair_thresh_prob(m->topt, p[i], grp[i]);
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
	if (m->kind == FAIR_MODEL_THRESHOLD_OPT)
		return topt_proba(m, f, g, rows, n, score, err);
	if (m->kind == FAIR_MODEL_TRAINED && m->rep != NULL) {
		gsl_matrix *X0 = fair_pipeline_transform(m->rep->pipe, f, rows, n, err), *Z;
		if (X0 == NULL)
			return err ? err->code : FAIR_EINVAL;
		Z = fair_fairrep_encode(fair_rep_learner_rep(m->rep->learner), X0, err);
		gsl_matrix_free(X0);
		if (Z == NULL)
			return err ? err->code : FAIR_EINVAL;
		st = fair_learner_predict(m->learner, Z, score, err);
		gsl_matrix_free(Z);
		return st;
	}
	if (m->kind == FAIR_MODEL_TRAINED) {
		gsl_matrix *X = fair_pipeline_transform(m->pipe, f, rows, n, err), *Xt;
		if (X == NULL)
			return err ? err->code : FAIR_EINVAL;
		if (m->direpair) {
			int32_t *grp = map_groups(m, g, rows, n, err);
			Xt = grp ? fair_direpair_apply(m->direpair, X, grp, err) : NULL;
			free(grp);
			gsl_matrix_free(X);
			if (Xt == NULL)
				return err ? err->code : FAIR_EINVAL;
			X = Xt;
		}
		if (m->ferm) {
			Xt = fair_ferm_apply(m->ferm, X, err);
			gsl_matrix_free(X);
			if (Xt == NULL)
				return err ? err->code : FAIR_EINVAL;
			X = Xt;
		}
		st = fair_learner_predict(m->learner, X, score, err);
		gsl_matrix_free(X);
		return st;
	}
	if (m->kind == FAIR_MODEL_THRESHOLDS)
		return thresholds_scores(m, f, g, rows, n, score, err);
	/* Wasserstein: base scores, then the map with each row's group */
	double *base = malloc(n * sizeof *base);
	int32_t *grp = NULL;
	if (base == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if (m->base) {
		st = fair_model_scores(m->base, f, g, rows, n, base, err);
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
	if (st == FAIR_OK)
		st = fair_wbary_apply(m->wb, base, grp, n, m->alpha, m->seed, score, NULL, err);
	free(grp);
	free(base);
	return st;
}

fair_model *
fair_model_wasserstein(const fair_session *s, fair_model *base, const char *column,
                       const char *name, double alpha, double calib, double jitter,
                       unsigned long seed, fair_progress *prog, fair_error *err)
{
	fair_model *m = NULL;
	size_t *rows = NULL, nrows = 0;
	double *sc = NULL;
	int32_t *grp = NULL;
	fair_buf d = FAIR_BUF_INIT;
	bool retrain = false;
	long *gmap = NULL;

	if (s->groups == NULL) {
		fair_error_set(err, FAIR_EINVAL, "the Wasserstein correction needs a sensitive attribute (use 'sensitive COLUMN')");
		return NULL;
	}
	if (alpha < 0 || alpha > 1) {
		fair_error_set(err, FAIR_EINVAL, "alpha must be between 0 and 1, not %g", alpha);
		return NULL;
	}
	/* calibration rows: those marked calib, else a seeded fraction of the
	 * training rows (for a model those rows must be unseen: the caller
	 * retrains the base without them; for a column it is the user's call) */
	{
		fair_error e2;
		rows = fair_session_rows(s, FAIR_ON_CALIB, &nrows, &e2);
	}
	if (rows == NULL) {
		retrain = base != NULL && base->kind == FAIR_MODEL_TRAINED && base->spec != NULL;
		if (base != NULL && !retrain) {
			fair_error_set(err, FAIR_EINVAL, "model '%s' cannot be retrained without calibration rows; "
			               "mark them with 'split column=COL' (value calib)", base->name);
			return NULL;
		}
		size_t *tr = fair_session_rows(s, s->split ? FAIR_ON_TRAIN : FAIR_ON_ALL, &nrows, err);
		if (tr == NULL)
			return NULL;
		gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
		gsl_rng_set(r, seed);
		size_t k = (size_t)floor(calib * (double)nrows + 0.5);
		if (k < 2)
			k = nrows < 2 ? nrows : 2;
		gsl_ran_shuffle(r, tr, nrows, sizeof *tr);
		gsl_rng_free(r);
		rows = tr;
		nrows = k;
	}
	sc = malloc(nrows * sizeof *sc);
	grp = malloc(nrows * sizeof *grp);
	if (sc == NULL || grp == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto fail;
	}
	m = fair_mi_model_new(name, FAIR_MODEL_WASSERSTEIN, base ? fair_model_task(base) : s->target ? s->target->task : FAIR_TASK_REGRESSION, err);
	if (m == NULL)
		goto fail;
	m->alpha = alpha;
	m->seed = seed;
	/* the groups with kept rows (filters may empty some); codes remapped */
	gmap = malloc(s->groups->K * sizeof *gmap);
	m->labels = calloc(s->groups->K, sizeof *m->labels);
	if (gmap == NULL || m->labels == NULL)
		goto fail;
	{
		size_t nall = 0, *all = fair_session_rows(s, FAIR_ON_ALL, &nall, NULL);
		for (size_t k = 0; k < s->groups->K; k++)
			gmap[k] = all ? -1 : 0;
		for (size_t i = 0; i < nall; i++)
			gmap[s->groups->group[all[i]]] = 0;
		free(all);
	}
	for (size_t k = 0; k < s->groups->K; k++)
		if (gmap[k] == 0) {
			gmap[k] = (long)m->K;
			m->labels[m->K++] = strdup(s->groups->labels[k]);
		}
	if (base && retrain) {
		/* the paper's protocol: the base must not see the calibration rows */
		fair_train_spec *sub = fair_mi_spec_without(base->spec, rows, nrows, err);
		fair_model *b2;
		if (sub == NULL)
			goto fail;
		b2 = fair_model_train(sub, prog, err);
		fair_train_spec_free(sub);
		if (b2 == NULL)
			goto fail;
		free(b2->name);
		b2->name = strdup(base->name);
		m->base = b2;
	} else if (base) {
		m->base = fair_model_ref(base);
	}
	if (base) {
		if (fair_model_scores(m->base, s->frame, s->groups, rows, nrows, sc, err))
			goto fail;
		m->target_col = fair_mi_xstrdup(base->target_col);
		fair_buf_printf(&d, "wasserstein(%s) alpha=%g", base->name, alpha);
	} else {
		long c = fair_frame_find(s->frame, column);
		const double *v;
		if (c < 0) {
			fair_error_set(err, FAIR_ENOTFOUND, "no column named '%s'", column);
			goto fail;
		}
		v = fair_column_values(fair_frame_column(s->frame, (size_t)c));
		if (v == NULL) {
			fair_error_set(err, FAIR_EINVAL, "column '%s' is categorical; the correction needs numeric predictions", column);
			goto fail;
		}
		m->column = strdup(column);
		m->target_col = s->target ? strdup(s->target->column) : NULL;
		for (size_t i = 0; i < nrows; i++)
			sc[i] = v[rows[i]];
		fair_buf_printf(&d, "wasserstein(pred=%s) alpha=%g", column, alpha);
	}
	for (size_t i = 0; i < nrows; i++)
		grp[i] = (int32_t)gmap[s->groups->group[rows[i]]];
	m->wb = fair_wbary_fit(sc, grp, nrows, m->K, (const char *const *)m->labels,
	                        jitter == FAIR_MODEL_JITTER_AUTO ? FAIR_WBARY_JITTER_AUTO : jitter, seed, err);
	if (m->wb == NULL)
		goto fail;
	m->desc = fair_buf_detach(&d);
	free(rows);
	free(sc);
	free(grp);
	free(gmap);
	return m;
fail:
	fair_buf_release(&d);
	fair_model_unref(m);
	free(rows);
	free(sc);
	free(grp);
	free(gmap);
	return NULL;
}

fair_model *
fair_model_thresholds(fair_model *base, const char *name, const double *thresholds, size_t K,
                      const char *const *labels, fair_error *err)
{
	fair_model *m;
	fair_buf d = FAIR_BUF_INIT;

	if (fair_model_task(base) != FAIR_TASK_CLASSIFICATION) {
		fair_error_set(err, FAIR_EINVAL, "model '%s' is a regression model; group thresholds need a classifier",
		               base->name);
		return NULL;
	}
	if (K == 0) {
		fair_error_set(err, FAIR_EINVAL, "group thresholds need at least one group");
		return NULL;
	}
	for (size_t k = 0; k < K; k++)
		if (isnan(thresholds[k])) {
			fair_error_set(err, FAIR_EINVAL, "threshold of group '%s' is not a number", labels[k]);
			return NULL;
		}
	if ((m = fair_mi_model_new(name, FAIR_MODEL_THRESHOLDS, FAIR_TASK_CLASSIFICATION, err)) == NULL)
		return NULL;
	m->base = fair_model_ref(base);
	m->target_col = fair_mi_xstrdup(base->target_col);
	m->labels = calloc(K, sizeof *m->labels);
	m->thresholds = malloc(K * sizeof *m->thresholds);
	if (m->labels == NULL || m->thresholds == NULL)
		goto nomem;
	m->K = K;
	fair_buf_printf(&d, "thresholds(%s)", base->name);
	for (size_t k = 0; k < K; k++) {
		if ((m->labels[k] = strdup(labels[k])) == NULL)
			goto nomem;
		m->thresholds[k] = thresholds[k];
		fair_buf_printf(&d, " %s=%.4g", labels[k], thresholds[k]);
	}
	m->desc = fair_buf_detach(&d);
	if (m->desc == NULL)
		goto nomem;
	return m;
nomem:
	fair_buf_release(&d);
	fair_model_unref(m);
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
	return NULL;
}

/* ---- threshold optimiser (issue 11; methods-private.h) --------------------------- */

fair_model *
fair_model_threshold_opt(const fair_session *s, fair_model *base, const char *name, int constraint,
                         unsigned long seed, fair_error *err)
{
	fair_model *m = NULL;
	size_t *rows = NULL, nrows = 0;
	double *p = NULL, *y = NULL;
	int32_t *grp = NULL, *gmap = NULL;
	char **labels = NULL;
	size_t K = 0;
	fair_buf d = FAIR_BUF_INIT;

	if (s->groups == NULL || s->target == NULL) {
		fair_error_set(err, FAIR_EINVAL, "the threshold optimiser needs a target and a sensitive attribute");
		return NULL;
	}
	if (fair_model_task(base) != FAIR_TASK_CLASSIFICATION || s->target->task != FAIR_TASK_CLASSIFICATION) {
		fair_error_set(err, FAIR_EINVAL, "the threshold optimiser needs a binary target and a classifier; '%s' is not",
		               fair_model_name(base));
		return NULL;
	}
	if ((rows = fair_session_rows(s, FAIR_ON_TRAIN, &nrows, err)) == NULL)
		return NULL;
	p = malloc((nrows + 1) * sizeof *p);
	y = malloc((nrows + 1) * sizeof *y);
	grp = malloc((nrows + 1) * sizeof *grp);
	if (!p || !y || !grp) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto fail;
	}
	if (fair_model_proba(base, s->frame, s->groups, rows, nrows, p, err))
		goto fail;
	/* only the groups with training rows (filters may empty some), renumbered */
	gmap = malloc(s->groups->K * sizeof *gmap);
	labels = calloc(s->groups->K, sizeof *labels);
	if (gmap == NULL || labels == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t k = 0; k < s->groups->K; k++)
		gmap[k] = -1;
	for (size_t i = 0; i < nrows; i++)
		gmap[s->groups->group[rows[i]]] = 0;
	for (size_t k = 0; k < s->groups->K; k++)
		if (gmap[k] == 0) {
			gmap[k] = (int32_t)K;
			labels[K++] = s->groups->labels[k];
		}
	for (size_t i = 0; i < nrows; i++) {
		y[i] = s->target->y[rows[i]];
		grp[i] = gmap[s->groups->group[rows[i]]];
		if (isnan(y[i]) || isnan(p[i]))
			grp[i] = -1;   /* unlabelled or unscored rows take no part */
	}
	if ((m = fair_mi_model_new(name, FAIR_MODEL_THRESHOLD_OPT, FAIR_TASK_CLASSIFICATION, err)) == NULL)
		goto fail;
	if ((m->topt = fair_thresh_fit(p, y, grp, nrows, K, constraint, err)) == NULL ||
	    fair_mi_model_labels(m, labels, K, err))
		goto fail;
	m->base = fair_model_ref(base);
	m->seed = seed;
	m->target_col = fair_mi_xstrdup(fair_model_target(base));
	fair_buf_printf(&d, "threshold(%s) constraint=%s training accuracy %.4f", base->name,
	                fair_constraint_name(constraint), fair_thresh_accuracy(m->topt));
	m->desc = fair_buf_detach(&d);
	free(rows);
	free(p);
	free(y);
	free(grp);
	free(gmap);
	free(labels);
	return m;
fail:
	fair_model_unref(m);
	free(rows);
	free(p);
	free(y);
	free(grp);
	free(gmap);
	free(labels);
	return NULL;
}

const fair_thresh *
fair_model_threshold_optimiser(const fair_model *m)
{
	return m->kind == FAIR_MODEL_THRESHOLD_OPT ? m->topt : NULL;
}
