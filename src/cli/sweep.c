/* sweep.c -- trade-off sweeps: a record of (dial value, accuracy or MSE,
 * every fairness metric) per point, printed by `tradeoff`, drawn by
 * `plot tradeoff`, saved with the workbench (as a parameter tree); and the
 * Wasserstein sweep both commands run (the training sweeps are `tradeoff`'s
 * own). */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "cli/audit.h"
#include "cli/output.h"
#include "cli/sweep.h"
#include "cli/wide.h"
#include "out/report.h"
#include "fairsh/spec.h"

void
cli_sweep_free(struct cli_sweep *sw)
{
	if (sw == NULL)
		return;
	free(sw->label);
	free(sw->param);
	free(sw->values);
	free(sw->perf);
	for (size_t k = 0; k < sw->nmetrics; k++)
		free(sw->metric_names[k]);
	free(sw->metric_names);
	free(sw->metrics);
	free(sw);
}

struct cli_sweep *
cli_sweep_new(const char *label, const char *param, int task, size_t n)
{
	struct cli_sweep *sw = calloc(1, sizeof *sw);
	size_t nm = fair_metric_count(task);

	if (sw == NULL)
		return NULL;
	sw->label = strdup(label);
	sw->param = strdup(param);
	sw->task = task;
	sw->n = n;
	sw->values = calloc(n, sizeof *sw->values);
	sw->perf = calloc(n, sizeof *sw->perf);
	sw->nmetrics = nm;
	sw->metric_names = calloc(nm, sizeof *sw->metric_names);
	sw->metrics = calloc(n * nm + 1, sizeof *sw->metrics);
	for (size_t k = 0; k < nm; k++)
		sw->metric_names[k] = strdup(fair_metric_info_get(fair_metric_id(task, k))->name);
	return sw;
}

void
cli_sweep_set(struct cli_sweep *sw, size_t i, double val, const fair_report *r)
{
	sw->values[i] = val;
	sw->perf[i] = r->overall.fig[sw->task == FAIR_TASK_REGRESSION ? FAIR_FIG_MSE : FAIR_FIG_ACCURACY];
	for (size_t k = 0; k < sw->nmetrics; k++)
		sw->metrics[i * sw->nmetrics + k] = r->metrics[fair_metric_id(sw->task, k)].value;
	for (int id = 0; id < FAIR_METRIC_COUNT; id++) {
		int same = out_metric_same_as(r, id);
		if (sw->nset == 0)
			sw->same_as[id] = same;
		else if (sw->same_as[id] != same)
			sw->same_as[id] = -1;
	}
	sw->nset++;
}

void
cli_sweep_print(struct cli_ctx *ctx, const struct cli_args *a, const struct cli_sweep *sw)
{
	const char **cols = calloc(sw->nmetrics + 2, sizeof *cols);
	struct out_table *t;
	char title[600];

	cols[0] = sw->param;
	cols[1] = sw->task == FAIR_TASK_REGRESSION ? "mse" : "accuracy";
	for (size_t k = 0; k < sw->nmetrics; k++)
		cols[2 + k] = sw->metric_names[k];
	snprintf(title, sizeof title, "Trade-off sweep of %s over %s:", sw->label, sw->param);
	t = out_table_new(title, sw->nmetrics + 2, cols);
	for (size_t i = 0; i < sw->n; i++) {
		size_t r = out_table_row(t);
		out_table_num(t, r, 0, sw->values[i], 15);
		out_table_num(t, r, 1, sw->perf[i], 4);
		for (size_t k = 0; k < sw->nmetrics; k++)
			out_table_num(t, r, 2 + k, sw->metrics[i * sw->nmetrics + k], 4);
	}
	bool want[FAIR_METRIC_COUNT + 1];
	int same_as[FAIR_METRIC_COUNT];
	if (cli_wide_metrics(ctx, a, sw->task, want) == 0) {
		for (int id = 0; id < FAIR_METRIC_COUNT; id++)
			same_as[id] = sw->nset ? sw->same_as[id] : -1;
		cli_wide_print(ctx, a, t, sw->task, want, same_as);
	}
	out_table_free(t);
	free(cols);
}

struct cli_sweep *
cli_sweep_wasserstein(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, fair_model *base,
                      const double *alpha, size_t n, int on)
{
	char label[300];
	struct cli_sweep *sw;
	enum cmd_retval rv = CMD_OK;

	snprintf(label, sizeof label, "wasserstein(%s)", fair_model_name(base));
	if ((sw = cli_sweep_new(label, "alpha", s->target->task, n)) == NULL) {
		cli_error(ctx, a, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n && rv == CMD_OK; i++) {
		fair_error err;
		char name[200];
		snprintf(name, sizeof name, "%s_alpha%g", fair_model_name(base), alpha[i]);
		if (alpha[i] < 0 || alpha[i] > 1) {
			rv = cli_error(ctx, a, "alpha values must be in [0, 1], not %g", alpha[i]);
			break;
		}
		fair_model *m = fair_model_wasserstein(s, base, NULL, name, alpha[i], 0.25, FAIR_MODEL_JITTER_AUTO,
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
			cli_sweep_set(sw, i, alpha[i], r);
		fair_report_free(r);
		fair_model_unref(m);
	}
	if (rv != CMD_OK) {
		cli_sweep_free(sw);
		return NULL;
	}
	return sw;
}

void
cli_sweep_export(const struct cli_sweep *sw, fair_param *o)
{
	fair_param *names = fair_param_add_list(o, "metric_names");
	fair_param *mx;

	fair_param_add_str(o, "label", sw->label);
	fair_param_add_str(o, "param", sw->param);
	fair_param_add_str(o, "task", sw->task == FAIR_TASK_REGRESSION ? "regression" : "classification");
	fair_param_add_vec(o, "values", sw->values, sw->n);
	fair_param_add_vec(o, "perf", sw->perf, sw->n);
	for (size_t k = 0; k < sw->nmetrics; k++)
		fair_param_add_str(names, NULL, sw->metric_names[k]);
	mx = fair_param_add_vec(o, "metrics", sw->metrics, sw->n * sw->nmetrics);
	if (mx && sw->n * sw->nmetrics > 0) {
		mx->rows = sw->n;
		mx->cols = sw->nmetrics;
	}
}

struct cli_sweep *
cli_sweep_import(const fair_param *o, fair_error *err)
{
	struct cli_sweep *sw = calloc(1, sizeof *sw);
	const char *label, *param, *task;
	const double *v, *pf, *mx;
	size_t nv, np, nm;

	if (sw == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	if ((label = fair_param_str(o, "label", err)) == NULL || (param = fair_param_str(o, "param", err)) == NULL ||
	    (task = fair_param_str(o, "task", err)) == NULL || (v = fair_param_vec(o, "values", &nv, err)) == NULL ||
	    (pf = fair_param_vec(o, "perf", &np, err)) == NULL || (mx = fair_param_vec(o, "metrics", &nm, err)) == NULL ||
	    (sw->metric_names = fair_param_strings(o, "metric_names", &sw->nmetrics, err)) == NULL)
		goto fail;
	/* nm = nv * nmetrics, checked without a product that could wrap */
	if (np != nv || (nv ? nm % nv != 0 || nm / nv != sw->nmetrics : nm != 0)) {
		fair_error_set(err, FAIR_EPARSE, "saved data: the trade-off sweep has %zu values, %zu figures and %zu metric "
		               "values for %zu metrics", nv, np, nm, sw->nmetrics);
		goto fail;
	}
	sw->n = nv;
	sw->task = strcmp(task, "regression") ? FAIR_TASK_CLASSIFICATION : FAIR_TASK_REGRESSION;
	sw->label = strdup(label);
	sw->param = strdup(param);
	sw->values = malloc((nv ? nv : 1) * sizeof *sw->values);
	sw->perf = malloc((nv ? nv : 1) * sizeof *sw->perf);
	sw->metrics = malloc((nm ? nm : 1) * sizeof *sw->metrics);
	if (!sw->label || !sw->param || !sw->values || !sw->perf || !sw->metrics) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto fail;
	}
	memcpy(sw->values, v, nv * sizeof *v);
	memcpy(sw->perf, pf, nv * sizeof *pf);
	memcpy(sw->metrics, mx, nm * sizeof *mx);
	return sw;
fail:
	cli_sweep_free(sw);
	return NULL;
}
