/* cmd-set.c -- `set KEY VALUE`: change a setting of the shell (seed, output
 * format, timer, metric convention, decision threshold, memory limit, plot
 * terminal and gnuplot program); `show settings` lists them. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fairsh/metric.h"

static enum cmd_retval cmd_set_exec(struct cli_ctx *, const struct cli_args *);

const char *const cli_setting_names[] = {
	"seed", "format", "timer", "convention", "threshold", "fairness.limit", "memory.limit", "plot.terminal",
	"plot.gnuplot",
	"width", NULL
};
/* The words each setting takes, '|' between them, for completion (NULL: a
 * number, a name or a path; the conventions are the core's). */
const char *const cli_setting_values[] = {
	NULL, "table|csv|json|markdown", "on|off", NULL, NULL, NULL, NULL, "auto|window|sixel|dumb",
	NULL,
	"auto", NULL
};
_Static_assert(sizeof cli_setting_values == sizeof cli_setting_names, "a value list per setting");

const struct cmd_entry cmd_set_entry = {
	.name = "set", .min_args = 2, .max_args = 2,
	.args = "KEY VALUE",
	.help = "change a setting (seed, format, timer, convention, threshold, fairness.limit, memory.limit, plot.terminal, "
	        "plot.gnuplot, width)",
	.exec = cmd_set_exec,
};

static enum cmd_retval
cmd_set_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *k = a->pos[0], *v = a->pos[1];
	char *end;

	if (!strcmp(k, "seed")) {
		if (cli_parse_seed(v, &ctx->set.seed) < 0)
			return cli_error(ctx, a, "seed must be an integer from 0 to %lu, not '%s'", CLI_SEED_MAX, v);
	} else if (!strcmp(k, "format")) {
		int f;
		if (cli_format_parse(v, &f) < 0 || f == OUT_JUNIT)
			return cli_error(ctx, a, "format must be table, csv, json or markdown, not '%s'", v);
		ctx->set.format = f;
	} else if (!strcmp(k, "timer")) {
		if (cli_parse_bool(v, &ctx->set.timer) < 0)
			return cli_error(ctx, a, "timer must be on or off, not '%s'", v);
	} else if (!strcmp(k, "convention")) {
		fair_error err;
		int c;
		if (fair_convention_parse(v, &c, &err))
			return cli_ferror(ctx, a, &err);
		ctx->set.convention = c;
	} else if (!strcmp(k, "threshold")) {
		double t;
		if (cli_parse_number(v, &t) < 0 || !(t > 0 && t < 1))
			return cli_error(ctx, a, "threshold must be a number between 0 and 1, not '%s'", v);
		ctx->set.threshold = t;
	} else if (!strcmp(k, "fairness.limit") || !strncmp(k, "fairness.limit.", 15)) {
		double t;
		int f = -1;
		if (k[14] == '.' && (f = fair_figure_find(k + 15)) < 0)
			return cli_error(ctx, a, "unknown figure '%s' in '%s' (see 'explain' for the figures)", k + 15, k);
		if (cli_parse_number(v, &t) < 0 || !(t > 0 && t <= 1))
			return cli_error(ctx, a, "%s must be a number in (0, 1] (parity when tau <= ratio <= 1/tau), not '%s'",
			                 k, v);
		if (f < 0)
			ctx->set.fairness_limit = t;
		else
			ctx->set.fairness_fig_limit[f] = t;
	} else if (!strcmp(k, "memory.limit")) {
		double mb = strtod(v, &end);
		if (*end == 'M' || *end == 'm')
			end++;
		else if (*end == 'G' || *end == 'g') {
			mb *= 1024;
			end++;
		}
		if (*v == '\0' || *end != '\0' || !(mb >= 0 && mb <= 1e9))   /* also NaN, inf: (size_t)inf is undefined */
			return cli_error(ctx, a, "memory.limit must be a size in MB (e.g. 500 or 2G), or 0 for none, not '%s'", v);
		ctx->set.memory_limit = (size_t)(mb * 1048576.0);
	} else if (!strcmp(k, "plot.terminal") || !strcmp(k, "plot.gnuplot")) {
		char **slot = k[5] == 't' ? &ctx->set.plot_terminal : &ctx->set.plot_gnuplot;
		free(*slot);
		*slot = strdup(v);
	} else if (!strcmp(k, "width")) {
		long w = strtol(v, &end, 10);
		if (!strcmp(v, "auto"))
			w = -1;
		else if (*v == '\0' || *end != '\0' || w < 0 || w > 100000 || (w > 0 && w < 20))
			return cli_error(ctx, a, "width must be auto, 0 (no limit) or a number of columns from 20, not '%s'", v);
		ctx->set.width = w;
	} else {
		char list[256] = "", near[80];
		for (size_t i = 0; cli_setting_names[i]; i++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", cli_setting_names[i]);
		return cli_error(ctx, a, "unknown setting '%s'%s (settings: %s)", k,
		                 cli_did_you_mean(k, cli_setting_names, SIZE_MAX, near, sizeof near), list);
	}
	return CMD_OK;
}
