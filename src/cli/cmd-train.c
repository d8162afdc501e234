/* cmd-train.c -- `train MODEL`: train a model as a background job; the
 * prompt stays free (jobs.c). */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/jobs.h"
#include "fairsh/model.h"

static enum cmd_retval cmd_train_exec(struct cli_ctx *, const struct cli_args *);

/* The options every learner takes; any other key=value is passed on to the
 * learner, and the core validates all of them (so none is typed here). */
static const struct cmd_opt train_opts[] = {
	{ "seed", OPT_STRING, NULL, "N", "random seed (default: 'set seed')" },
	{ "pre", OPT_STRING, NULL, "ferm|reweigh|direpair", "pre-processing before the learner" },
	{ "on", OPT_STRING, NULL, "REPNAME", "train on the coordinates of a fair representation" },
	{ "target", OPT_STRING, NULL, "COL", "with on=: the target column" },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_train_entry = {
	.name = "train", .alias = "t", .min_args = 1, .max_args = 1, .opts = train_opts,
	.flags = CMD_NEEDS_SESSION | CMD_AS | CMD_RAW_OPTS,
	.args = "MODEL [as NAME] [{seed}] [{pre}] [{on} [{target}]] [key=value ...]   (MODEL: logreg, ridge, svm, mlp, xgboost, forest, ferm, expgrad, fairrep; 'help MODEL' lists its options)",
	.help = "train a model in the background (the prompt stays free)",
	.exec = cmd_train_exec,
};

static enum cmd_retval
cmd_train_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char **keys, **vals;
	size_t n = 0;
	unsigned long seed = ctx->set.seed;
	char name[128];
	fair_job *j;

	if (s == NULL)
		return CMD_ERROR;
	keys = calloc(a->nopt + 1, sizeof *keys);
	vals = calloc(a->nopt + 1, sizeof *vals);
	for (size_t i = 0; i < a->nopt; i++) {
		if (!strcmp(a->key[i], "seed")) {
			if (cli_parse_seed(a->val[i], &seed) < 0) {
				free(keys);
				free(vals);
				return cli_error(ctx, a, "seed must be an integer from 0 to %lu, not '%s'", CLI_SEED_MAX, a->val[i]);
			}
			continue;
		}
		keys[n] = a->key[i];
		vals[n++] = a->val[i];
	}
	/* a model trained on a representation waits for that representation */
	if (cli_opt(a, "on") != NULL && cli_model(ctx, a, s, cli_opt(a, "on")) == NULL) {
		free(keys);
		free(vals);
		return CMD_ERROR;
	}
	if (a->as)
		snprintf(name, sizeof name, "%s", a->as);
	else {
		/* logreg, logreg2, ... */
		snprintf(name, sizeof name, "%s", a->pos[0]);
		for (unsigned k = 2; fair_session_find_model(s, name) || cli_job_find(ctx, name); k++)
			snprintf(name, sizeof name, "%s%u", a->pos[0], k);
	}
	j = cli_start_training(ctx, a, s, a->pos[0], keys, vals, n, name, seed);
	free(keys);
	free(vals);
	if (j == NULL)
		return CMD_ERROR;
	cli_info(ctx, "training '%s' in the background (job %s; 'jobs' shows progress, 'wait' waits)", name, name);
	return CMD_OK;
}
