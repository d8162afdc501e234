/* spec-rows.c -- row filters, train/test splits and feature selection (see
 * spec.h). */
/* SPDX-License-Identifier: MIT */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fairsh/buf.h"
#include "fairsh/spec.h"
#include "data/data-private.h"

/* ---- filters ------------------------------------------------------------ */

enum filter_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };
static const char *const op_text[] = { "=", "!=", "<", "<=", ">", ">=" };

struct fair_filter {
	char   *text;      /* canonical expression */
	/* the short form COLUMN OP VALUES */
	char   *column;
	int     op;        /* enum filter_op */
	size_t  nvalues;
	char  **values;    /* value strings (= / !=) or the number's text */
	double *num;       /* numeric columns: parsed values */
	/* or an expression (doc/expressions.md), bound to the frame it was
	 * parsed on */
	fair_expr *expr;
	char  **notes;     /* the expression's notes, copied */
	size_t  nnotes;
};

void
fair_filter_free(fair_filter *flt)
{
	if (flt == NULL)
		return;
	free(flt->text);
	free(flt->column);
	if (flt->values)
		for (size_t k = 0; k < flt->nvalues; k++)
			free(flt->values[k]);
	free(flt->values);
	free(flt->num);
	fair_expr_free(flt->expr);
	for (size_t k = 0; k < flt->nnotes; k++)
		free(flt->notes[k]);
	free(flt->notes);
	free(flt);
}

const char *
fair_filter_text(const fair_filter *flt)
{
	return flt->text;
}

bool
fair_filter_is_expression(const fair_filter *flt)
{
	return flt->expr != NULL;
}

size_t
fair_filter_nnotes(const fair_filter *flt)
{
	return flt->nnotes;
}

const char *
fair_filter_note(const fair_filter *flt, size_t k)
{
	return k < flt->nnotes ? flt->notes[k] : NULL;
}

bool
fair_filter_uses(const fair_filter *flt, const char *column)
{
	if (flt->expr == NULL)
		return strcmp(flt->column, column) == 0;
	for (size_t k = 0; k < fair_expr_ncolumns(flt->expr); k++)
		if (strcmp(fair_expr_column(flt->expr, k), column) == 0)
			return true;
	return false;
}

/* Operator at @s (after optional spaces): returns its length, 0 if none. */
static size_t
match_op(const char *s, int *op)
{
	if (s[0] == '!' && s[1] == '=') { *op = OP_NE; return 2; }
	if (s[0] == '<' && s[1] == '=') { *op = OP_LE; return 2; }
	if (s[0] == '>' && s[1] == '=') { *op = OP_GE; return 2; }
	if (s[0] == '<') { *op = OP_LT; return 1; }
	if (s[0] == '>') { *op = OP_GT; return 1; }
	if (s[0] == '=') { *op = OP_EQ; return 1; }
	return 0;
}

/* Appends one value to the filter (takes ownership of @v). */
static int
filter_push(fair_filter *flt, char *v)
{
	char **p = realloc(flt->values, (flt->nvalues + 1) * sizeof *p);

	if (p == NULL) {
		free(v);
		return -1;
	}
	flt->values = p;
	flt->values[flt->nvalues++] = v;
	return 0;
}

/* The short form. *@shaped tells whether @expr looked like one (a column
 * name followed by an operator), so that its error is the one to show;
 * *@absent whether it failed only because a value is not in the column. */
static fair_filter *
short_parse(const fair_frame *f, const char *expr, bool *shaped, bool *absent, fair_error *err)
{
	fair_filter *flt = calloc(1, sizeof *flt);
	const char *s = expr, *rhs = NULL;
	const fair_column *c = NULL;
	fair_buf b = FAIR_BUF_INIT;
	size_t best = 0;
	int op = OP_EQ;

	if (flt == NULL) {
		fair__data_spec_nomem(err);
		return NULL;
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0') {
		fair_error_set(err, FAIR_EINVAL,
		    "empty filter; expected COLUMN=VALUE[,VALUE...], COLUMN<NUMBER or a condition");
		goto fail;
	}
	/* longest column name prefix followed by an operator */
	for (size_t j = 0; j < fair_frame_ncols(f); j++) {
		const char *name = fair_column_name(fair_frame_column(f, j));
		size_t len = strlen(name), ol;
		int o;
		if (len <= best || strncmp(s, name, len) != 0)
			continue;
		const char *p = s + len;
		while (isspace((unsigned char)*p))
			p++;
		if ((ol = match_op(p, &o)) == 0)
			continue;
		best = len;
		c = fair_frame_column(f, j);
		op = o;
		rhs = p + ol;
	}
	*shaped = c != NULL;
	*absent = false;
	if (c == NULL) {
		size_t k = strcspn(s, "!<>=");
		char *name;
		int o;
		if (s[k] == '\0' || match_op(s + k, &o) == 0) {
			fair_error_set(err, FAIR_EINVAL,
			    "filter '%s': expected COLUMN=VALUE[,VALUE...] or COLUMN<NUMBER "
			    "(also <=, >, >=, !=)", s);
			goto fail;
		}
		name = fair__data_spec_strndup_trim(s, k);
		if (name == NULL) {
			fair__data_spec_nomem(err);
			goto fail;
		}
		fair__data_spec_unknown_column(err, f, name);
		free(name);
		goto fail;
	}
	flt->op = op;
	if ((flt->column = strdup(fair_column_name(c))) == NULL) {
		fair__data_spec_nomem(err);
		goto fail;
	}
	char *val = fair__data_spec_strndup_trim(rhs, strlen(rhs));
	if (val == NULL) {
		fair__data_spec_nomem(err);
		goto fail;
	}
	if (*val == '\0') {
		free(val);
		fair_error_set(err, FAIR_EINVAL, "filter on '%s': missing value after '%s'",
		               flt->column, op_text[op]);
		goto fail;
	}
	bool categorical = fair_column_type(c) == FAIR_COL_CATEGORICAL;
	if (op != OP_EQ && op != OP_NE) {
		if (categorical) {
			free(val);
			fair_error_set(err, FAIR_EINVAL, "column '%s' is categorical; use = or !=",
			               flt->column);
			goto fail;
		}
		if (filter_push(flt, val) != 0) {
			fair__data_spec_nomem(err);
			goto fail;
		}
	} else if (categorical && fair_column_level_index(c, val) >= 0) {
		if (filter_push(flt, val) != 0) {
			fair__data_spec_nomem(err);
			goto fail;
		}
	} else {
		const char *p = val;
		for (;;) {
			size_t k = strcspn(p, ",");
			char *item = fair__data_spec_strndup_trim(p, k);
			if (item == NULL || filter_push(flt, item) != 0) {
				free(val);
				fair__data_spec_nomem(err);
				goto fail;
			}
			if (*item == '\0') {
				free(val);
				fair_error_set(err, FAIR_EINVAL, "filter on '%s': empty value in '%s'",
				               flt->column, rhs);
				goto fail;
			}
			if (p[k] == '\0')
				break;
			p += k + 1;
		}
		free(val);
	}
	/* validate values */
	if (!categorical) {
		flt->num = malloc(flt->nvalues * sizeof *flt->num);
		if (flt->num == NULL) {
			fair__data_spec_nomem(err);
			goto fail;
		}
	}
	for (size_t k = 0; k < flt->nvalues; k++) {
		const char *v = flt->values[k];
		if (categorical) {
			if (fair_column_level_index(c, v) < 0) {
				char near[300];
				fair__data_spec_list_levels(&b, c);
				fair_error_set(err, FAIR_EINVAL, "'%s' is not a level of '%s'%s (levels: %s)",
				               v, flt->column, fair__data_spec_near_level(near, sizeof near, c, v), b.buf);
				*absent = true;
				goto fail;
			}
			continue;
		}
		if (!fair__data_spec_parse_number(v, &flt->num[k])) {
			fair_error_set(err, FAIR_EINVAL, "filter on '%s': '%s' is not a number",
			               flt->column, v);
			goto fail;
		}
		if ((op == OP_EQ || op == OP_NE) && !fair__data_spec_value_occurs(c, flt->num[k])) {
			fair__data_spec_list_levels(&b, c);
			fair_error_set(err, FAIR_EINVAL, "value '%s' does not occur in '%s' (values: %s)",
			               v, flt->column, b.buf);
			*absent = true;
			goto fail;
		}
	}
	fair_buf_printf(&b, "%s%s", flt->column, op_text[op]);
	for (size_t k = 0; k < flt->nvalues; k++)
		fair_buf_printf(&b, "%s%s", k ? "," : "", flt->values[k]);
	if ((flt->text = fair_buf_detach(&b)) == NULL) {
		fair__data_spec_nomem(err);
		goto fail;
	}
	return flt;
fail:
	fair_buf_release(&b);
	fair_filter_free(flt);
	return NULL;
}

/* Whether the text after the column and operator of a short-form filter
 * has what only expressions have: quotes, parentheses, a second operator
 * ("=="), or one of the words and, or, not, in. */
static bool
expression_syntax(const char *s)
{
	static const char *const words[] = { "and", "or", "not", "in" };

	if (strpbrk(s, "'\"`()") != NULL || strstr(s, "==") != NULL)
		return true;
	for (const char *p = s; *p; p++) {
		if (p != s && !isspace((unsigned char)p[-1]))
			continue;
		for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
			size_t l = strlen(words[k]);
			if (strncasecmp(p, words[k], l) == 0 && (p[l] == '\0' || isspace((unsigned char)p[l])))
				return true;
		}
	}
	return false;
}

/* The name of the column the short form would read at the start of @expr
 * (the longest column name followed by an operator), or "". */
static const char *
expr_first_column(const fair_frame *f, const char *expr)
{
	const char *best = "";
	size_t bl = 0;

	while (isspace((unsigned char)*expr))
		expr++;
	for (size_t j = 0; j < fair_frame_ncols(f); j++) {
		const char *name = fair_column_name(fair_frame_column(f, j));
		size_t len = strlen(name);
		int o;
		if (len <= bl || strncmp(expr, name, len) != 0)
			continue;
		const char *p = expr + len;
		while (isspace((unsigned char)*p))
			p++;
		if (match_op(p, &o) == 0)
			continue;
		best = name;
		bl = len;
	}
	return best;
}

/* An expression filter on @f; NULL with @err. */
static fair_filter *
expr_parse(const fair_frame *f, const char *text, fair_error *err)
{
	fair_filter *flt = calloc(1, sizeof *flt);

	if (flt == NULL) {
		fair__data_spec_nomem(err);
		return NULL;
	}
	if ((flt->expr = fair_expr_parse(text, err)) == NULL ||
	    fair_expr_bind(flt->expr, f, err) != FAIR_OK)
		goto fail;
	if (fair_expr_type_of(flt->expr) == FAIR_EXPR_CATEGORICAL) {
		fair_error_set(err, FAIR_EINVAL, "position 1: a filter needs a condition, such as "
		               "x == 'a' or x > 3; this expression gives text");
		goto fail;
	}
	if ((flt->text = fair_expr_print(flt->expr)) == NULL)
		goto nomem;
	if (fair_expr_nnotes(flt->expr) > 0 &&
	    (flt->notes = calloc(fair_expr_nnotes(flt->expr), sizeof *flt->notes)) == NULL)
		goto nomem;
	for (size_t k = 0; k < fair_expr_nnotes(flt->expr); k++) {
		if ((flt->notes[k] = strdup(fair_expr_note(flt->expr, k))) == NULL)
			goto nomem;
		flt->nnotes++;
	}
	return flt;
nomem:
	fair__data_spec_nomem(err);
fail:
	fair_filter_free(flt);
	return NULL;
}

/* Whether the short form's error stands for @text although @e, an
 * expression filter of the same text, exists: the short form's shape,
 * nothing only an expression has after the operator, a value that is not in
 * the column, and the expression reading that column alone. Then the text
 * means what the short form means ("kids=7"), whose check that the value
 * occurs catches a typo that would keep no row. */
static bool
short_error_stands(const fair_frame *f, const char *text, bool shaped, bool absent, const fair_filter *e)
{
	const char *rest = text + strcspn(text, "!<>=");

	return shaped && absent && !expression_syntax(rest) && fair_expr_ncolumns(e->expr) == 1 &&
	       fair_filter_uses(e, expr_first_column(f, text));
}

/* Whether the canonical text of expression filter @e is read back as this
 * expression and not as the short form. */
static bool
reads_back(const fair_frame *f, const fair_filter *e)
{
	fair_error tmp;
	bool shaped = false, absent = false;
	fair_filter *s = short_parse(f, e->text, &shaped, &absent, &tmp);

	if (s != NULL) {
		fair_filter_free(s);
		return false;
	}
	return !short_error_stands(f, e->text, shaped, absent, e);
}

fair_filter *
fair_filter_parse(const fair_frame *f, const char *expr, fair_error *err)
{
	fair_error serr, eerr;
	bool shaped = false, absent = false;
	fair_filter *flt;
	const char *rest;

	fair_error_clear(&serr);
	fair_error_clear(&eerr);
	if ((flt = short_parse(f, expr, &shaped, &absent, &serr)) != NULL)
		return flt;
	if (serr.code == FAIR_ENOMEM || expr[strspn(expr, " \t\r\n")] == '\0') {
		if (err)
			*err = serr;
		return NULL;
	}
	rest = expr + strcspn(expr, "!<>=");
	if ((flt = expr_parse(f, expr, &eerr)) != NULL) {
		if (short_error_stands(f, expr, shaped, absent, flt)) {
			fair_filter_free(flt);
			if (err)
				*err = serr;
			return NULL;
		}
		/* "kids <> 7" prints as "kids != 7", which would read as the
		 * short form: such a text is kept in parentheses */
		if (!reads_back(f, flt)) {
			size_t n = strlen(flt->text);
			char *t = malloc(n + 3);
			if (t == NULL) {
				fair_filter_free(flt);
				fair__data_spec_nomem(err);
				return NULL;
			}
			t[0] = '(';
			memcpy(t + 1, flt->text, n);
			memcpy(t + n + 1, ")", 2);
			free(flt->text);
			flt->text = t;
		}
		return flt;
	}
	/* neither: the short form's message when the text has its shape and
	 * nothing only an expression has after the operator */
	if (err)
		*err = shaped && eerr.code != FAIR_ENOMEM && !expression_syntax(rest) ? serr : eerr;
	return NULL;
}

/* An expression filter evaluated on @f: its binding when @f has the very
 * columns it was bound to (frames share columns), else a fresh binding. */
static int
expr_apply(const fair_filter *flt, const fair_frame *f, unsigned char *keep, fair_error *err)
{
	const fair_expr *e = flt->expr;
	size_t n = fair_frame_nrows(f);
	bool same = e->bound == 2 && e->nrows == n;
	fair_expr *fresh = NULL;
	int rc;

	for (size_t k = 0; same && k < e->ncols; k++) {
		long j = fair_frame_find(f, e->colnames[k]);
		same = j >= 0 && fair_frame_column(f, (size_t)j) == e->cols[k];
	}
	if (!same) {
		if ((fresh = fair_expr_parse(flt->text, err)) == NULL)
			return err ? err->code : FAIR_EINVAL;
		if ((rc = fair_expr_bind(fresh, f, err)) != FAIR_OK) {
			fair_expr_free(fresh);
			return fair_error_prefix(err, "filter '%s'", flt->text);
		}
		e = fresh;
	}
	rc = fair_expr_filter(e, NULL, n, keep, NULL, err);
	fair_expr_free(fresh);
	return rc;
}

int
fair_filter_apply(const fair_filter *flt, const fair_frame *f, unsigned char *keep,
                  fair_error *err)
{
	long j;
	size_t n = fair_frame_nrows(f);
	const fair_column *c;

	if (flt->expr != NULL)
		return expr_apply(flt, f, keep, err);
	j = fair_frame_find(f, flt->column);
	if (j < 0)
		return fair_error_set(err, FAIR_ENOTFOUND, "filter '%s': unknown column '%s'",
		                      flt->text, flt->column);
	c = fair_frame_column(f, (size_t)j);
	if (fair_column_type(c) == FAIR_COL_CATEGORICAL) {
		size_t nl = fair_column_nlevels(c);
		const int32_t *codes = fair_column_codes(c);
		unsigned char *match = calloc(nl ? nl : 1, 1);
		if (flt->num != NULL)
			return fair_error_set(err, FAIR_EINVAL,
			    "filter '%s': column '%s' is now categorical", flt->text, flt->column);
		if (match == NULL)
			return fair__data_spec_nomem(err);
		for (size_t k = 0; k < flt->nvalues; k++) {
			long l = fair_column_level_index(c, flt->values[k]);
			if (l >= 0)
				match[l] = 1;
		}
		unsigned char want = flt->op == OP_EQ;
		for (size_t i = 0; i < n; i++)
			keep[i] &= codes[i] >= 0 && match[codes[i]] == want;
		free(match);
		return FAIR_OK;
	}
	if (flt->num == NULL)
		return fair_error_set(err, FAIR_EINVAL,
		    "filter '%s': column '%s' is now numeric", flt->text, flt->column);
	const double *v = fair_column_values(c);
	const double x = flt->num[0];
	for (size_t i = 0; i < n; i++) {
		bool pass;
		if (isnan(v[i])) {
			keep[i] = 0;
			continue;
		}
		switch (flt->op) {
		case OP_LT: pass = v[i] < x; break;
		case OP_LE: pass = v[i] <= x; break;
		case OP_GT: pass = v[i] > x; break;
		case OP_GE: pass = v[i] >= x; break;
		default: {
			bool in = false;
			for (size_t k = 0; k < flt->nvalues; k++)
				in |= v[i] == flt->num[k];
			pass = flt->op == OP_EQ ? in : !in;
		}
		}
		keep[i] &= pass;
	}
	return FAIR_OK;
}

int
fair_filters_keep(const fair_filter *const *flts, size_t nfilters, const fair_frame *f,
                  unsigned char *keep, size_t *nkept, fair_error *err)
{
	size_t n = fair_frame_nrows(f), m = 0;

	memset(keep, 1, n);
	for (size_t k = 0; k < nfilters; k++) {
		int rc = fair_filter_apply(flts[k], f, keep, err);
		if (rc != FAIR_OK)
			return rc;
	}
	for (size_t i = 0; i < n; i++)
		m += keep[i] != 0;
	if (nkept)
		*nkept = m;
	return FAIR_OK;
}

/* ---- split -------------------------------------------------------------- */

/* (stratum, row) pairs sorted so each stratum's rows are contiguous and in
 * row order: the order the shuffle sees does not depend on qsort. */
typedef struct srow {
	int32_t stratum;
	size_t  row;
} srow;

static int
cmp_srow(const void *a, const void *b)
{
	const srow *x = a, *y = b;
	if (x->stratum != y->stratum)
		return (x->stratum > y->stratum) - (x->stratum < y->stratum);
	return (x->row > y->row) - (x->row < y->row);
}

int
fair_split_random(size_t n, const unsigned char *keep, double frac, unsigned long seed,
                  const int32_t *strata, unsigned char *assign, fair_error *err)
{
	size_t m = 0, ntrain = 0;
	srow *rows = NULL;
	size_t *idx = NULL;
	gsl_rng *r = NULL;
	int rc = FAIR_OK;

	if (!(frac > 0.0 && frac < 1.0))
		return fair_error_set(err, FAIR_EINVAL,
		    "split fraction must be between 0 and 1 (exclusive), got %g", frac);
	for (size_t i = 0; i < n; i++)
		m += keep == NULL || keep[i];
	if (m == 0)
		return fair_error_set(err, FAIR_EINVAL, "no rows to split");
	rows = malloc(m * sizeof *rows);
	idx = malloc(m * sizeof *idx);
	r = gsl_rng_alloc(gsl_rng_mt19937);
	if (rows == NULL || idx == NULL || r == NULL) {
		rc = fair__data_spec_nomem(err);
		goto out;
	}
	gsl_rng_set(r, seed);
	m = 0;
	for (size_t i = 0; i < n; i++) {
		assign[i] = FAIR_SPLIT_NONE;
		if (keep == NULL || keep[i]) {
			rows[m].stratum = strata ? strata[i] : 0;
			rows[m].row = i;
			m++;
		}
	}
	if (strata)
		qsort(rows, m, sizeof *rows, cmp_srow);
	for (size_t s = 0; s < m;) {
		size_t e = s;
		while (e < m && rows[e].stratum == rows[s].stratum)
			e++;
		size_t ns = e - s, nt = (size_t)floor(frac * (double)ns + 0.5);
		for (size_t k = 0; k < ns; k++)
			idx[k] = rows[s + k].row;
		gsl_ran_shuffle(r, idx, ns, sizeof *idx);
		for (size_t k = 0; k < ns; k++)
			assign[idx[k]] = k < nt ? FAIR_SPLIT_TRAIN : FAIR_SPLIT_TEST;
		ntrain += nt;
		s = e;
	}
	if (ntrain == 0 || ntrain == m)
		rc = fair_error_set(err, FAIR_EINVAL,
		    "split leaves the %s set empty (%zu rows, fraction %g)",
		    ntrain == 0 ? "train" : "test", m, frac);
out:
	gsl_rng_free(r);
	free(rows);
	free(idx);
	return rc;
}

static int
split_part_of(const char *s)
{
	if (strcasecmp(s, "train") == 0 || strcasecmp(s, "training") == 0)
		return FAIR_SPLIT_TRAIN;
	if (strcasecmp(s, "test") == 0 || strcasecmp(s, "testing") == 0)
		return FAIR_SPLIT_TEST;
	if (strcasecmp(s, "calib") == 0 || strcasecmp(s, "calibration") == 0)
		return FAIR_SPLIT_CALIB;
	return -1;
}

int
fair_split_from_column(const fair_frame *f, const char *column, unsigned char *assign,
                       fair_error *err)
{
	long j = fair_frame_find(f, column);
	size_t n = fair_frame_nrows(f), ntrain = 0, ntest = 0;
	const fair_column *c;

	if (j < 0)
		return fair__data_spec_unknown_column(err, f, column);
	c = fair_frame_column(f, (size_t)j);
	if (fair_column_type(c) != FAIR_COL_CATEGORICAL)
		return fair_error_set(err, FAIR_EINVAL,
		    "split column '%s' is numeric; expected values train, test or calib", column);
	const int32_t *codes = fair_column_codes(c);
	for (size_t i = 0; i < n; i++) {
		int part = FAIR_SPLIT_NONE;
		if (codes[i] >= 0) {
			part = split_part_of(fair_column_level(c, (size_t)codes[i]));
			if (part < 0)
				return fair_error_set(err, FAIR_EINVAL,
				    "split column '%s': value '%s' in row %zu is not train, test or calib",
				    column, fair_column_level(c, (size_t)codes[i]), i + 1);
		}
		ntrain += part == FAIR_SPLIT_TRAIN;
		ntest += part == FAIR_SPLIT_TEST;
		assign[i] = (unsigned char)part;
	}
	if (ntrain == 0 || ntest == 0)
		return fair_error_set(err, FAIR_EINVAL, "split column '%s' has no '%s' rows",
		                      column, ntrain == 0 ? "train" : "test");
	return FAIR_OK;
}

void
fair_split_strata(const fair_target *t, const fair_groups *g, int32_t *strata)
{
	size_t n = t ? t->n : g ? g->n : 0;
	int32_t K1 = g ? (int32_t)g->K + 1 : 1;

	assert(t == NULL || g == NULL || t->n == g->n);
	for (size_t i = 0; i < n; i++) {
		int32_t cls = 0;
		if (t && t->task == FAIR_TASK_CLASSIFICATION)
			cls = isnan(t->y[i]) ? 2 : t->y[i] == 1.0 ? 1 : 0;
		strata[i] = cls * K1 + (g ? g->group[i] + 1 : 0);
	}
}

/* ---- features ----------------------------------------------------------- */

/* Splits @list at commas into trimmed names resolved to column indices in
 * @idx (caller-allocated, ncols entries); errors on unknown or repeated names. */
static int
resolve_names(const fair_frame *f, const char *list, size_t *idx, size_t *nidx, fair_error *err)
{
	const char *p = list;
	size_t m = 0;

	for (;;) {
		size_t k = strcspn(p, ",");
		char *name = fair__data_spec_strndup_trim(p, k);
		long j;
		if (name == NULL)
			return fair__data_spec_nomem(err);
		if (*name == '\0') {
			free(name);
			return fair_error_set(err, FAIR_EINVAL, "empty column name in '%s'", list);
		}
		j = fair_frame_find(f, name);
		if (j < 0) {
			int rc = fair__data_spec_unknown_column(err, f, name);
			free(name);
			return rc;
		}
		for (size_t q = 0; q < m; q++)
			if (idx[q] == (size_t)j) {
				int rc = fair_error_set(err, FAIR_EINVAL, "column '%s' is listed twice", name);
				free(name);
				return rc;
			}
		free(name);
		idx[m++] = (size_t)j;
		if (p[k] == '\0')
			break;
		p += k + 1;
	}
	*nidx = m;
	return FAIR_OK;
}

int
fair_features_resolve(const fair_frame *f, const char *spec, const char *const *exclude,
                      size_t nexclude, size_t **cols, size_t *ncols, fair_error *err)
{
	size_t nc = fair_frame_ncols(f), m = 0, nlist = 0;
	size_t *out = malloc((nc ? nc : 1) * sizeof *out);
	size_t *list = malloc((nc ? nc : 1) * sizeof *list);
	unsigned char *drop = calloc(nc ? nc : 1, 1);
	char *s = NULL;
	int rc = FAIR_OK;
	bool listed = false;

	*cols = NULL;
	*ncols = 0;
	if (out == NULL || list == NULL || drop == NULL ||
	    (s = fair__data_spec_strndup_trim(spec, strlen(spec))) == NULL) {
		rc = fair__data_spec_nomem(err);
		goto out;
	}
	if (*s == '\0') {
		rc = fair_error_set(err, FAIR_EINVAL,
		    "empty feature list; expected all, all-except=COL,... or COL,...");
		goto out;
	}
	if (strcmp(s, "all") == 0 || strncmp(s, "all-except=", 11) == 0) {
		for (size_t e = 0; e < nexclude; e++) {
			long j = fair_frame_find(f, exclude[e]);
			if (j >= 0)
				drop[j] = 1;
		}
		if (s[3] == '-') {
			rc = resolve_names(f, s + 11, list, &nlist, err);
			if (rc != FAIR_OK)
				goto out;
			for (size_t q = 0; q < nlist; q++)
				drop[list[q]] = 1;
		}
		for (size_t j = 0; j < nc; j++)
			if (!drop[j])
				out[m++] = j;
	} else {
		listed = true;
		rc = resolve_names(f, s, out, &m, err);
		if (rc != FAIR_OK)
			goto out;
	}
	if (m == 0 && !listed) {
		rc = fair_error_set(err, FAIR_EINVAL,
		    "no feature columns left (the target, sensitive and split columns are excluded)");
		goto out;
	}
	*cols = out;
	*ncols = m;
	out = NULL;
out:
	free(out);
	free(list);
	free(drop);
	free(s);
	return rc;
}
