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

#include "workbench/workbench-private.h"

static const char *const learner_names[] = { "logreg", "ridge", "svm", "mlp", "ferm", "expgrad", "fairrep" };

/* option names accepted by each learner (besides the common ones) */
static const char *const learner_opts[] = {
	"C tol max_iter",
	"alpha",
	"C kernel gamma degree coef0 approx components tol max_iter",
	"hidden epochs batch lr l2 val_fraction patience activation",
	"kernel C gamma degree coef0 eps constraint exact components loss lambda tol",
	"base C max_iter eta0 nu",
	"targets divergence lambda family activation hidden dim epochs batch lr weight_decay bandwidth unbiased epsilon",
};
static const char *const common_opts = "pre level constraint variant pivot eps use_sensitive missing_indicators on target positive threshold";

const char *
fair_model_learners(void)
{
	return "logreg, ridge, svm, mlp, ferm, expgrad, fairrep";
}

static bool
word_in(const char *list, const char *w)
{
	size_t l = strlen(w);
	for (const char *p = list; *p;) {
		size_t k = strcspn(p, " ");
		if (k == l && strncmp(p, w, l) == 0)
			return true;
		p += k;
		p += strspn(p, " ");
	}
	return false;
}

static int
num_opt(const char *key, const char *val, double lo, double hi, double *out, fair_error *err)
{
	char *end;
	double v = strtod(val, &end);

	if (*val == '\0' || *end != '\0' || isnan(v))
		return fair_error_set(err, FAIR_EINVAL, "%s must be a number, not '%s'", key, val);
	if (v < lo || v > hi)
		return fair_error_set(err, FAIR_EINVAL, "%s must be between %g and %g, not %s", key, lo, hi, val);
	*out = v;
	return FAIR_OK;
}

static int
size_opt(const char *key, const char *val, size_t lo, size_t hi, size_t *out, fair_error *err)
{
	double v;
	int st = num_opt(key, val, (double)lo, (double)hi, &v, err);

	if (st)
		return st;
	if (v != floor(v))
		return fair_error_set(err, FAIR_EINVAL, "%s must be an integer, not '%s'", key, val);
	*out = (size_t)v;
	return FAIR_OK;
}

static int
yesno(const char *key, const char *val, bool *out, fair_error *err)
{
	if (!strcmp(val, "yes") || !strcmp(val, "true") || !strcmp(val, "1") || !strcmp(val, "on"))
		*out = true;
	else if (!strcmp(val, "no") || !strcmp(val, "false") || !strcmp(val, "0") || !strcmp(val, "off"))
		*out = false;
	else
		return fair_error_set(err, FAIR_EINVAL, "%s must be yes or no, not '%s'", key, val);
	return FAIR_OK;
}

static int
kernel_type(const char *val, int *out, fair_error *err)
{
	if (!strcmp(val, "linear"))
		*out = FAIR_KERNEL_LINEAR;
	else if (!strcmp(val, "rbf"))
		*out = FAIR_KERNEL_RBF;
	else if (!strcmp(val, "poly"))
		*out = FAIR_KERNEL_POLY;
	else
		return fair_error_set(err, FAIR_EINVAL, "kernel must be linear, rbf or poly, not '%s'", val);
	return FAIR_OK;
}

/* Applies one option to the parsed settings. */
static int
apply_opt(fair_train_spec *sp, const char *k, const char *v, fair_error *err)
{
	double d;
	size_t z;
	int st = FAIR_OK, t;
	bool b;

	if (!strcmp(k, "pre")) {
		sp->pre_ferm = !strcmp(v, "ferm");
		sp->pre_reweigh = !strcmp(v, "reweigh");
		sp->pre_direpair = !strcmp(v, "direpair");
		if (!sp->pre_ferm && !sp->pre_reweigh && !sp->pre_direpair && strcmp(v, "none"))
			return fair_error_set(err, FAIR_EINVAL, "pre must be ferm, reweigh, direpair or none, not '%s'", v);
		if ((sp->pre_reweigh || sp->pre_direpair) && sp->learner == L_FERM)
			return fair_error_set(err, FAIR_EINVAL, "pre=%s applies to logreg, ridge, svm, mlp%s", v,
			                      sp->pre_direpair ? " and expgrad" : "");
		if (sp->pre_reweigh && sp->learner == L_EXPGRAD)
			return fair_error_set(err, FAIR_EINVAL, "expgrad weighs its own rows; pre=reweigh does not apply");
		if (sp->pre_ferm && sp->learner == L_FERM)
			return fair_error_set(err, FAIR_EINVAL, "'ferm' is already fair; pre=ferm applies to logreg, ridge, svm and mlp");
		return FAIR_OK;
	}
	if (!strcmp(k, "level"))
		return num_opt(k, v, 0, 1, &sp->direpair_level, err);
	if (sp->learner == L_EXPGRAD && !strcmp(k, "constraint"))
		return fair_constraint_parse(v, &sp->eg.constraint, err);
	if (sp->learner == L_EXPGRAD && !strcmp(k, "eps"))
		return num_opt(k, v, 1e-6, 1, &sp->eg.eps, err);
	if (!strcmp(k, "constraint")) {
		if ((st = fair_ferm_constraint_parse(v, &t, err)))
			return st;
		sp->ferm.constraint = t;
		sp->kferm.constraint = t;
		return FAIR_OK;
	}
	if (!strcmp(k, "variant")) {
		if ((st = fair_ferm_variant_parse(v, &t, err)))
			return st;
		sp->ferm.variant = t;
		return FAIR_OK;
	}
	if (!strcmp(k, "pivot")) {
		if (!strcmp(v, "signed"))
			sp->ferm.pivot_signed = true;
		else if (!strcmp(v, "abs"))
			sp->ferm.pivot_signed = false;
		else
			return fair_error_set(err, FAIR_EINVAL, "pivot must be abs or signed, not '%s'", v);
		return FAIR_OK;
	}
	if (!strcmp(k, "use_sensitive") || !strcmp(k, "on") || !strcmp(k, "target") || !strcmp(k, "threshold"))
		return FAIR_OK;   /* handled when the rows and features are resolved */
	if (!strcmp(k, "positive")) {
		free(sp->rep_positive);
		sp->rep_positive = strdup(v);
		return sp->rep_positive ? FAIR_OK : fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	if (!strcmp(k, "eps") && sp->learner != L_FERM)
		return num_opt(k, v, 0, 1e12, &sp->ferm_eps, err);
	if (!strcmp(k, "missing_indicators"))
		return yesno(k, v, &sp->missing_ind, err);

	switch (sp->learner) {
	case L_LOGREG:
		if (!strcmp(k, "C")) { st = num_opt(k, v, 1e-12, 1e12, &sp->logreg.C, err); }
		else if (!strcmp(k, "tol")) { st = num_opt(k, v, 1e-15, 1, &sp->logreg.tol, err); }
		else if (!strcmp(k, "max_iter")) { st = size_opt(k, v, 1, 100000, &sp->logreg.max_iter, err); }
		break;
	case L_RIDGE:
		if (!strcmp(k, "alpha")) { st = num_opt(k, v, 0, 1e12, &sp->ridge.alpha, err); }
		break;
	case L_SVM:
		if (!strcmp(k, "C")) {
			st = num_opt(k, v, 1e-12, 1e12, &d, err);
			sp->svm.C = sp->ksvm.C = d;
		} else if (!strcmp(k, "kernel")) {
			st = kernel_type(v, &t, err);
			sp->ksvm.kernel.type = t;
			sp->kernel_svm = t != FAIR_KERNEL_LINEAR || sp->kernel_svm;
		} else if (!strcmp(k, "gamma")) { st = num_opt(k, v, 1e-12, 1e12, &sp->ksvm.kernel.gamma, err); }
		else if (!strcmp(k, "degree")) { st = size_opt(k, v, 1, 10, &z, err); sp->ksvm.kernel.degree = (int)z; }
		else if (!strcmp(k, "coef0")) { st = num_opt(k, v, -1e12, 1e12, &sp->ksvm.kernel.coef0, err); }
		else if (!strcmp(k, "approx")) {
			if (!strcmp(v, "auto")) sp->ksvm.approx = FAIR_KSVM_AUTO;
			else if (!strcmp(v, "exact")) sp->ksvm.approx = FAIR_KSVM_EXACT;
			else if (!strcmp(v, "rff")) sp->ksvm.approx = FAIR_KSVM_RFF;
			else if (!strcmp(v, "nystroem")) sp->ksvm.approx = FAIR_KSVM_NYSTROEM;
			else return fair_error_set(err, FAIR_EINVAL, "approx must be auto, exact, rff or nystroem, not '%s'", v);
			sp->kernel_svm = true;
		} else if (!strcmp(k, "components")) { st = size_opt(k, v, 1, 100000, &sp->ksvm.components, err); sp->kernel_svm = true; }
		else if (!strcmp(k, "tol")) { st = num_opt(k, v, 1e-15, 1, &d, err); sp->svm.tol = sp->ksvm.tol = d; }
		else if (!strcmp(k, "max_iter")) { st = size_opt(k, v, 1, 100000000, &z, err); sp->svm.max_iter = z; }
		break;
	case L_MLP:
		if (!strcmp(k, "hidden")) { st = fair_mlp_parse_hidden(&sp->mlp, v, err); }
		else if (!strcmp(k, "epochs")) { st = size_opt(k, v, 1, 100000, &sp->mlp.epochs, err); }
		else if (!strcmp(k, "batch")) { st = size_opt(k, v, 1, 1000000, &sp->mlp.batch, err); }
		else if (!strcmp(k, "lr")) { st = num_opt(k, v, 1e-12, 10, &sp->mlp.lr, err); }
		else if (!strcmp(k, "l2")) { st = num_opt(k, v, 0, 1e6, &sp->mlp.l2, err); }
		else if (!strcmp(k, "val_fraction")) { st = num_opt(k, v, 0, 0.9, &sp->mlp.val_fraction, err); }
		else if (!strcmp(k, "patience")) { st = size_opt(k, v, 1, 100000, &sp->mlp.patience, err); }
		else if (!strcmp(k, "activation")) {
			if (!strcmp(v, "relu")) sp->mlp.activation = FAIR_NN_RELU;
			else if (!strcmp(v, "tanh")) sp->mlp.activation = FAIR_NN_TANH;
			else return fair_error_set(err, FAIR_EINVAL, "activation must be relu or tanh, not '%s'", v);
		}
		break;
	case L_EXPGRAD:
		if (!strcmp(k, "base")) {
			if (!strcmp(v, "logreg")) sp->eg.base = FAIR_EXPGRAD_LOGREG;
			else if (!strcmp(v, "svm")) sp->eg.base = FAIR_EXPGRAD_SVM;
			else return fair_error_set(err, FAIR_EINVAL, "base must be logreg or svm, not '%s'", v);
		} else if (!strcmp(k, "C")) {
			st = num_opt(k, v, 1e-12, 1e12, &d, err);
			sp->eg.logreg.C = sp->eg.svm.C = d;
		} else if (!strcmp(k, "max_iter")) { st = size_opt(k, v, 1, 10000, &sp->eg.max_iter, err); }
		else if (!strcmp(k, "eta0")) { st = num_opt(k, v, 1e-6, 1e6, &sp->eg.eta0, err); }
		else if (!strcmp(k, "nu")) { st = num_opt(k, v, 0, 1, &sp->eg.nu, err); }
		break;
	case L_FAIRREP:
		if (!strcmp(k, "targets")) { free(sp->rep_targets); sp->rep_targets = strdup(v); }
		else if (!strcmp(k, "positive")) { free(sp->rep_positive); sp->rep_positive = strdup(v); }
		else if (!strcmp(k, "divergence")) {
			if (!strcmp(v, "mmd")) sp->rep.divergence = FAIR_DIV_MMD;
			else if (!strcmp(v, "sinkhorn")) sp->rep.divergence = FAIR_DIV_SINKHORN;
			else if (!strcmp(v, "mean")) sp->rep.divergence = FAIR_DIV_MEAN;
			else return fair_error_set(err, FAIR_EINVAL, "divergence must be mmd, sinkhorn or mean, not '%s'", v);
		}
		else if (!strcmp(k, "lambda")) { st = num_opt(k, v, 0, 1e9, &sp->rep.lambda, err); }
		else if (!strcmp(k, "family")) {
			if (!strcmp(v, "linear")) sp->rep.family = FAIR_REP_LINEAR;
			else if (!strcmp(v, "mlp1")) sp->rep.family = FAIR_REP_MLP1;
			else if (!strcmp(v, "mlp2")) sp->rep.family = FAIR_REP_MLP2;
			else return fair_error_set(err, FAIR_EINVAL, "family must be linear, mlp1 or mlp2, not '%s'", v);
		}
		else if (!strcmp(k, "activation")) {
			if (!strcmp(v, "tanh")) sp->rep.act = FAIR_ACT_TANH;
			else if (!strcmp(v, "relu")) sp->rep.act = FAIR_ACT_RELU;
			else return fair_error_set(err, FAIR_EINVAL, "activation must be tanh or relu, not '%s'", v);
		}
		else if (!strcmp(k, "hidden")) { st = size_opt(k, v, 1, 100000, &sp->rep.hidden, err); }
		else if (!strcmp(k, "dim")) { st = size_opt(k, v, 1, 100000, &sp->rep.dim, err); }
		else if (!strcmp(k, "epochs")) { st = size_opt(k, v, 0, 1000000, &sp->rep.epochs, err); }
		else if (!strcmp(k, "batch")) { st = size_opt(k, v, 4, 1000000, &sp->rep.batch, err); }
		else if (!strcmp(k, "lr")) { st = num_opt(k, v, 1e-12, 10, &sp->rep.lr, err); }
		else if (!strcmp(k, "weight_decay")) { st = num_opt(k, v, 0, 1e6, &sp->rep.weight_decay, err); }
		else if (!strcmp(k, "bandwidth")) { st = num_opt(k, v, 0, 1e12, &sp->rep.bandwidth, err); }
		else if (!strcmp(k, "epsilon")) { st = num_opt(k, v, 1e-9, 1e9, &sp->rep.epsilon, err); }
		else if (!strcmp(k, "unbiased")) { st = yesno(k, v, &sp->rep.unbiased, err); }
		break;
	case L_FERM:
		if (!strcmp(k, "kernel")) { st = fair_kferm_kernel_parse(v, &sp->kferm.kernel, err); }
		else if (!strcmp(k, "C")) { st = num_opt(k, v, 1e-12, 1e12, &sp->kferm.C, err); }
		else if (!strcmp(k, "gamma")) { st = num_opt(k, v, 1e-12, 1e12, &sp->kferm.gamma, err); }
		else if (!strcmp(k, "degree")) { st = size_opt(k, v, 1, 10, &z, err); sp->kferm.degree = (int)z; }
		else if (!strcmp(k, "coef0")) { st = num_opt(k, v, -1e12, 1e12, &sp->kferm.coef0, err); }
		else if (!strcmp(k, "eps")) { st = num_opt(k, v, 0, 1e12, &sp->kferm.eps, err); }
		else if (!strcmp(k, "exact")) {
			if (!strcmp(v, "auto")) sp->kferm.exact = FAIR_KFERM_AUTO;
			else if (yesno(k, v, &b, err) == FAIR_OK) sp->kferm.exact = b ? FAIR_KFERM_EXACT : FAIR_KFERM_APPROX;
			else return fair_error_set(err, FAIR_EINVAL, "exact must be yes, no or auto, not '%s'", v);
		}
		else if (!strcmp(k, "components")) { st = size_opt(k, v, 1, 100000, &sp->kferm.components, err); }
		else if (!strcmp(k, "loss")) {
			if (!strcmp(v, "hinge")) sp->kferm.loss = FAIR_KFERM_HINGE;
			else if (!strcmp(v, "squared")) sp->kferm.loss = FAIR_KFERM_SQUARED;
			else return fair_error_set(err, FAIR_EINVAL, "loss must be hinge or squared, not '%s'", v);
		}
		else if (!strcmp(k, "lambda")) { st = num_opt(k, v, 0, 1e12, &sp->kferm.lambda, err); }
		else if (!strcmp(k, "tol")) { st = num_opt(k, v, 1e-15, 1, &sp->kferm.tol, err); }
		break;
	}
	return st;
}

char *
fair_mi_xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

void
fair_train_spec_free(fair_train_spec *sp)
{
	if (sp == NULL || atomic_fetch_sub(&sp->refs, 1) != 1)
		return;
	free(sp->name);
	free(sp->target_col);
	for (size_t i = 0; i < sp->nopts; i++) {
		free(sp->keys[i]);
		free(sp->vals[i]);
	}
	free(sp->keys);
	free(sp->vals);
	fair_frame_unref(sp->frame);
	free(sp->rows);
	free(sp->y);
	free(sp->group);
	for (size_t k = 0; k < sp->K; k++)
		free(sp->labels[k]);
	free(sp->labels);
	free(sp->features);
	free(sp->rep_targets);
	free(sp->rep_positive);
	for (size_t t = 0; t < sp->ntasks; t++)
		free(sp->ys[t]);
	free(sp->ys);
	free(sp->kinds);
	if (sp->rep_model)
		fair_model_unref(sp->rep_model);
	free(sp);
}

const char *fair_train_spec_name(const fair_train_spec *sp) { return sp->name; }
const char *fair_train_spec_note(const fair_train_spec *sp) { return sp->note; }

/* Copies the option lists and parses them into @sp. */
static int
spec_options(fair_train_spec *sp, const char *const *keys, const char *const *vals, size_t nopts,
             fair_error *err)
{
	sp->keys = calloc(nopts + 1, sizeof *sp->keys);
	sp->vals = calloc(nopts + 1, sizeof *sp->vals);
	if (sp->keys == NULL || sp->vals == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t i = 0; i < nopts; i++) {
		if (!word_in(learner_opts[sp->learner], keys[i]) && !word_in(common_opts, keys[i]))
			return fair_error_set(err, FAIR_EINVAL, "%s: unknown option '%s' (options: %s %s)",
			                      learner_names[sp->learner], keys[i], learner_opts[sp->learner], common_opts);
		sp->keys[i] = strdup(keys[i]);
		sp->vals[i] = strdup(vals[i]);
		sp->nopts = i + 1;
		int st = apply_opt(sp, keys[i], vals[i], err);
		if (st)
			return st;
	}
	return FAIR_OK;
}

static void
spec_defaults(fair_train_spec *sp)
{
	fair_ferm_opts_init(&sp->ferm);
	fair_logreg_opts_init(&sp->logreg);
	fair_ridge_opts_init(&sp->ridge);
	fair_svm_opts_init(&sp->svm);
	fair_ksvm_opts_init(&sp->ksvm);
	fair_mlp_opts_init(&sp->mlp);
	fair_fairrep_opts_init(&sp->rep);
	fair_kferm_opts_init(&sp->kferm);
	sp->svm.seed = sp->ksvm.seed = sp->mlp.seed = sp->seed;
	sp->rep.seed = sp->seed;
	sp->kferm.seed = sp->seed;
	fair_expgrad_opts_init(&sp->eg);
	sp->eg.svm.seed = sp->seed;
	sp->direpair_level = 1.0;
}

/* Splits "a,b" into a new NULL-terminated array (caller frees each and it). */
static char **
split_commas(const char *v, size_t *n)
{
	char **out = calloc(strlen(v) + 2, sizeof *out);
	size_t k = 0;

	if (out == NULL)
		return NULL;
	for (const char *p = v;;) {
		size_t l = strcspn(p, ",");
		out[k++] = strndup(p, l);
		if (p[l] == '\0')
			break;
		p += l + 1;
	}
	*n = k;
	return out;
}

static void
free_strs(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* Target of column @col (positive= from the options) over the training rows. */
static double *
task_values(const fair_train_spec *sp, const char *col, double threshold, int *kind, fair_error *err)
{
	size_t np = 0;
	char **pos = sp->rep_positive ? split_commas(sp->rep_positive, &np) : NULL;
	fair_target *t = NULL;
	double *y = NULL;

	if (fair_target_build(sp->frame, col, (const char *const *)pos, np, threshold, -1, &t, err) == FAIR_OK) {
		y = malloc((sp->nrows + 1) * sizeof *y);
		if (y == NULL)
			fair_error_set(err, FAIR_ENOMEM, "out of memory");
		else
			for (size_t i = 0; i < sp->nrows; i++)
				y[i] = t->y[sp->rows[i]];
		*kind = t->task;
	}
	fair_target_free(t);
	free_strs(pos, np);
	return y;
}

/* The tasks of `train fairrep` (the session target first, then targets=),
 * and for `train MODEL on=REP [target=COL]` the representation model and the
 * target of the new task (rows without a value for it are dropped). */
static int
spec_tasks(fair_train_spec *sp, const fair_session *s, const char *const *keys,
           const char *const *vals, size_t nopts, fair_error *err)
{
	const char *on = NULL, *target = NULL;
	double threshold = NAN;

	for (size_t i = 0; i < nopts; i++) {
		if (!strcmp(keys[i], "on"))
			on = vals[i];
		else if (!strcmp(keys[i], "target"))
			target = vals[i];
		else if (!strcmp(keys[i], "threshold")) {
			char *end;
			threshold = strtod(vals[i], &end);
			if (*vals[i] == '\0' || *end != '\0' || isnan(threshold))
				return fair_error_set(err, FAIR_EINVAL, "threshold must be a number, not '%s'", vals[i]);
		}
	}
	if (!isnan(threshold) && target == NULL && sp->learner != L_FAIRREP)
		return fair_error_set(err, FAIR_EINVAL, "threshold= goes with target=COL (a numeric column made binary: above X is positive)");
	if (sp->learner == L_FAIRREP) {
		char **names = NULL;
		size_t nn = 0;
		if (on || target)
			return fair_error_set(err, FAIR_EINVAL, "fairrep: use targets=COL,... for its tasks (on= and target= are for models trained on a representation)");
		if (sp->rep_targets && (names = split_commas(sp->rep_targets, &nn)) == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		sp->ys = calloc(nn + 1, sizeof *sp->ys);
		sp->kinds = calloc(nn + 1, sizeof *sp->kinds);
		if (sp->ys == NULL || sp->kinds == NULL) {
			free_strs(names, nn);
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		}
		sp->ys[0] = malloc(sp->nrows * sizeof **sp->ys);
		if (sp->ys[0] == NULL) {
			free_strs(names, nn);
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		}
		memcpy(sp->ys[0], sp->y, sp->nrows * sizeof **sp->ys);
		sp->kinds[0] = sp->task;
		sp->ntasks = 1;
		for (size_t k = 0; k < nn; k++) {
			if (!strcmp(names[k], sp->target_col))
				continue;
			sp->ys[sp->ntasks] = task_values(sp, names[k], threshold, &sp->kinds[sp->ntasks], err);
			if (sp->ys[sp->ntasks] == NULL) {
				fair_error_prefix(err, "fairrep: task '%s'", names[k]);
				free_strs(names, nn);
				return err ? err->code : FAIR_EINVAL;
			}
			sp->ntasks++;
		}
		free_strs(names, nn);
		return FAIR_OK;
	}
	if (target && !on)
		return fair_error_set(err, FAIR_EINVAL, "target= goes with on=REPNAME; otherwise set the target with 'target COLUMN'");
	if (on == NULL)
		return FAIR_OK;
	if (sp->learner != L_LOGREG && sp->learner != L_RIDGE && sp->learner != L_SVM && sp->learner != L_MLP)
		return fair_error_set(err, FAIR_EINVAL, "on=REPNAME trains logreg, ridge, svm or mlp on a representation, not %s",
		                      learner_names[sp->learner]);
	if (sp->pre_ferm || sp->pre_reweigh || sp->pre_direpair)
		return fair_error_set(err, FAIR_EINVAL, "pre= does not apply to a model trained on a representation");
	fair_model *rm = fair_session_find_model(s, on);
	if (rm == NULL || rm->kind != FAIR_MODEL_TRAINED || rm->learner == NULL || fair_rep_learner_rep(rm->learner) == NULL)
		return fair_error_set(err, FAIR_EINVAL, "on=%s: no fair representation named '%s' (train one with 'train fairrep as %s')",
		                      on, on, on);
	sp->rep_model = fair_model_ref(rm);
	if (target) {
		int kind;
		double *y = task_values(sp, target, threshold, &kind, err);
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
		if ((kind == FAIR_TASK_REGRESSION && (sp->learner == L_LOGREG || sp->learner == L_SVM)) ||
		    (kind == FAIR_TASK_CLASSIFICATION && sp->learner == L_RIDGE))
			return fair_error_set(err, FAIR_EINVAL, "target '%s' is %s; use %s", target,
			                      kind == FAIR_TASK_REGRESSION ? "numeric" : "binary",
			                      kind == FAIR_TASK_REGRESSION ? "ridge or mlp" : "logreg, svm or mlp");
		sp->task = kind;
		sp->mlp.task = kind;
		free(sp->target_col);
		sp->target_col = strdup(target);
	}
	return FAIR_OK;
}

fair_train_spec *
fair_train_spec_new(const fair_session *s, const char *learner, const char *const *keys,
                    const char *const *vals, size_t nopts, const char *name, unsigned long seed,
                    fair_error *err)
{
	fair_train_spec *sp = calloc(1, sizeof *sp);
	size_t *rows = NULL, nrows = 0;
	bool use_sensitive = false;
	int id = -1;

	if (sp == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	atomic_init(&sp->refs, 1);
	for (int i = 0; i < L_COUNT; i++)
		if (!strcmp(learner, learner_names[i]))
			id = i;
	if (id < 0) {
		fair_error_set(err, FAIR_ENOTFOUND, "unknown model '%s' (models: %s)", learner, fair_model_learners());
		goto fail;
	}
	sp->learner = id;
	sp->seed = seed;
	spec_defaults(sp);
	if (s->target == NULL) {
		fair_error_set(err, FAIR_EINVAL, "no target set (use 'target COLUMN')");
		goto fail;
	}
	sp->task = s->target->task;
	if (sp->task == FAIR_TASK_REGRESSION && (id == L_LOGREG || id == L_SVM || id == L_FERM || id == L_EXPGRAD)) {
		fair_error_set(err, FAIR_EINVAL, "model '%s' needs a binary target; '%s' is a regression target (use ridge or mlp)",
		               learner, s->target->column);
		goto fail;
	}
	if (sp->task == FAIR_TASK_CLASSIFICATION && id == L_RIDGE) {
		fair_error_set(err, FAIR_EINVAL, "model 'ridge' is for regression; '%s' is a binary target (use logreg, svm or mlp)",
		               s->target->column);
		goto fail;
	}
	sp->mlp.task = sp->task;
	if (spec_options(sp, keys, vals, nopts, err))
		goto fail;
	for (size_t i = 0; i < nopts; i++)
		if (!strcmp(keys[i], "use_sensitive") && yesno(keys[i], vals[i], &use_sensitive, err))
			goto fail;
	if (sp->ferm_eps > 0 && (!sp->pre_ferm || (id != L_LOGREG && id != L_RIDGE))) {
		fair_error_set(err, FAIR_EINVAL, "eps= relaxes FERM: use it with pre=ferm on logreg or ridge, or with 'train ferm'");
		goto fail;
	}
	if ((sp->pre_reweigh || sp->pre_direpair || id == L_EXPGRAD) && s->groups == NULL) {
		fair_error_set(err, FAIR_EINVAL, "%s needs a sensitive attribute (use 'sensitive COLUMN')",
		               id == L_EXPGRAD ? "expgrad" : sp->pre_reweigh ? "pre=reweigh" : "pre=direpair");
		goto fail;
	}
	if (sp->pre_reweigh && sp->task != FAIR_TASK_CLASSIFICATION) {
		fair_error_set(err, FAIR_EINVAL, "pre=reweigh needs a binary target; '%s' is a regression target", s->target->column);
		goto fail;
	}
	if ((sp->pre_ferm || id == L_FERM) && s->groups == NULL) {
		fair_error_set(err, FAIR_EINVAL, "FERM needs a sensitive attribute (use 'sensitive COLUMN')");
		goto fail;
	}
	if ((sp->pre_ferm || id == L_FERM) && sp->task != FAIR_TASK_CLASSIFICATION &&
	    sp->ferm.constraint != FAIR_FERM_DP) {
		fair_error_set(err, FAIR_EINVAL, "FERM with constraint=%s needs a binary target; use constraint=dp for regression",
		               fair_ferm_constraint_name(sp->ferm.constraint));
		goto fail;
	}
	if (!(sp->name = strdup(name)) || !(sp->target_col = strdup(s->target->column)))
		goto nomem;
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
	if (spec_tasks(sp, s, keys, vals, nopts, err))
		goto fail;
	rows = sp->rows;
	nrows = sp->nrows;
	if (s->groups) {
		/* only the groups that have training rows (filters may empty some) */
		long *map = malloc(s->groups->K * sizeof *map);
		sp->group = malloc(nrows * sizeof *sp->group);
		sp->labels = calloc(s->groups->K, sizeof *sp->labels);
		if (map == NULL || sp->group == NULL || sp->labels == NULL) {
			free(map);
			goto nomem;
		}
		for (size_t k = 0; k < s->groups->K; k++)
			map[k] = -1;
		for (size_t i = 0; i < nrows; i++)
			map[s->groups->group[rows[i]]] = 0;
		for (size_t k = 0; k < s->groups->K; k++)
			if (map[k] == 0) {
				map[k] = (long)sp->K;
				if (!(sp->labels[sp->K++] = strdup(s->groups->labels[k]))) {
					free(map);
					goto nomem;
				}
			}
		for (size_t i = 0; i < nrows; i++)
			sp->group[i] = (int32_t)map[s->groups->group[rows[i]]];
		free(map);
		if (sp->K < 2 && (sp->pre_ferm || sp->pre_reweigh || sp->pre_direpair || id == L_FERM || id == L_EXPGRAD)) {
			fair_error_set(err, FAIR_EINVAL, "the sensitive attribute has one group among the training rows ('%s')",
			               sp->labels[0]);
			goto fail;
		}
	}
	/* features: the session's (`features`, already without target and
	 * sensitive columns unless listed), else every column except the target,
	 * the split column, prediction columns and (unless use_sensitive) the
	 * sensitive columns; use_sensitive adds the sensitive columns */
	if (s->features != NULL) {
		size_t ns = s->groups && use_sensitive ? s->groups->ncolumns : 0;
		sp->features = malloc((s->nfeatures + ns + 1) * sizeof *sp->features);
		if (sp->features == NULL)
			goto nomem;
		memcpy(sp->features, s->features, s->nfeatures * sizeof *sp->features);
		sp->nfeatures = s->nfeatures;
		for (size_t j = 0; j < ns; j++) {
			size_t c = (size_t)fair_frame_find(s->frame, s->groups->columns[j]);
			bool have = false;
			for (size_t k = 0; k < sp->nfeatures; k++)
				have |= sp->features[k] == c;
			if (!have)
				sp->features[sp->nfeatures++] = c;
		}
	} else {
		const char **excl = malloc((s->nderived + (s->groups ? s->groups->ncolumns : 0) + 2) * sizeof *excl);
		size_t nex = 0;
		int st;
		if (excl == NULL)
			goto nomem;
		excl[nex++] = s->target->column;
		if (s->split_column)
			excl[nex++] = s->split_column;
		if (s->groups && !use_sensitive)
			for (size_t j = 0; j < s->groups->ncolumns; j++)
				excl[nex++] = s->groups->columns[j];
		for (size_t j = 0; j < s->nderived; j++)
			excl[nex++] = s->derived[j];
		st = fair_features_resolve(s->frame, "all", excl, nex, &sp->features, &sp->nfeatures, err);
		free(excl);
		if (st)
			goto fail;
	}
	if (sp->nfeatures == 0) {
		fair_error_set(err, FAIR_EINVAL, "no feature columns left (see 'features')");
		goto fail;
	}
	return sp;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	fair_train_spec_free(sp);
	return NULL;
}

char *
fair_mi_spec_desc(const fair_train_spec *sp)
{
	fair_buf b = FAIR_BUF_INIT;

	fair_buf_puts(&b, learner_names[sp->learner]);
	for (size_t i = 0; i < sp->nopts; i++)
		fair_buf_printf(&b, " %s=%s", sp->keys[i], sp->vals[i]);
	return fair_buf_detach(&b);
}

/* A copy of @sp (sharing nothing mutable) training on its rows minus
 * @excl (@nexcl row indices). */
fair_train_spec *
fair_mi_spec_without(const fair_train_spec *sp, const size_t *excl, size_t nexcl, fair_error *err)
{
	fair_train_spec *c = calloc(1, sizeof *c);
	unsigned char *drop = NULL;
	size_t n = fair_frame_nrows(sp->frame);

	if (c == NULL)
		goto nomem;
	*c = *sp;
	atomic_init(&c->refs, 1);
	c->keys = c->vals = NULL;
	c->nopts = 0;
	c->rows = NULL;
	c->y = NULL;
	c->group = NULL;
	c->labels = NULL;
	c->features = NULL;
	c->frame = fair_frame_ref(sp->frame);
	c->name = strdup(sp->name);
	c->target_col = strdup(sp->target_col);
	c->keys = calloc(sp->nopts + 1, sizeof *c->keys);
	c->vals = calloc(sp->nopts + 1, sizeof *c->vals);
	c->labels = calloc(sp->K + 1, sizeof *c->labels);
	c->features = malloc((sp->nfeatures + 1) * sizeof *c->features);
	c->rows = malloc((sp->nrows + 1) * sizeof *c->rows);
	c->y = malloc((sp->nrows + 1) * sizeof *c->y);
	c->group = sp->group ? malloc((sp->nrows + 1) * sizeof *c->group) : NULL;
	drop = calloc(n ? n : 1, 1);
	if (!c->name || !c->target_col || !c->keys || !c->vals || !c->labels || !c->features ||
	    !c->rows || !c->y || (sp->group && !c->group) || !drop)
		goto nomem;
	for (size_t i = 0; i < sp->nopts; i++) {
		c->keys[i] = strdup(sp->keys[i]);
		c->vals[i] = strdup(sp->vals[i]);
		c->nopts = i + 1;
	}
	for (size_t k = 0; k < sp->K; k++)
		c->labels[k] = strdup(sp->labels[k]);
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
	free(drop);
	fair_train_spec_free(c);
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
	return NULL;
}
