/* json-stats.c -- the intervals, tests and three-level verdicts of an audit
 * in its JSON (man page "JSON"): "intervals" (how they were made),
 * "group_intervals" (every group's rates), "assessment" (each metric's
 * interval, test and verdict) and "notes". */
/* SPDX-License-Identifier: MIT */
#include <math.h>

#include "json/json.h"
#include "json/report.h"

static const int prop_figs[] = {
	FAIR_FIG_BASE_RATE, FAIR_FIG_SELECTION_RATE, FAIR_FIG_TPR, FAIR_FIG_FPR, FAIR_FIG_TNR,
	FAIR_FIG_FNR, FAIR_FIG_PPV, FAIR_FIG_NPV, FAIR_FIG_ACCURACY, FAIR_FIG_BALANCED_ACCURACY,
};

static cJSON *
pair_arr(double lo, double hi)
{
	cJSON *p = cJSON_CreateArray();
	cJSON_AddItemToArray(p, json_num(lo));
	cJSON_AddItemToArray(p, json_num(hi));
	return p;
}

static const char *
verdict_name(int v)
{
	switch (v) {
	case FAIR_VERDICT_PASS: return "fair";
	case FAIR_VERDICT_FAIL: return "unfair";
	case FAIR_VERDICT_INCONCLUSIVE: return "inconclusive";
	default: return "none";
	}
}

static const char *
why_name(int why)
{
	return why == FAIR_WHY_SMALL ? "small groups" : why == FAIR_WHY_POINT ? "value" : "interval";
}

static cJSON *
group_obj(const fair_group_figures *g, bool judged)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "group", g->label);
	if (judged)
		cJSON_AddBoolToObject(o, "small", g->small);
	for (size_t k = 0; k < sizeof prop_figs / sizeof prop_figs[0]; k++) {
		int f = prop_figs[k];
		if (!isnan(g->ci_low[f]))
			cJSON_AddItemToObject(o, fair_figure_info_get(f)->name,
			                      pair_arr(g->ci_low[f], g->ci_high[f]));
	}
	return o;
}

static cJSON *
metric_obj(const fair_report *r, const fair_metric_value *m)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "estimate", json_num(m->estimate));
	cJSON_AddItemToObject(o, "ci", pair_arr(m->ci_low, m->ci_high));
	cJSON_AddStringToObject(o, "interval", fair_ci_kind_name(m->ci_kind));
	cJSON_AddItemToObject(o, "level_each", json_num(m->ci_each));
	if (m->has_alt) {
		cJSON *a = cJSON_AddObjectToObject(o, "other_rate");
		cJSON_AddStringToObject(a, "figure", fair_figure_info_get(m->alt_fig)->name);
		cJSON_AddStringToObject(a, "a", fair_report_group_label(r, m->alt_ga));
		cJSON_AddStringToObject(a, "b", fair_report_group_label(r, m->alt_gb));
		cJSON_AddItemToObject(a, "estimate", json_num(m->alt_estimate));
		cJSON_AddItemToObject(a, "ci", pair_arr(m->alt_low, m->alt_high));
		cJSON_AddStringToObject(a, "verdict", verdict_name(m->alt_verdict));
	}
	cJSON_AddStringToObject(o, "test", fair_test_kind_name(m->test));
	cJSON_AddItemToObject(o, "statistic", json_num(m->test_stat));
	cJSON_AddItemToObject(o, "p_value", json_num(m->p_value));
	cJSON_AddNumberToObject(o, "groups_compared", (double)m->ngroups);
	cJSON_AddNumberToObject(o, "small_groups", (double)m->nsmall);
	if (!isnan(m->value_all))
		cJSON_AddItemToObject(o, "value_with_small_groups", json_num(m->value_all));
	cJSON_AddStringToObject(o, "verdict", verdict_name(m->verdict));
	cJSON_AddStringToObject(o, "verdict_from", why_name(m->why));
	return o;
}

void
json_add_stats(cJSON *root, const fair_report *r)
{
	cJSON *iv = cJSON_AddObjectToObject(root, "intervals"), *arr, *as;

	cJSON_AddNumberToObject(iv, "level", r->ci_level);
	cJSON_AddStringToObject(iv, "rates", fair_rate_ci_name(r->rate_ci));
	cJSON_AddNumberToObject(iv, "min_group", (double)r->min_group);
	cJSON_AddStringToObject(iv, "small_groups", r->keep_small ? "include" : "leave-out");
	if (r->task == FAIR_TASK_CLASSIFICATION) {
		arr = cJSON_AddArrayToObject(root, "group_intervals");
		for (size_t g = 0; g < r->K; g++)
			cJSON_AddItemToArray(arr, group_obj(&r->groups[g], true));
		cJSON_AddItemToObject(root, "overall_intervals", group_obj(&r->overall, false));
	}
	as = cJSON_AddObjectToObject(root, "assessment");
	for (size_t k = 0; k < fair_metric_count(r->task); k++) {
		int id = fair_metric_id(r->task, k);
		cJSON_AddItemToObject(as, fair_metric_info_get(id)->name, metric_obj(r, &r->metrics[id]));
	}
	if (r->pairs != NULL && r->task == FAIR_TASK_CLASSIFICATION) {
		cJSON *pr = cJSON_AddArrayToObject(root, "pair_intervals");
		static const char *const names[3] = { "selection_rate", "tpr", "fpr" };
		for (size_t i = 0; i < r->npairs; i++) {
			const fair_pair_row *q = &r->pairs[i];
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "a", r->groups[q->a].label);
			cJSON_AddStringToObject(o, "b", r->groups[q->b].label);
			for (int f = 0; f < 3; f++) {
				cJSON *d = cJSON_AddObjectToObject(o, names[f]);
				cJSON_AddItemToObject(d, "difference", json_num(q->d[f]));
				cJSON_AddItemToObject(d, "ci", pair_arr(q->lo[f], q->hi[f]));
				cJSON_AddItemToObject(d, "p_value", json_num(q->p[f]));
				cJSON_AddItemToObject(d, "p_holm", json_num(q->p_holm[f]));
			}
			cJSON_AddItemToArray(pr, o);
		}
	}
	arr = cJSON_AddArrayToObject(root, "notes");
	for (size_t i = 0; i < r->nnotes; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(r->notes[i]));
}
