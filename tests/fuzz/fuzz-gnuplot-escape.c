/* fuzz-gnuplot-escape.c -- libFuzzer target for plot_quote (src/plot), the
 * escaping of every label and file name written into a gnuplot script.
 * Checks that the result is ONE gnuplot single-quoted string: it starts and
 * ends with ', every ' inside is doubled, there is no control character
 * (a newline would end the command and let the rest run as gnuplot code),
 * and the text inside unquotes to the input (control characters as spaces)
 * or to its first 200 bytes followed by "...". */
/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/buf.h"
#include "plot/plot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *plain;
	fair_buf b = FAIR_BUF_INIT;
	size_t k = 0, in_len;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	in_len = strlen(s);
	fair_buf_puts(&b, "set title ");
	size_t start = b.len;
	plot_quote(&b, s);
	const char *q = b.buf + start;
	size_t qlen = b.len - start;
	if (qlen < 2 || q[0] != '\'' || q[qlen - 1] != '\'')
		abort();
	plain = malloc(qlen);
	if (plain == NULL)
		abort();
	for (size_t i = 1; i < qlen - 1; i++) {
		unsigned char c = (unsigned char)q[i];
		if (c < 0x20 || c == 0x7f)
			abort();
		if (c == '\'') {
			if (i + 1 >= qlen - 1 || q[i + 1] != '\'')
				abort();   /* a lone quote would end the string early */
			i++;
		}
		plain[k++] = (char)c;
	}
	plain[k] = '\0';
	/* compare with the input, control characters as spaces */
	size_t cmp = in_len <= 200 ? in_len : 200;
	if (k != cmp + (in_len > 200 ? 3 : 0))
		abort();
	for (size_t i = 0; i < cmp; i++) {
		unsigned char c = (unsigned char)s[i];
		char want = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
		if (plain[i] != want)
			abort();
	}
	if (in_len > 200 && memcmp(plain + 200, "...", 3) != 0)
		abort();
	free(plain);
	fair_buf_release(&b);
	free(s);
	return 0;
}
