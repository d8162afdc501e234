/* cmd-explain.c -- `explain TOPIC` (metrics, figures, methods, conventions in
 * plain words) and `methods` (the fairness methods with family and options). */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "fairsh/metric.h"

struct method_doc {
	const char *name, *family, *constraints, *usage, *text;
};

static const struct method_doc methods[] = {
	{ "ferm", "pre / in", "eo (default), dp, eodds",
	  "train MODEL pre=ferm [constraint=eo|dp|eodds] [variant=proj|elim] [pivot=abs|signed]; "
	  "train ferm [kernel=rbf|poly|linear] [C=] [gamma=] [eps=] [exact=auto|yes|no] [components=]",
	  "FERM (Donini et al., NeurIPS 2018): empirical risk minimisation under a fairness constraint.\n"
	  "Equal opportunity asks that qualified people (positive label) get the same average score in\n"
	  "every group. For a linear model that is one linear condition on the weights: w must be\n"
	  "orthogonal to u, the difference between the groups' average feature vectors over the\n"
	  "positives. pre=ferm projects the features onto the directions orthogonal to u (one u per\n"
	  "extra group), so whatever linear model is trained afterwards cannot tell the groups'\n"
	  "qualified members apart on average. 'train ferm' does the same inside a kernel machine.\n"
	  "It costs little accuracy when u is a small part of what predicts the target." },
	{ "wasserstein", "post", "dp (demographic parity of scores)",
	  "correct MODEL with wasserstein [alpha=] [calib=] [jitter=] [seed=]; correct pred=COL with wasserstein as NAME",
	  "Wasserstein-barycenter post-processing (Chzhen et al., NeurIPS 2020). Each group's scores\n"
	  "form a distribution. The correction moves every score to the same rank (quantile) of a\n"
	  "common distribution, the barycenter: the weighted average of the groups' quantile\n"
	  "functions. Afterwards every group has the same score distribution (demographic parity\n"
	  "for every threshold), and within a group the order of people is unchanged. Among all\n"
	  "fair predictors it is the one closest to the original in squared error, which is why it\n"
	  "is the least change that achieves parity. alpha moves part of the way (0 = original,\n"
	  "1 = fully fair). It uses the sensitive attribute when predicting." },
	{ "mmd", "in (representation)", "dp",
	  "divergence used by fair representation learning",
	  "Maximum mean discrepancy: compares two groups' clouds of points through a smooth\n"
	  "similarity (a Gaussian kernel). It is zero when the clouds have the same distribution and\n"
	  "grows as they separate; a penalty on it pushes a representation to look the same for\n"
	  "every group, so any model built on it treats the groups alike on average." },
	{ "sinkhorn", "in (representation)", "dp",
	  "divergence used by fair representation learning",
	  "The Sinkhorn divergence measures how much work it takes to move one group's points onto\n"
	  "the other's (optimal transport), smoothed by a small temperature eps so it is fast and\n"
	  "differentiable, and debiased so it is zero for identical groups." },
};

static const struct {
	const char *name, *text;
} other_topics[] = {
	{ "conventions", NULL },
};

static enum cmd_retval
cmd_explain_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *topic = a->npos ? a->pos[0] : NULL;
	int id;

	(void)other_topics;
	if (topic == NULL) {
		printf("explain TOPIC, where TOPIC is a metric, a per-group figure, a method or a convention:\n  metrics:");
		for (int task = 0; task < 2; task++)
			for (size_t k = 0; k < fair_metric_count(task); k++)
				printf(" %s", fair_metric_info_get(fair_metric_id(task, k))->name);
		printf("\n  figures:");
		for (int f = 0; f < FAIR_FIG_COUNT; f++)
			printf(" %s", fair_figure_info_get(f)->name);
		printf("\n  methods:");
		for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
			printf(" %s", methods[i].name);
		printf("\n  conventions: strict fairlearn aif360 aif360-sk aequitas\n");
		return CMD_OK;
	}
	for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
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
	return cli_error(ctx, a, "nothing to explain about '%s' (type 'explain' for the topics)", topic);
}

const struct cmd_entry cmd_explain_entry = {
	.name = "explain", .min_args = 0, .max_args = 1,
	.usage = "[TOPIC]",
	.help = "explain a metric, a figure, a method or a convention in plain words",
	.exec = cmd_explain_exec,
};

static enum cmd_retval
cmd_methods_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "method", "family", "constraints", "usage" };
	struct out_table *t = out_table_new(NULL, 4, cols);

	for (size_t i = 0; i < 2; i++) {
		size_t r = out_table_row(t);
		out_table_str(t, r, 0, methods[i].name);
		out_table_str(t, r, 1, methods[i].family);
		out_table_str(t, r, 2, methods[i].constraints);
		out_table_str(t, r, 3, methods[i].usage);
	}
	cli_print_table(ctx, a, t);
	out_table_free(t);
	return CMD_OK;
}

const struct cmd_entry cmd_methods_entry = {
	.name = "methods", .min_args = 0, .max_args = 0, .flags = CMD_FORMAT,
	.usage = "[format=table|csv|json|markdown]",
	.help = "list the fairness methods with their family, constraints and options",
	.exec = cmd_methods_exec,
};
