/* output.h -- what commands print and add to a session: tables in the
 * format asked for, rows of the data, column descriptions, new models and
 * prediction columns. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_OUTPUT_H
#define FAIRSH_CLI_OUTPUT_H

#include "cli/cli.h"
#include "fairsh/model.h"
#include "out/out.h"

/* Prints @t as (part of) the running command's result, in its format
 * (cli_result_table: stdout or to=FILE; one JSON document, one CSV table
 * per command). */
void cli_print_table(struct cli_ctx *ctx, const struct cli_args *a, const struct out_table *t);
/* Prints the @n tables of one result (the groups and the metrics of an
 * audit ...) one after the other, and frees them. */
void cli_print_tables(struct cli_ctx *ctx, const struct cli_args *a, struct out_table **t, size_t n);

/* The three forms of a command's result, each made from @arg (the
 * command's own state): format=json the object @json makes (taken over),
 * csv the one table @csv makes (printed and freed; NULL: nothing), any
 * other format what @text prints (tables, notes). */
struct cli_result_forms {
	struct cJSON *(*json)(void *arg);
	struct out_table *(*csv)(void *arg);
	void (*text)(struct cli_ctx *ctx, const struct cli_args *a, void *arg);
};
/* Prints the result in @a's format, by the form of @f that makes it. */
void cli_print_forms(struct cli_ctx *ctx, const struct cli_args *a, const struct cli_result_forms *f, void *arg);

/* A table of the first @limit rows of session @s kept by the filters, with
 * every column (missing values as NA); caller frees. NULL on no memory. */
struct out_table *cli_rows_table(const fair_session *s, size_t limit, const char *title);

/* The name of a model made from @base: `as NAME`, else base's name and
 * @suffix ("lr_w"); @base may be NULL only with `as NAME`. */
void cli_derived_name(const struct cli_args *a, const fair_model *base, const char *suffix, char *buf, size_t len);

/* Adds @m (a new reference, taken over) to session @s and prints
 * "model 'NAME': DESCRIPTION"; on failure drops @m and prints the error. */
enum cmd_retval cli_install_model(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s,
                                  fair_model *m);

/* "binary", "binary (numeric)", "numeric" or "categorical". */
const char *cli_column_type(const fair_column *c);
/* Every role of column @col of session @s, joined by ", " into @buf:
 * "target", "sensitive", "split", "prediction", "feature" (when in
 * @feat[0..nfeat), from cli_session_features); "" for none. */
void cli_column_roles(const fair_session *s, size_t col, const size_t *feat, size_t nfeat, char *buf, size_t len);
/* The columns a model trained now would use (fair_session_features), a new
 * array (caller frees; NULL with *n = 0 when none can be resolved). */
size_t *cli_session_features(const fair_session *s, size_t *n);

/* Replaces *@f by a new frame with numeric column @name added (@values:
 * @n numbers, taken over); 0, or -1 with @err (*@f unchanged). */
int cli_frame_add_numeric(fair_frame **f, const char *name, double *values, size_t n, fair_error *err);
/* Adds columns NAME_score and NAME_pred with @m's scores and decisions on
 * every row of @s; 0, or -1 with the error printed. */
int cli_add_predictions(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, fair_model *m,
                        const char *name);

#endif
