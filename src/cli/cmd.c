/* cmd.c -- the command table, lookup by name/alias/unique prefix, argument
 * parsing against each entry's option table, and dispatch. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/tokenize.h"
#include "fairsh/buf.h"

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
		snprintf(errbuf, errlen, "unknown command '%s%s' (type 'help' for the list)", shown,
		         strlen(name) > 60 ? "..." : "");
	}
	return NULL;
}

static const struct cmd_opt *
find_opt(const struct cmd_entry *e, const char *key)
{
	if (e->opts == NULL)
		return NULL;
	for (const struct cmd_opt *o = e->opts; o->name; o++)
		if (strcmp(o->name, key) == 0)
			return o;
	return NULL;
}

static void
usage_line(const struct cmd_entry *e, char *buf, size_t len)
{
	snprintf(buf, len, "usage: %s %s", e->name, e->usage ? e->usage : "");
}

static void
opt_names(const struct cmd_entry *e, char *buf, size_t len)
{
	buf[0] = '\0';
	if (e->opts)
		for (const struct cmd_opt *o = e->opts; o->name; o++) {
			if (buf[0])
				strncat(buf, ", ", len - strlen(buf) - 1);
			strncat(buf, o->name, len - strlen(buf) - 1);
		}
	if (e->flags & CMD_FORMAT) {
		if (buf[0])
			strncat(buf, ", ", len - strlen(buf) - 1);
		strncat(buf, "format", len - strlen(buf) - 1);
	}
	if (buf[0] == '\0')
		snprintf(buf, len, "none");
}

static int
format_parse(const char *s, int *out)
{
	static const char *const names[] = { "table", "csv", "json", "markdown" };
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}

int
cli_parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "yes") || !strcmp(s, "on") || !strcmp(s, "true") || !strcmp(s, "1"))
		*out = true;
	else if (!strcmp(s, "no") || !strcmp(s, "off") || !strcmp(s, "false") || !strcmp(s, "0"))
		*out = false;
	else
		return -1;
	return 0;
}

static bool
choice_ok(const char *choices, const char *v)
{
	size_t lv = strlen(v);
	for (const char *p = choices; *p;) {
		const char *bar = strchr(p, '|');
		size_t l = bar ? (size_t)(bar - p) : strlen(p);
		if (l == lv && strncmp(p, v, l) == 0)
			return true;
		p += l + (bar != NULL);
	}
	return false;
}

/* Parses words after the command name into @a; 0 or -1 with the message in errbuf. */
static int
parse_args(struct cli_ctx *ctx, const struct cmd_entry *e, struct cli_words *w,
           struct cli_args *a, char *errbuf, size_t errlen)
{
	char names[512], usage[512];

	memset(a, 0, sizeof *a);
	a->entry = e;
	a->format = ctx->set.format;
	a->pos = calloc(w->n, sizeof *a->pos);
	a->key = calloc(w->n, sizeof *a->key);
	a->val = calloc(w->n, sizeof *a->val);
	if (a->pos == NULL || a->key == NULL || a->val == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		return -1;
	}
	usage_line(e, usage, sizeof usage);
	for (size_t i = 1; i < w->n; i++) {
		struct cli_word *wd = &w->v[i];
		if ((e->flags & CMD_AS) && !wd->quoted && strcmp(wd->text, "as") == 0) {
			if (i + 1 >= w->n) {
				snprintf(errbuf, errlen, "'as' needs a name\n%s", usage);
				return -1;
			}
			a->as = w->v[++i].text;
			continue;
		}
		if (wd->eq > 0) {
			char *key = wd->text, *val = wd->text + wd->eq + 1;
			const struct cmd_opt *o;
			key[wd->eq] = '\0';
			if ((e->flags & CMD_FORMAT) && strcmp(key, "format") == 0) {
				if (format_parse(val, &a->format) < 0) {
					snprintf(errbuf, errlen, "format must be table, csv, json or markdown, not '%s'", val);
					return -1;
				}
				continue;
			}
			o = find_opt(e, key);
			if (o == NULL && (e->flags & CMD_RAW_OPTS)) {
				a->key[a->nopt] = key;
				a->val[a->nopt++] = val;
				continue;
			}
			if (o == NULL) {
				if (e->flags & CMD_RAW_ARGS) {
					key[wd->eq] = '=';
					a->pos[a->npos++] = wd->text;
					continue;
				}
				opt_names(e, names, sizeof names);
				snprintf(errbuf, errlen, "unknown option '%s' (options: %s)\n%s", key, names, usage);
				return -1;
			}
			if (o->type == OPT_CHOICE && !choice_ok(o->choices, val)) {
				snprintf(errbuf, errlen, "%s must be one of %s, not '%s'", key, o->choices, val);
				return -1;
			}
			if (o->type == OPT_BOOL) {
				bool b;
				if (cli_parse_bool(val, &b) < 0) {
					snprintf(errbuf, errlen, "%s must be yes or no, not '%s'", key, val);
					return -1;
				}
			}
			if (o->type == OPT_INT || o->type == OPT_DOUBLE) {
				char *end;
				errno = 0;
				double d = strtod(val, &end);
				if (*val == '\0' || *end != '\0' || errno || isnan(d) ||
				    (o->type == OPT_INT && d != floor(d))) {
					snprintf(errbuf, errlen, "%s must be %s, not '%s'", key,
					         o->type == OPT_INT ? "an integer" : "a number", val);
					return -1;
				}
			}
			a->key[a->nopt] = key;
			a->val[a->nopt++] = val;
			continue;
		}
		a->pos[a->npos++] = wd->text;
	}
	if ((int)a->npos < e->min_args || (e->max_args >= 0 && (int)a->npos > e->max_args)) {
		snprintf(errbuf, errlen, "%s", usage);
		return -1;
	}
	return 0;
}

static void
free_args(struct cli_args *a)
{
	free(a->pos);
	free(a->key);
	free(a->val);
}

const char *
cli_opt(const struct cli_args *a, const char *key)
{
	const char *v = NULL;
	for (size_t i = 0; i < a->nopt; i++)
		if (strcmp(a->key[i], key) == 0)
			v = a->val[i];   /* the last one wins */
	return v;
}

int
cli_opt_double(struct cli_ctx *ctx, const struct cli_args *a, const char *key, double def,
               double lo, double hi, double *out)
{
	const char *v = cli_opt(a, key);
	char *end;

	if (v == NULL) {
		*out = def;
		return 0;
	}
	*out = strtod(v, &end);
	if (*v == '\0' || *end != '\0' || isnan(*out)) {
		cli_error(ctx, a, "%s must be a number, not '%s'", key, v);
		return -1;
	}
	if (*out < lo || *out > hi) {
		cli_error(ctx, a, "%s must be between %g and %g, not %s", key, lo, hi, v);
		return -1;
	}
	return 0;
}

int
cli_opt_size(struct cli_ctx *ctx, const struct cli_args *a, const char *key, size_t def,
             size_t lo, size_t hi, size_t *out)
{
	const char *v = cli_opt(a, key);
	char *end;
	double d;

	if (v == NULL) {
		*out = def;
		return 0;
	}
	d = strtod(v, &end);
	if (*v == '\0' || *end != '\0' || d != floor(d) || d < (double)lo || d > (double)hi) {
		cli_error(ctx, a, "%s must be an integer between %zu and %zu, not '%s'", key, lo, hi, v);
		return -1;
	}
	*out = (size_t)d;
	return 0;
}

int
cli_opt_bool(struct cli_ctx *ctx, const struct cli_args *a, const char *key, bool def, bool *out)
{
	const char *v = cli_opt(a, key);

	if (v == NULL) {
		*out = def;
		return 0;
	}
	if (cli_parse_bool(v, out) < 0) {
		cli_error(ctx, a, "%s must be yes or no, not '%s'", key, v);
		return -1;
	}
	return 0;
}

static void
where(struct cli_ctx *ctx, char *buf, size_t len)
{
	if (ctx->file)
		snprintf(buf, len, "%s:%zu: ", ctx->file, ctx->lineno);
	else
		buf[0] = '\0';
}

static void
verror(struct cli_ctx *ctx, const struct cli_args *a, const char *fmt, va_list ap)
{
	char loc[600];

	where(ctx, loc, sizeof loc);
	fflush(stdout);
	fprintf(stderr, "fairsh: %s%s%s", loc, a ? a->entry->name : "", a ? ": " : "");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	fflush(stderr);
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
	char loc[600];

	where(ctx, loc, sizeof loc);
	fflush(stdout);
	fprintf(stderr, "fairsh: %swarning: ", loc);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
}

void
cli_info(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
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
		printf("> %s\n", b.buf);
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
	if (parse_args(ctx, e, w, &a, errbuf, sizeof errbuf) < 0) {
		rv = cli_error(ctx, &a, "%s", errbuf);
		free_args(&a);
		return rv;
	}
	if ((e->flags & CMD_NEEDS_SESSION) && fair_workbench_current(ctx->wb) == NULL) {
		rv = cli_error(ctx, &a, "no data loaded (use 'load FILE' or 'load demo:loans')");
		free_args(&a);
		return rv;
	}
	t0 = now_s();
	cli_interrupted = 0;
	rv = e->exec(ctx, &a);
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
	free_args(&a);
	for (size_t i = 1; i < w->n; i++)      /* parse_args cut key=value at '=' */
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
