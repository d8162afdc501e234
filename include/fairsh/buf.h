/* buf.h -- fair_buf, a growable string (git's strbuf idea).
 * Invariants: buf is never NULL and always NUL-terminated; len excludes the
 * NUL; fair_buf_detach hands the storage to the caller and resets the buf. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_BUF_H
#define FAIRSH_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct fair_buf {
	char  *buf;
	size_t len;
	size_t alloc;   /* 0 while buf points at the shared empty string */
} fair_buf;

#define FAIR_BUF_INIT { fair_buf_empty, 0, 0 }
extern char fair_buf_empty[];

void  fair_buf_init(fair_buf *b);
void  fair_buf_release(fair_buf *b);
void  fair_buf_reset(fair_buf *b);                 /* len = 0, keeps storage */
int   fair_buf_grow(fair_buf *b, size_t extra);    /* 0 ok, -1 no memory */
int   fair_buf_add(fair_buf *b, const char *s, size_t n);
int   fair_buf_puts(fair_buf *b, const char *s);
int   fair_buf_putc(fair_buf *b, char c);
int   fair_buf_printf(fair_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* The same with a va_list (which it consumes). */
int   fair_buf_vprintf(fair_buf *b, const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 0)))
#endif
	;
/* Returns the string (caller frees); @b is reset to empty. */
char *fair_buf_detach(fair_buf *b);

#endif
