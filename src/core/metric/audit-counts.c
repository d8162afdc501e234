/* audit-counts.c -- the fairness audit of a table of counts
 * (fair_audit_counts): the counted combinations (a database's GROUP BY,
 * the streamed counter's frame) read into a target, groups and decisions
 * per combination, then summed into confusion cells per group, which
 * fair_audit audits as it audits a loaded table's rows. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/counts.h"
#include "base/base-private.h"
#include "metric/metric-private.h"

/* The counts of the @n combinations of @c into confusion cells per group
 * (of the combinations in stratum @sk of @strata; NULL: all): @cells (and,
 * weighted, @w2 and @rows) zeroed first, the rows without a decision added
 * to *@skipped (set to 0 first). Returns the rows counted. */
static double
count_cells(const fair_counted *c, const int32_t *strata, int32_t sk, double *cells, double *w2, double *rows,
            size_t *skipped)
{
	const fair_groups *g = c->groups;
	const double *cnt = c->cnt, *ws = c->wsum, *ws2 = c->w2;
	size_t n = fair_frame_nrows(c->counts), K4 = 4 * (g->K ? g->K : 1);
	double used = 0;

	memset(cells, 0, K4 * sizeof *cells);
	if (ws2 != NULL) {
		memset(w2, 0, K4 * sizeof *w2);
		memset(rows, 0, K4 * sizeof *rows);
	}
	*skipped = 0;
	for (size_t i = 0; i < n; i++) {
		int32_t k = g->group[i];
		double y = c->target->y[i], p = c->decision->yhat[i];
		/* rows without a target or a group are not the session's rows
		 * (fair_session_rows): left out silently, as for a loaded table */
		if (k < 0 || isnan(y) || (strata != NULL && strata[i] != sk))
			continue;
		used += cnt[i];
		size_t cell = 4 * (size_t)k + 2 * (y == 1.0) + (p == 1.0);
		if (isnan(p))
			*skipped += (size_t)cnt[i];
		else if (ws2 != NULL) {
			cells[cell] += isnan(ws[i]) ? 0 : ws[i];
			w2[cell] += isnan(ws2[i]) ? 0 : ws2[i];
			rows[cell] += cnt[i];
		} else
			cells[cell] += cnt[i];
	}
	return used;
}

/* The audit's input from the cells (the rest as fair_audit wants it for
 * counts). */
static void
input_of(const fair_counted *c, double *cells, double *w2, double *rows, fair_audit_input *in)
{
	in->cells = cells;
	in->cells_w2 = c->w2 != NULL ? w2 : NULL;
	in->cells_rows = c->w2 != NULL ? rows : NULL;
	in->K = c->groups->K;
	in->labels = (const char *const *)c->groups->labels;
	in->privileged = c->groups->privileged;
	in->task = FAIR_TASK_CLASSIFICATION;
	in->favorable = c->target->favorable;
}

/* The columns of the counts: FAIR_DB_COUNT, and weighted FAIR_DB_WSUM
 * with FAIR_DB_W2, into @c; the counts checked. */
static int
count_columns(const fair_frame *f, fair_counted *c, fair_error *err)
{
	long jc = fair_frame_find(f, FAIR_DB_COUNT), jw = fair_frame_find(f, FAIR_DB_WSUM),
	     jw2 = fair_frame_find(f, FAIR_DB_W2);
	size_t n = fair_frame_nrows(f);

	if (jc < 0)
		return fair_error_set(err, FAIR_EINVAL, "counts: no column '%s' (the rows of each combination)",
		                      FAIR_DB_COUNT);
	if ((jw < 0) != (jw2 < 0))
		return fair_error_set(err, FAIR_EINVAL, "counts: a weighted table needs both '%s' and '%s'",
		                      FAIR_DB_WSUM, FAIR_DB_W2);
	long js[3] = { jc, jw, jw2 };
	for (size_t q = 0; q < 3; q++)
		if (js[q] >= 0 && fair_column_type(fair_frame_column(f, (size_t)js[q])) != FAIR_COL_NUMERIC)
			return fair_error_set(err, FAIR_EINVAL, "counts: column '%s' is not numeric",
			                      fair_column_name(fair_frame_column(f, (size_t)js[q])));
	c->cnt = fair_column_values(fair_frame_column(f, (size_t)jc));
	c->wsum = jw >= 0 ? fair_column_values(fair_frame_column(f, (size_t)jw)) : NULL;
	c->w2 = jw2 >= 0 ? fair_column_values(fair_frame_column(f, (size_t)jw2)) : NULL;
	for (size_t i = 0; i < n; i++)
		if (!(c->cnt[i] >= 0) || !isfinite(c->cnt[i]) || c->cnt[i] != floor(c->cnt[i]))
			return fair_error_set(err, FAIR_EINVAL,
			                      "counts: row %zu has %g in '%s' (counts are whole numbers >= 0)", i + 1,
			                      c->cnt[i], FAIR_DB_COUNT);
	return 0;
}

/* With FAIR_DB_WN and FAIR_DB_WMIN: every row needs a finite weight >= 0,
 * as for a loaded table. */
static int
check_weights(const fair_frame *f, const fair_counted *c, const char *name, fair_error *err)
{
	long jn = fair_frame_find(f, FAIR_DB_WN), jm = fair_frame_find(f, FAIR_DB_WMIN);
	size_t n = fair_frame_nrows(f);

	if (name == NULL)
		name = "weights";
	for (size_t i = 0; c->wsum != NULL && jn >= 0 && jm >= 0 && i < n; i++) {
		double wn = fair_column_values(fair_frame_column(f, (size_t)jn))[i];
		double wm = fair_column_values(fair_frame_column(f, (size_t)jm))[i];
		if (wn < c->cnt[i])
			return fair_error_set(err, FAIR_EINVAL, "weights column '%s': %.0f rows have no weight (every "
			                      "row needs a weight; filter them out)", name, c->cnt[i] - (isnan(wn) ? 0 : wn));
		if (wm < 0 || isinf(c->wsum[i]))
			return fair_error_set(err, FAIR_EINVAL, "weights column '%s' has %g (weights must be finite and "
			                      ">= 0)", name, wm < 0 ? wm : c->wsum[i]);
	}
	return 0;
}

/* The tallies of the target and the groups in rows, not in combinations. */
static void
tally_rows(fair_counted *c)
{
	fair_target *t = c->target;
	fair_groups *g = c->groups;
	size_t n = fair_frame_nrows(c->counts);
	double kept = 0;

	t->npos = t->nneg = t->nmissing = 0;
	for (size_t k = 0; k < g->K; k++)
		g->count[k] = 0;
	for (size_t i = 0; i < n; i++) {
		size_t m = (size_t)c->cnt[i];
		kept += c->cnt[i];
		if (isnan(t->y[i]))
			t->nmissing += m;
		else if (t->y[i] == 1.0)
			t->npos += m;
		else
			t->nneg += m;
		if (g->group[i] >= 0)
			g->count[g->group[i]] += m;
	}
	c->rows = (size_t)kept;
}

fair_counted *
fair_audit_counts(const fair_frame *counts, const fair_counts_spec *spec, const fair_audit_opts *ao, fair_error *err)
{
	fair_counted *c;
	fair_decision_opts o;
	fair_audit_input in;
	double *cells = NULL, *w2 = NULL, *rows = NULL;

	if (counts == NULL || spec == NULL || ao == NULL) {
		fair_error_set(err, FAIR_EINVAL, "counts: no counts, columns or options");
		return NULL;
	}
	if ((c = calloc(1, sizeof *c)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	c->counts = fair_frame_ref((fair_frame *)counts);
	if (count_columns(counts, c, err) ||
	    fair_target_build(counts, spec->target, spec->positive, spec->npositive, NAN, FAIR_TASK_CLASSIFICATION,
	                      &c->target, err))
		goto fail;
	if (c->target->task != FAIR_TASK_CLASSIFICATION) {
		fair_error_set(err, FAIR_EINVAL, "target '%s' is not binary: an attached table is audited for "
		               "classification", spec->target);
		goto fail;
	}
	if ((spec->favorable != NULL &&
	     fair_target_set_favorable(c->target, counts, spec->favorable, spec->nfavorable, err)) ||
	    fair_groups_build(counts, spec->sensitive, spec->nsensitive, NAN, spec->privileged, &c->groups, err))
		goto fail;
	fair_decision_opts_init(&o);
	o.pred = spec->decision;
	o.positive = spec->decision_positive;
	o.npositive = spec->ndecision_positive;
	if (fair_decision_build(counts, c->target, &o, &c->decision, err) || check_weights(counts, c, spec->weights, err))
		goto fail;
	size_t K4 = 4 * (c->groups->K ? c->groups->K : 1);
	if ((cells = calloc(K4, sizeof *cells)) == NULL ||
	    (c->w2 != NULL && ((w2 = calloc(K4, sizeof *w2)) == NULL || (rows = calloc(K4, sizeof *rows)) == NULL))) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto fail;
	}
	memset(&in, 0, sizeof in);
	count_cells(c, NULL, 0, cells, w2, rows, &in.cells_skipped[1]);
	input_of(c, cells, w2, rows, &in);
	if ((c->report = fair_audit(&in, ao, err)) == NULL)
		goto fail;
	free(cells);
	free(w2);
	free(rows);
	tally_rows(c);
	return c;
fail:
	free(cells);
	free(w2);
	free(rows);
	fair_counted_free(c);
	return NULL;
}

void
fair_counted_free(fair_counted *c)
{
	if (c == NULL)
		return;
	fair_report_free(c->report);
	fair_target_free(c->target);
	fair_groups_free(c->groups);
	fair_decision_free(c->decision);
	fair_frame_unref(c->counts);
	free(c);
}

int
fair_audit_counts_strata(const fair_counted *c, const int32_t *stratum, size_t K, const fair_audit_opts *ao,
                         fair_report **reports, char **why, fair_error *err)
{
	size_t K4 = 4 * (c->groups->K ? c->groups->K : 1);
	double *cells = calloc(K4, sizeof *cells), *w2 = calloc(K4, sizeof *w2), *rows = calloc(K4, sizeof *rows);
	int rc = FAIR_OK;

	for (size_t k = 0; k < K; k++)
		reports[k] = NULL, why[k] = NULL;
	if (cells == NULL || w2 == NULL || rows == NULL) {
		rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t k = 0; k < K && rc == FAIR_OK; k++) {
		fair_audit_input in;
		memset(&in, 0, sizeof in);
		if (count_cells(c, stratum, (int32_t)k, cells, w2, rows, &in.cells_skipped[1]) == 0) {
			why[k] = strdup("no audited rows");
			continue;
		}
		input_of(c, cells, w2, rows, &in);
		if ((reports[k] = fair_audit(&in, ao, err)) == NULL) {
			if (err->code == FAIR_ENOMEM || err->code == FAIR_ECANCELED)
				rc = err->code;
			else
				why[k] = strdup(err->msg);
		}
	}
out:
	free(cells);
	free(w2);
	free(rows);
	return rc;
}

static int
cmp_level(const void *x, const void *y, void *arg)
{
	const fair_column *c = arg;

	return strcmp(fair_column_level(c, *(const size_t *)x), fair_column_level(c, *(const size_t *)y));
}

fair_frame *
fair_counts_sort_levels(const fair_frame *counts, fair_error *err)
{
	fair_frame *f = fair_frame_ref((fair_frame *)counts);

	for (size_t j = 0; f != NULL && j < fair_frame_ncols(counts); j++) {
		const fair_column *c = fair_frame_column(counts, j);
		size_t nl = fair_column_nlevels(c), n = fair_frame_nrows(counts);
		if (fair_column_type(c) != FAIR_COL_CATEGORICAL)
			continue;
		size_t *ord = malloc((nl ? nl : 1) * sizeof *ord);
		int32_t *rank = malloc((nl ? nl : 1) * sizeof *rank), *codes = malloc((n ? n : 1) * sizeof *codes);
		char **lv = calloc(nl ? nl : 1, sizeof *lv);
		bool bad = ord == NULL || rank == NULL || codes == NULL || lv == NULL;
		for (size_t l = 0; !bad && l < nl; l++)
			ord[l] = l;
		if (!bad)
			qsort_r(ord, nl, sizeof *ord, cmp_level, (void *)c);
		for (size_t l = 0; !bad && l < nl; l++) {
			rank[ord[l]] = (int32_t)l;
			bad = (lv[l] = strdup(fair_column_level(c, ord[l]))) == NULL;
		}
		for (size_t i = 0; !bad && i < n; i++)
			codes[i] = fair_column_codes(c)[i] < 0 ? -1 : rank[fair_column_codes(c)[i]];
		free(ord);
		free(rank);
		fair_column *nc = NULL;
		fair_frame *g = NULL;
		if (bad) {
			for (size_t l = 0; lv != NULL && l < nl; l++)
				free(lv[l]);
			free(lv);
			free(codes);
			fair_error_set(err, FAIR_ENOMEM, "out of memory");
		} else if ((nc = fair_column_new_categorical(fair_column_name(c), codes, n, lv, nl, err)) != NULL)
			g = fair_frame_with_column(f, nc, err);
		fair_column_unref(nc);
		fair_frame_unref(f);
		f = g;
	}
	return f;
}
