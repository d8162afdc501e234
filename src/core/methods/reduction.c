/* reduction.c -- the base learner of the reductions (exponentiated
 * gradient, grid search): any learner type of the registry that fits
 * sample weights, found by name, with its own options. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "methods/methods-private.h"

/* the learners a reduction can train: ordinary ones that take weights */
static bool
usable(const fair_learner_type *t, bool regression)
{
	return t->name != NULL && (t->flags & FAIR_LEARNER_PLAIN) && !(t->flags & FAIR_LEARNER_OWN_WEIGHTS) &&
	       !(t->flags & FAIR_LEARNER_GROUPS) &&
	       (t->flags & (regression ? FAIR_LEARNER_REGRESS : FAIR_LEARNER_CLASSIFY));
}

int
fair_base_prepare(fair_base *b, const char *what, const char *name, const char *kv, bool regression,
                  const fair_learner_type *const *types, fair_error *err)
{
	fair_buf names = FAIR_BUF_INIT;
	int st = FAIR_OK;

	memset(b, 0, sizeof *b);
	for (size_t i = 0; types && types[i] != NULL && b->type == NULL; i++)
		if (types[i]->name != NULL && !strcmp(types[i]->name, name))
			b->type = types[i];
	if (b->type == NULL || !usable(b->type, regression)) {
		for (size_t i = 0; types && types[i] != NULL; i++)
			if (usable(types[i], regression)) {
				if (names.len)
					fair_buf_puts(&names, ", ");
				fair_buf_puts(&names, types[i]->name);
			}
		st = fair_error_set(err, FAIR_EINVAL, "%s: base must be a learner that takes sample weights (%s), not '%s'",
		                    what, names.len ? names.buf : "none", name);
		fair_buf_release(&names);
		b->type = NULL;
		return st;
	}
	if ((b->opts = calloc(1, b->type->opts_size ? b->type->opts_size : 1)) == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if (b->type->opts_init)
		b->type->opts_init(b->opts);
	/* "key=value" lines */
	for (const char *p = kv ? kv : ""; *p && st == FAIR_OK;) {
		const char *nl = strchr(p, '\n'), *eq;
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, len);
		if (line == NULL) {
			st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
			break;
		}
		eq = strchr(line, '=');
		if (eq != NULL) {
			line[eq - line] = '\0';
			const fair_opt *o = b->type->opts ? fair_opt_find(b->type->opts, line) : NULL;
			if (o == NULL) {
				fair_opts_names(b->type->opts, NULL, " ", &names);
				st = fair_error_set(err, FAIR_EINVAL, "%s: unknown option '%s' (options of base %s: %s)", what, line,
				                    b->type->name, names.len ? names.buf : "none");
				fair_buf_release(&names);
			} else {
				st = fair_opt_set(o, b->opts, eq + 1, err);
			}
		}
		free(line);
		p += len + (nl ? 1 : 0);
	}
	if (st)
		fair_base_release(b);
	return st;
}

void
fair_base_release(fair_base *b)
{
	if (b->opts && b->type && b->type->opts)
		fair_opts_release(b->type->opts, b->opts);
	free(b->opts);
	memset(b, 0, sizeof *b);
}

fair_learner *
fair_base_fit(const fair_base *b, const gsl_matrix *X, const double *y, const double *w, int task, uint64_t seed,
              fair_progress *prog, fair_error *err)
{
	fair_fit_data d = { .X = X, .y = y, .w = w, .task = task, .seed = seed };
	return b->type->fit(b->opts, &d, prog, err);
}

int
fair_base_kv_add(char **kv, const char *key, const char *val, fair_error *err)
{
	size_t old = *kv ? strlen(*kv) : 0, len = old + strlen(key) + strlen(val) + 3;
	char *n = realloc(*kv, len);

	if (n == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	snprintf(n + old, len - old, "%s%s=%s", old ? "\n" : "", key, val);
	*kv = n;
	return FAIR_OK;
}
