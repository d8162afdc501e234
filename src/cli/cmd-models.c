/* cmd-models.c -- `models [MODEL]`: the trained models of the current
 * session, or one model's feature importance beside the sensitive
 * attribute (its proxies). */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "cli/result.h"
#include "out/report.h"
#include "fairsh/buf.h"
#include "fairsh/metric.h"
#include "fairsh/model.h"
#include "fairsh/spec.h"

static enum cmd_retval cmd_models_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt models_opts[] = {
	{ "top", OPT_INT, NULL, NULL, "with MODEL: the features of largest gain shown (default 20; 0 = all)" },
	CMD_OPT_TO,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_models_entry = {
	.name = "models", .min_args = 0, .max_args = 1, .opts = models_opts, .flags = CMD_NEEDS_SESSION | CMD_FORMAT,
	.args = "[MODEL [{top}]]",
	.help = "list the trained models of the current session; with MODEL, its feature importance",
	.exec = cmd_models_exec,
};

/* The sensitive columns as one label ("sex", "race+sex"), or NULL. */
static char *
sensitive_label(const fair_session *s)
{
	fair_buf b = FAIR_BUF_INIT;

	if (s->groups == NULL)
		return NULL;
	for (size_t c = 0; c < s->groups->ncolumns; c++)
		fair_buf_printf(&b, "%s%s", c ? "+" : "", s->groups->columns[c]);
	return fair_buf_detach(&b);
}

/* `models MODEL`: what it is and, for learners that report it, the gain
 * per feature beside each feature's association with the sensitive
 * attribute (its proxies). A text table has a line saying what it is
 * before it and the meaning of eta after it; the machine formats have the
 * table alone, titled (a model without importance: the table without rows,
 * and a note on stderr). */
static enum cmd_retval
model_details(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, fair_model *m)
{
	fair_importance *imp = NULL;
	fair_error err;
	size_t top;
	char *sens, title[600], what[400];
	struct out_table *t;
	bool text = a->format == OUT_TABLE;

	if (cli_opt_size(ctx, a, "top", 20, 0, 1000000, &top))
		return CMD_ERROR;
	snprintf(what, sizeof what, "model '%s': %s (target %s, %s)", fair_model_name(m), fair_model_desc(m),
	         fair_model_target(m), fair_model_task(m) == FAIR_TASK_REGRESSION ? "regression" : "classification");
	if (fair_model_importance(m, s, &imp, &err) != FAIR_OK && err.code != FAIR_EINVAL)
		return cli_ferror(ctx, a, &err);
	if (imp == NULL && text && !cli_result_to_file(ctx)) {
		cli_info(ctx, "%s; %s", what, err.msg);   /* as `models` with no models */
		return CMD_OK;
	}
	if (imp == NULL)
		cli_note(ctx, "%s", err.msg);
	sens = sensitive_label(s);
	snprintf(title, sizeof title, "Feature importance of %s, largest share of the total gain first", what);
	if (text) {   /* model and column names come from the user and the data */
		out_put_escaped(cli_out(ctx), what);
		cli_printf(ctx, "; feature importance, largest share of the total gain first:\n");
	}
	if (imp != NULL) {
		t = out_importance(imp, sens, top, text ? NULL : title);
	} else {   /* the columns, no rows */
		fair_importance none = { 0 };
		t = out_importance(&none, sens, top, text ? NULL : title);
	}
	cli_print_table(ctx, a, t);
	if ((text || a->format == OUT_MARKDOWN) && sens != NULL)
	{
		cli_printf(ctx, "%seta: association of each feature with ", text ? "" : "\n");
		out_put_escaped(cli_out(ctx), sens);
		cli_printf(ctx, " on the training rows (correlation ratio; proxy: eta >= %g)\n", FAIR_PROXY_ETA);
	}
	out_table_free(t);
	free(sens);
	fair_importance_free(imp);
	return CMD_OK;
}

static enum cmd_retval
cmd_models_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "model", "target", "task", "description" };
	fair_session *s = cli_session(ctx, a);
	struct out_table *t;
	fair_model *m;
	char title[300];

	if (s == NULL)
		return CMD_ERROR;
	if (a->npos == 1)
		return (m = cli_model(ctx, a, s, a->pos[0])) == NULL ? CMD_ERROR : model_details(ctx, a, s, m);
	if (cli_opt(a, "top") != NULL)
		return cli_error(ctx, a, "top= goes with a model: models MODEL top=N");
	cli_reap_jobs(ctx, false);
	snprintf(title, sizeof title, "Models of session %s", s->name);
	t = out_table_new(a->format == OUT_TABLE ? NULL : title, 4, cols);
	for (size_t i = 0; i < s->nmodels; i++) {
		size_t r = out_table_row(t);
		out_table_str(t, r, 0, fair_model_name(s->models[i]));
		out_table_str(t, r, 1, fair_model_target(s->models[i]));
		out_table_str(t, r, 2, fair_model_task(s->models[i]) == FAIR_TASK_REGRESSION ? "regression" : "classification");
		if (fair_model_basis(s->models[i])[0]) {   /* what a correction rests on */
			char *d = NULL;
			if (asprintf(&d, "%s; %s", fair_model_desc(s->models[i]), fair_model_basis(s->models[i])) < 0)
				d = NULL;
			out_table_str(t, r, 3, d ? d : fair_model_desc(s->models[i]));
			free(d);
		} else {
			out_table_str(t, r, 3, fair_model_desc(s->models[i]));
		}
	}
	if (s->nmodels == 0 && a->format == OUT_TABLE && !cli_result_to_file(ctx))
		cli_info(ctx, "no models in session '%s' (train one with 'train logreg')", s->name);
	else
		cli_print_table(ctx, a, t);
	out_table_free(t);
	return CMD_OK;
}
