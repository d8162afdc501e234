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

/* ---- entry points --------------------------------------------------------- */

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
fair_db_write(fair_db *db, const char *table, const fair_frame *f, bool replace, fair_progress *prog,
              fair_error *err)
{
	if (table == NULL || *table == '\0')
		return fair_error_set(err, FAIR_EINVAL, "give the table to write with table=NAME");
	return db->kind == FAIR_DB_SQLITE ? fair__data_sqlite_write(db, table, f, replace, prog, err)
	                                  : fair__data_pg_write(db, table, f, replace, prog, err);
}
