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

/* The first categorical column of @f with a level named @name, or NULL. */
static const char *
column_with_level(const fair_frame *f, const char *name)
{
	for (size_t j = 0; f != NULL && j < fair_frame_ncols(f); j++) {
		const fair_column *c = fair_frame_column(f, j);
		if (fair_column_type(c) == FAIR_COL_CATEGORICAL && fair_column_level_index(c, name) >= 0)
			return fair_column_name(c);
	}
	return NULL;
}

enum cmd_retval
cli_formula_error(struct cli_ctx *ctx, const struct cli_args *a, const fair_frame *f, const char *text,
                  const fair_error *err)
{
	char *caret = fair_expr_caret(text, fair_expr_error_position(err));
	const char *u = strstr(err->msg, "unknown column '");

	/* an unknown name is often a value written without quotes */
	if (err->code == FAIR_ENOTFOUND && u != NULL) {
		const char *q = u + 16, *e = strchr(q, '\'');
		char name[256];
		snprintf(name, sizeof name, "%.*s", e ? (int)(e - q) : 0, q);
		const char *col = column_with_level(f, name);
		if (col != NULL)
			cli_error(ctx, a, "%s; '%s' is a value of column '%s': text values go in single quotes", err->msg,
			          name, col);
		else if (strstr(err->msg, "did you mean") == NULL)
			cli_error(ctx, a, "%s; a text value goes in single quotes: '%s'", err->msg, name);
		else
			cli_ferror(ctx, a, err);
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
