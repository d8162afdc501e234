/* html.h -- HTML pieces for the report (html.c): escaped text, a table, an
 * embedded PNG image, the report's style sheet. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_OUT_HTML_H
#define FAIRSH_OUT_HTML_H

#include <stdio.h>

#include "out/out.h"

/* The style sheet of the report page (screen and print). */
extern const char out_html_style[];

/* @s with < > & " escaped (NULL: nothing). */
void out_html_text(FILE *fp, const char *s);
/* @t as <table class="@cls"> in a scrolling <div>; numbers right-aligned,
 * long column names may wrap after '_'. */
void out_html_table(FILE *fp, const struct out_table *t, const char *cls);
/* A <figure> with the PNG image given in base64 and @alt as its caption. */
void out_html_image(FILE *fp, const char *png_base64, const char *alt);

#endif
