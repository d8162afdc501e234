/* stream.h -- counting a source without loading it: the rows of each chunk
 * (a fair_frame, as fair_csv_stream hands them over) through the derived
 * columns and the filters of a session's set-up (fair_db_setup), counted
 * per combination of target, sensitive columns, decisions and control
 * columns. The result is the small frame a pushdown audit's GROUP BY
 * returns (fair_db_push_sql), with the same cuts, labels and missing
 * values, so a streamed file and a database table are audited by the same
 * code. Memory grows with the combinations, not with the rows. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_STREAM_H
#define FAIRSH_STREAM_H

#include <stddef.h>

#include "fairsh/csv.h"
#include "fairsh/db.h"
#include "fairsh/error.h"
#include "fairsh/frame.h"

typedef struct fair_stream_counter fair_stream_counter;

/* A counter of what @p reads under @setup, for chunks with the columns of
 * @schema (a frame, rows not used: the source's columns and their types).
 * Counted, in this order (the key columns): the target (cut into 0/1 at
 * its threshold, when set), each sensitive column (a numeric one labelled
 * "c<=X" / "c>X" at the sensitive threshold, when set), the decisions
 * (p->pred, cut as the target when numeric; or p->score cut at
 * p->threshold into 1/0, ">=" or, with p->lower, "<="), then p->control.
 * @setup and @p are borrowed and must outlive the counter. Errors, checked
 * in this order (FAIR_EINVAL unless said): no target, no sensitive column,
 * no decisions, more than 62 sensitive and control columns, a derived
 * column that does not type (fair_db_setup_schema's error), a sensitive
 * column that is the target or the decisions, pred= or score= naming the
 * target, a column @schema (with the derived ones) does not have
 * (FAIR_ENOTFOUND), an expression that does not parse, FAIR_ENOMEM. */
fair_stream_counter *fair_stream_counter_new(const fair_frame *schema, const fair_db_setup *setup,
                                             const fair_db_push *p, fair_error *err);
void        fair_stream_counter_free(fair_stream_counter *c);   /* NULL is a no-op */

/* The columns of the source the counter reads (key columns, the weights
 * and the columns the expressions use, not the derived ones), in *@names
 * (borrowed, valid while @c lives); returns how many. Pass them to
 * fair_csv_stream so that the other columns are not converted. */
size_t      fair_stream_counter_columns(const fair_stream_counter *c, const char *const **names);

/* Counts the rows of @chunk: the derived columns computed, the filters
 * applied, then one count per combination of the key columns' values
 * (missing values are a value of their own), with the sum of the weights
 * and of their squares when p->weight is set. A text column's values keep
 * the order of first appearance over the chunks. @chunk NULL starts again
 * from zero (what fair_csv_sink asks for). Errors: an expression's
 * (prefixed "derive NAME" or "filter"), FAIR_ENOTFOUND (a key column the
 * chunk lacks), FAIR_EINVAL (a cut column not numeric, a column whose type
 * changes between chunks, the weights column not numeric, a missing,
 * negative or infinite weight, naming its row), FAIR_ENOMEM. After an
 * error the counts are incomplete: reset or free the counter. */
int         fair_stream_counter_add(fair_stream_counter *c, const fair_frame *chunk, fair_error *err);
/* Rows handed to fair_stream_counter_add since the start (before the
 * filters), and the combinations counted (after them). */
size_t      fair_stream_counter_rows(const fair_stream_counter *c);
size_t      fair_stream_counter_size(const fair_stream_counter *c);

/* The counts as a new frame (caller unrefs), one row per combination, as
 * the pushdown query returns them: the key columns (named as the columns,
 * text ones categorical with the levels that occur in the order of first
 * appearance, cut ones numeric 0/1), FAIR_DB_COUNT, and with weights
 * FAIR_DB_WSUM and FAIR_DB_W2; rows sorted by the key columns (numbers
 * ascending, text in level order, missing last). No rows when nothing was
 * counted. FAIR_ENOMEM. */
fair_frame *fair_stream_counter_frame(const fair_stream_counter *c, fair_error *err);

/* One pass over the CSV file @path (plain or compressed, read with @o as
 * fair_csv_stream reads it; @o->prog records the bytes and cancels): the
 * counts of fair_stream_counter_frame, or NULL with @err set (the
 * counter's errors, then the reader's). *@info (may be NULL) gets the
 * reader's figures (skipped rows, infinite values), *@rows (may be NULL)
 * the rows read before the filters. */
fair_frame *fair_stream_count_csv(const char *path, const fair_csv_opts *o, const fair_frame *schema,
                                  const fair_db_setup *setup, const fair_db_push *p, fair_csv_info *info,
                                  size_t *rows, fair_error *err);

/* The columns of the CSV file @path as fair_csv_stream types the first
 * chunk of rows (read with @o): a new frame without rows, for the
 * @schema above; the file's errors as fair_csv_stream gives them. */
fair_frame *fair_stream_csv_schema(const char *path, const fair_csv_opts *o, fair_error *err);

#endif
