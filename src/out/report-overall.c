/* report-overall.c -- each group against the overall rows (Fairlearn's
 * MetricFrame.difference/ratio(method="to_overall") before the max): the
 * figures the metrics of an audit with vs=overall compare. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "out/report.h"

static const int class_figs[] = { FAIR_FIG_SELECTION_RATE, FAIR_FIG_TPR, FAIR_FIG_FPR };
static const int reg_figs[] = { FAIR_FIG_MEAN_PREDICTION };

const int *
out_to_overall_figs(int task, size_t *n)
{
	if (task == FAIR_TASK_REGRESSION) {
		*n = sizeof reg_figs / sizeof *reg_figs;
		return reg_figs;
	}
	*n = sizeof class_figs / sizeof *class_figs;
	return class_figs;
}

void
out_to_overall(double v, double o, double *diff, double *ratio)
{
	*diff = v - o;   /* NaN when either is */
	if (isnan(v) || isnan(o)) {
		*ratio = NAN;
		return;
	}
	if (v == 0 && o == 0) {   /* equal: as disparity='s to-overall ratio */
		*ratio = 1.0;
		return;
	}
	/* x / 0 is +inf: the other quotient is then the smaller (Fairlearn:
	 * a group at 0 against a positive overall value has ratio 0) */
	double a = o != 0 ? v / o : INFINITY, b = v != 0 ? o / v : INFINITY;
	*ratio = a < b ? a : b;
}

struct out_table *
out_report_to_overall(const fair_report *r, const char *title)
{
	size_t nf;
	const int *figs = out_to_overall_figs(r->task, &nf);
	const char *cols[2 + 3 * 3];
	char names[3][2][48];
	struct out_table *t;

	cols[0] = "group";
	cols[1] = "n";
	for (size_t k = 0; k < nf; k++) {
		const char *f = fair_figure_info_get(figs[k])->name;
		snprintf(names[k][0], sizeof names[k][0], "%s_diff", f);
		snprintf(names[k][1], sizeof names[k][1], "%s_ratio", f);
		cols[2 + 3 * k] = f;
		cols[3 + 3 * k] = names[k][0];
		cols[4 + 3 * k] = names[k][1];
	}
	if ((t = out_table_new(title, 2 + 3 * nf, cols)) == NULL)
		return NULL;
	for (size_t g = 0; g <= r->K; g++) {
		const fair_group_figures *gf = g < r->K ? &r->groups[g] : &r->overall;
		if (!(gf->n > 0))
			continue;   /* a group without rows is not compared */
		size_t row = out_table_row(t);
		out_table_str(t, row, 0, gf->label);
		out_table_int(t, row, 1, (long long)gf->rows);
		for (size_t k = 0; k < nf; k++) {
			double d, q;
			out_to_overall(gf->fig[figs[k]], r->overall.fig[figs[k]], &d, &q);
			out_table_num(t, row, 2 + 3 * k, gf->fig[figs[k]], 4);
			out_table_num(t, row, 3 + 3 * k, d, 4);
			out_table_num(t, row, 4 + 3 * k, q, 4);
		}
	}
	return t;
}
