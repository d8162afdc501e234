/* cmd-source.c -- `source FILE`: run the commands of a command file, at most
 * 16 files deep and never a file that is already being sourced. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

static enum cmd_retval cmd_source_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_source_entry = {
	.name = "source", .min_args = 1, .max_args = 1,
	.args = "FILE",
	.help = "run the commands of a command file",
	.exec = cmd_source_exec,
};

static enum cmd_retval
cmd_source_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *path = a->pos[0];
	char *real;
	FILE *fp;
	struct stat st;
	enum cmd_retval rv;
	bool saved_keep = ctx->keep_going;

	if (ctx->depth >= 16)
		return cli_error(ctx, a, "'%s': files nested more than 16 deep", path);
	fp = fopen(path, "r");
	if (fp == NULL)
		return cli_error(ctx, a, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		return cli_error(ctx, a, "'%s' is a directory", path);
	}
	real = realpath(path, NULL);
	for (int i = 0; real && i < ctx->depth; i++)
		if (ctx->sources[i] && !strcmp(ctx->sources[i], real)) {
			fclose(fp);
			free(real);
			return cli_error(ctx, a, "'%s' sources itself", path);
		}
	ctx->sources[ctx->depth++] = real;
	if (ctx->interactive)
		ctx->keep_going = false;
	bool inter = ctx->interactive;
	ctx->interactive = false;
	rv = cli_run_file(ctx, path, fp);
	ctx->interactive = inter;
	ctx->keep_going = saved_keep;
	ctx->depth--;
	ctx->sources[ctx->depth] = NULL;
	free(real);
	fclose(fp);
	return rv == CMD_EXIT ? CMD_EXIT : rv;
}
