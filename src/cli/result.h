/* result.h -- where a command's result goes (result.c): stdout, or the file
 * of to=FILE written atomically when the command succeeds; and one document
 * per command in the machine formats (one JSON value, one CSV table), so
 * that `fairsh -c '...; CMD format=json' | jq .` always parses. Every
 * result a command prints goes through here; confirmations and notices do
 * not (cli_info). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_RESULT_H
#define FAIRSH_CLI_RESULT_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "json/json.h"
#include "out/out.h"

struct cli_result {
	struct cli_result *outer;    /* the result of the command this one runs inside (source) */
	const char *command;         /* "audit" */
	int    format;               /* enum out_format */
	FILE  *fp;                   /* text: stdout, or the buffer of to=FILE */
	const char *path;            /* to=FILE, or NULL */
	char  *text;                 /* the buffer behind fp with to=FILE */
	size_t len;
	cJSON *json;                 /* format=json: the values printed, in order (an array) */
	struct out_table **tables;   /* format=csv: the tables printed, in order */
	size_t ntables;
	bool   printed;              /* text printed (a Markdown table needs a blank line first) */
};

/* Starts the result of the command of @a: finds its to=FILE (an option of
 * type OPT_OUTFILE), takes the format from the file's extension when
 * format= was not given (a->format is updated), and makes ctx->result
 * point at @r. 0, or -1 with the error printed (then nothing to end). */
int cli_result_begin(struct cli_ctx *ctx, struct cli_args *a, struct cli_result *r);
/* Ends it: prints the JSON values as one document (several under
 * "results") and the CSV tables as one table, then, when the command
 * succeeded (@rv CMD_OK) and to=FILE was given, writes the file atomically
 * and confirms it. Restores ctx->result. Returns @rv, or CMD_ERROR when
 * the file could not be written. */
enum cmd_retval cli_result_end(struct cli_ctx *ctx, const struct cli_args *a, struct cli_result *r,
                               enum cmd_retval rv);

/* The stream text results are printed to (stdout outside any command). */
FILE *cli_out(struct cli_ctx *ctx);
/* Prints text as (part of) the running command's result. */
void  cli_printf(struct cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* True when the running command writes its result to a file (to=FILE). */
bool  cli_result_to_file(const struct cli_ctx *ctx);
/* Adds @v (taken over) to the running command's JSON result. A single
 * object becomes the document, with "schema_version" and "command" first. */
void  cli_result_json(struct cli_ctx *ctx, cJSON *v);
/* Adds @t (borrowed) to the result in @a's format: text and Markdown at
 * once (Markdown titled, tables separated by a blank line), JSON as
 * {"title", "columns", "rows"}, CSV kept for one table at the end. */
void  cli_result_table(struct cli_ctx *ctx, const struct cli_args *a, const struct out_table *t);

/* Writes @len bytes of @text to @path atomically (out_write_atomic): the
 * one place results, reports and saved files reach the disk. 0, or -1
 * with the error printed as @a's. */
int   cli_write_file(struct cli_ctx *ctx, const struct cli_args *a, const char *path, const char *text,
                     size_t len);

/* The format a file name's extension asks for: .txt .text .log -> table,
 * .csv, .json, .md .markdown, .xml -> junit; -1 when the name has an
 * extension fairsh does not know, -2 when it has none. */
int   cli_format_of_path(const char *path);

#endif
