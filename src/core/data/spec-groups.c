/* spec-groups.c -- sensitive groups (see spec.h): one or more columns
 * crossed into groups, counted, found by label and restricted to rows; the
 * target is in spec.c. Validation and encoding only: no model code, no
 * printing; the session layer keeps what these functions return. */
/* SPDX-License-Identifier: MIT */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fairsh/buf.h"
#include "fairsh/spec.h"
#include "data/data-private.h"

/* ---- sensitive groups --------------------------------------------------- */

void
fair_groups_free(fair_groups *g)
{
	if (g == NULL)
		return;
	free(g->group);
	if (g->labels)
		for (size_t k = 0; k < g->K; k++)
			free(g->labels[k]);
	free(g->labels);
	free(g->count);
	if (g->columns)
		for (size_t j = 0; j < g->ncolumns; j++)
			free(g->columns[j]);
	free(g->columns);
	free(g);
}

/* One column's contribution: code[i] in [0, k) or -1, and k labels. */
typedef struct colgroups {
	int32_t *code;
	char   **labels;
	size_t   k;
} colgroups;

static void
colgroups_release(colgroups *cg)
{
	free(cg->code);
	if (cg->labels)
		for (size_t k = 0; k < cg->k; k++)
			free(cg->labels[k]);
	free(cg->labels);
}

static int
colgroups_build(const fair_column *c, double threshold, colgroups *cg, fair_error *err)
{
	size_t n = fair_column_length(c);
	const char *name = fair_column_name(c);
	char tmp[64];

	cg->code = malloc((n ? n : 1) * sizeof *cg->code);
	if (cg->code == NULL)
		return fair__data_spec_nomem(err);
	if (fair_column_type(c) == FAIR_COL_CATEGORICAL) {
		size_t nl = fair_column_nlevels(c);
		const int32_t *codes = fair_column_codes(c);
		int32_t *map = malloc((nl ? nl : 1) * sizeof *map);
		unsigned char *used = malloc(nl ? nl : 1);
		if (map == NULL || used == NULL) {
			free(map);
			free(used);
			return fair__data_spec_nomem(err);
		}
		size_t nused = fair__data_spec_used_levels(c, used);
		cg->labels = calloc(nused ? nused : 1, sizeof *cg->labels);
		if (cg->labels == NULL) {
			free(map);
			free(used);
			return fair__data_spec_nomem(err);
		}
		for (size_t l = 0; l < nl; l++) {
			map[l] = -1;
			if (!used[l])
				continue;
			map[l] = (int32_t)cg->k;
			if ((cg->labels[cg->k++] = strdup(fair_column_level(c, l))) == NULL) {
				free(map);
				free(used);
				return fair__data_spec_nomem(err);
			}
		}
		for (size_t i = 0; i < n; i++)
			cg->code[i] = codes[i] < 0 ? -1 : map[codes[i]];
		free(map);
		free(used);
		return FAIR_OK;
	}

	const double *v = fair_column_values(c);
	if (!isnan(threshold)) {
		bool lo = false, hi = false;
		for (size_t i = 0; i < n; i++) {
			if (isnan(v[i]))
				continue;
			if (v[i] > threshold)
				hi = true;
			else
				lo = true;
		}
		cg->labels = calloc(2, sizeof *cg->labels);
		if (cg->labels == NULL)
			return fair__data_spec_nomem(err);
		if (lo) {
			snprintf(tmp, sizeof tmp, "%g", threshold);
			fair_buf b = FAIR_BUF_INIT;
			fair_buf_printf(&b, "%s<=%s", name, tmp);
			if ((cg->labels[cg->k++] = fair_buf_detach(&b)) == NULL)
				return fair__data_spec_nomem(err);
		}
		if (hi) {
			snprintf(tmp, sizeof tmp, "%g", threshold);
			fair_buf b = FAIR_BUF_INIT;
			fair_buf_printf(&b, "%s>%s", name, tmp);
			if ((cg->labels[cg->k++] = fair_buf_detach(&b)) == NULL)
				return fair__data_spec_nomem(err);
		}
		for (size_t i = 0; i < n; i++)
			cg->code[i] = isnan(v[i]) ? -1 : (v[i] > threshold) ? (lo ? 1 : 0) : 0;
		return FAIR_OK;
	}

	size_t nd = 0;
	double *d = fair__data_spec_distinct_values(c, &nd);
	if (d == NULL)
		return fair__data_spec_nomem(err);
	if (nd > GROUPS_MAX_DISTINCT) {
		free(d);
		return fair_error_set(err, FAIR_EINVAL,
		    "sensitive column '%s' is numeric with %zu values; give threshold=X", name, nd);
	}
	cg->labels = calloc(nd ? nd : 1, sizeof *cg->labels);
	if (cg->labels == NULL) {
		free(d);
		return fair__data_spec_nomem(err);
	}
	for (size_t k = 0; k < nd; k++) {
		snprintf(tmp, sizeof tmp, "%g", d[k]);
		if ((cg->labels[cg->k++] = strdup(tmp)) == NULL) {
			free(d);
			return fair__data_spec_nomem(err);
		}
	}
	for (size_t i = 0; i < n; i++) {
		const double *p = isnan(v[i]) ? NULL : bsearch(&v[i], d, nd, sizeof *d, fair__data_spec_cmp_double);
		cg->code[i] = p ? (int32_t)(p - d) : -1;
	}
	free(d);
	return FAIR_OK;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

int
fair_groups_build(const fair_frame *f, const char *const *columns, size_t ncolumns,
                  double threshold, const char *privileged, fair_groups **out,
                  fair_error *err)
{
	size_t n = fair_frame_nrows(f), m = 0, K = 0;
	colgroups *cg = NULL;
	uint64_t *key = NULL, *uniq = NULL;
	fair_groups *g = NULL;
	int rc = FAIR_OK;
	bool any_numeric = false;

	*out = NULL;
	if (ncolumns == 0)
		return fair_error_set(err, FAIR_EINVAL, "no sensitive column given");
	for (size_t j = 0; j < ncolumns; j++) {
		long cj = fair_frame_find(f, columns[j]);
		if (cj < 0)
			return fair__data_spec_unknown_column(err, f, columns[j]);
		for (size_t q = 0; q < j; q++)
			if (strcmp(columns[q], columns[j]) == 0)
				return fair_error_set(err, FAIR_EINVAL,
				    "sensitive column '%s' is listed twice", columns[j]);
		if (fair_column_type(fair_frame_column(f, (size_t)cj)) == FAIR_COL_NUMERIC)
			any_numeric = true;
	}
	if (!isnan(threshold) && !any_numeric)
		return fair_error_set(err, FAIR_EINVAL,
		    "threshold= given but no sensitive column is numeric");

	cg = calloc(ncolumns, sizeof *cg);
	key = malloc((n ? n : 1) * sizeof *key);
	uniq = malloc((n ? n : 1) * sizeof *uniq);
	g = calloc(1, sizeof *g);
	if (cg == NULL || key == NULL || uniq == NULL || g == NULL) {
		rc = fair__data_spec_nomem(err);
		goto out;
	}
	uint64_t radix = 1;
	for (size_t j = 0; j < ncolumns; j++) {
		const fair_column *c = fair_frame_column(f, (size_t)fair_frame_find(f, columns[j]));
		rc = colgroups_build(c, threshold, &cg[j], err);
		if (rc != FAIR_OK)
			goto out;
		if (cg[j].k > 0 && radix > (UINT64_C(1) << 62) / cg[j].k) {
			rc = fair_error_set(err, FAIR_EINVAL, "too many intersectional groups");
			goto out;
		}
		radix *= cg[j].k ? cg[j].k : 1;
	}
	/* Mixed-radix key: ascending key order is the first column's group order,
	 * then the second's, ..., as documented. */
	for (size_t i = 0; i < n; i++) {
		uint64_t k = 0;
		bool miss = false;
		for (size_t j = 0; j < ncolumns; j++) {
			if (cg[j].code[i] < 0) {
				miss = true;
				break;
			}
			k = k * cg[j].k + (uint64_t)cg[j].code[i];
		}
		key[i] = miss ? UINT64_MAX : k;
		if (!miss)
			uniq[m++] = k;
	}
	if (radix <= DENSE_RADIX_MAX) {
		/* few combinations: mark presence in a dense table, O(n + radix) */
		unsigned char *seen = calloc((size_t)radix, 1);
		if (seen == NULL) {
			rc = fair__data_spec_nomem(err);
			goto out;
		}
		for (size_t i = 0; i < m; i++)
			seen[uniq[i]] = 1;
		for (uint64_t k = 0; k < radix; k++)
			if (seen[k])
				uniq[K++] = k;
		free(seen);
	} else {
		qsort(uniq, m, sizeof *uniq, cmp_u64);
		for (size_t i = 0; i < m; i++)
			if (K == 0 || uniq[i] != uniq[K - 1])
				uniq[K++] = uniq[i];
	}

	g->n = n;
	g->K = K;
	g->privileged = -1;
	g->ncolumns = ncolumns;
	g->group = malloc((n ? n : 1) * sizeof *g->group);
	g->labels = calloc(K ? K : 1, sizeof *g->labels);
	g->count = calloc(K ? K : 1, sizeof *g->count);
	g->columns = calloc(ncolumns, sizeof *g->columns);
	if (g->group == NULL || g->labels == NULL || g->count == NULL || g->columns == NULL) {
		rc = fair__data_spec_nomem(err);
		goto out;
	}
	for (size_t j = 0; j < ncolumns; j++)
		if ((g->columns[j] = strdup(columns[j])) == NULL) {
			rc = fair__data_spec_nomem(err);
			goto out;
		}
	for (size_t k = 0; k < K; k++) {
		fair_buf b = FAIR_BUF_INIT;
		uint64_t rest = uniq[k];
		/* decode digits from the last column backwards */
		size_t *digit = malloc(ncolumns * sizeof *digit);
		if (digit == NULL) {
			rc = fair__data_spec_nomem(err);
			goto out;
		}
		for (size_t jj = ncolumns; jj-- > 0;) {
			digit[jj] = (size_t)(rest % cg[jj].k);
			rest /= cg[jj].k;
		}
		for (size_t j = 0; j < ncolumns; j++)
			fair_buf_printf(&b, "%s%s", j ? " & " : "", cg[j].labels[digit[j]]);
		free(digit);
		if ((g->labels[k] = fair_buf_detach(&b)) == NULL) {
			rc = fair__data_spec_nomem(err);
			goto out;
		}
	}
	if (radix <= DENSE_RADIX_MAX) {
		int32_t *map = malloc((size_t)radix * sizeof *map);
		if (map == NULL) {
			rc = fair__data_spec_nomem(err);
			goto out;
		}
		for (size_t k = 0; k < K; k++)
			map[uniq[k]] = (int32_t)k;
		for (size_t i = 0; i < n; i++) {
			g->group[i] = key[i] == UINT64_MAX ? -1 : map[key[i]];
			if (g->group[i] >= 0)
				g->count[g->group[i]]++;
		}
		free(map);
	} else {
		for (size_t i = 0; i < n; i++) {
			const uint64_t *p = key[i] == UINT64_MAX ? NULL :
			    bsearch(&key[i], uniq, K, sizeof *uniq, cmp_u64);
			g->group[i] = p ? (int32_t)(p - uniq) : -1;
			if (p)
				g->count[p - uniq]++;
		}
	}
	if (K == 0) {
		rc = fair_error_set(err, FAIR_EINVAL,
		    "the sensitive attribute has no row without missing values");
		goto out;
	}
	if (K == 1) {
		rc = fair_error_set(err, FAIR_EINVAL, "the sensitive attribute has one group ('%s')",
		                    g->labels[0]);
		goto out;
	}
	if (privileged != NULL) {
		g->privileged = fair_groups_find(g, privileged);
		if (g->privileged < 0) {
			fair_buf b = FAIR_BUF_INIT;
			for (size_t k = 0; k < K && k < LIST_MAX; k++)
				fair_buf_printf(&b, "%s%s", k ? ", " : "", g->labels[k]);
			if (K > LIST_MAX)
				fair_buf_printf(&b, "%s", ", ...");
			rc = fair_error_set(err, FAIR_EINVAL,
			    "privileged group '%s' is not a group (groups: %s)", privileged, b.buf);
			fair_buf_release(&b);
			goto out;
		}
	}
out:
	if (cg != NULL)
		for (size_t j = 0; j < ncolumns; j++)
			colgroups_release(&cg[j]);
	free(cg);
	free(key);
	free(uniq);
	if (rc != FAIR_OK)
		fair_groups_free(g);
	else
		*out = g;
	return rc;
}

size_t
fair_groups_count(const fair_groups *g, const unsigned char *keep, size_t *count)
{
	size_t total = 0;

	memset(count, 0, g->K * sizeof *count);
	for (size_t i = 0; i < g->n; i++)
		if ((keep == NULL || keep[i]) && g->group[i] >= 0) {
			count[g->group[i]]++;
			total++;
		}
	return total;
}

long
fair_groups_find(const fair_groups *g, const char *label)
{
	for (size_t k = 0; k < g->K; k++)
		if (strcmp(g->labels[k], label) == 0)
			return (long)k;
	return -1;
}


/* ---- groups with rows ----------------------------------------------------- */

int
fair_groups_restrict(const fair_groups *g, const size_t *rows, size_t nrows, fair_groups **out,
                     char **dropped, size_t *ndropped, fair_error *err)
{
	fair_groups *r = calloc(1, sizeof *r);
	size_t *cnt = calloc(g->K ? g->K : 1, sizeof *cnt), K = 0, nd = 0;
	int32_t *map = malloc((g->K ? g->K : 1) * sizeof *map);
	fair_buf b = FAIR_BUF_INIT;
	int rc = FAIR_OK;

	*out = NULL;
	if (dropped)
		*dropped = NULL;
	if (ndropped)
		*ndropped = 0;
	if (r == NULL || cnt == NULL || map == NULL) {
		rc = fair__data_spec_nomem(err);
		goto fail;
	}
	if (rows == NULL)
		nrows = g->n;
	for (size_t i = 0; i < nrows; i++) {
		size_t row = rows ? rows[i] : i;
		if (row >= g->n) {
			rc = fair_error_set(err, FAIR_EINVAL, "row %zu is out of range (%zu rows)", row + 1, g->n);
			goto fail;
		}
		if (g->group[row] >= 0)
			cnt[g->group[row]]++;
	}
	r->n = g->n;
	r->ncolumns = g->ncolumns;
	r->privileged = -1;
	r->group = malloc((g->n ? g->n : 1) * sizeof *r->group);
	r->labels = calloc(g->K ? g->K : 1, sizeof *r->labels);
	r->count = calloc(g->K ? g->K : 1, sizeof *r->count);
	r->columns = calloc(g->ncolumns ? g->ncolumns : 1, sizeof *r->columns);
	if (r->group == NULL || r->labels == NULL || r->count == NULL || r->columns == NULL) {
		rc = fair__data_spec_nomem(err);
		goto fail;
	}
	for (size_t j = 0; j < g->ncolumns; j++)
		if ((r->columns[j] = strdup(g->columns[j])) == NULL) {
			rc = fair__data_spec_nomem(err);
			goto fail;
		}
	for (size_t k = 0; k < g->K; k++) {
		if (cnt[k] == 0) {
			map[k] = -1;
			if (nd < LIST_MAX)
				fair_buf_printf(&b, "%s%s", nd ? ", " : "", g->labels[k]);
			else if (nd == LIST_MAX)
				fair_buf_puts(&b, ", ...");
			nd++;
			continue;
		}
		if ((r->labels[K] = strdup(g->labels[k])) == NULL) {
			rc = fair__data_spec_nomem(err);
			goto fail;
		}
		r->count[K] = cnt[k];
		if ((long)k == g->privileged)
			r->privileged = (long)K;
		map[k] = (int32_t)K++;
	}
	r->K = K;
	for (size_t i = 0; i < g->n; i++)
		r->group[i] = g->group[i] < 0 ? -1 : map[g->group[i]];
	if (dropped && nd > 0 && (*dropped = fair_buf_detach(&b)) == NULL) {
		rc = fair__data_spec_nomem(err);
		goto fail;
	}
	if (ndropped)
		*ndropped = nd;
	*out = r;
	goto out;
fail:
	if (r != NULL && r->labels == NULL)
		r->K = 0;
	else if (r != NULL)
		r->K = g->K;   /* labels beyond those set are NULL: freed as such */
	fair_groups_free(r);
out:
	fair_buf_release(&b);
	free(cnt);
	free(map);
	return rc;
}
