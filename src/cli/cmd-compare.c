/* cmd-compare.c -- `compare MODEL [MODEL ...]`: models side by side, accuracy
 * (or MSE) and every fairness metric, the best of each column marked. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/audit.h"
#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "fairsh/spec.h"
#include "out/report.h"

static enum cmd_retval cmd_compare_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt compare_opts[] = {
	CMD_OPT_ON,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_compare_entry = {
	.name = "compare", .min_args = 1, .max_args = -1, .opts = compare_opts,
	.flags = CMD_NEEDS_SESSION | CMD_FORMAT,
	.args = "MODEL [MODEL ...]",
	.help = "compare models side by side: accuracy and every fairness metric, best marked",
	.exec = cmd_compare_exec,
};

static enum cmd_retval
cmd_compare_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	fair_report **reps;
	struct out_table *t;
	size_t nc;
	int task, on;
	enum cmd_retval rv = CMD_OK;

	if (s == NULL || s->target == NULL)
		return s ? cli_error(ctx, a, "no target set (use 'target COLUMN')") : CMD_ERROR;
	if (cli_parse_on(ctx, a, s, &on))
		return CMD_ERROR;
	task = s->target->task;
	reps = calloc(a->npos, sizeof *reps);
	struct cli_warn_seen seen = { NULL, 0 };
	for (size_t i = 0; i < a->npos && rv == CMD_OK; i++) {
		struct cli_audit_req req;
		memset(&req, 0, sizeof req);
		req.on = on;
		req.seen = &seen;
		if ((req.model = cli_model(ctx, a, s, a->pos[i])) == NULL ||
		    (reps[i] = cli_audit_run(ctx, a, s, &req, NULL, NULL, NULL)) == NULL)
			rv = CMD_ERROR;
	}
	if (rv != CMD_OK)
		goto out;
	t = out_report_compare((const char *const *)a->pos, (const fair_report *const *)reps, a->npos, task);
	nc = t->ncols;
	/* mark the best value of each column with '*' in text output */
	if (a->format == OUT_TABLE || a->format == OUT_MARKDOWN) {
		for (size_t c = 1; c < nc; c++) {
			long best = -1;
			double bv = 0;
			for (size_t i = 0; i < a->npos; i++) {
				double v = t->cells[i * nc + c].num;
				if (!t->cells[i * nc + c].is_num)
					continue;
				double score;
				if (c == 1)
					score = task == FAIR_TASK_REGRESSION ? -v : v;
				else {
					const fair_metric_info *mi = fair_metric_info_get(fair_metric_id(task, c - 2));
					score = mi->kind == FAIR_KIND_RATIO ? -fabs(1.0 - v) : -fabs(v);
				}
				if (best < 0 || score > bv) {
					best = (long)i;
					bv = score;
				}
			}
			if (best >= 0 && a->npos > 1) {
				struct out_cell *cl = &t->cells[(size_t)best * nc + c];
				size_t l = strlen(cl->text);
				char *p = realloc(cl->text, l + 2);
				if (p) {
					p[l] = '*';
					p[l + 1] = '\0';
					cl->text = p;
				}
			}
		}
	}
	if (a->format == OUT_TABLE)
		printf("Comparison on %s rows (* = best in its column: highest accuracy, lowest MSE, "
		       "differences closest to 0, ratios closest to 1)\n", cli_on_name(on));
	cli_print_table(ctx, a, t);
	out_table_free(t);
out:
	cli_warn_seen_free(&seen);
	for (size_t i = 0; i < a->npos; i++)
		fair_report_free(reps[i]);
	free(reps);
	return rv;
}
