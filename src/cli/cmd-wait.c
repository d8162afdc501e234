/* cmd-wait.c -- `wait [NAME]`: wait for a job (default: all) with a progress
 * bar; Ctrl-C cancels what is waited for. */
/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "cli/jobs.h"

static enum cmd_retval cmd_wait_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_wait_entry = {
	.name = "wait", .min_args = 0, .max_args = 1,
	.args = "[NAME]",
	.help = "wait for a job (default: all) with a progress bar; Ctrl-C cancels it",
	.exec = cmd_wait_exec,
};

static enum cmd_retval
cmd_wait_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_job *j = NULL;
	size_t before = 0;

	if (a->npos == 1 && (j = cli_job_find(ctx, a->pos[0])) == NULL)
		return cli_error(ctx, a, "no job named '%s' (see 'jobs')", a->pos[0]);
	for (size_t i = 0; i < ctx->njobs; i++)
		before += fair_job_state(ctx->jobs[i]) == FAIR_JOB_FAILED && fair_job_reported(ctx->jobs[i]);
	enum cmd_retval rv = cli_wait(ctx, j);
	if (rv == CMD_ERROR) {
		/* only a job that failed during this wait makes `wait` fail */
		size_t after = 0;
		for (size_t i = 0; i < ctx->njobs; i++)
			after += fair_job_state(ctx->jobs[i]) == FAIR_JOB_FAILED;
		if (j == NULL && after == before)
			rv = CMD_OK;
		else
			cli_error(ctx, a, "a job failed (see 'jobs')");
	}
	return rv;
}
