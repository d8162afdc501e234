/* table.c -- render out_table as aligned text, CSV or Markdown. Widths are
 * measured in UTF-8 code points so labels with accents stay aligned. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
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

char *
out_fmt_num(double v, int digits, char *buf, size_t len)
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
		if (strchr(buf, '.') != NULL) {
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

void
out_table_num(struct out_table *t, size_t row, size_t col, double v, int digits)
{
	char b[64];
	struct out_cell *c = cell(t, row, col);

	c->text = strdup(out_fmt_num(v, digits, b, sizeof b));
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

void
out_table_print_text(FILE *fp, const struct out_table *t)
{
	size_t *w = calloc(t->ncols ? t->ncols : 1, sizeof *w);

	if (w == NULL)
		return;
	for (size_t j = 0; j < t->ncols; j++) {
		w[j] = u8len(t->cols[j]);
		for (size_t i = 0; i < t->nrows; i++) {
			size_t l = u8len(celltext(t, i, j));
			if (l > w[j])
				w[j] = l;
		}
	}
	if (t->title) {
		/* a title may start with blank lines of its own (program text) */
		const char *ti = t->title;
		for (; *ti == '\n'; ti++)
			fputc('\n', fp);
		out_put_escaped(fp, ti);
		fputc('\n', fp);
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t j = 0; j < t->ncols; j++) {
			const char *s = t->cols[j];
			size_t pad = w[j] - u8len(s);
			if (pass == 0) {
				if (t->right[j])
					{ fprintf(fp, "%*s", (int)pad, ""); put_safe(fp, s); }
				else
					{ put_safe(fp, s); fprintf(fp, "%*s", j + 1 < t->ncols ? (int)pad : 0, ""); }
			} else {
				for (size_t k = 0; k < w[j]; k++)
					fputc('-', fp);
			}
			if (j + 1 < t->ncols)
				fputs("  ", fp);
		}
		fputc('\n', fp);
	}
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t j = 0; j < t->ncols; j++) {
			const char *s = celltext(t, i, j);
			size_t pad = w[j] - u8len(s);
			if (t->right[j])
				{ fprintf(fp, "%*s", (int)pad, ""); put_safe(fp, s); }
			else
				{ put_safe(fp, s); fprintf(fp, "%*s", j + 1 < t->ncols ? (int)pad : 0, ""); }
			if (j + 1 < t->ncols)
				fputs("  ", fp);
		}
		fputc('\n', fp);
	}
	free(w);
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
