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

/* Replaces every number under @it by its shortest round-trip text
 * (out_fmt_shortest): cJSON prints %.15g or %.17g, never %.16g. */
static void
shortest_numbers(cJSON *it)
{
	for (cJSON *c = it ? it->child : NULL, *next; c; c = next) {
		next = c->next;
		if (cJSON_IsNumber(c)) {
			char b[40];
			cJSON *raw;
			if (!isfinite(c->valuedouble))
				raw = cJSON_CreateNull();
			else
				raw = cJSON_CreateRaw(out_fmt_shortest(c->valuedouble, b, sizeof b));
			if (raw == NULL)
				continue;
			/* the key moves over (ReplaceItemViaPointer keeps none) */
			raw->string = c->string;
			raw->type |= c->type & cJSON_StringIsConst;
			c->string = NULL;
			cJSON_ReplaceItemViaPointer(it, c, raw);
		} else {
			shortest_numbers(c);
		}
	}
}

void
json_print(FILE *fp, cJSON *root)
{
	char *s;

	if (cJSON_IsNumber(root)) {     /* a bare number (no parent to replace it in) */
		char b[40];
		fprintf(fp, "%s\n", isfinite(root->valuedouble) ? out_fmt_shortest(root->valuedouble, b, sizeof b) : "null");
		return;
	}
	shortest_numbers(root);
	s = cJSON_Print(root);

	if (s != NULL) {
		fputs(s, fp);
		fputc('\n', fp);
		cJSON_free(s);
	}
}
