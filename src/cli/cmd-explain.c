/* cmd-explain.c -- `explain [TOPIC]`: a metric, a per-group figure, a method,
 * a convention or a shipped dataset in plain words (the methods' texts:
 * method-doc.c; the datasets': the core's registry). */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/datasets.h"
#include "cli/method-doc.h"
#include "cli/topics.h"
#include "fairsh/metric.h"

static enum cmd_retval cmd_explain_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_explain_entry = {
	.name = "explain", .min_args = 0, .max_args = 1,
	.args = "[TOPIC]",
	.help = "explain a metric, a figure, a method, a convention or a dataset in plain words",
	.exec = cmd_explain_exec,
};

static enum cmd_retval
cmd_explain_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *topic = a->npos ? a->pos[0] : NULL;
	size_t ndocs, nmethods;
	const struct cli_method_doc *methods = cli_method_docs(&ndocs, &nmethods);
	int id;

	if (topic == NULL) {
		printf("explain TOPIC, where TOPIC is a metric, a per-group figure, a method, a convention or a dataset:\n  metrics:");
		for (int task = 0; task < 2; task++)
			for (size_t k = 0; k < fair_metric_count(task); k++)
				printf(" %s", fair_metric_info_get(fair_metric_id(task, k))->name);
		printf("\n  figures:");
		for (int f = 0; f < FAIR_FIG_COUNT; f++)
			printf(" %s", fair_figure_info_get(f)->name);
		printf("\n  methods:");
		for (size_t i = 0; i < ndocs; i++)
			printf(" %s", methods[i].name);
		printf("\n  conventions: strict fairlearn aif360 aif360-sk aequitas\n");
		printf("  statistics:");
		for (size_t i = 0; i < fair_stats_topic_count(); i++)
			printf(" %s", fair_stats_topic_name(i));
		printf("\n");
		printf("  datasets:");
		for (size_t i = 0; i < fair_dataset_count(); i++)
			printf(" %s", fair_dataset_get(i)->name);
		printf("\n");
		printf("  topics: %s\n", cli_topic_names());
		return CMD_OK;
	}
	for (size_t i = 0; i < ndocs; i++)
		if (!strcmp(topic, methods[i].name)) {
			printf("%s (%s-processing; constraints: %s)\n\n%s\n\nUsage: %s\n", methods[i].name, methods[i].family,
			       methods[i].constraints, methods[i].text, methods[i].usage);
			return CMD_OK;
		}
	{
		fair_error err;
		int conv;
		if (fair_convention_parse(topic, &conv, &err) == FAIR_OK) {
			printf("convention %s:\n%s\n", fair_convention_name(conv), fair_convention_describe(conv));
			return CMD_OK;
		}
	}
	if ((id = fair_figure_find(topic)) >= 0) {
		const fair_figure_info *fi = fair_figure_info_get(id);
		printf("%s (%s)\n  formula: %s\n  denominator: %s\n\n%s\n", fi->title, fi->name, fi->formula,
		       fi->denominator, fi->reading);
		return CMD_OK;
	}
	if ((id = fair_metric_find(topic)) >= 0) {
		const fair_metric_info *mi = fair_metric_info_get(id);
		printf("%s (%s)\n  formula: %s\n  ideal value: %g%s", mi->title, mi->name, mi->formula, mi->ideal,
		       mi->threshold == mi->threshold ? "" : "\n");
		if (mi->threshold == mi->threshold)
			printf("; usual limit: %s %g\n", mi->kind == FAIR_KIND_RATIO ? "at least" : "at most", mi->threshold);
		printf("\n%s\n", mi->reading);
		return CMD_OK;
	}
	if (fair_stats_topic(topic) != NULL) {
		printf("%s\n", fair_stats_topic(topic));
		return CMD_OK;
	}
	if (fair_dataset_find(topic) != NULL) {
		cli_dataset_explain(fair_dataset_find(topic));
		return CMD_OK;
	}
	if (cli_topic_text(topic) != NULL) {
		printf("%s\n", cli_topic_text(topic));
		return CMD_OK;
	}
	return cli_error(ctx, a, "nothing to explain about '%s' (type 'explain' for the topics)", topic);
}
