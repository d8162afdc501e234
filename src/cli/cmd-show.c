/* cmd-show.c -- `show settings`: the settings `set` changes, as a table. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "fairsh/metric.h"

static enum cmd_retval cmd_show_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt show_opts[] = {
	CMD_OPT_TO,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_show_entry = {
	.name = "show", .min_args = 0, .max_args = 1, .flags = CMD_FORMAT, .opts = show_opts,
	.args = "settings",
	.help = "show the settings",
	.exec = cmd_show_exec,
};

static enum cmd_retval
cmd_show_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "setting", "value" };
	struct out_table *t;
	char buf[64];

	if (a->npos == 1 && strcmp(a->pos[0], "settings") != 0)
		return cli_usage(ctx, a, NULL, NULL);
	t = out_table_new(a->format == OUT_TABLE ? NULL : "Settings", 2, cols);
	size_t r = out_table_row(t);
	out_table_str(t, r, 0, "seed");
	snprintf(buf, sizeof buf, "%lu", ctx->set.seed);
	out_table_str(t, r, 1, buf);
	r = out_table_row(t);
	out_table_str(t, r, 0, "format");
	out_table_str(t, r, 1, cli_format_name(ctx->set.format));
	r = out_table_row(t);
	out_table_str(t, r, 0, "timer");
	out_table_str(t, r, 1, ctx->set.timer ? "on" : "off");
	r = out_table_row(t);
	out_table_str(t, r, 0, "convention");
	out_table_str(t, r, 1, fair_convention_name(ctx->set.convention));
	r = out_table_row(t);
	out_table_str(t, r, 0, "threshold");
	snprintf(buf, sizeof buf, "%g", ctx->set.threshold);
	out_table_str(t, r, 1, buf);
	r = out_table_row(t);
	out_table_str(t, r, 0, "fairness.limit");
	snprintf(buf, sizeof buf, "%g", ctx->set.fairness_limit);
	out_table_str(t, r, 1, buf);
	for (int f = 0; f < FAIR_FIG_COUNT; f++) {
		if (isnan(ctx->set.fairness_fig_limit[f]))
			continue;
		char key[64];
		snprintf(key, sizeof key, "fairness.limit.%s", fair_figure_info_get(f)->name);
		r = out_table_row(t);
		out_table_str(t, r, 0, key);
		snprintf(buf, sizeof buf, "%g", ctx->set.fairness_fig_limit[f]);
		out_table_str(t, r, 1, buf);
	}
	r = out_table_row(t);
	out_table_str(t, r, 0, "memory.limit");
	if (ctx->set.memory_limit)
		snprintf(buf, sizeof buf, "%.0fM", (double)ctx->set.memory_limit / 1048576.0);
	else
		snprintf(buf, sizeof buf, "none");
	out_table_str(t, r, 1, buf);
	r = out_table_row(t);
	out_table_str(t, r, 0, "plot.terminal");
	out_table_str(t, r, 1, ctx->set.plot_terminal ? ctx->set.plot_terminal : "auto");
	r = out_table_row(t);
	out_table_str(t, r, 0, "plot.gnuplot");
	out_table_str(t, r, 1, ctx->set.plot_gnuplot ? ctx->set.plot_gnuplot : "(FAIRSH_GNUPLOT, then PATH)");
	r = out_table_row(t);
	out_table_str(t, r, 0, "width");
	if (ctx->set.width < 0 && cli_text_width(ctx) == 0)
		snprintf(buf, sizeof buf, "auto (no limit: not a terminal)");
	else if (ctx->set.width < 0)
		snprintf(buf, sizeof buf, "auto (%zu)", cli_text_width(ctx));
	else
		snprintf(buf, sizeof buf, "%ld", ctx->set.width);
	out_table_str(t, r, 1, buf);
	cli_print_table(ctx, a, t);
	out_table_free(t);
	return CMD_OK;
}
