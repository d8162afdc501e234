/* repl.h -- the interactive loop and notices above the prompt (repl.c). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_REPL_H
#define FAIRSH_CLI_REPL_H

#include "cli/cli.h"

enum cmd_retval cli_repl(struct cli_ctx *ctx);
/* Prints a one-line notice above the prompt without garbling the input line. */
void cli_repl_notice(const char *msg);
void cli_repl_suspend(void);

#endif
