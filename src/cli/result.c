/* result.c -- where a command's result goes: stdout or to=FILE (written
 * atomically once the command has succeeded), one JSON document and one
 * CSV table per command, Markdown tables titled and separated. The
 * dispatcher (cmd.c) opens and closes a result around every command;
 * commands print through cli_printf and cli_result_table / _json. */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/result.h"
#include "out/file.h"

int
cli_format_of_path(const char *path)
{
	static const struct { const char *ext; int format; } ext[] = {
		{ "txt", OUT_TABLE }, { "text", OUT_TABLE }, { "log", OUT_TABLE },
		{ "csv", OUT_CSV }, { "json", OUT_JSON }, { "md", OUT_MARKDOWN }, { "markdown", OUT_MARKDOWN },
		{ "xml", OUT_JUNIT },
	};
	const char *slash = strrchr(path, '/'), *dot = strrchr(slash ? slash + 1 : path, '.');

	if (dot == NULL || dot[1] == '\0' || dot == (slash ? slash + 1 : path))
		return -2;
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
		if (!strcasecmp(dot + 1, ext[i].ext))
			return ext[i].format;
	return -1;
}

/* The value of the entry's OPT_OUTFILE option (to=FILE), or NULL. */
static const char *
outfile(const struct cli_args *a, const char **key)
{
	if (a->entry->opts == NULL)
		return NULL;
	for (const struct cmd_opt *o = a->entry->opts; o->name; o++)
		if (o->type == OPT_OUTFILE) {
			*key = o->name;
			return cli_opt(a, o->name);
		}
	return NULL;
}

int
cli_result_begin(struct cli_ctx *ctx, struct cli_args *a, struct cli_result *r)
{
	const char *key = "to", *path = outfile(a, &key);

	memset(r, 0, sizeof *r);
	r->command = a->entry->name;
	r->fp = stdout;
	if (path != NULL) {
		struct stat st;
		if (*path == '\0') {
			cli_error(ctx, a, "%s= needs a file name", key);
			return -1;
		}
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			cli_error(ctx, a, "%s=%s: '%s' is a directory; name a file in it", key, path, path);
			return -1;
		}
		int f = cli_format_of_path(path);
		if (!a->format_given && f == -1) {
			cli_error(ctx, a, "cannot tell the format of '%s' from its extension: name it .txt, .csv, .json "
			          "or .md%s, or give format=", path, (a->entry->flags & CMD_JUNIT) ? " (.xml: JUnit)" : "");
			return -1;
		}
		if (!a->format_given && f >= 0)
			a->format = f;
		if (a->format == OUT_JUNIT && !(a->entry->flags & CMD_JUNIT)) {
			cli_error(ctx, a, "JUnit XML (.xml) is written by 'check' only; name the file .txt, .csv, .json or .md");
			return -1;
		}
		if ((r->fp = open_memstream(&r->text, &r->len)) == NULL) {
			cli_error(ctx, a, "out of memory");
			return -1;
		}
		r->path = path;
	}
	r->format = a->format;
	r->outer = ctx->result;
	ctx->result = r;
	return 0;
}

FILE *
cli_out(struct cli_ctx *ctx)
{
	return ctx->result ? ctx->result->fp : stdout;
}

bool
cli_result_to_file(const struct cli_ctx *ctx)
{
	return ctx->result && ctx->result->path;
}

void
cli_printf(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(cli_out(ctx), fmt, ap);
	va_end(ap);
	if (ctx->result)
		ctx->result->printed = true;
}

void
cli_result_json(struct cli_ctx *ctx, cJSON *v)
{
	struct cli_result *r = ctx->result;

	if (v == NULL)
		return;
	if (r == NULL) {                 /* outside a command (tests of a command's parts) */
		json_print(stdout, v);
		cJSON_Delete(v);
		return;
	}
	if (r->json == NULL && (r->json = cJSON_CreateArray()) == NULL) {
		cJSON_Delete(v);
		return;
	}
	cJSON_AddItemToArray(r->json, v);
}

/* A copy of @t (CSV tables are printed when the command ends). */
static struct out_table *
table_dup(const struct out_table *t)
{
	struct out_table *d = out_table_new(t->title, t->ncols, (const char *const *)t->cols);

	if (d == NULL)
		return NULL;
	memcpy(d->right, t->right, t->ncols * sizeof *d->right);
	for (size_t i = 0; i < t->nrows; i++) {
		size_t row = out_table_row(d);
		for (size_t j = 0; j < t->ncols; j++) {
			const struct out_cell *c = &t->cells[i * t->ncols + j];
			struct out_cell *e = &d->cells[row * d->ncols + j];
			*e = *c;
			e->text = c->text ? strdup(c->text) : NULL;
		}
	}
	return d;
}

/* "Fairness metrics" from a text title such as "\nFairness metrics:". */
static void
md_title(FILE *fp, const char *title)
{
	size_t l;

	while (*title == '\n')
		title++;
	l = strcspn(title, "\n");
	while (l > 0 && (title[l - 1] == ':' || isspace((unsigned char)title[l - 1])))
		l--;
	fprintf(fp, "**%.*s**\n\n", (int)l, title);
}

size_t
cli_text_width(const struct cli_ctx *ctx)
{
	struct winsize ws;
	const char *env;

	if (ctx->result && ctx->result->path)
		return 0;
	if (ctx->set.width >= 0)
		return (size_t)ctx->set.width;
	if (!isatty(STDOUT_FILENO))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if ((env = getenv("COLUMNS")) != NULL && atoi(env) >= 20)
		return (size_t)atoi(env);
	return 80;
}

void
cli_result_table(struct cli_ctx *ctx, const struct cli_args *a, const struct out_table *t)
{
	struct cli_result *r = ctx->result;
	FILE *fp = cli_out(ctx);

	switch (a->format) {
	case OUT_JSON: {
		cJSON *j = json_from_table(t);
		cli_result_json(ctx, j);
		break;
	}
	case OUT_CSV:
		if (r == NULL) {
			out_table_print_csv(fp, t);
		} else {
			struct out_table *d = table_dup(t), **p = realloc(r->tables, (r->ntables + 1) * sizeof *p);
			if (d == NULL || p == NULL) {
				out_table_free(d);
				free(p == r->tables ? NULL : p);
				if (p)
					r->tables = p;
				break;
			}
			r->tables = p;
			r->tables[r->ntables++] = d;
		}
		break;
	case OUT_MARKDOWN:
		if (r && r->printed)
			fputc('\n', fp);
		/* every Markdown table has a title: the table's, else the command's */
		md_title(fp, t->title ? t->title : r ? r->command : "result");
		{
			struct out_table tt = *t;
			tt.title = NULL;
			out_table_print_markdown(fp, &tt);
		}
		if (r)
			r->printed = true;
		break;
	default:
		out_table_print_text_width(fp, t, cli_text_width(ctx));
		if (r)
			r->printed = true;
	}
}

/* Prints the CSV tables as one: with the same columns, one header and all
 * the rows; else a first column "table" (the table's title, or its number)
 * and the union of the columns, blank where a table has no such column. */
static void
print_csv(FILE *fp, struct out_table **t, size_t n)
{
	bool same = true;
	const char **cols;
	size_t nc = 1;

	if (n == 1) {
		out_table_print_csv(fp, t[0]);
		return;
	}
	for (size_t i = 1; i < n && same; i++) {
		same = t[i]->ncols == t[0]->ncols;
		for (size_t j = 0; same && j < t[0]->ncols; j++)
			same = strcmp(t[i]->cols[j], t[0]->cols[j]) == 0;
	}
	if (same) {
		struct out_table all = *t[0];
		size_t total = 0;
		for (size_t i = 0; i < n; i++)
			total += t[i]->nrows;
		all.cells = malloc((total ? total : 1) * all.ncols * sizeof *all.cells);
		if (all.cells == NULL)
			return;
		all.nrows = 0;
		for (size_t i = 0; i < n; i++) {
			memcpy(all.cells + all.nrows * all.ncols, t[i]->cells, t[i]->nrows * all.ncols * sizeof *all.cells);
			all.nrows += t[i]->nrows;
		}
		out_table_print_csv(fp, &all);
		free(all.cells);
		return;
	}
	for (size_t i = 0; i < n; i++)
		nc += t[i]->ncols;
	if ((cols = malloc(nc * sizeof *cols)) == NULL)
		return;
	nc = 0;
	cols[nc++] = "table";
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < t[i]->ncols; j++) {
			size_t k = 1;
			while (k < nc && strcmp(cols[k], t[i]->cols[j]))
				k++;
			if (k == nc)
				cols[nc++] = t[i]->cols[j];
		}
	struct out_table *u = out_table_new(NULL, nc, cols);
	for (size_t i = 0; u && i < n; i++) {
		char num[32];
		snprintf(num, sizeof num, "%zu", i + 1);
		for (size_t row = 0; row < t[i]->nrows; row++) {
			size_t ur = out_table_row(u);
			out_table_str(u, ur, 0, t[i]->title ? t[i]->title : num);
			for (size_t j = 0; j < t[i]->ncols; j++) {
				size_t k = 1;
				while (strcmp(cols[k], t[i]->cols[j]))
					k++;
				const struct out_cell *c = &t[i]->cells[row * t[i]->ncols + j];
				struct out_cell *e = &u->cells[ur * u->ncols + k];
				*e = *c;
				e->text = c->text ? strdup(c->text) : NULL;
			}
		}
	}
	if (u)
		out_table_print_csv(fp, u);
	out_table_free(u);
	free(cols);
}

/* The JSON document of the result: a single object with "schema_version"
 * and "command" put first, or several values under "results". */
static cJSON *
json_document(struct cli_result *r)
{
	cJSON *doc = cJSON_CreateObject(), *only = cJSON_GetArraySize(r->json) == 1 ? r->json->child : NULL;

	if (doc == NULL)
		return NULL;
	cJSON_AddNumberToObject(doc, "schema_version", JSON_SCHEMA_VERSION);
	cJSON_AddStringToObject(doc, "command", r->command);
	if (only && cJSON_IsObject(only)) {
		cJSON *c;
		while ((c = only->child) != NULL) {
			cJSON_DetachItemViaPointer(only, c);
			if (c->string && (!strcmp(c->string, "schema_version") || !strcmp(c->string, "command"))) {
				cJSON_Delete(c);
				continue;
			}
			cJSON_AddItemToArray(doc, c);   /* keeps its key (c->string) */
		}
	} else {
		cJSON_AddItemToObject(doc, "results", r->json);
		r->json = NULL;
	}
	return doc;
}

enum cmd_retval
cli_result_end(struct cli_ctx *ctx, const struct cli_args *a, struct cli_result *r, enum cmd_retval rv)
{
	ctx->result = r->outer;
	/* a failed command prints no half document */
	if (rv == CMD_OK && r->json != NULL && cJSON_GetArraySize(r->json) > 0) {
		cJSON *doc = json_document(r);
		if (doc)
			json_print(r->fp, doc);
		cJSON_Delete(doc);
	}
	if (rv == CMD_OK && r->ntables > 0)
		print_csv(r->fp, r->tables, r->ntables);
	cJSON_Delete(r->json);
	for (size_t i = 0; i < r->ntables; i++)
		out_table_free(r->tables[i]);
	free(r->tables);
	if (r->path != NULL) {
		fclose(r->fp);
		if (rv == CMD_OK) {
			if (cli_write_file(ctx, a, r->path, r->text ? r->text : "", r->len) < 0)
				rv = CMD_ERROR;
			else
				cli_info(ctx, "wrote the %s result (%s) to '%s'", r->command,
				         a->format == OUT_JUNIT ? "JUnit XML" : cli_format_name(a->format), r->path);
		}
		free(r->text);
	}
	memset(r, 0, sizeof *r);
	return rv;
}

int
cli_write_file(struct cli_ctx *ctx, const struct cli_args *a, const char *path, const char *text, size_t len)
{
	fair_error err;

	if (out_write_atomic(path, text, len, &err) != FAIR_OK) {
		cli_ferror(ctx, a, &err);
		return -1;
	}
	return 0;
}
