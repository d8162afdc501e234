/* cmd-tradeoff.c -- `tradeoff`: sweep a fairness dial (Wasserstein alpha,
 * FERM eps, fairrep lambda, a grid search's points), one audited model per
 * value: accuracy against every fairness metric; `plot tradeoff` draws the
 * last sweep. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/audit.h"
#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "cli/sweep.h"
#include "cli/wide.h"
#include "fairsh/buf.h"
#include "fairsh/spec.h"

static enum cmd_retval cmd_tradeoff_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt tradeoff_opts[] = {
	{ "alpha", OPT_LIST, NULL, NULL, "Wasserstein dial values, e.g. 0,0.25,0.5,0.75,1" },
	{ "eps", OPT_LIST, NULL, NULL, "FERM: the fairness tolerances to sweep" },
	{ "lambda", OPT_LIST, NULL, NULL, "fairrep: the fairness weights to sweep" },
	{ "keep", OPT_BOOL, NULL, NULL, "with grid: keep every grid point as a model MODEL_gI" },
	CMD_OPT_ON,
	CMD_OPT_TO,
	CLI_OPT_METRICS,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_tradeoff_entry = {
	.name = "tradeoff", .min_args = 1, .max_args = 3, .opts = tradeoff_opts,
	.flags = CMD_NEEDS_SESSION | CMD_FORMAT | CMD_RAW_OPTS,
	.args = "MODEL with wasserstein {alpha} | MODEL with grid [{keep}] | LEARNER [key=value ...] {eps} | fairrep {lambda}",
	.help = "sweep a fairness dial (Wasserstein alpha, FERM eps, fairrep lambda, a grid search's points): "
	        "accuracy against every fairness metric",
	.exec = cmd_tradeoff_exec,
};

/* `tradeoff LEARNER [options] eps=LIST|lambda=LIST`: one model per value,
 * trained as background jobs (two at a time), each audited. */
static enum cmd_retval
tradeoff_training(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, int on)
{
	const char *param = NULL, *list = NULL;
	const char **keys = calloc(a->nopt + 2, sizeof *keys), **vals = calloc(a->nopt + 2, sizeof *vals);
	size_t n = 0, nv = 0;
	double *v = NULL;
	struct cli_sweep *sw = NULL;
	enum cmd_retval rv = CMD_OK;
	fair_buf label = FAIR_BUF_INIT, collapsed = FAIR_BUF_INIT;
	char buf[64], name[200];

	for (size_t i = 0; i < a->nopt; i++) {
		if (!strcmp(a->key[i], "on") || !strcmp(a->key[i], "to") || !strcmp(a->key[i], "metrics"))
			continue;
		if ((!strcmp(a->key[i], "eps") || !strcmp(a->key[i], "lambda")) && strchr(a->val[i], ',') != NULL) {
			param = a->key[i];
			list = a->val[i];
			continue;
		}
		if ((!strcmp(a->key[i], "eps") || !strcmp(a->key[i], "lambda")) && param == NULL) {
			param = a->key[i];
			list = a->val[i];
			continue;
		}
		keys[n] = a->key[i];
		vals[n++] = a->val[i];
	}
	if (param == NULL) {
		rv = cli_error(ctx, a, "say what to sweep: eps=LIST (FERM) or lambda=LIST (fairrep)");
		goto out;
	}
	if ((v = cli_parse_numbers(list, &nv)) == NULL || nv == 0) {
		rv = cli_error(ctx, a, "%s must be a comma-separated list of numbers, not '%s'", param, list);
		goto out;
	}
	fair_buf_puts(&label, a->pos[0]);
	for (size_t i = 0; i < n; i++)
		fair_buf_printf(&label, " %s=%s", keys[i], vals[i]);
	sw = cli_sweep_new(label.buf, param, s->target->task, nv);
	keys[n] = param;
	for (size_t i = 0; i < nv && rv == CMD_OK; i++) {
		snprintf(buf, sizeof buf, "%.15g", v[i]);
		vals[n] = buf;
		snprintf(name, sizeof name, "%s_%s%g", a->pos[0], param, v[i]);
		fair_job *j = cli_start_training(ctx, a, s, a->pos[0], keys, vals, n + 1, name, ctx->set.seed);
		if (j == NULL || cli_wait(ctx, j) != CMD_OK) {
			rv = CMD_ERROR;
			break;
		}
		fair_model *m = fair_session_find_model(s, name);
		if (strstr(fair_job_note(j), "collapsed") != NULL)
			fair_buf_printf(&collapsed, "%s%g", collapsed.len ? ", " : "", v[i]);
		struct cli_audit_req req;
		memset(&req, 0, sizeof req);
		req.model = m;
		req.on = on;
		fair_report *r = m ? cli_audit_run(ctx, a, s, &req, NULL, NULL, NULL) : NULL;
		if (r == NULL)
			rv = CMD_ERROR;
		else
			cli_sweep_set(sw, i, v[i], r);
		fair_report_free(r);
		fair_session_remove_model(s, name, NULL);
	}
	if (rv == CMD_OK) {
		cli_sweep_print(ctx, a, sw);
		if (collapsed.len)
			cli_warn(ctx, "the representation collapsed at %s=%s: every head predicts (almost) one class, "
			         "so those points are trivially fair and useless", param, collapsed.buf);
		cli_sweep_free(ctx->sweep);
		ctx->sweep = sw;
		sw = NULL;
	}
out:
	cli_sweep_free(sw);
	fair_buf_release(&collapsed);
	fair_buf_release(&label);
	free(keys);
	free(vals);
	free(v);
	return rv;
}

/* `tradeoff MODEL with grid [keep=yes]`: every point of a grid search,
 * audited; keep=yes installs them as models MODEL_g0, MODEL_g1, ... */
static enum cmd_retval
tradeoff_grid(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, int on)
{
	fair_model *base = cli_model(ctx, a, s, a->pos[0]);
	struct cli_sweep *sw;
	enum cmd_retval rv = CMD_OK;
	bool keep;
	size_t n;
	char label[300];

	if (base == NULL || cli_opt_bool(ctx, a, "keep", false, &keep))
		return CMD_ERROR;
	if (cli_opt(a, "alpha"))
		return cli_error(ctx, a, "alpha= belongs to 'tradeoff MODEL with wasserstein'");
	if ((n = fair_model_grid_size(base)) == 0)
		return cli_error(ctx, a, "model '%s' is not a grid search (train one with 'train gridsearch')", fair_model_name(base));
	snprintf(label, sizeof label, "gridsearch(%s)", fair_model_name(base));
	if ((sw = cli_sweep_new(label, "point", s->target->task, n)) == NULL)
		return cli_error(ctx, a, "out of memory");
	for (size_t i = 0; i < n && rv == CMD_OK; i++) {
		fair_error err;
		char name[200];
		snprintf(name, sizeof name, "%s_g%zu", fair_model_name(base), i);
		fair_model *m = fair_model_grid_member(base, i, name, NULL, NULL, &err);
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
			cli_sweep_set(sw, i, (double)i, r);
		fair_report_free(r);
		if (rv == CMD_OK && keep) {
			if (cli_install_model(ctx, a, s, m) != CMD_OK)
				rv = CMD_ERROR;
		} else {
			fair_model_unref(m);
		}
	}
	if (rv == CMD_OK) {
		cli_sweep_print(ctx, a, sw);
		cli_sweep_free(ctx->sweep);
		ctx->sweep = sw;
	} else {
		cli_sweep_free(sw);
	}
	return rv;
}

static enum cmd_retval
cmd_tradeoff_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char *alist = cli_opt(a, "alpha");
	double *vals;
	size_t nv;
	int on;
	enum cmd_retval rv = CMD_OK;
	struct cli_sweep *sw = NULL;

	if (s == NULL)
		return CMD_ERROR;
	if (s->target == NULL)
		return cli_error(ctx, a, "no target set (use 'target COLUMN')");
	if (cli_parse_on(ctx, a, s, &on))
		return CMD_ERROR;
	if (a->npos == 1)
		return tradeoff_training(ctx, a, s, on);
	if (a->npos == 3 && !strcmp(a->pos[1], "with") && !strcmp(a->pos[2], "grid"))
		return tradeoff_grid(ctx, a, s, on);
	if (a->npos != 3 || strcmp(a->pos[1], "with") || strcmp(a->pos[2], "wasserstein") || alist == NULL)
		return cli_usage(ctx, a, NULL, NULL);
	vals = cli_parse_numbers(alist, &nv);
	if (vals == NULL || nv == 0) {
		free(vals);
		return cli_error(ctx, a, "alpha must be a comma-separated list of numbers, not '%s'", alist);
	}
	fair_model *base = cli_model(ctx, a, s, a->pos[0]);
	if (base == NULL || (sw = cli_sweep_wasserstein(ctx, a, s, base, vals, nv, on)) == NULL) {
		rv = CMD_ERROR;
	} else {
		cli_sweep_print(ctx, a, sw);
		cli_sweep_free(ctx->sweep);
		ctx->sweep = sw;
	}
	free(vals);
	return rv;
}
