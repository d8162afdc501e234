/* wide.c -- the tables of metrics side by side (compare, tradeoff) as a
 * person reads them: the columns metrics= names, each metric once when
 * two are equal by definition (with a note saying so), rows as columns
 * when the table is wider than the terminal (out_table_print_text_width). */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"
#include "cli/wide.h"
#include "cli/result.h"
#include "fairsh/buf.h"
#include "fairsh/text.h"
#include "fairsh/metric.h"
#include "out/report.h"

int
cli_wide_metrics(struct cli_ctx *ctx, const struct cli_args *a, int task, bool *want)
{
	const char *list = cli_opt(a, "metrics");
	size_t nm = fair_metric_count(task), n = 0;
	char **v;

	for (size_t k = 0; k <= nm; k++)
		want[k] = list == NULL;
	if (list == NULL)
		return 0;
	if ((v = fair_split_list(list, &n)) == NULL)
		return cli_error(ctx, a, "out of memory"), -1;
	const char **names = calloc(nm + 1, sizeof *names);
	int rv = 0;
	names[0] = task == FAIR_TASK_REGRESSION ? "mse" : "accuracy";
	for (size_t k = 0; k < nm; k++)
		names[k + 1] = fair_metric_info_get(fair_metric_id(task, k))->name;
	for (size_t i = 0; i < n && rv == 0; i++) {
		size_t k = 0;
		while (k <= nm && strcmp(v[i], names[k]) != 0)
			k++;
		if (k > nm) {
			char near[120];
			fair_buf l = FAIR_BUF_INIT;
			for (size_t j = 0; j <= nm; j++)
				fair_buf_printf(&l, "%s%s", j ? ", " : "", names[j]);
			cli_error(ctx, a, "metrics=: unknown metric '%s'%s (metrics: %s)", v[i],
			          cli_did_you_mean(v[i], names, nm + 1, near, sizeof near), l.buf);
			fair_buf_release(&l);
			rv = -1;
		} else
			want[k] = true;
	}
	free(names);
	fair_strv_free(v, n);
	return rv;
}

void
cli_wide_print(struct cli_ctx *ctx, const struct cli_args *a, struct out_table *t, int task, const bool *want,
               const int *same_as)
{
	size_t nm = fair_metric_count(task);
	bool *keep = calloc(t->ncols, sizeof *keep), text = a->format == OUT_TABLE || a->format == OUT_MARKDOWN;
	fair_buf note = FAIR_BUF_INIT;
	struct out_table *u;

	if (keep == NULL)
		return;
	/* column 0 names the row, 1 is accuracy or MSE, then the metrics */
	keep[0] = true;
	for (size_t j = 1; j < t->ncols && j < nm + 2; j++)
		keep[j] = want[j - 1];
	/* then METRIC_ci_low and METRIC_ci_high (JSON and CSV), as their metric */
	for (size_t j = nm + 2; j < t->ncols; j++)
		for (size_t k = 0; k < nm; k++) {
			const char *name = fair_metric_info_get(fair_metric_id(task, k))->name;
			size_t len = strlen(name);
			if (!strncmp(t->cols[j], name, len) && !strncmp(t->cols[j] + len, "_ci_", 4)) {
				keep[j] = want[k + 1];
				break;
			}
		}
	for (size_t k = 0; text && k < nm && k + 2 < t->ncols; k++) {
		int id = fair_metric_id(task, k), to = same_as[id];
		if (to < 0 || !keep[k + 2])
			continue;
		keep[k + 2] = false;
		cli_wide_same_note(&note, same_as, id);
	}
	t->transpose = true;
	if ((u = out_table_select(t, keep)) != NULL) {
		cli_print_table(ctx, a, u);
		out_table_free(u);
	}
	cli_wide_note(ctx, a, &note);
	free(keep);
}

void
cli_wide_same_note(fair_buf *note, const int *same_as, int id)
{
	fair_buf_printf(note, "%s%s is %s", note->len ? "; " : "", fair_metric_info_get(id)->name,
	                fair_metric_info_get(same_as[id])->name);
	if (id == FAIR_M_DI)
		fair_buf_puts(note, " (no privileged= group)");
}

void
cli_wide_note(struct cli_ctx *ctx, const struct cli_args *a, fair_buf *note)
{
	if (note->len) {
		fair_buf l = FAIR_BUF_INIT;
		fair_buf_printf(&l, "(%s by definition: shown once; format=json or csv has both)", note->buf);
		cli_printf(ctx, "%s", a->format == OUT_MARKDOWN ? "\n" : "");
		out_put_wrapped_line(cli_out(ctx), l.buf, a->format == OUT_TABLE ? cli_text_width(ctx) : 0, 1);
		fair_buf_release(&l);
	}
	fair_buf_release(note);
}

struct out_table *
cli_wide_drop_same_rows(struct out_table *t, const fair_report *r, fair_buf *note)
{
	int same_as[FAIR_METRIC_COUNT];
	size_t keep = 0;

	cli_wide_same_as(&r, 1, same_as);
	for (size_t i = 0; i < t->nrows; i++) {
		const char *name = t->cells[i * t->ncols].text;
		int id = name ? fair_metric_find(name) : -1;
		if (id >= 0 && !strcmp(fair_metric_info_get(id)->name, name) && same_as[id] >= 0) {
			cli_wide_same_note(note, same_as, id);
			for (size_t j = 0; j < t->ncols; j++)
				free(t->cells[i * t->ncols + j].text);
			continue;
		}
		if (keep != i)
			memmove(&t->cells[keep * t->ncols], &t->cells[i * t->ncols], t->ncols * sizeof *t->cells);
		keep++;
	}
	t->nrows = keep;
	return t;
}

void
cli_wide_same_as(const fair_report *const *r, size_t n, int *same_as)
{
	for (int id = 0; id < FAIR_METRIC_COUNT; id++) {
		same_as[id] = n ? out_metric_same_as(r[0], id) : -1;
		for (size_t i = 1; i < n; i++)
			if (out_metric_same_as(r[i], id) != same_as[id])
				same_as[id] = -1;
	}
}
