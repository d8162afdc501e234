/* test-datasets.c -- the datasets that ship in share/fairsh/data: each file
 * read through the xz stream has the documented rows, columns and SHA-256
 * (of the decompressed CSV), and the class and group counts published with
 * the data (share/fairsh/data/README.md, computed there with Python from
 * the raw files); the registry's set-up names real columns and values; the
 * file lookup order and its errors; a changed file is refused. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/csv.h"
#include "fairsh/datasets.h"
#include "fairsh/spec.h"

static char datadir[4096];

static const fair_column *
col(const fair_frame *f, const char *name)
{
	long j = fair_frame_find(f, name);
	return j < 0 ? NULL : fair_frame_column(f, (size_t)j);
}

/* Rows whose text in column @name is one of the comma-separated @values
 * (numeric columns: equal to one of the numbers). */
static size_t
count_in(const fair_frame *f, const char *name, const char *values)
{
	const fair_column *c = col(f, name);
	size_t n = 0, nr = fair_frame_nrows(f);
	char *list, *tok, *save = NULL;

	if (c == NULL)
		return (size_t)-1;
	list = strdup(values);
	for (tok = strtok_r(list, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		if (fair_column_type(c) == FAIR_COL_NUMERIC) {
			double x = strtod(tok, NULL);
			for (size_t i = 0; i < nr; i++)
				n += fair_column_values(c)[i] == x;
		} else {
			for (size_t k = 0; k < fair_column_nlevels(c); k++)
				if (strcmp(fair_column_level(c, k), tok) == 0)
					for (size_t i = 0; i < nr; i++)
						n += fair_column_codes(c)[i] == (int32_t)k;
		}
	}
	free(list);
	return n;
}

/* Rows of numeric column @name above @t. */
static size_t
count_above(const fair_frame *f, const char *name, double t)
{
	const fair_column *c = col(f, name);
	size_t n = 0;

	if (c == NULL || fair_column_type(c) != FAIR_COL_NUMERIC)
		return (size_t)-1;
	for (size_t i = 0; i < fair_frame_nrows(f); i++)
		n += fair_column_values(c)[i] > t;
	return n;
}

/* The counts of share/fairsh/data/README.md (from the raw files, by Python). */
static const struct {
	const char *name;
	size_t positives;        /* the suggested positive class */
	size_t group;            /* a sensitive group: */
	const char *gcol, *gvals;
	double gthr;             /* or values above this */
} published[] = {
	{ "adult", 11687, 32650, "sex", "Male", NAN },
	{ "compas", 3251, 3696, "race", "African-American", NAN },
	{ "german", 700, 690, "sex", "male", NAN },
	{ "communities", 993, 970, "racepctblack", NULL, 0.06 },   /* positives: > 0.15 */
	{ "law_school", 19360, 18285, "race", "White", NAN },      /* positives: first_pf = 1 */
	{ "drug_consumption", 999, 942, "Gender", "0.48246", NAN },
	{ "bank", 5289, 809, "age", NULL, -24 },                   /* group: age <= 24 */
	{ "arrhythmia", 207, 249, "sex", "1", NAN },
};

static void
test_shipped(void)
{
	gsl_test_int((int)fair_dataset_count(), 8, "eight datasets ship");
	for (size_t i = 0; i < fair_dataset_count(); i++) {
		const fair_dataset *d = fair_dataset_get(i);
		const char *dirs[1] = { datadir };
		fair_error err;
		fair_csv_info info;
		char hex[65], *path = fair_dataset_locate(d, dirs, 1, &err);
		fair_frame *f;
		size_t pos, grp;

		gsl_test(path == NULL, "%s: shipped in %s (%s)", d->name, datadir, path ? "" : err.msg);
		if (path == NULL)
			continue;
		gsl_test(strstr(path, ".csv.xz") == NULL, "%s: shipped as xz (%s)", d->name, path);
		gsl_test(fair_dataset_verify(d, path, hex, &err) != FAIR_OK, "%s: SHA-256, rows and columns (%s)",
		         d->name, err.msg);
		gsl_test_str(hex, d->sha256, "%s: SHA-256 of the decompressed CSV", d->name);
		/* the reader on the compressed file, decompressing while it parses */
		f = fair_csv_read(path, NULL, &info, &err);
		gsl_test(f == NULL, "%s: loads (%s)", d->name, f ? "" : err.msg);
		if (f == NULL) {
			free(path);
			continue;
		}
		gsl_test_int((int)fair_frame_nrows(f), (int)d->rows, "%s: rows", d->name);
		gsl_test_int((int)fair_frame_ncols(f), (int)d->cols, "%s: columns", d->name);
		gsl_test(strcmp(published[i].name, d->name) != 0, "published counts for %s", d->name);
		if (!strcmp(d->name, "communities"))
			pos = count_above(f, "ViolentCrimesPerPop", 0.15);
		else if (!strcmp(d->name, "law_school"))
			pos = count_in(f, "first_pf", "1");
		else if (!isnan(d->target_threshold))
			pos = count_above(f, d->target, d->target_threshold);
		else
			pos = count_in(f, d->target, d->positive);
		gsl_test_int((int)pos, (int)published[i].positives, "%s: positives as published", d->name);
		if (published[i].gvals != NULL)
			grp = count_in(f, published[i].gcol, published[i].gvals);
		else if (published[i].gthr >= 0)
			grp = count_above(f, published[i].gcol, published[i].gthr);
		else
			grp = d->rows - count_above(f, published[i].gcol, -published[i].gthr);
		gsl_test_int((int)grp, (int)published[i].group, "%s: group size as published", d->name);
		fair_frame_unref(f);
		free(path);
	}
}

/* The suggested set-up names columns and values that exist, and works. */
static void
test_setup(void)
{
	for (size_t i = 0; i < fair_dataset_count(); i++) {
		const fair_dataset *d = fair_dataset_get(i);
		const char *dirs[1] = { datadir }, *excl[8];
		fair_error err;
		char *path = fair_dataset_locate(d, dirs, 1, &err);
		fair_frame *f = path ? fair_csv_read(path, NULL, NULL, &err) : NULL;
		fair_target *t = NULL;
		fair_groups *g = NULL;
		size_t *cols = NULL, ncols = 0, nex = 0, npos = 0;
		char *posv[8], *list = d->positive ? strdup(d->positive) : NULL, *save = NULL;

		free(path);
		if (f == NULL)
			continue;
		for (char *tok = list ? strtok_r(list, ",", &save) : NULL; tok && npos < 8; tok = strtok_r(NULL, ",", &save))
			posv[npos++] = tok;
		gsl_test(fair_target_build(f, d->target, (const char *const *)posv, npos, d->target_threshold,
		                           !strcmp(d->task, "regression") ? FAIR_TASK_REGRESSION : -1, &t, &err),
		         "%s: target %s (%s)", d->name, d->target, err.msg);
		gsl_test(t && t->task != (!strcmp(d->task, "regression") ? FAIR_TASK_REGRESSION : FAIR_TASK_CLASSIFICATION),
		         "%s: the task is %s", d->name, d->task);
		const char *sc[1] = { d->sensitive };
		gsl_test(fair_groups_build(f, sc, 1, d->sensitive_threshold, d->privileged, &g, &err),
		         "%s: sensitive %s (%s)", d->name, d->sensitive, err.msg);
		gsl_test(g && d->privileged && g->privileged < 0, "%s: the privileged group exists", d->name);
		excl[nex++] = d->target;
		excl[nex++] = d->sensitive;
		if (d->split_column)
			excl[nex++] = d->split_column;
		gsl_test(fair_features_resolve(f, d->features, excl, nex, &cols, &ncols, &err) || ncols < 2,
		         "%s: features %s (%s)", d->name, d->features, err.msg);
		for (const char *p = d->filters; p && *p;) {
			size_t l = strcspn(p, ";");
			char *e = strndup(p, l);
			fair_filter *fl = fair_filter_parse(f, e, &err);
			gsl_test(fl == NULL, "%s: filter %s (%s)", d->name, e, err.msg);
			fair_filter_free(fl);
			free(e);
			p += l + (p[l] == ';');
		}
		if (d->split_column) {
			unsigned char *assign = malloc(fair_frame_nrows(f));
			gsl_test(fair_split_from_column(f, d->split_column, assign, &err), "%s: split column (%s)", d->name,
			         err.msg);
			free(assign);
		}
		gsl_test(d->title == NULL || d->provenance == NULL || d->caveats == NULL || d->use == NULL ||
		         d->citation == NULL || d->license == NULL || d->license_short == NULL || d->source == NULL,
		         "%s: documented", d->name);
		gsl_test(fair_dataset_find(d->name) != d, "%s: found by name", d->name);
		gsl_test(strstr(fair_dataset_names(), d->name) == NULL, "%s: in the list of names", d->name);
		free(cols);
		fair_groups_free(g);
		fair_target_free(t);
		free(list);
		fair_frame_unref(f);
	}
	gsl_test(fair_dataset_find("adul") != NULL, "no prefix matching");
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
}

/* Lookup order (first directory that has the file, plain before xz) and
 * the refusal of a file that is not the documented data. */
static void
test_locate(void)
{
	char tmp[] = "/tmp/test-datasets-XXXXXX", a[600], b[600], p[4800];
	const fair_dataset *d = fair_dataset_find("german");
	fair_error err;
	char *path;

	if (mkdtemp(tmp) == NULL)
		return;
	snprintf(a, sizeof a, "%s/a", tmp);
	snprintf(b, sizeof b, "%s/b", tmp);
	mkdir(a, 0700);
	mkdir(b, 0700);
	const char *dirs[3] = { a, b, datadir };
	path = fair_dataset_locate(d, dirs, 3, &err);
	snprintf(p, sizeof p, "%s/german.csv.xz", datadir);
	gsl_test_str(path ? path : err.msg, p, "the shipped copy when the others have none");
	free(path);
	snprintf(p, sizeof p, "%s/german.csv.gz", b);
	write_file(p, "x");
	path = fair_dataset_locate(d, dirs, 3, &err);
	gsl_test_str(path ? path : err.msg, p, "an earlier directory wins");
	free(path);
	snprintf(p, sizeof p, "%s/german.csv", b);
	write_file(p, "checking_status\nA11\n");
	path = fair_dataset_locate(d, dirs, 3, &err);
	gsl_test_str(path ? path : err.msg, p, "plain before compressed in one directory");
	gsl_test(fair_dataset_verify(d, p, NULL, &err) != FAIR_EINVAL || strstr(err.msg, "not the data of dataset 'german'") == NULL,
	         "a different file is refused (%s)", err.msg);
	free(path);
	path = fair_dataset_locate(d, dirs, 2, &err);
	gsl_test(path == NULL, "found in b");
	free(path);
	const char *none[2] = { a, "/nonexistent" };
	path = fair_dataset_locate(d, none, 2, &err);
	snprintf(p, sizeof p, "the file of dataset 'german' (german.csv, or german.csv.xz, .zst, .gz) is not in %s, "
	         "/nonexistent", a);
	gsl_test_str(path ? "found" : err.msg, p, "not found: the directories are named");
	gsl_test_int(err.code, FAIR_ENOTFOUND, "not found: FAIR_ENOTFOUND");
	free(path);
	snprintf(p, sizeof p, "rm -rf '%s'", tmp);
	if (system(p) != 0)
		fprintf(stderr, "cannot remove %s\n", tmp);
}

int
main(void)
{
	const char *top = getenv("top_srcdir");

	gsl_set_error_handler_off();
	snprintf(datadir, sizeof datadir, "%s/share/fairsh/data", top ? top : ".");
	test_shipped();
	test_setup();
	test_locate();
	return gsl_test_summary() ? 1 : 0;
}
