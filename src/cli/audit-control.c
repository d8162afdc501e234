/* audit-control.c -- `audit ... control=COLUMN[,COLUMN]`: the audit within
 * each stratum of the control columns (Fairlearn's control_features), as
 * text tables, JSON and CSV. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/audit.h"
#include "cli/cli.h"
#include "cli/output.h"
#include "cli/result.h"
#include "fairsh/db.h"
#include "json/json.h"
#include "json/report.h"
#include "out/out.h"
#include "out/report.h"

/* The error of fair_groups_build over the control columns: its messages
 * speak of the sensitive attribute. -1, printed. */
static int
groups_error(struct cli_ctx *ctx, const struct cli_args *a, const char *spec, fair_error *err)
{
	if (strstr(err->msg, "has one group"))
		return cli_error(ctx, a, "control=%s has one value: nothing to stratify by", spec), -1;
	if (!strncmp(err->msg, "sensitive column", 16)) {
		char *cut = strstr(err->msg, "; give threshold=X");
		if (cut)
			*cut = '\0';
		return cli_error(ctx, a, "control column%s%s", err->msg + 16,
		                 cut ? "; control for a banded column made with derive (cut)" : ""), -1;
	}
	return cli_ferror(ctx, a, err), -1;
}

/* Two or more control columns: the combinations of their values (each
 * column's groups as a stratum of its own would have them) that no row has,
 * in the strata's order. Fairlearn's MetricFrame lists them with NaN; fairsh
 * names them in a note and in JSON instead of empty strata. Best effort: a
 * column that cannot be grouped alone, or more than a million combinations,
 * and nothing is listed. */
static void
absent_combinations(const fair_frame *f, char **cols, size_t n, struct cli_control *c)
{
	fair_groups **one = calloc(n, sizeof *one);
	size_t *at = calloc(n, sizeof *at);
	size_t total = 1;
	fair_error err;

	for (size_t j = 0; one && at && j < n; j++) {
		if (fair_groups_build(f, (const char *const *)&cols[j], 1, NAN, NULL, &one[j], &err) != 0 ||
		    (total *= one[j]->K) > 1000000) {
			total = 0;
			break;
		}
	}
	if (one && at && total > c->groups->K && (c->absent = calloc(CLI_CONTROL_ABSENT_MAX, sizeof *c->absent))) {
		for (size_t m = 0; m < total; m++) {
			fair_buf b = FAIR_BUF_INIT;
			for (size_t j = 0; j < n; j++)
				fair_buf_printf(&b, "%s%s", j ? " & " : "", one[j]->labels[at[j]]);
			bool seen = false;
			for (size_t k = 0; !seen && b.buf && k < c->groups->K; k++)
				seen = strcmp(c->groups->labels[k], b.buf) == 0;
			if (!seen && b.buf && c->nabsent++ < CLI_CONTROL_ABSENT_MAX)
				c->absent[c->nabsent - 1] = fair_buf_detach(&b);
			fair_buf_release(&b);
			/* the next combination: the last column turns fastest */
			for (size_t j = n; j-- > 0;) {
				if (++at[j] < one[j]->K)
					break;
				at[j] = 0;
			}
		}
	}
	for (size_t j = 0; one && j < n; j++)
		fair_groups_free(one[j]);
	free(one);
	free(at);
}

/* What a session names that control= may not take: the target, the
 * sensitive columns and the weights, read from a loaded session or from an
 * attached one's set-up. */
struct control_names {
	const char  *target;
	char *const *sensitive;
	size_t       nsensitive;
	const char  *weights;
};

/* Splits control=@spec into @cols (@n of them, to cli_list_free), refusing
 * a column @nm names. -1 with the error printed. */
static int
control_columns(struct cli_ctx *ctx, const struct cli_args *a, const char *spec, const struct control_names *nm,
                char ***cols, size_t *n)
{
	char **v = cli_split_list(spec, ',', n);
	if (v == NULL)
		return cli_error(ctx, a, "out of memory"), -1;
	for (size_t i = 0; i < *n; i++) {
		bool sens = false;
		for (size_t j = 0; j < nm->nsensitive; j++)
			sens |= nm->sensitive[j] != NULL && !strcmp(v[i], nm->sensitive[j]);
		const char *bad = nm->target && !strcmp(v[i], nm->target) ? "the target"
		                  : sens ? "part of the sensitive attribute"
		                  : nm->weights && !strcmp(v[i], nm->weights) ? "the weights" : NULL;
		if (bad) {
			cli_error(ctx, a, "control column '%s' is %s", v[i], bad);
			cli_list_free(v, *n);
			return -1;
		}
	}
	*cols = v;
	return 0;
}

int
cli_control_setup(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, struct cli_control *c)
{
	const char *spec = cli_opt(a, "control");
	fair_error err;
	size_t n = 0;

	memset(c, 0, sizeof *c);
	if (spec == NULL)
		return 0;
	const struct control_names nm = {
		.target = s->target ? s->target->column : NULL,
		.sensitive = s->groups ? s->groups->columns : NULL,
		.nsensitive = s->groups ? s->groups->ncolumns : 0,
		.weights = s->weights,
	};
	char **cols;
	if (control_columns(ctx, a, spec, &nm, &cols, &n))
		return -1;
	int st = fair_groups_build(s->frame, (const char *const *)cols, n, NAN, NULL, &c->groups, &err);
	if (st == 0 && n > 1)
		absent_combinations(s->frame, cols, n, c);
	cli_list_free(cols, n);
	if (st)
		return groups_error(ctx, a, spec, &err);
	c->spec = spec;
	c->reports = calloc(c->groups->K, sizeof *c->reports);
	c->why = calloc(c->groups->K, sizeof *c->why);
	if (c->reports == NULL || c->why == NULL) {
		cli_control_free(c);
		return cli_error(ctx, a, "out of memory"), -1;
	}
	return 0;
}

void
cli_control_free(struct cli_control *c)
{
	for (size_t k = 0; c->groups && k < c->groups->K; k++) {
		if (c->reports)
			fair_report_free(c->reports[k]);
		if (c->why)
			free(c->why[k]);
	}
	free(c->reports);
	free(c->why);
	cli_list_free(c->cols, c->ncols);
	for (size_t i = 0; c->absent && i < c->nabsent && i < CLI_CONTROL_ABSENT_MAX; i++)
		free(c->absent[i]);
	free(c->absent);
	fair_groups_free(c->groups);
	memset(c, 0, sizeof *c);
}

void
cli_control_request(struct cli_control *c, struct cli_audit_req *req)
{
	req->control = c->cols != NULL ? c : NULL;
	if (c->groups == NULL)
		return;
	req->strata = c->groups->group;
	req->nstrata = c->groups->K;
	req->strata_out = c->reports;
	req->strata_why = c->why;
}

int
cli_control_attach(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, struct cli_control *c)
{
	const char *spec = cli_opt(a, "control");
	const fair_db_setup *st = s->db_setup;
	size_t n = 0;

	memset(c, 0, sizeof *c);
	if (spec == NULL)
		return 0;
	const struct control_names nm = {
		.target = st ? st->target : NULL,
		.sensitive = st ? st->sensitive : NULL,
		.nsensitive = st ? st->nsensitive : 0,
		.weights = s->weights,
	};
	char **cols;
	if (control_columns(ctx, a, spec, &nm, &cols, &n))
		return -1;
	c->spec = spec;
	c->cols = cols;
	c->ncols = n;
	return 0;
}

int
cli_control_for(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, struct cli_control *c)
{
	return s->db != NULL || s->stream_path != NULL ? cli_control_attach(ctx, a, s, c) : cli_control_setup(ctx, a, s, c);
}

int
cli_control_counted(struct cli_ctx *ctx, const struct cli_args *a, struct cli_control *c, const fair_frame *counts)
{
	fair_error err;

	if (fair_groups_build(counts, (const char *const *)c->cols, c->ncols, NAN, NULL, &c->groups, &err))
		return groups_error(ctx, a, c->spec, &err);
	if (c->ncols > 1)
		absent_combinations(counts, c->cols, c->ncols, c);
	c->reports = calloc(c->groups->K, sizeof *c->reports);
	c->why = calloc(c->groups->K, sizeof *c->why);
	if (c->reports == NULL || c->why == NULL)
		return cli_error(ctx, a, "out of memory"), -1;
	return 0;
}

void
cli_control_text(struct cli_ctx *ctx, const struct cli_args *a, const struct cli_control *c)
{
	char title[1200];

	for (size_t k = 0; c->groups && k < c->groups->K; k++) {
		const fair_report *r = c->reports[k];
		char *lab = out_escaped_value(c->groups->labels[k]);
		if (r == NULL) {
			cli_printf(ctx, "\nStratum %s = %s: not audited (%s)\n", c->spec, lab ? lab : "",
			           c->why[k] ? c->why[k] : "?");
			free(lab);
			continue;
		}
		snprintf(title, sizeof title, "\nStratum %s = %s (%zu rows):", c->spec, lab ? lab : "", r->rows_used);
		free(lab);
		struct out_table *t[3] = { out_report_groups(r, title), out_report_metrics(r, ""), NULL };
		if (r->vs == FAIR_VS_OVERALL)
			t[2] = out_report_to_overall(r, "");
		cli_print_tables(ctx, a, t, t[2] ? 3 : 2);
	}
}

cJSON *
cli_control_json(const struct cli_control *c, const char *model, const fair_session *s, const char *on)
{
	cJSON *o = cJSON_CreateObject(), *cols = cJSON_AddArrayToObject(o, "columns"),
	      *arr = cJSON_AddArrayToObject(o, "strata");

	for (size_t j = 0; j < c->groups->ncolumns; j++)
		cJSON_AddItemToArray(cols, cJSON_CreateString(c->groups->columns[j]));
	if (c->groups->ncolumns > 1) {
		cJSON *ab = cJSON_AddArrayToObject(o, "absent");
		for (size_t i = 0; c->absent && i < c->nabsent && i < CLI_CONTROL_ABSENT_MAX; i++)
			cJSON_AddItemToArray(ab, cJSON_CreateString(c->absent[i]));
		cJSON_AddNumberToObject(o, "absent_count", (double)c->nabsent);
	}
	for (size_t k = 0; k < c->groups->K; k++) {
		cJSON *st = cJSON_CreateObject();
		cJSON_AddStringToObject(st, "stratum", c->groups->labels[k]);
		if (c->reports[k] != NULL) {
			cJSON *au = json_from_report(c->reports[k], model, (const char *const *)s->groups->columns,
			                             s->groups->ncolumns, on);
			if (c->reports[k]->vs == FAIR_VS_OVERALL)
				cJSON_AddItemToObject(au, "to_overall", cli_to_overall_json(c->reports[k]));
			cJSON_AddItemToObject(st, "audit", au);
		} else {
			cJSON_AddNullToObject(st, "audit");
			cJSON_AddStringToObject(st, "reason", c->why[k] ? c->why[k] : "");
		}
		cJSON_AddItemToArray(arr, st);
	}
	return o;
}

void
cli_control_tidy(struct out_table *t, const char *model, const struct cli_control *c)
{
	for (size_t k = 0; c->groups && k < c->groups->K; k++) {
		if (c->reports[k] == NULL)
			continue;
		size_t len = strlen(model) + strlen(c->spec) + strlen(c->groups->labels[k]) + 8;
		char *m = malloc(len);
		if (m == NULL)
			return;
		snprintf(m, len, "%s @ %s=%s", model, c->spec, c->groups->labels[k]);
		out_tidy_report(t, m, c->reports[k]);
		free(m);
	}
}

char *
cli_control_name(const struct cli_control *c, const char *model, size_t k)
{
	fair_buf b = FAIR_BUF_INIT;

	fair_buf_printf(&b, "%s @ %s=%s", model, c->spec, c->groups->labels[k]);
	return fair_buf_detach(&b);
}

static int
cmp_entry(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The entries are sorted (byte order) before the first 20 are named, so
 * that the note does not depend on the order the strata came in: order of
 * appearance when loaded, the query's order when counted in a database. */
void
cli_control_empty(const struct cli_control *c, const fair_report *r, fair_buf *b)
{
	size_t n = 0, cap = 0;
	char **e = NULL;

	for (size_t k = 0; c->groups && k < c->groups->K; k++) {
		const fair_report *s = c->reports[k];
		/* a stratum not audited has its reason; a group with no row in
		 * an audited stratum is "excluded" there: both listed */
		for (size_t g = 0; g < r->K; g++) {
			bool none = s ? s->groups[g].rows == 0 : false;
			if (s == NULL && g > 0)
				break;
			if (s != NULL && !none)
				continue;
			if (n == cap) {
				char **m = realloc(e, (cap = cap ? 2 * cap : 32) * sizeof *e);
				if (m == NULL)
					break;
				e = m;
			}
			fair_buf t = FAIR_BUF_INIT;
			if (s == NULL)
				fair_buf_printf(&t, "%s=%s (not audited: %s)", c->spec, c->groups->labels[k],
				                c->why[k] ? c->why[k] : "?");
			else
				fair_buf_printf(&t, "%s=%s x '%s'", c->spec, c->groups->labels[k], r->groups[g].label);
			if ((e[n] = fair_buf_detach(&t)) != NULL)
				n++;
		}
	}
	if (n > 0) {
		qsort(e, n, sizeof *e, cmp_entry);
		fair_buf_printf(b, "control=%s: strata without rows of some group (Fairlearn shows NaN there): ", c->spec);
		for (size_t i = 0; i < n && i < 20; i++)
			fair_buf_printf(b, "%s%s", i ? "; " : "", e[i]);
		if (n > 20)
			fair_buf_printf(b, "; and %zu more", n - 20);
	}
	for (size_t i = 0; i < n; i++)
		free(e[i]);
	free(e);
}

void
cli_control_note(struct cli_ctx *ctx, const struct cli_control *c, const fair_report *r)
{
	fair_buf b = FAIR_BUF_INIT;

	if (c->groups == NULL || r == NULL)
		return;
	cli_control_empty(c, r, &b);
	if (b.len)
		cli_note(ctx, "%s", b.buf);
	fair_buf_release(&b);
	if (c->nabsent > 0) {
		fair_buf a = FAIR_BUF_INIT;
		fair_buf_printf(&a, "control=%s: %zu combination%s of the control values never occur%s (no stratum): ",
		                c->spec, c->nabsent, c->nabsent == 1 ? "" : "s", c->nabsent == 1 ? "s" : "");
		for (size_t i = 0; i < c->nabsent && i < CLI_CONTROL_ABSENT_MAX; i++)
			fair_buf_printf(&a, "%s%s", i ? "; " : "", c->absent[i]);
		if (c->nabsent > CLI_CONTROL_ABSENT_MAX)
			fair_buf_printf(&a, "; and %zu more", c->nabsent - CLI_CONTROL_ABSENT_MAX);
		if (a.buf)
			cli_note(ctx, "%s", a.buf);
		fair_buf_release(&a);
	}
}

cJSON *
cli_to_overall_json(const fair_report *r)
{
	struct out_to_overall_it it;
	cJSON *arr = cJSON_CreateArray();

	for (out_to_overall_start(&it, r, false); out_to_overall_next_fig(&it);) {
		cJSON *f = cJSON_CreateObject(), *gs = cJSON_CreateArray();
		cJSON_AddStringToObject(f, "figure", it.fig_name);
		cJSON_AddItemToObject(f, "overall", json_num(it.overall));
		while (out_to_overall_next_group(&it)) {
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "group", it.group->label);
			cJSON_AddItemToObject(e, "value", json_num(it.value));
			cJSON_AddItemToObject(e, "difference", json_num(it.diff));
			cJSON_AddItemToObject(e, "ratio", json_num(it.ratio));
			cJSON_AddItemToArray(gs, e);
		}
		cJSON_AddItemToObject(f, "groups", gs);
		cJSON_AddItemToArray(arr, f);
	}
	return arr;
}

void
cli_to_overall_tidy(struct out_table *t, const char *model, const fair_report *r)
{
	struct out_to_overall_it it;
	char name[80];

	for (out_to_overall_start(&it, r, false); out_to_overall_next_fig(&it);)
		while (out_to_overall_next_group(&it)) {
			snprintf(name, sizeof name, "%s_difference", it.fig_name);
			out_tidy_pair(t, model, "to_overall", name, it.diff, it.group->label, "overall");
			snprintf(name, sizeof name, "%s_ratio", it.fig_name);
			out_tidy_pair(t, model, "to_overall", name, it.ratio, it.group->label, "overall");
		}
}
