/* cmd-sessions.c -- `sessions`: the loaded datasets (the current one marked). */
/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "cli/output.h"
#include "cli/result.h"

static enum cmd_retval cmd_sessions_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt sessions_opts[] = {
	CMD_OPT_TO,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_sessions_entry = {
	.name = "sessions", .min_args = 0, .max_args = 0, .flags = CMD_FORMAT, .opts = sessions_opts,
	.help = "list the loaded sessions (the current one is marked *)",
	.exec = cmd_sessions_exec,
};

static enum cmd_retval
cmd_sessions_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "", "session", "rows", "columns", "models", "source" };
	struct out_table *t = out_table_new(a->format == OUT_TABLE ? NULL : "Sessions", 6, cols);
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
	if (wb->n == 0 && a->format == OUT_TABLE && !cli_result_to_file(ctx))
		cli_info(ctx, "no sessions (use 'load FILE' or 'load demo:loans')");
	else
		cli_print_table(ctx, a, t);
	out_table_free(t);
	return CMD_OK;
}
