/* text.c -- comma lists, yes/no words and numbers (fairsh/text.h). */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
