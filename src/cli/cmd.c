/* cmd.c -- the command table, lookup by name/alias/unique prefix, dispatch
 * of a line's commands (the words are parsed by args.c), error messages. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/db.h"
#include "out/out.h"
#include "cli/commands.h"
#include "cli/result.h"
#include "cli/tokenize.h"
#include "fairsh/buf.h"
#include "fairsh/text.h"

static const struct cmd_entry *const cmd_table[] = {
#define X(name) &cmd_##name##_entry,
	CLI_COMMANDS
#undef X
};

const struct cmd_entry *const *
cli_cmd_table(size_t *n)
{
	*n = sizeof cmd_table / sizeof cmd_table[0];
	return cmd_table;
}

const struct cmd_entry *
cli_cmd_find(const char *name, char *errbuf, size_t errlen)
{
	size_t n = sizeof cmd_table / sizeof cmd_table[0], len = strlen(name), nmatch = 0;
	const struct cmd_entry *found = NULL;
	char cands[512] = "";

	for (size_t i = 0; i < n; i++)
		if (strcmp(cmd_table[i]->name, name) == 0 ||
		    (cmd_table[i]->alias && strcmp(cmd_table[i]->alias, name) == 0))
			return cmd_table[i];
	for (size_t i = 0; i < n; i++) {
		if (len > 0 && strncmp(cmd_table[i]->name, name, len) == 0) {
			found = cmd_table[i];
			if (nmatch++)
				strncat(cands, ", ", sizeof cands - strlen(cands) - 1);
			strncat(cands, cmd_table[i]->name, sizeof cands - strlen(cands) - 1);
		}
	}
	if (nmatch == 1)
		return found;
	if (nmatch > 1)
		snprintf(errbuf, errlen, "ambiguous command '%s', could be: %s", name, cands);
	else {
		/* the word may come from a binary file: no control bytes to the
		 * terminal (escape sequences), at most 60 bytes */
		char shown[256];
		size_t k = 0;
		for (const unsigned char *q = (const unsigned char *)name; *q && k < 60; q++)
			k += (size_t)snprintf(shown + k, sizeof shown - k, (*q < 0x20 || *q >= 0x7f) ? "\\x%02x" : "%c", *q);
		const char *names[sizeof cmd_table / sizeof cmd_table[0]];
		char near[120];
		for (size_t i = 0; i < n; i++)
			names[i] = cmd_table[i]->name;
		snprintf(errbuf, errlen, "unknown command '%s%s'%s (type 'help' for the list)", shown,
		         strlen(name) > 60 ? "..." : "", cli_did_you_mean(name, names, n, near, sizeof near));
	}
	return NULL;
}

static void
where(struct cli_ctx *ctx, char *buf, size_t len)
{
	if (ctx->file)
		snprintf(buf, len, "%s:%zu: ", ctx->file, ctx->lineno);
	else
		buf[0] = '\0';
}

/* Writes the message @fmt, @ap to @fp with the rule of src/out/escape.c:
 * messages quote data (labels, column and file names), which must not
 * drive the terminal or break the line. */
/* The width messages to @fp are broken in: 0 (none) when @fp is not a
 * terminal; else `set width`, or the terminal's. */
static size_t
term_cols(const struct cli_ctx *ctx, FILE *fp)
{
	struct winsize ws;

	if (!isatty(fileno(fp)))
		return 0;
	if (ctx->set.width >= 0)
		return (size_t)ctx->set.width;
	if (ioctl(fileno(fp), TIOCGWINSZ, &ws) != 0)
		return 0;
	return ws.ws_col;
}

/* @head (fairsh's own text: "fairsh: ", the place, "warning: ") then the
 * message, escaped, as one line: on a terminal broken at spaces to fit. */
static void
put_message(const struct cli_ctx *ctx, FILE *fp, const char *head, const char *fmt, va_list ap)
{
	fair_buf b = FAIR_BUF_INIT;

	fair_buf_puts(&b, head);
	fair_buf_vprintf(&b, fmt, ap);
	out_put_wrapped_line(fp, b.buf, term_cols(ctx, fp), 2);
	fair_buf_release(&b);
}

/* "fairsh: FILE:LINE: @what" escaped. */
static void
head_of(struct cli_ctx *ctx, fair_buf *h, const char *what)
{
	char loc[600];

	where(ctx, loc, sizeof loc);
	fair_buf_puts(h, "fairsh: ");
	out_escape(h, loc);
	fair_buf_puts(h, what);
}

static void
verror(struct cli_ctx *ctx, const struct cli_args *a, const char *fmt, va_list ap)
{
	fair_buf h = FAIR_BUF_INIT;

	head_of(ctx, &h, a ? a->entry->name : "");
	fair_buf_puts(&h, a ? ": " : "");
	fflush(stdout);
	put_message(ctx, stderr, h.buf, fmt, ap);
	fflush(stderr);
	fair_buf_release(&h);
}

enum cmd_retval
cli_error_usage(struct cli_ctx *ctx, const struct cli_args *a, const char *why, const char *usage)
{
	if (why)
		cli_error(ctx, a, "%s", why);
	else
		cli_error(ctx, a, "usage: %s", usage);
	if (why) {
		fputs("usage: ", stderr);
		out_put_escaped(stderr, usage);
		fputc('\n', stderr);
		fflush(stderr);
	}
	return CMD_ERROR;
}

enum cmd_retval
cli_error(struct cli_ctx *ctx, const struct cli_args *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(ctx, a, fmt, ap);
	va_end(ap);
	return CMD_ERROR;
}

enum cmd_retval
cli_ferror(struct cli_ctx *ctx, const struct cli_args *a, const fair_error *err)
{
	return cli_error(ctx, a, "%s", err->msg[0] ? err->msg : fair_strstatus(err->code));
}

void
cli_warn(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	fair_buf h = FAIR_BUF_INIT;

	head_of(ctx, &h, "warning: ");
	fflush(stdout);
	va_start(ap, fmt);
	put_message(ctx, stderr, h.buf, fmt, ap);
	va_end(ap);
	fflush(stderr);
	fair_buf_release(&h);
}

FILE *
cli_info_stream(struct cli_ctx *ctx)
{
	if (ctx->tty_out)
		return stdout;
	fflush(stdout);
	return stderr;
}

void
cli_note(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	fair_buf h = FAIR_BUF_INIT;

	head_of(ctx, &h, "note: ");
	fflush(stdout);
	va_start(ap, fmt);
	put_message(ctx, stderr, h.buf, fmt, ap);
	va_end(ap);
	fflush(stderr);
	fair_buf_release(&h);
}

void
cli_info(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	FILE *fp;

	if (ctx->quiet)
		return;
	fp = cli_info_stream(ctx);
	va_start(ap, fmt);
	put_message(ctx, fp, "", fmt, ap);
	va_end(ap);
	fflush(fp);
}

fair_session *
cli_session(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = fair_workbench_current(ctx->wb);

	if (s == NULL)
		cli_error(ctx, a, "no data loaded (use 'load FILE' or 'load demo:loans')");
	return s;
}

/* Writes the words back as a command line that tokenizes to the same words. */
static void
words_text(const struct cli_words *w, fair_buf *b)
{
	for (size_t i = 0; i < w->n; i++) {
		const char *s = w->v[i].text;
		bool q = w->v[i].quoted || strpbrk(s, " \t;#\"\\") != NULL || *s == '\0';
		if (i)
			fair_buf_putc(b, ' ');
		if (q && w->v[i].eq > 0) {
			/* key="value": keep the key bare */
			fair_buf_add(b, s, (size_t)w->v[i].eq + 1);
			s += w->v[i].eq + 1;
		}
		if (q) {
			fair_buf_putc(b, '"');
			for (; *s; s++) {
				if (*s == '"' || *s == '\\')
					fair_buf_putc(b, '\\');
				fair_buf_putc(b, *s);
			}
			fair_buf_putc(b, '"');
		} else {
			fair_buf_puts(b, s);
		}
	}
}

static void
history_add(struct cli_ctx *ctx, const struct cli_words *w)
{
	fair_buf b = FAIR_BUF_INIT;

	words_text(w, &b);
	if (strcasestr(b.buf, "password") != NULL || strstr(b.buf, "://") != NULL) {
		char *r = fair_db_redact(b.buf);   /* never a password in the history */
		if (r != NULL) {
			fair_buf_reset(&b);
			fair_buf_puts(&b, r);
			free(r);
		}
	}
	if (ctx->nhistory == ctx->caphistory) {
		size_t ncap = ctx->caphistory ? 2 * ctx->caphistory : 64;
		char **p = realloc(ctx->history, ncap * sizeof *p);
		if (p == NULL) {
			fair_buf_release(&b);
			return;
		}
		ctx->history = p;
		ctx->caphistory = ncap;
	}
	ctx->history[ctx->nhistory++] = fair_buf_detach(&b);
}

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Commands known to leave every session's set-up alone: after any other
 * one the current session's audit cache is dropped (fair_session_changed),
 * a safety net behind the calls of the set-up commands themselves. A new
 * command that only reads may be added here; forgetting it costs speed,
 * never a wrong audit. (train and correct add models: the cache keys a
 * model's decisions by the model, and a replaced model's go with it.) */
static const char *const keeps_setup[] = {
	"audit", "indices", "compare", "check", "report", "tradeoff", "explain", "methods", "plot",
	"view", "describe", "head", "columns", "sessions", "datasets", "models", "jobs", "wait",
	"cancel", "show", "set", "history", "help", "quit", "features", "save", "export", "use", "close",
	"train", "correct", NULL
};

static bool
leaves_setup(const char *name)
{
	for (size_t i = 0; keeps_setup[i] != NULL; i++)
		if (!strcmp(keeps_setup[i], name))
			return true;
	return false;
}

static enum cmd_retval
exec_words(struct cli_ctx *ctx, struct cli_words *w)
{
	char errbuf[1024];
	const struct cmd_entry *e;
	struct cli_args a;
	enum cmd_retval rv;
	double t0;

	if (ctx->echo) {
		fair_buf b = FAIR_BUF_INIT;
		words_text(w, &b);
		fputs("> ", stdout);
		out_put_escaped(stdout, b.buf);
		fputc('\n', stdout);
		fflush(stdout);
		fair_buf_release(&b);
	}
	e = cli_cmd_find(w->v[0].text, errbuf, sizeof errbuf);
	if (e == NULL) {
		char loc[600];
		where(ctx, loc, sizeof loc);
		fflush(stdout);
		fprintf(stderr, "fairsh: %s%s\n", loc, errbuf);
		return CMD_ERROR;
	}
	if (cli_args_parse(ctx, e, w, &a, errbuf, sizeof errbuf) < 0) {
		/* "WHY\nusage: ..." (args.c usage_error): the newline is ours */
		char *nl = strstr(errbuf, "\nusage: ");
		if (nl != NULL) {
			*nl = '\0';
			rv = cli_error_usage(ctx, &a, errbuf, nl + 8);
		} else if (!strncmp(errbuf, "usage: ", 7)) {
			rv = cli_error_usage(ctx, &a, NULL, errbuf + 7);
		} else {
			rv = cli_error(ctx, &a, "%s", errbuf);
		}
		cli_args_release(&a);
		return rv;
	}
	if ((e->flags & CMD_NEEDS_SESSION) && fair_workbench_current(ctx->wb) == NULL) {
		rv = cli_error(ctx, &a, "no data loaded (use 'load FILE' or 'load demo:loans')");
		cli_args_release(&a);
		return rv;
	}
	if ((e->flags & CMD_NEEDS_SESSION) && fair_workbench_current(ctx->wb)->stream_path != NULL &&
	    !cli_db_allowed(e->name)) {
		fair_session *cs = fair_workbench_current(ctx->wb);
		rv = cli_error(ctx, &a, "'%s' needs the rows: session '%s' streams %s without keeping its rows (audit "
		               "reads it in one pass); load it with 'load FILE' first", e->name, cs->name, cs->stream_path);
		cli_args_release(&a);
		return rv;
	}
	if ((e->flags & CMD_NEEDS_SESSION) && fair_workbench_current(ctx->wb)->db != NULL && !cli_db_allowed(e->name)) {
		fair_session *cs = fair_workbench_current(ctx->wb);
		rv = cli_error(ctx, &a, "'%s' needs the rows: session '%s' is attached to %s, whose rows stay in the "
		               "database (audit runs there); load them with 'load SOURCE table=T' first", e->name,
		               cs->name, cs->source);
		cli_args_release(&a);
		return rv;
	}
	struct cli_result res;
	if (cli_result_begin(ctx, &a, &res) < 0) {
		cli_args_release(&a);
		return CMD_ERROR;
	}
	t0 = now_s();
	cli_interrupted = 0;
	rv = e->exec(ctx, &a);
	if (!leaves_setup(e->name))
		fair_session_changed(fair_workbench_current(ctx->wb));
	rv = cli_result_end(ctx, &a, &res, rv);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		/* `fairsh -c ... | head`: nobody reads any more; stop (main exits) */
		int e2 = errno;
		struct stat st;
		if (!ctx->interactive && ctx->stdout_error == 0) {
			ctx->stdout_error = (fstat(STDOUT_FILENO, &st) == 0 && S_ISFIFO(st.st_mode)) ? EPIPE : e2 ? e2 : EIO;
			rv = CMD_EXIT;
		}
	}
	if (ctx->set.timer)
		fprintf(stderr, "time: %.3f s\n", now_s() - t0);
	cli_args_release(&a);
	for (size_t i = 1; i < w->n; i++)      /* cli_args_parse cut key=value at '=' */
		if (w->v[i].eq > 0)
			w->v[i].text[w->v[i].eq] = '=';
	if (rv == CMD_OK && strcmp(e->name, "history") != 0)
		history_add(ctx, w);
	ctx->ncommands++;
	return rv;
}

enum cmd_retval
cli_exec_line(struct cli_ctx *ctx, const char *line)
{
	struct cli_words *cmds;
	char errbuf[256];
	long n = cli_tokenize(line, &cmds, errbuf, sizeof errbuf);
	enum cmd_retval worst = CMD_OK;

	if (n < 0) {
		char loc[600];
		where(ctx, loc, sizeof loc);
		fprintf(stderr, "fairsh: %s%s\n", loc, errbuf);
		return CMD_ERROR;
	}
	for (long i = 0; i < n; i++) {
		enum cmd_retval rv = exec_words(ctx, &cmds[i]);
		if (rv == CMD_EXIT) {
			worst = CMD_EXIT;
			break;
		}
		if (rv == CMD_ERROR) {
			worst = CMD_ERROR;
			if (!ctx->keep_going && !ctx->interactive)
				break;
		}
	}
	cli_words_free_all(cmds, (size_t)n);
	return worst;
}
