/* cmd-use.c -- `use NAME`: make a session the current one. */
/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"

static enum cmd_retval cmd_use_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_use_entry = {
	.name = "use", .min_args = 1, .max_args = 1,
	.args = "NAME",
	.help = "make session NAME the current one",
	.exec = cmd_use_exec,
};

static enum cmd_retval
cmd_use_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_error err;

	if (fair_workbench_use(ctx->wb, a->pos[0], &err))
		return cli_ferror(ctx, a, &err);
	return CMD_OK;
}
