/* args.c -- the words of a command checked against its entry (positional
 * words, `as NAME`, key=value options typed by the option table), typed
 * access to the options for the exec functions (tmux's args_get and
 * args_strtonum), the parsers under them, and the usage line built from the
 * entry, so that `usage:` messages and `help` cannot drift from the table. */
/* SPDX-License-Identifier: MIT */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/text.h"
#include "cli/cli.h"
#include "cli/tokenize.h"

static const char *const format_choices = "table|csv|json|markdown";

/* ---- parsers ---------------------------------------------------------------- */

/* The words themselves are read by the core's parsers (fairsh/text.h), so a
 * command option and a core option read "yes" and "1e-3" alike. */
int
cli_parse_bool(const char *s, bool *out)
{
	return fair_parse_yesno(s, out) ? 0 : -1;
}

int
cli_parse_number(const char *s, double *out)
{
	return fair_parse_number(s, out) ? 0 : -1;
}

int
cli_parse_size(const char *s, size_t lo, size_t hi, size_t *out)
{
	double d;

	if (cli_parse_number(s, &d) < 0 || d != floor(d) || d < (double)lo || d > (double)hi)
		return -1;
	/* (double)SIZE_MAX rounds up to 2^64: keep the cast defined */
	*out = d >= (double)SIZE_MAX ? SIZE_MAX : (size_t)d;
	return 0;
}

int
cli_parse_seed(const char *s, unsigned long *out)
{
	char *end;
	unsigned long long v;

	/* the generators (GSL's MT19937) use 32 bits of a seed: 2^32 + 1 would
	 * repeat seed 1, so every seed is checked against that range */
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s == '\0' || *end != '\0' || s[0] == '-' || s[0] == '+' || errno != 0 || v > CLI_SEED_MAX)
		return -1;
	*out = (unsigned long)v;
	return 0;
}

int
cli_opt_seed(struct cli_ctx *ctx, const struct cli_args *a, const char *key, unsigned long *out)
{
	const char *v = cli_opt(a, key);

	*out = ctx->set.seed;
	if (v == NULL || cli_parse_seed(v, out) == 0)
		return 0;
	cli_error(ctx, a, "%s must be an integer from 0 to %lu, not '%s'", key, (unsigned long)CLI_SEED_MAX, v);
	return -1;
}

double *
cli_parse_numbers(const char *s, size_t *n)
{
	size_t cap = 1, k = 0;
	double *v;
	char *end;

	for (const char *p = s; *p; p++)
		cap += *p == ',';
	if ((v = malloc(cap * sizeof *v)) == NULL)
		return NULL;
	for (const char *p = s; *p;) {
		double x = strtod(p, &end);
		if (end == p || (*end != ',' && *end != '\0')) {
			free(v);
			return NULL;
		}
		v[k++] = x;
		p = *end ? end + 1 : end;
	}
	*n = k;
	return v;
}

char **
cli_split_list(const char *s, char sep, size_t *n)
{
	char **v = fair_split(s, sep, n);

	if (v == NULL)
		*n = 0;
	return v;
}

void
cli_list_free(char **v, size_t n)
{
	fair_strv_free(v, n);
}

/* ---- parsing the words of a command ------------------------------------------- */

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

/* "a, b, format" (the names of the option table), or "none". */
static void
opt_names(const struct cmd_entry *e, fair_buf *b)
{
	size_t start = b->len;

	if (e->opts)
		for (const struct cmd_opt *o = e->opts; o->name; o++)
			fair_buf_printf(b, "%s%s", b->len > start ? ", " : "", o->name);
	if (e->flags & CMD_FORMAT)
		fair_buf_printf(b, "%sformat", b->len > start ? ", " : "");
	if (b->len == start)
		fair_buf_puts(b, "none");
}

static const char *const format_names[] = { "table", "csv", "json", "markdown", "junit" };

int
cli_format_parse(const char *s, int *out)
{
	for (int i = 0; i < 5; i++)
		if (strcmp(s, format_names[i]) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}

const char *
cli_format_name(int format)
{
	return format >= 0 && format < 5 ? format_names[format] : "?";
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

/* Checks @val against the type of option @o; the message in errbuf. */
static int
check_value(const struct cmd_opt *o, const char *key, const char *val, char *errbuf, size_t errlen)
{
	bool b;
	double d;

	switch (o->type) {
	case OPT_CHOICE:
		if (!choice_ok(o->choices, val)) {
			snprintf(errbuf, errlen, "%s must be one of %s, not '%s'", key, o->choices, val);
			return -1;
		}
		break;
	case OPT_BOOL:
		if (cli_parse_bool(val, &b) < 0) {
			snprintf(errbuf, errlen, "%s must be yes or no, not '%s'", key, val);
			return -1;
		}
		break;
	case OPT_INT:
	case OPT_DOUBLE:
		if (cli_parse_number(val, &d) < 0 || (o->type == OPT_INT && d != floor(d))) {
			snprintf(errbuf, errlen, "%s must be %s, not '%s'", key,
			         o->type == OPT_INT ? "an integer" : "a number", val);
			return -1;
		}
		break;
	default:
		break;
	}
	return 0;
}

/* errbuf = @msg, a newline and the usage line */
static int
usage_error(const struct cmd_entry *e, const char *msg, char *errbuf, size_t errlen)
{
	fair_buf b = FAIR_BUF_INIT;

	cli_usage_text(e, NULL, &b);
	snprintf(errbuf, errlen, "%s%susage: %s", msg, *msg ? "\n" : "", b.buf);
	fair_buf_release(&b);
	return -1;
}

int
cli_args_parse(const struct cli_ctx *ctx, const struct cmd_entry *e, struct cli_words *w,
               struct cli_args *a, char *errbuf, size_t errlen)
{
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
	for (size_t i = 1; i < w->n; i++) {
		struct cli_word *wd = &w->v[i];
		if ((e->flags & CMD_AS) && !wd->quoted && strcmp(wd->text, "as") == 0) {
			if (i + 1 >= w->n)
				return usage_error(e, "'as' needs a name", errbuf, errlen);
			a->as = w->v[++i].text;
			continue;
		}
		/* key=value when the key is a name: "x<=0.05" and ">=" are words */
		if (wd->eq > 0 && strspn(wd->text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
		                  == (size_t)wd->eq) {
			char *key = wd->text, *val = wd->text + wd->eq + 1;
			const struct cmd_opt *o;
			key[wd->eq] = '\0';
			if ((e->flags & CMD_FORMAT) && strcmp(key, "format") == 0) {
				if (cli_format_parse(val, &a->format) < 0 ||
				    (a->format == OUT_JUNIT && !(e->flags & CMD_JUNIT))) {
					snprintf(errbuf, errlen, "format must be table, csv, json%s or markdown, not '%s'",
					         (e->flags & CMD_JUNIT) ? ", junit" : "", val);
					return -1;
				}
				a->format_given = true;
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
				fair_buf m = FAIR_BUF_INIT;
				const char *names[64];
				size_t nn = 0;
				char near[120];
				for (const struct cmd_opt *q = e->opts; q && q->name && nn < 63; q++)
					names[nn++] = q->name;
				if (e->flags & CMD_FORMAT)
					names[nn++] = "format";
				fair_buf_printf(&m, "unknown option '%s'%s (options: ", key,
				                cli_did_you_mean(key, names, nn, near, sizeof near));
				opt_names(e, &m);
				fair_buf_putc(&m, ')');
				usage_error(e, m.buf, errbuf, errlen);
				fair_buf_release(&m);
				return -1;
			}
			if (check_value(o, key, val, errbuf, errlen) < 0)
				return -1;
			a->key[a->nopt] = key;
			a->val[a->nopt++] = val;
			continue;
		}
		a->pos[a->npos++] = wd->text;
	}
	if ((int)a->npos < e->min_args || (e->max_args >= 0 && (int)a->npos > e->max_args))
		return usage_error(e, "", errbuf, errlen);
	return 0;
}

void
cli_args_release(struct cli_args *a)
{
	free(a->pos);
	free(a->key);
	free(a->val);
}

char *
cli_args_text(const struct cli_args *a)
{
	fair_buf b = FAIR_BUF_INIT;

	for (size_t i = 0; i < a->npos; i++)
		fair_buf_printf(&b, "%s%s", i ? " " : "", a->pos[i]);
	for (size_t i = 0; i < a->nopt; i++)
		fair_buf_printf(&b, " %s=%s", a->key[i], a->val[i]);
	return fair_buf_detach(&b);
}

/* ---- typed access ------------------------------------------------------------- */

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
	bool number = false;

	*out = def;
	if (v == NULL || ((number = cli_parse_number(v, out) == 0) && *out >= lo && *out <= hi))
		return 0;
	if (!number)
		cli_error(ctx, a, "%s must be a number, not '%s'", key, v);
	else
		cli_error(ctx, a, "%s must be between %g and %g, not %s", key, lo, hi, v);
	return -1;
}

int
cli_opt_size(struct cli_ctx *ctx, const struct cli_args *a, const char *key, size_t def,
             size_t lo, size_t hi, size_t *out)
{
	const char *v = cli_opt(a, key);

	*out = def;
	if (v == NULL || cli_parse_size(v, lo, hi, out) == 0)
		return 0;
	cli_error(ctx, a, "%s must be an integer between %zu and %zu, not '%s'", key, lo, hi, v);
	return -1;
}

int
cli_opt_bool(struct cli_ctx *ctx, const struct cli_args *a, const char *key, bool def, bool *out)
{
	const char *v = cli_opt(a, key);

	*out = def;
	if (v == NULL || cli_parse_bool(v, out) == 0)
		return 0;
	cli_error(ctx, a, "%s must be yes or no, not '%s'", key, v);
	return -1;
}

/* ---- the usage line ------------------------------------------------------------ */

/* What the value of @o looks like in the usage line. */
static const char *
opt_arg(const struct cmd_opt *o)
{
	if (o->arg)
		return o->arg;
	switch (o->type) {
	case OPT_CHOICE: return o->choices;
	case OPT_BOOL:   return "yes";
	case OPT_INT:    return "N";
	case OPT_DOUBLE: return "X";
	case OPT_LIST:   return "LIST";
	default:         return "VALUE";
	}
}

/* Index of option @name in the table, -2 for format (CMD_FORMAT), -1 if none. */
static long
opt_index(const struct cmd_entry *e, const char *name, size_t len)
{
	if ((e->flags & CMD_FORMAT) && len == 6 && !strncmp(name, "format", 6))
		return -2;
	for (long i = 0; e->opts && e->opts[i].name; i++)
		if (strlen(e->opts[i].name) == len && !strncmp(e->opts[i].name, name, len))
			return i;
	return -1;
}

/* Appends @text (one form or all of args) with each {opt} expanded, and
 * marks the options it names in @used (format: used[n]). */
static void
expand(const struct cmd_entry *e, const char *text, size_t len, bool *used, size_t nopts, fair_buf *b)
{
	for (size_t i = 0; i < len; i++) {
		const char *close;
		long k;
		if (text[i] != '{' || (close = memchr(text + i, '}', len - i)) == NULL) {
			fair_buf_putc(b, text[i]);
			continue;
		}
		k = opt_index(e, text + i + 1, (size_t)(close - text - i - 1));
		if (k == -1) {          /* not an option: shown as written (the usage test catches it) */
			fair_buf_putc(b, text[i]);
			continue;
		}
		if (k == -2) {
			fair_buf_printf(b, "format=%s%s", format_choices, (e->flags & CMD_JUNIT) ? "|junit" : "");
			used[nopts] = true;
		} else {
			fair_buf_printf(b, "%s=%s", e->opts[k].name, opt_arg(&e->opts[k]));
			used[k] = true;
		}
		i = (size_t)(close - text);
	}
}

/* The forms of @args: the spans between " | " outside brackets. Returns
 * the number of forms (at most @max), their starts and lengths. */
static size_t
split_forms(const char *args, const char **start, size_t *len, size_t max)
{
	size_t n = 0;
	int depth = 0;
	const char *p = args, *s = args;

	for (; *p; p++) {
		if (*p == '[' || *p == '(')
			depth++;
		else if ((*p == ']' || *p == ')') && depth > 0)
			depth--;
		else if (depth == 0 && !strncmp(p, " | ", 3) && n + 1 < max) {
			start[n] = s;
			len[n++] = (size_t)(p - s);
			s = p + 3;
			p += 2;
		}
	}
	start[n] = s;
	len[n++] = (size_t)(p - s);
	return n;
}

/* True when the first word of a form ("dist|rates|roc" or "audit")
 * names @form. */
static bool
form_matches(const char *f, size_t len, const char *form)
{
	size_t wl = 0, fl = strlen(form);

	while (wl < len && f[wl] != ' ')
		wl++;
	for (size_t i = 0; i < wl;) {
		size_t j = i;
		while (j < wl && f[j] != '|')
			j++;
		if (j - i == fl && !strncmp(f + i, form, fl))
			return true;
		i = j + 1;
	}
	return false;
}

void
cli_usage_text(const struct cmd_entry *e, const char *form, fair_buf *b)
{
	const char *args = e->args ? e->args : "", *fstart[32];
	size_t flen[32], nforms = 0, nopts = 0, shown = 0;
	bool used[64] = { false };

	while (e->opts && e->opts[nopts].name)
		nopts++;
	assert(nopts < sizeof used / sizeof used[0]);   /* used[nopts] stands for format= */
	fair_buf_puts(b, e->name);
	if (*args)
		nforms = split_forms(args, fstart, flen, sizeof fstart / sizeof fstart[0]);
	for (size_t f = 0; f < nforms; f++) {
		if (form && !form_matches(fstart[f], flen[f], form))
			continue;
		fair_buf_puts(b, shown++ ? " | " : " ");
		expand(e, fstart[f], flen[f], used, nopts, b);
	}
	if (*args && shown == 0) {      /* no such form: all of them */
		fair_buf_putc(b, ' ');
		expand(e, args, strlen(args), used, nopts, b);
	}
	if (form && *args) {            /* an option of another form is not repeated here */
		fair_buf other = FAIR_BUF_INIT;
		expand(e, args, strlen(args), used, nopts, &other);
		fair_buf_release(&other);
	}
	if ((e->flags & CMD_AS) && strstr(args, "as NAME") == NULL)
		fair_buf_puts(b, " [as NAME]");
	for (size_t k = 0; k < nopts; k++)
		if (!used[k])
			fair_buf_printf(b, " [%s=%s]", e->opts[k].name, opt_arg(&e->opts[k]));
	if ((e->flags & CMD_RAW_OPTS) && strstr(args, "key=value") == NULL)
		fair_buf_puts(b, " [key=value ...]");
	if ((e->flags & CMD_FORMAT) && !used[nopts])
		fair_buf_printf(b, " [format=%s%s]", format_choices, (e->flags & CMD_JUNIT) ? "|junit" : "");
}

enum cmd_retval
cli_usage(struct cli_ctx *ctx, const struct cli_args *a, const char *form, const char *why)
{
	fair_buf b = FAIR_BUF_INIT;
	enum cmd_retval rv;

	cli_usage_text(a->entry, form, &b);
	rv = cli_error_usage(ctx, a, why, b.buf);
	fair_buf_release(&b);
	return rv;
}
