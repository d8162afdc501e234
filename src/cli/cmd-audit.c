/* cmd-audit.c -- `audit [MODEL | pred=COLUMN | score=COLUMN threshold=T]`:
 * per-group figures and the fairness metrics with verdicts, optionally with
 * bootstrap intervals, the pairwise group differences and distances between
 * the groups' scores. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/audit.h"
#include "cli/disparity.h"
#include "cli/cli.h"
#include "cli/db.h"
#include "out/out.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "cli/wide.h"
#include "cli/result.h"
#include "fairsh/distance.h"
#include "fairsh/spec.h"
#include "json/json.h"
#include "json/report.h"
#include "json/disparity.h"
#include "out/report.h"
#include "out/disparity.h"

static enum cmd_retval cmd_audit_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt audit_opts[] = {
	CLI_DECISION_OPTS,
	CMD_OPT_ON,
	{ "ci", OPT_INT, NULL, "B", "bootstrap resamples for confidence intervals (0 = none)" },
	{ "pairs", OPT_BOOL, NULL, NULL, "add the pairwise table of group differences" },
	{ "interval", OPT_CHOICE, "wilson|exact", NULL, "interval of each group's rates (default wilson; exact = Clopper-Pearson)" },
	{ "level", OPT_DOUBLE, NULL, NULL, "coverage of every interval (default 0.95)" },
	{ "min-group", OPT_INT, NULL, "N", "groups with fewer rows (or positives/negatives for the rate) are flagged (default 30; 0 = none)" },
	{ "small-groups", OPT_CHOICE, "leave-out|include", NULL, "leave small groups out of the worst-pair verdicts (default) or include them" },
	{ "distances", OPT_BOOL, NULL, NULL, "add distances between the groups' score distributions (W1, MMD, Sinkhorn)" },
	CLI_VS_OPTS,
	{ "disparity", OPT_STRING, NULL, "FIGURE[,FIGURE...]|all|aequitas",
	  "any per-group figure as a disparity: spread between the groups and ratio to the reference group" },
	{ "reference", OPT_STRING, NULL, "GROUP|largest|min_metric",
	  "reference group of disparity= (default: the one of 'sensitive', the privileged group, else the largest)" },
	{ "show", OPT_CHOICE, "sql", NULL, "attached table: print the audit's one SQL query (and its parameters) instead of running it" },
	CMD_OPT_TO,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_audit_entry = {
	.name = "audit", .alias = "a", .min_args = 0, .max_args = 1, .opts = audit_opts,
	.flags = CMD_NEEDS_SESSION | CMD_FORMAT,
	.args = "[MODEL | {pred} [{positive}] [{score}] | {score} {threshold} [{direction}]]",
	.help = "fairness audit: per-group rates and the fairness metrics with verdicts",
	.exec = cmd_audit_exec,
};

/* Distances between the groups' distributions of the scores (classification)
 * or predictions (regression) over the audited rows, by pair of groups. */
struct dist_result {
	fair_group_distance *d;
	size_t nd;
	double bw, eps;
};

static int
compute_distances(struct cli_ctx *ctx, const struct cli_args *a, const fair_groups *grp,
                  const size_t *rows, size_t nrows, const double *sc, struct dist_result *out)
{
	/* the scores are per audited row: their groups, in the same order */
	int32_t *g = malloc((nrows ? nrows : 1) * sizeof *g);
	fair_error err;
	int rc = -1;

	if (g == NULL) {
		cli_error(ctx, a, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < nrows; i++)
		g[i] = grp->group[rows[i]];
	fair_group_distance_opts o;
	fair_progress prog;
	fair_group_distance_opts_init(&o);
	fair_progress_init(&prog);
	o.prog = &prog;
	cli_fg_progress = &prog;   /* Ctrl-C cancels between pairs */
	int st = fair_group_distances(sc, g, NULL, nrows, grp->K, &o, &out->d, &out->nd, &out->bw,
	                              &out->eps, &err);
	cli_fg_progress = NULL;
	if (st) {
		cli_ferror(ctx, a, &err);
		goto done;
	}
	rc = 0;
done:
	free(g);
	return rc;
}

static struct out_table *
distances_table(const fair_report *r, const struct dist_result *dr, const char *what, bool titled)
{
	static const char *const cols[] = { "group_a", "group_b", "n_a", "n_b", "wasserstein1", "mmd2", "sinkhorn" };
	char title[512];
	snprintf(title, sizeof title,
	         "\nDistances between the groups' %s distributions (Wasserstein-1 on all values; "
	         "MMD^2 unbiased, Gaussian kernel, bandwidth %.4g; Sinkhorn divergence, blur %.4g, about W2^2/2; "
	         "groups of more than 500 values summarised by 500 quantiles):",
	         what, dr->bw, sqrt(dr->eps));
	struct out_table *t = out_table_new(titled ? title : NULL, 7, cols);
	for (size_t i = 0; i < dr->nd; i++) {
		const fair_group_distance *d = &dr->d[i];
		size_t row = out_table_row(t);
		out_table_str(t, row, 0, r->groups[d->a].label);
		out_table_str(t, row, 1, r->groups[d->b].label);
		out_table_int(t, row, 2, (long long)d->na);
		out_table_int(t, row, 3, (long long)d->nb);
		out_table_num(t, row, 4, d->w1, 4);
		out_table_num(t, row, 5, d->mmd2, 4);
		out_table_num(t, row, 6, d->sinkhorn, 4);
	}
	return t;
}

static cJSON *
distances_json(const fair_report *r, const struct dist_result *dr)
{
	cJSON *o = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	cJSON_AddNumberToObject(o, "bandwidth", dr->bw);
	cJSON_AddNumberToObject(o, "eps", dr->eps);
	cJSON_AddNumberToObject(o, "max_points", 500);
	for (size_t i = 0; i < dr->nd; i++) {
		const fair_group_distance *d = &dr->d[i];
		cJSON *p = cJSON_CreateObject();
		cJSON_AddStringToObject(p, "a", r->groups[d->a].label);
		cJSON_AddStringToObject(p, "b", r->groups[d->b].label);
		cJSON_AddNumberToObject(p, "n_a", (double)d->na);
		cJSON_AddNumberToObject(p, "n_b", (double)d->nb);
		cJSON_AddNumberToObject(p, "wasserstein1", d->w1);
		cJSON_AddNumberToObject(p, "mmd2", d->mmd2);
		cJSON_AddNumberToObject(p, "sinkhorn", d->sinkhorn);
		cJSON_AddItemToArray(arr, p);
	}
	cJSON_AddItemToObject(o, "pairs", arr);
	return o;
}

/* A line of text results (@b: fairsh's words and escaped or raw labels),
 * broken at spaces to fit the terminal; @b is emptied. */
static void
put_line(struct cli_ctx *ctx, fair_buf *b)
{
	const char *s = b->buf ? b->buf : "";
	for (; *s == '\n'; s++)           /* a blank line before a heading is ours */
		fputc('\n', cli_out(ctx));
	out_put_wrapped_line(cli_out(ctx), s, cli_text_width(ctx), 2);
	fair_buf_release(b);
}

static void
print_calibration(struct cli_ctx *ctx, const struct cli_args *a, const fair_report *r)
{
	if (r->calib_bins == 0 || r->calib_n == NULL)
		return;
	const char **cols = calloc(r->K + 2, sizeof *cols);
	if (cols == NULL)
		return;
	cols[0] = "bin";
	for (size_t g = 0; g <= r->K; g++)
		cols[g + 1] = g < r->K ? r->groups[g].label : "overall";
	struct out_table *t = out_table_new("\nCalibration (mean score / observed positive rate per score bin):",
	                                    r->K + 2, cols);
	free(cols);
	for (size_t b = 0; t && b < r->calib_bins; b++) {
		char lab[32], cell[64];
		size_t row = out_table_row(t);
		snprintf(lab, sizeof lab, "[%.2f, %.2f%c", (double)b / r->calib_bins, (double)(b + 1) / r->calib_bins,
		         b + 1 == r->calib_bins ? ']' : ')');
		out_table_str(t, row, 0, lab);
		for (size_t g = 0; g <= r->K; g++) {
			size_t k = g * r->calib_bins + b;
			if (r->calib_n[k] > 0)
				snprintf(cell, sizeof cell, "%.3f / %.3f", r->calib_score[k], r->calib_rate[k]);
			else
				snprintf(cell, sizeof cell, "-");
			out_table_str(t, row, g + 1, cell);
		}
	}
	if (t)
		cli_print_table(ctx, a, t);
	out_table_free(t);
}

/* Every group's rates with their intervals (classification, table format). */
static void
print_rate_intervals(struct cli_ctx *ctx, const struct cli_args *a, const fair_report *r)
{
	char title[200];
	snprintf(title, sizeof title, "\nGroup rates with %.0f%% %s intervals%s:", 100 * r->ci_level,
	         r->rate_ci == FAIR_RATE_CI_EXACT ? "Clopper-Pearson" : "Wilson",
	         r->min_group > 0 ? " (* fewer rows, positives or negatives than min-group)" : "");
	struct out_table *t = out_report_rate_intervals(r, title);
	if (t == NULL)
		return;
	cli_print_table(ctx, a, t);
	out_table_free(t);
}

/* The pairwise table: differences a - b with their Newcombe intervals, the
 * two-proportion test and its Holm adjustment over all pairs. */
static void
print_pairs(struct cli_ctx *ctx, const fair_report *r)
{
	static const char *const names[3] = { "selection rate", "TPR", "FPR" };
	bool reg = r->task == FAIR_TASK_REGRESSION;
	if (reg) {
		cli_printf(ctx, "\nPairwise differences (a - b) of the mean prediction:\n");
		for (size_t i = 0; i < r->npairs; i++)
		{
			cli_printf(ctx, "  ");
			out_put_escaped(cli_out(ctx), r->groups[r->pairs[i].a].label);
			cli_printf(ctx, " - ");
			out_put_escaped(cli_out(ctx), r->groups[r->pairs[i].b].label);
			cli_printf(ctx, ": %+.4f\n", r->pairs[i].d_selection_rate);
		}
		return;
	}
	fair_buf b = FAIR_BUF_INIT;
	fair_buf_printf(&b, "\nPairwise differences (a - b), %.0f%% Newcombe intervals, two-proportion z-test p "
	                "and Holm-adjusted p over the %zu pair%s:", 100 * r->ci_level, r->npairs, r->npairs == 1 ? "" : "s");
	put_line(ctx, &b);
	for (size_t i = 0; i < r->npairs; i++) {
		const fair_pair_row *q = &r->pairs[i];
		fair_buf_printf(&b, "  %s - %s:", r->groups[q->a].label, r->groups[q->b].label);
		for (int f = 0; f < 3; f++)
			fair_buf_printf(&b, "%s %s %+.4f [%+.3f, %+.3f] p = %.3g (Holm %.3g)", f ? ";" : "", names[f],
			                q->d[f], q->lo[f], q->hi[f], q->p[f], q->p_holm[f]);
		put_line(ctx, &b);
	}
}

/* disparity=: the figures asked for against the reference group, at the
 * limits of `set fairness.limit`. NULL with the error printed. */
static fair_disparity *
audit_disparity(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, const fair_report *r)
{
	fair_disparity_opts o;
	fair_disparity *d = NULL;
	fair_error err;
	int *figs = NULL;
	size_t nf;
	char buf[512];
	const char *ref = cli_opt(a, "reference");

	if (ref == NULL)
		ref = cli_sensitive_reference(s, buf, sizeof buf);
	if (cli_disparity_figs(ctx, a, cli_opt(a, "disparity"), r->task, &figs, &nf) ||
	    cli_disparity_opts(ctx, a, r, ref, NAN, &o))
		goto out;
	if ((d = fair_disparity_compute(r, figs, nf, &o, &err)) == NULL)
		cli_ferror(ctx, a, &err);
out:
	free(figs);
	return d;
}

static void
disparity_json(cJSON *j, const fair_report *r, const fair_disparity *d)
{
	int figs[2];
	const char *why;
	cJSON *t = cJSON_CreateObject(), *fa = cJSON_CreateArray();
	size_t n = fair_fairness_tree(r->favorable, figs, &why);

	cJSON_AddItemToObject(j, "disparities", json_from_disparity(r, d));
	if (r->task != FAIR_TASK_CLASSIFICATION) {   /* the tree is about decisions */
		cJSON_Delete(t);
		cJSON_Delete(fa);
		return;
	}
	cJSON_AddStringToObject(t, "favorable", r->favorable ? fair_favorable_name(r->favorable) : "unset");
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(fa, cJSON_CreateString(fair_figure_info_get(figs[i])->name));
	cJSON_AddItemToObject(t, "figures", fa);
	cJSON_AddStringToObject(t, "text", why);
	cJSON_AddItemToObject(j, "fairness_tree", t);
}

/* the tidy CSV: a row per figure for the spread (max - min with the groups
 * at max and min; min / max) and one per group for the ratio to the
 * reference, its limit and parity in the status column */
static void
disparity_tidy(struct out_table *t, const char *m, const fair_report *r, const fair_disparity *d)
{
	char name[96];

	for (size_t i = 0; i < d->nfig; i++) {
		const fair_disparity_fig *df = &d->figs[i];
		const char *f = fair_figure_info_get(df->fig)->name;
		const char *hi = df->gmax >= 0 ? r->groups[df->gmax].label : "";
		const char *lo = df->gmin >= 0 ? r->groups[df->gmin].label : "";
		snprintf(name, sizeof name, "%s_difference", f);
		out_tidy_pair(t, m, "disparity", name, df->diff, hi, lo);
		snprintf(name, sizeof name, "%s_ratio", f);
		out_tidy_pair(t, m, "disparity", name, df->ratio, lo, hi);
		snprintf(name, sizeof name, "%s_ratio_to_reference", f);
		for (size_t k = 0; k < d->K; k++) {
			size_t row = out_tidy_pair(t, m, "disparity", name, df->cell[k].ratio, r->groups[k].label,
			                           r->groups[df->ref].label);
			out_table_str(t, row, OUT_TIDY_GROUP, r->groups[k].label);
			out_table_num(t, row, OUT_TIDY_LIMIT, df->limit, 4);
			out_table_str(t, row, OUT_TIDY_STATUS, df->cell[k].parity == FAIR_PARITY_TRUE ? "pass"
			              : df->cell[k].parity == FAIR_PARITY_FALSE ? "fail" : "inconclusive");
		}
	}
}

static void
print_disparity(struct cli_ctx *ctx, const struct cli_args *a, const fair_report *r, const fair_disparity *d)
{
	struct out_table *t[2] = {
		out_disparity_spread(r, d, "\nDisparities between the groups (difference max - min, ratio min / max; "
		                     "parity: every group within [limit, 1/limit] of the reference):"),
		out_disparity_groups(r, d, OUT_DISP_RATIO, "\nRatio to the reference group (* out of parity):"),
	};
	for (int i = 0; i < 2; i++) {
		if (t[i] != NULL)
			cli_print_table(ctx, a, t[i]);
		out_table_free(t[i]);
	}
	if (r->task != FAIR_TASK_CLASSIFICATION)
		return;
	fair_buf b = FAIR_BUF_INIT;
	cli_fairness_tree_text(r, d, &b);
	cli_printf(ctx, "\nWhich disparity matters (the fairness tree):\n");
	out_put_escaped_lines(cli_out(ctx), b.buf);   /* labels escaped already */
	fair_buf_release(&b);
}

static enum cmd_retval
cmd_audit_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	struct cli_audit_req req;
	fair_report *r = NULL;
	size_t B;
	bool pairs, distances;
	enum cmd_retval rv;
	struct dist_result dr = { NULL, 0, 0.0, 0.0 };
	size_t *rows = NULL, nrows = 0;
	double *sc = NULL;
	char title[1200], pl[300], **poslist = NULL, *rule = NULL;
	fair_groups *grp = NULL;
	const char *label;
	struct cli_control ctl;
	fair_disparity *disp = NULL;

	memset(&ctl, 0, sizeof ctl);
	if (s == NULL)
		return CMD_ERROR;
	memset(&req, 0, sizeof req);
	if (cli_parse_decision(ctx, a, &req, &poslist))
		return CMD_ERROR;
	rv = CMD_ERROR;
	if (cli_decision_one(ctx, a, &req))
		goto done;
	if (cli_parse_on(ctx, a, s, &req.on) || cli_opt_size(ctx, a, "ci", 0, 0, 100000, &B) ||
	    cli_opt_bool(ctx, a, "pairs", false, &pairs) || cli_opt_bool(ctx, a, "distances", false, &distances))
		goto done;
	if (B == 1) {
		cli_error(ctx, a, "ci must be 0 (none) or at least 2 resamples");
		goto done;
	}
	if (cli_opt_double(ctx, a, "level", 0.95, 0.5, 0.9999, &req.level) ||
	    cli_opt_size(ctx, a, "min-group", 30, 0, 1000000000, &req.min_group))
		goto done;
	req.stats_set = true;
	req.rate_ci = cli_opt(a, "interval") && !strcmp(cli_opt(a, "interval"), "exact")
	              ? FAIR_RATE_CI_EXACT : FAIR_RATE_CI_WILSON;
	req.keep_small = cli_opt(a, "small-groups") && !strcmp(cli_opt(a, "small-groups"), "include");
	req.bootstrap = B;
	req.pairs = pairs;
	cli_parse_vs(a, &req);
	if (cli_control_for(ctx, a, s, &ctl))
		goto done;
	cli_control_request(&ctl, &req);
	req.rule_out = &rule;
	req.groups_out = distances ? &grp : NULL;   /* a copy: only the distances need it */
	if (a->npos && (req.model = cli_model(ctx, a, s, a->pos[0])) == NULL)
		goto done;
	if (cli_opt(a, "show") != NULL) {   /* show=sql */
		bool shown = false;
		if (s->db == NULL && s->stream_path == NULL)
			cli_error(ctx, a, "show=sql shows the query of an attached table (attach SOURCE table=T)");
		else if (distances)
			cli_error(ctx, a, "distances=yes needs the rows: load the table");
		else
			cli_db_audit(ctx, a, s, &req, true, &shown);
		rv = shown ? CMD_OK : CMD_ERROR;
		goto done;
	}
	r = cli_audit_run(ctx, a, s, &req, distances ? &rows : NULL, &nrows, distances ? &sc : NULL);
	if (r == NULL)
		goto done;
	if (distances) {
		int bad = 0;
		if (r->task == FAIR_TASK_CLASSIFICATION && !r->has_score)
			bad = cli_error(ctx, a, "distances=yes compares score distributions; %s",
			                req.model ? "this model gives no probabilities"
			                          : "give the score column with score=COLUMN");
		else if (compute_distances(ctx, a, grp, rows, nrows, sc, &dr))
			bad = 1;
		free(rows);
		free(sc);
		if (bad)
			goto done;
	}
	if (cli_opt(a, "disparity") && (disp = audit_disparity(ctx, a, s, r)) == NULL)
		goto done;
	cli_control_note(ctx, &ctl, r);
	label = req.model ? fair_model_name(req.model) : rule;
	rv = CMD_OK;
	/* decisions in JSON and CSV: named by the options that made them */
	if (!req.model)
		cli_decision_name(&req, pl, sizeof pl);
	if (a->format == OUT_JSON) {
		cJSON *j = json_from_report(r, req.model ? label : pl, (const char *const *)s->groups->columns,
		                            s->groups->ncolumns, cli_on_name(req.on));
		if (distances)
			cJSON_AddItemToObject(j, "distances", distances_json(r, &dr));
		if (r->vs == FAIR_VS_OVERALL)
			cJSON_AddItemToObject(j, "to_overall", cli_to_overall_json(r));
		if (ctl.groups)
			cJSON_AddItemToObject(j, "control", cli_control_json(&ctl, req.model ? label : pl, s, cli_on_name(req.on)));
		if (disp)
			disparity_json(j, r, disp);
		cli_result_json(ctx, j);
	} else if (a->format == OUT_CSV) {
		/* one tidy table: figures, metrics, the test, pairs and distances */
		struct out_table *t = out_tidy_new();
		const char *m = req.model ? label : pl;
		out_tidy_report(t, m, r);
		for (size_t i = 0; distances && i < dr.nd; i++) {
			const fair_group_distance *d = &dr.d[i];
			const char *ga = r->groups[d->a].label, *gb = r->groups[d->b].label;
			out_tidy_pair(t, m, "distance", "wasserstein1", d->w1, ga, gb);
			out_tidy_pair(t, m, "distance", "mmd2", d->mmd2, ga, gb);
			out_tidy_pair(t, m, "distance", "sinkhorn", d->sinkhorn, ga, gb);
		}
		if (r->vs == FAIR_VS_OVERALL)
			cli_to_overall_tidy(t, m, r);
		cli_control_tidy(t, m, &ctl);
		if (disp)
			disparity_tidy(t, m, r, disp);
		cli_print_table(ctx, a, t);
		out_table_free(t);
	} else {
		snprintf(title, sizeof title, "Audit of %s%s on %s rows (%zu), target %s, groups by %s%s%s%s%s%s%s",
		         req.model ? "model " : req.pred ? "prediction column " : "decisions ", label,
		         cli_on_name(req.on), r->rows_used,
		         s->target->column, s->sensitive_spec ? s->sensitive_spec : "?",
		         ctx->set.convention ? ", convention " : "",
		         ctx->set.convention ? fair_convention_name(ctx->set.convention) : "",
		         r->weighted ? ", weighted by " : "", r->weighted ? s->weights : "",
		         r->vs == FAIR_VS_OVERALL ? ", each group vs overall" : "",
		         r->agg == FAIR_AGG_MEAN ? ", equalized odds as the mean of TPR and FPR" : "");
		/* in text the rate intervals and the distances come after the
		 * metrics table, with the test and the pairs */
		struct out_table *t[8] = {
			out_report_groups(r, title),
			out_report_metrics(r, "\nFairness metrics:"),
			NULL, NULL,
		};
		size_t nt = 2;
		if (r->vs == FAIR_VS_OVERALL)
			t[nt++] = out_report_to_overall(r, "\nEach group vs overall (difference group - overall, "
			                                "ratio min(group/overall, overall/group)):");
		char rtitle[200];
		if (a->format != OUT_TABLE && r->task == FAIR_TASK_CLASSIFICATION) {
			snprintf(rtitle, sizeof rtitle, "Group rates with %.0f%% %s intervals", 100 * r->ci_level,
			         r->rate_ci == FAIR_RATE_CI_EXACT ? "Clopper-Pearson" : "Wilson");
			t[nt++] = out_report_rate_intervals(r, rtitle);
		}
		if (distances && a->format != OUT_TABLE)
			t[nt++] = distances_table(r, &dr, r->task == FAIR_TASK_REGRESSION ? "prediction" : "score", true);
		fair_buf same = FAIR_BUF_INIT;
		if (t[1] && (a->format == OUT_TABLE || a->format == OUT_MARKDOWN))
			cli_wide_drop_same_rows(t[1], r, &same);
		if (disp && a->format != OUT_TABLE) {
			t[nt++] = out_disparity_spread(r, disp, "Disparities between the groups");
			t[nt++] = out_disparity_groups(r, disp, OUT_DISP_RATIO, "Ratio to the reference group");
		}
		cli_print_tables(ctx, a, t, nt);
		cli_wide_note(ctx, a, &same);
		if (a->format == OUT_TABLE) {
			print_rate_intervals(ctx, a, r);
			if (r->task == FAIR_TASK_CLASSIFICATION && !isnan(r->dp_p_value)) {
				fair_buf b = FAIR_BUF_INIT;
				fair_buf_printf(&b, "two-proportion test of the selection rates (%s vs %s): z = %.3f, p = %.3g",
				                fair_report_group_label(r, r->dp_ga), fair_report_group_label(r, r->dp_gb),
				                r->dp_z, r->dp_p_value);
				put_line(ctx, &b);
			}
			if (r->pairs) {
				print_pairs(ctx, r);
			}
			if (distances) {
				struct out_table *d = distances_table(
				        r, &dr, r->task == FAIR_TASK_REGRESSION ? "prediction" : "score", true);
				cli_print_table(ctx, a, d);
				out_table_free(d);
			}
			if (r->has_score)
				print_calibration(ctx, a, r);
			if (disp)
				print_disparity(ctx, a, r, disp);
			fair_buf v = FAIR_BUF_INIT;
			fair_error err;
			if (fair_report_verdicts(r, &v, &err) == FAIR_OK && v.len)
			{
				cli_printf(ctx, "\nIn plain words:\n");
				/* labels escaped by the core already; each line fits the terminal */
				out_put_wrapped(cli_out(ctx), v.buf, cli_text_width(ctx), 2);
			}
			fair_buf_release(&v);
			for (size_t i = 0; i < r->nnotes; i++) {   /* notes quote group labels */
				fair_buf nb = FAIR_BUF_INIT;
				fair_buf_printf(&nb, "  - %s", r->notes[i]);
				cli_printf(ctx, "%s", i == 0 ? "\nNotes:\n" : "");
				out_put_wrapped_line(cli_out(ctx), nb.buf, cli_text_width(ctx), 2);
				fair_buf_release(&nb);
			}
		}
		cli_control_text(ctx, a, &ctl);
	}
done:
	cli_control_free(&ctl);
	fair_disparity_free(disp);
	free(dr.d);
	fair_report_free(r);
	fair_groups_free(grp);
	free(rule);
	cli_list_free(poslist, req.npositive);
	return rv;
}
