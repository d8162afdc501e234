/* derive.c -- derived columns of a session (`derive NAME = EXPRESSION`):
 * the column computed from its formula and added to the session's data,
 * the formula kept so that saved sessions store it instead of the values
 * (session-save.c computes it again). The language is in data/expr-*.c. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "fairsh/expr.h"
#include "fairsh/session.h"
#include "workbench/workbench-private.h"

const char *
fair_session_formula(const fair_session *s, const char *name)
{
	for (size_t k = 0; k < s->nformulas; k++)
		if (strcmp(s->formula_names[k], name) == 0)
			return s->formulas[k];
	return NULL;
}

size_t
fair_session_formula_made_missing(const fair_session *s, const char *name)
{
	const char *text = fair_session_formula(s, name);
	long j = fair_frame_find(s->frame, name);
	fair_expr *e;
	const fair_column **in = NULL;
	const fair_column *c;
	size_t n, nin = 0, made = 0;

	if (text == NULL || j < 0)
		return 0;
	c = fair_frame_column(s->frame, (size_t)j);
	n = fair_column_length(c);
	if (fair_column_nmissing(c) == 0 || (e = fair_expr_parse(text, NULL)) == NULL)
		return 0;
	/* the columns read that have missing values themselves */
	if ((in = malloc((fair_expr_ncolumns(e) + 1) * sizeof *in)) != NULL)
		for (size_t k = 0; k < fair_expr_ncolumns(e); k++) {
			long q = fair_frame_find(s->frame, fair_expr_column(e, k));
			if (q >= 0 && fair_column_nmissing(fair_frame_column(s->frame, (size_t)q)) > 0)
				in[nin++] = fair_frame_column(s->frame, (size_t)q);
		}
	fair_expr_free(e);
	if (in == NULL)
		return 0;
	for (size_t i = 0; i < n; i++) {
		bool miss = fair_column_type(c) == FAIR_COL_NUMERIC ? fair_column_values(c)[i] != fair_column_values(c)[i]
		                                                    : fair_column_codes(c)[i] < 0;
		size_t k = 0;
		if (!miss)
			continue;
		while (k < nin && (fair_column_type(in[k]) == FAIR_COL_NUMERIC
		                   ? fair_column_values(in[k])[i] == fair_column_values(in[k])[i]
		                   : fair_column_codes(in[k])[i] >= 0))
			k++;
		made += k == nin;
	}
	free(in);
	return made;
}

static long
formula_index(const fair_session *s, const char *name)
{
	for (size_t k = 0; k < s->nformulas; k++)
		if (strcmp(s->formula_names[k], name) == 0)
			return (long)k;
	return -1;
}

/* Whether the formula @text reads column @name. */
static bool
formula_reads(const char *text, const char *name)
{
	fair_expr *e = fair_expr_parse(text, NULL);
	bool hit = false;

	for (size_t k = 0; e != NULL && k < fair_expr_ncolumns(e); k++)
		hit |= strcmp(fair_expr_column(e, k), name) == 0;
	fair_expr_free(e);
	return hit;
}

/* What of the set-up uses column @name, or NULL: a description for the
 * error when @name is to be redefined. */
static const char *
column_use(const fair_session *s, const char *name, const char **other)
{
	*other = NULL;
	if (s->target && strcmp(s->target->column, name) == 0)
		return "the target";
	if (s->groups)
		for (size_t j = 0; j < s->groups->ncolumns; j++)
			if (strcmp(s->groups->columns[j], name) == 0)
				return "part of the sensitive attribute";
	for (size_t k = 0; k < s->nfilters; k++)
		if (fair_filter_uses(s->filters[k], name)) {
			*other = fair_filter_text(s->filters[k]);
			return "read by the filter";
		}
	for (size_t k = 0; s->features && k < s->nfeatures; k++)
		if (strcmp(fair_column_name(fair_frame_column(s->frame, s->features[k])), name) == 0)
			return "a feature";
	if (s->split_column && strcmp(s->split_column, name) == 0)
		return "the split column";
	if (s->weights && strcmp(s->weights, name) == 0)
		return "the weights column";
	for (size_t k = 0; k < s->nformulas; k++)
		if (strcmp(s->formula_names[k], name) != 0 && formula_reads(s->formulas[k], name)) {
			*other = s->formula_names[k];
			return "read by the formula of";
		}
	if (s->nmodels > 0)
		return "perhaps read by the session's models";
	return NULL;
}

int
fair_session_derive(fair_session *s, const char *name, fair_expr *e, fair_error *err)
{
	size_t n = fair_frame_nrows(s->frame);
	long k = formula_index(s, name);
	fair_column *col = NULL;
	fair_frame *f = NULL;
	char *text = NULL, *nm = NULL;
	int rc;

	if (name[0] == '\0')
		return fair_error_set(err, FAIR_EINVAL, "the new column needs a name");
	if (k < 0 && fair_frame_find(s->frame, name) >= 0) {
		bool predicted = false;
		for (size_t j = 0; j < s->nderived; j++)
			predicted |= strcmp(s->derived[j], name) == 0;
		return fair_error_set(err, FAIR_EINVAL, "column '%s' exists already (%s); choose another name",
		                      name, predicted ? "made by 'predict'" : "loaded with the data");
	}
	for (size_t j = 0; j < fair_expr_ncolumns(e); j++)
		if (strcmp(fair_expr_column(e, j), name) == 0)
			return fair_error_set(err, FAIR_EINVAL, "the formula of '%s' reads '%s' itself; "
			                      "derive a new name", name, name);
	if (k >= 0) {
		const char *other, *use = column_use(s, name, &other);
		if (use != NULL)
			return fair_error_set(err, FAIR_EINVAL, "column '%s' is %s%s%s%s; derive a new name "
			                      "instead of redefining it", name, use, other ? " '" : "",
			                      other ? other : "", other ? "'" : "");
	}
	if ((rc = fair_expr_bind(e, s->frame, err)) != FAIR_OK)
		return rc;
	if ((col = fair_expr_eval(e, name, NULL, n, err)) == NULL)
		return err ? err->code : FAIR_EINVAL;
	f = fair_frame_with_column(s->frame, col, err);
	fair_column_unref(col);
	if (f == NULL)
		return err ? err->code : FAIR_ENOMEM;
	text = fair_expr_print(e);
	nm = strdup(name);
	if (text == NULL || nm == NULL)
		goto nomem;
	if (k < 0) {
		char **a = realloc(s->formula_names, (s->nformulas + 1) * sizeof *a);
		if (a != NULL)
			s->formula_names = a;
		char **b = realloc(s->formulas, (s->nformulas + 1) * sizeof *b);
		if (b != NULL)
			s->formulas = b;
		if (a == NULL || b == NULL)
			goto nomem;
		s->formula_names[s->nformulas] = nm;
		s->formulas[s->nformulas++] = text;
	} else {
		/* the latest definition goes last: formulas are computed again in
		 * this order, after the columns they read */
		free(s->formula_names[k]);
		free(s->formulas[k]);
		memmove(s->formula_names + k, s->formula_names + k + 1, (s->nformulas - (size_t)k - 1) * sizeof *s->formula_names);
		memmove(s->formulas + k, s->formulas + k + 1, (s->nformulas - (size_t)k - 1) * sizeof *s->formulas);
		s->formula_names[s->nformulas - 1] = nm;
		s->formulas[s->nformulas - 1] = text;
	}
	rc = fair_session_set_frame(s, f, err);   /* same rows: cannot fail */
	fair_frame_unref(f);
	return rc;
nomem:
	free(text);
	free(nm);
	fair_frame_unref(f);
	return fair_error_set(err, FAIR_ENOMEM, "out of memory");
}
