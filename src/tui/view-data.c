/* view-data.c -- `view data`: the dataset as a scrollable table. Rows are
 * reached through a permutation (sort) and a filtered copy of it (group
 * filter); only the rows and columns on screen are formatted, so the view
 * stays instant on a million rows. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "out/out.h"
#include "tui/tui-private.h"

#define MAXW 28          /* widest column shown */
#define TOP 3            /* title, names, types */

struct dv {
	const struct tui_data_src *src;
	const fair_frame *f;
	size_t ncols, nrows;
	size_t *perm, nperm;     /* shown rows in sort order */
	size_t *vis, nvis;       /* perm filtered by group */
	int   *w;                /* column widths */
	int    numw;             /* width of the row-number column */
	long   sort_col;         /* -1 = file order */
	bool   sort_desc;
	long   filter_g;         /* -1 = all groups */
	size_t top, cur, ccol, lcol;
	char   search[128];
	char   msg[256];
};

static const char *
type_tag(const fair_column *c)
{
	if (fair_column_type(c) == FAIR_COL_NUMERIC)
		return fair_column_is_binary(c) ? "num/bin" : "num";
	return fair_column_is_binary(c) ? "cat/bin" : "cat";
}

static const char *
cell(const fair_column *c, size_t row, char *buf, size_t len)
{
	if (fair_column_is_missing(c, row))
		return "NA";
	if (fair_column_type(c) == FAIR_COL_NUMERIC) {
		snprintf(buf, len, "%.10g", fair_column_values(c)[row]);
		return buf;
	}
	return fair_column_level(c, (size_t)fair_column_codes(c)[row]);
}

static void
widths(struct dv *v)
{
	char buf[64];

	for (size_t j = 0; j < v->ncols; j++) {
		const fair_column *c = fair_frame_column(v->f, j);
		/* widths as shown: escaped (a control byte takes four columns) */
		int w = (int)out_escaped_value_width(fair_column_name(c)) + 1;   /* room for the sort arrow */
		if ((int)strlen(type_tag(c)) > w)
			w = (int)strlen(type_tag(c));
		if (fair_column_type(c) == FAIR_COL_CATEGORICAL) {
			for (size_t k = 0; k < fair_column_nlevels(c); k++)
				if ((int)out_escaped_value_width(fair_column_level(c, k)) > w)
					w = (int)out_escaped_value_width(fair_column_level(c, k));
		} else {
			/* numbers: a sample spread over the column */
			size_t step = v->nrows / 2000 + 1;
			for (size_t i = 0; i < v->nrows; i += step) {
				int l = (int)strlen(cell(c, i, buf, sizeof buf));
				if (l > w)
					w = l;
			}
		}
		if (w < 2)
			w = 2;
		v->w[j] = w > MAXW ? MAXW : w;
	}
	snprintf(buf, sizeof buf, "%zu", v->nrows);
	v->numw = (int)strlen(buf);
}

/* ---- sort ---- */

struct sort_ctx {
	const double  *num;
	const int32_t *code;
	const size_t  *rank;     /* level -> position in alphabetical order */
	bool desc;
};

static int
cmp_rows(const void *pa, const void *pb, void *arg)
{
	const struct sort_ctx *s = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int r = 0;

	if (s->num) {
		double x = s->num[a], y = s->num[b];
		bool mx = isnan(x), my = isnan(y);
		if (mx || my)                  /* missing last, whatever the direction */
			r = mx && my ? 0 : mx ? 1 : -1;
		else
			r = s->desc ? (y > x) - (y < x) : (x > y) - (x < y);
	} else {
		int32_t x = s->code[a], y = s->code[b];
		if (x < 0 || y < 0)
			r = x < 0 && y < 0 ? 0 : x < 0 ? 1 : -1;
		else {
			size_t rx = s->rank[x], ry = s->rank[y];
			r = s->desc ? (ry > rx) - (ry < rx) : (rx > ry) - (rx < ry);
		}
	}
	if (r == 0)                        /* stable: file order among equals */
		r = (a > b) - (a < b);
	return r;
}

static const fair_column *cmp_levels_col;

static int
cmp_levels(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	return strcmp(fair_column_level(cmp_levels_col, a), fair_column_level(cmp_levels_col, b));
}

static void
apply_filter(struct dv *v)
{
	const int32_t *g = v->src->group;

	if (v->filter_g < 0 || g == NULL) {
		memcpy(v->vis, v->perm, v->nperm * sizeof *v->vis);
		v->nvis = v->nperm;
		return;
	}
	v->nvis = 0;
	for (size_t i = 0; i < v->nperm; i++)
		if (g[v->perm[i]] == (int32_t)v->filter_g)
			v->vis[v->nvis++] = v->perm[i];
}

/* Keeps the row under the cursor selected across sort and filter changes. */
static void
refocus(struct dv *v, size_t row)
{
	v->cur = 0;
	for (size_t i = 0; i < v->nvis; i++)
		if (v->vis[i] == row) {
			v->cur = i;
			break;
		}
}

static void
sort_by(struct dv *v, size_t j)
{
	const fair_column *c = fair_frame_column(v->f, j);
	struct sort_ctx s = { 0 };
	size_t *rank = NULL, *order = NULL, nl = fair_column_nlevels(c);

	if ((long)j == v->sort_col)
		v->sort_desc = !v->sort_desc;
	else
		v->sort_desc = false;
	v->sort_col = (long)j;
	s.desc = v->sort_desc;
	if (fair_column_type(c) == FAIR_COL_NUMERIC) {
		s.num = fair_column_values(c);
	} else {
		rank = malloc((nl ? nl : 1) * sizeof *rank);
		order = malloc((nl ? nl : 1) * sizeof *order);
		if (rank == NULL || order == NULL) {
			snprintf(v->msg, sizeof v->msg, "out of memory");
			goto out;
		}
		for (size_t k = 0; k < nl; k++)
			order[k] = k;
		cmp_levels_col = c;
		qsort(order, nl, sizeof *order, cmp_levels);
		for (size_t k = 0; k < nl; k++)
			rank[order[k]] = k;
		s.code = fair_column_codes(c);
		s.rank = rank;
	}
	qsort_r(v->perm, v->nperm, sizeof *v->perm, cmp_rows, &s);
	snprintf(v->msg, sizeof v->msg, "sorted by %s (%s, missing last)", fair_column_name(c),
	         v->sort_desc ? "descending" : "ascending");
out:
	free(rank);
	free(order);
}

/* ---- search ---- */

static bool
row_matches(const struct dv *v, size_t row, const unsigned char *const *lvl, bool numeric_ok,
            bool na_ok, size_t *col)
{
	char buf[64];

	for (size_t j = 0; j < v->ncols; j++) {
		const fair_column *c = fair_frame_column(v->f, j);
		if (fair_column_is_missing(c, row)) {
			if (na_ok) {
				*col = j;
				return true;
			}
			continue;
		}
		if (fair_column_type(c) == FAIR_COL_CATEGORICAL) {
			if (lvl[j][fair_column_codes(c)[row]]) {
				*col = j;
				return true;
			}
		} else if (numeric_ok && strcasestr(cell(c, row, buf, sizeof buf), v->search)) {
			*col = j;
			return true;
		}
	}
	return false;
}

/* Moves to the next (dir 1) or previous (-1) row with a cell containing the
 * search text, wrapping around. */
static void
search(struct dv *v, int dir)
{
	unsigned char **lvl = calloc(v->ncols, sizeof *lvl);
	bool numeric_ok = strspn(v->search, "0123456789.-+eE") == strlen(v->search);
	bool na_ok = strcasestr("NA", v->search) != NULL;
	size_t col = 0;

	if (v->search[0] == '\0' || v->nvis == 0 || lvl == NULL) {
		free(lvl);
		return;
	}
	for (size_t j = 0; j < v->ncols; j++) {
		const fair_column *c = fair_frame_column(v->f, j);
		size_t nl = fair_column_nlevels(c);
		if (fair_column_type(c) != FAIR_COL_CATEGORICAL)
			continue;
		lvl[j] = calloc(nl ? nl : 1, 1);
		if (lvl[j] == NULL)
			goto out;
		for (size_t k = 0; k < nl; k++)
			lvl[j][k] = strcasestr(fair_column_level(c, k), v->search) != NULL;
	}
	for (size_t step = 1; step <= v->nvis; step++) {
		size_t i = dir > 0 ? (v->cur + step) % v->nvis : (v->cur + v->nvis - step % v->nvis) % v->nvis;
		if (row_matches(v, v->vis[i], (const unsigned char *const *)lvl, numeric_ok, na_ok, &col)) {
			v->cur = i;
			v->ccol = col;
			snprintf(v->msg, sizeof v->msg, "/%s: row %zu%s", v->search, v->vis[i] + 1,
			         (dir > 0 && i <= v->cur && step > 1 && i < step) ? " (wrapped)" : "");
			goto out;
		}
	}
	snprintf(v->msg, sizeof v->msg, "/%s: not found", v->search);
out:
	for (size_t j = 0; j < v->ncols; j++)
		free(lvl[j]);
	free(lvl);
}

/* ---- drawing ---- */

static int
body_height(void)
{
	int h = LINES - TOP - 1;
	return h < 1 ? 1 : h;
}

static void
fit(struct dv *v)
{
	size_t h = (size_t)body_height();
	int avail = COLS - v->numw - 1, used = 0;

	if (v->nvis == 0)
		v->cur = v->top = 0;
	else if (v->cur >= v->nvis)
		v->cur = v->nvis - 1;
	if (v->cur < v->top)
		v->top = v->cur;
	if (v->cur >= v->top + h)
		v->top = v->cur - h + 1;
	if (v->ccol >= v->ncols)
		v->ccol = v->ncols ? v->ncols - 1 : 0;
	if (v->ccol < v->lcol)
		v->lcol = v->ccol;
	for (;;) {
		used = 0;
		for (size_t j = v->lcol; j <= v->ccol; j++)
			used += v->w[j] + 2;
		if (used <= avail || v->lcol == v->ccol)
			break;
		v->lcol++;
	}
}

static void
draw(void *self)
{
	struct dv *v = self;
	char buf[512], num[64];
	int h = body_height(), x;
	attr_t miss = tui_attr(TUI_C_MISSING, A_BOLD) | A_BOLD, head = tui_attr(TUI_C_HEADER, A_REVERSE);

	fit(v);
	erase();
	attron(A_BOLD);
	if (v->filter_g >= 0)
		snprintf(buf, sizeof buf, "%zu of %zu rows (group %s) x %zu columns -- %s", v->nvis, v->nperm,
		         v->src->labels[v->filter_g], v->ncols, v->src->title);
	else
		snprintf(buf, sizeof buf, "%zu rows x %zu columns -- %s", v->nvis, v->ncols, v->src->title);
	tui_put(0, 0, COLS, buf);
	attroff(A_BOLD);
	/* header: names then types */
	attron(head);
	mvhline(1, 0, ' ', COLS);
	mvprintw(1, 0, "%*s", v->numw, "#");
	attroff(head);
	mvprintw(2, 0, "%*s", v->numw, "");
	x = v->numw + 1;
	for (size_t j = v->lcol; j < v->ncols && x < COLS; j++) {
		const fair_column *c = fair_frame_column(v->f, j);
		const char *arrow = (long)j != v->sort_col ? "" : v->sort_desc ? (tui_utf8 ? "\u2193" : "v")
		                                                               : (tui_utf8 ? "\u2191" : "^");
		int w = v->w[j];
		attron(head);
		if (j == v->ccol)
			attron(A_BOLD | A_UNDERLINE);
		snprintf(buf, sizeof buf, "%s%s", fair_column_name(c), arrow);
		tui_cell(1, x, w < COLS - x ? w : COLS - x, buf, fair_column_type(c) == FAIR_COL_NUMERIC);
		attroff(A_BOLD | A_UNDERLINE);
		attroff(head);
		attron(A_DIM);
		if (fair_column_type(c) == FAIR_COL_NUMERIC)
			tui_printf(2, x, COLS - x, "%*s", w, type_tag(c));
		else
			tui_printf(2, x, COLS - x, "%-*s", w, type_tag(c));
		attroff(A_DIM);
		x += w + 2;
	}
	/* rows */
	for (int i = 0; i < h && v->top + (size_t)i < v->nvis; i++) {
		size_t k = v->top + (size_t)i, row = v->vis[k];
		int y = TOP + i;
		bool sel = k == v->cur;
		if (sel) {
			attron(A_REVERSE);
			mvhline(y, 0, ' ', COLS);
		}
		attron(A_DIM);
		mvprintw(y, 0, "%*zu", v->numw, row + 1);
		attroff(A_DIM);
		x = v->numw + 1;
		for (size_t j = v->lcol; j < v->ncols && x < COLS; j++) {
			const fair_column *c = fair_frame_column(v->f, j);
			const char *t = cell(c, row, num, sizeof num);
			bool na = fair_column_is_missing(c, row);
			int w = v->w[j];
			if (na)
				attron(miss);
			if (sel && j == v->ccol)
				attron(A_UNDERLINE | A_BOLD);
			tui_cell(y, x, w < COLS - x ? w : COLS - x, t, fair_column_type(c) == FAIR_COL_NUMERIC || na);
			attroff(A_UNDERLINE | A_BOLD);
			if (na)
				attroff(miss);
			if (sel)
				attron(A_REVERSE);
			x += w + 2;
		}
		if (sel)
			attroff(A_REVERSE);
	}
	if (v->nvis == 0)
		tui_put(TOP, 0, COLS, "(no rows)");
	if (v->msg[0])
		snprintf(buf, sizeof buf, " %s", v->msg);
	else
		snprintf(buf, sizeof buf, " row %zu/%zu  col %zu/%zu %s", v->nvis ? v->cur + 1 : 0, v->nvis,
		         v->ccol + 1, v->ncols, v->ncols ? fair_column_name(fair_frame_column(v->f, v->ccol)) : "");
	tui_status(buf, v->msg[0] ? "? keys  q quit " : "/ search  s sort  f group  ? keys  q quit ");
	refresh();
}

static const char *const help_lines[] = {
	"Up/Down, j/k       previous / next row",
	"PgUp/PgDn, Space   page up / down",
	"Home/End, g/G      first / last row",
	"Left/Right, h/l    previous / next column",
	"0 / $              first / last column",
	"/TEXT              search cells for TEXT (case-insensitive)",
	"n / N              next / previous match",
	"s                  sort by the current column (again: reverse)",
	"o                  back to file order",
	"f                  show one group of the sensitive attribute (cycles)",
	"a                  show all groups",
	"?                  this help",
	"q                  back to the prompt",
	NULL
};

/* Resets the row order to the file order (the kept rows). */
static void
file_order(struct dv *v)
{
	v->nperm = 0;
	for (size_t i = 0; i < v->nrows; i++)
		if (v->src->keep == NULL || v->src->keep[i])
			v->perm[v->nperm++] = i;
}

static int
key(void *self, int c, int *action)
{
	struct dv *v = self;
	size_t page = (size_t)body_height(), row;

	(void)action;
	v->msg[0] = '\0';
	row = v->nvis ? v->vis[v->cur] : 0;
	switch (c) {
	case KEY_UP: case 'k': if (v->cur > 0) v->cur--; break;
	case KEY_DOWN: case 'j': if (v->cur + 1 < v->nvis) v->cur++; break;
	case KEY_PPAGE: v->cur = v->cur > page ? v->cur - page : 0; v->top = v->top > page ? v->top - page : 0; break;
	case KEY_NPAGE: case ' ':
		v->cur += page;
		v->top += page;
		if (v->nvis && v->cur >= v->nvis)
			v->cur = v->nvis - 1;
		if (v->top > v->cur)
			v->top = v->cur;
		break;
	case KEY_HOME: case 'g': v->cur = 0; break;
	case KEY_END: case 'G': v->cur = v->nvis ? v->nvis - 1 : 0; break;
	case KEY_LEFT: case 'h': if (v->ccol > 0) v->ccol--; break;
	case KEY_RIGHT: case 'l': if (v->ccol + 1 < v->ncols) v->ccol++; break;
	case '0': case '^': v->ccol = 0; break;
	case '$': v->ccol = v->ncols ? v->ncols - 1 : 0; break;
	case '/': {
		char text[128];
		if (tui_prompt("/", text, sizeof text) && text[0]) {
			snprintf(v->search, sizeof v->search, "%s", text);
			search(v, 1);
		}
		break;
	}
	case 'n': case 'N':
		if (v->search[0] == '\0')
			snprintf(v->msg, sizeof v->msg, "no search yet: type / and a text");
		else
			search(v, c == 'n' ? 1 : -1);
		break;
	case 's':
		if (v->ncols == 0)
			break;
		sort_by(v, v->ccol);
		apply_filter(v);
		v->cur = v->top = 0;
		break;
	case 'o':
		file_order(v);
		v->sort_col = -1;
		apply_filter(v);
		v->cur = v->top = 0;
		snprintf(v->msg, sizeof v->msg, "file order");
		break;
	case 'f':
		if (v->src->group == NULL || v->src->K == 0) {
			snprintf(v->msg, sizeof v->msg, "no sensitive attribute set (use 'sensitive COLUMN')");
			break;
		}
		v->filter_g = v->filter_g + 1 >= (long)v->src->K ? -1 : v->filter_g + 1;
		apply_filter(v);
		v->cur = v->top = 0;
		if (v->filter_g >= 0)
			snprintf(v->msg, sizeof v->msg, "group %s: %zu rows (f: next group, a: all)",
			         v->src->labels[v->filter_g], v->nvis);
		else
			snprintf(v->msg, sizeof v->msg, "all groups: %zu rows", v->nvis);
		break;
	case 'a':
		v->filter_g = -1;
		apply_filter(v);
		refocus(v, row);
		snprintf(v->msg, sizeof v->msg, "all groups: %zu rows", v->nvis);
		break;
	default:
		return TUI_IGNORED;
	}
	return TUI_HANDLED;
}

int
tui_view_data(const struct tui_data_src *src, const struct tui_opts *o, fair_error *err)
{
	struct dv v;
	const struct tui_view view = { "view data: keys", help_lines, 0, &v, draw, key };
	int rv = TUI_FAILED;

	memset(&v, 0, sizeof v);
	v.src = src;
	v.f = src->frame;
	v.ncols = fair_frame_ncols(v.f);
	v.nrows = fair_frame_nrows(v.f);
	v.sort_col = -1;
	v.filter_g = -1;
	v.perm = malloc((v.nrows ? v.nrows : 1) * sizeof *v.perm);
	v.vis = malloc((v.nrows ? v.nrows : 1) * sizeof *v.vis);
	v.w = calloc(v.ncols ? v.ncols : 1, sizeof *v.w);
	if (v.perm == NULL || v.vis == NULL || v.w == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	file_order(&v);
	apply_filter(&v);
	widths(&v);
	rv = tui_run(&view, o, err);
out:
	free(v.perm);
	free(v.vis);
	free(v.w);
	return rv;
}
