/* cmd-correct.c -- `correct MODEL with METHOD`: post-process a model (or a
 * prediction or score column) for fairness: the Wasserstein barycenter of
 * the groups' scores, the threshold optimiser, or AIF360's equalized-odds,
 * calibrated equalized-odds and reject-option post-processors. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "fairsh/metric.h"
#include "fairsh/spec.h"

static enum cmd_retval cmd_correct_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt correct_opts[] = {
	{ "pred", OPT_STRING, NULL, "COLUMN", "correct this prediction column instead of a model" },
	{ "score", OPT_STRING, NULL, "COLUMN", "correct this score column instead of a model (any range; higher = positive)" },
	{ "threshold", OPT_DOUBLE, NULL, "T", "wasserstein on score=: a score of T or more is a positive decision" },
	{ "alpha", OPT_DOUBLE, NULL, "A", "fairness dial in [0,1]: 0 = base model, 1 = fully fair (default 1)" },
	{ "calib", OPT_DOUBLE, NULL, "F", "share of the training rows used for calibration (default 0.25)" },
	{ "jitter", OPT_DOUBLE, NULL, "S", "half-width of the tie-breaking noise (default: 1e-5 x range)" },
	{ "seed", OPT_INT, NULL, NULL, "random seed (default: 'set seed')" },
	{ "constraint", OPT_CHOICE, "dp|eo|tpr|fpr|tnr|fnr|eodds", NULL, "threshold: the constraint (default dp)" },
	{ "objective", OPT_CHOICE, "accuracy|balanced_accuracy|selection_rate|tpr|tnr", NULL,
	  "threshold: what to maximise (default accuracy)" },
	{ "flip", OPT_BOOL, NULL, NULL, "threshold: also flipped decisions, score below a cut (default no)" },
	{ "tol", OPT_DOUBLE, NULL, "T", "threshold: the groups' rates may differ by this much (default 0)" },
	{ "grid", OPT_INT, NULL, NULL, "threshold: Fairlearn's grid of N+1 values instead of the exact optimum" },
	{ "cost", OPT_CHOICE, "fnr|fpr|weighted", NULL, "caleqodds: the cost equalised (default weighted)" },
	{ "metric", OPT_CHOICE, "dp|eo|aod", NULL, "roc: the metric bounded (default dp)" },
	{ "lb", OPT_DOUBLE, NULL, NULL, "roc: lower bound on the metric (default -0.05)" },
	{ "ub", OPT_DOUBLE, NULL, NULL, "roc: upper bound on the metric (default 0.05)" },
	{ "low", OPT_DOUBLE, NULL, NULL, "roc: smallest threshold (default 0.01)" },
	{ "high", OPT_DOUBLE, NULL, NULL, "roc: largest threshold (default 0.99)" },
	{ "nthresh", OPT_INT, NULL, NULL, "roc: thresholds tried (default 100)" },
	{ "nmargin", OPT_INT, NULL, NULL, "roc: margins tried per threshold (default 50)" },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_correct_entry = {
	.name = "correct", .min_args = 2, .max_args = 3, .opts = correct_opts, .flags = CMD_NEEDS_SESSION | CMD_AS,
	.args = "MODEL with wasserstein [as NAME] [{alpha}] [{calib}] [{jitter}] [{seed}] | {pred} with wasserstein as NAME"
	        " | {score} {threshold} with wasserstein as NAME"
	        " | MODEL|{score} with threshold [as NAME] [{constraint}] [{objective}] [{flip}] [{tol}] [{grid}] [{seed}]"
	        " | MODEL|{score} with eqodds|caleqodds|roc [as NAME] [{cost}] [{metric}] [{lb}] [{ub}] [{low}] [{high}]"
	        " [{nthresh}] [{nmargin}] [{seed}]",
	.help = "post-process a model (or a prediction or score column) for fairness: Wasserstein barycenter, threshold "
	        "optimiser, equalized-odds, calibrated equalized-odds or reject-option post-processing",
	.exec = cmd_correct_exec,
};

/* Options that belong to one correction only. */
static const struct {
	const char *opt, *method;
} owned[] = {
	{ "alpha", "wasserstein" }, { "calib", "wasserstein" }, { "jitter", "wasserstein" }, { "pred", "wasserstein" },
	{ "threshold", "wasserstein" },
	{ "constraint", "threshold" }, { "objective", "threshold" }, { "flip", "threshold" }, { "tol", "threshold" },
	{ "grid", "threshold" }, { "cost", "caleqodds" }, { "metric", "roc" }, { "lb", "roc" }, { "ub", "roc" },
	{ "low", "roc" }, { "high", "roc" }, { "nthresh", "roc" }, { "nmargin", "roc" },
};

static enum cmd_retval
check_owned(struct cli_ctx *ctx, const struct cli_args *a, const char *method)
{
	for (size_t i = 0; i < sizeof owned / sizeof *owned; i++)
		if (cli_opt(a, owned[i].opt) && strcmp(owned[i].method, method) != 0)
			return cli_error(ctx, a, "%s= belongs to the %s correction, not to %s", owned[i].opt, owned[i].method, method);
	return CMD_OK;
}

/* The model to correct (positional) or score=COLUMN, and the new name. */
static enum cmd_retval
post_target(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, size_t wi, const char *suffix,
            fair_model **base, char *name, size_t size)
{
	const char *score = cli_opt(a, "score");

	*base = NULL;
	if (score != NULL && wi != 0)
		return cli_error(ctx, a, "give either a model or score=COLUMN, not both");
	if (score == NULL && wi != 1)
		return cli_error(ctx, a, "say which model to correct: correct MODEL with %s ... (or score=COLUMN)", suffix);
	if (score == NULL && (*base = cli_model(ctx, a, s, a->pos[0])) == NULL)
		return CMD_ERROR;
	if (score && !a->as)
		return cli_error(ctx, a, "give the corrected model a name: correct score=%s with %s as NAME", score,
		                 a->pos[wi + 1]);
	if (score)
		snprintf(name, size, "%s", a->as);
	else
		cli_derived_name(a, *base, suffix, name, size);
	return CMD_OK;
}

/* `correct MODEL|score=COL with threshold [constraint= objective= flip= tol= grid= seed=] [as NAME]`. */
static enum cmd_retval
correct_threshold(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, size_t wi)
{
	const char *cs = cli_opt(a, "constraint"), *os = cli_opt(a, "objective");
	fair_model *base, *m;
	fair_error err;
	char name[200];
	unsigned long seed;
	size_t grid;
	fair_thresh_opts o;

	fair_thresh_opts_init(&o);
	if (check_owned(ctx, a, "threshold"))
		return CMD_ERROR;
	if ((cs && fair_constraint_parse(cs, &o.constraint, &err)) || (os && fair_objective_parse(os, &o.objective, &err)))
		return cli_ferror(ctx, a, &err);
	if (cli_opt_seed(ctx, a, "seed", &seed) ||
	    cli_opt_bool(ctx, a, "flip", false, &o.flip) || cli_opt_double(ctx, a, "tol", 0, 0, 1, &o.tol) ||
	    cli_opt_size(ctx, a, "grid", 0, 0, 10000000, &grid))
		return CMD_ERROR;
	o.grid = grid;
	if (post_target(ctx, a, s, wi, "_t", &base, name, sizeof name))
		return CMD_ERROR;
	m = fair_model_threshold_opt(s, base, cli_opt(a, "score"), name, &o, seed, &err);
	if (m == NULL)
		return cli_ferror(ctx, a, &err);
	return cli_install_model(ctx, a, s, m);
}

/* `correct MODEL|score=COL with eqodds|caleqodds|roc [options] [as NAME]`. */
static enum cmd_retval
correct_postproc(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, size_t wi, int method)
{
	static const char *const meth[] = { "eqodds", "caleqodds", "roc" };
	static const char *const suffix[] = { "_eqodds", "_caleqodds", "_roc" };
	const char *c = cli_opt(a, "cost"), *mt = cli_opt(a, "metric");
	fair_postproc_opts o;
	fair_model *base, *m;
	fair_error err;
	char name[200];
	unsigned long seed;

	fair_postproc_opts_init(&o);
	o.method = method;
	if (check_owned(ctx, a, meth[method]))
		return CMD_ERROR;
	if (c)
		o.cost = !strcmp(c, "fnr") ? FAIR_POSTPROC_COST_FNR : !strcmp(c, "fpr") ? FAIR_POSTPROC_COST_FPR
		                                                                          : FAIR_POSTPROC_COST_WEIGHTED;
	if (mt)
		o.roc_metric = !strcmp(mt, "dp") ? FAIR_CONSTRAINT_DP : !strcmp(mt, "eo") ? FAIR_CONSTRAINT_EO
		                                                                          : FAIR_CONSTRAINT_EODDS;
	if (cli_opt_seed(ctx, a, "seed", &seed) ||
	    cli_opt_double(ctx, a, "lb", o.lb, -1, 1, &o.lb) || cli_opt_double(ctx, a, "ub", o.ub, -1, 1, &o.ub) ||
	    cli_opt_double(ctx, a, "low", o.low, 0, 1, &o.low) || cli_opt_double(ctx, a, "high", o.high, 0, 1, &o.high) ||
	    cli_opt_size(ctx, a, "nthresh", o.nthresh, 1, 100000, &o.nthresh) ||
	    cli_opt_size(ctx, a, "nmargin", o.nmargin, 1, 100000, &o.nmargin))
		return CMD_ERROR;
	if (post_target(ctx, a, s, wi, suffix[method], &base, name, sizeof name))
		return CMD_ERROR;
	m = fair_model_postproc(s, base, cli_opt(a, "score"), name, &o, seed, &err);
	if (m == NULL)
		return cli_ferror(ctx, a, &err);
	return cli_install_model(ctx, a, s, m);
}

static enum cmd_retval
cmd_correct_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char *pred = cli_opt(a, "pred"), *score = cli_opt(a, "score");
	fair_model *base = NULL, *m;
	double alpha, calib, jitter, thr = NAN;
	size_t wi = a->npos;
	unsigned long seed;
	fair_error err;
	char name[200];
	fair_progress prog;

	if (s == NULL)
		return CMD_ERROR;
	for (size_t i = 0; i < a->npos; i++)
		if (!strcmp(a->pos[i], "with"))
			wi = i;
	if (wi + 2 != a->npos || wi > 1)
		return cli_usage(ctx, a, NULL, NULL);
	if (s->weights != NULL)
		/* the post-processors and the barycenter map are fitted on
		 * unweighted rows (as AIF360's and Fairlearn's): refused rather
		 * than silently unweighted */
		return cli_error(ctx, a, "correct ... with %s does not take sample weights; the session has weights '%s' "
		                 "(use 'weights none' first, and 'weights %s' again to audit)", a->pos[wi + 1], s->weights,
		                 s->weights);
	{
		const char *meth = a->pos[wi + 1];
		if (!strcmp(meth, "threshold"))
			return correct_threshold(ctx, a, s, wi);
		if (!strcmp(meth, "eqodds"))
			return correct_postproc(ctx, a, s, wi, FAIR_POSTPROC_EQODDS);
		if (!strcmp(meth, "caleqodds"))
			return correct_postproc(ctx, a, s, wi, FAIR_POSTPROC_CALEQODDS);
		if (!strcmp(meth, "roc"))
			return correct_postproc(ctx, a, s, wi, FAIR_POSTPROC_ROC);
		if (strcmp(meth, "wasserstein") != 0)
			return cli_error(ctx, a, "unknown correction '%s' (corrections: wasserstein, threshold, eqodds, caleqodds, roc)", meth);
	}
	/* a score column of any range: its decisions are score >= threshold= */
	if (score != NULL) {
		if (pred != NULL || wi != 0)
			return cli_error(ctx, a, "give one of a model, pred=COLUMN or score=COLUMN");
		pred = score;
		if (cli_opt_double(ctx, a, "threshold", NAN, -INFINITY, INFINITY, &thr))
			return CMD_ERROR;
		if (isnan(thr))
			return cli_error(ctx, a, "score=%s needs threshold=T (a score of T or more is a positive decision), "
			                 "as for audit", score);
	} else if (cli_opt(a, "threshold")) {
		return cli_error(ctx, a, "threshold= goes with score=COLUMN (the correction of a model or of pred= keeps "
		                 "its own decision threshold)");
	}
	if ((pred == NULL) != (wi == 1))
		return cli_usage(ctx, a, NULL, NULL);
	if (check_owned(ctx, a, "wasserstein"))
		return CMD_ERROR;
	if (cli_opt_double(ctx, a, "alpha", 1.0, 0, 1, &alpha) ||
	    cli_opt_double(ctx, a, "calib", 0.25, 0.01, 0.9, &calib) ||
	    cli_opt_double(ctx, a, "jitter", FAIR_MODEL_JITTER_AUTO, -1, 1e12, &jitter) ||
	    cli_opt_seed(ctx, a, "seed", &seed))
		return CMD_ERROR;
	if (!pred && (base = cli_model(ctx, a, s, a->pos[0])) == NULL)
		return CMD_ERROR;
	if (pred && !a->as)
		return cli_error(ctx, a, "give the corrected model a name: correct %s=%s with wasserstein as NAME",
		                 score ? "score" : "pred", pred);
	cli_derived_name(a, base, "_w", name, sizeof name);
	fair_progress_init(&prog);
	cli_fg_progress = &prog;
	if (score != NULL)
		m = fair_model_wasserstein_score(s, score, thr, name, alpha, calib, jitter, seed, &prog, &err);
	else
		m = fair_model_wasserstein(s, base, pred, name, alpha, calib, jitter, seed, &prog, &err);
	cli_fg_progress = NULL;
	if (m == NULL)
		return cli_ferror(ctx, a, &err);
	return cli_install_model(ctx, a, s, m);
}
