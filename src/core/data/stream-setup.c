/* stream-setup.c -- what a streamed count counts (fairsh/stream.h): the key
 * columns of a session's set-up and an audit's decisions, as the pushdown
 * query (fair_db_push_sql) groups them; the columns to read; one pass over
 * a CSV file through the counter (stream-count.c); and the columns of a
 * file, read once from its header and first chunk when it is attached. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/stream.h"
#include "data/data-private.h"

/* ---- the counter --------------------------------------------------------- */

static int
want(char ***v, size_t *n, const char *name, const fair_db_setup *st)
{
	for (size_t k = 0; k < st->nderived; k++)
		if (!strcmp(st->derived_names[k], name))
			return 0;   /* computed, not read */
	for (size_t k = 0; k < *n; k++)
		if (!strcmp((*v)[k], name))
			return 0;
	char **p = realloc(*v, (*n + 1) * sizeof *p);
	if (p == NULL)
		return -1;
	*v = p;
	if ((p[*n] = strdup(name)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

static int
want_expr(char ***v, size_t *n, const fair_expr *e, const fair_db_setup *st)
{
	for (size_t k = 0; k < fair_expr_ncolumns(e); k++)
		if (want(v, n, fair_expr_column(e, k), st))
			return -1;
	return 0;
}

void
fair_stream_counter_free(fair_stream_counter *g)
{
	if (g == NULL)
		return;
	for (size_t j = 0; g->derived != NULL && j < g->nd; j++)
		fair_expr_free(g->derived[j]);
	for (size_t j = 0; g->filters != NULL && j < g->nf; j++)
		fair_expr_free(g->filters[j]);
	free(g->derived);
	free(g->filters);
	for (size_t j = 0; j < g->ncols; j++)
		free(g->cols[j]);
	free(g->cols);
	fair__data_stream_release(g);
	free(g);
}

/* The key columns of @st and @p in @g, checked against @sch (the columns
 * with the derived ones). */
static int
keys(fair_stream_counter *g, const fair_frame *sch, const fair_db_setup *st, const fair_db_push *p, fair_error *err)
{
	stream_keycol *k = &g->k[g->nk++];

	k->name = st->target;
	k->how = isnan(st->target_threshold) ? STREAM_K_RAW : STREAM_K_CUT01;
	k->x = st->target_threshold;
	for (size_t j = 0; j < st->nsensitive; j++) {
		const char *sn = st->sensitive[j];
		if (!strcmp(sn, st->target) || (p->pred && !strcmp(sn, p->pred)) || (p->score && !strcmp(sn, p->score)))
			return fair_error_set(err, FAIR_EINVAL, "sensitive column '%s' is also the target or the decisions", sn);
		k = &g->k[g->nk++];
		k->name = sn;
		k->how = isnan(st->sensitive_threshold) ? STREAM_K_RAW : STREAM_K_LABEL;
		k->x = st->sensitive_threshold;
		snprintf(k->hi, sizeof k->hi, "%s>%g", sn, st->sensitive_threshold);
		snprintf(k->lo, sizeof k->lo, "%s<=%g", sn, st->sensitive_threshold);
	}
	k = &g->k[g->nk++];
	if (p->pred != NULL) {
		if (!strcmp(p->pred, st->target))
			return fair_error_set(err, FAIR_EINVAL, "pred= names the target column '%s'", p->pred);
		k->name = p->pred;
		k->how = isnan(st->target_threshold) ? STREAM_K_RAW : STREAM_K_CUT01;
		k->x = st->target_threshold;
		/* a categorical pred is not cut (as in the query) */
		long j = fair_frame_find(sch, p->pred);
		if (j >= 0 && fair_column_type(fair_frame_column(sch, (size_t)j)) != FAIR_COL_NUMERIC)
			k->how = STREAM_K_RAW;
	} else {
		if (!strcmp(p->score, st->target))
			return fair_error_set(err, FAIR_EINVAL, "score column '%s' is not a numeric column other than the target",
			                      p->score);
		k->name = p->score;
		k->how = STREAM_K_SCORE;
		k->x = p->threshold;
		k->lower = p->lower;
	}
	/* the control columns (control=): counted by their values, as the
	 * query groups them */
	for (size_t j = 0; j < p->ncontrol; j++) {
		k = &g->k[g->nk++];
		k->name = p->control[j];
		k->how = STREAM_K_RAW;
		k->x = NAN;
	}
	g->weight = p->weight;
	for (size_t j = 0; j < g->nk; j++) {
		g->k[j].type = -1;
		if (fair__data_stream_preset(&g->k[j]))
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		if (fair_frame_find(sch, g->k[j].name) < 0)
			return fair_error_set(err, FAIR_ENOTFOUND, "unknown column '%s' (see 'columns')", g->k[j].name);
	}
	if (g->weight != NULL && fair_frame_find(sch, g->weight) < 0)
		return fair_error_set(err, FAIR_ENOTFOUND, "weights: unknown column '%s' (see 'columns')", g->weight);
	return FAIR_OK;
}

fair_stream_counter *
fair_stream_counter_new(const fair_frame *schema, const fair_db_setup *st, const fair_db_push *p, fair_error *err)
{
	fair_stream_counter *g;
	fair_frame *sch = NULL;

	if (st->target == NULL) {
		fair_error_set(err, FAIR_EINVAL, "no target set (use 'target COLUMN')");
		return NULL;
	}
	if (st->nsensitive == 0) {
		fair_error_set(err, FAIR_EINVAL, "no sensitive attribute set (use 'sensitive COLUMN')");
		return NULL;
	}
	if (p->pred == NULL && p->score == NULL) {
		fair_error_set(err, FAIR_EINVAL, "give the decisions: pred=COLUMN, or score=COLUMN threshold=T");
		return NULL;
	}
	if (st->nsensitive + p->ncontrol + 2 > STREAM_MAX_KEYS) {
		fair_error_set(err, FAIR_EINVAL, "too many sensitive and control columns (at most %d)", STREAM_MAX_KEYS - 2);
		return NULL;
	}
	if ((g = calloc(1, sizeof *g)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	fair_buf_init(&g->kb);
	if ((sch = fair_db_setup_schema(schema, st, err)) == NULL || keys(g, sch, st, p, err) != FAIR_OK)
		goto fail;
	/* the expressions, parsed once, bound to each chunk */
	g->nd = st->nderived;
	g->dnames = st->derived_names;
	g->nf = st->nfilters;
	g->derived = calloc(g->nd + 1, sizeof *g->derived);
	g->filters = calloc(g->nf + 1, sizeof *g->filters);
	if (g->derived == NULL || g->filters == NULL)
		goto nomem;
	for (size_t j = 0; j < g->nd; j++) {
		if ((g->derived[j] = fair_expr_parse(st->derived[j], err)) == NULL)
			goto fail;
		if (want_expr(&g->cols, &g->ncols, g->derived[j], st))
			goto nomem;
	}
	for (size_t j = 0; j < g->nf; j++) {
		if ((g->filters[j] = fair_expr_parse(st->filters[j], err)) == NULL)
			goto fail;
		if (want_expr(&g->cols, &g->ncols, g->filters[j], st))
			goto nomem;
	}
	for (size_t j = 0; j < g->nk; j++)
		if (want(&g->cols, &g->ncols, g->k[j].name, st))
			goto nomem;
	if (g->weight != NULL && want(&g->cols, &g->ncols, g->weight, st))
		goto nomem;
	fair_frame_unref(sch);
	return g;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	fair_frame_unref(sch);
	fair_stream_counter_free(g);
	return NULL;
}

size_t
fair_stream_counter_columns(const fair_stream_counter *g, const char *const **names)
{
	*names = (const char *const *)g->cols;
	return g->ncols;
}

/* ---- a CSV file ------------------------------------------------------------ */

static int
count_sink(void *arg, const fair_frame *chunk, fair_error *err)
{
	return fair_stream_counter_add(arg, chunk, err);
}

fair_frame *
fair_stream_count_csv(const char *path, const fair_csv_opts *o, const fair_frame *schema, const fair_db_setup *setup,
                      const fair_db_push *p, fair_csv_info *info, size_t *rows, fair_error *err)
{
	fair_stream_counter *g = fair_stream_counter_new(schema, setup, p, err);
	fair_csv_info in;
	fair_frame *f = NULL;
	const char *const *cols;
	size_t ncols;

	if (g == NULL)
		return NULL;
	ncols = fair_stream_counter_columns(g, &cols);
	if (fair_csv_stream(path, o, cols, ncols, count_sink, g, &in, err) == FAIR_OK &&
	    (f = fair_stream_counter_frame(g, err)) != NULL) {
		if (info != NULL)
			*info = in;
		if (rows != NULL)
			*rows = fair_stream_counter_rows(g);
	}
	fair_stream_counter_free(g);
	return f;
}

/* ---- the columns of a file ------------------------------------------------- */

typedef struct peek {
	fair_frame *first;
} peek;

static int
peek_sink(void *arg, const fair_frame *chunk, fair_error *err)
{
	peek *p = arg;

	if (chunk == NULL)
		return FAIR_OK;
	p->first = fair_frame_ref((fair_frame *)chunk);
	return fair_error_set(err, FAIR_ECANCELED, "enough");   /* the first chunk is all it needs */
}

fair_frame *
fair_stream_csv_schema(const char *path, const fair_csv_opts *o, fair_error *err)
{
	peek p = { NULL };
	size_t n;
	char **names;
	fair_coltype *types;
	fair_frame *f = NULL;

	if (fair_csv_stream(path, o, NULL, 0, peek_sink, &p, NULL, err) != FAIR_OK && p.first == NULL)
		return NULL;
	n = fair_frame_ncols(p.first);
	names = malloc((n ? n : 1) * sizeof *names);
	types = malloc((n ? n : 1) * sizeof *types);
	if (names != NULL && types != NULL) {
		for (size_t j = 0; j < n; j++) {
			names[j] = (char *)fair_column_name(fair_frame_column(p.first, j));
			types[j] = fair_column_type(fair_frame_column(p.first, j));
		}
		f = fair_db_empty_frame(n, names, types, err);
	} else
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
	free(names);
	free(types);
	fair_frame_unref(p.first);
	return f;
}
