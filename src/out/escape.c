/* escape.c -- text from the data shown to a person (out.h): the rule is
 * fair_text_escape (fairsh/text.h), here written to files and measured for
 * alignment. */
/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/text.h"
#include "out/out.h"

static void
to_file(void *arg, const char *s, size_t n)
{
	fwrite(s, 1, n, arg);
}

static void
to_none(void *arg, const char *s, size_t n)
{
	(void)arg, (void)s, (void)n;
}

void
out_escape(fair_buf *b, const char *s)
{
	fair_text_escape(b, s, false);
}

void
out_escape_lines(fair_buf *b, const char *s)
{
	fair_text_escape(b, s, true);
}

char *
out_escaped(const char *s)
{
	fair_buf b = FAIR_BUF_INIT;

	fair_text_escape(&b, s, false);
	return fair_buf_detach(&b);
}

void
out_put_escaped(FILE *fp, const char *s)
{
	fair_text_escape_walk(s ? s : "", false, to_file, fp);
}

void
out_put_escaped_value(FILE *fp, const char *s)
{
	fair_text_escape_value_walk(s ? s : "", to_file, fp);
}

char *
out_escaped_value(const char *s)
{
	fair_buf b = FAIR_BUF_INIT;

	fair_text_escape_value(&b, s);
	return fair_buf_detach(&b);
}

size_t
out_escaped_value_width(const char *s)
{
	return fair_text_escape_value_walk(s ? s : "", to_none, NULL);
}

void
out_put_escaped_lines(FILE *fp, const char *s)
{
	fair_text_escape_walk(s ? s : "", true, to_file, fp);
}

size_t
out_escaped_width(const char *s)
{
	return fair_text_escape_walk(s ? s : "", false, to_none, NULL);
}

void
out_put_padded(FILE *fp, const char *s, size_t width, bool left)
{
	fair_buf b = FAIR_BUF_INIT;
	size_t cols = 0, k = 0;

	fair_text_escape_value(&b, s);   /* a cell: its outer spaces shown */
	/* clip to @width columns at a code-point boundary */
	while (k < b.len && cols < width) {
		unsigned char c = (unsigned char)b.buf[k];
		k += c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		cols++;
	}
	if (!left)
		fprintf(fp, "%*s", (int)(width - cols), "");
	fwrite(b.buf, 1, k, fp);
	if (left)
		fprintf(fp, "%*s", (int)(width - cols), "");
	fair_buf_release(&b);
}

/* Terminal columns of the @n bytes at @s (UTF-8: one per code point). */
static size_t
cols_of(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

void
out_put_wrapped_line(FILE *fp, const char *s, size_t width, size_t indent)
{
	fair_buf b = FAIR_BUF_INIT;

	fair_text_escape(&b, s ? s : "", false);
	out_put_wrapped(fp, b.buf ? b.buf : "", width, indent);
	fair_buf_release(&b);
}

void
out_put_wrapped(FILE *fp, const char *s, size_t width, size_t indent)
{
	fair_buf b = FAIR_BUF_INIT;
	const char *p;

	fair_text_escape(&b, s ? s : "", true);
	p = b.buf ? b.buf : "";
	while (*p) {
		size_t len = strcspn(p, "\n"), lead = strspn(p, " "), col = 0, hang;
		const char *end = p + len, *q = p;
		if (width == 0 || cols_of(p, len) <= width) {
			fwrite(p, 1, len, fp);
		} else {
			/* word by word; a continuation line starts under the text
			 * of the first, @indent further in */
			hang = lead + indent < width / 2 ? lead + indent : 0;
			fwrite(p, 1, lead, fp);
			col = lead;
			q = p + lead;
			bool first = true;
			while (q < end) {
				size_t wl = strcspn(q, " \n");
				if (q + wl > end)
					wl = (size_t)(end - q);
				size_t wc = cols_of(q, wl);
				if (!first && col + 1 + wc > width) {
					fprintf(fp, "\n%*s", (int)hang, "");
					col = hang;
				} else if (!first) {
					fputc(' ', fp);
					col++;
				}
				fwrite(q, 1, wl, fp);
				col += wc;
				first = false;
				q += wl;
				while (q < end && *q == ' ')
					q++;
			}
		}
		p = *end ? end + 1 : end;
		fputc('\n', fp);
		if (!*end)
			break;
	}
	fair_buf_release(&b);
}
