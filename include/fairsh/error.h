/* error.h -- status codes and the error record every fallible libfair call
 * fills. No global state: each caller (thread, job) owns its fair_error. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_ERROR_H
#define FAIRSH_ERROR_H

enum fair_status {
	FAIR_OK = 0,
	FAIR_EINVAL,      /* bad argument or user input                 */
	FAIR_EIO,         /* file could not be opened, read or written  */
	FAIR_ENOMEM,      /* allocation failed or memory limit exceeded */
	FAIR_EPARSE,      /* malformed input file                       */
	FAIR_ENUMERIC,    /* numerical failure (singular, no convergence) */
	FAIR_ECANCELED,   /* cancelled by the user                      */
	FAIR_ENOTFOUND,   /* named thing does not exist                 */
	FAIR_EUNDEF       /* result undefined (empty group, ...)        */
};

typedef struct fair_error {
	int  code;        /* enum fair_status */
	char msg[512];    /* "file.csv:12:3: expected a number, got 'abc'" */
} fair_error;

/* Fills @err (when not NULL) with @code and the formatted message and returns
 * @code, so callers can write `return fair_error_set(err, FAIR_EINVAL, ...)`. */
int fair_error_set(fair_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Prefixes the message already in @err with "PREFIX: " (when @err not NULL);
 * returns err->code (or FAIR_EINVAL when @err is NULL). */
int fair_error_prefix(fair_error *err, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Resets @err to FAIR_OK with an empty message. */
void fair_error_clear(fair_error *err);

/* A short name for a status code ("invalid input", "i/o error", ...). */
const char *fair_strstatus(int code);

#endif
