/* test-csv.c -- the CSV reader and writer: RFC 4180 edge cases with exact
 * cell values, type inference, every error message, number parsing against
 * strtod, a write/read round trip, and the real datasets against pandas. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_test.h>

#include "fairsh/csv.h"
#include "testdata.h"

static const char *srcdir;

static fair_frame *
P(const char *s, const fair_csv_opts *o, fair_csv_info *info, fair_error *err)
{
	return fair_csv_parse(s, strlen(s), "x.csv", o, info, err);
}

static const fair_column *
col(const fair_frame *f, const char *name)
{
	long j = f ? fair_frame_find(f, name) : -1;
	return j < 0 ? NULL : fair_frame_column(f, (size_t)j);
}

/* Cell text of column @name, row @i ("<none>" when the column is absent). */
static const char *
cell(const fair_frame *f, const char *name, size_t i)
{
	static char buf[256];
	const fair_column *c = col(f, name);

	if (c == NULL)
		return "<none>";
	return fair_column_cell(c, i, buf, sizeof buf);
}

static int
is_num(const fair_frame *f, const char *name)
{
	const fair_column *c = col(f, name);
	return c != NULL && fair_column_type(c) == FAIR_COL_NUMERIC;
}

static char *
path_of(const char *file)
{
	static char buf[4096];
	snprintf(buf, sizeof buf, "%s/tests/data/csv/%s", srcdir, file);
	return buf;
}

/* Expects parsing @s to fail with @code and message @msg. */
static void
expect_error(const char *s, const fair_csv_opts *o, int code, const char *msg)
{
	fair_error err = { 0, "" };
	fair_frame *f = P(s, o, NULL, &err);

	gsl_test(f != NULL, "error expected: %s", msg);
	gsl_test_int(err.code, code, "error code for: %s", msg);
	gsl_test_str(err.msg, msg, "error message");
	fair_frame_unref(f);
}

static void
expect_file_error(const char *path, const fair_csv_opts *o, int code, const char *msg)
{
	fair_error err = { 0, "" };
	fair_frame *f = fair_csv_read(path, o, NULL, &err);

	gsl_test(f != NULL, "error expected: %s", msg);
	gsl_test_int(err.code, code, "error code for: %s", msg);
	gsl_test_str(err.msg, msg, "error message");
	fair_frame_unref(f);
}

static void
test_quoted_file(void)
{
	fair_error err;
	fair_csv_info info;
	fair_frame *f = fair_csv_read(path_of("quoted.csv"), NULL, &info, &err);

	gsl_test(f == NULL, "quoted.csv loads");
	if (f == NULL)
		return;
	gsl_test_int((int)info.nrows, 4, "quoted.csv rows (a record spans 2 lines)");
	gsl_test_int((int)info.ncols, 4, "quoted.csv cols");
	gsl_test_int(info.delim, ',', "quoted.csv delimiter sniffed");
	gsl_test_int(is_num(f, "id"), 1, "id numeric");
	gsl_test_int(is_num(f, "name"), 0, "name categorical");
	gsl_test_str(cell(f, "name", 0), "Smith, J", "embedded delimiter");
	gsl_test_str(cell(f, "name", 2), "Ng", "quoted field with spaces around the quotes");
	gsl_test_int(fair_column_is_missing(col(f, "name"), 3), 1, "? is missing");
	gsl_test_int((int)fair_column_nlevels(col(f, "name")), 3, "name levels");
	gsl_test_str(fair_column_level(col(f, "name"), 1), "Lee", "levels in order of appearance");
	gsl_test_rel(fair_column_values(col(f, "score"))[0], 2.385, 0, "score 2.385 exact");
	gsl_test_rel(fair_column_values(col(f, "score"))[1], -150, 0, "-1.5e2");
	gsl_test_int(isnan(fair_column_values(col(f, "score"))[2]), 1, "NA is missing");
	gsl_test_rel(fair_column_values(col(f, "score"))[3], 7, 0, "score 7");
	gsl_test_str(cell(f, "comment", 0), "said \"hi\"", "doubled quotes");
	gsl_test_str(cell(f, "comment", 1), "line1\nline2", "embedded newline");
	gsl_test_str(cell(f, "comment", 2), "plain", "unquoted");
	gsl_test_int((int)fair_column_nmissing(col(f, "comment")), 1, "empty last field missing");
	fair_frame_unref(f);
}

static void
test_files(void)
{
	fair_error err;
	fair_csv_info info;
	fair_csv_opts o;
	fair_frame *f;
	char msg[600];

	f = fair_csv_read(path_of("bom-crlf.csv"), NULL, &info, &err);
	gsl_test(f == NULL, "bom-crlf.csv loads");
	gsl_test_int(info.delim, ';', "semicolon sniffed");
	gsl_test_int((int)info.nrows, 2, "CRLF blank line skipped");
	gsl_test(col(f, "a") == NULL, "BOM not part of the first name");
	gsl_test_str(cell(f, "c", 1), "-0.125", "CRLF: no \\r in the last field");
	gsl_test_int(is_num(f, "c"), 1, "c numeric");
	gsl_test_int(fair_column_is_missing(col(f, "b"), 1), 1, "empty field missing");
	fair_frame_unref(f);

	f = fair_csv_read(path_of("tab.tsv"), NULL, &info, &err);
	gsl_test_int(info.delim, '\t', "tab sniffed");
	gsl_test_str(cell(f, "v", 1), "2", "tsv value");
	fair_frame_unref(f);
	f = fair_csv_read(path_of("pipe.psv"), NULL, &info, &err);
	gsl_test_int(info.delim, '|', "pipe sniffed");
	gsl_test_str(cell(f, "k", 0), "a|b", "quoted pipe");
	fair_frame_unref(f);

	snprintf(msg, sizeof msg, "%s:3: expected 2 fields, found 3", path_of("ragged.csv"));
	expect_file_error(path_of("ragged.csv"), NULL, FAIR_EPARSE, msg);
	fair_csv_opts_init(&o);
	o.skip_bad = true;
	f = fair_csv_read(path_of("ragged.csv"), &o, &info, &err);
	gsl_test(f == NULL, "skip_bad loads ragged.csv");
	gsl_test_int((int)info.nrows, 3, "skip_bad rows");
	gsl_test_int((int)info.nskipped, 2, "skip_bad count");
	gsl_test_int((int)info.first_skipped_line, 3, "first skipped line");
	gsl_test_str(cell(f, "b", 1), "x\ny", "row after skipped row");
	gsl_test_str(cell(f, "a", 2), "8", "last row");
	fair_frame_unref(f);

	snprintf(msg, sizeof msg, "%s:3:7: invalid UTF-8 byte 0xff", path_of("bad-utf8.csv"));
	expect_file_error(path_of("bad-utf8.csv"), NULL, FAIR_EPARSE, msg);
	snprintf(msg, sizeof msg, "%s:2: binary data (NUL byte); not a text CSV file", path_of("nul.csv"));
	expect_file_error(path_of("nul.csv"), NULL, FAIR_EPARSE, msg);
	snprintf(msg, sizeof msg, "%s: empty file; expected a header row", path_of("empty.csv"));
	expect_file_error(path_of("empty.csv"), NULL, FAIR_EPARSE, msg);
	snprintf(msg, sizeof msg, "%s: header only, no data rows", path_of("header-only.csv"));
	expect_file_error(path_of("header-only.csv"), NULL, FAIR_EPARSE, msg);
	snprintf(msg, sizeof msg, "%s:1: duplicate column name 'age' (columns 2 and 5)", path_of("dup.csv"));
	expect_file_error(path_of("dup.csv"), NULL, FAIR_EPARSE, msg);
	snprintf(msg, sizeof msg, "%s:3:3: unterminated quoted field; expected a closing '\"' "
	         "before end of file", path_of("unterminated.csv"));
	expect_file_error(path_of("unterminated.csv"), NULL, FAIR_EPARSE, msg);
	expect_file_error("/nonexistent-dir/x.csv", NULL, FAIR_EIO,
	                  "cannot open '/nonexistent-dir/x.csv': No such file or directory");
	{
		char dir[300], m2[400];
		snprintf(dir, sizeof dir, "%s/tests/data/csv", srcdir);
		snprintf(m2, sizeof m2, "'%s' is a directory", dir);
		expect_file_error(dir, NULL, FAIR_EIO, m2);
	}
}

static void
test_inline(void)
{
	fair_error err;
	fair_csv_info info;
	fair_csv_opts o;
	fair_frame *f;

	/* whitespace trimmed around unquoted fields, kept inside quotes */
	f = P(" x , y \n 12 , abc \n3,\" q \"\n", NULL, &info, &err);
	gsl_test_int(is_num(f, "x"), 1, "trimmed number is numeric");
	gsl_test_str(cell(f, "y", 0), "abc", "trimmed text");
	gsl_test_str(cell(f, "y", 1), " q ", "quoted spaces kept");
	fair_frame_unref(f);

	/* late flip to categorical: earlier numbers become levels as written,
	 * levels in order of first appearance: 3, abc, zz, 7 */
	f = P("v,w\n3,1\nabc,2\n3,3\nzz,4\n7,5\n", NULL, NULL, &err);
	gsl_test_int(is_num(f, "v"), 0, "v categorical");
	gsl_test_int((int)fair_column_nlevels(col(f, "v")), 4, "v levels");
	gsl_test_str(fair_column_level(col(f, "v"), 0), "3", "level 0");
	gsl_test_str(fair_column_level(col(f, "v"), 3), "7", "level 3");
	gsl_test_int(fair_column_codes(col(f, "v"))[2], 0, "row 2 code");
	gsl_test_int(fair_column_codes(col(f, "v"))[3], 2, "row 3 code");
	fair_frame_unref(f);
	f = P("x\n1\n2.0\nNA\nfoo\n1\ninf\n", NULL, &info, &err);
	gsl_test_int((int)fair_column_nlevels(col(f, "x")), 4, "1, 2.0, foo, inf");
	gsl_test_str(fair_column_level(col(f, "x"), 1), "2.0", "number text kept");
	gsl_test_int(fair_column_codes(col(f, "x"))[2], -1, "NA stays missing");
	gsl_test_int(fair_column_codes(col(f, "x"))[4], 0, "1 again");
	gsl_test_int((int)info.ninf, 0, "inf in a categorical column is not counted");
	fair_frame_unref(f);

	/* infinities: numeric, become missing, counted */
	f = P("x,y\ninf,a\n-Infinity,b\n1.5,c\n+INF,d\n", NULL, &info, &err);
	gsl_test_int(is_num(f, "x"), 1, "inf column numeric");
	gsl_test_int((int)fair_column_nmissing(col(f, "x")), 3, "inf missing");
	gsl_test_int((int)info.ninf, 3, "ninf");
	fair_frame_unref(f);

	/* all-missing column is numeric; quoted "NA" is text; binary columns */
	f = P("a,b,c\n,\"NA\",yes\nNA,N/A,no\n", NULL, NULL, &err);
	gsl_test_int(is_num(f, "a"), 1, "all-missing numeric");
	gsl_test_int((int)fair_column_nmissing(col(f, "a")), 2, "all missing");
	gsl_test_str(cell(f, "b", 0), "NA", "quoted NA is text");
	gsl_test_int(fair_column_is_missing(col(f, "b"), 1), 1, "N/A missing");
	gsl_test_int(fair_column_is_binary(col(f, "c")), 1, "yes/no binary");
	fair_frame_unref(f);

	/* na= replaces the defaults */
	fair_csv_opts_init(&o);
	o.na = "-999, missing";
	f = P("a,b\n-999,NA\n2,missing\n3,x\n", &o, NULL, &err);
	gsl_test_int(is_num(f, "a"), 1, "a numeric with -999 missing");
	gsl_test_int((int)fair_column_nmissing(col(f, "a")), 1, "-999 missing");
	gsl_test_str(cell(f, "b", 0), "NA", "NA is a value with na=");
	gsl_test_int((int)fair_column_nmissing(col(f, "b")), 1, "'missing' missing");
	fair_frame_unref(f);

	/* sniffing and forced delimiters */
	f = P("a;b;c\n1;2,5;3\n", NULL, &info, &err);
	gsl_test_int(info.delim, ';', "sniff ;");
	gsl_test_str(cell(f, "b", 0), "2,5", "comma inside a ; field");
	fair_frame_unref(f);
	f = P("a\tb\n1\t2\n", NULL, &info, &err);
	gsl_test_int(info.delim, '\t', "sniff tab");
	fair_frame_unref(f);
	f = P("a|b\n1|2\n", NULL, &info, &err);
	gsl_test_int(info.delim, '|', "sniff |");
	fair_frame_unref(f);
	f = P("a,b\n1,2\n", NULL, &info, &err);
	gsl_test_int(info.delim, ',', "sniff ,");
	fair_frame_unref(f);
	f = P("only\n1\n2\n", NULL, &info, &err);
	gsl_test_int((int)info.ncols, 1, "single column");
	gsl_test_int(info.delim, ',', "single column defaults to ,");
	fair_frame_unref(f);
	fair_csv_opts_init(&o);
	o.delim = ';';
	f = P("a,b;c\n1,2;3\n", &o, &info, &err);
	gsl_test_int((int)info.ncols, 2, "forced ;");
	gsl_test_str(fair_column_name(fair_frame_column(f, 0)), "a,b", "forced ; name");
	fair_frame_unref(f);

	/* empty header names are named V<j>; blank lines skipped */
	f = P("a,,c\n\n1,2,3\n\n4,5,6", NULL, &info, &err);
	gsl_test_str(fair_column_name(fair_frame_column(f, 1)), "V2", "empty name becomes V2");
	gsl_test_int((int)info.nrows, 2, "blank lines skipped, no final newline");
	gsl_test_str(cell(f, "c", 1), "6", "last field without newline");
	fair_frame_unref(f);
	/* an automatic name never collides with the header's: the empty second
	 * column of "V2,,V2_2" is V2_3 (V2 and V2_2 taken), the third V3 */
	f = P("V2,,,V2_2\n1,2,3,4\n", NULL, &info, &err);
	gsl_test(f == NULL, "auto names: loaded (%s)", f ? "" : err.msg);
	if (f) {
		gsl_test_str(fair_column_name(fair_frame_column(f, 1)), "V2_3", "auto name skips V2 and V2_2");
		gsl_test_str(fair_column_name(fair_frame_column(f, 2)), "V3", "auto name V3 free");
		fair_frame_unref(f);
	}

	/* line numbers count physical lines, after a multi-line quoted field */
	expect_error("a,b\n1,\"x\n\ny\"\n2\n", NULL, FAIR_EPARSE, "x.csv:5: expected 2 fields, found 1");
	expect_error("a,b\n1,2,\n", NULL, FAIR_EPARSE, "x.csv:2: expected 2 fields, found 3");
	expect_error("a,b\n1,\"x\"y\n", NULL, FAIR_EPARSE,
	             "x.csv:2:6: expected ',' or end of line after closing quote");
	expect_error("a,b\n1,2\n\xc3\xa9,x\xfe\n", NULL, FAIR_EPARSE, "x.csv:3:4: invalid UTF-8 byte 0xfe");
	expect_error("a,b\n1,\xc3(\n", NULL, FAIR_EPARSE, "x.csv:2:3: invalid UTF-8 byte 0xc3");
	expect_error("a,b\n1,\xed\xa0\x80\n", NULL, FAIR_EPARSE, "x.csv:2:3: invalid UTF-8 byte 0xed");
	expect_error("\n\n\r\n", NULL, FAIR_EPARSE, "x.csv: empty file; expected a header row");
	expect_error("\xef\xbb\xbf", NULL, FAIR_EPARSE, "x.csv: empty file; expected a header row");
	expect_error("a,b", NULL, FAIR_EPARSE, "x.csv: header only, no data rows");
	expect_error("a,b\r\n\r\n\n", NULL, FAIR_EPARSE, "x.csv: header only, no data rows");
	expect_error("a,b\n\"x\n", NULL, FAIR_EPARSE,
	             "x.csv:2:1: unterminated quoted field; expected a closing '\"' before end of file");
	expect_error("a,b\n1\n2,3,4\n", &(fair_csv_opts){ .skip_bad = true }, FAIR_EPARSE,
	             "x.csv: no data rows (2 ragged rows skipped, the first at line 2)");
	expect_error("a,b\n1,2\n", &(fair_csv_opts){ .delim = '"' }, FAIR_EINVAL,
	             "invalid delimiter 0x22; expected an ASCII character other than a quote or line end");
	expect_error("a,a\n1,2\n", NULL, FAIR_EPARSE, "x.csv:1: duplicate column name 'a' (columns 1 and 2)");
	expect_error("a,\xff\n", NULL, FAIR_EPARSE, "x.csv:1:3: invalid UTF-8 byte 0xff");
	expect_error("\0a,b\n", NULL, FAIR_EPARSE, "x.csv: empty file; expected a header row");  /* strlen 0 */
	{
		fair_error e2;
		fair_frame *g = fair_csv_parse("a,b\n\0,1\n", 8, "x.csv", NULL, NULL, &e2);
		gsl_test(g != NULL, "NUL refused");
		gsl_test_str(e2.msg, "x.csv:2: binary data (NUL byte); not a text CSV file", "NUL message");
	}
}

static void
test_limits(void)
{
	fair_error err;
	fair_csv_info info;
	fair_csv_opts o;
	fair_frame *f;
	fair_progress prog;
	size_t n = 200000, big = (size_t)100 << 20;
	char *s = malloc(4 + 4 * n + 1), *p;

	/* memory limit: 200,001 possible rows x (2 columns x 8 bytes + 32 for
	 * the distinct counts) = 9,600,048 bytes, about 9 MB, above a 2 MB
	 * limit, below 10 MB */
	strcpy(s, "a,b\n");
	for (size_t i = 0; i < n; i++)
		memcpy(s + 4 + 4 * i, "1,2\n", 4);
	s[4 + 4 * n] = '\0';
	fair_csv_opts_init(&o);
	o.memory_limit = (size_t)2 << 20;
	expect_error(s, &o, FAIR_ENOMEM, "'x.csv' needs about 9 MB, more than memory.limit (2 MB)");
	o.memory_limit = (size_t)10 << 20;
	f = P(s, &o, &info, &err);
	gsl_test_int((int)info.nrows, (int)n, "under the memory limit");
	fair_frame_unref(f);

	/* progress and cancellation */
	fair_progress_init(&prog);
	o.memory_limit = 0;
	o.prog = &prog;
	f = P(s, &o, NULL, &err);
	gsl_test_int((int)atomic_load(&prog.iter), (int)(4 + 4 * n), "progress reaches all bytes");
	fair_frame_unref(f);
	atomic_store(&prog.cancel, true);
	expect_error(s, &o, FAIR_ECANCELED, "loading 'x.csv' cancelled");
	free(s);

	/* a 100 MB field in one line: linear time, no crash */
	s = malloc(big + 64);
	p = s;
	p += sprintf(p, "a,b\n1,");
	memset(p, 'x', big);
	p += big;
	p += sprintf(p, "\n2,y\n");
	{
		clock_t t0 = clock();
		f = fair_csv_parse(s, (size_t)(p - s), "x.csv", NULL, &info, &err);
		double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
		gsl_test(f == NULL, "100 MB line loads");
		gsl_test_int((int)strlen(fair_column_level(col(f, "b"), 0)), (int)big, "100 MB level");
		gsl_test_str(cell(f, "b", 1), "y", "row after the long line");
		gsl_test(secs > 20, "100 MB line in %.2f s", secs);
		fair_frame_unref(f);
	}
	/* one 100 MB line of fields: too many columns, reported quickly */
	for (size_t i = 0; i < big; i += 2) {
		s[i] = 'z';
		s[i + 1] = ',';
	}
	{
		fair_error e2;
		f = fair_csv_parse(s, big, "x.csv", NULL, NULL, &e2);
		gsl_test(f != NULL, "100 MB header refused");
		gsl_test_str(e2.msg, "x.csv:1: too many columns (52428801; at most 16384)", "too many columns");
	}
	free(s);
}

/* Inputs over 4 MB without quotes are parsed in two halves; the result must
 * be the one of a single pass (levels in order of first appearance, a
 * column that turns to text in the second half, errors in file order). */
static void
test_halves(void)
{
	size_t n = 400000, len;
	char *s = malloc(n * 40 + 64), *p = s;
	fair_error err;
	fair_csv_info info;
	fair_frame *f;

	p += sprintf(p, "i,cat,late,half\n");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%zu,%s,%s,%s\n", i, i < n / 2 ? (i % 2 ? "b" : "a") : (i % 3 ? "c" : "a"),
		             i == n - 2 ? "x" : "2.5", i < n / 2 ? "7" : "NA");
	len = (size_t)(p - s);
	f = fair_csv_parse(s, len, "x.csv", NULL, &info, &err);
	gsl_test(f == NULL || len < ((size_t)4 << 20), "large input parses (%zu bytes)", len);
	gsl_test_int((int)info.nrows, (int)n, "rows of both halves");
	gsl_test_int((int)fair_column_nlevels(col(f, "cat")), 3, "levels a, b, c");
	gsl_test_str(fair_column_level(col(f, "cat"), 2), "c", "second-half level last");
	gsl_test_str(cell(f, "cat", n - 1), (n - 1) % 3 ? "c" : "a", "last row level");
	gsl_test_int(is_num(f, "late"), 0, "late turns categorical");
	gsl_test_str(fair_column_level(col(f, "late"), 0), "2.5", "late: number text first");
	gsl_test_str(cell(f, "late", n - 2), "x", "late: the text value");
	gsl_test_int(is_num(f, "half"), 1, "half numeric");
	gsl_test_int((int)fair_column_nmissing(col(f, "half")), (int)(n / 2), "half missing");
	gsl_test_rel(fair_column_values(col(f, "i"))[n - 1], (double)(n - 1), 0, "last i");
	gsl_test_int((int)fair_column_ndistinct(col(f, "i")), (int)n, "i distinct");
	fair_frame_unref(f);
	/* a ragged row in each half: the first one is reported */
	memcpy(strstr(s + len / 4, "\n") + 1, "1\n", 2);
	memcpy(strstr(s + 3 * len / 4, "\n") + 1, "2\n", 2);
	f = fair_csv_parse(s, len, "x.csv", NULL, &info, &err);
	gsl_test(f != NULL, "ragged rows refused");
	gsl_test(strstr(err.msg, "expected 4 fields, found 1") == NULL, "first ragged row: %s", err.msg);
	fair_frame_unref(f);
	f = fair_csv_parse(s, len, "x.csv", &(fair_csv_opts){ .skip_bad = true }, &info, &err);
	gsl_test_int((int)info.nskipped, 2, "one skipped row per half");
	gsl_test_int((int)info.nrows, (int)n, "a split line: one ragged row + one good row, per half");
	fair_frame_unref(f);
	free(s);
}

/* Inputs above 8 MB are checked (UTF-8, NUL bytes, line count) on two
 * threads split at a line in the middle: the counts and the first error
 * must be those of one pass. Distinct counts: known up to 4,096 values when
 * loaded, counted on first use above. */
static void
test_big_checks(void)
{
	size_t n = 700000, len, line_a, line_b;
	char *s = malloc(n * 24 + 64), *p = s, *q, msg[128];
	fair_error err;
	fair_csv_info info;
	fair_frame *f;

	p += sprintf(p, "i,k4096,k4097,c\n");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%zu,%zu,%zu,c%zu\n", i, i % 4096, i % 4097, i % 7);
	len = (size_t)(p - s);
	f = fair_csv_parse(s, len, "x.csv", NULL, &info, &err);
	gsl_test(f == NULL || len < ((size_t)9 << 20), "two-thread check: input of %zu bytes parses", len);
	gsl_test_int((int)info.nrows, (int)n, "two-thread check: all rows");
	gsl_test_int(fair_column_ndistinct_known(col(f, "k4096")), 1, "4,096 distinct: counted when loaded");
	gsl_test_int((int)fair_column_ndistinct(col(f, "k4096")), 4096, "4,096 distinct values");
	gsl_test_int(fair_column_ndistinct_known(col(f, "k4097")), 0, "4,097 distinct: left to first use");
	gsl_test_int((int)fair_column_ndistinct(col(f, "k4097")), 4097, "4,097 distinct values, counted");
	gsl_test_int((int)fair_column_ndistinct(col(f, "i")), (int)n, "all distinct, counted");
	fair_frame_unref(f);
	/* an invalid byte three quarters in: its line (header = line 1, row i
	 * on line i + 2) and column */
	q = strchr(s + 3 * len / 4, '\n') + 1;
	line_b = 2 + (size_t)strtoul(q, NULL, 10);
	q[0] = (char)0xff;
	f = fair_csv_parse(s, len, "x.csv", NULL, &info, &err);
	snprintf(msg, sizeof msg, "x.csv:%zu:1: invalid UTF-8 byte 0xff", line_b);
	gsl_test(f != NULL || strcmp(err.msg, msg) != 0, "second half: '%s' (expected '%s')", err.msg, msg);
	fair_frame_unref(f);
	/* and a NUL byte a quarter in: the first in the file is reported */
	q = strchr(s + len / 4, '\n') + 1;
	line_a = 2 + (size_t)strtoul(q, NULL, 10);
	q[1] = '\0';
	f = fair_csv_parse(s, len, "x.csv", NULL, &info, &err);
	snprintf(msg, sizeof msg, "x.csv:%zu: binary data (NUL byte); not a text CSV file", line_a);
	gsl_test(f != NULL || strcmp(err.msg, msg) != 0, "first half first: '%s' (expected '%s')", err.msg, msg);
	fair_frame_unref(f);
	free(s);
}

/* Shortest round-trip decimal forms of random doubles (what %.17g and
 * Python print, without exponents) parse back to the same bits. */
static void
test_shortest(void)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	char buf[64];
	size_t bad = 0;

	gsl_rng_set(r, 7);
	for (size_t t = 0; t < 200000; t++) {
		double x = (gsl_rng_uniform(r) - 0.5) * pow(10.0, (double)gsl_rng_uniform_int(r, 12) - 4.0), y;
		int prec = 1;
		for (; prec <= 17; prec++) {
			snprintf(buf, sizeof buf, "%.*g", prec, x);
			if (strtod(buf, NULL) == x)
				break;
		}
		if (strchr(buf, 'e') != NULL)
			snprintf(buf, sizeof buf, "%.*f", 20, x);   /* no exponent: a long form */
		if (!fair_csv_parse_double(buf, strlen(buf), &y) || memcmp(&x, &y, 8) != 0) {
			double z = strtod(buf, NULL);
			if (memcmp(&z, &y, 8) != 0 && bad++ < 5)
				gsl_test(1, "shortest form '%s': %.17g", buf, y);
		}
	}
	gsl_test_int((int)bad, 0, "shortest round-trip forms parse as strtod does");
	gsl_rng_free(r);
}

static void
test_numbers(void)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	static const char *bad[] = { "", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "0x10", " 1", "1 ",
	                             "--1", "infx", "in", "1,5", "1e5x", "nanx", "+.e1" };
	static const char *good[] = { "0", "-0", "007", ".5", "5.", "1e5", "1E-5", "+3", "inf", "-INFINITY",
	                              "NaN", "1.7976931348623157e308", "1e309", "4.9e-324", "2e-324",
	                              "123456789012345678901234567890", "0.000000000000000000000000001234",
	                              "9007199254740993", "1e22", "1e23", "12.345e30" };
	char buf[64];
	size_t mismatches = 0, nbad = 0;
	double x;

	gsl_rng_set(r, 20240601);
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
		nbad += fair_csv_parse_double(bad[k], strlen(bad[k]), &x);
	gsl_test_int((int)nbad, 0, "malformed numbers rejected");
	for (size_t k = 0; k < sizeof good / sizeof good[0]; k++) {
		double y = strtod(good[k], NULL);
		int ok = fair_csv_parse_double(good[k], strlen(good[k]), &x);
		gsl_test(!ok || (memcmp(&x, &y, 8) != 0 && !(isnan(x) && isnan(y))),
		         "'%s' parses as strtod does", good[k]);
	}
	/* 300,000 random decimal strings: 1-25 digits, a point anywhere, an
	 * exponent in [-330, 330] half of the time; bit-identical to strtod */
	for (size_t t = 0; t < 300000; t++) {
		char *p = buf;
		size_t nd = 1 + gsl_rng_uniform_int(r, 25), dot = gsl_rng_uniform_int(r, nd + 1);
		if (gsl_rng_uniform(r) < 0.3)
			*p++ = '-';
		for (size_t i = 0; i < nd; i++) {
			if (i == dot && gsl_rng_uniform(r) < 0.8)
				*p++ = '.';
			*p++ = (char)('0' + gsl_rng_uniform_int(r, 10));
		}
		if (gsl_rng_uniform(r) < 0.5)
			p += sprintf(p, "e%d", (int)gsl_rng_uniform_int(r, 661) - 330);
		*p = '\0';
		double y = strtod(buf, NULL);
		if (!fair_csv_parse_double(buf, (size_t)(p - buf), &x) || memcmp(&x, &y, 8) != 0) {
			if (mismatches++ < 5)
				gsl_test(1, "number '%s': %.17g vs strtod %.17g", buf, x, y);
		}
	}
	gsl_test_int((int)mismatches, 0, "random numbers bit-identical to strtod");
	gsl_rng_free(r);
}

static void
test_roundtrip(void)
{
	const char *src =
		"num,text,\" spaced name\",mix\n"
		"0.1,\"a,b\",1,x\n"
		"0.3333333333333333,\"say \"\"hi\"\"\",2,\n"
		"1e-300,\"multi\nline\",3,\"NA\"\n"
		"123456789012345678,plain,,\"  pad \"\n"
		",caf\xc3\xa9,5,semi;colon\n"
		"-0.0,\"pipe|tab\t\",6,?\n";
	char path[] = "/tmp/fairsh-test-csv-XXXXXX";
	char file[64];
	fair_error err;
	fair_frame *a, *b;
	int fd = mkstemp(path);

	gsl_test(fd < 0, "temp file");
	close(fd);
	unlink(path);
	snprintf(file, sizeof file, "%s.csv", path);
	a = P(src, NULL, NULL, &err);
	gsl_test(a == NULL, "round-trip source parses: %s", a ? "" : err.msg);
	gsl_test_int(fair_csv_write(a, file, &err), FAIR_OK, "write");
	b = fair_csv_read(file, NULL, NULL, &err);
	gsl_test(b == NULL, "written file reads back: %s", b ? "" : err.msg);
	if (a != NULL && b != NULL) {
		size_t diff = 0;
		gsl_test_int((int)fair_frame_ncols(b), 4, "round trip cols");
		gsl_test_int((int)fair_frame_nrows(b), 6, "round trip rows");
		for (size_t j = 0; j < fair_frame_ncols(a); j++) {
			fair_column *ca = fair_frame_column(a, j), *cb = fair_frame_column(b, j);
			diff += strcmp(fair_column_name(ca), fair_column_name(cb)) != 0;
			diff += fair_column_type(ca) != fair_column_type(cb);
			for (size_t i = 0; i < fair_frame_nrows(a) && diff == 0; i++) {
				if (fair_column_type(ca) == FAIR_COL_NUMERIC) {
					double x = fair_column_values(ca)[i], y = fair_column_values(cb)[i];
					diff += !(isnan(x) && isnan(y)) && memcmp(&x, &y, 8) != 0 && !(x == 0 && y == 0);
				} else {
					int32_t u = fair_column_codes(ca)[i], v = fair_column_codes(cb)[i];
					diff += (u < 0) != (v < 0) ||
					        (u >= 0 && strcmp(fair_column_level(ca, (size_t)u),
					                          fair_column_level(cb, (size_t)v)) != 0);
				}
			}
		}
		gsl_test_int((int)diff, 0, "round trip preserves names, types, cells bit for bit");
		gsl_test_str(cell(b, "mix", 2), "NA", "text NA survives");
		gsl_test_str(cell(b, "mix", 3), "  pad ", "padding survives");
		gsl_test_str(cell(b, "text", 1), "say \"hi\"", "quotes survive");
	}
	{
		FILE *fp = fopen(file, "r");
		char line[128] = "";
		if (fp != NULL && fgets(line, sizeof line, fp) != NULL)
			gsl_test_str(line, "num,text,\" spaced name\",mix\n", "header quoting minimal");
		if (fp != NULL && fgets(line, sizeof line, fp) != NULL)
			gsl_test_str(line, "0.1,\"a,b\",1,x\n", "shortest number, quoted comma");
		if (fp != NULL)
			fclose(fp);
	}
	unlink(file);
	gsl_test_int(fair_csv_write(a, "/nonexistent-dir/out.csv", &err), FAIR_EIO, "write error");
	gsl_test_str(err.msg, "cannot write '/nonexistent-dir/out.csv': No such file or directory",
	             "write error message");
	fair_frame_unref(a);
	fair_frame_unref(b);
}

/* Real datasets (testdata.h; a missing one skips its part) against
 * tests/data/csv/real-summary.tsv (pandas). */
static void
test_real(void)
{
	const char *adult = fair_test_data_path("adult.csv"), *compas = fair_test_data_path("compas.csv"), *data;
	char path[4096], line[1024], ds[64] = "", name[256], type[8], total[64];
	FILE *fp;
	fair_frame *f = NULL;
	fair_error err;
	size_t bad = 0, checked = 0;
	bool have = false;

	if (adult == NULL || compas == NULL)
		return;
	f = fair_csv_read(adult, NULL, NULL, &err);
	gsl_test(f == NULL, "adult.csv loads: %s", f ? "" : err.msg);
	gsl_test_int((int)fair_frame_nrows(f), 48842, "adult rows");
	gsl_test_int((int)fair_frame_ncols(f), 16, "adult cols");
	gsl_test_int((int)fair_column_nmissing(col(f, "workclass")), 2799, "workclass missing");
	gsl_test_int(is_num(f, "age"), 1, "age numeric");
	fair_frame_unref(f);
	f = fair_csv_read(compas, NULL, NULL, &err);
	gsl_test_int((int)fair_frame_nrows(f), 7214, "compas rows (README)");
	gsl_test_int((int)fair_frame_ncols(f), 53, "compas cols (README)");
	gsl_test_str(cell(f, "c_charge_desc", 10), "Poss 3,4 MDMA (Ecstasy)", "quoted charge with a comma");
	gsl_test_str(cell(f, "name", 10), "benjamin franc", "row 10 name");
	fair_frame_unref(f);
	f = NULL;

	snprintf(path, sizeof path, "%s/tests/data/csv/real-summary.tsv", srcdir);
	fp = fopen(path, "r");
	gsl_test(fp == NULL, "real-summary.tsv");
	while (fp != NULL && fgets(line, sizeof line, fp) != NULL) {
		char *fld[6], *s = line;
		line[strcspn(line, "\n")] = '\0';
		for (int k = 0; k < 6; k++)
			fld[k] = strsep(&s, "\t");
		if (fld[5] == NULL)
			continue;
		if (strcmp(fld[1], "*") == 0) {
			fair_frame_unref(f);
			snprintf(ds, sizeof ds, "%s", fld[0]);
			snprintf(path, sizeof path, "%s.csv", ds);
			f = NULL;
			if ((have = (data = fair_test_data_path(path)) != NULL)) {
				f = fair_csv_read(data, NULL, NULL, &err);
				gsl_test(f == NULL, "%s loads: %s", ds, f ? "" : err.msg);
			}
			if (f != NULL) {
				gsl_test_int((int)fair_frame_nrows(f), atoi(fld[2]), "%s rows", ds);
				gsl_test_int((int)fair_frame_ncols(f), atoi(fld[3]), "%s cols", ds);
			}
			continue;
		}
		if (!have)
			continue;
		snprintf(name, sizeof name, "%s", fld[1]);
		snprintf(type, sizeof type, "%s", fld[2]);
		snprintf(total, sizeof total, "%s", fld[5]);
		const fair_column *c = f ? col(f, name) : NULL;
		checked++;
		if (c == NULL) {
			bad++;
			gsl_test(1, "%s: column '%s' present", ds, name);
			continue;
		}
		int ok = (fair_column_type(c) == FAIR_COL_NUMERIC) == (strcmp(type, "num") == 0) &&
		         fair_column_nmissing(c) == (size_t)atol(fld[3]) &&
		         fair_column_ndistinct(c) == (size_t)atol(fld[4]);
		if (ok && fair_column_type(c) == FAIR_COL_NUMERIC) {
			double sum = 0, ref = strtod(total, NULL);
			for (size_t i = 0; i < fair_column_length(c); i++)
				if (!isnan(fair_column_values(c)[i]))
					sum += fair_column_values(c)[i];
			ok = fabs(sum - ref) <= 1e-10 * fabs(ref) + 1e-9;
		}
		if (!ok) {
			bad++;
			gsl_test(1, "%s: column '%s' (%s, %s missing, %s distinct, sum %s) differs", ds, name,
			         type, fld[3], fld[4], total);
		}
	}
	fair_frame_unref(f);
	if (fp != NULL)
		fclose(fp);
	gsl_test(fair_test_data_missing == 0 && checked < 500, "columns checked against pandas: %zu", checked);
	gsl_test_int((int)bad, 0, "all columns agree with pandas (type, missing, distinct, sum to 1e-10)");
}

int
main(void)
{
	gsl_set_error_handler_off();
	srcdir = getenv("top_srcdir");
	if (srcdir == NULL)
		srcdir = ".";
	test_quoted_file();
	test_files();
	test_inline();
	test_numbers();
	test_halves();
	test_big_checks();
	test_shortest();
	test_roundtrip();
	test_limits();
	test_real();
	return fair_test_data_status(gsl_test_summary());
}
