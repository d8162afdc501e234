/* cmd-columns.c -- `columns`: the columns with their types and every role they have
 * (target, sensitive, split, prediction, feature), and the formulas of
 * derived columns. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/output.h"

static enum cmd_retval cmd_columns_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt columns_opts[] = {
	CMD_OPT_TO,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_columns_entry = {
	.name = "columns", .min_args = 0, .max_args = 0, .flags = CMD_NEEDS_SESSION | CMD_FORMAT, .opts = columns_opts,
	.help = "list the columns with their types and roles",
	.exec = cmd_columns_exec,
};

static enum cmd_retval
cmd_columns_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "#", "column", "type", "role", "formula" };
	fair_session *s = cli_session(ctx, a);
	struct out_table *t;

	if (s == NULL)
		return CMD_ERROR;
	/* the formula column only when some column is derived */
	t = out_table_new(a->format == OUT_TABLE ? NULL : "Columns", s->nformulas ? 5 : 4, cols);
	size_t nfeat, *feat = cli_session_features(s, &nfeat);
	for (size_t j = 0; j < fair_frame_ncols(s->frame); j++) {
		const fair_column *c = fair_frame_column(s->frame, j);
		size_t r = out_table_row(t);
		char roles[128];
		cli_column_roles(s, j, feat, nfeat, roles, sizeof roles);
		out_table_int(t, r, 0, (long long)j + 1);
		out_table_str(t, r, 1, fair_column_name(c));
		out_table_str(t, r, 2, cli_column_type(c));
		out_table_str(t, r, 3, roles);
		if (s->nformulas) {
			const char *fm = fair_session_formula(s, fair_column_name(c));
			out_table_str(t, r, 4, fm ? fm : "");
		}
	}
	free(feat);
	cli_print_table(ctx, a, t);
	out_table_free(t);
	return CMD_OK;
}
