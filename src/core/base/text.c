/* text.c -- comma lists, yes/no words and numbers (fairsh/text.h). */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/buf.h"
#include "fairsh/text.h"

char **
fair_split_list(const char *s, size_t *n)
{
	return fair_split(s, ',', n);
}

char **
fair_split(const char *s, char sep, size_t *n)
{
	size_t k = 1, i = 0;
	char reject[2] = { sep, '\0' };
	char **v;

	for (const char *p = s; *p; p++)
		k += *p == sep;
	if ((v = calloc(k + 1, sizeof *v)) == NULL)
		return NULL;
	for (const char *p = s;; i++) {
		size_t l = strcspn(p, reject);
		if ((v[i] = strndup(p, l)) == NULL) {
			fair_strv_free(v, i);
			return NULL;
		}
		if (p[l] == '\0')
			break;
		p += l + 1;
	}
	*n = k;
	return v;
}

void
fair_strv_free(char **v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

bool
fair_parse_yesno(const char *s, bool *out)
{
	if (!strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "1") || !strcmp(s, "on"))
		*out = true;
	else if (!strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "0") || !strcmp(s, "off"))
		*out = false;
	else
		return false;
	return true;
}

bool
fair_parse_number(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	/* overflow of a finite number ("1e999") is refused; "inf" written as
	 * such and underflow to a tiny or zero value are accepted */
	if (*s == '\0' || *end != '\0' || isnan(v) || (errno == ERANGE && isinf(v)))
		return false;
	*out = v;
	return true;
}

/* ---- showing text from the data to a person (fairsh/text.h) ---- */

/* The length of the valid UTF-8 sequence at @s (1 to 4), its code point in
 * *@cp; 0 for an invalid or truncated one. */
static size_t
utf8_next(const unsigned char *s, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t n;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0)
		n = 2, c &= 0x1f, min = 0x80;
	else if ((c & 0xf0) == 0xe0)
		n = 3, c &= 0x0f, min = 0x800;
	else if ((c & 0xf8) == 0xf0)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	for (size_t k = 1; k < n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Code points that reorder, hide or break the text around them: C1
 * controls, the bidirectional marks, embeddings, overrides and isolates
 * (U+202E makes "txt.exe" read "exe.txt"), the line and paragraph
 * separators, zero-width characters and the byte-order mark. */
static bool
hidden(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9f) || c == 0x061c || (c >= 0x200b && c <= 0x200f) ||
	       (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069) || c == 0xfeff;
}

/* The rule; with @value, @s is one value and the spaces at its ends are
 * shown as \x20 (in a table "a" and "a " looked the same). */
static size_t
walk(const char *s, bool keep_nl, bool value, void (*put)(void *, const char *, size_t), void *arg)
{
	const unsigned char *p = (const unsigned char *)s, *lo, *hi;
	size_t cols = 0, len = strlen(s);
	char e[16];

	lo = p;
	hi = p + len;
	if (value) {
		while (lo < hi && *lo == ' ')
			lo++;
		while (hi > lo && hi[-1] == ' ')
			hi--;
	}
	while (*p) {
		uint32_t cp;
		size_t n = utf8_next(p, &cp);
		if (*p == ' ' && (p < lo || p >= hi)) {
			put(arg, "\\x20", 4);
			cols += 4;
		} else if (n == 1 && ((cp < 0x20 && !(keep_nl && cp == '\n')) || cp == 0x7f)) {
			snprintf(e, sizeof e, "\\x%02x", cp);
			put(arg, e, 4);
			cols += 4;
		} else if (n == 0) {
			snprintf(e, sizeof e, "\\x%02x", *p);   /* not UTF-8: the byte */
			put(arg, e, 4);
			cols += 4;
			n = 1;
		} else if (hidden(cp)) {
			snprintf(e, sizeof e, "\\u%04x", (unsigned)cp);
			put(arg, e, 6);
			cols += 6;
		} else {
			put(arg, (const char *)p, n);
			cols += cp == '\n' ? 0 : 1;
		}
		p += n;
	}
	return cols;
}

size_t
fair_text_escape_walk(const char *s, bool keep_nl, void (*put)(void *, const char *, size_t), void *arg)
{
	return walk(s, keep_nl, false, put, arg);
}

size_t
fair_text_escape_value_walk(const char *s, void (*put)(void *, const char *, size_t), void *arg)
{
	return walk(s, false, true, put, arg);
}

static void
to_buf(void *arg, const char *s, size_t n)
{
	fair_buf_add(arg, s, n);
}

void
fair_text_escape_value(fair_buf *b, const char *s)
{
	walk(s ? s : "", false, true, to_buf, b);
}

void
fair_text_escape(fair_buf *b, const char *s, bool keep_newlines)
{
	fair_text_escape_walk(s ? s : "", keep_newlines, to_buf, b);
}
