/* test-out.c -- the machine-readable output of src/out: numbers printed as
 * the shortest of %.15g, %.16g and %.17g that reads back to the same
 * double (against a brute-force search of every precision), CSV tables
 * (quoting, empty cells for undefined values, round-trip of every number)
 * and JUnit XML (escaping, the counts of each suite). */
/* SPDX-License-Identifier: MIT */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_test.h>

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

int
main(void)
{
	test_shortest();
	test_csv();
	test_junit();
	return gsl_test_summary();
}
