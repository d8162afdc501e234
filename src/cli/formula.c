/* formula.c -- expressions on the command line (see formula.h). */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/formula.h"
#include "fairsh/expr.h"

char *
cli_formula_text(const struct cli_args *a, size_t first)
{
	fair_buf b = FAIR_BUF_INIT;

	for (size_t i = first; i < a->npos; i++)
		fair_buf_printf(&b, "%s%s", i > first ? " " : "", a->pos[i]);
	return fair_buf_detach(&b);
}

enum cmd_retval
cli_formula_error(struct cli_ctx *ctx, const struct cli_args *a, const char *text, const fair_error *err)
{
	char *caret = fair_expr_caret(text, fair_expr_error_position(err));

	const char *u = strstr(err->msg, "unknown column '");

	/* an unknown name with no near column is often a value without quotes */
	if (err->code == FAIR_ENOTFOUND && u != NULL && strstr(err->msg, "did you mean") == NULL) {
		const char *q = u + 16, *e = strchr(q, '\'');
		cli_error(ctx, a, "%s; a text value goes in single quotes: '%.*s'", err->msg,
		          e ? (int)(e - q) : 0, q);
	} else {
		cli_ferror(ctx, a, err);
	}
	if (caret != NULL) {
		fputs(caret, stderr);
		fflush(stderr);
	}
	free(caret);
	return CMD_ERROR;
}
