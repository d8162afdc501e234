/* script.c -- the gnuplot script writer: terminal choice, per-group styles
 * (the same colour, dash type and point type for a group in every plot),
 * label quoting, and the data of the distribution and rate plots (histogram,
 * kernel density, ECDF, grouped rate bars) as inline blocks; ROC,
 * calibration and trade-off are in script-kinds.c. */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fairsh/spec.h"
#include "fairsh/stats.h"
#include "fairsh/text.h"
#include "plot/plot.h"
#include "plot/script-private.h"

/* ------------------------------------------------------------ writing -- */

void
wr(struct wr *w, const char *fmt, ...)
{
	va_list ap, aq;
	int n;

	if (w->bad)
		return;
	va_start(ap, fmt);
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || fair_buf_grow(w->b, (size_t)n + 1) < 0) {
		w->bad = 1;
		va_end(ap);
		return;
	}
	vsnprintf(w->b->buf + w->b->len, (size_t)n + 1, fmt, ap);
	w->b->len += (size_t)n;
	va_end(ap);
}

void
plot_quote(fair_buf *b, const char *s)
{
	fair_buf shown = FAIR_BUF_INIT;
	size_t k = 0, lead = 0;
	const char *p;

	/* the label as a person should see it (fairsh/text.h: no control
	 * bytes, \xNN and \uXXXX instead), then as gnuplot single-quoted text,
	 * which is never subject to backquote or macro substitution. gnuplot
	 * reads a string that starts with a doubled quote ('''s-Hertogenbosch')
	 * as an empty string and a second token: leading quotes are written as
	 * sprintf('%c', 39) joined to the rest, in parentheses (a string
	 * expression, accepted wherever a string is). */
	fair_text_escape(&shown, s, false);
	for (p = shown.buf; *p == '\'' && lead < 200; p++)
		lead++;
	if (lead) {
		fair_buf_add(b, "(sprintf('", 10);
		for (size_t i = 0; i < lead; i++)
			fair_buf_add(b, "%c", 2);
		fair_buf_add(b, "'", 1);
		for (size_t i = 0; i < lead; i++)
			fair_buf_add(b, ", 39", 4);
		fair_buf_add(b, ").", 2);
	}
	/* at most 200 characters (code points: never half of one) */
	k = lead;
	fair_buf_putc(b, '\'');
	for (; *p; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80 && k++ == 200)
			break;
		if (*p == '\'')
			fair_buf_putc(b, '\'');
		fair_buf_putc(b, *p);
	}
	if (*p)
		fair_buf_add(b, "...", 3);
	fair_buf_putc(b, '\'');
	if (lead)
		fair_buf_putc(b, ')');
	fair_buf_release(&shown);
}

/* Writes a quoted label (via plot_quote) followed by @after. */
void
wq(struct wr *w, const char *s, const char *after)
{
	if (w->bad)
		return;
	size_t before = w->b->len;
	plot_quote(w->b, s);
	if (w->b->len == before)
		w->bad = 1;
	wr(w, "%s", after);
}

/* A printf-formatted label, quoted. */
void
wqf(struct wr *w, const char *after, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	wq(w, tmp, after);
}

/* ----------------------------------------------------------- terminal -- */

static int
parse_size(const char *s, unsigned *w, unsigned *h)
{
	char *end;
	unsigned long a, b;

	if (s == NULL)
		return -1;
	a = strtoul(s, &end, 10);
	if (end == s || (*end != 'x' && *end != 'X' && *end != ','))
		return -1;
	s = end + 1;
	b = strtoul(s, &end, 10);
	if (end == s || *end)
		return -1;
	if (a < 10 || b < 5 || a > 20000 || b > 20000)
		return -1;
	*w = (unsigned)a;
	*h = (unsigned)b;
	return 0;
}

static bool
ends_with(const char *s, const char *ext)
{
	size_t n = strlen(s), m = strlen(ext);
	return n > m && strcasecmp(s + n - m, ext) == 0;
}

int
plot_term_choose(plot_term *t, const char *file, const char *setting, const char *size, bool display,
                 unsigned term_cols, unsigned term_lines, fair_error *err)
{
	bool given = size != NULL;
	unsigned w = 900, h = 500;

	memset(t, 0, sizeof *t);
	if (given && parse_size(size, &w, &h) < 0)
		return fair_error_set(err, FAIR_EINVAL, "size must be WIDTHxHEIGHT, e.g. 900x500, not '%s'", size);
	if (file) {
		if (ends_with(file, ".png"))
			t->dest = PLOT_DEST_PNG;
		else if (ends_with(file, ".svg"))
			t->dest = PLOT_DEST_SVG;
		else if (ends_with(file, ".pdf"))
			t->dest = PLOT_DEST_PDF;
		else
			return fair_error_set(err, FAIR_EINVAL, "cannot tell the format of '%s': the file name must end in .png, .svg or .pdf", file);
		t->file = file;
	} else if (setting == NULL || !strcmp(setting, "auto")) {
		t->dest = display ? PLOT_DEST_AUTO_WINDOW : PLOT_DEST_DUMB;
	} else if (!strcmp(setting, "window")) {
		t->dest = PLOT_DEST_WINDOW;
	} else if (!strcmp(setting, "sixel")) {
		t->dest = PLOT_DEST_SIXEL;
	} else if (!strcmp(setting, "dumb") || !strcmp(setting, "text")) {
		t->dest = PLOT_DEST_DUMB;
	} else {
		for (const char *p = setting; *p; p++)
			if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
				return fair_error_set(err, FAIR_EINVAL,
				                      "plot.terminal must be auto, window, sixel, dumb or a gnuplot terminal name, not '%s'",
				                      setting);
		if (*setting == '\0')
			return fair_error_set(err, FAIR_EINVAL, "plot.terminal is empty");
		t->dest = PLOT_DEST_OTHER;
		t->other = setting;
	}
	t->cols = term_cols >= 40 ? term_cols : 100;
	t->lines = term_lines >= 15 ? term_lines - 1 : 30;
	if (t->cols > 400)
		t->cols = 400;
	if (t->lines > 200)
		t->lines = 200;
	if (t->dest == PLOT_DEST_DUMB && !given) {
		w = t->cols;
		h = t->lines;
	}
	t->width = w;
	t->height = h;
	return FAIR_OK;
}

static void
write_terminal(struct wr *w, const plot_term *t)
{
	switch (t->dest) {
	case PLOT_DEST_PNG:
		wr(w, "set terminal pngcairo size %u,%u font 'Sans,10' noenhanced background rgb 'white'\n", t->width, t->height);
		break;
	case PLOT_DEST_SVG:
		wr(w, "set terminal svg size %u,%u font 'Sans,10' noenhanced background rgb 'white'\n", t->width, t->height);
		break;
	case PLOT_DEST_PDF:
		wr(w, "set terminal pdfcairo size %.2fin,%.2fin font 'Sans,8' noenhanced\n", t->width / 100.0, t->height / 100.0);
		break;
	case PLOT_DEST_SIXEL:
		wr(w, "set terminal sixelgd size %u,%u truecolor font 'Sans,10' noenhanced\n", t->width, t->height);
		break;
	case PLOT_DEST_WINDOW:
	case PLOT_DEST_AUTO_WINDOW:
		wr(w, "# a window terminal when gnuplot has one, else text\n"
		      "_t = ' '.GPVAL_TERMINALS.' '\n"
		      "if (strstrt(_t, ' qt ') > 0) {\n  set terminal qt size %u,%u noenhanced\n"
		      "} else { if (strstrt(_t, ' wxt ') > 0) {\n  set terminal wxt size %u,%u noenhanced\n"
		      "} else { if (strstrt(_t, ' x11 ') > 0) {\n  set terminal x11 size %u,%u noenhanced\n"
		      "} else {\n  set terminal dumb size %u,%u mono nofeed noenhanced\n} } }\n",
		      t->width, t->height, t->width, t->height, t->width, t->height, t->cols, t->lines);
		break;
	case PLOT_DEST_OTHER:
		wr(w, "set terminal %s\nset termoption noenhanced\n", t->other);
		break;
	default:
		wr(w, "set terminal dumb size %u,%u mono nofeed noenhanced\n", t->width, t->height);
		break;
	}
	if (t->file) {
		wr(w, "set output ");
		wq(w, t->file, "\n");
	}
}

/* Okabe-Ito colours, ordered so that neighbours differ in lightness too
 * (dark blue, light orange, mid green, ...); dash and point types vary as
 * well so groups stay apart in greyscale and in the text terminal. */
static const char *const group_colour[8] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442"
};
static const int group_dash[5] = { 1, 2, 4, 5, 3 };
static const int group_point[8] = { 7, 5, 9, 13, 11, 15, 1, 2 };

void
write_styles(struct wr *w, size_t K)
{
	wr(w, "# one line type per group, the same in every fairsh plot\n");
	for (size_t g = 0; g < K; g++)
		wr(w, "set linetype %zu lc rgb '%s' lw 2 dt %d pt %d ps 1.3\n", g + 1, group_colour[g % 8],
		   group_dash[(g + g / 8) % 5], group_point[g % 8]);
	wr(w, "set style line 100 lt 0 lc rgb '#777777' lw 1.5\n");   /* dotted; '.' in text */
	if (!w->text)
		wr(w, "set grid back lc rgb '#dddddd' lw 1 dt 1\n");
	wr(w, "set border 3 back\nset tics nomirror out\n");
}

void
plot_layout(size_t P, size_t *rows, size_t *cols)
{
	*cols = P <= 3 ? (P ? P : 1) : P == 4 ? 2 : 3;
	*rows = (P + *cols - 1) / *cols;
	if (*rows == 0)
		*rows = 1;
}

/* @s cut to @max characters (whole code points) ending in "..." into
 * @buf, or @s itself when it fits (or @max is 0) */
static const char *
fit_text(const char *s, size_t max, char *buf, size_t n)
{
	size_t k = 0, chars = 0;

	if (max <= 3 || s == NULL || strlen(s) <= max)
		return s;
	for (const char *p = s; *p && k + 4 < n; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80 && ++chars > max - 3)
			break;
		buf[k++] = *p;
	}
	if (chars <= max - 3)
		return s;
	memcpy(buf + k, "...", 4);
	return buf;
}

void
multiplot_begin(struct wr *w, size_t P, const char *title)
{
	size_t r, c;
	char cut[512];

	plot_layout(P, &r, &c);
	wr(w, "set multiplot layout %zu,%zu title ", r, c);
	wq(w, fit_text(title, w->line_max, cut, sizeof cut), " noenhanced\n");
}

void
plot_panel_size(const plot_term *t, size_t P, double *width, double *height)
{
	size_t r, c;

	plot_layout(P, &r, &c);
	*width = (double)t->width / (double)c;
	*height = (double)t->height / (double)r;
}

void
axis_tics(struct wr *w, char axis, double lo, double hi, double len, double room, bool integer)
{
	/* the axis gets the panel less its margins: across, about 10
	 * characters or 70 pixels of labels and border; up, 7 lines or 110
	 * pixels of title, tic labels, axis label and key */
	double usable = len - (axis == 'x' ? (w->text ? 10 : 70) : (w->text ? 7 : 110)), n = usable / room, step;

	if (!(hi > lo))
		return;
	/* the smallest 1-2-5 step that leaves each label its room */
	double raw = (hi - lo) / (n < 1 ? 1 : n), p10 = pow(10, floor(log10(raw))), f = raw / p10;
	step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p10;
	if (integer && step < 1)
		step = 1;
	wr(w, "set %ctics %.10g, %.10g, %.10g\nset format %c '%%g'\n", axis, floor(lo / step) * step, step,
	   hi + step * 1e-9, axis);
}

/* -------------------------------------------------------- statistics -- */

/* A 1, 2 or 5 times a power of ten near span / ntics. */
double
nice_step(double span, double ntics)
{
	double raw = span / (ntics < 2 ? 2 : ntics), p = pow(10, floor(log10(raw))), f = raw / p;
	return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

double
plot_silverman(const double *v, size_t n)
{
	double sd, iqr, s;

	if (n < 2)
		return 1e-3;
	sd = gsl_stats_sd(v, 1, n);
	iqr = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.75) - gsl_stats_quantile_from_sorted_data(v, 1, n, 0.25);
	s = iqr > 0 ? fmin(sd, iqr / 1.34) : sd;
	if (!(s > 0))
		s = sd > 0 ? sd : 1e-3;
	return 0.9 * s * pow((double)n, -0.2);
}

/* The finite values of panel @p in group @g, sorted (caller frees). */
static double *
group_values(const plot_panel *p, size_t g, size_t *n)
{
	double *v = malloc((p->n ? p->n : 1) * sizeof *v);
	size_t k = 0;

	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < p->n; i++)
		if (p->group[i] == (int32_t)g && isfinite(p->x[i]))
			v[k++] = p->x[i];
	gsl_sort(v, 1, k);
	*n = k;
	return v;
}

void
panel_begin(struct wr *w, const plot_spec *sp, size_t pi)
{
	char cut[400];

	wr(w, "\n# ---- panel %zu of %zu\n", pi + 1, sp->npanels);
	wr(w, "set title ");
	/* a title wider than its panel would run into the next one's */
	wq(w, fit_text(sp->panels[pi].title, w->title_max, cut, sizeof cut), " noenhanced\n");
}

void
write_labels(struct wr *w, const char *xl, const char *yl)
{
	wr(w, "set xlabel ");
	wq(w, xl, " noenhanced\n");
	if (w->text) {   /* the text terminal cannot rotate it; it would cross the plot */
		wr(w, "unset ylabel\n");
		return;
	}
	wr(w, "set ylabel ");
	wq(w, yl, " noenhanced\n");
}

void
key_title(struct wr *w, const plot_spec *sp, const char *pos)
{
	if (strstr(pos, "bmargin")) {
		/* under the plot a key title would run into the x label (the text
		 * terminal writes it there), and the plot's title names the groups */
		wr(w, "set key %s nobox noopaque samplen %d title ''\n", pos, w->text ? 2 : 3);
		return;
	}
	if (w->text)
		wr(w, "set key %s nobox noopaque samplen 2 title ", pos);
	else
		wr(w, "set key %s opaque box lc rgb '#bbbbbb' samplen 3 spacing 1.1 title ", pos);
	wq(w, sp->group_title ? sp->group_title : "group", " noenhanced\n");
}

/* ---------------------------------------------------------------- dist -- */

static int
write_dist(struct wr *w, const plot_spec *sp, const plot_term *t, fair_error *err)
{
	size_t P = sp->npanels, K = sp->K, total = 0, B, G = 200;
	double lo = INFINITY, hi = -INFINITY, span, ymax = 0, pw, ph;
	bool integer = true;   /* every value a whole number (risk deciles, counts) */
	double **vals = calloc(P * K, sizeof *vals);
	size_t *nv = calloc(P * K, sizeof *nv);
	double *h = calloc(P * K, sizeof *h);
	int rc = FAIR_OK;
	bool text = t->dest == PLOT_DEST_DUMB;
	const char *kname[] = { "histogram", "kernel density", "empirical CDF" };

	if (vals == NULL || nv == NULL || h == NULL) {
		rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t p = 0; p < P; p++)
		for (size_t g = 0; g < K; g++) {
			size_t k = p * K + g;
			if ((vals[k] = group_values(&sp->panels[p], g, &nv[k])) == NULL) {
				rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
				goto out;
			}
			if (nv[k]) {
				lo = fmin(lo, vals[k][0]);
				hi = fmax(hi, vals[k][nv[k] - 1]);
				h[k] = plot_silverman(vals[k], nv[k]);
			}
			for (size_t i = 0; i < nv[k] && integer; i++)
				integer = vals[k][i] == floor(vals[k][i]);
			total += nv[k];
		}
	if (total == 0) {
		rc = fair_error_set(err, FAIR_EINVAL, "no row has a score or prediction to plot");
		goto out;
	}
	/* whole numbers over a short range (risk deciles 1..10): one bin per
	 * value, centred on it, unless bins= says otherwise */
	integer = integer && hi - lo <= 100 && !(sp->unit_range && lo >= 0 && hi <= 1);
	if (integer && sp->dist_kind == PLOT_HIST && sp->bins == 0) {
		lo -= 0.5;
		hi += 0.5;
	}
	if (sp->unit_range && lo >= 0 && hi <= 1) {   /* probabilities: bins on [0, 1] */
		lo = 0;
		hi = 1;
	}
	if (!(hi > lo)) {
		lo -= 0.5;
		hi += 0.5;
	}
	span = hi - lo;
	B = sp->bins;
	if (B == 0 && integer && sp->dist_kind == PLOT_HIST)
		B = (size_t)(span + 0.5);
	if (B == 0) {   /* Rice rule on the average group size, within 10..60 (multiple of 5 on [0,1]) */
		double avg = (double)total / (double)(P * K);
		B = (size_t)ceil(2.0 * cbrt(avg));
		B = B < 10 ? 10 : B > 60 ? 60 : B;
		if (sp->unit_range && lo == 0 && hi == 1)
			B = (B + 4) / 5 * 5;
	}
	/* probabilities: the density is reflected at 0 and 1 (Schuster's
	 * boundary correction), so no mass leaks outside [0, 1] and the curve
	 * does not sag at the edges; it is drawn on [0, 1] only */
	bool reflect = sp->unit_range && lo == 0 && hi == 1;
	if (sp->dist_kind == PLOT_DENSITY && !reflect) {
		double hmax = 0;
		for (size_t k = 0; k < P * K; k++)
			hmax = fmax(hmax, h[k]);
		lo -= 3 * hmax;
		hi += 3 * hmax;
		span = hi - lo;
	}
	/* data blocks */
	for (size_t p = 0; p < P; p++)
		for (size_t g = 0; g < K; g++) {
			size_t k = p * K + g, n = nv[k];
			const double *v = vals[k];
			if (n == 0)
				continue;
			wr(w, "$d%zu_%zu << EOD\n", p, g);
			if (sp->dist_kind == PLOT_HIST) {
				double wdt = span / (double)B;
				size_t i = 0;
				wr(w, "%.10g 0\n", lo);
				for (size_t b = 0; b < B; b++) {
					double edge = lo + wdt * (double)(b + 1);
					size_t c = 0;
					while (i < n && (v[i] < edge || b + 1 == B)) {
						i++;
						c++;
					}
					wr(w, "%.10g %.10g\n", lo + wdt * (double)b, (double)c / ((double)n * wdt));
					ymax = fmax(ymax, (double)c / ((double)n * wdt));
					if (b + 1 == B)
						wr(w, "%.10g %.10g\n%.10g 0\n", hi, (double)c / ((double)n * wdt), hi);
				}
			} else if (sp->dist_kind == PLOT_DENSITY) {
				double hh = h[k], c = 1.0 / ((double)n * hh * sqrt(2 * M_PI));
				for (size_t j = 0; j < G; j++) {
					double x = lo + span * (double)j / (double)(G - 1), s = 0;
					for (size_t i = 0; i < n; i++) {
						double z = (x - v[i]) / hh;
						if (z > -8 && z < 8)
							s += exp(-0.5 * z * z);
						if (reflect) {
							double z0 = (x + v[i]) / hh, z1 = (x - (2.0 - v[i])) / hh;
							if (z0 < 8)
								s += exp(-0.5 * z0 * z0);
							if (z1 > -8)
								s += exp(-0.5 * z1 * z1);
						}
					}
					wr(w, "%.10g %.10g\n", x, s * c);
					ymax = fmax(ymax, s * c);
				}
			} else {
				size_t step = n > 2000 ? n / 2000 : 1;
				wr(w, "%.10g 0\n", lo);
				for (size_t i = 0; i < n; i += step) {
					size_t j = i;   /* the last of a run of ties */
					while (j + 1 < n && v[j + 1] == v[i])
						j++;
					wr(w, "%.10g %.10g\n", v[i], (double)(j + 1) / (double)n);
					if (j > i)
						i = j - (step - 1) > i ? j - (step - 1) : i;
				}
				wr(w, "%.10g 1\n", v[n - 1]);
			}
			wr(w, "EOD\n");
		}
	if (sp->dist_kind == PLOT_HIST)
		wr(w, "# histograms: %zu equal bins of width %.6g on [%.6g, %.6g], the same for every group and panel;\n"
		      "# heights are densities (count / (group rows x bin width)), so each group's area is 1\n", B, span / B, lo, hi);
	else if (sp->dist_kind == PLOT_DENSITY)
		wr(w, "# Gaussian kernel density per group, bandwidth by Silverman's rule 0.9 min(sd, IQR/1.34) n^-1/5%s\n",
		   reflect ? ",\n# reflected at 0 and 1 (scores are probabilities: no mass outside [0, 1])" : "");
	write_styles(w, K);
	wr(w, "set xrange [%.10g:%.10g]\n", lo, hi);
	/* the panels share both axes (before / after compare at a glance);
	 * tic labels get their room: 12 columns or 70 pixels on x */
	plot_panel_size(t, P, &pw, &ph);
	axis_tics(w, 'x', lo, hi, pw, text ? 8 : 70, integer);
	if (sp->dist_kind == PLOT_ECDF) {
		wr(w, "set yrange [0:1.02]\n");
		axis_tics(w, 'y', 0, 1, ph, text ? 2 : 35, false);
	} else {
		wr(w, "# the same density scale in every panel\nset yrange [0:%.10g]\n", ymax * 1.05);
		axis_tics(w, 'y', 0, ymax * 1.05, ph, text ? 2 : 35, false);
	}
	write_labels(w, sp->xlabel ? sp->xlabel : "score",
	             sp->dist_kind == PLOT_HIST ? "density (area 1 per group)"
	             : sp->dist_kind == PLOT_DENSITY ? "density (Gaussian kernel)" : "share of the group at or below x");
	/* the key under the panel, never over the bars, whatever the groups' names */
	key_title(w, sp, sp->dist_kind == PLOT_ECDF && !text ? "bottom right" : "bmargin center horizontal");
	{
		char def[64];
		snprintf(def, sizeof def, "%s per group", kname[sp->dist_kind]);
		multiplot_begin(w, P, sp->title ? sp->title : def);
	}
	for (size_t p = 0; p < P; p++) {
		bool first = true;
		panel_begin(w, sp, p);
		wr(w, "plot ");
		for (size_t g = 0; g < K; g++) {
			size_t k = p * K + g;
			if (nv[k] == 0)
				continue;
			if (!first)
				wr(w, ", \\\n     ");
			first = false;
			if (sp->dist_kind == PLOT_HIST && !text)
				wr(w, "$d%zu_%zu using 1:2 with fillsteps lt %zu fs transparent solid 0.12 noborder notitle, \\\n     ", p, g, g + 1);
			wr(w, "$d%zu_%zu using 1:2 with %s lt %zu title ", p, g,
			   sp->dist_kind == PLOT_DENSITY ? "lines" : "steps", g + 1);
			if (sp->dist_kind == PLOT_DENSITY)
				wqf(w, " noenhanced", "%s (n=%zu, h=%.3g)", sp->labels[g], nv[k], h[k]);
			else
				wqf(w, " noenhanced", "%s (n=%zu)", sp->labels[g], nv[k]);
		}
		wr(w, "\n");
	}
	wr(w, "unset multiplot\n");
out:
	if (vals)
		for (size_t k = 0; k < P * K; k++)
			free(vals[k]);
	free(vals);
	free(nv);
	free(h);
	return rc;
}

/* --------------------------------------------------------------- rates -- */

/* Percentile interval of a proportion k/n under the stratified bootstrap:
 * each replicate's count is a Binomial(n, k/n) draw. */
static void
binom_ci(gsl_rng *rng, double k, double n, size_t B, double *tmp, double *lo, double *hi)
{
	double p = k / n;
	/* n may be a (weighted) effective size: the nearest whole number of trials */
	unsigned m = n < 1 ? 1u : (unsigned)(n + 0.5);
	for (size_t b = 0; b < B; b++)
		tmp[b] = (double)gsl_ran_binomial(rng, p, m) / m;
	gsl_sort(tmp, 1, B);
	*lo = gsl_stats_quantile_from_sorted_data(tmp, 1, B, 0.025);
	*hi = gsl_stats_quantile_from_sorted_data(tmp, 1, B, 0.975);
}

static int
write_rates(struct wr *w, const plot_spec *sp, const plot_term *t, fair_error *err)
{
	size_t P = sp->npanels, K = sp->K, M = 3;
	bool reg = sp->task == FAIR_TASK_REGRESSION, any = false;
	const char *names_c[3] = { "selection rate", "true positive rate", "false positive rate" };
	const char *names_r[3] = { "mean prediction", "mean target", "mean absolute error" };
	const char *names_c2[3] = { "selection\\nrate", "true positive\\nrate", "false positive\\nrate" };
	const char *names_r2[3] = { "mean\\nprediction", "mean\\ntarget", "mean absolute\\nerror" };
	const char *short_c[3] = { "selection", "TPR", "FPR" };
	const char *short_r[3] = { "prediction", "target", "MAE" };
	double bw = 0.8 / (double)K, vmax = 0, pw, ph;
	gsl_rng *rng = NULL;
	double *tmp = NULL;
	/* error bars: each rate's 95% Wilson interval (fairsh/stats.h, as in the
	 * audit's rate table), or the bootstrap's with ci=B */
	bool ci = !reg, boot = sp->bootstrap >= 2 && !reg;
	double vmin = 0, z = fair_stat_z(0.95);
	bool *has = calloc(P * K, sizeof *has);

	if (has == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if (boot) {
		rng = gsl_rng_alloc(gsl_rng_mt19937);
		tmp = malloc(sp->bootstrap * sizeof *tmp);
		if (rng == NULL || tmp == NULL) {
			gsl_rng_free(rng);
			free(tmp);
			free(has);
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		}
		gsl_rng_set(rng, sp->seed);
	}
	for (size_t p = 0; p < P; p++) {
		const plot_panel *pn = &sp->panels[p];
		for (size_t g = 0; g < K; g++) {
			/* n, sum yhat, P, TP, N, FP (classification); n, sum yhat, sum y,
			 * sum |e|: weighted sums with weights; q: the squared weights of
			 * the denominators n, P, N */
			double c[6] = { 0 }, q[3] = { 0 };
			for (size_t i = 0; i < pn->n; i++) {
				double y = pn->y[i], yh = reg ? pn->x[i] : pn->yhat[i], wi = pn->w ? pn->w[i] : 1.0;
				if (pn->group[i] != (int32_t)g || !isfinite(y) || !isfinite(yh))
					continue;
				c[0] += wi;
				c[1] += wi * yh;
				q[0] += wi * wi;
				if (reg) {
					c[2] += wi * y;
					c[3] += wi * fabs(y - yh);
				} else if (y > 0.5) {
					c[2] += wi;
					c[3] += wi * yh;
					q[1] += wi * wi;
				} else {
					c[4] += wi;
					c[5] += wi * yh;
					q[2] += wi * wi;
				}
			}
			if (c[0] == 0)
				continue;
			any = has[p * K + g] = true;
			double v[3], l[3], u[3], den[3] = { 0, 0, 0 }, num[3] = { 0, 0, 0 };
			if (reg) {
				v[0] = c[1] / c[0];
				v[1] = c[2] / c[0];
				v[2] = c[3] / c[0];
			} else {
				num[0] = c[1]; den[0] = c[0];
				num[1] = c[3]; den[1] = c[2];
				num[2] = c[5]; den[2] = c[4];
				for (size_t m = 0; m < M; m++) {
					v[m] = den[m] > 0 ? num[m] / den[m] : NAN;
					/* weighted: the interval of the rate on the Kish
					 * effective size of its denominator, as the audit's */
					if (pn->w != NULL && den[m] > 0 && q[m] > 0) {
						den[m] = den[m] * den[m] / q[m];
						num[m] = v[m] * den[m];
					}
				}
			}
			wr(w, "$r%zu_%zu << EOD\n", p, g);
			for (size_t m = 0; m < M; m++) {
				double x = (double)m + ((double)g - (double)(K - 1) / 2.0) * bw;
				if (!isfinite(v[m]))
					continue;
				l[m] = u[m] = v[m];
				vmin = fmin(vmin, v[m]);
				if (boot)
					binom_ci(rng, num[m], den[m], sp->bootstrap, tmp, &l[m], &u[m]);
				else if (ci)
					fair_wilson_ci(num[m], den[m], z, &l[m], &u[m]);
				vmax = fmax(vmax, fmax(v[m], u[m]));
				wr(w, "%.6g %.10g %.10g %.10g\n", x, v[m], l[m], u[m]);
			}
			wr(w, "EOD\n");
		}
	}
	gsl_rng_free(rng);
	free(tmp);
	if (!any) {
		free(has);
		return fair_error_set(err, FAIR_EINVAL, "no row has a prediction and a target to plot");
	}
	/* room: a category (one rate, K bars) gets the panel's plot width
	 * over the M + 0.2 units of the x range; a bar bw of that. The names
	 * and value labels are chosen to fit it: names on two lines or short,
	 * values level, turned upright, or left out when a bar is too thin */
	plot_panel_size(t, P, &pw, &ph);
	double unit = ((w->text ? pw - 10 : pw - 80) / ((double)M + 0.2)), barpx = unit * bw * 0.95;
	int vlab = w->text ? (barpx >= 5 ? 1 : 0) : (barpx >= 28 ? 1 : barpx >= 11 ? 2 : 0);
	bool longnames = w->text ? unit >= 21 : unit >= 95;
	write_styles(w, K);
	wr(w, "set boxwidth %.6g absolute\nset style fill solid 0.85 border lc rgb '#333333'\n", bw * 0.95);
	wr(w, "set xrange [-0.6:%.1f]\nset xtics (", (double)M - 0.4);
	for (size_t m = 0; m < M; m++)   /* constant names; "\n" breaks them into two lines */
		wr(w, "\"%s\" %zu%s", !longnames ? (reg ? short_r[m] : short_c[m])
		                  : w->text ? (reg ? names_r[m] : names_c[m]) : (reg ? names_r2[m] : names_c2[m]), m,
		   m + 1 < M ? ", " : ")\n");
	/* every panel on one scale; room above the bars for their labels */
	double area = w->text ? ph - 8 : ph - 120, need = w->text ? (vlab ? 2 : 0.5) : vlab == 2 ? 30 : vlab == 1 ? 16 : 4;
	double head = area > need * 2 ? 1 / (1 - need / area) : 2;
	if (!reg) {
		wr(w, "set yrange [0:%.3f]\n", head);
		axis_tics(w, 'y', 0, 1, ph, w->text ? 2 : 30, false);
	} else {
		double top = vmax > 0 ? vmax * head : 1, bot = vmin < 0 ? vmin * 1.1 : 0;
		wr(w, "set yrange [%.10g:%.10g]\n", bot, top);
		if (vmin < 0)
			wr(w, "set xzeroaxis lt -1\n");
		axis_tics(w, 'y', bot, top, ph, w->text ? 2 : 35, false);
	}
	/* an empty x label line below names on two lines, which gnuplot does
	 * not count when it places the key under them */
	write_labels(w, longnames && !w->text ? " " : "", reg ? "value" : "rate");
	wr(w, "set grid noxtics\n");
	/* the key under the panel: long group names never cover the bars */
	key_title(w, sp, "bmargin center horizontal");
	multiplot_begin(w, P, sp->title ? sp->title : "rates per group");
	for (size_t p = 0; p < P; p++) {
		bool first = true;
		panel_begin(w, sp, p);
		wr(w, "plot ");
		for (size_t g = 0; g < K; g++) {
			if (!has[p * K + g])   /* a group without rows has no block */
				continue;
			if (!first)
				wr(w, ", \\\n     ");
			first = false;
			/* colours repeat after eight groups: the later ones lighter */
			wr(w, "$r%zu_%zu using 1:2 with boxes lt %zu dt 1%s title ", p, g, g + 1,
			   g >= 8 && !w->text ? " fs solid 0.35 border lc rgb '#333333'" : "");
			wq(w, sp->labels[g], " noenhanced");
			if (ci)
				wr(w, ", \\\n     $r%zu_%zu using 1:3:(0):($4 - $3) with vectors heads size screen 0.006,90 "
				      "lc rgb '#222222' lw 1 dt 1 notitle", p, g);
			if (vlab)
				wr(w, ", \\\n     $r%zu_%zu using 1:%s:(sprintf('%s', $2)) with labels %s font ',8' notitle",
				   p, g, ci ? "4" : "2", reg ? "%.4g" : "%.2f",
				   vlab == 2 ? "rotate by 90 left offset 0,0.4" : "offset 0,0.7");
		}
		wr(w, "\n");
	}
	wr(w, "unset multiplot\n");
	free(has);
	return FAIR_OK;
}

int
plot_write_script(fair_buf *out, const plot_spec *sp, const plot_term *t, fair_error *err)
{
	struct wr w = { out, 0, false, 0, 0 };
	int rc;
	static const char *const kinds[] = { "dist", "rates", "roc", "calibration", "tradeoff" };

	if (sp->kind != PLOT_TRADEOFF && (sp->npanels == 0 || sp->K == 0))
		return fair_error_set(err, FAIR_EINVAL, "nothing to plot");
	wr(&w, "# fairsh plot %s -- a complete gnuplot script; the data are inline ($name << EOD blocks).\n"
	       "# Restyle and run it with: gnuplot -persist THIS_FILE\n", kinds[sp->kind]);
	w.text = t->dest == PLOT_DEST_DUMB;
	if (sp->npanels > 0) {   /* about 7 pixels a character at the 10-point font */
		double pw, ph;
		plot_panel_size(t, sp->npanels, &pw, &ph);
		w.title_max = (size_t)(w.text ? pw - 2 : pw / 7.0);
		w.line_max = (size_t)(w.text ? t->width - 2 : t->width / 7.0);
	}
	wr(&w, "set encoding utf8\n");
	write_terminal(&w, t);
	wr(&w, "set termoption noenhanced\n");
	switch (sp->kind) {
	case PLOT_DIST: rc = write_dist(&w, sp, t, err); break;
	case PLOT_RATES: rc = write_rates(&w, sp, t, err); break;
	case PLOT_ROC: rc = write_roc(&w, sp, t, err); break;
	case PLOT_CALIBRATION: rc = write_calibration(&w, sp, t, err); break;
	default: rc = write_tradeoff(&w, sp, t, err); break;
	}
	if (rc != FAIR_OK)
		return rc;
	if (t->file)
		wr(&w, "unset output\n");
	if (w.bad)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory writing the plot script");
	return FAIR_OK;
}
