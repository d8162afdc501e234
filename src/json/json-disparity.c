/* json-disparity.c -- disparities as JSON (json/disparity.h). */
/* SPDX-License-Identifier: MIT */
#include "json/disparity.h"
#include "json/json.h"

static cJSON *
parity(int p)
{
	return p == FAIR_PARITY_NA ? cJSON_CreateNull() : cJSON_CreateBool(p == FAIR_PARITY_TRUE);
}

static cJSON *
group_name(const fair_report *r, long g)
{
	return g >= 0 && (size_t)g < r->K ? cJSON_CreateString(r->groups[g].label) : cJSON_CreateNull();
}

cJSON *
json_from_disparity(const fair_report *r, const fair_disparity *d)
{
	cJSON *o = cJSON_CreateObject(), *figs = cJSON_CreateArray(), *comp = cJSON_CreateArray();

	cJSON_AddStringToObject(o, "reference_mode", fair_ref_mode_name(d->ref_mode));
	for (size_t i = 0; i < d->nfig; i++) {
		const fair_disparity_fig *df = &d->figs[i];
		cJSON *f = cJSON_CreateObject(), *gs = cJSON_CreateArray();
		cJSON_AddStringToObject(f, "figure", fair_figure_info_get(df->fig)->name);
		cJSON_AddItemToObject(f, "reference", group_name(r, df->ref));
		cJSON_AddItemToObject(f, "limit", json_num(df->limit));
		cJSON_AddItemToObject(f, "difference", json_num(df->diff));
		cJSON_AddItemToObject(f, "ratio", json_num(df->ratio));
		cJSON_AddItemToObject(f, "max_group", group_name(r, df->gmax));
		cJSON_AddItemToObject(f, "min_group", group_name(r, df->gmin));
		cJSON_AddItemToObject(f, "overall", json_num(df->overall));
		cJSON_AddItemToObject(f, "to_overall_difference", json_num(df->diff_overall));
		cJSON_AddItemToObject(f, "to_overall_ratio", json_num(df->ratio_overall));
		cJSON_AddItemToObject(f, "parity", parity(df->parity));
		for (size_t k = 0; k < d->K; k++) {
			const fair_disparity_cell *c = &df->cell[k];
			cJSON *g = cJSON_CreateObject();
			cJSON_AddStringToObject(g, "group", r->groups[k].label);
			cJSON_AddItemToObject(g, "value", json_num(c->value));
			cJSON_AddItemToObject(g, "difference", json_num(c->diff));
			cJSON_AddItemToObject(g, "ratio", json_num(c->ratio));
			cJSON_AddItemToObject(g, "parity", parity(c->parity));
			cJSON_AddItemToArray(gs, g);
		}
		cJSON_AddItemToObject(f, "groups", gs);
		cJSON_AddItemToArray(figs, f);
	}
	cJSON_AddItemToObject(o, "figures", figs);
	for (size_t k = 0; k < d->K; k++) {
		const fair_disparity_group *g = &d->groups[k];
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "group", r->groups[k].label);
		cJSON_AddItemToObject(c, "type1_parity", parity(g->type1));
		cJSON_AddItemToObject(c, "type2_parity", parity(g->type2));
		cJSON_AddItemToObject(c, "unsupervised_fairness", parity(g->unsupervised));
		cJSON_AddItemToObject(c, "supervised_fairness", parity(g->supervised));
		cJSON_AddItemToObject(c, "equalized_odds_parity", parity(g->equalized_odds));
		cJSON_AddItemToArray(comp, c);
	}
	cJSON_AddItemToObject(o, "composites", comp);
	return o;
}
