/* complete.h -- what Tab offers (complete.c). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_COMPLETE_H
#define FAIRSH_CLI_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/cli.h"

/* The words that may stand at byte @start of @line (the word being typed
 * begins there; a value after "key=" begins after the '='), every one,
 * whatever has been typed of it: a NULL-terminated array (free with
 * cli_complete_free). *files is set when file names fit there too. */
char **cli_complete_words(struct cli_ctx *ctx, const char *line, size_t start, bool *files);
void   cli_complete_free(char **v);

/* Tables the words come from, defined with the commands they belong to. */
extern const char *const cli_plot_kinds[];   /* NULL-terminated (cmd-plot.c) */
extern const char *const cli_view_names[];   /* NULL-terminated (cmd-view.c) */
struct cli_explain_alias { const char *alias, *topic; };
extern const struct cli_explain_alias cli_explain_aliases[];   /* (cmd-explain.c) */

#endif
