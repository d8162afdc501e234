/* repl.h -- interactive loop and job notices (see repl.c, jobs.c). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_REPL_H
#define FAIRSH_CLI_REPL_H

#include "cli/cli.h"

#define PACKAGE_VERSION_STRING "0.1.0"

enum cmd_retval cli_repl(struct cli_ctx *ctx);
/* Prints a one-line notice above the prompt without garbling the input line. */
void cli_repl_notice(const char *msg);
void cli_repl_suspend(void);
/* Read end of the job-notification pipe, or -1. */
int  cli_notify_fd(struct cli_ctx *ctx);
/* Collects finished jobs, installs their models and prints one notice each. */
void cli_reap_jobs(struct cli_ctx *ctx, bool async);

#endif
