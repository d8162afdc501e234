/* cmd-history.c -- `history [save FILE]`: the commands that succeeded, or a
 * command file that reproduces the session. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/result.h"

static enum cmd_retval cmd_history_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_history_entry = {
	.name = "history", .min_args = 0, .max_args = 2,
	.args = "[save FILE]",
	.help = "list this session's commands, or save them as a command file that reproduces it",
	.exec = cmd_history_exec,
};

static enum cmd_retval
cmd_history_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	if (a->npos == 0) {
		for (size_t i = 0; i < ctx->nhistory; i++)
			cli_printf(ctx, "%5zu  %s\n", i + 1, ctx->history[i]);
		return CMD_OK;
	}
	if (a->npos != 2 || strcmp(a->pos[0], "save") != 0)
		return cli_usage(ctx, a, NULL, NULL);
	const char *path = a->pos[1];
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
	FILE *fp = fopen(tmp, "w");
	if (fp == NULL)
		return cli_error(ctx, a, "cannot write '%s': %s", path, strerror(errno));
	fprintf(fp, "# fairsh command file written by 'history save'; run it with: fairsh %s\n", path);
	fprintf(fp, "set seed %lu\n", ctx->set.seed);
	for (size_t i = 0; i < ctx->nhistory; i++) {
		const char *h = ctx->history[i];
		if (!strncmp(h, "history", 7) || !strncmp(h, "quit", 4) || !strncmp(h, "view", 4))
			continue;
		fprintf(fp, "%s\n", h);
	}
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0 || fclose(fp) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return cli_error(ctx, a, "cannot write '%s': %s", path, strerror(errno));
	}
	cli_info(ctx, "wrote %zu commands to '%s'", ctx->nhistory, path);
	return CMD_OK;
}
