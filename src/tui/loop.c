/* loop.c -- the screen manager: one key loop for every view (htop's
 * ScreenManager). It waits for a key with a timeout, gives the key to the
 * view's handler, which answers with what to do (enum
 * tui_handler_result), redraws after keys and resizes and, for live views,
 * on a timer; quit keys, interrupts and help are the manager's. Views own
 * no loop: they are a state, a draw function and a key handler. */
/* SPDX-License-Identifier: MIT */
#include "tui/tui-private.h"

#define TIMEOUT_MS 250   /* how soon an interrupt or a resize is seen */

/* Keys that leave every view. */
bool
tui_is_quit(int c, const struct tui_opts *o)
{
	return c == 'q' || c == 'Q' || c == 3 /* Ctrl-C */ || (o && o->interrupted && *o->interrupted);
}

int
tui_step(const struct tui_view *v, int c, const struct tui_opts *o, int *action)
{
	*action = TUI_QUIT;
	if (c == ERR) {
		if (o && o->interrupted && *o->interrupted)
			return TUI_STEP_LEAVE;
		return v->refresh_ms > 0 ? TUI_STEP_DRAW : TUI_STEP_WAIT;
	}
	if (tui_is_quit(c, o))
		return TUI_STEP_LEAVE;
	switch (v->key(v->self, c, action)) {
	case TUI_BREAK:
		return TUI_STEP_LEAVE;
	case TUI_IGNORED:
		*action = TUI_QUIT;
		return c == '?' && v->help ? TUI_STEP_HELP : TUI_STEP_DRAW;
	default:
		*action = TUI_QUIT;
		return TUI_STEP_DRAW;
	}
}

int
tui_run(const struct tui_view *v, const struct tui_opts *o, fair_error *err)
{
	int action = TUI_QUIT;

	if (tui_begin(err) != FAIR_OK)
		return TUI_FAILED;
	timeout(v->refresh_ms > 0 && v->refresh_ms < TIMEOUT_MS ? v->refresh_ms : TIMEOUT_MS);
	v->draw(v->self);
	for (;;) {
		int step = tui_step(v, tui_getch(), o, &action);
		if (step == TUI_STEP_LEAVE)
			break;
		if (step == TUI_STEP_HELP)
			tui_help(v->help_title, v->help);
		if (step != TUI_STEP_WAIT)
			v->draw(v->self);
	}
	tui_end();
	return action;
}
