/* demo.c -- generators of the built-in demo datasets (loans, hiring, wages).
 * Each row is drawn in a fixed order from one mt19937 stream; the bias knob
 * only enters the deterministic outcome formula, never the draws. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fairsh/demo.h"

/* ---- column assembly ---------------------------------------------------- */

typedef struct demo_col {
	const char        *name;
	const char *const *levels;    /* NULL: numeric */
	size_t             nlevels;
	double            *num;
	int32_t           *code;
	double             unit;      /* numeric: every value is k * unit, k >= 0 integer */
} demo_col;

#define NCOL_MAX 8

typedef struct demo_spec demo_spec;
typedef void (*demo_row_fn)(gsl_rng *r, double bias, demo_col *cols, size_t i);

struct demo_spec {
	const char *name;
	size_t      default_n;
	const char *story;
	size_t      ncols;
	demo_col    cols[NCOL_MAX];   /* name and levels; arrays filled at run time */
	demo_row_fn row;
};

static double
round_to(double x, double unit)
{
	return floor(x / unit + 0.5) * unit;
}

/* Index drawn from the discrete distribution @p (k entries summing to 1)
 * with one uniform: a fixed single draw keeps the stream aligned. */
static int32_t
draw_discrete(gsl_rng *r, const double *p, size_t k)
{
	double u = gsl_rng_uniform(r), acc = 0.0;

	for (size_t j = 0; j + 1 < k; j++) {
		acc += p[j];
		if (u < acc)
			return (int32_t)j;
	}
	return (int32_t)(k - 1);
}

static double
clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* ---- loans -------------------------------------------------------------- */

static const char *const lv_employment[] = { "salaried", "self-employed", "unemployed" };
static const char *const lv_zip[] = { "Hillcrest", "Lakeside", "Midtown", "Riverside", "Southgate" };
static const char *const lv_group[] = { "majority", "minority" };
static const char *const lv_noyes[] = { "no", "yes" };

enum { L_INCOME, L_DEBT, L_HIST, L_EMP, L_ZIP, L_GROUP, L_APPROVED };

static void
loans_row(gsl_rng *r, double bias, demo_col *c, size_t i)
{
	static const double p_zip[2][5] = {
		{ 0.35, 0.30, 0.20, 0.10, 0.05 },   /* majority */
		{ 0.03, 0.07, 0.15, 0.30, 0.45 },   /* minority */
	};
	static const double p_emp[3] = { 0.70, 0.20, 0.10 };
	static const double emp_effect[3] = { 0.2, 0.0, -0.8 };

	int32_t minority = gsl_rng_uniform(r) < 0.30;
	int32_t zip = draw_discrete(r, p_zip[minority], 5);
	int32_t emp = draw_discrete(r, p_emp, 3);
	double base = gsl_ran_gamma(r, 3.0, 15.0);
	double income = round_to(emp == 2 ? 5.0 + 0.25 * base : 15.0 + base, 0.1);
	double debt = round_to(gsl_ran_beta(r, 2.0, 5.0), 0.01);
	double hist = floor(gsl_ran_gamma(r, 2.0, 4.5));
	double e = gsl_ran_gaussian_ziggurat(r, 1.0);

	hist = hist > 45.0 ? 45.0 : hist;
	/* latent creditworthiness (probit scale): legitimate features + noise,
	 * minus the historical penalty of bias/2 noise SDs; zip_area has no
	 * direct effect */
	double s = 0.8 * (income - 55.0) / 25.0 - 2.5 * (debt - 0.3) + 0.05 * (hist - 9.0)
	         + emp_effect[emp] + e - 0.5 * bias * minority;
	c[L_INCOME].num[i] = income;
	c[L_DEBT].num[i] = debt;
	c[L_HIST].num[i] = hist;
	c[L_EMP].code[i] = emp;
	c[L_ZIP].code[i] = zip;
	c[L_GROUP].code[i] = minority;
	c[L_APPROVED].code[i] = s > -0.2;
}

/* ---- hiring ------------------------------------------------------------- */

static const char *const lv_education[] = { "secondary", "bachelor", "master", "phd" };
static const char *const lv_gender[] = { "Female", "Male" };

enum { H_EXP, H_SCORE, H_EDU, H_REF, H_GENDER, H_HIRED };

static void
hiring_row(gsl_rng *r, double bias, demo_col *c, size_t i)
{
	static const double p_edu[4] = { 0.25, 0.45, 0.25, 0.05 };
	static const double edu_effect[4] = { 0.0, 0.2, 0.35, 0.5 };

	int32_t female = gsl_rng_uniform(r) < 0.45;
	int32_t referral = gsl_rng_uniform(r) < (female ? 0.05 : 0.60);
	int32_t edu = draw_discrete(r, p_edu, 4);
	double exper = floor(gsl_ran_gamma(r, 2.0, 3.0));
	double score = round_to(clamp(55.0 + 5.0 * edu + gsl_ran_gaussian_ziggurat(r, 12.0), 0.0, 100.0), 1.0);
	double e = gsl_ran_gaussian_ziggurat(r, 1.0);

	exper = exper > 40.0 ? 40.0 : exper;
	/* suitability: test score, experience, education + noise, minus the
	 * historical penalty for women; referral has no direct effect */
	double s = 0.05 * (score - 65.0) + 0.10 * (exper - 5.0) + edu_effect[edu] + e
	         - 0.5 * bias * female;
	c[H_EXP].num[i] = exper;
	c[H_SCORE].num[i] = score;
	c[H_EDU].code[i] = edu;
	c[H_REF].code[i] = referral;
	c[H_GENDER].code[i] = female ? 0 : 1;
	c[H_HIRED].code[i] = s > 0.5;
}

/* ---- wages -------------------------------------------------------------- */

static const char *const lv_sector[] = { "care", "retail", "manufacturing", "construction" };

enum { W_AGE, W_EDU, W_HOURS, W_SECTOR, W_GENDER, W_WAGE };

static void
wages_row(gsl_rng *r, double bias, demo_col *c, size_t i)
{
	static const double p_sector[2][4] = {
		{ 0.05, 0.20, 0.40, 0.35 },   /* men */
		{ 0.50, 0.30, 0.15, 0.05 },   /* women */
	};

	int32_t female = gsl_rng_uniform(r) < 0.50;
	int32_t sector = draw_discrete(r, p_sector[female], 4);
	double age = 18.0 + (double)gsl_rng_uniform_int(r, 48);
	double edu = 9.0 + (double)gsl_ran_binomial(r, 0.4, 11);
	int part_time = gsl_rng_uniform(r) < 0.20;
	double hours = (part_time ? 20.0 : 35.0) + (double)gsl_rng_uniform_int(r, 11);
	double e = gsl_ran_gaussian_ziggurat(r, 1.0);

	double a = age - 18.0;
	/* hourly wage: education, experience (age) and hours + noise, then the
	 * women's pay penalty of 8% per unit of bias; sector has no effect */
	double w = 9.0 + 1.1 * (edu - 9.0) + 0.35 * a - 0.0055 * a * a + 0.04 * (hours - 30.0)
	         + 2.5 * e;
	w *= 1.0 - 0.08 * bias * female;
	c[W_AGE].num[i] = age;
	c[W_EDU].num[i] = edu;
	c[W_HOURS].num[i] = hours;
	c[W_SECTOR].code[i] = sector;
	c[W_GENDER].code[i] = female ? 0 : 1;
	c[W_WAGE].num[i] = round_to(w < 7.5 ? 7.5 : w, 0.01);
}

/* ---- table -------------------------------------------------------------- */

#define LV(a) a, sizeof a / sizeof a[0]

static const demo_spec demos[] = {
	{ "loans", 5000,
	  "loans: applications for a consumer loan. Each applicant belongs to the "
	  "'majority' (70%) or the 'minority' (30%) group (column group). "
	  "Income (thousands), employment, debt_ratio and credit_history_years are "
	  "drawn with the same distribution in both groups. zip_area, the "
	  "neighbourhood, is a proxy: the minority lives mostly in Riverside and "
	  "Southgate, the majority mostly in Hillcrest and Lakeside (Cramer's V about "
	  "0.6). Past loan officers approved an application when a creditworthiness "
	  "score (higher income, lower debt ratio, longer credit history, salaried "
	  "work, plus normal noise) exceeded a cut-off; for minority applicants they "
	  "subtracted a penalty of 0.5 x `bias` standard deviations of the noise "
	  "before comparing. zip_area has no direct effect, so with bias=0 the approval "
	  "(column approved, yes/no) does not depend on the group given the other "
	  "features, and any model that uses zip_area can rebuild the penalty from "
	  "the neighbourhood.",
	  7,
	  { { "income", NULL, 0, NULL, NULL, 0.1 },
	    { "debt_ratio", NULL, 0, NULL, NULL, 0.01 },
	    { "credit_history_years", NULL, 0, NULL, NULL, 1.0 },
	    { "employment", LV(lv_employment), NULL, NULL, 0 },
	    { "zip_area", LV(lv_zip), NULL, NULL, 0 },
	    { "group", LV(lv_group), NULL, NULL, 0 },
	    { "approved", LV(lv_noyes), NULL, NULL, 0 } },
	  loans_row },
	{ "hiring", 2000,
	  "hiring: applications for an engineering job. 45% of the applicants are "
	  "Female, 55% Male (column gender). Education (secondary, bachelor, master, "
	  "phd), experience_years and an aptitude test_score (0-100, higher with "
	  "education) have the same distribution for both genders. referral "
	  "(yes/no) is a proxy: current staff are mostly men who refer their "
	  "friends, so 60% of men and 5% of women come with a referral. Past "
	  "recruiters hired when a suitability score (test score, experience, "
	  "education, plus normal noise) cleared a bar, after subtracting 0.5 x "
	  "`bias` noise standard deviations for women. referral has no direct effect: with "
	  "bias=0, hired (yes/no) does not depend on gender given the other "
	  "features.",
	  6,
	  { { "experience_years", NULL, 0, NULL, NULL, 1.0 },
	    { "test_score", NULL, 0, NULL, NULL, 1.0 },
	    { "education", LV(lv_education), NULL, NULL, 0 },
	    { "referral", LV(lv_noyes), NULL, NULL, 0 },
	    { "gender", LV(lv_gender), NULL, NULL, 0 },
	    { "hired", LV(lv_noyes), NULL, NULL, 0 } },
	  hiring_row },
	{ "wages", 5000,
	  "wages: hourly wages of employees. Half are Female, half Male (column "
	  "gender). age (18-65), education_years (9-20) and weekly hours (20% part "
	  "time, 20-30 hours; others 35-45) have the same distribution for both "
	  "genders. sector (care, retail, manufacturing, construction) is a proxy: "
	  "women work mostly in care and retail, men in manufacturing and "
	  "construction; sector itself does not change the wage. The wage grows with "
	  "education, with age (flattening later in the career) and slightly with "
	  "hours, plus normal noise; women are then paid 8% x `bias` less than a man "
	  "with the same profile (bias=1: 8%, bias=5: 40%), and wages are floored at "
	  "7.50. The target wage is a regression target.",
	  6,
	  { { "age", NULL, 0, NULL, NULL, 1.0 },
	    { "education_years", NULL, 0, NULL, NULL, 1.0 },
	    { "hours", NULL, 0, NULL, NULL, 1.0 },
	    { "sector", LV(lv_sector), NULL, NULL, 0 },
	    { "gender", LV(lv_gender), NULL, NULL, 0 },
	    { "wage", NULL, 0, NULL, NULL, 0.01 } },
	  wages_row },
};

#define NDEMOS (sizeof demos / sizeof demos[0])

static const demo_spec *
find_demo(const char *name)
{
	for (size_t d = 0; d < NDEMOS; d++)
		if (strcmp(demos[d].name, name) == 0)
			return &demos[d];
	return NULL;
}

const char *
fair_demo_names(void)
{
	return "loans, hiring, wages";
}

const char *
fair_demo_story(const char *name)
{
	const demo_spec *d = name ? find_demo(name) : NULL;
	return d ? d->story : NULL;
}

size_t
fair_demo_default_n(const char *name)
{
	const demo_spec *d = name ? find_demo(name) : NULL;
	return d ? d->default_n : 0;
}

size_t
fair_demo_bytes(const char *name, size_t n)
{
	const demo_spec *d = name ? find_demo(name) : NULL;
	size_t per = 0;

	if (d == NULL)
		return 0;
	if (n == 0)
		n = d->default_n;
	for (size_t j = 0; j < d->ncols; j++)
		per += d->cols[j].levels ? sizeof(int32_t) : sizeof(double);
	return n > SIZE_MAX / (per ? per : 1) ? SIZE_MAX : n * per;
}

/* Distinct values of a numeric demo column: every value is k * unit for an
 * integer k >= 0 (see round_to), so a bitmap over k replaces the O(n log n)
 * sort of fair_column_new_numeric. Returns (size_t)-1 when the range of k is
 * too wide or memory is short (the caller then lets frame.c count). */
static size_t
grid_ndistinct(const double *v, size_t n, double unit)
{
	long kmax = 0, k;
	size_t nd = 0;
	unsigned char *seen;

	for (size_t i = 0; i < n; i++) {
		k = lround(v[i] / unit);
		if (k < 0 || k > 100000000L)
			return (size_t)-1;
		kmax = k > kmax ? k : kmax;
	}
	seen = calloc((size_t)kmax + 1, 1);
	if (seen == NULL)
		return (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		k = lround(v[i] / unit);
		nd += !seen[k];
		seen[k] = 1;
	}
	free(seen);
	return nd;
}

/* Turns the filled arrays into columns of a new frame; the arrays are handed
 * over (set to NULL) whether or not this succeeds. */
static fair_frame *
assemble(demo_col *cols, size_t ncols, size_t n, fair_error *err)
{
	fair_frame *f = fair_frame_new();
	int ok = f != NULL;

	if (f == NULL)
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t j = 0; j < ncols; j++) {
		demo_col *c = &cols[j];
		fair_column *col = NULL;
		if (!ok) {
			free(c->num);
			free(c->code);
		} else if (c->levels == NULL) {
			size_t nd = grid_ndistinct(c->num, n, c->unit);
			col = nd == (size_t)-1 ? fair_column_new_numeric(c->name, c->num, n, err)
			    : fair_column_new_numeric_nd(c->name, c->num, n, nd, err);
		} else {
			char **lv = calloc(c->nlevels, sizeof *lv);
			size_t k = 0;
			while (lv != NULL && k < c->nlevels && (lv[k] = strdup(c->levels[k])) != NULL)
				k++;
			if (lv == NULL || k < c->nlevels) {
				while (lv != NULL && k > 0)
					free(lv[--k]);
				free(lv);
				free(c->code);
				fair_error_set(err, FAIR_ENOMEM, "out of memory");
			} else {
				col = fair_column_new_categorical(c->name, c->code, n, lv, c->nlevels, err);
			}
		}
		c->num = NULL;
		c->code = NULL;
		if (ok && (col == NULL || fair_frame_add_column(f, col, err) != FAIR_OK))
			ok = 0;
		fair_column_unref(col);
	}
	if (!ok) {
		fair_frame_unref(f);
		return NULL;
	}
	return f;
}

int
fair_demo_generate_progress(const char *name, size_t n, double bias, unsigned long seed,
                            fair_frame **out, fair_progress *prog, fair_error *err)
{
	const demo_spec *d = name ? find_demo(name) : NULL;
	demo_col cols[NCOL_MAX];
	gsl_rng *r = NULL;
	int rc = FAIR_OK;

	*out = NULL;
	if (d == NULL)
		return fair_error_set(err, FAIR_EINVAL, "unknown demo dataset '%s' (demos: %s)",
		                      name ? name : "", fair_demo_names());
	if (n == 0)
		n = d->default_n;
	if (isnan(bias))
		bias = FAIR_DEMO_BIAS_DEFAULT;
	if (n < FAIR_DEMO_N_MIN || n > FAIR_DEMO_N_MAX)
		return fair_error_set(err, FAIR_EINVAL, "demo n=%zu is out of range; expected %d to %d",
		                      n, FAIR_DEMO_N_MIN, FAIR_DEMO_N_MAX);
	if (!(bias >= 0.0 && bias <= FAIR_DEMO_BIAS_MAX))
		return fair_error_set(err, FAIR_EINVAL, "demo bias=%g is out of range; expected 0 to %g",
		                      bias, FAIR_DEMO_BIAS_MAX);

	memcpy(cols, d->cols, sizeof cols);
	for (size_t j = 0; j < d->ncols; j++) {
		if (cols[j].levels == NULL)
			cols[j].num = malloc(n * sizeof *cols[j].num);
		else
			cols[j].code = malloc(n * sizeof *cols[j].code);
		if (cols[j].num == NULL && cols[j].code == NULL)
			rc = fair_error_set(err, FAIR_ENOMEM, "demo '%s' with n=%zu: out of memory",
			                    d->name, n);
	}
	r = gsl_rng_alloc(gsl_rng_mt19937);
	if (r == NULL && rc == FAIR_OK)
		rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if (rc != FAIR_OK)
		goto fail;
	gsl_rng_set(r, seed);
	for (size_t i = 0; i < n; i++) {
		if ((i & 0xffff) == 0) {
			if (fair_progress_cancelled(prog)) {
				rc = fair_error_set(err, FAIR_ECANCELED, "demo '%s': cancelled", d->name);
				goto fail;
			}
			fair_progress_set(prog, i, n, NAN, NAN);
		}
		d->row(r, bias, cols, i);
	}
	fair_progress_set(prog, n, n, NAN, NAN);
	gsl_rng_free(r);
	*out = assemble(cols, d->ncols, n, err);
	return *out ? FAIR_OK : err ? err->code : FAIR_ENOMEM;
fail:
	gsl_rng_free(r);
	for (size_t j = 0; j < d->ncols; j++) {
		free(cols[j].num);
		free(cols[j].code);
	}
	return rc;
}

int
fair_demo_generate(const char *name, size_t n, double bias, unsigned long seed,
                   fair_frame **out, fair_error *err)
{
	return fair_demo_generate_progress(name, n, bias, seed, out, NULL, err);
}
