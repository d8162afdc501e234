/* report.c -- audit reports (metric.h) as tables: per-group figures,
 * fairness metrics, models side by side; and a session's data and set-up. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/buf.h"
#include "fairsh/model.h"
#include "fairsh/spec.h"
#include "out/report.h"

static const int class_figs[] = {
	FAIR_FIG_BASE_RATE, FAIR_FIG_SELECTION_RATE, FAIR_FIG_TPR, FAIR_FIG_FPR, FAIR_FIG_TNR,
	FAIR_FIG_FNR, FAIR_FIG_PPV, FAIR_FIG_NPV, FAIR_FIG_ACCURACY, FAIR_FIG_BALANCED_ACCURACY,
	FAIR_FIG_AUC,
};
static const int reg_figs[] = {
	FAIR_FIG_MEAN_PREDICTION, FAIR_FIG_MEAN_TARGET, FAIR_FIG_MSE, FAIR_FIG_MAE, FAIR_FIG_R2,
};

static void
fig_row(struct out_table *t, const fair_report *r, const fair_group_figures *g, const int *figs, size_t nf)
{
	size_t row = out_table_row(t);

	out_table_str(t, row, 0, g->label);
	out_table_int(t, row, 1, (long long)g->rows);
	for (size_t k = 0; k < nf; k++) {
		double v = g->fig[figs[k]];
		if (figs[k] == FAIR_FIG_AUC && !r->has_score)
			out_table_null(t, row, 2 + k, "-");
		else if (figs[k] == FAIR_FIG_R2 && g != &r->overall)
			out_table_null(t, row, 2 + k, "");
		else
			out_table_num(t, row, 2 + k, v, 4);
	}
}

struct out_table *
out_report_groups(const fair_report *r, const char *title)
{
	const int *figs = r->task == FAIR_TASK_REGRESSION ? reg_figs : class_figs;
	size_t nf = r->task == FAIR_TASK_REGRESSION ? sizeof reg_figs / sizeof *reg_figs
	                                            : sizeof class_figs / sizeof *class_figs;
	const char *cols[16];
	struct out_table *t;

	cols[0] = "group";
	cols[1] = "n";
	for (size_t k = 0; k < nf; k++)
		cols[2 + k] = fair_figure_info_get(figs[k])->name;
	t = out_table_new(title, 2 + nf, cols);
	for (size_t g = 0; g < r->K; g++)
		fig_row(t, r, &r->groups[g], figs, nf);
	if (r->has_unpriv)
		fig_row(t, r, &r->unpriv, figs, nf);
	fig_row(t, r, &r->overall, figs, nf);
	return t;
}

struct out_table *
out_report_metrics(const fair_report *r, const char *title)
{
	static const char *const with_ci[] = { "metric", "value", "ci_low", "ci_high", "groups", "p_value", "verdict" };
	static const char *const no_ci[] = { "metric", "value", "groups", "verdict" };
	size_t nm = fair_metric_count(r->task);
	bool any_ci = r->bootstrap > 0;
	char buf[300];

	for (size_t k = 0; k < nm; k++)
		any_ci |= r->metrics[fair_metric_id(r->task, k)].has_ci;
	struct out_table *t = any_ci ? out_table_new(title, 7, with_ci) : out_table_new(title, 4, no_ci);
	for (size_t k = 0; k < nm; k++) {
		int id = fair_metric_id(r->task, k);
		const fair_metric_info *mi = fair_metric_info_get(id);
		const fair_metric_value *mv = &r->metrics[id];
		size_t row = out_table_row(t), c = 0;
		out_table_str(t, row, c++, mi->name);
		out_table_num(t, row, c++, mv->value, 4);
		if (any_ci) {
			out_table_num(t, row, c++, mv->ci_low, 4);
			out_table_num(t, row, c++, mv->ci_high, 4);
		}
		if (mv->ga != FAIR_GROUP_NONE && mv->gb != FAIR_GROUP_NONE)
			snprintf(buf, sizeof buf, "%s vs %s", fair_report_group_label(r, mv->ga),
			         fair_report_group_label(r, mv->gb));
		else
			buf[0] = '\0';
		out_table_str(t, row, c++, buf);
		if (any_ci)
			out_table_num(t, row, c++, mv->p_value, 3);
		out_table_str(t, row, c++, out_verdict_word(mv->verdict, mv->why));
	}
	return t;
}

struct out_table *
out_report_compare(const char *const *names, const fair_report *const *r, size_t n, int task)
{
	int ids[16];
	size_t nm = fair_metric_count(task), nc = 0;
	const char *cols[20];
	struct out_table *t;

	cols[nc++] = "model";
	cols[nc++] = task == FAIR_TASK_REGRESSION ? "mse" : "accuracy";
	for (size_t k = 0; k < nm && k < 16; k++) {
		ids[k] = fair_metric_id(task, k);
		cols[nc++] = fair_metric_info_get(ids[k])->name;
	}
	t = out_table_new(NULL, nc, cols);
	for (size_t i = 0; t && i < n; i++) {
		size_t row = out_table_row(t);
		out_table_str(t, row, 0, names[i]);
		out_table_num(t, row, 1, r[i]->overall.fig[task == FAIR_TASK_REGRESSION ? FAIR_FIG_MSE : FAIR_FIG_ACCURACY], 4);
		for (size_t k = 0; k < nm && k < 16; k++)
			out_table_num(t, row, 2 + k, r[i]->metrics[ids[k]].value, 4);
	}
	return t;
}

void
out_session_split_counts(const fair_session *s, size_t c[4])
{
	c[0] = c[1] = c[2] = c[3] = 0;
	if (s->split)
		for (size_t i = 0; i < fair_frame_nrows(s->frame); i++)
			c[s->split[i] < 4 ? s->split[i] : 3]++;
}

struct out_table *
out_session_summary(const fair_session *s)
{
	static const char *const cols[] = { "item", "value" };
	struct out_table *t = out_table_new(NULL, 2, cols);
	fair_buf b = FAIR_BUF_INIT;
	size_t c[4], r;

#define ROW(label, ...) do { fair_buf_reset(&b); fair_buf_printf(&b, __VA_ARGS__); \
	r = out_table_row(t); out_table_str(t, r, 0, label); out_table_str(t, r, 1, b.buf); } while (0)
	ROW("session", "%s", s->name);
	ROW("source", "%s", s->source ? s->source : "");
	if (s->nfilters)
		ROW("rows", "%zu (%zu kept by the filters)", fair_frame_nrows(s->frame), fair_session_nkept(s));
	else
		ROW("rows", "%zu", fair_frame_nrows(s->frame));
	ROW("columns", "%zu", fair_frame_ncols(s->frame));
	if (s->target && s->target->task == FAIR_TASK_CLASSIFICATION)
		ROW("target", "%s: positive = %s (%zu), negative = %s (%zu)", s->target->column, s->target->positive_label,
		    s->target->npos, s->target->negative_label, s->target->nneg);
	else if (s->target)
		ROW("target", "%s: regression", s->target->column);
	if (s->groups) {
		size_t *cnt = calloc(s->groups->K, sizeof *cnt);
		fair_buf_reset(&b);
		if (cnt)
			fair_groups_count(s->groups, s->keep, cnt);
		for (size_t k = 0; k < s->groups->K; k++)
			fair_buf_printf(&b, "%s%s (%zu)", k ? ", " : "", s->groups->labels[k], cnt ? cnt[k] : 0);
		free(cnt);
		r = out_table_row(t);
		out_table_str(t, r, 0, "groups");
		out_table_str(t, r, 1, b.buf);
	}
	out_session_split_counts(s, c);
	if (s->split)
		ROW("split", "%zu train, %zu test%s", c[0], c[1], c[2] ? ", calibration rows set aside" : "");
	ROW("set-up: target", "%s", s->target_spec ? s->target_spec : "(not set)");
	ROW("set-up: sensitive", "%s", s->sensitive_spec ? s->sensitive_spec : "(not set)");
	ROW("set-up: features", "%s", s->features_spec ? s->features_spec : "all");
	fair_buf_reset(&b);
	for (size_t i = 0; i < s->nfilters; i++)
		fair_buf_printf(&b, "%s%s", i ? " AND " : "", fair_filter_text(s->filters[i]));
	r = out_table_row(t);
	out_table_str(t, r, 0, "set-up: filters");
	out_table_str(t, r, 1, s->nfilters ? b.buf : "none");
	ROW("set-up: split", "%s", s->split_spec ? s->split_spec : "none");
	for (size_t i = 0; i < s->nmodels; i++) {
		fair_buf_reset(&b);
		fair_buf_printf(&b, "model %s", fair_model_name(s->models[i]));
		r = out_table_row(t);
		out_table_str(t, r, 0, b.buf);
		out_table_str(t, r, 1, fair_model_desc(s->models[i]));
	}
#undef ROW
	fair_buf_release(&b);
	return t;
}
