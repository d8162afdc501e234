/* describe.c -- static descriptions of figures, metrics and conventions
 * (names, formulas, plain-language readings for `explain`), verdicts against
 * the usual thresholds and the verdict sentences of the audit table. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "metric/metric-private.h"
#include "fairsh/text.h"

static const fair_figure_info figures[FAIR_FIG_COUNT] = {
	{ FAIR_FIG_BASE_RATE, "base_rate", "Base rate",
	  "P / n: weight of actual positives over the group's weight",
	  "How often the favourable outcome really happens in the group, whatever the model says.",
	  "group size" },
	{ FAIR_FIG_SELECTION_RATE, "selection_rate", "Selection rate",
	  "(TP + FP) / n",
	  "How often the model gives the favourable decision to members of the group.",
	  "group size" },
	{ FAIR_FIG_TPR, "tpr", "True positive rate",
	  "TP / P",
	  "Of the group members who really deserve the favourable outcome, the share the model "
	  "gives it to (recall, sensitivity). Undefined when the group has no actual positives.",
	  "actual positives" },
	{ FAIR_FIG_FPR, "fpr", "False positive rate",
	  "FP / N",
	  "Of the group members who do not have the favourable outcome, the share the model "
	  "wrongly gives it to. Undefined when the group has no actual negatives.",
	  "actual negatives" },
	{ FAIR_FIG_TNR, "tnr", "True negative rate",
	  "TN / N",
	  "Of the group members without the favourable outcome, the share the model correctly "
	  "turns down (specificity). Undefined when the group has no actual negatives.",
	  "actual negatives" },
	{ FAIR_FIG_FNR, "fnr", "False negative rate",
	  "FN / P",
	  "Of the group members who deserve the favourable outcome, the share the model misses. "
	  "Undefined when the group has no actual positives.",
	  "actual positives" },
	{ FAIR_FIG_PPV, "ppv", "Positive predictive value",
	  "TP / (TP + FP)",
	  "When the model says yes to a group member, how often it is right (precision). "
	  "Undefined when the model says yes to nobody in the group.",
	  "predicted positives" },
	{ FAIR_FIG_NPV, "npv", "Negative predictive value",
	  "TN / (TN + FN)",
	  "When the model says no to a group member, how often it is right. Undefined when the "
	  "model says no to nobody in the group.",
	  "predicted negatives" },
	{ FAIR_FIG_ACCURACY, "accuracy", "Accuracy",
	  "(TP + TN) / n",
	  "Share of the group's decisions that match the real outcome.",
	  "group size" },
	{ FAIR_FIG_BALANCED_ACCURACY, "balanced_accuracy", "Balanced accuracy",
	  "(TPR + TNR) / 2",
	  "Accuracy that counts both outcomes equally, so a rare outcome is not drowned by a "
	  "common one.",
	  "actual positives and negatives" },
	{ FAIR_FIG_AUC, "auc", "Area under the ROC curve",
	  "sum over positive i, negative j of w_i w_j [s_i > s_j] + 1/2 [s_i = s_j], over P N",
	  "The chance that the score ranks a random positive of the group above a random negative "
	  "of the same group (0.5 = no better than chance, 1 = perfect ranking). Needs a score.",
	  "actual positives x actual negatives" },
	{ FAIR_FIG_PPR, "ppr", "Predicted positive share",
	  "(TP + FP) / total predicted positives",
	  "The group's share of all favourable decisions (Aequitas's ppr, its 'statistical parity').",
	  "all predicted positives" },
	{ FAIR_FIG_MSE, "mse", "Mean squared error",
	  "sum w (y - yhat)^2 / sum w",
	  "Average squared prediction error in the group; large errors weigh a lot.",
	  "group size" },
	{ FAIR_FIG_MAE, "mae", "Mean absolute error",
	  "sum w |y - yhat| / sum w",
	  "Average size of the prediction error in the group, in the units of the target.",
	  "group size" },
	{ FAIR_FIG_R2, "r2", "R squared",
	  "1 - sum w (y - yhat)^2 / sum w (y - mean y)^2",
	  "Share of the target's variation the predictions explain (1 = perfect, 0 = no better "
	  "than predicting the mean). Reported for all rows together.",
	  "all rows" },
	{ FAIR_FIG_MEAN_PREDICTION, "mean_prediction", "Mean prediction",
	  "sum w yhat / sum w",
	  "Average prediction for the group.",
	  "group size" },
	{ FAIR_FIG_MEAN_TARGET, "mean_target", "Mean target",
	  "sum w y / sum w",
	  "Average real outcome in the group.",
	  "group size" },
	{ FAIR_FIG_FOR, "for", "False omission rate",
	  "FN / (TN + FN)",
	  "When the model says no to a group member, how often it is wrong: the share of the "
	  "turned-down who did have the positive outcome (1 - NPV). Undefined when the model says "
	  "no to nobody in the group. Aequitas's FOR parity; matters when a missed positive is "
	  "costly and the resources are scarce (an assistive decision).",
	  "predicted negatives" },
	{ FAIR_FIG_FDR, "fdr", "False discovery rate",
	  "FP / (TP + FP)",
	  "When the model says yes to a group member, how often it is wrong (1 - precision). "
	  "Undefined when the model says yes to nobody in the group. Aequitas's FDR parity; "
	  "matters for punitive decisions taken on a small share of the people.",
	  "predicted positives" },
	{ FAIR_FIG_PPREV, "pprev", "Predicted prevalence",
	  "(TP + FP) / n",
	  "The share of the group that gets a positive decision: the selection rate under "
	  "Aequitas's name (its 'impact parity' compares it).",
	  "group size" },
};

static const fair_metric_info metrics[FAIR_METRIC_COUNT] = {
	{ FAIR_M_DP_DIFF, FAIR_TASK_CLASSIFICATION, FAIR_KIND_DIFFERENCE, FAIR_FIG_SELECTION_RATE,
	  "demographic_parity_difference", "Demographic parity difference",
	  "max_g SR_g - min_g SR_g (aif360: SR_unpriv - SR_priv; aequitas: ppr_g - ppr_ref)",
	  "The gap between the group the model says yes to most often and the group it says yes "
	  "to least often. 0 means every group is selected at the same rate; 0.2 means a "
	  "20-percentage-point gap. It ignores who deserved a yes, so it can flag a model that "
	  "merely reflects real differences in the outcome.",
	  false, 0.0, 0.1 },
	{ FAIR_M_DP_RATIO, FAIR_TASK_CLASSIFICATION, FAIR_KIND_RATIO, FAIR_FIG_SELECTION_RATE,
	  "demographic_parity_ratio", "Demographic parity ratio",
	  "min_g SR_g / max_g SR_g (aif360: SR_unpriv / SR_priv; aequitas: ppr_g / ppr_ref)",
	  "The lowest selection rate divided by the highest. 1 means equal rates; below 0.8 fails "
	  "the 'four-fifths rule' used in US employment law as a first sign of adverse impact.",
	  true, 1.0, 0.8 },
	{ FAIR_M_EOPP_DIFF, FAIR_TASK_CLASSIFICATION, FAIR_KIND_DIFFERENCE, FAIR_FIG_TPR,
	  "equal_opportunity_difference", "Equal opportunity difference",
	  "max_g TPR_g - min_g TPR_g (aif360: TPR_unpriv - TPR_priv)",
	  "Among people who really deserve the favourable outcome, the gap in how often each group "
	  "gets it. 0 means qualified people are recognised equally often in every group.",
	  false, 0.0, 0.1 },
	{ FAIR_M_EOPP_RATIO, FAIR_TASK_CLASSIFICATION, FAIR_KIND_RATIO, FAIR_FIG_TPR,
	  "equal_opportunity_ratio", "Equal opportunity ratio",
	  "min_g TPR_g / max_g TPR_g",
	  "The lowest true positive rate divided by the highest: 1 means deserving people are "
	  "recognised equally often in every group.",
	  true, 1.0, 0.8 },
	{ FAIR_M_EODDS_DIFF, FAIR_TASK_CLASSIFICATION, FAIR_KIND_DIFFERENCE, FAIR_FIG_TPR,
	  "equalized_odds_difference", "Equalized odds difference",
	  "max(max-min of TPR, max-min of FPR) (aif360: max(|dFPR|, |dTPR|))",
	  "The worse of two gaps: in how often deserving people get the favourable outcome (TPR), "
	  "and in how often undeserving people wrongly get it (FPR). 0 means the model makes the "
	  "same kinds of mistakes at the same rates in every group.",
	  false, 0.0, 0.1 },
	{ FAIR_M_EODDS_RATIO, FAIR_TASK_CLASSIFICATION, FAIR_KIND_RATIO, FAIR_FIG_TPR,
	  "equalized_odds_ratio", "Equalized odds ratio",
	  "min(min/max of TPR, min/max of FPR)",
	  "The worse of the TPR ratio and the FPR ratio; 1 means equal error rates in every group.",
	  true, 1.0, 0.8 },
	{ FAIR_M_AOD, FAIR_TASK_CLASSIFICATION, FAIR_KIND_DIFFERENCE, -1,
	  "average_odds_difference", "Average odds difference",
	  "1/2 [(FPR_a - FPR_p) + (TPR_a - TPR_p)], a = the group farthest from the privileged "
	  "group p; no privileged group: max-min over groups of (TPR + FPR)/2",
	  "The average of the gaps in true and false positive rates between a group and the "
	  "privileged group, with sign: negative means the group gets fewer favourable decisions, "
	  "deserved or not. Gaps in opposite directions can cancel, so read it with the equalized "
	  "odds difference.",
	  false, 0.0, 0.1 },
	{ FAIR_M_DI, FAIR_TASK_CLASSIFICATION, FAIR_KIND_RATIO, FAIR_FIG_SELECTION_RATE,
	  "disparate_impact", "Disparate impact",
	  "SR_a / SR_p for the group a farthest from the privileged group p (no privileged "
	  "group: min_g SR_g / max_g SR_g; aequitas: pprev disparity vs the reference group)",
	  "How a group's selection rate compares with the privileged group's, as a ratio. Below "
	  "0.8 (or above 1.25) fails the four-fifths rule; above 1 means the group is selected "
	  "more often than the privileged group.",
	  true, 1.0, 0.8 },
	{ FAIR_M_DEO, FAIR_TASK_CLASSIFICATION, FAIR_KIND_DIFFERENCE, FAIR_FIG_TPR,
	  "deo", "Difference of equal opportunity (DEO)",
	  "|TPR_a - TPR_b| (several groups: max - min)",
	  "The measure used by the FERM paper (Donini et al. 2018): the absolute gap in true "
	  "positive rates. Same number as the equal opportunity difference for two groups.",
	  false, 0.0, 0.1 },
	{ FAIR_M_KS, FAIR_TASK_REGRESSION, FAIR_KIND_DISTANCE, -1,
	  "ks_unfairness", "KS unfairness",
	  "max over pairs of groups of sup_t |F_a(t) - F_b(t)|, F = empirical CDF of predictions",
	  "The largest vertical gap between two groups' cumulative distributions of predictions: "
	  "0 means the predictions are distributed the same way in every group (strong "
	  "demographic parity); 1 means they do not overlap at all.",
	  false, 0.0, 0.1 },
	{ FAIR_M_W1, FAIR_TASK_REGRESSION, FAIR_KIND_DISTANCE, -1,
	  "wasserstein1", "Wasserstein-1 distance",
	  "max over pairs of integral |F_a(t) - F_b(t)| dt = integral_0^1 |Q_a(u) - Q_b(u)| du",
	  "How far, on average and in the units of the target, one group's predictions would "
	  "have to move to look like the other group's. 0 means identical distributions.",
	  false, 0.0, NAN },
	{ FAIR_M_W2, FAIR_TASK_REGRESSION, FAIR_KIND_DISTANCE, -1,
	  "wasserstein2", "Wasserstein-2 distance",
	  "max over pairs of sqrt(integral_0^1 (Q_a(u) - Q_b(u))^2 du)",
	  "Like the Wasserstein-1 distance but large shifts count more; it is the distance the "
	  "Wasserstein-barycenter method removes. In the units of the target.",
	  false, 0.0, NAN },
	{ FAIR_M_MEAN_DIFF, FAIR_TASK_REGRESSION, FAIR_KIND_DIFFERENCE, FAIR_FIG_MEAN_PREDICTION,
	  "mean_difference", "Difference of mean predictions",
	  "max_g mean_prediction_g - min_g mean_prediction_g",
	  "The gap between the highest and lowest average prediction across groups, in the units "
	  "of the target. It only looks at averages: two groups can have the same mean and very "
	  "different spreads (see the KS and Wasserstein figures).",
	  false, 0.0, NAN },
};

static const int class_ids[] = {
	FAIR_M_DP_DIFF, FAIR_M_DP_RATIO, FAIR_M_EOPP_DIFF, FAIR_M_EOPP_RATIO,
	FAIR_M_EODDS_DIFF, FAIR_M_EODDS_RATIO, FAIR_M_AOD, FAIR_M_DI, FAIR_M_DEO
};
static const int reg_ids[] = { FAIR_M_KS, FAIR_M_W1, FAIR_M_W2, FAIR_M_MEAN_DIFF };

size_t
fair_metric_count(int task)
{
	return task == FAIR_TASK_REGRESSION ? sizeof reg_ids / sizeof reg_ids[0]
	                                    : sizeof class_ids / sizeof class_ids[0];
}

int
fair_metric_id(int task, size_t k)
{
	if (k >= fair_metric_count(task))
		return -1;
	return task == FAIR_TASK_REGRESSION ? reg_ids[k] : class_ids[k];
}

const fair_metric_info *
fair_metric_info_get(int id)
{
	if (id < 0 || id >= FAIR_METRIC_COUNT)
		return NULL;
	return &metrics[id];
}

int
fair_metric_find(const char *name)
{
	int hit = -1;
	size_t len;
	if (name == NULL)
		return -1;
	len = strlen(name);
	for (int k = 0; k < FAIR_METRIC_COUNT; k++)
		if (strcasecmp(metrics[k].name, name) == 0)
			return k;
	for (int k = 0; k < FAIR_METRIC_COUNT; k++) {
		if (len > 0 && strncasecmp(metrics[k].name, name, len) == 0) {
			if (hit >= 0)
				return -1;   /* ambiguous */
			hit = k;
		}
	}
	return hit;
}

const fair_figure_info *
fair_figure_info_get(int id)
{
	if (id < 0 || id >= FAIR_FIG_COUNT)
		return NULL;
	return &figures[id];
}

int
fair_figure_find(const char *name)
{
	if (name == NULL)
		return -1;
	for (int k = 0; k < FAIR_FIG_COUNT; k++)
		if (strcasecmp(figures[k].name, name) == 0)
			return k;
	return -1;
}

/* --------------------------------------------------------- conventions -- */

static const char *const conv_names[FAIR_CONV_COUNT] = {
	"strict", "fairlearn", "aif360", "aif360-sk", "aequitas"
};

static const char *const conv_text[FAIR_CONV_COUNT] = {
	"strict (fairsh default): a rate whose denominator is 0 is undefined (n/a, null) with a "
	"warning and is left out of max/min; differences are max - min over groups, ratios "
	"min / max (1 with a warning when the largest value is 0); average odds difference and "
	"disparate impact are taken against the privileged group when one is set, the group "
	"farthest from it being reported.",
	"fairlearn: as Fairlearn's MetricFrame: TPR, FPR, TNR, FNR (and PPV, NPV) of a group with "
	"an empty denominator are 0, not undefined (sklearn nan_to_num); differences max - min, "
	"ratios min / max with 0/0 undefined; equalized odds takes python's max()/min() over "
	"[TPR, FPR], so an undefined FPR ratio is skipped and an undefined TPR ratio is returned.",
	"aif360: AIF360's classic ClassificationMetric: the privileged group against all other "
	"groups pooled (unprivileged); differences are signed unprivileged - privileged, ratios "
	"unprivileged / privileged; rates with a zero denominator are nan, a ratio over 0 is inf; "
	"PPV, NPV and accuracy are 0 when their denominator is 0. Needs privileged=.",
	"aif360-sk: AIF360's scikit-learn API: privileged group against the rest pooled, signed; "
	"rates with a zero denominator are 0 (zero_division), FPR is 1 - specificity, a ratio "
	"with a zero denominator is 0. Needs privileged=.",
	"aequitas: Aequitas's disparities: every group against a reference group (the privileged "
	"group if set, else the largest group); the reported value is the group farthest from "
	"the reference; rates with a zero denominator are nan; a disparity x/0 is capped at 10, "
	"0/0 is nan; demographic parity ('statistical parity') uses ppr, each group's share of "
	"all positive predictions, and disparate impact uses pprev (the selection rate).",
};

int
fair_convention_parse(const char *s, int *out, fair_error *err)
{
	if (s != NULL) {
		for (int k = 0; k < FAIR_CONV_COUNT; k++) {
			if (strcasecmp(s, conv_names[k]) == 0) {
				*out = k;
				return FAIR_OK;
			}
		}
		if (strcasecmp(s, "aif360_sk") == 0 || strcasecmp(s, "aif360sk") == 0) {
			*out = FAIR_CONV_AIF360_SK;
			return FAIR_OK;
		}
	}
	return fair_error_set(err, FAIR_EINVAL, "unknown convention '%s' (expected strict, "
	                      "fairlearn, aif360, aif360-sk, aequitas)", s != NULL ? s : "");
}

const char *
fair_convention_name(int conv)
{
	if (conv < 0 || conv >= FAIR_CONV_COUNT)
		return "?";
	return conv_names[conv];
}

const char *
fair_convention_describe(int conv)
{
	if (conv < 0 || conv >= FAIR_CONV_COUNT)
		return "";
	return conv_text[conv];
}

/* ------------------------------------------------------------ verdicts -- */

int
fair_metric_verdict(int id, double value)
{
	const fair_metric_info *mi = fair_metric_info_get(id);
	if (mi == NULL || isnan(value) || isnan(mi->threshold))
		return FAIR_VERDICT_NA;
	if (mi->kind == FAIR_KIND_RATIO)
		return value >= mi->threshold && value <= 1 / mi->threshold
		       ? FAIR_VERDICT_PASS : FAIR_VERDICT_FAIL;
	return fabs(value) <= mi->threshold ? FAIR_VERDICT_PASS : FAIR_VERDICT_FAIL;
}

bool
fair_metric_range(int id, double *lo, double *hi)
{
	const fair_metric_info *mi = fair_metric_info_get(id);

	*lo = *hi = NAN;
	if (mi == NULL || isnan(mi->threshold))
		return false;
	if (mi->kind == FAIR_KIND_RATIO) {
		*lo = mi->threshold;
		*hi = 1 / mi->threshold;
	} else {
		*lo = -mi->threshold;
		*hi = mi->threshold;
	}
	return true;
}

int
fair_metric_verdict_ci(int id, double ci_low, double ci_high)
{
	double lo, hi;

	if (!fair_metric_range(id, &lo, &hi) || isnan(ci_low) || isnan(ci_high))
		return FAIR_VERDICT_NA;
	if (ci_low >= lo && ci_high <= hi)
		return FAIR_VERDICT_PASS;
	if (ci_high < lo || ci_low > hi)
		return FAIR_VERDICT_FAIL;
	return FAIR_VERDICT_INCONCLUSIVE;
}

const fair_group_figures *
fair_report_group(const fair_report *r, long g)
{
	if (r == NULL)
		return NULL;
	if (g == FAIR_GROUP_UNPRIV)
		return r->has_unpriv ? &r->unpriv : NULL;
	if (g == FAIR_GROUP_OVERALL)
		return &r->overall;
	if (g < 0 || (size_t)g >= r->K)
		return NULL;
	return &r->groups[g];
}

double
fair_metric_severity(int id, double value)
{
	const fair_metric_info *mi = fair_metric_info_get(id);

	if (mi == NULL || isnan(value) || isnan(mi->threshold))
		return NAN;
	if (mi->kind == FAIR_KIND_RATIO) {
		/* the ratio read the fair way round (min / max), below 1 */
		double v = value > 1 ? 1 / value : value;
		return (1 - v) / (1 - mi->threshold);
	}
	return fabs(value) / mi->threshold;
}

int
fair_report_worst_metric(const fair_report *r)
{
	int worst = -1;
	double wv = -1;

	for (size_t k = 0; k < fair_metric_count(r->task); k++) {
		int id = fair_metric_id(r->task, k);
		double sv = fair_metric_severity(id, r->metrics[id].value);
		if (!isnan(sv) && sv > wv) {
			wv = sv;
			worst = id;
		}
	}
	return worst;
}

const char *
fair_report_group_label(const fair_report *r, long g)
{
	if (g == FAIR_GROUP_UNPRIV)
		return "unprivileged";
	if (g == FAIR_GROUP_OVERALL)
		return "overall";
	if (r == NULL || g < 0 || (size_t)g >= r->K || r->groups[g].label == NULL)
		return "";
	return r->groups[g].label;
}

/* A group label in the verdicts: the verdicts are lines of text for a
 * person, so a label from the data is shown by the rule of fairsh/text.h
 * (a newline or an escape sequence in it cannot forge a line). */
static int
put_label(fair_buf *b, const fair_report *r, long g)
{
	size_t before = b->len;
	const char *l = fair_report_group_label(r, g);

	fair_text_escape_value(b, l);
	return l[0] && b->len == before ? -1 : 0;
}

/* "Female 0.11 vs Male 0.31" */
static int
put_pair(fair_buf *b, const fair_report *r, const fair_metric_value *m)
{
	return put_label(b, r, m->ga) | fair_buf_printf(b, " %.2f vs ", m->va) | put_label(b, r, m->gb) |
	       fair_buf_printf(b, " %.2f", m->vb);
}

static int
put_limit(fair_buf *b, const fair_metric_info *mi, const fair_metric_value *m)
{
	bool ok = m->verdict == FAIR_VERDICT_PASS;
	if (mi->kind == FAIR_KIND_RATIO) {
		if (mi->id == FAIR_M_DP_RATIO || mi->id == FAIR_M_DI) {
			if (ok)
				return fair_buf_printf(b, ", within the four-fifths rule (%.2g)", mi->threshold);
			if (m->value < 1)
				return fair_buf_printf(b, ", below the four-fifths rule (%.2g)",
				                       mi->threshold);
			return fair_buf_printf(b, ", above %.2f (the four-fifths rule read the other "
			                       "way)", 1 / mi->threshold);
		}
		return fair_buf_printf(b, ", %s the usual %.2g limit", ok ? "within" : "outside",
		                       mi->threshold);
	}
	return fair_buf_printf(b, ", %s the usual %.2g limit", ok ? "within" : "above",
	                       mi->threshold);
}

/* "the usual 0.1 limit", "the four-fifths rule (0.8)" */
static int
put_rule(fair_buf *b, const fair_metric_info *mi)
{
	if (mi->id == FAIR_M_DP_RATIO || mi->id == FAIR_M_DI)
		return fair_buf_printf(b, "the four-fifths rule (%.2g to %.3g)", mi->threshold,
		                       1 / mi->threshold);
	if (mi->kind == FAIR_KIND_RATIO)
		return fair_buf_printf(b, "the usual %.2g to %.3g range", mi->threshold, 1 / mi->threshold);
	return fair_buf_printf(b, "the usual %.2g limit", mi->threshold);
}

/* "M has 2 positives" (first) or "F has 3" (second, same unit). */
static int
put_size(fair_buf *b, const fair_report *r, long g, int fig, bool first)
{
	const fair_group_figures *G = fair_report_group(r, g);
	const char *lab = fair_report_group_label(r, g);
	if (G == NULL)
		return 0;
	if (fig < 0)
		return first ? fair_buf_printf(b, "%s has %.0f positives and %.0f negatives", lab, G->pos, G->neg)
		             : fair_buf_printf(b, "%s has %.0f and %.0f", lab, G->pos, G->neg);
	double n = fig == FAIR_FIG_TPR ? G->pos : fig == FAIR_FIG_FPR ? G->neg : (double)G->rows;
	const char *what = fig == FAIR_FIG_TPR ? " positives" : fig == FAIR_FIG_FPR ? " negatives" : " rows";
	return fair_buf_printf(b, "%s has %.0f%s", lab, n, first ? what : "");
}

/* The interval, then what the verdict says in words a workshop participant
 * reads correctly (doc/methods.md 9.8). */
static int
put_judgement(fair_buf *b, const fair_report *r, const fair_metric_info *mi,
              const fair_metric_value *m)
{
	int st = 0;
	bool ratio = mi->kind == FAIR_KIND_RATIO;
	if (m->has_ci && !isnan(m->ci_low))
		st |= fair_buf_printf(b, " (%.0f%% CI %.2f to %.2f)", 100 * r->ci_level, m->ci_low,
		                      m->ci_high);
	if (m->has_alt && !isnan(m->alt_estimate)) {
		st |= fair_buf_printf(b, "; %s %s vs %s — %s %.2f",
		                      m->alt_fig == FAIR_FIG_FPR ? "false positive rate" : "true positive rate",
		                      fair_report_group_label(r, m->alt_ga),
		                      fair_report_group_label(r, m->alt_gb), ratio ? "ratio" : "difference",
		                      m->alt_estimate);
		if (!isnan(m->alt_low))
			st |= fair_buf_printf(b, " (%.2f to %.2f)", m->alt_low, m->alt_high);
	}
	switch (m->verdict) {
	case FAIR_VERDICT_PASS:
		if (m->why == FAIR_WHY_POINT) {
			st |= fair_buf_puts(b, ": fair, the value is within ");
			st |= put_rule(b, mi);
			return st | fair_buf_puts(b, " (no interval for this metric: judged on the value alone)");
		}
		st |= fair_buf_puts(b, ": fair, the whole interval is within ");
		st |= put_rule(b, mi);
		break;
	case FAIR_VERDICT_FAIL:
		if (m->why == FAIR_WHY_POINT) {
			st |= put_limit(b, mi, m);
			return st | fair_buf_puts(b, " (no interval for this metric: judged on the value alone)");
		}
		st |= fair_buf_puts(b, ": unfair, the whole interval is ");
		st |= fair_buf_puts(b, ratio ? "outside " : "beyond ");
		st |= put_rule(b, mi);
		break;
	case FAIR_VERDICT_INCONCLUSIVE:
		if (m->why == FAIR_WHY_SMALL) {
			long ga = m->ga, gb = m->gb;
			int fig = mi->id == FAIR_M_AOD ? -1 : m->fig;
			if (m->has_alt && m->alt_verdict == FAIR_VERDICT_INCONCLUSIVE &&
			    m->verdict != FAIR_VERDICT_INCONCLUSIVE) {
				ga = m->alt_ga;
				gb = m->alt_gb;
				fig = m->alt_fig;
			}
			st |= fair_buf_puts(b, ": inconclusive, the groups are too small to tell (");
			st |= put_size(b, r, ga, fig, true);
			st |= fair_buf_puts(b, ", ");
			st |= put_size(b, r, gb, fig, false);
			st |= fair_buf_printf(b, "; at least %zu are needed)", r->min_group);
			break;
		}
		st |= fair_buf_printf(b, ": inconclusive, the data cannot tell whether the %s is within ",
		                      ratio ? "ratio" : mi->kind == FAIR_KIND_DISTANCE ? "distance" : "gap");
		st |= put_rule(b, mi);
		break;
	default:
		break;
	}
	return st;
}

static const char *
subject_of(const fair_metric_info *mi, const fair_metric_value *m)
{
	switch (mi->id) {
	case FAIR_M_DP_DIFF: case FAIR_M_DP_RATIO:
		return m->fig == FAIR_FIG_PPR ? "Share of positive decisions" : "Selection rate";
	case FAIR_M_DI: return "Disparate impact (selection rate)";
	case FAIR_M_EOPP_DIFF: case FAIR_M_EOPP_RATIO: return "True positive rate";
	case FAIR_M_EODDS_DIFF: case FAIR_M_EODDS_RATIO:
		return m->fig == FAIR_FIG_FPR ? "Equalized odds (worst: false positive rate)"
		                              : "Equalized odds (worst: true positive rate)";
	case FAIR_M_AOD: return "Average odds (mean of TPR and FPR)";
	case FAIR_M_DEO: return "Difference of equal opportunity (true positive rate)";
	case FAIR_M_KS: return "Prediction distributions (KS)";
	case FAIR_M_W1: return "Prediction distributions (Wasserstein-1)";
	case FAIR_M_W2: return "Prediction distributions (Wasserstein-2)";
	case FAIR_M_MEAN_DIFF: return "Mean prediction";
	default: return mi->title;
	}
}

/* The sentence on who is hurt, for a report whose favourable outcome is
 * known: the error that hurts the person (false positives when a positive
 * decision is unfavourable, false negatives when it is favourable) and the
 * groups where its rate is highest and lowest. */
static int
put_harm(fair_buf *b, const fair_report *r)
{
	bool punitive = r->favorable == FAIR_FAVORABLE_NEGATIVE;
	int fig = punitive ? FAIR_FIG_FPR : FAIR_FIG_FNR;
	long hi = -1, lo = -1;
	int st;

	st = fair_buf_printf(b, "Decisions are %s (a positive decision is %s to the person), so the "
	                     "error that does harm is %s", punitive ? "punitive" : "assistive",
	                     punitive ? "unfavourable" : "favourable",
	                     punitive ? "a false positive, a person of the negative class given the positive decision"
	                              : "a false negative, a person of the positive class refused it");
	for (size_t k = 0; k < r->K; k++) {
		double v = r->groups[k].fig[fig];
		if (isnan(v) || !(r->groups[k].n > 0))
			continue;
		if (hi < 0 || v > r->groups[hi].fig[fig])
			hi = (long)k;
		if (lo < 0 || v < r->groups[lo].fig[fig])
			lo = (long)k;
	}
	if (hi >= 0 && lo >= 0 && hi != lo) {
		double vh = r->groups[hi].fig[fig], vl = r->groups[lo].fig[fig];
		st |= fair_buf_printf(b, ": %s rate %s %.2f vs %s %.2f", punitive ? "false positive" : "false negative",
		                      r->groups[hi].label, vh, r->groups[lo].label, vl);
		if (vl > 0)
			st |= fair_buf_printf(b, ", %.2f times as high", vh / vl);
	} else {
		st |= fair_buf_printf(b, " (the %s rate is not defined in two groups)",
		                      punitive ? "false positive" : "false negative");
	}
	return st | fair_buf_putc(b, '\n');
}

int
fair_report_verdicts(const fair_report *r, fair_buf *out, fair_error *err)
{
	int st = 0;
	if (r->task == FAIR_TASK_CLASSIFICATION && r->favorable != FAIR_FAVORABLE_UNSET)
		st |= put_harm(out, r);
	for (size_t k = 0; k < fair_metric_count(r->task) && st == 0; k++) {
		int id = fair_metric_id(r->task, k);
		const fair_metric_info *mi = fair_metric_info_get(id);
		const fair_metric_value *m = &r->metrics[id];
		/* differences and ratios of the same figure read as one sentence each */
		st |= fair_buf_printf(out, "%s: ", subject_of(mi, m));
		if (isnan(m->value) && r->one_class) {
			st |= fair_buf_printf(out, "%s is n/a: the audited rows have no %s\n", mi->name,
			                      r->one_class > 0 ? "positives" : "negatives");
			continue;
		}
		if (isnan(m->value)) {
			st |= fair_buf_printf(out, "%s is undefined (see the warnings)\n", mi->name);
			continue;
		}
		if (mi->kind == FAIR_KIND_DISTANCE) {
			st |= fair_buf_printf(out, "largest between ") | put_label(out, r, m->ga) |
			      fair_buf_printf(out, " and ") | put_label(out, r, m->gb) |
			      fair_buf_printf(out, " — %.2f", m->value);
		} else {
			if (m->ga != FAIR_GROUP_NONE && !isnan(m->va))
				st |= put_pair(out, r, m);
			else
				st |= put_label(out, r, m->ga) | fair_buf_printf(out, " vs ") | put_label(out, r, m->gb);
			st |= fair_buf_printf(out, " — %s %.2f",
			                      mi->kind == FAIR_KIND_RATIO ? "ratio" : "difference",
			                      m->value);
		}
		st |= put_judgement(out, r, mi, m);
		st |= fair_buf_putc(out, '\n');
	}
	if (st != 0)
		return fair_error_set(err, FAIR_ENOMEM, "verdicts: out of memory");
	return FAIR_OK;
}

/* ---- fairness constraints (metric.h) ---- */

static const char *const constraint_names[] = { "dp", "eo", "eodds", "fpr", "tnr", "fnr", "error" };
static const char *const objective_names[] = { "accuracy", "balanced_accuracy", "selection_rate", "tpr", "tnr" };

int
fair_constraint_parse(const char *s, int *out, fair_error *err)
{
	for (size_t i = 0; i < sizeof constraint_names / sizeof *constraint_names; i++)
		if (!strcmp(s, constraint_names[i])) {
			*out = (int)i;
			return FAIR_OK;
		}
	if (!strcmp(s, "tpr")) {
		*out = FAIR_CONSTRAINT_EO;
		return FAIR_OK;
	}
	return fair_error_set(err, FAIR_EINVAL, "constraint must be dp, eo, eodds, fpr, tnr, fnr or error, not '%s'", s);
}

const char *
fair_constraint_name(int c)
{
	return c >= 0 && (size_t)c < sizeof constraint_names / sizeof *constraint_names ? constraint_names[c] : "?";
}

int
fair_objective_parse(const char *s, int *out, fair_error *err)
{
	for (size_t i = 0; i < sizeof objective_names / sizeof *objective_names; i++)
		if (!strcmp(s, objective_names[i])) {
			*out = (int)i;
			return FAIR_OK;
		}
	return fair_error_set(err, FAIR_EINVAL, "objective must be accuracy, balanced_accuracy, selection_rate, tpr or tnr, not '%s'", s);
}

const char *
fair_objective_name(int o)
{
	return o >= 0 && (size_t)o < sizeof objective_names / sizeof *objective_names ? objective_names[o] : "?";
}

void
fair_thresh_opts_init(fair_thresh_opts *o)
{
	o->constraint = FAIR_CONSTRAINT_DP;
	o->objective = FAIR_OBJECTIVE_ACCURACY;
	o->flip = false;
	o->tol = 0;
	o->grid = 0;
}

/* ------------------------------------------------- statistics topics -- */

static const struct { const char *name, *text; } stats_topics[] = {
	{ "intervals",
	  "Intervals: how sure a number is.\n"
	  "Every rate of every group is measured on a sample; its interval (95% by default,\n"
	  "Wilson score, or Clopper-Pearson with interval=exact) holds the rate the same\n"
	  "process would show on endless data in 95 audits out of 100. A fairness metric's\n"
	  "interval is that of the signed comparison of the two groups it names: the\n"
	  "difference a - b (Newcombe's hybrid score interval), the ratio a / b (Katz's log\n"
	  "interval) or the average odds gap (MOVER), so it can include 0 (1 for a ratio),\n"
	  "meaning no disparity. With more than two groups the pair shown is the worst one,\n"
	  "and its interval is widened so that picking the worst pair does not turn noise\n"
	  "into a disparity: by as much as a simulation of the pick says (a bootstrap from\n"
	  "rates pulled towards the common rate) against all groups, Sidak against a\n"
	  "reference group. ci=B gives bootstrap (BCa) intervals instead. Regression: the\n"
	  "distances (KS, Wasserstein) have directional bootstrap intervals, which allow\n"
	  "for a distance between two samples coming out larger than the true one; they\n"
	  "start at 0 when the permutation test finds no difference, are widened for the\n"
	  "pick of the largest distance when there are more than two groups, and hold the\n"
	  "true distance about 95 times in 100 (92.3 to 96.5 in simulations).\n"
	  "The verdict reads the interval: ok when all of it is within the usual limit,\n"
	  "UNFAIR when all of it is beyond, inconclusive when it straddles the limit: the\n"
	  "data cannot tell whether the gap is within it. More data narrows the interval." },
	{ "small-groups",
	  "Small groups.\n"
	  "A group with few rows, or few positives (for true positive rates) or negatives\n"
	  "(for false positive rates), has rates that swing by chance: 2 hits out of 3 is\n"
	  "0.67, with a 95% interval from 0.21 to 0.94. Below min-group (30 by default) a\n"
	  "group is marked * in the audit's rate table and left out of the worst-pair\n"
	  "metrics and their verdicts, with a note giving what the metric would be with it;\n"
	  "small-groups=include keeps it (its wide interval then usually makes the verdict\n"
	  "inconclusive). When fewer than two groups are large enough, the verdict is\n"
	  "'inconclusive (small)': the groups are too small to tell." },
	{ "multiple-comparisons",
	  "Many comparisons.\n"
	  "Each test wrongly finds a difference 5 times in 100 when there is none; among\n"
	  "45 pairs of 10 groups a few will look significant by chance alone. The pairwise\n"
	  "table (audit pairs=yes) therefore gives, beside each pair's p-value, its Holm\n"
	  "adjustment over all the pairs: read the adjusted one, and treat a pair as\n"
	  "different only when it is below 0.05. The worst-pair intervals of the metrics\n"
	  "are widened for the pick (see 'explain intervals'; Sidak against a reference\n"
	  "group), and each metric's p-value is one test that all groups are equal\n"
	  "(chi-square, or a permutation test when counts are small)." },
};

size_t
fair_stats_topic_count(void)
{
	return sizeof stats_topics / sizeof stats_topics[0];
}

const char *
fair_stats_topic_name(size_t i)
{
	return i < fair_stats_topic_count() ? stats_topics[i].name : NULL;
}

const char *
fair_stats_topic(const char *name)
{
	for (size_t i = 0; i < fair_stats_topic_count(); i++)
		if (!strcmp(name, stats_topics[i].name))
			return stats_topics[i].text;
	return NULL;
}
