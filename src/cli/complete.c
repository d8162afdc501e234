/* complete.c -- the words Tab offers at a place in a command line, from
 * the tables that define the language: the command table (names, aliases
 * and the placeholders of their arguments), the option tables (names,
 * choices, what a value is), the settings, plot kinds, views, learners,
 * methods and explain topics; and the session's columns, levels, models
 * and sessions. No readline here (repl.c asks): tests call it directly. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/complete.h"
#include "cli/method-doc.h"
#include "cli/topics.h"
#include "fairsh/datasets.h"
#include "fairsh/metric.h"
#include "fairsh/model.h"
#include "fairsh/spec.h"
#include "fairsh/stats.h"

struct words {
	char **v;
	size_t n, cap;
};

static void
add(struct words *w, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->v[i], s))
			return;
	if (w->n + 1 >= w->cap) {
		size_t nc = w->cap ? 2 * w->cap : 64;
		char **p = realloc(w->v, nc * sizeof *p);
		if (p == NULL)
			return;
		w->v = p;
		w->cap = nc;
	}
	if ((w->v[w->n] = strdup(s)) != NULL)
		w->v[++w->n] = NULL;
}

/* "a|b|c" -> a, b, c (each with @prefix before it) */
static void
add_split(struct words *w, const char *list, char sep)
{
	while (list && *list) {
		size_t l = strcspn(list, (char[]){ sep, '\0' });
		char b[128];
		snprintf(b, sizeof b, "%.*s", (int)l, list);
		add(w, b);
		list += l + (list[l] != '\0');
	}
}

static void
add_columns(struct words *w, const fair_session *s)
{
	for (size_t j = 0; s && j < fair_frame_ncols(s->frame); j++)
		add(w, fair_column_name(fair_frame_column(s->frame, j)));
}

static void
add_models(struct words *w, const fair_session *s)
{
	for (size_t m = 0; s && m < s->nmodels; m++)
		add(w, fair_model_name(s->models[m]));
}

static void
add_sessions(struct words *w, const fair_workbench *wb)
{
	for (size_t i = 0; i < wb->n; i++)
		add(w, wb->sessions[i]->name);
}

static void
add_levels(struct words *w, const fair_session *s, const char *col)
{
	long j = s && col ? fair_frame_find(s->frame, col) : -1;

	if (j < 0)
		return;
	const fair_column *c = fair_frame_column(s->frame, (size_t)j);
	if (fair_column_type(c) != FAIR_COL_NUMERIC) {
		for (size_t k = 0; k < fair_column_nlevels(c); k++)
			add(w, fair_column_level(c, k));
		return;
	}
	/* a numeric column: its values, when there are a few */
	const double *v = fair_column_values(c);
	for (size_t i = 0; i < fair_column_length(c) && w->n < 32; i++) {
		char b[40];
		if (fair_column_is_missing(c, i))
			continue;
		snprintf(b, sizeof b, "%.15g", v[i]);
		add(w, b);
	}
}

static void
add_learners(struct words *w)
{
	const char *help, *un;
	for (size_t i = 0; fair_learner_doc(i, &help, &un) != NULL; i++)
		add(w, fair_learner_doc(i, &help, &un));
}

/* The methods `correct MODEL with` takes: those whose usage is a
 * `correct` command (method-doc.c). */
static void
add_methods(struct words *w)
{
	size_t n, nm;
	const struct cli_method_doc *d = cli_method_docs(&n, &nm);

	for (size_t i = 0; i < nm; i++)
		if (!strncmp(d[i].usage, "correct ", 8))
			add(w, d[i].name);
}

static void
add_topics(struct words *w)
{
	size_t n, nm;
	const struct cli_method_doc *d = cli_method_docs(&n, &nm);

	for (int task = 0; task < 2; task++)
		for (size_t k = 0; k < fair_metric_count(task); k++)
			add(w, fair_metric_info_get(fair_metric_id(task, k))->name);
	for (int f = 0; f < FAIR_FIG_COUNT; f++)
		add(w, fair_figure_info_get(f)->name);
	for (size_t i = 0; i < n; i++)
		add(w, d[i].name);
	for (int c = 0; c < FAIR_CONV_COUNT; c++)
		add(w, fair_convention_name(c));
	for (size_t i = 0; i < fair_stats_topic_count(); i++)
		add(w, fair_stats_topic_name(i));
	for (size_t i = 0; i < fair_dataset_count(); i++)
		add(w, fair_dataset_get(i)->name);
	add_split(w, cli_topic_names(), ' ');
	for (size_t i = 0; cli_explain_aliases[i].alias; i++)
		add(w, cli_explain_aliases[i].alias);
}

static const struct cmd_opt format_opt = { "format", OPT_CHOICE, "table|csv|json|markdown", NULL, NULL };

static const struct cmd_opt *
find_opt(const struct cmd_entry *e, const char *key)
{
	for (const struct cmd_opt *o = e->opts; o && o->name; o++)
		if (!strcmp(o->name, key))
			return o;
	if ((e->flags & CMD_FORMAT) && !strcmp(key, "format"))
		return &format_opt;
	return NULL;
}

/* The value of option @key among the words, or NULL. */
static const char *
word_opt(char **wv, size_t wn, const char *key, char *buf, size_t len)
{
	size_t kl = strlen(key);

	for (size_t i = 1; i < wn; i++)
		if (!strncmp(wv[i], key, kl) && wv[i][kl] == '=') {
			snprintf(buf, len, "%s", wv[i] + kl + 1);
			return buf;
		}
	return NULL;
}

/* The values option @o takes: its choices, yes/no, or what its
 * placeholder names (COLUMN, MODEL, VALUE of positive=: levels). */
static int
option_values(struct words *w, const struct cmd_opt *o, const fair_session *s, char **wv, size_t wn)
{
	char b[256];
	const char *arg = o->arg ? o->arg : "";

	if (o->type == OPT_OUTFILE || strstr(arg, "FILE"))
		return 1;      /* file names */
	if (o->choices) {
		add_split(w, o->choices, '|');
	} else if (o->type == OPT_BOOL) {
		add(w, "yes");
		add(w, "no");
	} else if (!strcmp(o->name, "positive")) {
		const char *col = word_opt(wv, wn, "pred", b, sizeof b);
		add_levels(w, s, col ? col : s && s->target ? s->target->column : NULL);
	} else if (!strcmp(o->name, "privileged") && s) {
		/* `sensitive COL privileged=`: the levels of COL; else the groups */
		if (wn >= 2 && !strcmp(wv[0], "sensitive") && strchr(wv[1], ',') == NULL)
			add_levels(w, s, wv[1]);
		else
			for (size_t k = 0; s->groups && k < s->groups->K; k++)
				add(w, s->groups->labels[k]);
	} else if (strstr(arg, "COL")) {
		add_columns(w, s);
	} else if (strstr(arg, "MODEL")) {
		add_models(w, s);
	}
	return 0;
}

/* The positional words of @e at position @pos (after @wv[0..wn)): the
 * keywords of the commands whose first word is one, else what the
 * placeholder of the argument synopsis names. */
enum { POS_FILES = 1, POS_ONLY = 2 };   /* file names fit too; no options there */

static int
positional(struct words *w, struct cli_ctx *ctx, const struct cmd_entry *e, size_t pos, char **wv, size_t wn,
           const fair_session *s, const struct cmd_entry *const *tab, size_t ntab)
{
	const char *n = e->name, *prev = wn > 1 ? wv[wn - 1] : "";

	if (!strcmp(prev, "with") && wn >= 3) {
		if (!strcmp(n, "tradeoff")) {
			add(w, "wasserstein");
			add(w, "grid");
		} else {
			add_methods(w);
		}
		return POS_ONLY;
	}
	if (!strcmp(n, "help")) {
		for (size_t i = 0; i < ntab; i++)
			add(w, tab[i]->name);
		add_learners(w);
		return POS_ONLY;
	}
	if (!strcmp(n, "explain") && pos == 0) {
		add_topics(w);
		return 0;
	}
	if (!strcmp(n, "set")) {
		if (pos == 0) {
			for (size_t i = 0; cli_setting_names[i]; i++)
				add(w, cli_setting_names[i]);
		} else if (!strcmp(wv[1], "convention")) {
			for (int c = 0; c < FAIR_CONV_COUNT; c++)
				add(w, fair_convention_name(c));
		} else {
			for (size_t i = 0; cli_setting_names[i]; i++)
				if (!strcmp(wv[1], cli_setting_names[i]) && cli_setting_values[i] != NULL)
					add_split(w, cli_setting_values[i], '|');
		}
		return POS_ONLY;
	}
	if (!strcmp(n, "plot") && pos == 0) {
		for (size_t i = 0; cli_plot_kinds[i]; i++)
			add(w, cli_plot_kinds[i]);
		return POS_ONLY;
	}
	if (!strcmp(n, "view")) {
		if (pos == 0) {
			for (size_t i = 0; cli_view_names[i]; i++)
				add(w, cli_view_names[i]);
			return POS_ONLY;
		} else if (!strcmp(wv[1], "data"))
			add_sessions(w, ctx->wb);
		else
			add_models(w, s);
		return 0;
	}
	if (!strcmp(n, "train")) {
		if (pos == 0) {
			add_learners(w);
			return POS_ONLY;
		} else {
			const char *help;
			for (size_t k = 0; fair_learner_option_doc(wv[1], k, &help) != NULL; k++) {
				char b[128];
				snprintf(b, sizeof b, "%s=", fair_learner_option_doc(wv[1], k, &help));
				add(w, b);
			}
			add(w, "as");
		}
		return 0;
	}
	if (!strcmp(n, "load")) {
		for (size_t i = 0; i < fair_dataset_count(); i++)
			add(w, fair_dataset_get(i)->name);
		return POS_FILES;
	}
	if (!strcmp(n, "tradeoff") && pos == 0) {
		add_models(w, s);
		add_learners(w);
		return 0;
	}
	if ((!strcmp(n, "correct") || !strcmp(n, "tradeoff")) && pos == 1) {
		add(w, "with");
		return POS_ONLY;
	}
	/* the placeholder of the synopsis: "MODEL ...", "[COLUMN]", "NAME" */
	const char *args = e->args ? e->args : "";
	args += strspn(args, "[ ");
	if (!strncmp(args, "MODEL", 5)) {
		add_models(w, s);
		if (strstr(args, "COLUMN") && strstr(args, "MODEL|COLUMN"))
			add_columns(w, s);
	} else if (!strncmp(args, "COL", 3)) {
		add_columns(w, s);
	} else if (!strncmp(args, "NAME", 4) || !strncmp(args, "SESSION", 7)) {
		add_sessions(w, ctx->wb);
	} else if (!strncmp(args, "FILE", 4)) {
		return POS_FILES;
	} else if (!strncmp(args, "COMMAND", 7)) {
		for (size_t i = 0; i < ntab; i++)
			add(w, tab[i]->name);
		add_models(w, s);
	}
	return 0;
}

char **
cli_complete_words(struct cli_ctx *ctx, const char *line, size_t start, bool *files)
{
	struct words w = { 0 };
	const char *p = line;
	char *seg, *save = NULL, *tok, **wv = NULL;
	size_t wn = 0, ntab;
	const struct cmd_entry *const *tab = cli_cmd_table(&ntab);
	fair_session *s = fair_workbench_current(ctx->wb);
	char eb[256];

	*files = false;
	/* the current command: after the last ';' before the word */
	for (const char *q = line; q < line + start; q++)
		if (*q == ';')
			p = q + 1;
	if ((seg = strndup(p, (size_t)(line + start - p))) == NULL)
		return NULL;
	/* a value being typed: the word ends in "key=" */
	size_t sl = strlen(seg);
	bool value = sl > 0 && seg[sl - 1] == '=';
	for (tok = strtok_r(seg, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		char **nv = realloc(wv, (wn + 1) * sizeof *nv);
		if (nv == NULL)
			break;
		wv = nv;
		wv[wn++] = tok;
	}
	if (wn == 0) {
		for (size_t i = 0; i < ntab; i++) {
			add(&w, tab[i]->name);
			if (tab[i]->alias)
				add(&w, tab[i]->alias);
		}
		goto out;
	}
	const struct cmd_entry *e = cli_cmd_find(wv[0], eb, sizeof eb);
	if (e == NULL)
		goto out;
	if (value) {
		char key[64];
		snprintf(key, sizeof key, "%.*s", (int)(strlen(wv[wn - 1]) - 1), wv[wn - 1]);
		const struct cmd_opt *o = find_opt(e, key);
		if (o != NULL)
			*files = option_values(&w, o, s, wv, wn - 1) != 0;
		goto out;
	}
	size_t pos = 0;
	for (size_t i = 1; i < wn; i++)
		pos += strchr(wv[i], '=') == NULL;
	int how = positional(&w, ctx, e, pos, wv, wn, s, tab, ntab);
	*files = (how & POS_FILES) != 0;
	if (how & POS_ONLY)
		goto out;
	/* the options, where a word may be one */
	for (const struct cmd_opt *o = e->opts; o && o->name; o++) {
		char b[128];
		snprintf(b, sizeof b, "%s=", o->name);
		add(&w, b);
	}
	if (e->flags & CMD_FORMAT)
		add(&w, "format=");
out:
	free(wv);
	free(seg);
	if (w.v == NULL)
		w.v = calloc(1, sizeof *w.v);
	return w.v;
}

void
cli_complete_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}
