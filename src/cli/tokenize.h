/* tokenize.h -- split a command line into commands and words: `;` separates
 * commands, `#` starts a comment, double quotes group (with \" and \\). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_TOKENIZE_H
#define FAIRSH_CLI_TOKENIZE_H

#include <stdbool.h>
#include <stddef.h>

struct cli_word {
	char  *text;     /* unquoted text */
	long   eq;       /* index of the first '=' outside quotes, or -1 */
	bool   quoted;   /* some part was quoted */
};

struct cli_words {
	struct cli_word *v;
	size_t n, cap;
};

/* Splits @line into commands; returns the number of commands (each a
 * cli_words in *out, caller frees with cli_words_free_all) or -1 with a
 * message in @errbuf (unterminated quote, bad escape). */
long cli_tokenize(const char *line, struct cli_words **out, char *errbuf, size_t errlen);
void cli_words_free_all(struct cli_words *cmds, size_t n);
/* True when @line ends inside an open double quote (the REPL asks for more). */
bool cli_line_incomplete(const char *line);

#endif
