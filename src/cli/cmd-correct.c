/* cmd-correct.c -- `correct MODEL with wasserstein|threshold`: post-process a
 * model (or a prediction column) for fairness: the Wasserstein barycenter
 * of the groups' scores, or per-group thresholds. */
/* SPDX-License-Identifier: MIT */
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
	{ "alpha", OPT_DOUBLE, NULL, "A", "fairness dial in [0,1]: 0 = base model, 1 = fully fair (default 1)" },
	{ "calib", OPT_DOUBLE, NULL, "F", "share of the training rows used for calibration (default 0.25)" },
	{ "jitter", OPT_DOUBLE, NULL, "S", "half-width of the tie-breaking noise (default: 1e-5 x range)" },
	{ "seed", OPT_INT, NULL, NULL, "random seed (default: 'set seed')" },
	{ "constraint", OPT_CHOICE, "dp|eo|eodds", NULL, "threshold: the constraint (default dp)" },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_correct_entry = {
	.name = "correct", .min_args = 2, .max_args = 3, .opts = correct_opts, .flags = CMD_NEEDS_SESSION | CMD_AS,
	.args = "MODEL with wasserstein [as NAME] [{alpha}] [{calib}] [{jitter}] [{seed}] | {pred} with wasserstein as NAME"
	        " | MODEL with threshold [as NAME] [{constraint}] [{seed}]",
	.help = "post-process a model (or a prediction column) for fairness: Wasserstein barycenter or threshold optimiser",
	.exec = cmd_correct_exec,
};

/* `correct MODEL with threshold [constraint=dp|eo|eodds] [as NAME]`. */
static enum cmd_retval
correct_threshold(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s)
{
	const char *cs = cli_opt(a, "constraint");
	fair_model *base, *m;
	fair_error err;
	char name[200];
	size_t seed;
	int c = FAIR_CONSTRAINT_DP;

	if (cli_opt(a, "pred") || cli_opt(a, "alpha") || cli_opt(a, "calib") || cli_opt(a, "jitter"))
		return cli_error(ctx, a, "the threshold correction takes constraint= and seed= only");
	if (cs && fair_constraint_parse(cs, &c, &err))
		return cli_ferror(ctx, a, &err);
	if (cli_opt_size(ctx, a, "seed", ctx->set.seed, 0, 4294967295UL, &seed))
		return CMD_ERROR;
	if ((base = cli_model(ctx, a, s, a->pos[0])) == NULL)
		return CMD_ERROR;
	cli_derived_name(a, base, "_t", name, sizeof name);
	m = fair_model_threshold_opt(s, base, name, c, (unsigned long)seed, &err);
	if (m == NULL)
		return cli_ferror(ctx, a, &err);
	return cli_install_model(ctx, a, s, m);
}

static enum cmd_retval
cmd_correct_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char *pred = cli_opt(a, "pred");
	fair_model *base = NULL, *m;
	double alpha, calib, jitter;
	size_t seed, wi = a->npos;
	fair_error err;
	char name[200];
	fair_progress prog;

	if (s == NULL)
		return CMD_ERROR;
	for (size_t i = 0; i < a->npos; i++)
		if (!strcmp(a->pos[i], "with"))
			wi = i;
	if (wi + 2 != a->npos || (pred == NULL) != (wi == 1) || (pred && wi != 0))
		return cli_usage(ctx, a, NULL, NULL);
	if (!strcmp(a->pos[wi + 1], "threshold") && wi == 1)
		return correct_threshold(ctx, a, s);
	if (strcmp(a->pos[wi + 1], "wasserstein") != 0)
		return cli_error(ctx, a, "unknown correction '%s' (corrections: wasserstein, threshold)", a->pos[wi + 1]);
	if (cli_opt(a, "constraint"))
		return cli_error(ctx, a, "constraint= belongs to the threshold correction; wasserstein corrects for dp");
	if (cli_opt_double(ctx, a, "alpha", 1.0, 0, 1, &alpha) ||
	    cli_opt_double(ctx, a, "calib", 0.25, 0.01, 0.9, &calib) ||
	    cli_opt_double(ctx, a, "jitter", FAIR_MODEL_JITTER_AUTO, -1, 1e12, &jitter) ||
	    cli_opt_size(ctx, a, "seed", ctx->set.seed, 0, 4294967295UL, &seed))
		return CMD_ERROR;
	if (!pred && (base = cli_model(ctx, a, s, a->pos[0])) == NULL)
		return CMD_ERROR;
	if (pred && !a->as)
		return cli_error(ctx, a, "give the corrected model a name: correct pred=%s with wasserstein as NAME", pred);
	cli_derived_name(a, base, "_w", name, sizeof name);
	fair_progress_init(&prog);
	cli_fg_progress = &prog;
	m = fair_model_wasserstein(s, base, pred, name, alpha, calib, jitter, (unsigned long)seed, &prog, &err);
	cli_fg_progress = NULL;
	if (m == NULL)
		return cli_ferror(ctx, a, &err);
	return cli_install_model(ctx, a, s, m);
}
