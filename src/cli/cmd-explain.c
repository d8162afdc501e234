/* cmd-explain.c -- `explain [TOPIC]`: a metric, a per-group figure, a method,
 * a convention or a shipped dataset in plain words (the methods' texts:
 * method-doc.c; the datasets': the core's registry); in the machine formats
 * one row per topic with its fields. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/datasets.h"
#include "cli/method-doc.h"
#include "cli/output.h"
#include "cli/result.h"
#include "cli/topics.h"
#include "cli/complete.h"
#include "fairsh/metric.h"

static enum cmd_retval cmd_explain_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt explain_opts[] = {
	CMD_OPT_TO,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_explain_entry = {
	.name = "explain", .min_args = 0, .max_args = 1, .opts = explain_opts, .flags = CMD_FORMAT,
	.args = "[TOPIC]",
	.help = "explain a metric, a figure, a method, a convention or a dataset in plain words",
	.exec = cmd_explain_exec,
};

/* The columns of the machine formats: one row per topic. */
enum { X_KIND, X_NAME, X_TITLE, X_FORMULA, X_DENOMINATOR, X_IDEAL, X_LIMIT, X_CONSTRAINTS, X_USAGE, X_TEXT, X_NCOLS };
static const char *const xcols[X_NCOLS] = {
	"kind", "name", "title", "formula", "denominator", "ideal", "limit", "constraints", "usage", "text",
};

static size_t
topic_row(struct out_table *t, const char *kind, const char *name, const char *title, const char *text)
{
	size_t r = out_table_row(t);

	for (size_t j = 0; j < X_NCOLS; j++)
		out_table_null(t, r, j, "");
	out_table_str(t, r, X_KIND, kind);
	out_table_str(t, r, X_NAME, name);
	if (title)
		out_table_str(t, r, X_TITLE, title);
	if (text)
		out_table_str(t, r, X_TEXT, text);
	return r;
}

static void
metric_row(struct out_table *t, const fair_metric_info *mi)
{
	size_t r = topic_row(t, "metric", mi->name, mi->title, mi->reading);

	out_table_str(t, r, X_FORMULA, mi->formula);
	out_table_num(t, r, X_IDEAL, mi->ideal, 6);
	out_table_num(t, r, X_LIMIT, mi->threshold, 6);
}

static void
figure_row(struct out_table *t, const fair_figure_info *fi)
{
	size_t r = topic_row(t, "figure", fi->name, fi->title, fi->reading);

	out_table_str(t, r, X_FORMULA, fi->formula);
	out_table_str(t, r, X_DENOMINATOR, fi->denominator);
}

static void
method_row(struct out_table *t, const struct cli_method_doc *m)
{
	size_t r = topic_row(t, "method", m->name, m->family, m->text);

	out_table_str(t, r, X_CONSTRAINTS, m->constraints);
	out_table_str(t, r, X_USAGE, m->usage);
}

static void
dataset_row(struct out_table *t, const fair_dataset *d)
{
	char *text = cli_dataset_text(d);

	topic_row(t, "dataset", d->name, d->title, text ? text : "");
	free(text);
}

/* Every topic (explain without a topic, machine formats). */
static void
all_topics(struct out_table *t, const struct cli_method_doc *methods, size_t ndocs)
{
	for (int task = 0; task < 2; task++)
		for (size_t k = 0; k < fair_metric_count(task); k++)
			metric_row(t, fair_metric_info_get(fair_metric_id(task, k)));
	for (int f = 0; f < FAIR_FIG_COUNT; f++)
		figure_row(t, fair_figure_info_get(f));
	for (size_t i = 0; i < ndocs; i++)
		method_row(t, &methods[i]);
	for (int c = 0; c < FAIR_CONV_COUNT; c++)
		topic_row(t, "convention", fair_convention_name(c), NULL, fair_convention_describe(c));
	for (size_t i = 0; i < fair_stats_topic_count(); i++)
		topic_row(t, "statistics", fair_stats_topic_name(i), NULL, fair_stats_topic(fair_stats_topic_name(i)));
	for (size_t i = 0; i < fair_dataset_count(); i++)
		dataset_row(t, fair_dataset_get(i));
	/* the other topics, by name: "decisions expressions favorable" */
	const char *names = cli_topic_names();
	while (*names) {
		size_t n = strcspn(names, " ");
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)n, names);
		if (n)
			topic_row(t, "topic", name, NULL, cli_topic_text(name));
		names += n + (names[n] == ' ');
	}
}

static void
print_topics(struct cli_ctx *ctx, const struct cli_method_doc *methods, size_t ndocs)
{
	cli_printf(ctx, "explain TOPIC, where TOPIC is a metric, a per-group figure, a method, a convention or a "
	           "dataset:\n  metrics:");
	for (int task = 0; task < 2; task++)
		for (size_t k = 0; k < fair_metric_count(task); k++)
			cli_printf(ctx, " %s", fair_metric_info_get(fair_metric_id(task, k))->name);
	cli_printf(ctx, "\n  figures:");
	for (int f = 0; f < FAIR_FIG_COUNT; f++)
		cli_printf(ctx, " %s", fair_figure_info_get(f)->name);
	cli_printf(ctx, "\n  methods:");
	for (size_t i = 0; i < ndocs; i++)
		cli_printf(ctx, " %s", methods[i].name);
	cli_printf(ctx, "\n  conventions: strict fairlearn aif360 aif360-sk aequitas\n");
	cli_printf(ctx, "  statistics:");
	for (size_t i = 0; i < fair_stats_topic_count(); i++)
		cli_printf(ctx, " %s", fair_stats_topic_name(i));
	cli_printf(ctx, "\n");
	cli_printf(ctx, "  datasets:");
	for (size_t i = 0; i < fair_dataset_count(); i++)
		cli_printf(ctx, " %s", fair_dataset_get(i)->name);
	cli_printf(ctx, "\n");
	cli_printf(ctx, "  topics: %s\n", cli_topic_names());
	cli_printf(ctx, "  aliases:");
	for (size_t i = 0; cli_explain_aliases[i].alias; i++)
		cli_printf(ctx, " %s (%s)", cli_explain_aliases[i].alias, cli_explain_aliases[i].topic);
	cli_printf(ctx, "\n");
}

/* The short names of the corrections' constraints, as topics. */
const struct cli_explain_alias cli_explain_aliases[] = {
	{ "dp", "demographic_parity_difference" },
	{ "eo", "equal_opportunity_difference" },
	{ "eodds", "equalized_odds_difference" },
	{ NULL, NULL },
};

/* " (did you mean 'X'?)" over every topic, or "". */
static const char *
nearest_topic(struct cli_ctx *ctx, const char *topic, char *buf, size_t len)
{
	bool files;
	char **v = cli_complete_words(ctx, "explain ", 8, &files);
	size_t n = 0;

	while (v && v[n])
		n++;
	cli_did_you_mean(topic, (const char *const *)v, n, buf, len);
	cli_complete_free(v);
	return buf;
}

static enum cmd_retval
cmd_explain_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *topic = a->npos ? a->pos[0] : NULL;
	size_t ndocs, nmethods;
	const struct cli_method_doc *methods = cli_method_docs(&ndocs, &nmethods);
	bool text = a->format == OUT_TABLE;
	struct out_table *t = text ? NULL : out_table_new(topic ? "Explanation" : "Topics", X_NCOLS, xcols);
	enum cmd_retval rv = CMD_OK;
	fair_error err;
	int id, conv;

	if (!text && t == NULL)
		return cli_error(ctx, a, "out of memory");
	for (size_t i = 0; topic && cli_explain_aliases[i].alias; i++)
		if (!strcmp(topic, cli_explain_aliases[i].alias)) {
			if (text)
				cli_printf(ctx, "%s: the constraint %s of the corrections is %s\n\n", topic, topic,
				           cli_explain_aliases[i].topic);
			topic = cli_explain_aliases[i].topic;
		}
	if (topic == NULL) {
		if (text)
			print_topics(ctx, methods, ndocs);
		else
			all_topics(t, methods, ndocs);
		goto out;
	}
	for (size_t i = 0; i < ndocs; i++)
		if (!strcmp(topic, methods[i].name)) {
			if (text)
				cli_printf(ctx, "%s (%s-processing; constraints: %s)\n\n%s\n\nUsage: %s\n", methods[i].name,
				           methods[i].family, methods[i].constraints, methods[i].text, methods[i].usage);
			else
				method_row(t, &methods[i]);
			goto out;
		}
	if (fair_convention_parse(topic, &conv, &err) == FAIR_OK) {
		if (text)
			cli_printf(ctx, "convention %s:\n%s\n", fair_convention_name(conv), fair_convention_describe(conv));
		else
			topic_row(t, "convention", fair_convention_name(conv), NULL, fair_convention_describe(conv));
		goto out;
	}
	if ((id = fair_figure_find(topic)) >= 0) {
		const fair_figure_info *fi = fair_figure_info_get(id);
		if (text)
			cli_printf(ctx, "%s (%s)\n  formula: %s\n  denominator: %s\n\n%s\n", fi->title, fi->name, fi->formula,
			           fi->denominator, fi->reading);
		else
			figure_row(t, fi);
		goto out;
	}
	if ((id = fair_metric_find(topic)) >= 0) {
		const fair_metric_info *mi = fair_metric_info_get(id);
		if (!text) {
			metric_row(t, mi);
			goto out;
		}
		cli_printf(ctx, "%s (%s)\n  formula: %s\n  ideal value: %g%s", mi->title, mi->name, mi->formula, mi->ideal,
		           isnan(mi->threshold) ? "\n" : "");
		if (!isnan(mi->threshold))
			cli_printf(ctx, "; usual limit: %s %g\n", mi->kind == FAIR_KIND_RATIO ? "at least" : "at most",
			           mi->threshold);
		cli_printf(ctx, "\n%s\n", mi->reading);
		goto out;
	}
	if (fair_stats_topic(topic) != NULL) {
		if (text)
			cli_printf(ctx, "%s\n", fair_stats_topic(topic));
		else
			topic_row(t, "statistics", topic, NULL, fair_stats_topic(topic));
		goto out;
	}
	if (fair_dataset_find(topic) != NULL) {
		if (text) {
			char *s = cli_dataset_text(fair_dataset_find(topic));
			if (s == NULL)
				return cli_error(ctx, a, "out of memory");
			cli_printf(ctx, "%s", s);
			free(s);
		} else {
			dataset_row(t, fair_dataset_find(topic));
		}
		goto out;
	}
	if (cli_topic_text(topic) != NULL) {
		if (text)
			cli_printf(ctx, "%s\n", cli_topic_text(topic));
		else
			topic_row(t, "topic", topic, NULL, cli_topic_text(topic));
		goto out;
	}
	char near[120];
	rv = cli_error(ctx, a, "nothing to explain about '%s'%s (type 'explain' for the topics)", topic,
	               nearest_topic(ctx, topic, near, sizeof near));
out:
	if (rv == CMD_OK && t)
		cli_print_table(ctx, a, t);
	out_table_free(t);
	return rv;
}
