/* expr.h -- the expression language of derived columns and filters: parse a
 * formula once into a syntax tree, bind it to a frame (column names, types,
 * level tables), evaluate it over all rows or a subset into a new column or a
 * row mask, print it back in canonical form, and translate it to SQL. The
 * language (syntax, types, the missing-value rule) is in doc/expressions.md. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_EXPR_H
#define FAIRSH_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "fairsh/error.h"
#include "fairsh/frame.h"

/* Longest expression text accepted, in bytes. */
#define FAIR_EXPR_MAX_LEN   (1u << 20)
/* Deepest nesting of operations (parentheses, operators, function calls)
 * accepted; deeper input is an error, never a stack overflow. */
#define FAIR_EXPR_MAX_DEPTH 1000

typedef struct fair_expr fair_expr;

/* The type of a bound expression's result. Booleans are stored as numeric
 * columns holding 0 and 1 (NaN = missing), so a condition can be used
 * directly as a target or prediction column. */
typedef enum fair_expr_type {
	FAIR_EXPR_NUMERIC = 0,
	FAIR_EXPR_BOOLEAN = 1,
	FAIR_EXPR_CATEGORICAL = 2
} fair_expr_type;

/* Parses @text (NUL-terminated, at most FAIR_EXPR_MAX_LEN bytes, UTF-8).
 * Returns a new unbound expression (caller frees) or NULL with @err set:
 * FAIR_EINVAL with a message "position N: what was expected, got what"
 * (N = 1-based character, see fair_expr_error_position), FAIR_ENOMEM. */
fair_expr  *fair_expr_parse(const char *text, fair_error *err);
void        fair_expr_free(fair_expr *e);      /* NULL is a no-op */

/* The text as given to fair_expr_parse (borrowed; lives as long as @e). */
const char *fair_expr_text(const fair_expr *e);
/* The canonical text: keywords and functions in lower case, one space around
 * binary operators, the fewest parentheses, strings in single quotes, names
 * in backticks only when needed. parse(print(e)) is equal to @e. Returns a
 * new string (caller frees) or NULL when out of memory. */
char       *fair_expr_print(const fair_expr *e);
/* Whether @a and @b have the same syntax tree (positions ignored). */
bool        fair_expr_equal(const fair_expr *a, const fair_expr *b);

/* The columns the expression names, each once, in order of first use
 * (borrowed; live as long as @e). Available right after parsing. */
size_t      fair_expr_ncolumns(const fair_expr *e);
const char *fair_expr_column(const fair_expr *e, size_t k);

/* Binds @e to @f (borrowed): looks up every column, checks types, builds
 * the level tables and the evaluation program. @e keeps references to the
 * columns it uses (not to @f), so it can be evaluated after @f is released;
 * binding again replaces the previous binding. Errors (message starting
 * "position N: "): FAIR_ENOTFOUND for an unknown column (with the nearest
 * column name suggested), FAIR_EINVAL for a type error, FAIR_ENOMEM. */
int         fair_expr_bind(fair_expr *e, const fair_frame *f, fair_error *err);

/* Checks names and types only, against a schema of @ncols columns (@names,
 * @types borrowed): enough for fair_expr_type_of and fair_expr_sql (a database
 * table whose rows are not loaded), not for evaluation. Same errors. */
int         fair_expr_bind_types(fair_expr *e, size_t ncols, const char *const *names,
                                 const fair_coltype *types, fair_error *err);

/* Result type of a bound expression. */
fair_expr_type fair_expr_type_of(const fair_expr *e);

/* Notes from the last fair_expr_bind (borrowed): things that are legal but
 * probably not meant, e.g. "position 14: 'N/A' is not a level of
 * 'score_text' (levels: High, Low, Medium)" (the comparison is then false,
 * or missing, for every row). */
size_t      fair_expr_nnotes(const fair_expr *e);
const char *fair_expr_note(const fair_expr *e, size_t k);

/* Evaluates a bound expression into a new column named @name (caller
 * unrefs): row k of the result is row @rows[k] of the bound frame, or row k
 * when @rows is NULL (then @nrows may not exceed the frame's rows). Numeric
 * and boolean results give numeric columns, categorical results categorical
 * columns whose levels are the values that occur, in the expression's level
 * order. Errors: FAIR_EINVAL (not bound to data, row out of range),
 * FAIR_ENOMEM. */
fair_column *fair_expr_eval(const fair_expr *e, const char *name, const size_t *rows,
                            size_t nrows, fair_error *err);

/* As fair_expr_eval, into @out (@nrows doubles): numbers and 0/1 (NaN =
 * missing); for a categorical result, the 0-based index into
 * fair_expr_level (NaN = missing). */
int         fair_expr_eval_values(const fair_expr *e, const size_t *rows, size_t nrows,
                                  double *out, fair_error *err);
/* Levels of a categorical result of the bound expression (borrowed), in
 * the order fair_expr_eval_values indexes them (unused ones included). */
size_t      fair_expr_nlevels(const fair_expr *e);
const char *fair_expr_level(const fair_expr *e, size_t k);

/* Filter: keep[k] = keep[k] && (the expression is true for row k, as in
 * fair_expr_eval); missing and false both clear keep[k]. A numeric result
 * counts as true when it is not 0. Stores the number of rows still kept in
 * *@nkept (may be NULL). Errors: FAIR_EINVAL for a categorical result or
 * when not bound to data, FAIR_ENOMEM. */
int         fair_expr_filter(const fair_expr *e, const size_t *rows, size_t nrows,
                             unsigned char *keep, size_t *nkept, fair_error *err);

/* The 1-based character position named by an error message of this module
 * ("... position N: ..."), or 0 when there is none. */
size_t      fair_expr_error_position(const fair_error *err);
/* Two lines for a terminal: an excerpt of @text (at most about 70
 * characters around @position, "..." where cut) and a caret under the
 * character at @position, each ending in '\n'. Returns a new string (caller
 * frees) or NULL when @position is 0 or out of memory. */
char       *fair_expr_caret(const char *text, size_t position);

/* ---- SQL ------------------------------------------------------------------ */

typedef enum fair_sql_dialect {
	FAIR_SQL_SQLITE = 0,     /* parameters ?1, ?2, ...                        */
	FAIR_SQL_POSTGRES = 1    /* parameters $1::double precision, $2::text ... */
} fair_sql_dialect;

typedef enum fair_sql_context {
	FAIR_SQL_CONDITION = 0,  /* a WHERE condition (numbers: true when not 0)  */
	FAIR_SQL_VALUE = 1       /* a SELECT value (booleans as integers 0/1)     */
} fair_sql_context;

typedef struct fair_sql_param {
	bool   is_text;          /* a string literal, else a number               */
	double num;              /* the number (when !is_text)                    */
	char  *text;             /* the string, or the number as %.17g text       */
} fair_sql_param;

typedef struct fair_sql {
	char           *text;    /* the SQL expression                            */
	fair_sql_param *params;  /* literals, in placeholder order                */
	size_t          nparams;
} fair_sql;

/* Translates a bound expression (fair_expr_bind or fair_expr_bind_types) to
 * an SQL expression for @dialect: identifiers quoted ("name", quotes
 * doubled), every literal a parameter numbered from @first (1 for a query of
 * its own). Semantics match evaluation (three-valued logic, missing =
 * NULL, division by zero = NULL) except where doc/expressions.md says
 * otherwise. Fills @out (caller releases with fair_sql_release). Errors:
 * FAIR_EINVAL "position N: round() has no SQL equivalent ..." for constructs
 * SQL cannot express the same way, FAIR_ENOMEM. */
int         fair_expr_sql(const fair_expr *e, fair_sql_dialect dialect, fair_sql_context context,
                          size_t first, fair_sql *out, fair_error *err);
void        fair_sql_release(fair_sql *q);    /* frees the contents; NULL ok */

#endif
