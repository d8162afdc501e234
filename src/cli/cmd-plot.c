/* cmd-plot.c -- `plot dist|rates|roc|calibration|tradeoff`: audit each model
 * (or prediction column) on the chosen rows, hand the per-row scores,
 * targets, decisions and groups to src/plot, and run gnuplot on the script. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/audit.h"
#include "cli/cli.h"
#include "cli/complete.h"
#include "cli/jobs.h"
#include "cli/sweep.h"
#include "out/out.h"
#include "fairsh/metric.h"
#include "fairsh/spec.h"
#include "fairsh/wfile.h"
#include "plot/plot.h"

static const struct cmd_opt plot_opts[] = {
	CLI_DECISION_OPTS,
	{ "by", OPT_STRING, NULL, "COLUMN", "group by this column (or A,B for intersections) instead of the sensitive attribute" },
	{ "kind", OPT_CHOICE, "hist|density|ecdf", NULL, "dist: histogram, kernel density or empirical CDF" },
	CMD_OPT_ON,
	{ "to", OPT_STRING, NULL, "FILE", "write FILE.png, FILE.svg or FILE.pdf instead of showing the plot" },
	{ "size", OPT_STRING, NULL, "WxH", "WIDTHxHEIGHT in pixels (text plots: characters)" },
	{ "script", OPT_STRING, NULL, "FILE", "also keep the gnuplot script (with its data) in FILE" },
	{ "bins", OPT_INT, NULL, NULL, "dist kind=hist / calibration: number of bins" },
	{ "ci", OPT_INT, NULL, "B", "rates: bootstrap resamples for error bars (0 = none)" },
	{ "alpha", OPT_LIST, NULL, NULL, "tradeoff: Wasserstein dial values, e.g. 0,0.25,0.5,0.75,1" },
	{ "metric", OPT_STRING, NULL, "NAME", "tradeoff: the fairness metric on the x axis" },
	{ "control", OPT_LIST, NULL, "COLUMN[,COLUMN...]", "one panel per stratum of these columns (each model's rows split)" },
	CMD_OPT_FORCE,
	{ NULL, 0, NULL, NULL, NULL }
};

const char *const cli_plot_kinds[] = { "dist", "rates", "roc", "calibration", "tradeoff", NULL };

/* One audited model or column, kept alive until the plot is drawn. */
struct panel_data {
	char     title[300];
	size_t  *rows;
	size_t   n;
	double  *x, *y, *yhat, *w;
	int32_t *group;
};

static void
terminal_size(unsigned *cols, unsigned *lines)
{
	const char *c = getenv("COLUMNS"), *l = getenv("LINES");
	struct winsize ws;

	*cols = c ? (unsigned)strtoul(c, NULL, 10) : 0;
	*lines = l ? (unsigned)strtoul(l, NULL, 10) : 0;
	if ((*cols == 0 || *lines == 0) && isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
		if (*cols == 0)
			*cols = ws.ws_col;
		if (*lines == 0)
			*lines = ws.ws_row;
	}
}

/* Groups from by=COLUMN (or A,B); NULL with an error printed. */
static fair_groups *
by_groups(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, const char *by)
{
	fair_groups *g = NULL;
	fair_error err;
	char *one[1] = { (char *)by }, **cols = one;
	size_t nc = 1;

	/* a column whose name has a comma is one column */
	if (fair_frame_find(s->frame, by) < 0 && (cols = cli_split_list(by, ',', &nc)) == NULL) {
		cli_error(ctx, a, "out of memory");
		return NULL;
	}
	if (fair_groups_build(s->frame, (const char *const *)cols, nc, NAN, NULL, &g, &err) != FAIR_OK) {
		cli_ferror(ctx, a, &err);
		g = NULL;
	}
	if (cols != one)
		cli_list_free(cols, nc);
	return g;
}

/* Audits one model (or the decisions of pred=/score=) and fills @pd; CMD_OK
 * or CMD_ERROR. */
static enum cmd_retval
audit_panel(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const char *model, int on,
            const fair_groups *grp, int kind, struct panel_data *pd)
{
	struct cli_audit_req req;
	fair_report *r;
	char **poslist = NULL, *rule = NULL;

	memset(&req, 0, sizeof req);
	req.on = on;
	req.yhat_out = &pd->yhat;
	req.rule_out = &rule;
	if (model) {
		if ((req.model = cli_model(ctx, a, s, model)) == NULL)
			return CMD_ERROR;
		snprintf(pd->title, sizeof pd->title, "model %s: %s", model, fair_model_desc(req.model));
	} else if (cli_parse_decision(ctx, a, &req, &poslist)) {
		return CMD_ERROR;
	}
	r = cli_audit_run(ctx, a, s, &req, &pd->rows, &pd->n, &pd->x);
	cli_list_free(poslist, req.npositive);
	if (r == NULL)
		return CMD_ERROR;
	fair_report_free(r);
	if (!model)
		snprintf(pd->title, sizeof pd->title, "%s%s%s", rule ? rule : "", req.score && req.pred ? ", scores " : "",
		         req.score && req.pred ? req.score : "");
	free(rule);
	pd->y = malloc((pd->n ? pd->n : 1) * sizeof *pd->y);
	pd->group = malloc((pd->n ? pd->n : 1) * sizeof *pd->group);
	const double *sw = fair_session_weights(s);
	if (sw != NULL && (pd->w = malloc((pd->n ? pd->n : 1) * sizeof *pd->w)) == NULL)
		return cli_error(ctx, a, "out of memory");
	if (pd->y == NULL || pd->yhat == NULL || pd->group == NULL)
		return cli_error(ctx, a, "out of memory");
	for (size_t i = 0; i < pd->n; i++) {
		size_t row = pd->rows[i];
		pd->y[i] = s->target->y[row];
		pd->group[i] = grp->group[row];
		if (sw != NULL)
			pd->w[i] = sw[row];
	}
	if (s->target->task != FAIR_TASK_REGRESSION && kind != PLOT_RATES) {
		size_t finite = 0;
		for (size_t i = 0; i < pd->n; i++)
			finite += isfinite(pd->x[i]) != 0;
		if (finite == 0 && req.model && fair_model_randomised(req.model))
			return cli_error(ctx, a, "%s decides at random (each row's decision is drawn), so it has no scores "
			                 "to plot; 'plot rates %s' shows its decision rates", pd->title, model);
		if (finite == 0)
			return cli_error(ctx, a, "%s has no scores to plot%s", pd->title,
			                 req.pred ? " (pred= gives hard decisions; add score=COLUMN)" : "");
	}
	return CMD_OK;
}

/* control=: each panel split into one per stratum of the control columns
 * (in the panel's order, then the strata's), the arrays gathered into
 * @cpd (one block per new panel: titles, and the data of all of them in
 * the rows' order); @sp then points at the new panels. */
struct ctl_block {
	char title[400];
	size_t n;
	double *x, *y, *yhat, *w;
	int32_t *group;
};

static enum cmd_retval
control_panels(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, const struct panel_data *pd,
               size_t np, plot_spec *sp, plot_panel **cpan, void **cpd)
{
	struct cli_control ctl;
	size_t S, total = 0, off = 0;

	if (cli_control_setup(ctx, a, s, &ctl))
		return CMD_ERROR;
	S = ctl.groups->K;
	for (size_t p = 0; p < np; p++)
		total += pd[p].n;
	/* one allocation: the blocks, then 4 doubles and a group index a row */
	size_t nb = np * S, bytes = nb * sizeof(struct ctl_block) + (total + 1) * (4 * sizeof(double) + sizeof(int32_t));
	struct ctl_block *blk = calloc(1, bytes);
	plot_panel *pan = calloc(nb ? nb : 1, sizeof *pan);
	if (blk == NULL || pan == NULL) {
		free(blk);
		free(pan);
		cli_control_free(&ctl);
		return cli_error(ctx, a, "out of memory");
	}
	double *dv = (double *)(blk + nb);
	int32_t *gv = (int32_t *)(dv + 4 * (total + 1));
	for (size_t p = 0; p < np; p++)
		for (size_t k = 0; k < S; k++) {
			struct ctl_block *b = &blk[p * S + k];
			char *lab = out_escaped_value(ctl.groups->labels[k]);
			snprintf(b->title, sizeof b->title, "%s; %s = %s", pd[p].title, ctl.spec, lab ? lab : "");
			free(lab);
			b->x = dv + off;
			b->y = dv + total + 1 + off;
			b->yhat = dv + 2 * (total + 1) + off;
			b->w = pd[p].w ? dv + 3 * (total + 1) + off : NULL;
			b->group = gv + off;
			for (size_t i = 0; i < pd[p].n; i++) {
				if (ctl.groups->group[pd[p].rows[i]] != (int32_t)k)
					continue;
				b->x[b->n] = pd[p].x ? pd[p].x[i] : NAN;
				b->y[b->n] = pd[p].y[i];
				b->yhat[b->n] = pd[p].yhat[i];
				if (b->w)
					b->w[b->n] = pd[p].w[i];
				b->group[b->n] = pd[p].group[i];
				b->n++;
			}
			off += b->n;
			pan[p * S + k] = (plot_panel){ .title = b->title, .n = b->n, .x = b->x, .y = b->y,
			                               .yhat = b->yhat, .group = b->group, .w = b->w };
		}
	cli_control_free(&ctl);
	sp->npanels = nb;
	sp->panels = pan;
	*cpan = pan;
	*cpd = blk;
	return CMD_OK;
}

/* The points (metric @k of the sweep, accuracy or MSE) of @sw; -1 when
 * out of memory. */
static int
sweep_points(const struct cli_sweep *sw, size_t k, plot_point **pts)
{
	if ((*pts = calloc(sw->n + 1, sizeof **pts)) == NULL)
		return -1;
	for (size_t i = 0; i < sw->n; i++) {
		(*pts)[i].x = sw->metrics[i * sw->nmetrics + k];
		(*pts)[i].y = sw->perf[i];
		snprintf((*pts)[i].label, sizeof (*pts)[i].label, "%s=%g", sw->param, sw->values[i]);
	}
	return 0;
}

/* Sweeps the Wasserstein dial and fills @pts; CMD_OK or CMD_ERROR. */
static enum cmd_retval
tradeoff_points(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, int on, int metric,
                plot_point **pts, size_t *npts, const char **base_name)
{
	const char *alist = cli_opt(a, "alpha");
	struct cli_sweep *sw;
	fair_model *base;
	double *alpha;
	size_t nalpha = 0, k = 0;

	if (a->npos != 4 || strcmp(a->pos[2], "with") || strcmp(a->pos[3], "wasserstein"))
		return cli_usage(ctx, a, "tradeoff", NULL);
	if ((base = cli_model(ctx, a, s, a->pos[1])) == NULL)
		return CMD_ERROR;
	*base_name = fair_model_name(base);
	if (alist == NULL)
		alist = "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1";
	alpha = cli_parse_numbers(alist, &nalpha);
	for (size_t i = 0; alpha && i < nalpha; i++)
		if (!(alpha[i] >= 0 && alpha[i] <= 1)) {
			free(alpha);
			alpha = NULL;
		}
	if (alpha == NULL)
		return cli_error(ctx, a, "alpha must be a comma-separated list of numbers in [0, 1], not '%s'", alist);
	sw = cli_sweep_wasserstein(ctx, a, s, base, alpha, nalpha, on);
	free(alpha);
	if (sw == NULL)
		return CMD_ERROR;
	while (k + 1 < sw->nmetrics && fair_metric_id(sw->task, k) != metric)
		k++;
	*npts = sw->n;
	if (sweep_points(sw, k, pts) < 0) {
		cli_sweep_free(sw);
		return cli_error(ctx, a, "out of memory");
	}
	cli_sweep_free(sw);
	return CMD_OK;
}

/* The points of the last `tradeoff` sweep (ctx->sweep); CMD_OK or CMD_ERROR. */
static enum cmd_retval
last_sweep(struct cli_ctx *ctx, const struct cli_args *a, plot_spec *sp, plot_point **pts, char *title,
           size_t tlen, char *xlabel, size_t xlen, char *ylabel, size_t ylen)
{
	const struct cli_sweep *sw = ctx->sweep;
	const char *mname = cli_opt(a, "metric");
	size_t k = 0;

	if (sw == NULL || sw->n == 0)
		return cli_error(ctx, a, "no trade-off sweep to plot yet (run 'tradeoff ...' first, "
		                         "or 'plot tradeoff MODEL with wasserstein alpha=LIST')");
	if (mname) {
		int id = fair_metric_find(mname);
		const char *full = id >= 0 ? fair_metric_info_get(id)->name : mname;
		for (k = 0; k < sw->nmetrics && strcmp(sw->metric_names[k], full); k++)
			;
		if (k == sw->nmetrics)
			return cli_error(ctx, a, "unknown metric '%s' for the last sweep (see 'explain')", mname);
	}
	if (sw->nmetrics == 0)
		return cli_error(ctx, a, "the last sweep has no fairness metric");
	if (sweep_points(sw, k, pts) < 0)
		return cli_error(ctx, a, "out of memory");
	sp->points = *pts;
	sp->npoints = sw->n;
	snprintf(title, tlen, "trade-off sweep of %s over %s", sw->label, sw->param);
	snprintf(xlabel, xlen, "%s", sw->metric_names[k]);
	snprintf(ylabel, ylen, "%s", sw->task == FAIR_TASK_REGRESSION ? "MSE" : "accuracy");
	sp->xlabel = xlabel;
	sp->ylabel = ylabel;
	return CMD_OK;
}

/* Writes the script, runs gnuplot, cleans up; CMD_OK or CMD_ERROR. A plot
 * file is written the way every output file is (fairsh/wfile.h): gnuplot
 * writes a temporary file beside it, which replaces the file only when
 * gnuplot succeeded and the file is complete (plot_check_output), so a
 * full disk is reported and never leaves a truncated plot. */
static enum cmd_retval
draw(struct cli_ctx *ctx, const struct cli_args *a, const plot_spec *sp, const plot_term *t)
{
	fair_buf script = FAIR_BUF_INIT, kept = FAIR_BUF_INIT;
	fair_error err;
	char gp[4096], path[4096], msg[1200], msg2[600];
	const char *keep_as = cli_opt(a, "script");
	plot_term run = *t;
	fair_wfile out;
	bool to_file = t->file != NULL;
	int found;

	if (to_file) {
		if (cli_check_output(ctx, a, t->file) != CMD_OK)
			return CMD_ERROR;
		if (fair_wfile_open(&out, t->file, &err))
			return cli_ferror(ctx, a, &err);
		fair_wfile_close_fp(&out);
		run.file = out.tmp;
	}
	/* the script kept (script=, or when gnuplot fails) names the plot
	 * file; the one run, the temporary file */
	if (plot_write_script(&kept, sp, t, &err) != FAIR_OK)
		goto fail_err;
	if (keep_as && fair_write_file(keep_as, kept.buf, kept.len, &err))
		goto fail_err;
	if (to_file && plot_write_script(&script, sp, &run, &err) != FAIR_OK)
		goto fail_err;
	found = plot_find_gnuplot(ctx->set.plot_gnuplot, getenv("FAIRSH_GNUPLOT"), getenv("PATH"), gp, sizeof gp,
	                          msg, sizeof msg);
	if (found < 0)
		goto fail_kept;
	if (plot_save_script(to_file ? script.buf : kept.buf, to_file ? script.len : kept.len, NULL, path, sizeof path,
	                     msg2, sizeof msg2) < 0) {
		cli_error(ctx, a, "%s", msg2);
		goto fail;
	}
	if (plot_run(gp, path, t->dest == PLOT_DEST_WINDOW || t->dest == PLOT_DEST_AUTO_WINDOW,
	             t->dest == PLOT_DEST_DUMB || t->dest == PLOT_DEST_WINDOW || t->dest == PLOT_DEST_AUTO_WINDOW,
	             msg, sizeof msg) < 0) {
		plot_remove_script(path);
		goto fail_kept;
	}
	plot_remove_script(path);
	fair_buf_release(&script);
	fair_buf_release(&kept);
	if (keep_as)
		cli_info(ctx, "gnuplot script saved to %s", keep_as);
	if (to_file) {
		if (plot_check_output(out.tmp, t->dest, msg, sizeof msg) < 0) {
			cli_error(ctx, a, "cannot write '%s': %s", t->file, msg);
			fair_wfile_abort(&out);
			return CMD_ERROR;
		}
		if (fair_wfile_commit(&out, &err))
			return cli_ferror(ctx, a, &err);
		cli_info(ctx, "plot written to %s", t->file);
	}
	return CMD_OK;
fail_kept:
	/* keep the script to run by hand, in $TMPDIR unless script= kept it */
	if (keep_as == NULL && plot_save_script(kept.buf, kept.len, NULL, path, sizeof path, msg2, sizeof msg2) == 0)
		keep_as = path;
	cli_error(ctx, a, "%s%s%s", msg, keep_as ? "; script kept at " : "", keep_as ? keep_as : "");
	goto fail;
fail_err:
	cli_ferror(ctx, a, &err);
fail:
	fair_buf_release(&script);
	fair_buf_release(&kept);
	if (to_file)
		fair_wfile_abort(&out);
	return CMD_ERROR;
}

static enum cmd_retval
cmd_plot_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char *by = cli_opt(a, "by"), *kopt = cli_opt(a, "kind"),
	           *pred = cli_opt(a, "pred") ? cli_opt(a, "pred") : cli_opt(a, "score");
	int kind = -1, on;
	size_t npanels = 0, bins, B;
	struct panel_data *pd = NULL;
	plot_panel *panels = NULL, *cpan = NULL;
	void *cpd = NULL;
	plot_point *pts = NULL;
	fair_groups *bygrp = NULL;
	const fair_groups *grp;
	plot_spec sp;
	plot_term t;
	fair_error err;
	unsigned cols, lines;
	char title[700], xlabel[300], ylabel[64], gtitle[300];
	enum cmd_retval rv = CMD_OK;

	if (s == NULL)
		return CMD_ERROR;
	if (a->npos == 0)
		return cli_error(ctx, a, "say what to plot: dist, rates, roc, calibration or tradeoff");
	for (int k = 0; k < 5; k++)
		if (!strcmp(a->pos[0], cli_plot_kinds[k]))
			kind = k;
	if (kind < 0)
		return cli_error(ctx, a, "unknown plot '%s' (plots: dist, rates, roc, calibration, tradeoff)", a->pos[0]);
	if (s->target == NULL)
		return cli_error(ctx, a, "no target set (use 'target COLUMN')");
	if (s->groups == NULL)
		return cli_error(ctx, a, "no sensitive attribute set (use 'sensitive COLUMN')");
	if (kind != PLOT_TRADEOFF && (a->npos == 1) == (pred == NULL))
		return cli_error(ctx, a, "give one or more MODELs, or pred=COLUMN [score=COLUMN], or score=COLUMN threshold=T");
	if (a->npos > 1 && pred)
		return cli_error(ctx, a, "pred= and score= read decisions from columns; a model gives its own");
	if (kopt && kind != PLOT_DIST)
		return cli_error(ctx, a, "kind= applies to 'plot dist' only");
	if (cli_opt(a, "control") && kind == PLOT_TRADEOFF)
		return cli_error(ctx, a, "control= applies to dist, rates, roc and calibration plots");
	if ((kind == PLOT_ROC || kind == PLOT_CALIBRATION) && s->target->task == FAIR_TASK_REGRESSION)
		return cli_error(ctx, a, "'plot %s' needs a binary target; '%s' is numeric", cli_plot_kinds[kind], s->target->column);
	if (cli_parse_on(ctx, a, s, &on) || cli_opt_size(ctx, a, "bins", 0, 0, 1000, &bins) ||
	    cli_opt_size(ctx, a, "ci", 0, 0, 100000, &B))
		return CMD_ERROR;
	if (B == 1)
		return cli_error(ctx, a, "ci must be 0 (none) or at least 2 resamples");
	terminal_size(&cols, &lines);
	{
		const char *disp = getenv("DISPLAY"), *setting = ctx->set.plot_terminal;
		/* auto without a window: sixel graphics when the terminal has them */
		if ((setting == NULL || !strcmp(setting, "auto")) && cli_opt(a, "to") == NULL &&
		    !(disp && *disp) && ctx->term_sixel)   /* asked once, when the prompt started */
			setting = "sixel";
		if (plot_term_choose(&t, cli_opt(a, "to"), setting, cli_opt(a, "size"),
		                     disp && *disp, cols, lines, &err) != FAIR_OK)
			return cli_ferror(ctx, a, &err);
	}
	if (by && (bygrp = by_groups(ctx, a, s, by)) == NULL)
		return CMD_ERROR;
	{
		/* only the groups with rows to plot: a filter may have emptied some */
		size_t nr = 0, *rr = fair_session_rows(s, on, &nr, NULL);
		fair_groups *kept = NULL;
		if (rr != NULL && fair_groups_restrict(bygrp ? bygrp : s->groups, rr, nr, &kept, NULL, NULL, &err) == FAIR_OK &&
		    kept->K >= 1) {
			fair_groups_free(bygrp);
			bygrp = kept;
		} else {
			fair_groups_free(kept);
		}
		free(rr);
	}
	grp = bygrp ? bygrp : s->groups;
	if (by)
		snprintf(gtitle, sizeof gtitle, "%s", by);
	else {
		gtitle[0] = '\0';
		for (size_t c = 0; c < grp->ncolumns; c++)
			snprintf(gtitle + strlen(gtitle), sizeof gtitle - strlen(gtitle), "%s%s", c ? " & " : "", grp->columns[c]);
	}
	memset(&sp, 0, sizeof sp);
	sp.kind = kind;
	sp.task = s->target->task;
	sp.K = grp->K;
	sp.labels = (const char *const *)grp->labels;
	sp.group_title = gtitle;
	sp.bins = bins;
	sp.bootstrap = B;
	sp.seed = ctx->set.seed;
	sp.dist_kind = !kopt || !strcmp(kopt, "hist") ? PLOT_HIST : !strcmp(kopt, "density") ? PLOT_DENSITY : PLOT_ECDF;
	sp.title = title;

	if (kind == PLOT_TRADEOFF && a->npos == 1) {
		rv = last_sweep(ctx, a, &sp, &pts, title, sizeof title, xlabel, sizeof xlabel, ylabel, sizeof ylabel);
		if (rv == CMD_OK)
			rv = draw(ctx, a, &sp, &t);
		goto out;
	}
	if (kind == PLOT_TRADEOFF) {
		const char *mname = cli_opt(a, "metric");
		int metric = mname ? fair_metric_find(mname) : fair_metric_id(s->target->task, 0);
		const char *base = "";
		if (metric < 0 || fair_metric_info_get(metric)->task != s->target->task) {
			rv = cli_error(ctx, a, "unknown metric '%s' for a %s target (see 'explain')", mname,
			               s->target->task == FAIR_TASK_REGRESSION ? "numeric" : "binary");
			goto out;
		}
		if ((rv = tradeoff_points(ctx, a, s, on, metric, &pts, &sp.npoints, &base)) != CMD_OK)
			goto out;
		sp.points = pts;
		snprintf(title, sizeof title, "trade-off of %s with the Wasserstein correction (%s rows)", base, cli_on_name(on));
		snprintf(xlabel, sizeof xlabel, "%s (groups by %s)", fair_metric_info_get(metric)->name, gtitle);
		snprintf(ylabel, sizeof ylabel, "%s", s->target->task == FAIR_TASK_REGRESSION ? "MSE" : "accuracy");
		sp.xlabel = xlabel;
		sp.ylabel = ylabel;
		rv = draw(ctx, a, &sp, &t);
		goto out;
	}

	npanels = pred ? 1 : a->npos - 1;
	pd = calloc(npanels, sizeof *pd);
	panels = calloc(npanels, sizeof *panels);
	if (pd == NULL || panels == NULL) {
		rv = cli_error(ctx, a, "out of memory");
		goto out;
	}
	for (size_t p = 0; p < npanels && rv == CMD_OK; p++) {
		rv = audit_panel(ctx, a, s, pred ? NULL : a->pos[p + 1], on, grp, kind, &pd[p]);
		panels[p].title = pd[p].title;
		panels[p].n = pd[p].n;
		panels[p].x = pd[p].x;
		panels[p].y = pd[p].y;
		panels[p].yhat = pd[p].yhat;
		panels[p].group = pd[p].group;
		panels[p].w = pd[p].w;
	}
	if (rv != CMD_OK)
		goto out;
	sp.npanels = npanels;
	sp.panels = panels;
	if (cli_opt(a, "control") != NULL && (rv = control_panels(ctx, a, s, pd, npanels, &sp, &cpan, &cpd)) != CMD_OK)
		goto out;
	if (s->target->task == FAIR_TASK_REGRESSION)
		snprintf(xlabel, sizeof xlabel, "predicted %s", s->target->column);
	else if (pred && cli_opt(a, "score"))
		snprintf(xlabel, sizeof xlabel, "score (column %s%s)", cli_opt(a, "score"),
		         cli_opt(a, "direction") && !strcmp(cli_opt(a, "direction"), "lower") ? ", turned: lower means positive" : "");
	else
		snprintf(xlabel, sizeof xlabel, "score: P(%s = %s), or the decision value", s->target->column,
		         s->target->positive_label ? s->target->positive_label : "1");
	if (!pred && s->target->task == FAIR_TASK_CLASSIFICATION) {
		bool all_prob = true;
		for (size_t p = 0; p < npanels; p++) {
			fair_model *m = cli_model(ctx, a, s, a->pos[p + 1]);
			all_prob = all_prob && m && fair_model_score_is_prob(m);
		}
		if (all_prob)
			snprintf(xlabel, sizeof xlabel, "score: P(%s = %s)", s->target->column,
			         s->target->positive_label ? s->target->positive_label : "1");
	}
	sp.xlabel = xlabel;
	sp.unit_range = s->target->task == FAIR_TASK_CLASSIFICATION;
	switch (kind) {
	case PLOT_DIST:
		snprintf(title, sizeof title, "%s per group of %s, %s rows -- %s",
		         s->target->task == FAIR_TASK_REGRESSION ? "distribution of predictions" : "score distribution",
		         gtitle, cli_on_name(on),
		         sp.dist_kind == PLOT_HIST ? "histogram, same bins for all" :
		         sp.dist_kind == PLOT_DENSITY ? "Gaussian kernel density, Silverman bandwidth h" : "empirical CDF");
		break;
	case PLOT_RATES:
		snprintf(title, sizeof title, "%s per group of %s, %s rows%s",
		         s->target->task == FAIR_TASK_REGRESSION ? "mean prediction, mean target and MAE"
		                                                  : "selection rate, TPR and FPR",
		         gtitle, cli_on_name(on), s->target->task != FAIR_TASK_CLASSIFICATION ? ""
		         : B >= 2 ? " (error bars: 95% bootstrap intervals)" : " (error bars: 95% Wilson intervals)");
		break;
	case PLOT_ROC:
		snprintf(title, sizeof title, "ROC curve per group of %s, %s rows (marks: the model's decisions)", gtitle, cli_on_name(on));
		break;
	default:
		snprintf(title, sizeof title, "calibration per group of %s, %s rows", gtitle, cli_on_name(on));
		break;
	}
	rv = draw(ctx, a, &sp, &t);
out:
	if (pd)
		for (size_t p = 0; p < npanels; p++) {
			free(pd[p].rows);
			free(pd[p].x);
			free(pd[p].y);
			free(pd[p].yhat);
			free(pd[p].group);
			free(pd[p].w);
		}
	free(pd);
	free(panels);
	free(cpan);
	free(cpd);
	free(pts);
	fair_groups_free(bygrp);
	return rv;
}

const struct cmd_entry cmd_plot_entry = {
	.name = "plot", .alias = NULL, .min_args = 1, .max_args = -1, .opts = plot_opts,
	.flags = CMD_NEEDS_SESSION,
	.args = "dist|rates|roc|calibration (MODEL [MODEL2 ...] | {pred} [{positive}] [{score}] | {score} {threshold} "
	        "[{direction}]) [{by}] [{control}] [{kind}] [{on}] [{bins}] "
	        "[{ci}] [{to}] [{size}] [{script}] [{force}] | tradeoff MODEL with wasserstein [{alpha}] [{metric}] [{on}] "
	        "[{to}] [{size}] [{script}] [{force}] | tradeoff [{metric}] [{to}] [{size}] [{script}] [{force}]",
	.help = "plot group distributions, rates, ROC, calibration or a trade-off with gnuplot",
	.exec = cmd_plot_exec,
};
