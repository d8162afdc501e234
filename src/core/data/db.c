/* db.c -- database sources, the part common to SQLite and PostgreSQL: the
 * source names and their redaction, the column builder that turns streamed
 * cells into frame columns (typed as include/fairsh/db.h says), and the
 * entry points that dispatch to db-sqlite.c and db-pg.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fairsh/buf.h"
#include "data/data-private.h"

static bool
prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

bool
fair_db_is_source(const char *source)
{
	return source != NULL && (prefix(source, "sqlite:") || prefix(source, "postgres:") ||
	                          prefix(source, "postgresql:"));
}

/* ---- redaction ------------------------------------------------------------ */

/* Length of a conninfo value starting at @p: 'quoted' (with \' and \\) or up
 * to white space. */
static size_t
conn_value_len(const char *p)
{
	const char *q = p;

	if (*q == '\'') {
		for (q++; *q && *q != '\''; q++)
			if (*q == '\\' && q[1])
				q++;
		return (size_t)(q - p) + (*q == '\'');
	}
	while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '&' && *q != '"')
		q++;
	return (size_t)(q - p);
}

char *
fair_db_redact(const char *text)
{
	fair_buf b = FAIR_BUF_INIT;
	const char *p = text;

	while (*p) {
		/* password = value (conninfo) or password=value (URI parameter) */
		if ((p == text || strchr(" \t\n?&'\":", p[-1]) != NULL) && strncasecmp(p, "password", 8) == 0) {
			const char *q = p + 8;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '=') {
				q++;
				while (*q == ' ' || *q == '\t')
					q++;
				fair_buf_add(&b, p, (size_t)(q - p));
				fair_buf_puts(&b, "***");
				p = q + conn_value_len(q);
				continue;
			}
		}
		/* scheme://user:SECRET@host */
		if (strncmp(p, "://", 3) == 0) {
			const char *h = p + 3, *end = h + strcspn(h, "/?# \t\n\"'"), *at = NULL;
			for (const char *q = h; q < end; q++)
				if (*q == '@')
					at = q;
			if (at != NULL) {
				const char *colon = memchr(h, ':', (size_t)(at - h));
				if (colon != NULL) {
					fair_buf_add(&b, p, (size_t)(colon + 1 - p));
					fair_buf_puts(&b, "***");
					p = at;
					continue;
				}
			}
		}
		fair_buf_putc(&b, *p++);
	}
	return fair_buf_detach(&b);
}

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

/* ---- entry points --------------------------------------------------------- */

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

fair_db *
fair_db_open(const char *source, bool create, fair_error *err)
{
	fair_db *db;
	int rc;

	if (!fair_db_is_source(source)) {
		fair_error_set(err, FAIR_EINVAL, "not a database source: give sqlite:FILE or postgres:CONNINFO");
		return NULL;
	}
	if ((db = calloc(1, sizeof *db)) == NULL || (db->display = fair_db_redact(source)) == NULL) {
		free(db);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	if (prefix(source, "sqlite:")) {
		db->kind = FAIR_DB_SQLITE;
		rc = fair__data_sqlite_open(db, source + 7, create, err);
	} else {
		const char *ci = source;
		db->kind = FAIR_DB_POSTGRES;
		/* postgres://... and postgresql://... are URIs libpq reads whole */
		if (!prefix(source, "postgres://") && !prefix(source, "postgresql://"))
			ci = strchr(source, ':') + 1;
		rc = fair__data_pg_open(db, ci, err);
	}
	if (rc != FAIR_OK) {
		free(db->display);
		free(db);
		return NULL;
	}
	return db;
}

void
fair_db_close(fair_db *db)
{
	if (db == NULL)
		return;
	if (db->kind == FAIR_DB_SQLITE)
		fair__data_sqlite_close(db);
	else
		fair__data_pg_close(db);
	free(db->display);
	free(db);
}

fair_db_kind fair_db_kind_of(const fair_db *db) { return db->kind; }
const char *fair_db_display(const fair_db *db) { return db->display; }

fair_sql_dialect
fair_db_dialect(const fair_db *db)
{
	return db->kind == FAIR_DB_SQLITE ? FAIR_SQL_SQLITE : FAIR_SQL_POSTGRES;
}

static int
run(fair_db *db, const char *sql, const fair_sql_param *params, size_t nparams, dbread *r, fair_progress *prog,
    fair_error *err)
{
	return db->kind == FAIR_DB_SQLITE ? fair__data_sqlite_query(db, sql, params, nparams, r, prog, err)
	                                  : fair__data_pg_query(db, sql, params, nparams, r, prog, err);
}

fair_frame *
fair_db_query(fair_db *db, const char *sql, const fair_sql_param *params, size_t nparams, fair_progress *prog,
              size_t *ninf, fair_error *err)
{
	dbread r;
	fair_frame *f = NULL;

	memset(&r, 0, sizeof r);
	r.err = err;
	if (run(db, sql, params, nparams, &r, prog, err) == FAIR_OK) {
		f = fair__data_db_finish(&r);
		if (ninf != NULL)
			*ninf = r.ninf;
	}
	fair__data_db_release(&r);
	return f;
}

int
fair_db_schema(fair_db *db, const char *table, const char *sql, size_t *ncols, char ***names, fair_coltype **types,
               fair_error *err)
{
	dbread r;
	char *q = table != NULL ? fair_db_table_sql(table) : strdup(sql);
	fair_buf lim = FAIR_BUF_INIT;
	int rc;

	*ncols = 0;
	*names = NULL;
	*types = NULL;
	if (q == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	/* the declared types decide; where there are none (SQLite), the
	 * values of the first rows */
	memset(&r, 0, sizeof r);
	r.err = err;
	r.limit = 1000;
	fair_buf_printf(&lim, "SELECT * FROM (%s) AS fairsh_schema LIMIT 1000", q);
	free(q);
	rc = run(db, lim.buf, NULL, 0, &r, NULL, err);
	fair_buf_release(&lim);
	if (rc == FAIR_OK) {
		*names = calloc(r.ncols ? r.ncols : 1, sizeof **names);
		*types = malloc((r.ncols ? r.ncols : 1) * sizeof **types);
		if (*names == NULL || *types == NULL)
			rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		for (size_t j = 0; rc == FAIR_OK && j < r.ncols; j++) {
			(*types)[j] = r.cols[j].cat ? FAIR_COL_CATEGORICAL : FAIR_COL_NUMERIC;
			(*names)[j] = r.cols[j].name;
			r.cols[j].name = NULL;
		}
		if (rc == FAIR_OK)
			*ncols = r.ncols;
		else {
			free(*names);
			free(*types);
			*names = NULL;
			*types = NULL;
		}
	}
	fair__data_db_release(&r);
	return rc;
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
fair_db_write(fair_db *db, const char *table, const fair_frame *f, bool replace, fair_progress *prog,
              fair_error *err)
{
	if (table == NULL || *table == '\0')
		return fair_error_set(err, FAIR_EINVAL, "give the table to write with table=NAME");
	return db->kind == FAIR_DB_SQLITE ? fair__data_sqlite_write(db, table, f, replace, prog, err)
	                                  : fair__data_pg_write(db, table, f, replace, prog, err);
}
