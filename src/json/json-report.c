/* json-report.c -- the audit JSON contract (issue 3, man page "JSON"):
 * model, task, sensitive, on, n, overall, groups, metrics, ci, warnings. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <string.h>

#include "json/json.h"
#include "json/report.h"

static const int class_figs[] = {
	FAIR_FIG_BASE_RATE, FAIR_FIG_SELECTION_RATE, FAIR_FIG_TPR, FAIR_FIG_FPR, FAIR_FIG_TNR,
	FAIR_FIG_FNR, FAIR_FIG_PPV, FAIR_FIG_NPV, FAIR_FIG_ACCURACY, FAIR_FIG_BALANCED_ACCURACY,
	FAIR_FIG_AUC,
};
static const int reg_figs[] = {
	FAIR_FIG_MEAN_PREDICTION, FAIR_FIG_MEAN_TARGET, FAIR_FIG_MSE, FAIR_FIG_MAE,
};

static cJSON *
figs_obj(const fair_report *r, const fair_group_figures *g, bool overall, bool as_group)
{
	cJSON *o = cJSON_CreateObject();
	const int *figs = r->task == FAIR_TASK_REGRESSION ? reg_figs : class_figs;
	size_t nf = r->task == FAIR_TASK_REGRESSION ? sizeof reg_figs / sizeof *reg_figs
	                                            : sizeof class_figs / sizeof *class_figs;

	if (as_group)
		cJSON_AddStringToObject(o, "group", g->label);
	cJSON_AddNumberToObject(o, "n", (double)g->rows);
	for (size_t k = 0; k < nf; k++) {
		double v = g->fig[figs[k]];
		if (figs[k] == FAIR_FIG_AUC && !r->has_score)
			v = NAN;
		cJSON_AddItemToObject(o, fair_figure_info_get(figs[k])->name, json_num(v));
	}
	if (r->task == FAIR_TASK_REGRESSION && overall)
		cJSON_AddItemToObject(o, "r2", json_num(g->fig[FAIR_FIG_R2]));
	if (r->weighted)
		cJSON_AddNumberToObject(o, "weight", g->n);
	return o;
}

cJSON *
json_from_report(const fair_report *r, const char *model, const char *const *sensitive, size_t nsens,
                 const char *on)
{
	cJSON *root = cJSON_CreateObject(), *arr, *met, *ci = NULL;
	size_t nm = fair_metric_count(r->task);

	cJSON_AddStringToObject(root, "model", model);
	cJSON_AddStringToObject(root, "task", r->task == FAIR_TASK_REGRESSION ? "regression" : "classification");
	arr = cJSON_AddArrayToObject(root, "sensitive");
	for (size_t i = 0; i < nsens; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(sensitive[i]));
	cJSON_AddStringToObject(root, "on", on);
	cJSON_AddStringToObject(root, "convention", fair_convention_name(r->convention));
	cJSON_AddNumberToObject(root, "n", (double)r->rows_used);
	cJSON_AddItemToObject(root, "overall", figs_obj(r, &r->overall, true, false));
	arr = cJSON_AddArrayToObject(root, "groups");
	for (size_t g = 0; g < r->K; g++)
		cJSON_AddItemToArray(arr, figs_obj(r, &r->groups[g], false, true));
	met = cJSON_AddObjectToObject(root, "metrics");
	if (r->bootstrap)
		ci = cJSON_CreateObject();
	for (size_t k = 0; k < nm; k++) {
		int id = fair_metric_id(r->task, k);
		const fair_metric_value *mv = &r->metrics[id];
		const char *name = fair_metric_info_get(id)->name;
		cJSON_AddItemToObject(met, name, json_num(mv->value));
		if (ci) {
			cJSON *p = cJSON_CreateArray();
			cJSON_AddItemToArray(p, json_num(mv->ci_low));
			cJSON_AddItemToArray(p, json_num(mv->ci_high));
			cJSON_AddItemToObject(ci, name, p);
		}
	}
	if (ci) {
		cJSON_AddItemToObject(root, "ci", ci);
		cJSON_AddNumberToObject(root, "bootstrap", (double)r->bootstrap);
	}
	if (r->task == FAIR_TASK_CLASSIFICATION)
		cJSON_AddItemToObject(root, "dp_p_value", json_num(r->dp_p_value));
	if (r->pairs) {
		arr = cJSON_AddArrayToObject(root, "pairs");
		for (size_t i = 0; i < r->npairs; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "a", r->groups[r->pairs[i].a].label);
			cJSON_AddStringToObject(o, "b", r->groups[r->pairs[i].b].label);
			cJSON_AddItemToObject(o, "selection_rate_difference", json_num(r->pairs[i].d_selection_rate));
			cJSON_AddItemToObject(o, "tpr_difference", json_num(r->pairs[i].d_tpr));
			cJSON_AddItemToObject(o, "fpr_difference", json_num(r->pairs[i].d_fpr));
			cJSON_AddItemToObject(o, "p_value", json_num(r->pairs[i].p_value));
			cJSON_AddItemToArray(arr, o);
		}
	}
	arr = cJSON_AddArrayToObject(root, "warnings");
	for (size_t i = 0; i < r->nwarnings; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(r->warnings[i]));
	return root;
}
