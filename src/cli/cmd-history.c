/* cmd-history.c -- `history [save FILE]`: the commands that succeeded, or a
 * command file that reproduces the session. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "out/out.h"
#include "fairsh/wfile.h"
#include "cli/result.h"

static enum cmd_retval cmd_history_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt history_opts[] = {
	CMD_OPT_FORCE,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_history_entry = {
	.name = "history", .min_args = 0, .max_args = 2, .opts = history_opts,
	.args = "[save FILE]",
	.help = "list this session's commands, or save them as a command file that reproduces it",
	.exec = cmd_history_exec,
};

static enum cmd_retval
cmd_history_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	if (a->npos == 0) {
		for (size_t i = 0; i < ctx->nhistory; i++)
		{
			cli_printf(ctx, "%5zu  ", i + 1);
			out_put_escaped(cli_out(ctx), ctx->history[i]);
			cli_printf(ctx, "\n");
		}
		return CMD_OK;
	}
	if (a->npos != 2 || strcmp(a->pos[0], "save") != 0)
		return cli_usage(ctx, a, NULL, NULL);
	const char *path = a->pos[1];
	fair_wfile w;
	fair_error err;
	if (cli_check_output(ctx, a, path) != CMD_OK)
		return CMD_ERROR;
	if (fair_wfile_open(&w, path, &err))
		return cli_ferror(ctx, a, &err);
	fprintf(w.fp, "# fairsh command file written by 'history save'; run it with: fairsh %s\n", path);
	fprintf(w.fp, "set seed %lu\n", ctx->set.seed);
	for (size_t i = 0; i < ctx->nhistory; i++) {
		const char *h = ctx->history[i];
		if (!strncmp(h, "history", 7) || !strncmp(h, "quit", 4) || !strncmp(h, "view", 4))
			continue;
		fprintf(w.fp, "%s\n", h);
	}
	if (fair_wfile_commit(&w, &err))
		return cli_ferror(ctx, a, &err);
	cli_info(ctx, "wrote %zu commands to '%s'", ctx->nhistory, path);
	return CMD_OK;
}
