/* formula.h -- what `derive` and `filter` share about expressions: the
 * text from the command's words, errors with a caret under the place,
 * notes. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_FORMULA_H
#define FAIRSH_CLI_FORMULA_H

#include "cli/cli.h"

/* The positional words of @a from @first on, joined by single spaces, as a
 * new string (caller frees); NULL when out of memory. */
char *cli_formula_text(const struct cli_args *a, size_t first);

/* Prints @err as the command's error and, when it names a position in
 * @text ("position N: ..."), the text and a caret under that place. An
 * unknown column that is a level of a categorical column of @f (may be
 * NULL) is named as a value that needs quotes. Returns CMD_ERROR. */
enum cmd_retval cli_formula_error(struct cli_ctx *ctx, const struct cli_args *a, const fair_frame *f,
                                  const char *text, const fair_error *err);

#endif
