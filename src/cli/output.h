/* output.h -- printing tables in the format a command was asked for. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_OUTPUT_H
#define FAIRSH_CLI_OUTPUT_H

#include "cli/cli.h"
#include "out/out.h"

/* Prints @t to stdout as table, CSV, Markdown or one JSON object. */
void cli_print_table(struct cli_ctx *ctx, const struct cli_args *a, const struct out_table *t);

#endif
