/* html.c -- the HTML of the audit report: one self-contained page (styles
 * inline, images as data URIs) that prints well. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/html.h"
#include "out/out.h"

const char out_html_style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1100px;margin:2em auto;"
	"padding:0 1em;color:#1b1b1b;line-height:1.45}\n"
	"h1{font-size:1.7em;border-bottom:2px solid #345;padding-bottom:.3em}h2{margin-top:2em;color:#234}\n"
	"table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}\n"
	"th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}\n"
	"th{background:#e8eef4}td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"tbody tr:nth-child(even){background:#f6f8fa}\n"
	".scroll{overflow-x:auto}.verdicts li{margin:.3em 0}.note{color:#555;font-size:.9em}\n"
	"figure{display:inline-block;margin:.5em 1em .5em 0}img{max-width:100%;border:1px solid #ccc}\n"
	"section.model{page-break-before:always}\n"
	"@media print{body{max-width:none;margin:0;font-size:10pt}h2{page-break-after:avoid}"
	"table,figure{page-break-inside:avoid}.scroll{overflow:visible}a{color:inherit;text-decoration:none}}\n";

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

void
out_html_table(FILE *fp, const struct out_table *t, const char *cls)
{
	fprintf(fp, "<div class=\"scroll\"><table class=\"%s\">\n<thead><tr>", cls);
	for (size_t j = 0; j < t->ncols; j++) {
		fputs("<th>", fp);
		char *name = strdup(t->cols[j]);
		for (char *c = name, *part = name; c; part = c) {   /* long metric names may wrap after '_' */
			c = strchr(part, '_');
			if (c)
				*c++ = '\0';
			out_html_text(fp, part);
			if (c)
				fputs("_<wbr>", fp);
		}
		free(name);
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (size_t i = 0; i < t->nrows; i++) {
		fputs("<tr>", fp);
		for (size_t j = 0; j < t->ncols; j++) {
			const struct out_cell *c = &t->cells[i * t->ncols + j];
			fputs(t->right && t->right[j] ? "<td class=\"num\">" : "<td>", fp);
			out_html_text(fp, c->text ? c->text : "");
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
