/* cmd-datasets.c -- `datasets`: the real datasets that ship with fairsh
 * (size, suggested target, positive class and sensitive attribute, source,
 * terms); `datasets NAME` one of them in full with its set-up commands;
 * `datasets check` reads every file and compares it with its checksum. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/datasets.h"
#include "cli/output.h"
#include "cli/result.h"
#include "out/out.h"

static enum cmd_retval cmd_datasets_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt datasets_opts[] = {
	CMD_OPT_TO,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_datasets_entry = {
	.name = "datasets", .min_args = 0, .max_args = 1, .flags = CMD_FORMAT, .opts = datasets_opts,
	.args = "[NAME | check]",
	.help = "list the real datasets that ship with fairsh ('load NAME setup=yes' starts an audit)",
	.exec = cmd_datasets_exec,
};

static void
sensitive_text(const fair_dataset *d, char *buf, size_t len)
{
	if (!isnan(d->sensitive_threshold))
		snprintf(buf, len, "%s > %g", d->sensitive, d->sensitive_threshold);
	else
		snprintf(buf, len, "%s", d->sensitive);
}

static void
positive_text(const fair_dataset *d, char *buf, size_t len)
{
	if (d->positive != NULL)
		snprintf(buf, len, "%s", d->positive);
	else if (!isnan(d->target_threshold))
		snprintf(buf, len, "> %g", d->target_threshold);
	else
		snprintf(buf, len, "(%s)", d->task);
}

static enum cmd_retval
list(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "name", "rows", "columns", "target", "positive", "sensitive",
		                            "source", "license" };
	struct out_table *t = out_table_new(a->format == OUT_TABLE ? NULL : "Datasets", 8, cols);
	char buf[256];

	for (size_t i = 0; i < fair_dataset_count(); i++) {
		const fair_dataset *d = fair_dataset_get(i);
		size_t r = out_table_row(t);
		out_table_str(t, r, 0, d->name);
		out_table_int(t, r, 1, (long long)d->rows);
		out_table_int(t, r, 2, (long long)d->cols);
		out_table_str(t, r, 3, d->target);
		positive_text(d, buf, sizeof buf);
		out_table_str(t, r, 4, buf);
		sensitive_text(d, buf, sizeof buf);
		out_table_str(t, r, 5, buf);
		out_table_str(t, r, 6, d->source);
		out_table_str(t, r, 7, d->license_short);
	}
	cli_print_table(ctx, a, t);
	out_table_free(t);
	if (a->format == OUT_TABLE)
		cli_printf(ctx, "\n'load NAME' loads one, 'load NAME setup=yes' also sets up the audit; 'datasets NAME'\n"
		           "and 'explain NAME' tell more (provenance, caveats, suggested use).\n");
	return CMD_OK;
}

/* Prints @text indented by @ind spaces after its first line. */
static void
para(struct cli_ctx *ctx, const char *label, const char *text)
{
	cli_printf(ctx, "  %-10s ", label);
	for (const char *p = text; *p; p++) {
		cli_printf(ctx, "%c", *p);
		if (*p == '\n')
			cli_printf(ctx, "  %-10s ", "");
	}
	cli_printf(ctx, "\n");
}

/* The machine formats: one row with the fields `datasets NAME` shows. */
static void
show_table(struct cli_ctx *ctx, const struct cli_args *a, const fair_dataset *d, const char *path,
           char **cmds, size_t ncmd)
{
	static const char *const cols[] = { "name", "title", "file", "rows", "columns", "sha256", "target", "positive",
		                            "positive_means", "sensitive", "privileged", "also_sensitive", "setup",
		                            "source", "license", "citation" };
	struct out_table *t = out_table_new(d->title, sizeof cols / sizeof cols[0], cols);
	fair_buf setup = FAIR_BUF_INIT;
	char buf[256];
	size_t r, k = 0;

	if (t == NULL)
		return;
	for (size_t i = 0; i < ncmd; i++)
		fair_buf_printf(&setup, "%s%s", i ? "; " : "", cmds[i]);
	r = out_table_row(t);
	out_table_str(t, r, k++, d->name);
	out_table_str(t, r, k++, d->title);
	if (path)
		out_table_str(t, r, k++, path);
	else
		out_table_null(t, r, k++, "");
	out_table_int(t, r, k++, (long long)d->rows);
	out_table_int(t, r, k++, (long long)d->cols);
	out_table_str(t, r, k++, d->sha256);
	out_table_str(t, r, k++, d->target);
	positive_text(d, buf, sizeof buf);
	out_table_str(t, r, k++, buf);
	out_table_str(t, r, k++, d->positive_means);
	sensitive_text(d, buf, sizeof buf);
	out_table_str(t, r, k++, buf);
	out_table_str(t, r, k++, d->privileged ? d->privileged : "");
	out_table_str(t, r, k++, d->also_sensitive);
	out_table_str(t, r, k++, setup.buf);
	out_table_str(t, r, k++, d->publisher);
	out_table_str(t, r, k++, d->license);
	out_table_str(t, r, k++, d->citation);
	cli_print_table(ctx, a, t);
	out_table_free(t);
	fair_buf_release(&setup);
}

static enum cmd_retval
show(struct cli_ctx *ctx, const struct cli_args *a, const fair_dataset *d)
{
	const char *dirs[4];
	char buf[8400], pos[256], sens[256];
	size_t n = cli_dataset_dirs(dirs, buf, sizeof buf), ncmd;
	fair_error err;
	char *path = fair_dataset_locate(d, dirs, n, &err);
	char **cmds = cli_dataset_setup_commands(d, &ncmd);

	if (a->format != OUT_TABLE) {
		show_table(ctx, a, d, path, cmds, ncmd);
		cli_dataset_free(cmds, ncmd);
		free(path);
		return CMD_OK;
	}
	cli_printf(ctx, "%s: %s\n", d->name, d->title);
	para(ctx, "file:", path ? path : err.msg);
	cli_printf(ctx, "  %-10s %zu rows x %zu columns; SHA-256 of the CSV %s\n", "size:", d->rows, d->cols, d->sha256);
	positive_text(d, pos, sizeof pos);
	cli_printf(ctx, "  %-10s %s, positive %s: %s\n", "target:", d->target, pos, d->positive_means);
	sensitive_text(d, sens, sizeof sens);
	cli_printf(ctx, "  %-10s %s%s%s\n", "sensitive:", sens, d->privileged ? ", privileged " : "",
	           d->privileged ? d->privileged : "");
	para(ctx, "also:", d->also_sensitive);
	cli_printf(ctx, "  %-10s 'load %s setup=yes' runs:\n", "set-up:", d->name);
	for (size_t i = 0; i < ncmd; i++)
		cli_printf(ctx, "  %-10s   %s\n", "", cmds[i]);
	para(ctx, "source:", d->publisher);
	para(ctx, "license:", d->license);
	para(ctx, "cite:", d->citation);
	cli_printf(ctx, "  %-10s 'explain %s': provenance, caveats and suggested use\n", "more:", d->name);
	cli_dataset_free(cmds, ncmd);
	free(path);
	return CMD_OK;
}

static enum cmd_retval
check(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "name", "file", "rows", "columns", "sha256", "status" };
	struct out_table *t = out_table_new(a->format == OUT_TABLE ? NULL : "Dataset files", 6, cols);
	const char *dirs[4];
	char buf[8400];
	size_t n = cli_dataset_dirs(dirs, buf, sizeof buf), bad = 0;

	for (size_t i = 0; i < fair_dataset_count(); i++) {
		const fair_dataset *d = fair_dataset_get(i);
		size_t r = out_table_row(t);
		fair_error err;
		char hex[65] = "", *path = fair_dataset_locate(d, dirs, n, &err);
		const char *base;
		out_table_str(t, r, 0, d->name);
		if (path == NULL) {
			out_table_str(t, r, 1, "(not found)");
			out_table_str(t, r, 5, "missing");
			cli_warn(ctx, "%s", err.msg);
			bad++;
			continue;
		}
		base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		out_table_str(t, r, 1, base);
		out_table_int(t, r, 2, (long long)d->rows);
		out_table_int(t, r, 3, (long long)d->cols);
		if (fair_dataset_verify(d, path, hex, &err) == FAIR_OK) {
			hex[16] = '\0';
			out_table_str(t, r, 4, hex);
			out_table_str(t, r, 5, "ok");
		} else {
			out_table_str(t, r, 5, "FAILED");
			cli_warn(ctx, "%s", err.msg);
			bad++;
		}
		free(path);
	}
	cli_print_table(ctx, a, t);
	out_table_free(t);
	if (bad)
		return cli_error(ctx, a, "%zu of %zu dataset files are missing or not the documented data", bad,
		                 fair_dataset_count());
	return CMD_OK;
}

static enum cmd_retval
cmd_datasets_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const fair_dataset *d;

	if (a->npos == 0)
		return list(ctx, a);
	if (strcmp(a->pos[0], "check") == 0)
		return check(ctx, a);
	if ((d = fair_dataset_find(a->pos[0])) == NULL)
		return cli_error(ctx, a, "no dataset '%s' ships with fairsh (datasets: %s)", a->pos[0],
		                 fair_dataset_names());
	return show(ctx, a, d);
}
