/* test-csv-stream.c -- the CSV reader in streaming mode (fair_csv_stream)
 * against the whole-file reader (fair_csv_read) on the same file, plain and
 * gzip: the chunks, put end to end, hold the same values (numbers
 * bit-identical, levels the same text) for the wanted columns; no chunk is
 * longer than 65,536 rows; a column that turns text after 150,000 rows of
 * numbers makes the reader start over once, with it as text as the whole
 * reader makes it; quoted fields with newlines; a ragged row deep in the
 * file gives the very message of fair_csv_read (file:line); an unknown
 * column and a cancel are errors. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/csv.h"
#include "fairsh/progress.h"

#define NROWS 200000

static char tmpdir[256];

/* id, x (numeric), g (levels), t (numbers, then text from row 150,001),
 * q (quoted, some with a newline inside), u (not wanted) */
static void
write_csv(const char *path, long bad_row)
{
	FILE *fp = fopen(path, "w");

	fprintf(fp, "id,x,g,t,q,u\n");
	for (long i = 1; i <= NROWS; i++) {
		if (i == bad_row) {
			fprintf(fp, "%ld,1.5,a\n", i);
			continue;
		}
		fprintf(fp, "%ld,%.17g,%s,", i, i % 11 == 0 ? NAN : sin((double)i) * 1e3,
		        i % 3 == 0 ? "a" : i % 3 == 1 ? "b b" : "");
		if (i > 150000)
			fprintf(fp, "%s,", i % 2 ? "x" : "7");
		else
			fprintf(fp, "%ld,", i % 5);
		if (i % 1000 == 0)
			fprintf(fp, "\"line\none %ld\",", i % 7);
		else
			fprintf(fp, "\"v%ld\",", i % 7);
		fprintf(fp, "zz%ld\n", i);
	}
	fclose(fp);
}

static void
gzip_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	gzFile out = gzopen(to, "wb1");
	char buf[65536];
	size_t n;

	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		gzwrite(out, buf, (unsigned)n);
	fclose(in);
	gzclose(out);
}

/* The chunks end to end: one growing array per wanted column (doubles, or
 * level strings). */
typedef struct acc {
	size_t    n, nchunks, restarts, longest;
	size_t    ncols;
	double   *num[4];
	char    **str[4];
	int       cancel_after;     /* > 0: cancel after this many chunks */
	fair_progress *prog;
} acc;

static void
acc_clear(acc *a)
{
	for (size_t j = 0; j < 4; j++) {
		for (size_t i = 0; a->str[j] && i < a->n; i++)
			free(a->str[j][i]);
		free(a->num[j]);
		free(a->str[j]);
		a->num[j] = NULL;
		a->str[j] = NULL;
	}
	a->n = 0;
}

static int
sink(void *arg, const fair_frame *chunk, fair_error *err)
{
	acc *a = arg;
	size_t m;

	(void)err;
	if (chunk == NULL) {
		acc_clear(a);
		a->restarts++;
		return FAIR_OK;
	}
	m = fair_frame_nrows(chunk);
	a->nchunks++;
	if (m > a->longest)
		a->longest = m;
	a->ncols = fair_frame_ncols(chunk);
	for (size_t j = 0; j < a->ncols && j < 4; j++) {
		const fair_column *c = fair_frame_column(chunk, j);
		if (fair_column_type(c) == FAIR_COL_NUMERIC) {
			a->num[j] = realloc(a->num[j], (a->n + m) * sizeof(double));
			memcpy(a->num[j] + a->n, fair_column_values(c), m * sizeof(double));
		} else {
			a->str[j] = realloc(a->str[j], (a->n + m) * sizeof(char *));
			for (size_t i = 0; i < m; i++) {
				int32_t k = fair_column_codes(c)[i];
				a->str[j][a->n + i] = k < 0 ? NULL : strdup(fair_column_level(c, (size_t)k));
			}
		}
	}
	a->n += m;
	if (a->cancel_after > 0 && (int)a->nchunks == a->cancel_after)
		atomic_store(&a->prog->cancel, true);
	return FAIR_OK;
}

static void
compare(const char *path, const char *what)
{
	static const char *const want[] = { "x", "g", "t", "q" };
	fair_error err;
	fair_frame *f = fair_csv_read(path, NULL, NULL, &err);
	acc a;
	fair_csv_info info;
	int rc;

	memset(&a, 0, sizeof a);
	gsl_test(f == NULL, "%s: whole read (%s)", what, f ? "" : err.msg);
	rc = fair_csv_stream(path, NULL, want, 4, sink, &a, &info, &err);
	gsl_test(rc != FAIR_OK, "%s: streamed (%s)", what, rc ? err.msg : "");
	if (f == NULL || rc != FAIR_OK)
		return;
	gsl_test(a.n != NROWS || info.nrows != NROWS, "%s: %zu rows streamed, info %zu", what, a.n, info.nrows);
	gsl_test(a.ncols != 4, "%s: %zu columns in a chunk, 4 wanted", what, a.ncols);
	gsl_test(a.longest > 65536 || a.nchunks < NROWS / 65536, "%s: %zu chunks, the longest %zu rows", what,
	         a.nchunks, a.longest);
	gsl_test(a.restarts != 1, "%s: %zu restarts, expected 1 (column t)", what, a.restarts);
	for (size_t j = 0; j < 4; j++) {
		const fair_column *c = fair_frame_column(f, (size_t)fair_frame_find(f, want[j]));
		size_t bad = 0;
		bool num = fair_column_type(c) == FAIR_COL_NUMERIC;
		gsl_test(num != (a.num[j] != NULL), "%s: column %s: type differs", what, want[j]);
		if (num != (a.num[j] != NULL))
			continue;
		for (size_t i = 0; i < a.n; i++) {
			if (num) {
				double x = fair_column_values(c)[i], y = a.num[j][i];
				bad += !(isnan(x) ? isnan(y) : memcmp(&x, &y, sizeof x) == 0);
			} else {
				int32_t k = fair_column_codes(c)[i];
				const char *s = k < 0 ? NULL : fair_column_level(c, (size_t)k);
				bad += (s == NULL) != (a.str[j][i] == NULL) || (s && strcmp(s, a.str[j][i]));
			}
		}
		gsl_test(bad != 0, "%s: column %s: %zu rows differ from the whole read", what, want[j], bad);
	}
	acc_clear(&a);
	fair_frame_unref(f);
}

int
main(void)
{
	const char *t = getenv("TMPDIR");
	char plain[400], gz[400], bad[400], badgz[400];
	fair_error err, e2;
	acc a;
	int rc;

	gsl_set_error_handler_off();
	snprintf(tmpdir, sizeof tmpdir, "%s/test-csv-stream-XXXXXX", t ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	snprintf(plain, sizeof plain, "%s/s.csv", tmpdir);
	snprintf(gz, sizeof gz, "%s/s.csv.gz", tmpdir);
	snprintf(bad, sizeof bad, "%s/bad.csv", tmpdir);
	snprintf(badgz, sizeof badgz, "%s/bad.csv.gz", tmpdir);
	write_csv(plain, 0);
	gzip_file(plain, gz);
	compare(plain, "plain");
	compare(gz, "gzip");

	/* a ragged row at data row 190,000: line 190,001 plus the 189 lines
	 * of the quoted newlines before it (rows 1000, 2000, ..., 189,000) */
	write_csv(bad, 190000);
	gzip_file(bad, badgz);
	for (int k = 0; k < 2; k++) {
		const char *p = k ? badgz : bad;
		fair_frame *f = fair_csv_read(p, NULL, NULL, &e2);
		memset(&a, 0, sizeof a);
		rc = fair_csv_stream(p, NULL, NULL, 0, sink, &a, NULL, &err);
		gsl_test(f != NULL || rc != FAIR_EPARSE, "%s: ragged row: an error (rc %d)", p, rc);
		gsl_test(strcmp(err.msg, e2.msg) != 0, "%s: the same message as a whole read: '%s' vs '%s'", p, err.msg,
		         e2.msg);
		gsl_test(strstr(err.msg, ":190190: expected 6 fields, found 3") == NULL, "%s: line 190190: '%s'", p,
		         err.msg);
		fair_frame_unref(f);
		acc_clear(&a);
	}

	/* an unknown column, a missing file, a cancel */
	static const char *const nope[] = { "x", "nope" };
	memset(&a, 0, sizeof a);
	rc = fair_csv_stream(plain, NULL, nope, 2, sink, &a, NULL, &err);
	gsl_test(rc != FAIR_ENOTFOUND || strstr(err.msg, "no column 'nope' (columns: id, x, g, t, q, u)") == NULL,
	         "unknown column: %d '%s'", rc, err.msg);
	rc = fair_csv_stream("/nonexistent/x.csv", NULL, NULL, 0, sink, &a, NULL, &err);
	gsl_test(rc != FAIR_EIO, "missing file: %d '%s'", rc, err.msg);
	fair_progress prog;
	fair_csv_opts o;
	fair_progress_init(&prog);
	fair_csv_opts_init(&o);
	o.prog = &prog;
	memset(&a, 0, sizeof a);
	a.cancel_after = 1;
	a.prog = &prog;
	rc = fair_csv_stream(gz, &o, NULL, 0, sink, &a, NULL, &err);
	gsl_test(rc != FAIR_ECANCELED || a.n >= NROWS, "cancel: %d after %zu rows", rc, a.n);
	acc_clear(&a);
	{
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", tmpdir);
	}
	return gsl_test_summary() ? 1 : 0;
}
