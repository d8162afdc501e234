/* document.h -- the audit report of a session as one document, written as
 * Markdown or HTML (document.c; its JSON form is json_from_document). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_OUT_DOCUMENT_H
#define FAIRSH_OUT_DOCUMENT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>

#include "fairsh/metric.h"
#include "fairsh/session.h"
#include "out/out.h"

enum { OUT_DOC_PLOTS = 2 };
/* The plots of each model: "dist", "rates". */
extern const char *const out_doc_plot_kinds[OUT_DOC_PLOTS];

/* One audited model; everything borrowed. */
struct out_doc_model {
	const char        *name, *desc;
	bool               decisions;                  /* read from columns, not a model's */
	const fair_report *r;
	const char        *verdicts;                   /* one verdict a line, or NULL */
	const char        *plot_file[OUT_DOC_PLOTS];   /* PNG file names beside the report, or NULL */
	const char        *plot_png64[OUT_DOC_PLOTS];  /* the same images in base64 (HTML), or NULL */
	const char        *plot_msg;                   /* why plots are missing, or "" */
	/* feature importance (out_importance) and the line explaining it, or NULL */
	const struct out_table *importance;
	const char        *importance_note;
};

/* The report; everything borrowed. */
struct out_doc {
	const fair_session         *session;   /* with its target and sensitive attribute set */
	const char                 *on;        /* the audited rows: "test" */
	size_t                      bootstrap; /* resamples of the intervals */
	const char                 *convention;
	const char                 *written_by; /* "fairsh 0.1.0" */
	const struct out_doc_model *models;
	size_t                      n;
};

/* Models side by side (out_report_compare of the document's models). */
struct out_table *out_doc_comparison(const struct out_doc *d);
/* The same with the metrics as rows and a column per model (summary.c):
 * it grows downwards with the metrics and fits a page. Caller frees. */
struct out_table *out_doc_comparison_by_metric(const struct out_doc *d);
/* summary.c: what was audited and each model's verdict on every metric,
 * as an icon and a word ("\u2714 fair", "\u2718 unfair", "? inconclusive";
 * in HTML a colour too, never the colour alone). Nothing without models. */
void out_doc_summary_html(FILE *fp, const struct out_doc *d);
void out_doc_summary_markdown(FILE *fp, const struct out_doc *d);
/* The icon, word and HTML class of a verdict (static strings). */
void out_verdict_badge(int verdict, int why, const char **icon, const char **word, const char **cls);
void out_doc_markdown(FILE *fp, const struct out_doc *d);
/* One self-contained page: styles inline, the plots embedded. */
void out_doc_html(FILE *fp, const struct out_doc *d);

#endif
