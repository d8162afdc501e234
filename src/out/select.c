/* select.c -- choosing the columns of a wide table for reading: the ones
 * metrics= names, and each metric once when two are equal by definition
 * (deo is equal_opportunity_difference; without a privileged group,
 * disparate_impact is demographic_parity_ratio). Text and Markdown only:
 * the machine formats keep every column. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "fairsh/metric.h"
#include "out/out.h"
#include "out/report.h"

int
out_metric_same_as(const fair_report *r, int id)
{
	/* the max-min conventions copy the value (fairness.c); the others
	 * compute these their own way */
	if (r->convention != FAIR_CONV_STRICT && r->convention != FAIR_CONV_FAIRLEARN)
		return -1;
	if (id == FAIR_M_DEO)
		return FAIR_M_EOPP_DIFF;
	if (id == FAIR_M_DI && r->privileged < 0)
		return FAIR_M_DP_RATIO;
	return -1;
}

struct out_table *
out_table_select(const struct out_table *t, const bool *keep)
{
	const char **cols = calloc(t->ncols ? t->ncols : 1, sizeof *cols);
	size_t *from = calloc(t->ncols ? t->ncols : 1, sizeof *from), n = 0;
	struct out_table *u = NULL;

	if (cols == NULL || from == NULL)
		goto out;
	for (size_t j = 0; j < t->ncols; j++)
		if (keep[j]) {
			from[n] = j;
			cols[n++] = t->cols[j];
		}
	if ((u = out_table_new(t->title, n, cols)) == NULL)
		goto out;
	u->transpose = t->transpose;
	for (size_t k = 0; k < n; k++)
		u->right[k] = t->right[from[k]];
	for (size_t i = 0; i < t->nrows; i++) {
		size_t r = out_table_row(u);
		for (size_t k = 0; k < n; k++) {
			const struct out_cell *c = &t->cells[i * t->ncols + from[k]];
			struct out_cell *d = &u->cells[r * n + k];
			*d = *c;
			d->text = c->text ? strdup(c->text) : NULL;
		}
	}
out:
	free(cols);
	free(from);
	return u;
}
