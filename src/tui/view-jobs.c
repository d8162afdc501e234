/* view-jobs.c -- `view jobs`: live progress bars of the background jobs,
 * redrawn every 200 ms from the jobs' progress atomics (werase +
 * wnoutrefresh + doupdate: curses sends only what changed, no flicker).
 * `c` cancels the selected job through the core (fair_job_cancel). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "tui/tui-private.h"

static const char *const state_names[] = { "running", "done", "failed", "cancelled" };

static void
secs(double s, char *buf, size_t len)
{
	if (isnan(s) || s < 0)
		snprintf(buf, len, "-");
	else if (s < 60)
		snprintf(buf, len, "%.1fs", s);
	else
		snprintf(buf, len, "%dm%02ds", (int)(s / 60), (int)fmod(s, 60));
}

static void
num(double v, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.5g", v);
}

struct jv {
	fair_job *const *jobs;
	size_t n, sel;
	char msg[256];
};

static void
draw(void *self)
{
	const struct jv *v = self;
	fair_job *const *jobs = v->jobs;
	size_t n = v->n, sel = v->sel;
	const char *msg = v->msg;
	char buf[256], el[32], eta[32], loss[32], aux[32];
	int y = 2, barw = COLS - 70;
	size_t running = 0;

	if (barw < 10)
		barw = 10;
	werase(stdscr);
	for (size_t i = 0; i < n; i++)
		running += fair_job_state(jobs[i]) == FAIR_JOB_RUNNING;
	attron(A_BOLD);
	tui_printf(0, 0, COLS, "Jobs: %zu running, %zu in all (refreshed every 0.2 s)", running, n);
	attroff(A_BOLD);
	attron(tui_attr(TUI_C_HEADER, A_REVERSE));
	mvhline(1, 0, ' ', COLS);
	tui_printf(1, 0, COLS, " %-14s %-9s %-*s %5s %8s %8s %9s %9s", "job", "state", barw, "progress", "%",
	           "elapsed", "eta", "loss", "aux");
	attroff(tui_attr(TUI_C_HEADER, A_REVERSE));
	for (size_t i = 0; i < n && y < LINES - 2; i++, y += 2) {
		fair_job *j = jobs[i];
		fair_progress *p = fair_job_progress(j);
		int st = fair_job_state(j);
		size_t it = atomic_load(&p->iter), mx = atomic_load(&p->iter_max);
		double frac = st == FAIR_JOB_DONE ? 1.0 : mx ? (double)it / (double)mx : NAN;
		attr_t sa = st == FAIR_JOB_FAILED ? tui_attr(TUI_C_BAD, A_BOLD)
		            : st == FAIR_JOB_DONE ? tui_attr(TUI_C_GOOD, A_NORMAL)
		            : st == FAIR_JOB_CANCELED ? A_DIM : A_BOLD;
		if (i == sel)
			attron(A_REVERSE);
		tui_printf(y, 0, 16, " %-14.14s ", fair_job_name(j));
		attroff(A_REVERSE);
		attron(sa);
		tui_printf(y, 16, 10, "%-9s", st >= 0 && st <= 3 ? state_names[st] : "?");
		attroff(sa);
		tui_bar(y, 26, barw, frac, tui_attr(TUI_C_BAR, A_NORMAL));
		secs(fair_job_elapsed(j), el, sizeof el);
		secs(st == FAIR_JOB_RUNNING ? fair_job_eta(j) : NAN, eta, sizeof eta);
		num(atomic_load(&p->loss), loss, sizeof loss);
		num(atomic_load(&p->aux), aux, sizeof aux);
		if (isnan(frac))
			snprintf(buf, sizeof buf, "%5s", "?");
		else
			snprintf(buf, sizeof buf, "%4.0f%%", 100.0 * frac);
		tui_printf(y, 27 + barw, COLS - 27 - barw, "%5s %8s %8s %9s %9s", buf, el, eta, loss, aux);
		attron(A_DIM);
		if (st == FAIR_JOB_FAILED) {
			fair_error e;
			fair_job_error(j, &e);
			tui_printf(y + 1, 3, COLS - 3, "%s: %s", fair_job_what(j), e.msg);
		} else {
			tui_printf(y + 1, 3, COLS - 3, "%s (session %s)", fair_job_what(j), fair_job_session(j));
			if (mx)
				tui_printf(y + 1, COLS - 24 > 3 ? COLS - 24 : 3, 24, "%10zu / %-10zu", it, mx);
		}
		attroff(A_DIM);
	}
	if (n == 0)
		tui_put(3, 2, COLS - 2, "no jobs (start one with 'train')");
	tui_status(msg && *msg ? msg : " Up/Down select  c cancel", "? keys  q quit ");
	wnoutrefresh(stdscr);
	doupdate();
}

static const char *const help_lines[] = {
	"Up/Down, j/k       select a job",
	"c                  cancel the selected job (if it is running)",
	"?                  this help",
	"q                  back to the prompt",
	"",
	"loss: the training objective; aux: a second figure the method",
	"reports (divergence, validation loss, duality gap ...)",
	NULL
};

static int
key(void *self, int c, int *action)
{
	struct jv *v = self;

	(void)action;
	v->msg[0] = '\0';
	switch (c) {
	case KEY_UP: case 'k': if (v->sel > 0) v->sel--; break;
	case KEY_DOWN: case 'j': if (v->sel + 1 < v->n) v->sel++; break;
	case 'c':
		if (v->n == 0)
			break;
		if (fair_job_state(v->jobs[v->sel]) == FAIR_JOB_RUNNING) {
			fair_job_cancel(v->jobs[v->sel]);
			snprintf(v->msg, sizeof v->msg, " cancelling job %s", fair_job_name(v->jobs[v->sel]));
		} else {
			snprintf(v->msg, sizeof v->msg, " job %s is not running", fair_job_name(v->jobs[v->sel]));
		}
		break;
	default:
		return TUI_IGNORED;
	}
	return TUI_HANDLED;
}

int
tui_view_jobs(fair_job *const *jobs, size_t njobs, const struct tui_opts *o, fair_error *err)
{
	struct jv v = { jobs, njobs, 0, "" };
	const struct tui_view view = { "view jobs: keys", help_lines, 200, &v, draw, key };

	return tui_run(&view, o, err);
}
