/* spec.c -- target, sensitive groups, row filters, train/test splits and
 * feature selection (see spec.h). Validation and encoding only: no model
 * code, no printing; the session layer keeps what these functions return. */
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
#include "fairsh/learner.h"
#include "fairsh/spec.h"

#define LIST_MAX 10     /* names listed in an error message */
#define GROUPS_MAX_DISTINCT 20
#define DENSE_RADIX_MAX (UINT64_C(1) << 20)   /* group combinations counted densely */

/* ---- small helpers ------------------------------------------------------ */

static int
nomem(fair_error *err)
{
	return fair_error_set(err, FAIR_ENOMEM, "out of memory");
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Copies [s, s+len) without leading/trailing whitespace into a new string. */
static char *
strndup_trim(const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	return strndup(s, len);
}

/* Parses a whole string as a finite or infinite double; false if not a number. */
static bool
parse_number(const char *s, double *out)
{
	char *end;

	if (*s == '\0')
		return false;
	errno = 0;
	*out = strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	return *end == '\0' && !isnan(*out) && errno != ERANGE;
}

/* "a, b, c, ..." : the column names of @f, at most LIST_MAX. */
static void
list_columns(fair_buf *b, const fair_frame *f)
{
	size_t nc = fair_frame_ncols(f);

	for (size_t j = 0; j < nc && j < LIST_MAX; j++)
		fair_buf_printf(b, "%s%s", j ? ", " : "", fair_column_name(fair_frame_column(f, j)));
	if (nc > LIST_MAX)
		fair_buf_printf(b, "%s", ", ...");
}

static int
unknown_column(fair_error *err, const fair_frame *f, const char *name)
{
	fair_buf b = FAIR_BUF_INIT;
	int rc;

	list_columns(&b, f);
	rc = fair_error_set(err, FAIR_ENOTFOUND, "unknown column '%s' (columns: %s)", name, b.buf);
	fair_buf_release(&b);
	return rc;
}

/* Sorted distinct non-missing values of a numeric column into a new array. */
static double *
distinct_values(const fair_column *c, size_t *nd)
{
	const double *v = fair_column_values(c);
	size_t n = fair_column_length(c), m = 0, k = 0;
	double *d = malloc((n ? n : 1) * sizeof *d);

	if (d == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			d[m++] = v[i];
	qsort(d, m, sizeof *d, cmp_double);
	for (size_t i = 0; i < m; i++)
		if (k == 0 || d[i] != d[k - 1])
			d[k++] = d[i];
	*nd = k;
	return d;
}

/* "l1, l2, ..." : levels (categorical) or distinct values (numeric, %g). */
static void
list_levels(fair_buf *b, const fair_column *c)
{
	if (fair_column_type(c) == FAIR_COL_CATEGORICAL) {
		size_t nl = fair_column_nlevels(c);
		for (size_t k = 0; k < nl && k < LIST_MAX; k++)
			fair_buf_printf(b, "%s%s", k ? ", " : "", fair_column_level(c, k));
		if (nl > LIST_MAX)
			fair_buf_printf(b, "%s", ", ...");
	} else {
		size_t nd = 0;
		double *d = distinct_values(c, &nd);
		if (d == NULL)
			return;
		for (size_t k = 0; k < nd && k < LIST_MAX; k++)
			fair_buf_printf(b, "%s%g", k ? ", " : "", d[k]);
		if (nd > LIST_MAX)
			fair_buf_printf(b, "%s", ", ...");
		free(d);
	}
}

static bool
value_occurs(const fair_column *c, double x)
{
	const double *v = fair_column_values(c);
	size_t n = fair_column_length(c);

	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* ---- target ------------------------------------------------------------- */

void
fair_target_free(fair_target *t)
{
	if (t == NULL)
		return;
	free(t->column);
	free(t->y);
	free(t->positive_label);
	free(t->negative_label);
	free(t);
}

/* Two-level pairs that read as negative/positive; the second is positive. */
static const char *const yes_no_pairs[][2] = {
	{ "no", "yes" }, { "n", "y" }, { "false", "true" }, { "f", "t" },
	{ "0", "1" }, { "-1", "1" }, { "negative", "positive" }, { "neg", "pos" },
};

/* For a categorical column with exactly two used levels a and b: returns the
 * index of the positive one when {a,b} is a yes/no pair, else -1. */
static long
yes_no_positive(const fair_column *c, long a, long b)
{
	const char *la = fair_column_level(c, (size_t)a), *lb = fair_column_level(c, (size_t)b);

	for (size_t p = 0; p < sizeof yes_no_pairs / sizeof yes_no_pairs[0]; p++) {
		if (strcasecmp(la, yes_no_pairs[p][0]) == 0 && strcasecmp(lb, yes_no_pairs[p][1]) == 0)
			return b;
		if (strcasecmp(lb, yes_no_pairs[p][0]) == 0 && strcasecmp(la, yes_no_pairs[p][1]) == 0)
			return a;
	}
	return -1;
}

/* Levels that occur in the column: used[k] set; returns how many. */
static size_t
used_levels(const fair_column *c, unsigned char *used)
{
	const int32_t *codes = fair_column_codes(c);
	size_t n = fair_column_length(c), nl = fair_column_nlevels(c), m = 0;

	memset(used, 0, nl ? nl : 1);
	for (size_t i = 0; i < n; i++)
		if (codes[i] >= 0 && !used[codes[i]]) {
			used[codes[i]] = 1;
			m++;
		}
	return m;
}

static int
target_categorical(const fair_column *c, const char *const *positive, size_t npositive,
                   fair_target *t, fair_error *err)
{
	size_t nl = fair_column_nlevels(c), n = fair_column_length(c);
	const int32_t *codes = fair_column_codes(c);
	unsigned char *pos = calloc(nl ? nl : 1, 1), *used = malloc(nl ? nl : 1);
	fair_buf lb = FAIR_BUF_INIT, nb = FAIR_BUF_INIT;
	int rc = FAIR_OK;

	if (pos == NULL || used == NULL) {
		rc = nomem(err);
		goto out;
	}
	size_t nused = used_levels(c, used);
	if (npositive > 0) {
		for (size_t p = 0; p < npositive; p++) {
			long k = fair_column_level_index(c, positive[p]);
			if (k < 0) {
				fair_buf eb = FAIR_BUF_INIT;
				list_levels(&eb, c);
				rc = fair_error_set(err, FAIR_EINVAL,
				    "positive value '%s' is not a level of '%s' (levels: %s)",
				    positive[p], t->column, eb.buf);
				fair_buf_release(&eb);
				goto out;
			}
			if (!pos[k])
				fair_buf_printf(&lb, "%s%s", lb.len ? "," : "", positive[p]);
			pos[k] = 1;
		}
		/* negative label: the other level of a two-level column, else "not P" */
		long other = -1;
		size_t nother = 0;
		for (size_t k = 0; k < nl; k++)
			if (used[k] && !pos[k]) {
				other = (long)k;
				nother++;
			}
		if (nused == 2 && nother == 1)
			fair_buf_printf(&nb, "%s", fair_column_level(c, (size_t)other));
		else
			fair_buf_printf(&nb, "not %s", lb.buf);
	} else {
		long a = -1, b = -1, k;
		for (size_t j = 0; j < nl; j++)
			if (used[j]) {
				if (a < 0)
					a = (long)j;
				else if (b < 0)
					b = (long)j;
			}
		if (nused == 0) {
			rc = fair_error_set(err, FAIR_EINVAL, "target '%s' has no non-missing values",
			                    t->column);
			goto out;
		}
		if (nused == 1) {
			rc = fair_error_set(err, FAIR_EINVAL, "target '%s' has one class ('%s')",
			                    t->column, fair_column_level(c, (size_t)a));
			goto out;
		}
		if (nused > 2) {
			list_levels(&lb, c);
			rc = fair_error_set(err, FAIR_EINVAL,
			    "target '%s' is categorical with %zu levels; give positive=VALUE[,VALUE...] "
			    "(levels: %s)", t->column, nused, lb.buf);
			goto out;
		}
		k = yes_no_positive(c, a, b);
		if (k < 0) {
			rc = fair_error_set(err, FAIR_EINVAL,
			    "target '%s' has two levels ('%s', '%s'); give positive=VALUE",
			    t->column, fair_column_level(c, (size_t)a), fair_column_level(c, (size_t)b));
			goto out;
		}
		pos[k] = 1;
		fair_buf_printf(&lb, "%s", fair_column_level(c, (size_t)k));
		fair_buf_printf(&nb, "%s", fair_column_level(c, (size_t)(k == a ? b : a)));
	}
	for (size_t i = 0; i < n; i++)
		t->y[i] = codes[i] < 0 ? NAN : pos[codes[i]] ? 1.0 : 0.0;
	t->positive_label = fair_buf_detach(&lb);
	t->negative_label = fair_buf_detach(&nb);
	if (t->positive_label == NULL || t->negative_label == NULL)
		rc = nomem(err);
out:
	fair_buf_release(&lb);
	fair_buf_release(&nb);
	free(pos);
	free(used);
	return rc;
}

static int
target_numeric(const fair_column *c, const char *const *positive, size_t npositive,
               double threshold, int task_hint, fair_target *t, fair_error *err)
{
	const double *v = fair_column_values(c);
	size_t n = fair_column_length(c), nd = 0;
	double *d = distinct_values(c, &nd), *pv = NULL;
	fair_buf lb = FAIR_BUF_INIT, nb = FAIR_BUF_INIT;
	int rc = FAIR_OK;
	size_t npv = 0;

	if (d == NULL)
		return nomem(err);
	if (!isnan(threshold)) {
		t->task = FAIR_TASK_CLASSIFICATION;
		for (size_t i = 0; i < n; i++)
			t->y[i] = isnan(v[i]) ? NAN : v[i] > threshold ? 1.0 : 0.0;
		fair_buf_printf(&lb, ">%g", threshold);
		fair_buf_printf(&nb, "<=%g", threshold);
		goto labels;
	}
	if (npositive == 0) {
		bool binary01 = nd == 2 && (d[0] == 0.0 || d[0] == -1.0) && d[1] == 1.0 &&
		                task_hint != FAIR_TASK_REGRESSION;
		if (binary01) {
			t->task = FAIR_TASK_CLASSIFICATION;
			for (size_t i = 0; i < n; i++)
				t->y[i] = isnan(v[i]) ? NAN : v[i] == 1.0 ? 1.0 : 0.0;
			fair_buf_printf(&lb, "%s", "1");
			fair_buf_printf(&nb, "%g", d[0]);
			goto labels;
		}
		if (task_hint == FAIR_TASK_CLASSIFICATION) {
			rc = fair_error_set(err, FAIR_EINVAL,
			    "target '%s' is numeric with %zu values; give positive=VALUE or threshold=X "
			    "for classification", t->column, nd);
			goto out;
		}
		t->task = FAIR_TASK_REGRESSION;
		if (nd == 0) {
			rc = fair_error_set(err, FAIR_EINVAL, "target '%s' has no non-missing values",
			                    t->column);
			goto out;
		}
		memcpy(t->y, v, n * sizeof *v);
		goto out;
	}
	/* explicit positive values */
	pv = malloc(npositive * sizeof *pv);
	if (pv == NULL) {
		rc = nomem(err);
		goto out;
	}
	for (size_t p = 0; p < npositive; p++) {
		double x;
		if (!parse_number(positive[p], &x)) {
			rc = fair_error_set(err, FAIR_EINVAL,
			    "positive value '%s' is not a number; column '%s' is numeric",
			    positive[p], t->column);
			goto out;
		}
		if (bsearch(&x, d, nd, sizeof *d, cmp_double) == NULL) {
			fair_buf eb = FAIR_BUF_INIT;
			list_levels(&eb, c);
			rc = fair_error_set(err, FAIR_EINVAL,
			    "positive value '%s' does not occur in '%s' (values: %s)",
			    positive[p], t->column, eb.buf);
			fair_buf_release(&eb);
			goto out;
		}
		bool dup = false;
		for (size_t q = 0; q < npv; q++)
			dup |= pv[q] == x;
		if (!dup) {
			pv[npv++] = x;
			fair_buf_printf(&lb, "%s%g", lb.len ? "," : "", x);
		}
	}
	t->task = FAIR_TASK_CLASSIFICATION;
	for (size_t i = 0; i < n; i++) {
		double yi = 0.0;
		if (isnan(v[i])) {
			t->y[i] = NAN;
			continue;
		}
		for (size_t q = 0; q < npv; q++)
			if (v[i] == pv[q])
				yi = 1.0;
		t->y[i] = yi;
	}
	if (nd == 2 && npv == 1)
		fair_buf_printf(&nb, "%g", d[0] == pv[0] ? d[1] : d[0]);
	else
		fair_buf_printf(&nb, "not %s", lb.buf);
labels:
	t->positive_label = fair_buf_detach(&lb);
	t->negative_label = fair_buf_detach(&nb);
	if (t->positive_label == NULL || t->negative_label == NULL)
		rc = nomem(err);
out:
	fair_buf_release(&lb);
	fair_buf_release(&nb);
	free(pv);
	free(d);
	return rc;
}

int
fair_target_check(const fair_target *t, const unsigned char *keep, fair_error *err)
{
	size_t npos = 0, nneg = 0, nval = 0;
	const char *suffix = keep ? " among the kept rows" : "";

	for (size_t i = 0; i < t->n; i++) {
		if ((keep && !keep[i]) || isnan(t->y[i]))
			continue;
		nval++;
		if (t->task == FAIR_TASK_CLASSIFICATION) {
			if (t->y[i] == 1.0)
				npos++;
			else
				nneg++;
		}
	}
	if (nval == 0)
		return fair_error_set(err, FAIR_EINVAL, "target '%s' has no non-missing values%s",
		                      t->column, suffix);
	if (t->task == FAIR_TASK_CLASSIFICATION && (npos == 0 || nneg == 0))
		return fair_error_set(err, FAIR_EINVAL, "target '%s' has one class ('%s')%s",
		                      t->column, npos ? t->positive_label : t->negative_label, suffix);
	return FAIR_OK;
}

int
fair_target_build(const fair_frame *f, const char *column, const char *const *positive,
                  size_t npositive, double threshold, int task_hint, fair_target **out,
                  fair_error *err)
{
	fair_target *t = NULL;
	long j = fair_frame_find(f, column);
	const fair_column *c;
	int rc;

	*out = NULL;
	if (task_hint != -1 && task_hint != FAIR_TASK_CLASSIFICATION &&
	    task_hint != FAIR_TASK_REGRESSION)
		return fair_error_set(err, FAIR_EINVAL, "invalid task %d", task_hint);
	if (j < 0)
		return unknown_column(err, f, column);
	c = fair_frame_column(f, (size_t)j);
	if (npositive > 0 && !isnan(threshold))
		return fair_error_set(err, FAIR_EINVAL, "give either positive= or threshold=, not both");
	if (task_hint == FAIR_TASK_REGRESSION) {
		if (npositive > 0 || !isnan(threshold))
			return fair_error_set(err, FAIR_EINVAL,
			    "positive= and threshold= apply only to classification targets");
		if (fair_column_type(c) == FAIR_COL_CATEGORICAL)
			return fair_error_set(err, FAIR_EINVAL,
			    "target '%s' is categorical; regression needs a numeric column", column);
	}
	if (!isnan(threshold) && fair_column_type(c) == FAIR_COL_CATEGORICAL)
		return fair_error_set(err, FAIR_EINVAL,
		    "threshold= needs a numeric column; '%s' is categorical", column);

	t = calloc(1, sizeof *t);
	if (t == NULL)
		return nomem(err);
	t->n = fair_frame_nrows(f);
	t->column = strdup(column);
	t->y = malloc((t->n ? t->n : 1) * sizeof *t->y);
	if (t->column == NULL || t->y == NULL) {
		rc = nomem(err);
		goto fail;
	}
	if (fair_column_type(c) == FAIR_COL_CATEGORICAL) {
		t->task = FAIR_TASK_CLASSIFICATION;
		rc = target_categorical(c, positive, npositive, t, err);
	} else {
		rc = target_numeric(c, positive, npositive, threshold, task_hint, t, err);
	}
	if (rc != FAIR_OK)
		goto fail;
	for (size_t i = 0; i < t->n; i++) {
		if (isnan(t->y[i]))
			t->nmissing++;
		else if (t->task == FAIR_TASK_CLASSIFICATION && t->y[i] == 1.0)
			t->npos++;
		else if (t->task == FAIR_TASK_CLASSIFICATION)
			t->nneg++;
	}
	rc = fair_target_check(t, NULL, err);
	if (rc != FAIR_OK)
		goto fail;
	*out = t;
	return FAIR_OK;
fail:
	fair_target_free(t);
	return rc;
}

/* ---- sensitive groups --------------------------------------------------- */

void
fair_groups_free(fair_groups *g)
{
	if (g == NULL)
		return;
	free(g->group);
	if (g->labels)
		for (size_t k = 0; k < g->K; k++)
			free(g->labels[k]);
	free(g->labels);
	free(g->count);
	if (g->columns)
		for (size_t j = 0; j < g->ncolumns; j++)
			free(g->columns[j]);
	free(g->columns);
	free(g);
}

/* One column's contribution: code[i] in [0, k) or -1, and k labels. */
typedef struct colgroups {
	int32_t *code;
	char   **labels;
	size_t   k;
} colgroups;

static void
colgroups_release(colgroups *cg)
{
	free(cg->code);
	if (cg->labels)
		for (size_t k = 0; k < cg->k; k++)
			free(cg->labels[k]);
	free(cg->labels);
}

static int
colgroups_build(const fair_column *c, double threshold, colgroups *cg, fair_error *err)
{
	size_t n = fair_column_length(c);
	const char *name = fair_column_name(c);
	char tmp[64];

	cg->code = malloc((n ? n : 1) * sizeof *cg->code);
	if (cg->code == NULL)
		return nomem(err);
	if (fair_column_type(c) == FAIR_COL_CATEGORICAL) {
		size_t nl = fair_column_nlevels(c);
		const int32_t *codes = fair_column_codes(c);
		int32_t *map = malloc((nl ? nl : 1) * sizeof *map);
		unsigned char *used = malloc(nl ? nl : 1);
		if (map == NULL || used == NULL) {
			free(map);
			free(used);
			return nomem(err);
		}
		size_t nused = used_levels(c, used);
		cg->labels = calloc(nused ? nused : 1, sizeof *cg->labels);
		if (cg->labels == NULL) {
			free(map);
			free(used);
			return nomem(err);
		}
		for (size_t l = 0; l < nl; l++) {
			map[l] = -1;
			if (!used[l])
				continue;
			map[l] = (int32_t)cg->k;
			if ((cg->labels[cg->k++] = strdup(fair_column_level(c, l))) == NULL) {
				free(map);
				free(used);
				return nomem(err);
			}
		}
		for (size_t i = 0; i < n; i++)
			cg->code[i] = codes[i] < 0 ? -1 : map[codes[i]];
		free(map);
		free(used);
		return FAIR_OK;
	}

	const double *v = fair_column_values(c);
	if (!isnan(threshold)) {
		bool lo = false, hi = false;
		for (size_t i = 0; i < n; i++) {
			if (isnan(v[i]))
				continue;
			if (v[i] > threshold)
				hi = true;
			else
				lo = true;
		}
		cg->labels = calloc(2, sizeof *cg->labels);
		if (cg->labels == NULL)
			return nomem(err);
		if (lo) {
			snprintf(tmp, sizeof tmp, "%g", threshold);
			fair_buf b = FAIR_BUF_INIT;
			fair_buf_printf(&b, "%s<=%s", name, tmp);
			if ((cg->labels[cg->k++] = fair_buf_detach(&b)) == NULL)
				return nomem(err);
		}
		if (hi) {
			snprintf(tmp, sizeof tmp, "%g", threshold);
			fair_buf b = FAIR_BUF_INIT;
			fair_buf_printf(&b, "%s>%s", name, tmp);
			if ((cg->labels[cg->k++] = fair_buf_detach(&b)) == NULL)
				return nomem(err);
		}
		for (size_t i = 0; i < n; i++)
			cg->code[i] = isnan(v[i]) ? -1 : (v[i] > threshold) ? (lo ? 1 : 0) : 0;
		return FAIR_OK;
	}

	size_t nd = 0;
	double *d = distinct_values(c, &nd);
	if (d == NULL)
		return nomem(err);
	if (nd > GROUPS_MAX_DISTINCT) {
		free(d);
		return fair_error_set(err, FAIR_EINVAL,
		    "sensitive column '%s' is numeric with %zu values; give threshold=X", name, nd);
	}
	cg->labels = calloc(nd ? nd : 1, sizeof *cg->labels);
	if (cg->labels == NULL) {
		free(d);
		return nomem(err);
	}
	for (size_t k = 0; k < nd; k++) {
		snprintf(tmp, sizeof tmp, "%g", d[k]);
		if ((cg->labels[cg->k++] = strdup(tmp)) == NULL) {
			free(d);
			return nomem(err);
		}
	}
	for (size_t i = 0; i < n; i++) {
		const double *p = isnan(v[i]) ? NULL : bsearch(&v[i], d, nd, sizeof *d, cmp_double);
		cg->code[i] = p ? (int32_t)(p - d) : -1;
	}
	free(d);
	return FAIR_OK;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

int
fair_groups_build(const fair_frame *f, const char *const *columns, size_t ncolumns,
                  double threshold, const char *privileged, fair_groups **out,
                  fair_error *err)
{
	size_t n = fair_frame_nrows(f), m = 0, K = 0;
	colgroups *cg = NULL;
	uint64_t *key = NULL, *uniq = NULL;
	fair_groups *g = NULL;
	int rc = FAIR_OK;
	bool any_numeric = false;

	*out = NULL;
	if (ncolumns == 0)
		return fair_error_set(err, FAIR_EINVAL, "no sensitive column given");
	for (size_t j = 0; j < ncolumns; j++) {
		long cj = fair_frame_find(f, columns[j]);
		if (cj < 0)
			return unknown_column(err, f, columns[j]);
		for (size_t q = 0; q < j; q++)
			if (strcmp(columns[q], columns[j]) == 0)
				return fair_error_set(err, FAIR_EINVAL,
				    "sensitive column '%s' is listed twice", columns[j]);
		if (fair_column_type(fair_frame_column(f, (size_t)cj)) == FAIR_COL_NUMERIC)
			any_numeric = true;
	}
	if (!isnan(threshold) && !any_numeric)
		return fair_error_set(err, FAIR_EINVAL,
		    "threshold= given but no sensitive column is numeric");

	cg = calloc(ncolumns, sizeof *cg);
	key = malloc((n ? n : 1) * sizeof *key);
	uniq = malloc((n ? n : 1) * sizeof *uniq);
	g = calloc(1, sizeof *g);
	if (cg == NULL || key == NULL || uniq == NULL || g == NULL) {
		rc = nomem(err);
		goto out;
	}
	uint64_t radix = 1;
	for (size_t j = 0; j < ncolumns; j++) {
		const fair_column *c = fair_frame_column(f, (size_t)fair_frame_find(f, columns[j]));
		rc = colgroups_build(c, threshold, &cg[j], err);
		if (rc != FAIR_OK)
			goto out;
		if (cg[j].k > 0 && radix > (UINT64_C(1) << 62) / cg[j].k) {
			rc = fair_error_set(err, FAIR_EINVAL, "too many intersectional groups");
			goto out;
		}
		radix *= cg[j].k ? cg[j].k : 1;
	}
	/* Mixed-radix key: ascending key order is the first column's group order,
	 * then the second's, ..., as documented. */
	for (size_t i = 0; i < n; i++) {
		uint64_t k = 0;
		bool miss = false;
		for (size_t j = 0; j < ncolumns; j++) {
			if (cg[j].code[i] < 0) {
				miss = true;
				break;
			}
			k = k * cg[j].k + (uint64_t)cg[j].code[i];
		}
		key[i] = miss ? UINT64_MAX : k;
		if (!miss)
			uniq[m++] = k;
	}
	if (radix <= DENSE_RADIX_MAX) {
		/* few combinations: mark presence in a dense table, O(n + radix) */
		unsigned char *seen = calloc((size_t)radix, 1);
		if (seen == NULL) {
			rc = nomem(err);
			goto out;
		}
		for (size_t i = 0; i < m; i++)
			seen[uniq[i]] = 1;
		for (uint64_t k = 0; k < radix; k++)
			if (seen[k])
				uniq[K++] = k;
		free(seen);
	} else {
		qsort(uniq, m, sizeof *uniq, cmp_u64);
		for (size_t i = 0; i < m; i++)
			if (K == 0 || uniq[i] != uniq[K - 1])
				uniq[K++] = uniq[i];
	}

	g->n = n;
	g->K = K;
	g->privileged = -1;
	g->ncolumns = ncolumns;
	g->group = malloc((n ? n : 1) * sizeof *g->group);
	g->labels = calloc(K ? K : 1, sizeof *g->labels);
	g->count = calloc(K ? K : 1, sizeof *g->count);
	g->columns = calloc(ncolumns, sizeof *g->columns);
	if (g->group == NULL || g->labels == NULL || g->count == NULL || g->columns == NULL) {
		rc = nomem(err);
		goto out;
	}
	for (size_t j = 0; j < ncolumns; j++)
		if ((g->columns[j] = strdup(columns[j])) == NULL) {
			rc = nomem(err);
			goto out;
		}
	for (size_t k = 0; k < K; k++) {
		fair_buf b = FAIR_BUF_INIT;
		uint64_t rest = uniq[k];
		/* decode digits from the last column backwards */
		size_t *digit = malloc(ncolumns * sizeof *digit);
		if (digit == NULL) {
			rc = nomem(err);
			goto out;
		}
		for (size_t jj = ncolumns; jj-- > 0;) {
			digit[jj] = (size_t)(rest % cg[jj].k);
			rest /= cg[jj].k;
		}
		for (size_t j = 0; j < ncolumns; j++)
			fair_buf_printf(&b, "%s%s", j ? " & " : "", cg[j].labels[digit[j]]);
		free(digit);
		if ((g->labels[k] = fair_buf_detach(&b)) == NULL) {
			rc = nomem(err);
			goto out;
		}
	}
	if (radix <= DENSE_RADIX_MAX) {
		int32_t *map = malloc((size_t)radix * sizeof *map);
		if (map == NULL) {
			rc = nomem(err);
			goto out;
		}
		for (size_t k = 0; k < K; k++)
			map[uniq[k]] = (int32_t)k;
		for (size_t i = 0; i < n; i++) {
			g->group[i] = key[i] == UINT64_MAX ? -1 : map[key[i]];
			if (g->group[i] >= 0)
				g->count[g->group[i]]++;
		}
		free(map);
	} else {
		for (size_t i = 0; i < n; i++) {
			const uint64_t *p = key[i] == UINT64_MAX ? NULL :
			    bsearch(&key[i], uniq, K, sizeof *uniq, cmp_u64);
			g->group[i] = p ? (int32_t)(p - uniq) : -1;
			if (p)
				g->count[p - uniq]++;
		}
	}
	if (K == 0) {
		rc = fair_error_set(err, FAIR_EINVAL,
		    "the sensitive attribute has no row without missing values");
		goto out;
	}
	if (K == 1) {
		rc = fair_error_set(err, FAIR_EINVAL, "the sensitive attribute has one group ('%s')",
		                    g->labels[0]);
		goto out;
	}
	if (privileged != NULL) {
		g->privileged = fair_groups_find(g, privileged);
		if (g->privileged < 0) {
			fair_buf b = FAIR_BUF_INIT;
			for (size_t k = 0; k < K && k < LIST_MAX; k++)
				fair_buf_printf(&b, "%s%s", k ? ", " : "", g->labels[k]);
			if (K > LIST_MAX)
				fair_buf_printf(&b, "%s", ", ...");
			rc = fair_error_set(err, FAIR_EINVAL,
			    "privileged group '%s' is not a group (groups: %s)", privileged, b.buf);
			fair_buf_release(&b);
			goto out;
		}
	}
out:
	if (cg != NULL)
		for (size_t j = 0; j < ncolumns; j++)
			colgroups_release(&cg[j]);
	free(cg);
	free(key);
	free(uniq);
	if (rc != FAIR_OK)
		fair_groups_free(g);
	else
		*out = g;
	return rc;
}

size_t
fair_groups_count(const fair_groups *g, const unsigned char *keep, size_t *count)
{
	size_t total = 0;

	memset(count, 0, g->K * sizeof *count);
	for (size_t i = 0; i < g->n; i++)
		if ((keep == NULL || keep[i]) && g->group[i] >= 0) {
			count[g->group[i]]++;
			total++;
		}
	return total;
}

long
fair_groups_find(const fair_groups *g, const char *label)
{
	for (size_t k = 0; k < g->K; k++)
		if (strcmp(g->labels[k], label) == 0)
			return (long)k;
	return -1;
}

/* ---- filters ------------------------------------------------------------ */

enum filter_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };
static const char *const op_text[] = { "=", "!=", "<", "<=", ">", ">=" };

struct fair_filter {
	char   *text;      /* canonical expression */
	char   *column;
	int     op;        /* enum filter_op */
	size_t  nvalues;
	char  **values;    /* value strings (= / !=) or the number's text */
	double *num;       /* numeric columns: parsed values */
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
	free(flt);
}

const char *
fair_filter_text(const fair_filter *flt)
{
	return flt->text;
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

fair_filter *
fair_filter_parse(const fair_frame *f, const char *expr, fair_error *err)
{
	fair_filter *flt = calloc(1, sizeof *flt);
	const char *s = expr, *rhs = NULL;
	const fair_column *c = NULL;
	fair_buf b = FAIR_BUF_INIT;
	size_t best = 0;
	int op = OP_EQ;

	if (flt == NULL) {
		nomem(err);
		return NULL;
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0') {
		fair_error_set(err, FAIR_EINVAL,
		    "empty filter; expected COLUMN=VALUE[,VALUE...] or COLUMN<NUMBER");
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
		name = strndup_trim(s, k);
		if (name == NULL) {
			nomem(err);
			goto fail;
		}
		unknown_column(err, f, name);
		free(name);
		goto fail;
	}
	flt->op = op;
	if ((flt->column = strdup(fair_column_name(c))) == NULL) {
		nomem(err);
		goto fail;
	}
	char *val = strndup_trim(rhs, strlen(rhs));
	if (val == NULL) {
		nomem(err);
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
			nomem(err);
			goto fail;
		}
	} else if (categorical && fair_column_level_index(c, val) >= 0) {
		if (filter_push(flt, val) != 0) {
			nomem(err);
			goto fail;
		}
	} else {
		const char *p = val;
		for (;;) {
			size_t k = strcspn(p, ",");
			char *item = strndup_trim(p, k);
			if (item == NULL || filter_push(flt, item) != 0) {
				free(val);
				nomem(err);
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
			nomem(err);
			goto fail;
		}
	}
	for (size_t k = 0; k < flt->nvalues; k++) {
		const char *v = flt->values[k];
		if (categorical) {
			if (fair_column_level_index(c, v) < 0) {
				list_levels(&b, c);
				fair_error_set(err, FAIR_EINVAL, "'%s' is not a level of '%s' (levels: %s)",
				               v, flt->column, b.buf);
				goto fail;
			}
			continue;
		}
		if (!parse_number(v, &flt->num[k])) {
			fair_error_set(err, FAIR_EINVAL, "filter on '%s': '%s' is not a number",
			               flt->column, v);
			goto fail;
		}
		if ((op == OP_EQ || op == OP_NE) && !value_occurs(c, flt->num[k])) {
			list_levels(&b, c);
			fair_error_set(err, FAIR_EINVAL, "value '%s' does not occur in '%s' (values: %s)",
			               v, flt->column, b.buf);
			goto fail;
		}
	}
	fair_buf_printf(&b, "%s%s", flt->column, op_text[op]);
	for (size_t k = 0; k < flt->nvalues; k++)
		fair_buf_printf(&b, "%s%s", k ? "," : "", flt->values[k]);
	if ((flt->text = fair_buf_detach(&b)) == NULL) {
		nomem(err);
		goto fail;
	}
	return flt;
fail:
	fair_buf_release(&b);
	fair_filter_free(flt);
	return NULL;
}

int
fair_filter_apply(const fair_filter *flt, const fair_frame *f, unsigned char *keep,
                  fair_error *err)
{
	long j = fair_frame_find(f, flt->column);
	size_t n = fair_frame_nrows(f);
	const fair_column *c;

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
			return nomem(err);
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
		rc = nomem(err);
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
		return unknown_column(err, f, column);
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
		char *name = strndup_trim(p, k);
		long j;
		if (name == NULL)
			return nomem(err);
		if (*name == '\0') {
			free(name);
			return fair_error_set(err, FAIR_EINVAL, "empty column name in '%s'", list);
		}
		j = fair_frame_find(f, name);
		if (j < 0) {
			int rc = unknown_column(err, f, name);
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
	    (s = strndup_trim(spec, strlen(spec))) == NULL) {
		rc = nomem(err);
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
