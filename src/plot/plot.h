/* plot.h -- gnuplot front end: turns per-row scores, targets, predictions and
 * groups into a complete gnuplot script (data inline in $dataN blocks, every
 * label a single-quoted string, enhanced text off), and runs gnuplot on it
 * as a child process (fork/execv with an argv array, never a shell). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_PLOT_H
#define FAIRSH_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairsh/buf.h"
#include "fairsh/error.h"

enum plot_kind { PLOT_DIST = 0, PLOT_RATES, PLOT_ROC, PLOT_CALIBRATION, PLOT_TRADEOFF };
enum plot_dist_kind { PLOT_HIST = 0, PLOT_DENSITY, PLOT_ECDF };

/* Where the picture goes. */
enum plot_dest { PLOT_DEST_DUMB = 0, PLOT_DEST_PNG, PLOT_DEST_SVG, PLOT_DEST_PDF,
                 PLOT_DEST_WINDOW, PLOT_DEST_AUTO_WINDOW, PLOT_DEST_SIXEL, PLOT_DEST_OTHER };

typedef struct plot_term {
	int         dest;        /* enum plot_dest */
	const char *file;        /* PNG/SVG/PDF output file (borrowed) */
	const char *other;       /* PLOT_DEST_OTHER: gnuplot terminal name ([a-z0-9_]+) */
	unsigned    width, height;   /* pixels (files, window, sixel) or characters (dumb) */
	unsigned    cols, lines;     /* text size (dumb, and the fallback when no window terminal) */
} plot_term;

/* Chooses the terminal. @file: to=FILE or NULL (extension .png/.svg/.pdf,
 * case-insensitive); @setting: plot.terminal (NULL or "auto", "window",
 * "sixel", "dumb", or another gnuplot terminal name); @size: "WxH" or NULL
 * (pixels, default 900x500; characters for dumb, default from COLUMNS/LINES,
 * the terminal's size, else 100x30); @display: $DISPLAY is set; @term_cols,
 * @term_lines: the terminal size (0 = unknown). FAIR_EINVAL for a bad
 * extension, size or terminal name. */
int plot_term_choose(plot_term *t, const char *file, const char *setting, const char *size,
                     bool display, unsigned term_cols, unsigned term_lines, fair_error *err);

/* One panel (one model or prediction column). Arrays hold n audited rows;
 * borrowed. x: score (classification) or prediction (regression), NaN =
 * missing; y: target (1/0 or value); yhat: hard prediction (classification);
 * group: index in [0, K) or -1 (skipped). */
typedef struct plot_panel {
	const char    *title;    /* "model 'plain'" (escaped by the writer) */
	size_t         n;
	const double  *x, *y, *yhat;
	const int32_t *group;
	const double  *w;        /* sample weights of the rows, or NULL: rates are weighted,
	                          * their intervals read Kish effective sizes */
} plot_panel;

/* A point of a trade-off curve. */
typedef struct plot_point {
	double x, y;             /* fairness metric, accuracy (or MSE) */
	char   label[48];        /* "alpha=0.25" */
} plot_point;

typedef struct plot_spec {
	int           kind;            /* enum plot_kind */
	int           dist_kind;       /* enum plot_dist_kind */
	int           task;            /* FAIR_TASK_* (spec.h) */
	size_t        K;
	const char *const *labels;     /* K group labels */
	const char   *group_title;     /* the sensitive column(s), for the key title */
	const char   *title;           /* overall title (NULL = none) */
	const char   *xlabel;          /* dist: "score P(approved = yes)", "predicted income" */
	bool          unit_range;      /* dist: scores are probabilities; bins on [0, 1] */
	size_t        bins;            /* hist: 0 = automatic; calibration: 0 = 10 */
	size_t        bootstrap;       /* rates: B resamples for error bars (0 = none) */
	unsigned long seed;
	size_t        npanels;
	const plot_panel *panels;
	/* tradeoff */
	const plot_point *points;
	size_t        npoints;
	const char   *ylabel;
} plot_spec;

/* Appends @s to @b as a gnuplot string constant: escaped first by the rule
 * of fairsh/text.h (control bytes as \xNN, bidirectional controls as
 * \uXXXX), then single-quoted with ' doubled, at most 200 characters of
 * text then "...". Single-quoted strings are never subject to backquote or
 * macro (@) substitution, and scripts turn enhanced text off, so the text
 * is literal. Leading quotes, which gnuplot misreads, are written as
 * (sprintf('%c', 39).'rest'). */
void plot_quote(fair_buf *b, const char *s);

/* Writes the complete script for @sp drawn on @t into @out (appended).
 * FAIR_EINVAL when there is nothing to draw (no rows with a value, one
 * class only for roc, ...), FAIR_ENOMEM. */
int plot_write_script(fair_buf *out, const plot_spec *sp, const plot_term *t, fair_error *err);

/* Silverman's rule-of-thumb bandwidth 0.9 min(sd, IQR/1.34) n^(-1/5) of the
 * n values of @v (sorted ascending); falls back to sd or 1e-3 when the spread
 * is 0. */
double plot_silverman(const double *v, size_t n);

/* Resolves the gnuplot binary: @setting (plot.gnuplot), else @env
 * (FAIRSH_GNUPLOT), else "gnuplot"; a name without '/' is searched in
 * @path ($PATH). Writes the executable path to @out. Returns 0, or -1 with a
 * message in @msg ("gnuplot not found in PATH (install ...)"). */
int plot_find_gnuplot(const char *setting, const char *env, const char *path, char *out,
                      size_t outlen, char *msg, size_t msglen);

/* Writes @script to a new file plot-N.gp in a fresh directory made with
 * mkdtemp under $TMPDIR (or /tmp); or to @keep_as when not NULL. The path
 * goes to @path_out. 0, or -1 with @msg set. */
int plot_save_script(const char *script, size_t len, const char *keep_as, char *path_out,
                     size_t pathlen, char *msg, size_t msglen);

/* Checks a plot file gnuplot wrote to @path for terminal @dest: a PNG ends
 * with its IEND chunk, an SVG with </svg>, a PDF with %%EOF; any file is
 * not empty. gnuplot does not always fail when its output cannot be
 * written (a full disk): a truncated file is caught here. 0, or -1 with
 * @msg ("the PNG file is truncated (No space left on device?)"). */
int plot_check_output(const char *path, int dest, char *msg, size_t msglen);

/* A new private directory (mkdtemp under $TMPDIR, else /tmp) with the last
 * part of @base ("audit" of "out/audit") joined to it: "/tmp/fairsh-XXXXXX/audit",
 * a base for plot files that nobody else sees. NULL with errno set.
 * Caller frees, and removes it with plot_remove_private_dir. */
char *plot_private_dir(const char *base);
/* Removes the directory of a plot_private_dir result (when empty) and
 * frees @p; NULL does nothing. */
void plot_remove_private_dir(char *p);

/* Removes the file @path made by plot_save_script and its directory. */
void plot_remove_script(const char *path);

/* Runs @gnuplot on the script file @path (argv: gnuplot [-persist] path),
 * stdin from /dev/null, stderr inherited, and waits for it (no zombie).
 * @text: gnuplot's stdout is read through a pipe and copied to stdout
 * without form feeds (the dumb terminal starts each page with one); else
 * stdout is inherited. Returns 0 when it exited with status 0, else -1 with
 * @msg ("gnuplot exited with status 1", "could not run '/x/gnuplot': ..."). */
int plot_run(const char *gnuplot, const char *path, bool persist, bool text, char *msg, size_t msglen);

#endif
