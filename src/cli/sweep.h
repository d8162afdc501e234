/* sweep.h -- trade-off sweeps (`tradeoff`, `plot tradeoff`): one audit per
 * value of a fairness dial, kept as the session's last sweep (see sweep.c). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_SWEEP_H
#define FAIRSH_CLI_SWEEP_H

#include "cli/cli.h"
#include "fairsh/metric.h"
#include "fairsh/model.h"
#include "fairsh/param.h"

/* A new record of @n points of a @task sweep of @param (values and figures
 * zero until cli_sweep_set); NULL when out of memory. */
struct cli_sweep *cli_sweep_new(const char *label, const char *param, int task, size_t n);
/* Point @i: the dial at @val, the accuracy (MSE) and metrics of @r. */
void cli_sweep_set(struct cli_sweep *sw, size_t i, double val, const fair_report *r);
/* Prints the sweep as one table, a row per value. */
void cli_sweep_print(struct cli_ctx *ctx, const struct cli_args *a, const struct cli_sweep *sw);
/* The Wasserstein correction of @base at each of the @n values of @alpha
 * (each in [0, 1]), each audited on rows @on; NULL with the error printed. */
struct cli_sweep *cli_sweep_wasserstein(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s,
                                        fair_model *base, const double *alpha, size_t n, int on);

/* @sw into object @o of a workbench file: label, parameter, task, values,
 * performance and the metrics (n x nmetrics). */
void cli_sweep_export(const struct cli_sweep *sw, fair_param *o);
/* The sweep cli_sweep_export wrote; NULL with @err (FAIR_EPARSE when the
 * sizes disagree). */
struct cli_sweep *cli_sweep_import(const fair_param *o, fair_error *err);

#endif
