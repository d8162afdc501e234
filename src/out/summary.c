/* summary.c -- the top of the audit report: what was audited and every
 * model's verdicts at a glance (an icon and a word for each, a colour on
 * top in HTML), and the models side by side with the metrics as rows, so
 * that the table grows downwards with the metrics and fits a page. */
/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/buf.h"
#include "fairsh/spec.h"
#include "out/document.h"
#include "out/html.h"
#include "out/report.h"

void
out_verdict_badge(int verdict, int why, const char **icon, const char **word, const char **cls)
{
	switch (verdict) {
	case FAIR_VERDICT_PASS:
		*icon = "\xe2\x9c\x94"; /* U+2714 heavy check mark */
		*word = "fair";
		*cls = "v-fair";
		break;
	case FAIR_VERDICT_FAIL:
		*icon = "\xe2\x9c\x98"; /* U+2718 heavy ballot x */
		*word = why == FAIR_WHY_POINT ? "unfair (value)" : "unfair";
		*cls = "v-unfair";
		break;
	case FAIR_VERDICT_INCONCLUSIVE:
		*icon = "?";
		*word = why == FAIR_WHY_SMALL ? "inconclusive (small groups)" : "inconclusive";
		*cls = "v-inconclusive";
		break;
	default:
		*icon = "";
		*word = "not judged";
		*cls = "v-na";
	}
}

/* "3 models (plain, ferm, fair) of session 'loans' ...": what was audited. */
static void
audited_text(fair_buf *b, const struct out_doc *d)
{
	const fair_session *s = d->session;
	size_t nm = 0;

	for (size_t i = 0; i < d->n; i++)
		nm += !d->models[i].decisions;
	if (nm == d->n)
		fair_buf_printf(b, "%zu model%s (", d->n, d->n == 1 ? "" : "s");
	else if (nm == 0)
		fair_buf_printf(b, "%zu set%s of decisions (", d->n, d->n == 1 ? "" : "s");
	else
		fair_buf_printf(b, "%zu models and %zu sets of decisions (", nm, d->n - nm);
	for (size_t i = 0; i < d->n; i++)
		fair_buf_printf(b, "%s%s", i ? ", " : "", d->models[i].name);
	fair_buf_printf(b, ") of session %s, data %s (%zu rows); target %s", s->name, s->source ? s->source : "(unnamed)",
	                fair_session_nrows(s), s->target->column);
	if (s->target->task == FAIR_TASK_CLASSIFICATION)
		fair_buf_printf(b, " (positive: %s)", s->target->positive_label);
	fair_buf_printf(b, "; groups by ");
	for (size_t c = 0; c < s->groups->ncolumns; c++)
		fair_buf_printf(b, "%s%s", c ? " x " : "", s->groups->columns[c]);
	fair_buf_printf(b, " (%zu groups); audited on the %zu %s rows", d->models[0].r->K, d->models[0].r->rows_used, d->on);
	if (d->bootstrap)
		fair_buf_printf(b, " with %zu-resample bootstrap 95%% intervals", d->bootstrap);
	fair_buf_printf(b, ".");
}

static const char legend[] =
	"fair: the metric is within its usual limit (read from its 95% interval when it has one); "
	"unfair: beyond the limit; inconclusive: the interval straddles the limit, or the groups compared "
	"are too small to judge.";

/* The summary in HTML or Markdown: one grid, metrics down and models
 * across, in either syntax. */
static void
summary(FILE *fp, const struct out_doc *d, bool html)
{
	void (*text)(FILE *, const char *) = html ? out_html_text : out_put_escaped;
	fair_buf b = FAIR_BUF_INIT;
	char lab[256];
	int task;

	if (d->n == 0)
		return;
	task = d->models[0].r->task;
	audited_text(&b, d);
	fputs(html ? "<section class=\"summary\">\n<h2>Summary</h2>\n<p>Audited: " : "## Summary\n\nAudited: ", fp);
	text(fp, b.buf);
	fputs(html ? "</p>\n<div class=\"scroll\"><table class=\"verdict-summary\">\n<thead><tr><th>Metric</th>"
	             "<th class=\"num\">Limit</th>" : "\n\n| Metric | Limit |", fp);
	for (size_t i = 0; i < d->n; i++) {
		fputs(html ? "<th>" : " ", fp);
		text(fp, d->models[i].name);
		fputs(html ? "</th>" : " |", fp);
	}
	if (html) {
		fputs("</tr></thead>\n<tbody>\n", fp);
	} else {
		fputs("\n|---|---:|", fp);
		for (size_t i = 0; i < d->n; i++)
			fputs("---|", fp);
		fputc('\n', fp);
	}
	for (size_t k = 0; k < fair_metric_count(task); k++) {
		int id = fair_metric_id(task, k);
		const fair_metric_info *mi = fair_metric_info_get(id);
		if (html) {
			fprintf(fp, "<tr data-metric=\"%s\"><th scope=\"row\">", mi->name);
			out_html_label(fp, mi->name);
			fprintf(fp, "</th><td class=\"num\">%g</td>", mi->threshold);
		} else {
			out_label(lab, sizeof lab, mi->name);
			fprintf(fp, "| %s | %g |", lab, mi->threshold);
		}
		for (size_t i = 0; i < d->n; i++) {
			const fair_metric_value *mv = &d->models[i].r->metrics[id];
			const char *icon, *word, *cls;
			out_verdict_badge(mv->verdict, mv->why, &icon, &word, &cls);
			if (html)
				fprintf(fp, "<td class=\"v %s\" data-status=\"%s\">", cls,
				        mv->verdict == FAIR_VERDICT_PASS ? "pass" : mv->verdict == FAIR_VERDICT_FAIL ? "fail"
				        : "inconclusive");
			fprintf(fp, "%s%s%s%s%s", html ? "" : " ", icon, *icon ? " " : "", word, html ? "</td>" : " |");
		}
		fputs(html ? "</tr>\n" : "\n", fp);
	}
	if (html) {
		fputs("<tr class=\"count\"><th scope=\"row\">Metrics judged unfair</th><td></td>", fp);
		for (size_t i = 0; i < d->n; i++) {
			size_t u = 0, nm = fair_metric_count(task);
			for (size_t k = 0; k < nm; k++)
				u += d->models[i].r->metrics[fair_metric_id(task, k)].verdict == FAIR_VERDICT_FAIL;
			fprintf(fp, "<td class=\"num\">%zu of %zu</td>", u, nm);
		}
		fputs("</tr>\n</tbody></table></div>\n<p class=\"note\">", fp);
		out_html_text(fp, legend);
		fputs("</p>\n</section>\n", fp);
	} else {
		fprintf(fp, "\n%s\n\n", legend);
	}
	fair_buf_release(&b);
}

void
out_doc_summary_html(FILE *fp, const struct out_doc *d)
{
	summary(fp, d, true);
}

void
out_doc_summary_markdown(FILE *fp, const struct out_doc *d)
{
	summary(fp, d, false);
}

struct out_table *
out_doc_comparison_by_metric(const struct out_doc *d)
{
	struct out_table *w = out_doc_comparison(d), *t = NULL;
	const char **cols = NULL;

	if (w == NULL || (cols = calloc(w->nrows + 1, sizeof *cols)) == NULL)
		goto out;
	cols[0] = "metric";
	for (size_t i = 0; i < w->nrows; i++)
		cols[1 + i] = w->cells[i * w->ncols].text ? w->cells[i * w->ncols].text : "";
	if ((t = out_table_new(NULL, w->nrows + 1, cols)) == NULL)
		goto out;
	for (size_t j = 1; j < w->ncols; j++) {
		size_t r = out_table_row(t);
		out_table_str(t, r, 0, w->cols[j]);
		for (size_t i = 0; i < w->nrows; i++) {
			const struct out_cell *c = &w->cells[i * w->ncols + j];
			if (c->is_num)
				out_table_num_shown(t, r, 1 + i, c->num, c->text ? c->text : "");
			else
				out_table_str(t, r, 1 + i, c->text ? c->text : "");
		}
	}
out:
	free(cols);
	out_table_free(w);
	return t;
}
