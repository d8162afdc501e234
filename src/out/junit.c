/* junit.c -- test results as JUnit XML: the elements and attributes the
 * JUnit schema requires (testsuites; testsuite with name, tests, failures,
 * errors; testcase with name and classname; failure with message), which
 * GitLab, Jenkins and GitHub's test reporters read. */
/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "out/junit.h"

void
out_xml_text(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&apos;", fp); break;
		case '\n': fputs("&#10;", fp); break;
		case '\t': fputs("&#9;", fp); break;
		default:
			/* XML 1.0 allows no other control characters, not even as &#N; */
			if (c < 0x20 || c == 0x7f)
				fprintf(fp, "\\x%02x", c);
			else
				fputc(c, fp);
		}
	}
}

/* Element text: like attribute values, but newlines kept as they are. */
static void
xml_body(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		const char *nl = strchr(s, '\n');
		size_t l = nl ? (size_t)(nl - s) : strlen(s);
		char *line = strndup(s, l);
		out_xml_text(fp, line ? line : "");
		free(line);
		if (nl == NULL)
			break;
		fputc('\n', fp);
		s = nl;
	}
}

static void
counts(const struct out_testcase *c, size_t n, const char *suite, size_t *tests, size_t *fail, size_t *err,
       size_t *skip, double *t)
{
	*tests = *fail = *err = *skip = 0;
	*t = 0;
	for (size_t i = 0; i < n; i++) {
		if (suite && strcmp(c[i].suite, suite))
			continue;
		(*tests)++;
		*fail += c[i].status == OUT_CASE_FAIL;
		*err += c[i].status == OUT_CASE_ERROR;
		*skip += c[i].status == OUT_CASE_SKIP;
		*t += c[i].time_s;
	}
}

void
out_junit(FILE *fp, const char *name, const char *timestamp, const struct out_testcase *c, size_t n)
{
	size_t tests, fail, err, skip;
	double t;

	counts(c, n, NULL, &tests, &fail, &err, &skip, &t);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"", fp);
	out_xml_text(fp, name);
	fprintf(fp, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"%.3f\">\n", tests, fail, err, t);
	for (size_t i = 0; i < n; i++) {
		bool first = true;
		for (size_t j = 0; j < i && first; j++)
			first = strcmp(c[j].suite, c[i].suite) != 0;
		if (!first)
			continue;
		counts(c, n, c[i].suite, &tests, &fail, &err, &skip, &t);
		fputs("  <testsuite name=\"", fp);
		out_xml_text(fp, c[i].suite);
		fprintf(fp, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\" timestamp=\"",
		        tests, fail, err, skip, t);
		out_xml_text(fp, timestamp);
		fputs("\">\n", fp);
		for (size_t k = i; k < n; k++) {
			const struct out_testcase *tc = &c[k];
			if (strcmp(tc->suite, c[i].suite))
				continue;
			fputs("    <testcase name=\"", fp);
			out_xml_text(fp, tc->name);
			fputs("\" classname=\"", fp);
			out_xml_text(fp, tc->classname);
			fprintf(fp, "\" time=\"%.3f\">\n", tc->time_s);
			if (tc->status == OUT_CASE_SKIP) {
				fputs("      <skipped message=\"", fp);
				out_xml_text(fp, tc->message);
				fputs("\"/>\n", fp);
			} else if (tc->status != OUT_CASE_PASS) {
				fprintf(fp, "      <%s message=\"", tc->status == OUT_CASE_FAIL ? "failure" : "error");
				out_xml_text(fp, tc->message);
				fputs("\" type=\"", fp);
				out_xml_text(fp, tc->type ? tc->type : "fail");
				fputs("\">", fp);
				xml_body(fp, tc->details ? tc->details : tc->message);
				fprintf(fp, "</%s>\n", tc->status == OUT_CASE_FAIL ? "failure" : "error");
			}
			if (tc->output) {
				fputs("      <system-out>", fp);
				xml_body(fp, tc->output);
				fputs("</system-out>\n", fp);
			}
			fputs("    </testcase>\n", fp);
		}
		fputs("  </testsuite>\n", fp);
	}
	fputs("</testsuites>\n", fp);
}
