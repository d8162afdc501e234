/* cmd-target.c -- `target COLUMN`: the column the models predict, binary
 * (positive= values, or threshold= on a numeric column) or numeric, and
 * which outcome is favourable to the person (favorable=). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/db.h"
#include "fairsh/metric.h"
#include "fairsh/spec.h"

static enum cmd_retval cmd_target_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt target_opts[] = {
	{ "positive", OPT_LIST, NULL, "VALUE[,VALUE...]", "value(s) forming the positive class, comma-separated" },
	{ "task", OPT_CHOICE, "classification|regression", NULL, "force the task" },
	{ "threshold", OPT_DOUBLE, NULL, NULL, "numeric column: values above X are positive" },
	{ "favorable", OPT_LIST, NULL, "VALUE[,VALUE...]",
	  "the outcome that is good for the person: the positive or the negative class (or positive|negative)" },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_target_entry = {
	.name = "target", .min_args = 1, .max_args = 1, .opts = target_opts, .flags = CMD_NEEDS_SESSION,
	.args = "COLUMN",
	.help = "set the target column (what the model predicts)",
	.exec = cmd_target_exec,
};

static enum cmd_retval
cmd_target_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char *pos = cli_opt(a, "positive"), *task = cli_opt(a, "task"), *fav = cli_opt(a, "favorable");
	char **posv = NULL;
	size_t npos = 0;
	double thr;
	int hint = -1;
	fair_target *t = NULL;
	fair_error err;

	if (s == NULL)
		return CMD_ERROR;
	if (s->db != NULL || s->stream_path != NULL)   /* attached: recorded for the pushdown audit */
		return cli_db_target(ctx, a, s);
	if (cli_opt_double(ctx, a, "threshold", NAN, -INFINITY, INFINITY, &thr))
		return CMD_ERROR;
	if (task)
		hint = !strcmp(task, "regression") ? FAIR_TASK_REGRESSION : FAIR_TASK_CLASSIFICATION;
	if (pos)
		posv = cli_split_list(pos, ',', &npos);
	if (fair_target_build(s->frame, a->pos[0], (const char *const *)posv, npos, thr, hint, &t, &err)) {
		cli_list_free(posv, npos);
		return cli_ferror(ctx, a, &err);
	}
	cli_list_free(posv, npos);
	if (fav) {
		size_t nfav = 0;
		char **favv = cli_split_list(fav, ',', &nfav);
		int st = fair_target_set_favorable(t, s->frame, (const char *const *)favv, nfav, &err);
		cli_list_free(favv, nfav);
		if (st) {
			fair_target_free(t);
			return cli_ferror(ctx, a, &err);
		}
	}
	if (fair_target_check(t, s->keep, &err)) {
		/* one class, or none left by the filters: a note, not an error;
		 * the audit shows the rates that exist */
		if (t->task == FAIR_TASK_CLASSIFICATION && strstr(err.msg, "one class"))
			cli_note(ctx, "%s: rates that need the other class will be n/a", err.msg);
		else {
			fair_target_free(t);
			return cli_ferror(ctx, a, &err);
		}
	}
	fair_target_free(s->target);
	s->target = t;
	fair_session_changed(s);
	free(s->target_spec);
	s->target_spec = cli_args_text(a);
	if (t->task == FAIR_TASK_CLASSIFICATION)
		cli_info(ctx, "target '%s': classification, positive = %s (%zu), negative = %s (%zu)%s%s%s%s",
		         t->column, t->positive_label, t->npos, t->negative_label, t->nneg,
		         t->nmissing ? ", some missing" : "",
		         t->favorable ? "; decisions are " : "", fair_favorable_name(t->favorable),
		         t->favorable == FAIR_FAVORABLE_NEGATIVE ? " (a positive decision is unfavourable to the person)"
		         : t->favorable == FAIR_FAVORABLE_POSITIVE ? " (a positive decision is favourable to the person)" : "");
	else
		cli_info(ctx, "target '%s': regression (%zu values%s)", t->column, t->n - t->nmissing,
		         t->nmissing ? ", some missing" : "");
	/* a target is never a feature (fair_session_features) */
	for (size_t j = 0; j < s->nfeatures; j++)
		if (!strcmp(fair_column_name(fair_frame_column(s->frame, s->features[j])), t->column))
			cli_info(ctx, "note: '%s' is listed in 'features'; as the target it is not a feature", t->column);
	return CMD_OK;
}
