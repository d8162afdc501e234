/* report.h -- audit report to JSON (the documented contract). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_JSON_REPORT_H
#define FAIRSH_JSON_REPORT_H

#include <cjson/cJSON.h>
#include "fairsh/metric.h"

cJSON *json_from_report(const fair_report *r, const char *model, const char *const *sensitive,
                        size_t nsens, const char *on);

#endif
