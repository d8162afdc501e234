/* spec-decision.c -- decisions as users have them (see spec.h): a column of
 * predictions read in the target's own label space, a categorical column
 * with the values that count as positive, or a score cut at a threshold in
 * either direction. What cannot be read so is an error naming the values,
 * never a guess. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fairsh/buf.h"
#include "fairsh/spec.h"
#include "data/data-private.h"

void
fair_decision_opts_init(fair_decision_opts *o)
{
	memset(o, 0, sizeof *o);
	o->threshold = NAN;
	o->direction = FAIR_DIRECTION_HIGHER;
}

void
fair_decision_free(fair_decision *d)
{
	if (d == NULL)
		return;
	free(d->yhat);
	free(d->score);
	free(d->rule);
	free(d);
}

static const fair_column *
column_named(const fair_frame *f, const char *name, fair_error *err)
{
	long j = fair_frame_find(f, name);

	if (j < 0) {
		fair__data_spec_unknown_column(err, f, name);
		return NULL;
	}
	return fair_frame_column(f, (size_t)j);
}

/* Appends "v" to the list of unreadable values @b (at most LIST_MAX, then
 * "..."), counting them in *@nbad. */
static void
bad_value(fair_buf *b, size_t *nbad, const char *v)
{
	if (*nbad < LIST_MAX)
		fair_buf_printf(b, "%s%s", *nbad ? ", " : "", v);
	else if (*nbad == LIST_MAX)
		fair_buf_puts(b, ", ...");
	(*nbad)++;
}

/* The error for values of @pred that are not in the target's label space. */
static int
not_in_label_space(const fair_frame *f, const fair_target *t, const char *pred, const char *bad,
                   const char *hint, fair_error *err)
{
	fair_buf lv = FAIR_BUF_INIT;
	long j = fair_frame_find(f, t->column);
	int rc;

	if (j >= 0)
		fair__data_spec_list_levels(&lv, fair_frame_column(f, (size_t)j));
	rc = fair_error_set(err, FAIR_EINVAL,
	    "prediction column '%s' has values that are not values of target '%s': %s "
	    "(target values: %s; positive = %s)%s", pred, t->column, bad, lv.buf ? lv.buf : "",
	    t->positive_label, hint);
	fair_buf_release(&lv);
	return rc;
}

static bool
is_positive_num(const fair_target *t, double x)
{
	for (size_t q = 0; q < t->npositive; q++)
		if (t->positive_num != NULL && t->positive_num[q] == x)
			return true;
	return false;
}

/* A number @x predicted for a numeric target: 1 / 0, or -1 when @x is not
 * a value of the target column (@tv, @ntv sorted distinct values). */
static int
numeric_label(const fair_target *t, const double *tv, size_t ntv, double x)
{
	if (!isnan(t->threshold))
		return x > t->threshold;
	if (is_positive_num(t, x))
		return 1;
	return bsearch(&x, tv, ntv, sizeof *tv, fair__data_spec_cmp_double) != NULL ? 0 : -1;
}

/* true/yes/t/y -> 1, false/no/f/n -> 0 (any case), else a number. */
static bool
word_number(const char *s, double *x)
{
	static const char *const yes[] = { "true", "yes", "t", "y" }, *const no[] = { "false", "no", "f", "n" };

	for (size_t k = 0; k < 4; k++) {
		if (strcasecmp(s, yes[k]) == 0) {
			*x = 1;
			return true;
		}
		if (strcasecmp(s, no[k]) == 0) {
			*x = 0;
			return true;
		}
	}
	return fair__data_spec_parse_number(s, x);
}

/* pred= with positive=: the listed values are positive decisions. */
static int
pred_listed(const fair_column *p, const fair_decision_opts *o, fair_decision *d, fair_buf *rule,
            fair_error *err)
{
	size_t n = d->n;
	int rc = FAIR_OK;

	fair_buf_printf(rule, "%s in (", o->pred);
	if (fair_column_type(p) == FAIR_COL_CATEGORICAL) {
		size_t nl = fair_column_nlevels(p);
		const int32_t *codes = fair_column_codes(p);
		unsigned char *pos = calloc(nl ? nl : 1, 1);
		if (pos == NULL)
			return fair__data_spec_nomem(err);
		for (size_t q = 0; q < o->npositive; q++) {
			long k = fair_column_level_index(p, o->positive[q]);
			if (k < 0) {
				fair_buf b = FAIR_BUF_INIT;
				char near[300];
				fair__data_spec_list_levels(&b, p);
				rc = fair_error_set(err, FAIR_EINVAL, "positive value '%s' is not a level of "
				                    "'%s'%s (levels: %s)", o->positive[q], o->pred,
				                    fair__data_spec_near_level(near, sizeof near, p, o->positive[q]), b.buf);
				fair_buf_release(&b);
				free(pos);
				return rc;
			}
			fair_buf_printf(rule, "%s%s", q ? ", " : "", o->positive[q]);
			pos[k] = 1;
		}
		for (size_t i = 0; i < n; i++)
			d->yhat[i] = codes[i] < 0 ? NAN : pos[codes[i]];
		free(pos);
	} else {
		const double *v = fair_column_values(p);
		double *pv = malloc((o->npositive ? o->npositive : 1) * sizeof *pv);
		if (pv == NULL)
			return fair__data_spec_nomem(err);
		for (size_t q = 0; q < o->npositive; q++) {
			if (!fair__data_spec_parse_number(o->positive[q], &pv[q])) {
				rc = fair_error_set(err, FAIR_EINVAL, "positive value '%s' is not a number; "
				                    "column '%s' is numeric", o->positive[q], o->pred);
				free(pv);
				return rc;
			}
			if (!fair__data_spec_value_occurs(p, pv[q])) {
				fair_buf b = FAIR_BUF_INIT;
				fair__data_spec_list_levels(&b, p);
				rc = fair_error_set(err, FAIR_EINVAL, "positive value '%s' does not occur in "
				                    "'%s' (values: %s)", o->positive[q], o->pred, b.buf);
				fair_buf_release(&b);
				free(pv);
				return rc;
			}
			fair_buf_printf(rule, "%s%g", q ? ", " : "", pv[q]);
		}
		for (size_t i = 0; i < n; i++) {
			double y = 0;
			if (isnan(v[i])) {
				d->yhat[i] = NAN;
				continue;
			}
			for (size_t q = 0; q < o->npositive; q++)
				y = v[i] == pv[q] ? 1 : y;
			d->yhat[i] = y;
		}
		free(pv);
	}
	fair_buf_putc(rule, ')');
	return FAIR_OK;
}

/* pred= alone: the column predicts the target, in its label space. */
static int
pred_label_space(const fair_frame *f, const fair_target *t, const fair_column *p,
                 const fair_decision_opts *o, fair_decision *d, fair_buf *rule, fair_error *err)
{
	const fair_column *tc = column_named(f, t->column, err);
	size_t n = d->n, nbad = 0, ntv = 0;
	fair_buf bad = FAIR_BUF_INIT;
	double *tv = NULL;
	int rc = FAIR_OK;

	if (tc == NULL)
		return err ? err->code : FAIR_ENOTFOUND;
	if (fair_column_type(tc) == FAIR_COL_NUMERIC &&
	    (tv = fair__data_spec_distinct_values(tc, &ntv)) == NULL)
		return fair__data_spec_nomem(err);
	if (fair_column_type(p) == FAIR_COL_CATEGORICAL) {
		size_t nl = fair_column_nlevels(p);
		const int32_t *codes = fair_column_codes(p);
		double *lab = malloc((nl ? nl : 1) * sizeof *lab);
		unsigned char *used = calloc(nl ? nl : 1, 1);
		if (lab == NULL || used == NULL) {
			free(lab);
			free(used);
			rc = fair__data_spec_nomem(err);
			goto out;
		}
		for (size_t i = 0; i < n; i++)
			if (codes[i] >= 0)
				used[codes[i]] = 1;
		for (size_t k = 0; k < nl; k++) {
			const char *lv = fair_column_level(p, k);
			lab[k] = NAN;
			if (!used[k])
				continue;
			if (fair_column_type(tc) == FAIR_COL_CATEGORICAL) {
				bool in = fair_column_level_index(tc, lv) >= 0, pos = false;
				for (size_t q = 0; q < t->npositive; q++)
					pos |= !strcmp(t->positive[q], lv);
				if (in || pos)
					lab[k] = pos;
				else
					bad_value(&bad, &nbad, lv);
			} else {
				double x;
				int l = word_number(lv, &x) ? numeric_label(t, tv, ntv, x) : -1;
				if (l >= 0)
					lab[k] = l;
				else
					bad_value(&bad, &nbad, lv);
			}
		}
		for (size_t i = 0; i < n; i++)
			d->yhat[i] = codes[i] < 0 ? NAN : lab[codes[i]];
		free(lab);
		free(used);
		if (nbad) {
			rc = not_in_label_space(f, t, o->pred, bad.buf, "; or say which values are positive "
			                        "decisions with positive=V,...", err);
			goto out;
		}
	} else if (fair_column_type(tc) == FAIR_COL_CATEGORICAL) {
		/* a numeric 0/1 (or -1/1) column beside a categorical target: 1 is
		 * the positive class, as a condition made with `derive` gives */
		const double *v = fair_column_values(p);
		size_t nd = 0;
		double *pd = fair__data_spec_distinct_values(p, &nd);
		bool ok01 = true, okpm = true;
		char tmp[40];
		if (pd == NULL) {
			rc = fair__data_spec_nomem(err);
			goto out;
		}
		for (size_t k = 0; k < nd; k++) {
			ok01 &= pd[k] == 0 || pd[k] == 1;
			okpm &= pd[k] == -1 || pd[k] == 1;
		}
		if (!ok01 && !okpm) {
			for (size_t k = 0; k < nd; k++)
				if (pd[k] != 0 && pd[k] != 1 && pd[k] != -1) {
					snprintf(tmp, sizeof tmp, "%g", pd[k]);
					bad_value(&bad, &nbad, tmp);
				}
			free(pd);
			rc = fair_error_set(err, FAIR_EINVAL,
			    "prediction column '%s' is numeric with values %s; target '%s' is categorical "
			    "(positive = %s): give 0/1 decisions (1 = %s), the target's own labels, or a "
			    "score with score=%s threshold=T", o->pred, bad.buf, t->column,
			    t->positive_label, t->positive_label, o->pred);
			goto out;
		}
		free(pd);
		for (size_t i = 0; i < n; i++)
			d->yhat[i] = isnan(v[i]) ? NAN : v[i] == 1.0;
		fair_buf_printf(rule, "%s (1 = %s)", o->pred, t->positive_label);
		goto out;
	} else {
		const double *v = fair_column_values(p);
		size_t nd = 0;
		double *pd = fair__data_spec_distinct_values(p, &nd);
		char tmp[40];
		if (pd == NULL) {
			rc = fair__data_spec_nomem(err);
			goto out;
		}
		for (size_t k = 0; k < nd; k++)
			if (numeric_label(t, tv, ntv, pd[k]) < 0) {
				snprintf(tmp, sizeof tmp, "%g", pd[k]);
				bad_value(&bad, &nbad, tmp);
			}
		free(pd);
		if (nbad) {
			fair_buf hint = FAIR_BUF_INIT;
			fair_buf_printf(&hint, "; for scores use score=%s threshold=T", o->pred);
			rc = not_in_label_space(f, t, o->pred, bad.buf, hint.buf, err);
			fair_buf_release(&hint);
			goto out;
		}
		for (size_t i = 0; i < n; i++)
			d->yhat[i] = isnan(v[i]) ? NAN : numeric_label(t, tv, ntv, v[i]);
	}
	if (!isnan(t->threshold))
		fair_buf_printf(rule, "%s > %g", o->pred, t->threshold);
	else
		fair_buf_printf(rule, "%s (positive = %s)", o->pred, t->positive_label);
out:
	fair_buf_release(&bad);
	free(tv);
	return rc;
}

/* score=: the score turned so that higher means positive, and with
 * threshold= and no pred= the decisions. */
static int
read_score(const fair_column *sc, const fair_decision_opts *o, fair_decision *d, fair_buf *rule,
           fair_error *err)
{
	const double *v = fair_column_values(sc);
	size_t n = d->n;
	bool in01 = true, lower = o->direction == FAIR_DIRECTION_LOWER;

	if (v == NULL)
		return fair_error_set(err, FAIR_EINVAL, "score column '%s' is categorical; scores are "
		                      "numbers (for categorical decisions use pred=%s positive=V,...)",
		                      o->score, o->score);
	if ((d->score = malloc((n ? n : 1) * sizeof *d->score)) == NULL)
		return fair__data_spec_nomem(err);
	for (size_t i = 0; i < n; i++)
		if (isfinite(v[i]) && (v[i] < 0 || v[i] > 1))
			in01 = false;
	for (size_t i = 0; i < n; i++)
		d->score[i] = !lower ? v[i] : in01 ? 1 - v[i] : -v[i];
	d->score_is_prob = in01;
	if (o->pred == NULL) {
		double T = o->threshold;
		for (size_t i = 0; i < n; i++)
			d->yhat[i] = isnan(v[i]) ? NAN : lower ? v[i] <= T : v[i] >= T;
		fair_buf_printf(rule, "%s %s %g", o->score, lower ? "<=" : ">=", T);
	}
	return FAIR_OK;
}

int
fair_decision_build(const fair_frame *f, const fair_target *t, const fair_decision_opts *o,
                    fair_decision **out, fair_error *err)
{
	fair_decision *d = calloc(1, sizeof *d);
	const fair_column *p = NULL, *sc = NULL;
	fair_buf rule = FAIR_BUF_INIT;
	int rc = FAIR_OK;
	bool lower = o->direction == FAIR_DIRECTION_LOWER;

	*out = NULL;
	if (d == NULL)
		return fair__data_spec_nomem(err);
	d->n = fair_frame_nrows(f);
	if (t->n != d->n) {
		rc = fair_error_set(err, FAIR_EINVAL, "the target has %zu rows, the data %zu", t->n, d->n);
		goto fail;
	}
	if ((o->pred && (p = column_named(f, o->pred, err)) == NULL) ||
	    (o->score && (sc = column_named(f, o->score, err)) == NULL)) {
		rc = err ? err->code : FAIR_ENOTFOUND;
		goto fail;
	}
	if ((d->yhat = malloc((d->n ? d->n : 1) * sizeof *d->yhat)) == NULL) {
		rc = fair__data_spec_nomem(err);
		goto fail;
	}
	if (t->task == FAIR_TASK_REGRESSION) {
		if (o->npositive || !isnan(o->threshold) || lower || o->score) {
			rc = fair_error_set(err, FAIR_EINVAL, "%s applies to yes/no targets; target '%s' is "
			                    "numeric (give pred=COLUMN with the predicted values)",
			                    o->npositive ? "positive=" : !isnan(o->threshold) ? "threshold="
			                    : lower ? "direction=" : "score=", t->column);
			goto fail;
		}
		if (p == NULL) {
			rc = fair_error_set(err, FAIR_EINVAL, "give the predicted values with pred=COLUMN");
			goto fail;
		}
		if (fair_column_type(p) != FAIR_COL_NUMERIC) {
			rc = fair_error_set(err, FAIR_EINVAL, "prediction column '%s' is categorical; target "
			                    "'%s' is numeric", o->pred, t->column);
			goto fail;
		}
		memcpy(d->yhat, fair_column_values(p), d->n * sizeof *d->yhat);
		fair_buf_puts(&rule, o->pred);
		goto done;
	}
	if (p == NULL && sc == NULL) {
		rc = fair_error_set(err, FAIR_EINVAL, "give the decisions with pred=COLUMN, or a score "
		                    "with score=COLUMN threshold=T");
		goto fail;
	}
	if (p != NULL && !isnan(o->threshold)) {
		rc = fair_error_set(err, FAIR_EINVAL, "threshold= makes decisions from score= alone; "
		                    "pred=%s gives them already", o->pred);
		goto fail;
	}
	if (p == NULL && isnan(o->threshold)) {
		rc = fair_error_set(err, FAIR_EINVAL, "score=%s needs threshold=T: a score of T or more "
		                    "is a positive decision (with direction=lower: T or less)", o->score);
		goto fail;
	}
	if (o->npositive && p == NULL) {
		rc = fair_error_set(err, FAIR_EINVAL, "positive= goes with pred=COLUMN (the values that "
		                    "are positive decisions)");
		goto fail;
	}
	if (lower && sc == NULL) {
		rc = fair_error_set(err, FAIR_EINVAL, "direction= goes with score=COLUMN");
		goto fail;
	}
	if (p != NULL) {
		rc = o->npositive ? pred_listed(p, o, d, &rule, err)
		                  : pred_label_space(f, t, p, o, d, &rule, err);
		if (rc != FAIR_OK)
			goto fail;
	}
	if (sc != NULL && (rc = read_score(sc, o, d, &rule, err)) != FAIR_OK)
		goto fail;
done:
	if ((d->rule = fair_buf_detach(&rule)) == NULL) {
		rc = fair__data_spec_nomem(err);
		goto fail;
	}
	*out = d;
	return FAIR_OK;
fail:
	fair_buf_release(&rule);
	fair_decision_free(d);
	return rc;
}
