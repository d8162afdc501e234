/* report.h -- audit reports as out_tables (see report.c). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_OUT_REPORT_H
#define FAIRSH_OUT_REPORT_H

#include "fairsh/metric.h"
#include "out/out.h"

/* Per-group figures (one row per group, then overall). Caller frees. */
struct out_table *out_report_groups(const fair_report *r, const char *title);
/* Fairness metrics with intervals, the groups compared and a verdict. */
struct out_table *out_report_metrics(const fair_report *r, const char *title);

#endif
