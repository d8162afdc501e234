/* test-stream-count.c -- the streamed counting of the core (fairsh/stream.h)
 * on counts computed by hand: two chunks handed to a counter as the
 * streaming CSV reader hands them over (a text column's levels grow from
 * chunk to chunk), with weights, a filter, a score cut at a threshold and a
 * numeric sensitive column labelled at its threshold; a group that first
 * appears in the second chunk comes after the first chunk's group (the
 * order of first appearance, as `load` numbers levels, not byte order);
 * bad input (a negative weight, naming its row across chunks; a column not
 * there; no target; a score that is text) is an error. Then a 70,000-row
 * file counted in one pass by fair_stream_count_csv, where group "a" first
 * appears after the reader's first chunk, against counts by formula. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/csv.h"
#include "fairsh/db.h"
#include "fairsh/stream.h"
#include "testframe.h"

/* ---- building chunks ----------------------------------------------------- */

/* The two chunks (g text, y, p, w, s numbers; c text):
 *
 *   row  g     y  p    w    s    c          chunk 1: g's levels [b]
 *   1    b     1  1    1    0.2  u          chunk 2: g's levels [b, a]
 *   2    b     0  1    2    0.9  u          (the reader's dictionary goes on
 *   3    b     1  1    0.5  0.4  v           across chunks: "a" is new in
 *   4    NA    1  0    1    0.7  u           chunk 2, after "b")
 *   ---
 *   5    a     1  1    3    0.8  v
 *   6    b     0  0    1    0.1  u
 *   7    a     1  1    1    0.6  v
 *   8    a     0  NA   2    0.3  u
 *
 * @wrow6: the weight of row 6 (1, or a bad value). */
static fair_frame *
chunk(int which, double wrow6)
{
	static const char *const g1[] = { "b" }, *const g2[] = { "b", "a" }, *const cl[] = { "u", "v" };
	fair_frame *f = fair_frame_new();
	if (which == 1) {
		add_cat(f, "g", (const int32_t[]){ 0, 0, 0, -1 }, 4, g1, 1);
		add_num(f, "y", (const double[]){ 1, 0, 1, 1 }, 4);
		add_num(f, "p", (const double[]){ 1, 1, 1, 0 }, 4);
		add_num(f, "w", (const double[]){ 1, 2, 0.5, 1 }, 4);
		add_num(f, "s", (const double[]){ 0.2, 0.9, 0.4, 0.7 }, 4);
		add_cat(f, "c", (const int32_t[]){ 0, 0, 1, 0 }, 4, cl, 2);
	} else {
		add_cat(f, "g", (const int32_t[]){ 1, 0, 1, 1 }, 4, g2, 2);
		add_num(f, "y", (const double[]){ 1, 0, 1, 0 }, 4);
		add_num(f, "p", (const double[]){ 1, 0, 1, NAN }, 4);
		add_num(f, "w", (const double[]){ 3, wrow6, 1, 2 }, 4);
		add_num(f, "s", (const double[]){ 0.8, 0.1, 0.6, 0.3 }, 4);
		add_cat(f, "c", (const int32_t[]){ 1, 0, 1, 0 }, 4, cl, 2);
	}
	return f;
}

/* A frame without rows with the chunks' columns (the counter's schema). */
static fair_frame *
schema(void)
{
	fair_error err;
	char g[] = "g", y[] = "y", p[] = "p", w[] = "w", s[] = "s", c[] = "c";
	char *names[] = { g, y, p, w, s, c };
	fair_coltype t[] = { FAIR_COL_CATEGORICAL, FAIR_COL_NUMERIC, FAIR_COL_NUMERIC, FAIR_COL_NUMERIC,
	                     FAIR_COL_NUMERIC, FAIR_COL_CATEGORICAL };
	return fair_db_empty_frame(6, names, t, &err);
}

/* ---- checking a frame of counts -------------------------------------------- */

/* Column @name of @f: its values as text (numbers %g, levels, "NA"),
 * joined by spaces, into @out. */
static const char *
col_text(const fair_frame *f, const char *name, char *out, size_t size)
{
	long j = fair_frame_find(f, name);
	size_t at = 0;

	out[0] = '\0';
	if (j < 0)
		return "(no column)";
	const fair_column *c = fair_frame_column(f, (size_t)j);
	for (size_t i = 0; i < fair_frame_nrows(f) && at < size; i++) {
		const char *sep = i ? " " : "";
		if (fair_column_type(c) == FAIR_COL_CATEGORICAL) {
			int32_t k = fair_column_codes(c)[i];
			at += (size_t)snprintf(out + at, size - at, "%s%s", sep, k < 0 ? "NA" : fair_column_level(c, (size_t)k));
		} else {
			double v = fair_column_values(c)[i];
			if (isnan(v))
				at += (size_t)snprintf(out + at, size - at, "%sNA", sep);
			else
				at += (size_t)snprintf(out + at, size - at, "%s%g", sep, v);
		}
	}
	return out;
}

static void
expect_col(const fair_frame *f, const char *name, const char *want, const char *what)
{
	char buf[2000];
	const char *got = col_text(f, name, buf, sizeof buf);
	gsl_test(strcmp(got, want) != 0, "%s: column %s is '%s' (expected '%s')", what, name, got, want);
}

/* The levels of text column @name, in order. */
static void
expect_levels(const fair_frame *f, const char *name, const char *want, const char *what)
{
	char buf[400];
	size_t at = 0;
	long j = fair_frame_find(f, name);

	buf[0] = '\0';
	if (j >= 0) {
		const fair_column *c = fair_frame_column(f, (size_t)j);
		for (size_t l = 0; l < fair_column_nlevels(c) && at < sizeof buf; l++)
			at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%s", l ? " " : "", fair_column_level(c, l));
	}
	gsl_test(strcmp(buf, want) != 0, "%s: levels of %s are '%s' (expected '%s')", what, name, buf, want);
}

/* Counts @p under @st over the two chunks; the frame, or NULL (error in
 * @err). */
static fair_frame *
count2(fair_db_setup *st, const fair_db_push *p, double wrow6, size_t *rows, fair_error *err)
{
	fair_frame *sch = schema(), *c1 = chunk(1, 1), *c2 = chunk(2, wrow6), *f = NULL;
	fair_stream_counter *g = fair_stream_counter_new(sch, st, p, err);

	if (g != NULL && fair_stream_counter_add(g, c1, err) == FAIR_OK && fair_stream_counter_add(g, c2, err) == FAIR_OK) {
		f = fair_stream_counter_frame(g, err);
		*rows = fair_stream_counter_rows(g);
	}
	fair_stream_counter_free(g);
	fair_frame_unref(sch);
	fair_frame_unref(c1);
	fair_frame_unref(c2);
	return f;
}

static fair_db_setup *
setup(const char *target, const char *sensitive)
{
	fair_db_setup *st = fair_db_setup_new();
	st->target = strdup(target);
	st->sensitive = malloc(sizeof *st->sensitive);
	st->sensitive[0] = strdup(sensitive);
	st->nsensitive = 1;
	return st;
}

static void
test_chunks(void)
{
	fair_error err;
	fair_frame *f;
	size_t rows = 0;
	fair_db_setup *st = setup("y", "g");
	fair_db_push p = { .pred = "p", .threshold = NAN, .weight = "w" };

	/* pred=p, weighted. Cells (y, g, p): sorted by y, then g in level
	 * order (b before a: "a" appeared in chunk 2), missing last, then p:
	 *   y=0 b p=0: row 6         1 row, w 1,          w^2 1
	 *   y=0 b p=1: row 2         1 row, w 2,          w^2 4
	 *   y=0 a p=NA: row 8        1 row, w 2,          w^2 4
	 *   y=1 b p=1: rows 1, 3     2 rows, w 1+0.5=1.5, w^2 1+0.25=1.25
	 *   y=1 a p=1: rows 5, 7     2 rows, w 3+1=4,     w^2 9+1=10
	 *   y=1 NA p=0: row 4        1 row, w 1,          w^2 1 */
	f = count2(st, &p, 1, &rows, &err);
	gsl_test(f == NULL, "weighted counts: %s", f ? "" : err.msg);
	if (f != NULL) {
		gsl_test(fair_frame_nrows(f) != 6 || fair_frame_ncols(f) != 6, "weighted: %zu x %zu (expected 6 x 6)",
		         fair_frame_nrows(f), fair_frame_ncols(f));
		expect_col(f, "y", "0 0 0 1 1 1", "weighted");
		expect_col(f, "g", "b b a b a NA", "weighted");
		expect_col(f, "p", "0 1 NA 1 1 0", "weighted");
		expect_col(f, FAIR_DB_COUNT, "1 1 1 2 2 1", "weighted");
		expect_col(f, FAIR_DB_WSUM, "1 2 2 1.5 4 1", "weighted");
		expect_col(f, FAIR_DB_W2, "1 4 4 1.25 10 1", "weighted");
		expect_levels(f, "g", "b a", "weighted (first appearance, not byte order)");
		gsl_test(rows != 8, "weighted: %zu rows read (expected 8)", rows);
	}
	fair_frame_unref(f);

	/* filter w >= 1 drops row 3 (w 0.5), unweighted: y=1 b p=1 has row 1
	 * only; the rest as above; no weight columns */
	st->filters = malloc(sizeof *st->filters);
	st->filters[0] = strdup("w >= 1");
	st->nfilters = 1;
	p.weight = NULL;
	f = count2(st, &p, 1, &rows, &err);
	gsl_test(f == NULL, "filtered counts: %s", f ? "" : err.msg);
	if (f != NULL) {
		gsl_test(fair_frame_ncols(f) != 4, "filtered: %zu columns (expected 4: no weights)", fair_frame_ncols(f));
		expect_col(f, "g", "b b a b a NA", "filtered");
		expect_col(f, FAIR_DB_COUNT, "1 1 1 1 2 1", "filtered");
		gsl_test(rows != 8, "filtered: %zu rows read (expected 8, before the filter)", rows);
	}
	fair_frame_unref(f);
	free(st->filters[0]);
	st->nfilters = 0;

	/* score=s threshold=0.5 (s >= 0.5 is 1), control=c:
	 *   row  y g  s>=0.5 c
	 *   1    1 b  0      u      y=0: (b,1,u) row 2; (b,0,u) row 6;
	 *   2    0 b  1      u           (a,0,u) row 8
	 *   3    1 b  0      v      y=1: (b,0,u) row 1; (b,0,v) row 3;
	 *   4    1 NA 1      u           (a,1,v) rows 5, 7; (NA,1,u) row 4
	 *   5    1 a  1      v
	 *   6    0 b  0      u      sorted (y, g, s, c):
	 *   7    1 a  1      v        0 b 0 u | 0 b 1 u | 0 a 0 u |
	 *   8    0 a  0      u        1 b 0 u | 1 b 0 v | 1 a 1 v (2) | 1 NA 1 u */
	fair_db_push ps = { .score = "s", .threshold = 0.5, .control = (const char *const[]){ "c" }, .ncontrol = 1 };
	f = count2(st, &ps, 1, &rows, &err);
	gsl_test(f == NULL, "score counts: %s", f ? "" : err.msg);
	if (f != NULL) {
		expect_col(f, "y", "0 0 0 1 1 1 1", "score");
		expect_col(f, "g", "b b a b b a NA", "score");
		expect_col(f, "s", "0 1 0 0 0 1 1", "score");
		expect_col(f, "c", "u u u u v v u", "score");
		expect_col(f, FAIR_DB_COUNT, "1 1 1 1 1 2 1", "score");
	}
	fair_frame_unref(f);

	/* direction=lower (s <= 0.5 is 1) and a numeric sensitive column, w cut
	 * at 1.5 into "w<=1.5" / "w>1.5" (that order, whatever comes first):
	 *   row  y  w      s    label   s<=0.5
	 *   1    1  1      0.2  <=      1        y=0: (>,0) row 2; (<=,1) row 6;
	 *   2    0  2      0.9  >       0             (>,1) row 8
	 *   3    1  0.5    0.4  <=      1        y=1: (<=,1) rows 1, 3;
	 *   4    1  1      0.7  <=      0             (<=,0) rows 4, 7; (>,0) row 5
	 *   5    1  3      0.8  >       0
	 *   6    0  1      0.1  <=      1        sorted: 0 <= 1 | 0 > 0 | 0 > 1 |
	 *   7    1  1      0.6  <=      0          1 <= 0 (2) | 1 <= 1 (2) | 1 > 0
	 *   8    0  2      0.3  >       1 */
	fair_db_setup *sw = setup("y", "w");
	sw->sensitive_threshold = 1.5;
	fair_db_push pl = { .score = "s", .threshold = 0.5, .lower = true };
	f = count2(sw, &pl, 1, &rows, &err);
	gsl_test(f == NULL, "labelled counts: %s", f ? "" : err.msg);
	if (f != NULL) {
		expect_col(f, "y", "0 0 0 1 1 1", "labelled");
		expect_col(f, "w", "w<=1.5 w>1.5 w>1.5 w<=1.5 w<=1.5 w>1.5", "labelled");
		expect_levels(f, "w", "w<=1.5 w>1.5", "labelled");
		expect_col(f, "s", "1 0 1 0 1 0", "labelled");
		expect_col(f, FAIR_DB_COUNT, "1 1 1 2 2 1", "labelled");
	}
	fair_frame_unref(f);
	fair_db_setup_free(sw);

	/* bad input: a negative weight in chunk 2 names the file's row 6
	 * (4 rows of chunk 1 + the 2nd of chunk 2); a missing one too */
	p.weight = "w";
	f = count2(st, &p, -1, &rows, &err);
	gsl_test(f != NULL || err.code != FAIR_EINVAL ||
	         strcmp(err.msg, "weights column 'w': row 6 has -1 (weights must be finite and >= 0)"),
	         "negative weight: %s", f ? "no error" : err.msg);
	fair_frame_unref(f);
	f = count2(st, &p, NAN, &rows, &err);
	gsl_test(f != NULL || err.code != FAIR_EINVAL ||
	         strcmp(err.msg, "weights column 'w': row 6 is missing (every row needs a weight)"),
	         "missing weight: %s", f ? "no error" : err.msg);
	fair_frame_unref(f);
	/* a score that is text: found when the chunk comes */
	fair_db_push pc = { .score = "c", .threshold = 0.5 };
	f = count2(st, &pc, 1, &rows, &err);
	gsl_test(f != NULL || err.code != FAIR_EINVAL || !strstr(err.msg, "column 'c' is not numeric"),
	         "text score: %s", f ? "no error" : err.msg);
	fair_frame_unref(f);
	/* a column the source does not have; no target */
	fair_db_push pn = { .pred = "nope", .threshold = NAN };
	f = count2(st, &pn, 1, &rows, &err);
	gsl_test(f != NULL || err.code != FAIR_ENOTFOUND || strcmp(err.msg, "unknown column 'nope' (see 'columns')"),
	         "unknown column: %s", f ? "no error" : err.msg);
	fair_frame_unref(f);
	free(st->target);
	st->target = NULL;
	f = count2(st, &p, 1, &rows, &err);
	gsl_test(f != NULL || err.code != FAIR_EINVAL || !strstr(err.msg, "no target"), "no target: %s",
	         f ? "no error" : err.msg);
	fair_frame_unref(f);
	fair_db_setup_free(st);
}

/* A counter read again from the start (a NULL chunk) forgets what it
 * counted; a chunk without a key column is an error. */
static void
test_reset(void)
{
	fair_error err;
	fair_db_setup *st = setup("y", "g");
	fair_db_push p = { .pred = "p", .threshold = NAN };
	fair_frame *sch = schema(), *c1 = chunk(1, 1), *f;
	fair_stream_counter *g = fair_stream_counter_new(sch, st, &p, &err);
	const char *const *cols;
	size_t n = fair_stream_counter_columns(g, &cols);

	gsl_test(n != 3 || strcmp(cols[0], "y") || strcmp(cols[1], "g") || strcmp(cols[2], "p"),
	         "columns read: %zu (expected y, g, p)", n);
	gsl_test(fair_stream_counter_add(g, c1, &err) != FAIR_OK, "reset: chunk 1: %s", err.msg);
	gsl_test(fair_stream_counter_rows(g) != 4 || fair_stream_counter_size(g) != 3,
	         "chunk 1: %zu rows, %zu combinations (expected 4, 3)", fair_stream_counter_rows(g),
	         fair_stream_counter_size(g));
	fair_stream_counter_add(g, NULL, &err);
	gsl_test(fair_stream_counter_rows(g) != 0 || fair_stream_counter_size(g) != 0, "reset: %zu rows, %zu combinations",
	         fair_stream_counter_rows(g), fair_stream_counter_size(g));
	f = fair_stream_counter_frame(g, &err);
	gsl_test(f == NULL || fair_frame_nrows(f) != 0, "reset: the frame has rows");
	fair_frame_unref(f);
	fair_frame *no_p = fair_frame_new();
	add_num(no_p, "y", (const double[]){ 1 }, 1);
	add_cat(no_p, "g", (const int32_t[]){ 0 }, 1, (const char *const[]){ "b" }, 1);
	gsl_test(fair_stream_counter_add(g, no_p, &err) != FAIR_ENOTFOUND || strcmp(err.msg, "no column 'p'"),
	         "a chunk without p: %s", err.msg);
	fair_frame_unref(no_p);
	fair_stream_counter_free(g);
	fair_frame_unref(sch);
	fair_frame_unref(c1);
	fair_db_setup_free(st);
}

/* ---- a file ------------------------------------------------------------------ */

static int
first_chunk(void *arg, const fair_frame *chunk, fair_error *err)
{
	size_t *n = arg;

	if (chunk != NULL && *n == 0)
		*n = fair_frame_nrows(chunk);
	(void)err;
	return FAIR_OK;
}

/* 70,000 rows, row i (1-based): g "b" up to row 66,000, then "b" for odd i
 * and "a" for even i; y = i odd; p = (i % 3 == 0).
 *   a: the even i in 66,001..70,000: 2,000 rows, all y=0; p=1 when 6 | i:
 *      66,006..69,996, 11,001..11,666 times 6: 666; p=0: 1,334
 *   b, y=0: the even i up to 66,000: 33,000; p=1 when 6 | i: 11,000;
 *      p=0: 22,000
 *   b, y=1: the odd i: 33,000 up to 66,000 and 2,000 after: 35,000; p=1
 *      when i = 3 mod 6: 11,000 up to 66,000, and 66,003..69,999: 667;
 *      11,667; p=0: 23,333
 *   total 22,000 + 11,000 + 1,334 + 666 + 23,333 + 11,667 = 70,000.
 * The reader's first chunk (about 65,536 rows) holds no "a": the order is
 * b, a (as `load` numbers them), not byte order. */
static void
test_file(const char *dir)
{
	char path[400];
	fair_error err;
	fair_csv_info info;
	fair_csv_opts o;
	size_t rows = 0, first = 0;
	FILE *fp;

	snprintf(path, sizeof path, "%s/seventy.csv", dir);
	fp = fopen(path, "w");
	fprintf(fp, "g,y,p,unused\n");
	for (long i = 1; i <= 70000; i++)
		fprintf(fp, "%s,%ld,%d,zz\n", i <= 66000 || i % 2 ? "b" : "a", i % 2, i % 3 == 0);
	fclose(fp);
	fair_csv_opts_init(&o);
	fair_frame *sch = fair_stream_csv_schema(path, &o, &err);
	gsl_test(sch == NULL || fair_frame_ncols(sch) != 4 || fair_frame_nrows(sch) != 0, "schema: %s",
	         sch ? "" : err.msg);
	gsl_test(fair_csv_stream(path, &o, NULL, 0, first_chunk, &first, NULL, &err) != FAIR_OK || first == 0 ||
	         first >= 66000, "the reader's first chunk: %zu rows (expected fewer than 66,000)", first);
	fair_db_setup *st = setup("y", "g");
	fair_db_push p = { .pred = "p", .threshold = NAN };
	fair_frame *f = sch ? fair_stream_count_csv(path, &o, sch, st, &p, &info, &rows, &err) : NULL;
	gsl_test(f == NULL, "file: %s", f ? "" : err.msg);
	if (f != NULL) {
		expect_col(f, "y", "0 0 0 0 1 1", "file");
		expect_col(f, "g", "b b a a b b", "file");
		expect_col(f, "p", "0 1 0 1 0 1", "file");
		expect_col(f, FAIR_DB_COUNT, "22000 11000 1334 666 23333 11667", "file");
		expect_levels(f, "g", "b a", "file (a first seen in the second chunk)");
		gsl_test(rows != 70000 || info.nskipped != 0, "file: %zu rows read, %zu skipped", rows, info.nskipped);
	}
	fair_frame_unref(f);
	/* a file without the column */
	fair_db_push pn = { .pred = "p", .threshold = NAN, .weight = "w" };
	f = fair_stream_count_csv(path, &o, sch, st, &pn, &info, &rows, &err);
	gsl_test(f != NULL || err.code != FAIR_ENOTFOUND || strcmp(err.msg, "weights: unknown column 'w' (see 'columns')"),
	         "file, unknown weights: %s", f ? "no error" : err.msg);
	fair_frame_unref(f);
	fair_frame_unref(sch);
	fair_db_setup_free(st);
	unlink(path);
}

int
main(void)
{
	const char *t = getenv("TMPDIR");
	char dir[256];

	gsl_set_error_handler_off();
	snprintf(dir, sizeof dir, "%s/test-stream-count-XXXXXX", t ? t : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	test_chunks();
	test_reset();
	test_file(dir);
	rmdir(dir);
	return gsl_test_summary() ? 1 : 0;
}
