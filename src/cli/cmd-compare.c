/* cmd-compare.c -- `compare MODEL|COLUMN ... [pred=|score= threshold=]`:
 * models (and prediction columns, read in the target's label space, and
 * the decisions of the options, as audit reads them) side by side,
 * accuracy (or MSE) and every fairness metric, the best of each column
 * marked. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/audit.h"
#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "cli/result.h"
#include "cli/wide.h"
#include "fairsh/db.h"
#include "fairsh/spec.h"
#include "out/report.h"

static enum cmd_retval cmd_compare_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt compare_opts[] = {
	CMD_OPT_ON,
	CMD_OPT_TO,
	CLI_DECISION_OPTS,
	CLI_OPT_METRICS,
	CLI_VS_OPTS,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_compare_entry = {
	.name = "compare", .min_args = 0, .max_args = -1, .opts = compare_opts,
	.flags = CMD_NEEDS_SESSION | CMD_FORMAT,
	.args = "[MODEL|COLUMN ...] [{pred} [{positive}] [{score}] | {score} {threshold} [{direction}]]",
	.help = "compare models (or prediction columns, or decisions from a score) side by side: accuracy and every "
	        "fairness metric, best marked",
	.exec = cmd_compare_exec,
};

/* The requests of the models and columns of the command as the loop below
 * makes them, found without printing anything: false when one is not a
 * model of the session nor a column, or names a running training job (the
 * loop then waits for it), so nothing is shared. */
static bool
share_requests(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const struct cli_audit_req *dreq,
               int on, struct cli_audit_req *sreq, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct cli_audit_req *req = &sreq[i];
		memset(req, 0, sizeof *req);
		if (i == a->npos) {
			*req = *dreq;
			req->rule_out = NULL;
		} else if (cli_job_running(ctx, s, a->pos[i])) {
			return false;
		} else if ((req->model = fair_session_find_model(s, a->pos[i])) == NULL) {
			if (cli_job_find(ctx, a->pos[i]) != NULL || fair_frame_find(s->frame, a->pos[i]) < 0)
				return false;
			req->pred = a->pos[i];
		}
		req->on = on;
	}
	return true;
}

/* Marks the best value of each column of the text table @t (@n models) with '*'. */
static void
mark_best(struct out_table *t, size_t n, int task)
{
	size_t nc = t->ncols;

	for (size_t c = 1; c < nc; c++) {
		long best = -1;
		double bv = 0;
		for (size_t i = 0; i < n; i++) {
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
		if (best >= 0 && n > 1) {
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

/* control=: the models side by side within each stratum (text), the best
 * of each stratum marked; a stratum some model could not audit is named
 * with the reason. */
static void
print_strata(struct cli_ctx *ctx, const struct cli_args *a, struct cli_control *ctl, size_t n,
             char *const *names, int task, const bool *want)
{
	const fair_report **sr = calloc(n ? n : 1, sizeof *sr);
	const char **sn = calloc(n ? n : 1, sizeof *sn);

	for (size_t k = 0; sr && sn && k < ctl[0].groups->K; k++) {
		size_t m = 0;
		char *lab = out_escaped_value(ctl[0].groups->labels[k]);
		for (size_t i = 0; i < n; i++) {
			if (ctl[i].reports[k] == NULL) {
				fair_buf b = FAIR_BUF_INIT;
				fair_buf_printf(&b, "\nStratum %s = %s: '%s' not audited (%s)", ctl[0].spec, lab ? lab : "",
				                names[i], ctl[i].why[k] ? ctl[i].why[k] : "?");
				cli_printf(ctx, "%s\n", b.buf ? b.buf : "");
				fair_buf_release(&b);
				continue;
			}
			sr[m] = ctl[i].reports[k];
			sn[m++] = names[i];
		}
		struct out_table *t = m ? out_report_compare(sn, sr, m, task) : NULL;
		if (t != NULL) {
			int same_as[FAIR_METRIC_COUNT];
			char title[600];
			mark_best(t, m, task);
			snprintf(title, sizeof title, "\nStratum %s = %s:", ctl[0].spec, lab ? lab : "");
			t->title = strdup(title);
			cli_wide_same_as(sr, m, same_as);
			cli_wide_print(ctx, a, t, task, want, same_as);
			out_table_free(t);
		}
		free(lab);
	}
	free(sr);
	free(sn);
}

static enum cmd_retval
cmd_compare_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	fair_report **reps;
	struct out_table *t;
	struct cli_audit_req dreq;
	char **poslist = NULL, **names = NULL, *rule = NULL, **xnames = NULL;
	size_t n, nx = 0;
	struct cli_control *ctl = NULL;
	int task, on;
	char title[400];
	enum cmd_retval rv = CMD_OK;
	bool dec;

	/* attached (a database table, a streamed file): the target is read
	 * when audited, for classification */
	bool att = s != NULL && (s->db != NULL || s->stream_path != NULL);
	if (s == NULL || (att ? s->db_setup->target == NULL : s->target == NULL))
		return s ? cli_error(ctx, a, "no target set (use 'target COLUMN')") : CMD_ERROR;
	task = att ? FAIR_TASK_CLASSIFICATION : s->target->task;
	if (cli_parse_on(ctx, a, s, &on))
		return CMD_ERROR;
	bool want[FAIR_METRIC_COUNT + 1];
	int same_as[FAIR_METRIC_COUNT];
	if (cli_wide_metrics(ctx, a, task, want))
		return CMD_ERROR;
	memset(&dreq, 0, sizeof dreq);
	if (cli_parse_decision(ctx, a, &dreq, &poslist))
		return CMD_ERROR;
	cli_parse_vs(a, &dreq);
	dec = dreq.pred != NULL || dreq.score != NULL;
	n = a->npos + dec;
	if (n == 0) {
		cli_list_free(poslist, dreq.npositive);
		return cli_usage(ctx, a, NULL, "give MODELs or prediction COLUMNs, or pred= / score= threshold=");
	}
	reps = calloc(n, sizeof *reps);
	names = calloc(n, sizeof *names);
	ctl = calloc(n, sizeof *ctl);
	if (reps == NULL || names == NULL || ctl == NULL) {
		free(reps);
		free(names);
		free(ctl);
		cli_list_free(poslist, dreq.npositive);
		return cli_error(ctx, a, "out of memory");
	}
	struct cli_warn_seen seen;
	memset(&seen, 0, sizeof seen);
	/* several: the cells of all of them counted in one pass over the rows */
	struct cli_audit_req *sreq = calloc(n, sizeof *sreq);
	size_t **counted = calloc(n, sizeof *counted);
	if (!att && sreq != NULL && counted != NULL && share_requests(ctx, a, s, &dreq, on, sreq, n)) {
		const struct cli_audit_req **rp = malloc(n * sizeof *rp);
		for (size_t i = 0; rp != NULL && i < n; i++)
			rp[i] = &sreq[i];
		if (rp != NULL)
			cli_audit_share(ctx, a, s, rp, n, counted);
		free(rp);
	}
	for (size_t i = 0; i < n && rv == CMD_OK; i++) {
		struct cli_audit_req req;
		memset(&req, 0, sizeof req);
		if (i == a->npos) {
			/* the decisions of the options, named by their rule */
			req = dreq;
			req.rule_out = &rule;
		} else if (fair_session_find_model(s, a->pos[i]) == NULL && cli_job_find(ctx, a->pos[i]) == NULL &&
		           fair_frame_find(s->frame, a->pos[i]) >= 0) {
			/* a word that names no model (nor a training job) but a
			 * column: that column's decisions, read in the target's
			 * label space */
			req.pred = a->pos[i];
		} else if ((req.model = cli_model(ctx, a, s, a->pos[i])) == NULL) {
			rv = CMD_ERROR;
			continue;
		}
		req.on = on;
		req.seen = &seen;
		req.vs = dreq.vs;
		req.agg = dreq.agg;
		if (cli_control_for(ctx, a, s, &ctl[i])) {
			rv = CMD_ERROR;
			continue;
		}
		cli_control_request(&ctl[i], &req);
		if (ctl[i].groups == NULL && counted != NULL && counted[i] != NULL && req.model == sreq[i].model &&
		    req.pred == sreq[i].pred)
			req.counted = counted[i];
		if ((reps[i] = cli_audit_run(ctx, a, s, &req, NULL, NULL, NULL)) == NULL)
			rv = CMD_ERROR;
		names[i] = i == a->npos ? rule : a->pos[i];
	}
	cli_warn_seen_flush(ctx, &seen, n);   /* each warning once, with its models */
	if (rv != CMD_OK)
		goto out;
	if (names[n - 1] == NULL)
		names[n - 1] = (char *)"decisions";
	bool text = a->format == OUT_TABLE || a->format == OUT_MARKDOWN;
	/* the strata without rows of a group: once when the models agree */
	fair_buf prev = FAIR_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		fair_buf b = FAIR_BUF_INIT;
		cli_control_empty(&ctl[i], reps[i], &b);
		if (b.len && (prev.buf == NULL || strcmp(prev.buf, b.buf)))
			cli_note(ctx, "%s", b.buf);
		fair_buf_release(&prev);
		prev = b;
	}
	fair_buf_release(&prev);
	if (!text && ctl[0].groups != NULL) {
		/* JSON and CSV: each model's strata follow, as rows named
		 * "MODEL @ COLUMN=VALUE" (audit's CSV names them so) */
		size_t K = ctl[0].groups->K, m = n;
		const fair_report **xr = calloc(n * (K + 1), sizeof *xr);
		if ((xnames = calloc(n * (K + 1), sizeof *xnames)) == NULL || xr == NULL) {
			free(xr);
			rv = cli_error(ctx, a, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			xr[i] = reps[i];
			xnames[i] = strdup(names[i]);
		}
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < K; k++)
				if (ctl[i].reports[k] != NULL) {
					xr[m] = ctl[i].reports[k];
					xnames[m++] = cli_control_name(&ctl[i], names[i], k);
				}
		nx = m;
		for (size_t i = 0; i < m; i++)
			if (xnames[i] == NULL) {
				free(xr);
				rv = cli_error(ctx, a, "out of memory");
				goto out;
			}
		t = out_report_compare_ci((const char *const *)xnames, xr, m, task);
		free(xr);
	} else {
		/* the intervals: appended columns in JSON and CSV, a second table in text */
		t = text ? out_report_compare((const char *const *)names, (const fair_report *const *)reps, n, task)
		         : out_report_compare_ci((const char *const *)names, (const fair_report *const *)reps, n, task);
	}
	if (t == NULL) {
		rv = cli_error(ctx, a, "out of memory");
		goto out;
	}
	/* mark the best value of each column with '*' in text output */
	if (text)
		mark_best(t, n, task);
	snprintf(title, sizeof title, "Comparison on %s rows%s%s (* = the best of each: highest accuracy, lowest MSE, "
	         "differences closest to 0, ratios closest to 1)", cli_on_name(on),
	         dreq.vs == FAIR_VS_OVERALL ? ", each group vs overall" : "",
	         dreq.agg == FAIR_AGG_MEAN ? ", equalized odds as the mean of TPR and FPR" : "");
	if (a->format == OUT_TABLE || a->format == OUT_MARKDOWN)
		t->title = strdup(title);
	cli_wide_same_as((const fair_report *const *)reps, n, same_as);
	struct out_table *ti = NULL;
	if (text)
		ti = out_report_compare_intervals((const char *const *)names, (const fair_report *const *)reps, n, task);
	cli_wide_print(ctx, a, t, task, want, same_as);
	out_table_free(t);
	if (ti != NULL) {
		snprintf(title, sizeof title, "Their %.0f%% intervals (the pair each metric names; "
		         "'explain intervals')", 100 * reps[0]->ci_level);
		ti->title = strdup(title);
		/* the metrics the main table shows: metrics= and those equal to
		 * another by definition left out as there; laid out to the width */
		bool *keep = calloc(ti->ncols, sizeof *keep);
		struct out_table *u = NULL;
		for (size_t j = 0; keep != NULL && j < ti->ncols; j++) {
			keep[j] = j == 0;
			for (size_t k = 0; j > 0 && k < fair_metric_count(task); k++) {
				int id = fair_metric_id(task, k);
				if (!strcmp(ti->cols[j], fair_metric_info_get(id)->name)) {
					keep[j] = want[k + 1] && same_as[id] < 0;
					break;
				}
			}
		}
		ti->transpose = true;
		if (keep != NULL && (u = out_table_select(ti, keep)) != NULL) {
			cli_print_table(ctx, a, u);
			out_table_free(u);
		}
		free(keep);
		out_table_free(ti);
	}
	if (text && ctl[0].groups != NULL)
		print_strata(ctx, a, ctl, n, names, task, want);
out:
	for (size_t i = 0; counted != NULL && i < n; i++)
		free(counted[i]);
	free(counted);
	free(sreq);
	for (size_t i = 0; ctl && i < n; i++)
		cli_control_free(&ctl[i]);
	free(ctl);
	for (size_t i = 0; xnames && i < nx; i++)
		free(xnames[i]);
	free(xnames);
	cli_warn_seen_free(&seen);
	for (size_t i = 0; i < n; i++)
		fair_report_free(reps[i]);
	free(reps);
	free(names);
	free(rule);
	cli_list_free(poslist, dreq.npositive);
	return rv;
}
