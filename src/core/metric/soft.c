/* soft.c -- AIF360's generalized binary confusion matrix: scores counted as
 * soft decisions (fairsh/indices.h). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <string.h>

#include "fairsh/indices.h"

int
fair_soft_confusion(const double *y, const double *score, const double *w, const int32_t *group, size_t n,
                    size_t K, fair_soft_counts *groups, fair_soft_counts *overall, fair_error *err)
{
	memset(groups, 0, K * sizeof *groups);
	memset(overall, 0, sizeof *overall);
	for (size_t i = 0; i < n; i++) {
		double s = score[i], wi = w ? w[i] : 1.0;
		if (y[i] != 0.0 && y[i] != 1.0)
			return fair_error_set(err, FAIR_EINVAL, "row %zu: the target is %g, not 0 or 1", i + 1, y[i]);
		if (!(s >= 0.0 && s <= 1.0))
			return fair_error_set(err, FAIR_EINVAL, "row %zu: the score %g is not a probability in [0, 1]",
			                      i + 1, s);
		if (group[i] < 0 || (size_t)group[i] >= K)
			return fair_error_set(err, FAIR_EINVAL, "row %zu: group %d out of range", i + 1, (int)group[i]);
		fair_soft_counts *c[2] = { &groups[group[i]], overall };
		for (int k = 0; k < 2; k++) {
			if (y[i] == 1.0) {
				c[k]->gtp += wi * s;
				c[k]->gfn += wi * (1.0 - s);
			} else {
				c[k]->gfp += wi * s;
				c[k]->gtn += wi * (1.0 - s);
			}
		}
	}
	return FAIR_OK;
}
