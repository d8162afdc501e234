/* cmd-cancel.c -- `cancel NAME`: stop a running job and free its memory. */
/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "cli/jobs.h"

static enum cmd_retval cmd_cancel_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_cancel_entry = {
	.name = "cancel", .min_args = 1, .max_args = 1,
	.args = "NAME",
	.help = "stop a running job (within 100 ms) and free its memory",
	.exec = cmd_cancel_exec,
};

static enum cmd_retval
cmd_cancel_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_job *j = cli_job_find(ctx, a->pos[0]);

	if (j == NULL)
		return cli_error(ctx, a, "no job named '%s' (see 'jobs')", a->pos[0]);
	if (fair_job_state(j) != FAIR_JOB_RUNNING)
		return cli_error(ctx, a, "job '%s' is not running", a->pos[0]);
	fair_job_cancel(j);
	fair_job_join(j);
	cli_reap_jobs(ctx, false);
	return CMD_OK;
}
