/* report.h -- audit reports as out_tables (see report.c). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_OUT_REPORT_H
#define FAIRSH_OUT_REPORT_H

#include "fairsh/metric.h"
#include "fairsh/model.h"
#include "out/out.h"

/* Per-group figures (one row per group, then overall). Caller frees. */
struct out_table *out_report_groups(const fair_report *r, const char *title);
/* Fairness metrics with intervals, the groups compared and a verdict. */
struct out_table *out_report_metrics(const fair_report *r, const char *title);
/* Feature importance (fair_model_importance): the @top features of largest
 * share of the total gain (0: every feature used), largest first: feature,
 * share, gain, total gain, eta with the sensitive attribute (column named
 * "eta(@sens)", left out when @sens is NULL) and a note ("sensitive
 * attribute", "proxy"). Features never split on are left out. */
struct out_table *out_importance(const fair_importance *imp, const char *sens, size_t top, const char *title);

#endif
