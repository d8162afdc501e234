/* json-report.c -- the audit JSON contract (man page "JSON"): model, task,
 * sensitive, on, n, overall, groups, metrics, ci, warnings; and the report
 * document of `report FILE.json` around it. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <string.h>

#include <stdlib.h>

#include "fairsh/model.h"
#include "fairsh/spec.h"
#include "json/json.h"
#include "json/report.h"
#include "out/document.h"
#include "out/report.h"

static const int class_figs[] = {
	FAIR_FIG_BASE_RATE, FAIR_FIG_SELECTION_RATE, FAIR_FIG_TPR, FAIR_FIG_FPR, FAIR_FIG_TNR,
	FAIR_FIG_FNR, FAIR_FIG_PPV, FAIR_FIG_NPV, FAIR_FIG_ACCURACY, FAIR_FIG_BALANCED_ACCURACY,
	FAIR_FIG_AUC, FAIR_FIG_FOR, FAIR_FIG_FDR, FAIR_FIG_PPR, FAIR_FIG_PPREV,
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
	if (r->weighted) {   /* schema 2: the weight behind the figures, and its Kish size */
		cJSON_AddNumberToObject(o, "weight", g->n);
		cJSON_AddNumberToObject(o, "n_eff", g->n_eff);
	}
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

/* pass, fail, inconclusive (three levels; an undefined value or a metric
 * without a limit is inconclusive too) */
static const char *
status_name(int verdict)
{
	return verdict == FAIR_VERDICT_PASS ? "pass" : verdict == FAIR_VERDICT_FAIL ? "fail" : "inconclusive";
}

static const char *
status_from(int why)
{
	return why == FAIR_WHY_SMALL ? "small groups" : why == FAIR_WHY_POINT ? "value" : "interval";
}

/* ["a", "b"]: the two groups a metric compares (null for none) */
static cJSON *
group_pair(const fair_report *r, const fair_metric_value *mv)
{
	cJSON *p = cJSON_CreateArray();
	long g[2] = { mv->ga, mv->gb };

	for (int i = 0; i < 2; i++)
		cJSON_AddItemToArray(p, g[i] == FAIR_GROUP_NONE ? cJSON_CreateNull()
		                                                 : cJSON_CreateString(fair_report_group_label(r, g[i])));
	return p;
}

/* One metric's verdict as data: what the metrics table and the sentence in
 * plain words say (man page "JSON"). */
static cJSON *
verdict_obj(const fair_report *r, int id, const char *text, size_t tlen)
{
	const fair_metric_info *mi = fair_metric_info_get(id);
	const fair_metric_value *mv = &r->metrics[id];
	cJSON *o = cJSON_CreateObject(), *p;
	double lo, hi;
	bool has_limit = fair_metric_range(id, &lo, &hi);

	cJSON_AddStringToObject(o, "metric", mi->name);
	cJSON_AddItemToObject(o, "value", json_num(mv->value));
	cJSON_AddItemToObject(o, "limit", json_num(mi->threshold));
	p = cJSON_AddArrayToObject(o, "accepted");
	cJSON_AddItemToArray(p, json_num(has_limit ? lo : NAN));
	cJSON_AddItemToArray(p, json_num(has_limit ? hi : NAN));
	cJSON_AddStringToObject(o, "status", status_name(mv->verdict));
	cJSON_AddStringToObject(o, "status_from", status_from(mv->why));
	cJSON_AddItemToObject(o, "figure", mv->fig >= 0 ? cJSON_CreateString(fair_figure_info_get(mv->fig)->name)
	                                                : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "groups", group_pair(r, mv));
	p = cJSON_AddArrayToObject(o, "group_values");
	cJSON_AddItemToArray(p, json_num(mv->ga == FAIR_GROUP_NONE ? NAN : mv->va));
	cJSON_AddItemToArray(p, json_num(mv->gb == FAIR_GROUP_NONE ? NAN : mv->vb));
	if (mv->has_ci) {
		p = cJSON_AddArrayToObject(o, "ci");
		cJSON_AddItemToArray(p, json_num(mv->ci_low));
		cJSON_AddItemToArray(p, json_num(mv->ci_high));
		cJSON_AddStringToObject(o, "ci_status", status_name(fair_metric_verdict_ci(id, mv->ci_low, mv->ci_high)));
	}
	if (text != NULL) {
		char *t = strndup(text, tlen);
		cJSON_AddStringToObject(o, "text", t ? t : "");
		free(t);
	}
	return o;
}

/* "verdicts" (one per metric, in report order) and "worst_pair". */
static void
add_verdicts(cJSON *root, const fair_report *r)
{
	fair_buf v = FAIR_BUF_INIT;
	fair_error err;
	const char *line = NULL;
	cJSON *arr = cJSON_AddArrayToObject(root, "verdicts");
	int worst;

	/* fair_report_verdicts writes one sentence per metric, in the same order */
	if (fair_report_verdicts(r, &v, &err) == FAIR_OK)
		line = v.buf;
	for (size_t k = 0; k < fair_metric_count(r->task); k++) {
		size_t l = line ? strcspn(line, "\n") : 0;
		cJSON_AddItemToArray(arr, verdict_obj(r, fair_metric_id(r->task, k), line, l));
		if (line)
			line = line[l] ? line + l + 1 : NULL;
	}
	fair_buf_release(&v);
	worst = fair_report_worst_metric(r);
	if (worst < 0) {
		cJSON_AddNullToObject(root, "worst_pair");
		return;
	}
	const fair_metric_value *mv = &r->metrics[worst];
	cJSON *w = cJSON_AddObjectToObject(root, "worst_pair"), *p;
	cJSON_AddStringToObject(w, "metric", fair_metric_info_get(worst)->name);
	cJSON_AddItemToObject(w, "groups", group_pair(r, mv));
	p = cJSON_AddArrayToObject(w, "group_values");
	cJSON_AddItemToArray(p, json_num(mv->ga == FAIR_GROUP_NONE ? NAN : mv->va));
	cJSON_AddItemToArray(p, json_num(mv->gb == FAIR_GROUP_NONE ? NAN : mv->vb));
	cJSON_AddItemToObject(w, "value", json_num(mv->value));
	cJSON_AddItemToObject(w, "limit", json_num(fair_metric_info_get(worst)->threshold));
	cJSON_AddItemToObject(w, "severity", json_num(fair_metric_severity(worst, mv->value)));
	cJSON_AddStringToObject(w, "status", status_name(mv->verdict));
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
	/* schema 2: what the metrics compare, and whether rows were weighted */
	cJSON_AddStringToObject(root, "vs", r->vs == FAIR_VS_OVERALL ? "overall" : "groups");
	cJSON_AddStringToObject(root, "agg", r->agg == FAIR_AGG_MEAN ? "mean" : "max");
	cJSON_AddBoolToObject(root, "weighted", r->weighted);
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
	add_verdicts(root, r);
	arr = cJSON_AddArrayToObject(root, "warnings");
	for (size_t i = 0; i < r->nwarnings; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(r->warnings[i]));
	json_add_stats(root, r);
	return root;
}

cJSON *
json_from_document(const struct out_doc *d)
{
	const fair_session *s = d->session;
	cJSON *root = cJSON_CreateObject(), *ds, *su, *arr;
	struct out_table *t;
	size_t c[4];

	cJSON_AddStringToObject(root, "format", "fairsh-report");
	cJSON_AddNumberToObject(root, "schema_version", JSON_SCHEMA_VERSION);
	cJSON_AddStringToObject(root, "written_by", d->written_by);
	cJSON_AddStringToObject(root, "on", d->on);
	cJSON_AddNumberToObject(root, "bootstrap", (double)d->bootstrap);
	cJSON_AddStringToObject(root, "convention", d->convention);
	ds = cJSON_AddObjectToObject(root, "dataset");
	cJSON_AddStringToObject(ds, "session", s->name);
	cJSON_AddStringToObject(ds, "source", s->source ? s->source : "");
	cJSON_AddNumberToObject(ds, "rows", (double)fair_session_nrows(s));
	cJSON_AddNumberToObject(ds, "kept", (double)fair_session_nkept(s));
	cJSON_AddNumberToObject(ds, "columns", (double)fair_session_ncols(s));
	out_session_split_counts(s, c);
	if (s->split) {
		cJSON *sp = cJSON_AddObjectToObject(ds, "split");
		cJSON_AddNumberToObject(sp, "train", (double)c[0]);
		cJSON_AddNumberToObject(sp, "test", (double)c[1]);
		cJSON_AddNumberToObject(sp, "calib", (double)c[2]);
	}
	su = cJSON_AddObjectToObject(root, "setup");
	cJSON_AddItemToObject(su, "target", s->target_spec ? cJSON_CreateString(s->target_spec) : cJSON_CreateNull());
	cJSON_AddItemToObject(su, "sensitive", s->sensitive_spec ? cJSON_CreateString(s->sensitive_spec) : cJSON_CreateNull());
	cJSON_AddStringToObject(su, "features", s->features_spec ? s->features_spec : "all");
	arr = cJSON_AddArrayToObject(su, "filters");
	for (size_t i = 0; i < fair_session_nfilters_text(s); i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(fair_session_filter_str(s, i)));
	cJSON_AddItemToObject(su, "split", s->split_spec ? cJSON_CreateString(s->split_spec) : cJSON_CreateNull());
	arr = cJSON_AddArrayToObject(root, "audits");
	for (size_t i = 0; i < d->n; i++) {
		const struct out_doc_model *m = &d->models[i];
		cJSON *a = json_from_report(m->r, m->name, (const char *const *)s->groups->columns,
		                            s->groups->ncolumns, d->on), *pl;
		cJSON_AddStringToObject(a, "description", m->desc);
		cJSON_AddStringToObject(a, "kind", m->decisions ? "decisions" : "model");
		if (m->importance) {
			cJSON_AddItemToObject(a, "importance", json_from_table(m->importance));
			cJSON_AddNumberToObject(a, "proxy_eta", FAIR_PROXY_ETA);
		}
		pl = cJSON_AddObjectToObject(a, "plots");
		for (int k = 0; k < OUT_DOC_PLOTS; k++)
			cJSON_AddItemToObject(pl, out_doc_plot_kinds[k],
			                      m->plot_file[k] ? cJSON_CreateString(m->plot_file[k]) : cJSON_CreateNull());
		cJSON_AddItemToArray(arr, a);
	}
	if (d->n == 0) {
		cJSON_AddNullToObject(root, "comparison");
	} else {
		t = out_doc_comparison(d);
		cJSON_AddItemToObject(root, "comparison", json_from_table(t));
		out_table_free(t);
	}
	return root;
}
