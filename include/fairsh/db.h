/* db.h -- database sources: read a table or a query of SQLite (libsqlite3)
 * or PostgreSQL (libpq) into a frame, streamed row by row with progress and
 * cancellation; write a frame back as a new table; run small aggregate
 * queries with parameters (the audit's pushdown). Credentials come only from
 * libpq's usual places; the display form of a source never shows a password.
 *
 * Types: numeric SQL types (integer, real, double precision, numeric, and
 * SQLite values stored as INTEGER or REAL) give numeric columns, booleans
 * numeric 0/1; text, dates, times and every other type give categorical
 * columns holding the value's text (dates as ISO text); NULL, NaN and
 * infinities are missing. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_DB_H
#define FAIRSH_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "fairsh/error.h"
#include "fairsh/expr.h"
#include "fairsh/frame.h"
#include "fairsh/progress.h"

typedef enum fair_db_kind {
	FAIR_DB_SQLITE = 0,
	FAIR_DB_POSTGRES = 1
} fair_db_kind;

typedef struct fair_db fair_db;

/* Whether @source names a database: "sqlite:FILE", "postgres:CONNINFO",
 * "postgres://..." or "postgresql://..." (a libpq URI). */
bool        fair_db_is_source(const char *source);
/* Whether PostgreSQL support was built in (libpq found by configure). */
bool        fair_db_have_postgres(void);

/* @text with every password in it replaced by "***": the value of a
 * conninfo keyword password=..., the password of a URI
 * (postgres://user:SECRET@host) and its ?password= parameter. Returns a new
 * string (caller frees) or NULL when out of memory. */
char       *fair_db_redact(const char *text);

/* Connects. With @create, a missing SQLite file is created (for writing);
 * without, it is an error. Errors (FAIR_EIO) name the source in its redacted form and
 * carry the server's message; FAIR_EINVAL for a source that is not a
 * database, or PostgreSQL in a build without libpq. */
fair_db    *fair_db_open(const char *source, bool create, fair_error *err);
void        fair_db_close(fair_db *db);    /* NULL is a no-op */
fair_db_kind fair_db_kind_of(const fair_db *db);
/* The source with its password hidden (borrowed). */
const char *fair_db_display(const fair_db *db);
/* The SQL dialect of fair_expr_sql for @db. */
fair_sql_dialect fair_db_dialect(const fair_db *db);

/* Reads the rows of @sql (with @nparams parameters, may be 0) into a new
 * frame (caller unrefs): one column per result column, typed as above,
 * categorical levels in order of first appearance (as the CSV reader).
 * Records the rows read in @prog (may be NULL) and stops with
 * FAIR_ECANCELED when it is cancelled. *@ninf (may be NULL) gets the
 * number of infinite values made missing. Errors: FAIR_EIO (the server's
 * message, or the connection lost mid-query), FAIR_EINVAL (a BLOB,
 * duplicate column names), FAIR_ENOMEM. */
fair_frame *fair_db_query(fair_db *db, const char *sql, const fair_sql_param *params, size_t nparams,
                          fair_progress *prog, size_t *ninf, fair_error *err);
/* The SQL that reads a whole table: SELECT * FROM "table" (quoted). Returns
 * a new string or NULL when out of memory. */
char       *fair_db_table_sql(const char *table);
/* The columns of @table (or of the query @sql when @table is NULL) without
 * reading its rows: names and types as fair_db_query would give them.
 * Fills *@names (array and strings malloc'd) and *@types (malloc'd). */
int         fair_db_schema(fair_db *db, const char *table, const char *sql, size_t *ncols, char ***names,
                           fair_coltype **types, fair_error *err);

/* Writes @f as a new table @table (numeric columns as double precision /
 * REAL, categorical as text; missing as NULL), in one transaction. An
 * existing table is an error (FAIR_EINVAL, "table 'T' exists ...") unless
 * @replace, which drops it first in the same transaction. */
int         fair_db_write(fair_db *db, const char *table, const fair_frame *f, bool replace,
                          fair_progress *prog, fair_error *err);

/* ---- pushdown ------------------------------------------------------------ */

/* The set-up of a session attached to a table (the commands target,
 * sensitive, filter and derive record it here; the audit reads it). */
typedef struct fair_db_setup {
	char   *target;             /* column, or NULL                            */
	char   *target_positive;    /* positive=LIST as given, or NULL            */
	char   *target_favorable;   /* favorable=LIST as given, or NULL           */
	double  target_threshold;   /* NaN: none                                  */
	char  **sensitive;          /* columns                                    */
	size_t  nsensitive;
	double  sensitive_threshold;/* NaN: none                                  */
	char   *privileged;         /* or NULL                                    */
	char  **filters;            /* expressions (canonical text)               */
	size_t  nfilters;
	char  **derived_names;      /* derive NAME = EXPRESSION, in order         */
	char  **derived;
	size_t  nderived;
} fair_db_setup;

fair_db_setup *fair_db_setup_new(void);
void        fair_db_setup_free(fair_db_setup *s);   /* NULL is a no-op */

/* What an audit reads from the rows. */
typedef struct fair_db_push {
	const char *pred;           /* decision column, or NULL                   */
	const char *score;          /* score column cut at threshold (no pred)    */
	double      threshold;
	bool        lower;          /* direction=lower: score <= threshold        */
	const char *weight;         /* weight column, or NULL                     */
	const char *const *control; /* control columns (strata), grouped as is    */
	size_t      ncontrol;
} fair_db_push;

/* The one query of a pushdown audit of @setup over the rows of @from (a
 * SELECT) with columns @schema (a frame without rows): the derived
 * columns, the filters as WHERE, the target (cut at its threshold), the
 * sensitive columns (numeric ones cut at theirs, as 'c<=X' / 'c>X'), the
 * decisions (pred as is, or the score cut), grouped by all of them, with
 * the rows of each combination as FAIR_DB_COUNT (and, with a weight, its
 * sum as FAIR_DB_WSUM, the sum of squares as FAIR_DB_W2, the rows with
 * a weight as FAIR_DB_WN and the smallest as FAIR_DB_WMIN), then the
 * control columns of @p as they are (the strata of control=). Identifiers
 * are quoted, every value a parameter. Fills @out (fair_sql_release).
 * Errors: FAIR_ENOTFOUND (unknown column), FAIR_EINVAL (an expression
 * without SQL form, "position N: ..." prefixed with which one). */
#define FAIR_DB_COUNT "fairsh_rows"
#define FAIR_DB_WSUM  "fairsh_wsum"
#define FAIR_DB_W2    "fairsh_w2"
#define FAIR_DB_WN    "fairsh_wn"      /* rows with a weight (COUNT of the column) */
#define FAIR_DB_WMIN  "fairsh_wmin"    /* the smallest weight */
int         fair_db_push_sql(fair_sql_dialect d, const char *from, const fair_frame *schema,
                             const fair_db_setup *setup, const fair_db_push *p, fair_sql *out,
                             fair_error *err);
/* The columns of @schema plus the derived columns of @setup, typed: a
 * new frame without rows (caller unrefs), for checking names. */
fair_frame *fair_db_setup_schema(const fair_frame *schema, const fair_db_setup *setup, fair_error *err);
/* A frame of @n columns named @names with types @types and no rows. */
fair_frame *fair_db_empty_frame(size_t n, char *const *names, const fair_coltype *types, fair_error *err);

/* Appends @name to @b as a quoted SQL identifier ("a""b"). */
struct fair_buf;
void        fair_db_quote_ident(struct fair_buf *b, const char *name);

#endif
