/* cmd-correct.c -- `correct` (post-processing: Wasserstein barycenter,
 * threshold optimiser) and
 * `tradeoff` (sweeps of a fairness dial: FERM eps, Wasserstein alpha). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/audit.h"
#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "fairsh/metric.h"
#include "fairsh/spec.h"

static const struct cmd_opt correct_opts[] = {
	{ "pred", OPT_STRING, NULL, "correct this prediction column instead of a model" },
	{ "score", OPT_STRING, NULL, "threshold, eqodds, caleqodds, roc: correct this score column instead of a model" },
	{ "alpha", OPT_DOUBLE, NULL, "fairness dial in [0,1]: 0 = base model, 1 = fully fair (default 1)" },
	{ "calib", OPT_DOUBLE, NULL, "share of the training rows used for calibration (default 0.25)" },
	{ "jitter", OPT_DOUBLE, NULL, "half-width of the tie-breaking noise (default: 1e-5 x range)" },
	{ "seed", OPT_INT, NULL, "random seed (default: 'set seed')" },
	{ "constraint", OPT_CHOICE, "dp|eo|tpr|fpr|tnr|fnr|eodds", "threshold: the constraint (default dp)" },
	{ "objective", OPT_CHOICE, "accuracy|balanced_accuracy|selection_rate|tpr|tnr",
	  "threshold: what to maximise (default accuracy)" },
	{ "flip", OPT_BOOL, NULL, "threshold: also flipped decisions, score below a cut (default no)" },
	{ "tol", OPT_DOUBLE, NULL, "threshold: the groups' rates may differ by this much (default 0)" },
	{ "grid", OPT_INT, NULL, "threshold: Fairlearn's grid of N+1 values instead of the exact optimum" },
	{ "cost", OPT_CHOICE, "fnr|fpr|weighted", "caleqodds: the cost equalised (default weighted)" },
	{ "metric", OPT_CHOICE, "dp|eo|aod", "roc: the metric bounded (default dp)" },
	{ "lb", OPT_DOUBLE, NULL, "roc: lower bound on the metric (default -0.05)" },
	{ "ub", OPT_DOUBLE, NULL, "roc: upper bound on the metric (default 0.05)" },
	{ "low", OPT_DOUBLE, NULL, "roc: smallest threshold (default 0.01)" },
	{ "high", OPT_DOUBLE, NULL, "roc: largest threshold (default 0.99)" },
	{ "nthresh", OPT_INT, NULL, "roc: thresholds tried (default 100)" },
	{ "nmargin", OPT_INT, NULL, "roc: margins tried per threshold (default 50)" },
	{ NULL, 0, NULL, NULL }
};

/* Options that belong to one correction only. */
static const struct {
	const char *opt, *method;
} owned[] = {
	{ "alpha", "wasserstein" }, { "calib", "wasserstein" }, { "jitter", "wasserstein" }, { "pred", "wasserstein" },
	{ "constraint", "threshold" }, { "objective", "threshold" }, { "flip", "threshold" }, { "tol", "threshold" },
	{ "grid", "threshold" }, { "cost", "caleqodds" }, { "metric", "roc" }, { "lb", "roc" }, { "ub", "roc" },
	{ "low", "roc" }, { "high", "roc" }, { "nthresh", "roc" }, { "nmargin", "roc" },
};

static enum cmd_retval
check_owned(struct cli_ctx *ctx, const struct cli_args *a, const char *method)
{
	for (size_t i = 0; i < sizeof owned / sizeof *owned; i++)
		if (cli_opt(a, owned[i].opt) && strcmp(owned[i].method, method) != 0)
			return cli_error(ctx, a, "%s= belongs to the %s correction, not to %s", owned[i].opt, owned[i].method, method);
	return CMD_OK;
}

/* The model to correct (positional) or score=COLUMN, and the new name. */
static enum cmd_retval
post_target(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, size_t wi, const char *suffix,
            fair_model **base, char *name, size_t size)
{
	const char *score = cli_opt(a, "score");

	*base = NULL;
	if (score != NULL && wi != 0)
		return cli_error(ctx, a, "give either a model or score=COLUMN, not both");
	if (score == NULL && wi != 1)
		return cli_error(ctx, a, "say which model to correct: correct MODEL with %s ... (or score=COLUMN)", suffix);
	if (score == NULL && (*base = cli_model(ctx, a, s, a->pos[0])) == NULL)
		return CMD_ERROR;
	if (a->as)
		snprintf(name, size, "%s", a->as);
	else if (score)
		return cli_error(ctx, a, "give the corrected model a name: correct score=%s with %s as NAME", score,
		                 a->pos[wi + 1]);
	else
		snprintf(name, size, "%s_%s", fair_model_name(*base), suffix);
	return CMD_OK;
}

/* `correct MODEL|score=COL with threshold [constraint= objective= flip= tol= grid= seed=] [as NAME]`. */
static enum cmd_retval
correct_threshold(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, size_t wi)
{
	const char *cs = cli_opt(a, "constraint"), *os = cli_opt(a, "objective");
	fair_model *base, *m;
	fair_error err;
	char name[200];
	size_t seed, grid;
	fair_thresh_opts o;

	fair_thresh_opts_init(&o);
	if (check_owned(ctx, a, "threshold"))
		return CMD_ERROR;
	if ((cs && fair_constraint_parse(cs, &o.constraint, &err)) || (os && fair_objective_parse(os, &o.objective, &err)))
		return cli_ferror(ctx, a, &err);
	if (cli_opt_size(ctx, a, "seed", ctx->set.seed, 0, 4294967295UL, &seed) ||
	    cli_opt_bool(ctx, a, "flip", false, &o.flip) || cli_opt_double(ctx, a, "tol", 0, 0, 1, &o.tol) ||
	    cli_opt_size(ctx, a, "grid", 0, 0, 10000000, &grid))
		return CMD_ERROR;
	o.grid = grid;
	if (post_target(ctx, a, s, wi, "t", &base, name, sizeof name))
		return CMD_ERROR;
	m = fair_model_threshold_opt(s, base, cli_opt(a, "score"), name, &o, (unsigned long)seed, &err);
	if (m == NULL)
		return cli_ferror(ctx, a, &err);
	return cli_install_model(ctx, a, s, m);
}

/* `correct MODEL|score=COL with eqodds|caleqodds|roc [options] [as NAME]`. */
static enum cmd_retval
correct_postproc(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, size_t wi, int method)
{
	static const char *const suffix[] = { "eqodds", "caleqodds", "roc" };
	const char *c = cli_opt(a, "cost"), *mt = cli_opt(a, "metric");
	fair_postproc_opts o;
	fair_model *base, *m;
	fair_error err;
	char name[200];
	size_t seed;

	fair_postproc_opts_init(&o);
	o.method = method;
	if (check_owned(ctx, a, suffix[method]))
		return CMD_ERROR;
	if (c)
		o.cost = !strcmp(c, "fnr") ? FAIR_POSTPROC_COST_FNR : !strcmp(c, "fpr") ? FAIR_POSTPROC_COST_FPR
		                                                                          : FAIR_POSTPROC_COST_WEIGHTED;
	if (mt)
		o.roc_metric = !strcmp(mt, "dp") ? FAIR_CONSTRAINT_DP : !strcmp(mt, "eo") ? FAIR_CONSTRAINT_EO
		                                                                          : FAIR_CONSTRAINT_EODDS;
	if (cli_opt_size(ctx, a, "seed", ctx->set.seed, 0, 4294967295UL, &seed) ||
	    cli_opt_double(ctx, a, "lb", o.lb, -1, 1, &o.lb) || cli_opt_double(ctx, a, "ub", o.ub, -1, 1, &o.ub) ||
	    cli_opt_double(ctx, a, "low", o.low, 0, 1, &o.low) || cli_opt_double(ctx, a, "high", o.high, 0, 1, &o.high) ||
	    cli_opt_size(ctx, a, "nthresh", o.nthresh, 1, 100000, &o.nthresh) ||
	    cli_opt_size(ctx, a, "nmargin", o.nmargin, 1, 100000, &o.nmargin))
		return CMD_ERROR;
	if (post_target(ctx, a, s, wi, suffix[method], &base, name, sizeof name))
		return CMD_ERROR;
	m = fair_model_postproc(s, base, cli_opt(a, "score"), name, &o, (unsigned long)seed, &err);
	if (m == NULL)
		return cli_ferror(ctx, a, &err);
	return cli_install_model(ctx, a, s, m);
}

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
	if (wi + 2 != a->npos || wi > 1)
		return cli_error(ctx, a, "usage: correct MODEL with METHOD [as NAME] [options] | correct pred=COLUMN with wasserstein as NAME"
		                 " | correct score=COLUMN with threshold|eqodds|caleqodds|roc as NAME");
	{
		const char *meth = a->pos[wi + 1];
		if (!strcmp(meth, "threshold"))
			return correct_threshold(ctx, a, s, wi);
		if (!strcmp(meth, "eqodds"))
			return correct_postproc(ctx, a, s, wi, FAIR_POSTPROC_EQODDS);
		if (!strcmp(meth, "caleqodds"))
			return correct_postproc(ctx, a, s, wi, FAIR_POSTPROC_CALEQODDS);
		if (!strcmp(meth, "roc"))
			return correct_postproc(ctx, a, s, wi, FAIR_POSTPROC_ROC);
		if (strcmp(meth, "wasserstein") != 0)
			return cli_error(ctx, a, "unknown correction '%s' (corrections: wasserstein, threshold, eqodds, caleqodds, roc)", meth);
	}
	if ((pred == NULL) != (wi == 1))
		return cli_error(ctx, a, "usage: correct MODEL with wasserstein [as NAME] [alpha=A] ... | correct pred=COLUMN with wasserstein as NAME");
	if (cli_opt(a, "score"))
		return cli_error(ctx, a, "the Wasserstein correction takes pred=COLUMN, not score=");
	if (check_owned(ctx, a, "wasserstein"))
		return CMD_ERROR;
	if (cli_opt_double(ctx, a, "alpha", 1.0, 0, 1, &alpha) ||
	    cli_opt_double(ctx, a, "calib", 0.25, 0.01, 0.9, &calib) ||
	    cli_opt_double(ctx, a, "jitter", FAIR_MODEL_JITTER_AUTO, -1, 1e12, &jitter) ||
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
	return cli_install_model(ctx, a, s, m);
}

const struct cmd_entry cmd_correct_entry = {
	.name = "correct", .min_args = 2, .max_args = 3, .opts = correct_opts, .flags = CMD_NEEDS_SESSION | CMD_AS,
	.usage = "MODEL with wasserstein [as NAME] [alpha=A] [calib=F] [jitter=S] [seed=N] | pred=COLUMN with wasserstein as NAME"
	         " | MODEL|score=COLUMN with threshold [as NAME] [constraint=dp|eo|fpr|tnr|fnr|eodds] [objective=O] [flip=yes]"
	         " [tol=T] [grid=N] [seed=N] | MODEL|score=COLUMN with eqodds|caleqodds|roc [as NAME] [cost=fnr|fpr|weighted]"
	         " [metric=dp|eo|aod] [lb=] [ub=] [low=] [high=] [nthresh=] [nmargin=] [seed=N]",
	.help = "post-process a model (or a prediction or score column) for fairness: Wasserstein barycenter, threshold "
	        "optimiser, equalized-odds, calibrated equalized-odds or reject-option post-processing",
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

/* A new sweep record for @n points of @task. */
static struct cli_sweep *
sweep_new(const char *label, const char *param, int task, size_t n)
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

static void
sweep_set(struct cli_sweep *sw, size_t i, double val, const fair_report *r)
{
	sw->values[i] = val;
	sw->perf[i] = r->overall.fig[sw->task == FAIR_TASK_REGRESSION ? FAIR_FIG_MSE : FAIR_FIG_ACCURACY];
	for (size_t k = 0; k < sw->nmetrics; k++)
		sw->metrics[i * sw->nmetrics + k] = r->metrics[fair_metric_id(sw->task, k)].value;
}

/* Prints the sweep as a table (one row per parameter value). */
static void
sweep_print(struct cli_ctx *ctx, const struct cli_args *a, const struct cli_sweep *sw)
{
	const char **cols = calloc(sw->nmetrics + 2, sizeof *cols);
	struct out_table *t;

	cols[0] = sw->param;
	cols[1] = sw->task == FAIR_TASK_REGRESSION ? "mse" : "accuracy";
	for (size_t k = 0; k < sw->nmetrics; k++)
		cols[2 + k] = sw->metric_names[k];
	t = out_table_new(NULL, sw->nmetrics + 2, cols);
	for (size_t i = 0; i < sw->n; i++) {
		size_t r = out_table_row(t);
		out_table_num(t, r, 0, sw->values[i], 6);
		out_table_num(t, r, 1, sw->perf[i], 4);
		for (size_t k = 0; k < sw->nmetrics; k++)
			out_table_num(t, r, 2 + k, sw->metrics[i * sw->nmetrics + k], 4);
	}
	if (a->format == OUT_TABLE)
		printf("Trade-off sweep of %s over %s:\n", sw->label, sw->param);
	cli_print_table(ctx, a, t);
	out_table_free(t);
	free(cols);
}

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
		if (!strcmp(a->key[i], "on"))
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
	if ((v = parse_values(list, &nv)) == NULL || nv == 0) {
		rv = cli_error(ctx, a, "%s must be a comma-separated list of numbers, not '%s'", param, list);
		goto out;
	}
	fair_buf_puts(&label, a->pos[0]);
	for (size_t i = 0; i < n; i++)
		fair_buf_printf(&label, " %s=%s", keys[i], vals[i]);
	sw = sweep_new(label.buf, param, s->target->task, nv);
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
		if (strstr(fair_train_spec_note(fair_job_arg(j)), "collapsed") != NULL)
			fair_buf_printf(&collapsed, "%s%g", collapsed.len ? ", " : "", v[i]);
		struct cli_audit_req req;
		memset(&req, 0, sizeof req);
		req.model = m;
		req.on = on;
		fair_report *r = m ? cli_audit_run(ctx, a, s, &req, NULL, NULL, NULL) : NULL;
		if (r == NULL)
			rv = CMD_ERROR;
		else
			sweep_set(sw, i, v[i], r);
		fair_report_free(r);
		fair_session_remove_model(s, name, NULL);
	}
	if (rv == CMD_OK) {
		sweep_print(ctx, a, sw);
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
	sw = sweep_new(label, "point", s->target->task, n);
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
			sweep_set(sw, i, (double)i, r);
		fair_report_free(r);
		if (rv == CMD_OK && keep) {
			if (cli_install_model(ctx, a, s, m) != CMD_OK)
				rv = CMD_ERROR;
		} else {
			fair_model_unref(m);
		}
	}
	if (rv == CMD_OK) {
		sweep_print(ctx, a, sw);
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
	struct cli_sweep *sw;

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
		return cli_error(ctx, a, "usage: tradeoff MODEL with wasserstein alpha=LIST | tradeoff LEARNER [options] eps=LIST");
	vals = parse_values(alist, &nv);
	if (vals == NULL || nv == 0)
		return cli_error(ctx, a, "alpha must be a comma-separated list of numbers, not '%s'", alist);
	fair_model *base = cli_model(ctx, a, s, a->pos[0]);
	if (base == NULL) {
		free(vals);
		return CMD_ERROR;
	}
	char label[300];
	snprintf(label, sizeof label, "wasserstein(%s)", fair_model_name(base));
	sw = sweep_new(label, "alpha", s->target->task, nv);
	for (size_t i = 0; i < nv && rv == CMD_OK; i++) {
		fair_error err;
		char name[200];
		snprintf(name, sizeof name, "%s_alpha%g", fair_model_name(base), vals[i]);
		if (vals[i] < 0 || vals[i] > 1) {
			rv = cli_error(ctx, a, "alpha values must be in [0, 1], not %g", vals[i]);
			break;
		}
		fair_model *m = fair_model_wasserstein(s, base, NULL, name, vals[i], 0.25, FAIR_MODEL_JITTER_AUTO,
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
			sweep_set(sw, i, vals[i], r);
		fair_report_free(r);
		fair_model_unref(m);
	}
	if (rv == CMD_OK) {
		sweep_print(ctx, a, sw);
		cli_sweep_free(ctx->sweep);
		ctx->sweep = sw;
	} else {
		cli_sweep_free(sw);
	}
	free(vals);
	return rv;
}

static const struct cmd_opt tradeoff_opts[] = {
	{ "alpha", OPT_LIST, NULL, "Wasserstein dial values, e.g. 0,0.25,0.5,0.75,1" },
	{ "keep", OPT_BOOL, NULL, "with grid: keep every grid point as a model MODEL_gI" },
	{ "on", OPT_CHOICE, "test|train|all|calib", "which rows to audit" },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_tradeoff_entry = {
	.name = "tradeoff", .min_args = 1, .max_args = 3, .opts = tradeoff_opts,
	.flags = CMD_NEEDS_SESSION | CMD_FORMAT | CMD_RAW_OPTS,
	.usage = "MODEL with wasserstein alpha=LIST | MODEL with grid [keep=yes] | LEARNER [train options] eps=LIST"
	         " | fairrep lambda=LIST [on=...] [format=...]",
	.help = "sweep a fairness dial (Wasserstein alpha, FERM eps, fairrep lambda, a grid search's points): "
	        "accuracy against every fairness metric",
	.exec = cmd_tradeoff_exec,
};
