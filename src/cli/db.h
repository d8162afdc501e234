/* db.h -- the shell's side of database sources: `load sqlite:...`,
 * `export predictions sqlite:...`, sessions attached to a table (`attach`)
 * and their set-up, and the pushdown audit. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_DB_H
#define FAIRSH_CLI_DB_H

#include "cli/audit.h"
#include "cli/cli.h"
#include "fairsh/csv.h"
#include "fairsh/db.h"

/* The options of a command that reads a database source. */
#define CLI_DB_OPTS \
	{ "table", OPT_STRING, NULL, "T", "database source: the table to read" }, \
	{ "query", OPT_STRING, NULL, "SQL", "database source: a SELECT to read instead of a table" }

/* The reading options of a CSV file, `load FILE` and `attach FILE` alike
 * (cli_csv_opts reads them). */
#define CLI_CSV_OPTS \
	{ "delim", OPT_STRING, NULL, "C", "field delimiter: , ; tab | (default: sniffed)" }, \
	{ "na", OPT_STRING, NULL, "LIST", "comma-separated missing-value tokens (default: NA,N/A,?,NaN and empty)" }, \
	{ "skip_bad", OPT_BOOL, NULL, NULL, "skip rows with the wrong number of fields instead of failing" }

/* delim=, na= and skip_bad= into @o (the rest at fair_csv_opts_init's
 * defaults; o->na borrows the option's text). 0, or -1 with the error
 * printed. */
int cli_csv_opts(struct cli_ctx *ctx, const struct cli_args *a, fair_csv_opts *o);

/* Reads the rows of `SOURCE table=T | query=SQL` into *@f; the session's
 * source text (password hidden) into @source. CMD_OK or CMD_ERROR (printed). */
enum cmd_retval cli_db_load(struct cli_ctx *ctx, const struct cli_args *a, const char *src, fair_frame **f,
                            char *source, size_t size);
/* Writes @f to `SOURCE table=T [replace=yes]`. */
enum cmd_retval cli_db_export(struct cli_ctx *ctx, const struct cli_args *a, const char *dest, const fair_frame *f);

/* The set-up commands on an attached session. */
enum cmd_retval cli_db_target(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s);
enum cmd_retval cli_db_sensitive(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s);
enum cmd_retval cli_db_filter(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s);
enum cmd_retval cli_db_derive(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s);
enum cmd_retval cli_db_weights(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s);
/* Whether command @name works on an attached session (the others need the
 * rows and say so). */
bool cli_db_allowed(const char *name);

/* The pushdown audit (cli_audit_run of an attached session): one grouped
 * query, its counts through fair_audit. With @show_sql, prints the query
 * and its parameters instead and returns NULL with *@shown set. */
fair_report *cli_db_audit(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s,
                          const struct cli_audit_req *req, bool show_sql, bool *shown);

/* The counts of @fc (columns as the pushdown query returns them: target,
 * sensitive columns, decisions, FAIR_DB_COUNT [, FAIR_DB_WSUM, FAIR_DB_W2])
 * through the core's fair_audit_counts (fairsh/counts.h), as a loaded audit;
 * the session's target and groups from them, counted in rows. */
fair_report *cli_db_audit_counts(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s,
                                 const struct cli_audit_req *req, fair_frame *fc);

/* A session's name from a file's path: no directory, no extension
 * (data.csv.gz: data); malloc'd, NULL when out of memory. */
char *cli_path_session_name(const char *path);

/* The audit of a session attached to a CSV file (stream.c): one streamed
 * pass counting what the pushdown query counts (@p: the decisions,
 * weights), through cli_db_audit_counts. */
fair_report *cli_stream_audit(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s,
                              const struct cli_audit_req *req, const fair_db_push *p);

#endif
