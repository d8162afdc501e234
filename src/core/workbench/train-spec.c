/* train-spec.c -- training snapshots: the learners and their options
 * (validated before any job starts), the rows, targets, groups and features
 * copied from the session so that training can run in a background job. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fairsh/text.h"
#include "workbench/workbench-private.h"

/* ---- the options of the training chain ------------------------------------ */

static int
chain_set_pre(void *opts, const fair_opt *o, const char *v, fair_error *err)
{
	fair__workbench_chain_opts *c = opts;
	const fair_learner_type *t = c->type;
	fair_buf names = FAIR_BUF_INIT;
	int st;

	if ((st = fair_opt_parse(o, v, &c->pre, err)))
		return st;
	if (c->pre == FAIR__PRE_NONE)
		return FAIR_OK;
	if ((c->pre == FAIR__PRE_REWEIGH || c->pre == FAIR__PRE_DIREPAIR || c->pre == FAIR__PRE_CORRREMOVE) &&
	    (t->flags & FAIR_LEARNER_NO_PRE)) {
		fair__workbench_learner_names(FAIR_LEARNER_PLAIN, 0, ", ", &names);
		if (c->pre == FAIR__PRE_DIREPAIR || c->pre == FAIR__PRE_CORRREMOVE) {
			fair_buf_puts(&names, " and ");
			fair__workbench_learner_names(FAIR_LEARNER_GROUPS, FAIR_LEARNER_NO_PRE, " and ", &names);
		}
		st = fair_error_set(err, FAIR_EINVAL, "pre=%s applies to %s", v, names.buf);
	} else if (c->pre == FAIR__PRE_REWEIGH && (t->flags & FAIR_LEARNER_OWN_WEIGHTS)) {
		st = fair_error_set(err, FAIR_EINVAL, "%s weighs its own rows; pre=reweigh does not apply", t->name);
	} else if (c->pre == FAIR__PRE_REWEIGH && (t->flags & FAIR_LEARNER_NO_WEIGHTS)) {
		st = fair_error_set(err, FAIR_EINVAL, "%s cannot use sample weights; pre=reweigh does not apply", t->name);
	} else if (c->pre == FAIR__PRE_FERM && (t->flags & FAIR_LEARNER_NO_PRE)) {
		fair__workbench_learner_names(FAIR_LEARNER_PLAIN, 0, " and ", &names);
		st = fair_error_set(err, FAIR_EINVAL, "'%s' is already fair; pre=ferm applies to %s", t->name, names.buf);
	}
	fair_buf_release(&names);
	return st;
}

static int
chain_set_ferm(void *opts, const fair_opt *o, const char *v, fair_error *err)
{
	fair__workbench_chain_opts *c = opts;

	if (!strcmp(o->name, "constraint"))
		return fair_ferm_constraint_parse(v, &c->ferm.constraint, err);
	if (!strcmp(o->name, "variant"))
		return fair_ferm_variant_parse(v, &c->ferm.variant, err);
	/* pivot */
	if (!strcmp(v, "signed"))
		c->ferm.pivot_signed = true;
	else if (!strcmp(v, "abs"))
		c->ferm.pivot_signed = false;
	else
		return fair_error_set(err, FAIR_EINVAL, "pivot must be abs or signed, not '%s'", v);
	return FAIR_OK;
}

static const int pre_values[] = { FAIR__PRE_FERM, FAIR__PRE_REWEIGH, FAIR__PRE_DIREPAIR, FAIR__PRE_CORRREMOVE, FAIR__PRE_NONE };

#define CO(f) offsetof(fair__workbench_chain_opts, f)
static const fair_opt chain_opts[] = {
	{ .name = "pre", .type = FAIR_OPT_CHOICE, .offset = CO(pre), .choices = "ferm|reweigh|direpair|corrremove|none",
	  .values = pre_values, .set = chain_set_pre, .help = "pre-processing: ferm, reweigh, direpair, corrremove or none" },
	{ .name = "level", .type = FAIR_OPT_NUM, .offset = CO(direpair_level), .lo = 0, .hi = 1,
	  .help = "pre=direpair: repair level; pre=corrremove: its alpha" },
	{ .name = "constraint", .type = FAIR_OPT_STR, .set = chain_set_ferm, .help = "pre=ferm: eo, dp or eodds" },
	{ .name = "variant", .type = FAIR_OPT_STR, .set = chain_set_ferm, .help = "pre=ferm: proj or elim" },
	{ .name = "pivot", .type = FAIR_OPT_STR, .set = chain_set_ferm, .help = "pre=ferm variant=elim: abs or signed" },
	{ .name = "eps", .type = FAIR_OPT_NUM, .offset = CO(ferm_eps), .lo = 0, .hi = 1e12,
	  .help = "pre=ferm: allowed |<w,u>| (relaxed FERM)" },
	{ .name = "use_sensitive", .type = FAIR_OPT_BOOL, .offset = CO(use_sensitive),
	  .help = "the sensitive columns are features too" },
	{ .name = "missing_indicators", .type = FAIR_OPT_BOOL, .offset = CO(missing_ind),
	  .help = "add a 0/1 feature per column with missing values" },
	{ .name = "on", .type = FAIR_OPT_STR, .offset = CO(on), .help = "train on the representation of this model" },
	{ .name = "target", .type = FAIR_OPT_STR, .offset = CO(target), .help = "on=: the target of the new task" },
	{ .name = "positive", .type = FAIR_OPT_STR, .offset = CO(positive), .help = "positive levels of other targets" },
	{ .name = "threshold", .type = FAIR_OPT_NUM, .offset = CO(threshold), .lo = -INFINITY, .hi = INFINITY,
	  .help = "a numeric other target is positive above this" },
	{ .name = NULL }
};
#undef CO

static void
chain_init(fair__workbench_chain_opts *c, const fair_learner_type *t)
{
	memset(c, 0, sizeof *c);
	c->type = t;
	c->pre = FAIR__PRE_NONE;
	fair_ferm_opts_init(&c->ferm);
	c->direpair_level = 1.0;
	c->threshold = NAN;
}

/* Applies key=value to the learner's options, else to the chain's. */
static int
apply_opt(fair_train_spec *sp, const char *k, const char *v, fair_error *err)
{
	const fair_opt *o = fair_opt_find(sp->type->opts, k);
	fair_buf names = FAIR_BUF_INIT;
	int st;

	if (o != NULL)
		return fair_opt_set(o, sp->opts, v, err);
	if ((o = fair_opt_find(chain_opts, k)) != NULL)
		return fair_opt_set(o, &sp->chain, v, err);
	if (sp->type->extra != NULL)
		return sp->type->extra(sp->opts, k, v, err);
	fair_opts_names(sp->type->opts, NULL, " ", &names);
	fair_buf_putc(&names, ' ');
	fair_opts_names(chain_opts, sp->type->opts, " ", &names);
	st = fair_error_set(err, FAIR_EINVAL, "%s: unknown option '%s' (options: %s)", sp->type->name, k, names.buf);
	fair_buf_release(&names);
	return st;
}

char *
fair__workbench_xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* The learner's options at their defaults, then @keys/@vals applied (and
 * kept, for the description and for retraining). */
static int
spec_options(fair_train_spec *sp, const char *const *keys, const char *const *vals, size_t nopts,
             fair_error *err)
{
	chain_init(&sp->chain, sp->type);
	sp->opts = calloc(1, sp->type->opts_size ? sp->type->opts_size : 1);
	sp->keys = calloc(nopts + 1, sizeof *sp->keys);
	sp->vals = calloc(nopts + 1, sizeof *sp->vals);
	if (sp->opts == NULL || sp->keys == NULL || sp->vals == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if (sp->type->opts_init != NULL)
		sp->type->opts_init(sp->opts);
	for (size_t i = 0; i < nopts; i++) {
		if ((sp->keys[i] = strdup(keys[i])) == NULL || (sp->vals[i] = strdup(vals[i])) == NULL) {
			free(sp->keys[i]);
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		}
		sp->nopts = i + 1;
		int st = apply_opt(sp, keys[i], vals[i], err);
		if (st)
			return st;
	}
	return FAIR_OK;
}

/* Target of column @col (positive= from the options) over the training rows. */
static double *
task_values(const fair_train_spec *sp, const char *col, int *kind, fair_error *err)
{
	size_t np = 0;
	char **pos = sp->chain.positive ? fair_split_list(sp->chain.positive, &np) : NULL;
	fair_target *t = NULL;
	double *y = NULL;

	if (fair_target_build(sp->frame, col, (const char *const *)pos, np, sp->chain.threshold, -1, &t, err) == FAIR_OK) {
		y = malloc((sp->nrows + 1) * sizeof *y);
		if (y == NULL)
			fair_error_set(err, FAIR_ENOMEM, "out of memory");
		else
			for (size_t i = 0; i < sp->nrows; i++)
				y[i] = t->y[sp->rows[i]];
		*kind = t->task;
	}
	fair_target_free(t);
	fair_strv_free(pos, np);
	return y;
}

/* The tasks of a multi-task learner (the session target first, then its
 * further targets), and for `train MODEL on=REP [target=COL]` the
 * representation model and the target of the new task (rows without a
 * value for it are dropped). */
static int
spec_tasks(fair_train_spec *sp, const fair_session *s, fair_error *err)
{
	const fair_learner_type *t = sp->type;
	const char *on = sp->chain.on, *target = sp->chain.target;
	fair_buf names = FAIR_BUF_INIT;

	if (!isnan(sp->chain.threshold) && target == NULL && !(t->flags & FAIR_LEARNER_MULTITASK))
		return fair_error_set(err, FAIR_EINVAL, "threshold= goes with target=COL (a numeric column made binary: above X is positive)");
	if (t->flags & FAIR_LEARNER_MULTITASK) {
		const char *more = t->tasks ? t->tasks(sp->opts) : NULL;
		char **cols = NULL;
		size_t nc = 0;
		if (on || target)
			return fair_error_set(err, FAIR_EINVAL, "%s: use targets=COL,... for its tasks (on= and target= are for models trained on a representation)",
			                      t->name);
		if (more && (cols = fair_split_list(more, &nc)) == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		sp->ys = calloc(nc + 1, sizeof *sp->ys);
		sp->kinds = calloc(nc + 1, sizeof *sp->kinds);
		if (sp->ys == NULL || sp->kinds == NULL || (sp->ys[0] = malloc(sp->nrows * sizeof **sp->ys)) == NULL) {
			fair_strv_free(cols, nc);
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		}
		memcpy(sp->ys[0], sp->y, sp->nrows * sizeof **sp->ys);
		sp->kinds[0] = sp->task;
		sp->ntasks = 1;
		for (size_t k = 0; k < nc; k++) {
			if (!strcmp(cols[k], sp->target_col))
				continue;
			sp->ys[sp->ntasks] = task_values(sp, cols[k], &sp->kinds[sp->ntasks], err);
			if (sp->ys[sp->ntasks] == NULL) {
				fair_error_prefix(err, "%s: task '%s'", t->name, cols[k]);
				fair_strv_free(cols, nc);
				return err ? err->code : FAIR_EINVAL;
			}
			sp->ntasks++;
		}
		fair_strv_free(cols, nc);
		return FAIR_OK;
	}
	if (target && !on)
		return fair_error_set(err, FAIR_EINVAL, "target= goes with on=REPNAME; otherwise set the target with 'target COLUMN'");
	if (on == NULL)
		return FAIR_OK;
	if (!(t->flags & FAIR_LEARNER_PLAIN)) {
		fair__workbench_learner_names(FAIR_LEARNER_PLAIN, 0, " or ", &names);
		fair_error_set(err, FAIR_EINVAL, "on=REPNAME trains %s on a representation, not %s", names.buf, t->name);
		fair_buf_release(&names);
		return err ? err->code : FAIR_EINVAL;
	}
	if (sp->chain.pre != FAIR__PRE_NONE)
		return fair_error_set(err, FAIR_EINVAL, "pre= does not apply to a model trained on a representation");
	fair_model *rm = fair_session_find_model(s, on);
	if (rm == NULL || rm->kind != FAIR_MODEL_TRAINED || rm->learner == NULL || fair_rep_learner_rep(rm->learner) == NULL)
		return fair_error_set(err, FAIR_EINVAL, "on=%s: no fair representation named '%s' (train one with 'train fairrep as %s')",
		                      on, on, on);
	sp->rep_model = fair_model_ref(rm);
	if (target) {
		int kind;
		double *y = task_values(sp, target, &kind, err);
		size_t k = 0;
		if (y == NULL)
			return fair_error_prefix(err, "target '%s'", target);
		for (size_t i = 0; i < sp->nrows; i++)
			if (y[i] == y[i]) {
				sp->rows[k] = sp->rows[i];
				y[k++] = y[i];
			}
		if (k < 2) {
			free(y);
			return fair_error_set(err, FAIR_EINVAL, "target '%s' has no values among the training rows", target);
		}
		free(sp->y);
		sp->y = y;
		sp->nrows = k;
		if (!(t->flags & (kind == FAIR_TASK_REGRESSION ? FAIR_LEARNER_REGRESS : FAIR_LEARNER_CLASSIFY))) {
			fair__workbench_learner_names(FAIR_LEARNER_PLAIN | (kind == FAIR_TASK_REGRESSION ? FAIR_LEARNER_REGRESS
			                              : FAIR_LEARNER_CLASSIFY), 0, " or ", &names);
			fair_error_set(err, FAIR_EINVAL, "target '%s' is %s; use %s", target,
			               kind == FAIR_TASK_REGRESSION ? "numeric" : "binary", names.buf);
			fair_buf_release(&names);
			return err ? err->code : FAIR_EINVAL;
		}
		sp->task = kind;
		free(sp->target_col);
		if ((sp->target_col = strdup(target)) == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	return FAIR_OK;
}

/* The learner fits the session's target: the type takes its task. */
static int
check_task(const fair_learner_type *t, const fair_session *s, fair_error *err)
{
	fair_buf names = FAIR_BUF_INIT;
	int task = s->target->task;

	if (t->flags & (task == FAIR_TASK_REGRESSION ? FAIR_LEARNER_REGRESS : FAIR_LEARNER_CLASSIFY))
		return FAIR_OK;
	if (task == FAIR_TASK_REGRESSION) {
		fair__workbench_learner_names(FAIR_LEARNER_PLAIN | FAIR_LEARNER_REGRESS, 0, " or ", &names);
		fair_error_set(err, FAIR_EINVAL, "model '%s' needs a binary target; '%s' is a regression target (use %s)",
		               t->name, s->target->column, names.buf);
	} else {
		fair__workbench_learner_names(FAIR_LEARNER_PLAIN | FAIR_LEARNER_CLASSIFY, 0, " or ", &names);
		fair_error_set(err, FAIR_EINVAL, "model '%s' is for regression; '%s' is a binary target (use %s)",
		               t->name, s->target->column, names.buf);
	}
	fair_buf_release(&names);
	return err ? err->code : FAIR_EINVAL;
}

/* The checks between the learner, the chain's options and the session. */
static int
check_chain(const fair_train_spec *sp, const fair_session *s, fair_error *err)
{
	const fair__workbench_chain_opts *c = &sp->chain;
	const fair_learner_type *t = sp->type;
	bool groups_needed = c->pre != FAIR__PRE_NONE || (t->flags & FAIR_LEARNER_GROUPS);
	int st = FAIR_OK;

	if (c->ferm_eps > 0 && (c->pre != FAIR__PRE_FERM || t->fit_offset == NULL)) {
		fair_buf names = FAIR_BUF_INIT;
		for (size_t i = 0; fair__workbench_learners[i] != NULL; i++) {
			const fair_learner_type *u = fair__workbench_learners[i];
			if (u->name != NULL && u->fit_offset != NULL) {
				if (names.len > 0)
					fair_buf_puts(&names, " or ");
				fair_buf_puts(&names, u->name);
			}
		}
		st = fair_error_set(err, FAIR_EINVAL, "eps= relaxes FERM: use it with pre=ferm on %s, or with 'train ferm'",
		                    names.buf);
		fair_buf_release(&names);
		return st;
	}
	if (t->check != NULL && (st = t->check(sp->opts, fair__workbench_learners, err)))
		return st;
	if (groups_needed && s->groups == NULL)
		return fair_error_set(err, FAIR_EINVAL, "%s needs a sensitive attribute (use 'sensitive COLUMN')",
		                      (t->flags & FAIR_LEARNER_GROUPS) ? t->name : c->pre == FAIR__PRE_REWEIGH ? "pre=reweigh"
		                      : c->pre == FAIR__PRE_DIREPAIR ? "pre=direpair" : c->pre == FAIR__PRE_CORRREMOVE ? "pre=corrremove" : "FERM");
	if (c->pre == FAIR__PRE_REWEIGH && sp->task != FAIR_TASK_CLASSIFICATION)
		return fair_error_set(err, FAIR_EINVAL, "pre=reweigh needs a binary target; '%s' is a regression target",
		                      s->target->column);
	if (c->pre == FAIR__PRE_FERM && sp->task != FAIR_TASK_CLASSIFICATION && c->ferm.constraint != FAIR_FERM_DP)
		return fair_error_set(err, FAIR_EINVAL, "FERM with constraint=%s needs a binary target; use constraint=dp for regression",
		                      fair_ferm_constraint_name(c->ferm.constraint));
	return FAIR_OK;
}

static fair__workbench_recipe *recipe_capture(const fair_train_spec *sp, const fair_session *s);

/* fair_train_spec_new; @fixed (@nfixed column indices, or NULL): the
 * features as they are, not the session's resolved (a recipe's replay). */
static fair_train_spec *
spec_new(const fair_session *s, const char *learner, const char *const *keys, const char *const *vals,
         size_t nopts, const char *name, unsigned long seed, const size_t *fixed, size_t nfixed, fair_error *err);

fair_train_spec *
fair_train_spec_new(const fair_session *s, const char *learner, const char *const *keys,
                    const char *const *vals, size_t nopts, const char *name, unsigned long seed,
                    fair_error *err)
{
	return spec_new(s, learner, keys, vals, nopts, name, seed, NULL, 0, err);
}

static fair_train_spec *
spec_new(const fair_session *s, const char *learner, const char *const *keys, const char *const *vals,
         size_t nopts, const char *name, unsigned long seed, const size_t *fixed, size_t nfixed, fair_error *err)
{
	fair_train_spec *sp = calloc(1, sizeof *sp);
	size_t *rows = NULL, nrows = 0;
	bool use_sensitive;

	if (sp == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	atomic_init(&sp->refs, 1);
	if ((sp->type = fair__workbench_learner_find(learner)) == NULL) {
		const char *names[64];
		size_t n = 0;
		long k;
		while (n < 63 && (names[n] = fair_learner_doc(n, NULL, NULL)) != NULL)
			n++;
		k = fair_text_nearest(learner, names, n);
		fair_error_set(err, FAIR_ENOTFOUND, "unknown model '%s'%s%s%s (models: %s)", learner,
		               k >= 0 ? " (did you mean '" : "", k >= 0 ? names[k] : "", k >= 0 ? "'?)" : "",
		               fair_model_learners());
		goto fail;
	}
	if (sp->type->unavailable != NULL) {
		fair_error_set(err, FAIR_EINVAL, "%s: %s", learner, sp->type->unavailable);
		goto fail;
	}
	sp->seed = seed;
	if (s->target == NULL) {
		fair_error_set(err, FAIR_EINVAL, "no target set (use 'target COLUMN')");
		goto fail;
	}
	sp->task = s->target->task;
	if (check_task(sp->type, s, err) || spec_options(sp, keys, vals, nopts, err) || check_chain(sp, s, err))
		goto fail;
	use_sensitive = sp->chain.use_sensitive;
	if (!(sp->name = strdup(name)) || !(sp->target_col = strdup(s->target->column)))
		goto nomem;
	if (s->weights != NULL) {
		/* sample weights: every learner that takes them (logreg, ridge,
		 * svm, mlp, xgboost, forest, adversarial) */
		if (sp->type->flags & (FAIR_LEARNER_NO_WEIGHTS | FAIR_LEARNER_OWN_WEIGHTS)) {
			fair_error_set(err, FAIR_EINVAL, "%s %s; it cannot take the session's sample weights ('%s'): "
			               "use 'weights none' to train it unweighted", learner,
			               (sp->type->flags & FAIR_LEARNER_OWN_WEIGHTS) ? "sets its own row weights"
			               : "does not use sample weights", s->weights);
			goto fail;
		}
		if ((sp->weights = strdup(s->weights)) == NULL)
			goto nomem;
	}
	rows = fair_session_rows(s, FAIR_ON_TRAIN, &nrows, err);
	if (rows == NULL)
		goto fail;
	sp->rows = rows;
	sp->nrows = nrows;
	sp->frame = fair_frame_ref(s->frame);
	sp->y = malloc(nrows * sizeof *sp->y);
	if (sp->y == NULL)
		goto nomem;
	for (size_t i = 0; i < nrows; i++)
		sp->y[i] = s->target->y[rows[i]];
	if (spec_tasks(sp, s, err))
		goto fail;
	/* options that depend on the task (known now, after target=) */
	if (sp->type->check_task != NULL && sp->type->check_task(sp->opts, sp->task, err))
		goto fail;
	rows = sp->rows;
	nrows = sp->nrows;
	if (s->groups) {
		/* only the groups that have training rows (filters may empty some) */
		long *map = malloc(s->groups->K * sizeof *map);
		const char **used = calloc(s->groups->K, sizeof *used);
		sp->group = malloc(nrows * sizeof *sp->group);
		sp->labels = calloc(s->groups->K, sizeof *sp->labels);
		if (map == NULL || used == NULL || sp->group == NULL || sp->labels == NULL) {
			free(map);
			free(used);
			goto nomem;
		}
		sp->K = fair__workbench_groups_used(s->groups, rows, nrows, map, used);
		for (size_t i = 0; i < nrows; i++)
			sp->group[i] = (int32_t)map[s->groups->group[rows[i]]];
		for (size_t k = 0; k < sp->K; k++)
			if ((sp->labels[k] = strdup(used[k])) == NULL) {
				free(map);
				free(used);
				goto nomem;
			}
		free(map);
		free(used);
		if (sp->K < 2 && (sp->chain.pre != FAIR__PRE_NONE || (sp->type->flags & FAIR_LEARNER_GROUPS))) {
			fair_error_set(err, FAIR_EINVAL, "the sensitive attribute has one group among the training rows ('%s')",
			               sp->labels[0]);
			goto fail;
		}
	}
	/* features: the session's `features` resolved now, against the roles
	 * of this training: never one of its targets (the session's, target=,
	 * the further tasks of a multi-task learner), the sensitive columns
	 * only when listed or with use_sensitive; a replay's as recorded */
	if (fixed != NULL) {
		if ((sp->features = malloc((nfixed + 1) * sizeof *sp->features)) == NULL)
			goto nomem;
		memcpy(sp->features, fixed, nfixed * sizeof *fixed);
		sp->nfeatures = nfixed;
	} else {
		const char *more = (sp->type->flags & FAIR_LEARNER_MULTITASK) && sp->type->tasks ? sp->type->tasks(sp->opts) : NULL;
		size_t nmore = 0, nt = 0;
		char **extra = more ? fair_split_list(more, &nmore) : NULL;
		const char **targets = malloc((nmore + 2) * sizeof *targets);
		fair_buf note = FAIR_BUF_INIT;
		int st;
		if (targets == NULL || (more && extra == NULL)) {
			free(targets);
			fair_strv_free(extra, nmore);
			goto nomem;
		}
		targets[nt++] = s->target->column;
		targets[nt++] = sp->target_col;
		for (size_t k = 0; k < nmore; k++)
			targets[nt++] = extra[k];
		st = fair_session_features(s, targets, nt, use_sensitive, &sp->features, &sp->nfeatures, &note, err);
		if (st == FAIR_OK && note.len)
			snprintf(sp->setup_note, sizeof sp->setup_note, "%s", note.buf);
		fair_buf_release(&note);
		free(targets);
		fair_strv_free(extra, nmore);
		if (st)
			goto fail;
	}
	if (sp->nfeatures == 0) {
		fair_error_set(err, FAIR_EINVAL, "no feature columns left (see 'features')");
		goto fail;
	}
	/* a categorical feature with a level for most training rows is an
	 * identifier: one feature per level learns nothing that generalises
	 * and makes the design matrix rows x rows (28,000 levels failed with a
	 * bare "out of memory"); say which column, and how to leave it out */
	for (size_t j = 0; j < sp->nfeatures && sp->rep_model == NULL; j++) {
		const fair_column *c = fair_frame_column(sp->frame, sp->features[j]);
		size_t L = fair_column_type(c) == FAIR_COL_CATEGORICAL ? fair_column_nlevels(c) : 0;
		if (L > 1000 && 2 * L > sp->nrows) {
			fair_error_set(err, FAIR_EINVAL, "column '%s' has %zu levels for %zu training rows: it looks like an "
			               "identifier, and one feature per level would make a %zu x %zu design matrix; leave it "
			               "out ('features all-except=%s')", fair_column_name(c), L, sp->nrows, sp->nrows, L,
			               fair_column_name(c));
			goto fail;
		}
	}
	sp->recipe = recipe_capture(sp, s);
	return sp;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	fair_train_spec_free(sp);
	return NULL;
}

char *
fair__workbench_spec_desc(const fair_train_spec *sp)
{
	fair_buf b = FAIR_BUF_INIT;

	fair_buf_puts(&b, sp->type->name);
	for (size_t i = 0; i < sp->nopts; i++)
		fair_buf_printf(&b, " %s=%s", sp->keys[i], sp->vals[i]);
	return fair_buf_detach(&b);
}

/* A copy of @sp (sharing nothing mutable) training on its rows minus
 * @excl (@nexcl row indices). The options are applied again from the kept
 * key=value pairs (they were valid), the multi-task targets are cut to the
 * rows kept, the representation model is referenced again. */
fair_train_spec *
fair__workbench_spec_without(const fair_train_spec *sp, const size_t *excl, size_t nexcl, fair_error *err)
{
	fair_train_spec *c = calloc(1, sizeof *c);
	unsigned char *drop = NULL;
	size_t n = fair_frame_nrows(sp->frame);

	if (c == NULL)
		goto nomem;
	atomic_init(&c->refs, 1);
	c->type = sp->type;
	c->task = sp->task;
	c->seed = sp->seed;
	c->K = sp->K;
	c->nfeatures = sp->nfeatures;
	c->frame = fair_frame_ref(sp->frame);
	if (sp->rep_model)
		c->rep_model = fair_model_ref(sp->rep_model);
	c->name = strdup(sp->name);
	c->target_col = strdup(sp->target_col);
	if (sp->weights && (c->weights = strdup(sp->weights)) == NULL)
		goto nomem;
	c->labels = calloc(sp->K + 1, sizeof *c->labels);
	c->features = malloc((sp->nfeatures + 1) * sizeof *c->features);
	c->rows = malloc((sp->nrows + 1) * sizeof *c->rows);
	c->y = malloc((sp->nrows + 1) * sizeof *c->y);
	c->group = sp->group ? malloc((sp->nrows + 1) * sizeof *c->group) : NULL;
	c->ys = sp->ntasks ? calloc(sp->ntasks, sizeof *c->ys) : NULL;
	c->kinds = sp->ntasks ? calloc(sp->ntasks, sizeof *c->kinds) : NULL;
	drop = calloc(n ? n : 1, 1);
	if (!c->name || !c->target_col || !c->labels || !c->features || !c->rows || !c->y ||
	    (sp->group && !c->group) || (sp->ntasks && (!c->ys || !c->kinds)) || !drop)
		goto nomem;
	if (spec_options(c, (const char *const *)sp->keys, (const char *const *)sp->vals, sp->nopts, err))
		goto fail;
	for (size_t k = 0; k < sp->K; k++)
		if ((c->labels[k] = strdup(sp->labels[k])) == NULL)
			goto nomem;
	for (size_t t = 0; t < sp->ntasks; t++) {
		if ((c->ys[t] = malloc((sp->nrows + 1) * sizeof **c->ys)) == NULL)
			goto nomem;
		c->kinds[t] = sp->kinds[t];
		c->ntasks = t + 1;
	}
	memcpy(c->features, sp->features, sp->nfeatures * sizeof *c->features);
	for (size_t i = 0; i < nexcl; i++)
		drop[excl[i]] = 1;
	c->nrows = 0;
	for (size_t i = 0; i < sp->nrows; i++) {
		if (drop[sp->rows[i]])
			continue;
		c->rows[c->nrows] = sp->rows[i];
		c->y[c->nrows] = sp->y[i];
		if (c->group)
			c->group[c->nrows] = sp->group[i];
		for (size_t t = 0; t < c->ntasks; t++)
			c->ys[t][c->nrows] = sp->ys[t][i];
		c->nrows++;
	}
	free(drop);
	if (c->nrows < 2) {
		fair_error_set(err, FAIR_EINVAL, "too few training rows left after setting calibration rows aside");
		fair_train_spec_free(c);
		return NULL;
	}
	return c;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	free(drop);
	fair_train_spec_free(c);
	return NULL;
}

/* ---- the words of `target` and `sensitive`, replayed ------------------------ */

/* Splits "COLUMN key=value ..." (the words as the shell joined them) into
 * the column and the values of positive=, task=, privileged=, threshold=.
 * @words is modified (the returned pointers point into it). */
static int
setup_words(char *words, const char **col, const char **pos, const char **task, const char **priv, double *thr,
            const char **fav)
{
	char *save = NULL;

	*col = *pos = *task = *priv = *fav = NULL;
	*thr = NAN;
	for (char *w = strtok_r(words, " \t", &save); w != NULL; w = strtok_r(NULL, " \t", &save)) {
		char *eq = strchr(w, '=');
		if (eq == NULL) {
			*col = w;
			continue;
		}
		*eq = '\0';
		if (!strcmp(w, "positive"))
			*pos = eq + 1;
		else if (!strcmp(w, "task"))
			*task = eq + 1;
		else if (!strcmp(w, "privileged"))
			*priv = eq + 1;
		else if (!strcmp(w, "favorable"))
			*fav = eq + 1;
		else if (!strcmp(w, "threshold") && !fair_parse_number(eq + 1, thr))
			return -1;
	}
	return *col ? 0 : -1;
}

int
fair__workbench_target_words(const fair_frame *f, const char *words, fair_target **out, fair_error *err)
{
	char *w = strdup(words), **pv = NULL;
	const char *col, *pos, *task, *priv, *fav;
	size_t np = 0;
	double thr;
	int st;

	*out = NULL;
	if (w == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if (setup_words(w, &col, &pos, &task, &priv, &thr, &fav) != 0) {
		free(w);
		return fair_error_set(err, FAIR_EPARSE, "cannot read the saved 'target %s'", words);
	}
	int hint = task ? (!strcmp(task, "regression") ? FAIR_TASK_REGRESSION : FAIR_TASK_CLASSIFICATION) : -1;
	if (pos && (pv = fair_split_list(pos, &np)) == NULL)
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
	else
		st = fair_target_build(f, col, (const char *const *)pv, np, thr, hint, out, err);
	fair_strv_free(pv, np);
	/* favorable=: which outcome is good for the person */
	if (st == FAIR_OK && fav != NULL) {
		size_t nf = 0;
		char **fv = fair_split_list(fav, &nf);
		st = fv == NULL ? fair_error_set(err, FAIR_ENOMEM, "out of memory")
		   : fair_target_set_favorable(*out, f, (const char *const *)fv, nf, err);
		fair_strv_free(fv, nf);
		if (st != FAIR_OK) {
			fair_target_free(*out);
			*out = NULL;
		}
	}
	free(w);
	return st;
}

int
fair__workbench_groups_words(const fair_frame *f, const char *words, fair_groups **out, fair_error *err)
{
	char *w = strdup(words), **cv = NULL;
	const char *col, *pos, *task, *priv, *fav;
	size_t nc = 0;
	double thr;
	int st;

	*out = NULL;
	if (w == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if (setup_words(w, &col, &pos, &task, &priv, &thr, &fav) != 0) {
		free(w);
		return fair_error_set(err, FAIR_EPARSE, "cannot read the saved 'sensitive %s'", words);
	}
	if ((cv = fair_split_list(col, &nc)) == NULL)
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
	else
		st = fair_groups_build(f, (const char *const *)cv, nc, thr, priv, out, err);
	fair_strv_free(cv, nc);
	free(w);
	return st;
}

/* ---- recipes: what trained a model, to train it again ---------------------- */

/* The recipe of @sp, trained on session @s (NULL when @s has no words for
 * its target, or when out of memory: the model just cannot be retrained). */
static fair__workbench_recipe *
recipe_capture(const fair_train_spec *sp, const fair_session *s)
{
	fair__workbench_recipe *r;
	size_t n = fair_frame_nrows(sp->frame);

	if (s->target_spec == NULL || (s->groups && s->sensitive_spec == NULL) || (r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	atomic_init(&r->refs, 1);
	r->seed = sp->seed;
	r->nbits = n;
	r->learner = strdup(sp->type->name);
	r->target_spec = strdup(s->target_spec);
	r->sensitive_spec = s->groups ? strdup(s->sensitive_spec) : NULL;
	r->keys = calloc(sp->nopts + 1, sizeof *r->keys);
	r->vals = calloc(sp->nopts + 1, sizeof *r->vals);
	r->features = calloc(sp->nfeatures + 1, sizeof *r->features);
	r->rows = calloc((n + 7) / 8 + 1, 1);
	if (!r->learner || !r->target_spec || (s->groups && !r->sensitive_spec) || !r->keys || !r->vals ||
	    !r->features || !r->rows)
		goto fail;
	for (size_t i = 0; i < sp->nopts; i++, r->nopts++)
		if ((r->keys[i] = strdup(sp->keys[i])) == NULL || (r->vals[i] = strdup(sp->vals[i])) == NULL) {
			r->nopts++;
			goto fail;
		}
	for (size_t j = 0; j < sp->nfeatures; j++, r->nfeatures++)
		if ((r->features[j] = strdup(fair_column_name(fair_frame_column(sp->frame, sp->features[j])))) == NULL)
			goto fail;
	for (size_t i = 0; i < sp->nrows; i++)
		r->rows[sp->rows[i] / 8] |= (unsigned char)(1u << (sp->rows[i] % 8));
	return r;
fail:
	fair__workbench_recipe_unref(r);
	return NULL;
}

fair_train_spec *
fair__workbench_spec_replay(const fair_model *base, const fair_session *s, fair_error *err)
{
	const fair__workbench_recipe *r = base->recipe;
	fair_session v;
	fair_train_spec *sp = NULL;
	fair_model *rep = base->rep;
	size_t n = fair_frame_nrows(s->frame), *feat = NULL;

	if (r == NULL) {
		fair_error_set(err, FAIR_EINVAL, "model '%s' cannot be retrained (it keeps no record of its training)",
		               base->name);
		return NULL;
	}
	if (r->nbits != n) {
		fair_error_set(err, FAIR_EINVAL, "model '%s' cannot be retrained: it was trained on %zu rows, the data "
		               "have %zu", base->name, r->nbits, n);
		return NULL;
	}
	/* a view of the session as it was when the model was trained: its
	 * target and groups from their words, its rows as the only kept ones */
	memset(&v, 0, sizeof v);
	v.name = s->name;
	v.frame = s->frame;
	v.features_spec = (char *)"all";   /* not used: the recipe's columns below */
	v.models = rep ? &rep : NULL;
	v.nmodels = rep ? 1 : 0;
	if ((v.keep = malloc(n ? n : 1)) == NULL || (feat = malloc((r->nfeatures + 1) * sizeof *feat)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		v.keep[i] = (r->rows[i / 8] >> (i % 8)) & 1;
	for (size_t j = 0; j < r->nfeatures; j++) {
		long c = fair_frame_find(s->frame, r->features[j]);
		if (c < 0) {
			fair_error_set(err, FAIR_EINVAL, "model '%s' cannot be retrained: its feature column '%s' is gone",
			               base->name, r->features[j]);
			goto out;
		}
		feat[j] = (size_t)c;
	}
	if (fair__workbench_target_words(s->frame, r->target_spec, &v.target, err) ||
	    (r->sensitive_spec && fair__workbench_groups_words(s->frame, r->sensitive_spec, &v.groups, err))) {
		fair_error_prefix(err, "model '%s' cannot be retrained", base->name);
		goto out;
	}
	/* the recipe's features as they were, not "all" resolved again (an
	 * identifier column left out would be refused) */
	sp = spec_new(&v, r->learner, (const char *const *)r->keys, (const char *const *)r->vals, r->nopts, base->name,
	              r->seed, feat, r->nfeatures, err);
	if (sp == NULL)
		fair_error_prefix(err, "model '%s' cannot be retrained", base->name);
out:
	free(feat);
	free(v.keep);
	fair_target_free(v.target);
	fair_groups_free(v.groups);
	return sp;
}

/* ---- memory ------------------------------------------------------------------ */

size_t
fair_train_spec_memory(const fair_train_spec *sp, size_t *dim_out)
{
	double n = (double)sp->nrows, dim = 0, x, b;

	if (sp->rep_model != NULL && sp->rep_model->pipe != NULL) {
		fair_fairrep_summary sum;
		fair_fairrep_summary_get(fair_rep_learner_rep(sp->rep_model->learner), &sum);
		dim = (double)fair_pipeline_dim(sp->rep_model->pipe) + (double)sum.dim;
	} else {
		/* the pipeline's width at most: a column per numeric feature, one
		 * per level of a categorical one, indicators */
		for (size_t j = 0; j < sp->nfeatures; j++) {
			const fair_column *c = fair_frame_column(sp->frame, sp->features[j]);
			dim += fair_column_type(c) == FAIR_COL_NUMERIC ? 1 : (double)fair_column_nlevels(c);
			dim += sp->chain.missing_ind;
		}
	}
	x = n * dim * sizeof(double);
	/* the snapshot (rows, target, groups, further tasks), the design
	 * matrix, a transformed copy for pre-processing, the learner's work */
	b = n * (20.0 + 8.0 * (double)sp->ntasks) + x;
	if (sp->chain.pre == FAIR__PRE_FERM || sp->chain.pre == FAIR__PRE_DIREPAIR)
		b += x;
	if (sp->type->memory != NULL)
		b += (double)sp->type->memory(sp->opts, sp->nrows, (size_t)dim);
	else
		b += 2 * x;
	if (dim_out)
		*dim_out = (size_t)dim;
	return b < (double)SIZE_MAX ? (size_t)b : SIZE_MAX;
}
