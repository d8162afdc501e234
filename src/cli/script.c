/* script.c -- batch input: command files, piped stdin, `source`. Lines are
 * read with getline(); a line ending inside a double quote continues on the
 * next line, so quoted values may contain newlines. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/tokenize.h"
#include "fairsh/buf.h"

enum cmd_retval
cli_run_file(struct cli_ctx *ctx, const char *path, FILE *fp)
{
	const char *ofile = ctx->file;
	size_t oline = ctx->lineno, lineno = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	fair_buf stmt = FAIR_BUF_INIT;
	enum cmd_retval worst = CMD_OK;

	ctx->file = path;
	while ((len = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		if (stmt.len == 0)
			ctx->lineno = lineno;
		fair_buf_add(&stmt, line, (size_t)len);
		if (cli_line_incomplete(stmt.buf))
			continue;
		enum cmd_retval rv = cli_exec_line(ctx, stmt.buf);
		fair_buf_reset(&stmt);
		if (rv == CMD_EXIT) {
			worst = CMD_EXIT;
			break;
		}
		if (rv == CMD_ERROR) {
			worst = CMD_ERROR;
			if (!ctx->keep_going)
				break;
		}
	}
	if (worst != CMD_EXIT && stmt.len > 0) {
		fprintf(stderr, "fairsh: %s:%zu: unterminated double quote\n", path, ctx->lineno);
		worst = CMD_ERROR;
	}
	fair_buf_release(&stmt);
	free(line);
	ctx->file = ofile;
	ctx->lineno = oline;
	return worst;
}
