/* wide.h -- metrics side by side for reading (wide.c). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_WIDE_H
#define FAIRSH_CLI_WIDE_H

#include <stdbool.h>

#include "cli/cli.h"
#include "fairsh/buf.h"
#include "fairsh/metric.h"
#include "out/out.h"

/* The metrics= option of a command showing metrics side by side (a
 * comma list of accuracy or mse and the task's metric names), shared. */
#define CLI_OPT_METRICS { "metrics", OPT_LIST, NULL, "NAME,...", \
	"the columns to show: accuracy (or mse) and metric names (default: all)" }

/* Reads metrics= into @want[0..nmetrics] (0: accuracy or MSE, k + 1:
 * fair_metric_id(task, k)); all true without it. 0, or -1 with the error
 * printed (an unknown name, with the nearest). */
int  cli_wide_metrics(struct cli_ctx *ctx, const struct cli_args *a, int task, bool *want);
/* @same_as[id]: the metric every report of @r[0..n) says metric id equals
 * by definition (out_metric_same_as), or -1. */
void cli_wide_same_as(const fair_report *const *r, size_t n, int *same_as);
/* Prints @t (name, accuracy or MSE, the task's metrics in order) with
 * the columns of @want; in text and Markdown each metric once (@same_as)
 * with a note, rows as columns when too wide for the terminal. */
void cli_wide_print(struct cli_ctx *ctx, const struct cli_args *a, struct out_table *t, int task, const bool *want,
                    const int *same_as);

/* Drops the rows of @t (first column: a metric name) of the metrics
 * equal to another by definition in @r, saying so in @note; returns @t. */
struct out_table *cli_wide_drop_same_rows(struct out_table *t, const fair_report *r, fair_buf *note);
/* Appends "ID is OTHER" to @note. */
void cli_wide_same_note(fair_buf *note, const int *same_as, int id);
/* Prints the note of what was shown once (nothing when @note is empty),
 * and empties it. */
void cli_wide_note(struct cli_ctx *ctx, const struct cli_args *a, fair_buf *note);

#endif
