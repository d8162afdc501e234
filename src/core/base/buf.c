/* buf.c -- growable NUL-terminated string. */
/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/buf.h"

char fair_buf_empty[1];

void
fair_buf_init(fair_buf *b)
{
	b->buf = fair_buf_empty;
	b->len = 0;
	b->alloc = 0;
}

void
fair_buf_release(fair_buf *b)
{
	if (b->alloc)
		free(b->buf);
	fair_buf_init(b);
}

void
fair_buf_reset(fair_buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->buf[0] = '\0';
}

int
fair_buf_grow(fair_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1, nalloc;
	char *p;

	if (need <= b->alloc)
		return 0;
	nalloc = b->alloc ? b->alloc : 64;
	while (nalloc < need)
		nalloc *= 2;
	p = b->alloc ? realloc(b->buf, nalloc) : malloc(nalloc);
	if (p == NULL)
		return -1;
	if (!b->alloc)
		p[0] = '\0';
	b->buf = p;
	b->alloc = nalloc;
	return 0;
}

int
fair_buf_add(fair_buf *b, const char *s, size_t n)
{
	if (fair_buf_grow(b, n) < 0)
		return -1;
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return 0;
}

int
fair_buf_puts(fair_buf *b, const char *s)
{
	return fair_buf_add(b, s, strlen(s));
}

int
fair_buf_putc(fair_buf *b, char c)
{
	return fair_buf_add(b, &c, 1);
}

int
fair_buf_printf(fair_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || fair_buf_grow(b, (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int
fair_buf_vprintf(fair_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || fair_buf_grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

char *
fair_buf_detach(fair_buf *b)
{
	char *s;

	if (!b->alloc) {
		s = malloc(1);
		if (s != NULL)
			s[0] = '\0';
	} else {
		s = b->buf;
	}
	fair_buf_init(b);
	return s;
}
