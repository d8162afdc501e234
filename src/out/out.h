/* out.h -- tabular output shared by the shell and the views: a table of
 * cells rendered as aligned text, CSV or Markdown (JSON is in src/json). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_OUT_H
#define FAIRSH_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct out_cell {
	char  *text;     /* as printed in table/csv/markdown ("n/a" for undefined) */
	double num;      /* numeric value for JSON when is_num */
	bool   is_num;   /* JSON number (NaN -> null) */
	bool   is_null;  /* JSON null */
};

struct out_table {
	char   *title;          /* printed above a text table; NULL = none */
	size_t  ncols;
	char  **cols;           /* column names */
	bool   *right;          /* right-align (numbers) */
	size_t  nrows, caprows;
	struct out_cell *cells; /* nrows x ncols */
	bool    transpose;      /* text too wide for the terminal: rows as
	                           columns (a few models, many metrics) rather
	                           than the columns wrapped in blocks */
};

struct out_table *out_table_new(const char *title, size_t ncols, const char *const *cols);
void  out_table_free(struct out_table *t);
/* Appends an empty row and returns its index. */
size_t out_table_row(struct out_table *t);
void  out_table_str(struct out_table *t, size_t row, size_t col, const char *s);
/* Number with %.*g (digits) or "n/a" (NaN: JSON null). */
void  out_table_num(struct out_table *t, size_t row, size_t col, double v, int digits);
void  out_table_int(struct out_table *t, size_t row, size_t col, long long v);
/* Number @v (JSON, CSV) shown as @shown in text and Markdown ("1m02s"). */
void  out_table_num_shown(struct out_table *t, size_t row, size_t col, double v, const char *shown);
void  out_table_null(struct out_table *t, size_t row, size_t col, const char *shown);

void  out_table_print_text(FILE *fp, const struct out_table *t);
/* The same, no wider than @width terminal columns (0: no limit) where
 * the cells allow: a wider table is printed transposed (t->transpose) or
 * with its columns in blocks, each led by the first column. Numbers are
 * aligned on their decimal point; headers are never broken. */
void  out_table_print_text_width(FILE *fp, const struct out_table *t, size_t width);
void  out_table_print_csv(FILE *fp, const struct out_table *t);
void  out_table_print_markdown(FILE *fp, const struct out_table *t);
/* Writes @s as one CSV field (quoted when needed). */
void  out_csv_field(FILE *fp, const char *s);

/* ---- showing text from the data to a person (escape.c) ----------------
 * The rule is fair_text_escape (fairsh/text.h): control bytes as \xNN,
 * bidirectional and other invisible code points as \uXXXX. */
#include "fairsh/buf.h"
/* Appends @s escaped to @b (NULL: nothing). */
void   out_escape(fair_buf *b, const char *s);
/* The same, keeping newlines: for text whose lines are fairsh's own. */
void   out_escape_lines(fair_buf *b, const char *s);
/* @s escaped, a new string (caller frees). */
char  *out_escaped(const char *s);
void   out_put_escaped(FILE *fp, const char *s);
void   out_put_escaped_lines(FILE *fp, const char *s);
/* The terminal columns @s takes once escaped (one per code point). */
size_t out_escaped_width(const char *s);
/* One value (a cell, a level, a name in a list): the same, with the
 * spaces at its ends shown as \x20 (fair_text_escape_value). */
void   out_put_escaped_value(FILE *fp, const char *s);
char  *out_escaped_value(const char *s);
size_t out_escaped_value_width(const char *s);
/* @s escaped (keeping its newlines), each line longer than @width
 * columns (0: no limit) broken at spaces, the rest of it indented as the
 * line was plus @indent; ends with a newline. */
void   out_put_wrapped(FILE *fp, const char *s, size_t width, size_t indent);
/* The same for one line: a newline in @s is escaped too (\x0a), so data
 * in it cannot start a line of its own. */
void   out_put_wrapped_line(FILE *fp, const char *s, size_t width, size_t indent);
/* @s escaped, clipped and padded with spaces to @width columns, on the
 * left when @left, else right-aligned. */
void   out_put_padded(FILE *fp, const char *s, size_t width, bool left);

/* Formats a number for humans: %.4g-like but fixed for rates (0.3125). */
char *out_fmt_num(double v, int digits, char *buf, size_t len);
/* The same keeping the trailing zeros: always @digits significant digits
 * (0.7700 beside 0.8306); what out_table_num shows for digits <= 5. */
char *out_fmt_sig(double v, int digits, char *buf, size_t len);
/* Formats @v for machines (JSON, CSV): the shortest of %.15g, %.16g and
 * %.17g that strtod reads back to exactly @v ("nan", "inf", "-inf" for the
 * non-finite; callers print those as null or empty). 32 bytes always
 * suffice. Returns @buf. */
char *out_fmt_shortest(double v, char *buf, size_t len);

#endif
