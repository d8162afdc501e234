/* json.h -- JSON output and input with cJSON. The only place that includes
 * cJSON.h: callers get cJSON trees through these helpers. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_JSON_H
#define FAIRSH_JSON_H

#include <stdio.h>
#include <cjson/cJSON.h>

#include "out/out.h"

/* The version of fairsh's JSON documents (man page "JSON"): raised when
 * fields are added (2: weights, vs, agg, control; the figures for, fdr,
 * ppr, pprev and the disparity fields); a field never changes meaning or
 * goes away. */
#define JSON_SCHEMA_VERSION 3

/* {"title": ..., "columns": [...], "rows": [{col: value, ...}, ...]} */
cJSON *json_from_table(const struct out_table *t);
/* Prints @root formatted (tabs, one key a line), then a newline; numbers as
 * the shortest text that reads back to the same double (out_fmt_shortest),
 * so it rewrites the numbers of @root in place; frees nothing. */
void   json_print(FILE *fp, cJSON *root);
/* A number or null for NaN/inf. */
cJSON *json_num(double v);

#endif
