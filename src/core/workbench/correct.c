/* correct.c -- the post-processing models, which correct a model (or a
 * prediction column) after training: the Wasserstein barycenter map
 * (doc/methods.md 4), one decision threshold per group, and the threshold
 * optimiser of Hardt et al. They read the session's rows and groups; the
 * Wasserstein map may be fitted on the base retrained without the
 * calibration rows (replaying its recipe), the user's model staying the
 * dial's other end. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "workbench/workbench-private.h"

fair_model *
fair_model_wasserstein(const fair_session *s, fair_model *base, const char *column,
                       const char *name, double alpha, double calib, double jitter,
                       unsigned long seed, fair_progress *prog, fair_error *err)
{
	fair_model *m = NULL, *fit_on;
	size_t *rows = NULL, nrows = 0;
	double *sc = NULL;
	int32_t *grp = NULL;
	fair_buf d = FAIR_BUF_INIT, warn = FAIR_BUF_INIT;
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
	 * training rows (for a model those rows must be unseen: the base is
	 * retrained without them; for a column it is the user's call) */
	{
		fair_error e2;
		rows = fair_session_rows(s, FAIR_ON_CALIB, &nrows, &e2);
	}
	if (rows == NULL) {
		retrain = base != NULL;
		if (base != NULL && base->kind != FAIR_MODEL_TRAINED) {
			fair_error_set(err, FAIR_EINVAL, "model '%s' is not a trained model and cannot be retrained without "
			               "calibration rows; mark them with 'split column=COL' (value calib)", base->name);
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
	m = fair__workbench_model_new(name, FAIR_MODEL_WASSERSTEIN, base ? fair_model_task(base) : s->target ? s->target->task : FAIR_TASK_REGRESSION, err);
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
		m->K = fair__workbench_groups_used(s->groups, all, nall, gmap, (const char **)m->labels);
		free(all);
		for (size_t k = 0; k < m->K; k++)
			m->labels[k] = strdup(m->labels[k]);
	}
	if (base)
		m->base = fair_model_ref(base);
	if (base && retrain) {
		/* the paper's protocol: the map is fitted on scores of a base that
		 * never saw the calibration rows; the user's model stays the dial's
		 * other end (fair_model_scores: (1 - alpha) f + alpha g(f')) */
		fair_train_spec *full = fair__workbench_spec_replay(base, s, err), *sub;
		if (full == NULL) {
			fair_error e2 = *err;
			fair_error_set(err, e2.code, "%s; or mark calibration rows with 'split column=COL' (value calib)", e2.msg);
			goto fail;
		}
		sub = fair__workbench_spec_without(full, rows, nrows, err);
		fair_train_spec_free(full);
		if (sub == NULL)
			goto fail;
		m->fair_base = fair_model_train(sub, prog, err);
		fair_train_spec_free(sub);
		if (m->fair_base == NULL)
			goto fail;
		free(m->fair_base->desc);
		m->fair_base->desc = NULL;
		fair_buf_printf(&d, "%s without its %zu calibration rows", fair_model_desc(base), nrows);
		m->fair_base->desc = fair_buf_detach(&d);
	}
	fit_on = m->fair_base ? m->fair_base : m->base;
	if (base) {
		if (fair_model_scores(fit_on, s->frame, s->groups, rows, nrows, sc, err))
			goto fail;
		m->target_col = fair__workbench_xstrdup(base->target_col);
		fair_buf_printf(&d, "wasserstein(%s) alpha=%g", base->name, alpha);
		/* which base the map rests on */
		fair_buf b = FAIR_BUF_INIT;
		if (retrain)
			fair_buf_printf(&b, "map fitted on '%s' retrained without %zu calibration rows (calib=%g)",
			                base->name, nrows, calib);
		else
			fair_buf_printf(&b, "map fitted on '%s' with the %zu calibration rows", base->name, nrows);
		m->basis = fair_buf_detach(&b);
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
	/* a group with few calibration rows is mapped through a CDF of few
	 * points: its scores jump between few barycenter values */
	for (size_t k = 0, shown = 0; k < m->K; k++) {
		size_t nk = fair_wbary_group_n(m->wb, k);
		if (nk < FAIR_MODEL_MIN_CALIB && shown++ < 5)
			fair_buf_printf(&warn, "%sgroup '%s' has %zu calibration row%s (fewer than %d): its corrected scores "
			                "take at most %zu distinct values and can move far from the base's",
			                warn.len ? "; " : "", m->labels[k], nk, nk == 1 ? "" : "s", FAIR_MODEL_MIN_CALIB, nk + 1);
	}
	if (warn.len)
		m->warning = fair_buf_detach(&warn);
	m->desc = fair_buf_detach(&d);
	free(rows);
	free(sc);
	free(grp);
	free(gmap);
	return m;
fail:
	fair_buf_release(&d);
	fair_buf_release(&warn);
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
	if ((m = fair__workbench_model_new(name, FAIR_MODEL_THRESHOLDS, FAIR_TASK_CLASSIFICATION, err)) == NULL)
		return NULL;
	m->base = fair_model_ref(base);
	m->target_col = fair__workbench_xstrdup(base->target_col);
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

/* ---- threshold optimiser (methods/threshold.c) ---- */

fair_model *
fair_model_threshold_opt(const fair_session *s, fair_model *base, const char *name, int constraint,
                         unsigned long seed, fair_error *err)
{
	fair_model *m = NULL;
	size_t *rows = NULL, nrows = 0;
	double *p = NULL, *y = NULL;
	int32_t *grp = NULL;
	long *gmap = NULL;
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
	K = fair__workbench_groups_used(s->groups, rows, nrows, gmap, (const char **)labels);
	for (size_t i = 0; i < nrows; i++) {
		y[i] = s->target->y[rows[i]];
		grp[i] = (int32_t)gmap[s->groups->group[rows[i]]];
		if (isnan(y[i]) || isnan(p[i]))
			grp[i] = -1;   /* unlabelled or unscored rows take no part */
	}
	if ((m = fair__workbench_model_new(name, FAIR_MODEL_THRESHOLD_OPT, FAIR_TASK_CLASSIFICATION, err)) == NULL)
		goto fail;
	if ((m->topt = fair_thresh_fit_labels(p, y, grp, nrows, K, (const char *const *)labels, constraint, err)) == NULL ||
	    fair__workbench_model_labels(m, labels, K, err))
		goto fail;
	m->base = fair_model_ref(base);
	m->seed = seed;
	m->target_col = fair__workbench_xstrdup(fair_model_target(base));
	fair_buf_printf(&d, "threshold(%s) constraint=%s training accuracy %.4f", base->name,
	                fair_constraint_name(constraint), fair_thresh_accuracy(m->topt));
	m->desc = fair_buf_detach(&d);
	goto out;
fail:
	fair_model_unref(m);
	m = NULL;
out:
	free(rows);
	free(p);
	free(y);
	free(grp);
	free(gmap);
	free(labels);
	return m;
}
