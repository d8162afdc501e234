/* fairrep-learner.c -- the `fairrep` learner type: a fitted fair
 * representation (its encoder and task heads, fairrep.c) wrapped as a
 * learner, so that the workbench scores it like any learner (head 0) and
 * encodes rows for models trained on the representation (transfer). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>

#include "methods/methods-private.h"
#include "fairsh/param.h"

struct rep_impl {
	fair_fairrep *rep;
	size_t        task;
};

static void
rep_free(void *p)
{
	struct rep_impl *ri = p;

	fair_fairrep_free(ri->rep);
	free(ri);
}

static int
rep_predict(const fair_learner *l, const gsl_matrix *X, double *score, fair_error *err)
{
	const struct rep_impl *ri = l->impl;

	return fair_fairrep_predict(ri->rep, ri->task, X, score, err);
}

fair_learner *
fair_rep_learner_new(fair_fairrep *rep, size_t task, int kind_task, size_t d, fair_error *err)
{
	fair_learner *l = fair_learner_new(&fair_fairrep_type, kind_task, d, err);
	struct rep_impl *ri = calloc(1, sizeof *ri);

	if (l == NULL || ri == NULL) {
		free(ri);
		fair_learner_free(l);
		fair_fairrep_free(rep);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	ri->rep = rep;
	ri->task = task;
	l->impl = ri;
	l->score_is_prob = kind_task == FAIR_TASK_CLASSIFICATION;
	l->threshold = kind_task == FAIR_TASK_CLASSIFICATION ? 0.5 : 0.0;
	return l;
}

const fair_fairrep *
fair_rep_learner_rep(const fair_learner *l)
{
	if (l == NULL || l->type != &fair_fairrep_type)
		return NULL;
	return ((const struct rep_impl *)l->impl)->rep;
}

/* ---- saving ------------------------------------------------------------------ */

static int
rep_save(const fair_learner *l, fair_param *out, fair_error *err)
{
	const struct rep_impl *ri = l->impl;

	if (fair_rep_learner_rep(l) == NULL)
		return fair_error_set(err, FAIR_EINVAL, "not a fair representation learner");
	fair_param_add_int(out, "head", (int64_t)ri->task);
	return fair_fairrep_export(ri->rep, fair_param_add_object(out, "rep"), err);
}

static int
rep_load(fair_learner *l, const fair_param *in, fair_error *err)
{
	const fair_param *rp = fair_param_object(in, "rep", err);
	struct rep_impl *ri;
	fair_fairrep_summary sum;
	size_t task;

	if (rp == NULL || fair_param_size(in, "head", &task, err))
		return FAIR_EPARSE;
	if ((ri = calloc(1, sizeof *ri)) == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if ((ri->rep = fair_fairrep_import(rp, err)) == NULL) {
		free(ri);
		return err ? err->code : FAIR_EPARSE;
	}
	ri->task = task;
	fair_fairrep_summary_get(ri->rep, &sum);
	if (task >= sum.tasks || sum.d != l->d) {
		rep_free(ri);
		return fair_error_set(err, FAIR_EPARSE, "saved data: fair representation learner (head %zu, %zu features) "
		                      "does not fit its representation (%zu tasks, %zu features)", task, l->d, sum.tasks, sum.d);
	}
	l->impl = ri;
	return FAIR_OK;
}

/* ---- the learner type ------------------------------------------------------ */

struct rep_train_opts {
	fair_fairrep_opts rep;
	char             *targets;   /* further task columns, "a,b" */
};

static const int div_values[] = { FAIR_DIV_MMD, FAIR_DIV_SINKHORN, FAIR_DIV_MEAN };
static const int family_values[] = { FAIR_REP_LINEAR, FAIR_REP_MLP1, FAIR_REP_MLP2 };
static const int rep_act_values[] = { FAIR_ACT_TANH, FAIR_ACT_RELU };

/* The kernel divides by 2 h^2, which underflows below ~1e-154. */
static int
rep_set_bandwidth(void *opts, const fair_opt *o, const char *val, fair_error *err)
{
	double h;
	int st = fair_opt_parse(o, val, &h, err);

	if (st)
		return st;
	if (h > 0 && h < 1e-150)
		return fair_error_set(err, FAIR_EINVAL, "bandwidth must be 0 (the median heuristic) or at least 1e-150, "
		                      "not %s: its square would underflow", val);
	((struct rep_train_opts *)opts)->rep.bandwidth = h;
	return FAIR_OK;
}

#define RO(f) offsetof(struct rep_train_opts, rep.f)
static const fair_opt rep_opts[] = {
	{ .name = "targets", .type = FAIR_OPT_STR, .offset = offsetof(struct rep_train_opts, targets),
	  .help = "further target columns learnt at once, e.g. y2,y3" },
	{ .name = "divergence", .type = FAIR_OPT_CHOICE, .offset = RO(divergence), .choices = "mmd|sinkhorn|mean",
	  .values = div_values, .help = "penalty between the groups' representations" },
	{ .name = "lambda", .type = FAIR_OPT_NUM, .offset = RO(lambda), .lo = 0, .hi = 1e9, .help = "penalty weight" },
	{ .name = "family", .type = FAIR_OPT_CHOICE, .offset = RO(family), .choices = "linear|mlp1|mlp2",
	  .values = family_values, .help = "encoder: linear, one or two hidden layers" },
	{ .name = "activation", .type = FAIR_OPT_CHOICE, .offset = RO(act), .choices = "tanh|relu",
	  .values = rep_act_values, .help = "encoder activation" },
	{ .name = "hidden", .type = FAIR_OPT_SIZE, .offset = RO(hidden), .lo = 1, .hi = 100000,
	  .help = "width of the first layer of mlp2" },
	{ .name = "dim", .type = FAIR_OPT_SIZE, .offset = RO(dim), .lo = 1, .hi = 100000,
	  .help = "dimension of the representation" },
	{ .name = "epochs", .type = FAIR_OPT_SIZE, .offset = RO(epochs), .lo = 0, .hi = 1000000,
	  .help = "passes over the data" },
	{ .name = "batch", .type = FAIR_OPT_SIZE, .offset = RO(batch), .lo = 4, .hi = 1000000,
	  .help = "rows per step" },
	{ .name = "lr", .type = FAIR_OPT_NUM, .offset = RO(lr), .lo = 1e-12, .hi = 10, .help = "Adam step size" },
	{ .name = "weight_decay", .type = FAIR_OPT_NUM, .offset = RO(weight_decay), .lo = 0, .hi = 1e6,
	  .help = "L2 penalty on the weights" },
	{ .name = "bandwidth", .type = FAIR_OPT_NUM, .offset = RO(bandwidth), .lo = 0, .hi = 1e12,
	  .set = rep_set_bandwidth, .help = "MMD bandwidth (0: median heuristic)" },
	{ .name = "unbiased", .type = FAIR_OPT_BOOL, .offset = RO(unbiased), .help = "MMD U-statistic" },
	{ .name = "epsilon", .type = FAIR_OPT_NUM, .offset = RO(epsilon), .lo = 1e-9, .hi = 1e9,
	  .help = "Sinkhorn temperature" },
	{ .name = NULL }
};
#undef RO

static void
rep_opts_init(void *opts)
{
	struct rep_train_opts *o = opts;

	fair_fairrep_opts_init(&o->rep);
	o->targets = NULL;
}

static const char *
rep_tasks(const void *opts)
{
	return ((const struct rep_train_opts *)opts)->targets;
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

static fair_learner *
rep_fit(const void *opts, fair_fit_data *d, fair_progress *prog, fair_error *err)
{
	fair_fairrep_opts o = ((const struct rep_train_opts *)opts)->rep;
	fair_fairrep_summary sum;
	fair_fairrep *rp;

	/* the divergences compare the groups' encoded rows as unweighted
	 * samples (src/core/ot), so row weights could reach the task loss only:
	 * refused (FAIR_LEARNER_NO_WEIGHTS), never half-applied */
	if (d->w != NULL) {
		fair_error_set(err, FAIR_EINVAL, "fairrep cannot use sample weights; pre=reweigh does not apply");
		return NULL;
	}
	o.seed = d->seed;
	rp = fair_fairrep_fit(d->X, d->ys, d->kinds, d->ntasks, d->group, d->K, &o, prog, err);
	if (rp == NULL)
		return NULL;
	fair_fairrep_summary_get(rp, &sum);
	if (!sum.collapsed && d->task == FAIR_TASK_CLASSIFICATION)
		sum.collapsed = rep_one_class(rp, d->X);
	if (sum.collapsed)
		fair_fit_note(d, "warning: the representation collapsed to a constant "
		              "(lambda=%g is too large): every head predicts one value, so fairness is trivial", o.lambda);
	else
		fair_fit_note(d, "%zu task%s, representation of dimension %zu, %zu epochs, "
		              "final task loss %.4g, divergence between groups %.4g", sum.tasks, sum.tasks == 1 ? "" : "s",
		              sum.dim, sum.epochs, sum.epochs ? sum.loss[sum.epochs - 1] : NAN, sum.final_div);
	return fair_rep_learner_new(rp, 0, d->task, d->X->size2, err);
}

const fair_learner_type fair_fairrep_type = {
	.name = "fairrep", .kind = "fairrep",
	.help = "fair representation: an encoder whose output hides the group, with task heads",
	.flags = FAIR_LEARNER_CLASSIFY | FAIR_LEARNER_REGRESS | FAIR_LEARNER_MULTITASK | FAIR_LEARNER_NO_WEIGHTS,
	.opts = rep_opts, .opts_size = sizeof(struct rep_train_opts), .opts_init = rep_opts_init,
	.tasks = rep_tasks, .fit = rep_fit,
	.score = rep_predict, .save = rep_save, .load = rep_load, .free = rep_free,
};
