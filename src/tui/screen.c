/* screen.c -- taking and giving back the terminal for the views: curses
 * set-up, colours (none without has_colors() or with NO_COLOR), UTF-8 or
 * ASCII drawing, crash handlers that restore the terminal, and the small
 * drawing helpers the views share (status line, bars, help box). */
/* SPDX-License-Identifier: MIT */
#include <langinfo.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "out/out.h"
#include "tui/tui-private.h"

static SCREEN *scr;
static bool in_curses;
static struct sigaction old_term, old_hup, old_segv, old_abrt, old_bus, old_fpe, old_winch;
static volatile sig_atomic_t winched;      /* SIGWINCH since the last look */
static bool resized;                       /* the window changed during the view */

bool tui_color;
bool tui_utf8;

/* Fatal signals while curses owns the terminal: give it back, then die the
 * usual way (htop's CRT crash handler, minus the backtrace). */
static void
on_fatal(int sig)
{
	if (in_curses)
		endwin();
	in_curses = false;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
on_winch(int sig)
{
	(void)sig;
	winched = 1;
}

static void
catch(int sig, struct sigaction *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND;
	sigaction(sig, &sa, old);
}

int
tui_begin(fair_error *err)
{
	const char *nc = getenv("NO_COLOR");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return fair_error_set(err, FAIR_EINVAL, "the views need a terminal");
	fflush(stdout);
	fflush(stderr);
	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL)
		return fair_error_set(err, FAIR_EINVAL, "cannot use terminal type '%s'",
		                      getenv("TERM") ? getenv("TERM") : "(unset)");
	set_term(scr);
	in_curses = true;
	catch(SIGTERM, &old_term);
	catch(SIGHUP, &old_hup);
	catch(SIGSEGV, &old_segv);
	catch(SIGABRT, &old_abrt);
	catch(SIGBUS, &old_bus);
	catch(SIGFPE, &old_fpe);
	/* our own SIGWINCH handler: readline may have left one of its own in
	 * place, which keeps ncurses from installing its handler */
	{
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_winch;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGWINCH, &sa, &old_winch);
		winched = 0;
		resized = false;
	}
	raw();                 /* Ctrl-C is a key here: it leaves the view */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	/* Home/End as tmux, screen and the Linux console send them */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[H", KEY_HOME);
	define_key("\033[F", KEY_END);
	define_key("\033OH", KEY_HOME);
	define_key("\033OF", KEY_END);
	curs_set(0);
	tui_utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	tui_color = has_colors() && (nc == NULL || nc[0] == '\0');
	if (tui_color) {
		start_color();
		use_default_colors();
		init_pair(TUI_C_HEADER, COLOR_BLACK, COLOR_CYAN);
		init_pair(TUI_C_GOOD, COLOR_GREEN, -1);
		init_pair(TUI_C_BAD, COLOR_RED, -1);
		init_pair(TUI_C_MISSING, COLOR_MAGENTA, -1);
		init_pair(TUI_C_BAR, COLOR_BLUE, -1);
		init_pair(TUI_C_TITLE, COLOR_YELLOW, -1);
		init_pair(TUI_C_MARK, COLOR_RED, -1);
	}
	return FAIR_OK;
}

void
tui_end(void)
{
	if (!in_curses)
		return;
	curs_set(1);
	endwin();
	in_curses = false;
	delscreen(scr);
	scr = NULL;
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGABRT, &old_abrt, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	sigaction(SIGFPE, &old_fpe, NULL);
	sigaction(SIGWINCH, &old_winch, NULL);
	fflush(stdout);
	if (resized)                /* let the line editor learn the new size */
		raise(SIGWINCH);
}

/* getch() that turns a pending SIGWINCH into KEY_RESIZE after resizing
 * curses to the terminal's new size. */
int
tui_getch(void)
{
	int c = getch();
	struct winsize ws;

	if (winched) {
		winched = 0;
		resized = true;
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
			resizeterm(ws.ws_row, ws.ws_col);
		if (c != ERR && c != KEY_RESIZE)
			ungetch(c);
		return KEY_RESIZE;
	}
	return c;
}

attr_t
tui_attr(int pair, attr_t mono)
{
	return tui_color ? (attr_t)COLOR_PAIR(pair) : mono;
}

/* Writes @s at (y, x) clipped to @w columns (display width; UTF-8 aware
 * enough for labels: multibyte sequences count as one column). Every
 * string drawn goes through here, escaped by the rule of fairsh/text.h: a
 * newline or an escape sequence in a cell cannot break or redraw the
 * screen. */
void
tui_put(int y, int x, int w, const char *s)
{
	int col = 0;
	char *e;
	const char *p;

	if (w <= 0)
		return;
	if ((e = out_escaped(s)) == NULL)
		return;
	for (p = e; *p && col < w; col++) {
		size_t len = 1;
		unsigned char c = (unsigned char)*p;
		if (c >= 0xC0)
			len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		p += len;
	}
	mvaddnstr(y, x, e, (int)(p - e));
	free(e);
}

void
tui_cell(int y, int x, int w, const char *s, bool right)
{
	char *e = out_escaped_value(s);   /* a cell: its outer spaces shown */
	int col = 0, n;
	const char *p;

	if (e == NULL || w <= 0) {
		free(e);
		return;
	}
	for (p = e; *p && col < w; col++) {
		unsigned char c = (unsigned char)*p;
		p += c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	}
	n = (int)(p - e);
	move(y, x);
	if (right)
		printw("%*s", w - col, "");
	addnstr(e, n);
	if (!right)
		printw("%*s", w - col, "");
	free(e);
}

void
tui_printf(int y, int x, int w, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	tui_put(y, x, w, buf);
}

/* The reverse-video line at the bottom: @left and, right-aligned, the keys. */
void
tui_status(const char *left, const char *keys)
{
	int w = COLS, kl = (int)strlen(keys);

	attron(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', w);
	tui_put(LINES - 1, 0, w - kl - 1, left);
	if (kl < w)
		tui_put(LINES - 1, w - kl, kl, keys);
	attroff(A_REVERSE);
}

/* A horizontal bar of @w cells for @frac in [0,1] (NaN: blank). */
void
tui_bar(int y, int x, int w, double frac, attr_t at)
{
	static const char *const eighths[] = { "", "\u258F", "\u258E", "\u258D", "\u258C", "\u258B", "\u258A", "\u2589" };
	int full, part;

	if (w <= 0)
		return;
	move(y, x);
	if (frac != frac) {
		for (int i = 0; i < w; i++)
			addch(' ');
		return;
	}
	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	full = (int)(frac * w);
	part = (int)((frac * w - full) * 8);
	attron(at);
	for (int i = 0; i < full; i++)
		addstr(tui_utf8 ? "\u2588" : "#");
	if (full < w && tui_utf8 && part > 0) {
		addstr(eighths[part]);
		full++;
	}
	attroff(at);
	for (int i = full; i < w; i++)
		addstr(tui_utf8 ? "\u00B7" : ".");
}

/* A centred box listing @lines (NULL-terminated); waits for a key. */
void
tui_help(const char *title, const char *const *lines)
{
	int n = 0, w = (int)strlen(title) + 4, h, y0, x0;
	WINDOW *win;

	for (; lines[n]; n++)
		if ((int)strlen(lines[n]) + 4 > w)
			w = (int)strlen(lines[n]) + 4;
	h = n + 4;
	if (w > COLS)
		w = COLS;
	if (h > LINES)
		h = LINES;
	y0 = (LINES - h) / 2;
	x0 = (COLS - w) / 2;
	win = newwin(h, w, y0, x0);
	if (win == NULL)
		return;
	werase(win);
	box(win, 0, 0);
	wattron(win, A_BOLD);
	mvwaddnstr(win, 0, 2, title, w - 4);
	wattroff(win, A_BOLD);
	for (int i = 0; i < n && i + 1 < h - 2; i++)
		mvwaddnstr(win, i + 1, 2, lines[i], w - 4);
	mvwaddnstr(win, h - 2, 2, "press any key", w - 4);
	wnoutrefresh(win);
	doupdate();
	wtimeout(win, -1);
	keypad(win, TRUE);
	wgetch(win);
	delwin(win);
	touchwin(stdscr);
}

/* Reads a line at the bottom after @prompt (Enter accepts, Esc cancels).
 * Returns false when cancelled. */
bool
tui_prompt(const char *prompt, char *buf, size_t len)
{
	size_t n = 0;
	int pl = (int)strlen(prompt);

	buf[0] = '\0';
	curs_set(1);
	timeout(-1);
	for (;;) {
		move(LINES - 1, 0);
		clrtoeol();
		mvaddstr(LINES - 1, 0, prompt);
		tui_put(LINES - 1, pl, COLS - pl - 1, buf);
		refresh();
		int c = tui_getch();
		if (c == '\n' || c == '\r' || c == KEY_ENTER) {
			curs_set(0);
			timeout(250);
			return true;
		}
		if (c == 27 || c == 3 || c == 7) {
			curs_set(0);
			timeout(250);
			buf[0] = '\0';
			return false;
		}
		if ((c == KEY_BACKSPACE || c == 127 || c == 8) && n > 0)
			buf[--n] = '\0';
		else if (c == 21) {         /* Ctrl-U */
			n = 0;
			buf[0] = '\0';
		} else if (c >= 32 && c < 256 && c != 127 && n + 1 < len) {
			buf[n++] = (char)c;
			buf[n] = '\0';
		}
	}
}

/* A figure as the views show it: "0.3125", "n/a" for NaN, "inf". */
void
tui_fmt(double v, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, "%.4f", v);    /* (infinities print as inf, -inf) */
}
