/* cmd-misc.c -- shell housekeeping: `set`, `show`, `source`, `history`,
 * `help`, `quit`. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "cli/commands.h"
#include "fairsh/metric.h"
#include "fairsh/model.h"

static const char *const format_names[] = { "table", "csv", "json", "markdown" };

static enum cmd_retval
cmd_set_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *k = a->pos[0], *v = a->pos[1];
	char *end;

	if (!strcmp(k, "seed")) {
		unsigned long s = strtoul(v, &end, 10);
		if (*v == '\0' || *end != '\0' || v[0] == '-')
			return cli_error(ctx, a, "seed must be a non-negative integer, not '%s'", v);
		ctx->set.seed = s;
	} else if (!strcmp(k, "format")) {
		int f = -1;
		for (int i = 0; i < 4; i++)
			if (!strcmp(v, format_names[i]))
				f = i;
		if (f < 0)
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
		double t = strtod(v, &end);
		if (*end != '\0' || !(t > 0 && t < 1))
			return cli_error(ctx, a, "threshold must be a number between 0 and 1, not '%s'", v);
		ctx->set.threshold = t;
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
	} else {
		return cli_error(ctx, a, "unknown setting '%s' (settings: seed, format, timer, convention, threshold, "
		                 "memory.limit, plot.terminal, plot.gnuplot)", k);
	}
	return CMD_OK;
}

const struct cmd_entry cmd_set_entry = {
	.name = "set", .min_args = 2, .max_args = 2,
	.usage = "KEY VALUE",
	.help = "change a setting (seed, format, timer, convention, threshold, memory.limit, plot.terminal, plot.gnuplot)",
	.exec = cmd_set_exec,
};

static enum cmd_retval
cmd_show_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "setting", "value" };
	struct out_table *t;
	char buf[64];

	if (a->npos == 1 && strcmp(a->pos[0], "settings") != 0)
		return cli_error(ctx, a, "usage: show settings");
	t = out_table_new(NULL, 2, cols);
	size_t r = out_table_row(t);
	out_table_str(t, r, 0, "seed");
	snprintf(buf, sizeof buf, "%lu", ctx->set.seed);
	out_table_str(t, r, 1, buf);
	r = out_table_row(t);
	out_table_str(t, r, 0, "format");
	out_table_str(t, r, 1, format_names[ctx->set.format]);
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
	cli_print_table(ctx, a, t);
	out_table_free(t);
	return CMD_OK;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show", .min_args = 0, .max_args = 1, .flags = CMD_FORMAT,
	.usage = "settings [format=table|csv|json|markdown]",
	.help = "show the settings",
	.exec = cmd_show_exec,
};

static enum cmd_retval
cmd_source_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *path = a->pos[0];
	char *real;
	FILE *fp;
	struct stat st;
	enum cmd_retval rv;
	bool saved_keep = ctx->keep_going;

	if (ctx->depth >= 16)
		return cli_error(ctx, a, "'%s': files nested more than 16 deep", path);
	fp = fopen(path, "r");
	if (fp == NULL)
		return cli_error(ctx, a, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		return cli_error(ctx, a, "'%s' is a directory", path);
	}
	real = realpath(path, NULL);
	for (int i = 0; real && i < ctx->depth; i++)
		if (ctx->sources[i] && !strcmp(ctx->sources[i], real)) {
			fclose(fp);
			free(real);
			return cli_error(ctx, a, "'%s' sources itself", path);
		}
	ctx->sources[ctx->depth++] = real;
	if (ctx->interactive)
		ctx->keep_going = false;
	bool inter = ctx->interactive;
	ctx->interactive = false;
	rv = cli_run_file(ctx, path, fp);
	ctx->interactive = inter;
	ctx->keep_going = saved_keep;
	ctx->depth--;
	ctx->sources[ctx->depth] = NULL;
	free(real);
	fclose(fp);
	return rv == CMD_EXIT ? CMD_EXIT : rv;
}

const struct cmd_entry cmd_source_entry = {
	.name = "source", .min_args = 1, .max_args = 1,
	.usage = "FILE",
	.help = "run the commands of a command file",
	.exec = cmd_source_exec,
};

static enum cmd_retval
cmd_history_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	if (a->npos == 0) {
		for (size_t i = 0; i < ctx->nhistory; i++)
			printf("%5zu  %s\n", i + 1, ctx->history[i]);
		return CMD_OK;
	}
	if (a->npos != 2 || strcmp(a->pos[0], "save") != 0)
		return cli_error(ctx, a, "usage: history [save FILE]");
	const char *path = a->pos[1];
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
	FILE *fp = fopen(tmp, "w");
	if (fp == NULL)
		return cli_error(ctx, a, "cannot write '%s': %s", path, strerror(errno));
	fprintf(fp, "# fairsh command file written by 'history save'; run it with: fairsh %s\n", path);
	fprintf(fp, "set seed %lu\n", ctx->set.seed);
	for (size_t i = 0; i < ctx->nhistory; i++) {
		const char *h = ctx->history[i];
		if (!strncmp(h, "history", 7) || !strncmp(h, "quit", 4) || !strncmp(h, "view", 4))
			continue;
		fprintf(fp, "%s\n", h);
	}
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0 || fclose(fp) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return cli_error(ctx, a, "cannot write '%s': %s", path, strerror(errno));
	}
	cli_info(ctx, "wrote %zu commands to '%s'", ctx->nhistory, path);
	return CMD_OK;
}

const struct cmd_entry cmd_history_entry = {
	.name = "history", .min_args = 0, .max_args = 2,
	.usage = "[save FILE]",
	.help = "list this session's commands, or save them as a command file that reproduces it",
	.exec = cmd_history_exec,
};

static enum cmd_retval
cmd_help_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	size_t n;
	const struct cmd_entry *const *tab = cli_cmd_table(&n);

	if (a->npos == 1) {
		char eb[256];
		const char *lh, *un;
		const struct cmd_entry *e = cli_cmd_find(a->pos[0], eb, sizeof eb);
		if (e == NULL) {
			/* a learner: its options, from its type */
			for (size_t i = 0; fair_learner_doc(i, &lh, &un) != NULL; i++)
				if (!strcmp(fair_learner_doc(i, NULL, NULL), a->pos[0])) {
					const char *on, *oh;
					printf("train %s [key=value ...]\n  %s\n", a->pos[0], lh);
					if (un != NULL)
						printf("  (not in this build: %s)\n", un);
					printf("options:\n");
					for (size_t k = 0; (on = fair_learner_option_doc(a->pos[0], k, &oh)) != NULL; k++)
						printf("  %-18s %s\n", on, oh);
					printf("and the common options of 'help train' (seed=, pre=, use_sensitive=, missing_indicators=, on=). "
					       "See 'man fairsh' for details.\n");
					return CMD_OK;
				}
			return cli_error(ctx, a, "%s", eb);
		}
		printf("%s %s\n  %s\n", e->name, e->usage ? e->usage : "", e->help);
		if (e->alias)
			printf("  alias: %s\n", e->alias);
		if (e->opts && e->opts[0].name) {
			printf("options:\n");
			for (const struct cmd_opt *o = e->opts; o->name; o++)
				printf("  %-14s %s%s%s%s\n", o->name, o->help, o->choices ? " (" : "",
				       o->choices ? o->choices : "", o->choices ? ")" : "");
		}
		if (e->flags & CMD_FORMAT)
			printf("  %-14s %s\n", "format", "table, csv, json or markdown (default: 'set format')");
		if (e == &cmd_train_entry) {
			printf("models ('help MODEL' lists its options):\n");
			for (size_t i = 0; fair_learner_doc(i, &lh, &un) != NULL; i++)
				printf("  %-14s %s%s\n", fair_learner_doc(i, NULL, NULL), lh, un ? " (not in this build)" : "");
		}
		printf("See 'man fairsh' for details.\n");
		return CMD_OK;
	}
	printf("Commands (help COMMAND for details, 'man fairsh' for the manual):\n");
	for (size_t i = 0; i < n; i++)
		printf("  %-10s %s\n", tab[i]->name, tab[i]->help);
	return CMD_OK;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help", .alias = "?", .min_args = 0, .max_args = 1,
	.usage = "[COMMAND]",
	.help = "list the commands, or describe one",
	.exec = cmd_help_exec,
};

static enum cmd_retval
cmd_quit_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	(void)ctx;
	(void)a;
	return CMD_EXIT;
}

const struct cmd_entry cmd_quit_entry = {
	.name = "quit", .alias = "exit", .min_args = 0, .max_args = 0,
	.usage = "",
	.help = "leave fairsh (running jobs are cancelled)",
	.exec = cmd_quit_exec,
};
