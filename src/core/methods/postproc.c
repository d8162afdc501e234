/* postproc.c -- AIF360's post-processors on a score and the groups:
 * equalized-odds post-processing (Hardt et al. 2016, the randomised
 * mixing of EqOddsPostprocessing), calibrated equalized odds (Pleiss et
 * al. 2017, CalibratedEqOddsPostprocessing) and reject-option
 * classification (Kamiran et al. 2012, RejectOptionClassification).
 * See methods-private.h and doc/methods.md 8.6-8.8. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "methods/methods-private.h"
#include "fairsh/param.h"

struct fair_post {
	int     kind;          /* enum fair_post_kind                           */
	size_t  K;
	double  cut;           /* the score's decision threshold (eqodds, caleqodds) */
	/* eqodds: P(yhat = 1 | base decision 1 / 0) per group */
	double *p_pos, *p_neg;
	/* caleqodds: mixing rate, base rate and cost per group */
	int     cost;
	double *mix, *base_rate, *gcost;
	/* roc: the threshold, the margin, the privileged group */
	fair_roc_opts roc;
	double  thr, margin, metric_value, balanced;
	long    priv;
	bool    satisfied;
};

static fair_post *
post_new(int kind, size_t K, fair_error *err)
{
	fair_post *p = calloc(1, sizeof *p);

	if (p == NULL || (p->p_pos = calloc(K + 1, sizeof *p->p_pos)) == NULL ||
	    (p->p_neg = calloc(K + 1, sizeof *p->p_neg)) == NULL || (p->mix = calloc(K + 1, sizeof *p->mix)) == NULL ||
	    (p->base_rate = calloc(K + 1, sizeof *p->base_rate)) == NULL ||
	    (p->gcost = calloc(K + 1, sizeof *p->gcost)) == NULL) {
		fair_post_free(p);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	p->kind = kind;
	p->K = K;
	p->priv = -1;
	return p;
}

void
fair_post_free(fair_post *p)
{
	if (p == NULL)
		return;
	free(p->p_pos);
	free(p->p_neg);
	free(p->mix);
	free(p->base_rate);
	free(p->gcost);
	free(p);
}

static const char *
glabel(const char *const *labels, size_t g, char *buf, size_t size)
{
	if (labels && labels[g])
		return labels[g];
	snprintf(buf, size, "%zu", g);
	return buf;
}

/* Checks labels, groups and scores; counts rows, positives per group. */
static int
check_rows(const char *what, const double *score, const double *y, const int32_t *group, size_t n, size_t K,
           double *cnt, double *pos, fair_error *err)
{
	for (size_t g = 0; g < K; g++)
		cnt[g] = pos[g] = 0;
	for (size_t i = 0; i < n; i++) {
		if (group[i] < 0)
			continue;
		if ((size_t)group[i] >= K)
			return fair_error_set(err, FAIR_EINVAL, "%s: group code %d in row %zu is out of range (K = %zu)", what,
			                      (int)group[i], i, K);
		if (y[i] != 0.0 && y[i] != 1.0)
			return fair_error_set(err, FAIR_EINVAL, "%s needs labels 0 or 1; row %zu has %g", what, i, y[i]);
		if (!isfinite(score[i]))
			return fair_error_set(err, FAIR_EINVAL, "%s: score in row %zu is missing or infinite", what, i);
		cnt[group[i]] += 1;
		pos[group[i]] += y[i];
	}
	return FAIR_OK;
}

/* ---- equalized-odds post-processing --------------------------------------- */

fair_post *
fair_eqodds_fit(const double *score, double cut, const double *y, const int32_t *group, size_t n, size_t K,
                const char *const *labels, fair_error *err)
{
	double *pred = malloc((n + 1) * sizeof *pred);
	fair_thresh_opts o;
	fair_thresh *t = NULL;
	fair_post *p = NULL;

	if (pred == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		pred[i] = isfinite(score[i]) ? (score[i] > cut ? 1.0 : 0.0) : score[i];
	/* the LP over each group's parallelogram spanned by its base decision
	 * and the flipped decision: the threshold optimiser on the 0/1
	 * decision with flips, equalized odds, balanced accuracy (the sum over
	 * groups of TPR - FPR that AIF360's linear program maximises) */
	fair_thresh_opts_init(&o);
	o.constraint = FAIR_CONSTRAINT_EODDS;
	o.objective = FAIR_OBJECTIVE_BALANCED;
	o.flip = true;
	t = fair_thresh_fit_opts(pred, y, group, n, K, &o, labels, err);
	free(pred);
	if (t == NULL)
		return NULL;
	if ((p = post_new(FAIR_POST_EQODDS, K, err)) == NULL) {
		fair_thresh_free(t);
		return NULL;
	}
	p->cut = cut;
	p->balanced = fair_thresh_objective(t);
	for (size_t g = 0; g < K; g++) {
		/* rounding in the mixture leaves ~1e-17 where the LP has 0 or 1 */
		double a = fair_thresh_prob(t, 1.0, (int32_t)g), b = fair_thresh_prob(t, 0.0, (int32_t)g);
		p->p_pos[g] = fabs(a) < 1e-12 ? 0 : fabs(1 - a) < 1e-12 ? 1 : a;
		p->p_neg[g] = fabs(b) < 1e-12 ? 0 : fabs(1 - b) < 1e-12 ? 1 : b;
	}
	fair_thresh_free(t);
	return p;
}

/* ---- calibrated equalized odds --------------------------------------------- */

/* The cost of a group: generalised FPR (mean score over negatives),
 * generalised FNR (mean 1 - score over positives) or AIF360's weighted sum
 * GFPR (1 - br) / 2 + GFNR br / 2. */
static double
cal_cost(int cost, double gfpr, double gfnr, double br)
{
	switch (cost) {
	case FAIR_CAL_FPR: return gfpr;
	case FAIR_CAL_FNR: return gfnr;
	default: return 0.5 * gfpr * (1 - br) + 0.5 * gfnr * br;
	}
}

fair_post *
fair_caleqodds_fit(const double *score, const double *y, const int32_t *group, size_t n, size_t K, int cost,
                   const char *const *labels, fair_error *err)
{
	double *cnt = calloc(K + 1, sizeof *cnt), *pos = calloc(K + 1, sizeof *pos);
	double *sneg = calloc(K + 1, sizeof *sneg), *spos = calloc(K + 1, sizeof *spos);
	fair_post *p = NULL;
	char b[32];
	size_t worst = 0;

	if (!cnt || !pos || !sneg || !spos) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	if (cost != FAIR_CAL_FNR && cost != FAIR_CAL_FPR && cost != FAIR_CAL_WEIGHTED) {
		fair_error_set(err, FAIR_EINVAL, "calibrated equalized odds: unknown cost %d", cost);
		goto out;
	}
	if (check_rows("calibrated equalized odds", score, y, group, n, K, cnt, pos, err))
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (group[i] < 0)
			continue;
		if (score[i] < 0 || score[i] > 1) {
			fair_error_set(err, FAIR_EINVAL, "calibrated equalized odds needs probabilities; row %zu has score %g", i, score[i]);
			goto out;
		}
		if (y[i] == 1.0)
			spos[group[i]] += 1 - score[i];
		else
			sneg[group[i]] += score[i];
	}
	if ((p = post_new(FAIR_POST_CALEQODDS, K, err)) == NULL)
		goto out;
	p->cost = cost;
	p->cut = 0.5;
	for (size_t g = 0; g < K; g++) {
		if (cnt[g] == 0) {
			p->base_rate[g] = p->gcost[g] = p->mix[g] = NAN;
			continue;
		}
		if ((cost != FAIR_CAL_FPR && pos[g] == 0) || (cost != FAIR_CAL_FNR && pos[g] == cnt[g])) {
			fair_error_set(err, FAIR_EUNDEF, "group '%s' has no %s training rows; calibrated equalized odds "
			               "(cost=%s) needs them", glabel(labels, g, b, sizeof b), pos[g] == 0 ? "positive" : "negative",
			               cost == FAIR_CAL_FPR ? "fpr" : cost == FAIR_CAL_FNR ? "fnr" : "weighted");
			fair_post_free(p);
			p = NULL;
			goto out;
		}
		double br = pos[g] / cnt[g];
		double gfpr = cnt[g] > pos[g] ? sneg[g] / (cnt[g] - pos[g]) : 0, gfnr = pos[g] > 0 ? spos[g] / pos[g] : 0;
		p->base_rate[g] = br;
		p->gcost[g] = cal_cost(cost, gfpr, gfnr, br);
		if (isnan(p->gcost[worst]) || p->gcost[g] > p->gcost[worst])
			worst = g;
	}
	/* every group but the costliest mixes in its trivial classifier (the
	 * base rate, cost: 1 - br for fnr, br for fpr, br (1 - br) weighted) until
	 * its cost reaches the costliest group's */
	for (size_t g = 0; g < K; g++) {
		if (cnt[g] == 0)
			continue;
		double br = p->base_rate[g], triv = cal_cost(cost, br, 1 - br, br);
		double d = triv - p->gcost[g];
		p->mix[g] = g == worst || !(d > 0) ? 0 : (p->gcost[worst] - p->gcost[g]) / d;
		if (p->mix[g] > 1)
			p->mix[g] = 1;   /* the trivial classifier costs less than the target */
	}
out:
	free(cnt);
	free(pos);
	free(sneg);
	free(spos);
	return p;
}

/* ---- reject-option classification ----------------------------------------- */

void
fair_roc_opts_init(fair_roc_opts *o)
{
	o->metric = FAIR_ROC_SPD;
	o->lb = -0.05;
	o->ub = 0.05;
	o->low = 0.01;
	o->high = 0.99;
	o->nthresh = 100;
	o->nmargin = 50;
}

/* numpy's linspace(lo, hi, num), element k */
static double
linspace_at(double lo, double hi, size_t num, size_t k)
{
	if (num == 1)
		return lo;
	if (k == num - 1)
		return hi;
	return lo + (double)k * ((hi - lo) / (double)(num - 1));
}

struct roc_row { double s, y; int priv; };

static int
cmp_rows(const void *a, const void *b)
{
	double x = ((const struct roc_row *)a)->s, y = ((const struct roc_row *)b)->s;
	return x < y ? -1 : x > y ? 1 : 0;
}

/* Counts of the ROC rule (threshold thr, margin m) over the rows: per side
 * (0 unprivileged, 1 privileged) selected positives and negatives. */
static void
roc_counts(const struct roc_row *r, size_t n, double thr, double m, double sel[2][2])
{
	memset(sel, 0, 4 * sizeof **sel);
	for (size_t i = 0; i < n; i++) {
		bool fav = r[i].s > thr, crit = r[i].s <= thr + m && r[i].s > thr - m;
		if (crit)
			fav = !r[i].priv;
		if (fav)
			sel[r[i].priv][r[i].y == 1.0] += 1;
	}
}

fair_post *
fair_roc_fit(const double *score, const double *y, const int32_t *group, size_t n, size_t K, long priv,
             const fair_roc_opts *o, const char *const *labels, fair_error *err)
{
	double *cnt = calloc(K + 1, sizeof *cnt), *pos = calloc(K + 1, sizeof *pos);
	struct roc_row *r = malloc((n + 1) * sizeof *r);
	fair_post *p = NULL;
	size_t m = 0;
	double P[2] = { 0, 0 }, N[2] = { 0, 0 };
	char b[32];

	(void)labels;
	if (!cnt || !pos || !r) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	if (o->metric != FAIR_ROC_SPD && o->metric != FAIR_ROC_EOD && o->metric != FAIR_ROC_AOD) {
		fair_error_set(err, FAIR_EINVAL, "reject-option classification optimises dp, eo or aod");
		goto out;
	}
	if (!(o->low >= 0) || !(o->high <= 1) || !(o->low < o->high) || o->nthresh < 1 || o->nmargin < 1 ||
	    !(o->lb <= o->ub)) {
		fair_error_set(err, FAIR_EINVAL, "reject-option classification: need 0 <= low < high <= 1, "
		               "at least one threshold and margin, lb <= ub");
		goto out;
	}
	if (priv < 0 || (size_t)priv >= K) {
		fair_error_set(err, FAIR_EINVAL, "reject-option classification needs a privileged group "
		               "(sensitive COLUMN privileged=VALUE)");
		goto out;
	}
	if (check_rows("reject-option classification", score, y, group, n, K, cnt, pos, err))
		goto out;
	for (size_t i = 0; i < n; i++)
		if (group[i] >= 0) {
			r[m] = (struct roc_row){ score[i], y[i], group[i] == priv };
			P[r[m].priv] += y[i];
			N[r[m].priv] += 1 - y[i];
			m++;
		}
	if (cnt[priv] == 0 || cnt[priv] == (double)m) {
		fair_error_set(err, FAIR_EUNDEF, "reject-option classification needs rows of the privileged group '%s' "
		               "and of the others", glabel(labels, (size_t)priv, b, sizeof b));
		goto out;
	}
	if (P[0] + P[1] == 0 || N[0] + N[1] == 0 ||
	    (o->metric != FAIR_ROC_SPD && (P[0] == 0 || P[1] == 0 || (o->metric == FAIR_ROC_AOD && (N[0] == 0 || N[1] == 0))))) {
		fair_error_set(err, FAIR_EUNDEF, "reject-option classification: the rates it compares need positive and "
		               "negative rows on both sides");
		goto out;
	}
	qsort(r, m, sizeof *r, cmp_rows);
	if ((p = post_new(FAIR_POST_ROC, K, err)) == NULL)
		goto out;
	p->roc = *o;
	p->priv = priv;
	{
		double best_ba = -INFINITY, best_thr = 0, best_m = 0, best_metric = NAN;
		double min_metric = INFINITY, min_thr = 0, min_m = 0, min_ba = NAN;
		bool found = false;
		for (size_t a = 0; a < o->nthresh; a++) {
			double thr = linspace_at(o->low, o->high, o->nthresh, a);
			double hm = thr <= 0.5 ? thr : 1.0 - thr;
			for (size_t c = 0; c < o->nmargin; c++) {
				double mg = linspace_at(0.0, hm, o->nmargin, c), sel[2][2], v;
				roc_counts(r, m, thr, mg, sel);
				double tp = sel[0][1] + sel[1][1], fp = sel[0][0] + sel[1][0];
				double ba = 0.5 * (tp / (P[0] + P[1]) + (N[0] + N[1] - fp) / (N[0] + N[1]));
				double sr0 = (sel[0][0] + sel[0][1]) / (P[0] + N[0]), sr1 = (sel[1][0] + sel[1][1]) / (P[1] + N[1]);
				if (o->metric == FAIR_ROC_SPD)
					v = sr0 - sr1;
				else if (o->metric == FAIR_ROC_EOD)
					v = sel[0][1] / P[0] - sel[1][1] / P[1];
				else
					v = 0.5 * ((sel[0][0] / N[0] - sel[1][0] / N[1]) + (sel[0][1] / P[0] - sel[1][1] / P[1]));
				if (v >= o->lb && v <= o->ub && (!found || ba > best_ba)) {
					found = true;
					best_ba = ba;
					best_thr = thr;
					best_m = mg;
					best_metric = v;
				}
				if (v < min_metric) {
					min_metric = v;
					min_thr = thr;
					min_m = mg;
					min_ba = ba;
				}
			}
		}
		p->satisfied = found;
		/* AIF360 falls back to the smallest metric value when no
		 * setting meets the bounds, and warns */
		p->thr = found ? best_thr : min_thr;
		p->margin = found ? best_m : min_m;
		p->metric_value = found ? best_metric : min_metric;
		p->balanced = found ? best_ba : min_ba;
	}
out:
	free(cnt);
	free(pos);
	free(r);
	return p;
}

/* ---- scoring, facts ---------------------------------------------------------- */

double
fair_post_prob(const fair_post *p, double score, int32_t g)
{
	if (g < 0 || (size_t)g >= p->K || isnan(score))
		return NAN;
	switch (p->kind) {
	case FAIR_POST_EQODDS:
		return score > p->cut ? p->p_pos[g] : p->p_neg[g];
	case FAIR_POST_CALEQODDS:
		if (isnan(p->mix[g]))
			return NAN;
		return p->mix[g] * (p->base_rate[g] > p->cut) + (1 - p->mix[g]) * (score > p->cut);
	default: {
		bool fav = score > p->thr;
		if (score <= p->thr + p->margin && score > p->thr - p->margin)
			fav = g != p->priv;
		return fav ? 1.0 : 0.0;
	}
	}
}

double
fair_post_score(const fair_post *p, double score, int32_t g)
{
	if (p->kind != FAIR_POST_CALEQODDS || g < 0 || (size_t)g >= p->K)
		return NAN;
	return p->mix[g] * p->base_rate[g] + (1 - p->mix[g]) * score;
}

int    fair_post_kind(const fair_post *p) { return p->kind; }
size_t fair_post_ngroups(const fair_post *p) { return p->K; }

void
fair_post_info(const fair_post *p, fair_post_facts *f)
{
	memset(f, 0, sizeof *f);
	f->kind = p->kind;
	f->K = p->K;
	f->p_pos = p->p_pos;
	f->p_neg = p->p_neg;
	f->mix = p->mix;
	f->base_rate = p->base_rate;
	f->cost = p->gcost;
	f->cost_kind = p->cost;
	f->thr = p->thr;
	f->margin = p->margin;
	f->metric_value = p->metric_value;
	f->balanced = p->balanced;
	f->satisfied = p->satisfied;
	f->priv = p->priv;
	f->roc = p->roc;
}

/* ---- saving ------------------------------------------------------------------ */

static const char *const post_names[] = { "eqodds", "caleqodds", "roc" };

int
fair_post_export(const fair_post *p, fair_param *out, fair_error *err)
{
	fair_param_add_str(out, "method", post_names[p->kind]);
	fair_param_add_int(out, "groups", (int64_t)p->K);
	fair_param_add_num(out, "cut", p->cut);
	fair_param_add_num(out, "balanced", p->balanced);
	if (p->kind == FAIR_POST_EQODDS) {
		fair_param_add_vec(out, "p_pos", p->p_pos, p->K);
		fair_param_add_vec(out, "p_neg", p->p_neg, p->K);
	} else if (p->kind == FAIR_POST_CALEQODDS) {
		fair_param_add_int(out, "cost", p->cost);
		fair_param_add_vec(out, "mix", p->mix, p->K);
		fair_param_add_vec(out, "base_rate", p->base_rate, p->K);
		fair_param_add_vec(out, "group_cost", p->gcost, p->K);
	} else {
		fair_param_add_int(out, "metric", p->roc.metric);
		fair_param_add_num(out, "lb", p->roc.lb);
		fair_param_add_num(out, "ub", p->roc.ub);
		fair_param_add_num(out, "low", p->roc.low);
		fair_param_add_num(out, "high", p->roc.high);
		fair_param_add_int(out, "nthresh", (int64_t)p->roc.nthresh);
		fair_param_add_int(out, "nmargin", (int64_t)p->roc.nmargin);
		fair_param_add_num(out, "threshold", p->thr);
		fair_param_add_num(out, "margin", p->margin);
		fair_param_add_num(out, "metric_value", p->metric_value);
		fair_param_add_bool(out, "satisfied", p->satisfied);
		fair_param_add_int(out, "privileged", (int64_t)p->priv);
	}
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

static int
vec_into(const fair_param *in, const char *key, double *dst, size_t K, fair_error *err)
{
	size_t n;
	const double *v = fair_param_vec(in, key, &n, err);

	if (v == NULL)
		return err ? err->code : FAIR_EPARSE;
	if (n != K)
		return fair_error_set(err, FAIR_EPARSE, "saved data: post-processor '%s' has %zu values for %zu groups", key, n, K);
	memcpy(dst, v, K * sizeof *dst);
	return FAIR_OK;
}

fair_post *
fair_post_import(const fair_param *in, fair_error *err)
{
	const char *name = fair_param_str(in, "method", err);
	size_t K;
	int kind = -1;
	fair_post *p;
	int64_t v;

	if (name == NULL || fair_param_size(in, "groups", &K, err))
		return NULL;
	for (int k = 0; k < 3; k++)
		if (!strcmp(name, post_names[k]))
			kind = k;
	if (kind < 0 || K == 0) {
		fair_error_set(err, FAIR_EPARSE, "saved data: unknown post-processor '%s' or no groups", name);
		return NULL;
	}
	if ((p = post_new(kind, K, err)) == NULL)
		return NULL;
	if (fair_param_num(in, "cut", &p->cut, err) || fair_param_num(in, "balanced", &p->balanced, err))
		goto fail;
	if (kind == FAIR_POST_EQODDS) {
		if (vec_into(in, "p_pos", p->p_pos, K, err) || vec_into(in, "p_neg", p->p_neg, K, err))
			goto fail;
	} else if (kind == FAIR_POST_CALEQODDS) {
		if (fair_param_int(in, "cost", &v, err) || vec_into(in, "mix", p->mix, K, err) ||
		    vec_into(in, "base_rate", p->base_rate, K, err) || vec_into(in, "group_cost", p->gcost, K, err))
			goto fail;
		p->cost = (int)v;
	} else {
		int64_t pv, mt;
		if (fair_param_int(in, "metric", &mt, err) || fair_param_num(in, "lb", &p->roc.lb, err) ||
		    fair_param_num(in, "ub", &p->roc.ub, err) || fair_param_num(in, "low", &p->roc.low, err) ||
		    fair_param_num(in, "high", &p->roc.high, err) || fair_param_size(in, "nthresh", &p->roc.nthresh, err) ||
		    fair_param_size(in, "nmargin", &p->roc.nmargin, err) || fair_param_num(in, "threshold", &p->thr, err) ||
		    fair_param_num(in, "margin", &p->margin, err) || fair_param_num(in, "metric_value", &p->metric_value, err) ||
		    fair_param_bool(in, "satisfied", &p->satisfied, err) || fair_param_int(in, "privileged", &pv, err))
			goto fail;
		p->roc.metric = (int)mt;
		p->priv = (long)pv;
		if (pv < 0 || (size_t)pv >= K) {
			fair_error_set(err, FAIR_EPARSE, "saved data: reject-option privileged group %lld out of range", (long long)pv);
			goto fail;
		}
	}
	return p;
fail:
	fair_post_free(p);
	return NULL;
}
