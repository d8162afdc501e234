/* cmd-predict.c -- `predict MODEL [as NAME]`: add the model's score and
 * decision as columns NAME_score and NAME_pred of the session. */
/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "fairsh/model.h"

static enum cmd_retval cmd_predict_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_predict_entry = {
	.name = "predict", .min_args = 1, .max_args = 1, .flags = CMD_NEEDS_SESSION | CMD_AS,
	.args = "MODEL",
	.help = "add the model's score and prediction as columns NAME_score and NAME_pred",
	.exec = cmd_predict_exec,
};

static enum cmd_retval
cmd_predict_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	fair_model *m;
	const char *name;

	if (s == NULL || (m = cli_model(ctx, a, s, a->pos[0])) == NULL)
		return CMD_ERROR;
	name = a->as ? a->as : fair_model_name(m);
	if (cli_add_predictions(ctx, a, s, m, name) < 0)
		return CMD_ERROR;
	cli_info(ctx, "added columns %s_score and %s_pred", name, name);
	return CMD_OK;
}
