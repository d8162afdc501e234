/* rows.c -- what both audits (classification in audit.c, regression in
 * regression.c) and the bootstrap share about rows and groups: the skip
 * rules and checks of one row, the audited rows of each group, the group
 * checks after counting, and the report's warnings. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metric/metric-private.h"

int
fair__metric_warn(fair_report *r, const char *fmt, ...)
{
	fair_buf b = FAIR_BUF_INIT;
	va_list ap;
	char *s, **v;
	int st;

	if (r == NULL)
		return 0;
	va_start(ap, fmt);
	{
		char tmp[1024];
		vsnprintf(tmp, sizeof tmp, fmt, ap);
		st = fair_buf_puts(&b, tmp);
	}
	va_end(ap);
	if (st != 0) {
		fair_buf_release(&b);
		return -1;
	}
	s = fair_buf_detach(&b);
	for (size_t k = 0; k < r->nwarnings; k++) {
		if (strcmp(r->warnings[k], s) == 0) {   /* say it once */
			free(s);
			return 0;
		}
	}
	v = realloc(r->warnings, (r->nwarnings + 1) * sizeof *v);
	if (v == NULL) {
		free(s);
		return -1;
	}
	r->warnings = v;
	r->warnings[r->nwarnings++] = s;
	return 0;
}

/* The slow path of one row: skip (returns 1), use (0) or error (-1). */
int
fair__metric_row_check_values(const fair_audit_input *in, fair_report *r, size_t row, int32_t g, double yv,
                              double pv, fair_error *err)
{
	if (row >= in->n) {
		fair_error_set(err, FAIR_EINVAL, "audit: row index %zu is out of range (%zu rows)",
		               row, in->n);
		return -1;
	}
	if (g == -1) {
		r->rows_no_group++;
		return 1;
	}
	if (g < -1 || (size_t)g >= in->K) {
		fair_error_set(err, FAIR_EINVAL, "group index %d in row %zu is out of range [0, %zu)",
		               (int)g, row + 1, in->K);
		return -1;
	}
	if (isnan(yv)) {
		r->rows_missing_y++;
		return 1;
	}
	if (in->task == FAIR_TASK_CLASSIFICATION && yv != 0.0 && yv != 1.0) {
		fair_error_set(err, FAIR_EINVAL, "target in row %zu is %g; expected 0 or 1 for "
		               "classification", row + 1, yv);
		return -1;
	}
	if (isnan(pv)) {
		r->rows_missing_yhat++;
		return 1;
	}
	if (in->task == FAIR_TASK_CLASSIFICATION && pv != 0.0 && pv != 1.0) {
		fair_error_set(err, FAIR_EINVAL, "prediction in row %zu is %g; expected 0 or 1 "
		               "(give probabilities as a score column instead)", row + 1, pv);
		return -1;
	}
	if (in->task == FAIR_TASK_REGRESSION && (isinf(yv) || isinf(pv))) {
		fair_error_set(err, FAIR_EINVAL, "%s in row %zu is infinite",
		               isinf(yv) ? "target" : "prediction", row + 1);
		return -1;
	}
	if (in->weight != NULL) {
		double w = in->weight[row];
		if (!(w >= 0) || isinf(w)) {
			fair_error_set(err, FAIR_EINVAL, "weight in row %zu is %g; expected a finite "
			               "number >= 0", row + 1, w);
			return -1;
		}
	}
	return 0;
}

int
fair__metric_group_rows(const fair_audit_input *in, double thr, size_t **offp, size_t **idxp,
                   fair_error *err)
{
	size_t N = fair__metric_nrows(in), K = in->K;
	size_t *off = calloc(K + 1, sizeof *off), *pos = NULL, *idx = NULL;
	if (off == NULL)
		goto nomem;
	/* rows were validated by the counting pass: only the skip rules apply */
	for (size_t i = 0; i < N; i++) {
		size_t r = fair__metric_row(in, i);
		int32_t g = in->group[r];
		if (g < 0 || isnan(in->y[r]) || isnan(fair__metric_pred(in, thr, r)))
			continue;
		off[g + 1]++;
	}
	for (size_t k = 0; k < K; k++)
		off[k + 1] += off[k];
	pos = malloc((K + 1) * sizeof *pos);
	idx = malloc((off[K] > 0 ? off[K] : 1) * sizeof *idx);
	if (pos == NULL || idx == NULL)
		goto nomem;
	memcpy(pos, off, (K + 1) * sizeof *pos);
	for (size_t i = 0; i < N; i++) {
		size_t r = fair__metric_row(in, i);
		int32_t g = in->group[r];
		if (g < 0 || isnan(in->y[r]) || isnan(fair__metric_pred(in, thr, r)))
			continue;
		idx[pos[g]++] = r;
	}
	free(pos);
	*offp = off;
	*idxp = idx;
	return FAIR_OK;
nomem:
	free(off);
	free(pos);
	free(idx);
	return fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
}

/* Group-size checks and warnings shared by both tasks. */
int
fair__metric_check_groups(fair_report *r, fair_error *err)
{
	size_t nonempty = 0;
	long last = -1;
	r->rows_used = 0;
	for (size_t k = 0; k < r->K; k++) {
		r->rows_used += r->groups[k].rows;
		if (r->groups[k].n > 0) {
			nonempty++;
			last = (long)k;
		}
	}
	if (r->rows_used == 0)
		return fair_error_set(err, FAIR_EUNDEF, "no rows to audit (every row has a missing "
		                      "target, prediction or group)");
	if (nonempty < 2)
		return fair_error_set(err, FAIR_EINVAL, "the sensitive attribute has one group "
		                      "among the audited rows ('%s')", r->groups[last].label);
	if (r->rows_missing_y > 0)
		fair__metric_warn(r, "%zu rows with a missing target skipped", r->rows_missing_y);
	if (r->rows_missing_yhat > 0)
		fair__metric_warn(r, "%zu rows with a missing prediction skipped", r->rows_missing_yhat);
	if (r->rows_no_group > 0)
		fair__metric_warn(r, "%zu rows with a missing group skipped", r->rows_no_group);
	for (size_t k = 0; k < r->K; k++)
		if (!(r->groups[k].n > 0))
			fair__metric_warn(r, "group '%s' has no rows among the audited rows%s: excluded",
			             r->groups[k].label, r->groups[k].rows > 0 ? " (all weights 0)" : "");
	if (r->privileged >= 0 && !(r->groups[r->privileged].n > 0))
		fair__metric_warn(r, "privileged group '%s' has no rows among the audited rows",
		             r->groups[r->privileged].label);
	return FAIR_OK;
}

int
fair__metric_row_check(const fair_audit_input *in, fair_report *r, size_t row, fair_error *err)
{
	if (row >= in->n)
		return fair__metric_row_check_values(in, r, row, 0, 0, 0, err);
	return fair__metric_row_check_values(in, r, row, in->group[row], in->y[row], in->yhat[row], err);
}
