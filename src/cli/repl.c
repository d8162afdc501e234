/* repl.c -- the interactive shell: readline's callback interface inside a
 * poll() loop over stdin and the job-notification pipe, so finished jobs are
 * announced above the prompt while the user types. History is kept in the
 * XDG state directory; tab completes commands, options, columns, sessions,
 * models and file names. Only used when stdin is a terminal. */
/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cli/cli.h"
#include "fairsh/db.h"
#include "cli/tokenize.h"
#include "cli/jobs.h"
#include "cli/repl.h"
#include "cli/complete.h"
#include "fairsh/buf.h"
#include "fairsh/frame.h"
#include "fairsh/model.h"

static struct cli_ctx *repl_ctx;
static bool repl_done;
static enum cmd_retval repl_status;
static fair_buf pending = FAIR_BUF_INIT;   /* a command continued over lines (open quote) */

static void
history_path(char *buf, size_t len)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char dir[4096];

	if (state && *state)
		snprintf(dir, sizeof dir, "%s/fairsh", state);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.local/state/fairsh", home);
	else {
		buf[0] = '\0';
		return;
	}
	/* create the directory chain quietly */
	for (char *p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
	mkdir(dir, 0700);
	snprintf(buf, len, "%s/history", dir);
}

static char *
prompt_text(void)
{
	static char prompt[256];
	fair_session *s = fair_workbench_current(repl_ctx->wb);

	if (pending.len > 0)
		snprintf(prompt, sizeof prompt, "...> ");
	else
		snprintf(prompt, sizeof prompt, "fairsh%s%s> ", s ? ":" : "", s ? s->name : "");
	return prompt;
}

static void
on_line(char *line)
{
	if (line == NULL) {          /* Ctrl-D */
		repl_done = true;
		rl_callback_handler_remove();
		fputc('\n', stdout);
		return;
	}
	if (pending.len > 0)
		fair_buf_putc(&pending, '\n');
	fair_buf_puts(&pending, line);
	free(line);
	if (cli_line_incomplete(pending.buf)) {
		rl_set_prompt(prompt_text());
		return;
	}
	if (pending.buf[strspn(pending.buf, " \t")] != '\0') {
		char *r = fair_db_redact(pending.buf);   /* never a password in ~/.fairsh history */
		add_history(r != NULL ? r : "");
		free(r);
	}
	/* run the command with the handler removed so its output is plain, and
	 * with terminal echo off: keys typed ahead while it runs would otherwise
	 * be echoed into the middle of its output; readline shows them on the
	 * next prompt */
	rl_callback_handler_remove();
	struct termios saved;
	bool have_tty = tcgetattr(STDIN_FILENO, &saved) == 0;
	if (have_tty) {
		struct termios quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	enum cmd_retval rv = cli_exec_line(repl_ctx, pending.buf);
	if (have_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	fair_buf_reset(&pending);
	if (rv == CMD_EXIT) {
		repl_done = true;
		return;
	}
	repl_status = rv;
	rl_callback_handler_install(prompt_text(), on_line);
}

/* ---- completion ---- */

static const char *const *compl_list;
static size_t compl_n;
static char **compl_dyn;      /* owned strings for the current completion */

static char *
gen_list(const char *text, int state)
{
	static size_t i, len;
	if (!state) {
		i = 0;
		len = strlen(text);
	}
	while (i < compl_n) {
		const char *s = compl_list[i++];
		if (strncmp(s, text, len) == 0)
			return strdup(s);
	}
	return NULL;
}

static void
compl_reset(void)
{
	cli_complete_free(compl_dyn);
	compl_dyn = NULL;
	compl_list = NULL;
	compl_n = 0;
}

static char **
complete(const char *text, int start, int end)
{
	bool files;

	(void)end;
	compl_reset();
	compl_dyn = cli_complete_words(repl_ctx, rl_line_buffer, (size_t)start, &files);
	while (compl_dyn && compl_dyn[compl_n])
		compl_n++;
	if (strchr(text, '/') != NULL || (files && compl_n == 0) ||
	    (files && text[0] != '\0' && strncmp(text, "demo:", 5) != 0 && strchr(text, ':') == NULL)) {
		rl_attempted_completion_over = 0;
		return NULL;     /* readline's file-name completion */
	}
	compl_list = (const char *const *)compl_dyn;
	rl_completion_append_character = ' ';
	rl_attempted_completion_over = 1;
	char **r = rl_completion_matches(text, gen_list);
	if (r && r[0] && r[1] == NULL && r[0][0] != '\0' && r[0][strlen(r[0]) - 1] == '=')
		rl_completion_append_character = '\0';
	return r;
}

/* ---- the terminal's answer to the device-attributes query ---- */

/* Keys typed before the answer came, given to readline first. */
static unsigned char typed[512];
static size_t ntyped, ityped;

static int
repl_getc(FILE *fp)
{
	if (ityped < ntyped)
		return typed[ityped++];
	return rl_getc(fp);
}

/* Asks the terminal once, before the first prompt, whether it draws sixel
 * graphics (primary device attributes, ESC [ c; attribute 4 in the answer
 * ESC [ ? 62 ; 4 ; 22 c). It waits at most ~0.2 s after the last byte. What
 * else arrives meanwhile is the user's typing: it goes to readline, never
 * lost. (Asking at each plot read standard input up to the first 'c' and
 * ate commands typed ahead.) */
static bool
probe_sixel(void)
{
	struct termios old, raw;
	unsigned char buf[512];
	size_t n = 0, a = 0, b = 0;
	bool sixel = false, found = false;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || tcgetattr(STDIN_FILENO, &old) != 0)
		return false;
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 2;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) != 0)
		return false;
	if (write(STDOUT_FILENO, "\033[c", 3) == 3) {
		while (n < sizeof buf && !found) {
			ssize_t r = read(STDIN_FILENO, buf + n, sizeof buf - n);
			if (r <= 0)
				break;
			n += (size_t)r;
			/* the answer: ESC [ ? digits and ; then c */
			for (a = 0; a + 2 < n && !found; a++) {
				if (buf[a] != 0x1b || buf[a + 1] != '[' || buf[a + 2] != '?')
					continue;
				for (b = a + 3; b < n && (isdigit(buf[b]) || buf[b] == ';'); b++)
					;
				if (b < n && buf[b] == 'c') {
					found = true;
					break;
				}
			}
		}
	}
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	if (found) {
		for (char *p = (char *)buf + a + 3; p < (char *)buf + b;) {
			long v = strtol(p, &p, 10);
			sixel |= v == 4;
			if (*p == ';')
				p++;
			else
				break;
		}
		/* keep the rest: what was typed around the answer */
		memmove(buf + a, buf + b + 1, n - b - 1);
		n -= b + 1 - a;
	}
	memcpy(typed, buf, n);
	ntyped = n;
	ityped = 0;
	return sixel;
}

/* ---- asynchronous notices ---- */

void
cli_repl_notice(const char *msg)
{
	if (repl_ctx == NULL || !repl_ctx->interactive || !repl_ctx->tty_out) {
		fflush(stdout);
		fprintf(stderr, "%s\n", msg);
		return;
	}
	int saved = rl_point;
	char *saved_line = rl_copy_text(0, rl_end);
	rl_save_prompt();
	rl_replace_line("", 0);
	rl_redisplay();
	fprintf(stdout, "\r%s\n", msg);
	fflush(stdout);
	rl_restore_prompt();
	rl_replace_line(saved_line, 0);
	rl_point = saved;
	rl_forced_update_display();
	free(saved_line);
}

static void
on_sigint(int sig)
{
	fair_progress *p = cli_fg_progress;

	(void)sig;
	cli_interrupted = 1;
	if (p != NULL)      /* cancels the command running in the foreground */
		atomic_store(&p->cancel, true);
}

enum cmd_retval
cli_repl(struct cli_ctx *ctx)
{
	char hist[4200];
	struct sigaction sa;

	repl_ctx = ctx;
	ctx->interactive = true;
	history_path(hist, sizeof hist);
	if (hist[0])
		read_history(hist);
	rl_readline_name = "fairsh";
	rl_attempted_completion_function = complete;
	rl_catch_signals = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	ctx->term_sixel = probe_sixel();
	rl_getc_function = repl_getc;
	printf("fairsh %s -- the fairness shell. Type 'help' for commands, Ctrl-D to quit.\n",
	       PACKAGE_VERSION);
	rl_callback_handler_install(prompt_text(), on_line);
	while (!repl_done) {
		/* keys typed while the terminal was asked come first */
		if (ityped < ntyped) {
			rl_callback_read_char();
			continue;
		}
		struct pollfd fds[2];
		int nfds = 1;
		fds[0].fd = STDIN_FILENO;
		fds[0].events = POLLIN;
		if (cli_notify_fd(ctx) >= 0) {
			fds[1].fd = cli_notify_fd(ctx);
			fds[1].events = POLLIN;
			nfds = 2;
		}
		int r = poll(fds, (nfds_t)nfds, 250);
		if (cli_interrupted) {
			/* Ctrl-C at the prompt: drop the line, never exit */
			cli_interrupted = 0;
			fair_buf_reset(&pending);
			rl_replace_line("", 0);
			rl_crlf();
			rl_set_prompt(prompt_text());
			rl_on_new_line();
			rl_redisplay();
			continue;
		}
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (nfds == 2 && (fds[1].revents & POLLIN))
			cli_reap_jobs(ctx, true);
		if (fds[0].revents & (POLLIN | POLLHUP))
			rl_callback_read_char();
	}
	rl_callback_handler_remove();
	if (hist[0]) {
		write_history(hist);
		history_truncate_file(hist, 2000);
	}
	fair_buf_release(&pending);
	compl_reset();
	ctx->interactive = false;
	return repl_status;
}

/* Removes the readline handler before a full-screen view takes the terminal. */
void
cli_repl_suspend(void)
{
	if (repl_ctx && repl_ctx->interactive)
		rl_callback_handler_remove();
}
