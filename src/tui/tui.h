/* tui.h -- full-screen ncurses views (data browser, audit dashboard, live
 * jobs monitor, per-group thresholds; the threshold view moves through the
 * core's fair_curves, metric.h). Views take borrowed core data and return an action code to
 * the caller (src/cli/cmd-view.c); they never call into src/cli. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_TUI_H
#define FAIRSH_TUI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairsh/error.h"
#include "fairsh/frame.h"
#include "fairsh/job.h"
#include "fairsh/metric.h"

/* What a view asks its caller to do when it returns (htop's HandlerResult). */
enum tui_action {
	TUI_QUIT = 0,            /* back to the prompt, nothing to do */
	TUI_SAVE_THRESHOLDS,     /* thresholds view: save the thresholds as a model */
	TUI_FAILED               /* the terminal could not be set up; err says why */
};

struct tui_opts {
	volatile sig_atomic_t *interrupted;  /* set by a SIGINT handler: leave the view; may be NULL */
};

/* ---------------------------------------------------------------- data -- */

struct tui_data_src {
	const fair_frame    *frame;      /* borrowed */
	const unsigned char *keep;       /* nrows, 1 = row shown; NULL = all */
	const int32_t       *group;      /* nrows group codes, -1 = none; NULL = no sensitive attribute */
	size_t               K;
	const char *const   *labels;     /* K group labels */
	const char          *title;      /* "session loans (demo:loans n=3000)" */
};

/* Scrollable table of the frame: arrows, PgUp/PgDn, Home/End, `/` search
 * (n next), `s` sort by the current column (again: descending), `f` cycle
 * the groups of the sensitive attribute, `a` all rows, `?` keys, `q` quit.
 * Only the visible window is formatted, so 1,000,000 rows stay fast. */
int tui_view_data(const struct tui_data_src *src, const struct tui_opts *o, fair_error *err);

/* --------------------------------------------------------------- audit -- */

struct tui_audit_item {
	size_t             attr;      /* which sensitive attribute (items are attribute-major:
	                                 index = attr * models + model) */
	const char        *name;      /* model name */
	const char        *title;     /* "test rows (900), target approved, groups by group" */
	const fair_report *r;         /* borrowed */
};

/* The audits of @n models as a dashboard: per-group figures with bars, the
 * fairness metrics with intervals and verdict colours; left/right switch
 * models, `s` switches sensitive attributes (items[].attr), up/down scroll. */
int tui_view_audit(const struct tui_audit_item *items, size_t n, const struct tui_opts *o,
                   fair_error *err);

/* ---------------------------------------------------------------- jobs -- */

/* Live progress of @njobs jobs (borrowed), refreshed every 200 ms; `c`
 * cancels the selected job. */
int tui_view_jobs(fair_job *const *jobs, size_t njobs, const struct tui_opts *o, fair_error *err);

/* ---------------------------------------------------------- thresholds -- */

/* Runs the thresholds view over @t for model @name; @thr[K] holds the
 * starting thresholds and, on TUI_SAVE_THRESHOLDS (Enter), the chosen ones. */
int tui_view_thresholds(const fair_curves *t, const char *name, const char *const *labels,
                        double *thr, const struct tui_opts *o, fair_error *err);

#endif
