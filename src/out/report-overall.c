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

/* one group's difference and ratio to overall value @o (x/0 counts as
 * +inf, 0 against 0 is 1, NaN gives NaN) */
static void
to_overall(double v, double o, double *diff, double *ratio)
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

void
out_to_overall_start(struct out_to_overall_it *it, const fair_report *r, bool with_overall)
{
	*it = (struct out_to_overall_it){ .r = r, .with_overall = with_overall };
	it->figs = out_to_overall_figs(r->task, &it->nf);
	it->k = (size_t)-1;
}

bool
out_to_overall_next_fig(struct out_to_overall_it *it)
{
	if (++it->k >= it->nf)
		return false;
	it->fig = it->figs[it->k];
	it->fig_name = fair_figure_info_get(it->fig)->name;
	it->overall = it->r->overall.fig[it->fig];
	it->g = 0;
	it->i = (size_t)-1;
	return true;
}

bool
out_to_overall_next_group(struct out_to_overall_it *it)
{
	const fair_report *r = it->r;
	for (; it->g < r->K + it->with_overall; it->g++) {
		const fair_group_figures *gf = it->g < r->K ? &r->groups[it->g] : &r->overall;
		if (!(gf->n > 0))
			continue;   /* a group without rows is not compared */
		it->group = gf;
		it->value = gf->fig[it->fig];
		to_overall(it->value, it->overall, &it->diff, &it->ratio);
		it->g++;
		it->i++;
		return true;
	}
	return false;
}

struct out_table *
out_report_to_overall(const fair_report *r, const char *title)
{
	size_t nf;
	const int *figs = out_to_overall_figs(r->task, &nf);
	const char *cols[2 + 3 * 3];
	char names[3][2][48];
	struct out_table *t;
	struct out_to_overall_it it;

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
	/* a row per group compared, then the overall row; the first figure
	 * adds the rows, row it.i is the same group for every figure */
	for (out_to_overall_start(&it, r, true); out_to_overall_next_fig(&it);)
		while (out_to_overall_next_group(&it)) {
			if (it.k == 0) {
				size_t row = out_table_row(t);
				out_table_str(t, row, 0, it.group->label);
				out_table_int(t, row, 1, (long long)it.group->rows);
			}
			out_table_num(t, it.i, 2 + 3 * it.k, it.value, 4);
			out_table_num(t, it.i, 3 + 3 * it.k, it.diff, 4);
			out_table_num(t, it.i, 4 + 3 * it.k, it.ratio, 4);
		}
	return t;
}
