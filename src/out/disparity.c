/* disparity.c -- tables of disparities: spread between the groups, ratios
 * and differences to the reference group, parity flags, and the wide
 * table `bias` writes in the shape of Aequitas's bias report. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/buf.h"
#include "fairsh/spec.h"
#include "out/disparity.h"

static const char *
fig_name(int f)
{
	return fair_figure_info_get(f)->name;
}

static const char *
label(const fair_report *r, long g)
{
	return g >= 0 && (size_t)g < r->K ? r->groups[g].label : "";
}

struct out_table *
out_disparity_spread(const fair_report *r, const fair_disparity *d, const char *title)
{
	static const char *const cols[] = { "figure", "reference", "difference", "ratio", "max_group", "min_group",
	                                    "to_overall_diff", "to_overall_ratio", "limit", "parity", "out_of_parity" };
	struct out_table *t = out_table_new(title, sizeof cols / sizeof *cols, cols);

	for (size_t i = 0; i < d->nfig; i++) {
		const fair_disparity_fig *df = &d->figs[i];
		size_t row = out_table_row(t);
		fair_buf out = FAIR_BUF_INIT;
		out_table_str(t, row, 0, fig_name(df->fig));
		out_table_str(t, row, 1, label(r, df->ref));
		out_table_num(t, row, 2, df->diff, 4);
		out_table_num(t, row, 3, df->ratio, 4);
		out_table_str(t, row, 4, label(r, df->gmax));
		out_table_str(t, row, 5, label(r, df->gmin));
		out_table_num(t, row, 6, df->diff_overall, 4);
		out_table_num(t, row, 7, df->ratio_overall, 4);
		out_table_num(t, row, 8, df->limit, 4);
		out_table_str(t, row, 9, fair_parity_name(df->parity));
		for (size_t k = 0; k < d->K; k++)
			if (df->cell[k].parity == FAIR_PARITY_FALSE)
				fair_buf_printf(&out, "%s%s", out.len ? ", " : "", r->groups[k].label);
		out_table_str(t, row, 10, out.len ? out.buf : "");
		fair_buf_release(&out);
	}
	return t;
}

struct out_table *
out_disparity_groups(const fair_report *r, const fair_disparity *d, int what, const char *title)
{
	const char **cols = malloc((2 + d->nfig) * sizeof *cols);
	struct out_table *t;

	if (cols == NULL)
		return NULL;
	cols[0] = "group";
	cols[1] = "n";
	for (size_t i = 0; i < d->nfig; i++)
		cols[2 + i] = fig_name(d->figs[i].fig);
	t = out_table_new(title, 2 + d->nfig, cols);
	free(cols);
	for (size_t k = 0; t && k < d->K; k++) {
		size_t row = out_table_row(t);
		out_table_str(t, row, 0, r->groups[k].label);
		out_table_int(t, row, 1, (long long)r->groups[k].rows);
		for (size_t i = 0; i < d->nfig; i++) {
			const fair_disparity_cell *c = &d->figs[i].cell[k];
			double v = what == OUT_DISP_DIFF ? c->diff : what == OUT_DISP_VALUE ? c->value : c->ratio;
			if (what == OUT_DISP_RATIO && c->parity == FAIR_PARITY_FALSE) {
				char num[48], shown[64];
				out_fmt_num(v, 4, num, sizeof num);
				snprintf(shown, sizeof shown, "%s *", num);
				out_table_num_shown(t, row, 2 + i, v, shown);
			} else {
				out_table_num(t, row, 2 + i, v, 4);
			}
		}
	}
	return t;
}

static const char *const composite_cols[] = { "type1_parity", "type2_parity", "unsupervised_fairness",
                                              "supervised_fairness" };

static void
composites(struct out_table *t, size_t row, size_t c, const fair_disparity_group *g)
{
	out_table_str(t, row, c, fair_parity_name(g->type1));
	out_table_str(t, row, c + 1, fair_parity_name(g->type2));
	out_table_str(t, row, c + 2, fair_parity_name(g->unsupervised));
	out_table_str(t, row, c + 3, fair_parity_name(g->supervised));
}

struct out_table *
out_disparity_parity(const fair_report *r, const fair_disparity *d, const char *title)
{
	const char **cols = malloc((5 + d->nfig) * sizeof *cols);
	struct out_table *t;

	if (cols == NULL)
		return NULL;
	cols[0] = "group";
	for (size_t i = 0; i < d->nfig; i++)
		cols[1 + i] = fig_name(d->figs[i].fig);
	for (size_t i = 0; i < 4; i++)
		cols[1 + d->nfig + i] = composite_cols[i];
	t = out_table_new(title, 5 + d->nfig, cols);
	free(cols);
	for (size_t k = 0; t && k < d->K; k++) {
		size_t row = out_table_row(t);
		out_table_str(t, row, 0, r->groups[k].label);
		for (size_t i = 0; i < d->nfig; i++)
			out_table_str(t, row, 1 + i, fair_parity_name(d->figs[i].cell[k].parity));
		composites(t, row, 1 + d->nfig, &d->groups[k]);
	}
	return t;
}

#define WIDE_FIXED 11
#define WIDE_PER_FIG 5

struct out_table *
out_disparity_wide(struct out_table *t, const char *attr, const fair_report *r, const fair_disparity *d)
{
	static const char *const fixed[WIDE_FIXED] = {
		"attribute_name", "attribute_value", "group_size", "pp", "pn", "tp", "fp", "tn", "fn",
		"group_label_pos", "group_label_neg",
	};
	static const char *const suffix[WIDE_PER_FIG] = { "", "_ref_group", "_difference", "_disparity", "_parity" };
	size_t ncols = WIDE_FIXED + WIDE_PER_FIG * d->nfig + 4;

	if (t == NULL) {
		char **names = calloc(ncols, sizeof *names);
		if (names == NULL)
			return NULL;
		size_t c = 0;
		for (; c < WIDE_FIXED; c++)
			names[c] = strdup(fixed[c]);
		for (size_t i = 0; i < d->nfig; i++)
			for (size_t s = 0; s < WIDE_PER_FIG; s++) {
				fair_buf b = FAIR_BUF_INIT;
				fair_buf_printf(&b, "%s%s", fig_name(d->figs[i].fig), suffix[s]);
				names[c++] = fair_buf_detach(&b);
			}
		for (size_t i = 0; i < 4; i++)
			names[c++] = strdup(composite_cols[i]);
		t = out_table_new(NULL, ncols, (const char *const *)names);
		for (size_t i = 0; i < ncols; i++)
			free(names[i]);
		free(names);
		if (t == NULL)
			return NULL;
	}
	for (size_t k = 0; k < d->K; k++) {
		const fair_group_figures *g = &r->groups[k];
		size_t row = out_table_row(t), c = 0;
		out_table_str(t, row, c++, attr);
		out_table_str(t, row, c++, g->label);
		double cnt[9] = { g->n, g->pred_pos, g->pred_neg, g->tp, g->fp, g->tn, g->fn, g->pos, g->neg };
		/* regression has no confusion counts: the size only */
		for (int j = 0; j < 9; j++)
			if (j == 0 || r->task == FAIR_TASK_CLASSIFICATION)
				out_table_num(t, row, c++, cnt[j], 10);
			else
				out_table_null(t, row, c++, "");
		for (size_t i = 0; i < d->nfig; i++) {
			const fair_disparity_fig *df = &d->figs[i];
			const fair_disparity_cell *cl = &df->cell[k];
			out_table_num(t, row, c++, cl->value, 10);
			out_table_str(t, row, c++, label(r, df->ref));
			out_table_num(t, row, c++, cl->diff, 10);
			out_table_num(t, row, c++, cl->ratio, 10);
			out_table_str(t, row, c++, fair_parity_name(cl->parity));
		}
		composites(t, row, c, &d->groups[k]);
	}
	return t;
}
