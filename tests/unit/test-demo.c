/* test-demo.c -- the built-in demo datasets: determinism (recorded
 * checksums), prefix and bias invariants, the size of the group gap as a
 * function of bias, the strength of the proxy, option validation. */
/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/demo.h"
#include "fairsh/frame.h"

/* FNV-1a 64 over column names, the bytes of every numeric cell (as the IEEE
 * bit pattern, little-endian order built explicitly) and the level text of
 * every categorical cell. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

static uint64_t
checksum(const fair_frame *f, size_t rows)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (size_t j = 0; j < fair_frame_ncols(f); j++) {
		const fair_column *c = fair_frame_column(f, j);
		h = fnv(h, fair_column_name(c), strlen(fair_column_name(c)) + 1);
		for (size_t i = 0; i < rows; i++) {
			if (fair_column_type(c) == FAIR_COL_NUMERIC) {
				uint64_t bits;
				unsigned char b[8];
				memcpy(&bits, &fair_column_values(c)[i], 8);
				for (int k = 0; k < 8; k++)
					b[k] = (unsigned char)(bits >> (8 * k));
				h = fnv(h, b, 8);
			} else {
				int32_t code = fair_column_codes(c)[i];
				const char *lv = code < 0 ? "" : fair_column_level(c, (size_t)code);
				h = fnv(h, lv, strlen(lv) + 1);
			}
		}
	}
	return h;
}

static fair_frame *
gen(const char *name, size_t n, double bias, unsigned long seed)
{
	fair_frame *f = NULL;
	fair_error err;

	if (fair_demo_generate(name, n, bias, seed, &f, &err) != FAIR_OK) {
		gsl_test(1, "generate %s: %s", name, err.msg);
		return NULL;
	}
	return f;
}

static const fair_column *
col(const fair_frame *f, const char *name)
{
	long j = fair_frame_find(f, name);
	return j < 0 ? NULL : fair_frame_column(f, (size_t)j);
}

/* Mean of @y (numeric) or share of level "yes" (categorical) in each of the
 * two levels of @g; returns mean[level 1] - mean[level 0]. */
static double
gap(const fair_frame *f, const char *g, const char *y)
{
	const fair_column *gc = col(f, g), *yc = col(f, y);
	double s[2] = { 0, 0 }, c[2] = { 0, 0 };
	long yes = fair_column_type(yc) == FAIR_COL_CATEGORICAL ? fair_column_level_index(yc, "yes") : -1;

	for (size_t i = 0; i < fair_frame_nrows(f); i++) {
		int k = fair_column_codes(gc)[i];
		c[k] += 1;
		s[k] += yes >= 0 ? (fair_column_codes(yc)[i] == yes) : fair_column_values(yc)[i];
	}
	return s[1] / c[1] - s[0] / c[0];
}

/* Cramer's V between two categorical columns. */
static double
cramers_v(const fair_frame *f, const char *a, const char *b)
{
	const fair_column *ca = col(f, a), *cb = col(f, b);
	size_t ka = fair_column_nlevels(ca), kb = fair_column_nlevels(cb), n = fair_frame_nrows(f);
	double *t = calloc(ka * kb, sizeof *t), *ra = calloc(ka, sizeof *ra), *rb = calloc(kb, sizeof *rb);
	double chi2 = 0;

	for (size_t i = 0; i < n; i++) {
		int32_t x = fair_column_codes(ca)[i], y = fair_column_codes(cb)[i];
		t[x * kb + y] += 1;
		ra[x] += 1;
		rb[y] += 1;
	}
	for (size_t x = 0; x < ka; x++)
		for (size_t y = 0; y < kb; y++) {
			double e = ra[x] * rb[y] / (double)n;
			if (e > 0)
				chi2 += (t[x * kb + y] - e) * (t[x * kb + y] - e) / e;
		}
	free(t);
	free(ra);
	free(rb);
	return sqrt(chi2 / ((double)n * (double)((ka < kb ? ka : kb) - 1)));
}

/* Checksums recorded from this implementation (n=500, bias=1, seed=1) on
 * x86_64 Debian (glibc libm, GSL 2.7). */
static const struct { const char *name; uint64_t sum; } recorded[] = {
	{ "loans", UINT64_C(0xbddf5c0be18cb406) },
	{ "hiring", UINT64_C(0x8e9e2b20fbb9049c) },
	{ "wages", UINT64_C(0x22fbb15861af0812) },
};

static void
test_determinism(void)
{
	for (size_t d = 0; d < 3; d++) {
		const char *name = recorded[d].name;
		fair_frame *a = gen(name, 500, 1.0, 1), *b = gen(name, 500, 1.0, 1);
		fair_frame *c = gen(name, 500, 1.0, 2), *p = gen(name, 100, 1.0, 1);
		fair_frame *dflt = gen(name, 500, NAN, 1);
		if (!a || !b || !c || !p || !dflt)
			return;
		uint64_t sa = checksum(a, 500);
		if (getenv("FAIRSH_PRINT_CHECKSUMS"))
			printf("%s 0x%016" PRIx64 "\n", name, sa);
		gsl_test(sa != checksum(b, 500), "%s: two generations identical", name);
		gsl_test(sa != recorded[d].sum, "%s: checksum 0x%016" PRIx64 " equals the recorded one",
		         name, sa);
		gsl_test(sa == checksum(c, 500), "%s: another seed differs", name);
		gsl_test(checksum(p, 100) != checksum(a, 100), "%s: n=100 is the prefix of n=500", name);
		gsl_test(sa != checksum(dflt, 500), "%s: bias NaN means the default 1", name);
		fair_frame_unref(a);
		fair_frame_unref(b);
		fair_frame_unref(c);
		fair_frame_unref(p);
		fair_frame_unref(dflt);
	}
}

/* The generator counts distinct values on a grid; frame.c's sort must agree. */
static void
test_ndistinct(const char *name)
{
	fair_frame *f = gen(name, 3000, 1.0, 9);
	fair_error err;

	if (f == NULL)
		return;
	for (size_t j = 0; j < fair_frame_ncols(f); j++) {
		const fair_column *c = fair_frame_column(f, j);
		if (fair_column_type(c) != FAIR_COL_NUMERIC)
			continue;
		double *copy = malloc(3000 * sizeof *copy);
		memcpy(copy, fair_column_values(c), 3000 * sizeof *copy);
		fair_column *ref = fair_column_new_numeric("ref", copy, 3000, &err);
		gsl_test_int((int)fair_column_ndistinct(c), (int)fair_column_ndistinct(ref),
		             "%s: distinct count of %s", name, fair_column_name(c));
		fair_column_unref(ref);
	}
	fair_frame_unref(f);
}

static void
test_layout(void)
{
	fair_frame *f = gen("loans", 0, NAN, 1);
	static const char *const names[] = { "income", "debt_ratio", "credit_history_years",
		"employment", "zip_area", "group", "approved" };
	static const int types[] = { 0, 0, 0, 1, 1, 1, 1 };

	if (f == NULL)
		return;
	gsl_test_int((int)fair_frame_nrows(f), 5000, "loans default n");
	gsl_test_int((int)fair_frame_ncols(f), 7, "loans columns");
	for (size_t j = 0; j < 7; j++) {
		gsl_test_str(fair_column_name(fair_frame_column(f, j)), names[j], "loans column %zu", j);
		gsl_test_int((int)fair_column_type(fair_frame_column(f, j)), types[j], "loans type %zu", j);
		gsl_test_int((int)fair_column_nmissing(fair_frame_column(f, j)), 0, "no missing %zu", j);
	}
	gsl_test_str(fair_column_level(col(f, "group"), 1), "minority", "group level 1");
	gsl_test_str(fair_column_level(col(f, "approved"), 1), "yes", "approved level 1");
	{
		/* plausible ranges */
		const double *inc = fair_column_values(col(f, "income"));
		const double *dr = fair_column_values(col(f, "debt_ratio"));
		double lo = 1e9, hi = -1e9, dlo = 1e9, dhi = -1e9, mean = 0;
		for (size_t i = 0; i < 5000; i++) {
			lo = fmin(lo, inc[i]);
			hi = fmax(hi, inc[i]);
			dlo = fmin(dlo, dr[i]);
			dhi = fmax(dhi, dr[i]);
			mean += inc[i] / 5000;
		}
		gsl_test(lo < 5 || hi > 400, "income range [%g, %g]", lo, hi);
		gsl_test(mean < 45 || mean > 65, "income mean %g (thousands)", mean);
		gsl_test(dlo < 0 || dhi > 1, "debt ratio in [0,1]");
	}
	fair_frame_unref(f);
	f = gen("hiring", 0, NAN, 1);
	if (f) {
		gsl_test_int((int)fair_frame_nrows(f), 2000, "hiring default n");
		gsl_test(col(f, "referral") == NULL || col(f, "gender") == NULL || col(f, "hired") == NULL ||
		         col(f, "test_score") == NULL || col(f, "experience_years") == NULL ||
		         col(f, "education") == NULL, "hiring columns");
		fair_frame_unref(f);
	}
	f = gen("wages", 0, NAN, 1);
	if (f) {
		gsl_test_int((int)fair_frame_nrows(f), 5000, "wages default n");
		gsl_test_int((int)fair_column_type(col(f, "wage")), FAIR_COL_NUMERIC, "wage numeric");
		gsl_test(col(f, "age") == NULL || col(f, "education_years") == NULL ||
		         col(f, "hours") == NULL || col(f, "sector") == NULL, "wages columns");
		fair_frame_unref(f);
	}
}

/* Same seed, different bias: only the outcome of the disadvantaged group
 * changes, and only from yes to no as bias grows. */
static void
test_bias_invariance(const char *name, const char *g, long bad_level, const char *y)
{
	fair_frame *a = gen(name, 20000, 0.0, 3), *b = gen(name, 20000, 2.0, 3);
	size_t changed = 0, wrong = 0;

	if (!a || !b)
		return;
	for (size_t j = 0; j < fair_frame_ncols(a); j++) {
		const char *cn = fair_column_name(fair_frame_column(a, j));
		if (strcmp(cn, y) == 0)
			continue;
		fair_frame *ta = fair_frame_new(), *tb = fair_frame_new();
		fair_frame_add_column(ta, fair_frame_column(a, j), NULL);
		fair_frame_add_column(tb, fair_frame_column(b, j), NULL);
		gsl_test(checksum(ta, 20000) != checksum(tb, 20000), "%s: %s does not depend on bias", name, cn);
		fair_frame_unref(ta);
		fair_frame_unref(tb);
	}
	const int32_t *grp = fair_column_codes(col(a, g));
	bool num = fair_column_type(col(a, y)) == FAIR_COL_NUMERIC;
	for (size_t i = 0; i < 20000; i++) {
		double ya = num ? fair_column_values(col(a, y))[i] : fair_column_codes(col(a, y))[i];
		double yb = num ? fair_column_values(col(b, y))[i] : fair_column_codes(col(b, y))[i];
		if (ya != yb)
			changed++;
		if (grp[i] != bad_level && ya != yb)
			wrong++;                          /* advantaged row changed */
		if (grp[i] == bad_level && yb > ya)
			wrong++;                          /* bias made an outcome better */
	}
	gsl_test_int((int)wrong, 0, "%s: bias only lowers the disadvantaged group's outcomes", name);
	gsl_test(changed < 500, "%s: bias=2 changes many outcomes (%zu)", name, changed);
	fair_frame_unref(a);
	fair_frame_unref(b);
}

static void
test_gaps(void)
{
	double gl[3], gh[3], gw[3];

	for (int b = 0; b <= 2; b++) {
		fair_frame *l = gen("loans", 40000, b, 5), *h = gen("hiring", 40000, b, 5);
		fair_frame *w = gen("wages", 40000, b, 5);
		if (!l || !h || !w)
			return;
		gl[b] = -gap(l, "group", "approved");    /* majority - minority */
		gh[b] = gap(h, "gender", "hired");       /* Male - Female */
		gw[b] = gap(w, "gender", "wage");        /* Male - Female mean wage */
		if (b == 1) {
			/* the proxies: Cramer's V (phi for 2x2) */
			double vl = cramers_v(l, "zip_area", "group"), vh = cramers_v(h, "referral", "gender");
			double vw = cramers_v(w, "sector", "gender");
			gsl_test(vl < 0.5, "loans: zip_area ~ group V = %.3f > 0.5", vl);
			gsl_test(vh < 0.5, "hiring: referral ~ gender phi = %.3f > 0.5", vh);
			gsl_test(vw < 0.5, "wages: sector ~ gender V = %.3f > 0.5", vw);
			/* mean wage ratio women/men near 1 - 0.08 (floor at 7.50 lifts a few) */
			const fair_column *gc = col(w, "gender"), *wc = col(w, "wage");
			double s[2] = { 0, 0 }, c[2] = { 0, 0 };
			for (size_t i = 0; i < 40000; i++) {
				s[fair_column_codes(gc)[i]] += fair_column_values(wc)[i];
				c[fair_column_codes(gc)[i]] += 1;
			}
			gsl_test_abs((s[0] / c[0]) / (s[1] / c[1]), 0.92, 0.02, "wages: bias=1 ratio near 0.92");
		}
		fair_frame_unref(l);
		fair_frame_unref(h);
		fair_frame_unref(w);
	}
	/* bias=0: gap is sampling noise only (SE about 0.005 for 40000 rows) */
	gsl_test(fabs(gl[0]) > 0.02, "loans: bias=0 gap %.4f near 0", gl[0]);
	gsl_test(fabs(gh[0]) > 0.02, "hiring: bias=0 gap %.4f near 0", gh[0]);
	gsl_test(fabs(gw[0]) > 0.2, "wages: bias=0 gap %.3f near 0", gw[0]);
	gsl_test(fabs(gl[0]) > 0.1 * gl[2], "loans: bias=0 gap small relative to bias=2");
	gsl_test(fabs(gh[0]) > 0.1 * gh[2], "hiring: bias=0 gap small relative to bias=2");
	/* monotone with clear steps */
	gsl_test(!(gl[1] > gl[0] + 0.05 && gl[2] > gl[1] + 0.05), "loans: gap grows %.3f %.3f %.3f",
	         gl[0], gl[1], gl[2]);
	gsl_test(!(gh[1] > gh[0] + 0.05 && gh[2] > gh[1] + 0.05), "hiring: gap grows %.3f %.3f %.3f",
	         gh[0], gh[1], gh[2]);
	gsl_test(!(gw[1] > gw[0] + 1.0 && gw[2] > gw[1] + 1.0), "wages: gap grows %.3f %.3f %.3f",
	         gw[0], gw[1], gw[2]);
}

static void
test_errors(void)
{
	fair_frame *f = (fair_frame *)&f;   /* must be reset to NULL on error */
	fair_error err;
	fair_progress prog;

	gsl_test_int(fair_demo_generate("credit", 100, 1, 1, &f, &err), FAIR_EINVAL, "unknown demo");
	gsl_test_str(err.msg, "unknown demo dataset 'credit' (demos: loans, hiring, wages)",
	             "unknown demo message");
	gsl_test(f != NULL, "out NULL on error");
	gsl_test_int(fair_demo_generate(NULL, 100, 1, 1, &f, &err), FAIR_EINVAL, "NULL name");
	gsl_test_int(fair_demo_generate("loans", 9, 1, 1, &f, &err), FAIR_EINVAL, "n too small");
	gsl_test_str(err.msg, "demo n=9 is out of range; expected 10 to 10000000", "n message");
	gsl_test_int(fair_demo_generate("loans", 10000001, 1, 1, &f, &err), FAIR_EINVAL, "n too large");
	gsl_test_int(fair_demo_generate("loans", 10, -0.5, 1, &f, &err), FAIR_EINVAL, "negative bias");
	gsl_test_str(err.msg, "demo bias=-0.5 is out of range; expected 0 to 5", "bias message");
	gsl_test_int(fair_demo_generate("wages", 10, 5.01, 1, &f, &err), FAIR_EINVAL, "bias too large");
	gsl_test_int(fair_demo_generate("wages", 10, INFINITY, 1, &f, &err), FAIR_EINVAL, "bias inf");
	gsl_test_int(fair_demo_generate("hiring", 10, 5.0, 1, &f, &err), FAIR_OK, "bias 5 and n 10 ok");
	fair_frame_unref(f);

	fair_progress_init(&prog);
	gsl_test_int(fair_demo_generate_progress("loans", 1000, 1, 1, &f, &prog, &err), FAIR_OK,
	             "generate with progress");
	gsl_test_int((int)atomic_load(&prog.iter), 1000, "progress reaches n");
	fair_frame_unref(f);
	atomic_store(&prog.cancel, true);
	gsl_test_int(fair_demo_generate_progress("loans", 1000, 1, 1, &f, &prog, &err), FAIR_ECANCELED,
	             "cancelled");
	gsl_test(f != NULL, "cancelled gives no frame");

	gsl_test_str(fair_demo_names(), "loans, hiring, wages", "names");
	gsl_test(fair_demo_story("loans") == NULL || strstr(fair_demo_story("loans"), "zip_area") == NULL,
	         "loans story mentions the proxy");
	gsl_test(fair_demo_story("hiring") == NULL || fair_demo_story("wages") == NULL, "stories");
	gsl_test(fair_demo_story("nope") != NULL, "unknown story is NULL");
	gsl_test_int((int)fair_demo_default_n("hiring"), 2000, "default n hiring");
	gsl_test_int((int)fair_demo_default_n("nope"), 0, "default n unknown");
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_determinism();
	test_layout();
	test_ndistinct("loans");
	test_ndistinct("hiring");
	test_ndistinct("wages");
	test_bias_invariance("loans", "group", 1, "approved");
	test_bias_invariance("hiring", "gender", 0, "hired");
	test_bias_invariance("wages", "gender", 0, "wage");
	test_gaps();
	test_errors();
	return gsl_test_summary();
}
