/* test-tui-loop.c -- the screen manager's rules (src/tui/loop.c, tui_step)
 * without a terminal: a scripted view records the keys it gets, and each
 * key or timeout must give the step and the action the manager promises.
 * The views themselves are driven in tmux (tests/tui/view-*.sh). */
/* SPDX-License-Identifier: MIT */
#include <signal.h>
#include <string.h>
#include <gsl/gsl_test.h>

#include "tui/tui-private.h"

/* A view that records keys and answers from a script: 'a' handled, 'b'
 * breaks with TUI_SAVE_THRESHOLDS, 'h' handled but sets an action (which
 * must not leak), '?' handled only when it wants its own '?', the rest
 * ignored. */
struct fake {
	int keys[16];
	size_t n;
	bool own_help;
};

static void
fake_draw(void *self)
{
	(void)self;
}

static int
fake_key(void *self, int c, int *action)
{
	struct fake *f = self;

	if (f->n < sizeof f->keys / sizeof f->keys[0])
		f->keys[f->n++] = c;
	switch (c) {
	case 'a':
		return TUI_HANDLED;
	case 'b':
		*action = TUI_SAVE_THRESHOLDS;
		return TUI_BREAK;
	case 'h':
		*action = TUI_SAVE_THRESHOLDS;
		return TUI_HANDLED;
	case '?':
		return f->own_help ? TUI_HANDLED : TUI_IGNORED;
	default:
		return TUI_IGNORED;
	}
}

static const char *const help[] = { "a  something", NULL };

static int
step(struct tui_view *v, int c, const struct tui_opts *o, int *action)
{
	*action = -1;
	return tui_step(v, c, o, action);
}

int
main(void)
{
	struct fake f;
	struct tui_view v = { "fake: keys", help, 0, &f, fake_draw, fake_key };
	volatile sig_atomic_t intr = 0;
	struct tui_opts o = { &intr };
	int action;

	memset(&f, 0, sizeof f);
	/* quit keys leave with TUI_QUIT and never reach the view */
	gsl_test_int(step(&v, 'q', &o, &action), TUI_STEP_LEAVE, "q leaves");
	gsl_test_int(action, TUI_QUIT, "q: action quit");
	gsl_test_int(step(&v, 'Q', &o, &action), TUI_STEP_LEAVE, "Q leaves");
	gsl_test_int(step(&v, 3, &o, &action), TUI_STEP_LEAVE, "Ctrl-C leaves");
	gsl_test_int(action, TUI_QUIT, "Ctrl-C: action quit");
	gsl_test_int((int)f.n, 0, "the view saw no quit key");

	/* a timeout: nothing for a still view, a redraw for a live one */
	gsl_test_int(step(&v, ERR, &o, &action), TUI_STEP_WAIT, "timeout, still view: wait");
	v.refresh_ms = 200;
	gsl_test_int(step(&v, ERR, &o, &action), TUI_STEP_DRAW, "timeout, live view: redraw");
	v.refresh_ms = 0;
	gsl_test_int((int)f.n, 0, "the view saw no timeout");

	/* keys go to the view; after one, the view is drawn again */
	gsl_test_int(step(&v, 'a', &o, &action), TUI_STEP_DRAW, "handled key: redraw");
	gsl_test_int(action, TUI_QUIT, "handled key: no action");
	gsl_test_int(step(&v, 'z', &o, &action), TUI_STEP_DRAW, "ignored key: redraw");
	gsl_test_int(step(&v, KEY_RESIZE, &o, &action), TUI_STEP_DRAW, "resize: redraw");
	gsl_test_int(step(&v, 'h', &o, &action), TUI_STEP_DRAW, "handled key that set an action: redraw");
	gsl_test_int(action, TUI_QUIT, "an action without TUI_BREAK does not leak");
	gsl_test_int((int)f.n, 4, "the view saw four keys");
	gsl_test_int(f.keys[0] == 'a' && f.keys[1] == 'z' && f.keys[2] == KEY_RESIZE && f.keys[3] == 'h', 1,
	             "in order, resize included");

	/* help: the manager's unless the view takes '?' itself; none without lines */
	gsl_test_int(step(&v, '?', &o, &action), TUI_STEP_HELP, "? ignored by the view: help");
	gsl_test_int(f.keys[f.n - 1], '?', "the view saw '?' first");
	f.own_help = true;
	gsl_test_int(step(&v, '?', &o, &action), TUI_STEP_DRAW, "? taken by the view: no help box");
	f.own_help = false;
	v.help = NULL;
	gsl_test_int(step(&v, '?', &o, &action), TUI_STEP_DRAW, "no help lines: no help box");
	v.help = help;

	/* the view leaves with its own action */
	gsl_test_int(step(&v, 'b', &o, &action), TUI_STEP_LEAVE, "TUI_BREAK leaves");
	gsl_test_int(action, TUI_SAVE_THRESHOLDS, "with the view's action");

	/* an interrupt (SIGINT while curses owns the terminal) leaves at the
	 * next timeout or key, with TUI_QUIT, before the view sees the key */
	size_t seen = f.n;
	intr = 1;
	gsl_test_int(step(&v, ERR, &o, &action), TUI_STEP_LEAVE, "interrupt seen on a timeout");
	gsl_test_int(action, TUI_QUIT, "interrupt: action quit");
	gsl_test_int(step(&v, 'b', &o, &action), TUI_STEP_LEAVE, "interrupt seen on a key");
	gsl_test_int(action, TUI_QUIT, "interrupt beats the view's action");
	gsl_test_int((int)f.n, (int)seen, "the view saw nothing after the interrupt");
	/* no interrupt flag at all (NULL opts) */
	gsl_test_int(step(&v, ERR, NULL, &action), TUI_STEP_WAIT, "no opts: timeout waits");
	gsl_test_int(step(&v, 'q', NULL, &action), TUI_STEP_LEAVE, "no opts: q leaves");
	return gsl_test_summary();
}
