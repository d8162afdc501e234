/* cmd-close.c -- `close [NAME]`: close a session (not while it has running
 * jobs) and free its data. */
/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "cli/jobs.h"

static enum cmd_retval cmd_close_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_close_entry = {
	.name = "close", .min_args = 0, .max_args = 1,
	.args = "[NAME]",
	.help = "close a session (default: the current one) and free its data",
	.exec = cmd_close_exec,
};

static enum cmd_retval
cmd_close_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_error err;
	const char *name = a->npos ? a->pos[0] : NULL;
	fair_session *s = name ? NULL : cli_session(ctx, a);

	if (name == NULL && s == NULL)
		return CMD_ERROR;
	if (name == NULL)
		name = s->name;
	if (cli_session_busy(ctx, name))
		return cli_error(ctx, a, "session '%s' has running jobs (cancel or wait for them first)", name);
	if (fair_workbench_close(ctx->wb, name, &err))
		return cli_ferror(ctx, a, &err);
	return CMD_OK;
}
