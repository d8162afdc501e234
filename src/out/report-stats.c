/* report-stats.c -- what the audit's intervals say, as out_tables: every
 * group's rates with their intervals, and the words of the three-level
 * verdicts (fairsh/metric.h, doc/methods.md 9). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>

#include "out/report.h"

/* The rates shown with their intervals (TNR and FNR are one minus FPR and
 * TPR: their intervals follow). */
static const int ci_figs[] = {
	FAIR_FIG_BASE_RATE, FAIR_FIG_SELECTION_RATE, FAIR_FIG_TPR, FAIR_FIG_FPR, FAIR_FIG_PPV,
	FAIR_FIG_NPV, FAIR_FIG_ACCURACY,
};
#define NCI (sizeof ci_figs / sizeof ci_figs[0])

const char *
out_verdict_word(int verdict, int why)
{
	switch (verdict) {
	case FAIR_VERDICT_PASS: return "ok";
	case FAIR_VERDICT_FAIL: return why == FAIR_WHY_POINT ? "UNFAIR (value)" : "UNFAIR";
	case FAIR_VERDICT_INCONCLUSIVE: return why == FAIR_WHY_SMALL ? "inconclusive (small)" : "inconclusive";
	default: return "";
	}
}

static void
rate_row(struct out_table *t, const fair_report *r, const fair_group_figures *g, bool judged)
{
	size_t row = out_table_row(t);
	char buf[64];

	if (judged && g->small && r->min_group > 0) {
		snprintf(buf, sizeof buf, "%s *", g->label);
		out_table_str(t, row, 0, buf);
	} else {
		out_table_str(t, row, 0, g->label);
	}
	out_table_int(t, row, 1, (long long)g->rows);
	for (size_t k = 0; k < NCI; k++) {
		int f = ci_figs[k];
		if (isnan(g->fig[f]))
			out_table_null(t, row, 2 + k, "n/a");
		else if (isnan(g->ci_low[f]))
			out_table_num(t, row, 2 + k, g->fig[f], 3);
		else {
			snprintf(buf, sizeof buf, "%.3f [%.3f, %.3f]", g->fig[f], g->ci_low[f], g->ci_high[f]);
			out_table_str(t, row, 2 + k, buf);
		}
	}
}

struct out_table *
out_report_rate_intervals(const fair_report *r, const char *title)
{
	const char *cols[2 + NCI];
	struct out_table *t;

	if (r->task != FAIR_TASK_CLASSIFICATION)
		return NULL;
	cols[0] = "group";
	cols[1] = "n";
	for (size_t k = 0; k < NCI; k++)
		cols[2 + k] = fair_figure_info_get(ci_figs[k])->name;
	t = out_table_new(title, 2 + NCI, cols);
	for (size_t g = 0; g < r->K; g++)
		rate_row(t, r, &r->groups[g], true);
	if (r->has_unpriv)
		rate_row(t, r, &r->unpriv, false);
	rate_row(t, r, &r->overall, false);
	return t;
}
