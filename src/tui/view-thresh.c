/* view-thresh.c -- `view thresholds`: one decision threshold per group,
 * moved with the arrow keys, with each group's selection rate, TPR, FPR and
 * accuracy and the three fairness differences recomputed on every key by
 * binary search in the core's precomputed curves (fair_curves, metric.h),
 * and a text histogram of each group's scores with its threshold marked.
 * Enter hands the thresholds back to the caller, which saves them as a
 * model; leaving any other way leaves the caller's thresholds as they were. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-private.h"

#define STEP 0.01        /* one key: 1% of the group's rows */
#define BIGSTEP 0.10

struct tv {
	const fair_curves *t;
	const char *name;
	const char *const *labels;
	double *thr, *start;     /* K: the thresholds being moved, the starting ones */
	double *out;             /* K: the caller's, written on Enter only */
	size_t sel;
	int nb;                  /* histogram bins (for the current width) */
	size_t *hist;            /* K x nb */
	size_t *hmax;            /* K */
	char msg[256];
};

static int
bin_of(const struct tv *v, double s)
{
	double span = v->t->hi - v->t->lo;
	int b = span > 0 ? (int)((s - v->t->lo) / span * v->nb) : 0;
	return b < 0 ? 0 : b >= v->nb ? v->nb - 1 : b;
}

static int
histograms(struct tv *v, int nb)
{
	size_t K = v->t->K;
	size_t *h = calloc(K * (size_t)nb, sizeof *h), *m = calloc(K, sizeof *m);

	if (h == NULL || m == NULL) {
		free(h);
		free(m);
		return -1;
	}
	free(v->hist);
	free(v->hmax);
	v->hist = h;
	v->hmax = m;
	v->nb = nb;
	for (size_t g = 0; g < K; g++) {
		for (size_t i = 0; i < v->t->n[g]; i++)
			h[g * (size_t)nb + (size_t)bin_of(v, v->t->s[g][i])]++;
		for (int b = 0; b < nb; b++)
			if (h[g * (size_t)nb + (size_t)b] > m[g])
				m[g] = h[g * (size_t)nb + (size_t)b];
	}
	return 0;
}

static void
fair_line(int y, const char *what, int id, double val)
{
	char b[32];
	int verdict = fair_metric_verdict(id, val);
	const fair_metric_info *mi = fair_metric_info_get(id);

	tui_fmt(val, b, sizeof b);
	tui_printf(y, 2, 34, "%-34s", what);
	if (verdict == FAIR_VERDICT_FAIL)
		attron(tui_attr(TUI_C_BAD, A_BOLD) | A_BOLD);
	else if (verdict == FAIR_VERDICT_PASS)
		attron(tui_attr(TUI_C_GOOD, A_NORMAL));
	tui_printf(y, 36, 8, "%8s", b);
	tui_printf(y, 46, COLS - 46, "%s", verdict == FAIR_VERDICT_FAIL ? "beyond" : verdict == FAIR_VERDICT_PASS ? "ok" : "-");
	attroff(tui_attr(TUI_C_BAD, A_BOLD) | A_BOLD | tui_attr(TUI_C_GOOD, A_NORMAL));
	attron(A_DIM);
	tui_printf(y, 54, COLS - 54, "(usual limit %.2g)", mi ? mi->threshold : NAN);
	attroff(A_DIM);
}

static void
draw(void *self)
{
	struct tv *v = self;
	static const char *const ulev[] = { " ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char alev[] = " .:-=+*#%@";
	const fair_curves *t = v->t;
	size_t K = t->K;
	fair_curve_point *f = calloc(K, sizeof *f);
	fair_curve_gaps fr;
	int lw = 8, y, nb;
	char a[32], b[32], c[32], d[32], e[32];
	size_t total = 0;

	if (f == NULL)
		return;
	for (size_t g = 0; g < K; g++) {
		if ((int)strlen(v->labels[g]) > lw)
			lw = (int)strlen(v->labels[g]);
		total += t->n[g];
	}
	if (lw > 20)
		lw = 20;
	nb = COLS - lw - 6;
	if (nb > 60)
		nb = 60;
	if (nb < 10)
		nb = 10;
	if (nb != v->nb)
		histograms(v, nb);
	fair_curves_all(t, v->thr, f, &fr);
	erase();
	attron(A_BOLD);
	tui_printf(0, 0, COLS, "Thresholds of model %s: %zu rows, %zu groups", v->name, total, K);
	attroff(A_BOLD);
	attron(A_DIM);
	tui_put(1, 0, COLS, "a row is selected when its score is > its group's threshold");
	attroff(A_DIM);
	attron(tui_attr(TUI_C_HEADER, A_REVERSE));
	mvhline(2, 0, ' ', COLS);
	tui_printf(2, 0, COLS, "  %-*s %8s %9s %9s %9s %9s %9s %9s", lw, "group", "n", "threshold", "selected",
	           "sel.rate", "TPR", "FPR", "accuracy");
	attroff(tui_attr(TUI_C_HEADER, A_REVERSE));
	y = 3;
	for (size_t g = 0; g < K && y < LINES - 8; g++, y++) {
		tui_fmt(v->thr[g], a, sizeof a);
		tui_fmt(f[g].sel_rate, b, sizeof b);
		tui_fmt(f[g].tpr, c, sizeof c);
		tui_fmt(f[g].fpr, d, sizeof d);
		tui_fmt(f[g].acc, e, sizeof e);
		if (g == v->sel)
			attron(A_REVERSE);
		tui_printf(y, 0, COLS, "%s %-*.*s %8zu %9s %9zu %9s %9s %9s %9s", g == v->sel ? ">" : " ", lw, lw,
		           v->labels[g], f[g].n, a, f[g].sel, b, c, d, e);
		if (g == v->sel)
			attroff(A_REVERSE);
	}
	tui_fmt(fr.acc, e, sizeof e);
	attron(A_DIM);
	tui_printf(y++, 0, COLS, "  %-*s %8zu %9s %9s %9s %9s %9s %9s", lw, "overall", total, "", "", "", "", "", e);
	attroff(A_DIM);
	y++;
	attron(A_BOLD | tui_attr(TUI_C_TITLE, A_NORMAL));
	tui_put(y++, 0, COLS, "Fairness (largest minus smallest over the groups)");
	attroff(A_BOLD | tui_attr(TUI_C_TITLE, A_NORMAL));
	fair_line(y++, "demographic parity difference", FAIR_M_DP_DIFF, fr.dp);
	fair_line(y++, "equal opportunity difference (TPR)", FAIR_M_EOPP_DIFF, fr.eo);
	fair_line(y++, "equalized odds difference", FAIR_M_EODDS_DIFF, fr.eodds);
	y++;
	/* histograms: one line of bins, the threshold marked on the line below */
	if (y < LINES - 2) {
		attron(A_BOLD | tui_attr(TUI_C_TITLE, A_NORMAL));
		tui_printf(y++, 0, COLS, "Scores per group (%.4g .. %.4g); selected bins highlighted", t->lo, t->hi);
		attroff(A_BOLD | tui_attr(TUI_C_TITLE, A_NORMAL));
	}
	for (size_t g = 0; g < K && y + 1 < LINES - 1; g++) {
		int tb = v->thr[g] < t->lo ? -1 : v->thr[g] >= t->hi ? v->nb : bin_of(v, v->thr[g]);
		if (g == v->sel)
			attron(A_BOLD);
		tui_printf(y, 0, lw + 2, "%s %-*.*s", g == v->sel ? ">" : " ", lw, lw, v->labels[g]);
		attroff(A_BOLD);
		move(y, lw + 3);
		addstr(tui_utf8 ? "\u2502" : "|");
		for (int k = 0; k < v->nb; k++) {
			size_t cnt = v->hist[g * (size_t)v->nb + (size_t)k], mx = v->hmax[g] ? v->hmax[g] : 1;
			int lev = cnt == 0 ? 0 : 1 + (int)((double)cnt / (double)mx * (tui_utf8 ? 7.0 : 8.0) + 0.5);
			bool on = k > tb;
			if (lev > (tui_utf8 ? 8 : 9))
				lev = tui_utf8 ? 8 : 9;
			if (on)
				attron(tui_attr(TUI_C_GOOD, A_BOLD));
			if (tui_utf8)
				addstr(ulev[lev]);
			else
				addch((chtype)(unsigned char)alev[lev]);
			if (on)
				attroff(tui_attr(TUI_C_GOOD, A_BOLD));
		}
		addstr(tui_utf8 ? "\u2502" : "|");
		y++;
		tui_fmt(v->thr[g], a, sizeof a);
		{
			int x = lw + 4 + (tb < 0 ? 0 : tb >= v->nb ? v->nb - 1 : tb);
			attron(tui_attr(TUI_C_MARK, A_BOLD) | A_BOLD);
			mvaddstr(y, x, tui_utf8 ? "\u25B2" : "^");
			attroff(tui_attr(TUI_C_MARK, A_BOLD) | A_BOLD);
			if (x + 2 + (int)strlen(a) < COLS)
				tui_printf(y, x + 2, COLS - x - 2, "t=%s", a);
			else
				tui_printf(y, x - 2 - (int)strlen(a) - 2, (int)strlen(a) + 2, "t=%s", a);
		}
		y++;
	}
	tui_status(v->msg[0] ? v->msg : " Up/Down group  Left/Right move  PgUp/PgDn x10  Enter save",
	           "? keys  q quit ");
	refresh();
	free(f);
}

static const char *const help_lines[] = {
	"Up/Down, j/k           select a group",
	"Left/Right, h/l        lower / raise its threshold by 1% of the group's rows",
	"Shift-Left/Right,      ... by 10%",
	"  PgDn/PgUp, H/L",
	"=                      give every group the selected group's threshold",
	"r                      back to the starting thresholds",
	"Enter                  save the thresholds as a new model and leave",
	"?                      this help",
	"q                      leave without saving",
	"",
	"A row is selected when its score is above its group's threshold. The",
	"differences are largest minus smallest over the groups: selection rate",
	"(demographic parity), TPR (equal opportunity), and the larger of the",
	"TPR and FPR differences (equalized odds).",
	NULL
};

static int
key(void *self, int c, int *action)
{
	struct tv *v = self;
	const fair_curves *t = v->t;
	double *thr = v->thr, frac = STEP;
	long steps = 0;

	if (c == '\n' || c == '\r' || c == KEY_ENTER) {
		memcpy(v->out, thr, t->K * sizeof *thr);
		*action = TUI_SAVE_THRESHOLDS;
		return TUI_BREAK;
	}
	v->msg[0] = '\0';
	switch (c) {
	case KEY_UP: case 'k': if (v->sel > 0) v->sel--; break;
	case KEY_DOWN: case 'j': if (v->sel + 1 < t->K) v->sel++; break;
	case KEY_LEFT: case 'h': steps = -1; break;
	case KEY_RIGHT: case 'l': steps = 1; break;
	case KEY_SLEFT: case KEY_NPAGE: case 'H': steps = -1; frac = BIGSTEP; break;
	case KEY_SRIGHT: case KEY_PPAGE: case 'L': steps = 1; frac = BIGSTEP; break;
	case '=':
		for (size_t g = 0; g < t->K; g++)
			thr[g] = thr[v->sel];
		snprintf(v->msg, sizeof v->msg, " every group at %.4f", thr[v->sel]);
		break;
	case 'r':
		memcpy(thr, v->start, t->K * sizeof *thr);
		snprintf(v->msg, sizeof v->msg, " starting thresholds");
		break;
	default:
		return TUI_IGNORED;
	}
	if (steps)
		thr[v->sel] = fair_curves_step(t, v->sel, thr[v->sel], steps, frac);
	return TUI_HANDLED;
}

int
tui_view_thresholds(const fair_curves *t, const char *name, const char *const *labels,
                    double *thr, const struct tui_opts *o, fair_error *err)
{
	struct tv v;
	const struct tui_view view = { "view thresholds: keys", help_lines, 0, &v, draw, key };
	int rv = TUI_FAILED;

	memset(&v, 0, sizeof v);
	v.t = t;
	v.name = name;
	v.labels = labels;
	v.out = thr;
	v.thr = malloc(t->K * sizeof *v.thr);
	v.start = malloc(t->K * sizeof *v.start);
	if (v.thr == NULL || v.start == NULL)
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
	else {
		memcpy(v.start, thr, t->K * sizeof *thr);
		memcpy(v.thr, thr, t->K * sizeof *thr);
		rv = tui_run(&view, o, err);
	}
	free(v.thr);
	free(v.start);
	free(v.hist);
	free(v.hmax);
	return rv;
}
