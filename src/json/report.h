/* report.h -- audit reports to JSON (the documented contract, json-report.c). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_JSON_REPORT_H
#define FAIRSH_JSON_REPORT_H

#include <cjson/cJSON.h>
#include "fairsh/metric.h"

cJSON *json_from_report(const fair_report *r, const char *model, const char *const *sensitive,
                        size_t nsens, const char *on);

/* json-stats.c: adds "intervals", "group_intervals", "overall_intervals",
 * "assessment", "pair_intervals" (with pairs) and "notes" to @root. */
void json_add_stats(cJSON *root, const fair_report *r);

struct out_doc;
/* The whole report document (`report FILE.json`): format, settings, the
 * dataset and set-up, each model's audit with its verdicts and plot files,
 * the comparison. Caller deletes. */
cJSON *json_from_document(const struct out_doc *d);

#endif
