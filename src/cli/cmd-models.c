/* cmd-models.c -- `models`: the trained models of the current session. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "cli/result.h"
#include "fairsh/metric.h"
#include "fairsh/model.h"

static enum cmd_retval cmd_models_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt models_opts[] = {
	CMD_OPT_TO,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_models_entry = {
	.name = "models", .min_args = 0, .max_args = 0, .flags = CMD_NEEDS_SESSION | CMD_FORMAT, .opts = models_opts,
	.help = "list the trained models of the current session",
	.exec = cmd_models_exec,
};

static enum cmd_retval
cmd_models_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "model", "target", "task", "description" };
	fair_session *s = cli_session(ctx, a);
	struct out_table *t;
	char title[300];

	if (s == NULL)
		return CMD_ERROR;
	cli_reap_jobs(ctx, false);
	snprintf(title, sizeof title, "Models of session %s", s->name);
	t = out_table_new(a->format == OUT_TABLE ? NULL : title, 4, cols);
	for (size_t i = 0; i < s->nmodels; i++) {
		size_t r = out_table_row(t);
		out_table_str(t, r, 0, fair_model_name(s->models[i]));
		out_table_str(t, r, 1, fair_model_target(s->models[i]));
		out_table_str(t, r, 2, fair_model_task(s->models[i]) == FAIR_TASK_REGRESSION ? "regression" : "classification");
		out_table_str(t, r, 3, fair_model_desc(s->models[i]));
	}
	if (s->nmodels == 0 && a->format == OUT_TABLE && !cli_result_to_file(ctx))
		cli_info(ctx, "no models in session '%s' (train one with 'train logreg')", s->name);
	else
		cli_print_table(ctx, a, t);
	out_table_free(t);
	return CMD_OK;
}
