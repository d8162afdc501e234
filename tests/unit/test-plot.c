/* test-plot.c -- the gnuplot script writer: label quoting, Silverman's
 * bandwidth (numpy reference values), terminal choice, histogram densities,
 * ROC AUC, calibration and error paths, finding gnuplot and temp files;
 * the layout of the panels, one bin per whole number, the shared y axis,
 * tic room, cut titles and the rates data against hand-computed figures. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/spec.h"
#include "fairsh/stats.h"
#include "plot/plot.h"
#include "plot/script-private.h"

static void
test_quote(void)
{
	fair_buf b = FAIR_BUF_INIT;
	char longs[300];

	plot_quote(&b, "it's");
	gsl_test_str(b.buf, "'it''s'", "quote: ' doubled", "");
	fair_buf_reset(&b);
	/* controls shown by the rule of fairsh/text.h, the rest literal */
	plot_quote(&b, "a\"b`c`@x\\n\nd\te\x7f");
	gsl_test_str(b.buf, "'a\"b`c`@x\\n\\x0ad\\x09e\\x7f'", "quote: controls as \\xNN, the rest literal", "");
	fair_buf_reset(&b);
	/* a leading quote: gnuplot reads '''s' as an empty string and a token */
	plot_quote(&b, "'s-Hertogenbosch");
	gsl_test_str(b.buf, "(sprintf('%c', 39).'s-Hertogenbosch')", "quote: a leading quote", "");
	fair_buf_reset(&b);
	plot_quote(&b, "''x'");
	gsl_test_str(b.buf, "(sprintf('%c%c', 39, 39).'x''')", "quote: two leading quotes", "");
	fair_buf_reset(&b);
	plot_quote(&b, "'");
	gsl_test_str(b.buf, "(sprintf('%c', 39).'')", "quote: a quote alone", "");
	fair_buf_reset(&b);
	/* U+202E (RIGHT-TO-LEFT OVERRIDE) shown, not obeyed */
	plot_quote(&b, "a\xe2\x80\xae" "b");
	gsl_test_str(b.buf, "'a\\u202eb'", "quote: U+202E as \\u202e", "");
	fair_buf_reset(&b);
	plot_quote(&b, "");
	gsl_test_str(b.buf, "''", "quote: empty", "");
	memset(longs, 'x', sizeof longs - 1);
	longs[sizeof longs - 1] = '\0';
	fair_buf_reset(&b);
	plot_quote(&b, longs);
	gsl_test_int((int)b.len, 200 + 3 + 2, "quote: cut at 200 characters plus ...");
	/* 200 characters, never half of one: 300 two-byte characters */
	fair_buf_reset(&b);
	{
		char u[601];
		for (int i = 0; i < 300; i++)
			u[2 * i] = (char)0xc3, u[2 * i + 1] = (char)0xa9;   /* e acute */
		u[600] = '\0';
		plot_quote(&b, u);
		gsl_test_int((int)b.len, 400 + 3 + 2, "quote: cut after 200 two-byte characters");
	}
	fair_buf_release(&b);
}

static void
test_silverman(void)
{
	double v[10], w[7] = { 0, 0, 0, 1, 1, 2, 10 };
	for (int i = 0; i < 10; i++)
		v[i] = i + 1;
	/* numpy: 0.9 * min(std(ddof=1), IQR/1.34) * n^-0.2 */
	gsl_test_rel(plot_silverman(v, 10), 1.719286404692283, 1e-12, "silverman 1..10 (sd smaller)");
	gsl_test_rel(plot_silverman(w, 7), 0.6826677112616785, 1e-12, "silverman skewed (IQR smaller)");
	gsl_test(!(plot_silverman(v, 1) > 0), "silverman n=1 positive");
}

static void
test_term(void)
{
	plot_term t;
	fair_error err;

	gsl_test_int(plot_term_choose(&t, "a.PNG", NULL, NULL, true, 0, 0, &err), FAIR_OK, "term png");
	gsl_test_int(t.dest, PLOT_DEST_PNG, "term png dest");
	gsl_test_int((int)t.width, 900, "term default width");
	gsl_test_int((int)t.height, 500, "term default height");
	gsl_test_int(plot_term_choose(&t, "a.svg", NULL, "640x480", false, 0, 0, &err), FAIR_OK, "term svg size");
	gsl_test_int(t.dest * 1000 + (int)t.width, PLOT_DEST_SVG * 1000 + 640, "term svg 640");
	gsl_test_int(plot_term_choose(&t, "a.pdf", NULL, NULL, false, 0, 0, &err), FAIR_OK, "term pdf");
	gsl_test_int(plot_term_choose(&t, "a.jpg", NULL, NULL, false, 0, 0, &err), FAIR_EINVAL, "term bad extension");
	gsl_test(strstr(err.msg, ".png, .svg or .pdf") == NULL, "term bad extension message: %s", err.msg);
	gsl_test_int(plot_term_choose(&t, "a.png", NULL, "9x9", false, 0, 0, &err), FAIR_EINVAL, "term size too small");
	gsl_test_int(plot_term_choose(&t, "a.png", NULL, "100x", false, 0, 0, &err), FAIR_EINVAL, "term size malformed");
	plot_term_choose(&t, NULL, NULL, NULL, false, 0, 0, &err);
	gsl_test_int(t.dest * 100000 + (int)t.width * 100 + (int)t.height, PLOT_DEST_DUMB * 100000 + 100 * 100 + 30,
	             "term auto, no display: dumb 100x30");
	plot_term_choose(&t, NULL, "auto", NULL, false, 120, 40, &err);
	gsl_test_int((int)t.width * 100 + (int)t.height, 120 * 100 + 39, "term dumb from the terminal size (one line for the prompt)");
	plot_term_choose(&t, NULL, NULL, NULL, true, 0, 0, &err);
	gsl_test_int(t.dest, PLOT_DEST_AUTO_WINDOW, "term auto with display");
	plot_term_choose(&t, NULL, "sixel", NULL, false, 0, 0, &err);
	gsl_test_int(t.dest, PLOT_DEST_SIXEL, "term sixel");
	gsl_test_int(plot_term_choose(&t, NULL, "qt", NULL, false, 0, 0, &err), FAIR_OK, "term other name");
	gsl_test_int(t.dest, PLOT_DEST_OTHER, "term other dest");
	gsl_test_int(plot_term_choose(&t, NULL, "x; system('id')", NULL, false, 0, 0, &err), FAIR_EINVAL,
	             "term name with punctuation refused");
}

static const char *const labels2[2] = { "g0", "g'1" };

static void
test_hist(void)
{
	/* bins=2 on [0,1]: group 0 has 0.1, 0.2 -> densities 2/(2*0.5) = 2 and 0;
	 * group 1 has 0.3, 0.9 -> 1/(2*0.5) = 1 and 1 */
	double x[4] = { 0.1, 0.2, 0.3, 0.9 }, y[4] = { 0, 1, 0, 1 };
	int32_t g[4] = { 0, 0, 1, 1 };
	plot_panel pn = { "model m", 4, x, y, NULL, g, NULL };
	plot_spec sp;
	plot_term t;
	fair_buf b = FAIR_BUF_INIT;
	fair_error err;

	memset(&sp, 0, sizeof sp);
	sp.kind = PLOT_DIST;
	sp.K = 2;
	sp.labels = labels2;
	sp.unit_range = true;
	sp.bins = 2;
	sp.npanels = 1;
	sp.panels = &pn;
	plot_term_choose(&t, "out.png", NULL, NULL, false, 0, 0, &err);
	gsl_test_int(plot_write_script(&b, &sp, &t, &err), FAIR_OK, "hist script");
	gsl_test(strstr(b.buf, "$d0_0 << EOD\n0 0\n0 2\n0.5 0\n1 0\n1 0\nEOD\n") == NULL, "hist group 0 densities");
	gsl_test(strstr(b.buf, "$d0_1 << EOD\n0 0\n0 1\n0.5 1\n1 1\n1 0\nEOD\n") == NULL, "hist group 1 densities");
	gsl_test(strstr(b.buf, "title 'g''1 (n=2)' noenhanced") == NULL, "hist key label quoted");
	gsl_test(strstr(b.buf, "set output 'out.png'") == NULL, "hist output file");
	gsl_test(strstr(b.buf, "set termoption noenhanced") == NULL, "enhanced text off");
	/* no finite value -> error */
	double nan4[4] = { NAN, NAN, NAN, NAN };
	pn.x = nan4;
	fair_buf_reset(&b);
	gsl_test_int(plot_write_script(&b, &sp, &t, &err), FAIR_EINVAL, "hist without values refused");
	fair_buf_release(&b);
}

static void
test_roc_calib(void)
{
	/* group 0: positives 0.9, 0.7; negatives 0.8, 0.1 -> AUC = 3/4 (0.7 < 0.8);
	 * decisions at 0.5: TP 2 of 2, FP 1 of 2 -> mark (0.50, 1.00).
	 * group 1: one class only -> no curve */
	double x[6] = { 0.9, 0.8, 0.7, 0.1, 0.6, 0.4 }, y[6] = { 1, 0, 1, 0, 1, 1 }, yh[6];
	int32_t g[6] = { 0, 0, 0, 0, 1, 1 };
	plot_panel pn = { "model m", 6, x, y, yh, g, NULL };
	plot_spec sp;
	plot_term t;
	fair_buf b = FAIR_BUF_INIT;
	fair_error err;

	for (int i = 0; i < 6; i++)
		yh[i] = x[i] > 0.5;
	memset(&sp, 0, sizeof sp);
	sp.kind = PLOT_ROC;
	sp.K = 2;
	sp.labels = labels2;
	sp.npanels = 1;
	sp.panels = &pn;
	plot_term_choose(&t, NULL, "dumb", "80x25", false, 0, 0, &err);
	gsl_test_int(plot_write_script(&b, &sp, &t, &err), FAIR_OK, "roc script");
	gsl_test(strstr(b.buf, "'g0: AUC 0.750'") == NULL, "roc AUC");
	gsl_test(strstr(b.buf, "$o0_0 << EOD\n0.5 1\nEOD\n") == NULL, "roc operating point (FPR 0.5, TPR 1)");
	/* descending scores 0.9(+) 0.8(-) 0.7(+) 0.1(-): (FPR, TPR) = (0,.5) (.5,.5) (.5,1) (1,1) */
	gsl_test(strstr(b.buf, "$c0_0 << EOD\n0 0\n0 0.5\n0.5 0.5\n0.5 1\n1 1\nEOD\n") == NULL, "roc points");
	gsl_test(strstr(b.buf, "$c0_1") != NULL, "roc: a one-class group has no curve");
	gsl_test(strstr(b.buf, "set terminal dumb size 80,25") == NULL, "dumb size");

	/* calibration, 2 bins: group 0 bin [0,0.5): 0.1 (y 0) -> (0.1, 0); bin [0.5,1]:
	 * 0.9, 0.8, 0.7 with y 1, 0, 1 -> (0.8, 2/3) */
	fair_buf_reset(&b);
	sp.kind = PLOT_CALIBRATION;
	sp.bins = 2;
	gsl_test_int(plot_write_script(&b, &sp, &t, &err), FAIR_OK, "calibration script");
	gsl_test(strstr(b.buf, "0.1 0 1\n0.8 0.66666667 3\n") == NULL, "calibration bins of group 0");
	x[0] = 1.5;
	fair_buf_reset(&b);
	gsl_test_int(plot_write_script(&b, &sp, &t, &err), FAIR_EINVAL, "calibration refuses scores > 1");
	gsl_test(strstr(err.msg, "[0, 1]") == NULL, "calibration message: %s", err.msg);
	fair_buf_release(&b);
}

static void
test_run(void)
{
	char out[4096], msg[1024], path[4096];
	const char *script = "print 'hello'\n";

	gsl_test_int(plot_find_gnuplot(NULL, NULL, "/nonexistent:/also-not", out, sizeof out, msg, sizeof msg), -1,
	             "find: not on PATH");
	gsl_test(strstr(msg, "gnuplot not found in PATH (install the Debian package gnuplot-nox") == NULL,
	         "find: message names the package: %s", msg);
	gsl_test_int(plot_find_gnuplot(NULL, "/nonexistent/gp", "/usr/bin", out, sizeof out, msg, sizeof msg), -1,
	             "find: bad FAIRSH_GNUPLOT");
	gsl_test(strstr(msg, "(from FAIRSH_GNUPLOT)") == NULL, "find: names the variable: %s", msg);
	gsl_test_int(plot_find_gnuplot("sh", "/nonexistent/gp", "/nonexistent:/bin", out, sizeof out, msg, sizeof msg), 0,
	             "find: setting wins, searched in PATH");
	gsl_test_str(out, "/bin/sh", "find: path found", "");

	gsl_test_int(plot_save_script(script, strlen(script), NULL, path, sizeof path, msg, sizeof msg), 0, "save temp");
	gsl_test(strstr(path, "/fairsh-") == NULL || strstr(path, "/plot-") == NULL, "save: fairsh-XXXXXX/plot-N.gp: %s", path);
	struct stat st;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	*strrchr(dir, '/') = '\0';
	gsl_test(stat(dir, &st) != 0 || (st.st_mode & 0777) != 0700, "save: private directory (0700)");
	/* /bin/false fails: status named; /bin/cat prints the script */
	gsl_test_int(plot_run("/bin/false", path, false, false, msg, sizeof msg), -1, "run: failing program");
	gsl_test_str(msg, "gnuplot exited with status 1", "run: status message", "");
	gsl_test_int(plot_run("/nonexistent/gp", path, false, false, msg, sizeof msg), -1, "run: exec failure");
	gsl_test(strstr(msg, "could not run '/nonexistent/gp'") == NULL, "run: exec failure message: %s", msg);
	gsl_test_int(plot_run("/bin/true", path, true, true, msg, sizeof msg), 0, "run: success");
	plot_remove_script(path);
	gsl_test(stat(dir, &st) == 0, "remove: directory gone");
}

/* The numbers of data block @name ("$d0_1") of script @s, @ncol a line,
 * into @v (at most @max lines); the number of lines, or -1 without it. */
static int
block(const char *s, const char *name, int ncol, double *v, int max)
{
	char head[64];
	const char *p;
	int n = 0;

	snprintf(head, sizeof head, "%s << EOD\n", name);
	if ((p = strstr(s, head)) == NULL)
		return -1;
	p += strlen(head);
	while (strncmp(p, "EOD\n", 4) != 0 && n < max) {
		char *end;
		for (int c = 0; c < ncol; c++) {
			v[n * ncol + c] = strtod(p, &end);
			p = end;
		}
		p = strchr(p, '\n') + 1;
		n++;
	}
	return n;
}

/* The value after "set yrange [0:" (NaN when missing). */
static double
yrange_top(const char *s)
{
	const char *p = strstr(s, "set yrange [");
	double lo, hi;

	return p && sscanf(p, "set yrange [%lf:%lf]", &lo, &hi) == 2 ? hi : NAN;
}

static void
test_props(void)
{
	size_t r, c;
	fair_buf b = FAIR_BUF_INIT;
	fair_error err;
	plot_term t;
	plot_spec sp;

	/* the grid of panels: 1-3 side by side, 4 as 2 x 2, 5-6 as 2 x 3 */
	static const size_t want[8][2] = { { 1, 1 }, { 1, 1 }, { 1, 2 }, { 1, 3 }, { 2, 2 }, { 2, 3 }, { 2, 3 }, { 3, 3 } };
	for (size_t P = 1; P <= 7; P++) {
		plot_layout(P, &r, &c);
		gsl_test(r != want[P][0] || c != want[P][1], "layout of %zu panels: %zux%zu", P, r, c);
		gsl_test(r * c < P, "layout of %zu panels holds them", P);
	}

	/* whole-number scores 1..4 (deciles): one bin per value, centred on
	 * it. Group 0: 1, 1, 2, 4 -> densities 2/4, 1/4, 0, 1/4 on bins of
	 * width 1 at 0.5..4.5; group 1: 3, 3 -> 0, 0, 1, 0 */
	double x[6] = { 1, 1, 2, 4, 3, 3 }, y[6] = { 0 }, v[40];
	int32_t g[6] = { 0, 0, 0, 0, 1, 1 };
	plot_panel pn[2] = { { "model before", 6, x, y, NULL, g, NULL }, { "model after", 6, x, y, NULL, g, NULL } };
	double x2[6] = { 1, 1, 1, 1, 3, 4 };
	pn[1].x = x2;   /* the second panel: group 0 all at 1 -> density 1 */
	memset(&sp, 0, sizeof sp);
	sp.kind = PLOT_DIST;
	sp.K = 2;
	sp.labels = labels2;
	sp.npanels = 2;
	sp.panels = pn;
	plot_term_choose(&t, "o.png", NULL, "900x500", false, 0, 0, &err);
	gsl_test_int(plot_write_script(&b, &sp, &t, &err), FAIR_OK, "integer hist script");
	int n = block(b.buf, "$d0_0", 2, v, 20);
	/* lo edge, 4 bins, then hi edge twice (the step's end and the drop) */
	gsl_test_int(n, 7, "integer hist: 4 bins");
	if (n == 7) {
		gsl_test_abs(v[0], 0.5, 0, "integer hist: first edge at 0.5");
		gsl_test_abs(v[2], 0.5, 0, "integer hist: bin 1 from 0.5");
		gsl_test_abs(v[3], 0.5, 1e-12, "integer hist: density of 1 is 2/4");
		gsl_test_abs(v[5], 0.25, 1e-12, "integer hist: density of 2 is 1/4");
		gsl_test_abs(v[7], 0, 0, "integer hist: density of 3 is 0");
		gsl_test_abs(v[9], 0.25, 1e-12, "integer hist: density of 4 is 1/4");
		gsl_test_abs(v[10], 4.5, 0, "integer hist: last edge at 4.5");
	}
	gsl_test(strstr(b.buf, "set xtics 0, 1, ") == NULL, "integer hist: a tic on every whole number");
	/* both panels on one y scale, reaching the highest bar of any: panel
	 * 1's group 0 has density 4/4 = 1 */
	double top = yrange_top(b.buf);
	gsl_test_abs(top, 1.05, 1e-9, "shared y axis: 5%% above the highest density of both panels");
	{
		const char *p = b.buf;
		int count = 0;
		while ((p = strstr(p, "set yrange")) != NULL) {
			count++;
			p++;
		}
		gsl_test_int(count, 1, "shared y axis: one y range for every panel");
	}
	gsl_test(strstr(b.buf, "set key bmargin") == NULL, "dist: the key under the panels");

	/* tic labels keep their room: one panel of 300 pixels (three of a
	 * 900-pixel plot) has 230 for its axis and 70 a label: at most 4
	 * labels, the step the smallest 1-2-5 that allows it (1/3.3 -> 0.5) */
	double xs[3] = { 0.1, 0.5, 0.9 };
	int32_t g3[3] = { 0, 1, 0 };
	plot_panel p3[3] = { { "a", 3, xs, y, NULL, g3, NULL }, { "b", 3, xs, y, NULL, g3, NULL }, { "c", 3, xs, y, NULL, g3, NULL } };
	sp.unit_range = true;
	sp.npanels = 3;
	sp.panels = p3;
	fair_buf_reset(&b);
	gsl_test_int(plot_write_script(&b, &sp, &t, &err), FAIR_OK, "three panels script");
	gsl_test(strstr(b.buf, "set xtics 0, 0.5, ") == NULL, "narrow panels: x tics every 0.5");
	gsl_test(strstr(b.buf, "set format x '%g'") == NULL, "tic labels printed with %%g");
	gsl_test(strstr(b.buf, "set multiplot layout 1,3") == NULL, "three panels side by side");
	/* a long panel title is cut to the panel: 300 px / 7 = 42 characters */
	char longt[200];
	memset(longt, 'w', 120);
	longt[120] = '\0';
	p3[0].title = longt;
	fair_buf_reset(&b);
	plot_write_script(&b, &sp, &t, &err);
	char cut[64];
	memset(cut, 'w', 39);
	strcpy(cut + 39, "...'");
	gsl_test(strstr(b.buf, cut) == NULL || strstr(b.buf, "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww") != NULL,
	         "a long panel title is cut to 42 characters with ...");

	/* rates: the data blocks are the audit's figures. Group 0: y 1 1 0 0,
	 * yhat 1 0 1 0 -> selection 2/4, TPR 1/2, FPR 1/2; group 1: y 1 0,
	 * yhat 1 0 -> 1/2, 1/1, 0/1. Error bars are the Wilson intervals. */
	double yy[6] = { 1, 1, 0, 0, 1, 0 }, yh[6] = { 1, 0, 1, 0, 1, 0 }, sc[6] = { .9, .2, .7, .1, .8, .3 };
	int32_t gg[6] = { 0, 0, 0, 0, 1, 1 };
	plot_panel pr = { "model m", 6, sc, yy, yh, gg, NULL };
	memset(&sp, 0, sizeof sp);
	sp.kind = PLOT_RATES;
	sp.K = 2;
	sp.labels = labels2;
	sp.npanels = 1;
	sp.panels = &pr;
	fair_buf_reset(&b);
	gsl_test_int(plot_write_script(&b, &sp, &t, &err), FAIR_OK, "rates script");
	static const double num[2][3] = { { 2, 1, 1 }, { 1, 1, 0 } }, den[2][3] = { { 4, 2, 2 }, { 2, 1, 1 } };
	for (int k = 0; k < 2; k++) {
		char name[16];
		snprintf(name, sizeof name, "$r0_%d", k);
		n = block(b.buf, name, 4, v, 10);
		gsl_test_int(n, 3, "rates: group %d has its three rates", k);
		for (int m = 0; m < 3 && n == 3; m++) {
			double lo, hi;
			fair_wilson_ci(num[k][m], den[k][m], fair_stat_z(0.95), &lo, &hi);
			gsl_test_abs(v[m * 4 + 1], num[k][m] / den[k][m], 1e-9, "rates: group %d rate %d", k, m);
			gsl_test_abs(v[m * 4 + 2], lo, 1e-9, "rates: group %d rate %d Wilson low", k, m);
			gsl_test_abs(v[m * 4 + 3], hi, 1e-9, "rates: group %d rate %d Wilson high", k, m);
			/* bars of group k sit at m + (k - 1/2) 0.4 */
			gsl_test_abs(v[m * 4], m + (k - 0.5) * 0.4, 1e-9, "rates: group %d bar %d position", k, m);
		}
	}
	gsl_test(strstr(b.buf, "with vectors heads") == NULL, "rates: error bars drawn");
	top = yrange_top(b.buf);
	gsl_test(!(top > 1.0 && top <= 2.0), "rates: room above 1 for the value labels (%g)", top);
	fair_buf_release(&b);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_quote();
	test_silverman();
	test_term();
	test_hist();
	test_props();
	test_roc_calib();
	test_run();
	return gsl_test_summary();
}
