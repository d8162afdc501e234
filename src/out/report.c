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

/* figures of the JSON and the tidy CSV that the text table leaves to
 * `audit ... disparity=` (it is wide enough) */
static const int class_more_figs[] = { FAIR_FIG_FOR, FAIR_FIG_FDR, FAIR_FIG_PPR, FAIR_FIG_PPREV };

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

/* The comparison table; with @ci, each metric's interval appended as
 * <metric>_ci_low and <metric>_ci_high after every other column. */
static struct out_table *
compare_table(const char *const *names, const fair_report *const *r, size_t n, int task, bool ci)
{
	int ids[16];
	size_t nm = fair_metric_count(task), nc = 0;
	const char *cols[52];
	char *cinames[32];
	struct out_table *t;

	nm = nm < 16 ? nm : 16;
	cols[nc++] = "model";
	cols[nc++] = task == FAIR_TASK_REGRESSION ? "mse" : "accuracy";
	for (size_t k = 0; k < nm; k++) {
		ids[k] = fair_metric_id(task, k);
		cols[nc++] = fair_metric_info_get(ids[k])->name;
	}
	for (size_t k = 0; ci && k < nm; k++)
		for (int e = 0; e < 2; e++) {
			char b[96];
			snprintf(b, sizeof b, "%s_ci_%s", fair_metric_info_get(ids[k])->name, e ? "high" : "low");
			cinames[2 * k + (size_t)e] = strdup(b);
			cols[nc++] = cinames[2 * k + (size_t)e] != NULL ? cinames[2 * k + (size_t)e] : "?";
		}
	t = out_table_new(NULL, nc, cols);
	for (size_t k = 0; ci && k < 2 * nm; k++)
		free(cinames[k]);
	for (size_t i = 0; t && i < n; i++) {
		size_t row = out_table_row(t);
		out_table_str(t, row, 0, names[i]);
		out_table_num(t, row, 1, r[i]->overall.fig[task == FAIR_TASK_REGRESSION ? FAIR_FIG_MSE : FAIR_FIG_ACCURACY], 4);
		for (size_t k = 0; k < nm; k++) {
			const fair_metric_value *m = &r[i]->metrics[ids[k]];
			out_table_num(t, row, 2 + k, m->value, 4);
			if (!ci)
				continue;
			out_table_num(t, row, 2 + nm + 2 * k, m->has_ci ? m->ci_low : NAN, 4);
			out_table_num(t, row, 3 + nm + 2 * k, m->has_ci ? m->ci_high : NAN, 4);
		}
	}
	return t;
}

struct out_table *
out_report_compare(const char *const *names, const fair_report *const *r, size_t n, int task)
{
	return compare_table(names, r, n, task, false);
}

struct out_table *
out_report_compare_ci(const char *const *names, const fair_report *const *r, size_t n, int task)
{
	return compare_table(names, r, n, task, true);
}

struct out_table *
out_report_compare_intervals(const char *const *names, const fair_report *const *r, size_t n, int task)
{
	int ids[16];
	size_t nm = fair_metric_count(task), nc = 0;
	const char *cols[18];
	struct out_table *t;

	nm = nm < 16 ? nm : 16;
	cols[nc++] = "model";
	for (size_t k = 0; k < nm; k++) {
		ids[k] = fair_metric_id(task, k);
		cols[nc++] = fair_metric_info_get(ids[k])->name;
	}
	t = out_table_new(NULL, nc, cols);
	for (size_t i = 0; t && i < n; i++) {
		size_t row = out_table_row(t);
		out_table_str(t, row, 0, names[i]);
		for (size_t k = 0; k < nm; k++) {
			const fair_metric_value *m = &r[i]->metrics[ids[k]];
			char lo[32], hi[32], b[72];
			if (!m->has_ci || isnan(m->ci_low) || isnan(m->ci_high)) {
				out_table_null(t, row, 1 + k, "n/a");
				continue;
			}
			snprintf(b, sizeof b, "[%s, %s]", out_fmt_num(m->ci_low, 3, lo, sizeof lo),
			         out_fmt_num(m->ci_high, 3, hi, sizeof hi));
			out_table_str(t, row, 1 + k, b);
			t->right[1 + k] = true;
		}
	}
	return t;
}

/* ---- the tidy table ----------------------------------------------------------- */

const char *const out_tidy_cols[OUT_TIDY_NCOLS] = {
	"model", "kind", "name", "group", "value", "n", "ci_low", "ci_high", "limit", "status", "group_a", "group_b",
};

struct out_table *
out_tidy_new(void)
{
	return out_table_new(NULL, OUT_TIDY_NCOLS, out_tidy_cols);
}

/* A row with model, kind, name and value; the other cells empty. */
static size_t
tidy_row(struct out_table *t, const char *model, const char *kind, const char *name, double value)
{
	size_t row = out_table_row(t);

	for (size_t j = 0; j < OUT_TIDY_NCOLS; j++)
		out_table_null(t, row, j, "");
	out_table_str(t, row, OUT_TIDY_MODEL, model);
	out_table_str(t, row, OUT_TIDY_KIND, kind);
	out_table_str(t, row, OUT_TIDY_NAME, name);
	out_table_num(t, row, OUT_TIDY_VALUE, value, 4);
	return row;
}

size_t
out_tidy_pair(struct out_table *t, const char *model, const char *kind, const char *name, double value,
              const char *a, const char *b)
{
	size_t row = tidy_row(t, model, kind, name, value);

	out_table_str(t, row, OUT_TIDY_GROUP_A, a);
	out_table_str(t, row, OUT_TIDY_GROUP_B, b);
	return row;
}

static void
tidy_figures(struct out_table *t, const char *model, const fair_report *r, const fair_group_figures *g)
{
	const int *figs = r->task == FAIR_TASK_REGRESSION ? reg_figs : class_figs;
	size_t nf = r->task == FAIR_TASK_REGRESSION ? sizeof reg_figs / sizeof *reg_figs
	                                            : sizeof class_figs / sizeof *class_figs;

	for (size_t k = 0; k < nf; k++) {
		if ((figs[k] == FAIR_FIG_AUC && !r->has_score) || (figs[k] == FAIR_FIG_R2 && g != &r->overall))
			continue;
		size_t row = tidy_row(t, model, "figure", fair_figure_info_get(figs[k])->name, g->fig[figs[k]]);
		out_table_str(t, row, OUT_TIDY_GROUP, g->label);
		out_table_int(t, row, OUT_TIDY_N, (long long)g->rows);
		/* the rate's interval at the report's level (Wilson or exact) */
		if (!isnan(g->ci_low[figs[k]])) {
			out_table_num(t, row, OUT_TIDY_CI_LOW, g->ci_low[figs[k]], 4);
			out_table_num(t, row, OUT_TIDY_CI_HIGH, g->ci_high[figs[k]], 4);
		}
	}
	for (size_t k = 0; r->task == FAIR_TASK_CLASSIFICATION && k < sizeof class_more_figs / sizeof *class_more_figs; k++) {
		int f = class_more_figs[k];
		size_t row = tidy_row(t, model, "figure", fair_figure_info_get(f)->name, g->fig[f]);
		out_table_str(t, row, OUT_TIDY_GROUP, g->label);
		out_table_int(t, row, OUT_TIDY_N, (long long)g->rows);
	}
}

void
out_tidy_report(struct out_table *t, const char *model, const fair_report *r)
{
	static const char *const pair_figs[3] = { "selection_rate", "tpr", "fpr" };
	char name[96];

	for (size_t g = 0; g < r->K; g++)
		tidy_figures(t, model, r, &r->groups[g]);
	if (r->has_unpriv)
		tidy_figures(t, model, r, &r->unpriv);
	tidy_figures(t, model, r, &r->overall);
	/* groups below the minimum size (1) or not (0) */
	for (size_t g = 0; r->task == FAIR_TASK_CLASSIFICATION && r->min_group > 0 && g < r->K; g++) {
		size_t row = tidy_row(t, model, "group", "small", r->groups[g].small ? 1 : 0);
		out_table_str(t, row, OUT_TIDY_GROUP, r->groups[g].label);
		out_table_int(t, row, OUT_TIDY_N, (long long)r->groups[g].rows);
		out_table_num(t, row, OUT_TIDY_LIMIT, (double)r->min_group, 4);
	}
	for (size_t k = 0; k < fair_metric_count(r->task); k++) {
		int id = fair_metric_id(r->task, k);
		const fair_metric_info *mi = fair_metric_info_get(id);
		const fair_metric_value *mv = &r->metrics[id];
		size_t row = tidy_row(t, model, "metric", mi->name, mv->value);
		if (mv->has_ci) {
			out_table_num(t, row, OUT_TIDY_CI_LOW, mv->ci_low, 4);
			out_table_num(t, row, OUT_TIDY_CI_HIGH, mv->ci_high, 4);
		}
		out_table_num(t, row, OUT_TIDY_LIMIT, mi->threshold, 4);
		out_table_str(t, row, OUT_TIDY_STATUS, mv->verdict == FAIR_VERDICT_PASS ? "pass"
		              : mv->verdict == FAIR_VERDICT_FAIL ? "fail" : "inconclusive");
		if (mv->ga != FAIR_GROUP_NONE)
			out_table_str(t, row, OUT_TIDY_GROUP_A, fair_report_group_label(r, mv->ga));
		if (mv->gb != FAIR_GROUP_NONE)
			out_table_str(t, row, OUT_TIDY_GROUP_B, fair_report_group_label(r, mv->gb));
		/* the test that the groups compared are equal: NAME_p_value */
		if (mv->test != FAIR_TEST_NONE) {
			snprintf(name, sizeof name, "%s_p_value", mi->name);
			tidy_row(t, model, "test", name, mv->p_value);
		}
	}
	if (r->task == FAIR_TASK_CLASSIFICATION && r->dp_ga != FAIR_GROUP_NONE && r->dp_gb != FAIR_GROUP_NONE) {
		const char *a = fair_report_group_label(r, r->dp_ga), *b = fair_report_group_label(r, r->dp_gb);
		out_tidy_pair(t, model, "test", "selection_rate_z", r->dp_z, a, b);
		out_tidy_pair(t, model, "test", "selection_rate_p_value", r->dp_p_value, a, b);
	}
	for (size_t i = 0; r->pairs && i < r->npairs; i++) {
		const fair_pair_row *p = &r->pairs[i];
		const char *a = r->groups[p->a].label, *b = r->groups[p->b].label;
		if (r->task == FAIR_TASK_REGRESSION) {
			out_tidy_pair(t, model, "pair", "selection_rate_difference", p->d_selection_rate, a, b);
			continue;
		}
		/* each difference with its interval, its test and the Holm-adjusted
		 * test over all the pairs */
		for (int f = 0; f < 3; f++) {
			snprintf(name, sizeof name, "%s_difference", pair_figs[f]);
			size_t row = out_tidy_pair(t, model, "pair", name, p->d[f], a, b);
			out_table_num(t, row, OUT_TIDY_CI_LOW, p->lo[f], 4);
			out_table_num(t, row, OUT_TIDY_CI_HIGH, p->hi[f], 4);
		}
		out_tidy_pair(t, model, "pair", "p_value", p->p_value, a, b);
		for (int f = 0; f < 3; f++) {
			snprintf(name, sizeof name, "%s_p_value", pair_figs[f]);
			out_tidy_pair(t, model, "pair", name, p->p[f], a, b);
			snprintf(name, sizeof name, "%s_p_holm", pair_figs[f]);
			out_tidy_pair(t, model, "pair", name, p->p_holm[f], a, b);
		}
	}
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
	if (fair_session_nfilters_text(s))
		ROW("rows", "%zu (%zu kept by the filters)", fair_session_nrows(s), fair_session_nkept(s));
	else
		ROW("rows", "%zu", fair_session_nrows(s));
	ROW("columns", "%zu", fair_session_ncols(s));
	if (s->target && s->target->task == FAIR_TASK_CLASSIFICATION)
		ROW("target", "%s: positive = %s (%zu), negative = %s (%zu)", s->target->column, s->target->positive_label,
		    s->target->npos, s->target->negative_label, s->target->nneg);
	else if (s->target)
		ROW("target", "%s: regression", s->target->column);
	if (s->groups) {
		size_t *cnt = calloc(s->groups->K, sizeof *cnt);
		fair_buf_reset(&b);
		if (cnt && (s->db != NULL || s->stream_path != NULL))   /* attached: counted by the audit */
			memcpy(cnt, s->groups->count, s->groups->K * sizeof *cnt);
		else if (cnt)
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
	for (size_t i = 0; i < fair_session_nfilters_text(s); i++)
		fair_buf_printf(&b, "%s%s", i ? " AND " : "", fair_session_filter_str(s, i));
	r = out_table_row(t);
	out_table_str(t, r, 0, "set-up: filters");
	out_table_str(t, r, 1, fair_session_nfilters_text(s) ? b.buf : "none");
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

struct out_table *
out_importance(const fair_importance *imp, const char *sens, size_t top, const char *title)
{
	const char *cols[6] = { "feature", "share", "gain", "total_gain", NULL, "note" };
	char etacol[200];
	size_t n = imp->n, *ord = malloc((n ? n : 1) * sizeof *ord), used = 0, nc = 0;
	const char *names[6];
	struct out_table *t;

	snprintf(etacol, sizeof etacol, "eta(%s)", sens ? sens : "");
	cols[4] = etacol;
	for (size_t j = 0; j < 6; j++)
		if (j != 4 || sens != NULL)
			names[nc++] = cols[j];
	t = out_table_new(title, nc, names);
	if (ord == NULL)
		return t;
	/* the features split on, by share (then name) */
	for (size_t k = 0; k < n; k++)
		if (imp->total[k] > 0)
			ord[used++] = k;
	for (size_t i = 1; i < used; i++)
		for (size_t j = i; j > 0; j--) {
			size_t a = ord[j - 1], b = ord[j];
			if (imp->share[a] > imp->share[b] || (imp->share[a] == imp->share[b] && strcmp(imp->names[a], imp->names[b]) <= 0))
				break;
			ord[j - 1] = b;
			ord[j] = a;
		}
	if (top > 0 && used > top)
		used = top;
	for (size_t i = 0; i < used; i++) {
		size_t k = ord[i], r = out_table_row(t), c = 0;
		out_table_str(t, r, c++, imp->names[k]);
		out_table_num(t, r, c++, imp->share[k], 4);
		out_table_num(t, r, c++, imp->gain[k], 4);
		out_table_num(t, r, c++, imp->total[k], 4);
		if (sens != NULL)
			out_table_num(t, r, c++, imp->eta[k], 3);
		out_table_str(t, r, c++, imp->sensitive[k] ? "sensitive attribute" : imp->proxy[k] ? "proxy" : "");
	}
	free(ord);
	return t;
}
