/* html.c -- the HTML of the audit report: one self-contained page (styles
 * inline, images as data URIs) that prints well. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/html.h"
#include "out/out.h"

const char out_html_style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1180px;margin:2em auto;"
	"padding:0 1em;color:#1b1b1b;line-height:1.45}\n"
	"h1{font-size:1.7em;border-bottom:2px solid #345;padding-bottom:.3em}h2{margin-top:2em;color:#234}\n"
	"table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em}\n"
	"th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}\n"
	"thead th{background:#e8eef4;vertical-align:bottom}tbody th{font-weight:normal;white-space:nowrap}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.num{white-space:nowrap}\n"
	"tbody tr:nth-child(even){background:#f6f8fa}\n"
	".scroll{overflow-x:auto;max-width:100%}.verdicts li{margin:.3em 0}.note{color:#555;font-size:.9em}\n"
	"figure{display:inline-block;margin:.5em 1em .5em 0;max-width:100%}img{max-width:100%;height:auto;"
	"border:1px solid #ccc}\n"
	"section.model{page-break-before:always}\n"
	".summary{border:1px solid #9ab;background:#f7fafc;padding:.2em 1em .6em;border-radius:4px}\n"
	".summary h2{margin-top:.6em}\n"
	/* a verdict is an icon and a word, and a colour on top of them */
	".v{white-space:nowrap;font-weight:600}.v-fair{color:#176b2c;background:#e3f4e7}"
	".v-unfair{color:#a3161b;background:#fbe4e4}.v-inconclusive{color:#7a5200;background:#fdf1d6}"
	".v-na{color:#555}\n"
	/* narrow windows (800 px): smaller type and padding, so the 13 columns
	 * of the groups table fit without scrolling */
	"@media (max-width:1000px){body{margin:1em auto;padding:0 .5em}table{font-size:.78em}"
	"th,td{padding:.2em .25em}}\n"
	"@page{size:A4;margin:14mm 12mm}\n"
	"@media print{body{max-width:none;margin:0;padding:0;font-size:9pt}h2{page-break-after:avoid}"
	"table{font-size:7.5pt}th,td{padding:.15em .3em}table,figure{page-break-inside:avoid}"
	".scroll{overflow:visible}img{max-width:17cm}a{color:inherit;text-decoration:none}"
	".v-fair,.v-unfair,.v-inconclusive{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

void
out_html_text(FILE *fp, const char *s)
{
	/* the rule of escape.c first (a U+202E in a label shows as \u202e, not
	 * as reversed text), then the HTML entities */
	char *e = out_escaped(s);

	for (s = e; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default: fputc(*s, fp);
		}
	}
	free(e);
}

/* words written in capitals, and whole names read differently */
static const char *const caps[][2] = {
	{ "tpr", "TPR" }, { "fpr", "FPR" }, { "tnr", "TNR" }, { "fnr", "FNR" }, { "ppv", "PPV" }, { "npv", "NPV" },
	{ "auc", "AUC" }, { "mse", "MSE" }, { "mae", "MAE" }, { "ci", "CI" }, { "r2", "R\xc2\xb2" }, { "id", "ID" },
	{ "dp", "DP" }, { "deo", "DEO" }, { "eo", "EO" }, { "p", "p" },
};

void
out_label(char *out, size_t len, const char *name)
{
	size_t k = 0;
	bool first = true;

	if (len == 0)
		return;
	for (const char *p = name ? name : ""; *p && k + 1 < len;) {
		size_t w = strcspn(p, "_");
		const char *word = p, *rep = NULL;
		for (size_t c = 0; c < sizeof caps / sizeof *caps && !rep; c++)
			if (strlen(caps[c][0]) == w && !strncmp(word, caps[c][0], w))
				rep = caps[c][1];
		/* "p_value" reads "p-value" */
		bool pval = w == 1 && *word == 'p' && !strncmp(p + 1, "_value", 6) && (p[7] == '\0' || p[7] == '_');
		if (!first && k + 1 < len)
			out[k++] = ' ';
		if (rep) {
			for (const char *r = rep; *r && k + 1 < len; r++)
				out[k++] = *r;
		} else {
			for (size_t i = 0; i < w && k + 1 < len; i++) {
				char ch = word[i];
				out[k++] = first && i == 0 && ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch;
			}
		}
		if (pval) {
			for (const char *r = "-value"; *r && k + 1 < len; r++)
				out[k++] = *r;
			w += 6;
		}
		first = false;
		p += w;
		if (*p == '_')
			p++;
	}
	out[k] = '\0';
}

void
out_html_label(FILE *fp, const char *name)
{
	char buf[512];

	out_label(buf, sizeof buf, name);
	out_html_text(fp, buf);
}

void
out_html_table(FILE *fp, const struct out_table *t, const char *cls, int flags)
{
	fprintf(fp, "<div class=\"scroll\"><table class=\"%s\">\n<thead><tr>", cls);
	for (size_t j = 0; j < t->ncols; j++) {
		fputs(t->right && t->right[j] ? "<th class=\"num\">" : "<th>", fp);
		if (j > 0 && (flags & OUT_HTML_RAW_HEADS))
			out_html_text(fp, t->cols[j]);
		else
			out_html_label(fp, t->cols[j]);
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (size_t i = 0; i < t->nrows; i++) {
		fputs("<tr>", fp);
		for (size_t j = 0; j < t->ncols; j++) {
			const struct out_cell *c = &t->cells[i * t->ncols + j];
			const char *text = c->text ? c->text : "";
			if (j == 0 && (flags & OUT_HTML_LABEL_ROWS)) {
				fputs("<th scope=\"row\" title=\"", fp);
				out_html_text(fp, text);
				fputs("\">", fp);
				out_html_label(fp, text);
				fputs("</th>", fp);
				continue;
			}
			/* a verdict (out_verdict_word) keeps its word and gains an icon and a colour */
			if (!strcmp(t->cols[j], "verdict") && *text) {
				bool ok = !strcmp(text, "ok"), bad = !strncmp(text, "UNFAIR", 6);
				fprintf(fp, "<td class=\"v %s\">%s ", ok ? "v-fair" : bad ? "v-unfair" : "v-inconclusive",
				        ok ? "\xe2\x9c\x94" : bad ? "\xe2\x9c\x98" : "?");
				out_html_text(fp, text);
				fputs("</td>", fp);
				continue;
			}
			fputs(t->right && t->right[j] ? "<td class=\"num\">" : "<td>", fp);
			out_html_text(fp, text);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table></div>\n", fp);
}

void
out_html_image(FILE *fp, const char *png_base64, const char *alt)
{
	fprintf(fp, "<figure><img alt=\"");
	out_html_text(fp, alt);
	fprintf(fp, "\" src=\"data:image/png;base64,%s\"><figcaption class=\"note\">", png_base64);
	out_html_text(fp, alt);
	fputs("</figcaption></figure>\n", fp);
}
