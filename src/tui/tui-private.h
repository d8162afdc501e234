/* tui-private.h -- helpers shared by the view files (screen.c): terminal
 * set-up and restore, colour pairs, clipped text, bars, help box, prompt. */
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
void tui_printf(int y, int x, int w, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void tui_status(const char *left, const char *keys);
void tui_bar(int y, int x, int w, double frac, attr_t at);
void tui_help(const char *title, const char *const *lines);
bool tui_prompt(const char *prompt, char *buf, size_t len);
bool tui_is_quit(int c, const struct tui_opts *o);
/* getch() that reports a window resize as KEY_RESIZE (curses resized). */
int  tui_getch(void);

#endif
