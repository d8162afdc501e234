/* direpair.c -- disparate-impact remover (Feldman et al. 2015, as
 * AIF360's DisparateImpactRemover): per-column quantile repair of each
 * group's values towards the median of the groups' quantile functions. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>

#include "methods/methods-private.h"
#include "fairsh/param.h"

struct fair_direpair {
	double  level;
	size_t  d, K, ncols;
	size_t *cols;        /* repaired column indices (ncols) */
	size_t *ng;          /* training rows per group (K) */
	double **sorted;     /* [c * K + g]: group g's sorted values of column cols[c] */
};

void
fair_direpair_free(fair_direpair *r)
{
	if (r == NULL)
		return;
	if (r->sorted)
		for (size_t i = 0; i < r->ncols * r->K; i++)
			free(r->sorted[i]);
	free(r->sorted);
	free(r->cols);
	free(r->ng);
	free(r);
}

double fair_direpair_level(const fair_direpair *r) { return r->level; }
size_t fair_direpair_ncols(const fair_direpair *r) { return r->ncols; }

static int
check_groups(const int32_t *group, size_t n, size_t K, fair_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (group[i] >= 0 && (size_t)group[i] >= K)
			return fair_error_set(err, FAIR_EINVAL, "group code %d in row %zu is out of range (K = %zu)",
			                      (int)group[i], i, K);
	return FAIR_OK;
}

fair_direpair *
fair_direpair_fit(const gsl_matrix *X, const int32_t *group, size_t K, double level,
                  const bool *numeric_cols, fair_error *err)
{
	fair_direpair *r;
	size_t n = X->size1, *fill = NULL, nonempty = 0;

	if (!(level >= 0 && level <= 1)) {
		fair_error_set(err, FAIR_EINVAL, "level must be between 0 and 1, not %g", level);
		return NULL;
	}
	if (K == 0 || check_groups(group, n, K, err)) {
		if (K == 0)
			fair_error_set(err, FAIR_EINVAL, "the disparate-impact remover needs at least one group");
		return NULL;
	}
	r = calloc(1, sizeof *r);
	if (r == NULL)
		goto nomem;
	r->level = level;
	r->d = X->size2;
	r->K = K;
	r->cols = malloc((X->size2 + 1) * sizeof *r->cols);
	r->ng = calloc(K, sizeof *r->ng);
	fill = calloc(K, sizeof *fill);
	if (!r->cols || !r->ng || !fill)
		goto nomem;
	for (size_t j = 0; j < X->size2; j++)
		if (numeric_cols == NULL || numeric_cols[j])
			r->cols[r->ncols++] = j;
	for (size_t i = 0; i < n; i++)
		if (group[i] >= 0)
			r->ng[group[i]]++;
	for (size_t g = 0; g < K; g++)
		nonempty += r->ng[g] > 0;
	if (nonempty == 0) {
		fair_error_set(err, FAIR_EINVAL, "the disparate-impact remover needs rows with a group");
		goto fail;
	}
	r->sorted = calloc(r->ncols * K + 1, sizeof *r->sorted);
	if (r->sorted == NULL)
		goto nomem;
	for (size_t c = 0; c < r->ncols; c++) {
		for (size_t g = 0; g < K; g++) {
			if (r->ng[g] && !(r->sorted[c * K + g] = malloc(r->ng[g] * sizeof(double))))
				goto nomem;
			fill[g] = 0;
		}
		for (size_t i = 0; i < n; i++) {
			double v = gsl_matrix_get(X, i, r->cols[c]);
			if (group[i] < 0)
				continue;
			if (!isfinite(v)) {
				fair_error_set(err, FAIR_EINVAL, "column %zu has a missing or infinite value in row %zu",
				               r->cols[c], i);
				goto fail;
			}
			r->sorted[c * K + group[i]][fill[group[i]]++] = v;
		}
		for (size_t g = 0; g < K; g++)
			if (r->ng[g])
				gsl_sort(r->sorted[c * K + g], 1, r->ng[g]);
	}
	free(fill);
	return r;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	free(fill);
	fair_direpair_free(r);
	return NULL;
}

/* M(u) = median over non-empty groups of Q_g(u) (type-1 quantile);
 * @buf has K entries. */
static double
median_quantile(const fair_direpair *r, size_t c, double u, double *buf)
{
	size_t m = 0;

	for (size_t g = 0; g < r->K; g++) {
		size_t ng = r->ng[g];
		if (ng == 0)
			continue;
		double pos = floor(u * (double)ng);
		size_t k = pos < 0 ? 0 : pos >= (double)ng ? ng - 1 : (size_t)pos;
		buf[m++] = r->sorted[c * r->K + g][k];
	}
	gsl_sort(buf, 1, m);
	return m % 2 ? buf[m / 2] : 0.5 * (buf[m / 2 - 1] + buf[m / 2]);
}

/* Count of values < x and == x in sorted array a[0..n). */
static void
rank_in(const double *a, size_t n, double x, size_t *lt, size_t *eq)
{
	*lt = fair_count_below(a, n, x, false);
	*eq = fair_count_below(a, n, x, true) - *lt;
}

static gsl_matrix *
copy_checked(const fair_direpair *r, const gsl_matrix *X, const int32_t *group, fair_error *err)
{
	gsl_matrix *Z;

	if (X->size2 != r->d) {
		fair_error_set(err, FAIR_EINVAL, "matrix has %zu columns; the repairer was fitted on %zu", X->size2, r->d);
		return NULL;
	}
	if (check_groups(group, X->size1, r->K, err))
		return NULL;
	Z = gsl_matrix_alloc(X->size1, X->size2);
	if (Z == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	gsl_matrix_memcpy(Z, X);
	return Z;
}

gsl_matrix *
fair_direpair_apply(const fair_direpair *r, const gsl_matrix *X, const int32_t *group, fair_error *err)
{
	gsl_matrix *Z = copy_checked(r, X, group, err);
	double *buf;

	if (Z == NULL)
		return NULL;
	/* own scratch: the repairer is shared read-only between threads */
	buf = malloc(r->K * sizeof *buf);
	if (buf == NULL) {
		gsl_matrix_free(Z);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t c = 0; c < r->ncols && r->level > 0; c++)
		for (size_t i = 0; i < X->size1; i++) {
			int32_t g = group[i];
			double x = gsl_matrix_get(X, i, r->cols[c]);
			size_t lt, eq;
			if (g < 0 || r->ng[g] == 0 || !isfinite(x))
				continue;
			rank_in(r->sorted[c * r->K + g], r->ng[g], x, &lt, &eq);
			double u = ((double)lt + 0.5 * (double)eq) / (double)r->ng[g];
			/* a value between two training values: u is the share below it */
			double mq = median_quantile(r, c, u, buf);
			gsl_matrix_set(Z, i, r->cols[c], (1 - r->level) * x + r->level * mq);
		}
	free(buf);
	return Z;
}

gsl_matrix *
fair_direpair_repair_train(const fair_direpair *r, const gsl_matrix *X, const int32_t *group, fair_error *err)
{
	gsl_matrix *Z = copy_checked(r, X, group, err);
	size_t n = X->size1, *idx = NULL, *cnt = NULL;
	double *vals = NULL, *buf = NULL;
	size_t **members = NULL;

	if (Z == NULL)
		return NULL;
	if (r->level == 0)
		return Z;
	idx = malloc((n + 1) * sizeof *idx);
	vals = malloc((n + 1) * sizeof *vals);
	cnt = calloc(r->K, sizeof *cnt);
	buf = malloc(r->K * sizeof *buf);
	members = calloc(r->K, sizeof *members);
	if (!idx || !vals || !cnt || !buf || !members)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		if (group[i] >= 0)
			cnt[group[i]]++;
	for (size_t g = 0; g < r->K; g++) {
		if (cnt[g] != r->ng[g]) {
			fair_error_set(err, FAIR_EINVAL, "these are not the rows the repairer was fitted on "
			               "(group %zu has %zu rows, fitted on %zu)", g, cnt[g], r->ng[g]);
			goto fail;
		}
		if (cnt[g] && !(members[g] = malloc(cnt[g] * sizeof **members)))
			goto nomem;
		cnt[g] = 0;
	}
	for (size_t i = 0; i < n; i++)
		if (group[i] >= 0)
			members[group[i]][cnt[group[i]]++] = i;
	for (size_t c = 0; c < r->ncols; c++)
		for (size_t g = 0; g < r->K; g++) {
			size_t ng = cnt[g];
			if (ng == 0)
				continue;
			for (size_t k = 0; k < ng; k++)
				vals[k] = gsl_matrix_get(X, members[g][k], r->cols[c]);
			/* ties keep row order: gsl_sort_index is not stable, so
			 * each block of equal values is re-sorted by position */
			gsl_sort_index(idx, vals, 1, ng);
			for (size_t k = 0; k < ng;) {
				size_t e = k + 1;
				while (e < ng && vals[idx[e]] == vals[idx[k]])
					e++;
				gsl_sort_ulong(idx + k, 1, e - k);   /* tie block in row order */
				k = e;
			}
			for (size_t k = 0; k < ng; k++) {
				double u = ((double)k + 0.5) / (double)ng;
				double x = vals[idx[k]];
				double mq = median_quantile(r, c, u, buf);
				gsl_matrix_set(Z, members[g][idx[k]], r->cols[c], (1 - r->level) * x + r->level * mq);
			}
		}
	goto out;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	gsl_matrix_free(Z);
	Z = NULL;
out:
	if (members)
		for (size_t g = 0; g < r->K; g++)
			free(members[g]);
	free(members);
	free(idx);
	free(vals);
	free(cnt);
	free(buf);
	return Z;
}

/* ---- saving (fairsh/param.h) ------------------------------------------ */

size_t fair_direpair_dim(const fair_direpair *r) { return r->d; }

int
fair_direpair_export(const fair_direpair *r, fair_param *out, fair_error *err)
{
	fair_param *sorted = fair_param_add_list(out, "sorted");

	fair_param_add_num(out, "level", r->level);
	fair_param_add_int(out, "d", (int64_t)r->d);
	fair_param_add_int(out, "groups", (int64_t)r->K);
	fair_param_add_sizes(out, "columns", r->cols, r->ncols);
	fair_param_add_sizes(out, "group_rows", r->ng, r->K);
	/* one array per (column, group): that group's sorted training values */
	for (size_t i = 0; i < r->ncols * r->K; i++)
		fair_param_add_vec(sorted, NULL, r->sorted[i], r->ng[i % r->K]);
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

fair_direpair *
fair_direpair_import(const fair_param *in, fair_error *err)
{
	fair_direpair *r = calloc(1, sizeof *r);
	const fair_param *sorted;
	size_t nng = 0;

	if (r == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	if (fair_param_num(in, "level", &r->level, err) || fair_param_size(in, "d", &r->d, err) ||
	    fair_param_size(in, "groups", &r->K, err) ||
	    (r->cols = fair_param_sizes(in, "columns", &r->ncols, err)) == NULL ||
	    (r->ng = fair_param_sizes(in, "group_rows", &nng, err)) == NULL ||
	    (sorted = fair_param_list(in, "sorted", err)) == NULL)
		goto fail;
	if (!(r->level >= 0 && r->level <= 1) || r->K == 0 || nng != r->K || r->ncols > r->d ||
	    sorted->nkids != r->ncols * r->K) {
		fair_error_set(err, FAIR_EPARSE, "saved data: disparate-impact remover has inconsistent shapes");
		goto fail;
	}
	for (size_t c = 0; c < r->ncols; c++)
		if (r->cols[c] >= r->d) {
			fair_error_set(err, FAIR_EPARSE, "saved data: disparate-impact remover repairs column %zu of %zu",
			               r->cols[c], r->d);
			goto fail;
		}
	if ((r->sorted = calloc(r->ncols * r->K + 1, sizeof *r->sorted)) == NULL)
		goto nomem;
	for (size_t i = 0; i < r->ncols * r->K; i++) {
		const fair_param *p = sorted->kids[i];
		size_t g = i % r->K;
		if (p->type != FAIR_PARAM_VEC && !(p->type == FAIR_PARAM_LIST && p->nkids == 0))
			goto bad;
		size_t n = p->type == FAIR_PARAM_VEC ? p->n : 0;
		if (n != r->ng[g])
			goto bad;
		for (size_t k = 0; k < n; k++)
			if (!isfinite(p->vec[k]) || (k > 0 && p->vec[k] < p->vec[k - 1]))
				goto bad;
		if (n && (r->sorted[i] = malloc(n * sizeof(double))) == NULL)
			goto nomem;
		if (n)
			memcpy(r->sorted[i], p->vec, n * sizeof(double));
	}
	return r;
bad:
	fair_error_set(err, FAIR_EPARSE, "saved data: disparate-impact remover tables are not sorted arrays of the group sizes");
	goto fail;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	fair_direpair_free(r);
	return NULL;
}
