/* html.h -- HTML pieces for the report (html.c): escaped text, a table, an
 * embedded PNG image, the report's style sheet. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_OUT_HTML_H
#define FAIRSH_OUT_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "out/out.h"

/* The style sheet of the report page (screen and print). */
extern const char out_html_style[];

/* @s with < > & " escaped (NULL: nothing). */
void out_html_text(FILE *fp, const char *s);
/* @name (a column or metric name: "demographic_parity_difference",
 * "ci_low", "tpr") as a heading a person reads: words apart, the first
 * capitalised, abbreviations in capitals ("Demographic parity
 * difference", "CI low", "TPR"); escaped. */
void out_html_label(FILE *fp, const char *name);
/* The same, into @out (at most @len bytes with the NUL), not escaped. */
void out_label(char *out, size_t len, const char *name);
/* @t as <table class="@cls"> in a <div class="scroll">; readable column
 * headings (out_html_label), numbers right-aligned. @flags:
 * OUT_HTML_LABEL_ROWS: the first column holds names shown the same way
 * (the name itself in a title attribute); OUT_HTML_RAW_HEADS: the headings
 * after the first are names to show as they are (models). */
enum { OUT_HTML_LABEL_ROWS = 1, OUT_HTML_RAW_HEADS = 2 };
void out_html_table(FILE *fp, const struct out_table *t, const char *cls, int flags);
/* A <figure> with the PNG image given in base64 and @alt as its caption. */
void out_html_image(FILE *fp, const char *png_base64, const char *alt);

#endif
