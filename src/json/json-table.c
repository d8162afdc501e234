/* json-table.c -- out_table to JSON, and small cJSON helpers. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>

#include "json/json.h"

cJSON *
json_num(double v)
{
	if (isnan(v) || isinf(v))
		return cJSON_CreateNull();
	return cJSON_CreateNumber(v);
}

cJSON *
json_from_table(const struct out_table *t)
{
	cJSON *root = cJSON_CreateObject(), *cols, *rows;

	if (root == NULL)
		return NULL;
	if (t->title)
		cJSON_AddStringToObject(root, "title", t->title);
	cols = cJSON_AddArrayToObject(root, "columns");
	for (size_t j = 0; j < t->ncols; j++)
		cJSON_AddItemToArray(cols, cJSON_CreateString(t->cols[j]));
	rows = cJSON_AddArrayToObject(root, "rows");
	for (size_t i = 0; i < t->nrows; i++) {
		cJSON *o = cJSON_CreateObject();
		for (size_t j = 0; j < t->ncols; j++) {
			const struct out_cell *c = &t->cells[i * t->ncols + j];
			if (c->is_num)
				cJSON_AddItemToObject(o, t->cols[j], json_num(c->num));
			else if (c->is_null)
				cJSON_AddNullToObject(o, t->cols[j]);
			else
				cJSON_AddStringToObject(o, t->cols[j], c->text ? c->text : "");
		}
		cJSON_AddItemToArray(rows, o);
	}
	return root;
}

void
json_print(FILE *fp, const cJSON *root)
{
	char *s = cJSON_Print(root);

	if (s != NULL) {
		fputs(s, fp);
		fputc('\n', fp);
		cJSON_free(s);
	}
}
