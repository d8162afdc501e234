/* cmd-save.c -- `save FILE` and `open FILE`: the whole workbench (settings,
 * sessions with their data source, set-up, split and trained models, the
 * last trade-off sweep) as one JSON file (format in src/json/session.h).
 * The sessions go to and from the tree in the core (fair_workbench_export
 * and _import, src/core/workbench/session-save.c); the settings and the
 * sweep are the shell's, here. `open` builds a complete new workbench and
 * swaps it in only when everything checked out. */
/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/jobs.h"
#include "fairsh/buf.h"
#include "fairsh/metric.h"
#include "fairsh/model.h"
#include "fairsh/param.h"
#include "json/session.h"

#define SAVE_FORMAT  "fairsh-workbench"
#define SAVE_VERSION 1

/* The last trade-off sweep (`tradeoff`, drawn by `plot tradeoff`): label,
 * parameter, task, values, performance and the metrics (n x nmetrics). */
static void
sweep_export(const struct cli_sweep *sw, fair_param *o)
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

/* The sweep saved by sweep_export; NULL with @err. */
static struct cli_sweep *
sweep_import(const fair_param *o, fair_error *err)
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
	if (np != nv || nm != nv * sw->nmetrics) {
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

static enum cmd_retval
cmd_save_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *path = a->pos[0];
	fair_param *root = fair_param_new(FAIR_PARAM_OBJECT, NULL), *set;
	fair_error err;
	cJSON *j = NULL;
	char *text = NULL;
	size_t nmodels = 0;
	enum cmd_retval rv = CMD_ERROR;

	fair_error_clear(&err);
	if (root == NULL)
		return cli_error(ctx, a, "out of memory");
	if (cli_wait(ctx, NULL) != CMD_OK)   /* models still training are part of the state */
		goto out;
	fair_param_add_str(root, "format", SAVE_FORMAT);
	fair_param_add_int(root, "version", SAVE_VERSION);
	fair_param_add_str(root, "written_by", PACKAGE_STRING);
	set = fair_param_add_object(root, "settings");
	fair_param_add_int(set, "seed", (int64_t)ctx->set.seed);
	fair_param_add_int(set, "format", ctx->set.format);
	fair_param_add_str(set, "convention", fair_convention_name(ctx->set.convention));
	fair_param_add_num(set, "threshold", ctx->set.threshold);
	if (fair_workbench_export(ctx->wb, root, &nmodels, &err)) {
		cli_ferror(ctx, a, &err);
		goto out;
	}
	if (ctx->sweep)
		sweep_export(ctx->sweep, fair_param_add_object(root, "sweep"));
	if (fair_param_failed(root) || (j = json_from_param(root)) == NULL || (text = cJSON_Print(j)) == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	{
		size_t len = strlen(text);
		text[len] = '\0';
		fair_buf b = FAIR_BUF_INIT;
		fair_buf_add(&b, text, len);
		fair_buf_putc(&b, '\n');
		int st = json_write_atomic(path, b.buf, b.len, &err);
		fair_buf_release(&b);
		if (st) {
			cli_ferror(ctx, a, &err);
			goto out;
		}
	}
	cli_info(ctx, "saved %zu session%s and %zu model%s to '%s'", ctx->wb->n, ctx->wb->n == 1 ? "" : "s",
	         nmodels, nmodels == 1 ? "" : "s", path);
	rv = CMD_OK;
out:
	if (text)
		cJSON_free(text);
	cJSON_Delete(j);
	fair_param_free(root);
	return rv;
}

const struct cmd_entry cmd_save_entry = {
	.name = "save", .min_args = 1, .max_args = 1,
	.usage = "FILE",
	.help = "save every session (data source, set-up, split, models) and the settings to a file",
	.exec = cmd_save_exec,
};

/* ---- open -------------------------------------------------------------------- */

static enum cmd_retval
cmd_open_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *path = a->pos[0], *fmt, *conv, *cur;
	fair_error err;
	cJSON *j;
	fair_param *root = NULL;
	const fair_param *set;
	fair_workbench *wb = NULL;
	struct cli_sweep *sweep = NULL;
	int64_t version, seed, format;
	double thr;
	int convention;
	size_t nmodels = 0;
	enum cmd_retval rv = CMD_ERROR;

	fair_error_clear(&err);
	for (size_t i = 0; i < ctx->njobs; i++)
		if (fair_job_state(ctx->jobs[i]) == FAIR_JOB_RUNNING)
			return cli_error(ctx, a, "training jobs are running; 'wait' for them or 'cancel' them before opening '%s'", path);
	if ((j = json_read_file(path, &err)) == NULL) {
		if (err.code == FAIR_EPARSE)
			return cli_error(ctx, a, "%s; nothing was loaded (save again, or use a backup of the file)", err.msg);
		return cli_ferror(ctx, a, &err);
	}
	root = json_to_param(j, NULL, &err);
	cJSON_Delete(j);
	if (root == NULL) {
		cli_ferror(ctx, a, &err);
		goto out;
	}
	if ((fmt = fair_param_str(root, "format", &err)) == NULL || strcmp(fmt, SAVE_FORMAT) != 0 ||
	    fair_param_int(root, "version", &version, &err)) {
		cli_error(ctx, a, "'%s' is not a fairsh session file (no \"format\": \"%s\" with a version)", path, SAVE_FORMAT);
		goto out;
	}
	if (version > SAVE_VERSION) {
		const char *by = fair_param_get(root, "written_by") ? fair_param_str(root, "written_by", NULL) : NULL;
		cli_error(ctx, a, "'%s' has format version %" PRId64 " (written by %s); this fairsh (%s) reads version %d "
		          "and older; open it with a newer fairsh", path, version, by ? by : "a newer fairsh",
		          PACKAGE_STRING, SAVE_VERSION);
		goto out;
	}
	if (version < 1) {
		cli_error(ctx, a, "'%s' has an invalid format version %" PRId64, path, version);
		goto out;
	}
	if ((set = fair_param_object(root, "settings", &err)) == NULL || fair_param_int(set, "seed", &seed, &err) ||
	    fair_param_int(set, "format", &format, &err) || fair_param_num(set, "threshold", &thr, &err) ||
	    (conv = fair_param_str(set, "convention", &err)) == NULL || fair_convention_parse(conv, &convention, &err) ||
	    fair_param_list(root, "sessions", &err) == NULL) {
		cli_error(ctx, a, "'%s': %s; nothing was loaded", path, err.msg);
		goto out;
	}
	if ((wb = fair_workbench_import(root, path, ctx->set.memory_limit, &nmodels, &err)) == NULL) {
		cli_error(ctx, a, "%s; nothing was loaded", err.msg);
		goto out;
	}
	cur = fair_param_get(root, "current") ? fair_param_str(root, "current", NULL) : NULL;
	if (fair_param_get(root, "sweep")) {
		const fair_param *so = fair_param_object(root, "sweep", &err);
		if (so == NULL || (sweep = sweep_import(so, &err)) == NULL) {
			cli_error(ctx, a, "'%s': %s; nothing was loaded", path, err.msg);
			goto out;
		}
	}
	/* everything checked out: swap the workbench in */
	fair_workbench_free(ctx->wb);
	ctx->wb = wb;
	wb = NULL;
	ctx->set.seed = (unsigned long)seed;
	ctx->set.format = format >= 0 && format <= OUT_MARKDOWN ? (int)format : OUT_TABLE;
	ctx->set.convention = convention;
	ctx->set.threshold = thr;
	cli_sweep_free(ctx->sweep);   /* the file's sweep, or none */
	ctx->sweep = sweep;
	sweep = NULL;
	cli_info(ctx, "opened '%s': %zu session%s, %zu model%s%s%s", path, ctx->wb->n, ctx->wb->n == 1 ? "" : "s",
	         nmodels, nmodels == 1 ? "" : "s", cur ? "; current session " : "", cur ? cur : "");
	rv = CMD_OK;
out:
	cli_sweep_free(sweep);
	fair_workbench_free(wb);
	fair_param_free(root);
	return rv;
}

const struct cmd_entry cmd_open_entry = {
	.name = "open", .min_args = 1, .max_args = 1,
	.usage = "FILE",
	.help = "replace every session with those saved in FILE (checks each dataset's checksum)",
	.exec = cmd_open_exec,
};
