/* json.h -- JSON output and input with cJSON. The only place that includes
 * cJSON.h: callers get cJSON trees through these helpers. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_JSON_H
#define FAIRSH_JSON_H

#include <stdio.h>
#include <cjson/cJSON.h>

#include "out/out.h"

/* {"title": ..., "columns": [...], "rows": [{col: value, ...}, ...]} */
cJSON *json_from_table(const struct out_table *t);
/* Prints @root compactly... no: formatted, one object, then a newline; frees nothing. */
void   json_print(FILE *fp, const cJSON *root);
/* A number or null for NaN/inf. */
cJSON *json_num(double v);

#endif
