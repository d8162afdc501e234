/* disparity.c -- any per-group figure of a report as a disparity: spread
 * between the groups, each group against a reference group with Aequitas's
 * rules (x / 0 capped, parity between tau and 1 / tau), the composite
 * parities, and the fairness tree. Reads the report's figures only. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fairsh/disparity.h"
#include "fairsh/spec.h"

void
fair_disparity_opts_init(fair_disparity_opts *o)
{
	memset(o, 0, sizeof *o);
	o->ref_mode = FAIR_REF_LARGEST;
	o->ref_group = -1;
	o->limit = 0.8;
	for (int f = 0; f < FAIR_FIG_COUNT; f++)
		o->fig_limit[f] = NAN;
	o->divbyzero = 10.0;
}

void
fair_disparity_free(fair_disparity *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; d->figs != NULL && i < d->nfig; i++)
		free(d->figs[i].cell);
	free(d->figs);
	free(d->groups);
	free(d);
}

static const int class_figs[] = {
	FAIR_FIG_BASE_RATE, FAIR_FIG_SELECTION_RATE, FAIR_FIG_TPR, FAIR_FIG_FPR, FAIR_FIG_TNR,
	FAIR_FIG_FNR, FAIR_FIG_PPV, FAIR_FIG_NPV, FAIR_FIG_FOR, FAIR_FIG_FDR, FAIR_FIG_PPR,
	FAIR_FIG_PPREV, FAIR_FIG_ACCURACY, FAIR_FIG_BALANCED_ACCURACY, FAIR_FIG_AUC,
};
static const int reg_figs[] = {
	FAIR_FIG_MEAN_PREDICTION, FAIR_FIG_MEAN_TARGET, FAIR_FIG_MSE, FAIR_FIG_MAE,
};
static const int aeq_figs[] = {
	FAIR_FIG_FPR, FAIR_FIG_FNR, FAIR_FIG_FOR, FAIR_FIG_FDR, FAIR_FIG_PPR, FAIR_FIG_PPREV,
};

const int *
fair_disparity_figures(int task, size_t *n)
{
	if (task == FAIR_TASK_REGRESSION) {
		*n = sizeof reg_figs / sizeof *reg_figs;
		return reg_figs;
	}
	*n = sizeof class_figs / sizeof *class_figs;
	return class_figs;
}

const int *
fair_disparity_aequitas_figures(size_t *n)
{
	*n = sizeof aeq_figs / sizeof *aeq_figs;
	return aeq_figs;
}

void
fair_ref_mode_parse(const char *s, int *mode)
{
	if (!strcasecmp(s, "largest") || !strcasecmp(s, "majority"))
		*mode = FAIR_REF_LARGEST;
	else if (!strcasecmp(s, "min_metric") || !strcasecmp(s, "min-metric"))
		*mode = FAIR_REF_MIN_METRIC;
	else
		*mode = FAIR_REF_GROUP;
}

const char *
fair_ref_mode_name(int mode)
{
	return mode == FAIR_REF_GROUP ? "group" : mode == FAIR_REF_MIN_METRIC ? "min_metric" : "largest";
}

const char *
fair_parity_name(int p)
{
	return p == FAIR_PARITY_TRUE ? "true" : p == FAIR_PARITY_FALSE ? "false" : "NA";
}

/* Kleene's "and": false wins, then NA. */
static int
parity_and(int a, int b)
{
	if (a == FAIR_PARITY_FALSE || b == FAIR_PARITY_FALSE)
		return FAIR_PARITY_FALSE;
	if (a == FAIR_PARITY_NA || b == FAIR_PARITY_NA)
		return FAIR_PARITY_NA;
	return FAIR_PARITY_TRUE;
}

/* Aequitas's disparity: value / reference; x / 0 for x > 0 is the cap
 * (pandas gives inf, which bias.py replaces), 0 / 0 and NaN stay NaN. */
static double
aeq_ratio(double v, double ref, double cap)
{
	if (isnan(v) || isnan(ref))
		return NAN;
	if (ref == 0)
		return v == 0 ? NAN : v > 0 ? cap : -cap;
	return v / ref;
}

static long
largest_group(const fair_report *r)
{
	long best = 0;
	for (size_t k = 1; k < r->K; k++)
		if (r->groups[k].n > r->groups[best].n)
			best = (long)k;
	return best;
}

static void
spread(const fair_report *r, fair_disparity_fig *df)
{
	double lo = INFINITY, hi = -INFINITY, ov = df->overall;
	size_t nd = 0;

	df->gmax = df->gmin = -1;
	df->diff = df->ratio = df->diff_overall = df->ratio_overall = NAN;
	for (size_t k = 0; k < r->K; k++) {
		double v = df->cell[k].value;
		if (isnan(v))
			continue;
		nd++;
		if (v > hi) {
			hi = v;
			df->gmax = (long)k;
		}
		if (v < lo) {
			lo = v;
			df->gmin = (long)k;
		}
		if (!isnan(ov)) {
			double d = fabs(v - ov);
			double q = ov == 0 && v == 0 ? 1.0 : ov == 0 || v == 0 ? 0.0 : v / ov < ov / v ? v / ov : ov / v;
			if (isnan(df->diff_overall) || d > df->diff_overall)
				df->diff_overall = d;
			if (isnan(df->ratio_overall) || q < df->ratio_overall)
				df->ratio_overall = q;
		}
	}
	if (nd < 2) {
		df->gmax = df->gmin = -1;
		df->diff_overall = df->ratio_overall = NAN;
		return;
	}
	df->diff = hi - lo;
	df->ratio = hi == 0 ? (lo == 0 ? NAN : 0.0) : lo / hi;
}

fair_disparity *
fair_disparity_compute(const fair_report *r, const int *figs, size_t nfigs, const fair_disparity_opts *o,
                       fair_error *err)
{
	fair_disparity_opts def;
	fair_disparity *d = NULL;

	if (o == NULL) {
		fair_disparity_opts_init(&def);
		o = &def;
	}
	if (r == NULL || r->K == 0 || figs == NULL || nfigs == 0) {
		fair_error_set(err, FAIR_EINVAL, "disparity: no figure asked for");
		return NULL;
	}
	if (!(o->limit > 0 && o->limit <= 1)) {
		fair_error_set(err, FAIR_EINVAL, "fairness limit must be in (0, 1], not %g", o->limit);
		return NULL;
	}
	if (o->ref_mode == FAIR_REF_GROUP && (o->ref_group < 0 || (size_t)o->ref_group >= r->K)) {
		fair_error_set(err, FAIR_EINVAL, "disparity: reference group %ld out of range", o->ref_group);
		return NULL;
	}
	for (size_t i = 0; i < nfigs; i++) {
		if (figs[i] < 0 || figs[i] >= FAIR_FIG_COUNT) {
			fair_error_set(err, FAIR_EINVAL, "disparity: figure %d out of range", figs[i]);
			return NULL;
		}
		double l = o->fig_limit[figs[i]];
		if (!isnan(l) && !(l > 0 && l <= 1)) {
			fair_error_set(err, FAIR_EINVAL, "fairness limit of %s must be in (0, 1], not %g",
			               fair_figure_info_get(figs[i])->name, l);
			return NULL;
		}
		for (size_t j = 0; j < i; j++)
			if (figs[j] == figs[i]) {
				fair_error_set(err, FAIR_EINVAL, "disparity: figure '%s' asked for twice",
				               fair_figure_info_get(figs[i])->name);
				return NULL;
			}
	}
	if ((d = calloc(1, sizeof *d)) == NULL || (d->figs = calloc(nfigs, sizeof *d->figs)) == NULL ||
	    (d->groups = calloc(r->K, sizeof *d->groups)) == NULL)
		goto nomem;
	d->K = r->K;
	d->ref_mode = o->ref_mode;
	d->nfig = nfigs;
	for (size_t i = 0; i < nfigs; i++) {
		fair_disparity_fig *df = &d->figs[i];
		int f = figs[i];
		df->fig = f;
		df->limit = isnan(o->fig_limit[f]) ? o->limit : o->fig_limit[f];
		/* every group's share against the overall share (1) says nothing */
		df->overall = f == FAIR_FIG_PPR ? NAN : r->overall.fig[f];
		if ((df->cell = calloc(r->K, sizeof *df->cell)) == NULL)
			goto nomem;
		for (size_t k = 0; k < r->K; k++)
			df->cell[k].value = r->groups[k].fig[f];
		if (f == FAIR_FIG_AUC && !r->has_score)
			for (size_t k = 0; k < r->K; k++)
				df->cell[k].value = NAN;
		switch (o->ref_mode) {
		case FAIR_REF_GROUP:
			df->ref = o->ref_group;
			break;
		case FAIR_REF_MIN_METRIC:
			/* Aequitas's idxmin: the first lowest; with every value
			 * undefined it falls back to a group of the attribute */
			df->ref = -1;
			for (size_t k = 0; k < r->K; k++) {
				double v = df->cell[k].value;
				if (!isnan(v) && (df->ref < 0 || v < df->cell[df->ref].value))
					df->ref = (long)k;
			}
			if (df->ref < 0)
				df->ref = largest_group(r);
			break;
		default:
			df->ref = largest_group(r);
			break;
		}
		double ref = df->cell[df->ref].value, tau = df->limit;
		df->parity = FAIR_PARITY_TRUE;
		for (size_t k = 0; k < r->K; k++) {
			fair_disparity_cell *c = &df->cell[k];
			c->diff = c->value - ref;
			c->ratio = aeq_ratio(c->value, ref, o->divbyzero);
			c->parity = isnan(c->ratio) ? FAIR_PARITY_NA
			            : c->ratio >= tau && c->ratio <= 1 / tau ? FAIR_PARITY_TRUE : FAIR_PARITY_FALSE;
			df->parity = parity_and(df->parity, c->parity);
		}
		spread(r, df);
	}
	/* the composites read the flags of the figures asked for; a part not
	 * asked for is NA, as Aequitas gives for a column it has not */
	for (size_t k = 0; k < r->K; k++) {
		int p[FAIR_FIG_COUNT];
		for (int f = 0; f < FAIR_FIG_COUNT; f++)
			p[f] = FAIR_PARITY_NA;
		for (size_t i = 0; i < nfigs; i++)
			p[d->figs[i].fig] = d->figs[i].cell[k].parity;
		fair_disparity_group *g = &d->groups[k];
		g->type1 = parity_and(p[FAIR_FIG_FPR], p[FAIR_FIG_FDR]);
		g->type2 = parity_and(p[FAIR_FIG_FNR], p[FAIR_FIG_FOR]);
		g->unsupervised = parity_and(p[FAIR_FIG_PPR], p[FAIR_FIG_PPREV]);
		g->supervised = parity_and(g->type1, g->type2);
		g->equalized_odds = parity_and(p[FAIR_FIG_FPR], p[FAIR_FIG_TPR]);
	}
	return d;
nomem:
	fair_disparity_free(d);
	fair_error_set(err, FAIR_ENOMEM, "disparity: out of memory");
	return NULL;
}

size_t
fair_fairness_tree(int favorable, int figs[2], const char **why)
{
	switch (favorable) {
	case FAIR_FAVORABLE_NEGATIVE:
		figs[0] = FAIR_FIG_FPR;
		figs[1] = FAIR_FIG_FDR;
		*why = "The decision is punitive (a positive decision is unfavourable to the person), so the errors "
		       "that hurt are false positives. When the intervention reaches many of the people it could, "
		       "compare false positive rates (FPR parity: of those who did not warrant it, the share "
		       "wrongly selected). When it is taken on a small selected share, compare false discovery "
		       "rates (FDR parity: of those selected, the share wrongly selected).";
		break;
	case FAIR_FAVORABLE_POSITIVE:
		figs[0] = FAIR_FIG_FNR;
		figs[1] = FAIR_FIG_FOR;
		*why = "The decision is assistive (a positive decision helps the person), so the errors that hurt "
		       "are false negatives: people in need who are missed. When the help can reach most of those "
		       "in need, compare false negative rates (FNR parity: of those in need, the share missed). "
		       "When only a small share can be helped, compare false omission rates (FOR parity: of "
		       "those not selected, the share who were in need).";
		break;
	default:
		figs[0] = FAIR_FIG_PPREV;
		figs[1] = FAIR_FIG_PPR;
		*why = "Which outcome is favourable is not set (target ... favorable=), so the tree stops at "
		       "representation: compare the share of each group that is selected (PPREV, proportional "
		       "parity) or each group's share of all selections (PPR, equal parity). Set favorable= to "
		       "learn which error rates matter: false positives for punitive decisions, false negatives "
		       "for assistive ones.";
		break;
	}
	return 2;
}
