/* db-rows.c -- the column builder of database sources: streamed cells
 * (NULL, numbers, text) into frame columns typed as include/fairsh/db.h
 * says; and the SQL every backend needs (quoted names, CREATE TABLE, the
 * start of an export: refuse, drop, create). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fairsh/buf.h"
#include "data/data-private.h"

/* ---- the column builder ------------------------------------------------- */

int
fair__data_db_begin(dbread *r, size_t ncols, fair_error *err)
{
	r->err = err;
	r->ncols = ncols;
	r->nrows = r->cap = r->ninf = 0;
	r->loc = (locale_t)0;
	r->cols = calloc(ncols ? ncols : 1, sizeof *r->cols);
	if (r->cols == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t j = 0; j < ncols; j++)
		fair__data_csv_dict_init(&r->cols[j].dict);
	return FAIR_OK;
}

int
fair__data_db_column(dbread *r, size_t j, const char *name, int kind)
{
	dbcol *c = &r->cols[j];

	for (size_t k = 0; k < j; k++)
		if (strcmp(r->cols[k].name, name) == 0)
			return fair_error_set(r->err, FAIR_EINVAL, "the result has two columns named '%.100s' "
			                      "(give them different names with AS)", name);
	if ((c->name = strdup(name)) == NULL)
		return fair_error_set(r->err, FAIR_ENOMEM, "out of memory");
	c->kind = kind;
	c->cat = kind == DBK_TEXT;
	return FAIR_OK;
}

int
fair__data_db_row(dbread *r)
{
	if (r->nrows < r->cap)
		return FAIR_OK;
	size_t cap = r->cap ? r->cap * 2 : 1024;
	for (size_t j = 0; j < r->ncols; j++) {
		dbcol *c = &r->cols[j];
		if (c->cat) {
			int32_t *k = realloc(c->codes, cap * sizeof *k);
			if (k == NULL)
				return fair_error_set(r->err, FAIR_ENOMEM, "out of memory after %zu rows", r->nrows);
			c->codes = k;
		} else {
			double *v = realloc(c->vals, cap * sizeof *v);
			if (v == NULL)
				return fair_error_set(r->err, FAIR_ENOMEM, "out of memory after %zu rows", r->nrows);
			c->vals = v;
		}
	}
	r->cap = cap;
	return FAIR_OK;
}

void
fair__data_db_null(dbread *r, size_t j)
{
	dbcol *c = &r->cols[j];

	if (c->cat)
		c->codes[r->nrows] = -1;
	else
		c->vals[r->nrows] = NAN;
}

static int
intern(dbread *r, dbcol *c, const char *s, size_t len, int32_t *code)
{
	int32_t k = fair__data_csv_dict_intern(&c->dict, s, len);

	if (k == -1)
		return fair_error_set(r->err, FAIR_ENOMEM, "out of memory");
	if (k < 0)
		return fair_error_set(r->err, FAIR_EINVAL, "column '%.100s' has too many distinct values", c->name);
	*code = k;
	return FAIR_OK;
}

/* A numeric column meets text: it becomes categorical, earlier numbers
 * becoming their text (%.15g, as fair_column_cell shows them). */
static int
flip(dbread *r, dbcol *c)
{
	int32_t *codes = malloc((r->cap ? r->cap : 1) * sizeof *codes);

	if (codes == NULL)
		return fair_error_set(r->err, FAIR_ENOMEM, "out of memory");
	for (size_t i = 0; i < r->nrows; i++) {
		char t[64];
		if (isnan(c->vals[i])) {
			codes[i] = -1;
			continue;
		}
		snprintf(t, sizeof t, "%.15g", c->vals[i]);
		if (intern(r, c, t, strlen(t), &codes[i])) {
			free(codes);
			return r->err->code;
		}
	}
	free(c->vals);
	c->vals = NULL;
	c->codes = codes;
	c->cat = true;
	return FAIR_OK;
}

int
fair__data_db_num(dbread *r, size_t j, double v)
{
	dbcol *c = &r->cols[j];

	if (isinf(v)) {
		r->ninf++;
		v = NAN;
	}
	if (!c->cat) {
		c->vals[r->nrows] = v;
		return FAIR_OK;
	}
	if (isnan(v)) {
		c->codes[r->nrows] = -1;
		return FAIR_OK;
	}
	char t[64];
	snprintf(t, sizeof t, "%.15g", v);
	return intern(r, c, t, strlen(t), &c->codes[r->nrows]);
}

int
fair__data_db_text(dbread *r, size_t j, const char *s, size_t len)
{
	dbcol *c = &r->cols[j];
	double v;

	if (c->kind == DBK_BOOL && len >= 1 && (s[0] == 't' || s[0] == 'f'))
		return fair__data_db_num(r, j, s[0] == 't' ? 1.0 : 0.0);
	if (!c->cat) {
		if (fair__data_csv_parse_double(s, len, &v, &r->loc))
			return fair__data_db_num(r, j, v);
		if (len == 3 && !strncasecmp(s, "NaN", 3)) {
			c->vals[r->nrows] = NAN;
			return FAIR_OK;
		}
		if (flip(r, c))
			return r->err->code;
	}
	return intern(r, c, s, len, &c->codes[r->nrows]);
}

fair_frame *
fair__data_db_finish(dbread *r)
{
	fair_frame *f = fair_frame_new();
	size_t n = r->nrows;

	if (f == NULL) {
		fair_error_set(r->err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t j = 0; j < r->ncols; j++) {
		dbcol *c = &r->cols[j];
		fair_column *fc;
		if (!c->cat) {
			double *v = c->vals != NULL ? realloc(c->vals, (n ? n : 1) * sizeof *v) : malloc(sizeof *v);
			if (v == NULL)
				goto nomem;
			c->vals = NULL;
			fc = fair_column_new_numeric(c->name, v, n, r->err);
		} else {
			int32_t *k = c->codes != NULL ? realloc(c->codes, (n ? n : 1) * sizeof *k) : malloc(sizeof *k);
			char **lv;
			if (k == NULL)
				goto nomem;
			c->codes = NULL;
			if ((lv = fair__data_csv_dict_levels(&c->dict)) == NULL) {
				free(k);
				goto nomem;
			}
			fc = fair_column_new_categorical(c->name, k, n, lv, c->dict.n, r->err);
		}
		if (fc == NULL)
			goto fail;
		if (fair_frame_add_column(f, fc, r->err) != FAIR_OK) {
			fair_column_unref(fc);
			goto fail;
		}
		fair_column_unref(fc);
	}
	return f;
nomem:
	fair_error_set(r->err, FAIR_ENOMEM, "out of memory");
fail:
	fair_frame_unref(f);
	return NULL;
}

void
fair__data_db_release(dbread *r)
{
	for (size_t j = 0; r->cols != NULL && j < r->ncols; j++) {
		free(r->cols[j].name);
		free(r->cols[j].vals);
		free(r->cols[j].codes);
		fair__data_csv_dict_release(&r->cols[j].dict);
	}
	free(r->cols);
	r->cols = NULL;
	if (r->loc != (locale_t)0)
		freelocale(r->loc);
	r->loc = (locale_t)0;
}

/* ---- SQL text ------------------------------------------------------------- */

void
fair_db_quote_ident(fair_buf *b, const char *name)
{
	fair_buf_putc(b, '"');
	for (const char *s = name; *s; s++) {
		if (*s == '"')
			fair_buf_putc(b, '"');
		fair_buf_putc(b, *s);
	}
	fair_buf_putc(b, '"');
}

char *
fair_db_table_sql(const char *table)
{
	fair_buf b = FAIR_BUF_INIT;

	fair_buf_puts(&b, "SELECT * FROM ");
	fair_db_quote_ident(&b, table);
	return fair_buf_detach(&b);
}

int
fair__data_db_create_sql(fair_buf *b, const char *table, const fair_frame *f, const char *numtype)
{
	fair_buf_puts(b, "CREATE TABLE ");
	fair_db_quote_ident(b, table);
	fair_buf_puts(b, " (");
	for (size_t j = 0; j < fair_frame_ncols(f); j++) {
		const fair_column *c = fair_frame_column(f, j);
		if (j)
			fair_buf_puts(b, ", ");
		fair_db_quote_ident(b, fair_column_name(c));
		fair_buf_printf(b, " %s", fair_column_type(c) == FAIR_COL_NUMERIC ? numtype : "text");
	}
	return fair_buf_puts(b, ")");
}

int
fair__data_db_create_table(fair_db *db, const char *table, const fair_frame *f, bool exists,
                           bool replace, const char *numtype,
                           int (*exec)(fair_db *db, const char *sql, fair_error *err),
                           fair_error *err)
{
	fair_buf b = FAIR_BUF_INIT;
	int rc = FAIR_OK;

	if (exists && !replace)
		return fair_error_set(err, FAIR_EINVAL, "%s: table '%.100s' exists (replace=yes overwrites it)",
		                      db->display, table);
	if (exists) {
		fair_buf_puts(&b, "DROP TABLE ");
		fair_db_quote_ident(&b, table);
		if ((rc = exec(db, b.buf, err)) != FAIR_OK)
			goto out;
		fair_buf_reset(&b);
	}
	fair__data_db_create_sql(&b, table, f, numtype);
	rc = exec(db, b.buf, err);
out:
	fair_buf_release(&b);
	return rc;
}
