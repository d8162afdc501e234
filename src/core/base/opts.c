/* opts.c -- typed key=value option tables (base-private.h): parsing with
 * range checks and one wording of every message, storing by offset. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/text.h"
#include "base/base-private.h"

const fair_opt *
fair_opt_find(const fair_opt *table, const char *name)
{
	for (const fair_opt *o = table; o != NULL && o->name != NULL; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

/* "a, b or c" from "a|b|c" into @b. */
static void
choice_list(const char *choices, fair_buf *b)
{
	size_t n = 1, k = 0;

	for (const char *p = choices; *p; p++)
		n += *p == '|';
	for (const char *p = choices;; k++) {
		size_t l = strcspn(p, "|");
		if (k > 0)
			fair_buf_puts(b, k + 1 == n ? " or " : ", ");
		fair_buf_add(b, p, l);
		if (p[l] == '\0')
			break;
		p += l + 1;
	}
}

static int
parse_choice(const fair_opt *o, const char *val, int *out, fair_error *err)
{
	size_t len = strlen(val), k = 0;
	fair_buf b = FAIR_BUF_INIT;
	int st;

	for (const char *p = o->choices;; k++) {
		size_t l = strcspn(p, "|");
		if (l == len && strncmp(p, val, l) == 0) {
			*out = o->values ? o->values[k] : (int)k;
			return FAIR_OK;
		}
		if (p[l] == '\0')
			break;
		p += l + 1;
	}
	choice_list(o->choices, &b);
	st = fair_error_set(err, FAIR_EINVAL, "%s must be %s, not '%s'", o->name, b.buf, val);
	fair_buf_release(&b);
	return st;
}

int
fair_opt_parse(const fair_opt *o, const char *val, void *out, fair_error *err)
{
	double v;
	bool b;

	switch (o->type) {
	case FAIR_OPT_BOOL:
		if (!fair_parse_yesno(val, &b))
			return fair_error_set(err, FAIR_EINVAL, "%s must be yes or no, not '%s'", o->name, val);
		*(bool *)out = b;
		return FAIR_OK;
	case FAIR_OPT_CHOICE:
		return parse_choice(o, val, (int *)out, err);
	case FAIR_OPT_STR:
		if ((*(char **)out = strdup(val)) == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return FAIR_OK;
	default:
		break;
	}
	if (!fair_parse_number(val, &v))
		return fair_error_set(err, FAIR_EINVAL, "%s must be a number, not '%s'", o->name, val);
	if (v < o->lo || v > o->hi)
		return fair_error_set(err, FAIR_EINVAL, "%s must be between %g and %g, not %s", o->name, o->lo, o->hi, val);
	if (o->type != FAIR_OPT_NUM && v != floor(v))
		return fair_error_set(err, FAIR_EINVAL, "%s must be an integer, not '%s'", o->name, val);
	if (o->type == FAIR_OPT_SIZE)
		*(size_t *)out = (size_t)v;
	else if (o->type == FAIR_OPT_INT)
		*(int *)out = (int)v;
	else
		*(double *)out = v;
	return FAIR_OK;
}

int
fair_opt_set(const fair_opt *o, void *opts, const char *val, fair_error *err)
{
	char *field = (char *)opts + o->offset;
	char *old = NULL;
	int st;

	if (o->set != NULL)
		return o->set(opts, o, val, err);
	if (o->type == FAIR_OPT_STR)
		old = *(char **)field;
	st = fair_opt_parse(o, val, field, err);
	if (st == FAIR_OK)
		free(old);
	return st;
}

void
fair_opts_release(const fair_opt *table, void *opts)
{
	for (const fair_opt *o = table; o != NULL && o->name != NULL; o++)
		if (o->type == FAIR_OPT_STR && o->set == NULL) {
			char **f = (char **)((char *)opts + o->offset);
			free(*f);
			*f = NULL;
		}
}

void
fair_opts_names(const fair_opt *table, const fair_opt *except, const char *sep, fair_buf *out)
{
	bool first = true;

	for (const fair_opt *o = table; o != NULL && o->name != NULL; o++) {
		if (except != NULL && fair_opt_find(except, o->name) != NULL)
			continue;
		if (!first)
			fair_buf_puts(out, sep);
		fair_buf_puts(out, o->name);
		first = false;
	}
}
