/* script-private.h -- what the gnuplot script writers share: the output
 * buffer with its error flag and the helpers for labels, styles and panels
 * (script.c), used by the writers of each plot kind (script.c: dist and
 * rates; script-kinds.c: roc, calibration, trade-off). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_PLOT_SCRIPT_PRIVATE_H
#define FAIRSH_PLOT_SCRIPT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "plot/plot.h"

/* the short names used inside the writers */
#define wr               plot_wr
#define wq               plot_wq
#define wqf              plot_wqf
#define write_styles     plot_write_styles
#define nice_step        plot_nice_step
#define panel_begin      plot_panel_begin
#define write_labels     plot_write_labels
#define key_title        plot_key_title
#define write_roc        plot_write_roc
#define write_calibration plot_write_calibration
#define write_tradeoff   plot_write_tradeoff
#define multiplot_begin  plot_multiplot_begin
#define axis_tics        plot_axis_tics

struct wr {
	fair_buf *b;
	int       bad;
	bool      text;   /* the dumb terminal: no grid, no y label, plain key */
	size_t    title_max;   /* characters a panel title may take (0: any) */
	size_t    line_max;    /* characters the plot's title may take (0: any) */
};

/* printf into the script (sets bad on allocation failure) */
void wr(struct wr *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* a quoted label, then @after */
void wq(struct wr *w, const char *s, const char *after);
void wqf(struct wr *w, const char *after, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* one line type per group, the same in every plot */
void write_styles(struct wr *w, size_t K);
/* a 1, 2 or 5 times a power of ten near span / ntics */
double nice_step(double span, double ntics);
void panel_begin(struct wr *w, const plot_spec *sp, size_t pi);
void write_labels(struct wr *w, const char *xl, const char *yl);
void key_title(struct wr *w, const plot_spec *sp, const char *pos);
/* The grid of panels for @P models: 1, 2 and 3 side by side, 4 as 2 x 2,
 * 5 and 6 as 2 x 3, more in rows of 3. */
void plot_layout(size_t P, size_t *rows, size_t *cols);
/* "set multiplot layout R,C title '@title'", the title cut to the width. */
void multiplot_begin(struct wr *w, size_t P, const char *title);
/* The room of one panel on @t, in characters (dumb) or pixels. */
void plot_panel_size(const plot_term *t, size_t P, double *width, double *height);
/* Tics on axis @axis ('x' or 'y') over [lo, hi] for a panel @len
 * characters or pixels long: a 1-2-5 step that leaves each label its
 * room (@room: characters or pixels per label), printed with %g, so that
 * labels never run into each other; @integer: steps of at least 1. */
void axis_tics(struct wr *w, char axis, double lo, double hi, double len, double room, bool integer);

int write_roc(struct wr *w, const plot_spec *sp, const plot_term *t, fair_error *err);
int write_calibration(struct wr *w, const plot_spec *sp, const plot_term *t, fair_error *err);
int write_tradeoff(struct wr *w, const plot_spec *sp, const plot_term *t, fair_error *err);

#endif
