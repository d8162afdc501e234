/* audit-shared.c -- the confusion cells of several decision arrays over the
 * same rows in one pass (fair_audit_count_shared): `compare` of several
 * models reads each row's group and target once, and each model's audit
 * then takes its cells (fair_audit_input.counted) instead of a pass of its
 * own. */
/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base-private.h"
#include "metric/metric-private.h"

#define CHUNK ((size_t)1 << 20)   /* rows between progress / cancel checks */

int
fair_audit_count_shared(const fair_audit_input *in, const double *const *yhat, size_t m,
                        size_t *const *cnt, bool *ok, fair_progress *prog, fair_error *err)
{
	if (in == NULL || in->y == NULL || in->group == NULL || in->cells != NULL)
		return fair_error_set(err, FAIR_EINVAL, "audit: counting needs the rows' target and groups");
	if (in->task != FAIR_TASK_CLASSIFICATION || in->weight != NULL)
		return fair_error_set(err, FAIR_EINVAL, "audit: shared counting is for unweighted classification");
	const size_t N = fair__metric_nrows(in), K = in->K, n = in->n;
	const size_t *rows = in->rows;
	const double *y = in->y;
	const int32_t *grp = in->group;
	for (size_t q = 0; q < m; q++) {
		if (yhat[q] == NULL)
			return fair_error_set(err, FAIR_EINVAL, "audit: decision array %zu is missing", q);
		memset(cnt[q], 0, 4 * K * sizeof *cnt[q]);
		ok[q] = true;
	}
	for (size_t i0 = 0; i0 < N; i0 += CHUNK) {
		size_t i1 = i0 + CHUNK < N ? i0 + CHUNK : N;
		if (fair_progress_cancelled(prog))
			return fair_error_set(err, FAIR_ECANCELED, "audit: cancelled");
		for (size_t i = i0; i < i1; i++) {
			size_t row = rows != NULL ? rows[i] : i;
			if (row >= n)
				return fair_error_set(err, FAIR_EINVAL, "audit: row %zu is out of range", row + 1);
			int32_t g = grp[row];
			double yv = y[row];
			unsigned cy = yv == 1.0;
			unsigned gy = (cy | (yv == 0.0)) & ((size_t)(uint32_t)g < K);
			size_t base = gy ? (size_t)g * 4 + 2 * cy : 0;
			for (size_t q = 0; q < m; q++) {
				double pv = yhat[q][row];
				unsigned cp = pv == 1.0;
				if (FAIR_LIKELY(gy & (cp | (pv == 0.0))))
					cnt[q][base + cp]++;
				else
					ok[q] = false;
			}
		}
		fair_progress_set(prog, i1, N, NAN, NAN);
	}
	return FAIR_OK;
}
