/* view-audit.c -- `view audit`: one or more audit reports as a dashboard.
 * Per-group figures as bars, fairness metrics with intervals and verdict
 * colours; left/right switch models, up/down scroll. The reports are
 * computed by the caller; this file only draws them. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/tui-private.h"

static const int class_figs[] = {
	FAIR_FIG_SELECTION_RATE, FAIR_FIG_BASE_RATE, FAIR_FIG_TPR, FAIR_FIG_FPR, FAIR_FIG_PPV,
	FAIR_FIG_ACCURACY, FAIR_FIG_AUC,
};
static const int reg_figs[] = {
	FAIR_FIG_MEAN_PREDICTION, FAIR_FIG_MEAN_TARGET, FAIR_FIG_MAE, FAIR_FIG_MSE,
};

struct av {
	const struct tui_audit_item *items;
	size_t n, cur;
	size_t nattr, nm;  /* sensitive attributes, models (n = nattr x nm) */
	int scroll;      /* first content line shown */
	int lines;       /* content lines of the current model (after a draw) */
};

/* Screen row of content line @y, or -1 when it is scrolled away. */
static int
row(const struct av *a, int y)
{
	int r = y - a->scroll + 1;
	return r >= 1 && r < LINES - 1 ? r : -1;
}

static int
draw_figures(struct av *a, const fair_report *r, int y)
{
	const int *figs = r->task == FAIR_TASK_REGRESSION ? reg_figs : class_figs;
	size_t nf = r->task == FAIR_TASK_REGRESSION ? sizeof reg_figs / sizeof *reg_figs
	                                            : sizeof class_figs / sizeof *class_figs;
	int lw = 8, barw, sr;
	char buf[64];
	attr_t bar = tui_attr(TUI_C_BAR, A_NORMAL);

	for (size_t g = 0; g < r->K; g++)
		if ((int)strlen(r->groups[g].label) > lw)
			lw = (int)strlen(r->groups[g].label);
	if (lw > 24)
		lw = 24;
	barw = COLS - (2 + lw + 1 + 8 + 2 + 2 + 10);
	if (barw < 10)
		barw = 10;
	if ((sr = row(a, y)) >= 0) {
		attron(A_BOLD | tui_attr(TUI_C_TITLE, A_NORMAL));
		tui_printf(sr, 0, COLS, "Per-group figures (%zu rows audited)", r->rows_used);
		attroff(A_BOLD | tui_attr(TUI_C_TITLE, A_NORMAL));
	}
	y++;
	for (size_t k = 0; k < nf; k++) {
		const fair_figure_info *fi = fair_figure_info_get(figs[k]);
		double scale = 1.0;
		bool unit = figs[k] != FAIR_FIG_MSE && figs[k] != FAIR_FIG_MAE && figs[k] != FAIR_FIG_MEAN_PREDICTION &&
		            figs[k] != FAIR_FIG_MEAN_TARGET;
		if (figs[k] == FAIR_FIG_AUC && !r->has_score)
			continue;
		if (!unit) {            /* bars relative to the largest |value| */
			scale = 0;
			for (size_t g = 0; g <= r->K; g++) {
				const fair_group_figures *gf = g < r->K ? &r->groups[g] : &r->overall;
				if (isfinite(gf->fig[figs[k]]) && fabs(gf->fig[figs[k]]) > scale)
					scale = fabs(gf->fig[figs[k]]);
			}
			if (scale == 0)
				scale = 1;
		}
		if ((sr = row(a, y)) >= 0) {
			attron(A_BOLD);
			tui_printf(sr, 1, COLS - 1, "%s", fi->title);
			attroff(A_BOLD);
			attron(A_DIM);
			tui_printf(sr, 3 + (int)strlen(fi->title), COLS - 3 - (int)strlen(fi->title), "(%s)", fi->formula);
			attroff(A_DIM);
		}
		y++;
		for (size_t g = 0; g <= r->K; g++) {
			const fair_group_figures *gf = g < r->K ? &r->groups[g] : &r->overall;
			double v = gf->fig[figs[k]];
			if ((sr = row(a, y)) >= 0) {
				if (g == r->K)
					attron(A_DIM);
				tui_printf(sr, 3, lw, "%-*s", lw, gf->label);
				tui_printf(sr, 3 + lw + 1, 8, "%8zu", gf->rows);
				tui_bar(sr, 3 + lw + 1 + 8 + 2, barw, isfinite(v) ? fabs(v) / scale : NAN, bar);
				tui_fmt(v, buf, sizeof buf);
				tui_printf(sr, 3 + lw + 1 + 8 + 2 + barw + 1, 10, "%9s", buf);
				if (g == r->K)
					attroff(A_DIM);
			}
			y++;
		}
	}
	return y;
}

static int
draw_metrics(struct av *a, const fair_report *r, int y)
{
	size_t nm = fair_metric_count(r->task);
	char buf[300], v[32], lo[32], hi[32];
	int sr;

	if ((sr = row(a, y)) >= 0) {
		attron(A_BOLD | tui_attr(TUI_C_TITLE, A_NORMAL));
		tui_printf(sr, 0, COLS, "Fairness metrics (convention %s%s)", fair_convention_name(r->convention),
		           r->bootstrap ? ", 95% bootstrap intervals" : "");
		attroff(A_BOLD | tui_attr(TUI_C_TITLE, A_NORMAL));
	}
	y++;
	for (size_t k = 0; k < nm; k++) {
		int id = fair_metric_id(r->task, k);
		const fair_metric_info *mi = fair_metric_info_get(id);
		const fair_metric_value *mv = &r->metrics[id];
		int verdict = mv->verdict, x = 1;   /* three levels, from the interval */
		if ((sr = row(a, y++)) < 0)
			continue;
		tui_fmt(mv->value, v, sizeof v);
		tui_printf(sr, x, 30, "%-30s", mi->name);
		x += 31;
		if (verdict == FAIR_VERDICT_FAIL)
			attron(tui_attr(TUI_C_BAD, A_BOLD) | A_BOLD);
		else if (verdict == FAIR_VERDICT_PASS)
			attron(tui_attr(TUI_C_GOOD, A_NORMAL));
		tui_printf(sr, x, 9, "%9s", v);
		attroff(tui_attr(TUI_C_BAD, A_BOLD) | A_BOLD | tui_attr(TUI_C_GOOD, A_NORMAL));
		x += 10;
		if (mv->has_ci) {
			tui_fmt(mv->ci_low, lo, sizeof lo);
			tui_fmt(mv->ci_high, hi, sizeof hi);
			tui_printf(sr, x, COLS - x, "[%s, %s]", lo, hi);
			x += 20;
		}
		if (verdict == FAIR_VERDICT_FAIL) {
			attron(tui_attr(TUI_C_BAD, A_REVERSE) | A_BOLD);
			snprintf(buf, sizeof buf, mi->kind == FAIR_KIND_RATIO ? "below %.2g" : "above %.2g", mi->threshold);
			if (mi->kind == FAIR_KIND_RATIO && mv->value > 1)
				snprintf(buf, sizeof buf, "above 1/%.2g", mi->threshold);
			tui_printf(sr, x, COLS - x, " %-12s", buf);
			attroff(tui_attr(TUI_C_BAD, A_REVERSE) | A_BOLD);
		} else {
			attron(tui_attr(TUI_C_GOOD, A_NORMAL));
			tui_printf(sr, x, COLS - x, " %-12s", verdict == FAIR_VERDICT_PASS ? "ok"
			           : verdict == FAIR_VERDICT_INCONCLUSIVE ? "inconclusive" : "-");
			attroff(tui_attr(TUI_C_GOOD, A_NORMAL));
		}
		x += 14;
		if (mv->ga != FAIR_GROUP_NONE && mv->gb != FAIR_GROUP_NONE && x < COLS) {
			attron(A_DIM);
			tui_printf(sr, x, COLS - x, "%s vs %s", fair_report_group_label(r, mv->ga),
			           fair_report_group_label(r, mv->gb));
			attroff(A_DIM);
		}
	}
	if (r->task == FAIR_TASK_CLASSIFICATION && !isnan(r->dp_p_value)) {
		y++;
		if ((sr = row(a, y)) >= 0)
			tui_printf(sr, 1, COLS - 1, "two-proportion test of the selection rates (%s vs %s): z = %.3f, p = %.3g",
			           fair_report_group_label(r, r->dp_ga), fair_report_group_label(r, r->dp_gb),
			           r->dp_z, r->dp_p_value);
		y++;
	}
	for (size_t i = 0; i < r->nwarnings; i++) {
		if ((sr = row(a, y)) >= 0) {
			attron(tui_attr(TUI_C_BAD, A_BOLD));
			tui_printf(sr, 1, COLS - 1, "warning: %s", r->warnings[i]);
			attroff(tui_attr(TUI_C_BAD, A_BOLD));
		}
		y++;
	}
	return y;
}

static void
draw(void *self)
{
	struct av *a = self;
	const struct tui_audit_item *it = &a->items[a->cur];
	char left[256];
	int y = 0;

	erase();
	attron(A_BOLD);
	mvhline(0, 0, ' ', COLS);
	tui_printf(0, 0, COLS, "Audit of %s [%zu/%zu] -- %s", it->name, a->cur + 1, a->n, it->title);
	attroff(A_BOLD);
	y = draw_metrics(a, it->r, y);
	y++;
	y = draw_figures(a, it->r, y);
	a->lines = y;
	snprintf(left, sizeof left, " %s%s", it->name,
	         a->lines > LINES - 2 ? "  (Up/Down scroll)" : "");
	tui_status(left, a->items[a->n - 1].attr > 0 ? "Left/Right model  s attribute  ? keys  q quit "
	                 : a->n > 1 ? "Left/Right model  ? keys  q quit " : "? keys  q quit ");
	refresh();
}

static const char *const help_lines[] = {
	"Left/Right, Tab    previous / next model",
	"s / S              next / previous sensitive attribute (view audit ... by=)",
	"Up/Down, j/k       scroll",
	"PgUp/PgDn, Space   scroll a page",
	"Home/End           top / bottom",
	"                   red: beyond the usual threshold (differences > 0.1,",
	"                   ratios < 0.8), green: within it",
	"?                  this help",
	"q                  back to the prompt",
	NULL
};

static int
key(void *self, int c, int *action)
{
	struct av *a = self;
	size_t nm = a->nm, nattr = a->nattr;
	int page = LINES - 3, maxs = a->lines - (LINES - 2);

	(void)action;
	if (maxs < 0)
		maxs = 0;
	switch (c) {
	case KEY_LEFT: case 'h': case KEY_BTAB:
		a->cur = a->cur - a->cur % nm + (a->cur % nm + nm - 1) % nm;
		a->scroll = 0;
		break;
	case KEY_RIGHT: case 'l': case '\t':
		a->cur = a->cur - a->cur % nm + (a->cur % nm + 1) % nm;
		a->scroll = 0;
		break;
	case 's': case 'S':   /* next (previous) sensitive attribute, same model */
		a->cur = ((a->cur / nm + (c == 's' ? 1 : nattr - 1)) % nattr) * nm + a->cur % nm;
		a->scroll = 0;
		break;
	case KEY_UP: case 'k': if (a->scroll > 0) a->scroll--; break;
	case KEY_DOWN: case 'j': if (a->scroll < maxs) a->scroll++; break;
	case KEY_PPAGE: a->scroll = a->scroll > page ? a->scroll - page : 0; break;
	case KEY_NPAGE: case ' ': a->scroll = a->scroll + page < maxs ? a->scroll + page : maxs; break;
	case KEY_HOME: case 'g': a->scroll = 0; break;
	case KEY_END: case 'G': a->scroll = maxs; break;
	default: return TUI_IGNORED;
	}
	return TUI_HANDLED;
}

int
tui_view_audit(const struct tui_audit_item *items, size_t n, const struct tui_opts *o, fair_error *err)
{
	struct av a;
	const struct tui_view view = { "view audit: keys", help_lines, 0, &a, draw, key };

	if (n == 0) {
		fair_error_set(err, FAIR_EINVAL, "no audit to show");
		return TUI_FAILED;
	}
	memset(&a, 0, sizeof a);
	a.items = items;
	a.n = n;
	a.nattr = items[n - 1].attr + 1;
	a.nm = n / a.nattr;
	return tui_run(&view, o, err);
}
