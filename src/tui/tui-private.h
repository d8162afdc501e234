/* tui-private.h -- what the view files share: the screen manager that runs
 * a view (loop.c), terminal set-up and restore, colour pairs, clipped text,
 * bars, help box, prompt (screen.c). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_TUI_PRIVATE_H
#define FAIRSH_TUI_PRIVATE_H

#include <curses.h>

#include "tui/tui.h"

enum { TUI_C_HEADER = 1, TUI_C_GOOD, TUI_C_BAD, TUI_C_MISSING, TUI_C_BAR, TUI_C_TITLE, TUI_C_MARK };

extern bool tui_color;   /* colours in use */
extern bool tui_utf8;    /* UTF-8 locale: block characters for bars */

/* Takes the terminal (newterm on stdin/stdout, raw keys, no echo, keypad,
 * colours unless NO_COLOR) and installs handlers that call endwin() on
 * SIGTERM, SIGHUP, SIGSEGV, SIGABRT, SIGBUS and SIGFPE. */
int  tui_begin(fair_error *err);
/* Gives the terminal back (idempotent) and restores the signal handlers. */
void tui_end(void);
/* COLOR_PAIR(@pair) with colours, else @mono. */
attr_t tui_attr(int pair, attr_t mono);
void tui_put(int y, int x, int w, const char *s);
/* @s escaped (fairsh/text.h), clipped and padded to exactly @w columns at
 * (y, x), right-aligned when @right: a table cell from the data. */
void tui_cell(int y, int x, int w, const char *s, bool right);
void tui_printf(int y, int x, int w, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A figure as the views show it: %.4f, "n/a" for NaN. */
void tui_fmt(double v, char *buf, size_t len);
void tui_status(const char *left, const char *keys);
void tui_bar(int y, int x, int w, double frac, attr_t at);
void tui_help(const char *title, const char *const *lines);
bool tui_prompt(const char *prompt, char *buf, size_t len);
/* getch() that reports a window resize as KEY_RESIZE (curses resized). */
int  tui_getch(void);

/* ---- the screen manager (loop.c; htop's ScreenManager and Panel) ---- */

/* What a view's key handler tells the screen manager (htop's HandlerResult). */
enum tui_handler_result {
	TUI_IGNORED = 0,   /* not a key of the view: the manager's own keys apply ('?': help) */
	TUI_HANDLED,       /* the view took the key: draw it again */
	TUI_BREAK          /* leave the view; tui_run returns the action the handler set */
};

/* A full-screen view as the manager runs it: state, drawing, keys. */
struct tui_view {
	const char        *help_title;   /* "view data: keys" */
	const char *const *help;         /* lines of the help box, NULL-terminated */
	int                refresh_ms;   /* redraw this often (live data); 0: after keys and resizes */
	void              *self;         /* the view's state */
	void (*draw)(void *self);
	/* Key @c (KEY_RESIZE too, never the quit keys); may set *action (it
	 * starts as TUI_QUIT) and return TUI_BREAK to leave. */
	int  (*key)(void *self, int c, int *action);
};

/* True for the keys that leave every view (q, Q, Ctrl-C) and after an
 * interrupt (o->interrupted). */
bool tui_is_quit(int c, const struct tui_opts *o);

/* What the manager does next (tui_step). */
enum tui_step { TUI_STEP_WAIT, TUI_STEP_DRAW, TUI_STEP_HELP, TUI_STEP_LEAVE };

/* The manager's rules for one key, or for a timeout when @c is ERR: a quit
 * key (q, Q, Ctrl-C) or an interrupt leaves with TUI_QUIT; every other key
 * goes to the view, and '?' that the view ignores opens the help; after a
 * key the view is drawn again, after a timeout only when it refreshes.
 * *action receives what tui_run returns on TUI_STEP_LEAVE. No curses call:
 * the unit test drives it. */
int tui_step(const struct tui_view *v, int c, const struct tui_opts *o, int *action);

/* Takes the terminal, draws @v, waits for keys (with a timeout, so that an
 * interrupt or a live view is seen) and follows tui_step until the view is
 * left; the terminal is given back on every way out. Returns the view's
 * action (TUI_QUIT, TUI_SAVE_THRESHOLDS ...) or TUI_FAILED with @err when
 * the terminal could not be set up. */
int tui_run(const struct tui_view *v, const struct tui_opts *o, fair_error *err);

#endif
