/* fuzz-gnuplot-escape.c -- libFuzzer target for plot_quote (src/plot), the
 * quoting of every label and file name written into a gnuplot script.
 * Checks that the result is ONE gnuplot string constant: a single-quoted
 * string (every ' inside doubled), or, when the text starts with quotes,
 * (sprintf('%c...', 39, ...).'rest') -- never a string that starts with a
 * doubled quote, which gnuplot misreads as two tokens; that there is no
 * control character (a newline would end the command and let the rest run
 * as gnuplot code; double-quoted strings, which are subject to backquote
 * substitution, are never written); and that the text unquotes
 * to the input escaped by fair_text_escape (the rule for showing data),
 * cut at 200 characters and followed by "...". */
/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/buf.h"
#include "fairsh/text.h"
#include "plot/plot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *plain;
	fair_buf b = FAIR_BUF_INIT, want = FAIR_BUF_INIT;
	size_t k = 0, lead = 0;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	fair_text_escape(&want, s, false);
	fair_buf_puts(&b, "set title ");
	size_t start = b.len;
	plot_quote(&b, s);
	const char *q = b.buf + start;
	size_t qlen = b.len - start;
	for (size_t i = 0; i < qlen; i++)
		if ((unsigned char)q[i] < 0x20 || q[i] == 0x7f)
			abort();
	if (q[0] == '(') {
		/* (sprintf('%c%c', 39, 39).'rest') */
		const char *p = q + 10;
		if (strncmp(q, "(sprintf('", 10) != 0)
			abort();
		while (strncmp(p, "%c", 2) == 0)
			p += 2, lead++;
		if (lead == 0 || *p++ != '\'')
			abort();
		for (size_t i = 0; i < lead; i++, p += 4)
			if (strncmp(p, ", 39", 4) != 0)
				abort();
		if (strncmp(p, ").'", 3) != 0 || q[qlen - 1] != ')')
			abort();
		q = p + 2;
		qlen = (size_t)(b.buf + b.len - q) - 1;   /* without the closing ) */
	}
	if (qlen < 2 || q[0] != '\'' || q[qlen - 1] != '\'')
		abort();
	if (lead == 0 && qlen > 2 && q[1] == '\'')
		abort();   /* ''' at the start: the gnuplot misreading */
	plain = malloc(qlen + lead + 1);
	if (plain == NULL)
		abort();
	for (size_t i = 0; i < lead; i++)
		plain[k++] = '\'';
	for (size_t i = 1; i < qlen - 1; i++) {
		char c = q[i];
		if (c == '\'') {
			if (i + 1 >= qlen - 1 || q[i + 1] != '\'')
				abort();   /* a lone quote would end the string early */
			i++;
		}
		plain[k++] = c;
	}
	plain[k] = '\0';
	/* the escaped input, whole or its first 200 characters and "..." (the
	 * escaped text is printable ASCII and UTF-8: count code points) */
	size_t n = 0, cut = 0;
	for (const char *p = want.buf; *p; p++)
		if (((unsigned char)*p & 0xc0) != 0x80 && n++ == 200)
			cut = (size_t)(p - want.buf);
	if (n <= 200) {
		if (strcmp(plain, want.buf) != 0)
			abort();
	} else if (k != cut + 3 || memcmp(plain, want.buf, cut) != 0 || memcmp(plain + cut, "...", 3) != 0) {
		abort();
	}
	free(plain);
	fair_buf_release(&b);
	fair_buf_release(&want);
	free(s);
	return 0;
}
