/* cmd-head.c -- `head [N]`: the first N kept rows. */
/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/output.h"

static enum cmd_retval cmd_head_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt head_opts[] = {
	CMD_OPT_TO,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_head_entry = {
	.name = "head", .min_args = 0, .max_args = 1, .flags = CMD_NEEDS_SESSION | CMD_FORMAT, .opts = head_opts,
	.args = "[N]",
	.help = "show the first N kept rows (default 10)",
	.exec = cmd_head_exec,
};

static enum cmd_retval
cmd_head_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	size_t n = 10;
	struct out_table *t;
	char title[300];

	if (s == NULL)
		return CMD_ERROR;
	if (a->npos == 1 && cli_parse_size(a->pos[0], 0, SIZE_MAX, &n) < 0)
		return cli_error(ctx, a, "N must be a non-negative integer, not '%s'", a->pos[0]);
	snprintf(title, sizeof title, "First %zu rows of session %s", n, s->name);
	if ((t = cli_rows_table(s, n, a->format == OUT_TABLE ? NULL : title)) == NULL)
		return cli_error(ctx, a, "out of memory");
	cli_print_table(ctx, a, t);
	out_table_free(t);
	return CMD_OK;
}
