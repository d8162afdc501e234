/* pipeline.c -- feature pipeline: one-hot, standardise, impute (see
 * learn-private.h). Fitting keeps only names, statistics and level strings, never
 * a reference to the training frame. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/param.h"
#include "learn/learn-private.h"

struct pcol {
	char   *name;
	int     type;        /* fair_coltype */
	double  mean, sd;    /* numeric */
	char  **levels;      /* categorical, sorted by strcmp */
	size_t  nlevels;
	size_t  mode;        /* categorical: index of the most frequent level */
	bool    indicator;   /* a missing-indicator feature follows */
	size_t  offset;      /* first output feature */
};

struct fair_pipeline {
	struct pcol *cols;
	size_t       ncols;
	size_t       dim;
	char       **names;  /* dim feature names */
};

void
fair_pipeline_opts_init(fair_pipeline_opts *o)
{
	o->missing_indicators = false;
}

void
fair_pipeline_free(fair_pipeline *p)
{
	if (p == NULL)
		return;
	for (size_t j = 0; j < p->ncols; j++) {
		free(p->cols[j].name);
		for (size_t k = 0; k < p->cols[j].nlevels; k++)
			free(p->cols[j].levels[k]);
		free(p->cols[j].levels);
	}
	free(p->cols);
	if (p->names != NULL)
		for (size_t k = 0; k < p->dim; k++)
			free(p->names[k]);
	free(p->names);
	free(p);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fits one numeric column. */
static int
fit_numeric(struct pcol *pc, const fair_column *c, const size_t *rows, size_t nrows,
            size_t *nmiss, fair_error *err)
{
	const double *v = fair_column_values(c);
	double sum = 0.0, ss = 0.0;
	size_t n = 0;

	for (size_t i = 0; i < nrows; i++) {
		double x = v[rows[i]];
		if (isnan(x))
			continue;
		if (!isfinite(x))
			return fair_error_set(err, FAIR_EINVAL, "column '%s' has an infinite value in row %zu",
			                      pc->name, rows[i] + 1);
		sum += x;
		n++;
	}
	*nmiss = nrows - n;
	if (n == 0)
		return fair_error_set(err, FAIR_EINVAL, "column '%s' has no non-missing training value",
		                      pc->name);
	pc->mean = sum / (double)n;
	for (size_t i = 0; i < nrows; i++) {
		double x = v[rows[i]];
		if (!isnan(x))
			ss += (x - pc->mean) * (x - pc->mean);
	}
	/* imputed rows sit at the mean and add 0 to ss but count in the divisor */
	pc->sd = sqrt(ss / (double)nrows);
	if (!isfinite(pc->mean) || !isfinite(ss) || ss < 1e-250) {
		/* values near the ends of the double range: the sum or the squares
		 * overflowed (|x| around 1e154 and up) or underflowed; the same two
		 * passes on x / 2^e, 2^e >= max |x| (exact), then scaled back */
		double mx = 0.0, sm = 0.0, ssm = 0.0, mean;
		int e;
		for (size_t i = 0; i < nrows; i++) {
			double x = v[rows[i]];
			if (!isnan(x))
				mx = fmax(mx, fabs(x));
		}
		if (mx > 0.0) {
			frexp(mx, &e);
			for (size_t i = 0; i < nrows; i++) {
				double x = v[rows[i]];
				if (!isnan(x))
					sm += ldexp(x, -e);
			}
			mean = sm / (double)n;
			for (size_t i = 0; i < nrows; i++) {
				double x = v[rows[i]];
				if (!isnan(x))
					ssm += (ldexp(x, -e) - mean) * (ldexp(x, -e) - mean);
			}
			pc->mean = ldexp(mean, e);
			pc->sd = ldexp(sqrt(ssm / (double)nrows), e);
		}
	}
	if (!(pc->sd > 1e-12 * fabs(pc->mean)) || !(pc->sd > 0.0))
		pc->sd = 0.0;
	return FAIR_OK;
}

/* Fits one categorical column: training levels sorted, most frequent level. */
static int
fit_categorical(struct pcol *pc, const fair_column *c, const size_t *rows, size_t nrows,
                size_t *nmiss, fair_error *err)
{
	const int32_t *codes = fair_column_codes(c);
	size_t L = fair_column_nlevels(c), *count = calloc(L ? L : 1, sizeof *count);
	size_t used = 0, miss = 0;
	int st = FAIR_ENOMEM;

	if (count == NULL)
		goto fail;
	for (size_t i = 0; i < nrows; i++) {
		int32_t k = codes[rows[i]];
		if (k < 0)
			miss++;
		else
			count[k]++;
	}
	*nmiss = miss;
	for (size_t k = 0; k < L; k++)
		used += count[k] > 0;
	if (used == 0) {
		st = fair_error_set(err, FAIR_EINVAL, "column '%s' has no non-missing training value",
		                    pc->name);
		goto out;
	}
	pc->levels = calloc(used, sizeof *pc->levels);
	if (pc->levels == NULL)
		goto fail;
	for (size_t k = 0; k < L; k++)
		if (count[k] > 0) {
			if ((pc->levels[pc->nlevels] = strdup(fair_column_level(c, k))) == NULL)
				goto fail;
			pc->nlevels++;
		}
	qsort(pc->levels, pc->nlevels, sizeof *pc->levels, cmp_str);
	/* most frequent level; ties go to the first in sorted order */
	size_t best = 0, bestc = 0;
	for (size_t m = 0; m < pc->nlevels; m++) {
		size_t cnt = count[fair_column_level_index(c, pc->levels[m])];
		if (cnt > bestc) {
			bestc = cnt;
			best = m;
		}
	}
	pc->mode = best;
	st = FAIR_OK;
	goto out;
fail:
	st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
out:
	free(count);
	return st;
}

static char *
xstrfmt(const char *a, const char *sep, const char *b)
{
	size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
	char *s = malloc(n);
	if (s != NULL)
		snprintf(s, n, "%s%s%s", a, sep, b);
	return s;
}

/* The feature names of @p ("age", "workclass=Private", "age:missing") from
 * its columns and their offsets; -1 when out of memory. */
static int
feature_names(fair_pipeline *p)
{
	if ((p->names = calloc(p->dim ? p->dim : 1, sizeof *p->names)) == NULL)
		return -1;
	for (size_t j = 0; j < p->ncols; j++) {
		struct pcol *pc = &p->cols[j];
		size_t k = pc->offset;
		if (pc->type == FAIR_COL_NUMERIC) {
			if ((p->names[k++] = strdup(pc->name)) == NULL)
				return -1;
		} else {
			for (size_t m = 0; m < pc->nlevels; m++)
				if ((p->names[k++] = xstrfmt(pc->name, "=", pc->levels[m])) == NULL)
					return -1;
		}
		if (pc->indicator && (p->names[k] = xstrfmt(pc->name, ":", "missing")) == NULL)
			return -1;
	}
	return 0;
}

fair_pipeline *
fair_pipeline_fit(const fair_frame *f, const size_t *cols, size_t ncols, const size_t *rows,
                  size_t nrows, const fair_pipeline_opts *o, fair_error *err)
{
	fair_pipeline_opts def;
	fair_pipeline *p = NULL;
	size_t nr = fair_frame_nrows(f), nc = fair_frame_ncols(f);

	if (o == NULL) {
		fair_pipeline_opts_init(&def);
		o = &def;
	}
	if (ncols == 0 || nrows == 0) {
		fair_error_set(err, FAIR_EINVAL, "pipeline needs at least one %s",
		               ncols == 0 ? "feature column" : "training row");
		return NULL;
	}
	for (size_t i = 0; i < nrows; i++)
		if (rows[i] >= nr) {
			fair_error_set(err, FAIR_EINVAL, "row %zu out of range (%zu rows)", rows[i], nr);
			return NULL;
		}
	for (size_t j = 0; j < ncols; j++)
		if (cols[j] >= nc) {
			fair_error_set(err, FAIR_EINVAL, "column %zu out of range (%zu columns)", cols[j], nc);
			return NULL;
		}
	if ((p = calloc(1, sizeof *p)) == NULL || (p->cols = calloc(ncols, sizeof *p->cols)) == NULL)
		goto nomem;
	p->ncols = ncols;
	for (size_t j = 0; j < ncols; j++) {
		const fair_column *c = fair_frame_column(f, cols[j]);
		struct pcol *pc = &p->cols[j];
		size_t nmiss = 0;
		int st;

		if ((pc->name = strdup(fair_column_name(c))) == NULL)
			goto nomem;
		for (size_t i = 0; i < j; i++)
			if (strcmp(p->cols[i].name, pc->name) == 0) {
				fair_error_set(err, FAIR_EINVAL, "column '%s' selected twice", pc->name);
				goto fail;
			}
		pc->type = fair_column_type(c);
		if (pc->type == FAIR_COL_NUMERIC)
			st = fit_numeric(pc, c, rows, nrows, &nmiss, err);
		else
			st = fit_categorical(pc, c, rows, nrows, &nmiss, err);
		if (st != FAIR_OK)
			goto fail;
		pc->indicator = o->missing_indicators && nmiss > 0;
		pc->offset = p->dim;
		p->dim += (pc->type == FAIR_COL_NUMERIC ? 1 : pc->nlevels) + pc->indicator;
	}
	if (feature_names(p) < 0)
		goto nomem;
	return p;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	fair_pipeline_free(p);
	return NULL;
}

static int
cmp_key_level(const void *key, const void *elem)
{
	return strcmp((const char *)key, *(char *const *)elem);
}

gsl_matrix *
fair_pipeline_transform(const fair_pipeline *p, const fair_frame *f, const size_t *rows,
                        size_t nrows, fair_error *err)
{
	size_t nr = fair_frame_nrows(f);
	gsl_matrix *X = NULL;
	long *map = NULL;

	if (rows == NULL)
		nrows = nr;
	if (nrows == 0) {
		fair_error_set(err, FAIR_EINVAL, "no rows to transform");
		return NULL;
	}
	if (rows != NULL)
		for (size_t i = 0; i < nrows; i++)
			if (rows[i] >= nr) {
				fair_error_set(err, FAIR_EINVAL, "row %zu out of range (%zu rows)", rows[i], nr);
				return NULL;
			}
	/* check every column before allocating the output */
	for (size_t j = 0; j < p->ncols; j++) {
		long fj = fair_frame_find(f, p->cols[j].name);
		if (fj < 0) {
			fair_error_set(err, FAIR_ENOTFOUND, "column '%s' not found", p->cols[j].name);
			return NULL;
		}
		int t = fair_column_type(fair_frame_column(f, (size_t)fj));
		if (t != p->cols[j].type) {
			fair_error_set(err, FAIR_EINVAL, "column '%s' is %s; the model was trained on a %s column",
			               p->cols[j].name, t == FAIR_COL_NUMERIC ? "numeric" : "categorical",
			               t == FAIR_COL_NUMERIC ? "categorical" : "numeric");
			return NULL;
		}
	}
	if ((X = gsl_matrix_calloc(nrows, p->dim)) == NULL) {
		/* name the column that makes the matrix wide: an identifier with
		 * thousands of levels is the usual cause */
		size_t wide = 0;
		for (size_t j = 1; j < p->ncols; j++)
			if (p->cols[j].nlevels > p->cols[wide].nlevels)
				wide = j;
		if (p->cols[wide].nlevels > 100)
			fair_error_set(err, FAIR_ENOMEM, "out of memory for the %zu x %zu design matrix (%.0f MB): column '%s' "
			               "has %zu levels, one feature each; leave it out ('features all-except=%s')", nrows, p->dim,
			               (double)nrows * (double)p->dim * 8 / 1048576, p->cols[wide].name, p->cols[wide].nlevels,
			               p->cols[wide].name);
		else
			fair_error_set(err, FAIR_ENOMEM, "out of memory for the %zu x %zu design matrix (%.0f MB)", nrows,
			               p->dim, (double)nrows * (double)p->dim * 8 / 1048576);
		goto fail;
	}
	for (size_t j = 0; j < p->ncols; j++) {
		const struct pcol *pc = &p->cols[j];
		const fair_column *c = fair_frame_column(f, (size_t)fair_frame_find(f, pc->name));
		size_t off = pc->offset, ind = off + (pc->type == FAIR_COL_NUMERIC ? 1 : pc->nlevels);

		if (pc->type == FAIR_COL_NUMERIC) {
			const double *v = fair_column_values(c);
			for (size_t i = 0; i < nrows; i++) {
				double x = v[rows ? rows[i] : i], z = 0.0;
				if (isnan(x)) {
					if (pc->indicator)
						gsl_matrix_set(X, i, ind, 1.0);
				} else if (pc->sd > 0.0) {
					z = (x - pc->mean) / pc->sd;
					if (!isfinite(z))   /* x - mean overflowed: |x| near the largest double */
						z = x / pc->sd - pc->mean / pc->sd;
				}
				gsl_matrix_set(X, i, off, z);
			}
			continue;
		}
		/* frame level code -> pipeline level index (-1: unseen) */
		size_t L = fair_column_nlevels(c);
		const int32_t *codes = fair_column_codes(c);
		free(map);
		if ((map = malloc((L ? L : 1) * sizeof *map)) == NULL)
			goto nomem;
		for (size_t k = 0; k < L; k++) {
			char **hit = bsearch(fair_column_level(c, k), pc->levels, pc->nlevels,
			                     sizeof *pc->levels, cmp_key_level);
			map[k] = hit ? (long)(hit - pc->levels) : -1;
		}
		for (size_t i = 0; i < nrows; i++) {
			int32_t k = codes[rows ? rows[i] : i];
			long m;
			if (k < 0) {
				m = (long)pc->mode;
				if (pc->indicator)
					gsl_matrix_set(X, i, ind, 1.0);
			} else {
				m = map[k];
			}
			if (m >= 0)
				gsl_matrix_set(X, i, off + (size_t)m, 1.0);
		}
	}
	free(map);
	return X;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	free(map);
	if (X != NULL)
		gsl_matrix_free(X);
	return NULL;
}

size_t
fair_pipeline_dim(const fair_pipeline *p)
{
	return p->dim;
}

const char *
fair_pipeline_feature_name(const fair_pipeline *p, size_t k)
{
	return k < p->dim ? p->names[k] : NULL;
}

size_t
fair_pipeline_ncols(const fair_pipeline *p)
{
	return p->ncols;
}

const char *
fair_pipeline_col_name(const fair_pipeline *p, size_t j)
{
	return j < p->ncols ? p->cols[j].name : NULL;
}

/* ---- saving ------------------------------------------------------ */

int
fair_pipeline_export(const fair_pipeline *p, fair_param *out, fair_error *err)
{
	fair_param *cols = fair_param_add_list(out, "columns");

	for (size_t j = 0; j < p->ncols; j++) {
		const struct pcol *pc = &p->cols[j];
		fair_param *c = fair_param_add_object(cols, NULL);
		fair_param_add_str(c, "name", pc->name);
		fair_param_add_str(c, "type", pc->type == FAIR_COL_NUMERIC ? "numeric" : "categorical");
		if (pc->type == FAIR_COL_NUMERIC) {
			fair_param_add_num(c, "mean", pc->mean);
			fair_param_add_num(c, "sd", pc->sd);
		} else {
			fair_param *lv = fair_param_add_list(c, "levels");
			for (size_t k = 0; k < pc->nlevels; k++)
				fair_param_add_str(lv, NULL, pc->levels[k]);
			fair_param_add_int(c, "mode", (int64_t)pc->mode);
		}
		fair_param_add_bool(c, "indicator", pc->indicator);
	}
	if (fair_param_failed(out))
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	return FAIR_OK;
}

fair_pipeline *
fair_pipeline_import(const fair_param *in, fair_error *err)
{
	const fair_param *cols = fair_param_list(in, "columns", err);
	fair_pipeline *p = NULL;

	if (cols == NULL)
		return NULL;
	if (cols->nkids == 0) {
		fair_error_set(err, FAIR_EPARSE, "saved data: pipeline has no columns");
		return NULL;
	}
	if ((p = calloc(1, sizeof *p)) == NULL || (p->cols = calloc(cols->nkids, sizeof *p->cols)) == NULL)
		goto nomem;
	p->ncols = cols->nkids;
	for (size_t j = 0; j < p->ncols; j++) {
		const fair_param *c = cols->kids[j];
		struct pcol *pc = &p->cols[j];
		const char *name = fair_param_str(c, "name", err), *type = fair_param_str(c, "type", err);
		if (name == NULL || type == NULL || fair_param_bool(c, "indicator", &pc->indicator, err))
			goto fail;
		if ((pc->name = strdup(name)) == NULL)
			goto nomem;
		if (!strcmp(type, "numeric")) {
			pc->type = FAIR_COL_NUMERIC;
			if (fair_param_num(c, "mean", &pc->mean, err) || fair_param_num(c, "sd", &pc->sd, err))
				goto fail;
		} else {
			pc->type = FAIR_COL_CATEGORICAL;
			if ((pc->levels = fair_param_strings(c, "levels", &pc->nlevels, err)) == NULL ||
			    fair_param_size(c, "mode", &pc->mode, err))
				goto fail;
			if (pc->nlevels == 0 || pc->mode >= pc->nlevels) {
				fair_error_set(err, FAIR_EPARSE, "saved data: pipeline column '%s' has no levels", name);
				goto fail;
			}
			for (size_t k = 1; k < pc->nlevels; k++)
				if (strcmp(pc->levels[k - 1], pc->levels[k]) >= 0) {
					fair_error_set(err, FAIR_EPARSE, "saved data: levels of pipeline column '%s' are not sorted", name);
					goto fail;
				}
		}
		pc->offset = p->dim;
		p->dim += (pc->type == FAIR_COL_NUMERIC ? 1 : pc->nlevels) + pc->indicator;
	}
	if (feature_names(p) < 0)
		goto nomem;
	return p;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	fair_pipeline_free(p);
	return NULL;
}
