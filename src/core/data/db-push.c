/* db-push.c -- the pushdown audit's one query: the set-up of a session
 * attached to a table (derived columns, filters, target, sensitive columns)
 * and the decisions, translated into one grouped SELECT whose result is a
 * few hundred rows of counts. Identifiers are quoted, values are parameters
 * (fair_expr_sql does the same for expressions). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/buf.h"
#include "data/data-private.h"

fair_db_setup *
fair_db_setup_new(void)
{
	fair_db_setup *s = calloc(1, sizeof *s);

	if (s != NULL)
		s->target_threshold = s->sensitive_threshold = NAN;
	return s;
}

static void
free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
fair_db_setup_free(fair_db_setup *s)
{
	if (s == NULL)
		return;
	free(s->target);
	free(s->target_positive);
	free(s->target_favorable);
	free_list(s->sensitive, s->nsensitive);
	free(s->privileged);
	free_list(s->filters, s->nfilters);
	free_list(s->derived_names, s->nderived);
	free_list(s->derived, s->nderived);
	free(s);
}

fair_frame *
fair_db_empty_frame(size_t n, char *const *names, const fair_coltype *types, fair_error *err)
{
	fair_frame *f = fair_frame_new();

	if (f == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t j = 0; j < n; j++) {
		fair_column *c;
		if (types[j] == FAIR_COL_NUMERIC) {
			double *v = malloc(sizeof *v);
			c = v != NULL ? fair_column_new_numeric(names[j], v, 0, err) : NULL;
			if (v == NULL)
				fair_error_set(err, FAIR_ENOMEM, "out of memory");
		} else {
			int32_t *k = malloc(sizeof *k);
			char **lv = malloc(sizeof *lv);
			if (k == NULL || lv == NULL) {
				free(k);
				free(lv);
				c = NULL;
				fair_error_set(err, FAIR_ENOMEM, "out of memory");
			} else
				c = fair_column_new_categorical(names[j], k, 0, lv, 0, err);
		}
		if (c == NULL || fair_frame_add_column(f, c, err) != FAIR_OK) {
			fair_column_unref(c);
			fair_frame_unref(f);
			return NULL;
		}
		fair_column_unref(c);
	}
	return f;
}

/* names and types of @f, borrowed */
static int
schema_of(const fair_frame *f, const char ***names, fair_coltype **types, fair_error *err)
{
	size_t n = fair_frame_ncols(f);

	*names = malloc((n ? n : 1) * sizeof **names);
	*types = malloc((n ? n : 1) * sizeof **types);
	if (*names == NULL || *types == NULL) {
		free(*names);
		free(*types);
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	for (size_t j = 0; j < n; j++) {
		(*names)[j] = fair_column_name(fair_frame_column(f, j));
		(*types)[j] = fair_column_type(fair_frame_column(f, j));
	}
	return FAIR_OK;
}

/* Parses and binds @text against @f's columns. */
static fair_expr *
bind(const fair_frame *f, const char *text, const char *what, fair_error *err)
{
	const char **names;
	fair_coltype *types;
	fair_expr *e = fair_expr_parse(text, err);

	if (e == NULL)
		return NULL;
	if (schema_of(f, &names, &types, err)) {
		fair_expr_free(e);
		return NULL;
	}
	if (fair_expr_bind_types(e, fair_frame_ncols(f), names, types, err) != FAIR_OK) {
		char m[sizeof err->msg];
		snprintf(m, sizeof m, "%s", err->msg);
		fair_error_set(err, err->code, "%s '%.200s': %s", what, text, m);
		fair_expr_free(e);
		e = NULL;
	}
	free(names);
	free(types);
	return e;
}

fair_frame *
fair_db_setup_schema(const fair_frame *schema, const fair_db_setup *setup, fair_error *err)
{
	fair_frame *f = fair_frame_ref((fair_frame *)schema);

	for (size_t k = 0; setup != NULL && k < setup->nderived; k++) {
		fair_expr *e = bind(f, setup->derived[k], "derive", err);
		fair_frame *g;
		fair_coltype t;
		char *name = setup->derived_names[k];
		if (e == NULL) {
			fair_frame_unref(f);
			return NULL;
		}
		t = fair_expr_type_of(e) == FAIR_EXPR_CATEGORICAL ? FAIR_COL_CATEGORICAL : FAIR_COL_NUMERIC;
		fair_expr_free(e);
		g = fair_db_empty_frame(1, &name, &t, err);
		if (g == NULL) {
			fair_frame_unref(f);
			return NULL;
		}
		fair_frame *h = fair_frame_with_column(f, fair_frame_column(g, 0), err);
		fair_frame_unref(g);
		fair_frame_unref(f);
		if ((f = h) == NULL)
			return NULL;
	}
	return f;
}

/* ---- the query ------------------------------------------------------------ */

typedef struct qb {
	fair_buf         b;
	fair_sql_dialect d;
	fair_sql_param  *params;
	size_t           np;
	int              rc;
} qb;

static void
add_param(qb *q, bool text, double num, const char *s)
{
	fair_sql_param *p = realloc(q->params, (q->np + 1) * sizeof *p);
	char nb[40];

	if (p == NULL) {
		q->rc = FAIR_ENOMEM;
		return;
	}
	q->params = p;
	if (!text) {
		snprintf(nb, sizeof nb, "%.17g", num);
		s = nb;
	}
	p[q->np].is_text = text;
	p[q->np].num = text ? 0 : num;
	if ((p[q->np].text = strdup(s)) == NULL) {
		q->rc = FAIR_ENOMEM;
		return;
	}
	q->np++;
	if (q->d == FAIR_SQL_POSTGRES)
		fair_buf_printf(&q->b, "$%zu::%s", q->np, text ? "text" : "double precision");
	else
		fair_buf_printf(&q->b, "?%zu", q->np);
}

/* Appends an expression's SQL, its parameters numbered after ours. */
static int
add_expr(qb *q, const fair_frame *f, const char *text, const char *what, fair_sql_context sc, fair_error *err)
{
	fair_expr *e = bind(f, text, what, err);
	fair_sql s;
	int rc;

	if (e == NULL)
		return err->code;
	rc = fair_expr_sql(e, q->d, sc, q->np + 1, &s, err);
	if (rc != FAIR_OK) {
		char m[sizeof err->msg];
		snprintf(m, sizeof m, "%s", err->msg);
		fair_error_set(err, rc, "%s '%.200s' cannot run in the database: %s (load the table to use it)",
		               what, text, m);
		fair_expr_free(e);
		return rc;
	}
	fair_expr_free(e);
	fair_sql_param *p = realloc(q->params, (q->np + s.nparams + 1) * sizeof *p);
	if (p == NULL) {
		fair_sql_release(&s);
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	q->params = p;
	memcpy(q->params + q->np, s.params, s.nparams * sizeof *s.params);
	q->np += s.nparams;
	free(s.params);
	s.params = NULL;
	s.nparams = 0;
	fair_buf_printf(&q->b, "(%s)", s.text);
	fair_sql_release(&s);
	return FAIR_OK;
}

static void
ident(qb *q, const char *s)
{
	fair_db_quote_ident(&q->b, s);
}

static const fair_column *
col(const fair_frame *f, const char *name, const char *what, fair_error *err)
{
	long j = fair_frame_find(f, name);

	if (j < 0) {
		fair_buf b = FAIR_BUF_INIT;
		for (size_t k = 0; k < fair_frame_ncols(f) && b.len < 300; k++)
			fair_buf_printf(&b, "%s%s", k ? ", " : "", fair_column_name(fair_frame_column(f, k)));
		fair_error_set(err, FAIR_ENOTFOUND, "%s: unknown column '%.100s' (columns: %s)", what, name, b.buf);
		fair_buf_release(&b);
		return NULL;
	}
	return fair_frame_column(f, (size_t)j);
}

/* CASE WHEN c > $x THEN hi WHEN c <= $x THEN lo END, hi/lo numbers or labels */
static void
cut(qb *q, const char *c, double x, const char *hi, const char *lo)
{
	fair_buf_puts(&q->b, "CASE WHEN ");
	ident(q, c);
	fair_buf_puts(&q->b, " > ");
	add_param(q, false, x, NULL);
	fair_buf_puts(&q->b, " THEN ");
	if (hi != NULL)
		add_param(q, true, 0, hi);
	else
		fair_buf_puts(&q->b, "1");
	fair_buf_puts(&q->b, " WHEN ");
	ident(q, c);
	fair_buf_puts(&q->b, " <= ");
	add_param(q, false, x, NULL);
	fair_buf_puts(&q->b, " THEN ");
	if (lo != NULL)
		add_param(q, true, 0, lo);
	else
		fair_buf_puts(&q->b, "0");
	fair_buf_puts(&q->b, " END");
}

int
fair_db_push_sql(fair_sql_dialect d, const char *from, const fair_frame *schema, const fair_db_setup *setup,
                 const fair_db_push *p, fair_sql *out, fair_error *err)
{
	qb q;
	fair_frame *f = NULL;
	const fair_column *c;
	size_t ngroup = 0;
	fair_buf inner = FAIR_BUF_INIT;
	int rc = FAIR_OK;

	memset(out, 0, sizeof *out);
	memset(&q, 0, sizeof q);
	fair_buf_init(&q.b);
	q.d = d;
	if (setup->target == NULL)
		return fair_error_set(err, FAIR_EINVAL, "no target set (use 'target COLUMN')");
	if (setup->nsensitive == 0)
		return fair_error_set(err, FAIR_EINVAL, "no sensitive attribute set (use 'sensitive COLUMN')");
	if ((p->pred == NULL) == (p->score == NULL || isnan(p->threshold)))
		return fair_error_set(err, FAIR_EINVAL, "give the decisions: pred=COLUMN, or score=COLUMN threshold=T");
	/* the rows: the source, then one layer per derived column (a later one
	 * may use an earlier one) */
	fair_buf_printf(&inner, "%s", from);
	f = fair_frame_ref((fair_frame *)schema);
	for (size_t k = 0; k < setup->nderived; k++) {
		fair_buf_reset(&q.b);
		fair_buf_puts(&q.b, "SELECT *, ");
		if ((rc = add_expr(&q, f, setup->derived[k], "derive", FAIR_SQL_VALUE, err)) != FAIR_OK)
			goto out;
		fair_buf_puts(&q.b, " AS ");
		ident(&q, setup->derived_names[k]);
		fair_buf_printf(&q.b, " FROM (%s) AS fairsh_d%zu", inner.buf, k);
		fair_buf_reset(&inner);
		fair_buf_puts(&inner, q.b.buf);
		fair_frame *g = fair_db_setup_schema(schema, &(fair_db_setup){ .derived_names = setup->derived_names,
		                                     .derived = setup->derived, .nderived = k + 1 }, err);
		if (g == NULL) {
			rc = err->code;
			goto out;
		}
		fair_frame_unref(f);
		f = g;
	}
	fair_buf_reset(&q.b);
	fair_buf_puts(&q.b, "SELECT ");
	/* the target */
	if ((c = col(f, setup->target, "target", err)) == NULL) {
		rc = err->code;
		goto out;
	}
	bool cut_target = !isnan(setup->target_threshold);
	if (cut_target && fair_column_type(c) != FAIR_COL_NUMERIC) {
		rc = fair_error_set(err, FAIR_EINVAL, "target '%s': threshold= needs a numeric column", setup->target);
		goto out;
	}
	if (cut_target)
		cut(&q, setup->target, setup->target_threshold, NULL, NULL);
	else
		ident(&q, setup->target);
	fair_buf_puts(&q.b, " AS ");
	ident(&q, setup->target);
	ngroup++;
	/* the sensitive columns: numeric ones cut at the threshold, labelled as
	 * fair_groups_build labels them */
	for (size_t k = 0; k < setup->nsensitive; k++) {
		const char *s = setup->sensitive[k];
		if ((c = col(f, s, "sensitive", err)) == NULL) {
			rc = err->code;
			goto out;
		}
		if (!strcmp(s, setup->target) || (p->pred && !strcmp(s, p->pred)) || (p->score && !strcmp(s, p->score))) {
			rc = fair_error_set(err, FAIR_EINVAL, "sensitive column '%s' is also the target or the decisions", s);
			goto out;
		}
		fair_buf_puts(&q.b, ", ");
		if (fair_column_type(c) == FAIR_COL_NUMERIC && !isnan(setup->sensitive_threshold)) {
			char t[64], hi[400], lo[400];
			snprintf(t, sizeof t, "%g", setup->sensitive_threshold);
			snprintf(hi, sizeof hi, "%s>%s", s, t);
			snprintf(lo, sizeof lo, "%s<=%s", s, t);
			cut(&q, s, setup->sensitive_threshold, hi, lo);
		} else
			ident(&q, s);
		fair_buf_puts(&q.b, " AS ");
		ident(&q, s);
		ngroup++;
	}
	/* the decisions */
	fair_buf_puts(&q.b, ", ");
	if (p->pred != NULL) {
		if ((c = col(f, p->pred, "pred", err)) == NULL) {
			rc = err->code;
			goto out;
		}
		if (!strcmp(p->pred, setup->target)) {
			rc = fair_error_set(err, FAIR_EINVAL, "pred= names the target column '%s'", p->pred);
			goto out;
		}
		if (cut_target && fair_column_type(c) == FAIR_COL_NUMERIC)
			cut(&q, p->pred, setup->target_threshold, NULL, NULL);
		else
			ident(&q, p->pred);
		fair_buf_puts(&q.b, " AS ");
		ident(&q, p->pred);
	} else {
		if ((c = col(f, p->score, "score", err)) == NULL) {
			rc = err->code;
			goto out;
		}
		if (fair_column_type(c) != FAIR_COL_NUMERIC || !strcmp(p->score, setup->target)) {
			rc = fair_error_set(err, FAIR_EINVAL, "score column '%s' is not a numeric column other than the target",
			                    p->score);
			goto out;
		}
		fair_buf_puts(&q.b, "CASE WHEN ");
		ident(&q, p->score);
		fair_buf_puts(&q.b, p->lower ? " <= " : " >= ");
		add_param(&q, false, p->threshold, NULL);
		fair_buf_puts(&q.b, " THEN 1 WHEN ");
		ident(&q, p->score);
		fair_buf_puts(&q.b, p->lower ? " > " : " < ");
		add_param(&q, false, p->threshold, NULL);
		fair_buf_puts(&q.b, " THEN 0 END AS ");
		ident(&q, p->score);
	}
	ngroup++;
	/* the control columns (control=): grouped by their values as they are */
	for (size_t k = 0; k < p->ncontrol; k++) {
		const char *s = p->control[k];
		if ((c = col(f, s, "control", err)) == NULL) {
			rc = err->code;
			goto out;
		}
		if (!strcmp(s, setup->target) || (p->pred && !strcmp(s, p->pred)) || (p->score && !strcmp(s, p->score)) ||
		    (p->weight && !strcmp(s, p->weight))) {
			rc = fair_error_set(err, FAIR_EINVAL, "control column '%s' is the target, the decisions or the weights",
			                    s);
			goto out;
		}
		fair_buf_puts(&q.b, ", ");
		ident(&q, s);
		fair_buf_puts(&q.b, " AS ");
		ident(&q, s);
		ngroup++;
	}
	fair_buf_puts(&q.b, ", COUNT(*) AS " FAIR_DB_COUNT);
	if (p->weight != NULL) {
		if ((c = col(f, p->weight, "weight", err)) == NULL) {
			rc = err->code;
			goto out;
		}
		fair_buf_puts(&q.b, ", SUM(");
		ident(&q, p->weight);
		fair_buf_puts(&q.b, ") AS " FAIR_DB_WSUM ", SUM(");
		ident(&q, p->weight);
		fair_buf_puts(&q.b, " * ");
		ident(&q, p->weight);
		fair_buf_puts(&q.b, ") AS " FAIR_DB_W2 ", COUNT(");
		ident(&q, p->weight);
		fair_buf_puts(&q.b, ") AS " FAIR_DB_WN ", MIN(");
		ident(&q, p->weight);
		fair_buf_puts(&q.b, ") AS " FAIR_DB_WMIN);
	}
	fair_buf_printf(&q.b, " FROM (%s) AS fairsh_rows_", inner.buf);
	for (size_t k = 0; k < setup->nfilters; k++) {
		fair_buf_puts(&q.b, k ? " AND " : " WHERE ");
		if ((rc = add_expr(&q, f, setup->filters[k], "filter", FAIR_SQL_CONDITION, err)) != FAIR_OK)
			goto out;
	}
	fair_buf_puts(&q.b, " GROUP BY ");
	for (size_t k = 0; k < ngroup; k++)
		fair_buf_printf(&q.b, "%s%zu", k ? ", " : "", k + 1);
	fair_buf_puts(&q.b, " ORDER BY ");
	for (size_t k = 0; k < ngroup; k++)
		fair_buf_printf(&q.b, "%s%zu", k ? ", " : "", k + 1);
	if (q.rc != FAIR_OK) {
		rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	out->text = fair_buf_detach(&q.b);
	out->params = q.params;
	out->nparams = q.np;
	q.params = NULL;
	q.np = 0;
	if (out->text == NULL)
		rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
out:
	for (size_t i = 0; i < q.np; i++)
		free(q.params[i].text);
	free(q.params);
	fair_buf_release(&q.b);
	fair_buf_release(&inner);
	fair_frame_unref(f);
	return rc;
}
