/* db-sqlite.c -- the SQLite backend of database sources (libsqlite3): open a
 * file, step through a query's rows into the column builder, write a frame
 * as a new table in one transaction. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "fairsh/buf.h"
#include "data/data-private.h"

int
fair__data_sqlite_open(fair_db *db, const char *file, bool create, fair_error *err)
{
	sqlite3 *h = NULL;
	int rc;

	if (*file == '\0')
		return fair_error_set(err, FAIR_EINVAL, "sqlite: give a file: sqlite:FILE");
	/* read-write without creating: a mistyped name is an error, not a new
	 * empty database (export creates the file, see fair_db_write) */
	rc = sqlite3_open_v2(file, &h, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), NULL);
	if (rc == SQLITE_CANTOPEN && !create)   /* a read-only file */
		rc = (sqlite3_close(h), h = NULL, sqlite3_open_v2(file, &h, SQLITE_OPEN_READONLY, NULL));
	if (rc != SQLITE_OK) {
		fair_error_set(err, FAIR_EIO, "%s: cannot open the SQLite database: %s", db->display,
		               h != NULL ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return FAIR_EIO;
	}
	sqlite3_busy_timeout(h, 5000);
	db->h = h;
	return FAIR_OK;
}

void
fair__data_sqlite_close(fair_db *db)
{
	sqlite3_close(db->h);
	db->h = NULL;
}

static int
fail(fair_db *db, fair_error *err, const char *what)
{
	return fair_error_set(err, FAIR_EIO, "%s: %s: %s", db->display, what, sqlite3_errmsg(db->h));
}

static int
bind_params(fair_db *db, sqlite3_stmt *st, const fair_sql_param *params, size_t nparams, fair_error *err)
{
	for (size_t i = 0; i < nparams; i++) {
		int rc = params[i].is_text
		         ? sqlite3_bind_text(st, (int)i + 1, params[i].text, -1, SQLITE_TRANSIENT)
		         : sqlite3_bind_double(st, (int)i + 1, params[i].num);
		if (rc != SQLITE_OK)
			return fail(db, err, "cannot bind a parameter");
	}
	return FAIR_OK;
}

/* The builder's kind for a declared type, by SQLite's affinity rules:
 * text for CHAR, CLOB, TEXT; numeric for INT, REAL, FLOA, DOUB, and BOOL;
 * by the values otherwise (no type, NUMERIC, DATE: SQLite keeps text that
 * is not a number as text). */
static int
decl_kind(const char *t)
{
	if (t == NULL)
		return DBK_ANY;
	if (strcasestr(t, "INT") != NULL)
		return DBK_NUM;
	if (strcasestr(t, "CHAR") || strcasestr(t, "CLOB") || strcasestr(t, "TEXT"))
		return DBK_TEXT;
	if (strcasestr(t, "REAL") || strcasestr(t, "FLOA") || strcasestr(t, "DOUB") || strcasestr(t, "BOOL"))
		return DBK_NUM;
	return DBK_ANY;
}

int
fair__data_sqlite_query(fair_db *db, const char *sql, const fair_sql_param *params, size_t nparams, dbread *r,
                        fair_progress *prog, fair_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc, ncols;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, &tail) != SQLITE_OK)
		return fail(db, err, "the query failed");
	if (st == NULL)
		return fair_error_set(err, FAIR_EINVAL, "%s: the query is empty", db->display);
	if (tail != NULL && tail[strspn(tail, " \t\r\n;")] != '\0') {
		sqlite3_finalize(st);
		return fair_error_set(err, FAIR_EINVAL, "%s: give one SQL statement (text follows the first ';')",
		                      db->display);
	}
	if (bind_params(db, st, params, nparams, err)) {
		sqlite3_finalize(st);
		return FAIR_EIO;
	}
	ncols = sqlite3_column_count(st);
	if (r != NULL) {
		if (ncols == 0) {
			sqlite3_finalize(st);
			return fair_error_set(err, FAIR_EINVAL, "%s: the statement returns no columns", db->display);
		}
		if (fair__data_db_begin(r, (size_t)ncols, err))
			goto out_err;
		for (int j = 0; j < ncols; j++) {
			const char *name = sqlite3_column_name(st, j);
			if (fair__data_db_column(r, (size_t)j, name ? name : "?", decl_kind(sqlite3_column_decltype(st, j))))
				goto out_err;
		}
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (r == NULL)
			continue;
		if (fair__data_db_row(r))
			goto out_err;
		for (int j = 0; j < ncols; j++) {
			int t = sqlite3_column_type(st, j), e = FAIR_OK;
			if (t == SQLITE_NULL)
				fair__data_db_null(r, (size_t)j);
			else if (t == SQLITE_INTEGER || t == SQLITE_FLOAT)
				e = r->cols[j].cat ? fair__data_db_text(r, (size_t)j, (const char *)sqlite3_column_text(st, j),
				                                        (size_t)sqlite3_column_bytes(st, j))
				                   : fair__data_db_num(r, (size_t)j, sqlite3_column_double(st, j));
			else if (t == SQLITE_TEXT)
				e = fair__data_db_text(r, (size_t)j, (const char *)sqlite3_column_text(st, j),
				                       (size_t)sqlite3_column_bytes(st, j));
			else
				e = fair_error_set(err, FAIR_EINVAL, "%s: column '%.100s' holds binary data (BLOB) at row %zu",
				                   db->display, r->cols[j].name, r->nrows + 1);
			if (e)
				goto out_err;
		}
		r->nrows++;
		if ((r->nrows & 4095) == 0) {
			fair_progress_set(prog, r->nrows, 0, 0, 0);
			if (fair_progress_cancelled(prog)) {
				fair_error_set(err, FAIR_ECANCELED, "cancelled after %zu rows", r->nrows);
				goto out_err;
			}
		}
		if (r->limit && r->nrows >= r->limit)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		fail(db, err, "the query failed");
		goto out_err;
	}
	if (r != NULL)
		fair_progress_set(prog, r->nrows, r->nrows, 0, 0);
	sqlite3_finalize(st);
	return FAIR_OK;
out_err:
	sqlite3_finalize(st);
	return err->code ? err->code : FAIR_EIO;
}

static int
exec(fair_db *db, const char *sql, fair_error *err)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, err, sql);
	return FAIR_OK;
}

static int
table_exists(fair_db *db, const char *table, bool *yes, fair_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?1",
	                       -1, &st, NULL) != SQLITE_OK)
		return fail(db, err, "cannot look the table up");
	sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(db, err, "cannot look the table up");
	return FAIR_OK;
}

int
fair__data_sqlite_write(fair_db *db, const char *table, const fair_frame *f, bool replace, fair_progress *prog,
                        fair_error *err)
{
	fair_buf b = FAIR_BUF_INIT;
	sqlite3_stmt *st = NULL;
	size_t n = fair_frame_nrows(f), nc = fair_frame_ncols(f);
	bool exists = false;

	if (exec(db, "BEGIN IMMEDIATE", err))
		return err->code;
	if (table_exists(db, table, &exists, err) ||
	    fair__data_db_create_table(db, table, f, exists, replace, "REAL", exec, err))
		goto fail;
	fair_buf_puts(&b, "INSERT INTO ");
	fair_db_quote_ident(&b, table);
	fair_buf_puts(&b, " VALUES (");
	for (size_t j = 0; j < nc; j++)
		fair_buf_puts(&b, j ? ", ?" : "?");
	fair_buf_puts(&b, ")");
	if (sqlite3_prepare_v2(db->h, b.buf, -1, &st, NULL) != SQLITE_OK) {
		fail(db, err, "cannot prepare the insert");
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(st);
		for (size_t j = 0; j < nc; j++) {
			const fair_column *c = fair_frame_column(f, j);
			int rc;
			if (fair_column_is_missing(c, i))
				rc = sqlite3_bind_null(st, (int)j + 1);
			else if (fair_column_type(c) == FAIR_COL_NUMERIC) {
				const double *v = fair_column_values(c);   /* NULL: a boolean's doubles not made */
				if (v == NULL) {
					fair_error_set(err, FAIR_ENOMEM, "out of memory");
					goto fail;
				}
				rc = sqlite3_bind_double(st, (int)j + 1, v[i]);
			}
			else
				rc = sqlite3_bind_text(st, (int)j + 1, fair_column_level(c, (size_t)fair_column_codes(c)[i]), -1,
				                       SQLITE_STATIC);
			if (rc != SQLITE_OK) {
				fail(db, err, "cannot bind a value");
				goto fail;
			}
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			fail(db, err, "cannot insert a row");
			goto fail;
		}
		if ((i & 4095) == 0) {
			fair_progress_set(prog, i, n, 0, 0);
			if (fair_progress_cancelled(prog)) {
				fair_error_set(err, FAIR_ECANCELED, "cancelled after %zu rows (nothing written)", i);
				goto fail;
			}
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	fair_buf_release(&b);
	if (exec(db, "COMMIT", err))
		goto fail;
	return FAIR_OK;
fail:
	sqlite3_finalize(st);
	fair_buf_release(&b);
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return err->code ? err->code : FAIR_EIO;
}
