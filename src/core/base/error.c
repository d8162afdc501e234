/* error.c -- fair_error helpers. */
/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fairsh/error.h"

int
fair_error_set(fair_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

int
fair_error_prefix(fair_error *err, const char *fmt, ...)
{
	char pre[256], old[sizeof err->msg];
	va_list ap;

	if (err == NULL)
		return FAIR_EINVAL;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof pre, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	{
		size_t lp = strlen(pre), lo = strlen(old), cap = sizeof err->msg - 1;
		size_t k = 0;
		for (size_t i = 0; i < lp && k < cap; i++)
			err->msg[k++] = pre[i];
		if (k < cap) err->msg[k++] = ':';
		if (k < cap) err->msg[k++] = ' ';
		for (size_t i = 0; i < lo && k < cap; i++)
			err->msg[k++] = old[i];
		err->msg[k] = '\0';
	}
	return err->code;
}

void
fair_error_clear(fair_error *err)
{
	if (err != NULL) {
		err->code = FAIR_OK;
		err->msg[0] = '\0';
	}
}

const char *
fair_strstatus(int code)
{
	switch (code) {
	case FAIR_OK: return "success";
	case FAIR_EINVAL: return "invalid input";
	case FAIR_EIO: return "i/o error";
	case FAIR_ENOMEM: return "out of memory";
	case FAIR_EPARSE: return "parse error";
	case FAIR_ENUMERIC: return "numerical failure";
	case FAIR_ECANCELED: return "cancelled";
	case FAIR_ENOTFOUND: return "not found";
	case FAIR_EUNDEF: return "undefined";
	default: return "unknown error";
	}
}
