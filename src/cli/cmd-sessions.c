/* cmd-sessions.c -- `sessions`, `use`, `close`: list, switch and close the
 * loaded datasets. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/output.h"

static enum cmd_retval
cmd_sessions_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "", "session", "rows", "columns", "models", "source" };
	struct out_table *t = out_table_new(NULL, 6, cols);
	fair_workbench *wb = ctx->wb;

	for (size_t i = 0; i < wb->n; i++) {
		fair_session *s = wb->sessions[i];
		size_t r = out_table_row(t);
		out_table_str(t, r, 0, (long)i == wb->current ? "*" : "");
		out_table_str(t, r, 1, s->name);
		out_table_int(t, r, 2, (long long)fair_frame_nrows(s->frame));
		out_table_int(t, r, 3, (long long)fair_frame_ncols(s->frame));
		out_table_int(t, r, 4, (long long)s->nmodels);
		out_table_str(t, r, 5, s->source);
	}
	if (wb->n == 0 && a->format == OUT_TABLE)
		cli_info(ctx, "no sessions (use 'load FILE' or 'load demo:loans')");
	else
		cli_print_table(ctx, a, t);
	out_table_free(t);
	return CMD_OK;
}

const struct cmd_entry cmd_sessions_entry = {
	.name = "sessions", .min_args = 0, .max_args = 0, .flags = CMD_FORMAT,
	.help = "list the loaded sessions (the current one is marked *)",
	.exec = cmd_sessions_exec,
};

static enum cmd_retval
cmd_use_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_error err;

	if (fair_workbench_use(ctx->wb, a->pos[0], &err))
		return cli_ferror(ctx, a, &err);
	return CMD_OK;
}

const struct cmd_entry cmd_use_entry = {
	.name = "use", .min_args = 1, .max_args = 1,
	.args = "NAME",
	.help = "make session NAME the current one",
	.exec = cmd_use_exec,
};

static enum cmd_retval
cmd_close_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_error err;
	const char *name = a->npos ? a->pos[0] : NULL;
	fair_session *s = name ? NULL : cli_session(ctx, a);

	if (name == NULL && s == NULL)
		return CMD_ERROR;
	if (name == NULL)
		name = s->name;
	if (cli_session_busy(ctx, name))
		return cli_error(ctx, a, "session '%s' has running jobs (cancel or wait for them first)", name);
	if (fair_workbench_close(ctx->wb, name, &err))
		return cli_ferror(ctx, a, &err);
	return CMD_OK;
}

const struct cmd_entry cmd_close_entry = {
	.name = "close", .min_args = 0, .max_args = 1,
	.args = "[NAME]",
	.help = "close a session (default: the current one) and free its data",
	.exec = cmd_close_exec,
};
