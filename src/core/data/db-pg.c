/* db-pg.c -- the PostgreSQL backend of database sources (libpq): connect
 * (credentials from libpq's usual places: PGPASSFILE / ~/.pgpass, the
 * service file, PG* variables), stream a query's rows in single-row mode
 * into the column builder, write a frame as a new table with COPY in one
 * transaction. Built without libpq, every entry says how to get it. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/buf.h"
#include "data/data-private.h"

#ifdef FAIRSH_HAVE_LIBPQ
#include <libpq-fe.h>

#include "data/db-pg-dl.h"

bool fair_db_have_postgres(void) { return true; }

/* The server's message, first line, without the "ERROR:  " prefix. */
static const char *
first_line(const char *msg, char *out, size_t outlen)
{
	size_t n;

	if (msg == NULL || *msg == '\0')
		msg = "unknown error";
	if (strncmp(msg, "ERROR:  ", 8) == 0)
		msg += 8;
	n = strcspn(msg, "\n");
	snprintf(out, outlen, "%.*s", (int)(n < outlen - 1 ? n : outlen - 1), msg);
	return out;
}

static int
conn_fail(fair_db *db, fair_error *err, const char *what)
{
	char m[600];

	return fair_error_set(err, FAIR_EIO, "%s: %s: %s", db->display, what,
	                      first_line(PQerrorMessage(db->h), m, sizeof m));
}

/* Server notices (a shutdown's WARNING) are not printed by the library. */
static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

int
fair__data_pg_open(fair_db *db, const char *conninfo, fair_error *err)
{
	PGconn *c;

#ifdef FAIRSH_HAVE_LIBPQ_DL
	int st;

	if ((st = fair__data_pq_load(err)) != FAIR_OK)
		return st;
#endif
	c = PQconnectdb(conninfo);
	if (c == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	db->h = c;
	if (PQstatus(c) != CONNECTION_OK) {
		conn_fail(db, err, "cannot connect");
		PQfinish(c);
		db->h = NULL;
		return FAIR_EIO;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	/* numbers in a form strtod reads back exactly, dates in ISO */
	PGresult *res = PQexec(c, "SET extra_float_digits = 3; SET DateStyle = 'ISO, YMD'");
	PQclear(res);
	return FAIR_OK;
}

void
fair__data_pg_close(fair_db *db)
{
	PQfinish(db->h);
	db->h = NULL;
}

/* Type OIDs from pg_type.h (stable across releases). */
static int
oid_kind(Oid t)
{
	switch (t) {
	case 16:               /* bool */
		return DBK_BOOL;
	case 20: case 21: case 23: case 26:          /* int8 int2 int4 oid */
	case 700: case 701: case 1700:               /* float4 float8 numeric */
		return DBK_NUM;
	default:
		return DBK_TEXT;
	}
}

/* Reads the results left after an error or a cancel. */
static void
drain(PGconn *c)
{
	PGresult *res;

	while ((res = PQgetResult(c)) != NULL)
		PQclear(res);
}

int
fair__data_pg_query(fair_db *db, const char *sql, const fair_sql_param *params, size_t nparams, dbread *r,
                    fair_progress *prog, fair_error *err)
{
	PGconn *c = db->h;
	const char **vals = NULL;
	PGresult *res;
	bool started = false, cancelled = false;
	int rc = FAIR_OK;
	char m[600];

	if (PQstatus(c) != CONNECTION_OK) {   /* lost earlier: try once more */
		PQreset(c);
		if (PQstatus(c) != CONNECTION_OK)
			return conn_fail(db, err, "the connection is lost and cannot be made again");
	}
	if (nparams && (vals = malloc(nparams * sizeof *vals)) == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t i = 0; i < nparams; i++)
		vals[i] = params[i].text;
	if (!PQsendQueryParams(c, sql, (int)nparams, NULL, vals, NULL, NULL, 0)) {
		free(vals);
		return conn_fail(db, err, "the query failed");
	}
	free(vals);
	if (r != NULL)
		PQsetSingleRowMode(c);
	while ((res = PQgetResult(c)) != NULL) {
		ExecStatusType st = PQresultStatus(res);
		if (rc != FAIR_OK || r == NULL) {
			if (rc == FAIR_OK && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
				rc = fair_error_set(err, FAIR_EIO, "%s: %s", db->display,
				                    first_line(PQresultErrorMessage(res), m, sizeof m));
			PQclear(res);
			continue;
		}
		if (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK) {
			int nf = PQnfields(res);
			if (!started) {
				started = true;
				if (nf == 0)
					rc = fair_error_set(err, FAIR_EINVAL, "%s: the statement returns no columns", db->display);
				else if ((rc = fair__data_db_begin(r, (size_t)nf, err)) == FAIR_OK)
					for (int j = 0; j < nf && rc == FAIR_OK; j++)
						rc = fair__data_db_column(r, (size_t)j, PQfname(res, j), oid_kind(PQftype(res, j)));
			}
			for (int i = 0; rc == FAIR_OK && i < PQntuples(res); i++) {
				if (r->limit && r->nrows >= r->limit)
					break;
				if ((rc = fair__data_db_row(r)) != FAIR_OK)
					break;
				for (int j = 0; j < nf && rc == FAIR_OK; j++) {
					if (PQgetisnull(res, i, j))
						fair__data_db_null(r, (size_t)j);
					else
						rc = fair__data_db_text(r, (size_t)j, PQgetvalue(res, i, j),
						                        (size_t)PQgetlength(res, i, j));
				}
				if (rc == FAIR_OK && (++r->nrows & 4095) == 0) {
					fair_progress_set(prog, r->nrows, 0, 0, 0);
					if (fair_progress_cancelled(prog))
						rc = fair_error_set(err, FAIR_ECANCELED, "cancelled after %zu rows", r->nrows);
				}
			}
			if (rc == FAIR_OK && r->limit && r->nrows >= r->limit && st == PGRES_SINGLE_TUPLE)
				cancelled = true;   /* enough rows: stop the server */
			if (rc != FAIR_OK || cancelled) {
				PGcancel *k = PQgetCancel(c);
				char eb[256];
				if (k != NULL) {
					PQcancel(k, eb, sizeof eb);
					PQfreeCancel(k);
				}
				PQclear(res);
				drain(c);
				break;
			}
		} else if (st != PGRES_COMMAND_OK) {
			if (PQstatus(c) != CONNECTION_OK)
				rc = fair_error_set(err, FAIR_EIO, "%s: the connection to the server was lost during the "
				                    "query (after %zu rows): %s", db->display, r->nrows,
				                    first_line(PQresultErrorMessage(res), m, sizeof m));
			else
				rc = fair_error_set(err, FAIR_EIO, "%s: %s", db->display,
				                    first_line(PQresultErrorMessage(res), m, sizeof m));
		}
		PQclear(res);
	}
	if (rc == FAIR_OK && r != NULL && !started)
		rc = fair_error_set(err, FAIR_EINVAL, "%s: the statement returns no rows or columns", db->display);
	if (rc == FAIR_OK && r != NULL)
		fair_progress_set(prog, r->nrows, r->nrows, 0, 0);
	return rc;
}

static int
exec(fair_db *db, const char *sql, fair_error *err)
{
	return fair__data_pg_query(db, sql, NULL, 0, NULL, NULL, err);
}

/* One value in COPY's text format. */
static void
copy_text(fair_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': fair_buf_puts(b, "\\\\"); break;
		case '\t': fair_buf_puts(b, "\\t"); break;
		case '\n': fair_buf_puts(b, "\\n"); break;
		case '\r': fair_buf_puts(b, "\\r"); break;
		default: fair_buf_putc(b, *s);
		}
	}
}

int
fair__data_pg_write(fair_db *db, const char *table, const fair_frame *f, bool replace, fair_progress *prog,
                    fair_error *err)
{
	fair_buf b = FAIR_BUF_INIT;
	fair_sql_param p = { true, 0, (char *)table };
	size_t n = fair_frame_nrows(f), nc = fair_frame_ncols(f);
	PGresult *res;
	dbread r;
	char m[600];
	bool exists = false;

	if (exec(db, "BEGIN", err))
		return err->code;
	memset(&r, 0, sizeof r);
	if (fair__data_pg_query(db, "SELECT to_regclass(quote_ident($1::text)) IS NOT NULL", &p, 1, &r, NULL, err)) {
		fair__data_db_release(&r);
		goto fail;
	}
	exists = r.nrows == 1 && !r.cols[0].cat && r.cols[0].vals[0] == 1.0;
	fair__data_db_release(&r);
	if (fair__data_db_create_table(db, table, f, exists, replace, "double precision", exec, err))
		goto fail;
	fair_buf_puts(&b, "COPY ");
	fair_db_quote_ident(&b, table);
	fair_buf_puts(&b, " FROM STDIN");
	res = PQexec(db->h, b.buf);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		fair_error_set(err, FAIR_EIO, "%s: %s", db->display, first_line(PQresultErrorMessage(res), m, sizeof m));
		PQclear(res);
		goto fail;
	}
	PQclear(res);
	fair_buf_reset(&b);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < nc; j++) {
			const fair_column *c = fair_frame_column(f, j);
			if (j)
				fair_buf_putc(&b, '\t');
			if (fair_column_is_missing(c, i))
				fair_buf_puts(&b, "\\N");
			else if (fair_column_type(c) == FAIR_COL_NUMERIC) {
				const double *v = fair_column_values(c);   /* NULL: a boolean's doubles not made */
				if (v == NULL) {
					PQputCopyEnd(db->h, "out of memory");
					drain(db->h);
					fair_error_set(err, FAIR_ENOMEM, "out of memory");
					goto fail;
				}
				fair_buf_printf(&b, "%.17g", v[i]);
			}
			else
				copy_text(&b, fair_column_level(c, (size_t)fair_column_codes(c)[i]));
		}
		fair_buf_putc(&b, '\n');
		if (b.len > (1u << 16) || i + 1 == n) {
			if (PQputCopyData(db->h, b.buf, (int)b.len) != 1) {
				conn_fail(db, err, "cannot send the rows");
				goto fail;
			}
			fair_buf_reset(&b);
			fair_progress_set(prog, i + 1, n, 0, 0);
			if (fair_progress_cancelled(prog)) {
				PQputCopyEnd(db->h, "cancelled");
				drain(db->h);
				fair_error_set(err, FAIR_ECANCELED, "cancelled after %zu rows (nothing written)", i + 1);
				goto fail;
			}
		}
	}
	if (PQputCopyEnd(db->h, NULL) != 1) {
		conn_fail(db, err, "cannot send the rows");
		goto fail;
	}
	bool copy_failed = false;
	while ((res = PQgetResult(db->h)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && !copy_failed) {
			fair_error_set(err, FAIR_EIO, "%s: %s", db->display, first_line(PQresultErrorMessage(res), m, sizeof m));
			copy_failed = true;
		}
		PQclear(res);
	}
	if (copy_failed)
		goto fail;
	fair_buf_release(&b);
	return exec(db, "COMMIT", err);
fail:
	fair_buf_release(&b);
	PQclear(PQexec(db->h, "ROLLBACK"));
	return err != NULL && err->code ? err->code : FAIR_EIO;
}

#else /* no libpq */

bool fair_db_have_postgres(void) { return false; }

static int
missing(fair_error *err)
{
	return fair_error_set(err, FAIR_EINVAL, "this fairsh was built without PostgreSQL support: install the "
	                      "Debian package libpq-dev and re-run configure (SQLite sources work: sqlite:FILE)");
}

int
fair__data_pg_open(fair_db *db, const char *conninfo, fair_error *err)
{
	(void)db;
	(void)conninfo;
	return missing(err);
}

void fair__data_pg_close(fair_db *db) { (void)db; }

int
fair__data_pg_query(fair_db *db, const char *sql, const fair_sql_param *params, size_t nparams, dbread *r,
                    fair_progress *prog, fair_error *err)
{
	(void)db; (void)sql; (void)params; (void)nparams; (void)r; (void)prog;
	return missing(err);
}

int
fair__data_pg_write(fair_db *db, const char *table, const fair_frame *f, bool replace, fair_progress *prog,
                    fair_error *err)
{
	(void)db; (void)table; (void)f; (void)replace; (void)prog;
	return missing(err);
}
#endif
