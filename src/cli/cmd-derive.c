/* cmd-derive.c -- `derive NAME = EXPRESSION`: a new column computed from
 * others (doc/expressions.md); without words it lists the derived columns
 * with their formulas. */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/db.h"
#include "cli/formula.h"
#include "fairsh/expr.h"

static enum cmd_retval cmd_derive_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_derive_entry = {
	.name = "derive", .min_args = 0, .max_args = -1, .flags = CMD_NEEDS_SESSION | CMD_RAW_ARGS,
	.args = "[NAME = EXPRESSION]",
	.help = "add a column computed from others (see EXPRESSIONS in the manual); no argument lists them",
	.exec = cmd_derive_exec,
};

/* Splits "NAME = EXPRESSION" (the name bare or in backticks, a doubled
 * backtick standing for one) into a new name and a pointer into @line at
 * the expression; NULL when there is no "=" after the name. */
static char *
split_definition(const char *line, const char **expr)
{
	const char *p = line;
	fair_buf name = FAIR_BUF_INIT;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '`') {
		for (p++; *p; p++) {
			if (*p == '`' && p[1] == '`')
				p++;
			else if (*p == '`')
				break;
			fair_buf_putc(&name, *p);
		}
		if (*p != '`') {
			fair_buf_release(&name);
			return NULL;
		}
		p++;
	} else {
		while (*p && *p != '=' && !isspace((unsigned char)*p))
			fair_buf_putc(&name, *p++);
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '=' || p[1] == '=') {
		fair_buf_release(&name);
		return NULL;
	}
	*expr = p + 1;
	return fair_buf_detach(&name);
}

/* One line on what the new column holds. */
static void
describe_column(struct cli_ctx *ctx, const fair_column *c, int type, const char *formula)
{
	size_t n = fair_column_length(c), miss = fair_column_nmissing(c);
	fair_buf b = FAIR_BUF_INIT;

	fair_buf_printf(&b, "column '%s' = %s: ", fair_column_name(c), formula);
	if (type == FAIR_EXPR_BOOLEAN) {
		const double *v = fair_column_values(c);
		size_t yes = 0;
		for (size_t i = 0; i < n; i++)
			yes += v[i] == 1.0;
		fair_buf_printf(&b, "condition, %zu true, %zu false", yes, n - yes - miss);
	} else if (type == FAIR_EXPR_CATEGORICAL) {
		size_t nl = fair_column_nlevels(c), *cnt = calloc(nl ? nl : 1, sizeof *cnt);
		const int32_t *codes = fair_column_codes(c);
		for (size_t i = 0; cnt && i < n; i++)
			if (codes[i] >= 0)
				cnt[codes[i]]++;
		fair_buf_printf(&b, "text, %zu level%s", nl, nl == 1 ? "" : "s");
		for (size_t k = 0; cnt && k < nl && k < 10; k++)
			fair_buf_printf(&b, "%s %s (%zu)", k ? "," : ":", fair_column_level(c, k), cnt[k]);
		if (nl > 10)
			fair_buf_puts(&b, ", ...");
		free(cnt);
	} else if (!fair_column_ndistinct_known(c)) {
		/* not counted when made (describe counts them): derive stays one pass */
		fair_buf_puts(&b, "number, more than 4096 distinct values");
	} else {
		fair_buf_printf(&b, "number, %zu distinct value%s", fair_column_ndistinct(c),
		                fair_column_ndistinct(c) == 1 ? "" : "s");
	}
	if (miss)
		fair_buf_printf(&b, ", %zu missing", miss);
	cli_info(ctx, "%s", b.buf);
	fair_buf_release(&b);
}

static enum cmd_retval
cmd_derive_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	char *line, *name;
	const char *text = NULL;
	fair_expr *e;
	fair_error err;
	enum cmd_retval rv = CMD_OK;

	if (s == NULL)
		return CMD_ERROR;
	if (s->db != NULL || s->stream_path != NULL)   /* attached: recorded for the pushdown audit */
		return cli_db_derive(ctx, a, s);
	if (a->npos == 0) {
		if (s->nformulas == 0)
			cli_info(ctx, "no derived columns (make one with 'derive NAME = EXPRESSION')");
		for (size_t k = 0; k < s->nformulas; k++)
			cli_info(ctx, "%s = %s", s->formula_names[k], s->formulas[k]);
		return CMD_OK;
	}
	if ((line = cli_formula_text(a, 0)) == NULL)
		return cli_error(ctx, a, "out of memory");
	if ((name = split_definition(line, &text)) == NULL) {
		free(line);
		return cli_usage(ctx, a, NULL, "expected NAME = EXPRESSION");
	}
	while (isspace((unsigned char)*text))
		text++;
	if ((e = fair_expr_parse(text, &err)) == NULL) {
		rv = cli_formula_error(ctx, a, s->frame, text, &err);
		goto out;
	}
	if (fair_session_derive(s, name, e, &err) != FAIR_OK) {
		rv = cli_formula_error(ctx, a, s->frame, text, &err);
		goto out;
	}
	for (size_t k = 0; k < fair_expr_nnotes(e); k++)
		cli_note(ctx, "%s", fair_expr_note(e, k));
	describe_column(ctx, fair_frame_column(s->frame, (size_t)fair_frame_find(s->frame, name)),
	                fair_expr_type_of(e), fair_session_formula(s, name));
	size_t made = fair_session_formula_made_missing(s, name);
	if (made > 0)
		cli_note(ctx, "'%s' is missing in %zu row%s where every column it reads has a value: a division by "
		         "zero, an overflow, log or sqrt outside their domain, a value outside cut's bands, or NA in "
		         "the formula", name, made, made == 1 ? "" : "s");
out:
	fair_expr_free(e);
	free(name);
	free(line);
	return rv;
}
