/* demo.h -- `fairsh --demo`: the guided audit of demo:loans. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_DEMO_H
#define FAIRSH_CLI_DEMO_H

#include "cli/cli.h"

/* Runs the guided demo; @pause: wait for Enter between steps. */
enum cmd_retval cli_demo(struct cli_ctx *ctx, bool pause);

#endif
