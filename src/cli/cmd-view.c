/* cmd-view.c -- `view data|audit|jobs|thresholds`: gathers the core data
 * (frame, audit reports, jobs, per-group score sweep), hands it to the
 * full-screen views of src/tui and acts on the code they return. Without a
 * terminal on stdin and stdout it prints the same content as plain tables. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/audit.h"
#include "cli/cli.h"
#include "cli/result.h"
#include "cli/commands.h"
#include "cli/complete.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "cli/repl.h"
#include "fairsh/spec.h"
#include "fairsh/stats.h"
#include "tui/tui.h"

static const struct cmd_opt view_opts[] = {
	CMD_OPT_ON,
	{ "ci", OPT_INT, NULL, "B", "audit: bootstrap resamples for confidence intervals (0 = none)" },
	{ "by", OPT_STRING, NULL, "COL[,COL][/COL...]", "audit: more sensitive attributes to switch between with s, e.g. race/sex,race" },
	{ "rows", OPT_INT, NULL, NULL, "data without a terminal: print at most N rows (default: all)" },
	{ "thresholds", OPT_STRING, NULL, "T1,T2,...", "thresholds: starting thresholds, one per group or one for all (T1,T2,...)" },
	{ "save", OPT_BOOL, NULL, NULL, "thresholds without a terminal: save them as a model" },
	{ NULL, 0, NULL, NULL, NULL }
};

/* The full-screen views need a terminal on both ends. */
static bool
use_tui(struct cli_ctx *ctx)
{
	return ctx->tty_out && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

/* Runs a view: the readline handler is off (the REPL reinstalls it when the
 * command returns), a pending Ctrl-C is forgotten. */
static void
before_view(struct tui_opts *o)
{
	cli_repl_suspend();
	cli_interrupted = 0;
	o->interrupted = &cli_interrupted;
}

static void
after_view(void)
{
	cli_interrupted = 0;
}

/* ---- data ---- */

static enum cmd_retval
view_data(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s;
	struct tui_data_src src;
	struct tui_opts o;
	fair_error err;
	char title[512];

	if (a->npos > 2)
		return cli_usage(ctx, a, "data", NULL);
	if (a->npos == 2) {
		if ((s = fair_workbench_find(ctx->wb, a->pos[1])) == NULL)
			return cli_error(ctx, a, "no session named '%s' (see 'sessions')", a->pos[1]);
	} else if ((s = cli_session(ctx, a)) == NULL) {
		return CMD_ERROR;
	}
	if (!use_tui(ctx)) {
		size_t limit;
		struct out_table *t;
		if (cli_opt_size(ctx, a, "rows", (size_t)-1, 0, (size_t)1e12, &limit))
			return CMD_ERROR;
		snprintf(title, sizeof title, "session %s: %zu rows x %zu columns", s->name, fair_session_nkept(s),
		         fair_frame_ncols(s->frame));
		if ((t = cli_rows_table(s, limit, a->format == OUT_TABLE ? title : NULL)) == NULL)
			return cli_error(ctx, a, "out of memory");
		cli_print_table(ctx, a, t);
		out_table_free(t);
		return CMD_OK;
	}
	memset(&src, 0, sizeof src);
	src.frame = s->frame;
	src.keep = s->keep;
	if (s->groups) {
		src.group = s->groups->group;
		src.K = s->groups->K;
		src.labels = (const char *const *)s->groups->labels;
	}
	snprintf(title, sizeof title, "session %s (%s)", s->name, s->source ? s->source : "?");
	src.title = title;
	before_view(&o);
	int rv = tui_view_data(&src, &o, &err);
	after_view();
	if (rv == TUI_FAILED)
		return cli_ferror(ctx, a, &err);
	return CMD_OK;
}

/* ---- audit ---- */

static enum cmd_retval
view_audit(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	size_t n = a->npos - 1, B;
	struct tui_audit_item *items = NULL;
	fair_report **reps = NULL;
	char (*titles)[512] = NULL;
	enum cmd_retval rv = CMD_ERROR;
	struct cli_audit_req req;
	struct tui_opts o;
	fair_error err;

	if (s == NULL)
		return CMD_ERROR;
	if (n == 0)
		return cli_usage(ctx, a, "audit", NULL);
	if (!use_tui(ctx)) {
		/* the audit tables of each model, as `audit MODEL` prints them */
		for (size_t i = 0; i < n; i++) {
			struct cli_args one = *a;
			one.npos = 1;
			one.pos = &a->pos[1 + i];
			if (i > 0 && a->format == OUT_TABLE)
				cli_printf(ctx, "\n");
			if (cmd_audit_entry.exec(ctx, &one) != CMD_OK)
				return CMD_ERROR;
		}
		return CMD_OK;
	}
	memset(&req, 0, sizeof req);
	if (cli_parse_on(ctx, a, s, &req.on) || cli_opt_size(ctx, a, "ci", 0, 0, 100000, &B))
		return CMD_ERROR;
	if (B == 1)
		return cli_error(ctx, a, "ci must be 0 (none) or at least 2 resamples");
	req.bootstrap = B;
	/* the session's attribute, then those of by=A/B,C (each a COL[,COL]) */
	const char *by = cli_opt(a, "by");
	size_t nattr = 1, nby = 0;
	char **specs = NULL, **byv = by ? cli_split_list(by, '/', &nby) : NULL;
	nattr += nby;
	specs = calloc(nattr, sizeof *specs);
	size_t nm = n;      /* models; n becomes the number of items */
	n = nm * nattr;
	items = calloc(n, sizeof *items);
	reps = calloc(n, sizeof *reps);
	titles = calloc(n, sizeof *titles);
	if (items == NULL || reps == NULL || titles == NULL || specs == NULL || (by && byv == NULL)) {
		cli_error(ctx, a, "out of memory");
		free(specs);
		cli_list_free(byv, nby);
		goto out;
	}
	specs[0] = strdup(s->sensitive_spec ? s->sensitive_spec : "?");
	for (size_t k = 1; k < nattr; k++)
		specs[k] = byv[k - 1];
	free(byv);
	fair_groups *saved = s->groups;
	for (size_t k = 0; k < nattr && rv == CMD_ERROR; k++) {
		fair_groups *g = NULL;
		if (k > 0) {
			size_t nc;
			char **cols = cli_split_list(specs[k], ',', &nc);
			int st = cols ? fair_groups_build(s->frame, (const char *const *)cols, nc, NAN, NULL, &g, &err)
			              : fair_error_set(&err, FAIR_ENOMEM, "out of memory");
			cli_list_free(cols, nc);
			if (st) {
				cli_ferror(ctx, a, &err);
				break;
			}
			s->groups = g;
			fair_session_changed(s);
		}
		bool ok = true;
		for (size_t i = 0; i < nm && ok; i++) {
			size_t j = k * nm + i;
			if ((req.model = cli_model(ctx, a, s, a->pos[1 + i])) == NULL ||
			    (reps[j] = cli_audit_run(ctx, a, s, &req, NULL, NULL, NULL)) == NULL) {
				ok = false;
				break;
			}
			snprintf(titles[j], sizeof titles[j], "%s rows (%zu), target %s, groups by %s", cli_on_name(req.on),
			         reps[j]->rows_used, s->target->column, specs[k]);
			items[j].attr = k;
			items[j].name = fair_model_name(req.model);
			items[j].title = titles[j];
			items[j].r = reps[j];
		}
		if (s->groups != saved) {
			s->groups = saved;
			fair_session_changed(s);
		}
		fair_groups_free(g);
		if (!ok)
			break;
		if (k + 1 == nattr)
			rv = CMD_OK;
	}
	for (size_t k = 0; k < nattr; k++)
		free(specs[k]);
	free(specs);
	if (rv != CMD_OK)
		goto out;
	rv = CMD_ERROR;
	before_view(&o);
	int r = tui_view_audit(items, n, &o, &err);
	after_view();
	rv = r == TUI_FAILED ? cli_ferror(ctx, a, &err) : CMD_OK;
out:
	for (size_t i = 0; reps && i < n; i++)
		fair_report_free(reps[i]);
	free(reps);
	free(items);
	free(titles);
	return rv;
}

/* ---- jobs ---- */

static enum cmd_retval
view_jobs(struct cli_ctx *ctx, const struct cli_args *a)
{
	struct tui_opts o;
	fair_error err;

	if (a->npos != 1)
		return cli_usage(ctx, a, "jobs", NULL);
	if (!use_tui(ctx))
		return cmd_jobs_entry.exec(ctx, a);
	before_view(&o);
	int r = tui_view_jobs(ctx->jobs, ctx->njobs, &o, &err);
	after_view();
	if (r == TUI_FAILED)
		return cli_ferror(ctx, a, &err);
	cli_reap_jobs(ctx, false);
	return CMD_OK;
}

/* ---- thresholds ---- */

/* Starting thresholds: thresholds=T or T1,...,TK, else the model's cut. */
static int
start_thresholds(struct cli_ctx *ctx, const struct cli_args *a, fair_model *m, size_t K, double *thr)
{
	const char *v = cli_opt(a, "thresholds");
	double cut = fair_model_score_is_prob(m) ? ctx->set.threshold : fair_model_threshold(m), *x;
	size_t k = 0;
	bool ok;

	for (size_t g = 0; g < K; g++)
		thr[g] = cut;
	if (v == NULL)
		return 0;
	ok = (x = cli_parse_numbers(v, &k)) != NULL && k <= K;
	for (size_t i = 0; ok && i < k; i++)
		ok = !isnan(x[i]);
	if (!ok) {
		free(x);
		cli_error(ctx, a, "thresholds must be one number or %zu comma-separated numbers (one per group), not '%s'",
		          K, v);
		return -1;
	}
	for (size_t g = 0; g < K; g++)
		thr[g] = k == 1 ? x[0] : g < k ? x[g] : thr[g];
	free(x);
	if (k != 1 && k != K) {
		cli_error(ctx, a, "thresholds: %zu values for %zu groups", k, K);
		return -1;
	}
	return 0;
}

/* The interval of the largest-minus-smallest gap of a rate x / n over the
 * groups, as audit gives it (Newcombe for that pair, at the worst pair's
 * critical value with more than two groups); *gap the gap. */
static void
gap_ci(size_t K, const double *x, const double *n, double level, unsigned long seed, double *gap,
       double *lo, double *hi)
{
	long ga = -1, gb = -1;
	size_t k = 0;
	*gap = *lo = *hi = NAN;
	for (size_t g = 0; g < K; g++) {
		if (!(n[g] > 0))
			continue;
		k++;
		if (ga < 0 || x[g] / n[g] > x[ga] / n[ga])
			ga = (long)g;
		if (gb < 0 || x[g] / n[g] < x[gb] / n[gb])
			gb = (long)g;
	}
	if (k < 2)
		return;
	double z = k > 2 ? fair_maxpair_z(K, x, n, false, level, 1000, seed, NULL, NULL) : fair_stat_z(level);
	*gap = x[ga] / n[ga] - x[gb] / n[gb];
	fair_newcombe_ci(x[ga], n[ga], x[gb], n[gb], z, lo, hi);
}

static void
print_thresholds(struct cli_ctx *ctx, const struct cli_args *a, const fair_curves *t,
                 const char *const *labels, const double *thr)
{
	static const char *const cols[] = { "group", "n", "threshold", "selected", "selection_rate", "tpr", "fpr", "accuracy" };
	static const char *const mcols[] = { "metric", "value", "verdict", "ci_low", "ci_high" };
	static const int ids[] = { FAIR_M_DP_DIFF, FAIR_M_EOPP_DIFF, FAIR_M_EODDS_DIFF };
	fair_curve_point *f = calloc(t->K, sizeof *f);
	fair_curve_gaps fr;
	struct out_table *g, *m;
	size_t total = 0;

	if (f == NULL)
		return;
	fair_curves_all(t, thr, f, &fr);
	/* CSV: one table, its first column naming the part (groups, metrics) */
	g = out_table_new(a->format == OUT_TABLE || a->format == OUT_MARKDOWN ? "Per-group thresholds (selected: score > threshold)"
	                  : a->format == OUT_CSV ? "groups" : NULL, 8, cols);
	for (size_t k = 0; k < t->K; k++) {
		size_t r = out_table_row(g);
		out_table_str(g, r, 0, labels[k]);
		out_table_int(g, r, 1, (long long)f[k].n);
		out_table_num(g, r, 2, thr[k], 6);
		out_table_int(g, r, 3, (long long)f[k].sel);
		out_table_num(g, r, 4, f[k].sel_rate, 4);
		out_table_num(g, r, 5, f[k].tpr, 4);
		out_table_num(g, r, 6, f[k].fpr, 4);
		out_table_num(g, r, 7, f[k].acc, 4);
		total += f[k].n;
	}
	size_t r = out_table_row(g);
	out_table_str(g, r, 0, "overall");
	out_table_int(g, r, 1, (long long)total);
	for (size_t c = 2; c < 7; c++)
		out_table_null(g, r, c, "");
	out_table_num(g, r, 7, fr.acc, 4);
	m = out_table_new(a->format == OUT_TABLE || a->format == OUT_MARKDOWN ? "\nFairness (largest minus smallest over the groups, with 95% intervals):"
	                  : a->format == OUT_CSV ? "metrics" : NULL, 5, mcols);
	/* 95% intervals of the gaps, as audit computes them; the verdict from
	 * the interval (inconclusive when it straddles the limit) */
	double *x = calloc(4 * t->K + 1, sizeof *x), *nn = x + t->K, *xf = nn + t->K, *nf = xf + t->K;
	for (size_t k = 0; k < 3; k++) {
		double v = k == 0 ? fr.dp : k == 1 ? fr.eo : fr.eodds, gap = v, lo = NAN, hi = NAN;
		for (size_t q = 0; x != NULL && q < t->K; q++) {
			x[q] = (double)(k == 0 ? f[q].sel : f[q].tp);
			nn[q] = (double)(k == 0 ? f[q].n : f[q].pos);
			xf[q] = (double)f[q].fp;
			nf[q] = (double)f[q].neg;
		}
		if (x != NULL && k < 2) {
			gap_ci(t->K, x, nn, 0.95, ctx->set.seed, &gap, &lo, &hi);
		} else if (x != NULL) {
			/* the larger of the TPR and FPR gaps, each at sqrt(0.95) */
			double g2, lo2, hi2;
			gap_ci(t->K, x, nn, sqrt(0.95), ctx->set.seed, &gap, &lo, &hi);
			gap_ci(t->K, xf, nf, sqrt(0.95), ctx->set.seed, &g2, &lo2, &hi2);
			if (isnan(gap) || g2 > gap) {
				lo = lo2;
				hi = hi2;
			}
		}
		int vd = isnan(lo) ? fair_metric_verdict(ids[k], v) : fair_metric_verdict_ci(ids[k], lo, hi);
		r = out_table_row(m);
		out_table_str(m, r, 0, fair_metric_info_get(ids[k])->name);
		out_table_num(m, r, 1, v, 4);
		out_table_str(m, r, 2, vd == FAIR_VERDICT_PASS ? "ok" : vd == FAIR_VERDICT_FAIL ? "beyond threshold"
		                       : vd == FAIR_VERDICT_INCONCLUSIVE ? "inconclusive" : "n/a");
		out_table_num(m, r, 3, lo, 4);
		out_table_num(m, r, 4, hi, 4);
	}
	free(x);
	cli_print_tables(ctx, a, (struct out_table *[]){ g, m }, 2);
	free(f);
}

static enum cmd_retval
save_thresholds(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, fair_model *base,
                const double *thr)
{
	char name[300];
	fair_error err;
	fair_model *m;

	cli_derived_name(a, base, "_thr", name, sizeof name);
	m = fair_model_thresholds(base, name, thr, s->groups->K, (const char *const *)s->groups->labels, &err);
	if (m == NULL)
		return cli_ferror(ctx, a, &err);
	return cli_install_model(ctx, a, s, m);
}

static enum cmd_retval
view_thresholds(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	fair_model *m;
	size_t *rows = NULL, nrows = 0;
	double *score = NULL, *y = NULL, *thr = NULL;
	int32_t *grp = NULL;
	fair_curves *t = NULL;
	enum cmd_retval rv = CMD_ERROR;
	struct tui_opts o;
	fair_error err;
	bool save;
	int on;

	if (s == NULL)
		return CMD_ERROR;
	if (a->npos != 2)
		return cli_usage(ctx, a, "thresholds", NULL);
	if (s->target == NULL)
		return cli_error(ctx, a, "no target set (use 'target COLUMN')");
	if (s->target->task != FAIR_TASK_CLASSIFICATION)
		return cli_error(ctx, a, "thresholds need a binary target; '%s' is numeric", s->target->column);
	if (s->groups == NULL)
		return cli_error(ctx, a, "no sensitive attribute set (use 'sensitive COLUMN')");
	if (cli_parse_on(ctx, a, s, &on) || cli_opt_bool(ctx, a, "save", false, &save))
		return CMD_ERROR;
	if ((m = cli_model(ctx, a, s, a->pos[1])) == NULL)
		return CMD_ERROR;
	if (fair_model_task(m) != FAIR_TASK_CLASSIFICATION)
		return cli_error(ctx, a, "model '%s' is a regression model; thresholds need a classifier", fair_model_name(m));
	if ((rows = fair_session_rows(s, on, &nrows, &err)) == NULL)
		return cli_ferror(ctx, a, &err);
	score = malloc(nrows * sizeof *score);
	y = malloc(nrows * sizeof *y);
	grp = malloc(nrows * sizeof *grp);
	thr = malloc(s->groups->K * sizeof *thr);
	if (score == NULL || y == NULL || grp == NULL || thr == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	if (fair_model_scores(m, s->frame, s->groups, rows, nrows, score, &err)) {
		cli_ferror(ctx, a, &err);
		goto out;
	}
	for (size_t i = 0; i < nrows; i++) {
		y[i] = s->target->y[rows[i]];
		grp[i] = s->groups->group[rows[i]];
	}
	if ((t = fair_curves_new(score, y, grp, nrows, s->groups->K, &err)) == NULL) {
		cli_ferror(ctx, a, &err);
		goto out;
	}
	if (start_thresholds(ctx, a, m, s->groups->K, thr))
		goto out;
	if (!use_tui(ctx)) {
		print_thresholds(ctx, a, t, (const char *const *)s->groups->labels, thr);
		rv = save ? save_thresholds(ctx, a, s, m, thr) : CMD_OK;
		goto out;
	}
	before_view(&o);
	int r = tui_view_thresholds(t, fair_model_name(m), (const char *const *)s->groups->labels, thr, &o, &err);
	after_view();
	if (r == TUI_FAILED)
		cli_ferror(ctx, a, &err);
	else if (r == TUI_SAVE_THRESHOLDS)
		rv = save_thresholds(ctx, a, s, m, thr);
	else
		rv = CMD_OK;
out:
	fair_curves_free(t);
	free(rows);
	free(score);
	free(y);
	free(grp);
	free(thr);
	return rv;
}

const char *const cli_view_names[] = { "data", "audit", "jobs", "thresholds", NULL };

static enum cmd_retval
cmd_view_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *const *what = cli_view_names;
	const char *w = a->pos[0];
	int k = -1;

	for (int i = 0; i < 4; i++)
		if (strncmp(what[i], w, strlen(w)) == 0 && w[0] != '\0')
			k = k == -1 ? i : -2;
	switch (k) {
	case 0: return view_data(ctx, a);
	case 1: return view_audit(ctx, a);
	case 2: return view_jobs(ctx, a);
	case 3: return view_thresholds(ctx, a);
	default:
		return cli_error(ctx, a, "unknown view '%s' (views: data, audit, jobs, thresholds)", w);
	}
}

const struct cmd_entry cmd_view_entry = {
	.name = "view", .alias = "v", .min_args = 1, .max_args = -1, .opts = view_opts,
	.flags = CMD_FORMAT | CMD_AS,
	.args = "data [SESSION] [{rows}] | audit MODEL [MODEL2 ...] [{on}] [{ci}] [{by}] | jobs | "
	        "thresholds MODEL [{on}] [{thresholds}] [{save}] [as NAME]",
	.help = "full-screen views: browse the data, audit dashboard, live jobs, per-group thresholds",
	.exec = cmd_view_exec,
};
