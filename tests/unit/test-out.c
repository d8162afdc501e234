/* test-out.c -- the machine-readable output of src/out: numbers printed as
 * the shortest of %.15g, %.16g and %.17g that reads back to the same
 * double (against a brute-force search of every precision), CSV tables
 * (quoting, empty cells for undefined values, round-trip of every number)
 * and JUnit XML (escaping, the counts of each suite); the text layout
 * (decimal points aligned, tables that fit a width transposed or in
 * blocks, lines broken at spaces) and the edit distance behind "did you
 * mean". */
/* SPDX-License-Identifier: MIT */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_test.h>

#include "fairsh/text.h"
#include "out/junit.h"
#include "out/out.h"

/* Significant digits of a %g string: "-0.00120" -> 2, "1.5e+20" -> 2. */
static int
sig_digits(const char *s)
{
	char m[64];
	size_t k = 0;
	int n;

	for (; *s && *s != 'e' && *s != 'E' && k + 1 < sizeof m; s++)
		if (*s >= '0' && *s <= '9')
			m[k++] = *s;
	m[k] = '\0';
	n = (int)k;
	for (k = 0; m[k] == '0'; k++)     /* leading zeros */
		n--;
	while (n > 0 && m[k + (size_t)n - 1] == '0')   /* trailing zeros */
		n--;
	return n > 0 ? n : 1;
}

static bool
same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* The fewest %.Ng digits (1..17) that read back to @v: the reference. */
static int
brute_shortest(double v)
{
	char b[64];
	for (int d = 1; d <= 17; d++) {
		snprintf(b, sizeof b, "%.*g", d, v);
		if (same_bits(strtod(b, NULL), v))
			return d;
	}
	return 99;
}

static size_t checked, longer, subnormal;

static void
check_number(double v, const char *what)
{
	char b[40];
	int mine, ref;

	out_fmt_shortest(v, b, sizeof b);
	checked++;
	if (!same_bits(strtod(b, NULL), v)) {
		gsl_test(1, "%s: %.17g printed as '%s' does not read back", what, v, b);
		return;
	}
	mine = sig_digits(b);
	ref = brute_shortest(v);
	/* 15 digits or fewer suffice: %.15g finds exactly those (DBL_DIG); else
	 * 16 or 17, at most one more than the true shortest (%.16g can miss a
	 * 16-digit form that is not the nearest). Subnormals carry fewer bits,
	 * so DBL_DIG does not hold for them: %.15g reads back, but a shorter
	 * form may too ("5e-324"); they are only required to round-trip. */
	if (fabs(v) < DBL_MIN && v != 0) {
		subnormal++;
		if (mine > 15 && ref <= 15)
			gsl_test(1, "%s: subnormal %.17g printed as '%s'", what, v, b);
	} else if (ref <= 15 ? mine != ref : (mine < ref || mine > 17 || mine - ref > 1)) {
		gsl_test(1, "%s: %.17g printed as '%s' (%d digits), shortest has %d", what, v, b, mine, ref);
	} else {
		longer += mine > ref;
	}
	/* never longer than %.17g, never a precision skipped */
	char c[40];
	snprintf(c, sizeof c, "%.*g", mine > 15 ? mine : 15, v);
	if (strcmp(b, c) != 0)
		gsl_test(1, "%s: '%s' is not %%.%dg ('%s')", what, b, mine > 15 ? mine : 15, c);
}

static void
test_shortest(void)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	char b[40];
	size_t n0;

	gsl_rng_set(rng, 20261207);
	/* hand-picked: the example, the usual suspects */
	gsl_test_str(out_fmt_shortest(0.711875, b, sizeof b), "0.711875", "0.711875 (was 0.71187500000000004)");
	gsl_test_str(out_fmt_shortest(0.1, b, sizeof b), "0.1", "0.1");
	gsl_test_str(out_fmt_shortest(1.0 / 3, b, sizeof b), "0.3333333333333333", "1/3 needs 16 digits");
	gsl_test_str(out_fmt_shortest(2.0 / 3, b, sizeof b), "0.6666666666666666", "2/3 needs 16 digits");
	gsl_test_str(out_fmt_shortest(0.1 + 0.2, b, sizeof b), "0.30000000000000004", "0.1 + 0.2 needs 17");
	gsl_test_str(out_fmt_shortest(600, b, sizeof b), "600", "an integer");
	gsl_test_str(out_fmt_shortest(-0.25, b, sizeof b), "-0.25", "negative");
	gsl_test_str(out_fmt_shortest(1e21, b, sizeof b), "1e+21", "large");
	gsl_test_str(out_fmt_shortest(5e-324, b, sizeof b), "4.94065645841247e-324", "smallest subnormal (15 digits round-trip)");
	gsl_test_str(out_fmt_shortest(NAN, b, sizeof b), "nan", "NaN");
	gsl_test_str(out_fmt_shortest(-INFINITY, b, sizeof b), "-inf", "-inf");
	gsl_test_str(out_fmt_shortest(0.0, b, sizeof b), "0", "zero");
	gsl_test_str(out_fmt_shortest(-0.0, b, sizeof b), "-0", "negative zero keeps its sign");
	check_number(0x1.fffffffffffffp+1023, "largest double");
	check_number(0x1p-1022, "smallest normal");
	check_number(0x1p-1074, "smallest subnormal");
	n0 = checked;
	/* random bit patterns: every exponent, subnormals included */
	for (int i = 0; i < 60000; i++) {
		uint64_t u = ((uint64_t)gsl_rng_get(rng) << 32) ^ gsl_rng_get(rng);
		double v;
		memcpy(&v, &u, sizeof v);
		if (isfinite(v))
			check_number(v, "random bits");
	}
	/* rates and proportions: what the audit prints */
	for (int i = 0; i < 60000; i++)
		check_number(gsl_rng_uniform(rng), "uniform [0,1)");
	for (int i = 0; i < 20000; i++) {
		unsigned long den = 1 + gsl_rng_uniform_int(rng, 100000);
		check_number((double)gsl_rng_uniform_int(rng, den + 1) / (double)den, "k/n");
	}
	/* decimals of 1 to 15 digits read in: printed back with the same digits */
	for (int i = 0; i < 30000; i++) {
		int k = 1 + (int)gsl_rng_uniform_int(rng, 15), e = (int)gsl_rng_uniform_int(rng, 40) - 20;
		double m = floor(gsl_rng_uniform(rng) * pow(10, k));
		char d[64];
		if (m == 0)
			continue;
		snprintf(d, sizeof d, "%.0fe%d", m, e);
		double v = strtod(d, NULL);
		check_number(v, "decimal");
		if (sig_digits(out_fmt_shortest(v, b, sizeof b)) > sig_digits(d))
			gsl_test(1, "decimal %s printed as %s", d, b);
	}
	gsl_test(checked - n0 < 150000, "%zu random numbers checked", checked - n0);
	gsl_test(subnormal < 10, "%zu subnormals among them", subnormal);
	/* one more digit than the shortest only where %.16g misses a 16-digit
	 * form (near powers of two): rare */
	gsl_test(longer > checked / 100, "%zu of %zu one digit longer than the shortest", longer, checked);
	gsl_rng_free(rng);
}

static char *
render(void (*fn)(FILE *, const struct out_table *), const struct out_table *t)
{
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);
	fn(fp, t);
	fclose(fp);
	return s;
}

static void
test_csv(void)
{
	static const char *const cols[] = { "name", "value", "n" };
	struct out_table *t = out_table_new("ignored in CSV", 3, cols);
	size_t r = out_table_row(t);
	char *s;

	out_table_str(t, r, 0, "a, \"quoted\" label");
	out_table_num(t, r, 1, 0.711875, 4);
	out_table_int(t, r, 2, 415);
	r = out_table_row(t);
	out_table_str(t, r, 0, " padded ");
	out_table_num(t, r, 1, NAN, 4);              /* undefined: an empty cell */
	out_table_null(t, r, 2, "n/a");
	r = out_table_row(t);
	out_table_str(t, r, 0, "multi\nline");
	out_table_num(t, r, 1, 1.0 / 3, 4);          /* text "0.3333", CSV the exact value */
	out_table_num_shown(t, r, 2, 62.5, "1m02s"); /* text for people, number for machines */
	s = render(out_table_print_csv, t);
	gsl_test_str(s, "name,value,n\n"
	             "\"a, \"\"quoted\"\" label\",0.711875,415\n"
	             "\" padded \",,\n"
	             "\"multi\nline\",0.3333333333333333,62.5\n", "CSV cells");
	free(s);
	s = render(out_table_print_text, t);
	gsl_test(strstr(s, "1m02s") == NULL || strstr(s, "0.3333 ") == NULL, "text shows the rounded and shown forms");
	free(s);
	out_table_free(t);
}

static void
test_junit(void)
{
	struct out_testcase c[3];
	char *s = NULL;
	size_t len = 0;
	FILE *fp;

	memset(c, 0, sizeof c);
	c[0] = (struct out_testcase){ .suite = "gate.fsh", .name = "eod <= 0.05 (model m)", .classname = "fairsh.s.m",
	                              .time_s = 0.25, .status = OUT_CASE_PASS, .output = "PASS eod <= 0.05" };
	c[1] = (struct out_testcase){ .suite = "gate.fsh", .name = "tpr[\"A&B\"] >= 0.7", .classname = "fairsh.s.m",
	                              .time_s = 0.5, .status = OUT_CASE_FAIL, .type = "fail",
	                              .message = "0.6, not >= 0.7 <A & 'B'>\x1b[31m", .details = "line 1\nline 2" };
	c[2] = (struct out_testcase){ .suite = "other.fsh", .name = "x", .classname = "fairsh.s.n",
	                              .status = OUT_CASE_FAIL, .type = "inconclusive", .message = "undefined" };
	fp = open_memstream(&s, &len);
	out_junit(fp, "fairsh", "2026-12-07T10:00:00", c, 3);
	fclose(fp);
	gsl_test(strncmp(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"fairsh\" tests=\"3\" "
	                 "failures=\"2\" errors=\"0\" time=\"0.750\">\n", 100) != 0, "testsuites: %.120s", s);
	gsl_test(strstr(s, "<testsuite name=\"gate.fsh\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\" "
	                "time=\"0.750\" timestamp=\"2026-12-07T10:00:00\">") == NULL, "suite gate.fsh counts");
	gsl_test(strstr(s, "<testsuite name=\"other.fsh\" tests=\"1\" failures=\"1\"") == NULL, "suite other.fsh counts");
	gsl_test(strstr(s, "<testcase name=\"tpr[&quot;A&amp;B&quot;] &gt;= 0.7\" classname=\"fairsh.s.m\" "
	                "time=\"0.500\">") == NULL, "name escaped");
	gsl_test(strstr(s, "<failure message=\"0.6, not &gt;= 0.7 &lt;A &amp; &apos;B&apos;&gt;\\x1b[31m\" "
	                "type=\"fail\">line 1\nline 2</failure>") == NULL, "failure escaped, control byte shown");
	gsl_test(strstr(s, "<failure message=\"undefined\" type=\"inconclusive\">undefined</failure>") == NULL,
	         "failure without details");
	gsl_test(strstr(s, "<system-out>PASS eod &lt;= 0.05</system-out>") == NULL, "output of a passing case");
	gsl_test(strchr(s, '\x1b') != NULL, "no raw control byte in the XML");
	free(s);

	/* an inconclusive check let through: skipped, neither failed nor passed */
	s = NULL;
	c[2].status = OUT_CASE_SKIP;
	c[2].message = "groups too small";
	fp = open_memstream(&s, &len);
	out_junit(fp, "fairsh", "2026-12-07T10:00:00", c, 3);
	fclose(fp);
	gsl_test(strstr(s, "<testsuite name=\"other.fsh\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"1\"") == NULL,
	         "skipped counted: %s", s);
	gsl_test(strstr(s, "<testsuites name=\"fairsh\" tests=\"3\" failures=\"1\"") == NULL, "one failure left");
	gsl_test(strstr(s, "<skipped message=\"groups too small\"/>") == NULL, "skipped element");
	gsl_test(strstr(s, "<failure message=\"groups too small\"") != NULL, "no failure for a skipped case");
	free(s);
}

/* @t printed in @width, as a new string. */
static char *
layout(const struct out_table *t, size_t width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	out_table_print_text_width(fp, t, width);
	fclose(fp);
	return buf;
}

static void
expect_text(const char *got, const char *want, const char *what)
{
	gsl_test(strcmp(got, want) != 0, "%s:\n--- got:\n%s--- want:\n%s", what, got, want);
}

static size_t
longest_line(const char *s)
{
	size_t best = 0, cur = 0;

	for (; *s; s++)
		if (*s == '\n')
			cur = 0;
		else if (++cur > best)
			best = cur;
	return best;
}

static void
test_layout(void)
{
	static const char *const cols[] = { "model", "accuracy", "demographic_parity_difference" };
	struct out_table *t = out_table_new(NULL, 3, cols);
	size_t r;
	char *s;

	/* 0.77 keeps its 4 significant digits (0.7700); 0.06064 has one more
	 * decimal than the others, so the column's numbers take 1 column
	 * before the point and 6 from it on (".06064") */
	r = out_table_row(t);
	out_table_str(t, r, 0, "plain");
	out_table_num(t, r, 1, 0.77, 4);
	out_table_num(t, r, 2, 0.06064, 4);
	r = out_table_row(t);
	out_table_str(t, r, 0, "fair");
	out_table_num(t, r, 1, 0.8306, 4);
	out_table_num(t, r, 2, -0.122, 4);
	r = out_table_row(t);
	out_table_str(t, r, 0, "none");
	out_table_int(t, r, 1, 12);
	out_table_num(t, r, 2, NAN, 4);
	s = layout(t, 0);
	expect_text(s,
	            "model  accuracy  demographic_parity_difference\n"
	            "-----  --------  -----------------------------\n"
	            "plain    0.7700                        0.06064\n"
	            "fair     0.8306                       -0.1220\n"
	            "none    12                                 n/a\n",
	            "decimal points aligned, significant digits kept");
	free(s);
	/* 5 + 2 + 8 + 2 + 29 = 46 columns: in 40, the columns in blocks led
	 * by the first (the third alone: 5 + 2 + 29 = 36) */
	s = layout(t, 40);
	expect_text(s,
	            "model  accuracy\n"
	            "-----  --------\n"
	            "plain    0.7700\n"
	            "fair     0.8306\n"
	            "none    12\n"
	            "\n"
	            "model  demographic_parity_difference\n"
	            "-----  -----------------------------\n"
	            "plain                        0.06064\n"
	            "fair                        -0.1220\n"
	            "none                             n/a\n",
	            "wrapped in blocks");
	gsl_test(longest_line(s) > 40, "wrapped: a line of %zu columns in 40", longest_line(s));
	free(s);
	/* transposed: the metric names become the first column (29 wide),
	 * the models the headers: 29 + 2 + 7 + 2 + 7 + 2 + 4 = 53 columns
	 * where the table is 46 (it fits 50) and 46 + 2 + 23 = 71 with the
	 * column below */
	t->transpose = true;
	s = layout(t, 50);
	gsl_test(strncmp(s, "model  accuracy  demographic_parity_difference\n", 47) != 0,
	         "a table that fits is not transposed: %s", s);
	free(s);
	struct out_table *u = out_table_new(NULL, 4, (const char *const[]){ "model", "accuracy",
	                                    "demographic_parity_difference", "equal_opportunity_ratio" });
	for (size_t i = 0; i < 3; i++) {
		out_table_row(u);
		for (size_t j = 0; j < 3; j++) {
			const struct out_cell *c = &t->cells[i * 3 + j];
			if (j == 0)
				out_table_str(u, i, j, c->text);
			else if (c->is_num)
				out_table_num(u, i, j, c->num, i == 2 && j == 1 ? 2 : 4);
			else
				out_table_null(u, i, j, "n/a");
		}
		out_table_num(u, i, 3, i == 0 ? 0.927 : i == 1 ? 1.0 : 0.5, 4);
	}
	u->transpose = true;
	s = layout(u, 60);
	out_table_free(u);
	expect_text(s,
	            "model                            plain     fair     none\n"
	            "-----------------------------  -------  -------  -------\n"
	            "accuracy                       0.7700    0.8306  12\n"
	            "demographic_parity_difference  0.06064  -0.1220      n/a\n"
	            "equal_opportunity_ratio        0.9270    1.000    0.5000\n",
	            "transposed, each model's numbers on their decimal point");
	gsl_test(longest_line(s) > 60, "transposed: a line of %zu columns in 60", longest_line(s));
	free(s);
	/* a title longer than the width is broken at spaces, never inside a
	 * word, the rest indented by 2 */
	free(t->title);
	t->title = strdup("Comparison on test rows (* = the best of each)");
	s = layout(t, 30);
	gsl_test(strncmp(s, "Comparison on test rows (* =\n  the best of each)\n", 49) != 0, "title wrapped: %s", s);
	free(s);
	out_table_free(t);

	/* the edit distance: substitutions, insertions, deletions and swaps
	 * of neighbours cost 1 ("audti" -> "audit" is one swap); letters
	 * compare without case; past the cap it says cap + 1 */
	gsl_test(fair_text_distance("audti", "audit", 3) != 1, "audti/audit");
	gsl_test(fair_text_distance("kitten", "sitting", 5) != 3, "kitten/sitting");
	gsl_test(fair_text_distance("Approved", "approved", 2) != 0, "case");
	gsl_test(fair_text_distance("abc", "xyzw", 2) != 3, "cap");
	const char *const cand[] = { "audit", "describe", "compare", NULL };
	gsl_test(fair_text_nearest("audti", cand, 3) != 0, "nearest audti");
	gsl_test(fair_text_nearest("zzz", cand, 3) != -1, "nothing near zzz");
	gsl_test(fair_text_nearest("compar", cand, 10) != 2, "nearest up to NULL");
}

int
main(void)
{
	test_layout();
	test_shortest();
	test_csv();
	test_junit();
	return gsl_test_summary();
}
