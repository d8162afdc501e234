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

struct wr {
	fair_buf *b;
	int       bad;
	bool      text;   /* the dumb terminal: no grid, no y label, plain key */
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

int write_roc(struct wr *w, const plot_spec *sp, const plot_term *t, fair_error *err);
int write_calibration(struct wr *w, const plot_spec *sp, const plot_term *t, fair_error *err);
int write_tradeoff(struct wr *w, const plot_spec *sp, const plot_term *t, fair_error *err);

#endif
