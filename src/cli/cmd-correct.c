/* cmd-correct.c -- `correct` (post-processing: Wasserstein barycenter) and
 * `tradeoff` (sweeps of a fairness dial: FERM eps, Wasserstein alpha). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/audit.h"
#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "fairsh/spec.h"
#include "fairsh/wbary.h"

static const struct cmd_opt correct_opts[] = {
	{ "pred", OPT_STRING, NULL, "correct this prediction column instead of a model" },
	{ "alpha", OPT_DOUBLE, NULL, "fairness dial in [0,1]: 0 = base model, 1 = fully fair (default 1)" },
	{ "calib", OPT_DOUBLE, NULL, "share of the training rows used for calibration (default 0.25)" },
	{ "jitter", OPT_DOUBLE, NULL, "half-width of the tie-breaking noise (default: 1e-5 x range)" },
	{ "seed", OPT_INT, NULL, "random seed (default: 'set seed')" },
	{ NULL, 0, NULL, NULL }
};

static enum cmd_retval
cmd_correct_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char *pred = cli_opt(a, "pred");
	fair_model *base = NULL, *m;
	double alpha, calib, jitter;
	size_t seed, wi = a->npos;
	fair_error err;
	char name[200];
	fair_progress prog;

	if (s == NULL)
		return CMD_ERROR;
	for (size_t i = 0; i < a->npos; i++)
		if (!strcmp(a->pos[i], "with"))
			wi = i;
	if (wi + 2 != a->npos || (pred == NULL) != (wi == 1) || (pred && wi != 0))
		return cli_error(ctx, a, "usage: correct MODEL with wasserstein [as NAME] [alpha=A] ... | correct pred=COLUMN with wasserstein as NAME");
	if (strcmp(a->pos[wi + 1], "wasserstein") != 0)
		return cli_error(ctx, a, "unknown correction '%s' (corrections: wasserstein)", a->pos[wi + 1]);
	if (cli_opt_double(ctx, a, "alpha", 1.0, 0, 1, &alpha) ||
	    cli_opt_double(ctx, a, "calib", 0.25, 0.01, 0.9, &calib) ||
	    cli_opt_double(ctx, a, "jitter", FAIR_WBARY_JITTER_AUTO, -1, 1e12, &jitter) ||
	    cli_opt_size(ctx, a, "seed", ctx->set.seed, 0, 4294967295UL, &seed))
		return CMD_ERROR;
	if (!pred && (base = cli_model(ctx, a, s, a->pos[0])) == NULL)
		return CMD_ERROR;
	if (a->as)
		snprintf(name, sizeof name, "%s", a->as);
	else if (pred)
		return cli_error(ctx, a, "give the corrected model a name: correct pred=%s with wasserstein as NAME", pred);
	else
		snprintf(name, sizeof name, "%s_w", fair_model_name(base));
	fair_progress_init(&prog);
	cli_fg_progress = &prog;
	m = fair_model_wasserstein(s, base, pred, name, alpha, calib, jitter, (unsigned long)seed, &prog, &err);
	cli_fg_progress = NULL;
	if (m == NULL)
		return cli_ferror(ctx, a, &err);
	if (fair_session_add_model(s, m, &err)) {
		fair_model_unref(m);
		return cli_ferror(ctx, a, &err);
	}
	cli_info(ctx, "model '%s': %s", name, fair_model_desc(m));
	return CMD_OK;
}

const struct cmd_entry cmd_correct_entry = {
	.name = "correct", .min_args = 2, .max_args = 3, .opts = correct_opts, .flags = CMD_NEEDS_SESSION | CMD_AS,
	.usage = "MODEL with wasserstein [as NAME] [alpha=A] [calib=F] [jitter=S] [seed=N] | pred=COLUMN with wasserstein as NAME",
	.help = "post-process a model (or a prediction column) for demographic parity",
	.exec = cmd_correct_exec,
};

/* Parses "0,0.25,0.5" into a new array. */
static double *
parse_values(const char *s, size_t *n)
{
	double *v = NULL;
	size_t k = 0;
	char *end;

	*n = 0;
	for (const char *p = s; *p;) {
		double x = strtod(p, &end);
		if (end == p || (*end != ',' && *end != '\0')) {
			free(v);
			return NULL;
		}
		double *nv = realloc(v, (k + 1) * sizeof *v);
		if (nv == NULL) {
			free(v);
			return NULL;
		}
		v = nv;
		v[k++] = x;
		p = *end ? end + 1 : end;
	}
	*n = k;
	return v;
}

static void
tradeoff_row(struct out_table *t, const char *param, double val, const fair_report *r, int task)
{
	size_t row = out_table_row(t), nm = fair_metric_count(task);
	(void)param;
	out_table_num(t, row, 0, val, 6);
	out_table_num(t, row, 1, r->overall.fig[task == FAIR_TASK_REGRESSION ? FAIR_FIG_MSE : FAIR_FIG_ACCURACY], 4);
	for (size_t k = 0; k < nm; k++)
		out_table_num(t, row, 2 + k, r->metrics[fair_metric_id(task, k)].value, 4);
}

static enum cmd_retval
cmd_tradeoff_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char *alist = cli_opt(a, "alpha");
	double *vals;
	size_t nv, nm, on_unused = 0;
	int task, on;
	const char *cols[20];
	struct out_table *t;
	enum cmd_retval rv = CMD_OK;
	(void)on_unused;

	if (s == NULL)
		return CMD_ERROR;
	if (s->target == NULL)
		return cli_error(ctx, a, "no target set (use 'target COLUMN')");
	if (cli_parse_on(ctx, a, s, &on))
		return CMD_ERROR;
	if (a->npos != 3 || strcmp(a->pos[1], "with") || strcmp(a->pos[2], "wasserstein") || alist == NULL)
		return cli_error(ctx, a, "usage: tradeoff MODEL with wasserstein alpha=LIST");
	vals = parse_values(alist, &nv);
	if (vals == NULL || nv == 0)
		return cli_error(ctx, a, "alpha must be a comma-separated list of numbers, not '%s'", alist);
	fair_model *base = cli_model(ctx, a, s, a->pos[0]);
	if (base == NULL) {
		free(vals);
		return CMD_ERROR;
	}
	task = s->target->task;
	nm = fair_metric_count(task);
	cols[0] = "alpha";
	cols[1] = task == FAIR_TASK_REGRESSION ? "mse" : "accuracy";
	for (size_t k = 0; k < nm; k++)
		cols[2 + k] = fair_metric_info_get(fair_metric_id(task, k))->name;
	t = out_table_new(NULL, 2 + nm, cols);
	for (size_t i = 0; i < nv && rv == CMD_OK; i++) {
		fair_error err;
		char name[200];
		snprintf(name, sizeof name, "%s_alpha%g", fair_model_name(base), vals[i]);
		if (vals[i] < 0 || vals[i] > 1) {
			rv = cli_error(ctx, a, "alpha values must be in [0, 1], not %g", vals[i]);
			break;
		}
		fair_model *m = fair_model_wasserstein(s, base, NULL, name, vals[i], 0.25, FAIR_WBARY_JITTER_AUTO,
		                                       ctx->set.seed, NULL, &err);
		if (m == NULL) {
			rv = cli_ferror(ctx, a, &err);
			break;
		}
		struct cli_audit_req req;
		memset(&req, 0, sizeof req);
		req.model = m;
		req.on = on;
		fair_report *r = cli_audit_run(ctx, a, s, &req, NULL, NULL, NULL);
		if (r == NULL)
			rv = CMD_ERROR;
		else
			tradeoff_row(t, "alpha", vals[i], r, task);
		fair_report_free(r);
		fair_model_unref(m);
	}
	if (rv == CMD_OK) {
		if (a->format == OUT_TABLE)
			printf("Trade-off of %s with the Wasserstein correction on %s rows:\n", fair_model_name(base), cli_on_name(on));
		cli_print_table(ctx, a, t);
	}
	out_table_free(t);
	free(vals);
	return rv;
}

static const struct cmd_opt tradeoff_opts[] = {
	{ "alpha", OPT_LIST, NULL, "Wasserstein dial values, e.g. 0,0.25,0.5,0.75,1" },
	{ "on", OPT_CHOICE, "test|train|all|calib", "which rows to audit" },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_tradeoff_entry = {
	.name = "tradeoff", .min_args = 1, .max_args = 3, .opts = tradeoff_opts, .flags = CMD_NEEDS_SESSION | CMD_FORMAT,
	.usage = "MODEL with wasserstein alpha=LIST [on=test|train|all] [format=...]",
	.help = "sweep a fairness dial and tabulate accuracy against every fairness metric",
	.exec = cmd_tradeoff_exec,
};
