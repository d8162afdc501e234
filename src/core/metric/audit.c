/* audit.c -- fair_audit(): input checks, the one-pass grouped counting
 * of confusion cells, AUC per group (weighted Mann-Whitney), calibration and
 * pairwise tables, report lifetime. The fairness metrics per convention are
 * in fairness.c, the bootstrap in bootstrap.c, regression in regression.c,
 * the row skip rules and group checks both tasks share in rows.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include "base/base-private.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "metric/metric-private.h"

#define CHUNK ((size_t)1 << 20)   /* rows between progress / cancel checks */

void
fair_audit_opts_init(fair_audit_opts *o)
{
	memset(o, 0, sizeof *o);
	o->convention = FAIR_CONV_STRICT;
	o->bootstrap = 0;
	o->seed = 0;
	o->ci_level = 0.95;
	o->pairs = false;
	o->calib_bins = 10;
	o->threshold = 0.5;
	o->prog = NULL;
	o->rate_ci = FAIR_RATE_CI_WILSON;
	o->min_group = 30;
	o->keep_small = false;
	o->permutations = 10000;
}

static void
figures_release(fair_group_figures *g)
{
	free(g->label);
	g->label = NULL;
}

void
fair_report_free(fair_report *r)
{
	if (r == NULL)
		return;
	if (r->groups != NULL)
		for (size_t k = 0; k < r->K; k++)
			figures_release(&r->groups[k]);
	free(r->groups);
	figures_release(&r->overall);
	figures_release(&r->unpriv);
	free(r->pairs);
	free(r->calib_n);
	free(r->calib_score);
	free(r->calib_rate);
	for (size_t k = 0; k < r->nwarnings; k++)
		free(r->warnings[k]);
	free(r->warnings);
	for (size_t k = 0; k < r->nnotes; k++)
		free(r->notes[k]);
	free(r->notes);
	free(r);
}

static void
figures_init(fair_group_figures *g)
{
	memset(g, 0, sizeof *g);
	for (int k = 0; k < FAIR_FIG_COUNT; k++)
		g->fig[k] = g->ci_low[k] = g->ci_high[k] = NAN;
}

static fair_report *
report_new(const fair_audit_input *in, const fair_audit_opts *o, fair_error *err)
{
	fair_report *r = calloc(1, sizeof *r);
	if (r == NULL)
		goto nomem;
	r->task = in->task;
	r->convention = o->convention;
	r->favorable = in->favorable;
	r->K = in->K;
	r->privileged = in->privileged;
	r->reference = -1;
	r->weighted = in->weight != NULL || (in->cells != NULL && in->cells_w2 != NULL);
	r->has_score = in->score != NULL && in->task == FAIR_TASK_CLASSIFICATION;
	r->ci_level = o->ci_level;
	r->seed = o->seed;
	r->rate_ci = o->rate_ci;
	r->min_group = o->min_group;
	r->keep_small = o->keep_small;
	r->dp_z = r->dp_p_value = NAN;
	r->dp_ga = r->dp_gb = FAIR_GROUP_NONE;
	for (int k = 0; k < FAIR_METRIC_COUNT; k++)
		fair__metric_metric_reset(&r->metrics[k]);
	figures_init(&r->overall);
	figures_init(&r->unpriv);
	r->groups = calloc(in->K, sizeof *r->groups);
	if (r->groups == NULL)
		goto nomem;
	for (size_t k = 0; k < in->K; k++) {
		figures_init(&r->groups[k]);
		const char *l = in->labels != NULL && in->labels[k] != NULL ? in->labels[k] : "";
		if ((r->groups[k].label = strdup(l)) == NULL)
			goto nomem;
	}
	if ((r->overall.label = strdup("overall")) == NULL ||
	    (r->unpriv.label = strdup("unprivileged")) == NULL)
		goto nomem;
	return r;
nomem:
	fair_report_free(r);
	fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
	return NULL;
}

static int
check_input(const fair_audit_input *in, const fair_audit_opts *o, fair_error *err)
{
	if (in != NULL && in->cells != NULL) {
		if (in->task != FAIR_TASK_CLASSIFICATION)
			return fair_error_set(err, FAIR_EINVAL, "audit: counted cells are for classification");
		if (o->bootstrap > 0)
			return fair_error_set(err, FAIR_EINVAL, "the bootstrap resamples rows: it needs the data "
			                      "loaded, not counted");
	} else if (in == NULL || in->y == NULL || in->group == NULL)
		return fair_error_set(err, FAIR_EINVAL, "audit: missing target or group array");
	if (in->task != FAIR_TASK_CLASSIFICATION && in->task != FAIR_TASK_REGRESSION)
		return fair_error_set(err, FAIR_EINVAL, "audit: unknown task %d", in->task);
	if (in->K < 2)
		return fair_error_set(err, FAIR_EINVAL, "the sensitive attribute has one group");
	if (in->cells == NULL && in->yhat == NULL && (in->score == NULL || in->task == FAIR_TASK_REGRESSION))
		return fair_error_set(err, FAIR_EINVAL, "audit: no predictions (give a prediction "
		                      "column, or a score column for classification)");
	if (in->privileged < -1 || (in->privileged >= 0 && (size_t)in->privileged >= in->K))
		return fair_error_set(err, FAIR_EINVAL, "privileged group index %ld is out of "
		                      "range [0, %zu)", in->privileged, in->K);
	if (o->convention < 0 || o->convention >= FAIR_CONV_COUNT)
		return fair_error_set(err, FAIR_EINVAL, "unknown convention %d", o->convention);
	if ((o->convention == FAIR_CONV_AIF360 || o->convention == FAIR_CONV_AIF360_SK) &&
	    in->privileged < 0 && in->task == FAIR_TASK_CLASSIFICATION)
		return fair_error_set(err, FAIR_EINVAL, "convention '%s' needs a privileged group "
		                      "(set privileged=GROUP)", fair_convention_name(o->convention));
	if (!(o->ci_level > 0 && o->ci_level < 1))
		return fair_error_set(err, FAIR_EINVAL, "confidence level %g is not in (0, 1)",
		                      o->ci_level);
	if (o->rate_ci < 0 || o->rate_ci >= FAIR_RATE_CI_COUNT)
		return fair_error_set(err, FAIR_EINVAL, "unknown rate interval %d", o->rate_ci);
	if (o->bootstrap == 1)
		return fair_error_set(err, FAIR_EINVAL, "the bootstrap needs at least 2 resamples");
	if ((o->vs != FAIR_VS_GROUPS || o->agg != FAIR_AGG_MAX) && in->task == FAIR_TASK_CLASSIFICATION &&
	    o->convention != FAIR_CONV_STRICT && o->convention != FAIR_CONV_FAIRLEARN)
		return fair_error_set(err, FAIR_EINVAL, "vs=overall and agg=mean apply to the strict and fairlearn "
		                      "conventions (convention %s compares with its own reference)",
		                      fair_convention_name(o->convention));
	if (o->vs < 0 || o->vs > FAIR_VS_OVERALL || o->agg < 0 || o->agg > FAIR_AGG_MEAN)
		return fair_error_set(err, FAIR_EINVAL, "unknown vs or agg option");
	if (in->cells == NULL && in->yhat == NULL && isnan(o->threshold))
		return fair_error_set(err, FAIR_EINVAL, "audit: threshold is nan");
	return FAIR_OK;
}

/* ------------------------------------------------- classification pass -- */

#define BLOCK 1024   /* weighted rows summed plainly before a compensated add */

/* Adds the block sums to the compensated totals and clears them: blocked
 * summation keeps the error near (BLOCK + n / BLOCK) eps. */
#define NACC 8   /* per group: the four cells' weights, then their squared weights */

static void
flush_block(double *blk, fair__metric_sum *acc, size_t K)
{
	for (size_t j = 0; j < NACC * K; j++) {
		if (blk[j] != 0)
			fair__metric_add(&acc[j], blk[j]);
		blk[j] = 0;
	}
}

/* Counts confusion cells per group: cell = 2 y + yhat (0 tn, 1 fp, 2 fn, 3 tp). */
static int
count_class(const fair_audit_input *in, const fair_audit_opts *o, fair_report *r,
            fair_error *err)
{
	size_t N = fair__metric_nrows(in), K = in->K;
	const double *y = in->y, *w = in->weight;
	const int32_t *grp = in->group;
	double thr = o->threshold;
	int st = FAIR_OK;

	if (in->cells != NULL) {   /* counted elsewhere: the same figures from the cells */
		r->rows_missing_y = in->cells_skipped[0];
		r->rows_missing_yhat = in->cells_skipped[1];
		r->rows_no_group = in->cells_skipped[2];
		for (size_t k = 0; k < K; k++) {
			fair_group_figures *G = &r->groups[k];
			const double *c = &in->cells[4 * k];
			G->tn = c[0];
			G->fp = c[1];
			G->fn = c[2];
			G->tp = c[3];
			G->n = c[0] + c[1] + c[2] + c[3];
			double rows = 0, w2 = 0;
			for (int j = 0; j < 4; j++) {
				G->w2[j] = in->cells_w2 != NULL ? in->cells_w2[4 * k + j] : c[j];
				w2 += G->w2[j];
				rows += in->cells_rows != NULL ? in->cells_rows[4 * k + j] : c[j];
			}
			G->rows = (size_t)rows;
			G->n_eff = in->cells_w2 == NULL ? G->n : w2 > 0 ? G->n * G->n / w2 : 0;
		}
	} else if (w == NULL) {
		size_t *cnt = calloc(4 * K, sizeof *cnt);
		if (cnt == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
		/* counted already, with every row a plain one (audit-shared.c) */
		bool counted = in->counted != NULL && in->yhat != NULL;
		if (counted) {
			memcpy(cnt, in->counted, 4 * K * sizeof *cnt);
			fair_progress_set(o->prog, N, N, NAN, NAN);
		}
		for (size_t i0 = 0; i0 < N && st == FAIR_OK && !counted; i0 += CHUNK) {
			size_t i1 = i0 + CHUNK < N ? i0 + CHUNK : N;
			if (fair_progress_cancelled(o->prog)) {
				st = fair_error_set(err, FAIR_ECANCELED, "audit: cancelled");
				break;
			}
			if (in->rows == NULL && in->yhat != NULL) {
				/* the common case, kept branch-light: arrays indexed directly */
				const double *yh = in->yhat;
				size_t i = i0;
				for (; i < i1; i++) {
					int32_t g = grp[i];
					double yv = y[i], pv = yh[i];
					unsigned cy = yv == 1.0, cp = pv == 1.0;
					unsigned ok = (cy | (yv == 0.0)) & (cp | (pv == 0.0)) &
					              ((size_t)(uint32_t)g < K);
					if (FAIR_LIKELY(ok)) {
						cnt[(size_t)g * 4 + 2 * cy + cp]++;
						continue;
					}
					if (fair__metric_row_check_values(in, r, i, g, yv, pv, err) < 0) {
						st = err != NULL ? err->code : FAIR_EINVAL;
						break;
					}
				}
				fair_progress_set(o->prog, i1, N, NAN, NAN);
				continue;
			}
			for (size_t i = i0; i < i1; i++) {
				size_t row = fair__metric_row(in, i);
				int32_t g;
				double yv, pv;
				if (row < in->n) {
					g = grp[row];
					yv = y[row];
					pv = fair__metric_pred(in, thr, row);
					unsigned cy = yv == 1.0, cp = pv == 1.0;
					unsigned ok = (cy | (yv == 0.0)) & (cp | (pv == 0.0)) &
					              (g >= 0) & ((size_t)(uint32_t)g < K);
					if (ok) {
						cnt[(size_t)g * 4 + 2 * cy + cp]++;
						continue;
					}
				} else {
					g = 0;
					yv = pv = 0;
				}
				int c = fair__metric_row_check_values(in, r, row, g, yv, pv, err);
				if (c < 0) {
					st = err != NULL ? err->code : FAIR_EINVAL;
					break;
				}
			}
			fair_progress_set(o->prog, i1, N, NAN, NAN);
		}
		for (size_t k = 0; k < K; k++) {
			fair_group_figures *G = &r->groups[k];
			G->tn = (double)cnt[4 * k];
			G->fp = (double)cnt[4 * k + 1];
			G->fn = (double)cnt[4 * k + 2];
			G->tp = (double)cnt[4 * k + 3];
			for (int c = 0; c < 4; c++)
				G->w2[c] = (double)cnt[4 * k + c];
			G->rows = cnt[4 * k] + cnt[4 * k + 1] + cnt[4 * k + 2] + cnt[4 * k + 3];
			G->n = (double)G->rows;
			G->n_eff = G->n;
		}
		free(cnt);
	} else {
		fair__metric_sum *acc = calloc(NACC * K, sizeof *acc);
		double *blk = calloc(NACC * K, sizeof *blk);
		size_t *rows = calloc(K, sizeof *rows), inblk = 0;
		if (acc == NULL || rows == NULL || blk == NULL) {
			free(acc);
			free(blk);
			free(rows);
			return fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
		}
		for (size_t i0 = 0; i0 < N && st == FAIR_OK; i0 += CHUNK) {
			size_t i1 = i0 + CHUNK < N ? i0 + CHUNK : N;
			if (fair_progress_cancelled(o->prog)) {
				st = fair_error_set(err, FAIR_ECANCELED, "audit: cancelled");
				break;
			}
			for (size_t i = i0; i < i1; i++) {
				size_t row = fair__metric_row(in, i);
				int32_t g = 0;
				double yv = 0, pv = 0, wv = 0;
				unsigned ok = 0;
				if (row < in->n) {
					g = grp[row];
					yv = y[row];
					pv = fair__metric_pred(in, thr, row);
					wv = w[row];
					ok = ((yv == 1.0) | (yv == 0.0)) & ((pv == 1.0) | (pv == 0.0)) &
					     ((size_t)(uint32_t)g < K) & (wv >= 0) & (wv < INFINITY);
				}
				if (!ok) {
					int c = fair__metric_row_check_values(in, r, row, g, yv, pv, err);
					if (c < 0) {
						st = err != NULL ? err->code : FAIR_EINVAL;
						break;
					}
					if (c > 0)
						continue;
				}
				double *b = &blk[(size_t)g * NACC];
				unsigned cell = 2 * (yv == 1.0) + (pv == 1.0);
				b[cell] += wv;
				b[4 + cell] += wv * wv;
				rows[g]++;
				if (++inblk == BLOCK) {
					flush_block(blk, acc, K);
					inblk = 0;
				}
			}
			flush_block(blk, acc, K);
			inblk = 0;
			fair_progress_set(o->prog, i1, N, NAN, NAN);
		}
		for (size_t k = 0; k < K; k++) {
			fair_group_figures *G = &r->groups[k];
			fair__metric_sum *a = &acc[NACC * k];
			G->tn = fair__metric_total(&a[0]);
			G->fp = fair__metric_total(&a[1]);
			G->fn = fair__metric_total(&a[2]);
			G->tp = fair__metric_total(&a[3]);
			G->n = G->tn + G->fp + G->fn + G->tp;
			for (int c = 0; c < 4; c++)
				G->w2[c] = fair__metric_total(&a[4 + c]);
			double w2 = G->w2[0] + G->w2[1] + G->w2[2] + G->w2[3];
			G->n_eff = w2 > 0 ? G->n * G->n / w2 : 0;
			G->rows = rows[k];
		}
		free(acc);
		free(blk);
		free(rows);
	}
	if (st != FAIR_OK)
		return st;
	for (size_t k = 0; k < K; k++) {
		fair_group_figures *G = &r->groups[k];
		G->pos = G->tp + G->fn;
		G->neg = G->tn + G->fp;
	}
	return FAIR_OK;
}

/* ----------------------------------------------------------------- AUC -- */

typedef struct auc_item {
	double s, w;
	int32_t g;
	int32_t y;
} auc_item;

static int
cmp_item(const void *a, const void *b)
{
	double x = ((const auc_item *)a)->s, z = ((const auc_item *)b)->s;
	return (x > z) - (x < z);
}

/* Weighted Mann-Whitney AUC per group and overall (row K), and the
 * calibration table, from the rows with a finite score. */
static int
auc_calib(const fair_audit_input *in, const fair_audit_opts *o, fair_report *r,
          fair_error *err)
{
	size_t N = fair__metric_nrows(in), K = in->K, m = 0, nbad = 0;
	auc_item *it = NULL;
	double *acc = NULL;   /* per row g in 0..K: P, N, num, negbelow, bpos, bneg */
	size_t *touched = NULL;
	bool in01 = true;
	int st = FAIR_OK;

	it = malloc((N > 0 ? N : 1) * sizeof *it);
	acc = calloc(6 * (K + 1), sizeof *acc);
	touched = malloc((K + 1) * sizeof *touched);
	if (it == NULL || acc == NULL || touched == NULL) {
		st = fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
		goto out;
	}
	for (size_t i = 0; i < N; i++) {
		size_t row = fair__metric_row(in, i);
		int32_t g = in->group[row];
		if (g < 0 || isnan(in->y[row]) || isnan(fair__metric_pred(in, o->threshold, row)))
			continue;
		double s = in->score[row];
		if (!isfinite(s)) {
			nbad++;
			continue;
		}
		if (s < 0 || s > 1)
			in01 = false;
		it[m].s = s;
		it[m].w = in->weight != NULL ? in->weight[row] : 1.0;
		it[m].g = g;
		it[m].y = in->y[row] == 1.0;
		r->groups[g].score_rows++;
		m++;
	}
	r->overall.score_rows = m;
	if (nbad > 0)
		fair__metric_warn(r, "%zu rows have no finite score: left out of AUC and calibration", nbad);
	qsort(it, m, sizeof *it, cmp_item);
	for (size_t i0 = 0; i0 < m;) {
		size_t i1 = i0, nt = 0;
		while (i1 < m && it[i1].s == it[i0].s)
			i1++;
		for (size_t i = i0; i < i1; i++) {
			size_t idx[2] = { (size_t)it[i].g, K };
			for (int j = 0; j < 2; j++) {
				double *a = &acc[6 * idx[j]];
				if (a[4] == 0 && a[5] == 0 && !(it[i].w == 0))
					touched[nt++] = idx[j];
				a[it[i].y ? 4 : 5] += it[i].w;
			}
		}
		for (size_t t = 0; t < nt; t++) {
			double *a = &acc[6 * touched[t]];
			a[2] += a[4] * (a[3] + 0.5 * a[5]);
			a[3] += a[5];
			a[0] += a[4];
			a[1] += a[5];
			a[4] = a[5] = 0;
		}
		i0 = i1;
	}
	for (size_t k = 0; k <= K; k++) {
		fair_group_figures *G = k < K ? &r->groups[k] : &r->overall;
		double *a = &acc[6 * k];
		if (a[0] > 0 && a[1] > 0) {
			G->fig[FAIR_FIG_AUC] = a[2] / (a[0] * a[1]);
		} else {
			G->fig[FAIR_FIG_AUC] = NAN;
			if (G->rows > 0)
				fair__metric_warn(r, "%s '%s' has only one class among scored rows: AUC undefined",
				             k < K ? "group" : "rows", G->label);
		}
	}

	/* calibration */
	if (o->calib_bins > 0 && m > 0) {
		size_t B = o->calib_bins, cells = (K + 1) * B;
		if (!in01) {
			fair__metric_warn(r, "scores outside [0, 1]: no calibration table");
			goto out;
		}
		r->calib_n = calloc(cells, sizeof *r->calib_n);
		r->calib_score = calloc(cells, sizeof *r->calib_score);
		r->calib_rate = calloc(cells, sizeof *r->calib_rate);
		if (r->calib_n == NULL || r->calib_score == NULL || r->calib_rate == NULL) {
			st = fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
			goto out;
		}
		r->calib_bins = B;
		for (size_t i = 0; i < m; i++) {
			size_t b = (size_t)(it[i].s * (double)B);
			if (b >= B)
				b = B - 1;
			size_t c[2] = { (size_t)it[i].g * B + b, K * B + b };
			for (int j = 0; j < 2; j++) {
				r->calib_n[c[j]] += it[i].w;
				r->calib_score[c[j]] += it[i].w * it[i].s;
				r->calib_rate[c[j]] += it[i].w * it[i].y;
			}
		}
		for (size_t c = 0; c < cells; c++) {
			double n = r->calib_n[c];
			r->calib_score[c] = n > 0 ? r->calib_score[c] / n : NAN;
			r->calib_rate[c] = n > 0 ? r->calib_rate[c] / n : NAN;
		}
	}
out:
	free(it);
	free(acc);
	free(touched);
	return st;
}

/* ------------------------------------------------------------- driver -- */

static const fair_group_figures *
report_group(const fair_report *r, long g)
{
	if (g == FAIR_GROUP_UNPRIV)
		return r->has_unpriv ? &r->unpriv : NULL;
	if (g < 0 || (size_t)g >= r->K)
		return NULL;
	return &r->groups[g];
}

static void
dp_test(fair_report *r)
{
	long a, b;
	switch (r->convention) {
	case FAIR_CONV_AIF360:
	case FAIR_CONV_AIF360_SK:
		a = FAIR_GROUP_UNPRIV;
		b = r->privileged;
		break;
	case FAIR_CONV_AEQUITAS:
		a = r->metrics[FAIR_M_DI].ga;
		b = r->metrics[FAIR_M_DI].gb;
		break;
	default:
		a = r->metrics[FAIR_M_DP_DIFF].ga;
		b = r->metrics[FAIR_M_DP_DIFF].gb;
		break;
	}
	const fair_group_figures *A = report_group(r, a), *B = report_group(r, b);
	r->dp_ga = a;
	r->dp_gb = b;
	if (A == NULL || B == NULL)
		return;
	r->dp_p_value = fair_ztest_2prop(A->fig[FAIR_FIG_SELECTION_RATE], A->n_eff,
	                              B->fig[FAIR_FIG_SELECTION_RATE], B->n_eff, &r->dp_z);
}

static int
pairs_table(fair_report *r, fair_error *err)
{
	size_t K = r->K, np = K * (K - 1) / 2, p = 0;
	r->pairs = calloc(np, sizeof *r->pairs);
	if (r->pairs == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "audit: out of memory");
	for (size_t a = 0; a < K; a++) {
		for (size_t b = a + 1; b < K; b++, p++) {
			const fair_group_figures *A = &r->groups[a], *B = &r->groups[b];
			fair_pair_row *q = &r->pairs[p];
			double z;
			q->a = a;
			q->b = b;
			if (r->task == FAIR_TASK_REGRESSION) {
				q->d_selection_rate = A->fig[FAIR_FIG_MEAN_PREDICTION] -
				                      B->fig[FAIR_FIG_MEAN_PREDICTION];
				q->d_tpr = q->d_fpr = q->p_value = NAN;
				continue;
			}
			q->d_selection_rate = A->fig[FAIR_FIG_SELECTION_RATE] -
			                      B->fig[FAIR_FIG_SELECTION_RATE];
			q->d_tpr = A->fig[FAIR_FIG_TPR] - B->fig[FAIR_FIG_TPR];
			q->d_fpr = A->fig[FAIR_FIG_FPR] - B->fig[FAIR_FIG_FPR];
			q->p_value = fair_ztest_2prop(A->fig[FAIR_FIG_SELECTION_RATE], A->n_eff,
			                           B->fig[FAIR_FIG_SELECTION_RATE], B->n_eff, &z);
		}
	}
	r->npairs = np;
	if (r->task == FAIR_TASK_CLASSIFICATION)
		return fair__metric_pairs_class(r, err);
	return FAIR_OK;
}

static int
audit_class(const fair_audit_input *in, const fair_audit_opts *o, fair_report *r,
            fair_error *err)
{
	int st;
	size_t K = in->K;
	fair_group_figures *ov = &r->overall;
	double total_pp = 0, w2 = 0;

	if ((st = count_class(in, o, r, err)) != FAIR_OK)
		return st;
	if ((st = fair__metric_check_groups(r, err)) != FAIR_OK)
		return st;
	if (r->has_score && (st = auc_calib(in, o, r, err)) != FAIR_OK)
		return st;

	ov->rows = 0;
	ov->n = ov->tp = ov->fp = ov->tn = ov->fn = 0;
	memset(ov->w2, 0, sizeof ov->w2);
	for (size_t k = 0; k < K; k++) {
		fair_group_figures *G = &r->groups[k];
		ov->rows += G->rows;
		ov->n += G->n;
		ov->tp += G->tp;
		ov->fp += G->fp;
		ov->tn += G->tn;
		ov->fn += G->fn;
		for (int c = 0; c < 4; c++)
			ov->w2[c] += G->w2[c];
		if (G->n_eff > 0)
			w2 += G->n * G->n / G->n_eff;
		total_pp += G->tp + G->fp;
	}
	ov->pos = ov->tp + ov->fn;
	ov->neg = ov->tn + ov->fp;
	ov->n_eff = w2 > 0 ? ov->n * ov->n / w2 : 0;
	for (size_t k = 0; k < K; k++)
		fair__metric_class_figures(&r->groups[k], o->convention, total_pp);
	fair__metric_class_figures(ov, o->convention, total_pp);

	if (o->convention == FAIR_CONV_AEQUITAS) {
		r->reference = in->privileged;
		if (r->reference < 0) {
			for (size_t k = 0; k < K; k++)
				if (r->reference < 0 || r->groups[k].n > r->groups[r->reference].n)
					r->reference = (long)k;
		}
	}
	if (o->convention == FAIR_CONV_AIF360 || o->convention == FAIR_CONV_AIF360_SK) {
		fair__metric_pool_unpriv(r->groups, K, in->privileged, &r->unpriv);
		r->unpriv.fig[FAIR_FIG_AUC] = NAN;
		fair__metric_class_figures(&r->unpriv, o->convention, total_pp);
		r->has_unpriv = true;
	}
	/* a target with one class among the audited rows: one warning instead
	 * of one per group and per metric; the verdicts say why they are n/a */
	r->one_class = !(ov->pos > 0) ? 1 : !(ov->neg > 0) ? -1 : 0;
	if (r->one_class)
		fair__metric_warn(r, "the audited rows have no %s: %s %s",
		                  r->one_class > 0 ? "positives" : "negatives",
		                  r->one_class > 0 ? "TPR and FNR" : "FPR and TNR",
		                  o->convention == FAIR_CONV_FAIRLEARN || o->convention == FAIR_CONV_AIF360_SK
		                  ? "are set to 0 by this convention, and the metrics that compare them compare zeros"
		                  : "are undefined, and so are the metrics that compare them");
	for (size_t k = 0; k < K; k++)
		fair__metric_group_warnings(r, &r->groups[k], o->convention);
	if (r->has_unpriv)
		fair__metric_group_warnings(r, &r->unpriv, o->convention);

	fair__metric_ctx c = {
		.conv = o->convention, .task = in->task, .K = K, .priv = in->privileged,
		.ref = r->reference, .g = r->groups, .unpriv = r->has_unpriv ? &r->unpriv : NULL,
		.warn = r->one_class ? NULL : r,
		.min_size = o->keep_small ? 0 : (double)o->min_group,
	};
	fair__metric_class_metrics(&c, r->metrics);
	dp_test(r);
	if ((st = fair__metric_assess_class(in, o, r, err)) != FAIR_OK)
		return st;
	if (o->bootstrap > 0 && (st = fair__metric_boot_class(in, o, r, err)) != FAIR_OK)
		return st;
	fair__metric_vs_overall(r, o->vs, o->agg);
	fair__metric_verdicts3(r);
	return FAIR_OK;
}

fair_report *
fair_audit(const fair_audit_input *in, const fair_audit_opts *opts, fair_error *err)
{
	fair_audit_opts def;
	fair_report *r;
	int st;

	if (opts == NULL) {
		fair_audit_opts_init(&def);
		opts = &def;
	}
	if (check_input(in, opts, err) != FAIR_OK)
		return NULL;
	if ((r = report_new(in, opts, err)) == NULL)
		return NULL;
	if (in->task == FAIR_TASK_CLASSIFICATION)
		st = audit_class(in, opts, r, err);
	else
		st = fair__metric_regression(in, opts, r, err);

	if (st == FAIR_OK && opts->pairs)
		st = pairs_table(r, err);
	if (st != FAIR_OK) {
		fair_report_free(r);
		return NULL;
	}
	if (in->task == FAIR_TASK_CLASSIFICATION)
		r->bootstrap = opts->bootstrap;   /* regression: what it used (regression.c) */
	return r;
}
