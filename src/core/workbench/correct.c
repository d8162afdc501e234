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
fair_model_wasserstein_score(const fair_session *s, const char *column, double threshold, const char *name,
                             double alpha, double calib, double jitter, unsigned long seed,
                             fair_progress *prog, fair_error *err)
{
	fair_model *m;
	fair_buf d = FAIR_BUF_INIT;

	if (!isfinite(threshold)) {
		fair_error_set(err, FAIR_EINVAL, "the threshold of score '%s' is not a finite number", column);
		return NULL;
	}
	if ((m = fair_model_wasserstein(s, NULL, column, name, alpha, calib, jitter, seed, prog, err)) == NULL)
		return NULL;
	m->cut = threshold;
	fair_buf_printf(&d, "wasserstein(score=%s, decisions >= %g) alpha=%g", column, threshold, alpha);
	free(m->desc);
	if ((m->desc = fair_buf_detach(&d)) == NULL) {
		fair_model_unref(m);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	return m;
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

/* ---- post-processing on the training rows' scores ---- */

/* The training rows' scores of @base (P(yhat = 1) for a randomised model)
 * or of the numeric @column, their labels and groups (renumbered to the
 * groups with training rows; rows without a label or score get group -1),
 * and those groups' labels. *cut is the score's decision threshold. */
struct post_data {
	double  *p, *y;
	int32_t *grp;
	char   **labels;
	size_t   n, K;
	double   cut;
	bool     prob;      /* the scores are probabilities */
	long     priv;      /* the privileged group among them, -1 */
};

static void
post_data_release(struct post_data *d)
{
	free(d->p);
	free(d->y);
	free(d->grp);
	free(d->labels);
}

static int
post_data_get(const fair_session *s, fair_model *base, const char *column, const char *what,
              struct post_data *d, fair_error *err)
{
	size_t *rows = NULL;
	long *gmap = NULL;
	int st = FAIR_OK;

	memset(d, 0, sizeof *d);
	d->priv = -1;
	if (s->groups == NULL || s->target == NULL)
		return fair_error_set(err, FAIR_EINVAL, "%s needs a target and a sensitive attribute", what);
	if (s->target->task != FAIR_TASK_CLASSIFICATION || (base && fair_model_task(base) != FAIR_TASK_CLASSIFICATION))
		return fair_error_set(err, FAIR_EINVAL, "%s needs a binary target and a classifier; '%s' is not", what,
		                      base ? fair_model_name(base) : s->target->column);
	if ((rows = fair_session_rows(s, FAIR_ON_TRAIN, &d->n, err)) == NULL)
		return err ? err->code : FAIR_EINVAL;
	d->p = malloc((d->n + 1) * sizeof *d->p);
	d->y = malloc((d->n + 1) * sizeof *d->y);
	d->grp = malloc((d->n + 1) * sizeof *d->grp);
	gmap = malloc(s->groups->K * sizeof *gmap);
	d->labels = calloc(s->groups->K, sizeof *d->labels);
	if (!d->p || !d->y || !d->grp || !gmap || !d->labels) {
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	if (base) {
		if ((st = fair_model_proba(base, s->frame, s->groups, rows, d->n, d->p, err)))
			goto out;
		d->prob = fair_model_randomised(base) || fair_model_score_is_prob(base);
		d->cut = fair_model_randomised(base) ? 0.5 : fair_model_threshold(base);
	} else {
		long c = fair_frame_find(s->frame, column);
		const double *v;
		if (c < 0) {
			st = fair_error_set(err, FAIR_ENOTFOUND, "no column named '%s'", column);
			goto out;
		}
		if ((v = fair_column_values(fair_frame_column(s->frame, (size_t)c))) == NULL) {
			st = fair_error_set(err, FAIR_EINVAL, "column '%s' is categorical; %s needs numeric scores", column, what);
			goto out;
		}
		d->prob = true;
		for (size_t i = 0; i < d->n; i++) {
			d->p[i] = v[rows[i]];
			if (!isnan(d->p[i]) && (d->p[i] < 0 || d->p[i] > 1))
				d->prob = false;
		}
		d->cut = 0.5;
	}
	d->K = fair__workbench_groups_used(s->groups, rows, d->n, gmap, (const char **)d->labels);
	if (s->groups->privileged >= 0)
		d->priv = gmap[s->groups->privileged];
	for (size_t i = 0; i < d->n; i++) {
		d->y[i] = s->target->y[rows[i]];
		d->grp[i] = (int32_t)gmap[s->groups->group[rows[i]]];
		if (isnan(d->y[i]) || isnan(d->p[i]))
			d->grp[i] = -1;   /* unlabelled or unscored rows take no part */
	}
out:
	free(rows);
	free(gmap);
	return st;
}

/* The post-processing model @m on @base or @column: name, references. */
static int
post_model_finish(fair_model *m, const fair_session *s, fair_model *base, const char *column,
                  struct post_data *d, unsigned long seed, fair_error *err)
{
	if (fair__workbench_model_labels(m, d->labels, d->K, err))
		return err ? err->code : FAIR_ENOMEM;
	if (base) {
		m->base = fair_model_ref(base);
		m->target_col = fair__workbench_xstrdup(fair_model_target(base));
	} else {
		if ((m->column = strdup(column)) == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		m->target_col = fair__workbench_xstrdup(s->target->column);
	}
	m->seed = seed;
	return FAIR_OK;
}

/* ---- threshold optimiser (methods/threshold.c) ---- */

/* One group's rule in words: "A: 0.8008 (s < 2.5) + 0.0012". */
static void
rule_desc(fair_buf *b, const char *label, const fair_thresh_group *r, const char *sep)
{
	double cst = r->p_ignore * r->constant, w = 1 - r->p_ignore;
	const int op[2] = { r->op0, r->op1 };
	const double thr[2] = { r->thr0, r->thr1 }, p[2] = { r->p0 * w, r->p1 * w };
	bool any = false;

	fair_buf_printf(b, "%s%s:", sep, label);
	if (r->n == 0) {
		fair_buf_puts(b, " no training rows");
		return;
	}
	for (int k = 0; k < 2; k++) {
		bool nobody = (op[k] != FAIR_THRESH_LT && thr[k] == INFINITY) || (op[k] == FAIR_THRESH_LT && thr[k] == -INFINITY);
		bool all = (op[k] != FAIR_THRESH_LT && thr[k] == -INFINITY) || (op[k] == FAIR_THRESH_LT && thr[k] == INFINITY);
		if (!(p[k] > 0) || nobody)
			continue;
		if (all) {
			cst += p[k];
			continue;
		}
		fair_buf_printf(b, "%s %.4g (s %s %.4g)", any ? " +" : "", p[k],
		                op[k] == FAIR_THRESH_GT ? ">" : op[k] == FAIR_THRESH_LT ? "<" : ">=", thr[k]);
		any = true;
	}
	if (cst > 0 || !any)
		fair_buf_printf(b, "%s %.4g", any ? " +" : "", cst);
}

fair_model *
fair_model_threshold_opt(const fair_session *s, fair_model *base, const char *column, const char *name,
                         const fair_thresh_opts *o, unsigned long seed, fair_error *err)
{
	fair_model *m = NULL;
	struct post_data d;
	fair_buf b = FAIR_BUF_INIT;

	if (post_data_get(s, base, column, "the threshold optimiser", &d, err))
		goto fail;
	if ((m = fair__workbench_model_new(name, FAIR_MODEL_THRESHOLD_OPT, FAIR_TASK_CLASSIFICATION, err)) == NULL)
		goto fail;
	if ((m->topt = fair_thresh_fit_opts(d.p, d.y, d.grp, d.n, d.K, o, (const char *const *)d.labels, err)) == NULL ||
	    post_model_finish(m, s, base, column, &d, seed, err))
		goto fail;
	if (base)
		fair_buf_printf(&b, "threshold(%s)", base->name);
	else
		fair_buf_printf(&b, "threshold(score=%s)", column);
	fair_buf_printf(&b, " constraint=%s", fair_constraint_name(o->constraint));
	if (o->objective != FAIR_OBJECTIVE_ACCURACY)
		fair_buf_printf(&b, " objective=%s", fair_objective_name(o->objective));
	if (o->flip)
		fair_buf_puts(&b, " flip=yes");
	if (o->tol > 0)
		fair_buf_printf(&b, " tol=%g", o->tol);
	if (o->grid > 0)
		fair_buf_printf(&b, " grid=%zu", o->grid);
	fair_buf_printf(&b, " training accuracy %.4f", fair_thresh_accuracy(m->topt));
	if (d.K <= 8)
		for (size_t k = 0; k < d.K; k++)
			rule_desc(&b, d.labels[k], fair_thresh_group_get(m->topt, k), k == 0 ? "; P(yes): " : "; ");
	m->desc = fair_buf_detach(&b);
	post_data_release(&d);
	return m;
fail:
	fair_buf_release(&b);
	post_data_release(&d);
	fair_model_unref(m);
	return NULL;
}

/* ---- AIF360's post-processors (methods/postproc.c) ---- */

void
fair_postproc_opts_init(fair_postproc_opts *o)
{
	fair_roc_opts r;

	fair_roc_opts_init(&r);
	o->method = FAIR_POSTPROC_EQODDS;
	o->cost = FAIR_POSTPROC_COST_WEIGHTED;
	o->roc_metric = FAIR_CONSTRAINT_DP;
	o->lb = r.lb;
	o->ub = r.ub;
	o->low = r.low;
	o->high = r.high;
	o->nthresh = r.nthresh;
	o->nmargin = r.nmargin;
}

static const char *const postproc_names[] = { "eqodds", "caleqodds", "roc" };
static const char *const cost_names[] = { "fnr", "fpr", "weighted" };

fair_model *
fair_model_postproc(const fair_session *s, fair_model *base, const char *column, const char *name,
                    const fair_postproc_opts *o, unsigned long seed, fair_error *err)
{
	static const char *const what[] = { "equalized-odds post-processing", "calibrated equalized odds",
	                                    "reject-option classification" };
	fair_model *m = NULL;
	struct post_data d;
	fair_buf b = FAIR_BUF_INIT;
	fair_post *p = NULL;

	if (o->method < FAIR_POSTPROC_EQODDS || o->method > FAIR_POSTPROC_ROC) {
		fair_error_set(err, FAIR_EINVAL, "unknown post-processing method %d", o->method);
		return NULL;
	}
	if (post_data_get(s, base, column, what[o->method], &d, err))
		goto fail;
	if (o->method != FAIR_POSTPROC_EQODDS && !d.prob) {
		fair_error_set(err, FAIR_EINVAL, "%s needs probabilities; the scores of '%s' are not in [0, 1]",
		               what[o->method], base ? fair_model_name(base) : column);
		goto fail;
	}
	if (o->method == FAIR_POSTPROC_EQODDS) {
		p = fair_eqodds_fit(d.p, d.cut, d.y, d.grp, d.n, d.K, (const char *const *)d.labels, err);
	} else if (o->method == FAIR_POSTPROC_CALEQODDS) {
		p = fair_caleqodds_fit(d.p, d.y, d.grp, d.n, d.K, o->cost, (const char *const *)d.labels, err);
	} else {
		fair_roc_opts r = { .metric = o->roc_metric == FAIR_CONSTRAINT_EO ? FAIR_ROC_EOD
		                              : o->roc_metric == FAIR_CONSTRAINT_DP ? FAIR_ROC_SPD : FAIR_ROC_AOD,
		                    .lb = o->lb, .ub = o->ub, .low = o->low, .high = o->high,
		                    .nthresh = o->nthresh, .nmargin = o->nmargin };
		if (d.priv < 0) {
			fair_error_set(err, FAIR_EINVAL, "reject-option classification needs a privileged group "
			               "(sensitive COLUMN privileged=VALUE)");
			goto fail;
		}
		p = fair_roc_fit(d.p, d.y, d.grp, d.n, d.K, d.priv, &r, (const char *const *)d.labels, err);
	}
	if (p == NULL)
		goto fail;
	if ((m = fair__workbench_model_new(name, FAIR_MODEL_POSTPROC, FAIR_TASK_CLASSIFICATION, err)) == NULL)
		goto fail;
	m->post = p;
	p = NULL;
	if (post_model_finish(m, s, base, column, &d, seed, err))
		goto fail;
	fair_buf_printf(&b, "%s(%s%s)", postproc_names[o->method], base ? "" : "score=", base ? base->name : column);
	{
		fair_post_facts f;
		fair_post_info(m->post, &f);
		if (o->method == FAIR_POSTPROC_CALEQODDS) {
			fair_buf_printf(&b, " cost=%s mixing rates", cost_names[o->cost]);
			for (size_t k = 0; k < d.K; k++)
				fair_buf_printf(&b, " %s=%.4g", d.labels[k], f.mix[k]);
		} else if (o->method == FAIR_POSTPROC_ROC) {
			fair_buf_printf(&b, " metric=%s threshold %.4g margin %.4g (metric %.4g%s)",
			                o->roc_metric == FAIR_CONSTRAINT_EO ? "eo" : o->roc_metric == FAIR_CONSTRAINT_DP ? "dp" : "aod",
			                f.thr, f.margin, f.metric_value, f.satisfied ? "" : ", bounds not met");
		} else {
			fair_buf_puts(&b, " P(yes | base yes, base no):");
			for (size_t k = 0; k < d.K; k++)
				fair_buf_printf(&b, " %s=%.4g,%.4g", d.labels[k], f.p_pos[k], f.p_neg[k]);
		}
	}
	m->desc = fair_buf_detach(&b);
	post_data_release(&d);
	return m;
fail:
	fair_post_free(p);
	fair_buf_release(&b);
	post_data_release(&d);
	fair_model_unref(m);
	return NULL;
}
