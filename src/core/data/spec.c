/* spec.c -- the target and its favourable outcome (see spec.h); sensitive
 * groups are in spec-groups.c, filters, splits and features in
 * spec-rows.c. Validation and encoding only: no model code, no printing;
 * the session layer keeps what these functions return. */
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

/* ---- target ------------------------------------------------------------- */

void
fair_target_free(fair_target *t)
{
	if (t == NULL)
		return;
	free(t->column);
	if (t->y_column)
		fair_column_unref(t->y_column);
	else
		free(t->y);
	free(t->positive_label);
	free(t->negative_label);
	for (size_t k = 0; k < t->npositive; k++)
		free(t->positive[k]);
	free(t->positive);
	free(t->positive_num);
	free(t);
}

/* Records one positive value of the label space (a level, or a number as
 * %.17g with its value); -1 when out of memory. */
static int
push_positive(fair_target *t, const char *level, double num)
{
	char tmp[40], **p = realloc(t->positive, (t->npositive + 1) * sizeof *p);

	if (p == NULL)
		return -1;
	t->positive = p;
	if (level == NULL) {
		double *q = realloc(t->positive_num, (t->npositive + 1) * sizeof *q);
		if (q == NULL)
			return -1;
		t->positive_num = q;
		q[t->npositive] = num;
		snprintf(tmp, sizeof tmp, "%.17g", num);
		level = tmp;
	}
	if ((p[t->npositive] = strdup(level)) == NULL)
		return -1;
	t->npositive++;
	return 0;
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

/* For the single used level @a of a categorical column: the positive word
 * of its yes/no pair ("yes" for "no" as for "yes", in the column's case
 * when it is the level itself), with *@is_level telling whether @a is it;
 * NULL when @a is no such word. */
static const char *
yes_no_single(const fair_column *c, long a, bool *is_level)
{
	const char *la = fair_column_level(c, (size_t)a);

	for (size_t p = 0; p < sizeof yes_no_pairs / sizeof yes_no_pairs[0]; p++) {
		if (strcasecmp(la, yes_no_pairs[p][1]) == 0) {
			*is_level = true;
			return la;
		}
		if (strcasecmp(la, yes_no_pairs[p][0]) == 0) {
			*is_level = false;
			return yes_no_pairs[p][1];
		}
	}
	return NULL;
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
		rc = fair__data_spec_nomem(err);
		goto out;
	}
	size_t nused = fair__data_spec_used_levels(c, used);
	if (npositive > 0) {
		for (size_t p = 0; p < npositive; p++) {
			long k = fair_column_level_index(c, positive[p]);
			if (k < 0 && nused == 1 && npositive == 1) {
				/* one value, and the positive class is the other one
				 * (Fairlearn's pos_label on a single-valued array) */
				fair_buf_printf(&lb, "%s", positive[p]);
				if (push_positive(t, positive[p], 0) < 0) {
					rc = fair__data_spec_nomem(err);
					goto out;
				}
				continue;
			}
			if (k < 0) {
				fair_buf eb = FAIR_BUF_INIT;
				char near[300];
				fair__data_spec_list_levels(&eb, c);
				rc = fair_error_set(err, FAIR_EINVAL,
				    "positive value '%s' is not a level of '%s'%s (levels: %s)",
				    positive[p], t->column, fair__data_spec_near_level(near, sizeof near, c, positive[p]), eb.buf);
				fair_buf_release(&eb);
				goto out;
			}
			if (!pos[k]) {
				fair_buf_printf(&lb, "%s%s", lb.len ? "," : "", positive[p]);
				if (push_positive(t, positive[p], 0) < 0) {
					rc = fair__data_spec_nomem(err);
					goto out;
				}
			}
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
			/* one class, e.g. every row "no": a yes/no word says which */
			bool is_level = false;
			const char *yes = yes_no_single(c, a, &is_level);
			if (yes == NULL) {
				rc = fair_error_set(err, FAIR_EINVAL,
				    "target '%s' has one value ('%s'); give positive=VALUE",
				    t->column, fair_column_level(c, (size_t)a));
				goto out;
			}
			if (is_level)
				pos[a] = 1;
			fair_buf_printf(&lb, "%s", yes);
			if (is_level)
				fair_buf_printf(&nb, "not %s", yes);
			else
				fair_buf_printf(&nb, "%s", fair_column_level(c, (size_t)a));
			if (push_positive(t, yes, 0) < 0) {
				rc = fair__data_spec_nomem(err);
				goto out;
			}
			goto codes;
		}
		if (nused > 2) {
			fair__data_spec_list_levels(&lb, c);
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
		if (push_positive(t, fair_column_level(c, (size_t)k), 0) < 0) {
			rc = fair__data_spec_nomem(err);
			goto out;
		}
	}
codes:
	for (size_t i = 0; i < n; i++)
		t->y[i] = codes[i] < 0 ? NAN : pos[codes[i]] ? 1.0 : 0.0;
	t->positive_label = fair_buf_detach(&lb);
	t->negative_label = fair_buf_detach(&nb);
	if (t->positive_label == NULL || t->negative_label == NULL)
		rc = fair__data_spec_nomem(err);
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
	double *d = fair__data_spec_distinct_values(c, &nd), *pv = NULL;
	fair_buf lb = FAIR_BUF_INIT, nb = FAIR_BUF_INIT;
	int rc = FAIR_OK;
	size_t npv = 0;

	if (d == NULL)
		return fair__data_spec_nomem(err);
	if (!isnan(threshold)) {
		t->task = FAIR_TASK_CLASSIFICATION;
		t->threshold = threshold;
		for (size_t i = 0; i < n; i++)
			t->y[i] = isnan(v[i]) ? NAN : v[i] > threshold ? 1.0 : 0.0;
		fair_buf_printf(&lb, ">%g", threshold);
		fair_buf_printf(&nb, "<=%g", threshold);
		goto labels;
	}
	if (npositive == 0) {
		/* {0,1} or {-1,1}, or one of those values alone (a target with one
		 * class: all rows 1, or none) */
		bool binary01 = ((nd == 2 && (d[0] == 0.0 || d[0] == -1.0) && d[1] == 1.0) ||
		                 (nd == 1 && (d[0] == 0.0 || d[0] == -1.0 || d[0] == 1.0))) &&
		                task_hint != FAIR_TASK_REGRESSION;
		if (binary01) {
			t->task = FAIR_TASK_CLASSIFICATION;
			for (size_t i = 0; i < n; i++)
				t->y[i] = isnan(v[i]) ? NAN : v[i] == 1.0 ? 1.0 : 0.0;
			fair_buf_printf(&lb, "%s", "1");
			fair_buf_printf(&nb, "%g", d[0] == 1.0 ? 0.0 : d[0]);
			if (push_positive(t, NULL, 1.0) < 0)
				rc = fair__data_spec_nomem(err);
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
		rc = fair__data_spec_nomem(err);
		goto out;
	}
	for (size_t p = 0; p < npositive; p++) {
		double x;
		if (!fair__data_spec_parse_number(positive[p], &x)) {
			rc = fair_error_set(err, FAIR_EINVAL,
			    "positive value '%s' is not a number; column '%s' is numeric",
			    positive[p], t->column);
			goto out;
		}
		if (bsearch(&x, d, nd, sizeof *d, fair__data_spec_cmp_double) == NULL &&
		    !(nd == 1 && npositive == 1)) {   /* one value: the positive class is the other */
			fair_buf eb = FAIR_BUF_INIT;
			fair__data_spec_list_levels(&eb, c);
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
			if (push_positive(t, NULL, x) < 0) {
				rc = fair__data_spec_nomem(err);
				goto out;
			}
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
	else if (nd == 1 && npv == 1 && d[0] != pv[0])
		fair_buf_printf(&nb, "%g", d[0]);
	else
		fair_buf_printf(&nb, "not %s", lb.buf);
labels:
	t->positive_label = fair_buf_detach(&lb);
	t->negative_label = fair_buf_detach(&nb);
	if (rc == FAIR_OK && (t->positive_label == NULL || t->negative_label == NULL))
		rc = fair__data_spec_nomem(err);
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
		return fair__data_spec_unknown_column(err, f, column);
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
		return fair__data_spec_nomem(err);
	t->n = fair_frame_nrows(f);
	t->coltype = fair_column_type(c);
	t->threshold = NAN;
	t->column = strdup(column);
	t->y = malloc((t->n ? t->n : 1) * sizeof *t->y);
	if (t->column == NULL || t->y == NULL) {
		rc = fair__data_spec_nomem(err);
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
	/* one class is allowed (its audit shows the rates that exist); no
	 * value at all is not */
	if (t->npos + t->nneg == 0 && t->task == FAIR_TASK_CLASSIFICATION) {
		rc = fair_error_set(err, FAIR_EINVAL, "target '%s' has no non-missing values", column);
		goto fail;
	}
	/* y equal to the column bit for bit (0/1 read with positive 1, a
	 * regression target): share the column instead of a copy, 8 bytes a
	 * row less for every session (the column is immutable) */
	if (fair_column_type(c) == FAIR_COL_NUMERIC && t->n > 0 &&
	    !memcmp(fair_column_values(c), t->y, t->n * sizeof *t->y)) {
		free(t->y);
		t->y_column = fair_column_ref((fair_column *)c);
		t->y = (double *)fair_column_values(c);
	}
	*out = t;
	return FAIR_OK;
fail:
	fair_target_free(t);
	return rc;
}

/* ---- favourable outcome --------------------------------------------------- */

const char *
fair_favorable_name(int favorable)
{
	return favorable == FAIR_FAVORABLE_POSITIVE ? "assistive"
	     : favorable == FAIR_FAVORABLE_NEGATIVE ? "punitive" : "";
}

int
fair_target_set_favorable(fair_target *t, const fair_frame *f, const char *const *values,
                          size_t nvalues, fair_error *err)
{
	long j = fair_frame_find(f, t->column);
	const fair_column *c;
	size_t npos_hit = 0, nneg_hit = 0, npos_all = 0, nneg_all = 0;
	unsigned char *seen = NULL;
	size_t nseen = 0;
	double *d = NULL;
	int rc = FAIR_OK;

	if (t->task != FAIR_TASK_CLASSIFICATION)
		return fair_error_set(err, FAIR_EINVAL,
		    "favorable= applies to yes/no targets; '%s' is a regression target", t->column);
	if (nvalues == 1 && (!strcmp(values[0], "positive") || !strcmp(values[0], "negative")) &&
	    (j < 0 || fair_column_type(fair_frame_column(f, (size_t)j)) != FAIR_COL_CATEGORICAL ||
	     fair_column_level_index(fair_frame_column(f, (size_t)j), values[0]) < 0)) {
		t->favorable = values[0][0] == 'p' ? FAIR_FAVORABLE_POSITIVE : FAIR_FAVORABLE_NEGATIVE;
		return FAIR_OK;
	}
	if (nvalues == 0)
		return fair_error_set(err, FAIR_EINVAL, "favorable= needs a value");
	if (j < 0)
		return fair__data_spec_unknown_column(err, f, t->column);
	c = fair_frame_column(f, (size_t)j);
	if (!isnan(t->threshold))
		return fair_error_set(err, FAIR_EINVAL,
		    "target '%s' is cut at %g: give favorable=positive (%s) or favorable=negative (%s)",
		    t->column, t->threshold, t->positive_label, t->negative_label);
	/* the values of the label space, each marked positive or not */
	if (fair_column_type(c) == FAIR_COL_CATEGORICAL) {
		nseen = fair_column_nlevels(c);
		seen = calloc(nseen ? nseen : 1, 1);
		unsigned char *used = malloc(nseen ? nseen : 1);
		if (seen == NULL || used == NULL) {
			free(used);
			rc = fair__data_spec_nomem(err);
			goto out;
		}
		fair__data_spec_used_levels(c, used);
		for (size_t k = 0; k < nseen; k++) {
			bool p = false;
			for (size_t q = 0; q < t->npositive; q++)
				p |= !strcmp(t->positive[q], fair_column_level(c, k));
			if (p)
				npos_all++;
			else if (used[k])
				nneg_all++;
		}
		free(used);
		for (size_t v = 0; v < nvalues; v++) {
			long k = fair_column_level_index(c, values[v]);
			if (k < 0) {
				fair_buf b = FAIR_BUF_INIT;
				fair__data_spec_list_levels(&b, c);
				rc = fair_error_set(err, FAIR_EINVAL,
				    "favorable value '%s' is not a level of '%s' (levels: %s; or favorable=positive"
				    " or favorable=negative)", values[v], t->column, b.buf);
				fair_buf_release(&b);
				goto out;
			}
			if (seen[k]++)
				continue;
			bool p = false;
			for (size_t q = 0; q < t->npositive; q++)
				p |= !strcmp(t->positive[q], values[v]);
			if (p)
				npos_hit++;
			else
				nneg_hit++;
		}
	} else {
		d = fair__data_spec_distinct_values(c, &nseen);
		seen = calloc(nseen ? nseen : 1, 1);
		if (d == NULL || seen == NULL) {
			rc = fair__data_spec_nomem(err);
			goto out;
		}
		for (size_t k = 0; k < nseen; k++) {
			bool p = false;
			for (size_t q = 0; q < t->npositive; q++)
				p |= t->positive_num[q] == d[k];
			if (p)
				npos_all++;
			else
				nneg_all++;
		}
		for (size_t q = 0; q < t->npositive; q++)   /* a positive value that does not occur */
			if (bsearch(&t->positive_num[q], d, nseen, sizeof *d, fair__data_spec_cmp_double) == NULL)
				npos_all++;
		for (size_t v = 0; v < nvalues; v++) {
			double x;
			const double *hit;
			bool p = false;
			if (!fair__data_spec_parse_number(values[v], &x)) {
				rc = fair_error_set(err, FAIR_EINVAL,
				    "favorable value '%s' is not a number; target '%s' is numeric (or give "
				    "favorable=positive or favorable=negative)", values[v], t->column);
				goto out;
			}
			for (size_t q = 0; q < t->npositive; q++)
				p |= t->positive_num[q] == x;
			hit = bsearch(&x, d, nseen, sizeof *d, fair__data_spec_cmp_double);
			if (hit == NULL && !p) {
				fair_buf b = FAIR_BUF_INIT;
				fair__data_spec_list_levels(&b, c);
				rc = fair_error_set(err, FAIR_EINVAL,
				    "favorable value '%s' does not occur in '%s' (values: %s)", values[v],
				    t->column, b.buf);
				fair_buf_release(&b);
				goto out;
			}
			if (hit != NULL && seen[hit - d]++)
				continue;
			if (p)
				npos_hit++;
			else
				nneg_hit++;
		}
	}
	if (npos_hit > 0 && nneg_hit > 0) {
		rc = fair_error_set(err, FAIR_EINVAL,
		    "favorable= mixes the positive class (%s) and the negative class (%s); it names "
		    "one of them", t->positive_label, t->negative_label);
		goto out;
	}
	if ((npos_hit > 0 && npos_hit != npos_all) || (nneg_hit > 0 && nneg_hit != nneg_all)) {
		rc = fair_error_set(err, FAIR_EINVAL,
		    "favorable= names part of the %s class (%s); it names a whole class",
		    npos_hit ? "positive" : "negative", npos_hit ? t->positive_label : t->negative_label);
		goto out;
	}
	t->favorable = npos_hit ? FAIR_FAVORABLE_POSITIVE : FAIR_FAVORABLE_NEGATIVE;
out:
	free(seen);
	free(d);
	return rc;
}
