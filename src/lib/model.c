/* model.c -- training snapshots and trained models: option validation, the
 * pipeline -> [FERM] -> learner chain, Wasserstein post-processing, and
 * scoring. Numerical work is in the modules it calls (pipeline.c, ferm.c,
 * model-*.c, wbary.c). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fairsh/buf.h"
#include "fairsh/fairrep.h"
#include "fairsh/ferm.h"
#include "fairsh/methods.h"
#include "fairsh/model.h"
#include "fairsh/model-rep.h"
#include "fairsh/models.h"
#include "fairsh/persist.h"
#include "fairsh/pipeline.h"
#include "fairsh/spec.h"
#include "fairsh/wbary.h"

enum learner_id { L_LOGREG, L_RIDGE, L_SVM, L_MLP, L_FERM, L_EXPGRAD, L_FAIRREP, L_COUNT };

static const char *const learner_names[] = { "logreg", "ridge", "svm", "mlp", "ferm", "expgrad", "fairrep" };

/* option names accepted by each learner (besides the common ones) */
static const char *const learner_opts[] = {
	"C tol max_iter",
	"alpha",
	"C kernel gamma degree coef0 approx components tol max_iter",
	"hidden epochs batch lr l2 val_fraction patience activation",
	"kernel C gamma degree coef0 eps constraint exact components loss lambda tol",
	"base C max_iter eta0 nu",
	"targets divergence lambda family activation hidden dim epochs batch lr weight_decay bandwidth epsilon",
};
static const char *const common_opts = "pre level constraint variant pivot eps use_sensitive missing_indicators on target positive";

struct fair_train_spec {
	atomic_int     refs;
	char          *name;
	int            learner;
	int            task;
	char          *target_col;
	char         **keys, **vals;
	size_t         nopts;
	fair_frame    *frame;
	size_t        *rows;
	size_t         nrows;
	double        *y;          /* nrows, aligned with rows */
	int32_t       *group;      /* nrows or NULL */
	size_t         K;
	char         **labels;
	size_t        *features;
	size_t         nfeatures;
	unsigned long  seed;
	/* parsed */
	bool           pre_ferm;
	fair_ferm_opts ferm;
	double         ferm_eps;   /* pre=ferm: |<w,u>| <= eps (logreg, ridge; two groups) */
	bool           pre_reweigh;   /* issue 11: instance weights (methods.h) */
	bool           pre_direpair;  /* issue 11: disparate-impact remover at level */
	double         direpair_level;
	fair_expgrad_opts eg;         /* learner expgrad */
	bool           missing_ind;
	fair_logreg_opts logreg;
	fair_ridge_opts  ridge;
	fair_svm_opts    svm;
	fair_ksvm_opts   ksvm;
	bool             kernel_svm;
	fair_mlp_opts    mlp;
	fair_kferm_opts  kferm;
	/* fairrep (issue 7): tasks are the session target first, then targets= */
	fair_fairrep_opts rep;
	char          *rep_targets;   /* targets= as given */
	char          *rep_positive;  /* positive= as given (for every other task) */
	size_t         ntasks;
	double       **ys;            /* ntasks arrays of nrows */
	int           *kinds;
	/* transfer: a model trained on the representation of @rep_model */
	fair_model    *rep_model;
	char           note[512];
};

struct fair_model {
	atomic_int     refs;
	char          *name;
	char          *desc;
	int            kind;
	int            task;
	char          *target_col;
	fair_pipeline *pipe;
	fair_ferm     *ferm;
	fair_learner  *learner;
	/* wasserstein */
	fair_train_spec *spec;     /* what trained it (shared, for retraining) */
	fair_model    *base;
	char          *column;
	fair_wbary    *wb;
	double         alpha;
	unsigned long  seed;
	char         **labels;
	size_t         K;
	/* thresholds: one per group (K, matched by label), on the base score */
	double        *thresholds;
	/* issue 11: disparate-impact remover (trained), threshold optimiser */
	fair_direpair *direpair;
	fair_thresh   *topt;
	/* transfer (issue 7): inputs are the representation of this fairrep model */
	fair_model    *rep;
};

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
	if (!strcmp(k, "use_sensitive") || !strcmp(k, "on") || !strcmp(k, "target"))
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

static char *
xstrdup(const char *s)
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
task_values(const fair_train_spec *sp, const char *col, int *kind, fair_error *err)
{
	size_t np = 0;
	char **pos = sp->rep_positive ? split_commas(sp->rep_positive, &np) : NULL;
	fair_target *t = NULL;
	double *y = NULL;

	if (fair_target_build(sp->frame, col, (const char *const *)pos, np, NAN, -1, &t, err) == FAIR_OK) {
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

	for (size_t i = 0; i < nopts; i++) {
		if (!strcmp(keys[i], "on"))
			on = vals[i];
		else if (!strcmp(keys[i], "target"))
			target = vals[i];
	}
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
			sp->ys[sp->ntasks] = task_values(sp, names[k], &sp->kinds[sp->ntasks], err);
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

static fair_model *
model_new(const char *name, int kind, int task, fair_error *err)
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

static char *
spec_desc(const fair_train_spec *sp)
{
	fair_buf b = FAIR_BUF_INIT;

	fair_buf_puts(&b, learner_names[sp->learner]);
	for (size_t i = 0; i < sp->nopts; i++)
		fair_buf_printf(&b, " %s=%s", sp->keys[i], sp->vals[i]);
	return fair_buf_detach(&b);
}

/* Collapse seen from the main head: it predicts one class for at least 95%
 * of the training rows (the representation carries almost nothing; fairness
 * is then trivial). fair_fairrep_collapsed() catches the exact case. */
static bool
rep_one_class(const fair_fairrep *rp, const gsl_matrix *X)
{
	double *p = malloc(X->size1 * sizeof *p);
	size_t pos = 0;
	bool one;

	if (p == NULL || fair_fairrep_predict(rp, 0, X, p, NULL) != FAIR_OK) {
		free(p);
		return false;
	}
	for (size_t i = 0; i < X->size1; i++)
		pos += p[i] > 0.5;
	one = pos >= 0.95 * (double)X->size1 || pos <= 0.05 * (double)X->size1;
	free(p);
	return one;
}

/* Fits logreg or ridge on @X with optional offsets (ridge: on y - offset). */
static fair_learner *
fit_linear(fair_train_spec *sp, const gsl_matrix *X, const double *off, fair_progress *prog,
           fair_error *err)
{
	if (sp->learner == L_LOGREG)
		return fair_logreg_fit_offset(X, sp->y, NULL, off, &sp->logreg, prog, err);
	double *yr = malloc(sp->nrows * sizeof *yr);
	fair_learner *l;
	if (yr == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < sp->nrows; i++)
		yr[i] = sp->y[i] - (off ? off[i] : 0.0);
	l = fair_ridge_fit(X, yr, NULL, &sp->ridge, prog, err);
	free(yr);
	return l;
}

/* FERM with the eps-relaxed constraint |<w,u>| <= eps (methods.md 3.1) for a
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
	if (fabs(a) <= sp->ferm_eps) {
		snprintf(sp->note, sizeof sp->note, "FERM eps=%g: the unconstrained model already satisfies "
		         "|<w,u>| = %.3g <= eps", sp->ferm_eps, fabs(a));
		m->learner = l0;
		fair_ferm_free(m->ferm);
		m->ferm = NULL;
		return FAIR_OK;
	}
	c = a > 0 ? sp->ferm_eps : -sp->ferm_eps;
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
	         sp->ferm_eps, c, a);
out:
	fair_learner_free(l0);
	fair_learner_free(lv);
	if (Xt)
		gsl_matrix_free(Xt);
	free(off);
	return st;
}

/* Copies the snapshot's group labels into @m (models that use the
 * sensitive attribute when scoring). */
static int
model_labels(fair_model *m, char *const *labels, size_t K, fair_error *err)
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
	m->direpair = fair_direpair_fit(*X, sp->group, sp->K, sp->direpair_level, num, err);
	free(num);
	if (m->direpair == NULL || model_labels(m, sp->labels, sp->K, err))
		return err ? err->code : FAIR_EINVAL;
	if ((Z = fair_direpair_repair_train(m->direpair, *X, sp->group, err)) == NULL)
		return err ? err->code : FAIR_EINVAL;
	gsl_matrix_free(*X);
	*X = Z;
	snprintf(sp->note, sizeof sp->note, "disparate-impact remover: %zu numeric feature%s repaired at level %g",
	         nnum, nnum == 1 ? "" : "s", sp->direpair_level);
	return FAIR_OK;
}

fair_model *
fair_model_train(fair_train_spec *sp, fair_progress *prog, fair_error *err)
{
	fair_model *m = model_new(sp->name, FAIR_MODEL_TRAINED, sp->task, err);
	fair_pipeline_opts po;
	gsl_matrix *X = NULL, *Xt = NULL;
	int32_t *grp = sp->group;
	double *w = NULL;   /* pre=reweigh: instance weights for every learner */

	if (m == NULL)
		return NULL;
	m->desc = spec_desc(sp);
	m->target_col = xstrdup(sp->target_col);
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
	po.missing_indicators = sp->missing_ind;
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
	if (sp->pre_ferm) {
		m->ferm = fair_ferm_fit(X, sp->y, grp, sp->K, (const char *const *)sp->labels, &sp->ferm, err);
		if (m->ferm == NULL)
			goto fail;
		if (fair_ferm_is_identity(m->ferm))
			snprintf(sp->note, sizeof sp->note,
			         "FERM: the groups' feature means already coincide (u = 0); training unchanged");
		else
			snprintf(sp->note, sizeof sp->note, "FERM (%s, %s): removed %zu direction%s from %zu features",
			         fair_ferm_constraint_name(sp->ferm.constraint),
			         sp->ferm.variant == FAIR_FERM_ELIMINATE ? "coordinate elimination" : "projection",
			         fair_ferm_rank(m->ferm), fair_ferm_rank(m->ferm) == 1 ? "" : "s", fair_ferm_in_dim(m->ferm));
		if (sp->ferm_eps > 0 && !fair_ferm_is_identity(m->ferm)) {
			if (ferm_relaxed(sp, m, X, prog, err))
				goto fail;
			gsl_matrix_free(X);
			atomic_fetch_add(&sp->refs, 1);
			m->spec = sp;
			return m;
		}
		Xt = fair_ferm_apply(m->ferm, X, err);
		if (Xt == NULL)
			goto fail;
		gsl_matrix_free(X);
		X = Xt;
		Xt = NULL;
	}
	if (sp->pre_direpair && model_direpair(sp, m, &X, err))
		goto fail;
	if (sp->pre_reweigh) {
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
	switch (sp->learner) {
	case L_FAIRREP: {
		fair_fairrep *rp = fair_fairrep_fit(X, (const double *const *)sp->ys, sp->kinds, sp->ntasks, grp,
		                                    sp->K, &sp->rep, prog, err);
		fair_fairrep_summary sum;
		if (rp == NULL)
			break;
		fair_fairrep_summary_get(rp, &sum);
		if (!sum.collapsed && sp->task == FAIR_TASK_CLASSIFICATION)
			sum.collapsed = rep_one_class(rp, X);
		if (sum.collapsed)
			snprintf(sp->note, sizeof sp->note, "warning: the representation collapsed to a constant "
			         "(lambda=%g is too large): every head predicts one value, so fairness is trivial", sp->rep.lambda);
		else
			snprintf(sp->note, sizeof sp->note, "%zu tasks, representation of dimension %zu, %zu epochs, "
			         "final task loss %.4g, divergence between groups %.4g", sum.tasks, sum.dim, sum.epochs,
			         sum.epochs ? sum.loss[sum.epochs - 1] : NAN, sum.final_div);
		m->learner = fair_rep_learner_new(rp, 0, sp->task, X->size2, err);
		break;
	}
	case L_EXPGRAD: {
		fair_expgrad_info info;
		if (w)
			fair_error_set(err, FAIR_EINVAL, "expgrad weighs its own rows; pre=reweigh does not apply");
		else
			m->learner = fair_expgrad_fit(X, sp->y, grp, sp->K, &sp->eg, &info, prog, err);
		m->seed = sp->seed;
		if (m->learner)
			snprintf(sp->note, sizeof sp->note, "expgrad (%s, eps=%g): %zu iterations, %zu classifier%s in the "
			         "mixture, duality gap %.3g, training violation %.3g", fair_constraint_name(sp->eg.constraint),
			         sp->eg.eps, info.iterations, info.nlearners, info.nlearners == 1 ? "" : "s", info.gap,
			         info.violation);
		break;
	}
	case L_LOGREG:
		m->learner = fair_logreg_fit(X, sp->y, w, &sp->logreg, prog, err);
		break;
	case L_RIDGE:
		m->learner = fair_ridge_fit(X, sp->y, w, &sp->ridge, prog, err);
		break;
	case L_SVM:
		if (sp->kernel_svm) {
			m->learner = fair_ksvm_fit(X, sp->y, w, &sp->ksvm, prog, err);
			if (m->learner)
				snprintf(sp->note, sizeof sp->note, "kernel SVM on %zu rows: %s", sp->nrows,
				         fair_ksvm_path_name(fair_ksvm_path(m->learner)));
		} else {
			m->learner = fair_svm_fit(X, sp->y, w, &sp->svm, prog, err);
		}
		break;
	case L_MLP:
		m->learner = fair_mlp_fit(X, sp->y, w, &sp->mlp, prog, err);
		break;
	case L_FERM: {
		fair_kferm_info info;
		m->learner = fair_kferm_fit(X, sp->y, grp, sp->K, (const char *const *)sp->labels, &sp->kferm,
		                            &info, prog, err);
		if (m->learner)
			snprintf(sp->note, sizeof sp->note, "kernel FERM on %zu rows: %s, %zu constraint direction%s, "
			         "max mean-score gap on training positives %.3g", info.n, fair_kferm_path_name(info.path),
			         info.rank, info.rank == 1 ? "" : "s", info.constraint_gap);
		break;
	}
	}
	if (m->learner == NULL)
		goto fail;
	gsl_matrix_free(X);
	free(w);
	atomic_fetch_add(&sp->refs, 1);
	m->spec = sp;
	return m;
fail:
	if (X)
		gsl_matrix_free(X);
	free(w);
	fair_model_unref(m);
	return NULL;
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

	/* randomised classifiers: the decision, drawn per row (methods.h) */
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

/* A copy of @sp (sharing nothing mutable) training on its rows minus
 * @excl (@nexcl row indices). */
static fair_train_spec *
spec_without(const fair_train_spec *sp, const size_t *excl, size_t nexcl, fair_error *err)
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
	m = model_new(name, FAIR_MODEL_WASSERSTEIN, base ? fair_model_task(base) : s->target ? s->target->task : FAIR_TASK_REGRESSION, err);
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
		fair_train_spec *sub = spec_without(base->spec, rows, nrows, err);
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
		m->target_col = xstrdup(base->target_col);
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
	m->wb = fair_wbary_fit(sc, grp, nrows, m->K, (const char *const *)m->labels, jitter, seed, err);
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
	if ((m = model_new(name, FAIR_MODEL_THRESHOLDS, FAIR_TASK_CLASSIFICATION, err)) == NULL)
		return NULL;
	m->base = fair_model_ref(base);
	m->target_col = xstrdup(base->target_col);
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
	m = model_new(name, k, strcmp(task, "regression") ? FAIR_TASK_CLASSIFICATION : FAIR_TASK_REGRESSION, err);
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

/* ---- threshold optimiser (issue 11; methods.h) --------------------------- */

fair_model *
fair_model_threshold_opt(const fair_session *s, fair_model *base, const char *name, int constraint,
                         unsigned long seed, fair_error *err)
{
	fair_model *m = NULL;
	size_t *rows = NULL, nrows = 0;
	double *p = NULL, *y = NULL;
	int32_t *grp = NULL;
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
	for (size_t i = 0; i < nrows; i++) {
		y[i] = s->target->y[rows[i]];
		grp[i] = s->groups->group[rows[i]];
		if (isnan(y[i]) || isnan(p[i]))
			grp[i] = -1;   /* unlabelled or unscored rows take no part */
	}
	if ((m = model_new(name, FAIR_MODEL_THRESHOLD_OPT, FAIR_TASK_CLASSIFICATION, err)) == NULL)
		goto fail;
	if ((m->topt = fair_thresh_fit(p, y, grp, nrows, s->groups->K, constraint, err)) == NULL ||
	    model_labels(m, s->groups->labels, s->groups->K, err))
		goto fail;
	m->base = fair_model_ref(base);
	m->seed = seed;
	m->target_col = xstrdup(fair_model_target(base));
	fair_buf_printf(&d, "threshold(%s) constraint=%s training accuracy %.4f", base->name,
	                fair_constraint_name(constraint), fair_thresh_accuracy(m->topt));
	m->desc = fair_buf_detach(&d);
	free(rows);
	free(p);
	free(y);
	free(grp);
	return m;
fail:
	fair_model_unref(m);
	free(rows);
	free(p);
	free(y);
	free(grp);
	return NULL;
}

const fair_thresh *
fair_model_threshold_optimiser(const fair_model *m)
{
	return m->kind == FAIR_MODEL_THRESHOLD_OPT ? m->topt : NULL;
}
