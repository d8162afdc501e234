/* fuzz-cmdline.c -- libFuzzer target for the command-language lexer
 * (src/cli/tokenize.c): cli_tokenize and cli_line_incomplete on arbitrary
 * lines. Checks: the lexer fails exactly when the line ends inside a double
 * quote (what makes the REPL ask for more), no empty command is returned,
 * `eq` points at an '=' of the word, and no word holds a separator that
 * was not quoted. */
/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1), errbuf[256];
	struct cli_words *cmds = NULL;
	long n;
	bool inc;

	if (line == NULL)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';   /* a NUL inside ends the line, as in C strings */
	inc = cli_line_incomplete(line);
	n = cli_tokenize(line, &cmds, errbuf, sizeof errbuf);
	if ((n < 0) != inc)
		abort();
	if (n < 0 && (cmds != NULL || strcmp(errbuf, "unterminated double quote") != 0))
		abort();
	for (long i = 0; i < n; i++) {
		if (cmds[i].n == 0)
			abort();
		for (size_t j = 0; j < cmds[i].n; j++) {
			const struct cli_word *w = &cmds[i].v[j];
			size_t len = strlen(w->text);
			if (w->eq >= 0 && ((size_t)w->eq >= len || w->text[w->eq] != '='))
				abort();
			if (!w->quoted && (len == 0 || strpbrk(w->text, " \t\r\n;#\"") != NULL))
				abort();
		}
	}
	if (n >= 0)
		cli_words_free_all(cmds, (size_t)n);
	free(line);
	return 0;
}
