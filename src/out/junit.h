/* junit.h -- test results as JUnit XML (junit.c), the format GitLab,
 * Jenkins and GitHub show as test cases: fairsh's fairness checks. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_OUT_JUNIT_H
#define FAIRSH_OUT_JUNIT_H

#include <stddef.h>
#include <stdio.h>

/* SKIP: neither passed nor failed (an inconclusive check let through):
 * <skipped message> */
enum { OUT_CASE_PASS = 0, OUT_CASE_FAIL, OUT_CASE_ERROR, OUT_CASE_SKIP };

/* One test case; everything borrowed. */
struct out_testcase {
	const char *suite;       /* the suite it belongs to (the command file) */
	const char *name;        /* "equal_opportunity_difference <= 0.05 [model m]" */
	const char *classname;   /* "fairsh.loans.m" */
	double      time_s;
	int         status;      /* OUT_CASE_* */
	const char *type;        /* failure type: "fail", "inconclusive" */
	const char *message;     /* one line: why it failed */
	const char *details;     /* the failure's text (several lines), or NULL */
	const char *output;      /* what the check found, as <system-out>, or NULL */
};

/* Writes <testsuites name=@name tests failures errors time> with one
 * <testsuite name tests failures errors skipped time timestamp> per
 * distinct suite (in order of first appearance) and its <testcase name
 * classname time> elements, a failed case with <failure message type>, a
 * skipped one with <skipped message>,
 * and the case's output as <system-out>.
 * @timestamp is ISO 8601. Text is escaped for XML; control characters
 * (not allowed in XML 1.0) are written as \xNN. */
void out_junit(FILE *fp, const char *name, const char *timestamp, const struct out_testcase *c, size_t n);
/* Writes @s escaped for XML text and attribute values. */
void out_xml_text(FILE *fp, const char *s);

#endif
