/* document.c -- the audit report as Markdown (plots linked as PNG files
 * beside it) and as HTML (one printable page, plots embedded): the data
 * and set-up, the models side by side, then each model's audit with its
 * verdicts in plain words and its plots. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "fairsh/model.h"
#include "fairsh/spec.h"
#include "out/document.h"
#include "out/html.h"
#include "out/report.h"

const char *const out_doc_plot_kinds[OUT_DOC_PLOTS] = { "dist", "rates" };

struct out_table *
out_doc_comparison(const struct out_doc *d)
{
	const char **names = calloc(d->n + 1, sizeof *names);
	const fair_report **r = calloc(d->n + 1, sizeof *r);
	struct out_table *t = NULL;

	if (names && r) {
		for (size_t i = 0; i < d->n; i++) {
			names[i] = d->models[i].name;
			r[i] = d->models[i].r;
		}
		t = out_report_compare(names, r, d->n, d->session->target->task);
	}
	free(names);
	free(r);
	return t;
}

/* Calls @fn on each non-empty line of @text. */
static void
each_line(const char *text, void (*fn)(FILE *, const char *, size_t), FILE *fp)
{
	for (const char *p = text; p && *p;) {
		size_t l = strcspn(p, "\n");
		if (l)
			fn(fp, p, l);
		p += l + (p[l] == '\n');
	}
}

/* ---- Markdown ------------------------------------------------------------------ */

static void
md_verdict(FILE *fp, const char *line, size_t len)
{
	char *s = strndup(line, len);

	fputs("- ", fp);
	out_put_escaped(fp, s);
	fputc('\n', fp);
	free(s);
}

void
out_doc_markdown(FILE *fp, const struct out_doc *d)
{
	struct out_table *t = out_session_summary(d->session);

	fputs("# Fairness audit report: session ", fp);
	out_put_escaped(fp, d->session->name);
	fputs("\n\n", fp);
	if (d->n == 0)
		fprintf(fp, "The data and its set-up; written by %s.\n\n", d->written_by);
	else
		fprintf(fp, "Audited on the %s rows; intervals are %zu-resample bootstrap 95%% intervals; convention %s; "
		        "written by %s.\n\n", d->on, d->bootstrap, d->convention, d->written_by);
	out_doc_summary_markdown(fp, d);
	fprintf(fp, "## Dataset and set-up\n\n");
	out_table_print_markdown(fp, t);
	out_table_free(t);
	if (d->n == 0)
		fprintf(fp, "\nNo model or prediction column was audited: train a model, or give the predictions "
		        "made elsewhere with pred=COLUMN.\n");
	else {
		fprintf(fp, "\n## Comparison\n\n");
		t = out_doc_comparison_by_metric(d);
		out_table_print_markdown(fp, t);
		out_table_free(t);
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct out_doc_model *m = &d->models[i];
		fprintf(fp, "\n## %s ", m->decisions ? "Decisions" : "Model");
		out_put_escaped(fp, m->name);
		fputs("\n\n", fp);
		out_put_escaped(fp, m->desc);
		fputs("\n\n### Per group\n\n", fp);
		t = out_report_groups(m->r, NULL);
		out_table_print_markdown(fp, t);
		out_table_free(t);
		fprintf(fp, "\n### Fairness metrics\n\n");
		t = out_report_metrics(m->r, NULL);
		out_table_print_markdown(fp, t);
		out_table_free(t);
		if (m->r->vs == FAIR_VS_OVERALL && (t = out_report_to_overall(m->r, NULL)) != NULL) {
			fprintf(fp, "\n### Each group vs overall\n\n");
			out_table_print_markdown(fp, t);
			out_table_free(t);
		}
		fprintf(fp, "\n### In plain words\n\n");
		each_line(m->verdicts, md_verdict, fp);
		if (m->importance) {
			fprintf(fp, "\n### Feature importance\n\n%s\n\n", m->importance_note ? m->importance_note : "");
			out_table_print_markdown(fp, m->importance);
		}
		fprintf(fp, "\n### Plots\n\n");
		for (int k = 0; k < OUT_DOC_PLOTS; k++)
			if (m->plot_file[k])
			{
				fprintf(fp, "![%s of ", out_doc_plot_kinds[k]);
				out_put_escaped(fp, m->name);
				fputs("](", fp);
				out_put_escaped(fp, m->plot_file[k]);
				fputs(")\n\n", fp);
			}
		if (m->plot_msg && m->plot_msg[0]) {
			fputc('(', fp);
			out_put_escaped(fp, m->plot_msg);
			fputs(")\n\n", fp);
		}
	}
}

/* ---- HTML ---------------------------------------------------------------------- */

static void
html_verdict(FILE *fp, const char *line, size_t len)
{
	char *s = strndup(line, len);

	if (s == NULL)
		return;
	fputs("<li>", fp);
	out_html_text(fp, s);
	fputs("</li>\n", fp);
	free(s);
}

void
out_doc_html(FILE *fp, const struct out_doc *d)
{
	struct out_table *t = out_session_summary(d->session);

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Fairness audit: ", fp);
	out_html_text(fp, d->session->name);
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>Fairness audit report: session ", out_html_style);
	out_html_text(fp, d->session->name);
	if (d->n == 0)
		fprintf(fp, "</h1>\n<p class=\"note\">The data and its set-up; written by %s.</p>\n", d->written_by);
	else
		fprintf(fp, "</h1>\n<p class=\"note\">Audited on the %s rows; intervals are %zu-resample bootstrap 95%% "
		        "intervals; convention %s; written by %s.</p>\n", d->on, d->bootstrap, d->convention, d->written_by);
	out_doc_summary_html(fp, d);
	fputs("<h2>Dataset and set-up</h2>\n", fp);
	out_html_table(fp, t, "setup", OUT_HTML_LABEL_ROWS);
	out_table_free(t);
	if (d->n == 0) {
		fputs("<p class=\"note\">No model or prediction column was audited: train a model, or give the "
		      "predictions made elsewhere with pred=COLUMN.</p>\n", fp);
	} else {
		fputs("<h2>Comparison</h2>\n", fp);
		t = out_doc_comparison_by_metric(d);
		out_html_table(fp, t, "comparison", OUT_HTML_LABEL_ROWS | OUT_HTML_RAW_HEADS);
		out_table_free(t);
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct out_doc_model *m = &d->models[i];
		fputs(m->decisions ? "<section class=\"model\">\n<h2>Decisions " : "<section class=\"model\">\n<h2>Model ", fp);
		out_html_text(fp, m->name);
		fputs("</h2>\n<p class=\"note\">", fp);
		out_html_text(fp, m->desc);
		fputs("</p>\n<h3>Per group</h3>\n", fp);
		t = out_report_groups(m->r, NULL);
		out_html_table(fp, t, "groups", 0);
		out_table_free(t);
		fputs("<h3>Fairness metrics</h3>\n", fp);
		t = out_report_metrics(m->r, NULL);
		out_html_table(fp, t, "metrics", OUT_HTML_LABEL_ROWS);
		out_table_free(t);
		if (m->r->vs == FAIR_VS_OVERALL && (t = out_report_to_overall(m->r, NULL)) != NULL) {
			fputs("<h3>Each group vs overall</h3>\n", fp);
			out_html_table(fp, t, "groups", 0);
			out_table_free(t);
		}
		fputs("<h3>In plain words</h3>\n<ul class=\"verdicts\">\n", fp);
		each_line(m->verdicts, html_verdict, fp);
		fputs("</ul>\n", fp);
		if (m->importance) {
			fputs("<h3>Feature importance</h3>\n<p class=\"note\">", fp);
			out_html_text(fp, m->importance_note ? m->importance_note : "");
			fputs("</p>\n", fp);
			out_html_table(fp, m->importance, "importance", 0);
		}
		fputs("<h3>Plots</h3>\n", fp);
		for (int k = 0; k < OUT_DOC_PLOTS; k++)
			if (m->plot_png64[k]) {
				char alt[300];
				snprintf(alt, sizeof alt, "%s of %s %s", out_doc_plot_kinds[k], m->decisions ? "decisions" : "model",
				         m->name);
				out_html_image(fp, m->plot_png64[k], alt);
			}
		if (m->plot_msg && m->plot_msg[0]) {
			fputs("<p class=\"note\">", fp);
			out_html_text(fp, m->plot_msg);
			fputs("</p>\n", fp);
		}
		fputs("</section>\n", fp);
	}
	fputs("</body>\n</html>\n", fp);
}
