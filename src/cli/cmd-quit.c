/* cmd-quit.c -- `quit`: leave fairsh (running jobs are cancelled). */
/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"

static enum cmd_retval cmd_quit_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_quit_entry = {
	.name = "quit", .alias = "exit", .min_args = 0, .max_args = 0,
	.help = "leave fairsh (running jobs are cancelled)",
	.exec = cmd_quit_exec,
};

static enum cmd_retval
cmd_quit_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	(void)ctx;
	(void)a;
	return CMD_EXIT;
}
