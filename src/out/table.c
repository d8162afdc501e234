/* table.c -- render out_table as aligned text, CSV or Markdown. Widths are
 * measured in UTF-8 code points so labels with accents stay aligned. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "out/out.h"

struct out_table *
out_table_new(const char *title, size_t ncols, const char *const *cols)
{
	struct out_table *t = calloc(1, sizeof *t);

	if (t == NULL)
		return NULL;
	t->title = title ? strdup(title) : NULL;
	t->ncols = ncols;
	t->cols = calloc(ncols, sizeof *t->cols);
	t->right = calloc(ncols, sizeof *t->right);
	if (t->cols == NULL || t->right == NULL) {
		out_table_free(t);
		return NULL;
	}
	for (size_t j = 0; j < ncols; j++)
		t->cols[j] = strdup(cols[j]);
	return t;
}

void
out_table_free(struct out_table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].text);
	free(t->cells);
	for (size_t j = 0; j < t->ncols; j++)
		free(t->cols[j]);
	free(t->cols);
	free(t->right);
	free(t->title);
	free(t);
}

size_t
out_table_row(struct out_table *t)
{
	if (t->nrows == t->caprows) {
		size_t ncap = t->caprows ? 2 * t->caprows : 16;
		struct out_cell *p = realloc(t->cells, ncap * t->ncols * sizeof *p);
		if (p == NULL)
			abort();   /* front end: out of memory while printing */
		t->cells = p;
		t->caprows = ncap;
	}
	memset(t->cells + t->nrows * t->ncols, 0, t->ncols * sizeof *t->cells);
	return t->nrows++;
}

static struct out_cell *
cell(struct out_table *t, size_t row, size_t col)
{
	struct out_cell *c = &t->cells[row * t->ncols + col];
	free(c->text);
	memset(c, 0, sizeof *c);
	return c;
}

void
out_table_str(struct out_table *t, size_t row, size_t col, const char *s)
{
	cell(t, row, col)->text = strdup(s ? s : "");
}

static char *
fmt_num(double v, int digits, bool keep_zeros, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "n/a");
	else if (isinf(v))
		snprintf(buf, len, v > 0 ? "inf" : "-inf");
	else if (v == 0)
		snprintf(buf, len, "0");
	else if (fabs(v) >= 1e-4 && fabs(v) < 1e7 && digits > 0) {
		/* fixed notation with `digits` significant digits, trailing zeros cut */
		int mag = (int)floor(log10(fabs(v)));
		int dec = digits - 1 - mag;
		if (dec < 0)
			dec = 0;
		snprintf(buf, len, "%.*f", dec, v);
		/* rounded up to the next power of ten (0.9996 -> 1.000): one
		 * decimal fewer keeps the significant digits (1.00) */
		if (dec > 0 && fabs(strtod(buf, NULL)) >= pow(10, mag + 1))
			snprintf(buf, len, "%.*f", --dec, v);
		if (strchr(buf, '.') != NULL && !keep_zeros) {
			char *e = buf + strlen(buf) - 1;
			while (*e == '0')
				*e-- = '\0';
			if (*e == '.')
				*e = '\0';
		}
		if (strcmp(buf, "-0") == 0)
			snprintf(buf, len, "0");
	} else
		snprintf(buf, len, "%.*g", digits > 0 ? digits : 6, v);
	return buf;
}

char *
out_fmt_num(double v, int digits, char *buf, size_t len)
{
	return fmt_num(v, digits, false, buf, len);
}

char *
out_fmt_sig(double v, int digits, char *buf, size_t len)
{
	return fmt_num(v, digits, true, buf, len);
}

void
out_table_num(struct out_table *t, size_t row, size_t col, double v, int digits)
{
	char b[64];
	struct out_cell *c = cell(t, row, col);

	/* a figure (a few digits) shows all its significant digits, so the
	 * numbers of a column line up; a datum (many) is shown shortest */
	c->text = strdup(digits <= 5 ? out_fmt_sig(v, digits, b, sizeof b) : out_fmt_num(v, digits, b, sizeof b));
	c->num = v;
	c->is_num = !isnan(v) && !isinf(v);
	c->is_null = !c->is_num;
	t->right[col] = true;
}

void
out_table_num_shown(struct out_table *t, size_t row, size_t col, double v, const char *shown)
{
	struct out_cell *c = cell(t, row, col);

	c->text = strdup(shown ? shown : "");
	c->num = v;
	c->is_num = !isnan(v) && !isinf(v);
	c->is_null = !c->is_num;
	t->right[col] = true;
}

void
out_table_int(struct out_table *t, size_t row, size_t col, long long v)
{
	char b[32];
	struct out_cell *c = cell(t, row, col);

	snprintf(b, sizeof b, "%lld", v);
	c->text = strdup(b);
	c->num = (double)v;
	c->is_num = true;
	t->right[col] = true;
}

void
out_table_null(struct out_table *t, size_t row, size_t col, const char *shown)
{
	struct out_cell *c = cell(t, row, col);

	c->text = strdup(shown ? shown : "n/a");
	c->is_null = true;
}

/* Cells, names and titles are shown with the one rule of escape.c: a
 * crafted value cannot drive the terminal or break the alignment; the
 * spaces at either end of a cell or a name are shown as \x20. */
#define put_safe out_put_escaped_value
#define u8len out_escaped_value_width

static const char *
celltext(const struct out_table *t, size_t i, size_t j)
{
	const char *s = t->cells[i * t->ncols + j].text;
	return s ? s : "";
}

/* Where the decimal point of a number shown as @s is: the index of its
 * '.', or where the digits end ("1030", "1030*", "5e-06"); -1 when @s is
 * not a number ("n/a", "inf", a label), which is right-aligned whole. */
static long
point_of(const char *s)
{
	size_t i = s[0] == '-' ? 1 : 0;

	if (s[i] < '0' || s[i] > '9')
		return -1;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	return (long)i;
}

/* The widths of the columns: a number column is split at the decimal
 * point, @lw[j] columns before it and @rw[j] from it on. */
static void
measure(const struct out_table *t, size_t *w, size_t *lw, size_t *rw)
{
	for (size_t j = 0; j < t->ncols; j++) {
		size_t other = 0;
		lw[j] = rw[j] = 0;
		for (size_t i = 0; i < t->nrows; i++) {
			const char *s = celltext(t, i, j);
			size_t l = u8len(s);
			long p = t->right[j] ? point_of(s) : -1;
			if (p < 0) {
				if (l > other)
					other = l;
			} else {
				if ((size_t)p > lw[j])
					lw[j] = (size_t)p;
				if (l - (size_t)p > rw[j])
					rw[j] = l - (size_t)p;
			}
		}
		w[j] = u8len(t->cols[j]);
		if (other > w[j])
			w[j] = other;
		if (lw[j] + rw[j] > w[j])
			w[j] = lw[j] + rw[j];
	}
}

/* One line of the columns @col[0..n): the header (@row SIZE_MAX), the
 * rule (SIZE_MAX - 1) or a row; no spaces at its end. */
static void
print_line(FILE *fp, const struct out_table *t, const size_t *col, size_t n, size_t row, const size_t *w,
           const size_t *lw, const size_t *rw)
{
	size_t owed = 0;   /* spaces to print before the next visible text */

	for (size_t k = 0; k < n; k++) {
		size_t j = col[k];
		if (k)
			owed += 2;
		if (row == SIZE_MAX - 1) {
			fprintf(fp, "%*s", (int)owed, "");
			owed = 0;
			for (size_t c = 0; c < w[j]; c++)
				fputc('-', fp);
			continue;
		}
		const char *s = row == SIZE_MAX ? t->cols[j] : celltext(t, row, j);
		size_t l = u8len(s), before, after;
		long p = row != SIZE_MAX && t->right[j] ? point_of(s) : -1;
		if (p >= 0) {
			/* on the decimal point, the block of numbers right-aligned */
			size_t block = lw[j] + rw[j];
			before = w[j] - block + lw[j] - (size_t)p;
			after = w[j] - before - l;
		} else if (t->right[j]) {
			before = w[j] - l;
			after = 0;
		} else {
			before = 0;
			after = w[j] - l;
		}
		owed += before;
		if (l) {
			fprintf(fp, "%*s", (int)owed, "");
			owed = 0;
			put_safe(fp, s);
		}
		owed += after;
	}
	fputc('\n', fp);
}

static void
print_block(FILE *fp, const struct out_table *t, const size_t *col, size_t n, const size_t *w, const size_t *lw,
            const size_t *rw)
{
	print_line(fp, t, col, n, SIZE_MAX, w, lw, rw);
	print_line(fp, t, col, n, SIZE_MAX - 1, w, lw, rw);
	for (size_t i = 0; i < t->nrows; i++)
		print_line(fp, t, col, n, i, w, lw, rw);
}

/* @t with its rows as columns: the first column's cells become the
 * headers, the other columns' names the first column. */
static struct out_table *
transposed(const struct out_table *t)
{
	const char **cols = calloc(t->nrows + 1, sizeof *cols);
	struct out_table *u;

	if (cols == NULL)
		return NULL;
	cols[0] = t->cols[0];
	for (size_t i = 0; i < t->nrows; i++)
		cols[i + 1] = celltext(t, i, 0);
	u = out_table_new(NULL, t->nrows + 1, cols);
	free(cols);
	for (size_t j = 1; u && j < t->ncols; j++) {
		size_t r = out_table_row(u);
		out_table_str(u, r, 0, t->cols[j]);
		for (size_t i = 0; i < t->nrows; i++) {
			const struct out_cell *c = &t->cells[i * t->ncols + j];
			struct out_cell *d = &u->cells[r * u->ncols + i + 1];
			*d = *c;
			d->text = strdup(celltext(t, i, j));
			if (t->right[j])
				u->right[i + 1] = true;
		}
	}
	return u;
}

void
out_table_print_text_width(FILE *fp, const struct out_table *t, size_t width)
{
	size_t nc = t->ncols ? t->ncols : 1;
	size_t *w = calloc(nc, sizeof *w), *lw = calloc(nc, sizeof *lw), *rw = calloc(nc, sizeof *rw);
	size_t *col = calloc(nc, sizeof *col), total = 0;

	if (w == NULL || lw == NULL || rw == NULL || col == NULL)
		goto out;
	measure(t, w, lw, rw);
	for (size_t j = 0; j < t->ncols; j++)
		total += w[j] + (j ? 2 : 0);
	if (t->title) {
		/* a title may start with blank lines of its own (program text) */
		const char *ti = t->title;
		for (; *ti == '\n'; ti++)
			fputc('\n', fp);
		out_put_wrapped_line(fp, ti, width, 2);
	}
	if (width == 0 || total <= width || t->ncols < 2) {
		for (size_t j = 0; j < t->ncols; j++)
			col[j] = j;
		print_block(fp, t, col, t->ncols, w, lw, rw);
		goto out;
	}
	if (t->transpose && t->nrows > 0) {
		struct out_table *u = transposed(t);
		if (u != NULL) {
			out_table_print_text_width(fp, u, width);
			out_table_free(u);
			goto out;
		}
	}
	/* wrapped: the columns in blocks that fit, each led by the first
	 * column; a column wider than the terminal gets a block of its own */
	for (size_t j = 1; j < t->ncols;) {
		size_t n = 1, used = w[0];
		col[0] = 0;
		while (j < t->ncols && (n == 1 || used + 2 + w[j] <= width)) {
			used += 2 + w[j];
			col[n++] = j++;
		}
		if (col[1] > 1)
			fputc('\n', fp);
		print_block(fp, t, col, n, w, lw, rw);
	}
out:
	free(w);
	free(lw);
	free(rw);
	free(col);
}

void
out_table_print_text(FILE *fp, const struct out_table *t)
{
	out_table_print_text_width(fp, t, 0);
}

void
out_csv_field(FILE *fp, const char *s)
{
	if (strpbrk(s, ",\"\n\r") == NULL && s[0] != ' ' && (s[0] == '\0' || s[strlen(s) - 1] != ' ')) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

void
out_table_print_csv(FILE *fp, const struct out_table *t)
{
	for (size_t j = 0; j < t->ncols; j++) {
		if (j)
			fputc(',', fp);
		out_csv_field(fp, t->cols[j]);
	}
	fputc('\n', fp);
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t j = 0; j < t->ncols; j++) {
			const struct out_cell *c = &t->cells[i * t->ncols + j];
			if (j)
				fputc(',', fp);
			if (c->is_num) {
				char b[40];
				fputs(out_fmt_shortest(c->num, b, sizeof b), fp);
			} else if (c->is_null)
				fputs("", fp);
			else
				out_csv_field(fp, celltext(t, i, j));
		}
		fputc('\n', fp);
	}
}

static void
md_cell(FILE *fp, const char *s)
{
	char *e = out_escaped_value(s);

	for (const char *p = e ? e : ""; *p; p++) {
		if (*p == '|')
			fputs("\\|", fp);
		else
			fputc(*p, fp);
	}
	free(e);
}

void
out_table_print_markdown(FILE *fp, const struct out_table *t)
{
	if (t->title) {
		fputs("**", fp);
		out_put_escaped(fp, t->title);
		fputs("**\n\n", fp);
	}
	fputc('|', fp);
	for (size_t j = 0; j < t->ncols; j++) {
		fputc(' ', fp);
		md_cell(fp, t->cols[j]);
		fputs(" |", fp);
	}
	fputs("\n|", fp);
	for (size_t j = 0; j < t->ncols; j++)
		fputs(t->right[j] ? " ---: |" : " --- |", fp);
	fputc('\n', fp);
	for (size_t i = 0; i < t->nrows; i++) {
		fputc('|', fp);
		for (size_t j = 0; j < t->ncols; j++) {
			fputc(' ', fp);
			md_cell(fp, celltext(t, i, j));
			fputs(" |", fp);
		}
		fputc('\n', fp);
	}
}
